//! grantplan: split a donor budget across local voter-organizing groups
//! where each dollar does the most good.
//!
//! The pipeline, one folder per stage, in the order data flows (each stage
//! uses only the stages before it and the ground floor):
//!
//! 1. [`input`] loads the scenario and data files and checks every
//!    cross-reference;
//! 2. [`score`] values a net vote in every race (closeness, chamber control)
//!    and a dollar at every group;
//! 3. [`plan`] builds the linear program, solves it, rounds the grants and
//!    explains them (binding limits, odds before and after, schedule);
//! 4. [`tools`] asks the planner a donor's questions: compare portfolios,
//!    trace the budget frontier, re-plan under forecast errors;
//! 5. [`report`] renders finished results as tables, CSV, JSON, xlsx and
//!    HTML, and computes nothing.
//!
//! [`base`] is the ground floor (parallel map, seeded generator, progress
//! bar, atomic output, money formatting); [`cli`] and [`cmd`] are the face:
//! the command line, and one function per subcommand that runs the stages.

pub mod base;
pub mod cli;
pub mod cmd;
pub mod input;
pub mod plan;
pub mod report;
pub mod score;
pub mod tools;

use std::ffi::OsString;

pub use input::{load, Inputs};

/// Exit code: success.
pub const EXIT_OK: i32 = 0;
/// Exit code: no plan can meet the scenario's limits.
pub const EXIT_INFEASIBLE: i32 = 1;
/// Exit code: bad input or usage.
pub const EXIT_INPUT: i32 = 2;
/// Exit code: the solver failed.
pub const EXIT_SOLVER: i32 = 3;
/// Exit code: the output could not be written (a missing folder, no
/// permission, a full disk); nothing was half-written.
pub const EXIT_IO: i32 = 4;

/// Run the command line `args` (program name first); returns the exit code.
pub fn run(args: impl IntoIterator<Item = OsString>) -> i32 {
    cmd::run(args)
}
