//! The input records: states, chambers, races and partner groups, as read
//! from the CSV files of MODEL.md §1, and the dataset that holds them.
//!
//! Records keep the line they came from, so later checks can point at it.
//! Cross-references (a race's state, a group's races) are resolved to
//! indices by [`crate::input::validate`].

mod cells;
mod csvread;
mod load;
mod sheet;

pub use csvread::{
    closest, display_name, is_spreadsheet, reset_hint_budget, split_sheet, Column, Num, Row,
    Source, TableReader,
};
pub use load::{load_dataset, load_dataset_with};

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

use crate::input::date::Date;

/// A US state (or DC).
#[derive(Debug, Clone)]
pub struct State {
    /// Two-letter postal code, e.g. `PA`.
    pub code: String,
    /// Full name.
    pub name: String,
    /// Electoral votes (2024–2028 apportionment), when given.
    pub electoral_votes: Option<u32>,
    /// Last presidential margin, points D − R.
    pub pres_margin: Option<f64>,
    /// Line in states.csv.
    pub line: usize,
}

/// A body whose control is at stake.
#[derive(Debug, Clone)]
pub struct Chamber {
    /// Id, e.g. `US-SEN`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Total seats (538 for the Electoral College).
    pub seats: u32,
    /// Seats D needs for control.
    pub needed: u32,
    /// D-held seats not on the ballot.
    pub d_not_up: u32,
    /// Value of control, win-equivalents.
    pub control_value: f64,
    /// Line in chambers.csv.
    pub line: usize,
}

/// The kind of office a race elects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Office {
    /// A state's presidential contest (electors).
    President,
    /// US Senate.
    Senate,
    /// US House.
    House,
    /// Governor.
    Governor,
    /// State senate.
    StateSenate,
    /// State house / assembly.
    StateHouse,
    /// Attorney general.
    AttorneyGeneral,
    /// Secretary of state.
    SecretaryOfState,
    /// Judicial (e.g. a state supreme court seat).
    Judicial,
    /// Ballot measure.
    BallotMeasure,
    /// Local office.
    Local,
}

impl Office {
    /// Every office, in the order of MODEL.md.
    pub const ALL: [Office; 11] = [
        Office::President,
        Office::Senate,
        Office::House,
        Office::Governor,
        Office::StateSenate,
        Office::StateHouse,
        Office::AttorneyGeneral,
        Office::SecretaryOfState,
        Office::Judicial,
        Office::BallotMeasure,
        Office::Local,
    ];

    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Office::President => "president",
            Office::Senate => "senate",
            Office::House => "house",
            Office::Governor => "governor",
            Office::StateSenate => "state_senate",
            Office::StateHouse => "state_house",
            Office::AttorneyGeneral => "attorney_general",
            Office::SecretaryOfState => "secretary_of_state",
            Office::Judicial => "judicial",
            Office::BallotMeasure => "ballot_measure",
            Office::Local => "local",
        }
    }

    /// Parse the name used in files.
    pub fn parse(text: &str) -> Option<Office> {
        Office::ALL.into_iter().find(|o| o.as_str() == text)
    }

    /// Default weight of one expected win (MODEL.md §2). A presidential
    /// contest is worth 0 on its own: it counts through the EC chamber.
    pub fn default_weight(self) -> f64 {
        match self {
            Office::President => 0.0,
            Office::Senate => 1.0,
            Office::Governor => 0.8,
            Office::House => 0.3,
            Office::AttorneyGeneral => 0.3,
            Office::SecretaryOfState => 0.4,
            Office::Judicial => 0.4,
            Office::StateSenate => 0.1,
            Office::StateHouse => 0.05,
            Office::BallotMeasure => 0.3,
            Office::Local => 0.02,
        }
    }
}

impl fmt::Display for Office {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A race rating, used for μ when a race has no margin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rating {
    /// Solid D.
    SolidD,
    /// Likely D.
    LikelyD,
    /// Lean D.
    LeanD,
    /// Toss-up.
    Tossup,
    /// Lean R.
    LeanR,
    /// Likely R.
    LikelyR,
    /// Solid R.
    SolidR,
}

impl Rating {
    /// Every rating, from most D to most R.
    pub const ALL: [Rating; 7] = [
        Rating::SolidD,
        Rating::LikelyD,
        Rating::LeanD,
        Rating::Tossup,
        Rating::LeanR,
        Rating::LikelyR,
        Rating::SolidR,
    ];

    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::SolidD => "solid_d",
            Rating::LikelyD => "likely_d",
            Rating::LeanD => "lean_d",
            Rating::Tossup => "tossup",
            Rating::LeanR => "lean_r",
            Rating::LikelyR => "likely_r",
            Rating::SolidR => "solid_r",
        }
    }

    /// Parse the name used in files.
    pub fn parse(text: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// Default μ for the rating, points (MODEL.md §1).
    pub fn default_margin(self) -> f64 {
        match self {
            Rating::SolidD => 20.0,
            Rating::LikelyD => 9.0,
            Rating::LeanD => 4.0,
            Rating::Tossup => 0.0,
            Rating::LeanR => -4.0,
            Rating::LikelyR => -9.0,
            Rating::SolidR => -20.0,
        }
    }
}

/// One election contest.
#[derive(Debug, Clone)]
pub struct Race {
    /// Id, e.g. `2026-SEN-GA`.
    pub id: String,
    /// State code.
    pub state: String,
    /// Office.
    pub office: Office,
    /// District label; `None` = statewide (every group in the state reaches it).
    pub district: Option<String>,
    /// Election day.
    pub date: Date,
    /// Forecast margin μ, points D − R.
    pub margin: Option<f64>,
    /// Race-specific forecast sd σ_r, points.
    pub margin_sd: Option<f64>,
    /// Rating, for μ when margin is blank.
    pub rating: Option<Rating>,
    /// Expected total votes cast.
    pub turnout: f64,
    /// Multiplier on the office weight.
    pub stakes: f64,
    /// Chamber the seat counts toward.
    pub chamber: Option<String>,
    /// Seats the race carries in its chamber (electoral votes for a presidential contest).
    pub seats: u32,
    /// This race's effect ceiling, points of margin (blank = the scenario's).
    pub max_shift: Option<f64>,
    /// A readable name, e.g. `Pennsylvania House District 172` (blank = none).
    pub name: Option<String>,
    /// Line in races.csv.
    pub line: usize,
    /// Index of `state` in the dataset (set by validation).
    pub state_idx: usize,
    /// Index of `chamber` in the dataset (set by validation).
    pub chamber_idx: Option<usize>,
}

/// A group's work in one district race.
#[derive(Debug, Clone)]
pub struct RaceLink {
    /// Race id.
    pub race: String,
    /// Share of the group's contacts who vote in that race, (0, 1].
    pub share: f64,
    /// Index of the race (set by validation).
    pub race_idx: usize,
}

/// A local partner group.
#[derive(Debug, Clone)]
pub struct Group {
    /// Id (key).
    pub id: String,
    /// Display name.
    pub name: String,
    /// State where it organizes.
    pub state: String,
    /// Constituency tags, e.g. `youth`.
    pub constituencies: Vec<String>,
    /// District races it works on.
    pub races: Vec<RaceLink>,
    /// Dollars for one net vote.
    pub dollars_per_net_vote: f64,
    /// Dollars it can use well this cycle, before other funders.
    pub room: f64,
    /// Dollars of that room already committed by other funders.
    pub peer_committed: f64,
    /// Annual budget, dollars (for the dependency cap).
    pub annual_budget: Option<f64>,
    /// Share of its work that carries into future cycles, [0, 1].
    pub power: f64,
    /// Dollars of its room (after peer money) that is nonpartisan 501(c)(3)
    /// work and may take tax-deductible money (MODEL.md §1, §3 Funders).
    pub c3_room: f64,
    /// Line in groups.csv.
    pub line: usize,
    /// Index of `state` in the dataset (set by validation).
    pub state_idx: usize,
}

impl Race {
    /// The name a person reads: `name` when given, else the id.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

impl Group {
    /// Room left after other funders' money, dollars.
    pub fn room_left(&self) -> f64 {
        (self.room - self.peer_committed).max(0.0)
    }

    /// True when the group carries `tag`.
    pub fn has_tag(&self, tag: &str) -> bool {
        self.constituencies.iter().any(|t| t == tag)
    }
}

/// Where each data file was read from.
#[derive(Debug, Clone, Default)]
pub struct DataPaths {
    /// states.csv
    pub states: PathBuf,
    /// chambers.csv
    pub chambers: PathBuf,
    /// races.csv
    pub races: PathBuf,
    /// groups.csv
    pub groups: PathBuf,
}

/// Everything read from the data files.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// Files the data came from.
    pub paths: DataPaths,
    /// States, in file order.
    pub states: Vec<State>,
    /// Chambers, in file order.
    pub chambers: Vec<Chamber>,
    /// Races, in file order.
    pub races: Vec<Race>,
    /// Groups, in file order.
    pub groups: Vec<Group>,
    /// State code → index.
    pub state_index: HashMap<String, usize>,
    /// Chamber id → index.
    pub chamber_index: HashMap<String, usize>,
    /// Race id → index.
    pub race_index: HashMap<String, usize>,
    /// Group id → index.
    pub group_index: HashMap<String, usize>,
    /// Groups of the data file that the scenario's scope leaves out.
    pub out_of_scope: Vec<String>,
}

impl Dataset {
    /// Index of a group by id.
    pub fn group(&self, id: &str) -> Option<usize> {
        self.group_index.get(id).copied()
    }

    /// Every constituency tag used by some group, sorted.
    pub fn tags(&self) -> Vec<String> {
        // The distinct ones found as borrowed strings (a group's tags are
        // among a few), and only they copied.
        // (Inserted one by one: `collect` into a set would sort them all.)
        let mut tags = std::collections::BTreeSet::new();
        for tag in self.groups.iter().flat_map(|g| &g.constituencies) {
            tags.insert(tag.as_str());
        }
        tags.into_iter().map(str::to_owned).collect()
    }
}
