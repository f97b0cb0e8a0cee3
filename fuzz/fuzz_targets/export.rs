//! Markdown → Word export → the exported file read back with the .docx reader. The first byte
//! (also part of the Markdown) picks the variant: bit 0 exports as `callplan review` does (every
//! finding a comment, a summary page), bit 1 leaves out the cover and contents. Missing images
//! become captions; images are resolved in a folder that does not exist, so none is read.
#![no_main]

use callplan::docx_in::{self, Limits};
use callplan::export::{self, ExportOptions, ReviewComment};
use callplan::lint::LintOptions;
use callplan::markdown;
use callplan::source::SourceFile;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let flags = data.first().copied().unwrap_or(0);
    let text = String::from_utf8_lossy(data).into_owned();
    let file = SourceFile::new("fuzz.md", text);
    let doc = markdown::parse(&file);
    let mut options = ExportOptions {
        base_dir: std::path::PathBuf::from("/nonexistent-callplan-fuzz"),
        allow_missing_images: true,
        no_cover: flags & 2 != 0,
        ..ExportOptions::default()
    };
    if flags & 1 != 0 {
        let set = common::rules();
        let findings = set.lint(&file, &doc, &LintOptions::default());
        options.comments = findings
            .iter()
            .map(|f| ReviewComment {
                range: f.range,
                text: vec![f.message.clone(), set.rules[f.rule].help.clone()],
            })
            .collect();
        options.summary = Some(vec![("业务形态".to_owned(), findings.len(), 1, 0)]);
    }
    let Ok((bytes, _stats)) = export::export(&file, &doc, &options) else {
        return;
    };
    docx_in::read("fuzz.docx", &bytes, Limits::default(), "media")
        .expect("an exported file reads back");
});
