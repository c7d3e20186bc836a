//! The subcommands, one file each. Every command reads as
//! load → validate → score → build model → solve → report.

mod compare;
mod completions;
mod frontier;
pub mod fuzz;
mod init;
mod plan;
mod report;
mod robust;
mod score;
mod synth;
mod validate;

use std::ffi::OsString;
use std::io::IsTerminal;

use anyhow::Result;
use clap::Parser;

use crate::base::output::OutputError;
use crate::cli::{Cli, Command, OutputArgs};
use crate::input::diag::{Diagnostics, InputError};
use crate::plan::PlanError;
use crate::report::table::Layout;
use crate::{EXIT_INFEASIBLE, EXIT_INPUT, EXIT_IO, EXIT_SOLVER};

/// Free `value` on another thread while the process finishes (and exits
/// without waiting for it): freeing a national data set and what was built
/// from it (some 100,000 small blocks) takes longer than rendering it
/// (`plan` on the national synthetic data: about 41 million instructions,
/// 2% of its run). If no thread can be started, it is freed here.
fn free_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// Parse `args`, run the command, print any error once; returns the exit code.
pub fn run(args: impl IntoIterator<Item = OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    if let Some(mb) = cli.max_input_mb {
        crate::input::limits::set_max_file_bytes(mb * 1024 * 1024);
    }
    let result = match cli.command {
        Command::Validate(args) => validate::run(&args),
        Command::Score(args) => score::run(&args),
        Command::Plan(args) => plan::run(&args),
        Command::Compare(args) => compare::run(&args),
        Command::Frontier(args) => frontier::run(&args),
        Command::Robust(args) => robust::run(&args),
        Command::Synth(args) => synth::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Completions(args) => completions::completions(&args),
        Command::Man(args) => completions::man(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => exit_code(&e),
    }
}

/// Print an error and choose its exit code.
fn exit_code(e: &anyhow::Error) -> i32 {
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
    if let Some(out) = e.downcast_ref::<OutputError>() {
        eprintln!("grantplan: {out}");
        return if out.refused { EXIT_INPUT } else { EXIT_IO };
    }
    eprintln!("grantplan: {e:#}");
    EXIT_INPUT
}

/// Warnings go to standard error (the first few; `validate` lists them
/// all); they never stop a run.
fn print_warnings(warnings: &Diagnostics) {
    const SHOWN: usize = 10;
    for d in warnings.items().iter().take(SHOWN) {
        eprintln!("{d}");
    }
    let more = warnings.warning_count().saturating_sub(SHOWN);
    if more > 0 {
        eprintln!("... and {more} more warnings: `grantplan validate` lists them all");
    }
}

/// Table layout: wrap to the terminal when printing to one, never otherwise
/// (so files and pipes get the same bytes every time).
fn layout(args: &OutputArgs) -> Layout {
    let tty = args.output.is_none() && std::io::stdout().is_terminal();
    let width = if tty { comfy_table::Table::new().width().or(Some(120)) } else { None };
    Layout { top: args.top, width }
}

/// [`layout`] for the donor tools' output options.
fn report_layout(args: &crate::cli::ToolOutput) -> Layout {
    let tty = args.output.is_none() && std::io::stdout().is_terminal();
    let width = if tty { comfy_table::Table::new().width().or(Some(120)) } else { None };
    Layout { top: args.top, width }
}

/// Shorthand for commands: load inputs, print warnings, resolve the anchor.
fn load(path: &std::path::Path, budget: Option<f64>) -> Result<crate::Inputs> {
    let mut inputs = crate::load(path, budget)?;
    let paths = &inputs.data.paths;
    crate::base::output::protect([
        path,
        paths.states.as_path(),
        paths.chambers.as_path(),
        paths.races.as_path(),
        paths.groups.as_path(),
    ]);
    print_warnings(&inputs.warnings);
    let mut diags = Diagnostics::new();
    anchor(&mut inputs, &mut diags);
    if diags.has_errors() {
        return Err(InputError { diagnostics: diags }.into());
    }
    Ok(inputs)
}

/// With `scoring.anchor`: find the national shift that matches the
/// published P(D control) and put it in the scenario (MODEL.md §2).
/// A target no shift reaches goes to `diags`, at the anchor.
fn anchor(inputs: &mut crate::Inputs, diags: &mut Diagnostics) {
    let (data, sc) = (&inputs.data, &mut inputs.scenario);
    let Some(a) = &sc.scoring.anchor else { return };
    let Some(&c) = data.chamber_index.get(&a.chamber.name) else { return };
    match crate::score::anchor::find_shift(data, sc, c, a.p_control) {
        Ok(shift) => {
            sc.scoring.national_shift = shift;
            if let Some(a) = &mut sc.scoring.anchor {
                a.shift = Some(shift);
            }
        }
        Err(e) => {
            diags
                .error(&sc.path, a.chamber.pos, format!(
                    "no national shift gives `{}` a P(D control) of {}: it runs from {:.4} to {:.4} as the shift goes from −{} to +{} points",
                    a.chamber.name, a.p_control, e.lowest, e.highest,
                    crate::score::anchor::SEARCH, crate::score::anchor::SEARCH
                ))
                .hint("check the chamber's `needed` and `d_not_up` in chambers.csv, or the published probability");
        }
    }
}
