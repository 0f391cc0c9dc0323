//! The iteration order of Java's `HashMap`/`HashSet`, for tools that print a hash map as it
//! comes (`kafka-delete-records` prints `DeleteRecordsResult.lowWatermarks()` in its map's
//! order).
//!
//! A `HashMap` keeps its keys in `capacity` buckets, the bucket of a key being
//! `(h ^ (h >>> 16)) & (capacity - 1)` for its `hashCode()` `h` (`HashMap.hash`), and iterates
//! bucket by bucket; keys sharing a bucket come in insertion order (resizing splits a bucket's
//! list without reordering it). kplay does not model the red-black trees Java builds for a
//! bucket of more than 8 keys in a table of at least 64 buckets.

/// `String.hashCode()`: over UTF-16 code units, `h = 31 * h + c`, wrapping.
pub fn string_hash(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(i32::from(c)))
}

/// `TopicPartition.hashCode()`: `31 * (31 + partition) + topic.hashCode()`.
pub fn topic_partition_hash(topic: &str, partition: i32) -> i32 {
    31i32
        .wrapping_add(partition)
        .wrapping_mul(31)
        .wrapping_add(string_hash(topic))
}

/// The table size of a `new HashMap<>()` after `entries` puts: 16, doubled whenever the size
/// passes three quarters of it (`DEFAULT_LOAD_FACTOR`).
pub fn default_capacity(entries: usize) -> usize {
    let mut capacity = 16;
    while entries * 4 > capacity * 3 {
        capacity *= 2;
    }
    capacity
}

/// The positions of `hashes` (given in insertion order) in the order a map of `capacity`
/// buckets iterates them.
pub fn iteration_order(hashes: &[i32], capacity: usize) -> Vec<usize> {
    assert!(
        capacity.is_power_of_two(),
        "HashMap tables are powers of two"
    );
    let bucket = |h: i32| {
        let h = h as u32;
        ((h ^ (h >> 16)) as usize) & (capacity - 1)
    };
    let mut order: Vec<usize> = (0..hashes.len()).collect();
    crate::sort::sort_by_key(&mut order, |&i| bucket(hashes[i]));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_match_java() {
        // Java's formulas worked by hand: "orders".hashCode(), new TopicPartition("orders", 0).hashCode().
        assert_eq!(string_hash(""), 0);
        assert_eq!(string_hash("a"), 97);
        assert_eq!(string_hash("orders"), -1008770331);
        assert_eq!(topic_partition_hash("orders", 0), 961 - 1008770331);
        assert_eq!(string_hash("한"), 0xD55C);
    }

    #[test]
    fn order_is_by_bucket_then_insertion() {
        // 16 and 0 share bucket 0 of a 16-bucket table; insertion decides between them.
        assert_eq!(iteration_order(&[16, 3, 0, 1], 16), vec![0, 2, 3, 1]);
        assert_eq!(iteration_order(&[0, 16], 32), vec![0, 1]);
        assert_eq!(iteration_order(&[16, 0], 32), vec![1, 0]);
        // The high half is folded in: 0x10000 lands in bucket 1.
        assert_eq!(iteration_order(&[0x10000, 0], 16), vec![1, 0]);
        assert_eq!(default_capacity(0), 16);
        assert_eq!(default_capacity(12), 16);
        assert_eq!(default_capacity(13), 32);
        assert_eq!(default_capacity(25), 64);
    }
}
