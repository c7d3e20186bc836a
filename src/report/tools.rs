//! Tables for the donor tools: frontier, compare and robust.

use super::money;
use super::table::{align_numbers, sig, table, Layout};
use crate::frontier::Frontier;

/// The frontier as text.
pub fn frontier_table(f: &Frontier, layout: Layout) -> String {
    let mut out = format!("Budget frontier: {}\n", f.scenario);
    let mut t = table(&["budget", "impact", "impact per $1M", "marginal per $1M"], layout);
    for p in &f.points {
        let opt = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| sig(v, 4));
        t.add_row(vec![
            money(p.budget),
            p.impact.map_or_else(|| "no plan".to_owned(), |v| sig(v, 4)),
            opt(p.impact_per_million),
            opt(p.marginal_per_million),
        ]);
    }
    align_numbers(&mut t, 0);
    out.push_str(&format!("{t}\n"));
    match f.returns_fall_at {
        Some(b) => out.push_str(&format!(
            "Returns start to fall at {}: from there a further $1M buys less than {:.0}% of what the first step's did.\n",
            money(b),
            f.knee * 100.0
        )),
        None => out.push_str(&format!("Returns hold within {:.0}% of the first step's over this range.\n", f.knee * 100.0)),
    }
    if let Some(goal) = f.target {
        match f.target_budget {
            Some(b) => out.push_str(&format!(
                "The smallest budget reaching {} win-equivalents is {}.\n",
                sig(goal, 4),
                money(b)
            )),
            None => out.push_str(&format!(
                "No budget up to {} reaches {} win-equivalents.\n",
                money(f.points.last().map_or(0.0, |p| p.budget)),
                sig(goal, 4)
            )),
        }
    }
    out
}

/// Portfolios against the optimum, as text.
pub fn portfolio_table(reports: &[crate::compare::PortfolioReport], layout: Layout) -> String {
    let mut out = String::new();
    for r in reports {
        out.push_str(&format!(
            "Portfolio {}: {} to {} groups\n  impact       {} win-equivalents, {:.1}% of the best plan with the same budget ({})\n  overlap      {:.1}% of its dollars go where the best plan puts them; {} groups in common\n",
            r.portfolio,
            money(r.total),
            r.groups_funded,
            sig(r.impact, 4),
            r.pct_of_optimal,
            sig(r.optimal_impact, 4),
            r.overlap * 100.0,
            r.groups_in_common
        ));
        if r.breaks.is_empty() {
            out.push_str("  limits       breaks none of the scenario's limits\n");
        } else {
            out.push_str(&format!(
                "  limits       breaks {} of the scenario's limits:\n",
                r.breaks.len()
            ));
            for b in &r.breaks {
                out.push_str(&format!("               - {}\n", b.description));
            }
        }
        if !r.best_moves.is_empty() {
            out.push_str("  best changes\n");
            for (i, m) in r.best_moves.iter().enumerate() {
                out.push_str(&format!(
                    "    {}. move {} from {} to {}: +{} win-equivalents\n",
                    i + 1,
                    money(m.amount),
                    m.from,
                    m.to,
                    sig(m.gain, 3)
                ));
            }
        }
        let mut t = table(&["state", "portfolio", "share", "best plan"], layout);
        for e in r.states.iter().take(super::table::shown(r.states.len(), layout.top)) {
            t.add_row(vec![
                e.name.clone(),
                money(e.amount),
                format!("{:.1}%", e.share * 100.0),
                money(e.optimal_amount),
            ]);
        }
        align_numbers(&mut t, 1);
        out.push_str(&format!("\nBy state\n{t}\n"));
        let mut t = table(&["constituency", "portfolio", "share", "best plan"], layout);
        for e in &r.constituencies {
            t.add_row(vec![
                e.name.clone(),
                money(e.amount),
                format!("{:.1}%", e.share * 100.0),
                money(e.optimal_amount),
            ]);
        }
        align_numbers(&mut t, 1);
        out.push_str(&format!("\nBy constituency\n{t}\n\n"));
    }
    out
}

/// Scenarios side by side, as text.
pub fn scenarios_table(c: &crate::compare::ScenarioComparison, layout: Layout) -> String {
    let mut header = vec![""];
    header.extend(c.scenarios.iter().map(|s| s.name.as_str()));
    let mut t = table(&header, layout);
    let row = |label: &str, f: &dyn Fn(&crate::compare::ScenarioColumn) -> String| {
        let mut r = vec![label.to_owned()];
        r.extend(c.scenarios.iter().map(f));
        r
    };
    t.add_row(row("budget", &|s| money(s.budget)));
    t.add_row(row("allocated", &|s| money(s.allocated)));
    t.add_row(row("impact", &|s| sig(s.impact, 4)));
    t.add_row(row("impact per $1M", &|s| sig(s.impact_per_million, 4)));
    t.add_row(row("groups funded", &|s| s.groups_funded.to_string()));
    align_numbers(&mut t, 1);
    let mut out = format!("Scenarios side by side\n{t}\n");
    let amount = |list: &[crate::compare::Exposure], name: &str| {
        list.iter().find(|e| e.name == name).map_or(0.0, |e| e.amount)
    };
    // One table per breakdown: rows are states (or tags), columns scenarios.
    let side_by_side = |label: &str,
                        of: &dyn Fn(
        &crate::compare::ScenarioColumn,
    ) -> &[crate::compare::Exposure],
                        limit: usize| {
        let mut names: Vec<String> =
            c.scenarios.iter().flat_map(|s| of(s).iter().map(|e| e.name.clone())).collect();
        names.sort();
        names.dedup();
        names.sort_by(|a, b| {
            amount(of(&c.scenarios[0]), b).total_cmp(&amount(of(&c.scenarios[0]), a)).then(a.cmp(b))
        });
        let mut header = vec![label];
        header.extend(c.scenarios.iter().map(|s| s.name.as_str()));
        let mut t = table(&header, layout);
        for n in names.iter().take(limit) {
            let mut r = vec![n.clone()];
            r.extend(c.scenarios.iter().map(|s| money(amount(of(s), n))));
            t.add_row(r);
        }
        align_numbers(&mut t, 1);
        t
    };
    let states = side_by_side("state", &|s| &s.states, super::table::shown(usize::MAX, layout.top));
    out.push_str(&format!("\nBy state\n{states}\n"));
    let tags = side_by_side("constituency", &|s| &s.constituencies, usize::MAX);
    out.push_str(&format!("\nBy constituency\n{tags}\n"));
    let mut header = vec!["group"];
    header.extend(c.scenarios.iter().map(|s| s.name.as_str()));
    header.push("spread");
    let mut t = table(&header, layout);
    for g in &c.groups {
        let mut r = vec![g.group.clone()];
        r.extend(g.amounts.iter().map(|&a| money(a)));
        r.push(money(g.spread));
        t.add_row(r);
    }
    align_numbers(&mut t, 1);
    out.push_str(&format!("\nThe groups whose grants differ most\n{t}\n"));
    out
}

/// The robustness check as text.
pub fn robust_table(r: &crate::robust::RobustReport, layout: Layout) -> String {
    let pct = |x: f64| format!("{:.0}%", x * 100.0);
    let mut out = format!(
        "Robustness: {} — {} draws (seed {}), national swing sd {} pts, cost sd {}\n\n",
        r.scenario, r.draws, r.seed, r.national_sd, r.cost_sd
    );
    let mut t = table(&["", "P10", "P50", "P90"], layout);
    t.add_row(vec![
        "best plan in each draw (win-equivalents)".to_owned(),
        sig(r.optimal_impact.p10, 4),
        sig(r.optimal_impact.p50, 4),
        sig(r.optimal_impact.p90, 4),
    ]);
    t.add_row(vec![
        "this scenario's plan, in each draw".to_owned(),
        sig(r.plan_impact.p10, 4),
        sig(r.plan_impact.p50, 4),
        sig(r.plan_impact.p90, 4),
    ]);
    t.add_row(vec![
        "this plan as a share of the draw's best".to_owned(),
        pct(r.plan_share_of_optimal.p10),
        pct(r.plan_share_of_optimal.p50),
        pct(r.plan_share_of_optimal.p90),
    ]);
    align_numbers(&mut t, 1);
    out.push_str(&format!("{t}\n"));
    out.push_str(&format!(
        "At today's forecast the plan buys {} win-equivalents. It reaches {:.0}% of the best plan in {} of the draws.\n",
        sig(r.plan_impact_today, 4),
        crate::robust::GOOD_ENOUGH * 100.0,
        pct(r.robust_share)
    ));
    if r.flagged {
        out.push_str("FLAGGED: this plan does well only under some forecasts; look at the groups below that the draws fund and it does not.\n");
    }
    let n = super::table::shown(r.groups.len(), layout.top);
    out.push_str(&format!(
        "\nGroups: how often the best plan funds them ({n} of {})\n",
        r.groups.len()
    ));
    let mut t = table(
        &["group", "state", "in this plan", "funded in", "median grant", "P10", "P90"],
        layout,
    );
    for g in r.groups.iter().take(n) {
        t.add_row(vec![
            g.group.clone(),
            g.state.clone(),
            money(g.plan_amount),
            pct(g.funded_share),
            money(g.median_grant),
            money(g.grant.p10),
            money(g.grant.p90),
        ]);
    }
    align_numbers(&mut t, 2);
    out.push_str(&format!("{t}\n"));
    out
}
