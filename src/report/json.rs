//! JSON output: the whole report as one pretty-printed document.

use serde::Serialize;

/// Serialize a report; field names are part of the interface (README).
pub fn render<T: Serialize>(report: &T) -> String {
    let mut out = serde_json::to_string_pretty(report).expect("reports serialize");
    out.push('\n');
    out
}
