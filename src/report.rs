//! Rendering findings: the miette graphical report for people, and JSON, SARIF 2.1.0 and GitHub
//! workflow annotations for tools. Everything returns strings; the CLI prints them.

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic};
use serde_json::{Value, json};

use crate::lint::{Finding, RuleSet, Severity};
use crate::source::{Locator, SourceFile, TextRange};

/// Version of the JSON output schema.
pub const JSON_VERSION: u32 = 1;

/// The findings of one file.
pub struct FileReport<'a> {
    pub file: &'a SourceFile,
    pub findings: &'a [Finding],
}

/// Counts by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(set: &RuleSet, findings: &[Finding]) -> Self {
        let mut s = Summary::default();
        for f in findings {
            match set.rules[f.rule].severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }

    pub fn add(&mut self, other: Summary) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }

    /// Whether any finding is at or above `level`.
    pub fn reaches(&self, level: Severity) -> bool {
        match level {
            Severity::Error => self.errors > 0,
            Severity::Warning => self.errors + self.warnings > 0,
            Severity::Info => self.errors + self.warnings + self.infos > 0,
        }
    }

    /// `2 个错误，1 个警告，0 条提示`
    pub fn line(&self) -> String {
        format!(
            "{} 个错误，{} 个警告，{} 条提示",
            self.errors, self.warnings, self.infos
        )
    }
}

/// Byte offset in the file as stored on disk: the decoded text is UTF-8, the file may be
/// UTF-8 with a BOM, UTF-16 or GB18030. (For a Word file it is the offset in the converted
/// Markdown; the `location` object says where the words are in the document.)
fn file_offset(file: &SourceFile, offset: usize) -> usize {
    let offset = offset.min(file.text.len());
    let mut at = offset;
    while !file.text.is_char_boundary(at) {
        at -= 1;
    }
    encoded_len(file, &file.text[..at])
        + match file.encoding {
            crate::input::Encoding::Utf8Bom => 3,
            crate::input::Encoding::Utf16Le | crate::input::Encoding::Utf16Be => 2,
            _ => 0,
        }
}

/// Length in bytes of `text` in the file's own encoding.
fn encoded_len(file: &SourceFile, text: &str) -> usize {
    use crate::input::Encoding as E;
    match file.encoding {
        E::Utf16Le | E::Utf16Be => text.encode_utf16().count() * 2,
        E::Gb18030 => encoding_rs::GB18030.encode(text).0.len(),
        _ => text.len(),
    }
}

/// Byte length of a finding in the file's own encoding.
fn file_length(file: &SourceFile, f: &Finding) -> usize {
    match file.text.get(f.range.start..f.range.end) {
        Some(t) => encoded_len(file, t),
        None => f.range.len(),
    }
}

/// The miette graphical report of one file, one diagnostic after another, plus a summary line.
pub fn human(set: &RuleSet, report: &FileReport<'_>, color: bool, width: usize) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false);
    if let Some(locator) = &report.file.locator {
        return human_located(set, report, locator, color);
    }
    // Each finding renders on its own (wrapping a long note takes a while), so a long list is
    // rendered in runs on all cores and joined in order.
    let n = report.findings.len();
    let runs = if n >= PARALLEL_RENDER {
        std::thread::available_parallelism()
            .map_or(1, |c| c.get())
            .min(8)
    } else {
        1
    };
    let bounds: Vec<usize> = (0..=runs).map(|k| k * n / runs).collect();
    crate::parallel::map_runs(&bounds, |run| {
        let mut out = String::new();
        for f in &report.findings[run] {
            render_finding(set, report.file, f, &handler, &mut out);
        }
        out
    })
    .concat()
}

/// Findings from which the human report is rendered on all cores.
const PARALLEL_RENDER: usize = 16;

/// One finding as miette draws it, with a blank line after it.
fn render_finding(
    set: &RuleSet,
    file: &SourceFile,
    f: &Finding,
    handler: &GraphicalReportHandler,
    out: &mut String,
) {
    let rule = &set.rules[f.rule];
    let severity = match rule.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    };
    let label = format!("{}｜{}", rule.category.label(), set.clause_label(rule));
    let mut help = rule.help.clone();
    if let Some(note) = &f.note {
        help = format!("{note}\n{help}");
    }
    let excerpt = Excerpt::around(file, f.range.start, f.range.end);
    let diag = MietteDiagnostic::new(f.message.clone())
        .with_code(rule.id.clone())
        .with_severity(severity)
        .with_help(help)
        .with_label(LabeledSpan::at(excerpt.label.clone(), label));
    // Rendered directly rather than through `miette::Report`, whose construction sets up a
    // report handler (and asks the terminal for its size) for every finding.
    let with_source = WithExcerpt {
        diag,
        source: excerpt,
    };
    if handler.render_report(out, &with_source).is_err() {
        out.push_str(&format!("{}: {}\n", rule.id, f.message));
    }
    out.push('\n');
}

/// Where a finding sits in a Word file, and the words around it.
pub struct WordPlace {
    pub heading_path: Vec<String>,
    pub paragraph: usize,
    /// The matched words as they read in the paragraph.
    pub matched: String,
    /// Up to 30 characters either side of the match, with the match in 【】.
    pub quote: String,
}

/// Locates a finding of converted Word text.
pub fn word_place(file: &SourceFile, locator: &Locator, range: TextRange) -> Option<WordPlace> {
    let at = locator.find(range.start)?;
    let matched: String = file
        .text
        .get(range.start..range.end)
        .unwrap_or("")
        .replace('\\', "");
    let para = at.text.as_str();
    // Find the matched words in the paragraph's plain text; fall back to its beginning.
    let probe = matched.trim_start_matches(['#', ' ', '-', '|', '*']).trim();
    let pos = (!probe.is_empty()).then(|| para.find(probe)).flatten();
    let quote = match pos {
        Some(p) => {
            let before: String = para[..p]
                .chars()
                .rev()
                .take(30)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let after: String = para[p + probe.len()..].chars().take(30).collect();
            let lead = if before.chars().count() < para[..p].chars().count() {
                "…"
            } else {
                ""
            };
            let tail = if after.chars().count() < para[p + probe.len()..].chars().count() {
                "…"
            } else {
                ""
            };
            format!("{lead}{before}【{probe}】{after}{tail}")
        }
        None => {
            let head: String = para.chars().take(60).collect();
            if head.chars().count() < para.chars().count() {
                format!("{head}…")
            } else {
                head
            }
        }
    };
    Some(WordPlace {
        heading_path: at.heading_path.clone(),
        paragraph: at.paragraph,
        matched: probe.to_owned(),
        quote,
    })
}

/// The report of a converted Word file: located by heading path and paragraph number, with
/// the quoted words, because line numbers of the converted text mean nothing to the author.
fn human_located(set: &RuleSet, report: &FileReport<'_>, locator: &Locator, color: bool) -> String {
    let (red, yellow, blue, bold, reset) = if color {
        ("\x1b[31m", "\x1b[33m", "\x1b[36m", "\x1b[1m", "\x1b[0m")
    } else {
        ("", "", "", "", "")
    };
    let mut out = String::new();
    for f in report.findings {
        let rule = &set.rules[f.rule];
        let (mark, tint) = match rule.severity {
            Severity::Error => ("×", red),
            Severity::Warning => ("⚠", yellow),
            Severity::Info => ("☞", blue),
        };
        out.push_str(&format!("{bold}{}{reset}\n\n", rule.id));
        out.push_str(&format!("  {tint}{mark}{reset} {}\n", f.message));
        match word_place(report.file, locator, f.range) {
            Some(place) => {
                let path = if place.heading_path.is_empty() {
                    String::new()
                } else {
                    format!("{} › ", place.heading_path.join(" › "))
                };
                out.push_str(&format!(
                    "  位置：{} › {path}第 {} 段\n  原文：{}\n",
                    report.file.name, place.paragraph, place.quote
                ));
            }
            None => out.push_str(&format!(
                "  位置：{} 的文档属性（callplan 前置信息）\n",
                report.file.name
            )),
        }
        out.push_str(&format!(
            "  依据：{}｜{}\n",
            rule.category.label(),
            set.clause_label(rule)
        ));
        if let Some(note) = &f.note {
            out.push_str(&format!("  说明：{note}\n"));
        }
        out.push_str(&format!("  help: {}\n\n", rule.help));
    }
    out
}

/// A finding's diagnostic with its excerpt as source code (what `Report::with_source_code`
/// makes, without a `Report`).
struct WithExcerpt<'a> {
    diag: MietteDiagnostic,
    source: Excerpt<'a>,
}

impl std::fmt::Display for WithExcerpt<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.diag, f)
    }
}

impl std::fmt::Debug for WithExcerpt<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.diag, f)
    }
}

impl std::error::Error for WithExcerpt<'_> {}

impl miette::Diagnostic for WithExcerpt<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.diag.code()
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.diag.severity()
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.diag.help()
    }

    fn url<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.diag.url()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.diag.labels()
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
}

/// The part of a file miette shows for one finding: the lines around the span, cut to a window
/// of [`EXCERPT_REACH`] bytes either side, so that a finding inside a megabyte-long line renders a
/// readable snippet (and stays within the formatter's width limits).
struct Excerpt<'a> {
    name: String,
    source: &'a str,
    /// Byte range of the shown text in the file.
    shown: std::ops::Range<usize>,
    /// The highlighted range, clipped into `shown`.
    label: std::ops::Range<usize>,
    /// Zero-based (line, column in characters) of `shown.start` and `label.start`.
    shown_at: (usize, usize),
    label_at: (usize, usize),
}

const EXCERPT_REACH: usize = 240;
/// Longest highlighted stretch; a longer finding (a whole table) is marked at its start.
const LABEL_MAX: usize = 600;

impl<'a> Excerpt<'a> {
    fn around(file: &'a SourceFile, start: usize, end: usize) -> Excerpt<'a> {
        let text: &str = &file.text;
        let floor = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor(start);
        let end = floor(end.max(start)).max(start);
        let end = if end - start > LABEL_MAX {
            floor(start + LABEL_MAX)
        } else {
            end
        };
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
        let shown_start = floor(start.saturating_sub(EXCERPT_REACH)).max(line_start);
        let shown_end = floor(end + EXCERPT_REACH).min(line_end).max(end);
        let at = |offset: usize| {
            let p = file.line_col(offset);
            (p.line - 1, p.column - 1)
        };
        Excerpt {
            name: file.name.clone(),
            source: text,
            shown: shown_start..shown_end,
            label: start..end,
            shown_at: at(shown_start),
            label_at: at(start),
        }
    }
}

impl miette::SourceCode for Excerpt<'_> {
    fn read_span<'s>(
        &'s self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'s> + 's>, miette::MietteError> {
        // Without context lines miette wants the span's own position (the header's
        // line:column); with them, the text to draw, which is the shown window.
        let (range, (line, column)) = if before + after > 0 || span.offset() != self.label.start {
            (self.shown.clone(), self.shown_at)
        } else {
            let end = (self.label.start + span.len()).min(self.shown.end);
            (self.label.start..end, self.label_at)
        };
        let line_count = self.source[range.clone()].matches('\n').count() + 1;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            &self.source.as_bytes()[range.clone()],
            (range.start, range.len()).into(),
            line,
            column,
            line_count,
        )))
    }
}

/// One finding as a JSON object (schema version 1).
fn finding_json(set: &RuleSet, file: &SourceFile, f: &Finding) -> Value {
    let rule = &set.rules[f.rule];
    let start = file.line_col(f.range.start);
    let end = file.line_col(f.range.end);
    let mut v = json!({
        "rule": rule.id,
        "category": rule.category.as_str(),
        "severity": rule.severity.as_str(),
        "clause": rule.clause,
        "clause_label": set.clause_label(rule),
        "message": f.message,
        "help": rule.help,
        "offset": file_offset(file, f.range.start),
        "length": file_length(file, f),
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
    });
    if let Some(note) = &f.note {
        v["note"] = json!(note);
    }
    if let Some(locator) = &file.locator
        && let Some(place) = word_place(file, locator, f.range)
    {
        v["location"] = json!({
            "heading_path": place.heading_path,
            "paragraph": place.paragraph,
            "quote": place.quote,
            "text": place.matched,
        });
    }
    v
}

/// `{"version":1,"files":[…],"summary":{…}}`
pub fn json(set: &RuleSet, reports: &[FileReport<'_>]) -> String {
    let mut total = Summary::default();
    let files: Vec<Value> = reports
        .iter()
        .map(|r| {
            total.add(Summary::of(set, r.findings));
            json!({
                "path": r.file.name,
                "diagnostics": r.findings.iter().map(|f| finding_json(set, r.file, f)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let v = json!({
        "version": JSON_VERSION,
        "files": files,
        "summary": {"errors": total.errors, "warnings": total.warnings, "infos": total.infos},
    });
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

/// SARIF 2.1.0 with character columns (`columnKind: unicodeCodePoints`).
pub fn sarif(set: &RuleSet, reports: &[FileReport<'_>]) -> String {
    let rules: Vec<Value> = set
        .rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": {"text": r.docs.what},
                "fullDescription": {"text": r.docs.why},
                "help": {"text": r.help},
                "defaultConfiguration": {"level": sarif_level(r.severity)},
                "properties": {"category": r.category.as_str(), "clause": r.clause, "clause_label": set.clause_label(r)},
            })
        })
        .collect();
    let mut results = Vec::new();
    for r in reports {
        for f in r.findings {
            let rule = &set.rules[f.rule];
            let start = r.file.line_col(f.range.start);
            let end = r.file.line_col(f.range.end);
            let logical = r
                .file
                .locator
                .as_ref()
                .and_then(|l| word_place(r.file, l, f.range))
                .map(|p| {
                    json!([{
                        "fullyQualifiedName": format!("{} › 第 {} 段", p.heading_path.join(" › "), p.paragraph),
                        "kind": "paragraph",
                        "properties": {"paragraph": p.paragraph, "heading_path": p.heading_path, "quote": p.quote},
                    }])
                });
            let mut result = json!({
                "ruleId": rule.id,
                "ruleIndex": f.rule,
                "level": sarif_level(rule.severity),
                "message": {"text": format!("{}（{}）", f.message, set.clause_label(rule))},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&r.file.name)},
                        "region": {
                            "startLine": start.line,
                            "startColumn": start.column,
                            "endLine": end.line,
                            "endColumn": end.column,
                            "byteOffset": file_offset(r.file, f.range.start),
                            "byteLength": file_length(r.file, f),
                        }
                    }
                }],
            });
            if let Some(logical) = logical {
                result["locations"][0]["logicalLocations"] = logical;
            }
            results.push(result);
        }
    }
    let v = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "callplan",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/callplan/callplan",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&v).unwrap_or_default()
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a URI reference (forward slashes, spaces and `%` escaped).
fn uri(path: &str) -> String {
    path.replace('\\', "/")
        .replace('%', "%25")
        .replace(' ', "%20")
}

/// GitHub Actions workflow commands: `::error file=…,line=…::message`.
pub fn github(set: &RuleSet, reports: &[FileReport<'_>]) -> String {
    let mut out = String::new();
    for r in reports {
        for f in r.findings {
            let rule = &set.rules[f.rule];
            let kind = match rule.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let start = r.file.line_col(f.range.start);
            let end = r.file.line_col(f.range.end);
            out.push_str(&format!(
                "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                escape_property(&r.file.name),
                start.line,
                start.column,
                end.line,
                end.column,
                escape_property(&rule.id),
                escape_data(&format!("{}（{}）", f.message, set.clause_label(rule))),
            ));
        }
    }
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
