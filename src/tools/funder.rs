//! `compare --funder ID`: one funder's existing portfolio against its part
//! of the joint plan of its donor table (MODEL.md §3 "Funders"). The
//! portfolio is scored as that funder's own spending (its budget and rules,
//! as when it plans alone); its part of the joint plan by the impact
//! attributed to it.

use crate::input::data::Dataset;
use crate::input::scenario::Scenario;
use crate::plan::funders::{alone_scenario, FunderPart};
use crate::plan::lp::Solver;
use crate::plan::{self, Plan, PlanError};
use crate::score::Scores;
use crate::tools::portfolio::{self, Portfolio};

/// A funder's portfolio next to its part of the joint plan.
#[derive(Debug, Clone)]
pub struct FunderComparison {
    /// Funder index.
    pub funder: usize,
    /// Its portfolio.
    pub portfolio: Portfolio,
    /// Win-equivalents of the portfolio, spent by the funder alone.
    pub portfolio_impact: f64,
    /// Groups in the portfolio the funder's rules do not allow.
    pub not_allowed: Vec<usize>,
    /// The joint plan.
    pub plan: Plan,
    /// The funder's part of it.
    pub part: FunderPart,
}

/// Compare funder `f`'s portfolio with its part of the joint plan.
pub fn compare(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    portfolio: &Portfolio,
    f: usize,
    solver: Solver,
) -> Result<FunderComparison, PlanError> {
    let plan = plan::plan(data, sc, scores, solver)?;
    let part = plan.split.parts[f].clone();
    let (own, _) = alone_scenario(data, sc, f);
    let own = portfolio::at_budget(&own, portfolio.total());
    let portfolio_impact = portfolio::score(data, &own, scores, &portfolio.amounts, solver)
        .map_err(PlanError::Solver)?
        .total_impact;
    let not_allowed = (0..data.groups.len())
        .filter(|&g| portfolio.amounts[g] > 0.0 && !sc.funders[f].may_fund(&data.groups[g]))
        .collect();
    Ok(FunderComparison {
        funder: f,
        portfolio: portfolio.clone(),
        portfolio_impact,
        not_allowed,
        plan,
        part,
    })
}
