//! Bytes as `callplan lint` reads them (BOM, UTF-8, GB18030, else lossy UTF-8) → Markdown →
//! lint as a plan and as a fragment → every report format.
#![no_main]

use callplan::input;
use callplan::source::SourceFile;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let file = match input::decode("fuzz.md", data) {
        Ok((text, encoding)) => {
            let mut f = SourceFile::new("fuzz.md", text);
            f.encoding = encoding;
            f
        }
        Err(_) => SourceFile::new("fuzz.md", String::from_utf8_lossy(data).into_owned()),
    };
    common::lint_both(common::rules(), &file);
});
