//! What `robust` prints: the view (stable JSON fields and CSV columns) and
//! its table and CSV renderers.

use serde::Serialize;

use super::csv::rows;
use super::table::{align_numbers, shown, sig, table, Layout};
use super::{dollars, money, pct};
use crate::input::data::Dataset;
use crate::input::scenario::Scenario;
use crate::tools::robust::{Robust, Spread};

/// The tables `robust --format csv` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RobustTable {
    /// How often each group is funded across draws (default).
    Groups,
    /// One row per draw.
    Draws,
    /// The headline percentiles, one row per quantity.
    Summary,
}

/// One group across the draws.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GroupRow {
    /// Group id.
    pub group: String,
    /// Name.
    pub name: String,
    /// State code.
    pub state: String,
    #[serde(serialize_with = "dollars")]
    /// Its grant in the scenario's plan, dollars.
    pub plan_amount: f64,
    /// Share of draws whose re-solved plan funds it.
    pub funded_share: f64,
    #[serde(serialize_with = "dollars")]
    /// Median grant over all draws (0 where unfunded), dollars.
    pub median_grant: f64,
    #[serde(serialize_with = "dollars")]
    /// Median grant over the draws that fund it, dollars.
    pub median_when_funded: f64,
    #[serde(serialize_with = "dollars")]
    /// 10th percentile of its grant over all draws, dollars.
    pub p10_grant: f64,
    #[serde(serialize_with = "dollars")]
    /// 90th percentile of its grant over all draws, dollars.
    pub p90_grant: f64,
    #[serde(serialize_with = "dollars")]
    /// Its grant in the best alternative plan, dollars.
    pub alternative_amount: f64,
}

/// One draw.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DrawRow {
    /// Draw index (0-based).
    pub draw: usize,
    /// National swing drawn, points (D − R).
    pub national_swing: f64,
    /// Impact of the plan re-solved for this draw.
    pub optimal_impact: f64,
    /// Impact of the scenario's plan under this draw.
    pub plan_impact: f64,
    /// plan_impact ÷ optimal_impact.
    pub efficiency: f64,
}

/// One quantity's percentiles (the summary table).
#[derive(Debug, Clone, Default, Serialize)]
pub struct SummaryRow {
    /// `optimal_impact`, `plan_impact`, `efficiency` or `alternative_impact`.
    pub quantity: String,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// Mean.
    pub mean: f64,
}

/// The plan found for one draw that beats the scenario's plan most often.
#[derive(Debug, Clone, Serialize)]
pub struct AlternativeView {
    /// The draw it was found for.
    pub draw: usize,
    /// Share of draws in which it beats the scenario's plan.
    pub beats_share: f64,
    /// Its impact across the draws.
    pub impact: Spread,
}

/// Everything `robust` reports.
#[derive(Debug, Clone, Serialize)]
pub struct RobustReport {
    /// Scenario name.
    pub scenario: String,
    #[serde(serialize_with = "dollars")]
    /// Budget, dollars.
    pub budget: f64,
    /// Draws.
    pub draws: usize,
    /// Seed.
    pub seed: u64,
    /// National swing sd, points.
    pub national_sd: f64,
    /// Lognormal sd of cost per net vote.
    pub cost_sd: f64,
    /// The scenario's plan's impact at the scenario's own forecast.
    pub nominal_impact: f64,
    /// Impact of the plan re-solved for each draw.
    pub optimal: Spread,
    /// Impact of the scenario's plan under each draw.
    pub plan: Spread,
    /// The scenario's plan's impact ÷ the re-solved plan's, per draw.
    pub efficiency: Spread,
    /// True when one alternative plan beats the scenario's plan in more than `flag_share` of draws.
    pub flagged: bool,
    /// The share used for the flag.
    pub flag_share: f64,
    /// The verdict in words.
    pub verdict: String,
    /// The draw plan that beats the scenario's plan most often.
    pub best_alternative: Option<AlternativeView>,
    /// Groups funded in the plan or in some draw: most often funded first.
    pub groups: Vec<GroupRow>,
    /// Every draw, in order.
    pub draw_results: Vec<DrawRow>,
}

/// Build the `robust` view.
pub fn report(data: &Dataset, sc: &Scenario, r: &Robust) -> RobustReport {
    let alt = r.best_alternative.as_ref();
    let mut groups: Vec<GroupRow> = r
        .groups
        .iter()
        .filter(|g| g.funded_share > 0.0 || g.plan_amount > 0.0)
        .map(|g| {
            let group = &data.groups[g.group];
            GroupRow {
                group: group.id.clone(),
                name: group.name.clone(),
                state: group.state.clone(),
                plan_amount: g.plan_amount,
                funded_share: g.funded_share,
                median_grant: g.grant.p50,
                median_when_funded: g.median_when_funded,
                p10_grant: g.grant.p10,
                p90_grant: g.grant.p90,
                alternative_amount: alt.map_or(0.0, |a| a.grants[g.group]),
            }
        })
        .collect();
    groups.sort_by(|a, b| {
        b.funded_share
            .total_cmp(&a.funded_share)
            .then(b.plan_amount.total_cmp(&a.plan_amount))
            .then(a.group.cmp(&b.group))
    });
    let verdict = match alt {
        Some(a) if r.flagged => format!(
            "flagged: the plan re-solved for draw {} beats the scenario's plan in {} of the draws; the scenario's plan is tuned to its own forecast",
            a.draw,
            pct(a.beats_share)
        ),
        Some(a) => format!(
            "holds up: no re-solved plan beats it in more than {} of the draws (the best, from draw {}, beats it in {})",
            pct(r.settings.flag_share),
            a.draw,
            pct(a.beats_share)
        ),
        None => "no draws".to_owned(),
    };
    RobustReport {
        scenario: sc.name.clone(),
        budget: sc.budget,
        draws: r.draws.len(),
        seed: r.settings.seed,
        national_sd: sc.scoring.national_sd,
        cost_sd: sc.scoring.cost_sd,
        nominal_impact: r.plan.impact,
        optimal: r.optimal,
        plan: r.plan_spread,
        efficiency: r.efficiency,
        flagged: r.flagged,
        flag_share: r.settings.flag_share,
        verdict,
        best_alternative: alt.map(|a| AlternativeView {
            draw: a.draw,
            beats_share: a.beats_share,
            impact: a.impact,
        }),
        groups,
        draw_results: r
            .draws
            .iter()
            .map(|d| DrawRow {
                draw: d.index,
                national_swing: d.national_swing,
                optimal_impact: d.optimal_impact,
                plan_impact: d.plan_impact,
                efficiency: if d.optimal_impact > 0.0 {
                    d.plan_impact / d.optimal_impact
                } else {
                    1.0
                },
            })
            .collect(),
    }
}

fn summary_rows(r: &RobustReport) -> Vec<SummaryRow> {
    let row = |q: &str, s: &Spread| SummaryRow {
        quantity: q.to_owned(),
        p10: s.p10,
        p50: s.p50,
        p90: s.p90,
        mean: s.mean,
    };
    let mut out = vec![
        row("optimal_impact", &r.optimal),
        row("plan_impact", &r.plan),
        row("efficiency", &r.efficiency),
    ];
    if let Some(a) = &r.best_alternative {
        out.push(row("alternative_impact", &a.impact));
    }
    out
}

/// The chosen CSV table (default: groups).
pub fn csv(r: &RobustReport, table: Option<RobustTable>) -> String {
    match table.unwrap_or(RobustTable::Groups) {
        RobustTable::Groups => rows(&r.groups),
        RobustTable::Draws => rows(&r.draw_results),
        RobustTable::Summary => rows(&summary_rows(r)),
    }
}

/// The report as text.
pub fn text(r: &RobustReport, layout: Layout) -> String {
    let spread = |s: &Spread, f: &dyn Fn(f64) -> String| {
        format!("P10 {}  P50 {}  P90 {}", f(s.p10), f(s.p50), f(s.p90))
    };
    let num = |x: f64| sig(x, 4);
    let mut out = format!(
        "Robustness: {}\n  budget          {}\n  draws           {} (seed {}): national swing sd {} pts and each race's own sd, cost per net vote × lognormal (sd {})\n",
        r.scenario,
        money(r.budget),
        r.draws,
        r.seed,
        r.national_sd,
        r.cost_sd
    );
    out.push_str(&format!(
        "  scenario's plan {} at its own forecast; across draws {}\n",
        num(r.nominal_impact),
        spread(&r.plan, &num)
    ));
    out.push_str(&format!("  re-solved plans {}\n", spread(&r.optimal, &num)));
    out.push_str(&format!("  plan ÷ re-solved {}\n", spread(&r.efficiency, &pct)));
    if let Some(a) = &r.best_alternative {
        out.push_str(&format!(
            "  best alternative the plan for draw {}: {}; beats the scenario's plan in {} of draws\n",
            a.draw,
            spread(&a.impact, &num),
            pct(a.beats_share)
        ));
    }
    out.push_str(&format!("  verdict         {}\n\n", r.verdict));
    let n = shown(r.groups.len(), layout.top);
    out.push_str(&format!(
        "Groups across draws ({n} of {} funded in the plan or some draw), most often funded first\n",
        r.groups.len()
    ));
    let mut t = table(
        &[
            "group",
            "state",
            "plan",
            "funded in",
            "median grant",
            "median when funded",
            "P10 grant",
            "P90 grant",
        ],
        layout,
    );
    for g in r.groups.iter().take(n) {
        t.add_row(vec![
            g.group.clone(),
            g.state.clone(),
            money(g.plan_amount),
            pct(g.funded_share),
            money(g.median_grant),
            money(g.median_when_funded),
            money(g.p10_grant),
            money(g.p90_grant),
        ]);
    }
    align_numbers(&mut t, 2);
    out.push_str(&t.to_string());
    out.push('\n');
    out
}
