//! The console examples of README.md and docs/*.md, run as tests.
//!
//! Every ```` ```console ```` block holds one or more commands, each a line
//! `$ grantplan ARGS` (a trailing `  # comment` is not passed), followed by
//! the output it prints: standard output, then standard error. The commands
//! of one block run one after another in a fresh folder that holds links to
//! the repository's `data/`, `scenarios/`, `examples/` and `docs/`, so paths
//! read as they do from the repository root and files a command writes
//! (`-o report.html`, `init my-plan`) land in the temp folder.
//!
//! A line `...` in an expected output matches any number of lines (none
//! included); every other line must match exactly (trailing spaces aside).
//! A block whose lines do not start with `$ grantplan` is an error: console
//! examples are commands you can run; illustrations are `text` blocks.
//!
//! `GRANTPLAN_DOCS=overwrite cargo test --release docs` rewrites every
//! expected output from the real one. Where a block uses `...`, each part
//! after a `...` starts again at the first line of the real output that
//! begins like the part's first line (up to its first digit, `$` or `%`) and
//! keeps as many lines as before; a part whose first line cannot be found is
//! reported, to be edited by hand.

use std::path::{Path, PathBuf};

use crate::util::{repo, run_in, tempdir, Run};

/// One command of a console block and what the doc says it prints.
struct Example {
    /// The doc, relative to the repository root.
    doc: PathBuf,
    /// 1-based line of the `$ grantplan` command in the doc.
    line: usize,
    /// The arguments after `grantplan`.
    args: Vec<String>,
    /// Index of the command's first output line in the doc's lines.
    out_start: usize,
    /// One past the last output line.
    out_end: usize,
    /// Which block it belongs to (commands of a block share a folder).
    block: usize,
}

/// The docs whose console blocks are tested.
fn docs() -> Vec<PathBuf> {
    let mut docs = vec![PathBuf::from("README.md")];
    let mut more: Vec<PathBuf> = std::fs::read_dir(repo().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| p.strip_prefix(repo()).unwrap().to_path_buf())
        .collect();
    more.sort();
    docs.extend(more);
    docs
}

/// The console examples of `doc` (its `lines`); errors for blocks that are
/// not commands.
fn examples(doc: &Path, lines: &[&str], first_block: usize) -> Result<Vec<Example>, String> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut block = first_block;
    while i < lines.len() {
        let fence = lines[i].trim_start();
        if !fence.starts_with("```console") {
            i += 1;
            continue;
        }
        let indent = lines[i].len() - fence.len();
        let body_start = i + 1;
        let mut end = body_start;
        while end < lines.len() && lines[end].trim() != "```" {
            end += 1;
        }
        let mut commands: Vec<(usize, Vec<String>)> = Vec::new();
        for (k, line) in lines.iter().enumerate().take(end).skip(body_start) {
            let text = line.get(indent..).unwrap_or(line.trim_start());
            if let Some(cmd) = text.strip_prefix("$ ") {
                let cmd = cmd.split("  #").next().unwrap_or(cmd);
                let words: Vec<String> = cmd.split_whitespace().map(str::to_owned).collect();
                if words.first().map(String::as_str) != Some("grantplan") {
                    return Err(format!(
                        "{}:{}: a console example runs `grantplan`, found `{text}`",
                        doc.display(),
                        k + 1
                    ));
                }
                commands.push((k, words[1..].to_vec()));
            }
        }
        match commands.first() {
            Some((k, _)) if *k == body_start => {}
            _ => {
                return Err(format!(
                    "{}:{}: a console block must start with a `$ grantplan …` line \
                     (use a `text` block for an illustration)",
                    doc.display(),
                    i + 1
                ))
            }
        }
        for (n, (k, args)) in commands.iter().enumerate() {
            let next = commands.get(n + 1).map_or(end, |c| c.0);
            out.push(Example {
                doc: doc.to_path_buf(),
                line: k + 1,
                args: args.clone(),
                out_start: k + 1,
                out_end: next,
                block,
            });
        }
        block += 1;
        i = end + 1;
    }
    Ok(out)
}

/// A folder that looks like the repository root to the commands.
fn sandbox() -> crate::util::TempDir {
    let dir = tempdir().unwrap();
    for entry in ["data", "scenarios", "examples", "docs"] {
        std::os::unix::fs::symlink(repo().join(entry), dir.path().join(entry)).unwrap();
    }
    dir
}

/// What a command printed, as the doc shows it: stdout then stderr, lines
/// without trailing spaces, no trailing blank lines.
fn printed(run: &Run) -> Vec<String> {
    let text = format!("{}{}", run.stdout, run.stderr);
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_owned()).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// Whether `actual` matches `expected`, where a `...` line matches any run
/// of lines.
fn matches(expected: &[String], actual: &[String]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "..." => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => {
            actual.first().is_some_and(|a| a == first) && matches(rest, &actual[1..])
        }
    }
}

/// The start of `line` up to its first digit, `$` or `%`: what stays the
/// same when the numbers change.
fn stem(line: &str) -> &str {
    let end = line.find(|c: char| c.is_ascii_digit() || c == '$' || c == '%').unwrap_or(line.len());
    &line[..end]
}

/// The new expected output for `expected` (with `...` parts) from `actual`.
fn rewrite(expected: &[String], actual: &[String]) -> Result<Vec<String>, String> {
    if !expected.iter().any(|l| l == "...") {
        return Ok(actual.to_vec());
    }
    let mut out = Vec::new();
    let mut at = 0;
    for (n, part) in expected.split(|l| l == "...").enumerate() {
        if n > 0 {
            out.push("...".to_owned());
        }
        let Some(first) = part.first() else { continue };
        let start = if n == 0 {
            0
        } else {
            let s = stem(first);
            let found = actual[at..].iter().position(|a| {
                if s.trim().is_empty() {
                    a == first
                } else {
                    a.starts_with(s)
                }
            });
            match found {
                Some(p) => at + p,
                None => return Err(format!("no line of the output begins like `{first}`")),
            }
        };
        let end = (start + part.len()).min(actual.len());
        out.extend(actual[start..end].iter().cloned());
        at = end;
    }
    Ok(out)
}

#[test]
fn docs_console_examples_match_the_program() {
    let overwrite = std::env::var("GRANTPLAN_DOCS").is_ok_and(|v| v == "overwrite");
    let mut failures = Vec::new();
    let mut count = 0;
    for doc in docs() {
        let text = std::fs::read_to_string(repo().join(&doc)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let examples = match examples(&doc, &lines, 0) {
            Ok(e) => e,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        let mut new_lines: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        // Later examples first, so earlier line numbers stay valid.
        let mut replacements = Vec::new();
        let mut dir = None;
        let mut block = usize::MAX;
        for ex in &examples {
            if ex.block != block {
                dir = Some(sandbox());
                block = ex.block;
            }
            count += 1;
            let args: Vec<&str> = ex.args.iter().map(String::as_str).collect();
            let run = run_in(dir.as_ref().unwrap().path(), &args);
            let actual = printed(&run);
            let fence = lines[ex.out_start - 1];
            let indent = fence.len() - fence.trim_start().len();
            let expected: Vec<String> = lines[ex.out_start..ex.out_end]
                .iter()
                .map(|l| l.get(indent..).unwrap_or(l.trim_start()).trim_end().to_owned())
                .collect();
            if matches(&expected, &actual) {
                continue;
            }
            if overwrite {
                match rewrite(&expected, &actual) {
                    Ok(new) => {
                        let pad = " ".repeat(indent);
                        let new = new
                            .into_iter()
                            .map(|l| if l.is_empty() { l } else { format!("{pad}{l}") })
                            .collect::<Vec<_>>();
                        replacements.push((ex.out_start, ex.out_end, new));
                    }
                    Err(e) => failures.push(format!(
                        "{}:{}: `grantplan {}`: {e}; edit the block by hand",
                        ex.doc.display(),
                        ex.line,
                        ex.args.join(" ")
                    )),
                }
            } else {
                failures.push(format!(
                    "{}:{}: `grantplan {}` prints (exit code {}):\n{}\n--- but the doc shows:\n{}\n",
                    ex.doc.display(),
                    ex.line,
                    ex.args.join(" "),
                    run.code,
                    actual.join("\n"),
                    expected.join("\n")
                ));
            }
        }
        if !replacements.is_empty() {
            for (start, end, new) in replacements.into_iter().rev() {
                new_lines.splice(start..end, new);
            }
            let mut text_out = new_lines.join("\n");
            if text.ends_with('\n') {
                text_out.push('\n');
            }
            std::fs::write(repo().join(&doc), text_out).unwrap();
            eprintln!("rewrote the console examples of {}", doc.display());
        }
    }
    assert!(count > 10, "only {count} console examples found");
    assert!(
        failures.is_empty(),
        "{} console examples differ from the program (GRANTPLAN_DOCS=overwrite cargo test \
         --release docs rewrites them):\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn elision_matches_any_run_of_lines() {
    let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
    assert!(matches(&s(&["a", "...", "d"]), &s(&["a", "b", "c", "d"])));
    assert!(matches(&s(&["a", "...", "d"]), &s(&["a", "d"])));
    assert!(!matches(&s(&["a", "...", "d"]), &s(&["a", "b", "c"])));
    assert!(!matches(&s(&["a", "b"]), &s(&["a", "b", "c"])));
    let new = rewrite(
        &s(&["Plan 1", "...", "Chambers 3", "│ x 1"]),
        &s(&["Plan 2", "junk", "Chambers 4", "│ x 2", "│ y"]),
    )
    .unwrap();
    assert_eq!(new, s(&["Plan 2", "...", "Chambers 4", "│ x 2"]));
}

/// Every TOML block in the docs that is a whole scenario (it has `[data]`),
/// written where the docs place it (`scenarios/`, so `../data` is the
/// shipped data) and run: it validates and plans as written.
#[test]
fn docs_scenario_examples_validate_and_plan() {
    let mut found = 0;
    for doc in docs() {
        let text = std::fs::read_to_string(repo().join(&doc)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            if lines[i].trim_start() != "```toml" {
                i += 1;
                continue;
            }
            let start = i + 1;
            let mut end = start;
            while end < lines.len() && lines[end].trim() != "```" {
                end += 1;
            }
            i = end + 1;
            let body = lines[start..end].join("\n");
            if !body.lines().any(|l| l.trim() == "[data]") {
                continue;
            }
            found += 1;
            let dir = sandbox();
            let scenarios = dir.path().join("doc-scenarios");
            std::fs::create_dir(&scenarios).unwrap();
            std::fs::write(scenarios.join("example.toml"), &body).unwrap();
            let place = format!("{}:{}", doc.display(), start);
            for cmd in ["validate", "plan"] {
                let run = run_in(dir.path(), &[cmd, "doc-scenarios/example.toml"]);
                assert_eq!(
                    run.code, 0,
                    "the scenario at {place} fails `grantplan {cmd}`:\n{}",
                    run.stderr
                );
            }
        }
    }
    assert!(found >= 1, "no scenario example found in the docs");
}
