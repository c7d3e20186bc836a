//! `grantplan report`: the plan as a one-page visual report for donors
//! (self-contained HTML with charts): plan, explain, then add the budget
//! frontier and the schedule by period.

use anyhow::Result;

use crate::cli::ReportArgs;
use crate::report::{self, visual};
use crate::{output, plan, score, EXIT_OK};

/// Run `report`.
pub fn run(args: &ReportArgs) -> Result<i32> {
    let inputs = super::load(&args.scenario, args.budget)?;
    let (data, sc) = (&inputs.data, &inputs.scenario);
    let scores = score::score(data, sc);
    let solver = args.solver.into();
    let plan = plan::plan(data, sc, &scores, solver)?;
    let extras = report::plan_extras(data, sc, &scores, &plan, solver);
    let view = report::plan_report(data, sc, &plan, &extras);
    let page = visual::build(data, sc, &scores, &plan, &extras, view, solver);
    let html = report::html::render(&page)?;
    output::emit(args.output.as_deref(), &html)?;
    Ok(EXIT_OK)
}
