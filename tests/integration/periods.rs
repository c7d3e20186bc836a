//! Early money: schedules on cases worked by hand. One group (A, $100 a net
//! vote, room $1M) in state XX; a Senate race on 2026-06-01, between the two
//! periods, and a governor race on 2026-11-03; both at margin 0, σ = 5,
//! turnout 1,000,000.

use crate::util::{close, json, Fixture};

/// v of the Senate race: (100/T)·φ(0)/5.
const V_SEN: f64 = 1e-4 * 0.398_942_280_401_432_7 / 5.0;
/// v of the governor race: weight 0.8.
const V_GOV: f64 = 0.8 * V_SEN;

fn fixture(periods: &str, extra: &str) -> Fixture {
    let f = Fixture::tutorial();
    f.write("races.csv", "race,state,office,date,margin,margin_sd,turnout\nXX-SEN,XX,senate,2026-06-01,0,4,1000000\nXX-GOV,XX,governor,2026-11-03,0,4,1000000\n");
    f.write("groups.csv", "group,name,state,dollars_per_net_vote,room\nA,Group A,XX,100,1000000\n");
    f.replace(
        "scenario.toml",
        "budget = 500_000",
        &format!("budget = 200_000\nstart = \"2026-01-01\"\n{extra}"),
    );
    f.append("scenario.toml", periods);
    f
}

const TWO_PERIODS: &str = "\n[[periods]]\nname = \"H1\"\nstart = \"2026-01-01\"\nrelease = 100_000\nmultiplier = 1.2\n[[periods]]\nname = \"H2\"\nstart = \"2026-07-01\"\nrelease = 100_000\nmultiplier = 1.0\n";

fn amounts(p: &serde_json::Value) -> Vec<f64> {
    p["periods"].as_array().unwrap().iter().map(|r| r["amount"].as_f64().unwrap()).collect()
}

#[test]
fn a_race_held_mid_plan_stops_drawing_money() {
    let p = json(&fixture(TWO_PERIODS, "").run("plan", &["--format", "json"]));
    assert_eq!(amounts(&p), vec![100_000.0, 100_000.0]);
    // H1 money reaches both races at ×1.2; H2 money only the governor race.
    let expect = 100e3 * 1.2 * (V_SEN + V_GOV) / 100.0 + 100e3 * V_GOV / 100.0;
    assert!(close(p["impact"].as_f64().unwrap(), expect, 1e-6), "{} vs {expect}", p["impact"]);
    // The same $200k all in H2 reaches only the governor race.
    let timing = &p["timing"];
    let late = 200e3 * V_GOV / 100.0;
    assert!(close(timing["impact_if_last_period"].as_f64().unwrap(), late, 1e-6), "{timing}");
    assert!(close(timing["gain_pct"].as_f64().unwrap(), 100.0 * (expect - late) / late, 1e-6));
    assert_eq!(timing["last_period"], "H2");
    // The Senate race gets votes only from H1 money: 100k / $100 = 1,000.
    let sen = p["races"].as_array().unwrap().iter().find(|r| r["race"] == "XX-SEN").unwrap();
    assert!(close(sen["net_votes"].as_f64().unwrap(), 1000.0 * 1.2, 1e-9), "{sen}");
}

#[test]
fn money_rolls_forward_to_a_better_period() {
    // Early money worth less here (×0.5): all $200k waits for H2.
    let periods = TWO_PERIODS
        .replace("multiplier = 1.2", "multiplier = 0.5")
        .replace("2026-06-01", "2026-11-03");
    let f = fixture(&periods, "");
    f.replace("races.csv", "2026-06-01", "2026-11-03");
    let p = json(&f.run("plan", &["--format", "json"]));
    assert_eq!(amounts(&p), vec![0.0, 200_000.0]);
    assert!(close(p["impact"].as_f64().unwrap(), 200e3 * (V_SEN + V_GOV) / 100.0, 1e-6));
}

#[test]
fn money_cannot_be_spent_before_it_is_released() {
    let periods = TWO_PERIODS
        .replace("release = 100_000\nmultiplier = 1.2", "release = 50_000\nmultiplier = 1.2")
        .replace("release = 100_000\nmultiplier = 1.0", "release = 150_000\nmultiplier = 1.0");
    let p = json(&fixture(&periods, "").run("plan", &["--format", "json"]));
    assert_eq!(amounts(&p), vec![50_000.0, 150_000.0]);
    let expect = 50e3 * 1.2 * (V_SEN + V_GOV) / 100.0 + 150e3 * V_GOV / 100.0;
    assert!(close(p["impact"].as_f64().unwrap(), expect, 1e-6));
}

#[test]
fn a_group_at_its_per_period_cap() {
    // 5% of $1M room = $50k a period: $50k in each, $100k left over.
    let p = json(
        &fixture(&format!("\n[timing]\nmax_period_share = 0.05\n{TWO_PERIODS}"), "")
            .run("plan", &["--format", "json"]),
    );
    assert_eq!(amounts(&p), vec![50_000.0, 50_000.0]);
    assert_eq!(p["unallocated"], 100_000);
    assert_eq!(p["groups"][0]["limited_by"], "period_cap");
    let c = p["constraints"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["constraint"] == "period_cap")
        .unwrap()
        .clone();
    // Without the cap: $100k in each period.
    let gain = 50e3 * 1.2 * (V_SEN + V_GOV) / 100.0 + 50e3 * V_GOV / 100.0;
    assert!(close(c["cost"].as_f64().unwrap(), gain, 1e-5), "{c}");
}

#[test]
fn schedule_tables_are_written() {
    let f = fixture(TWO_PERIODS, "");
    let run = f.run("plan", &["--format", "csv", "--table", "schedule"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "group,state,period,amount\nA,XX,H1,100000\nA,XX,H2,100000\n");
    let run = f.run("plan", &["--format", "csv", "--table", "state-schedule"]);
    assert_eq!(run.stdout, "state,period,amount\nXX,H1,100000\nXX,H2,100000\n");
    let run = f.run("plan", &["--format", "csv", "--table", "periods"]);
    assert!(run.stdout.starts_with("period,start,multiplier,release,amount,released_to_date,granted_to_date,groups_funded,races_ahead\nH1,2026-01-01,1.2,100000,100000,100000,100000,1,2\nH2,2026-07-01,1.0,100000,100000,200000,200000,1,1\n"), "{}", run.stdout);
    let table = f.run("plan", &[]);
    assert!(table.stdout.contains("Schedule by period"), "{}", table.stdout);
    assert!(table.stdout.contains("What giving early is worth"), "{}", table.stdout);
}
