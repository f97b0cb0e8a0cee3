//! `callplan export` end to end: output naming, overwrite protection, failed exports leave
//! nothing behind, and `build` writes the Word file next to the plan.

use crate::common;

use common::{callplan, sample};

use std::fs;

use predicates::prelude::*;

#[test]
fn export_writes_next_to_the_plan_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.md");
    fs::copy(sample("national-95-plan.md"), &plan).unwrap();
    callplan()
        .arg("export")
        .arg(&plan)
        .assert()
        .success()
        .stderr(predicate::str::contains("已导出"));
    let docx = dir.path().join("plan.docx");
    let first = fs::read(&docx).unwrap();
    assert!(first.starts_with(b"PK"));
    callplan()
        .arg("export")
        .arg(&plan)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(fs::read(&docx).unwrap(), first);
    // Never over the input, even with --force.
    let before = fs::read(&plan).unwrap();
    callplan()
        .arg("export")
        .arg(&plan)
        .arg("-o")
        .arg(&plan)
        .arg("--force")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("输入文件"));
    assert_eq!(fs::read(&plan).unwrap(), before);
}

#[test]
fn a_failed_export_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.md");
    fs::write(&plan, "# 标题\n\n![组网图](missing.png)\n").unwrap();
    callplan()
        .arg("export")
        .arg(&plan)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("找不到图片 missing.png"))
        .stderr(predicate::str::contains("plan.md:3"));
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    callplan()
        .arg("export")
        .arg(&plan)
        .arg("--allow-missing-images")
        .assert()
        .success()
        .stderr(predicate::str::contains("1 张图片缺失"));
}

#[test]
fn export_reads_the_layout_from_callplan_toml() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.md");
    fs::write(&plan, "# 标题\n\n正文。\n").unwrap();
    fs::write(
        dir.path().join("callplan.toml"),
        "[export]\nbody-size = 200\n",
    )
    .unwrap();
    callplan()
        .arg("export")
        .arg(&plan)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("body-size"));
    fs::write(
        dir.path().join("callplan.toml"),
        "[export]\nbody-font = \"仿宋\"\n",
    )
    .unwrap();
    callplan().arg("export").arg(&plan).assert().success();
}

#[test]
fn build_writes_plan_md_and_plan_docx() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    callplan()
        .arg("build")
        .arg(sample("provincial-96-cloud.toml"))
        .arg("--out-dir")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("已导出"));
    assert!(out.join("plan.md").exists());
    assert!(fs::read(out.join("plan.docx")).unwrap().starts_with(b"PK"));
}
