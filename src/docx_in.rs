//! Reading Word drafts: a .docx becomes Markdown (headings, paragraphs, lists, tables, bold and
//! italic, images) plus a [`Locator`] that maps every paragraph of the Markdown back to its
//! heading path and paragraph number in the Word file, so that findings can be located there.
//!
//! Headings are recognised by outline level or heading style, and, for authors who style
//! headings by hand, by Chinese numbering (第一部分, 第一章, 一、, （一）, 1., （1）) on a short
//! paragraph. The package is read defensively: sizes are capped before decompression, DOCTYPE
//! declarations (external entities) are refused, and old .doc or encrypted files are told apart.

use std::collections::HashMap;
use std::io::Read;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::source::{Located, Locator};

/// Limits that keep a hostile file from exhausting memory.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest decompressed XML part.
    pub max_part: u64,
    /// Largest decompressed total of the parts read.
    pub max_total: u64,
    /// Most entries in the package.
    pub max_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_part: 64 * 1024 * 1024,
            max_total: 256 * 1024 * 1024,
            max_entries: 20_000,
        }
    }
}

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum DocxError {
    #[error("{path} 是旧版 Word 文档（.doc）或受密码保护的文件，无法读取")]
    #[diagnostic(
        code(callplan::docx::ole),
        help("在 Word 或 WPS 中去掉密码，并另存为 .docx 后再试")
    )]
    OleOrEncrypted { path: String },
    #[error("{path} 不是 .docx 文件（不是 ZIP 格式）")]
    #[diagnostic(
        code(callplan::docx::not_docx),
        help("用 Word 或 WPS 另存为 .docx；Markdown 文件请用 .md 扩展名")
    )]
    NotDocx { path: String },
    #[error("{path} 已损坏或不完整：{reason}")]
    #[diagnostic(
        code(callplan::docx::corrupt),
        help("用 Word 或 WPS 打开并重新保存；如果是下载或传输中断，请重新获取文件")
    )]
    Corrupt { path: String, reason: String },
    #[error("{path} 中的 {part} 解压后超过 {limit} 字节，拒绝读取")]
    #[diagnostic(
        code(callplan::docx::too_large),
        help("文件可能是压缩炸弹；正常的方案文件远小于此上限")
    )]
    TooLarge {
        path: String,
        part: String,
        limit: u64,
    },
    #[error("{path} 的 {part} 含有 DOCTYPE 声明（外部实体），拒绝读取")]
    #[diagnostic(
        code(callplan::docx::doctype),
        help("正常的 Word 文件不含 DOCTYPE；请用 Word 或 WPS 重新保存")
    )]
    Doctype { path: String, part: String },
}

/// A converted Word file.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    pub markdown: String,
    pub locator: Locator,
    /// Images found in the document: (file name used in the Markdown, bytes).
    pub images: Vec<(String, Vec<u8>)>,
}

/// Whether bytes look like a ZIP package (a .docx).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Whether bytes are an OLE compound file (.doc, or an encrypted .docx).
pub fn is_ole(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

struct Package<'a> {
    path: &'a str,
    archive: zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
    limits: Limits,
    total: u64,
}

impl<'a> Package<'a> {
    fn open(path: &'a str, bytes: &'a [u8], limits: Limits) -> Result<Self, DocxError> {
        if is_ole(bytes) {
            return Err(DocxError::OleOrEncrypted {
                path: path.to_owned(),
            });
        }
        if !is_zip(bytes) {
            return Err(DocxError::NotDocx {
                path: path.to_owned(),
            });
        }
        let archive =
            zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| DocxError::Corrupt {
                path: path.to_owned(),
                reason: e.to_string(),
            })?;
        if archive.len() > limits.max_entries {
            return Err(DocxError::Corrupt {
                path: path.to_owned(),
                reason: format!("包内文件多达 {} 个", archive.len()),
            });
        }
        Ok(Package {
            path,
            archive,
            limits,
            total: 0,
        })
    }

    /// A part's bytes, or `None` when the package has no such part.
    fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, DocxError> {
        let path = self.path.to_owned();
        let mut entry = match self.archive.by_name(name) {
            Ok(e) => e,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => {
                return Err(DocxError::Corrupt {
                    path,
                    reason: e.to_string(),
                });
            }
        };
        let limit = self
            .limits
            .max_part
            .min(self.limits.max_total.saturating_sub(self.total));
        let mut buf = Vec::new();
        (&mut entry)
            .take(limit + 1)
            .read_to_end(&mut buf)
            .map_err(|e| DocxError::Corrupt {
                path: path.clone(),
                reason: e.to_string(),
            })?;
        if buf.len() as u64 > limit {
            return Err(DocxError::TooLarge {
                path,
                part: name.to_owned(),
                limit,
            });
        }
        self.total += buf.len() as u64;
        Ok(Some(buf))
    }

    fn xml(&mut self, name: &str) -> Result<Option<String>, DocxError> {
        let Some(bytes) = self.part(name)? else {
            return Ok(None);
        };
        let text = String::from_utf8(bytes).map_err(|_| DocxError::Corrupt {
            path: self.path.to_owned(),
            reason: format!("{name} 不是 UTF-8 编码的 XML"),
        })?;
        if text.contains("<!DOCTYPE") || text.contains("<!ENTITY") {
            return Err(DocxError::Doctype {
                path: self.path.to_owned(),
                part: name.to_owned(),
            });
        }
        Ok(Some(text))
    }
}

fn local(name: &[u8]) -> &[u8] {
    name.rsplit(|&c| c == b':').next().unwrap_or(name)
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (local(a.key.as_ref()) == key.as_bytes())
            .then(|| String::from_utf8_lossy(&a.value).into_owned())
    })
}

/// A toggle property (`<w:b/>`, `<w:b w:val="0"/>`).
fn toggle(e: &BytesStart<'_>) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}

#[derive(Debug, Default, Clone)]
struct StyleInfo {
    name: String,
    outline: Option<u8>,
    based_on: Option<String>,
}

fn read_styles(xml: &str) -> HashMap<String, StyleInfo> {
    let mut map = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut current: Option<(String, StyleInfo)> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match local(e.name().as_ref()) {
                b"style" => {
                    if let Some((id, info)) = current.take() {
                        map.insert(id, info);
                    }
                    current = attr(&e, "styleId").map(|id| (id, StyleInfo::default()));
                }
                b"name" => {
                    if let (Some((_, info)), Some(v)) = (current.as_mut(), attr(&e, "val")) {
                        info.name = v;
                    }
                }
                b"basedOn" => {
                    if let Some((_, info)) = current.as_mut() {
                        info.based_on = attr(&e, "val");
                    }
                }
                b"outlineLvl" => {
                    if let (Some((_, info)), Some(v)) = (current.as_mut(), attr(&e, "val")) {
                        info.outline = v.parse().ok();
                    }
                }
                _ => {}
            },
            Ok(Event::End(e)) if local(e.name().as_ref()) == b"style" => {
                if let Some((id, info)) = current.take() {
                    map.insert(id, info);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    map
}

/// Heading level (1-based) a style gives, following `basedOn`.
fn style_level(styles: &HashMap<String, StyleInfo>, id: &str) -> Option<u8> {
    let mut at = Some(id.to_owned());
    for _ in 0..10 {
        let info = styles.get(at.as_deref()?)?;
        if let Some(o) = info.outline
            && o < 9
        {
            return Some(o + 1);
        }
        let name = info.name.to_lowercase();
        for prefix in ["heading ", "标题 ", "标题"] {
            if let Some(rest) = name.strip_prefix(prefix)
                && let Ok(n) = rest.trim().parse::<u8>()
                && (1..=9).contains(&n)
            {
                return Some(n);
            }
        }
        at = info.based_on.clone();
    }
    None
}

fn style_is_title(styles: &HashMap<String, StyleInfo>, id: &str) -> bool {
    let name = styles
        .get(id)
        .map(|s| s.name.to_lowercase())
        .unwrap_or_else(|| id.to_lowercase());
    name == "title" || name == "标题" || id.eq_ignore_ascii_case("title")
}

fn style_is_toc(styles: &HashMap<String, StyleInfo>, id: &str) -> bool {
    let name = styles
        .get(id)
        .map(|s| s.name.to_lowercase())
        .unwrap_or_else(|| id.to_lowercase());
    name.starts_with("toc") || name.starts_with("目录")
}

/// Whether a numbering instance is a bullet list: numId → abstract → level 0 format.
fn read_numbering(xml: &str) -> HashMap<String, bool> {
    let mut abstract_bullet: HashMap<String, bool> = HashMap::new();
    let mut num_to_abstract: HashMap<String, String> = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut in_abstract: Option<String> = None;
    let mut level: Option<String> = None;
    let mut in_num: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match local(e.name().as_ref()) {
                b"abstractNum" => in_abstract = attr(&e, "abstractNumId"),
                b"lvl" => level = attr(&e, "ilvl"),
                b"numFmt" => {
                    if let (Some(a), Some("0")) = (&in_abstract, level.as_deref()) {
                        abstract_bullet
                            .insert(a.clone(), attr(&e, "val").as_deref() == Some("bullet"));
                    }
                }
                b"num" => in_num = attr(&e, "numId"),
                b"abstractNumId" => {
                    if let (Some(n), Some(v)) = (&in_num, attr(&e, "val")) {
                        num_to_abstract.insert(n.clone(), v);
                    }
                }
                _ => {}
            },
            Ok(Event::End(e)) => match local(e.name().as_ref()) {
                b"abstractNum" => in_abstract = None,
                b"num" => in_num = None,
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    num_to_abstract
        .into_iter()
        .map(|(n, a)| {
            let bullet = abstract_bullet.get(&a).copied().unwrap_or(false);
            (n, bullet)
        })
        .collect()
}

fn read_relationships(xml: &str) -> HashMap<String, String> {
    let mut map = HashMap::new();
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e))
                if local(e.name().as_ref()) == b"Relationship" =>
            {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    map.insert(id, target);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    map
}

/// The text of a custom document property.
fn custom_property(xml: &str, wanted: &str) -> Option<String> {
    let mut reader = Reader::from_str(xml);
    let mut inside = false;
    let mut value = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if local(e.name().as_ref()) == b"property" => {
                inside = attr(&e, "name").as_deref() == Some(wanted);
            }
            Ok(Event::Text(t)) if inside => {
                let raw = t.decode().map(|c| c.into_owned()).unwrap_or_default();
                value.push_str(
                    &quick_xml::escape::unescape(&raw)
                        .map(|c| c.into_owned())
                        .unwrap_or(raw),
                );
            }
            Ok(Event::GeneralRef(r)) if inside => {
                let name = String::from_utf8_lossy(&r).into_owned();
                value.push_str(match name.as_str() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                });
            }
            Ok(Event::End(e)) if local(e.name().as_ref()) == b"property" && inside => {
                return Some(value);
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// One paragraph as read: its runs and properties.
#[derive(Debug, Default, Clone)]
struct Para {
    style: Option<String>,
    outline: Option<u8>,
    num: Option<(String, u8)>,
    /// (text, bold, italic); images as `\u{0}rid` markers.
    runs: Vec<(String, bool, bool)>,
    in_table: bool,
}

impl Para {
    fn text(&self) -> String {
        self.runs
            .iter()
            .filter(|(t, _, _)| !t.starts_with('\u{0}'))
            .map(|(t, _, _)| t.as_str())
            .collect()
    }
}

enum Item {
    Para(Para),
    Table(Vec<Vec<Vec<Para>>>),
}

/// Reads the body of document.xml into paragraphs and tables.
fn read_body(xml: &str) -> Vec<Item> {
    let mut reader = Reader::from_str(xml);
    let mut items: Vec<Item> = Vec::new();
    // Table stack: tables → rows → cells → paragraphs.
    let mut tables: Vec<Vec<Vec<Vec<Para>>>> = Vec::new();
    let mut para: Option<Para> = None;
    let mut in_ppr = false;
    let mut in_rpr = false;
    let mut bold = false;
    let mut italic = false;
    let mut in_text = false;
    let mut in_deleted = 0usize;
    let mut in_instr = false;
    // Field nesting: whether each open field is a table of contents.
    let mut fields: Vec<bool> = Vec::new();
    let mut pending_instr = String::new();
    let mut footnote_depth = 0usize;
    let mut skip_paragraph = false;
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match local(e.name().as_ref()) {
                    b"tbl" if !empty => tables.push(Vec::new()),
                    b"tr" if !empty => {
                        if let Some(t) = tables.last_mut() {
                            t.push(Vec::new());
                        }
                    }
                    b"tc" if !empty => {
                        if let Some(row) = tables.last_mut().and_then(|t| t.last_mut()) {
                            row.push(Vec::new());
                        }
                    }
                    b"gridSpan" => {
                        // A merged cell keeps the columns in line: add empty cells after it.
                        let span: usize = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(1);
                        if let Some(row) = tables.last_mut().and_then(|t| t.last_mut()) {
                            for _ in 1..span.min(50) {
                                row.push(vec![Para {
                                    in_table: true,
                                    ..Para::default()
                                }]);
                            }
                            // The empty cells go after the current one.
                            let n = row.len();
                            if span > 1 && n >= span {
                                let current = row.remove(n - span);
                                row.push(current);
                            }
                        }
                    }
                    b"p" if !empty => {
                        para = Some(Para {
                            in_table: !tables.is_empty(),
                            ..Para::default()
                        });
                        skip_paragraph = fields.iter().any(|toc| *toc) || footnote_depth > 0;
                    }
                    b"p" => {
                        // An empty paragraph.
                        let p = Para {
                            in_table: !tables.is_empty(),
                            ..Para::default()
                        };
                        push_para(&mut items, &mut tables, p);
                    }
                    b"pPr" if !empty => in_ppr = true,
                    b"rPr" if !empty => in_rpr = true,
                    b"pStyle" if in_ppr && !in_rpr => {
                        if let Some(p) = para.as_mut() {
                            p.style = attr(e, "val");
                        }
                    }
                    b"outlineLvl" if in_ppr && !in_rpr => {
                        if let Some(p) = para.as_mut() {
                            p.outline = attr(e, "val").and_then(|v| v.parse().ok());
                        }
                    }
                    b"ilvl" if in_ppr => {
                        if let Some(p) = para.as_mut() {
                            let lvl = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0);
                            p.num = Some((p.num.take().map(|n| n.0).unwrap_or_default(), lvl));
                        }
                    }
                    b"numId" if in_ppr => {
                        if let Some(p) = para.as_mut() {
                            let id = attr(e, "val").unwrap_or_default();
                            let lvl = p.num.as_ref().map_or(0, |n| n.1);
                            p.num = Some((id, lvl));
                        }
                    }
                    b"b" if in_rpr && !in_ppr => bold = toggle(e),
                    b"i" if in_rpr && !in_ppr => italic = toggle(e),
                    b"r" if !empty => {
                        bold = false;
                        italic = false;
                    }
                    b"t" if !empty => in_text = true,
                    b"instrText" if !empty => in_instr = true,
                    b"del" | b"moveFrom" if !empty => in_deleted += 1,
                    b"footnoteReference" | b"endnoteReference" => {}
                    b"tab" if !in_ppr => text_push(&mut para, "\t", bold, italic),
                    b"br" | b"cr"
                        if attr(e, "type").as_deref() != Some("page") => {
                            text_push(&mut para, "\n", bold, italic);
                        }
                    b"blip" => {
                        if let (Some(p), Some(rid)) = (para.as_mut(), attr(e, "embed")) {
                            p.runs.push((format!("\u{0}{rid}"), false, false));
                        }
                    }
                    b"fldChar" => match attr(e, "fldCharType").as_deref() {
                        Some("begin") => {
                            fields.push(false);
                            pending_instr.clear();
                        }
                        Some("separate") => {
                            if let Some(last) = fields.last_mut() {
                                *last = pending_instr.trim_start().starts_with("TOC");
                            }
                        }
                        Some("end") => {
                            fields.pop();
                        }
                        _ => {}
                    },
                    _ => {}
                }
            }
            Event::Text(t) => {
                let raw = t.decode().map(|c| c.into_owned()).unwrap_or_default();
                let s = quick_xml::escape::unescape(&raw)
                    .map(|c| c.into_owned())
                    .unwrap_or(raw);
                if in_instr {
                    pending_instr.push_str(&s);
                } else if in_text && in_deleted == 0 {
                    text_push(&mut para, &s, bold, italic);
                }
            }
            Event::GeneralRef(r)
                // Character and predefined entity references inside text.
                if in_text && in_deleted == 0 => {
                    let name = String::from_utf8_lossy(&r).into_owned();
                    let ch = match name.as_str() {
                        "amp" => Some("&".to_owned()),
                        "lt" => Some("<".to_owned()),
                        "gt" => Some(">".to_owned()),
                        "quot" => Some("\"".to_owned()),
                        "apos" => Some("'".to_owned()),
                        n if n.starts_with('#') => {
                            let num = if let Some(hex) = n.strip_prefix("#x") {
                                u32::from_str_radix(hex, 16).ok()
                            } else {
                                n[1..].parse().ok()
                            };
                            num.and_then(char::from_u32).map(|c| c.to_string())
                        }
                        _ => None,
                    };
                    if let Some(c) = ch {
                        text_push(&mut para, &c, bold, italic);
                    }
                }
            Event::End(e) => match local(e.name().as_ref()) {
                b"t" => in_text = false,
                b"instrText" => in_instr = false,
                b"pPr" => in_ppr = false,
                b"rPr" => in_rpr = false,
                b"del" | b"moveFrom" => in_deleted = in_deleted.saturating_sub(1),
                b"p" => {
                    if let Some(p) = para.take()
                        && !skip_paragraph
                    {
                        push_para(&mut items, &mut tables, p);
                    }
                    // A field that ends in a later paragraph keeps skipping until its end.
                    skip_paragraph = false;
                }
                b"tbl" => {
                    if let Some(t) = tables.pop() {
                        match tables
                            .last_mut()
                            .and_then(|t| t.last_mut())
                            .and_then(|r| r.last_mut())
                        {
                            // A nested table flattens into the enclosing cell.
                            Some(cell) => {
                                for row in t {
                                    for c in row {
                                        cell.extend(c);
                                    }
                                }
                            }
                            None => items.push(Item::Table(t)),
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    let _ = &mut footnote_depth;
    items
}

fn text_push(para: &mut Option<Para>, s: &str, bold: bool, italic: bool) {
    if let Some(p) = para.as_mut() {
        match p.runs.last_mut() {
            Some((t, b, i)) if *b == bold && *i == italic && !t.starts_with('\u{0}') => {
                t.push_str(s)
            }
            _ => p.runs.push((s.to_owned(), bold, italic)),
        }
    }
}

fn push_para(items: &mut Vec<Item>, tables: &mut [Vec<Vec<Vec<Para>>>], p: Para) {
    match tables
        .last_mut()
        .and_then(|t| t.last_mut())
        .and_then(|r| r.last_mut())
    {
        Some(cell) => cell.push(p),
        None => items.push(Item::Para(p)),
    }
}

/// Heading level from hand-typed Chinese numbering on a short paragraph.
fn numbered_level(text: &str) -> Option<u8> {
    use std::sync::OnceLock;
    static RE: OnceLock<[(regex::Regex, u8); 6]> = OnceLock::new();
    let t = text.trim();
    let chars = t.chars().count();
    if chars == 0 || chars > 40 || t.ends_with(['。', '；', '：', ':', '，', ';']) {
        return None;
    }
    let res = RE.get_or_init(|| {
        let r = |p: &str| regex::Regex::new(p).expect("valid regex");
        [
            (r(r"^第[一二三四五六七八九十]+部分"), 1),
            (r(r"^第[一二三四五六七八九十百\d]+章"), 2),
            (r(r"^[一二三四五六七八九十]+、"), 3),
            (r(r"^[（(][一二三四五六七八九十]+[）)]"), 4),
            (r(r"^\d+(\.\d+)+\s*\S"), 4),
            (r(r"^\d+[.．、]\s*\S"), 5),
        ]
    });
    res.iter().find(|(re, _)| re.is_match(t)).map(|(_, l)| *l)
}

fn escape_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(ch);
            }
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

struct Writer<'s> {
    out: String,
    located: Vec<Located>,
    paragraph: usize,
    path: Vec<(u8, String)>,
    styles: &'s HashMap<String, StyleInfo>,
    bullets: &'s HashMap<String, bool>,
    rels: &'s HashMap<String, String>,
    images: Vec<(String, String)>,
    media_dir: String,
    /// The document title being assembled from consecutive title-styled paragraphs:
    /// (start in `out`, index in `located`).
    title: Option<(usize, usize)>,
    title_done: bool,
}

impl Writer<'_> {
    fn inline(&mut self, p: &Para) -> String {
        let mut s = String::new();
        for (text, bold, italic) in &p.runs {
            if let Some(rid) = text.strip_prefix('\u{0}') {
                if let Some(target) = self.rels.get(rid) {
                    let file = target.rsplit('/').next().unwrap_or(target).to_owned();
                    let name = format!("{}/{}", self.media_dir, file);
                    self.images.push((
                        name.clone(),
                        format!(
                            "word/{}",
                            target.trim_start_matches('/').trim_start_matches("word/")
                        ),
                    ));
                    s.push_str(&format!("![图]({name})"));
                }
                continue;
            }
            let lines: Vec<String> = text.split('\n').map(escape_inline).collect();
            let body = lines.join("\\\n");
            if body.trim().is_empty() {
                s.push_str(&body);
                continue;
            }
            // Keep the spaces outside the markers so that emphasis parses.
            let lead = &body[..body.len() - body.trim_start().len()];
            let trail = &body[body.trim_end().len()..];
            let core = body.trim();
            let marked = match (bold, italic) {
                (true, true) => format!("***{core}***"),
                (true, false) => format!("**{core}**"),
                (false, true) => format!("*{core}*"),
                _ => core.to_owned(),
            };
            s.push_str(lead);
            s.push_str(&marked);
            s.push_str(trail);
        }
        s
    }

    fn heading_level(&self, p: &Para) -> Option<u8> {
        if p.in_table {
            return None;
        }
        if let Some(o) = p.outline
            && o < 9
        {
            return Some(o + 1);
        }
        if let Some(style) = &p.style {
            if style_is_toc(self.styles, style) {
                return None;
            }
            if let Some(l) = style_level(self.styles, style) {
                return Some(l);
            }
        }
        if p.num.is_none() {
            return numbered_level(&p.text());
        }
        None
    }

    fn record(&mut self, start: usize, text: String) {
        self.paragraph += 1;
        self.located.push(Located {
            range: start..self.out.len(),
            paragraph: self.paragraph,
            heading_path: self.path.iter().map(|(_, t)| t.clone()).collect(),
            text,
        });
    }

    fn para(&mut self, p: &Para) {
        let text = p.text();
        if text.trim().is_empty() && !p.runs.iter().any(|(t, _, _)| t.starts_with('\u{0}')) {
            self.paragraph += 1;
            return;
        }
        if let Some(style) = &p.style
            && style_is_toc(self.styles, style)
        {
            self.paragraph += 1;
            return;
        }
        // A table of contents heading is not part of the plan.
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if compact == "目录" {
            self.paragraph += 1;
            return;
        }
        // Title-styled paragraphs (a cover page) make one title heading.
        if let Some(style) = &p.style
            && style_is_title(self.styles, style)
            && !self.title_done
        {
            let title = text.trim().replace('\n', " ");
            match self.title {
                Some((start, at)) => {
                    self.out.truncate(self.out.len() - 2);
                    self.out.push(' ');
                    self.out.push_str(&escape_inline(&title));
                    self.out.push_str("\n\n");
                    self.paragraph += 1;
                    let located = &mut self.located[at];
                    located.range = start..self.out.len();
                    located.text.push(' ');
                    located.text.push_str(&title);
                }
                None => {
                    let start = self.out.len();
                    self.out.push_str("# ");
                    self.out.push_str(&escape_inline(&title));
                    self.out.push_str("\n\n");
                    self.title = Some((start, self.located.len()));
                    self.record(start, title);
                }
            }
            return;
        }
        if self.title.is_some() {
            self.title_done = true;
        }
        let start = self.out.len();
        if let Some(level) = self.heading_level(p) {
            let level = level.clamp(1, 6);
            let title = text.trim().replace('\n', " ");
            self.out.push_str(&"#".repeat(level as usize));
            self.out.push(' ');
            self.out.push_str(&escape_inline(&title));
            self.out.push_str("\n\n");
            // The heading itself is located under its parents.
            self.record(start, title.clone());
            self.path.retain(|(l, _)| *l < level);
            self.path.push((level, title));
            return;
        }
        let inline = self.inline(p);
        match &p.num {
            Some((id, lvl)) if !id.is_empty() && id != "0" => {
                let bullet = self.bullets.get(id).copied().unwrap_or(true);
                let indent = "   ".repeat(*lvl as usize);
                let marker = if bullet { "- " } else { "1. " };
                self.out.push_str(&indent);
                self.out.push_str(marker);
                self.out
                    .push_str(&inline.replace("\\\n", &format!("\\\n{indent}   ")));
                self.out.push_str("\n\n");
            }
            _ => {
                self.out.push_str(&inline);
                self.out.push_str("\n\n");
            }
        }
        self.record(start, text);
    }

    fn table(&mut self, rows: &[Vec<Vec<Para>>]) {
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        for (r, row) in rows.iter().enumerate() {
            let mut line = String::from("|");
            let row_start = self.out.len();
            let mut cells = Vec::new();
            for c in 0..columns {
                let paras = row.get(c).map(Vec::as_slice).unwrap_or(&[]);
                let text: Vec<String> = paras
                    .iter()
                    .map(|p| self.inline(p).replace("\\\n", " "))
                    .filter(|t| !t.trim().is_empty())
                    .collect();
                let plain: Vec<String> = paras
                    .iter()
                    .map(Para::text)
                    .filter(|t| !t.trim().is_empty())
                    .collect();
                let cell = text.join(" ");
                let offset = line.len();
                line.push(' ');
                line.push_str(if cell.is_empty() { " " } else { &cell });
                line.push_str(" |");
                cells.push((offset, line.len(), plain.join(" ")));
            }
            self.out.push_str(&line);
            self.out.push('\n');
            for (a, z, plain) in cells {
                self.paragraph += 1;
                self.located.push(Located {
                    range: row_start + a..row_start + z,
                    paragraph: self.paragraph,
                    heading_path: self.path.iter().map(|(_, t)| t.clone()).collect(),
                    text: plain,
                });
            }
            if r == 0 {
                self.out.push('|');
                for _ in 0..columns {
                    self.out.push_str("---|");
                }
                self.out.push('\n');
            }
        }
        self.out.push('\n');
    }
}

/// Converts a .docx to Markdown. `media_dir` is the folder name images are referred to by (the
/// caller writes `Imported::images` there).
pub fn read(
    path: &str,
    bytes: &[u8],
    limits: Limits,
    media_dir: &str,
) -> Result<Imported, DocxError> {
    let mut pkg = Package::open(path, bytes, limits)?;
    let document = pkg
        .xml("word/document.xml")?
        .ok_or_else(|| DocxError::Corrupt {
            path: path.to_owned(),
            reason: "缺少 word/document.xml".into(),
        })?;
    let styles = pkg
        .xml("word/styles.xml")?
        .map(|x| read_styles(&x))
        .unwrap_or_default();
    let bullets = pkg
        .xml("word/numbering.xml")?
        .map(|x| read_numbering(&x))
        .unwrap_or_default();
    let rels = pkg
        .xml("word/_rels/document.xml.rels")?
        .map(|x| read_relationships(&x))
        .unwrap_or_default();
    let front_matter = pkg
        .xml("docProps/custom.xml")?
        .and_then(|x| custom_property(&x, crate::export::FRONT_MATTER_PROPERTY));
    let items = read_body(&document);
    let mut out = String::new();
    if let Some(fm) = front_matter {
        let fm = fm.trim();
        if fm.starts_with("---") && fm.ends_with("---") && fm.len() >= 6 {
            out.push_str(fm);
            out.push_str("\n\n");
        }
    }
    let mut w = Writer {
        out,
        located: Vec::new(),
        paragraph: 0,
        path: Vec::new(),
        styles: &styles,
        bullets: &bullets,
        rels: &rels,
        images: Vec::new(),
        media_dir: media_dir.to_owned(),
        title: None,
        title_done: false,
    };
    for item in &items {
        match item {
            Item::Para(p) => w.para(p),
            Item::Table(rows) => w.table(rows),
        }
    }
    let mut images = Vec::new();
    let wanted = std::mem::take(&mut w.images);
    for (name, part) in wanted {
        if images.iter().any(|(n, _): &(String, Vec<u8>)| *n == name) {
            continue;
        }
        if let Some(bytes) = pkg.part(&part)? {
            images.push((name, bytes));
        }
    }
    Ok(Imported {
        markdown: w.out,
        locator: Locator {
            paragraphs: w.located,
        },
        images,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_numbered_headings() {
        assert_eq!(numbered_level("第一部分 业务发展计划"), Some(1));
        assert_eq!(numbered_level("第三章 接入方式"), Some(2));
        assert_eq!(numbered_level("一、总体要求"), Some(3));
        assert_eq!(numbered_level("（二）服务项目"), Some(4));
        assert_eq!(numbered_level("2.1 业务种类"), Some(4));
        assert_eq!(
            numbered_level("一、本公司不开展营销外呼，平台以受理呼入为主。"),
            None
        );
        assert_eq!(numbered_level("2027年计划开通"), None);
    }

    #[test]
    fn non_docx_inputs_are_told_apart() {
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        assert!(matches!(
            read("a.docx", &ole, Limits::default(), "m"),
            Err(DocxError::OleOrEncrypted { .. })
        ));
        assert!(matches!(
            read("a.docx", b"hello", Limits::default(), "m"),
            Err(DocxError::NotDocx { .. })
        ));
        assert!(matches!(
            read("a.docx", b"PK\x03\x04truncated", Limits::default(), "m"),
            Err(DocxError::Corrupt { .. })
        ));
    }
}
