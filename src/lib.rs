//! callplan: drafts, lints and exports the 业务发展和实施计划及技术方案 of a call-centre (B24-1)
//! licence application, checked against 工信部信管〔2020〕81号 and the related regulations.

pub mod config;
pub mod input;
pub mod lint;
pub mod markdown;
pub mod report;
pub mod source;
pub mod text;
