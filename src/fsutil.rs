//! Writing output files safely: never over an input, never over an existing file unless asked,
//! and atomically (a temporary file in the same directory, renamed into place), so that an
//! interrupted run leaves either the old file or the new one, never half of one.

use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum WriteError {
    #[error("{path} 已存在；加 --force 覆盖")]
    #[diagnostic(code(callplan::write::exists))]
    Exists { path: String },
    #[error("输出文件 {path} 就是输入文件，拒绝覆盖输入")]
    #[diagnostic(code(callplan::write::input))]
    IsInput { path: String },
    #[error("无法写入 {path}：{}", crate::input::io_reason(.cause))]
    #[diagnostic(code(callplan::write::io))]
    Io { path: String, cause: std::io::Error },
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// The folder a file is in: its parent, or `.` for a bare file name.
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes `bytes` to `path` atomically. `inputs` are files this run reads: writing over one of
/// them is refused even with `force`.
pub fn write_atomic(
    path: &Path,
    bytes: &[u8],
    force: bool,
    inputs: &[&Path],
) -> Result<(), WriteError> {
    let shown = path.display().to_string();
    if inputs.iter().any(|i| same_file(i, path)) {
        return Err(WriteError::IsInput { path: shown });
    }
    if path.exists() && !force {
        return Err(WriteError::Exists { path: shown });
    }
    let io = |source| WriteError::Io {
        path: shown.clone(),
        cause: source,
    };
    let dir = folder_of(path);
    std::fs::create_dir_all(&dir).map_err(io)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".callplan-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    // A temporary file is private (0600); the output gets the permissions of the file it
    // replaces, or the usual 0644.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map(|m| m.permissions().mode())
            .unwrap_or(0o644);
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(mode)).map_err(io)?;
    }
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_existing_files_and_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("plan.md");
        write_atomic(&out, b"one", false, &[]).unwrap();
        assert!(matches!(
            write_atomic(&out, b"two", false, &[]),
            Err(WriteError::Exists { .. })
        ));
        write_atomic(&out, b"two", true, &[]).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"two");
        assert!(matches!(
            write_atomic(&out, b"three", true, &[&out]),
            Err(WriteError::IsInput { .. })
        ));
        assert_eq!(std::fs::read(&out).unwrap(), b"two");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }
}
