//! The drafting commands end to end: init, profile check, draft, build, checklist.

use crate::common;

use common::{callplan, sample};

use std::fs;

use predicates::prelude::*;
use serde_json::Value;

#[test]
fn init_writes_a_profile_that_checks_drafts_and_lints_clean() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.toml");
    callplan()
        .args(["init", "--no-input"])
        .arg(&profile)
        .assert()
        .success()
        .stderr(predicate::str::contains("已写入"));
    callplan()
        .args(["profile", "check"])
        .arg(&profile)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("档案完整"));
    let plan = dir.path().join("plan.md");
    callplan()
        .arg("draft")
        .arg(&profile)
        .arg("-o")
        .arg(&plan)
        .assert()
        .success();
    callplan()
        .arg("lint")
        .arg(&plan)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("未发现问题"));
    // A second init does not overwrite.
    callplan()
        .args(["init", "--no-input"])
        .arg(&profile)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
}

#[test]
fn draft_refuses_to_overwrite_and_never_writes_over_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.toml");
    fs::copy(sample("national-95-inbound.toml"), &profile).unwrap();
    let before = fs::read(&profile).unwrap();
    let out = dir.path().join("plan.md");
    fs::write(&out, "keep me").unwrap();
    callplan()
        .arg("draft")
        .arg(&profile)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("已存在"));
    assert_eq!(fs::read_to_string(&out).unwrap(), "keep me");
    callplan()
        .arg("draft")
        .arg(&profile)
        .arg("-o")
        .arg(&profile)
        .arg("--force")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("输入文件"));
    assert_eq!(fs::read(&profile).unwrap(), before);
    callplan()
        .arg("draft")
        .arg(&profile)
        .arg("-o")
        .arg(&out)
        .arg("--force")
        .assert()
        .success();
    assert!(
        fs::read_to_string(&out)
            .unwrap()
            .contains("# 第三部分 技术方案")
    );
}

#[test]
fn draft_to_stdout_starts_with_front_matter() {
    callplan()
        .arg("draft")
        .arg(sample("provincial-96-cloud.toml"))
        .assert()
        .success()
        .stdout(predicate::str::starts_with("---\ntitle:"))
        .stdout(predicate::str::contains("scope: 地网"));
}

#[test]
fn profile_errors_point_into_the_toml_and_stop_drafting() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.toml");
    let text = fs::read_to_string(sample("national-95-inbound.toml"))
        .unwrap()
        .replace("scope = \"全网\"", "scope = \"全国\"");
    fs::write(&profile, text).unwrap();
    callplan()
        .args(["profile", "check"])
        .arg(&profile)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("取值 `全国` 无效"))
        .stderr(predicate::str::contains("`全网`"))
        .stderr(predicate::str::contains("p.toml:"));
    callplan()
        .arg("draft")
        .arg(&profile)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty());
}

#[test]
fn semantic_problems_are_reported_with_their_place_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.toml");
    let text = fs::read_to_string(sample("national-95-inbound.toml"))
        .unwrap()
        .replace("number = \"95123\"", "number = \"96123\"");
    fs::write(&profile, &text).unwrap();
    let out = callplan()
        .args(["profile", "check", "--format", "json"])
        .arg(&profile)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["valid"], false);
    let p = &v["problems"][0];
    assert_eq!(p["id"], "number-scope");
    assert_eq!(p["level"], "error");
    let line = text.lines().position(|l| l.contains("96123")).unwrap() + 1;
    assert_eq!(p["line"], line);
}

#[test]
fn checklist_lists_materials_and_steps() {
    let out = callplan()
        .args(["checklist", "--format", "json"])
        .arg(sample("provincial-96-cloud.toml"))
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["authority"], "四川省通信管理局");
    let items = v["items"].as_array().unwrap();
    let status = |id: &str| {
        items
            .iter()
            .find(|i| i["id"] == id)
            .map(|i| i["status"].as_str().unwrap().to_owned())
    };
    assert_eq!(status("business-licence").as_deref(), Some("ready"));
    assert_eq!(status("security-measures").as_deref(), Some("missing"));
    assert_eq!(status("hosting-contract").as_deref(), Some("missing"));
    assert_eq!(v["steps"].as_array().unwrap().len(), 8);
    callplan()
        .arg("checklist")
        .arg(sample("national-callback.toml"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("审批机关：工业和信息化部"))
        .stdout(predicate::str::contains("不违规呼出承诺书"));
}

#[test]
fn build_drafts_and_lints_into_the_output_directory() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    callplan()
        .arg("build")
        .arg(sample("national-callback.toml"))
        .arg("--out-dir")
        .arg(&out)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("未发现问题"));
    assert!(out.join("plan.md").exists());
    callplan()
        .arg("build")
        .arg(sample("national-callback.toml"))
        .arg("--out-dir")
        .arg(&out)
        .assert()
        .code(2);
}

#[test]
fn templates_can_be_overridden_from_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("part2-implementation.md.tera"),
        "# 第二部分 实施计划\n\n自定义实施计划：{{ centre.seats }}席。\n",
    )
    .unwrap();
    callplan()
        .arg("draft")
        .arg(sample("national-95-inbound.toml"))
        .arg("--templates")
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("自定义实施计划：120席。"))
        .stdout(predicate::str::contains("# 第三部分 技术方案"));
    fs::write(
        dir.path().join("part2-implementation.md.tera"),
        "{{ no_such_field }}",
    )
    .unwrap();
    callplan()
        .arg("draft")
        .arg(sample("national-95-inbound.toml"))
        .arg("--templates")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("模板有误"));
}
