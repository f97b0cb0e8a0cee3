//! Rule documentation generated from the rule data: the `callplan rules` listings, `callplan
//! explain`, and the rules table in README.md.

use serde_json::json;

use super::{RuleMeta, RuleSet};

fn escape_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The compact table kept in README.md between `<!-- rules:start -->` and `<!-- rules:end -->`.
pub fn readme_table(set: &RuleSet) -> String {
    let mut out =
        String::from("| 规则 id | 类别 | 级别 | 依据 | 检查什么 |\n|---|---|---|---|---|\n");
    for r in sorted(set) {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            r.id,
            r.category.as_str(),
            r.severity.as_str(),
            escape_cell(set.clause_label(r)),
            escape_cell(&r.docs.what)
        ));
    }
    out
}

/// Rules sorted by category, then id.
pub fn sorted(set: &RuleSet) -> Vec<&RuleMeta> {
    let mut rules: Vec<&RuleMeta> = set.rules.iter().collect();
    rules.sort_by(|a, b| (a.category, &a.id).cmp(&(b.category, &b.id)));
    rules
}

/// A plain-text table for the terminal.
pub fn text_table(set: &RuleSet) -> String {
    let mut out = String::new();
    let width = set.rules.iter().map(|r| r.id.len()).max().unwrap_or(10);
    for r in sorted(set) {
        out.push_str(&format!(
            "{:<width$}  {:<13}  {:<7}  {}\n",
            r.id,
            r.category.as_str(),
            r.severity.as_str(),
            r.docs.what
        ));
    }
    out.push_str(&format!(
        "\n共 {} 条规则。`callplan explain <规则id>` 查看详细说明。\n",
        set.rules.len()
    ));
    out
}

/// Full documentation of every rule (what, why, clause, bad, good), as Markdown.
pub fn markdown(set: &RuleSet) -> String {
    let mut out = String::from("# callplan 规则\n\n");
    for r in sorted(set) {
        out.push_str(&rule_markdown(set, r));
        out.push('\n');
    }
    out
}

fn fence(text: &str) -> String {
    let ticks = if text.contains("```") { "````" } else { "```" };
    format!("{ticks}markdown\n{}\n{ticks}\n", text.trim_end())
}

/// One rule's documentation as Markdown.
pub fn rule_markdown(set: &RuleSet, r: &RuleMeta) -> String {
    let clause = set.clause(&r.clause);
    let mut out = format!("## `{}`\n\n{}\n\n", r.id, r.docs.what);
    out.push_str(&format!(
        "- 类别：{}（{}）\n- 级别：{}\n",
        r.category.as_str(),
        r.category.label(),
        r.severity.as_str()
    ));
    match clause {
        Some(c) => out.push_str(&format!(
            "- 依据：{}（{} {}；{}）\n",
            c.label,
            c.source,
            c.section,
            c.confidence.label()
        )),
        None => out.push_str(&format!("- 依据：{}\n", r.clause)),
    }
    if r.document_only {
        out.push_str("- 需要全文：检查片段（`--fragment`）时不运行\n");
    }
    out.push_str(&format!(
        "\n**为什么**：{}\n\n**建议写法**：{}\n\n**会报告**：\n\n{}\n**不会报告**：\n\n{}",
        r.docs.why,
        r.help,
        fence(&r.docs.bad),
        fence(&r.docs.good)
    ));
    out
}

/// `callplan explain <id>` for a rule or a clause id.
pub fn explain(set: &RuleSet, id: &str) -> Option<String> {
    if let Some(r) = set.get(id) {
        let mut out = rule_markdown(set, r);
        if let Some(c) = set.clause(&r.clause) {
            out.push_str(&format!(
                "\n### 条款 `{}`\n\n{}\n\n{}\n\n- 出处：{} {}\n- 可信度：{}（{}）\n",
                c.id,
                c.label,
                c.summary,
                c.source,
                c.section,
                c.confidence.label(),
                c.note
            ));
        }
        out.push_str(&format!("\n规则文件：{}\n", r.path));
        return Some(out);
    }
    let c = set.clause(id)?;
    let citing: Vec<&str> = sorted(set)
        .into_iter()
        .filter(|r| r.clause == id)
        .map(|r| r.id.as_str())
        .collect();
    Some(format!(
        "## 条款 `{}`\n\n{}\n\n{}\n\n- 出处：{} {}\n- 可信度：{}（{}）\n- 引用此条款的规则：{}\n",
        c.id,
        c.label,
        c.summary,
        c.source,
        c.section,
        c.confidence.label(),
        c.note,
        if citing.is_empty() {
            "无".to_owned()
        } else {
            citing.join("、")
        }
    ))
}

/// Every rule as JSON (for tools).
pub fn json(set: &RuleSet) -> String {
    let rules: Vec<_> = sorted(set)
        .into_iter()
        .map(|r| {
            json!({
                "id": r.id,
                "category": r.category.as_str(),
                "severity": r.severity.as_str(),
                "kind": r.kind,
                "clause": r.clause,
                "clause_label": set.clause_label(r),
                "message": r.message,
                "help": r.help,
                "document_only": r.document_only,
                "docs": {"what": r.docs.what, "why": r.docs.why, "bad": r.docs.bad, "good": r.docs.good},
            })
        })
        .collect();
    serde_json::to_string_pretty(&json!({"version": 1, "rules": rules})).unwrap_or_default()
}
