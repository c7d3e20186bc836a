//! One sheet of a spreadsheet (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`),
//! read with calamine into rows of text cells that the table reader checks
//! exactly as it checks a CSV file. Row and column numbers are the sheet's
//! own (row 1, column 1 = A1), so a place reads `file:sheet:row:column`.

use std::path::Path;

use calamine::{open_workbook_auto_from_rs, Data, Reader};

use super::csvread::{closest, SheetGrid};
use crate::input::diag::{Diagnostics, Pos};

/// The sheet `sheet` names (matched without regard to case or spaces), or
/// with none, the sheet named like `table`, else the first; `None` when
/// there is no such sheet.
fn choose(names: &[String], sheet: Option<&str>, table: &str) -> Option<String> {
    let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    match sheet {
        Some(want) => names.iter().find(|n| same(n, want)).cloned(),
        None => names.iter().find(|n| same(n, table)).or(names.first()).cloned(),
    }
}

/// The name of the sheet [`read`] would read, if the file opens and has it.
pub fn sheet_name(file: &Path, sheet: Option<&str>, table: &str) -> Option<String> {
    let bytes = crate::input::limits::read_input(file).ok()?;
    let book = open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).ok()?;
    choose(&book.sheet_names(), sheet, table)
}

/// Read sheet `sheet` of the workbook in `bytes` (or, with none named, the
/// sheet named like `table`, else the first); returns its cells and the
/// sheet's name.
pub fn read(
    bytes: Vec<u8>,
    shown: &Path,
    sheet: Option<&str>,
    table: &str,
    diags: &mut Diagnostics,
) -> Option<(SheetGrid, String)> {
    let mut book = match open_workbook_auto_from_rs(std::io::Cursor::new(bytes)) {
        Ok(book) => book,
        Err(e) => {
            diags.error(shown, Pos::default(), format!("cannot read the spreadsheet: {e}")).hint(
                "check the path, and save the file as .xlsx or .ods (or export the sheet as CSV)",
            );
            return None;
        }
    };
    let names = book.sheet_names().to_vec();
    let name = match choose(&names, sheet, table) {
        Some(n) => n,
        None => {
            match sheet {
                Some(want) => {
                    let d = diags.error(shown, Pos::default(), format!("no sheet named `{want}`"));
                    match closest(want, names.iter().map(String::as_str)) {
                        Some(best) => d.hint(format!(
                            "did you mean `{best}`? (after `#` comes the sheet's name)"
                        )),
                        None => d.hint(format!("the sheets are: {}", names.join(", "))),
                    };
                }
                None => {
                    diags
                        .error(shown, Pos::default(), "the spreadsheet has no sheet")
                        .hint("add a sheet with a header row");
                }
            }
            return None;
        }
    };
    let range = match book.worksheet_range(&name) {
        Ok(r) => r,
        Err(e) => {
            diags.error(shown, Pos::default(), format!("cannot read sheet `{name}`: {e}")).hint(
                "save the file again from the spreadsheet program, or export the sheet as CSV",
            );
            return None;
        }
    };
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut header: Option<(usize, Vec<String>)> = None;
    let mut rows = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let line = r0 as usize + i + 1;
        let cells: Vec<String> = cells.iter().map(cell_text).collect();
        let first = cells.iter().find(|c| !c.is_empty());
        // Blank rows and rows whose first cell is a `#` comment are skipped.
        match first {
            None => continue,
            Some(c) if c.starts_with('#') && cells[0].starts_with('#') => continue,
            _ => {}
        }
        if header.is_none() {
            header = Some((line, cells));
        } else {
            rows.push((line, cells));
        }
    }
    let Some((header_line, headers)) = header else {
        diags
            .error(
                Path::new(&format!("{}:{name}", shown.display())),
                Pos::default(),
                "the sheet is empty",
            )
            .hint("the first row must name the columns");
        return None;
    };
    Some((SheetGrid { header_line, headers, rows, first_col: c0 as usize + 1 }, name))
}

/// A cell as the text a CSV file would hold: numbers without a trailing
/// `.0`, dates as YYYY-MM-DD, errors as the spreadsheet shows them.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => serial_date(d.as_f64()),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_owned(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// A spreadsheet date serial (days since 1899-12-30) as YYYY-MM-DD.
fn serial_date(serial: f64) -> String {
    // Days since 1970-01-01, then the civil date (H. Hinnant's algorithm).
    let z = serial.floor() as i64 - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_serials_are_calendar_dates() {
        assert_eq!(serial_date(25_569.0), "1970-01-01");
        assert_eq!(serial_date(46_329.0), "2026-11-03");
        assert_eq!(serial_date(45_658.5), "2025-01-01");
    }

    #[test]
    fn numbers_read_as_a_csv_would_hold_them() {
        assert_eq!(cell_text(&Data::Float(250_000.0)), "250000");
        assert_eq!(cell_text(&Data::Float(0.55)), "0.55");
        assert_eq!(cell_text(&Data::Int(12)), "12");
        assert_eq!(cell_text(&Data::String("  PA ".into())), "PA");
    }
}
