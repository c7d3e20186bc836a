//! What `frontier` prints: the view (stable JSON fields and CSV columns)
//! and its table and CSV renderers.

use serde::Serialize;

use super::csv::rows;
use super::table::{align_numbers, sig, table, Layout};
use super::{dollars, money, opt_dollars, pct};
use crate::input::scenario::Scenario;
use crate::tools::frontier::Frontier;

/// One budget on the frontier.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PointRow {
    #[serde(serialize_with = "dollars")]
    /// Budget, dollars.
    pub budget: f64,
    #[serde(serialize_with = "opt_dollars")]
    /// Sum of the plan's rounded grants, dollars (empty: no plan).
    pub allocated: Option<f64>,
    /// Win-equivalents of the plan's rounded grants (empty: no plan).
    pub impact: Option<f64>,
    /// The LP optimum before rounding (empty: no plan).
    pub lp_impact: Option<f64>,
    /// impact per $1M of budget.
    pub impact_per_million: Option<f64>,
    /// Impact gained per $1M from the previous budget to this one (LP optima).
    pub marginal_per_million: Option<f64>,
    /// marginal_per_million ÷ the first step's.
    pub marginal_ratio: Option<f64>,
    /// Groups funded.
    pub groups_funded: Option<usize>,
    /// Why there is no plan at this budget (empty when there is one).
    pub note: String,
}

/// The target search.
#[derive(Debug, Clone, Serialize)]
pub struct TargetView {
    /// The impact asked for.
    pub impact: f64,
    #[serde(serialize_with = "opt_dollars")]
    /// The smallest budget found whose plan reaches it (empty: not within --to).
    pub budget: Option<f64>,
    /// That plan's impact.
    pub plan_impact: Option<f64>,
    #[serde(serialize_with = "dollars")]
    /// The budget is exact to this many dollars (the scenario's rounding).
    pub resolution: f64,
    /// Plans solved by the bisection.
    pub solves: usize,
}

/// Everything `frontier` reports.
#[derive(Debug, Clone, Serialize)]
pub struct FrontierReport {
    /// Scenario name.
    pub scenario: String,
    #[serde(serialize_with = "dollars")]
    /// Smallest budget, dollars.
    pub from: f64,
    #[serde(serialize_with = "dollars")]
    /// Largest budget, dollars.
    pub to: f64,
    /// Budgets traced.
    pub steps: usize,
    /// Marginal impact per $1M of the first step.
    pub first_marginal_per_million: Option<f64>,
    /// Returns fall once the marginal impact is below (1 − falloff) × the first step's.
    pub falloff: f64,
    #[serde(serialize_with = "opt_dollars")]
    /// The first budget where they do (empty: not within the range).
    pub returns_fall_at: Option<f64>,
    /// The target search (empty unless --target).
    pub target: Option<TargetView>,
    /// One per budget, ascending.
    pub points: Vec<PointRow>,
}

/// Build the `frontier` view.
pub fn report(sc: &Scenario, f: &Frontier) -> FrontierReport {
    let points = f
        .points
        .iter()
        .map(|p| {
            let ok = p.outcome.as_ref().ok();
            PointRow {
                budget: p.budget,
                allocated: ok.map(|o| o.allocated),
                impact: ok.map(|o| o.impact),
                lp_impact: ok.map(|o| o.lp_impact),
                impact_per_million: ok.map(|o| o.impact / p.budget * 1e6),
                marginal_per_million: p.marginal_per_million,
                marginal_ratio: match (p.marginal_per_million, f.first_marginal) {
                    (Some(m), Some(m1)) if m1 > 0.0 => Some(m / m1),
                    _ => None,
                },
                groups_funded: ok.map(|o| o.groups_funded),
                note: p.outcome.as_ref().err().cloned().unwrap_or_default(),
            }
        })
        .collect();
    FrontierReport {
        scenario: sc.name.clone(),
        from: f.from,
        to: f.to,
        steps: f.points.len(),
        first_marginal_per_million: f.first_marginal,
        falloff: f.falloff,
        returns_fall_at: f.returns_fall_at,
        target: f.target.as_ref().map(|t| TargetView {
            impact: t.impact,
            budget: t.budget,
            plan_impact: t.plan_impact,
            resolution: sc.rounding,
            solves: t.solves,
        }),
        points,
    }
}

/// The points as CSV.
pub fn csv(r: &FrontierReport) -> String {
    rows(&r.points)
}

/// The rows `--top` shows: all when they fit, else `top` rows evenly
/// spaced from the first budget to the last, and the budget where returns
/// fall.
fn spread(r: &FrontierReport, top: usize) -> Vec<usize> {
    let n = r.points.len();
    if top == 0 || n <= top {
        return (0..n).collect();
    }
    let mut rows: Vec<usize> = if top == 1 {
        vec![0]
    } else {
        (0..top).map(|i| (i * (n - 1) + (top - 1) / 2) / (top - 1)).collect()
    };
    if let Some(b) = r.returns_fall_at {
        if let Some(i) = r.points.iter().position(|p| p.budget == b) {
            rows.push(i);
        }
    }
    rows.sort_unstable();
    rows.dedup();
    rows
}

/// The report as text.
pub fn text(r: &FrontierReport, layout: Layout) -> String {
    let mut out = format!(
        "Budget frontier: {}\n  budgets         {} to {} in {} steps\n",
        r.scenario,
        money(r.from),
        money(r.to),
        r.steps
    );
    match (r.first_marginal_per_million, r.returns_fall_at) {
        (Some(m1), Some(b)) => out.push_str(&format!(
            "  returns fall at {}: the marginal impact per $1M drops below {} of the first step's ({})\n",
            money(b),
            pct(1.0 - r.falloff),
            sig(m1, 4)
        )),
        (Some(m1), None) => out.push_str(&format!(
            "  returns         the marginal impact per $1M stays above {} of the first step's ({}) up to {}\n",
            pct(1.0 - r.falloff),
            sig(m1, 4),
            money(r.to)
        )),
        _ => {}
    }
    if let Some(t) = &r.target {
        match (t.budget, t.plan_impact) {
            (Some(b), Some(i)) => out.push_str(&format!(
                "  target {}     reached with {} (plan impact {}; exact to {})\n",
                sig(t.impact, 4),
                money(b),
                sig(i, 4),
                money(t.resolution)
            )),
            _ => out.push_str(&format!(
                "  target {}     not reached by {}\n",
                sig(t.impact, 4),
                money(r.to)
            )),
        }
    }
    out.push('\n');
    let rows = spread(r, layout.top);
    if rows.len() < r.points.len() {
        out.push_str(&format!(
            "{} of {} budgets: evenly spaced, and where returns fall (--top 0 shows them all)\n",
            rows.len(),
            r.points.len()
        ));
    }
    let mut t = table(
        &["budget", "impact", "per $1M", "marginal per $1M", "vs first step", "groups", "note"],
        layout,
    );
    let opt = |x: Option<f64>, f: &dyn Fn(f64) -> String| x.map_or(String::new(), f);
    for p in rows.into_iter().map(|i| &r.points[i]) {
        t.add_row(vec![
            money(p.budget),
            opt(p.impact, &|x| sig(x, 4)),
            opt(p.impact_per_million, &|x| sig(x, 4)),
            opt(p.marginal_per_million, &|x| sig(x, 4)),
            opt(p.marginal_ratio, &pct),
            p.groups_funded.map_or(String::new(), |n| n.to_string()),
            p.note.clone(),
        ]);
    }
    align_numbers(&mut t, 0);
    out.push_str(&t.to_string());
    out.push('\n');
    out
}
