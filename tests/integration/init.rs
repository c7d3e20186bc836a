//! `grantplan init`: the starter validates and plans as written, shows every
//! key at the default the program uses, and never overwrites a folder.

use std::path::Path;

use grantplan::input::diag::Diagnostics;
use grantplan::input::scenario::Scenario;

use crate::util::{run_in, tempdir};

#[test]
fn init_writes_a_starter_that_validates_and_plans() {
    for cycle in ["2026", "2028"] {
        let dir = tempdir().unwrap();
        let run = run_in(dir.path(), &["init", "my-plan", "--cycle", cycle]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stdout.contains("1. grantplan validate my-plan/scenario.toml"),
            "{}",
            run.stdout
        );
        for f in ["scenario.toml", "groups.csv", "states.csv", "chambers.csv", "races.csv"] {
            assert!(dir.path().join("my-plan").join(f).is_file(), "{f} missing");
        }
        let run = run_in(dir.path(), &["validate", "my-plan/scenario.toml"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        // No warnings either: the shipped groups it copies respect the effect
        // ceilings (issue 12, data/SOURCES.md §5 Reach).
        assert!(run.stdout.contains("6 groups; 0 errors, 0 warnings"), "{}", run.stdout);
        let run = run_in(dir.path(), &["plan", "my-plan/scenario.toml", "--format", "json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let p: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(p["scenario"], format!("My {cycle} plan"));
        assert!(p["allocated"].as_f64().unwrap() > 0.0);
        assert!(p["impact"].as_f64().unwrap() > 0.0);
    }
}

#[test]
fn the_starter_shows_every_key_at_the_programs_default() {
    let dir = tempdir().unwrap();
    let run = run_in(dir.path(), &["init", "p"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = Path::new("p/scenario.toml");
    let starter = std::fs::read_to_string(dir.path().join(path)).unwrap();
    let minimal = "name = \"My 2026 plan\"\nbudget = 1_000_000\n[data]\nstates = \"states.csv\"\n\
                   chambers = \"chambers.csv\"\nraces = \"races.csv\"\ngroups = \"groups.csv\"\n";
    let parse = |text: &str| {
        let mut diags = Diagnostics::new();
        let mut sc = Scenario::parse(path, text, &mut diags).expect("parses");
        assert!(!diags.has_errors(), "{diags:?}");
        sc.positions.clear(); // where each key was written differs, by design
        format!("{sc:?}")
    };
    assert_eq!(parse(&starter), parse(minimal));
    // And the commented-out keys, uncommented, parse without an error
    // (the lock and period blocks and the states list aside: they need real
    // ids, and TOML cannot hold `states = [...]` beside [states.PA]).
    let a = starter.find("# [[lock]]").unwrap();
    let b = starter.find("# [timing]").unwrap();
    let uncommented: String = format!("{}{}", &starter[..a], &starter[b..])
        .lines()
        .filter(|l| !l.starts_with("# states = "))
        .map(|l| match l.strip_prefix("# ") {
            Some(t) if t.contains(" = ") || t.starts_with('[') => t,
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert!(uncommented.contains("max_groups = 40") && uncommented.contains("\nmax_period_share"));
    let mut diags = Diagnostics::new();
    let sc = Scenario::parse(path, &uncommented, &mut diags).expect("parses");
    assert!(!diags.has_errors(), "{diags:?}\n{uncommented}");
    assert_eq!(sc.limits.max_groups, Some(40));
    assert_eq!(sc.timing.max_period_share, Some(0.6));
}

#[test]
fn init_never_overwrites_a_folder() {
    let dir = tempdir().unwrap();
    std::fs::create_dir(dir.path().join("mine")).unwrap();
    std::fs::write(dir.path().join("mine/scenario.toml"), "mine").unwrap();
    let run = run_in(dir.path(), &["init", "mine"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("already exists and is not empty"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(dir.path().join("mine/scenario.toml")).unwrap(), "mine");
}
