//! [`ProducerView`]: a producer as plain data for renderers: its effective configs, its
//! producer id and epoch, what waits in its accumulator and what is in flight.

use super::Producer;
use crate::engine::topic_partition::TopicPartition;

/// Batches waiting in the accumulator for one partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedBatches {
    pub tp: TopicPartition,
    pub batches: usize,
    pub records: usize,
    pub bytes: usize,
}

/// One producer, as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProducerView {
    /// The producer's index in its playground.
    pub index: u32,
    pub client_id: String,
    pub closed: bool,
    /// `acks` as Kafka prints it (`all`, `1`, `0`).
    pub acks: &'static str,
    pub enable_idempotence: bool,
    pub transactional_id: Option<String>,
    /// `partitioner.class`, or `None` for the built-in partitioner.
    pub partitioner: Option<&'static str>,
    pub linger_ms: i64,
    pub batch_size: usize,
    pub compression: &'static str,
    pub max_in_flight: usize,
    /// -1 until InitProducerId answered (or without idempotence).
    pub producer_id: i64,
    pub producer_epoch: i16,
    /// `TransactionManager`'s state, for idempotent and transactional producers.
    pub transaction_state: Option<&'static str>,
    pub queued: Vec<QueuedBatches>,
    pub in_flight_requests: usize,
    pub buffer_used_bytes: u64,
    pub buffer_memory: u64,
    /// Records sent whose result has not come yet.
    pub undelivered_records: u64,
}

impl ProducerView {
    pub fn of(index: u32, p: &Producer) -> ProducerView {
        let config = p.config();
        let (producer_id, producer_epoch) = p.producer_id_and_epoch();
        let accumulator = p.accumulator();
        let queued = accumulator
            .partitions()
            .into_iter()
            .filter_map(|tp| {
                let ids = accumulator.queued(&tp);
                if ids.is_empty() {
                    return None;
                }
                let batches: Vec<_> = ids.iter().filter_map(|id| accumulator.batch(*id)).collect();
                Some(QueuedBatches {
                    tp,
                    batches: batches.len(),
                    records: batches.iter().map(|b| b.record_count()).sum(),
                    bytes: batches.iter().map(|b| b.estimated_size_in_bytes()).sum(),
                })
            })
            .collect();
        ProducerView {
            index,
            client_id: p.client_id().to_owned(),
            closed: p.is_closed(),
            acks: config.acks.name(),
            enable_idempotence: config.enable_idempotence,
            transactional_id: config.transactional_id.clone(),
            partitioner: config.partitioner.class_name(),
            linger_ms: config.linger_ms,
            batch_size: config.batch_size,
            compression: config.compression.name(),
            max_in_flight: config.max_in_flight_requests_per_connection,
            producer_id,
            producer_epoch,
            transaction_state: p.transaction_state().map(|s| s.name()),
            queued,
            in_flight_requests: p.in_flight().total(),
            buffer_used_bytes: accumulator.used_memory(),
            buffer_memory: config.buffer_memory,
            undelivered_records: p.undelivered_records(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::log::testing::TestStorage;
    use crate::engine::playground::{Playground, PlaygroundConfig};
    use crate::engine::producer::record::ProducerRecord;
    use crate::engine::profile::VersionProfile;

    #[test]
    fn shows_configs_and_the_batch_waiting_for_linger() {
        let mut pg = Playground::new(
            PlaygroundConfig::new(3, VersionProfile::Kafka2_5),
            TestStorage::new(),
            0,
        );
        let id = pg.create_producer(&[("linger.ms", "500")], 0).unwrap();
        pg.send(id, ProducerRecord::keyed("t", b"k", b"v"), 0)
            .unwrap();
        let view = ProducerView::of(id, pg.producer(id).unwrap());
        assert_eq!(view.client_id, "producer-1");
        assert_eq!(view.acks, "1");
        assert!(!view.enable_idempotence);
        assert_eq!(
            view.partitioner,
            Some("org.apache.kafka.clients.producer.internals.DefaultPartitioner")
        );
        assert_eq!(view.queued.len(), 1);
        assert_eq!(view.queued[0].records, 1);
        assert_eq!(view.undelivered_records, 1);
        pg.pass_time(600);
        let view = ProducerView::of(id, pg.producer(id).unwrap());
        assert!(view.queued.is_empty());
        assert_eq!(view.undelivered_records, 0);
    }
}
