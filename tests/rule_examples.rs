//! Every rule's documented examples, run from the rule files themselves: the bad example fires that
//! rule and no other, the good example (with its negation and quotation traps) fires nothing.

use crate::common;

use callplan::lint::{Mode, Selection};
use common::{ids, lint_with, rules};

/// Rules that need the whole plan are tested in document mode with the other whole-plan rules
/// switched off (a two-line example is not a whole plan); all other rules run on the example as a
/// passage, with every passage rule switched on.
fn lint_example(rule: usize, text: &str) -> Vec<String> {
    let set = rules();
    let meta = &set.rules[rule];
    if meta.document_only {
        let ignore = set
            .rules
            .iter()
            .filter(|r| r.document_only && r.id != meta.id)
            .map(|r| r.id.clone())
            .collect();
        ids(&lint_with(
            text,
            Mode::Document,
            Selection {
                select: Vec::new(),
                ignore,
            },
        ))
    } else {
        ids(&lint_with(text, Mode::Fragment, Selection::default()))
    }
}

#[test]
fn bad_examples_fire_exactly_their_rule() {
    let set = rules();
    let mut failures = Vec::new();
    for (i, r) in set.rules.iter().enumerate() {
        let fired = lint_example(i, &r.docs.bad);
        if fired.is_empty() || fired.iter().any(|id| *id != r.id) {
            failures.push(format!(
                "{}: bad example fired {:?}\n    {}",
                r.id,
                fired,
                r.docs.bad.trim()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} rule(s) with a failing bad example:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn good_examples_fire_nothing() {
    let set = rules();
    let mut failures = Vec::new();
    for (i, r) in set.rules.iter().enumerate() {
        let fired = lint_example(i, &r.docs.good);
        if !fired.is_empty() {
            failures.push(format!(
                "{}: good example fired {:?}\n    {}",
                r.id,
                fired,
                r.docs.good.trim()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} rule(s) with a failing good example:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_cites_a_known_clause_and_is_documented() {
    let set = rules();
    assert!(
        set.rules.len() >= 38,
        "the catalogue has {} rules",
        set.rules.len()
    );
    for r in &set.rules {
        assert!(
            set.clause(&r.clause).is_some(),
            "{} cites unknown clause {}",
            r.id,
            r.clause
        );
        assert!(
            r.path.ends_with(&format!("{}.toml", r.id)),
            "{} lives in {}",
            r.id,
            r.path
        );
        let prefix = match r.category.as_str() {
            "business-form" => "bf-",
            "number-type" => "num-",
            "access-method" => "acc-",
            "completeness" => "cmp-",
            _ => "sec-",
        };
        assert!(
            r.id.starts_with(prefix) || r.id == "unused-suppression",
            "{} does not start with {prefix}",
            r.id
        );
    }
}

#[test]
fn every_category_has_rules() {
    let set = rules();
    for c in callplan::lint::Category::ALL {
        assert!(
            set.rules.iter().filter(|r| r.category == c).count() >= 4,
            "category {} has too few rules",
            c.as_str()
        );
    }
}
