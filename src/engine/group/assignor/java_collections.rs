//! The few behaviours of Java's collections that Kafka's assignors' results depend on.
//!
//! Kafka's assignors break ties by iteration order, and several of those orders are
//! `java.util.HashMap`'s: `ConsumerCoordinator.onLeaderElected` collects the members'
//! subscriptions into a `HashMap`, `AbstractStickyAssignor` keeps owned partitions in one and
//! `PartitionMovements` picks `HashSet<TopicPartition>.iterator().next()`. A port that iterated
//! in another order would hand out different partitions. So this file reproduces:
//!
//! - `String.compareTo` (UTF-16 code unit order) and `String.hashCode` (`s[0]*31^(n-1) + ...`);
//! - `TopicPartition.hashCode` (`31 * (31 + partition) + topic.hashCode()`);
//! - [`JavaHashMap`]: `java.util.HashMap`'s bucket layout (table of power-of-two size, created
//!   at 16 on the first put, doubled when `size > 0.75 * capacity`, or when a bucket reaches
//!   9 entries while the table is under 64, `HashMap.treeifyBin`), its hash spreading
//!   (`h ^ (h >>> 16)`) and so its iteration order: bucket by bucket, each bucket in insertion
//!   order (`HashMap.resize` splits buckets preserving order).
//!
//! Not reproduced: the order inside a bucket that Java turned into a red-black tree (9 or more
//! keys in one bucket of a table of 64 or more); such buckets iterate here in insertion order.

use std::cmp::Ordering;

use crate::engine::topic_partition::TopicPartition;

/// `String.compareTo`: lexicographic over UTF-16 code units (differs from Rust's byte order
/// only for characters above U+FFFF against U+E000..=U+FFFF).
pub fn java_cmp(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

/// `String.hashCode`.
pub fn string_hash_code(s: &str) -> i32 {
    s.encode_utf16().fold(0i32, |h, unit| {
        h.wrapping_mul(31).wrapping_add(i32::from(unit))
    })
}

/// `TopicPartition.hashCode`.
pub fn topic_partition_hash_code(tp: &TopicPartition) -> i32 {
    let result = 31i32.wrapping_add(tp.partition);
    31i32
        .wrapping_mul(result)
        .wrapping_add(string_hash_code(&tp.topic))
}

/// A key with Java's `hashCode`.
pub trait JavaHash {
    fn java_hash_code(&self) -> i32;
}

impl JavaHash for String {
    fn java_hash_code(&self) -> i32 {
        string_hash_code(self)
    }
}

impl JavaHash for TopicPartition {
    fn java_hash_code(&self) -> i32 {
        topic_partition_hash_code(self)
    }
}

/// `HashMap.DEFAULT_INITIAL_CAPACITY`.
const DEFAULT_INITIAL_CAPACITY: usize = 16;
/// `HashMap.TREEIFY_THRESHOLD`: a bucket reaching more entries than this is treeified, or the
/// table resized if it is smaller than [`MIN_TREEIFY_CAPACITY`].
const TREEIFY_THRESHOLD: usize = 8;
/// `HashMap.MIN_TREEIFY_CAPACITY`.
const MIN_TREEIFY_CAPACITY: usize = 64;

/// `HashMap.hash`: the key's hash code with its high half folded into the low half.
fn spread(hash_code: i32) -> u32 {
    let h = hash_code as u32;
    h ^ (h >> 16)
}

/// A map laid out, and so iterated, exactly as a default-constructed `java.util.HashMap`
/// (`new HashMap<>()`, `new HashSet<>()`) after the same puts and removes.
#[derive(Debug, Clone)]
pub struct JavaHashMap<K, V> {
    table: Vec<Vec<(u32, K, V)>>,
    len: usize,
}

impl<K: JavaHash + Eq, V> Default for JavaHashMap<K, V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: JavaHash + Eq, V> JavaHashMap<K, V> {
    pub fn new() -> Self {
        JavaHashMap {
            table: Vec::new(),
            len: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn index(&self, hash: u32) -> usize {
        (hash as usize) & (self.table.len() - 1)
    }

    /// `HashMap.put`: replaces the value in place if the key is present (keeping its position),
    /// otherwise appends to the key's bucket and resizes as Java does.
    pub fn put(&mut self, key: K, value: V) -> Option<V> {
        if self.table.is_empty() {
            self.table = (0..DEFAULT_INITIAL_CAPACITY).map(|_| Vec::new()).collect();
        }
        let hash = spread(key.java_hash_code());
        let index = self.index(hash);
        let bucket = &mut self.table[index];
        if let Some(entry) = bucket.iter_mut().find(|(h, k, _)| *h == hash && *k == key) {
            return Some(std::mem::replace(&mut entry.2, value));
        }
        bucket.push((hash, key, value));
        let bucket_len = bucket.len();
        if bucket_len > TREEIFY_THRESHOLD && self.table.len() < MIN_TREEIFY_CAPACITY {
            self.resize();
        }
        self.len += 1;
        if self.len * 4 > self.table.len() * 3 {
            self.resize();
        }
        None
    }

    /// `HashMap.resize`: doubles the table; each bucket splits into a low and a high bucket,
    /// both keeping their entries' relative order.
    fn resize(&mut self) {
        let new_capacity = self.table.len() * 2;
        let old = std::mem::take(&mut self.table);
        self.table = (0..new_capacity).map(|_| Vec::new()).collect();
        for bucket in old {
            for (hash, key, value) in bucket {
                let index = (hash as usize) & (new_capacity - 1);
                self.table[index].push((hash, key, value));
            }
        }
    }

    fn find(&self, key: &K) -> Option<(usize, usize)> {
        if self.table.is_empty() {
            return None;
        }
        let hash = spread(key.java_hash_code());
        let index = self.index(hash);
        self.table[index]
            .iter()
            .position(|(h, k, _)| *h == hash && k == key)
            .map(|position| (index, position))
    }

    pub fn get(&self, key: &K) -> Option<&V> {
        self.find(key).map(|(i, p)| &self.table[i][p].2)
    }

    pub fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        self.find(key).map(|(i, p)| &mut self.table[i][p].2)
    }

    pub fn contains_key(&self, key: &K) -> bool {
        self.find(key).is_some()
    }

    /// `HashMap.remove`: unlinks the entry; Java never shrinks the table.
    pub fn remove(&mut self, key: &K) -> Option<V> {
        let (index, position) = self.find(key)?;
        self.len -= 1;
        Some(self.table[index].remove(position).2)
    }

    /// Entries in Java's iteration order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.table
            .iter()
            .flat_map(|bucket| bucket.iter().map(|(_, k, v)| (k, v)))
    }

    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.iter().map(|(k, _)| k)
    }

    /// The first key Java's iterator would return (`iterator().next()`).
    pub fn first_key(&self) -> Option<&K> {
        self.keys().next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_hash_code_matches_java() {
        // Values printed by Java's "…".hashCode().
        assert_eq!(string_hash_code(""), 0);
        assert_eq!(string_hash_code("a"), 97);
        assert_eq!(string_hash_code("range"), 108_280_125);
        assert_eq!(string_hash_code("hello world"), 1_794_106_052);
        // Overflow wraps as Java's int arithmetic does.
        assert_eq!(string_hash_code("consumer-group-member"), {
            let mut h: i32 = 0;
            for c in "consumer-group-member".chars() {
                h = h.wrapping_mul(31).wrapping_add(c as i32);
            }
            h
        });
    }

    #[test]
    fn java_cmp_orders_by_utf16_units() {
        assert_eq!(java_cmp("C0", "C1"), Ordering::Less);
        assert_eq!(java_cmp("b", "B"), Ordering::Greater);
        // U+1F600 is a surrogate pair (0xD83D ...), which sorts before U+FFFD in UTF-16.
        assert_eq!(java_cmp("\u{1F600}", "\u{FFFD}"), Ordering::Less);
        assert_eq!("\u{1F600}".cmp("\u{FFFD}"), Ordering::Greater);
    }

    #[test]
    fn iteration_order_is_bucket_order_then_insertion_order() {
        // "Aa" and "BB" share a hash code (2112): same bucket, insertion order kept.
        let mut map = JavaHashMap::new();
        map.put("BB".to_owned(), 1);
        map.put("Aa".to_owned(), 2);
        map.put("a".to_owned(), 3); // 97 & 15 = 1
        let keys: Vec<&String> = map.keys().collect();
        // 2112 ^ 0 = 2112, & 15 = 0: bucket 0 before bucket 1.
        assert_eq!(keys, ["BB", "Aa", "a"]);
        assert_eq!(map.remove(&"BB".to_owned()), Some(1));
        map.put("BB".to_owned(), 4);
        let keys: Vec<&String> = map.keys().collect();
        assert_eq!(keys, ["Aa", "BB", "a"]);
    }

    #[test]
    fn the_table_grows_past_three_quarters() {
        let mut map = JavaHashMap::new();
        for i in 0..13 {
            map.put(format!("k{i}"), i);
        }
        assert_eq!(map.table.len(), 32);
        assert_eq!(map.len(), 13);
        let mut small = JavaHashMap::new();
        for i in 0..12 {
            small.put(format!("k{i}"), i);
        }
        assert_eq!(small.table.len(), 16);
        // Java's order for these 12 keys: by (hash ^ hash >>> 16) & 15, then insertion.
        let mut expected: Vec<(usize, usize, String)> = (0..12)
            .map(|i| {
                let k = format!("k{i}");
                ((spread(string_hash_code(&k)) & 15) as usize, i, k)
            })
            .collect();
        crate::sort::sort(&mut expected);
        let keys: Vec<&String> = small.keys().collect();
        let expected: Vec<&String> = expected.iter().map(|(_, _, k)| k).collect();
        assert_eq!(keys, expected);
    }
}
