//! A donor table planned together (MODEL.md §3 "Funders"): the joint plan,
//! who pays for what, and what coordinating is worth.
//!
//! **The joint program, by cutting planes.** The contract's program has a
//! variable z_fg for every pair a funder may fund, tied to the pooled grants
//! by Σ_f z_fg = x_g. Its objective depends on the pooled grants x only, so
//! the joint optimum is the pooled program (today's, with every scenario
//! limit) restricted to the x whose grants the funders can pay: those for
//! which the *payment network* — source → funder (its budget, at least all
//! of it with `spend_all`) → group (its per-group cap; a c3 funder through
//! the group's c3 node, capped at c3_room) → sink (exactly x_g) — has a
//! feasible flow. By Hoffman's circulation theorem that holds exactly when
//! every cut of the network has enough capacity, and each cut is one linear
//! inequality in x (Σ of some groups' grants ≤ a constant, or ≥ one). So we
//! solve the pooled program, test its x with a max-flow, and when no payment
//! exists add the violated cut as a row and solve again. Every cut holds for
//! every payable plan, so the optimum never drops below the joint optimum;
//! the loop ends when the optimum is payable, so it *is* the joint optimum.
//! When the first pooled plan is payable (an unrestricted funder, or
//! restrictions that do not bind) this is the two-step "pool, then split" and
//! provably optimal. The program keeps its shape — a few coupling rows over
//! many columns — so the dense simplex still applies. A few valid cuts are
//! added up front (Hall's condition for each set of funders that may fund
//! some group, and each spend_all funder's budget) to save rounds.
//!
//! **Who pays which grant.** Many splits of one plan are equally good. The
//! rule (README "Donor tables"): funders that must spend everything first,
//! then the narrowest mandate first (fewest groups it may fund; ties in
//! scenario order); each in turn pays as much of the plan as it can while
//! the funders before it keep what they pay (a lexicographic maximum of the
//! funders' totals, by incremental max-flow). Which of its groups a funder
//! pays, where there is still a choice, follows data order. The split is of
//! the rounded grants in whole dollars.

use serde::Serialize;

use crate::base::numbers::money;
use crate::input::data::Dataset;
use crate::input::scenario::Scenario;
use crate::plan::feasibility::Conflict;
use crate::plan::lp::{LpError, LpSolution, Solver};
use crate::plan::model::{self, Model, Omit, RowKind, SCALE};
use crate::plan::Plan;
use crate::score::Scores;

/// Flow below this counts as none (LP units: $1M, so a tenth of a cent).
const TOL: f64 = 1e-9;
/// A cut must be missed by more than this to be added (LP units: a dime).
const VIOLATED: f64 = 1e-7;
/// Most cuts added in one round (the largest misses first).
const CUTS_PER_ROUND: usize = 24;
/// Rounds of the cutting-plane loop before giving up.
const MAX_ROUNDS: usize = 1000;

/// The funders each group may take money from (empty with no funders, and
/// for groups that cannot be funded at all).
pub fn eligibility(data: &Dataset, sc: &Scenario) -> Vec<Vec<usize>> {
    data.groups
        .iter()
        .map(|group| {
            if sc.exclude.iter().any(|e| e.name == group.id) {
                return Vec::new();
            }
            (0..sc.funders.len()).filter(|&f| sc.funders[f].may_fund(group)).collect()
        })
        .collect()
}

/// The order funders pay in (the split rule): spend_all first, then fewest
/// groups they may fund, then scenario order.
pub fn pay_order(sc: &Scenario, elig: &[Vec<usize>]) -> Vec<usize> {
    let mut breadth = vec![0usize; sc.funders.len()];
    for fs in elig {
        for &f in fs {
            breadth[f] += 1;
        }
    }
    let mut order: Vec<usize> = (0..sc.funders.len()).collect();
    order.sort_by_key(|&f| (!sc.funders[f].spend_all, breadth[f], f));
    order
}

/// A max-flow network (Dinic) over f64 capacities.
struct Net {
    to: Vec<usize>,
    cap: Vec<f64>,
    /// The node each edge leaves.
    tail: Vec<usize>,
    /// The edges leaving node u, in the order they were added:
    /// `list[start[u]..start[u + 1]]` ([`Net::index`]; one flat array
    /// instead of a vector per node, for the traversals' sake).
    start: Vec<usize>,
    list: Vec<usize>,
    /// Edges in `list` (the index is rebuilt when edges were added since).
    indexed: usize,
    level: Vec<usize>,
    next: Vec<usize>,
}

impl Net {
    #[cfg(test)]
    fn new(n: usize) -> Net {
        Net::with_edges(n, 0)
    }

    /// [`Net::new`] with room for `edges` edges (and their reverses).
    fn with_edges(n: usize, edges: usize) -> Net {
        Net {
            to: Vec::with_capacity(2 * edges),
            cap: Vec::with_capacity(2 * edges),
            tail: Vec::with_capacity(2 * edges),
            start: vec![0; n + 1],
            list: Vec::new(),
            indexed: 0,
            level: vec![0; n],
            next: vec![0; n],
        }
    }

    /// Add u → v with capacity c; returns the edge (its reverse is e ^ 1).
    fn edge(&mut self, u: usize, v: usize, c: f64) -> usize {
        let e = self.to.len();
        self.to.push(v);
        self.cap.push(c.max(0.0));
        self.tail.push(u);
        self.to.push(u);
        self.cap.push(0.0);
        self.tail.push(v);
        e
    }

    /// Bring the adjacency lists up to date with the edges.
    fn index(&mut self) {
        if self.indexed == self.to.len() {
            return;
        }
        let n = self.level.len();
        self.start.clear();
        self.start.resize(n + 1, 0);
        for &u in &self.tail {
            self.start[u + 1] += 1;
        }
        for u in 0..n {
            self.start[u + 1] += self.start[u];
        }
        let mut fill = self.start.clone();
        self.list.clear();
        self.list.resize(self.tail.len(), 0);
        for (e, &u) in self.tail.iter().enumerate() {
            self.list[fill[u]] = e;
            fill[u] += 1;
        }
        self.indexed = self.to.len();
    }

    fn bfs(&mut self, s: usize, tol: f64) -> Vec<bool> {
        self.index();
        let mut seen = vec![false; self.level.len()];
        self.level.iter_mut().for_each(|l| *l = usize::MAX);
        let mut queue = Vec::with_capacity(self.level.len());
        queue.push(s);
        let mut head = 0;
        seen[s] = true;
        self.level[s] = 0;
        while let Some(&u) = queue.get(head) {
            head += 1;
            for k in self.start[u]..self.start[u + 1] {
                let e = self.list[k];
                let v = self.to[e];
                if self.cap[e] > tol && !seen[v] {
                    seen[v] = true;
                    self.level[v] = self.level[u] + 1;
                    queue.push(v);
                }
            }
        }
        seen
    }

    fn push(&mut self, u: usize, t: usize, limit: f64, tol: f64) -> f64 {
        if u == t {
            return limit;
        }
        while self.next[u] < self.start[u + 1] - self.start[u] {
            let e = self.list[self.start[u] + self.next[u]];
            let v = self.to[e];
            if self.cap[e] > tol && self.level[v] == self.level[u] + 1 {
                let d = self.push(v, t, limit.min(self.cap[e]), tol);
                if d > tol {
                    self.cap[e] -= d;
                    self.cap[e ^ 1] += d;
                    return d;
                }
            }
            self.next[u] += 1;
        }
        0.0
    }

    /// Push as much more flow from s to t as the residual network allows.
    fn max_flow(&mut self, s: usize, t: usize, tol: f64) -> f64 {
        let mut total = 0.0;
        loop {
            if !self.bfs(s, tol)[t] {
                return total;
            }
            self.next.iter_mut().for_each(|i| *i = 0);
            loop {
                let d = self.push(s, t, f64::INFINITY, tol);
                if d <= tol {
                    break;
                }
                total += d;
            }
        }
    }

    /// The nodes that can still send flow to `t` in the residual network.
    fn reaches(&mut self, t: usize, tol: f64) -> Vec<bool> {
        self.index();
        let mut seen = vec![false; self.level.len()];
        let mut queue = Vec::with_capacity(self.level.len());
        queue.push(t);
        let mut head = 0;
        seen[t] = true;
        while let Some(&v) = queue.get(head) {
            head += 1;
            for &e in &self.list[self.start[v]..self.start[v + 1]] {
                // e leaves v; its pair e ^ 1 runs from to[e] into v.
                let u = self.to[e];
                if self.cap[e ^ 1] > tol && !seen[u] {
                    seen[u] = true;
                    queue.push(u);
                }
            }
        }
        seen
    }

    /// Flow on edge e (its reverse's residual).
    fn flow(&self, e: usize) -> f64 {
        self.cap[e ^ 1]
    }
}

/// The payment network's nodes: 0 source, 1 sink, then funders, groups, and
/// c3 nodes.
struct Layout {
    funder: Vec<usize>,
    group: Vec<usize>,
    c3: Vec<usize>,
    nodes: usize,
}

const SOURCE: usize = 0;
const SINK: usize = 1;

impl Layout {
    fn new(sc: &Scenario, elig: &[Vec<usize>], first: usize) -> Layout {
        let mut next = first;
        let mut take = || {
            next += 1;
            next - 1
        };
        let funder = (0..sc.funders.len()).map(|_| take()).collect();
        let group = elig.iter().map(|e| if e.is_empty() { usize::MAX } else { take() }).collect();
        let c3 = elig
            .iter()
            .map(|e| if e.iter().any(|&f| sc.funders[f].c3) { take() } else { usize::MAX })
            .collect();
        Layout { funder, group, c3, nodes: next }
    }
}

/// One edge of the payment network: lo ≤ flow ≤ hi; `group` marks a
/// group → sink edge, whose bounds are both that part of the group's grant.
struct Arc {
    from: usize,
    to: usize,
    lo: f64,
    hi: f64,
    group: Option<(usize, Part)>,
    /// (funder, group) of a funder → group (or → c3 node) edge.
    pair: Option<(usize, usize)>,
}

/// The payment network's edges, in `unit` dollars, with x_g in those units.
fn arcs(
    data: &Dataset,
    sc: &Scenario,
    elig: &[Vec<usize>],
    lay: &Layout,
    x: &[(f64, f64)],
    unit: f64,
    lower: bool,
) -> Vec<Arc> {
    // Per group: its pairs and at most three more arcs.
    let pairs: usize = elig.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(sc.funders.len() + pairs + 3 * elig.len());
    for (f, funder) in sc.funders.iter().enumerate() {
        let b = funder.budget / unit;
        let lo = if lower && funder.spend_all { b } else { 0.0 };
        out.push(Arc { from: SOURCE, to: lay.funder[f], lo, hi: b, group: None, pair: None });
    }
    for (g, fs) in elig.iter().enumerate() {
        if fs.is_empty() {
            continue;
        }
        for &f in fs {
            let funder = &sc.funders[f];
            let to = if funder.c3 { lay.c3[g] } else { lay.group[g] };
            let hi = (funder.pair_cap() / unit).floor_if(unit == 1.0);
            out.push(Arc { from: lay.funder[f], to, lo: 0.0, hi, group: None, pair: Some((f, g)) });
        }
        let (a, b) = x[g];
        let sink = |from: usize, v: f64, part: Part| Arc {
            from,
            to: SINK,
            lo: v,
            hi: v,
            group: Some((g, part)),
            pair: None,
        };
        if lay.c3[g] == usize::MAX {
            out.push(sink(lay.group[g], a + b, Part::All));
        } else if lower {
            // The program's view: the grant's c3 part (its columns within
            // the c3 room) may be paid by anyone, the rest not by c3 money.
            out.push(Arc {
                from: lay.group[g],
                to: lay.c3[g],
                lo: 0.0,
                hi: f64::INFINITY,
                group: None,
                pair: None,
            });
            out.push(sink(lay.group[g], b, Part::Rest));
            out.push(sink(lay.c3[g], a, Part::C3));
        } else {
            // A whole grant: c3 money through the c3 node, up to the c3 room.
            let group = &data.groups[g];
            let hi = group.c3_room.min(group.room_left()) / unit;
            out.push(Arc {
                from: lay.c3[g],
                to: lay.group[g],
                lo: 0.0,
                hi,
                group: None,
                pair: None,
            });
            out.push(sink(lay.group[g], a + b, Part::All));
        }
    }
    out
}

trait FloorIf {
    fn floor_if(self, yes: bool) -> f64;
}

impl FloorIf for f64 {
    /// Whole dollars when the network is in dollars.
    fn floor_if(self, yes: bool) -> f64 {
        if yes {
            (self + 1e-9).floor()
        } else {
            self
        }
    }
}

/// Which part of a group's grant a cut sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    /// The whole grant.
    All,
    /// The part within its c3 room (columns marked c3).
    C3,
    /// The part above its c3 room.
    Rest,
}

/// A violated condition on the pooled plan: Σ of some groups' grants (or
/// parts of them) ≤ bound (`at_most`) or ≥ bound, in dollars.
#[derive(Debug, Clone)]
pub struct Cut {
    /// Groups, and the part of each grant it sums.
    pub terms: Vec<(usize, Part)>,
    /// Upper (true) or lower (false) side.
    pub at_most: bool,
    /// Dollars.
    pub bound: f64,
    /// Funders whose money sets the bound.
    pub funders: Vec<usize>,
}

impl Cut {
    /// The groups it concerns, ascending.
    pub fn groups(&self) -> Vec<usize> {
        let mut g: Vec<usize> = self.terms.iter().map(|t| t.0).collect();
        g.dedup();
        g
    }
}

/// The value of a cut's term under grants `x` ((c3 part, rest) per group).
fn term(x: &[(f64, f64)], (g, part): (usize, Part)) -> f64 {
    match part {
        Part::All => x[g].0 + x[g].1,
        Part::C3 => x[g].0,
        Part::Rest => x[g].1,
    }
}

/// Test whether the funders can pay grants `x` (dollars per group: the part
/// within the c3 room, the rest). Empty: they can; otherwise violated cuts
/// (one per place short of money).
pub fn separate(data: &Dataset, sc: &Scenario, elig: &[Vec<usize>], x: &[(f64, f64)]) -> Vec<Cut> {
    let lay = Layout::new(sc, elig, 4);
    let (ss, tt) = (2, 3);
    let xu: Vec<(f64, f64)> = x.iter().map(|v| (v.0 / SCALE, v.1 / SCALE)).collect();
    let arcs = arcs(data, sc, elig, &lay, &xu, SCALE, true);
    let mut net = Net::with_edges(lay.nodes, arcs.len() + lay.nodes + 1);
    let mut excess = vec![0.0; lay.nodes];
    for a in &arcs {
        net.edge(a.from, a.to, a.hi - a.lo);
        excess[a.to] += a.lo;
        excess[a.from] -= a.lo;
    }
    net.edge(SINK, SOURCE, f64::INFINITY);
    let mut demand = 0.0;
    for (v, &e) in excess.iter().enumerate() {
        if e > 0.0 {
            net.edge(ss, v, e);
            demand += e;
        } else if e < 0.0 {
            net.edge(v, tt, -e);
        }
    }
    let flow = net.max_flow(ss, tt, TOL);
    if flow >= demand - VIOLATED {
        return Vec::new();
    }
    // Two minimum cuts: the nodes the excess can still reach, and all but
    // the nodes that can still reach the deficit. Both are valid; adding
    // both saves rounds.
    let near = net.bfs(ss, TOL);
    let far: Vec<bool> = net.reaches(tt, TOL).iter().map(|r| !r).collect();
    let mut found = cuts_for(&arcs, &lay, &near, &xu);
    if far != near {
        for c in cuts_for(&arcs, &lay, &far, &xu) {
            if !found.iter().any(|f| f.1.terms == c.1.terms && f.1.at_most == c.1.at_most) {
                found.push(c);
            }
        }
    }
    found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.terms.cmp(&b.1.terms)));
    found
        .into_iter()
        .take(CUTS_PER_ROUND)
        .map(|(_, mut c)| {
            c.funders.sort_unstable();
            c.bound *= SCALE;
            c
        })
        .collect()
}

/// The violated cuts of node set X (`inside`), with how much each is
/// missed (LP units): one per connected part of the sink side, or the one
/// cut of X when the sink is outside it. Terms sorted; bounds in LP units.
fn cuts_for(arcs: &[Arc], lay: &Layout, inside: &[bool], xu: &[(f64, f64)]) -> Vec<(f64, Cut)> {
    if !inside[SINK] {
        return cut_of(arcs, lay, inside, xu)
            .map(|mut c| {
                c.bound /= SCALE;
                let sum: f64 = c.terms.iter().map(|&t| term(xu, t)).sum();
                (c.bound - sum, c)
            })
            .into_iter()
            .collect();
    }
    // The sink side holds the groups the funders cannot pay for. Each
    // connected part of it is a cut of its own (no arc joins two parts), so
    // one max-flow gives a cut per place that is short of money.
    let n = lay.nodes;
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut v: usize) -> usize {
        while parent[v] != v {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        v
    }
    for a in arcs {
        if !inside[a.from] && !inside[a.to] {
            let (ra, rb) = (root(&mut parent, a.from), root(&mut parent, a.to));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
    }
    let mut index = vec![usize::MAX; n];
    let mut parts = 0;
    for v in 0..n {
        if !inside[v] {
            let r = root(&mut parent, v);
            if index[r] == usize::MAX {
                index[r] = parts;
                parts += 1;
            }
            index[v] = index[r];
        }
    }
    // For part P the set is X' = everything else: arcs into P leave X'.
    let mut cuts: Vec<Cut> = (0..parts)
        .map(|_| Cut { terms: Vec::new(), at_most: true, bound: 0.0, funders: Vec::new() })
        .collect();
    for a in arcs {
        let (pf, pt) = (index[a.from], index[a.to]);
        if pf == pt {
            continue;
        }
        if let Some(t) = a.group {
            cuts[pf].terms.push(t);
            continue;
        }
        if pt != usize::MAX {
            cuts[pt].bound += a.hi;
            if a.from == SOURCE {
                cuts[pt].funders.extend(lay.funder.iter().position(|&v| v == a.to));
            }
        }
        if pf != usize::MAX {
            cuts[pf].bound -= a.lo;
        }
    }
    let missed = |c: &Cut| c.terms.iter().map(|&t| term(xu, t)).sum::<f64>() - c.bound;
    cuts.into_iter()
        .map(|mut c| {
            c.terms.sort_unstable();
            (missed(&c), c)
        })
        .filter(|(m, _)| *m > VIOLATED)
        .collect()
}

/// The condition of node set X (`inside`) on the payment network:
/// Σ_{arcs out of X} hi − Σ_{arcs into X} lo ≥ 0, with x_g on group arcs;
/// None unless the grants `xu` (LP units) miss it.
fn cut_of(arcs: &[Arc], lay: &Layout, inside: &[bool], xu: &[(f64, f64)]) -> Option<Cut> {
    let mut constant = 0.0;
    let mut terms = Vec::new();
    let mut funders = Vec::new();
    let sink_in = inside[SINK];
    for a in arcs {
        let (fi, ti) = (inside[a.from], inside[a.to]);
        if let Some(t) = a.group {
            if fi != ti {
                terms.push(t);
            }
            continue;
        }
        if fi != ti {
            constant += if fi { a.hi } else { -a.lo };
            if a.from == SOURCE {
                funders.extend(lay.funder.iter().position(|&v| v == a.to));
            }
        }
    }
    terms.sort_unstable();
    funders.sort_unstable();
    let sum: f64 = terms.iter().map(|&t| term(xu, t)).sum();
    // T in X: Σ_{g ∉ X} x_g ≤ K. T not in X: Σ_{g ∈ X} x_g ≥ −K.
    let (at_most, bound) = if sink_in { (true, constant) } else { (false, -constant) };
    let missed = if at_most { sum - bound } else { bound - sum };
    (missed > VIOLATED).then_some(Cut { terms, at_most, bound: bound * SCALE, funders })
}

/// Add a cut to the program as a row over its groups' columns (those of
/// the part of each grant it sums).
fn add_cut(model: &mut Model, cut: &Cut) {
    // Per group: bit 1 = its c3 columns, bit 2 = the others.
    let mut mask = vec![0u8; model.caps.len()];
    for &(g, part) in &cut.terms {
        mask[g] |= match part {
            Part::All => 3,
            Part::C3 => 1,
            Part::Rest => 2,
        };
    }
    let counts = |c: &crate::plan::model::ColInfo| mask[c.group] & if c.c3 { 1 } else { 2 } != 0;
    let inside = model.cols.iter().filter(|c| counts(c)).count();
    let v = cut.bound / SCALE;
    let (lo, hi) = if cut.at_most { (f64::NEG_INFINITY, v) } else { (v, f64::INFINITY) };
    // A cut "at most" over most of the columns is written by its
    // complement: the sum over S is total spending less the sum over the
    // rest. On a donor table most cuts cover nearly every group, and 33
    // such rows held a million coefficients; by their complement they hold
    // a few thousand. (A cut "at least" keeps its groups: the integer
    // search reads such rows as the groups that must get money.)
    let dense = cut.at_most && 2 * inside > model.cols.len();
    let total = if dense { total_column(model) } else { None };
    let terms: Vec<(usize, f64)> = if let Some(s) = total {
        let mut terms = Vec::with_capacity(model.cols.len() - inside + 1);
        terms.extend(
            model.cols.iter().enumerate().filter(|(_, c)| !counts(c)).map(|(j, _)| (j, -1.0)),
        );
        terms.push((s, 1.0));
        terms
    } else {
        // Sized first: a row of many terms grown by doubling copies itself
        // over and over.
        let mut terms = Vec::with_capacity(inside);
        terms.extend(
            model.cols.iter().enumerate().filter(|(_, c)| counts(c)).map(|(j, _)| (j, 1.0)),
        );
        terms
    };
    model.lp.row(terms, lo, hi);
    model.rows.push(RowKind::Funders { cut: model.cuts.len() });
    model.cuts.push(cut.clone());
}

/// The column s of total spending ([`Model::total`]), added with its row
/// Σ x − s = 0 the first time a cut needs it. Its bounds are [0, the
/// budget] (the budget rows bound total spending). `None` without a
/// budget row.
fn total_column(model: &mut Model) -> Option<usize> {
    if model.total.is_some() {
        return model.total;
    }
    let budget = model
        .rows
        .iter()
        .zip(&model.lp.rows)
        .filter(|(k, _)| matches!(k, RowKind::Budget { .. }))
        .map(|(_, r)| r.hi)
        .fold(f64::NEG_INFINITY, f64::max);
    if !budget.is_finite() {
        return None;
    }
    let s = model.lp.col(0.0, budget.max(0.0), 0.0);
    let mut terms: Vec<(usize, f64)> = (0..model.cols.len()).map(|j| (j, 1.0)).collect();
    terms.push((s, -1.0));
    model.lp.row(terms, 0.0, 0.0);
    model.rows.push(RowKind::Spending);
    model.total = Some(s);
    model.total
}

/// Add cuts found before (for a program of the same scenario and funders:
/// they hold for every such program) as rows.
pub fn add_cuts(model: &mut Model, cuts: &[Cut]) {
    for cut in cuts {
        add_cut(model, cut);
    }
}

/// Cuts known to hold before any solve (Hall's condition, without the
/// per-group caps): the groups that only a set of funders may fund get at
/// most those funders' budgets — for the set of all funders but one (so
/// the others' money cannot fill that funder's share of the plan), and for
/// each set that is exactly some group's funders when there are few; and
/// each spend_all funder's groups get at least its budget.
fn seeds(sc: &Scenario, elig: &[Vec<usize>]) -> Vec<Cut> {
    let total: f64 = sc.funders.iter().map(|f| f.budget).sum();
    let mut out = Vec::new();
    let hall = |set: &dyn Fn(usize) -> bool| -> Vec<(usize, Part)> {
        (0..elig.len())
            .filter(|&g| !elig[g].is_empty() && elig[g].iter().all(|&f| set(f)))
            .map(|g| (g, Part::All))
            .collect()
    };
    for (f, funder) in sc.funders.iter().enumerate() {
        let groups = hall(&|h| h != f);
        if !groups.is_empty() {
            let others: Vec<usize> = (0..sc.funders.len()).filter(|&h| h != f).collect();
            out.push(Cut {
                terms: groups,
                at_most: true,
                bound: total - funder.budget,
                funders: others,
            });
        }
    }
    let mut sets: Vec<&Vec<usize>> = elig.iter().filter(|e| !e.is_empty()).collect();
    sets.sort();
    sets.dedup();
    if sets.len() <= 40 {
        for set in sets {
            if set.len() + 1 >= sc.funders.len() {
                continue;
            }
            let groups = hall(&|f| set.contains(&f));
            let bound = set.iter().map(|&f| sc.funders[f].budget).sum();
            out.push(Cut { terms: groups, at_most: true, bound, funders: set.clone() });
        }
    }
    for (f, funder) in sc.funders.iter().enumerate() {
        if funder.spend_all {
            let terms =
                (0..elig.len()).filter(|&g| elig[g].contains(&f)).map(|g| (g, Part::All)).collect();
            out.push(Cut { terms, at_most: false, bound: funder.budget, funders: vec![f] });
        }
    }
    out
}

/// Dollars per group of an LP solution: (within the c3 room, the rest).
fn totals(model: &Model, x: &[f64]) -> Vec<(f64, f64)> {
    let mut out = vec![(0.0, 0.0); model.caps.len()];
    for (c, &v) in model.cols.iter().zip(x) {
        if c.c3 {
            out[c.group].0 += v * SCALE;
        } else {
            out[c.group].1 += v * SCALE;
        }
    }
    out
}

/// Why the joint program has no solution.
#[derive(Debug, Clone)]
pub enum JointError {
    /// The solver's own answer (infeasible pooled limits, or a failure).
    Lp(LpError),
    /// The pooled limits can be met, but not with the funders' money: the
    /// last cut found says where.
    Funders(Cut),
}

/// Solve the joint program: the pooled program plus the payment cuts
/// (`solve` runs the LP or MILP on the model as it stands). The model keeps
/// the cuts it needed. Without funders this is just `solve`.
pub fn solve_joint<T>(
    data: &Dataset,
    sc: &Scenario,
    model: &mut Model,
    solve: impl FnMut(&Model) -> Result<(Vec<f64>, T), LpError>,
) -> Result<(Vec<f64>, T), JointError> {
    let elig = if sc.funders.is_empty() { Vec::new() } else { eligibility(data, sc) };
    solve_joint_with(data, sc, &elig, model, solve)
}

/// [`solve_joint`] with the groups' [`eligibility`] found before (the
/// same for every program of the scenario: the ceiling rounds find it once).
pub fn solve_joint_with<T>(
    data: &Dataset,
    sc: &Scenario,
    elig: &[Vec<usize>],
    model: &mut Model,
    mut solve: impl FnMut(&Model) -> Result<(Vec<f64>, T), LpError>,
) -> Result<(Vec<f64>, T), JointError> {
    if sc.funders.is_empty() {
        return solve(model).map_err(JointError::Lp);
    }
    let before = (model.rows.len(), model.lp.rows.len(), model.cuts.len(), model.total);
    let cols_before = model.lp.cols.len();
    let mut seeded = false;
    if model.cuts.is_empty() {
        for cut in seeds(sc, elig) {
            add_cut(model, &cut);
            seeded = true;
        }
    } else {
        seeded = true;
    }
    let mut last: Option<Cut> = None;
    for _ in 0..MAX_ROUNDS {
        let (x, extra) = match solve(model) {
            Ok(v) => v,
            Err(LpError::Infeasible) if last.is_none() && seeded => {
                // The seeds alone conflict with the limits, or the pooled
                // program has no plan at all: find a cut that says which.
                model.rows.truncate(before.0);
                model.lp.rows.truncate(before.1);
                model.cuts.truncate(before.2);
                // The seeds' total-spending column goes with its row.
                model.total = before.3;
                model.lp.cols.truncate(cols_before);
                if let Some(b) = &mut model.lp.blocks {
                    b.of_col.truncate(cols_before);
                }
                seeded = false;
                continue;
            }
            Err(LpError::Infeasible) => {
                return Err(match last {
                    Some(cut) => JointError::Funders(cut),
                    None => JointError::Lp(LpError::Infeasible),
                })
            }
            Err(e) => return Err(JointError::Lp(e)),
        };
        let cuts = separate(data, sc, elig, &totals(model, &x));
        if cuts.is_empty() {
            return Ok((x, extra));
        }
        for cut in cuts {
            add_cut(model, &cut);
            last = Some(cut);
        }
    }
    Err(JointError::Lp(LpError::Solver(format!(
        "the funders' split did not settle in {MAX_ROUNDS} rounds"
    ))))
}

/// The LP optimum of a program of the same scenario and funders, starting
/// from cuts found before (they hold for every such program).
pub fn solve_lp_from(
    data: &Dataset,
    sc: &Scenario,
    model: &mut Model,
    solver: Solver,
    cuts: &[Cut],
) -> Result<LpSolution, JointError> {
    for cut in cuts {
        add_cut(model, cut);
    }
    solve_lp(data, sc, model, solver)
}

/// The LP optimum of the joint program (the pooled program without funders).
pub fn solve_lp(
    data: &Dataset,
    sc: &Scenario,
    model: &mut Model,
    solver: Solver,
) -> Result<LpSolution, JointError> {
    solve_joint(data, sc, model, |m| m.lp.solve(solver).map(|s| (s.x, ())))
        .map(|(x, ())| LpSolution { objective: model.lp.objective(&x), x })
}

/// Say in a program officer's words why the funders cannot pay for a plan
/// that meets the table's limits.
pub fn explain_cut(data: &Dataset, sc: &Scenario, cut: &Cut) -> Conflict {
    let names: Vec<String> = cut.funders.iter().map(|&f| sc.funders[f].name.clone()).collect();
    let who = if names.is_empty() { "the funders".to_owned() } else { names.join(", ") };
    let pos = cut.funders.first().map(|&f| sc.funders[f].pos);
    let groups = cut.groups();
    let n = groups.len();
    let mut states: Vec<&str> = groups.iter().map(|&g| data.groups[g].state.as_str()).collect();
    states.sort_unstable();
    states.dedup();
    let place =
        if states.len() <= 3 { format!(" in {}", states.join(", ")) } else { String::new() };
    if cut.at_most {
        Conflict {
            pos,
            message: format!(
                "the {n} group{}{place} that only {who} may fund can be paid at most {} by them (their budgets, per-group caps and c3 room), but the table's floors, state minimums, locks or spend_all need more there",
                if n == 1 { "" } else { "s" },
                money(cut.bound)
            ),
            fix: "widen those funders' states, constituencies or groups, let another funder fund these groups, or lower the floors and minimums".to_owned(),
        }
    } else {
        let room: f64 = groups.iter().map(|&g| data.groups[g].room_left()).sum();
        Conflict {
            pos,
            message: format!(
                "{who} must spend {} (spend_all), but the {n} group{}{place} they may fund can take only {} of it after peer money, caps and the other funders' claims (room left {})",
                money(cut.bound),
                if n == 1 { "" } else { "s" },
                money(cut.bound.min(room)),
                money(room)
            ),
            fix: "drop spend_all for that funder, lower its budget, or widen its states, constituencies or groups".to_owned(),
        }
    }
}

/// Checks on the funders that need no solve: a spend_all funder whose
/// groups cannot take its budget, and a lock no funder may pay.
pub fn cheap_checks(data: &Dataset, sc: &Scenario) -> Vec<Conflict> {
    let mut out = Vec::new();
    if sc.funders.is_empty() {
        return out;
    }
    let elig = eligibility(data, sc);
    let caps: Vec<f64> = (0..data.groups.len())
        .map(|g| model::group_cap(data, sc, g, &Omit { funders: true, ..Omit::default() }).cap)
        .collect();
    for (f, funder) in sc.funders.iter().enumerate() {
        if !funder.spend_all {
            continue;
        }
        let mut by_state = vec![0.0; data.states.len()];
        for (g, group) in data.groups.iter().enumerate() {
            if elig[g].contains(&f) {
                let mut c = caps[g].min(funder.pair_cap());
                if funder.c3 {
                    c = c.min(group.c3_room);
                }
                by_state[group.state_idx] += c;
            }
        }
        let can: f64 = by_state
            .iter()
            .enumerate()
            .map(|(s, &c)| {
                c.min(model::state_max(sc, &data.states[s].code).unwrap_or(f64::INFINITY))
            })
            .sum();
        if can + 0.5 < funder.budget {
            let where_ = if funder.states.is_empty() {
                "the groups it may fund".to_owned()
            } else {
                let s: Vec<&str> = funder.states.iter().map(|s| s.name.as_str()).collect();
                format!("{} groups it may fund", s.join(", "))
            };
            out.push(Conflict {
                pos: Some(funder.pos),
                message: format!(
                    "{}'s {} cannot all be spent (spend_all): {where_} can take only {} after peer money and caps",
                    funder.name,
                    money(funder.budget),
                    money(can)
                ),
                fix: format!(
                    "lower its budget to {}, raise its state caps or its max_group_share, drop spend_all, or let it fund more states or groups",
                    money(can)
                ),
            });
        }
    }
    for lock in &sc.locks {
        if let Some(g) = data.group(&lock.group.name) {
            if lock.amount > 0.0 && elig[g].is_empty() {
                out.push(Conflict {
                    pos: Some(lock.group.pos),
                    message: format!("`{}` is locked at {}, but no funder at the table may fund it", lock.group.name, money(lock.amount)),
                    fix: "remove the lock, or let a funder fund the group (its states, constituencies or groups)".to_owned(),
                });
            }
        }
    }
    out
}

/// One funder's part of the joint plan.
#[derive(Debug, Clone, Serialize)]
pub struct FunderPart {
    /// Index in `sc.funders`.
    #[serde(skip)]
    pub funder: usize,
    /// Dollars it brings.
    pub budget: f64,
    /// Dollars it gives in the plan.
    pub granted: f64,
    /// Win-equivalents attributed: Σ_g z_fg · impact_g / x_g.
    pub impact: f64,
    /// (group index, dollars), non-zero grants in data order.
    #[serde(skip)]
    pub grants: Vec<(usize, f64)>,
}

/// Who pays for what.
#[derive(Debug, Clone, Default)]
pub struct Split {
    /// One per funder, in scenario order.
    pub parts: Vec<FunderPart>,
    /// Dollars of grants no funder could pay (rounding up for a floor can
    /// cause this; 0 otherwise).
    pub unpaid: f64,
}

/// Split rounded grants (dollars per group) among the funders by the rule
/// in this module's header.
pub fn split(data: &Dataset, sc: &Scenario, grants: &[f64], impacts: &[f64]) -> Split {
    let elig = eligibility(data, sc);
    let lay = Layout::new(sc, &elig, 2);
    let whole: Vec<(f64, f64)> = grants.iter().map(|&v| (0.0, v)).collect();
    let arcs = arcs(data, sc, &elig, &lay, &whole, 1.0, false);
    let mut net = Net::with_edges(lay.nodes, arcs.len() + sc.funders.len());
    let mut source_arc = vec![usize::MAX; sc.funders.len()];
    let mut pair_edges = Vec::new();
    let mut c3_edges: Vec<(usize, usize, usize)> = Vec::new();
    for a in &arcs {
        if a.from == SOURCE {
            continue;
        }
        let e = net.edge(a.from, a.to, a.hi);
        if let Some((f, g)) = a.pair {
            if sc.funders[f].c3 {
                c3_edges.push((f, g, e));
            } else {
                pair_edges.push((f, g, e));
            }
        }
    }
    let arcs_source: Vec<&Arc> = arcs.iter().filter(|a| a.from == SOURCE).collect();
    let mut paid = 0.0;
    for f in pay_order(sc, &elig) {
        let a = arcs_source[f];
        source_arc[f] = net.edge(SOURCE, a.to, a.hi);
        paid += net.max_flow(SOURCE, SINK, 0.5);
    }
    let mut by_funder: Vec<Vec<(usize, f64)>> = vec![Vec::new(); sc.funders.len()];
    for &(f, g, e) in pair_edges.iter().chain(&c3_edges) {
        let v = net.flow(e);
        if v > 0.5 {
            by_funder[f].push((g, v));
        }
    }
    let parts = by_funder
        .into_iter()
        .enumerate()
        .map(|(f, mut grants_f)| {
            grants_f.sort_by_key(|&(g, _)| g);
            let granted = grants_f.iter().map(|&(_, v)| v).sum();
            let impact = grants_f
                .iter()
                .map(|&(g, v)| if grants[g] > 0.0 { v * impacts[g] / grants[g] } else { 0.0 })
                .sum();
            FunderPart {
                funder: f,
                budget: sc.funders[f].budget,
                granted,
                impact,
                grants: grants_f,
            }
        })
        .collect();
    let total: f64 = grants.iter().sum();
    Split { parts, unpaid: (total - paid).max(0.0) }
}

/// Dollars funder by group of a split: `matrix[f][g]`.
pub fn matrix(split: &Split, groups: usize) -> Vec<Vec<f64>> {
    split
        .parts
        .iter()
        .map(|p| {
            let mut row = vec![0.0; groups];
            for &(g, v) in &p.grants {
                row[g] = v;
            }
            row
        })
        .collect()
}

/// One group where the funders planning alone would offer more than it can use.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Duplicate {
    /// Group id.
    pub group: String,
    /// Dollars in the joint plan.
    pub joint: f64,
    /// Dollars the funders alone would offer, added up.
    pub alone: f64,
    /// Dollars past its room after peer money (and c3 dollars past its c3 room).
    pub duplicated: f64,
}

/// What one funder does planning alone.
#[derive(Debug, Clone, Serialize)]
pub struct AloneFunder {
    /// Funder id.
    pub funder: String,
    /// Dollars it would give.
    pub granted: f64,
    /// Win-equivalents its plan claims by itself (before others' duplicates).
    pub impact: f64,
    /// False when no plan meets its own rules at its share of the limits
    /// (say, `spend_all` where its share of a state cap is too small): it
    /// then counts as giving nothing alone.
    pub planned: bool,
}

/// The value of coordinating (MODEL.md §3).
#[derive(Debug, Clone, Serialize)]
pub struct Coordination {
    /// Win-equivalents of the joint plan.
    pub joint_impact: f64,
    /// Win-equivalents of the funders' own plans added up (duplicates earn nothing).
    pub alone_impact: f64,
    /// joint − alone.
    pub gain: f64,
    /// gain / alone, percent (0 when alone is 0).
    pub gain_pct: f64,
    /// Dollars offered past groups' room when planning alone.
    pub duplicated: f64,
    /// Groups with duplicated dollars, most first.
    pub groups: Vec<Duplicate>,
    /// Each funder's own plan.
    pub funders: Vec<AloneFunder>,
}

/// The scenario one funder would plan alone: its budget and rules; shares
/// of its own budget (and dollar state caps in proportion to it); no
/// floors, state minimums or locks (the table's commitments) and no
/// max_groups; periods release its money in the same proportions. Also its extra per-group caps (dollars: c3 room, its own
/// max_group_share).
pub fn alone_scenario(data: &Dataset, sc: &Scenario, f: usize) -> (Scenario, Vec<f64>) {
    let funder = &sc.funders[f];
    let mut own = sc.clone();
    own.funders.clear();
    own.set_budget(funder.budget);
    own.spend_all = funder.spend_all;
    own.floors.clear();
    own.locks.clear();
    own.limits.max_groups = None;
    let part = if sc.budget > 0.0 { funder.budget / sc.budget } else { 0.0 };
    for s in &mut own.states {
        s.min = None;
        // A dollar cap of the table is shared in proportion to budgets, so
        // the funders' own plans together keep it (as share caps do).
        s.max = s.max.map(|m| m * part);
    }
    let caps = data
        .groups
        .iter()
        .map(|group| {
            if sc.exclude.iter().any(|e| e.name == group.id) || !funder.may_fund(group) {
                return 0.0;
            }
            let c = funder.pair_cap();
            if funder.c3 {
                c.min(group.c3_room)
            } else {
                c
            }
        })
        .collect();
    (own, caps)
}

/// The funders planning alone ([`alone`]): their grants added up, and
/// each funder's own plan. Needs no joint plan, so it can be found beside it.
#[derive(Debug, Clone)]
pub struct Alone {
    /// Dollars offered to each group in each period, all funders together.
    offered: Vec<Vec<f64>>,
    /// Of those, the c3 funders' dollars to each group.
    c3_offered: Vec<f64>,
    /// Each funder's own plan.
    funders: Vec<AloneFunder>,
}

/// Plan each funder alone (MODEL.md §3) and add their grants up.
pub fn alone(data: &Dataset, sc: &Scenario, scores: &Scores, solver: Solver) -> Alone {
    let n = data.groups.len();
    let periods = sc.periods.len().max(1);
    let mut offered = vec![vec![0.0; periods]; n];
    let mut c3_offered = vec![0.0; n];
    let mut funders = Vec::new();
    for (f, funder) in sc.funders.iter().enumerate() {
        let (own, caps) = alone_scenario(data, sc, f);
        let omit = Omit { caps, ..Omit::default() };
        let got = alone_grants(data, &own, scores, &omit, solver);
        let planned = got.is_some();
        let got = got.unwrap_or_else(|| vec![vec![0.0; periods]; n]);
        let impact = crate::plan::ceiling::impacts(data, &own, scores, &got).iter().sum();
        let mut granted = 0.0;
        for g in 0..n {
            for t in 0..periods {
                offered[g][t] += got[g][t];
                granted += got[g][t];
                if funder.c3 {
                    c3_offered[g] += got[g][t];
                }
            }
        }
        funders.push(AloneFunder { funder: funder.id.clone(), granted, impact, planned });
    }
    Alone { offered, c3_offered, funders }
}

/// Plan each funder alone, add their grants up, and compare with the joint plan.
pub fn coordination(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    joint: &Plan,
    solver: Solver,
) -> Coordination {
    coordination_of(data, sc, scores, joint, alone(data, sc, scores, solver))
}

/// [`coordination`], with the funders' own plans found before ([`alone`]).
pub fn coordination_of(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    joint: &Plan,
    alone: Alone,
) -> Coordination {
    let Alone { offered, c3_offered, funders } = alone;
    let n = data.groups.len();
    let mut groups = Vec::new();
    let mut used_all = Vec::with_capacity(n);
    let mut duplicated = 0.0;
    for (g, offers) in offered.iter().enumerate() {
        let group = &data.groups[g];
        let total: f64 = offers.iter().sum();
        // Dollars past the room earn nothing, nor do c3 dollars past the
        // c3 room (tax-deductible money only pays for c3 work): keep the
        // usable part, taken evenly from every period's offers.
        let c3_past = (c3_offered[g] - group.c3_room).max(0.0);
        let usable = (total - c3_past).min(group.room_left());
        let keep = if total > usable && total > 0.0 { usable / total } else { 1.0 };
        used_all.push(offers.iter().map(|v| v * keep).collect::<Vec<f64>>());
        let dup = (total - usable).max(0.0);
        if dup > 0.5 {
            duplicated += dup;
            groups.push(Duplicate {
                group: data.groups[g].id.clone(),
                joint: joint.grants[g].amount,
                alone: total,
                duplicated: dup,
            });
        }
    }
    // With effect ceilings, votes past a race's ceiling count for nothing,
    // however many funders bought them.
    let alone_impact: f64 = crate::plan::ceiling::impacts(data, sc, scores, &used_all).iter().sum();
    groups.sort_by(|a, b| b.duplicated.total_cmp(&a.duplicated).then(a.group.cmp(&b.group)));
    let gain = joint.impact - alone_impact;
    Coordination {
        joint_impact: joint.impact,
        alone_impact,
        gain,
        gain_pct: if alone_impact > 0.0 { 100.0 * gain / alone_impact } else { 0.0 },
        duplicated,
        groups,
        funders,
    }
}

/// A funder's own plan: rounded dollars per group and period (None when
/// no plan meets its rules).
fn alone_grants(
    data: &Dataset,
    own: &Scenario,
    scores: &Scores,
    omit: &Omit,
    solver: Solver,
) -> Option<Vec<Vec<f64>>> {
    // The funder's own program with its effect ceilings (added lazily).
    let periods = own.periods.len().max(1);
    let mut out = vec![vec![0.0; periods]; data.groups.len()];
    let (model, sol) = crate::plan::ceiling::solve(data, own, scores, omit, solver).ok()?;
    let limits = crate::plan::milp::IntegerLimits {
        min_grant: own.limits.min_grant.filter(|&m| m > 0.0),
        max_groups: None,
    };
    let (model, x) = if limits.min_grant.is_some() {
        match crate::plan::integer_with_ceilings(data, own, scores, omit, model, limits, solver) {
            Ok((model, x, _)) => (model, x),
            Err(_) => return None,
        }
    } else {
        (model, sol.x)
    };
    for (c, &v) in model.cols.iter().zip(&x) {
        out[c.group][c.period] += v * SCALE;
    }
    let step = own.rounding;
    for row in &mut out {
        for v in row.iter_mut() {
            *v = ((*v + 1e-6) / step).floor() * step;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_flow_and_its_cut_on_a_small_network() {
        // 0 → 1 (3), 0 → 2 (2), 1 → 2 (1), 1 → 3 (2), 2 → 3 (3): max flow 5.
        let mut net = Net::new(4);
        for (u, v, c) in [(0, 1, 3.0), (0, 2, 2.0), (1, 2, 1.0), (1, 3, 2.0), (2, 3, 3.0)] {
            net.edge(u, v, c);
        }
        assert_eq!(net.max_flow(0, 3, 1e-12), 5.0);
        // Source side of the minimum cut: the source alone (both its arcs full).
        assert_eq!(net.bfs(0, 1e-12), vec![true, false, false, false]);
        // Adding more capacity later augments from the flow already there.
        net.edge(0, 3, 1.5);
        assert_eq!(net.max_flow(0, 3, 1e-12), 1.5);
    }

    #[test]
    fn pay_order_puts_spend_all_then_the_narrowest_first() {
        let text = "budget = 3\n[data]\nstates = \"s\"\nchambers = \"c\"\nraces = \"r\"\ngroups = \"g\"\n\
                    [[funders]]\nid = \"wide\"\nbudget = 1\n[[funders]]\nid = \"narrow\"\nbudget = 1\n\
                    [[funders]]\nid = \"must\"\nbudget = 1\nspend_all = true\n";
        let mut diags = crate::input::diag::Diagnostics::new();
        let sc = Scenario::parse(std::path::Path::new("t.toml"), text, &mut diags).unwrap();
        assert!(!diags.has_errors(), "{}", diags.render());
        // Group eligibility: wide funds 3 groups, narrow 1, must 2.
        let elig = vec![vec![0, 2], vec![0, 1, 2], vec![0]];
        assert_eq!(pay_order(&sc, &elig), vec![2, 1, 0]);
    }
}
