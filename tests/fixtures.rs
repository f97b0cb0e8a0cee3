//! Per-rule fixtures: `tests/fixtures/<rule-id>/invalid.md` must report that rule and
//! `valid.md` must report nothing at all. Every rule needs both files, so a new rule cannot land
//! without them. Whole-plan rules run in document mode with the other whole-plan rules off;
//! the rest run on the fixture as a passage with every passage rule on.

use crate::common;

use std::path::Path;

use callplan::lint::{Mode, Selection};
use common::{ids, lint_with, rules};

fn lint_fixture(rule: usize, text: &str) -> Vec<String> {
    let set = rules();
    let meta = &set.rules[rule];
    if meta.document_only {
        let ignore = set
            .rules
            .iter()
            .filter(|r| r.document_only && r.id != meta.id)
            .map(|r| r.id.clone())
            .collect();
        let selection = Selection {
            select: Vec::new(),
            ignore,
        };
        ids(&lint_with(text, Mode::Document, selection))
    } else {
        ids(&lint_with(text, Mode::Fragment, Selection::default()))
    }
}

#[test]
fn every_rule_has_fixtures_and_they_behave() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut failures = Vec::new();
    for (i, rule) in rules().rules.iter().enumerate() {
        let dir = root.join(&rule.id);
        for (name, should_fire) in [("invalid.md", true), ("valid.md", false)] {
            let path = dir.join(name);
            let Ok(text) = std::fs::read_to_string(&path) else {
                failures.push(format!("{}: missing {}", rule.id, path.display()));
                continue;
            };
            let fired = lint_fixture(i, &text);
            let ok = if should_fire {
                fired.contains(&rule.id)
            } else {
                fired.is_empty()
            };
            if !ok {
                failures.push(format!("{}/{name}: reported {fired:?}", rule.id));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn no_fixture_directory_without_a_rule() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let known: Vec<&str> = rules().rules.iter().map(|r| r.id.as_str()).collect();
    let strays: Vec<String> = std::fs::read_dir(&root)
        .expect("tests/fixtures exists")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !known.contains(&name.as_str()))
        .collect();
    assert!(strays.is_empty(), "fixtures for unknown rules: {strays:?}");
}
