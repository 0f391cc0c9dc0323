//! `AbstractStickyAssignor.PartitionMovements`: which partitions moved between which members
//! during one run of the general sticky algorithm.
//!
//! The general algorithm asks it which partition to actually move
//! ([`PartitionMovements::get_the_actual_partition_to_be_moved`]): if the destination member
//! already gave a partition of the same topic to the source member in this run, that
//! partition moves back instead, so no partition of a topic shuttles between two members. The
//! choice is the first element of a Java `HashSet<TopicPartition>`, hence
//! [`JavaHashMap`]-as-set here.

use std::collections::BTreeMap;

use super::java_collections::JavaHashMap;
use crate::engine::topic_partition::TopicPartition;

/// `AbstractStickyAssignor.ConsumerPair`: a partition moved from `src` to `dst`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ConsumerPair {
    pub src_member_id: String,
    pub dst_member_id: String,
}

impl ConsumerPair {
    fn new(src: &str, dst: &str) -> Self {
        ConsumerPair {
            src_member_id: src.to_owned(),
            dst_member_id: dst.to_owned(),
        }
    }
}

/// `PartitionMovements`.
#[derive(Debug, Default)]
pub struct PartitionMovements {
    partition_movements_by_topic:
        BTreeMap<String, BTreeMap<ConsumerPair, JavaHashMap<TopicPartition, ()>>>,
    partition_movements: BTreeMap<TopicPartition, ConsumerPair>,
}

impl PartitionMovements {
    fn remove_movement_record_of_partition(&mut self, partition: &TopicPartition) -> ConsumerPair {
        let pair = self
            .partition_movements
            .remove(partition)
            .expect("called only for a partition with a movement record");
        let for_topic = self
            .partition_movements_by_topic
            .get_mut(&partition.topic)
            .expect("a recorded movement is indexed by its topic");
        let set = for_topic
            .get_mut(&pair)
            .expect("a recorded movement is indexed by its pair");
        set.remove(partition);
        if set.is_empty() {
            for_topic.remove(&pair);
        }
        if for_topic.is_empty() {
            self.partition_movements_by_topic.remove(&partition.topic);
        }
        pair
    }

    fn add_partition_movement_record(&mut self, partition: TopicPartition, pair: ConsumerPair) {
        self.partition_movements
            .insert(partition.clone(), pair.clone());
        self.partition_movements_by_topic
            .entry(partition.topic.clone())
            .or_default()
            .entry(pair)
            .or_default()
            .put(partition, ());
    }

    /// `movePartition(partition, oldConsumer, newConsumer)`.
    pub fn move_partition(&mut self, partition: &TopicPartition, old: &str, new: &str) {
        if self.partition_movements.contains_key(partition) {
            // This partition has moved before in this run.
            let existing = self.remove_movement_record_of_partition(partition);
            if existing.src_member_id != new {
                // Not moving back to its previous member.
                self.add_partition_movement_record(
                    partition.clone(),
                    ConsumerPair::new(&existing.src_member_id, new),
                );
            }
        } else {
            self.add_partition_movement_record(partition.clone(), ConsumerPair::new(old, new));
        }
    }

    /// `getTheActualPartitionToBeMoved(partition, oldConsumer, newConsumer)`.
    pub fn get_the_actual_partition_to_be_moved(
        &self,
        partition: &TopicPartition,
        old: &str,
        new: &str,
    ) -> TopicPartition {
        let Some(for_topic) = self.partition_movements_by_topic.get(&partition.topic) else {
            return partition.clone();
        };
        let old = match self.partition_movements.get(partition) {
            Some(pair) => pair.src_member_id.as_str(),
            None => old,
        };
        let reverse = ConsumerPair::new(new, old);
        match for_topic.get(&reverse).and_then(|set| set.first_key()) {
            Some(tp) => tp.clone(),
            None => partition.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partition_moving_back_cancels_its_record() {
        let mut movements = PartitionMovements::default();
        let t0p0 = TopicPartition::new("t0", 0);
        movements.move_partition(&t0p0, "a", "b");
        // Moving another t0 partition from b to a moves t0p0 back instead.
        let t0p1 = TopicPartition::new("t0", 1);
        assert_eq!(
            movements.get_the_actual_partition_to_be_moved(&t0p1, "b", "a"),
            t0p0
        );
        movements.move_partition(&t0p0, "b", "a");
        assert!(movements.partition_movements.is_empty());
        assert!(movements.partition_movements_by_topic.is_empty());
        assert_eq!(
            movements.get_the_actual_partition_to_be_moved(&t0p1, "b", "a"),
            t0p1
        );
    }
}
