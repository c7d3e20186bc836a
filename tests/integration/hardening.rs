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
