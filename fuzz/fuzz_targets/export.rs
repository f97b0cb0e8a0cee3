//! Markdown → Word export (variants picked by the first byte) → read back. The steps are
//! in `common.rs`, shared with `tests/fuzz_regressions.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| common::export(data));
