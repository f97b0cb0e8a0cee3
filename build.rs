//! Embeds the built-in rule files (`lints/*.toml`) and data tables (`lints/tables/*.toml`) in the
//! binary, so that an installed `callplan` works from any directory.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-changed=lints");
    println!("cargo:rerun-if-changed=templates");
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut out = String::new();
    for (name, dir, ext) in [
        ("RULE_FILES", "lints", "toml"),
        ("TEMPLATE_FILES", "templates", "tera"),
    ] {
        let mut files: Vec<_> = fs::read_dir(Path::new(&root).join(dir))
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == ext));
        files.sort();
        writeln!(
            out,
            "#[allow(dead_code)]\npub(crate) const {name}: &[(&str, &str)] = &["
        )
        .unwrap();
        for p in &files {
            println!("cargo:rerun-if-changed={}", p.display());
            let file = p.file_name().unwrap().to_string_lossy();
            writeln!(
                out,
                "    ({file:?}, include_str!({:?})),",
                p.display().to_string()
            )
            .unwrap();
        }
        writeln!(out, "];").unwrap();
    }
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    fs::write(dest, out).expect("write embedded.rs");
}
