//! `callplan review`: a Word file of the plan with every finding as a margin comment on the
//! words it concerns, and a first-page summary by category.

use std::path::{Path, PathBuf};

use clap::Args;

use callplan::export::{self, ExportOptions, ReviewComment};
use callplan::input::{self, DEFAULT_MAX_SIZE};
use callplan::lint::{Category, LintOptions, Mode, RuleSet, Selection, Severity};
use callplan::report::Summary;

use super::{ExitStatus, eprint};

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// 方案：Markdown（.md）或 Word 草稿（.docx）
    #[arg(value_name = "PLAN")]
    pub input: PathBuf,
    /// 输出的 Word 文件；默认为“原文件名-审查意见.docx”
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// 输出文件已存在时覆盖
    #[arg(long)]
    pub force: bool,
    /// 使用指定的配置文件（[export] 版式）
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// 不读取任何 callplan.toml
    #[arg(long)]
    pub no_config: bool,
}

fn default_output(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into());
    input.with_file_name(format!("{stem}-审查意见.docx"))
}

pub fn run(args: ReviewArgs) -> miette::Result<ExitStatus> {
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.input));
    if output.exists() && !args.force {
        return Err(miette::Report::new(callplan::fsutil::WriteError::Exists {
            path: output.display().to_string(),
        }));
    }
    let layout = super::export::layout_for(&args.input, args.config.as_deref(), args.no_config)?;
    let set = RuleSet::builtin().map_err(|e| miette::miette!("{e}"))?;
    let file = input::read(&args.input, DEFAULT_MAX_SIZE).map_err(miette::Report::new)?;
    let doc = callplan::markdown::parse(&file);
    let findings = set.lint(
        &file,
        &doc,
        &LintOptions {
            mode: Mode::Document,
            selection: Selection::default(),
        },
    );
    let comments: Vec<ReviewComment> = findings
        .iter()
        .map(|f| {
            let rule = &set.rules[f.rule];
            let mut text = vec![
                format!("【{}】{}（{}）", rule.severity.label(), f.message, rule.id),
                format!(
                    "依据：{}｜{}",
                    rule.category.label(),
                    set.clause_label(rule)
                ),
            ];
            if let Some(note) = &f.note {
                text.push(format!("说明：{note}"));
            }
            text.push(format!("建议：{}", rule.help));
            ReviewComment {
                range: f.range,
                text,
            }
        })
        .collect();
    let summary: Vec<(String, usize, usize, usize)> = Category::ALL
        .iter()
        .map(|c| {
            let count = |s: Severity| {
                findings
                    .iter()
                    .filter(|f| set.rules[f.rule].category == *c && set.rules[f.rule].severity == s)
                    .count()
            };
            (
                c.label().to_owned(),
                count(Severity::Error),
                count(Severity::Warning),
                count(Severity::Info),
            )
        })
        .collect();
    let base_dir = callplan::fsutil::folder_of(&args.input);
    let opts = ExportOptions {
        layout,
        base_dir,
        allow_missing_images: true,
        allow_outside: false,
        no_cover: false,
        comments,
        summary: Some(summary),
    };
    let (bytes, _) = export::export(&file, &doc, &opts).map_err(miette::Report::new)?;
    callplan::fsutil::write_atomic(&output, &bytes, args.force, &[&args.input])
        .map_err(miette::Report::new)?;
    let s = Summary::of(&set, &findings);
    eprint(&format!(
        "已写出 {}：{} 条批注（{}）",
        output.display(),
        findings.len(),
        s.line()
    ));
    Ok(if s.errors > 0 {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}
