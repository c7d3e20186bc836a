//! `grantplan frontier`: the optimal plan's impact as the budget grows.

use anyhow::{bail, Result};

use crate::base::progress::Progress;
use crate::cli::FrontierArgs;
use crate::report::{self, Format};
use crate::tools::frontier::{self, Settings};
use crate::{base::output, base::par, score, EXIT_OK};

/// The most budgets one frontier traces.
pub const MAX_STEPS: usize = 10_000;

/// Run `frontier`.
pub fn run(args: &FrontierArgs) -> Result<i32> {
    if !(2..=MAX_STEPS).contains(&args.steps) {
        bail!(
            "--steps must be between 2 and {MAX_STEPS} (each step solves a plan), found {}",
            args.steps
        );
    }
    if !(0.0..1.0).contains(&args.falloff) || args.falloff == 0.0 {
        bail!(
            "--falloff must be between 0 and 1 (e.g. 0.1 for a 10% drop), found {}",
            args.falloff
        );
    }
    if args.target.is_some_and(|t| !(t.is_finite() && t > 0.0)) {
        bail!("--target must be an impact above 0 in win-equivalents");
    }
    let inputs = super::load(&args.scenario, None)?;
    let (data, sc) = (&inputs.data, &inputs.scenario);
    let default = Settings::default_for(sc.budget, args.solver.into());
    let from = args.from.unwrap_or(default.from);
    let to = args.to.unwrap_or(default.to);
    if to <= from {
        bail!("--to ({}) must be above --from ({})", report::money(to), report::money(from));
    }
    let scores = score::score(data, sc);
    let settings = Settings {
        from,
        to,
        steps: args.steps,
        target: args.target,
        falloff: args.falloff,
        solver: args.solver.into(),
        threads: par::threads(),
    };
    let progress = Progress::new("budgets", args.steps);
    let f = frontier::frontier(data, sc, &scores, settings, &|| progress.tick());
    progress.finish();
    let f = f?;
    let view = report::frontier::report(sc, &f);
    let text = match args.output.format {
        Format::Table => report::frontier::text(&view, super::report_layout(&args.output)),
        Format::Csv => report::frontier::csv(&view),
        Format::Json => report::json::render(&view),
        Format::Xlsx => bail!("--format xlsx is for plan and score; use csv or json here"),
    };
    output::emit(args.output.output.as_deref(), &text)?;
    Ok(EXIT_OK)
}
