//! Anchoring to a published forecast (MODEL.md §2, Anchoring): the national
//! shift that makes the model's P(D control) of one chamber equal a
//! published probability, found by bisection (P(control) rises with the
//! shift: every race's margin moves the same way).

use crate::input::data::Dataset;
use crate::input::scenario::Scenario;
use crate::score::pivot::{control_odds, ChamberOdds, SeatRace};
use crate::score::stats::NormalQuadrature;
use crate::score::{race_forecast, swing_rule};

/// Points of shift searched either way: beyond this every race is decided.
pub const SEARCH: f64 = 100.0;
/// Bisection stops when the bracket is this narrow, points.
pub const TOLERANCE: f64 = 1e-6;

/// Why no shift matches.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreachable {
    /// P(D control) at a shift of −[`SEARCH`] points.
    pub lowest: f64,
    /// P(D control) at +[`SEARCH`] points.
    pub highest: f64,
}

/// P(D control) of chamber `c` with every race's margin moved by `shift`
/// points (instead of the scenario's own national shift).
pub fn p_control_at(data: &Dataset, sc: &Scenario, c: usize, shift: f64) -> f64 {
    p_control_with(data, sc, c, shift, &swing_rule(sc))
}

/// [`p_control_at`] with the scenario's swing rule `q` built once.
fn p_control_with(
    data: &Dataset,
    sc: &Scenario,
    c: usize,
    shift: f64,
    q: &NormalQuadrature,
) -> f64 {
    let sd_n = sc.scoring.national_sd;
    let seats: Vec<SeatRace> = data
        .races
        .iter()
        .filter(|r| r.chamber_idx == Some(c))
        .map(|r| {
            let (mu, sd) = race_forecast(r, sc);
            SeatRace { mu: mu - sc.scoring.national_shift + shift, sd, seats: r.seats }
        })
        .collect();
    let ch = &data.chambers[c];
    control_odds(&ChamberOdds { needed: ch.needed, d_not_up: ch.d_not_up, races: &seats }, sd_n, q)
        .p_control
}

/// The national shift, points, at which P(D control) of chamber `c` is
/// `target`, to [`TOLERANCE`].
pub fn find_shift(
    data: &Dataset,
    sc: &Scenario,
    c: usize,
    target: f64,
) -> Result<f64, Unreachable> {
    let q = swing_rule(sc);
    let p_at = |shift: f64| p_control_with(data, sc, c, shift, &q);
    let (mut lo, mut hi) = (-SEARCH, SEARCH);
    let (p_lo, p_hi) = (p_at(lo), p_at(hi));
    if !(p_lo <= target && target <= p_hi) {
        return Err(Unreachable { lowest: p_lo, highest: p_hi });
    }
    while hi - lo > TOLERANCE {
        let mid = 0.5 * (lo + hi);
        if p_at(mid) < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(0.5 * (lo + hi))
}
