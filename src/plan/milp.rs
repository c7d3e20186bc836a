//! Minimum grants and a maximum number of funded groups (MODEL.md §3):
//! x_g = 0 or x_g ≥ min_grant, and at most `max_groups` groups funded.
//!
//! Branch and bound on groups, with the LP relaxation solved by the same
//! solver as the plain plan. A node fixes some groups *out* (x_g = 0) and
//! some *in* (x_g ≥ min_grant, counting toward max_groups); free groups are
//! relaxed. The relaxation of "at most K funded" is the knapsack row
//! Σ_free x_g / cap_g ≤ K − |in| (a group's binary is at least x_g / cap_g),
//! and that of the minimum grant is nothing at all (a small grant is feasible
//! in the relaxation). Nodes are explored best bound first; each node also
//! tries a rounding (groups below the minimum out, the largest K kept) to find
//! plans early. The search stops when the gap is closed or after
//! [`NODE_LIMIT`] nodes (a count, not a clock, so results never depend on
//! the machine), and reports the remaining gap.

use std::collections::BinaryHeap;

use serde::Serialize;

use crate::plan::lp::{LpError, Solver};
use crate::plan::model::{Model, SCALE};

/// Nodes explored at most.
pub const NODE_LIMIT: usize = 5_000;
/// Relative gap at which the search stops.
pub const GAP_TOLERANCE: f64 = 1e-7;
/// Dollars below which a grant counts as zero.
const ZERO: f64 = 0.5;

/// How the integer search went.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MilpReport {
    /// Smallest grant, dollars (if set).
    pub min_grant: Option<f64>,
    /// Most groups funded (if set).
    pub max_groups: Option<u32>,
    /// Nodes explored.
    pub nodes: usize,
    /// Impact of the best plan found (LP units: win-equivalents).
    pub incumbent: f64,
    /// Best bound on any plan's impact.
    pub bound: f64,
    /// (bound − incumbent) / bound; 0 when proven optimal.
    pub gap: f64,
    /// True when the gap is closed (within 1e-7).
    pub proven_optimal: bool,
    /// The LP relaxation without these two limits.
    pub relaxation: f64,
}

#[derive(Debug, Clone)]
struct Node {
    bound: f64,
    inside: Vec<usize>,
    outside: Vec<usize>,
    seq: usize,
}

impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}
impl Eq for Node {}
impl PartialOrd for Node {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Node {
    /// Best bound first; ties to the earlier node (deterministic order).
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.bound.total_cmp(&other.bound).then(other.seq.cmp(&self.seq))
    }
}

/// The limits of the search.
#[derive(Debug, Clone, Copy)]
pub struct IntegerLimits {
    /// Smallest grant, dollars.
    pub min_grant: Option<f64>,
    /// Most groups funded.
    pub max_groups: Option<u32>,
}

/// Solve `model` with the integer limits; returns the LP-unit column values
/// of the best plan and the search report.
pub fn solve(
    model: &Model,
    groups: usize,
    limits: IntegerLimits,
    solver: Solver,
) -> Result<(Vec<f64>, MilpReport), LpError> {
    let cols_of: Vec<Vec<usize>> = {
        let mut v = vec![Vec::new(); groups];
        for (j, c) in model.cols.iter().enumerate() {
            v[c.group].push(j);
        }
        v
    };
    let locked: Vec<bool> = model.caps.iter().map(|c| c.lock.is_some_and(|a| a > 0.0)).collect();
    let min = limits.min_grant.unwrap_or(0.0);
    // Groups that cannot reach the minimum are out from the start.
    let never: Vec<usize> = (0..groups)
        .filter(|&g| !locked[g] && !cols_of[g].is_empty() && model.caps[g].cap + 1e-9 < min)
        .collect();
    let relaxation = model.lp.solve(solver)?.objective;
    let mut report = MilpReport {
        min_grant: limits.min_grant,
        max_groups: limits.max_groups,
        relaxation,
        incumbent: f64::NEG_INFINITY,
        ..MilpReport::default()
    };
    let mut best: Option<Vec<f64>> = None;
    let mut heap = BinaryHeap::new();
    let mut seq = 0;
    heap.push(Node { bound: relaxation, inside: Vec::new(), outside: never, seq });
    while let Some(node) = heap.pop() {
        if node.bound <= report.incumbent + GAP_TOLERANCE * report.incumbent.abs().max(1e-12) {
            continue; // cannot beat the plan in hand
        }
        if report.nodes >= NODE_LIMIT {
            heap.push(node);
            break;
        }
        report.nodes += 1;
        let Ok(sol) = node_lp(model, &cols_of, &locked, &node, limits).solve(solver) else {
            continue;
        };
        if sol.objective <= report.incumbent {
            continue;
        }
        let amount = |g: usize| cols_of[g].iter().map(|&j| sol.x[j]).sum::<f64>() * SCALE;
        let free_funded: Vec<usize> = (0..groups)
            .filter(|&g| {
                !locked[g]
                    && !node.inside.contains(&g)
                    && !node.outside.contains(&g)
                    && amount(g) > ZERO
            })
            .collect();
        let funded = free_funded.len() + node.inside.len() + locked.iter().filter(|&&l| l).count();
        let too_small: Vec<usize> =
            free_funded.iter().copied().filter(|&g| amount(g) < min - ZERO).collect();
        let too_many = limits.max_groups.is_some_and(|k| funded > k as usize);
        if too_small.is_empty() && !too_many {
            report.incumbent = sol.objective;
            best = Some(sol.x);
            continue;
        }
        // A quick plan from this node: small grants out, then the largest K in.
        if let Some((obj, x)) =
            rounded(model, &cols_of, &locked, &node, &free_funded, &amount, limits, solver)
        {
            if obj > report.incumbent {
                report.incumbent = obj;
                best = Some(x);
            }
        }
        // Branch on the most ambiguous group: a grant nearest half the
        // minimum, else the smallest share of its cap.
        let pick = if !too_small.is_empty() {
            *too_small
                .iter()
                .min_by(|&&a, &&b| {
                    (amount(a) - min / 2.0)
                        .abs()
                        .total_cmp(&(amount(b) - min / 2.0).abs())
                        .then(a.cmp(&b))
                })
                .unwrap()
        } else {
            let share = |g: usize| amount(g) / model.caps[g].cap.max(1e-9);
            *free_funded
                .iter()
                .min_by(|&&a, &&b| share(a).total_cmp(&share(b)).then(a.cmp(&b)))
                .unwrap()
        };
        for into in [true, false] {
            let mut child = Node {
                bound: sol.objective,
                inside: node.inside.clone(),
                outside: node.outside.clone(),
                seq: 0,
            };
            if into {
                child.inside.push(pick);
            } else {
                child.outside.push(pick);
            }
            seq += 1;
            child.seq = seq;
            heap.push(child);
        }
    }
    let open_bound = heap.iter().map(|n| n.bound).fold(f64::NEG_INFINITY, f64::max);
    let Some(x) = best else {
        return Err(LpError::Infeasible);
    };
    report.bound = open_bound.max(report.incumbent);
    report.gap = if report.bound > 0.0 {
        ((report.bound - report.incumbent) / report.bound).max(0.0)
    } else {
        0.0
    };
    report.proven_optimal = report.gap <= GAP_TOLERANCE;
    if report.proven_optimal {
        report.gap = 0.0;
    }
    Ok((x, report))
}

/// The relaxation at a node.
fn node_lp(
    model: &Model,
    cols_of: &[Vec<usize>],
    locked: &[bool],
    node: &Node,
    limits: IntegerLimits,
) -> crate::plan::lp::Lp {
    let mut lp = model.lp.clone();
    for &g in &node.outside {
        for &j in &cols_of[g] {
            lp.cols[j].hi = lp.cols[j].lo;
        }
    }
    if let Some(min) = limits.min_grant.filter(|&m| m > 0.0) {
        for &g in &node.inside {
            lp.row(cols_of[g].iter().map(|&j| (j, 1.0)).collect(), min / SCALE, f64::INFINITY);
        }
    }
    if let Some(k) = limits.max_groups {
        let fixed = node.inside.len() + locked.iter().filter(|&&l| l).count();
        let mut terms = Vec::new();
        for (g, cols) in cols_of.iter().enumerate() {
            if locked[g] || node.inside.contains(&g) || node.outside.contains(&g) {
                continue;
            }
            let cap = model.caps[g].cap / SCALE;
            if cap > 0.0 {
                terms.extend(cols.iter().map(|&j| (j, 1.0 / cap)));
            }
        }
        lp.row(terms, f64::NEG_INFINITY, k as f64 - fixed as f64);
    }
    lp
}

/// Round a node's relaxation to a plan: free groups below the minimum out,
/// then (max_groups) only the largest grants in; solve with those fixed.
#[allow(clippy::too_many_arguments)]
fn rounded(
    model: &Model,
    cols_of: &[Vec<usize>],
    locked: &[bool],
    node: &Node,
    free_funded: &[usize],
    amount: &dyn Fn(usize) -> f64,
    limits: IntegerLimits,
    solver: Solver,
) -> Option<(f64, Vec<f64>)> {
    let min = limits.min_grant.unwrap_or(0.0);
    let mut keep: Vec<usize> =
        free_funded.iter().copied().filter(|&g| amount(g) >= min - ZERO).collect();
    if let Some(k) = limits.max_groups {
        let room =
            (k as usize).checked_sub(node.inside.len() + locked.iter().filter(|&&l| l).count())?;
        keep.sort_by(|&a, &b| amount(b).total_cmp(&amount(a)).then(a.cmp(&b)));
        keep.truncate(room);
    }
    let mut inside = node.inside.clone();
    inside.extend(&keep);
    let outside: Vec<usize> =
        (0..cols_of.len()).filter(|&g| !locked[g] && !inside.contains(&g)).collect();
    let fixed = Node { bound: 0.0, inside, outside, seq: 0 };
    let sol = node_lp(
        model,
        cols_of,
        locked,
        &fixed,
        IntegerLimits { min_grant: limits.min_grant, max_groups: None },
    )
    .solve(solver)
    .ok()?;
    Some((sol.objective, sol.x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::lp::Lp;
    use crate::plan::model::{CapReason, ColInfo, GroupCap, RowKind};

    fn lcg(s: &mut u64) -> f64 {
        *s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (*s >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A small allocation model: groups with two tranches, a budget row and
    /// sometimes a floor row on the first groups.
    fn random_model(seed: u64) -> (Model, usize) {
        let mut s = seed;
        let groups = 2 + (lcg(&mut s) * 6.0) as usize;
        let mut lp = Lp::default();
        let (mut cols, mut caps, mut all) = (Vec::new(), Vec::new(), Vec::new());
        for g in 0..groups {
            let cap = 0.05 + lcg(&mut s) * 0.5; // $M
            let u = 0.1 + lcg(&mut s);
            for (k, f) in [1.0, 0.6].iter().enumerate() {
                let j = lp.col(0.0, cap / 2.0, u * f);
                cols.push(ColInfo {
                    group: g,
                    tranche: k,
                    period: 0,
                    value: u * f / SCALE,
                    c3: false,
                });
                all.push((j, 1.0));
            }
            caps.push(GroupCap { cap: cap * SCALE, reason: CapReason::Room, lock: None });
        }
        let budget = 0.1 + lcg(&mut s) * 0.8;
        lp.row(all, f64::NEG_INFINITY, budget);
        let mut rows = vec![RowKind::Budget { period: 0 }];
        if lcg(&mut s) < 0.4 {
            lp.row(vec![(0, 1.0), (1, 1.0), (2, 1.0), (3, 1.0)], budget * 0.2, f64::INFINITY);
            rows.push(RowKind::Floor { tag: "t".into() });
        }
        (Model { lp, cols, rows, caps, periods: 1, cuts: Vec::new() }, groups)
    }

    /// Best plan by trying every set of funded groups.
    fn brute(model: &Model, groups: usize, limits: IntegerLimits) -> Option<f64> {
        let mut best: Option<f64> = None;
        for mask in 0u32..(1 << groups) {
            if limits.max_groups.is_some_and(|k| mask.count_ones() > k) {
                continue;
            }
            let mut lp = model.lp.clone();
            for (j, c) in model.cols.iter().enumerate() {
                if mask & (1 << c.group) == 0 {
                    lp.cols[j].hi = 0.0;
                }
            }
            if let Some(min) = limits.min_grant {
                for g in (0..groups).filter(|g| mask & (1 << g) != 0) {
                    let terms = model
                        .cols
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| c.group == g)
                        .map(|(j, _)| (j, 1.0))
                        .collect();
                    lp.row(terms, min / SCALE, f64::INFINITY);
                }
            }
            if let Ok(sol) = lp.solve(Solver::Microlp) {
                best = Some(best.map_or(sol.objective, |b: f64| b.max(sol.objective)));
            }
        }
        best
    }

    #[test]
    fn branch_and_bound_matches_enumeration() {
        for seed in 0..150u64 {
            let (model, groups) = random_model(seed);
            let mut s = seed ^ 0xABCD;
            let limits = IntegerLimits {
                min_grant: (lcg(&mut s) < 0.8).then(|| (0.02 + lcg(&mut s) * 0.2) * SCALE),
                max_groups: (lcg(&mut s) < 0.6).then(|| 1 + (lcg(&mut s) * groups as f64) as u32),
            };
            let expect = brute(&model, groups, limits);
            match (solve(&model, groups, limits, Solver::Simplex), expect) {
                (Ok((_, r)), Some(b)) => {
                    assert!(r.proven_optimal, "seed {seed}");
                    assert!(
                        (r.incumbent - b).abs() <= 1e-7 * (1.0 + b.abs()),
                        "seed {seed}: {} vs {b}",
                        r.incumbent
                    );
                }
                (Err(LpError::Infeasible), None) => {}
                (got, want) => panic!("seed {seed}: {got:?} vs {want:?}"),
            }
        }
    }
}
