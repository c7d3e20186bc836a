//! CSV output: one table per file, header row first, columns stable and
//! documented in the README. Every text cell that a spreadsheet would read
//! as a formula (starting with = + - @, tab or carriage return) is
//! neutralized with a leading `'`; numbers are written as numbers.

use serde::Serialize;
use serde_json::Value;

use super::{PlanReport, ScoreReport};

/// The tables a command can write as CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableName {
    /// Races (score; plan: races reached, before and after).
    Races,
    /// Groups (score and plan).
    Groups,
    /// Chambers (score; plan: before and after).
    Chambers,
    /// States (score and plan).
    States,
    /// Constituencies (plan).
    Constituencies,
    /// Binding constraints and their costs (plan).
    Constraints,
    /// Dollars by period (plan with periods).
    Periods,
    /// Each group's grant in each period (plan with periods).
    Schedule,
    /// Dollars by state and period (plan with periods).
    StateSchedule,
    /// Each funder's budget, grants and impact (plan with `[[funders]]`).
    Funders,
    /// Each funder's grant to each group (plan with `[[funders]]`).
    FunderGrants,
}

/// A period row for CSV (its by-state breakdown is the state-schedule table).
#[derive(Serialize, Default)]
struct PeriodCsv {
    period: String,
    start: String,
    multiplier: f64,
    #[serde(serialize_with = "super::dollars")]
    release: f64,
    #[serde(serialize_with = "super::dollars")]
    amount: f64,
    #[serde(serialize_with = "super::dollars")]
    released_to_date: f64,
    #[serde(serialize_with = "super::dollars")]
    granted_to_date: f64,
    groups_funded: usize,
    races_ahead: usize,
}

/// One state's dollars in one period.
#[derive(Serialize, Default)]
struct StatePeriodCsv {
    state: String,
    period: String,
    #[serde(serialize_with = "super::dollars")]
    amount: f64,
}

/// Neutralize a text cell a spreadsheet would evaluate as a formula.
pub fn safe_text(s: &str) -> String {
    match s.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{s}"),
        _ => s.to_owned(),
    }
}

/// One cell: numbers as they serialize, text neutralized, lists joined
/// with `;` (a list of records contributes each record's first field).
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => safe_text(s),
        Value::Array(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|i| match i {
                    Value::Object(o) => o.values().next().map(cell).unwrap_or_default(),
                    other => cell(other),
                })
                .collect();
            safe_text(&parts.join(";"))
        }
        Value::Object(o) => safe_text(&serde_json::to_string(o).unwrap_or_default()),
    }
}

/// Write `rows` as CSV with a header from the row type's field names.
pub fn rows<T: Serialize + Default>(rows: &[T]) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut header_written = false;
    if rows.is_empty() {
        // No rows: the header alone, so the columns are still known.
        if let Ok(Value::Object(fields)) = serde_json::to_value(T::default()) {
            w.write_record(fields.keys()).expect("in-memory writer");
        }
    }
    for row in rows {
        let Ok(Value::Object(fields)) = serde_json::to_value(row) else {
            continue;
        };
        if !header_written {
            w.write_record(fields.keys()).expect("in-memory writer");
            header_written = true;
        }
        w.write_record(fields.values().map(cell)).expect("in-memory writer");
    }
    String::from_utf8(w.into_inner().expect("in-memory writer")).expect("UTF-8 text")
}

/// The chosen table of a `score` report (default: races).
pub fn score(report: &ScoreReport<'_>, table: Option<TableName>) -> Result<String, String> {
    match table.unwrap_or(TableName::Races) {
        TableName::Races => Ok(rows(&report.races)),
        TableName::Groups => Ok(rows(&report.groups)),
        TableName::States => Ok(rows(&report.states)),
        TableName::Chambers => Ok(rows(&report.chambers)),
        _ => Err("`score` has the tables races, groups, chambers and states".to_owned()),
    }
}

/// The chosen table of a `plan` report (default: groups).
pub fn plan(report: &PlanReport, table: Option<TableName>) -> Result<String, String> {
    Ok(match table.unwrap_or(TableName::Groups) {
        TableName::Groups => rows(&report.groups),
        TableName::States => rows(&report.states),
        TableName::Constituencies => rows(&report.constituencies),
        TableName::Races => rows(&report.races),
        TableName::Chambers => rows(&report.chambers),
        TableName::Constraints => rows(&report.constraints),
        TableName::Periods => rows(
            &report
                .periods
                .iter()
                .map(|p| PeriodCsv {
                    period: p.period.clone(),
                    start: p.start.clone(),
                    multiplier: p.multiplier,
                    release: p.release,
                    amount: p.amount,
                    released_to_date: p.released_to_date,
                    granted_to_date: p.granted_to_date,
                    groups_funded: p.groups_funded,
                    races_ahead: p.races_ahead,
                })
                .collect::<Vec<_>>(),
        ),
        TableName::Schedule => rows(&report.schedule),
        TableName::Funders => rows(&report.funders),
        TableName::FunderGrants => rows(&report.funder_grants),
        TableName::StateSchedule => rows(
            &report
                .periods
                .iter()
                .flat_map(|p| {
                    p.by_state.iter().map(|s| StatePeriodCsv {
                        state: s.state.clone(),
                        period: p.period.clone(),
                        amount: s.amount,
                    })
                })
                .collect::<Vec<_>>(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralized() {
        assert_eq!(safe_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(safe_text("-1+2"), "'-1+2");
        assert_eq!(safe_text("Tamarack Youth"), "Tamarack Youth");
    }

    #[derive(Serialize, Default)]
    struct R {
        name: String,
        amount: f64,
        tags: Vec<String>,
        cap: Option<f64>,
    }

    #[test]
    fn text_cells_are_safe_and_numbers_stay_numbers() {
        let out = rows(&[R {
            name: "=cmd|' /C calc'!A0".into(),
            amount: -5.5,
            tags: vec!["a".into(), "b".into()],
            cap: None,
        }]);
        assert_eq!(out, "name,amount,tags,cap\n'=cmd|' /C calc'!A0,-5.5,a;b,\n");
        assert_eq!(rows::<R>(&[]), "name,amount,tags,cap\n");
    }
}
