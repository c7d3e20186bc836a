//! Cross-file checks: every reference resolves (a race's state and chamber,
//! a group's state and races, the scenario's groups, states and tags), and
//! numbers that only make sense together add up. Resolved references are
//! stored as indices on the records.

use std::collections::HashMap;

use crate::base::numbers::money;
use crate::input::data::{closest, Dataset};
use crate::input::diag::{Diagnostics, Pos};
use crate::input::limits::echo;
use crate::input::scenario::Scenario;

/// Resolve and check every cross-reference. Problems go to `diags`.
pub fn link(data: &mut Dataset, sc: &Scenario, diags: &mut Diagnostics) {
    link_races(data, diags);
    check_chambers(data, diags);
    link_groups(data, diags);
    check_scenario_refs(data, sc, diags);
    check_ceilings(data, sc, diags);
    crate::input::scenario::check_funders(data, sc, diags);
}

/// `12,345`: a whole count with thousands separators.
fn count(x: f64) -> String {
    money(x).replacen('$', "", 1)
}

/// How far past a race's effect ceiling one group alone may reach before
/// `validate` warns.
pub const CEILING_WARN: f64 = 3.0;

/// Warn where one group alone, with all its room after other funders
/// (tranche factors applied), would buy more than [`CEILING_WARN`] times a
/// race's effect ceiling: the data probably gives it too large a share of a
/// small district (MODEL.md §3, Effect ceiling).
fn check_ceilings(data: &Dataset, sc: &Scenario, diags: &mut Diagnostics) {
    let file = data.paths.groups.clone();
    // Each state's statewide races, in data order (found once: scanning
    // every race for every group cost a third of a national `score`).
    let mut by_state: Vec<Vec<usize>> = vec![Vec::new(); data.states.len()];
    for (i, r) in data.races.iter().enumerate() {
        if r.district.is_none() {
            if let Some(list) = by_state.get_mut(r.state_idx) {
                list.push(i);
            }
        }
    }
    // Each race's ceiling in votes, found once: the groups' races are
    // scattered over the data, and a short list stays in cache.
    let ceilings: Vec<Option<f64>> = data
        .races
        .iter()
        .map(|race| sc.max_shift(race.office, race.max_shift).map(|p| p * race.turnout / 100.0))
        .collect();
    for group in &data.groups {
        if group.state_idx == usize::MAX {
            continue;
        }
        let mut dollars = 0.0;
        let mut a = 0.0;
        for (t, f) in sc.returns.tranches.iter().zip(&sc.returns.factors) {
            let b = a + t * group.room;
            dollars += f * (b.min(group.room) - a.max(group.peer_committed)).max(0.0);
            a = b;
        }
        let statewide = by_state.get(group.state_idx).into_iter().flatten().map(|&i| (i, 1.0));
        let listed =
            group.races.iter().filter(|l| l.race_idx != usize::MAX).map(|l| (l.race_idx, l.share));
        for (r, share) in statewide.chain(listed) {
            let Some(ceiling) = ceilings[r] else { continue };
            let votes = dollars * share / group.dollars_per_net_vote;
            if votes > CEILING_WARN * ceiling {
                let race = &data.races[r];
                let points = sc.max_shift(race.office, race.max_shift).unwrap_or_default();
                diags
                    .warning(&file, Pos::new(group.line, 0), format!(
                        "group `{}` alone, with all its room ({} after other funders), would buy about {} net votes in `{}`, {:.1} times its effect ceiling of {} ({} points of {} votes)",
                        group.id, money(group.room_left()), count(votes), race.id, votes / ceiling, count(ceiling), points, count(race.turnout)
                    ))
                    .hint(format!("the data probably gives it too large a share of a small district: check `{}:share` in its races, its dollars_per_net_vote and its room (or the race's max_shift)", race.id));
            }
        }
    }
}

fn unknown(
    diags: &mut Diagnostics,
    file: &std::path::Path,
    pos: Pos,
    what: &str,
    name: &str,
    known: &HashMap<String, usize>,
    defined_in: &std::path::Path,
) {
    let d = diags.error(file, pos, format!("unknown {what} `{}`", echo(name)));
    match closest(name, known.keys().map(String::as_str)) {
        Some(best) => d.hint(format!(
            "did you mean `{best}`? ({what}s are defined in {})",
            defined_in.display()
        )),
        None => d.hint(format!("add `{}` to {} or fix the id", echo(name), defined_in.display())),
    };
}

fn link_races(data: &mut Dataset, diags: &mut Diagnostics) {
    let file = data.paths.races.clone();
    for race in &mut data.races {
        match data.state_index.get(&race.state) {
            Some(&i) => race.state_idx = i,
            None => unknown(
                diags,
                &file,
                Pos::new(race.line, 0),
                "state",
                &race.state,
                &data.state_index,
                &data.paths.states,
            ),
        }
        if let Some(ch) = &race.chamber {
            match data.chamber_index.get(ch) {
                Some(&i) => race.chamber_idx = Some(i),
                None => unknown(
                    diags,
                    &file,
                    Pos::new(race.line, 0),
                    "chamber",
                    ch,
                    &data.chamber_index,
                    &data.paths.chambers,
                ),
            }
        }
    }
}

fn check_chambers(data: &Dataset, diags: &mut Diagnostics) {
    let mut up = vec![0u64; data.chambers.len()];
    for race in &data.races {
        if let Some(c) = race.chamber_idx {
            up[c] += u64::from(race.seats);
        }
    }
    let file = &data.paths.chambers;
    for (c, chamber) in data.chambers.iter().enumerate() {
        let total = up[c] + u64::from(chamber.d_not_up);
        let pos = Pos::new(chamber.line, 0);
        if total > u64::from(chamber.seats) {
            diags
                .error(file, pos, format!(
                    "chamber `{}`: seats do not add up: races carry {} seats and {} D seats are not up, {} in all, but the chamber has {}",
                    chamber.id, up[c], chamber.d_not_up, total, chamber.seats
                ))
                .hint("check `seats` and `d_not_up` here and the `seats` column of its races (a race may be listed twice)");
        } else if up[c] > 0 && total < u64::from(chamber.needed) {
            diags
                .warning(file, pos, format!(
                    "chamber `{}`: D cannot reach the {} seats needed even by winning every race ({} at most)",
                    chamber.id, chamber.needed, total
                ))
                .hint("control pivotality is 0 for its races; check `needed` and `d_not_up`");
        }
    }
}

fn link_groups(data: &mut Dataset, diags: &mut Diagnostics) {
    let file = data.paths.groups.clone();
    let mut reach_statewide = vec![false; data.states.len()];
    for race in &data.races {
        if race.district.is_none() && race.state_idx != usize::MAX {
            reach_statewide[race.state_idx] = true;
        }
    }
    for group in &mut data.groups {
        let pos = Pos::new(group.line, 0);
        match data.state_index.get(&group.state) {
            Some(&i) => group.state_idx = i,
            None => unknown(
                diags,
                &file,
                pos,
                "state",
                &group.state,
                &data.state_index,
                &data.paths.states,
            ),
        }
        let mut seen: Vec<&str> = Vec::new();
        for link in &mut group.races {
            let Some(&r) = data.race_index.get(&link.race) else {
                unknown(diags, &file, pos, "race", &link.race, &data.race_index, &data.paths.races);
                continue;
            };
            let race = &data.races[r];
            link.race_idx = r;
            if seen.contains(&link.race.as_str()) {
                diags
                    .error(
                        &file,
                        pos,
                        format!("group `{}` lists race `{}` twice", group.id, link.race),
                    )
                    .hint("list each race once, with the share of contacts who vote in it");
            }
            seen.push(&link.race);
            if race.district.is_none() {
                diags
                    .error(&file, pos, format!("group `{}` lists `{}`, a statewide race", group.id, link.race))
                    .hint("a group reaches every statewide race in its state already; list only district races");
            } else if differ(race.state_idx, group.state_idx, &race.state, &group.state) {
                diags
                    .error(
                        &file,
                        pos,
                        format!(
                            "group `{}` organizes in {} but lists `{}`, a race in {}",
                            group.id, group.state, link.race, race.state
                        ),
                    )
                    .hint("a group's district races must be in its own state");
            }
        }
        if group.state_idx != usize::MAX
            && group.races.is_empty()
            && !reach_statewide[group.state_idx]
        {
            diags
                .warning(
                    &file,
                    pos,
                    format!(
                        "group `{}` reaches no race: {} has no statewide race and it lists none",
                        group.id, group.state
                    ),
                )
                .hint("list the district races it works on in `races`");
        }
    }
}

/// Are two states different? By index when both are known (no text to
/// fetch), else by code.
fn differ(a: usize, b: usize, a_code: &str, b_code: &str) -> bool {
    if a != usize::MAX && b != usize::MAX {
        a != b
    } else {
        a_code != b_code
    }
}

fn check_scenario_refs(data: &Dataset, sc: &Scenario, diags: &mut Diagnostics) {
    let file = &sc.path;
    let groups_file = &data.paths.groups;
    for ex in &sc.exclude {
        if !data.group_index.contains_key(&ex.name) {
            unknown(diags, file, ex.pos, "group", &ex.name, &data.group_index, groups_file);
        }
    }
    for g in &sc.scope_groups {
        if !data.group_index.contains_key(&g.name) {
            unknown(diags, file, g.pos, "group", &g.name, &data.group_index, groups_file);
        }
    }
    for st in &sc.scope_states {
        if !data.state_index.contains_key(&st.name) {
            unknown(diags, file, st.pos, "state", &st.name, &data.state_index, &data.paths.states);
        }
    }
    check_scope(data, sc, diags);
    for lock in &sc.locks {
        let Some(g) = data.group(&lock.group.name) else {
            unknown(
                diags,
                file,
                lock.group.pos,
                "group",
                &lock.group.name,
                &data.group_index,
                groups_file,
            );
            continue;
        };
        let group = &data.groups[g];
        if lock.amount > group.room_left() + 1e-6 {
            diags
                .error(file, lock.group.pos, format!(
                    "lock of {} for `{}` is above its room: {} of room minus {} from other funders leaves {}",
                    money(lock.amount), group.id, money(group.room), money(group.peer_committed), money(group.room_left())
                ))
                .hint(format!("lower the lock to at most {:.0}, or raise the group's room in {}", group.room_left(), groups_file.display()));
        }
    }
    for st in &sc.states {
        if !data.state_index.contains_key(&st.state.name) {
            unknown(
                diags,
                file,
                st.state.pos,
                "state",
                &st.state.name,
                &data.state_index,
                &data.paths.states,
            );
        }
    }
    if let Some(anchor) = &sc.scoring.anchor {
        match data.chamber_index.get(&anchor.chamber.name) {
            None => unknown(
                diags,
                file,
                anchor.chamber.pos,
                "chamber",
                &anchor.chamber.name,
                &data.chamber_index,
                &data.paths.chambers,
            ),
            Some(&c) if !data.races.iter().any(|r| r.chamber_idx == Some(c)) => {
                diags
                    .error(file, anchor.chamber.pos, format!("the anchor's chamber `{}` has no race: no national shift moves its control", anchor.chamber.name))
                    .hint("anchor to a chamber with races on the ballot, e.g. US-HOUSE");
            }
            Some(_) => {}
        }
    }
    for floor in &sc.floors {
        // The groups are searched for the tag; the list of every tag is
        // built only for a tag no group carries.
        if !data.groups.iter().any(|g| g.has_tag(&floor.tag.name)) {
            let tags = data.tags();
            let d = diags.error(
                file,
                floor.tag.pos,
                format!("no group carries the tag `{}` of this floor", floor.tag.name),
            );
            match closest(&floor.tag.name, tags.iter().map(String::as_str)) {
                Some(best) => d.hint(format!("did you mean `{best}`?")),
                None => d.hint(format!("tags in the data: {}", tags.join(", "))),
            };
        }
    }
}

/// Limits that name something the scope leaves out, and a scope that leaves
/// no group: errors at the scenario's line.
fn check_scope(data: &Dataset, sc: &Scenario, diags: &mut Diagnostics) {
    if sc.scope_states.is_empty() && sc.scope_groups.is_empty() {
        return;
    }
    let file = &sc.path;
    let out = |id: &str| data.group(id).is_some_and(|g| !sc.in_scope(id, &data.groups[g].state));
    for lock in &sc.locks {
        if out(&lock.group.name) {
            diags
                .error(
                    file,
                    lock.group.pos,
                    format!(
                        "group `{}` is locked but outside the scenario's scope",
                        lock.group.name
                    ),
                )
                .hint("add it (or its state) to the scope, or remove the [[lock]]");
        }
    }
    for st in &sc.states {
        let known = data.state_index.contains_key(&st.state.name);
        if known
            && !sc.scope_states.is_empty()
            && !sc.scope_states.iter().any(|s| s.name == st.state.name)
        {
            diags
                .error(
                    file,
                    st.state.pos,
                    format!(
                        "[states.{}] sets limits for a state outside the scenario's scope",
                        st.state.name
                    ),
                )
                .hint(format!(
                    "add `{}` to the states to plan for, or remove [states.{}]",
                    st.state.name, st.state.name
                ));
        }
    }
    let scoped_names_known = sc.scope_states.iter().all(|s| data.state_index.contains_key(&s.name))
        && sc.scope_groups.iter().all(|g| data.group_index.contains_key(&g.name));
    if scoped_names_known && !data.groups.iter().any(|g| sc.in_scope(&g.id, &g.state)) {
        let pos =
            sc.scope_states.first().or(sc.scope_groups.first()).map_or(Pos::default(), |n| n.pos);
        diags
            .error(file, pos, "no group is in the scenario's scope: none of the listed groups is in a listed state")
            .hint(format!("check `states` and `groups` against {}", data.paths.groups.display()));
    }
}

/// Keep only the groups in the scenario's scope (`states = [...]`,
/// `groups = [...]`): the others are not part of this plan at all, so no
/// table lists them and no limit is reported for them.
pub fn apply_scope(data: &mut Dataset, sc: &Scenario) {
    if sc.scope_states.is_empty() && sc.scope_groups.is_empty() {
        return;
    }
    data.out_of_scope = data
        .groups
        .iter()
        .filter(|g| !sc.in_scope(&g.id, &g.state))
        .map(|g| g.id.clone())
        .collect();
    data.groups.retain(|g| sc.in_scope(&g.id, &g.state));
    data.group_index = data.groups.iter().enumerate().map(|(i, g)| (g.id.clone(), i)).collect();
}
