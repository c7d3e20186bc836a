//! Minimum grants and a maximum number of funded groups (MODEL.md §3):
//! x_g = 0 or x_g ≥ min_grant, and at most `max_groups` groups funded.
//!
//! Branch and bound on groups, with the LP relaxation solved by the same
//! solver as the plain plan. A node fixes some groups *out* (x_g = 0) and
//! some *in* (x_g ≥ min_grant, counting toward max_groups); free groups are
//! relaxed. "At most K funded" is relaxed by knapsack rows over the free
//! groups: one per tranche, Σ x_gk / w_gk ≤ K − |in| (a funded group fills
//! at most the width w_gk of its tranche k, so each tranche level holds at
//! most K groups' worth), and the row over whole caps, Σ x_g / cap_g ≤
//! K − |in|. The minimum grant is relaxed to nothing at all (a small grant
//! is feasible in the relaxation).
//!
//! The search: best bound first, with depth-first dives from each node it
//! takes (the child its relaxation leans to goes next), so plans turn up
//! early. A child starts from its parent's optimal basis (the dual simplex
//! repairs the bound it changed). The first plan is strong: the
//! relaxation's top groups, improved by swapping a funded group for an
//! unfunded one while that helps; each node also rounds its relaxation to a
//! plan. The search stops when the gap is closed (within [`GAP_TOLERANCE`])
//! or after [`NODE_LIMIT`] nodes (a count, not a clock, so results never
//! depend on the machine), and reports the remaining gap.

use std::collections::{BinaryHeap, HashSet};
use std::rc::Rc;

use serde::Serialize;

use crate::plan::lp::simplex::{self, Basis};
use crate::plan::lp::{Lp, LpError, LpSolution, Solver, DENSE_ROWS};
use crate::plan::model::{Model, RowKind, SCALE};

/// Nodes explored at most.
pub const NODE_LIMIT: usize = 20_000;
/// Relative gap at which the search stops.
pub const GAP_TOLERANCE: f64 = 1e-7;
/// Dollars below which a grant counts as zero.
const ZERO: f64 = 0.5;
/// Swaps the first plan tries at most.
const SWAP_LIMIT: usize = 400;

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
    /// True when the search stopped at its node limit with the gap open.
    pub node_limit: bool,
    /// The LP relaxation without these two limits.
    pub relaxation: f64,
}

#[derive(Debug, Clone)]
struct Node {
    bound: f64,
    inside: Vec<usize>,
    outside: Vec<usize>,
    seq: usize,
    depth: usize,
    /// The parent's optimal basis, to start from.
    basis: Option<Rc<Basis>>,
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

/// What the search knows about the program, fixed for the whole search.
struct Search<'a> {
    model: &'a Model,
    limits: IntegerLimits,
    solver: Solver,
    /// Columns of each group.
    cols_of: Vec<Vec<usize>>,
    locked: Vec<bool>,
    locked_count: usize,
    /// Smallest grant, dollars (0 without one).
    min: f64,
    /// Each column's coefficient in its tranche's knapsack row (1 / width).
    coef: Vec<f64>,
    /// Tranches (knapsack rows, one per tranche index).
    tranches: usize,
}

/// A plan found: its impact and LP-unit column values.
type Found = (f64, Vec<f64>);

impl<'a> Search<'a> {
    fn new(model: &'a Model, groups: usize, limits: IntegerLimits, solver: Solver) -> Search<'a> {
        let mut cols_of = vec![Vec::new(); groups];
        for (j, c) in model.cols.iter().enumerate() {
            cols_of[c.group].push(j);
        }
        let locked: Vec<bool> =
            model.caps.iter().map(|c| c.lock.is_some_and(|a| a > 0.0)).collect();
        // A tranche's width: the column's bound, or with periods the tranche
        // row (the columns of one tranche over the periods share it).
        let mut width: Vec<f64> = model.lp.cols.iter().map(|c| c.hi - c.lo).collect();
        for (r, kind) in model.rows.iter().enumerate() {
            if let RowKind::Tranche { .. } = kind {
                for &(j, _) in &model.lp.rows[r].terms {
                    width[j] = width[j].min(model.lp.rows[r].hi);
                }
            }
        }
        let coef = model
            .cols
            .iter()
            .enumerate()
            .map(|(j, c)| {
                let cap = model.caps[c.group].cap / SCALE;
                // A smaller coefficient is still valid; it keeps tiny
                // tranches from making the row badly scaled.
                let w = width[j].min(cap).max(1e-3 * cap);
                if w > 0.0 && w.is_finite() {
                    1.0 / w
                } else {
                    0.0
                }
            })
            .collect();
        let tranches = model.cols.iter().map(|c| c.tranche + 1).max().unwrap_or(0);
        Search {
            model,
            limits,
            solver,
            cols_of,
            locked_count: locked.iter().filter(|&&l| l).count(),
            locked,
            min: limits.min_grant.unwrap_or(0.0),
            coef,
            tranches,
        }
    }

    /// The relaxation at a node. Rows: the model's, then (max_groups) the
    /// knapsack rows, then one minimum row per group inside, in the order
    /// they went in — so a child's rows extend its parent's, and the
    /// parent's basis fits.
    fn node_lp(&self, inside: &[usize], outside: &[usize]) -> Lp {
        let model = self.model;
        let mut lp = model.lp.clone();
        let mut free = vec![true; self.cols_of.len()];
        for &g in outside {
            free[g] = false;
            for &j in &self.cols_of[g] {
                lp.cols[j].hi = lp.cols[j].lo;
            }
        }
        for &g in inside {
            free[g] = false;
        }
        if let Some(k) = self.limits.max_groups {
            let room = k as f64 - (inside.len() + self.locked_count) as f64;
            let mut by_tranche = vec![Vec::new(); self.tranches];
            let mut whole = Vec::new();
            for (g, cols) in self.cols_of.iter().enumerate() {
                if self.locked[g] || !free[g] {
                    continue;
                }
                let cap = model.caps[g].cap / SCALE;
                for &j in cols {
                    if self.coef[j] > 0.0 {
                        by_tranche[model.cols[j].tranche].push((j, self.coef[j]));
                    }
                    if cap > 0.0 {
                        whole.push((j, 1.0 / cap));
                    }
                }
            }
            for terms in by_tranche {
                lp.row(terms, f64::NEG_INFINITY, room);
            }
            lp.row(whole, f64::NEG_INFINITY, room);
        }
        if self.min > 0.0 {
            for &g in inside {
                lp.row(
                    self.cols_of[g].iter().map(|&j| (j, 1.0)).collect(),
                    self.min / SCALE,
                    f64::INFINITY,
                );
            }
        }
        lp
    }

    /// Solve a node, warm from `start` where the bounded simplex is in use
    /// (its infeasibility comes with a checked certificate); cold if the
    /// warm start fails.
    fn solve_node(
        &self,
        lp: &Lp,
        start: Option<&Basis>,
    ) -> Result<(LpSolution, Option<Basis>), LpError> {
        if self.solver == Solver::Simplex && lp.rows.len() <= DENSE_ROWS {
            if start.is_some() {
                match simplex::solve_from(lp, start) {
                    Ok((sol, b)) => return Ok((sol, Some(b))),
                    Err(LpError::Infeasible) => return Err(LpError::Infeasible),
                    Err(_) => {}
                }
            }
            match simplex::solve_from(lp, None) {
                Ok((sol, b)) => return Ok((sol, Some(b))),
                Err(LpError::Infeasible) => return Err(LpError::Infeasible),
                Err(_) => {}
            }
        }
        lp.solve(self.solver).map(|s| (s, None))
    }

    /// Bounds from duals (reduced-cost fixing). For any duals y, the
    /// program's optimum is at most L(y) = Σ_v max(d_v lo_v, d_v hi_v) over
    /// columns and row slacks (d: reduced costs; a slack's is y_i). Taking
    /// the node's optimal duals, L is re-evaluated for "group g out" (its
    /// columns to 0) and "g in" (its knapsack terms gone, one place fewer in
    /// each knapsack row); a side whose L cannot beat `incumbent` is closed,
    /// so g is fixed to the other. Returns (must be out, must be in);
    /// `None` when both sides of some group are closed (prune the node).
    fn fixings(
        &self,
        lp: &Lp,
        y: &[f64],
        free: &[usize],
        incumbent: f64,
        beats: &dyn Fn(f64, f64) -> bool,
    ) -> Option<(Vec<usize>, Vec<usize>)> {
        let n = lp.cols.len();
        let base_rows = self.model.lp.rows.len();
        let knapsack = if self.limits.max_groups.is_some() {
            base_rows..base_rows + self.tranches + 1
        } else {
            base_rows..base_rows
        };
        let mut price = vec![0.0; n];
        let mut knap = vec![0.0; n];
        for (i, row) in lp.rows.iter().enumerate() {
            if y[i] == 0.0 {
                continue;
            }
            for &(j, a) in &row.terms {
                price[j] += y[i] * a;
                if knapsack.contains(&i) {
                    knap[j] += y[i] * a;
                }
            }
        }
        let term = |d: f64, lo: f64, hi: f64| {
            if d > 0.0 {
                d * hi
            } else if d < 0.0 {
                d * lo
            } else {
                0.0
            }
        };
        let d: Vec<f64> = (0..n).map(|j| lp.cols[j].obj - price[j]).collect();
        let mut total: f64 = (0..n).map(|j| term(d[j], lp.cols[j].lo, lp.cols[j].hi)).sum();
        total += lp.rows.iter().zip(y).map(|(r, &yi)| term(yi, r.lo, r.hi)).sum::<f64>();
        if !total.is_finite() || incumbent == f64::NEG_INFINITY {
            return Some((Vec::new(), Vec::new()));
        }
        let room_cost: f64 = knapsack.map(|i| y[i].max(0.0)).sum();
        let (mut out, mut inn) = (Vec::new(), Vec::new());
        for &g in free {
            let cols = &self.cols_of[g];
            let now: f64 = cols.iter().map(|&j| term(d[j], lp.cols[j].lo, lp.cols[j].hi)).sum();
            let at_lo: f64 = cols.iter().map(|&j| d[j] * lp.cols[j].lo).sum();
            let freed: f64 =
                cols.iter().map(|&j| term(d[j] + knap[j], lp.cols[j].lo, lp.cols[j].hi)).sum();
            let out_bound = total - now + at_lo;
            let in_bound = total - room_cost - now + freed;
            match (beats(out_bound, incumbent), beats(in_bound, incumbent)) {
                (false, false) => return None,
                (false, true) => inn.push(g),
                (true, false) => out.push(g),
                (true, true) => {}
            }
        }
        Some((out, inn))
    }

    /// Dollars of group g in `x`.
    fn amount(&self, x: &[f64], g: usize) -> f64 {
        self.cols_of[g].iter().map(|&j| x[j]).sum::<f64>() * SCALE
    }

    /// Impact (LP units) of group g in `x`.
    fn impact(&self, x: &[f64], g: usize) -> f64 {
        self.cols_of[g].iter().map(|&j| x[j] * self.model.lp.cols[j].obj).sum()
    }

    /// The best plan funding exactly the groups `chosen` (and the locked
    /// ones) as far as the other limits allow, each at least the minimum.
    fn fixed_plan(&self, chosen: &[usize]) -> Option<Found> {
        let mut kept: Vec<usize> = chosen
            .iter()
            .chain((0..self.cols_of.len()).filter(|&g| self.locked[g]).collect::<Vec<_>>().iter())
            .flat_map(|&g| self.cols_of[g].iter().copied())
            .collect();
        kept.sort_unstable();
        kept.dedup();
        let (mut sub, _) = self.model.lp.restrict_nonempty(&kept).ok()?;
        sub.blocks = None;
        if self.min > 0.0 {
            let mut at = vec![usize::MAX; self.model.lp.cols.len()];
            for (k, &j) in kept.iter().enumerate() {
                at[j] = k;
            }
            for &g in chosen {
                let terms = self.cols_of[g].iter().map(|&j| (at[j], 1.0)).collect();
                sub.row(terms, self.min / SCALE, f64::INFINITY);
            }
        }
        let sol = sub.solve(self.solver).ok()?;
        let mut x: Vec<f64> = self.model.lp.cols.iter().map(|c| c.lo).collect();
        for (k, &j) in kept.iter().enumerate() {
            x[j] = sol.x[k];
        }
        Some((self.model.lp.objective(&x), x))
    }

    /// The first plan: the relaxation's top groups (by their impact in it,
    /// then by what they could give at their cap), then swaps of a funded
    /// group for an unfunded one while one helps.
    fn first_plan(
        &self,
        root: &[f64],
        outside: &[usize],
        tried: &mut HashSet<Vec<usize>>,
    ) -> Option<Found> {
        let free: Vec<usize> = (0..self.cols_of.len())
            .filter(|&g| !self.locked[g] && !self.cols_of[g].is_empty() && !outside.contains(&g))
            .collect();
        let periods = self.model.periods.max(1) as f64;
        let standalone = |g: usize| -> f64 {
            self.cols_of[g]
                .iter()
                .map(|&j| self.model.lp.cols[j].obj / self.coef[j].max(1e-300))
                .sum::<f64>()
                / periods
        };
        let mut ranked: Vec<(usize, f64, f64)> =
            free.iter().map(|&g| (g, self.impact(root, g), standalone(g))).collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.2.total_cmp(&a.2)).then(a.0.cmp(&b.0)));
        let room = match self.limits.max_groups {
            Some(k) => (k as usize).checked_sub(self.locked_count)?,
            None => ranked
                .iter()
                .filter(|r| self.amount(root, r.0) >= self.min - ZERO && r.1 > 0.0)
                .count(),
        };
        // Rows that need money (floors, state minimums) first: their best
        // members until their caps cover the need; then the best of the rest.
        let mut chosen: Vec<usize> = Vec::new();
        let mut taken = vec![false; self.cols_of.len()];
        for row in self.model.lp.rows.iter().filter(|r| r.lo > 0.0 && r.hi.is_infinite()) {
            let mut member = vec![false; self.cols_of.len()];
            for &(j, _) in &row.terms {
                member[self.model.cols[j].group] = true;
            }
            let mut have: f64 = chosen
                .iter()
                .filter(|&&g| member[g])
                .map(|&g| self.model.caps[g].cap / SCALE)
                .sum();
            for r in &ranked {
                if have >= row.lo || chosen.len() >= room {
                    break;
                }
                if member[r.0] && !taken[r.0] {
                    taken[r.0] = true;
                    chosen.push(r.0);
                    have += self.model.caps[r.0].cap / SCALE;
                }
            }
        }
        for r in &ranked {
            if chosen.len() >= room {
                break;
            }
            if !taken[r.0] {
                taken[r.0] = true;
                chosen.push(r.0);
            }
        }
        chosen.sort_unstable();
        tried.insert(chosen.clone());
        let mut best = self.fixed_plan(&chosen);
        if self.limits.max_groups.is_none() {
            return best;
        }
        let pool: Vec<usize> =
            ranked.iter().filter(|r| !taken[r.0]).take(2 * room + 10).map(|r| r.0).collect();
        let mut attempts = 0;
        'improve: while let Some((value, x)) = best.clone() {
            let mut weakest = chosen.clone();
            weakest.sort_by(|&a, &b| {
                self.impact(&x, a).total_cmp(&self.impact(&x, b)).then(a.cmp(&b))
            });
            for &out in weakest.iter().take(8) {
                for &cand in pool.iter().filter(|g| !chosen.contains(g)).take(12) {
                    attempts += 1;
                    if attempts > SWAP_LIMIT {
                        break 'improve;
                    }
                    let mut trial: Vec<usize> =
                        chosen.iter().copied().filter(|&g| g != out).chain([cand]).collect();
                    trial.sort_unstable();
                    if !tried.insert(trial.clone()) {
                        continue;
                    }
                    if let Some((v, tx)) = self.fixed_plan(&trial) {
                        if v > value + 1e-9 * value.abs().max(1e-12) {
                            chosen = trial;
                            best = Some((v, tx));
                            continue 'improve;
                        }
                    }
                }
            }
            break;
        }
        best
    }
}

/// Solve `model` with the integer limits; returns the LP-unit column values
/// of the best plan and the search report.
pub fn solve(
    model: &Model,
    groups: usize,
    limits: IntegerLimits,
    solver: Solver,
) -> Result<(Vec<f64>, MilpReport), LpError> {
    let search = Search::new(model, groups, limits, solver);
    let min = search.min;
    // Groups that cannot reach the minimum are out from the start.
    let never: Vec<usize> = (0..groups)
        .filter(|&g| {
            !search.locked[g] && !search.cols_of[g].is_empty() && model.caps[g].cap + 1e-9 < min
        })
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
    let mut tried: HashSet<Vec<usize>> = HashSet::new();
    let mut heap = BinaryHeap::new();
    let mut seq = 0;
    let mut unsolved = false;
    let mut first_done = false;
    let mut dive = Some(Node {
        bound: f64::INFINITY,
        inside: Vec::new(),
        outside: never,
        seq,
        depth: 0,
        basis: None,
    });
    let beats = |bound: f64, incumbent: f64| {
        incumbent == f64::NEG_INFINITY
            || bound > incumbent + GAP_TOLERANCE * incumbent.abs().max(1e-12)
    };
    while let Some(node) = dive.take().or_else(|| heap.pop()) {
        if !beats(node.bound, report.incumbent) {
            continue; // cannot beat the plan in hand
        }
        if report.nodes >= NODE_LIMIT {
            heap.push(node);
            report.node_limit = true;
            break;
        }
        report.nodes += 1;
        let lp = search.node_lp(&node.inside, &node.outside);
        let (sol, basis) = match search.solve_node(&lp, node.basis.as_deref()) {
            Ok(v) => v,
            Err(LpError::Infeasible) => continue,
            Err(_) => {
                unsolved = true; // cannot prove anything below this node
                continue;
            }
        };
        if !first_done {
            first_done = true;
            if let Some((obj, x)) = search.first_plan(&sol.x, &node.outside, &mut tried) {
                if obj > report.incumbent {
                    report.incumbent = obj;
                    best = Some(x);
                }
            }
        }
        if !beats(sol.objective, report.incumbent) {
            continue;
        }
        let mut state = vec![0u8; groups]; // 0 free, 1 in, 2 out, 3 locked
        for &g in &node.inside {
            state[g] = 1;
        }
        for &g in &node.outside {
            state[g] = 2;
        }
        for (g, st) in state.iter_mut().enumerate() {
            if search.locked[g] || search.cols_of[g].is_empty() {
                *st = 3;
            }
        }
        let is_free = |g: usize| state[g] == 0;
        if let Some(b) = &basis {
            let free: Vec<usize> = (0..groups).filter(|&g| is_free(g)).collect();
            match search.fixings(&lp, &b.duals, &free, report.incumbent, &beats) {
                None => continue,
                Some((out, inn)) if !out.is_empty() || !inn.is_empty() => {
                    let mut fixed = node.clone();
                    fixed.bound = sol.objective;
                    fixed.outside.extend(out);
                    fixed.inside.extend(inn);
                    fixed.basis = basis.map(Rc::new);
                    dive = Some(fixed);
                    continue;
                }
                Some(_) => {}
            }
        }
        let amount: Vec<f64> = (0..groups).map(|g| search.amount(&sol.x, g)).collect();
        let free_funded: Vec<usize> =
            (0..groups).filter(|&g| is_free(g) && amount[g] > ZERO).collect();
        let funded = free_funded.len() + node.inside.len() + search.locked_count;
        let too_small: Vec<usize> =
            free_funded.iter().copied().filter(|&g| amount[g] < min - ZERO).collect();
        let too_many = limits.max_groups.is_some_and(|k| funded > k as usize);
        if too_small.is_empty() && !too_many {
            report.incumbent = sol.objective;
            best = Some(sol.x);
            continue;
        }
        // A quick plan from this node: small grants out, then the largest K in.
        {
            let mut keep: Vec<usize> =
                free_funded.iter().copied().filter(|&g| amount[g] >= min - ZERO).collect();
            let room = limits
                .max_groups
                .map(|k| (k as usize).saturating_sub(node.inside.len() + search.locked_count));
            if let Some(room) = room {
                keep.sort_by(|&a, &b| amount[b].total_cmp(&amount[a]).then(a.cmp(&b)));
                keep.truncate(room);
            }
            let mut chosen = node.inside.clone();
            chosen.extend(&keep);
            chosen.sort_unstable();
            if tried.insert(chosen.clone()) {
                if let Some((obj, x)) = search.fixed_plan(&chosen) {
                    if obj > report.incumbent {
                        report.incumbent = obj;
                        best = Some(x);
                    }
                }
            }
        }
        if !beats(sol.objective, report.incumbent) {
            continue;
        }
        // Branch on the most ambiguous group: a grant nearest half the
        // minimum, else the group whose fullest tranche is nearest half full.
        let fill = |g: usize| -> f64 {
            search.cols_of[g].iter().map(|&j| sol.x[j] * search.coef[j]).fold(0.0, f64::max)
        };
        let (pick, lean_in) = if !too_small.is_empty() {
            let g = *too_small
                .iter()
                .min_by(|&&a, &&b| {
                    (amount[a] - min / 2.0)
                        .abs()
                        .total_cmp(&(amount[b] - min / 2.0).abs())
                        .then(a.cmp(&b))
                })
                .unwrap();
            (g, amount[g] >= min / 2.0)
        } else {
            let g = *free_funded
                .iter()
                .min_by(|&&a, &&b| {
                    (fill(a) - 0.5).abs().total_cmp(&(fill(b) - 0.5).abs()).then(a.cmp(&b))
                })
                .unwrap();
            (g, fill(g) >= 0.5)
        };
        let basis = basis.map(Rc::new);
        for into in [lean_in, !lean_in] {
            let mut child = Node {
                bound: sol.objective,
                inside: node.inside.clone(),
                outside: node.outside.clone(),
                seq: 0,
                depth: node.depth + 1,
                basis: basis.clone(),
            };
            if into {
                child.inside.push(pick);
            } else {
                child.outside.push(pick);
            }
            seq += 1;
            child.seq = seq;
            if into == lean_in {
                dive = Some(child);
            } else {
                heap.push(child);
            }
        }
    }
    let open_bound = heap.iter().map(|n| n.bound).fold(f64::NEG_INFINITY, f64::max);
    let Some(x) = best else {
        return Err(if unsolved {
            LpError::Solver("no node of the integer search could be solved".into())
        } else {
            LpError::Infeasible
        });
    };
    report.bound = open_bound.max(report.incumbent);
    report.gap = if report.bound > 0.0 {
        ((report.bound - report.incumbent) / report.bound).max(0.0)
    } else {
        0.0
    };
    report.proven_optimal = report.gap <= GAP_TOLERANCE && !unsolved;
    if report.proven_optimal {
        report.gap = 0.0;
        report.node_limit = false;
    }
    Ok((x, report))
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
        let groups = 2 + (lcg(&mut s) * 8.0) as usize;
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
        if lcg(&mut s) < 0.4 {
            // A state cap over the odd groups.
            let terms: Vec<(usize, f64)> =
                (0..cols.len()).filter(|&j| cols[j].group % 2 == 1).map(|j| (j, 1.0)).collect();
            lp.row(terms, f64::NEG_INFINITY, budget * 0.3);
            rows.push(RowKind::StateMax { state: 0 });
        }
        (
            Model {
                lp,
                cols,
                rows,
                caps,
                periods: 1,
                ceilings: Vec::new(),
                penalty: 0.0,
                cuts: Vec::new(),
                basis: None,
            },
            groups,
        )
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
        for seed in 0..200u64 {
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
