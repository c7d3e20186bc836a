//! `grantplan compare`: portfolios against the optimal plan at the same
//! budget, or scenarios side by side.

use anyhow::{bail, Result};

use crate::cli::CompareArgs;
use crate::input::diag::{Diagnostics, InputError};
use crate::report::{self, Format};
use crate::tools::compare::{self, Planned};
use crate::tools::portfolio;
use crate::{base::output, plan, score, EXIT_OK};

/// Run `compare`.
pub fn run(args: &CompareArgs) -> Result<i32> {
    let text = if args.portfolios.is_empty() { scenarios(args)? } else { portfolios(args)? };
    output::emit(args.output.output.as_deref(), &text)?;
    Ok(EXIT_OK)
}

/// `compare SCENARIO --portfolio A.csv [--portfolio B.csv ...]`.
fn portfolios(args: &CompareArgs) -> Result<String> {
    let [scenario] = args.scenarios.as_slice() else {
        bail!(
            "--portfolio evaluates portfolios under one scenario; found {} scenarios",
            args.scenarios.len()
        );
    };
    let inputs = super::load(scenario, None)?;
    crate::base::output::protect(args.portfolios.iter().map(|p| p.as_path()));
    let (data, sc) = (&inputs.data, &inputs.scenario);
    // Every problem in every portfolio at once.
    let mut problems = Diagnostics::new();
    let mut read = Vec::new();
    for path in &args.portfolios {
        match portfolio::read(path, data) {
            Ok(p) => read.push(p),
            Err(e) => problems.extend(e.diagnostics),
        }
    }
    if problems.has_errors() {
        return Err(InputError { diagnostics: problems }.into());
    }
    let scores = score::score(data, sc);
    if let Some(id) = &args.funder {
        let [one] = read.as_slice() else {
            bail!("--funder compares one portfolio; found {}", read.len());
        };
        let Some(f) = sc.funders.iter().position(|f| &f.id == id) else {
            let ids: Vec<&str> = sc.funders.iter().map(|f| f.id.as_str()).collect();
            match crate::input::data::closest(id, ids.iter().copied()) {
                Some(best) => bail!("--funder: unknown funder `{id}`; did you mean `{best}`?"),
                None if ids.is_empty() => bail!("--funder {id}: the scenario has no [[funders]]"),
                None => bail!("--funder: unknown funder `{id}`; funders: {}", ids.join(", ")),
            }
        };
        let c = crate::tools::funder::compare(data, sc, &scores, one, f, args.solver.into())?;
        let view = report::funders::funder_compare(data, sc, &c);
        return Ok(match args.output.format {
            Format::Table => {
                report::funders::funder_compare_text(&view, super::report_layout(&args.output))
            }
            Format::Csv => report::csv::rows(&view.groups),
            Format::Json => report::json::render(&view),
            Format::Xlsx => bail!("--format xlsx is for plan and score; use csv or json here"),
        });
    }
    let evals = read
        .iter()
        .map(|p| compare::evaluate(data, sc, &scores, p, args.solver.into()))
        .collect::<Result<Vec<_>, _>>()?;
    let view = report::compare::portfolio_report(data, sc, &scores, &evals);
    Ok(match args.output.format {
        Format::Table => report::compare::portfolio_text(&view, super::report_layout(&args.output)),
        Format::Csv => report::compare::portfolio_csv(&view, args.table),
        Format::Json => report::json::render(&view),
        Format::Xlsx => bail!("--format xlsx is for plan and score; use csv or json here"),
    })
}

/// `compare A.toml B.toml [...]`.
fn scenarios(args: &CompareArgs) -> Result<String> {
    if args.scenarios.len() < 2 {
        bail!(
            "give two or more scenarios to set side by side, or one scenario with --portfolio FILE"
        );
    }
    let mut problems = Diagnostics::new();
    let mut loaded = Vec::new();
    for path in &args.scenarios {
        match super::load(path, None) {
            Ok(i) => loaded.push((path.clone(), i)),
            Err(e) => match e.downcast::<InputError>() {
                Ok(input) => problems.extend(input.diagnostics),
                Err(other) => return Err(other),
            },
        }
    }
    if problems.has_errors() {
        return Err(InputError { diagnostics: problems }.into());
    }
    let mut runs = Vec::new();
    for (path, inputs) in loaded {
        let scores = score::score(&inputs.data, &inputs.scenario);
        let plan = plan::plan(&inputs.data, &inputs.scenario, &scores, args.solver.into())?;
        runs.push(Planned { path, scenario: inputs.scenario, data: inputs.data, plan });
    }
    let view = report::scenarios::scenario_report(&runs);
    Ok(match args.output.format {
        Format::Table => {
            report::scenarios::scenario_text(&view, super::report_layout(&args.output))
        }
        Format::Csv => {
            report::scenarios::scenario_csv(&view, args.table).map_err(anyhow::Error::msg)?
        }
        Format::Json => report::json::render(&view),
        Format::Xlsx => bail!("--format xlsx is for plan and score; use csv or json here"),
    })
}
