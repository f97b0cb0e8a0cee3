//! Reads an exported .docx back and checks its layout facts, so that the layout is tested
//! rather than assumed: page size and margins, the document grid, fonts and sizes per heading
//! level, the heading numbering definitions and the page-number footers.

use std::io::Read;

use super::style::{A4, Layout};

/// The XML parts of a .docx that carry layout.
#[derive(Debug, Default, Clone)]
pub struct Parts {
    pub document: String,
    pub styles: String,
    pub numbering: String,
    pub settings: String,
    /// Footer parts, in archive order.
    pub footers: Vec<String>,
    pub footnotes: String,
}

/// Unzips the parts of interest.
pub fn read_parts(docx: &[u8]) -> Result<Parts, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx))
        .map_err(|e| format!("不是有效的 .docx：{e}"))?;
    let mut parts = Parts::default();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| e.to_string())?;
        let name = entry.name().to_owned();
        if !name.ends_with(".xml") || entry.size() > 64 * 1024 * 1024 {
            continue;
        }
        let mut text = String::new();
        entry.read_to_string(&mut text).map_err(|e| e.to_string())?;
        match name.as_str() {
            "word/document.xml" => parts.document = text,
            "word/styles.xml" => parts.styles = text,
            "word/numbering.xml" => parts.numbering = text,
            "word/settings.xml" => parts.settings = text,
            "word/footnotes.xml" => parts.footnotes = text,
            n if n.starts_with("word/footer") => parts.footers.push(text),
            _ => {}
        }
    }
    Ok(parts)
}

/// The XML of the style with this id.
pub fn style_xml<'p>(styles: &'p str, id: &str) -> Option<&'p str> {
    let start = styles.find(&format!("w:styleId=\"{id}\""))?;
    let end = styles[start..]
        .find("</w:style>")
        .map_or(styles.len(), |e| start + e);
    Some(&styles[start..end])
}

fn attr_present(xml: &str, needle: &str) -> bool {
    xml.contains(needle)
}

/// Checks the layout of an exported file against `layout`; returns what does not hold.
pub fn verify(docx: &[u8], layout: &Layout) -> Result<Vec<String>, String> {
    let p = read_parts(docx)?;
    let mut bad = Vec::new();
    let mut expect = |ok: bool, what: String| {
        if !ok {
            bad.push(what);
        }
    };
    let d = &p.document;
    expect(
        attr_present(d, &format!("<w:pgSz w:w=\"{}\" w:h=\"{}\"", A4.0, A4.1)),
        "纸张不是 A4".into(),
    );
    for (side, mm) in [
        ("top", layout.margin_top),
        ("bottom", layout.margin_bottom),
        ("left", layout.margin_left),
        ("right", layout.margin_right),
    ] {
        expect(
            attr_present(d, &format!("w:{side}=\"{}\"", Layout::mm(mm))),
            format!("页边距 {side} 不是 {mm} 毫米（{} twips）", Layout::mm(mm)),
        );
    }
    expect(
        (attr_present(d, "w:type=\"lines\"") || attr_present(d, "w:type=\"linesAndChars\""))
            && attr_present(d, &format!("w:linePitch=\"{}\"", layout.line_pitch())),
        format!(
            "文档网格不是每页{}行（linePitch {}）",
            layout.lines_per_page,
            layout.line_pitch()
        ),
    );
    let body = Layout::half_points(layout.body_size);
    for (id, font, size) in [
        ("Normal", &layout.body_font, body),
        (
            "Title",
            &layout.title_font,
            Layout::half_points(layout.title_size),
        ),
        ("Heading1", &layout.heading1_font, body),
        ("Heading2", &layout.heading2_font, body),
        ("Heading3", &layout.body_font, body),
        ("Heading4", &layout.body_font, body),
    ] {
        match style_xml(&p.styles, id) {
            Some(s) => {
                expect(
                    s.contains(&format!("w:eastAsia=\"{font}\"")),
                    format!("样式 {id} 的中文字体不是 {font}"),
                );
                expect(
                    s.contains(&format!("<w:sz w:val=\"{size}\"")),
                    format!("样式 {id} 的字号不是 {} 磅", size as f32 / 2.0),
                );
            }
            None => expect(false, format!("缺少样式 {id}")),
        }
    }
    if let Some(normal) = style_xml(&p.styles, "Normal") {
        let two_chars = (layout.body_size * 40.0).round() as i32;
        expect(
            normal.contains("w:firstLineChars=\"200\"")
                || normal.contains(&format!("w:firstLine=\"{two_chars}\"")),
            "正文没有首行缩进两字".into(),
        );
    }
    let n = &p.numbering;
    for (fmt, text) in [
        ("chineseCounting", "%1、"),
        ("chineseCounting", "（%2）"),
        ("decimal", "%3."),
        ("decimal", "（%4）"),
    ] {
        expect(
            n.contains(&format!("<w:numFmt w:val=\"{fmt}\" />"))
                && n.contains(&format!("<w:lvlText w:val=\"{text}\" />")),
            format!("缺少标题编号 {text}（{fmt}）"),
        );
    }
    expect(
        n.contains("<w:suff w:val=\"nothing\" />"),
        "标题编号后有制表符（应为 nothing）".into(),
    );
    let numbered_footers: Vec<&String> = p
        .footers
        .iter()
        .filter(|f| f.contains("PAGE") && f.contains("— ") && f.contains(" —"))
        .collect();
    expect(
        numbered_footers.len() >= 2,
        "页脚页码不是“— 1 —”格式或缺少奇偶页页脚".into(),
    );
    expect(
        numbered_footers
            .iter()
            .any(|f| f.contains("w:val=\"right\""))
            && numbered_footers
                .iter()
                .any(|f| f.contains("w:val=\"left\"")),
        "页码没有单页居右、双页居左".into(),
    );
    expect(
        numbered_footers.iter().all(|f| {
            f.contains(&format!(
                "<w:sz w:val=\"{}\"",
                Layout::half_points(layout.page_number_size)
            ))
        }),
        "页码字号不是四号".into(),
    );
    expect(
        p.settings.contains("w:evenAndOddHeaders"),
        "没有启用奇偶页不同的页脚".into(),
    );
    Ok(bad)
}
