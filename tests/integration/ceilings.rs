//! Effect ceilings (MODEL.md §3): the lazily built program (ceiling rows
//! only where they bind) has the optimum of the full one (every ceiling row
//! present) solved by another solver; plans never count votes past a
//! ceiling; office and race ceilings override the scenario's.

use std::fmt::Write as _;

use grantplan::plan::ceiling::{self, enforced, lp_votes};
use grantplan::plan::lp::Solver;
use grantplan::plan::model::{build_with, Omit};

use crate::util::{close, json, tempdir, Fixture};

fn lcg(s: &mut u64) -> f64 {
    *s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    (*s >> 11) as f64 / (1u64 << 53) as f64
}

/// A random scenario: two states, statewide and district races of all
/// sizes, groups reaching a few districts with random shares, a random
/// ceiling (sometimes per office or per race), sometimes periods.
fn write_random(seed: u64, dir: &std::path::Path) -> std::path::PathBuf {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut races = String::from("race,state,office,district,date,margin,turnout,max_shift\n");
    let mut districts: Vec<Vec<String>> = vec![Vec::new(), Vec::new()];
    for (i, st) in ["AA", "BB"].iter().enumerate() {
        let turnout = 200_000 + (lcg(&mut s) * 2e6) as u64;
        writeln!(
            races,
            "{st}-SEN,{st},senate,,2026-11-03,{:.1},{turnout},",
            8.0 * lcg(&mut s) - 4.0
        )
        .unwrap();
        for d in 0..6 {
            let id = format!("{st}-H-{d}");
            let turnout = 5_000 + (lcg(&mut s) * 60_000.0) as u64;
            let own = if lcg(&mut s) < 0.2 {
                format!("{:.1}", 0.5 + 3.0 * lcg(&mut s))
            } else {
                String::new()
            };
            let office = if d % 2 == 0 { "state_house" } else { "house" };
            writeln!(
                races,
                "{id},{st},{office},{d},2026-11-03,{:.1},{turnout},{own}",
                10.0 * lcg(&mut s) - 5.0
            )
            .unwrap();
            districts[i].push(id);
        }
    }
    let mut groups =
        String::from("group,name,state,races,dollars_per_net_vote,room,peer_committed\n");
    let n = 3 + (lcg(&mut s) * 10.0) as usize;
    for g in 0..n {
        let st = usize::from(lcg(&mut s) < 0.5);
        let mut links = Vec::new();
        for id in &districts[st] {
            if lcg(&mut s) < 0.35 {
                links.push(format!("{id}:{:.2}", 0.05 + 0.95 * lcg(&mut s)));
            }
        }
        let room = (50 + (lcg(&mut s) * 1500.0) as u64) * 1000;
        let peer = if lcg(&mut s) < 0.3 { (room / 4000) * 1000 } else { 0 };
        writeln!(
            groups,
            "g{g},Group {g},{},{},{},{room},{peer}",
            ["AA", "BB"][st],
            links.join(";"),
            (20.0 + lcg(&mut s) * 300.0).round()
        )
        .unwrap();
    }
    let budget = (200 + (lcg(&mut s) * 5000.0) as u64) * 1000;
    let mut toml = format!(
        "budget = {budget}\nspend_all = {}\n[data]\nstates = \"states.csv\"\nchambers = \"chambers.csv\"\nraces = \"races.csv\"\ngroups = \"groups.csv\"\n",
        lcg(&mut s) < 0.2
    );
    writeln!(toml, "[effects]\nmax_shift = {:.2}", 0.1 + 2.5 * lcg(&mut s)).unwrap();
    if lcg(&mut s) < 0.4 {
        writeln!(toml, "[effects.office]\nstate_house = {:.2}", 0.2 + 3.0 * lcg(&mut s)).unwrap();
    }
    if lcg(&mut s) < 0.3 {
        writeln!(toml, "[limits]\nmax_group_share = {:.2}", 0.1 + 0.5 * lcg(&mut s)).unwrap();
    }
    if lcg(&mut s) < 0.3 {
        let first = (budget as f64 * 0.6).round();
        write!(
            toml,
            "[[periods]]\nname = \"early\"\nstart = \"2025-01-01\"\nrelease = {first}\nmultiplier = 1.2\n\
             [[periods]]\nname = \"late\"\nstart = \"2026-01-01\"\nrelease = {}\nmultiplier = 1.0\n",
            budget as f64 - first
        )
        .unwrap();
    }
    std::fs::write(dir.join("states.csv"), "state,name\nAA,State A\nBB,State B\n").unwrap();
    std::fs::write(dir.join("chambers.csv"), "chamber,name,seats,needed,d_not_up\n").unwrap();
    std::fs::write(dir.join("races.csv"), races).unwrap();
    std::fs::write(dir.join("groups.csv"), groups).unwrap();
    std::fs::write(dir.join("s.toml"), toml).unwrap();
    dir.join("s.toml")
}

/// The full model: a ceiling row for every race with a ceiling and value.
fn full_model(
    data: &grantplan::input::data::Dataset,
    sc: &grantplan::input::scenario::Scenario,
    scores: &grantplan::score::Scores,
) -> grantplan::plan::model::Model {
    let limits = enforced(data, sc);
    let all: Vec<usize> = (0..data.races.len())
        .filter(|&r| limits[r].is_some() && scores.races[r].value > 0.0)
        .collect();
    let full = build_with(data, sc, scores, &Omit::default(), &all);
    assert_eq!(full.ceilings.len(), all.len());
    full
}

#[test]
fn lazy_rows_reach_the_full_models_optimum() {
    let mut bound = 0;
    for seed in 0..60u64 {
        let dir = tempdir().unwrap();
        let path = write_random(seed, dir.path());
        let inputs = grantplan::load(&path, None).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let (data, sc) = (&inputs.data, &inputs.scenario);
        let scores = grantplan::score::score(data, sc);
        let Ok((lazy_model, lazy)) =
            ceiling::solve(data, sc, &scores, &Omit::default(), Solver::Simplex)
        else {
            // spend_all with too little room: the full model agrees.
            let all: Vec<usize> = (0..data.races.len()).collect();
            let full = build_with(data, sc, &scores, &Omit::default(), &all);
            assert!(full.lp.solve(Solver::Clarabel).is_err(), "seed {seed}");
            continue;
        };
        let limits = enforced(data, sc);
        let full = full_model(data, sc, &scores);
        for solver in [Solver::Clarabel, Solver::Microlp] {
            let sol = full.lp.solve(solver).unwrap();
            let want = full.impact(&sol.x);
            assert!(
                close(lazy.objective, want, 1e-6) || (lazy.objective - want).abs() < 1e-12,
                "seed {seed} {solver:?}: lazy {} vs full {want}",
                lazy.objective
            );
        }
        // The lazy optimum passes no ceiling the program left out (a race
        // with a row may get more votes than count: they still count in
        // the group's other races).
        let votes = lp_votes(data, sc, &scores, &lazy_model, &lazy.x);
        for r in 0..data.races.len() {
            if lazy_model.ceilings.iter().any(|c| c.race == r) || scores.races[r].value <= 0.0 {
                continue;
            }
            if let Some(n) = limits[r] {
                assert!(
                    votes[r] <= n * (1.0 + 1e-6) + 1e-6,
                    "seed {seed} race {r}: {} > {n}",
                    votes[r]
                );
            }
        }
        bound += usize::from(!lazy_model.ceilings.is_empty());
    }
    // The cases exercise binding ceilings, not only slack ones.
    assert!(bound >= 30, "only {bound} of 60 cases had a binding ceiling");
}

/// `robust` scales a group's value and its votes per dollar by a drawn cost
/// multiplier: the program must stay one program whichever ceiling rows it
/// holds, so the lazy optimum still equals the full model's. (The value a
/// ceiling row takes out of a group's column once used the published cost
/// per net vote, and the two disagreed by up to 0.2% on drawn costs.)
#[test]
fn lazy_rows_reach_the_full_optimum_with_drawn_costs() {
    use grantplan::tools::robust::Redraw;
    let mut bound = 0;
    for seed in 0..30u64 {
        let dir = tempdir().unwrap();
        let path = write_random(seed, dir.path());
        let inputs = grantplan::load(&path, None).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let (data, sc) = (&inputs.data, &inputs.scenario);
        let nominal = grantplan::score::score(data, sc);
        let mut state = seed + 1000;
        let cost: Vec<f64> =
            (0..data.groups.len()).map(|_| (1.2 * (lcg(&mut state) - 0.5)).exp()).collect();
        let scores = Redraw::new(data, sc, &nominal).scores(&vec![0.0; data.races.len()], &cost);
        let Ok((lazy_model, lazy)) =
            ceiling::solve(data, sc, &scores, &Omit::default(), Solver::Simplex)
        else {
            continue;
        };
        let full = full_model(data, sc, &scores);
        let sol = full.lp.solve(Solver::Clarabel).unwrap();
        let want = full.impact(&sol.x);
        assert!(
            close(lazy.objective, want, 1e-6) || (lazy.objective - want).abs() < 1e-12,
            "seed {seed}: lazy {} vs full {want}",
            lazy.objective
        );
        bound += usize::from(
            !lazy_model.ceilings.is_empty() && lazy_model.ceilings.len() < full.ceilings.len(),
        );
    }
    assert!(bound >= 10, "only {bound} of 30 cases had some but not all ceiling rows");
}

#[test]
fn plans_count_no_votes_past_a_ceiling() {
    for seed in 100..130u64 {
        let dir = tempdir().unwrap();
        let path = write_random(seed, dir.path());
        let inputs = grantplan::load(&path, None).unwrap();
        let (data, sc) = (&inputs.data, &inputs.scenario);
        let scores = grantplan::score::score(data, sc);
        let Ok(p) = grantplan::plan::plan(data, sc, &scores, Solver::Simplex) else {
            continue; // spend_all with too little room
        };
        let (races, _) = grantplan::plan::outcomes::outcomes(data, sc, &scores, &p);
        for race in &races {
            if let Some(max) = race.max_shift {
                assert!(
                    race.margin_after - race.margin_before <= max + 1e-9,
                    "seed {seed} {}: moved {} > {max}",
                    race.race,
                    race.margin_after - race.margin_before
                );
            }
        }
        // Impact is at most the LP's (rounding only takes money away).
        assert!(p.impact <= p.lp_impact * (1.0 + 1e-9) + 1e-12, "seed {seed}");
    }
}

/// An office ceiling and a race's own ceiling each override the scenario's.
#[test]
fn office_and_race_ceilings_override_the_scenarios() {
    let expect = 0.0147308;
    let f = Fixture::tutorial();
    f.append("scenario.toml", "\n[effects]\nmax_shift = 5\n[effects.office]\nsenate = 0.2\n");
    let p = json(&f.run("plan", &["--format", "json"]));
    assert!(close(p["lp_impact"].as_f64().unwrap(), expect, 1e-5), "{}", p["lp_impact"]);

    let f = Fixture::tutorial();
    f.append("scenario.toml", "\n[effects.office]\nsenate = 5\n");
    f.write(
        "races.csv",
        "race,state,office,date,margin,margin_sd,turnout,max_shift\nXX-SEN,XX,senate,2026-11-03,2.0,4.0,1000000,0.2\n",
    );
    let p = json(&f.run("plan", &["--format", "json"]));
    assert!(close(p["lp_impact"].as_f64().unwrap(), expect, 1e-5), "{}", p["lp_impact"]);
    assert_eq!(p["races"][0]["max_shift"], 0.2);
}

#[test]
fn bad_ceilings_are_input_errors() {
    let f = Fixture::tutorial();
    f.append("scenario.toml", "\n[effects]\nmax_shift = -1\n[effects.office]\nsenat = 2\n");
    let run = f.run("plan", &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("`effects.max_shift`: expected a number ≥ 0 (at most 1e6), found -1"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("unknown key `senat` in [effects.office]"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `senate`?"), "{}", run.stderr);
    let f = Fixture::tutorial();
    f.write(
        "races.csv",
        "race,state,office,date,margin,margin_sd,turnout,max_shift\nXX-SEN,XX,senate,2026-11-03,2.0,4.0,1000000,lots\n",
    );
    let run = f.run("plan", &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("races.csv:2:"), "{}", run.stderr);
    assert!(run.stderr.contains("column `max_shift`"), "{}", run.stderr);
}

/// `validate` warns where one group alone would pass a ceiling 3× over.
#[test]
fn validate_warns_of_a_group_too_big_for_its_district() {
    let f = Fixture::tutorial();
    f.append("scenario.toml", "\n[effects]\nmax_shift = 0.06\n");
    // N = 600 net votes. A's room after peer money buys 2,100 (3.5 times),
    // B's 775,000 effective dollars at $200 buy 3,875 (6.5 times).
    let run = f.run("validate", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("group `A` alone"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("about 2,100 net votes in `XX-SEN`, 3.5 times its effect ceiling of 600"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("about 3,875 net votes in `XX-SEN`, 6.5 times"), "{}", run.stderr);
    // At 0.2 points (N = 2,000) neither passes it 3 times over.
    let f = Fixture::tutorial();
    f.append("scenario.toml", "\n[effects]\nmax_shift = 0.2\n");
    let run = f.run("validate", &[]);
    assert!(!run.stderr.contains("alone"), "{}", run.stderr);
}

/// groups.csv `c3_room` is read and must fit in the room left after peer money.
#[test]
fn c3_room_is_checked_against_the_room_left() {
    let f = Fixture::tutorial();
    f.write(
        "groups.csv",
        "group,name,state,constituencies,dollars_per_net_vote,room,peer_committed,c3_room\n\
         A,Group A (youth),XX,youth,100,400000,100000,350000\n\
         B,Group B,XX,,200,1000000,0,250000\n",
    );
    let run = f.run("validate", &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("groups.csv:2:"), "{}", run.stderr);
    assert!(run.stderr.contains("column `c3_room`"), "{}", run.stderr);
    assert!(!run.stderr.contains("groups.csv:3:"), "B's c3_room fits: {}", run.stderr);
    f.replace("groups.csv", "100000,350000", "100000,300000");
    let run = f.run("validate", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let inputs = grantplan::load(&f.path("scenario.toml"), None).unwrap();
    let c3: Vec<f64> = inputs.data.groups.iter().map(|g| g.c3_room).collect();
    assert_eq!(c3, vec![300_000.0, 250_000.0]);
}

/// Programs past the simplex's rows (synthetic data with eight periods: a
/// tranche row per group and tranche, a cap per group and period) are
/// sifted, one working set through every ceiling round; a related program
/// (a bigger budget, as the explanation's re-solves) starts from the first
/// one's working set. Both reach the full model's optimum by Clarabel.
#[test]
fn sifted_ceiling_rounds_reach_the_full_optimum() {
    for (seed, shift) in [(3, "1.0"), (5, "2.0")] {
        let dir = tempdir().unwrap();
        let spec = grantplan::input::synth::SynthSpec { races: 600, groups: 200, seed };
        for (name, text) in grantplan::input::synth::generate(spec) {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let path = dir.path().join("scenario-periods.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}\n[effects]\nmax_shift = {shift}\n")).unwrap();
        let inputs = grantplan::load(&path, None).unwrap();
        let (data, sc) = (&inputs.data, &inputs.scenario);
        let scores = grantplan::score::score(data, sc);
        let (model, lazy) =
            ceiling::solve(data, sc, &scores, &Omit::default(), Solver::Simplex).unwrap();
        assert!(
            model.lp.rows.len() > ceiling::WARM_ROWS,
            "seed {seed}: {} rows",
            model.lp.rows.len()
        );
        assert!(!model.ceilings.is_empty() && !model.sifted.is_empty(), "seed {seed}");
        let full = full_model(data, sc, &scores);
        let want = full.impact(&full.lp.solve(Solver::Clarabel).unwrap().x);
        assert!(
            close(lazy.objective, want, 1e-6),
            "seed {seed}: lazy {} vs full {want}",
            lazy.objective
        );

        let mut bigger = sc.clone();
        bigger.set_budget(sc.budget + 5e6);
        let start: Vec<usize> = model.ceilings.iter().map(|c| c.race).collect();
        let (_, warm) = ceiling::solve_from(
            data,
            &bigger,
            &scores,
            &Omit::default(),
            Solver::Simplex,
            &start,
            &[],
            Some(&model),
        )
        .unwrap();
        let full = full_model(data, &bigger, &scores);
        let want = full.impact(&full.lp.solve(Solver::Clarabel).unwrap().x);
        assert!(
            close(warm.objective, want, 1e-6),
            "seed {seed}: warm {} vs full {want}",
            warm.objective
        );
        assert!(warm.objective > lazy.objective, "seed {seed}");
    }
}

/// Each effect-ceiling round writes its program over the one from two
/// rounds before (`Skeleton::fill_into`): whatever it is written over (a
/// program with more or fewer ceiling rows, a solved one with its basis, one
/// of another scenario), the result is `fill`'s program, every bit of it.
/// (The programs written over are made anew each time, not cloned: `clone`
/// shares its code with `fill_into`.)
#[test]
fn a_program_filled_over_another_is_the_program_filled_anew() {
    use grantplan::plan::model::skeleton;
    let mut other: Option<grantplan::plan::model::Model> = None;
    for seed in 0..12u64 {
        let dir = tempdir().unwrap();
        let path = write_random(seed, dir.path());
        let inputs = grantplan::load(&path, None).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let (data, sc) = (&inputs.data, &inputs.scenario);
        let scores = grantplan::score::score(data, sc);
        let skel = skeleton(data, sc, &Omit::default());
        let limits = enforced(data, sc);
        let capped: Vec<usize> = (0..data.races.len()).filter(|&r| limits[r].is_some()).collect();
        let some: Vec<usize> = capped.iter().copied().step_by(2).collect();
        let solved = || ceiling::solve(data, sc, &scores, &Omit::default(), Solver::Simplex);
        for races in [&capped[..], &some[..], &[][..]] {
            let fresh = skel.fill(data, sc, &scores, races);
            let mut over = vec![
                skel.fill(data, sc, &scores, &capped),
                skel.fill(data, sc, &scores, &some),
                skel.fill(data, sc, &scores, &[]),
            ];
            over.extend(solved().ok().map(|(m, _)| m));
            over.extend(other.take());
            for mut model in over {
                skel.fill_into(&mut model, data, sc, &scores, races);
                assert_eq!(format!("{model:?}"), format!("{fresh:?}"), "seed {seed}");
            }
        }
        other = solved().ok().map(|(m, _)| m);
    }
}
