//! A bounded-variable primal simplex for programs with few rows and many
//! bounded columns — the shape of the allocation LP without periods (one
//! budget row, a few rows per state and per floor, thousands of columns).
//!
//! Rows become equalities with bounded slacks, `A x − s = 0`, so every
//! variable is bounded and the starting basis (all slacks) is the identity up
//! to sign. The basis inverse is dense (m × m), updated by pivots and rebuilt
//! every [`REFACTOR`] pivots. Phase 1 minimizes the sum of bound violations;
//! phase 2 maximizes the objective. Most iterations on this shape are bound
//! flips (a column moves from 0 to its upper bound without a basis change),
//! which cost O(m): reduced costs are kept between basis changes and the
//! candidates visited in order.
//!
//! Any failure (iteration limit, singular basis, a final answer that does
//! not verify) is reported as an error, and [`crate::plan::lp`] falls back to a
//! general solver.

use crate::plan::lp::{Lp, LpError, LpSolution};

/// Sifting ([`WorkingSet`]) starts from this share of the columns
/// (1/SIFT_SHARE of them, the best by objective) and its seed...
const SIFT_SHARE: usize = 16;
/// ...and widens the set by this many of the best columns outside it each
/// time none inside can enter.
const SIFT_ADD: usize = 2000;
/// Programs with fewer columns price them all.
const SIFT_MIN: usize = 4096;

/// Pivots between rebuilds of the basis inverse.
const REFACTOR: usize = 64;
/// Primal feasibility tolerance (LP units: $1M, so 1e-9 is a tenth of a cent).
const PRIMAL_TOL: f64 = 1e-9;
/// Reduced costs within this of 0 count as 0.
const DUAL_TOL: f64 = 1e-12;
/// Pivot elements smaller than this are not used.
const PIVOT_TOL: f64 = 1e-9;
/// Degenerate pivots in a row before switching to Bland's rule.
const DEGENERATE_LIMIT: usize = 50;

/// An entering candidate: |reduced cost|, then (phase 1) its phase-2
/// reduced cost in its direction, variable, direction.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Candidate {
    score: f64,
    tie: f64,
    var: usize,
    dir: f64,
}

impl Eq for Candidate {}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Candidate {
    /// Larger score first; in phase 1, where many columns tie (each
    /// reduces infeasibility at the same rate), the more valuable first, so
    /// phase 1 ends near the optimum; then the lower index.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.score
            .total_cmp(&other.score)
            .then(self.tie.total_cmp(&other.tie))
            .then(other.var.cmp(&self.var))
    }
}

/// Candidates ordered per walk: a selection of the best [`BATCH`] at a
/// time, sorted, instead of a heap over all of them (which visits the same
/// candidates in the same order: [`Candidate`]'s order is total).
struct Walk<'a> {
    cands: &'a [Candidate],
    /// Bland's rule: candidates before this are taken.
    from: usize,
    /// The worst candidate of the last batch: the next batch is the best of
    /// those below it (none yet: of all).
    below: Option<Candidate>,
    /// The current batch, worst first (popped from the back).
    batch: Vec<Candidate>,
    bland: bool,
    /// After a basis change: only the batch is left (re-priced), and an
    /// empty batch ends the walk.
    minor: bool,
}

/// Candidates ordered at a time by [`Walk`].
const BATCH: usize = 64;

impl<'a> Walk<'a> {
    fn new(cands: &'a [Candidate], bland: bool) -> Walk<'a> {
        Walk { cands, from: 0, below: None, batch: Vec::new(), bland, minor: false }
    }

    /// Re-price the batch after a basis change: `delta(v)` is the change of
    /// v's reduced cost; candidates no longer improving drop out.
    fn reprice(&mut self, mut delta: impl FnMut(usize) -> f64) {
        self.minor = true;
        self.batch.retain_mut(|c| {
            let d = c.dir * c.score - delta(c.var);
            c.score = d.abs();
            d * c.dir > DUAL_TOL
        });
        self.batch.sort_unstable();
    }

    fn next(&mut self) -> Option<Candidate> {
        if self.bland {
            let c = self.cands.get(self.from).copied();
            self.from += 1;
            return c;
        }
        if self.batch.is_empty() {
            if self.minor {
                return None;
            }
            // The best BATCH below the last batch, in one pass that keeps
            // them in a min-heap: most candidates lose to its worst at once
            // (the same batch as a selection over the rest would give).
            let mut best: std::collections::BinaryHeap<std::cmp::Reverse<Candidate>> =
                std::collections::BinaryHeap::with_capacity(BATCH + 1);
            for &c in self.cands {
                if self.below.is_some_and(|b| c >= b) {
                    continue;
                }
                if best.len() < BATCH {
                    best.push(std::cmp::Reverse(c));
                } else if best.peek().is_some_and(|w| c > w.0) {
                    best.pop();
                    best.push(std::cmp::Reverse(c));
                }
            }
            self.batch.extend(best.into_iter().map(|r| r.0));
            self.batch.sort_unstable();
            self.below = Some(*self.batch.first()?);
        }
        self.batch.pop()
    }
}

/// Sifting's working set: pricing looks at these columns (and every
/// slack) while one of them can enter, and at all columns only when none
/// can; the best [`SIFT_ADD`] of those that can then join the set. It
/// starts as the best 1/[`SIFT_SHARE`] of the columns by objective and a
/// seed: the columns a related program's optimum used (the round before's,
/// in the effect-ceiling rounds, with every race's y_r). The simplex ends as without it (at an
/// optimum, no column can enter), and Bland's rule, against cycling, looks
/// at every column.
///
/// Most of an optimum's columns are among those: a budget goes to the
/// most valuable groups, and a round's optimum moves little of the last
/// one's. Most pricings then look at a tenth of the columns (national
/// scale, 33,743 of them: the first ceiling round 20 ms → 10 ms, the
/// second 27 → 20 ms).
struct WorkingSet {
    /// The set, ascending.
    members: Vec<usize>,
    /// Column j is in the set.
    has: Vec<bool>,
}

impl WorkingSet {
    /// The best 1/[`SIFT_SHARE`] of the columns not fixed (`open`) by
    /// objective `cost` (ties: the lower index), and those of `seed` not
    /// fixed; `None` for programs of fewer than [`SIFT_MIN`] columns.
    fn new(cost: &[f64], open: &[bool], seed: &[usize]) -> Option<WorkingSet> {
        let n = cost.len();
        if n < SIFT_MIN {
            return None;
        }
        let mut members: Vec<usize> = (0..n).filter(|&j| open[j]).collect();
        let k = n / SIFT_SHARE;
        if k < members.len() {
            members.select_nth_unstable_by(k, |&a, &b| cost[b].total_cmp(&cost[a]).then(a.cmp(&b)));
            members.truncate(k);
        }
        members.extend(seed.iter().copied().filter(|&j| j < n && open[j]));
        members.sort_unstable();
        members.dedup();
        let mut has = vec![false; n];
        for &j in &members {
            has[j] = true;
        }
        Some(WorkingSet { members, has })
    }

    /// Add the best [`SIFT_ADD`] columns of `cands` (a full pricing's)
    /// that are not in the set.
    fn widen(&mut self, cands: &[Candidate]) {
        let n = self.has.len();
        let mut fresh: Vec<&Candidate> =
            cands.iter().filter(|c| c.var < n && !self.has[c.var]).collect();
        if fresh.len() > SIFT_ADD {
            fresh.select_nth_unstable_by(SIFT_ADD, |a, b| b.cmp(a));
            fresh.truncate(SIFT_ADD);
        }
        for c in fresh {
            self.has[c.var] = true;
            self.members.push(c.var);
        }
        self.members.sort_unstable();
    }
}

/// Empty `v` with room for `len` items: its own buffer when that is large
/// enough, else a new one with a quarter more (not grown from the old one,
/// which would copy contents no longer wanted).
fn room<T>(v: &mut Vec<T>, len: usize) {
    v.clear();
    if v.capacity() < len {
        *v = Vec::with_capacity(len + len / 4);
    }
}

/// The structural matrix by columns, in one allocation: column j's
/// (row, coefficient) entries, rows ascending, are
/// `entries[start[j]..start[j + 1]]`.
#[derive(Default)]
struct Csc {
    start: Vec<usize>,
    entries: Vec<(usize, f64)>,
}

impl Csc {
    /// `lp`'s matrix by columns, written into `spare`'s buffers (the same
    /// values as into new ones; reused memory needs no fresh pages).
    fn new_in(lp: &Lp, spare: Csc) -> Csc {
        let n = lp.cols.len();
        let Csc { mut start, mut entries } = spare;
        room(&mut start, n + 1);
        start.resize(n + 1, 0);
        for row in &lp.rows {
            for &(j, a) in &row.terms {
                if a != 0.0 {
                    start[j + 1] += 1;
                }
            }
        }
        for j in 0..n {
            start[j + 1] += start[j];
        }
        let mut fill = start.clone();
        room(&mut entries, start[n]);
        entries.resize(start[n], (0usize, 0.0f64));
        for (i, row) in lp.rows.iter().enumerate() {
            for &(j, a) in &row.terms {
                if a != 0.0 {
                    entries[fill[j]] = (i, a);
                    fill[j] += 1;
                }
            }
        }
        Csc { start, entries }
    }
}

impl std::ops::Index<usize> for Csc {
    type Output = [(usize, f64)];
    fn index(&self, j: usize) -> &[(usize, f64)] {
        &self.entries[self.start[j]..self.start[j + 1]]
    }
}

/// The structural matrix by rows, as [`Csc`] by columns: row i's
/// (column, coefficient) entries, columns ascending, are
/// `entries[start[i]..start[i + 1]]` (zero coefficients left out).
///
/// A row whose coefficients are all 1 (the budget, state, floor and
/// payment-cut rows) is also kept as runs of consecutive columns,
/// `runs[run_start[i]..run_start[i + 1]]` (half-open column ranges), for
/// [`Csr::products`]: w_i·1 is w_i exactly, so such a row adds w_i to a
/// whole slice at a time (which vectorizes) with the same bits.
#[derive(Default)]
struct Csr {
    start: Vec<usize>,
    entries: Vec<(usize, f64)>,
    /// Per row: are its coefficients all 1?
    unit: Vec<bool>,
    run_start: Vec<usize>,
    runs: Vec<(usize, usize)>,
}

impl Csr {
    /// `lp`'s matrix by rows, written into `spare`'s buffers.
    fn new_in(lp: &Lp, spare: Csr) -> Csr {
        let m = lp.rows.len();
        let mut csr = spare;
        room(&mut csr.start, m + 1);
        room(&mut csr.entries, lp.rows.iter().map(|r| r.terms.len()).sum());
        room(&mut csr.unit, m);
        room(&mut csr.run_start, m + 1);
        csr.runs.clear();
        csr.start.push(0);
        csr.run_start.push(0);
        for row in &lp.rows {
            csr.push(&row.terms);
        }
        csr
    }

    /// Append a row (terms as in [`crate::plan::lp::Row`]).
    fn push(&mut self, terms: &[(usize, f64)]) {
        let from = self.entries.len();
        self.entries.extend(terms.iter().copied().filter(|&(_, a)| a != 0.0));
        self.start.push(self.entries.len());
        let row = &self.entries[from..];
        let unit = row.iter().all(|&(_, a)| a == 1.0);
        self.unit.push(unit);
        if let (true, Some(&(first, _))) = (unit, row.first()) {
            let mut run = (first, first);
            for &(j, _) in row {
                if j != run.1 {
                    self.runs.push(run);
                    run = (j, j);
                }
                run.1 = j + 1;
            }
            self.runs.push(run);
        }
        self.run_start.push(self.runs.len());
    }

    /// Row i's entries.
    fn row(&self, i: usize) -> &[(usize, f64)] {
        &self.entries[self.start[i]..self.start[i + 1]]
    }

    /// w·a_j for every column j (`n` of them) into `out`, visiting only
    /// the rows with w_i ≠ 0. Each column's terms are added in row order
    /// from the same starting value as the column-wise sum
    /// `Σ_{(i, a) in column j} w_i·a` adds them, so every result has that
    /// sum's bits (a skipped term is w_i·a = ±0, which changes no sum but
    /// for the sign of an exact zero, and no test here reads that sign).
    fn products(&self, w: &[f64], n: usize, out: &mut Vec<f64>) {
        let zero: f64 = std::iter::empty::<f64>().sum();
        out.clear();
        out.resize(n, zero);
        for (i, &wi) in w.iter().enumerate() {
            if wi == 0.0 {
                continue;
            }
            if self.unit[i] {
                for &(from, to) in &self.runs[self.run_start[i]..self.run_start[i + 1]] {
                    for o in &mut out[from..to] {
                        *o += wi;
                    }
                }
                continue;
            }
            for &(j, a) in self.row(i) {
                out[j] += wi * a;
            }
        }
    }
}

/// Where a variable is: basic (its row in the basis is `basis`'s
/// business), or non-basic at its lower or upper bound. One byte: pricing
/// reads it for every variable.
#[derive(Debug, Clone, Copy, PartialEq)]
enum At {
    Basic,
    Lower,
    Upper,
}

/// The way a variable at `at` within [`lo`, `hi`] may move: +1 up from its
/// lower bound, −1 down from its upper; `None` when basic or fixed.
fn way(at: At, lo: f64, hi: f64) -> Option<f64> {
    match at {
        At::Basic => None,
        _ if fixed(lo, hi) => None,
        At::Lower => Some(1.0),
        At::Upper => Some(-1.0),
    }
}

/// A variable within [`lo`, `hi`] that cannot move, basic or not.
fn fixed(lo: f64, hi: f64) -> bool {
    hi - lo <= 0.0
}

struct Simplex {
    m: usize,
    n: usize,
    /// Column-major structural matrix.
    cols: Csc,
    /// The same by rows, for products with a row vector over every column
    /// (pricing, the dual simplex's pivot row).
    rows: Csr,
    /// Columns with identical entries share a class, so y·a_j is computed
    /// once per class when pricing.
    class: Vec<usize>,
    /// One representative column per class.
    class_col: Vec<usize>,
    /// Bounds of all n + m variables (slack i is variable n + i).
    lo: Vec<f64>,
    hi: Vec<f64>,
    /// Phase-2 costs (slacks cost 0).
    cost: Vec<f64>,
    x: Vec<f64>,
    basis: Vec<usize>,
    at: Vec<At>,
    /// Basis inverse, row-major m × m.
    binv: Vec<f64>,
    /// Buffers of the last factorization ([`Simplex::factor`]), kept for
    /// the next one.
    spare_b: Vec<f64>,
    spare_inv: Vec<f64>,
    /// The lists of the last factorization: the rows listed for each
    /// column, then the columns listed for each row.
    spare_lists: Vec<Vec<u32>>,
    since_refactor: usize,
    /// The dual simplex keeps its reduced costs up to date between pivots
    /// and finds implied row bounds in one pass, and the primal simplex
    /// takes minor iterations over its best candidates between pricings,
    /// instead of recomputing everything at each step: every warm start
    /// ([`solve_warm`], [`solve_from`] with a basis, [`Resolver`]) and the
    /// cold starts of [`solve_cold`].
    fast: bool,
    /// Price a working set of columns first ([`WorkingSet`]), starting
    /// from these columns (and the best by objective); `None`: price all.
    sift: Option<Vec<usize>>,
}

/// The buffers of a simplex no longer needed, for the next one to write
/// into ([`Simplex::new_in`]): the same values as in new buffers, without
/// fresh pages to fault in.
#[derive(Default)]
struct Spare {
    cols: Csc,
    rows: Csr,
    class: Vec<usize>,
    class_col: Vec<usize>,
    lo: Vec<f64>,
    hi: Vec<f64>,
    cost: Vec<f64>,
    x: Vec<f64>,
    basis: Vec<usize>,
    at: Vec<At>,
    binv: Vec<f64>,
    spare_b: Vec<f64>,
    spare_inv: Vec<f64>,
    spare_lists: Vec<Vec<u32>>,
}

/// Solve `lp` (maximize) with the bounded simplex.
pub fn solve(lp: &Lp) -> Result<LpSolution, LpError> {
    let mut s = Simplex::new(lp, true)?;
    let x = s.run().map(|()| s.x[..s.n].to_vec());
    recycle_solved(s);
    let x = x?;
    verify(lp, &x)?;
    Ok(LpSolution { objective: lp.objective(&x), x })
}

/// An optimal basis, to start a related program from (a warm start).
/// Variables are numbered as inside the solver: column j is j, the slack
/// of row i is n + i.
#[derive(Debug, Clone, PartialEq)]
pub struct Basis {
    /// Rows of the program it came from.
    pub rows: usize,
    /// Basic variables, one per row.
    pub basic: Vec<usize>,
    /// Non-basic variables at their upper bound (others are at the lower).
    pub upper: Vec<usize>,
    /// Row duals at this basis: the objective's rise per unit of a row's
    /// binding bound (the reduced cost of row i's slack).
    pub duals: Vec<f64>,
}

/// Solve `lp` starting from `start`, the optimal basis of a program with
/// the same columns and the same first `start.rows` rows, whose bounds,
/// coefficients or objective may differ (rows added after those have their
/// slacks basic). A basis that is still dual feasible (a bound or the
/// budget changed) goes to the dual simplex until the primal is feasible;
/// otherwise the primal simplex goes on from it. Without `start`: a cold
/// start. Returns the solution and its optimal basis.
///
/// The answer is verified as [`solve`]'s is; an error other than
/// infeasibility means "solve it cold".
pub fn solve_from(lp: &Lp, start: Option<&Basis>) -> Result<(LpSolution, Basis), LpError> {
    let mut s = Simplex::new(lp, start.is_none())?;
    // Warm: the dual simplex keeps its reduced costs (the integer search's
    // children: the same plans and node counts on every integer case, 12%
    // fewer instructions on the 300-group one). Cold keeps the full pricing:
    // with the minor iterations there, some searches took other paths.
    s.fast = start.is_some();
    let out = s.solve_from_start(lp, start);
    recycle_solved(s);
    out
}

impl Simplex {
    /// The body of [`solve_from`] on a simplex of `lp` at its slack basis.
    fn solve_from_start(
        &mut self,
        lp: &Lp,
        start: Option<&Basis>,
    ) -> Result<(LpSolution, Basis), LpError> {
        if let Some(b) = start {
            self.warm(b)?;
            if !self.dual()? {
                return Err(LpError::Solver("the dual simplex stalled".into()));
            }
        }
        // Cold: the whole primal simplex; warm: a polish (any reduced cost
        // left on the wrong side of 0 by tolerances).
        self.run()?;
        self.finish(lp)
    }
}

/// Solve `lp` from `start` (as [`solve_from`]), where `start` need not be
/// dual feasible: a program whose objective changed as well as its rows
/// (the effect-ceiling rounds, the explanation re-solves). The dual simplex
/// runs while it applies; where it does not, or stalls, the primal simplex
/// goes on from the basis reached (phase 1 first if it is infeasible).
/// Either way the answer is optimal for `lp` and verified as [`solve`]'s
/// is; an error means "solve it cold".
pub fn solve_warm(lp: &Lp, start: &Basis) -> Result<(LpSolution, Basis), LpError> {
    let mut s = Simplex::new(lp, false)?;
    s.fast = true;
    let out = s.solve_from_warm(lp, start);
    recycle_solved(s);
    out
}

/// Solve `lp` cold, as [`solve_from`] without a start, with the pricing
/// of [`solve_warm`] (minor iterations over the best candidates between
/// full pricings); returns the solution and its optimal basis.
pub fn solve_cold(lp: &Lp) -> Result<(LpSolution, Basis), LpError> {
    let mut s = Simplex::new(lp, true)?;
    s.fast = true;
    let out = s.run().and_then(|()| s.finish(lp));
    recycle_solved(s);
    out
}

/// A simplex kept alive between the solves of a program that only gains
/// rows (the funders' payment cuts, round after round): when the next
/// program has the same columns and begins with the rows of the last one,
/// its matrix is the last one's with the new rows appended in place, so
/// only those are copied. Any other program (the next effect-ceiling
/// round's) is built in the last one's buffers. Each solve then starts
/// exactly as [`solve_warm`] / [`solve_cold`] would on a simplex built
/// anew (bounds, costs and the basis factored from scratch), so it takes
/// the same pivots and returns the same bits.
#[derive(Default)]
pub struct Resident {
    last: Option<Simplex>,
    /// Matrix entries of an earlier simplex, for the next one grown.
    spare: Vec<(usize, f64)>,
}

/// Buffers of simplexes no longer needed, for the next ones (at most
/// [`POOLED`]): the explanation's re-solves, the funders' own plans,
/// robust's draws and the integer search's nodes each start a simplex of
/// the same size, and new buffers of that size are fresh pages to fault in
/// (at 300 groups with `max_groups`, about 5% of the search's time).
static POOL: std::sync::Mutex<Vec<Spare>> = std::sync::Mutex::new(Vec::new());

/// Spare buffers kept in [`POOL`] (one per core is enough).
const POOLED: usize = 2;

/// Pooled buffers, or none.
fn pooled() -> Spare {
    POOL.lock().ok().and_then(|mut p| p.pop()).unwrap_or_default()
}

/// Keep `s`'s buffers in [`POOL`] if it has room.
fn recycle(s: Simplex) {
    if let Ok(mut pool) = POOL.lock() {
        if pool.len() < POOLED {
            pool.push(s.into_spare());
        }
    }
}

/// Rows of the largest simplex a one-off solve ([`solve`], [`solve_from`],
/// [`solve_warm`], [`solve_cold`], a [`Resolver`]) leaves in [`POOL`]: each
/// keeps three m × m buffers, 2.9 MB apiece at 600 rows. The integer
/// search's node programs have 100–530 rows on the benchmarks; MODEL.md's
/// example with integer limits has some of 760, whose spares raised its
/// peak from 72–77 to 82–83 MB.
const POOL_ROWS: usize = 600;

/// [`recycle`] for a one-off solve's simplex of at most [`POOL_ROWS`] rows.
fn recycle_solved(s: Simplex) {
    if s.m <= POOL_ROWS {
        recycle(s);
    }
}

impl Drop for Resident {
    fn drop(&mut self) {
        if let Some(s) = self.last.take() {
            recycle(s);
        }
    }
}

/// The last simplex's buffers, else pooled ones, else none.
fn spare_of(last: Option<Simplex>) -> Spare {
    match last {
        Some(s) => s.into_spare(),
        None => pooled(),
    }
}

impl Resident {
    /// An empty one: the first solve builds its simplex.
    pub fn new() -> Resident {
        Resident::default()
    }

    /// [`solve_warm`], reusing the last program's matrix where it fits
    /// (and its buffers where it does not). With `sift` (a seed), pricing
    /// looks at a working set of columns first ([`WorkingSet`]): the
    /// seed's, the columns `start` uses (basic or at their upper bound) and
    /// the best by objective.
    pub fn solve_warm(
        &mut self,
        lp: &Lp,
        start: &Basis,
        sift: Option<&[usize]>,
    ) -> Result<(LpSolution, Basis), LpError> {
        let mut s = match self.last.take() {
            Some(old) if old.is_prefix_of(lp) => old.grow(lp, &mut self.spare)?,
            last => Simplex::new_in(lp, false, spare_of(last))?,
        };
        s.fast = true;
        if let Some(extra) = sift {
            let n = s.n;
            let used =
                start.basic.iter().chain(&start.upper).chain(extra).copied().filter(|&v| v < n);
            s.sift = Some(used.collect());
        }
        let result = s.solve_from_warm(lp, start);
        self.last = Some(s);
        result
    }

    /// [`solve_cold`], keeping the simplex for the next solve. With `sift`
    /// (a seed), pricing looks at a working set of columns first
    /// ([`WorkingSet`]): the seed's columns and the best by objective.
    pub fn solve_cold(
        &mut self,
        lp: &Lp,
        sift: Option<&[usize]>,
    ) -> Result<(LpSolution, Basis), LpError> {
        let spare = spare_of(self.last.take());
        let mut s = Simplex::new_in(lp, true, spare)?;
        s.fast = true;
        s.sift = sift.map(<[usize]>::to_vec);
        let result = s.run().and_then(|()| s.finish(lp));
        self.last = Some(s);
        result
    }
}

impl Basis {
    /// This basis (of a program with `n_old` columns) carried to a related
    /// program with `n` columns and `m` rows: `col_map[j]` / `row_map[i]`
    /// give the new index of old column j / old row i (`None`: not in the
    /// new program). Rows of the new program without an old one get their
    /// slack basic; if the count is off (a row left out whose slack was not
    /// basic), structural columns leave the basis from the end, or slacks
    /// fill it. Any basis that factors is a valid start: this one only
    /// decides how many pivots remain.
    pub fn carry(
        &self,
        n_old: usize,
        col_map: &[Option<usize>],
        row_map: &[Option<usize>],
        n: usize,
        m: usize,
    ) -> Basis {
        let var = |v: usize| {
            if v < n_old {
                col_map.get(v).copied().flatten()
            } else {
                row_map.get(v - n_old).copied().flatten().map(|i| n + i)
            }
        };
        let mut is_basic = vec![false; n + m];
        let mut basic: Vec<usize> = Vec::with_capacity(m);
        for v in self.basic.iter().filter_map(|&v| var(v)) {
            if v < n + m && !is_basic[v] {
                is_basic[v] = true;
                basic.push(v);
            }
        }
        let mut has_old = vec![false; m];
        for &i in row_map.iter().flatten() {
            if i < m {
                has_old[i] = true;
            }
        }
        for i in 0..m {
            if !has_old[i] && !is_basic[n + i] {
                is_basic[n + i] = true;
                basic.push(n + i);
            }
        }
        let mut k = basic.len();
        while basic.len() > m && k > 0 {
            k -= 1;
            if basic[k] < n {
                is_basic[basic[k]] = false;
                basic.remove(k);
            }
        }
        while basic.len() > m {
            if let Some(v) = basic.pop() {
                is_basic[v] = false;
            }
        }
        for i in 0..m {
            if basic.len() >= m {
                break;
            }
            if !is_basic[n + i] {
                is_basic[n + i] = true;
                basic.push(n + i);
            }
        }
        let upper = self
            .upper
            .iter()
            .filter_map(|&v| var(v))
            .filter(|&v| v < n + m && !is_basic[v])
            .collect();
        Basis { rows: m, basic, upper, duals: Vec::new() }
    }
}

/// A row of the basis as [`Simplex::factor`] lists it: 4 bytes (a basis
/// of 2³² rows could not be held: its inverse alone is m² doubles). Where
/// fill-in makes the basis dense, the lists hold about m² of them.
fn row_id(i: usize) -> u32 {
    debug_assert!(u32::try_from(i).is_ok());
    i as u32
}

/// `b` (m × m) with every entry listed in `rows_of` set to 0: after a
/// factorization, b is zero everywhere else (a non-zero entry is always
/// listed), so this leaves it all zeros for the next one.
fn zeroed(mut b: Vec<f64>, rows_of: &[Vec<u32>], m: usize) -> Vec<f64> {
    for (j, rows) in rows_of.iter().enumerate() {
        for &s in rows {
            b[s as usize * m + j] = 0.0;
        }
    }
    debug_assert!(b.iter().all(|&v| v == 0.0));
    b
}

/// Each row of `matrix` (rows of `v.len()` entries) times `v`, passed to
/// `out` with its row number: the same bits as `row · v` summed in order
/// by [`Iterator::sum`]. Four rows at a time, each with its own running
/// sum, so the four chains of additions overlap instead of each waiting
/// on the one before.
fn dot_rows(matrix: &[f64], v: &[f64], mut out: impl FnMut(usize, f64)) {
    let m = v.len();
    if m == 0 {
        return;
    }
    // Iterator::sum's starting value (−0.0: a sum of −0.0s stays −0.0).
    let zero: f64 = std::iter::empty::<f64>().sum();
    let mut quads = matrix.chunks_exact(4 * m);
    let mut k = 0;
    for quad in &mut quads {
        let (r0, rest) = quad.split_at(m);
        let (r1, rest) = rest.split_at(m);
        let (r2, r3) = rest.split_at(m);
        let mut s = [zero; 4];
        for i in 0..m {
            let w = v[i];
            s[0] += r0[i] * w;
            s[1] += r1[i] * w;
            s[2] += r2[i] * w;
            s[3] += r3[i] * w;
        }
        for (j, &sj) in s.iter().enumerate() {
            out(k + j, sj);
        }
        k += 4;
    }
    for row in quads.remainder().chunks_exact(m) {
        out(k, row.iter().zip(v).map(|(a, w)| a * w).sum());
        k += 1;
    }
}

/// Check bounds and rows of a solution; an error means "do not trust it".
fn verify(lp: &Lp, x: &[f64]) -> Result<(), LpError> {
    let tol = 1e-7;
    for (c, &v) in lp.cols.iter().zip(x) {
        if v < c.lo - tol || v > c.hi + tol {
            return Err(LpError::Solver("simplex answer breaks a column bound".into()));
        }
    }
    for r in 0..lp.rows.len() {
        let a = lp.activity(r, x);
        let row = &lp.rows[r];
        let scale = 1.0 + row.lo.abs().min(row.hi.abs()).min(1e12);
        if a < row.lo - tol * scale || a > row.hi + tol * scale {
            return Err(LpError::Solver("simplex answer breaks a row".into()));
        }
    }
    Ok(())
}

impl Simplex {
    /// The body of [`solve_warm`] on a simplex of `lp` at its slack basis.
    fn solve_from_warm(&mut self, lp: &Lp, start: &Basis) -> Result<(LpSolution, Basis), LpError> {
        self.warm(start)?;
        // A start still primal feasible (rows added on their slacks, the
        // objective changed, a limit relaxed) goes on with the primal simplex.
        if self.basis.iter().any(|&v| self.infeasible(v) != 0) {
            self.dual()?;
        }
        self.run()?;
        self.finish(lp)
    }

    /// Is this simplex's matrix `lp`'s first rows, over the same columns?
    /// (Bounds and costs do not matter: [`Simplex::grow`] takes them anew.)
    /// Compared from the last row back: where the next program differs, it
    /// is most often in its last rows (an effect-ceiling round's, inserted
    /// in race order), after the long rows every program shares.
    fn is_prefix_of(&self, lp: &Lp) -> bool {
        self.n == lp.cols.len()
            && self.m <= lp.rows.len()
            && lp.rows[..self.m].iter().enumerate().rev().all(|(i, row)| {
                let have = self.rows.row(i);
                let mut want = row.terms.iter().filter(|&&(_, a)| a != 0.0);
                have.iter().all(|&(j, a)| {
                    want.next().is_some_and(|&(k, b)| k == j && b.to_bits() == a.to_bits())
                }) && want.next().is_none()
            })
    }

    /// The simplex [`Simplex::new`] (without classes) builds for `lp`, a
    /// program whose first rows are this one's ([`Simplex::is_prefix_of`]):
    /// the matrix is this one's with `lp`'s further rows appended in place
    /// (they have the highest row numbers, so they go at the end of each
    /// column), and everything else is set up anew.
    ///
    /// The new matrix is written into `spare` (entries of an earlier one),
    /// which gets this one's entries in return.
    fn grow(self, lp: &Lp, spare: &mut Vec<(usize, f64)>) -> Result<Simplex, LpError> {
        let old_m = self.m;
        let mut rest = self.into_spare();
        let (n, cols, mut rows) =
            (lp.cols.len(), std::mem::take(&mut rest.cols), std::mem::take(&mut rest.rows));
        let added = &lp.rows[old_m..];
        let mut extra = vec![0usize; n];
        for row in added {
            for &(j, a) in &row.terms {
                if a != 0.0 {
                    extra[j] += 1;
                }
            }
        }
        let Csc { start: old_start, entries: old_entries } = cols;
        let mut start = Vec::with_capacity(n + 1);
        start.push(0);
        for j in 0..n {
            start.push(start[j] + (old_start[j + 1] - old_start[j]) + extra[j]);
        }
        // Each column's old entries, then room for its new ones.
        let mut entries = std::mem::take(spare);
        room(&mut entries, start[n]);
        entries.resize(start[n], (0usize, 0.0f64));
        let mut fill = vec![0usize; n];
        for j in 0..n {
            let old = &old_entries[old_start[j]..old_start[j + 1]];
            entries[start[j]..start[j] + old.len()].copy_from_slice(old);
            fill[j] = start[j] + old.len();
        }
        *spare = old_entries;
        rows.entries.reserve(added.iter().map(|r| r.terms.len()).sum());
        for (k, row) in added.iter().enumerate() {
            for &(j, a) in &row.terms {
                if a != 0.0 {
                    entries[fill[j]] = (old_m + k, a);
                    fill[j] += 1;
                }
            }
            rows.push(&row.terms);
        }
        let cols = Csc { start, entries };
        let (mut class, mut class_col) =
            (std::mem::take(&mut rest.class), std::mem::take(&mut rest.class_col));
        class.clear();
        class.extend(0..n);
        class_col.clear();
        class_col.extend(0..n);
        Simplex::with_matrix(lp, cols, rows, class, class_col, rest)
    }

    /// The verified solution and its basis.
    fn finish(&self, lp: &Lp) -> Result<(LpSolution, Basis), LpError> {
        let x: Vec<f64> = self.x[..self.n].to_vec();
        verify(lp, &x)?;
        let basis = Basis {
            rows: self.m,
            basic: self.basis.clone(),
            upper: (0..self.n + self.m).filter(|&v| self.at[v] == At::Upper).collect(),
            duals: self.phase2_duals(),
        };
        Ok((LpSolution { objective: lp.objective(&x), x }, basis))
    }

    /// `classes`: share pricing between identical columns (worth it for a
    /// cold start on the plain program; warm starts price column by column).
    fn new(lp: &Lp, classes: bool) -> Result<Simplex, LpError> {
        Simplex::new_in(lp, classes, pooled())
    }

    /// [`Simplex::new`], written into the buffers of `spare`.
    fn new_in(lp: &Lp, classes: bool, mut spare: Spare) -> Result<Simplex, LpError> {
        let n = lp.cols.len();
        let cols = Csc::new_in(lp, std::mem::take(&mut spare.cols));
        let rows = Csr::new_in(lp, std::mem::take(&mut spare.rows));
        let mut class = std::mem::take(&mut spare.class);
        let mut class_col = std::mem::take(&mut spare.class_col);
        class.clear();
        class_col.clear();
        if !classes {
            class.extend(0..n);
            class_col.extend(0..n);
        } else {
            // Classes numbered by first column, as a map from each
            // column's entries would number them; the entries are compared
            // bit for bit, found by a hash of them.
            let bits = |j: usize| cols[j].iter().map(|&(i, a)| (i, a.to_bits()));
            let mut index: crate::base::hash::FxHashMap<u64, Vec<usize>> =
                crate::base::hash::map_with_capacity(n);
            for j in 0..n {
                let key = {
                    use std::hash::Hasher;
                    let mut h = crate::base::hash::FxHasher::default();
                    for (i, a) in bits(j) {
                        h.write_usize(i);
                        h.write_u64(a);
                    }
                    h.finish()
                };
                let same = index.entry(key).or_default();
                let found = same.iter().copied().find(|&c| bits(class_col[c]).eq(bits(j)));
                let c = found.unwrap_or_else(|| {
                    same.push(class_col.len());
                    class_col.push(j);
                    class_col.len() - 1
                });
                class.push(c);
            }
        }
        Simplex::with_matrix(lp, cols, rows, class, class_col, spare)
    }

    /// This simplex's buffers, for the next one.
    fn into_spare(self) -> Spare {
        Spare {
            cols: self.cols,
            rows: self.rows,
            class: self.class,
            class_col: self.class_col,
            lo: self.lo,
            hi: self.hi,
            cost: self.cost,
            x: self.x,
            basis: self.basis,
            at: self.at,
            binv: self.binv,
            spare_b: self.spare_b,
            spare_inv: self.spare_inv,
            spare_lists: self.spare_lists,
        }
    }

    /// The simplex of `lp` at its slack basis, given `lp`'s matrix by
    /// columns and by rows and its column classes, in the other buffers
    /// of `spare` (its matrix and classes are not used).
    fn with_matrix(
        lp: &Lp,
        cols: Csc,
        rows: Csr,
        class: Vec<usize>,
        class_col: Vec<usize>,
        spare: Spare,
    ) -> Result<Simplex, LpError> {
        let (n, m) = (lp.cols.len(), lp.rows.len());
        let Spare {
            mut lo,
            mut hi,
            mut cost,
            mut x,
            mut basis,
            mut at,
            mut binv,
            spare_b,
            spare_inv,
            spare_lists,
            ..
        } = spare;
        for v in [&mut lo, &mut hi, &mut cost, &mut x] {
            room(v, n + m);
        }
        room(&mut at, n + m);
        room(&mut binv, m * m);
        room(&mut basis, m);
        lo.extend(lp.cols.iter().map(|c| c.lo));
        hi.extend(lp.cols.iter().map(|c| c.hi));
        lo.extend(lp.rows.iter().map(|r| r.lo));
        hi.extend(lp.rows.iter().map(|r| r.hi));
        cost.extend(lp.cols.iter().map(|c| c.obj));
        cost.extend(std::iter::repeat_n(0.0, m));
        x.resize(n + m, 0.0);
        at.resize(n + m, At::Lower);
        for j in 0..n {
            if lo[j] > hi[j] {
                return Err(LpError::Infeasible);
            }
            if lo[j].is_finite() {
                x[j] = lo[j];
            } else if hi[j].is_finite() {
                x[j] = hi[j];
                at[j] = At::Upper;
            } else {
                return Err(LpError::Solver("free columns are not supported".into()));
            }
        }
        binv.resize(m * m, 0.0);
        for i in 0..m {
            binv[i * m + i] = -1.0;
            at[n + i] = At::Basic;
        }
        basis.extend(n..n + m);
        let mut s = Simplex {
            m,
            n,
            cols,
            rows,
            class,
            class_col,
            lo,
            hi,
            cost,
            x,
            basis,
            at,
            binv,
            spare_b,
            spare_inv,
            spare_lists,
            since_refactor: 0,
            fast: false,
            sift: None,
        };
        s.recompute_basics();
        Ok(s)
    }

    /// x_B = −B⁻¹ N x_N.
    fn recompute_basics(&mut self) {
        let m = self.m;
        let mut rhs = vec![0.0; m];
        for v in 0..self.n + self.m {
            if matches!(self.at[v], At::Basic) || self.x[v] == 0.0 {
                continue;
            }
            let xv = self.x[v];
            if v < self.n {
                for &(i, a) in &self.cols[v] {
                    rhs[i] -= a * xv;
                }
            } else {
                rhs[v - self.n] += xv; // column −e_i
            }
        }
        let (x, basis) = (&mut self.x, &self.basis);
        dot_rows(&self.binv, &rhs, |k, v| x[basis[k]] = v);
    }

    /// B⁻¹ col_v.
    fn ftran(&self, v: usize) -> Vec<f64> {
        let m = self.m;
        let mut alpha = vec![0.0; m];
        if v < self.n {
            for &(i, a) in &self.cols[v] {
                for (k, al) in alpha.iter_mut().enumerate() {
                    *al += self.binv[k * m + i] * a;
                }
            }
        } else {
            let i = v - self.n;
            for (k, al) in alpha.iter_mut().enumerate() {
                *al = -self.binv[k * m + i];
            }
        }
        alpha
    }

    /// Rebuild B⁻¹ from the basis by Gauss–Jordan elimination.
    fn refactor(&mut self) -> Result<(), LpError> {
        self.factor(false)
    }

    /// Gauss–Jordan elimination of the basis. With `repair`, a basic
    /// column that depends on the ones before it (a warm start whose
    /// coefficients changed) is swapped for the slack of a row that no
    /// basic column covers, and goes to a bound.
    ///
    /// The basis is sparse (most of its columns are slacks or have a few
    /// entries), so each column keeps a list of the rows that may hold a
    /// non-zero in it, and rows are not moved: the row swaps of partial
    /// pivoting are a permutation. Pivot search and elimination then visit
    /// those rows only, instead of scanning a dense column (a stride of a
    /// whole row at each step); the arithmetic, pivots and ties are those
    /// of the dense elimination with swaps, so the inverse has the same bits.
    fn factor(&mut self, repair: bool) -> Result<(), LpError> {
        let m = self.m;
        // The buffers of the last factorization, reused: b is left all
        // zeros by the last one (for this size), so only a new size clears it.
        let mut b = std::mem::take(&mut self.spare_b);
        if b.len() != m * m {
            b.clear();
            b.resize(m * m, 0.0);
        }
        let mut lists = std::mem::take(&mut self.spare_lists);
        lists.iter_mut().for_each(Vec::clear);
        lists.resize_with(2 * m, Vec::new);
        // The rows that may hold a non-zero of b in each column, and the
        // columns (after the first) that may hold one in each row: each
        // lists every non-zero, perhaps more than once, perhaps with zeros.
        let (rows_of, cols_in) = lists.split_at_mut(m);
        for (k, &v) in self.basis.iter().enumerate() {
            if v < self.n {
                for &(i, a) in &self.cols[v] {
                    b[i * m + k] = a;
                    rows_of[k].push(row_id(i));
                    cols_in[i].push(row_id(k));
                }
            } else {
                b[(v - self.n) * m + k] = -1.0;
                rows_of[k].push(row_id(v - self.n));
                cols_in[v - self.n].push(row_id(k));
            }
        }
        let mut inv = std::mem::take(&mut self.spare_inv);
        inv.clear();
        inv.resize(m * m, 0.0);
        for i in 0..m {
            inv[i * m + i] = 1.0;
        }
        // Where row s of inv may hold non-zeros: columns span[s].0..span[s].1
        // (its other entries are exact zeros, of either sign).
        let mut span: Vec<(usize, usize)> = (0..m).map(|i| (i, i + 1)).collect();
        // Position q holds row `row_at[q]`; row s sits at position `pos[s]`.
        let mut row_at: Vec<usize> = (0..m).collect();
        let mut pos: Vec<usize> = (0..m).collect();
        // The largest |b| in column c at positions c.., the last of equals
        // (as `max_by` over the positions in order): among `rows`, or, for
        // `None`, every row.
        let largest =
            |b: &[f64], pos: &[usize], row_at: &[usize], c: usize, rows: Option<&[u32]>| {
                let mut best: Option<(f64, usize)> = None;
                let mut consider = |q: usize, s: usize| {
                    let a = f64::abs(b[s * m + c]);
                    if best.is_none_or(|(ba, bq)| a.total_cmp(&ba).then(q.cmp(&bq)).is_gt()) {
                        best = Some((a, q));
                    }
                };
                match rows {
                    Some(rows) => rows
                        .iter()
                        .map(|&s| s as usize)
                        .filter(|&s| pos[s] >= c)
                        .for_each(|s| consider(pos[s], s)),
                    None => (c..m).for_each(|q| consider(q, row_at[q])),
                }
                best
            };
        let (mut b_row, mut inv_row, mut fill) = (Vec::new(), Vec::new(), Vec::new());
        for c in 0..m {
            let mut best = largest(&b, &pos, &row_at, c, Some(&rows_of[c]));
            if best.is_none_or(|(a, _)| a < 1e-12) && repair {
                // The rows listed hold every non-zero: none is large enough.
                // b = inv · B throughout, so the slack of row i enters as −inv[:, i].
                let i = self.take_slack(c, |i| {
                    (c..m).map(|q| f64::abs(inv[row_at[q] * m + i])).fold(0.0, f64::max)
                })?;
                for s in 0..m {
                    b[s * m + c] = -inv[s * m + i];
                }
                rows_of[c].clear();
                rows_of[c].extend((0..m).map(row_id));
                best = largest(&b, &pos, &row_at, c, None);
            }
            let Some((_, p)) = best.filter(|&(a, _)| a >= 1e-12) else {
                self.spare_b = zeroed(b, rows_of, m);
                return Err(LpError::Solver("singular basis".into()));
            };
            // The pivot row moves to position c (a swap of positions).
            let (r, other) = (row_at[p], row_at[c]);
            row_at.swap(p, c);
            pos[r] = c;
            pos[other] = p;
            // Columns before c of b are unit columns by now (exact zeros
            // off the diagonal, never read again): b's work starts at c.
            // Columns after c where the pivot row is non-zero: the only
            // entries of b the elimination changes (b's zeros stay zeros;
            // their sign is never read), and where the rows it updates
            // may fill in.
            fill.clear();
            fill.extend(cols_in[r].iter().map(|&j| j as usize).filter(|&j| j > c));
            fill.sort_unstable();
            fill.dedup();
            fill.retain(|&j| b[r * m + j] != 0.0);
            let piv = b[r * m + c];
            b[r * m + c] /= piv;
            for &j in &fill {
                b[r * m + j] /= piv;
            }
            // Row r of inv divided by the pivot. Outside its span it holds
            // zeros, which the division leaves as they are but for the sign
            // (flipped by a negative pivot): only the span is divided (on
            // average 2 non-zeros in a row of 200 at 300 groups).
            let row = &mut inv[r * m..(r + 1) * m];
            let (lo, hi) = span[r];
            if piv.is_finite() {
                for x in &mut row[lo..hi] {
                    *x /= piv;
                }
                if piv < 0.0 {
                    let (before, rest) = row.split_at_mut(lo);
                    for x in before.iter_mut().chain(&mut rest[hi - lo..]) {
                        *x = -*x;
                    }
                }
            } else {
                for x in row {
                    *x /= piv;
                }
            }
            b_row.clear();
            b_row.extend(fill.iter().map(|&j| b[r * m + j]));
            inv_row.clear();
            inv_row.extend_from_slice(&inv[r * m..(r + 1) * m]);
            let listed = std::mem::take(&mut rows_of[c]);
            for s in listed.iter().map(|&s| s as usize) {
                let f = b[s * m + c];
                if s == r || f == 0.0 {
                    // The pivot row, or a row listed twice (0 after its
                    // first update) or cancelled to 0.
                    continue;
                }
                // b[r][c] is 1: column c of row s goes to 0.
                b[s * m + c] = 0.0;
                for (&j, y) in fill.iter().zip(&b_row) {
                    let x = &mut b[s * m + j];
                    if *x == 0.0 {
                        rows_of[j].push(row_id(s));
                        cols_in[s].push(row_id(j));
                    }
                    *x -= f * y;
                }
                for (x, y) in inv[s * m..(s + 1) * m].iter_mut().zip(&inv_row) {
                    *x -= f * y;
                }
                span[s] = (span[s].0.min(lo), span[s].1.max(hi));
            }
            rows_of[c] = listed;
        }
        // B⁻¹ maps rows to basis positions: row k of B⁻¹ is the row at position k.
        let mut out = std::mem::take(&mut self.binv);
        out.clear();
        for &s in &row_at {
            out.extend_from_slice(&inv[s * m..(s + 1) * m]);
        }
        self.binv = out;
        self.spare_inv = inv;
        self.spare_b = zeroed(b, rows_of, m);
        self.spare_lists = lists;
        self.since_refactor = 0;
        self.recompute_basics();
        Ok(())
    }

    /// The repair of [`Simplex::factor`] at basis position `c`, whose
    /// column depends on the ones before it: the non-basic slack with the
    /// largest `reach` (its largest |entry| in the rows not yet pivoted;
    /// ties to the lower row) enters there, and the column it replaces goes
    /// to a finite bound. Returns the slack's row; an error when no slack
    /// reaches those rows or the column has no finite bound.
    fn take_slack(&mut self, c: usize, reach: impl Fn(usize) -> f64) -> Result<usize, LpError> {
        let singular = || LpError::Solver("singular basis".into());
        let i = (0..self.m)
            .filter(|&i| !matches!(self.at[self.n + i], At::Basic))
            .max_by(|&a, &b| reach(a).total_cmp(&reach(b)).then(b.cmp(&a)))
            .filter(|&i| reach(i) > 1e-9)
            .ok_or_else(singular)?;
        let old = self.basis[c];
        if self.lo[old].is_finite() {
            self.at[old] = At::Lower;
            self.x[old] = self.lo[old];
        } else if self.hi[old].is_finite() {
            self.at[old] = At::Upper;
            self.x[old] = self.hi[old];
        } else {
            return Err(singular());
        }
        self.basis[c] = self.n + i;
        self.at[self.n + i] = At::Basic;
        Ok(i)
    }

    /// Take `start` as the basis (see [`solve_from`]); an unusable basis is
    /// a solver error (the caller then starts cold).
    fn warm(&mut self, start: &Basis) -> Result<(), LpError> {
        let (n, m) = (self.n, self.m);
        let unusable = || LpError::Solver("warm start basis does not fit".into());
        if start.rows > m || start.basic.len() != start.rows {
            return Err(unusable());
        }
        let mut basis: Vec<usize> = start.basic.clone();
        basis.extend((start.rows..m).map(|i| n + i));
        let mut seen = vec![false; n + m];
        for &v in &basis {
            if v >= n + m || seen[v] {
                return Err(unusable());
            }
            seen[v] = true;
        }
        self.place_nonbasics(&start.upper, &seen)?;
        for &v in &basis {
            self.at[v] = At::Basic;
        }
        self.basis = basis;
        self.factor(true)
    }

    /// Put each variable that is not `basic` at its upper bound if it is
    /// listed in `upper` (and that bound is finite) or has no finite lower
    /// one, else at its lower bound: a warm start's non-basics.
    fn place_nonbasics(&mut self, upper: &[usize], basic: &[bool]) -> Result<(), LpError> {
        let total = self.n + self.m;
        let mut at_upper = vec![false; total];
        for &v in upper {
            if v < total {
                at_upper[v] = true;
            }
        }
        for v in (0..total).filter(|&v| !basic[v]) {
            let (lo, hi) = (self.lo[v], self.hi[v]);
            if lo > hi {
                return Err(LpError::Infeasible);
            }
            let up = if at_upper[v] { hi.is_finite() } else { !lo.is_finite() };
            if up && hi.is_finite() {
                self.at[v] = At::Upper;
                self.x[v] = hi;
            } else if lo.is_finite() {
                self.at[v] = At::Lower;
                self.x[v] = lo;
            } else {
                return Err(LpError::Solver("warm start basis does not fit".into()));
            }
        }
        Ok(())
    }

    /// Phase-2 reduced costs of every variable (0 for basics).
    fn reduced_costs(&self) -> Vec<f64> {
        let y = self.phase2_duals();
        let prices = self.class_prices(&y);
        (0..self.n + self.m)
            .map(|v| match self.at[v] {
                At::Basic => 0.0,
                _ => self.reduced_cost(v, &y, &prices, false),
            })
            .collect()
    }

    /// The dual simplex from a basis made dual feasible by moving boxed
    /// variables to their other bound (a row's slack with an infinite side
    /// gets the bound its columns imply there). Ok(true): primal feasible,
    /// so optimal; Ok(false): it does not apply or stalled (the caller
    /// starts cold); Err(Infeasible): proven, with a certificate.
    fn dual(&mut self) -> Result<bool, LpError> {
        let n = self.n;
        let scale = self.cost.iter().fold(0.0f64, |a, c| a.max(c.abs())).max(1.0);
        let tol = 1e-9 * scale;
        let d = self.reduced_costs();
        let mut flipped = false;
        let mut implied: Option<Vec<(f64, f64)>> = None;
        for (v, &dv) in d.iter().enumerate() {
            let wrong = match self.at[v] {
                At::Basic => false,
                At::Lower => dv > tol,
                At::Upper => dv < -tol,
            };
            if wrong {
                if v >= n && !(self.lo[v].is_finite() && self.hi[v].is_finite()) {
                    // A row's activity is bounded by its columns' bounds: a
                    // bound implied, so the program stays the same.
                    let i = v - n;
                    let (mut lo, mut hi) = (0.0, 0.0);
                    if self.fast {
                        let all = implied.get_or_insert_with(|| {
                            let mut b = vec![(0.0, 0.0); self.m];
                            for j in 0..n {
                                for &(r, a) in &self.cols[j] {
                                    let (p, q) = (a * self.lo[j], a * self.hi[j]);
                                    b[r].0 += p.min(q);
                                    b[r].1 += p.max(q);
                                }
                            }
                            b
                        });
                        (lo, hi) = all[i];
                    } else {
                        for j in 0..n {
                            for &(r, a) in &self.cols[j] {
                                if r == i {
                                    let (p, q) = (a * self.lo[j], a * self.hi[j]);
                                    lo += p.min(q);
                                    hi += p.max(q);
                                }
                            }
                        }
                    }
                    if self.lo[v].is_finite() && hi.is_finite() {
                        self.hi[v] = hi.max(self.lo[v]);
                    } else if self.hi[v].is_finite() && lo.is_finite() {
                        self.lo[v] = lo.min(self.hi[v]);
                    }
                }
                if !(self.lo[v].is_finite() && self.hi[v].is_finite()) {
                    return Ok(false);
                }
                if self.at[v] == At::Lower {
                    self.at[v] = At::Upper;
                    self.x[v] = self.hi[v];
                } else {
                    self.at[v] = At::Lower;
                    self.x[v] = self.lo[v];
                }
                flipped = true;
            }
        }
        if flipped {
            self.recompute_basics();
        }
        self.dual_loop(d)
    }

    /// The dual simplex iterations of [`Simplex::dual`].
    /// `d`: the reduced costs at the start (kept up to date when `fast`).
    fn dual_loop(&mut self, mut d: Vec<f64>) -> Result<bool, LpError> {
        let (n, m) = (self.n, self.m);
        let scale = self.cost.iter().fold(0.0f64, |a, c| a.max(c.abs())).max(1.0);
        let limit = 5 * m + 50;
        // Row r of B⁻¹N at each step (fast: to update d).
        let mut row_r = if self.fast { vec![0.0; n + m] } else { Vec::new() };
        // Row r of B⁻¹A over the structural columns, row by row.
        let mut row_a: Vec<f64> = Vec::with_capacity(n);
        // Each variable's direction of move while non-basic (+1 up from its
        // lower bound, −1 down from its upper), 0 when basic or fixed: the
        // loops below read this instead of `at`, `lo` and `hi`. Only the
        // pivot changes it here (bounds stay as they are).
        let dir_of = |s: &Simplex, v: usize| way(s.at[v], s.lo[v], s.hi[v]).unwrap_or(0.0);
        let mut dirs: Vec<f64> = (0..n + m).map(|v| dir_of(self, v)).collect();
        // The variables not fixed, ascending: only these can ever move
        // (the others' direction stays 0), so the loops below skip the rest
        // (at a node of the integer search, every column of a group held
        // out).
        let movable: Vec<usize> = (0..n + m).filter(|&v| !fixed(self.lo[v], self.hi[v])).collect();
        for _ in 0..limit {
            // Leaving: the basic variable furthest outside its bounds.
            let mut leave: Option<(usize, f64)> = None;
            for k in 0..m {
                let v = self.basis[k];
                let out = (self.lo[v] - self.x[v]).max(self.x[v] - self.hi[v]);
                if out > PRIMAL_TOL && leave.is_none_or(|(_, o)| out > o) {
                    leave = Some((k, out));
                }
            }
            let Some((r, _)) = leave else {
                return Ok(true);
            };
            let lv = self.basis[r];
            let to_upper = self.x[lv] > self.hi[lv];
            let target = if to_upper { self.hi[lv] } else { self.lo[lv] };
            if !self.fast {
                d = self.reduced_costs();
            }
            let rho = &self.binv[r * m..(r + 1) * m];
            self.rows.products(rho, n, &mut row_a);
            // Entering: the smallest dual step keeping every reduced cost
            // on its side; ties to the larger pivot.
            let mut best: Option<(usize, f64, f64)> = None; // (var, ratio, alpha)
            for &v in &movable {
                let dir = dirs[v];
                if dir == 0.0 {
                    continue;
                }
                let a = if v < n { row_a[v] } else { -rho[v - n] };
                if self.fast {
                    row_r[v] = a;
                }
                // x_lv moves by −a per unit of v: v must push x_lv toward
                // its bound (up when below, down when above).
                let push = -a * dir;
                if a.abs() < PIVOT_TOL || (push > 0.0) == to_upper {
                    continue;
                }
                let ratio = (d[v] * dir).min(0.0).abs() / a.abs();
                let better = match best {
                    None => true,
                    Some((_, br, ba)) => {
                        ratio < br - 1e-12 * scale || (ratio <= br + 1e-12 * scale && a.abs() > ba)
                    }
                };
                if better {
                    best = Some((v, ratio, a.abs()));
                }
            }
            let Some((e, _, _)) = best else {
                // A certificate: row r says x_lv = −Σ α_rj x_j over the
                // non-basics; if no point of their box brings x_lv within
                // its bounds, nothing can. Otherwise start cold.
                let mut reach = 0.0;
                for v in 0..n + m {
                    if matches!(self.at[v], At::Basic) {
                        continue;
                    }
                    let a = if v < n { row_a[v] } else { -rho[v - n] };
                    let (p, q) = (-a * self.lo[v], -a * self.hi[v]);
                    let best_end = if to_upper { p.min(q) } else { p.max(q) };
                    if a != 0.0 {
                        reach += best_end;
                    }
                }
                let slack = 1e-7 * (1.0 + target.abs());
                let proven = if to_upper { reach > target + slack } else { reach < target - slack };
                return if proven { Err(LpError::Infeasible) } else { Ok(false) };
            };
            let alpha = self.ftran(e);
            let a = alpha[r];
            if a.abs() < PIVOT_TOL {
                return Ok(false);
            }
            let t = (self.x[lv] - target) / a;
            self.x[e] += t;
            for (&v, al) in self.basis.iter().zip(&alpha) {
                self.x[v] -= al * t;
            }
            if self.fast {
                // d' = d − θ·(row r of B⁻¹N), θ = d_e / α_re: e's reduced
                // cost goes to 0, the leaving variable's to −θ.
                let theta = d[e] / row_r[e];
                for &v in &movable {
                    if dirs[v] != 0.0 {
                        d[v] -= theta * row_r[v];
                    }
                }
                d[e] = 0.0;
                d[lv] = -theta;
            }
            self.pivot(e, r, to_upper, &alpha)?;
            dirs[e] = dir_of(self, e);
            dirs[lv] = dir_of(self, lv);
            if self.fast && self.since_refactor == 0 {
                d = self.reduced_costs();
            }
        }
        Ok(false)
    }

    fn infeasible(&self, v: usize) -> i8 {
        if self.x[v] < self.lo[v] - PRIMAL_TOL {
            1 // below: wants to rise
        } else if self.x[v] > self.hi[v] + PRIMAL_TOL {
            -1
        } else {
            0
        }
    }

    /// Duals of the objective itself, whatever the phase.
    fn phase2_duals(&self) -> Vec<f64> {
        let m = self.m;
        let mut y = vec![0.0; m];
        for k in 0..m {
            let c = self.cost[self.basis[k]];
            if c != 0.0 {
                for (yi, b) in y.iter_mut().zip(&self.binv[k * m..(k + 1) * m]) {
                    *yi += c * b;
                }
            }
        }
        y
    }

    /// Duals y = c_Bᵀ B⁻¹ for the current phase; returns (y, phase 1?).
    fn duals(&self) -> (Vec<f64>, bool) {
        let m = self.m;
        let phase1 = self.basis.iter().any(|&v| self.infeasible(v) != 0);
        let mut y = vec![0.0; m];
        for k in 0..m {
            let v = self.basis[k];
            let c = if phase1 { f64::from(self.infeasible(v)) } else { self.cost[v] };
            if c != 0.0 {
                let row = &self.binv[k * m..(k + 1) * m];
                for (yi, b) in y.iter_mut().zip(row) {
                    *yi += c * b;
                }
            }
        }
        (y, phase1)
    }

    /// y·a for each class of identical columns.
    /// Without classes (one column each), row by row over the rows with a
    /// non-zero dual ([`Csr::products`]: the same values).
    fn class_prices(&self, y: &[f64]) -> Vec<f64> {
        if self.class_col.len() == self.n {
            let mut out = Vec::new();
            self.rows.products(y, self.n, &mut out);
            return out;
        }
        self.class_col.iter().map(|&j| self.cols[j].iter().map(|&(i, a)| y[i] * a).sum()).collect()
    }

    fn reduced_cost(&self, v: usize, y: &[f64], prices: &[f64], phase1: bool) -> f64 {
        if v < self.n {
            let c = if phase1 { 0.0 } else { self.cost[v] };
            c - prices[self.class[v]]
        } else {
            y[v - self.n]
        }
    }

    /// Eligible entering variables with their direction (+1 up, −1 down)
    /// and |reduced cost|.
    /// Written into `out` (cleared first).
    /// `open[j]`: column j is not [`fixed`].
    /// With `set`, only its columns (and every slack) are looked at.
    fn candidates(
        &self,
        y: &[f64],
        phase1: bool,
        open: &[bool],
        out: &mut Vec<Candidate>,
        set: Option<&[usize]>,
    ) {
        let prices = self.class_prices(y);
        // Phase 1 breaks ties by the objective's own reduced cost.
        let y2 = if phase1 { self.phase2_duals() } else { Vec::new() };
        let prices2 = if phase1 { self.class_prices(&y2) } else { Vec::new() };
        out.clear();
        let n = self.n;
        // Columns, then slacks: the reduced costs of [`Simplex::reduced_cost`],
        // in one pass over each (this loop is most of a pricing). Without
        // classes (each column its own, as on every warm start) the prices
        // are the columns' own, read in step with them.
        if let Some(set) = set {
            for &v in set {
                let price = prices[self.class[v]];
                let c = self.column_candidate(
                    v,
                    self.at[v],
                    open[v],
                    self.cost[v],
                    price,
                    phase1,
                    &prices2,
                );
                out.extend(c);
            }
        } else if self.class_col.len() == n {
            self.column_candidates(phase1, open, prices.iter().copied(), &prices2, out);
        } else {
            let of_class = self.class[..n].iter().map(|&k| prices[k]);
            self.column_candidates(phase1, open, of_class, &prices2, out);
        }
        let slacks = self.at[n..].iter().zip(&self.lo[n..]).zip(&self.hi[n..]).zip(y);
        for (i, (((&at, &lo), &hi), &d)) in slacks.enumerate() {
            let Some(eligible) = way(at, lo, hi) else { continue };
            if d * eligible > DUAL_TOL {
                let tie = if phase1 { eligible * y2[i] } else { 0.0 };
                out.push(Candidate { score: d.abs(), tie, var: n + i, dir: eligible });
            }
        }
    }

    /// The columns' part of [`Simplex::candidates`], given each column's
    /// price y·a_j in column order (and in phase 1 each class's phase-2
    /// price, for ties). A column's direction is [`way`]'s, with whether it
    /// is [`fixed`] read from `open`.
    fn column_candidates(
        &self,
        phase1: bool,
        open: &[bool],
        prices: impl Iterator<Item = f64>,
        prices2: &[f64],
        out: &mut Vec<Candidate>,
    ) {
        let n = self.n;
        let cols = (self.at[..n].iter().zip(&open[..n])).zip(self.cost[..n].iter().zip(prices));
        for (v, ((&at, &open), (&cost, price))) in cols.enumerate() {
            if let Some(c) = self.column_candidate(v, at, open, cost, price, phase1, prices2) {
                out.push(c);
            }
        }
    }

    /// Column v as an entering candidate, if it is one: v is `at`, `open`
    /// (not [`fixed`]), with objective `cost` and price y·a_v `price`.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn column_candidate(
        &self,
        v: usize,
        at: At,
        open: bool,
        cost: f64,
        price: f64,
        phase1: bool,
        prices2: &[f64],
    ) -> Option<Candidate> {
        let eligible = match at {
            At::Basic => return None,
            _ if !open => return None,
            At::Lower => 1.0,
            At::Upper => -1.0,
        };
        let d = if phase1 { 0.0 } else { cost } - price;
        (d * eligible > DUAL_TOL).then(|| {
            let tie = if phase1 { eligible * (cost - prices2[self.class[v]]) } else { 0.0 };
            Candidate { score: d.abs(), tie, var: v, dir: eligible }
        })
    }

    fn run(&mut self) -> Result<(), LpError> {
        let limit = 50 * (self.n + self.m) + 10_000;
        let mut iterations = 0;
        let mut degenerate = 0usize;
        // One buffer for every pricing's candidates.
        let mut cands = Vec::new();
        // Which columns are not fixed: the bounds do not change here.
        let open: Vec<bool> = (0..self.n).map(|j| !fixed(self.lo[j], self.hi[j])).collect();
        let mut set = self
            .sift
            .as_deref()
            .and_then(|seed| WorkingSet::new(&self.cost[..self.n], &open, seed));
        'outer: loop {
            let (y, phase1) = self.duals();
            let bland = degenerate > DEGENERATE_LIMIT;
            // Bland's rule looks at every column, lowest index first.
            let within = set.as_ref().filter(|_| !bland).map(|w| w.members.as_slice());
            self.candidates(&y, phase1, &open, &mut cands, within);
            if cands.is_empty() && within.is_some() {
                self.candidates(&y, phase1, &open, &mut cands, None);
                if let Some(w) = set.as_mut() {
                    w.widen(&cands);
                }
            }
            if cands.is_empty() {
                if phase1 {
                    return Err(LpError::Infeasible);
                }
                return Ok(());
            }
            // Walk the candidates, best first (Bland: lowest index first);
            // bound flips keep the basis (and so the duals) as they are, so
            // the walk goes on until a basis change. Only the few candidates
            // a walk visits are ordered: the best [`BATCH`] at a time.
            let mut walk = Walk::new(&cands, bland);
            while let Some(Candidate { var: e, dir, score, .. }) = walk.next() {
                iterations += 1;
                if iterations > limit {
                    return Err(LpError::Solver("simplex iteration limit".into()));
                }
                let alpha = self.ftran(e);
                let Some((t, leave)) = self.ratio(e, dir, &alpha, phase1, bland) else {
                    if phase1 {
                        return Err(LpError::Solver("phase 1 unbounded".into()));
                    }
                    return Err(LpError::Unbounded);
                };
                degenerate = if t <= PRIMAL_TOL { degenerate + 1 } else { 0 };
                self.x[e] += dir * t;
                for (&v, a) in self.basis.iter().zip(&alpha) {
                    self.x[v] -= dir * a * t;
                }
                match leave {
                    None => {
                        // Bound flip.
                        let (at, val) = if dir > 0.0 {
                            (At::Upper, self.hi[e])
                        } else {
                            (At::Lower, self.lo[e])
                        };
                        self.at[e] = at;
                        self.x[e] = val;
                        // No basic variable reached a bound or became feasible
                        // (the ratio test stops there), so which basics are
                        // infeasible, and so the phase-1 duals, are unchanged.
                    }
                    Some((k, to_upper)) if self.fast && !phase1 && !bland => {
                        // Minor iterations: the rest of the batch, re-priced
                        // by row k of the tableau (d_v −= θ·α_kv), goes on
                        // before the next full pricing.
                        let m = self.m;
                        let theta = dir * score / alpha[k];
                        let rho: Vec<f64> = self.binv[k * m..(k + 1) * m].to_vec();
                        self.pivot(e, k, to_upper, &alpha)?;
                        if degenerate > DEGENERATE_LIMIT {
                            continue 'outer;
                        }
                        let n = self.n;
                        let cols = &self.cols;
                        walk.reprice(|v| {
                            let a = if v < n {
                                cols[v].iter().map(|&(i, a)| rho[i] * a).sum::<f64>()
                            } else {
                                -rho[v - n]
                            };
                            theta * a
                        });
                    }
                    Some((k, to_upper)) => {
                        self.pivot(e, k, to_upper, &alpha)?;
                        continue 'outer;
                    }
                }
            }
        }
    }

    /// The step length and what limits it: `None` = the entering variable
    /// reaches its other bound; `Some((k, to_upper))` = basic k leaves.
    #[allow(clippy::type_complexity)]
    fn ratio(
        &self,
        e: usize,
        dir: f64,
        alpha: &[f64],
        phase1: bool,
        bland: bool,
    ) -> Option<(f64, Option<(usize, bool)>)> {
        let mut best_t = self.hi[e] - self.lo[e];
        let mut best: Option<(usize, bool)> = None;
        let mut best_pivot = 0.0;
        for (k, &a) in alpha.iter().enumerate() {
            if a.abs() < PIVOT_TOL {
                continue;
            }
            let v = self.basis[k];
            let rate = -dir * a; // change of x_v per unit step
            let state = if phase1 { self.infeasible(v) } else { 0 };
            let (t, to_upper) = if rate < 0.0 {
                match state {
                    -1 => ((self.x[v] - self.hi[v]) / -rate, true), // falls back into range at hi
                    1 => continue,                                  // below and falling: no limit
                    _ if self.lo[v].is_finite() => {
                        (((self.x[v] - self.lo[v]) / -rate).max(0.0), false)
                    }
                    _ => continue,
                }
            } else {
                match state {
                    1 => ((self.lo[v] - self.x[v]) / rate, false),
                    -1 => continue,
                    _ if self.hi[v].is_finite() => {
                        (((self.hi[v] - self.x[v]) / rate).max(0.0), true)
                    }
                    _ => continue,
                }
            };
            let better = if bland {
                t < best_t - 1e-15
                    || (t <= best_t + 1e-15 && best.is_some_and(|(bk, _)| self.basis[bk] > v))
            } else {
                t < best_t - 1e-15 || (t <= best_t + 1e-15 && a.abs() > best_pivot)
            };
            if better {
                best_t = t;
                best = Some((k, to_upper));
                best_pivot = a.abs();
            }
        }
        best_t.is_finite().then_some((best_t, best))
    }

    fn pivot(&mut self, e: usize, k: usize, to_upper: bool, alpha: &[f64]) -> Result<(), LpError> {
        let m = self.m;
        let leaving = self.basis[k];
        self.at[leaving] = if to_upper { At::Upper } else { At::Lower };
        self.x[leaving] = if to_upper { self.hi[leaving] } else { self.lo[leaving] };
        self.basis[k] = e;
        self.at[e] = At::Basic;
        let p = alpha[k];
        if p.abs() < PIVOT_TOL {
            return Err(LpError::Solver("tiny pivot".into()));
        }
        for j in 0..m {
            self.binv[k * m + j] /= p;
        }
        let pivot_row: Vec<f64> = self.binv[k * m..(k + 1) * m].to_vec();
        for (r, &f) in alpha.iter().enumerate() {
            if r != k && f != 0.0 {
                for (b, pr) in self.binv[r * m..(r + 1) * m].iter_mut().zip(&pivot_row) {
                    *b -= f * pr;
                }
            }
        }
        self.since_refactor += 1;
        if self.since_refactor >= REFACTOR {
            self.refactor()?;
        }
        Ok(())
    }
}

/// A simplex kept between solves of programs with one matrix (the same
/// columns, rows and coefficients; bounds and objective may differ), as the
/// nodes of the integer search ([`crate::plan::milp`]) are. A solve that
/// starts from the basis the last one ended at (a child node after its
/// parent) goes on from the basis inverse in hand, without refactoring it;
/// any other start is factored, as in [`solve_from`].
pub struct Resolver {
    /// Always some (taken only when dropped, for [`POOL`]).
    s: Option<Simplex>,
    /// False until a solve succeeds, and after one fails: the inverse in
    /// hand is then not trusted.
    sound: bool,
}

impl Drop for Resolver {
    fn drop(&mut self) {
        if let Some(s) = self.s.take() {
            recycle_solved(s);
        }
    }
}

impl Resolver {
    /// A resolver for `lp`'s matrix.
    pub fn new(lp: &Lp) -> Result<Resolver, LpError> {
        let mut s = Simplex::new(lp, false)?;
        // Every solve is warm: reduced costs kept, as [`solve_from`]'s.
        s.fast = true;
        Ok(Resolver { s: Some(s), sound: false })
    }

    /// Solve `lp` — this resolver's matrix, with its own bounds and
    /// objective — from `start`, as [`solve_from`] does (verified the same
    /// way; an error other than infeasibility means "solve it cold").
    pub fn solve(&mut self, lp: &Lp, start: &Basis) -> Result<(LpSolution, Basis), LpError> {
        let out = self.solve_inner(lp, start);
        self.sound = out.is_ok();
        out
    }

    fn solve_inner(&mut self, lp: &Lp, start: &Basis) -> Result<(LpSolution, Basis), LpError> {
        let Some(s) = self.s.as_mut() else {
            return Err(LpError::Solver("the resolver has no simplex".into()));
        };
        let (n, m) = (s.n, s.m);
        if lp.cols.len() != n || lp.rows.len() != m {
            return Err(LpError::Solver("the program's shape changed".into()));
        }
        for (j, c) in lp.cols.iter().enumerate() {
            (s.lo[j], s.hi[j], s.cost[j]) = (c.lo, c.hi, c.obj);
        }
        for (i, r) in lp.rows.iter().enumerate() {
            (s.lo[n + i], s.hi[n + i]) = (r.lo, r.hi);
        }
        if self.sound && start.rows == m && start.basic == s.basis {
            // The same basis: only the non-basics move to their bounds.
            let basic: Vec<bool> = s.at.iter().map(|a| matches!(a, At::Basic)).collect();
            s.place_nonbasics(&start.upper, &basic)?;
            s.recompute_basics();
        } else {
            s.warm(start)?;
        }
        if !s.dual()? {
            return Err(LpError::Solver("the dual simplex stalled".into()));
        }
        s.run()?;
        s.finish(lp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::lp::{solve_direct, Solver};

    fn lcg(seed: &mut u64) -> f64 {
        *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (*seed >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Random programs shaped like the allocation LP: budget, state caps and
    /// minimums, floors, a lock row.
    fn random_lp(seed: u64) -> Lp {
        let mut s = seed;
        let mut lp = Lp::default();
        let n = 5 + (lcg(&mut s) * 60.0) as usize;
        let states = 1 + (lcg(&mut s) * 4.0) as usize;
        let mut by_state = vec![Vec::new(); states];
        let (mut tag, mut all) = (Vec::new(), Vec::new());
        for _ in 0..n {
            let j = lp.col(0.0, 0.05 + lcg(&mut s), (lcg(&mut s) * 3.0).powi(2));
            by_state[(lcg(&mut s) * states as f64) as usize].push((j, 1.0));
            all.push((j, 1.0));
            if lcg(&mut s) < 0.3 {
                tag.push((j, 1.0));
            }
        }
        let budget = 0.5 + lcg(&mut s) * n as f64 * 0.3;
        let spend_all = lcg(&mut s) < 0.2;
        lp.row(all, if spend_all { budget } else { f64::NEG_INFINITY }, budget);
        for cols in by_state {
            let cap = budget * (0.2 + lcg(&mut s));
            let min =
                if lcg(&mut s) < 0.3 { budget * 0.1 * lcg(&mut s) } else { f64::NEG_INFINITY };
            lp.row(cols, min, cap);
        }
        if !tag.is_empty() && lcg(&mut s) < 0.7 {
            lp.row(tag.clone(), budget * 0.3 * lcg(&mut s), f64::INFINITY);
        }
        if lcg(&mut s) < 0.3 && !tag.is_empty() {
            let v = 0.5 * lp.cols[tag[0].0].hi;
            lp.row(vec![tag[0]], v, v);
        }
        lp
    }

    /// The dense Gauss–Jordan elimination with row swaps that
    /// [`Simplex::factor`] replaced, as it was: the reference for its bits.
    fn factor_dense(s: &mut Simplex, repair: bool) -> Result<(), LpError> {
        let m = s.m;
        let mut b = vec![0.0; m * m];
        for (k, &v) in s.basis.iter().enumerate() {
            if v < s.n {
                for &(i, a) in &s.cols[v] {
                    b[i * m + k] = a;
                }
            } else {
                b[(v - s.n) * m + k] = -1.0;
            }
        }
        let mut inv = vec![0.0; m * m];
        for i in 0..m {
            inv[i * m + i] = 1.0;
        }
        let largest = |b: &[f64], c: usize| {
            (c..m).max_by(|&a, &b2| b[a * m + c].abs().total_cmp(&b[b2 * m + c].abs())).unwrap_or(c)
        };
        for c in 0..m {
            let mut p = largest(&b, c);
            if b[p * m + c].abs() < 1e-12 && repair {
                // The repair step itself is shared: what is compared is
                // the elimination around it.
                let i = s.take_slack(c, |i| {
                    (c..m).map(|q| f64::abs(inv[q * m + i])).fold(0.0, f64::max)
                })?;
                for q in 0..m {
                    b[q * m + c] = -inv[q * m + i];
                }
                p = largest(&b, c);
            }
            if b[p * m + c].abs() < 1e-12 {
                return Err(LpError::Solver("singular basis".into()));
            }
            if p != c {
                for j in 0..m {
                    b.swap(p * m + j, c * m + j);
                    inv.swap(p * m + j, c * m + j);
                }
            }
            let piv = b[c * m + c];
            for j in c..m {
                b[c * m + j] /= piv;
            }
            for j in 0..m {
                inv[c * m + j] /= piv;
            }
            let (b_row, inv_row) =
                (b[c * m..(c + 1) * m].to_vec(), inv[c * m..(c + 1) * m].to_vec());
            for r in (0..m).filter(|&r| r != c) {
                let f = b[r * m + c];
                if f != 0.0 {
                    for (x, y) in b[r * m + c..(r + 1) * m].iter_mut().zip(&b_row[c..]) {
                        *x -= f * y;
                    }
                    for (x, y) in inv[r * m..(r + 1) * m].iter_mut().zip(&inv_row) {
                        *x -= f * y;
                    }
                }
            }
        }
        s.binv = inv;
        s.since_refactor = 0;
        s.recompute_basics();
        Ok(())
    }

    #[test]
    fn four_rows_at_a_time_sum_each_row_as_iterator_sum_does() {
        let mut seed = 7;
        for m in 1..=11 {
            // Rows of zeros of both signs (a sum of −0.0s stays −0.0),
            // exact cancellations and wide ranges of magnitude.
            let pick = |seed: &mut u64| match (lcg(seed) * 6.0) as u32 {
                0 => 0.0,
                1 => -0.0,
                2 => 1.0,
                3 => -1.0,
                _ => (lcg(seed) - 0.5) * 10f64.powi((lcg(seed) * 30.0) as i32 - 15),
            };
            for rows in 0..=9 {
                let matrix: Vec<f64> = (0..rows * m).map(|_| pick(&mut seed)).collect();
                let v: Vec<f64> = (0..m).map(|_| pick(&mut seed)).collect();
                let mut got = vec![f64::NAN; rows];
                dot_rows(&matrix, &v, |k, s| got[k] = s);
                for (k, row) in matrix.chunks_exact(m).enumerate() {
                    let want: f64 = row.iter().zip(&v).map(|(a, w)| a * w).sum();
                    assert_eq!(got[k].to_bits(), want.to_bits(), "m {m}, row {k} of {rows}");
                }
            }
        }
        let minus = [-0.0; 8];
        let mut got = Vec::new();
        dot_rows(&minus, &[1.0, 1.0], |_, s| got.push(s));
        assert!(got.iter().all(|s| s.to_bits() == (-0.0f64).to_bits()), "{got:?}");
    }

    #[test]
    fn sparse_factoring_has_the_bits_of_dense_elimination() {
        // Random bases (many singular: the repair path) of random programs
        // with coefficients that tie and that do not.
        let (mut compared, mut repaired, mut singular) = (0, 0, 0);
        for seed in 0..600u64 {
            let mut lp = random_lp(seed);
            let mut r = seed ^ 0xFAC7;
            for row in &mut lp.rows {
                for t in &mut row.terms {
                    if lcg(&mut r) < 0.4 {
                        t.1 = if lcg(&mut r) < 0.5 { 2.0 } else { 0.1 + 3.0 * lcg(&mut r) };
                    }
                }
            }
            let (n, m) = (lp.cols.len(), lp.rows.len());
            let mut basic: Vec<usize> = Vec::new();
            while basic.len() < m {
                let v = (lcg(&mut r) * (n + m) as f64) as usize;
                if !basic.contains(&v) {
                    basic.push(v);
                }
            }
            for repair in [false, true] {
                let set = |s: &mut Simplex| {
                    let mut seen = vec![false; n + m];
                    basic.iter().for_each(|&v| seen[v] = true);
                    s.place_nonbasics(&[], &seen).expect("bounds");
                    basic.iter().for_each(|&v| s.at[v] = At::Basic);
                    s.basis.clone_from(&basic);
                };
                let (mut sparse, mut dense) = (
                    Simplex::new(&lp, false).expect("simplex"),
                    Simplex::new(&lp, false).expect("simplex"),
                );
                set(&mut sparse);
                set(&mut dense);
                let (a, b) = (sparse.factor(repair), factor_dense(&mut dense, repair));
                assert_eq!(a.is_ok(), b.is_ok(), "seed {seed}: {a:?} against {b:?}");
                singular += usize::from(a.is_err());
                if a.is_err() {
                    continue;
                }
                repaired += usize::from(sparse.basis != basic);
                assert_eq!(sparse.basis, dense.basis, "seed {seed}");
                assert_eq!(sparse.at, dense.at, "seed {seed}");
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&sparse.binv), bits(&dense.binv), "seed {seed}");
                assert_eq!(bits(&sparse.x), bits(&dense.x), "seed {seed}");
                compared += 1;
            }
        }
        assert!(
            compared > 400 && repaired > 50 && singular > 50,
            "{compared} {repaired} {singular}"
        );
    }

    #[test]
    fn row_products_have_the_bits_of_column_sums() {
        // Dense and sparse weights (zeros skipped row by row), signed
        // coefficients: every product equals the sum down its column.
        for seed in 0..200u64 {
            let mut lp = random_lp(seed);
            let mut s = seed ^ 0x5eed;
            for row in &mut lp.rows {
                for t in &mut row.terms {
                    t.1 = (lcg(&mut s) - 0.4) * 3.0;
                }
            }
            let simplex = Simplex::new(&lp, false).expect("builds");
            let w: Vec<f64> = (0..lp.rows.len())
                .map(|_| if lcg(&mut s) < 0.4 { 0.0 } else { lcg(&mut s) * 1e3 - 500.0 })
                .collect();
            let mut rows = Vec::new();
            simplex.rows.products(&w, simplex.n, &mut rows);
            assert_eq!(rows.len(), simplex.n);
            for (j, &row) in rows.iter().enumerate() {
                let col: f64 = simplex.cols[j].iter().map(|&(i, a)| w[i] * a).sum();
                // Equal, and to the bit unless an exact zero (its sign is free).
                assert_eq!(row, col, "seed {seed}, column {j}");
                if col != 0.0 {
                    assert_eq!(row.to_bits(), col.to_bits(), "seed {seed}, column {j}");
                }
            }
        }
    }

    #[test]
    fn unit_rows_as_runs_have_the_bits_of_column_sums() {
        // Rows of ones (kept as runs of columns, some with gaps), mixed with
        // signed rows: every product equals the sum down its column, bit for bit.
        let mut unit_rows = 0;
        for seed in 0..200u64 {
            let mut lp = random_lp(seed);
            let mut s = seed ^ 0xA11;
            for row in &mut lp.rows {
                if lcg(&mut s) < 0.5 {
                    for t in &mut row.terms {
                        t.1 = (lcg(&mut s) - 0.4) * 3.0;
                    }
                }
            }
            let n = lp.cols.len();
            let gappy: Vec<(usize, f64)> =
                (0..n).filter(|j| j % 7 != 3).map(|j| (j, 1.0)).collect();
            lp.row(gappy, f64::NEG_INFINITY, 1.0);
            let simplex = Simplex::new(&lp, false).expect("builds");
            unit_rows += simplex.rows.unit.iter().filter(|&&u| u).count();
            let w: Vec<f64> = (0..lp.rows.len())
                .map(|_| if lcg(&mut s) < 0.3 { 0.0 } else { lcg(&mut s) * 1e3 - 500.0 })
                .collect();
            let mut rows = Vec::new();
            simplex.rows.products(&w, n, &mut rows);
            for (j, &row) in rows.iter().enumerate() {
                let col: f64 = simplex.cols[j].iter().map(|&(i, a)| w[i] * a).sum();
                assert_eq!(row, col, "seed {seed}, column {j}");
                if col != 0.0 {
                    assert_eq!(row.to_bits(), col.to_bits(), "seed {seed}, column {j}");
                }
            }
        }
        assert!(unit_rows > 300, "only {unit_rows} rows of ones");
    }

    #[test]
    fn a_resident_simplex_grown_by_rows_gives_the_bits_of_a_new_one() {
        // Solve, add rows (as the funders' cut rounds do), solve warm again:
        // growing one simplex in place and building one anew must take the
        // same pivots, so the same solution and basis, bit for bit.
        let mut grown = 0;
        for seed in 0..200u64 {
            let mut lp = random_lp(seed);
            let mut resident = Resident::new();
            let Ok((first, mut basis)) = resident.solve_cold(&lp, None) else { continue };
            assert_eq!(Ok((first, basis.clone())), solve_cold(&lp), "seed {seed}: cold");
            let mut s = seed ^ 0xB0B;
            for round in 0..3 {
                for _ in 0..1 + (lcg(&mut s) * 2.0) as usize {
                    let mut terms: Vec<(usize, f64)> = Vec::new();
                    for j in 0..lp.cols.len() {
                        if lcg(&mut s) < 0.6 {
                            terms.push((j, if lcg(&mut s) < 0.8 { 1.0 } else { 0.5 }));
                        }
                    }
                    let total: f64 = terms.iter().map(|&(j, a)| a * lp.cols[j].hi).sum();
                    lp.row(terms, f64::NEG_INFINITY, total * (0.2 + 0.5 * lcg(&mut s)));
                }
                let fresh = solve_warm(&lp, &basis);
                let kept = resident.solve_warm(&lp, &basis, None);
                match (&fresh, &kept) {
                    (Ok((a, ba)), Ok((b, bb))) => {
                        let bits = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
                        assert_eq!(bits(&a.x), bits(&b.x), "seed {seed} round {round}");
                        assert_eq!(ba, bb, "seed {seed} round {round}");
                        basis = bb.clone();
                        grown += 1;
                    }
                    (Err(a), Err(b)) => {
                        assert_eq!(a, b, "seed {seed} round {round}");
                        break;
                    }
                    _ => panic!("seed {seed} round {round}: {fresh:?} vs {kept:?}"),
                }
            }
        }
        assert!(grown > 200, "only {grown} grown solves");
    }

    #[test]
    fn agrees_with_microlp_and_clarabel_on_random_programs() {
        let mut solved = 0;
        for seed in 0..400u64 {
            let lp = random_lp(seed);
            let ours = solve(&lp);
            let theirs = solve_direct(&lp, Solver::Microlp);
            match (&ours, &theirs) {
                (Ok(a), Ok(b)) => {
                    solved += 1;
                    assert!(
                        (a.objective - b.objective).abs() <= 1e-7 * (1.0 + b.objective.abs()),
                        "seed {seed}: {} vs {}",
                        a.objective,
                        b.objective
                    );
                }
                (Err(LpError::Infeasible), Err(LpError::Infeasible)) => {
                    let c = solve_direct(&lp, Solver::Clarabel);
                    assert!(c.is_err(), "seed {seed}: clarabel found a solution");
                }
                _ => panic!("seed {seed}: ours {ours:?} vs microlp {theirs:?}"),
            }
        }
        assert!(solved > 200, "only {solved} feasible cases");
    }

    #[test]
    fn warm_starts_agree_with_cold_solves() {
        // From each random program's optimal basis: tighten column bounds,
        // move the budget, add a row — and compare with microlp, cold.
        let mut warm_used = 0;
        for seed in 0..300u64 {
            let lp = random_lp(seed);
            let Ok((_, basis)) = solve_from(&lp, None) else {
                continue;
            };
            let mut s = seed ^ 0x5EED;
            let mut child = lp.clone();
            for c in child.cols.iter_mut() {
                if lcg(&mut s) < 0.15 {
                    c.hi = c.lo;
                } else if lcg(&mut s) < 0.1 {
                    c.hi *= 0.5;
                }
            }
            if lcg(&mut s) < 0.5 {
                child.rows[0].hi *= 0.5 + lcg(&mut s);
            }
            if lcg(&mut s) < 0.5 {
                let terms: Vec<(usize, f64)> =
                    (0..child.cols.len()).filter(|_| lcg(&mut s) < 0.3).map(|j| (j, 1.0)).collect();
                child.row(terms, 0.2 * lcg(&mut s), f64::INFINITY);
            }
            let theirs = solve_direct(&child, Solver::Microlp);
            warm_used += usize::from(warm_agrees(seed, solve_from(&child, Some(&basis)), &theirs));
        }
        assert!(warm_used > 150, "only {warm_used} warm solves finished");
    }

    /// A warm solve agrees with microlp's cold one: the same optimum to 1e-7,
    /// or both infeasible; a warm solver failure is allowed (the caller then
    /// starts cold). True when the warm solve finished.
    fn warm_agrees(
        seed: u64,
        ours: Result<(LpSolution, Basis), LpError>,
        theirs: &Result<LpSolution, LpError>,
    ) -> bool {
        match (ours, theirs) {
            (Ok((a, _)), Ok(b)) => {
                assert!(
                    (a.objective - b.objective).abs() <= 1e-7 * (1.0 + b.objective.abs()),
                    "seed {seed}: warm {} vs {}",
                    a.objective,
                    b.objective
                );
                true
            }
            (Err(LpError::Infeasible), Err(LpError::Infeasible)) => false,
            (Err(LpError::Solver(_)), _) => false,
            (ours, _) => panic!("seed {seed}: warm {ours:?} vs microlp {theirs:?}"),
        }
    }

    #[test]
    fn warm_solves_with_new_objective_rows_and_dropped_rows_agree_with_microlp() {
        // From each random program's optimal basis (found by solve_cold):
        // change the objective, add a row, drop a row, move the budget;
        // carry the basis and solve warm; compare with microlp, cold.
        let mut warm_used = 0;
        for seed in 0..300u64 {
            let lp = random_lp(seed);
            let cold = solve_cold(&lp);
            match (&cold, solve_direct(&lp, Solver::Microlp)) {
                (Ok((a, _)), Ok(b)) => assert!(
                    (a.objective - b.objective).abs() <= 1e-7 * (1.0 + b.objective.abs()),
                    "seed {seed}: cold {} vs {}",
                    a.objective,
                    b.objective
                ),
                (Err(LpError::Infeasible), Err(LpError::Infeasible)) => {}
                (ours, theirs) => panic!("seed {seed}: cold {ours:?} vs microlp {theirs:?}"),
            }
            let Ok((_, basis)) = cold else { continue };
            let mut s = seed ^ 0xC0FFEE;
            let mut child = lp.clone();
            for c in child.cols.iter_mut() {
                if lcg(&mut s) < 0.3 {
                    c.obj *= 0.2 + lcg(&mut s);
                }
            }
            // A new column in a new row (as a race's y_r), ahead of the slacks.
            let y = child.col(0.0, 0.5 * lcg(&mut s), 2.0 + lcg(&mut s) * 5.0);
            let mut terms: Vec<(usize, f64)> = Vec::new();
            for j in 0..lp.cols.len() {
                if lcg(&mut s) < 0.3 {
                    terms.push((j, -(0.5 + lcg(&mut s))));
                }
            }
            terms.push((y, 1.0));
            child.row(terms, f64::NEG_INFINITY, 0.0);
            // Drop a row other than the budget, sometimes.
            let dropped = (child.rows.len() > 2 && lcg(&mut s) < 0.5)
                .then(|| 1 + (lcg(&mut s) * (lp.rows.len() - 1) as f64) as usize)
                .filter(|&i| i < lp.rows.len());
            if let Some(i) = dropped {
                child.rows.remove(i);
            }
            if lcg(&mut s) < 0.3 {
                child.rows[0].hi *= 0.7 + lcg(&mut s);
            }
            let n_old = lp.cols.len();
            let col_map: Vec<Option<usize>> = (0..n_old).map(Some).collect();
            let row_map: Vec<Option<usize>> = (0..lp.rows.len())
                .map(|i| match dropped {
                    Some(d) if i == d => None,
                    Some(d) if i > d => Some(i - 1),
                    _ => Some(i),
                })
                .collect();
            let start = basis.carry(n_old, &col_map, &row_map, child.cols.len(), child.rows.len());
            assert_eq!(start.basic.len(), child.rows.len());
            let theirs = solve_direct(&child, Solver::Microlp);
            warm_used += usize::from(warm_agrees(seed, solve_warm(&child, &start), &theirs));
        }
        assert!(warm_used > 150, "only {warm_used} warm solves finished");
    }

    /// A walk without basis changes visits every candidate, best first,
    /// batch after batch; Bland's rule visits them in index order.
    #[test]
    fn a_walk_visits_every_candidate_best_first() {
        let mut seed = 11;
        for len in [0, 1, 5, BATCH - 1, BATCH, BATCH + 1, 3 * BATCH + 7, 1000] {
            // Few distinct scores, so ties are broken by `tie`, then by index.
            let cands: Vec<Candidate> = (0..len)
                .map(|v| Candidate {
                    score: (lcg(&mut seed) * 8.0).floor(),
                    tie: (lcg(&mut seed) * 3.0).floor(),
                    var: v,
                    dir: 1.0,
                })
                .collect();
            let mut sorted = cands.clone();
            sorted.sort_unstable_by(|a, b| b.cmp(a));
            let mut walk = Walk::new(&cands, false);
            let visited: Vec<Candidate> = std::iter::from_fn(|| walk.next()).collect();
            assert_eq!(visited, sorted, "{len} candidates");
            let mut bland = Walk::new(&cands, true);
            let visited: Vec<Candidate> = std::iter::from_fn(|| bland.next()).collect();
            assert_eq!(visited, cands, "{len} candidates, Bland");
        }
    }

    /// A program of `n` columns shaped like the allocation program's first
    /// ceiling round: a budget spent on the best columns, state caps and
    /// floors, a tag floor, and identical columns in runs (a group's
    /// tranches) with falling objectives.
    fn wide_lp(seed: u64, n: usize) -> Lp {
        let mut s = seed;
        let mut lp = Lp::default();
        let states = 3 + (lcg(&mut s) * 8.0) as usize;
        let mut by_state = vec![Vec::new(); states];
        let (mut tag, mut all) = (Vec::new(), Vec::new());
        while lp.cols.len() < n {
            let value = (lcg(&mut s) * 3.0).powi(3);
            let state = (lcg(&mut s) * states as f64) as usize;
            let tagged = lcg(&mut s) < 0.2;
            for k in 0..3 {
                let j = lp.col(0.0, 0.2 + lcg(&mut s), value * [1.0, 0.7, 0.4][k]);
                by_state[state].push((j, 1.0));
                all.push((j, 1.0));
                if tagged {
                    tag.push((j, 1.0));
                }
            }
        }
        let budget = lp.cols.len() as f64 * (0.02 + 0.1 * lcg(&mut s));
        lp.row(all, f64::NEG_INFINITY, budget);
        for cols in by_state {
            let min = if lcg(&mut s) < 0.3 { budget * 0.05 } else { f64::NEG_INFINITY };
            lp.row(cols, min, budget * (0.15 + 0.3 * lcg(&mut s)));
        }
        lp.row(tag, budget * 0.3 * lcg(&mut s), f64::INFINITY);
        lp
    }

    /// Sifting ([`WorkingSet`]) changes which columns are priced, not the
    /// optimum: cold (seeded or not) and warm solves with it reach the
    /// objective of the full pricing, and of microlp, on programs wide
    /// enough to sift.
    #[test]
    fn sifting_reaches_the_optimum_of_full_pricing() {
        for seed in 0..6u64 {
            let lp = wide_lp(seed, SIFT_MIN + 1000 * seed as usize);
            assert!(lp.cols.len() >= SIFT_MIN);
            let (full, basis) = Resident::new().solve_cold(&lp, None).unwrap();
            let close = |a: f64, what: &str| {
                let tol = 1e-9 * (1.0 + full.objective.abs());
                assert!(
                    (a - full.objective).abs() <= tol,
                    "seed {seed} {what}: {a} vs {}",
                    full.objective
                );
            };
            let (sifted, _) = Resident::new().solve_cold(&lp, Some(&[])).unwrap();
            close(sifted.objective, "sifted");
            // A seed of columns far from the optimum's: the worst by objective.
            let mut worst: Vec<usize> = (0..lp.cols.len()).collect();
            worst.sort_by(|&a, &b| lp.cols[a].obj.total_cmp(&lp.cols[b].obj));
            worst.truncate(500);
            let (seeded, _) = Resident::new().solve_cold(&lp, Some(&worst)).unwrap();
            close(seeded.objective, "seeded");
            // Warm, from the optimum of the program with a smaller budget.
            let mut tighter = lp.clone();
            tighter.rows[0].hi *= 0.5;
            let (_, start) = Resident::new().solve_cold(&tighter, None).unwrap();
            let (warm, _) = Resident::new().solve_warm(&lp, &start, Some(&[])).unwrap();
            close(warm.objective, "warm");
            let (again, _) = Resident::new().solve_warm(&lp, &basis, Some(&[])).unwrap();
            close(again.objective, "warm from the optimum");
            if seed < 2 {
                close(solve_direct(&lp, Solver::Microlp).unwrap().objective, "microlp");
            }
        }
    }

    #[test]
    fn knapsack_fills_by_value() {
        let mut lp = Lp::default();
        let a = lp.col(0.0, 1.0, 5.0);
        let b = lp.col(0.0, 2.0, 4.0);
        let c = lp.col(0.0, 1.0, 3.0);
        lp.row(vec![(a, 1.0), (b, 1.0), (c, 1.0)], f64::NEG_INFINITY, 3.5);
        let sol = solve(&lp).unwrap();
        assert_eq!(sol.x, vec![1.0, 2.0, 0.5]);
    }

    #[test]
    fn a_resolver_kept_along_a_chain_of_bound_changes_agrees_with_microlp() {
        // One resolver per random program, walked down a branch-and-bound
        // like chain: each step fixes or halves a few columns and starts
        // from the last basis (no refactor), now and then from an older one
        // (refactored) — compared with microlp, cold, at every step.
        let mut kept = 0;
        for seed in 0..120u64 {
            let lp = random_lp(seed);
            let Ok((_, root)) = solve_from(&lp, None) else {
                continue;
            };
            let Ok(mut r) = Resolver::new(&lp) else { continue };
            let mut s = seed ^ 0xB0B;
            let mut node = lp.clone();
            let mut last = root.clone();
            for step in 0..6 {
                for c in node.cols.iter_mut() {
                    if lcg(&mut s) < 0.08 {
                        c.hi = c.lo;
                    } else if lcg(&mut s) < 0.05 {
                        c.hi *= 0.5;
                    }
                }
                let start = if step == 3 { root.clone() } else { last.clone() };
                let theirs = solve_direct(&node, Solver::Microlp);
                let ours = r.solve(&node, &start);
                if let Ok((_, b)) = &ours {
                    last = b.clone();
                }
                let done = warm_agrees(seed, ours, &theirs);
                kept += usize::from(done && step > 0 && step != 3);
                if !done {
                    break;
                }
            }
        }
        assert!(kept > 100, "only {kept} solves went on from the basis in hand");
    }
}
