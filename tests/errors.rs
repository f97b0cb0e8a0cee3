//! Every error path of the command line, end to end: the exact message and the exit code, and
//! nothing written or lost.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn callplan() -> Command {
    let mut cmd = Command::cargo_bin("callplan").expect("binary is built");
    cmd.env("NO_COLOR", "1").env("COLUMNS", "200");
    cmd
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

/// Runs `args` in `dir` and checks the exit code and that stderr contains `message`.
fn fails(dir: &Path, args: &[&str], code: i32, message: &str) {
    callplan()
        .current_dir(dir)
        .args(args)
        .assert()
        .code(code)
        .stderr(predicate::str::contains(message));
}

#[test]
fn missing_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fails(d, &["lint", "nope.md"], 2, "找不到文件：nope.md");
    fails(d, &["export", "nope.md"], 2, "找不到文件：nope.md");
    fails(d, &["review", "nope.md"], 2, "找不到文件：nope.md");
    fails(d, &["import", "nope.docx"], 2, "找不到文件：nope.docx");
    fails(
        d,
        &["draft", "nope.toml"],
        2,
        "无法读取公司档案 nope.toml：文件或目录不存在",
    );
    fails(
        d,
        &["profile", "check", "nope.toml"],
        2,
        "无法读取公司档案 nope.toml：文件或目录不存在",
    );
    fails(
        d,
        &["checklist", "nope.toml"],
        2,
        "无法读取公司档案 nope.toml：文件或目录不存在",
    );
    fails(
        d,
        &["lint", "--config", "nope.toml", "x.md"],
        2,
        "无法读取配置文件 nope.toml：文件或目录不存在",
    );
}

#[test]
fn directories_given_as_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::create_dir(d.join("sub")).unwrap();
    fails(d, &["export", "sub"], 2, "sub 是目录，不是文件");
    fails(d, &["review", "sub"], 2, "sub 是目录，不是文件");
    fails(
        d,
        &["draft", "sub"],
        2,
        "无法读取公司档案 sub：这是一个目录，不是文件",
    );
    fails(
        d,
        &["import", "sub"],
        2,
        "无法读取 sub：这是一个目录，不是文件",
    );
}

#[test]
fn empty_and_binary_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("empty.md"), "").unwrap();
    fs::write(d.join("blank.md"), "\u{feff}  \n\n").unwrap();
    fs::write(d.join("bin.md"), b"ab\0cd").unwrap();
    fails(
        d,
        &["lint", "empty.md"],
        2,
        "empty.md 是空文件，没有可检查的内容",
    );
    fails(d, &["lint", "blank.md"], 2, "blank.md 是空文件");
    fails(d, &["export", "empty.md"], 2, "empty.md 是空文件");
    fails(
        d,
        &["lint", "bin.md"],
        2,
        "bin.md 是二进制文件（第 2 字节处有空字节），不是 Markdown 文本",
    );
    fails(
        d,
        &["import", "bin.md"],
        2,
        "bin.md 不是 .docx 文件（不是 ZIP 格式）",
    );
    // Nothing was written next to the inputs.
    assert_eq!(fs::read_dir(d).unwrap().count(), 3);
}

#[test]
fn unreadable_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("locked.md");
    fs::write(&path, "正文").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
        if fs::read(&path).is_ok() {
            // Root reads anything; the check cannot be made here.
            #[allow(clippy::print_stdout)]
            {
                println!(
                    "skipped: running as root, a file without read permission is still readable"
                );
            }
            return;
        }
        fails(
            dir.path(),
            &["lint", "locked.md"],
            2,
            "无法读取 locked.md：没有权限",
        );
    }
}

#[test]
fn invalid_profile_bad_config_broken_rules_unknown_ids_and_formats() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("p.toml"), "[company]\nname = \"甲\"\nseats = [\n").unwrap();
    fails(
        d,
        &["draft", "p.toml"],
        2,
        "公司档案 p.toml 有误：TOML 语法错误",
    );
    fails(
        d,
        &["profile", "check", "p.toml"],
        1,
        "公司档案 p.toml 有误",
    );
    fs::write(d.join("plan.md"), "# 标题\n\n本公司不开展电话营销。\n").unwrap();
    fs::write(d.join("callplan.toml"), "[lint]\nfail-on = \"fatal\"\n").unwrap();
    fails(d, &["lint", "plan.md"], 2, "配置文件");
    fs::remove_file(d.join("callplan.toml")).unwrap();
    fs::create_dir(d.join("rules")).unwrap();
    fs::write(
        d.join("rules/x-bad.toml"),
        "id = \"x-bad\"\ncategory = \"weather\"\n",
    )
    .unwrap();
    fails(d, &["lint", "--rules", "rules", "plan.md"], 2, "x-bad.toml");
    fails(
        d,
        &["lint", "--select", "bf-nope", "plan.md"],
        2,
        "--select 中有未知的规则 id 或类别：bf-nope",
    );
    fails(
        d,
        &["lint", "--format", "yaml", "plan.md"],
        2,
        "invalid value 'yaml' for '--format <FORMAT>'",
    );
    fails(d, &["explain", "bf-nope"], 2, "bf-nope");
}

#[test]
fn outputs_create_missing_directories_and_report_unwritable_targets() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::copy(sample("national-95-plan.md"), d.join("plan.md")).unwrap();
    callplan()
        .current_dir(d)
        .args(["export", "plan.md", "-o", "new/dir/plan.docx"])
        .assert()
        .success();
    assert!(d.join("new/dir/plan.docx").is_file());
    // A path through a regular file cannot be written: a clear error and nothing left behind.
    fails(
        d,
        &["export", "plan.md", "-o", "plan.md/x.docx"],
        2,
        "无法写入 plan.md/x.docx：",
    );
    fails(
        d,
        &[
            "draft",
            sample("national-95-inbound.toml").to_str().unwrap(),
            "-o",
            "plan.md/x.md",
        ],
        2,
        "无法写入 plan.md/x.md：",
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro = d.join("ro");
        fs::create_dir(&ro).unwrap();
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
        let probe = ro.join("probe");
        if fs::write(&probe, "x").is_err() {
            fails(
                d,
                &["export", "plan.md", "-o", "ro/plan.docx"],
                2,
                "无法写入 ro/plan.docx：没有权限",
            );
        } else {
            let _ = fs::remove_file(&probe);
        }
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).unwrap();
    }
    let leftovers: Vec<String> = fs::read_dir(d)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".callplan-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn every_writing_command_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::copy(sample("national-95-plan.md"), d.join("plan.md")).unwrap();
    fs::write(d.join("taken"), "keep").unwrap();
    let profile = sample("national-95-inbound.toml");
    let profile = profile.to_str().unwrap();
    for args in [
        vec!["init", "--no-input", "taken"],
        vec!["draft", profile, "-o", "taken"],
        vec!["export", "plan.md", "-o", "taken"],
        vec!["review", "plan.md", "-o", "taken"],
    ] {
        fails(d, &args, 2, "taken 已存在；加 --force 覆盖");
        assert_eq!(fs::read_to_string(d.join("taken")).unwrap(), "keep");
    }
}
