//! Bytes as `callplan lint` reads them → lint as a plan and as a fragment → every report format. The steps are
//! in `common.rs`, shared with `tests/fuzz_regressions.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| common::lint_markdown(data));
