//! What `compare --portfolio` prints: portfolios against the optimal plan
//! at the same budget. The view (stable JSON fields and CSV columns) and
//! its table and CSV renderers; scenarios side by side are in
//! [`super::scenarios`].

use serde::Serialize;

use super::csv::rows;
use super::table::{align_numbers, shown, sig, table, Layout};
use super::{dollars, money, pct};
use crate::input::data::Dataset;
use crate::input::scenario::Scenario;
use crate::score::Scores;
use crate::tools::compare::Evaluation;

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
    pub share_of_optimal: Option<f64>,
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
    #[serde(serialize_with = "dollars")]
    /// The limit, dollars (a count for max_groups).
    pub bound: f64,
    #[serde(serialize_with = "dollars")]
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
                share_of_optimal: e.share_of_optimal(),
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
        match (s.optimal_impact, s.optimal_lp_impact, s.share_of_optimal) {
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
            if s.groups_in_both == 1 {
                "1 group".to_owned()
            } else {
                format!("{} groups", s.groups_in_both)
            }
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
