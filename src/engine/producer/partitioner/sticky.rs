//! The 2.4-3.2 sticky partitioner for records without a key (KIP-480):
//! `DefaultPartitioner` (keys still hashed) and `UniformStickyPartitioner` (keys ignored),
//! both built on `StickyPartitionCache`.
//!
//! The cache holds one partition per topic. `KafkaProducer.doSend` appends with
//! `abortOnNewBatch = true`; when the append would need a new batch the producer calls
//! `onNewBatch(topic, prevPartition)`, which moves the sticky partition to another available
//! partition chosen at random (`StickyPartitionCache.nextPartition`), then partitions and
//! appends again. So null-key records stick to a partition until a new batch is created
//! there: when the batch is full, or when the previous one was sent. A quirk Kafka has and
//! kplay keeps: the very first record of a topic draws a partition, finds no batch there, and
//! so switches at once to a second draw.

use std::collections::BTreeMap;

use crate::engine::rng::Rng;

use super::murmur2::to_positive;

/// `StickyPartitionCache`: the current sticky partition of each topic.
#[derive(Debug, Clone, Default)]
pub struct StickyPartitionCache {
    index_cache: BTreeMap<String, i32>,
}

impl StickyPartitionCache {
    pub fn new() -> StickyPartitionCache {
        StickyPartitionCache::default()
    }

    /// `partition(topic, cluster)`: the sticky partition, drawing one for a new topic.
    /// `available` lists the partitions with a leader; `num_partitions` counts all of them.
    pub fn partition(
        &mut self,
        topic: &str,
        available: &[i32],
        num_partitions: i32,
        rng: &mut Rng,
    ) -> i32 {
        match self.index_cache.get(topic) {
            Some(&p) => p,
            None => self.next_partition(topic, available, num_partitions, -1, rng),
        }
    }

    /// The current sticky partition of `topic`, if one was drawn.
    pub fn current(&self, topic: &str) -> Option<i32> {
        self.index_cache.get(topic).copied()
    }

    /// `nextPartition(topic, cluster, prevPartition)`: switches to another random available
    /// partition if the sticky partition is unset or is still `prev_partition`.
    pub fn next_partition(
        &mut self,
        topic: &str,
        available: &[i32],
        num_partitions: i32,
        prev_partition: i32,
        rng: &mut Rng,
    ) -> i32 {
        let old = self.index_cache.get(topic).copied();
        if let Some(current) = old.filter(|&p| p != prev_partition) {
            return current;
        }
        let new = if available.is_empty() {
            random_positive(rng) % num_partitions
        } else if available.len() == 1 {
            available[0]
        } else {
            loop {
                let candidate = available[random_positive(rng) as usize % available.len()];
                if Some(candidate) != old {
                    break candidate;
                }
            }
        };
        self.index_cache.insert(topic.to_owned(), new);
        new
    }
}

/// `Utils.toPositive(ThreadLocalRandom.current().nextInt())`, from the seeded generator.
pub fn random_positive(rng: &mut Rng) -> i32 {
    to_positive((rng.next_u64() >> 32) as u32 as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sticks_until_asked_to_move_and_then_moves_elsewhere() {
        let mut rng = Rng::new(3);
        let mut cache = StickyPartitionCache::new();
        let available = [0, 1, 2, 3];
        let first = cache.partition("t", &available, 4, &mut rng);
        for _ in 0..10 {
            assert_eq!(cache.partition("t", &available, 4, &mut rng), first);
        }
        // A new batch on another partition does not move the sticky partition.
        let other = (first + 1) % 4;
        assert_eq!(
            cache.next_partition("t", &available, 4, other, &mut rng),
            first
        );
        let moved = cache.next_partition("t", &available, 4, first, &mut rng);
        assert_ne!(moved, first);
        assert_eq!(cache.current("t"), Some(moved));
    }

    #[test]
    fn a_single_available_partition_is_always_chosen() {
        let mut rng = Rng::new(1);
        let mut cache = StickyPartitionCache::new();
        assert_eq!(cache.partition("t", &[2], 3, &mut rng), 2);
        assert_eq!(cache.next_partition("t", &[2], 3, 2, &mut rng), 2);
    }
}
