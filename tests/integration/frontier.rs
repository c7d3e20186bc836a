//! `frontier` on the worked example, checked by hand, and on the shipped data.
//!
//! By hand: the program fills tranches by value per dollar: A2 6.2606e-8,
//! A3 5.1558e-8, A4 4.0510e-8 (100k each), then B1 3.6827e-8 (250k). So
//! V(100k) = 0.0062606, V(200k) = 0.0114164, V(300k) = 0.0154674,
//! V(400k) = 0.0191501, V(500k) = 0.0228328, and the marginal impact per
//! $1M of each $100k step is 0.051558, 0.040510, 0.036827, 0.036827.

use crate::util::{close, json, repo, run_in, Fixture};

fn frontier(f: &Fixture, extra: &[&str]) -> serde_json::Value {
    let args =
        [&["--from", "100k", "--to", "500k", "--steps", "5", "--format", "json"], extra].concat();
    json(&f.run("frontier", &args))
}

#[test]
fn the_worked_example_frontier_by_hand() {
    let f = Fixture::tutorial();
    let r = frontier(&f, &[]);
    let points = r["points"].as_array().unwrap();
    let budgets: Vec<f64> = points.iter().map(|p| p["budget"].as_f64().unwrap()).collect();
    assert_eq!(budgets, vec![100e3, 200e3, 300e3, 400e3, 500e3]);
    let expect = [0.0062606, 0.0114164, 0.0154674, 0.0191501, 0.0228328];
    for (p, e) in points.iter().zip(expect) {
        assert!(close(p["lp_impact"].as_f64().unwrap(), e, 2e-5), "{p}");
        assert!(close(p["impact"].as_f64().unwrap(), e, 2e-5), "{p}");
    }
    assert!(points[0]["marginal_per_million"].is_null());
    let marginals = [0.051558, 0.040510, 0.036827, 0.036827];
    for (p, m) in points[1..].iter().zip(marginals) {
        assert!(close(p["marginal_per_million"].as_f64().unwrap(), m, 2e-5), "{p}");
    }
    assert!(close(r["first_marginal_per_million"].as_f64().unwrap(), 0.051558, 2e-5));
    // 0.040510 < 0.9 × 0.051558: returns fall at the third budget.
    assert_eq!(r["returns_fall_at"], 300_000);
    assert_eq!(r["falloff"], 0.1);
    // With a 30% falloff (threshold 0.7 × 0.051558 = 0.036091) no step falls below.
    let r = frontier(&f, &["--falloff", "0.3"]);
    assert!(r["returns_fall_at"].is_null(), "{}", r["returns_fall_at"]);
}

#[test]
fn the_smallest_budget_for_a_target_is_found_to_the_rounding_unit() {
    let f = Fixture::tutorial();
    // 0.02 needs 0.0008499 beyond V(400k) at 3.6827e-8 per dollar: 23,078
    // dollars, so $424,000 in whole thousands (at $423,000 the plan gives 0.019997).
    let r = frontier(&f, &["--target", "0.02"]);
    let t = &r["target"];
    assert_eq!(t["budget"], 424_000, "{t}");
    assert!(t["plan_impact"].as_f64().unwrap() >= 0.02);
    assert_eq!(t["resolution"], 1000);
    // A target the range cannot reach.
    let r = frontier(&f, &["--target", "1"]);
    assert!(r["target"]["budget"].is_null());
    let text =
        f.run("frontier", &["--from", "100k", "--to", "500k", "--steps", "5", "--target", "1"]);
    assert!(text.stdout.contains("not reached by $500,000"), "{}", text.stdout);
    // A target below the first budget's impact is bracketed from 0.
    let r = frontier(&f, &["--target", "0.001"]);
    let b = r["target"]["budget"].as_f64().unwrap();
    // 0.001 / (0.85 × u_A) = 15,973 dollars: $16,000.
    assert_eq!(b, 16_000.0);
}

#[test]
fn budgets_without_a_plan_are_kept_and_explained() {
    let f = Fixture::tutorial();
    f.append("scenario.toml", "\n[[lock]]\ngroup = \"A\"\namount = 250000\n");
    let r = frontier(&f, &[]);
    let points = r["points"].as_array().unwrap();
    assert!(points[0]["impact"].is_null());
    assert!(!points[0]["note"].as_str().unwrap().is_empty(), "{}", points[0]);
    assert!(points[1]["impact"].is_null());
    assert!(points[2]["impact"].as_f64().unwrap() > 0.0);
    assert!(points[2]["marginal_per_million"].is_null(), "no plan at the budget before");
    assert!(points[3]["marginal_per_million"].as_f64().unwrap() > 0.0);
}

#[test]
fn csv_columns_and_usage_errors() {
    let f = Fixture::tutorial();
    let run =
        f.run("frontier", &["--from", "100k", "--to", "500k", "--steps", "5", "--format", "csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().next(),
        Some("budget,allocated,impact,lp_impact,impact_per_million,marginal_per_million,marginal_ratio,groups_funded,note")
    );
    assert_eq!(run.stdout.lines().count(), 6);
    for bad in [
        &["--steps", "1"][..],
        &["--from", "500k", "--to", "100k"],
        &["--falloff", "1.5"],
        &["--target", "-1"],
        &["--from", "lots"],
    ] {
        let run = f.run("frontier", bad);
        assert_eq!(run.code, 2, "{bad:?}: {}", run.stderr);
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn the_shipped_frontier_has_falling_returns() {
    let run = run_in(
        &repo(),
        &[
            "frontier",
            "scenarios/midterms-2026.toml",
            "--from",
            "1M",
            "--to",
            "30M",
            "--steps",
            "8",
            "--format",
            "json",
        ],
    );
    let r = json(&run);
    let m: Vec<f64> = r["points"].as_array().unwrap()[1..]
        .iter()
        .map(|p| p["marginal_per_million"].as_f64().unwrap())
        .collect();
    // The LP optimum is concave in the budget: marginals never rise.
    for w in m.windows(2) {
        assert!(w[1] <= w[0] * (1.0 + 1e-7), "{m:?}");
    }
    assert!(r["returns_fall_at"].as_f64().is_some());
    // Same input, same bytes.
    let again = run_in(
        &repo(),
        &[
            "frontier",
            "scenarios/midterms-2026.toml",
            "--from",
            "1M",
            "--to",
            "30M",
            "--steps",
            "8",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.stdout, again.stdout);
}

/// The frontier plans its budgets in runs, each warm from the budget before
/// (the last program's ceiling rows and basis). Every point must be the
/// optimum `plan` finds at that budget on its own, cold, on synthetic data
/// with hundreds of ceiling rows; the search for a target goes warm too and
/// must land on the smallest budget whose cold plan reaches it. Other
/// solvers, and scenarios with periods (whose programs are sifted past the
/// simplex's rows), plan every budget cold: there the points are `plan
/// --budget`'s to the bit.
#[test]
fn warm_budgets_match_each_budget_planned_cold() {
    use grantplan::plan::lp::Solver;
    use grantplan::tools::frontier::{frontier, Settings};
    let dir = crate::util::tempdir().unwrap();
    // (races, groups, seed), scenario file, solver, ceiling rows over the
    // budgets at least.
    let cases = [
        ((2000, 1000, 4), "scenario.toml", Solver::Simplex, 400),
        ((1500, 3000, 5), "scenario.toml", Solver::Simplex, 400),
        ((600, 300, 4), "scenario.toml", Solver::Microlp, 100),
        ((600, 200, 4), "scenario-periods.toml", Solver::Simplex, 100),
    ];
    for ((races, groups, seed), file, solver, rows) in cases {
        let folder = dir.path().join(format!("{races}-{groups}-{seed}"));
        if !folder.exists() {
            std::fs::create_dir(&folder).unwrap();
            let spec = grantplan::input::synth::SynthSpec { races, groups, seed };
            for (name, text) in grantplan::input::synth::generate(spec) {
                std::fs::write(folder.join(name), text).unwrap();
            }
        }
        let inputs = grantplan::load(&folder.join(file), None).unwrap();
        let (data, sc) = (&inputs.data, &inputs.scenario);
        let scores = grantplan::score::score(data, sc);
        let settings = Settings {
            from: 2e6,
            to: 40e6,
            steps: 9,
            target: None,
            threads: 2,
            ..Settings::default_for(sc.budget, solver)
        };
        let traced = frontier(data, sc, &scores, settings, &|| {}).unwrap();
        let mut warm_rows = 0;
        for p in &traced.points {
            let mut at = sc.clone();
            at.set_budget(p.budget);
            let cold = grantplan::plan::plan(data, &at, &scores, solver).unwrap();
            let o = p.outcome.as_ref().unwrap();
            let what = format!("{races}/{groups} {file} {solver:?} at {}", p.budget);
            if solver != Solver::Simplex || sc.periods.len() > 1 {
                let same = (o.lp_impact, o.impact, o.allocated);
                assert_eq!(same, (cold.lp_impact, cold.impact, cold.allocated), "{what}");
            } else {
                assert!(
                    close(o.lp_impact, cold.lp_impact, 1e-9),
                    "{what}: warm {} against cold {}",
                    o.lp_impact,
                    cold.lp_impact
                );
                // A rounded plan can differ only where the LP optimum's last
                // bits put a grant on the other side of a rounding step.
                let (a, b) = (o.impact, cold.impact);
                assert!(close(a, b, 1e-4), "{what}: {a} against {b}");
            }
            warm_rows += cold.model.ceilings.len();
        }
        assert!(warm_rows >= rows, "{file}: the budgets hold few ceiling rows ({warm_rows})");
        // The target search: the smallest budget whose cold plan reaches it.
        let goal = traced.points[5].outcome.as_ref().unwrap().impact;
        let settings = Settings { target: Some(goal), ..settings };
        let t = frontier(data, sc, &scores, settings, &|| {}).unwrap().target.unwrap();
        let found = t.budget.unwrap();
        let reaches = |b: f64| {
            let mut at = sc.clone();
            at.set_budget(b);
            grantplan::plan::plan(data, &at, &scores, solver).unwrap().impact >= goal
        };
        assert!(reaches(found), "{file}: the target budget {found} falls short");
        assert!(!reaches(found - sc.rounding), "{file}: {found} is not the smallest");
    }
}
