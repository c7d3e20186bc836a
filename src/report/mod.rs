//! What the commands print: plain, serializable views of scores and plans
//! (the stable interface of CSV and JSON output), and their renderers, one
//! module per format. Renderers return text (or bytes, for xlsx); the caller
//! picks the destination.

pub mod charts;
pub mod compare;
pub mod csv;
pub mod frontier;
pub mod funders;
pub mod html;
pub mod json;
pub mod robust;
pub mod scenarios;
pub mod table;
pub mod tiles;
pub mod visual;
pub mod xlsx;

use serde::Serialize;

pub use crate::base::numbers::{
    dollars, dollars_each, margin, money, opt_dollars, opt_dollars_each, pct,
};

use crate::input::data::Dataset;
use crate::input::scenario::Scenario;
use crate::plan::explain::Binding;
use crate::plan::outcomes::{ChamberOutcome, RaceOutcome};
use crate::plan::schedule::{PeriodRow, ScheduleRow, TimingValue};
use crate::plan::{Extras, Plan};
use crate::score::Scores;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Human-readable tables.
    #[default]
    Table,
    /// Comma-separated values: one table (choose it with --table).
    Csv,
    /// Everything, as one JSON document.
    Json,
    /// A spreadsheet, one sheet per table (binary: needs -o FILE).
    Xlsx,
}

impl Format {
    /// Does this format write bytes that are not text?
    pub fn is_binary(self) -> bool {
        self == Format::Xlsx
    }
}

/// One race in `score` output. Its text is the data's own, borrowed (a
/// national report would otherwise copy some 50,000 strings).
#[derive(Debug, Clone, Default, Serialize)]
pub struct RaceRow<'a> {
    /// Rank by value per net vote (1 = best).
    pub rank: usize,
    /// Race id.
    pub race: &'a str,
    /// Readable name (the id when races.csv gives none): tables show it,
    /// CSV and JSON keep the id.
    #[serde(skip)]
    pub name: &'a str,
    /// State code.
    pub state: &'a str,
    /// Office.
    pub office: &'a str,
    /// District label (empty = statewide).
    pub district: &'a str,
    /// Chamber id (empty = none).
    pub chamber: &'a str,
    /// Election day.
    pub date: String,
    /// Forecast margin μ, points (national shift included).
    pub margin: f64,
    /// Total forecast sd σ, points.
    pub sd: f64,
    #[serde(serialize_with = "dollars")]
    /// Expected total votes.
    pub turnout: f64,
    /// P(D wins).
    pub win_prob: f64,
    /// Rise in win probability per net vote.
    pub closeness: f64,
    /// Rise in P(D control of the chamber) per net vote.
    pub control_pivotality: f64,
    /// Win-equivalents per net vote.
    pub value_per_net_vote: f64,
    /// Win-equivalents per 1,000 net votes.
    pub value_per_1000_net_votes: f64,
}

/// One group in `score` output (its text borrowed from the data).
#[derive(Debug, Clone, Default, Serialize)]
pub struct GroupScoreRow<'a> {
    /// Rank by value per dollar (1 = best).
    pub rank: usize,
    /// Group id.
    pub group: &'a str,
    /// Name.
    pub name: &'a str,
    /// State code.
    pub state: &'a str,
    /// `;`-separated tags.
    pub constituencies: String,
    #[serde(serialize_with = "dollars")]
    /// Dollars per net vote.
    pub dollars_per_net_vote: f64,
    #[serde(serialize_with = "dollars")]
    /// Room left after other funders, dollars.
    pub room_left: f64,
    /// u_g: win-equivalents per dollar, before diminishing returns.
    pub value_per_dollar: f64,
    /// u_g × 1,000,000.
    pub value_per_million: f64,
}

/// A seat likely to tip its chamber.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TippingSeat {
    /// Race id.
    pub race: String,
    /// Readable name (the id when races.csv gives none).
    #[serde(skip)]
    pub name: String,
    /// Rise in P(control) per point of margin in this race.
    pub control_per_point: f64,
    /// P(the race's outcome decides control).
    pub p_decisive: f64,
}

/// One chamber in `score` output.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChamberRow {
    /// Chamber id.
    pub chamber: String,
    /// Name.
    pub name: String,
    /// Total seats.
    pub seats: u32,
    /// Seats D needs.
    pub needed: u32,
    /// D seats not on the ballot.
    pub d_not_up: u32,
    /// Races on the ballot.
    pub races: usize,
    /// Value of control, win-equivalents.
    pub control_value: f64,
    /// P(D control).
    pub p_control: f64,
    /// Expected D seats.
    pub expected_seats: f64,
    /// Up to five seats with the largest rise in P(control) per point of margin.
    pub tipping: Vec<TippingSeat>,
}

/// One state in `score` output.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StateScoreRow {
    /// State code.
    pub state: String,
    /// Name.
    pub name: String,
    /// Last presidential margin, points.
    pub pres_margin: Option<f64>,
    /// Win-equivalents of one net vote cast in the state, across its statewide
    /// races and (turnout-weighted) its district races.
    pub value_per_net_vote: f64,
    /// value_per_net_vote scaled so the best state is 100.
    pub vote_power: f64,
}

/// The national shift found by `scoring.anchor`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AnchorRow {
    /// Chamber id.
    pub chamber: String,
    /// The published P(D control) matched.
    pub p_control: f64,
    /// The national shift found, points.
    pub national_shift: f64,
}

/// The anchor of a scenario, once its shift is found.
pub fn anchor_row(sc: &Scenario) -> Option<AnchorRow> {
    let a = sc.scoring.anchor.as_ref()?;
    Some(AnchorRow {
        chamber: a.chamber.name.clone(),
        p_control: a.p_control,
        national_shift: a.shift?,
    })
}

/// Everything `score` reports.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScoreReport<'a> {
    /// Scenario name.
    pub scenario: String,
    /// National swing sd, points.
    pub national_sd: f64,
    /// National shift, points.
    pub national_shift: f64,
    /// With `scoring.anchor`: the chamber, the probability and the shift found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<AnchorRow>,
    /// Races, best value per net vote first.
    pub races: Vec<RaceRow<'a>>,
    /// Groups, best value per dollar first.
    pub groups: Vec<GroupScoreRow<'a>>,
    /// Chambers, in data order.
    pub chambers: Vec<ChamberRow>,
    /// States with races, best vote power first.
    pub states: Vec<StateScoreRow>,
}

/// Build the `score` view.
pub fn score_report<'a>(data: &'a Dataset, sc: &Scenario, scores: &Scores) -> ScoreReport<'a> {
    let mut order: Vec<usize> = (0..data.races.len()).collect();
    order.sort_by(|&a, &b| scores.races[b].value.total_cmp(&scores.races[a].value).then(a.cmp(&b)));
    let races = order
        .iter()
        .enumerate()
        .map(|(i, &r)| {
            let race = &data.races[r];
            let s = &scores.races[r];
            RaceRow {
                rank: i + 1,
                race: &race.id,
                name: race.label(),
                state: &race.state,
                office: race.office.as_str(),
                district: race.district.as_deref().unwrap_or_default(),
                chamber: race.chamber.as_deref().unwrap_or_default(),
                date: race.date.to_string(),
                margin: s.mu,
                sd: s.sd,
                turnout: race.turnout,
                win_prob: s.win_prob,
                closeness: s.closeness,
                control_pivotality: s.control_pivotality,
                value_per_net_vote: s.value,
                value_per_1000_net_votes: s.value * 1000.0,
            }
        })
        .collect();
    let mut gorder: Vec<usize> = (0..data.groups.len()).collect();
    let u = |g: usize| scores.groups[g].value_per_dollar;
    gorder.sort_by(|&a, &b| u(b).total_cmp(&u(a)).then(a.cmp(&b)));
    let groups = gorder
        .iter()
        .enumerate()
        .map(|(i, &g)| {
            let group = &data.groups[g];
            GroupScoreRow {
                rank: i + 1,
                group: &group.id,
                name: &group.name,
                state: &group.state,
                constituencies: group.constituencies.join(";"),
                dollars_per_net_vote: group.dollars_per_net_vote,
                room_left: group.room_left(),
                value_per_dollar: u(g),
                value_per_million: u(g) * 1e6,
            }
        })
        .collect();
    let chambers = data
        .chambers
        .iter()
        .zip(&scores.chambers)
        .map(|(ch, cs)| {
            let mut idx: Vec<usize> = (0..cs.races.len()).collect();
            idx.sort_by(|&a, &b| cs.per_point[b].total_cmp(&cs.per_point[a]).then(a.cmp(&b)));
            let tipping = idx
                .iter()
                .take(5)
                .filter(|&&k| cs.per_point[k] > 0.0)
                .map(|&k| TippingSeat {
                    race: data.races[cs.races[k]].id.clone(),
                    name: data.races[cs.races[k]].label().to_owned(),
                    control_per_point: cs.per_point[k],
                    p_decisive: cs.p_decisive[k],
                })
                .collect();
            ChamberRow {
                chamber: ch.id.clone(),
                name: ch.name.clone(),
                seats: ch.seats,
                needed: ch.needed,
                d_not_up: ch.d_not_up,
                races: cs.races.len(),
                control_value: ch.control_value,
                p_control: cs.p_control,
                expected_seats: cs.expected_seats,
                tipping,
            }
        })
        .collect();
    ScoreReport {
        scenario: sc.name.clone(),
        national_sd: sc.scoring.national_sd,
        national_shift: sc.scoring.national_shift,
        anchor: anchor_row(sc),
        races,
        groups,
        chambers,
        states: state_power(data, scores),
    }
}

/// The states with races, best vote power first (the values come from
/// [`crate::score::state_values`]).
fn state_power(data: &Dataset, scores: &Scores) -> Vec<StateScoreRow> {
    let (value, has_race) = crate::score::state_values(data, scores);
    let best = value.iter().copied().fold(0.0, f64::max);
    let mut rows: Vec<StateScoreRow> = data
        .states
        .iter()
        .enumerate()
        .filter(|(s, _)| has_race[*s])
        .map(|(s, st)| StateScoreRow {
            state: st.code.clone(),
            name: st.name.clone(),
            pres_margin: st.pres_margin,
            value_per_net_vote: value[s],
            vote_power: if best > 0.0 { 100.0 * value[s] / best } else { 0.0 },
        })
        .collect();
    rows.sort_by(|a, b| {
        b.value_per_net_vote.total_cmp(&a.value_per_net_vote).then(a.state.cmp(&b.state))
    });
    rows
}

/// One group in `plan` output.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GroupPlanRow {
    /// Group id.
    pub group: String,
    /// Name.
    pub name: String,
    /// State code.
    pub state: String,
    /// `;`-separated tags.
    pub constituencies: String,
    #[serde(serialize_with = "dollars")]
    /// Grant, dollars (rounded).
    pub amount: f64,
    #[serde(serialize_with = "dollars")]
    /// Grant in the LP optimum before rounding, dollars.
    pub lp_amount: f64,
    #[serde(serialize_with = "dollars")]
    /// The most it could get, dollars.
    pub cap: f64,
    /// u_g: win-equivalents per dollar, before diminishing returns.
    pub value_per_dollar: f64,
    /// Win-equivalents from this grant.
    pub impact: f64,
    /// Why it got what it got.
    pub limited_by: String,
}

/// One state in `plan` output.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StatePlanRow {
    /// State code.
    pub state: String,
    #[serde(serialize_with = "dollars")]
    /// Dollars.
    pub amount: f64,
    /// amount / budget.
    pub share: f64,
    /// Groups funded.
    pub groups_funded: usize,
    /// Groups in the data.
    pub groups: usize,
    /// Win-equivalents.
    pub impact: f64,
    #[serde(serialize_with = "opt_dollars")]
    /// Cap, dollars (empty = none).
    pub cap: Option<f64>,
    #[serde(serialize_with = "opt_dollars")]
    /// Minimum, dollars (empty = none).
    pub min: Option<f64>,
}

/// One constituency in `plan` output.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TagPlanRow {
    /// Tag.
    pub constituency: String,
    #[serde(serialize_with = "dollars")]
    /// Dollars to groups with the tag.
    pub amount: f64,
    /// amount / budget.
    pub share: f64,
    /// Groups funded.
    pub groups_funded: usize,
    /// Floor share (empty = none).
    pub floor: Option<f64>,
}

/// "NAME" or, when `--budget` replaced the scenario's budget, "NAME, with
/// $5,000,000 of the scenario's $10,000,000" (more: "instead of").
pub fn plan_title(r: &PlanReport) -> String {
    match r.scenario_budget {
        Some(file) if r.budget < file => format!(
            "{}, with {} of the scenario's {} (--budget)",
            r.scenario,
            money(r.budget),
            money(file)
        ),
        Some(file) => format!(
            "{}, with {} instead of the scenario's {} (--budget)",
            r.scenario,
            money(r.budget),
            money(file)
        ),
        None => r.scenario.clone(),
    }
}

/// Everything `plan` reports.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PlanReport {
    /// Scenario name.
    pub scenario: String,
    #[serde(serialize_with = "dollars")]
    /// Budget, dollars.
    pub budget: f64,
    #[serde(serialize_with = "opt_dollars")]
    /// The scenario file's budget when `--budget` replaced it (else null).
    pub scenario_budget: Option<f64>,
    #[serde(serialize_with = "dollars")]
    /// Sum of grants, dollars.
    pub allocated: f64,
    #[serde(serialize_with = "dollars")]
    /// budget − allocated, dollars.
    pub unallocated: f64,
    /// Win-equivalents of the rounded grants.
    pub impact: f64,
    /// impact per $1M allocated.
    pub impact_per_million: f64,
    /// Win-equivalents of the LP optimum before rounding.
    pub lp_impact: f64,
    /// With `scoring.anchor`: the chamber, the probability and the shift found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<AnchorRow>,
    #[serde(serialize_with = "dollars")]
    /// Grants are multiples of this many dollars.
    pub rounding: f64,
    /// Groups funded.
    pub groups_funded: usize,
    /// Every group, largest grant first.
    pub groups: Vec<GroupPlanRow>,
    /// States with groups, largest total first.
    pub states: Vec<StatePlanRow>,
    /// Constituencies, largest total first.
    pub constituencies: Vec<TagPlanRow>,
    /// Things the reader should know.
    pub notes: Vec<String>,
    /// Does the LP optimum spend the whole budget?
    pub budget_binds: bool,
    /// Win-equivalents the next $100,000 of budget would add.
    pub next_100k: f64,
    /// Win-equivalents the next $1,000,000 of budget would add.
    pub next_1m: f64,
    /// Every binding limit and what it costs, costliest first.
    pub constraints: Vec<Binding>,
    /// Races the plan reaches, most moved first: net votes, odds before and after.
    pub races: Vec<RaceOutcome>,
    /// Chambers whose races the plan reaches: P(D control) before and after.
    pub chambers: Vec<ChamberOutcome>,
    /// With `[[periods]]`: dollars by period (and by state within each).
    pub periods: Vec<PeriodRow>,
    /// With `[[periods]]`: each group's non-zero grant in each period.
    pub schedule: Vec<ScheduleRow>,
    /// With `[[periods]]`: the same budget arriving in the last period, compared.
    pub timing: Option<TimingValue>,
    /// The integer search for min_grant / max_groups (absent without them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub milp: Option<crate::plan::milp::MilpReport>,
    /// With `[[funders]]`: each funder's budget, grants and impact.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub funders: Vec<funders::FunderRow>,
    /// With `[[funders]]`: who pays what to whom (funder × group, non-zero).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub funder_grants: Vec<funders::FunderGrantRow>,
    /// With `[[funders]]`: the joint plan against the funders planning alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coordination: Option<crate::plan::funders::Coordination>,
}

/// Build the `plan` view.
pub fn plan_report(data: &Dataset, sc: &Scenario, plan: &Plan, extras: &Extras) -> PlanReport {
    let mut grants: Vec<&crate::plan::Grant> = plan.grants.iter().collect();
    grants.sort_by(|a, b| {
        b.amount
            .total_cmp(&a.amount)
            .then(b.value_per_dollar.total_cmp(&a.value_per_dollar))
            .then(a.group.cmp(&b.group))
    });
    let groups = grants
        .iter()
        .map(|gr| {
            let g = &data.groups[gr.group];
            GroupPlanRow {
                group: g.id.clone(),
                name: g.name.clone(),
                state: g.state.clone(),
                constituencies: g.constituencies.join(";"),
                amount: gr.amount,
                lp_amount: gr.lp_amount,
                cap: gr.cap,
                value_per_dollar: gr.value_per_dollar,
                impact: gr.impact,
                limited_by: gr.limited_by.as_str().to_owned(),
            }
        })
        .collect();
    let share = |a: f64| if plan.budget > 0.0 { a / plan.budget } else { 0.0 };
    let mut states: Vec<StatePlanRow> = plan
        .states
        .iter()
        .map(|s| StatePlanRow {
            state: data.states[s.state].code.clone(),
            amount: s.amount,
            share: share(s.amount),
            groups_funded: s.groups_funded,
            groups: s.groups,
            impact: s.impact,
            cap: s.cap,
            min: s.min,
        })
        .collect();
    states.sort_by(|a, b| b.amount.total_cmp(&a.amount).then(a.state.cmp(&b.state)));
    let mut constituencies: Vec<TagPlanRow> = plan
        .constituencies
        .iter()
        .map(|t| TagPlanRow {
            constituency: t.tag.clone(),
            amount: t.amount,
            share: t.share,
            groups_funded: t.groups_funded,
            floor: t.floor,
        })
        .collect();
    constituencies
        .sort_by(|a, b| b.amount.total_cmp(&a.amount).then(a.constituency.cmp(&b.constituency)));
    PlanReport {
        scenario: sc.name.clone(),
        budget: plan.budget,
        scenario_budget: sc.file_budget,
        allocated: plan.allocated,
        unallocated: plan.unallocated,
        impact: plan.impact,
        impact_per_million: if plan.allocated > 0.0 {
            plan.impact / plan.allocated * 1e6
        } else {
            0.0
        },
        lp_impact: plan.lp_impact,
        anchor: anchor_row(sc),
        rounding: sc.rounding,
        groups_funded: plan.grants.iter().filter(|g| g.amount > 0.0).count(),
        groups,
        states,
        constituencies,
        notes: plan.notes.clone(),
        budget_binds: extras.explanation.budget_binds,
        next_100k: extras.explanation.next_100k,
        next_1m: extras.explanation.next_1m,
        constraints: extras.explanation.binding.clone(),
        races: extras.races.clone(),
        chambers: extras.chambers.clone(),
        milp: plan.integer.as_ref().map(|i| i.report.clone()),
        periods: extras.periods.clone(),
        schedule: extras.schedule.clone(),
        timing: extras.timing.clone(),
        funders: funders::funder_rows(sc, plan),
        funder_grants: funders::funder_grant_rows(data, sc, plan),
        coordination: extras.coordination.clone(),
    }
}
