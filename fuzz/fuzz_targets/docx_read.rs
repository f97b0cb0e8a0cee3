//! Bytes as a .docx → Markdown with its paragraph locator (small limits) → lint as
//! `callplan lint draft.docx` does → every report format (Word locations).
#![no_main]

use std::sync::Arc;

use callplan::docx_in::{self, Limits};
use callplan::input::Encoding;
use callplan::source::SourceFile;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_part: 1 << 20,
        max_total: 4 << 20,
        max_entries: 200,
    };
    let Ok(imported) = docx_in::read("fuzz.docx", data, limits, "media") else {
        return;
    };
    let mut file = SourceFile::new("fuzz.docx", imported.markdown);
    file.encoding = Encoding::Docx;
    file.locator = Some(Arc::new(imported.locator));
    common::lint_both(common::rules(), &file);
});
