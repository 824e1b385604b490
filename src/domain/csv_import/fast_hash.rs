//! A small, fast hasher for in-memory maps keyed by short, trusted-shape values (region
//! codes, cell texts, precomputed hashes). Not DoS-resistant; a file can at worst slow
//! its own import, and each map is bounded by what the file itself holds.

use std::hash::Hasher;

/// Multiply-rotate hashing over 8-byte words (the scheme of rustc's FxHasher), with a
/// final mix so every output bit depends on every input byte.
#[derive(Default, Clone, Copy)]
pub(crate) struct FastHasher(u64);

const K: u64 = 0x517c_c1b7_2722_0a95;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits (which pick the bucket) depending only on the low
        // input bytes, and codes like `32.16.01` share those: fold the high bits down.
        let x = self.0;
        (x ^ (x >> 29) ^ (x >> 47)).wrapping_mul(K).rotate_left(26)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::hash::BuildHasherDefault;

    use super::*;

    #[test]
    fn works_as_a_map_hasher() {
        let mut map: HashMap<String, u32, BuildHasherDefault<FastHasher>> = HashMap::default();
        for i in 0..1000 {
            map.insert(format!("32.{i:02}"), i);
        }
        assert_eq!(map.get("32.07"), Some(&7));
        assert_eq!(map.len(), 1000);
    }

    #[test]
    fn low_bits_vary_for_similar_codes() {
        let low: std::collections::HashSet<u64> = (1..=99)
            .map(|k| {
                let mut h = FastHasher::default();
                h.write(format!("32.16.{k:02}").as_bytes());
                h.finish() & 0xFF
            })
            .collect();
        assert!(low.len() > 50, "{}", low.len());
    }
}
