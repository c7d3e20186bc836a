//! CSV output: one table per file, header row first, columns stable and
//! documented in the README. Text cells that a spreadsheet would read as a
//! formula (starting with = + - @) are neutralized with a leading `'`.

use serde::Serialize;

use super::{PlanReport, ScoreReport};

/// The tables a command can write as CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableName {
    /// Races (score).
    Races,
    /// Groups (score and plan).
    Groups,
    /// Chambers (score).
    Chambers,
    /// States (score and plan).
    States,
    /// Constituencies (plan).
    Constituencies,
}

/// Write `rows` as CSV with a header from the row type's field names.
pub fn rows<T: Serialize>(rows: &[T]) -> String {
    let mut w = csv::WriterBuilder::new().has_headers(true).from_writer(Vec::new());
    for row in rows {
        w.serialize(row).expect("rows serialize to CSV");
    }
    let bytes = w.into_inner().expect("in-memory writer");
    String::from_utf8(bytes).expect("CSV of UTF-8 text")
}

/// Neutralize a text cell a spreadsheet would evaluate as a formula.
pub fn safe_text(s: &str) -> String {
    match s.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{s}"),
        _ => s.to_owned(),
    }
}

#[derive(Serialize)]
struct ChamberCsv<'a> {
    chamber: String,
    name: String,
    seats: u32,
    needed: u32,
    d_not_up: u32,
    races: usize,
    control_value: f64,
    p_control: f64,
    expected_seats: f64,
    tipping: &'a str,
}

/// The chosen table of a `score` report (default: races).
pub fn score(report: &ScoreReport, table: Option<TableName>) -> Result<String, String> {
    match table.unwrap_or(TableName::Races) {
        TableName::Races => Ok(rows(
            &report
                .races
                .iter()
                .map(|r| {
                    let mut r = r.clone();
                    r.race = safe_text(&r.race);
                    r.district = safe_text(&r.district);
                    r
                })
                .collect::<Vec<_>>(),
        )),
        TableName::Groups => Ok(rows(
            &report
                .groups
                .iter()
                .map(|g| {
                    let mut g = g.clone();
                    g.group = safe_text(&g.group);
                    g.name = safe_text(&g.name);
                    g
                })
                .collect::<Vec<_>>(),
        )),
        TableName::States => Ok(rows(&report.states)),
        TableName::Chambers => {
            let tipping: Vec<String> = report
                .chambers
                .iter()
                .map(|c| c.tipping.iter().map(|t| t.race.as_str()).collect::<Vec<_>>().join(";"))
                .collect();
            let out: Vec<ChamberCsv<'_>> = report
                .chambers
                .iter()
                .zip(&tipping)
                .map(|(c, t)| ChamberCsv {
                    chamber: safe_text(&c.chamber),
                    name: safe_text(&c.name),
                    seats: c.seats,
                    needed: c.needed,
                    d_not_up: c.d_not_up,
                    races: c.races,
                    control_value: c.control_value,
                    p_control: c.p_control,
                    expected_seats: c.expected_seats,
                    tipping: t,
                })
                .collect();
            Ok(rows(&out))
        }
        TableName::Constituencies => {
            Err("`score` has no constituencies table; choose races, groups, chambers or states"
                .to_owned())
        }
    }
}

/// The chosen table of a `plan` report (default: groups).
pub fn plan(report: &PlanReport, table: Option<TableName>) -> Result<String, String> {
    match table.unwrap_or(TableName::Groups) {
        TableName::Groups => Ok(rows(
            &report
                .groups
                .iter()
                .map(|g| {
                    let mut g = g.clone();
                    g.group = safe_text(&g.group);
                    g.name = safe_text(&g.name);
                    g
                })
                .collect::<Vec<_>>(),
        )),
        TableName::States => Ok(rows(&report.states)),
        TableName::Constituencies => Ok(rows(&report.constituencies)),
        other => {
            Err(format!("`plan` has no {other:?} table; choose groups, states or constituencies")
                .to_lowercase())
        }
    }
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
}
