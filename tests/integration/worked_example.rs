//! MODEL.md §5, the worked example, checked number by number.

use crate::util::{close, json, Fixture};

fn grant(plan: &serde_json::Value, id: &str) -> f64 {
    plan["groups"].as_array().unwrap().iter().find(|g| g["group"] == id).unwrap()["amount"]
        .as_f64()
        .unwrap()
}

#[test]
fn scoring_matches_the_worked_example() {
    let f = Fixture::tutorial();
    let s = json(&f.run("score", &["--format", "json"]));
    let race = &s["races"][0];
    assert!(close(race["win_prob"].as_f64().unwrap(), 0.65542, 1e-5));
    assert!(close(race["closeness"].as_f64().unwrap(), 7.36540e-6, 1e-5));
    let u: Vec<f64> = s["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["value_per_dollar"].as_f64().unwrap())
        .collect();
    assert!(close(u[0], 7.36540e-8, 1e-5) && close(u[1], 3.68270e-8, 1e-5), "{u:?}");
}

#[test]
fn plain_plan_gives_a_300k_and_b_200k() {
    let f = Fixture::tutorial();
    let p = json(&f.run("plan", &["--format", "json"]));
    assert_eq!(grant(&p, "A"), 300_000.0);
    assert_eq!(grant(&p, "B"), 200_000.0);
    assert!(close(p["impact"].as_f64().unwrap(), 0.0228327, 1e-5), "{}", p["impact"]);
    assert_eq!(p["unallocated"], 0);
}

#[test]
fn group_cap_splits_evenly_and_costs_what_the_model_says() {
    let f = Fixture::tutorial();
    f.append("scenario.toml", "\n[limits]\nmax_group_share = 0.5\n");
    let p = json(&f.run("plan", &["--format", "json"]));
    assert_eq!(grant(&p, "A"), 250_000.0);
    assert_eq!(grant(&p, "B"), 250_000.0);
    let impact = p["impact"].as_f64().unwrap();
    assert!(close(impact, 0.0226486, 1e-5), "{impact}");
    let a = p["groups"].as_array().unwrap().iter().find(|g| g["group"] == "A").unwrap();
    assert_eq!(a["limited_by"], "group_cap");
    // The cap costs 0.0001841 (0.81%): the plain optimum minus this one.
    assert!(close(0.0228327 - impact, 0.0001841, 1e-3));
}

#[test]
fn impossible_youth_floor_is_explained() {
    let f = Fixture::tutorial();
    f.append("scenario.toml", "\n[floors]\nyouth = 0.9\n");
    let run = f.run("plan", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let err = &run.stderr;
    assert!(err.contains("the youth floor needs $450,000"), "{err}");
    assert!(err.contains("the only youth group can take only $300,000"), "{err}");
    assert!(
        err.contains("lower the floor to 0.6, or add youth groups with $150,000 more room"),
        "{err}"
    );
    assert!(err.contains("scenario.toml:13:"), "names the floor's line: {err}");
    // validate reports the same problem as an input error.
    let v = f.run("validate", &[]);
    assert_eq!(v.code, 2);
    assert!(v.stderr.contains("the youth floor needs $450,000"), "{}", v.stderr);
}

#[test]
fn both_solvers_agree_on_the_worked_example() {
    let f = Fixture::tutorial();
    let a = json(&f.run("plan", &["--format", "json", "--solver", "microlp"]));
    let b = json(&f.run("plan", &["--format", "json", "--solver", "clarabel"]));
    assert!(close(a["lp_impact"].as_f64().unwrap(), b["lp_impact"].as_f64().unwrap(), 1e-6));
}
