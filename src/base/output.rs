//! Writing results: to standard output, or to a file or folder all at once,
//! so a failed or interrupted run never leaves a half-written file and never
//! destroys one it should not touch.
//!
//! - A regular file is written to a temp file beside it and renamed into
//!   place; a symlink is followed and its target written the same way; a
//!   device or pipe (`/dev/stdout`, a FIFO) is written directly, never
//!   renamed over.
//! - A target that is an input of the run (registered with [`protect`]) or
//!   a read-only file is refused, naming it.
//! - A folder (`plan --out`) is built whole in a temp folder beside it and
//!   swapped in; a failure leaves it as it was.
//! - Temp files are named `.NAME.grantplan-PID.tmp`: they are removed on
//!   SIGINT, SIGTERM and SIGHUP, and a later write into the same folder
//!   removes those left by a process that no longer runs (`kill -9`).
//!
//! Failures to write are [`OutputError`]s (exit code 4), naming the path the
//! user gave.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use anyhow::Result;

/// Writing the output failed: the path as the user gave it, and why.
#[derive(Debug)]
pub struct OutputError {
    /// What could not be written, as the user named it.
    pub path: PathBuf,
    /// Why, in words.
    pub reason: String,
    /// True when the target was refused before anything was written (an
    /// input of the run, a read-only file): a usage error, not an I/O failure.
    pub refused: bool,
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write {}: {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for OutputError {}

fn io_fail(path: &Path, what: &str, e: std::io::Error) -> anyhow::Error {
    let reason = if what.is_empty() { e.to_string() } else { format!("{what}: {e}") };
    anyhow::Error::new(OutputError { path: path.to_path_buf(), reason, refused: false })
}

fn refuse(path: &Path, reason: String) -> anyhow::Error {
    anyhow::Error::new(OutputError { path: path.to_path_buf(), reason, refused: true })
}

/// Files this run reads: never written over. Each is known by its
/// canonical path and (on Unix) its device and inode, so a hard link to an
/// input is caught too; with the name the user gave.
static PROTECTED: Mutex<Vec<(FileId, PathBuf)>> = Mutex::new(Vec::new());

/// What identifies a file: its canonical path, and its device and inode.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FileId {
    canonical: PathBuf,
    inode: Option<(u64, u64)>,
}

impl FileId {
    fn of(path: &Path) -> Option<FileId> {
        let canonical = std::fs::canonicalize(path).ok()?;
        #[cfg(unix)]
        let inode = {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(&canonical).ok().map(|m| (m.dev(), m.ino()))
        };
        #[cfg(not(unix))]
        let inode = None;
        Some(FileId { canonical, inode })
    }

    fn same(&self, other: &FileId) -> bool {
        self.canonical == other.canonical || (self.inode.is_some() && self.inode == other.inode)
    }
}

/// Register the input files of this run (the scenario, its data files, a
/// portfolio), so that an `-o`/`--out` target that is one of them is
/// refused instead of overwritten. Paths that do not exist are skipped.
pub fn protect<'p>(paths: impl IntoIterator<Item = &'p Path>) {
    let mut list = PROTECTED.lock().unwrap_or_else(|e| e.into_inner());
    for p in paths {
        if let Some(id) = FileId::of(p) {
            if !list.iter().any(|(known, _)| known.same(&id)) {
                list.push((id, p.to_path_buf()));
            }
        }
    }
}

/// The input that `path` (already resolved) is, if any, as the user named it.
fn protected(path: &Path) -> Option<PathBuf> {
    let id = FileId::of(path)?;
    let list = PROTECTED.lock().unwrap_or_else(|e| e.into_inner());
    list.iter().find(|(known, _)| known.same(&id)).map(|(_, shown)| shown.clone())
}

/// Follow symlinks from `path` to the file they finally name (which may not
/// exist yet). Gives up after 40 links, as the kernel does.
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// `.NAME.grantplan-PID.KIND` beside `path`.
fn sibling(path: &Path, kind: &str) -> PathBuf {
    let name = path.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy());
    parent_of(path).join(format!(".{name}.grantplan-{}.{kind}", std::process::id()))
}

/// Write `bytes` to `path` all at once, or leave `path` untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let target = resolve(path).map_err(|e| io_fail(path, "", e))?;
    if let Some(input) = protected(&target) {
        return Err(refuse(
            path,
            format!("it is {}, an input of this run; choose another file", input.display()),
        ));
    }
    let meta = std::fs::metadata(&target).ok();
    if let Some(m) = &meta {
        if m.is_dir() {
            return Err(refuse(path, "it is a folder; give a file name".to_owned()));
        }
        if !m.is_file() {
            // A device or a pipe: write to it; renaming over it would
            // replace it with a regular file.
            return write_direct(path, &target, bytes);
        }
        if m.permissions().readonly() {
            return Err(refuse(
                path,
                "the file is read-only; make it writable or choose another file".to_owned(),
            ));
        }
    }
    let dir = parent_of(&target);
    if !dir.is_dir() {
        return Err(io_fail(
            path,
            "",
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("the folder {} does not exist", dir.display()),
            ),
        ));
    }
    sweep_stale(dir);
    let tmp = sibling(&target, "tmp");
    let _guard = Pending::register(tmp.clone(), None);
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all().ok();
        if let Some(m) = &meta {
            // Keep the permissions of the file being replaced.
            std::fs::set_permissions(&tmp, m.permissions()).ok();
        }
        pause_for_tests();
        std::fs::rename(&tmp, &target)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io_fail(path, "", e));
    }
    Ok(())
}

fn write_direct(path: &Path, target: &Path, bytes: &[u8]) -> Result<()> {
    let mut f =
        std::fs::OpenOptions::new().write(true).open(target).map_err(|e| io_fail(path, "", e))?;
    match f.write_all(bytes).and_then(|()| f.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| io_fail(path, "", e)),
    }
}

/// Write to `path` if given, else to standard output.
pub fn emit(path: Option<&Path>, text: &str) -> Result<()> {
    emit_bytes(path, text.as_bytes(), false)
}

/// Write `bytes` to `path` if given, else to standard output; binary
/// output is refused on a terminal, where it would only garble the screen.
pub fn emit_bytes(path: Option<&Path>, bytes: &[u8], binary: bool) -> Result<()> {
    use std::io::IsTerminal;
    match path {
        Some(p) => write_atomic(p, bytes),
        None if binary && std::io::stdout().is_terminal() => anyhow::bail!(
            "this format is a binary file, not text for the terminal: give a file name with -o, e.g. -o plan.xlsx"
        ),
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(bytes).and_then(|()| out.flush()) {
                // A closed pipe (`grantplan ... | head`) is not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(io_fail(Path::new("standard output"), "", e)),
                Ok(()) => Ok(()),
            }
        }
    }
}

/// Write several files into folder `dir` as one unit: the whole set is
/// built in a fresh folder beside it, with the files of `dir` that are not
/// being replaced linked (or copied) in, and that folder is swapped in by
/// two renames. A failure before the swap leaves `dir` as it was.
pub fn write_dir_atomic(dir: &Path, files: &[(&str, Vec<u8>)]) -> Result<()> {
    let target = resolve(dir).map_err(|e| io_fail(dir, "", e))?;
    for (file, _) in files {
        if let Some(input) = protected(&target.join(file)) {
            return Err(refuse(
                dir,
                format!(
                    "it would overwrite {}, an input of this run; choose another folder",
                    input.display()
                ),
            ));
        }
    }
    let exists = match std::fs::metadata(&target) {
        Ok(m) if m.is_dir() => true,
        Ok(_) => return Err(refuse(dir, "it is not a folder".to_owned())),
        Err(_) => false,
    };
    // `.`, `..` or `out/.`: the folder's real name, so that the temp folder
    // is its sibling, not its child.
    let target = if exists {
        std::fs::canonicalize(&target).map_err(|e| io_fail(dir, "", e))?
    } else {
        target
    };
    if target.file_name().is_none() {
        return Err(refuse(dir, "it is the root folder; give a folder to write into".to_owned()));
    }
    let parent = parent_of(&target);
    if !parent.is_dir() {
        return Err(io_fail(
            dir,
            "",
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("the folder {} does not exist", parent.display()),
            ),
        ));
    }
    sweep_stale(parent);
    let tmp = sibling(&target, "tmp");
    let _tmp_guard = Pending::register(tmp.clone(), None);
    let built = (|| -> std::io::Result<()> {
        std::fs::create_dir(&tmp)?;
        for (file, bytes) in files {
            let mut f = std::fs::File::create(tmp.join(file))?;
            f.write_all(bytes)?;
            f.sync_all().ok();
        }
        if exists {
            if let Ok(m) = std::fs::metadata(&target) {
                std::fs::set_permissions(&tmp, m.permissions()).ok();
            }
            carry_over(&target, &tmp, files)?;
        }
        pause_for_tests();
        Ok(())
    })();
    if let Err(e) = built {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(io_fail(dir, "", e));
    }
    if !exists {
        return std::fs::rename(&tmp, &target).map_err(|e| {
            let _ = std::fs::remove_dir_all(&tmp);
            io_fail(dir, "", e)
        });
    }
    let old = sibling(&target, "old");
    let _old_guard = Pending::register(old.clone(), Some(target.clone()));
    if let Err(e) = std::fs::rename(&target, &old) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(io_fail(dir, "", e));
    }
    if let Err(e) = std::fs::rename(&tmp, &target) {
        let _ = std::fs::rename(&old, &target);
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(io_fail(dir, "", e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

/// Bring every entry of `from` that is not one of `files` into `to`: files
/// by hard link (or copy), folders and anything else by a copy of their
/// tree (symlinks as symlinks).
fn carry_over(from: &Path, to: &Path, files: &[(&str, Vec<u8>)]) -> std::io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if files.iter().any(|(f, _)| name == std::ffi::OsStr::new(f)) {
            continue;
        }
        copy_tree(&entry.path(), &to.join(&name))?;
    }
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    let meta = std::fs::symlink_metadata(from)?;
    let kind = meta.file_type();
    if kind.is_symlink() {
        #[cfg(unix)]
        return std::os::unix::fs::symlink(std::fs::read_link(from)?, to);
        #[cfg(not(unix))]
        return std::fs::copy(from, to).map(|_| ());
    }
    if kind.is_dir() {
        std::fs::create_dir(to)?;
        for entry in std::fs::read_dir(from)? {
            let entry = entry?;
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        std::fs::set_permissions(to, meta.permissions()).ok();
        return Ok(());
    }
    if kind.is_file() {
        return std::fs::hard_link(from, to).or_else(|_| std::fs::copy(from, to).map(|_| ()));
    }
    Err(std::io::Error::other(format!(
        "{} is neither a file nor a folder; move it out of the output folder",
        from.display()
    )))
}

/// Temp files and folders being written: removed (or, for a folder moved
/// aside, put back) if a signal stops the run.
static PENDING: Mutex<Vec<(PathBuf, Option<PathBuf>)>> = Mutex::new(Vec::new());

/// One entry of [`PENDING`], removed from it when dropped.
struct Pending(PathBuf);

impl Pending {
    fn register(path: PathBuf, restore_to: Option<PathBuf>) -> Pending {
        install_signal_handler();
        PENDING.lock().unwrap_or_else(|e| e.into_inner()).push((path.clone(), restore_to));
        Pending(path)
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        PENDING.lock().unwrap_or_else(|e| e.into_inner()).retain(|(p, _)| *p != self.0);
    }
}

/// Undo whatever is pending: a temp file or folder is removed; a folder
/// moved aside is put back where it was if nothing took its place.
fn clean_up_pending() {
    let list = PENDING.lock().unwrap_or_else(|e| e.into_inner());
    // Restores first, so a half-swapped folder comes back before temps go.
    for (path, restore_to) in list.iter().rev() {
        match restore_to {
            Some(to) if !to.exists() => {
                let _ = std::fs::rename(path, to);
            }
            _ => remove_any(path),
        }
    }
    // Keep the lock: the process exits next, and nothing may start a write.
    std::mem::forget(list);
}

fn remove_any(path: &Path) {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => {
            let _ = std::fs::remove_dir_all(path);
        }
        Ok(_) => {
            let _ = std::fs::remove_file(path);
        }
        Err(_) => {}
    }
}

/// The signal test's seam: with `GRANTPLAN_TEST_PAUSE_MS` set, wait that
/// long while a temp file exists, so a test can signal the run at a known
/// point instead of racing it.
fn pause_for_tests() {
    if let Some(ms) = std::env::var("GRANTPLAN_TEST_PAUSE_MS").ok().and_then(|v| v.parse().ok()) {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

#[cfg(unix)]
fn install_signal_handler() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(sig) = signals.forever().next() {
                clean_up_pending();
                std::process::exit(128 + sig);
            }
        });
    });
}

#[cfg(not(unix))]
fn install_signal_handler() {}

/// Remove the temp files and folders that runs no longer alive left in
/// `dir` (a `kill -9`, a power cut). Only names this module makes are
/// touched, and only when their process is gone (Linux: no `/proc/PID`).
fn sweep_stale(dir: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some((target, pid, kind)) = stale_parts(name) else { continue };
        if pid == std::process::id() || Path::new("/proc").join(pid.to_string()).exists() {
            continue;
        }
        let path = entry.path();
        let original = dir.join(target);
        if kind == "old" && !original.exists() {
            let _ = std::fs::rename(&path, &original);
        } else {
            remove_any(&path);
        }
    }
}

/// `.NAME.grantplan-PID.KIND` → (NAME, PID, KIND).
fn stale_parts(name: &str) -> Option<(&str, u32, &str)> {
    let rest = name.strip_prefix('.')?;
    let (rest, kind) = rest.rsplit_once('.')?;
    if kind != "tmp" && kind != "old" {
        return None;
    }
    let (target, pid) = rest.rsplit_once(".grantplan-")?;
    if target.is_empty() || pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((target, pid.parse().ok()?, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder for one test, removed when dropped.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir = std::env::temp_dir().join(format!("grantplan-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Scratch(dir)
        }
        fn path(&self) -> &Path {
            &self.0
        }
        fn names(&self) -> Vec<String> {
            let mut names: Vec<String> = std::fs::read_dir(&self.0)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn writes_whole_file_and_leaves_no_temp() {
        let dir = Scratch::new("whole");
        let path = dir.path().join("out.csv");
        write_atomic(&path, b"a,b\n1,2\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\n1,2\n");
        assert_eq!(dir.names(), ["out.csv"]);
    }

    #[test]
    fn failure_leaves_target_untouched_and_names_the_users_path() {
        let dir = Scratch::new("untouched");
        let path = dir.path().join("missing-dir").join("out.csv");
        let err = write_atomic(&path, b"x").unwrap_err();
        let out = err.downcast_ref::<OutputError>().expect("an output error");
        assert_eq!(out.path, path);
        assert!(!out.refused);
        assert!(err.to_string().contains("missing-dir/out.csv"), "{err}");
        assert!(!path.exists());
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_a_symlink() {
        let dir = Scratch::new("symlink");
        let real = dir.path().join("real.csv");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink("real.csv", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        assert_eq!(dir.names(), ["link.csv", "real.csv"]);
        // A dangling link: its target is created.
        let dangling = dir.path().join("dangling.csv");
        std::os::unix::fs::symlink("later.csv", &dangling).unwrap();
        write_atomic(&dangling, b"x").unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("later.csv")).unwrap(), "x");
    }

    #[cfg(unix)]
    #[test]
    fn read_only_target_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = Scratch::new("readonly");
        let path = dir.path().join("locked.csv");
        std::fs::write(&path, "keep").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let err = write_atomic(&path, b"new").unwrap_err();
        assert!(err.to_string().contains("read-only"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep");
    }

    #[test]
    fn replaced_file_keeps_its_permissions() {
        let dir = Scratch::new("perms");
        let path = dir.path().join("p.csv");
        std::fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
            write_atomic(&path, b"new").unwrap();
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
    }

    #[test]
    fn folder_swap_keeps_other_files_and_replaces_ours() {
        let dir = Scratch::new("swap");
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("a.csv"), "old a").unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        std::fs::create_dir(out.join("sub")).unwrap();
        std::fs::write(out.join("sub/x"), "x").unwrap();
        write_dir_atomic(&out, &[("a.csv", b"new a".to_vec()), ("b.csv", b"b".to_vec())]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.csv")).unwrap(), "new a");
        assert_eq!(std::fs::read_to_string(out.join("b.csv")).unwrap(), "b");
        assert_eq!(std::fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
        assert_eq!(std::fs::read_to_string(out.join("sub/x")).unwrap(), "x");
        assert_eq!(dir.names(), ["out"]);
    }

    #[test]
    fn folder_named_dot_is_swapped_as_itself() {
        let dir = Scratch::new("dot");
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        write_dir_atomic(&out.join("."), &[("a.csv", b"a".to_vec())]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.csv")).unwrap(), "a");
        assert_eq!(std::fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
        assert_eq!(dir.names(), ["out"]);
    }

    #[test]
    fn failed_folder_write_leaves_it_as_it_was() {
        let dir = Scratch::new("partial");
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("a.csv"), "old a").unwrap();
        std::fs::write(out.join("b.csv"), "old b").unwrap();
        // The second file cannot be created (its name is a path into a
        // folder that does not exist), after the first was written.
        let files = [("a.csv", b"new a".to_vec()), ("no/such/b.csv", b"new b".to_vec())];
        assert!(write_dir_atomic(&out, &files).is_err());
        assert_eq!(std::fs::read_to_string(out.join("a.csv")).unwrap(), "old a");
        assert_eq!(std::fs::read_to_string(out.join("b.csv")).unwrap(), "old b");
        assert_eq!(dir.names(), ["out"]);
    }

    #[test]
    fn stale_names_are_recognised() {
        assert_eq!(stale_parts(".plan.json.grantplan-123.tmp"), Some(("plan.json", 123, "tmp")));
        assert_eq!(stale_parts(".out.grantplan-9.old"), Some(("out", 9, "old")));
        assert_eq!(stale_parts(".plan.json.123.tmp"), None);
        assert_eq!(stale_parts("plan.json"), None);
        assert_eq!(stale_parts(".x.grantplan-12a.tmp"), None);
    }

    #[test]
    fn stale_temps_of_dead_processes_are_removed() {
        if !Path::new("/proc/self").exists() {
            return;
        }
        let dir = Scratch::new("stale");
        // PIDs above the kernel's maximum (4194304) never run.
        std::fs::write(dir.path().join(".plan.json.grantplan-99999999.tmp"), "junk").unwrap();
        let alive = format!(".plan.json.grantplan-{}.tmp", std::process::id());
        std::fs::write(dir.path().join("other.tmp"), "not ours").unwrap();
        write_atomic(&dir.path().join("plan.json"), b"{}").unwrap();
        assert_eq!(dir.names(), ["other.tmp", "plan.json"]);
        assert!(!dir.names().contains(&alive));
    }
}
