//! The report's charted sections: where the money goes, who gets it and
//! why, what it changes, what holds it back, the budget frontier and the
//! schedule. Each writes one `<section>` of the page.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::Result;

use super::words::{limit_name, reason, why, why_not};
use super::{capitalize, esc, hex, section_open};
use crate::report::charts::{self, Bar, Change, Stack};
use crate::report::table::sig;
use crate::report::tiles::{self, Tile};
use crate::report::visual::{Frontier, ReportData, Schedule};
use crate::report::{margin, money, pct, GroupPlanRow, PlanReport};

/// Groups shown in the chart and the table of grants.
const TOP_GROUPS: usize = 15;
/// Races shown in the before/after chart and table.
const TOP_RACES: usize = 12;
/// States shown by name in the schedule chart (the rest are "other").
const SCHEDULE_STATES: usize = 5;

pub(super) fn where_it_goes(out: &mut String, r: &ReportData) -> Result<()> {
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

pub(super) fn who_gets_it(out: &mut String, r: &ReportData) -> Result<()> {
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
            "<tr><td class=\"num\">{}</td><td class=\"name\">{}<span class=\"id\">{}</span></td><td>{}</td>\
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

pub(super) fn what_it_changes(out: &mut String, p: &PlanReport) -> Result<()> {
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
                label: r.name.clone(),
                before: r.win_prob_before,
                after: r.win_prob_after,
            })
            .collect();
        let _ = if n == p.races.len() {
            write!(out, "<h3>The race{} it reaches</h3>", if n == 1 { "" } else { "s" })
        } else {
            write!(out, "<h3>The {n} races it moves most (of {} it reaches)</h3>", p.races.len())
        };
        out.push_str(&charts::dumbbell("Chance of winning, before and after", &rows, 1000, 270)?);
        out.push_str(
            "<table><thead><tr><th>Race</th><th>Office</th><th class=\"num\">Net votes</th>\
             <th class=\"num\">Margin before</th><th class=\"num\">after</th>\
             <th class=\"num\">Chance before</th><th class=\"num\">after</th>\
             <th>Effect ceiling</th></tr></thead><tbody>\n",
        );
        for race in p.races.iter().take(n) {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td>{}</td></tr>",
                esc(&race.name),
                esc(&race.office.replace('_', " ")),
                thousands(race.net_votes),
                margin(race.margin_before),
                margin(race.margin_after),
                pct(race.win_prob_before),
                pct(race.win_prob_after),
                match (race.saturated, race.max_shift) {
                    (true, _) => "<strong>saturated</strong>".to_owned(),
                    (false, Some(p)) => format!("{p} points"),
                    (false, None) => String::new(),
                }
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

pub(super) fn what_holds_it_back(out: &mut String, p: &PlanReport) -> Result<()> {
    section_open(
        out,
        "limits",
        "What holds it back",
        "Each limit below is binding: lifting it alone would let the plan do more. Its cost is the \
         impact the plan would gain, found by solving the plan again without it.",
        false,
    );
    if p.constraints.is_empty() {
        out.push_str(if p.milp.is_some() {
            "<p>Apart from the minimum grant and the number of groups (below), no limit binds.</p>\n"
        } else {
            "<p>No limit binds: only the budget and the groups' room shape this plan.</p>\n"
        });
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
            format!(
                "within {:.2}% of the best possible plan{}",
                m.gap * 100.0,
                if m.node_limit { " (the search stopped at its node limit)" } else { "" }
            )
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

pub(super) fn frontier(out: &mut String, f: &Frontier) -> Result<()> {
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

pub(super) fn schedule(
    out: &mut String,
    s: &Schedule,
    timing: Option<&crate::plan::schedule::TimingValue>,
    budget: f64,
) -> Result<()> {
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
    out.push_str("</tbody></table>\n");
    if let Some(tv) = timing {
        // The terminal's headline for early money, in the same words.
        let _ = writeln!(
            out,
            "<p class=\"callout\"><strong>What giving early is worth:</strong> the same {} \
             arriving all in {} would buy {} win-equivalents at best; this schedule buys {} \
             ({:+.1}%).</p>",
            money(budget),
            esc(&tv.last_period),
            sig(tv.impact_if_last_period, 4),
            sig(tv.impact, 4),
            tv.gain_pct
        );
    }
    out.push_str("</section>\n");
    Ok(())
}
