//! The integration tests, one module per file, built as one test binary (`--test integration`).
//! Run one file's tests with `cargo test --test integration <module>::`, e.g. `draft::`.

mod common;

mod bench_smoke;
mod cli;
mod cli_draft;
mod cli_export;
mod corpus;
mod debug_probe;
mod draft;
mod encodings;
mod errors;
mod export;
mod fixtures;
mod fuzz_regressions;
mod mechanisms;
mod properties;
mod readme;
mod robustness;
mod rule_examples;
mod samples;
mod snapshots;
mod word;
