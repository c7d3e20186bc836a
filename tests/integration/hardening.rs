//! Hostile and careless input (issue 15): outputs that must not be
//! destroyed, inputs that must not hang or exhaust memory, numbers that must
//! not come out NaN, counts that must be refused. Every case runs on small
//! generated input and only checks that it ends with the right answer.

use std::path::Path;

use crate::util::{run_in, Fixture};

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// ---------------------------------------------------------------- writes

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo failed");
}

/// A device-like target: a FIFO is written to, not replaced by a file.
#[cfg(unix)]
#[test]
fn fifo_target_is_written_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let f = Fixture::tutorial();
    let fifo = f.path("pipe");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let run = f.run("plan", &["--format", "json", "-o", "pipe"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let got = reader.join().unwrap();
    assert!(got.contains("\"impact\""), "{got}");
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(!names(f.dir.path()).iter().any(|n| n.contains(".tmp")));
}

/// A character device made in a temp dir (where permitted: root, and a
/// filesystem that allows device nodes): written to, still a device.
#[cfg(target_os = "linux")]
#[test]
fn char_device_target_stays_a_device() {
    use std::os::unix::fs::FileTypeExt;
    let f = Fixture::tutorial();
    let dev = f.path("null");
    // 1,3 is the null device; made here, never the real /dev/null.
    let made = std::process::Command::new("mknod")
        .args([dev.to_str().unwrap(), "c", "1", "3"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("mknod not permitted here; skipped");
        return;
    }
    let run = f.run("plan", &["-o", "null"]);
    if run.code != 0 && run.stderr.contains("ermission denied") {
        eprintln!("device nodes cannot be opened on this filesystem (nodev); skipped");
        return;
    }
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::symlink_metadata(&dev).unwrap().file_type().is_char_device());
}

#[cfg(unix)]
#[test]
fn symlink_target_is_written_through() {
    let f = Fixture::tutorial();
    std::fs::create_dir(f.path("real")).unwrap();
    std::fs::write(f.path("real/plan.csv"), "old").unwrap();
    std::os::unix::fs::symlink("real/plan.csv", f.path("link.csv")).unwrap();
    let run = f.run("plan", &["--format", "csv", "-o", "link.csv"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::symlink_metadata(f.path("link.csv")).unwrap().file_type().is_symlink());
    assert!(f.read("real/plan.csv").starts_with("group,"), "{}", f.read("real/plan.csv"));
}

#[test]
fn output_onto_an_input_is_refused() {
    let f = Fixture::tutorial();
    let before = f.read("groups.csv");
    let run = f.run("plan", &["--format", "csv", "-o", "groups.csv"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("cannot write groups.csv"), "{}", run.stderr);
    assert!(run.stderr.contains("an input of this run"), "{}", run.stderr);
    assert_eq!(f.read("groups.csv"), before);
    // The scenario itself, named another way.
    let scenario = f.read("scenario.toml");
    let run = f.run("report", &["-o", "./scenario.toml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(f.read("scenario.toml"), scenario);
    // A hard link to a data file.
    std::fs::hard_link(f.path("races.csv"), f.path("alias.csv")).unwrap();
    let races = f.read("races.csv");
    let run = f.run("plan", &["--format", "csv", "-o", "alias.csv"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("it is races.csv, an input of this run"), "{}", run.stderr);
    assert_eq!(f.read("races.csv"), races);
}

#[test]
fn out_folder_onto_the_data_folder_is_refused() {
    let f = Fixture::tutorial();
    let before = f.read("groups.csv");
    let run = f.run("plan", &["--out", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("an input of this run"), "{}", run.stderr);
    assert_eq!(f.read("groups.csv"), before);
    assert!(!f.path("summary.json").exists());
}

#[test]
fn out_folder_is_swapped_in_whole_and_confirmed() {
    let f = Fixture::tutorial();
    std::fs::create_dir(f.path("out")).unwrap();
    std::fs::write(f.path("out/groups.csv"), "old").unwrap();
    std::fs::write(f.path("out/notes.txt"), "mine").unwrap();
    let run = f.run("plan", &["--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("wrote 9 files to out"), "{}", run.stderr);
    assert!(f.read("out/groups.csv").starts_with("group,"));
    assert_eq!(f.read("out/notes.txt"), "mine");
    assert_eq!(names(&f.path("out")).len(), 10);
    assert!(!names(f.dir.path()).iter().any(|n| n.contains("grantplan-")));
}

/// A failure part-way (an entry of the folder that cannot be carried over)
/// leaves the folder exactly as it was, and exits 4.
#[cfg(unix)]
#[test]
fn failed_out_folder_is_left_as_it_was() {
    let f = Fixture::tutorial();
    std::fs::create_dir(f.path("out")).unwrap();
    std::fs::write(f.path("out/groups.csv"), "old").unwrap();
    mkfifo(&f.path("out/pipe"));
    let run = f.run("plan", &["--out", "out"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stderr.contains("cannot write out"), "{}", run.stderr);
    assert_eq!(f.read("out/groups.csv"), "old");
    assert_eq!(names(&f.path("out")), ["groups.csv", "pipe"]);
    assert!(!names(f.dir.path()).iter().any(|n| n.contains("grantplan-")));
}

#[test]
fn unwritable_output_names_the_users_path_and_exits_4() {
    let f = Fixture::tutorial();
    let run = f.run("plan", &["-o", "no-such-folder/plan.txt"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(run.stderr.contains("cannot write no-such-folder/plan.txt"), "{}", run.stderr);
    assert!(!run.stderr.contains(".tmp"), "{}", run.stderr);
}

/// SIGTERM and SIGINT while a temp file exists: it is removed, and the
/// target is untouched.
#[cfg(target_os = "linux")]
#[test]
fn signals_remove_temp_files() {
    for signal in ["TERM", "INT"] {
        let f = Fixture::tutorial();
        std::fs::write(f.path("plan.json"), "old").unwrap();
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("grantplan"))
            .current_dir(f.dir.path())
            .args(["plan", "scenario.toml", "--format", "json", "-o", "plan.json"])
            .env("GRANTPLAN_TEST_PAUSE_MS", "20000")
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let temp = format!(".plan.json.grantplan-{}.tmp", child.id());
        let mut seen = false;
        for _ in 0..1000 {
            if f.path(&temp).exists() {
                seen = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(seen, "the temp file never appeared");
        let killed = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        assert!(!status.success());
        assert!(!f.path(&temp).exists(), "SIG{signal} left {temp}");
        assert_eq!(f.read("plan.json"), "old");
    }
}

/// A temp file left by a killed run (`kill -9`) is cleaned by the next write.
#[cfg(target_os = "linux")]
#[test]
fn stale_temp_files_are_cleaned_by_the_next_run() {
    let f = Fixture::tutorial();
    std::fs::write(f.path(".plan.json.grantplan-99999999.tmp"), "left behind").unwrap();
    let run = f.run("plan", &["--format", "json", "-o", "plan.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!f.path(".plan.json.grantplan-99999999.tmp").exists());
}

#[test]
fn synth_confirms_what_it_wrote() {
    let dir = crate::util::tempdir().unwrap();
    let run = run_in(dir.path(), &["synth", "--races", "600", "--groups", "50", "-o", "s"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("to s"), "{}", run.stderr);
}

// ------------------------------------------------------ hangs and blow-ups

/// `run` was refused (see [`refused`]) and its stderr contains `needle`.
fn refused_saying(run: &crate::util::Run, needle: &str) {
    refused(run);
    says(run, needle);
}

/// `run`'s stderr contains `needle`.
fn says(run: &crate::util::Run, needle: &str) {
    assert!(run.stderr.contains(needle), "expected {needle:?} in stderr:\n{}", run.stderr);
}

/// stderr of a refused run: exit 2, small, and no raw control character.
fn refused(run: &crate::util::Run) {
    assert_eq!(run.code, 2, "stdout: {}\nstderr: {}", run.stdout, run.stderr);
    assert!(run.stderr.len() < 20_000, "stderr is {} bytes", run.stderr.len());
    assert!(
        !run.stderr.chars().any(|c| c.is_control() && c != '\n'),
        "raw control character in {:?}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn data_path_that_is_a_fifo_is_refused() {
    let f = Fixture::tutorial();
    std::fs::remove_file(f.path("groups.csv")).unwrap();
    mkfifo(&f.path("groups.csv"));
    let run = f.run("validate", &[]);
    refused(&run);
    assert!(run.stderr.contains("groups.csv: error: this is not a regular file"), "{}", run.stderr);
    // The scenario itself too.
    let dir = crate::util::tempdir().unwrap();
    mkfifo(&dir.path().join("s.toml"));
    let run = run_in(dir.path(), &["plan", "s.toml"]);
    refused(&run);
}

/// A device that never ends (a zero device made in a temp dir, never read).
#[cfg(target_os = "linux")]
#[test]
fn data_path_that_is_a_device_is_refused() {
    let f = Fixture::tutorial();
    let made = std::process::Command::new("mknod")
        .args([f.path("zero").to_str().unwrap(), "c", "1", "5"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("mknod not permitted here; skipped");
        return;
    }
    f.replace("scenario.toml", "races = \"races.csv\"", "races = \"zero\"");
    let run = f.run("validate", &[]);
    refused(&run);
    assert!(run.stderr.contains("zero: error: this is not a regular file"), "{}", run.stderr);
}

#[test]
fn file_above_the_size_limit_is_refused_and_the_limit_can_be_raised() {
    let f = Fixture::tutorial();
    let mut groups = f.read("groups.csv");
    let comment = format!("# {}\n", "x".repeat(1_200_000));
    groups.push_str(&comment);
    f.write("groups.csv", &groups);
    let run = f.run("validate", &["--max-input-mb", "1"]);
    refused(&run);
    assert!(run.stderr.contains("above the limit of 1048576 bytes"), "{}", run.stderr);
    assert!(run.stderr.contains("--max-input-mb"), "{}", run.stderr);
    let run = f.run("validate", &["--max-input-mb", "2"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn header_of_commas_gives_one_error() {
    let f = Fixture::tutorial();
    f.write("races.csv", &format!("race{}", ",".repeat(300_000)));
    let run = f.run("validate", &[]);
    refused_saying(&run, "races.csv:1: error: the header has 300001 columns");
}

#[test]
fn one_long_line_is_never_echoed_whole() {
    let f = Fixture::tutorial();
    f.write("races.csv", &"x".repeat(1_000_000));
    let run = f.run("validate", &[]);
    refused(&run);
    assert!(run.stderr.contains("(1000000 characters)"), "{}", run.stderr);
}

#[test]
fn long_cells_are_refused_and_clipped() {
    let f = Fixture::tutorial();
    let name = "n".repeat(200_000);
    f.replace("groups.csv", "Group B", &name);
    let run = f.run("validate", &[]);
    refused_saying(&run, "the cell has 200000 characters, more than 1000");
}

#[test]
fn diagnostics_are_capped_per_file() {
    let f = Fixture::tutorial();
    let mut groups = String::from("group,name,state,dollars_per_net_vote,room\n");
    for i in 0..5000 {
        groups.push_str(&format!("g{i},G,XX,100,lots\n"));
    }
    f.write("groups.csv", &groups);
    let run = f.run("validate", &[]);
    refused(&run);
    assert_eq!(run.stderr.matches(": error: column `room`").count(), 50, "{}", run.stderr);
    assert!(run.stderr.contains("… and 4950 more problems in this file"), "{}", run.stderr);
    assert!(run.stderr.contains("5000 errors in the input"), "{}", run.stderr);
}

#[test]
fn long_unknown_ids_get_no_slow_hint() {
    let f = Fixture::tutorial();
    let long = "R".repeat(200_000);
    f.write(
        "groups.csv",
        &format!("group,name,state,races,dollars_per_net_vote,room\nA,A,XX,{long},100,1000\n"),
    );
    let run = f.run("validate", &[]);
    refused(&run);
    // An id of 150 characters is an id; unknown, it is compared only with
    // candidates of about its length.
    let id = "R".repeat(150);
    f.write(
        "groups.csv",
        &format!("group,name,state,races,dollars_per_net_vote,room\nA,A,XX,{id},100,1000\n"),
    );
    let run = f.run("validate", &[]);
    refused(&run);
    assert!(run.stderr.contains("unknown race"), "{}", run.stderr);
}

/// 100 misspelled ids against 200,000 races: the did-you-mean search is
/// bounded (this took 27 s before).
#[test]
fn many_misspelled_ids_against_many_races_finish() {
    let f = Fixture::tutorial();
    let mut races = String::from("race,state,office,district,date,margin,turnout\n");
    for i in 0..200_000 {
        races.push_str(&format!("XX-D-{i},XX,state_house,{i},2026-11-03,1,10000\n"));
    }
    races.push_str("XX-SEN,XX,senate,,2026-11-03,2.0,1000000\n");
    f.write("races.csv", &races);
    let mut groups = String::from("group,name,state,races,dollars_per_net_vote,room\n");
    for i in 0..100 {
        groups.push_str(&format!("G{i},G,XX,XX-Q-{i}x,100,1000\n"));
    }
    f.write("groups.csv", &groups);
    let run = f.run("validate", &[]);
    refused(&run);
    assert!(run.stderr.contains("unknown race `XX-Q-0x`"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `XX-D-0"), "{}", run.stderr);
}

#[test]
fn escape_sequences_in_data_are_escaped_in_messages() {
    let f = Fixture::tutorial();
    f.replace("groups.csv", "400000", "1\u{1b}]0;pwned\u{7}0");
    let run = f.run("validate", &[]);
    refused(&run);
    assert!(run.stderr.contains("\\u{1b}]0;pwned\\u{7}0"), "{}", run.stderr);
}

// ------------------------------------------------------------- numbers

/// The seven inputs that used to pass validation and print NaN or inf.
#[test]
fn numbers_that_made_nan_or_inf_are_refused() {
    type Edit = fn(&Fixture);
    let cases: [(&str, Edit, &str); 9] = [
        ("national_sd 0, tiny race sd", |f| {
            f.append("scenario.toml", "\n[scoring]\nnational_sd = 0\n");
            f.replace("races.csv", ",4.0,", ",1e-300,");
        }, "races.csv:2:6: error: column `margin_sd`: expected a number between 0.1 and 200"),
        ("cost per net vote 5e-324", |f| {
            f.replace("groups.csv", ",100,", ",5e-324,");
        }, "groups.csv:3:5: error: column `dollars_per_net_vote`: expected a number between 1 and 1e6"),
        ("period multiplier 1e308", |f| {
            f.append("scenario.toml", "\n[[periods]]\nname = \"a\"\nstart = \"2026-01-01\"\nrelease = 500_000\nmultiplier = 1e308\n");
        }, "`periods.multiplier`: expected a number > 0 (at most 1e6)"),
        ("returns factor 1e308", |f| {
            f.append("scenario.toml", "\n[returns]\ntranches = [1.0]\nfactors = [1e308]\n");
        }, "`returns.factors`: expected a number ≥ 0 (at most 1e6)"),
        ("office weight 1e308", |f| {
            f.append("scenario.toml", "\n[offices]\nsenate = 1e308\n");
        }, "`offices.senate`: expected a number ≥ 0 (at most 1e6)"),
        ("stakes 1e308", |f| {
            f.replace("races.csv", "turnout\n", "turnout,stakes\n");
            f.replace("races.csv", "1000000\n", "1000000,1e308\n");
        }, "column `stakes`: expected a number ≥ 0 (at most 1e6)"),
        ("control value 1e308", |f| {
            f.append("chambers.csv", "XX-SEN,Senate,1,1,0,1e308\n");
        }, "column `control_value`: expected a number ≥ 0 (at most 1e6)"),
        ("budget 8.9e307", |f| {
            f.replace("scenario.toml", "budget = 500_000", "budget = 8.9e307");
        }, "`budget`: expected whole dollars > 0 (at most $1e12)"),
        ("budget with cents", |f| {
            f.replace("scenario.toml", "budget = 500_000", "budget = 1000000.5");
        }, "scenario.toml:4:10: error: `budget`: expected whole dollars"),
    ];
    for (name, edit, expected) in cases {
        let f = Fixture::tutorial();
        edit(&f);
        for cmd in ["validate", "report"] {
            let run = f.run(cmd, &[]);
            assert_eq!(run.code, 2, "{name} ({cmd}): {}", run.stderr);
            assert!(run.stderr.contains(expected), "{name} ({cmd}): {}", run.stderr);
        }
    }
}

#[test]
fn implausible_numbers_warn() {
    let f = Fixture::tutorial();
    f.replace("groups.csv", ",100,", ",5,");
    f.replace("races.csv", "1000000", "50");
    let run = f.run("validate", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    says(&run, "warning: column `dollars_per_net_vote`: 5 is implausibly low");
    says(&run, "warning: column `turnout`: 50 is implausibly low");
    f.replace("races.csv", ",50", ",1");
    refused(&f.run("validate", &[]));
}

fn has_non_finite(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| matches!(w, "NaN" | "nan" | "inf" | "Infinity" | "infinity"))
}

/// At the edges of every range, every output is finite.
#[test]
fn extreme_but_valid_numbers_give_finite_output() {
    let f = Fixture::tutorial();
    f.replace("scenario.toml", "budget = 500_000", "budget = 1_000_000_000_000");
    f.append(
        "scenario.toml",
        "\n[scoring]\nnational_sd = 0\nrace_sd = 0.1\n[offices]\nsenate = 1e6\n[returns]\ntranches = [0.5, 0.5]\nfactors = [1e6, 1e6]\n",
    );
    f.replace("races.csv", ",4.0,", ",0.1,");
    f.replace("groups.csv", ",100,", ",1,");
    let runs = [
        f.run("plan", &[]),
        f.run("plan", &["--format", "json"]),
        f.run("plan", &["--format", "csv", "--table", "races"]),
        f.run("plan", &["--format", "csv", "--table", "constraints"]),
        f.run("score", &["--format", "json"]),
        f.run("report", &[]),
        f.run("frontier", &["--format", "json", "--steps", "3"]),
        f.run("robust", &["--draws", "3", "--format", "json"]),
    ];
    for run in runs {
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(!has_non_finite(&run.stdout), "{}", run.stdout);
        assert!(!has_non_finite(&run.stderr), "{}", run.stderr);
    }
}

// ---------------------------------------------------------- CLI counts

#[test]
fn huge_counts_are_refused() {
    let f = Fixture::tutorial();
    for (cmd, args, expected) in [
        ("frontier", &["--steps", "100000000000"][..], "--steps must be between 2 and 10000"),
        ("frontier", &["--steps", "100000000"], "--steps must be between 2 and 10000"),
        ("robust", &["--draws", "100000000"], "--draws must be between 1 and 100000"),
        ("robust", &["--draws", "4000000000"], "--draws must be between 1 and 100000"),
        ("robust", &["--threads", "0"], "--threads must be at least 1"),
    ] {
        let run = f.run(cmd, args);
        assert_eq!(run.code, 2, "{cmd} {args:?}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{cmd} {args:?}: {}", run.stderr);
    }
    let dir = crate::util::tempdir().unwrap();
    for args in [["--races", "200000000"], ["--groups", "300000000"]] {
        let run = run_in(dir.path(), &[&["synth"], &args[..], &["-o", "s"]].concat());
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("must be at most 1000000"), "{}", run.stderr);
        assert!(!dir.path().join("s").exists());
    }
}

/// Threads beyond the cores are capped, not spawned: same bytes as 1 thread.
#[test]
fn threads_beyond_the_cores_are_capped() {
    let f = Fixture::tutorial();
    let many = f.run("robust", &["--draws", "4", "--threads", "40000", "--format", "json"]);
    assert_eq!(many.code, 0, "{}", many.stderr);
    let one = f.run("robust", &["--draws", "4", "--threads", "1", "--format", "json"]);
    assert_eq!(many.stdout, one.stdout);
}

// ------------------------------------------------ errors with their line

#[test]
fn errors_that_lacked_a_line_name_it() {
    // Invalid UTF-8 in the scenario: the line and column of the first bad byte.
    let f = Fixture::tutorial();
    let mut bytes = f.read("scenario.toml").into_bytes();
    bytes.extend_from_slice(b"\nname = \"caf\xe9\"\n");
    std::fs::write(f.path("scenario.toml"), bytes).unwrap();
    let run = f.run("validate", &[]);
    refused_saying(&run, "scenario.toml:12:12: error: the scenario is not UTF-8");

    let f = Fixture::tutorial();
    f.replace(
        "scenario.toml",
        "budget = 500_000",
        "budget = 500_000\nstart = 2026-06-01\nhorizon = 2026-01-01",
    );
    let run = f.run("validate", &[]);
    refused_saying(&run, "scenario.toml:6:1: error: horizon 2026-01-01 is before start");

    let f = Fixture::tutorial();
    f.replace("scenario.toml", "budget = 500_000", "budget = 500_000\nhorizon = 2026-01-01");
    let run = f.run("validate", &[]);
    refused_saying(&run, "scenario.toml:5:1: error: `horizon` is set but `start` is not");

    let f = Fixture::tutorial();
    f.replace("scenario.toml", "budget = 500_000", "budget = 5_000_000\nspend_all = true");
    let run = f.run("plan", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    says(&run, "scenario.toml:5: spend_all requires spending all $5,000,000");

    let f = Fixture::tutorial();
    f.append("scenario.toml", "\n[floors]\nyouth = 0.5\n[limits]\nmin_grant = 301_000\n");
    let run = f.run("plan", &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    says(&run, "scenario.toml:15: no plan meets the other limits with grants of at least $301,000");
}

#[test]
fn nul_and_huge_names_are_refused() {
    let f = Fixture::tutorial();
    f.replace("scenario.toml", "name = \"Tutorial: one race, two groups\"", "name = \"a\\u0000b\"");
    let run = f.run("validate", &[]);
    refused_saying(&run, "scenario.toml:3:8: error: `name`: control characters are not allowed");

    let f = Fixture::tutorial();
    let huge = "n".repeat(10_000_000);
    f.replace("scenario.toml", "Tutorial: one race, two groups", &huge);
    let run = f.run("validate", &[]);
    refused_saying(&run, "`name`: the text has 10000000 characters, more than 1000");

    let f = Fixture::tutorial();
    f.replace("groups.csv", "Group B", "Group\u{0}B");
    let run = f.run("validate", &[]);
    refused_saying(&run, "groups.csv:4:2: error: column `name`: control character U+0000");
}
