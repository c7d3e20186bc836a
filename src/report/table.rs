//! Human-readable output: a short summary and aligned tables.

use comfy_table::{presets, CellAlignment, ContentArrangement, Table};

use super::{margin, money, pct, PlanReport, ScoreReport};

/// How tables are laid out.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// Rows per long table (races, groups); 0 = all.
    pub top: usize,
    /// Wrap to this width; `None` = never wrap (files, pipes, tests).
    pub width: Option<u16>,
}

/// A table in grantplan's style. It is a comfy-table [`Table`] whose rows
/// are clipped on the way in when the table wraps to a terminal: comfy-table's
/// wrapping is quadratic in a cell's length, so a 200,000-character cell would
/// take seconds to lay out. Piped output (no wrapping) keeps every character.
pub struct Grid {
    table: Table,
    /// Longest cell kept, in characters, when wrapping; `None` = no clipping.
    clip: Option<usize>,
}

/// Cells longer than this many terminal widths are clipped (with `…`) before
/// a wrapping table lays them out: four full lines of a cell are enough to
/// read it, and the full text is in the CSV and JSON output.
const CLIP_WIDTHS: usize = 4;

impl Grid {
    /// Add a row, clipping cells too long to wrap in reasonable time.
    pub fn add_row(&mut self, row: Vec<String>) -> &mut Self {
        let row = match self.clip {
            Some(max) => row.into_iter().map(|c| clip_cell(c, max)).collect(),
            None => row,
        };
        self.table.add_row(row);
        self
    }
}

impl std::ops::Deref for Grid {
    type Target = Table;

    fn deref(&self) -> &Table {
        &self.table
    }
}

impl std::ops::DerefMut for Grid {
    fn deref_mut(&mut self) -> &mut Table {
        &mut self.table
    }
}

impl std::fmt::Display for Grid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.table.fmt(f)
    }
}

/// `cell` cut to `max` characters, its last one `…`, when it is longer.
fn clip_cell(cell: String, max: usize) -> String {
    match cell.char_indices().nth(max.saturating_sub(1)) {
        Some((end, _)) if cell[end..].chars().nth(1).is_some() => {
            let mut out = cell[..end].to_owned();
            out.push('…');
            out
        }
        _ => cell,
    }
}

/// An empty table in grantplan's style with `header`, laid out per `layout`.
pub fn table(header: &[&str], layout: Layout) -> Grid {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED);
    t.remove_style(comfy_table::TableComponent::HorizontalLines);
    t.remove_style(comfy_table::TableComponent::MiddleIntersections);
    t.remove_style(comfy_table::TableComponent::LeftBorderIntersections);
    t.remove_style(comfy_table::TableComponent::RightBorderIntersections);
    let clip = match layout.width {
        Some(w) => {
            t.set_content_arrangement(ContentArrangement::Dynamic);
            t.set_width(w);
            Some(CLIP_WIDTHS * usize::from(w.max(20)))
        }
        None => {
            t.set_content_arrangement(ContentArrangement::Disabled);
            None
        }
    };
    let header: Vec<String> = match clip {
        Some(max) => header.iter().map(|h| clip_cell((*h).to_owned(), max)).collect(),
        None => header.iter().map(|h| (*h).to_owned()).collect(),
    };
    t.set_header(header);
    Grid { table: t, clip }
}

/// Right-align every column but the first `text` ones.
pub fn align_numbers(t: &mut Table, text: usize) {
    let n = t.column_count();
    for i in text..n {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// A number with `digits` significant digits, without exponent for usual sizes.
pub fn sig(x: f64, digits: usize) -> String {
    if x == 0.0 || !x.is_finite() {
        return "0".to_owned();
    }
    let magnitude = x.abs().log10().floor() as i32;
    if !(-5..=9).contains(&magnitude) {
        return format!("{:.*e}", digits.saturating_sub(1), x);
    }
    let decimals = (digits as i32 - 1 - magnitude).max(0) as usize;
    format!("{x:.decimals$}")
}

/// Points per 1,000 votes with three decimals, or two significant digits
/// when that would show a small non-zero rate as 0.000.
pub fn points(x: f64) -> String {
    if x == 0.0 || x.abs() >= 0.01 {
        format!("{x:.3}")
    } else {
        sig(x, 2)
    }
}

/// Rows shown of `n` with `--top top` (0 = all).
pub fn shown(n: usize, top: usize) -> usize {
    if top == 0 {
        n
    } else {
        n.min(top)
    }
}

/// `" (n of total)"` when `--top` leaves rows out, else nothing: the note a
/// table's title carries.
pub fn of(n: usize, total: usize) -> String {
    if n < total {
        format!(" ({n} of {total})")
    } else {
        String::new()
    }
}

/// The `score` report as text.
pub fn score(r: &ScoreReport<'_>, layout: Layout) -> String {
    let mut out = format!(
        "Scenario: {}\nForecast error: national swing sd {} pts, national shift {:+} pts{}\n\n",
        r.scenario,
        r.national_sd,
        r.national_shift,
        r.anchor.as_ref().map_or(String::new(), |a| format!(
            " (anchored: the shift that makes P(D control) of {} {})",
            a.chamber,
            pct(a.p_control)
        ))
    );
    let n = shown(r.races.len(), layout.top);
    out.push_str(&format!("Races by value per 1,000 net votes (top {n} of {})\n", r.races.len()));
    let mut t = table(
        &[
            "#",
            "race",
            "office",
            "margin",
            "P(D win)",
            "win pts/1k votes",
            "control pts/1k votes",
            "value/1k votes",
        ],
        layout,
    );
    for race in r.races.iter().take(n) {
        t.add_row(vec![
            race.rank.to_string(),
            race.name.to_owned(),
            race.office.to_owned(),
            margin(race.margin),
            pct(race.win_prob),
            points(race.closeness * 1e5),
            points(race.control_pivotality * 1e5),
            sig(race.value_per_1000_net_votes, 4),
        ]);
    }
    align_numbers(&mut t, 3);
    out.push_str(&format!("{t}\n\n"));

    if !r.chambers.is_empty() {
        let n = shown(r.chambers.len(), layout.top);
        out.push_str(&format!("Chambers{}\n", of(n, r.chambers.len())));
        let mut t = table(
            &[
                "chamber",
                "races",
                "seats needed",
                "P(D control)",
                "expected D seats",
                "seats most likely to tip it",
            ],
            layout,
        );
        for c in r.chambers.iter().take(n) {
            let tipping: Vec<&str> = c.tipping.iter().take(3).map(|s| s.name.as_str()).collect();
            t.add_row(vec![
                c.chamber.clone(),
                c.races.to_string(),
                format!("{} of {}", c.needed, c.seats),
                if c.races == 0 { "—".to_owned() } else { pct(c.p_control) },
                if c.races == 0 { "—".to_owned() } else { format!("{:.1}", c.expected_seats) },
                tipping.join("; "),
            ]);
        }
        align_numbers(&mut t, 1);
        if let Some(c) = t.column_mut(5) {
            c.set_cell_alignment(CellAlignment::Left);
        }
        out.push_str(&format!("{t}\n\n"));
    }

    if !r.states.is_empty() {
        let n = shown(
            r.states.len(),
            layout.top.min(15).max(usize::from(layout.top == 0) * r.states.len()),
        );
        out.push_str(&format!(
            "States by vote power: one net vote, across all its races (top {n} of {})\n",
            r.states.len()
        ));
        let mut t = table(&["state", "vote power", "value/1k votes", "last pres margin"], layout);
        for s in r.states.iter().take(n) {
            t.add_row(vec![
                s.state.clone(),
                format!("{:.1}", s.vote_power),
                sig(s.value_per_net_vote * 1000.0, 4),
                s.pres_margin.map_or_else(String::new, margin),
            ]);
        }
        align_numbers(&mut t, 1);
        out.push_str(&format!("{t}\n\n"));
    }

    let n = shown(r.groups.len(), layout.top);
    out.push_str(&format!(
        "Groups by value per $1M, before diminishing returns (top {n} of {})\n",
        r.groups.len()
    ));
    let mut t = table(&["#", "group", "state", "$/net vote", "room left", "value/$1M"], layout);
    for g in r.groups.iter().take(n) {
        t.add_row(vec![
            g.rank.to_string(),
            g.group.to_owned(),
            g.state.to_owned(),
            format!("{:.0}", g.dollars_per_net_vote),
            money(g.room_left),
            sig(g.value_per_million, 4),
        ]);
    }
    align_numbers(&mut t, 3);
    out.push_str(&format!("{t}\n"));
    out
}

/// The `plan` report as text.
pub fn plan(r: &PlanReport, layout: Layout) -> String {
    let mut out = format!("Plan: {}\n", super::plan_title(r));
    let funded = r.groups_funded;
    out.push_str(&format!("  budget       {}\n", money(r.budget)));
    out.push_str(&format!(
        "  allocated    {} to {funded} of {} groups\n",
        money(r.allocated),
        r.groups.len()
    ));
    out.push_str(&format!("  unallocated  {}\n", money(r.unallocated)));
    out.push_str(&format!(
        "  impact       {} win-equivalents ({} per $1M); LP optimum before rounding {}\n\n",
        sig(r.impact, 4),
        sig(r.impact_per_million, 4),
        sig(r.lp_impact, 4)
    ));
    if let Some(a) = &r.anchor {
        out.insert_str(
            out.len() - 1,
            &format!(
                "  anchor       national shift {:+.4} pts, so that P(D control) of {} is {}\n",
                a.national_shift,
                a.chamber,
                pct(a.p_control)
            ),
        );
    }
    if let Some(m) = &r.milp {
        let limits = match (m.min_grant, m.max_groups) {
            (Some(g), Some(k)) => format!("grants of at least {} to at most {k} groups", money(g)),
            (Some(g), None) => format!("grants of at least {}", money(g)),
            (None, Some(k)) => format!("at most {k} groups"),
            (None, None) => String::new(),
        };
        let status = if m.proven_optimal {
            "proven optimal".to_owned()
        } else {
            format!(
                "within {:.3}% of optimal (bound {}){}",
                m.gap * 100.0,
                sig(m.bound, 5),
                if m.node_limit { ", stopped at the node limit" } else { "" }
            )
        };
        out.push_str(&format!(
            "  integer      {limits}: {status} after {} nodes; without these limits {}\n\n",
            m.nodes,
            sig(m.relaxation, 4)
        ));
    }
    let rows: Vec<_> = r.groups.iter().filter(|g| g.amount > 0.0).collect();
    let n = shown(rows.len(), layout.top);
    out.push_str(&format!("Grants by group ({n} of {funded} funded groups shown)\n"));
    let mut t = table(&["group", "state", "amount", "value/$1M", "impact", "limited by"], layout);
    for g in rows.iter().take(n) {
        t.add_row(vec![
            g.group.clone(),
            g.state.clone(),
            money(g.amount),
            sig(g.value_per_dollar * 1e6, 4),
            sig(g.impact, 4),
            g.limited_by.replace('_', " "),
        ]);
    }
    align_numbers(&mut t, 2);
    if let Some(c) = t.column_mut(5) {
        c.set_cell_alignment(CellAlignment::Left);
    }
    out.push_str(&format!("{t}\n\n"));

    let states: Vec<_> = r.states.iter().filter(|s| s.amount > 0.0 || s.min.is_some()).collect();
    let n = shown(states.len(), layout.top);
    out.push_str(&format!("By state{}\n", of(n, states.len())));
    let mut t =
        table(&["state", "amount", "share", "groups funded", "impact", "cap", "min"], layout);
    for s in states.into_iter().take(n) {
        t.add_row(vec![
            s.state.clone(),
            money(s.amount),
            pct(s.share),
            format!("{} of {}", s.groups_funded, s.groups),
            sig(s.impact, 4),
            s.cap.map_or_else(String::new, money),
            s.min.map_or_else(String::new, money),
        ]);
    }
    align_numbers(&mut t, 1);
    out.push_str(&format!("{t}\n\n"));

    let n = shown(r.constituencies.len(), layout.top);
    let shown_of = if n < r.constituencies.len() {
        format!("{n} of {}; ", r.constituencies.len())
    } else {
        String::new()
    };
    out.push_str(&format!(
        "By constituency ({shown_of}a group with several tags counts toward each)\n"
    ));
    let mut t =
        table(&["constituency", "amount", "share of budget", "groups funded", "floor"], layout);
    for c in r.constituencies.iter().take(n) {
        t.add_row(vec![
            c.constituency.clone(),
            money(c.amount),
            pct(c.share),
            c.groups_funded.to_string(),
            c.floor.map_or_else(String::new, pct),
        ]);
    }
    align_numbers(&mut t, 1);
    out.push_str(&format!("{t}\n"));
    if !r.funders.is_empty() {
        funders(&mut out, r, layout);
    }
    if !r.periods.is_empty() {
        let n = shown(r.periods.len(), layout.top);
        out.push_str(&format!(
            "\nSchedule by period{}: money released, granted, and the races still ahead\n",
            of(n, r.periods.len())
        ));
        let mut t = table(
            &[
                "period",
                "starts",
                "multiplier",
                "released",
                "granted",
                "released to date",
                "granted to date",
                "groups",
                "races ahead",
            ],
            layout,
        );
        for p in r.periods.iter().take(n) {
            t.add_row(vec![
                p.period.clone(),
                p.start.clone(),
                format!("{:.2}", p.multiplier),
                money(p.release),
                money(p.amount),
                money(p.released_to_date),
                money(p.granted_to_date),
                p.groups_funded.to_string(),
                p.races_ahead.to_string(),
            ]);
        }
        align_numbers(&mut t, 2);
        out.push_str(&format!("{t}\n"));
        let states: Vec<&str> =
            r.states.iter().filter(|s| s.amount > 0.0).map(|s| s.state.as_str()).collect();
        let n = shown(states.len(), layout.top);
        out.push_str(&format!("\nDollars by state and period ({n} of {} states)\n", states.len()));
        let mut header: Vec<&str> = vec!["state"];
        header.extend(r.periods.iter().map(|p| p.period.as_str()));
        header.push("total");
        let mut t = table(&header, layout);
        for code in states.iter().take(n) {
            let mut row = vec![code.to_string()];
            let mut total = 0.0;
            for p in &r.periods {
                let v = p.by_state.iter().find(|s| s.state == *code).map_or(0.0, |s| s.amount);
                total += v;
                row.push(if v > 0.0 { money(v) } else { "—".to_owned() });
            }
            row.push(money(total));
            t.add_row(row);
        }
        align_numbers(&mut t, 1);
        out.push_str(&format!("{t}\n"));
    }
    if let Some(tv) = &r.timing {
        out.push_str(&format!(
            "\nWhat giving early is worth: the same {} arriving all in {} would buy {} win-equivalents at best; this schedule buys {} ({:+.1}%)\n",
            money(r.budget),
            tv.last_period,
            sig(tv.impact_if_last_period, 4),
            sig(tv.impact, 4),
            tv.gain_pct
        ));
    }
    if !r.constraints.is_empty() {
        let n = shown(r.constraints.len(), layout.top);
        out.push_str(&format!(
            "\nBinding limits{} and what each costs (impact gained if it were removed)\n",
            of(n, r.constraints.len())
        ));
        let mut t = table(&["limit", "cost", "% of impact"], layout);
        for b in r.constraints.iter().take(n) {
            t.add_row(vec![b.description.clone(), sig(b.cost, 3), format!("{:.2}%", b.cost_pct)]);
        }
        align_numbers(&mut t, 1);
        out.push_str(&format!("{t}\n"));
    }
    out.push_str(&format!(
        "\nMore money: the next $100,000 would add {} win-equivalents, the next $1,000,000 {}{}\n",
        sig(r.next_100k, 3),
        sig(r.next_1m, 3),
        if r.budget_binds {
            ""
        } else if r.races.iter().any(|race| race.saturated) {
            " (the plan does not spend the whole budget: effect ceilings and other limits bind first)"
        } else {
            " (the plan does not spend the whole budget: other limits bind first)"
        }
    ));
    if !r.chambers.is_empty() {
        let n = shown(r.chambers.len(), layout.top);
        out.push_str(&format!(
            "\nChambers{}: P(D control) before and after the plan's net votes\n",
            of(n, r.chambers.len())
        ));
        let mut t = table(
            &["chamber", "P(D control) before", "after", "expected D seats before", "after"],
            layout,
        );
        for c in r.chambers.iter().take(n) {
            t.add_row(vec![
                c.chamber.clone(),
                pct(c.p_control_before),
                pct(c.p_control_after),
                format!("{:.2}", c.expected_seats_before),
                format!("{:.2}", c.expected_seats_after),
            ]);
        }
        align_numbers(&mut t, 1);
        out.push_str(&format!("{t}\n"));
    }
    if !r.races.is_empty() {
        let n = shown(r.races.len(), layout.top);
        out.push_str(&format!(
            "\nRaces the plan moves most ({n} of {} reached): net votes bought, odds before and after\n",
            r.races.len()
        ));
        let mut t = table(
            &["race", "net votes", "margin before", "after", "P(D win) before", "after", "ceiling"],
            layout,
        );
        for race in r.races.iter().take(n) {
            t.add_row(vec![
                race.name.clone(),
                format!("{:.0}", race.net_votes),
                margin(race.margin_before),
                margin(race.margin_after),
                pct(race.win_prob_before),
                pct(race.win_prob_after),
                ceiling_cell(race),
            ]);
        }
        align_numbers(&mut t, 1);
        out.push_str(&format!("{t}\n"));
    }
    if !r.notes.is_empty() {
        out.push_str("\nNotes\n");
        for note in &r.notes {
            out.push_str(&format!("  - {note}\n"));
        }
    }
    out
}

/// `saturated` at the ceiling, else the ceiling in points (blank: none).
fn ceiling_cell(race: &crate::plan::outcomes::RaceOutcome) -> String {
    match (race.saturated, race.max_shift) {
        (true, _) => "saturated".to_owned(),
        (false, Some(p)) => format!("{p} pts"),
        (false, None) => String::new(),
    }
}

/// The donor table: each funder's part, the funder × group matrix, and the
/// value of coordinating.
fn funders(out: &mut String, r: &PlanReport, layout: Layout) {
    out.push_str("\nWho pays for what\n");
    let mut t =
        table(&["funder", "budget", "granted", "unspent", "groups", "impact", "may fund"], layout);
    for f in &r.funders {
        t.add_row(vec![
            f.funder.clone(),
            money(f.budget),
            money(f.granted),
            money(f.unspent),
            f.groups_funded.to_string(),
            sig(f.impact, 4),
            f.rules.clone(),
        ]);
    }
    align_numbers(&mut t, 1);
    if let Some(c) = t.column_mut(6) {
        c.set_cell_alignment(CellAlignment::Left);
    }
    out.push_str(&format!("{t}\n"));
    let rows: Vec<_> = r.groups.iter().filter(|g| g.amount > 0.0).collect();
    let n = shown(rows.len(), layout.top);
    out.push_str(&format!(
        "\nGrants by group and funder ({n} of {} funded groups shown)\n",
        rows.len()
    ));
    let mut header: Vec<&str> = vec!["group", "amount"];
    header.extend(r.funders.iter().map(|f| f.funder.as_str()));
    let mut t = table(&header, layout);
    for g in rows.iter().take(n) {
        let mut row = vec![g.group.clone(), money(g.amount)];
        for f in &r.funders {
            let v = r
                .funder_grants
                .iter()
                .find(|x| x.funder == f.funder && x.group == g.group)
                .map_or(0.0, |x| x.amount);
            row.push(if v > 0.0 { money(v) } else { "—".to_owned() });
        }
        t.add_row(row);
    }
    align_numbers(&mut t, 1);
    out.push_str(&format!("{t}\n"));
    if let Some(c) = &r.coordination {
        out.push_str(&format!("\n{}\n", super::funders::coordination_words(c)));
        if !c.groups.is_empty() {
            let n = shown(c.groups.len(), layout.top);
            out.push_str(&format!(
                "Planning alone, the funders would offer these groups more than their room ({n} of {} shown)\n",
                c.groups.len()
            ));
            let mut t = table(&["group", "offered alone", "room past", "joint plan"], layout);
            for d in c.groups.iter().take(n) {
                t.add_row(vec![
                    d.group.clone(),
                    money(d.alone),
                    money(d.duplicated),
                    money(d.joint),
                ]);
            }
            align_numbers(&mut t, 1);
            out.push_str(&format!("{t}\n"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_digits() {
        assert_eq!(sig(0.0228327, 4), "0.02283");
        assert_eq!(sig(12.3456, 4), "12.35");
        assert_eq!(sig(0.0, 4), "0");
        assert_eq!(sig(1234567.0, 4), "1234567");
        assert_eq!(sig(7.3654e-9, 3), "7.37e-9");
        assert_eq!(points(0.0), "0.000");
        assert_eq!(points(2.849), "2.849");
        assert_eq!(points(0.000_123_4), "0.00012");
    }

    #[test]
    fn clip_cell_cuts_long_cells_on_a_character_boundary() {
        assert_eq!(clip_cell("abc".to_owned(), 3), "abc");
        assert_eq!(clip_cell("abcd".to_owned(), 3), "ab…");
        assert_eq!(clip_cell("ééééé".to_owned(), 4), "ééé…");
        assert_eq!(clip_cell(String::new(), 4), "");
    }

    /// comfy-table's wrapping is quadratic in a cell's length (a
    /// 200,000-character id took 14 s on a terminal): cells are clipped first.
    #[test]
    fn a_huge_cell_is_clipped_when_wrapping_and_kept_when_piped() {
        let huge = "x".repeat(200_000);
        let mut wrapped = table(&["id", "name"], Layout { top: 0, width: Some(80) });
        wrapped.add_row(vec![huge.clone(), "short".to_owned()]);
        let text = wrapped.to_string();
        let xs = text.chars().filter(|&c| c == 'x').count();
        assert_eq!(xs, CLIP_WIDTHS * 80 - 1, "{xs} x's kept");
        assert!(text.contains('…') && text.contains("short"));
        assert!(text.lines().all(|l| l.chars().count() <= 80));

        let mut piped = table(&["id", "name"], Layout { top: 0, width: None });
        piped.add_row(vec![huge, "short".to_owned()]);
        let text = piped.to_string();
        assert_eq!(text.chars().filter(|&c| c == 'x').count(), 200_000);
    }
}
