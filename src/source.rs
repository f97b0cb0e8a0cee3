//! Source files, byte ranges and the one line index that turns byte offsets into lines and
//! character columns.
//!
//! Everything inside callplan works with UTF-8 byte offsets into the original file text. Lines and
//! columns are only computed at the edges (reports, JSON, SARIF), always through [`LineIndex`].

use std::ops::Range;
use std::path::PathBuf;

/// A half-open byte range `[start, end)` into a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "range {start}..{end} is reversed");
        Self {
            start,
            end: end.max(start),
        }
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn as_range(self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<Range<usize>> for TextRange {
    fn from(r: Range<usize>) -> Self {
        TextRange::new(r.start, r.end)
    }
}

/// A 1-based line and a 1-based column counted in Unicode scalar values (characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Byte offsets of line starts, built once per file.
///
/// A line ends after `\n`; a lone `\r` also ends a line (old Mac files) and `\r\n` counts once.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Inside long lines, every [`CHECKPOINT_EVERY`] bytes: (byte offset, characters from the
    /// line start). Keeps column lookups cheap in a file that is one megabyte-long line.
    checkpoints: Vec<(usize, usize)>,
}

const CHECKPOINT_EVERY: usize = 1024;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        if bytes.contains(&b'\r') {
            let mut i = 0;
            while i < bytes.len() {
                match bytes[i] {
                    b'\n' => starts.push(i + 1),
                    b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                    _ => {}
                }
                i += 1;
            }
        } else {
            // Only `\n` ends lines: the search for it skips the text a word at a time.
            starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        }
        let mut checkpoints = Vec::new();
        for (n, &start) in starts.iter().enumerate() {
            let end = starts.get(n + 1).copied().unwrap_or(text.len());
            if end - start <= CHECKPOINT_EVERY {
                continue;
            }
            let mut next = start + CHECKPOINT_EVERY;
            for (chars, (at, _)) in text[start..end].char_indices().enumerate() {
                if start + at >= next {
                    checkpoints.push((start + at, chars));
                    next = start + at + CHECKPOINT_EVERY;
                }
            }
        }
        Self {
            starts,
            checkpoints,
        }
    }

    /// Number of lines (a file without a final newline still has its last line counted).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where 1-based `line` starts, if it exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        line.checked_sub(1)
            .and_then(|i| self.starts.get(i))
            .copied()
    }

    /// Converts a byte offset to a line and a character column. Offsets past the end clamp to the
    /// end; offsets inside a multi-byte character snap back to its first byte.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_idx = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = self.starts[line_idx];
        let (start, before) = match self.checkpoints.partition_point(|&(at, _)| at <= offset) {
            0 => (line_start, 0),
            i if self.checkpoints[i - 1].0 > line_start => self.checkpoints[i - 1],
            _ => (line_start, 0),
        };
        let column = before + text[start..offset].chars().count() + 1;
        LineCol {
            line: line_idx + 1,
            column,
        }
    }

    /// The inverse of [`LineIndex::line_col`]: the byte offset of a line and character column.
    /// Returns `None` when the line does not exist or the column lies past the line's end.
    pub fn offset(&self, text: &str, at: LineCol) -> Option<usize> {
        let start = self.line_start(at.line)?;
        let end = self.line_start(at.line + 1).unwrap_or(text.len());
        let line = &text[start..end];
        if at.column == 0 {
            return None;
        }
        let mut chars = line.char_indices();
        for _ in 1..at.column {
            chars.next()?;
        }
        Some(start + chars.next().map_or(line.len(), |(i, _)| i))
    }
}

/// One input file: its display name, its text and the line index of that text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Name as shown to users (`-` is shown as `<stdin>`).
    pub name: String,
    /// The path it was read from, if any.
    pub path: Option<PathBuf>,
    pub text: String,
    pub lines: LineIndex,
    /// The encoding the file was decoded from.
    pub encoding: crate::input::Encoding,
    /// For text converted from a Word file: where each paragraph came from.
    pub locator: Option<std::sync::Arc<Locator>>,
}

/// Where a paragraph of converted text sits in the original Word file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// Byte range of the paragraph in the converted text.
    pub range: std::ops::Range<usize>,
    /// 1-based number of the paragraph in the Word file (table cells count as paragraphs).
    pub paragraph: usize,
    /// Titles of the headings above it, outermost first.
    pub heading_path: Vec<String>,
    /// The paragraph's plain text as it reads in Word.
    pub text: String,
}

/// Maps offsets of converted text back to paragraphs of the Word file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Locator {
    /// Sorted by range start.
    pub paragraphs: Vec<Located>,
}

impl Locator {
    /// The paragraph containing `offset` (or the last one starting before it).
    pub fn find(&self, offset: usize) -> Option<&Located> {
        let i = self.paragraphs.partition_point(|p| p.range.start <= offset);
        i.checked_sub(1).map(|i| &self.paragraphs[i])
    }

    /// `第三部分 技术方案 › 第二章 组网方案，第 12 段`.
    pub fn describe(located: &Located) -> String {
        if located.heading_path.is_empty() {
            format!("第 {} 段", located.paragraph)
        } else {
            format!(
                "{}，第 {} 段",
                located.heading_path.join(" › "),
                located.paragraph
            )
        }
    }
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let lines = LineIndex::new(&text);
        Self {
            name: name.into(),
            path: None,
            text,
            lines,
            encoding: crate::input::Encoding::Utf8,
            locator: None,
        }
    }

    pub fn with_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    pub fn line_col(&self, offset: usize) -> LineCol {
        self.lines.line_col(&self.text, offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_long_lines_match_a_plain_count() {
        let text = format!("短行\n{}尾\nx", "外呼ab".repeat(3000));
        let idx = LineIndex::new(&text);
        for offset in [0, 7, 8, 1500, 4099, 10_000, text.len() - 3, text.len()] {
            let mut o = offset.min(text.len());
            while !text.is_char_boundary(o) {
                o -= 1;
            }
            let line_start = text[..o].rfind('\n').map_or(0, |i| i + 1);
            let expected = text[line_start..o].chars().count() + 1;
            assert_eq!(
                idx.line_col(&text, offset).column,
                expected,
                "offset {offset}"
            );
        }
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "第一行\n本公司开展电话营销。\r\nabc";
        let idx = LineIndex::new(text);
        let off = text.find("电话").unwrap();
        assert_eq!(idx.line_col(text, off), LineCol { line: 2, column: 6 });
        let abc = text.find("abc").unwrap();
        assert_eq!(idx.line_col(text, abc), LineCol { line: 3, column: 1 });
        assert_eq!(idx.offset(text, LineCol { line: 2, column: 6 }), Some(off));
    }

    #[test]
    fn lone_carriage_return_ends_a_line() {
        let text = "a\rb";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 2);
        assert_eq!(idx.line_col(text, 2), LineCol { line: 2, column: 1 });
    }

    #[test]
    fn offsets_inside_a_character_snap_back() {
        let text = "营销";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 1), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(text, 99), LineCol { line: 1, column: 3 });
    }
}
