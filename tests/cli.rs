//! End-to-end tests of the `callplan` command: exit codes, stdout and stderr.

use crate::common;

use common::{callplan, json_of, sample};

use std::fs;

use predicates::prelude::*;
use serde_json::Value;

#[test]
fn clean_passage_exits_zero() {
    callplan()
        .args(["lint", "--fragment", "-"])
        .write_stdin("本公司不开展电话营销，严禁催收、AI外呼等行为。")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("<stdin>：未发现问题"));
}

#[test]
fn findings_exit_one_with_rule_clause_and_help() {
    callplan()
        .args(["lint", "--fragment", "--color", "never", "-"])
        .write_stdin("本公司为委托单位提供电话营销外包服务。")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("bf-commercial-outbound"))
        .stdout(predicate::str::contains("81号文 一、业务形态"))
        .stdout(predicate::str::contains("help:"))
        .stdout(predicate::str::contains("1 个错误，0 个警告，0 条提示"));
}

#[test]
fn fail_on_controls_the_exit_code() {
    let warning_only = "坐席将定期对历史客户进行电话回访。";
    callplan()
        .args(["lint", "--fragment", "-"])
        .write_stdin(warning_only)
        .assert()
        .code(0);
    callplan()
        .args(["lint", "--fragment", "--fail-on", "warning", "-"])
        .write_stdin(warning_only)
        .assert()
        .code(1);
}

#[test]
fn json_output_follows_the_documented_schema() {
    let text = "第一行\n本公司为委托单位提供电话营销外包服务。\n";
    let out = callplan()
        .args(["lint", "--fragment", "--format", "json", "-"])
        .write_stdin(text)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v = json_of(&out);
    assert_eq!(v["version"], 1);
    let d = &v["files"][0]["diagnostics"][0];
    assert_eq!(v["files"][0]["path"], "<stdin>");
    assert_eq!(d["rule"], "bf-commercial-outbound");
    assert_eq!(d["category"], "business-form");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["clause"], "doc81.entry.business-form");
    assert!(d["clause_label"].as_str().unwrap().starts_with("81号文"));
    let offset = d["offset"].as_u64().unwrap() as usize;
    let length = d["length"].as_u64().unwrap() as usize;
    assert_eq!(&text[offset..offset + length], "电话营销");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(11))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(2), Some(15))
    );
    assert_eq!(v["summary"]["errors"], 1);
}

#[test]
fn sarif_output_is_sarif_2_1_0() {
    let out = callplan()
        .args(["lint", "--fragment", "--format", "sarif", "-"])
        .write_stdin("系统日志保存15天。")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v = json_of(&out);
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "callplan");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "sec-log-retention");
    assert_eq!(result["level"], "warning");
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(
        run["tool"]["driver"]["rules"][index]["id"],
        "sec-log-retention"
    );
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startColumn"],
        3
    );
}

#[test]
fn github_output_is_workflow_commands() {
    callplan()
        .args(["lint", "--fragment", "--format", "github", "-"])
        .write_stdin("机房部署两台猫池设备作为备用线路。")
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "::error file=<stdin>,line=1,col=7,endLine=1,endColumn=9,title=acc-illegal-devices::",
        ));
}

#[test]
fn unknown_rule_in_select_is_a_usage_error() {
    callplan()
        .args(["lint", "--select", "bf-no-such-rule", "-"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "未知的规则 id 或类别：bf-no-such-rule",
        ));
}

#[test]
fn select_and_ignore_take_ids_and_categories() {
    let text = "平台主要承接电话营销项目，系统日志保存15天。";
    let out = callplan()
        .args([
            "lint",
            "--fragment",
            "--format",
            "json",
            "--select",
            "security",
            "-",
        ])
        .write_stdin(text)
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    let rules: Vec<&str> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["sec-log-retention"]);
    callplan()
        .args([
            "lint",
            "--fragment",
            "--ignore",
            "bf-commercial-outbound,security",
            "-",
        ])
        .write_stdin(text)
        .assert()
        .code(0);
}

#[test]
fn missing_file_is_an_input_error() {
    callplan()
        .args(["lint", "no/such/plan.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("找不到文件：no/such/plan.md"));
}

#[test]
fn directories_are_searched_for_markdown() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.md"), "本公司不开展电话营销。").unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    fs::write(dir.path().join("sub/b.md"), "平台主要承接电话营销项目。").unwrap();
    fs::write(dir.path().join("notes.txt"), "电话营销").unwrap();
    let out = callplan()
        .args(["lint", "--fragment", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out.stdout);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert!(files[1]["path"].as_str().unwrap().ends_with("b.md"));
    assert_eq!(files[1]["diagnostics"][0]["rule"], "bf-commercial-outbound");
}

#[test]
fn inline_suppression_and_unused_suppression() {
    let text = "<!-- callplan-disable-next-line bf-commercial-outbound -->\n平台主要承接电话营销项目。\n\n<!-- callplan-disable-next-line bf-debt-collection -->\n本段没有催缴以外的内容问题。\n";
    let out = callplan()
        .args(["lint", "--fragment", "--format", "json", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    let rules: Vec<&str> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(!rules.contains(&"bf-commercial-outbound"), "{rules:?}");
    assert!(
        rules.contains(&"bf-debt-collection") || rules.contains(&"unused-suppression"),
        "{rules:?}"
    );
    let disable = "<!-- callplan-disable business-form -->\n平台主要承接电话营销项目。\n<!-- callplan-enable -->\n\n对逾期账户开展电话催收。\n";
    let out = callplan()
        .args(["lint", "--fragment", "--format", "json", "-"])
        .write_stdin(disable)
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    let lines: Vec<u64> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [5]);
}

#[test]
fn config_is_discovered_upward_and_validated() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("callplan.toml"),
        "[lint]\nignore = [\"bf-commercial-outbound\"]\nfail-on = \"info\"\n",
    )
    .unwrap();
    fs::create_dir(dir.path().join("plans")).unwrap();
    let plan = dir.path().join("plans/p.md");
    fs::write(&plan, "平台主要承接电话营销项目。").unwrap();
    callplan()
        .args(["lint", "--fragment"])
        .arg(&plan)
        .assert()
        .code(0);
    callplan()
        .args(["lint", "--fragment", "--no-config"])
        .arg(&plan)
        .assert()
        .code(1);
    fs::write(dir.path().join("callplan.toml"), "[lint]\nignroe = []\n").unwrap();
    callplan()
        .args(["lint", "--fragment"])
        .arg(&plan)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("callplan.toml 有误"))
        .stderr(predicate::str::contains("ignroe"));
}

#[test]
fn user_rules_are_loaded_and_broken_ones_reported_together() {
    let dir = tempfile::tempdir().unwrap();
    let good = r#"id = "x-house-style"
category = "business-form"
severity = "warning"
clause = "doc81.entry.business-form"
message = "不要写“{found}”"
help = "改为“呼入服务”"

[check]
kind = "phrase"
terms = ["话务推广"]

[docs]
what = "w"
why = "y"
bad = "我们做话务推广。"
good = "我们做呼入服务。"
"#;
    fs::write(dir.path().join("x-house-style.toml"), good).unwrap();
    callplan()
        .args(["lint", "--fragment", "--format", "json", "--rules"])
        .arg(dir.path())
        .arg("-")
        .write_stdin("我们做话务推广。")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("x-house-style"));
    fs::write(
        dir.path().join("broken-one.toml"),
        "id = \"broken-one\"\ncategory = \"sales\"\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("broken-two.toml"),
        good.replace("x-house-style", "broken-two")
            .replace("doc81.entry.business-form", "doc81.nowhere"),
    )
    .unwrap();
    callplan()
        .args(["lint", "--rules"])
        .arg(dir.path())
        .arg("-")
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("规则文件有 2 处错误"))
        .stderr(predicate::str::contains("broken-one.toml"))
        .stderr(predicate::str::contains(
            "条款 `doc81.nowhere` 不在条款表中",
        ));
}

#[test]
fn rules_and_explain_print_the_rule_data() {
    callplan()
        .args(["rules"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("bf-commercial-outbound"));
    let md = callplan()
        .args(["rules", "--format", "markdown"])
        .output()
        .unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("## `acc-illegal-devices`") && md.contains("**会报告**"));
    let json = callplan()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    assert!(json_of(&json.stdout)["rules"].as_array().unwrap().len() >= 38);
    callplan()
        .args(["explain", "num-scope-mismatch"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("条款 `numbering.short-numbers`"))
        .stdout(predicate::str::contains("可信度"));
    callplan()
        .args(["explain", "doc81.conduct.outbound"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("cmp-outbound-retention-period"));
    callplan()
        .args(["explain", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("没有规则或条款叫 `nope`"));
}

#[test]
fn defective_sample_shows_every_category() {
    let out = callplan()
        .args(["lint", "--format", "json"])
        .arg(sample("defective-plan.md"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out.stdout);
    let cats: std::collections::BTreeSet<&str> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["category"].as_str().unwrap())
        .collect();
    assert_eq!(cats.len(), 5, "{cats:?}");
}

#[test]
fn broken_pipe_is_not_an_error() {
    // `callplan rules --format markdown | head -c 10`: the reader goes away early.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("callplan"))
        .args(["rules", "--format", "markdown"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn finding_deep_inside_a_very_long_line_is_shown_as_an_excerpt() {
    // One 100 000-character line: the report must neither panic nor print the whole line, and
    // its position must be counted in characters.
    let line = format!(
        "{}本公司还开展电话营销。",
        "平台受理呼入咨询".repeat(12_500)
    );
    let column = line.chars().position(|c| c == '电').unwrap() + 1;
    let out = callplan()
        .args(["lint", "--fragment", "--color", "never", "-"])
        .write_stdin(line)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("bf-commercial-outbound"), "{out}");
    assert!(out.contains(&format!("<stdin>:1:{column}")), "{out}");
    assert!(out.len() < 4_000, "report is {} bytes", out.len());
}

#[test]
fn a_gap_in_the_whole_plan_is_reported_once_with_a_count() {
    // Three mentions of outbound calls and no consent anywhere: one finding at the first.
    let text =
        "平台对工单进行外呼回访。\n\n回访外呼由质检组抽查。\n\n售后专员对报修用户进行电话回访。\n";
    let out = callplan()
        .args(["lint", "--fragment", "--format", "json", "-"])
        .write_stdin(text)
        .assert()
        .get_output()
        .stdout
        .clone();
    let v = json_of(&out);
    let hits: Vec<&Value> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "bf-outbound-without-consent")
        .collect();
    assert_eq!(hits.len(), 1, "{v:#}");
    assert_eq!(hits[0]["line"], 1);
    assert!(
        hits[0]["note"].as_str().unwrap().contains("另有 2 个段落"),
        "{v:#}"
    );
}

/// A `literal = true` term list reports every occurrence, as a search-and-replace list would;
/// the same terms without it are judged in their sentence (negation, quotation, headings).
#[test]
fn literal_term_lists_report_every_occurrence() {
    let rule = |id: &str, literal: bool| {
        format!(
            r#"id = "{id}"
category = "completeness"
severity = "warning"
clause = "doc81.entry.licence"
message = "用语不规范：“{{found}}”"
help = "按本单位用语表改写。"

[check]
kind = "phrase"
terms = ["霸王条款"]
{}

[docs]
what = "w"
why = "y"
bad = "合同里有霸王条款。"
good = "合同条款公平。"
"#,
            if literal { "literal = true" } else { "" }
        )
    };
    let text = "## 禁止霸王条款\n\n本公司不使用霸王条款。依据规定，“不得设置霸王条款”。合同里有霸王条款。\n";
    let count = |id: &str, literal: bool| {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(format!("{id}.toml")), rule(id, literal)).unwrap();
        let out = callplan()
            .args([
                "lint",
                "--fragment",
                "--format",
                "json",
                "--select",
                id,
                "--rules",
            ])
            .arg(dir.path())
            .arg("-")
            .write_stdin(text)
            .output()
            .unwrap();
        json_of(&out.stdout)["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(count("x-literal", true), 4);
    assert_eq!(count("x-judged", false), 1);
}

/// A single file is linted on two threads that hand work to each other, many files one file
/// per thread: a file's diagnostics are the same either way, for a short plan, a long one
/// (judged in runs) and one past the size from which the threads stop polling.
#[test]
fn a_file_alone_and_among_others_gets_the_same_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let defective = fs::read_to_string(sample("defective-plan.md")).unwrap();
    let long = [
        defective.as_str(),
        &fs::read_to_string(sample("national-95-plan.md")).unwrap(),
        &fs::read_to_string(sample("provincial-96-plan.md")).unwrap(),
    ]
    .join("\n\n");
    let huge = vec![long.as_str(); 40].join("\n\n");
    assert!(huge.len() > 256 * 1024);
    for (name, text) in [
        ("short.md", defective.as_str()),
        ("long.md", &long),
        ("huge.md", &huge),
    ] {
        let path = dir.path().join(name);
        fs::write(&path, text).unwrap();
        let alone = callplan()
            .args(["lint", "--format", "json"])
            .arg(&path)
            .output()
            .unwrap();
        let together = callplan()
            .args(["lint", "--format", "json"])
            .arg(&path)
            .arg(sample("national-95-plan.md"))
            .output()
            .unwrap();
        assert_eq!(alone.status.code(), Some(1), "{name}");
        let (alone, together) = (json_of(&alone.stdout), json_of(&together.stdout));
        assert!(
            !alone["files"][0]["diagnostics"]
                .as_array()
                .unwrap()
                .is_empty()
        );
        assert_eq!(alone["files"][0], together["files"][0], "{name}");
    }
}
