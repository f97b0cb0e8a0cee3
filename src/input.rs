//! Reading plans from disk or standard input: size limit, encoding detection, clear errors.

use std::io::Read;
use std::path::{Path, PathBuf};

use miette::Diagnostic;
use thiserror::Error;

use crate::source::SourceFile;

/// An I/O error said in Chinese, with the system's own words kept for the rare cases.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "文件或目录不存在".to_owned(),
        K::PermissionDenied => "没有权限（检查文件的读写权限或是否被其他程序占用）".to_owned(),
        K::IsADirectory => "这是一个目录，不是文件".to_owned(),
        K::NotADirectory => "路径中有一部分不是目录".to_owned(),
        K::ReadOnlyFilesystem => "文件系统是只读的".to_owned(),
        K::StorageFull => "磁盘空间不足".to_owned(),
        K::InvalidData => "内容不是有效的文本".to_owned(),
        K::AlreadyExists => "文件已存在".to_owned(),
        _ => format!("{e}"),
    }
}

/// Default largest input: 20 MB.
pub const DEFAULT_MAX_SIZE: u64 = 20 * 1024 * 1024;

#[derive(Debug, Error, Diagnostic)]
pub enum InputError {
    #[error("找不到文件：{0}")]
    #[diagnostic(
        code(callplan::input::missing),
        help("检查路径是否正确；要从标准输入读取，请用 `-`")
    )]
    Missing(String),
    #[error("{0} 是目录，不是文件")]
    #[diagnostic(
        code(callplan::input::directory),
        help("lint 可以直接接受目录（会检查其中的 .md 文件）；其他命令需要一个文件")
    )]
    Directory(String),
    #[error("无法读取 {path}：{}", crate::input::io_reason(.cause))]
    #[diagnostic(code(callplan::input::unreadable))]
    Unreadable { path: String, cause: std::io::Error },
    #[error("{path} 太大（{size} 字节），超过上限 {limit} 字节")]
    #[diagnostic(
        code(callplan::input::too_large),
        help("用 --max-size 或 callplan.toml 的 [lint] max-size 调高上限")
    )]
    TooLarge { path: String, size: u64, limit: u64 },
    #[error("{path} 是二进制文件（第 {offset} 字节处有空字节），不是 Markdown 文本")]
    #[diagnostic(
        code(callplan::input::binary),
        help("Word 文件请用 `callplan lint draft.docx`；其他格式请先另存为 Markdown（.md）")
    )]
    Binary { path: String, offset: usize },
    #[error("{0} 是空文件，没有可检查的内容")]
    #[diagnostic(
        code(callplan::input::empty),
        help("检查是否选错了文件，或文件在保存、传输中被清空")
    )]
    Empty(String),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Docx(#[from] crate::docx_in::DocxError),
    #[error("{path} 的编码无法识别：第 {offset} 字节处不是有效的 UTF-8，也不是 GB18030/GBK")]
    #[diagnostic(code(callplan::input::encoding), help("请把文件另存为 UTF-8 编码"))]
    Encoding { path: String, offset: usize },
}

/// Which encoding a file was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gb18030,
    /// A Word file converted to Markdown.
    Docx,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Gb18030 => "GB18030",
            Encoding::Docx => "Word (.docx)",
        }
    }
}

/// Decodes bytes: a BOM decides (UTF-8, UTF-16LE/BE); otherwise UTF-8, else GB18030/GBK.
pub fn decode(name: &str, bytes: &[u8]) -> Result<(String, Encoding), InputError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(name, rest, 3).map(|s| (s, Encoding::Utf8Bom));
    }
    for (bom, enc, tag) in [
        (b"\xFF\xFE", encoding_rs::UTF_16LE, Encoding::Utf16Le),
        (b"\xFE\xFF", encoding_rs::UTF_16BE, Encoding::Utf16Be),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return match enc.decode_without_bom_handling_and_without_replacement(rest) {
                Some(s) => Ok((s.into_owned(), tag)),
                None => Err(InputError::Encoding {
                    path: name.to_owned(),
                    offset: 2,
                }),
            };
        }
    }
    // `contains` looks for the byte a word at a time; `position` only where it is.
    if bytes.contains(&0)
        && let Some(offset) = bytes.iter().position(|&b| b == 0)
    {
        return Err(InputError::Binary {
            path: name.to_owned(),
            offset,
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_owned(), Encoding::Utf8)),
        Err(e) => {
            match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
                Some(s) if !looks_binary(&s) => Ok((s.into_owned(), Encoding::Gb18030)),
                _ => Err(InputError::Encoding {
                    path: name.to_owned(),
                    offset: e.valid_up_to(),
                }),
            }
        }
    }
}

/// [`decode`] taking the bytes: plain UTF-8 (no byte-order mark, no NUL) becomes the text
/// without a copy.
fn decode_owned(name: &str, bytes: Vec<u8>) -> Result<(String, Encoding), InputError> {
    let bom = [&b"\xEF\xBB\xBF"[..], b"\xFF\xFE", b"\xFE\xFF"]
        .iter()
        .any(|b| bytes.starts_with(b));
    if bom || bytes.contains(&0) {
        return decode(name, &bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, Encoding::Utf8)),
        Err(e) => decode(name, e.as_bytes()),
    }
}

fn utf8(name: &str, bytes: &[u8], shift: usize) -> Result<String, InputError> {
    std::str::from_utf8(bytes)
        .map(str::to_owned)
        .map_err(|e| InputError::Encoding {
            path: name.to_owned(),
            offset: e.valid_up_to() + shift,
        })
}

/// Control characters other than tab and line ends betray binary data decoded as text.
fn looks_binary(s: &str) -> bool {
    let controls = s
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
        .count();
    controls * 100 > s.chars().count().max(1)
}

/// Reads one input (`-` is standard input) into a [`SourceFile`].
pub fn read(path: &Path, max_size: u64) -> Result<SourceFile, InputError> {
    let shown = path.display().to_string();
    let bytes = if shown == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .take(max_size + 1)
            .read_to_end(&mut buf)
            .map_err(|source| InputError::Unreadable {
                path: "<stdin>".into(),
                cause: source,
            })?;
        if buf.len() as u64 > max_size {
            return Err(InputError::TooLarge {
                path: "<stdin>".into(),
                size: buf.len() as u64,
                limit: max_size,
            });
        }
        buf
    } else {
        let meta = std::fs::metadata(path).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => InputError::Missing(shown.clone()),
            _ => InputError::Unreadable {
                path: shown.clone(),
                cause: source,
            },
        })?;
        if meta.is_dir() {
            return Err(InputError::Directory(shown));
        }
        if meta.len() > max_size {
            return Err(InputError::TooLarge {
                path: shown,
                size: meta.len(),
                limit: max_size,
            });
        }
        std::fs::read(path).map_err(|source| InputError::Unreadable {
            path: shown.clone(),
            cause: source,
        })?
    };
    let name = if shown == "-" {
        "<stdin>".to_owned()
    } else {
        shown
    };
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(InputError::Empty(name));
    }
    let is_word = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
        || crate::docx_in::is_zip(&bytes)
        || crate::docx_in::is_ole(&bytes);
    if is_word {
        return read_word(path, name, &bytes);
    }
    let (text, encoding) = decode_owned(&name, bytes)?;
    let mut file = SourceFile::new(name, text);
    file.encoding = encoding;
    if path.as_os_str() != "-" {
        file.path = Some(PathBuf::from(path));
    }
    Ok(file)
}

/// A Word file as converted Markdown with the locator of its paragraphs.
fn read_word(path: &Path, name: String, bytes: &[u8]) -> Result<SourceFile, InputError> {
    let media = media_dir_for(path);
    let imported = crate::docx_in::read(&name, bytes, crate::docx_in::Limits::default(), &media)?;
    let mut file = SourceFile::new(name, imported.markdown);
    file.encoding = Encoding::Docx;
    file.locator = Some(std::sync::Arc::new(imported.locator));
    if path.as_os_str() != "-" {
        file.path = Some(PathBuf::from(path));
    }
    Ok(file)
}

/// The folder name images of an imported Word file go to: `<stem>_media`.
pub fn media_dir_for(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "draft".into());
    format!("{stem}_media")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_common_encodings() {
        assert_eq!(decode("a", "营销".as_bytes()).unwrap().1, Encoding::Utf8);
        assert_eq!(
            decode("a", b"\xEF\xBB\xBFabc").unwrap(),
            ("abc".to_owned(), Encoding::Utf8Bom)
        );
        let (gbk, _, _) = encoding_rs::GBK.encode("本公司不开展电话营销。");
        assert_eq!(
            decode("a", &gbk).unwrap(),
            ("本公司不开展电话营销。".to_owned(), Encoding::Gb18030)
        );
        let mut le = vec![0xFF, 0xFE];
        for u in "呼入".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(
            decode("a", &le).unwrap(),
            ("呼入".to_owned(), Encoding::Utf16Le)
        );
    }

    #[test]
    fn binary_is_refused() {
        assert!(matches!(
            decode("a", b"PK\x03\x04\x00\x00"),
            Err(InputError::Binary { offset: 4, .. })
        ));
    }
}
