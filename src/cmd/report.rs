//! `grantplan report`: the plan as a one-page visual report for donors
//! (self-contained HTML with charts): plan, explain, trace the budget
//! frontier, then render.

use anyhow::Result;

use crate::cli::ReportArgs;
use crate::report::{self, visual};
use crate::tools::frontier::{self, Settings};
use crate::{base::output, plan, score, EXIT_OK};

/// Run `report`.
pub fn run(args: &ReportArgs) -> Result<i32> {
    let inputs = super::load(&args.scenario, args.budget)?;
    let (data, sc) = (&inputs.data, &inputs.scenario);
    let scores = score::score(data, sc);
    let solver = args.solver.into();
    let (plan, extras) = plan::plan_and_extras(data, sc, &scores, solver)?;
    let traced = if sc.budget > 0.0 {
        frontier::frontier(data, sc, &scores, Settings::default_for(sc.budget, solver), &|| {}).ok()
    } else {
        None
    };
    let view = report::plan_report(data, sc, &plan, &extras);
    let page = visual::build(data, sc, &plan, view, traced.as_ref());
    let html = report::html::render(&page)?;
    output::emit(args.output.as_deref(), &html)?;
    Ok(EXIT_OK)
}
