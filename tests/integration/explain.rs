//! Explanations on cases small enough to work out by hand (MODEL.md §5's
//! two groups): what binds, what it costs, the value of more money, net
//! votes and odds before and after, infeasibility, and integer limits.

use crate::util::{close, json, Fixture};

/// u_A and u_B of the worked example, win-equivalents per dollar.
const UA: f64 = 7.365_402_806e-8;
const UB: f64 = 3.682_701_403e-8;

fn plan(f: &Fixture) -> serde_json::Value {
    json(&f.run("plan", &["--format", "json"]))
}

fn grant(p: &serde_json::Value, id: &str) -> serde_json::Value {
    p["groups"].as_array().unwrap().iter().find(|g| g["group"] == id).unwrap().clone()
}

fn constraint(p: &serde_json::Value, id: &str) -> serde_json::Value {
    let all = p["constraints"].as_array().unwrap();
    all.iter()
        .find(|c| c["constraint"] == id)
        .unwrap_or_else(|| panic!("no {id} in {all:?}"))
        .clone()
}

#[test]
fn plain_plan_has_no_binding_limit_and_prices_more_money() {
    let p = plan(&Fixture::tutorial());
    assert!(p["constraints"].as_array().unwrap().is_empty());
    assert_eq!(p["budget_binds"], true);
    // $100k more goes to B: 50k more of its first tranche, 50k of its second.
    assert!(close(p["next_100k"].as_f64().unwrap(), UB * (50e3 + 50e3 * 0.85), 1e-6));
    // $1M more: B can take only 800k more (its room is $1M).
    let expect = UB * (50e3 + 250e3 * 0.85 + 250e3 * 0.7 + 250e3 * 0.55);
    assert!(close(p["next_1m"].as_f64().unwrap(), expect, 1e-6), "{} vs {expect}", p["next_1m"]);
}

#[test]
fn group_cap_binds_and_costs_0_0001841() {
    let f = Fixture::tutorial();
    f.append("scenario.toml", "\n[limits]\nmax_group_share = 0.5\n");
    let p = plan(&f);
    let c = constraint(&p, "group_cap");
    assert!(close(c["cost"].as_f64().unwrap(), 0.000_184_1, 1e-3), "{c}");
    assert!((c["cost_pct"].as_f64().unwrap() - 0.81).abs() < 0.01, "{c}");
    assert_eq!(c["groups"], 2, "A and B both sit at $250,000");
}

#[test]
fn state_cap_binds_and_costs_what_b_would_add() {
    let f = Fixture::tutorial();
    f.append("scenario.toml", "\n[states.XX]\nmax = 400_000\n");
    let p = plan(&f);
    assert_eq!(grant(&p, "B")["amount"], 100_000);
    assert_eq!(grant(&p, "B")["limited_by"], "state_cap");
    assert_eq!(p["unallocated"], 100_000);
    let c = constraint(&p, "state_max:XX");
    assert!(close(c["cost"].as_f64().unwrap(), UB * 100e3, 1e-6), "{c}");
    // An explicit dollar cap does not grow with the budget: more money buys nothing.
    assert_eq!(p["budget_binds"], false);
    assert!(p["next_100k"].as_f64().unwrap().abs() < 1e-12);
}

#[test]
fn a_lock_costs_the_difference_to_the_free_optimum() {
    let f = Fixture::tutorial();
    f.append("scenario.toml", "\n[[lock]]\ngroup = \"B\"\namount = 300_000\n");
    let p = plan(&f);
    assert_eq!(grant(&p, "B")["amount"], 300_000);
    assert_eq!(grant(&p, "B")["limited_by"], "locked");
    let locked = UA * (100e3 * 0.85 + 100e3 * 0.7) + UB * (250e3 + 50e3 * 0.85);
    assert!(close(p["impact"].as_f64().unwrap(), locked, 1e-6));
    let c = constraint(&p, "lock:B");
    assert!(close(c["cost"].as_f64().unwrap(), 0.022_832_75 - locked, 1e-4), "{c}");
}

#[test]
fn net_votes_and_odds_before_and_after() {
    let p = plan(&Fixture::tutorial());
    let race = &p["races"][0];
    assert_eq!(race["race"], "XX-SEN");
    // A: 300k above 100k of peer money, factor-weighted 210k, at $100 a vote;
    // B: 200k at factor 1, at $200 a vote.
    let votes = 210e3 / 100.0 + 200e3 / 200.0;
    assert!(close(race["net_votes"].as_f64().unwrap(), votes, 1e-9), "{race}");
    let after = 2.0 + 100.0 * votes / 1e6;
    assert!(close(race["margin_after"].as_f64().unwrap(), after, 1e-9));
    assert!(close(race["win_prob_before"].as_f64().unwrap(), 0.655_42, 1e-5));
    // Φ(0.462) = 0.677 96
    assert!(close(race["win_prob_after"].as_f64().unwrap(), 0.677_96, 1e-4), "{race}");
}

#[test]
fn conflicting_limits_name_each_way_out() {
    let f = Fixture::tutorial();
    f.append("states.csv", "YY,Other State\n");
    f.append("races.csv", "YY-SEN,YY,senate,2026-11-03,0.0,4.0,800000\n");
    f.replace("groups.csv", "A,Group A (youth),XX,youth", "A,Group A,XX,");
    f.append("groups.csv", "C,Group C (youth),YY,youth,150,400000,0\n");
    f.append("scenario.toml", "\n[floors]\nyouth = 0.5\n\n[states.XX]\nmin = 300_000\n");
    let run = f.run("plan", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let err = &run.stderr;
    assert!(err.contains("changing any one of them as shown makes a plan possible"), "{err}");
    assert!(err.contains("the XX minimum needs $300,000, but with the other limits at most $250,000 can go there"), "{err}");
    assert!(err.contains("fix: lower it by $50,000 to $250,000"), "{err}");
    assert!(err.contains("the youth floor needs $250,000, but with the other limits at most $200,000 can go there"), "{err}");
    assert!(err.contains("scenario.toml:13:"), "{err}");
}

#[test]
fn min_grant_is_honored_by_branch_and_bound() {
    let f = Fixture::tutorial();
    f.append("scenario.toml", "\n[limits]\nmin_grant = 250_000\n");
    let p = plan(&f);
    // B alone at 200k is below the minimum: the best plan splits 250k / 250k.
    assert_eq!(grant(&p, "A")["amount"], 250_000);
    assert_eq!(grant(&p, "B")["amount"], 250_000);
    assert!(close(p["impact"].as_f64().unwrap(), 0.022_648_6, 1e-5));
    assert_eq!(p["milp"]["proven_optimal"], true);
    assert_eq!(p["milp"]["gap"], 0.0);
}

#[test]
fn max_groups_keeps_the_best_single_group() {
    let f = Fixture::tutorial();
    f.append("scenario.toml", "\n[limits]\nmax_groups = 1\n");
    let p = plan(&f);
    // A alone: 300k worth UA·210k = 0.01547; B alone: 500k worth UB·462.5k = 0.01703.
    assert_eq!(grant(&p, "B")["amount"], 500_000);
    assert_eq!(grant(&p, "A")["amount"], 0);
    assert_eq!(grant(&p, "A")["limited_by"], "max_groups");
    assert!(close(p["impact"].as_f64().unwrap(), UB * 462.5e3, 1e-6));
}

#[test]
fn out_dir_gets_every_table_at_once() {
    let f = Fixture::tutorial();
    let run = f.run("plan", &["--out", "exports"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = f.path("exports");
    let headers = [
        ("groups.csv", "group,name,state,constituencies,amount,lp_amount,cap,value_per_dollar,impact,limited_by"),
        ("states.csv", "state,amount,share,groups_funded,groups,impact,cap,min"),
        ("constituencies.csv", "constituency,amount,share,groups_funded,floor"),
        ("races.csv", "race,state,office,chamber,net_votes,margin_before,margin_after,win_prob_before,win_prob_after,max_shift,saturated"),
        ("chambers.csv", "chamber,name,p_control_before,p_control_after,expected_seats_before,expected_seats_after"),
        ("constraints.csv", "constraint,kind,description,groups,cost,cost_pct"),
    ];
    for (file, header) in headers {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        assert_eq!(text.lines().next(), Some(header), "{file}");
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["budget"], 500_000);
    assert!(summary.get("groups").is_none());
    // An impossible scenario writes nothing.
    f.append("scenario.toml", "\n[floors]\nyouth = 0.9\n");
    let run = f.run("plan", &["--out", "exports2"]);
    assert_eq!(run.code, 1);
    assert!(!f.path("exports2").exists());
}

/// The explanation's re-solves start from the plan's basis (and the plan's
/// ceiling rounds from the round before) with the bounded simplex; microlp
/// solves every one of them from scratch. Both must price every limit and
/// more money alike, on the shipped scenario, the shipped donor table (the
/// funders' cut rounds warm too) and synthetic data with many ceiling rows.
#[test]
fn warm_started_re_solves_match_microlp_from_scratch() {
    let dir = crate::util::tempdir().unwrap();
    let synth = crate::util::run_in(
        dir.path(),
        &["synth", "--races", "600", "--groups", "400", "--seed", "3", "-o", "s"],
    );
    assert_eq!(synth.code, 0, "{}", synth.stderr);
    let shipped = crate::util::repo().join("scenarios/midterms-2026.toml");
    let table = crate::util::repo().join("scenarios/donor-table-2026.toml");
    let synthetic = dir.path().join("s/scenario.toml");
    for scenario in [shipped, table, synthetic] {
        let s = scenario.to_str().unwrap();
        let run = |extra: &[&str]| {
            json(&crate::util::run_in(
                dir.path(),
                &[&["plan", s, "--format", "json"], extra].concat(),
            ))
        };
        let (warm, cold) = (run(&[]), run(&["--solver", "microlp"]));
        let base = warm["lp_impact"].as_f64().unwrap();
        assert!(close(base, cold["lp_impact"].as_f64().unwrap(), 1e-6), "{s}: lp_impact");
        let near = |a: &serde_json::Value, b: &serde_json::Value, what: &str| {
            let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            assert!((a - b).abs() <= 1e-6 * base.max(1e-9), "{s}: {what}: {a} vs {b}");
        };
        near(&warm["next_100k"], &cold["next_100k"], "next_100k");
        near(&warm["next_1m"], &cold["next_1m"], "next_1m");
        let (wc, cc) =
            (warm["constraints"].as_array().unwrap(), cold["constraints"].as_array().unwrap());
        assert!(!wc.is_empty(), "{s}: nothing binds");
        for c in wc {
            let id = c["constraint"].as_str().unwrap();
            // A limit that binds at one optimal vertex and not at another
            // costs nothing.
            match cc.iter().find(|o| o["constraint"] == id) {
                Some(other) => near(&c["cost"], &other["cost"], id),
                None => near(&c["cost"], &serde_json::json!(0.0), id),
            }
        }
        for c in cc.iter().filter(|c| !wc.iter().any(|w| w["constraint"] == c["constraint"])) {
            near(&c["cost"], &serde_json::json!(0.0), c["constraint"].as_str().unwrap());
        }
    }
}

/// The price of the effect ceilings is the plan's own first ceiling round
/// (the program before any ceiling row) where that round was solved to
/// optimality. It must equal the optimum of the same scenario run with the
/// ceilings switched off (`max_shift = 0`: another program, built and
/// solved on its own), with the bounded simplex and with microlp.
#[test]
fn the_price_of_the_ceilings_is_the_optimum_without_them() {
    let dir = crate::util::tempdir().unwrap();
    let synth = crate::util::run_in(
        dir.path(),
        &["synth", "--races", "600", "--groups", "400", "--seed", "3", "-o", "s"],
    );
    assert_eq!(synth.code, 0, "{}", synth.stderr);
    let synthetic = dir.path().join("s/scenario.toml");
    let shipped = crate::util::repo().join("scenarios/midterms-2026.toml");
    for (k, scenario) in [synthetic, shipped].into_iter().enumerate() {
        // The copy goes in the temporary folder, its data paths made
        // absolute (they are relative to the scenario's folder).
        let folder = scenario.parent().unwrap().to_str().unwrap().to_owned();
        let text: String = std::fs::read_to_string(&scenario)
            .unwrap()
            .lines()
            .map(|line| {
                let data = ["states", "chambers", "races", "groups"]
                    .iter()
                    .any(|key| line.starts_with(&format!("{key} = \"")));
                let line = if data {
                    line.replacen("= \"", &format!("= \"{folder}/"), 1)
                } else {
                    line.into()
                };
                line + "\n"
            })
            .collect();
        let off = dir.path().join(format!("no-ceilings-{k}.toml"));
        std::fs::write(&off, format!("{text}\n[effects]\nmax_shift = 0\n")).unwrap();
        for solver in ["simplex", "microlp"] {
            let run = |s: &std::path::Path| {
                json(&crate::util::run_in(
                    dir.path(),
                    &["plan", s.to_str().unwrap(), "--format", "json", "--solver", solver],
                ))
            };
            let (with, without) = (run(&scenario), run(&off));
            let base = with["lp_impact"].as_f64().unwrap();
            let free = without["lp_impact"].as_f64().unwrap();
            let cost = with["constraints"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["kind"] == "effect_ceiling")
                .unwrap_or_else(|| panic!("{scenario:?} {solver}: no ceiling binds"))["cost"]
                .as_f64()
                .unwrap();
            assert!(free > base * 1.001, "{scenario:?} {solver}: the ceilings cost nothing");
            assert!(
                (base + cost - free).abs() <= 1e-9 * free,
                "{scenario:?} {solver}: {base} + {cost} against {free}"
            );
        }
    }
}
