//! `grantplan robust`: re-score and re-plan under drawn forecast and cost
//! errors, and say how the scenario's own plan holds up.

use anyhow::{bail, Result};

use crate::base::progress::Progress;
use crate::cli::RobustArgs;
use crate::report::{self, Format};
use crate::tools::robust::{self, Settings};
use crate::{base::output, base::par, score, EXIT_OK};

/// The most draws one run makes.
pub const MAX_DRAWS: usize = 100_000;

/// Run `robust`.
pub fn run(args: &RobustArgs) -> Result<i32> {
    if !(1..=MAX_DRAWS).contains(&args.draws) {
        bail!(
            "--draws must be between 1 and {MAX_DRAWS} (each draw solves a plan), found {}",
            args.draws
        );
    }
    if args.threads == Some(0) {
        bail!("--threads must be at least 1");
    }
    if !(0.0..1.0).contains(&args.flag_share) {
        bail!("--flag-share must be at least 0 and below 1, found {}", args.flag_share);
    }
    let inputs = super::load(&args.scenario, args.budget)?;
    let (data, sc) = (&inputs.data, &inputs.scenario);
    let scores = score::score(data, sc);
    let settings = Settings {
        draws: args.draws,
        seed: args.seed,
        solver: args.solver.into(),
        // More threads than cores only costs memory: cap at the cores.
        threads: args.threads.map_or_else(par::threads, |t| t.min(par::cores())).max(1),
        flag_share: args.flag_share,
    };
    let progress = Progress::new("draws", args.draws);
    let result = robust::robust(data, sc, &scores, settings, &|| progress.tick());
    progress.finish();
    let view = report::robust::report(data, sc, &result?);
    let text = match args.output.format {
        Format::Table => report::robust::text(&view, super::report_layout(&args.output)),
        Format::Csv => report::robust::csv(&view, args.table),
        Format::Json => report::json::render(&view),
        Format::Xlsx => bail!("--format xlsx is for plan and score; use csv or json here"),
    };
    output::emit(args.output.output.as_deref(), &text)?;
    Ok(EXIT_OK)
}
