//! Property tests for the donor tools on random scenarios: the optimal plan
//! is never beaten by a portfolio within the limits at the same budget, the
//! suggested changes only add impact and break nothing, and the frontier's
//! marginal impact never rises.

use std::fmt::Write as _;

use grantplan::plan::lp::Solver;
use grantplan::plan::model::{group_cap, state_max};
use grantplan::tools::compare::evaluate;
use grantplan::tools::portfolio::{at_budget, Portfolio};
use proptest::prelude::*;

const STATES: [&str; 3] = ["AA", "BB", "CC"];

#[derive(Debug, Clone)]
struct G {
    state: usize,
    dpnv: u32,
    room: u32,
    peer_frac: f64,
    annual: Option<u32>,
    youth: bool,
}

#[derive(Debug, Clone)]
struct Case {
    margins: Vec<f64>,
    groups: Vec<G>,
    budget: u32,
    state_share: Option<f64>,
    group_share: Option<f64>,
    dependency: Option<f64>,
    spend_all: bool,
    /// Per group: the share of its cap the portfolio starts from.
    fracs: Vec<f64>,
}

fn case() -> impl Strategy<Value = Case> {
    let group = (
        0usize..3,
        40u32..400,
        10u32..2000,
        0.0f64..1.0,
        proptest::option::of(100u32..4000),
        any::<bool>(),
    )
        .prop_map(|(state, dpnv, room, peer, annual, youth)| G {
            state,
            dpnv,
            room: room * 1000,
            peer_frac: if peer < 0.5 { 0.0 } else { peer - 0.5 },
            annual: annual.map(|a| a * 1000),
            youth,
        });
    (
        proptest::collection::vec(-10.0f64..10.0, 3),
        proptest::collection::vec(group, 2..10),
        100u32..3000,
        proptest::option::of(0.4f64..1.0),
        proptest::option::of(0.2f64..1.0),
        proptest::option::of(0.3f64..1.0),
        any::<bool>(),
        proptest::collection::vec(0.0f64..1.0, 10),
    )
        .prop_map(|(margins, groups, budget, ss, gs, dep, spend_all, fracs)| Case {
            margins,
            groups,
            budget: budget * 1000,
            state_share: ss,
            group_share: gs,
            dependency: dep,
            spend_all,
            fracs,
        })
}

fn write(c: &Case, dir: &std::path::Path) -> std::path::PathBuf {
    let mut states = String::from("state,name\n");
    let mut races = String::from("race,state,office,date,margin,turnout\n");
    for (i, code) in STATES.iter().enumerate() {
        writeln!(states, "{code},State {code}").unwrap();
        writeln!(
            races,
            "{code}-SEN,{code},senate,2026-11-03,{:.2},{}",
            c.margins[i],
            400_000 + 300_000 * i
        )
        .unwrap();
    }
    let mut groups = String::from(
        "group,name,state,constituencies,dollars_per_net_vote,room,peer_committed,annual_budget\n",
    );
    for (i, g) in c.groups.iter().enumerate() {
        let peer = (f64::from(g.room) * g.peer_frac / 1000.0).floor() * 1000.0;
        let annual = g.annual.map_or(String::new(), |a| a.to_string());
        let tag = if g.youth { "youth" } else { "" };
        writeln!(
            groups,
            "g{i},Group {i},{},{tag},{},{},{peer},{annual}",
            STATES[g.state], g.dpnv, g.room
        )
        .unwrap();
    }
    let mut toml = format!("budget = {}\nspend_all = {}\n", c.budget, c.spend_all);
    toml.push_str("[data]\nstates = \"states.csv\"\nchambers = \"chambers.csv\"\nraces = \"races.csv\"\ngroups = \"groups.csv\"\n[limits]\n");
    for (key, v) in [
        ("max_state_share", c.state_share),
        ("max_group_share", c.group_share),
        ("max_dependency", c.dependency),
    ] {
        if let Some(v) = v {
            writeln!(toml, "{key} = {v}").unwrap();
        }
    }
    std::fs::write(dir.join("states.csv"), states).unwrap();
    std::fs::write(dir.join("chambers.csv"), "chamber,name,seats,needed,d_not_up\n").unwrap();
    std::fs::write(dir.join("races.csv"), races).unwrap();
    std::fs::write(dir.join("groups.csv"), groups).unwrap();
    std::fs::write(dir.join("s.toml"), toml).unwrap();
    dir.join("s.toml")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn no_portfolio_within_the_limits_beats_the_optimum(c in case()) {
        let dir = crate::util::tempdir().unwrap();
        let inputs = grantplan::load(&write(&c, dir.path()), None).unwrap_or_else(|e| panic!("{e}"));
        let (data, sc) = (&inputs.data, &inputs.scenario);
        let scores = grantplan::score::score(data, sc);
        // A random portfolio that spends exactly the budget within every
        // limit at that budget: start from a share of each group's cap,
        // keep state caps, then fill what is left wherever there is room.
        let b = sc.budget;
        let caps: Vec<f64> = (0..data.groups.len()).map(|g| group_cap(data, sc, g, &Default::default()).cap.floor()).collect();
        let state_cap: Vec<f64> = STATES.iter().map(|s| state_max(sc, s).unwrap_or(f64::INFINITY).floor()).collect();
        let state_of = |g: usize| data.groups[g].state_idx;
        let mut a: Vec<f64> = caps.iter().zip(&c.fracs).map(|(cap, f)| (cap * f).floor()).collect();
        let mut left = b;
        let mut in_state = [0.0f64; 3];
        for g in 0..a.len() {
            a[g] = a[g].min(left).min(state_cap[state_of(g)] - in_state[state_of(g)]).max(0.0);
            left -= a[g];
            in_state[state_of(g)] += a[g];
        }
        for g in 0..a.len() {
            let add = (caps[g] - a[g]).min(left).min(state_cap[state_of(g)] - in_state[state_of(g)]).max(0.0);
            a[g] += add;
            left -= add;
            in_state[state_of(g)] += add;
        }
        prop_assume!(left < 0.5 && a.iter().sum::<f64>() > 0.0);
        let p = Portfolio { path: "p.csv".into(), amounts: a.clone() };
        let e = evaluate(data, sc, &scores, &p, Solver::Simplex).unwrap();
        prop_assert!(e.breaches.is_empty(), "generator broke a limit: {:?}", e.breaches);
        let opt = e.optimal.as_ref().expect("a portfolio within the limits proves a plan exists");
        // The solvers' own tolerance (the existing properties compare two solvers at 1e-6).
        let tol = 1e-9 * opt.lp_impact.abs() + 1e-15;
        prop_assert!(e.scored.total_impact <= opt.lp_impact + tol, "portfolio {} beats optimum {}", e.scored.total_impact, opt.lp_impact);
        prop_assert!(e.share_of_optimal().unwrap_or(0.0) <= 1.0 + 1e-7);
        // Changes add impact, keep the total, and stay within the limits (so below the optimum).
        let mut last = e.scored.total_impact;
        let mut moved = a.clone();
        for ch in &e.changes {
            prop_assert!(ch.gain > 0.0 && ch.impact_after > last);
            moved[ch.from] -= ch.amount;
            moved[ch.to] += ch.amount;
            prop_assert!(moved[ch.from] >= -1e-9);
            last = ch.impact_after;
        }
        prop_assert!(last <= opt.lp_impact + tol, "changes reach {last} above the optimum {}", opt.lp_impact);
        let at = at_budget(sc, b);
        prop_assert!(grantplan::tools::portfolio::breaches(data, &at, &moved, sc.budget).is_empty());
    }

    #[test]
    fn marginal_impact_never_rises_along_the_frontier(c in case()) {
        let dir = crate::util::tempdir().unwrap();
        let inputs = grantplan::load(&write(&c, dir.path()), None).unwrap();
        let (data, sc) = (&inputs.data, &inputs.scenario);
        let scores = grantplan::score::score(data, sc);
        let settings = grantplan::tools::frontier::Settings {
            from: 50_000.0, to: 3_000_000.0, steps: 7, target: None, falloff: 0.1, solver: Solver::Simplex, threads: 1,
        };
        let f = grantplan::tools::frontier::frontier(data, sc, &scores, settings, &|| {}).unwrap();
        let m: Vec<f64> = f.points.iter().filter_map(|p| p.marginal_per_million).collect();
        for w in m.windows(2) {
            prop_assert!(w[1] <= w[0] + 1e-9 * w[0].abs() + 1e-12, "{m:?}");
        }
    }
}
