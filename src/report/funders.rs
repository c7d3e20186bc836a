//! The donor-table views of a plan: who pays for what (per funder, and
//! funder by group) and what coordinating is worth, as plain rows for every
//! format. Built from the plan's finished split and the extras' comparison;
//! nothing is computed here but sums and sentences.

use serde::Serialize;

use crate::base::numbers::{dollars, money};
use crate::input::data::Dataset;
use crate::input::scenario::Scenario;
use crate::plan::funders::Coordination;
use crate::plan::Plan;

/// One funder in `plan` output.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FunderRow {
    /// Funder id.
    pub funder: String,
    /// Name.
    pub name: String,
    #[serde(serialize_with = "dollars")]
    /// Dollars it brings.
    pub budget: f64,
    #[serde(serialize_with = "dollars")]
    /// Dollars it gives in the joint plan.
    pub granted: f64,
    #[serde(serialize_with = "dollars")]
    /// budget − granted.
    pub unspent: f64,
    /// Groups it pays.
    pub groups_funded: usize,
    /// Win-equivalents attributed: its share of each grant times the grant's impact.
    pub impact: f64,
    /// What it may fund, in words (`any group` without restrictions).
    pub rules: String,
}

/// One funder's grant to one group (the funder × group matrix, long form).
#[derive(Debug, Clone, Default, Serialize)]
pub struct FunderGrantRow {
    /// Funder id.
    pub funder: String,
    /// Group id.
    pub group: String,
    /// Group name.
    pub name: String,
    /// State code.
    pub state: String,
    #[serde(serialize_with = "dollars")]
    /// Dollars this funder gives this group.
    pub amount: f64,
    /// amount / the group's whole grant.
    pub share_of_grant: f64,
    /// Win-equivalents attributed.
    pub impact: f64,
}

/// What a funder may fund, in words.
pub fn rules(sc: &Scenario, f: usize) -> String {
    let funder = &sc.funders[f];
    let list = |v: &[crate::input::scenario::Named]| {
        v.iter().map(|n| n.name.as_str()).collect::<Vec<_>>().join(", ")
    };
    let mut parts = Vec::new();
    if !funder.states.is_empty() {
        parts.push(format!("states {}", list(&funder.states)));
    }
    if !funder.constituencies.is_empty() {
        parts.push(format!("groups tagged {}", list(&funder.constituencies)));
    }
    if !funder.groups.is_empty() {
        parts.push(format!("only {}", list(&funder.groups)));
    }
    if !funder.exclude.is_empty() {
        parts.push(format!("not {}", list(&funder.exclude)));
    }
    if funder.c3 {
        parts.push("c3 room only".to_owned());
    }
    if let Some(s) = funder.max_group_share {
        parts.push(format!("at most {:.0}% of its budget a group", s * 100.0));
    }
    if funder.spend_all {
        parts.push("spends all".to_owned());
    }
    if parts.is_empty() {
        "any group".to_owned()
    } else {
        parts.join("; ")
    }
}

/// Per-funder rows, in scenario order.
pub fn funder_rows(sc: &Scenario, plan: &Plan) -> Vec<FunderRow> {
    plan.split
        .parts
        .iter()
        .map(|p| {
            let funder = &sc.funders[p.funder];
            FunderRow {
                funder: funder.id.clone(),
                name: funder.name.clone(),
                budget: p.budget,
                granted: p.granted,
                unspent: (p.budget - p.granted).max(0.0),
                groups_funded: p.grants.len(),
                impact: p.impact,
                rules: rules(sc, p.funder),
            }
        })
        .collect()
}

/// Every non-zero funder × group grant: funders in scenario order, each
/// funder's grants largest first (then data order).
pub fn funder_grant_rows(data: &Dataset, sc: &Scenario, plan: &Plan) -> Vec<FunderGrantRow> {
    let mut out = Vec::new();
    for p in &plan.split.parts {
        let mut grants = p.grants.clone();
        grants.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for (g, amount) in grants {
            let whole = plan.grants[g].amount;
            let group = &data.groups[g];
            out.push(FunderGrantRow {
                funder: sc.funders[p.funder].id.clone(),
                group: group.id.clone(),
                name: group.name.clone(),
                state: group.state.clone(),
                amount,
                share_of_grant: if whole > 0.0 { amount / whole } else { 0.0 },
                impact: if whole > 0.0 { amount * plan.grants[g].impact / whole } else { 0.0 },
            });
        }
    }
    out
}

/// The value of coordinating in plain words.
pub fn coordination_words(c: &Coordination) -> String {
    let dup = if c.duplicated > 0.5 {
        format!(
            ", and avoids {} of duplicated grants to {} group{}",
            money(c.duplicated),
            c.groups.len(),
            if c.groups.len() == 1 { "" } else { "s" }
        )
    } else {
        ", with no duplicated grants to avoid".to_owned()
    };
    let pct = if c.alone_impact > 0.0 { format!(" ({:+.1}%)", c.gain_pct) } else { String::new() };
    let mut words = format!(
        "Planning together adds {:.4} win-equivalents{pct} over the funders planning alone ({:.4} against {:.4}){dup}.",
        c.gain, c.joint_impact, c.alone_impact
    );
    let unplanned: Vec<String> =
        c.funders.iter().filter(|f| !f.planned).map(|f| format!("`{}`", f.funder)).collect();
    if !unplanned.is_empty() {
        let (who, its) = match unplanned.len() {
            1 => (format!("Funder {}", unplanned[0]), "its"),
            _ => (format!("Funders {}", unplanned.join(", ")), "their"),
        };
        words.push_str(&format!(
            " {who} cannot plan alone: no plan meets {its} own rules (spend_all, c3, min_grant) within {its} share of the limits, so alone {} as giving nothing.",
            if unplanned.len() == 1 { "it counts" } else { "they count" }
        ));
    }
    words
}

/// One funder's grant list: what a program officer sends that funder.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FunderSheet {
    /// Scenario name.
    pub scenario: String,
    /// The funder's row.
    pub funder: FunderRow,
    /// Its grants, largest first.
    pub grants: Vec<FunderGrantRow>,
}

/// The sheet of funder `id`, or the ids there are.
pub fn sheet(r: &super::PlanReport, id: &str) -> Result<FunderSheet, String> {
    let Some(funder) = r.funders.iter().find(|f| f.funder == id) else {
        let ids: Vec<&str> = r.funders.iter().map(|f| f.funder.as_str()).collect();
        if ids.is_empty() {
            return Err(format!("--funder {id}: the scenario has no [[funders]]"));
        }
        let hint = match crate::input::data::closest(id, ids.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("funders: {}", ids.join(", ")),
        };
        return Err(format!("--funder: unknown funder `{id}`; {hint}"));
    };
    Ok(FunderSheet {
        scenario: r.scenario.clone(),
        funder: funder.clone(),
        grants: r.funder_grants.iter().filter(|g| g.funder == id).cloned().collect(),
    })
}

/// A funder's sheet as text.
pub fn sheet_text(s: &FunderSheet, layout: super::table::Layout) -> String {
    use super::table::sig;
    let f = &s.funder;
    let mut out = format!("Grants from {} ({}) — {}\n", f.name, f.funder, s.scenario);
    out.push_str(&format!("  budget    {}\n", money(f.budget)));
    let s_ = if f.groups_funded == 1 { "" } else { "s" };
    out.push_str(&format!("  granted   {} to {} group{s_}\n", money(f.granted), f.groups_funded));
    out.push_str(&format!("  unspent   {}\n", money(f.unspent)));
    out.push_str(&format!(
        "  impact    {} win-equivalents (its share of each grant's impact)\n",
        sig(f.impact, 4)
    ));
    out.push_str(&format!("  may fund  {}\n\n", f.rules));
    let mut t = super::table::table(
        &["group", "name", "state", "amount", "share of grant", "impact"],
        layout,
    );
    for g in &s.grants {
        t.add_row(vec![
            g.group.clone(),
            g.name.clone(),
            g.state.clone(),
            money(g.amount),
            format!("{:.0}%", g.share_of_grant * 100.0),
            sig(g.impact, 4),
        ]);
    }
    super::table::align_numbers(&mut t, 3);
    out.push_str(&format!("{t}"));
    out.push('\n');
    out
}

/// One group in `compare --funder`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FunderCompareRow {
    /// Group id.
    pub group: String,
    /// Name.
    pub name: String,
    /// State code.
    pub state: String,
    #[serde(serialize_with = "dollars")]
    /// The funder's grant in its portfolio.
    pub portfolio: f64,
    #[serde(serialize_with = "dollars")]
    /// Its grant in its part of the joint plan.
    pub joint: f64,
    #[serde(serialize_with = "dollars")]
    /// joint − portfolio.
    pub change: f64,
    /// May the funder fund this group under its rules?
    pub allowed: bool,
}

/// A funder's portfolio against its part of the joint plan.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FunderCompareView {
    /// Funder id.
    pub funder: String,
    /// Name.
    pub name: String,
    /// The portfolio file.
    pub portfolio: String,
    #[serde(serialize_with = "dollars")]
    /// Its total.
    pub portfolio_total: f64,
    /// Win-equivalents of the portfolio, spent by the funder alone.
    pub portfolio_impact: f64,
    #[serde(serialize_with = "dollars")]
    /// What the funder gives in the joint plan.
    pub joint_granted: f64,
    /// Win-equivalents attributed to the funder in the joint plan.
    pub joint_impact: f64,
    /// Groups, largest change first.
    pub groups: Vec<FunderCompareRow>,
}

/// Build the view of a funder comparison.
pub fn funder_compare(
    data: &Dataset,
    sc: &Scenario,
    c: &crate::tools::funder::FunderComparison,
) -> FunderCompareView {
    let f = &sc.funders[c.funder];
    let mut joint = vec![0.0; data.groups.len()];
    for &(g, v) in &c.part.grants {
        joint[g] = v;
    }
    let mut groups: Vec<FunderCompareRow> = (0..data.groups.len())
        .filter(|&g| joint[g] > 0.0 || c.portfolio.amounts[g] > 0.0)
        .map(|g| {
            let group = &data.groups[g];
            FunderCompareRow {
                group: group.id.clone(),
                name: group.name.clone(),
                state: group.state.clone(),
                portfolio: c.portfolio.amounts[g],
                joint: joint[g],
                change: joint[g] - c.portfolio.amounts[g],
                allowed: !c.not_allowed.contains(&g),
            }
        })
        .collect();
    groups.sort_by(|a, b| b.change.abs().total_cmp(&a.change.abs()).then(a.group.cmp(&b.group)));
    FunderCompareView {
        funder: f.id.clone(),
        name: f.name.clone(),
        portfolio: c.portfolio.path.display().to_string(),
        portfolio_total: c.portfolio.total(),
        portfolio_impact: c.portfolio_impact,
        joint_granted: c.part.granted,
        joint_impact: c.part.impact,
        groups,
    }
}

/// The funder comparison as text.
pub fn funder_compare_text(v: &FunderCompareView, layout: super::table::Layout) -> String {
    use super::table::sig;
    let mut out =
        format!("{} ({}): its portfolio against its part of the joint plan\n", v.name, v.funder);
    out.push_str(&format!(
        "  portfolio  {}  {} win-equivalents, spent alone ({})\n",
        money(v.portfolio_total),
        sig(v.portfolio_impact, 4),
        v.portfolio
    ));
    out.push_str(&format!(
        "  joint plan {}  {} win-equivalents attributed to it\n",
        money(v.joint_granted),
        sig(v.joint_impact, 4)
    ));
    let not: Vec<&str> = v.groups.iter().filter(|g| !g.allowed).map(|g| g.group.as_str()).collect();
    if !not.is_empty() {
        out.push_str(&format!("  outside its rules: {}\n", not.join(", ")));
    }
    let n = super::table::shown(v.groups.len(), layout.top);
    out.push_str(&format!("\nGroups, largest change first ({n} of {})\n", v.groups.len()));
    let mut t =
        super::table::table(&["group", "state", "portfolio", "joint plan", "change"], layout);
    for g in v.groups.iter().take(n) {
        let change = if g.change >= 0.0 {
            format!("+{}", money(g.change))
        } else {
            format!("-{}", money(-g.change))
        };
        t.add_row(vec![
            g.group.clone(),
            g.state.clone(),
            money(g.portfolio),
            money(g.joint),
            change,
        ]);
    }
    super::table::align_numbers(&mut t, 2);
    out.push_str(&format!("{t}\n"));
    out
}
