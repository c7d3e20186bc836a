//! Loading the four data files into a [`Dataset`], one row at a time, with
//! every cell checked where it is read.

use std::collections::HashMap;
use std::path::Path;

use super::csvread::{hint_work_spent, Column, Num, Source, TableReader};
use super::{
    is_spreadsheet, split_sheet, Chamber, DataPaths, Dataset, Group, Office, Race, RaceLink,
    Rating, State,
};
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
    load_on(source, paths, diags, read_at_once(paths))
}

/// [`load_dataset_with`], reading races and groups at once or not.
fn load_on(
    source: Source<'_>,
    paths: &DataPaths,
    diags: &mut Diagnostics,
    at_once: bool,
) -> Dataset {
    // Messages name a spreadsheet's sheet too (`groups.xlsx:Partners`).
    let shown = DataPaths {
        states: super::display_name(&paths.states, "states"),
        chambers: super::display_name(&paths.chambers, "chambers"),
        races: super::display_name(&paths.races, "races"),
        groups: super::display_name(&paths.groups, "groups"),
    };
    let states = load_states(source, &paths.states, &shown.states, diags);
    let chambers = load_chambers(source, &paths.chambers, &shown.chambers, diags);
    let (races, groups) = load_races_and_groups(source, paths, &shown, diags, at_once);
    Dataset {
        states: states.records,
        state_index: states.index,
        chambers: chambers.records,
        chamber_index: chambers.index,
        races: races.records,
        race_index: races.index,
        groups: groups.records,
        group_index: groups.index,
        out_of_scope: Vec::new(),
        paths: shown,
    }
}

/// Races and groups. Neither file refers to the other, so with two threads
/// they are read at once: races here, straight into `diags`, groups on a
/// second thread into diagnostics of their own, which `diags` then takes
/// over. That is the order one thread would find them in (races first),
/// so the messages, the per-file caps and the counts are the same.
fn load_races_and_groups<'f>(
    source: Source<'_>,
    paths: &DataPaths,
    shown: &'f DataPaths,
    diags: &mut Diagnostics,
    at_once: bool,
) -> (Keys<'f, Race>, Keys<'f, Group>) {
    let groups = || {
        let mut own = Diagnostics::new();
        (load_groups(source, &paths.groups, &shown.groups, &mut own), own)
    };
    if !at_once {
        let races = load_races(source, &paths.races, &shown.races, diags);
        return (races, load_groups(source, &paths.groups, &shown.groups, diags));
    }
    std::thread::scope(|s| {
        // If no thread can be started, groups are read after races here.
        let spawned = std::thread::Builder::new().spawn_scoped(s, groups);
        let races = load_races(source, &paths.races, &shown.races, diags);
        let (groups, own) = match spawned {
            Ok(handle) => handle.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            Err(_) => groups(),
        };
        diags.extend(own);
        (races, groups)
    })
}

/// Read races and groups on two threads? Only with two threads to use, and
/// only for CSV files: their did-you-mean work (header names only, a few
/// hundred thousand steps at most) cannot use up the load's shared hint
/// budget ([`super::csvread::HINT_BUDGET`]) while none of it is spent yet, so no
/// hint depends on which thread asks first. A workbook's sheet names have
/// no such bound.
fn read_at_once(paths: &DataPaths) -> bool {
    let csv = |path: &Path| !is_spreadsheet(&split_sheet(path).0);
    crate::base::par::threads() > 1
        && csv(&paths.races)
        && csv(&paths.groups)
        && hint_work_spent() == 0
}

/// One table's records, keyed by id, as they are read: the line of each,
/// to report duplicates.
struct Keys<'f, T> {
    what: &'static str,
    file: &'f Path,
    /// The records, in file order.
    records: Vec<T>,
    /// Id → index in `records`.
    index: HashMap<String, usize>,
    /// Line of record `i`.
    lines: Vec<usize>,
}

impl<'f, T> Keys<'f, T> {
    fn new(what: &'static str, file: &'f Path) -> Keys<'f, T> {
        Keys { what, file, records: Vec::new(), index: HashMap::new(), lines: Vec::new() }
    }

    /// Add the record `make(id)` read at `pos`, or report a duplicate id:
    /// one hash look-up and one copy of the id per row. `rows` (the rows
    /// of the table) sizes the table at its first record.
    fn add(
        &mut self,
        id: String,
        pos: Pos,
        rows: usize,
        diags: &mut Diagnostics,
        make: impl FnOnce(String) -> T,
    ) {
        let what = self.what;
        if let Some(&entry) = self.index.get(&id) {
            let first = self.lines[entry];
            diags
                .error(
                    self.file,
                    pos,
                    format!("duplicate {what} `{id}`: first defined on line {first}"),
                )
                .hint(format!(
                    "each {what} must appear once; remove or rename one of the two rows"
                ));
            return;
        }
        if self.records.is_empty() {
            self.records.reserve(rows);
            self.index.reserve(rows);
            self.lines.reserve(rows);
        }
        self.lines.push(pos.line);
        self.index.insert(id.clone(), self.records.len());
        self.records.push(make(id));
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

fn load_states<'f>(
    source: Source<'_>,
    path: &Path,
    shown: &'f Path,
    diags: &mut Diagnostics,
) -> Keys<'f, State> {
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
        let (pos, line, rows) = (row.pos("state"), row.line, row.table_rows());
        keys.add(code, pos, rows, row.diags(), |code| State {
            code,
            name,
            electoral_votes: ev.map(|v| v as u32),
            pres_margin,
            line,
        });
    });
    keys
}

fn load_chambers<'f>(
    source: Source<'_>,
    path: &Path,
    shown: &'f Path,
    diags: &mut Diagnostics,
) -> Keys<'f, Chamber> {
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
        let (pos, line, rows) = (row.pos("chamber"), row.line, row.table_rows());
        keys.add(id, pos, rows, row.diags(), |id| Chamber {
            id,
            name,
            seats: seats as u32,
            needed: needed as u32,
            d_not_up: d_not_up as u32,
            control_value,
            line,
        });
    });
    keys
}

fn load_races<'f>(
    source: Source<'_>,
    path: &Path,
    shown: &'f Path,
    diags: &mut Diagnostics,
) -> Keys<'f, Race> {
    let mut keys = Keys::new("race", shown);
    let offices = format!("one of {}", Office::ALL.map(Office::as_str).join(", "));
    let ratings = format!("one of {}", Rating::ALL.map(Rating::as_str).join(" "));
    TableReader::read_with(source, path, path, "races", RACE_COLUMNS, diags, |row| {
        let id = row.parsed("race", "a race id", ID_HINT, |s| is_id(s).then(|| s.to_owned()));
        let state = row.text("state");
        let office =
            row.parsed("office", &offices, "offices are lower case, e.g. senate", Office::parse);
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
        let rating =
            row.parsed("rating", &ratings, "ratings are lower case, e.g. lean_d", Rating::parse);
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
        let (pos, line, rows) = (row.pos("race"), row.line, row.table_rows());
        keys.add(id, pos, rows, row.diags(), |id| Race {
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
    });
    keys
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

fn load_groups<'f>(
    source: Source<'_>,
    path: &Path,
    shown: &'f Path,
    diags: &mut Diagnostics,
) -> Keys<'f, Group> {
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
        let (pos, line, rows) = (row.pos("group"), row.line, row.table_rows());
        keys.add(id, pos, rows, row.diags(), |id| Group {
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
    });
    keys
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

    /// Bad races and groups (each past the per-file cap of kept
    /// diagnostics, with warnings and duplicates), read one after the other
    /// and at once: the same dataset and the same diagnostics, in the same
    /// order, with the same counts.
    fn same_both_ways(files: &[(&str, String)], paths: &DataPaths) {
        let source = |p: &Path| {
            files
                .iter()
                .find(|(name, _)| Path::new(name) == p)
                .map(|(_, text)| text.as_bytes().to_vec())
                .ok_or_else(|| format!("no file {}", p.display()))
        };
        let run = |at_once: bool| {
            let mut diags = Diagnostics::new();
            let data = load_on(&source, paths, &mut diags, at_once);
            let mut index: Vec<_> = data.race_index.iter().chain(&data.group_index).collect();
            index.sort();
            let records = format!("{:?}\n{:?}\n{index:?}", data.races, data.groups);
            let unsorted = diags.render();
            let counts = (diags.error_count(), diags.warning_count(), diags.items().len());
            diags.sort();
            (records, unsorted, diags.render(), counts)
        };
        let (one, two) = (run(false), run(true));
        assert!(one.3 .0 > 2_000, "{:?}", one.3);
        assert_eq!(one, two);
    }

    fn bad_races(n: usize) -> String {
        let mut text = String::from("race,state,office,date,turnout,margin\n");
        for i in 0..n {
            let turnout = if i % 3 == 0 { "lots".to_owned() } else { "50".to_owned() };
            let id = if i % 7 == 0 { "R-dup".to_owned() } else { format!("R-{i}") };
            text.push_str(&format!("{id},PA,house,2026-11-03,{turnout},1.5\n"));
        }
        text
    }

    fn bad_groups(n: usize) -> String {
        let mut text = String::from("group,name,state,dollars_per_net_vote,room,races\n");
        for i in 0..n {
            let cost = if i % 4 == 0 { "5" } else { "x" };
            text.push_str(&format!("G-{},Group {i},PA,{cost},1000,R-{i}:2\n", i % 1_000));
        }
        text
    }

    fn tiny_states_and_chambers() -> Vec<(&'static str, String)> {
        vec![
            ("states.csv", "state,name\nPA,Pennsylvania\n".to_owned()),
            ("chambers.csv", "chamber,name,seats,needed,d_not_up\nH,House,10,6,2\n".to_owned()),
        ]
    }

    #[test]
    fn races_and_groups_read_at_once_report_as_one_after_the_other() {
        let mut files = tiny_states_and_chambers();
        files.push(("races.csv", bad_races(2_500)));
        files.push(("groups.csv", bad_groups(2_500)));
        let paths = DataPaths {
            states: "states.csv".into(),
            chambers: "chambers.csv".into(),
            races: "races.csv".into(),
            groups: "groups.csv".into(),
        };
        same_both_ways(&files, &paths);
    }

    #[test]
    fn races_and_groups_from_one_file_report_as_one_after_the_other() {
        // Both tables read the same file: they share its cap of kept
        // diagnostics, races taking it first.
        let mut files = tiny_states_and_chambers();
        let mut both = bad_races(1_500);
        both.push_str(&bad_groups(1_500).replacen("group,", "", 1));
        files.push(("data.csv", both));
        let paths = DataPaths {
            states: "states.csv".into(),
            chambers: "chambers.csv".into(),
            races: "data.csv".into(),
            groups: "data.csv".into(),
        };
        same_both_ways(&files, &paths);
    }

    #[test]
    fn tags_are_lower_case_words() {
        assert_eq!(parse_tags("youth;rural;youth").unwrap(), vec!["youth", "rural"]);
        assert!(parse_tags("Youth").is_err());
    }
}
