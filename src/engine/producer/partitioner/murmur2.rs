//! Kafka's keyed partitioning: `Utils.murmur2` over the serialized key, then
//! `Utils.toPositive(hash) % numPartitions` (`BuiltInPartitioner.partitionForKey`, and
//! `DefaultPartitioner.partition` before 3.3).
//!
//! This is MurmurHash2 as Kafka's Java wrote it (seed `0x9747b28c`), which is not the
//! reference MurmurHash2 for lengths that are not a multiple of four in some ports; the
//! vectors in `fixtures/partitioner.json` were computed by Kafka's own client. The empty key is
//! hashed like any other; only a null key means "no key".

/// `Utils.murmur2`: the 32-bit hash Kafka partitions keys by, as Java's signed `int`.
pub fn murmur2(data: &[u8]) -> i32 {
    const SEED: u32 = 0x9747_b28c;
    const M: u32 = 0x5bd1_e995;
    const R: u32 = 24;
    let length = data.len();
    let mut h: u32 = SEED ^ (length as u32);
    let mut chunks = data.chunks_exact(4);
    for chunk in &mut chunks {
        let mut k = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h = h.wrapping_mul(M);
        h ^= k;
    }
    let tail = chunks.remainder();
    // Java's switch falls through from case 3 to case 1.
    if tail.len() >= 3 {
        h ^= u32::from(tail[2]) << 16;
    }
    if tail.len() >= 2 {
        h ^= u32::from(tail[1]) << 8;
    }
    if !tail.is_empty() {
        h ^= u32::from(tail[0]);
        h = h.wrapping_mul(M);
    }
    h ^= h >> 13;
    h = h.wrapping_mul(M);
    h ^= h >> 15;
    h as i32
}

/// `Utils.toPositive`: clears the sign bit (not `abs`, which would overflow on `i32::MIN`).
pub const fn to_positive(number: i32) -> i32 {
    number & 0x7fff_ffff
}

/// `BuiltInPartitioner.partitionForKey`: the partition of a serialized key among
/// `num_partitions` (all of the topic's partitions, available or not).
///
/// # Panics
/// If `num_partitions` is not positive: a topic always has at least one partition.
pub fn partition_for_key(key: &[u8], num_partitions: i32) -> i32 {
    assert!(num_partitions > 0, "a topic has at least one partition");
    to_positive(murmur2(key)) % num_partitions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kafka_utils_test_vectors() {
        // UtilsTest.testMurmur2 in Kafka's client.
        assert_eq!(murmur2(b"21"), -973_932_308);
        assert_eq!(murmur2(b"foobar"), -790_332_482);
        assert_eq!(murmur2(b"a-little-bit-long-string"), -985_981_536);
        assert_eq!(murmur2(b"a-little-bit-longer-string"), -1_486_304_829);
        assert_eq!(
            murmur2(b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"),
            -58_897_971
        );
        assert_eq!(murmur2(b"abc"), 479_470_107);
    }

    #[test]
    fn to_positive_keeps_the_low_31_bits() {
        assert_eq!(to_positive(i32::MIN), 0);
        assert_eq!(to_positive(-1), i32::MAX);
        assert_eq!(to_positive(5), 5);
    }
}
