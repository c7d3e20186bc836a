//! The report's "who pays for what" section for a donor table: each
//! funder's grants against its budget (a chart), the table of funders, and
//! what planning together is worth. Formats the plan's finished split and
//! the extras' comparison; computes nothing.

use std::fmt::Write as _;

use anyhow::Result;

use super::{esc, section_open};
use crate::report::charts::{self, Bar};
use crate::report::{money, PlanReport};

pub(super) fn who_pays(out: &mut String, p: &PlanReport) -> Result<()> {
    section_open(
        out,
        "funders",
        "Who pays for what",
        "The table plans one budget together; each funder pays only where its own rules allow. \
         Bars show what each funder gives; the tick is its budget.",
        true,
    );
    let bars: Vec<Bar> = p
        .funders
        .iter()
        .map(|f| Bar {
            label: f.name.clone(),
            value: f.granted,
            color: if f.unspent > 0.5 { charts::AMBER } else { charts::BLUE },
            note: format!(
                "{} of {}",
                charts::short_money(f.granted),
                charts::short_money(f.budget)
            ),
            marker: Some(f.budget),
        })
        .collect();
    out.push_str(&charts::hbars("What each funder gives", &bars, 1000, 330)?);
    out.push_str(
        "<table><thead><tr><th>Funder</th><th class=\"num\">Budget</th><th class=\"num\">Gives</th>\
         <th class=\"num\">Unspent</th><th class=\"num\">Groups</th><th class=\"num\">Impact</th>\
         <th>May fund</th></tr></thead><tbody>\n",
    );
    for f in &p.funders {
        let _ = writeln!(
            out,
            "<tr><td class=\"name\">{}<span class=\"id\">{}</span></td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{:.3}</td><td>{}</td></tr>",
            esc(&f.name),
            esc(&f.funder),
            money(f.budget),
            money(f.granted),
            money(f.unspent),
            f.groups_funded,
            f.impact,
            esc(&f.rules)
        );
    }
    out.push_str("</tbody></table>\n");
    if let Some(c) = &p.coordination {
        let _ = writeln!(
            out,
            "<p class=\"caption\"><strong>{}</strong></p>",
            esc(&crate::report::funders::coordination_words(c))
        );
        if !c.groups.is_empty() {
            out.push_str(
                "<table><thead><tr><th>Group</th><th class=\"num\">Offered planning alone</th>\
                 <th class=\"num\">Past its room</th><th class=\"num\">Joint plan</th></tr></thead><tbody>\n",
            );
            for d in c.groups.iter().take(10) {
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                    esc(&d.group),
                    money(d.alone),
                    money(d.duplicated),
                    money(d.joint)
                );
            }
            out.push_str("</tbody></table>\n");
        }
    }
    out.push_str(
        "<p class=\"caption\"><code>grantplan plan --funder ID</code> prints one funder's grant \
         list; <code>--out DIR</code> writes funders.csv and funder_grants.csv.</p>\n</section>\n",
    );
    Ok(())
}
