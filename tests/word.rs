//! Word drafts in, reviewer comments out: linting .docx files (our own export and files made by
//! pandoc and LibreOffice with hand-styled headings), importing, the export → import round trip,
//! review comments anchored on the matched words, and hostile files.

use crate::common;

use common::callplan;

use std::io::Write;
use std::path::{Path, PathBuf};

use callplan::docx_in::{self, DocxError, Limits};
use callplan::export::{self, ExportOptions, verify};
use callplan::lint::{LintOptions, Mode, Selection};
use callplan::markdown;
use callplan::source::SourceFile;
use common::rules;
use predicates::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Sorted rule ids of a whole-plan lint, without `unused-suppression` (HTML comments, and so
/// suppression directives, do not travel into Word).
fn rule_ids(file: &SourceFile) -> Vec<String> {
    let set = rules();
    let doc = markdown::parse(file);
    let mut ids: Vec<String> = set
        .lint(
            file,
            &doc,
            &LintOptions {
                mode: Mode::Document,
                selection: Selection::default(),
            },
        )
        .iter()
        .map(|f| set.rules[f.rule].id.clone())
        .filter(|id| id != "unused-suppression")
        .collect();
    ids.sort();
    ids
}

fn export_md(path: &Path) -> Vec<u8> {
    let text = std::fs::read_to_string(path).unwrap();
    let file = SourceFile::new(path.display().to_string(), text);
    let doc = markdown::parse(&file);
    let opts = ExportOptions {
        base_dir: path.parent().unwrap().to_path_buf(),
        ..ExportOptions::default()
    };
    export::export(&file, &doc, &opts).unwrap().0
}

fn import(name: &str, bytes: &[u8]) -> SourceFile {
    let imported = docx_in::read(name, bytes, Limits::default(), "media").unwrap();
    let mut file = SourceFile::new(name, imported.markdown);
    file.locator = Some(std::sync::Arc::new(imported.locator));
    file
}

#[test]
fn export_then_import_gives_the_same_findings() {
    for name in [
        "defective-plan.md",
        "national-95-plan.md",
        "provincial-96-plan.md",
        "drafted/national-callback.md",
    ] {
        let path = root().join("samples").join(name);
        let direct = rule_ids(&SourceFile::new(
            name,
            std::fs::read_to_string(&path).unwrap(),
        ));
        let bytes = export_md(&path);
        let back = rule_ids(&import("plan.docx", &bytes));
        assert_eq!(direct, back, "{name}");
    }
}

#[test]
fn hand_styled_headings_from_other_producers_are_recognised() {
    for name in ["handstyled-pandoc.docx", "handstyled-libreoffice.docx"] {
        let bytes = std::fs::read(root().join("tests/word").join(name)).unwrap();
        let file = import(name, &bytes);
        let doc = markdown::parse(&file);
        let titles: Vec<&str> = doc.sections.iter().map(|s| s.title.as_str()).collect();
        for t in [
            "第一部分 业务发展计划",
            "第三部分 技术方案",
            "二、号码使用方案",
        ] {
            assert!(titles.contains(&t), "{name}: {titles:?}");
        }
        // The findings a reviewer would make, located by heading path and paragraph.
        let set = rules();
        let findings = set.lint(
            &file,
            &doc,
            &LintOptions {
                mode: Mode::Document,
                selection: Selection::default(),
            },
        );
        let locator = file.locator.as_ref().unwrap();
        let located = |id: &str| {
            let f = findings
                .iter()
                .find(|f| set.rules[f.rule].id == id)
                .unwrap_or_else(|| panic!("{name}: {id} not reported"));
            callplan::report::word_place(&file, locator, f.range).unwrap()
        };
        let marketing = located("bf-commercial-outbound");
        assert_eq!(
            marketing.heading_path,
            vec!["第一部分 业务发展计划", "二、业务形态"],
            "{name}"
        );
        assert!(
            marketing.quote.contains("【电话营销】"),
            "{}",
            marketing.quote
        );
        let mobile = located("num-mobile-or-fixed-number");
        assert_eq!(mobile.heading_path.last().unwrap(), "二、号码使用方案");
        let logs = located("sec-log-retention");
        assert!(logs.quote.contains("15天"), "{}", logs.quote);
    }
}

#[test]
fn review_comments_cover_the_matched_words() {
    let path = root().join("samples/defective-plan.md");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reviewed.docx");
    callplan()
        .arg("review")
        .arg(&path)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("条批注"));
    let bytes = std::fs::read(&out).unwrap();
    let parts = verify::read_parts(&bytes).unwrap();
    let d = &parts.document;

    // The expected words of each finding, as the exporter anchors them.
    let file = SourceFile::new("p", std::fs::read_to_string(&path).unwrap());
    let doc = markdown::parse(&file);
    let set = rules();
    let findings = set.lint(
        &file,
        &doc,
        &LintOptions {
            mode: Mode::Document,
            selection: Selection::default(),
        },
    );
    let mut checked = 0;
    for (k, f) in findings.iter().enumerate() {
        let id = k + 1;
        assert!(
            d.contains(&format!("<w:commentRangeStart w:id=\"{id}\" />")),
            "comment {id} has no range"
        );
        let Some(block) = doc.blocks.iter().find(|b| {
            b.range.start <= f.range.start && f.range.end <= b.range.end && !b.is_heading()
        }) else {
            continue;
        };
        let Some(r) = block.text_range(f.range) else {
            continue;
        };
        let expected = &block.text[r];
        if expected.is_empty() || expected.contains('\n') {
            continue;
        }
        let start = d
            .find(&format!("<w:commentRangeStart w:id=\"{id}\" />"))
            .unwrap();
        let end = d[start..]
            .find(&format!("<w:commentRangeEnd w:id=\"{id}\" />"))
            .map(|e| start + e)
            .unwrap();
        let covered: String = d[start..end]
            .split("<w:t xml:space=\"preserve\">")
            .skip(1)
            .map(|s| s.split("</w:t>").next().unwrap_or(""))
            .collect();
        assert_eq!(covered, expected, "comment {id} ({})", set.rules[f.rule].id);
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} comments checked");
    // Each comment once, by callplan, with rule, clause and help.
    assert_eq!(
        parts_comments(&bytes).matches("<w:comment ").count(),
        findings.len()
    );
    assert!(parts_comments(&bytes).contains("w:author=\"callplan\""));
    assert!(parts_comments(&bytes).contains("建议："));
    // The summary page comes first.
    let summary = d.find(">审查意见汇总<").unwrap();
    let first_heading = d.find(">第一部分 业务发展计划<").unwrap();
    assert!(summary < first_heading);
}

fn parts_comments(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name("word/comments.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

#[test]
fn lint_and_import_work_on_docx_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let docx = root().join("tests/word/handstyled-pandoc.docx");
    callplan()
        .arg("lint")
        .arg(&docx)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("位置："))
        .stdout(predicate::str::contains("原文：…户主动呼入为主"));
    let out = callplan()
        .args(["lint", "--format", "json"])
        .arg(&docx)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let d = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "bf-commercial-outbound")
        .unwrap()
        .clone();
    assert_eq!(d["location"]["paragraph"], 5);
    assert_eq!(d["location"]["text"], "电话营销");
    let sarif = callplan()
        .args(["lint", "--format", "sarif"])
        .arg(&docx)
        .assert()
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8_lossy(&sarif).contains("logicalLocations"));

    let md = dir.path().join("draft.md");
    callplan()
        .arg("import")
        .arg(&docx)
        .arg("-o")
        .arg(&md)
        .assert()
        .success();
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.contains("# 第一部分 业务发展计划"));
    assert!(text.contains("| 接入号码 | 95123 |"));
    callplan()
        .arg("import")
        .arg(&docx)
        .arg("-o")
        .arg(&md)
        .assert()
        .code(2);
}

#[test]
fn images_are_extracted_on_import() {
    let dir = tempfile::tempdir().unwrap();
    image::RgbImage::new(20, 10)
        .save(dir.path().join("fig.png"))
        .unwrap();
    let plan = dir.path().join("plan.md");
    std::fs::write(&plan, "# 标题\n\n正文。\n\n![组网图](fig.png)\n").unwrap();
    callplan().arg("export").arg(&plan).assert().success();
    let md = dir.path().join("back.md");
    callplan()
        .arg("import")
        .arg(dir.path().join("plan.docx"))
        .arg("-o")
        .arg(&md)
        .assert()
        .success();
    let text = std::fs::read_to_string(&md).unwrap();
    let link = text
        .split("](")
        .nth(1)
        .and_then(|s| s.split(')').next())
        .expect("an image link");
    assert!(link.starts_with("back_media/"), "{link}");
    assert!(dir.path().join(link).is_file());
}

fn zip_with(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn hostile_and_broken_files_get_clear_errors() {
    let ole = [0xD0u8, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
    assert!(matches!(
        docx_in::read("x.docx", &ole, Limits::default(), "m"),
        Err(DocxError::OleOrEncrypted { .. })
    ));
    let real = std::fs::read(root().join("tests/word/handstyled-pandoc.docx")).unwrap();
    for cut in [10, 100, real.len() / 2, real.len() - 10] {
        assert!(
            docx_in::read("x.docx", &real[..cut], Limits::default(), "m").is_err(),
            "truncated at {cut}"
        );
    }
    // A part that decompresses past the limit (a zip bomb in miniature).
    let big = vec![b'a'; 3 * 1024 * 1024];
    let bomb = zip_with(&[("word/document.xml", &big)]);
    let small = Limits {
        max_part: 1024 * 1024,
        ..Limits::default()
    };
    assert!(matches!(
        docx_in::read("x.docx", &bomb, small, "m"),
        Err(DocxError::TooLarge { .. })
    ));
    // External entities are refused, not resolved.
    let xxe = br#"<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document xmlns:w="w"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"#;
    let evil = zip_with(&[("word/document.xml", xxe)]);
    assert!(matches!(
        docx_in::read("x.docx", &evil, Limits::default(), "m"),
        Err(DocxError::Doctype { .. })
    ));
    // Missing document part.
    let empty = zip_with(&[("hello.txt", b"hi")]);
    assert!(matches!(
        docx_in::read("x.docx", &empty, Limits::default(), "m"),
        Err(DocxError::Corrupt { .. })
    ));

    // From the command line: exit 2 with the reason.
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("old.docx");
    std::fs::write(&doc, ole).unwrap();
    callplan()
        .arg("lint")
        .arg(&doc)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("受密码保护"));
    let bad = dir.path().join("bad.docx");
    std::fs::write(&bad, b"plain text renamed").unwrap();
    callplan()
        .arg("lint")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("不是 .docx"));
    let cut = dir.path().join("cut.docx");
    std::fs::write(&cut, &real[..real.len() / 2]).unwrap();
    callplan()
        .arg("import")
        .arg(&cut)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("损坏"));
}

fn have(cmd: &str, arg: &str) -> bool {
    std::process::Command::new(cmd)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
#[allow(clippy::print_stdout)] // the reason for skipping is printed
fn reviewed_file_keeps_its_comments_through_libreoffice() {
    if !have("soffice", "--version") {
        println!("skipped: LibreOffice (soffice) is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reviewed.docx");
    callplan()
        .arg("review")
        .arg(root().join("samples/defective-plan.md"))
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1);
    let comments = parts_comments(&std::fs::read(&out).unwrap())
        .matches("<w:comment ")
        .count();
    let status = std::process::Command::new("soffice")
        .args([
            "--headless",
            "--convert-to",
            r#"pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}"#,
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&out)
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let pdf = std::fs::read(dir.path().join("reviewed.pdf")).unwrap();
    let text = String::from_utf8_lossy(&pdf);
    let annotations =
        text.matches("/Subtype/Text").count() + text.matches("/Subtype /Text").count();
    assert_eq!(annotations, comments, "every comment is a PDF annotation");
}
