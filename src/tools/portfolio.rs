//! A donor's own portfolio (`group,amount`, MODEL.md §1): read it with
//! file:line:column errors, score it exactly as a plan's grants are scored,
//! and say which of the scenario's limits it breaks.
//!
//! A portfolio is held to the scenario's limits at a budget equal to its
//! own total, the budget its optimal counterpart is solved at: shares of
//! the budget (`max_group_share`, `max_state_share`, floors) are shares of
//! that total; limits in dollars are as written. Money above a group's room
//! (after other funders) buys nothing: room is what it can use well. With
//! `[[periods]]` a portfolio names totals only; each group's money is spent
//! in the periods that make it worth most, within the releases (a small LP).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::base::numbers::money;
use crate::input::data::{closest, Column, Dataset, Num, TableReader};
use crate::input::diag::{Diagnostics, InputError, Pos};
use crate::input::scenario::{Lock, Named, Scenario};
use crate::plan::funders::JointError;
use crate::plan::lp::{LpError, Solver};
use crate::plan::model::{self, Omit, SCALE};
use crate::score::Scores;

/// Dollars below which a limit counts as met.
pub const TOLERANCE: f64 = 0.5;

const COLUMNS: &[Column] =
    &[Column { name: "group", required: true }, Column { name: "amount", required: true }];

/// A portfolio as read.
#[derive(Debug, Clone)]
pub struct Portfolio {
    /// The file, as named on the command line.
    pub path: PathBuf,
    /// Dollars per group, in data order.
    pub amounts: Vec<f64>,
}

impl Portfolio {
    /// Sum of the grants, dollars.
    pub fn total(&self) -> f64 {
        self.amounts.iter().sum()
    }
}

/// Read a portfolio, checking every row against the scenario's groups.
/// Every problem is reported at once, with file, line and column.
pub fn read(path: &Path, data: &Dataset) -> Result<Portfolio, InputError> {
    let mut diags = Diagnostics::new();
    let mut amounts = vec![0.0; data.groups.len()];
    let mut seen: HashMap<usize, usize> = HashMap::new();
    let groups_file = data.paths.groups.display().to_string();
    let read = TableReader::read(path, path, COLUMNS, &mut diags, |row| {
        let id = row.text("group");
        let amount = match row.cell("amount").map(str::to_owned) {
            Some(text) if text.starts_with('-') => {
                row.fail(
                    "amount",
                    format!("column `amount`: a grant cannot be negative, found `{text}`"),
                    "write the dollars to give, e.g. 250000, or leave the group out",
                );
                None
            }
            Some(_) => row.number("amount", Num::Dollars),
            None => None,
        };
        let Some(id) = id else { return };
        let Some(g) = data.group(&id) else {
            if data.out_of_scope.contains(&id) {
                row.fail(
                    "group",
                    format!("group `{id}` is outside the scenario's scope"),
                    "the scenario's `states = [...]` or `groups = [...]` leaves it out: widen the scope, or leave the group out of the portfolio",
                );
                return;
            }
            let hint = match closest(&id, data.groups.iter().map(|g| g.id.as_str())) {
                Some(best) => {
                    format!("did you mean `{best}`? (groups are defined in {groups_file})")
                }
                None => format!("groups are defined in {groups_file}"),
            };
            let shown = crate::input::limits::echo(&id);
            row.fail("group", format!("unknown group `{shown}`"), &hint);
            return;
        };
        if let Some(first) = seen.get(&g) {
            let pos = row.pos("group");
            let path = row.path().to_path_buf();
            row.diags()
                .error(&path, pos, format!("duplicate group `{id}`: first listed on line {first}"))
                .hint("list each group once: add the two amounts into one row");
            return;
        }
        seen.insert(g, row.line);
        if let (Some(a), true) = (amount, row.ok()) {
            amounts[g] = a;
        }
    });
    if read && !diags.has_errors() && amounts.iter().all(|&a| a <= 0.0) {
        diags
            .error(
                path,
                Pos::default(),
                "the portfolio gives nothing: no row has an amount above 0",
            )
            .hint("list grants as rows of `group,amount`, e.g. `pa-one-pennsylvania,250000`");
    }
    if diags.has_errors() {
        diags.sort();
        return Err(InputError { diagnostics: diags });
    }
    Ok(Portfolio { path: path.to_path_buf(), amounts })
}

/// One limit a portfolio breaks.
#[derive(Debug, Clone, PartialEq)]
pub struct Breach {
    /// Which limit: `budget`, `excluded`, `lock`, `room`, `group_cap`,
    /// `dependency_cap`, `state_cap`, `state_min`, `floor`, `min_grant`,
    /// `max_groups` or `period_cap`.
    pub limit: &'static str,
    /// What it applies to: a group id, a state code, a tag (empty for the whole portfolio).
    pub subject: String,
    /// The limit, dollars (a count for `max_groups`).
    pub bound: f64,
    /// What the portfolio gives, dollars (a count for `max_groups`).
    pub actual: f64,
    /// The breach in words.
    pub message: String,
}

impl Breach {
    /// How far past the limit, in its own units.
    pub fn excess(&self) -> f64 {
        (self.actual - self.bound).abs()
    }
}

/// The scenario held to a budget equal to `total` (limits written as shares scale).
pub fn at_budget(sc: &Scenario, total: f64) -> Scenario {
    let mut s = sc.clone();
    s.set_budget(total);
    s
}

/// Every limit of `sc` (already at the portfolio's budget) that `amounts` breaks.
/// `scenario_budget` is the budget the scenario itself names.
pub fn breaches(
    data: &Dataset,
    sc: &Scenario,
    amounts: &[f64],
    scenario_budget: f64,
) -> Vec<Breach> {
    let mut out = Vec::new();
    let total: f64 = amounts.iter().sum();
    let mut push = |limit, subject: &str, bound: f64, actual: f64, message: String| {
        out.push(Breach { limit, subject: subject.to_owned(), bound, actual, message });
    };
    if total > scenario_budget + TOLERANCE {
        push(
            "budget",
            "",
            scenario_budget,
            total,
            format!(
                "gives {} in all, above the scenario's budget of {}",
                money(total),
                money(scenario_budget)
            ),
        );
    }
    for (g, group) in data.groups.iter().enumerate() {
        let a = amounts[g];
        let id = group.id.as_str();
        let locked = sc.locks.iter().find(|l| l.group.name == group.id);
        if sc.exclude.iter().any(|e| e.name == group.id) {
            if a > TOLERANCE {
                push("excluded", id, 0.0, a, format!("funds {id}, which the scenario excludes"));
            }
            continue;
        }
        if let Some(lock) = locked {
            if (a - lock.amount).abs() > TOLERANCE {
                push(
                    "lock",
                    id,
                    lock.amount,
                    a,
                    format!(
                        "gives {id} {}, but the scenario locks it at {}",
                        money(a),
                        money(lock.amount)
                    ),
                );
            }
            continue;
        }
        if a <= TOLERANCE {
            continue;
        }
        let left = group.room_left();
        if a > left + TOLERANCE {
            push(
                "room",
                id,
                left,
                a,
                format!(
                    "gives {id} {}, above its room of {} left after other funders (the {} beyond buys nothing)",
                    money(a),
                    money(left),
                    money(a - left)
                ),
            );
        }
        if let Some(share) = sc.limits.max_group_share {
            let cap = share * sc.budget;
            if a > cap + TOLERANCE {
                push(
                    "group_cap",
                    id,
                    cap,
                    a,
                    format!(
                        "gives {id} {}, above the group cap of {} ({} of the total)",
                        money(a),
                        money(cap),
                        pct0(share)
                    ),
                );
            }
        }
        if let (Some(dep), Some(annual)) = (sc.limits.max_dependency, group.annual_budget) {
            let cap = dep * annual;
            if a > cap + TOLERANCE {
                push(
                    "dependency_cap",
                    id,
                    cap,
                    a,
                    format!(
                        "gives {id} {}, above the dependency cap of {} ({} of its annual budget)",
                        money(a),
                        money(cap),
                        pct0(dep)
                    ),
                );
            }
        }
        if let Some(min) = sc.limits.min_grant.filter(|&m| m > 0.0) {
            if a < min - TOLERANCE {
                push(
                    "min_grant",
                    id,
                    min,
                    a,
                    format!("gives {id} {}, below the smallest grant of {}", money(a), money(min)),
                );
            }
        }
    }
    if let Some(k) = sc.limits.max_groups {
        let funded = amounts.iter().filter(|&&a| a > TOLERANCE).count();
        if funded > k as usize {
            push(
                "max_groups",
                "",
                f64::from(k),
                funded as f64,
                format!("funds {funded} groups, above the most of {k}"),
            );
        }
    }
    for (s, st) in data.states.iter().enumerate() {
        let sum: f64 =
            data.groups.iter().zip(amounts).filter(|(g, _)| g.state_idx == s).map(|(_, a)| a).sum();
        if let Some(cap) = model::state_max(sc, &st.code) {
            if sum > cap + TOLERANCE {
                push(
                    "state_cap",
                    &st.code,
                    cap,
                    sum,
                    format!("gives {} {}, above its cap of {}", st.code, money(sum), money(cap)),
                );
            }
        }
        if let Some(min) = model::state_min(sc, &st.code) {
            if sum < min - TOLERANCE {
                push(
                    "state_min",
                    &st.code,
                    min,
                    sum,
                    format!(
                        "gives {} {}, below its minimum of {}",
                        st.code,
                        money(sum),
                        money(min)
                    ),
                );
            }
        }
    }
    for floor in sc.floors.iter().filter(|f| f.share > 0.0) {
        let tag = &floor.tag.name;
        let sum: f64 =
            data.groups.iter().zip(amounts).filter(|(g, _)| g.has_tag(tag)).map(|(_, a)| a).sum();
        let need = floor.share * sc.budget;
        if sum < need - TOLERANCE {
            push(
                "floor",
                tag,
                need,
                sum,
                format!(
                    "gives {tag} groups {}, below the floor of {} ({} of the total)",
                    money(sum),
                    money(need),
                    pct0(floor.share)
                ),
            );
        }
    }
    out
}

fn pct0(share: f64) -> String {
    let p = share * 100.0;
    if (p - p.round()).abs() < 1e-9 {
        format!("{p:.0}%")
    } else {
        format!("{p}%")
    }
}

/// A portfolio spent and scored: dollars per group and period, and impact.
#[derive(Debug, Clone)]
pub struct Scored {
    /// Dollars per group and period that count (room capped; one period without periods).
    pub by_period: Vec<Vec<f64>>,
    /// Win-equivalents per group.
    pub impact: Vec<f64>,
    /// Whole portfolio, win-equivalents.
    pub total_impact: f64,
    /// True when the periods' absorption caps had to be set aside to spend it.
    pub period_cap_broken: bool,
}

/// Spend and score `amounts` under `sc` (already at the portfolio's budget).
pub fn score(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    amounts: &[f64],
    solver: Solver,
) -> Result<Scored, LpError> {
    let usable: Vec<f64> =
        amounts.iter().zip(&data.groups).map(|(&a, g)| a.min(g.room_left()).max(0.0)).collect();
    let (by_period, period_cap_broken) = if sc.periods.len() <= 1 {
        let periods = sc.periods.len().max(1);
        let by_period = usable
            .iter()
            .map(|&a| {
                let mut v = vec![0.0; periods];
                v[0] = a;
                v
            })
            .collect();
        (by_period, false)
    } else {
        schedule(data, sc, scores, &usable, solver)?
    };
    // With the effect ceilings: votes past a race's ceiling count for nothing.
    let impact: Vec<f64> = crate::plan::ceiling::impacts(data, sc, scores, &by_period)
        .into_iter()
        .zip(&usable)
        .map(|(i, &a)| if a > 0.0 { i } else { 0.0 })
        .collect();
    Ok(Scored { total_impact: impact.iter().sum(), by_period, impact, period_cap_broken })
}

/// With periods: the best timing of fixed group totals within the
/// releases (and the per-period absorption caps, set aside if they make it
/// impossible). The program is the scenario's own with every group locked
/// at its amount and no other limit.
fn schedule(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    usable: &[f64],
    solver: Solver,
) -> Result<(Vec<Vec<f64>>, bool), LpError> {
    let mut s = sc.clone();
    s.spend_all = false;
    s.floors.clear();
    s.states.clear();
    s.limits = Default::default();
    let named = |name: &str| Named { name: name.to_owned(), pos: Pos::default() };
    s.locks = data
        .groups
        .iter()
        .zip(usable)
        .filter(|(_, &a)| a > 0.0)
        .map(|(g, &a)| Lock { group: named(&g.id), amount: a })
        .collect();
    s.exclude = data
        .groups
        .iter()
        .zip(usable)
        .filter(|(_, &a)| a <= 0.0)
        .map(|(g, _)| named(&g.id))
        .collect();
    // A portfolio is scored as the table's money in one pool: no payment cuts.
    let mut omit = Omit { funders: true, ..Omit::default() };
    let mut broken = false;
    let x = loop {
        match crate::plan::ceiling::solve(data, &s, scores, &omit, solver) {
            Ok((m, sol)) => {
                let mut out = vec![vec![0.0; m.periods]; data.groups.len()];
                for (c, v) in m.cols.iter().zip(&sol.x) {
                    out[c.group][c.period] += v * SCALE;
                }
                break out;
            }
            Err(JointError::Lp(LpError::Infeasible)) if !omit.period_share => {
                omit.period_share = true;
                broken = true;
            }
            Err(JointError::Lp(e)) => return Err(e),
            Err(JointError::Funders(_)) => return Err(LpError::Infeasible),
        }
    };
    Ok((x, broken))
}
