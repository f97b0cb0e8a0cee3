//! The body of `word/document.xml`, serialized child by child as the writer produces it.
//!
//! Holding every paragraph of a long plan in one docx-rs tree and rendering the tree at the end
//! costs hundreds of megabytes and most of the export time. Here each paragraph or table is
//! rendered with docx-rs's own `BuildXML` as soon as it is complete and then dropped, so the XML
//! is exactly what docx-rs would have written.
//!
//! A few children carry package-wide dependencies that docx-rs collects while it builds the
//! package: images (media files and their relationships), footnote references (footnotes.xml),
//! hyperlinks (relationships) and review comments (comments.xml). Those children still go into
//! the docx-rs tree, each followed by a marker element, and their rendered XML is cut out of
//! docx-rs's `document.xml` at the markers and spliced back in order.

use docx_rs::xml::writer::{EmitterConfig, EventWriter};
use docx_rs::{
    BookmarkEnd, BuildXML, DocumentChild, Docx, Paragraph, ParagraphChild, RunChild, Table,
    TableCellContent, TableChild, TableRowChild,
};

use super::ExportError;

/// Bookmark id of the marker that follows each child left in the docx-rs tree. No bookmark of
/// ours has it (the exporter writes no bookmarks at all).
const MARKER_ID: usize = usize::MAX;

/// What the marker renders as.
fn marker_xml() -> String {
    format!("<w:bookmarkEnd w:id=\"{MARKER_ID}\" />")
}

/// A rows's "do not split" flag, which marks a table's header row.
const CANT_SPLIT: &str = "<w:cantSplit />";
/// The same with the header-row repeat docx-rs has no API for.
const CANT_SPLIT_HEADER: &str = "<w:cantSplit /><w:tblHeader />";

fn write_error(e: impl std::fmt::Display) -> ExportError {
    ExportError::Write(e.to_string())
}

/// The rendered body, and the children docx-rs still has to see.
pub(super) struct Body {
    /// Renders into the stretch after the last child left to docx-rs (`None` only while a
    /// child renders).
    out: Option<EventWriter<Vec<u8>>>,
    /// Rendered stretches before each child left to docx-rs, in order.
    stretches: Vec<Vec<u8>>,
}

impl Body {
    /// Starts the body of `docx`, which must have no body children yet: from here on every
    /// child goes through this.
    pub(super) fn new(docx: &mut Docx) -> Self {
        // The marker that ends what docx-rs writes before the body's first child.
        docx.document
            .children
            .push(DocumentChild::BookmarkEnd(BookmarkEnd::new(MARKER_ID)));
        Body {
            out: Some(Self::writer(Vec::new())),
            stretches: Vec::new(),
        }
    }

    /// A writer set up as docx-rs sets up its own (no declaration, no escaping of text that
    /// docx-rs has already escaped, no indentation).
    fn writer(buf: Vec<u8>) -> EventWriter<Vec<u8>> {
        EmitterConfig {
            write_document_declaration: false,
            perform_escaping: false,
            perform_indent: false,
            line_separator: "".into(),
        }
        .create_writer(buf)
    }

    fn buffer(&mut self) -> Result<&mut Vec<u8>, ExportError> {
        self.out
            .as_mut()
            .ok_or_else(|| write_error("内部错误：XML 写入器丢失"))?
            .inner_mut()
            .map_err(write_error)
    }

    /// Appends a paragraph to the body.
    pub(super) fn paragraph(&mut self, docx: &mut Docx, p: Paragraph) -> Result<(), ExportError> {
        if p.has_numbering {
            docx.document_rels.has_numberings = true;
            docx.document.has_numbering = true;
        }
        if paragraph_is_self_contained(&p) {
            self.render(&p)
        } else {
            self.defer(docx, DocumentChild::Paragraph(Box::new(p)))
        }
    }

    /// Appends a table to the body.
    pub(super) fn table(&mut self, docx: &mut Docx, t: Table) -> Result<(), ExportError> {
        if t.has_numbering {
            docx.document_rels.has_numberings = true;
            docx.document.has_numbering = true;
        }
        if !table_is_self_contained(&t) {
            return self.defer(docx, DocumentChild::Table(Box::new(t)));
        }
        let start = self.buffer()?.len();
        self.render(&t)?;
        let buf = self.buffer()?;
        let tail = buf.split_off(start);
        buf.extend_from_slice(mark_header_rows(tail).as_bytes());
        Ok(())
    }

    fn render(&mut self, child: &impl BuildXML) -> Result<(), ExportError> {
        let out = self
            .out
            .take()
            .ok_or_else(|| write_error("内部错误：XML 写入器丢失"))?;
        self.out = Some(child.build_to(out).map_err(write_error)?);
        Ok(())
    }

    /// Leaves a child to docx-rs, followed by a marker.
    fn defer(&mut self, docx: &mut Docx, child: DocumentChild) -> Result<(), ExportError> {
        let stretch = std::mem::take(self.buffer()?);
        self.stretches.push(stretch);
        docx.document.children.push(child);
        docx.document
            .children
            .push(DocumentChild::BookmarkEnd(BookmarkEnd::new(MARKER_ID)));
        Ok(())
    }

    /// Puts the rendered body into `document`, the XML docx-rs wrote for a body that holds only
    /// the children left to it, with a marker before the first and after each.
    pub(super) fn splice(self, document: &mut Vec<u8>) -> Result<(), ExportError> {
        let last = self
            .out
            .ok_or_else(|| write_error("内部错误：XML 写入器丢失"))?
            .into_inner()
            .map_err(write_error)?;
        let text = std::str::from_utf8(document).map_err(write_error)?;
        let marker = marker_xml();
        let parts: Vec<&str> = text.split(marker.as_str()).collect();
        // Before the first marker, each deferred child, after the last marker.
        let [head, deferred @ .., tail] = parts.as_slice() else {
            return Err(write_error("document.xml 缺少分段标记"));
        };
        if deferred.len() != self.stretches.len() {
            return Err(write_error("document.xml 分段数不符"));
        }
        let rendered: usize = self.stretches.iter().map(Vec::len).sum::<usize>() + last.len();
        let mut out = Vec::with_capacity(rendered + text.len());
        out.extend_from_slice(head.as_bytes());
        for (stretch, child) in self.stretches.iter().zip(deferred) {
            out.extend_from_slice(stretch);
            out.extend_from_slice(mark_header_rows(child.as_bytes().to_vec()).as_bytes());
        }
        out.extend_from_slice(&last);
        out.extend_from_slice(tail.as_bytes());
        *document = out;
        Ok(())
    }
}

/// Adds the header-row repeat to rows marked "do not split" (see `Writer::table`).
fn mark_header_rows(xml: Vec<u8>) -> String {
    let text = String::from_utf8(xml)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    if text.contains(CANT_SPLIT) {
        text.replace(CANT_SPLIT, CANT_SPLIT_HEADER)
    } else {
        text
    }
}

/// Whether docx-rs needs to see this paragraph when it builds the package: only plain runs
/// (text, breaks, fields) can be rendered on their own.
fn paragraph_is_self_contained(p: &Paragraph) -> bool {
    p.children.iter().all(|c| match c {
        ParagraphChild::Run(r) => r.children.iter().all(|c| {
            matches!(
                c,
                RunChild::Text(_)
                    | RunChild::Sym(_)
                    | RunChild::Tab(_)
                    | RunChild::PTab(_)
                    | RunChild::Break(_)
                    | RunChild::CarriageReturn(_)
                    | RunChild::FieldChar(_)
                    | RunChild::InstrText(_)
            )
        }),
        _ => false,
    })
}

fn table_is_self_contained(t: &Table) -> bool {
    t.rows.iter().all(|TableChild::TableRow(row)| {
        row.cells.iter().all(|TableRowChild::TableCell(cell)| {
            cell.children.iter().all(|c| match c {
                TableCellContent::Paragraph(p) => paragraph_is_self_contained(p),
                _ => false,
            })
        })
    })
}
