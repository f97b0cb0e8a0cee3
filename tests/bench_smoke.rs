//! Smoke test of the benchmark script (`bench/run.sh`): on a small plan, with the peer tools
//! switched off, it measures callplan alone and prints its tables. Timings are not checked
//! (they are the script's business), only that every section runs and reports numbers.
#![cfg(unix)]
#![allow(clippy::print_stdout)] // skip reasons are printed

use std::path::Path;
use std::process::Command;

fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

#[test]
fn bench_script_measures_callplan_alone_when_peers_are_absent() {
    if !have("bash") || !have("awk") {
        println!("skipped: the benchmark script needs bash and awk");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = tempfile::tempdir().unwrap();
    std::fs::copy(
        root.join("samples/national-95-plan.md"),
        data.path().join("plan-1x.md"),
    )
    .unwrap();
    let python = have("python3");
    if python {
        // The peer term list format: term, replacement, literal|regex.
        std::fs::write(
            data.path().join("terms.tsv"),
            "呼叫中心\t呼叫中心业务\tliteral\n/坐席(数|规模)/\t座席$1\tregex\n",
        )
        .unwrap();
    } else {
        println!("python3 not found: the term-list rule file is not exercised");
    }
    let out = Command::new("bash")
        .arg(root.join("bench/run.sh"))
        .arg("1")
        .env("BIN", env!("CARGO_BIN_EXE_callplan"))
        .env("DATA", data.path())
        .env("SIZES", "1x")
        .env("PEERS", "none")
        .env("FOLDER_PLANS", "3")
        .env("BIG", "0")
        .env("SHARED_BENCH", data.path().join("no-shared-bench"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "bench/run.sh failed ({:?})\nstdout:\n{stdout}\nstderr:\n{stderr}",
        out.status
    );
    // A row with a measured wall time (a number) for each callplan command; the dense plan is
    // cut from the samples with python3.
    let mut rows = vec![
        "| 1x | **callplan lint** |",
        "| 1x | **callplan export** |",
        "`callplan lint` on 3 plans",
    ];
    if python {
        rows.push("bytes, 30000 characters |");
    }
    for row in rows {
        let line = stdout
            .lines()
            .find(|l| l.contains(row))
            .unwrap_or_else(|| panic!("no row {row:?} in:\n{stdout}"));
        let wall = line
            .split('|')
            .map(str::trim)
            .find_map(|cell| cell.parse::<f64>().ok());
        assert!(wall.is_some_and(|w| w > 0.0), "no wall time in {line:?}");
    }
    assert!(stdout.contains("Skipped: textlint"), "{stdout}");
    assert!(stdout.contains("Skipped: pandoc"), "{stdout}");
    assert_eq!(
        std::fs::read_dir(data.path().join("folder-3"))
            .unwrap()
            .filter(|e| e
                .as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "md"))
            .count(),
        3
    );
    if python {
        // The generated rule file loaded, and the term was found (it is all over the sample).
        let hits: usize = stdout
            .split("1x callplan ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no term hit count in:\n{stdout}"));
        assert!(hits > 0, "{stdout}");
        let rule =
            std::fs::read_to_string(data.path().join("callplan-rules/house-terms.toml")).unwrap();
        assert!(
            rule.contains("呼叫中心") && rule.contains("坐席(数|规模)"),
            "{rule}"
        );
    }
}
