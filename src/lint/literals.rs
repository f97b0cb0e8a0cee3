//! The literals that select where a phrase-rule pattern is tried: every match of the pattern
//! starts with one of its prefix literals, or ends with one of its suffix literals; the more
//! selective set is kept (`与…合作方共享` is found through `共享`, not through `与`).
//!
//! Shared by the matcher and by `build.rs`, which works the literals of the built-in rules out at
//! build time (parsing the patterns is a noticeable share of start-up).

use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// The literals one of which every match of `pattern` contains (as a prefix or a suffix), or
/// `None` when there is no such finite set; an error when the pattern does not parse.
pub fn trigger_literals(pattern: &str) -> Result<Option<Vec<Vec<u8>>>, String> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .map_err(|e| e.to_string())?;
    let usable = |kind| {
        let seq = Extractor::new().kind(kind).extract(&hir);
        let lits: Vec<Vec<u8>> = seq
            .literals()?
            .iter()
            .map(|l| l.as_bytes().to_vec())
            .collect();
        (!lits.is_empty() && lits.iter().all(|l| !l.is_empty())).then_some(lits)
    };
    let shortest = |lits: &Option<Vec<Vec<u8>>>| {
        lits.as_ref()
            .map_or(0, |l| l.iter().map(Vec::len).min().unwrap_or(0))
    };
    let (prefix, suffix) = (usable(ExtractKind::Prefix), usable(ExtractKind::Suffix));
    Ok(if shortest(&suffix) > shortest(&prefix) {
        suffix
    } else {
        prefix
    })
}
