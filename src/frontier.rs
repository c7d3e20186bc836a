//! The budget frontier: the optimal impact at each budget, the marginal
//! impact of each step, where returns start to fall, and the smallest
//! budget that reaches a target impact.
//!
//! Scores do not depend on the budget, so they are computed once and
//! shared by every step; the steps' programs are independent and solved in
//! parallel. Limits written as shares of the budget (state and group caps,
//! floors) grow with it; dollar limits (state minimums and maximums, locks)
//! do not; period releases scale with the budget.

use serde::Serialize;

use crate::data::Dataset;
use crate::explain::optimum;
use crate::lp::Solver;
use crate::model::Omit;
use crate::scenario::Scenario;
use crate::score::Scores;

/// Returns "start to fall" at the first step whose marginal impact per $1M
/// drops below this share of the first step's.
pub const KNEE: f64 = 0.8;

/// One budget on the frontier.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FrontierPoint {
    /// Budget, dollars.
    #[serde(serialize_with = "crate::report::dollars")]
    pub budget: f64,
    /// The optimal impact at this budget (LP optimum), win-equivalents;
    /// empty when no plan meets the limits at this budget.
    pub impact: Option<f64>,
    /// impact per $1M of budget.
    pub impact_per_million: Option<f64>,
    /// (impact − previous impact) per $1M of the step; empty at the first step.
    pub marginal_per_million: Option<f64>,
}

/// The whole frontier.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Frontier {
    /// Scenario name.
    pub scenario: String,
    /// Every budget, ascending.
    pub points: Vec<FrontierPoint>,
    /// The first budget where the marginal impact per $1M falls below
    /// `KNEE` of the first step's (empty if it never does).
    #[serde(serialize_with = "crate::report::opt_dollars")]
    pub returns_fall_at: Option<f64>,
    /// The share used for `returns_fall_at`.
    pub knee: f64,
    /// With `--target`: the impact asked for.
    pub target: Option<f64>,
    /// With `--target`: the smallest budget (to the scenario's rounding) whose
    /// optimum reaches it; empty when even `--to` does not.
    #[serde(serialize_with = "crate::report::opt_dollars")]
    pub target_budget: Option<f64>,
}

/// The LP optimum of `sc` at `budget`.
fn at(data: &Dataset, sc: &Scenario, scores: &Scores, budget: f64, solver: Solver) -> Option<f64> {
    let mut s = sc.clone();
    s.set_budget(budget);
    optimum(data, &s, scores, &Omit::default(), solver)
}

/// Trace the frontier from `from` to `to` dollars in `steps` budgets.
pub fn frontier(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    (from, to, steps): (f64, f64, usize),
    target: Option<f64>,
    solver: Solver,
) -> Frontier {
    let steps = steps.max(2);
    let budgets: Vec<f64> = (0..steps)
        .map(|i| from + (to - from) * i as f64 / (steps - 1) as f64)
        .map(f64::round)
        .collect();
    let impacts = crate::par::map(&budgets, |&b| at(data, sc, scores, b, solver));
    let mut points = Vec::with_capacity(steps);
    for (i, (&budget, &impact)) in budgets.iter().zip(&impacts).enumerate() {
        let marginal = match (i.checked_sub(1).map(|j| (budgets[j], impacts[j])), impact) {
            (Some((b0, Some(v0))), Some(v)) if budget > b0 => Some((v - v0) / (budget - b0) * 1e6),
            _ => None,
        };
        points.push(FrontierPoint {
            budget,
            impact,
            impact_per_million: impact.filter(|_| budget > 0.0).map(|v| v / budget * 1e6),
            marginal_per_million: marginal,
        });
    }
    let first = points.iter().find_map(|p| p.marginal_per_million);
    let returns_fall_at = first.and_then(|m0| {
        points
            .iter()
            .find(|p| p.marginal_per_million.is_some_and(|m| m < KNEE * m0))
            .map(|p| p.budget)
    });
    let target_budget =
        target.and_then(|goal| smallest_budget(data, sc, scores, goal, (from, to), solver));
    Frontier {
        scenario: sc.name.clone(),
        points,
        returns_fall_at,
        knee: KNEE,
        target,
        target_budget,
    }
}

/// The smallest budget in [from, to] whose optimum reaches `goal`, by
/// bisection to the scenario's rounding (the optimum never falls as the
/// budget grows: more money can always be left unspent, or, with
/// spend_all, spent on groups whose value is never negative).
fn smallest_budget(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    goal: f64,
    (from, to): (f64, f64),
    solver: Solver,
) -> Option<f64> {
    let reaches = |b: f64| at(data, sc, scores, b, solver).is_some_and(|v| v >= goal);
    if !reaches(to) {
        return None;
    }
    if reaches(from) {
        return Some(from);
    }
    let (mut lo, mut hi) = (from, to);
    let unit = sc.rounding.max(1.0);
    while hi - lo > unit {
        let mid = ((lo + hi) / 2.0 / unit).round() * unit;
        if mid <= lo || mid >= hi {
            break;
        }
        if reaches(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}
