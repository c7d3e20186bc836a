//! Fat tails (MODEL.md §2, `scoring.df`): Student-t errors for the national
//! swing and each race. The engine's quadrature is checked against an
//! independent computation written here: the t₅ distribution function
//! integrated by hand (∫cos⁴), adaptive Simpson over the national swing
//! and every outcome of a small chamber enumerated.

use grantplan::base::rng::Rng;
use grantplan::score::stats::{StudentT, Tails};
use grantplan::tools::robust::unit_error;
use std::f64::consts::PI;

use crate::util::{json, Fixture};

/// t₅ scaled to unit sd, from first principles: with T = √5·tanφ the
/// density of φ is cos⁴φ / (3π/8), so F(t) = ½ + φ/π + (2/3π)·sin2φ +
/// sin4φ/(12π), φ = atan(t/√5); f(t) = 8/(3π√5)·(1 + t²/5)^−3.
fn t5_cdf(x: f64) -> f64 {
    let t = x / (0.6f64).sqrt();
    let phi = (t / 5f64.sqrt()).atan();
    0.5 + phi / PI + 2.0 / (3.0 * PI) * (2.0 * phi).sin() + (4.0 * phi).sin() / (12.0 * PI)
}

fn t5_pdf(x: f64) -> f64 {
    let c = 0.6f64.sqrt();
    let t = x / c;
    8.0 / (3.0 * PI * 5f64.sqrt()) * (1.0 + t * t / 5.0).powi(-3) / c
}

/// Adaptive Simpson of `f` on [a, b] to `tol`.
fn simpson(f: &dyn Fn(f64) -> f64, a: f64, b: f64, tol: f64) -> f64 {
    #[allow(clippy::too_many_arguments)] // the textbook recursion, kept as written
    fn step(
        f: &dyn Fn(f64) -> f64,
        a: f64,
        b: f64,
        fa: f64,
        fm: f64,
        fb: f64,
        whole: f64,
        tol: f64,
        depth: u32,
    ) -> f64 {
        let m = 0.5 * (a + b);
        let (lm, rm) = (0.5 * (a + m), 0.5 * (m + b));
        let (flm, frm) = (f(lm), f(rm));
        let left = (m - a) / 6.0 * (fa + 4.0 * flm + fm);
        let right = (b - m) / 6.0 * (fm + 4.0 * frm + fb);
        let diff = left + right - whole;
        if depth == 0 || diff.abs() <= 15.0 * tol {
            return left + right + diff / 15.0;
        }
        step(f, a, m, fa, flm, fm, left, tol / 2.0, depth - 1)
            + step(f, m, b, fm, frm, fb, right, tol / 2.0, depth - 1)
    }
    let (fa, fm, fb) = (f(a), f(0.5 * (a + b)), f(b));
    let whole = (b - a) / 6.0 * (fa + 4.0 * fm + fb);
    step(f, a, b, fa, fm, fb, whole, tol, 50)
}

/// E[g(ν)] for ν = σ_n times a unit-sd t₅: ν = σ_n·√3·tanφ, density of φ
/// cos⁴φ / (3π/8). Split at the points where the integrand turns fast.
fn over_swing(sd_n: f64, g: &dyn Fn(f64) -> f64) -> f64 {
    let h = |phi: f64| {
        let c = phi.cos();
        if c <= 0.0 {
            return 0.0;
        }
        c.powi(4) / (3.0 * PI / 8.0) * g(sd_n * 3f64.sqrt() * phi.tan())
    };
    let cuts = [-0.5 * PI, -1.2, -0.6, 0.0, 0.6, 1.2, 0.5 * PI];
    cuts.windows(2).map(|w| simpson(&h, w[0], w[1], 1e-13)).sum()
}

struct Race {
    margin: f64,
    sd: f64,
    turnout: f64,
}

const RACES: [Race; 4] = [
    Race { margin: 1.0, sd: 4.0, turnout: 20_000.0 },
    Race { margin: -3.0, sd: 5.0, turnout: 30_000.0 },
    Race { margin: 6.0, sd: 3.0, turnout: 10_000.0 },
    Race { margin: -9.0, sd: 6.0, turnout: 40_000.0 },
];
const SD_N: f64 = 3.0;
const NEEDED: usize = 3;

fn fixture() -> Fixture {
    let f = Fixture::tutorial();
    f.write(
        "chambers.csv",
        "chamber,name,seats,needed,d_not_up,control_value\nXX-SEN,XX Senate,4,3,0,1\n",
    );
    let mut races =
        String::from("race,state,office,district,date,margin,margin_sd,turnout,chamber\n");
    for (i, r) in RACES.iter().enumerate() {
        races.push_str(&format!(
            "S{i},XX,state_senate,{i},2026-11-03,{},{},{},XX-SEN\n",
            r.margin, r.sd, r.turnout
        ));
    }
    f.write("races.csv", &races);
    f.write("groups.csv", "group,name,state,races,dollars_per_net_vote,room\nA,A,XX,S0,100,1000\n");
    f
}

/// P(D wins race j | ν).
fn win(j: usize, nu: f64) -> f64 {
    t5_cdf((RACES[j].margin + nu) / RACES[j].sd)
}

/// P(the races other than `skip` give D exactly `count` seats | ν), by
/// enumerating their outcomes.
fn others(skip: usize, count: usize, nu: f64) -> f64 {
    let idx: Vec<usize> = (0..RACES.len()).filter(|&j| j != skip).collect();
    (0u32..1 << idx.len())
        .filter(|m| m.count_ones() as usize == count)
        .map(|m| {
            idx.iter()
                .enumerate()
                .map(|(b, &j)| if m & (1 << b) != 0 { win(j, nu) } else { 1.0 - win(j, nu) })
                .product::<f64>()
        })
        .sum()
}

#[test]
fn df_5_odds_match_an_independent_integration() {
    let f = fixture();
    f.append("scenario.toml", "\n[scoring]\nnational_sd = 3\ndf = 5\n");
    let s = json(&f.run("score", &["--format", "json", "--top", "0"]));
    let rel = |a: f64, b: f64| ((a - b) / b).abs();
    for (j, r) in RACES.iter().enumerate() {
        let got = s["races"].as_array().unwrap().iter().find(|x| x["race"] == format!("S{j}"));
        let got = got.unwrap();
        let p = over_swing(SD_N, &|nu| win(j, nu));
        let dens = over_swing(SD_N, &|nu| t5_pdf((r.margin + nu) / r.sd) / r.sd);
        let closeness = 100.0 / r.turnout * dens;
        // κ: race j decides control when the others give D NEEDED − 1 seats.
        let per_point = over_swing(SD_N, &|nu| {
            t5_pdf((r.margin + nu) / r.sd) / r.sd * others(j, NEEDED - 1, nu)
        });
        let kappa = 100.0 / r.turnout * per_point;
        let (gp, gc, gk) = (
            got["win_prob"].as_f64().unwrap(),
            got["closeness"].as_f64().unwrap(),
            got["control_pivotality"].as_f64().unwrap(),
        );
        assert!(rel(gp, p) < 1e-6, "S{j} win prob {gp} vs {p}");
        assert!(rel(gc, closeness) < 1e-6, "S{j} closeness {gc} vs {closeness}");
        assert!(rel(gk, kappa) < 1e-6, "S{j} κ {gk} vs {kappa}");
        // Fat tails differ from the normal: the check can tell them apart.
        let normal = grantplan::score::stats::cdf(r.margin / (r.sd * r.sd + SD_N * SD_N).sqrt());
        assert!(rel(p, normal) > 1e-3, "S{j}: {p} vs normal {normal}");
    }
    let control = over_swing(SD_N, &|nu| (NEEDED..=4).map(|c| others(usize::MAX, c, nu)).sum());
    let got = s["chambers"][0]["p_control"].as_f64().unwrap();
    assert!(rel(got, control) < 1e-6, "P(control) {got} vs {control}");
}

#[test]
fn df_0_is_the_normal_model_byte_for_byte() {
    let f = fixture();
    let plain = f.run("score", &["--format", "json"]);
    f.append("scenario.toml", "\n[scoring]\ndf = 0\n");
    let zero = f.run("score", &["--format", "json"]);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    assert_eq!(plain.stdout, zero.stdout);
}

#[test]
fn bad_df_is_refused_at_its_line() {
    for (value, found) in
        [("2", "2"), ("101", "101"), ("4.5", "4.5"), ("-5", "-5"), ("\"5\"", "string")]
    {
        let f = fixture();
        f.append("scenario.toml", &format!("\n[scoring]\ndf = {value}\n"));
        let run = f.run("score", &[]);
        assert_eq!(run.code, 2, "df = {value}: {}", run.stderr);
        assert!(run.stdout.is_empty());
        let line = f.read("scenario.toml").lines().count();
        assert!(
            run.stderr.contains(&format!("scenario.toml:{line}:")),
            "df = {value}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("scoring.df"), "{}", run.stderr);
        assert!(run.stderr.contains(found), "{}", run.stderr);
        assert!(run.stderr.contains("3 to 100"), "{}", run.stderr);
    }
    for ok in ["3", "5", "100", "0", "5.0"] {
        let f = fixture();
        f.append("scenario.toml", &format!("\n[scoring]\ndf = {ok}\n"));
        let run = f.run("score", &[]);
        assert_eq!(run.code, 0, "df = {ok}: {}", run.stderr);
    }
}

#[test]
fn robust_draws_have_the_t_shape() {
    // 400,000 unit-sd t₅ draws: mean 0, variance 1 (the t₅ kurtosis is 9,
    // so the sample variance's sd is √(8/n) ≈ 0.0045), and the share below
    // −2 and below −4 as the distribution function says (binomial error
    // bars), well above the normal's.
    let tails = Tails::from_df(5);
    let t = StudentT::new(5);
    let n = 400_000usize;
    let mut rng = Rng::stream(7, 0);
    let draws: Vec<f64> = (0..n).map(|_| unit_error(&mut rng, tails)).collect();
    let mean = draws.iter().sum::<f64>() / n as f64;
    let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    assert!(mean.abs() < 4.0 / (n as f64).sqrt(), "mean {mean}");
    assert!((var - 1.0).abs() < 4.0 * (8.0 / n as f64).sqrt(), "variance {var}");
    for x in [-2.0, -4.0, 1.0] {
        let p = t.cdf(x);
        let share = draws.iter().filter(|&&d| d < x).count() as f64 / n as f64;
        let se = (p * (1.0 - p) / n as f64).sqrt();
        assert!((share - p).abs() < 4.0 * se, "x={x}: {share} vs {p} ± {se}");
    }
    let beyond_4 = draws.iter().filter(|&&d| d < -4.0).count() as f64 / n as f64;
    assert!(beyond_4 > 20.0 * grantplan::score::stats::cdf(-4.0), "{beyond_4}");
    // df = 0 draws the normal, as before.
    let mut a = Rng::stream(7, 0);
    let mut b = Rng::stream(7, 0);
    assert_eq!(unit_error(&mut a, Tails::Normal).to_bits(), b.normal().to_bits());
}
