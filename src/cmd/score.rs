//! `grantplan score`: value of a net vote in every race, odds of control in
//! every chamber, vote power by state, value of a dollar at every group.

use anyhow::Result;

use crate::cli::ScoreArgs;
use crate::report::{self, Format};
use crate::{output, score, EXIT_OK};

/// Run `score`.
pub fn run(args: &ScoreArgs) -> Result<i32> {
    let inputs = super::load(&args.scenario, None)?;
    let scores = score::score(&inputs.data, &inputs.scenario);
    let report = report::score_report(&inputs.data, &inputs.scenario, &scores);
    let text = match args.output.format {
        Format::Table => report::table::score(&report, super::layout(&args.output)),
        Format::Csv => {
            report::csv::score(&report, args.output.table).map_err(anyhow::Error::msg)?
        }
        Format::Json => report::json::render(&report),
    };
    output::emit(args.output.output.as_deref(), &text)?;
    Ok(EXIT_OK)
}
