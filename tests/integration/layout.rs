//! The source tree is the pipeline: every `crate::` path in a stage's files
//! names that stage, an earlier one, or the ground floor (`base`), so no two
//! stages import each other and nothing below `report` renders.

use std::path::Path;

use crate::util::repo;

/// The stages in the order data flows, the face last.
const ORDER: [&str; 8] = ["base", "input", "score", "plan", "tools", "report", "cli", "cmd"];

fn rank(stage: &str) -> Option<usize> {
    ORDER.iter().position(|s| *s == stage)
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The first path segment after `crate::`: one name, or each name of a
/// `{a, b::c}` group.
fn first_names(rest: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.trim_start().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
    };
    let Some(group) = rest.strip_prefix('{') else {
        return vec![ident(rest)];
    };
    let (mut depth, mut start, mut names) = (0usize, 0usize, Vec::new());
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                names.push(ident(&group[start..i]));
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                names.push(ident(&group[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    names
}

#[test]
fn import_groups_are_read_name_by_name() {
    assert_eq!(first_names("plan::Plan;"), ["plan"]);
    assert_eq!(first_names("{base::output, plan::{a, b}, EXIT_OK};"), ["base", "plan", "EXIT_OK"]);
}

#[test]
fn every_import_runs_to_an_earlier_stage_or_the_ground_floor() {
    let src = repo().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    let mut seen = 0;
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let first = rel.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
        let Some(own) = rank(&first) else {
            continue; // lib.rs and main.rs sit above the stages
        };
        let text = std::fs::read_to_string(file).unwrap();
        for (at, _) in text.match_indices("crate::") {
            for name in first_names(&text[at + "crate::".len()..]) {
                seen += 1;
                match rank(&name) {
                    Some(r) if r <= own || r == 0 => {}
                    Some(_) => wrong.push(format!("{}: imports {name}", rel.display())),
                    None => {} // an item of lib.rs (exit codes, load)
                }
            }
        }
    }
    assert!(seen > 100, "found only {seen} crate:: paths: is the scan broken?");
    assert!(wrong.is_empty(), "imports that run against the pipeline:\n{}", wrong.join("\n"));
}

#[test]
fn lib_rs_names_every_stage_folder() {
    let lib = std::fs::read_to_string(repo().join("src/lib.rs")).unwrap();
    for stage in ORDER {
        assert!(repo().join("src").join(stage).join("mod.rs").exists(), "src/{stage}/mod.rs");
        assert!(lib.contains(&format!("pub mod {stage};")), "lib.rs declares {stage}");
    }
}
