//! Command-line arguments (clap derive). Parsed once, then merged with the
//! scenario into the settings each command runs with.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

mod donor;

pub use donor::{CompareArgs, FrontierArgs, RobustArgs, ToolOutput};

use crate::plan::lp::Solver;
use crate::report::csv::TableName;
use crate::report::Format;

const EXAMPLES: &str = "\
Examples:
  grantplan plan scenarios/midterms-2026.toml
  grantplan plan scenarios/midterms-2026.toml --budget 5M --format csv -o plan.csv
  grantplan plan scenarios/midterms-2026.toml --format xlsx -o plan.xlsx
  grantplan report scenarios/midterms-2026.toml -o report.html
  grantplan score scenarios/midterms-2026.toml --top 40
  grantplan score scenarios/midterms-2026.toml --format csv --table groups
  grantplan validate scenarios/midterms-2026.toml

Exit codes: 0 success, 1 no plan can meet the scenario's limits,
2 bad input or usage, 3 the solver failed, 4 the output could not be written.";

/// grantplan: decide where a donor budget for local voter-organizing groups
/// does the most good.
#[derive(Debug, Parser)]
#[command(name = "grantplan", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Refuse input files larger than this many megabytes (default 200).
    #[arg(long, global = true, value_name = "MB", value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_input_mb: Option<u64>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a scenario and every data file it names; report all problems at once.
    #[command(after_help = "Example:\n  grantplan validate scenarios/midterms-2026.toml")]
    Validate(ValidateArgs),
    /// Score races (value of a net vote), chambers (odds of control), states and groups.
    #[command(
        after_help = "Examples:\n  grantplan score scenarios/midterms-2026.toml\n  grantplan score scenarios/midterms-2026.toml --format json -o scores.json"
    )]
    Score(ScoreArgs),
    /// Split the budget across groups: the linear program of MODEL.md §3.
    #[command(
        after_help = "Examples:\n  grantplan plan scenarios/midterms-2026.toml\n  grantplan plan scenarios/midterms-2026.toml --budget 2.5M --format csv --table states"
    )]
    Plan(PlanArgs),
    /// Evaluate portfolios (group,amount) against the optimal plan, or set scenarios side by side.
    #[command(
        after_help = "Examples:\n  grantplan compare scenarios/midterms-2026.toml --portfolio mine.csv\n  grantplan compare scenarios/midterms-2026.toml scenarios/cycle-2028.toml"
    )]
    Compare(CompareArgs),
    /// Impact and marginal impact per $1M at each budget; where returns fall; the budget a target needs.
    #[command(
        after_help = "Examples:\n  grantplan frontier scenarios/midterms-2026.toml --from 1M --to 50M --steps 50\n  grantplan frontier scenarios/midterms-2026.toml --target 5 --format csv"
    )]
    Frontier(FrontierArgs),
    /// Re-plan under drawn forecast and cost errors: how the plan holds up if the forecasts are wrong.
    #[command(
        after_help = "Examples:\n  grantplan robust scenarios/midterms-2026.toml --draws 500 --seed 7\n  grantplan robust scenarios/midterms-2026.toml --format csv --table groups"
    )]
    Robust(RobustArgs),
    /// Write a synthetic national-scale data set and scenarios (for benchmarks and tests).
    #[command(
        after_help = "Example:\n  grantplan synth --races 8000 --groups 10000 --seed 1 -o target/synth\n  grantplan plan target/synth/scenario.toml"
    )]
    Synth(SynthArgs),
    /// Write the plan as a one-page visual report for donors: self-contained HTML with charts.
    #[command(
        after_help = "Examples:\n  grantplan report scenarios/midterms-2026.toml -o report.html\n  grantplan report scenarios/early-money-2028.toml --budget 12M -o early.html"
    )]
    Report(ReportArgs),
    /// Start a new plan: write a commented scenario, the shipped data and a small groups file to DIR.
    #[command(
        after_help = "Example:\n  grantplan init my-plan\n  grantplan plan my-plan/scenario.toml"
    )]
    Init(InitArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell or elvish).
    #[command(
        after_help = "Examples:\n  grantplan completions bash > ~/.local/share/bash-completion/completions/grantplan\n  grantplan completions zsh > ~/.zfunc/_grantplan\n  grantplan completions fish > ~/.config/fish/completions/grantplan.fish"
    )]
    Completions(CompletionsArgs),
    /// Print the manual page (roff), of grantplan or of one command.
    #[command(
        after_help = "Examples:\n  grantplan man > ~/.local/share/man/man1/grantplan.1\n  grantplan man plan > ~/.local/share/man/man1/grantplan-plan.1\n  grantplan man | man -l -"
    )]
    Man(ManArgs),
}

/// `grantplan completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `grantplan man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// A command, for its own page (grantplan-COMMAND.1); none for grantplan.1.
    pub command: Option<String>,
}

/// `grantplan init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create (it must not exist, or be empty).
    pub dir: PathBuf,
    /// Which shipped election data to use: 2026 or 2028.
    #[arg(long, default_value = "2026", value_parser = ["2026", "2028"])]
    pub cycle: String,
}

/// `grantplan synth`.
#[derive(Debug, Args)]
pub struct SynthArgs {
    /// Races in all (435 House, 34 Senate and 36 governor races, then state legislative seats).
    #[arg(long, default_value_t = 8000)]
    pub races: usize,
    /// Groups.
    #[arg(long, default_value_t = 10_000)]
    pub groups: usize,
    /// Seed: the same seed writes the same bytes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Folder to write (states.csv, chambers.csv, races.csv, groups.csv,
    /// scenario.toml, scenario-periods.toml).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: PathBuf,
}

/// Where and how to write a report.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format: table, csv, json or xlsx.
    #[arg(long, default_value = "table", value_parser = parse_format, value_name = "FORMAT")]
    pub format: Format,
    /// Write to FILE instead of standard output (atomically: all or nothing).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Which table to write with --format csv.
    #[arg(long, value_enum)]
    pub table: Option<TableName>,
    /// Rows shown in long tables with --format table (0 = all).
    #[arg(long, default_value_t = 25, value_name = "N")]
    pub top: usize,
}

/// `grantplan validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The scenario file (.toml).
    pub scenario: PathBuf,
}

/// `grantplan score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The scenario file (.toml).
    pub scenario: PathBuf,
    /// Output options.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `grantplan plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The scenario file (.toml).
    pub scenario: PathBuf,
    /// Budget in dollars, instead of the scenario's (e.g. 5000000, 5M, 750k).
    #[arg(long, value_parser = parse_dollars, value_name = "DOLLARS", allow_hyphen_values = true)]
    pub budget: Option<f64>,
    /// LP solver.
    #[arg(long, value_enum, default_value_t = SolverArg::Simplex)]
    pub solver: SolverArg,
    /// Also write every table and a summary to folder DIR: groups.csv,
    /// states.csv, constituencies.csv, races.csv, chambers.csv,
    /// constraints.csv and summary.json (all at once, or none); with
    /// [[funders]] also funders.csv and funder_grants.csv.
    #[arg(long = "out", value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Show one funder's grant list (a [[funders]] id) instead of the whole plan.
    #[arg(long, value_name = "ID")]
    pub funder: Option<String>,
    /// Output options.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `grantplan report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The scenario file (.toml).
    pub scenario: PathBuf,
    /// Budget in dollars, instead of the scenario's (e.g. 5000000, 5M, 750k).
    #[arg(long, value_parser = parse_dollars, value_name = "DOLLARS", allow_hyphen_values = true)]
    pub budget: Option<f64>,
    /// LP solver.
    #[arg(long, value_enum, default_value_t = SolverArg::Simplex)]
    pub solver: SolverArg,
    /// Write the page to FILE (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Solvers selectable on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SolverArg {
    /// grantplan's bounded simplex for few rows and many columns (default).
    Simplex,
    /// microlp: a general simplex (through good_lp).
    Microlp,
    /// Clarabel: interior point.
    Clarabel,
}

impl From<SolverArg> for Solver {
    fn from(s: SolverArg) -> Solver {
        match s {
            SolverArg::Simplex => Solver::Simplex,
            SolverArg::Microlp => Solver::Microlp,
            SolverArg::Clarabel => Solver::Clarabel,
        }
    }
}

/// `--format` for `plan` and `score`: table, csv, json or xlsx.
pub fn parse_format(text: &str) -> Result<Format, String> {
    format_among(text, &["table", "csv", "json", "xlsx"])
}

/// `--format` for the donor tools, which write no spreadsheet.
pub fn parse_tool_format(text: &str) -> Result<Format, String> {
    format_among(text, &["table", "csv", "json"])
}

/// The format named `text`, one of `names`; a wrong case or an unknown name
/// says which to write.
fn format_among(text: &str, names: &[&str]) -> Result<Format, String> {
    let list = names.join(", ");
    if names.contains(&text) {
        return <Format as clap::ValueEnum>::from_str(text, false);
    }
    let lower = text.trim().to_ascii_lowercase();
    if names.contains(&lower.as_str()) {
        return Err(format!("formats are written in lower case: did you mean `{lower}`?"));
    }
    if lower == "xlsx" {
        return Err(format!(
            "this command writes no spreadsheet (xlsx is for plan and score); use one of {list}"
        ));
    }
    Err(format!("unknown format `{text}`: use one of {list}"))
}

/// Dollars from `5000000`, `5_000_000`, `$5,000,000`, `5M`, `750k`, `1.5B`.
pub fn parse_dollars(text: &str) -> Result<f64, String> {
    match crate::base::numbers::parse_money(text) {
        Some(v) if v > crate::input::limits::MAX_DOLLARS => {
            Err(format!("expected at most $1,000,000,000,000 (1e12), found `{text}`"))
        }
        Some(v) if v > 0.0 => Ok(v),
        _ if text.trim().starts_with('-')
            || crate::base::numbers::parse_money(text) == Some(0.0) =>
        {
            Err(format!(
                "a budget must be more than $0, found `{text}`: write the dollars to plan, e.g. 5M"
            ))
        }
        _ => Err(format!("expected whole dollars > 0 such as 5000000, 5M or 750k, found `{text}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn dollars_accept_suffixes_and_separators() {
        assert_eq!(parse_dollars("5M"), Ok(5e6));
        assert_eq!(parse_dollars("750k"), Ok(750e3));
        assert_eq!(parse_dollars("$2,500,000"), Ok(2.5e6));
        assert_eq!(parse_dollars("10_000_000"), Ok(1e7));
        assert_eq!(parse_dollars("1.5M"), Ok(1.5e6));
        assert!(parse_dollars("-5").is_err());
        assert!(parse_dollars("lots").is_err());
        assert!(parse_dollars("-5M").unwrap_err().contains("more than $0"));
    }

    #[test]
    fn formats_suggest_the_lower_case_name() {
        assert_eq!(parse_format("csv"), Ok(Format::Csv));
        assert!(parse_format("CSV").unwrap_err().contains("did you mean `csv`?"));
        assert_eq!(parse_format("xlsx"), Ok(Format::Xlsx));
        assert!(parse_tool_format("xlsx").unwrap_err().contains("no spreadsheet"));
        assert!(parse_tool_format("yaml").unwrap_err().contains("table, csv, json"));
    }
}
