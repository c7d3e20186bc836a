//! What `compare A.toml B.toml ...` prints: the scenarios' plans side by
//! side. The view (stable JSON fields and CSV columns) and its table and
//! CSV renderers.

use std::collections::BTreeMap;

use serde::Serialize;

use super::compare::CompareTable;
use super::csv::rows;
use super::table::{align_numbers, shown, sig, table, Layout};
use super::{dollars, dollars_each, money, opt_dollars, opt_dollars_each, pct};
use crate::tools::compare::Planned;

fn share(a: f64, total: f64) -> f64 {
    if total > 0.0 {
        a / total
    } else {
        0.0
    }
}

/// One scenario's headline numbers.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScenarioSummary {
    /// 1-based position on the command line.
    pub index: usize,
    /// The scenario file.
    pub file: String,
    /// Scenario name.
    pub scenario: String,
    #[serde(serialize_with = "dollars")]
    /// Budget, dollars.
    pub budget: f64,
    #[serde(serialize_with = "dollars")]
    /// Sum of grants, dollars.
    pub allocated: f64,
    /// Win-equivalents.
    pub impact: f64,
    /// impact per $1M allocated.
    pub impact_per_million: f64,
    /// Groups funded.
    pub groups_funded: usize,
}

/// One state (or constituency) across scenarios.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SideBySide {
    /// State code or tag.
    pub key: String,
    #[serde(serialize_with = "dollars_each")]
    /// Dollars under each scenario, in command-line order.
    pub amounts: Vec<f64>,
    /// Share of each scenario's budget.
    pub shares: Vec<f64>,
}

/// One group across scenarios.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GroupAcross {
    /// Group id.
    pub group: String,
    /// State code.
    pub state: String,
    #[serde(serialize_with = "opt_dollars_each")]
    /// Dollars under each scenario (empty where its data has no such group).
    pub amounts: Vec<Option<f64>>,
    #[serde(serialize_with = "dollars")]
    /// Largest grant minus smallest (a missing group counts as 0).
    pub spread: f64,
}

/// Everything `compare A.toml B.toml ...` reports.
#[derive(Debug, Clone, Serialize)]
pub struct ScenarioReport {
    /// One per scenario, in command-line order.
    pub scenarios: Vec<ScenarioSummary>,
    /// Dollars by state.
    pub states: Vec<SideBySide>,
    /// Dollars by constituency.
    pub constituencies: Vec<SideBySide>,
    /// Groups funded under some scenario, the most different first.
    pub groups: Vec<GroupAcross>,
}

/// Build the side-by-side view.
pub fn scenario_report(runs: &[Planned]) -> ScenarioReport {
    let k = runs.len();
    let scenarios = runs
        .iter()
        .enumerate()
        .map(|(i, r)| ScenarioSummary {
            index: i + 1,
            file: r.path.display().to_string(),
            scenario: r.scenario.name.clone(),
            budget: r.plan.budget,
            allocated: r.plan.allocated,
            impact: r.plan.impact,
            impact_per_million: share(r.plan.impact, r.plan.allocated) * 1e6,
            groups_funded: r.plan.grants.iter().filter(|g| g.amount > 0.0).count(),
        })
        .collect();
    let side = |key_of: &dyn Fn(&Planned, usize) -> Vec<String>| -> Vec<SideBySide> {
        let mut map: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        for (i, r) in runs.iter().enumerate() {
            for gr in &r.plan.grants {
                for key in key_of(r, gr.group) {
                    map.entry(key).or_insert_with(|| vec![0.0; k])[i] += gr.amount;
                }
            }
        }
        let mut out: Vec<SideBySide> = map
            .into_iter()
            .filter(|(_, a)| a.iter().any(|&x| x > 0.0))
            .map(|(key, amounts)| SideBySide {
                shares: amounts.iter().zip(runs).map(|(a, r)| share(*a, r.plan.budget)).collect(),
                key,
                amounts,
            })
            .collect();
        out.sort_by(|a, b| {
            let max = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
            max(&b.amounts).total_cmp(&max(&a.amounts)).then(a.key.cmp(&b.key))
        });
        out
    };
    let states = side(&|r, g| vec![r.data.groups[g].state.clone()]);
    let constituencies = side(&|r, g| r.data.groups[g].constituencies.clone());
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    for r in runs {
        for gr in r.plan.grants.iter().filter(|g| g.amount > 0.0) {
            let g = &r.data.groups[gr.group];
            ids.entry(g.id.clone()).or_insert_with(|| g.state.clone());
        }
    }
    let mut groups: Vec<GroupAcross> = ids
        .into_iter()
        .map(|(id, state)| {
            let amounts: Vec<Option<f64>> =
                runs.iter().map(|r| r.data.group(&id).map(|g| r.plan.grants[g].amount)).collect();
            let vals: Vec<f64> = amounts.iter().map(|a| a.unwrap_or(0.0)).collect();
            let spread = vals.iter().copied().fold(f64::MIN, f64::max)
                - vals.iter().copied().fold(f64::MAX, f64::min);
            GroupAcross { group: id, state, amounts, spread }
        })
        .collect();
    groups.sort_by(|a, b| b.spread.total_cmp(&a.spread).then(a.group.cmp(&b.group)));
    ScenarioReport { scenarios, states, constituencies, groups }
}

#[derive(Serialize, Default)]
struct StateRow {
    state: String,
    scenario: usize,
    #[serde(serialize_with = "dollars")]
    amount: f64,
    share: f64,
}

#[derive(Serialize, Default)]
struct TagRow {
    constituency: String,
    scenario: usize,
    #[serde(serialize_with = "dollars")]
    amount: f64,
    share: f64,
}

/// One row per (item, scenario): (key, 1-based scenario, amount, share).
fn long(items: &[SideBySide]) -> impl Iterator<Item = (String, usize, f64, f64)> + '_ {
    items.iter().flat_map(|s| {
        s.amounts
            .iter()
            .zip(&s.shares)
            .enumerate()
            .map(|(i, (a, sh))| (s.key.clone(), i + 1, *a, *sh))
    })
}

#[derive(Serialize, Default)]
struct GroupRow {
    group: String,
    state: String,
    scenario: usize,
    #[serde(serialize_with = "opt_dollars")]
    amount: Option<f64>,
    #[serde(serialize_with = "dollars")]
    spread: f64,
}

/// The chosen CSV table of a scenario comparison (default: summary), one
/// row per item and scenario (`scenario` is the 1-based index of the summary).
pub fn scenario_csv(r: &ScenarioReport, table: Option<CompareTable>) -> Result<String, String> {
    match table.unwrap_or(CompareTable::Summary) {
        CompareTable::Summary => Ok(rows(&r.scenarios)),
        CompareTable::States => Ok(rows(
            &long(&r.states)
                .map(|(state, scenario, amount, share)| StateRow { state, scenario, amount, share })
                .collect::<Vec<_>>(),
        )),
        CompareTable::Constituencies => Ok(rows(
            &long(&r.constituencies)
                .map(|(constituency, scenario, amount, share)| TagRow {
                    constituency,
                    scenario,
                    amount,
                    share,
                })
                .collect::<Vec<_>>(),
        )),
        CompareTable::Groups => Ok(rows(
            &r.groups
                .iter()
                .flat_map(|g| {
                    g.amounts.iter().enumerate().map(|(i, a)| GroupRow {
                        group: g.group.clone(),
                        state: g.state.clone(),
                        scenario: i + 1,
                        amount: *a,
                        spread: g.spread,
                    })
                })
                .collect::<Vec<_>>(),
        )),
        CompareTable::Breaches | CompareTable::Changes => {
            Err("--table breaches and --table changes need --portfolio".to_owned())
        }
    }
}

/// A scenario comparison as text.
pub fn scenario_text(r: &ScenarioReport, layout: Layout) -> String {
    let mut out = String::from("Scenarios side by side\n");
    let mut t = table(
        &["#", "scenario", "file", "budget", "allocated", "impact", "per $1M", "groups"],
        layout,
    );
    for s in &r.scenarios {
        t.add_row(vec![
            s.index.to_string(),
            s.scenario.clone(),
            s.file.clone(),
            money(s.budget),
            money(s.allocated),
            sig(s.impact, 4),
            sig(s.impact_per_million, 4),
            s.groups_funded.to_string(),
        ]);
    }
    align_numbers(&mut t, 3);
    out.push_str(&t.to_string());
    let heads: Vec<String> = r.scenarios.iter().map(|s| format!("#{}", s.index)).collect();
    let wide = |title: &str, first: &str, items: &[SideBySide]| {
        let mut header = vec![first.to_owned()];
        for h in &heads {
            header.push(h.clone());
            header.push(format!("{h} share"));
        }
        let refs: Vec<&str> = header.iter().map(String::as_str).collect();
        let mut t = table(&refs, layout);
        for s in items.iter().take(shown(items.len(), layout.top)) {
            let mut row = vec![s.key.clone()];
            for (a, sh) in s.amounts.iter().zip(&s.shares) {
                row.push(money(*a));
                row.push(pct(*sh));
            }
            t.add_row(row);
        }
        align_numbers(&mut t, 1);
        format!("\n\n{title}\n{t}")
    };
    out.push_str(&wide("By state", "state", &r.states));
    out.push_str(&wide(
        "By constituency (a group with several tags counts toward each)",
        "constituency",
        &r.constituencies,
    ));
    let n = shown(r.groups.len(), layout.top);
    out.push_str(&format!("\n\nGroups whose grants differ most ({n} of {})\n", r.groups.len()));
    let mut header = vec!["group".to_owned(), "state".to_owned()];
    header.extend(heads.iter().cloned());
    header.push("spread".to_owned());
    let refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = table(&refs, layout);
    for g in r.groups.iter().take(n) {
        let mut row = vec![g.group.clone(), g.state.clone()];
        row.extend(g.amounts.iter().map(|a| a.map_or("—".to_owned(), money)));
        row.push(money(g.spread));
        t.add_row(row);
    }
    align_numbers(&mut t, 2);
    out.push_str(&t.to_string());
    out.push('\n');
    out
}
