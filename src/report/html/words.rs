//! Plain-language phrasing of plan facts for the report: why a grant is
//! what it is, why a group got nothing, and short names of limits.

use plotters::style::RGBColor;

use crate::report::charts;
use crate::report::visual::{share, Context};
use crate::report::{money, GroupPlanRow};

/// The color and short name of a limiting reason: the name the `plan`
/// table's "limited by" column gives it, so a reason has one name everywhere.
pub(super) fn reason(limited_by: &str) -> (RGBColor, &'static str) {
    match limited_by {
        "room" => (charts::BLUE, "room"),
        "group_cap" => (charts::PURPLE, "group cap"),
        "dependency_cap" => (charts::AMBER, "dependency cap"),
        "state_cap" => (charts::RUST, "state cap"),
        "period_cap" => (charts::TEAL, "period cap"),
        "locked" => (charts::GREEN, "locked"),
        _ => (charts::SKY, "outranked"),
    }
}

/// Why a funded group got what it got, in a sentence.
pub(super) fn why(g: &GroupPlanRow, ctx: &Context) -> String {
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
        "outranked" => "Outranked: past this amount, each dollar does more at the groups above \
                        (or is held by another limit)."
            .to_owned(),
        other => other.replace('_', " "),
    }
}

/// Why unfunded groups got nothing, as a phrase for a count.
pub(super) fn why_not(limited_by: &str) -> String {
    match limited_by {
        "outranked" => "better uses of the money came first".to_owned(),
        "no_value" => "they reach no race that is still worth money".to_owned(),
        "peer_funded" => "other funders already fill their room".to_owned(),
        "no_funder" => "no funder at the table may fund them".to_owned(),
        "excluded" => "the scenario excludes them".to_owned(),
        "state_cap" => "their state is at its cap".to_owned(),
        "below_min_grant" => "they would get less than the minimum grant".to_owned(),
        "max_groups" => "the limit on the number of groups left them out".to_owned(),
        other => other.replace('_', " "),
    }
}

/// A short name for a binding limit, from its stable id.
pub(super) fn limit_name(id: &str) -> String {
    let (kind, what) = id.split_once(':').unwrap_or((id, ""));
    match kind {
        "group_cap" => "group cap".to_owned(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_names_are_short() {
        assert_eq!(limit_name("state_max:PA"), "PA cap");
        assert_eq!(limit_name("floor:working_class"), "working class floor");
        assert_eq!(limit_name("group_cap"), "group cap");
        assert_eq!(limit_name("release:2027-Q2"), "money released by 2027-Q2");
    }
}
