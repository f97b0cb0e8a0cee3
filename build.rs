//! Embeds the built-in rule files (`lints/*.toml`), data tables (`lints/tables/*.toml`) and
//! templates in the binary, so that an installed `callplan` works from any directory.
//!
//! Rule files and tables are also converted to JSON here: reading JSON at start-up is several
//! times faster than reading TOML, and start-up dominates the linting of a small plan. The TOML
//! stays embedded for error messages. A syntax error in a built-in file fails the build.

#[path = "src/lint/literals.rs"]
mod literals;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == ext));
    files.sort();
    files
}

fn to_json(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let value: toml::Value =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::to_string(&value).expect("TOML values convert to JSON")
}

fn main() {
    // A position-dependent executable on x86-64 Linux: the loader then has no relocations to
    // apply to the binary at start-up, which is a measurable share of a small plan's run (see
    // BENCHMARKS.md). The code itself stays position-independent; only the link differs.
    if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("x86_64")
        && env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu")
    {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=lints");
    println!("cargo:rerun-if-changed=templates");
    let root =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut out = String::new();

    writeln!(out, "/// Built-in rule files: (file name, TOML text, the same as JSON).\n#[allow(dead_code)]\npub(crate) const RULE_FILES: &[(&str, &str, &str)] = &[").unwrap();
    for p in files(&root.join("lints"), "toml") {
        println!("cargo:rerun-if-changed={}", p.display());
        let name = p.file_name().unwrap().to_string_lossy();
        writeln!(
            out,
            "    ({name:?}, include_str!({:?}), {:?}),",
            p.display().to_string(),
            to_json(&p)
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();

    // The trigger literals of the built-in rules' patterns (see src/lint/literals.rs).
    println!("cargo:rerun-if-changed=src/lint/literals.rs");
    let mut patterns: Vec<String> = Vec::new();
    for p in files(&root.join("lints"), "toml") {
        let text = fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let value: toml::Value =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let check = value.get("check");
        let list = check
            .and_then(|c| c.get("patterns"))
            .and_then(|l| l.as_array());
        // The regexes of `require` groups are gated by their literals too.
        let groups = check
            .and_then(|c| c.get("groups"))
            .and_then(|l| l.as_array())
            .into_iter()
            .flatten()
            .filter_map(|g| g.get("regex"));
        for pat in list
            .into_iter()
            .flatten()
            .chain(groups)
            .filter_map(|v| v.as_str())
        {
            if !patterns.iter().any(|x| x == pat) {
                patterns.push(pat.to_owned());
            }
        }
    }
    writeln!(out, "/// The trigger literals of a pattern, and whether they are prefixes.\npub(crate) type StoredTriggers = Option<(&'static [&'static str], bool)>;").unwrap();
    writeln!(out, "/// Built-in phrase patterns and group regexes, with their trigger literals.\n#[allow(dead_code)]\npub(crate) const PATTERN_LITERALS: &[(&str, StoredTriggers)] = &[").unwrap();
    for pat in &patterns {
        // A pattern that does not parse is left to the matcher, which reports it.
        let Ok(lits) = literals::triggers(pat) else {
            continue;
        };
        let lits = match lits {
            None => "None".to_owned(),
            Some((lits, prefix)) => format!(
                "Some((&[{}], {prefix}))",
                lits.iter()
                    .map(|l| format!("{l:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        writeln!(out, "    ({pat:?}, {lits}),").unwrap();
    }
    writeln!(out, "];").unwrap();

    for table in ["clauses", "language", "sections"] {
        let p = root.join("lints/tables").join(format!("{table}.toml"));
        println!("cargo:rerun-if-changed={}", p.display());
        writeln!(
            out,
            "#[allow(dead_code)]\npub(crate) const {}_JSON: &str = {:?};",
            table.to_uppercase(),
            to_json(&p)
        )
        .unwrap();
    }

    // The word automata of the built-in rules and tables, built here from the word lists in
    // `lints/automata/` (written by the test `stored_word_lists_are_current`) and read at run time
    // instead of being built (see `WordSet::with_stored`). A list that no longer matches the rules
    // is ignored at run time, so a stale one costs speed, not correctness.
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    for name in ["terms", "cues"] {
        let p = root.join("lints/automata").join(format!("{name}.json"));
        println!("cargo:rerun-if-changed={}", p.display());
        let words: Vec<String> = match fs::read_to_string(&p) {
            Ok(text) => {
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
            }
            Err(_) => Vec::new(),
        };
        let bytes = if words.is_empty() {
            Vec::new()
        } else {
            // The same builder settings as `WordSet` (src/text.rs) uses at run time.
            daachorse::CharwiseDoubleArrayAhoCorasickBuilder::new()
                .use_prefilter(false)
                .build::<_, _, u32>(&words)
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
                .serialize()
        };
        fs::write(out_dir.join(format!("{name}.daac")), bytes).expect("write an automaton");
        let upper = name.to_uppercase();
        writeln!(
            out,
            "/// Words of the built-in {name} automaton stored at build time.\n#[allow(dead_code)]\npub(crate) const STORED_{upper}: &[&str] = &{words:?};"
        )
        .unwrap();
        writeln!(
            out,
            "#[allow(dead_code)]\npub(crate) const STORED_{upper}_AUTOMATON: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{name}.daac\"));"
        )
        .unwrap();
    }

    writeln!(out, "/// Built-in templates: (file name, text).\n#[allow(dead_code)]\npub(crate) const TEMPLATE_FILES: &[(&str, &str)] = &[").unwrap();
    for p in files(&root.join("templates"), "tera") {
        println!("cargo:rerun-if-changed={}", p.display());
        let name = p.file_name().unwrap().to_string_lossy();
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            p.display().to_string()
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();

    let dest = out_dir.join("embedded.rs");
    fs::write(dest, out).expect("write embedded.rs");
}
