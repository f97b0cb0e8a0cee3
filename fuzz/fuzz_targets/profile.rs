//! Profile text → schema → semantic checks → draft (when the checks pass, as `callplan draft`
//! does) → lint the drafted plan.
#![no_main]

use callplan::draft::{self, Templates};
use callplan::profile::{LoadedProfile, ProblemLevel};
use callplan::source::SourceFile;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|text: &str| {
    let Ok(profile) = LoadedProfile::parse("fuzz.toml", text) else {
        return;
    };
    let problems = profile.problems();
    let blocked = problems.iter().any(|p| p.level == ProblemLevel::Error);
    // Drafting is also tried when the checks fail: it must not panic either.
    let Ok(plan) = draft::draft(&profile.profile, &Templates::builtin(), "2026-11-30") else {
        return;
    };
    if blocked {
        return;
    }
    let file = SourceFile::new("plan.md", plan);
    common::lint_both(common::rules(), &file);
});
