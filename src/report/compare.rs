//! What `compare` prints: portfolios against the optimal plan, or
//! scenarios side by side. Views (stable JSON fields and CSV columns) and
//! their table and CSV renderers.

use std::collections::BTreeMap;

use serde::Serialize;

use super::csv::rows;
use super::table::{align_numbers, shown, sig, table, Layout};
use super::{dollars, money, opt_dollars, pct};
use crate::compare::{Evaluation, Planned};
use crate::data::Dataset;
use crate::scenario::Scenario;
use crate::score::Scores;

/// The tables `compare --format csv` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompareTable {
    /// One row per portfolio or scenario (default).
    Summary,
    /// Limits each portfolio breaks.
    Breaches,
    /// The best changes to each portfolio.
    Changes,
    /// Dollars by state.
    States,
    /// Dollars by constituency.
    Constituencies,
    /// Dollars by group.
    Groups,
}

/// One portfolio's headline numbers.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PortfolioSummary {
    /// The portfolio file.
    pub portfolio: String,
    #[serde(serialize_with = "dollars")]
    /// Its total, dollars: the budget the optimal plan is solved at.
    pub total: f64,
    /// Win-equivalents of the portfolio.
    pub impact: f64,
    /// impact per $1M.
    pub impact_per_million: f64,
    /// Impact of the optimal plan at the same budget (rounded grants, as `plan --budget` gives).
    pub optimal_impact: Option<f64>,
    /// The optimal program's value before rounding: no portfolio within the limits can beat it.
    pub optimal_lp_impact: Option<f64>,
    /// impact ÷ optimal_lp_impact.
    pub percent_of_optimal: Option<f64>,
    /// Groups the portfolio funds.
    pub groups_funded: usize,
    /// Groups the optimal plan funds.
    pub optimal_groups_funded: Option<usize>,
    #[serde(serialize_with = "dollars")]
    /// Σ_g min(portfolio_g, optimal_g), dollars.
    pub overlap: f64,
    /// overlap ÷ total.
    pub overlap_share: f64,
    /// Groups funded by both.
    pub groups_in_both: usize,
    /// Limits broken.
    pub breaches: usize,
    /// Why there is no optimal plan at this budget (empty when there is one).
    pub note: String,
}

/// One limit a portfolio breaks.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BreachRow {
    /// The portfolio file.
    pub portfolio: String,
    /// Which limit (see README).
    pub limit: String,
    /// Group, state or tag it applies to (empty for the whole portfolio).
    pub subject: String,
    /// The limit, dollars (a count for max_groups).
    pub bound: f64,
    /// What the portfolio gives, dollars (a count for max_groups).
    pub actual: f64,
    /// In words.
    pub message: String,
}

/// One suggested change.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChangeRow {
    /// The portfolio file.
    pub portfolio: String,
    /// 1 = make it first.
    pub rank: usize,
    /// Group the money leaves.
    pub from: String,
    /// Group it goes to.
    pub to: String,
    #[serde(serialize_with = "dollars")]
    /// Dollars moved.
    pub amount: f64,
    /// Impact gained, win-equivalents.
    pub gain: f64,
    /// The portfolio's impact after this change and those before it.
    pub impact_after: f64,
}

/// Dollars in one state.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StateExposure {
    /// The portfolio file.
    pub portfolio: String,
    /// State code.
    pub state: String,
    #[serde(serialize_with = "dollars")]
    /// Portfolio dollars.
    pub amount: f64,
    /// amount ÷ the portfolio's total.
    pub share: f64,
    #[serde(serialize_with = "dollars")]
    /// The optimal plan's dollars.
    pub optimal_amount: f64,
    /// optimal_amount ÷ the same total.
    pub optimal_share: f64,
    /// Portfolio win-equivalents from the state's groups.
    pub impact: f64,
}

/// Dollars to one constituency (a group with several tags counts toward each).
#[derive(Debug, Clone, Default, Serialize)]
pub struct TagExposure {
    /// The portfolio file.
    pub portfolio: String,
    /// The tag.
    pub constituency: String,
    #[serde(serialize_with = "dollars")]
    /// Portfolio dollars.
    pub amount: f64,
    /// amount ÷ the portfolio's total.
    pub share: f64,
    #[serde(serialize_with = "dollars")]
    /// The optimal plan's dollars.
    pub optimal_amount: f64,
    /// optimal_amount ÷ the same total.
    pub optimal_share: f64,
}

/// One group in a portfolio or its optimal counterpart.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HoldingRow {
    /// The portfolio file.
    pub portfolio: String,
    /// Group id.
    pub group: String,
    /// State code.
    pub state: String,
    #[serde(serialize_with = "dollars")]
    /// Portfolio dollars.
    pub amount: f64,
    #[serde(serialize_with = "dollars")]
    /// The optimal plan's dollars.
    pub optimal_amount: f64,
    /// u_g: win-equivalents per dollar before diminishing returns.
    pub value_per_dollar: f64,
    /// Portfolio win-equivalents from this group.
    pub impact: f64,
}

/// One portfolio, in full.
#[derive(Debug, Clone, Serialize)]
pub struct PortfolioView {
    /// Headline numbers.
    #[serde(flatten)]
    pub summary: PortfolioSummary,
    /// Limits broken.
    pub breaches: Vec<BreachRow>,
    /// The best changes, in order.
    pub changes: Vec<ChangeRow>,
    /// By state, largest first.
    pub states: Vec<StateExposure>,
    /// By constituency, largest first.
    pub constituencies: Vec<TagExposure>,
    /// Groups in the portfolio or the optimal plan, largest first.
    pub groups: Vec<HoldingRow>,
}

/// Everything `compare --portfolio` reports.
#[derive(Debug, Clone, Serialize)]
pub struct PortfolioReport {
    /// Scenario name.
    pub scenario: String,
    #[serde(serialize_with = "dollars")]
    /// The scenario's own budget, dollars.
    pub scenario_budget: f64,
    /// One per portfolio, in command-line order.
    pub portfolios: Vec<PortfolioView>,
}

fn share(a: f64, total: f64) -> f64 {
    if total > 0.0 {
        a / total
    } else {
        0.0
    }
}

/// Build the portfolio view.
pub fn portfolio_report(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    evals: &[Evaluation],
) -> PortfolioReport {
    let portfolios = evals
        .iter()
        .map(|e| {
            let name = e.portfolio.path.display().to_string();
            let amounts = &e.portfolio.amounts;
            let optimal: Vec<f64> = match &e.optimal {
                Ok(p) => p.grants.iter().map(|g| g.amount).collect(),
                Err(_) => vec![0.0; data.groups.len()],
            };
            let total = e.total;
            let funded = |v: &[f64]| v.iter().filter(|&&a| a > 0.0).count();
            let summary = PortfolioSummary {
                portfolio: name.clone(),
                total,
                impact: e.scored.total_impact,
                impact_per_million: share(e.scored.total_impact, total) * 1e6,
                optimal_impact: e.optimal.as_ref().ok().map(|p| p.impact),
                optimal_lp_impact: e.optimal.as_ref().ok().map(|p| p.lp_impact),
                percent_of_optimal: e.percent_of_optimal(),
                groups_funded: funded(amounts),
                optimal_groups_funded: e.optimal.as_ref().ok().map(|_| funded(&optimal)),
                overlap: e.overlap,
                overlap_share: share(e.overlap, total),
                groups_in_both: amounts
                    .iter()
                    .zip(&optimal)
                    .filter(|(a, o)| **a > 0.0 && **o > 0.0)
                    .count(),
                breaches: e.breaches.len(),
                note: e.optimal.as_ref().err().cloned().unwrap_or_default(),
            };
            let breaches = e
                .breaches
                .iter()
                .map(|b| BreachRow {
                    portfolio: name.clone(),
                    limit: b.limit.to_owned(),
                    subject: b.subject.clone(),
                    bound: b.bound,
                    actual: b.actual,
                    message: b.message.clone(),
                })
                .collect();
            let changes = e
                .changes
                .iter()
                .enumerate()
                .map(|(i, c)| ChangeRow {
                    portfolio: name.clone(),
                    rank: i + 1,
                    from: data.groups[c.from].id.clone(),
                    to: data.groups[c.to].id.clone(),
                    amount: c.amount,
                    gain: c.gain,
                    impact_after: c.impact_after,
                })
                .collect();
            let mut states: Vec<StateExposure> = data
                .states
                .iter()
                .enumerate()
                .map(|(s, st)| {
                    let members =
                        || (0..data.groups.len()).filter(move |&g| data.groups[g].state_idx == s);
                    let amount: f64 = members().map(|g| amounts[g]).sum();
                    let optimal_amount: f64 = members().map(|g| optimal[g]).sum();
                    StateExposure {
                        portfolio: name.clone(),
                        state: st.code.clone(),
                        amount,
                        share: share(amount, total),
                        optimal_amount,
                        optimal_share: share(optimal_amount, total),
                        impact: members().map(|g| e.scored.impact[g]).sum(),
                    }
                })
                .filter(|r| r.amount > 0.0 || r.optimal_amount > 0.0)
                .collect();
            states.sort_by(|a, b| {
                b.amount
                    .total_cmp(&a.amount)
                    .then(b.optimal_amount.total_cmp(&a.optimal_amount))
                    .then(a.state.cmp(&b.state))
            });
            let mut constituencies: Vec<TagExposure> = data
                .tags()
                .into_iter()
                .map(|tag| {
                    let members: Vec<usize> =
                        (0..data.groups.len()).filter(|&g| data.groups[g].has_tag(&tag)).collect();
                    let amount: f64 = members.iter().map(|&g| amounts[g]).sum();
                    let optimal_amount: f64 = members.iter().map(|&g| optimal[g]).sum();
                    TagExposure {
                        portfolio: name.clone(),
                        constituency: tag,
                        amount,
                        share: share(amount, total),
                        optimal_amount,
                        optimal_share: share(optimal_amount, total),
                    }
                })
                .filter(|r| r.amount > 0.0 || r.optimal_amount > 0.0)
                .collect();
            constituencies.sort_by(|a, b| {
                b.amount
                    .total_cmp(&a.amount)
                    .then(b.optimal_amount.total_cmp(&a.optimal_amount))
                    .then(a.constituency.cmp(&b.constituency))
            });
            let mut groups: Vec<HoldingRow> = (0..data.groups.len())
                .filter(|&g| amounts[g] > 0.0 || optimal[g] > 0.0)
                .map(|g| HoldingRow {
                    portfolio: name.clone(),
                    group: data.groups[g].id.clone(),
                    state: data.groups[g].state.clone(),
                    amount: amounts[g],
                    optimal_amount: optimal[g],
                    value_per_dollar: scores.groups[g].value_per_dollar,
                    impact: e.scored.impact[g],
                })
                .collect();
            groups.sort_by(|a, b| {
                b.amount
                    .total_cmp(&a.amount)
                    .then(b.optimal_amount.total_cmp(&a.optimal_amount))
                    .then(a.group.cmp(&b.group))
            });
            PortfolioView { summary, breaches, changes, states, constituencies, groups }
        })
        .collect();
    PortfolioReport { scenario: sc.name.clone(), scenario_budget: sc.budget, portfolios }
}

/// The chosen CSV table of a portfolio comparison (default: summary).
pub fn portfolio_csv(r: &PortfolioReport, table: Option<CompareTable>) -> String {
    let all = |f: &dyn Fn(&PortfolioView) -> String| r.portfolios.iter().map(f).collect::<Vec<_>>();
    let flat = |parts: Vec<String>| -> String {
        // One header, then every portfolio's rows.
        let mut out = String::new();
        for (i, part) in parts.iter().enumerate() {
            let body =
                if i == 0 { part.as_str() } else { part.split_once('\n').map_or("", |(_, b)| b) };
            out.push_str(body);
        }
        out
    };
    match table.unwrap_or(CompareTable::Summary) {
        CompareTable::Summary => {
            rows(&r.portfolios.iter().map(|p| p.summary.clone()).collect::<Vec<_>>())
        }
        CompareTable::Breaches => flat(all(&|p| rows(&p.breaches))),
        CompareTable::Changes => flat(all(&|p| rows(&p.changes))),
        CompareTable::States => flat(all(&|p| rows(&p.states))),
        CompareTable::Constituencies => flat(all(&|p| rows(&p.constituencies))),
        CompareTable::Groups => flat(all(&|p| rows(&p.groups))),
    }
}

/// A portfolio comparison as text.
pub fn portfolio_text(r: &PortfolioReport, layout: Layout) -> String {
    let mut out = format!(
        "Portfolios under: {} (scenario budget {})\n",
        r.scenario,
        money(r.scenario_budget)
    );
    for p in &r.portfolios {
        let s = &p.summary;
        out.push_str(&format!("\nPortfolio {}\n", s.portfolio));
        out.push_str(&format!(
            "  total        {} to {} groups\n  impact       {} win-equivalents ({} per $1M)\n",
            money(s.total),
            s.groups_funded,
            sig(s.impact, 4),
            sig(s.impact_per_million, 4)
        ));
        match (s.optimal_impact, s.optimal_lp_impact, s.percent_of_optimal) {
            (Some(o), Some(lp), Some(pc)) => out.push_str(&format!(
                "  optimal      {} with the same {} ({} before rounding): this portfolio reaches {} of it\n",
                sig(o, 4),
                money(s.total),
                sig(lp, 4),
                pct(pc)
            )),
            _ => out.push_str(&format!("  optimal      none at {}: {}\n", money(s.total), s.note)),
        }
        out.push_str(&format!(
            "  overlap      {} ({}) given to the same groups as the optimal plan; {} in both\n",
            money(s.overlap),
            pct(s.overlap_share),
            if s.groups_in_both == 1 { "1 group".to_owned() } else { format!("{} groups", s.groups_in_both) }
        ));
        if p.breaches.is_empty() {
            out.push_str("  limits       breaks none of the scenario's limits\n");
        } else {
            out.push_str(&format!("  limits       breaks {}:\n", s.breaches));
            let n = shown(p.breaches.len(), layout.top);
            for b in &p.breaches[..n] {
                out.push_str(&format!("    - {}: {}\n", b.limit, b.message));
            }
            if n < p.breaches.len() {
                out.push_str(&format!(
                    "    ... and {} more (--top 0, or --format csv --table breaches, lists them all)\n",
                    p.breaches.len() - n
                ));
            }
        }
        if p.changes.is_empty() {
            out.push_str("  changes      no move of money between groups would add impact within the limits\n");
        } else {
            out.push_str("  best changes (each after the ones before):\n");
            for c in &p.changes {
                out.push_str(&format!(
                    "    {}. move {} from {} to {}: +{} (impact {})\n",
                    c.rank,
                    money(c.amount),
                    c.from,
                    c.to,
                    sig(c.gain, 3),
                    sig(c.impact_after, 4)
                ));
            }
        }
        out.push_str("\nBy state\n");
        let mut t =
            table(&["state", "amount", "share", "optimal", "optimal share", "impact"], layout);
        for row in p.states.iter().take(shown(p.states.len(), layout.top)) {
            t.add_row(vec![
                row.state.clone(),
                money(row.amount),
                pct(row.share),
                money(row.optimal_amount),
                pct(row.optimal_share),
                sig(row.impact, 4),
            ]);
        }
        align_numbers(&mut t, 1);
        out.push_str(&t.to_string());
        out.push_str("\n\nBy constituency (a group with several tags counts toward each)\n");
        let mut t = table(&["constituency", "amount", "share", "optimal", "optimal share"], layout);
        for row in p.constituencies.iter().take(shown(p.constituencies.len(), layout.top)) {
            t.add_row(vec![
                row.constituency.clone(),
                money(row.amount),
                pct(row.share),
                money(row.optimal_amount),
                pct(row.optimal_share),
            ]);
        }
        align_numbers(&mut t, 1);
        out.push_str(&t.to_string());
        out.push('\n');
    }
    out
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
struct SideRow {
    key: String,
    scenario: usize,
    #[serde(serialize_with = "dollars")]
    amount: f64,
    share: f64,
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
    let long = |items: &[SideBySide], key: &str| {
        let rows_: Vec<SideRow> = items
            .iter()
            .flat_map(|s| {
                s.amounts.iter().zip(&s.shares).enumerate().map(|(i, (a, sh))| SideRow {
                    key: s.key.clone(),
                    scenario: i + 1,
                    amount: *a,
                    share: *sh,
                })
            })
            .collect();
        rows(&rows_).replacen("key", key, 1)
    };
    match table.unwrap_or(CompareTable::Summary) {
        CompareTable::Summary => Ok(rows(&r.scenarios)),
        CompareTable::States => Ok(long(&r.states, "state")),
        CompareTable::Constituencies => Ok(long(&r.constituencies, "constituency")),
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
