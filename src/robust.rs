//! What if the forecasts are wrong? Draw alternative worlds — a national
//! swing and race errors on every margin (MODEL.md §2), and errors on every
//! group's cost per net vote — re-score and re-plan in each, and see how the
//! optimum and the scenario's own plan fare.
//!
//! A draw re-centers each race at μ + ν + ε_r, with ν ~ N(0, σ_n²) shared by
//! all races and ε_r ~ N(0, σ_r²), and keeps the forecast's uncertainty (σ)
//! as it is: a world where the forecast was off by ν + ε_r, seen with the
//! same humility. Costs are multiplied by exp(cost_sd·Z − cost_sd²/2), a
//! lognormal error with mean 1. Each draw has its own generator, seeded from
//! the seed and the draw's number, so results do not depend on how many
//! threads run them.

use serde::Serialize;

use crate::data::Dataset;
use crate::lp::Solver;
use crate::model::group_impact;
use crate::plan::{plan, Plan};
use crate::rng::Rng;
use crate::scenario::Scenario;
use crate::score::{race_forecast, score, Scores};

/// A plan is flagged as fragile when, in fewer than this share of draws, it
/// reaches [`GOOD_ENOUGH`] of that draw's optimum.
pub const ROBUST_SHARE: f64 = 0.5;
/// What "reaches" means: this share of the draw's optimal impact.
pub const GOOD_ENOUGH: f64 = 0.9;

/// P10, P50 and P90 of a quantity over the draws.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Spread {
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
}

impl Spread {
    fn of(values: &[f64]) -> Spread {
        let mut v: Vec<f64> = values.to_vec();
        v.sort_by(f64::total_cmp);
        let q = |p: f64| -> f64 {
            if v.is_empty() {
                return 0.0;
            }
            // Linear interpolation between order statistics.
            let x = p * (v.len() - 1) as f64;
            let (i, f) = (x.floor() as usize, x - x.floor());
            if i + 1 < v.len() {
                v[i] * (1.0 - f) + v[i + 1] * f
            } else {
                v[i]
            }
        };
        Spread { p10: q(0.1), p50: q(0.5), p90: q(0.9) }
    }
}

/// One group across the draws.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GroupRobust {
    /// Group id.
    pub group: String,
    /// State code.
    pub state: String,
    /// Its grant in the scenario's own plan, dollars.
    #[serde(serialize_with = "crate::report::dollars")]
    pub plan_amount: f64,
    /// Share of draws whose optimal plan funds it.
    pub funded_share: f64,
    /// Median grant over the draws (zeros included), dollars.
    #[serde(serialize_with = "crate::report::dollars")]
    pub median_grant: f64,
    /// 10th and 90th percentile grants, dollars.
    pub grant: Spread,
}

/// The whole robustness check.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RobustReport {
    /// Scenario name.
    pub scenario: String,
    /// Draws.
    pub draws: usize,
    /// Seed.
    pub seed: u64,
    /// National swing sd, points.
    pub national_sd: f64,
    /// Lognormal sd of costs.
    pub cost_sd: f64,
    /// The scenario's own plan at today's forecast, win-equivalents.
    pub plan_impact_today: f64,
    /// Each draw's optimal impact (its own best plan).
    pub optimal_impact: Spread,
    /// The scenario's own plan, valued in each draw.
    pub plan_impact: Spread,
    /// The scenario's plan as a share of each draw's optimum.
    pub plan_share_of_optimal: Spread,
    /// Share of draws where the plan reaches 90% of that draw's optimum.
    pub robust_share: f64,
    /// True when that share is below one half: the plan wins only under
    /// some forecasts.
    pub flagged: bool,
    /// Every group funded by the plan or by some draw's optimum, most often funded first.
    pub groups: Vec<GroupRobust>,
}

/// What one draw produced.
struct Draw {
    optimal: f64,
    plan_value: f64,
    grants: Vec<f64>,
}

/// Run `draws` draws; `progress` is called after each finishes.
pub fn robust(
    data: &Dataset,
    sc: &Scenario,
    draws: usize,
    seed: u64,
    solver: Solver,
    progress: &(dyn Fn() + Sync),
) -> Result<RobustReport, crate::plan::PlanError> {
    let scores = score(data, sc);
    let base: Plan = plan(data, sc, &scores, solver)?;
    let indices: Vec<usize> = (0..draws).collect();
    let results: Vec<Option<Draw>> = crate::par::map(&indices, |&d| {
        let out = one_draw(data, sc, &base, seed, d, solver);
        progress();
        out
    });
    let done: Vec<Draw> = results.into_iter().flatten().collect();
    let optimal: Vec<f64> = done.iter().map(|d| d.optimal).collect();
    let plan_value: Vec<f64> = done.iter().map(|d| d.plan_value).collect();
    let share: Vec<f64> =
        done.iter().map(|d| if d.optimal > 0.0 { d.plan_value / d.optimal } else { 1.0 }).collect();
    let robust_share = if done.is_empty() {
        0.0
    } else {
        share.iter().filter(|&&s| s >= GOOD_ENOUGH).count() as f64 / done.len() as f64
    };
    let mut groups: Vec<GroupRobust> = (0..data.groups.len())
        .filter_map(|g| {
            let grants: Vec<f64> = done.iter().map(|d| d.grants[g]).collect();
            let funded = grants.iter().filter(|&&a| a > 0.0).count();
            let plan_amount = base.grants[g].amount;
            if funded == 0 && plan_amount == 0.0 {
                return None;
            }
            let spread = Spread::of(&grants);
            Some(GroupRobust {
                group: data.groups[g].id.clone(),
                state: data.groups[g].state.clone(),
                plan_amount,
                funded_share: funded as f64 / done.len().max(1) as f64,
                median_grant: spread.p50,
                grant: spread,
            })
        })
        .collect();
    groups.sort_by(|a, b| {
        b.funded_share
            .total_cmp(&a.funded_share)
            .then(b.plan_amount.total_cmp(&a.plan_amount))
            .then(a.group.cmp(&b.group))
    });
    Ok(RobustReport {
        scenario: sc.name.clone(),
        draws: done.len(),
        seed,
        national_sd: sc.scoring.national_sd,
        cost_sd: sc.scoring.cost_sd,
        plan_impact_today: base.impact,
        optimal_impact: Spread::of(&optimal),
        plan_impact: Spread::of(&plan_value),
        plan_share_of_optimal: Spread::of(&share),
        robust_share,
        flagged: robust_share < ROBUST_SHARE,
        groups,
    })
}

/// One alternative world: its optimum, the base plan's value in it, and
/// its optimal grants. `None` when no plan meets the limits in that world.
fn one_draw(
    data: &Dataset,
    sc: &Scenario,
    base: &Plan,
    seed: u64,
    d: usize,
    solver: Solver,
) -> Option<Draw> {
    let mut rng = Rng::stream(seed, d as u64);
    let mut world = data.clone();
    let nu = sc.scoring.national_sd * rng.normal();
    for race in &mut world.races {
        let (mu, sd_race) = race_forecast(race, sc);
        // Store the drawn margin net of the shift the scorer adds back.
        race.margin = Some(mu + nu + sd_race * rng.normal() - sc.scoring.national_shift);
    }
    let s = sc.scoring.cost_sd;
    for g in &mut world.groups {
        g.dollars_per_net_vote *= (s * rng.normal() - s * s / 2.0).exp();
    }
    let scores: Scores = score(&world, sc);
    let best = plan(&world, sc, &scores, solver).ok()?;
    let plan_value = base
        .grants
        .iter()
        .filter(|g| g.amount > 0.0)
        .map(|g| group_impact(&world, sc, &scores, g.group, &g.by_period))
        .sum();
    Some(Draw {
        optimal: best.impact,
        plan_value,
        grants: best.grants.iter().map(|g| g.amount).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate() {
        let s = Spread::of(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert!((s.p50 - 3.0).abs() < 1e-12);
        assert!((s.p10 - 1.4).abs() < 1e-12);
        assert!((s.p90 - 4.6).abs() < 1e-12);
    }
}
