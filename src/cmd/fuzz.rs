//! Entry points for fuzzing: the CSV loaders, the scenario parser and the
//! whole pipeline (load → score → plan → every renderer), each from bytes
//! in memory. The cargo-fuzz targets in `fuzz/` and the proptest smoke test
//! (`tests/integration/smoke_fuzz.rs`) call these, so both exercise the
//! code the command line runs. Each returns normally on any input; a panic
//! is a bug.

use std::path::{Path, PathBuf};

use crate::input::{self, Inputs};
use crate::report::{self, csv::TableName, table::Layout};
use crate::tools::frontier::{self, Settings};
use crate::{plan, score};

/// The byte that separates the files of one fuzz input (ASCII record
/// separator).
pub const SEP: u8 = 0x1e;

/// The tutorial's files (MODEL.md §5): the fixed half of a target that
/// fuzzes the other half.
pub const TUTORIAL: [(&str, &str); 5] = [
    ("scenario.toml", include_str!("../../examples/tutorial/tutorial.toml")),
    ("states.csv", include_str!("../../examples/tutorial/states.csv")),
    ("chambers.csv", include_str!("../../examples/tutorial/chambers.csv")),
    ("races.csv", include_str!("../../examples/tutorial/races.csv")),
    ("groups.csv", include_str!("../../examples/tutorial/groups.csv")),
];

const NAMES: [&str; 5] = ["scenario.toml", "states.csv", "chambers.csv", "races.csv", "groups.csv"];

/// Split `bytes` at [`SEP`] into at most `n` parts (the last keeps the rest).
pub fn split(bytes: &[u8], n: usize) -> Vec<&[u8]> {
    bytes.splitn(n, |&b| b == SEP).collect()
}

/// Join files into one fuzz input (for seed corpora).
pub fn join(parts: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push(SEP);
        }
        out.extend_from_slice(p);
    }
    out
}

/// Load a scenario and data from memory; `files` maps a file name to its
/// bytes (names not given are missing files).
fn load(files: &[(&str, &[u8])]) -> Result<Inputs, input::diag::InputError> {
    let dir = PathBuf::from("fuzz");
    let lookup = |name: &str| files.iter().find(|(n, _)| *n == name).map(|(_, b)| *b);
    let text = String::from_utf8_lossy(lookup("scenario.toml").unwrap_or_default()).into_owned();
    // Files are found by name alone, so the shipped scenarios (whose data
    // sits in other folders) work as seeds.
    let source = |path: &Path| -> Result<Vec<u8>, String> {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        lookup(name).map(<[u8]>::to_vec).ok_or_else(|| "cannot read the file: not found".to_owned())
    };
    let result = input::load_from(&dir.join("scenario.toml"), &text, None, &source);
    if let Err(e) = &result {
        // Rendering the diagnostics is part of what is fuzzed.
        let _ = e.to_string();
    }
    result
}

/// The four CSV loaders: `bytes` is states, chambers, races and groups
/// separated by [`SEP`], under the tutorial's scenario.
pub fn csv_loaders(bytes: &[u8]) {
    let parts = split(bytes, 4);
    let mut files: Vec<(&str, &[u8])> = vec![("scenario.toml", TUTORIAL[0].1.as_bytes())];
    for (name, part) in NAMES[1..].iter().zip(&parts) {
        files.push((name, part));
    }
    let _ = load(&files);
}

/// The scenario parser: `bytes` is the scenario, over the tutorial's data.
pub fn scenario(bytes: &[u8]) {
    let mut files: Vec<(&str, &[u8])> = vec![("scenario.toml", bytes)];
    files.extend(TUTORIAL[1..].iter().map(|(n, t)| (*n, t.as_bytes())));
    let _ = load(&files);
}

/// Work limits of [`pipeline`], so that each input stays fast: a data set
/// this small plans in milliseconds.
const MAX_GROUPS: usize = 40;
const MAX_RACES: usize = 60;
const MAX_SEATS: u64 = 600;
const MAX_PERIODS: usize = 8;

/// The whole pipeline: `bytes` is the scenario, states, chambers, races and
/// groups separated by [`SEP`] (a missing part is taken from the tutorial).
/// Whatever loads is scored, planned, explained and rendered in every
/// format; a plan that cannot be made must fail with an error, not a panic.
pub fn pipeline(bytes: &[u8]) -> Stage {
    let parts = split(bytes, 5);
    let files: Vec<(&str, &[u8])> = NAMES
        .iter()
        .enumerate()
        .map(|(i, n)| (*n, parts.get(i).copied().unwrap_or(TUTORIAL[i].1.as_bytes())))
        .collect();
    let Ok(inputs) = load(&files) else { return Stage::Refused };
    let (data, sc) = (&inputs.data, &inputs.scenario);
    let seats: u64 = data.chambers.iter().map(|c| u64::from(c.seats)).sum::<u64>()
        + data.races.iter().map(|r| u64::from(r.seats)).sum::<u64>();
    if data.groups.len() > MAX_GROUPS
        || data.races.len() > MAX_RACES
        || seats > MAX_SEATS
        || sc.periods.len() > MAX_PERIODS
    {
        return Stage::TooBig;
    }
    let scores = score::score(data, sc);
    let score_view = report::score_report(data, sc, &scores);
    let layout = Layout { top: 0, width: None };
    let _ = report::table::score(&score_view, layout);
    let _ = report::table::score(&score_view, Layout { top: 3, width: Some(60) });
    let _ = report::json::render(&score_view);
    let _ = report::xlsx::score(&score_view);
    for t in [TableName::Races, TableName::Groups, TableName::Chambers, TableName::States] {
        let _ = report::csv::score(&score_view, Some(t));
    }
    let solver = plan::lp::Solver::Simplex;
    let Ok(planned) = plan::plan(data, sc, &scores, solver) else { return Stage::Scored };
    let extras = plan::extras(data, sc, &scores, &planned, solver);
    let view = report::plan_report(data, sc, &planned, &extras);
    let _ = report::table::plan(&view, layout);
    let _ = report::table::plan(&view, Layout { top: 2, width: Some(50) });
    let _ = report::json::render(&view);
    let schedule = report::visual::schedule(data, sc, &planned);
    let _ = report::xlsx::plan(&view, schedule.as_ref());
    for t in [
        TableName::Races,
        TableName::Groups,
        TableName::Chambers,
        TableName::States,
        TableName::Constituencies,
        TableName::Constraints,
        TableName::Periods,
        TableName::Schedule,
        TableName::StateSchedule,
    ] {
        let _ = report::csv::plan(&view, Some(t));
    }
    let traced =
        frontier::frontier(data, sc, &scores, Settings::default_for(sc.budget, solver), &|| {})
            .ok();
    let page = report::visual::build(data, sc, &planned, view, traced.as_ref());
    let _ = report::html::render(&page);
    Stage::Rendered
}

/// How far [`pipeline`] got with an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The input was refused (with diagnostics).
    Refused,
    /// It loaded, but is above the target's work limits.
    TooBig,
    /// Scored and rendered; no plan could be made (an error, not a panic).
    Scored,
    /// Planned, explained and rendered in every format.
    Rendered,
}
