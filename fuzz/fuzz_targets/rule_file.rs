//! A user rule file → checks → loaded on top of the built-in rules → lints a sample plan. The steps are
//! in `common.rs`, shared with `tests/fuzz_regressions.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| common::rule_file(data));
