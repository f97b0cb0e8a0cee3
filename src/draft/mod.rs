//! Drafting: a company profile becomes a complete plan in Markdown.
//!
//! The profile is turned into a view model ([`model::PlanModel`]) in which every figure is
//! already derived (channels from trunks, staff and budget estimates from seats, the schedule
//! from the start month) and every text from the profile is escaped for Markdown. The tera
//! templates then only choose wording: inbound-only or consented call-backs, 全网 or 地网,
//! own machine room, IDC or cloud, E1 or SIP.

pub mod model;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::profile::Profile;

pub use model::PlanModel;

/// The template that renders a whole plan; it includes the others.
pub const MAIN_TEMPLATE: &str = "plan.md.tera";

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum DraftError {
    #[error("无法读取模板目录 {path}：{}", crate::input::io_reason(.cause))]
    #[diagnostic(code(callplan::draft::templates))]
    TemplateDir { path: String, cause: std::io::Error },
    #[error("模板有误：{message}")]
    #[diagnostic(
        code(callplan::draft::template),
        help("自定义模板与内置模板同名时替换内置模板；变量名见 README 的“模板变量”一节")
    )]
    Template { message: String },
}

/// The plan templates: the built-in ones, overridden by name from `dir` when given.
#[derive(Debug, Clone)]
pub struct Templates {
    files: BTreeMap<String, String>,
    /// Where each overriding file came from.
    overridden: Vec<PathBuf>,
}

impl Templates {
    pub fn builtin() -> Self {
        let files = crate::embedded_template_names()
            .filter(|n| n.ends_with(".md.tera"))
            .filter_map(|n| crate::embedded_template(n).map(|t| (n.to_owned(), t.to_owned())))
            .collect();
        Templates {
            files,
            overridden: Vec::new(),
        }
    }

    /// Built-in templates with the `*.tera` files of `dir` put over them.
    pub fn with_overrides(dir: &Path) -> Result<Self, DraftError> {
        let mut t = Self::builtin();
        let err = |source| DraftError::TemplateDir {
            path: dir.display().to_string(),
            cause: source,
        };
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(err)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "tera"))
            .collect();
        entries.sort();
        for path in entries {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = std::fs::read_to_string(&path).map_err(err)?;
            t.files.insert(name, text);
            t.overridden.push(path);
        }
        Ok(t)
    }

    pub fn overridden(&self) -> &[PathBuf] {
        &self.overridden
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    fn engine(&self) -> Result<tera::Tera, DraftError> {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(Vec::<&'static str>::new());
        tera.add_raw_templates(self.files.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(template_error)?;
        Ok(tera)
    }

    /// Renders one template with the model.
    pub fn render(&self, name: &str, model: &PlanModel) -> Result<String, DraftError> {
        let tera = self.engine()?;
        let ctx = tera::Context::from_serialize(model).map_err(template_error)?;
        let text = tera.render(name, &ctx).map_err(template_error)?;
        Ok(tidy(&text))
    }
}

fn template_error(e: tera::Error) -> DraftError {
    use std::error::Error as _;
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push('\n');
        message.push_str(&s.to_string());
        source = s.source();
    }
    DraftError::Template { message }
}

/// Collapses runs of blank lines left by template conditionals and ends with one newline.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Drafts the whole plan for a profile with the given templates. `today` is the plan date used
/// when the profile gives none (`YYYY-MM-DD`).
pub fn draft(profile: &Profile, templates: &Templates, today: &str) -> Result<String, DraftError> {
    let model = PlanModel::build(profile, today);
    templates.render(MAIN_TEMPLATE, &model)
}

/// Today's date in UTC as `YYYY-MM-DD`.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_423), (2025, 12, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn tidy_collapses_blank_runs() {
        assert_eq!(tidy("a\n\n\n\nb  \n\n"), "a\n\nb\n");
    }
}
