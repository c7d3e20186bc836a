//! Minimum grants and a maximum number of funded groups (MODEL.md §3):
//! x_g = 0 or x_g ≥ min_grant, and at most `max_groups` groups funded.
//!
//! Branch and bound on groups, with the LP relaxation solved by the same
//! solver as the plain plan. A node fixes some groups *out* (x_g = 0) and
//! some *in* (x_g ≥ min_grant, counting toward max_groups); free groups are
//! relaxed. With `max_groups`, one period and no c3 pieces, "at most K
//! funded" is relaxed by each group's convex hull (`Strong`): a free
//! group's money goes through columns d_gl ∈ [0, 1] ("its pieces 1..l
//! full"; a funded group may always fill its pieces from the bottom, as
//! factors fall), with one knapsack row Σ d ≤ K − |in| − |locked| and a
//! fill row Σ_l d_gl ≤ 1 for the groups whose relaxation breaks it.
//! With `max_groups` where pieces cannot be filled from the bottom
//! (periods, c3 pieces) by the hull form ([`Search::build_hull`]): z_g ∈
//! [0, 1] per free group, the group's own rows scaled by it, Σ z ≤ K; a
//! node then differs from another in bounds only.
//! Otherwise (`min_grant` alone) by knapsack rows over the free groups: one per tranche,
//! Σ x_gk / w_gk ≤ K − |in|, and the row over whole caps, Σ x_g / cap_g ≤
//! K − |in|. The minimum grant is relaxed to nothing at all (a small grant
//! is feasible in the relaxation).
//!
//! In the pieces form each group also has an empty place d_g0 (funded,
//! no money: worth nothing, one place in the knapsack), so a funded group
//! always takes a whole place. That makes cover cuts on the effect
//! ceilings valid ([`Search::cover_cuts`]): a race counts at most N_r net
//! votes, so in its ceiling row any set of groups may be counted at
//! min(N_r, U_g) per place (U_g: the group's net votes there with every
//! piece full) instead of by their pieces. Where a relaxation funds groups
//! at part of a place whose pieces alone pass a ceiling, the cut with
//! those groups is broken and joins the program (up to twenty rounds a node, up
//! to two cuts per ceiling row and 200 more). On the 300- and 3,000-group
//! benchmarks they bring the root's bound from 3.2% and 2.1% above the
//! optimum to 1.5% and 0.9%.
//!
//! Effect ceilings the program lacks join it during the search
//! ([`Extend`]): where a node's relaxation or a plan tried passes one, the
//! row is added (it holds for every plan) and the node solved again.
//!
//! The search: best bound first, with depth-first dives from each node it
//! takes (the child its relaxation leans to goes next), so plans turn up
//! early. A child starts from its parent's optimal basis (the dual simplex
//! repairs the bound it changed); on the strong relaxation the simplex of
//! the last node is kept ([`simplex::Resolver`]), so a dive's child goes on
//! from its parent's basis inverse without refactoring it, and a basis made
//! before the model gained ceiling rows is carried to the new rows
//! ([`Layout`]). The strong relaxation branches on the group with the
//! largest product of estimated bound losses of its two children
//! (pseudo-costs: the loss per unit of Σ d moved, learned from the
//! branchings so far; a group without one on a side has both children
//! solved first — strong branching, up to 1,000 programs in all). The
//! first plan is strong: the groups the relaxation gives most of a place
//! (and of their cap), improved by swapping
//! a funded group for an unfunded one while that helps; the root (and a
//! node while there is no plan yet) also rounds its relaxation to a plan,
//! and a node whose relaxation keeps the limits is one. A plan of a
//! fixed set of groups is solved warm from the last one's basis. The search
//! stops when the gap is closed (within [`GAP_TOLERANCE`]) or after
//! [`NODE_LIMIT`] nodes (a count, not a clock, so results never depend on
//! the machine), and reports the remaining gap.

use std::cell::RefCell;
use std::collections::{BinaryHeap, HashSet};
use std::rc::Rc;

use serde::Serialize;

use crate::base::progress::{self, Status};
use crate::plan::ceiling::WARM_ROWS;
use crate::plan::lp::simplex::{self, Basis};
use crate::plan::lp::{Lp, LpError, LpSolution, Solver, DENSE_ROWS};
use crate::plan::model::{Model, RowKind, SCALE};

/// Rounds of cover cuts at a node, at most.
const CUT_ROUNDS: usize = 20;
/// Cover cuts at most: this many per effect ceiling in the program at the
/// start, and this many more.
const CUTS_PER_CEILING: usize = 2;
const CUTS_MORE: usize = 200;
/// Nodes explored at most.
pub const NODE_LIMIT: usize = 20_000;
/// Relative gap at which the search stops.
pub const GAP_TOLERANCE: f64 = 1e-7;
/// Dollars below which a grant counts as zero.
const ZERO: f64 = 0.5;
/// Swaps the first plan tries at most.
const SWAP_LIMIT: usize = 400;
/// Swaps tried at most from the better plans found later, in all.
const SWAP_BUDGET: usize = 4000;
/// Child programs solved at most for strong branching, in all.
const STRONG_SOLVES: usize = 1000;
/// Groups without a pseudo-cost on a side tried by strong branching at a
/// node, at most.
const STRONG_CANDIDATES: usize = 4;

/// The status line of a search: nodes so far, the best plan's impact and
/// the best bound (win-equivalents), and the gap between them.
fn status_line(nodes: usize, incumbent: f64, bound: f64) -> String {
    let plural = if nodes == 1 { "" } else { "s" };
    let mut line = format!("integer search: {nodes} node{plural}");
    if incumbent.is_finite() {
        line += &format!(", best plan {incumbent:.4}");
    } else {
        line += ", no plan yet";
    }
    if bound.is_finite() {
        line += &format!(", bound {bound:.4}");
        if incumbent.is_finite() && bound > 0.0 {
            line += &format!(" (gap {:.2}%)", 100.0 * ((bound - incumbent) / bound).max(0.0));
        }
    }
    line
}

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
    /// The groups out, as a bit set (thousands of nodes wait in the heap,
    /// and reduced-cost fixing puts many groups out).
    outside: Vec<u64>,
    seq: usize,
    depth: usize,
    /// The parent's optimal basis, to start from.
    basis: Option<Rc<Packed>>,
    /// The search's model version and the rows of its program (before
    /// the node's own rows) when that basis was made.
    version: usize,
    rows_at: usize,
    /// The branch that made this node: the group, into (true) or out of
    /// the plan, and how far its Σ d had to move (for the pseudo-costs).
    branch: Option<(usize, bool, f64)>,
}

/// The bit set of `groups`.
fn bits_of(groups: &[usize], len: usize) -> Vec<u64> {
    let mut bits = vec![0u64; len.div_ceil(64)];
    for &g in groups {
        bits[g / 64] |= 1 << (g % 64);
    }
    bits
}

/// The members of a bit set, in increasing order.
fn bits_list(bits: &[u64]) -> Vec<usize> {
    bits.iter()
        .enumerate()
        .flat_map(|(w, &b)| (0..64).filter(move |k| b >> k & 1 == 1).map(move |k| w * 64 + k))
        .collect()
}

/// A basis as a node keeps it (thousands wait in the heap): the basic
/// variables, and the non-basics at their upper bound as a bit set (a list
/// of them would hold up to one entry per column).
#[derive(Debug)]
struct Packed {
    basic: Vec<u32>,
    upper: Vec<u64>,
}

impl Packed {
    fn new(b: &Basis) -> Packed {
        let top = b.upper.iter().max().map_or(0, |&v| v + 1);
        Packed { basic: b.basic.iter().map(|&v| v as u32).collect(), upper: bits_of(&b.upper, top) }
    }

    fn unpack(&self) -> Basis {
        let upper = bits_list(&self.upper);
        Basis {
            rows: self.basic.len(),
            basic: self.basic.iter().map(|&v| v as usize).collect(),
            upper,
            duals: Vec::new(),
        }
    }
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

/// Adds rows a plan shows the program lacks (the effect ceilings it
/// passes): returns the program with them, or `None` when it lacks none.
/// Every such row must hold for every plan of the full model.
pub type Extend<'e> = dyn FnMut(&Model, &[f64]) -> Option<Model> + 'e;

/// The strong relaxation of "at most K funded" (module docs): each
/// candidate group's d columns (d_gl: its pieces 1..l full), the knapsack
/// row Σ d ≤ K − |in| − |locked|, and fill rows Σ_l d_gl ≤ 1, added only
/// for the groups whose relaxation breaks one.
struct Strong {
    /// The model's program with the d columns, the knapsack row and the
    /// fill rows found so far (in that order).
    lp: Lp,
    /// First d column of each candidate group (one per piece; the hull
    /// form: its one z column).
    dcols: Vec<Option<usize>>,
    /// The knapsack row.
    knap: usize,
    /// Pieces form: the rows added after the knapsack row, in order (fill
    /// rows and cover cuts), to build the program again as it was.
    added: Vec<Added>,
    /// Pieces form: the group of each column past the model's.
    owner: Vec<usize>,
    /// The hull form ([`Search::build_hull`]) instead of pieces.
    hull: bool,
    /// Hull form: the rows added where a relaxation broke them, in order.
    lazy: Vec<Lazy>,
    /// Hull form: columns with a row x_j ≤ u_j z_g, groups with a row
    /// Σ x_g ≥ min_grant · z_g.
    has_vub: Vec<bool>,
    has_min: Vec<bool>,
}

/// A row of the pieces form added after its knapsack row.
#[derive(Debug, Clone, PartialEq)]
enum Added {
    /// Group g's fill row, Σ_l d_gl ≤ 1 (its empty place d_g0 included).
    Fill(usize),
    /// A cover cut on the effect ceiling of a race: its ceiling row with
    /// the groups listed counted at most min(N_r, U_g) per place
    /// ([`Search::cover_cuts`]).
    Cut(usize, Vec<usize>),
}

/// A part of a ceiling row of the pieces form ([`Search::ceiling_parts`]).
enum RowPart<'r> {
    /// Group g's pieces (its d columns from `first`), and the votes of the
    /// last one.
    Group { g: usize, first: usize, pieces: &'r [(usize, f64)], top: f64 },
    /// A term of no group's pieces: a model column or the race's y_r.
    Other(usize, f64),
}

/// A row of the hull form added where a relaxation broke it (each holds
/// for every plan: z_g = 1 for a funded group, and 0 with its grant).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Lazy {
    /// x_j ≤ u_j · z_g for column j (of group g, with a finite bound u_j).
    Vub(usize),
    /// Σ_j x_gj ≥ min_grant · z_g.
    Min(usize),
}

/// What the search knows about the program.
struct Search<'a> {
    model: Model,
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
    /// The strong relaxation, where it applies.
    strong: Option<Strong>,
    /// Bumped each time the model gains rows from `extend`.
    version: usize,
    /// Groups the swaps draw on (the first plan's best unfunded ones).
    pool: Vec<usize>,
    /// The simplex of the last node solved, with the key of its matrix
    /// (model version, fill rows, groups with a minimum row): a node with
    /// the same key goes on from it ([`simplex::Resolver`]).
    resolver: Option<(MatrixKey, simplex::Resolver)>,
    /// The model's layout at each version, to carry a basis made at an
    /// older one.
    layouts: Vec<Layout>,
    /// The simplex of the last plan tried ([`Search::fixed_plan_warm`]),
    /// with its model version and the basis it ended at.
    fixed_resolver: Option<(usize, simplex::Resolver, Basis)>,
    /// Hull form: a bound on the plan of any fixed set of groups, from the
    /// root's duals ([`Search::fixed_bound`]).
    fixed_bounds: Option<FixedBounds>,
    extend: &'a mut Extend<'a>,
    /// Programs of nodes done with, for the next nodes' to be copied over.
    spare_lps: Rc<RefCell<Vec<Lp>>>,
}

/// A node's program ([`Search::node_lp`]). Dropped, its buffers go back to
/// the search for the next node's (each node's program is a copy of the
/// model's or the strong relaxation's, written into the last one's memory).
struct NodeLp {
    lp: Lp,
    spare: Rc<RefCell<Vec<Lp>>>,
}

/// Node programs kept for reuse, at most: one is enough (a node's program
/// is dropped before the next node's is made; a node solved again with
/// rows added, and strong branching's children, make theirs while one is
/// alive), and each is the size of the whole program (3.5 MB at 3,000
/// groups: four kept cost 14 MB more at the peak, for no fewer
/// instructions).
const SPARE_LPS: usize = 1;

impl std::ops::Deref for NodeLp {
    type Target = Lp;
    fn deref(&self) -> &Lp {
        &self.lp
    }
}

impl std::ops::DerefMut for NodeLp {
    fn deref_mut(&mut self) -> &mut Lp {
        &mut self.lp
    }
}

impl Drop for NodeLp {
    fn drop(&mut self) {
        if let Ok(mut spare) = self.spare.try_borrow_mut() {
            if spare.len() < SPARE_LPS {
                spare.push(std::mem::take(&mut self.lp));
            }
        }
    }
}

/// Where a model version's effect ceilings sit: its columns and rows, and
/// the races with a ceiling (each with its column and row). Every other
/// column and row is the same, in the same order, at every version.
struct Layout {
    cols: usize,
    rows: usize,
    /// (race, column, row), by race.
    ceilings: Vec<(usize, usize, usize)>,
}

impl Layout {
    fn of(model: &Model) -> Layout {
        let mut ceilings: Vec<(usize, usize, usize)> =
            model.ceilings.iter().map(|c| (c.race, c.col, c.row)).collect();
        ceilings.sort_unstable();
        Layout { cols: model.lp.cols.len(), rows: model.lp.rows.len(), ceilings }
    }

    /// Old index → new index of the model's columns (`rows` false) or rows,
    /// from this layout to `new`.
    fn map(&self, new: &Layout, rows: bool) -> Vec<Option<usize>> {
        let pick = |l: &Layout| -> (usize, Vec<(usize, usize)>) {
            let len = if rows { l.rows } else { l.cols };
            (len, l.ceilings.iter().map(|&(r, c, w)| (r, if rows { w } else { c })).collect())
        };
        let (old_len, old_ceil) = pick(self);
        let (new_len, new_ceil) = pick(new);
        let mut old_is = vec![None; old_len];
        for &(r, at) in &old_ceil {
            old_is[at] = Some(r);
        }
        let mut new_is = vec![false; new_len];
        for &(_, at) in &new_ceil {
            new_is[at] = true;
        }
        let mut plain = (0..new_len).filter(|&k| !new_is[k]);
        old_is
            .iter()
            .map(|race| match race {
                Some(r) => new_ceil.iter().find(|c| c.0 == *r).map(|c| c.1),
                None => plain.next(),
            })
            .collect()
    }
}

/// What a strong node program's matrix depends on: the model version, the
/// fill rows, and the groups inside with a minimum row (in their order).
type MatrixKey = (usize, usize, Vec<usize>);

/// Bound lost per unit of Σ d moved, by branch (0: out, 1: in): per group
/// and over all groups (the estimate for a group not yet branched on).
struct PseudoCosts {
    sum: [Vec<f64>; 2],
    count: [Vec<usize>; 2],
    all: [(f64, usize); 2],
}

impl PseudoCosts {
    /// Estimated loss of branching group g (at Σ d = z) out and in,
    /// multiplied (each at least a small floor).
    fn score(&self, g: usize, z: f64) -> f64 {
        let per = |side: usize| {
            if self.count[side][g] > 0 {
                self.sum[side][g] / self.count[side][g] as f64
            } else if self.all[side].1 > 0 {
                self.all[side].0 / self.all[side].1 as f64
            } else {
                1.0
            }
        };
        let floor = 1e-9;
        (per(0) * z).max(floor) * (per(1) * (1.0 - z)).max(floor)
    }
}

/// The dual bound L(y) of the hull program at the root's duals, split so
/// that it can be evaluated with every z_g fixed: a plan of the groups S
/// is worth at most `rest` + Σ_{g ∈ S} `inn[g]` + Σ_{g ∉ S} `out[g]`.
struct FixedBounds {
    /// The model version the duals belong to.
    version: usize,
    /// The root's program key (model version, hull rows) and optimal
    /// basis: the first fixed plan starts from it.
    start: (usize, Basis),
    rest: f64,
    inn: Vec<f64>,
    out: Vec<f64>,
}

/// A plan found: its impact and LP-unit column values.
type Found = (f64, Vec<f64>);

impl<'a> Search<'a> {
    fn new(
        model: Model,
        groups: usize,
        limits: IntegerLimits,
        solver: Solver,
        extend: &'a mut Extend<'a>,
    ) -> Search<'a> {
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
        // A tranche cut in two where the group's c3 room ends is one
        // tranche of the knapsack row: its pieces (in one period) share
        // the whole width, so a full tranche counts one place, not two.
        let mut whole: std::collections::HashMap<(usize, usize, usize), f64> =
            std::collections::HashMap::new();
        for (j, c) in model.cols.iter().enumerate() {
            *whole.entry((c.group, c.tranche, c.period)).or_insert(0.0) += width[j];
        }
        let coef = model
            .cols
            .iter()
            .map(|c| {
                let cap = model.caps[c.group].cap / SCALE;
                // A smaller coefficient is still valid; it keeps tiny
                // tranches from making the row badly scaled.
                let w = whole[&(c.group, c.tranche, c.period)].min(cap).max(1e-3 * cap);
                if w > 0.0 && w.is_finite() {
                    1.0 / w
                } else {
                    0.0
                }
            })
            .collect();
        let tranches = model.cols.iter().map(|c| c.tranche + 1).max().unwrap_or(0);
        let mut search = Search {
            model,
            limits,
            solver,
            cols_of,
            locked_count: locked.iter().filter(|&&l| l).count(),
            locked,
            min: limits.min_grant.unwrap_or(0.0),
            coef,
            tranches,
            strong: None,
            version: 0,
            pool: Vec::new(),
            resolver: None,
            layouts: Vec::new(),
            fixed_resolver: None,
            fixed_bounds: None,
            extend,
            spare_lps: Rc::default(),
        };
        search.layouts.push(Layout::of(&search.model));
        if search.strong_applies() {
            search.strong = Some(search.build_strong(&[]));
        } else if search.hull_applies() {
            search.strong = Some(search.build_hull(&[]));
        }
        search
    }

    /// The hull form applies with `max_groups` wherever the pieces do not
    /// (periods, c3 pieces): every candidate group's column is bounded,
    /// by its own bound or by a tranche row of its group.
    fn hull_applies(&self) -> bool {
        let m = &self.model;
        if self.limits.max_groups.is_none() {
            return false;
        }
        let mut covered = vec![false; m.lp.cols.len()];
        for (r, kind) in m.rows.iter().enumerate() {
            if let RowKind::Tranche { .. } = kind {
                if m.lp.rows[r].hi.is_finite() {
                    for &(j, _) in &m.lp.rows[r].terms {
                        covered[j] = true;
                    }
                }
            }
        }
        self.cols_of.iter().flatten().all(|&j| covered[j] || m.lp.cols[j].hi.is_finite())
    }

    /// The hull form of "at most K funded" (the perspective of each
    /// group's own limits): a column z_g ∈ [0, 1] per candidate group, its
    /// private rows (tranche, per-period cap) scaled by it in place —
    /// Σ_t x_gkt ≤ w_k · z_g — and the knapsack row Σ z ≤ K − |locked|.
    /// A group in has z_g = 1, a group out z_g = 0. The links of bounded
    /// columns (x_j ≤ u_j z_g) and the minimum grant (Σ x_g ≥ min · z_g)
    /// are rows added where a relaxation breaks them (`lazy`, in order).
    /// Nodes differ in bounds only, so a node goes on from the last one's
    /// simplex.
    fn build_hull(&self, lazy: &[Lazy]) -> Strong {
        let model = &self.model;
        let mut lp = model.lp.clone();
        lp.blocks = None;
        let mut dcols = vec![None; self.cols_of.len()];
        let mut knap = Vec::new();
        for (g, cols) in self.cols_of.iter().enumerate() {
            if self.locked[g] || cols.is_empty() {
                continue;
            }
            let z = lp.col(0.0, 1.0, 0.0);
            dcols[g] = Some(z);
            knap.push((z, 1.0));
        }
        for (r, kind) in model.rows.iter().enumerate() {
            let g = match *kind {
                RowKind::Tranche { group } | RowKind::PeriodCap { group, .. } => group,
                _ => continue,
            };
            let Some(z) = dcols[g] else { continue };
            let row = &mut lp.rows[r];
            if row.hi.is_finite() && row.lo == f64::NEG_INFINITY {
                // The row's bound, implied for each column, as the column's
                // own (so that the dual bounds of the search stay finite).
                for &(j, a) in &row.terms {
                    if a > 0.0 && lp.cols[j].lo >= 0.0 {
                        lp.cols[j].hi = lp.cols[j].hi.min(row.hi / a);
                    }
                }
                row.terms.push((z, -row.hi));
                row.hi = 0.0;
            }
        }
        let room = self.limits.max_groups.unwrap_or(0) as f64 - self.locked_count as f64;
        let knap = lp.row(knap, f64::NEG_INFINITY, room);
        let mut st = Strong {
            lp,
            dcols,
            knap,
            hull: true,
            added: Vec::new(),
            owner: Vec::new(),
            lazy: Vec::new(),
            has_vub: vec![false; model.lp.cols.len()],
            has_min: vec![false; self.cols_of.len()],
        };
        for &l in lazy {
            self.add_lazy(&mut st, l);
        }
        // Every minimum row from the start: they break one after another
        // as z moves (each costing a solve), and with them a plan of a
        // fixed set of groups is this program with z fixed.
        if self.min > 0.0 {
            for g in 0..self.cols_of.len() {
                if st.dcols[g].is_some() && !st.has_min[g] {
                    self.add_lazy(&mut st, Lazy::Min(g));
                }
            }
        }
        st
    }

    /// Add a row of the hull form.
    fn add_lazy(&self, st: &mut Strong, l: Lazy) {
        match l {
            Lazy::Vub(j) => {
                let g = self.model.cols[j].group;
                let Some(z) = st.dcols[g] else { return };
                let u = self.model.lp.cols[j].hi;
                st.lp.row(vec![(j, 1.0), (z, -u)], f64::NEG_INFINITY, 0.0);
                st.has_vub[j] = true;
            }
            Lazy::Min(g) => {
                let Some(z) = st.dcols[g] else { return };
                let mut terms: Vec<(usize, f64)> =
                    self.cols_of[g].iter().map(|&j| (j, 1.0)).collect();
                terms.push((z, -self.min / SCALE));
                st.lp.row(terms, 0.0, f64::INFINITY);
                st.has_min[g] = true;
            }
        }
        st.lazy.push(l);
    }

    /// The hull form's rows that node solution `v` breaks (per group the
    /// most broken column link, and its minimum), in group order. Where
    /// some minimum is broken, every candidate group gets its minimum row
    /// (they break one after another as z moves, each costing a solve).
    fn broken_hull(&self, st: &Strong, v: &[f64]) -> Vec<Lazy> {
        let mut out = Vec::new();
        let mut any_min = false;
        for (g, z) in st.dcols.iter().enumerate() {
            let Some(z) = *z else { continue };
            let zv = v[z];
            let mut worst: Option<(f64, usize)> = None;
            for &j in &self.cols_of[g] {
                let u = self.model.lp.cols[j].hi;
                if st.has_vub[j] || !u.is_finite() {
                    continue;
                }
                let miss = v[j] - u * zv;
                if miss > 1e-9 * u.max(1e-3) && worst.is_none_or(|w| miss > w.0) {
                    worst = Some((miss, j));
                }
            }
            if let Some((_, j)) = worst {
                out.push(Lazy::Vub(j));
            }
            if self.min > 0.0 && !st.has_min[g] {
                let x: f64 = self.cols_of[g].iter().map(|&j| v[j]).sum();
                if x < self.min / SCALE * zv - 1e-9 {
                    any_min = true;
                }
            }
        }
        if any_min {
            for (g, z) in st.dcols.iter().enumerate() {
                if z.is_some() && !st.has_min[g] {
                    out.push(Lazy::Min(g));
                }
            }
        }
        out
    }

    /// The strong relaxation is exact where a funded group's money may
    /// always fill its pieces from the bottom: one period, no c3 pieces,
    /// and factors that never rise from piece to piece (then moving a
    /// dollar down a group's pieces keeps every row — dollars are the same,
    /// and more net votes only loosen a ceiling row — and loses no impact).
    fn strong_applies(&self) -> bool {
        let m = &self.model;
        self.limits.max_groups.is_some()
            && m.periods == 1
            && !m.cols.iter().any(|c| c.c3)
            && !m.rows.iter().any(|r| matches!(r, RowKind::Tranche { .. }))
            && self.cols_of.iter().all(|cols| {
                cols.windows(2).all(|w| m.cols[w[1]].value <= m.cols[w[0]].value)
                    && cols.iter().all(|&j| (m.lp.cols[j].hi - m.lp.cols[j].lo).is_finite())
            })
    }

    /// The strong program over the model, with the rows `added` (fill rows
    /// and cover cuts, in order).
    fn build_strong(&self, added: &[Added]) -> Strong {
        let model = &self.model;
        let mut lp = model.lp.clone();
        lp.blocks = None;
        let ncols = model.cols.len();
        let mut col_terms: Vec<Vec<(usize, f64)>> = vec![Vec::new(); ncols];
        for (i, row) in model.lp.rows.iter().enumerate() {
            for &(j, a) in &row.terms {
                if j < ncols && a != 0.0 {
                    col_terms[j].push((i, a));
                }
            }
        }
        // Per row: N_r for a ceiling row (y_r ≤ votes bought), else ∞.
        // Votes counted in r are at most Σ over funded groups of
        // min(the group's votes there, N_r). A group filled bottom-up to
        // part of piece l has d_{l−1} = 1 − p, d_l = p, so its counted votes
        // are bounded by the chord between the two columns' coefficients:
        // exact votes up to and including the piece where the group alone
        // reaches N_r, and N_r for every later piece (a chord between two
        // points at or above N_r stays there) — valid, and much tighter
        // than the votes alone where one group passes the ceiling by itself
        // (a group at half a place would otherwise fill the race's ceiling).
        let mut ceiling_room = vec![f64::INFINITY; lp.rows.len()];
        for c in &model.ceilings {
            ceiling_room[c.row] = model.lp.cols[c.col].hi;
        }
        let mut dcols = vec![None; self.cols_of.len()];
        let mut knap = Vec::new();
        for (g, cols) in self.cols_of.iter().enumerate() {
            if self.locked[g] || cols.is_empty() {
                continue;
            }
            let mut acc: Vec<(usize, f64)> = Vec::new();
            let mut crossed: Vec<bool> = Vec::new();
            let mut obj = 0.0;
            let first = lp.cols.len();
            for &j in cols {
                let w = model.lp.cols[j].hi - model.lp.cols[j].lo;
                obj += w * model.lp.cols[j].obj;
                for &(i, a) in &col_terms[j] {
                    match acc.iter_mut().find(|t| t.0 == i) {
                        Some(t) => t.1 += w * a,
                        None => {
                            acc.push((i, w * a));
                            crossed.push(false);
                        }
                    }
                }
                let d = lp.col(0.0, 1.0, obj);
                for (&(i, a), crossed) in acc.iter().zip(crossed.iter_mut()) {
                    // Past the piece where the group alone reaches N_r, a
                    // ceiling row counts N_r (see `ceiling_room`).
                    let room = ceiling_room[i];
                    lp.rows[i].terms.push((d, if *crossed { -room } else { a }));
                    *crossed |= -a >= room;
                }
                knap.push((d, 1.0));
            }
            // The group's empty place d_g0: funded without money. Worth
            // nothing and in no row but the knapsack (and its fill row),
            // it lets a funded group take a whole place: what the cover
            // cuts count.
            knap.push((lp.col(0.0, 1.0, 0.0), 1.0));
            dcols[g] = Some(first);
        }
        let room = self.limits.max_groups.unwrap_or(0) as f64 - self.locked_count as f64;
        let knap = lp.row(knap, f64::NEG_INFINITY, room);
        let base = model.lp.cols.len();
        let mut owner = vec![usize::MAX; lp.cols.len() - base];
        for (g, first) in dcols.iter().enumerate() {
            if let Some(first) = *first {
                for d in self.places(first, g) {
                    owner[d - base] = g;
                }
            }
        }
        let mut strong = Strong {
            lp,
            dcols,
            knap,
            hull: false,
            added: Vec::new(),
            owner,
            lazy: Vec::new(),
            has_vub: Vec::new(),
            has_min: Vec::new(),
        };
        for a in added {
            match a {
                Added::Fill(g) => self.add_fill(&mut strong, *g),
                Added::Cut(race, over) => self.add_cut(&mut strong, *race, over),
            }
        }
        strong
    }

    /// Group g's d columns in the pieces form: one per piece, then its
    /// empty place d_g0.
    fn places(&self, first: usize, g: usize) -> std::ops::Range<usize> {
        first..first + self.cols_of[g].len() + 1
    }

    /// Add group g's fill row Σ_l d_gl ≤ 1.
    fn add_fill(&self, st: &mut Strong, g: usize) {
        let Some(first) = st.dcols[g] else { return };
        let terms = self.places(first, g).map(|d| (d, 1.0)).collect();
        st.lp.row(terms, f64::NEG_INFINITY, 1.0);
        st.added.push(Added::Fill(g));
    }

    /// Add a cover cut on the effect ceiling of `race`: its row of the
    /// pieces form, with each group of `over` counted at min(N_r, U_g) per
    /// place (U_g: its votes there with every piece full) instead of by its
    /// pieces. Valid for every plan: if a group of `over` is funded, it
    /// takes a whole place (its empty place fills the rest) and the row
    /// allows N_r, all a race counts; if none is, the row is the ceiling
    /// row itself.
    fn add_cut(&self, st: &mut Strong, race: usize, over: &[usize]) {
        let Some(c) = self.model.ceilings.iter().find(|c| c.race == race) else { return };
        let room = self.model.lp.cols[c.col].hi;
        let row = &st.lp.rows[c.row];
        let mut terms: Vec<(usize, f64)> = Vec::new();
        for part in self.ceiling_parts(st, &row.terms) {
            match part {
                RowPart::Group { g, first, top, .. } if over.contains(&g) => {
                    terms.extend(self.places(first, g).map(|d| (d, -top.min(room))));
                }
                RowPart::Group { pieces, .. } => terms.extend_from_slice(pieces),
                RowPart::Other(j, a) => terms.push((j, a)),
            }
        }
        st.lp.row(terms, row.lo, row.hi);
        st.added.push(Added::Cut(race, over.to_vec()));
    }

    /// A ceiling row of the pieces form split into its parts: each group's
    /// pieces (consecutive in the row, ascending), with `top` the votes of
    /// its last piece (min(N_r, U_g) once capped at N_r), and every other
    /// term on its own. An iterator: the cuts walk every ceiling row at
    /// every node solve.
    fn ceiling_parts<'r>(
        &'r self,
        st: &'r Strong,
        terms: &'r [(usize, f64)],
    ) -> impl Iterator<Item = RowPart<'r>> + 'r {
        let (base, cols_of) = (self.model.lp.cols.len(), &self.cols_of);
        let mut k = 0;
        std::iter::from_fn(move || {
            let &(j, a) = terms.get(k)?;
            let Some(&g) = st.owner.get(j.wrapping_sub(base)) else {
                k += 1;
                return Some(RowPart::Other(j, a));
            };
            let first = st.dcols[g].expect("a group with pieces");
            let end = first + cols_of[g].len();
            let from = k;
            while k < terms.len() && terms[k].0 < end {
                k += 1;
            }
            let pieces = &terms[from..k];
            Some(RowPart::Group { g, first, pieces, top: -pieces[pieces.len() - 1].1 })
        })
    }

    /// The cover cuts node solution `v` of the pieces form breaks, as
    /// (race, the groups counted per place): for each effect ceiling whose
    /// column is positive, the groups whose place, at min(N_r, U_g) each,
    /// counts fewer votes than their pieces do; a cut where the row with
    /// them so counted is broken by more than 1e-6 of N_r.
    fn cover_cuts(&self, st: &Strong, v: &[f64]) -> Vec<(usize, Vec<usize>)> {
        let mut cuts = Vec::new();
        for c in &self.model.ceilings {
            let room = self.model.lp.cols[c.col].hi;
            if v[c.col] <= 1e-9 * room.max(1e-12) {
                continue;
            }
            let mut counted = 0.0;
            let mut over = Vec::new();
            for part in self.ceiling_parts(st, &st.lp.rows[c.row].terms) {
                match part {
                    RowPart::Other(j, _) if j == c.col => {}
                    RowPart::Other(j, a) => counted -= a * v[j],
                    RowPart::Group { g, first, pieces, top } => {
                        let by_pieces: f64 = pieces.iter().map(|&(d, a)| -a * v[d]).sum();
                        let place: f64 =
                            v[self.places(first, g)].iter().sum::<f64>() * top.min(room);
                        if place < by_pieces - 1e-12 {
                            over.push(g);
                            counted += place;
                        } else {
                            counted += by_pieces;
                        }
                    }
                }
            }
            if !over.is_empty() && v[c.col] > counted + 1e-6 * room {
                cuts.push((c.race, over));
            }
        }
        cuts
    }

    /// Rows of the program a node starts from (before its own rows).
    fn base_rows(&self) -> usize {
        match &self.strong {
            Some(st) => st.lp.rows.len(),
            None => {
                self.model.lp.rows.len()
                    + if self.limits.max_groups.is_some() { self.tranches + 1 } else { 0 }
            }
        }
    }

    /// Take the model with more rows (from `extend`); older bases no longer fit.
    fn replace_model(&mut self, model: Model) {
        self.model = model;
        if let Some(st) = self.strong.take() {
            self.strong = Some(if st.hull {
                self.build_hull(&st.lazy)
            } else {
                self.build_strong(&st.added)
            });
        }
        self.version += 1;
        self.layouts.push(Layout::of(&self.model));
    }

    /// [`Search::fit`] for `node` solved to `basis` in the program as it
    /// was at `version` with `rows_at` base rows, before rows were added.
    fn refit(
        &self,
        node: &Node,
        basis: Option<Basis>,
        version: usize,
        rows_at: usize,
        lp: &Lp,
    ) -> Option<Basis> {
        let b = basis?;
        let old = Node { basis: Some(Rc::new(Packed::new(&b))), version, rows_at, ..node.clone() };
        self.fit(&old, lp)
    }

    /// A node's start basis, fitted to the program as it is now: rows the
    /// program gained since have their slacks basic (a basis made before
    /// the model gained effect ceilings is carried by [`Layout::map`]).
    fn fit(&self, node: &Node, lp: &Lp) -> Option<Basis> {
        let b = node.basis.as_deref()?.unpack();
        let base = self.base_rows();
        if node.version == self.version && node.rows_at == base {
            return Some(b);
        }
        let (old, new) = (&self.layouts[node.version], &self.layouts[self.version]);
        let n = lp.cols.len();
        // Columns past the model's (the strong relaxation's d columns) and
        // rows past it (knapsack and fill rows, then the node's own) keep
        // their order.
        let extra = n.checked_sub(new.cols)?;
        let n_old = old.cols + extra;
        let mut col_map = old.map(new, false);
        col_map.extend((0..extra).map(|k| Some(new.cols + k)));
        let mut row_map = old.map(new, true);
        row_map.extend((old.rows..b.rows).map(|i| {
            Some(if i < node.rows_at { i - old.rows + new.rows } else { i - node.rows_at + base })
        }));
        Some(b.carry(n_old, &col_map, &row_map, n, lp.rows.len()))
    }

    /// Column values of the model from a node program's solution.
    fn model_x(&self, v: &[f64]) -> Vec<f64> {
        let n = self.model.lp.cols.len();
        let mut x = v[..n].to_vec();
        if let Some(st) = self.strong.as_ref().filter(|st| !st.hull) {
            for (g, first) in st.dcols.iter().enumerate() {
                let Some(first) = *first else { continue };
                let cols = &self.cols_of[g];
                let mut tail = 0.0;
                for l in (0..cols.len()).rev() {
                    tail += v[first + l];
                    let c = &self.model.lp.cols[cols[l]];
                    x[cols[l]] += (c.hi - c.lo) * tail;
                }
            }
        }
        x
    }

    /// Σ_l d_gl of a candidate group in a node program's solution.
    fn z(&self, v: &[f64], g: usize) -> f64 {
        match self.strong.as_ref().and_then(|st| st.dcols[g].map(|d| (d, st.hull))) {
            Some((z, true)) => v[z],
            Some((first, false)) => v[self.places(first, g)].iter().sum(),
            None => 0.0,
        }
    }

    /// The relaxation at a node. Rows: the model's, then (max_groups) the
    /// knapsack rows, then one minimum row per group inside, in the order
    /// they went in — so a child's rows extend its parent's, and the
    /// parent's basis fits.
    fn node_lp(&self, inside: &[usize], outside: &[usize]) -> NodeLp {
        if let Some(st) = &self.strong {
            return self.node_lp_strong(st, inside, outside);
        }
        let model = &self.model;
        let mut lp = self.copy_of(&model.lp);
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

    /// A copy of `lp`, in the memory of a node program done with if any.
    fn copy_of(&self, lp: &Lp) -> NodeLp {
        let spare = self.spare_lps.borrow_mut().pop();
        let lp = match spare {
            Some(mut copy) => {
                copy.clone_from(lp);
                copy
            }
            None => lp.clone(),
        };
        NodeLp { lp, spare: Rc::clone(&self.spare_lps) }
    }

    /// The strong relaxation at a node: a free group's money through its d
    /// columns (its own columns held at 0); a group inside or outside
    /// through its own columns (open or held at 0), its d columns at 0.
    fn node_lp_strong(&self, st: &Strong, inside: &[usize], outside: &[usize]) -> NodeLp {
        let mut lp = self.copy_of(&st.lp);
        let mut state = vec![0u8; self.cols_of.len()];
        for &g in inside {
            state[g] = 1;
        }
        for &g in outside {
            state[g] = 2;
        }
        if st.hull {
            for (g, z) in st.dcols.iter().enumerate() {
                let Some(z) = *z else { continue };
                match state[g] {
                    1 => lp.cols[z].lo = 1.0,
                    2 => {
                        lp.cols[z].hi = 0.0;
                        for &j in &self.cols_of[g] {
                            lp.cols[j].hi = lp.cols[j].lo;
                        }
                    }
                    _ => {}
                }
            }
            return lp;
        }
        for (g, first) in st.dcols.iter().enumerate() {
            let Some(first) = *first else { continue };
            if state[g] != 0 {
                for d in self.places(first, g) {
                    lp.cols[d].hi = 0.0;
                }
            }
            if state[g] != 1 {
                for &j in &self.cols_of[g] {
                    lp.cols[j].hi = lp.cols[j].lo;
                }
            }
        }
        let room =
            self.limits.max_groups.unwrap_or(0) as f64 - (inside.len() + self.locked_count) as f64;
        lp.rows[st.knap].hi = room;
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
    /// warm start fails. A strong node program whose matrix is the last
    /// one's goes on from the last node's simplex (no refactoring where it
    /// starts from the basis that node ended at).
    fn solve_node(
        &mut self,
        lp: &Lp,
        start: Option<&Basis>,
        inside: &[usize],
    ) -> Result<(LpSolution, Option<Basis>), LpError> {
        if self.solver == Solver::Simplex && lp.rows.len() <= DENSE_ROWS.max(WARM_ROWS) {
            if let (Some(st), Some(b)) = (&self.strong, start) {
                let key: MatrixKey = (
                    self.version,
                    st.added.len() + st.lazy.len(),
                    if self.min > 0.0 && !st.hull { inside.to_vec() } else { Vec::new() },
                );
                if self.resolver.as_ref().is_none_or(|(k, _)| *k != key) {
                    self.resolver = simplex::Resolver::new(lp).ok().map(|r| (key, r));
                }
                if let Some((_, r)) = self.resolver.as_mut() {
                    match r.solve(lp, b) {
                        Ok((sol, b)) => return Ok((sol, Some(b))),
                        Err(LpError::Infeasible) => return Err(LpError::Infeasible),
                        Err(_) => {}
                    }
                }
            } else if start.is_some() {
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
        let base_rows = self.model.lp.rows.len();
        let knapsack = if self.limits.max_groups.is_some() {
            base_rows..base_rows + self.tranches + 1
        } else {
            base_rows..base_rows
        };
        let (d, knap, total) = dual_bound(lp, y, knapsack.clone());
        if !total.is_finite() || incumbent == f64::NEG_INFINITY {
            return Some((Vec::new(), Vec::new()));
        }
        let room_cost: f64 = knapsack.map(|i| y[i].max(0.0)).sum();
        let (mut out, mut inn) = (Vec::new(), Vec::new());
        for &g in free {
            let cols = &self.cols_of[g];
            let now: f64 =
                cols.iter().map(|&j| bound_term(d[j], lp.cols[j].lo, lp.cols[j].hi)).sum();
            let at_lo: f64 = cols.iter().map(|&j| d[j] * lp.cols[j].lo).sum();
            let freed: f64 = cols
                .iter()
                .map(|&j| bound_term(d[j] + knap[j], lp.cols[j].lo, lp.cols[j].hi))
                .sum();
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

    /// [`Search::fixings`] for the strong relaxation: "g out" holds its d
    /// columns at 0; "g in" holds them at 0, opens its own columns (priced
    /// at the same duals: they lie in the model's rows only) and takes one
    /// place from the knapsack row. Both bounds of every free group go to
    /// `sides` (out, in), also before there is a plan to fix against.
    fn fixings_strong(
        &self,
        lp: &Lp,
        y: &[f64],
        free: &[usize],
        incumbent: f64,
        beats: &dyn Fn(f64, f64) -> bool,
        sides: &mut [(f64, f64)],
    ) -> Option<(Vec<usize>, Vec<usize>)> {
        let st = self.strong.as_ref()?;
        let (d, _, total) = dual_bound(lp, y, 0..0);
        if !total.is_finite() {
            return Some((Vec::new(), Vec::new()));
        }
        let place = y[st.knap].max(0.0);
        let (mut out, mut inn) = (Vec::new(), Vec::new());
        for &g in free {
            let Some(first) = st.dcols[g] else { continue };
            let (out_bound, in_bound) = if st.hull {
                // Out: z_g and its columns to 0; in: z_g to 1.
                let dz = bound_term(d[first], lp.cols[first].lo, lp.cols[first].hi);
                let own: f64 = self.cols_of[g]
                    .iter()
                    .map(|&j| bound_term(d[j], lp.cols[j].lo, lp.cols[j].hi) - d[j] * lp.cols[j].lo)
                    .sum();
                (total - dz - own, total - dz + d[first])
            } else {
                self.sides_pieces(lp, &d, total, total - place, g, first)
            };
            sides[g] = (out_bound, in_bound);
            if incumbent == f64::NEG_INFINITY {
                continue;
            }
            match (beats(out_bound, incumbent), beats(in_bound, incumbent)) {
                (false, false) => return None,
                (false, true) => inn.push(g),
                (true, false) => out.push(g),
                (true, true) => {}
            }
        }
        Some((out, inn))
    }

    /// [`Search::fixings_strong`]'s two bounds of group g in the pieces form.
    /// (`placed`: the bound less the price of a place in the knapsack row.)
    fn sides_pieces(
        &self,
        lp: &Lp,
        d: &[f64],
        total: f64,
        placed: f64,
        g: usize,
        first: usize,
    ) -> (f64, f64) {
        let now: f64 =
            self.places(first, g).map(|v| bound_term(d[v], lp.cols[v].lo, lp.cols[v].hi)).sum();
        let own: f64 = self.cols_of[g]
            .iter()
            .map(|&j| bound_term(d[j], self.model.lp.cols[j].lo, self.model.lp.cols[j].hi))
            .sum();
        (total - now, placed - now + own)
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
    fn fixed_plan(&mut self, chosen: &[usize]) -> Option<Found> {
        if let Some(found) = self.fixed_plan_warm(chosen) {
            return Some(found);
        }
        let mut kept: Vec<usize> = chosen
            .iter()
            .chain((0..self.cols_of.len()).filter(|&g| self.locked[g]).collect::<Vec<_>>().iter())
            .flat_map(|&g| self.cols_of[g].iter().copied())
            .collect();
        // Columns of no group (the races' y_r of the effect ceilings) stay.
        kept.extend(self.model.cols.len()..self.model.lp.cols.len());
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

    /// [`Search::fixed_plan`] without a minimum grant, on the whole model
    /// with the other groups' columns held at their lower bound, from the
    /// last such plan's basis (the sets tried differ by a group or two, so
    /// a few dual simplex steps). `None`: not applicable, or the warm solve
    /// failed (the caller solves the restricted program cold).
    fn fixed_plan_warm(&mut self, chosen: &[usize]) -> Option<Found> {
        if self.strong.as_ref().is_some_and(|st| st.hull) {
            return self.fixed_plan_hull(chosen);
        }
        let lp_rows = self.model.lp.rows.len();
        if self.min > 0.0 || self.solver != Solver::Simplex || lp_rows > DENSE_ROWS.max(WARM_ROWS) {
            return None;
        }
        let mut lp = self.model.lp.clone();
        lp.blocks = None;
        let mut kept = self.locked.clone();
        for &g in chosen {
            kept[g] = true;
        }
        for (g, cols) in self.cols_of.iter().enumerate() {
            if !kept[g] {
                for &j in cols {
                    lp.cols[j].hi = lp.cols[j].lo;
                }
            }
        }
        let version = self.version;
        let x = self.solve_fixed(&lp, version)?;
        Some((self.model.lp.objective(&x), x))
    }

    /// Hull form: keep the root's dual bound for plans of fixed groups.
    fn keep_fixed_bounds(&mut self, lp: &Lp, basis: &Basis) {
        let Some(st) = self.strong.as_ref().filter(|st| st.hull) else { return };
        let y = &basis.duals;
        let (d, _, total) = dual_bound(lp, y, 0..0);
        if !total.is_finite() {
            return;
        }
        let n = self.cols_of.len();
        let (mut inn, mut out) = (vec![0.0; n], vec![0.0; n]);
        let mut rest = total;
        for (g, z) in st.dcols.iter().enumerate() {
            let Some(z) = *z else { continue };
            // Free at the root: its terms in `total` at the hull's bounds.
            let open: f64 = self.cols_of[g]
                .iter()
                .map(|&j| bound_term(d[j], st.lp.cols[j].lo, st.lp.cols[j].hi))
                .sum();
            let now: f64 = bound_term(d[z], lp.cols[z].lo, lp.cols[z].hi)
                + self.cols_of[g]
                    .iter()
                    .map(|&j| bound_term(d[j], lp.cols[j].lo, lp.cols[j].hi))
                    .sum::<f64>();
            rest -= now;
            inn[g] = d[z] + open;
            out[g] = self.cols_of[g].iter().map(|&j| d[j] * st.lp.cols[j].lo).sum();
        }
        let key = self.version * 1_000_000 + st.lazy.len();
        self.fixed_bounds = Some(FixedBounds {
            version: self.version,
            start: (key, basis.clone()),
            rest,
            inn,
            out,
        });
    }

    /// An upper bound on the plan of the groups `chosen` (hull form, from
    /// the root's duals), if known.
    fn fixed_bound(&self, chosen: &[usize]) -> Option<f64> {
        let fb = self.fixed_bounds.as_ref().filter(|fb| fb.version == self.version)?;
        let mut is_in = vec![false; self.cols_of.len()];
        for &g in chosen {
            is_in[g] = true;
        }
        Some(
            fb.rest
                + (0..self.cols_of.len())
                    .map(|g| if is_in[g] { fb.inn[g] } else { fb.out[g] })
                    .sum::<f64>(),
        )
    }

    /// Solve a fixed plan's `lp` with the fixed plans' simplex of program
    /// `version` (from the last such plan's basis), or cold where there is
    /// none or it fails, keeping that simplex for the next; `None` where
    /// the plan is infeasible or no solve succeeds.
    fn solve_fixed(&mut self, lp: &Lp, version: usize) -> Option<Vec<f64>> {
        let solved = match self.fixed_resolver.as_mut().filter(|f| f.0 == version) {
            Some((_, r, start)) => r.solve(lp, start),
            None => Err(LpError::Solver("no basis yet".into())),
        };
        let (sol, basis) = match solved {
            Ok(v) => v,
            Err(LpError::Infeasible) => return None,
            Err(_) => {
                let (sol, basis) = simplex::solve_from(lp, None).ok()?;
                let r = simplex::Resolver::new(lp).ok()?;
                self.fixed_resolver = Some((version, r, basis.clone()));
                (sol, basis)
            }
        };
        if let Some(f) = self.fixed_resolver.as_mut() {
            f.2 = basis;
        }
        Some(sol.x)
    }

    /// [`Search::fixed_plan_warm`] in the hull form: its program with z_g
    /// fixed (1 for the groups chosen, 0 for the others) is the fixed
    /// plan's, minimum rows included; solved from the last such plan's
    /// simplex and basis.
    fn fixed_plan_hull(&mut self, chosen: &[usize]) -> Option<Found> {
        let st = self.strong.as_ref()?;
        if self.solver != Solver::Simplex || st.lp.rows.len() > DENSE_ROWS.max(WARM_ROWS) {
            return None;
        }
        let mut is_in = vec![false; self.cols_of.len()];
        for &g in chosen {
            is_in[g] = true;
        }
        let inside: Vec<usize> =
            chosen.iter().copied().filter(|&g| st.dcols[g].is_some()).collect();
        let outside: Vec<usize> =
            (0..self.cols_of.len()).filter(|&g| st.dcols[g].is_some() && !is_in[g]).collect();
        let lp = self.node_lp(&inside, &outside);
        let version = self.version * 1_000_000 + st.lazy.len();
        if self.fixed_resolver.as_ref().is_none_or(|f| f.0 != version) {
            // The first plan of this program: from the root's basis.
            if let Some(fb) = self.fixed_bounds.as_ref().filter(|fb| fb.start.0 == version) {
                if let Ok(r) = simplex::Resolver::new(&lp) {
                    self.fixed_resolver = Some((version, r, fb.start.1.clone()));
                }
            }
        }
        let x = self.solve_fixed(&lp, version)?;
        let x = self.model_x(&x);
        Some((self.model.lp.objective(&x), x))
    }

    /// [`Search::fixed_plan`], with the rows its plan shows the model
    /// lacks added first (so its impact counts every effect ceiling).
    fn plan_for(&mut self, chosen: &[usize]) -> Option<Found> {
        loop {
            let found = self.fixed_plan(chosen)?;
            match (self.extend)(&self.model, &found.1) {
                Some(model) => self.replace_model(model),
                None => return Some(found),
            }
        }
    }

    /// A plan found before the model last gained rows, on the model as it
    /// is now (each extension adds a column, so lengths tell): the same
    /// groups' plan, worth as much (it passes none of the new ceilings).
    fn current(&mut self, found: Found) -> Option<Found> {
        if found.1.len() == self.model.lp.cols.len() {
            return Some(found);
        }
        let chosen: Vec<usize> = (0..self.cols_of.len())
            .filter(|&g| !self.locked[g] && self.amount(&found.1, g) > ZERO)
            .collect();
        self.plan_for(&chosen)
    }

    /// The first plan: the relaxation's top groups (by their impact in it,
    /// then by what they could give at their cap), then swaps of a funded
    /// group for an unfunded one while one helps.
    fn first_plan(
        &mut self,
        root: &[f64],
        zs: &[f64],
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
        // How much of a place the relaxation gives each group: its Σ d (or
        // z), plus the share of its cap it funds. Not its impact alone: with
        // effect ceilings, a race's value is in its y_r column, so a group
        // whose races are all held to their ceiling shows almost none.
        let place =
            |g: usize| zs[g].max(0.0) + self.amount(root, g) / self.model.caps[g].cap.max(1.0);
        let mut ranked: Vec<(usize, f64, f64, f64)> =
            free.iter().map(|&g| (g, place(g), self.impact(root, g), standalone(g))).collect();
        ranked.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then(b.2.total_cmp(&a.2))
                .then(b.3.total_cmp(&a.3))
                .then(a.0.cmp(&b.0))
        });
        let room = match self.limits.max_groups {
            Some(k) => (k as usize).checked_sub(self.locked_count)?,
            None => ranked
                .iter()
                .filter(|r| self.amount(root, r.0) >= self.min - ZERO && r.2 > 0.0)
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
        let best = self.plan_for(&chosen);
        if self.limits.max_groups.is_none() {
            return best;
        }
        self.pool =
            ranked.iter().filter(|r| !taken[r.0]).take(2 * room + 10).map(|r| r.0).collect();
        self.improve(chosen, best, tried, SWAP_LIMIT)
    }

    /// Swap a funded group (of the 8 weakest) for one of the pool (the
    /// first 12 not funded) while that helps, trying at most `limit` sets.
    fn improve(
        &mut self,
        mut chosen: Vec<usize>,
        mut best: Option<Found>,
        tried: &mut HashSet<Vec<usize>>,
        limit: usize,
    ) -> Option<Found> {
        let pool = self.pool.clone();
        let mut attempts = 0;
        'improve: while let Some((value, x)) = best.clone() {
            let mut weakest = chosen.clone();
            weakest.sort_by(|&a, &b| {
                self.impact(&x, a).total_cmp(&self.impact(&x, b)).then(a.cmp(&b))
            });
            for &out in weakest.iter().take(8) {
                for &cand in pool.iter().filter(|g| !chosen.contains(g)).take(12) {
                    attempts += 1;
                    if attempts > limit {
                        break 'improve;
                    }
                    let mut trial: Vec<usize> =
                        chosen.iter().copied().filter(|&g| g != out).chain([cand]).collect();
                    trial.sort_unstable();
                    if !tried.insert(trial.clone()) {
                        continue;
                    }
                    // A set whose plan cannot beat this one is not solved.
                    if self.fixed_bound(&trial).is_some_and(|b| b <= value) {
                        continue;
                    }
                    if let Some((v, tx)) = self.plan_for(&trial) {
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
/// of the best plan, the search report, and the model they belong to (the
/// given one with the rows `extend` added on the way).
pub fn solve(
    model: &Model,
    groups: usize,
    limits: IntegerLimits,
    solver: Solver,
    extend: &mut Extend<'_>,
) -> Result<(Vec<f64>, MilpReport, Model), LpError> {
    let relaxation = model.lp.solve(solver)?.objective;
    let mut search = Search::new(model.clone(), groups, limits, solver, extend);
    let min = search.min;
    // Groups that cannot reach the minimum are out from the start.
    let never: Vec<usize> = (0..groups)
        .filter(|&g| {
            !search.locked[g]
                && !search.cols_of[g].is_empty()
                && search.model.caps[g].cap + 1e-9 < min
        })
        .collect();
    let mut report = MilpReport {
        min_grant: limits.min_grant,
        max_groups: limits.max_groups,
        relaxation,
        incumbent: f64::NEG_INFINITY,
        ..MilpReport::default()
    };
    // The best plan: its column values and the model version they fit.
    let mut best: Option<(Vec<f64>, usize)> = None;
    let mut tried: HashSet<Vec<usize>> = HashSet::new();
    let mut heap = BinaryHeap::new();
    let mut seq = 0;
    let mut unsolved = false;
    let mut first_done = false;
    let mut swaps = 0;
    let mut strong_solves = 0usize;
    // Cover cuts added so far, and at most.
    let mut cut_count = 0usize;
    let cut_limit = CUTS_PER_CEILING * search.model.ceilings.len().max(1) + CUTS_MORE;
    let mut costs = PseudoCosts {
        sum: [vec![0.0; groups], vec![0.0; groups]],
        count: [vec![0; groups], vec![0; groups]],
        all: [(0.0, 0), (0.0, 0)],
    };
    let mut dive = Some(Node {
        bound: f64::INFINITY,
        inside: Vec::new(),
        outside: bits_of(&never, groups),
        seq,
        depth: 0,
        basis: None,
        version: 0,
        rows_at: 0,
        branch: None,
    });
    // Where the caller's thread may say how far it is ([`progress::show_here`]).
    let mut status = Status::new(progress::shown_here());
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
        status.update(|| {
            let bound = heap.iter().map(|n: &Node| n.bound).fold(node.bound, f64::max);
            status_line(report.nodes, report.incumbent, bound)
        });
        // Solve the node; where its plan breaks a fill row or passes an
        // effect ceiling the program lacks, add the rows and solve again.
        let outside = bits_list(&node.outside);
        let mut lp = search.node_lp(&node.inside, &outside);
        let mut start = search.fit(&node, &lp);
        let mut cut_rounds = 0;
        let solved = loop {
            let (sol, basis) = match search.solve_node(&lp, start.as_ref(), &node.inside) {
                Ok(v) => v,
                Err(e) => break Err(e),
            };
            if let Some(st) = search.strong.as_ref().filter(|st| st.hull) {
                let broken = search.broken_hull(st, &sol.x);
                if !broken.is_empty() {
                    let rows_at = search.base_rows();
                    let mut st = search.strong.take().expect("hull");
                    for l in broken {
                        search.add_lazy(&mut st, l);
                    }
                    search.strong = Some(st);
                    lp = search.node_lp(&node.inside, &outside);
                    start = search.refit(&node, basis, search.version, rows_at, &lp);
                    continue;
                }
            } else if let Some(st) = &search.strong {
                let broken: Vec<usize> = (0..groups)
                    .filter(|&g| {
                        st.dcols[g].is_some()
                            && search.z(&sol.x, g) > 1.0 + 1e-9
                            && !st.added.contains(&Added::Fill(g))
                    })
                    .collect();
                // Cover cuts once the fill rows hold.
                let cuts = if broken.is_empty() && cut_rounds < CUT_ROUNDS && cut_count < cut_limit
                {
                    search.cover_cuts(st, &sol.x)
                } else {
                    Vec::new()
                };
                if !cuts.is_empty() {
                    cut_rounds += 1;
                    cut_count += cuts.len();
                }
                if !broken.is_empty() || !cuts.is_empty() {
                    let rows_at = search.base_rows();
                    let mut st = search.strong.take().expect("strong");
                    for g in broken {
                        search.add_fill(&mut st, g);
                    }
                    for (race, over) in cuts {
                        search.add_cut(&mut st, race, &over);
                    }
                    search.strong = Some(st);
                    lp = search.node_lp(&node.inside, &outside);
                    start = search.refit(&node, basis, search.version, rows_at, &lp);
                    continue;
                }
            }
            let x = search.model_x(&sol.x);
            if let Some(model) = (search.extend)(&search.model, &x) {
                let (version, rows_at) = (search.version, search.base_rows());
                search.replace_model(model);
                lp = search.node_lp(&node.inside, &outside);
                start = search.refit(&node, basis, version, rows_at, &lp);
                continue;
            }
            break Ok((lp, sol, basis, x));
        };
        let (lp, sol, basis, x) = match solved {
            Ok(v) => v,
            Err(LpError::Infeasible) => continue,
            Err(_) => {
                unsolved = true; // cannot prove anything below this node
                continue;
            }
        };
        let rows_at = search.base_rows();
        let solved_version = search.version;
        if let Some((g, into, moved)) = node.branch {
            if node.bound.is_finite() && moved > 1e-6 {
                let per = (node.bound - sol.objective).max(0.0) / moved;
                let side = usize::from(into);
                costs.sum[side][g] += per;
                costs.count[side][g] += 1;
                costs.all[side].0 += per;
                costs.all[side].1 += 1;
            }
        }
        let zs: Vec<f64> = (0..groups).map(|g| search.z(&sol.x, g)).collect();
        if !first_done {
            first_done = true;
            if let Some(b) = &basis {
                search.keep_fixed_bounds(&lp, b);
            }
            let first = search.first_plan(&x, &zs, &outside, &mut tried);
            if let Some((obj, fx)) = first.and_then(|f| search.current(f)) {
                if obj > report.incumbent {
                    report.incumbent = obj;
                    best = Some((fx, search.version));
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
        for &g in &outside {
            state[g] = 2;
        }
        for (g, st) in state.iter_mut().enumerate() {
            if search.locked[g] || search.cols_of[g].is_empty() {
                *st = 3;
            }
        }
        let is_free = |g: usize| state[g] == 0;
        // A plan from the first plan's search may have replaced the model.
        let fresh = search.version == solved_version;
        let mut sides = vec![(f64::INFINITY, f64::INFINITY); groups];
        if let (Some(b), true) = (&basis, fresh) {
            let free: Vec<usize> = (0..groups).filter(|&g| is_free(g)).collect();
            let fixed = if search.strong.is_some() {
                search.fixings_strong(&lp, &b.duals, &free, report.incumbent, &beats, &mut sides)
            } else {
                search.fixings(&lp, &b.duals, &free, report.incumbent, &beats)
            };
            match fixed {
                None => continue,
                Some((out, inn)) if !out.is_empty() || !inn.is_empty() => {
                    let mut fixed = node.clone();
                    fixed.bound = sol.objective;
                    for g in out {
                        fixed.outside[g / 64] |= 1 << (g % 64);
                    }
                    fixed.inside.extend(inn);
                    fixed.basis = basis.as_ref().map(|b| Rc::new(Packed::new(b)));
                    fixed.version = solved_version;
                    fixed.rows_at = rows_at;
                    fixed.branch = None;
                    dive = Some(fixed);
                    continue;
                }
                Some(_) => {}
            }
        }
        let amount: Vec<f64> = (0..groups).map(|g| search.amount(&x, g)).collect();
        let free_funded: Vec<usize> =
            (0..groups).filter(|&g| is_free(g) && amount[g] > ZERO).collect();
        let funded = free_funded.len() + node.inside.len() + search.locked_count;
        let too_small: Vec<usize> =
            free_funded.iter().copied().filter(|&g| amount[g] < min - ZERO).collect();
        let too_many = limits.max_groups.is_some_and(|k| funded > k as usize);
        if too_small.is_empty() && !too_many {
            report.incumbent = sol.objective;
            best = Some((x, solved_version));
            continue;
        }
        // A quick plan from this node: small grants out, then the largest K in.
        // At the root, and wherever there is no plan yet: below the root the
        // first plan's swaps and the plans nodes' relaxations reach do better
        // (on every benchmark case, plans at every node cost 9–32% of the
        // search's instructions and found no better plan sooner).
        if node.depth == 0 || report.incumbent == f64::NEG_INFINITY {
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
                if let Some((obj, fx)) = search.plan_for(&chosen) {
                    if obj > report.incumbent {
                        // A better plan: swaps from it, while the budget for
                        // them lasts.
                        let found = if limits.max_groups.is_some() && swaps < SWAP_BUDGET {
                            swaps += SWAP_LIMIT / 4;
                            let funded: Vec<usize> = (0..groups)
                                .filter(|&g| !search.locked[g] && search.amount(&fx, g) > ZERO)
                                .collect();
                            search
                                .improve(
                                    funded,
                                    Some((obj, fx.clone())),
                                    &mut tried,
                                    SWAP_LIMIT / 4,
                                )
                                .and_then(|f| search.current(f))
                                .unwrap_or((obj, fx))
                        } else {
                            (obj, fx)
                        };
                        report.incumbent = found.0;
                        best = Some((found.1, search.version));
                    }
                }
            }
        }
        if !beats(sol.objective, report.incumbent) {
            continue;
        }
        // Branch on the most ambiguous group: a grant nearest half the
        // minimum; else (strong) the group whose Σ d is nearest a half;
        // else the group whose fullest tranche is nearest half full.
        let fill = |g: usize| -> f64 {
            search.cols_of[g].iter().map(|&j| x[j] * search.coef[j]).fold(0.0, f64::max)
        };
        let fractional: Vec<usize> = if search.strong.is_some() {
            free_funded.iter().copied().filter(|&g| zs[g] > 1e-9 && zs[g] < 1.0 - 1e-9).collect()
        } else {
            Vec::new()
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
        } else if !fractional.is_empty() {
            // The group whose two children lose the most bound, by the
            // pseudo-costs (the product of the two estimated losses).
            let z = |g: usize| zs[g];
            // Strong branching: the best few candidates without a
            // pseudo-cost on a side have both children solved (from this
            // node's basis; the child programs lack only rows the search may
            // add later, so their optima bound the children), and the losses
            // seed their pseudo-costs and cap the children's bounds.
            if let (Some(b), true) = (&basis, fresh && strong_solves < STRONG_SOLVES) {
                let mut cands: Vec<usize> = fractional
                    .iter()
                    .copied()
                    .filter(|&g| costs.count[0][g] == 0 || costs.count[1][g] == 0)
                    .collect();
                cands.sort_by(|&a, &c| {
                    costs.score(c, z(c)).total_cmp(&costs.score(a, z(a))).then(a.cmp(&c))
                });
                cands.truncate(STRONG_CANDIDATES);
                let packed = Rc::new(Packed::new(b));
                for g in cands {
                    for into in [false, true] {
                        let mut inside = node.inside.clone();
                        let mut out = outside.clone();
                        if into {
                            inside.push(g);
                        } else {
                            out.push(g);
                        }
                        let clp = search.node_lp(&inside, &out);
                        let at = Node {
                            basis: Some(packed.clone()),
                            version: solved_version,
                            rows_at,
                            ..node.clone()
                        };
                        let start = search.fit(&at, &clp);
                        strong_solves += 1;
                        let child = match simplex::solve_from(&clp, start.as_ref()) {
                            Ok((c, _)) => c.objective,
                            Err(LpError::Infeasible) => f64::NEG_INFINITY,
                            Err(_) => continue,
                        };
                        let moved = if into { 1.0 - z(g) } else { z(g) };
                        let loss = if child.is_finite() {
                            (sol.objective - child).max(0.0)
                        } else {
                            sol.objective.abs().max(1.0)
                        };
                        let side = usize::from(into);
                        costs.sum[side][g] += loss / moved.max(1e-6);
                        costs.count[side][g] += 1;
                        costs.all[side].0 += loss / moved.max(1e-6);
                        costs.all[side].1 += 1;
                        let slot = if into { &mut sides[g].1 } else { &mut sides[g].0 };
                        *slot = slot.min(child);
                    }
                }
            }
            let score = |g: usize| costs.score(g, z(g));
            let g = *fractional
                .iter()
                .max_by(|&&a, &&b| score(a).total_cmp(&score(b)).then(b.cmp(&a)))
                .unwrap();
            (g, z(g) >= 0.5)
        } else {
            let g = *free_funded
                .iter()
                .min_by(|&&a, &&b| {
                    (fill(a) - 0.5).abs().total_cmp(&(fill(b) - 0.5).abs()).then(a.cmp(&b))
                })
                .unwrap();
            (g, fill(g) >= 0.5)
        };
        let basis = basis.as_ref().map(|b| Rc::new(Packed::new(b)));
        for into in [lean_in, !lean_in] {
            // The child's bound: the parent's, or the dual bound of its side
            // where that is lower (see `fixings_strong`).
            let side = if into { sides[pick].1 } else { sides[pick].0 };
            let mut child = Node {
                bound: sol.objective.min(side),
                inside: node.inside.clone(),
                outside: node.outside.clone(),
                seq: 0,
                depth: node.depth + 1,
                basis: basis.clone(),
                version: solved_version,
                rows_at,
                branch: Some((pick, into, if into { 1.0 - zs[pick] } else { zs[pick] })),
            };
            if into {
                child.inside.push(pick);
            } else {
                child.outside[pick / 64] |= 1 << (pick % 64);
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
    status.finish();
    let open_bound = heap.iter().map(|n| n.bound).fold(f64::NEG_INFINITY, f64::max);
    let Some((mut x, at)) = best else {
        return Err(if unsolved {
            LpError::Solver("no node of the integer search could be solved".into())
        } else {
            LpError::Infeasible
        });
    };
    if at != search.version || x.len() != search.model.lp.cols.len() {
        // The model gained rows since: the same groups' plan on it (worth
        // as much, as the plan passes none of the new rows' ceilings).
        let chosen: Vec<usize> =
            (0..groups).filter(|&g| !search.locked[g] && search.amount(&x, g) > ZERO).collect();
        let old = report.incumbent;
        if let Some((obj, fx)) = search.plan_for(&chosen) {
            if obj >= old - 1e-9 * old.abs().max(1.0) {
                report.incumbent = obj.max(old);
                x = fx;
            }
        }
        if x.len() != search.model.lp.cols.len() {
            return Err(LpError::Solver("the integer search lost its plan".into()));
        }
    }
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
    Ok((x, report, search.model))
}

/// A column's (or a row slack's) term of the dual bound L(y): its reduced
/// cost times the bound it would move to.
fn bound_term(d: f64, lo: f64, hi: f64) -> f64 {
    if d > 0.0 {
        d * hi
    } else if d < 0.0 {
        d * lo
    } else {
        0.0
    }
}

/// The reduced costs d = c − Aᵀy of `lp`'s columns, the part of Aᵀy that
/// comes from the rows in `knapsack`, and the dual bound L(y) (see
/// [`Search::fixings`]).
fn dual_bound(lp: &Lp, y: &[f64], knapsack: std::ops::Range<usize>) -> (Vec<f64>, Vec<f64>, f64) {
    let n = lp.cols.len();
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
    let d: Vec<f64> = (0..n).map(|j| lp.cols[j].obj - price[j]).collect();
    let mut total: f64 = (0..n).map(|j| bound_term(d[j], lp.cols[j].lo, lp.cols[j].hi)).sum();
    total += lp.rows.iter().zip(y).map(|(r, &yi)| bound_term(yi, r.lo, r.hi)).sum::<f64>();
    (d, knap, total)
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
            push_group(&mut lp, (&mut cols, &mut caps, &mut all), g, cap, |f| u * f);
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
        (one_period(lp, cols, rows, caps, Vec::new()), groups)
    }

    /// Group `g`'s two tranches (the second worth 0.6 of the first a
    /// dollar), each up to half its `cap` ($M) and worth `worth(f)` a
    /// dollar at share f: columns, their budget terms and the group's cap.
    #[allow(clippy::type_complexity)]
    fn push_group(
        lp: &mut Lp,
        (cols, caps, all): (&mut Vec<ColInfo>, &mut Vec<GroupCap>, &mut Vec<(usize, f64)>),
        g: usize,
        cap: f64,
        worth: impl Fn(f64) -> f64,
    ) -> [usize; 2] {
        let mut made = [0; 2];
        for (k, f) in [1.0, 0.6].into_iter().enumerate() {
            let obj = worth(f);
            let j = lp.col(0.0, cap / 2.0, obj);
            cols.push(ColInfo { group: g, tranche: k, period: 0, value: obj / SCALE, c3: false });
            all.push((j, 1.0));
            made[k] = j;
        }
        caps.push(GroupCap { cap: cap * SCALE, reason: CapReason::Room, lock: None });
        made
    }

    /// The one-period model of a test program.
    fn one_period(
        lp: Lp,
        cols: Vec<ColInfo>,
        rows: Vec<RowKind>,
        caps: Vec<GroupCap>,
        ceilings: Vec<crate::plan::model::CeilingCol>,
    ) -> Model {
        Model {
            lp,
            cols,
            rows,
            caps,
            periods: 1,
            ceilings,
            penalty: 0.0,
            cuts: Vec::new(),
            total: None,
            basis: None,
            sifted: Vec::new(),
            uncapped: None,
        }
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
    fn the_status_line_says_nodes_best_plan_bound_and_gap() {
        assert_eq!(
            status_line(1, f64::NEG_INFINITY, f64::INFINITY),
            "integer search: 1 node, no plan yet"
        );
        assert_eq!(
            status_line(527, f64::NEG_INFINITY, 5.61644),
            "integer search: 527 nodes, no plan yet, bound 5.6164"
        );
        assert_eq!(
            status_line(2602, 5.54058, 5.54700),
            "integer search: 2602 nodes, best plan 5.5406, bound 5.5470 (gap 0.12%)"
        );
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
            match (solve(&model, groups, limits, Solver::Simplex, &mut |_, _| None), expect) {
                (Ok((_, r, _)), Some(b)) => {
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

    /// Each race's ceiling N_r and the net votes per LP unit of each column.
    type RaceLimits = Vec<(f64, Vec<(usize, f64)>)>;

    /// A random program with effect ceilings: groups with two tranches
    /// reach a few races; a race in `races` has its ceiling row (its value
    /// moved from the group columns to y_r ≤ N_r). Returns the model, the
    /// groups, and per race N_r and each column's net votes there. The
    /// budget and the ceilings are times `scale` (small: groups funded
    /// within their first piece, which alone passes a ceiling).
    fn ceiling_model(seed: u64, races: &[usize], scale: f64) -> (Model, usize, RaceLimits) {
        let mut s = seed;
        let groups = 3 + (lcg(&mut s) * 6.0) as usize;
        let n_races = 2 + (lcg(&mut s) * 3.0) as usize;
        let value: Vec<f64> = (0..n_races).map(|_| 0.2 + lcg(&mut s)).collect();
        let mut lp = Lp::default();
        let (mut cols, mut caps, mut all) = (Vec::new(), Vec::new(), Vec::new());
        let mut votes: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n_races];
        for g in 0..groups {
            let cap = 0.05 + lcg(&mut s) * 0.5;
            let mut reach: Vec<(usize, f64)> = Vec::new();
            for r in 0..n_races {
                if lcg(&mut s) < 0.6 {
                    reach.push((r, 0.5 + 2.0 * lcg(&mut s)));
                }
            }
            let worth = |f: f64| reach.iter().map(|&(r, v)| f * v * value[r]).sum();
            let made = push_group(&mut lp, (&mut cols, &mut caps, &mut all), g, cap, worth);
            for (j, f) in made.into_iter().zip([1.0, 0.6]) {
                for &(r, v) in &reach {
                    votes[r].push((j, f * v));
                }
            }
        }
        let budget = (0.2 + lcg(&mut s) * 0.8) * scale;
        lp.row(all, f64::NEG_INFINITY, budget);
        let mut rows = vec![RowKind::Budget { period: 0 }];
        if lcg(&mut s) < 0.3 {
            let terms = (0..cols.len()).filter(|&j| cols[j].group < 2).map(|j| (j, 1.0)).collect();
            lp.row(terms, budget * 0.15, f64::INFINITY);
            rows.push(RowKind::Floor { tag: "t".into() });
        }
        // Ceilings at 20%–70% of the votes every group at its cap would buy.
        let limits: Vec<(f64, Vec<(usize, f64)>)> = votes
            .into_iter()
            .map(|v| {
                let most: f64 = v.iter().map(|&(j, a)| a * lp.cols[j].hi).sum();
                ((0.2 + 0.5 * lcg(&mut s)) * most * scale, v)
            })
            .collect();
        let mut ceilings = Vec::new();
        for &r in races {
            let (n, v) = &limits[r];
            let mut terms: Vec<(usize, f64)> = Vec::new();
            for &(j, a) in v {
                lp.cols[j].obj -= a * value[r];
                terms.push((j, -a));
            }
            let col = lp.col(0.0, *n, value[r]);
            terms.push((col, 1.0));
            let row = lp.row(terms, f64::NEG_INFINITY, 0.0);
            rows.push(RowKind::Ceiling { race: r });
            ceilings.push(crate::plan::model::CeilingCol { race: r, col, row, net_votes: *n });
        }
        (one_period(lp, cols, rows, caps, ceilings), groups, limits)
    }

    /// The full model (every ceiling row) as one MILP for microlp through
    /// good_lp: z_g binary, each column ≤ its bound · z_g, Σ z ≤ K, and a
    /// funded group's grants ≥ the minimum.
    fn milp_by_microlp(model: &Model, groups: usize, limits: IntegerLimits) -> Option<f64> {
        use good_lp::{constraint, variable, Expression, ProblemVariables, SolverModel};
        let mut vars = ProblemVariables::new();
        let xs: Vec<good_lp::Variable> =
            model.lp.cols.iter().map(|c| vars.add(variable().min(c.lo).max(c.hi))).collect();
        let zs: Vec<good_lp::Variable> =
            (0..groups).map(|_| vars.add(variable().integer().min(0).max(1))).collect();
        let objective: Expression = model.lp.cols.iter().zip(&xs).map(|(c, &x)| c.obj * x).sum();
        let mut problem = vars.maximise(objective).using(good_lp::microlp);
        for row in &model.lp.rows {
            let expr: Expression = row.terms.iter().map(|&(j, a)| a * xs[j]).sum();
            if row.hi.is_finite() {
                problem.add_constraint(constraint!(expr.clone() <= row.hi));
            }
            if row.lo.is_finite() {
                problem.add_constraint(constraint!(expr >= row.lo));
            }
        }
        for (j, c) in model.cols.iter().enumerate() {
            let hi = model.lp.cols[j].hi;
            problem.add_constraint(constraint!(xs[j] <= hi * zs[c.group]));
        }
        if let Some(k) = limits.max_groups {
            let count: Expression = zs.iter().map(|&z| 1.0 * z).sum();
            problem.add_constraint(constraint!(count <= k as f64));
        }
        if let Some(min) = limits.min_grant {
            for (g, &z) in zs.iter().enumerate() {
                let total: Expression = model
                    .cols
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.group == g)
                    .map(|(j, _)| 1.0 * xs[j])
                    .sum();
                problem.add_constraint(constraint!(total >= (min / SCALE) * z));
            }
        }
        let sol = problem.solve().ok()?;
        use good_lp::Solution;
        Some(model.lp.cols.iter().zip(&xs).map(|(c, &x)| c.obj * sol.value(x)).sum())
    }

    #[test]
    fn ceilings_added_inside_the_search_match_the_full_model() {
        let binding = ceilings_inside_the_search(1.0, 0..150);
        assert!(binding > 50, "ceilings bound in only {binding} cases");
    }

    /// The cover cuts must hold for plans that fund a group within its
    /// first piece where that piece alone passes a ceiling (the group's
    /// empty place makes up its whole place): small budgets and ceilings.
    #[test]
    fn cover_cuts_hold_for_groups_funded_within_their_first_piece() {
        let binding = ceilings_inside_the_search(0.08, 0..150);
        assert!(binding > 50, "ceilings bound in only {binding} cases");
    }

    /// The search on random models with `scale`d budgets and ceilings
    /// ([`ceiling_model`]), its ceiling rows added as plans pass
    /// them, against enumeration and microlp on the full model; returns
    /// the cases where some ceiling bound.
    fn ceilings_inside_the_search(scale: f64, seeds: std::ops::Range<u64>) -> usize {
        let ceiling_model = |seed: u64, races: &[usize]| ceiling_model(seed, races, scale);
        let mut binding = 0;
        for seed in seeds {
            let (bare, groups, limits_r) = ceiling_model(seed, &[]);
            let every: Vec<usize> = (0..limits_r.len()).collect();
            let (full, _, _) = ceiling_model(seed, &every);
            let mut s = seed ^ 0x5EED;
            let limits = IntegerLimits {
                min_grant: (lcg(&mut s) < 0.5).then(|| (0.02 + lcg(&mut s) * 0.15) * SCALE * scale),
                max_groups: (lcg(&mut s) < 0.8).then(|| 1 + (lcg(&mut s) * groups as f64) as u32),
            };
            // Rows join the search when a plan passes their ceiling.
            let mut extend = |m: &Model, x: &[f64]| -> Option<Model> {
                let mut races: Vec<usize> = m.ceilings.iter().map(|c| c.race).collect();
                let before = races.len();
                for (r, (n, v)) in limits_r.iter().enumerate() {
                    let bought: f64 = v.iter().map(|&(j, a)| a * x[j]).sum();
                    if !races.contains(&r) && bought > n * (1.0 + 1e-7) + 1e-9 {
                        races.push(r);
                    }
                }
                if races.len() == before {
                    return None;
                }
                races.sort_unstable();
                Some(ceiling_model(seed, &races).0)
            };
            let got = solve(&bare, groups, limits, Solver::Simplex, &mut extend);
            let brute_best = brute(&full, groups, limits);
            let milp_best = milp_by_microlp(&full, groups, limits);
            match (got, brute_best) {
                (Ok((x, r, grown)), Some(b)) => {
                    assert!(r.proven_optimal, "seed {seed}");
                    assert!(
                        (r.incumbent - b).abs() <= 1e-7 * (1.0 + b.abs()),
                        "seed {seed}: {} vs enumeration {b}",
                        r.incumbent
                    );
                    let m = milp_best.expect("microlp solves what enumeration does");
                    assert!(
                        (r.incumbent - m).abs() <= 1e-6 * (1.0 + m.abs()),
                        "seed {seed}: {} vs microlp {m}",
                        r.incumbent
                    );
                    // The plan's impact on the full model is the incumbent.
                    let mut xf: Vec<f64> = x[..grown.cols.len()].to_vec();
                    xf.resize(full.lp.cols.len(), 0.0);
                    for c in &full.ceilings {
                        let (n, v) = &limits_r[c.race];
                        xf[c.col] = v.iter().map(|&(j, a)| a * x[j]).sum::<f64>().min(*n);
                    }
                    let value = full.lp.objective(&xf);
                    assert!(
                        (value - b).abs() <= 1e-7 * (1.0 + b.abs()),
                        "seed {seed}: {value} vs {b}"
                    );
                    binding += usize::from(!grown.ceilings.is_empty());
                }
                (Err(LpError::Infeasible), None) => {}
                (got, want) => panic!("seed {seed}: {got:?} vs {want:?}"),
            }
        }
        binding
    }
    /// A small program the hull form applies to: two periods (tranche rows
    /// over unbounded columns, a release row, per-period caps on some
    /// groups), or one period with each group's first tranche cut where
    /// its c3 room ends and a row over the c3 pieces (as a c3 funder's).
    fn hull_model(seed: u64) -> (Model, usize) {
        let mut s = seed;
        let groups = 2 + (lcg(&mut s) * 7.0) as usize;
        let periods = if lcg(&mut s) < 0.5 { 2 } else { 1 };
        let mut lp = Lp::default();
        let (mut cols, mut caps, mut rows) = (Vec::new(), Vec::new(), Vec::new());
        let mut by_period: Vec<Vec<(usize, f64)>> = vec![Vec::new(); periods];
        let mut c3_terms = Vec::new();
        for g in 0..groups {
            let cap = 0.05 + lcg(&mut s) * 0.5;
            let u = 0.1 + lcg(&mut s);
            let c3_part = if periods == 1 { lcg(&mut s) * cap / 2.0 } else { 0.0 };
            let mut per_period: Vec<Vec<(usize, f64)>> = vec![Vec::new(); periods];
            for (k, f) in [1.0, 0.6].into_iter().enumerate() {
                if periods == 2 {
                    let mut tranche = Vec::new();
                    for (t, m) in [1.2, 1.0].into_iter().enumerate() {
                        let obj = u * f * m;
                        let j = lp.col(0.0, f64::INFINITY, obj);
                        cols.push(ColInfo {
                            group: g,
                            tranche: k,
                            period: t,
                            value: obj / SCALE,
                            c3: false,
                        });
                        tranche.push((j, 1.0));
                        per_period[t].push((j, 1.0));
                    }
                    lp.row(tranche, f64::NEG_INFINITY, cap / 2.0);
                    rows.push(RowKind::Tranche { group: g });
                } else {
                    let pieces = if k == 0 && c3_part > 1e-3 {
                        vec![(c3_part, true), (cap / 2.0 - c3_part, false)]
                    } else {
                        vec![(cap / 2.0, false)]
                    };
                    for (w, c3) in pieces {
                        let j = lp.col(0.0, w, u * f);
                        cols.push(ColInfo {
                            group: g,
                            tranche: k,
                            period: 0,
                            value: u * f / SCALE,
                            c3,
                        });
                        per_period[0].push((j, 1.0));
                        if c3 {
                            c3_terms.push((j, 1.0));
                        }
                    }
                }
            }
            if periods == 2 && lcg(&mut s) < 0.5 {
                for terms in &per_period {
                    lp.row(terms.clone(), f64::NEG_INFINITY, 0.35 * cap);
                    rows.push(RowKind::PeriodCap { group: g, period: 0 });
                }
            }
            for (t, terms) in per_period.into_iter().enumerate() {
                by_period[t].extend(terms);
            }
            caps.push(GroupCap { cap: cap * SCALE, reason: CapReason::Room, lock: None });
        }
        let budget = 0.1 + lcg(&mut s) * 0.8;
        if periods == 2 {
            lp.row(by_period[0].clone(), f64::NEG_INFINITY, budget * (0.3 + 0.5 * lcg(&mut s)));
            rows.push(RowKind::Budget { period: 0 });
        }
        let all: Vec<(usize, f64)> = by_period.concat();
        lp.row(all, f64::NEG_INFINITY, budget);
        rows.push(RowKind::Budget { period: periods - 1 });
        if !c3_terms.is_empty() {
            lp.row(c3_terms, f64::NEG_INFINITY, budget * 0.2);
            rows.push(RowKind::Floor { tag: "c3".into() });
        }
        if lcg(&mut s) < 0.4 {
            let terms = (0..cols.len()).filter(|&j| cols[j].group < 2).map(|j| (j, 1.0)).collect();
            lp.row(terms, budget * 0.2, f64::INFINITY);
            rows.push(RowKind::Floor { tag: "t".into() });
        }
        let mut model = one_period(lp, cols, rows, caps, Vec::new());
        model.periods = periods;
        (model, groups)
    }

    #[test]
    fn hull_form_with_periods_and_c3_pieces_matches_enumeration() {
        let mut counted = [0usize; 2];
        for seed in 0..200u64 {
            let (model, groups) = hull_model(seed);
            let mut s = seed ^ 0x4011;
            let limits = IntegerLimits {
                min_grant: (lcg(&mut s) < 0.6).then(|| (0.02 + lcg(&mut s) * 0.15) * SCALE),
                max_groups: Some(1 + (lcg(&mut s) * groups as f64) as u32),
            };
            let mut none = |_: &Model, _: &[f64]| None;
            let search = Search::new(model.clone(), groups, limits, Solver::Simplex, &mut none);
            assert!(
                search.strong.as_ref().is_some_and(|st| st.hull),
                "seed {seed}: not the hull form"
            );
            let expect = brute(&model, groups, limits);
            match (solve(&model, groups, limits, Solver::Simplex, &mut |_, _| None), expect) {
                (Ok((x, r, _)), Some(b)) => {
                    assert!(r.proven_optimal, "seed {seed}");
                    assert!(
                        (r.incumbent - b).abs() <= 1e-7 * (1.0 + b.abs()),
                        "seed {seed}: {} vs enumeration {b}",
                        r.incumbent
                    );
                    // The plan keeps every row and both limits.
                    for (i, row) in model.lp.rows.iter().enumerate() {
                        let a = model.lp.activity(i, &x);
                        assert!(a <= row.hi + 1e-7 && a >= row.lo - 1e-7, "seed {seed}: row {i}");
                    }
                    let amounts: Vec<f64> = (0..groups)
                        .map(|g| {
                            model
                                .cols
                                .iter()
                                .zip(&x)
                                .filter(|(c, _)| c.group == g)
                                .map(|(_, v)| v)
                                .sum::<f64>()
                                * SCALE
                        })
                        .collect();
                    let funded = amounts.iter().filter(|&&a| a > ZERO).count();
                    assert!(funded <= limits.max_groups.unwrap() as usize, "seed {seed}");
                    if let Some(m) = limits.min_grant {
                        assert!(amounts.iter().all(|&a| a <= ZERO || a >= m - 1e-3), "seed {seed}");
                    }
                    counted[model.periods - 1] += 1;
                    if model.periods == 1 {
                        let m = milp_by_microlp(&model, groups, limits).expect("microlp");
                        assert!(
                            (r.incumbent - m).abs() <= 1e-6 * (1.0 + m.abs()),
                            "seed {seed}: {} vs microlp {m}",
                            r.incumbent
                        );
                    }
                }
                (Err(LpError::Infeasible), None) => {}
                (got, want) => panic!("seed {seed}: {got:?} vs {want:?}"),
            }
        }
        assert!(counted[0] > 50 && counted[1] > 50, "{counted:?}");
    }
}
