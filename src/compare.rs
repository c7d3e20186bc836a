//! Comparing plans: a donor's own portfolio against the optimum under the
//! same model, and scenarios side by side.
//!
//! A portfolio's impact is computed exactly as a plan's (tranches above
//! other funders' money, diminishing returns), with every grant given at the
//! start (the first period, when the scenario has periods). The optimum it is
//! measured against has the same budget: the portfolio's total.

use std::path::Path;

use serde::Serialize;

use crate::data::{Dataset, TableReader};
use crate::diag::{Diagnostics, InputError, Pos};
use crate::lp::Solver;
use crate::model::{self, group_impact, Omit};
use crate::plan::{plan, Plan, PlanError};
use crate::scenario::Scenario;
use crate::score::Scores;

/// A portfolio: dollars per group (indexed like `data.groups`).
#[derive(Debug, Clone)]
pub struct Portfolio {
    /// The file it came from.
    pub path: std::path::PathBuf,
    /// Dollars per group.
    pub amounts: Vec<f64>,
}

/// Read `group,amount` rows; unknown groups, negative or non-numeric
/// amounts and duplicates are errors with their file and line.
pub fn read_portfolio(path: &Path, data: &Dataset) -> Result<Portfolio, InputError> {
    use crate::data::{Column, Num};
    const COLUMNS: &[Column] =
        &[Column { name: "group", required: true }, Column { name: "amount", required: true }];
    let mut diags = Diagnostics::new();
    let mut amounts = vec![0.0; data.groups.len()];
    let mut seen: Vec<Option<usize>> = vec![None; data.groups.len()];
    TableReader::read(path, path, COLUMNS, &mut diags, |row| {
        let id = row.text("group");
        let amount = row.number("amount", Num::Dollars);
        let (Some(id), Some(amount)) = (id, amount) else { return };
        let pos = row.pos("group");
        let line = row.line;
        match data.group(&id) {
            None => {
                let d = row.diags().error(path, pos, format!("unknown group `{id}`"));
                match crate::data::closest(&id, data.groups.iter().map(|g| g.id.as_str())) {
                    Some(best) => d.hint(format!(
                        "did you mean `{best}`? (groups are defined in {})",
                        data.paths.groups.display()
                    )),
                    None => d.hint(format!("use a group id from {}", data.paths.groups.display())),
                };
            }
            Some(g) => {
                if let Some(first) = seen[g] {
                    row.diags()
                        .error(
                            path,
                            pos,
                            format!("group `{id}` appears twice: first on line {first}"),
                        )
                        .hint("give each group one row with its total amount");
                } else {
                    seen[g] = Some(line);
                    amounts[g] = amount;
                }
            }
        }
    });
    if diags.has_errors() {
        diags.sort();
        return Err(InputError { diagnostics: diags });
    }
    if amounts.iter().all(|&a| a == 0.0) {
        let mut diagnostics = Diagnostics::new();
        diagnostics
            .error(path, Pos::default(), "the portfolio gives nothing to anyone")
            .hint("add rows `group,amount` with amounts above 0");
        return Err(InputError { diagnostics });
    }
    Ok(Portfolio { path: path.to_path_buf(), amounts })
}

/// A limit of the scenario that a portfolio breaks.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Breach {
    /// What is broken, e.g. `budget`, `room`, `group_cap`, `state_max`, `floor`.
    pub kind: String,
    /// In plain words, with the numbers.
    pub description: String,
}

/// Dollars for a state or a constituency.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Exposure {
    /// State code or tag.
    pub name: String,
    /// Dollars.
    #[serde(serialize_with = "crate::report::dollars")]
    pub amount: f64,
    /// Share of the portfolio.
    pub share: f64,
    /// Dollars in the optimal plan at the same budget.
    #[serde(serialize_with = "crate::report::dollars")]
    pub optimal_amount: f64,
}

/// One suggested change.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Move {
    /// Dollars moved.
    #[serde(serialize_with = "crate::report::dollars")]
    pub amount: f64,
    /// From this group.
    pub from: String,
    /// To this group.
    pub to: String,
    /// Win-equivalents gained.
    pub gain: f64,
}

/// One portfolio, evaluated.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PortfolioReport {
    /// The portfolio file.
    pub portfolio: String,
    /// Its total, dollars.
    #[serde(serialize_with = "crate::report::dollars")]
    pub total: f64,
    /// Groups it funds.
    pub groups_funded: usize,
    /// Its impact, win-equivalents.
    pub impact: f64,
    /// The optimal plan's impact at the same budget (rounded grants).
    pub optimal_impact: f64,
    /// impact as a percentage of optimal_impact.
    pub pct_of_optimal: f64,
    /// Dollars it puts where the optimal plan does, as a share of its total:
    /// Σ min(portfolio, optimal) / total.
    pub overlap: f64,
    /// Groups both fund.
    pub groups_in_common: usize,
    /// Limits of the scenario it breaks.
    pub breaks: Vec<Breach>,
    /// Dollars by state.
    pub states: Vec<Exposure>,
    /// Dollars by constituency (a group with several tags counts toward each).
    pub constituencies: Vec<Exposure>,
    /// The three best changes, each applied before the next is sought.
    pub best_moves: Vec<Move>,
}

/// Impact of dollars per group, all given at the start.
pub fn impact_of(data: &Dataset, sc: &Scenario, scores: &Scores, amounts: &[f64]) -> f64 {
    let periods = sc.periods.len().max(1);
    amounts
        .iter()
        .enumerate()
        .filter(|(_, &a)| a > 0.0)
        .map(|(g, &a)| {
            let mut by_period = vec![0.0; periods];
            by_period[0] = a;
            group_impact(data, sc, scores, g, &by_period)
        })
        .sum()
}

/// Evaluate a portfolio under the scenario's model.
pub fn evaluate(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    p: &Portfolio,
    solver: Solver,
) -> Result<PortfolioReport, PlanError> {
    let total: f64 = p.amounts.iter().sum();
    let impact = impact_of(data, sc, scores, &p.amounts);
    let mut same_budget = sc.clone();
    same_budget.set_budget(total);
    let best = plan(data, &same_budget, scores, solver)?;
    let optimal: Vec<f64> = best.grants.iter().map(|g| g.amount).collect();
    let overlap: f64 = p.amounts.iter().zip(&optimal).map(|(a, b)| a.min(*b)).sum::<f64>() / total;
    let exposure = |member: &dyn Fn(usize, &str) -> bool, names: Vec<String>| -> Vec<Exposure> {
        let mut rows: Vec<Exposure> = names
            .into_iter()
            .map(|name| {
                let amount: f64 = (0..data.groups.len())
                    .filter(|&g| member(g, &name))
                    .map(|g| p.amounts[g])
                    .sum();
                let optimal_amount =
                    (0..data.groups.len()).filter(|&g| member(g, &name)).map(|g| optimal[g]).sum();
                Exposure { share: amount / total, name, amount, optimal_amount }
            })
            .filter(|e| e.amount > 0.0 || e.optimal_amount > 0.0)
            .collect();
        rows.sort_by(|a, b| b.amount.total_cmp(&a.amount).then(a.name.cmp(&b.name)));
        rows
    };
    let states = exposure(
        &|g, s| data.groups[g].state == s,
        data.states.iter().map(|s| s.code.clone()).collect(),
    );
    let constituencies = exposure(&|g, t| data.groups[g].has_tag(t), data.tags());
    Ok(PortfolioReport {
        portfolio: p.path.display().to_string(),
        total,
        groups_funded: p.amounts.iter().filter(|&&a| a > 0.0).count(),
        impact,
        optimal_impact: best.impact,
        pct_of_optimal: if best.impact > 0.0 { 100.0 * impact / best.impact } else { 0.0 },
        overlap,
        groups_in_common: p
            .amounts
            .iter()
            .zip(&optimal)
            .filter(|(a, b)| **a > 0.0 && **b > 0.0)
            .count(),
        breaks: breaches(data, sc, &p.amounts),
        states,
        constituencies,
        best_moves: best_moves(data, sc, scores, &p.amounts, 3),
    })
}

/// The scenario's limits the amounts break, checked at the scenario's own budget.
pub fn breaches(data: &Dataset, sc: &Scenario, amounts: &[f64]) -> Vec<Breach> {
    use crate::report::money;
    let mut out = Vec::new();
    let mut push =
        |kind: &str, description: String| out.push(Breach { kind: kind.to_owned(), description });
    let total: f64 = amounts.iter().sum();
    if total > sc.budget + 0.5 {
        push(
            "budget",
            format!("gives {} in all, above the {} budget", money(total), money(sc.budget)),
        );
    }
    let omit = Omit::default();
    for (g, &a) in amounts.iter().enumerate() {
        let group = &data.groups[g];
        let cap = model::group_cap(data, sc, g, &omit);
        match cap.reason {
            model::CapReason::Excluded if a > 0.0 => {
                push("excluded", format!("funds {}, which the scenario excludes", group.id))
            }
            model::CapReason::Locked if (a - cap.cap).abs() > 0.5 => push(
                "lock",
                format!(
                    "gives {} {}, but the scenario locks it at {}",
                    group.id,
                    money(a),
                    money(cap.cap)
                ),
            ),
            _ if a > cap.cap + 0.5 => {
                let what = match cap.reason {
                    model::CapReason::GroupCap => "group_cap",
                    model::CapReason::DependencyCap => "dependency_cap",
                    _ => "room",
                };
                push(
                    what,
                    format!(
                        "gives {} {}, above its {} of {}",
                        group.id,
                        money(a),
                        what.replace('_', " "),
                        money(cap.cap)
                    ),
                );
            }
            _ => {}
        }
        if let Some(min) = sc.limits.min_grant.filter(|&m| m > 0.0) {
            if a > 0.0 && a < min - 0.5 {
                push(
                    "min_grant",
                    format!(
                        "gives {} {}, below the minimum grant of {}",
                        group.id,
                        money(a),
                        money(min)
                    ),
                );
            }
        }
    }
    for lock in &sc.locks {
        if let Some(g) = data.group(&lock.group.name) {
            if amounts[g] == 0.0 && lock.amount > 0.0 {
                push(
                    "lock",
                    format!(
                        "leaves out {}, which the scenario locks at {}",
                        lock.group.name,
                        money(lock.amount)
                    ),
                );
            }
        }
    }
    if let Some(k) = sc.limits.max_groups {
        let n = amounts.iter().filter(|&&a| a > 0.0).count();
        if n > k as usize {
            push("max_groups", format!("funds {n} groups, above the most of {k}"));
        }
    }
    for (s, st) in data.states.iter().enumerate() {
        let in_state: f64 = amounts
            .iter()
            .enumerate()
            .filter(|(g, _)| data.groups[*g].state_idx == s)
            .map(|(_, a)| a)
            .sum();
        if let Some(cap) = model::state_max(sc, &st.code) {
            if in_state > cap + 0.5 {
                push(
                    "state_max",
                    format!(
                        "gives {} {}, above its cap of {}",
                        st.code,
                        money(in_state),
                        money(cap)
                    ),
                );
            }
        }
        if let Some(min) = model::state_min(sc, &st.code) {
            if in_state < min - 0.5 {
                push(
                    "state_min",
                    format!(
                        "gives {} {}, below its minimum of {}",
                        st.code,
                        money(in_state),
                        money(min)
                    ),
                );
            }
        }
    }
    for f in &sc.floors {
        let tagged: f64 = amounts
            .iter()
            .enumerate()
            .filter(|(g, _)| data.groups[*g].has_tag(&f.tag.name))
            .map(|(_, a)| a)
            .sum();
        let need = f.share * sc.budget;
        if tagged < need - 0.5 {
            push(
                "floor",
                format!(
                    "gives {} groups {}, below the floor of {}",
                    f.tag.name,
                    money(tagged),
                    money(need)
                ),
            );
        }
    }
    out
}

/// The `n` best single moves of money between groups, each applied before
/// the next is sought. A move takes as much as helps from one funded group
/// to one group with room (within its cap), in whole rounding units, and is
/// kept only if it gains impact.
pub fn best_moves(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    amounts: &[f64],
    n: usize,
) -> Vec<Move> {
    let omit = Omit::default();
    let caps: Vec<f64> =
        (0..data.groups.len()).map(|g| model::group_cap(data, sc, g, &omit).cap).collect();
    let value = |g: usize, a: f64| impact_of_one(data, sc, scores, g, a);
    // Candidate receivers: the most valuable groups with room.
    let mut receivers: Vec<usize> = (0..data.groups.len()).filter(|&g| caps[g] > 0.0).collect();
    receivers.sort_by(|&a, &b| {
        scores.groups[b]
            .value_per_dollar
            .total_cmp(&scores.groups[a].value_per_dollar)
            .then(a.cmp(&b))
    });
    receivers.truncate(200);
    let unit = sc.rounding.max(1.0);
    let mut current = amounts.to_vec();
    let mut moves = Vec::new();
    for _ in 0..n {
        let mut best: Option<Move> = None;
        let mut best_pair = (0, 0, 0.0);
        for from in (0..current.len()).filter(|&g| current[g] > 0.0) {
            for &to in &receivers {
                let room = caps[to] - current[to];
                if to == from || room < unit {
                    continue;
                }
                let x = ((current[from].min(room)) / unit).floor() * unit;
                if x <= 0.0 {
                    continue;
                }
                let gain = value(to, current[to] + x)
                    - value(to, current[to])
                    - (value(from, current[from]) - value(from, current[from] - x));
                if gain > best.as_ref().map_or(1e-12, |m| m.gain) {
                    best = Some(Move {
                        amount: x,
                        from: data.groups[from].id.clone(),
                        to: data.groups[to].id.clone(),
                        gain,
                    });
                    best_pair = (from, to, x);
                }
            }
        }
        let Some(m) = best else { break };
        current[best_pair.0] -= best_pair.2;
        current[best_pair.1] += best_pair.2;
        moves.push(m);
    }
    moves
}

fn impact_of_one(data: &Dataset, sc: &Scenario, scores: &Scores, g: usize, a: f64) -> f64 {
    let mut by_period = vec![0.0; sc.periods.len().max(1)];
    by_period[0] = a;
    group_impact(data, sc, scores, g, &by_period)
}

/// One scenario in a side-by-side comparison.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScenarioColumn {
    /// Scenario file.
    pub scenario: String,
    /// Scenario name.
    pub name: String,
    /// Budget, dollars.
    #[serde(serialize_with = "crate::report::dollars")]
    pub budget: f64,
    /// Allocated, dollars.
    #[serde(serialize_with = "crate::report::dollars")]
    pub allocated: f64,
    /// Impact, win-equivalents.
    pub impact: f64,
    /// Impact per $1M allocated.
    pub impact_per_million: f64,
    /// Groups funded.
    pub groups_funded: usize,
    /// Dollars by state.
    pub states: Vec<Exposure>,
    /// Dollars by constituency.
    pub constituencies: Vec<Exposure>,
}

/// A group whose grants differ most across scenarios.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GroupDifference {
    /// Group id.
    pub group: String,
    /// Dollars in each scenario, in the order given.
    pub amounts: Vec<f64>,
    /// Largest minus smallest.
    #[serde(serialize_with = "crate::report::dollars")]
    pub spread: f64,
}

/// Scenarios side by side.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScenarioComparison {
    /// One per scenario, in the order given.
    pub scenarios: Vec<ScenarioColumn>,
    /// The groups (by id, across scenarios) whose grants differ most, largest spread first.
    pub groups: Vec<GroupDifference>,
}

/// A planned scenario, as `compare` needs it.
pub struct Planned<'a> {
    /// Scenario file.
    pub path: &'a Path,
    /// Its data.
    pub data: &'a Dataset,
    /// The scenario.
    pub sc: &'a Scenario,
    /// Its plan.
    pub plan: &'a Plan,
}

/// Compare planned scenarios.
pub fn scenarios(planned: &[Planned<'_>], top: usize) -> ScenarioComparison {
    let columns = planned
        .iter()
        .map(|p| {
            let (data, plan) = (p.data, p.plan);
            let amount_of = |member: &dyn Fn(usize) -> bool| -> f64 {
                plan.grants.iter().filter(|g| member(g.group)).map(|g| g.amount).sum()
            };
            let mut states: Vec<Exposure> = data
                .states
                .iter()
                .enumerate()
                .map(|(s, st)| {
                    let amount = amount_of(&|g| data.groups[g].state_idx == s);
                    Exposure {
                        name: st.code.clone(),
                        amount,
                        share: amount / plan.budget.max(1.0),
                        optimal_amount: amount,
                    }
                })
                .filter(|e| e.amount > 0.0)
                .collect();
            states.sort_by(|a, b| b.amount.total_cmp(&a.amount).then(a.name.cmp(&b.name)));
            let constituencies = data
                .tags()
                .into_iter()
                .map(|t| {
                    let amount = amount_of(&|g| data.groups[g].has_tag(&t));
                    Exposure {
                        name: t,
                        amount,
                        share: amount / plan.budget.max(1.0),
                        optimal_amount: amount,
                    }
                })
                .collect();
            ScenarioColumn {
                scenario: p.path.display().to_string(),
                name: p.sc.name.clone(),
                budget: plan.budget,
                allocated: plan.allocated,
                impact: plan.impact,
                impact_per_million: if plan.allocated > 0.0 {
                    plan.impact / plan.allocated * 1e6
                } else {
                    0.0
                },
                groups_funded: plan.grants.iter().filter(|g| g.amount > 0.0).count(),
                states,
                constituencies,
            }
        })
        .collect();
    let mut ids: Vec<String> =
        planned.iter().flat_map(|p| p.data.groups.iter().map(|g| g.id.clone())).collect();
    ids.sort();
    ids.dedup();
    let mut groups: Vec<GroupDifference> = ids
        .into_iter()
        .map(|id| {
            let amounts: Vec<f64> = planned
                .iter()
                .map(|p| p.data.group(&id).map_or(0.0, |g| p.plan.grants[g].amount))
                .collect();
            let max = amounts.iter().copied().fold(f64::MIN, f64::max);
            let min = amounts.iter().copied().fold(f64::MAX, f64::min);
            GroupDifference { group: id, amounts, spread: max - min }
        })
        .filter(|d| d.spread > 0.0)
        .collect();
    groups.sort_by(|a, b| b.spread.total_cmp(&a.spread).then(a.group.cmp(&b.group)));
    groups.truncate(top.max(1));
    ScenarioComparison { scenarios: columns, groups }
}
