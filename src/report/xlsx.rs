//! Spreadsheet output (`--format xlsx`, rust_xlsxwriter): one sheet per
//! table, with the same columns as the CSV tables, a frozen header row,
//! dollar and percent formats, and widths that fit. Text is always written
//! as a string cell, so no cell can become a formula. The document's
//! creation date is fixed, so the same input gives the same bytes.

use anyhow::{Context as _, Result};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet,
};
use serde::Serialize;
use serde_json::Value;

use super::visual::Schedule;
use super::{money, PlanReport, ScoreReport};

/// Excel's limit on a cell's text.
const MAX_TEXT: usize = 32_767;

/// The number format of a column, by its (stable) name.
fn number_format(column: &str) -> &'static str {
    match column {
        "amount" | "lp_amount" | "cap" | "min" | "room_left" | "budget" | "allocated"
        | "unallocated" | "rounding" | "release" | "granted" | "released_to_date"
        | "granted_to_date" | "total" | "unspent" | "joint" | "alone" | "duplicated" => "$#,##0",
        "dollars_per_net_vote" => "$#,##0.00",
        "share" | "floor" | "win_prob" | "win_prob_before" | "win_prob_after" | "p_control"
        | "p_control_before" | "p_control_after" | "p_decisive" | "share_of_grant" => "0.0%",
        "cost_pct" => "0.00\"%\"",
        "value_per_dollar" | "closeness" | "control_pivotality" | "value_per_net_vote" => {
            "0.000E+00"
        }
        "margin" | "margin_before" | "margin_after" | "sd" | "pres_margin" => "+0.0;-0.0;0.0",
        "turnout" | "net_votes" => "#,##0",
        "rank" | "groups_funded" | "groups" | "seats" | "needed" | "d_not_up" | "races" => "0",
        "expected_seats"
        | "expected_seats_before"
        | "expected_seats_after"
        | "vote_power"
        | "multiplier" => "0.00",
        _ => "0.0000",
    }
}

/// Characters a number takes in its format, for column widths.
fn shown_width(column: &str, v: f64) -> usize {
    match number_format(column) {
        "$#,##0" | "$#,##0.00" => money(v).len() + 1,
        "0.0%" | "0.00\"%\"" => 7,
        "0.000E+00" => 10,
        _ => format!("{v:.4}").len().min(14),
    }
}

struct Styles {
    header: Format,
    text: Format,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDCE6F1))
                .set_border_bottom(FormatBorder::Thin),
            text: Format::new(),
        }
    }
}

fn workbook(title: &str) -> Result<Workbook> {
    let mut wb = Workbook::new();
    // A fixed creation date: the same input gives the same bytes.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(clip(title))
            .set_comment("Written by grantplan")
            .set_creation_datetime(&created),
    );
    Ok(wb)
}

/// Text as Excel can hold it.
fn clip(s: &str) -> String {
    if s.chars().count() <= MAX_TEXT {
        s.to_owned()
    } else {
        s.chars().take(MAX_TEXT).collect()
    }
}

/// A text cell (never a formula).
fn write_text(ws: &mut Worksheet, row: u32, col: u16, s: &str, f: &Format) -> Result<()> {
    ws.write_string_with_format(row, col, clip(s), f)?;
    Ok(())
}

/// One cell's text for values that are not numbers (lists are `;`-joined,
/// a list of records contributes each record's first field, as in CSV).
fn as_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::Object(o) => o.values().next().map(as_text).unwrap_or_default(),
                other => as_text(other),
            })
            .collect::<Vec<_>>()
            .join(";"),
        Value::Object(o) => serde_json::to_string(o).unwrap_or_default(),
    }
}

/// A sheet holding `rows`, columns named after the row type's fields.
fn table<T: Serialize + Default>(
    wb: &mut Workbook,
    name: &str,
    rows: &[T],
    st: &Styles,
) -> Result<()> {
    let header: Vec<String> = match serde_json::to_value(T::default())? {
        Value::Object(o) => o.keys().cloned().collect(),
        _ => Vec::new(),
    };
    let records: Vec<Vec<Value>> = rows
        .iter()
        .map(|r| match serde_json::to_value(r) {
            Ok(Value::Object(o)) => o.into_iter().map(|(_, v)| v).collect(),
            _ => Vec::new(),
        })
        .collect();
    grid(wb, name, &header, &records, st)
}

/// A sheet: a header row, then records of JSON values.
fn grid(
    wb: &mut Workbook,
    name: &str,
    header: &[String],
    records: &[Vec<Value>],
    st: &Styles,
) -> Result<()> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count() + 2).collect();
    for (c, h) in header.iter().enumerate() {
        write_text(ws, 0, c as u16, h, &st.header)?;
    }
    let formats: Vec<Format> =
        header.iter().map(|h| Format::new().set_num_format(number_format(h))).collect();
    for (r, record) in records.iter().enumerate() {
        let row = r as u32 + 1;
        for (c, v) in record.iter().enumerate().take(header.len()) {
            let col = c as u16;
            match v {
                Value::Null => {}
                Value::Number(n) => {
                    let x = n.as_f64().unwrap_or(0.0);
                    ws.write_number_with_format(row, col, x, &formats[c])?;
                    widths[c] = widths[c].max(shown_width(&header[c], x));
                }
                other => {
                    let s = as_text(other);
                    widths[c] = widths[c].max(s.chars().count() + 1);
                    write_text(ws, row, col, &s, &st.text)?;
                }
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w).clamp(6, 60) as f64)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A two-column sheet of (item, value).
fn summary(wb: &mut Workbook, items: &[(&str, Value)], st: &Styles) -> Result<()> {
    let ws = wb.add_worksheet();
    ws.set_name("Summary")?;
    write_text(ws, 0, 0, "item", &st.header)?;
    write_text(ws, 0, 1, "value", &st.header)?;
    let mut width = 12;
    for (i, (item, v)) in items.iter().enumerate() {
        let row = i as u32 + 1;
        write_text(ws, row, 0, item, &st.text)?;
        match v {
            Value::Number(n) => {
                let f = Format::new().set_num_format(number_format(item));
                ws.write_number_with_format(row, 1, n.as_f64().unwrap_or(0.0), &f)?;
            }
            Value::Null => {}
            other => {
                let s = as_text(other);
                width = width.max(s.chars().count() + 1);
                write_text(ws, row, 1, &s, &st.text)?;
            }
        }
    }
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, width.clamp(12, 90) as f64)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The whole `plan` report as a workbook: a summary, then one sheet per
/// table (and the schedule, when the scenario has periods).
pub fn plan(r: &PlanReport, schedule: Option<&Schedule>) -> Result<Vec<u8>> {
    let st = Styles::new();
    let mut wb = workbook(&r.scenario)?;
    let v = |x: f64| serde_json::json!(x);
    let mut items: Vec<(&str, Value)> = vec![
        ("scenario", Value::String(r.scenario.clone())),
        ("budget", v(r.budget)),
        ("allocated", v(r.allocated)),
        ("unallocated", v(r.unallocated)),
        ("impact", v(r.impact)),
        ("impact_per_million", v(r.impact_per_million)),
        ("lp_impact", v(r.lp_impact)),
        ("rounding", v(r.rounding)),
        ("groups_funded", serde_json::json!(r.groups_funded)),
        ("budget_binds", Value::Bool(r.budget_binds)),
        ("next_100k", v(r.next_100k)),
        ("next_1m", v(r.next_1m)),
    ];
    if let Some(m) = &r.milp {
        items.push(("milp_proven_optimal", Value::Bool(m.proven_optimal)));
        items.push(("milp_node_limit", Value::Bool(m.node_limit)));
        items.push(("milp_gap", v(m.gap)));
        items.push(("milp_relaxation", v(m.relaxation)));
    }
    for note in &r.notes {
        items.push(("note", Value::String(note.clone())));
    }
    if let Some(c) = &r.coordination {
        items.push(("coordination", Value::String(super::funders::coordination_words(c))));
        items.push(("joint_impact", v(c.joint_impact)));
        items.push(("alone_impact", v(c.alone_impact)));
        items.push(("gain", v(c.gain)));
        items.push(("gain_pct", v(c.gain_pct)));
        items.push(("duplicated", v(c.duplicated)));
    }
    summary(&mut wb, &items, &st)?;
    table(&mut wb, "Groups", &r.groups, &st)?;
    table(&mut wb, "States", &r.states, &st)?;
    table(&mut wb, "Constituencies", &r.constituencies, &st)?;
    table(&mut wb, "Constraints", &r.constraints, &st)?;
    table(&mut wb, "Races", &r.races, &st)?;
    table(&mut wb, "Chambers", &r.chambers, &st)?;
    if !r.funders.is_empty() {
        table(&mut wb, "Funders", &r.funders, &st)?;
        table(&mut wb, "Funder grants", &r.funder_grants, &st)?;
        if let Some(c) = &r.coordination {
            table(&mut wb, "Duplicated alone", &c.groups, &st)?;
        }
        for (i, f) in r.funders.iter().enumerate() {
            let rows: Vec<_> =
                r.funder_grants.iter().filter(|g| g.funder == f.funder).cloned().collect();
            table(&mut wb, &funder_sheet_name(i, &f.funder), &rows, &st)?;
        }
    }
    if let Some(s) = schedule {
        table(&mut wb, "Periods", &s.periods, &st)?;
        let mut header: Vec<String> = ["group", "name", "state"].map(String::from).to_vec();
        header.extend(s.periods.iter().map(|p| p.period.clone()));
        header.push("total".to_owned());
        let records: Vec<Vec<Value>> = s
            .groups
            .iter()
            .map(|g| {
                let mut rec = vec![
                    Value::String(g.key.clone()),
                    Value::String(g.name.clone()),
                    Value::String(g.state.clone()),
                ];
                rec.extend(g.amounts.iter().map(|a| v(*a)));
                rec.push(v(g.total));
                rec
            })
            .collect();
        grid_dollars(&mut wb, "Schedule", &header, &records, 3, &st)?;
    }
    wb.save_to_buffer().context("cannot build the spreadsheet")
}

/// A funder's sheet name: Excel allows 31 characters and none of `[]:*?/\\`;
/// the position keeps names unique after trimming.
fn funder_sheet_name(i: usize, id: &str) -> String {
    let clean: String =
        id.chars().map(|c| if "[]:*?/\\'".contains(c) { '-' } else { c }).take(22).collect();
    format!("F{} {clean}", i + 1)
}

/// `plan --funder ID --format xlsx`: the funder's summary and grants.
pub fn funder_sheet(s: &super::funders::FunderSheet) -> Result<Vec<u8>> {
    let st = Styles::new();
    let mut wb = workbook(&s.scenario)?;
    let f = &s.funder;
    let v = |x: f64| serde_json::json!(x);
    let items: Vec<(&str, Value)> = vec![
        ("scenario", Value::String(s.scenario.clone())),
        ("funder", Value::String(f.funder.clone())),
        ("name", Value::String(f.name.clone())),
        ("budget", v(f.budget)),
        ("granted", v(f.granted)),
        ("unspent", v(f.unspent)),
        ("impact", v(f.impact)),
        ("rules", Value::String(f.rules.clone())),
    ];
    summary(&mut wb, &items, &st)?;
    table(&mut wb, "Grants", &s.grants, &st)?;
    wb.save_to_buffer().context("cannot build the spreadsheet")
}

/// [`grid`] where every column from `first_dollar` on holds dollars
/// (period names are data, so they cannot pick the format).
fn grid_dollars(
    wb: &mut Workbook,
    name: &str,
    header: &[String],
    records: &[Vec<Value>],
    first_dollar: usize,
    st: &Styles,
) -> Result<()> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    let dollars = Format::new().set_num_format("$#,##0");
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count() + 2).collect();
    for (c, h) in header.iter().enumerate() {
        write_text(ws, 0, c as u16, h, &st.header)?;
    }
    for (r, record) in records.iter().enumerate() {
        for (c, val) in record.iter().enumerate().take(header.len()) {
            let (row, col) = (r as u32 + 1, c as u16);
            match val {
                Value::Number(n) if c >= first_dollar => {
                    let x = n.as_f64().unwrap_or(0.0);
                    ws.write_number_with_format(row, col, x, &dollars)?;
                    widths[c] = widths[c].max(money(x).len() + 1);
                }
                other => {
                    let s = as_text(other);
                    widths[c] = widths[c].max(s.chars().count() + 1);
                    write_text(ws, row, col, &s, &st.text)?;
                }
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w).clamp(6, 60) as f64)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The whole `score` report as a workbook.
pub fn score(r: &ScoreReport<'_>) -> Result<Vec<u8>> {
    let st = Styles::new();
    let mut wb = workbook(&r.scenario)?;
    summary(
        &mut wb,
        &[
            ("scenario", Value::String(r.scenario.clone())),
            ("national_sd", serde_json::json!(r.national_sd)),
            ("national_shift", serde_json::json!(r.national_shift)),
        ],
        &st,
    )?;
    table(&mut wb, "Races", &r.races, &st)?;
    table(&mut wb, "Groups", &r.groups, &st)?;
    table(&mut wb, "Chambers", &r.chambers, &st)?;
    table(&mut wb, "States", &r.states, &st)?;
    wb.save_to_buffer().context("cannot build the spreadsheet")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::GroupPlanRow;

    fn report(name: &str) -> PlanReport {
        PlanReport {
            scenario: "test".into(),
            budget: 1e6,
            groups: vec![GroupPlanRow {
                group: "g1".into(),
                name: name.into(),
                state: "PA".into(),
                amount: 250_000.0,
                limited_by: "room".into(),
                ..GroupPlanRow::default()
            }],
            ..PlanReport::default()
        }
    }

    #[test]
    fn same_report_same_bytes() {
        let a = plan(&report("=SUM(A1:A9)"), None).unwrap();
        let b = plan(&report("=SUM(A1:A9)"), None).unwrap();
        assert_eq!(a, b);
        assert_eq!(&a[..2], b"PK", "a zip container");
    }

    #[test]
    fn formats_follow_column_names() {
        assert_eq!(number_format("amount"), "$#,##0");
        assert_eq!(number_format("share"), "0.0%");
        assert_eq!(number_format("win_prob_after"), "0.0%");
        assert_eq!(number_format("impact"), "0.0000");
    }
}
