//! The steps of every fuzz target, shared by the targets (`fuzz_targets/*.rs`) and by
//! `tests/fuzz_regressions.rs`, which replays the inputs that once failed through the very same
//! steps: the built-in rule set (loaded once), linting + rendering of every report format as
//! `callplan lint` does, and one function per target.

#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use callplan::docx_in::{self, Limits};
use callplan::draft::{self, Templates};
use callplan::export::{self, ExportOptions, ReviewComment};
use callplan::input::{self, Encoding};
use callplan::lint::{LintOptions, Mode, RuleSet};
use callplan::markdown::{self, Document};
use callplan::profile::{LoadedProfile, ProblemLevel};
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

/// `lint_markdown`: bytes as `callplan lint` reads them (BOM, UTF-8, GB18030, else lossy
/// UTF-8) → Markdown → lint as a plan and as a fragment → every report format.
pub fn lint_markdown(data: &[u8]) {
    let file = match input::decode("fuzz.md", data) {
        Ok((text, encoding)) => {
            let mut f = SourceFile::new("fuzz.md", text);
            f.encoding = encoding;
            f
        }
        Err(_) => SourceFile::new("fuzz.md", String::from_utf8_lossy(data).into_owned()),
    };
    lint_both(rules(), &file);
}

/// `profile`: profile text → schema → semantic checks → draft (also tried when the checks
/// fail: it must not panic either) → lint the drafted plan when the checks pass.
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
        lint_both(rules(), &SourceFile::new("plan.md", plan));
    }
}

/// `rule_file`: a user rule file → schema and clause checks; a file that passes is loaded on
/// top of the built-in rules (matcher built) and the rule set lints a sample plan.
pub fn rule_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The file is named after the id it declares, so that valid files get past the
    // id-equals-file-stem check and reach the matcher.
    let id = toml::from_str::<toml::Table>(text)
        .ok()
        .and_then(|t| t.get("id").and_then(|v| v.as_str().map(str::to_owned)))
        .filter(|id| !id.contains(['/', '\\', '.']) && !id.is_empty())
        .unwrap_or_else(|| "fuzz".to_owned());
    let path = format!("user/{id}.toml");
    if rules().check_rule_file(&path, text).is_err() {
        return;
    }
    if let Ok(set) = RuleSet::with_rule_texts(vec![(path, text.to_owned())]) {
        let sample = include_str!("../../samples/defective-plan.md");
        lint_both(&set, &SourceFile::new("sample.md", sample));
    }
}

/// `docx_read`: bytes as a .docx → Markdown with its paragraph locator (small limits) → lint
/// as `callplan lint draft.docx` does → every report format (Word locations).
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
    lint_both(rules(), &file);
}

/// `export`: Markdown → Word export → the exported file read back with the .docx reader. The
/// first byte (also part of the Markdown) picks the variant: bit 0 exports as `callplan review`
/// does (every finding a comment, a summary page), bit 1 leaves out the cover and contents.
/// Missing images become captions; images are resolved in a folder that does not exist.
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
        let set = rules();
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
