//! Arguments of the donor tools: `compare`, `frontier` and `robust`.

use std::path::PathBuf;

use clap::Args;

use super::{parse_dollars, SolverArg};
use crate::report::compare::CompareTable;
use crate::report::robust::RobustTable;
use crate::report::Format;

/// Where and how a donor tool writes its report.
#[derive(Debug, Clone, Args)]
pub struct ToolOutput {
    /// Output format: table, csv or json.
    #[arg(long, default_value = "table", value_parser = super::parse_tool_format, value_name = "FORMAT")]
    pub format: Format,
    /// Write to FILE instead of standard output (atomically: all or nothing).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Rows shown in long tables with --format table (0 = all).
    #[arg(long, default_value_t = 25, value_name = "N")]
    pub top: usize,
}

/// `grantplan compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// One scenario with --portfolio, or two or more scenarios to set side by side.
    #[arg(required = true, value_name = "SCENARIO")]
    pub scenarios: Vec<PathBuf>,
    /// A portfolio to evaluate (CSV with columns group,amount); repeat for several.
    #[arg(long = "portfolio", value_name = "FILE")]
    pub portfolios: Vec<PathBuf>,
    /// With one --portfolio: it is this [[funders]] member's; compare it with
    /// the funder's part of the table's joint plan.
    #[arg(long, value_name = "ID", requires = "portfolios")]
    pub funder: Option<String>,
    /// LP solver.
    #[arg(long, value_enum, default_value_t = SolverArg::Simplex)]
    pub solver: SolverArg,
    /// Which table to write with --format csv.
    #[arg(long, value_enum)]
    pub table: Option<CompareTable>,
    /// Output options.
    #[command(flatten)]
    pub output: ToolOutput,
}

/// `grantplan frontier`.
#[derive(Debug, Args)]
pub struct FrontierArgs {
    /// The scenario file (.toml).
    pub scenario: PathBuf,
    /// Smallest budget (default: a tenth of the scenario's).
    #[arg(long, value_parser = parse_dollars, value_name = "DOLLARS", allow_hyphen_values = true)]
    pub from: Option<f64>,
    /// Largest budget (default: twice the scenario's).
    #[arg(long, value_parser = parse_dollars, value_name = "DOLLARS", allow_hyphen_values = true)]
    pub to: Option<f64>,
    /// Budgets in all, evenly spaced from --from to --to (at least 2).
    #[arg(long, default_value_t = crate::tools::frontier::DEFAULT_STEPS, value_name = "N")]
    pub steps: usize,
    /// Find the smallest budget whose plan reaches this impact (win-equivalents).
    #[arg(long, value_name = "IMPACT")]
    pub target: Option<f64>,
    /// Returns "fall" at the first budget whose marginal impact per $1M is
    /// below (1 − FALLOFF) × the first step's.
    #[arg(long, default_value_t = crate::tools::frontier::FALLOFF, value_name = "FALLOFF")]
    pub falloff: f64,
    /// LP solver.
    #[arg(long, value_enum, default_value_t = SolverArg::Simplex)]
    pub solver: SolverArg,
    /// Output options.
    #[command(flatten)]
    pub output: ToolOutput,
}

/// `grantplan robust`.
#[derive(Debug, Args)]
pub struct RobustArgs {
    /// The scenario file (.toml).
    pub scenario: PathBuf,
    /// Forecasts to draw.
    #[arg(long, default_value_t = 200, value_name = "N")]
    pub draws: usize,
    /// Seed: the same seed gives the same bytes, on any number of threads.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// Threads (default: one per core). The output does not depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Budget in dollars, instead of the scenario's (e.g. 5000000, 5M, 750k).
    #[arg(long, value_parser = parse_dollars, value_name = "DOLLARS", allow_hyphen_values = true)]
    pub budget: Option<f64>,
    /// Flag the scenario's plan when one alternative plan beats it in more than this share of draws.
    #[arg(long, default_value_t = 0.5, value_name = "SHARE")]
    pub flag_share: f64,
    /// LP solver.
    #[arg(long, value_enum, default_value_t = SolverArg::Simplex)]
    pub solver: SolverArg,
    /// Which table to write with --format csv.
    #[arg(long, value_enum)]
    pub table: Option<RobustTable>,
    /// Output options.
    #[command(flatten)]
    pub output: ToolOutput,
}
