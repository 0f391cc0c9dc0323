//! `java.util.Random` and `Collections.shuffle`, bit for bit.
//!
//! Kafka's controller places replicas with `StripedReplicaPlacer(new Random())`: the placement
//! depends on a 48-bit linear congruential generator (`Random.next`, `Random.nextInt(bound)`)
//! and on `Collections.shuffle(list, random)`. kplay seeds the same generator from its own
//! deterministic RNG, so a placement is reproducible in kplay and, given the seed, identical to
//! what Kafka's placer would compute.

/// `java.util.Random` (the multiplier, addend and mask of its LCG; `nextInt` exactly as in the JDK).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct JavaRandom {
    seed: i64,
}

const MULTIPLIER: i64 = 0x5_DEEC_E66D;
const ADDEND: i64 = 0xB;
const MASK: i64 = (1 << 48) - 1;

impl JavaRandom {
    /// `new Random(seed)`.
    pub fn new(seed: i64) -> JavaRandom {
        JavaRandom {
            seed: (seed ^ MULTIPLIER) & MASK,
        }
    }

    /// `Random.next(bits)`.
    fn next(&mut self, bits: u32) -> i32 {
        self.seed = self.seed.wrapping_mul(MULTIPLIER).wrapping_add(ADDEND) & MASK;
        // `(int)(seed >>> (48 - bits))`: the seed is non-negative, so `>>` is `>>>`.
        (self.seed >> (48 - bits)) as i32
    }

    /// `Random.nextInt()`.
    pub fn next_int(&mut self) -> i32 {
        self.next(32)
    }

    /// `Random.nextInt(bound)`: uniform in `0..bound`, with the JDK's rejection loop.
    pub fn next_int_bounded(&mut self, bound: i32) -> i32 {
        assert!(
            bound > 0,
            "Random.nextInt(bound) needs a positive bound; callers pass a non-empty size"
        );
        let mut r = self.next(31);
        let m = bound - 1;
        if bound & m == 0 {
            // Power of two: take the high bits.
            ((i64::from(bound) * i64::from(r)) >> 31) as i32
        } else {
            let mut u = r;
            loop {
                r = u % bound;
                // `u - r + m < 0` in Java `int` arithmetic (overflow means "reject").
                if u.wrapping_sub(r).wrapping_add(m) >= 0 {
                    break;
                }
                u = self.next(31);
            }
            r
        }
    }

    /// `Collections.shuffle(list, random)` for a random-access list.
    pub fn shuffle<T>(&mut self, list: &mut [T]) {
        let size = i32::try_from(list.len())
            .expect("lists shuffled here are broker and rack lists, far below i32::MAX");
        let mut i = size;
        while i > 1 {
            let j = self.next_int_bounded(i);
            list.swap((i - 1) as usize, j as usize);
            i -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_jdk_vectors() {
        // new Random(42).nextInt() and new Random(0).nextInt(), well-known JDK outputs.
        assert_eq!(JavaRandom::new(42).next_int(), -1_170_105_035);
        assert_eq!(JavaRandom::new(0).next_int(), -1_155_484_576);
        assert_eq!(JavaRandom::new(42).next_int_bounded(10), 0);
        // Printed by the JDK: r = new Random(7); for b in 1..20: r.nextInt(b).
        let mut r = JavaRandom::new(7);
        let got: Vec<i32> = (1..20).map(|b| r.next_int_bounded(b)).collect();
        assert_eq!(
            got,
            vec![0, 1, 0, 0, 0, 4, 5, 5, 0, 4, 4, 0, 0, 11, 10, 11, 2, 0, 1]
        );
    }

    #[test]
    fn shuffle_matches_collections_shuffle() {
        // Printed by the JDK: Collections.shuffle([0..10), new Random(1)).
        let mut v: Vec<i32> = (0..10).collect();
        JavaRandom::new(1).shuffle(&mut v);
        assert_eq!(v, vec![6, 9, 7, 8, 4, 2, 0, 3, 1, 5]);
    }

    #[test]
    fn bounded_stays_in_range_and_power_of_two_path() {
        let mut r = JavaRandom::new(7);
        for bound in 1..200 {
            let v = r.next_int_bounded(bound);
            assert!((0..bound).contains(&v));
        }
        // Power-of-two bound uses the high bits of next(31).
        let mut a = JavaRandom::new(42);
        let mut b = JavaRandom::new(42);
        let expected = ((16i64 * i64::from(b.next(31))) >> 31) as i32;
        assert_eq!(a.next_int_bounded(16), expected);
    }

    #[test]
    fn shuffle_is_a_deterministic_permutation() {
        let mut v: Vec<i32> = (0..10).collect();
        JavaRandom::new(1).shuffle(&mut v);
        let mut w: Vec<i32> = (0..10).collect();
        JavaRandom::new(1).shuffle(&mut w);
        assert_eq!(v, w);
        let mut sorted = v.clone();
        crate::sort::sort(&mut sorted);
        assert_eq!(sorted, (0..10).collect::<Vec<_>>());
        let mut one = [5];
        let mut r = JavaRandom::new(3);
        let before = r.clone();
        r.shuffle(&mut one);
        assert_eq!(r, before, "a one-element shuffle draws nothing");
    }
}
