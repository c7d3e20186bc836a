//! Diagnostics: problems found in the input, each with its place (file, line,
//! column), what was expected and found, and a hint on how to fix it.
//!
//! Loading and validation collect every problem rather than stopping at the
//! first, so a program officer fixes a file in one pass.

use std::fmt;
use std::path::{Path, PathBuf};

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
        write!(f, "{}", self.file.display())?;
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
        write!(f, ": {level}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
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
        self.items.push(Diagnostic {
            severity,
            file: file.to_path_buf(),
            line: (pos.line > 0).then_some(pos.line),
            column: (pos.line > 0 && pos.column > 0).then_some(pos.column),
            message,
            hint: None,
        });
        self.items.last_mut().expect("just pushed")
    }

    /// Number of errors (warnings excluded).
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
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
        self.items.extend(other.items);
    }

    /// Sort by file, then line and column, so output is stable and easy to follow.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    }

    /// Every diagnostic, one after the other, each ending in a newline.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for d in &self.items {
            out.push_str(&d.to_string());
            out.push('\n');
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
