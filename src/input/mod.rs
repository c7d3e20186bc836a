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
pub mod scenario;
pub mod starter;
pub mod synth;
pub mod validate;

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
    let mut diags = Diagnostics::new();
    let inputs = load_all(path, budget, &mut diags);
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

fn load_all(path: &Path, budget: Option<f64>, diags: &mut Diagnostics) -> Option<Inputs> {
    let mut scenario = Scenario::load(path, diags)?;
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
    let mut data = data::load_dataset(&scenario.data, diags);
    validate::link(&mut data, &scenario, diags);
    Some(Inputs { scenario, data, warnings: Diagnostics::new() })
}
