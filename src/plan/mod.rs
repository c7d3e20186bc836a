//! Planning: solve the allocation program, round the grants, and say for
//! each group, state and constituency what it got and why (MODEL.md §3-4).
//!
//! Takes inputs and [`Scores`]; gives a [`Plan`] and, for readers, its
//! [`Extras`]. In the order a plan is made: [`model`] builds the linear
//! program, [`lp`] solves it (with [`milp`] for min_grant and max_groups),
//! [`rounding`] turns dollars into grants, [`feasibility`] explains a plan
//! that cannot be made, and [`explain`], [`outcomes`] and [`schedule`] price
//! the binding limits, compute the odds before and after, and lay out the
//! grants by period.

pub mod ceiling;
pub mod explain;
mod extras;
pub mod feasibility;
pub mod funders;
pub mod lp;
pub mod milp;
pub mod model;
pub mod outcomes;
pub mod rounding;
pub mod schedule;

pub use extras::{extras, plan_and_extras, Extras};

use serde::Serialize;

use crate::base::numbers::money;
use crate::input::data::Dataset;
use crate::input::scenario::Scenario;
use crate::plan::feasibility::{cheap_checks, Conflict, Infeasible};
use crate::plan::funders::{JointError, Split};
use crate::plan::lp::{LpError, Solver};
use crate::score::Scores;
use milp::{IntegerLimits, MilpReport};
use model::{CapReason, Model, Omit, RowKind, SCALE};
use rounding::NOISE;

/// Why a group got what it got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitedBy {
    /// Listed in `exclude`.
    Excluded,
    /// Fixed by a `[[lock]]`.
    Locked,
    /// Other funders already fill its room.
    PeerFunded,
    /// No funder at the table may fund it.
    NoFunder,
    /// Got all the room it has left.
    Room,
    /// Reached `max_group_share` of the budget.
    GroupCap,
    /// Reached `max_dependency` of its annual budget.
    DependencyCap,
    /// Its state reached its cap.
    StateCap,
    /// Reached its per-period absorption cap in every period it could use.
    PeriodCap,
    /// Reaches no race with value: a dollar there buys nothing.
    NoValue,
    /// Every race it reaches with value is at its effect ceiling: more
    /// money there buys nothing.
    Saturated,
    /// Funded in the plan without integer limits, but below `min_grant`.
    BelowMinGrant,
    /// Funded in the plan without integer limits, but `max_groups` left it out.
    MaxGroups,
    /// Better uses of the money came first.
    Outranked,
}

impl LimitedBy {
    /// The snake_case name used in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            LimitedBy::Excluded => "excluded",
            LimitedBy::Locked => "locked",
            LimitedBy::PeerFunded => "peer_funded",
            LimitedBy::NoFunder => "no_funder",
            LimitedBy::Room => "room",
            LimitedBy::GroupCap => "group_cap",
            LimitedBy::DependencyCap => "dependency_cap",
            LimitedBy::StateCap => "state_cap",
            LimitedBy::PeriodCap => "period_cap",
            LimitedBy::NoValue => "no_value",
            LimitedBy::Saturated => "saturated",
            LimitedBy::BelowMinGrant => "below_min_grant",
            LimitedBy::MaxGroups => "max_groups",
            LimitedBy::Outranked => "outranked",
        }
    }
}

/// One group's grant.
#[derive(Debug, Clone)]
pub struct Grant {
    /// Group index.
    pub group: usize,
    /// Dollars, rounded.
    pub amount: f64,
    /// Dollars per period, rounded (one entry without periods).
    pub by_period: Vec<f64>,
    /// Dollars in the LP optimum, before rounding.
    pub lp_amount: f64,
    /// The most it could get, dollars.
    pub cap: f64,
    /// u_g, win-equivalents per dollar before diminishing returns.
    pub value_per_dollar: f64,
    /// Win-equivalents from this grant.
    pub impact: f64,
    /// Why it got what it got.
    pub limited_by: LimitedBy,
}

/// A state's total.
#[derive(Debug, Clone)]
pub struct StateTotal {
    /// State index.
    pub state: usize,
    /// Dollars.
    pub amount: f64,
    /// Groups funded.
    pub groups_funded: usize,
    /// Groups in the data.
    pub groups: usize,
    /// Win-equivalents.
    pub impact: f64,
    /// Cap, dollars.
    pub cap: Option<f64>,
    /// Minimum, dollars.
    pub min: Option<f64>,
}

/// A constituency's total (a group with several tags counts toward each).
#[derive(Debug, Clone)]
pub struct TagTotal {
    /// The tag.
    pub tag: String,
    /// Dollars.
    pub amount: f64,
    /// amount / budget.
    pub share: f64,
    /// Groups funded.
    pub groups_funded: usize,
    /// Floor share, if any.
    pub floor: Option<f64>,
}

/// A finished plan.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Budget, dollars.
    pub budget: f64,
    /// Sum of grants, dollars.
    pub allocated: f64,
    /// budget − allocated.
    pub unallocated: f64,
    /// Win-equivalents of the rounded grants.
    pub impact: f64,
    /// Win-equivalents of the LP optimum before rounding.
    pub lp_impact: f64,
    /// One per group, in data order.
    pub grants: Vec<Grant>,
    /// One per state with groups, in data order.
    pub states: Vec<StateTotal>,
    /// One per tag, sorted.
    pub constituencies: Vec<TagTotal>,
    /// Things the reader should know (e.g. a floor rounding could not keep).
    pub notes: Vec<String>,
    /// The program that was solved.
    pub model: Model,
    /// Its optimal column values, LP units.
    pub lp_x: Vec<f64>,
    /// The integer search, when min_grant or max_groups is set.
    pub integer: Option<Integer>,
    /// Per race (like `data.races`): at its effect ceiling in the LP optimum.
    pub saturated: Vec<bool>,
    /// With `[[funders]]`: who pays for what (empty parts without funders).
    pub split: Split,
}

/// Why no plan came back.
#[derive(Debug)]
pub enum PlanError {
    /// The limits conflict.
    Infeasible(Infeasible),
    /// The solver failed.
    Solver(LpError),
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanError::Infeasible(e) => e.fmt(f),
            PlanError::Solver(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for PlanError {}

/// Solve the scenario's program and turn the optimum into a plan. With
/// `[[funders]]` the program is the joint one ([`funders`]): every limit on
/// the pooled plan, and grants the funders can pay under their own rules.
pub fn plan(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    solver: Solver,
) -> Result<Plan, PlanError> {
    plan_near(data, sc, scores, solver, None)
}

/// [`plan`], solved warm from `near`: the program of a plan of the same
/// data and limits at another budget (`frontier`'s neighbouring budget).
/// Its effect-ceiling rows start the first round (they hold for every
/// plan, and rows that do not bind leave the optimum as it is) and its
/// optimal basis starts the simplex, so a step of the budget costs a few
/// dual pivots instead of every ceiling round from scratch. The optimum is
/// the same program's; its last bits, and so a grant at a rounding
/// boundary, may differ from a cold solve's. Only with the bounded simplex,
/// one period and `near` within [`ceiling::WARM_ROWS`] rows (the programs
/// it solves whole: with periods, sifting's Clarabel solves meet their
/// tolerance along another path, and the rounded plans differed at most
/// budgets), and without `[[funders]]` or integer limits, where nothing
/// else depends on how the program was reached; otherwise (and with
/// `near` = `None`) exactly [`plan`].
pub fn plan_near(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    solver: Solver,
    near: Option<&Model>,
) -> Result<Plan, PlanError> {
    let mut conflicts = cheap_checks(data, sc);
    conflicts.extend(funders::cheap_checks(data, sc));
    if !conflicts.is_empty() {
        return Err(infeasible(sc, conflicts, false));
    }
    let limits = IntegerLimits {
        min_grant: sc.limits.min_grant.filter(|&m| m > 0.0),
        max_groups: sc.limits.max_groups,
    };
    let integer = limits.min_grant.is_some() || limits.max_groups.is_some();
    let near = near.filter(|m| {
        solver == Solver::Simplex
            && sc.periods.len() <= 1
            && m.lp.rows.len() <= ceiling::WARM_ROWS
            && sc.funders.is_empty()
            && !integer
    });
    let start: Vec<usize> =
        near.map_or(Vec::new(), |m| m.ceilings.iter().map(|c| c.race).collect());
    let solved = ceiling::solve_from(data, sc, scores, &Omit::default(), solver, &start, &[], near);
    let (model, sol) = match solved {
        Ok(v) => v,
        Err(JointError::Lp(LpError::Infeasible)) => {
            let (conflicts, any_one) = crate::plan::feasibility::elastic(data, sc, scores);
            return Err(infeasible(sc, conflicts, any_one));
        }
        Err(JointError::Funders(cut)) => {
            return Err(infeasible(sc, vec![funders::explain_cut(data, sc, &cut)], false));
        }
        Err(JointError::Lp(e)) => return Err(PlanError::Solver(e)),
    };
    if !integer {
        return Ok(finish(data, sc, scores, model, sol.x, None));
    }
    let relaxed = lp_amounts(&model, &sol.x, data.groups.len());
    match integer_with_ceilings(data, sc, scores, &Omit::default(), model, limits, solver) {
        Ok((model, x, report)) => {
            Ok(finish(data, sc, scores, model, x, Some(Integer { report, relaxed })))
        }
        Err(JointError::Funders(cut)) => {
            Err(infeasible(sc, vec![funders::explain_cut(data, sc, &cut)], false))
        }
        Err(JointError::Lp(LpError::Infeasible)) => Err(infeasible(
            sc,
            vec![Conflict {
                pos: sc.pos_of("limits.min_grant").or(sc.pos_of("limits.max_groups")),
                message: format!(
                    "no plan meets the other limits with {}",
                    match (limits.min_grant, limits.max_groups) {
                        (Some(m), Some(k)) => format!("grants of at least {} to at most {k} groups", money(m)),
                        (Some(m), None) => format!("grants of at least {}", money(m)),
                        (None, Some(k)) => format!("at most {k} groups funded"),
                        (None, None) => unreachable!(),
                    }
                ),
                fix: "raise limits.max_groups or lower limits.min_grant (floors and state minimums may need more, or smaller, grants)".to_owned(),
            }],
            false,
        )),
        Err(JointError::Lp(e)) => Err(PlanError::Solver(e)),
    }
}

/// The integer search on `model` (with the funders' payment cuts, added
/// lazily as in the LP); where its plan passes an effect ceiling the
/// program lacks, add that ceiling and search again, keeping every cut.
pub(crate) fn integer_with_ceilings(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    omit: &Omit,
    mut model: Model,
    limits: IntegerLimits,
    solver: Solver,
) -> Result<(Model, Vec<f64>, MilpReport), JointError> {
    let enforced = ceiling::enforced(data, sc);
    // Every program of the search is the same but for its ceiling rows.
    let skeleton = model::skeleton(data, sc, omit);
    // The search compares objectives across the models it grows, and the
    // first ceiling row brings the spending penalty: where ceilings are
    // enforced, the penalty is in from the start (a model with ceiling rows
    // has it already), so every model of the search prices a plan alike
    // (without it, a plan found before the first row was worth a hair more
    // than the same plan after it).
    if enforced.iter().any(Option::is_some) {
        ceiling::add_penalty(sc, scores, &mut model);
    }
    // The ceilings a plan of the search passes join the program at once
    // (rows valid for every plan), so the search goes on with them.
    let mut extend = |m: &Model, x: &[f64]| -> Option<Model> {
        let more = ceiling::passed(data, sc, scores, m, x, &enforced);
        if more.is_empty() {
            return None;
        }
        let mut races: Vec<usize> = m.ceilings.iter().map(|c| c.race).collect();
        races.extend(more);
        races.sort_unstable();
        let mut grown = skeleton.fill(data, sc, scores, &races);
        funders::add_cuts(&mut grown, &m.cuts);
        Some(grown)
    };
    loop {
        let (x, (report, grown)) = funders::solve_joint(data, sc, &mut model, |m| {
            let (x, report, grown) =
                milp::solve(m, data.groups.len(), limits, solver, &mut extend)?;
            Ok((x, (report, grown)))
        })?;
        // The search's model: this one with the ceiling rows it added.
        if grown.ceilings.len() != model.ceilings.len() {
            model = grown;
        }
        let more = ceiling::passed(data, sc, scores, &model, &x, &enforced);
        if more.is_empty() {
            return Ok((model, x, report));
        }
        let mut races: Vec<usize> = model.ceilings.iter().map(|c| c.race).collect();
        races.extend(more);
        races.sort_unstable();
        let cuts = std::mem::take(&mut model.cuts);
        model = skeleton.fill(data, sc, scores, &races);
        funders::add_cuts(&mut model, &cuts);
    }
}

fn infeasible(sc: &Scenario, conflicts: Vec<Conflict>, any_one: bool) -> PlanError {
    PlanError::Infeasible(Infeasible { file: sc.path.clone(), conflicts, any_one })
}

/// What the integer search adds to a plan.
#[derive(Debug, Clone)]
pub struct Integer {
    /// How the search went.
    pub report: MilpReport,
    /// Dollars per group and period in the relaxation without the integer limits.
    pub relaxed: Vec<Vec<f64>>,
}

/// LP amounts per group and period, in dollars.
fn lp_amounts(model: &Model, x: &[f64], groups: usize) -> Vec<Vec<f64>> {
    let mut out = vec![vec![0.0; model.periods]; groups];
    for (c, &v) in model.cols.iter().zip(x) {
        out[c.group][c.period] += v * SCALE;
    }
    out
}

/// Round, score and explain an LP optimum.
pub fn finish(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    model: Model,
    x: Vec<f64>,
    integer: Option<Integer>,
) -> Plan {
    let lp_impact = model.impact(&x);
    let lp = lp_amounts(&model, &x, data.groups.len());
    let mut notes = Vec::new();
    let rounded = rounding::round_grants(data, sc, scores, &model, &lp, &mut notes);
    let impacts = ceiling::impacts(data, sc, scores, &rounded);
    // Races at their ceiling in the LP optimum, and the groups whose every
    // race with value is among them.
    let saturated: Vec<bool> = {
        let votes = ceiling::lp_votes(data, sc, scores, &model, &x);
        ceiling::enforced(data, sc)
            .iter()
            .zip(&votes)
            .map(|(n, &v)| n.is_some_and(|n| ceiling::at_ceiling(v, n)))
            .collect()
    };
    let only_saturated = |g: usize| -> bool {
        let reach = &scores.groups[g].reach;
        reach.iter().any(|&(r, _)| saturated[r])
            && reach.iter().all(|&(r, _)| saturated[r] || scores.races[r].value <= 0.0)
    };

    let binding_state: Vec<bool> = {
        let mut v = vec![false; data.states.len()];
        for (r, row) in model.rows.iter().enumerate() {
            if let RowKind::StateMax { state } = row {
                v[*state] = model.lp.activity(r, &x) >= model.lp.rows[r].hi - 1e-6;
            }
        }
        v
    };
    let period_capped = |g: usize| -> bool {
        let Some(share) = sc.timing.max_period_share else { return false };
        model.periods > 1
            && (0..model.periods)
                .filter(|&t| scores.groups[g].by_period[t] > 0.0)
                .all(|t| lp[g][t] >= share * data.groups[g].room - NOISE)
    };
    let grants: Vec<Grant> = (0..data.groups.len())
        .map(|g| {
            let cap = model.caps[g];
            let lp_amount: f64 = lp[g].iter().sum();
            let amount: f64 = rounded[g].iter().sum();
            let u = scores.groups[g].value_per_dollar;
            let limited_by = match cap.reason {
                CapReason::Excluded => LimitedBy::Excluded,
                CapReason::Locked => LimitedBy::Locked,
                CapReason::PeerFunded => LimitedBy::PeerFunded,
                CapReason::NoFunder => LimitedBy::NoFunder,
                _ if lp_amount >= cap.cap - NOISE => match cap.reason {
                    CapReason::GroupCap => LimitedBy::GroupCap,
                    CapReason::DependencyCap => LimitedBy::DependencyCap,
                    _ => LimitedBy::Room,
                },
                _ if u <= 0.0 => LimitedBy::NoValue,
                _ if only_saturated(g) => LimitedBy::Saturated,
                _ if lp_amount <= NOISE
                    && integer
                        .as_ref()
                        .is_some_and(|i| i.relaxed[g].iter().sum::<f64>() > NOISE) =>
                {
                    if sc.limits.min_grant.is_some_and(|m| m > 0.0)
                        && integer.as_ref().is_some_and(|i| {
                            i.relaxed[g].iter().sum::<f64>() < sc.limits.min_grant.unwrap_or(0.0)
                        })
                    {
                        LimitedBy::BelowMinGrant
                    } else if sc.limits.max_groups.is_some() {
                        LimitedBy::MaxGroups
                    } else {
                        LimitedBy::BelowMinGrant
                    }
                }
                _ if binding_state.get(data.groups[g].state_idx).copied().unwrap_or(false) => {
                    LimitedBy::StateCap
                }
                _ if period_capped(g) => LimitedBy::PeriodCap,
                _ => LimitedBy::Outranked,
            };
            Grant {
                group: g,
                amount,
                by_period: rounded[g].clone(),
                lp_amount,
                cap: cap.cap,
                value_per_dollar: u,
                impact: impacts[g],
                limited_by,
            }
        })
        .collect();
    let allocated: f64 = grants.iter().map(|g| g.amount).sum();
    let impact: f64 = grants.iter().map(|g| g.impact).sum();
    let lp_spent: f64 = lp.iter().flatten().sum();
    let n_saturated = saturated.iter().filter(|&&s| s).count();
    if n_saturated > 0 && sc.budget - lp_spent > NOISE {
        let held = grants.iter().filter(|g| g.limited_by == LimitedBy::Saturated).count();
        notes.push(format!(
            "{} is left unallocated (before rounding): {} race{} {} at {} effect ceiling, so more money there buys nothing{}",
            money(sc.budget - lp_spent),
            n_saturated,
            if n_saturated == 1 { "" } else { "s" },
            if n_saturated == 1 { "is" } else { "are" },
            if n_saturated == 1 { "its" } else { "their" },
            if held > 0 {
                format!(
                    ", and {held} group{} with room left reach{} only such races; every other group is at a limit",
                    if held == 1 { "" } else { "s" },
                    if held == 1 { "es" } else { "" }
                )
            } else {
                "; every group that could still buy votes elsewhere is at a limit".to_owned()
            }
        ));
    }
    let split = if sc.funders.is_empty() {
        Split::default()
    } else {
        let amounts: Vec<f64> = grants.iter().map(|g| g.amount).collect();
        let impacts: Vec<f64> = grants.iter().map(|g| g.impact).collect();
        let split = funders::split(data, sc, &amounts, &impacts);
        if split.unpaid > 0.5 {
            notes.push(format!(
                "{} of the rounded grants could not be paid within the funders' rules (rounding up for a floor or minimum); it is left unpaid",
                money(split.unpaid)
            ));
        }
        split
    };
    let states = state_totals(data, sc, &grants);
    let constituencies = tag_totals(data, sc, &grants);
    Plan {
        budget: sc.budget,
        allocated,
        unallocated: sc.budget - allocated,
        impact,
        lp_impact,
        grants,
        states,
        constituencies,
        notes,
        model,
        lp_x: x,
        integer,
        saturated,
        split,
    }
}

fn state_totals(data: &Dataset, sc: &Scenario, grants: &[Grant]) -> Vec<StateTotal> {
    let mut out: Vec<StateTotal> = data
        .states
        .iter()
        .enumerate()
        .map(|(s, st)| StateTotal {
            state: s,
            amount: 0.0,
            groups_funded: 0,
            groups: 0,
            impact: 0.0,
            cap: model::state_max(sc, &st.code),
            min: model::state_min(sc, &st.code),
        })
        .collect();
    for grant in grants {
        let s = data.groups[grant.group].state_idx;
        out[s].groups += 1;
        out[s].amount += grant.amount;
        out[s].impact += grant.impact;
        out[s].groups_funded += usize::from(grant.amount > 0.0);
    }
    out.retain(|s| s.groups > 0);
    out
}

fn tag_totals(data: &Dataset, sc: &Scenario, grants: &[Grant]) -> Vec<TagTotal> {
    data.tags()
        .into_iter()
        .map(|tag| {
            let tagged = grants.iter().filter(|gr| data.groups[gr.group].has_tag(&tag));
            let (amount, funded) = tagged
                .fold((0.0, 0), |(a, n), gr| (a + gr.amount, n + usize::from(gr.amount > 0.0)));
            let floor = sc.floors.iter().find(|f| f.tag.name == tag).map(|f| f.share);
            TagTotal {
                share: if sc.budget > 0.0 { amount / sc.budget } else { 0.0 },
                tag,
                amount,
                groups_funded: funded,
                floor,
            }
        })
        .collect()
}
