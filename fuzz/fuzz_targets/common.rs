//! Shared by the fuzz targets: the built-in rule set (loaded once) and linting + rendering of
//! every report format, as `callplan lint` does.

#![allow(dead_code)]

use std::sync::OnceLock;

use callplan::lint::{LintOptions, Mode, RuleSet};
use callplan::markdown::{self, Document};
use callplan::report::{self, FileReport};
use callplan::source::SourceFile;

pub fn rules() -> &'static RuleSet {
    static SET: OnceLock<RuleSet> = OnceLock::new();
    SET.get_or_init(|| RuleSet::builtin().expect("built-in rules load"))
}

/// Lints `file` with `set` in `mode` and renders the human, JSON, SARIF and GitHub reports.
pub fn lint_and_report(set: &RuleSet, file: &SourceFile, doc: &Document, mode: Mode) {
    let options = LintOptions {
        mode,
        selection: Default::default(),
    };
    let findings = set.lint(file, doc, &options);
    for f in &findings {
        assert!(f.rule < set.rules.len());
        assert!(f.range.start <= f.range.end && f.range.end <= file.text.len());
        assert!(file.text.is_char_boundary(f.range.start));
        assert!(file.text.is_char_boundary(f.range.end));
    }
    let reports = [FileReport {
        file,
        findings: &findings,
    }];
    let _ = report::human(set, &reports[0], false, 100);
    let json = report::json(set, &reports);
    assert!(!json.is_empty());
    let sarif = report::sarif(set, &reports);
    assert!(!sarif.is_empty());
    let _ = report::github(set, &reports);
}

/// Parses and lints `file` as a whole plan and as a fragment.
pub fn lint_both(set: &RuleSet, file: &SourceFile) -> Document {
    let doc = markdown::parse(file);
    lint_and_report(set, file, &doc, Mode::Document);
    lint_and_report(set, file, &doc, Mode::Fragment);
    doc
}
