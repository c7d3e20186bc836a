//! The starter that `grantplan init` writes: a commented scenario with every
//! key at its default, a copy of the shipped election data (built into the
//! program, so it works wherever grantplan is installed), and a small
//! groups file to replace with one's own partners.

use crate::input::data::{Office, Rating};

/// An election cycle whose data ships with grantplan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cycle {
    /// The 2026 midterms.
    Y2026,
    /// January 2027 to the 2028 election.
    Y2028,
}

impl Cycle {
    /// The cycle's year, as written on the command line.
    pub fn year(self) -> &'static str {
        match self {
            Cycle::Y2026 => "2026",
            Cycle::Y2028 => "2028",
        }
    }

    fn chambers(self) -> &'static str {
        match self {
            Cycle::Y2026 => include_str!("../../data/2026/chambers.csv"),
            Cycle::Y2028 => include_str!("../../data/2028/chambers.csv"),
        }
    }

    fn races(self) -> &'static str {
        match self {
            Cycle::Y2026 => include_str!("../../data/2026/races.csv"),
            Cycle::Y2028 => include_str!("../../data/2028/races.csv"),
        }
    }

    fn groups(self) -> &'static str {
        match self {
            Cycle::Y2026 => include_str!("../../data/2026/groups.csv"),
            Cycle::Y2028 => include_str!("../../data/2028/groups.csv"),
        }
    }

    /// Plan date and election day: the scenario's `start` and `horizon`.
    fn dates(self) -> (&'static str, &'static str) {
        match self {
            Cycle::Y2026 => ("2026-02-01", "2026-11-03"),
            Cycle::Y2028 => ("2027-01-01", "2028-11-07"),
        }
    }
}

const STATES: &str = include_str!("../../data/states.csv");

/// States whose first two groups make the starter's groups file.
const STARTER_STATES: [&str; 3] = ["PA", "MI", "WI"];

/// The files of a starter for `cycle`, named as they are written into the
/// folder, and how many races and starter groups they hold.
pub struct Starter {
    /// (file name, contents).
    pub files: Vec<(&'static str, String)>,
    /// Races in races.csv.
    pub races: usize,
    /// Groups in groups.csv.
    pub groups: usize,
}

/// Build the starter for `cycle`.
pub fn starter(cycle: Cycle) -> Starter {
    let (groups, n_groups) = starter_groups(cycle.groups());
    let races = cycle.races().lines().filter(|l| !l.is_empty() && !l.starts_with('#')).count() - 1;
    Starter {
        files: vec![
            ("scenario.toml", scenario(cycle)),
            ("groups.csv", groups),
            ("states.csv", STATES.to_owned()),
            ("chambers.csv", cycle.chambers().to_owned()),
            ("races.csv", cycle.races().to_owned()),
        ],
        races,
        groups: n_groups,
    }
}

/// The header and the first two groups of each starter state, under a
/// comment saying what to do with them.
fn starter_groups(all: &str) -> (String, usize) {
    let mut out = String::from(
        "# Your partner groups, one row per group: replace these rows with yours.\n\
         # The rows below are ILLUSTRATIVE (invented groups from grantplan's shipped data).\n\
         # Columns (docs/MODEL.md §1): group (an id), name, state, constituencies (tags\n\
         # separated by `;`), races (district races it works on, RACE or RACE:share),\n\
         # dollars_per_net_vote, room (dollars it can use well), peer_committed (of that\n\
         # room, already given by others), annual_budget (for the dependency cap), power\n\
         # (0-1: how much of its work lasts past this cycle). Blank optional cells take\n\
         # their defaults; lines starting with # are comments.\n",
    );
    let mut lines = all.lines().filter(|l| !l.starts_with('#'));
    let header = lines.next().unwrap_or_default();
    out.push_str(header);
    out.push('\n');
    let state_col = header.split(',').position(|c| c == "state").unwrap_or(2);
    let rows: Vec<&str> = lines.collect();
    let mut n = 0;
    for state in STARTER_STATES {
        for row in rows.iter().filter(|r| r.split(',').nth(state_col) == Some(state)).take(2) {
            out.push_str(row);
            out.push('\n');
            n += 1;
        }
    }
    (out, n)
}

/// A number as TOML writes it: `0.8`, `20.0`.
fn num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.1}")
    } else {
        format!("{x}")
    }
}

/// The commented scenario: every key at its default (those with no default
/// commented out), each explained.
fn scenario(cycle: Cycle) -> String {
    let (start, horizon) = cycle.dates();
    let year = cycle.year();
    let mut s = format!(
        r#"# A starter scenario written by `grantplan init`. Every key is shown at its
# default (keys with no default are commented out): change what you need,
# then check with `grantplan validate scenario.toml`. The model behind each
# key is docs/MODEL.md in the grantplan repository.

name = "My {year} plan"
budget = 1_000_000            # dollars to split (required); 5M or 750k work on the command line
# start = "{start}"        # plan date: races before it are worth nothing (default: every race counts)
# horizon = "{horizon}"      # end of this cycle: later races count at power × discount per year (needs start)
discount = 0.8                # per year, for races after the horizon
rounding = 1000               # grants are whole multiples of this many dollars
spend_all = false             # true: spend the whole budget even where money buys little
exclude = []                  # group ids never to fund
# states = ["PA", "MI", "WI"]   # fund only groups in these states (default: every state)
# groups = ["pa-..."]           # fund only these groups (default: every group)

[data]                        # required; paths are relative to this file
states = "states.csv"         # the shipped data: 50 states and DC
chambers = "chambers.csv"     # bodies whose control is at stake
races = "races.csv"           # the {year} races, with forecasts
groups = "groups.csv"         # your partner groups: replace its rows with yours

[scoring]                     # the forecast's uncertainty, in points of margin
national_sd = 3.0             # sd of the national swing shared by every race
national_shift = 0.0          # added to every race's margin (+ favours D)
race_sd = 5.0                 # each race's own sd, where races.csv gives no margin_sd
cost_sd = 0.3                 # lognormal sd of dollars_per_net_vote, for `grantplan robust`
df = 0                        # 0 = normal errors; 5 = Student-t (fat tails), as the shipped scenarios use

[scoring.rating_margins]      # margin of a race with a rating and no margin
"#
    );
    for r in Rating::ALL {
        s.push_str(&format!("{} = {}\n", r.as_str(), num(r.default_margin())));
    }
    s.push_str(
        "\n[offices]                     # weight of winning each office, a US Senate seat = 1\n",
    );
    for o in Office::ALL {
        s.push_str(&format!("{} = {}\n", o.as_str(), num(o.default_weight())));
    }
    s.push_str(
        r#"
[returns]                     # diminishing returns: a group's room in tranches
tranches = [0.25, 0.25, 0.25, 0.25]   # shares of its room
factors = [1.0, 0.85, 0.7, 0.55]      # what a dollar buys in each, relative to the first

[limits]                      # none by default
# max_state_share = 0.25      # at most this share of the budget in one state
# max_group_share = 0.08      # at most this share of the budget to one group
# max_dependency = 0.5        # at most this multiple of a group's annual_budget
# min_grant = 25_000          # no grant below this (makes the plan a mixed-integer program)
# max_groups = 40             # fund at most this many groups (likewise)

# [states.PA]                 # per-state limits, dollars
# min = 100_000
# max = 500_000

[floors]                      # share of the budget for groups with a tag; none by default
# youth = 0.2

# [[lock]]                    # a grant fixed in advance
# group = "pa-..."
# amount = 50_000

# [[periods]]                 # money released over time (see docs/MODEL.md §3)
# name = "first half"
# start = "{start}"
# release = 600_000
# multiplier = 1.2            # what a dollar given then is worth, relative to the last period
# [[periods]]
# name = "second half"
# start = "..."
# release = 400_000
# multiplier = 1.0

# [timing]
# max_period_share = 0.6      # a group absorbs at most this share of its room in one period
"#
        .replace("{start}", start)
        .as_str(),
    );
    s
}

/// What to do next, printed after the files are written to `dir`.
pub fn next_steps(dir: &str, st: &Starter, cycle: Cycle) -> String {
    format!(
        "wrote {dir}/: scenario.toml (every key at its default, explained), groups.csv \
         ({} illustrative groups to replace with yours), and the shipped {} data \
         (states.csv, chambers.csv, races.csv: {} races)\n\
         next:\n\
         \x20 1. grantplan validate {dir}/scenario.toml\n\
         \x20 2. grantplan plan {dir}/scenario.toml\n\
         \x20 3. put your partner groups in {dir}/groups.csv and your budget and limits in \
         {dir}/scenario.toml, then validate again\n\
         \x20 4. grantplan report {dir}/scenario.toml -o {dir}/report.html\n",
        st.groups,
        cycle.year(),
        st.races
    )
}
