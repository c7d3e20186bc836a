//! The donor report: one self-contained HTML page (inline CSS and SVG, no
//! script, nothing fetched — a Content-Security-Policy says so to the
//! browser) that prints cleanly. This file holds the page's frame, its
//! headline and its "how to read this" box; [`sections`] the charted
//! sections; [`words`] the plain-language phrasing. Every text that comes
//! from the data goes through [`esc`].

mod donors;
mod sections;
mod words;

use std::fmt::Write as _;

use anyhow::Result;
use plotters::style::RGBColor;

use super::charts;
pub use super::charts::esc;
use super::visual::ReportData;
use super::{money, pct, PlanReport};

const CSS: &str = include_str!("report.css");

/// The whole page.
pub fn render(r: &ReportData) -> Result<String> {
    let p = &r.plan;
    let mut out = String::with_capacity(256 * 1024);
    let title = format!("Grant plan: {}", super::plan_title(p));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"generator\" content=\"grantplan {}\">\n<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        esc(&title)
    );
    let _ = write!(
        out,
        "<header class=\"top\"><div class=\"inner\"><p class=\"eyebrow\">Grant plan</p>\
         <h1>{}</h1><p class=\"sub\">Scenario <code>{}</code> · {} partner groups considered · \
         grants in multiples of {}</p></div></header>\n<main>\n",
        esc(&super::plan_title(p)),
        esc(&r.context.scenario_file),
        p.groups.len(),
        money(p.rounding)
    );
    headline(&mut out, p);
    summary(&mut out, r);
    sections::where_it_goes(&mut out, r)?;
    sections::who_gets_it(&mut out, r)?;
    if !p.funders.is_empty() {
        donors::who_pays(&mut out, p)?;
    }
    sections::what_it_changes(&mut out, p)?;
    sections::what_holds_it_back(&mut out, p)?;
    if let Some(f) = &r.frontier {
        sections::frontier(&mut out, f)?;
    }
    if let Some(s) = &r.schedule {
        sections::schedule(&mut out, s, p.timing.as_ref(), p.budget)?;
    }
    how_to_read(&mut out, r);
    let _ = write!(
        out,
        "<footer>Made with grantplan {} from <code>{}</code>. The same files give the same \
         page, byte for byte; <code>grantplan plan {}</code> prints every number in it.</footer>\n\
         </main>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        esc(&r.context.scenario_file),
        esc(&r.context.scenario_file)
    );
    Ok(out)
}

fn headline(out: &mut String, p: &PlanReport) {
    let kpi = |out: &mut String, class: &str, label: &str, value: &str, note: &str| {
        let _ = writeln!(
            out,
            "<div class=\"kpi {class}\"><div class=\"label\">{label}</div>\
             <div class=\"value\">{}</div><div class=\"note\">{}</div></div>",
            esc(value),
            esc(note)
        );
    };
    out.push_str("<div class=\"kpis\">\n");
    kpi(out, "", "Budget", &charts::short_money(p.budget), &money(p.budget));
    kpi(
        out,
        "",
        "Granted",
        &charts::short_money(p.allocated),
        &format!("to {} of {} groups", p.groups_funded, p.groups.len()),
    );
    kpi(out, "accent", "Impact", &format!("{:.2}", p.impact), "win-equivalents");
    kpi(out, "accent", "Per $1M", &format!("{:.3}", p.impact_per_million), "win-equivalents");
    kpi(out, "", "Unallocated", &charts::short_money(p.unallocated), &money(p.unallocated));
    out.push_str("</div>\n");
}

/// The plan in a few plain sentences.
fn summary(out: &mut String, r: &ReportData) {
    let p = &r.plan;
    let states = p.states.iter().filter(|s| s.amount > 0.0).count();
    let mut s = format!(
        "This plan grants <strong>{}</strong> of the {} budget to <strong>{} local group{} in {} \
         state{}</strong>. Its expected impact is <strong>{:.2} win-equivalents</strong> — about \
         {:.2} for every $1M granted, where one win-equivalent is one more expected win of a race \
         as important as a US Senate seat.",
        money(p.allocated),
        money(p.budget),
        p.groups_funded,
        if p.groups_funded == 1 { "" } else { "s" },
        states,
        if states == 1 { "" } else { "s" },
        p.impact,
        p.impact_per_million
    );
    if let Some(top) = p.states.first().filter(|t| t.amount > 0.0) {
        let _ = write!(
            s,
            " The largest share goes to <strong>{}</strong> ({}, {}).",
            esc(r.context.state_name(&top.state)),
            money(top.amount),
            pct(top.share)
        );
    }
    let best = p.chambers.iter().max_by(|a, b| {
        (a.p_control_after - a.p_control_before)
            .total_cmp(&(b.p_control_after - b.p_control_before))
            .then(b.chamber.cmp(&a.chamber))
    });
    if let Some(c) = best.filter(|c| c.p_control_after - c.p_control_before >= 0.0005) {
        let _ = write!(
            s,
            " The biggest change in control: the chance that Democrats hold the <strong>{}</strong> \
             goes from {} to {}.",
            esc(&c.name),
            pct(c.p_control_before),
            pct(c.p_control_after)
        );
    }
    if let Some(race) = p.races.first() {
        let _ = write!(
            s,
            " The race it moves most is <strong>{}</strong>: from {} to {} to win.",
            esc(&race.name),
            pct(race.win_prob_before),
            pct(race.win_prob_after)
        );
    }
    if p.unallocated >= 0.5 {
        let why = if p.budget_binds {
            format!("grants are rounded down to multiples of {}", money(p.rounding))
        } else if p.races.iter().any(|r| r.saturated) {
            "the races its groups can still reach are at their effect ceilings (more money there buys nothing), and the other limits stop the plan before the budget runs out".to_owned()
        } else {
            "the limits stop the plan before the budget runs out".to_owned()
        };
        let _ = write!(s, " {} stays unallocated because {why}.", money(p.unallocated));
    }
    let _ = writeln!(out, "<section class=\"card\"><p class=\"summary\">{s}</p></section>");
}

pub(super) fn section_open(out: &mut String, id: &str, title: &str, lede: &str, long: bool) {
    let _ = write!(
        out,
        "<section class=\"card{}\" id=\"{id}\">\n<h2>{}</h2>\n<p class=\"lede\">{lede}</p>\n",
        if long { " long" } else { "" },
        esc(title)
    );
}

pub(super) fn hex(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

fn how_to_read(out: &mut String, r: &ReportData) {
    let c = &r.context;
    out.push_str(
        "<section class=\"card howto long\" id=\"how-to-read\">\n<h2>How to read this</h2>\n\
         <p><strong>Win-equivalents.</strong> Impact is counted in expected wins, weighted by how much \
         each race matters: 1.00 is one more expected win of a race as important as a US Senate seat. \
         A grant earns impact by buying net votes (votes for our side minus votes for the other) in \
         every race on its voters' ballots; a vote is worth most where a race is close and where it \
         could decide control of a chamber.</p>\n\
         <p><strong>Estimates, not promises.</strong> The plan is chosen with each race's value at \
         today's forecast; the before-and-after chances are then recomputed exactly. They depend on \
         the forecasts and on each group's cost per net vote, which are uncertain.</p>\n\
         <p><strong>Limits.</strong> A grant stops growing when the group has no more room, when a \
         limit you set binds, or when the next dollar does more elsewhere. \"What holds it back\" \
         prices each binding limit.</p>\n<h3>Assumptions</h3>\n<dl>\n",
    );
    for (topic, text) in &c.assumptions {
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(topic), esc(text));
    }
    out.push_str("</dl>\n<h3>Data</h3>\n<ul>\n");
    for f in &c.files {
        let _ =
            writeln!(out, "<li>{} {}: <code>{}</code></li>", f.rows, esc(&f.what), esc(&f.path));
    }
    out.push_str("</ul>\n");
    if let Some(src) = &c.sources {
        let _ = writeln!(
            out,
            "<p>Where the data come from, and every judgment made in building them: <code>{}</code>.</p>",
            esc(src)
        );
    }
    for notice in &c.data_notices {
        let _ = writeln!(out, "<p class=\"notice\">{}</p>", esc(notice));
    }
    out.push_str("</section>\n");
}

pub(super) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
