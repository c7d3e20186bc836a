//! Cross-file checks: every reference resolves (a race's state and chamber,
//! a group's state and races, the scenario's groups, states and tags), and
//! numbers that only make sense together add up. Resolved references are
//! stored as indices on the records.

use std::collections::HashMap;

use crate::input::data::{closest, Dataset};
use crate::input::diag::{Diagnostics, Pos};
use crate::input::scenario::Scenario;

/// Resolve and check every cross-reference. Problems go to `diags`.
pub fn link(data: &mut Dataset, sc: &Scenario, diags: &mut Diagnostics) {
    link_races(data, diags);
    check_chambers(data, diags);
    link_groups(data, diags);
    check_scenario_refs(data, sc, diags);
    crate::input::scenario::check_funders(data, sc, diags);
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
    let d = diags.error(file, pos, format!("unknown {what} `{name}`"));
    match closest(name, known.keys().map(String::as_str)) {
        Some(best) => d.hint(format!(
            "did you mean `{best}`? ({what}s are defined in {})",
            defined_in.display()
        )),
        None => d.hint(format!("add `{name}` to {} or fix the id", defined_in.display())),
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
            } else if race.state != group.state {
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

fn check_scenario_refs(data: &Dataset, sc: &Scenario, diags: &mut Diagnostics) {
    let file = &sc.path;
    let groups_file = &data.paths.groups;
    for ex in &sc.exclude {
        if !data.group_index.contains_key(&ex.name) {
            unknown(diags, file, ex.pos, "group", &ex.name, &data.group_index, groups_file);
        }
    }
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
                    "lock of ${:.0} for `{}` is above its room: ${:.0} of room minus ${:.0} from other funders leaves ${:.0}",
                    lock.amount, group.id, group.room, group.peer_committed, group.room_left()
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
    let tags = data.tags();
    for floor in &sc.floors {
        if !tags.contains(&floor.tag.name) {
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
