//! The normal distribution and Gauss–Hermite quadrature.
//!
//! Φ and φ come from `libm`'s erfc (a port of musl's, accurate to about one
//! unit in the last place), so tail probabilities keep their relative
//! precision. Quadrature nodes are computed by Newton's method on the
//! orthonormal Hermite recurrence (Numerical Recipes' `gauher`).

use std::f64::consts::{PI, SQRT_2};

/// Standard normal density φ(x).
pub fn pdf(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * PI).sqrt()
}

/// Standard normal distribution function Φ(x).
pub fn cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / SQRT_2)
}

/// Nodes and weights for E[f(Z)], Z ~ N(0, 1): E[f(Z)] ≈ Σ wᵢ f(zᵢ), Σ wᵢ = 1.
#[derive(Debug, Clone)]
pub struct NormalQuadrature {
    /// Points zᵢ, ascending.
    pub nodes: Vec<f64>,
    /// Probability weights, summing to 1.
    pub weights: Vec<f64>,
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
        NormalQuadrature { nodes, weights }
    }

    /// A single point at 0 with weight 1: a degenerate normal (sd = 0).
    pub fn point() -> NormalQuadrature {
        NormalQuadrature { nodes: vec![0.0], weights: vec![1.0] }
    }
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
}
