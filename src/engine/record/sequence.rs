//! Producer sequence arithmetic that wraps at `i32::MAX`
//! (`DefaultRecordBatch.incrementSequence` / `decrementSequence`).
//!
//! An idempotent producer numbers its records per partition; after `Integer.MAX_VALUE` the
//! next sequence is 0, so a batch starting at `2147483646` with 3 records ends at sequence 0
//! (fixture `sequence-wrap`).

/// `DefaultRecordBatch.incrementSequence`: `sequence + increment`, wrapping past `i32::MAX` to 0.
///
/// Written with wrapping operations because Java's `int` arithmetic wraps silently, and the
/// result must match Java's even for out-of-range inputs found in corrupt batches.
pub fn increment_sequence(sequence: i32, increment: i32) -> i32 {
    if sequence > i32::MAX.wrapping_sub(increment) {
        increment
            .wrapping_sub(i32::MAX.wrapping_sub(sequence))
            .wrapping_sub(1)
    } else {
        sequence.wrapping_add(increment)
    }
}

/// `DefaultRecordBatch.decrementSequence`: `sequence - decrement`, wrapping below 0 to `i32::MAX`.
pub fn decrement_sequence(sequence: i32, decrement: i32) -> i32 {
    if sequence < decrement {
        i32::MAX
            .wrapping_sub(decrement.wrapping_sub(sequence))
            .wrapping_add(1)
    } else {
        sequence.wrapping_sub(decrement)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_like_kafka() {
        assert_eq!(increment_sequence(100, 4), 104);
        assert_eq!(increment_sequence(2147483646, 2), 0);
        assert_eq!(increment_sequence(i32::MAX, 1), 0);
        assert_eq!(increment_sequence(i32::MAX, 5), 4);
        assert_eq!(decrement_sequence(0, 2), 2147483646);
        assert_eq!(decrement_sequence(10, 3), 7);
        for s in [0, 1, 5, i32::MAX - 3, i32::MAX] {
            for d in 0..10 {
                assert_eq!(decrement_sequence(increment_sequence(s, d), d), s);
            }
        }
    }
}
