//! Inputs that made a fuzz target (`fuzz/fuzz_targets/`) crash, hang or run out of memory, run
//! through the same steps as the target. Each input is a file under
//! `tests/fuzz_regressions/<target>/`; a file added there is picked up without a code change.
//! A run must finish within a few seconds even in a debug build.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use callplan::docx_in::{self, Limits};
use callplan::draft::{self, Templates};
use callplan::export::{self, ExportOptions, ReviewComment};
use callplan::input::{self, Encoding};
use callplan::lint::{LintOptions, Mode, RuleSet};
use callplan::markdown;
use callplan::profile::{LoadedProfile, ProblemLevel};
use callplan::report::{self, FileReport};
use callplan::source::SourceFile;

/// Debug builds are ~20 times slower than the fuzzers' release builds.
const BUDGET: Duration = Duration::from_secs(60);

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

fn each(target: &str, run: impl Fn(&[u8])) {
    for (name, bytes) in inputs(target) {
        let start = Instant::now();
        run(&bytes);
        let took = start.elapsed();
        assert!(took < BUDGET, "{target}/{name} took {took:?}");
    }
}

fn lint_and_report(set: &RuleSet, file: &SourceFile, mode: Mode) {
    let doc = markdown::parse(file);
    let findings = set.lint(
        file,
        &doc,
        &LintOptions {
            mode,
            selection: Default::default(),
        },
    );
    for f in &findings {
        assert!(f.range.end <= file.text.len());
        assert!(file.text.is_char_boundary(f.range.start));
        assert!(file.text.is_char_boundary(f.range.end));
    }
    let reports = [FileReport {
        file,
        findings: &findings,
    }];
    report::human(set, &reports[0], false, 100);
    report::json(set, &reports);
    report::sarif(set, &reports);
    report::github(set, &reports);
}

fn lint_both(set: &RuleSet, file: &SourceFile) {
    lint_and_report(set, file, Mode::Document);
    lint_and_report(set, file, Mode::Fragment);
}

/// `fuzz_targets/lint_markdown.rs`
pub fn lint_markdown(data: &[u8]) {
    let file = match input::decode("fuzz.md", data) {
        Ok((text, encoding)) => {
            let mut f = SourceFile::new("fuzz.md", text);
            f.encoding = encoding;
            f
        }
        Err(_) => SourceFile::new("fuzz.md", String::from_utf8_lossy(data).into_owned()),
    };
    lint_both(common::rules(), &file);
}

/// `fuzz_targets/profile.rs`
pub fn profile(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(profile) = LoadedProfile::parse("fuzz.toml", text) else {
        return;
    };
    let blocked = profile
        .problems()
        .iter()
        .any(|p| p.level == ProblemLevel::Error);
    let Ok(plan) = draft::draft(&profile.profile, &Templates::builtin(), "2026-11-30") else {
        return;
    };
    if !blocked {
        lint_both(common::rules(), &SourceFile::new("plan.md", plan));
    }
}

/// `fuzz_targets/rule_file.rs`
pub fn rule_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let id = toml::from_str::<toml::Table>(text)
        .ok()
        .and_then(|t| t.get("id").and_then(|v| v.as_str().map(str::to_owned)))
        .filter(|id| !id.contains(['/', '\\', '.']) && !id.is_empty())
        .unwrap_or_else(|| "fuzz".to_owned());
    let path = format!("user/{id}.toml");
    if common::rules().check_rule_file(&path, text).is_err() {
        return;
    }
    if let Ok(set) = RuleSet::with_rule_texts(vec![(path, text.to_owned())]) {
        let sample = include_str!("../samples/defective-plan.md");
        lint_both(&set, &SourceFile::new("sample.md", sample));
    }
}

/// `fuzz_targets/docx_read.rs`
pub fn docx_read(data: &[u8]) {
    let limits = Limits {
        max_part: 1 << 20,
        max_total: 4 << 20,
        max_entries: 200,
    };
    let Ok(imported) = docx_in::read("fuzz.docx", data, limits, "media") else {
        return;
    };
    let mut file = SourceFile::new("fuzz.docx", imported.markdown);
    file.encoding = Encoding::Docx;
    file.locator = Some(Arc::new(imported.locator));
    lint_both(common::rules(), &file);
}

/// `fuzz_targets/export.rs`
pub fn export(data: &[u8]) {
    let flags = data.first().copied().unwrap_or(0);
    let file = SourceFile::new("fuzz.md", String::from_utf8_lossy(data).into_owned());
    let doc = markdown::parse(&file);
    let mut options = ExportOptions {
        base_dir: "/nonexistent-callplan-fuzz".into(),
        allow_missing_images: true,
        no_cover: flags & 2 != 0,
        ..ExportOptions::default()
    };
    if flags & 1 != 0 {
        let set = common::rules();
        let findings = set.lint(&file, &doc, &LintOptions::default());
        options.comments = findings
            .iter()
            .map(|f| ReviewComment {
                range: f.range,
                text: vec![f.message.clone(), set.rules[f.rule].help.clone()],
            })
            .collect();
        options.summary = Some(vec![("业务形态".to_owned(), findings.len(), 1, 0)]);
    }
    if let Ok((bytes, _)) = export::export(&file, &doc, &options) {
        docx_in::read("fuzz.docx", &bytes, Limits::default(), "media")
            .expect("an exported file reads back");
    }
}

#[test]
fn lint_markdown_inputs() {
    each("lint_markdown", lint_markdown);
}

#[test]
fn profile_inputs() {
    each("profile", profile);
}

#[test]
fn rule_file_inputs() {
    each("rule_file", rule_file);
}

#[test]
fn docx_read_inputs() {
    each("docx_read", docx_read);
}

#[test]
fn export_inputs() {
    each("export", export);
}
