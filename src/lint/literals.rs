//! The literals that select where a phrase-rule pattern is tried: every match of the pattern
//! starts with one of its prefix literals, or ends with one of its suffix literals; the more
//! selective set is kept (`与…合作方共享` is found through `共享`, not through `与`).
//!
//! Shared by the matcher and by `build.rs`, which works the literals of the built-in rules out at
//! build time (parsing the patterns is a noticeable share of start-up).

use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// The literals one of which every match of `pattern` contains (as a prefix or a suffix), or
/// `None` when there is no such finite set; an error when the pattern does not parse.
///
/// The literals are whole characters: a literal cut short inside a character by the extractor's
/// length limit is trimmed back to its last whole character (a prefix literal) or its first one
/// (a suffix literal), which every match still contains.
#[allow(dead_code)]
pub fn trigger_literals(pattern: &str) -> Result<Option<Vec<String>>, String> {
    Ok(triggers(pattern)?.map(|(literals, _)| literals))
}

/// Like [`trigger_literals`], with whether the literals are prefixes: every match then starts
/// with one of them (cut short or not), so the pattern need only be tried where they occur.
pub fn triggers(pattern: &str) -> Result<Option<(Vec<String>, bool)>, String> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .map_err(|e| e.to_string())?;
    let usable = |kind: ExtractKind| {
        let suffix = matches!(kind, ExtractKind::Suffix);
        let seq = Extractor::new().kind(kind).extract(&hir);
        let lits: Vec<String> = seq
            .literals()?
            .iter()
            .map(|l| whole_characters(l.as_bytes(), suffix))
            .collect();
        (!lits.is_empty() && lits.iter().all(|l| !l.is_empty())).then_some(lits)
    };
    let shortest = |lits: &Option<Vec<String>>| {
        lits.as_ref()
            .map_or(0, |l| l.iter().map(String::len).min().unwrap_or(0))
    };
    let (prefix, suffix) = (usable(ExtractKind::Prefix), usable(ExtractKind::Suffix));
    Ok(if shortest(&suffix) > shortest(&prefix) {
        suffix.map(|l| (l, false))
    } else {
        prefix.map(|l| (l, true))
    })
}

/// The whole characters of a literal: bytes of a character cut off at its end (a prefix
/// literal) or its start (a suffix literal) are dropped.
fn whole_characters(bytes: &[u8], suffix: bool) -> String {
    let mut bytes = bytes;
    if suffix {
        // A suffix literal can only have lost the lead bytes of its first character.
        while let Some((&b, rest)) = bytes.split_first() {
            if b & 0xC0 != 0x80 {
                break;
            }
            bytes = rest;
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(e) => String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned(),
    }
}
