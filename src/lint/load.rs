//! Loading and validating rule files and data tables. Every broken file is reported at once, each
//! with a label pointing into the TOML.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};
use regex_lite::Regex;
use serde::Deserialize;
use thiserror::Error;

use super::language::{Language, LanguageFile};
use super::schema::{Check, ClauseEntry, ClauseFile, Context, RuleFile};
use crate::text::Folded;

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// All problems found while loading rules, reported together.
#[derive(Debug, Error, Diagnostic)]
#[error("规则文件有 {} 处错误", errors.len())]
#[diagnostic(
    code(callplan::rules),
    help("修正上述规则文件后重试；规则格式见 README 的“编写规则”一节。")
)]
pub struct RuleLoadError {
    #[related]
    pub errors: Vec<RuleFileError>,
}

/// One problem in one file.
#[derive(Debug, Error, Diagnostic)]
#[error("{path}：{message}")]
#[diagnostic(code(callplan::rule_file))]
pub struct RuleFileError {
    pub path: String,
    pub message: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

impl RuleFileError {
    fn new(
        path: &str,
        text: &str,
        span: Option<std::ops::Range<usize>>,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        Self {
            path: path.to_owned(),
            message: message.into(),
            src: NamedSource::new(path, text.to_owned()).with_language("toml"),
            span: span.map(|r| SourceSpan::from(r.start..r.end.max(r.start))),
            label: label.into(),
            help: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// A rule file as read, with where it came from.
pub struct LoadedRule {
    pub file: RuleFile,
    pub path: String,
    pub builtin: bool,
}

/// Data tables as read: clause table, cue words, section synonyms.
pub struct Tables {
    pub clauses: Vec<ClauseEntry>,
    pub language: LanguageFile,
    pub sections: SectionTable,
}

/// `lints/tables/sections.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionTable {
    pub part: Vec<PartEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartEntry {
    pub id: String,
    pub name: String,
    pub synonyms: Vec<String>,
    #[serde(default)]
    pub section: Vec<SectionEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionEntry {
    pub name: String,
    pub synonyms: Vec<String>,
}

const CLAUSES: &str = include_str!("../../lints/tables/clauses.toml");
const LANGUAGE: &str = include_str!("../../lints/tables/language.toml");
const SECTIONS: &str = include_str!("../../lints/tables/sections.toml");

/// Parses a built-in table from its JSON form; a schema error is reported against the TOML.
fn parse_builtin<T: serde::de::DeserializeOwned>(
    path: &str,
    toml_text: &str,
    json: &str,
    errors: &mut Vec<RuleFileError>,
) -> Option<T> {
    match serde_json::from_str(json) {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(RuleFileError::new(path, toml_text, None, e.to_string(), ""));
            None
        }
    }
}

/// Parses a TOML table file, turning a syntax or schema error into a labelled diagnostic.
#[allow(dead_code)]
fn parse_table<T: serde::de::DeserializeOwned>(
    path: &str,
    text: &str,
    errors: &mut Vec<RuleFileError>,
) -> Option<T> {
    match toml::from_str(text) {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(RuleFileError::new(
                path,
                text,
                e.span(),
                e.message().to_owned(),
                "这里",
            ));
            None
        }
    }
}

/// Reads the built-in tables.
pub fn tables(errors: &mut Vec<RuleFileError>) -> Option<Tables> {
    let clauses: Option<ClauseFile> =
        parse_builtin("lints/tables/clauses.toml", CLAUSES, CLAUSES_JSON, errors);
    let language: Option<LanguageFile> = parse_builtin(
        "lints/tables/language.toml",
        LANGUAGE,
        LANGUAGE_JSON,
        errors,
    );
    let sections: Option<SectionTable> = parse_builtin(
        "lints/tables/sections.toml",
        SECTIONS,
        SECTIONS_JSON,
        errors,
    );
    Some(Tables {
        clauses: clauses?.clause,
        language: language?,
        sections: sections?,
    })
}

/// Compiles the cue words; an error means a broken built-in table.
pub fn language(file: LanguageFile) -> Result<Language, RuleLoadError> {
    Language::new(file).map_err(|e| RuleLoadError {
        errors: vec![RuleFileError::new(
            "lints/tables/language.toml",
            LANGUAGE,
            None,
            e.to_string(),
            "",
        )],
    })
}

/// Reads the built-in rule files and those of `dirs`, checking each against the schema and the
/// clause table. Returns every rule, or every problem.
pub fn rule_files(
    dirs: &[PathBuf],
    clauses: &[ClauseEntry],
    errors: &mut Vec<RuleFileError>,
) -> Vec<LoadedRule> {
    let user = read_rule_dirs(dirs, errors);
    rule_texts(user, clauses, errors)
}

/// The `*.toml` files of `dirs` as (shown path, text), in the order they are loaded.
pub fn read_rule_dirs(dirs: &[PathBuf], errors: &mut Vec<RuleFileError>) -> Vec<(String, String)> {
    let mut sources = Vec::new();
    for dir in dirs {
        match read_dir_sorted(dir) {
            Ok(files) => {
                for path in files {
                    match std::fs::read_to_string(&path) {
                        Ok(text) => sources.push((path.display().to_string(), text)),
                        Err(e) => errors.push(RuleFileError::new(
                            &path.display().to_string(),
                            "",
                            None,
                            format!("无法读取：{e}"),
                            "",
                        )),
                    }
                }
            }
            Err(e) => errors.push(
                RuleFileError::new(
                    &dir.display().to_string(),
                    "",
                    None,
                    format!("无法读取规则目录：{e}"),
                    "",
                )
                .help("--rules 需要一个包含 *.toml 规则文件的目录"),
            ),
        }
    }
    sources
}

/// The built-in rule files followed by user rule files given as (shown path, TOML text), each
/// checked against the schema and the clause table. Returns every rule, or every problem.
pub fn rule_texts(
    user: Vec<(String, String)>,
    clauses: &[ClauseEntry],
    errors: &mut Vec<RuleFileError>,
) -> Vec<LoadedRule> {
    // (shown path, TOML text, JSON text of a built-in file)
    let mut sources: Vec<(String, String, Option<&str>)> = RULE_FILES
        .iter()
        .map(|(name, text, json)| (format!("lints/{name}"), (*text).to_owned(), Some(*json)))
        .collect();
    sources.extend(user.into_iter().map(|(path, text)| (path, text, None)));
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut out = Vec::new();
    for (path, text, json) in sources {
        let before = errors.len();
        let builtin = json.is_some();
        let parsed = match json {
            Some(json) => serde_json::from_str(json).map_err(|e| (None, e.to_string())),
            None => parse_rule_toml(&text),
        };
        let file: RuleFile = match parsed {
            Ok(f) => f,
            Err((span, message)) => {
                errors.push(rule_syntax_error(&path, &text, span, message));
                continue;
            }
        };
        validate(&path, &text, &file, clauses, &mut seen, errors, !builtin);
        if errors.len() == before {
            out.push(LoadedRule {
                file,
                path,
                builtin,
            });
        }
    }
    out
}

type SyntaxError = (Option<std::ops::Range<usize>>, String);

fn parse_rule_toml(text: &str) -> Result<RuleFile, SyntaxError> {
    toml::from_str(text).map_err(|e: toml::de::Error| (e.span(), e.message().trim().to_owned()))
}

fn rule_syntax_error(
    path: &str,
    text: &str,
    span: Option<std::ops::Range<usize>>,
    message: String,
) -> RuleFileError {
    RuleFileError::new(path, text, span, message, "这里")
        .help("规则文件的字段：id、category、severity、clause、message、help、[check]、[docs]")
}

/// Checks one user rule file given as text, as [`rule_texts`] would when it is loaded after the
/// rules whose ids are in `known` (id → shown path). Returns the problems found, none when the
/// file is valid; the matcher is not built.
pub fn check_rule_text<'k>(
    path: &str,
    text: &str,
    clauses: &[ClauseEntry],
    known: impl IntoIterator<Item = (&'k str, &'k str)>,
) -> Vec<RuleFileError> {
    let mut errors = Vec::new();
    match parse_rule_toml(text) {
        Ok(file) => {
            let mut seen = known
                .into_iter()
                .map(|(id, path)| (id.to_owned(), path.to_owned()))
                .collect();
            validate(path, text, &file, clauses, &mut seen, &mut errors, true);
        }
        Err((span, message)) => errors.push(rule_syntax_error(path, text, span, message)),
    }
    errors
}

fn read_dir_sorted(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && id.starts_with(|c: char| c.is_ascii_lowercase())
}

fn validate(
    path: &str,
    text: &str,
    file: &RuleFile,
    clauses: &[ClauseEntry],
    seen: &mut HashMap<String, String>,
    errors: &mut Vec<RuleFileError>,
    // Regexes of built-in rules are compiled once, by the matcher, and checked by the tests;
    // a user's rule file gets its regexes checked here, with a label in the file.
    check_regexes: bool,
) {
    let id = &file.id;
    let id_span = find_key(text, "id");
    if !valid_id(id) {
        errors.push(RuleFileError::new(
            path,
            text,
            id_span.clone(),
            format!("规则 id `{id}` 格式不对"),
            "应为小写字母、数字和连字符，如 bf-commercial-outbound",
        ));
    }
    let stem = Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if stem != *id {
        errors.push(RuleFileError::new(
            path,
            text,
            id_span.clone(),
            format!("规则 id `{id}` 与文件名 `{stem}.toml` 不一致"),
            "一个文件一条规则，文件名即 id",
        ));
    }
    if let Some(other) = seen.insert(id.clone(), path.to_owned()) {
        errors.push(RuleFileError::new(
            path,
            text,
            id_span,
            format!("规则 id `{id}` 重复（已在 {other} 中定义）"),
            "重复的 id",
        ));
    }
    let clause = &file.clause;
    if !clauses.iter().any(|c| c.id == *clause) {
        errors.push(
            RuleFileError::new(path, text, find_key(text, "clause"), format!("条款 `{clause}` 不在条款表中"), "未知条款")
                .help("条款 id 见 lints/tables/clauses.toml，或运行 `callplan explain <规则id>` 查看已有规则引用的条款"),
        );
    }
    for (field, value) in [
        ("message", &file.message),
        ("help", &file.help),
        ("docs.what", &file.docs.what),
        ("docs.why", &file.docs.why),
        ("docs.bad", &file.docs.bad),
        ("docs.good", &file.docs.good),
    ] {
        if value.trim().is_empty() {
            errors.push(RuleFileError::new(
                path,
                text,
                find_key(text, field.rsplit('.').next().unwrap_or(field)),
                format!("`{field}` 不能为空"),
                "空字段",
            ));
        }
    }
    let check_context = |ctx: &Option<Context>, name: &str, errors: &mut Vec<RuleFileError>| {
        if let Some(ctx) = ctx {
            if ctx.any.is_empty() && ctx.regex.is_none() {
                errors.push(RuleFileError::new(
                    path,
                    text,
                    find_key(text, name),
                    format!("`{name}` 需要 `any` 或 `regex`"),
                    "空的上下文条件",
                ));
            }
            if check_regexes {
                check_regex(path, text, ctx.regex.as_deref(), errors);
            }
        }
    };
    match &file.check {
        Check::Phrase {
            terms,
            combos,
            patterns,
            requires,
            unless,
            ..
        } => {
            if terms.iter().all(|t| Folded::new(t).text.is_empty())
                && combos.is_empty()
                && patterns.is_empty()
            {
                errors.push(RuleFileError::new(
                    path,
                    text,
                    find_key(text, "terms"),
                    "`terms`、`combos`、`patterns` 至少需要一项",
                    "空词表",
                ));
            }
            for c in combos {
                if c.any.is_empty() || c.with.is_empty() {
                    errors.push(RuleFileError::new(
                        path,
                        text,
                        find_key(text, "[[check.combos]]"),
                        "`combos` 的每一项都需要 `any` 和 `with`",
                        "空的组合",
                    ));
                }
                if matches!(
                    c.scope,
                    super::schema::Scope::Section | super::schema::Scope::Document
                ) {
                    errors.push(RuleFileError::new(
                        path,
                        text,
                        find_key(text, "scope"),
                        "`combos` 的 scope 只能是 clause、part、sentence 或 block",
                        "范围过大",
                    ));
                }
            }
            for pat in patterns.iter().filter(|_| check_regexes) {
                check_regex(path, text, Some(pat), errors);
            }
            check_context(requires, "requires", errors);
            check_context(unless, "unless", errors);
        }
        Check::Number {
            types,
            roles,
            requires,
            unless,
        } => {
            if types.is_empty() || roles.is_empty() {
                errors.push(RuleFileError::new(
                    path,
                    text,
                    find_key(text, "types"),
                    "`types` 与 `roles` 都不能为空",
                    "空列表",
                ));
            }
            check_context(requires, "requires", errors);
            check_context(unless, "unless", errors);
        }
        Check::Retention { subjects, min_days } => {
            if subjects.is_empty() || *min_days == 0 {
                errors.push(RuleFileError::new(
                    path,
                    text,
                    find_key(text, "subjects"),
                    "`subjects` 不能为空，`min-days` 须大于 0",
                    "无效的留存检查",
                ));
            }
        }
        Check::Require { groups, .. } => {
            if groups.is_empty() {
                errors.push(RuleFileError::new(
                    path,
                    text,
                    find_key(text, "groups"),
                    "`groups` 至少需要一项",
                    "空的要求",
                ));
            }
            for g in groups {
                if g.any.is_empty() && g.regex.is_none() {
                    errors.push(RuleFileError::new(
                        path,
                        text,
                        find_key(text, &g.name),
                        format!("要求项 `{}` 需要 `any` 或 `regex`", g.name),
                        "空的要求项",
                    ));
                }
                if check_regexes {
                    check_regex(path, text, g.regex.as_deref(), errors);
                }
            }
        }
        Check::Builtin { .. } => {}
    }
}

fn check_regex(path: &str, text: &str, regex: Option<&str>, errors: &mut Vec<RuleFileError>) {
    if let Some(re) = regex
        && let Err(e) = Regex::new(re)
    {
        let span = text.find(re).map(|i| i..i + re.len());
        errors.push(RuleFileError::new(
            path,
            text,
            span,
            format!("正则表达式无效：{e}"),
            "无法编译",
        ));
    }
}

/// The span of `key` in a TOML text (the first line where it is assigned or named), for errors
/// that serde cannot place.
fn find_key(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with(key) || t.contains(&format!("\"{key}\"")) {
            let start = offset + (line.len() - t.len());
            return Some(start..start + t.trim_end().len());
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_pattern_literals_are_those_worked_out_at_run_time() {
        assert!(!PATTERN_LITERALS.is_empty());
        for (pattern, lits) in PATTERN_LITERALS {
            let built: Option<(Vec<String>, bool)> =
                lits.map(|(l, prefix)| (l.iter().map(|x| (*x).to_owned()).collect(), prefix));
            assert_eq!(
                super::super::literals::triggers(pattern),
                Ok(built),
                "{pattern}"
            );
        }
    }

    #[test]
    fn ids_are_kebab_case() {
        assert!(valid_id("bf-commercial-outbound"));
        assert!(!valid_id("BF-x"));
        assert!(!valid_id("bf--x"));
        assert!(!valid_id("-bf"));
    }
}
