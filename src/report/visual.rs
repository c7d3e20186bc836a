//! What the donor report (`grantplan report`, HTML) and the spreadsheet
//! (`--format xlsx`) show beyond the plan view: the budget frontier, the
//! schedule by period, and the scenario's assumptions and data sources.
//! Sections whose data may be missing are `Option`s, so the page shows them
//! only when they exist.

use std::io::Read as _;
use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use crate::input::data::{Dataset, Office};
use crate::input::scenario::Scenario;
use crate::plan::Plan;
use crate::tools::frontier::Frontier as Traced;

use super::{dollars, money, PlanReport};

/// Everything the visual report renders.
#[derive(Debug, Clone)]
pub struct ReportData {
    /// The plan, as `plan --format json` reports it.
    pub plan: PlanReport,
    /// Best impact at other budgets (absent when it could not be computed).
    pub frontier: Option<Frontier>,
    /// Dollars by period (absent without `[[periods]]`).
    pub schedule: Option<Schedule>,
    /// Assumptions, limits and data sources, for the "how to read this" box.
    pub context: Context,
}

/// One point of the budget frontier.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct FrontierPoint {
    #[serde(serialize_with = "dollars")]
    /// Budget, dollars.
    pub budget: f64,
    /// Impact of the best plan at that budget, win-equivalents (LP optimum,
    /// before rounding).
    pub impact: f64,
}

/// Impact as a function of budget, under the scenario's other limits.
#[derive(Debug, Clone, Default)]
pub struct Frontier {
    /// Points, by budget.
    pub points: Vec<FrontierPoint>,
    /// The scenario's budget (the plan on the page), dollars.
    pub current: f64,
    /// How the points were found, in a sentence.
    pub method: String,
}

/// One funding period of the schedule.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PeriodRow {
    /// Period name.
    pub period: String,
    /// First day.
    pub start: String,
    #[serde(serialize_with = "dollars")]
    /// Dollars released at its start.
    pub release: f64,
    /// Value multiplier of money granted in it.
    pub multiplier: f64,
    #[serde(serialize_with = "dollars")]
    /// Dollars granted in it.
    pub granted: f64,
    #[serde(serialize_with = "dollars")]
    /// Dollars released up to and including it.
    pub released_to_date: f64,
    #[serde(serialize_with = "dollars")]
    /// Dollars granted up to and including it.
    pub granted_to_date: f64,
}

/// Dollars by period for one state or one group.
#[derive(Debug, Clone, Default)]
pub struct ScheduleLine {
    /// State code, or group id.
    pub key: String,
    /// State name, or group name.
    pub name: String,
    /// The group's state (empty for a state line).
    pub state: String,
    /// Dollars per period.
    pub amounts: Vec<f64>,
    /// Their sum.
    pub total: f64,
}

/// The plan's grants by period.
#[derive(Debug, Clone, Default)]
pub struct Schedule {
    /// One row per period, in order.
    pub periods: Vec<PeriodRow>,
    /// States with money, largest total first.
    pub states: Vec<ScheduleLine>,
    /// Funded groups, largest total first.
    pub groups: Vec<ScheduleLine>,
}

/// One data file the plan read.
#[derive(Debug, Clone, Default)]
pub struct DataFile {
    /// What it holds, e.g. `races`.
    pub what: String,
    /// Its path, as the scenario names it (folders like `a/../` removed).
    pub path: String,
    /// Records read.
    pub rows: usize,
}

/// The scenario's assumptions and the data behind the plan.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The scenario file.
    pub scenario_file: String,
    /// The data files.
    pub files: Vec<DataFile>,
    /// A `SOURCES.md` found beside the data files, if any.
    pub sources: Option<String>,
    /// The comment line a data file opens with (the shipped groups say
    /// they are illustrative).
    pub data_notices: Vec<String>,
    /// Modelling assumptions, as (topic, plain-language statement).
    pub assumptions: Vec<(String, String)>,
    /// `limits.max_group_share`.
    pub max_group_share: Option<f64>,
    /// `limits.max_dependency`.
    pub max_dependency: Option<f64>,
    /// State code → name, for labels.
    pub state_names: Vec<(String, String)>,
}

impl Context {
    /// A state's name, or its code when unknown.
    pub fn state_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.state_names.iter().find(|(c, _)| c == code).map_or(code, |(_, n)| n.as_str())
    }
}

/// Gather everything the visual report shows. `traced` is the budget
/// frontier from the `frontier` command's engine
/// ([`Settings::default_for`](crate::tools::frontier::Settings::default_for)),
/// traced by the caller; None when the budget is zero or it failed.
pub fn build(
    data: &Dataset,
    sc: &Scenario,
    plan: &Plan,
    report: PlanReport,
    traced: Option<&Traced>,
) -> ReportData {
    ReportData {
        frontier: traced.map(|t| frontier(sc, plan, t)),
        schedule: schedule(data, sc, plan),
        context: context(data, sc),
        plan: report,
    }
}

/// The frontier section: the traced points, with the plan's own budget.
pub fn frontier(sc: &Scenario, plan: &Plan, traced: &Traced) -> Frontier {
    // A budget too small for the locks or minimums has no plan: no point.
    let mut points: Vec<FrontierPoint> = traced
        .points
        .iter()
        .filter_map(|p| {
            let o = p.outcome.as_ref().ok()?;
            Some(FrontierPoint { budget: p.budget, impact: o.lp_impact })
        })
        .collect();
    points.push(FrontierPoint { budget: sc.budget, impact: plan.lp_impact });
    points.sort_by(|a, b| a.budget.total_cmp(&b.budget));
    points.dedup_by(|a, b| (a.budget - b.budget).abs() < 0.5);
    let integer =
        if plan.integer.is_some() { " (with min_grant and max_groups, as the plan)" } else { "" };
    let fall = traced
        .returns_fall_at
        .map(|b| format!("; returns start to fall at {}", money(b)))
        .unwrap_or_default();
    Frontier {
        points,
        current: sc.budget,
        method: format!(
            "the allocation program solved again at {} budgets from {} to {} under the same limits{integer}{fall}",
            traced.points.len(),
            money(sc.budget / 10.0),
            money(sc.budget * 2.0),
        ),
    }
}

/// The plan's grants by period (None without `[[periods]]`).
pub fn schedule(data: &Dataset, sc: &Scenario, plan: &Plan) -> Option<Schedule> {
    if sc.periods.is_empty() {
        return None;
    }
    let n = sc.periods.len();
    let amount = |g: &crate::plan::Grant, t: usize| g.by_period.get(t).copied().unwrap_or(0.0);
    let mut periods = Vec::with_capacity(n);
    let (mut released, mut granted) = (0.0, 0.0);
    for (t, p) in sc.periods.iter().enumerate() {
        let in_period: f64 = plan.grants.iter().map(|g| amount(g, t)).sum();
        released += p.release;
        granted += in_period;
        periods.push(PeriodRow {
            period: p.name.clone(),
            start: p.start.to_string(),
            release: p.release,
            multiplier: p.multiplier,
            granted: in_period,
            released_to_date: released,
            granted_to_date: granted,
        });
    }
    let mut states: Vec<ScheduleLine> = data
        .states
        .iter()
        .map(|s| ScheduleLine {
            key: s.code.clone(),
            name: s.name.clone(),
            amounts: vec![0.0; n],
            ..ScheduleLine::default()
        })
        .collect();
    let mut groups = Vec::new();
    for grant in plan.grants.iter().filter(|g| g.amount > 0.0) {
        let g = &data.groups[grant.group];
        let amounts: Vec<f64> = (0..n).map(|t| amount(grant, t)).collect();
        let line = &mut states[g.state_idx];
        for (a, b) in line.amounts.iter_mut().zip(&amounts) {
            *a += b;
        }
        line.total += grant.amount;
        groups.push(ScheduleLine {
            key: g.id.clone(),
            name: g.name.clone(),
            state: g.state.clone(),
            amounts,
            total: grant.amount,
        });
    }
    states.retain(|s| s.total > 0.0);
    states.sort_by(|a, b| b.total.total_cmp(&a.total).then(a.key.cmp(&b.key)));
    groups.sort_by(|a, b| b.total.total_cmp(&a.total).then(a.key.cmp(&b.key)));
    Some(Schedule { periods, states, groups })
}

/// The scenario's assumptions and data files, in words.
pub fn context(data: &Dataset, sc: &Scenario) -> Context {
    let p = &data.paths;
    let files = [
        ("states", &p.states, data.states.len()),
        ("chambers", &p.chambers, data.chambers.len()),
        ("races", &p.races, data.races.len()),
        ("partner groups", &p.groups, data.groups.len()),
    ];
    let mut sources: Option<String> = None;
    let mut data_notices = Vec::new();
    for (_, path, _) in &files {
        let tidy = tidy_path(path);
        if sources.is_none() {
            // SOURCES.md beside the file or one folder up (data/2026/… → data/).
            sources = tidy
                .ancestors()
                .skip(1)
                .take(2)
                .map(|d| d.join("SOURCES.md"))
                .find(|f| f.is_file())
                .map(|f| f.display().to_string());
        }
        if let Some(notice) = leading_comment(path) {
            if !data_notices.contains(&notice) {
                data_notices.push(notice);
            }
        }
    }
    Context {
        scenario_file: tidy_path(&sc.path).display().to_string(),
        files: files
            .iter()
            .map(|(what, path, rows)| DataFile {
                what: (*what).to_owned(),
                path: tidy_path(path).display().to_string(),
                rows: *rows,
            })
            .collect(),
        sources,
        data_notices,
        assumptions: assumptions(sc),
        max_group_share: sc.limits.max_group_share,
        max_dependency: sc.limits.max_dependency,
        state_names: data.states.iter().map(|s| (s.code.clone(), s.name.clone())).collect(),
    }
}

/// `a/../b/./c` → `b/c`, without touching the file system.
fn tidy_path(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The text of a `#` comment on a data file's first line.
fn leading_comment(path: &Path) -> Option<String> {
    use std::io::BufRead;
    let file = std::fs::File::open(path).ok()?;
    let mut line = String::new();
    std::io::BufReader::new(file).take(4096).read_line(&mut line).ok()?;
    let text = line.trim().strip_prefix('#')?.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The model's assumptions for this scenario, in plain language.
fn assumptions(sc: &Scenario) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut add = |topic: &str, text: String| out.push((topic.to_owned(), text));
    let s = &sc.scoring;
    add(
        "Forecasts",
        format!(
            "Each race's forecast margin can miss by a national swing shared by every race \
             (standard deviation {:.1} points) plus the race's own error ({:.1} points unless the \
             data give one){}.",
            s.national_sd,
            s.race_sd,
            if s.national_shift.abs() > 1e-9 {
                format!("; every margin is shifted by {:+.1} points", s.national_shift)
            } else {
                String::new()
            }
        ),
    );
    let mut weights: Vec<(f64, &str)> = Office::ALL
        .iter()
        .map(|&o| (sc.office_weight(o), office_name(o)))
        .filter(|(w, _)| *w > 0.0)
        .collect();
    weights.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let listed: Vec<String> = weights.iter().map(|(w, name)| format!("{name} {w}")).collect();
    add(
        "What a win is worth",
        format!(
            "A win counts by office: {}. Control of a chamber (the Electoral College included) \
             adds its control value, weighted by the chance that the race decides it.",
            listed.join(", ")
        ),
    );
    let factors: Vec<String> = sc.returns.factors.iter().map(|f| share(*f)).collect();
    add(
        "Diminishing returns",
        format!(
            "Each group's room for more money is cut into {} slices; a dollar in them is worth {} \
             of a dollar in the first. Money other funders have committed fills the first slices.",
            sc.returns.tranches.len(),
            factors.join(", ")
        ),
    );
    let mut dates = Vec::new();
    if let Some(start) = sc.start {
        dates.push(format!("races before {start} count for nothing"));
    }
    if let Some(h) = sc.horizon {
        dates.push(format!(
            "races after {h} count only through a group's long-term power, discounted by {} a year",
            share(1.0 - sc.discount)
        ));
    }
    if !dates.is_empty() {
        add("Dates", format!("{}.", capitalize(&dates.join("; "))));
    }
    let l = &sc.limits;
    let mut limits = Vec::new();
    if let Some(v) = l.max_group_share {
        limits.push(format!("no group gets more than {} of the budget", share(v)));
    }
    if let Some(v) = l.max_dependency {
        limits.push(format!("no grant exceeds {} of the group's annual budget", share(v)));
    }
    if let Some(v) = l.max_state_share {
        limits.push(format!("no state gets more than {} of the budget", share(v)));
    }
    for st in &sc.states {
        match (st.min, st.max) {
            (Some(a), Some(b)) => {
                limits.push(format!("{} gets {} to {}", st.state.name, money(a), money(b)))
            }
            (Some(a), None) => limits.push(format!("{} gets at least {}", st.state.name, money(a))),
            (None, Some(b)) => limits.push(format!("{} gets at most {}", st.state.name, money(b))),
            (None, None) => {}
        }
    }
    for f in &sc.floors {
        limits.push(format!(
            "groups working with {} voters get at least {} of the budget",
            f.tag.name.replace('_', " "),
            share(f.share)
        ));
    }
    for lock in &sc.locks {
        limits.push(format!("{} gets exactly {}", lock.group.name, money(lock.amount)));
    }
    if !sc.exclude.is_empty() {
        limits.push(format!("{} group(s) are excluded", sc.exclude.len()));
    }
    if let Some(m) = l.min_grant {
        limits.push(format!("every grant is at least {}", money(m)));
    }
    if let Some(k) = l.max_groups {
        limits.push(format!("at most {k} groups are funded"));
    }
    if let Some(v) = sc.timing.max_period_share {
        limits.push(format!("a group absorbs at most {} of its room in one period", share(v)));
    }
    if sc.spend_all {
        limits.push("the whole budget must be spent".to_owned());
    }
    if !limits.is_empty() {
        add("Limits you set", format!("{}.", capitalize(&limits.join("; "))));
    }
    add(
        "Rounding",
        format!(
            "Grants are rounded down to multiples of {}; what rounding leaves is shown as \
             unallocated.",
            money(sc.rounding)
        ),
    );
    if !sc.periods.is_empty() {
        add(
            "Timing",
            format!(
                "The budget is released in {} periods; money not granted in one period carries \
                 over, and a dollar granted earlier is worth more (multipliers from {:.2} to {:.2}).",
                sc.periods.len(),
                sc.periods.iter().map(|p| p.multiplier).fold(f64::INFINITY, f64::min),
                sc.periods.iter().map(|p| p.multiplier).fold(0.0, f64::max),
            ),
        );
    }
    out
}

/// A share as a percentage without needless decimals: `6%`, `12.5%`.
pub fn share(p: f64) -> String {
    let v = p * 100.0;
    if (v - v.round()).abs() < 0.005 {
        format!("{v:.0}%")
    } else {
        format!("{v:.1}%")
    }
}

/// An office as a reader says it.
fn office_name(o: Office) -> &'static str {
    match o {
        Office::President => "a state's presidential electors",
        Office::Senate => "US Senate",
        Office::House => "US House",
        Office::Governor => "governor",
        Office::StateSenate => "state senate",
        Office::StateHouse => "state house",
        Office::AttorneyGeneral => "attorney general",
        Office::SecretaryOfState => "secretary of state",
        Office::Judicial => "judicial seat",
        Office::BallotMeasure => "ballot measure",
        Office::Local => "local office",
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_tidied_lexically() {
        assert_eq!(
            tidy_path(Path::new("scenarios/../data/states.csv")),
            Path::new("data/states.csv")
        );
        assert_eq!(tidy_path(Path::new("./a/b/../c.csv")), Path::new("a/c.csv"));
        assert_eq!(tidy_path(Path::new("../x.csv")), Path::new("../x.csv"));
    }

    #[test]
    fn shares_drop_needless_decimals() {
        assert_eq!(share(0.06), "6%");
        assert_eq!(share(0.125), "12.5%");
        assert_eq!(share(0.55), "55%");
    }

    #[test]
    fn capitalizes_first_letter() {
        assert_eq!(capitalize("no group"), "No group");
        assert_eq!(capitalize(""), "");
    }
}
