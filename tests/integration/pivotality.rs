//! The exact chamber-control engine against Monte Carlo simulation of the
//! same model (MODEL.md §2): a national swing ν ~ N(0, σ_n²) per block of
//! draws, then each race won with probability Φ((μ + ν)/σ_r). Seeded, so
//! the draws are the same on every run; the tolerances leave at least three
//! standard errors of simulation noise.

use grantplan::score::pivot::{chamber_control, ChamberOdds, SeatRace};
use grantplan::score::stats::{cdf, pdf, NormalQuadrature, Tails};

use crate::util::{close, json, repo, Fixture};

/// xoshiro256++: a small, fast, well-tested generator.
struct Rng([u64; 4]);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut z = seed;
        let mut next = || {
            z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut x = z;
            x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            x ^ (x >> 31)
        };
        Rng([next(), next(), next(), next()])
    }
    fn next(&mut self) -> u64 {
        let s = &mut self.0;
        let out = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        out
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Φ⁻¹(u) by bisection on Φ (exact to double precision; only used per block).
fn inverse_cdf(u: f64) -> f64 {
    let (mut lo, mut hi) = (-12.0f64, 12.0f64);
    for _ in 0..80 {
        let mid = 0.5 * (lo + hi);
        if cdf(mid) < u {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// Simulated P(control), and for the races in `watch` the per-point
/// pivotality E[φ((μ+ν)/σ_r)/σ_r · 1{the others leave it decisive}].
/// The swing is stratified: block i draws ν from the i-th of `blocks`
/// equal-probability slices of its distribution (still an unbiased
/// simulation, with far less noise from ν than independent draws).
fn simulate(
    odds: &ChamberOdds<'_>,
    sd_n: f64,
    blocks: usize,
    per_block: usize,
    seed: u64,
    watch: &[usize],
) -> (f64, Vec<f64>) {
    let mut rng = Rng::new(seed);
    let races = odds.races;
    let mut p = vec![0.0; races.len()];
    let mut won = vec![false; races.len()];
    let (mut control, mut decisive) = (0u64, vec![0.0; watch.len()]);
    for b in 0..blocks {
        let nu = sd_n * inverse_cdf((b as f64 + rng.unit()) / blocks as f64);
        for (pj, r) in p.iter_mut().zip(races) {
            *pj = cdf((r.mu + nu) / r.sd);
        }
        let dens: Vec<f64> =
            watch.iter().map(|&k| pdf((races[k].mu + nu) / races[k].sd) / races[k].sd).collect();
        for _ in 0..per_block {
            let mut seats = odds.d_not_up;
            for (j, r) in races.iter().enumerate() {
                won[j] = rng.unit() < p[j];
                if won[j] {
                    seats += r.seats;
                }
            }
            control += u64::from(seats >= odds.needed);
            for (i, &k) in watch.iter().enumerate() {
                let w = races[k].seats;
                let others = seats - if won[k] { w } else { 0 };
                if others < odds.needed && others + w >= odds.needed {
                    decisive[i] += dens[i];
                }
            }
        }
    }
    let n = (blocks * per_block) as f64;
    (control as f64 / n, decisive.into_iter().map(|d| d / n).collect())
}

/// A chamber as the scorer sees it: id, needed, D seats not up, its seats,
/// their race indices, the national sd.
type Chamber = (String, u32, u32, Vec<SeatRace>, Vec<usize>, f64);

/// Every chamber of a shipped scenario.
fn chambers(scenario: &str) -> Vec<Chamber> {
    let inputs = grantplan::load(&repo().join(scenario), None).unwrap();
    let (data, sc) = (&inputs.data, &inputs.scenario);
    let scores = grantplan::score::score(data, sc);
    data.chambers
        .iter()
        .zip(&scores.chambers)
        .filter(|(_, cs)| !cs.races.is_empty())
        .map(|(ch, cs)| {
            let seats = cs
                .races
                .iter()
                .map(|&r| SeatRace {
                    mu: scores.races[r].mu,
                    sd: scores.races[r].sd_race,
                    seats: data.races[r].seats,
                })
                .collect();
            (ch.id.clone(), ch.needed, ch.d_not_up, seats, cs.races.clone(), sc.scoring.national_sd)
        })
        .collect()
}

#[test]
fn control_odds_match_200k_simulated_elections() {
    let mut all = chambers("scenarios/midterms-2026.toml");
    all.extend(chambers("scenarios/cycle-2028.toml").into_iter().filter(|c| c.0 == "US-EC"));
    let q = NormalQuadrature::new(grantplan::score::QUADRATURE_NODES);
    let results = grantplan::base::par::map(&all, |(id, needed, d_not_up, seats, _, sd_n)| {
        let odds = ChamberOdds { needed: *needed, d_not_up: *d_not_up, races: seats };
        let exact = chamber_control(&odds, *sd_n, &q).p_control;
        let (sim, _) = simulate(&odds, *sd_n, 1_000, 200, 11, &[]);
        (id.clone(), exact, sim)
    });
    for (id, exact, sim) in results {
        assert!((exact - sim).abs() < 0.005, "{id}: exact {exact:.4}, simulated {sim:.4}");
    }
}

#[test]
fn top_20_pivotal_seats_match_2m_simulated_elections() {
    let all = chambers("scenarios/midterms-2026.toml");
    let inputs = grantplan::load(&repo().join("scenarios/midterms-2026.toml"), None).unwrap();
    let scores = grantplan::score::score(&inputs.data, &inputs.scenario);
    // The 20 races with the largest κ, by chamber.
    let mut ranked: Vec<(f64, usize)> =
        (0..inputs.data.races.len()).map(|r| (scores.races[r].control_pivotality, r)).collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    let top: Vec<usize> = ranked.iter().take(20).map(|x| x.1).collect();
    let jobs: Vec<_> = all.into_iter().filter(|c| c.4.iter().any(|r| top.contains(r))).collect();
    let q = NormalQuadrature::new(grantplan::score::QUADRATURE_NODES);
    let checked = grantplan::base::par::map(&jobs, |(id, needed, d_not_up, seats, races, sd_n)| {
        let watch: Vec<usize> = (0..races.len()).filter(|&k| top.contains(&races[k])).collect();
        let odds = ChamberOdds { needed: *needed, d_not_up: *d_not_up, races: seats };
        let exact = chamber_control(&odds, *sd_n, &q);
        let (_, sim) = simulate(&odds, *sd_n, 10_000, 200, 29, &watch);
        for (i, &k) in watch.iter().enumerate() {
            let rel = (sim[i] - exact.per_point[k]) / exact.per_point[k];
            assert!(
                rel.abs() < 0.03,
                "{id} seat {k}: exact {:.5e}, simulated {:.5e} ({:+.2}%)",
                exact.per_point[k],
                sim[i],
                rel * 100.0
            );
        }
        watch.len()
    });
    assert_eq!(checked.iter().sum::<usize>(), 20);
}

#[test]
fn quadrature_has_converged_at_96_nodes() {
    // Against a 5,001-point trapezoid rule over ±10 sd (itself exact to
    // double precision for this smooth integrand).
    let h = 0.004;
    let nodes: Vec<f64> = (0..5001).map(|i| -10.0 + h * i as f64).collect();
    let weights = nodes.iter().map(|z| h * pdf(*z)).collect();
    let fine = NormalQuadrature { nodes, weights, tails: Tails::Normal };
    let q = NormalQuadrature::new(grantplan::score::QUADRATURE_NODES);
    for (id, needed, d_not_up, seats, _, sd_n) in chambers("scenarios/midterms-2026.toml") {
        let odds = ChamberOdds { needed, d_not_up, races: &seats };
        let (a, b) = (chamber_control(&odds, sd_n, &q), chamber_control(&odds, sd_n, &fine));
        assert!((a.p_control - b.p_control).abs() < 1e-8, "{id}");
        for (x, y) in a.per_point.iter().zip(&b.per_point) {
            assert!((x - y).abs() <= 1e-6 * y.abs().max(1e-12), "{id}: {x} vs {y}");
        }
    }
}

#[test]
fn close_state_houses_come_out_near_even() {
    // With no national shift, the PA House (102-101 in 2024) and the MN
    // House (67-67) are close to even; MN needs 68 for control, since 67-67
    // shares power, so it sits below one half.
    let s = json(&crate::util::run_in(
        &repo(),
        &["score", "scenarios/midterms-2026.toml", "--format", "json"],
    ));
    let p = |id: &str| {
        s["chambers"].as_array().unwrap().iter().find(|c| c["chamber"] == id).unwrap()["p_control"]
            .as_f64()
            .unwrap()
    };
    assert!((0.35..0.65).contains(&p("PA-HOUSE")), "PA {}", p("PA-HOUSE"));
    assert!((0.3..0.6).contains(&p("MN-HOUSE")), "MN {}", p("MN-HOUSE"));
}

#[test]
fn a_three_seat_chamber_worked_by_hand() {
    // No national swing, so the races are independent: margins 0, +2, −2,
    // σ_r = 5; D needs 2 of 3. p = 0.5, Φ(0.4), Φ(−0.4).
    let f = Fixture::tutorial();
    f.write(
        "chambers.csv",
        "chamber,name,seats,needed,d_not_up,control_value\nXX-SEN,XX Senate,3,2,0,1\n",
    );
    f.write(
        "races.csv",
        "race,state,office,district,date,margin,margin_sd,turnout,chamber\n\
         S1,XX,state_senate,1,2026-11-03,0,5,10000,XX-SEN\n\
         S2,XX,state_senate,2,2026-11-03,2,5,10000,XX-SEN\n\
         S3,XX,state_senate,3,2026-11-03,-2,5,10000,XX-SEN\n",
    );
    f.write("groups.csv", "group,name,state,races,dollars_per_net_vote,room\nA,A,XX,S1,100,1000\n");
    f.append("scenario.toml", "\n[scoring]\nnational_sd = 0\n");
    let s = json(&f.run("score", &["--format", "json"]));
    let (p1, p2, p3) = (0.5, cdf(0.4), cdf(-0.4));
    let control = p1 * p2 + p1 * p3 + p2 * p3 - 2.0 * p1 * p2 * p3;
    assert!(close(s["chambers"][0]["p_control"].as_f64().unwrap(), control, 1e-12));
    // S1 decides control when exactly one of S2, S3 is won.
    let kappa = 100.0 / 10_000.0 * pdf(0.0) / 5.0 * (p2 * (1.0 - p3) + p3 * (1.0 - p2));
    let s1 = s["races"].as_array().unwrap().iter().find(|r| r["race"] == "S1").unwrap();
    assert!(close(s1["control_pivotality"].as_f64().unwrap(), kappa, 1e-12), "{s1}");
}

#[test]
fn student_quadrature_has_converged() {
    // df = 5: the Gauss–Gegenbauer rule the engine uses against a
    // 40,001-point trapezoid rule in φ, T = √5·tanφ (unit sd: √3·tanφ),
    // where the t₅ density is cos⁴φ / (3π/8), smooth and flat at ±π/2.
    let tails = Tails::from_df(5);
    let n = 40_001;
    let h = std::f64::consts::PI / (n - 1) as f64;
    let phis: Vec<f64> = (1..n - 1).map(|i| -std::f64::consts::FRAC_PI_2 + h * i as f64).collect();
    let nodes = phis.iter().map(|p| 3f64.sqrt() * p.tan()).collect();
    let weights =
        phis.iter().map(|p| h * p.cos().powi(4) / (3.0 * std::f64::consts::PI / 8.0)).collect();
    let fine = NormalQuadrature { nodes, weights, tails };
    let q = NormalQuadrature::of(tails, grantplan::score::STUDENT_NODES);
    for (id, needed, d_not_up, seats, _, sd_n) in chambers("scenarios/midterms-2026.toml") {
        let odds = ChamberOdds { needed, d_not_up, races: &seats };
        let (a, b) = (chamber_control(&odds, sd_n, &q), chamber_control(&odds, sd_n, &fine));
        let (pa, pb) = (a.p_control, b.p_control);
        assert!((pa - pb).abs() < 1e-4 * pb.min(1.0 - pb), "{id}: {pa} vs {pb}");
        assert!((a.expected_seats - b.expected_seats).abs() < 1e-6 * b.expected_seats, "{id}");
        let top = b.per_point.iter().cloned().fold(0.0, f64::max);
        for (x, y) in a.per_point.iter().zip(&b.per_point) {
            // 1e-4 of its value for every race within a thousandth of the
            // chamber's most pivotal one; below that, 1e-7 of the top.
            assert!((x - y).abs() <= (1e-4 * y.abs()).max(1e-7 * top), "{id}: {x} vs {y}");
        }
    }
}
