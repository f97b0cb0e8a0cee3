//! Export to Word: every sample exports with the GB/T 9704 layout facts verified from the XML;
//! Markdown features map to Word features; images are checked; LibreOffice renders the result
//! where it is installed.

use std::path::{Path, PathBuf};

use callplan::export::{self, ExportError, ExportOptions, Layout, verify};
use callplan::markdown;
use callplan::source::SourceFile;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample_plans() -> Vec<PathBuf> {
    let mut v = Vec::new();
    for dir in ["samples", "samples/drafted"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap().flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "md") {
                v.push(p);
            }
        }
    }
    v.sort();
    v
}

fn export_text(text: &str, opts: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    let file = SourceFile::new("plan.md", text);
    let doc = markdown::parse(&file);
    export::export(&file, &doc, opts).map(|(bytes, _)| bytes)
}

fn opts(base: &Path) -> ExportOptions {
    ExportOptions {
        base_dir: base.to_path_buf(),
        ..ExportOptions::default()
    }
}

#[test]
fn every_sample_exports_with_the_official_layout() {
    let plans = sample_plans();
    assert!(plans.len() >= 5, "{plans:?}");
    for path in plans {
        let text = std::fs::read_to_string(&path).unwrap();
        let bytes = export_text(&text, &opts(path.parent().unwrap()))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let problems = verify::verify(&bytes, &Layout::default()).unwrap();
        assert!(problems.is_empty(), "{}: {problems:?}", path.display());
        let parts = verify::read_parts(&bytes).unwrap();
        // Tables repeat their header row; fields update on opening; Chinese is tagged.
        if text.contains("|---") {
            assert!(
                parts.document.contains("<w:tblHeader />"),
                "{}",
                path.display()
            );
        }
        assert!(parts.settings.contains("<w:updateFields w:val=\"true\" />"));
        assert!(parts.styles.contains("w:eastAsia=\"zh-CN\""));
        assert_eq!(parts.styles.matches("w:styleId=\"Normal\"").count(), 1);
        // Cover page without a page number, then a table of contents field.
        assert!(
            parts.document.contains("<w:titlePg />"),
            "{}",
            path.display()
        );
        assert!(
            parts.document.contains("TOC \\o &quot;1-3&quot;")
                || parts.document.contains("TOC \\o \"1-3\"")
        );
    }
}

#[test]
fn heading_levels_get_their_fonts_and_numbering() {
    let text = "# 标题\n\n## 总体要求\n\n正文。\n\n### 业务形态\n\n#### 服务项目\n\n##### 细项\n\n## 第二章 已有编号\n\n### 2.1 已有编号\n";
    let bytes = export_text(text, &opts(Path::new("."))).unwrap();
    let parts = verify::read_parts(&bytes).unwrap();
    let d = &parts.document;
    let para = |needle: &str| {
        let at = d
            .rfind(needle)
            .unwrap_or_else(|| panic!("{needle} missing"));
        let start = d[..at].rfind("<w:p ").unwrap();
        d[start..at].to_owned()
    };
    for (title, style, level) in [
        ("总体要求", "Heading1", 0),
        ("业务形态", "Heading2", 1),
        ("服务项目", "Heading3", 2),
        ("细项", "Heading4", 3),
    ] {
        let p = para(&format!(">{title}<"));
        assert!(
            p.contains(&format!("<w:pStyle w:val=\"{style}\" />")),
            "{title}: {p}"
        );
        assert!(
            p.contains("<w:numId w:val=\"1\" />"),
            "{title} is numbered: {p}"
        );
        assert!(
            p.contains(&format!("<w:ilvl w:val=\"{level}\" />")),
            "{title}: {p}"
        );
    }
    for title in ["第二章 已有编号", "2.1 已有编号"] {
        let p = para(&format!(">{title}<"));
        assert!(
            !p.contains("<w:numPr>"),
            "{title} keeps its own number: {p}"
        );
    }
    let h1 = verify::style_xml(&parts.styles, "Heading1").unwrap();
    assert!(h1.contains("w:eastAsia=\"黑体\""));
    let h2 = verify::style_xml(&parts.styles, "Heading2").unwrap();
    assert!(h2.contains("w:eastAsia=\"楷体_GB2312\""));
    let h3 = verify::style_xml(&parts.styles, "Heading3").unwrap();
    assert!(h3.contains("w:eastAsia=\"仿宋_GB2312\""));
}

#[test]
fn markdown_features_become_word_features() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("fig.png");
    let jpg = dir.path().join("photo.jpg");
    image::RgbImage::from_pixel(400, 200, image::Rgb([10, 20, 30]))
        .save(&png)
        .unwrap();
    image::RgbImage::from_pixel(4000, 1000, image::Rgb([200, 20, 30]))
        .save(&jpg)
        .unwrap();
    let text = "\
---
title: 测试方案
company: 测试公司
scope: 全网
date: 2027-01-05
---

# 第一部分 业务发展计划

## 第一章 概况

本公司**不开展**营销外呼，*仅受理*呼入，代码`ACD`，详见[官网](https://example.com)。脚注在此[^1]。
第二行与第一行之间
没有空格。

- 第一项
  - 嵌套项
- 第二项

1. 甲
2. 乙

3. 新列表的丙

> 引用的规定文字。

| 项目 | 内容 |
|---|---|
| 坐席 | 120席 |

![组网图](fig.png)

![照片](photo.jpg)

---

# 第二部分 实施计划

[^1]: 脚注内容。
";
    let bytes = export_text(text, &opts(dir.path())).unwrap();
    let parts = verify::read_parts(&bytes).unwrap();
    let d = &parts.document;
    assert!(d.contains("<w:b />"), "bold");
    assert!(d.contains("<w:i />"), "italic");
    assert!(d.contains("<w:hyperlink"), "link");
    assert!(d.contains("<w:footnoteReference"), "footnote reference");
    assert!(parts.footnotes.contains("脚注内容。"), "footnote text");
    assert!(
        d.contains("第二行与第一行之间没有空格。"),
        "soft breaks between Han join"
    );
    assert_eq!(d.matches("<wp:inline").count(), 2, "two images");
    assert!(d.contains("<w:ilvl w:val=\"1\" />"), "nested list level");
    assert!(d.contains("<w:pStyle w:val=\"Quote\" />"), "block quote");
    assert!(d.contains("w:type=\"page\""), "page break from ---");
    // The wide JPEG is scaled to the text width.
    let text_width_emu = Layout::default().text_width() as u64 * 635;
    let widths: Vec<u64> = d
        .match_indices("<wp:extent cx=\"")
        .map(|(i, m)| {
            let rest = &d[i + m.len()..];
            rest[..rest.find('"').unwrap()].parse().unwrap()
        })
        .collect();
    assert!(widths.iter().all(|&w| w <= text_width_emu), "{widths:?}");
    // The cover carries the front matter, with the date written the official way.
    assert!(d.contains("日期：2027年1月5日"));
    // Parts start on a new page.
    let part2 = d.rfind(">第二部分 实施计划<").unwrap();
    let start = d[..part2].rfind("<w:p ").unwrap();
    assert!(d[start..part2].contains("<w:pageBreakBefore"));
}

/// The body is rendered paragraph by paragraph, except the paragraphs and tables that carry
/// links, footnotes, images or comments, which docx-rs renders in the package; both kinds come
/// out in source order, with repeated header rows, and without the markers that join them.
#[test]
fn rendered_and_packaged_paragraphs_keep_their_order() {
    let dir = tempfile::tempdir().unwrap();
    image::RgbImage::from_pixel(40, 20, image::Rgb([10, 20, 30]))
        .save(dir.path().join("fig.png"))
        .unwrap();
    let text = "\
# 方案

## 概况

段落一。

段落二见[官网](https://example.com)。

| 甲 | 乙 |
|---|---|
| 段落三 | 平 |

| 丙 | 丁 |
|---|---|
| 段落四[链接](https://example.org) | 注[^1] |

段落五。

![段落六](fig.png)

段落七[^1]。

[^1]: 脚注。
";
    let bytes = export_text(text, &opts(dir.path())).unwrap();
    let d = verify::read_parts(&bytes).unwrap().document;
    let at = |needle: &str| d.find(needle).unwrap_or_else(|| panic!("{needle} missing"));
    let order = ["段落一", "段落二", "段落三", "段落四", "段落五", "段落七"];
    for pair in order.windows(2) {
        assert!(at(pair[0]) < at(pair[1]), "{pair:?}");
    }
    assert!(at("段落五") < at("<wp:inline") && at("<wp:inline") < at("段落七"));
    assert_eq!(d.matches("<w:tblHeader />").count(), 2);
    assert!(!d.contains("<w:bookmarkEnd"), "no marker left");
    assert!(d.starts_with("<?xml") && d.ends_with("</w:body></w:document>"));
    // Without any such paragraph as well.
    let bytes = export_text("# 方案\n\n段落一。\n", &opts(dir.path())).unwrap();
    let d = verify::read_parts(&bytes).unwrap().document;
    assert!(d.contains("段落一") && !d.contains("<w:bookmarkEnd"));
    // A long plan, rendered in many chunks on two threads, with packaged paragraphs between.
    let mut text = String::from("# 方案\n\n## 概况\n\n");
    for i in 0..2000 {
        match i % 97 {
            0 => text.push_str(&format!("第{i}段见[官网](https://example.com/{i})。\n\n")),
            50 => text.push_str(&format!("| 第{i}段 | 乙 |\n|---|---|\n| 甲 | 乙 |\n\n")),
            _ => text.push_str(&format!("第{i}段。\n\n")),
        }
    }
    let bytes = export_text(&text, &opts(dir.path())).unwrap();
    let d = verify::read_parts(&bytes).unwrap().document;
    let mut from = 0;
    for i in 0..2000 {
        let needle = format!("第{i}段");
        let found = d[from..]
            .find(&needle)
            .unwrap_or_else(|| panic!("{needle} missing or out of order"));
        from += found + needle.len();
    }
    assert_eq!(d.matches("<w:tblHeader />").count(), 2000 / 97 + 1);
    assert!(!d.contains("<w:bookmarkEnd"), "no marker left");
}

#[test]
fn images_missing_or_outside_the_folder_are_errors_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let inner = dir.path().join("plan");
    std::fs::create_dir(&inner).unwrap();
    image::RgbImage::new(10, 10)
        .save(dir.path().join("outside.png"))
        .unwrap();
    let missing = "# 标题\n\n![组网图](nowhere.png)\n";
    match export_text(missing, &opts(&inner)) {
        Err(ExportError::ImageMissing { path, line, .. }) => {
            assert_eq!(path, "nowhere.png");
            assert_eq!(line, 3);
        }
        other => panic!("{:?}", other.map(|b| b.len())),
    }
    let mut allow = opts(&inner);
    allow.allow_missing_images = true;
    let bytes = export_text(missing, &allow).unwrap();
    assert!(
        verify::read_parts(&bytes)
            .unwrap()
            .document
            .contains("［图：组网图］")
    );

    let outside = "# 标题\n\n![图](../outside.png)\n";
    assert!(matches!(
        export_text(outside, &opts(&inner)),
        Err(ExportError::ImageOutside { .. })
    ));
    let mut allow = opts(&inner);
    allow.allow_outside = true;
    assert!(export_text(outside, &allow).is_ok());

    std::fs::write(inner.join("fake.png"), b"not an image").unwrap();
    assert!(matches!(
        export_text("![图](fake.png)\n", &opts(&inner)),
        Err(ExportError::ImageBroken { .. })
    ));
}

#[test]
fn the_style_profile_comes_from_the_configuration() {
    let config: callplan::config::Config = toml::from_str(
        "[export]\nbody-font = \"仿宋\"\nheading2-font = \"楷体\"\nmargin-top = 30\n",
    )
    .unwrap();
    let layout = Layout::from_config(&config.export);
    let o = ExportOptions {
        layout: layout.clone(),
        ..ExportOptions::default()
    };
    let bytes = export_text("# 标题\n\n## 一级\n\n正文。\n", &o).unwrap();
    assert!(verify::verify(&bytes, &layout).unwrap().is_empty());
    let parts = verify::read_parts(&bytes).unwrap();
    assert!(
        verify::style_xml(&parts.styles, "Normal")
            .unwrap()
            .contains("w:eastAsia=\"仿宋\"")
    );
    assert!(
        parts
            .document
            .contains(&format!("w:top=\"{}\"", Layout::mm(30.0)))
    );
    // The default layout does not hold for this file.
    assert!(
        !verify::verify(&bytes, &Layout::default())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn odd_inputs_export_without_panicking() {
    for text in [
        "",
        "---\n---\n",
        "| a |\n|---|\n",
        "- \n  - \n    - x\n",
        "[^x]\n",
        "![](\n",
        "```\n\n```\n",
        "# \n## \n### \n#### \n##### \n###### x\n",
        "**加粗*斜体**混合*",
    ] {
        let bytes = export_text(text, &opts(Path::new("."))).unwrap();
        assert!(verify::read_parts(&bytes).is_ok(), "{text:?}");
    }
}

fn have(cmd: &str, arg: &str) -> bool {
    std::process::Command::new(cmd)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
#[allow(clippy::print_stdout)] // the reason for skipping is printed
fn libreoffice_renders_the_exported_samples() {
    if !have("soffice", "--version") || !have("pdftotext", "-v") {
        println!("skipped: LibreOffice (soffice) or pdftotext is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plan = root().join("samples/drafted/national-callback.md");
    let text = std::fs::read_to_string(&plan).unwrap();
    let bytes = export_text(&text, &opts(plan.parent().unwrap())).unwrap();
    let docx = dir.path().join("plan.docx");
    std::fs::write(&docx, bytes).unwrap();
    let status = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let pdf = dir.path().join("plan.pdf");
    let info = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&info.stdout);
    assert!(
        out.contains("武汉长江智联服务外包有限公司"),
        "Chinese text survives"
    );
    assert!(out.contains("第三部分 技术方案"));
    let pages = out.matches('\u{c}').count();
    assert!((15..=80).contains(&pages), "{pages} pages");
}
