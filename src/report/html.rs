//! The donor report: one self-contained HTML page (inline CSS and SVG, no
//! script, nothing fetched — a Content-Security-Policy says so to the
//! browser) that prints cleanly. Every text that comes from the data goes
//! through [`esc`]. Charts come from [`super::charts`] and [`super::tiles`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::Result;
use plotters::style::RGBColor;

use super::charts::{self, Bar, Change, Stack};
use super::tiles::{self, Tile};
use super::visual::{share, Context, Frontier, ReportData, Schedule};
use super::{margin, money, pct, GroupPlanRow, PlanReport};

/// Escape text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = include_str!("report.css");

/// Groups shown in the chart and the table of grants.
const TOP_GROUPS: usize = 15;
/// Races shown in the before/after chart and table.
const TOP_RACES: usize = 12;
/// States shown by name in the schedule chart (the rest are "other").
const SCHEDULE_STATES: usize = 5;

/// The whole page.
pub fn render(r: &ReportData) -> Result<String> {
    let p = &r.plan;
    let mut out = String::with_capacity(256 * 1024);
    let title = format!("Grant plan: {}", p.scenario);
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
        esc(&p.scenario),
        esc(&r.context.scenario_file),
        p.groups.len(),
        money(p.rounding)
    );
    headline(&mut out, p);
    summary(&mut out, r);
    where_it_goes(&mut out, r)?;
    who_gets_it(&mut out, r)?;
    what_it_changes(&mut out, p)?;
    what_holds_it_back(&mut out, p)?;
    if let Some(f) = &r.frontier {
        frontier(&mut out, f)?;
    }
    if let Some(s) = &r.schedule {
        schedule(&mut out, s)?;
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
        "This plan grants <strong>{}</strong> of the {} budget to <strong>{} local groups in {} \
         state{}</strong>. Its expected impact is <strong>{:.2} win-equivalents</strong> — about \
         {:.2} for every $1M granted, where one win-equivalent is one more expected win of a race \
         as important as a US Senate seat.",
        money(p.allocated),
        money(p.budget),
        p.groups_funded,
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
            esc(&race.race),
            pct(race.win_prob_before),
            pct(race.win_prob_after)
        );
    }
    if p.unallocated >= 0.5 {
        let why = if p.budget_binds {
            format!("grants are rounded down to multiples of {}", money(p.rounding))
        } else {
            "the limits stop the plan before the budget runs out".to_owned()
        };
        let _ = write!(s, " {} stays unallocated because {why}.", money(p.unallocated));
    }
    let _ = writeln!(out, "<section class=\"card\"><p class=\"summary\">{s}</p></section>");
}

fn section_open(out: &mut String, id: &str, title: &str, lede: &str, long: bool) {
    let _ = write!(
        out,
        "<section class=\"card{}\" id=\"{id}\">\n<h2>{}</h2>\n<p class=\"lede\">{lede}</p>\n",
        if long { " long" } else { "" },
        esc(title)
    );
}

fn where_it_goes(out: &mut String, r: &ReportData) -> Result<()> {
    let p = &r.plan;
    section_open(
        out,
        "where",
        "Where the money goes",
        "Dollars by state and by the communities the groups organize. Darker states get more.",
        false,
    );
    let tiles: Vec<Tile> = r
        .context
        .state_names
        .iter()
        .map(|(code, _)| {
            let row = p.states.iter().find(|s| &s.state == code);
            Tile {
                state: code.clone(),
                amount: row.map_or(0.0, |s| s.amount),
                has_groups: row.is_some(),
            }
        })
        .collect();
    let funded: Vec<_> = p.states.iter().filter(|s| s.amount > 0.0).collect();
    let bars: Vec<Bar> = funded
        .iter()
        .map(|s| Bar {
            label: r.context.state_name(&s.state).to_owned(),
            value: s.amount,
            color: charts::BLUE,
            note: format!("{} · {}", charts::short_money(s.amount), pct(s.share)),
            marker: s.min,
        })
        .collect();
    // The map is for US data: without a funded US state it would be empty.
    if funded.iter().any(|s| tiles::on_grid(&s.state)) {
        let map = tiles::map("Map of the United States: dollars granted by state", &tiles, 600)?;
        let state_bars = charts::hbars("Dollars by state", &bars, 420, 140)?;
        let _ = writeln!(
            out,
            "<div class=\"grid2\"><div>{map}</div><div><h3>By state</h3>{state_bars}<p class=\"caption\">{}</p></div></div>",
            state_caption(p)
        );
    } else if !bars.is_empty() {
        let state_bars = charts::hbars("Dollars by state", &bars, 1000, 180)?;
        let _ = writeln!(
            out,
            "<h3>By state</h3>{state_bars}<p class=\"caption\">{}</p>",
            state_caption(p)
        );
    }
    let tags: Vec<Bar> = p
        .constituencies
        .iter()
        .map(|c| Bar {
            label: c.constituency.replace('_', " "),
            value: c.amount,
            color: charts::TEAL,
            note: format!("{} · {}", charts::short_money(c.amount), pct(c.share)),
            marker: c.floor.map(|f| f * p.budget),
        })
        .collect();
    if !tags.is_empty() {
        let chart = charts::hbars("Dollars by constituency", &tags, 1000, 180)?;
        let floors = p.constituencies.iter().any(|c| c.floor.is_some());
        let _ = writeln!(
            out,
            "<h3>By constituency</h3>{chart}<p class=\"caption\">A group that organizes several \
             communities counts toward each, so these add up to more than the total.{}</p>",
            if floors {
                " A black tick marks a floor: the least the scenario requires."
            } else {
                ""
            }
        );
    }
    out.push_str("</section>\n");
    Ok(())
}

fn state_caption(p: &PlanReport) -> String {
    let cap = p.states.iter().filter_map(|s| s.cap).fold(f64::INFINITY, f64::min);
    let mut s = String::from("Share of the budget after each amount.");
    if cap.is_finite() {
        let _ = write!(s, " No state may get more than {}.", money(cap));
    }
    if p.states.iter().any(|s| s.min.is_some()) {
        s.push_str(" A black tick marks a state minimum.");
    }
    s
}

/// The color and short name of a limiting reason.
fn reason(limited_by: &str) -> (RGBColor, &'static str) {
    match limited_by {
        "room" => (charts::BLUE, "all its room"),
        "group_cap" => (charts::PURPLE, "group cap"),
        "dependency_cap" => (charts::AMBER, "dependency cap"),
        "state_cap" => (charts::RUST, "state cap"),
        "period_cap" => (charts::TEAL, "period cap"),
        "locked" => (charts::GREEN, "locked"),
        _ => (charts::SKY, "budget ran out"),
    }
}

fn hex(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Why a funded group got what it got, in a sentence.
fn why(g: &GroupPlanRow, ctx: &Context) -> String {
    match g.limited_by.as_str() {
        "room" => format!(
            "Fully funded: {} is all the room it has for more money this cycle after other funders.",
            money(g.cap)
        ),
        "group_cap" => match ctx.max_group_share {
            Some(s) => {
                format!("At the per-group cap: no group gets more than {} of the budget.", share(s))
            }
            None => "At the per-group cap.".to_owned(),
        },
        "dependency_cap" => match ctx.max_dependency {
            Some(s) => format!(
                "At the dependency cap: a grant may be at most {} of the group's annual budget.",
                share(s)
            ),
            None => "At the dependency cap.".to_owned(),
        },
        "state_cap" => "Its state is at its cap; it would otherwise get more.".to_owned(),
        "period_cap" => "At the most it can absorb in each funding period.".to_owned(),
        "locked" => "A fixed amount set in the scenario.".to_owned(),
        "outranked" => "Partly funded: past this amount, each dollar does more at the groups above \
                        (or is held by another limit)."
            .to_owned(),
        other => other.replace('_', " "),
    }
}

/// Why unfunded groups got nothing, as a phrase for a count.
fn why_not(limited_by: &str) -> String {
    match limited_by {
        "outranked" => "better uses of the money came first".to_owned(),
        "no_value" => "they reach no race that is still worth money".to_owned(),
        "peer_funded" => "other funders already fill their room".to_owned(),
        "excluded" => "the scenario excludes them".to_owned(),
        "state_cap" => "their state is at its cap".to_owned(),
        "below_min_grant" => "they would get less than the minimum grant".to_owned(),
        "max_groups" => "the limit on the number of groups left them out".to_owned(),
        other => other.replace('_', " "),
    }
}

fn who_gets_it(out: &mut String, r: &ReportData) -> Result<()> {
    let p = &r.plan;
    section_open(
        out,
        "groups",
        "Who gets it, and why",
        "The largest grants. Each group's value per $1M is what its first dollars buy, in \
         win-equivalents; diminishing returns lower it as a grant grows.",
        true,
    );
    let funded: Vec<&GroupPlanRow> = p.groups.iter().filter(|g| g.amount > 0.0).collect();
    let bars: Vec<Bar> = funded
        .iter()
        .take(TOP_GROUPS)
        .map(|g| Bar {
            label: format!("{} ({})", g.name, g.state),
            value: g.amount,
            color: reason(&g.limited_by).0,
            note: charts::short_money(g.amount),
            marker: None,
        })
        .collect();
    if !bars.is_empty() {
        out.push_str(&charts::hbars("The largest grants", &bars, 1000, 330)?);
        let mut seen: Vec<&str> = Vec::new();
        out.push_str("<p class=\"legend\">What limits each grant: ");
        for g in funded.iter().take(TOP_GROUPS) {
            let (color, name) = reason(&g.limited_by);
            if !seen.contains(&name) {
                seen.push(name);
                let _ = write!(
                    out,
                    "<span class=\"item\"><span class=\"chip\" style=\"background:{}\"></span>{name}</span>",
                    hex(color)
                );
            }
        }
        out.push_str("</p>\n");
    }
    out.push_str(
        "<table><thead><tr><th>#</th><th>Group</th><th>State</th><th class=\"num\">Grant</th>\
         <th class=\"num\">Value per $1M</th><th class=\"num\">Impact</th><th>Why this amount</th></tr></thead><tbody>\n",
    );
    for (i, g) in funded.iter().take(TOP_GROUPS).enumerate() {
        let _ = writeln!(
            out,
            "<tr><td class=\"num\">{}</td><td>{}<span class=\"id\">{}</span></td><td>{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{:.3}</td><td class=\"num\">{:.3}</td>\
             <td><span class=\"chip\" style=\"background:{}\"></span>{}</td></tr>",
            i + 1,
            esc(&g.name),
            esc(&g.group),
            esc(&g.state),
            money(g.amount),
            g.value_per_dollar * 1e6,
            g.impact,
            hex(reason(&g.limited_by).0),
            esc(&why(g, &r.context))
        );
    }
    out.push_str("</tbody></table>\n");
    if funded.len() > TOP_GROUPS {
        let rest: f64 = funded.iter().skip(TOP_GROUPS).map(|g| g.amount).sum();
        let _ = writeln!(
            out,
            "<p class=\"caption\">{} more groups share {}; <code>grantplan plan --top 0</code> or \
             the spreadsheet (<code>--format xlsx</code>) lists every grant.</p>",
            funded.len() - TOP_GROUPS,
            money(rest)
        );
    }
    let mut unfunded: BTreeMap<&str, usize> = BTreeMap::new();
    for g in p.groups.iter().filter(|g| g.amount <= 0.0) {
        *unfunded.entry(g.limited_by.as_str()).or_default() += 1;
    }
    if !unfunded.is_empty() {
        let mut parts: Vec<(usize, &str)> = unfunded.iter().map(|(k, v)| (*v, *k)).collect();
        parts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        let total: usize = parts.iter().map(|p| p.0).sum();
        let text: Vec<String> =
            parts.iter().map(|(n, why)| format!("{n} because {}", why_not(why))).collect();
        let _ = writeln!(
            out,
            "<p class=\"caption\">{total} group{} get nothing: {}.</p>",
            if total == 1 { "" } else { "s" },
            esc(&text.join("; "))
        );
    }
    out.push_str("</section>\n");
    Ok(())
}

fn what_it_changes(out: &mut String, p: &PlanReport) -> Result<()> {
    if p.chambers.is_empty() && p.races.is_empty() {
        return Ok(());
    }
    section_open(
        out,
        "odds",
        "What it changes",
        "Chances of winning before (grey) and after (blue) the plan: the net votes its grants are \
         expected to buy are added to each race's forecast margin, and control of each chamber is \
         recomputed from every seat.",
        true,
    );
    if !p.chambers.is_empty() {
        let rows: Vec<Change> = p
            .chambers
            .iter()
            .map(|c| Change {
                label: c.name.clone(),
                before: c.p_control_before,
                after: c.p_control_after,
            })
            .collect();
        out.push_str("<h3>Control of each chamber</h3>");
        out.push_str(&charts::dumbbell(
            "Chance of Democratic control, before and after",
            &rows,
            1000,
            330,
        )?);
        out.push_str(
            "<table><thead><tr><th>Chamber</th><th class=\"num\">Chance of control before</th>\
             <th class=\"num\">after</th><th class=\"num\">Expected seats before</th><th class=\"num\">after</th></tr></thead><tbody>\n",
        );
        for c in &p.chambers {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{:.1}</td><td class=\"num\">{:.1}</td></tr>",
                esc(&c.name),
                pct(c.p_control_before),
                pct(c.p_control_after),
                c.expected_seats_before,
                c.expected_seats_after
            );
        }
        out.push_str("</tbody></table>\n");
    }
    if !p.races.is_empty() {
        let n = p.races.len().min(TOP_RACES);
        let rows: Vec<Change> = p
            .races
            .iter()
            .take(n)
            .map(|r| Change {
                label: r.race.clone(),
                before: r.win_prob_before,
                after: r.win_prob_after,
            })
            .collect();
        let _ =
            write!(out, "<h3>The {n} races it moves most (of {} it reaches)</h3>", p.races.len());
        out.push_str(&charts::dumbbell("Chance of winning, before and after", &rows, 1000, 270)?);
        out.push_str(
            "<table><thead><tr><th>Race</th><th>Office</th><th class=\"num\">Net votes</th>\
             <th class=\"num\">Margin before</th><th class=\"num\">after</th>\
             <th class=\"num\">Chance before</th><th class=\"num\">after</th></tr></thead><tbody>\n",
        );
        for race in p.races.iter().take(n) {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                esc(&race.race),
                esc(&race.office.replace('_', " ")),
                thousands(race.net_votes),
                margin(race.margin_before),
                margin(race.margin_after),
                pct(race.win_prob_before),
                pct(race.win_prob_after)
            );
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</section>\n");
    Ok(())
}

/// `12,345` (whole numbers).
fn thousands(x: f64) -> String {
    money(x).replacen('$', "", 1)
}

/// A short name for a binding limit, from its stable id.
fn limit_name(id: &str) -> String {
    let (kind, what) = id.split_once(':').unwrap_or((id, ""));
    match kind {
        "group_cap" => "per-group cap".to_owned(),
        "dependency_cap" => "dependency cap".to_owned(),
        "period_cap" => "per-period cap".to_owned(),
        "state_max" => format!("{what} cap"),
        "state_min" => format!("{what} minimum"),
        "floor" => format!("{} floor", what.replace('_', " ")),
        "lock" => format!("lock on {what}"),
        "release" => format!("money released by {what}"),
        other => other.replace('_', " "),
    }
}

fn what_holds_it_back(out: &mut String, p: &PlanReport) -> Result<()> {
    section_open(
        out,
        "limits",
        "What holds it back",
        "Each limit below is binding: lifting it alone would let the plan do more. Its cost is the \
         impact the plan would gain, found by solving the plan again without it.",
        false,
    );
    if p.constraints.is_empty() {
        out.push_str(
            "<p>No limit binds: only the budget and the groups' room shape this plan.</p>\n",
        );
    } else {
        let bars: Vec<Bar> = p
            .constraints
            .iter()
            .map(|b| Bar {
                label: limit_name(&b.constraint),
                value: b.cost,
                color: charts::AMBER,
                note: format!("{:.3} ({:.1}%)", b.cost, b.cost_pct),
                marker: None,
            })
            .collect();
        out.push_str(&charts::hbars(
            "Cost of each binding limit, in win-equivalents",
            &bars,
            1000,
            260,
        )?);
        out.push_str(
            "<table><thead><tr><th>Limit</th><th class=\"num\">Groups held back</th>\
             <th class=\"num\">Cost</th><th class=\"num\">% of impact</th></tr></thead><tbody>\n",
        );
        for b in &p.constraints {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{:.4}</td><td class=\"num\">{:.2}%</td></tr>",
                esc(&capitalize(&b.description)),
                if b.groups > 0 { b.groups.to_string() } else { String::new() },
                b.cost,
                b.cost_pct
            );
        }
        out.push_str("</tbody></table>\n");
    }
    let _ = writeln!(
        out,
        "<p class=\"callout\"><strong>More money:</strong> the next $100,000 would add {:.4} \
         win-equivalents and the next $1,000,000 {:.3}{}.</p>",
        p.next_100k,
        p.next_1m,
        if p.budget_binds {
            ""
        } else {
            " — the plan does not spend its whole budget, because other limits bind first"
        }
    );
    if let Some(m) = &p.milp {
        let status = if m.proven_optimal {
            "the best plan under these limits (proven)".to_owned()
        } else {
            format!("within {:.2}% of the best possible plan", m.gap * 100.0)
        };
        let _ = writeln!(
            out,
            "<p class=\"notice\">Minimum grant size and the number of groups make this a search over \
             which groups to fund: the plan shown is {status}; without those two limits the impact \
             would be {:.3}.</p>",
            m.relaxation
        );
    }
    for note in &p.notes {
        let _ = writeln!(out, "<p class=\"notice\">{}</p>", esc(note));
    }
    out.push_str("</section>\n");
    Ok(())
}

fn frontier(out: &mut String, f: &Frontier) -> Result<()> {
    section_open(
        out,
        "frontier",
        "What a different budget would do",
        "The best impact at other budgets, under the same limits. Where the curve flattens, more \
         money buys less; where it is steep, a little more goes a long way.",
        false,
    );
    let points: Vec<(f64, f64)> = f.points.iter().map(|p| (p.budget, p.impact)).collect();
    out.push_str(&charts::frontier("Impact by budget", &points, f.current, 1000)?);
    let _ = writeln!(
        out,
        "<p class=\"caption\">Each point is {}; impacts are before rounding.</p>",
        esc(&f.method)
    );
    out.push_str(
        "<table><thead><tr><th class=\"num\">Budget</th><th class=\"num\">Best impact</th>\
         <th class=\"num\">Per $1M</th><th class=\"num\">Added per extra $1M</th></tr></thead><tbody>\n",
    );
    let mut prev = (0.0, 0.0);
    for p in &f.points {
        let marginal =
            if p.budget > prev.0 { (p.impact - prev.1) / (p.budget - prev.0) * 1e6 } else { 0.0 };
        let mark =
            if (p.budget - f.current).abs() < 0.5 { " <strong>(this plan)</strong>" } else { "" };
        let _ = writeln!(
            out,
            "<tr><td class=\"num\">{}{mark}</td><td class=\"num\">{:.3}</td><td class=\"num\">{:.3}</td><td class=\"num\">{:.3}</td></tr>",
            money(p.budget),
            p.impact,
            if p.budget > 0.0 { p.impact / p.budget * 1e6 } else { 0.0 },
            marginal
        );
        prev = (p.budget, p.impact);
    }
    out.push_str("</tbody></table>\n</section>\n");
    Ok(())
}

fn schedule(out: &mut String, s: &Schedule) -> Result<()> {
    section_open(
        out,
        "schedule",
        "When the money goes out",
        "Grants by funding period, by state. Money released in a period may be granted then or \
         later; money granted earlier is worth more.",
        false,
    );
    let n = s.periods.len();
    let mut stacks: Vec<Stack> = s
        .states
        .iter()
        .take(SCHEDULE_STATES)
        .enumerate()
        .map(|(i, st)| Stack {
            label: st.key.clone(),
            amounts: st.amounts.clone(),
            color: charts::SERIES[i],
        })
        .collect();
    if s.states.len() > SCHEDULE_STATES {
        let mut other = vec![0.0; n];
        for st in s.states.iter().skip(SCHEDULE_STATES) {
            for (o, a) in other.iter_mut().zip(&st.amounts) {
                *o += a;
            }
        }
        stacks.push(Stack {
            label: "other states".into(),
            amounts: other,
            color: charts::SERIES[6],
        });
    }
    let names: Vec<String> = s.periods.iter().map(|p| p.period.clone()).collect();
    let releases: Vec<f64> = s.periods.iter().map(|p| p.release).collect();
    out.push_str(&charts::schedule("Dollars granted by period", &names, &releases, &stacks, 1000)?);
    out.push_str(
        "<table><thead><tr><th>Period</th><th>Starts</th><th class=\"num\">Value multiplier</th>\
         <th class=\"num\">Released</th><th class=\"num\">Granted</th><th class=\"num\">Released to date</th>\
         <th class=\"num\">Granted to date</th></tr></thead><tbody>\n",
    );
    for p in &s.periods {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{:.2}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&p.period),
            esc(&p.start),
            p.multiplier,
            money(p.release),
            money(p.granted),
            money(p.released_to_date),
            money(p.granted_to_date)
        );
    }
    out.push_str("</tbody></table>\n</section>\n");
    Ok(())
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

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"Co\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;"
        );
        assert_eq!(esc("plain"), "plain");
    }

    #[test]
    fn limit_names_are_short() {
        assert_eq!(limit_name("state_max:PA"), "PA cap");
        assert_eq!(limit_name("floor:working_class"), "working class floor");
        assert_eq!(limit_name("group_cap"), "per-group cap");
        assert_eq!(limit_name("release:2027-Q2"), "money released by 2027-Q2");
    }
}
