//! Donor tables (MODEL.md §3 "Funders", §5): the worked example, the checks
//! on `[[funders]]`, infeasibility in the funders' terms, and the outputs.

use crate::util::{close, json, Fixture};

/// The §5 example split between F1 ($300,000, unrestricted) and F2
/// ($200,000, youth groups only).
fn table() -> Fixture {
    let f = Fixture::tutorial();
    f.replace("scenario.toml", "budget = 500_000\n", "");
    f.append(
        "scenario.toml",
        "\n[[funders]]\nid = \"f1\"\nname = \"F1\"\nbudget = 300_000\n\n[[funders]]\nid = \"f2\"\nname = \"F2\"\nbudget = 200_000\nconstituencies = [\"youth\"]\n",
    );
    f
}

fn pays(p: &serde_json::Value, funder: &str, group: &str) -> f64 {
    p["funder_grants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["funder"] == funder && r["group"] == group)
        .map_or(0.0, |r| r["amount"].as_f64().unwrap())
}

#[test]
fn worked_example_joint_plan_and_the_value_of_coordinating() {
    let f = table();
    let p = json(&f.run("plan", &["--format", "json"]));
    assert_eq!(p["budget"], 500_000);
    assert!(close(p["impact"].as_f64().unwrap(), 0.0228327, 1e-5), "{}", p["impact"]);
    // F2 may fund only A: all its 200,000 goes there; F1 gives A 100,000, B 200,000.
    assert_eq!(pays(&p, "f2", "A"), 200_000.0);
    assert_eq!(pays(&p, "f2", "B"), 0.0);
    assert_eq!(pays(&p, "f1", "A"), 100_000.0);
    assert_eq!(pays(&p, "f1", "B"), 200_000.0);
    let c = &p["coordination"];
    assert!(close(c["joint_impact"].as_f64().unwrap(), 0.0228327, 1e-5));
    assert!(close(c["alone_impact"].as_f64().unwrap(), 0.0154673, 1e-5), "{c}");
    assert!(close(c["gain"].as_f64().unwrap(), 0.0073654, 1e-4), "{c}");
    assert!((c["gain_pct"].as_f64().unwrap() - 47.6).abs() < 0.05, "{c}");
    assert_eq!(c["duplicated"], 200_000.0);
    assert_eq!(c["groups"][0]["group"], "A");
    assert_eq!(c["groups"][0]["alone"], 500_000.0);
    // Each funder's attributed impact adds up to the plan's.
    let parts: f64 =
        p["funders"].as_array().unwrap().iter().map(|r| r["impact"].as_f64().unwrap()).sum();
    assert!(close(parts, p["impact"].as_f64().unwrap(), 1e-9));
}

#[test]
fn coordination_is_said_in_plain_words_after_the_plan() {
    let f = table();
    let run = f.run("plan", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(out.contains("Planning together adds 0.0074 win-equivalents (+47.6%) over the funders planning alone"), "{out}");
    assert!(out.contains("avoids $200,000 of duplicated grants to 1 group"), "{out}");
}

#[test]
fn one_unrestricted_funder_gives_todays_plan() {
    let plain = Fixture::tutorial();
    let one = Fixture::tutorial();
    one.append("scenario.toml", "\n[[funders]]\nid = \"all\"\nbudget = 500_000\n");
    let a = json(&plain.run("plan", &["--format", "json"]));
    let b = json(&one.run("plan", &["--format", "json"]));
    assert_eq!(a["groups"], b["groups"]);
    assert_eq!(a["impact"], b["impact"]);
    assert_eq!(b["funders"][0]["granted"], 500_000);
    assert!(close(b["coordination"]["gain"].as_f64().unwrap().abs() + 1.0, 1.0, 1e-12));
}

#[test]
fn funder_mistakes_are_reported_at_their_line_with_did_you_mean() {
    let f = table();
    f.append(
        "scenario.toml",
        "\n[[funders]]\nid = \"f3\"\nbudget = 100_000\nstates = [\"XY\"]\nconstituencies = [\"yuoth\"]\ngroups = [\"a\"]\nmax_group_shar = 0.2\n\n[[funders]]\nid = \"f4\"\nbudget = 1\ntax = \"c3\"\n",
    );
    let run = f.run("validate", &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let err = &run.stderr;
    for want in [
        "unknown state `XY`",
        "did you mean `XX`?",
        "unknown tag `yuoth`",
        "did you mean `youth`?",
        "unknown group `a`",
        "did you mean `A`?",
        "unknown key `max_group_shar` in [[funders]]",
        "funder `f3` has nothing to fund",
        "funder `f4` gives tax-deductible (c3) money, but none of the 2 groups it may fund has c3 room",
    ] {
        assert!(err.contains(want), "missing {want:?} in {err}");
    }
    assert!(err.contains("scenario.toml:25:11: error: unknown state `XY`"), "{err}");
}

#[test]
fn a_budget_that_is_not_the_funders_sum_is_an_error() {
    let f = table();
    f.replace("scenario.toml", "name = ", "budget = 600_000\nname = ");
    let run = f.run("plan", &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("scenario.toml:3:10: error: `budget` is $600000, but the funders' budgets add up to $500000"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn c3_money_stays_within_c3_room() {
    let f = table();
    f.replace("groups.csv", "peer_committed\n", "peer_committed,c3_room\n");
    f.replace("groups.csv", "400000,100000\n", "400000,100000,50000\n");
    f.replace("groups.csv", "1000000,0\n", "1000000,0,0\n");
    f.replace(
        "scenario.toml",
        "constituencies = [\"youth\"]\n",
        "constituencies = [\"youth\"]\ntax = \"c3\"\n",
    );
    let p = json(&f.run("plan", &["--format", "json"]));
    // F2 may give A only its c3 room; the rest of A's 300,000 is F1's, and
    // F1's 300,000 cannot cover B beyond 50,000 more: the table spends 350,000.
    assert_eq!(pays(&p, "f2", "A"), 50_000.0);
    assert_eq!(pays(&p, "f1", "A") + pays(&p, "f1", "B"), 300_000.0);
    assert_eq!(p["allocated"], 350_000);
    assert_eq!(p["funders"][1]["unspent"], 150_000);
}

#[test]
fn a_state_table_that_must_spend_everything_is_explained_in_its_terms() {
    let f = table();
    f.replace(
        "scenario.toml",
        "constituencies = [\"youth\"]\n",
        "constituencies = [\"youth\"]\nspend_all = true\nmax_group_share = 0.5\n",
    );
    let run = f.run("plan", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let err = &run.stderr;
    assert!(err.contains("F2's $200,000 cannot all be spent (spend_all): the groups it may fund can take only $100,000"), "{err}");
    assert!(run.stdout.is_empty());
}

#[test]
fn floors_that_only_narrow_money_can_pay_are_explained_in_funders_terms() {
    // B is not youth; the youth floor needs A to take 300,000, but only F1
    // may fund A when F2 is restricted to B... make F2 fund B only and give F1
    // too little for A.
    let f = Fixture::tutorial();
    f.replace("scenario.toml", "budget = 500_000\n", "");
    f.append(
        "scenario.toml",
        "\n[floors]\nyouth = 0.5\n\n[[funders]]\nid = \"f1\"\nname = \"F1\"\nbudget = 100_000\n\n[[funders]]\nid = \"f2\"\nname = \"B's table\"\nbudget = 400_000\ngroups = [\"B\"]\n",
    );
    let run = f.run("plan", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("that only F1 may fund can be paid at most $100,000 by them"),
        "{}",
        run.stderr
    );
}

#[test]
fn one_funders_grant_list_and_the_out_folder() {
    let f = table();
    let run = f.run("plan", &["--funder", "f2"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Grants from F2 (f2)"), "{}", run.stdout);
    assert!(run.stdout.contains("$200,000 to 1 group\n"), "{}", run.stdout);
    let csv = f.run("plan", &["--funder", "f1", "--format", "csv"]);
    assert_eq!(
        csv.stdout,
        "funder,group,name,state,amount,share_of_grant,impact\nf1,B,Group B,XX,200000,1.0,0.007365402806066466\nf1,A,Group A (youth),XX,100000,0.3333333333333333,0.005155781964246527\n"
    );
    let bad = f.run("plan", &["--funder", "f3"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("unknown funder `f3`; did you mean `f1`?"), "{}", bad.stderr);
    let run = f.run("plan", &["--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(f.read("out/funders.csv").starts_with(
        "funder,name,budget,granted,unspent,groups_funded,impact,rules\nf1,F1,300000,300000,0,2,"
    ));
    assert!(f.read("out/funder_grants.csv").contains("f2,A,Group A (youth),XX,200000,"));
    // Without funders the folder is as before.
    let plain = Fixture::tutorial();
    assert_eq!(plain.run("plan", &["--out", "out"]).code, 0);
    assert!(!plain.path("out/funders.csv").exists());
}

#[test]
fn the_spreadsheet_has_a_sheet_per_funder() {
    let f = table();
    let run = f.run("plan", &["--format", "xlsx", "-o", "plan.xlsx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = std::fs::File::open(f.path("plan.xlsx")).unwrap();
    let zip = zip::ZipArchive::new(file).unwrap();
    let names: Vec<String> = zip.file_names().map(String::from).collect();
    let mut book = String::new();
    let mut z = zip::ZipArchive::new(std::fs::File::open(f.path("plan.xlsx")).unwrap()).unwrap();
    std::io::Read::read_to_string(&mut z.by_name("xl/workbook.xml").unwrap(), &mut book).unwrap();
    for sheet in ["Funders", "Funder grants", "Duplicated alone", "F1 f1", "F2 f2"] {
        assert!(book.contains(&format!("name=\"{sheet}\"")), "{sheet} missing: {book} {names:?}");
    }
}

#[test]
fn locks_periods_and_integer_limits_work_with_funders() {
    // A lock on B that only F1 can pay part of, two periods, and a minimum grant.
    let f = table();
    f.append(
        "scenario.toml",
        "\n[[lock]]\ngroup = \"B\"\namount = 150_000\n\n[[periods]]\nname = \"early\"\nstart = \"2026-01-01\"\nrelease = 250_000\nmultiplier = 1.2\n[[periods]]\nname = \"late\"\nstart = \"2026-06-01\"\nrelease = 250_000\n",
    );
    let p = json(&f.run("plan", &["--format", "json"]));
    let grant = |id: &str| {
        p["groups"].as_array().unwrap().iter().find(|g| g["group"] == id).unwrap()["amount"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(grant("B"), 150_000.0);
    assert_eq!(grant("A"), 300_000.0);
    assert_eq!(pays(&p, "f1", "B"), 150_000.0);
    assert_eq!(pays(&p, "f2", "A"), 200_000.0);
    assert_eq!(pays(&p, "f1", "A"), 100_000.0);
    assert!(!p["schedule"].as_array().unwrap().is_empty());
    // min_grant: B's 150,000 is locked; A can take 300,000; F1's last 50,000 cannot go anywhere else.
    let m = table();
    // (Without effect ceilings here; with them, see funder_properties.rs.)
    m.append(
        "scenario.toml",
        "\n[limits]\nmin_grant = 120_000\nmax_groups = 1\n[effects]\nmax_shift = 0\n",
    );
    let p = json(&m.run("plan", &["--format", "json"]));
    // One group only: A, with F2's 200,000 and 100,000 of F1's.
    assert_eq!(pays(&p, "f2", "A"), 200_000.0);
    assert_eq!(pays(&p, "f1", "A"), 100_000.0);
    assert_eq!(p["allocated"], 300_000);
    assert_eq!(p["funders"][0]["unspent"], 200_000);
}

#[test]
fn a_funders_portfolio_is_compared_with_its_part_of_the_joint_plan() {
    let f = table();
    f.write("f2.csv", "group,amount\nA,150000\nB,50000\n");
    let run = f.run("compare", &["--portfolio", "f2.csv", "--funder", "f2", "--format", "json"]);
    let v = json(&run);
    assert_eq!(v["funder"], "f2");
    assert_eq!(v["portfolio_total"], 200_000);
    assert_eq!(v["joint_granted"], 200_000);
    let b = v["groups"].as_array().unwrap().iter().find(|g| g["group"] == "B").unwrap();
    assert_eq!(b["allowed"], false);
    assert_eq!(b["change"], -50_000);
    let bad = f.run("compare", &["--portfolio", "f2.csv", "--funder", "f9"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("did you mean `f1`?"), "{}", bad.stderr);
}

#[test]
fn the_report_says_who_pays_for_what() {
    let f = table();
    let run = f.run("report", &["-o", "r.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = f.read("r.html");
    assert!(page.contains("Who pays for what</h2>"), "no section");
    assert!(page.contains("What each funder gives"), "no chart");
    assert!(page.contains("Planning together adds 0.0074 win-equivalents (+47.6%)"));
    let plain = Fixture::tutorial();
    assert_eq!(plain.run("report", &["-o", "r.html"]).code, 0);
    assert!(!plain.read("r.html").contains("Who pays for what"));
}

/// The shipped donor table on the 2026 data, with a c3_room column added
/// where the data has none yet (40% of each group's room after peer money).
#[test]
fn the_shipped_donor_table_plans_25m_by_each_funders_rules() {
    let dir = crate::util::tempdir().unwrap();
    let root = crate::util::repo();
    std::fs::copy(root.join("data/states.csv"), dir.path().join("states.csv")).unwrap();
    for f in ["chambers.csv", "races.csv"] {
        std::fs::copy(root.join("data/2026").join(f), dir.path().join(f)).unwrap();
    }
    let groups = std::fs::read_to_string(root.join("data/2026/groups.csv")).unwrap();
    let mut header: Vec<String> = Vec::new();
    let mut out = String::new();
    for line in groups.lines() {
        if line.starts_with('#') || header.contains(&"c3_room".to_owned()) && !header.is_empty() {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if header.is_empty() {
            header = line.split(',').map(String::from).collect();
            out.push_str(line);
            if !header.contains(&"c3_room".to_owned()) {
                out.push_str(",c3_room");
            }
            out.push('\n');
            continue;
        }
        let cells: Vec<&str> = line.split(',').collect();
        let cell = |k: &str| {
            cells[header.iter().position(|h| h == k).unwrap()].parse::<f64>().unwrap_or(0.0)
        };
        let left = cell("room") - cell("peer_committed");
        out.push_str(&format!("{line},{}\n", ((left * 0.4) / 1000.0).floor() * 1000.0));
    }
    std::fs::write(dir.path().join("groups.csv"), out).unwrap();
    let scenario = std::fs::read_to_string(root.join("scenarios/donor-table-2026.toml"))
        .unwrap()
        .replace("\"../data/states.csv\"", "\"states.csv\"")
        .replace("\"../data/2026/", "\"");
    std::fs::write(dir.path().join("s.toml"), scenario).unwrap();
    let p = json(&crate::util::run_in(dir.path(), &["plan", "s.toml", "--format", "json"]));
    assert_eq!(p["budget"], 25_000_000);
    let funders = p["funders"].as_array().unwrap();
    assert_eq!(funders.len(), 5);
    let state_of = |id: &str| {
        p["groups"].as_array().unwrap().iter().find(|g| g["group"] == id).unwrap()["state"].clone()
    };
    for r in p["funder_grants"].as_array().unwrap() {
        match r["funder"].as_str().unwrap() {
            "pa-table" => assert_eq!(state_of(r["group"].as_str().unwrap()), "PA"),
            "mi-table" => assert_eq!(state_of(r["group"].as_str().unwrap()), "MI"),
            "youth-fund" => assert!(r["amount"].as_f64().unwrap() <= 600_000.0),
            _ => {}
        }
    }
    for f in funders {
        assert!(f["granted"].as_f64().unwrap() <= f["budget"].as_f64().unwrap());
    }
    let c = &p["coordination"];
    assert!(c["gain"].as_f64().unwrap() > 0.0, "{c}");
    assert!(c["duplicated"].as_f64().unwrap() > 0.0, "{c}");
}
