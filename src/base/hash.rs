//! A fast, deterministic hasher for maps keyed by indices and small
//! records (the FxHash of rustc: one rotate, xor and multiply per word).
//! Not resistant to crafted keys, which grantplan's maps never see from
//! outside: their keys are indices and ids it built itself. Iteration
//! order is as arbitrary as with the standard hasher, so nothing may
//! depend on it.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with [`FxHasher`].
pub type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A `HashSet` with [`FxHasher`].
pub type FxHashSet<T> = HashSet<T, BuildHasherDefault<FxHasher>>;

/// An empty [`FxHashMap`] with room for `n` entries.
pub fn map_with_capacity<K, V>(n: usize) -> FxHashMap<K, V> {
    HashMap::with_capacity_and_hasher(n, BuildHasherDefault::default())
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// The hasher: state is one word.
#[derive(Debug, Clone, Copy, Default)]
pub struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The multiply leaves the high bits best mixed; the table indexes
        // by the low ones.
        self.hash.rotate_left(26)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash_of<T: Hash>(v: &T) -> u64 {
        BuildHasherDefault::<FxHasher>::default().hash_one(v)
    }

    #[test]
    fn equal_keys_hash_equal_and_near_keys_apart() {
        assert_eq!(hash_of(&(3usize, 7u64)), hash_of(&(3usize, 7u64)));
        assert_eq!(hash_of(&"PA".to_owned()), hash_of(&"PA"));
        assert_ne!(hash_of(&(3usize, 7u64)), hash_of(&(7usize, 3u64)));
        assert_ne!(hash_of(&"ab"), hash_of(&"ba"));
        // Consecutive indices land in different buckets of a small table.
        let buckets: HashSet<u64> = (0..64usize).map(|i| hash_of(&i) & 127).collect();
        assert!(buckets.len() > 40, "{}", buckets.len());
    }

    #[test]
    fn a_map_works_as_the_standard_one() {
        let mut m: FxHashMap<String, usize> = map_with_capacity(4);
        for (i, k) in ["a", "b", "c", "a"].iter().enumerate() {
            m.insert((*k).to_owned(), i);
        }
        assert_eq!(m.len(), 3);
        assert_eq!(m.get("a"), Some(&3));
        assert_eq!(m.get("d"), None);
    }
}
