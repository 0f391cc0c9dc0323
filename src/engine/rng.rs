//! The engine's only source of randomness: SplitMix64, seeded by the playground.
//!
//! Kafka draws random values in a few places a learner can see (topic ids, member ids, the
//! start index of replica placement, the sticky partition). A playground is its seed plus its
//! inputs, so every such draw comes from here and replays identically.

/// Steele, Lea and Flood's SplitMix64: tiny, fast, full-period over 2^64, and good enough for
/// choosing ids and partitions (nothing here needs cryptographic randomness).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `0..bound` (Lemire's multiply-shift; the bias is below 2^-32 for the small
    /// bounds used here).
    pub fn below(&mut self, bound: u32) -> u32 {
        assert!(bound > 0, "below(0) has no value to return");
        (((self.next_u64() >> 32) * u64::from(bound)) >> 32) as u32
    }

    /// 16 random bytes, e.g. for a UUID (`TopicId::from_random_bytes` stamps the version bits).
    pub fn bytes16(&mut self) -> [u8; 16] {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next_u64().to_be_bytes());
        bytes[8..].copy_from_slice(&self.next_u64().to_be_bytes());
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence() {
        let (mut a, mut b) = (Rng::new(42), Rng::new(42));
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
    }

    #[test]
    fn known_first_value() {
        // Reference value of SplitMix64 seeded with 0 (first output of the published algorithm).
        assert_eq!(Rng::new(0).next_u64(), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn below_stays_in_bounds() {
        let mut r = Rng::new(7);
        for bound in 1..50 {
            assert!(r.below(bound) < bound);
        }
        assert_ne!(r.bytes16(), r.bytes16());
    }
}
