//! Inputs that made a fuzz target (`fuzz/fuzz_targets/`) crash, hang or run out of memory, run
//! through the same steps as the target. Each input is a file under
//! `tests/fuzz_regressions/<target>/`; a file added there is picked up without a code change.
//! A run must finish within a few seconds even in a debug build.

// The targets' own steps, so that a replayed input goes exactly where the fuzzer sent it.
#[path = "../fuzz/fuzz_targets/common.rs"]
mod targets;

use std::path::Path;
use std::time::{Duration, Instant};

use targets::{docx_read, export, lint_markdown, profile, rule_file};

/// Debug builds are ~20 times slower than the fuzzers' release builds.
const BUDGET: Duration = Duration::from_secs(60);

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

fn each(target: &str, run: impl Fn(&[u8])) {
    for (name, bytes) in inputs(target) {
        let start = Instant::now();
        run(&bytes);
        let took = start.elapsed();
        assert!(took < BUDGET, "{target}/{name} took {took:?}");
    }
}

#[test]
fn lint_markdown_inputs() {
    each("lint_markdown", lint_markdown);
}

#[test]
fn profile_inputs() {
    each("profile", profile);
}

#[test]
fn rule_file_inputs() {
    each("rule_file", rule_file);
}

#[test]
fn docx_read_inputs() {
    each("docx_read", docx_read);
}

#[test]
fn export_inputs() {
    each("export", export);
}
