//! The built-in uniform sticky partitioner of Kafka 3.3+ (`BuiltInPartitioner`, KIP-794).
//!
//! One instance per topic, owned by the accumulator (`RecordAccumulator.TopicInfo`). Records
//! without a key (or all records with `partitioner.ignore.keys=true`) go to the current sticky
//! partition; after each append the bytes produced there are counted, and once they reach
//! `batch.size` the partitioner switches to a new partition (`updatePartitionInfo`). The
//! switch is held back while the partition's last batch is not full, but never beyond
//! `2 * batch.size` bytes, so switches line up with batch boundaries.
//!
//! The next partition is uniform over the available partitions, unless
//! `partitioner.adaptive.partitioning.enable` (default true) has given it load statistics:
//! then a partition's chance is inversely related to its queue of unsent batches
//! (`updatePartitionLoadStats`, a cumulative frequency table searched with a random number).

use crate::engine::rng::Rng;

use super::sticky::random_positive;

/// `BuiltInPartitioner.StickyPartitionInfo`: the sticky partition and the bytes produced to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StickyPartitionInfo {
    pub index: i32,
    pub produced_bytes: i32,
}

/// How the partitioner chose its current sticky partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum StickyPick {
    /// Uniformly among the available partitions.
    Uniform { available: i32 },
    /// Weighted by queue sizes (adaptive partitioning): `weight` out of `total`.
    Adaptive { weight: i32, total: i32 },
}

/// `BuiltInPartitioner.PartitionLoadStats`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PartitionLoadStats {
    cumulative_frequency_table: Vec<i32>,
    partition_ids: Vec<i32>,
}

/// `BuiltInPartitioner` for one topic.
#[derive(Debug, Clone)]
pub struct BuiltInPartitioner {
    sticky_batch_size: i32,
    sticky: Option<StickyPartitionInfo>,
    pick: StickyPick,
    load_stats: Option<PartitionLoadStats>,
}

impl BuiltInPartitioner {
    /// # Panics
    /// If `sticky_batch_size < 1`, as Kafka's constructor refuses it.
    pub fn new(sticky_batch_size: i32) -> BuiltInPartitioner {
        assert!(
            sticky_batch_size >= 1,
            "stickyBatchSize must be >= 1 but got {sticky_batch_size}"
        );
        BuiltInPartitioner {
            sticky_batch_size,
            sticky: None,
            pick: StickyPick::Uniform { available: 0 },
            load_stats: None,
        }
    }

    /// `nextPartition`: a uniform pick among available partitions, or a weighted one.
    fn next_partition(&mut self, available: &[i32], num_partitions: i32, rng: &mut Rng) -> i32 {
        let random = random_positive(rng);
        match &self.load_stats {
            None => {
                self.pick = StickyPick::Uniform {
                    available: available.len() as i32,
                };
                if available.is_empty() {
                    random % num_partitions
                } else {
                    available[random as usize % available.len()]
                }
            }
            Some(stats) => {
                let cft = &stats.cumulative_frequency_table;
                let total = *cft.last().expect("load stats are built with length >= 1");
                let weighted = random % total;
                // The first value strictly greater than `weighted`.
                let index = cft.partition_point(|&v| v <= weighted);
                let previous = if index == 0 { 0 } else { cft[index - 1] };
                self.pick = StickyPick::Adaptive {
                    weight: cft[index] - previous,
                    total,
                };
                stats.partition_ids[index]
            }
        }
    }

    /// `peekCurrentPartitionInfo`: the sticky partition, drawing one if there is none yet.
    pub fn peek_current_partition_info(
        &mut self,
        available: &[i32],
        num_partitions: i32,
        rng: &mut Rng,
    ) -> StickyPartitionInfo {
        if let Some(info) = self.sticky {
            return info;
        }
        let index = self.next_partition(available, num_partitions, rng);
        let info = StickyPartitionInfo {
            index,
            produced_bytes: 0,
        };
        self.sticky = Some(info);
        info
    }

    /// How the current sticky partition was chosen.
    pub fn pick(&self) -> StickyPick {
        self.pick
    }

    /// The bytes of `batch.size` after which the partition switches.
    pub fn sticky_batch_size(&self) -> i32 {
        self.sticky_batch_size
    }

    /// `updatePartitionInfo`: counts `appended_bytes` and switches once enough was produced.
    /// Returns the new partition when it switched.
    pub fn update_partition_info(
        &mut self,
        appended_bytes: i32,
        enable_switch: bool,
        available: &[i32],
        num_partitions: i32,
        rng: &mut Rng,
    ) -> Option<i32> {
        let info = self.sticky.as_mut()?;
        info.produced_bytes = info.produced_bytes.saturating_add(appended_bytes);
        let produced = info.produced_bytes;
        if (produced >= self.sticky_batch_size && enable_switch)
            || produced >= self.sticky_batch_size.saturating_mul(2)
        {
            let index = self.next_partition(available, num_partitions, rng);
            self.sticky = Some(StickyPartitionInfo {
                index,
                produced_bytes: 0,
            });
            return Some(index);
        }
        None
    }

    /// `updatePartitionLoadStats`: `queue_sizes[i]` is the number of batches queued for
    /// `partition_ids[i]`; only the first `length` entries are available partitions.
    /// `None` (adaptive partitioning off or not all partitions seen yet) clears the stats.
    pub fn update_partition_load_stats(
        &mut self,
        queue_sizes: Option<(Vec<i32>, Vec<i32>)>,
        length: usize,
    ) {
        let Some((mut queue_sizes, partition_ids)) = queue_sizes else {
            self.load_stats = None;
            return;
        };
        if length < 1 || queue_sizes.len() < 2 {
            self.load_stats = None;
            return;
        }
        let mut max_size_plus_1 = queue_sizes[0];
        let mut all_equal = true;
        for &size in &queue_sizes[1..length] {
            if size != max_size_plus_1 {
                all_equal = false;
            }
            max_size_plus_1 = max_size_plus_1.max(size);
        }
        max_size_plus_1 += 1;
        if all_equal && length == queue_sizes.len() {
            self.load_stats = None;
            return;
        }
        queue_sizes[0] = max_size_plus_1 - queue_sizes[0];
        for i in 1..length {
            queue_sizes[i] = max_size_plus_1 - queue_sizes[i] + queue_sizes[i - 1];
        }
        queue_sizes.truncate(length);
        let mut partition_ids = partition_ids;
        partition_ids.truncate(length);
        self.load_stats = Some(PartitionLoadStats {
            cumulative_frequency_table: queue_sizes,
            partition_ids,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switches_after_batch_size_bytes_when_allowed() {
        let mut rng = Rng::new(9);
        let mut p = BuiltInPartitioner::new(100);
        let available = [0, 1, 2];
        let first = p.peek_current_partition_info(&available, 3, &mut rng).index;
        assert_eq!(
            p.update_partition_info(60, true, &available, 3, &mut rng),
            None
        );
        assert!(p
            .update_partition_info(40, true, &available, 3, &mut rng)
            .is_some());
        let second = p.peek_current_partition_info(&available, 3, &mut rng);
        assert_eq!(second.produced_bytes, 0);
        let _ = first;
    }

    #[test]
    fn a_disabled_switch_waits_until_twice_the_batch_size() {
        let mut rng = Rng::new(9);
        let mut p = BuiltInPartitioner::new(100);
        let available = [0, 1];
        p.peek_current_partition_info(&available, 2, &mut rng);
        assert_eq!(
            p.update_partition_info(150, false, &available, 2, &mut rng),
            None
        );
        assert!(p
            .update_partition_info(50, false, &available, 2, &mut rng)
            .is_some());
    }

    #[test]
    fn load_stats_favour_short_queues() {
        // Kafka's example: queue sizes 0 3 1 give the table 4 5 8.
        let mut p = BuiltInPartitioner::new(100);
        p.update_partition_load_stats(Some((vec![0, 3, 1], vec![0, 1, 2])), 3);
        let stats = p.load_stats.clone().unwrap();
        assert_eq!(stats.cumulative_frequency_table, vec![4, 5, 8]);
        let mut rng = Rng::new(5);
        let mut counts = [0; 3];
        for _ in 0..8000 {
            counts[p.next_partition(&[0, 1, 2], 3, &mut rng) as usize] += 1;
        }
        assert!(counts[0] > counts[2] && counts[2] > counts[1], "{counts:?}");
        // Equal queues: back to uniform.
        p.update_partition_load_stats(Some((vec![2, 2, 2], vec![0, 1, 2])), 3);
        assert!(p.load_stats.is_none());
    }
}
