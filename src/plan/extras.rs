//! What a reader needs beside the grants: the binding limits and what each
//! costs, the odds before and after in every race and chamber the plan
//! reaches, the grants by period, and what giving early is worth. Computed
//! here, in the plan stage, so the renderers only format.

use crate::input::data::Dataset;
use crate::input::scenario::Scenario;
use crate::plan::explain::{self, Explanation};
use crate::plan::funders::{self, Coordination};
use crate::plan::lp::Solver;
use crate::plan::outcomes::{self, ChamberOutcome, RaceOutcome};
use crate::plan::schedule::{self, PeriodRow, ScheduleRow, TimingValue};
use crate::plan::Plan;
use crate::score::Scores;

/// What a plan's explanation adds to the report.
#[derive(Debug, Clone)]
pub struct Extras {
    /// Binding limits and their costs.
    pub explanation: Explanation,
    /// Races reached, before and after.
    pub races: Vec<RaceOutcome>,
    /// Chambers moved, before and after.
    pub chambers: Vec<ChamberOutcome>,
    /// With periods: dollars by period (and by state within each).
    pub periods: Vec<PeriodRow>,
    /// With periods: each group's non-zero grant in each period.
    pub schedule: Vec<ScheduleRow>,
    /// With periods: what giving early is worth.
    pub timing: Option<TimingValue>,
    /// With `[[funders]]`: the joint plan against the funders planning alone.
    pub coordination: Option<Coordination>,
}

/// Explain a plan: price its limits, compute its before/after odds and lay
/// out its grants by period.
pub fn extras(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    plan: &Plan,
    solver: Solver,
) -> Extras {
    extras_with(data, sc, scores, plan, solver, None)
}

/// [`extras`], with the funders' own plans already found (`alone`, from
/// [`funders::alone`]; `None`: find them here).
pub fn extras_with(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    plan: &Plan,
    solver: Solver,
    alone: Option<funders::Alone>,
) -> Extras {
    // The timing comparison is one more solve, and the odds after the plan
    // need only the plan: run them beside the explanation's re-solves (on
    // two cores, the after-odds fill the gaps its parallel jobs leave).
    let (explanation, timing, coordination, (races, chambers)) = std::thread::scope(|s| {
        let timing = s.spawn(|| schedule::timing_value(data, sc, scores, plan, solver));
        let coordination = s.spawn(|| {
            (!sc.funders.is_empty()).then(|| {
                let alone = alone.unwrap_or_else(|| funders::alone(data, sc, scores, solver));
                funders::coordination_of(data, sc, scores, plan, alone)
            })
        });
        let outcomes = s.spawn(|| outcomes::outcomes(data, sc, scores, plan));
        let explanation = explain::explain(data, sc, scores, plan, solver);
        (
            explanation,
            timing.join().expect("timing thread"),
            coordination.join().expect("coordination thread"),
            outcomes.join().expect("outcomes thread"),
        )
    });
    let (periods, schedule) = schedule::schedule(data, sc, plan);
    Extras { explanation, races, chambers, periods, schedule, timing, coordination }
}

/// [`crate::plan::plan`] and then [`extras`], with the funders planning
/// alone (which needs no joint plan) beside the joint plan: on two cores
/// the value of coordinating costs no wait. The same results as the two
/// calls one after the other.
pub fn plan_and_extras(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    solver: Solver,
) -> Result<(Plan, Extras), crate::plan::PlanError> {
    let (plan, alone) = std::thread::scope(|s| {
        let alone =
            (!sc.funders.is_empty()).then(|| s.spawn(|| funders::alone(data, sc, scores, solver)));
        let plan = crate::plan::plan(data, sc, scores, solver);
        (plan, alone.map(|a| a.join().expect("alone plans thread")))
    });
    let plan = plan?;
    let extras = extras_with(data, sc, scores, &plan, solver, alone);
    Ok((plan, extras))
}
