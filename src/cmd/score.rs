//! `grantplan score`: value of a net vote in every race, odds of control in
//! every chamber, vote power by state, value of a dollar at every group.

use anyhow::Result;

use crate::cli::ScoreArgs;
use crate::report::{self, Format};
use crate::{base::output, score, EXIT_OK};

/// Run `score`.
pub fn run(args: &ScoreArgs) -> Result<i32> {
    let inputs = super::load(&args.scenario, None)?;
    let scores = score::score(&inputs.data, &inputs.scenario);
    let report = report::score_report(&inputs.data, &inputs.scenario, &scores);
    let format = args.output.format;
    let bytes = match format {
        Format::Table => report::table::score(&report, super::layout(&args.output)).into_bytes(),
        Format::Csv => {
            report::csv::score(&report, args.output.table).map_err(anyhow::Error::msg)?.into_bytes()
        }
        Format::Json => report::json::render(&report).into_bytes(),
        Format::Xlsx => report::xlsx::score(&report)?,
    };
    output::emit_bytes(args.output.output.as_deref(), &bytes, format.is_binary())?;
    // The report borrows the data's text and holds few blocks of its own:
    // it goes first, here.
    drop(report);
    super::free_later((scores, inputs));
    Ok(EXIT_OK)
}
