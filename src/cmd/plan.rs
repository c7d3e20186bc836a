//! `grantplan plan`: solve the allocation program and print the grants.

use anyhow::Result;

use crate::cli::PlanArgs;
use crate::report::{self, Format};
use crate::{output, plan, score, EXIT_OK};

/// Run `plan`.
pub fn run(args: &PlanArgs) -> Result<i32> {
    let inputs = super::load(&args.scenario, args.budget)?;
    let (data, sc) = (&inputs.data, &inputs.scenario);
    let scores = score::score(data, sc);
    let solver = args.solver.into();
    let plan = plan::plan(data, sc, &scores, solver)?;
    let extras = report::plan_extras(data, sc, &scores, &plan, solver);
    let report = report::plan_report(data, sc, &plan, &extras);
    let text = match args.output.format {
        Format::Table => report::table::plan(&report, super::layout(&args.output)),
        Format::Csv => report::csv::plan(&report, args.output.table).map_err(anyhow::Error::msg)?,
        Format::Json => report::json::render(&report),
    };
    output::emit(args.output.output.as_deref(), &text)?;
    Ok(EXIT_OK)
}
