//! A progress bar on standard error, drawn only when standard error is a
//! terminal (so logs and pipes never get one). Safe to tick from any thread;
//! redrawn at most ten times a second, and not before the work has run for
//! half a second (quick work shows nothing).

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Counts finished jobs and shows `label [#####     ] done/total`.
pub struct Progress {
    label: &'static str,
    total: usize,
    done: AtomicUsize,
    /// When the bar was drawn last (at first: [`quiet_start`]).
    last: Mutex<Instant>,
    shown: bool,
    drawn: std::sync::atomic::AtomicBool,
}

const WIDTH: usize = 30;

/// Work shorter than this draws no bar or status line.
const QUIET: Duration = Duration::from_millis(500);

/// A bar or status line is redrawn at most this often.
const REDRAW: Duration = Duration::from_millis(100);

/// The "last drawn" time a new bar or status line starts with: its first
/// draw comes once the work has run for [`QUIET`].
fn quiet_start() -> Instant {
    Instant::now() + QUIET - REDRAW
}

thread_local! {
    /// Whether work on this thread may draw a status ([`show_here`]).
    static HERE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Let long work started on this thread from now on (the plan's
/// effect-ceiling rounds, its integer search, the explanation's re-solves)
/// say how far it is on standard error (`on`: when that is a terminal).
/// `grantplan plan` turns it on; work on other threads (robust's draws,
/// the explanation's workers, the funders' own plans) never draws.
pub fn show_here(on: bool) {
    HERE.with(|h| h.set(on));
}

/// Was [`show_here`] turned on for this thread?
pub fn shown_here() -> bool {
    HERE.with(std::cell::Cell::get)
}

/// Work on this thread draws nothing while this lives (a bar of its own is
/// drawn instead); dropping it restores [`show_here`]'s setting.
pub struct Hush(bool);

impl Hush {
    /// Turn [`show_here`] off for this thread until dropped.
    pub fn new() -> Hush {
        let was = shown_here();
        show_here(false);
        Hush(was)
    }
}

impl Default for Hush {
    fn default() -> Hush {
        Hush::new()
    }
}

impl Drop for Hush {
    fn drop(&mut self) {
        show_here(self.0);
    }
}

impl Progress {
    /// A bar for `total` jobs, shown only if standard error is a terminal.
    pub fn new(label: &'static str, total: usize) -> Progress {
        Progress::with_display(label, total, std::io::stderr().is_terminal())
    }

    /// A bar that is drawn only when `shown`.
    pub fn with_display(label: &'static str, total: usize, shown: bool) -> Progress {
        Progress {
            label,
            total,
            done: AtomicUsize::new(0),
            last: Mutex::new(quiet_start()),
            shown,
            drawn: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// One more job finished.
    pub fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if !self.shown {
            return;
        }
        let Ok(mut last) = self.last.lock() else { return };
        let now = Instant::now();
        if now < *last + REDRAW {
            return;
        }
        *last = now;
        self.drawn.store(true, Ordering::Relaxed);
        let _ = write!(std::io::stderr(), "\r{}", self.line(done));
    }

    /// Clear the bar's line, if it was drawn.
    pub fn finish(&self) {
        if self.shown && self.drawn.load(Ordering::Relaxed) {
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
/// in advance (the integer search, the effect-ceiling rounds): redrawn at
/// most ten times a second, only when `shown`, and cleared by
/// [`Status::finish`].
pub struct Status {
    shown: bool,
    /// When the line was drawn last (at first: [`quiet_start`]).
    last: Instant,
    /// Characters of the line drawn last (to clear it).
    width: usize,
}

impl Status {
    /// A status line drawn only when `shown`.
    pub fn new(shown: bool) -> Status {
        Status { shown, last: quiet_start(), width: 0 }
    }

    /// Draw `line()` unless a line was drawn less than 0.1 s ago (the
    /// first once the work has run for [`QUIET`]).
    pub fn update(&mut self, line: impl FnOnce() -> String) {
        if !self.shown {
            return;
        }
        let now = Instant::now();
        if now < self.last + REDRAW {
            return;
        }
        self.last = now;
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
    fn a_hush_turns_this_threads_display_off_and_back() {
        show_here(true);
        {
            let _hush = Hush::new();
            assert!(!shown_here());
            // Other threads never draw unless they say so.
            assert!(!std::thread::scope(|s| s.spawn(shown_here).join().unwrap()));
        }
        assert!(shown_here());
        show_here(false);
        assert!(!shown_here());
    }

    #[test]
    fn a_status_not_shown_draws_nothing() {
        let mut status = Status::new(false);
        status.last = Instant::now() - Duration::from_secs(1);
        status.update(|| unreachable!("not shown: the line is never made"));
        assert_eq!(status.width, 0);
    }

    #[test]
    fn counts_and_draws_the_bar() {
        let p = Progress::with_display("draws", 4, false);
        p.tick();
        p.tick();
        assert_eq!(p.done.load(Ordering::Relaxed), 2);
        assert_eq!(p.line(2), format!("draws [{}{}] 2/4", "#".repeat(15), " ".repeat(15)));
    }
}
