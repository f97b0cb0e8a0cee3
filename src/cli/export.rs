//! `callplan export`: a Markdown plan becomes a Word file laid out after GB/T 9704.

use std::path::{Path, PathBuf};

use clap::Args;

use callplan::config::Config;
use callplan::export::{self, ExportOptions, Layout};
use callplan::fsutil::write_atomic;
use callplan::input::{self, DEFAULT_MAX_SIZE};

use super::{ExitStatus, eprint};

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// 方案文件（Markdown）
    #[arg(value_name = "PLAN")]
    pub input: PathBuf,
    /// 输出的 Word 文件；默认与方案同名、扩展名为 .docx
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// 输出文件已存在时覆盖
    #[arg(long)]
    pub force: bool,
    /// 找不到的图片以“［图：说明］”代替，而不是报错
    #[arg(long)]
    pub allow_missing_images: bool,
    /// 允许引用方案所在文件夹以外的图片
    #[arg(long)]
    pub allow_outside: bool,
    /// 不生成封面和目录
    #[arg(long)]
    pub no_cover: bool,
    /// 使用指定的配置文件（[export] 表设置字体、字号、页边距）
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// 不读取任何 callplan.toml，使用 GB/T 9704 的默认版式
    #[arg(long)]
    pub no_config: bool,
}

/// The layout from the configuration that applies to `input`.
pub fn layout_for(input: &Path, config: Option<&Path>, no_config: bool) -> miette::Result<Layout> {
    if no_config {
        return Ok(Layout::default());
    }
    let path = match config {
        Some(p) => Some(p.to_path_buf()),
        None => {
            let dir = callplan::fsutil::folder_of(input);
            Config::discover(&dir.canonicalize().unwrap_or(dir))
        }
    };
    match path {
        Some(p) => {
            let c = Config::load(&p).map_err(miette::Report::new)?;
            Ok(Layout::from_config(&c.export))
        }
        None => Ok(Layout::default()),
    }
}

/// Exports `text` (already read from `input`) to `output`.
pub fn export_file(
    input: &Path,
    file: &callplan::source::SourceFile,
    output: &Path,
    opts: &ExportOptions,
    force: bool,
) -> miette::Result<export::ExportStats> {
    let doc = callplan::markdown::parse(file);
    let (bytes, stats) = export::export(file, &doc, opts).map_err(miette::Report::new)?;
    write_atomic(output, &bytes, force, &[input]).map_err(miette::Report::new)?;
    Ok(stats)
}

pub fn run(args: ExportArgs) -> miette::Result<ExitStatus> {
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| export::default_output(&args.input));
    if output.exists() && !args.force {
        return Err(miette::Report::new(callplan::fsutil::WriteError::Exists {
            path: output.display().to_string(),
        }));
    }
    let layout = layout_for(&args.input, args.config.as_deref(), args.no_config)?;
    let file = input::read(&args.input, DEFAULT_MAX_SIZE).map_err(miette::Report::new)?;
    let base_dir = callplan::fsutil::folder_of(&args.input);
    let opts = ExportOptions {
        layout,
        base_dir,
        allow_missing_images: args.allow_missing_images,
        allow_outside: args.allow_outside,
        no_cover: args.no_cover,
        ..Default::default()
    };
    let stats = export_file(&args.input, &file, &output, &opts, args.force)?;
    let mut line = format!(
        "已导出 {}：{} 个标题，{} 个段落，{} 张表格，{} 张图片",
        output.display(),
        stats.headings,
        stats.paragraphs,
        stats.tables,
        stats.images
    );
    if stats.missing_images > 0 {
        line.push_str(&format!(
            "（{} 张图片缺失，已以图注代替）",
            stats.missing_images
        ));
    }
    eprint(&line);
    Ok(ExitStatus::Success)
}
