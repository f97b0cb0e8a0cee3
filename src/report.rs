//! Rendering findings: the miette graphical report for people, and JSON, SARIF 2.1.0 and GitHub
//! workflow annotations for tools. Everything returns strings; the CLI prints them.

use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};
use serde_json::{Value, json};

use crate::lint::{Finding, RuleSet, Severity};
use crate::source::SourceFile;

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

/// Byte offset in the file as stored on disk (a UTF-8 BOM shifts everything by three bytes).
fn file_offset(file: &SourceFile, offset: usize) -> usize {
    match file.encoding {
        crate::input::Encoding::Utf8Bom => offset + 3,
        _ => offset,
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
    let source: Arc<str> = Arc::from(report.file.text.as_str());
    let mut out = String::new();
    for f in report.findings {
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
        let diag = MietteDiagnostic::new(f.message.clone())
            .with_code(rule.id.clone())
            .with_severity(severity)
            .with_help(help)
            .with_label(LabeledSpan::at(f.range.start..f.range.end, label));
        let report_diag = miette::Report::new(diag).with_source_code(NamedSource::new(
            report.file.name.clone(),
            Arc::clone(&source),
        ));
        if handler
            .render_report(&mut out, report_diag.as_ref())
            .is_err()
        {
            out.push_str(&format!("{}: {}\n", rule.id, f.message));
        }
        out.push('\n');
    }
    out
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
        "length": f.range.len(),
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
    });
    if let Some(note) = &f.note {
        v["note"] = json!(note);
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
            results.push(json!({
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
                            "byteLength": f.range.len(),
                        }
                    }
                }],
            }));
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
