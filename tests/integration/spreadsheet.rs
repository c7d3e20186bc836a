//! Data and portfolios in spreadsheets (.xlsx, .ods): read like CSV, with
//! `file:sheet:row:column` places, the same malformed-input cases as CSV,
//! money written as people write it, headers without regard to case and
//! spaces, and note columns.

use std::path::Path;

use rust_xlsxwriter::Workbook;

use crate::malformed::CASES;
use crate::util::{close, json, Fixture};

const TABLES: [&str; 4] = ["states", "chambers", "races", "groups"];

/// The cells of a CSV file, line by line (comment lines included, as
/// one or more cells), as a spreadsheet would hold them.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).from_path(path).unwrap();
    reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect()
}

/// Write `sheets` (name, rows) as a workbook at `path`; numbers as numbers.
fn write_book(path: &Path, sheets: &[(&str, Vec<Vec<String>>)]) {
    let mut book = Workbook::new();
    for (name, rows) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell.parse::<f64>() {
                    Ok(v) if !cell.is_empty() && v.is_finite() => ws.write_number(r, c, v),
                    _ => ws.write_string(r, c, cell),
                }
                .unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

/// Each data file of the fixture as a workbook `X.xlsx` with one sheet `X`,
/// and the scenario pointed at them.
fn to_xlsx(f: &Fixture) {
    for t in TABLES {
        let csv = f.path(&format!("{t}.csv"));
        if csv.exists() {
            write_book(&f.path(&format!("{t}.xlsx")), &[(t, csv_rows(&csv))]);
        }
        let text =
            f.read("scenario.toml").replace(&format!("\"{t}.csv\""), &format!("\"{t}.xlsx\""));
        f.write("scenario.toml", &text);
    }
}

#[test]
fn a_workbook_plans_exactly_as_its_csv_files() {
    let csv = json(&Fixture::tutorial().run("plan", &["--format", "json"]));
    let f = Fixture::tutorial();
    to_xlsx(&f);
    let xlsx = json(&f.run("plan", &["--format", "json"]));
    assert!(close(csv["impact"].as_f64().unwrap(), 0.022_832_7, 1e-5));
    assert_eq!(csv["groups"], xlsx["groups"]);
    assert_eq!(csv["impact"], xlsx["impact"]);
}

#[test]
fn malformed_cases_in_a_workbook_are_named_at_file_sheet_row_column() {
    // Spreadsheets are rectangular (no row can have too few cells), and an
    // empty sheet has its own message (below).
    let skip = ["row with a missing cell", "empty groups file"];
    let mut tried = 0;
    for (name, edit, place, hint) in CASES.iter().filter(|c| !skip.contains(&c.0)) {
        if !TABLES.iter().any(|t| place.starts_with(&format!("{t}.csv"))) {
            continue;
        }
        let f = Fixture::tutorial();
        edit(&f);
        to_xlsx(&f);
        let mut place = place.to_string();
        let mut hint = hint.to_string();
        for t in TABLES {
            place = place.replace(&format!("{t}.csv:"), &format!("{t}.xlsx:{t}:"));
            hint = hint.replace(&format!("{t}.csv"), &format!("{t}.xlsx"));
        }
        let run = f.run("validate", &[]);
        assert_eq!(run.code, 2, "{name}: exit {}\n{}", run.code, run.stderr);
        assert!(run.stderr.contains(&place), "{name}: expected {place:?} in\n{}", run.stderr);
        assert!(run.stderr.contains(&hint), "{name}: expected hint {hint:?} in\n{}", run.stderr);
        let plan = f.run("plan", &["-o", "out.csv", "--format", "csv"]);
        assert_eq!(plan.code, 2, "{name}");
        assert!(!f.path("out.csv").exists(), "{name}: half-written output");
        tried += 1;
    }
    assert!(tried >= 12, "only {tried} cases ran on a workbook");
    // An empty sheet.
    let f = Fixture::tutorial();
    write_book(&f.path("groups.xlsx"), &[("groups", vec![])]);
    f.replace("scenario.toml", "\"groups.csv\"", "\"groups.xlsx\"");
    let run = f.run("validate", &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("groups.xlsx:groups: error: the sheet is empty"), "{}", run.stderr);
}

#[test]
fn a_sheet_is_chosen_by_name_after_a_hash() {
    let f = Fixture::tutorial();
    let groups = csv_rows(&f.path("groups.csv"));
    let notes = vec![vec!["Partner list, updated monthly".to_owned()]];
    write_book(&f.path("partners.xlsx"), &[("Notes", notes), ("Partners", groups)]);
    f.replace("scenario.toml", "\"groups.csv\"", "\"partners.xlsx#Partners\"");
    let p = json(&f.run("plan", &["--format", "json"]));
    assert!(close(p["impact"].as_f64().unwrap(), 0.022_832_7, 1e-5));
    f.replace("scenario.toml", "#Partners", "#Partnrs");
    let run = f.run("validate", &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("partners.xlsx: error: no sheet named `Partnrs`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("did you mean `Partners`?"), "{}", run.stderr);
}

#[test]
fn money_headers_and_notes_are_read_as_people_write_them() {
    let f = Fixture::tutorial();
    let rows = vec![
        vec![
            " Group ",
            "NAME",
            "state",
            "Constituencies",
            "dollars_per_net_vote",
            "Room ",
            "peer_committed",
            "# contact",
            "Notes",
        ],
        vec![
            "A",
            "Group A (youth)",
            "XX",
            "youth",
            "100",
            "$400,000",
            "100k",
            "ana@example.org",
            "renewal due",
        ],
        vec!["B", "Group B", "XX", "", "200", "1M", "0", "", ""],
    ];
    let rows: Vec<Vec<String>> =
        rows.into_iter().map(|r| r.into_iter().map(str::to_owned).collect()).collect();
    write_book(&f.path("groups.xlsx"), &[("groups", rows.clone())]);
    f.replace("scenario.toml", "\"groups.csv\"", "\"groups.xlsx\"");
    let p = json(&f.run("plan", &["--format", "json"]));
    assert!(close(p["impact"].as_f64().unwrap(), 0.022_832_7, 1e-5), "{}", p["impact"]);
    // An unknown column is still an error, at its place.
    let mut bad = rows;
    bad[0][8] = "colour".to_owned();
    write_book(&f.path("groups.xlsx"), &[("groups", bad)]);
    let run = f.run("validate", &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("groups.xlsx:groups:1:9: error: unknown column `colour`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("`#` or `note`"), "{}", run.stderr);
}

#[test]
fn a_portfolio_in_a_workbook_is_checked_like_a_csv() {
    let f = Fixture::tutorial();
    let rows: Vec<Vec<String>> =
        [["group", "amount"], ["A", "$300,000"], ["C", "5000"], ["B", "-5"]]
            .iter()
            .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
            .collect();
    write_book(&f.path("mine.xlsx"), &[("Picks", rows)]);
    let run = f.run("compare", &["--portfolio", "mine.xlsx"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("mine.xlsx:Picks:3:1: error: unknown group `C`"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("mine.xlsx:Picks:4:2: error: column `amount`: a grant cannot be negative"),
        "{}",
        run.stderr
    );
    let rows: Vec<Vec<String>> = [["Group", "Amount"], ["A", "300k"], ["B", "$200,000"]]
        .iter()
        .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
        .collect();
    write_book(&f.path("mine.xlsx"), &[("Picks", rows)]);
    let r = json(&f.run("compare", &["--portfolio", "mine.xlsx", "--format", "json"]));
    let p = &r["portfolios"][0];
    assert_eq!(p["total"].as_u64(), Some(500_000), "{p}");
    assert!(close(p["impact"].as_f64().unwrap(), 0.022_832_7, 1e-5), "{p}");
}

/// Write `rows` as an OpenDocument spreadsheet with one sheet `name`.
fn write_ods(path: &Path, name: &str, rows: &[Vec<String>]) {
    use std::io::Write;
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let mut table = String::new();
    for row in rows {
        table.push_str("<table:table-row>");
        for cell in row {
            match cell.parse::<f64>() {
                Ok(v) if !cell.is_empty() => table.push_str(&format!(
                    "<table:table-cell office:value-type=\"float\" office:value=\"{v}\"><text:p>{cell}</text:p></table:table-cell>"
                )),
                _ if cell.is_empty() => table.push_str("<table:table-cell/>"),
                _ => table.push_str(&format!(
                    "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
                    esc(cell)
                )),
            }
        }
        table.push_str("</table:table-row>");
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet><table:table table:name=\"{}\">{table}</table:table>\
         </office:spreadsheet></office:body></office:document-content>",
        esc(name)
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
        <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
        <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
        </manifest:manifest>";
    let file = std::fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let stored: zip::write::SimpleFileOptions =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
}

#[test]
fn an_ods_sheet_reads_like_a_csv_file() {
    let f = Fixture::tutorial();
    let rows = csv_rows(&f.path("groups.csv"));
    write_ods(&f.path("groups.ods"), "groups", &rows);
    f.replace("scenario.toml", "\"groups.csv\"", "\"groups.ods\"");
    let p = json(&f.run("plan", &["--format", "json"]));
    assert!(close(p["impact"].as_f64().unwrap(), 0.022_832_7, 1e-5), "{}", p["impact"]);
    let mut bad = rows;
    bad[2][5] = "lots".to_owned();
    write_ods(&f.path("groups.ods"), "groups", &bad);
    let run = f.run("validate", &[]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("groups.ods:groups:3:6: error: column `room`: expected a whole number of dollars ≥ 0, found `lots`"),
        "{}",
        run.stderr
    );
}
