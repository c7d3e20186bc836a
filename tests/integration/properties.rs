//! Property tests on random scenarios: grants never exceed the budget or any
//! cap, floors and minimums hold, locks are honored, grants are whole
//! multiples of the rounding, the optimum matches a second solver (and a
//! greedy solution where one is exact), and the same input gives the same bytes.

use std::fmt::Write as _;

use grantplan::plan::extras as plan_extras;
use grantplan::plan::lp::Solver;
use grantplan::plan::model::state_max;
use grantplan::plan::{plan, PlanError};
use grantplan::report::{json, plan_report};
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct G {
    state: usize,
    dpnv: f64,
    room: u32,
    peer_frac: f64,
    annual: Option<u32>,
    youth: bool,
    rural: bool,
}

#[derive(Debug, Clone)]
struct Sc {
    margins: Vec<f64>,
    groups: Vec<G>,
    budget: u32,
    rounding: u32,
    state_share: Option<f64>,
    group_share: Option<f64>,
    dependency: Option<f64>,
    youth_floor: Option<f64>,
    lock: Option<(usize, f64)>,
    state_min: Option<f64>,
    spend_all: bool,
}

fn group() -> impl Strategy<Value = G> {
    (
        0usize..3,
        40.0f64..500.0,
        0u32..2000,
        0.0f64..1.0,
        proptest::option::of(50u32..4000),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(state, dpnv, room, peer, annual, youth, rural)| G {
            state,
            dpnv: dpnv.round(),
            room: room * 1000,
            peer_frac: if peer < 0.5 { 0.0 } else { (peer - 0.5) * 2.0 },
            annual: annual.map(|a| a * 1000),
            youth,
            rural,
        })
}

fn scenario() -> impl Strategy<Value = Sc> {
    (
        proptest::collection::vec(-12.0f64..12.0, 3),
        proptest::collection::vec(group(), 1..12),
        50u32..5000,
        prop_oneof![Just(1u32), Just(1000), Just(5000)],
        proptest::option::of(0.2f64..1.0),
        proptest::option::of(0.05f64..1.0),
        proptest::option::of(0.2f64..1.0),
        proptest::option::of(0.0f64..0.4),
        proptest::option::of((0usize..12, 0.0f64..1.0)),
        proptest::option::of(0.0f64..0.3),
        any::<bool>(),
    )
        .prop_map(
            |(margins, groups, budget, rounding, ss, gs, dep, yf, lock, smin, spend_all)| Sc {
                margins,
                groups,
                budget: budget * 1000,
                rounding,
                state_share: ss,
                group_share: gs,
                dependency: dep,
                youth_floor: yf,
                lock,
                state_min: smin,
                spend_all,
            },
        )
}

const STATES: [&str; 3] = ["AA", "BB", "CC"];

/// Write the scenario's files into `dir`; returns the scenario path.
fn write(sc: &Sc, dir: &std::path::Path) -> std::path::PathBuf {
    let mut states = String::from("state,name\n");
    let mut races = String::from("race,state,office,date,margin,turnout\n");
    for (i, code) in STATES.iter().enumerate() {
        writeln!(states, "{code},State {code}").unwrap();
        writeln!(
            races,
            "{code}-SEN,{code},senate,2026-11-03,{:.2},{}",
            sc.margins[i],
            500_000 + 250_000 * i
        )
        .unwrap();
    }
    let mut groups = String::from(
        "group,name,state,constituencies,dollars_per_net_vote,room,peer_committed,annual_budget\n",
    );
    for (i, g) in sc.groups.iter().enumerate() {
        let tags: Vec<&str> =
            [(g.youth, "youth"), (g.rural, "rural")].iter().filter(|t| t.0).map(|t| t.1).collect();
        let peer = (f64::from(g.room) * g.peer_frac / 1000.0).floor() * 1000.0;
        let annual = g.annual.map_or(String::new(), |a| a.to_string());
        writeln!(
            groups,
            "g{i},Group {i},{},{},{},{},{peer},{annual}",
            STATES[g.state],
            tags.join(";"),
            g.dpnv,
            g.room
        )
        .unwrap();
    }
    let mut toml = format!(
        "budget = {}\nrounding = {}\nspend_all = {}\n",
        sc.budget, sc.rounding, sc.spend_all
    );
    toml.push_str("[data]\nstates = \"states.csv\"\nchambers = \"chambers.csv\"\nraces = \"races.csv\"\ngroups = \"groups.csv\"\n");
    toml.push_str("[limits]\n");
    if let Some(s) = sc.state_share {
        writeln!(toml, "max_state_share = {s}").unwrap();
    }
    if let Some(s) = sc.group_share {
        writeln!(toml, "max_group_share = {s}").unwrap();
    }
    if let Some(s) = sc.dependency {
        writeln!(toml, "max_dependency = {s}").unwrap();
    }
    if let (Some(f), true) = (sc.youth_floor, sc.groups.iter().any(|g| g.youth)) {
        writeln!(toml, "[floors]\nyouth = {f}").unwrap();
    }
    if let Some(m) = sc.state_min {
        writeln!(toml, "[states.AA]\nmin = {}", (m * f64::from(sc.budget)).round()).unwrap();
    }
    if let Some((g, frac)) = sc.lock {
        if g < sc.groups.len() {
            let gr = &sc.groups[g];
            let peer = (f64::from(gr.room) * gr.peer_frac / 1000.0).floor() * 1000.0;
            let amount = ((f64::from(gr.room) - peer) * frac)
                .floor()
                .min(f64::from(sc.budget) * 0.5)
                .floor();
            writeln!(toml, "[[lock]]\ngroup = \"g{g}\"\namount = {amount}").unwrap();
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
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn plans_respect_every_limit(sc in scenario()) {
        let dir = crate::util::tempdir().unwrap();
        let path = write(&sc, dir.path());
        let inputs = grantplan::load(&path, None).unwrap_or_else(|e| panic!("{e}"));
        let (data, s) = (&inputs.data, &inputs.scenario);
        let scores = grantplan::score::score(data, s);
        let result = plan(data, s, &scores, Solver::Simplex);
        let p = match result {
            Ok(p) => p,
            Err(PlanError::Infeasible(_)) => {
                // A second solver must agree that no plan exists.
                let again = plan(data, s, &scores, Solver::Clarabel);
                prop_assert!(matches!(again, Err(PlanError::Infeasible(_))), "clarabel found a plan");
                let again = plan(data, s, &scores, Solver::Microlp);
                prop_assert!(matches!(again, Err(PlanError::Infeasible(_))), "microlp found a plan");
                return Ok(());
            }
            Err(e) => panic!("{e}"),
        };
        let tol = 1e-6;
        prop_assert!(p.allocated <= s.budget + tol);
        // A rounded plan that keeps every limit cannot beat the optimum.
        prop_assert!(p.impact <= p.lp_impact * (1.0 + 1e-9) + 1e-12 || !p.notes.is_empty());
        for gr in &p.grants {
            let group = &data.groups[gr.group];
            let lock = s.locks.iter().find(|l| l.group.name == group.id);
            match lock {
                Some(l) => prop_assert!((gr.amount - l.amount).abs() < tol, "lock {} got {}", l.amount, gr.amount),
                None => {
                    prop_assert!(gr.amount <= group.room_left() + tol);
                    if let Some(share) = s.limits.max_group_share {
                        prop_assert!(gr.amount <= share * s.budget + tol);
                    }
                    if let (Some(dep), Some(annual)) = (s.limits.max_dependency, group.annual_budget) {
                        prop_assert!(gr.amount <= dep * annual + tol);
                    }
                    let units = gr.amount / s.rounding;
                    prop_assert!((units - units.round()).abs() < 1e-9, "{} is not a multiple of {}", gr.amount, s.rounding);
                }
            }
        }
        for st in &p.states {
            if let Some(cap) = state_max(s, &data.states[st.state].code) {
                prop_assert!(st.amount <= cap + tol);
            }
            if let Some(min) = st.min {
                prop_assert!(st.amount >= min - tol || !p.notes.is_empty(), "state min {min} got {}", st.amount);
            }
        }
        for f in &s.floors {
            let t = p.constituencies.iter().find(|t| t.tag == f.tag.name).unwrap();
            prop_assert!(t.amount >= f.share * s.budget - tol || !p.notes.is_empty(), "floor {} got {}", f.share * s.budget, t.amount);
        }
        // Independent solvers reach the same optimum (to 1e-6, and to 1e-10
        // absolute: Clarabel meets its rows to 1e-10, see the schedules test).
        for solver in [Solver::Microlp, Solver::Clarabel] {
            let other = plan(data, s, &scores, solver).expect("a second solver solves it too");
            prop_assert!((other.lp_impact - p.lp_impact).abs() <= 1e-6 * p.lp_impact.abs() + 1e-10,
                "simplex {} vs {solver:?} {}", p.lp_impact, other.lp_impact);
        }
        // Same input, same bytes.
        let again = plan(data, s, &scores, Solver::Simplex).unwrap();
        let extras = plan_extras(data, s, &scores, &p, Solver::Simplex);
        let extras_again = plan_extras(data, s, &scores, &again, Solver::Simplex);
        prop_assert_eq!(json::render(&plan_report(data, s, &p, &extras)), json::render(&plan_report(data, s, &again, &extras_again)));
        // Removing a limit never lowers the optimum.
        for b in &extras.explanation.binding {
            prop_assert!(b.cost >= 0.0);
        }
    }

    #[test]
    fn without_coupling_limits_the_optimum_is_the_greedy_one(sc in scenario()) {
        // Budget and per-group caps only: filling tranches by value per dollar is exact.
        let sc = Sc { state_share: None, youth_floor: None, lock: None, state_min: None, spend_all: false, ..sc };
        let dir = crate::util::tempdir().unwrap();
        let path = write(&sc, dir.path());
        // Greedy is exact only without effect ceilings (they couple groups).
        let mut toml = std::fs::read_to_string(&path).unwrap();
        toml.push_str("[effects]\nmax_shift = 0\n");
        std::fs::write(&path, toml).unwrap();
        let inputs = grantplan::load(&path, None).unwrap();
        let (data, s) = (&inputs.data, &inputs.scenario);
        let scores = grantplan::score::score(data, s);
        let p = plan(data, s, &scores, Solver::Simplex).unwrap();
        let mut pieces: Vec<(f64, f64)> = Vec::new();
        for (g, _) in data.groups.iter().enumerate() {
            let cap = grantplan::plan::model::group_cap(data, s, g, &Default::default()).cap;
            for (k, width) in grantplan::plan::model::tranche_widths(data, s, g, cap) {
                pieces.push((s.returns.factors[k] * scores.groups[g].value_per_dollar, width));
            }
        }
        pieces.sort_by(|a, b| b.0.total_cmp(&a.0));
        let (mut left, mut best) = (s.budget, 0.0);
        for (v, w) in pieces {
            let take = w.min(left);
            best += v * take;
            left -= take;
        }
        prop_assert!((p.lp_impact - best).abs() <= 1e-9 * best.abs() + 1e-15, "lp {} greedy {}", p.lp_impact, best);
    }
}

/// Periods appended to a scenario: (release fractions, multipliers, period share).
fn periods() -> impl Strategy<Value = (Vec<f64>, Vec<f64>, Option<f64>)> {
    (2usize..4).prop_flat_map(|n| {
        (
            proptest::collection::vec(0.0f64..1.0, n),
            proptest::collection::vec(0.5f64..1.5, n),
            proptest::option::of(0.05f64..0.6),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn schedules_respect_releases_and_period_caps(sc in scenario(), (fracs, mults, share) in periods()) {
        // Integer limits and locks are tested above; keep the schedule simple.
        let sc = Sc { lock: None, ..sc };
        let dir = crate::util::tempdir().unwrap();
        let path = write(&sc, dir.path());
        let total: f64 = fracs.iter().sum::<f64>().max(1e-9);
        let budget = f64::from(sc.budget);
        let mut releases: Vec<f64> = fracs.iter().map(|f| (f / total * budget).floor()).collect();
        let last = releases.len() - 1;
        releases[last] = budget - releases[..last].iter().sum::<f64>();
        let mut toml = std::fs::read_to_string(&path).unwrap();
        if let Some(s) = share {
            writeln!(toml, "[timing]\nmax_period_share = {s}").unwrap();
        }
        for (t, (r, m)) in releases.iter().zip(&mults).enumerate() {
            writeln!(toml, "[[periods]]\nname = \"P{t}\"\nstart = \"2026-0{}-01\"\nrelease = {r}\nmultiplier = {m}", t + 1).unwrap();
        }
        std::fs::write(&path, toml).unwrap();
        let inputs = grantplan::load(&path, None).unwrap_or_else(|e| panic!("{e}"));
        let (data, s) = (&inputs.data, &inputs.scenario);
        let scores = grantplan::score::score(data, s);
        let p = match plan(data, s, &scores, Solver::Simplex) {
            Ok(p) => p,
            Err(PlanError::Infeasible(_)) => {
                prop_assert!(matches!(plan(data, s, &scores, Solver::Clarabel), Err(PlanError::Infeasible(_))));
                return Ok(());
            }
            Err(e) => panic!("{e}"),
        };
        let tol = 1e-6;
        let mut released = 0.0;
        let mut spent = 0.0;
        for (t, release) in releases.iter().enumerate() {
            released += release;
            spent += p.grants.iter().map(|g| g.by_period[t]).sum::<f64>();
            prop_assert!(spent <= released + tol, "period {t}: spent {spent} of {released}");
        }
        for g in &p.grants {
            let group = &data.groups[g.group];
            if let Some(sh) = share {
                for &a in &g.by_period {
                    prop_assert!(a <= sh * group.room + tol, "{a} above {}", sh * group.room);
                }
            }
            for &a in &g.by_period {
                let units = a / s.rounding;
                prop_assert!((units - units.round()).abs() < 1e-9);
            }
            prop_assert!((g.by_period.iter().sum::<f64>() - g.amount).abs() < tol);
        }
        let other = plan(data, s, &scores, Solver::Clarabel).unwrap();
        // Clarabel meets its rows to 1e-10 (tol_feas, LP units of $1M), which
        // moves a tiny impact by some 1e-11 (seen: 3.8011787e-6 against
        // 3.8011696e-6): the absolute floor allows for that.
        prop_assert!((other.lp_impact - p.lp_impact).abs() <= 1e-6 * p.lp_impact.abs() + 1e-10,
            "simplex {} vs clarabel {}", p.lp_impact, other.lp_impact);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Random edits to every input file: loading reports errors or plans,
    /// and nothing panics.
    #[test]
    fn mangled_inputs_never_panic(edits in proptest::collection::vec((0usize..5, any::<prop::sample::Index>(), 0usize..3, "[ -~\n]{0,4}"), 1..6)) {
        let dir = crate::util::tempdir().unwrap();
        let files = ["states.csv", "chambers.csv", "races.csv", "groups.csv", "tutorial.toml"];
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/tutorial");
        let mut texts: Vec<String> = files.iter().map(|f| std::fs::read_to_string(root.join(f)).unwrap()).collect();
        texts[4].push_str("\n[limits]\nmax_group_share = 0.5\nmin_grant = 50_000\n[floors]\nyouth = 0.2\n");
        texts[1].push_str("XX-S,XX Senate,3,2,1\n");
        texts[2] = texts[2].replace("turnout\n", "turnout,chamber\n").replace("1000000\n", "1000000,XX-S\n");
        for (file, at, action, insert) in edits {
            let text = &mut texts[file];
            let chars: Vec<char> = text.chars().collect();
            let i = if chars.is_empty() { 0 } else { at.index(chars.len()) };
            let mut out: String = chars[..i].iter().collect();
            match action {
                0 => out.push_str(&insert),                          // insert
                1 => {}                                              // delete one char
                _ => out.push_str(&insert.chars().rev().collect::<String>()), // replace
            }
            let skip = if action == 0 { 0 } else { 1 };
            out.extend(chars.iter().skip(i + skip));
            *text = out;
        }
        for (f, t) in files.iter().zip(&texts) {
            std::fs::write(dir.path().join(f), t).unwrap();
        }
        let Ok(inputs) = grantplan::load(&dir.path().join("tutorial.toml"), None) else { return Ok(()) };
        let (data, s) = (&inputs.data, &inputs.scenario);
        let scores = grantplan::score::score(data, s);
        let _ = grantplan::report::score_report(data, s, &scores);
        if let Ok(p) = plan(data, s, &scores, Solver::Simplex) {
            let extras = plan_extras(data, s, &scores, &p, Solver::Simplex);
            let _ = json::render(&plan_report(data, s, &p, &extras));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// No portfolio that keeps the scenario's limits (at its own total as the
    /// budget) beats the optimal plan at that budget.
    #[test]
    fn no_portfolio_beats_the_optimum(sc in scenario(), fracs in proptest::collection::vec(0.0f64..1.0, 12)) {
        let sc = Sc { youth_floor: None, lock: None, state_min: None, spend_all: false, ..sc };
        let dir = crate::util::tempdir().unwrap();
        let path = write(&sc, dir.path());
        let inputs = grantplan::load(&path, None).unwrap();
        let (data, s) = (&inputs.data, &inputs.scenario);
        let scores = grantplan::score::score(data, s);
        // Amounts within room and dependency caps.
        let amounts: Vec<f64> = data
            .groups
            .iter()
            .enumerate()
            .map(|(g, group)| {
                let mut cap = group.room_left();
                if let (Some(dep), Some(annual)) = (s.limits.max_dependency, group.annual_budget) {
                    cap = cap.min(dep * annual);
                }
                (fracs[g % fracs.len()] * cap).floor()
            })
            .collect();
        let total: f64 = amounts.iter().sum();
        prop_assume!(total > 0.0);
        let mut at_total = s.clone();
        at_total.set_budget(total);
        // Keep only portfolios within the share caps at that budget.
        let omit = grantplan::plan::model::Omit::default();
        for (g, &a) in amounts.iter().enumerate() {
            let cap = grantplan::plan::model::group_cap(data, &at_total, g, &omit).cap;
            prop_assume!(a <= cap + 1e-6);
        }
        for st in &data.states {
            let in_state: f64 = amounts.iter().enumerate().filter(|(g, _)| data.groups[*g].state == st.code).map(|(_, a)| a).sum();
            prop_assume!(grantplan::plan::model::state_max(&at_total, &st.code).is_none_or(|c| in_state <= c + 1e-6));
        }
        let value = grantplan::tools::portfolio::score(data, &at_total, &scores, &amounts, Solver::Simplex).unwrap().total_impact;
        let best = plan(data, &at_total, &scores, Solver::Simplex).unwrap();
        prop_assert!(value <= best.lp_impact * (1.0 + 1e-9) + 1e-12, "portfolio {value} beats optimum {}", best.lp_impact);
    }
}
