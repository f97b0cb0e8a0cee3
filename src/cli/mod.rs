//! The command line: clap types (help text from doc comments) and dispatch. The only place that
//! knows about terminals, stdout and exit codes.

mod draft;
mod export;
mod import;
mod lint;
mod review;
mod rules;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// 呼叫中心业务（B24-1）许可申请的《业务发展和实施计划及技术方案》：起草、检查、导出。
///
/// callplan checks a plan against 工信部信管〔2020〕81号 and the related regulations: forbidden
/// business forms, wrong number types, unlawful access methods, missing sections and security
/// measures. Every finding names the clause it rests on and a compliant way to say it.
#[derive(Debug, Parser)]
#[command(name = "callplan", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 检查方案（Markdown），报告每一处会被专家否决的表述
    ///
    /// Exit codes: 0 = no finding at or above --fail-on, 1 = findings, 2 = usage or input error.
    Lint(lint::LintArgs),
    /// 列出全部规则
    Rules(rules::RulesArgs),
    /// 解释一条规则或一个条款（完整文档与示例）
    Explain(rules::ExplainArgs),
    /// 生成带注释的公司档案（TOML），有终端时逐项提问
    Init(draft::InitArgs),
    /// 公司档案相关命令
    #[command(subcommand)]
    Profile(draft::ProfileCommand),
    /// 按公司档案起草完整方案（Markdown）
    ///
    /// Exit codes: 0 = drafted, 2 = the profile has errors or the output exists (use --force).
    Draft(draft::DraftArgs),
    /// 一步完成：起草方案、检查并导出 Word（plan.md 与 plan.docx）
    ///
    /// Exit codes: 0 = drafted and clean, 1 = the draft has findings, 2 = profile or I/O error.
    Build(draft::BuildArgs),
    /// 把方案（Markdown）导出为按 GB/T 9704 排版的 Word 文件
    ///
    /// Exit codes: 0 = exported, 2 = input, image or write error (nothing is written then).
    Export(export::ExportArgs),
    /// 把 Word 草稿（.docx）转换为 Markdown（标题、段落、列表、表格、图片）
    ///
    /// Exit codes: 0 = imported, 2 = unreadable, corrupt or protected file, or the output exists.
    Import(import::ImportArgs),
    /// 生成带审查批注的 Word 文件：每条问题以批注标在原文旁，首页附问题汇总
    ///
    /// Exit codes: 0 = written, no error-level finding; 1 = written, errors found; 2 = input or
    /// write error.
    Review(review::ReviewArgs),
    /// 列出申请材料（已备齐、缺、不一致）和审批流程
    ///
    /// Exit codes: 0 = everything ready, 1 = items missing or inconsistent, 2 = profile error.
    Checklist(draft::ChecklistArgs),
}

/// How the process ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing at or above the fail level.
    Success,
    /// Findings at or above the fail level.
    Findings,
    /// A usage or input error.
    Error,
}

impl ExitStatus {
    pub fn code(self) -> ExitCode {
        match self {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::Findings => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

/// `--color`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

pub fn run(cli: Cli) -> miette::Result<ExitStatus> {
    match cli.command {
        Command::Lint(args) => lint::run(args),
        Command::Rules(args) => rules::rules(args),
        Command::Explain(args) => rules::explain(args),
        Command::Init(args) => draft::init(args),
        Command::Profile(cmd) => draft::profile(cmd),
        Command::Draft(args) => draft::draft(args),
        Command::Build(args) => draft::build(args),
        Command::Checklist(args) => draft::checklist(args),
        Command::Export(args) => export::run(args),
        Command::Import(args) => import::run(args),
        Command::Review(args) => review::run(args),
    }
}

/// Stdout was closed by its reader (`callplan rules | head`): not a failure, `main` exits 0.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("stdout closed")]
pub struct BrokenPipe;

/// Writes to stdout.
pub fn print(text: &str) -> miette::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                miette::Report::new(BrokenPipe)
            } else {
                miette::Report::msg(format!("无法写入标准输出：{e}"))
            }
        })
}

/// Writes a line to stderr, ignoring a closed stderr.
pub fn eprint(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// Splits `a,b c` lists given to `--select`/`--ignore`.
pub fn split_list(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|v| v.split([',', ' ']))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A path argument that may be `-` for standard input.
pub fn is_stdin(p: &std::path::Path) -> bool {
    p.as_os_str() == "-"
}
