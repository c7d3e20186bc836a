//! End-to-end speed of the commands, as a user runs them: the release
//! binary, started fresh each time (process start, CSV and TOML parsing,
//! scoring, solving and rendering included).
//!
//! Run: `cargo bench --bench speed` (optionally a filter: `cargo bench --bench speed -- plan`).
//! Prints min / median / max wall time per case. The targets live in the
//! issues and the README, not in assertions.

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
];

fn main() {
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let exe = env!("CARGO_BIN_EXE_grantplan");
    let root = env!("CARGO_MANIFEST_DIR");
    println!("{:<48} {:>5} {:>10} {:>10} {:>10}", "case", "runs", "min", "median", "max");
    for case in CASES {
        if !filter.is_empty() && !filter.iter().any(|f| case.name.contains(f.as_str())) {
            continue;
        }
        let mut times: Vec<Duration> = Vec::with_capacity(case.runs);
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
        times.sort();
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1e3);
        println!(
            "{:<48} {:>5} {:>10} {:>10} {:>10}",
            case.name,
            case.runs,
            ms(times[0]),
            ms(times[times.len() / 2]),
            ms(times[times.len() - 1])
        );
    }
}
