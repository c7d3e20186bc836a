//! `robust`: what if the forecasts are wrong?
//!
//! A *draw* is one other forecast that the scenario's own uncertainty makes
//! as plausible as the published one (MODEL.md §2): a national swing
//! ν ~ N(0, σ_n²) shared by every race and a race error ε_r ~ N(0, σ_r²)
//! per race move each race's forecast margin to μ_r + ν + ε_r (the σ's stay
//! as they are: the forecaster is just as unsure as before, about a
//! different centre), and every group's cost per net vote is multiplied by
//! exp(cost_sd · Z_g), Z_g ~ N(0, 1), a lognormal error whose median is the
//! figure in groups.csv (a group is as likely to be twice as efficient as
//! half as efficient). Each draw is re-scored exactly (closeness and
//! chamber control at the drawn margins) and re-planned with the same
//! limits; the scenario's own plan is scored under the draw too.
//!
//! Draws are independent: each has its own random stream, seeded from
//! (seed, draw index), and they run in parallel; results are gathered in
//! draw order, so the output depends on the seed alone.

use crate::base::par;
use crate::base::rng::Rng;
use crate::input::data::Dataset;
use crate::input::scenario::Scenario;
use crate::plan::lp::Solver;
use crate::plan::{self, Plan, PlanError};
use crate::plan::{ceiling, model};
use crate::score::pivot::{pivotality_of, ChamberOdds};
use crate::score::stats::{NormalQuadrature, Tails};
use crate::score::{self, race_forecast, swing_rule, Scores};

/// How to run the draws.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Number of draws.
    pub draws: usize,
    /// Seed of the random streams.
    pub seed: u64,
    /// LP solver for every re-plan.
    pub solver: Solver,
    /// Threads to use (the results do not depend on it).
    pub threads: usize,
    /// The scenario's plan is flagged when one alternative plan beats it in
    /// more than this share of the draws.
    pub flag_share: f64,
}

/// One draw's outcome.
#[derive(Debug, Clone)]
pub struct Draw {
    /// Draw index (0-based).
    pub index: usize,
    /// The national swing drawn, points.
    pub national_swing: f64,
    /// Win-equivalents of the plan re-solved for this draw (rounded grants).
    pub optimal_impact: f64,
    /// Win-equivalents of the scenario's own plan under this draw.
    pub plan_impact: f64,
    /// Dollars per group in the re-solved plan.
    pub grants: Vec<f64>,
}

/// Low, middle and high percentiles of a quantity across draws.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Spread {
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// Mean.
    pub mean: f64,
}

/// How often one group is funded across draws, and with how much.
#[derive(Debug, Clone)]
pub struct GroupSpread {
    /// Group index.
    pub group: usize,
    /// Its grant in the scenario's plan, dollars.
    pub plan_amount: f64,
    /// Share of draws whose plan funds it.
    pub funded_share: f64,
    /// Its grant across all draws, dollars (0 where unfunded).
    pub grant: Spread,
    /// Median grant over the draws that fund it, dollars (0 if none).
    pub median_when_funded: f64,
}

/// A plan found for one draw that does better than the scenario's plan
/// under many of the draws.
#[derive(Debug, Clone)]
pub struct Alternative {
    /// The draw it was found for.
    pub draw: usize,
    /// Share of draws in which it beats the scenario's plan.
    pub beats_share: f64,
    /// Its impact across the draws.
    pub impact: Spread,
    /// Dollars per group.
    pub grants: Vec<f64>,
}

/// Everything `robust` found.
#[derive(Debug, Clone)]
pub struct Robust {
    /// The settings it ran with.
    pub settings: Settings,
    /// The scenario's own plan at its own forecast.
    pub plan: Plan,
    /// Every draw, in order.
    pub draws: Vec<Draw>,
    /// The re-solved plans' impact.
    pub optimal: Spread,
    /// The scenario's plan's impact under the draws.
    pub plan_spread: Spread,
    /// Scenario plan's impact ÷ the re-solved plan's, per draw.
    pub efficiency: Spread,
    /// One per group, in data order.
    pub groups: Vec<GroupSpread>,
    /// The draw plan that beats the scenario's plan in the most draws.
    pub best_alternative: Option<Alternative>,
    /// True when `best_alternative` beats it in more than `flag_share` of the draws.
    pub flagged: bool,
}

/// The parts of scoring a draw changes, prepared once: forecasts, which
/// races need control pivotality (those some group reaches, in chambers
/// whose control has value), and the quadrature rule.
pub struct Redraw<'a> {
    data: &'a Dataset,
    sc: &'a Scenario,
    /// Forecast margin μ_r and race sd σ_r of every race.
    forecast: Vec<(f64, f64)>,
    /// Chambers to score: (chamber, member races, which members are wanted).
    chambers: Vec<(usize, Vec<usize>, Vec<bool>)>,
    quadrature: NormalQuadrature,
}

impl<'a> Redraw<'a> {
    /// Prepare from the scenario's own scores (for which races groups reach).
    pub fn new(data: &'a Dataset, sc: &'a Scenario, scores: &Scores) -> Redraw<'a> {
        let mut reached = vec![false; data.races.len()];
        for g in &scores.groups {
            for &(r, _) in &g.reach {
                reached[r] = true;
            }
        }
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); data.chambers.len()];
        for (r, race) in data.races.iter().enumerate() {
            if let Some(c) = race.chamber_idx {
                members[c].push(r);
            }
        }
        let chambers = members
            .into_iter()
            .enumerate()
            .filter(|(c, idx)| {
                data.chambers[*c].control_value > 0.0 && idx.iter().any(|&r| reached[r])
            })
            .map(|(c, idx)| {
                let wanted = idx.iter().map(|&r| reached[r]).collect();
                (c, idx, wanted)
            })
            .collect();
        let quadrature = swing_rule(sc);
        Redraw {
            data,
            sc,
            forecast: data.races.iter().map(|r| race_forecast(r, sc)).collect(),
            chambers,
            quadrature,
        }
    }

    /// Score the scenario with every race's margin moved by `shift[r]`
    /// points and every group's cost per net vote multiplied by
    /// `cost[g]`. Exact for every race some group reaches; control
    /// pivotality is left at 0 for the others (no dollar reaches them) and
    /// `chambers` is empty.
    pub fn scores(&self, shift: &[f64], cost: &[f64]) -> Scores {
        let (data, sc) = (self.data, self.sc);
        let mut races: Vec<_> = data
            .races
            .iter()
            .zip(&self.forecast)
            .zip(shift)
            .map(|((race, &(mu, sd)), ds)| {
                score::race_score(race, sc, mu + ds, sd, &self.quadrature)
            })
            .collect();
        for (c, idx, wanted) in &self.chambers {
            let chamber = &data.chambers[*c];
            let seats = score::seat_races(data, &races, idx);
            let odds =
                ChamberOdds { needed: chamber.needed, d_not_up: chamber.d_not_up, races: &seats };
            let per_point = pivotality_of(&odds, sc.scoring.national_sd, &self.quadrature, wanted);
            for (k, &r) in idx.iter().enumerate() {
                if wanted[k] {
                    let kappa = 100.0 / data.races[r].turnout * per_point[k];
                    races[r].control_pivotality = kappa;
                    races[r].value += chamber.control_value * kappa;
                }
            }
        }
        let mut groups = score::score_groups(data, sc, &races);
        for (g, m) in groups.iter_mut().zip(cost) {
            g.value_per_dollar /= m;
            g.by_period.iter_mut().for_each(|u| *u /= m);
            g.reach.iter_mut().for_each(|(_, v)| *v /= m);
        }
        Scores { races, chambers: Vec::new(), groups }
    }

    /// The errors of draw `index`: margin shifts per race (points), cost
    /// multipliers per group, and the national swing. Drawn in a fixed
    /// order from the draw's own stream: ν, then ε_r race by race in data
    /// order, then Z_g group by group. With fat tails (`scoring.df`) ν and
    /// each ε_r are Student-t draws, scaled to their sds (see [`unit_error`]).
    pub fn errors(&self, seed: u64, index: usize) -> (Vec<f64>, Vec<f64>, f64) {
        let mut rng = Rng::stream(seed, index as u64);
        let tails = self.quadrature.tails;
        let nu = self.sc.scoring.national_sd * unit_error(&mut rng, tails);
        let shift =
            self.forecast.iter().map(|&(_, sd)| nu + sd * unit_error(&mut rng, tails)).collect();
        let s = self.sc.scoring.cost_sd;
        let cost = self.data.groups.iter().map(|_| (s * rng.normal()).exp()).collect();
        (shift, cost, nu)
    }
}

/// One forecast error with unit sd and the shape `tails`: a standard
/// normal, or a Student-t draw Z / √(χ²_k / k) (the χ²_k as a sum of k
/// squared normals, drawn after Z) scaled by √((k−2)/k).
pub fn unit_error(rng: &mut Rng, tails: Tails) -> f64 {
    match tails {
        Tails::Normal => rng.normal(),
        Tails::Student(t) => {
            let k = f64::from(t.df);
            let z = rng.normal();
            let chi2: f64 = (0..t.df).map(|_| rng.normal().powi(2)).sum();
            z / (chi2 / k).sqrt() * ((k - 2.0) / k).sqrt()
        }
    }
}

/// Percentiles by linear interpolation between order statistics (the
/// usual "type 7" definition): P_q = x_(h) with h = (n − 1)·q.
pub fn spread(values: &[f64]) -> Spread {
    if values.is_empty() {
        return Spread::default();
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let h = (v.len() - 1) as f64 * q;
        let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
        v[lo] + (h - lo as f64) * (v[hi] - v[lo])
    };
    Spread {
        p10: at(0.1),
        p50: at(0.5),
        p90: at(0.9),
        mean: v.iter().sum::<f64>() / v.len() as f64,
    }
}

/// What one draw leaves for the summary.
struct DrawRun {
    draw: Draw,
    /// The draw's group scores (races and chambers dropped).
    scores: Scores,
    /// The re-solved plan's dollars per group and period.
    by_period: Vec<Vec<f64>>,
    /// With effect ceilings: the draw's value of a net vote in each race.
    values: Vec<f64>,
}

/// Run the draws. `tick` is called once per finished draw (from any thread).
pub fn robust(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    settings: Settings,
    tick: &(dyn Fn() + Sync),
) -> Result<Robust, PlanError> {
    let nominal = plan::plan(data, sc, scores, settings.solver)?;
    let redraw = Redraw::new(data, sc, scores);
    let nominal_by_period: Vec<Vec<f64>> =
        nominal.grants.iter().map(|g| g.by_period.clone()).collect();
    let capped = ceiling::enforced(data, sc).iter().any(Option::is_some);
    let indices: Vec<usize> = (0..settings.draws).collect();
    let runs = par::map_on(settings.threads.max(1), &indices, |&d| {
        let (shift, cost, nu) = redraw.errors(settings.seed, d);
        let mut s = redraw.scores(&shift, &cost);
        let result = plan::plan(data, sc, &s, settings.solver).map(|p| {
            let plan_impact = ceiling::impacts(data, sc, &s, &nominal_by_period).iter().sum();
            // Keep only what scoring other plans under this draw needs.
            let values =
                if capped { s.races.iter().map(|r| r.value).collect() } else { Vec::new() };
            s.races = Vec::new();
            DrawRun {
                values,
                draw: Draw {
                    index: d,
                    national_swing: nu,
                    optimal_impact: p.impact,
                    plan_impact,
                    grants: p.grants.iter().map(|g| g.amount).collect(),
                },
                by_period: p.grants.into_iter().map(|g| g.by_period).collect(),
                scores: s,
            }
        });
        tick();
        result
    });
    let runs: Vec<DrawRun> = runs.into_iter().collect::<Result<_, _>>()?;

    let col = |f: &dyn Fn(&Draw) -> f64| runs.iter().map(|r| f(&r.draw)).collect::<Vec<f64>>();
    let optimal = spread(&col(&|d| d.optimal_impact));
    let plan_spread = spread(&col(&|d| d.plan_impact));
    let efficiency = spread(&col(&|d| {
        if d.optimal_impact > 0.0 {
            d.plan_impact / d.optimal_impact
        } else {
            1.0
        }
    }));
    let groups = (0..data.groups.len())
        .map(|g| {
            let grants = col(&|d| d.grants[g]);
            let funded: Vec<f64> = grants.iter().copied().filter(|&a| a > 0.0).collect();
            GroupSpread {
                group: g,
                plan_amount: nominal.grants[g].amount,
                funded_share: if runs.is_empty() {
                    0.0
                } else {
                    funded.len() as f64 / runs.len() as f64
                },
                grant: spread(&grants),
                median_when_funded: spread(&funded).p50,
            }
        })
        .collect();
    let best_alternative = best_alternative(data, sc, &runs, settings.threads.max(1));
    let flagged = best_alternative.as_ref().is_some_and(|a| a.beats_share > settings.flag_share);
    Ok(Robust {
        settings,
        plan: nominal,
        draws: runs.into_iter().map(|r| r.draw).collect(),
        optimal,
        plan_spread,
        efficiency,
        groups,
        best_alternative,
        flagged,
    })
}

/// Score every draw's plan under every draw and find the one that beats
/// the scenario's plan most often. Without periods a grant's effective
/// dollars (tranche factors applied) do not depend on the draw, so each
/// plan is reduced to them once and scoring is a dot product.
fn best_alternative(
    data: &Dataset,
    sc: &Scenario,
    runs: &[DrawRun],
    threads: usize,
) -> Option<Alternative> {
    let n = runs.len();
    if n == 0 {
        return None;
    }
    let single = sc.periods.len() <= 1;
    let capped = ceiling::enforced(data, sc).iter().any(Option::is_some);
    let impact_of = |c: usize, d: usize| -> f64 {
        let s = &runs[d].scores;
        if capped {
            return ceiling::impacts_with(data, sc, s, &runs[d].values, &runs[c].by_period)
                .iter()
                .sum();
        }
        (0..data.groups.len())
            .filter(|&g| runs[c].draw.grants[g] > 0.0)
            .map(|g| model::group_impact(data, sc, s, g, &runs[c].by_period[g]))
            .sum()
    };
    let candidates: Vec<usize> = (0..n).collect();
    let rows: Vec<Vec<f64>> = par::map_on(threads, &candidates, |&c| {
        if single && !capped {
            let eff: Vec<(usize, f64)> = (0..data.groups.len())
                .filter(|&g| runs[c].draw.grants[g] > 0.0)
                .map(|g| {
                    let e = model::effective_dollars(
                        data,
                        sc,
                        &runs[c].scores,
                        g,
                        &runs[c].by_period[g],
                    );
                    (g, e.iter().sum::<f64>())
                })
                .collect();
            (0..n)
                .map(|d| eff.iter().map(|&(g, e)| e * runs[d].scores.groups[g].by_period[0]).sum())
                .collect()
        } else {
            (0..n).map(|d| impact_of(c, d)).collect()
        }
    });
    let beats = |c: usize| {
        (0..n)
            .filter(|&d| {
                let mine = runs[d].draw.plan_impact;
                rows[c][d] > mine + 1e-12 * mine.abs().max(1e-300)
            })
            .count()
    };
    let counts: Vec<usize> = (0..n).map(beats).collect();
    let best = (0..n).max_by(|&a, &b| counts[a].cmp(&counts[b]).then(b.cmp(&a)))?;
    Some(Alternative {
        draw: best,
        beats_share: counts[best] as f64 / n as f64,
        impact: spread(&rows[best]),
        grants: runs[best].draw.grants.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_interpolate() {
        let s = spread(&[5.0, 1.0, 3.0, 2.0, 4.0]);
        assert_eq!((s.p10, s.p50, s.p90, s.mean), (1.4, 3.0, 4.6, 3.0));
        assert_eq!(spread(&[7.0]).p90, 7.0);
        assert_eq!(spread(&[]), Spread::default());
    }
}
