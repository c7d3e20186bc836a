//! Exact chamber-control arithmetic (MODEL.md §2): the probability that D
//! controls a chamber, and for every seat the density of its being the one
//! that decides control.
//!
//! Forecast errors are a national swing ν ~ N(0, σ_n²) shared by all races
//! plus independent race errors. Given ν the races are independent, so D's
//! seat count is a weighted Poisson-binomial: we integrate over ν with
//! Gauss–Hermite quadrature and, at each node, build the seat-count
//! distribution by convolution. Leave-one-out distributions come from
//! prefix and suffix products, so every seat's decisiveness costs O(seats)
//! at each node: O(nodes · races · seats) for a chamber in all.

use crate::score::stats::NormalQuadrature;

/// One seat (or block of seats won as a unit) in a chamber.
#[derive(Debug, Clone, Copy)]
pub struct SeatRace {
    /// Forecast margin μ, points (national shift included).
    pub mu: f64,
    /// Race-specific forecast sd σ_r, points (> 0).
    pub sd: f64,
    /// Seats won or lost with this race (electoral votes for a state).
    pub seats: u32,
}

/// What decides control of a chamber.
#[derive(Debug, Clone)]
pub struct ChamberOdds<'a> {
    /// Seats D needs for control.
    pub needed: u32,
    /// D-held seats not on the ballot.
    pub d_not_up: u32,
    /// The seats on the ballot.
    pub races: &'a [SeatRace],
}

/// The exact answer for one chamber.
#[derive(Debug, Clone, PartialEq)]
pub struct ChamberControl {
    /// P(D reaches `needed` seats).
    pub p_control: f64,
    /// Expected D seats, `d_not_up` included.
    pub expected_seats: f64,
    /// Per race: E_ν[ φ((μ+ν)/σ_r)/σ_r · P(race decides control | ν) ],
    /// the rise in P(control) per point of margin in that race.
    pub per_point: Vec<f64>,
    /// Per race: P(the race's outcome decides control).
    pub p_decisive: Vec<f64>,
}

/// Probabilities below this are dropped from the ends of seat-count
/// distributions: far below anything a plan can act on, and it keeps each
/// distribution as narrow as the uncertain races make it.
const NEGLIGIBLE: f64 = 1e-30;

/// Quadrature nodes whose weight is below this contribute less than it to
/// any probability and are skipped.
const NEGLIGIBLE_WEIGHT: f64 = 1e-18;

/// A seat-count distribution: `values[i]` = P(count = lo + i).
#[derive(Debug, Clone, Copy)]
struct Span {
    lo: usize,
    start: usize,
    len: usize,
}

/// Convolve the distribution `src` (support from `lo`) with one race
/// (lose: q, win w seats: p) into `out`, trimming negligible ends.
/// Returns the new lowest count.
fn add_race(src: &[f64], lo: usize, p: f64, q: f64, w: usize, out: &mut Vec<f64>) -> usize {
    let start = out.len();
    out.resize(start + src.len() + w, 0.0);
    convolve(src, p, q, w, &mut out[start..]);
    trim(out, start, lo)
}

/// [`add_race`] for the distribution `src` already in `buf`: the result is
/// appended to `buf` with no copy in between, and its negligible ends are
/// left in place, outside the span returned.
fn extend_race(buf: &mut Vec<f64>, src: Span, p: f64, q: f64, w: usize) -> Span {
    let start = buf.len();
    buf.resize(start + src.len + w, 0.0);
    let (head, dst) = buf.split_at_mut(start);
    convolve(&head[src.start..src.start + src.len], p, q, w, dst);
    let (first, last) = body(dst);
    Span { lo: src.lo + first, start: start + first, len: last - first }
}

/// dst = src·q shifted by 0 plus src·p shifted by `w` (`dst` is
/// `src.len() + w` long and zeroed), in one pass. Each cell gets the same
/// operations in the same order as two passes (lose, then win) would give
/// it: `src[i]·q + src[i−w]·p` where both apply, one product alone where
/// only one does (adding it to the zero already there is exact).
fn convolve(src: &[f64], p: f64, q: f64, w: usize, dst: &mut [f64]) {
    let n = src.len();
    if w < n {
        for (d, &v) in dst[..w].iter_mut().zip(src) {
            *d = v * q;
        }
        for ((d, &v), &u) in dst[w..n].iter_mut().zip(&src[w..]).zip(src) {
            *d = v * q + u * p;
        }
        for (d, &u) in dst[n..].iter_mut().zip(&src[n - w..]) {
            *d = u * p;
        }
    } else {
        for (d, &v) in dst[..n].iter_mut().zip(src) {
            *d = v * q;
        }
        for (d, &u) in dst[w..].iter_mut().zip(src) {
            *d = u * p;
        }
    }
}

/// Trim the negligible ends of the distribution at `out[start..]` (lowest
/// count `lo`); returns its new lowest count.
fn trim(out: &mut Vec<f64>, start: usize, lo: usize) -> usize {
    let (first, last) = body(&out[start..]);
    if first > 0 {
        out.copy_within(start + first..start + last, start);
    }
    out.truncate(start + (last - first));
    lo + first
}

/// The part of a distribution to keep, `first..last`: from its first to
/// its last probability above [`NEGLIGIBLE`] (the first cell alone if none).
fn body(dist: &[f64]) -> (usize, usize) {
    let first = dist.iter().position(|&v| v > NEGLIGIBLE).unwrap_or(0);
    let last = dist.iter().rposition(|&v| v > NEGLIGIBLE).map_or(first + 1, |i| i + 1);
    (first, last)
}

/// Control odds of a chamber under national swing sd `national_sd`, using
/// the quadrature rule `q` over the standardized swing.
pub fn chamber_control(
    ch: &ChamberOdds<'_>,
    national_sd: f64,
    q: &NormalQuadrature,
) -> ChamberControl {
    control(ch, national_sd, q, true)
}

/// Only P(control) and the expected seats, as [`chamber_control`] computes
/// them (the same sums, to the same bits), without the per-race
/// decisiveness: no suffix products and no densities, about a third of the
/// work. `per_point` and `p_decisive` come back empty. For the plan's
/// after-odds, which need nothing else.
pub fn control_odds(
    ch: &ChamberOdds<'_>,
    national_sd: f64,
    q: &NormalQuadrature,
) -> ChamberControl {
    control(ch, national_sd, q, false)
}

/// [`chamber_control`], with the per-race decisiveness only if `decisive`.
fn control(
    ch: &ChamberOdds<'_>,
    national_sd: f64,
    q: &NormalQuadrature,
    decisive: bool,
) -> ChamberControl {
    let n = ch.races.len();
    let per_race = if decisive { n } else { 0 };
    let mut out = ChamberControl {
        p_control: 0.0,
        expected_seats: 0.0,
        per_point: vec![0.0; per_race],
        p_decisive: vec![0.0; per_race],
    };
    let mut prefix: Vec<f64> = Vec::new();
    let mut spans: Vec<Span> = Vec::with_capacity(n + 1);
    let (mut suffix, mut next) = (Vec::new(), Vec::new());
    let mut p = vec![0.0f64; n];
    let mut q_lose = vec![0.0f64; n];
    let mut dens = vec![0.0f64; n];
    // D needs `need` of the seats on the ballot (may be ≤ 0 or above all of them).
    let need = i64::from(ch.needed) - i64::from(ch.d_not_up);

    for (&z, &weight) in q.nodes.iter().zip(&q.weights) {
        if weight < NEGLIGIBLE_WEIGHT {
            continue;
        }
        let nu = national_sd * z;
        for (j, r) in ch.races.iter().enumerate() {
            let x = (r.mu + nu) / r.sd;
            (p[j], q_lose[j]) = q.tails.win_lose(x);
            if decisive {
                dens[j] = q.tails.pdf(x) / r.sd;
            }
        }
        // Prefix products: spans[k] is the distribution of races 0..k.
        prefix.clear();
        spans.clear();
        prefix.push(1.0);
        spans.push(Span { lo: 0, start: 0, len: 1 });
        for k in 0..n {
            let w = ch.races[k].seats as usize;
            let span = extend_race(&mut prefix, spans[k], p[k], q_lose[k], w);
            spans.push(span);
        }
        let full = spans[n];
        out.p_control +=
            weight * tail_mass(&prefix[full.start..full.start + full.len], full.lo, need);
        if !decisive {
            continue;
        }

        // Suffix products, walking back; race r sees prefix r and suffix r+1.
        suffix.clear();
        suffix.push(1.0);
        let mut suffix_lo = 0usize;
        for r in (0..n).rev() {
            let w = ch.races[r].seats as i64;
            let sp = spans[r];
            let pre = &prefix[sp.start..sp.start + sp.len];
            // Race r decides control when the others give D a count in [need − w, need).
            let decisive = window_mass(pre, sp.lo, &suffix, suffix_lo, need - w, need);
            out.per_point[r] += weight * dens[r] * decisive;
            out.p_decisive[r] += weight * decisive;
            next.clear();
            suffix_lo = add_race(&suffix, suffix_lo, p[r], q_lose[r], w as usize, &mut next);
            std::mem::swap(&mut suffix, &mut next);
        }
    }
    out.expected_seats = f64::from(ch.d_not_up)
        + ch.races
            .iter()
            .map(|r| f64::from(r.seats) * expected_win(r, national_sd, q))
            .sum::<f64>();
    out
}

/// Only the per-point pivotality of the races marked in `wanted` (0 for the
/// others), as [`chamber_control`] computes it: the same sums, with less
/// work. At each node the races not wanted are convolved once into a base
/// distribution, and prefix and suffix products run over the wanted races
/// only, on top of it. `robust` re-scores hundreds of forecasts and needs κ
/// only for the races some group reaches.
pub fn pivotality_of(
    ch: &ChamberOdds<'_>,
    national_sd: f64,
    q: &NormalQuadrature,
    wanted: &[bool],
) -> Vec<f64> {
    let n = ch.races.len();
    let mut out = vec![0.0; n];
    let picked: Vec<usize> = (0..n).filter(|&j| wanted[j]).collect();
    if picked.is_empty() {
        return out;
    }
    let need = i64::from(ch.needed) - i64::from(ch.d_not_up);
    let (mut p, mut q_lose) = (vec![0.0f64; n], vec![0.0f64; n]);
    let (mut base, mut next, mut suffix) = (Vec::new(), Vec::new(), Vec::new());
    let mut prefix: Vec<f64> = Vec::new();
    let mut spans: Vec<Span> = Vec::with_capacity(picked.len() + 1);
    for (&z, &weight) in q.nodes.iter().zip(&q.weights) {
        if weight < NEGLIGIBLE_WEIGHT {
            continue;
        }
        let nu = national_sd * z;
        for (j, r) in ch.races.iter().enumerate() {
            let x = (r.mu + nu) / r.sd;
            // One tail by erfc, the other by subtraction: the small side keeps its precision.
            if x < 0.0 {
                p[j] = q.tails.cdf(x);
                q_lose[j] = 1.0 - p[j];
            } else {
                q_lose[j] = q.tails.cdf(-x);
                p[j] = 1.0 - q_lose[j];
            }
        }
        base.clear();
        base.push(1.0);
        let mut base_lo = 0usize;
        for j in (0..n).filter(|&j| !wanted[j]) {
            next.clear();
            base_lo =
                add_race(&base, base_lo, p[j], q_lose[j], ch.races[j].seats as usize, &mut next);
            std::mem::swap(&mut base, &mut next);
        }
        prefix.clear();
        spans.clear();
        prefix.extend_from_slice(&base);
        spans.push(Span { lo: base_lo, start: 0, len: base.len() });
        for (k, &j) in picked.iter().enumerate() {
            let w = ch.races[j].seats as usize;
            let span = extend_race(&mut prefix, spans[k], p[j], q_lose[j], w);
            spans.push(span);
        }
        suffix.clear();
        suffix.push(1.0);
        let mut suffix_lo = 0usize;
        for (k, &j) in picked.iter().enumerate().rev() {
            let r = &ch.races[j];
            let w = i64::from(r.seats);
            let sp = spans[k];
            let pre = &prefix[sp.start..sp.start + sp.len];
            let decisive = window_mass(pre, sp.lo, &suffix, suffix_lo, need - w, need);
            let x = (r.mu + nu) / r.sd;
            out[j] += weight * q.tails.pdf(x) / r.sd * decisive;
            next.clear();
            suffix_lo = add_race(&suffix, suffix_lo, p[j], q_lose[j], r.seats as usize, &mut next);
            std::mem::swap(&mut suffix, &mut next);
        }
    }
    out
}

/// P(win) of one race with both error sources: Φ(μ / sqrt(σ_r² + σ_n²))
/// for normal errors, E_ν[F((μ+ν)/σ_r)] with the fat tails of `q`.
pub fn expected_win(r: &SeatRace, national_sd: f64, q: &NormalQuadrature) -> f64 {
    q.race_odds(r.mu, r.sd, national_sd).0
}

/// P(count ≥ need) for a distribution with support from `lo`.
fn tail_mass(dist: &[f64], lo: usize, need: i64) -> f64 {
    let from = (need - lo as i64).max(0) as usize;
    dist.get(from..).map_or(0.0, |t| t.iter().sum())
}

/// P(lo ≤ A + B < hi) for independent A (support from `a_lo`) and B (from `b_lo`).
fn window_mass(a: &[f64], a_lo: usize, b: &[f64], b_lo: usize, lo: i64, hi: i64) -> f64 {
    let base = (a_lo + b_lo) as i64;
    let max = base + (a.len() + b.len()) as i64 - 2;
    let (lo, hi) = ((lo - base).max(0), (hi.min(max + 1) - base));
    let mut total = 0.0;
    for s in lo..hi {
        // Σ_i a[i] b[s − i] over valid i.
        let s = s as usize;
        let i_lo = s.saturating_sub(b.len() - 1);
        let i_hi = s.min(a.len() - 1);
        if i_lo > i_hi {
            continue;
        }
        let a_part = &a[i_lo..=i_hi];
        let b_part = &b[s - i_hi..=s - i_lo];
        total += a_part.iter().zip(b_part.iter().rev()).map(|(x, y)| x * y).sum::<f64>();
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::stats::{cdf, pdf};

    /// Brute force over all 2^n outcomes at each node.
    fn brute(ch: &ChamberOdds<'_>, sd: f64, q: &NormalQuadrature) -> (f64, Vec<f64>) {
        let n = ch.races.len();
        let mut pc = 0.0;
        let mut per_point = vec![0.0; n];
        for (&z, &w) in q.nodes.iter().zip(&q.weights) {
            let nu = sd * z;
            let p: Vec<f64> = ch.races.iter().map(|r| cdf((r.mu + nu) / r.sd)).collect();
            for mask in 0u32..(1 << n) {
                let mut prob = 1.0;
                let mut seats = ch.d_not_up;
                for (j, (pj, r)) in p.iter().zip(ch.races).enumerate() {
                    if mask & (1 << j) != 0 {
                        prob *= pj;
                        seats += r.seats;
                    } else {
                        prob *= 1.0 - pj;
                    }
                }
                if seats >= ch.needed {
                    pc += w * prob;
                }
                // Race j decisive: flipping it changes control.
                for (j, (r, pp)) in ch.races.iter().zip(per_point.iter_mut()).enumerate() {
                    let won = mask & (1 << j) != 0;
                    let without = if won { seats - r.seats } else { seats };
                    if without < ch.needed && without + r.seats >= ch.needed {
                        let others: f64 = (0..n)
                            .filter(|&i| i != j)
                            .map(|i| if mask & (1 << i) != 0 { p[i] } else { 1.0 - p[i] })
                            .product();
                        let d = pdf((r.mu + nu) / r.sd) / r.sd;
                        *pp += w * d * others;
                    }
                }
            }
        }
        // Each decisive configuration of the others was counted twice (race won and lost).
        for v in &mut per_point {
            *v /= 2.0;
        }
        (pc, per_point)
    }

    /// The two-pass convolution `add_race` replaced (lose, then win).
    fn two_pass(src: &[f64], p: f64, q: f64, w: usize) -> Vec<f64> {
        let mut dst = vec![0.0; src.len() + w];
        for (d, &v) in dst[..src.len()].iter_mut().zip(src) {
            *d = v * q;
        }
        for (d, &v) in dst[w..].iter_mut().zip(src) {
            *d += v * p;
        }
        dst
    }

    #[test]
    fn one_pass_convolution_is_the_two_pass_one_to_the_bit() {
        let mut rng = crate::base::rng::Rng::stream(7, 0);
        for case in 0..400 {
            let n = 1 + case % 23;
            let src: Vec<f64> = (0..n).map(|_| rng.normal().abs() * 1e-3).collect();
            let p = cdf(rng.normal() * 3.0);
            let q = cdf(-rng.normal() * 3.0);
            let w = case % 7;
            let mut dst = vec![0.0; n + w];
            convolve(&src, p, q, w, &mut dst);
            let want = two_pass(&src, p, q, w);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&dst), bits(&want), "n {n} w {w}");
            // Appending in place gives the same cells as a separate buffer.
            let mut buf = vec![9.0; 3];
            buf.extend_from_slice(&src);
            let sp = extend_race(&mut buf, Span { lo: 5, start: 3, len: n }, p, q, w);
            let mut out = Vec::new();
            let lo = add_race(&src, 5, p, q, w, &mut out);
            let kept = &buf[sp.start..sp.start + sp.len];
            assert_eq!((sp.lo, bits(kept)), (lo, bits(&out)));
        }
    }

    #[test]
    fn matches_brute_force_on_a_small_weighted_chamber() {
        let races = [
            SeatRace { mu: 1.0, sd: 4.0, seats: 1 },
            SeatRace { mu: -2.0, sd: 5.0, seats: 3 },
            SeatRace { mu: 0.5, sd: 3.0, seats: 2 },
            SeatRace { mu: -6.0, sd: 5.0, seats: 1 },
            SeatRace { mu: 4.0, sd: 6.0, seats: 2 },
        ];
        let ch = ChamberOdds { needed: 7, d_not_up: 2, races: &races };
        let q = NormalQuadrature::new(24);
        let exact = chamber_control(&ch, 3.0, &q);
        let (pc, per_point) = brute(&ch, 3.0, &q);
        assert!((exact.p_control - pc).abs() < 1e-14, "{} vs {pc}", exact.p_control);
        for (a, b) in exact.per_point.iter().zip(&per_point) {
            assert!((a - b).abs() < 1e-14, "{a} vs {b}");
        }
    }

    #[test]
    fn control_odds_are_chamber_controls_to_the_bit() {
        for (sd, needed) in [(3.0, 41), (0.0, 30), (5.0, 60), (3.0, 2)] {
            let races: Vec<SeatRace> = (0..40)
                .map(|i| SeatRace {
                    mu: ((i * 29) % 19) as f64 - 9.0,
                    sd: 2.0 + (i % 4) as f64,
                    seats: 1 + (i % 3) as u32,
                })
                .collect();
            let ch = ChamberOdds { needed, d_not_up: 3, races: &races };
            let q = if sd > 0.0 { NormalQuadrature::new(48) } else { NormalQuadrature::point() };
            let full = chamber_control(&ch, sd, &q);
            let odds = control_odds(&ch, sd, &q);
            assert!(full.p_control > 0.0 && full.p_control < 1.0 || needed != 41);
            assert_eq!(odds.p_control.to_bits(), full.p_control.to_bits(), "sd {sd}");
            assert_eq!(odds.expected_seats.to_bits(), full.expected_seats.to_bits());
            assert!(odds.per_point.is_empty() && odds.p_decisive.is_empty());
        }
    }

    #[test]
    fn pivotality_of_a_subset_matches_the_full_computation() {
        let races: Vec<SeatRace> = (0..40)
            .map(|i| SeatRace {
                mu: ((i * 37) % 23) as f64 - 11.0,
                sd: 3.0 + (i % 5) as f64,
                seats: 1 + (i % 3) as u32,
            })
            .collect();
        let ch = ChamberOdds { needed: 41, d_not_up: 3, races: &races };
        let q = NormalQuadrature::new(48);
        let full = chamber_control(&ch, 3.0, &q);
        let wanted: Vec<bool> = (0..40).map(|i| i % 7 == 2 || i == 39).collect();
        let part = pivotality_of(&ch, 3.0, &q, &wanted);
        for j in 0..40 {
            if wanted[j] {
                let (a, b) = (part[j], full.per_point[j]);
                assert!((a - b).abs() <= 1e-12 * b.abs() + 1e-300, "race {j}: {a} vs {b}");
            } else {
                assert_eq!(part[j], 0.0);
            }
        }
    }

    #[test]
    fn a_single_decisive_seat_is_its_own_closeness() {
        // One seat decides a 1-of-1 chamber: per-point pivotality is the race's
        // density E[φ((μ+ν)/σ_r)/σ_r] = φ(μ/σ)/σ with σ² = σ_r² + σ_n².
        let races = [SeatRace { mu: 2.0, sd: 4.0, seats: 1 }];
        let ch = ChamberOdds { needed: 1, d_not_up: 0, races: &races };
        let out = chamber_control(&ch, 3.0, &NormalQuadrature::new(64));
        let sigma = 5.0;
        assert!((out.per_point[0] - pdf(2.0 / sigma) / sigma).abs() < 1e-10);
        assert!((out.p_control - cdf(0.4)).abs() < 1e-10);
        assert!((out.p_decisive[0] - 1.0).abs() < 1e-12);
        assert!((out.expected_seats - cdf(0.4)).abs() < 1e-15);
    }

    #[test]
    fn unreachable_or_locked_chambers_have_no_pivotal_seat() {
        let races =
            [SeatRace { mu: 0.0, sd: 5.0, seats: 1 }, SeatRace { mu: 0.0, sd: 5.0, seats: 1 }];
        let q = NormalQuadrature::new(48);
        let safe = chamber_control(&ChamberOdds { needed: 3, d_not_up: 3, races: &races }, 3.0, &q);
        assert!((safe.p_control - 1.0).abs() < 1e-12);
        assert!(safe.per_point.iter().all(|&v| v == 0.0));
        let hopeless =
            chamber_control(&ChamberOdds { needed: 10, d_not_up: 3, races: &races }, 3.0, &q);
        assert!(hopeless.p_control.abs() < 1e-12);
        assert!(hopeless.per_point.iter().all(|&v| v == 0.0));
    }
}
