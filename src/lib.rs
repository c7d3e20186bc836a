//! grantplan: split a donor budget across local voter-organizing groups
//! where each dollar does the most good.
//!
//! The pipeline, as each command runs it: [`scenario`] and [`data`] load the
//! inputs, [`validate`] checks every cross-reference, [`score`] values a net
//! vote in every race ([`pivot`] for chamber control), [`model`] builds the
//! linear program, [`lp`] solves it, [`plan`] rounds and explains the
//! grants, and [`report`] renders tables, CSV and JSON.

pub mod cli;
pub mod data;
pub mod date;
pub mod diag;
pub mod feasibility;
pub mod lp;
pub mod model;
pub mod output;
pub mod pivot;
pub mod plan;
pub mod report;
pub mod scenario;
pub mod score;
pub mod stats;
pub mod validate;

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::Path;

use anyhow::Result;
use clap::Parser;

use crate::cli::{Cli, Command, OutputArgs};
use crate::data::Dataset;
use crate::diag::{Diagnostics, InputError};
use crate::plan::PlanError;
use crate::report::table::Layout;
use crate::report::Format;
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
    let (inputs, diags) = load_all(path, budget, &mut diags).map_or_else(|| (None, diags.clone()), |i| (Some(i), diags.clone()));
    match inputs {
        Some(mut i) if !diags.has_errors() => {
            i.warnings = diags;
            Ok(i)
        }
        _ => {
            let mut diagnostics = diags;
            diagnostics.sort();
            Err(InputError { diagnostics })
        }
    }
}

fn load_all(path: &Path, budget: Option<f64>, diags: &mut Diagnostics) -> Option<Inputs> {
    let mut scenario = Scenario::load(path, diags)?;
    if let Some(b) = budget {
        scenario.set_budget(b);
    }
    let mut data = data::load_dataset(&scenario.data, diags);
    validate::link(&mut data, &scenario, diags);
    Some(Inputs { scenario, data, warnings: Diagnostics::new() })
}

/// Run the command line `args` (program name first); returns the exit code.
pub fn run(args: impl IntoIterator<Item = OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    match dispatch(cli) {
        Ok(code) => code,
        Err(e) => {
            if let Some(input) = e.downcast_ref::<InputError>() {
                eprintln!("{input}");
                return EXIT_INPUT;
            }
            if let Some(plan) = e.downcast_ref::<PlanError>() {
                eprintln!("grantplan: {plan}");
                return match plan {
                    PlanError::Infeasible(_) => EXIT_INFEASIBLE,
                    PlanError::Solver(_) => EXIT_SOLVER,
                };
            }
            eprintln!("grantplan: {e:#}");
            EXIT_INPUT
        }
    }
}

fn dispatch(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Validate(args) => cmd_validate(&args.scenario),
        Command::Score(args) => {
            let inputs = load(&args.scenario, None)?;
            print_warnings(&inputs.warnings);
            let scores = score::score(&inputs.data, &inputs.scenario);
            let report = report::score_report(&inputs.data, &inputs.scenario, &scores);
            let text = match args.output.format {
                Format::Table => report::table::score(&report, layout(&args.output)),
                Format::Csv => report::csv::score(&report, args.output.table).map_err(anyhow::Error::msg)?,
                Format::Json => report::json::render(&report),
            };
            output::emit(args.output.output.as_deref(), &text)?;
            Ok(EXIT_OK)
        }
        Command::Plan(args) => {
            let inputs = load(&args.scenario, args.budget)?;
            print_warnings(&inputs.warnings);
            let (data, sc) = (&inputs.data, &inputs.scenario);
            let scores = score::score(data, sc);
            let plan = plan::plan(data, sc, &scores, args.solver.into())?;
            let report = report::plan_report(data, sc, &plan);
            let text = match args.output.format {
                Format::Table => report::table::plan(&report, layout(&args.output)),
                Format::Csv => report::csv::plan(&report, args.output.table).map_err(anyhow::Error::msg)?,
                Format::Json => report::json::render(&report),
            };
            output::emit(args.output.output.as_deref(), &text)?;
            Ok(EXIT_OK)
        }
    }
}

fn cmd_validate(path: &Path) -> Result<i32> {
    match load(path, None) {
        Ok(inputs) => {
            let (d, sc) = (&inputs.data, &inputs.scenario);
            let mut problems = inputs.warnings.clone();
            for c in feasibility::cheap_checks(d, sc) {
                let pos = c.pos.unwrap_or_default();
                problems.error(&sc.path, pos, c.message).hint(c.fix);
            }
            eprint!("{}", problems.render());
            let errors = problems.error_count();
            let warnings = problems.items().len() - errors;
            println!(
                "{}: {} — {} states, {} chambers, {} races, {} groups; {errors} error{}, {warnings} warning{}",
                path.display(),
                if errors == 0 { "OK" } else { "cannot be planned" },
                d.states.len(),
                d.chambers.len(),
                d.races.len(),
                d.groups.len(),
                if errors == 1 { "" } else { "s" },
                if warnings == 1 { "" } else { "s" },
            );
            Ok(if errors == 0 { EXIT_OK } else { EXIT_INPUT })
        }
        Err(e) => Err(e.into()),
    }
}

fn print_warnings(warnings: &Diagnostics) {
    if !warnings.items().is_empty() {
        eprint!("{}", warnings.render());
    }
}

fn layout(args: &OutputArgs) -> Layout {
    let tty = args.output.is_none() && std::io::stdout().is_terminal();
    let width = if tty { comfy_table::Table::new().width().or(Some(120)) } else { None };
    Layout { top: args.top, width }
}
