//! A progress bar on standard error, drawn only when standard error is a
//! terminal (so logs and pipes never get one). Safe to tick from any thread;
//! redrawn at most ten times a second.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Counts finished jobs and shows `label [#####     ] done/total`.
pub struct Progress {
    label: &'static str,
    total: usize,
    done: AtomicUsize,
    last: Mutex<Option<Instant>>,
    shown: bool,
}

const WIDTH: usize = 30;

impl Progress {
    /// A bar for `total` jobs, shown only if standard error is a terminal.
    pub fn new(label: &'static str, total: usize) -> Progress {
        Progress::with_display(label, total, std::io::stderr().is_terminal())
    }

    /// A bar that is drawn only when `shown`.
    pub fn with_display(label: &'static str, total: usize, shown: bool) -> Progress {
        Progress { label, total, done: AtomicUsize::new(0), last: Mutex::new(None), shown }
    }

    /// One more job finished.
    pub fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if !self.shown {
            return;
        }
        let Ok(mut last) = self.last.lock() else { return };
        let now = Instant::now();
        if done < self.total && last.is_some_and(|t| now - t < Duration::from_millis(100)) {
            return;
        }
        *last = Some(now);
        let _ = write!(std::io::stderr(), "\r{}", self.line(done));
    }

    /// Clear the bar's line.
    pub fn finish(&self) {
        if self.shown {
            let _ = write!(std::io::stderr(), "\r{}\r", " ".repeat(self.line(self.total).len()));
        }
    }

    fn line(&self, done: usize) -> String {
        let filled = (done * WIDTH).checked_div(self.total).unwrap_or(WIDTH).min(WIDTH);
        format!(
            "{} [{}{}] {done}/{}",
            self.label,
            "#".repeat(filled),
            " ".repeat(WIDTH - filled),
            self.total
        )
    }
}

/// A one-line status on standard error for work whose length is not known
/// in advance (the integer search): redrawn at most ten times a second,
/// only when `shown`, and cleared by [`Status::finish`].
pub struct Status {
    shown: bool,
    last: Option<Instant>,
    /// Characters of the line drawn last (to clear it).
    width: usize,
}

impl Status {
    /// A status line drawn only when `shown`.
    pub fn new(shown: bool) -> Status {
        Status { shown, last: None, width: 0 }
    }

    /// Draw `line()` unless a line was drawn less than 0.1 s ago (the
    /// first after 0.5 s: quick work shows nothing).
    pub fn update(&mut self, line: impl FnOnce() -> String) {
        if !self.shown {
            return;
        }
        let now = Instant::now();
        let last = *self.last.get_or_insert(now + Duration::from_millis(400));
        if now < last + Duration::from_millis(100) {
            return;
        }
        self.last = Some(now);
        let line = line();
        let pad = " ".repeat(self.width.saturating_sub(line.chars().count()));
        self.width = line.chars().count();
        let _ = write!(std::io::stderr(), "\r{line}{pad}");
    }

    /// Clear the line, if one was drawn.
    pub fn finish(&mut self) {
        if self.shown && self.width > 0 {
            let _ = write!(std::io::stderr(), "\r{}\r", " ".repeat(self.width));
            self.width = 0;
        }
    }
}

impl Drop for Status {
    fn drop(&mut self) {
        self.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_draws_the_bar() {
        let p = Progress::with_display("draws", 4, false);
        p.tick();
        p.tick();
        assert_eq!(p.done.load(Ordering::Relaxed), 2);
        assert_eq!(p.line(2), format!("draws [{}{}] 2/4", "#".repeat(15), " ".repeat(15)));
    }
}
