//! `compare`: portfolios in the worked example of MODEL.md §5, checked by
//! hand; portfolio errors with file, line and column; scenarios side by side.
//!
//! By hand: u_A = 7.36540e-8 and u_B = 3.68270e-8 per dollar. A's room
//! left after peer money is 300k, in tranches of 100k at 0.85, 0.70, 0.55;
//! B's tranches are 250k at 1.0, 0.85, 0.70, 0.55. The optimum at $500k is
//! A 300k, B 200k: 0.0228327.

use crate::util::{close, json, Fixture};

const U_A: f64 = 7.36540e-8;
const U_B: f64 = 3.68270e-8;
const OPTIMUM: f64 = 0.0228327;

fn portfolio(f: &Fixture, file: &str, rows: &str, extra: &[&str]) -> serde_json::Value {
    f.write(file, &format!("group,amount\n{rows}"));
    let args = [&["--portfolio", file, "--format", "json"], extra].concat();
    json(&f.run("compare", &args))
}

#[test]
fn a_portfolio_is_scored_against_the_optimum_by_hand() {
    let f = Fixture::tutorial();
    let r = portfolio(&f, "mine.csv", "A,100000\nB,400000\n", &[]);
    let p = &r["portfolios"][0];
    // A: 100k at 0.85; B: 250k at 1.0 and 150k at 0.85.
    let impact = 85_000.0 * U_A + (250_000.0 + 127_500.0) * U_B;
    assert!(close(p["impact"].as_f64().unwrap(), impact, 1e-5), "{}", p["impact"]);
    assert_eq!(p["total"], 500_000);
    assert!(close(p["optimal_lp_impact"].as_f64().unwrap(), OPTIMUM, 1e-5));
    assert!(close(p["share_of_optimal"].as_f64().unwrap(), impact / OPTIMUM, 1e-4));
    // Overlap: min(100k, 300k) + min(400k, 200k).
    assert_eq!(p["overlap"], 300_000);
    assert_eq!(p["overlap_share"], 0.6);
    assert_eq!(p["breaches"].as_array().unwrap().len(), 0);
    // One change reaches the optimum: 200k from B's top tranches to A's.
    let changes = p["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0]["from"], "B");
    assert_eq!(changes[0]["to"], "A");
    assert_eq!(changes[0]["amount"], 200_000);
    assert!(close(changes[0]["gain"].as_f64().unwrap(), OPTIMUM - impact, 1e-4));
    assert!(close(changes[0]["impact_after"].as_f64().unwrap(), OPTIMUM, 1e-5));
    let states = p["states"].as_array().unwrap();
    assert_eq!(states[0]["state"], "XX");
    assert_eq!(states[0]["amount"], 500_000);
    assert_eq!(states[0]["optimal_amount"], 500_000);
    let youth = &p["constituencies"][0];
    assert_eq!(youth["constituency"], "youth");
    assert_eq!(youth["amount"], 100_000);
    assert_eq!(youth["optimal_amount"], 300_000);
    assert_eq!(youth["share"], 0.2);
}

#[test]
fn a_broken_group_cap_is_named_and_the_best_change_repairs_it() {
    let f = Fixture::tutorial();
    f.append("scenario.toml", "\n[limits]\nmax_group_share = 0.5\n");
    let r = portfolio(&f, "mine.csv", "A,100000\nB,400000\n", &[]);
    let p = &r["portfolios"][0];
    let breaches = p["breaches"].as_array().unwrap();
    assert_eq!(breaches.len(), 1, "{breaches:?}");
    assert_eq!(breaches[0]["limit"], "group_cap");
    assert_eq!(breaches[0]["subject"], "B");
    assert_eq!(breaches[0]["bound"], 250_000.0);
    assert_eq!(breaches[0]["actual"], 400_000.0);
    // The best move within the cap: 150k from B to A (A reaches the cap).
    let c = &p["changes"][0];
    assert_eq!(
        (c["from"].as_str(), c["to"].as_str(), c["amount"].as_f64()),
        (Some("B"), Some("A"), Some(150_000.0))
    );
    let gain = (70_000.0 + 27_500.0) * U_A - 127_500.0 * U_B;
    assert!(close(c["gain"].as_f64().unwrap(), gain, 1e-4), "{}", c["gain"]);
    // ... which is the capped optimum of MODEL.md §5.
    assert!(close(c["impact_after"].as_f64().unwrap(), 0.0226486, 1e-5));
}

#[test]
fn money_beyond_a_groups_room_buys_nothing_and_is_moved_first() {
    let f = Fixture::tutorial();
    let r = portfolio(&f, "mine.csv", "A,500000\n", &[]);
    let p = &r["portfolios"][0];
    let impact = (85_000.0 + 70_000.0 + 55_000.0) * U_A;
    assert!(close(p["impact"].as_f64().unwrap(), impact, 1e-5));
    assert_eq!(p["breaches"][0]["limit"], "room");
    assert_eq!(p["breaches"][0]["bound"], 300_000.0);
    let c = &p["changes"][0];
    assert_eq!(
        (c["from"].as_str(), c["to"].as_str(), c["amount"].as_f64()),
        (Some("A"), Some("B"), Some(200_000.0))
    );
    assert!(close(c["impact_after"].as_f64().unwrap(), OPTIMUM, 1e-5));
}

#[test]
fn several_portfolios_come_out_in_order_with_stable_columns() {
    let f = Fixture::tutorial();
    f.write("one.csv", "group,amount\nA,300000\nB,200000\n");
    f.write("two.csv", "# a comment line\namount,group\n250000,B\n");
    let run =
        f.run("compare", &["--portfolio", "one.csv", "--portfolio", "two.csv", "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "portfolio,total,impact,impact_per_million,optimal_impact,optimal_lp_impact,share_of_optimal,groups_funded,optimal_groups_funded,overlap,overlap_share,groups_in_both,breaches,note"
    );
    assert!(lines[1].starts_with("one.csv,500000,"), "{}", lines[1]);
    assert!(lines[2].starts_with("two.csv,250000,"), "{}", lines[2]);
    // The optimal portfolio scores 100% of the optimum.
    let r = json(&f.run("compare", &["--portfolio", "one.csv", "--format", "json"]));
    assert!(close(r["portfolios"][0]["share_of_optimal"].as_f64().unwrap(), 1.0, 1e-9));
    assert_eq!(r["portfolios"][0]["changes"].as_array().unwrap().len(), 0);
    for table in ["breaches", "changes", "states", "constituencies", "groups"] {
        let run =
            f.run("compare", &["--portfolio", "one.csv", "--format", "csv", "--table", table]);
        assert_eq!(run.code, 0, "{table}: {}", run.stderr);
        assert!(run.stdout.starts_with("portfolio,"), "{table}: {}", run.stdout);
    }
    let text = f.run("compare", &["--portfolio", "one.csv", "--portfolio", "two.csv"]);
    assert!(text.stdout.contains("Portfolio two.csv"), "{}", text.stdout);
    assert!(text.stdout.contains("reaches 100.0% of it"), "{}", text.stdout);
}

#[test]
fn bad_portfolios_are_reported_with_file_line_and_column() {
    let f = Fixture::tutorial();
    f.write("bad.csv", "group,amount\nA,100000\nC,5000\nB,-5000\nA,2000\nB,12 grand\n");
    f.write("worse.csv", "group,amout\nA,1\n");
    let run = f.run("compare", &["--portfolio", "bad.csv", "--portfolio", "worse.csv"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let err = &run.stderr;
    for expected in [
        "bad.csv:3:1: error: unknown group `C`",
        "bad.csv:4:2: error: column `amount`: a grant cannot be negative, found `-5000`",
        "bad.csv:5:1: error: duplicate group `A`: first listed on line 2",
        "hint: list each group once: add the two amounts into one row",
        "bad.csv:6:2: error: column `amount`: expected a whole number of dollars ≥ 0, found `12 grand`",
        "worse.csv:1:2: error: unknown column `amout`",
        "hint: did you mean `amount`?",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    // A near miss gets a suggestion.
    f.write("typo.csv", "group,amount\na,100\n");
    let run = f.run("compare", &["--portfolio", "typo.csv"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("typo.csv:2:1: error: unknown group `a`"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `A`?"), "{}", run.stderr);
    // Nothing given at all.
    f.write("empty.csv", "group,amount\nA,0\n");
    let run = f.run("compare", &["--portfolio", "empty.csv"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("empty.csv: error: the portfolio gives nothing"), "{}", run.stderr);
    let run = f.run("compare", &["--portfolio", "missing.csv"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("missing.csv: error: cannot read the file"), "{}", run.stderr);
}

#[test]
fn usage_mistakes_exit_2() {
    let f = Fixture::tutorial();
    let alone = f.run("compare", &[]);
    assert_eq!(alone.code, 2);
    assert!(alone.stderr.contains("two or more scenarios"), "{}", alone.stderr);
    f.write("p.csv", "group,amount\nA,1000\n");
    std::fs::copy(f.path("scenario.toml"), f.path("other.toml")).unwrap();
    let two = f.run("compare", &["other.toml", "--portfolio", "p.csv"]);
    assert_eq!(two.code, 2);
    assert!(two.stderr.contains("one scenario"), "{}", two.stderr);
}

#[test]
fn scenarios_side_by_side_show_where_they_differ() {
    let f = Fixture::tutorial();
    let plain = f.read("scenario.toml");
    f.write("capped.toml", &format!("{plain}\n[limits]\nmax_group_share = 0.5\n"));
    let r = json(&f.run("compare", &["capped.toml", "--format", "json"]));
    let s = r["scenarios"].as_array().unwrap();
    assert_eq!(s.len(), 2);
    assert_eq!(s[0]["file"], "scenario.toml");
    assert_eq!(s[1]["file"], "capped.toml");
    assert!(close(s[0]["impact"].as_f64().unwrap(), OPTIMUM, 1e-5));
    assert!(close(s[1]["impact"].as_f64().unwrap(), 0.0226486, 1e-5));
    let groups = r["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["group"], "A");
    assert_eq!(groups[0]["amounts"], serde_json::json!([300_000, 250_000]));
    assert_eq!(groups[0]["spread"], 50_000);
    assert_eq!(r["states"][0]["key"], "XX");
    assert_eq!(r["states"][0]["amounts"], serde_json::json!([500_000, 500_000]));
    let youth = &r["constituencies"][0];
    assert_eq!(youth["shares"], serde_json::json!([0.6, 0.5]));
    let csv = f.run("compare", &["capped.toml", "--format", "csv", "--table", "groups"]);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    assert_eq!(csv.stdout.lines().next(), Some("group,state,scenario,amount,spread"));
    assert!(csv.stdout.contains("A,XX,2,250000,50000"), "{}", csv.stdout);
    let bad = f.run("compare", &["capped.toml", "--format", "csv", "--table", "changes"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn a_portfolio_under_a_scenario_with_periods_is_spent_in_its_best_periods() {
    // Totals only: each group's money goes to the periods where it is worth
    // most within the releases, so the portfolio still cannot beat the optimum.
    let groups = std::fs::read_to_string(crate::util::repo().join("data/2028/groups.csv")).unwrap();
    let ids: Vec<&str> = groups
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("group,"))
        .filter_map(|l| l.split(',').next())
        .take(4)
        .collect();
    let dir = crate::util::tempdir().unwrap();
    let file = dir.path().join("p.csv");
    let rows: String = ids.iter().map(|id| format!("{id},20000\n")).collect();
    std::fs::write(&file, format!("group,amount\n{rows}")).unwrap();
    let run = crate::util::run_in(
        &crate::util::repo(),
        &[
            "compare",
            "scenarios/early-money-2028.toml",
            "--portfolio",
            file.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let r = json(&run);
    let p = &r["portfolios"][0];
    assert_eq!(p["total"], 80_000);
    let (impact, best) = (p["impact"].as_f64().unwrap(), p["optimal_lp_impact"].as_f64().unwrap());
    assert!(impact > 0.0 && impact <= best * (1.0 + 1e-7), "{impact} vs {best}");
}
