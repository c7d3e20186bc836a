//! Anchoring (MODEL.md §2): the national shift found makes the model's
//! P(D control) equal the published figure, checked against an independent
//! integration over the national swing; bad anchors are input errors.

use crate::util::{json, Fixture};

/// Three seats of a five-seat chamber are up; D holds 1 and needs 3.
fn chamber_fixture(anchor: &str) -> Fixture {
    let f = Fixture::tutorial();
    f.write(
        "chambers.csv",
        "chamber,name,seats,needed,d_not_up,control_value\nXX-HOUSE,XX House,5,3,1,2\n",
    );
    f.write(
        "races.csv",
        "race,state,office,district,date,margin,margin_sd,turnout,chamber\n\
         XX-SEN,XX,senate,,2026-11-03,2.0,4.0,1000000,\n\
         XX-H-1,XX,state_house,1,2026-11-03,-3.0,4.0,30000,XX-HOUSE\n\
         XX-H-2,XX,state_house,2,2026-11-03,1.0,5.0,25000,XX-HOUSE\n\
         XX-H-3,XX,state_house,3,2026-11-03,-6.0,3.0,40000,XX-HOUSE\n",
    );
    f.replace("scenario.toml", "[data]", &format!("[scoring]\n{anchor}\n\n[data]"));
    f
}

fn phi(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// Φ by Simpson's rule on the density from −12 (independent of libm's erfc).
fn big_phi(x: f64) -> f64 {
    if x < -12.0 {
        return 0.0;
    }
    let n = 4000;
    let h = (x + 12.0) / n as f64;
    let mut s = phi(-12.0) + phi(x);
    for i in 1..n {
        s += phi(-12.0 + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
    }
    s * h / 3.0
}

/// P(D control) with every margin moved by `shift`: the swing ν ~ N(0, 3²)
/// integrated by the trapezoid rule over ±10 sd; given ν, D needs 2 of the 3.
fn p_control(shift: f64) -> f64 {
    let races = [(-3.0, 4.0), (1.0, 5.0), (-6.0, 3.0)];
    let (sd_n, n) = (3.0, 4000);
    let h = 20.0 * sd_n / n as f64;
    let mut total = 0.0;
    for i in 0..=n {
        let nu = -10.0 * sd_n + i as f64 * h;
        let p: Vec<f64> = races.iter().map(|&(m, s)| big_phi((m + shift + nu) / s)).collect();
        let two = p[0] * p[1] * (1.0 - p[2])
            + p[0] * (1.0 - p[1]) * p[2]
            + (1.0 - p[0]) * p[1] * p[2]
            + p[0] * p[1] * p[2];
        let w = if i == 0 || i == n { 0.5 } else { 1.0 };
        total += w * phi(nu / sd_n) / sd_n * two * h;
    }
    total
}

#[test]
fn the_shift_found_matches_the_published_probability() {
    let f = chamber_fixture("anchor = { chamber = \"XX-HOUSE\", p_control = 0.6 }");
    let s = json(&f.run("score", &["--format", "json"]));
    let shift = s["national_shift"].as_f64().unwrap();
    assert_eq!(s["anchor"]["chamber"], "XX-HOUSE");
    assert_eq!(s["anchor"]["national_shift"].as_f64().unwrap(), shift);
    let model = s["chambers"][0]["p_control"].as_f64().unwrap();
    assert!((model - 0.6).abs() < 1e-6, "model P(control) {model} at shift {shift}");
    // An independent integration agrees, and the shift is the root to 1e-6.
    assert!((p_control(shift) - 0.6).abs() < 1e-6, "{}", p_control(shift));
    assert!(p_control(shift - 1e-4) < 0.6 && p_control(shift + 1e-4) > 0.6);
    // Every margin moved by it: the Senate race too.
    assert!(
        (s["races"].as_array().unwrap().iter().find(|r| r["race"] == "XX-SEN").unwrap()["margin"]
            .as_f64()
            .unwrap()
            - (2.0 + shift))
            .abs()
            < 1e-12
    );
    // `plan` prints it.
    let t = f.run("plan", &[]);
    assert!(
        t.stdout.contains(&format!(
            "anchor       national shift {shift:+.4} pts, so that P(D control) of XX-HOUSE is 60.0%"
        )),
        "{}",
        t.stdout
    );
    let t = f.run("score", &[]);
    assert!(t.stdout.contains("(anchored: the shift that makes P(D control) of XX-HOUSE 60.0%)"));
}

#[test]
fn an_anchor_and_a_shift_together_are_an_error_at_the_shift() {
    let f = chamber_fixture(
        "national_shift = 1.5\nanchor = { chamber = \"XX-HOUSE\", p_control = 0.6 }",
    );
    let run = f.run("score", &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("scenario.toml:7:18: error: `scoring.national_shift` and `scoring.anchor` are both given"), "{}", run.stderr);
}

#[test]
fn bad_anchors_are_input_errors() {
    let f = chamber_fixture("anchor = { chamber = \"XX-HOUS\", p_control = 0.6 }");
    let run = f.run("plan", &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown chamber `XX-HOUS`"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `XX-HOUSE`?"), "{}", run.stderr);

    let f = chamber_fixture("anchor = { chamber = \"XX-HOUSE\", p_control = 1.0 }");
    let run = f.run("plan", &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("strictly between 0 and 1"), "{}", run.stderr);

    // D cannot reach 3 seats when only 1 is up besides the one it holds.
    let f = chamber_fixture("anchor = { chamber = \"XX-HOUSE\", p_control = 0.5 }");
    f.write(
        "chambers.csv",
        "chamber,name,seats,needed,d_not_up,control_value\nXX-HOUSE,XX House,5,4,0,2\n",
    );
    for cmd in ["plan", "validate"] {
        let run = f.run(cmd, &[]);
        assert_eq!(run.code, 2, "{cmd}: {}", run.stderr);
        assert!(
            run.stderr.contains("no national shift gives `XX-HOUSE` a P(D control) of 0.5"),
            "{cmd}: {}",
            run.stderr
        );
    }
}
