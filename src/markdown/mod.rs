//! Markdown plans parsed by comrak into callplan's own document model.
//!
//! This is the only module that knows comrak. Its 1-based, inclusive, byte-column source positions
//! are turned into half-open byte ranges here ([`TextRange`]) and nowhere else.

mod document;
mod front_matter;

pub use document::{
    Block, BlockKind, CellPos, Comment, Document, ListInfo, Piece, Section, SpanStyle, StyledSpan,
    Table,
};
pub use front_matter::FrontMatter;

use comrak::nodes::{AstNode, ListType, NodeValue};
use comrak::{Arena, Options, arena_tree::NodeEdge, parse_document};

use crate::source::{SourceFile, TextRange};
use crate::text::{HARD_BREAK, is_cjk};

/// comrak options: GFM tables, footnotes, strikethrough, task lists, `---` front matter and
/// CJK-friendly emphasis (so `**注意：**正文` is bold).
fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.tasklist = true;
    o.extension.footnotes = true;
    o.extension.front_matter_delimiter = Some("---".to_owned());
    o.extension.cjk_friendly_emphasis = true;
    o
}

/// Parses a Markdown file into a [`Document`]. Never fails: any byte sequence that is valid UTF-8
/// is some Markdown document.
///
/// A large plan is parsed in parts, one per core (see [`parse_in_parts`]).
pub fn parse(file: &SourceFile) -> Document {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if file.text.len() >= PARALLEL_PARSE && cores > 1 {
        parse_in_parts(file, cores.min(8))
    } else {
        parse_in_parts(file, 1)
    }
}

/// Plan size (bytes) from which [`parse`] splits the work between the cores: below it, starting
/// a thread costs more than it saves.
const PARALLEL_PARSE: usize = 512 * 1024;

/// Parses a Markdown file in up to `parts` parts on as many threads, giving the same [`Document`]
/// as parsing it whole.
///
/// The file is cut only before an ATX heading at the start of a line that follows a blank line,
/// outside front matter, fenced code and the HTML blocks that run to an end marker: there every
/// open block (paragraph, list, quote, table, indented code, other HTML) has ended, so what
/// follows parses the same on its own. A file with link reference or footnote definitions, which
/// reach across the whole file, is not cut.
pub fn parse_in_parts(file: &SourceFile, parts: usize) -> Document {
    let cuts = cut_points(&file.text, parts);
    let mut bounds = Vec::with_capacity(cuts.len() + 2);
    bounds.push(0);
    bounds.extend(cuts);
    bounds.push(file.text.len());
    let part = |std::ops::Range { start, end }: std::ops::Range<usize>| {
        // The heading line that starts the next part is parsed with this one, so that comrak
        // ends this part's last block as it does in the whole file (at the end of its input it
        // may count a final line break into the block); what it gives is dropped.
        let context = file.text[end..]
            .find('\n')
            .map_or(file.text.len(), |i| end + i + 1);
        let arena = Arena::new();
        let root = parse_document(&arena, &file.text[start..context], &options());
        let line_offset = file.lines.line_col(&file.text, start).line - 1;
        let mut doc = Builder::new(file, line_offset).build_part(root);
        if context > end {
            doc.blocks.retain(|b| b.range.start < end);
            doc.sections.retain(|s| s.range.start < end);
            doc.comments.retain(|c| c.range.start < end);
            doc.tables.retain(|t| t.range.start < end);
        }
        doc
    };
    let mut docs = crate::parallel::map_runs(&bounds, part);
    let mut doc = docs.remove(0);
    for next in docs {
        append(&mut doc, next);
    }
    let mut builder = Builder::new(file, 0);
    builder.doc = doc;
    builder.finish_sections();
    builder.doc
}

/// Appends the document of a later part of the file, renumbering its references to blocks,
/// sections and tables.
fn append(doc: &mut Document, next: Document) {
    let (blocks, sections, tables) = (doc.blocks.len(), doc.sections.len(), doc.tables.len());
    doc.blocks.extend(next.blocks.into_iter().map(|mut b| {
        b.section = b.section.map(|s| s + sections);
        if let Some(list) = b.list.as_mut() {
            list.lead_in = list.lead_in.map(|i| i + blocks);
        }
        if let Some(cell) = b.cell.as_mut() {
            cell.table += tables;
        }
        b
    }));
    doc.sections.extend(next.sections.into_iter().map(|mut s| {
        s.block += blocks;
        s.parent = s.parent.map(|p| p + sections);
        s
    }));
    doc.tables.extend(next.tables.into_iter().map(|mut t| {
        for row in &mut t.rows {
            for b in row {
                *b += blocks;
            }
        }
        t.caption = t.caption.map(|c| c + blocks);
        t.section = t.section.map(|s| s + sections);
        t
    }));
    doc.comments.extend(next.comments);
    if doc.front_matter.is_none() {
        doc.front_matter = next.front_matter;
    }
}

/// Where the `---` front matter that comrak splits off ends (0 without one), found the way
/// comrak finds it: the closing delimiter is searched from the second line on (so `---` right
/// after the opening line does not close it), a `\r\n` ending first, and it must end its line;
/// one blank line after it belongs to it.
fn front_matter_end(text: &str) -> usize {
    const DELIMITER: &str = "---";
    let s = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - s.len();
    let line_break = |at: usize| {
        if s[at..].starts_with('\n') {
            Some(1)
        } else if s[at..].starts_with("\r\n") {
            Some(2)
        } else {
            None
        }
    };
    if !s.starts_with(DELIMITER) {
        return 0;
    }
    let Some(n) = line_break(DELIMITER.len()) else {
        return 0;
    };
    let mut end = DELIMITER.len() + n;
    let rest = &s[end..];
    let close = rest
        .find("\n---\r\n")
        .or_else(|| rest.find("\n---\n"))
        .or_else(|| rest.find("\n---"));
    let Some(i) = close else {
        return 0;
    };
    end += i + 1 + DELIMITER.len();
    if end == s.len() {
        return bom + end;
    }
    let Some(n) = line_break(end) else {
        return 0;
    };
    end += n;
    end += line_break(end).unwrap_or(0);
    bom + end
}

/// Byte offsets where [`parse_in_parts`] may cut `text` into up to `parts` parts of about equal
/// size (see there for where a cut is safe).
fn cut_points(text: &str, parts: usize) -> Vec<usize> {
    if parts < 2 {
        return Vec::new();
    }
    // Definitions that other parts may refer to: `[label]: url`, `[^note]: text`, also inside
    // lists and quotes. Any `[…]:` on a line keeps the file whole (rare in a plan, and safe).
    let defines = |line: &str| line.find("]:").is_some_and(|i| line[..i].contains('['));
    let mut safe = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    // The end marker of an open HTML block of kinds 1 to 5.
    let mut html_end: Option<&str> = None;
    // Whether the lines since the last blank one may be an HTML block that ends at a blank line
    // (or a paragraph: which one depends on the tag).
    let mut html_or_paragraph = false;
    let mut previous_blank = true;
    // Front matter is part of the first part.
    let mut at = front_matter_end(text);
    for line in text[at..].split_inclusive('\n') {
        let start = at;
        at += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let t = content.trim_start_matches(' ');
        let indent = content.len() - t.len();
        let blank = t.trim().is_empty();
        if defines(content) {
            return Vec::new();
        }
        if let Some((c, n)) = fence {
            let run = t.bytes().take_while(|&b| b == c).count();
            if indent <= 3 && run >= n && t[run..].trim().is_empty() {
                fence = None;
            }
            previous_blank = false;
            continue;
        }
        if let Some(end) = html_end {
            if content.to_ascii_lowercase().contains(end) {
                html_end = None;
            }
            previous_blank = false;
            continue;
        }
        if indent <= 3 {
            let first = t.bytes().next();
            if let Some(c @ (b'`' | b'~')) = first {
                let run = t.bytes().take_while(|&b| b == c).count();
                if run >= 3 && !(c == b'`' && t[run..].contains('`')) {
                    // An indented fence may belong to a list item, and a fence after an HTML
                    // line may be HTML: where it ends is not clear from the line alone.
                    if indent > 0 || html_or_paragraph {
                        return Vec::new();
                    }
                    fence = Some((c, run));
                    previous_blank = false;
                    continue;
                }
            }
            if first == Some(b'<') {
                let lower = t.to_ascii_lowercase();
                let kinds: [(&str, &'static str); 8] = [
                    ("<script", "</script>"),
                    ("<pre", "</pre>"),
                    ("<style", "</style>"),
                    ("<textarea", "</textarea>"),
                    ("<!--", "-->"),
                    ("<?", "?>"),
                    ("<![cdata[", "]]>"),
                    ("<!", ">"),
                ];
                if let Some(&(opener, end)) = kinds.iter().find(|(o, _)| lower.starts_with(o)) {
                    if !lower[opener.len()..].contains(end) {
                        html_end = Some(end);
                    }
                    previous_blank = false;
                    continue;
                }
                html_or_paragraph = true;
            }
            if indent == 0 && previous_blank && start > 0 && is_atx_heading(t) {
                safe.push(start);
            }
        }
        if blank {
            html_or_paragraph = false;
        }
        previous_blank = blank;
    }
    // The safe cuts nearest to equal shares of the text.
    let mut cuts: Vec<usize> = (1..parts)
        .filter_map(|k| {
            let goal = text.len() * k / parts;
            let i = safe.partition_point(|&s| s < goal);
            [i.checked_sub(1), Some(i)]
                .into_iter()
                .flatten()
                .filter_map(|i| safe.get(i).copied())
                .min_by_key(|&s| s.abs_diff(goal))
        })
        .collect();
    cuts.dedup();
    cuts
}

/// Whether a line (without its indentation) opens an ATX heading: one to six `#` and then a
/// space, a tab or the end of the line.
fn is_atx_heading(line: &str) -> bool {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes)
        && line[hashes..]
            .chars()
            .next()
            .is_none_or(|c| c == ' ' || c == '\t')
}

struct Builder<'s> {
    file: &'s SourceFile,
    doc: Document,
    quote_depth: u8,
    /// Open lists: (ordered, start, lead-in block, item counter).
    lists: Vec<(bool, usize, Option<usize>, usize)>,
    table: Option<(usize, usize, usize)>,
    footnote: Option<String>,
    current_section: Option<usize>,
    /// Lines of the file before the part being parsed (comrak numbers the part's lines from 1).
    line_offset: usize,
}

impl<'s> Builder<'s> {
    fn new(file: &'s SourceFile, line_offset: usize) -> Self {
        Self {
            file,
            line_offset,
            doc: Document::default(),
            quote_depth: 0,
            lists: Vec::new(),
            table: None,
            footnote: None,
            current_section: None,
        }
    }

    /// Converts comrak's inclusive, byte-column position into a byte range of the file, or `None`
    /// when comrak reports no usable position.
    fn range_of(&self, node: &AstNode<'_>) -> Option<TextRange> {
        let pos = node.data().sourcepos;
        let text = &self.file.text;
        if pos.start.line == 0 || pos.start.column == 0 {
            return None;
        }
        let start = self
            .file
            .lines
            .line_start(pos.start.line + self.line_offset)?
            + pos.start.column
            - 1;
        let end_line = if pos.end.line == 0 {
            pos.start.line
        } else {
            pos.end.line
        };
        let end = self.file.lines.line_start(end_line + self.line_offset)? + pos.end.column;
        let end = end.max(start).min(text.len());
        let start = start.min(end);
        (text.is_char_boundary(start) && text.is_char_boundary(end))
            .then(|| TextRange::new(start, end))
    }

    /// The document of one part of the file; [`Builder::finish_sections`] is left to the caller,
    /// once all parts are joined.
    fn build_part<'a>(mut self, root: &'a AstNode<'a>) -> Document {
        for edge in root.traverse() {
            match edge {
                NodeEdge::Start(node) => self.enter(node),
                NodeEdge::End(node) => self.leave(node),
            }
        }
        self.doc
    }

    fn enter<'a>(&mut self, node: &'a AstNode<'a>) {
        // Borrowed, not cloned: a clone copies every text of the document once more.
        let data = node.data();
        match &data.value {
            NodeValue::FrontMatter(raw) => {
                let range = self.range_of(node).unwrap_or_default();
                self.doc.front_matter = Some(FrontMatter::parse(raw, range));
            }
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) | NodeValue::Alert(_) => {
                self.quote_depth = self.quote_depth.saturating_add(1);
            }
            NodeValue::List(list) => {
                // The paragraph or heading right before the list introduces it.
                let lead_in = node.previous_sibling().and_then(|prev| {
                    matches!(
                        prev.data().value,
                        NodeValue::Paragraph | NodeValue::Heading(_)
                    )
                    .then(|| self.doc.blocks.len().checked_sub(1))
                    .flatten()
                });
                self.lists
                    .push((list.list_type == ListType::Ordered, list.start, lead_in, 0));
            }
            NodeValue::Item(_) | NodeValue::TaskItem(_) => {
                if let Some(top) = self.lists.last_mut() {
                    top.3 += 1;
                }
            }
            NodeValue::FootnoteDefinition(def) => self.footnote = Some(def.name.clone()),
            NodeValue::Table(table) => {
                let range = self.range_of(node).unwrap_or_default();
                let caption = node
                    .previous_sibling()
                    .filter(|p| matches!(p.data().value, NodeValue::Paragraph))
                    .and_then(|_| self.doc.blocks.len().checked_sub(1));
                self.doc.tables.push(Table {
                    range,
                    columns: table.num_columns,
                    header: Vec::new(),
                    rows: Vec::new(),
                    caption,
                    section: self.current_section,
                });
                self.table = Some((self.doc.tables.len() - 1, 0, 0));
            }
            NodeValue::TableRow(_) => {
                if let Some((t, _, col)) = self.table.as_mut() {
                    self.doc.tables[*t].rows.push(Vec::new());
                    *col = 0;
                }
            }
            NodeValue::Heading(h) => self.leaf(node, BlockKind::Heading(h.level)),
            NodeValue::Paragraph => {
                let kind = if self.lists.is_empty() {
                    BlockKind::Paragraph
                } else {
                    BlockKind::ListItem
                };
                self.leaf(node, kind);
            }
            NodeValue::TableCell => {
                let header_row = node
                    .parent()
                    .is_some_and(|p| matches!(p.data().value, NodeValue::TableRow(true)));
                self.leaf(node, BlockKind::TableCell { header_row });
            }
            NodeValue::CodeBlock(code) => {
                let range = self.range_of(node).unwrap_or_default();
                self.push_block(
                    BlockKind::CodeBlock,
                    code.literal.clone(),
                    Vec::new(),
                    Vec::new(),
                    range,
                );
            }
            NodeValue::HtmlBlock(html) => {
                let range = self.range_of(node).unwrap_or_default();
                self.comments_in(&html.literal, range);
                self.push_block(
                    BlockKind::Html,
                    html.literal.clone(),
                    Vec::new(),
                    Vec::new(),
                    range,
                );
            }
            NodeValue::ThematicBreak => {
                let range = self.range_of(node).unwrap_or_default();
                self.push_block(
                    BlockKind::Rule,
                    String::new(),
                    Vec::new(),
                    Vec::new(),
                    range,
                );
            }
            _ => {}
        }
    }

    fn leave<'a>(&mut self, node: &'a AstNode<'a>) {
        match node.data().value {
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) | NodeValue::Alert(_) => {
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            NodeValue::List(_) => {
                self.lists.pop();
            }
            NodeValue::FootnoteDefinition(_) => self.footnote = None,
            NodeValue::Table(_) => self.table = None,
            NodeValue::TableRow(_) => {
                if let Some((_, row, _)) = self.table.as_mut() {
                    *row += 1;
                }
            }
            NodeValue::TableCell => {
                if let Some((_, _, col)) = self.table.as_mut() {
                    *col += 1;
                }
            }
            _ => {}
        }
    }

    /// A block whose inline content is text: collect the text, its offset map and its styles.
    fn leaf<'a>(&mut self, node: &'a AstNode<'a>, kind: BlockKind) {
        let range = self.range_of(node).unwrap_or_default();
        if matches!(kind, BlockKind::Paragraph | BlockKind::ListItem) && self.text_table(range) {
            return;
        }
        let mut inl = Inlines::new(self.file);
        for edge in node.traverse() {
            match edge {
                NodeEdge::Start(n) if !std::ptr::eq(n, node) => inl.enter(n, self),
                NodeEdge::End(n) if !std::ptr::eq(n, node) => inl.leave(n),
                _ => {}
            }
        }
        let comments = std::mem::take(&mut inl.comments);
        for (text, r) in comments {
            self.comments_in(&text, r);
        }
        let (text, pieces, spans) = (inl.text, inl.pieces, inl.spans);
        if let BlockKind::Heading(level) = kind {
            self.doc.sections.push(Section {
                title: text.trim().to_owned(),
                level,
                block: self.doc.blocks.len(),
                parent: None,
                range,
            });
            self.current_section = Some(self.doc.sections.len() - 1);
        }
        self.push_block(kind, text, pieces, spans, range);
    }

    fn push_block(
        &mut self,
        kind: BlockKind,
        text: String,
        pieces: Vec<Piece>,
        spans: Vec<StyledSpan>,
        range: TextRange,
    ) {
        let index = self.doc.blocks.len();
        let list = self
            .lists
            .last()
            .map(|&(ordered, start, lead_in, counter)| ListInfo {
                ordered,
                number: start + counter.saturating_sub(1),
                depth: self.lists.len() as u8,
                lead_in,
            });
        let cell = match (kind, self.table) {
            (BlockKind::TableCell { .. }, Some((t, row, column))) => {
                let table = &mut self.doc.tables[t];
                if row == 0 {
                    table.header.push(text.trim().to_owned());
                }
                if let Some(r) = table.rows.last_mut() {
                    r.push(index);
                }
                Some(CellPos {
                    table: t,
                    row,
                    column,
                })
            }
            _ => None,
        };
        self.doc.blocks.push(Block {
            kind,
            text,
            pieces,
            spans,
            range,
            section: self.current_section,
            quote_depth: self.quote_depth,
            list,
            cell,
            footnote: self.footnote.clone(),
        });
    }

    /// A table pasted as text, which Markdown does not recognise: lines of `| a | b |` without
    /// a delimiter row, or tab-separated columns (from Excel or Word). Each line becomes a row,
    /// the first one the header, each cell a block mapped to its exact bytes.
    fn text_table(&mut self, range: TextRange) -> bool {
        let file = self.file;
        let src = &file.text[range.as_range()];
        let lines: Vec<(usize, &str)> = src
            .split_inclusive('\n')
            .scan(range.start, |at, line| {
                let start = *at;
                *at += line.len();
                Some((start, line.trim_end_matches(['\n', '\r'])))
            })
            .filter(|(_, l)| !l.trim().is_empty())
            .collect();
        if lines.len() < 2 {
            return false;
        }
        let piped = lines.iter().all(|(_, l)| {
            let t = l.trim();
            t.len() > 1 && t.starts_with('|') && t.ends_with('|')
        });
        let tabbed = !piped && lines.iter().all(|(_, l)| l.contains('\t'));
        if !piped && !tabbed {
            return false;
        }
        let separator = if piped { '|' } else { '\t' };
        // Cells of one line as byte ranges of the file.
        let cells_of = |start: usize, line: &str| -> Vec<TextRange> {
            let mut cells = Vec::new();
            let mut from = 0;
            let bytes: Vec<(usize, char)> = line.char_indices().collect();
            for &(i, c) in &bytes {
                if c == separator {
                    cells.push((from, i));
                    from = i + c.len_utf8();
                }
            }
            cells.push((from, line.len()));
            if piped {
                // Drop the empty edges outside the first and last pipe.
                cells.remove(0);
                cells.pop();
            }
            cells
                .into_iter()
                .map(|(a, b)| {
                    let cell = &line[a..b];
                    let lead = cell.len() - cell.trim_start().len();
                    let trail = cell.len() - cell.trim_end().len();
                    TextRange::new(
                        start + a + lead,
                        start + b.saturating_sub(trail).max(a + lead),
                    )
                })
                .collect()
        };
        let is_delimiter = |line: &str| {
            line.trim().trim_matches('|').split('|').all(|c| {
                let c = c.trim();
                !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' '))
            })
        };
        let caption = self
            .doc
            .blocks
            .last()
            .filter(|b| b.kind == BlockKind::Paragraph)
            .map(|_| self.doc.blocks.len() - 1);
        let rows: Vec<Vec<TextRange>> = lines
            .iter()
            .filter(|(_, l)| !(piped && is_delimiter(l)))
            .map(|(start, l)| cells_of(*start, l))
            .collect();
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        self.doc.tables.push(Table {
            range,
            columns,
            header: Vec::new(),
            rows: Vec::new(),
            caption,
            section: self.current_section,
        });
        let t = self.doc.tables.len() - 1;
        for (r, row) in rows.into_iter().enumerate() {
            self.doc.tables[t].rows.push(Vec::new());
            for (c, cell) in row.into_iter().enumerate() {
                let text = file.text[cell.as_range()].to_owned();
                let pieces = vec![Piece {
                    text_start: 0,
                    src_start: cell.start,
                    src_end: cell.end,
                    exact: true,
                }];
                self.table = Some((t, r, c));
                self.push_block(
                    BlockKind::TableCell { header_row: r == 0 },
                    text,
                    pieces,
                    Vec::new(),
                    cell,
                );
            }
        }
        self.table = None;
        true
    }

    /// Records the HTML comments found in raw HTML (suppression directives live there).
    fn comments_in(&mut self, html: &str, range: TextRange) {
        let src = &self.file.text[range.as_range()];
        let mut from = 0;
        while let Some(open) = html[from..].find("<!--") {
            let body_start = from + open + 4;
            let Some(close) = html[body_start..].find("-->") else {
                break;
            };
            let body = &html[body_start..body_start + close];
            // Locate the same comment in the source slice, to report exact positions.
            let at = src
                .find(&html[from + open..body_start + close + 3])
                .map_or(range, |i| {
                    TextRange::new(range.start + i, range.start + i + close + 7)
                });
            self.doc.comments.push(Comment {
                body: body.trim().to_owned(),
                range: at,
            });
            from = body_start + close + 3;
        }
    }

    /// Links each section to its parent and extends its range to the end of its content.
    fn finish_sections(&mut self) {
        let end = self.file.text.len();
        let sections = &mut self.doc.sections;
        // A section ends where the next one of its level or higher begins; its parent is the
        // nearest earlier one of a higher level. One pass with a stack of the open sections
        // (strictly rising levels) finds both.
        let mut open: Vec<usize> = Vec::new();
        for i in 0..sections.len() {
            let level = sections[i].level;
            while let Some(&k) = open.last()
                && sections[k].level >= level
            {
                sections[k].range.end = sections[i].range.start;
                open.pop();
            }
            sections[i].parent = open.last().copied();
            open.push(i);
        }
        for k in open {
            sections[k].range.end = end;
        }
    }
}

/// Collects the inline content of one block.
struct Inlines<'s> {
    file: &'s SourceFile,
    text: String,
    pieces: Vec<Piece>,
    spans: Vec<StyledSpan>,
    /// Open styles with the text offset where they began.
    open: Vec<(SpanStyle, usize)>,
    comments: Vec<(String, TextRange)>,
}

impl<'s> Inlines<'s> {
    fn new(file: &'s SourceFile) -> Self {
        Self {
            file,
            text: String::new(),
            pieces: Vec::new(),
            spans: Vec::new(),
            open: Vec::new(),
            comments: Vec::new(),
        }
    }

    fn range_of(&self, b: &Builder<'_>, node: &AstNode<'_>) -> Option<TextRange> {
        b.range_of(node)
    }

    fn push_text(&mut self, s: &str, src: Option<TextRange>) {
        if s.is_empty() {
            return;
        }
        let text_start = self.text.len();
        self.text.push_str(s);
        let Some(r) = src else {
            let at = self.pieces.last().map_or(0, |p| p.src_end);
            self.pieces.push(Piece {
                text_start,
                src_start: at,
                src_end: at,
                exact: false,
            });
            return;
        };
        let slice = &self.file.text[r.as_range()];
        // Usually the node's source starts with its text: no searcher to set up then.
        let at = if slice.starts_with(s) {
            Some(0)
        } else {
            slice.find(s)
        };
        let piece = match at {
            Some(i) => Piece {
                text_start,
                src_start: r.start + i,
                src_end: r.start + i + s.len(),
                exact: true,
            },
            None => Piece {
                text_start,
                src_start: r.start,
                src_end: r.end,
                exact: false,
            },
        };
        self.pieces.push(piece);
    }

    fn enter(&mut self, n: &AstNode<'_>, b: &Builder<'_>) {
        let data = n.data();
        match &data.value {
            NodeValue::Text(t) => {
                let r = self.range_of(b, n);
                self.push_text(t, r);
            }
            NodeValue::Code(code) => {
                let r = self.range_of(b, n);
                let start = self.text.len();
                self.push_text(&code.literal, r);
                self.spans.push(StyledSpan {
                    range: start..self.text.len(),
                    style: SpanStyle::Code,
                });
            }
            NodeValue::SoftBreak => {
                let r = self.range_of(b, n);
                let prev = self.text.chars().next_back();
                let next = n.next_sibling().and_then(|s| match &s.data().value {
                    NodeValue::Text(t) => Some(t.to_string()),
                    _ => None,
                });
                let next_text = next.as_deref().unwrap_or("");
                let joiner = if prev.is_some_and(|c| matches!(c, ':' | '：'))
                    || starts_with_enumerator(next_text)
                {
                    HARD_BREAK.to_string()
                } else if prev.is_some_and(is_cjk) || next_text.chars().next().is_some_and(is_cjk) {
                    String::new()
                } else {
                    " ".to_owned()
                };
                self.push_text(&joiner, r);
            }
            NodeValue::LineBreak => {
                let r = self.range_of(b, n);
                self.push_text(&HARD_BREAK.to_string(), r);
            }
            NodeValue::HtmlInline(html) => {
                if let Some(r) = self.range_of(b, n) {
                    self.comments.push((html.clone(), r));
                }
            }
            NodeValue::Emph => self.open.push((SpanStyle::Italic, self.text.len())),
            NodeValue::Strong => self.open.push((SpanStyle::Bold, self.text.len())),
            NodeValue::Strikethrough => self.open.push((SpanStyle::Strike, self.text.len())),
            NodeValue::Link(link) => self
                .open
                .push((SpanStyle::Link(link.url.clone()), self.text.len())),
            NodeValue::Image(link) => self
                .open
                .push((SpanStyle::Image(link.url.clone()), self.text.len())),
            NodeValue::FootnoteReference(f) => {
                self.spans.push(StyledSpan {
                    range: self.text.len()..self.text.len(),
                    style: SpanStyle::FootnoteRef(f.name.clone()),
                });
            }
            _ => {}
        }
    }

    fn leave(&mut self, n: &AstNode<'_>) {
        if matches!(
            n.data().value,
            NodeValue::Emph
                | NodeValue::Strong
                | NodeValue::Strikethrough
                | NodeValue::Link(_)
                | NodeValue::Image(_)
        ) && let Some((style, start)) = self.open.pop()
        {
            self.spans.push(StyledSpan {
                range: start..self.text.len(),
                style,
            });
        }
    }
}

/// Whether a line starts like an item of a hand-written enumeration: `（1）`, `(2)`, `1）`, `①`,
/// `一、`, `第一，`.
fn starts_with_enumerator(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    match first {
        '（' | '(' => chars
            .next()
            .is_some_and(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c)),
        '①'..='⑳' | '⑴'..='⒇' => true,
        c if c.is_ascii_digit() => s
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .starts_with(['）', ')', '、']),
        c if "一二三四五六七八九十".contains(c) => {
            s[first.len_utf8()..].starts_with('、')
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The front matter comrak splits off, by parsing: its length in bytes, 0 without one.
    fn comrak_front_matter_len(text: &str) -> usize {
        let arena = Arena::new();
        let root = parse_document(&arena, text, &options());
        root.children()
            .find_map(|n| match &n.data.borrow().value {
                NodeValue::FrontMatter(raw) => Some(raw.len()),
                _ => None,
            })
            .unwrap_or(0)
    }

    #[test]
    fn front_matter_ends_where_comrak_ends_it() {
        for text in [
            "---\ntitle: 方案\n---\n# 一、总则\n",
            "---\n---\n# 一、总则\n---\n正文\n",
            "---\n---\n",
            "---\r\ntitle: a\r\n---\r\n\r\n正文",
            "---\ntitle: a\n---",
            "---\ntitle: a\n----\n正文\n",
            "---\ntitle: a\n---x\n正文\n",
            "--- \ntitle: a\n---\n",
            "---\ntitle: a\n---\n\n\n正文",
            "# 没有\n---\n",
            "",
        ] {
            assert_eq!(
                front_matter_end(text),
                comrak_front_matter_len(text),
                "{text:?}"
            );
        }
    }

    fn doc(text: &str) -> (SourceFile, Document) {
        let f = SourceFile::new("t.md", text);
        let d = parse(&f);
        (f, d)
    }

    #[test]
    fn paragraphs_map_back_to_exact_bytes() {
        let (f, d) = doc("# 第一部分 业务发展计划\n\n本公司**不开展**电话营销。\n");
        let p = &d.blocks[1];
        assert_eq!(p.text, "本公司不开展电话营销。");
        let at = p.text.find("电话营销").unwrap();
        let r = p.source_range(at..at + "电话营销".len());
        assert_eq!(&f.text[r.as_range()], "电话营销");
        assert_eq!(d.sections[0].title, "第一部分 业务发展计划");
        assert_eq!(p.section, Some(0));
    }

    #[test]
    fn soft_breaks_between_han_leave_no_space() {
        let (_, d) = doc("本公司不提供\n电话营销服务。\n");
        assert_eq!(d.blocks[0].text, "本公司不提供电话营销服务。");
    }

    #[test]
    fn table_cells_know_their_header() {
        let (_, d) = doc("| 序号 | 禁止事项 |\n|---|---|\n| 1 | 电话营销 |\n");
        let cell = d.blocks.iter().find(|b| b.text == "电话营销").unwrap();
        let pos = cell.cell.unwrap();
        assert_eq!(d.tables[pos.table].header[pos.column], "禁止事项");
        assert_eq!(pos.row, 1);
    }

    #[test]
    fn list_items_know_their_lead_in() {
        let (_, d) = doc("严禁以下行为：\n\n- 电话营销\n- 催收\n");
        let item = d.blocks.iter().find(|b| b.text == "催收").unwrap();
        let lead = item.list.unwrap().lead_in.unwrap();
        assert_eq!(d.blocks[lead].text, "严禁以下行为：");
    }

    #[test]
    fn code_is_kept_apart_and_comments_are_found() {
        let (_, d) = doc("<!-- callplan-disable-next-line bf-x -->\n```\n电话营销\n```\n");
        assert!(
            d.blocks
                .iter()
                .any(|b| b.kind == BlockKind::CodeBlock && b.text.contains("电话营销"))
        );
        assert_eq!(d.comments[0].body, "callplan-disable-next-line bf-x");
    }
}
