//! The document model shared by the linter and the exporter.

use std::ops::Range;

use super::FrontMatter;
use crate::source::TextRange;

/// A parsed plan: its text blocks in reading order, the heading tree, tables, comments and front
/// matter.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// Headings in document order; see [`Section`].
    pub sections: Vec<Section>,
    pub tables: Vec<Table>,
    /// HTML comments (suppression directives are read from these).
    pub comments: Vec<Comment>,
    pub front_matter: Option<FrontMatter>,
}

impl Document {
    /// The chain of section titles from the outermost heading down to `section`.
    pub fn heading_path(&self, section: usize) -> Vec<&str> {
        let mut path = Vec::new();
        let mut at = Some(section);
        while let Some(i) = at {
            path.push(self.sections[i].title.as_str());
            at = self.sections[i].parent;
        }
        path.reverse();
        path
    }

    /// Whether `block` lies inside `section` (directly or in one of its subsections).
    pub fn in_section(&self, block: &Block, section: usize) -> bool {
        self.sections[section].range.contains_range(block.range)
    }
}

/// What kind of text a block holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Heading(u8),
    Paragraph,
    /// A paragraph inside a list item.
    ListItem,
    TableCell {
        header_row: bool,
    },
    /// A fenced or indented code block: never linted.
    CodeBlock,
    /// Raw HTML: never linted.
    Html,
    /// A thematic break (`---`), which the exporter turns into a page break.
    Rule,
}

impl BlockKind {
    /// Whether the block holds prose that content rules read.
    pub fn is_prose(self) -> bool {
        !matches!(
            self,
            BlockKind::CodeBlock | BlockKind::Html | BlockKind::Rule
        )
    }
}

/// A unit of text: a heading, a paragraph, a list-item paragraph or a table cell.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    /// The inline text as a reader sees it: Markdown syntax removed, soft line breaks between Han
    /// characters joined without a space, hard breaks kept as `\n`.
    pub text: String,
    /// Maps `text` back to the file, piece by piece.
    pub pieces: Vec<Piece>,
    /// Inline styles over ranges of `text` (used by the exporter).
    pub spans: Vec<StyledSpan>,
    /// The whole block in the file.
    pub range: TextRange,
    /// Index into [`Document::sections`] of the innermost heading above this block.
    pub section: Option<usize>,
    /// Depth of enclosing block quotes.
    pub quote_depth: u8,
    pub list: Option<ListInfo>,
    pub cell: Option<CellPos>,
    /// Name of the footnote definition this block belongs to.
    pub footnote: Option<String>,
}

impl Block {
    /// Maps a byte range of [`Block::text`] to a byte range of the file.
    pub fn source_range(&self, r: Range<usize>) -> TextRange {
        if self.pieces.is_empty() {
            return TextRange::new(self.range.start, self.range.start);
        }
        let start = self.source_offset(r.start, false);
        let end = self.source_offset(r.end, true);
        TextRange::new(start.min(end), end.max(start))
    }

    fn source_offset(&self, at: usize, is_end: bool) -> usize {
        // The piece containing `at` (for an end offset, the piece containing the byte before it).
        let probe = if is_end { at.saturating_sub(1) } else { at };
        let k = self
            .pieces
            .partition_point(|p| p.text_start <= probe)
            .saturating_sub(1);
        let p = self.pieces[k];
        if p.exact {
            (p.src_start + at.saturating_sub(p.text_start)).min(p.src_end)
        } else if is_end {
            p.src_end
        } else {
            p.src_start
        }
    }

    /// The inverse of [`Block::source_range`]: the range of [`Block::text`] that a range of
    /// the file covers, clipped to this block; `None` when they do not meet.
    pub fn text_range(&self, src: TextRange) -> Option<Range<usize>> {
        if self.pieces.is_empty() || src.end < self.range.start || src.start > self.range.end {
            return None;
        }
        let to_text = |at: usize, is_end: bool| -> usize {
            let mut best = if is_end { 0 } else { self.text.len() };
            for (k, p) in self.pieces.iter().enumerate() {
                let next = self
                    .pieces
                    .get(k + 1)
                    .map_or(self.text.len(), |n| n.text_start);
                if at < p.src_start {
                    if !is_end {
                        best = best.min(p.text_start);
                    }
                    continue;
                }
                if at <= p.src_end {
                    let t = if p.exact {
                        (p.text_start + (at - p.src_start)).min(next)
                    } else if is_end {
                        next
                    } else {
                        p.text_start
                    };
                    return t;
                }
                if is_end {
                    best = best.max(next);
                }
            }
            best
        };
        let mut start = to_text(src.start.max(self.range.start), false).min(self.text.len());
        let mut end = to_text(src.end.min(self.range.end), true).min(self.text.len());
        while start > 0 && !self.text.is_char_boundary(start) {
            start -= 1;
        }
        while end < self.text.len() && !self.text.is_char_boundary(end) {
            end += 1;
        }
        Some(start..end.max(start))
    }

    pub fn is_heading(&self) -> bool {
        matches!(self.kind, BlockKind::Heading(_))
    }
}

/// One run of block text and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub text_start: usize,
    pub src_start: usize,
    pub src_end: usize,
    /// The text equals the source bytes (no escapes or entities), so offsets map one to one.
    pub exact: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpanStyle {
    Bold,
    Italic,
    Strike,
    Code,
    Link(String),
    Image(String),
    FootnoteRef(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyledSpan {
    pub range: Range<usize>,
    pub style: SpanStyle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListInfo {
    pub ordered: bool,
    /// The item's ordinal for ordered lists.
    pub number: usize,
    /// 1 for a top-level list.
    pub depth: u8,
    /// The paragraph that introduces the list (`严禁以下行为：`), if it directly precedes it.
    pub lead_in: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellPos {
    pub table: usize,
    /// 0 is the header row.
    pub row: usize,
    pub column: usize,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub range: TextRange,
    pub columns: usize,
    /// Header texts by column.
    pub header: Vec<String>,
    /// Block indices of the cells, row by row (row 0 is the header).
    pub rows: Vec<Vec<usize>>,
    /// The paragraph directly before the table (often its caption or lead-in).
    pub caption: Option<usize>,
    pub section: Option<usize>,
}

/// A heading and the part of the document it governs.
#[derive(Debug, Clone)]
pub struct Section {
    pub title: String,
    pub level: u8,
    /// Index of the heading block.
    pub block: usize,
    pub parent: Option<usize>,
    /// From the heading to the next heading of the same or a higher level.
    pub range: TextRange,
}

#[derive(Debug, Clone)]
pub struct Comment {
    pub body: String,
    pub range: TextRange,
}
