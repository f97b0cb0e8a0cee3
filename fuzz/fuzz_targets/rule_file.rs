//! A user rule file as text → schema and clause checks; a file that passes is loaded on top of
//! the built-in rules (matcher built) and the rule set lints a sample plan.
#![no_main]

use callplan::lint::RuleSet;
use callplan::source::SourceFile;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

const SAMPLE: &str = include_str!("../../samples/defective-plan.md");

fuzz_target!(|text: &str| {
    // The file is named after the id it declares, so that valid files get past the
    // id-equals-file-stem check and reach the matcher.
    let id = toml::from_str::<toml::Table>(text)
        .ok()
        .and_then(|t| t.get("id").and_then(|v| v.as_str().map(str::to_owned)))
        .filter(|id| !id.contains(['/', '\\', '.']) && !id.is_empty())
        .unwrap_or_else(|| "fuzz".to_owned());
    let path = format!("user/{id}.toml");
    if common::rules().check_rule_file(&path, text).is_err() {
        return;
    }
    let set = match RuleSet::with_rule_texts(vec![(path, text.to_owned())]) {
        Ok(set) => set,
        Err(_) => return,
    };
    let file = SourceFile::new("sample.md", SAMPLE);
    common::lint_both(&set, &file);
});
