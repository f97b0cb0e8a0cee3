//! The bundled sample plans: the compliant ones lint clean, the defective one shows every
//! category.

mod common;

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

/// Large inputs are searched with DFAs of the term and cue automata: the findings must be the
/// same as with the NFAs that small inputs use.
#[test]
fn large_input_automata_give_the_same_findings() {
    let nfa = callplan::lint::RuleSet::builtin().unwrap();
    let dfa = callplan::lint::RuleSet::builtin().unwrap();
    dfa.prepare_for(usize::MAX);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .chain(std::fs::read_dir(dir.join("drafted")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 3);
    for path in paths {
        let file = SourceFile::new(
            path.display().to_string(),
            std::fs::read_to_string(&path).unwrap(),
        );
        let doc = markdown::parse(&file);
        let options = LintOptions::default();
        assert_eq!(
            nfa.lint(&file, &doc, &options),
            dfa.lint(&file, &doc, &options),
            "{}",
            path.display()
        );
    }
}
