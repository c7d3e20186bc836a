//! Diagnostics: problems found in the input, each with its place (file, line,
//! column), what was expected and found, and a hint on how to fix it.
//!
//! Loading and validation collect every problem rather than stopping at the
//! first, so a program officer fixes a file in one pass.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::input::limits::{escape_controls, MAX_SHOWN_PER_FILE};

/// Diagnostics kept per file; beyond this they are only counted, so a file
/// of a million bad rows cannot exhaust memory.
const KEPT_PER_FILE: usize = 1_000;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The input is usable, but probably not what was meant.
    Warning,
    /// The input cannot be used as it is.
    Error,
}

/// One problem with the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// File the problem is in (as the user named it, or relative to the scenario).
    pub file: PathBuf,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// 1-based column (CSV: field number; TOML: character), when known.
    pub column: Option<usize>,
    /// What is wrong: expected and found.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", escape_controls(&self.file.display().to_string()))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // Control characters from the input never reach the terminal.
        write!(f, ": {level}: {}", escape_controls(&self.message))?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", escape_controls(hint))?;
        }
        Ok(())
    }
}

/// A place in a file, used to build diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// 1-based line (0 = no line).
    pub line: usize,
    /// 1-based column (0 = no column).
    pub column: usize,
}

impl Pos {
    /// A line and column.
    pub fn new(line: usize, column: usize) -> Pos {
        Pos { line, column }
    }
}

/// The problems collected while reading and checking one scenario.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Per file: diagnostics kept, and errors and warnings only counted.
    per_file: BTreeMap<PathBuf, (usize, usize, usize)>,
    /// Where the diagnostics past the cap are written (never read).
    spare: Option<Box<Diagnostic>>,
}

impl Diagnostics {
    /// No problems yet.
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// Record an error at `pos` in `file`.
    pub fn error(&mut self, file: &Path, pos: Pos, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Severity::Error, file, pos, message.into())
    }

    /// Record a warning at `pos` in `file`.
    pub fn warning(
        &mut self,
        file: &Path,
        pos: Pos,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(Severity::Warning, file, pos, message.into())
    }

    fn push(
        &mut self,
        severity: Severity,
        file: &Path,
        pos: Pos,
        message: String,
    ) -> &mut Diagnostic {
        let d = Diagnostic {
            severity,
            file: file.to_path_buf(),
            line: (pos.line > 0).then_some(pos.line),
            column: (pos.line > 0 && pos.column > 0).then_some(pos.column),
            message,
            hint: None,
        };
        let counts = self.per_file.entry(file.to_path_buf()).or_default();
        if counts.0 >= KEPT_PER_FILE {
            match severity {
                Severity::Error => counts.1 += 1,
                Severity::Warning => counts.2 += 1,
            }
            return self.spare.insert(Box::new(d));
        }
        counts.0 += 1;
        self.items.push(d);
        self.items.last_mut().expect("just pushed")
    }

    /// Number of errors (warnings excluded), counted ones included.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
            + self.per_file.values().map(|c| c.1).sum::<usize>()
    }

    /// Number of warnings, counted ones included.
    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).count()
            + self.per_file.values().map(|c| c.2).sum::<usize>()
    }

    /// True when there is at least one error.
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// All diagnostics, in the order they were found.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Take over the diagnostics of another collection.
    pub fn extend(&mut self, other: Diagnostics) {
        for (file, c) in &other.per_file {
            let mine = self.per_file.entry(file.clone()).or_default();
            mine.1 += c.1;
            mine.2 += c.2;
        }
        for d in other.items {
            let severity = d.severity;
            let pos = Pos::new(d.line.unwrap_or(0), d.column.unwrap_or(0));
            let hint = d.hint;
            let mine = self.push(severity, &d.file, pos, d.message);
            mine.hint = hint;
        }
    }

    /// Sort by file, then line and column, so output is stable and easy to follow.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    }

    /// Every diagnostic, one after the other, each ending in a newline: at
    /// most [`MAX_SHOWN_PER_FILE`] per file, then how many more there are.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut shown: BTreeMap<&Path, usize> = BTreeMap::new();
        for d in &self.items {
            let n = shown.entry(&d.file).or_default();
            *n += 1;
            if *n <= MAX_SHOWN_PER_FILE {
                out.push_str(&d.to_string());
                out.push('\n');
            }
        }
        for (file, c) in &self.per_file {
            let more = c.0.saturating_sub(MAX_SHOWN_PER_FILE) + c.1 + c.2;
            if more > 0 {
                out.push_str(&format!(
                    "{}: … and {more} more problem{} in this file (fix the first ones and run again)\n",
                    escape_controls(&file.display().to_string()),
                    if more == 1 { "" } else { "s" }
                ));
            }
        }
        out
    }
}

impl Diagnostic {
    /// Attach a hint on how to fix the problem.
    pub fn hint(&mut self, hint: impl Into<String>) -> &mut Diagnostic {
        self.hint = Some(hint.into());
        self
    }
}

/// The input has errors; the diagnostics say which. Exit code 2.
#[derive(Debug)]
pub struct InputError {
    /// Everything that was found (errors and warnings).
    pub diagnostics: Diagnostics,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.diagnostics.render().trim_end())?;
        let n = self.diagnostics.error_count();
        write!(f, "\n{n} error{} in the input; nothing was written", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for InputError {}

/// Shorthand: a single input error at a place, as an `anyhow::Error`.
pub fn input_error(
    file: &Path,
    pos: Pos,
    message: impl Into<String>,
    hint: Option<&str>,
) -> anyhow::Error {
    let mut diagnostics = Diagnostics::new();
    let d = diagnostics.error(file, pos, message);
    if let Some(h) = hint {
        d.hint(h);
    }
    anyhow::Error::new(InputError { diagnostics })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_line_column_and_hint() {
        let mut diags = Diagnostics::new();
        diags
            .error(
                Path::new("data/groups.csv"),
                Pos::new(14, 6),
                "column `room`: expected dollars, found `12k`",
            )
            .hint("write plain digits, e.g. 12000");
        assert_eq!(
            diags.render(),
            "data/groups.csv:14:6: error: column `room`: expected dollars, found `12k`\n  hint: write plain digits, e.g. 12000\n"
        );
        assert_eq!(diags.error_count(), 1);
    }

    #[test]
    fn warnings_are_not_errors() {
        let mut diags = Diagnostics::new();
        diags.warning(Path::new("a.toml"), Pos::default(), "odd");
        assert!(!diags.has_errors());
        assert_eq!(diags.render(), "a.toml: warning: odd\n");
    }
}
