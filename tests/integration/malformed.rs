//! Malformed inputs: each gets a specific message naming the file and line,
//! exit code 2, nothing on standard output, and never a panic.

use crate::util::Fixture;

/// (name, edit, expected place prefix, expected message part)
pub type Case = (&'static str, fn(&Fixture), &'static str, &'static str);

pub const CASES: &[Case] = &[
    ("missing column", |f| {
        f.write("groups.csv", "group,name,state,dollars_per_net_vote\nA,A,XX,100\n");
    }, "groups.csv:1: error: missing required column `room`", "add a `room` column"),
    ("unknown column", |f| {
        f.replace("groups.csv", "peer_committed", "peer_comitted");
    }, "groups.csv:2:7: error: unknown column `peer_comitted`", "did you mean `peer_committed`?"),
    ("non-numeric cell", |f| {
        f.replace("groups.csv", "400000", "lots");
    }, "groups.csv:3:6: error: column `room`: expected a whole number of dollars ≥ 0, found `lots`", "write whole dollars"),
    ("negative room", |f| {
        f.replace("groups.csv", "1000000", "-5");
    }, "groups.csv:4:6: error: column `room`: expected a whole number of dollars ≥ 0, found `-5`", "hint"),
    ("unknown state", |f| {
        f.replace("groups.csv", "B,Group B,XX", "B,Group B,XY");
    }, "groups.csv:4: error: unknown state `XY`", "did you mean `XX`?"),
    ("duplicate group", |f| {
        f.append("groups.csv", "A,Again,XX,,150,10000,0\n");
    }, "groups.csv:5:1: error: duplicate group `A`: first defined on line 3", "remove or rename"),
    ("broken TOML", |f| {
        f.replace("scenario.toml", "budget = 500_000", "budget = = 500_000");
    }, "scenario.toml:4:", "not valid TOML"),
    ("unknown key", |f| {
        f.append("scenario.toml", "\n[limits]\nmax_grup_share = 0.5\n");
    }, "scenario.toml:13:1: error: unknown key `max_grup_share` in [limits]", "did you mean `max_group_share`?"),
    ("share above 1", |f| {
        f.append("scenario.toml", "\n[limits]\nmax_state_share = 1.5\n");
    }, "scenario.toml:13:19: error: `limits.max_state_share`: expected a share between 0 and 1, found 1.5", "0.25"),
    ("floors that cannot be met", |f| {
        f.append("scenario.toml", "\n[floors]\nyouth = 0.9\n");
    }, "scenario.toml:13:1: error: the youth floor needs $450,000", "lower the floor to 0.6"),
    ("floors summing past the budget", |f| {
        f.append("scenario.toml", "\n[floors]\nyouth = 0.6\nrural = 0.5\n");
    }, "error: [floors] add up to 1.100 of the budget", "sum to at most 1"),
    ("tranches not summing to 1", |f| {
        f.append("scenario.toml", "\n[returns]\ntranches = [0.5, 0.4]\nfactors = [1.0, 0.8]\n");
    }, "scenario.toml:13:12: error: `returns.tranches`: expected fractions of room summing to 1, found a sum of 0.9", "[0.25"),
    ("bad date", |f| {
        f.replace("races.csv", "2026-11-03", "2026-02-30");
    }, "races.csv:2:4: error: column `date`: expected a date YYYY-MM-DD, found `2026-02-30`", "2026-11-03"),
    ("unknown race in a group", |f| {
        f.write("groups.csv", "group,name,state,races,dollars_per_net_vote,room\nA,A,XX,XX-HOUSE-01,100,1000\n");
    }, "groups.csv:2: error: unknown race `XX-HOUSE-01`", "add `XX-HOUSE-01`"),
    ("unknown chamber", |f| {
        f.write("races.csv", "race,state,office,date,margin,turnout,chamber\nXX-SEN,XX,senate,2026-11-03,2,1000,US-SENATE\n");
    }, "races.csv:2: error: unknown chamber `US-SENATE`", "chambers.csv"),
    ("chamber seats that do not add up", |f| {
        f.write("chambers.csv", "chamber,name,seats,needed,d_not_up\nXX-SENATE,XX Senate,3,2,2\n");
        f.write("races.csv", "race,state,office,district,date,margin,turnout,chamber,seats\nXX-SD-1,XX,state_senate,1,2026-11-03,2,1000,XX-SENATE,1\nXX-SD-2,XX,state_senate,2,2026-11-03,2,1000,XX-SENATE,1\n");
    }, "chambers.csv:2: error: chamber `XX-SENATE`: seats do not add up: races carry 2 seats and 2 D seats are not up, 4 in all, but the chamber has 3", "d_not_up"),
    ("neither margin nor rating", |f| {
        f.replace("races.csv", ",2.0,4.0,", ",,4.0,");
    }, "races.csv:2:5: error: the race has neither a margin nor a rating", "tossup"),
    ("lock above room", |f| {
        f.append("scenario.toml", "\n[[lock]]\ngroup = \"A\"\namount = 350_000\n");
    }, "scenario.toml:13:9: error: lock of $350,000 for `A` is above its room", "at most 300000"),
    ("lock of an unknown group", |f| {
        f.append("scenario.toml", "\n[[lock]]\ngroup = \"C\"\namount = 1000\n");
    }, "scenario.toml:13:9: error: unknown group `C`", "groups.csv"),
    ("peer money above room", |f| {
        f.replace("groups.csv", "400000,100000", "400000,500000");
    }, "groups.csv:3:7: error: column `peer_committed`: other funders' money cannot exceed the group's room", "already covered"),
    ("unknown office", |f| {
        f.replace("races.csv", "senate", "senator");
    }, "races.csv:2:3: error: column `office`: expected one of president, senate", "lower case"),
    ("unknown floor tag", |f| {
        f.append("scenario.toml", "\n[floors]\nyuoth = 0.1\n");
    }, "scenario.toml:13:1: error: no group carries the tag `yuoth` of this floor", "did you mean `youth`?"),
    ("period releases that do not add up", |f| {
        f.append("scenario.toml", "\n[[periods]]\nname = \"H1\"\nstart = \"2026-01-01\"\nrelease = 100_000\n");
    }, "error: period releases add up to $100,000, but the budget is $500,000", "sum to the budget"),
    ("row with a missing cell", |f| {
        f.append("groups.csv", "C,Group C,XX\n");
    }, "groups.csv:5: error: expected 7 cells as in the header, found 3", "quoted"),
    ("missing data file", |f| {
        f.replace("scenario.toml", "races.csv", "race.csv");
    }, "scenario.toml:9:1: error: `data.races`: cannot read race.csv", "relative to the scenario"),
    ("empty groups file", |f| {
        f.write("groups.csv", "");
    }, "groups.csv:1: error: the file has no header row", "first line"),
    ("missing budget", |f| {
        f.replace("scenario.toml", "budget = 500_000", "");
    }, "scenario.toml:1:1: error: the scenario has no `budget`", "budget = 10_000_000"),
    ("a chamber too large to be real", |f| {
        f.write("chambers.csv", "chamber,name,seats,needed,d_not_up\nXX-S,XX Senate,3000000000,2,0\n");
    }, "chambers.csv:2:3: error: column `seats`: expected at most 10000 seats, found 3000000000", "typo"),
    ("rising factors", |f| {
        f.append("scenario.toml", "\n[returns]\nfactors = [0.5, 0.6, 0.7, 0.8]\n");
    }, "error: `returns.factors`: expected factors that fall", "diminish"),
];

#[test]
fn every_malformed_input_is_named_with_its_place() {
    assert!(CASES.len() >= 15);
    for (name, edit, place, hint) in CASES {
        let f = Fixture::tutorial();
        edit(&f);
        let run = f.run("validate", &[]);
        assert_eq!(run.code, 2, "{name}: exit {}\n{}", run.code, run.stderr);
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
        assert!(run.stderr.contains(place), "{name}: expected {place:?} in\n{}", run.stderr);
        assert!(run.stderr.contains(hint), "{name}: expected hint {hint:?} in\n{}", run.stderr);
        // Commands that produce output refuse too, and write nothing.
        let plan = f.run("plan", &["-o", "out.csv", "--format", "csv"]);
        assert!(
            plan.code == 2 || (*name == "floors that cannot be met" && plan.code == 1),
            "{name}: plan exit {}",
            plan.code
        );
        assert!(plan.stdout.is_empty(), "{name}: {}", plan.stdout);
        assert!(!f.path("out.csv").exists(), "{name}: half-written output");
    }
}

#[test]
fn all_problems_are_reported_at_once() {
    let f = Fixture::tutorial();
    f.replace("groups.csv", "400000", "lots");
    f.replace("groups.csv", "B,Group B,XX", "B,Group B,XY");
    f.replace("races.csv", "senate", "senator");
    f.replace("scenario.toml", "budget = 500_000", "budget = 500_000\nbugdet = 3");
    let run = f.run("validate", &[]);
    assert_eq!(run.code, 2);
    for part in
        ["found `lots`", "unknown state `XY`", "expected one of president", "unknown key `bugdet`"]
    {
        assert!(run.stderr.contains(part), "{part}: {}", run.stderr);
    }
}

#[test]
fn clean_scenario_validates_with_exit_zero() {
    let f = Fixture::tutorial();
    let run = f.run("validate", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("OK — 1 states, 0 chambers, 1 races, 2 groups; 0 errors, 0 warnings"),
        "{}",
        run.stdout
    );
}

#[test]
fn usage_errors_exit_2() {
    let f = Fixture::tutorial();
    assert_eq!(f.run("plan", &["--budget", "lots"]).code, 2);
    assert_eq!(f.run("plan", &["--format", "pdf"]).code, 2);
    assert_eq!(f.run("score", &["--format", "csv", "--table", "constituencies"]).code, 2);
}
