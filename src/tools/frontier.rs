//! `frontier`: the optimal plan's impact as the budget grows, the marginal
//! impact of each further $1M, where returns start to fall, and the
//! smallest budget that reaches a target impact.
//!
//! Scores do not depend on the budget, so scoring is done once and every
//! budget re-solves only the allocation program: in runs of consecutive
//! budgets, each warm from the one before ([`plan::plan_near`]), the runs
//! in parallel. Limits written as shares of the budget (`max_state_share`,
//! `max_group_share`, floors) scale with it, as they would in `plan
//! --budget`; limits written in dollars (state minimums and maximums,
//! locks, room, dependency caps) do not; period releases scale so they
//! still add up to the budget.
//!
//! With only such limits the LP optimum V(B) is concave in the budget
//! B (the right-hand sides are affine in B), so the marginal impact never
//! rises along the frontier: "returns start to fall" is well defined as
//! the first budget where the marginal impact per $1M drops below
//! (1 − falloff) × the first step's.

use crate::base::par;
use crate::input::data::Dataset;
use crate::input::scenario::Scenario;
use crate::plan::lp::Solver;
use crate::plan::model::Model;
use crate::plan::{self, PlanError};
use crate::score::Scores;

/// The default falloff: returns "fall" once a further $1M buys less than
/// 90% of what the first step's did.
pub const FALLOFF: f64 = 0.1;

/// What to trace.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Smallest budget, dollars.
    pub from: f64,
    /// Largest budget, dollars.
    pub to: f64,
    /// Budgets in all, evenly spaced from `from` to `to` (≥ 2).
    pub steps: usize,
    /// Impact to reach, win-equivalents.
    pub target: Option<f64>,
    /// Returns "fall" once the marginal impact is below (1 − falloff) × the first step's.
    pub falloff: f64,
    /// LP solver.
    pub solver: Solver,
    /// Threads to use (the results do not depend on it).
    pub threads: usize,
}

/// Budgets traced by default, by `frontier` and by the report alike.
pub const DEFAULT_STEPS: usize = 20;

impl Settings {
    /// The default frontier: [`DEFAULT_STEPS`] budgets from a tenth of
    /// `budget` to twice it, on every core. `grantplan frontier` without
    /// `--from`, `--to` and `--steps` and the report trace exactly these, so
    /// they agree on where returns fall.
    pub fn default_for(budget: f64, solver: Solver) -> Settings {
        Settings {
            from: (budget / 10.0).round(),
            to: budget * 2.0,
            steps: DEFAULT_STEPS,
            target: None,
            falloff: FALLOFF,
            solver,
            threads: crate::base::par::threads(),
        }
    }
}

/// The optimal plan at one budget.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Budget, dollars.
    pub budget: f64,
    /// The plan at this budget, or why there is none.
    pub outcome: Result<Outcome, String>,
    /// Marginal impact per $1M from the previous budget to this one (LP
    /// optima, free of rounding noise); `None` for the first budget or
    /// when either end has no plan.
    pub marginal_per_million: Option<f64>,
}

/// A plan's headline numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    /// Sum of rounded grants, dollars.
    pub allocated: f64,
    /// Win-equivalents of the rounded grants (as `plan` reports).
    pub impact: f64,
    /// The LP optimum before rounding.
    pub lp_impact: f64,
    /// Groups funded.
    pub groups_funded: usize,
}

/// The smallest budget that reaches a target impact.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// The impact asked for, win-equivalents.
    pub impact: f64,
    /// The smallest budget found (a multiple of `rounding`), if any in range.
    pub budget: Option<f64>,
    /// Impact of the plan at that budget.
    pub plan_impact: Option<f64>,
    /// Plans solved in the search.
    pub solves: usize,
}

/// The whole frontier.
#[derive(Debug, Clone, PartialEq)]
pub struct Frontier {
    /// The settings it was traced with.
    pub from: f64,
    /// Largest budget, dollars.
    pub to: f64,
    /// The falloff used for `returns_fall_at`.
    pub falloff: f64,
    /// One per budget, ascending.
    pub points: Vec<Point>,
    /// Marginal impact per $1M of the first step with a plan at both ends.
    pub first_marginal: Option<f64>,
    /// The first budget whose marginal impact is below (1 − falloff) × `first_marginal`.
    pub returns_fall_at: Option<f64>,
    /// The target search, when asked.
    pub target: Option<Target>,
}

/// The budgets of the grid: `steps` evenly spaced from `from` to `to`, in whole dollars.
pub fn budgets(from: f64, to: f64, steps: usize) -> Vec<f64> {
    let n = steps.max(2);
    (0..n).map(|k| (from + (to - from) * k as f64 / (n - 1) as f64).round()).collect()
}

/// Budgets planned one after another, each warm from the one before
/// ([`plan::plan_near`]): the grid is cut into runs of this many
/// consecutive budgets, and the runs are spread over the threads. The runs
/// depend on the grid alone, so the results do not depend on the threads.
const RUN: usize = 5;

/// Solve the scenario at `budget`, warm from `near` (a plan's program at a
/// neighbouring budget) where [`plan::plan_near`] can: `Err` carries why
/// there is no plan. Its program replaces `near`, for the next budget (a
/// budget without a plan leaves `near` as it was).
fn solve_at(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    budget: f64,
    solver: Solver,
    near: &mut Option<Model>,
) -> Result<Result<Outcome, String>, PlanError> {
    let mut sc = sc.clone();
    sc.set_budget(budget);
    match plan::plan_near(data, &sc, scores, solver, near.as_ref()) {
        Ok(p) => {
            let outcome = Outcome {
                allocated: p.allocated,
                impact: p.impact,
                lp_impact: p.lp_impact,
                groups_funded: p.grants.iter().filter(|g| g.amount > 0.0).count(),
            };
            *near = Some(p.model);
            Ok(Ok(outcome))
        }
        Err(PlanError::Infeasible(e)) => Ok(Err(e
            .conflicts
            .first()
            .map_or_else(|| "no plan meets every limit".to_owned(), |c| c.message.clone()))),
        Err(e) => Err(e),
    }
}

/// Trace the frontier. A budget at which no plan meets the limits (a lock
/// or state minimum above it, say) is kept as a point without a plan.
/// `tick` is called once per budget of the grid planned (from any thread).
pub fn frontier(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    settings: Settings,
    tick: &(dyn Fn() + Sync),
) -> Result<Frontier, PlanError> {
    let grid = budgets(settings.from, settings.to, settings.steps);
    let runs: Vec<&[f64]> = grid.chunks(RUN).collect();
    let solved = par::map_on(settings.threads.max(1), &runs, |run| {
        let mut near = None;
        let mut outcomes = Vec::with_capacity(run.len());
        for &b in *run {
            outcomes.push(solve_at(data, sc, scores, b, settings.solver, &mut near)?);
            tick();
        }
        Ok(outcomes)
    });
    let outcomes: Vec<Result<Outcome, String>> =
        solved.into_iter().collect::<Result<Vec<_>, PlanError>>()?.into_iter().flatten().collect();
    let mut points: Vec<Point> = Vec::with_capacity(grid.len());
    for (k, (&budget, outcome)) in grid.iter().zip(outcomes).enumerate() {
        let marginal = match (k.checked_sub(1).map(|j| &points[j]), &outcome) {
            (Some(prev), Ok(now)) => match &prev.outcome {
                Ok(before) if budget > prev.budget => {
                    Some((now.lp_impact - before.lp_impact) / (budget - prev.budget) * 1e6)
                }
                _ => None,
            },
            _ => None,
        };
        points.push(Point { budget, outcome, marginal_per_million: marginal });
    }
    let first_marginal = points.iter().find_map(|p| p.marginal_per_million);
    let returns_fall_at = first_marginal.and_then(|m1| {
        points
            .iter()
            .skip_while(|p| p.marginal_per_million.is_none())
            .skip(1)
            .find(|p| p.marginal_per_million.is_some_and(|m| m < (1.0 - settings.falloff) * m1))
            .map(|p| p.budget)
    });
    let target = match settings.target {
        Some(t) => Some(find_target(data, sc, scores, &points, t, settings.solver)?),
        None => None,
    };
    Ok(Frontier {
        from: settings.from,
        to: settings.to,
        falloff: settings.falloff,
        points,
        first_marginal,
        returns_fall_at,
        target,
    })
}

/// The smallest budget, in multiples of `rounding`, whose plan reaches
/// `target`: the first grid budget that reaches it brackets the answer
/// with the budget before it, and bisection closes the bracket to one
/// rounding unit. Exact when the plan's impact does not fall as the
/// budget grows inside the bracket (the LP optimum never does; rounding
/// can make the rounded plan's impact wobble by a rounding unit's worth).
fn find_target(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    points: &[Point],
    target: f64,
    solver: Solver,
) -> Result<Target, PlanError> {
    let reaches = |o: &Result<Outcome, String>| o.as_ref().is_ok_and(|o| o.impact >= target);
    let Some(k) = points.iter().position(|p| reaches(&p.outcome)) else {
        return Ok(Target { impact: target, budget: None, plan_impact: None, solves: 0 });
    };
    let unit = sc.rounding.max(1.0);
    let mut hi = points[k].budget;
    let mut hi_impact = points[k].outcome.as_ref().map(|o| o.impact).unwrap_or(0.0);
    let mut lo = if k == 0 { 0.0 } else { points[k - 1].budget };
    let mut solves = 0;
    // Each solve of the bisection warm from the one before.
    let mut near: Option<Model> = None;
    while hi - lo > unit {
        let mid = ((lo + hi) / 2.0 / unit).floor() * unit;
        if mid <= lo || mid >= hi {
            break;
        }
        solves += 1;
        match solve_at(data, sc, scores, mid, solver, &mut near)? {
            Ok(o) if o.impact >= target => {
                hi = mid;
                hi_impact = o.impact;
            }
            _ => lo = mid,
        }
    }
    Ok(Target { impact: target, budget: Some(hi), plan_impact: Some(hi_impact), solves })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_is_even_and_inclusive() {
        assert_eq!(budgets(1e6, 5e6, 5), vec![1e6, 2e6, 3e6, 4e6, 5e6]);
        assert_eq!(budgets(1e6, 50e6, 50).len(), 50);
        assert_eq!(budgets(1e6, 50e6, 50)[49], 50e6);
    }
}
