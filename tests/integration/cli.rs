//! Shell completions and manual pages, generated from the clap definitions:
//! every command and its options are in them.

use crate::util::{repo, run_in};

const COMMANDS: [&str; 10] = [
    "validate", "score", "plan", "compare", "frontier", "robust", "synth", "report", "init", "man",
];

#[test]
fn completions_list_every_command_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = run_in(&repo(), &["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        for cmd in COMMANDS {
            assert!(run.stdout.contains(cmd), "{shell} completions lack `{cmd}`");
        }
        assert!(run.stdout.contains("portfolio"), "{shell} completions lack --portfolio");
    }
    let run = run_in(&repo(), &["completions", "tcsh"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("bash"), "{}", run.stderr);
}

#[test]
fn man_pages_describe_grantplan_and_each_command() {
    let run = run_in(&repo(), &["man"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(".TH grantplan 1"), "{}", run.stdout);
    for cmd in COMMANDS {
        assert!(run.stdout.contains(cmd), "the page lacks `{cmd}`");
    }
    let run = run_in(&repo(), &["man", "plan"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(".TH grantplan-plan 1"), "{}", run.stdout);
    assert!(run.stdout.contains("\\-\\-budget"), "{}", run.stdout);
    let run = run_in(&repo(), &["man", "plam"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no command `plam`"), "{}", run.stderr);
}
