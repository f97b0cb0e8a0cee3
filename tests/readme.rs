//! README.md stays true: its rules table is generated from the rule data, and its two set-up
//! commands are the ones CI runs. Set `UPDATE_README=1` to regenerate the table.

use crate::common;

use std::path::Path;

const START: &str = "<!-- rules:start -->\n";
const END: &str = "<!-- rules:end -->";

#[test]
fn readme_rules_table_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md exists");
    let start = readme
        .find(START)
        .expect("README has the rules:start marker")
        + START.len();
    let end = readme.find(END).expect("README has the rules:end marker");
    let table = callplan::lint::docs::readme_table(common::rules());
    if readme[start..end] != table {
        if std::env::var_os("UPDATE_README").is_some() {
            let updated = format!("{}{}{}", &readme[..start], table, &readme[end..]);
            std::fs::write(&path, updated).unwrap();
        } else {
            panic!(
                "README's rules table is out of date: run `UPDATE_README=1 cargo test --test integration readme::`"
            );
        }
    }
}

#[test]
fn ci_runs_the_readme_test_command() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let ci = std::fs::read_to_string(root.join(".ci/run")).expect(".ci/run exists");
    let command = ci
        .lines()
        .rfind(|l| !l.starts_with('#') && !l.trim().is_empty() && !l.starts_with("set "))
        .expect("a command");
    assert!(
        readme.contains(&format!("\n{command}\n")),
        "README does not show `{command}`"
    );
}
