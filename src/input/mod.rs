//! Input: everything that comes in, read and checked before anything is
//! computed. Takes a scenario file (TOML) and the data files it names (CSV);
//! gives [`Inputs`] — a [`Scenario`] and a [`Dataset`] whose every
//! cross-reference is resolved — or every problem at once, each at its file,
//! line and column ([`diag`]). [`scenario`] reads the TOML, [`data`] the CSV
//! files, [`validate`] links and checks them, [`date`] reads dates, and
//! [`synth`] writes synthetic inputs for benchmarks and tests, [`starter`] the
//! files `grantplan init` writes.

pub mod data;
pub mod date;
pub mod diag;
pub mod limits;
pub mod scenario;
pub mod starter;
pub mod synth;
pub mod validate;

/// A data file that does not exist is named at the scenario line that
/// names it (the data is then not read: every reference would fail).
fn data_files_exist(sc: &Scenario, diags: &mut Diagnostics) -> bool {
    let d = &sc.data;
    let mut ok = true;
    for (key, path) in [
        ("states", &d.states),
        ("chambers", &d.chambers),
        ("races", &d.races),
        ("groups", &d.groups),
    ] {
        // `book.xlsx#Sheet` names a sheet of `book.xlsx`.
        let (file, _) = data::split_sheet(path);
        if let Err(e) = std::fs::metadata(&file) {
            let pos = sc.pos_of(&format!("data.{key}")).unwrap_or_default();
            diags
                .error(&sc.path, pos, format!("`data.{key}`: cannot read {}: {e}", path.display()))
                .hint(
                    "check the path (relative to the scenario file's folder), or create the file",
                );
            ok = false;
        }
    }
    ok
}

use std::path::Path;

use data::Dataset;
use diag::{Diagnostics, InputError};
use scenario::Scenario;

/// A scenario and its data, loaded and checked.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The scenario.
    pub scenario: Scenario,
    /// Its data.
    pub data: Dataset,
    /// Warnings found while loading (errors make loading fail).
    pub warnings: Diagnostics,
}

/// Load a scenario and its data files and check everything. Returns all
/// problems at once as an [`InputError`] when there is any error.
pub fn load(path: &Path, budget: Option<f64>) -> Result<Inputs, InputError> {
    load_inner(path, None, budget, &limits::read_input)
}

/// [`load`] from memory: the scenario's `text` (as if read from `path`) and
/// each data file's bytes from `source` (the fuzz targets and smoke tests).
pub fn load_from(
    path: &Path,
    text: &str,
    budget: Option<f64>,
    source: data::Source<'_>,
) -> Result<Inputs, InputError> {
    load_inner(path, Some(text), budget, source)
}

fn load_inner(
    path: &Path,
    text: Option<&str>,
    budget: Option<f64>,
    source: data::Source<'_>,
) -> Result<Inputs, InputError> {
    let mut diags = Diagnostics::new();
    data::reset_hint_budget();
    let inputs = load_all(path, text, budget, source, &mut diags);
    diags.sort();
    match inputs {
        Some(mut inputs) if !diags.has_errors() => {
            validate::apply_scope(&mut inputs.data, &inputs.scenario);
            inputs.warnings = diags;
            Ok(inputs)
        }
        _ => Err(InputError { diagnostics: diags }),
    }
}

fn load_all(
    path: &Path,
    text: Option<&str>,
    budget: Option<f64>,
    source: data::Source<'_>,
    diags: &mut Diagnostics,
) -> Option<Inputs> {
    let mut scenario = match text {
        Some(text) => Scenario::parse(path, text, diags)?,
        None => Scenario::load(path, diags)?,
    };
    if let Some(b) = budget {
        if b != scenario.budget {
            scenario.file_budget = Some(scenario.budget);
        }
        scenario.set_budget(b);
    }
    if [&scenario.data.states, &scenario.data.chambers, &scenario.data.races, &scenario.data.groups]
        .iter()
        .any(|p| p.as_os_str().is_empty())
    {
        return None; // [data] is incomplete; already reported
    }
    if text.is_none() && !data_files_exist(&scenario, diags) {
        return None;
    }
    let mut data = data::load_dataset_with(source, &scenario.data, diags);
    validate::link(&mut data, &scenario, diags);
    Some(Inputs { scenario, data, warnings: Diagnostics::new() })
}
