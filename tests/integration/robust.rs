//! `robust`: what a draw means, checked against closed forms on the worked
//! example; a plan tuned to one forecast is flagged; the output depends on
//! the seed alone, whatever the number of threads.

use grantplan::plan::lp::Solver;
use grantplan::tools::robust::{robust, Settings};

use crate::util::{close, json, repo, run_in, Fixture};

fn settings(draws: usize) -> Settings {
    Settings { draws, seed: 11, solver: Solver::Simplex, threads: 2, flag_share: 0.5 }
}

fn run_lib(f: &Fixture, draws: usize) -> grantplan::tools::robust::Robust {
    let inputs = grantplan::load(&f.path("scenario.toml"), None).unwrap_or_else(|e| panic!("{e}"));
    let (data, sc) = (&inputs.data, &inputs.scenario);
    let scores = grantplan::score::score(data, sc);
    robust(data, sc, &scores, settings(draws), &|| {}).unwrap()
}

#[test]
fn without_cost_errors_the_worked_examples_plan_is_optimal_in_every_draw() {
    // One race: a forecast error scales both groups' value alike, so every
    // draw re-plans A 300k, B 200k, and the plan's impact scales with the
    // race's closeness at the drawn margin μ' = 2 + ν + ε ~ N(2, 5²):
    // E[φ(μ'/5)] / φ(0.4) = φ(0.4/√2) / (√2 φ(0.4)) = 0.73596.
    let f = Fixture::tutorial();
    f.append("scenario.toml", "\n[scoring]\ncost_sd = 0\n");
    let r = run_lib(&f, 2000);
    for d in &r.draws {
        assert_eq!(d.grants, vec![(0, 300_000.0), (1, 200_000.0)], "draw {}", d.index);
        assert!(close(d.plan_impact, d.optimal_impact, 1e-12), "draw {}", d.index);
    }
    assert!(close(r.efficiency.p10, 1.0, 1e-12) && close(r.efficiency.p90, 1.0, 1e-12));
    assert!(close(r.optimal.mean, 0.0228327 * 0.73596, 0.04), "{:?}", r.optimal);
    assert!(!r.flagged);
    assert_eq!(r.best_alternative.as_ref().unwrap().beats_share, 0.0);
    let mean_swing = r.draws.iter().map(|d| d.national_swing).sum::<f64>() / 2000.0;
    let sd_swing = (r.draws.iter().map(|d| d.national_swing.powi(2)).sum::<f64>() / 2000.0).sqrt();
    assert!(mean_swing.abs() < 0.25 && (sd_swing - 3.0).abs() < 0.2, "{mean_swing} {sd_swing}");
}

#[test]
fn cost_errors_move_money_as_the_lognormal_says() {
    // A's last tranche (0.55 u_A) against B's first (u_B = u_A / 2): B wins
    // when exp(0.3 (Z_A − Z_B)) > 1.1, i.e. with probability
    // 1 − Φ(ln 1.1 / (0.3 √2)) = 0.4111; then A gets less than 300k.
    let f = Fixture::tutorial();
    let r = run_lib(&f, 2000);
    let share = r.draws.iter().filter(|d| d.grant(0) < 300_000.0).count() as f64 / 2000.0;
    assert!((share - 0.4111).abs() < 0.04, "{share}");
    // A gets nothing when even B's second tranche beats A's first:
    // exp(0.3 (Z_A − Z_B)) > 2, probability 1 − Φ(ln 2 / (0.3 √2)) = 0.0511.
    assert!((1.0 - r.groups[0].funded_share - 0.0511).abs() < 0.02, "{}", r.groups[0].funded_share);
    assert_eq!(r.groups[1].funded_share, 1.0);
}

/// Two races, two groups. A's race is a dead heat (μ = 0) and B's leans D
/// (μ = 7.5), both σ = 5 with no national swing; B costs $34 a vote to A's
/// $100, so at the published forecast a dollar is worth 4.5% more at A
/// (φ(0)/100 against φ(1.5)/34) and the plan gives A everything. But a
/// redrawn forecast can only move A's race away from its peak, while B's
/// is as likely to come closer: B is worth more in 58.8% of draws
/// (P(Z_B² − Z_A² < 2 ln(1/0.34)), Z_A ~ N(0,1), Z_B ~ N(1.5,1)).
fn tuned_to_one_forecast() -> Fixture {
    let f = Fixture::tutorial();
    f.write("states.csv", "state,name\nXX,Example State\nYY,Other State\n");
    f.write(
        "races.csv",
        "race,state,office,date,margin,margin_sd,turnout\nRA,XX,senate,2026-11-03,0.0,5.0,1000000\nRB,YY,senate,2026-11-03,7.5,5.0,1000000\n",
    );
    f.write(
        "groups.csv",
        "group,name,state,dollars_per_net_vote,room\nA,Group A,XX,100,400000\nB,Group B,YY,34,400000\n",
    );
    let text = f.read("scenario.toml").replace("budget = 500_000", "budget = 100_000");
    f.write("scenario.toml", &format!("{text}\n[scoring]\nnational_sd = 0\ncost_sd = 0\n"));
    f
}

#[test]
fn a_plan_that_wins_only_at_its_own_forecast_is_flagged() {
    let f = tuned_to_one_forecast();
    let r = json(&f.run("robust", &["--draws", "1000", "--format", "json"]));
    assert_eq!(r["flagged"], true, "{}", r["verdict"]);
    let beats = r["best_alternative"]["beats_share"].as_f64().unwrap();
    assert!((beats - 0.588).abs() < 0.05, "{beats}");
    let groups = r["groups"].as_array().unwrap();
    let b = groups.iter().find(|g| g["group"] == "B").unwrap();
    assert_eq!(b["plan_amount"], 0);
    assert!((b["funded_share"].as_f64().unwrap() - 0.588).abs() < 0.05, "{b}");
    assert_eq!(b["alternative_amount"], 100_000);
    assert!(r["verdict"].as_str().unwrap().starts_with("flagged"), "{}", r["verdict"]);
    let text = f.run("robust", &["--draws", "1000"]);
    assert!(text.stdout.contains("verdict         flagged"), "{}", text.stdout);
}

#[test]
fn the_output_depends_on_the_seed_alone() {
    let f = Fixture::tutorial();
    let go = |extra: &[&str]| {
        let run = f.run("robust", &[&["--draws", "60", "--format", "json"], extra].concat());
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    let one = go(&["--threads", "1"]);
    assert_eq!(one, go(&["--threads", "2"]));
    assert_eq!(one, go(&["--threads", "3"]));
    assert_eq!(one, go(&[]));
    assert_ne!(one, go(&["--seed", "2"]));
    for table in ["groups", "draws", "summary"] {
        let run = f.run("robust", &["--draws", "5", "--format", "csv", "--table", table]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let draws = f.run("robust", &["--draws", "5", "--format", "csv", "--table", "draws"]);
    assert_eq!(
        draws.stdout.lines().next(),
        Some("draw,national_swing,optimal_impact,plan_impact,efficiency")
    );
    assert_eq!(draws.stdout.lines().count(), 6);
    // No progress bar when standard error is not a terminal.
    let quiet = f.run("robust", &["--draws", "5"]);
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
    for bad in [&["--draws", "0"][..], &["--flag-share", "1"]] {
        assert_eq!(f.run("robust", bad).code, 2);
    }
}

#[test]
fn the_shipped_scenario_holds_up_in_a_few_draws() {
    let r = json(&run_in(
        &repo(),
        &["robust", "scenarios/midterms-2026.toml", "--draws", "6", "--format", "json"],
    ));
    assert_eq!(r["draws"], 6);
    for key in ["optimal", "plan", "efficiency"] {
        let s = &r[key];
        let (p10, p50, p90) =
            (s["p10"].as_f64().unwrap(), s["p50"].as_f64().unwrap(), s["p90"].as_f64().unwrap());
        assert!(p10 <= p50 && p50 <= p90, "{key}: {s}");
    }
    assert!(r["efficiency"]["p90"].as_f64().unwrap() <= 1.01);
    // The shipped plan, within its effect ceilings, is worth well over one Senate seat.
    assert!(r["nominal_impact"].as_f64().unwrap() > 1.0);
}

#[test]
fn draws_replan_scenarios_with_periods() {
    let r = json(&run_in(
        &repo(),
        &["robust", "scenarios/early-money-2028.toml", "--draws", "3", "--format", "json"],
    ));
    assert_eq!(r["draws"], 3);
    assert!(r["optimal"]["p50"].as_f64().unwrap() > 0.0);
    assert!(r["plan"]["p50"].as_f64().unwrap() > 0.0);
}

/// The straightforward computation `robust` streams: every draw re-scored
/// and re-planned with its full scores kept, every draw's plan scored under
/// every draw with [`ceiling::impacts`] over all groups. `robust` keeps
/// only race values and grants per draw and rebuilds group scores from
/// them; its results must be the same numbers, bit for bit.
fn kept_everything_matches(scenario: &std::path::Path, draws: usize) {
    use grantplan::plan::{self, ceiling};
    use grantplan::tools::robust::{spread, Redraw};
    let inputs = grantplan::load(scenario, None).unwrap_or_else(|e| panic!("{e}"));
    let (data, sc) = (&inputs.data, &inputs.scenario);
    let scores = grantplan::score::score(data, sc);
    let set = settings(draws);
    let r = robust(data, sc, &scores, set, &|| {}).unwrap();

    let nominal = plan::plan(data, sc, &scores, set.solver).unwrap();
    let nominal_by_period: Vec<Vec<f64>> =
        nominal.grants.iter().map(|g| g.by_period.clone()).collect();
    let redraw = Redraw::new(data, sc, &scores);
    let mut kept = Vec::new();
    for d in 0..draws {
        let (shift, cost, nu) = redraw.errors(set.seed, d);
        let s = redraw.scores(&shift, &cost);
        let p = plan::plan(data, sc, &s, set.solver).unwrap();
        kept.push((s, p, nu));
    }
    let sum = |s: &grantplan::score::Scores, amounts: &[Vec<f64>]| -> f64 {
        ceiling::impacts(data, sc, s, amounts).iter().sum()
    };
    let plan_impacts: Vec<f64> = kept.iter().map(|(s, _, _)| sum(s, &nominal_by_period)).collect();
    for (d, (draw, (_, p, nu))) in r.draws.iter().zip(&kept).enumerate() {
        assert_eq!(draw.index, d);
        assert_eq!(draw.national_swing.to_bits(), nu.to_bits());
        assert_eq!(draw.optimal_impact.to_bits(), p.impact.to_bits(), "draw {d}");
        assert_eq!(draw.plan_impact.to_bits(), plan_impacts[d].to_bits(), "draw {d}");
        let grants: Vec<(usize, f64)> =
            p.grants.iter().filter(|g| g.amount != 0.0).map(|g| (g.group, g.amount)).collect();
        assert_eq!(draw.grants, grants, "draw {d}");
    }
    for (g, spread_g) in r.groups.iter().enumerate() {
        let col: Vec<f64> = kept.iter().map(|(_, p, _)| p.grants[g].amount).collect();
        assert_eq!(spread_g.grant, spread(&col), "group {g}");
        let funded = col.iter().filter(|&&a| a > 0.0).count() as f64 / draws as f64;
        assert_eq!(spread_g.funded_share, funded, "group {g}");
    }
    // rows[c][d]: draw c's plan under draw d.
    let rows: Vec<Vec<f64>> = kept
        .iter()
        .map(|(_, p, _)| {
            let amounts: Vec<Vec<f64>> = p.grants.iter().map(|g| g.by_period.clone()).collect();
            kept.iter().map(|(s, _, _)| sum(s, &amounts)).collect()
        })
        .collect();
    // `robust` applies the ceilings to a pair only where the plan's impact
    // without them passes the scenario's plan: it rests on the ceilings
    // never raising an impact, in floating point too. Checked pair by pair.
    let mut open_sc = sc.clone();
    open_sc.effects = grantplan::input::scenario::Effects { max_shift: 0.0, office: [None; 11] };
    assert!(ceiling::enforced(data, &open_sc).iter().all(Option::is_none));
    let mut lowered = 0;
    for (c, (_, p, _)) in kept.iter().enumerate() {
        let amounts: Vec<Vec<f64>> = p.grants.iter().map(|g| g.by_period.clone()).collect();
        for (d, (s, _, _)) in kept.iter().enumerate() {
            let open: f64 = ceiling::impacts(data, &open_sc, s, &amounts).iter().sum();
            assert!(rows[c][d] <= open, "plan {c} under draw {d}: {} > {open}", rows[c][d]);
            lowered += usize::from(rows[c][d] < open);
        }
    }
    if ceiling::enforced(data, sc).iter().any(Option::is_some) {
        assert!(lowered > 0, "the ceilings lower no impact: the check has no teeth");
    }
    let counts: Vec<usize> = rows
        .iter()
        .map(|row| {
            row.iter()
                .zip(&plan_impacts)
                .filter(|(&x, &mine)| x > mine + 1e-12 * mine.abs().max(1e-300))
                .count()
        })
        .collect();
    let best = (0..draws).max_by(|&a, &b| counts[a].cmp(&counts[b]).then(b.cmp(&a))).unwrap();
    let alt = r.best_alternative.as_ref().unwrap();
    assert_eq!(alt.draw, best);
    assert_eq!(alt.beats_share, counts[best] as f64 / draws as f64);
    assert_eq!(alt.impact, spread(&rows[best]));
    let grants: Vec<f64> = kept[best].1.grants.iter().map(|g| g.amount).collect();
    assert_eq!(alt.grants, grants);
    // The check has teeth: the draws' plans differ and some beat the scenario's in some draw.
    assert!(rows.iter().any(|row| row.iter().zip(&plan_impacts).any(|(x, m)| x > m)));
}

#[test]
fn streaming_draws_match_a_kept_everything_computation() {
    let dir = crate::util::tempdir().unwrap();
    let run = run_in(
        dir.path(),
        &["synth", "--races", "600", "--groups", "120", "--seed", "5", "-o", "s"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let s = dir.path().join("s");
    // With effect ceilings (synth's default), one period and eight.
    kept_everything_matches(&s.join("scenario.toml"), 12);
    kept_everything_matches(&s.join("scenario-periods.toml"), 6);
    // Ceilings so tight that most plans meet them: the ceilings lower
    // most impacts, and by much, so the bound that spares applying them
    // (a plan's impact without them) decides fewer pairs by itself.
    let text = std::fs::read_to_string(s.join("scenario.toml")).unwrap();
    let tight = s.join("tight.toml");
    std::fs::write(&tight, format!("{text}\n[effects]\nmax_shift = 0.05\n")).unwrap();
    kept_everything_matches(&tight, 16);
    // Without ceilings: the dot-product path and the per-period one.
    for name in ["scenario.toml", "scenario-periods.toml"] {
        let text = std::fs::read_to_string(s.join(name)).unwrap();
        let open = s.join(format!("open-{name}"));
        std::fs::write(&open, format!("{text}\n[effects]\nmax_shift = 0\n")).unwrap();
        kept_everything_matches(&open, 8);
    }
}

/// Each draw is re-planned by a lean path (the same program, solved,
/// rounded and scored by the same functions, without the plan's
/// explanations, totals and notes). It must give `plan`'s own impact and
/// grants to the bit, draw by draw: on synthetic data with many
/// effect-ceiling rows, the shipped scenario, and a scenario with periods.
#[test]
fn each_draws_re_plan_is_the_planners_own_to_the_bit() {
    use grantplan::tools::robust::Redraw;
    let dir = crate::util::tempdir().unwrap();
    let synth = run_in(
        dir.path(),
        &["synth", "--races", "600", "--groups", "400", "--seed", "3", "-o", "s"],
    );
    assert_eq!(synth.code, 0, "{}", synth.stderr);
    let cases = [
        (dir.path().join("s/scenario.toml"), 6),
        (repo().join("scenarios/midterms-2026.toml"), 6),
        (repo().join("scenarios/early-money-2028.toml"), 2),
    ];
    for (path, draws) in cases {
        let inputs = grantplan::load(&path, None).unwrap_or_else(|e| panic!("{e}"));
        let (data, sc) = (&inputs.data, &inputs.scenario);
        let scores = grantplan::score::score(data, sc);
        let r = robust(data, sc, &scores, settings(draws), &|| {}).unwrap();
        let name = path.display();
        if !name.to_string().contains("early-money") {
            assert!(!r.plan.model.ceilings.is_empty(), "{name}: no ceiling rows to exercise");
        }
        let redraw = Redraw::new(data, sc, &scores);
        for d in &r.draws {
            let (shift, cost, _) = redraw.errors(11, d.index);
            let s = redraw.scores(&shift, &cost);
            let p = grantplan::plan::plan(data, sc, &s, Solver::Simplex).unwrap();
            assert_eq!(d.optimal_impact.to_bits(), p.impact.to_bits(), "{name}: draw {}", d.index);
            let grants: Vec<(usize, f64)> =
                p.grants.iter().filter(|g| g.amount != 0.0).map(|g| (g.group, g.amount)).collect();
            assert!(!grants.is_empty(), "{name}: draw {} funds nobody", d.index);
            assert_eq!(d.grants, grants, "{name}: draw {}", d.index);
        }
    }
}
