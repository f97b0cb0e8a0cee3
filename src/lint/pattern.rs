//! The fixed regular expressions of the number, period and figure readers.
//!
//! They run on the full engine of `regex-automata` (what the `regex` crate runs on), built
//! without a literal prefilter: a plan's run compiles a dozen of them, and the prefilter is a
//! third of the time that compiling takes (≈0.7 of 2.1 ms on the machine of BENCHMARKS.md),
//! while these patterns are only tried on sentences that contain one of their gate words, where
//! a prefilter has little to skip. The matches are those of `regex::Regex` for the same pattern.

use std::ops::{Index, Range};

use regex_automata::meta;
use regex_automata::util::captures;

/// A compiled pattern with the part of the `regex` API that the readers use.
#[derive(Debug)]
pub(crate) struct Pattern {
    re: meta::Regex,
    #[cfg(test)]
    source: String,
}

impl Pattern {
    /// Compiles `pattern` (the syntax of the `regex` crate, Unicode on).
    pub(crate) fn new(pattern: &str) -> Result<Self, Box<meta::BuildError>> {
        meta::Builder::new()
            .configure(meta::Config::new().auto_prefilter(false))
            .build(pattern)
            .map(|re| Self {
                re,
                #[cfg(test)]
                source: pattern.to_owned(),
            })
            .map_err(Box::new)
    }

    /// The successive non-overlapping matches in `text`, with their groups.
    pub(crate) fn captures_iter<'t>(
        &'t self,
        text: &'t str,
    ) -> impl Iterator<Item = Captures<'t>> + 't {
        self.re
            .captures_iter(text)
            .map(move |caps| Captures { text, caps })
    }

    /// The successive non-overlapping matches in `text`.
    /// The pattern as written.
    #[cfg(test)]
    pub(crate) fn as_str(&self) -> &str {
        &self.source
    }

    pub(crate) fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Match<'t>> + 't {
        self.re.find_iter(text).map(move |m| Match {
            text,
            range: m.range(),
        })
    }
}

/// The groups of one match.
#[derive(Debug)]
pub(crate) struct Captures<'t> {
    text: &'t str,
    caps: captures::Captures,
}

impl<'t> Captures<'t> {
    /// Group `i` (0: the whole match), if it took part in the match.
    pub(crate) fn get(&self, i: usize) -> Option<Match<'t>> {
        self.caps.get_group(i).map(|span| Match {
            text: self.text,
            range: span.range(),
        })
    }

    /// The named group, if it took part in the match.
    pub(crate) fn name(&self, name: &str) -> Option<Match<'t>> {
        self.caps.get_group_by_name(name).map(|span| Match {
            text: self.text,
            range: span.range(),
        })
    }
}

impl<'t> Index<&str> for Captures<'t> {
    type Output = str;

    /// The text of the named group.
    ///
    /// # Panics
    /// If the group did not take part in the match (as `regex::Captures` does).
    fn index(&self, name: &str) -> &str {
        self.name(name)
            .map(|m| &self.text[m.range])
            .unwrap_or_else(|| panic!("no group named '{name}' in this match"))
    }
}

/// Where a match or group is in the searched text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Match<'t> {
    text: &'t str,
    range: Range<usize>,
}

impl<'t> Match<'t> {
    pub(crate) fn start(&self) -> usize {
        self.range.start
    }

    pub(crate) fn end(&self) -> usize {
        self.range.end
    }

    pub(crate) fn range(&self) -> Range<usize> {
        self.range.clone()
    }

    pub(crate) fn as_str(&self) -> &'t str {
        &self.text[self.range.clone()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matches and groups are those of `regex::Regex`.
    #[test]
    fn matches_and_groups_are_those_of_the_regex_crate() {
        let pattern = r"(?P<num>[0-9]+|[一二三]+)(?P<unit>天|个月)?|(?P<x>号)";
        let ours = Pattern::new(pattern).unwrap();
        let theirs = regex::Regex::new(pattern).unwrap();
        let text = "保存30天，号码保留三个月，另有7；号";
        let a: Vec<_> = ours
            .captures_iter(text)
            .map(|c| {
                (
                    c.get(0).unwrap().range(),
                    c.name("num").map(|m| m.as_str()),
                    c.name("unit").map(|m| (m.start(), m.end())),
                    c.name("x").is_some(),
                )
            })
            .collect();
        let b: Vec<_> = theirs
            .captures_iter(text)
            .map(|c| {
                (
                    c.get(0).unwrap().range(),
                    c.name("num").map(|m| m.as_str()),
                    c.name("unit").map(|m| (m.start(), m.end())),
                    c.name("x").is_some(),
                )
            })
            .collect();
        assert_eq!(a, b);
        assert_eq!(a.len(), 5);
        let first = ours.captures_iter(text).next().unwrap();
        assert_eq!(&first["num"], "30");
        let found: Vec<_> = ours.find_iter(text).map(|m| m.as_str()).collect();
        let expected: Vec<_> = theirs.find_iter(text).map(|m| m.as_str()).collect();
        assert_eq!(found, expected);
    }

    #[test]
    #[should_panic(expected = "no group named 'unit'")]
    fn indexing_a_group_that_did_not_match_panics() {
        let ours = Pattern::new(r"(?P<num>[0-9]+)(?P<unit>天)?").unwrap();
        let caps = ours.captures_iter("7").next().unwrap();
        let _ = &caps["unit"];
    }
}
