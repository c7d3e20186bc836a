//! Loading the four data files into a [`Dataset`], one row at a time, with
//! every cell checked where it is read.

use std::collections::HashMap;
use std::path::Path;

use super::csvread::{Column, Num, Source, TableReader};
use super::{Chamber, DataPaths, Dataset, Group, Office, Race, RaceLink, Rating, State};
use crate::input::date::Date;
use crate::input::diag::{Diagnostics, Pos};
use crate::input::limits::{self, range, MAX_ID_CHARS};

const fn req(name: &'static str) -> Column {
    Column { name, required: true }
}
const fn opt(name: &'static str) -> Column {
    Column { name, required: false }
}

const STATE_COLUMNS: &[Column] =
    &[req("state"), req("name"), opt("electoral_votes"), opt("pres_margin")];
const CHAMBER_COLUMNS: &[Column] = &[
    req("chamber"),
    req("name"),
    req("seats"),
    req("needed"),
    req("d_not_up"),
    opt("control_value"),
];
const RACE_COLUMNS: &[Column] = &[
    req("race"),
    req("state"),
    req("office"),
    opt("district"),
    req("date"),
    opt("margin"),
    opt("margin_sd"),
    opt("rating"),
    req("turnout"),
    opt("stakes"),
    opt("chamber"),
    opt("seats"),
    opt("max_shift"),
    opt("name"),
];
const GROUP_COLUMNS: &[Column] = &[
    req("group"),
    req("name"),
    req("state"),
    opt("constituencies"),
    opt("races"),
    req("dollars_per_net_vote"),
    req("room"),
    opt("peer_committed"),
    opt("annual_budget"),
    opt("power"),
    opt("c3_room"),
];

/// Read the four data files. Every problem goes to `diags`; rows with
/// errors are left out of the dataset.
pub fn load_dataset(paths: &DataPaths, diags: &mut Diagnostics) -> Dataset {
    load_dataset_with(&limits::read_input, paths, diags)
}

/// [`load_dataset`], with each file's bytes from `source`.
pub fn load_dataset_with(
    source: Source<'_>,
    paths: &DataPaths,
    diags: &mut Diagnostics,
) -> Dataset {
    // Messages name a spreadsheet's sheet too (`groups.xlsx:Partners`).
    let shown = DataPaths {
        states: super::display_name(&paths.states, "states"),
        chambers: super::display_name(&paths.chambers, "chambers"),
        races: super::display_name(&paths.races, "races"),
        groups: super::display_name(&paths.groups, "groups"),
    };
    let mut data = Dataset { paths: shown, ..Dataset::default() };
    load_states(source, &paths.states, &data.paths.states.clone(), &mut data, diags);
    load_chambers(source, &paths.chambers, &data.paths.chambers.clone(), &mut data, diags);
    load_races(source, &paths.races, &data.paths.races.clone(), &mut data, diags);
    load_groups(source, &paths.groups, &data.paths.groups.clone(), &mut data, diags);
    data
}

/// The keys of one file: the line of each entry claimed, to report
/// duplicates (the ids themselves are in the table's index, which only
/// [`Keys::claim`] fills).
struct Keys<'f> {
    what: &'static str,
    file: &'f Path,
    /// Line of entry `i` (0 for entries not claimed here).
    lines: Vec<usize>,
}

impl<'f> Keys<'f> {
    fn new(what: &'static str, file: &'f Path) -> Keys<'f> {
        Keys { what, file, lines: Vec::new() }
    }

    /// Record `id` at `pos` as entry `next` of `index`, or report a
    /// duplicate: one hash look-up and one copy of the id per row.
    fn claim(
        &mut self,
        index: &mut HashMap<String, usize>,
        id: &str,
        next: usize,
        pos: Pos,
        diags: &mut Diagnostics,
    ) -> bool {
        let what = self.what;
        if let Some(&entry) = index.get(id) {
            let first = self.lines.get(entry).copied().unwrap_or(0);
            diags
                .error(
                    self.file,
                    pos,
                    format!("duplicate {what} `{id}`: first defined on line {first}"),
                )
                .hint(format!(
                    "each {what} must appear once; remove or rename one of the two rows"
                ));
            return false;
        }
        if self.lines.len() <= next {
            self.lines.resize(next + 1, 0);
        }
        self.lines[next] = pos.line;
        index.insert(id.to_owned(), next);
        true
    }
}

fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= MAX_ID_CHARS
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The largest chamber (or race) the engine accepts: far above any real
/// body (the New Hampshire House has 400 seats, the Electoral College 538),
/// and small enough that a typo cannot exhaust memory.
const MAX_SEATS: f64 = 10_000.0;
const SEATS_HINT: &str = "check for a typo: no chamber has more than a few thousand seats";

const ID_HINT: &str =
    "ids use letters, digits, `-`, `_` and `.` only (no spaces), at most 200 characters";

fn load_states(
    source: Source<'_>,
    path: &Path,
    shown: &Path,
    data: &mut Dataset,
    diags: &mut Diagnostics,
) {
    let mut keys = Keys::new("state", shown);
    TableReader::read_with(source, path, path, "states", STATE_COLUMNS, diags, |row| {
        let code =
            row.parsed("state", "a two-letter state code", "use the postal code, e.g. PA", |s| {
                (s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase())).then(|| s.to_owned())
            });
        let name = row.text("name");
        let ev = row.number("electoral_votes", Num::NonNegativeInt);
        let pres_margin = row.number("pres_margin", Num::Points);
        let (Some(code), Some(name)) = (code, name) else { return };
        if !row.ok() {
            return;
        }
        let pos = row.pos("state");
        let line = row.line;
        if keys.claim(&mut data.state_index, &code, data.states.len(), pos, row.diags()) {
            data.states.push(State {
                code,
                name,
                electoral_votes: ev.map(|v| v as u32),
                pres_margin,
                line,
            });
        }
    });
}

fn load_chambers(
    source: Source<'_>,
    path: &Path,
    shown: &Path,
    data: &mut Dataset,
    diags: &mut Diagnostics,
) {
    let mut keys = Keys::new("chamber", shown);
    TableReader::read_with(source, path, path, "chambers", CHAMBER_COLUMNS, diags, |row| {
        let id = row.parsed("chamber", "a chamber id", ID_HINT, |s| is_id(s).then(|| s.to_owned()));
        let name = row.text("name");
        let seats = row.number("seats", Num::PositiveInt);
        if let Some(n) = seats.filter(|&n| n > MAX_SEATS) {
            row.fail(
                "seats",
                format!("column `seats`: expected at most {MAX_SEATS} seats, found {n}"),
                SEATS_HINT,
            );
        }
        let needed = row.number("needed", Num::PositiveInt);
        let d_not_up = row.number("d_not_up", Num::NonNegativeInt);
        let control_value = row.number("control_value", Num::NonNegative).unwrap_or(0.0);
        let (Some(id), Some(name), Some(seats), Some(needed), Some(d_not_up)) =
            (id, name, seats, needed, d_not_up)
        else {
            return;
        };
        if needed > seats {
            let found = format!("column `needed`: a majority cannot need more than the {seats} seats, found {needed}");
            row.fail(
                "needed",
                found,
                "set needed to the seats D needs for control, e.g. 51 of 100",
            );
        }
        if d_not_up > seats {
            let found =
                format!("column `d_not_up`: cannot exceed the {seats} seats, found {d_not_up}");
            row.fail("d_not_up", found, "d_not_up counts D-held seats that are not on the ballot");
        }
        if !row.ok() {
            return;
        }
        let (pos, line) = (row.pos("chamber"), row.line);
        if keys.claim(&mut data.chamber_index, &id, data.chambers.len(), pos, row.diags()) {
            data.chambers.push(Chamber {
                id,
                name,
                seats: seats as u32,
                needed: needed as u32,
                d_not_up: d_not_up as u32,
                control_value,
                line,
            });
        }
    });
}

fn load_races(
    source: Source<'_>,
    path: &Path,
    shown: &Path,
    data: &mut Dataset,
    diags: &mut Diagnostics,
) {
    let mut keys = Keys::new("race", shown);
    let offices = Office::ALL.map(Office::as_str).join(", ");
    let ratings = Rating::ALL.map(Rating::as_str).join(" ");
    TableReader::read_with(source, path, path, "races", RACE_COLUMNS, diags, |row| {
        let id = row.parsed("race", "a race id", ID_HINT, |s| is_id(s).then(|| s.to_owned()));
        let state = row.text("state");
        let office = row.parsed(
            "office",
            &format!("one of {offices}"),
            "offices are lower case, e.g. senate",
            Office::parse,
        );
        let district = row.text("district");
        let date = row.parsed(
            "date",
            "a date YYYY-MM-DD",
            "write election day as e.g. 2026-11-03",
            Date::parse,
        );
        let margin = row.number("margin", Num::Points);
        let margin_sd = row.number("margin_sd", Num::Positive);
        let margin_sd = row.in_range(
            "margin_sd",
            margin_sd,
            range(limits::MIN_SD, limits::MAX_POINTS),
            None,
            "a forecast sd in points of margin, e.g. 4.5 (below 0.1 the race is certain)",
        );
        let rating = row.parsed(
            "rating",
            &format!("one of {ratings}"),
            "ratings are lower case, e.g. lean_d",
            Rating::parse,
        );
        let turnout = row.number("turnout", Num::PositiveInt);
        let turnout = row.in_range(
            "turnout",
            turnout,
            range(limits::MIN_TURNOUT, limits::MAX_TURNOUT),
            Some((limits::PLAUSIBLE_TURNOUT, "fewer than 100 voters")),
            "expected votes cast in the race, e.g. 25000",
        );
        let stakes = row.number("stakes", Num::NonNegative).unwrap_or(1.0);
        let chamber = row.text("chamber");
        let seats = row.number("seats", Num::PositiveInt).unwrap_or(1.0);
        let max_shift = row.number("max_shift", Num::NonNegative);
        let name = row.text("name");
        if seats > MAX_SEATS {
            row.fail(
                "seats",
                format!("column `seats`: expected at most {MAX_SEATS} seats, found {seats}"),
                SEATS_HINT,
            );
        }
        if row.ok() && margin.is_none() && rating.is_none() {
            row.fail(
                "margin",
                "the race has neither a margin nor a rating".to_owned(),
                "give a forecast margin in points (D − R) or a rating such as tossup",
            );
        }
        let (Some(id), Some(state), Some(office), Some(date), Some(turnout)) =
            (id, state, office, date, turnout)
        else {
            return;
        };
        if !row.ok() {
            return;
        }
        let (pos, line) = (row.pos("race"), row.line);
        if keys.claim(&mut data.race_index, &id, data.races.len(), pos, row.diags()) {
            data.races.push(Race {
                id,
                state,
                office,
                district,
                date,
                margin,
                margin_sd,
                rating,
                turnout,
                stakes,
                chamber,
                seats: seats as u32,
                max_shift,
                name,
                line,
                state_idx: usize::MAX,
                chamber_idx: None,
            });
        }
    });
}

fn parse_tags(text: &str) -> Result<Vec<String>, String> {
    let mut tags = Vec::new();
    for tag in text.split(';').map(str::trim).filter(|t| !t.is_empty()) {
        if !tag.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
            return Err(tag.to_owned());
        }
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
    }
    Ok(tags)
}

fn parse_links(text: &str) -> Result<Vec<RaceLink>, String> {
    let mut links = Vec::new();
    for item in text.split(';').map(str::trim).filter(|t| !t.is_empty()) {
        let (race, share) = match item.split_once(':') {
            Some((race, share)) => {
                let share: f64 = share.trim().parse().map_err(|_| item.to_owned())?;
                if !(share > 0.0 && share <= 1.0) {
                    return Err(item.to_owned());
                }
                (race.trim(), share)
            }
            None => (item, 1.0),
        };
        if !is_id(race) {
            return Err(item.to_owned());
        }
        links.push(RaceLink { race: race.to_owned(), share, race_idx: usize::MAX });
    }
    Ok(links)
}

fn load_groups(
    source: Source<'_>,
    path: &Path,
    shown: &Path,
    data: &mut Dataset,
    diags: &mut Diagnostics,
) {
    let mut keys = Keys::new("group", shown);
    TableReader::read_with(source, path, path, "groups", GROUP_COLUMNS, diags, |row| {
        let id = row.parsed("group", "a group id", ID_HINT, |s| is_id(s).then(|| s.to_owned()));
        let name = row.text("name");
        let state = row.text("state");
        let constituencies = match row.cell("constituencies").map(parse_tags) {
            None => Vec::new(),
            Some(Ok(tags)) => tags,
            Some(Err(bad)) => {
                let msg = format!("column `constituencies`: expected tags of lower-case letters, digits and `_` separated by `;`, found `{bad}`");
                row.fail("constituencies", msg, "write tags like youth;latino;rural");
                Vec::new()
            }
        };
        let races = match row.cell("races").map(parse_links) {
            None => Vec::new(),
            Some(Ok(links)) => links,
            Some(Err(bad)) => {
                let msg = format!("column `races`: expected `RACE` or `RACE:share` with a share in (0, 1], found `{bad}`");
                row.fail(
                    "races",
                    msg,
                    "separate races with `;`, e.g. 2026-HOUSE-PA-07:0.4;2026-PA-HOUSE-131",
                );
                Vec::new()
            }
        };
        let dpnv = row.number("dollars_per_net_vote", Num::Positive);
        let dpnv = row.in_range(
            "dollars_per_net_vote",
            dpnv,
            range(limits::MIN_COST_PER_VOTE, limits::MAX_FACTOR),
            Some((limits::PLAUSIBLE_COST_PER_VOTE, "few programs buy a net vote for under $10")),
            "dollars the group spends per net vote gained, e.g. 150",
        );
        let room = row.number("room", Num::Dollars);
        let peer = row.number("peer_committed", Num::Dollars).unwrap_or(0.0);
        let annual_budget = row.number("annual_budget", Num::PositiveDollars);
        let power = row.number("power", Num::Share).unwrap_or(0.0);
        let c3_room = row.number("c3_room", Num::Dollars).unwrap_or(0.0);
        if let Some(room) = room {
            if peer > room {
                let msg = format!("column `peer_committed`: other funders' money cannot exceed the group's room of {room}, found {peer}");
                row.fail(
                    "peer_committed",
                    msg,
                    "peer_committed is the part of room already covered by other funders",
                );
            } else if c3_room > room - peer {
                let msg = format!("column `c3_room`: the 501(c)(3) part of the room cannot exceed the room left after other funders ({room} − {peer} = {}), found {c3_room}", room - peer);
                row.fail(
                    "c3_room",
                    msg,
                    "c3_room is the part of room (after peer_committed) that is nonpartisan work",
                );
            }
        }
        let (Some(id), Some(name), Some(state), Some(dpnv), Some(room)) =
            (id, name, state, dpnv, room)
        else {
            return;
        };
        if !row.ok() {
            return;
        }
        let (pos, line) = (row.pos("group"), row.line);
        if keys.claim(&mut data.group_index, &id, data.groups.len(), pos, row.diags()) {
            data.groups.push(Group {
                id,
                name,
                state,
                constituencies,
                races,
                dollars_per_net_vote: dpnv,
                room,
                peer_committed: peer,
                annual_budget,
                power,
                c3_room,
                line,
                state_idx: usize::MAX,
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_parse_with_and_without_share() {
        let links = parse_links("A-1:0.4; B-2 ;").unwrap();
        assert_eq!(links.len(), 2);
        assert_eq!((links[0].race.as_str(), links[0].share), ("A-1", 0.4));
        assert_eq!((links[1].race.as_str(), links[1].share), ("B-2", 1.0));
        assert!(parse_links("A-1:1.5").is_err());
        assert!(parse_links("A-1:x").is_err());
        assert!(parse_links("A 1").is_err());
    }

    #[test]
    fn tags_are_lower_case_words() {
        assert_eq!(parse_tags("youth;rural;youth").unwrap(), vec!["youth", "rural"]);
        assert!(parse_tags("Youth").is_err());
    }
}
