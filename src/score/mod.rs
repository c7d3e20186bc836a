//! Scoring (MODEL.md §2): what one net vote is worth in each race, and what
//! one dollar is worth at each group before diminishing returns.
//!
//! Takes a validated [`Dataset`] and [`Scenario`]; gives [`Scores`]: for each
//! race its odds, closeness and control pivotality ([`pivot`] does the exact
//! chamber-control arithmetic, [`stats`] the normal distribution and the
//! quadrature), for each chamber P(control), and for each group its value
//! per dollar.

pub mod anchor;
pub mod pivot;
pub mod stats;

use crate::input::data::{Dataset, Group, Race};
use crate::input::date::Date;
use crate::input::scenario::Scenario;
use crate::score::pivot::{chamber_control, ChamberOdds, SeatRace};
use crate::score::stats::{pdf, NormalQuadrature, Tails};

/// Gauss–Hermite nodes used for a normal national swing.
pub const QUADRATURE_NODES: usize = 96;

/// Gauss–Gegenbauer nodes used for a Student-t national swing (`scoring.df`).
pub const STUDENT_NODES: usize = 160;

/// The quadrature rule over the scenario's national swing, carrying the
/// shape of its errors (normal, or Student-t with `scoring.df`).
pub fn swing_rule(sc: &Scenario) -> NormalQuadrature {
    let tails = Tails::from_df(sc.scoring.df);
    match tails {
        _ if sc.scoring.national_sd <= 0.0 => NormalQuadrature::point_of(tails),
        Tails::Normal => NormalQuadrature::new(QUADRATURE_NODES),
        Tails::Student(_) => NormalQuadrature::of(tails, STUDENT_NODES),
    }
}

/// One race, scored.
#[derive(Debug, Clone)]
pub struct RaceScore {
    /// Forecast margin μ with the national shift, points.
    pub mu: f64,
    /// Race-specific sd σ_r, points.
    pub sd_race: f64,
    /// Total sd σ = sqrt(σ_r² + σ_n²), points.
    pub sd: f64,
    /// P(D wins) = Φ(μ/σ) (with fat tails, E_ν[F((μ+ν)/σ_r)]).
    pub win_prob: f64,
    /// Rise in win probability per net vote, c_r.
    pub closeness: f64,
    /// Rise in P(D controls the race's chamber) per net vote, κ_r.
    pub control_pivotality: f64,
    /// Value of one net vote, win-equivalents: v_r.
    pub value: f64,
}

/// One chamber, scored.
#[derive(Debug, Clone)]
pub struct ChamberScore {
    /// P(D control).
    pub p_control: f64,
    /// Expected D seats.
    pub expected_seats: f64,
    /// Races (indices into the dataset) whose seats count here.
    pub races: Vec<usize>,
    /// Per race in `races`: P(its outcome decides control).
    pub p_decisive: Vec<f64>,
    /// Per race in `races`: rise in P(control) per point of its margin.
    pub per_point: Vec<f64>,
}

/// One group, scored.
#[derive(Debug, Clone)]
pub struct GroupScore {
    /// u_g: win-equivalents per dollar, before diminishing returns and period multipliers.
    pub value_per_dollar: f64,
    /// u_g restricted to races still ahead in each period (one entry without periods).
    pub by_period: Vec<f64>,
    /// Races reached: (race index, effective net votes per dollar = share · time weight / dollars_per_net_vote).
    pub reach: Vec<(usize, f64)>,
}

/// Everything scored for a scenario.
#[derive(Debug, Clone)]
pub struct Scores {
    /// Aligned with `data.races`.
    pub races: Vec<RaceScore>,
    /// Aligned with `data.chambers`.
    pub chambers: Vec<ChamberScore>,
    /// Aligned with `data.groups`.
    pub groups: Vec<GroupScore>,
}

/// μ and σ_r of a race under the scenario.
pub fn race_forecast(race: &Race, sc: &Scenario) -> (f64, f64) {
    let base = match (race.margin, race.rating) {
        (Some(m), _) => m,
        (None, Some(r)) => sc.rating_margin(r),
        (None, None) => 0.0, // rejected by loading
    };
    (base + sc.scoring.national_shift, race.margin_sd.unwrap_or(sc.scoring.race_sd))
}

/// Score every race, chamber and group.
pub fn score(data: &Dataset, sc: &Scenario) -> Scores {
    let sd_n = sc.scoring.national_sd;
    let q = swing_rule(sc);
    let mut races: Vec<RaceScore> = crate::base::par::map(&data.races, |race| {
        let (mu, sd_race) = race_forecast(race, sc);
        race_score(race, sc, mu, sd_race, &q)
    });
    let chambers = score_chambers(data, sd_n, &q, &mut races);
    for (race, s) in data.races.iter().zip(&mut races) {
        if let Some(c) = race.chamber_idx {
            s.value += data.chambers[c].control_value * s.control_pivotality;
        }
    }
    let groups = score_groups(data, sc, &races);
    Scores { races, chambers, groups }
}

/// A race scored at forecast margin `mu` and race sd `sd_race`, before
/// control pivotality (κ_r = 0; the caller adds control_value · κ_r to the
/// value). `q` is the scenario's [`swing_rule`]: its error shape.
pub fn race_score(
    race: &Race,
    sc: &Scenario,
    mu: f64,
    sd_race: f64,
    q: &NormalQuadrature,
) -> RaceScore {
    let sd_n = sc.scoring.national_sd;
    let sd = (sd_race * sd_race + sd_n * sd_n).sqrt();
    let (win_prob, density) = q.race_odds(mu, sd_race, sd_n);
    let closeness = match q.tails {
        // v1's expression, operation for operation, so normal scores keep every bit.
        Tails::Normal => 100.0 / race.turnout * pdf(mu / sd) / sd,
        Tails::Student(_) => 100.0 / race.turnout * density,
    };
    RaceScore {
        mu,
        sd_race,
        sd,
        win_prob,
        closeness,
        control_pivotality: 0.0,
        value: sc.office_weight(race.office) * race.stakes * closeness,
    }
}

/// Every group's value per dollar, from the value of a net vote in each race.
pub fn score_groups(data: &Dataset, sc: &Scenario, races: &[RaceScore]) -> Vec<GroupScore> {
    score_groups_on(crate::base::par::threads(), data, sc, races)
}

/// [`score_groups`] on at most `threads` threads (the same scores: a
/// caller already running one job per core asks for one).
pub fn score_groups_on(
    threads: usize,
    data: &Dataset,
    sc: &Scenario,
    races: &[RaceScore],
) -> Vec<GroupScore> {
    let statewide = statewide_races(data);
    // Groups are independent: scored in parallel (results in data order).
    crate::base::par::map_on(threads, &data.groups, |g| {
        score_group(g, data, sc, |r| races[r].value, &statewide)
    })
}

/// The statewide races (no district) of each state, indexed as
/// `data.states`, in data order: every group in the state reaches them.
pub fn statewide_races(data: &Dataset) -> Vec<Vec<usize>> {
    let mut statewide: Vec<Vec<usize>> = vec![Vec::new(); data.states.len()];
    for (r, race) in data.races.iter().enumerate() {
        if race.district.is_none() && race.state_idx < statewide.len() {
            statewide[race.state_idx].push(r);
        }
    }
    statewide
}

/// Group g's score from the value of a net vote in each race, `values[r]`,
/// exactly as [`score_groups`] computes it (same arithmetic, same bits);
/// `statewide` from [`statewide_races`]. For callers that keep only the
/// race values, such as `robust`'s draws.
pub fn score_group_at(
    data: &Dataset,
    sc: &Scenario,
    values: &[f64],
    statewide: &[Vec<usize>],
    g: usize,
) -> GroupScore {
    score_group(&data.groups[g], data, sc, |r| values[r], statewide)
}

fn score_chambers(
    data: &Dataset,
    sd_n: f64,
    q: &NormalQuadrature,
    races: &mut [RaceScore],
) -> Vec<ChamberScore> {
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); data.chambers.len()];
    for (r, race) in data.races.iter().enumerate() {
        if let Some(c) = race.chamber_idx {
            members[c].push(r);
        }
    }
    // Chambers are independent: score them in parallel (results in data order).
    let jobs: Vec<(usize, Vec<usize>)> = members.into_iter().enumerate().collect();
    let controls = crate::base::par::map(&jobs, |(c, idx)| {
        let chamber = &data.chambers[*c];
        let seats = seat_races(data, races, idx);
        chamber_control(
            &ChamberOdds { needed: chamber.needed, d_not_up: chamber.d_not_up, races: &seats },
            sd_n,
            q,
        )
    });
    jobs.into_iter()
        .zip(controls)
        .map(|((_, idx), ctl)| {
            for (k, &r) in idx.iter().enumerate() {
                races[r].control_pivotality = 100.0 / data.races[r].turnout * ctl.per_point[k];
            }
            ChamberScore {
                p_control: ctl.p_control,
                expected_seats: ctl.expected_seats,
                races: idx,
                p_decisive: ctl.p_decisive,
                per_point: ctl.per_point,
            }
        })
        .collect()
}

/// Weight of race `race` for money given to `group` at `from` (MODEL.md §2):
/// 0 before the start, power · discount^years after the horizon, else 1.
pub fn time_weight(race: &Race, group: &Group, sc: &Scenario, from: Option<Date>) -> f64 {
    if from.is_some_and(|d| race.date < d) || sc.start.is_some_and(|d| race.date < d) {
        return 0.0;
    }
    match (sc.horizon, sc.start) {
        (Some(h), Some(s)) if race.date > h => {
            group.power * sc.discount.powf(race.date.years_since(s))
        }
        _ => 1.0,
    }
}

fn score_group(
    g: &Group,
    data: &Dataset,
    sc: &Scenario,
    value: impl Fn(usize) -> f64,
    statewide: &[Vec<usize>],
) -> GroupScore {
    let mut reach: Vec<(usize, f64)> = statewide
        .get(g.state_idx)
        .map_or_else(Vec::new, |rs| rs.iter().map(|&r| (r, 1.0)).collect());
    reach.extend(g.races.iter().map(|l| (l.race_idx, l.share)));
    let from_start = |from: Option<Date>| {
        reach
            .iter()
            .map(|&(r, share)| share * time_weight(&data.races[r], g, sc, from) * value(r))
            .sum::<f64>()
            / g.dollars_per_net_vote
    };
    let value_per_dollar = from_start(None);
    let by_period: Vec<f64> = if sc.periods.is_empty() {
        vec![value_per_dollar]
    } else {
        sc.periods.iter().map(|p| from_start(Some(p.start))).collect()
    };
    let reach = reach
        .into_iter()
        .map(|(r, share)| {
            (r, share * time_weight(&data.races[r], g, sc, None) / g.dollars_per_net_vote)
        })
        .collect();
    GroupScore { value_per_dollar, by_period, reach }
}

/// Value of one net vote cast somewhere in each state (indexed as
/// `data.states`), and whether the state has any race: every statewide race
/// counts fully; within each set of district races (same office and
/// chamber), a voter is in one district, with probability ∝ its turnout.
pub fn state_values(data: &Dataset, scores: &Scores) -> (Vec<f64>, Vec<bool>) {
    use std::collections::BTreeMap;
    let mut value = vec![0.0; data.states.len()];
    let mut has_race = vec![false; data.states.len()];
    // Keyed by the office's and chamber's names, so the sets (and the sums
    // into each state) come in the same order as always.
    let mut sets: BTreeMap<(usize, &str, &str), (f64, f64)> = BTreeMap::new();
    for (race, s) in data.races.iter().zip(&scores.races) {
        let st = race.state_idx;
        has_race[st] = true;
        if race.district.is_none() {
            value[st] += s.value;
        } else {
            let key = (st, race.office.as_str(), race.chamber.as_deref().unwrap_or_default());
            let e = sets.entry(key).or_insert((0.0, 0.0));
            e.0 += s.value * race.turnout;
            e.1 += race.turnout;
        }
    }
    for ((st, _, _), (weighted, turnout)) in sets {
        value[st] += weighted / turnout;
    }
    (value, has_race)
}

/// The races `idx` of one chamber as its seat count sees them: each race's
/// forecast margin, race-specific sd and seats.
pub fn seat_races(data: &Dataset, races: &[RaceScore], idx: &[usize]) -> Vec<SeatRace> {
    idx.iter()
        .map(|&r| SeatRace { mu: races[r].mu, sd: races[r].sd_race, seats: data.races[r].seats })
        .collect()
}
