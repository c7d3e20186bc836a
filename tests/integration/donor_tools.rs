//! compare, frontier and robust on cases worked by hand (MODEL.md §5's two
//! groups), their errors, and the property that no portfolio beats the
//! optimum at the same budget.

use crate::util::{close, json, Fixture};

const UA: f64 = 7.365_402_806e-8;
const UB: f64 = 3.682_701_403e-8;

#[test]
fn frontier_by_hand() {
    let f = Fixture::tutorial();
    let r = json(&f.run(
        "frontier",
        &[
            "--from", "100k", "--to", "500k", "--steps", "5", "--target", "0.015467", "--format",
            "json",
        ],
    ));
    let impacts: Vec<f64> =
        r["points"].as_array().unwrap().iter().map(|p| p["impact"].as_f64().unwrap()).collect();
    // A's tranches above peer money (0.85, 0.70, 0.55 of u_A) come before B's first (1.0 of u_B).
    let expect =
        [UA * 85e3, UA * 155e3, UA * 210e3, UA * 210e3 + UB * 100e3, UA * 210e3 + UB * 200e3];
    for (got, want) in impacts.iter().zip(expect) {
        assert!(close(*got, want, 1e-6), "{got} vs {want}");
    }
    // Marginal per $1M: 0.70·u_A, then 0.55·u_A < 80% of it: returns fall at $300,000.
    assert!(close(r["points"][1]["marginal_per_million"].as_f64().unwrap(), UA * 0.7e6, 1e-6));
    assert_eq!(r["returns_fall_at"], 300_000);
    assert_eq!(r["target_budget"], 300_000);
    let table = f.run("frontier", &["--from", "100k", "--to", "500k", "--steps", "5"]);
    assert!(table.stdout.contains("Returns start to fall at $300,000"), "{}", table.stdout);
}

#[test]
fn portfolio_by_hand() {
    let f = Fixture::tutorial();
    f.write("mine.csv", "group,amount\nA,200000\nB,300000\n");
    let r = json(&f.run("compare", &["--portfolio", "mine.csv", "--format", "json"]));
    let p = &r["portfolios"][0];
    let impact = UA * (85e3 + 70e3) + UB * (250e3 + 50e3 * 0.85);
    assert!(close(p["impact"].as_f64().unwrap(), impact, 1e-6));
    assert!(close(p["optimal_impact"].as_f64().unwrap(), 0.022_832_75, 1e-5));
    assert!(close(p["overlap"].as_f64().unwrap(), 0.8, 1e-12));
    assert!(p["breaks"].as_array().unwrap().is_empty());
    // The one move that helps: $100,000 from B's top to A's last tranche.
    let moves = p["best_moves"].as_array().unwrap();
    assert_eq!(moves.len(), 1, "{moves:?}");
    assert_eq!(
        (moves[0]["from"].as_str(), moves[0]["to"].as_str(), moves[0]["amount"].as_f64()),
        (Some("B"), Some("A"), Some(100_000.0))
    );
    assert!(close(
        moves[0]["gain"].as_f64().unwrap(),
        UA * 0.55 * 1e5 - UB * (50e3 * 0.85 + 50e3),
        1e-6
    ));
}

#[test]
fn portfolio_breaks_are_named() {
    let f = Fixture::tutorial();
    f.append("scenario.toml", "\n[limits]\nmax_group_share = 0.5\n[floors]\nyouth = 0.5\n");
    f.write("mine.csv", "group,amount\nB,600000\n");
    let r = json(&f.run("compare", &["--portfolio", "mine.csv", "--format", "json"]));
    let kinds: Vec<&str> = r["portfolios"][0]["breaks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["budget", "group_cap", "floor"], "{r}");
}

#[test]
fn portfolio_errors_name_file_and_line() {
    let f = Fixture::tutorial();
    for (csv, want) in [
        ("group,amount\nA,100\nC,5\n", "mine.csv:3:1: error: unknown group `C`"),
        ("group,amount\nA,-100\n", "mine.csv:2:2: error: column `amount`: expected a whole number of dollars ≥ 0, found `-100`"),
        ("group,amount\nA,100\nB,5\nA,7\n", "mine.csv:4:1: error: group `A` appears twice: first on line 2"),
        ("group,amt\nA,100\n", "mine.csv:1:2: error: unknown column `amt`"),
    ] {
        f.write("mine.csv", csv);
        let run = f.run("compare", &["--portfolio", "mine.csv"]);
        assert_eq!(run.code, 2, "{csv}");
        assert!(run.stderr.contains(want), "{want}\n{}", run.stderr);
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn scenarios_side_by_side() {
    let f = Fixture::tutorial();
    let capped = f.read("scenario.toml") + "\n[limits]\nmax_group_share = 0.5\n";
    f.write("capped.toml", &capped.replace("Tutorial: one race, two groups", "Capped"));
    let r = json(&crate::util::run_in(
        f.dir.path(),
        &["compare", "scenario.toml", "capped.toml", "--format", "json"],
    ));
    assert_eq!(r["scenarios"].as_array().unwrap().len(), 2);
    let a = r["groups"].as_array().unwrap().iter().find(|g| g["group"] == "A").unwrap();
    assert_eq!(a["amounts"], serde_json::json!([300000.0, 250000.0]));
    assert_eq!(a["spread"], 50_000);
    let one = crate::util::run_in(f.dir.path(), &["compare", "scenario.toml"]);
    assert_eq!(one.code, 2, "one scenario and no portfolio is a usage error");
}

#[test]
fn robust_is_deterministic_whatever_the_threads() {
    let f = Fixture::tutorial();
    let run = |threads: &str| {
        let out = assert_cmd::Command::cargo_bin("grantplan")
            .unwrap()
            .current_dir(f.dir.path())
            .env("GRANTPLAN_THREADS", threads)
            .args(["robust", "scenario.toml", "--draws", "60", "--seed", "5", "--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let (one, two) = (run("1"), run("2"));
    assert_eq!(one, two);
    let r: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(r["draws"], 60);
    // In every draw the best plan is at least as good as the scenario's own (up to rounding).
    let share = &r["plan_share_of_optimal"];
    assert!(share["p90"].as_f64().unwrap() <= 1.0 + 1e-9, "{share}");
    let different = json(&f.run("robust", &["--draws", "60", "--seed", "6", "--format", "json"]));
    assert_ne!(different["optimal_impact"], r["optimal_impact"]);
}

#[test]
fn robust_with_one_race_and_exact_costs_keeps_the_plan() {
    // One race, no cost error: whatever a draw does to the race, both
    // groups' values scale together, so the scenario's plan stays the best
    // plan in every draw.
    let f = Fixture::tutorial();
    f.append("scenario.toml", "\n[scoring]\ncost_sd = 0.0\n");
    let r = json(&f.run("robust", &["--draws", "40", "--format", "json"]));
    assert!(close(r["plan_share_of_optimal"]["p10"].as_f64().unwrap(), 1.0, 1e-9), "{r}");
    assert_eq!(r["robust_share"], 1.0);
    assert_eq!(r["flagged"], false);
}
