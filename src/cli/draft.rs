//! `callplan init`, `callplan profile check`, `callplan draft`, `callplan build` and
//! `callplan checklist`: from a company profile to a plan.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use miette::{LabeledSpan, MietteDiagnostic, NamedSource};

use callplan::checklist;
use callplan::draft::{self, Templates};
use callplan::fsutil::write_atomic;
use callplan::lint::{LintOptions, Mode, RuleSet, Selection};
use callplan::profile::{Answers, LoadedProfile, Problem, ProblemLevel, Scope, skeleton};
use callplan::report::{self, FileReport, Summary};
use callplan::source::SourceFile;

use super::{ColorChoice, ExitStatus, eprint, print};

#[derive(Debug, Args)]
pub struct InitArgs {
    /// 要写入的档案文件
    #[arg(default_value = "callplan-profile.toml", value_name = "FILE")]
    pub path: PathBuf,
    /// 不提问，直接写入带示例值的档案模板（脚本中使用）
    #[arg(long)]
    pub no_input: bool,
    /// 文件已存在时覆盖
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// 检查公司档案：格式、必填项，以及评审会否决的组合（如全网配96号码、注册资本不足）
    ///
    /// Exit codes: 0 = no error (warnings allowed), 1 = errors found, 2 = file unreadable.
    Check(ProfileCheckArgs),
}

#[derive(Debug, Args)]
pub struct ProfileCheckArgs {
    /// 公司档案（TOML）
    #[arg(value_name = "PROFILE")]
    pub profile: PathBuf,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = OutFormat::Human)]
    pub format: OutFormat,
    /// 何时使用颜色
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutFormat {
    /// 供人阅读（默认）
    Human,
    /// JSON，供其他工具使用
    Json,
}

#[derive(Debug, Args)]
pub struct DraftArgs {
    /// 公司档案（TOML）
    #[arg(value_name = "PROFILE")]
    pub profile: PathBuf,
    /// 输出的方案文件（Markdown）；不给则写到标准输出
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// 输出文件已存在时覆盖
    #[arg(long)]
    pub force: bool,
    /// 自定义模板目录：其中与内置模板同名的 *.tera 文件替换内置模板
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// 档案有警告时也不提示（错误仍会阻止起草）
    #[arg(long)]
    pub quiet: bool,
    /// 何时使用颜色
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// 公司档案（TOML）
    #[arg(value_name = "PROFILE")]
    pub profile: PathBuf,
    /// 输出目录（写入 plan.md 和 plan.docx）
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out_dir: PathBuf,
    /// 输出文件已存在时覆盖
    #[arg(long)]
    pub force: bool,
    /// 自定义模板目录
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// 何时使用颜色
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Args)]
pub struct ChecklistArgs {
    /// 公司档案（TOML）
    #[arg(value_name = "PROFILE")]
    pub profile: PathBuf,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = OutFormat::Human)]
    pub format: OutFormat,
}

/// Renders profile problems with the TOML source, one miette report each.
fn render_problems(loaded: &LoadedProfile, problems: &[Problem], color: bool) -> String {
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_links(false);
    let mut out = String::new();
    for pr in problems {
        let mut diag = MietteDiagnostic::new(pr.message.clone())
            .with_code(format!("profile::{}", pr.id))
            .with_severity(match pr.level {
                ProblemLevel::Error => miette::Severity::Error,
                ProblemLevel::Warning => miette::Severity::Warning,
            })
            .with_help(pr.help.clone());
        if let Some(span) = &pr.span {
            diag = diag.with_label(LabeledSpan::at(span.clone(), "这里"));
        }
        let report = miette::Report::new(diag).with_source_code(
            NamedSource::new(&loaded.name, loaded.text.clone()).with_language("toml"),
        );
        if handler.render_report(&mut out, report.as_ref()).is_err() {
            out.push_str(&format!("{}: {}\n", pr.id, pr.message));
        }
        out.push('\n');
    }
    out
}

fn counts(problems: &[Problem]) -> (usize, usize) {
    let errors = problems
        .iter()
        .filter(|p| p.level == ProblemLevel::Error)
        .count();
    (errors, problems.len() - errors)
}

/// Loads a profile; a broken file is an input error (exit 2) for the commands that need it.
fn load(path: &Path) -> miette::Result<LoadedProfile> {
    LoadedProfile::load(path).map_err(miette::Report::new)
}

/// Loads and checks a profile for drafting; errors stop here with the report on stderr.
fn load_checked(path: &Path, color: bool, quiet: bool) -> miette::Result<Option<LoadedProfile>> {
    let loaded = load(path)?;
    let problems = loaded.problems();
    let (errors, warnings) = counts(&problems);
    if errors > 0 || (!quiet && warnings > 0) {
        eprint(render_problems(&loaded, &problems, color).trim_end());
    }
    if errors > 0 {
        eprint(&format!(
            "{}：{errors} 个错误，{warnings} 个警告；改正错误后再起草（callplan profile check {} 可单独检查）",
            loaded.name, loaded.name
        ));
        return Ok(None);
    }
    Ok(Some(loaded))
}

fn templates(dir: Option<&Path>) -> miette::Result<Templates> {
    match dir {
        Some(d) => Templates::with_overrides(d).map_err(miette::Report::new),
        None => Ok(Templates::builtin()),
    }
}

pub fn profile(cmd: ProfileCommand) -> miette::Result<ExitStatus> {
    match cmd {
        ProfileCommand::Check(args) => profile_check(args),
    }
}

fn profile_check(args: ProfileCheckArgs) -> miette::Result<ExitStatus> {
    let loaded = match LoadedProfile::load(&args.profile) {
        Ok(l) => l,
        Err(e @ callplan::profile::ProfileError::Read { .. }) => return Err(e.into()),
        Err(e) => {
            // A syntax or schema error is a finding of the check, not a usage error.
            if args.format == OutFormat::Json {
                let v = serde_json::json!({
                    "version": 1,
                    "path": args.profile.display().to_string(),
                    "valid": false,
                    "problems": [{"level": "error", "id": "parse", "message": e.to_string()}],
                });
                print(&format!("{v:#}\n"))?;
            } else {
                eprint(&format!("{:?}", miette::Report::new(e)));
            }
            return Ok(ExitStatus::Findings);
        }
    };
    let problems = loaded.problems();
    let (errors, warnings) = counts(&problems);
    if args.format == OutFormat::Json {
        let text = &loaded.text;
        let list: Vec<serde_json::Value> = problems
            .iter()
            .map(|p| {
                let mut v = serde_json::to_value(p).unwrap_or_default();
                if let Some(span) = &p.span {
                    let file = SourceFile::new(&loaded.name, text);
                    let at = file.line_col(span.start);
                    v["line"] = at.line.into();
                    v["column"] = at.column.into();
                }
                v
            })
            .collect();
        let v = serde_json::json!({
            "version": 1,
            "path": loaded.name,
            "valid": errors == 0,
            "problems": list,
            "summary": {"errors": errors, "warnings": warnings},
        });
        print(&format!("{v:#}\n"))?;
    } else {
        let mut out = render_problems(&loaded, &problems, args.color.enabled());
        out.push_str(&if problems.is_empty() {
            format!("{}：档案完整，未发现问题\n", loaded.name)
        } else {
            format!("{}：{errors} 个错误，{warnings} 个警告\n", loaded.name)
        });
        print(&out)?;
    }
    Ok(if errors > 0 {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}

pub fn draft(args: DraftArgs) -> miette::Result<ExitStatus> {
    let color = args.color.enabled();
    let Some(loaded) = load_checked(&args.profile, color, args.quiet)? else {
        return Ok(ExitStatus::Error);
    };
    if let Some(out) = &args.output
        && out.exists()
        && !args.force
    {
        return Err(miette::Report::new(callplan::fsutil::WriteError::Exists {
            path: out.display().to_string(),
        }));
    }
    let t = templates(args.templates.as_deref())?;
    let text = draft::draft(&loaded.profile, &t, &draft::today()).map_err(miette::Report::new)?;
    match &args.output {
        Some(out) => {
            write_atomic(out, text.as_bytes(), args.force, &[&args.profile])
                .map_err(miette::Report::new)?;
            eprint(&format!(
                "已起草 {}（{} 字）；下一步：callplan lint {}",
                out.display(),
                text.chars().count(),
                out.display()
            ));
        }
        None => print(&text)?,
    }
    Ok(ExitStatus::Success)
}

pub fn build(args: BuildArgs) -> miette::Result<ExitStatus> {
    let color = args.color.enabled();
    let Some(loaded) = load_checked(&args.profile, color, false)? else {
        return Ok(ExitStatus::Error);
    };
    let plan_path = args.out_dir.join("plan.md");
    let docx_path = args.out_dir.join("plan.docx");
    for p in [&plan_path, &docx_path] {
        if p.exists() && !args.force {
            return Err(miette::Report::new(callplan::fsutil::WriteError::Exists {
                path: p.display().to_string(),
            }));
        }
    }
    let layout = super::export::layout_for(&args.profile, None, false)?;
    let t = templates(args.templates.as_deref())?;
    let set = RuleSet::builtin().map_err(|e| miette::miette!("{e}"))?;
    let text = draft::draft(&loaded.profile, &t, &draft::today()).map_err(miette::Report::new)?;
    write_atomic(&plan_path, text.as_bytes(), args.force, &[&args.profile])
        .map_err(miette::Report::new)?;

    let file = SourceFile::new(plan_path.display().to_string(), &text);
    let doc = callplan::markdown::parse(&file);
    let findings = set.lint(
        &file,
        &doc,
        &LintOptions {
            mode: Mode::Document,
            selection: Selection::default(),
        },
    );
    let summary = Summary::of(&set, &findings);
    let opts = callplan::export::ExportOptions {
        layout,
        base_dir: args.out_dir.clone(),
        allow_missing_images: false,
        allow_outside: false,
        no_cover: false,
        ..Default::default()
    };
    super::export::export_file(&plan_path, &file, &docx_path, &opts, args.force)?;
    let mut out = String::new();
    if !findings.is_empty() {
        out.push_str(&report::human(
            &set,
            &FileReport {
                file: &file,
                findings: &findings,
            },
            color,
            100,
        ));
    }
    let verdict = if findings.is_empty() {
        "未发现问题".to_owned()
    } else {
        summary.line()
    };
    out.push_str(&format!(
        "已起草 {}，检查结果：{verdict}\n已导出 {}\n",
        plan_path.display(),
        docx_path.display(),
    ));
    print(&out)?;
    Ok(if summary.errors + summary.warnings > 0 {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}

pub fn checklist(args: ChecklistArgs) -> miette::Result<ExitStatus> {
    let loaded = load(&args.profile)?;
    let problems = loaded.problems();
    let list = checklist::build(&loaded.profile, &problems);
    match args.format {
        OutFormat::Json => {
            let mut v = serde_json::to_value(&list).unwrap_or_default();
            v["version"] = 1.into();
            print(&format!("{v:#}\n"))?;
        }
        OutFormat::Human => print(&checklist::render(&list))?,
    }
    Ok(if list.missing + list.inconsistent > 0 {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    })
}

fn ask(prompt: &str, default: &str) -> std::io::Result<String> {
    let mut err = std::io::stderr().lock();
    write!(err, "{prompt}［{default}］：")?;
    err.flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let line = line.trim();
    Ok(if line.is_empty() {
        default.to_owned()
    } else {
        line.to_owned()
    })
}

fn interview() -> miette::Result<Answers> {
    let io = |e: std::io::Error| miette::miette!("无法读取输入：{e}");
    let d = Answers::default();
    eprint("回答几个问题生成公司档案（直接回车采用方括号中的默认值）。");
    let name = ask("公司全称", &d.name).map_err(io)?;
    let scope = loop {
        match ask("许可范围（全网/地网）", "全网").map_err(io)?.as_str() {
            "全网" | "跨地区" => break Scope::National,
            "地网" | "省内" => break Scope::Provincial,
            other => eprint(&format!("“{other}”无效，请输入 全网 或 地网")),
        }
    };
    let default_provinces = match scope {
        Scope::National => d.provinces.join("、"),
        Scope::Provincial => "浙江省".to_owned(),
    };
    let provinces = loop {
        let raw = ask(
            "覆盖省份（用、或逗号分隔；全网可填 全国）",
            &default_provinces,
        )
        .map_err(io)?;
        let list: Vec<String> = raw
            .split(['、', ',', '，', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        let unknown: Vec<&String> = list
            .iter()
            .filter(|p| *p != "全国" && !callplan::profile::check::PROVINCES.contains(&p.as_str()))
            .collect();
        if list.is_empty() || !unknown.is_empty() {
            eprint("请写省级行政区全称，如 浙江省、上海市、广西壮族自治区");
            continue;
        }
        if scope == Scope::Provincial && list.len() != 1 {
            eprint("地网许可只能覆盖一个省级行政区");
            continue;
        }
        break list;
    };
    let seats = loop {
        match ask("坐席数", &d.seats.to_string())
            .map_err(io)?
            .parse::<u32>()
        {
            Ok(n) if n > 0 => break n,
            _ => eprint("请输入正整数"),
        }
    };
    let outbound = loop {
        match ask("是否开展经用户同意的即时回访（是/否）", "否")
            .map_err(io)?
            .as_str()
        {
            "是" | "y" | "yes" => break true,
            "否" | "n" | "no" => break false,
            _ => eprint("请输入 是 或 否"),
        }
    };
    Ok(Answers {
        name,
        scope,
        provinces,
        seats,
        outbound,
    })
}

pub fn init(args: InitArgs) -> miette::Result<ExitStatus> {
    if args.path.exists() && !args.force {
        return Err(miette::Report::new(callplan::fsutil::WriteError::Exists {
            path: args.path.display().to_string(),
        }));
    }
    let answers = if args.no_input || !std::io::stdin().is_terminal() {
        Answers::default()
    } else {
        interview()?
    };
    let text = skeleton(&answers, &args.path.display().to_string());
    write_atomic(&args.path, text.as_bytes(), args.force, &[]).map_err(miette::Report::new)?;
    eprint(&format!(
        "已写入 {}；按注释修改后运行：callplan profile check {}",
        args.path.display(),
        args.path.display()
    ));
    Ok(ExitStatus::Success)
}
