//! The integer program of a scenario with `max_groups` or `min_grant`, with
//! every effect ceiling in from the start, as JSON for an outside MILP
//! solver: an independent check of `plan`'s integer search
//! (`scripts/highs-check.py` solves it with HiGHS).
//!
//! ```text
//! cargo run --release --example milp_json -- SCENARIO.toml > program.json
//! ```
//!
//! The JSON: `cols` ([lo, hi, objective] per LP column, LP units: $1M),
//! `rows` ({t: [[column, coefficient]...], lo, hi}, ±1e30 for no side),
//! `group_of` (the group of each of the first `group_cols` columns; the
//! effect ceilings' columns follow), `max_groups` and `min_grant` (LP
//! units, 0 for none). A group is funded when any of its columns is
//! positive. The objective is `plan`'s: win-equivalents, less the small
//! spending penalty that comes with effect ceilings (MODEL.md §3).

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use grantplan::plan::{ceiling, model};

fn main() -> Result<()> {
    let path: PathBuf = std::env::args_os()
        .nth(1)
        .context("usage: cargo run --release --example milp_json -- SCENARIO.toml")?
        .into();
    let inputs = grantplan::load(&path, None).map_err(|e| anyhow::anyhow!("{e}"))?;
    let (data, sc) = (&inputs.data, &inputs.scenario);
    if !sc.funders.is_empty() {
        bail!("a scenario with [[funders]] adds payment rows during the solve: not exported");
    }
    let min_grant = sc.limits.min_grant.filter(|&m| m > 0.0).unwrap_or(0.0);
    if sc.limits.max_groups.is_none() && min_grant == 0.0 {
        bail!("the scenario has neither limits.max_groups nor limits.min_grant");
    }
    let scores = grantplan::score::score(data, sc);
    let enforced = ceiling::enforced(data, sc);
    let races: Vec<usize> = (0..data.races.len()).filter(|&r| enforced[r].is_some()).collect();
    let skeleton = model::skeleton(data, sc, &model::Omit::default());
    let mut program = skeleton.fill(data, sc, &scores, &races);
    // With no ceiling at all, the penalty is not part of the plan's objective.
    if !races.is_empty() {
        ceiling::add_penalty(sc, &scores, &mut program);
    }
    let side = |v: f64| if v.is_finite() { v } else { v.signum() * 1e30 };
    let cols: Vec<_> =
        program.lp.cols.iter().map(|c| serde_json::json!([c.lo, c.hi, c.obj])).collect();
    let rows: Vec<_> = program
        .lp
        .rows
        .iter()
        .map(|r| serde_json::json!({"t": r.terms, "lo": side(r.lo), "hi": side(r.hi)}))
        .collect();
    let group_of: Vec<usize> = program.cols.iter().map(|c| c.group).collect();
    let json = serde_json::json!({
        "scenario": sc.name,
        "cols": cols,
        "rows": rows,
        "group_cols": group_of.len(),
        "group_of": group_of,
        "max_groups": sc.limits.max_groups,
        "min_grant": min_grant / model::SCALE,
    });
    println!("{json}");
    Ok(())
}
