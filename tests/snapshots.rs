//! Snapshots of rendered diagnostics: what a user sees in the terminal and in JSON.

use assert_cmd::Command;

fn run(args: &[&str], stdin: Option<&str>) -> String {
    let mut cmd = Command::cargo_bin("callplan").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args(args);
    if let Some(s) = stdin {
        cmd.write_stdin(s);
    }
    let out = cmd.output().unwrap();
    format!(
        "exit: {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn human_report_of_the_defective_sample() {
    insta::assert_snapshot!(run(
        &["lint", "--color", "never", "samples/defective-plan.md"],
        None
    ));
}

#[test]
fn human_report_of_a_passage_with_traps() {
    let text = "本公司不开展营销外呼，严禁催收、AI外呼等行为。\n\n不仅提供咨询，还开展电话营销。\n\n外呼营销不设上限。\n\n| 序号 | 禁止事项 |\n|---|---|\n| 1 | 电话营销 |\n";
    insta::assert_snapshot!(run(
        &["lint", "--fragment", "--color", "never", "-"],
        Some(text)
    ));
}

#[test]
fn json_report_of_the_defective_sample() {
    insta::assert_snapshot!(run(
        &["lint", "--format", "json", "samples/defective-plan.md"],
        None
    ));
}
