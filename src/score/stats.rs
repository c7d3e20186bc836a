//! The forecast-error distributions (normal, or Student-t with `scoring.df`
//! degrees of freedom) and the quadrature rules over the national swing.
//!
//! Φ and φ come from `libm`'s erfc (a port of musl's, accurate to about one
//! unit in the last place), so tail probabilities keep their relative
//! precision. Normal quadrature nodes are computed by Newton's method on the
//! orthonormal Hermite recurrence (Numerical Recipes' `gauher`).
//!
//! Fat tails (MODEL.md §2): a Student-t with k degrees of freedom scaled to
//! unit sd. Its distribution function is the regularized incomplete beta
//! function, F_k(t) = ½·I_{k/(k+t²)}(k/2, ½) for t < 0, by Lentz's continued
//! fraction (full relative precision in the tails). The rule over a t
//! swing substitutes s = T/√(k+T²), under which the t density becomes the
//! weight (1 − s²)^((k−2)/2) on (−1, 1): a Gauss–Gegenbauer rule in s is
//! then exact for polynomials in s of degree < 2n, and its nodes follow
//! the t's polynomial tails, which no Gauss–Hermite rule reaches.

use std::f64::consts::{PI, SQRT_2};

/// Standard normal density φ(x).
pub fn pdf(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * PI).sqrt()
}

/// Standard normal distribution function Φ(x).
pub fn cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / SQRT_2)
}

/// (Φ(x), Φ(−x)) to the same bits as `(cdf(x), cdf(-x))`, with one erfc
/// instead of two where `libm`'s erfc allows it. With t = x/√2,
/// Φ(x) = ½·erfc(−t) and Φ(−x) = ½·erfc(t); for |t| ≥ 0.84375 libm
/// computes erfc(−|t|) as `2.0 - e`, e being exactly what it returns for
/// erfc(|t|) (its tail rational function and exponentials depend on |t|
/// only; beyond 28 the two are 0 and `2.0 - tiny`, which rounds to 2),
/// so the far side is one subtraction away. Nearer 0 its series for
/// erfc(−t) and erfc(t) differ, and both are computed.
pub fn cdf_pair(x: f64) -> (f64, f64) {
    let t = x / SQRT_2;
    if t.abs() >= 0.84375 {
        let e = libm::erfc(t.abs());
        let (near, far) = (0.5 * e, 0.5 * (2.0 - e));
        if t > 0.0 {
            (far, near)
        } else {
            (near, far)
        }
    } else {
        (cdf(x), cdf(-x))
    }
}

/// Nodes and weights for E[f(Z)] over the standardized national swing Z
/// (N(0, 1), or a unit-sd Student-t with fat tails): E[f(Z)] ≈ Σ wᵢ f(zᵢ),
/// Σ wᵢ = 1; and `tails`, the shape of the race errors that go with it.
#[derive(Debug, Clone)]
pub struct NormalQuadrature {
    /// Points zᵢ, ascending.
    pub nodes: Vec<f64>,
    /// Probability weights, summing to 1.
    pub weights: Vec<f64>,
    /// The distribution of swing and race errors, scaled to unit sd.
    pub tails: Tails,
}

impl NormalQuadrature {
    /// The `n`-point Gauss–Hermite rule, rescaled to the standard normal.
    /// Exact for polynomials of degree < 2n.
    pub fn new(n: usize) -> NormalQuadrature {
        assert!(n >= 1, "quadrature needs at least one node");
        let (x, w) = gauss_hermite(n);
        let norm = PI.sqrt();
        let mut nodes: Vec<f64> = x.iter().map(|x| x * SQRT_2).collect();
        let mut weights: Vec<f64> = w.iter().map(|w| w / norm).collect();
        // Ascending order; the rule is symmetric.
        nodes.reverse();
        weights.reverse();
        NormalQuadrature { nodes, weights, tails: Tails::Normal }
    }

    /// A single point at 0 with weight 1: a degenerate normal (sd = 0).
    pub fn point() -> NormalQuadrature {
        NormalQuadrature { nodes: vec![0.0], weights: vec![1.0], tails: Tails::Normal }
    }

    /// The rule over a swing with the shape `tails`: `n` Gauss–Hermite
    /// points for a normal, `n` Gauss–Gegenbauer points (see the module
    /// note) for a Student-t.
    pub fn of(tails: Tails, n: usize) -> NormalQuadrature {
        match tails {
            Tails::Normal => NormalQuadrature::new(n),
            Tails::Student(t) => {
                assert!(n >= 1, "quadrature needs at least one node");
                let k = f64::from(t.df);
                let (s, weights) = gauss_gegenbauer(n, 0.5 * (k - 2.0));
                // T = √k·s/√(1−s²), scaled to unit sd by √((k−2)/k).
                let nodes = s
                    .iter()
                    .map(|&s| (k - 2.0).sqrt() * s / ((1.0 - s) * (1.0 + s)).sqrt())
                    .collect();
                NormalQuadrature { nodes, weights, tails }
            }
        }
    }

    /// A single point at 0 (a swing with sd 0) with race errors of shape `tails`.
    pub fn point_of(tails: Tails) -> NormalQuadrature {
        NormalQuadrature { tails, ..NormalQuadrature::point() }
    }

    /// P(D wins) and the density of the margin at 0 (the rise in win
    /// probability per point) of a race with forecast margin `mu`, race sd
    /// `sd_race` and national sd `sd_n`. Normal errors: Φ(μ/σ) and φ(μ/σ)/σ
    /// with σ² = σ_r² + σ_n². Fat tails: E_ν[F((μ+ν)/σ_r)] and
    /// E_ν[f((μ+ν)/σ_r)/σ_r] over this rule.
    pub fn race_odds(&self, mu: f64, sd_race: f64, sd_n: f64) -> (f64, f64) {
        match self.tails {
            Tails::Normal => {
                let sd = (sd_race * sd_race + sd_n * sd_n).sqrt();
                (cdf(mu / sd), pdf(mu / sd) / sd)
            }
            Tails::Student(t) => {
                // P(μ + ν + ε > 0) integrates the wider error's distribution
                // function over the narrower one, so the integrand's step
                // is no sharper than the density it is weighed by.
                let (narrow, wide) = if sd_n < sd_race { (sd_n, sd_race) } else { (sd_race, sd_n) };
                if narrow == 0.0 {
                    return (t.cdf(mu / wide), t.pdf(mu / wide) / wide);
                }
                // The smaller side, to relative precision; the density is even in μ.
                let (tail, dens) = t.convolved_tail(-mu.abs(), narrow, wide);
                (if mu < 0.0 { tail } else { 1.0 - tail }, dens)
            }
        }
    }
}

/// The shape of the forecast errors (MODEL.md §2, `scoring.df`), scaled to
/// unit sd: the national swing is σ_n times one draw, each race error σ_r
/// times another.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tails {
    /// Normal errors (`scoring.df` = 0 or absent).
    Normal,
    /// Student-t errors with fat tails.
    Student(StudentT),
}

impl Tails {
    /// The shape for `scoring.df`: 0 is normal, k ≥ 3 Student-t.
    pub fn from_df(df: u32) -> Tails {
        if df == 0 {
            Tails::Normal
        } else {
            Tails::Student(StudentT::new(df))
        }
    }

    /// Distribution function at `x` (unit sd).
    pub fn cdf(&self, x: f64) -> f64 {
        match self {
            Tails::Normal => cdf(x),
            Tails::Student(t) => t.cdf(x),
        }
    }

    /// Density at `x` (unit sd).
    pub fn pdf(&self, x: f64) -> f64 {
        match self {
            Tails::Normal => pdf(x),
            Tails::Student(t) => t.pdf(x),
        }
    }

    /// (P(X < x), P(X > x)): Φ(x) and Φ(−x) for the normal, each to
    /// relative precision.
    pub fn win_lose(&self, x: f64) -> (f64, f64) {
        match self {
            Tails::Normal => cdf_pair(x),
            Tails::Student(t) => t.win_lose(x),
        }
    }
}

/// A Student-t with `df` degrees of freedom, scaled to unit sd: X = c·T with
/// c = √((k−2)/k).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StudentT {
    /// Degrees of freedom k (≥ 3, so the sd is finite).
    pub df: u32,
    /// c = √((k−2)/k): the scale that gives T unit sd.
    scale: f64,
    /// The t density's constant Γ((k+1)/2) / (√(kπ) Γ(k/2)).
    norm: f64,
    /// ln B(k/2, ½), for the incomplete beta function.
    log_beta: f64,
}

impl StudentT {
    /// The unit-sd t with `df` degrees of freedom (at least 3).
    pub fn new(df: u32) -> StudentT {
        assert!(df >= 3, "a Student-t needs at least 3 degrees of freedom for a finite sd");
        let k = f64::from(df);
        let log_norm = libm::lgamma(0.5 * (k + 1.0)) - libm::lgamma(0.5 * k) - 0.5 * (k * PI).ln();
        let log_beta = libm::lgamma(0.5 * k) + libm::lgamma(0.5) - libm::lgamma(0.5 * (k + 1.0));
        StudentT { df, scale: ((k - 2.0) / k).sqrt(), norm: log_norm.exp(), log_beta }
    }

    /// P(m + a·X + b·Y > 0) for independent unit-sd X, Y of this shape,
    /// with m ≤ 0 (the smaller side), and the density of m + a·X + b·Y at 0:
    /// E_X[F((m + aX)/b)] and E_X[f((m + aX)/b)/b], 0 < a ≤ b. Adaptive
    /// Gauss–Kronrod (7/15 points) over θ ∈ (−π/2, π/2), T = √k·tanθ, where
    /// the t density is cos^(k−1)θ / B(½, k/2), smooth at both ends; split
    /// where the integrand steps (aX = −m), until the estimated error of
    /// both is below 1e-7 of their values (the Kronrod–Gauss difference
    /// overstates the error by orders of magnitude).
    pub fn convolved_tail(&self, m: f64, a: f64, b: f64) -> (f64, f64) {
        let root = f64::from(self.df - 2).sqrt();
        let norm = (-self.log_beta).exp();
        let power = self.df as i32 - 1;
        let f = |theta: f64| -> (f64, f64) {
            let (sin, cos) = theta.sin_cos();
            if cos <= 0.0 {
                return (0.0, 0.0);
            }
            let weight = norm * cos.powi(power);
            // X = c·T = √(k−2)·tanθ.
            let x = (m + a * root * sin / cos) / b;
            (weight * self.cdf(x), weight * self.pdf(x))
        };
        // Where the step sits: X = −m/a, in θ.
        let step = (-m / a / root).atan();
        let mut panels: Vec<Panel> = Vec::with_capacity(64);
        let mut cuts = vec![-0.5 * PI, 0.0, 0.5 * PI];
        if step > 0.0 && step < 0.5 * PI {
            cuts.insert(2, step);
        }
        for w in cuts.windows(2) {
            panels.push(Panel::new(w[0], w[1], &f));
        }
        for _ in 0..400 {
            let (p, d) = panels.iter().fold((0.0, 0.0), |s, q| (s.0 + q.p, s.1 + q.d));
            let (ep, ed) = panels.iter().fold((0.0, 0.0), |s, q| (s.0 + q.ep, s.1 + q.ed));
            if ep <= 1e-7 * p.abs() + 1e-300 && ed <= 1e-7 * d.abs() + 1e-300 {
                break;
            }
            // Split the panel that contributes most to the worse error.
            let rel = |q: &Panel| (q.ep / p.abs().max(1e-300)).max(q.ed / d.abs().max(1e-300));
            let (worst, _) = panels
                .iter()
                .enumerate()
                .max_by(|x, y| rel(x.1).total_cmp(&rel(y.1)))
                .expect("panels are never empty");
            let q = panels.swap_remove(worst);
            let mid = 0.5 * (q.lo + q.hi);
            panels.push(Panel::new(q.lo, mid, &f));
            panels.push(Panel::new(mid, q.hi, &f));
        }
        let (p, d) = panels.iter().fold((0.0, 0.0), |s, q| (s.0 + q.p, s.1 + q.d));
        (p, d / b)
    }

    /// Density at `x` (unit sd): f_k(x/c)/c, with (1 + t²/k)^(−(k+1)/2)
    /// as a whole power of v = k/(k+t²) (times √v for even k).
    pub fn pdf(&self, x: f64) -> f64 {
        let k = f64::from(self.df);
        let t = x / self.scale;
        let v = k / (k + t * t);
        let power = if !self.df.is_multiple_of(2) {
            v.powi((self.df as i32 + 1) / 2)
        } else {
            v.powi(self.df as i32 / 2) * v.sqrt()
        };
        self.norm * power / self.scale
    }

    /// P(X < x) and P(X > x), each to relative precision: one tail computed,
    /// the other its complement.
    pub fn win_lose(&self, x: f64) -> (f64, f64) {
        let tail = self.cdf(-x.abs());
        if x < 0.0 {
            (tail, 1.0 - tail)
        } else {
            (1.0 - tail, tail)
        }
    }

    /// Distribution function at `x` (unit sd): F_k(x/c), each tail to a
    /// relative precision of 1e-7 or better.
    pub fn cdf(&self, x: f64) -> f64 {
        let t = x / self.scale;
        if t.is_nan() {
            return f64::NAN;
        }
        if t.is_infinite() {
            return if t > 0.0 { 1.0 } else { 0.0 };
        }
        // The closed form subtracts from ½: below 1e-8 it would keep fewer
        // than 8 digits, and the incomplete beta function takes over.
        let mut tail = self.lower_tail_closed(t.abs());
        if tail < 1e-8 {
            tail = self.lower_tail_beta(t.abs());
        }
        if t < 0.0 {
            tail
        } else {
            1.0 - tail
        }
    }

    /// P(T < −t), t ≥ 0, in closed form for whole k (Abramowitz & Stegun
    /// 26.7.3–4): with cos²θ = k/(k+t²), a finite series in cos²θ times
    /// sinθ (even k) or sinθ·cosθ plus θ (odd k).
    fn lower_tail_closed(&self, t: f64) -> f64 {
        let k = f64::from(self.df);
        let r = (k + t * t).sqrt();
        let (sin, cos) = (t / r, k.sqrt() / r);
        let v = cos * cos;
        let (mut term, mut sum) = (1.0, 1.0);
        if self.df.is_multiple_of(2) {
            // ½ − ½ sinθ Σ_{j<k/2} (1·3···(2j−1))/(2·4···2j) cos^{2j}θ
            for j in 1..self.df / 2 {
                let j = f64::from(j);
                term *= v * (2.0 * j - 1.0) / (2.0 * j);
                sum += term;
            }
            0.5 - 0.5 * sin * sum
        } else {
            // (φ − sinθ cosθ Σ_{j≤(k−3)/2} (2·4···2j)/(3·5···(2j+1)) cos^{2j}θ)/π, φ = π/2 − θ
            for j in 1..=(self.df - 3) / 2 {
                let j = f64::from(j);
                term *= v * (2.0 * j) / (2.0 * j + 1.0);
                sum += term;
            }
            (cos.atan2(sin) - sin * cos * sum) / PI
        }
    }

    /// P(T < −t), t ≥ 0, as ½·I_w(k/2, ½) with w = k/(k+t²): full relative
    /// precision however far out.
    fn lower_tail_beta(&self, t: f64) -> f64 {
        let k = f64::from(self.df);
        let t2 = t * t;
        0.5 * beta_reg(0.5 * k, 0.5, k / (k + t2), t2 / (k + t2), self.log_beta)
    }
}

/// Gauss–Kronrod 7/15 abscissae on [−1, 1] (QUADPACK's `qk15`):
/// the Kronrod points, descending; the odd ones are the 7 Gauss points.
const KRONROD_X: [f64; 8] = [
    0.991_455_371_120_812_6,
    0.949_107_912_342_758_5,
    0.864_864_423_359_769_1,
    0.741_531_185_599_394_4,
    0.586_087_235_467_691_1,
    0.405_845_151_377_397_2,
    0.207_784_955_007_898_5,
    0.0,
];
/// Kronrod weights, aligned with [`KRONROD_X`].
const KRONROD_W: [f64; 8] = [
    0.022_935_322_010_529_22,
    0.063_092_092_629_978_55,
    0.104_790_010_322_250_18,
    0.140_653_259_715_525_92,
    0.169_004_726_639_267_9,
    0.190_350_578_064_785_4,
    0.204_432_940_075_298_9,
    0.209_482_141_084_727_83,
];
/// Gauss weights of the 7-point rule, at `KRONROD_X[1], [3], [5], [7]`.
const GAUSS_W: [f64; 4] = [
    0.129_484_966_168_869_7,
    0.279_705_391_489_276_7,
    0.381_830_050_505_118_9,
    0.417_959_183_673_469_4,
];

/// One panel of an adaptive integral of two functions at once: the
/// 15-point Kronrod estimates and their distance from the 7-point Gauss ones.
#[derive(Debug, Clone, Copy)]
struct Panel {
    lo: f64,
    hi: f64,
    p: f64,
    d: f64,
    ep: f64,
    ed: f64,
}

impl Panel {
    fn new(lo: f64, hi: f64, f: &impl Fn(f64) -> (f64, f64)) -> Panel {
        let (c, h) = (0.5 * (lo + hi), 0.5 * (hi - lo));
        let (mut kp, mut kd, mut gp, mut gd) = (0.0, 0.0, 0.0, 0.0);
        for (i, (&x, &w)) in KRONROD_X.iter().zip(&KRONROD_W).enumerate() {
            let pts: &[f64] = if x == 0.0 { &[c] } else { &[c - h * x, c + h * x] };
            for &s in pts {
                let (p, d) = f(s);
                kp += w * p;
                kd += w * d;
                if i % 2 == 1 {
                    gp += GAUSS_W[i / 2] * p;
                    gd += GAUSS_W[i / 2] * d;
                }
            }
        }
        let (p, d) = (h * kp, h * kd);
        Panel { lo, hi, p, d, ep: (p - h * gp).abs(), ed: (d - h * gd).abs() }
    }
}

/// Regularized incomplete beta I_x(a, b), given x and 1 − x (each computed
/// without cancellation) and ln B(a, b): the continued fraction where it
/// converges fast, else 1 − I_{1−x}(b, a) (Numerical Recipes' `betai`).
fn beta_reg(a: f64, b: f64, x: f64, x1: f64, log_beta: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x1 <= 0.0 {
        return 1.0;
    }
    let front = (a * x.ln() + b * x1.ln() - log_beta).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(a, b, x) / a
    } else {
        1.0 - front * beta_fraction(b, a, x1) / b
    }
}

/// The continued fraction of the incomplete beta function, by the modified
/// Lentz method (Numerical Recipes' `betacf`).
fn beta_fraction(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    const EPS: f64 = 1e-16;
    let fix = |v: f64| if v.abs() < TINY { TINY } else { v };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / fix(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..=1000 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / fix(1.0 + aa * d);
        c = fix(1.0 + aa / c);
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / fix(1.0 + aa * d);
        c = fix(1.0 + aa / c);
        let step = d * c;
        h *= step;
        if (step - 1.0).abs() < EPS {
            break;
        }
    }
    h
}

/// The n-point Gauss rule for the weight (1 − s²)^a on (−1, 1), as
/// probability weights: nodes ascending. The nodes are the eigenvalues of
/// the Jacobi matrix of the Gegenbauer recurrence (zero diagonal,
/// off-diagonal √βⱼ, βⱼ = j(j+2a)/((2j+2a+1)(2j+2a−1))), found one by one
/// by bisection on Sturm counts; the weights are the Christoffel numbers
/// 1/Σ_{j<n} pⱼ(s)² of the orthonormal polynomials.
fn gauss_gegenbauer(n: usize, a: f64) -> (Vec<f64>, Vec<f64>) {
    let beta: Vec<f64> = (1..n)
        .map(|j| {
            let j = j as f64;
            j * (j + 2.0 * a) / ((2.0 * j + 2.0 * a + 1.0) * (2.0 * j + 2.0 * a - 1.0))
        })
        .collect();
    let root: Vec<f64> = beta.iter().map(|b| b.sqrt()).collect();
    // How many eigenvalues lie below x (the signs of the LDLᵀ pivots).
    let below = |x: f64| {
        let mut count = 0usize;
        let mut d = -x;
        if d < 0.0 {
            count += 1;
        }
        for &b in &beta {
            let prev = if d == 0.0 { 1e-300 } else { d };
            d = -x - b / prev;
            if d < 0.0 {
                count += 1;
            }
        }
        count
    };
    let mut nodes = vec![0.0; n];
    // The rule is symmetric: find the upper half, mirror it.
    for i in n / 2..n {
        let (mut lo, mut hi) = (-1.0f64, 1.0f64);
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            if mid <= lo || mid >= hi {
                break;
            }
            if below(mid) > i {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        nodes[i] = 0.5 * (lo + hi);
        nodes[n - 1 - i] = -nodes[i];
    }
    if n % 2 == 1 {
        nodes[n / 2] = 0.0;
    }
    let weights = nodes
        .iter()
        .map(|&s| {
            let (mut prev, mut p, mut sum) = (0.0, 1.0, 1.0);
            for j in 0..n - 1 {
                let back = if j == 0 { 0.0 } else { root[j - 1] * prev };
                let next = (s * p - back) / root[j];
                prev = p;
                p = next;
                sum += p * p;
            }
            1.0 / sum
        })
        .collect();
    (nodes, weights)
}

/// Physicists' Gauss–Hermite rule (weight e^{-x²}): nodes descending, weights.
fn gauss_hermite(n: usize) -> (Vec<f64>, Vec<f64>) {
    const PIM4: f64 = 0.751_125_544_464_942_5; // π^(-1/4)
    const SCALE: f64 = 1e140;
    const AIRY_ROOTS: usize = 6;
    const AIRY_FROM: usize = 64;
    let mut x = vec![0.0; n];
    let mut w = vec![0.0; n];
    let m = n.div_ceil(2);
    let nf = n as f64;
    let mut z = 0.0f64;
    // The recurrence's coefficients, computed once: √(2/(j+1)) and √(j/(j+1)).
    let coef: Vec<(f64, f64)> = (0..n)
        .map(|j| {
            let jf = j as f64;
            ((2.0 / (jf + 1.0)).sqrt(), (jf / (jf + 1.0)).sqrt())
        })
        .collect();
    for i in 0..m {
        // First guesses (Numerical Recipes' `gauher`), except that for large
        // n the outermost roots come from the Airy asymptotics
        // x_k ≈ √(2n+1) − 2^(−1/3) a_k (2n+1)^(−1/6), a_k the k-th Airy zero:
        // NR's guess for the second root skips one when n ≳ 300.
        z = match i {
            _ if i < AIRY_ROOTS && (i == 0 || n >= AIRY_FROM) => {
                let t = 3.0 * PI / 8.0 * (4.0 * (i as f64 + 1.0) - 1.0);
                let airy = t.powf(2.0 / 3.0) * (1.0 + 5.0 / 48.0 / (t * t));
                (2.0 * nf + 1.0).sqrt()
                    - 0.793_700_525_984_1 * airy * (2.0 * nf + 1.0).powf(-1.0 / 6.0)
            }
            1 => z - 1.14 * nf.powf(0.426) / z,
            2 => 1.86 * z - 0.86 * x[0],
            3 => 1.91 * z - 0.91 * x[1],
            _ => 2.0 * z - x[i - 2],
        };
        // pp is h_n'(z) / SCALE^rescaled: the recurrence grows like e^{z²/2}
        // and would overflow for the outer roots of large rules (n ≳ 300),
        // so it is rescaled as it goes. Newton's step is a ratio and does not
        // mind; a weight that needed rescaling is below 1e-280 and is zero.
        let (mut pp, mut rescaled) = (0.0, 0u32);
        for _ in 0..100 {
            let mut p1 = PIM4;
            let mut p2 = 0.0;
            rescaled = 0;
            for &(a, b) in &coef {
                let p3 = p2;
                p2 = p1;
                p1 = z * a * p2 - b * p3;
                if p1.abs() > SCALE {
                    p1 /= SCALE;
                    p2 /= SCALE;
                    rescaled += 1;
                }
            }
            pp = (2.0 * nf).sqrt() * p2;
            let z1 = z;
            z = z1 - p1 / pp;
            if (z - z1).abs() <= 1e-15 * z.abs().max(1.0) {
                break;
            }
        }
        x[i] = z;
        x[n - 1 - i] = -z;
        w[i] = if rescaled == 0 { 2.0 / (pp * pp) } else { 0.0 };
        w[n - 1 - i] = w[i];
    }
    (x, w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cdf_pair_is_two_cdfs_to_the_bit() {
        let same = |x: f64| {
            let (a, b) = cdf_pair(x);
            assert_eq!(
                (a.to_bits(), b.to_bits()),
                (cdf(x).to_bits(), cdf(-x).to_bits()),
                "x = {x:e}"
            );
        };
        // Around every branch point of libm's erfc (|t| = 2⁻⁵⁶, ¼, 0.84375,
        // 1.25, 1/0.35, 6 and 28, t = x/√2), and far out.
        for t in [0.0, 2f64.powi(-56), 0.25, 0.84375, 1.25, 1.0 / 0.35, 6.0, 28.0, 40.0] {
            let x = t * SQRT_2;
            let mut v = x;
            for _ in 0..64 {
                for s in [v, -v] {
                    same(s);
                }
                v = f64::from_bits(v.to_bits() + 1);
            }
            let mut v = x;
            for _ in 0..64 {
                for s in [v, -v] {
                    same(s);
                }
                v = f64::from_bits(v.to_bits().saturating_sub(1));
            }
        }
        let mut rng = crate::base::rng::Rng::stream(11, 0);
        for _ in 0..200_000 {
            let x = rng.normal() * 12.0;
            same(x);
        }
        for x in [f64::INFINITY, f64::NEG_INFINITY, 1e300, -1e300, f64::MIN_POSITIVE, -0.0] {
            same(x);
        }
        let (a, b) = cdf_pair(f64::NAN);
        assert!(a.is_nan() && b.is_nan());
    }

    #[test]
    fn cdf_and_pdf_match_known_values() {
        assert!((cdf(0.0) - 0.5).abs() < 1e-16);
        assert!((cdf(0.4) - 0.655_421_741_610_324_2).abs() < 1e-15);
        assert!((cdf(-1.96) - 0.024_997_895_148_220_435).abs() < 1e-15);
        assert!((pdf(0.4) - 0.368_270_140_303_323_2).abs() < 1e-15);
        // Relative precision in the far tail.
        let tail = cdf(-10.0);
        assert!((tail / 7.619_853_024_160_527e-24 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn quadrature_integrates_normal_moments() {
        for n in [1usize, 2, 5, 48, 64, 96] {
            let q = NormalQuadrature::new(n);
            let sum_w: f64 = q.weights.iter().sum();
            assert!((sum_w - 1.0).abs() < 1e-13, "n={n} sum={sum_w}");
            let mean: f64 = q.nodes.iter().zip(&q.weights).map(|(z, w)| z * w).sum();
            assert!(mean.abs() < 1e-13);
            if n >= 3 {
                let m2: f64 = q.nodes.iter().zip(&q.weights).map(|(z, w)| z * z * w).sum();
                let m4: f64 = q.nodes.iter().zip(&q.weights).map(|(z, w)| z.powi(4) * w).sum();
                assert!((m2 - 1.0).abs() < 1e-12, "n={n} m2={m2}");
                assert!((m4 - 3.0).abs() < 1e-11, "n={n} m4={m4}");
            }
            assert!(q.nodes.windows(2).all(|p| p[0] < p[1]));
        }
    }

    #[test]
    fn large_rules_keep_every_root() {
        // Regression: NR's first guesses skipped the second root for n ≳ 300
        // and the recurrence overflowed, leaving weights that summed to 0.2.
        for n in [191usize, 192, 384, 500, 768, 1536] {
            let q = NormalQuadrature::new(n);
            assert!(q.nodes.windows(2).all(|p| p[0] < p[1]), "n={n}: roots out of order");
            assert!(q.weights.iter().all(|w| w.is_finite() && *w >= 0.0), "n={n}");
            let sum_w: f64 = q.weights.iter().sum();
            let m2: f64 = q.nodes.iter().zip(&q.weights).map(|(z, w)| z * z * w).sum();
            let m4: f64 = q.nodes.iter().zip(&q.weights).map(|(z, w)| z.powi(4) * w).sum();
            assert!((sum_w - 1.0).abs() < 1e-12, "n={n} sum={sum_w}");
            assert!((m2 - 1.0).abs() < 1e-12, "n={n} m2={m2}");
            assert!((m4 - 3.0).abs() < 1e-11, "n={n} m4={m4}");
        }
    }

    #[test]
    fn quadrature_integrates_a_smooth_function() {
        // E[Φ(a + bZ)] = Φ(a / sqrt(1 + b²)).
        let q = NormalQuadrature::new(48);
        let (a, b) = (0.3, 0.6);
        let approx: f64 = q.nodes.iter().zip(&q.weights).map(|(z, w)| w * cdf(a + b * z)).sum();
        let exact = cdf(a / (1.0f64 + b * b).sqrt());
        assert!((approx - exact).abs() < 1e-12, "{approx} vs {exact}");
    }

    /// F_k(t) for k = 3 and 5 in closed form (Abramowitz & Stegun 26.7.3):
    /// θ = atan(t/√k); F_3 = ½ + (θ + sinθ cosθ)/π,
    /// F_5 = ½ + (θ + sinθ cosθ (1 + ⅔ cos²θ))/π.
    fn t_cdf_closed(k: u32, t: f64) -> f64 {
        let th = (t / f64::from(k).sqrt()).atan();
        let (s, c) = th.sin_cos();
        let series = match k {
            3 => 1.0,
            5 => 1.0 + 2.0 / 3.0 * c * c,
            _ => unreachable!(),
        };
        0.5 + (th + s * c * series) / PI
    }

    #[test]
    fn student_cdf_matches_the_closed_forms() {
        for k in [3u32, 5] {
            let t = StudentT::new(k);
            let c = ((f64::from(k) - 2.0) / f64::from(k)).sqrt();
            for x in [-40.0, -7.5, -2.0, -0.3, 0.0, 0.01, 0.9, 3.3, 12.0] {
                let (got, want) = (t.cdf(x), t_cdf_closed(k, x / c));
                assert!((got - want).abs() < 1e-14, "k={k} x={x}: {got} vs {want}");
                // Lower tail to relative precision (the closed form cancels little here).
                if x < 0.0 {
                    assert!((got / want - 1.0).abs() < 1e-12 + 1e-15 / want, "k={k} x={x}");
                }
                // Symmetry, and the density is the slope.
                assert!((t.cdf(-x) - (1.0 - got)).abs() < 1e-15);
                let h = 1e-5;
                let slope = (t.cdf(x + h) - t.cdf(x - h)) / (2.0 * h);
                assert!((slope - t.pdf(x)).abs() < 1e-8 * t.pdf(x).max(1e-3), "k={k} x={x}");
            }
        }
    }

    #[test]
    fn student_tails_keep_relative_precision_and_approach_the_normal() {
        // Far tail: P(T < t) ~ f_k(t)·|t|/k for |t| → ∞ (times 1 + O(1/t²)).
        let t = StudentT::new(100);
        let x = -30.0;
        let (p, f) = (t.cdf(x), t.pdf(x));
        assert!(p > 0.0 && p < 1e-40);
        let tt = x / t.scale;
        let asym = f * t.scale * tt.abs() / 100.0 * (1.0 + 100.0 / (tt * tt)).powf(1.0) / 1.0;
        assert!((p / asym - 1.0).abs() < 0.05, "{p} vs {asym}");
        // With many degrees of freedom the unit-sd t is close to the normal.
        for x in [-2.0, -0.5, 1.0] {
            assert!((t.cdf(x) - cdf(x)).abs() < 3e-3, "x={x}");
        }
    }

    #[test]
    fn student_rules_integrate_the_characteristic_function() {
        // Unit-sd t: E[cos(uZ)] = (1+|u|)e^{−|u|} for k = 3 and
        // (1 + √3|u| + u²)e^{−√3|u|} for k = 5.
        // cos(uZ) oscillates ever faster out in the tails, where the rule is
        // sparse; k = 3's tails are the heaviest, so it converges slowest.
        for (k, n, tol) in [(3u32, 96usize, 5e-4), (5, 96, 2e-5)] {
            let q = NormalQuadrature::of(Tails::from_df(k), n);
            assert!((q.weights.iter().sum::<f64>() - 1.0).abs() < 1e-13, "k={k} n={n}");
            assert!(q.nodes.windows(2).all(|p| p[0] < p[1]));
            for u in [0.2, 0.7, 1.5, 3.0] {
                let got: f64 = q.nodes.iter().zip(&q.weights).map(|(z, w)| w * (u * z).cos()).sum();
                let want = match k {
                    3 => (1.0 + u) * (-u).exp(),
                    _ => (1.0 + 3f64.sqrt() * u + u * u) * (-(3f64.sqrt()) * u).exp(),
                };
                assert!((got - want).abs() < tol, "k={k} n={n} u={u}: {got} vs {want}");
            }
        }
    }

    #[test]
    fn normal_race_odds_are_the_closed_forms_bit_for_bit() {
        let q = NormalQuadrature::new(8);
        let (mu, sr, sn): (f64, f64, f64) = (1.7, 4.5, 3.0);
        let sd = (sr * sr + sn * sn).sqrt();
        assert_eq!(q.race_odds(mu, sr, sn), (cdf(mu / sd), pdf(mu / sd) / sd));
    }

    #[test]
    fn closed_form_and_incomplete_beta_agree_for_every_df() {
        for df in 3..=100u32 {
            let t = StudentT::new(df);
            for i in 0..200 {
                let x = 0.05 * f64::from(i);
                let (a, b) = (t.lower_tail_closed(x), t.lower_tail_beta(x));
                assert!(
                    (a - b).abs() <= 1e-13 + 1e-15 / b.max(1e-300) * b,
                    "df={df} t={x}: {a} vs {b}"
                );
                if b > 1e-8 {
                    assert!((a / b - 1.0).abs() < 1e-7, "df={df} t={x}: {a} vs {b}");
                }
            }
        }
    }
}
