//! The bundled sample plans: the compliant ones lint clean, the defective one shows every
//! category.

use crate::common;

use callplan::lint::{LintOptions, Severity};
use callplan::markdown;
use callplan::source::SourceFile;

fn lint_sample(name: &str) -> Vec<(String, Severity)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let file = SourceFile::new(name, text);
    let doc = markdown::parse(&file);
    let set = common::rules();
    set.lint(&file, &doc, &LintOptions::default())
        .into_iter()
        .map(|f| {
            (
                format!(
                    "{}:{} {}",
                    set.rules[f.rule].id,
                    file.line_col(f.range.start).line,
                    f.message
                ),
                set.rules[f.rule].severity,
            )
        })
        .collect()
}

#[test]
fn compliant_samples_have_no_errors_or_warnings() {
    for name in ["national-95-plan.md", "provincial-96-plan.md"] {
        let serious: Vec<String> = lint_sample(name)
            .into_iter()
            .filter(|(_, s)| *s >= Severity::Warning)
            .map(|(m, _)| m)
            .collect();
        assert!(serious.is_empty(), "{name}:\n{}", serious.join("\n"));
    }
}

#[test]
fn defective_sample_has_errors_in_every_category() {
    let findings = lint_sample("defective-plan.md");
    let set = common::rules();
    for cat in callplan::lint::Category::ALL {
        let ids: Vec<&str> = set
            .rules
            .iter()
            .filter(|r| r.category == cat)
            .map(|r| r.id.as_str())
            .collect();
        assert!(
            findings.iter().any(|(m, s)| *s == Severity::Error
                && ids.iter().any(|id| m.starts_with(&format!("{id}:")))),
            "no error in {}",
            cat.as_str()
        );
    }
}
