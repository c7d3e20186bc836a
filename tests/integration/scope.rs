//! Scoping a scenario in one line: `states = [...]` and `groups = [...]`.
//! Groups outside the scope are not part of the plan: no table lists them
//! and no limit is reported for them, unlike `[states.YY] max = 0`.

use crate::util::{close, json, repo, Fixture};

/// u_B of the worked example, win-equivalents per dollar.
const UB: f64 = 3.682_701_403e-8;

/// The worked example with a second state, YY, whose group C is the best
/// use of money.
fn two_states() -> Fixture {
    let f = Fixture::tutorial();
    f.append("states.csv", "YY,Other State\n");
    f.append("races.csv", "YY-SEN,YY,senate,2026-11-03,0.0,4.0,800000\n");
    f.append("groups.csv", "C,Group C,YY,,50,400000,0\n");
    f
}

/// The scenario with `line` inserted after `budget = ...`, as line 5.
fn with_line(f: &Fixture, line: &str) {
    f.replace("scenario.toml", "budget = 500_000\n", &format!("budget = 500_000\n{line}\n"));
}

fn plan(f: &Fixture) -> serde_json::Value {
    json(&f.run("plan", &["--format", "json"]))
}

fn ids(p: &serde_json::Value, key: &str, field: &str) -> Vec<String> {
    p[key].as_array().unwrap().iter().map(|x| x[field].as_str().unwrap().to_owned()).collect()
}

#[test]
fn without_a_scope_the_other_state_takes_money() {
    let p = plan(&two_states());
    let c = p["groups"].as_array().unwrap().iter().find(|g| g["group"] == "C").unwrap();
    assert!(c["amount"].as_f64().unwrap() > 0.0, "{c}");
}

#[test]
fn states_scope_plans_the_worked_example_and_lists_no_limit() {
    let f = two_states();
    with_line(&f, "states = [\"XX\"]");
    let p = plan(&f);
    // Exactly MODEL.md §5: A 300,000, B 200,000, impact 0.0228327.
    assert_eq!(ids(&p, "groups", "group"), ["A", "B"]);
    let amounts: Vec<f64> =
        p["groups"].as_array().unwrap().iter().map(|g| g["amount"].as_f64().unwrap()).collect();
    assert_eq!(amounts, [300_000.0, 200_000.0]);
    assert!(close(p["impact"].as_f64().unwrap(), 0.022_832_7, 1e-5), "{}", p["impact"]);
    assert!(p["constraints"].as_array().unwrap().is_empty(), "{}", p["constraints"]);
    for s in p["states"].as_array().unwrap().iter().filter(|s| s["state"] == "YY") {
        assert_eq!(s["amount"].as_f64(), Some(0.0), "{s}");
    }
    let text = f.run("plan", &[]).stdout;
    assert!(!text.contains("YY cap"), "{text}");
    assert!(!text.contains("Group C") && !text.contains("│ C "), "{text}");
}

#[test]
fn a_zero_cap_gives_the_same_grants_but_is_reported_as_a_limit() {
    let f = two_states();
    f.append("scenario.toml", "\n[states.YY]\nmax = 0\n");
    let capped = plan(&f);
    let all = capped["constraints"].as_array().unwrap();
    assert!(all.iter().any(|c| c["constraint"] == "state_max:YY"), "{all:?}");
    let g = two_states();
    with_line(&g, "states = [\"XX\"]");
    let scoped = plan(&g);
    assert!(close(capped["impact"].as_f64().unwrap(), scoped["impact"].as_f64().unwrap(), 1e-12));
}

#[test]
fn groups_scope_funds_only_the_listed_groups() {
    let f = two_states();
    with_line(&f, "groups = [\"B\"]");
    let p = plan(&f);
    assert_eq!(ids(&p, "groups", "group"), ["B"]);
    // B's room is $1M in tranches of $250,000: the budget fills two, at
    // factors 1 and 0.85.
    assert_eq!(p["groups"][0]["amount"].as_f64(), Some(500_000.0));
    assert!(close(p["impact"].as_f64().unwrap(), UB * (250e3 + 250e3 * 0.85), 1e-6));
}

#[test]
fn include_beside_state_limits_scopes_too() {
    let f = two_states();
    f.append("scenario.toml", "\n[states]\ninclude = [\"XX\"]\n\n[states.XX]\nmax = 400_000\n");
    let p = plan(&f);
    assert_eq!(ids(&p, "groups", "group"), ["A", "B"]);
    assert!((p["allocated"].as_f64().unwrap() - 400_000.0).abs() < 1e-6, "{}", p["allocated"]);
}

#[test]
fn unknown_names_in_a_scope_are_errors_at_their_line_with_a_suggestion() {
    let f = two_states();
    with_line(&f, "states = [\"XX\", \"YZ\"]\ngroups = [\"A\", \"b\"]");
    let run = f.run("validate", &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let err = &run.stderr;
    assert!(err.contains("scenario.toml:5:17: error: unknown state `YZ`"), "{err}");
    assert!(err.contains("did you mean `YY`?"), "{err}");
    assert!(err.contains("scenario.toml:6:16: error: unknown group `b`"), "{err}");
    assert!(err.contains("did you mean `B`?"), "{err}");
}

#[test]
fn limits_on_what_the_scope_leaves_out_are_errors() {
    let f = two_states();
    f.append(
        "scenario.toml",
        "\n[states]\ninclude = [\"XX\"]\n\n[states.YY]\nmin = 100_000\n\n[[lock]]\ngroup = \"C\"\namount = 50_000\n",
    );
    let run = f.run("validate", &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run
        .stderr
        .contains("[states.YY] sets limits for a state outside the scenario's scope"));
    assert!(run.stderr.contains("group `C` is locked but outside the scenario's scope"));
    let g = two_states();
    with_line(&g, "states = []");
    let run = g.run("validate", &[]);
    assert!(run
        .stderr
        .contains("scenario.toml:5:10: error: `states = []` leaves no state to fund"));
}

#[test]
fn shipped_midterms_scoped_to_three_states_reports_only_their_limits() {
    let f = Fixture::tutorial();
    let text = std::fs::read_to_string(repo().join("scenarios/midterms-2026.toml")).unwrap();
    let data = repo().join("data");
    let text = text
        .replace("../data", data.to_str().unwrap())
        .replace("rounding = 5_000", "rounding = 5_000\nstates = [\"PA\", \"MI\", \"WI\"]")
        .replace("immigrant = 0.05\nnative = 0.02\n", "");
    f.write("scenario.toml", &text);
    let p = plan(&f);
    let scope = ["PA", "MI", "WI"];
    for g in p["groups"].as_array().unwrap() {
        assert!(scope.contains(&g["state"].as_str().unwrap()), "{g}");
    }
    for c in p["constraints"].as_array().unwrap() {
        let id = c["constraint"].as_str().unwrap();
        if let Some(state) = id.split_once(':').map(|x| x.1) {
            if id.starts_with("state_") {
                assert!(scope.contains(&state), "a limit outside the scope: {c}");
            }
        }
    }
    assert!(p["allocated"].as_f64().unwrap() > 0.0);
}

#[test]
fn a_portfolio_naming_a_group_outside_the_scope_is_told_so() {
    let f = two_states();
    with_line(&f, "states = [\"XX\"]");
    f.write("mine.csv", "group,amount\nA,100000\nC,50000\n");
    let run = f.run("compare", &["--portfolio", "mine.csv"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("mine.csv:3:1: error: group `C` is outside the scenario's scope"),
        "{}",
        run.stderr
    );
}
