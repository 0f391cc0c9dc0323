//! Java's `String.hashCode` and Kafka's `Utils.abs`, which pick the coordinator partition of
//! a transactional id or a group id.
//!
//! Kafka: `TransactionStateManager.partitionFor(transactionalId)` and
//! `GroupCoordinator.partitionFor(groupId)` are both
//! `Utils.abs(id.hashCode()) % partitionCount`. `String.hashCode` is `s[0]*31^(n-1) + … +
//! s[n-1]` over the string's UTF-16 code units in wrapping 32-bit arithmetic, so a key outside
//! the Basic Multilingual Plane counts as two surrogate units, as in Java.

/// `java.lang.String.hashCode` of `s` (UTF-16 code units, wrapping `int` arithmetic).
pub fn string_hash_code(s: &str) -> i32 {
    s.encode_utf16().fold(0i32, |h, unit| {
        h.wrapping_mul(31).wrapping_add(i32::from(unit))
    })
}

/// `org.apache.kafka.common.utils.Utils.abs`: the absolute value, except that
/// `Integer.MIN_VALUE` (whose `Math.abs` is itself, negative) maps to 0.
pub fn utils_abs(n: i32) -> i32 {
    if n == i32::MIN {
        0
    } else {
        n.abs()
    }
}

/// The partition of an internal topic with `partition_count` partitions that coordinates `key`
/// (`Utils.abs(key.hashCode()) % partitionCount`).
///
/// # Panics
/// When `partition_count` is not positive: the internal topics' partition counts are
/// validated broker settings (`atLeast(1)`).
pub fn coordinator_partition(key: &str, partition_count: i32) -> i32 {
    assert!(
        partition_count > 0,
        "an internal topic has at least one partition, got {partition_count}"
    );
    utils_abs(string_hash_code(key)) % partition_count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_java_string_hash_code() {
        // Java's well-known values ("hello" is 99162322, "polygenelubricants" is
        // Integer.MIN_VALUE) and the others from `String.hashCode`'s definition.
        assert_eq!(string_hash_code(""), 0);
        assert_eq!(string_hash_code("a"), 97);
        assert_eq!(string_hash_code("abc"), 96354);
        assert_eq!(string_hash_code("hello"), 99_162_322);
        assert_eq!(string_hash_code("my-transactional-id"), -959_806_496);
        // Wraps: "polygenelubricants".hashCode() == Integer.MIN_VALUE.
        assert_eq!(string_hash_code("polygenelubricants"), i32::MIN);
        // A supplementary character is two UTF-16 units: "😀" is \uD83D\uDE00.
        assert_eq!(
            string_hash_code("😀"),
            0xD83D_i32.wrapping_mul(31).wrapping_add(0xDE00)
        );
        // Korean syllables are single BMP units.
        assert_eq!(string_hash_code("가"), 0xAC00);
    }

    #[test]
    fn utils_abs_maps_min_value_to_zero() {
        assert_eq!(utils_abs(-5), 5);
        assert_eq!(utils_abs(7), 7);
        assert_eq!(utils_abs(i32::MIN), 0);
        assert_eq!(coordinator_partition("polygenelubricants", 50), 0);
        assert_eq!(coordinator_partition("abc", 50), 96354 % 50);
        assert_eq!(
            coordinator_partition("my-transactional-id", 50),
            959_806_496 % 50
        );
    }
}
