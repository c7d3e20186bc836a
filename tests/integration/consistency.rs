//! What a user notices: the same rules in every table and format, and
//! usage mistakes that say what is wrong.

use crate::util::{json, repo, run_in};

const MIDTERMS: &str = "scenarios/midterms-2026.toml";

#[test]
fn a_budget_override_shows_in_the_title_json_and_report() {
    let run = run_in(&repo(), &["plan", MIDTERMS, "--budget", "5M"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let first = run.stdout.lines().next().unwrap();
    assert!(first.ends_with("with $5,000,000 of the scenario's $10,000,000 (--budget)"), "{first}");
    let p = json(&run_in(&repo(), &["plan", MIDTERMS, "--budget", "12M", "--format", "json"]));
    assert_eq!(p["budget"].as_u64(), Some(12_000_000));
    assert_eq!(p["scenario_budget"].as_u64(), Some(10_000_000));
    let p = json(&run_in(&repo(), &["plan", MIDTERMS, "--format", "json"]));
    assert!(p["scenario_budget"].is_null());
    let run = run_in(&repo(), &["report", MIDTERMS, "--budget", "5M"]);
    assert!(run.stdout.contains("with $5,000,000 of the scenario&#39;s $10,000,000"));
}

#[test]
fn whole_dollars_are_whole_numbers_in_json_and_csv() {
    let p = json(&run_in(&repo(), &["plan", MIDTERMS, "--format", "json"]));
    let mut whole = 0;
    for g in p["groups"].as_array().unwrap() {
        let lp = g["lp_amount"].as_f64().unwrap();
        if lp == lp.round() {
            assert!(g["lp_amount"].is_u64(), "{g}");
            whole += 1;
        }
    }
    assert!(whole > 100, "only {whole} whole LP amounts");
    let csv = run_in(&repo(), &["plan", MIDTERMS, "--format", "csv"]).stdout;
    assert!(!csv.contains("600000.0"), "{csv}");
    let s = json(&run_in(
        &repo(),
        &["compare", MIDTERMS, "scenarios/cycle-2028.toml", "--format", "json"],
    ));
    for row in s["states"].as_array().unwrap() {
        for a in row["amounts"].as_array().unwrap() {
            assert!(a.is_u64(), "{row}");
        }
    }
    let b = run_in(
        &repo(),
        &[
            "compare",
            MIDTERMS,
            "--portfolio",
            "examples/portfolio.csv",
            "--format",
            "csv",
            "--table",
            "breaches",
        ],
    );
    assert!(b.stdout.contains(",40000,500000,"), "{}", b.stdout);
}

#[test]
fn usage_mistakes_say_what_to_write() {
    let run = run_in(&repo(), &["plan", MIDTERMS, "--format", "CSV"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did you mean `csv`?"), "{}", run.stderr);
    let run = run_in(&repo(), &["plan", MIDTERMS, "--budget", "-5M"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("a budget must be more than $0, found `-5M`"), "{}", run.stderr);
    assert!(!run.stderr.contains("-- -5"), "{}", run.stderr);
    let run = run_in(&repo(), &["plan", "data/2026/groups.csv"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("this is a CSV data file, not a scenario"), "{}", run.stderr);
    for tool in ["compare", "frontier", "robust"] {
        let help = run_in(&repo(), &[tool, "--help"]).stdout;
        assert!(!help.contains("xlsx"), "{tool} --help offers xlsx:\n{help}");
        let run = run_in(&repo(), &[tool, MIDTERMS, "--format", "xlsx"]);
        assert_eq!(run.code, 2);
        assert!(run.stderr.contains("writes no spreadsheet"), "{}", run.stderr);
    }
    let help = run_in(&repo(), &["plan", "--help"]).stdout;
    assert!(help.contains("xlsx"), "{help}");
}

/// Data rows of each table in `text` (lines starting with `│`, minus the
/// header), by title.
fn table_rows(text: &str) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    let mut title = String::new();
    for line in text.lines() {
        if line.starts_with('┌') {
            out.push((title.clone(), 0));
        } else if line.starts_with('│') {
            out.last_mut().unwrap().1 += 1;
        } else if !line.starts_with('╞') && !line.starts_with('└') && !line.is_empty() {
            title = line.to_owned();
        }
    }
    out.into_iter().map(|(t, n)| (t, n - 1)).collect()
}

#[test]
fn top_applies_to_every_table() {
    for args in [
        vec!["plan", MIDTERMS, "--top", "2"],
        vec!["score", MIDTERMS, "--top", "2"],
        vec!["plan", "scenarios/early-money-2028.toml", "--top", "2"],
        vec!["frontier", MIDTERMS, "--steps", "30", "--top", "2"],
    ] {
        let run = run_in(&repo(), &args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let tables = table_rows(&run.stdout);
        assert!(tables.len() >= 2 || args[0] == "frontier", "{}", run.stdout);
        for (title, rows) in tables {
            // frontier keeps the budget where returns fall beside the two.
            let most = if args[0] == "frontier" { 3 } else { 2 };
            assert!(rows <= most, "`{}`: {title} has {rows} rows", args.join(" "));
        }
    }
}
