//! Rounding (MODEL.md §3): grants in whole multiples of `rounding`, rounded
//! down so no grant exceeds a cap and the total never exceeds the budget;
//! locks kept exact; floors and state minimums repaired by rounding some of
//! their grants up; what cannot be repaired said in the plan's notes.

use crate::input::data::Dataset;
use crate::input::scenario::Scenario;
use crate::plan::model::{self, Model};
use crate::score::Scores;

/// Dollars below which limits count as met (float noise in exact sums).
pub const SNAP: f64 = 1e-6;

/// Solver noise, in dollars, forgiven when rounding down: an LP answer of
/// 199,999.9999 (or an interior-point 79,999.7) is 200,000 (80,000). A
/// rounded grant may then sit a few cents above its LP value; caps are
/// enforced exactly afterwards.
pub const NOISE: f64 = 0.5;

/// Round grants down to multiples of `rounding` (MODEL.md §3): locks stay
/// exact; where a floor or state minimum would then fall short, round some
/// of its grants up instead, within room, caps and the budget — taking the
/// unit from the least valuable grant outside the set when the budget is
/// spent. What cannot be repaired is said in `notes`.
pub fn round_grants(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    model: &Model,
    lp: &[Vec<f64>],
    notes: &mut Vec<String>,
) -> Vec<Vec<f64>> {
    let r = sc.rounding;
    let periods = model.periods;
    let down = |v: f64| ((v + NOISE) / r).floor() * r;
    let mut out: Vec<Vec<f64>> = lp
        .iter()
        .enumerate()
        .map(|(g, amounts)| {
            let cap = model.caps[g];
            let mut v: Vec<f64> = amounts.iter().map(|&a| down(a)).collect();
            if let Some(lock) = cap.lock {
                // Keep the total exact; what rounding leaves goes to the last period used.
                let rest = lock - v.iter().sum::<f64>();
                if let Some(t) = (0..periods).rev().find(|&t| amounts[t] > 0.0) {
                    v[t] += rest;
                }
                return v;
            }
            // Never above the cap, even by a rounding hair.
            let max_total = ((cap.cap + SNAP) / r).floor() * r;
            let mut total: f64 = v.iter().sum();
            for t in (0..periods).rev() {
                while total > max_total + SNAP && v[t] >= r {
                    v[t] -= r;
                    total -= r;
                }
            }
            v
        })
        .collect();

    enforce_caps(data, sc, scores, model, &mut out);

    // A grant kept by the integer search stays at or above the minimum grant.
    if let Some(min) = sc.limits.min_grant.filter(|&m| m > 0.0) {
        let up = (min / r - 1e-9).ceil() * r;
        for (g, v) in out.iter_mut().enumerate() {
            let total: f64 = v.iter().sum();
            if model.caps[g].lock.is_some() || total <= 0.0 || total >= min - SNAP {
                continue;
            }
            let t = (0..periods)
                .max_by(|&a, &b| lp[g][a].total_cmp(&lp[g][b]).then(b.cmp(&a)))
                .unwrap_or(0);
            if up <= model.caps[g].cap + SNAP {
                v[t] += up - total;
            } else {
                notes.push(format!("{}: rounding its grant to ${r:.0} would take it below min_grant; it is dropped", data.groups[g].id));
                v.iter_mut().for_each(|a| *a = 0.0);
            }
        }
        let spent: f64 = out.iter().flatten().sum();
        if spent > sc.budget + SNAP {
            // Rounding up went past the budget: drop the least valuable grant
            // until it fits.
            let mut order: Vec<usize> = (0..out.len())
                .filter(|&g| model.caps[g].lock.is_none() && out[g].iter().sum::<f64>() > 0.0)
                .collect();
            order.sort_by(|&a, &b| {
                scores.groups[a]
                    .value_per_dollar
                    .total_cmp(&scores.groups[b].value_per_dollar)
                    .then(a.cmp(&b))
            });
            let mut over = spent - sc.budget;
            for g in order {
                if over <= SNAP {
                    break;
                }
                over -= out[g].iter().sum::<f64>();
                notes.push(format!(
                    "{}: dropped so that grants rounded up to min_grant stay within the budget",
                    data.groups[g].id
                ));
                out[g].iter_mut().for_each(|a| *a = 0.0);
            }
        }
    }

    // Sets that must reach a target: floors and state minimums.
    let mut targets: Vec<(String, f64, Vec<bool>)> = Vec::new();
    for floor in &sc.floors {
        let members = data.groups.iter().map(|g| g.has_tag(&floor.tag.name)).collect();
        targets.push((format!("the {} floor", floor.tag.name), floor.share * sc.budget, members));
    }
    for (s, st) in data.states.iter().enumerate() {
        if let Some(min) = model::state_min(sc, &st.code) {
            let members = data.groups.iter().map(|g| g.state_idx == s).collect();
            targets.push((format!("the {} minimum", st.code), min, members));
        }
    }
    if targets.is_empty() {
        return out;
    }
    let state_caps: Vec<f64> = data
        .states
        .iter()
        .map(|st| model::state_max(sc, &st.code).unwrap_or(f64::INFINITY))
        .collect();
    let releases: Vec<f64> = (0..periods)
        .scan(0.0, |acc, t| {
            *acc += sc.periods.get(t).map_or(sc.budget, |p| p.release);
            Some(if t + 1 == periods { sc.budget } else { *acc })
        })
        .collect();
    let total_in = |out: &Vec<Vec<f64>>, members: &[bool]| -> f64 {
        out.iter().zip(members).filter(|(_, &m)| m).map(|(v, _)| v.iter().sum::<f64>()).sum()
    };
    let state_total = |out: &Vec<Vec<f64>>, s: usize| -> f64 {
        out.iter()
            .enumerate()
            .filter(|(h, _)| data.groups[*h].state_idx == s)
            .map(|(_, v)| v.iter().sum::<f64>())
            .sum()
    };
    // Spending through each period stays within the money released by then.
    let budget_ok = |out: &Vec<Vec<f64>>| -> bool {
        let mut spent = 0.0;
        (0..periods).all(|u| {
            spent += out.iter().map(|v| v[u]).sum::<f64>();
            spent <= releases[u] + SNAP
        })
    };
    let period_ok = |v: f64, g: usize| {
        periods == 1
            || sc.timing.max_period_share.is_none_or(|sh| v <= sh * data.groups[g].room + SNAP)
    };
    for (label, target, members) in &targets {
        if total_in(&out, members) >= target - SNAP {
            continue;
        }
        // Candidates: (group, period) with money cut by rounding, largest cut first.
        let mut cands: Vec<(usize, usize, f64)> = (0..data.groups.len())
            .filter(|&g| members[g] && model.caps[g].lock.is_none())
            .flat_map(|g| (0..periods).map(move |t| (g, t)))
            .map(|(g, t)| (g, t, lp[g][t] - out[g][t]))
            .filter(|c| c.2 > SNAP)
            .collect();
        cands.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
        for (g, t, _) in cands {
            if total_in(&out, members) >= target - SNAP {
                break;
            }
            let s = data.groups[g].state_idx;
            let fits = out[g].iter().sum::<f64>() + r <= model.caps[g].cap + SNAP
                && state_total(&out, s) + r <= state_caps[s] + SNAP
                && period_ok(out[g][t] + r, g);
            if !fits {
                continue;
            }
            out[g][t] += r;
            if budget_ok(&out) {
                continue;
            }
            // Take the unit from the least valuable grant outside the set
            // whose own floors and minimums can spare it.
            let value = |h: usize, u: usize| {
                scores.groups[h].by_period[u] * sc.periods.get(u).map_or(1.0, |p| p.multiplier)
            };
            let mut donors: Vec<(usize, usize)> = (0..data.groups.len())
                .filter(|&h| !members[h] && model.caps[h].lock.is_none())
                .flat_map(|h| (0..periods).map(move |u| (h, u)))
                .filter(|&(h, u)| out[h][u] >= r - SNAP)
                .collect();
            donors.sort_by(|a, b| value(a.0, a.1).total_cmp(&value(b.0, b.1)).then(a.cmp(b)));
            let donor = donors.into_iter().find(|&(h, u)| {
                out[h][u] -= r;
                let ok = budget_ok(&out)
                    && targets
                        .iter()
                        .all(|(_, tgt, mem)| !mem[h] || total_in(&out, mem) >= tgt - SNAP);
                out[h][u] += r;
                ok
            });
            match donor {
                Some((h, u)) => out[h][u] -= r,
                None => out[g][t] -= r,
            }
        }
        if total_in(&out, members) < target - SNAP {
            notes.push(format!(
                "rounding to multiples of {} leaves {label} at {}, short of its {}: no grant could be rounded up within its caps and the budget",
                crate::base::numbers::money(r),
                crate::base::numbers::money(total_in(&out, members)),
                crate::base::numbers::money(*target)
            ));
        }
    }
    out
}

/// After rounding forgave solver noise, make every cap hold exactly: a
/// period cap per cell, each state's cap, and the money released by each
/// period; where a total is over, the least valuable grant gives up a unit.
fn enforce_caps(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    model: &Model,
    out: &mut [Vec<f64>],
) {
    let r = sc.rounding;
    let periods = model.periods;
    let value = |g: usize, t: usize| {
        scores.groups[g].by_period[t] * sc.periods.get(t).map_or(1.0, |p| p.multiplier)
    };
    if let (Some(share), true) = (sc.timing.max_period_share, periods > 1) {
        for (g, cells) in out.iter_mut().enumerate() {
            if model.caps[g].lock.is_some() {
                continue;
            }
            let most = ((share * data.groups[g].room + SNAP) / r).floor() * r;
            for v in cells.iter_mut() {
                *v = v.min(most);
            }
        }
    }
    // Take units from the least valuable unlocked cells among `cells` until `over` ≤ 0.
    let trim = |out: &mut [Vec<f64>], cells: Vec<(usize, usize)>, mut over: f64| {
        let mut cells = cells;
        cells.sort_by(|a, b| value(a.0, a.1).total_cmp(&value(b.0, b.1)).then(a.cmp(b)));
        for (g, t) in cells {
            while over > SNAP && out[g][t] >= r - SNAP {
                out[g][t] -= r;
                over -= r;
            }
            if over <= SNAP {
                break;
            }
        }
    };
    let unlocked = |g: usize| model.caps[g].lock.is_none();
    for (s, st) in data.states.iter().enumerate() {
        let Some(cap) = model::state_max(sc, &st.code) else { continue };
        let members: Vec<usize> =
            (0..out.len()).filter(|&g| data.groups[g].state_idx == s).collect();
        let total: f64 = members.iter().map(|&g| out[g].iter().sum::<f64>()).sum();
        if total > cap + SNAP {
            let cells = members
                .iter()
                .filter(|&&g| unlocked(g))
                .flat_map(|&g| (0..periods).map(move |t| (g, t)))
                .collect();
            trim(out, cells, total - cap);
        }
    }
    let mut released = 0.0;
    for t in 0..periods {
        released += sc.periods.get(t).map_or(sc.budget, |p| p.release);
        let limit = if t + 1 == periods { sc.budget } else { released };
        let spent: f64 = out.iter().map(|v| v[..=t].iter().sum::<f64>()).sum();
        if spent > limit + SNAP {
            let cells = (0..out.len())
                .filter(|&g| unlocked(g))
                .flat_map(|g| (0..=t).map(move |u| (g, u)))
                .collect();
            trim(out, cells, spent - limit);
        }
    }
}
