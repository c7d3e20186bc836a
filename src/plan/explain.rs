//! What the plan's limits cost (MODEL.md §4): every constraint that binds,
//! in plain words, with the impact gained if it were removed — found by
//! solving the program again without it — and the value of the next $100k
//! and $1M of budget.

use serde::Serialize;

use crate::base::numbers::money;
use crate::base::progress::{self, Progress};
use crate::input::data::Dataset;
use crate::input::scenario::Scenario;
use crate::plan::lp::Solver;
use crate::plan::model::{self, CapReason, Omit, RowKind};
use crate::plan::Plan;
use crate::score::Scores;

/// LP activity within this of a bound counts as binding (LP units: $1M, so
/// a dollar: interior-point answers stop a hair short of their bounds).
const BINDS: f64 = 1e-6;

/// One binding constraint and its price.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Binding {
    /// Stable id, e.g. `state_max:PA`, `floor:youth`, `group_cap`.
    pub constraint: String,
    /// Kind: `state_max`, `state_min`, `floor`, `lock`, `group_cap`,
    /// `dependency_cap`, `release`, `period_cap`, `effect_ceiling`.
    pub kind: String,
    /// The constraint in plain words.
    pub description: String,
    /// Groups it holds back (for the cap families and state caps).
    pub groups: usize,
    /// Win-equivalents gained if it were removed.
    pub cost: f64,
    /// `cost` as a percentage of the plan's LP impact.
    pub cost_pct: f64,
}

/// The price of every binding limit, and of more money.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Explanation {
    /// Binding constraints, costliest first.
    pub binding: Vec<Binding>,
    /// Does the whole budget get spent in the LP optimum?
    pub budget_binds: bool,
    /// Win-equivalents gained from $100,000 more budget.
    pub next_100k: f64,
    /// Win-equivalents gained from $1,000,000 more budget.
    pub next_1m: f64,
}

/// The LP optimum of the scenario with some limits left out (None when no
/// plan exists).
pub fn optimum(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    omit: &Omit,
    solver: Solver,
) -> Option<f64> {
    optimum_from(data, sc, scores, omit, solver, &[], &[], None)
}

/// [`optimum`], starting from the ceiling rows of races `start` and the
/// payment cuts `cuts` (a plan's: both hold for every plan of the scenario),
/// and from the optimal basis of `warm` (the plan's program) where the
/// bounded simplex can use it.
#[allow(clippy::too_many_arguments)]
pub fn optimum_from(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    omit: &Omit,
    solver: Solver,
    start: &[usize],
    cuts: &[crate::plan::funders::Cut],
    warm: Option<&model::Model>,
) -> Option<f64> {
    crate::plan::ceiling::solve_from(data, sc, scores, omit, solver, start, cuts, warm)
        .ok()
        .map(|(_, s)| s.objective)
}

/// Price every binding limit of `plan` by solving again without it.
pub fn explain(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    plan: &Plan,
    solver: Solver,
) -> Explanation {
    let m = &plan.model;
    let x = &plan.lp_x;
    let base = plan.lp_impact;
    let mut candidates: Vec<(String, String, String, usize, Omit)> = Vec::new();
    let share_of_budget = |v: f64| {
        if sc.budget > 0.0 {
            format!(" ({:.0}% of the budget)", 100.0 * v / sc.budget)
        } else {
            String::new()
        }
    };
    let mut budget_binds = false;
    let mut period_cap_binds = 0usize;
    let mut funders_bind = false;
    for (r, kind) in m.rows.iter().enumerate() {
        let row = &m.lp.rows[r];
        let act = m.lp.activity(r, x);
        let at_hi = row.hi.is_finite() && act >= row.hi - BINDS;
        let at_lo = row.lo.is_finite() && act <= row.lo + BINDS;
        match kind {
            RowKind::Budget { period } if *period + 1 == m.periods => budget_binds = at_hi,
            RowKind::Budget { period } if at_hi => {
                let p = &sc.periods[*period];
                candidates.push((
                    format!("release:{}", p.name),
                    "release".into(),
                    format!(
                        "money released by the end of {} ({})",
                        p.name,
                        money(row.hi * model::SCALE)
                    ),
                    0,
                    Omit { releases: vec![*period], ..Omit::default() },
                ));
            }
            RowKind::StateMax { state } if at_hi => {
                let code = &data.states[*state].code;
                let held = plan
                    .grants
                    .iter()
                    .filter(|g| {
                        g.limited_by == crate::plan::LimitedBy::StateCap
                            && data.groups[g.group].state_idx == *state
                    })
                    .count();
                let cap = row.hi * model::SCALE;
                candidates.push((
                    format!("state_max:{code}"),
                    "state_max".into(),
                    format!("the {code} cap of {}{}", money(cap), share_of_budget(cap)),
                    held,
                    Omit { state_max: vec![*state], ..Omit::default() },
                ));
            }
            RowKind::StateMin { state } if at_lo => {
                let code = &data.states[*state].code;
                candidates.push((
                    format!("state_min:{code}"),
                    "state_min".into(),
                    format!("the {code} minimum of {}", money(row.lo * model::SCALE)),
                    0,
                    Omit { state_min: vec![*state], ..Omit::default() },
                ));
            }
            RowKind::Floor { tag } if at_lo => {
                let need = row.lo * model::SCALE;
                candidates.push((
                    format!("floor:{tag}"),
                    "floor".into(),
                    format!("the {tag} floor of {}{}", money(need), share_of_budget(need)),
                    0,
                    Omit { floors: vec![tag.clone()], ..Omit::default() },
                ));
            }
            RowKind::Lock { group } => {
                let id = &data.groups[*group].id;
                candidates.push((
                    format!("lock:{id}"),
                    "lock".into(),
                    format!("the lock of {} on {id}", money(row.hi * model::SCALE)),
                    0,
                    Omit { locks: vec![*group], ..Omit::default() },
                ));
            }
            RowKind::PeriodCap { .. } if at_hi => period_cap_binds += 1,
            RowKind::Funders { .. } if (at_hi || at_lo) && !funders_bind => {
                funders_bind = true;
                candidates.push((
                    "funders".into(),
                    "funders".into(),
                    "the funders' own rules (the states, constituencies and groups each may fund, c3 room, their per-group caps)".into(),
                    0,
                    Omit { funders: true, ..Omit::default() },
                ));
            }
            _ => {}
        }
    }
    let at_cap = |reason: CapReason| {
        plan.grants
            .iter()
            .filter(|g| {
                m.caps[g.group].reason == reason
                    && g.lp_amount >= g.cap - crate::plan::rounding::NOISE
            })
            .count()
    };
    let held = at_cap(CapReason::GroupCap);
    if held > 0 {
        let share = sc.limits.max_group_share.unwrap_or(1.0);
        candidates.push((
            "group_cap".into(),
            "group_cap".into(),
            format!(
                "the group cap of {:.0}% of the budget ({} a group), on {held} group{}",
                share * 100.0,
                money(share * sc.budget),
                plural(held)
            ),
            held,
            Omit { group_share: true, ..Omit::default() },
        ));
    }
    let held = at_cap(CapReason::DependencyCap);
    if held > 0 {
        let share = sc.limits.max_dependency.unwrap_or(1.0);
        candidates.push((
            "dependency_cap".into(),
            "dependency_cap".into(),
            format!(
                "the dependency cap of {:.0}% of a group's annual budget, on {held} group{}",
                share * 100.0,
                plural(held)
            ),
            held,
            Omit { dependency: true, ..Omit::default() },
        ));
    }
    let saturated: Vec<usize> = (0..data.races.len()).filter(|&r| plan.saturated[r]).collect();
    if !saturated.is_empty() {
        let mut shifts: Vec<f64> = saturated
            .iter()
            .filter_map(|&r| sc.max_shift(data.races[r].office, data.races[r].max_shift))
            .collect();
        shifts.sort_by(f64::total_cmp);
        shifts.dedup();
        let n = saturated.len();
        let what = match shifts.as_slice() {
            [one] => format!("the {}-point effect ceiling", points(*one)),
            many => format!(
                "the effect ceilings of {} points",
                many.iter().map(|&p| points(p)).collect::<Vec<_>>().join(", ")
            ),
        };
        candidates.push((
            "effect_ceiling".into(),
            "effect_ceiling".into(),
            format!("{what} in {n} race{}", plural(n)),
            plan.grants
                .iter()
                .filter(|g| g.limited_by == crate::plan::LimitedBy::Saturated)
                .count(),
            Omit { ceilings: true, ..Omit::default() },
        ));
    }
    if period_cap_binds > 0 {
        let share = sc.timing.max_period_share.unwrap_or(1.0);
        candidates.push((
            "period_cap".into(),
            "period_cap".into(),
            format!("the per-period cap of {:.0}% of a group's room, in {period_cap_binds} group-period{}", share * 100.0, plural(period_cap_binds)),
            period_cap_binds,
            Omit { period_share: true, ..Omit::default() },
        ));
    }
    // Every re-solve is independent: the binding limits, $100k more, $1M more.
    enum Job {
        Without(Omit),
        More(f64),
    }
    let mut jobs: Vec<Job> = candidates.iter().map(|c| Job::Without(c.4.clone())).collect();
    jobs.push(Job::More(1e5));
    jobs.push(Job::More(1e6));
    // Each re-solve starts from the plan's ceiling rows: most bind there too.
    let start: Vec<usize> = m.ceilings.iter().map(|c| c.race).collect();
    let re_solve = |job: &Job| match job {
        // The plan's own first ceiling round may have found the optimum
        // without ceilings already.
        Job::Without(omit)
            if *omit == Omit { ceilings: true, ..Omit::default() } && m.uncapped.is_some() =>
        {
            m.uncapped
        }
        // The plan's payment cuts hold without any scenario limit: start from
        // them. Without the funders' rules the program has no payment rows
        // (nor the total-spending column their complements use) and more
        // groups: the plan's basis is a poor start there (on the donor
        // table 2.3 s from it, 0.2 s cold), so that one starts cold.
        Job::Without(omit) => {
            let warm = if omit.funders { None } else { Some(m) };
            optimum_from(data, sc, scores, omit, solver, &start, &m.cuts, warm)
        }
        Job::More(extra) => {
            let mut bigger = sc.clone();
            bigger.set_budget(sc.budget + extra);
            // Every constant of a payment cut is a funder's budget or a share
            // of one, and all budgets grow by the same factor: so do the cuts.
            let factor = bigger.budget / sc.budget;
            let cuts: Vec<_> = m
                .cuts
                .iter()
                .map(|c| crate::plan::funders::Cut { bound: c.bound * factor, ..c.clone() })
                .collect();
            optimum_from(data, &bigger, scores, &Omit::default(), solver, &start, &cuts, Some(m))
        }
    };
    // A bar over the re-solves where this thread may draw one; the
    // re-solves themselves (on this thread too, with one core) draw nothing.
    let bar = Progress::with_display("explaining", jobs.len(), progress::shown_here());
    let hush = progress::Hush::new();
    let optima = crate::base::par::map(&jobs, |job| {
        let optimum = re_solve(job);
        bar.tick();
        optimum
    });
    drop(hush);
    bar.finish();
    let gain = |v: Option<f64>| v.map_or(0.0, |v| (v - base).max(0.0));
    let mut binding: Vec<Binding> = candidates
        .into_iter()
        .zip(&optima)
        .map(|((constraint, kind, description, groups, _), &opt)| {
            let cost = gain(opt);
            Binding {
                constraint,
                kind,
                description,
                groups,
                cost,
                cost_pct: if base > 0.0 { 100.0 * cost / base } else { 0.0 },
            }
        })
        .collect();
    binding.sort_by(|a, b| b.cost.total_cmp(&a.cost).then(a.constraint.cmp(&b.constraint)));
    let n = optima.len();
    Explanation {
        binding,
        budget_binds,
        next_100k: gain(optima[n - 2]),
        next_1m: gain(optima[n - 1]),
    }
}

/// Points without a needless decimal: 2, 0.2, 2.5.
fn points(p: f64) -> String {
    let s = format!("{p:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
