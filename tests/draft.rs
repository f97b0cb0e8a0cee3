//! Drafting: every sample profile drafts a plan that lints clean; every template renders for
//! every sample; profiles generated over the field ranges draft clean plans; broken profiles
//! give clear errors and never panic.

use crate::common;

use std::path::{Path, PathBuf};

use callplan::draft::{self, PlanModel, Templates};
use callplan::lint::{LintOptions, Mode, Selection};
use callplan::markdown;
use callplan::profile::{LoadedProfile, ProblemLevel, ProfileError};
use callplan::source::SourceFile;
use common::rules;

const DATE: &str = "2026-11-30";

fn sample_profiles() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v
}

/// Lints a whole plan and returns `rule: message` for every error and warning.
fn lint_plan(text: &str) -> Vec<String> {
    let set = rules();
    let file = SourceFile::new("plan.md", text);
    let doc = markdown::parse(&file);
    set.lint(
        &file,
        &doc,
        &LintOptions {
            mode: Mode::Document,
            selection: Selection::default(),
        },
    )
    .iter()
    .filter(|f| set.rules[f.rule].severity != callplan::lint::Severity::Info)
    .map(|f| {
        let at = file.line_col(f.range.start);
        format!("{} (line {}): {}", set.rules[f.rule].id, at.line, f.message)
    })
    .collect()
}

fn draft_text(text: &str) -> Result<String, String> {
    let loaded = LoadedProfile::parse("p.toml", text).map_err(|e| format!("{e:?}"))?;
    let problems = loaded.problems();
    if let Some(p) = problems.iter().find(|p| p.level == ProblemLevel::Error) {
        return Err(format!("{}: {}", p.id, p.message));
    }
    draft::draft(&loaded.profile, &Templates::builtin(), DATE).map_err(|e| e.to_string())
}

#[test]
fn there_are_at_least_three_sample_profiles() {
    assert!(sample_profiles().len() >= 3, "{:?}", sample_profiles());
}

#[test]
fn every_sample_profile_drafts_a_clean_plan() {
    for path in sample_profiles() {
        let loaded = LoadedProfile::load(&path).unwrap();
        assert!(
            loaded.problems().is_empty(),
            "{}: {:?}",
            path.display(),
            loaded.problems()
        );
        let text = draft::draft(&loaded.profile, &Templates::builtin(), DATE).unwrap();
        let findings = lint_plan(&text);
        assert!(
            findings.is_empty(),
            "{} drafts a plan with findings:\n{}",
            path.display(),
            findings.join("\n")
        );
    }
}

#[test]
fn every_template_renders_for_every_sample() {
    let templates = Templates::builtin();
    let names: Vec<String> = templates.names().map(str::to_owned).collect();
    assert!(names.len() >= 5, "{names:?}");
    for path in sample_profiles() {
        let loaded = LoadedProfile::load(&path).unwrap();
        let model = PlanModel::build(&loaded.profile, DATE);
        for name in &names {
            let out = templates
                .render(name, &model)
                .unwrap_or_else(|e| panic!("{name} for {}: {e}", path.display()));
            assert!(out.trim().len() > 100, "{name} renders almost nothing");
            assert!(
                !out.contains("{{") && !out.contains("{%"),
                "{name}: tags left"
            );
        }
    }
}

#[test]
fn drafted_samples_match_the_snapshots_and_the_committed_plans() {
    for path in sample_profiles() {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let loaded = LoadedProfile::load(&path).unwrap();
        let text = draft::draft(&loaded.profile, &Templates::builtin(), DATE).unwrap();
        insta::assert_snapshot!(format!("draft_{stem}"), text);
        let committed = path.with_extension("md");
        let committed = committed
            .parent()
            .unwrap()
            .join("drafted")
            .join(committed.file_name().unwrap());
        if std::env::var_os("UPDATE_SAMPLES").is_some() {
            std::fs::create_dir_all(committed.parent().unwrap()).unwrap();
            std::fs::write(&committed, &text).unwrap();
        }
        let on_disk = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            on_disk == text,
            "{} is out of date: run `UPDATE_SAMPLES=1 cargo test --test integration draft::`",
            committed.display()
        );
    }
}

#[test]
fn markdown_in_profile_values_cannot_break_the_plan() {
    let base = std::fs::read_to_string(sample_profiles()[0].clone()).unwrap();
    let text = base.replacen("name = \"", "name = \"A|B*公司_[x](y) <b>", 1);
    let plan = draft_text(&text).unwrap();
    let file = SourceFile::new("plan.md", &plan);
    let doc = markdown::parse(&file);
    // The company name sits in a table row: the row must still have three cells... two cells.
    let row = plan
        .lines()
        .find(|l| l.starts_with("| 公司名称 |"))
        .expect("company row");
    assert!(row.contains("A\\|B\\*公司\\_\\[x\\](y) \\<b\\>"), "{row}");
    let tables = doc.tables.len();
    assert!(tables > 5, "tables still parse: {tables}");
}

/// A deterministic generator of valid profiles over the ranges of the fields that change the
/// wording: scope and coverage, outbound, trunk types, hosting, tenants, seat counts.
fn generated_profile(i: u64) -> String {
    let mut state = 0x2545_f491_4f6c_dd1d_u64 ^ (i.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let mut next = |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let national = next(2) == 0;
    let provinces = if national {
        match next(3) {
            0 => "[\"全国\"]".to_owned(),
            1 => "[\"广东省\", \"广西壮族自治区\"]".to_owned(),
            _ => "[\"北京市\", \"天津市\", \"河北省\", \"山东省\"]".to_owned(),
        }
    } else {
        ["[\"福建省\"]", "[\"新疆维吾尔自治区\"]", "[\"重庆市\"]"][next(3) as usize].to_owned()
    };
    let seats = [1u32, 8, 30, 57, 120, 400, 2500][next(7) as usize];
    let channels_needed = (seats as f64 * 1.2).ceil() as u32;
    let trunks = match next(3) {
        0 => format!(
            "[[trunks]]\ncarrier = \"中国电信广州分公司\"\nkind = \"E1\"\ncount = {}\n",
            channels_needed.div_ceil(30).max(1)
        ),
        1 => format!(
            "[[trunks]]\ncarrier = \"中国联通福建省分公司\"\nkind = \"SIP\"\ncount = {}\n",
            channels_needed.max(2)
        ),
        _ => format!(
            "[[trunks]]\ncarrier = \"中国移动北京有限公司\"\nkind = \"E1\"\ncount = {}\n\n[[trunks]]\ncarrier = \"中国广电山东网络有限公司\"\nkind = \"SIP\"\ncount = {}\n",
            (channels_needed / 60).max(1),
            channels_needed.div_ceil(2).max(2)
        ),
    };
    let hosting = ["自建机房", "IDC托管", "云平台"][next(3) as usize];
    let provider = if hosting == "自建机房" {
        String::new()
    } else {
        "provider = \"示例数据中心有限公司\"\n".to_owned()
    };
    let tenants = next(2) == 0;
    let outbound = if next(2) == 0 {
        "enabled = true\nconsent = \"来电时征得用户同意并录音\"\n".to_owned()
    } else {
        "enabled = false\n".to_owned()
    };
    let (scope, kind, capital) = if national {
        ("全网", "95", 1000 + next(5000))
    } else {
        ("地网", "96", 100 + next(900))
    };
    let number = if next(2) == 0 {
        format!("kind = \"{kind}\"\n")
    } else {
        format!("number = \"{kind}1{:02}\"\n", next(100))
    };
    format!(
        r#"[company]
name = "生成测试{i}号有限公司"
address = "某市某区某路{i}号"
capital = {capital}
legal_representative = "测试人"

[licence]
scope = "{scope}"
provinces = {provinces}

[number]
{number}
{trunks}
[centre]
seats = {seats}
hosting = "{hosting}"
{provider}city = "某市"
tenants = {tenants}

[outbound]
{outbound}
[people]
licence_owner = {{ name = "甲" }}
customer_owner = {{ name = "乙" }}
security_owner = {{ name = "丙" }}
"#
    )
}

#[test]
fn generated_profiles_draft_clean_plans() {
    let mut failures = Vec::new();
    let n = if cfg!(debug_assertions) { 48 } else { 240 };
    for i in 0..n {
        let profile = generated_profile(i);
        match draft_text(&profile) {
            Ok(plan) => {
                let findings = lint_plan(&plan);
                if !findings.is_empty() {
                    failures.push(format!(
                        "profile {i}:\n{profile}\nfindings:\n{}",
                        findings.join("\n")
                    ));
                }
            }
            Err(e) => failures.push(format!("profile {i} does not draft: {e}\n{profile}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {n} generated profiles fail:\n{}",
        failures.len(),
        failures[..failures.len().min(3)].join("\n\n")
    );
}

#[test]
fn invalid_profiles_give_clear_errors_and_never_panic() {
    let base = std::fs::read_to_string(sample_profiles()[0].clone()).unwrap();
    // Targeted mistakes, each with the words the message must contain.
    let cases: &[(&str, &str, &str)] = &[
        ("scope = \"全网\"", "scope = \"全国\"", "`全网`"),
        ("seats = 120", "seats = \"一百二十\"", "类型不对"),
        ("seats = 120", "seat = 120", "未知字段"),
        ("capital = 1200", "capital = 80", "法定最低限额"),
        ("number = \"95123\"", "number = \"96123\"", "96号码"),
        ("number = \"95123\"", "number = \"13812345678\"", "手机号码"),
        (
            "carrier = \"中国电信杭州分公司\"",
            "carrier = \"某某通信科技有限公司\"",
            "不是基础电信企业",
        ),
        ("count = 5", "count = 1", "不足"),
        ("enabled = false", "enabled = true", "用户同意"),
        ("log_months = 6", "log_months = 3", "6个月"),
        (
            "provinces = [\"浙江省\", \"江苏省\", \"上海市\"]",
            "provinces = [\"浙江\"]",
            "全称",
        ),
    ];
    for (from, to, expect) in cases {
        assert!(base.contains(from), "sample lacks {from}");
        let text = base.replacen(from, to, 1);
        let message = match LoadedProfile::parse("p.toml", &text) {
            Err(ProfileError::Parse { message, span, .. }) => {
                assert!(span.is_some(), "{to}: parse error without a place");
                message
            }
            Err(e) => e.to_string(),
            Ok(loaded) => {
                let problems = loaded.problems();
                let errors: Vec<_> = problems
                    .iter()
                    .filter(|p| p.level == ProblemLevel::Error)
                    .collect();
                assert!(!errors.is_empty(), "{to}: accepted");
                assert!(errors.iter().all(|p| p.span.is_some()), "{to}: {errors:?}");
                errors
                    .iter()
                    .map(|p| p.message.clone())
                    .collect::<Vec<_>>()
                    .join(" / ")
            }
        };
        assert!(
            message.contains(expect),
            "{to}: message {message:?} lacks {expect:?}"
        );
    }
    // Every prefix of the file, and the file with each line removed: an error or a profile,
    // never a panic.
    let chars: Vec<(usize, char)> = base.char_indices().collect();
    for (at, _) in chars.iter().step_by(7) {
        if let Ok(l) = LoadedProfile::parse("p.toml", &base[..*at]) {
            let _ = l.problems();
            let _ = draft::draft(&l.profile, &Templates::builtin(), DATE);
        }
    }
    let lines: Vec<&str> = base.lines().collect();
    for skip in 0..lines.len() {
        let text: String = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != skip)
            .map(|(_, l)| format!("{l}\n"))
            .collect();
        if let Ok(l) = LoadedProfile::parse("p.toml", &text) {
            let _ = l.problems();
            let _ = draft::draft(&l.profile, &Templates::builtin(), DATE);
        }
    }
}
