//! `grantplan frontier`: the optimal impact at each budget.

use anyhow::{bail, Result};

use crate::cli::FrontierArgs;
use crate::report::{self, Format};
use crate::{frontier, output, score, EXIT_OK};

/// Run `frontier`.
pub fn run(args: &FrontierArgs) -> Result<i32> {
    let inputs = super::load(&args.scenario, None)?;
    let (data, sc) = (&inputs.data, &inputs.scenario);
    let from = args.from.unwrap_or(sc.budget / 10.0);
    let to = args.to.unwrap_or(sc.budget * 2.0);
    if to <= from {
        bail!("--to ({}) must be above --from ({})", report::money(to), report::money(from));
    }
    let scores = score::score(data, sc);
    let f = frontier::frontier(
        data,
        sc,
        &scores,
        (from, to, args.steps as usize),
        args.target,
        args.solver.into(),
    );
    let text = match args.output.format {
        Format::Table => report::tools::frontier_table(&f, super::layout(&args.output)),
        Format::Csv => report::csv::rows(&f.points),
        Format::Json => report::json::render(&f),
        Format::Xlsx => bail!("--format xlsx is for plan and score; use csv or json here"),
    };
    output::emit(args.output.output.as_deref(), &text)?;
    Ok(EXIT_OK)
}
