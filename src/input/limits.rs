//! Limits on what is read, so that no input — hostile or careless — can
//! hang a run or exhaust memory: data and scenario paths must be regular
//! files of at most [`max_file_bytes`]; tables have at most [`MAX_ROWS`]
//! rows and [`MAX_COLUMNS`] columns; a cell holds at most [`MAX_CELL_CHARS`]
//! characters and an id at most [`MAX_ID_CHARS`]. Numbers are checked to be
//! finite and in a sane range by [`range`]. Every new input key or column
//! should go through these helpers.

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Default size limit of one input file: 200 MB (a national data set is
/// under 5 MB).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;

static MAX_FILE_BYTES: AtomicU64 = AtomicU64::new(DEFAULT_MAX_FILE_BYTES);

/// The size limit of one input file, in bytes.
pub fn max_file_bytes() -> u64 {
    MAX_FILE_BYTES.load(Ordering::Relaxed)
}

/// Raise (or lower) the size limit of input files (`--max-input-mb`).
pub fn set_max_file_bytes(bytes: u64) {
    MAX_FILE_BYTES.store(bytes, Ordering::Relaxed);
}

/// Most data rows in one table (a national data set has about 10,000).
pub const MAX_ROWS: usize = 2_000_000;
/// Most columns in one table (the widest has 12).
pub const MAX_COLUMNS: usize = 100;
/// Most characters in one cell or scenario string.
pub const MAX_CELL_CHARS: usize = 1_000;
/// Most characters in an id (race, group, chamber, tag).
pub const MAX_ID_CHARS: usize = 200;
/// Diagnostics printed per file; the rest are counted.
pub const MAX_SHOWN_PER_FILE: usize = 50;
/// Characters of input echoed in a message, at most.
pub const MAX_ECHO_CHARS: usize = 100;

/// Read an input file whole, or say why not: it must be a regular file
/// (not a folder, pipe or device, which could block or never end) and at
/// most [`max_file_bytes`] long.
pub fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read the file: {e}"))?;
    if meta.is_dir() {
        return Err("this is a folder, not a file".to_owned());
    }
    if !meta.is_file() {
        return Err(
            "this is not a regular file (a pipe or a device): give the path of a saved file"
                .to_owned(),
        );
    }
    let limit = max_file_bytes();
    let too_big = |size: u64| {
        format!(
            "the file is {} bytes, above the limit of {limit} bytes ({} MB); raise it with --max-input-mb if the file is right",
            size,
            limit / (1024 * 1024)
        )
    };
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow while it is read: never read past the limit.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the file: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Text from the input as it may be echoed in a message: control characters
/// escaped (`\u{1b}`, `\n`), so that no escape sequence reaches the
/// terminal, and at most [`MAX_ECHO_CHARS`] characters, with `…` and the
/// full length when cut.
pub fn echo(text: &str) -> String {
    let mut out = String::new();
    for (count, c) in text.chars().enumerate() {
        if count == MAX_ECHO_CHARS {
            let total = text.chars().count();
            out.push_str(&format!("… ({total} characters)"));
            return out;
        }
        push_escaped(&mut out, c);
    }
    out
}

/// Escape control characters (keeping line breaks and tabs): the safety net
/// applied to every message before it is printed.
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\n' || c == '\t' {
            out.push(c);
        } else {
            push_escaped(&mut out, c);
        }
    }
    out
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        c => out.push(c),
    }
}

/// A sane range for a number read from input: finite, at least `min`, at
/// most `max`.
#[derive(Debug, Clone, Copy)]
pub struct Range {
    /// Smallest accepted value.
    pub min: f64,
    /// Largest accepted value.
    pub max: f64,
    /// Whether `min` itself is refused (e.g. sds > 0).
    pub min_exclusive: bool,
}

/// The range [`min`, `max`].
pub const fn range(min: f64, max: f64) -> Range {
    Range { min, max, min_exclusive: false }
}

impl Range {
    /// Does `x` lie in the range (and is it finite)?
    pub fn accepts(self, x: f64) -> bool {
        x.is_finite()
            && x <= self.max
            && if self.min_exclusive { x > self.min } else { x >= self.min }
    }

    /// In words, e.g. "between 1 and 1e6".
    pub fn words(self) -> String {
        format!("between {} and {}", short(self.min), short(self.max))
    }
}

/// A number as a message shows it: `1000000` as `1e6`, `0.1` as `0.1`,
/// `5e-324` as `5e-324`.
pub fn short(x: f64) -> String {
    if x != 0.0 && (x.abs() >= 1e5 || x.abs() < 1e-3) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// The largest multiplier, factor or weight accepted anywhere.
pub const MAX_FACTOR: f64 = 1e6;
/// The largest budget or dollar amount accepted anywhere.
pub const MAX_DOLLARS: f64 = 1e12;
/// The smallest cost per net vote, dollars (below this, a dollar buys more
/// than a vote: a typo, not a program).
pub const MIN_COST_PER_VOTE: f64 = 1.0;
/// Below this cost per net vote, a warning: few programs buy a net vote for
/// under $10.
pub const PLAUSIBLE_COST_PER_VOTE: f64 = 10.0;
/// The smallest turnout of a race.
pub const MIN_TURNOUT: f64 = 10.0;
/// Below this turnout, a warning.
pub const PLAUSIBLE_TURNOUT: f64 = 100.0;
/// The smallest forecast sd that a margin is divided by, points.
pub const MIN_SD: f64 = 0.1;
/// The largest margin or sd, points (a margin is at most 100 points).
pub const MAX_POINTS: f64 = 200.0;
/// The largest turnout of a race (more than every voter in the US).
pub const MAX_TURNOUT: f64 = 1e9;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echo_escapes_and_clips() {
        assert_eq!(echo("1\u{1b}]0;pwned\u{7}0"), "1\\u{1b}]0;pwned\\u{7}0");
        assert_eq!(echo("a\nb"), "a\\nb");
        let long = "x".repeat(5000);
        let shown = echo(&long);
        assert!(shown.starts_with(&"x".repeat(100)));
        assert!(shown.ends_with("… (5000 characters)"), "{shown}");
        assert_eq!(escape_controls("a\n\u{1b}[31mb"), "a\n\\u{1b}[31mb");
    }

    #[test]
    fn ranges_refuse_non_finite_and_outside() {
        let r = range(1.0, 1e6);
        assert!(r.accepts(1.0) && r.accepts(1e6));
        assert!(!r.accepts(0.5) && !r.accepts(f64::NAN) && !r.accepts(f64::INFINITY));
        let r = Range { min_exclusive: true, ..range(0.0, 1.0) };
        assert!(!r.accepts(0.0));
        assert_eq!(range(1.0, 1e6).words(), "between 1 and 1e6");
    }

    #[test]
    fn only_regular_files_are_read() {
        let dir = std::env::temp_dir();
        assert!(read_input(&dir).unwrap_err().contains("folder"));
        #[cfg(target_os = "linux")]
        assert!(read_input(Path::new("/dev/zero")).unwrap_err().contains("not a regular file"));
    }
}
