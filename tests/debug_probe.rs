#![allow(clippy::print_stdout, clippy::print_stderr)]
use crate::common;
#[test]
#[ignore]
fn probe() {
    let mode = if std::env::var("DOC").is_ok() {
        callplan::lint::Mode::Document
    } else {
        callplan::lint::Mode::Fragment
    };
    let texts: Vec<String> = match std::env::var("PROBE_FILE") {
        Ok(p) => std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.replace("\\n", "\n"))
            .collect(),
        Err(_) => vec![std::env::var("PROBE").unwrap()],
    };
    for text in texts {
        eprintln!("== {}", text.replace('\n', "⏎"));
        let f = common::lint_with(&text, mode, Default::default());
        for x in &f {
            eprintln!(
                "   {} {:?} {}",
                common::rules().rules[x.rule].id,
                x.range,
                x.message
            );
        }
    }
}
