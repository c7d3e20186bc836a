//! `grantplan robust`: the plan against wrong forecasts.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::Result;

use crate::cli::RobustArgs;
use crate::report::{self, Format};
use crate::{output, robust, EXIT_OK};

/// Run `robust`.
pub fn run(args: &RobustArgs) -> Result<i32> {
    let inputs = super::load(&args.scenario, None)?;
    let (data, sc) = (&inputs.data, &inputs.scenario);
    let draws = args.draws as usize;
    let done = AtomicUsize::new(0);
    let finished = AtomicBool::new(false);
    let tty = std::io::stderr().is_terminal();
    let report = std::thread::scope(|s| {
        if tty {
            s.spawn(|| progress_bar(&done, &finished, draws));
        }
        let r = robust::robust(data, sc, draws, args.seed, args.solver.into(), &|| {
            done.fetch_add(1, Ordering::Relaxed);
        });
        finished.store(true, Ordering::Relaxed);
        r
    })?;
    let text = match args.output.format {
        Format::Table => report::tools::robust_table(&report, super::layout(&args.output)),
        Format::Csv => report::csv::rows(&report.groups),
        Format::Json => report::json::render(&report),
        Format::Xlsx => anyhow::bail!("--format xlsx is for plan and score; use csv or json here"),
    };
    output::emit(args.output.output.as_deref(), &text)?;
    Ok(EXIT_OK)
}

/// A one-line progress bar on standard error, redrawn a few times a second.
fn progress_bar(done: &AtomicUsize, finished: &AtomicBool, total: usize) {
    let mut err = std::io::stderr();
    loop {
        let n = done.load(Ordering::Relaxed).min(total);
        let width = 30;
        let filled = n * width / total.max(1);
        let _ = write!(
            err,
            "\r  draws [{}{}] {n}/{total}",
            "=".repeat(filled),
            " ".repeat(width - filled)
        );
        let _ = err.flush();
        if finished.load(Ordering::Relaxed) {
            let _ = writeln!(err);
            return;
        }
        std::thread::sleep(Duration::from_millis(150));
    }
}
