//! callplan: drafts, lints and exports the 业务发展和实施计划及技术方案 of a call-centre (B24-1)
//! licence application, checked against 工信部信管〔2020〕81号 and the related regulations.

pub mod checklist;
pub mod config;
pub mod docx_in;
pub mod draft;
pub mod export;
pub mod fsutil;
pub mod input;
pub mod lint;
pub mod markdown;
pub mod parallel;
pub mod profile;
pub mod report;
pub mod source;
pub mod text;

/// A template built into the binary, by file name (`plan.md.tera`).
pub fn embedded_template(name: &str) -> Option<&'static str> {
    lint::load::TEMPLATE_FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// The names of the built-in templates.
pub fn embedded_template_names() -> impl Iterator<Item = &'static str> {
    lint::load::TEMPLATE_FILES.iter().map(|(n, _)| *n)
}
