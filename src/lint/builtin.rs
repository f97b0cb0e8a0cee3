//! The rules written in Rust: they need the heading tree or figures gathered across chapters,
//! tables and front matter. Each is a function over the finished pass.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::engine::{Pass, looks_like_heading};
use super::facts::{Figure, LicenceScope, SeatKind, TrunkKind};
use super::load::PartEntry;
use super::schema::{Builtin, Check, NumberType, Role};
use super::{Finding, Mode};
use crate::source::TextRange;
use crate::text::Folded;

pub(crate) fn run(pass: &mut Pass<'_>) {
    // The headings, found once for the rules that read them.
    let headings = std::cell::OnceCell::new();
    for rule in 0..pass.set.rules.len() {
        let Check::Builtin { name } = pass.set.check(rule) else {
            continue;
        };
        if !pass.enabled[rule] {
            continue;
        }
        match name {
            Builtin::RequiredParts => required_parts(pass, rule, &headings),
            Builtin::RequiredSections => required_sections(pass, rule, &headings),
            Builtin::NumberScope => number_scope(pass, rule),
            Builtin::CoverageScope => coverage_scope(pass, rule),
            Builtin::FigureConsistency => figure_consistency(pass, rule),
            Builtin::TrunkCapacity => trunk_capacity(pass, rule),
            Builtin::CapitalMinimum => capital_minimum(pass, rule),
            Builtin::OutboundSeatMajority => outbound_majority(pass, rule),
            // Reported by the suppression pass, which runs after every other rule.
            Builtin::UnusedSuppression => {}
        }
    }
}

fn push(pass: &mut Pass<'_>, rule: usize, range: TextRange, message: String, note: Option<String>) {
    pass.findings.push(Finding {
        rule,
        range,
        message,
        note,
    });
}

fn message(pass: &Pass<'_>, rule: usize, found: &str, missing: &str) -> String {
    pass.set.rules[rule]
        .message
        .replace("{found}", found)
        .replace("{missing}", missing)
}

/// Headings, plus the lines authors style as headings by hand: a paragraph that is bold as a
/// whole, or a short line opening with `一、`, `（一）`, `第一章`, `第一部分`. Each heading
/// comes with the synonym lists of the section table that it names.
fn heading_texts(pass: &Pass<'_>) -> Vec<(Named, TextRange)> {
    let lists = SynonymLists::new(&pass.set.sections.part);
    pass.doc
        .blocks
        .iter()
        .filter(|b| b.is_heading() || looks_like_heading(b))
        .map(|b| (lists.named_in(&Folded::new(b.text.trim()).text), b.range))
        .collect()
}

/// The synonym lists of the section table (each part's, then each section's), folded, in one
/// automaton: a heading is searched once, however many lists there are.
struct SynonymLists {
    ac: AhoCorasick,
    /// The lists of each pattern of `ac` (a word may be a synonym in several lists).
    list_of: Vec<Vec<usize>>,
    /// Lists with a synonym that folds to nothing: every text contains it.
    everywhere: Vec<usize>,
}

/// The synonym lists a heading names, as sorted list numbers (see [`list_ids`]).
struct Named(Vec<usize>);

impl Named {
    fn has(&self, list: usize) -> bool {
        self.0.binary_search(&list).is_ok()
    }
}

/// The number of each part's synonym list and of each section's: parts first, in table order,
/// then the sections of each part in turn.
fn list_ids(parts: &[PartEntry]) -> (Vec<usize>, Vec<Vec<usize>>) {
    let part_ids: Vec<usize> = (0..parts.len()).collect();
    let mut next = parts.len();
    let section_ids = parts
        .iter()
        .map(|p| {
            let ids: Vec<usize> = (next..next + p.section.len()).collect();
            next += p.section.len();
            ids
        })
        .collect();
    (part_ids, section_ids)
}

impl SynonymLists {
    fn new(parts: &[PartEntry]) -> Self {
        let (part_ids, section_ids) = list_ids(parts);
        let mut words: Vec<String> = Vec::new();
        let mut list_of: Vec<Vec<usize>> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut everywhere = Vec::new();
        let mut add = |synonyms: &[String], list: usize| {
            for w in synonyms {
                let w = Folded::new(w).text;
                if w.is_empty() {
                    everywhere.push(list);
                } else if let Some(&k) = index.get(&w) {
                    list_of[k].push(list);
                } else {
                    index.insert(w.clone(), words.len());
                    words.push(w);
                    list_of.push(vec![list]);
                }
            }
        };
        for (p, part) in parts.iter().enumerate() {
            add(&part.synonyms, part_ids[p]);
            for (s, section) in part.section.iter().enumerate() {
                add(&section.synonyms, section_ids[p][s]);
            }
        }
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&words)
            .expect("an automaton of a few hundred words builds");
        Self {
            ac,
            list_of,
            everywhere,
        }
    }

    /// The lists with a synonym that `text` (folded) contains.
    fn named_in(&self, text: &str) -> Named {
        let mut lists = self.everywhere.clone();
        lists.extend(
            self.ac
                .find_overlapping_iter(text)
                .flat_map(|m| self.list_of[m.pattern().as_usize()].iter().copied()),
        );
        lists.sort_unstable();
        lists.dedup();
        Named(lists)
    }
}

/// The headings of the plan, with the synonym lists they name (see [`heading_texts`]).
type Headings = std::cell::OnceCell<Vec<(Named, TextRange)>>;

fn required_parts(pass: &mut Pass<'_>, rule: usize, headings: &Headings) {
    let headings = headings.get_or_init(|| heading_texts(pass));
    let anchor = pass.anchor();
    let (part_ids, _) = list_ids(&pass.set.sections.part);
    for (p, part) in pass.set.sections.part.clone().into_iter().enumerate() {
        if !headings.iter().any(|(t, _)| t.has(part_ids[p])) {
            let msg = message(pass, rule, "", &part.name);
            push(pass, rule, anchor, msg, None);
        }
    }
}

fn required_sections(pass: &mut Pass<'_>, rule: usize, headings: &Headings) {
    let headings = headings.get_or_init(|| heading_texts(pass));
    let parts = pass.set.sections.part.clone();
    let (part_ids, section_ids) = list_ids(&parts);
    // A document title (`…业务发展和实施计划及技术方案`) names every part; a part's own heading
    // names one. Anchor each part at a heading that names it alone when there is one.
    let names = |t: &Named| part_ids.iter().filter(|&&id| t.has(id)).count();
    for (p, part) in parts.iter().enumerate() {
        let matching = || headings.iter().filter(|(t, _)| t.has(part_ids[p]));
        let Some(part_at) = matching()
            .find(|(t, _)| names(t) == 1)
            .or_else(|| matching().next())
            .map(|(_, r)| *r)
        else {
            // A missing part is reported by `cmp-required-parts`.
            continue;
        };
        let missing: Vec<String> = part
            .section
            .iter()
            .enumerate()
            .filter(|&(s, _)| !headings.iter().any(|(t, _)| t.has(section_ids[p][s])))
            .map(|(_, section)| format!("“{}”", section.name))
            .collect();
        if !missing.is_empty() {
            let msg = message(
                pass,
                rule,
                "",
                &format!("{}中的{}", part.name, missing.join("、")),
            );
            push(pass, rule, part_at, msg, None);
        }
    }
}

/// The licence scope the plan declares: front matter first, then the first claim in the text.
fn declared_scope(pass: &Pass<'_>) -> Option<(LicenceScope, TextRange)> {
    if let Some(fm) = &pass.doc.front_matter
        && let Some(s) = fm.scope.as_deref().and_then(LicenceScope::parse)
    {
        return Some((s, fm.range));
    }
    pass.facts.scope_claims.first().copied()
}

fn number_scope(pass: &mut Pass<'_>, rule: usize) {
    let scope = declared_scope(pass).map(|(s, _)| s);
    let national_coverage = pass.facts.coverage.iter().any(|c| c.national);
    let mut out = Vec::new();
    for n in &pass.facts.numbers {
        if matches!(n.role, Role::Contact | Role::Outbound) || !n.stated {
            continue;
        }
        let wrong = match n.kind {
            NumberType::N96 => {
                n.national_words || scope == Some(LicenceScope::National) || national_coverage
            }
            // `全省各地市用户直拨95123` in a 全网 plan says how one covered province dials in.
            NumberType::N95 => match scope {
                Some(LicenceScope::Provincial) => !national_coverage,
                Some(LicenceScope::National) => false,
                None => n.provincial_words && !n.national_words,
            },
            _ => false,
        };
        if wrong {
            let found = pass
                .file
                .text
                .get(n.range.as_range())
                .unwrap_or("")
                .to_owned();
            let why = match (n.kind, scope) {
                (NumberType::N96, _) => {
                    "96号码为省内号码，由省通信管理局核配，不能用于全网（跨地区）业务"
                }
                _ => "95号码为全国性号码，由工信部核配给跨地区经营者，地网（省内）许可应使用96号码",
            };
            out.push((
                n.range,
                format!("{}：{why}", message(pass, rule, &found, "")),
            ));
        }
    }
    if let Some(fm) = &pass.doc.front_matter
        && let Some(s) = fm.scope.as_deref().and_then(LicenceScope::parse)
    {
        for num in &fm.numbers {
            let wrong = (num.starts_with("96") && s == LicenceScope::National)
                || (num.starts_with("95") && s == LicenceScope::Provincial);
            if wrong {
                out.push((
                    fm.range,
                    format!(
                        "{}（前置信息声明的范围为{}）",
                        message(pass, rule, num, ""),
                        s.label()
                    ),
                ));
            }
        }
    }
    for (range, msg) in out {
        push(pass, rule, range, msg, None);
    }
}

fn coverage_scope(pass: &mut Pass<'_>, rule: usize) {
    let declared = declared_scope(pass);
    let mut out: Vec<(TextRange, String)> = Vec::new();
    // Scope stated differently in two places.
    if let Some((scope, _)) = declared
        && let Some((other, at)) = pass.facts.scope_claims.iter().find(|(s, _)| *s != scope)
    {
        {
            out.push((
                *at,
                format!(
                    "许可范围前后不一致：此处为{}，而文档声明的是{}",
                    other.label(),
                    scope.label()
                ),
            ));
        }
    }
    if declared.map(|(s, _)| s) == Some(LicenceScope::Provincial) {
        let mut provinces: Vec<&str> = Vec::new();
        if let Some(fm) = &pass.doc.front_matter {
            for p in &fm.provinces {
                let short = super::facts::PROVINCES
                    .iter()
                    .find(|name| p.contains(*name))
                    .copied()
                    .unwrap_or(p.as_str());
                if !provinces.contains(&short) {
                    provinces.push(short);
                }
            }
            if provinces.len() > 1 {
                out.push((
                    fm.range,
                    format!(
                        "地网（省内）许可只能覆盖一个省，前置信息列出了{}",
                        provinces.join("、")
                    ),
                ));
            }
        }
        for c in &pass.facts.coverage {
            if c.national {
                out.push((
                    c.range,
                    "地网（省内）许可的业务覆盖范围不能是全国".to_owned(),
                ));
                continue;
            }
            let before = provinces.len();
            for p in &c.provinces {
                if !provinces.contains(p) {
                    provinces.push(p);
                }
            }
            if provinces.len() > 1 && provinces.len() > before {
                out.push((
                    c.range,
                    format!(
                        "地网（省内）许可只能覆盖一个省，此处覆盖了{}",
                        provinces.join("、")
                    ),
                ));
            }
        }
    }
    for (range, msg) in out {
        let m = format!("{}：{msg}", message(pass, rule, "", ""));
        push(pass, rule, range, m, None);
    }
}

/// Non-staged figures of one kind that disagree: the first figure is taken as stated, each later
/// different one is reported with a note pointing back.
fn disagreements(
    pass: &Pass<'_>,
    figures: &[Figure],
    declared: Option<(f64, TextRange)>,
) -> Vec<(TextRange, f64, f64, TextRange)> {
    let mut out = Vec::new();
    let mut reference = declared;
    for f in figures.iter().filter(|f| !f.staged) {
        match reference {
            None => reference = Some((f.value, f.range)),
            Some((v, at)) if (v - f.value).abs() > f64::EPSILON => {
                out.push((f.range, f.value, v, at))
            }
            _ => {}
        }
    }
    let _ = pass;
    out
}

fn fmt(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

fn figure_consistency(pass: &mut Pass<'_>, rule: usize) {
    let head = message(pass, rule, "", "");
    let mut out = Vec::new();
    let line = |at: TextRange| pass.file.line_col(at.start).line;

    // Seats: every current (not staged) total must agree, with the front matter too.
    let totals: Vec<Figure> = pass
        .facts
        .seats
        .iter()
        .filter(|(k, _)| *k == SeatKind::Total)
        .map(|(_, f)| *f)
        .collect();
    let declared = pass
        .doc
        .front_matter
        .as_ref()
        .and_then(|fm| fm.seats.map(|s| (s as f64, fm.range)));
    for (at, value, reference, ref_at) in disagreements(pass, &totals, declared) {
        out.push((
            at,
            format!(
                "{head}：此处坐席为{}席，第{}行为{}席",
                fmt(value),
                line(ref_at),
                fmt(reference)
            ),
        ));
    }
    // Figures of one named phase must agree too (`第一期40席` … `第一期坐席规模为60席`).
    for phase in [1u8, 2, 3, 11, 12, 13] {
        let of_phase: Vec<Figure> = totals
            .iter()
            .filter(|f| f.staged && f.phase == Some(phase))
            .map(|f| Figure {
                staged: false,
                ..*f
            })
            .collect();
        for (at, value, reference, ref_at) in disagreements(pass, &of_phase, None) {
            let name = if phase > 10 {
                format!("第{}年", phase - 10)
            } else {
                format!("第{phase}期")
            };
            out.push((
                at,
                format!(
                    "{head}：此处{name}坐席为{}席，第{}行为{}席",
                    fmt(value),
                    line(ref_at),
                    fmt(reference)
                ),
            ));
        }
    }
    // Terminals against seats: today's seats, or the first phase's when only phases are given
    // (`一期建设坐席60席…坐席终端共45套`).
    let current = |f: &Figure| !f.staged || f.phase == Some(1) || f.phase == Some(11);
    let max_seats = totals
        .iter()
        .filter(|f| current(f))
        .map(|f| f.value)
        .fold(declared.map_or(0.0, |d| d.0), f64::max);
    // Equipment lists state what is bought now, whatever the sentence says about phases.
    let terminals: Vec<Figure> = pass
        .facts
        .seats
        .iter()
        .filter(|(k, _)| *k == SeatKind::Terminal)
        .map(|(_, f)| *f)
        .collect();
    for t in terminals {
        if t.value < max_seats {
            out.push((
                t.range,
                format!(
                    "{head}：坐席终端{}套，少于坐席数{}席",
                    fmt(t.value),
                    fmt(max_seats)
                ),
            ));
        }
    }
    // Staff and premises area. Today's headcount may differ from the planned staff when the plan
    // describes hiring.
    let staff: Vec<Figure> = pass
        .facts
        .staff
        .iter()
        .filter(|(current, _)| !(pass.facts.hiring && *current))
        .map(|(_, f)| *f)
        .collect();
    for (figures, unit, what) in [
        (&staff, "人", "员工人数"),
        (&pass.facts.area, "平方米", "场地面积"),
    ] {
        for (at, value, reference, ref_at) in disagreements(pass, figures, None) {
            out.push((
                at,
                format!(
                    "{head}：此处{what}为{}{unit}，第{}行为{}{unit}",
                    fmt(value),
                    line(ref_at),
                    fmt(reference)
                ),
            ));
        }
    }
    // Trunk channels. A total stated in the same clause as an item restates that item
    // (`4条E1数字中继（共120路）`). Items of different trunk kinds (E1 and SIP) add up to the
    // stated total; items of one kind, or of no stated kind, restate it and must equal it.
    let channels: Vec<(TrunkKind, Figure)> = pass
        .facts
        .channels
        .iter()
        .filter(|(_, f)| !f.staged)
        .copied()
        .collect();
    let item_clauses: Vec<(usize, usize)> = channels
        .iter()
        .filter(|(_, f)| !f.total)
        .map(|(_, f)| f.clause)
        .collect();
    let stated: Vec<Figure> = channels
        .iter()
        .filter(|(_, f)| f.total && !item_clauses.contains(&f.clause))
        .map(|(_, f)| *f)
        .collect();
    for (at, value, reference, ref_at) in disagreements(pass, &stated, None) {
        out.push((
            at,
            format!(
                "{head}：此处中继为{}路，第{}行为{}路",
                fmt(value),
                line(ref_at),
                fmt(reference)
            ),
        ));
    }
    let items: Vec<(TrunkKind, Figure)> =
        channels.iter().filter(|(_, f)| !f.total).copied().collect();
    let kinds: Vec<TrunkKind> = {
        let mut k: Vec<TrunkKind> = items
            .iter()
            .map(|(k, _)| *k)
            .filter(|k| *k != TrunkKind::Unknown)
            .collect();
        k.dedup();
        k.sort_by_key(|k| *k as u8);
        k.dedup();
        k
    };
    if let Some(total) = stated.first() {
        if kinds.len() >= 2 {
            // Largest figure per kind: the same trunk may be stated twice.
            let sum: f64 = kinds
                .iter()
                .map(|k| {
                    items
                        .iter()
                        .filter(|(ik, _)| ik == k)
                        .map(|(_, f)| f.value)
                        .fold(0.0, f64::max)
                })
                .sum();
            if (sum - total.value).abs() > f64::EPSILON {
                out.push((
                    total.range,
                    format!(
                        "{head}：中继合计{}路，与逐条列出的中继之和{}路不符",
                        fmt(total.value),
                        fmt(sum)
                    ),
                ));
            }
        } else if let Some((_, item)) = items
            .iter()
            .find(|(_, f)| (f.value - total.value).abs() > f64::EPSILON)
        {
            out.push((
                total.range,
                format!(
                    "{head}：中继合计{}路，与第{}行的{}路不符",
                    fmt(total.value),
                    line(item.range),
                    fmt(item.value)
                ),
            ));
        }
    }
    for (at, total, sum, unit) in &pass.facts.part_sums {
        out.push((
            *at,
            format!(
                "{head}：合计为{}{unit}，分项之和为{}{unit}",
                fmt(*total),
                fmt(*sum)
            ),
        ));
    }
    out.extend(table_sums(pass).into_iter().map(|(at, total, sum)| {
        (
            at,
            format!("{head}：表格合计为{}，各行之和为{}", fmt(total), fmt(sum)),
        )
    }));
    for (at, msg) in out {
        push(pass, rule, at, msg, None);
    }
}

/// Tables with a `合计` row whose numbers do not add up, column by column.
fn table_sums(pass: &Pass<'_>) -> Vec<(TextRange, f64, f64)> {
    let doc = pass.doc;
    let number = |b: usize| -> Option<f64> {
        let t = doc.blocks[b].text.trim();
        let digits: String = t
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let rest = &t[digits.len()..];
        (!digits.is_empty() && rest.chars().count() <= 2 && !rest.contains('%'))
            .then(|| digits.parse().ok())
            .flatten()
    };
    let mut out = Vec::new();
    for table in &doc.tables {
        let Some(total_row) = table.rows.iter().skip(1).position(|r| {
            r.first().is_some_and(|&b| {
                ["合计", "总计", "共计", "总数"]
                    .iter()
                    .any(|w| doc.blocks[b].text.trim().starts_with(w))
            })
        }) else {
            continue;
        };
        let total_row = total_row + 1;
        let width = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        for col in 1..width {
            let header = table.header.get(col).map_or("", String::as_str);
            if header.contains('%')
                || header.contains("占比")
                || header.contains("比例")
                || header.contains("单价")
            {
                continue;
            }
            let Some(&tb) = table.rows[total_row].get(col) else {
                continue;
            };
            let Some(total) = number(tb) else { continue };
            let values: Vec<Option<f64>> = table
                .rows
                .iter()
                .enumerate()
                .skip(1)
                .filter(|(i, _)| *i != total_row)
                .map(|(_, r)| r.get(col).and_then(|&b| number(b)))
                .collect();
            if values.is_empty() || values.iter().any(Option::is_none) {
                continue;
            }
            let sum: f64 = values.iter().flatten().sum();
            if (sum - total).abs() > 0.01 * total.max(1.0) {
                out.push((doc.blocks[tb].range, total, sum));
            }
        }
    }
    out
}

/// A figure of what is built first: current, planned without a horizon (`规划坐席150席`), or
/// of the first phase or year (`一期建设坐席150席`).
fn first_stage(f: &Figure) -> bool {
    !f.staged || f.planned || matches!(f.phase, Some(1 | 11))
}

fn trunk_capacity(pass: &mut Pass<'_>, rule: usize) {
    let seats = pass
        .facts
        .seats
        .iter()
        .filter(|(k, f)| *k == SeatKind::Total && first_stage(f))
        .map(|(_, f)| f.value)
        .chain(
            pass.doc
                .front_matter
                .as_ref()
                .and_then(|fm| fm.seats)
                .map(|s| s as f64),
        )
        .fold(0.0, f64::max);
    let channels: Vec<Figure> = pass
        .facts
        .channels
        .iter()
        .filter(|(_, f)| first_stage(f))
        .map(|(_, f)| *f)
        .collect();
    let items: f64 = channels.iter().filter(|f| !f.total).map(|f| f.value).sum();
    let Some(mut best) = channels
        .iter()
        .max_by(|a, b| a.value.total_cmp(&b.value))
        .copied()
    else {
        return;
    };
    best.value = best.value.max(items);
    if seats > 0.0 && best.value < seats * 0.5 {
        let msg = format!(
            "{}：中继{}路，坐席{}席",
            message(pass, rule, "", ""),
            fmt(best.value),
            fmt(seats)
        );
        push(pass, rule, best.range, msg, None);
    }
}

fn capital_minimum(pass: &mut Pass<'_>, rule: usize) {
    let national_coverage = pass
        .facts
        .coverage
        .iter()
        .any(|c| c.national || c.provinces.len() > 1);
    let scope = declared_scope(pass)
        .map(|(s, _)| s)
        .or(national_coverage.then_some(LicenceScope::National));
    let mut figures: Vec<Figure> = pass.facts.capital.clone();
    if let Some(fm) = &pass.doc.front_matter
        && let Some(c) = fm.capital_wan
    {
        figures.push(Figure {
            value: c,
            range: fm.range,
            staged: false,
            planned: false,
            total: true,
            phase: None,
            clause: (usize::MAX, 0),
        });
    }
    let minimum = match scope {
        Some(LicenceScope::National) => 1000.0,
        _ => 100.0,
    };
    let what = match scope {
        Some(LicenceScope::National) => "全网（跨地区）许可要求注册资本不少于1000万元",
        Some(LicenceScope::Provincial) => "地网（省内）许可要求注册资本不少于100万元",
        None => "增值电信业务许可要求注册资本至少100万元（全网1000万元）",
    };
    let out: Vec<(TextRange, String)> = figures
        .iter()
        .filter(|f| f.value < minimum)
        .map(|f| {
            (
                f.range,
                format!(
                    "{}：注册资本{}万元，{what}",
                    message(pass, rule, "", ""),
                    fmt(f.value)
                ),
            )
        })
        .collect();
    for (at, msg) in out {
        push(pass, rule, at, msg, None);
    }
}

fn outbound_majority(pass: &mut Pass<'_>, rule: usize) {
    let max_of = |kind: SeatKind| {
        pass.facts
            .seats
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, f)| *f)
            .max_by(|a, b| a.value.total_cmp(&b.value))
    };
    let mut out = Vec::new();
    if let (Some(o), Some(i)) = (max_of(SeatKind::Outbound), max_of(SeatKind::Inbound))
        && o.value > i.value
    {
        out.push((
            o.range,
            format!(
                "{}：呼出坐席{}席多于呼入坐席{}席",
                message(pass, rule, "", ""),
                fmt(o.value),
                fmt(i.value)
            ),
        ));
    }
    for s in &pass.facts.outbound_share {
        if s.value >= 50.0 {
            out.push((
                s.range,
                format!("{}：呼出占比{}%", message(pass, rule, "", ""), fmt(s.value)),
            ));
        }
    }
    for (at, msg) in out {
        push(pass, rule, at, msg, None);
    }
    let _ = Mode::Document;
}
