//! `grantplan compare`: a portfolio against the optimum, or scenarios side by side.

use anyhow::{bail, Result};
use serde::Serialize;

use crate::cli::CompareArgs;
use crate::compare::{self, Planned, PortfolioReport};
use crate::report::csv::TableName;
use crate::report::{self, Format};
use crate::{output, plan, score, EXIT_OK};

/// Every portfolio evaluated under one scenario.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PortfolioComparison {
    /// Scenario file.
    pub scenario: String,
    /// One per portfolio, in the order given.
    pub portfolios: Vec<PortfolioReport>,
}

/// Run `compare`.
pub fn run(args: &CompareArgs) -> Result<i32> {
    let solver = args.solver.into();
    let text = if !args.portfolio.is_empty() {
        if args.scenarios.len() != 1 {
            bail!(
                "--portfolio compares against one scenario; found {} scenario files",
                args.scenarios.len()
            );
        }
        let inputs = super::load(&args.scenarios[0], None)?;
        let (data, sc) = (&inputs.data, &inputs.scenario);
        let scores = score::score(data, sc);
        let mut portfolios = Vec::new();
        for path in &args.portfolio {
            let p = compare::read_portfolio(path, data)?;
            portfolios.push(compare::evaluate(data, sc, &scores, &p, solver)?);
        }
        let c =
            PortfolioComparison { scenario: args.scenarios[0].display().to_string(), portfolios };
        match args.output.format {
            Format::Table => report::tools::portfolio_table(&c.portfolios, super::layout(&args.output)),
            Format::Csv => match args.output.table {
                None => report::csv::rows(&c.portfolios),
                Some(t) => bail!("compare --portfolio writes one CSV table (one row per portfolio); drop --table {t:?}"),
            },
            Format::Json => report::json::render(&c),
            Format::Xlsx => bail!("--format xlsx is for plan and score; use csv or json here"),
        }
    } else {
        if args.scenarios.len() < 2 {
            bail!("give two or more scenarios to compare, or one scenario and --portfolio FILE");
        }
        let mut loaded = Vec::new();
        for path in &args.scenarios {
            let inputs = super::load(path, None)?;
            let scores = score::score(&inputs.data, &inputs.scenario);
            let p = plan::plan(&inputs.data, &inputs.scenario, &scores, solver)?;
            loaded.push((path.clone(), inputs, p));
        }
        let planned: Vec<Planned<'_>> = loaded
            .iter()
            .map(|(path, i, p)| Planned { path, data: &i.data, sc: &i.scenario, plan: p })
            .collect();
        let c = compare::scenarios(&planned, args.output.top.max(10));
        match args.output.format {
            Format::Table => report::tools::scenarios_table(&c, super::layout(&args.output)),
            Format::Csv => match args.output.table {
                None => report::csv::rows(&c.scenarios),
                Some(TableName::Groups) => report::csv::rows(&c.groups),
                Some(t) => bail!("compare writes the tables groups (grants that differ) or, by default, one row per scenario; not {t:?}"),
            },
            Format::Json => report::json::render(&c),
            Format::Xlsx => bail!("--format xlsx is for plan and score; use csv or json here"),
        }
    };
    output::emit(args.output.output.as_deref(), &text)?;
    Ok(EXIT_OK)
}
