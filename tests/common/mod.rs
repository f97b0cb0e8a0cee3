//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::sync::OnceLock;

use callplan::lint::{Finding, LintOptions, Mode, RuleSet, Selection};
use callplan::markdown;
use callplan::source::SourceFile;

/// The built-in rule set, loaded once per test binary.
pub fn rules() -> &'static RuleSet {
    static SET: OnceLock<RuleSet> = OnceLock::new();
    SET.get_or_init(|| RuleSet::builtin().expect("built-in rules load"))
}

pub fn lint_with(text: &str, mode: Mode, selection: Selection) -> Vec<Finding> {
    let file = SourceFile::new("t.md", text);
    let doc = markdown::parse(&file);
    rules().lint(&file, &doc, &LintOptions { mode, selection })
}

/// Lints a passage with every rule that works on passages.
pub fn lint_fragment(text: &str) -> Vec<Finding> {
    lint_with(text, Mode::Fragment, Selection::default())
}

/// Rule ids of findings.
pub fn ids(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| rules().rules[f.rule].id.clone())
        .collect()
}

/// The `callplan` binary, without colour (whatever the environment asks for).
pub fn callplan() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("callplan").expect("binary is built");
    cmd.env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    cmd
}

/// The path of a file in `samples/`, as a string argument.
pub fn sample(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
        .display()
        .to_string()
}

/// Standard output parsed as JSON.
pub fn json_of(output: &[u8]) -> serde_json::Value {
    serde_json::from_slice(output).expect("valid JSON")
}
