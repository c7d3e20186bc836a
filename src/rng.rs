//! Reproducible random numbers for `robust`: one stream per draw, seeded
//! from (seed, draw index) alone, so a draw's numbers never depend on which
//! thread ran it or in what order. SplitMix64 (Steele, Lea and Flood 2014)
//! for the bits, Box–Muller with `libm` for normals, so the same seed gives
//! the same numbers on every platform.

use std::f64::consts::PI;

/// A SplitMix64 stream.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
    spare: Option<f64>,
}

/// SplitMix64's output function: a bijective mix of 64 bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

impl Rng {
    /// The stream of draw `index` under `seed`.
    pub fn for_draw(seed: u64, index: u64) -> Rng {
        // Two rounds of mixing keep streams of neighbouring seeds and
        // indices unrelated.
        Rng { state: mix(mix(seed ^ GOLDEN).wrapping_add(index.wrapping_mul(GOLDEN))), spare: None }
    }

    /// 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        mix(self.state)
    }

    /// Uniform in (0, 1): never 0, so its logarithm is finite.
    pub fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// Standard normal (Box–Muller; the second value of each pair is kept for the next call).
    pub fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        let (u, v) = (self.uniform(), self.uniform());
        let r = libm::sqrt(-2.0 * libm::log(u));
        let a = 2.0 * PI * v;
        self.spare = Some(r * libm::sin(a));
        r * libm::cos(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..5).map(|_| Rng::for_draw(7, 3).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(Rng::for_draw(7, 3).next_u64(), Rng::for_draw(7, 4).next_u64());
        assert_ne!(Rng::for_draw(7, 3).next_u64(), Rng::for_draw(8, 3).next_u64());
    }

    #[test]
    fn normals_have_mean_zero_and_unit_variance() {
        let mut rng = Rng::for_draw(1, 0);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.01, "{mean}");
        assert!((var - 1.0).abs() < 0.01, "{var}");
        let tail = xs.iter().filter(|&&x| x > 1.6448536).count() as f64 / n as f64;
        assert!((tail - 0.05).abs() < 0.003, "{tail}");
    }
}
