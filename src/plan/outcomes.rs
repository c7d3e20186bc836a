//! Before and after (MODEL.md §3, Honest reporting): the net votes a plan
//! buys in each race, and what they do to win probabilities and to the odds
//! of controlling each chamber — recomputed with the exact engine, not the
//! LP's linear approximation.

use serde::Serialize;

use crate::input::data::Dataset;
use crate::input::scenario::Scenario;
use crate::plan::ceiling::{at_ceiling, ceiling, race_votes};
use crate::plan::Plan;
use crate::score::pivot::{control_odds, ChamberOdds, SeatRace};
use crate::score::{swing_rule, Scores};

/// One race the plan reaches.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RaceOutcome {
    /// Race id.
    pub race: String,
    /// Readable name (the id when races.csv gives none); tables and the
    /// report show it, CSV and JSON keep the id.
    #[serde(skip)]
    pub name: String,
    /// State code.
    pub state: String,
    /// Office.
    pub office: String,
    /// Chamber id (empty = none).
    pub chamber: String,
    /// Net votes the plan buys (diminishing returns, period multipliers and
    /// discounting applied).
    pub net_votes: f64,
    /// Forecast margin μ, points.
    pub margin_before: f64,
    /// μ + min(100 · net votes / turnout, max_shift).
    pub margin_after: f64,
    /// P(D wins) at margin_before: Φ(μ/σ), or its fat-tailed counterpart.
    pub win_prob_before: f64,
    /// P(D wins) at margin_after.
    pub win_prob_after: f64,
    /// The race's effect ceiling, points (empty = none).
    pub max_shift: Option<f64>,
    /// At its effect ceiling: more net votes here count for nothing.
    pub saturated: bool,
}

/// One chamber whose races the plan reaches.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChamberOutcome {
    /// Chamber id.
    pub chamber: String,
    /// Name.
    pub name: String,
    /// P(D control) at today's forecast.
    pub p_control_before: f64,
    /// P(D control) with the plan's net votes added to its races' margins.
    pub p_control_after: f64,
    /// Expected D seats before.
    pub expected_seats_before: f64,
    /// Expected D seats after.
    pub expected_seats_after: f64,
}

/// Net votes bought in each race (indexed like `data.races`).
pub fn net_votes(data: &Dataset, sc: &Scenario, scores: &Scores, plan: &Plan) -> Vec<f64> {
    let amounts: Vec<Vec<f64>> = plan
        .grants
        .iter()
        .map(|g| if g.amount > 0.0 { g.by_period.clone() } else { vec![0.0; g.by_period.len()] })
        .collect();
    race_votes(data, sc, scores, &amounts).0
}

/// The margin shift, points, that `votes` net votes make in race `r`: 100 ·
/// votes / turnout, at most the race's effect ceiling.
pub fn shift(data: &Dataset, sc: &Scenario, r: usize, votes: f64) -> f64 {
    let race = &data.races[r];
    let raw = 100.0 * votes / race.turnout;
    match sc.max_shift(race.office, race.max_shift) {
        Some(max) => raw.min(max),
        None => raw,
    }
}

/// Races the plan reaches and chambers whose odds it moves.
pub fn outcomes(
    data: &Dataset,
    sc: &Scenario,
    scores: &Scores,
    plan: &Plan,
) -> (Vec<RaceOutcome>, Vec<ChamberOutcome>) {
    let votes = net_votes(data, sc, scores, plan);
    let q = swing_rule(sc);
    let sd_n = sc.scoring.national_sd;
    let shift: Vec<f64> = (0..data.races.len()).map(|r| shift(data, sc, r, votes[r])).collect();
    let mut races: Vec<RaceOutcome> = data
        .races
        .iter()
        .enumerate()
        .filter(|(r, _)| votes[*r] > 0.0)
        .map(|(r, race)| {
            let s = &scores.races[r];
            RaceOutcome {
                race: race.id.clone(),
                name: race.label().to_owned(),
                state: race.state.clone(),
                office: race.office.to_string(),
                chamber: race.chamber.clone().unwrap_or_default(),
                net_votes: votes[r],
                margin_before: s.mu,
                margin_after: s.mu + shift[r],
                win_prob_before: s.win_prob,
                win_prob_after: q.race_odds(s.mu + shift[r], s.sd_race, sd_n).0,
                max_shift: sc.max_shift(race.office, race.max_shift),
                saturated: plan.saturated.get(r).copied().unwrap_or(false)
                    || ceiling(data, sc, r).is_some_and(|n| at_ceiling(votes[r], n)),
            }
        })
        .collect();
    races.sort_by(|a, b| {
        (b.win_prob_after - b.win_prob_before)
            .total_cmp(&(a.win_prob_after - a.win_prob_before))
            .then(a.race.cmp(&b.race))
    });
    let moved: Vec<usize> = (0..data.chambers.len())
        .filter(|&c| scores.chambers[c].races.iter().any(|&r| votes[r] > 0.0))
        .collect();
    let chambers = crate::base::par::map(&moved, |&c| {
        let (ch, cs) = (&data.chambers[c], &scores.chambers[c]);
        let seats: Vec<SeatRace> = cs
            .races
            .iter()
            .map(|&r| SeatRace {
                mu: scores.races[r].mu + shift[r],
                sd: scores.races[r].sd_race,
                seats: data.races[r].seats,
            })
            .collect();
        let after = control_odds(
            &ChamberOdds { needed: ch.needed, d_not_up: ch.d_not_up, races: &seats },
            sd_n,
            &q,
        );
        ChamberOutcome {
            chamber: ch.id.clone(),
            name: ch.name.clone(),
            p_control_before: cs.p_control,
            p_control_after: after.p_control,
            expected_seats_before: cs.expected_seats,
            expected_seats_after: after.expected_seats,
        }
    });
    (races, chambers)
}
