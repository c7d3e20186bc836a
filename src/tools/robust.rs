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

use std::sync::Mutex;

use crate::base::par;
use crate::base::rng::Rng;
use crate::input::data::Dataset;
use crate::input::scenario::Scenario;
use crate::plan::lp::Solver;
use crate::plan::{self, Plan, PlanError};
use crate::plan::{ceiling, model};
use crate::score::pivot::{pivotality_of, ChamberOdds};
use crate::score::stats::{NormalQuadrature, Tails};
use crate::score::{self, race_forecast, swing_rule, GroupScore, Scores};

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
    /// The re-solved plan's grants: (group, dollars) for every group it
    /// gives money, in group order (the others get nothing).
    pub grants: Vec<(usize, f64)>,
}

impl Draw {
    /// Dollars the re-solved plan gives group `g` (0 if none).
    pub fn grant(&self, g: usize) -> f64 {
        self.grants.binary_search_by_key(&g, |&(h, _)| h).map_or(0.0, |i| self.grants[i].1)
    }
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
        // One thread: the draws already keep every core busy.
        let mut groups = score::score_groups_on(1, data, sc, &races);
        for (g, &m) in groups.iter_mut().zip(cost) {
            with_cost(g, m);
        }
        Scores { races, chambers: Vec::new(), groups }
    }

    /// Group g's score under a draw from the draw's value of a net vote in
    /// each race and the group's cost multiplier: the same bits as
    /// `scores(..).groups[g]` (`statewide` from [`score::statewide_races`]).
    fn group(&self, values: &[f64], statewide: &[Vec<usize>], m: f64, g: usize) -> GroupScore {
        let mut s = score::score_group_at(self.data, self.sc, values, statewide, g);
        with_cost(&mut s, m);
        s
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

/// A group's score with its cost per net vote multiplied by `m`.
fn with_cost(g: &mut GroupScore, m: f64) {
    g.value_per_dollar /= m;
    g.by_period.iter_mut().for_each(|u| *u /= m);
    g.reach.iter_mut().for_each(|(_, v)| *v /= m);
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

/// A group the re-solved plan of a draw gives money in some period.
struct Funded {
    group: usize,
    /// Dollars in all (the grant's amount).
    amount: f64,
}

/// What one draw leaves for the summary: its figures and its plan's grants
/// (funded groups only). With the draw's value of a net vote in each race
/// (kept apart, in one block for all draws) any group's score under the
/// draw is rebuilt exactly (with the cost error, drawn again from the
/// draw's stream). The draw's full scores (about 2.7 MB at national scale)
/// are dropped as soon as it is planned. A draw's record is three
/// allocations, copied out of the plan: small blocks kept from among a
/// plan's many short-lived ones would pin their pages, and the process
/// would grow by far more than it keeps.
struct DrawRun {
    draw: Draw,
    /// Groups with money in some period, in group order.
    funded: Vec<Funded>,
    /// Their dollars per period, `periods` a group, in the same order.
    by_period: Vec<f64>,
    periods: usize,
}

impl DrawRun {
    /// Dollars per period of the `k`-th funded group.
    fn amounts(&self, k: usize) -> &[f64] {
        &self.by_period[k * self.periods..(k + 1) * self.periods]
    }
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
    // The draws' programs differ in their scores and ceiling rows only.
    let skeleton = model::skeleton(data, sc, &model::Omit::default());
    let nominal_by_period: Vec<Vec<f64>> =
        nominal.grants.iter().map(|g| g.by_period.clone()).collect();
    // Every draw's race values, one block allocated up front: draw d
    // writes its own row.
    let width = data.races.len();
    let mut values = vec![0.0; settings.draws * width.max(1)];
    let rows: Vec<(usize, Mutex<&mut [f64]>)> =
        values.chunks_mut(width.max(1)).map(Mutex::new).enumerate().collect();
    let runs = par::map_on(settings.threads.max(1), &rows, |(d, row)| {
        let d = *d;
        let (shift, cost, nu) = redraw.errors(settings.seed, d);
        let s = redraw.scores(&shift, &cost);
        let result = replan(data, sc, &s, settings.solver, &skeleton).map(|p| {
            let plan_impact = ceiling::impacts(data, sc, &s, &nominal_by_period).iter().sum();
            let mut row = row.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            for (v, r) in row.iter_mut().zip(&s.races) {
                *v = r.value;
            }
            let amount = |v: &[f64]| v.iter().sum::<f64>();
            let kept = |v: &[f64]| v.iter().any(|&a| a > 0.0);
            let given = p.rounded.iter().filter(|v| amount(v) != 0.0).count();
            let mut grants = Vec::with_capacity(given);
            grants.extend(
                (p.rounded.iter().enumerate())
                    .map(|(g, v)| (g, amount(v)))
                    .filter(|&(_, a)| a != 0.0),
            );
            let funded = p.rounded.iter().filter(|v| kept(v)).count();
            let periods = p.rounded.first().map_or(0, Vec::len);
            let mut run = DrawRun {
                draw: Draw {
                    index: d,
                    national_swing: nu,
                    optimal_impact: p.impact,
                    plan_impact,
                    grants,
                },
                funded: Vec::with_capacity(funded),
                by_period: Vec::with_capacity(funded * periods),
                periods,
            };
            for (g, v) in p.rounded.iter().enumerate().filter(|(_, v)| kept(v)) {
                run.funded.push(Funded { group: g, amount: amount(v) });
                run.by_period.extend_from_slice(v);
            }
            run
        });
        tick();
        result
    });
    drop(rows);
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
    // One group at a time: each draw's grants are in group order, so a
    // cursor per draw walks them once.
    let mut cursor = vec![0usize; runs.len()];
    let groups = (0..data.groups.len())
        .map(|g| {
            let grants: Vec<f64> = runs
                .iter()
                .zip(cursor.iter_mut())
                .map(|(run, at)| match run.draw.grants.get(*at) {
                    Some(&(h, amount)) if h == g => {
                        *at += 1;
                        amount
                    }
                    _ => 0.0,
                })
                .collect();
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
    let best_alternative =
        best_alternative(data, sc, &redraw, settings.seed, &runs, &values, settings.threads.max(1));
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

/// A draw's re-solved plan, as far as `robust` reads it: its impact and
/// its rounded grants (dollars per group and period, one row per group).
struct Replan {
    impact: f64,
    rounded: Vec<Vec<f64>>,
}

/// Re-plan under a draw's scores `s`: [`plan::plan`]'s impact and rounded
/// grants, to the same bits, without what `robust` does not read. The same
/// program is solved the same way ([`ceiling::solve`], on the `skeleton`
/// every draw shares) and its optimum is rounded and scored by the same
/// functions; skipped are the scenario's
/// cheap feasibility checks (they do not depend on the scores, and the
/// scenario's own plan passed them) and the plan's explanations, totals and
/// notes. With integer limits, or when the program fails (so that the error
/// is `plan`'s own), the plan is made by [`plan::plan`] itself.
fn replan(
    data: &Dataset,
    sc: &Scenario,
    s: &Scores,
    solver: Solver,
    skeleton: &model::Skeleton,
) -> Result<Replan, PlanError> {
    let integer = sc.limits.min_grant.is_some_and(|m| m > 0.0) || sc.limits.max_groups.is_some();
    if !integer {
        let omit = model::Omit::default();
        let solved = ceiling::solve_on(skeleton, data, sc, s, &omit, solver, &[], &[], None);
        if let Ok((model, sol)) = solved {
            let mut lp = vec![vec![0.0; model.periods]; data.groups.len()];
            for (c, &v) in model.cols.iter().zip(&sol.x) {
                lp[c.group][c.period] += v * model::SCALE;
            }
            let rounded = plan::rounding::round_grants(data, sc, s, &model, &lp, &mut Vec::new());
            let impact = ceiling::impacts(data, sc, s, &rounded).iter().sum();
            return Ok(Replan { impact, rounded });
        }
    }
    let p = plan::plan(data, sc, s, solver)?;
    Ok(Replan { impact: p.impact, rounded: p.grants.into_iter().map(|g| g.by_period).collect() })
}

/// Score every draw's plan under every draw and find the one that beats
/// the scenario's plan most often. One draw at a time (in parallel), the
/// groups some plan funds are scored under it, and every plan is scored
/// from them: the work per draw is the funded groups', not the data's,
/// and nothing per (plan, draw) pair is kept but its impact. Without
/// periods a grant's effective dollars (tranche factors applied) do not
/// depend on the draw, so each plan's are found once: without ceilings
/// scoring a plan is then a dot product, and with them only the ceilings
/// are applied per draw.
fn best_alternative(
    data: &Dataset,
    sc: &Scenario,
    redraw: &Redraw<'_>,
    seed: u64,
    runs: &[DrawRun],
    all_values: &[f64],
    threads: usize,
) -> Option<Alternative> {
    let n = runs.len();
    if n == 0 {
        return None;
    }
    let single = sc.periods.len() <= 1;
    let limits = ceiling::enforced(data, sc);
    let capped = limits.iter().any(Option::is_some);
    // The groups some plan funds, and each one's place in `union`.
    let mut slot = vec![usize::MAX; data.groups.len()];
    let mut union: Vec<usize> = Vec::new();
    for f in runs.iter().flat_map(|r| &r.funded) {
        if slot[f.group] == usize::MAX {
            slot[f.group] = union.len();
            union.push(f.group);
        }
    }
    let statewide = score::statewide_races(data);
    // Draw d's value of a net vote in each race: row d of `all_values`.
    let width = data.races.len();
    let values = |d: usize| &all_values[d * width..(d + 1) * width];
    // Those groups' scores under draw d (the same bits as the draw's own).
    let under = |d: usize| -> Vec<GroupScore> {
        let (_, cost, _) = redraw.errors(seed, d);
        union.iter().map(|&g| redraw.group(values(d), &statewide, cost[g], g)).collect()
    };
    let draws: Vec<usize> = (0..n).collect();
    // Without periods: each plan's effective dollars, `periods` per funded
    // group in funding order (tranche factors applied). They do not depend
    // on the draw: its values per period only order a grant's periods,
    // and there is one, so they are not read (zeros stand in for them).
    let eff: Vec<Vec<f64>> = if single {
        (runs.iter())
            .map(|run| {
                let unread = vec![0.0; run.periods];
                (run.funded.iter().enumerate())
                    .flat_map(|(k, f)| {
                        model::effective_dollars_at(data, sc, &unread, f.group, run.amounts(k))
                    })
                    .collect()
            })
            .collect()
    } else {
        Vec::new()
    };
    // The scenario's plan's impact under draw d, and what a plan must pass
    // to beat it there.
    let bar = |d: usize| {
        let mine = runs[d].draw.plan_impact;
        mine + 1e-12 * mine.abs().max(1e-300)
    };
    // Plan c's impact under draw d with the ceilings, `u` the union's scores there.
    let capped_at = |c: usize, d: usize, u: &[GroupScore], scratch: &mut Scratch| {
        let eff = eff.get(c).map(Vec::as_slice);
        capped_impact(data, sc, &limits, &runs[c], eff, u, &slot, values(d), scratch)
    };
    // Without periods: plan c's impact under a draw (the union's scores
    // `u` there) without the ceilings, a dot product over its funded
    // groups — [`capped_impact`]'s sum before it applies them.
    let dot = |c: usize, u: &[GroupScore]| -> f64 {
        let run = &runs[c];
        let p = run.periods;
        (run.funded.iter().enumerate())
            .map(|(k, f)| {
                let e = &eff[c][k * p..(k + 1) * p];
                e.iter().zip(&u[slot[f.group]].by_period).map(|(e, u)| e * u).sum::<f64>()
            })
            .sum()
    };
    // Effective dollars are never negative in practice; the bound below needs it.
    let eff_nonneg = eff.iter().flatten().all(|&e| e >= 0.0);
    // columns[d][c]: plan c's impact under draw d, or `None` where it is
    // known not to beat the scenario's plan there without computing it.
    let columns: Vec<Vec<Option<f64>>> = par::map_on(threads, &draws, |&d| {
        let u = under(d);
        let mut scratch = Scratch::default();
        // With ceilings and one period, a plan's impact is at most its
        // impact without the ceilings, a dot product: the ceilings only
        // take away (each funded group's impact is lowered by terms that
        // are not negative when no value, net vote or dollar is, and in
        // floating point too, rounding being monotone, as is its sum in
        // the same order). Where that bound does not pass the scenario's
        // plan, neither does the plan, and the ceilings are not applied.
        let bounded = capped
            && single
            && eff_nonneg
            && values(d).iter().all(|&v| v >= 0.0)
            && u.iter().all(|s| {
                s.by_period.iter().all(|&v| v >= 0.0) && s.reach.iter().all(|&(_, v)| v >= 0.0)
            });
        (0..n)
            .map(|c| {
                if bounded {
                    return (dot(c, &u) > bar(d)).then(|| capped_at(c, d, &u, &mut scratch));
                }
                let run = &runs[c];
                Some(if single && !capped {
                    dot(c, &u)
                } else if capped {
                    capped_at(c, d, &u, &mut scratch)
                } else {
                    (run.funded.iter().enumerate())
                        .filter(|(_, f)| f.amount > 0.0)
                        .map(|(k, f)| {
                            let u = &u[slot[f.group]].by_period;
                            model::group_impact_at(data, sc, u, f.group, run.amounts(k))
                        })
                        .sum()
                })
            })
            .collect()
    });
    let beats = |c: usize| (0..n).filter(|&d| columns[d][c].is_some_and(|x| x > bar(d))).count();
    let counts: Vec<usize> = (0..n).map(beats).collect();
    let best = (0..n).max_by(|&a, &b| counts[a].cmp(&counts[b]).then(b.cmp(&a)))?;
    // The best plan's impact under every draw, completed where it was not needed before.
    let impact: Vec<f64> = par::map_on(threads, &draws, |&d| {
        columns[d][best].unwrap_or_else(|| capped_at(best, d, &under(d), &mut Scratch::default()))
    });
    let mut grants = vec![0.0; data.groups.len()];
    for &(g, amount) in &runs[best].draw.grants {
        grants[g] = amount;
    }
    Some(Alternative {
        draw: best,
        beats_share: counts[best] as f64 / n as f64,
        impact: spread(&impact),
        grants,
    })
}

/// Buffers [`capped_impact`] reuses from one plan to the next.
#[derive(Default)]
struct Scratch {
    /// Net votes bought in each race (0 outside the plan's races).
    votes: Vec<f64>,
    /// Each funded group's impact before the ceilings.
    out: Vec<f64>,
    /// (race, funded group's position, net votes) in the order bought.
    parts: Vec<(usize, usize, f64)>,
}

/// The impact of a draw's plan (`run`) under another draw with effect ceilings:
/// [`ceiling::impacts_with`] summed, computed over the funded groups only,
/// in the same order and so to the same bits. `u[slot[g]]` is group g's
/// score under the draw and `values` its value of a net vote per race.
/// `eff`, when given, holds the plan's effective dollars, `run.periods` a
/// funded group, as [`model::effective_dollars_at`] gives them under this
/// draw (without periods they are the same under every draw).
#[allow(clippy::too_many_arguments)]
fn capped_impact(
    data: &Dataset,
    sc: &Scenario,
    limits: &[Option<f64>],
    run: &DrawRun,
    eff: Option<&[f64]>,
    u: &[GroupScore],
    slot: &[usize],
    values: &[f64],
    scratch: &mut Scratch,
) -> f64 {
    let Scratch { votes, out, parts } = scratch;
    votes.resize(data.races.len(), 0.0);
    out.clear();
    parts.clear();
    let periods = run.periods;
    for (k, f) in run.funded.iter().enumerate() {
        let s = &u[slot[f.group]];
        let computed;
        let eff = match eff {
            Some(all) => &all[k * periods..(k + 1) * periods],
            None => {
                computed =
                    model::effective_dollars_at(data, sc, &s.by_period, f.group, run.amounts(k));
                &computed
            }
        };
        // [`model::group_impact_at`]'s sum.
        out.push(eff.iter().zip(&s.by_period).map(|(e, u)| e * u).sum());
        for &(r, per_dollar) in &s.reach {
            let v = model::dollars_reaching(sc, &data.races[r], eff) * per_dollar;
            votes[r] += v;
            parts.push((r, k, v));
        }
    }
    for &(r, k, v) in parts.iter() {
        if let Some(n) = limits[r] {
            if votes[r] > n {
                out[k] -= values[r] * v * (1.0 - n / votes[r]);
            }
        }
    }
    for &(r, _, _) in parts.iter() {
        votes[r] = 0.0;
    }
    out.iter().sum()
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
