//! Periods in prose (`保存15天`, `留存不少于30日`, `日志保留一个月`, `六个月`, `半年`) parsed into days.

use std::ops::Range;
use std::sync::LazyLock;

use super::pattern::Pattern;

use super::WarmStep;

/// A period found in folded text.
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    pub range: Range<usize>,
    pub days: f64,
}

static PERIOD: LazyLock<Pattern> = LazyLock::new(|| {
    Pattern::new(r"(?P<num>[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千半]+)(?P<unit>个工作日|工作日|个自然日|自然日|天|日|个星期|星期|周|个月|月|年|个小时|小时)")
        .expect("period pattern compiles")
});

/// Finds the periods of a folded text, skipping calendar dates (`2025年3月15日`).
pub fn find_periods(text: &str) -> Vec<Period> {
    let mut out = Vec::new();
    for caps in PERIOD.captures_iter(text) {
        let m = caps.get(0).expect("group 0 always exists");
        let num = &caps["num"];
        let unit = &caps["unit"];
        let before = text[..m.start()].chars().next_back();
        let after = &text[m.end()..];
        // `3月15日`, `15日前`, `2025年`, `每年3月` are dates, not durations.
        if before.is_some_and(|c| c == '月' || c == '年' || c.is_ascii_digit()) {
            continue;
        }
        if unit == "年" && (after.starts_with(|c: char| c.is_ascii_digit()) || num.len() == 4) {
            continue;
        }
        if unit == "月" && after.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let Some(n) = parse_number(num) else { continue };
        let per = match unit {
            "天" | "日" | "个工作日" | "工作日" | "个自然日" | "自然日" => 1.0,
            "个星期" | "星期" | "周" => 7.0,
            "个月" | "月" => 30.0,
            "个小时" | "小时" => 1.0 / 24.0,
            _ => 365.0,
        };
        out.push(Period {
            range: m.start()..m.end(),
            days: n * per,
        });
    }
    out
}

/// Parses digits or Chinese numerals (`十五`, `一百八十`, `两`, `半`).
pub fn parse_number(s: &str) -> Option<f64> {
    if let Ok(v) = s.parse::<f64>() {
        return Some(v);
    }
    if s == "半" {
        return Some(0.5);
    }
    let digit = |c: char| -> Option<f64> {
        Some(match c {
            '零' | '〇' => 0.0,
            '一' => 1.0,
            '二' | '两' => 2.0,
            '三' => 3.0,
            '四' => 4.0,
            '五' => 5.0,
            '六' => 6.0,
            '七' => 7.0,
            '八' => 8.0,
            '九' => 9.0,
            _ => return None,
        })
    };
    let mut total = 0.0;
    let mut current: Option<f64> = None;
    for c in s.chars() {
        let unit = match c {
            '十' => 10.0,
            '百' => 100.0,
            '千' => 1000.0,
            _ => {
                current = Some(digit(c)?);
                continue;
            }
        };
        total += current.take().unwrap_or(1.0) * unit;
    }
    Some(total + current.unwrap_or(0.0))
}

/// Whether a folded text may state a period ([`find_periods`] finds none without a unit).
pub fn may_have_periods(text: &str) -> bool {
    text.contains(['天', '日', '月', '年', '周', '时'])
}

/// Adds the pattern of this module, if a plan of `text` will try it (always for `None`), to
/// those to compile ahead of use.
pub(crate) fn warm_steps(text: Option<&str>, steps: &mut Vec<WarmStep>) {
    if text.is_none_or(may_have_periods) {
        steps.push(WarmStep::Pattern(&PERIOD));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(text: &str) -> Vec<f64> {
        find_periods(text).into_iter().map(|p| p.days).collect()
    }

    #[test]
    fn parses_digits_and_chinese_numerals() {
        assert_eq!(days("保存15天"), [15.0]);
        assert_eq!(days("留存不少于30日"), [30.0]);
        assert_eq!(days("日志保留一个月"), [30.0]);
        assert_eq!(days("六个月"), [180.0]);
        assert_eq!(days("半年"), [182.5]);
        assert_eq!(days("一百八十天"), [180.0]);
        assert_eq!(days("十五天"), [15.0]);
        assert_eq!(days("两年"), [730.0]);
        assert_eq!(days("30个工作日"), [30.0]);
    }

    #[test]
    fn skips_dates() {
        assert!(days("2025年3月15日印发").is_empty());
    }
}
