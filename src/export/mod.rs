//! Export: a Markdown plan becomes a Word file laid out as Chinese official documents are
//! (GB/T 9704-2012): A4, 37/35/28/26 mm margins, 22-line grid, 仿宋 三号 body with a two-character
//! indent, 小标宋 二号 title, 黑体/楷体/仿宋 headings numbered 一、（一）1.（1） with real Word
//! numbering, `— 1 —` page numbers right on odd and left on even pages, a cover page and a table
//! of contents that Word fills in on opening.
//!
//! The exporter reads the same [`Document`] model the linter uses; inline styles come from its
//! spans. docx-rs renders each body paragraph and table as soon as it is complete (see `body`)
//! and writes the rest of the package; a few settings it has no API for (repeated table header
//! rows, updating fields on open, the Chinese language tag) are added to the XML afterwards.

mod body;
pub mod style;
pub mod verify;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Comment, DocGrid, DocGridType, Docx,
    FieldCharType, Footer, Footnote, Hyperlink, HyperlinkType, IndentLevel, InstrPAGE, InstrText,
    InstrToC, Level, LevelJc, LevelOverride, LevelSuffixType, LevelText, LineSpacing,
    LineSpacingType, NumberFormat, Numbering, NumberingId, PageMargin, Paragraph, Pic, Run,
    RunFonts, SpecialIndentType, Start, Style, StyleType, Table, TableCell, TableRow, WidthType,
};

use crate::markdown::{Block, BlockKind, Document, FrontMatter, SpanStyle};
use crate::source::SourceFile;
use crate::text::is_cjk;
pub use style::Layout;

use body::Body;

/// Name of the custom document property that carries the plan's front matter.
pub const FRONT_MATTER_PROPERTY: &str = "callplan-front-matter";

/// Numbering definition ids.
const HEADING_NUMBERING: usize = 1;
const BULLET_NUMBERING: usize = 2;
const ORDERED_NUMBERING: usize = 3;
/// First id of per-list numbering instances (each ordered list restarts).
const LIST_INSTANCE_BASE: usize = 10;

/// EMU per twip and per pixel at 96 dpi.
const EMU_PER_TWIP: u64 = 635;
const EMU_PER_PX: u64 = 9525;

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ExportError {
    #[error("{file}:{line}: 找不到图片 {path}")]
    #[diagnostic(
        code(callplan::export::image_missing),
        help("把图片放在方案文件所在的文件夹中，或加 --allow-missing-images 以图注文字代替")
    )]
    ImageMissing {
        file: String,
        line: usize,
        path: String,
    },
    #[error("{file}:{line}: 图片 {path} 不在方案所在的文件夹内")]
    #[diagnostic(
        code(callplan::export::image_outside),
        help("把图片复制到方案所在的文件夹中，或确认无误后加 --allow-outside")
    )]
    ImageOutside {
        file: String,
        line: usize,
        path: String,
    },
    #[error("{file}:{line}: 图片 {path} 无法读取：{reason}")]
    #[diagnostic(code(callplan::export::image), help("只支持 PNG 和 JPEG 图片"))]
    ImageBroken {
        file: String,
        line: usize,
        path: String,
        reason: String,
    },
    #[error("版式设置有误：{0}")]
    #[diagnostic(code(callplan::export::layout))]
    Layout(String),
    #[error("生成 Word 文件失败：{0}")]
    #[diagnostic(code(callplan::export::write))]
    Write(String),
}

/// Options of one export.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    pub layout: Layout,
    /// Folder images are resolved against (the plan's folder).
    pub base_dir: PathBuf,
    /// A missing image becomes its caption text instead of an error.
    pub allow_missing_images: bool,
    /// Images outside `base_dir` are accepted.
    pub allow_outside: bool,
    /// Leave out the cover page and the table of contents.
    pub no_cover: bool,
    /// Review comments to anchor on the words they concern (`callplan review`).
    pub comments: Vec<ReviewComment>,
    /// A summary table for the first page: (category, errors, warnings, infos).
    pub summary: Option<Vec<(String, usize, usize, usize)>>,
}

/// A Word comment on a range of the source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewComment {
    pub range: crate::source::TextRange,
    /// Paragraphs of the comment text.
    pub text: Vec<String>,
}

/// Comment author shown in Word's margin.
pub const COMMENT_AUTHOR: &str = "callplan";

/// What an export produced, for the summary line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportStats {
    pub headings: usize,
    pub paragraphs: usize,
    pub tables: usize,
    pub images: usize,
    pub footnotes: usize,
    pub missing_images: usize,
}

/// Exports a parsed plan to the bytes of a .docx file.
pub fn export(
    file: &SourceFile,
    doc: &Document,
    opts: &ExportOptions,
) -> Result<(Vec<u8>, ExportStats), ExportError> {
    opts.layout.validate().map_err(ExportError::Layout)?;
    let mut w = Writer::new(file, doc, opts);
    let (docx, body) = w.build()?;
    let mut xml = docx.build();
    body.splice(&mut xml.document)?;
    patch(&mut xml);
    // The parts are stored uncompressed: the archive is about as large as they are.
    let size = xml.document.len()
        + xml.numberings.len()
        + xml.footnotes.len()
        + xml.comments.len()
        + xml.media.iter().map(|(_, m)| m.len()).sum::<usize>()
        + 64 * 1024;
    let mut buf = std::io::Cursor::new(Vec::with_capacity(size));
    xml.pack(&mut buf)
        .map_err(|e| ExportError::Write(e.to_string()))?;
    Ok((buf.into_inner(), w.stats))
}

/// A heading's role in the Word file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeadingRole {
    /// The document title (cover page, or top of the first page).
    Title,
    /// `第一部分 …`: centred, starts a page.
    Part,
    /// Levels 1–4 of the body: 一、（一）1.（1）.
    Level(u8),
}

struct Writer<'a> {
    file: &'a SourceFile,
    doc: &'a Document,
    opts: &'a ExportOptions,
    stats: ExportStats,
    /// Ordered-list numbering instances created so far.
    instances: Vec<(usize, usize)>,
    /// Open ordered list per depth: (numbering id, last number, block index).
    open_lists: HashMap<u8, (usize, usize, usize)>,
    /// Footnote definitions by name: their block indices.
    footnotes: HashMap<String, Vec<usize>>,
    /// Markdown heading level that maps to body level 1.
    level1: u8,
    /// Whether H1 headings are parts (more than one H1 besides the title).
    title_block: Option<usize>,
    /// Comments by block: (index into opts.comments, range in the block's text).
    block_comments: HashMap<usize, Vec<(usize, std::ops::Range<usize>)>>,
    /// Comments that fall on no block (front matter): anchored on the summary heading.
    loose_comments: Vec<usize>,
}

fn heading_number_present(text: &str) -> bool {
    use std::sync::OnceLock;
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r"^\s*(第[一二三四五六七八九十百零〇两\d]+[部分章节条篇]|[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+(\.\d+)+|\d+[.．、)）]|\d+\s|[A-Za-z][.、)]|附件|附录|附表|附图)",
        )
        .expect("valid regex")
    });
    re.is_match(text)
}

fn is_part_heading(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with('第') && t.chars().take(8).collect::<String>().contains("部分")
}

fn needs_hint(text: &str) -> bool {
    text.chars()
        .any(|c| is_cjk(c) || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·' | '、'))
}

impl<'a> Writer<'a> {
    fn new(file: &'a SourceFile, doc: &'a Document, opts: &'a ExportOptions) -> Self {
        let mut footnotes: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, b) in doc.blocks.iter().enumerate() {
            if let Some(name) = &b.footnote {
                footnotes.entry(name.clone()).or_default().push(i);
            }
        }
        // Roles: the first H1 before any other content is the title; further H1s are parts
        // when they say 第…部分 or when there are several of them.
        let h1: Vec<usize> = doc
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.kind == BlockKind::Heading(1) && b.footnote.is_none())
            .map(|(i, _)| i)
            .collect();
        let title_block = h1.first().copied().filter(|&i| {
            !is_part_heading(&doc.blocks[i].text)
                && doc.blocks[..i]
                    .iter()
                    .all(|b| matches!(b.kind, BlockKind::Html | BlockKind::Rule))
        });
        let parts = h1.iter().filter(|&&i| Some(i) != title_block).count();
        let level1 = if parts > 0 || title_block.is_some() {
            2
        } else {
            1
        };
        Writer {
            file,
            doc,
            opts,
            stats: ExportStats::default(),
            instances: Vec::new(),
            open_lists: HashMap::new(),
            footnotes,
            level1,
            title_block,
            block_comments: HashMap::new(),
            loose_comments: Vec::new(),
        }
        .with_comments()
    }

    /// Maps each review comment to the block holding its start and the range in that block's
    /// text.
    fn with_comments(mut self) -> Self {
        for (k, c) in self.opts.comments.iter().enumerate() {
            let found = self.doc.blocks.iter().enumerate().find(|(_, b)| {
                b.kind != BlockKind::Html
                    && b.range.start <= c.range.start
                    && c.range.start < b.range.end.max(b.range.start + 1)
            });
            match found.and_then(|(i, b)| b.text_range(c.range).map(|r| (i, r))) {
                Some((i, r)) => self.block_comments.entry(i).or_default().push((k, r)),
                None => self.loose_comments.push(k),
            }
        }
        self
    }

    fn comment(&self, k: usize) -> Comment {
        let l = self.layout();
        // One paragraph with line breaks: docx-rs writes a comment once per paragraph it has.
        let mut para = Paragraph::new();
        for (i, line) in self.opts.comments[k].text.iter().enumerate() {
            let mut run = Run::new();
            if i > 0 {
                run = run.add_break(BreakType::TextWrapping);
            }
            para = para.add_run(
                run.add_text(line)
                    .fonts(self.fonts(&l.body_font, line))
                    .size(Layout::half_points(l.table_size)),
            );
        }
        Comment::new(k + 1)
            .author(COMMENT_AUTHOR)
            .date("2026-01-01T00:00:00Z")
            .add_paragraph(para)
    }

    fn layout(&self) -> &Layout {
        &self.opts.layout
    }

    fn fonts(&self, east_asia: &str, text: &str) -> RunFonts {
        let l = self.layout();
        let f = RunFonts::new()
            .east_asia(east_asia)
            .ascii(&l.latin_font)
            .hi_ansi(&l.latin_font)
            .cs(&l.latin_font);
        if needs_hint(text) {
            f.hint("eastAsia")
        } else {
            f
        }
    }

    /// Index of a block of this document, from its address (blocks are stored contiguously).
    fn block_index(&self, b: &Block) -> usize {
        let base = self.doc.blocks.as_ptr() as usize;
        let at = b as *const Block as usize;
        let size = std::mem::size_of::<Block>().max(1);
        let i = at.wrapping_sub(base) / size;
        if i < self.doc.blocks.len() && std::ptr::eq(&self.doc.blocks[i], b) {
            i
        } else {
            usize::MAX
        }
    }

    /// The monospaced font for every script (diagrams line up only if Latin letters are half
    /// the width of Han characters in the same font).
    fn code_fonts(&self, text: &str) -> RunFonts {
        let f = &self.layout().code_font;
        let fonts = RunFonts::new().east_asia(f).ascii(f).hi_ansi(f).cs(f);
        if needs_hint(text) {
            fonts.hint("eastAsia")
        } else {
            fonts
        }
    }

    fn role(&self, index: usize, level: u8) -> HeadingRole {
        if Some(index) == self.title_block {
            return HeadingRole::Title;
        }
        if level == 1 && (self.level1 == 2) {
            return HeadingRole::Part;
        }
        let body = (level as i32 - self.level1 as i32 + 1).clamp(1, 4) as u8;
        HeadingRole::Level(body)
    }

    fn styles(&self, mut docx: Docx) -> Docx {
        let opts = self.opts;
        let l = &opts.layout;
        let char_twips = (l.body_size * 20.0).round() as i32;
        let body = Layout::half_points(l.body_size);
        let base = |id: &str, name: &str, font: &str, size: usize| {
            Style::new(id, StyleType::Paragraph)
                .name(name)
                .fonts(
                    RunFonts::new()
                        .east_asia(font)
                        .ascii(&l.latin_font)
                        .hi_ansi(&l.latin_font)
                        .cs(&l.latin_font),
                )
                .size(size)
                .color("000000")
        };
        // Body text and headings start two characters in (GB/T 9704).
        let indented = |style: Style| {
            style
                .indent(
                    None,
                    Some(SpecialIndentType::FirstLine(2 * char_twips)),
                    None,
                    None,
                )
                .first_line_chars(200)
        };
        docx = docx
            .add_style(
                indented(base("Normal", "Normal", &l.body_font, body)).align(AlignmentType::Both),
            )
            .add_style(
                base(
                    "Title",
                    "Title",
                    &l.title_font,
                    Layout::half_points(l.title_size),
                )
                .align(AlignmentType::Center)
                .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None)
                .first_line_chars(0),
            )
            .add_style(
                base(
                    "Part",
                    "heading 1",
                    &l.heading1_font,
                    Layout::half_points(l.title_size - 4.0),
                )
                .align(AlignmentType::Center)
                .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None)
                .first_line_chars(0)
                .outline_lvl(0),
            )
            .add_style(
                indented(base("Heading1", "heading 2", &l.heading1_font, body)).outline_lvl(1),
            )
            .add_style(
                indented(base("Heading2", "heading 3", &l.heading2_font, body)).outline_lvl(2),
            )
            .add_style(
                indented(base("Heading3", "heading 4", &l.body_font, body).bold()).outline_lvl(3),
            )
            .add_style(indented(base("Heading4", "heading 5", &l.body_font, body)).outline_lvl(4))
            .add_style(
                base("ListText", "List Paragraph", &l.body_font, body).align(AlignmentType::Both),
            )
            .add_style(
                base(
                    "TableText",
                    "Table Text",
                    &l.body_font,
                    Layout::half_points(l.table_size),
                )
                .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None)
                .first_line_chars(0),
            )
            .add_style(
                base(
                    "Code",
                    "Source Code",
                    &l.code_font,
                    Layout::half_points(l.code_size),
                )
                .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None)
                .first_line_chars(0)
                .snap_to_grid(false)
                .line_spacing(
                    LineSpacing::new()
                        .line_rule(LineSpacingType::Auto)
                        .line(240),
                ),
            )
            .add_style(indented(base(
                "Quote",
                "Block Text",
                &l.heading2_font,
                body,
            )))
            .add_style(
                base(
                    "FootnoteText",
                    "footnote text",
                    &l.body_font,
                    Layout::half_points(l.table_size),
                )
                .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None)
                .first_line_chars(0),
            );
        docx
    }

    fn numbering(&self, docx: Docx) -> Docx {
        let l = self.layout();
        let char_twips = (l.body_size * 20.0).round() as i32;
        let heading_level = |lvl: usize, fmt: &str, text: &str| {
            Level::new(
                lvl,
                Start::new(1),
                NumberFormat::new(fmt),
                LevelText::new(text),
                LevelJc::new("left"),
            )
            .suffix(LevelSuffixType::Nothing)
            .level_restart(lvl as u32)
            .indent(
                None,
                Some(SpecialIndentType::FirstLine(2 * char_twips)),
                None,
                None,
            )
        };
        // Headings: 一、 （一） 1. （1）, no tab after the marker, the marker in the
        // heading's own font.
        let headings = AbstractNumbering::new(HEADING_NUMBERING)
            .add_level(heading_level(0, "chineseCounting", "%1、"))
            .add_level(heading_level(1, "chineseCounting", "（%2）"))
            .add_level(heading_level(2, "decimal", "%3."))
            .add_level(heading_level(3, "decimal", "（%4）"));
        let mut bullets = AbstractNumbering::new(BULLET_NUMBERING);
        let mut ordered = AbstractNumbering::new(ORDERED_NUMBERING);
        for lvl in 0..6usize {
            let left = (2 + 2 * lvl as i32) * char_twips;
            let mark = ["●", "○", "■", "●", "○", "■"][lvl];
            bullets = bullets.add_level(
                Level::new(
                    lvl,
                    Start::new(1),
                    NumberFormat::new("bullet"),
                    LevelText::new(mark),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(left),
                    Some(SpecialIndentType::Hanging(char_twips)),
                    None,
                    None,
                )
                .suffix(LevelSuffixType::Nothing),
            );
            let (fmt, text) = match lvl % 2 {
                0 => ("decimal", format!("%{}.", lvl + 1)),
                _ => ("decimal", format!("（%{}）", lvl + 1)),
            };
            ordered = ordered.add_level(
                Level::new(
                    lvl,
                    Start::new(1),
                    NumberFormat::new(fmt),
                    LevelText::new(text),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(left),
                    Some(SpecialIndentType::Hanging(2 * char_twips)),
                    None,
                    None,
                )
                .suffix(LevelSuffixType::Nothing),
            );
        }
        let mut docx = docx
            .add_abstract_numbering(headings)
            .add_abstract_numbering(bullets)
            .add_abstract_numbering(ordered)
            .add_numbering(Numbering::new(HEADING_NUMBERING, HEADING_NUMBERING))
            .add_numbering(Numbering::new(BULLET_NUMBERING, BULLET_NUMBERING));
        for &(id, start) in &self.instances {
            let mut n = Numbering::new(id, ORDERED_NUMBERING);
            for lvl in 0..6 {
                n = n.add_override(LevelOverride::new(lvl).start(if lvl == 0 { start } else { 1 }));
            }
            docx = docx.add_numbering(n);
        }
        docx
    }

    fn page_setup(&self, docx: Docx) -> Docx {
        let l = self.layout();
        let margin = PageMargin {
            top: Layout::mm(l.margin_top),
            left: Layout::mm(l.margin_left),
            bottom: Layout::mm(l.margin_bottom),
            right: Layout::mm(l.margin_right),
            header: Layout::mm(15.0),
            footer: Layout::mm(28.0) - Layout::mm(7.0),
            gutter: 0,
        };
        let mut docx = docx.page_size(style::A4.0, style::A4.1).page_margin(margin);
        docx.document = docx.document.doc_grid(
            // A line grid only: 22 lines per page. A character grid would make LibreOffice give
            // each 三号 character two grid cells, because 28 of them are slightly wider than the
            // text block.
            DocGrid::new()
                .grid_type(DocGridType::Lines)
                .line_pitch(l.line_pitch() as usize),
        );
        let size = Layout::half_points(l.page_number_size);
        let one_char = (l.page_number_size * 20.0).round() as i32;
        let page_number = |align: AlignmentType, left: Option<i32>, right: Option<i32>| {
            let fonts = RunFonts::new()
                .east_asia(&l.page_number_font)
                .ascii(&l.page_number_font)
                .hi_ansi(&l.page_number_font);
            let run = |t: &str| Run::new().add_text(t).size(size).fonts(fonts.clone());
            Paragraph::new()
                .align(align)
                .indent(left, None, right, None)
                .add_run(run("— "))
                .add_run(
                    Run::new()
                        .size(size)
                        .fonts(fonts.clone())
                        .add_field_char(FieldCharType::Begin, false)
                        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
                        .add_field_char(FieldCharType::Separate, false)
                        .add_text("1")
                        .add_field_char(FieldCharType::End, false),
                )
                .add_run(run(" —"))
        };
        let odd =
            Footer::new().add_paragraph(page_number(AlignmentType::Right, None, Some(one_char)));
        let even =
            Footer::new().add_paragraph(page_number(AlignmentType::Left, Some(one_char), None));
        docx = docx.footer(odd).even_footer(even);
        if !self.opts.no_cover {
            docx = docx
                .first_footer(Footer::new().add_paragraph(Paragraph::new()))
                .title_pg();
        }
        docx
    }

    /// The first page of a reviewed file: findings by category, and the comments that concern
    /// the document as a whole (its front matter).
    fn summary_page(
        &self,
        docx: &mut Docx,
        body: &mut Body,
        rows: &[(String, usize, usize, usize)],
    ) -> Result<(), ExportError> {
        let opts = self.opts;
        let l = &opts.layout;
        let mut title = Paragraph::new().style("Title").add_run(self.plain(
            "审查意见汇总",
            &l.title_font,
            l.title_size,
        ));
        for &k in &self.loose_comments {
            title = title
                .add_comment_start(self.comment(k))
                .add_comment_end(k + 1);
        }
        body.paragraph(docx, title)?;
        let total: usize = rows.iter().map(|r| r.1 + r.2 + r.3).sum();
        body.paragraph(
            docx,
            Paragraph::new().style("Normal").add_run(self.plain(
                &format!(
                    "callplan 依据工信部信管〔2020〕81号及相关规定检查本方案，共发现 {total} 处问题，逐条以批注形式标在原文旁。"
                ),
                &l.body_font,
                l.body_size,
            )),
        )?;
        let cell = |text: &str, header: bool| {
            let mut r = self.plain(text, &l.body_font, l.table_size);
            if header {
                r = r.bold();
            }
            TableCell::new().add_paragraph(
                Paragraph::new()
                    .style("TableText")
                    .align(AlignmentType::Center)
                    .add_run(r),
            )
        };
        let mut table_rows = vec![
            TableRow::new(vec![
                cell("类别", true),
                cell("错误", true),
                cell("警告", true),
                cell("提示", true),
            ])
            .cant_split(),
        ];
        for (name, e, w, i) in rows {
            table_rows.push(TableRow::new(vec![
                cell(name, false),
                cell(&e.to_string(), false),
                cell(&w.to_string(), false),
                cell(&i.to_string(), false),
            ]));
        }
        let width = l.text_width() as usize;
        let grid = vec![width * 2 / 5, width / 5, width / 5, width / 5];
        body.table(
            docx,
            Table::new(table_rows)
                .set_grid(grid.clone())
                .width(grid.iter().sum(), WidthType::Dxa),
        )?;
        body.paragraph(
            docx,
            Paragraph::new().add_run(Run::new().add_break(BreakType::Page)),
        )
    }

    fn front_matter(&self) -> Option<&FrontMatter> {
        self.doc.front_matter.as_ref().filter(|f| f.error.is_none())
    }

    fn title_text(&self) -> String {
        if let Some(i) = self.title_block {
            return self.doc.blocks[i].text.trim().to_owned();
        }
        self.front_matter()
            .and_then(|f| f.title.clone())
            .unwrap_or_else(|| "业务发展和实施计划及技术方案".into())
    }

    fn plain(&self, text: &str, font: &str, size: f32) -> Run {
        Run::new()
            .add_text(text)
            .fonts(self.fonts(font, text))
            .size(Layout::half_points(size))
    }

    fn cover(&self, docx: &mut Docx, body: &mut Body) -> Result<(), ExportError> {
        let opts = self.opts;
        let l = &opts.layout;
        let fm = self.front_matter();
        let blank = || Paragraph::new().style("Title");
        for _ in 0..4 {
            body.paragraph(docx, blank())?;
        }
        if let Some(company) = fm.and_then(|f| f.company.clone()) {
            body.paragraph(
                docx,
                Paragraph::new().style("Title").add_run(self.plain(
                    &company,
                    &l.title_font,
                    l.title_size,
                )),
            )?;
        }
        let title = self.title_text();
        let title = match fm.and_then(|f| f.company.clone()) {
            Some(c) => title.trim_start_matches(c.as_str()).trim().to_owned(),
            None => title,
        };
        body.paragraph(
            docx,
            Paragraph::new().style("Title").add_run(self.plain(
                &title,
                &l.title_font,
                l.title_size,
            )),
        )?;
        for _ in 0..3 {
            body.paragraph(docx, blank())?;
        }
        let mut lines = vec!["申请业务：第二类增值电信业务 国内呼叫中心业务（B24-1）".to_owned()];
        if let Some(f) = fm {
            if let Some(scope) = &f.scope {
                let label = match scope.as_str() {
                    s if s.contains('全') || s.contains("跨地区") => "跨地区（全网）",
                    s if s.contains('地') || s.contains("省内") => "省内（地网）",
                    s => s,
                };
                let mut line = format!("许可范围：{label}");
                if !f.provinces.is_empty() {
                    line.push_str(&format!("，覆盖{}", f.provinces.join("、")));
                }
                lines.push(line);
            }
            if let Some(c) = &f.company {
                lines.push(format!("申请单位：{c}"));
            }
            if let Some(d) = &f.date {
                lines.push(format!("日期：{}", chinese_date(d)));
            }
        }
        for line in lines {
            body.paragraph(
                docx,
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None)
                    .first_line_chars(0)
                    .add_run(self.plain(&line, &l.body_font, l.body_size)),
            )?;
        }
        // Table of contents on its own page; Word fills it in when the file is opened.
        body.paragraph(
            docx,
            Paragraph::new()
                .style("Title")
                .page_break_before(true)
                .add_run(self.plain("目  录", &l.heading1_font, l.title_size - 4.0)),
        )?;
        // The field's cached result lists the headings without page numbers, so that a viewer
        // that does not update fields still shows the contents; Word rebuilds it on opening.
        let char_twips = (l.body_size * 20.0).round() as i32;
        body.paragraph(
            docx,
            Paragraph::new()
                .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None)
                .first_line_chars(0)
                .add_run(
                    Run::new()
                        .add_field_char(FieldCharType::Begin, true)
                        .add_instr_text(InstrText::TOC(
                            InstrToC::new().heading_styles_range(1, 3).hyperlink(),
                        ))
                        .add_field_char(FieldCharType::Separate, false),
                ),
        )?;
        for (idx, b) in self.doc.blocks.iter().enumerate() {
            let BlockKind::Heading(level) = b.kind else {
                continue;
            };
            if b.footnote.is_some() {
                continue;
            }
            let toc_level = match self.role(idx, level) {
                HeadingRole::Title => continue,
                HeadingRole::Part => 1,
                HeadingRole::Level(n) => n as i32 + 1,
            };
            if toc_level > 3 {
                continue;
            }
            body.paragraph(
                docx,
                Paragraph::new()
                    .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None)
                    .first_line_chars(0)
                    .indent(Some((toc_level - 1) * 2 * char_twips), None, None, None)
                    .add_run(self.plain(b.text.trim(), &l.body_font, l.body_size)),
            )?;
        }
        body.paragraph(
            docx,
            Paragraph::new()
                .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None)
                .first_line_chars(0)
                .add_run(Run::new().add_field_char(FieldCharType::End, false)),
        )
    }

    /// The package without its body's rendered children, and the body.
    fn build(&mut self) -> Result<(Docx, Body), ExportError> {
        let opts = self.opts;
        let l = &opts.layout;
        // Document defaults carry the body font and size: Word and LibreOffice size the
        // character grid from them.
        let mut docx = Docx::new()
            .default_size(Layout::half_points(l.body_size))
            .default_fonts(
                RunFonts::new()
                    .east_asia(&l.body_font)
                    .ascii(&l.latin_font)
                    .hi_ansi(&l.latin_font)
                    .cs(&l.latin_font),
            );
        docx = self.styles(docx);
        docx = self.page_setup(docx);
        // The declared facts travel with the file, so that importing it back (or linting the
        // .docx) cross-checks the same front matter.
        if let Some(fm) = &self.doc.front_matter
            && let Some(raw) = self.file.text.get(fm.range.start..fm.range.end)
        {
            docx = docx.custom_property(FRONT_MATTER_PROPERTY, raw.trim());
        }
        let mut body = Body::new(&mut docx);
        if let Some(summary) = self.opts.summary.clone() {
            self.summary_page(&mut docx, &mut body, &summary)?;
        }
        let cover = !self.opts.no_cover;
        if cover {
            self.cover(&mut docx, &mut body)?;
        }
        let mut first_body = true;
        let mut i = 0;
        while i < self.doc.blocks.len() {
            let b = &self.doc.blocks[i];
            if b.footnote.is_some() {
                i += 1;
                continue;
            }
            match b.kind {
                BlockKind::Heading(level) => {
                    let role = self.role(i, level);
                    if role == HeadingRole::Title && cover {
                        i += 1;
                        continue;
                    }
                    let p = self.heading(b, role, cover && first_body)?;
                    body.paragraph(&mut docx, p)?;
                    self.stats.headings += 1;
                    self.open_lists.clear();
                }
                BlockKind::Paragraph => {
                    let p = self.paragraph(b, i)?;
                    body.paragraph(&mut docx, p)?;
                    self.stats.paragraphs += 1;
                    self.open_lists.clear();
                }
                BlockKind::ListItem => {
                    let p = self.list_item(b, i)?;
                    body.paragraph(&mut docx, p)?;
                    self.stats.paragraphs += 1;
                }
                BlockKind::TableCell { .. } => {
                    let table = b.cell.map(|c| c.table).unwrap_or(0);
                    let (t, last) = self.table(table)?;
                    body.table(&mut docx, t)?;
                    // An empty paragraph after a table keeps the next one from touching it.
                    body.paragraph(
                        &mut docx,
                        Paragraph::new()
                            .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None)
                            .first_line_chars(0),
                    )?;
                    self.stats.tables += 1;
                    self.open_lists.clear();
                    i = last + 1;
                    first_body = false;
                    continue;
                }
                BlockKind::CodeBlock => {
                    for line in b.text.trim_end_matches('\n').split('\n') {
                        body.paragraph(
                            &mut docx,
                            Paragraph::new().style("Code").add_run(
                                Run::new()
                                    .add_text(line.replace('\t', "    "))
                                    .fonts(self.code_fonts(line)),
                            ),
                        )?;
                    }
                    self.open_lists.clear();
                }
                BlockKind::Rule => {
                    body.paragraph(
                        &mut docx,
                        Paragraph::new().add_run(Run::new().add_break(BreakType::Page)),
                    )?;
                }
                BlockKind::Html => {}
            }
            first_body = false;
            i += 1;
        }
        docx = self.numbering(docx);
        Ok((docx, body))
    }

    fn heading(
        &mut self,
        b: &Block,
        role: HeadingRole,
        first: bool,
    ) -> Result<Paragraph, ExportError> {
        let opts = self.opts;
        let l = &opts.layout;
        let (style, font, size) = match role {
            HeadingRole::Title => ("Title", l.title_font.clone(), l.title_size),
            HeadingRole::Part => ("Part", l.heading1_font.clone(), l.title_size - 4.0),
            HeadingRole::Level(1) => ("Heading1", l.heading1_font.clone(), l.body_size),
            HeadingRole::Level(2) => ("Heading2", l.heading2_font.clone(), l.body_size),
            HeadingRole::Level(3) => ("Heading3", l.body_font.clone(), l.body_size),
            HeadingRole::Level(_) => ("Heading4", l.body_font.clone(), l.body_size),
        };
        let mut p = Paragraph::new().style(style).keep_next(true);
        if role == HeadingRole::Part || (first && matches!(role, HeadingRole::Level(1))) {
            p = p.page_break_before(true);
        }
        if let HeadingRole::Level(n) = role
            && !heading_number_present(&b.text)
        {
            p = p.numbering(
                NumberingId::new(HEADING_NUMBERING),
                IndentLevel::new(n as usize - 1),
            );
        }
        self.inline(p, b, &font, size)
    }

    fn paragraph(&mut self, b: &Block, _index: usize) -> Result<Paragraph, ExportError> {
        let opts = self.opts;
        let l = &opts.layout;
        let (style, font) = if b.quote_depth > 0 {
            ("Quote", l.heading2_font.clone())
        } else {
            ("Normal", l.body_font.clone())
        };
        let mut p = Paragraph::new().style(style);
        if b.quote_depth > 0 {
            let char_twips = (l.body_size * 20.0) as i32;
            p = p.indent(
                Some(char_twips * 2 * b.quote_depth as i32),
                None,
                None,
                None,
            );
        }
        self.inline(p, b, &font, l.body_size)
    }

    fn list_item(&mut self, b: &Block, index: usize) -> Result<Paragraph, ExportError> {
        let opts = self.opts;
        let l = &opts.layout;
        let Some(info) = b.list else {
            return self.paragraph(b, index);
        };
        let depth = info.depth.max(1);
        let level = (depth as usize - 1).min(5);
        // Deeper lists close when a shallower item comes.
        self.open_lists.retain(|&d, _| d <= depth);
        let id = if info.ordered {
            match self.open_lists.get(&depth) {
                Some(&(id, last, at))
                    if info.number == last + 1 && self.contiguous(at, index, depth) =>
                {
                    id
                }
                Some(&(id, last, at))
                    if info.number == last && self.contiguous(at, index, depth) =>
                {
                    // A second paragraph of the same item.
                    id
                }
                _ => {
                    let id = LIST_INSTANCE_BASE + self.instances.len();
                    self.instances.push((id, info.number));
                    id
                }
            }
        } else {
            BULLET_NUMBERING
        };
        let same_item = info.ordered
            && self
                .open_lists
                .get(&depth)
                .is_some_and(|&(i, last, _)| i == id && last == info.number);
        if info.ordered {
            self.open_lists.insert(depth, (id, info.number, index));
        }
        let mut p = Paragraph::new().style("ListText");
        if same_item {
            let char_twips = (l.body_size * 20.0) as i32;
            p = p.indent(Some((2 + 2 * level as i32) * char_twips), None, None, None);
        } else {
            p = p.numbering(NumberingId::new(id), IndentLevel::new(level));
        }
        self.inline(p, b, &l.body_font, l.body_size)
    }

    /// Whether the blocks between `from` and `to` all belong to a list at `depth` or deeper.
    fn contiguous(&self, from: usize, to: usize, depth: u8) -> bool {
        self.doc.blocks[from + 1..to].iter().all(|b| {
            b.footnote.is_some()
                || (b.kind == BlockKind::ListItem && b.list.is_some_and(|l| l.depth >= depth))
        })
    }

    /// Adds the runs of a block's text, styled by its spans, with the block's review comments
    /// anchored on their words.
    fn inline(
        &mut self,
        mut p: Paragraph,
        b: &Block,
        font: &str,
        size: f32,
    ) -> Result<Paragraph, ExportError> {
        // Most exports have no review comments: no lookup per block then.
        let comments = if self.block_comments.is_empty() {
            Vec::new()
        } else {
            let index = self.block_index(b);
            self.block_comments.get(&index).cloned().unwrap_or_default()
        };
        let text = &b.text;
        // Cut points at every span and comment boundary.
        let mut cuts: Vec<usize> = vec![0, text.len()];
        for s in &b.spans {
            cuts.push(s.range.start.min(text.len()));
            cuts.push(s.range.end.min(text.len()));
        }
        for (_, r) in &comments {
            cuts.push(r.start.min(text.len()));
            cuts.push(r.end.min(text.len()));
        }
        cuts.sort_unstable();
        cuts.dedup();
        // A trailing window so that zero-length spans at the very end are emitted.
        cuts.push(text.len());
        let mut consumed_until = 0;
        let mut emitted_empty: Vec<usize> = Vec::new();
        let mut started: Vec<usize> = Vec::new();
        let mut ended: Vec<usize> = Vec::new();
        for w in cuts.windows(2) {
            let (a, z) = (w[0], w[1]);
            for (k, r) in &comments {
                if r.start <= a && !started.contains(k) {
                    started.push(*k);
                    p = p.add_comment_start(self.comment(*k));
                }
            }
            // Zero-length spans (a footnote reference, an image without caption) sit at `a`.
            for (k, s) in b.spans.iter().enumerate() {
                if s.range.start == a && s.range.is_empty() && !emitted_empty.contains(&k) {
                    emitted_empty.push(k);
                    match &s.style {
                        SpanStyle::FootnoteRef(name) => p = p.add_run(self.footnote(name)),
                        SpanStyle::Image(url) => p = p.add_run(self.image(b, url, "", font, size)?),
                        _ => {}
                    }
                }
            }
            if a < consumed_until
                || a == z
                || !text.is_char_boundary(a)
                || !text.is_char_boundary(z)
            {
                continue;
            }
            let covering: Vec<&crate::markdown::StyledSpan> = b
                .spans
                .iter()
                .filter(|s| s.range.start <= a && z <= s.range.end)
                .collect();
            let active: Vec<&SpanStyle> = covering.iter().map(|s| &s.style).collect();
            // Images and footnote references replace their whole span.
            if let Some(span) = covering
                .iter()
                .find(|s| matches!(s.style, SpanStyle::Image(_)))
            {
                let SpanStyle::Image(url) = &span.style else {
                    unreachable!()
                };
                let range = span.range.start.min(text.len())..span.range.end.min(text.len());
                p = p.add_run(self.image(b, url, &text[range.clone()], font, size)?);
                consumed_until = range.end;
                continue;
            }
            if let Some(span) = covering
                .iter()
                .find(|s| matches!(s.style, SpanStyle::FootnoteRef(_)))
            {
                let SpanStyle::FootnoteRef(name) = &span.style else {
                    unreachable!()
                };
                p = p.add_run(self.footnote(name));
                consumed_until = span.range.end;
                continue;
            }
            let piece = &text[a..z];
            let code = active.iter().any(|s| matches!(s, SpanStyle::Code));
            let opts = self.opts;
            let run_font = if code {
                opts.layout.code_font.as_str()
            } else {
                font
            };
            let mut runs = Vec::new();
            for (k, line) in piece.split('\n').enumerate() {
                let mut r = Run::new();
                if k > 0 {
                    r = r.add_break(BreakType::TextWrapping);
                }
                if !line.is_empty() {
                    r = r.add_text(line);
                }
                let fonts = if code {
                    self.code_fonts(line)
                } else {
                    self.fonts(run_font, line)
                };
                r = r.fonts(fonts).size(Layout::half_points(size));
                if active.iter().any(|s| matches!(s, SpanStyle::Bold)) {
                    r = r.bold();
                }
                if active.iter().any(|s| matches!(s, SpanStyle::Italic)) {
                    r = r.italic();
                }
                if active.iter().any(|s| matches!(s, SpanStyle::Strike)) {
                    r = r.strike();
                }
                runs.push(r);
            }
            if let Some(SpanStyle::Link(url)) =
                active.iter().find(|s| matches!(s, SpanStyle::Link(_)))
            {
                let mut link = Hyperlink::new(url.as_str(), HyperlinkType::External);
                for r in runs {
                    link = link.add_run(r.color("0000FF").underline("single"));
                }
                p = p.add_hyperlink(link);
            } else {
                for r in runs {
                    p = p.add_run(r);
                }
            }
            for (k, r) in &comments {
                if r.end <= z && started.contains(k) && !ended.contains(k) {
                    ended.push(*k);
                    p = p.add_comment_end(*k + 1);
                }
            }
        }
        for (k, _) in &comments {
            if !started.contains(k) {
                started.push(*k);
                p = p.add_comment_start(self.comment(*k));
            }
            if !ended.contains(k) {
                p = p.add_comment_end(*k + 1);
            }
        }
        Ok(p)
    }

    fn footnote(&mut self, name: &str) -> Run {
        let opts = self.opts;
        let l = &opts.layout;
        let mut note = Footnote::new();
        for &i in self.footnotes.get(name).map(Vec::as_slice).unwrap_or(&[]) {
            let b = &self.doc.blocks[i];
            note.add_content(Paragraph::new().style("FootnoteText").add_run(self.plain(
                &b.text,
                &l.body_font,
                l.table_size,
            )));
        }
        self.stats.footnotes += 1;
        Run::new().add_footnote_reference(note)
    }

    fn image(
        &mut self,
        b: &Block,
        url: &str,
        alt: &str,
        font: &str,
        size: f32,
    ) -> Result<Run, ExportError> {
        let line = self.file.line_col(b.range.start).line;
        let file = self.file.name.clone();
        let placeholder = |this: &mut Self| {
            this.stats.missing_images += 1;
            Run::new()
                .add_text(format!(
                    "［图：{}］",
                    if alt.is_empty() { url } else { alt }
                ))
                .fonts(this.fonts(font, alt))
                .size(Layout::half_points(size))
        };
        let remote = url.contains("://");
        let path = self.opts.base_dir.join(url);
        if remote || !path.is_file() {
            if self.opts.allow_missing_images {
                return Ok(placeholder(self));
            }
            return Err(ExportError::ImageMissing {
                file,
                line,
                path: url.to_owned(),
            });
        }
        if !self.opts.allow_outside {
            let inside = match (path.canonicalize(), self.opts.base_dir.canonicalize()) {
                (Ok(p), Ok(base)) => p.starts_with(base),
                _ => false,
            };
            if !inside {
                return Err(ExportError::ImageOutside {
                    file,
                    line,
                    path: url.to_owned(),
                });
            }
        }
        let broken = |reason: String| ExportError::ImageBroken {
            file: file.clone(),
            line,
            path: url.to_owned(),
            reason,
        };
        let bytes = std::fs::read(&path).map_err(|e| broken(e.to_string()))?;
        let (png, w, h) = to_png(&bytes).map_err(broken)?;
        let max_w = self.layout().text_width() as u64 * EMU_PER_TWIP;
        let (mut ew, mut eh) = (w as u64 * EMU_PER_PX, h as u64 * EMU_PER_PX);
        if ew > max_w {
            eh = eh * max_w / ew.max(1);
            ew = max_w;
        }
        self.stats.images += 1;
        Ok(Run::new().add_image(Pic::new_with_dimensions(png, w, h).size(ew as u32, eh as u32)))
    }

    /// A table with its header row repeated, borders, and column widths from the content.
    fn table(&mut self, index: usize) -> Result<(Table, usize), ExportError> {
        let t = &self.doc.tables[index];
        let opts = self.opts;
        let l = &opts.layout;
        let columns = t.columns.max(1);
        // Display width per column: Han characters count two, capped so one long cell does not
        // starve the others.
        let mut need = vec![2usize; columns];
        for row in &t.rows {
            for (c, &bi) in row.iter().enumerate().take(columns) {
                let w: usize = self.doc.blocks[bi]
                    .text
                    .chars()
                    .map(|ch| if is_cjk(ch) || !ch.is_ascii() { 2 } else { 1 })
                    .sum();
                need[c] = need[c].max(w.clamp(2, 40));
            }
        }
        let total: usize = need.iter().sum::<usize>().max(1);
        let width = l.text_width() as usize;
        let grid: Vec<usize> = need.iter().map(|n| (width * n / total).max(600)).collect();
        let mut rows = Vec::new();
        let mut last_block = 0;
        for (r, row) in t.rows.iter().enumerate() {
            let mut cells = Vec::new();
            for (c, &width) in grid.iter().enumerate() {
                let mut cell = TableCell::new().width(width, WidthType::Dxa);
                match row.get(c) {
                    Some(&bi) => {
                        last_block = last_block.max(bi);
                        let b = &self.doc.blocks[bi];
                        let mut p = Paragraph::new().style("TableText");
                        if r == 0 {
                            p = p.align(AlignmentType::Center);
                        }
                        let mut p = self.inline(p, b, &l.body_font, l.table_size)?;
                        if r == 0 {
                            p = p.bold();
                        }
                        cell = cell.add_paragraph(p);
                    }
                    None => cell = cell.add_paragraph(Paragraph::new().style("TableText")),
                }
                cells.push(cell);
            }
            let mut tr = TableRow::new(cells);
            if r == 0 {
                // Marked for the header-row repeat added when the table is rendered (see
                // `body::mark_header_rows`).
                tr = tr.cant_split();
            }
            rows.push(tr);
        }
        // Cells are consecutive blocks; footnote blocks never sit inside a table.
        let table = Table::new(rows)
            .set_grid(grid.clone())
            .width(grid.iter().sum(), WidthType::Dxa);
        Ok((table, last_block))
    }
}

/// `2026-11-30` → `2026年11月30日` (month and day without leading zeros, as GB/T 9704 asks).
pub fn chinese_date(d: &str) -> String {
    let parts: Vec<&str> = d.trim().split(['-', '/', '.']).collect();
    if parts.len() == 3
        && let (Ok(y), Ok(m), Ok(day)) = (
            parts[0].parse::<u32>(),
            parts[1].parse::<u32>(),
            parts[2].parse::<u32>(),
        )
    {
        return format!("{y}年{m}月{day}日");
    }
    d.to_owned()
}

/// PNG bytes and pixel size of a PNG or JPEG image (a JPEG is re-encoded as PNG, the one format
/// docx-rs embeds).
fn to_png(bytes: &[u8]) -> Result<(Vec<u8>, u32, u32), String> {
    use image::ImageFormat;
    let format = image::guess_format(bytes).map_err(|_| "不是 PNG 或 JPEG 图片".to_owned())?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(20_000);
    limits.max_image_height = Some(20_000);
    limits.max_alloc = Some(512 * 1024 * 1024);
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    reader.limits(limits);
    match format {
        ImageFormat::Png => {
            let (w, h) = reader.into_dimensions().map_err(|e| e.to_string())?;
            Ok((bytes.to_vec(), w, h))
        }
        ImageFormat::Jpeg => {
            let img = reader.decode().map_err(|e| e.to_string())?;
            let (w, h) = (img.width(), img.height());
            let mut out = std::io::Cursor::new(Vec::new());
            img.write_to(&mut out, ImageFormat::Png)
                .map_err(|e| e.to_string())?;
            Ok((out.into_inner(), w, h))
        }
        _ => Err("只支持 PNG 和 JPEG 图片".to_owned()),
    }
}

/// Adds what docx-rs has no API for, to the XML parts before they are zipped (header rows
/// repeated on every page are added as the body renders, see `body`): fields updated
/// when the file is opened (so the table of contents fills in), the Chinese language tag for
/// East Asian text, and a single Normal style (docx-rs always writes a bare one first).
fn patch(xml: &mut docx_rs::XMLDocx) {
    fn edit(bytes: &mut Vec<u8>, f: impl FnOnce(String) -> String) {
        if let Ok(text) = String::from_utf8(std::mem::take(bytes)) {
            *bytes = f(text).into_bytes();
        }
    }
    edit(&mut xml.settings, |x| {
        match x
            .find("<w:settings")
            .and_then(|s| x[s..].find('>').map(|e| s + e + 1))
        {
            Some(at) => {
                let mut x = x;
                x.insert_str(at, "<w:updateFields w:val=\"true\" />");
                x
            }
            None => x,
        }
    });
    edit(&mut xml.styles, |x| {
        let bare = "<w:style w:type=\"paragraph\" w:styleId=\"Normal\"><w:name w:val=\"Normal\" /><w:rPr /><w:pPr><w:rPr /></w:pPr><w:qFormat /></w:style>";
        let x = if x.matches("w:styleId=\"Normal\"").count() > 1 {
            x.replacen(bare, "", 1)
        } else {
            x
        };
        x.replacen(
            "<w:rPrDefault><w:rPr>",
            "<w:rPrDefault><w:rPr><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" />",
            1,
        )
    });
}

/// Where an export of `input` goes by default: the same name with `.docx`.
pub fn default_output(input: &Path) -> PathBuf {
    input.with_extension("docx")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_heading_texts_are_recognised() {
        for t in [
            "第一章 公司概况",
            "一、总体要求",
            "（一）业务形态",
            "2.1 业务种类",
            "1. 范围",
            "附件清单",
            "第三部分 技术方案",
        ] {
            assert!(heading_number_present(t), "{t}");
        }
        for t in [
            "公司概况",
            "业务形态与服务内容",
            "95号码使用方案",
            "2027年计划",
        ] {
            assert!(!heading_number_present(t), "{t}");
        }
    }

    #[test]
    fn dates_lose_leading_zeros() {
        assert_eq!(chinese_date("2027-01-05"), "2027年1月5日");
        assert_eq!(chinese_date("某日"), "某日");
    }
}
