//! The company profile: the facts about an applicant that `callplan draft` turns into a plan and
//! `callplan checklist` turns into a materials list.
//!
//! The format is TOML with a strict schema (unknown keys are errors). Every field is documented in
//! the skeleton written by `callplan init` (`templates/profile.toml`). Parsing keeps the source
//! spans of the fields that semantic checks talk about, so every problem points into the file.

pub mod check;
mod schema;
mod skeleton;

pub use check::{Problem, ProblemLevel, check};
pub use schema::*;
pub use skeleton::{Answers, skeleton};

use std::ops::Range;

use miette::{Diagnostic, NamedSource, SourceSpan};

/// A profile that could not be read: unreadable file, TOML syntax, or a value of the wrong shape.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum ProfileError {
    #[error("无法读取公司档案 {path}：{}", crate::input::io_reason(.cause))]
    #[diagnostic(code(callplan::profile::read))]
    Read { path: String, cause: std::io::Error },
    #[error("公司档案 {path} 有误：{message}")]
    #[diagnostic(
        code(callplan::profile::parse),
        help("字段说明见 `callplan init --no-input` 生成的档案模板，每个字段上方都有注释")
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

/// A parsed profile together with its file name and text (for diagnostics).
#[derive(Debug, Clone)]
pub struct LoadedProfile {
    pub name: String,
    pub text: String,
    pub profile: Profile,
}

impl LoadedProfile {
    /// Reads a profile file (UTF-8, with or without BOM).
    #[allow(clippy::result_large_err)] // error path only; the source text is the point
    pub fn load(path: &std::path::Path) -> Result<Self, ProfileError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| ProfileError::Read {
            path: name.clone(),
            cause: source,
        })?;
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                return Err(ProfileError::Parse {
                    message: format!(
                        "文件不是 UTF-8 编码的文本（第 {} 字节起），请另存为 UTF-8",
                        e.utf8_error().valid_up_to()
                    ),
                    src: NamedSource::new(&name, String::new()),
                    path: name,
                    span: None,
                });
            }
        };
        Self::parse(&name, &text)
    }

    /// Parses profile text; `name` is shown in messages.
    #[allow(clippy::result_large_err)]
    pub fn parse(name: &str, text: &str) -> Result<Self, ProfileError> {
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        match toml::from_str::<Profile>(body) {
            Ok(profile) => Ok(LoadedProfile {
                name: name.to_owned(),
                text: body.to_owned(),
                profile,
            }),
            Err(e) => Err(ProfileError::Parse {
                path: name.to_owned(),
                message: chinese_message(e.message()),
                src: NamedSource::new(name, body.to_owned()).with_language("toml"),
                span: e.span().map(SourceSpan::from),
            }),
        }
    }

    /// Runs the semantic checks.
    pub fn problems(&self) -> Vec<Problem> {
        check(&self.profile)
    }
}

/// Byte range of a spanned value.
pub fn span_of<T>(s: &toml::Spanned<T>) -> Range<usize> {
    s.span()
}

/// Says serde's and toml's English messages in Chinese: the parts users act on are the field
/// names and the expected values, which are kept verbatim.
pub fn chinese_message(message: &str) -> String {
    let m = message.trim();
    let after = |prefix: &str| m.strip_prefix(prefix).map(str::trim);
    if let Some(rest) = after("unknown field") {
        let (field, expected) = split_expected(rest);
        return match expected {
            Some(list) => format!("未知字段 {field}，此处可用的字段：{}", or_list(list)),
            None => format!("未知字段 {field}"),
        };
    }
    if let Some(rest) = after("unknown variant") {
        let (value, expected) = split_expected(rest);
        return match expected {
            Some(list) => format!("取值 {value} 无效，应为 {}", or_list(list)),
            None => format!("取值 {value} 无效"),
        };
    }
    if let Some(rest) = after("missing field") {
        return format!("缺少必填字段 {rest}");
    }
    if let Some(rest) = after("invalid type:") {
        let (found, expected) = match rest.split_once(", expected ") {
            Some((f, e)) => (f, Some(e)),
            None => (rest, None),
        };
        let found = translate_kind(found);
        return match expected {
            Some(e) => format!("类型不对：这里是{found}，应为{}", translate_kind(e)),
            None => format!("类型不对：这里是{found}"),
        };
    }
    if let Some(rest) = after("invalid value:") {
        return format!("取值无效：{rest}");
    }
    if m.starts_with("duplicate key") {
        return format!("重复的键（{m}）");
    }
    format!("TOML 语法错误：{m}")
}

fn split_expected(rest: &str) -> (&str, Option<&str>) {
    match rest.split_once(", expected ") {
        Some((v, e)) => (v.trim(), Some(e.trim_start_matches("one of ").trim())),
        None => match rest.split_once(", there are no fields") {
            Some((v, _)) => (v.trim(), None),
            None => (rest.trim(), None),
        },
    }
}

fn or_list(list: &str) -> String {
    list.replace(" or ", "、").replace(", ", "、")
}

fn translate_kind(kind: &str) -> String {
    let k = kind.trim();
    let simple = [
        ("a string", "字符串（用双引号括起）"),
        ("string", "字符串"),
        ("a boolean", "true 或 false"),
        ("boolean", "布尔值"),
        ("a sequence", "数组 [ … ]"),
        ("sequence", "数组"),
        ("a map", "表"),
        ("map", "表"),
        ("u32", "非负整数"),
        ("u64", "非负整数"),
        ("u16", "非负整数"),
        ("f64", "数字"),
        ("integer", "整数"),
        ("float", "数字"),
    ];
    for (en, zh) in simple {
        if k == en {
            return zh.to_owned();
        }
    }
    for (en, zh) in [
        ("string ", "字符串 "),
        ("integer ", "整数 "),
        ("floating point ", "数字 "),
        ("boolean ", "布尔值 "),
    ] {
        if let Some(v) = k.strip_prefix(en) {
            return format!("{zh}{v}");
        }
    }
    k.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_said_in_chinese() {
        assert_eq!(
            chinese_message("unknown variant `全国`, expected `全网` or `地网`"),
            "取值 `全国` 无效，应为 `全网`、`地网`"
        );
        assert_eq!(
            chinese_message("unknown field `seat`, expected one of `seats`, `hosting`"),
            "未知字段 `seat`，此处可用的字段：`seats`、`hosting`"
        );
        assert_eq!(
            chinese_message("missing field `name`"),
            "缺少必填字段 `name`"
        );
        assert_eq!(
            chinese_message("invalid type: string \"一百\", expected u32"),
            "类型不对：这里是字符串 \"一百\"，应为非负整数"
        );
    }
}
