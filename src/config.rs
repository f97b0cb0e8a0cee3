//! `callplan.toml`: project settings, discovered upward from the linted file.

use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Deserialize;
use thiserror::Error;

use crate::lint::Severity;

pub const FILE_NAME: &str = "callplan.toml";

/// The whole configuration file. Every table is optional; unknown keys are errors.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    #[serde(default)]
    pub lint: LintConfig,
    #[serde(default)]
    pub export: ExportConfig,
    /// Where the file was read from (set after loading).
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

/// `[lint]`
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LintConfig {
    /// Rule ids or categories to run (default: all).
    #[serde(default)]
    pub select: Vec<String>,
    /// Rule ids or categories to skip.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Lowest severity that makes `callplan lint` exit with 1 (default `error`).
    #[serde(default)]
    pub fail_on: Option<Severity>,
    /// Directories of extra rule files, relative to this file.
    #[serde(default)]
    pub rules: Vec<PathBuf>,
    /// Largest input accepted, in bytes (default 20 MB).
    #[serde(default)]
    pub max_size: Option<u64>,
}

/// `[export]`: the Word layout, for offices whose fonts differ from the GB/T 9704 defaults.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExportConfig {
    /// Body font (default 仿宋_GB2312).
    pub body_font: Option<String>,
    /// Title font (default 方正小标宋简体).
    pub title_font: Option<String>,
    /// Level-1 heading font (default 黑体).
    pub heading1_font: Option<String>,
    /// Level-2 heading font (default 楷体_GB2312).
    pub heading2_font: Option<String>,
    /// Font for Latin letters and digits (default Times New Roman).
    pub latin_font: Option<String>,
    /// Body size in points (default 16, 三号).
    pub body_size: Option<f32>,
    /// Title size in points (default 22, 二号).
    pub title_size: Option<f32>,
    /// Margins in millimetres (defaults 37, 35, 28, 26).
    pub margin_top: Option<f32>,
    pub margin_bottom: Option<f32>,
    pub margin_left: Option<f32>,
    pub margin_right: Option<f32>,
    /// Lines per page of the document grid (default 22).
    pub lines_per_page: Option<u32>,
}

#[derive(Debug, Error, Diagnostic)]
pub enum ConfigError {
    #[error("无法读取配置文件 {path}：{}", crate::input::io_reason(.cause))]
    #[diagnostic(code(callplan::config))]
    Read { path: String, cause: std::io::Error },
    #[error("配置文件 {path} 有误：{message}")]
    #[diagnostic(
        code(callplan::config),
        help(
            "callplan.toml 可用的表：[lint]（select、ignore、fail-on、rules、max-size）与 [export]（字体、字号、页边距）"
        )
    )]
    Parse {
        path: String,
        message: String,
        #[source_code]
        src: NamedSource<String>,
        #[label("这里")]
        span: Option<SourceSpan>,
    },
}

impl Config {
    /// Reads and validates one configuration file.
    #[allow(clippy::result_large_err)] // Only on the CLI's error path; the source text is the point.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: shown.clone(),
            cause: source,
        })?;
        Self::parse(&shown, &text).map(|mut c| {
            c.path = Some(path.to_path_buf());
            c
        })
    }

    #[allow(clippy::result_large_err)]
    pub fn parse(name: &str, text: &str) -> Result<Self, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: name.to_owned(),
            message: e.message().trim().to_owned(),
            src: NamedSource::new(name, text.to_owned()).with_language("toml"),
            span: e.span().map(SourceSpan::from),
        })
    }

    /// Finds `callplan.toml` in `start` or the nearest ancestor directory.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let mut dir = Some(start);
        while let Some(d) = dir {
            let candidate = d.join(FILE_NAME);
            if candidate.is_file() {
                return Some(candidate);
            }
            dir = d.parent();
        }
        None
    }

    /// Rule directories resolved against the configuration file's folder.
    pub fn rule_dirs(&self) -> Vec<PathBuf> {
        let base = self
            .path
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(Path::new("."));
        self.lint.rules.iter().map(|p| base.join(p)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors_with_a_span() {
        let err = Config::parse("callplan.toml", "[lint]\nselekt = []\n").unwrap_err();
        match err {
            ConfigError::Parse { span, message, .. } => {
                assert!(span.is_some());
                assert!(message.contains("selekt"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn fail_on_reads_a_severity() {
        let c = Config::parse("c", "[lint]\nfail-on = \"warning\"\n").unwrap();
        assert_eq!(c.lint.fail_on, Some(Severity::Warning));
    }
}
