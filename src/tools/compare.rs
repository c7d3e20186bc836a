//! `compare`: a donor's portfolios against the optimal plan at the same
//! budget — impact, the limits they break, overlap, and the three best
//! changes — and scenarios side by side.
//!
//! A *change* moves X dollars from one funded group A to another group B
//! and keeps the total. Each group's impact is concave in its grant
//! (tranches with falling factors), so the gain of a move is concave in X
//! and its best X is a breakpoint: a tranche end or cap of either group,
//! A's whole grant, or the slack of a limit A's money holds up. Every
//! breakpoint of every pair is tried; the largest gain that breaks no new
//! limit (and worsens none already broken) is applied, and the search runs
//! again on the changed portfolio, three times. Gains are exact: the
//! changed portfolio is scored in full.

use crate::input::data::Dataset;
use crate::input::scenario::Scenario;
use crate::plan::lp::{LpError, Solver};
use crate::plan::model;
use crate::plan::{self, Plan, PlanError};
use crate::score::Scores;
use crate::tools::portfolio::{self, Breach, Portfolio, Scored, TOLERANCE};

/// Changes suggested per portfolio.
pub const CHANGES: usize = 3;

/// One suggested change.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Group the money leaves.
    pub from: usize,
    /// Group it goes to.
    pub to: usize,
    /// Dollars moved.
    pub amount: f64,
    /// Impact gained, win-equivalents.
    pub gain: f64,
    /// The portfolio's impact after this change (and the ones before it).
    pub impact_after: f64,
}

/// A portfolio evaluated against the optimal plan at its budget.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// The portfolio.
    pub portfolio: Portfolio,
    /// Its total, dollars: the budget of the comparison.
    pub total: f64,
    /// The portfolio spent and scored.
    pub scored: Scored,
    /// The optimal plan at the same budget, or why there is none.
    pub optimal: Result<Plan, String>,
    /// Limits the portfolio breaks.
    pub breaches: Vec<Breach>,
    /// Dollars the portfolio and the optimal plan give the same group: Σ_g min(p_g, o_g).
    pub overlap: f64,
    /// The best changes, in the order to make them.
    pub changes: Vec<Change>,
}

impl Evaluation {
    /// Impact ÷ the optimal program's value (the LP optimum, an upper
    /// bound on any portfolio within the limits), if there is an optimum.
    pub fn share_of_optimal(&self) -> Option<f64> {
        let best = self.optimal.as_ref().ok()?.lp_impact;
        (best > 0.0).then(|| self.scored.total_impact / best)
    }
}

/// Evaluate one portfolio.
pub fn evaluate(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    portfolio: &Portfolio,
    solver: Solver,
) -> Result<Evaluation, PlanError> {
    let total = portfolio.total();
    let at = portfolio::at_budget(sc, total);
    let optimal = match plan::plan(data, &at, scores, solver) {
        Ok(p) => Ok(p),
        Err(PlanError::Infeasible(e)) => Err(e
            .conflicts
            .first()
            .map_or_else(|| "no plan meets every limit".to_owned(), |c| c.message.clone())),
        Err(e) => return Err(e),
    };
    let amounts = &portfolio.amounts;
    let scored = portfolio::score(data, &at, scores, amounts, solver).map_err(PlanError::Solver)?;
    let mut breaches = portfolio::breaches(data, &at, amounts, sc.budget);
    if scored.period_cap_broken {
        breaches.push(period_breach());
    }
    let overlap = match &optimal {
        Ok(p) => p.grants.iter().map(|g| g.amount.min(amounts[g.group])).sum(),
        Err(_) => 0.0,
    };
    let changes = best_changes(data, &at, scores, amounts, &scored, sc.budget, solver)
        .map_err(PlanError::Solver)?;
    Ok(Evaluation {
        portfolio: portfolio.clone(),
        total,
        scored,
        optimal,
        breaches,
        overlap,
        changes,
    })
}

fn period_breach() -> Breach {
    Breach {
        limit: "period_cap",
        subject: String::new(),
        bound: 0.0,
        actual: 0.0,
        message: "cannot be spent within timing.max_period_share of each group's room per period"
            .to_owned(),
    }
}

/// True when `after` breaks nothing new and makes no breach worse than in `before`.
fn no_worse(before: &[Breach], after: &[Breach]) -> bool {
    after.iter().all(|b| {
        before.iter().any(|a| {
            a.limit == b.limit && a.subject == b.subject && b.excess() <= a.excess() + TOLERANCE
        })
    })
}

/// Where group g's impact changes slope, in dollars of its own grant:
/// its tranche ends above other funders' money, and its caps.
fn breakpoints(data: &Dataset, sc: &Scenario, g: usize) -> Vec<f64> {
    let group = &data.groups[g];
    let mut out = Vec::new();
    let mut end = 0.0;
    for share in &sc.returns.tranches {
        end += share * group.room;
        if end - group.peer_committed > 0.0 {
            out.push(end - group.peer_committed);
        }
    }
    out.push(model::group_cap(data, sc, g, &Default::default()).cap);
    out
}

/// The greedy search for the best changes (see the module docs).
fn best_changes(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    start: &[f64],
    scored: &Scored,
    scenario_budget: f64,
    solver: Solver,
) -> Result<Vec<Change>, LpError> {
    let n = data.groups.len();
    let periods = scored.by_period.first().map_or(1, Vec::len);
    // A group's money is spread over periods as the portfolio's schedule
    // spreads it (new money: the period where it is worth most); exact
    // scores come from re-spending the whole changed portfolio.
    let spread: Vec<Vec<f64>> = (0..n)
        .map(|g| {
            let total: f64 = scored.by_period[g].iter().sum();
            if total > 0.0 {
                return scored.by_period[g].iter().map(|v| v / total).collect();
            }
            let worth = |t: usize| {
                sc.periods.get(t).map_or(1.0, |p| p.multiplier) * scores.groups[g].by_period[t]
            };
            let best = (0..periods).max_by(|&a, &b| worth(a).total_cmp(&worth(b)).then(b.cmp(&a)));
            (0..periods).map(|t| if Some(t) == best { 1.0 } else { 0.0 }).collect()
        })
        .collect();
    let value = |g: usize, a: f64| -> f64 {
        let a = a.min(data.groups[g].room_left()).max(0.0);
        if a <= 0.0 {
            return 0.0;
        }
        let v: Vec<f64> = spread[g].iter().map(|s| s * a).collect();
        model::group_impact(data, sc, scores, g, &v)
    };
    let locked = |g: usize| sc.locks.iter().any(|l| l.group.name == data.groups[g].id);
    let excluded = |g: usize| sc.exclude.iter().any(|e| e.name == data.groups[g].id);
    let ends: Vec<Vec<f64>> = (0..n).map(|g| breakpoints(data, sc, g)).collect();

    let mut amounts = start.to_vec();
    let mut impact = scored.total_impact;
    let mut changes = Vec::new();
    while changes.len() < CHANGES {
        let before = portfolio::breaches(data, sc, &amounts, scenario_budget);
        // Slack a move out of a group may use up: its tags' floors and its state's minimum.
        let slack = |g: usize| -> Vec<f64> {
            let group = &data.groups[g];
            let mut out = Vec::new();
            for f in &sc.floors {
                if group.has_tag(&f.tag.name) {
                    let sum: f64 = (0..n)
                        .filter(|&h| data.groups[h].has_tag(&f.tag.name))
                        .map(|h| amounts[h])
                        .sum();
                    out.push(sum - f.share * sc.budget);
                }
            }
            if let Some(min) = model::state_min(sc, &data.states[group.state_idx].code) {
                let sum: f64 = (0..n)
                    .filter(|&h| data.groups[h].state_idx == group.state_idx)
                    .map(|h| amounts[h])
                    .sum();
                out.push(sum - min);
            }
            out
        };
        let mut moves: Vec<(f64, usize, usize, f64)> = Vec::new();
        for a in (0..n).filter(|&g| amounts[g] > TOLERANCE && !locked(g)) {
            let have = amounts[a];
            let mut from_a: Vec<f64> =
                ends[a].iter().filter(|&&e| e < have).map(|e| have - e).collect();
            from_a.push(have);
            from_a.extend(sc.limits.min_grant.map(|m| have - m));
            from_a.extend(slack(a));
            let lose = value(a, have);
            for b in (0..n).filter(|&g| g != a && !locked(g) && !excluded(g)) {
                if scores.groups[b].value_per_dollar <= 0.0 {
                    continue;
                }
                let got = amounts[b];
                let mut xs: Vec<f64> =
                    ends[b].iter().filter(|&&e| e > got).map(|e| e - got).collect();
                xs.extend(sc.limits.min_grant.map(|m| m - got));
                xs.extend(from_a.iter().copied());
                let sb = data.groups[b].state_idx;
                if sb != data.groups[a].state_idx {
                    if let Some(cap) = model::state_max(sc, &data.states[sb].code) {
                        let sum: f64 = (0..n)
                            .filter(|&h| data.groups[h].state_idx == sb)
                            .map(|h| amounts[h])
                            .sum();
                        xs.push(cap - sum);
                    }
                }
                // Every breakpoint with a gain: if the best breaks a limit, a
                // smaller move of the same pair may not.
                let gain_b = value(b, got);
                let mut xs: Vec<f64> = xs
                    .into_iter()
                    .map(|x| (x + 1e-6).floor().min(have))
                    .filter(|&x| x >= 1.0)
                    .collect();
                xs.sort_by(f64::total_cmp);
                xs.dedup();
                for x in xs {
                    let d = value(b, got + x) - gain_b + value(a, have - x) - lose;
                    if d > 1e-9 * impact.abs().max(1e-12) {
                        moves.push((d, a, b, x));
                    }
                }
            }
        }
        moves.sort_by(|p, q| {
            q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2)).then(p.3.total_cmp(&q.3))
        });
        let mut applied = false;
        for (_, a, b, x) in moves {
            let mut next = amounts.clone();
            next[a] -= x;
            next[b] += x;
            if !no_worse(&before, &portfolio::breaches(data, sc, &next, scenario_budget)) {
                continue;
            }
            let now = portfolio::score(data, sc, scores, &next, solver)?;
            if now.total_impact <= impact || (now.period_cap_broken && !scored.period_cap_broken) {
                continue;
            }
            changes.push(Change {
                from: a,
                to: b,
                amount: x,
                gain: now.total_impact - impact,
                impact_after: now.total_impact,
            });
            impact = now.total_impact;
            amounts = next;
            applied = true;
            break;
        }
        if !applied {
            break;
        }
    }
    Ok(changes)
}

/// One scenario planned, for the side-by-side comparison.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The scenario file.
    pub path: std::path::PathBuf,
    /// The scenario.
    pub scenario: Scenario,
    /// Its data.
    pub data: Dataset,
    /// Its plan.
    pub plan: Plan,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breach(limit: &'static str, subject: &str, bound: f64, actual: f64) -> Breach {
        Breach { limit, subject: subject.to_owned(), bound, actual, message: String::new() }
    }

    #[test]
    fn a_change_may_shrink_a_breach_but_not_add_or_grow_one() {
        let before = [breach("group_cap", "B", 250_000.0, 400_000.0)];
        assert!(no_worse(&before, &[]));
        assert!(no_worse(&before, &[breach("group_cap", "B", 250_000.0, 300_000.0)]));
        assert!(!no_worse(&before, &[breach("group_cap", "B", 250_000.0, 450_000.0)]));
        assert!(!no_worse(&before, &[breach("group_cap", "A", 250_000.0, 260_000.0)]));
        assert!(!no_worse(&[], &[breach("floor", "youth", 100_000.0, 90_000.0)]));
    }
}
