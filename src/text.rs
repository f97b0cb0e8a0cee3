//! Text normalisation for matching, and segmentation into clauses and sentences.
//!
//! Matching runs on a *folded* copy of each block's text: whitespace removed (so `AI 外呼` equals
//! `AI外呼` and hard-wrapped lines join up), full-width ASCII folded to half-width, Latin lowercased,
//! a few variant and traditional characters folded to the simplified forms the rules use. A sparse
//! alignment map leads every folded offset back to the original character, so a hit maps back to
//! the exact characters of the file.

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder};

/// Folded text plus a sparse map back to the original text.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    /// Alignment points `(folded offset, original offset)`: from a point to the next, offsets
    /// advance together. A point is recorded only where they part (a dropped space, a full-width
    /// letter folded to one byte), so the map stays tiny.
    shifts: Vec<(u32, u32)>,
}

/// Character used in block texts for a hard line break; it is kept by folding and acts as a
/// sentence boundary.
pub const HARD_BREAK: char = '\n';

impl Folded {
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut shifts: Vec<(u32, u32)> = vec![(0, 0)];
        // Characters that fold to themselves are copied a run at a time: `run` is the pending
        // stretch of the original, which starts aligned and so stays aligned.
        let mut run = 0..0;
        let mut chars = original.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let folded = if c.is_ascii_alphanumeric() || c.is_ascii_punctuation() {
                // Plain ASCII letters, digits and marks only need lowercasing.
                Some(c.to_ascii_lowercase())
            } else if is_plain_han(c) {
                Some(c)
            } else {
                fold_char(c, chars.peek().map(|&(_, n)| n))
            };
            let Some(f) = folded else { continue };
            if f == c && !run.is_empty() && run.end == i {
                run.end += c.len_utf8();
                continue;
            }
            text.push_str(&original[run]);
            let &(fo, oo) = shifts.last().expect("starts with a point");
            let expected = oo as usize + (text.len() - fo as usize);
            if expected != i {
                shifts.push((text.len() as u32, i as u32));
            }
            if f == c {
                run = i..i + c.len_utf8();
            } else {
                text.push(f);
                run = 0..0;
            }
        }
        text.push_str(&original[run]);
        Self { text, shifts }
    }

    /// Offset in the original text of the folded byte `i`.
    pub fn origin_of(&self, i: usize) -> usize {
        let k = self
            .shifts
            .partition_point(|&(f, _)| f as usize <= i)
            .saturating_sub(1);
        let (f, o) = self.shifts[k];
        o as usize + (i - f as usize)
    }

    /// Maps a byte range of the folded text back to the original text.
    pub fn original_range(&self, original: &str, r: Range<usize>) -> Range<usize> {
        if self.text.is_empty() || r.start >= self.text.len() {
            return original.len()..original.len();
        }
        let mut last = r.end.max(r.start + 1).min(self.text.len()) - 1;
        while !self.text.is_char_boundary(last) {
            last -= 1;
        }
        let start = self.origin_of(r.start).min(original.len());
        let last = self.origin_of(last).min(original.len());
        let end = last + original[last..].chars().next().map_or(0, char::len_utf8);
        start..end.max(start)
    }
}

/// Folds one character for matching; `None` drops it.
fn fold_char(c: char, next: Option<char>) -> Option<char> {
    if c == HARD_BREAK {
        return Some(HARD_BREAK);
    }
    // A tab separates the columns of a table pasted as text.
    if c == '\t' {
        return Some('|');
    }
    if c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200d}' | '\u{feff}' | '\u{ad}') {
        return None;
    }
    let c = match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{2010}'..='\u{2013}' | '\u{2212}' => '-',
        '座' if next == Some('席') => '坐',
        _ => simplify(c),
    };
    Some(c.to_ascii_lowercase())
}

/// Traditional forms of the characters that appear in rule terms (plans pasted from Hong Kong or
/// Taiwan sources, or typed with a traditional input method), with their simplified forms. All are
/// CJK unified ideographs (checked when [`TRADITIONAL`] is built).
const SIMPLIFIED: &[(char, char)] = &[
    ('營', '营'),
    ('銷', '销'),
    ('電', '电'),
    ('話', '话'),
    ('號', '号'),
    ('碼', '码'),
    ('線', '线'),
    ('機', '机'),
    ('務', '务'),
    ('轉', '转'),
    ('賣', '卖'),
    ('虛', '虚'),
    ('擬', '拟'),
    ('隱', '隐'),
    ('撥', '拨'),
    ('語', '语'),
    ('網', '网'),
    ('關', '关'),
    ('費', '费'),
    ('數', '数'),
    ('據', '据'),
    ('資', '资'),
    ('訊', '讯'),
    ('門', '门'),
    ('戶', '户'),
    ('單', '单'),
    ('請', '请'),
    ('發', '发'),
    ('開', '开'),
    ('嚴', '严'),
    ('許', '许'),
    ('證', '证'),
    ('錄', '录'),
    ('聲', '声'),
    ('齊', '齐'),
    ('貓', '猫'),
    ('為', '为'),
    ('於', '于'),
    ('與', '与'),
    ('個', '个'),
    ('對', '对'),
    ('統', '统'),
    ('區', '区'),
    ('員', '员'),
    ('這', '这'),
    ('無', '无'),
    ('後', '后'),
    ('義', '义'),
    ('經', '经'),
    ('專', '专'),
    ('臺', '台'),
    ('際', '际'),
    ('國', '国'),
    ('聯', '联'),
    ('動', '动'),
    ('廣', '广'),
    ('雲', '云'),
    ('層', '层'),
    ('測', '测'),
    ('產', '产'),
    ('詢', '询'),
    ('諮', '咨'),
    ('處', '处'),
    ('時', '时'),
    ('間', '间'),
    ('備', '备'),
    ('設', '设'),
    ('車', '车'),
    ('頭', '头'),
    ('應', '应'),
    ('問', '问'),
    ('題', '题'),
    ('業', '业'),
    ('們', '们'),
    ('給', '给'),
    ('財', '财'),
    ('讓', '让'),
    ('買', '买'),
    ('稱', '称'),
];

/// The block of CJK unified ideographs that [`TRADITIONAL`] covers.
const HAN: std::ops::Range<u32> = 0x4E00..0xA000;

/// One bit per CJK unified ideograph: set for the traditional forms of [`SIMPLIFIED`].
static TRADITIONAL: [u64; ((HAN.end - HAN.start) / 64) as usize] = {
    let mut bits = [0u64; ((HAN.end - HAN.start) / 64) as usize];
    let mut i = 0;
    while i < SIMPLIFIED.len() {
        let c = SIMPLIFIED[i].0 as u32;
        assert!(
            c >= HAN.start && c < HAN.end,
            "a traditional form outside the CJK block"
        );
        bits[((c - HAN.start) / 64) as usize] |= 1 << ((c - HAN.start) % 64);
        i += 1;
    }
    bits
};

/// Whether `c` is a CJK unified ideograph that folding leaves as it is (not a traditional form,
/// not `座`, which may become `坐`): the common case, decided without [`fold_char`].
fn is_plain_han(c: char) -> bool {
    let c = c as u32;
    HAN.contains(&c)
        && c != '座' as u32
        && TRADITIONAL[((c - HAN.start) / 64) as usize] & (1 << ((c - HAN.start) % 64)) == 0
}

/// The simplified form of a traditional character of [`SIMPLIFIED`]; any other character as it is.
fn simplify(c: char) -> char {
    let u = c as u32;
    if !HAN.contains(&u)
        || TRADITIONAL[((u - HAN.start) / 64) as usize] & (1 << ((u - HAN.start) % 64)) == 0
    {
        return c;
    }
    SIMPLIFIED
        .iter()
        .find(|&&(t, _)| t == c)
        .map_or(c, |&(_, s)| s)
}

/// How strongly a punctuation mark separates the text around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Boundary {
    /// `、`: separates the items of an enumeration.
    Enumeration = 0,
    /// `，` and `：`.
    Clause = 1,
    /// `；`.
    Semicolon = 2,
    /// `。！？`, a hard line break, and the end of the block.
    Sentence = 3,
}

/// Classifies a character of folded text as a boundary.
pub fn boundary_of(text: &str, i: usize) -> Option<Boundary> {
    let c = text[i..].chars().next()?;
    Some(match c {
        '、' => Boundary::Enumeration,
        ',' | ':' | '︰' | '|' => Boundary::Clause,
        ';' => Boundary::Semicolon,
        '。' | '!' | '?' | '｡' | HARD_BREAK => Boundary::Sentence,
        '.' => {
            // A full stop only counts between non-digits (not in `1.5`, `v2.0`, `e.g`).
            let prev = text[..i].chars().next_back();
            let next = text[i + 1..].chars().next();
            let digitish = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            if digitish(prev) && digitish(next) || digitish(next) {
                return None;
            }
            Boundary::Sentence
        }
        _ => return None,
    })
}

/// The boundaries of a folded text, precomputed once so that windows around a hit are found with a
/// binary search.
#[derive(Debug, Clone, Default)]
pub struct Segments {
    /// (byte offset of the mark, its byte length, strength), in text order.
    marks: Vec<(usize, usize, Boundary)>,
    /// For each strength, the `(offset, length)` of the marks at least that strong.
    by_level: [Vec<(usize, usize)>; 4],
    len: usize,
}

/// Longest stretch of text, in bytes, that a window extends on either side of a hit. Real
/// clauses are far shorter; the bound keeps pathological input (200,000 characters without a
/// punctuation mark) linear.
pub const MAX_REACH: usize = 600;

impl Segments {
    pub fn new(text: &str) -> Self {
        let marks: Vec<(usize, usize, Boundary)> = text
            .char_indices()
            // Only these characters can be boundaries (see `boundary_of`).
            .filter(|&(_, c)| {
                matches!(
                    c,
                    '、' | ',' | ':' | '︰' | '|' | ';' | '。' | '!' | '?' | '｡' | HARD_BREAK | '.'
                )
            })
            .filter_map(|(i, c)| boundary_of(text, i).map(|b| (i, c.len_utf8(), b)))
            .collect();
        let by_level = [
            Boundary::Enumeration,
            Boundary::Clause,
            Boundary::Semicolon,
            Boundary::Sentence,
        ]
        .map(|level| {
            marks
                .iter()
                .filter(|m| m.2 >= level)
                .map(|&(i, l, _)| (i, l))
                .collect()
        });
        Self {
            marks,
            by_level,
            len: text.len(),
        }
    }

    /// The widest range around `r` that contains no boundary at least as strong as `level`,
    /// bounded to [`MAX_REACH`] bytes on either side (on character boundaries of `text`).
    /// The range excludes the bounding marks themselves.
    pub fn window(&self, r: Range<usize>, level: Boundary) -> Range<usize> {
        let marks = &self.by_level[level as usize];
        let before = marks.partition_point(|&(i, _)| i < r.start);
        let start = before.checked_sub(1).map_or(0, |k| marks[k].0 + marks[k].1);
        let after = marks.partition_point(|&(i, _)| i < r.end);
        let end = marks.get(after).map_or(self.len, |&(i, _)| i);
        start..end.max(start)
    }

    /// [`Segments::window`], bounded to [`MAX_REACH`] bytes on either side of `r`.
    pub fn near(&self, text: &str, r: Range<usize>, level: Boundary) -> Range<usize> {
        let w = self.window(r.clone(), level);
        let mut start = w.start.max(r.start.saturating_sub(MAX_REACH));
        while !text.is_char_boundary(start) {
            start += 1;
        }
        let mut end = w.end.min(r.end + MAX_REACH).max(start);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        start.min(r.start)..end.max(r.end)
    }

    /// The boundary mark that ends the window ending at `end`, if any.
    pub fn mark_at(&self, offset: usize) -> Option<Boundary> {
        self.marks
            .binary_search_by_key(&offset, |&(i, _, _)| i)
            .ok()
            .map(|k| self.marks[k].2)
    }

    /// Every clause (between marks of any strength), as byte ranges.
    pub fn clauses(&self) -> Vec<Range<usize>> {
        let mut out = Vec::with_capacity(self.marks.len() + 1);
        let mut start = 0;
        for &(i, l, _) in &self.marks {
            out.push(start..i);
            start = i + l;
        }
        out.push(start..self.len);
        out
    }
}

/// Splits original (unfolded) text into clauses on `。；！？，、：` and line ends, returning byte
/// ranges that together with the separators cover the text exactly.
pub fn split_clauses(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(
            c,
            '。' | '；'
                | '！'
                | '？'
                | '，'
                | '、'
                | '：'
                | ';'
                | '!'
                | '?'
                | ','
                | ':'
                | '\n'
                | '\r'
        ) {
            out.push(start..i);
            start = i + c.len_utf8();
        }
    }
    out.push(start..text.len());
    out
}

/// A large set of distinct words (the rule terms, the cue words) searched in one pass over a
/// text, with every occurrence reported, overlapping ones too.
///
/// A character-wise double-array Aho–Corasick automaton (`daachorse`): for our Han-heavy word
/// sets it builds in about half the time of `aho-corasick`'s contiguous NFA and searches Han text
/// several times faster than even its DFA (measured on the rule terms: 0.8 ms against 1.5 ms to
/// build; 5 ms against 25 ms to search a 3-million-character plan). Start-up dominates a small
/// plan and searching dominates a large one, so both count.
///
/// The words of the built-in rules and tables are known when the binary is built, so their
/// automaton is built then too (see [`WordSet::with_stored`]); only the words that a user's rule
/// files add are built at run time, into a second, small automaton.
#[derive(Clone)]
pub struct WordSet {
    words: Vec<String>,
    /// The automaton of the leading words, indexed from 0.
    base: Option<Automaton>,
    /// The automaton of the words after those of `base`, indexed from `base_len`.
    rest: Option<Automaton>,
    base_len: usize,
    /// Whether `base` was read from the build-time automaton.
    stored: bool,
}

type Automaton = CharwiseDoubleArrayAhoCorasick<u32>;

fn build_automaton(words: &[String]) -> Result<Option<Automaton>, String> {
    if words.is_empty() {
        return Ok(None);
    }
    CharwiseDoubleArrayAhoCorasickBuilder::new()
        // The 2-gram prefilter costs build time and 64 KiB and, with Han-text words that occur
        // everywhere, does not speed the search up (measured).
        .use_prefilter(false)
        .build(words)
        .map(Some)
        .map_err(|e| e.to_string())
}

impl WordSet {
    /// An automaton of `words`, which should be distinct and not empty (an empty word matches
    /// nowhere useful; a repeated word reports only its first index).
    pub fn new(words: Vec<String>) -> Result<Self, String> {
        Ok(Self {
            base: build_automaton(&words)?,
            rest: None,
            base_len: words.len(),
            stored: false,
            words,
        })
    }

    /// Like [`WordSet::new`], but if `words` starts with `stored_words`, the automaton of those
    /// is read from `stored` (serialized by `build.rs` at build time) instead of being
    /// built; only the words after them are built here. A stored automaton that does not match
    /// (or does not read) is ignored: the result is the same, only slower to make.
    pub fn with_stored(
        words: Vec<String>,
        stored_words: &[&str],
        stored: &[u8],
    ) -> Result<Self, String> {
        let n = stored_words.len();
        let matches =
            n > 0 && words.len() >= n && words.iter().zip(stored_words).all(|(w, s)| w == s);
        let base = if matches {
            Automaton::deserialize(stored).ok().map(|(a, _)| a)
        } else {
            None
        };
        let Some(base) = base else {
            return Self::new(words);
        };
        Ok(Self {
            rest: build_automaton(&words[n..])?,
            base: Some(base),
            base_len: n,
            stored: true,
            words,
        })
    }

    /// The words, by index.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// Whether the automaton of the leading words was read from the build-time one.
    pub fn is_stored(&self) -> bool {
        self.stored
    }

    /// Every occurrence of every word in `text`, as (index of the word, byte range), in order
    /// of their ends (at one end, the longer word first).
    pub fn occurrences<'t>(
        &'t self,
        text: &'t str,
    ) -> impl Iterator<Item = (usize, Range<usize>)> + 't {
        let search = |a: &'t Option<Automaton>, offset: usize| {
            a.iter().flat_map(move |a| {
                a.find_overlapping_iter(text)
                    .map(move |m| (offset + m.value() as usize, m.start()..m.end()))
            })
        };
        let mut base = search(&self.base, 0).peekable();
        let mut rest = search(&self.rest, self.base_len).peekable();
        // Both runs are in order of (end, start); merged, they stay so.
        std::iter::from_fn(move || match (base.peek(), rest.peek()) {
            (Some((_, a)), Some((_, b))) if (b.end, b.start) < (a.end, a.start) => rest.next(),
            (Some(_), _) => base.next(),
            (None, _) => rest.next(),
        })
    }
}

impl std::fmt::Debug for WordSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WordSet")
            .field("words", &self.words.len())
            .field("stored", &self.stored)
            .finish_non_exhaustive()
    }
}

/// A fixed list of words searched in one pass over a text: one automaton for all the words
/// (built on first use), instead of one substring search per word.
pub struct WordList {
    words: &'static [&'static str],
    ac: OnceLock<AhoCorasick>,
}

impl WordList {
    pub const fn new(words: &'static [&'static str]) -> Self {
        Self {
            words,
            ac: OnceLock::new(),
        }
    }

    /// The words, in the order given.
    pub fn words(&self) -> &'static [&'static str] {
        self.words
    }

    fn automaton(&self) -> &AhoCorasick {
        self.ac.get_or_init(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                // A contiguous NFA builds in a fraction of the time of the DFA that would be
                // picked for a list this short (start-up dominates a small plan), and these
                // lists are searched in single sentences.
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(self.words)
                .expect("a short word list compiles")
        })
    }

    /// Builds the automaton ahead of use.
    pub fn warm(&self) {
        self.automaton();
    }

    /// Whether `text` contains one of the words.
    pub fn any_in(&self, text: &str) -> bool {
        self.automaton().is_match(text)
    }

    /// Every occurrence of every word in `text` (overlapping ones too), as (index of the word,
    /// byte range), in order of their ends.
    pub fn occurrences<'t>(
        &'t self,
        text: &'t str,
    ) -> impl Iterator<Item = (usize, Range<usize>)> + 't {
        self.automaton()
            .find_overlapping_iter(text)
            .map(|m| (m.pattern().as_usize(), m.range()))
    }

    /// The words that `text` contains, in the order of the list.
    pub fn found_in(&self, text: &str) -> Vec<&'static str> {
        let mut found: Vec<usize> = self.occurrences(text).map(|(w, _)| w).collect();
        found.sort_unstable();
        found.dedup();
        found.into_iter().map(|w| self.words[w]).collect()
    }
}

/// True for characters of the CJK scripts (Han, kana, Hangul) and CJK punctuation.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF
        | 0x20000..=0x3134F)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every occurrence of every word, found the slow way, as (start, end, word).
    fn naive_occurrences(words: &[&str], text: &str) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for (w, word) in words.iter().enumerate() {
            let mut from = 0;
            while let Some(at) = text[from..].find(word) {
                out.push((from + at, from + at + word.len(), w));
                from += at + word[..].chars().next().map_or(1, char::len_utf8);
            }
        }
        out.sort_unstable();
        out
    }

    /// A word set whose leading words come from a stored automaton finds what one automaton of
    /// all the words finds, in the same order; a stored automaton of other words is not used.
    #[test]
    fn stored_and_built_word_sets_agree() {
        let words: Vec<String> = [
            "不得",
            "外呼",
            "ai外呼",
            "呼叫中心",
            "中心",
            "不得不",
            "得不",
        ]
        .map(str::to_owned)
        .to_vec();
        let stored_words = ["不得", "外呼", "ai外呼", "呼叫中心"];
        let stored = build_automaton(&words[..4]).unwrap().unwrap().serialize();
        let whole = WordSet::new(words.clone()).unwrap();
        let split = WordSet::with_stored(words.clone(), &stored_words, &stored).unwrap();
        assert!(split.is_stored() && !whole.is_stored());
        let text = "呼叫中心不得不开展ai外呼，中心不得外呼";
        assert_eq!(
            split.occurrences(text).collect::<Vec<_>>(),
            whole.occurrences(text).collect::<Vec<_>>()
        );
        let other = WordSet::with_stored(words, &["别的词"], &stored).unwrap();
        assert!(!other.is_stored());
        assert_eq!(
            other.occurrences(text).collect::<Vec<_>>(),
            whole.occurrences(text).collect::<Vec<_>>()
        );
    }

    #[test]
    fn word_sets_report_every_occurrence_in_order_of_their_ends() {
        // Nested, overlapping, Latin and Han words, one a prefix of another.
        let words = [
            "不得",
            "不",
            "得不",
            "不得不",
            "外呼",
            "ai外呼",
            "ai",
            "呼叫中心",
            "中心",
            "心",
        ];
        let set = WordSet::new(words.iter().map(|w| (*w).to_owned()).collect()).unwrap();
        for text in [
            "",
            "本公司不得不开展ai外呼",
            "呼叫中心中心心不不得得不",
            "ａｉ外呼ai外呼aai外呼不得不得不得",
            "\u{0}不\u{10FFFF}得",
        ] {
            let found: Vec<(usize, usize, usize)> = set
                .occurrences(text)
                .map(|(w, r)| (r.start, r.end, w))
                .collect();
            let ends: Vec<usize> = found.iter().map(|f| f.1).collect();
            assert!(ends.windows(2).all(|e| e[0] <= e[1]), "{text}");
            let mut sorted = found.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, naive_occurrences(&words, text), "{text}");
        }
    }

    #[test]
    fn folding_joins_latin_and_han_and_keeps_offsets() {
        let orig = "支持 ＡＩ 外呼";
        let f = Folded::new(orig);
        assert_eq!(f.text, "支持ai外呼");
        let at = f.text.find("ai外呼").unwrap();
        let r = f.original_range(orig, at..f.text.len());
        assert_eq!(&orig[r], "ＡＩ 外呼");
    }

    #[test]
    fn traditional_forms_fold_and_plain_han_stays() {
        for &(t, s) in SIMPLIFIED {
            assert!(!is_plain_han(t));
            assert_eq!(Folded::new(&t.to_string()).text, s.to_string());
            assert_eq!(simplify(s), s);
        }
        assert_eq!(
            Folded::new("營銷電話，座席與坐席").text,
            "营销电话,坐席与坐席"
        );
        assert!(is_plain_han('营') && !is_plain_han('座') && !is_plain_han('。'));
    }

    #[test]
    fn seat_variant_folds() {
        assert_eq!(Folded::new("座席 讲座").text, "坐席讲座");
    }

    #[test]
    fn windows_respect_boundary_strength() {
        let t = Folded::new("本公司严禁电话营销、催收，开展咨询。AI外呼").text;
        let seg = Segments::new(&t);
        let hit = t.find("催收").unwrap();
        let w = seg.window(hit..hit + "催收".len(), Boundary::Clause);
        assert_eq!(&t[w], "本公司严禁电话营销、催收");
        let hit = t.find("ai").unwrap();
        let w = seg.window(hit..hit + 2, Boundary::Sentence);
        assert_eq!(&t[w], "ai外呼");
    }

    #[test]
    fn clauses_cover_the_text() {
        let t = "一、二，三：四；五。六\n七";
        let parts = split_clauses(t);
        let texts: Vec<&str> = parts.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(texts, ["一", "二", "三", "四", "五", "六", "七"]);
    }
}
