//! `callplan import`: a Word draft becomes Markdown, so it joins the draft → lint → export flow.

use std::path::PathBuf;

use clap::Args;

use callplan::fsutil::write_atomic;
use callplan::input;

use super::{ExitStatus, eprint, print};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Word 文件（.docx）
    #[arg(value_name = "DOCX")]
    pub input: PathBuf,
    /// 输出的 Markdown 文件；不给则写到标准输出（图片不导出）
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// 输出文件或图片已存在时覆盖
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: ImportArgs) -> miette::Result<ExitStatus> {
    let shown = args.input.display().to_string();
    let bytes = std::fs::read(&args.input).map_err(|source| {
        miette::Report::new(match source.kind() {
            std::io::ErrorKind::NotFound => input::InputError::Missing(shown.clone()),
            _ => input::InputError::Unreadable {
                path: shown.clone(),
                cause: source,
            },
        })
    })?;
    let media_name = match &args.output {
        Some(out) => input::media_dir_for(out),
        None => input::media_dir_for(&args.input),
    };
    let imported = callplan::docx_in::read(
        &shown,
        &bytes,
        callplan::docx_in::Limits::default(),
        &media_name,
    )
    .map_err(miette::Report::new)?;
    match &args.output {
        None => print(&imported.markdown)?,
        Some(out) => {
            let dir = callplan::fsutil::folder_of(out);
            if out.exists() && !args.force {
                return Err(miette::Report::new(callplan::fsutil::WriteError::Exists {
                    path: out.display().to_string(),
                }));
            }
            for (name, data) in &imported.images {
                // Names come from the package: keep only the file name part.
                let file = name.rsplit('/').next().unwrap_or(name);
                let target = dir.join(&media_name).join(file);
                write_atomic(&target, data, args.force, &[&args.input])
                    .map_err(miette::Report::new)?;
            }
            write_atomic(
                out,
                imported.markdown.as_bytes(),
                args.force,
                &[&args.input],
            )
            .map_err(miette::Report::new)?;
            eprint(&format!(
                "已导入 {}：{} 个段落，{} 张图片；下一步：callplan lint {}",
                out.display(),
                imported.locator.paragraphs.len(),
                imported.images.len(),
                out.display()
            ));
        }
    }
    Ok(ExitStatus::Success)
}
