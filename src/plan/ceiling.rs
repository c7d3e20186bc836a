//! Effect ceilings (MODEL.md §3, Effect ceiling): the net votes a plan buys
//! in race r count only up to N_r = max_shift_r · T_r / 100.
//!
//! The program gets a column y_r ≤ N_r and a row y_r ≤ net votes bought
//! only for races whose ceiling binds. [`solve`] finds them lazily: solve
//! without ceiling rows, add the races whose net votes pass their ceiling,
//! solve again, until none does. Each program without some rows is a
//! relaxation of the full one (a race without a row counts all its net
//! votes), so an optimum that passes no ceiling is optimal for the full
//! model too.
//!
//! Here too: the net votes a set of grants buys in each race, and impact
//! with the ceilings applied (a race past its ceiling counts N_r net votes,
//! shared among the groups that bought them in proportion to their votes).

use crate::base::hash::{map_with_capacity, FxHashMap};
use crate::base::progress::{self, Status};
use crate::input::data::Dataset;
use crate::input::scenario::Scenario;
use crate::plan::funders::{self, Cut, JointError};

use crate::plan::lp::simplex::{Basis, Resident};
use crate::plan::lp::{LpSolution, Sifting, Solver, DENSE_ROWS};
use crate::plan::model::{
    dollars_reaching, effective_dollars, skeleton, Model, Omit, RowKind, Skeleton, SCALE,
    SPEND_PENALTY, VOTE_UNIT,
};
use crate::score::Scores;

/// Net votes within this share of a ceiling count as at it.
const AT_CEILING: f64 = 1e-7;

/// Programs with up to this many rows are solved warm (from a related
/// program's basis) by the bounded simplex; its basis inverse is dense, so
/// this keeps it to a few megabytes.
pub const WARM_ROWS: usize = 1500;

/// N_r: the most net votes of this plan that count in race `r` (any race
/// with a ceiling, whatever its date); `None` without a ceiling.
pub fn ceiling(data: &Dataset, sc: &Scenario, r: usize) -> Option<f64> {
    let race = &data.races[r];
    sc.max_shift(race.office, race.max_shift).map(|points| points * race.turnout / 100.0)
}

/// Races whose ceiling the program enforces: with a ceiling, on or after
/// the start and not after the horizon (later races keep their discounted
/// per-dollar value without one). N_r per race, `None` for the others.
pub fn enforced(data: &Dataset, sc: &Scenario) -> Vec<Option<f64>> {
    (0..data.races.len())
        .map(|r| {
            let race = &data.races[r];
            let current = sc.start.is_none_or(|s| race.date >= s)
                && !matches!((sc.start, sc.horizon), (Some(_), Some(h)) if race.date > h);
            ceiling(data, sc, r).filter(|_| current)
        })
        .collect()
}

/// Group g's value per dollar in each period (as `GroupScore::by_period`)
/// from the races outside `in_ceiling` only. The value taken out is the
/// ceiling column's (net votes per dollar, `GroupScore::reach`, times the
/// race's value), so a group's column and its ceiling rows stay the same
/// program whatever its cost per net vote (robust draws scale `reach` and
/// `by_period` together). Written into `out` (cleared first).
pub fn value_outside(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    g: usize,
    in_ceiling: &[bool],
    out: &mut Vec<f64>,
) {
    let group = &scores.groups[g];
    out.clear();
    out.extend((0..group.by_period.len()).map(|t| {
        let from = sc.periods.get(t).map(|p| p.start);
        let inside: f64 = group
            .reach
            .iter()
            .filter(|&&(r, _)| in_ceiling[r] && from.is_none_or(|d| data.races[r].date >= d))
            .map(|&(r, per_dollar)| per_dollar * scores.races[r].value)
            .sum();
        (group.by_period[t] - inside).max(0.0)
    }));
}

/// The spending penalty of a program with ceiling rows (none with
/// spend_all): every group column pays it. Call once, before the ceiling
/// columns are added.
pub fn add_penalty(sc: &Scenario, scores: &Scores, model: &mut Model) {
    if sc.spend_all || model.penalty != 0.0 {
        return;
    }
    let multiplier = |t: usize| sc.periods.get(t).map_or(1.0, |p| p.multiplier);
    let best = scores
        .groups
        .iter()
        .flat_map(|gs| gs.by_period.iter().enumerate().map(|(t, u)| u * multiplier(t)))
        .fold(0.0, f64::max)
        * sc.returns.factors.first().copied().unwrap_or(1.0)
        * SCALE;
    model.penalty = SPEND_PENALTY * best;
    for j in 0..model.cols.len() {
        model.lp.cols[j].obj -= model.penalty;
    }
}

/// Add the ceiling columns and rows of `races` to `model`, and the spending
/// penalty (unless spend_all). `group_cols` lists each group's columns.
pub fn add_rows(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    model: &mut Model,
    races: &[usize],
    group_cols: &[Vec<usize>],
) {
    add_penalty(sc, scores, model);
    let multiplier = |t: usize| sc.periods.get(t).map_or(1.0, |p| p.multiplier);
    let limits = enforced(data, sc);
    // The groups reaching each race of `races` (the others are not needed).
    let mut wanted = vec![false; data.races.len()];
    for &r in races {
        wanted[r] = true;
    }
    let mut reached_by: Vec<Vec<(usize, f64)>> = vec![Vec::new(); data.races.len()];
    for (g, gs) in scores.groups.iter().enumerate() {
        for &(r, per_dollar) in &gs.reach {
            if wanted[r] {
                reached_by[r].push((g, per_dollar));
            }
        }
    }
    for &r in races {
        let Some(n) = limits[r] else { continue };
        let race = &data.races[r];
        let mut terms: Vec<(usize, f64)> = Vec::new();
        for &(g, per_dollar) in &reached_by[r] {
            for &j in &group_cols[g] {
                let c = model.cols[j];
                if sc.periods.get(c.period).is_some_and(|p| race.date < p.start) {
                    continue;
                }
                let votes = sc.returns.factors[c.tranche] * multiplier(c.period) * per_dollar;
                if votes > 0.0 {
                    terms.push((j, -votes * SCALE / VOTE_UNIT));
                }
            }
        }
        terms.sort_by_key(|t| t.0);
        let col = model.lp.col(0.0, n / VOTE_UNIT, scores.races[r].value * VOTE_UNIT);
        terms.push((col, 1.0));
        let row = model.lp.row(terms, f64::NEG_INFINITY, 0.0);
        model.rows.push(RowKind::Ceiling { race: r });
        model.ceilings.push(crate::plan::model::CeilingCol { race: r, col, row, net_votes: n });
    }
}

/// Net votes bought in each race by an LP point of `model` (dollars from
/// its group columns, with tranche factors and period multipliers).
pub fn lp_votes(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    model: &Model,
    x: &[f64],
) -> Vec<f64> {
    let mut votes = vec![0.0; data.races.len()];
    for (c, &v) in model.cols.iter().zip(x) {
        if v <= 0.0 {
            continue;
        }
        let m = sc.periods.get(c.period).map_or(1.0, |p| p.multiplier);
        let dollars = v * SCALE * sc.returns.factors[c.tranche] * m;
        for &(r, per_dollar) in &scores.groups[c.group].reach {
            if sc.periods.get(c.period).is_some_and(|p| data.races[r].date < p.start) {
                continue;
            }
            votes[r] += dollars * per_dollar;
        }
    }
    votes
}

/// Is `votes` at or past the ceiling `n`?
pub fn at_ceiling(votes: f64, n: f64) -> bool {
    votes >= n * (1.0 - AT_CEILING)
}

/// Races with an enforced ceiling and value, not yet in `model`, whose net
/// votes at `x` pass their ceiling.
pub fn passed(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    model: &Model,
    x: &[f64],
    limits: &[Option<f64>],
) -> Vec<usize> {
    let votes = lp_votes(data, sc, scores, model, x);
    let mut inside = vec![false; data.races.len()];
    for c in &model.ceilings {
        inside[c.race] = true;
    }
    (0..data.races.len())
        .filter(|&r| {
            !inside[r]
                && scores.races[r].value > 0.0
                && limits[r].is_some_and(|n| votes[r] > n * (1.0 + AT_CEILING) + 1e-9)
        })
        .collect()
}

/// Solve the scenario's program with its effect ceilings and (with
/// `[[funders]]`, unless `omit.funders`) the funders' payment cuts, adding
/// ceiling rows until no race passes its ceiling. The returned objective
/// is impact (without the spending penalty).
pub fn solve(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    omit: &Omit,
    solver: Solver,
) -> Result<(Model, LpSolution), JointError> {
    solve_from(data, sc, scores, omit, solver, &[], &[], None)
}

/// [`solve`], starting with the ceiling rows of `start` (races with an
/// enforced ceiling; e.g. those a related program needed) and the payment
/// cuts `cuts`. Rows that turn out not to bind leave the optimum
/// unchanged, so this only saves rounds.
///
/// Two lazy loops, one inside the other: each round solves the program
/// with the ceiling rows found so far by the funders' cut loop (starting
/// from every cut found before), then adds the races that pass their
/// ceiling. Ceiling rows and payment cuts both hold for every plan of the
/// full model, so when a round needs neither more cuts nor more ceiling
/// rows its optimum is the full model's.
///
/// With the bounded simplex, no funders and some ceiling in force, each
/// round starts from the basis of the round before (the new ceiling rows'
/// slacks basic), and the first from `warm`'s (a related program of the
/// same data: the plan, for its explanation re-solves), matched part by
/// part ([`carry`]). Any failure of a warm solve falls back to a cold one.
#[allow(clippy::too_many_arguments)]
pub fn solve_from(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    omit: &Omit,
    solver: Solver,
    start: &[usize],
    cuts: &[Cut],
    warm: Option<&Model>,
) -> Result<(Model, LpSolution), JointError> {
    let skeleton = skeleton(data, sc, omit);
    solve_on(&skeleton, data, sc, scores, omit, solver, start, cuts, warm)
}

/// [`solve_from`] on `skeleton`, the [`skeleton`] of `sc` and `omit` built
/// before: programs for many scores share one (`robust`'s draws).
#[allow(clippy::too_many_arguments)]
pub fn solve_on(
    skeleton: &Skeleton,
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    omit: &Omit,
    solver: Solver,
    start: &[usize],
    cuts: &[Cut],
    warm: Option<&Model>,
) -> Result<(Model, LpSolution), JointError> {
    let limits = if omit.ceilings { vec![None; data.races.len()] } else { enforced(data, sc) };
    let mut races: Vec<usize> = start.iter().copied().filter(|&r| limits[r].is_some()).collect();
    races.sort_unstable();
    races.dedup();
    let pay = !omit.funders && !sc.funders.is_empty();
    let mut cuts: Vec<Cut> = if pay { cuts.to_vec() } else { Vec::new() };
    let warm_starts = solver == Solver::Simplex && limits.iter().any(Option::is_some);
    let mut last: Option<Model> = None;
    // The optimum without ceiling rows, where the first round is that
    // program solved to optimality (a sifted round may stop before).
    let mut uncapped = None;
    // One simplex through every round: each round's is built in the last
    // one's buffers, and grows with the payment cuts ([`Resident`]).
    let mut resident = Resident::new();
    let mut sifting: Option<Sifting> = None;
    let elig = if pay && warm_starts { funders::eligibility(data, sc) } else { Vec::new() };
    // Long rounds say how far they are ([`progress::show_here`]).
    let mut status = Status::new(progress::shown_here());
    let mut round = 0;
    // The program of the round before last, written over by the next one.
    let mut spare: Option<Model> = None;
    // Every round's program is the same but for its scores and ceiling rows.
    loop {
        round += 1;
        status.update(|| round_line(round, races.len(), None));
        let mut model = spare.take().unwrap_or_default();
        skeleton.fill_into(&mut model, data, sc, scores, &races);
        let mut exact = true;
        let x = if pay && warm_starts {
            // Each cut round, and each ceiling round, from the basis before.
            funders::add_cuts(&mut model, &cuts);
            let mut basis = last.as_ref().or(warm).and_then(|old| carry(old, &model));
            let mut hint = sifted(last.as_ref().or(warm)).to_vec();
            // The cut rounds only add rows: the simplex grows with them.
            let (x, ()) = funders::solve_joint_with(data, sc, &elig, &mut model, |m| {
                let (sol, b) =
                    solve_in(&mut resident, &m.lp, basis.take().as_ref(), &mut hint, solver, None)?;
                basis = b;
                Ok((sol.x, ()))
            })?;
            model.basis = basis;
            model.sifted = hint;
            x
        } else if pay {
            funders::solve_lp_from(data, sc, &mut model, solver, &cuts)?.x
        } else if let (true, true, Some(blocks)) =
            (warm_starts, model.lp.rows.len() > WARM_ROWS, &model.lp.blocks)
        {
            // Too many rows for the simplex: sifting, with one working set
            // through every round. A round ends at the first step whose
            // optimum passes a ceiling, or that is optimal: the rows it
            // needs and the blocks that could improve it are both added
            // before the next solve.
            let hint = sifted(last.as_ref().or(warm));
            let set = sifting.get_or_insert_with(|| Sifting::start(&model.lp, blocks, hint));
            let mut step = 0;
            loop {
                step += 1;
                status.update(|| round_line(round, races.len(), Some((step, set.blocks().len()))));
                let (sol, optimal) = model.lp.sift_step(set).map_err(JointError::Lp)?;
                if optimal || !passed(data, sc, scores, &model, &sol.x, &limits).is_empty() {
                    exact = optimal;
                    // The whole working set, not only the groups funded:
                    // the explanation's re-solves start from it, and the
                    // groups that entered last for the plan often enter
                    // for them too (national, 8 periods: 17% less CPU).
                    model.sifted = set.blocks();
                    break sol.x;
                }
            }
        } else if warm_starts {
            let from = start_basis(last.as_ref(), warm, &model);
            let mut hint = sifted(last.as_ref().or(warm)).to_vec();
            // Sifting's seed: every column that is not a group's (the
            // races' y_r, which carry the capped races' value, and total
            // spending), and for a cold round after the first the columns
            // the last round's optimum used (a warm round adds its start's).
            let mut seed: Vec<usize> = match (&from, &last) {
                (None, Some(old)) => carry(old, &model).map_or_else(Vec::new, |b| {
                    let n = model.lp.cols.len();
                    b.basic.iter().chain(&b.upper).copied().filter(|&v| v < n).collect()
                }),
                _ => Vec::new(),
            };
            seed.extend(model.cols.len()..model.lp.cols.len());
            let sift = Some(seed.as_slice());
            let (sol, basis) =
                solve_in(&mut resident, &model.lp, from.as_ref(), &mut hint, solver, sift)
                    .map_err(JointError::Lp)?;
            model.basis = basis;
            model.sifted = hint;
            sol.x
        } else {
            model.lp.solve(solver).map_err(JointError::Lp)?.x
        };
        let more = passed(data, sc, scores, &model, &x, &limits);
        if races.is_empty() && exact {
            uncapped = Some(model.impact(&x));
        }
        if more.is_empty() {
            let objective = model.impact(&x);
            model.uncapped = uncapped;
            return Ok((model, LpSolution { x, objective }));
        }
        cuts.clone_from(&model.cuts);
        races.extend(more);
        races.sort_unstable();
        spare = last.replace(model);
    }
}

/// The status line of effect-ceiling round `round` with `races` ceiling
/// rows, and with sifting its step and the groups in its working set.
fn round_line(round: usize, races: usize, sifting: Option<(usize, usize)>) -> String {
    let mut line =
        format!("planning: effect-ceiling round {round}, {races} races held to their ceiling");
    if let Some((step, groups)) = sifting {
        line += &format!(", sifting step {step} over {groups} groups");
    }
    line
}

/// The basis a round of [`solve_from`] starts from: the last round's (the
/// first round: `warm`'s) carried to `model`, or none (a cold start) when
/// the round more than doubled the program's rows and a cold start fits
/// the dense simplex ([`DENSE_ROWS`]). Without the funders' cuts only: with
/// them, the joint plan's basis is where its explanation re-solves start,
/// and on the donor table those went 3–4 times slower from the basis a
/// cold round ends at. After the first ceiling round adds
/// hundreds of rows, most of them binding, the last optimum is far from
/// the new one: at national scale (54 rows to 301) a cold start takes
/// 60–80 ms where going on from the old basis takes 150–170 ms. Smaller
/// additions go on warm, which is faster there (102 rows onto 301: 65 ms
/// warm, 140 ms cold).
fn start_basis(last: Option<&Model>, warm: Option<&Model>, model: &Model) -> Option<Basis> {
    let rows = model.lp.rows.len();
    if last.is_some_and(|old| rows > 2 * old.lp.rows.len()) && rows <= DENSE_ROWS {
        return None;
    }
    last.or(warm).and_then(|old| carry(old, model))
}

/// The groups sifting ended with on a related program ([`Model::sifted`];
/// none for `None`).
fn sifted(model: Option<&Model>) -> &[usize] {
    model.map_or(&[], |m| &m.sifted)
}

/// Solve `lp` with the bounded simplex from `start` (or cold, keeping the
/// basis, when it has at most [`DENSE_ROWS`] rows), as far as
/// [`WARM_ROWS`]; on any failure, or beyond, cold as [`Lp::solve_hinted`]
/// chooses (no basis then), sifting from the blocks `hint` too. A program
/// past [`DENSE_ROWS`] leaves in `hint` the blocks its optimum funded (the
/// next program's hint, [`Model::sifted`]).
///
/// [`Lp::solve_hinted`]: crate::plan::lp::Lp::solve_hinted
///
/// `resident` keeps the simplex for the next solve of the same program
/// with rows added ([`Resident`]). With `sift` (a seed) the bounded
/// simplex prices a working set of columns first ([`Resident::solve_cold`],
/// [`Resident::solve_warm`]).
fn solve_in(
    resident: &mut Resident,
    lp: &crate::plan::lp::Lp,
    start: Option<&Basis>,
    hint: &mut Vec<usize>,
    solver: Solver,
    sift: Option<&[usize]>,
) -> Result<(LpSolution, Option<Basis>), crate::plan::lp::LpError> {
    let rows = lp.rows.len();
    let attempt = match start {
        Some(basis) if rows <= WARM_ROWS => resident.solve_warm(lp, basis, sift),
        _ if rows <= DENSE_ROWS => resident.solve_cold(lp, sift),
        _ => Err(crate::plan::lp::LpError::Solver("no basis to start from".into())),
    };
    let solved = match attempt {
        Ok((sol, basis)) => (sol, Some(basis)),
        Err(_) => (lp.solve_hinted(solver, hint)?, None),
    };
    if rows > DENSE_ROWS {
        *hint = lp.blocks_used(&solved.0.x);
    }
    Ok(solved)
}

/// A column of the allocation program, by what it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ColKey {
    /// Group, tranche, period, within the c3 room.
    Group(usize, usize, usize, bool),
    /// A race's y_r.
    Race(usize),
    /// Total spending ([`Model::total`]).
    Total,
}

/// Column keys of a model (`None`: a column of another kind).
fn col_keys(model: &Model) -> Vec<Option<ColKey>> {
    let mut keys: Vec<Option<ColKey>> = model
        .cols
        .iter()
        .map(|c| Some(ColKey::Group(c.group, c.tranche, c.period, c.c3)))
        .collect();
    keys.resize(model.lp.cols.len(), None);
    for c in &model.ceilings {
        keys[c.col] = Some(ColKey::Race(c.race));
    }
    if let Some(s) = model.total {
        keys[s] = Some(ColKey::Total);
    }
    keys
}

/// Row keys: the row's kind and how many rows of the same kind come before.
fn row_keys(model: &Model) -> Vec<(&RowKind, usize)> {
    let mut seen: FxHashMap<&RowKind, usize> = map_with_capacity(model.rows.len());
    model
        .rows
        .iter()
        .map(|k| {
            let n = seen.entry(k).or_insert(0);
            *n += 1;
            (k, *n - 1)
        })
        .collect()
}

/// Where each of `old`'s keys sits among `new`'s (keys are unique in
/// each). Most keep their place (a program rebuilt from the same data
/// lists its group columns in the same order), so a key is looked up in a
/// map only where it moved.
fn match_keys<K: std::hash::Hash + Eq + Copy>(
    old: &[Option<K>],
    new: &[Option<K>],
) -> Vec<Option<usize>> {
    let mut index: Option<FxHashMap<K, usize>> = None;
    old.iter()
        .enumerate()
        .map(|(j, k)| {
            let k = (*k)?;
            if new.get(j) == Some(&Some(k)) {
                return Some(j);
            }
            index
                .get_or_insert_with(|| {
                    let mut m = map_with_capacity(new.len());
                    for (i, key) in new.iter().enumerate() {
                        if let Some(key) = key {
                            m.insert(*key, i);
                        }
                    }
                    m
                })
                .get(&k)
                .copied()
        })
        .collect()
}

/// A column key's place in the order a model lists its columns: group
/// columns by group, tranche, the c3 part first, period; then the races'.
fn col_rank(key: ColKey) -> (usize, usize, usize, bool, usize) {
    match key {
        ColKey::Group(g, k, t, c3) => (0, g, k, !c3, t),
        ColKey::Race(r) => (1, r, 0, false, 0),
        ColKey::Total => (2, 0, 0, false, 0),
    }
}

/// [`match_keys`] for column keys when both models list their keys in
/// [`col_rank`] order (they do when built by
/// [`crate::plan::model::Skeleton::fill`] with sorted ceiling races): one
/// merge, no map. `None` when either is out of order.
fn match_sorted(old: &[Option<ColKey>], new: &[Option<ColKey>]) -> Option<Vec<Option<usize>>> {
    let sorted = |keys: &[Option<ColKey>]| {
        let mut last = None;
        keys.iter().flatten().all(|&k| {
            let rank = Some(col_rank(k));
            let up = last < rank;
            last = rank;
            up
        })
    };
    if !sorted(old) || !sorted(new) {
        return None;
    }
    let mut map = vec![None; old.len()];
    let mut at = 0;
    for (j, k) in old.iter().enumerate() {
        let Some(rank) = k.map(col_rank) else { continue };
        while at < new.len() && new[at].is_none_or(|k| col_rank(k) < rank) {
            at += 1;
        }
        if new.get(at).copied().flatten().is_some_and(|k| col_rank(k) == rank) {
            map[j] = Some(at);
        }
    }
    Some(map)
}

/// `old`'s basis carried to `new`, a program of the same data whose rows,
/// columns, bounds and objective may differ: columns and rows are matched
/// by what they stand for ([`Basis::carry`]).
fn carry(old: &Model, new: &Model) -> Option<Basis> {
    let basis = old.basis.as_ref()?;
    if old.rows.len() != old.lp.rows.len() || new.rows.len() != new.lp.rows.len() {
        return None;
    }
    let (col_map, row_map) = aligned_maps(old, new).unwrap_or_else(|| keyed_maps(old, new));
    Some(basis.carry(old.lp.cols.len(), &col_map, &row_map, new.lp.cols.len(), new.lp.rows.len()))
}

/// Where each column and each row of one program is in another (`None`:
/// not there): the column map, then the row map.
type Maps = (Vec<Option<usize>>, Vec<Option<usize>>);

/// Where each column and row of `old` is in `new` (`None`: not there),
/// matched by what they stand for ([`col_keys`], [`row_keys`]).
fn keyed_maps(old: &Model, new: &Model) -> Maps {
    let (old_cols, new_cols) = (col_keys(old), col_keys(new));
    let col_map =
        match_sorted(&old_cols, &new_cols).unwrap_or_else(|| match_keys(&old_cols, &new_cols));
    let old_rows: Vec<_> = row_keys(old).into_iter().map(Some).collect();
    let new_rows: Vec<_> = row_keys(new).into_iter().map(Some).collect();
    let row_map = match_keys(&old_rows, &new_rows);
    (col_map, row_map)
}

/// [`keyed_maps`] without hashing, for the common case of
/// the ceiling rounds: the same group columns in the same order, and the
/// same rows but for the ceiling rows. Group columns and other rows then
/// map to themselves in order; y_r columns and ceiling rows by race — the
/// maps the keyed matching gives, found in linear time. `None` when the
/// models are not aligned so (the caller matches by key).
fn aligned_maps(old: &Model, new: &Model) -> Option<Maps> {
    let same_col = |a: &crate::plan::model::ColInfo, b: &crate::plan::model::ColInfo| {
        (a.group, a.tranche, a.period, a.c3) == (b.group, b.tranche, b.period, b.c3)
    };
    if old.cols.len() != new.cols.len()
        || !old.cols.iter().zip(&new.cols).all(|(a, b)| same_col(a, b))
    {
        return None;
    }
    let is_ceiling = |k: &&RowKind| matches!(k, RowKind::Ceiling { .. });
    if !old.rows.iter().filter(|k| !is_ceiling(k)).eq(new.rows.iter().filter(|k| !is_ceiling(k))) {
        return None;
    }
    // y_r column and ceiling row of each race in `new`.
    let races = new.ceilings.iter().chain(&old.ceilings).map(|c| c.race + 1).max().unwrap_or(0);
    let mut col_of = vec![None; races];
    let mut row_of = vec![None; races];
    for c in &new.ceilings {
        if col_of[c.race].is_some()
            || new.rows.get(c.row) != Some(&RowKind::Ceiling { race: c.race })
        {
            return None;
        }
        col_of[c.race] = Some(c.col);
        row_of[c.race] = Some(c.row);
    }
    let mut seen = vec![false; races];
    for c in &old.ceilings {
        if std::mem::replace(&mut seen[c.race], true) {
            return None;
        }
    }
    // Columns that are neither a group's, a y_r nor total spending have no key in `carry`.
    let mut col_map: Vec<Option<usize>> = (0..old.cols.len()).map(Some).collect();
    col_map.resize(old.lp.cols.len(), None);
    for c in &old.ceilings {
        col_map[c.col] = col_of[c.race];
    }
    if let Some(s) = old.total {
        col_map[s] = new.total;
    }
    let others: Vec<usize> = (0..new.rows.len()).filter(|&i| !is_ceiling(&&new.rows[i])).collect();
    let mut next = others.iter();
    let row_map = old
        .rows
        .iter()
        .map(|k| match k {
            RowKind::Ceiling { race } => row_of.get(*race).copied().flatten(),
            _ => next.next().copied(),
        })
        .collect();
    Some((col_map, row_map))
}

/// Net votes bought in each race by grants `amounts` (dollars per group and
/// period), and each group's contribution: (race, group, votes).
pub fn race_votes(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    amounts: &[Vec<f64>],
) -> (Vec<f64>, Vec<(usize, usize, f64)>) {
    let mut votes = vec![0.0; data.races.len()];
    let mut parts = Vec::new();
    for (g, by_period) in amounts.iter().enumerate() {
        if by_period.iter().all(|&a| a <= 0.0) {
            continue;
        }
        let eff = effective_dollars(data, sc, scores, g, by_period);
        for &(r, per_dollar) in &scores.groups[g].reach {
            let v = dollars_reaching(sc, &data.races[r], &eff) * per_dollar;
            votes[r] += v;
            parts.push((r, g, v));
        }
    }
    (votes, parts)
}

/// Win-equivalents of each group's grants (dollars per group and period),
/// with the effect ceilings applied: where a race's net votes pass N_r, the
/// votes past it are worth nothing, taken from each group in proportion to
/// the votes it bought there. Without a race past its ceiling this is
/// exactly [`crate::plan::model::group_impact`].
pub fn impacts(data: &Dataset, sc: &Scenario, scores: &Scores, amounts: &[Vec<f64>]) -> Vec<f64> {
    let values: Vec<f64> = scores.races.iter().map(|r| r.value).collect();
    impacts_with(data, sc, scores, &values, amounts)
}

/// [`impacts`] with the value of a net vote in each race given apart
/// (`scores.races` may be empty).
pub fn impacts_with(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    values: &[f64],
    amounts: &[Vec<f64>],
) -> Vec<f64> {
    let mut out: Vec<f64> = (0..data.groups.len())
        .map(|g| crate::plan::model::group_impact(data, sc, scores, g, &amounts[g]))
        .collect();
    let limits = enforced(data, sc);
    if limits.iter().all(Option::is_none) {
        return out;
    }
    let (votes, parts) = race_votes(data, sc, scores, amounts);
    for (r, g, v) in parts {
        if let Some(n) = limits[r] {
            if votes[r] > n {
                out[g] -= values[r] * v * (1.0 - n / votes[r]);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::lp::Lp;
    use crate::plan::model::{CeilingCol, ColInfo};

    #[test]
    fn round_lines_say_the_round_the_races_and_the_sifting_step() {
        assert_eq!(
            round_line(4, 517, None),
            "planning: effect-ceiling round 4, 517 races held to their ceiling"
        );
        assert_eq!(
            round_line(2, 301, Some((3, 640))),
            "planning: effect-ceiling round 2, 301 races held to their ceiling, sifting step 3 over 640 groups"
        );
    }

    /// A program shaped like a ceiling round's: two tranche columns per
    /// group, four limit rows, then a y_r column and a row per race.
    fn model(groups: usize, rows: &[RowKind], races: &[usize]) -> Model {
        let mut lp = Lp::default();
        let mut cols = Vec::new();
        for g in 0..groups {
            for tranche in 0..2 {
                lp.col(0.0, 1.0, 1.0);
                cols.push(ColInfo { group: g, tranche, period: 0, value: 1.0, c3: false });
            }
        }
        for _ in rows {
            lp.row(vec![(0, 1.0)], f64::NEG_INFINITY, 1.0);
        }
        let mut model = Model {
            lp,
            cols,
            rows: rows.to_vec(),
            caps: Vec::new(),
            periods: 1,
            ceilings: Vec::new(),
            penalty: 0.0,
            cuts: Vec::new(),
            total: None,
            basis: None,
            sifted: Vec::new(),
            uncapped: None,
        };
        for &race in races {
            let col = model.lp.col(0.0, 1.0, 1.0);
            let row = model.lp.row(vec![(0, -1.0), (col, 1.0)], f64::NEG_INFINITY, 0.0);
            model.rows.push(RowKind::Ceiling { race });
            model.ceilings.push(CeilingCol { race, col, row, net_votes: 1.0 });
        }
        model
    }

    #[test]
    fn aligned_maps_are_the_keyed_maps() {
        let limits = [
            RowKind::Budget { period: 0 },
            RowKind::StateMax { state: 0 },
            RowKind::StateMax { state: 1 },
            RowKind::Floor { tag: "youth".into() },
        ];
        let old = model(5, &limits, &[3, 7]);
        for races in [&[1, 3, 7, 9][..], &[3][..], &[7, 12][..], &[][..], &[3, 7][..]] {
            let new = model(5, &limits, races);
            assert_eq!(aligned_maps(&old, &new), Some(keyed_maps(&old, &new)), "{races:?}");
            assert_eq!(aligned_maps(&new, &old), Some(keyed_maps(&new, &old)), "{races:?}");
        }
        // Other columns or other limit rows: matched by key instead.
        assert_eq!(aligned_maps(&old, &model(4, &limits, &[3, 7])), None);
        assert_eq!(aligned_maps(&old, &model(5, &limits[1..], &[3, 7])), None);
        let other = [&limits[..3], &[RowKind::Floor { tag: "rural".into() }]].concat();
        assert_eq!(aligned_maps(&old, &model(5, &other, &[3, 7])), None);
    }
}
