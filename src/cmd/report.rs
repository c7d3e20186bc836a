//! `grantplan report`: the plan as a one-page visual report for donors
//! (self-contained HTML with charts): plan and explain while the budget
//! frontier is traced beside them, then render.

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
    // The plan and the frontier need nothing of each other: traced side by
    // side, each fills the cores the other leaves idle (its effect-ceiling
    // rounds run on one).
    let (planned, traced) = std::thread::scope(|s| {
        let traced = s.spawn(|| {
            let settings = Settings::default_for(sc.budget, solver);
            (sc.budget > 0.0).then(|| frontier::frontier(data, sc, &scores, settings, &|| {}).ok())
        });
        let planned = plan::plan_and_extras(data, sc, &scores, solver);
        (planned, traced.join().expect("frontier thread").flatten())
    });
    let (plan, extras) = planned?;
    let view = report::plan_report(data, sc, &plan, &extras);
    let page = visual::build(data, sc, &plan, view, traced.as_ref());
    let html = report::html::render(&page)?;
    output::emit(args.output.as_deref(), &html)?;
    super::free_later((page, plan, extras, scores, inputs));
    Ok(EXIT_OK)
}
