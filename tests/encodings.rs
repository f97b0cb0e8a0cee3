//! Files from old Windows machines and chat apps: GB18030/GBK, UTF-16 with BOM, UTF-8 with BOM
//! and CRLF line ends are decoded, and diagnostics point at the right bytes of the original
//! file and the right line and column.

use assert_cmd::Command;
use serde_json::Value;

const TEXT: &str = "第一行\r\n第二行：本公司还开展电话营销。\r\n";

fn diagnostic(bytes: &[u8], name: &str) -> (Value, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let out = Command::cargo_bin("callplan")
        .unwrap()
        .args(["lint", "--fragment", "--format", "json"])
        .arg(&path)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    let d = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "bf-commercial-outbound")
        .expect("the marketing sentence is reported")
        .clone();
    (d, bytes.to_vec())
}

fn slice(d: &Value, bytes: &[u8]) -> Vec<u8> {
    let offset = d["offset"].as_u64().unwrap() as usize;
    let length = d["length"].as_u64().unwrap() as usize;
    bytes[offset..offset + length].to_vec()
}

#[test]
fn offsets_point_into_the_original_bytes() {
    // UTF-8 with BOM.
    let mut utf8 = b"\xEF\xBB\xBF".to_vec();
    utf8.extend_from_slice(TEXT.as_bytes());
    let (d, b) = diagnostic(&utf8, "bom.md");
    assert_eq!(slice(&d, &b), "电话营销".as_bytes());

    // GB18030 (what GBK Windows editors save).
    let (gbk, _, _) = encoding_rs::GB18030.encode(TEXT);
    let (d, b) = diagnostic(&gbk, "gbk.md");
    let (expected, _, _) = encoding_rs::GB18030.encode("电话营销");
    assert_eq!(slice(&d, &b), expected.to_vec());

    // UTF-16 LE and BE with BOM.
    for (bom, le) in [([0xFF, 0xFE], true), ([0xFE, 0xFF], false)] {
        let mut bytes = bom.to_vec();
        for unit in TEXT.encode_utf16() {
            let pair = if le {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            bytes.extend_from_slice(&pair);
        }
        let (d, b) = diagnostic(&bytes, "utf16.md");
        let got = slice(&d, &b);
        let units: Vec<u16> = got
            .chunks(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        assert_eq!(String::from_utf16(&units).unwrap(), "电话营销");
    }

    // Line and column count characters and survive CRLF.
    let (d, _) = diagnostic(TEXT.as_bytes(), "crlf.md");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(11))
    );
}

#[test]
fn undecodable_bytes_give_the_offset() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.md");
    // Valid text, then a byte sequence that is neither UTF-8 nor GB18030.
    let mut bytes = "正文".as_bytes().to_vec();
    bytes.extend_from_slice(&[0xFF, 0xFF, 0xFF]);
    std::fs::write(&path, bytes).unwrap();
    Command::cargo_bin("callplan")
        .unwrap()
        .arg("lint")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("第 6 字节处不是有效的 UTF-8"));
}
