//! `callplan lint`

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{OnceLock, mpsc};
use std::time::Duration;

use clap::{Args, ValueEnum};
use miette::{IntoDiagnostic, WrapErr, miette};

use callplan::config::Config;
use callplan::input::{self, DEFAULT_MAX_SIZE};
use callplan::lint::{
    Category, Finding, LintOptions, LintPlan, Mode, Partial, RuleLoadError, RuleSet, Selection,
    Severity, Warmup,
};
use callplan::markdown::Document;
use callplan::parallel::recv_spinning;
use callplan::report::{self, FileReport, Summary};
use callplan::source::SourceFile;

use super::{ColorChoice, ExitStatus, eprint, is_stdin, print, split_list};

#[derive(Debug, Args)]
pub struct LintArgs {
    /// 要检查的文件或目录（目录中的 .md 文件都会检查）；`-` 表示标准输入
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// 达到此级别的问题使退出码为 1（默认 error，或 callplan.toml 的 fail-on）
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<Level>,
    /// 只运行这些规则或类别（逗号分隔，可重复），如 bf-commercial-outbound,number-type
    #[arg(long, value_name = "IDS")]
    pub select: Vec<String>,
    /// 跳过这些规则或类别
    #[arg(long, value_name = "IDS")]
    pub ignore: Vec<String>,
    /// 追加规则目录（其中每个 *.toml 是一条规则，可重复）
    #[arg(long, value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// 使用指定的配置文件，而不是从文件所在目录向上查找 callplan.toml
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// 不读取任何 callplan.toml
    #[arg(long)]
    pub no_config: bool,
    /// 把输入当作方案片段（一句话、一段、一章）：关闭“缺少某章节”等需要全文的检查
    #[arg(long)]
    pub fragment: bool,
    /// 单个输入的大小上限（字节，默认 20 MB）
    #[arg(long, value_name = "BYTES")]
    pub max_size: Option<u64>,
    /// 何时使用颜色
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// 图形化报告（默认）
    Human,
    /// JSON（版本化，见 README）
    Json,
    /// SARIF 2.1.0
    Sarif,
    /// GitHub Actions 注释
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    Error,
    Warning,
    Info,
}

impl From<Level> for Severity {
    fn from(l: Level) -> Self {
        match l {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
            Level::Info => Severity::Info,
        }
    }
}

/// Settings for one file, after merging flags and its `callplan.toml`.
struct Settings {
    rule_dirs: Vec<PathBuf>,
    selection: Selection,
    fail_on: Severity,
    max_size: u64,
}

/// Collects the Markdown files of the given paths (directories recursively, sorted).
fn expand(paths: &[PathBuf]) -> miette::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if !is_stdin(p) && p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found)
                .into_diagnostic()
                .wrap_err_with(|| format!("无法读取目录 {}", p.display()))?;
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else if path
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown")
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Checks that every id given to select/ignore names a rule or a category.
fn check_ids(set: &RuleSet, ids: &[String], origin: &str) -> miette::Result<()> {
    for id in ids {
        if id != "all" && set.get(id).is_none() && Category::parse(id).is_none() {
            let close: Vec<&str> = set
                .rules
                .iter()
                .map(|r| r.id.as_str())
                .filter(|r| r.contains(id.as_str()) || id.contains(*r))
                .take(3)
                .collect();
            let hint = if close.is_empty() {
                String::new()
            } else {
                format!("；是否想用：{}", close.join("、"))
            };
            return Err(miette!(
                code = "callplan::unknown_rule",
                help = "运行 `callplan rules` 查看全部规则 id；类别为 business-form、number-type、access-method、completeness、security",
                "{origin} 中有未知的规则 id 或类别：{id}{hint}"
            ));
        }
    }
    Ok(())
}

pub fn run(args: LintArgs) -> miette::Result<ExitStatus> {
    let files = expand(&args.paths)?;
    if files.is_empty() {
        return Err(miette!(
            code = "callplan::no_input",
            help = "给出 .md 文件，或包含 .md 文件的目录",
            "没有找到要检查的 Markdown 文件"
        ));
    }
    // A small run is a few short bursts on two cores (the rules load beside the parse, then
    // the blocks are judged in halves, then the report is drawn): the other cores are kept
    // awake from the start to the end, so that no burst waits for a core to wake. A large run
    // keeps them busy itself, where a keeper would only take turns with its threads.
    let total: u64 = files
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
    let _awake =
        (total < KEEP_AWAKE_BELOW).then(|| callplan::parallel::keep_cores_awake(KEEP_AWAKE_FOR));
    let mode = if args.fragment {
        Mode::Fragment
    } else {
        Mode::Document
    };

    // One configuration per directory, one rule set per distinct list of rule directories.
    let mut configs: HashMap<Option<PathBuf>, Option<Config>> = HashMap::new();
    let mut settings = Vec::with_capacity(files.len());
    let mut id_checks: Vec<(Vec<PathBuf>, Vec<String>, String)> = Vec::new();
    for path in &files {
        let config_path = if args.no_config {
            None
        } else if let Some(c) = &args.config {
            Some(c.clone())
        } else {
            let start = if is_stdin(path) {
                std::env::current_dir().ok()
            } else {
                Some(callplan::fsutil::folder_of(path))
            };
            start.and_then(|s| Config::discover(&s.canonicalize().unwrap_or(s)))
        };
        if !configs.contains_key(&config_path) {
            let loaded = config_path.as_deref().map(Config::load).transpose()?;
            configs.insert(config_path.clone(), loaded);
        }
        let config = configs[&config_path].clone().unwrap_or_default();
        let mut rule_dirs = config.rule_dirs();
        rule_dirs.extend(args.rules.iter().cloned());
        let cli_select = split_list(&args.select);
        let cli_ignore = split_list(&args.ignore);
        let origin = config
            .path
            .as_ref()
            .map_or("callplan.toml".to_owned(), |p| p.display().to_string());
        id_checks.push((rule_dirs.clone(), cli_select.clone(), "--select".to_owned()));
        id_checks.push((rule_dirs.clone(), cli_ignore.clone(), "--ignore".to_owned()));
        id_checks.push((
            rule_dirs.clone(),
            config.lint.select.clone(),
            origin.clone(),
        ));
        id_checks.push((rule_dirs.clone(), config.lint.ignore.clone(), origin));
        let selection = Selection {
            select: if cli_select.is_empty() {
                config.lint.select.clone()
            } else {
                cli_select
            },
            ignore: config
                .lint
                .ignore
                .iter()
                .cloned()
                .chain(cli_ignore)
                .collect(),
        };
        settings.push(Settings {
            rule_dirs,
            selection,
            fail_on: args
                .fail_on
                .map(Severity::from)
                .or(config.lint.fail_on)
                .unwrap_or(Severity::Error),
            max_size: args
                .max_size
                .or(config.lint.max_size)
                .unwrap_or(DEFAULT_MAX_SIZE),
        });
    }

    // Load the rule sets. A single file is read, parsed and linted beside the loading (start-up
    // dominates a small plan); many files are linted on all cores once the rules are loaded.
    let mut dirs: Vec<&Vec<PathBuf>> = settings.iter().map(|s| &s.rule_dirs).collect();
    dirs.sort();
    dirs.dedup();
    let load_all = || -> Result<Sets, RuleLoadError> {
        dirs.iter()
            .map(|d| Ok(((*d).clone(), RuleSet::load(d)?)))
            .collect()
    };
    let (sets, outcomes) = if let [path] = files.as_slice() {
        let (sets, outcome) = lint_single(path, &settings[0], mode, load_all);
        (sets, outcome.into_iter().collect())
    } else {
        let sets = load_all();
        let outcomes = match &sets {
            Ok(sets) => parallel_map(&files, |i, path| {
                let s = &settings[i];
                let file = input::read(path, s.max_size)?;
                let doc = callplan::markdown::parse(&file);
                let findings = sets[&s.rule_dirs].lint(
                    &file,
                    &doc,
                    &LintOptions {
                        mode,
                        selection: s.selection.clone(),
                    },
                );
                discard(doc);
                Ok((file, findings))
            }),
            Err(_) => Vec::new(),
        };
        (sets, outcomes)
    };
    let sets = sets?;
    for (dirs, ids, origin) in &id_checks {
        check_ids(&sets[dirs], ids, origin)?;
    }

    let mut status = ExitStatus::Success;
    let mut done: Vec<(usize, SourceFile, Vec<Finding>)> = Vec::new();
    for (i, outcome) in outcomes.into_iter().enumerate() {
        match outcome {
            Ok((file, findings)) => done.push((i, file, findings)),
            Err(e) => {
                eprint(&format!("{:?}", miette::Report::new(e)));
                status = ExitStatus::Error;
            }
        }
    }
    // All files share the first rule set for machine formats unless configs differ; the rule
    // index of a finding always refers to the set it was linted with.
    let mut text = String::new();
    let color = args.color.enabled();
    match args.format {
        Format::Human => {
            for (i, file, findings) in &done {
                let set = &sets[&settings[*i].rule_dirs];
                text.push_str(&report::human(
                    set,
                    &FileReport { file, findings },
                    color,
                    100,
                ));
                let summary = Summary::of(set, findings);
                if findings.is_empty() {
                    text.push_str(&format!("{}：未发现问题\n", file.name));
                } else {
                    text.push_str(&format!("{}：{}\n", file.name, summary.line()));
                }
            }
        }
        Format::Json | Format::Sarif | Format::Github => {
            // Group by rule set so that rule indices resolve correctly.
            let mut groups: Vec<(&Vec<PathBuf>, Vec<FileReport<'_>>)> = Vec::new();
            for (i, file, findings) in &done {
                let key = &settings[*i].rule_dirs;
                match groups.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, v)) => v.push(FileReport { file, findings }),
                    None => groups.push((key, vec![FileReport { file, findings }])),
                }
            }
            if groups.is_empty() {
                groups.push((&settings[0].rule_dirs, Vec::new()));
            }
            for (key, reports) in &groups {
                let set = &sets[*key];
                let rendered = match args.format {
                    Format::Json => report::json(set, reports),
                    Format::Sarif => report::sarif(set, reports),
                    _ => report::github(set, reports),
                };
                text.push_str(&rendered);
                if !rendered.ends_with('\n') {
                    text.push('\n');
                }
            }
        }
    }
    print(&text)?;
    for (i, _, findings) in &done {
        let s = &settings[*i];
        if Summary::of(&sets[&s.rule_dirs], findings).reaches(s.fail_on)
            && status == ExitStatus::Success
        {
            status = ExitStatus::Findings;
        }
    }
    // The process ends right after this: freeing the rule sets, documents and findings one
    // allocation at a time would only cost time (a noticeable share of a small plan's run).
    std::mem::forget(sets);
    std::mem::forget(done);
    std::mem::forget(text);
    Ok(status)
}

/// The rule sets of a run, by their list of rule directories.
type Sets = HashMap<Vec<PathBuf>, RuleSet>;

/// A file read and linted, or why it could not be read.
type Linted = Result<(SourceFile, Vec<Finding>), input::InputError>;

/// Work that the main thread hands to the helper of [`lint_single`].
enum Job {
    /// Help compile the patterns of the [`Warmup`].
    Warm,
    /// Judge this run of the lint plan.
    Scan(usize),
}

/// Lints a single file on two threads that hand work to each other. The helper loads the rule
/// sets while this thread reads and parses the file; both then compile the patterns the plan
/// will need; the helper judges the second half of the blocks while this thread judges the
/// first (further runs, on a machine with more cores, get threads of their own).
///
/// A small plan lints in a few milliseconds, so the threads wait for each other by polling (see
/// [`recv_spinning`]) rather than by sleeping: on a virtual machine whose idle cores halt,
/// waking a core costs about as long as the work it was woken for.
fn lint_single(
    path: &Path,
    settings: &Settings,
    mode: Mode,
    load_all: impl Fn() -> Result<Sets, RuleLoadError> + Sync,
) -> (Result<Sets, RuleLoadError>, Option<Linted>) {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    let spin = if size < SPIN_BELOW {
        SPIN_FOR
    } else {
        Duration::ZERO
    };
    let sets: OnceLock<Result<Sets, RuleLoadError>> = OnceLock::new();
    let warmup: OnceLock<Warmup> = OnceLock::new();
    let input: OnceLock<(SourceFile, Document, LintPlan)> = OnceLock::new();
    // Whoever comes to it first loads the rules: usually the helper, but a thread may start a
    // few milliseconds late on a busy machine, and then this one loads them after the parse.
    let load_taken = AtomicBool::new(false);
    let load = || {
        if !load_taken.swap(true, Ordering::AcqRel) {
            let _ = sets.set(load_all());
            true
        } else {
            false
        }
    };
    let findings = std::thread::scope(|scope| {
        let (to_helper, jobs) = mpsc::channel::<Job>();
        let (loaded_tx, loaded) = mpsc::channel::<()>();
        let (done_tx, done) = mpsc::channel::<Partial>();
        let (sets, warmup, input, load) = (&sets, &warmup, &input, &load);
        scope.spawn(move || {
            if load() {
                let _ = loaded_tx.send(());
            }
            drop(loaded_tx);
            while let Ok(job) = recv_spinning(&jobs, spin) {
                match job {
                    Job::Warm => {
                        if let Some(w) = warmup.get() {
                            w.help();
                        }
                    }
                    Job::Scan(run) => {
                        let (Some(Ok(sets)), Some((file, doc, plan))) = (sets.get(), input.get())
                        else {
                            break;
                        };
                        let part = sets[&settings.rule_dirs].scan(file, doc, plan, run);
                        if done_tx.send(part).is_err() {
                            break;
                        }
                    }
                }
            }
        });

        let file = input::read(path, settings.max_size)?;
        let warm = warmup.get_or_init(|| {
            if size >= LARGE_PLAN {
                Warmup::all()
            } else {
                Warmup::for_text(&file.text)
            }
        });
        let _ = to_helper.send(Job::Warm);
        let doc = callplan::markdown::parse(&file);
        if !load() {
            // The helper is loading them (an error: it did not, or is gone; the sets say why).
            warm.help();
            let _ = recv_spinning(&loaded, spin);
        }
        warm.help();
        let Some(Ok(sets)) = sets.get() else {
            return Ok(None);
        };
        let set = &sets[&settings.rule_dirs];
        let options = LintOptions {
            mode,
            selection: settings.selection.clone(),
        };
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let plan = set.plan(&doc, &options, cores);
        let (file, doc, plan) = input.get_or_init(|| (file, doc, plan));
        let runs = plan.runs.len();
        let handed = runs > 1 && to_helper.send(Job::Scan(1)).is_ok();
        let others: Vec<_> = (2..runs)
            .map(|run| scope.spawn(move || set.scan(file, doc, plan, run)))
            .collect();
        let mut parts = vec![set.scan(file, doc, plan, 0)];
        if runs > 1 {
            let second = handed.then(|| recv_spinning(&done, spin).ok()).flatten();
            parts.push(second.unwrap_or_else(|| set.scan(file, doc, plan, 1)));
        }
        parts.extend(
            others
                .into_iter()
                .map(|h| h.join().expect("a lint thread does not panic")),
        );
        Ok(Some(set.finish(file, doc, plan, parts)))
    });
    let sets = sets.into_inner().expect("the rule loader does not panic");
    // No findings (and no input kept) if the rules did not load: the caller reports that.
    let linted = match findings {
        Ok(Some(findings)) => input.into_inner().map(|(file, doc, _)| {
            discard(doc);
            Ok((file, findings))
        }),
        Ok(None) => None,
        Err(e) => Some(Err(e)),
    };
    (sets, linted)
}

/// Input size (bytes) below which the two threads of [`lint_single`] wait for each other by
/// polling, and for how long at most (a run that lasts longer is not a small one).
const SPIN_BELOW: u64 = 256 * 1024;
const SPIN_FOR: Duration = Duration::from_millis(20);

/// Input size (bytes, all files together) below which the other cores are kept awake.
const KEEP_AWAKE_BELOW: u64 = 256 * 1024;

/// Longest time the other cores are kept awake: a run that lasts longer is not a small one.
const KEEP_AWAKE_FOR: std::time::Duration = std::time::Duration::from_millis(30);

/// Plan size (bytes) from which all number, period and figure patterns are compiled ahead of
/// use, not only those whose gate words the plan contains (a large plan is likely to need them
/// all, and scanning it for the gate words would take longer than the compiling).
const LARGE_PLAN: u64 = 512 * 1024;

/// Maps `f` over `items` on all cores, keeping the order.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(usize, &T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len())
        .max(1);
    if threads == 1 {
        return items.iter().enumerate().map(|(i, t)| f(i, t)).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    let slots = std::sync::Mutex::new(&mut results);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if i >= items.len() {
                        break;
                    }
                    let r = f(i, &items[i]);
                    if let Ok(mut s) = slots.lock() {
                        s[i] = Some(r);
                    }
                }
            });
        }
    });
    results
        .into_iter()
        .map(|r| r.expect("every item is processed"))
        .collect()
}

/// Blocks from which a parsed document is freed on a thread of its own.
const LARGE_DOCUMENT: usize = 4096;

/// Drops a parsed document. Freeing the blocks of a large one takes milliseconds that the report
/// need not wait for, so a detached thread does it (the process may well exit first).
fn discard(doc: callplan::markdown::Document) {
    if doc.blocks.len() >= LARGE_DOCUMENT {
        // Should the thread not start, the closure and the document are dropped right here.
        let _ = std::thread::Builder::new().spawn(move || drop(doc));
    }
}
