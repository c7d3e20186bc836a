//! Early money (MODEL.md §3, Timing): a plan's schedule by period, by group
//! and period, and by state and period; and what the timing is worth — the
//! same budget arriving all in the last period, planned again.

use serde::Serialize;

use crate::input::data::Dataset;
use crate::input::scenario::Scenario;
use crate::plan::lp::Solver;
use crate::plan::model::Omit;
use crate::plan::Plan;
use crate::score::Scores;

/// One period of the schedule.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PeriodRow {
    /// Period name.
    pub period: String,
    /// First day.
    pub start: String,
    /// Value multiplier of its money.
    pub multiplier: f64,
    /// Dollars released at its start.
    #[serde(serialize_with = "crate::base::numbers::dollars")]
    pub release: f64,
    /// Dollars granted in it.
    #[serde(serialize_with = "crate::base::numbers::dollars")]
    pub amount: f64,
    /// Dollars released through this period.
    #[serde(serialize_with = "crate::base::numbers::dollars")]
    pub released_to_date: f64,
    /// Dollars granted through this period.
    #[serde(serialize_with = "crate::base::numbers::dollars")]
    pub granted_to_date: f64,
    /// Groups granted money in it.
    pub groups_funded: usize,
    /// Races still ahead at its start (money in it can reach them).
    pub races_ahead: usize,
    /// Dollars by state in this period (states with money only).
    pub by_state: Vec<StateAmount>,
}

/// Dollars for one state (in one period).
#[derive(Debug, Clone, Default, Serialize)]
pub struct StateAmount {
    /// State code.
    pub state: String,
    /// Dollars.
    #[serde(serialize_with = "crate::base::numbers::dollars")]
    pub amount: f64,
}

/// One group's grant in one period (only non-zero ones).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScheduleRow {
    /// Group id.
    pub group: String,
    /// State code.
    pub state: String,
    /// Period name.
    pub period: String,
    /// Dollars.
    #[serde(serialize_with = "crate::base::numbers::dollars")]
    pub amount: f64,
}

/// What giving early is worth.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TimingValue {
    /// The LP optimum of the scenario's own schedule, win-equivalents.
    pub impact: f64,
    /// The LP optimum if the whole budget arrived in the last period.
    pub impact_if_last_period: f64,
    /// The last period's name.
    pub last_period: String,
    /// impact − impact_if_last_period.
    pub gain: f64,
    /// gain as a percentage of impact_if_last_period.
    pub gain_pct: f64,
}

/// The schedule of a plan with periods (empty without periods).
pub fn schedule(data: &Dataset, sc: &Scenario, plan: &Plan) -> (Vec<PeriodRow>, Vec<ScheduleRow>) {
    if sc.periods.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut rows = Vec::new();
    let (mut released, mut granted) = (0.0, 0.0);
    for (t, p) in sc.periods.iter().enumerate() {
        let amount: f64 = plan.grants.iter().map(|g| g.by_period[t]).sum();
        released += p.release;
        granted += amount;
        let mut by_state: Vec<StateAmount> = data
            .states
            .iter()
            .enumerate()
            .map(|(s, st)| StateAmount {
                state: st.code.clone(),
                amount: plan
                    .grants
                    .iter()
                    .filter(|g| data.groups[g.group].state_idx == s)
                    .map(|g| g.by_period[t])
                    .sum(),
            })
            .filter(|a| a.amount > 0.0)
            .collect();
        by_state.sort_by(|a, b| b.amount.total_cmp(&a.amount).then(a.state.cmp(&b.state)));
        rows.push(PeriodRow {
            period: p.name.clone(),
            start: p.start.to_string(),
            multiplier: p.multiplier,
            release: p.release,
            amount,
            released_to_date: released,
            granted_to_date: granted,
            groups_funded: plan.grants.iter().filter(|g| g.by_period[t] > 0.0).count(),
            races_ahead: data
                .races
                .iter()
                .filter(|r| r.date >= p.start && sc.start.is_none_or(|s| r.date >= s))
                .count(),
            by_state,
        });
    }
    let mut cells = Vec::new();
    for g in &plan.grants {
        for (t, p) in sc.periods.iter().enumerate() {
            if g.by_period[t] > 0.0 {
                let group = &data.groups[g.group];
                cells.push(ScheduleRow {
                    group: group.id.clone(),
                    state: group.state.clone(),
                    period: p.name.clone(),
                    amount: g.by_period[t],
                });
            }
        }
    }
    (rows, cells)
}

/// The plan's optimum against the same budget arriving in the last period.
pub fn timing_value(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    plan: &Plan,
    solver: Solver,
) -> Option<TimingValue> {
    let last = sc.periods.last()?;
    let mut late = sc.clone();
    let n = late.periods.len();
    for (t, p) in late.periods.iter_mut().enumerate() {
        p.release = if t + 1 == n { sc.budget } else { 0.0 };
    }
    let impact_if_last_period =
        crate::plan::explain::optimum(data, &late, scores, &Omit::default(), solver)?;
    let gain = plan.lp_impact - impact_if_last_period;
    Some(TimingValue {
        impact: plan.lp_impact,
        impact_if_last_period,
        last_period: last.name.clone(),
        gain,
        gain_pct: if impact_if_last_period > 0.0 {
            100.0 * gain / impact_if_last_period
        } else {
            0.0
        },
    })
}
