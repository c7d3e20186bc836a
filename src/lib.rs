//! grantplan: split a donor budget across local voter-organizing groups
//! where each dollar does the most good.
//!
//! The pipeline, as each command runs it: [`scenario`] and [`data`] load the
//! inputs, [`validate`] checks every cross-reference, [`score`] values a net
//! vote in every race ([`pivot`] for chamber control), [`model`] builds the
//! linear program, [`lp`] solves it, [`plan`] rounds and explains the
//! grants, and [`report`] renders tables, CSV and JSON.

pub mod cli;
pub mod cmd;
pub mod compare;
pub mod data;
pub mod date;
pub mod diag;
pub mod explain;
pub mod feasibility;
pub mod frontier;
pub mod lp;
pub mod milp;
pub mod model;
pub mod outcomes;
pub mod output;
pub mod par;
pub mod pivot;
pub mod plan;
pub mod report;
pub mod rng;
pub mod robust;
pub mod rounding;
pub mod scenario;
pub mod schedule;
pub mod score;
pub mod simplex;
pub mod stats;
pub mod synth;
pub mod validate;

use std::ffi::OsString;
use std::path::Path;

use crate::data::Dataset;
use crate::diag::{Diagnostics, InputError};
use crate::scenario::Scenario;

/// Exit code: success.
pub const EXIT_OK: i32 = 0;
/// Exit code: no plan can meet the scenario's limits.
pub const EXIT_INFEASIBLE: i32 = 1;
/// Exit code: bad input or usage.
pub const EXIT_INPUT: i32 = 2;
/// Exit code: the solver failed.
pub const EXIT_SOLVER: i32 = 3;

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
            inputs.warnings = diags;
            Ok(inputs)
        }
        _ => Err(InputError { diagnostics: diags }),
    }
}

fn load_all(path: &Path, budget: Option<f64>, diags: &mut Diagnostics) -> Option<Inputs> {
    let mut scenario = Scenario::load(path, diags)?;
    if let Some(b) = budget {
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

/// Run the command line `args` (program name first); returns the exit code.
pub fn run(args: impl IntoIterator<Item = OsString>) -> i32 {
    cmd::run(args)
}
