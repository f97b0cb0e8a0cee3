//! The Word layout: GB/T 9704-2012 values by default, overridable from `callplan.toml`
//! (`[export]`) for offices whose installed fonts differ.

use crate::config::ExportConfig;

/// Twips per millimetre (1 inch = 1440 twips = 25.4 mm).
pub const TWIPS_PER_MM: f32 = 1440.0 / 25.4;
/// A4 in twips.
pub const A4: (u32, u32) = (11906, 16838);

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub body_font: String,
    pub title_font: String,
    pub heading1_font: String,
    pub heading2_font: String,
    /// Levels 3 and 4 use the body font.
    pub latin_font: String,
    /// Page numbers: 宋体, half-width Arabic digits.
    pub page_number_font: String,
    /// Monospaced font for code blocks and diagrams.
    pub code_font: String,
    /// Points.
    pub body_size: f32,
    pub title_size: f32,
    pub table_size: f32,
    pub page_number_size: f32,
    pub code_size: f32,
    /// Millimetres.
    pub margin_top: f32,
    pub margin_bottom: f32,
    pub margin_left: f32,
    pub margin_right: f32,
    pub lines_per_page: u32,
    pub chars_per_line: u32,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            body_font: "仿宋_GB2312".into(),
            title_font: "方正小标宋简体".into(),
            heading1_font: "黑体".into(),
            heading2_font: "楷体_GB2312".into(),
            latin_font: "Times New Roman".into(),
            page_number_font: "宋体".into(),
            code_font: "新宋体".into(),
            body_size: 16.0,
            title_size: 22.0,
            table_size: 12.0,
            page_number_size: 14.0,
            code_size: 10.5,
            margin_top: 37.0,
            margin_bottom: 35.0,
            margin_left: 28.0,
            margin_right: 26.0,
            lines_per_page: 22,
            chars_per_line: 28,
        }
    }
}

impl Layout {
    pub fn from_config(c: &ExportConfig) -> Layout {
        let d = Layout::default();
        Layout {
            body_font: c.body_font.clone().unwrap_or(d.body_font),
            title_font: c.title_font.clone().unwrap_or(d.title_font),
            heading1_font: c.heading1_font.clone().unwrap_or(d.heading1_font),
            heading2_font: c.heading2_font.clone().unwrap_or(d.heading2_font),
            latin_font: c.latin_font.clone().unwrap_or(d.latin_font),
            body_size: c.body_size.unwrap_or(d.body_size),
            title_size: c.title_size.unwrap_or(d.title_size),
            margin_top: c.margin_top.unwrap_or(d.margin_top),
            margin_bottom: c.margin_bottom.unwrap_or(d.margin_bottom),
            margin_left: c.margin_left.unwrap_or(d.margin_left),
            margin_right: c.margin_right.unwrap_or(d.margin_right),
            lines_per_page: c.lines_per_page.unwrap_or(d.lines_per_page),
            ..d
        }
    }

    /// Checks the values are usable; the message names the key.
    pub fn validate(&self) -> Result<(), String> {
        let sizes = [
            ("body-size", self.body_size),
            ("title-size", self.title_size),
        ];
        for (k, v) in sizes {
            if !(5.0..=72.0).contains(&v) {
                return Err(format!("[export] {k} = {v} 不在 5 至 72 磅之间"));
            }
        }
        let margins = [
            ("margin-top", self.margin_top),
            ("margin-bottom", self.margin_bottom),
            ("margin-left", self.margin_left),
            ("margin-right", self.margin_right),
        ];
        for (k, v) in margins {
            if !(0.0..=80.0).contains(&v) {
                return Err(format!("[export] {k} = {v} 不在 0 至 80 毫米之间"));
            }
        }
        if !(10..=60).contains(&self.lines_per_page) {
            return Err(format!(
                "[export] lines-per-page = {} 不在 10 至 60 之间",
                self.lines_per_page
            ));
        }
        Ok(())
    }

    pub fn mm(v: f32) -> i32 {
        (v * TWIPS_PER_MM).round() as i32
    }

    /// Width of the text block in twips.
    pub fn text_width(&self) -> u32 {
        (A4.0 as i32 - Self::mm(self.margin_left) - Self::mm(self.margin_right)).max(1440) as u32
    }

    /// Height of the text block in twips.
    pub fn text_height(&self) -> u32 {
        (A4.1 as i32 - Self::mm(self.margin_top) - Self::mm(self.margin_bottom)).max(1440) as u32
    }

    /// Line pitch of the document grid in twips (the text block divided by the lines per page,
    /// rounded down so that the lines fit: 579 for the defaults).
    pub fn line_pitch(&self) -> u32 {
        self.text_height() / self.lines_per_page.max(1)
    }

    /// Character spacing of the grid, in 1/4096 of a point relative to the body size: negative
    /// when `chars_per_line` characters of the body size are wider than the text block.
    pub fn char_space(&self) -> i32 {
        let pitch_pt = self.text_width() as f32 / 20.0 / self.chars_per_line.max(1) as f32;
        ((pitch_pt - self.body_size) * 4096.0).round() as i32
    }

    /// Half-points, as Word stores sizes.
    pub fn half_points(pt: f32) -> usize {
        (pt * 2.0).round() as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gb_t_9704_defaults() {
        let l = Layout::default();
        assert_eq!(Layout::mm(l.margin_top), 2098);
        assert_eq!(Layout::mm(l.margin_bottom), 1984);
        assert_eq!(Layout::mm(l.margin_left), 1587);
        assert_eq!(Layout::mm(l.margin_right), 1474);
        assert_eq!(l.line_pitch(), 579);
        assert!(l.char_space() < 0);
        assert_eq!(Layout::half_points(l.body_size), 32);
        assert_eq!(Layout::half_points(l.title_size), 44);
    }
}
