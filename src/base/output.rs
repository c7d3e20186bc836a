//! Writing results: to standard output, or to a file atomically (a temp
//! file in the same folder, renamed into place), so a failed run never
//! leaves a half-written file.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

/// Write `bytes` to `path` all at once, or leave `path` untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path.file_name().with_context(|| format!("{}: not a file name", path.display()))?;
    let tmp = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let result = (|| -> Result<()> {
        let mut f = std::fs::File::create(&tmp)
            .with_context(|| format!("cannot create {}", tmp.display()))?;
        f.write_all(bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
        f.sync_all().ok();
        std::fs::rename(&tmp, path)
            .with_context(|| format!("cannot move the output into place at {}", path.display()))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
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
                other => other.context("cannot write to standard output"),
            }
        }
    }
}

/// Write several files into folder `dir` as one unit: they are written to
/// a fresh sibling folder first; then the folder is renamed into place (or,
/// when `dir` exists, each file is renamed into it). A failure part-way
/// leaves `dir` as it was.
pub fn write_dir_atomic(dir: &Path, files: &[(&str, Vec<u8>)]) -> Result<()> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = dir.file_name().with_context(|| format!("{}: not a folder name", dir.display()))?;
    let tmp = parent.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let result = (|| -> Result<()> {
        std::fs::create_dir_all(&tmp)
            .with_context(|| format!("cannot create {}", tmp.display()))?;
        for (file, bytes) in files {
            let path = tmp.join(file);
            let mut f = std::fs::File::create(&path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            f.write_all(bytes).with_context(|| format!("cannot write {}", path.display()))?;
            f.sync_all().ok();
        }
        if dir.exists() {
            for (file, _) in files {
                std::fs::rename(tmp.join(file), dir.join(file))
                    .with_context(|| format!("cannot move {} into {}", file, dir.display()))?;
            }
            std::fs::remove_dir(&tmp).ok();
        } else {
            std::fs::rename(&tmp, dir).with_context(|| {
                format!("cannot move the output into place at {}", dir.display())
            })?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

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
        let names: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn failure_leaves_target_untouched() {
        let dir = Scratch::new("untouched");
        let path = dir.path().join("missing-dir").join("out.csv");
        assert!(write_atomic(&path, b"x").is_err());
        assert!(!path.exists());
    }
}
