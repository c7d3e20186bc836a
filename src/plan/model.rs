//! The allocation linear program of MODEL.md §3, built from scored data.
//!
//! Columns are x_gkt: dollars (in millions, see Numerics) for group g in
//! tranche k of its room, spent in period t. A group cap is applied by
//! trimming the group's tranches from the top: factors fall, so an optimum
//! fills a group's tranches from the bottom, and trimming is exact.
//!
//! Effect ceilings (MODEL.md §3) add, for each race in a given set, a column
//! y_r (net votes counted, in [`VOTE_UNIT`]s, at most N_r) and a row
//! y_r ≤ net votes bought there; the race's value moves from the group
//! columns to y_r. Which races get rows is chosen by
//! [`crate::plan::ceiling::solve`].

use crate::input::data::{Dataset, Race};
use crate::input::scenario::Scenario;
use crate::plan::lp::{Blocks, Lp};
use crate::score::Scores;

/// Dollars per LP unit: the LP works in millions of dollars so that its
/// objective coefficients (win-equivalents per $1M) are far above solver
/// tolerances (MODEL.md §3, Numerics).
pub const SCALE: f64 = 1e6;

/// Net votes per unit of a ceiling column y_r: with dollars in millions and
/// $10–$1,000 a net vote, this keeps the ceiling rows' coefficients near 1.
pub const VOTE_UNIT: f64 = 1e4;

/// The cost of one LP unit ($1M) of spending, as a share of the largest
/// value per $1M, once ceilings are in the program: among plans of equal
/// impact the cheapest wins, so money that buys nothing stays unallocated.
pub const SPEND_PENALTY: f64 = 1e-6;

/// Why a group can take no more than its cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CapReason {
    /// Listed in `exclude`.
    Excluded,
    /// Fixed by a `[[lock]]`.
    Locked,
    /// Other funders already fill its room.
    PeerFunded,
    /// No funder at the table may fund it (`[[funders]]`).
    NoFunder,
    /// Room for more funding, after other funders.
    Room,
    /// `limits.max_group_share` of the budget.
    GroupCap,
    /// `limits.max_dependency` of its annual budget.
    DependencyCap,
}

/// The most one group can get, and what sets it.
#[derive(Debug, Clone, Copy)]
pub struct GroupCap {
    /// Dollars.
    pub cap: f64,
    /// What sets the cap.
    pub reason: CapReason,
    /// The locked amount, if locked.
    pub lock: Option<f64>,
}

/// What a row of the program stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RowKind {
    /// Total spending ≤ budget (= budget with spend_all). With periods:
    /// spending through period t ≤ money released through t.
    Budget {
        /// Period index (the last period for the whole budget).
        period: usize,
    },
    /// A state's total ≤ its cap (share cap and/or `[states.XX] max`).
    StateMax {
        /// State index.
        state: usize,
    },
    /// A state's total ≥ `[states.XX] min`.
    StateMin {
        /// State index.
        state: usize,
    },
    /// Groups with the tag get ≥ floor · budget.
    Floor {
        /// The tag.
        tag: String,
    },
    /// A donor-table condition on the pooled plan: the grants of some
    /// groups can be paid by the funders who may fund them (MODEL.md §3
    /// Funders; see [`crate::plan::funders`]).
    Funders {
        /// Index of the condition in the order it was found.
        cut: usize,
    },
    /// A locked group gets exactly its amount.
    Lock {
        /// Group index.
        group: usize,
    },
    /// One tranche of a group, summed over periods, ≤ its width.
    Tranche {
        /// Group index.
        group: usize,
    },
    /// What a group absorbs in one period ≤ max_period_share · room.
    PeriodCap {
        /// Group index.
        group: usize,
        /// Period index.
        period: usize,
    },
    /// Net votes counted in a race ≤ net votes bought there (the race's
    /// effect ceiling is the bound of its y_r column).
    Ceiling {
        /// Race index.
        race: usize,
    },
    /// Total spending as a column: Σ x − s = 0 (see [`Model::total`]).
    Spending,
}

/// A race's effect ceiling in the program.
#[derive(Debug, Clone, Copy)]
pub struct CeilingCol {
    /// Race index.
    pub race: usize,
    /// The y_r column.
    pub col: usize,
    /// The row y_r ≤ net votes bought.
    pub row: usize,
    /// N_r, net votes.
    pub net_votes: f64,
}

/// What a column stands for.
#[derive(Debug, Clone, Copy)]
pub struct ColInfo {
    /// Group index.
    pub group: usize,
    /// Tranche index.
    pub tranche: usize,
    /// Period index.
    pub period: usize,
    /// Win-equivalents per dollar: factor · multiplier · u_gt.
    pub value: f64,
    /// Lies within the group's c3 room (only split out when a funder gives
    /// c3 money; see [`crate::plan::funders`]).
    pub c3: bool,
}

/// The program and the meaning of each of its parts.
#[derive(Debug, Default)]
pub struct Model {
    /// The LP, in millions of dollars.
    pub lp: Lp,
    /// One per LP column.
    pub cols: Vec<ColInfo>,
    /// One per LP row.
    pub rows: Vec<RowKind>,
    /// One per group.
    pub caps: Vec<GroupCap>,
    /// Number of periods (1 without `[[periods]]`).
    pub periods: usize,
    /// Races whose effect ceiling is in the program (their y_r columns come
    /// after every group column).
    pub ceilings: Vec<CeilingCol>,
    /// Cost per LP unit of spending in the objective (0 without ceilings).
    pub penalty: f64,
    /// The donor-table conditions added as rows (see [`crate::plan::funders`]),
    /// in row order: valid for any program of the same scenario and funders.
    pub cuts: Vec<crate::plan::funders::Cut>,
    /// The column s of total spending, with its row [`RowKind::Spending`],
    /// once a payment cut is written by its complement (see
    /// [`crate::plan::funders`]): a cut over most groups' columns,
    /// Σ_S x ≤ b, is the sparse s − Σ_(not S) x ≤ b.
    pub total: Option<usize>,
    /// The optimal basis of the last solve of `lp` by the bounded simplex,
    /// when one was kept: related programs start from it
    /// ([`crate::plan::ceiling::solve_from`]).
    pub basis: Option<crate::plan::lp::simplex::Basis>,
    /// When sifting solved `lp` (more than [`crate::plan::lp::DENSE_ROWS`]
    /// rows), the groups it ended with: its working set through the
    /// effect-ceiling rounds, else the groups the optimum gave money. A
    /// related program's sifting starts with them
    /// ([`crate::plan::ceiling::solve_from`]).
    pub sifted: Vec<usize>,
    /// The optimum (impact) of the same scenario without its effect
    /// ceilings, when the ceiling loop solved that program to optimality on
    /// the way (its first round, before any ceiling row): the explanation's
    /// price of the ceilings needs no solve of its own then.
    pub uncapped: Option<f64>,
}

// `clone_from` writes into the buffers in hand ([`Lp`]'s too): see
// [`Skeleton::fill_into`].
impl Clone for Model {
    fn clone(&self) -> Model {
        let mut model = Model::default();
        model.clone_from(self);
        model
    }

    fn clone_from(&mut self, source: &Model) {
        let Model {
            lp,
            cols,
            rows,
            caps,
            periods,
            ceilings,
            penalty,
            cuts,
            total,
            basis,
            sifted,
            uncapped,
        } = source;
        self.lp.clone_from(lp);
        self.cols.clone_from(cols);
        self.rows.clone_from(rows);
        self.caps.clone_from(caps);
        self.periods = *periods;
        self.ceilings.clone_from(ceilings);
        self.penalty = *penalty;
        self.cuts.clone_from(cuts);
        self.total = *total;
        self.basis.clone_from(basis);
        self.sifted.clone_from(sifted);
        self.uncapped = *uncapped;
    }
}

impl Model {
    /// Win-equivalents of an LP point: the objective without the spending
    /// penalty.
    pub fn impact(&self, x: &[f64]) -> f64 {
        let spent: f64 = x.iter().take(self.cols.len()).sum();
        self.lp.objective(x) + self.penalty * spent
    }
}

/// The parts of the scenario a model may leave out, to price what each costs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Omit {
    /// Ignore `limits.max_group_share`.
    pub group_share: bool,
    /// Ignore `limits.max_dependency`.
    pub dependency: bool,
    /// Ignore the state cap of these states.
    pub state_max: Vec<usize>,
    /// Ignore the state minimum of these states.
    pub state_min: Vec<usize>,
    /// Ignore these floors.
    pub floors: Vec<String>,
    /// Ignore the locks of these groups.
    pub locks: Vec<usize>,
    /// Ignore the per-period absorption cap.
    pub period_share: bool,
    /// Ignore the release limits of these periods (never the last: the budget).
    pub releases: Vec<usize>,
    /// Ignore every effect ceiling.
    pub ceilings: bool,
    /// Ignore the funders' rules (plan the table's money as one pool).
    pub funders: bool,
    /// Extra cap per group, dollars (empty: none) — a funder planning alone.
    pub caps: Vec<f64>,
}

/// The most group `g` can get under the scenario, and why.
pub fn group_cap(data: &Dataset, sc: &Scenario, g: usize, omit: &Omit) -> GroupCap {
    let group = &data.groups[g];
    if sc.exclude.iter().any(|e| e.name == group.id) {
        return GroupCap { cap: 0.0, reason: CapReason::Excluded, lock: None };
    }
    if !omit.funders && !sc.funders.is_empty() && !sc.funders.iter().any(|f| f.may_fund(group)) {
        return GroupCap { cap: 0.0, reason: CapReason::NoFunder, lock: None };
    }
    if let Some(lock) = sc.locks.iter().find(|l| l.group.name == group.id) {
        if !omit.locks.contains(&g) {
            return GroupCap {
                cap: lock.amount,
                reason: CapReason::Locked,
                lock: Some(lock.amount),
            };
        }
    }
    let left = group.room_left();
    let mut cap = GroupCap {
        cap: left,
        reason: if left <= 0.0 && group.peer_committed > 0.0 {
            CapReason::PeerFunded
        } else {
            CapReason::Room
        },
        lock: None,
    };
    if let (Some(share), false) = (sc.limits.max_group_share, omit.group_share) {
        if share * sc.budget < cap.cap {
            cap = GroupCap { cap: share * sc.budget, reason: CapReason::GroupCap, lock: None };
        }
    }
    if let (Some(dep), Some(annual), false) =
        (sc.limits.max_dependency, group.annual_budget, omit.dependency)
    {
        if dep * annual < cap.cap {
            cap = GroupCap { cap: dep * annual, reason: CapReason::DependencyCap, lock: None };
        }
    }
    if let Some(&extra) = omit.caps.get(g) {
        if extra < cap.cap {
            cap = GroupCap { cap: extra.max(0.0), reason: CapReason::Room, lock: None };
        }
    }
    cap
}

/// A state's cap in dollars (share cap and `[states.XX] max`), if any.
pub fn state_max(sc: &Scenario, code: &str) -> Option<f64> {
    let share = sc.limits.max_state_share.map(|s| s * sc.budget);
    let explicit = sc.states.iter().find(|s| s.state.name == code).and_then(|s| s.max);
    match (share, explicit) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// A state's minimum in dollars, if any.
pub fn state_min(sc: &Scenario, code: &str) -> Option<f64> {
    sc.states.iter().find(|s| s.state.name == code).and_then(|s| s.min).filter(|&m| m > 0.0)
}

/// The widths of group g's tranches that are ours to fund: tranche k spans
/// [a_k, b_k) of room; peer money fills from the bottom; our cap trims from
/// the top. Returns (tranche index, width in dollars) for non-empty ones.
pub fn tranche_widths(data: &Dataset, sc: &Scenario, g: usize, cap: f64) -> Vec<(usize, f64)> {
    let group = &data.groups[g];
    let (from, to) = (group.peer_committed, group.peer_committed + cap);
    let mut out = Vec::new();
    let mut a = 0.0;
    for (k, t) in sc.returns.tranches.iter().enumerate() {
        let b = a + t * group.room;
        let width = b.min(to) - a.max(from);
        if width > 1e-9 {
            out.push((k, width));
        }
        a = b;
    }
    out
}

/// Group g's tranches (as [`tranche_widths`]), each cut in two where the
/// group's c3 room ends when some funder gives c3 money: the bottom of our
/// part of its room, up to its c3 room, is the part c3 money may pay for
/// (money fills a group from the bottom, so this is exact). Returns
/// (tranche, width, within the c3 room).
fn pieces(data: &Dataset, sc: &Scenario, g: usize, cap: f64) -> Vec<(usize, f64, bool)> {
    let group = &data.groups[g];
    let c3 =
        if sc.funders.iter().any(|f| f.c3) { group.c3_room.min(group.room_left()) } else { 0.0 };
    if c3 <= 0.0 {
        return tranche_widths(data, sc, g, cap).into_iter().map(|(k, w)| (k, w, false)).collect();
    }
    let mut out = Vec::new();
    let mut at = 0.0;
    for (k, width) in tranche_widths(data, sc, g, cap) {
        let inside = (c3 - at).clamp(0.0, width);
        if inside > 1e-9 {
            out.push((k, inside, true));
        }
        if width - inside > 1e-9 {
            out.push((k, width - inside, false));
        }
        at += width;
    }
    out
}

/// Build the allocation program without effect ceilings.
pub fn build(data: &Dataset, sc: &Scenario, scores: &Scores, omit: &Omit) -> Model {
    build_with(data, sc, scores, omit, &[])
}

/// Build the allocation program with the effect ceilings of `ceiling_races`
/// (race indices, each with a ceiling: see [`crate::plan::ceiling::ceiling`]).
pub fn build_with(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    omit: &Omit,
    ceiling_races: &[usize],
) -> Model {
    skeleton(data, sc, omit).fill(data, sc, scores, ceiling_races)
}

/// The allocation program as far as it does not depend on the scores:
/// every column (with its bounds, but no objective yet) and every row but
/// the effect ceilings'. Built once, it makes the program for any scores
/// and any set of ceiling rows ([`Skeleton::fill`]): the effect-ceiling
/// rounds of one solve, and `robust`'s draws, share one.
#[derive(Debug, Clone)]
pub struct Skeleton {
    /// The program with every objective coefficient 0.
    model: Model,
    /// Each group's columns.
    group_cols: Vec<Vec<usize>>,
    /// Built for a program without effect ceilings (`Omit::ceilings`).
    no_ceilings: bool,
}

impl Skeleton {
    /// The program for `scores` with the effect ceilings of `ceiling_races`
    /// (none when the skeleton leaves ceilings out), exactly as
    /// [`build_with`] makes it (the skeleton must come from the same data
    /// and scenario).
    pub fn fill(
        &self,
        data: &Dataset,
        sc: &Scenario,
        scores: &Scores,
        ceiling_races: &[usize],
    ) -> Model {
        let mut model = Model::default();
        self.fill_into(&mut model, data, sc, scores, ceiling_races);
        model
    }

    /// [`Skeleton::fill`], written over `model` (a program filled before
    /// from this skeleton, or any other): the same program, in the
    /// buffers in hand, without fresh memory to fault in.
    pub fn fill_into(
        &self,
        model: &mut Model,
        data: &Dataset,
        sc: &Scenario,
        scores: &Scores,
        ceiling_races: &[usize],
    ) {
        model.clone_from(&self.model);
        let ceiling_races = if self.no_ceilings { &[][..] } else { ceiling_races };
        let mut in_ceiling =
            vec![false; if ceiling_races.is_empty() { 0 } else { data.races.len() }];
        for &r in ceiling_races {
            in_ceiling[r] = true;
        }
        let multiplier = |t: usize| sc.periods.get(t).map_or(1.0, |p| p.multiplier);
        let mut by_period: Vec<f64> = Vec::new();
        for (g, cols) in self.group_cols.iter().enumerate() {
            if cols.is_empty() {
                continue;
            }
            if in_ceiling.is_empty() {
                by_period.clone_from(&scores.groups[g].by_period);
            } else {
                crate::plan::ceiling::value_outside(
                    data,
                    sc,
                    scores,
                    g,
                    &in_ceiling,
                    &mut by_period,
                );
            }
            for &j in cols {
                let c = &mut model.cols[j];
                let value =
                    sc.returns.factors[c.tranche] * multiplier(c.period) * by_period[c.period];
                c.value = value;
                model.lp.cols[j].obj = value * SCALE;
            }
        }
        if !ceiling_races.is_empty() {
            crate::plan::ceiling::add_rows(
                data,
                sc,
                scores,
                model,
                ceiling_races,
                &self.group_cols,
            );
        }
    }
}

/// The [`Skeleton`] of the allocation program of `sc` without the parts
/// `omit` leaves out.
pub fn skeleton(data: &Dataset, sc: &Scenario, omit: &Omit) -> Skeleton {
    let periods = sc.periods.len().max(1);
    let caps: Vec<GroupCap> =
        (0..data.groups.len()).map(|g| group_cap(data, sc, g, omit)).collect();
    // Room for every group's tranches in every period (fewer are used).
    let size = data.groups.len() * sc.returns.tranches.len() * periods;
    let mut lp = Lp {
        cols: Vec::with_capacity(size),
        blocks: Some(Blocks {
            of_col: Vec::with_capacity(size),
            cap: caps.iter().map(|c| c.cap / SCALE).collect(),
        }),
        ..Lp::default()
    };
    let mut cols = Vec::with_capacity(size);
    let mut rows = Vec::new();
    // Per group: its columns; per state, per tag: columns too.
    let mut group_cols: Vec<Vec<usize>> = vec![Vec::new(); data.groups.len()];
    for (g, cap) in caps.iter().enumerate() {
        if cap.cap <= 0.0 {
            continue;
        }
        let group = &data.groups[g];
        // A locked group may use its whole room; the lock row fixes its total.
        let width_cap = if cap.lock.is_some() { group.room_left() } else { cap.cap };
        for (k, width, c3) in pieces(data, sc, g, width_cap) {
            let mut tranche_cols = Vec::with_capacity(periods);
            for t in 0..periods {
                // With periods, the tranche row bounds each column already.
                let hi = if periods > 1 { f64::INFINITY } else { width / SCALE };
                // The objective comes with the scores ([`Skeleton::fill`]).
                let j = lp.col_in_block(0.0, hi, 0.0, g);
                cols.push(ColInfo { group: g, tranche: k, period: t, value: 0.0, c3 });
                tranche_cols.push((j, 1.0));
                group_cols[g].push(j);
            }
            if periods > 1 {
                lp.row(tranche_cols, f64::NEG_INFINITY, width / SCALE);
                rows.push(RowKind::Tranche { group: g });
            }
        }
    }
    let group_terms = |g: usize| group_cols[g].iter().map(|&j| (j, 1.0));

    // Budget, cumulative by period.
    let mut released = 0.0;
    for t in 0..periods {
        released += if sc.periods.is_empty() { sc.budget } else { sc.periods[t].release };
        let last = t + 1 == periods;
        let terms: Vec<(usize, f64)> =
            cols.iter().enumerate().filter(|(_, c)| c.period <= t).map(|(j, _)| (j, 1.0)).collect();
        if !last && omit.releases.contains(&t) {
            continue;
        }
        let hi = if last { sc.budget } else { released } / SCALE;
        let lo = if last && sc.spend_all { hi } else { f64::NEG_INFINITY };
        lp.row(terms, lo, hi);
        rows.push(RowKind::Budget { period: t });
    }
    // States: each state's columns, groups in data order.
    let mut state_terms: Vec<Vec<(usize, f64)>> = vec![Vec::new(); data.states.len()];
    for (g, group) in data.groups.iter().enumerate() {
        if let Some(terms) = state_terms.get_mut(group.state_idx) {
            terms.extend(group_terms(g));
        }
    }
    for ((s, state), members) in data.states.iter().enumerate().zip(state_terms) {
        if let (Some(max), false) = (state_max(sc, &state.code), omit.state_max.contains(&s)) {
            lp.row(members.clone(), f64::NEG_INFINITY, max / SCALE);
            rows.push(RowKind::StateMax { state: s });
        }
        if let (Some(min), false) = (state_min(sc, &state.code), omit.state_min.contains(&s)) {
            lp.row(members, min / SCALE, f64::INFINITY);
            rows.push(RowKind::StateMin { state: s });
        }
    }
    // Floors.
    for floor in &sc.floors {
        if floor.share <= 0.0 || omit.floors.contains(&floor.tag.name) {
            continue;
        }
        let mut members: Vec<(usize, f64)> = Vec::new();
        for (g, group) in data.groups.iter().enumerate() {
            if group.has_tag(&floor.tag.name) {
                members.extend(group_terms(g));
            }
        }
        lp.row(members, floor.share * sc.budget / SCALE, f64::INFINITY);
        rows.push(RowKind::Floor { tag: floor.tag.name.clone() });
    }
    // Locks.
    for (g, cap) in caps.iter().enumerate() {
        if let Some(amount) = cap.lock {
            let v = amount / SCALE;
            lp.row(group_terms(g).collect(), v, v);
            rows.push(RowKind::Lock { group: g });
        }
    }
    // Per-period absorption.
    if let (Some(share), true, false) = (sc.timing.max_period_share, periods > 1, omit.period_share)
    {
        for (g, group) in data.groups.iter().enumerate() {
            for t in 0..periods {
                let terms: Vec<(usize, f64)> = group_cols[g]
                    .iter()
                    .filter(|&&j| cols[j].period == t)
                    .map(|&j| (j, 1.0))
                    .collect();
                let widths: f64 =
                    tranche_widths(data, sc, g, caps[g].cap).iter().map(|w| w.1).sum();
                if !terms.is_empty() && share * group.room < widths {
                    lp.row(terms, f64::NEG_INFINITY, share * group.room / SCALE);
                    rows.push(RowKind::PeriodCap { group: g, period: t });
                }
            }
        }
    }
    let model = Model { lp, cols, rows, caps, periods, ..Model::default() };
    Skeleton { model, group_cols, no_ceilings: omit.ceilings }
}

/// Effective dollars of group g's grants, one amount (dollars) per period:
/// dollars weighted by their tranche factor and their period's multiplier.
/// Impact is Σ_t effective_t · u_gt, and net votes follow the same weights.
///
/// Money fills the group's room from just above peer money, tranche by
/// tranche; the best periods (highest multiplier · u_gt) take the best
/// tranches, which is how the program itself places the same amounts.
pub fn effective_dollars(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    g: usize,
    amounts: &[f64],
) -> Vec<f64> {
    effective_dollars_at(data, sc, &scores.groups[g].by_period, g, amounts)
}

/// The part of a group's effective dollars `eff` (one amount per period)
/// given in periods that start no later than `race` is held: the dollars
/// that can still move it.
pub fn dollars_reaching(sc: &Scenario, race: &Race, eff: &[f64]) -> f64 {
    eff.iter()
        .enumerate()
        .filter(|(t, _)| sc.periods.get(*t).is_none_or(|p| race.date >= p.start))
        .map(|(_, e)| e)
        .sum()
}

/// [`effective_dollars`] from group g's values per period, u_gt, alone
/// (for callers that keep only those, such as `robust`'s draws).
pub fn effective_dollars_at(
    data: &Dataset,
    sc: &Scenario,
    by_period: &[f64],
    g: usize,
    amounts: &[f64],
) -> Vec<f64> {
    let group = &data.groups[g];
    let multiplier = |t: usize| sc.periods.get(t).map_or(1.0, |p| p.multiplier);
    let mut order: Vec<usize> = (0..amounts.len()).collect();
    order.sort_by(|&a, &b| {
        (multiplier(b) * by_period[b]).total_cmp(&(multiplier(a) * by_period[a])).then(a.cmp(&b))
    });
    let mut at = group.peer_committed;
    let mut out = vec![0.0; amounts.len()];
    for t in order {
        if amounts[t] <= 0.0 {
            continue;
        }
        let (from, to) = (at, at + amounts[t]);
        let mut a = 0.0;
        let mut dollars = 0.0;
        for (share, f) in sc.returns.tranches.iter().zip(&sc.returns.factors) {
            let b = a + share * group.room;
            let width = b.min(to) - a.max(from);
            if width > 0.0 {
                dollars += f * width;
            }
            a = b;
        }
        // Money beyond the room (never arises within caps) earns the last factor.
        let beyond = to - a.max(from);
        if beyond > 0.0 {
            dollars += sc.returns.factors.last().copied().unwrap_or(0.0) * beyond;
        }
        out[t] = dollars * multiplier(t);
        at = to;
    }
    out
}

/// Win-equivalents from group g's grants, one amount (dollars) per period.
pub fn group_impact(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    g: usize,
    amounts: &[f64],
) -> f64 {
    group_impact_at(data, sc, &scores.groups[g].by_period, g, amounts)
}

/// [`group_impact`] from group g's values per period, u_gt, alone.
pub fn group_impact_at(
    data: &Dataset,
    sc: &Scenario,
    by_period: &[f64],
    g: usize,
    amounts: &[f64],
) -> f64 {
    let eff = effective_dollars_at(data, sc, by_period, g, amounts);
    eff.iter().zip(by_period).map(|(e, u)| e * u).sum()
}
