//! Test helpers: a scenario folder in a temp dir, and running the CLI on it.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// A scenario and its data files in a temp dir, editable before a run.
pub struct Fixture {
    pub dir: TempDir,
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl Fixture {
    /// The worked example of MODEL.md §5 (examples/tutorial).
    pub fn tutorial() -> Fixture {
        let dir = tempdir().unwrap();
        for f in ["states.csv", "chambers.csv", "races.csv", "groups.csv", "tutorial.toml"] {
            std::fs::copy(repo().join("examples/tutorial").join(f), dir.path().join(f)).unwrap();
        }
        std::fs::rename(dir.path().join("tutorial.toml"), dir.path().join("scenario.toml"))
            .unwrap();
        Fixture { dir }
    }

    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.path().join(file)
    }

    pub fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.path(file)).unwrap()
    }

    pub fn write(&self, file: &str, text: &str) -> &Fixture {
        std::fs::write(self.path(file), text).unwrap();
        self
    }

    /// Replace `from` by `to` in `file`; panics if `from` is absent.
    pub fn replace(&self, file: &str, from: &str, to: &str) -> &Fixture {
        let text = self.read(file);
        assert!(text.contains(from), "{file} has no {from:?}");
        self.write(file, &text.replacen(from, to, 1))
    }

    pub fn append(&self, file: &str, text: &str) -> &Fixture {
        let mut t = self.read(file);
        t.push_str(text);
        self.write(file, &t)
    }

    /// Run `grantplan <cmd> scenario.toml <args>` in the fixture's folder.
    pub fn run(&self, cmd: &str, args: &[&str]) -> Run {
        run_in(self.dir.path(), &[&[cmd, "scenario.toml"], args].concat())
    }
}

/// The result of one CLI run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out: Output =
        Command::cargo_bin("grantplan").unwrap().current_dir(dir).args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// Compare floats with a relative tolerance.
pub fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1e-300)
}

/// Parse stdout as JSON.
pub fn json(run: &Run) -> serde_json::Value {
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// A fresh folder under the system temp dir, removed (with its contents)
/// when dropped. Written here rather than taken from the tempfile crate so
/// the test build switches on no feature of a crate the program shares.
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// A new empty folder in the system temp dir.
pub fn tempdir() -> std::io::Result<TempDir> {
    tempdir_in(&std::env::temp_dir())
}

/// A new empty folder inside `parent`.
pub fn tempdir_in(parent: &Path) -> std::io::Result<TempDir> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    loop {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path = parent.join(format!(".grantplan-test-{}-{n}-{nanos}", std::process::id()));
        match std::fs::create_dir(&path) {
            Ok(()) => return Ok(TempDir { path }),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}
