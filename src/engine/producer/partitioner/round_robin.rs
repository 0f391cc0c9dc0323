//! `RoundRobinPartitioner`: every record goes to the next partition in turn, keys ignored.
//!
//! Kafka keeps one counter per topic and takes `toPositive(counter++) % available.size()`
//! over the partitions that have a leader (all partitions if none has). Kafka documents a
//! known unevenness (KAFKA-9965): `KafkaProducer` calls `partition()` twice when an append
//! needs a new batch (`onNewBatch` then partition again), which skips a partition each time.
//! kplay reproduces the double call, so the skip is visible to learners as in Kafka before
//! 3.3 fixed the sticky partitioners but not this one.

use std::collections::BTreeMap;

use super::murmur2::to_positive;

/// The per-topic counters of a `RoundRobinPartitioner`.
#[derive(Debug, Clone, Default)]
pub struct RoundRobinPartitioner {
    topic_counter_map: BTreeMap<String, i32>,
}

/// Which partition a round-robin pick chose, and from which counter value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoundRobinPick {
    pub partition: i32,
    pub counter: i32,
    pub available: i32,
}

impl RoundRobinPartitioner {
    pub fn new() -> RoundRobinPartitioner {
        RoundRobinPartitioner::default()
    }

    /// `partition(topic, ...)`.
    pub fn partition(
        &mut self,
        topic: &str,
        available: &[i32],
        num_partitions: i32,
    ) -> RoundRobinPick {
        let counter = match self.topic_counter_map.get_mut(topic) {
            Some(c) => c,
            None => self.topic_counter_map.entry(topic.to_owned()).or_insert(0),
        };
        let next_value = *counter;
        *counter = counter.wrapping_add(1);
        if available.is_empty() {
            RoundRobinPick {
                partition: to_positive(next_value) % num_partitions,
                counter: next_value,
                available: 0,
            }
        } else {
            let index = to_positive(next_value) as usize % available.len();
            RoundRobinPick {
                partition: available[index],
                counter: next_value,
                available: available.len() as i32,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_through_available_partitions() {
        let mut rr = RoundRobinPartitioner::new();
        let got: Vec<i32> = (0..7)
            .map(|_| rr.partition("t", &[0, 1, 2], 3).partition)
            .collect();
        assert_eq!(got, vec![0, 1, 2, 0, 1, 2, 0]);
        // Topics count separately.
        assert_eq!(rr.partition("u", &[0, 1], 2).partition, 0);
    }
}
