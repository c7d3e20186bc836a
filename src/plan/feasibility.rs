//! Why a scenario cannot be planned, in words a program officer can act on
//! (MODEL.md §4). Cheap exact checks come first: each compares what a limit
//! needs with what the groups it covers can absorb.

use std::fmt;

use crate::base::numbers::money;
use crate::input::data::Dataset;
use crate::input::diag::Pos;
use crate::input::scenario::Scenario;
use crate::plan::model::{group_cap, state_max, state_min, GroupCap, Omit};

/// One reason a plan is impossible, and how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// Where the limit is written (scenario line), if known.
    pub pos: Option<Pos>,
    /// What conflicts, with the numbers.
    pub message: String,
    /// The smallest change that removes this conflict.
    pub fix: String,
}

/// A scenario whose limits cannot all be met.
#[derive(Debug, Clone)]
pub struct Infeasible {
    /// The scenario file.
    pub file: std::path::PathBuf,
    /// Every conflict found.
    pub conflicts: Vec<Conflict>,
    /// True when fixing any one conflict is enough (the elastic answer);
    /// false when each must be fixed (the cheap checks).
    pub any_one: bool,
}

impl fmt::Display for Infeasible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "no plan can meet every limit of {}:", self.file.display())?;
        if self.any_one && self.conflicts.len() > 1 {
            writeln!(f, "the limits below conflict; changing any one of them as shown makes a plan possible")?;
        }
        for c in &self.conflicts {
            match c.pos {
                Some(p) if p.line > 0 => write!(f, "{}:{}: ", self.file.display(), p.line)?,
                _ => write!(f, "- ")?,
            }
            writeln!(f, "{}", c.message)?;
            writeln!(f, "  fix: {}", c.fix)?;
        }
        Ok(())
    }
}

impl std::error::Error for Infeasible {}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        one.to_owned()
    } else {
        format!("{n} {many}")
    }
}

/// Round a share down to two decimals, so the suggestion is feasible.
fn share_floor(x: f64) -> f64 {
    (x * 100.0 + 1e-9).floor() / 100.0
}

/// The cheap exact checks. An empty list does not prove feasibility; a
/// non-empty one proves infeasibility.
pub fn cheap_checks(data: &Dataset, sc: &Scenario) -> Vec<Conflict> {
    let omit = Omit::default();
    let caps: Vec<GroupCap> =
        (0..data.groups.len()).map(|g| group_cap(data, sc, g, &omit)).collect();
    let budget = sc.budget;
    let mut out = Vec::new();
    let state_cap = |s: usize| state_max(sc, &data.states[s].code).unwrap_or(f64::INFINITY);
    // What a set of groups can take, state caps included.
    let capacity = |member: &dyn Fn(usize) -> bool| -> f64 {
        let mut by_state = vec![0.0; data.states.len()];
        for (g, group) in data.groups.iter().enumerate() {
            if member(g) && group.state_idx < by_state.len() {
                by_state[group.state_idx] += caps[g].cap;
            }
        }
        by_state.iter().enumerate().map(|(s, &c)| c.min(state_cap(s))).sum()
    };
    let locked_in = |member: &dyn Fn(usize) -> bool| -> f64 {
        (0..data.groups.len()).filter(|&g| member(g)).filter_map(|g| caps[g].lock).sum()
    };

    for floor in &sc.floors {
        let tag = floor.tag.name.as_str();
        let need = floor.share * budget;
        if need <= 0.0 {
            continue;
        }
        let tagged = |g: usize| data.groups[g].has_tag(tag);
        let n = (0..data.groups.len()).filter(|&g| tagged(g) && caps[g].cap > 0.0).count();
        let can = capacity(&tagged);
        if can + 0.5 < need {
            let who = plural(n, &format!("the only {tag} group"), &format!("{tag} groups"));
            out.push(Conflict {
                pos: Some(floor.tag.pos),
                message: format!(
                    "the {tag} floor needs {} ({:.0}% of the {} budget), but {who} can take only {} after other funders' money and caps",
                    money(need), floor.share * 100.0, money(budget), money(can)
                ),
                fix: format!(
                    "lower the floor to {}, or add {tag} groups with {} more room",
                    share_floor(can / budget),
                    money(need - can)
                ),
            });
            continue;
        }
        let locked_elsewhere = locked_in(&|g| !tagged(g));
        if need + locked_elsewhere > budget + 0.5 {
            out.push(Conflict {
                pos: Some(floor.tag.pos),
                message: format!(
                    "the {tag} floor needs {}, but locked grants to groups without the tag already take {} of the {} budget",
                    money(need), money(locked_elsewhere), money(budget)
                ),
                fix: format!("lower the floor to {}, or unlock some of those grants", share_floor((budget - locked_elsewhere).max(0.0) / budget)),
            });
        }
    }

    let mut min_total = 0.0;
    for st in &sc.states {
        let Some(&s) = data.state_index.get(&st.state.name) else { continue };
        let code = &data.states[s].code;
        let in_state = |g: usize| data.groups[g].state_idx == s;
        let room: f64 = (0..data.groups.len()).filter(|&g| in_state(g)).map(|g| caps[g].cap).sum();
        let cap = state_cap(s);
        if let Some(min) = state_min(sc, code) {
            min_total += min;
            if min > cap + 0.5 {
                out.push(Conflict {
                    pos: Some(st.state.pos),
                    message: format!(
                        "{code} must get at least {}, but its cap is {}",
                        money(min),
                        money(cap)
                    ),
                    fix: format!("lower [states.{code}] min to {} or raise the cap", money(cap)),
                });
            } else if min > room + 0.5 {
                out.push(Conflict {
                    pos: Some(st.state.pos),
                    message: format!(
                        "{code} must get at least {}, but its groups can take only {}",
                        money(min),
                        money(room)
                    ),
                    fix: format!(
                        "lower [states.{code}] min to {}, or add {code} groups with {} more room",
                        money(room),
                        money(min - room)
                    ),
                });
            }
        }
    }
    if min_total > budget + 0.5 {
        out.push(Conflict {
            pos: sc.states.first().map(|s| s.state.pos),
            message: format!(
                "state minimums add up to {}, more than the {} budget",
                money(min_total),
                money(budget)
            ),
            fix: format!(
                "lower the [states] minimums by {} or raise the budget",
                money(min_total - budget)
            ),
        });
    }
    for (s, state) in data.states.iter().enumerate() {
        let locked = locked_in(&|g| data.groups[g].state_idx == s);
        let cap = state_cap(s);
        if locked > cap + 0.5 {
            out.push(Conflict {
                pos: sc
                    .locks
                    .iter()
                    .find(|l| {
                        data.group(&l.group.name).is_some_and(|g| data.groups[g].state_idx == s)
                    })
                    .map(|l| l.group.pos),
                message: format!(
                    "locked grants in {} add up to {}, above the state's cap of {}",
                    state.code,
                    money(locked),
                    money(cap)
                ),
                fix: format!(
                    "lower those locks by {} or raise the cap of {}",
                    money(locked - cap),
                    state.code
                ),
            });
        }
    }
    if sc.spend_all {
        let can = capacity(&|_| true);
        if can + 0.5 < budget {
            out.push(Conflict {
                pos: sc.pos_of("spend_all"),
                message: format!("spend_all requires spending all {}, but the groups can take only {} within their room and caps", money(budget), money(can)),
                fix: format!("set spend_all = false, lower the budget to {}, or add groups with {} more room", money(can), money(budget - can)),
            });
        }
    }
    out
}

/// When every cheap check passes but the program is still infeasible: solve
/// an elastic version — each soft limit (floors, state minimums and caps,
/// locks, spend_all) may be missed by a slack, and the total slack in
/// dollars is minimized — and name the smallest relaxation that makes a plan
/// possible. Then, for each limit involved, the relaxation of that limit
/// alone that would do, so the reader can choose. Budget, releases, room
/// and group caps stay hard. Returns the conflicts and whether any one of
/// them is a way out (rather than all of them together).
pub fn elastic(
    data: &Dataset,
    sc: &Scenario,
    scores: &crate::score::Scores,
) -> (Vec<Conflict>, bool) {
    use crate::plan::model::{build, SCALE};
    let model = build(data, sc, scores, &Omit::default());
    let soft: Vec<(usize, f64)> = soft_sides(&model);
    let Some(slack) = elastic_solve(&model, &soft, sc) else {
        let c = Conflict {
            pos: sc.pos_of("budget"),
            message: "even with every floor, minimum, cap and lock relaxed, no plan fits within the budget and the groups' room".to_owned(),
            fix: "check the budget, the period releases and the groups' room".to_owned(),
        };
        return (vec![c], false);
    };
    // Each soft limit alone: if relaxing it by itself makes a plan possible,
    // that is a way out the reader can choose.
    let involved: Vec<usize> = (0..soft.len()).filter(|&k| slack[k] * SCALE >= 0.5).collect();
    let tight: Vec<usize> = (0..soft.len()).collect();
    let mut alone: Vec<Conflict> = Vec::new();
    for &k in &tight {
        if let Some(s) = elastic_solve(&model, &soft[k..=k], sc) {
            alone.push(conflict(data, sc, &model, soft[k], s[0] * SCALE));
        }
    }
    alone.sort_by(|a, b| a.message.cmp(&b.message));
    alone.dedup();
    if !alone.is_empty() {
        return (alone, true);
    }
    let all =
        involved.iter().map(|&k| conflict(data, sc, &model, soft[k], slack[k] * SCALE)).collect();
    (all, false)
}

/// Soft rows and sides: (row, +1 = the lower side may be missed, −1 = the upper side).
fn soft_sides(model: &crate::plan::model::Model) -> Vec<(usize, f64)> {
    use crate::plan::model::RowKind;
    let mut out = Vec::new();
    for (r, kind) in model.rows.iter().enumerate() {
        let row = &model.lp.rows[r];
        match kind {
            // Only spend_all's lower side bends; the budget itself is hard.
            RowKind::Budget { period } if *period + 1 == model.periods && row.lo.is_finite() => {
                out.push((r, 1.0))
            }
            RowKind::StateMax { .. }
            | RowKind::StateMin { .. }
            | RowKind::Floor { .. }
            | RowKind::Lock { .. } => {
                if row.lo.is_finite() {
                    out.push((r, 1.0));
                }
                if row.hi.is_finite() {
                    out.push((r, -1.0));
                }
            }
            _ => {}
        }
    }
    out
}

/// Minimize the total slack on `sides`; the slack of each (LP units), or
/// None when even that is infeasible.
fn elastic_solve(
    model: &crate::plan::model::Model,
    sides: &[(usize, f64)],
    sc: &Scenario,
) -> Option<Vec<f64>> {
    let mut lp = model.lp.clone();
    for c in &mut lp.cols {
        c.obj = 0.0;
    }
    let big = 10.0 * (sc.budget / crate::plan::model::SCALE).max(1.0);
    let first = lp.cols.len();
    for &(r, side) in sides {
        let j = lp.col(0.0, big, -1.0);
        lp.rows[r].terms.push((j, side));
    }
    let sol = lp.solve(crate::plan::lp::Solver::Simplex).ok()?;
    Some(sol.x[first..].to_vec())
}

fn conflict(
    data: &Dataset,
    sc: &Scenario,
    model: &crate::plan::model::Model,
    (r, side): (usize, f64),
    dollars: f64,
) -> Conflict {
    let scale = crate::plan::model::SCALE;
    let row = &model.lp.rows[r];
    let (limit, pos) = describe(data, sc, &model.rows[r]);
    if side > 0.0 {
        let need = row.lo * scale;
        Conflict {
            pos,
            message: format!(
                "{limit} needs {}, but with the other limits at most {} can go there",
                money(need),
                money(need - dollars)
            ),
            fix: format!("lower it by {} to {}", money(dollars), money(need - dollars)),
        }
    } else {
        let cap = row.hi * scale;
        Conflict {
            pos,
            message: format!(
                "{limit} allows {}, but the other limits need {} there",
                money(cap),
                money(cap + dollars)
            ),
            fix: format!("raise it by {} to {}", money(dollars), money(cap + dollars)),
        }
    }
}

/// A limit in plain words, and where it is written.
fn describe(
    data: &Dataset,
    sc: &Scenario,
    kind: &crate::plan::model::RowKind,
) -> (String, Option<Pos>) {
    use crate::plan::model::RowKind;
    let state_pos = |s: usize| {
        sc.states.iter().find(|l| l.state.name == data.states[s].code).map(|l| l.state.pos)
    };
    match kind {
        RowKind::Floor { tag } => (
            format!("the {tag} floor"),
            sc.floors.iter().find(|f| &f.tag.name == tag).map(|f| f.tag.pos),
        ),
        RowKind::StateMin { state } => {
            (format!("the {} minimum", data.states[*state].code), state_pos(*state))
        }
        RowKind::StateMax { state } => {
            (format!("the {} cap", data.states[*state].code), state_pos(*state))
        }
        RowKind::Lock { group } => {
            let id = &data.groups[*group].id;
            (
                format!("the lock on {id}"),
                sc.locks.iter().find(|l| &l.group.name == id).map(|l| l.group.pos),
            )
        }
        RowKind::Budget { .. } => {
            ("spend_all (spend the whole budget)".to_owned(), sc.pos_of("spend_all"))
        }
        _ => ("a limit".to_owned(), None),
    }
}
