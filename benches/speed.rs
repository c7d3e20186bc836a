//! End-to-end speed of the commands, as a user runs them: the release
//! binary, started fresh each time (process start, CSV and TOML parsing,
//! scoring, solving and rendering included), with peak memory where
//! `/usr/bin/time` is present.
//!
//! Run: `cargo bench --bench speed` (optionally a filter:
//! `cargo bench --bench speed -- national`). The synthetic data sets are
//! written first with `grantplan synth` into `target/bench/`. Prints min /
//! median / max wall time per case. The targets live in the issues and the
//! README, not in assertions.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

struct Case {
    name: &'static str,
    args: &'static [&'static str],
    runs: usize,
}

const CASES: &[Case] = &[
    Case {
        name: "plan midterms-2026 (shipped data)",
        args: &["plan", "scenarios/midterms-2026.toml"],
        runs: 30,
    },
    Case {
        name: "score midterms-2026 (shipped data)",
        args: &["score", "scenarios/midterms-2026.toml"],
        runs: 30,
    },
    Case {
        name: "report midterms-2026 (HTML, shipped data)",
        args: &["report", "scenarios/midterms-2026.toml"],
        runs: 30,
    },
    Case {
        name: "validate midterms-2026",
        args: &["validate", "scenarios/midterms-2026.toml"],
        runs: 30,
    },
    Case {
        name: "plan cycle-2028 (shipped data)",
        args: &["plan", "scenarios/cycle-2028.toml"],
        runs: 20,
    },
    Case {
        name: "frontier midterms-2026 --steps 50",
        args: &[
            "frontier",
            "scenarios/midterms-2026.toml",
            "--from",
            "1M",
            "--to",
            "50M",
            "--steps",
            "50",
        ],
        runs: 10,
    },
    Case {
        name: "robust midterms-2026 --draws 500",
        args: &["robust", "scenarios/midterms-2026.toml", "--draws", "500"],
        runs: 3,
    },
    Case {
        name: "compare midterms-2026 --portfolio (20 groups)",
        args: &["compare", "scenarios/midterms-2026.toml", "--portfolio", "examples/portfolio.csv"],
        runs: 10,
    },
    Case {
        name: "plan early-money-2028 (8 periods)",
        args: &["plan", "scenarios/early-money-2028.toml"],
        runs: 10,
    },
    Case {
        name: "score national (8,000 races, 104 chambers, 10,000 groups)",
        args: &["score", "target/bench/national/scenario.toml"],
        runs: 10,
    },
    Case {
        name: "score national with scoring.df = 5 (Student-t errors)",
        args: &["score", "target/bench/national/scenario-df5.toml"],
        runs: 5,
    },
    Case {
        name: "score national anchored to P(D control of US-HOUSE) = 0.55",
        args: &["score", "target/bench/national/scenario-anchor.toml"],
        runs: 5,
    },
    Case {
        name: "plan national (8,000 races, 10,000 groups)",
        args: &["plan", "target/bench/national/scenario.toml"],
        runs: 10,
    },
    Case {
        name: "plan national, 8 periods",
        args: &["plan", "target/bench/national/scenario-periods.toml"],
        runs: 5,
    },
    Case {
        name: "plan 300 groups with min_grant (MILP)",
        args: &["plan", "target/bench/small/scenario-milp.toml"],
        runs: 10,
    },
    Case {
        name: "plan 300 groups, max_groups = 40 (MILP)",
        args: &["plan", "target/bench/small/scenario-maxgroups.toml"],
        runs: 5,
    },
    Case {
        name: "plan 300 groups, max_groups = 40, no effect ceilings (MILP)",
        args: &["plan", "target/bench/small/scenario-maxgroups-noceil.toml"],
        runs: 5,
    },
    Case {
        name: "plan 3,000 groups, max_groups = 40 (MILP)",
        args: &["plan", "target/bench/g3000/scenario-maxgroups.toml"],
        runs: 1,
    },
    Case {
        name: "plan donor-table-2026 with min_grant and max_groups (funders, c3, ceilings)",
        args: &["plan", "target/bench/integer/donor-table-2026-int.toml"],
        runs: 3,
    },
    Case {
        name: "plan MODEL.md's full example with min_grant and max_groups (periods, funders)",
        args: &["plan", "target/bench/integer/model-full-int.toml"],
        runs: 3,
    },
    Case {
        name: "plan donor table, 20 funders (national data)",
        args: &["plan", "target/bench/donor-table/donor-table-nocaps.toml"],
        runs: 3,
    },
    Case {
        name: "plan donor table, 20 funders, 4 with group caps",
        args: &["plan", "target/bench/donor-table/donor-table.toml"],
        runs: 1,
    },
    Case {
        name: "robust national --draws 500",
        args: &["robust", "target/bench/national/scenario.toml", "--draws", "500"],
        runs: 1,
    },
];

fn main() {
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let exe = env!("CARGO_BIN_EXE_grantplan");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    prepare(exe, root);
    let time = Path::new("/usr/bin/time").exists();
    println!(
        "{:<58} {:>5} {:>10} {:>10} {:>10} {:>12}",
        "case", "runs", "min", "median", "max", "peak memory"
    );
    for case in CASES {
        if !filter.is_empty() && !filter.iter().any(|f| case.name.contains(f.as_str())) {
            continue;
        }
        let mut times: Vec<Duration> = Vec::with_capacity(case.runs);
        let mut peak_kb = 0u64;
        for _ in 0..case.runs {
            let t = Instant::now();
            let out = Command::new(exe)
                .args(case.args)
                .current_dir(root)
                .output()
                .expect("run grantplan");
            times.push(t.elapsed());
            assert!(
                out.status.success(),
                "{}: {}",
                case.name,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        if time {
            let report =
                std::env::temp_dir().join(format!("grantplan-bench-{}.txt", std::process::id()));
            let status = Command::new("/usr/bin/time")
                .args(["-f", "%M", "-o"])
                .arg(&report)
                .arg(exe)
                .args(case.args)
                .current_dir(root)
                .output()
                .expect("run /usr/bin/time");
            if status.status.success() {
                peak_kb = std::fs::read_to_string(&report)
                    .ok()
                    .and_then(|s| s.trim().lines().last()?.parse().ok())
                    .unwrap_or(0);
            }
            let _ = std::fs::remove_file(report);
        }
        times.sort();
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1e3);
        let mem = if peak_kb > 0 {
            format!("{:.0} MB", peak_kb as f64 / 1024.0)
        } else {
            "n/a".to_owned()
        };
        println!(
            "{:<58} {:>5} {:>10} {:>10} {:>10} {:>12}",
            case.name,
            case.runs,
            ms(times[0]),
            ms(times[times.len() / 2]),
            ms(times[times.len() - 1]),
            mem
        );
    }
}

/// Write the synthetic data sets the cases use (deterministic for their seeds).
fn prepare(exe: &str, root: &Path) {
    let bench = root.join("target/bench");
    // `synth -o DIR` makes DIR but not its parent: on a fresh clone
    // target/bench does not exist yet.
    std::fs::create_dir_all(&bench).expect("create target/bench");
    let synth = |races: &str, groups: &str, seed: &str, dir: PathBuf| {
        if dir.join("scenario.toml").exists() {
            return;
        }
        let out = Command::new(exe)
            .args(["synth", "--races", races, "--groups", groups, "--seed", seed, "-o"])
            .arg(&dir)
            .output()
            .expect("run grantplan synth");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    synth("8000", "10000", "1", bench.join("national"));
    synth("1000", "300", "2", bench.join("small"));
    synth("10000", "3000", "2", bench.join("g3000"));
    // The donor table of scripts/bench-donor-table.sh (data and scenarios
    // only: 0 timed runs).
    if !bench.join("donor-table/donor-table.toml").exists() {
        let out = Command::new(root.join("scripts/bench-donor-table.sh"))
            .arg(exe)
            .arg(bench.join("donor-table"))
            .arg("0")
            .current_dir(root)
            .output()
            .expect("run scripts/bench-donor-table.sh");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    // Fat tails and anchoring (issue 12): the national scenario with a
    // [scoring] table added after [data].
    let national = bench.join("national");
    let scenario = std::fs::read_to_string(national.join("scenario.toml")).expect("scenario");
    for (file, scoring) in [
        ("scenario-df5.toml", "df = 5"),
        ("scenario-anchor.toml", "anchor = { chamber = \"US-HOUSE\", p_control = 0.55 }"),
    ] {
        let with =
            scenario.replacen("\n[data]\n", &format!("\n[scoring]\n{scoring}\n\n[data]\n"), 1);
        assert_ne!(with, scenario, "synth's scenario has no [data] table");
        std::fs::write(national.join(file), with).expect("write scenario");
    }
    let small = bench.join("small");
    let scenario = std::fs::read_to_string(small.join("scenario.toml")).expect("small scenario");
    let milp = scenario.replace("[limits]\n", "[limits]\nmin_grant = 50_000\n");
    std::fs::write(small.join("scenario-milp.toml"), milp).expect("write MILP scenario");
    // The issue-16 case: budget $50M, max_group_share 0.02, max_state_share
    // 0.10, max_dependency 0.5, floors youth 0.20 and immigrant 0.10,
    // rounding 5,000 (all synth's defaults) and at most 40 groups, which at
    // their caps cannot absorb the budget.
    for dir in [small, bench.join("g3000")] {
        let scenario = std::fs::read_to_string(dir.join("scenario.toml")).expect("scenario");
        let limited = scenario.replace("[limits]\n", "[limits]\nmax_groups = 40\n");
        assert_ne!(limited, scenario, "synth's scenario has no [limits] table");
        std::fs::write(dir.join("scenario-maxgroups.toml"), limited).expect("write scenario");
    }
    // Integer limits beside [[funders]] and effect ceilings (issue 13): the
    // shipped donor table with min_grant and max_groups, and MODEL.md's
    // full example with its two integer lines uncommented (data paths made
    // absolute, since the files live under target/bench).
    let integer = bench.join("integer");
    std::fs::create_dir_all(&integer).expect("create target/bench/integer");
    let data = format!("\"{}/data/", root.display());
    let donor = std::fs::read_to_string(root.join("scenarios/donor-table-2026.toml"))
        .expect("donor-table-2026.toml");
    let donor = donor.replace("\"../data/", &data).replacen(
        "[limits]\n",
        "[limits]\nmin_grant = 50_000\nmax_groups = 60\n",
        1,
    );
    std::fs::write(integer.join("donor-table-2026-int.toml"), donor).expect("write scenario");
    let model = std::fs::read_to_string(root.join("docs/MODEL.md")).expect("docs/MODEL.md");
    let full = model
        .split("```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("MODEL.md's full example");
    let full = full
        .replace("\"../data/", &data)
        .replace("# min_grant = 25_000", "min_grant = 25_000")
        .replace("# max_groups = 40", "max_groups = 40");
    assert!(full.contains("\nmin_grant = 25_000") && full.contains("\nmax_groups = 40"));
    std::fs::write(integer.join("model-full-int.toml"), full).expect("write scenario");
    // The same 300-group case without effect ceilings.
    let small = bench.join("small");
    let limited = std::fs::read_to_string(small.join("scenario-maxgroups.toml")).expect("scenario");
    std::fs::write(
        small.join("scenario-maxgroups-noceil.toml"),
        format!("{limited}\n[effects]\nmax_shift = 0\n"),
    )
    .expect("write scenario");
}
