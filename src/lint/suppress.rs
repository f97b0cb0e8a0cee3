//! Inline suppression comments:
//!
//! - `<!-- callplan-disable-next-line id, category -->`: the next line with text;
//! - `<!-- callplan-disable id -->` … `<!-- callplan-enable id -->`: a stretch of the file
//!   (`callplan-enable` without ids ends every open stretch);
//! - `<!-- callplan-disable-file id -->`: the whole file.
//!
//! Without ids a directive covers every rule. A directive that suppresses nothing, or names an
//! unknown rule, is reported by the `unused-suppression` rule.

use super::schema::{Builtin, Category, Check};
use super::{Finding, RuleSet};
use crate::markdown::Document;
use crate::source::{SourceFile, TextRange};

#[derive(Debug)]
struct Directive {
    ids: Vec<String>,
    /// Byte range of the file the directive covers.
    covers: TextRange,
    /// For `disable-next-line`: the line it covers.
    line: Option<usize>,
    comment: TextRange,
    used: bool,
}

impl Directive {
    fn matches(&self, set: &RuleSet, f: &Finding) -> bool {
        let rule = &set.rules[f.rule];
        self.ids.is_empty()
            || self
                .ids
                .iter()
                .any(|i| *i == rule.id || *i == rule.category.as_str())
    }
}

fn parse_ids(rest: &str) -> Vec<String> {
    rest.split([',', ' ', '，', '、'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Reads the directives of a document.
fn directives(file: &SourceFile, doc: &Document) -> Vec<Directive> {
    let end = file.text.len();
    let mut out: Vec<Directive> = Vec::new();
    // Open `disable` stretches: index into `out`.
    let mut open: Vec<usize> = Vec::new();
    for c in &doc.comments {
        let body = c.body.trim();
        let Some(rest) = body.strip_prefix("callplan-") else {
            continue;
        };
        if let Some(ids) = rest.strip_prefix("disable-next-line") {
            let comment_line = file.line_col(c.range.end.saturating_sub(1)).line;
            let mut line = comment_line + 1;
            while let Some(start) = file.lines.line_start(line) {
                let stop = file.lines.line_start(line + 1).unwrap_or(end);
                if !file.text[start..stop].trim().is_empty() {
                    break;
                }
                line += 1;
            }
            out.push(Directive {
                ids: parse_ids(ids),
                covers: TextRange::default(),
                line: Some(line),
                comment: c.range,
                used: false,
            });
        } else if let Some(ids) = rest.strip_prefix("disable-file") {
            out.push(Directive {
                ids: parse_ids(ids),
                covers: TextRange::new(0, end),
                line: None,
                comment: c.range,
                used: false,
            });
        } else if let Some(ids) = rest.strip_prefix("disable") {
            out.push(Directive {
                ids: parse_ids(ids),
                covers: TextRange::new(c.range.end, end),
                line: None,
                comment: c.range,
                used: false,
            });
            open.push(out.len() - 1);
        } else if let Some(ids) = rest.strip_prefix("enable") {
            let ids = parse_ids(ids);
            open.retain(|&k| {
                let closes = ids.is_empty() || out[k].ids.iter().any(|i| ids.contains(i));
                if closes {
                    out[k].covers.end = c.range.start;
                }
                !closes
            });
        }
    }
    out
}

pub(crate) fn apply(
    set: &RuleSet,
    file: &SourceFile,
    doc: &Document,
    findings: &mut Vec<Finding>,
    enabled: &[bool],
) {
    let mut dirs = directives(file, doc);
    if dirs.is_empty() {
        return;
    }
    findings.retain(|f| {
        let line = file.line_col(f.range.start).line;
        let mut keep = true;
        for d in dirs.iter_mut() {
            let covered = match d.line {
                Some(l) => l == line,
                None => {
                    d.covers.start <= f.range.start
                        && f.range.start < d.covers.end.max(d.covers.start + 1)
                }
            };
            if covered && d.matches(set, f) {
                d.used = true;
                keep = false;
            }
        }
        keep
    });
    let Some(rule) = (0..set.rules.len()).find(|&r| {
        matches!(
            set.check(r),
            Check::Builtin {
                name: Builtin::UnusedSuppression
            }
        ) && enabled[r]
    }) else {
        return;
    };
    for d in &dirs {
        let unknown: Vec<&str> = d
            .ids
            .iter()
            .filter(|i| set.get(i).is_none() && Category::parse(i).is_none())
            .map(String::as_str)
            .collect();
        let message = if !unknown.is_empty() {
            format!("抑制注释中有未知的规则 id 或类别：{}", unknown.join("、"))
        } else if !d.used {
            set.rules[rule]
                .message
                .replace("{found}", &d.ids.join("、"))
        } else {
            continue;
        };
        findings.push(Finding {
            rule,
            range: d.comment,
            message,
            note: None,
        });
    }
}
