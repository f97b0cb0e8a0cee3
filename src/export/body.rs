//! The body of `word/document.xml`, rendered child by child as the writer produces it.
//!
//! Holding every paragraph of a long plan in one docx-rs tree and rendering the tree at the end
//! costs hundreds of megabytes and most of the export time. Here each paragraph or table is
//! rendered with docx-rs's own `BuildXML` soon after it is complete and then dropped, so the XML
//! is exactly what docx-rs would have written. Complete children are rendered in chunks, by a
//! second thread while this one builds the next chunk, or by this thread when the other one is
//! busy; the chunks are put back in order at the end.
//!
//! A few children carry package-wide dependencies that docx-rs collects while it builds the
//! package: images (media files and their relationships), footnote references (footnotes.xml),
//! hyperlinks (relationships) and review comments (comments.xml). Those children still go into
//! the docx-rs tree, each followed by a marker element, and their rendered XML is cut out of
//! docx-rs's `document.xml` at the markers and spliced back in order.

use std::sync::mpsc::{Receiver, Sender, SyncSender, TrySendError, channel, sync_channel};
use std::thread::JoinHandle;

use docx_rs::xml::writer::EmitterConfig;
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

/// Children per rendering chunk: large enough that handing a chunk over costs little, small
/// enough that the two threads stay busy and few built children wait in memory.
const CHUNK: usize = 64;

fn write_error(e: impl std::fmt::Display) -> ExportError {
    ExportError::Write(e.to_string())
}

/// Tells docx-rs that the package needs its numbering part when a body child uses numbering
/// (docx-rs's own `add_paragraph` and `add_table` do this; the body bypasses them).
fn note_numbering(docx: &mut Docx, has_numbering: bool) {
    if has_numbering {
        docx.document_rels.has_numberings = true;
        docx.document.has_numbering = true;
    }
}

/// A complete body child that renders on its own.
enum Item {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

/// A chunk of items and its place among the chunks.
type Chunk = (usize, Vec<Item>);
/// A rendered chunk and its place.
type Rendered = (usize, Vec<u8>);

/// The thread that renders chunks handed to it. It sends each chunk's XML back together with
/// the chunk's children, which this thread frees: they were allocated here, and freeing them
/// on the other thread makes both threads wait on the allocator's lock.
struct Worker {
    chunks: SyncSender<Chunk>,
    rendered: Receiver<(Rendered, Vec<Item>)>,
    done: JoinHandle<Result<(), ExportError>>,
}

/// The rendered body, and the children docx-rs still has to see.
pub(super) struct Body {
    /// Complete children not rendered yet.
    pending: Vec<Item>,
    /// Number of chunks handed out so far (rendered or being rendered).
    chunks: usize,
    /// Chunks rendered by this thread.
    rendered: Vec<Rendered>,
    /// For each child left to docx-rs, the number of chunks before it.
    deferred_after: Vec<usize>,
    /// Started with the first full chunk; `None` where threads cannot be had.
    worker: Option<Worker>,
    /// Whether a worker may still be started.
    may_start_worker: bool,
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
            pending: Vec::with_capacity(CHUNK),
            chunks: 0,
            rendered: Vec::new(),
            deferred_after: Vec::new(),
            worker: None,
            may_start_worker: std::thread::available_parallelism().is_ok_and(|n| n.get() > 1),
        }
    }

    /// Appends a paragraph to the body.
    pub(super) fn paragraph(&mut self, docx: &mut Docx, p: Paragraph) -> Result<(), ExportError> {
        note_numbering(docx, p.has_numbering);
        if paragraph_is_self_contained(&p) {
            self.push(Item::Paragraph(Box::new(p)))
        } else {
            self.defer(docx, DocumentChild::Paragraph(Box::new(p)))
        }
    }

    /// Appends a table to the body.
    pub(super) fn table(&mut self, docx: &mut Docx, t: Table) -> Result<(), ExportError> {
        note_numbering(docx, t.has_numbering);
        if table_is_self_contained(&t) {
            self.push(Item::Table(Box::new(t)))
        } else {
            self.defer(docx, DocumentChild::Table(Box::new(t)))
        }
    }

    fn push(&mut self, item: Item) -> Result<(), ExportError> {
        self.pending.push(item);
        if self.pending.len() >= CHUNK {
            self.hand_out()?;
        }
        Ok(())
    }

    /// Hands the pending children to the worker, or renders them here while it is busy.
    fn hand_out(&mut self) -> Result<(), ExportError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let chunk = (
            self.chunks,
            std::mem::replace(&mut self.pending, Vec::with_capacity(CHUNK)),
        );
        self.chunks += 1;
        if self.worker.is_none() && self.may_start_worker {
            self.may_start_worker = false;
            // Room for one chunk waiting besides the one being rendered.
            let (tx, rx) = sync_channel(1);
            let (rendered_tx, rendered) = channel();
            self.worker = std::thread::Builder::new()
                .name("callplan-export".into())
                .spawn(move || render_all(rx, rendered_tx))
                .ok()
                .map(|done| Worker {
                    chunks: tx,
                    rendered,
                    done,
                });
        }
        let chunk = match &self.worker {
            Some(w) => {
                // Collect what the worker has finished, freeing its children here.
                self.rendered
                    .extend(w.rendered.try_iter().map(|(rendered, _items)| rendered));
                match w.chunks.try_send(chunk) {
                    Ok(()) => return Ok(()),
                    Err(TrySendError::Full(chunk) | TrySendError::Disconnected(chunk)) => chunk,
                }
            }
            None => chunk,
        };
        let (k, items) = chunk;
        let xml = render(&items)?;
        drop(items);
        self.rendered.push((k, xml));
        Ok(())
    }

    /// Leaves a child to docx-rs, followed by a marker.
    fn defer(&mut self, docx: &mut Docx, child: DocumentChild) -> Result<(), ExportError> {
        self.hand_out()?;
        self.deferred_after.push(self.chunks);
        docx.document.children.push(child);
        docx.document
            .children
            .push(DocumentChild::BookmarkEnd(BookmarkEnd::new(MARKER_ID)));
        Ok(())
    }

    /// Puts the rendered body into `document`, the XML docx-rs wrote for a body that holds only
    /// the children left to it, with a marker before the first and after each.
    pub(super) fn splice(mut self, document: &mut Vec<u8>) -> Result<(), ExportError> {
        self.hand_out()?;
        let mut rendered = std::mem::take(&mut self.rendered);
        if let Some(w) = self.worker.take() {
            drop(w.chunks);
            rendered.extend(w.rendered.iter().map(|(rendered, _items)| rendered));
            w.done
                .join()
                .map_err(|_| write_error("内部错误：渲染线程异常退出"))??;
        }
        rendered.sort_unstable_by_key(|&(k, _)| k);
        if rendered.iter().enumerate().any(|(i, &(k, _))| i != k) || rendered.len() != self.chunks {
            return Err(write_error("内部错误：正文分块缺失"));
        }
        let text = std::str::from_utf8(document).map_err(write_error)?;
        let marker = marker_xml();
        let parts: Vec<&str> = text.split(marker.as_str()).collect();
        // Before the first marker, each deferred child, after the last marker.
        let [head, deferred @ .., tail] = parts.as_slice() else {
            return Err(write_error("document.xml 缺少分段标记"));
        };
        if deferred.len() != self.deferred_after.len() {
            return Err(write_error("document.xml 分段数不符"));
        }
        let size: usize = rendered.iter().map(|(_, b)| b.len()).sum();
        let mut out = Vec::with_capacity(size + text.len());
        out.extend_from_slice(head.as_bytes());
        let mut chunks = rendered.into_iter().map(|(_, b)| b);
        let mut taken = 0;
        for (&before, child) in self.deferred_after.iter().zip(deferred) {
            for chunk in chunks.by_ref().take(before.saturating_sub(taken)) {
                out.extend_from_slice(&chunk);
            }
            taken = before;
            out.extend_from_slice(mark_header_rows(child.as_bytes().to_vec()).as_bytes());
        }
        for chunk in chunks {
            out.extend_from_slice(&chunk);
        }
        out.extend_from_slice(tail.as_bytes());
        *document = out;
        Ok(())
    }
}

/// Renders chunks until the sender is dropped, sending back each chunk's XML and children.
fn render_all(
    chunks: Receiver<Chunk>,
    rendered: Sender<(Rendered, Vec<Item>)>,
) -> Result<(), ExportError> {
    for (k, items) in chunks {
        let xml = render(&items)?;
        if rendered.send(((k, xml), items)).is_err() {
            break;
        }
    }
    Ok(())
}

/// The XML of a run of children.
fn render(items: &[Item]) -> Result<Vec<u8>, ExportError> {
    // Set up as docx-rs sets up its own writer: no declaration, no escaping of text that
    // docx-rs has already escaped, no indentation.
    let mut out = EmitterConfig {
        write_document_declaration: false,
        perform_escaping: false,
        perform_indent: false,
        line_separator: "".into(),
    }
    .create_writer(Vec::new());
    for item in items {
        out = match item {
            Item::Paragraph(p) => p.build_to(out).map_err(write_error)?,
            Item::Table(t) => {
                let start = out.inner_mut().map_err(write_error)?.len();
                let mut out = t.build_to(out).map_err(write_error)?;
                let buf = out.inner_mut().map_err(write_error)?;
                let table = buf.split_off(start);
                buf.extend_from_slice(mark_header_rows(table).as_bytes());
                out
            }
        };
    }
    out.into_inner().map_err(write_error)
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
