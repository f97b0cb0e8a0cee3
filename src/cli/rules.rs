//! `callplan rules` and `callplan explain`

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use miette::miette;

use callplan::lint::{RuleSet, docs};

use super::{ExitStatus, print};

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// 输出格式
    #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
    pub format: RulesFormat,
    /// 同时列出这些目录中的规则
    #[arg(long, value_name = "DIR")]
    pub rules: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// 终端表格
    Table,
    /// 每条规则的完整文档（是什么、为什么、依据、反例、正例）
    Markdown,
    /// JSON
    Json,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// 规则 id（如 bf-commercial-outbound）或条款 id（如 doc81.entry.business-form）
    pub id: String,
    /// 同时查找这些目录中的规则
    #[arg(long, value_name = "DIR")]
    pub rules: Vec<PathBuf>,
}

pub fn rules(args: RulesArgs) -> miette::Result<ExitStatus> {
    let set = RuleSet::load(&args.rules)?;
    let text = match args.format {
        RulesFormat::Table => docs::text_table(&set),
        RulesFormat::Markdown => docs::markdown(&set),
        RulesFormat::Json => docs::json(&set) + "\n",
    };
    print(&text)?;
    Ok(ExitStatus::Success)
}

pub fn explain(args: ExplainArgs) -> miette::Result<ExitStatus> {
    let set = RuleSet::load(&args.rules)?;
    match docs::explain(&set, &args.id) {
        Some(text) => {
            print(&text)?;
            Ok(ExitStatus::Success)
        }
        None => Err(miette!(
            code = "callplan::unknown_rule",
            help = "运行 `callplan rules` 查看全部规则 id",
            "没有规则或条款叫 `{}`",
            args.id
        )),
    }
}
