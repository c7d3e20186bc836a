//! `grantplan plan`: solve the allocation program and print the grants.

use anyhow::Result;

use crate::cli::PlanArgs;
use crate::report::{self, Format};
use crate::{base::output, plan, score, EXIT_OK};

/// Run `plan`.
pub fn run(args: &PlanArgs) -> Result<i32> {
    let inputs = super::load(&args.scenario, args.budget)?;
    let (data, sc) = (&inputs.data, &inputs.scenario);
    let scores = score::score(data, sc);
    let solver = args.solver.into();
    // Long work (ceiling rounds, an integer search, the re-solves) says how far it is.
    crate::base::progress::show_here(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let (plan, extras) = plan::plan_and_extras(data, sc, &scores, solver)?;
    let report = report::plan_report(data, sc, &plan, &extras);
    let format = args.output.format;
    if let Some(id) = &args.funder {
        let sheet = report::funders::sheet(&report, id).map_err(anyhow::Error::msg)?;
        let bytes = match format {
            Format::Table => {
                report::funders::sheet_text(&sheet, super::layout(&args.output)).into_bytes()
            }
            Format::Csv => report::csv::rows(&sheet.grants).into_bytes(),
            Format::Json => report::json::render(&sheet).into_bytes(),
            Format::Xlsx => report::xlsx::funder_sheet(&sheet)?,
        };
        if let Some(dir) = &args.out_dir {
            export(dir, &report)?;
        }
        output::emit_bytes(args.output.output.as_deref(), &bytes, format.is_binary())?;
        return Ok(EXIT_OK);
    }
    let bytes = match format {
        Format::Table => report::table::plan(&report, super::layout(&args.output)).into_bytes(),
        Format::Csv => {
            report::csv::plan(&report, args.output.table).map_err(anyhow::Error::msg)?.into_bytes()
        }
        Format::Json => report::json::render(&report).into_bytes(),
        Format::Xlsx => {
            report::xlsx::plan(&report, report::visual::schedule(data, sc, &plan).as_ref())?
        }
    };
    if let Some(dir) = &args.out_dir {
        export(dir, &report)?;
    }
    output::emit_bytes(args.output.output.as_deref(), &bytes, format.is_binary())?;
    super::free_later((report, extras, plan, scores, inputs));
    Ok(EXIT_OK)
}

/// `--out DIR`: every table as CSV, and the rest as summary.json.
fn export(dir: &std::path::Path, report: &report::PlanReport) -> Result<()> {
    use report::csv::{plan as table, TableName};
    let csv = |t| table(report, Some(t)).map(String::into_bytes).map_err(anyhow::Error::msg);
    let mut summary = serde_json::to_value(report)?;
    if let Some(obj) = summary.as_object_mut() {
        for key in [
            "groups",
            "states",
            "constituencies",
            "races",
            "chambers",
            "constraints",
            "periods",
            "schedule",
            "funders",
            "funder_grants",
        ] {
            obj.shift_remove(key);
        }
    }
    let mut files = vec![
        ("groups.csv", csv(TableName::Groups)?),
        ("states.csv", csv(TableName::States)?),
        ("constituencies.csv", csv(TableName::Constituencies)?),
        ("races.csv", csv(TableName::Races)?),
        ("chambers.csv", csv(TableName::Chambers)?),
        ("constraints.csv", csv(TableName::Constraints)?),
        ("periods.csv", csv(TableName::Periods)?),
        ("schedule.csv", csv(TableName::Schedule)?),
        ("summary.json", report::json::render(&summary).into_bytes()),
    ];
    if !report.funders.is_empty() {
        files.push(("funders.csv", csv(TableName::Funders)?));
        files.push(("funder_grants.csv", csv(TableName::FunderGrants)?));
    }
    output::write_dir_atomic(dir, &files)?;
    eprintln!("wrote {} files to {}", files.len(), dir.display());
    Ok(())
}
