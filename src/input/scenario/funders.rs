//! `[[funders]]`: a donor table — several funders with their own budgets and
//! rules planning one budget together (MODEL.md §1, §3 "Funders"). Read
//! here with every key checked at its line; checked against the data in
//! [`check_against_data`].

use super::{Check, Cx, Named, Scenario, Value};
use crate::input::data::{closest, Dataset, Group};
use crate::input::diag::{Diagnostics, Pos};

/// One funder at the table.
#[derive(Debug, Clone)]
pub struct Funder {
    /// Stable id (`--funder ID`, CSV and JSON keys).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Dollars it brings.
    pub budget: f64,
    /// May fund only groups in these states (empty: any state).
    pub states: Vec<Named>,
    /// May fund only groups carrying at least one of these tags (empty: any).
    pub constituencies: Vec<Named>,
    /// May fund only these groups (empty: any).
    pub groups: Vec<Named>,
    /// Never funds these groups.
    pub exclude: Vec<Named>,
    /// Tax-deductible money: at most a group's c3_room, shared among c3 funders.
    pub c3: bool,
    /// At most this share of its own budget to one group.
    pub max_group_share: Option<f64>,
    /// Must spend its whole budget.
    pub spend_all: bool,
    /// Where its `[[funders]]` table starts.
    pub pos: Pos,
}

impl Funder {
    /// May this funder fund `group` under its own rules (ignoring the
    /// scenario's exclusions and the group's room)?
    pub fn may_fund(&self, group: &Group) -> bool {
        self.rules_allow(group) && (!self.c3 || group.c3_room > 0.0)
    }

    /// Do this funder's states, constituencies, groups and exclude allow
    /// `group` (its c3 rule aside)?
    pub fn rules_allow(&self, group: &Group) -> bool {
        (self.states.is_empty() || self.states.iter().any(|s| s.name == group.state))
            && (self.constituencies.is_empty()
                || self.constituencies.iter().any(|t| group.has_tag(&t.name)))
            && (self.groups.is_empty() || self.groups.iter().any(|g| g.name == group.id))
            && !self.exclude.iter().any(|e| e.name == group.id)
    }

    /// The most it may give one group, dollars (its share cap, else its budget).
    pub fn pair_cap(&self) -> f64 {
        self.max_group_share.map_or(self.budget, |s| s * self.budget)
    }
}

const KEYS: &[&str] = &[
    "id",
    "name",
    "budget",
    "states",
    "constituencies",
    "groups",
    "exclude",
    "tax",
    "max_group_share",
    "spend_all",
];

fn names(cx: &mut Cx<'_>, t: &super::Table<'_>, key: &str, out: &mut Vec<Named>) {
    let Some(v) = t.get(key) else { return };
    let what = format!("funders.{key}");
    let Some(items) = cx.array(v, &what) else { return };
    for item in items {
        if let Some(name) = cx.string(item, &what) {
            let pos = cx.pos(item.span());
            out.push(Named { name, pos });
        }
    }
}

/// Read `[[funders]]`; set the scenario's budget to their sum (or check a
/// given `budget` against it).
pub(super) fn read(
    cx: &mut Cx<'_>,
    v: &Value<'_>,
    sc: &mut Scenario,
    budget_span: Option<std::ops::Range<usize>>,
) {
    let Some(items) = cx.array(v, "funders") else { return };
    for item in items {
        let Some(t) = cx.table(item, "funders") else { continue };
        cx.known_keys(t, KEYS, "[funders]");
        let pos = cx.pos(item.span());
        let id = match t.get("id") {
            Some(v) => cx.string(v, "funders.id"),
            None => {
                cx.error(
                    item.span(),
                    "[[funders]] has no `id`".to_owned(),
                    "add id = \"pooled\" (a short name without spaces)",
                );
                None
            }
        };
        if let (Some(id), Some(v)) = (&id, t.get("id")) {
            if id.is_empty() || id.chars().any(|c| c.is_whitespace() || c == ',') {
                cx.error(
                    v.span(),
                    format!("`funders.id`: expected a short id without spaces or commas, found \"{id}\""),
                    "e.g. id = \"pa-table\"",
                );
            } else if sc.funders.iter().any(|f| &f.id == id) {
                cx.error(
                    v.span(),
                    format!("funder `{id}` is listed twice"),
                    "give each [[funders]] its own id",
                );
            }
        }
        let name = t.get("name").and_then(|v| cx.string(v, "funders.name"));
        let budget = match t.get("budget") {
            Some(v) => cx.number(v, "funders.budget", Check::Budget),
            None => {
                cx.error(
                    item.span(),
                    "[[funders]] has no `budget`".to_owned(),
                    "add budget = 2_000_000 (dollars)",
                );
                None
            }
        };
        let mut f = Funder {
            id: id.clone().unwrap_or_default(),
            name: String::new(),
            budget: budget.unwrap_or(0.0),
            states: Vec::new(),
            constituencies: Vec::new(),
            groups: Vec::new(),
            exclude: Vec::new(),
            c3: false,
            max_group_share: None,
            spend_all: false,
            pos,
        };
        f.name = name.unwrap_or_else(|| f.id.clone());
        names(cx, t, "states", &mut f.states);
        names(cx, t, "constituencies", &mut f.constituencies);
        names(cx, t, "groups", &mut f.groups);
        names(cx, t, "exclude", &mut f.exclude);
        if let Some(v) = t.get("tax") {
            match cx.string(v, "funders.tax").as_deref() {
                Some("c3") => f.c3 = true,
                Some(other) => cx.error(
                    v.span(),
                    format!("`funders.tax`: expected \"c3\", found \"{other}\""),
                    "write tax = \"c3\" for tax-deductible money, or leave the key out",
                ),
                None => {}
            }
        }
        if let Some(v) = t.get("max_group_share") {
            f.max_group_share = cx.number(v, "funders.max_group_share", Check::PositiveShare);
        }
        if let Some(v) = t.get("spend_all") {
            f.spend_all = cx.boolean(v, "funders.spend_all").unwrap_or(false);
        }
        if id.is_some() && budget.is_some() {
            sc.funders.push(f);
        }
    }
    let total: f64 = sc.funders.iter().map(|f| f.budget).sum();
    match budget_span {
        Some(span) if sc.budget > 0.0 && (sc.budget - total).abs() > 0.5 => {
            let list: Vec<String> =
                sc.funders.iter().map(|f| format!("{} ${:.0}", f.id, f.budget)).collect();
            cx.error(
                span,
                format!(
                    "`budget` is ${:.0}, but the funders' budgets add up to ${total:.0} ({})",
                    sc.budget,
                    list.join(", ")
                ),
                "with [[funders]] the budget is the sum of theirs: remove `budget` or make it equal the sum",
            );
        }
        _ => sc.budget = total,
    }
}

/// Check every funder against the data: its states, tags and groups exist
/// (with did-you-mean), it has something to fund, and a c3 funder finds c3 room.
pub fn check_against_data(data: &Dataset, sc: &Scenario, diags: &mut Diagnostics) {
    if sc.funders.is_empty() {
        // Nothing to check (and no list of every group's name to build).
        return;
    }
    let file = &sc.path;
    let tags = data.tags();
    let unknown = |diags: &mut Diagnostics,
                   n: &Named,
                   what: &str,
                   known: &mut dyn Iterator<Item = &str>,
                   listed: &str| {
        let d = diags.error(file, n.pos, format!("unknown {what} `{}`", n.name));
        let known: Vec<&str> = known.collect();
        match closest(&n.name, known.iter().copied()) {
            Some(best) => d.hint(format!("did you mean `{best}`?")),
            None => d.hint(format!("{what}s in the data are listed in {listed}")),
        };
    };
    let groups_file = data.paths.groups.display().to_string();
    for f in &sc.funders {
        for s in &f.states {
            if !data.state_index.contains_key(&s.name) {
                unknown(
                    diags,
                    s,
                    "state",
                    &mut data.state_index.keys().map(String::as_str),
                    &data.paths.states.display().to_string(),
                );
            }
        }
        for t in &f.constituencies {
            if !tags.contains(&t.name) {
                unknown(diags, t, "tag", &mut tags.iter().map(String::as_str), &groups_file);
            }
        }
        for g in f.groups.iter().chain(&f.exclude) {
            if !data.group_index.contains_key(&g.name) {
                unknown(
                    diags,
                    g,
                    "group",
                    &mut data.group_index.keys().map(String::as_str),
                    &groups_file,
                );
            }
        }
        let excluded = |g: &Group| sc.exclude.iter().any(|e| e.name == g.id);
        // The groups its rules allow (c3 aside) that have room left: how
        // many, and whether any of them has c3 room.
        let (mut fundable, mut c3_room) = (0usize, false);
        for g in &data.groups {
            if g.room_left() > 0.0 && f.rules_allow(g) && !excluded(g) {
                fundable += 1;
                c3_room |= g.c3_room > 0.0;
            }
        }
        if fundable == 0 {
            diags
                .error(file, f.pos, format!("funder `{}` has nothing to fund: no group with room left meets its states, constituencies, groups and exclude", f.id))
                .hint("widen its states, constituencies or groups, or check the scenario's exclude list");
        } else if f.c3 && !c3_room {
            diags
                .error(file, f.pos, format!("funder `{}` gives tax-deductible (c3) money, but none of the {fundable} groups it may fund has c3 room", f.id))
                .hint(format!("fill the c3_room column of {groups_file} (the nonpartisan part of a group's room), widen the funder's rules, or remove tax = \"c3\""));
        }
    }
}
