#![allow(clippy::print_stdout, clippy::print_stderr)]
mod common;
#[test]
#[ignore]
fn probe() {
    let text = std::env::var("PROBE").unwrap();
    let mode = if std::env::var("DOC").is_ok() {
        callplan::lint::Mode::Document
    } else {
        callplan::lint::Mode::Fragment
    };
    let f = common::lint_with(&text, mode, Default::default());
    for x in &f {
        eprintln!(
            "{} {:?} {}",
            common::rules().rules[x.rule].id,
            x.range,
            x.message
        );
    }
}
