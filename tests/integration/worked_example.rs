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

#[test]
fn default_ceiling_does_not_bind_and_the_plan_is_unchanged() {
    // N = 2 points of 1,000,000 votes = 20,000 net votes; the plan buys 3,100.
    let f = Fixture::tutorial();
    let p = json(&f.run("plan", &["--format", "json"]));
    let race = &p["races"][0];
    assert_eq!(race["saturated"], false);
    assert_eq!(race["max_shift"], 2.0);
    assert!(close(race["net_votes"].as_f64().unwrap(), 3100.0, 1e-9));
    assert!(p["constraints"].as_array().unwrap().iter().all(|c| c["kind"] != "effect_ceiling"));
}

#[test]
fn no_ceiling_gives_the_v1_numbers() {
    let f = Fixture::tutorial();
    f.append("scenario.toml", "\n[effects]\nmax_shift = 0\n\n[limits]\nmax_group_share = 0.5\n");
    let p = json(&f.run("plan", &["--format", "json"]));
    assert_eq!(grant(&p, "A"), 250_000.0);
    assert_eq!(grant(&p, "B"), 250_000.0);
    assert!(close(p["impact"].as_f64().unwrap(), 0.0226486, 1e-5));
    assert!(p["races"][0]["max_shift"].is_null());
}

/// MODEL.md §5, effect ceiling: with max_shift = 0.2 (N = 2,000 net votes)
/// the plan buys exactly 2,000 net votes the cheapest way and leaves the
/// rest of the budget unallocated, saying why.
#[test]
fn effect_ceiling_worked_example() {
    let f = Fixture::tutorial();
    f.append("scenario.toml", "\n[effects]\nmax_shift = 0.2\n");
    let p = json(&f.run("plan", &["--format", "json"]));
    let a = p["groups"].as_array().unwrap().iter().find(|g| g["group"] == "A").unwrap();
    let b = p["groups"].as_array().unwrap().iter().find(|g| g["group"] == "B").unwrap();
    // 100k·0.85 + 100k·0.70 + x·0.55 = 200,000 → x = 81,818.18…
    let a_lp = 200_000.0 + (200_000.0 - 85_000.0 - 70_000.0) / 0.55;
    assert!(close(a["lp_amount"].as_f64().unwrap(), a_lp, 1e-6), "{}", a["lp_amount"]);
    assert!(close(a_lp, 281_818.0, 1e-6));
    assert!(b["lp_amount"].as_f64().unwrap().abs() < 1e-3, "{}", b["lp_amount"]);
    assert_eq!(a["limited_by"], "saturated");
    assert_eq!(b["limited_by"], "saturated");
    let lp_impact = p["lp_impact"].as_f64().unwrap();
    assert!(close(lp_impact, 0.0147308, 1e-5), "{lp_impact}");
    assert!(close(lp_impact, 2000.0 * 7.365402806066467e-6, 1e-6), "{lp_impact}");
    // Rounded down to $281,000: its net votes fall a little short of 2,000.
    assert_eq!(grant(&p, "A"), 281_000.0);
    assert_eq!(p["unallocated"], 219_000);
    let cost = p["constraints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "effect_ceiling")
        .unwrap_or_else(|| panic!("{}", p["constraints"]));
    assert!(close(cost["cost"].as_f64().unwrap(), 0.0228327 - 0.0147308, 1e-4), "{cost}");
    assert!(close(cost["cost"].as_f64().unwrap(), 0.0081019, 1e-4), "{cost}");
    assert_eq!(cost["description"], "the 0.2-point effect ceiling in 1 race");
    let race = &p["races"][0];
    assert_eq!(race["saturated"], true);
    assert!(close(race["margin_after"].as_f64().unwrap(), 2.0 + 0.19955, 1e-9), "{race}");
    let notes = p["notes"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| n.as_str().unwrap().starts_with("$218,182 is left unallocated")),
        "{notes:?}"
    );
    // More money buys nothing.
    assert_eq!(p["next_1m"], 0.0);
    // The table says so too.
    let t = f.run("plan", &[]);
    assert!(t.stdout.contains("saturated"), "{}", t.stdout);
    assert!(t.stdout.contains("the 0.2-point effect ceiling in 1 race"), "{}", t.stdout);
}

#[test]
fn effect_ceiling_with_every_solver() {
    let f = Fixture::tutorial();
    f.append("scenario.toml", "\n[effects]\nmax_shift = 0.2\n");
    for solver in ["simplex", "microlp", "clarabel"] {
        let p = json(&f.run("plan", &["--format", "json", "--solver", solver]));
        assert!(close(p["lp_impact"].as_f64().unwrap(), 0.0147308, 1e-5), "{solver}");
        let a = p["groups"].as_array().unwrap().iter().find(|g| g["group"] == "A").unwrap();
        // An interior-point answer stops a hair short of the vertex.
        let tol = if solver == "clarabel" { 1e-3 } else { 1e-6 };
        assert!(close(a["lp_amount"].as_f64().unwrap(), 281_818.18, tol), "{solver}: {a}");
    }
}
