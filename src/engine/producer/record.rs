//! [`ProducerRecord`]: what an application hands to `send`, as Kafka's `ProducerRecord`, and
//! the [`RecordId`] the producer answers with.

use crate::engine::record::Header;

/// A record to send. Keys and values are already serialized (kplay's serializers are the
/// identity on bytes; the CLI and UI encode strings as UTF-8, as `StringSerializer` does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProducerRecord {
    pub topic: String,
    /// An explicit partition; `None` lets the partitioner choose.
    pub partition: Option<i32>,
    /// `None` is a null key (no key), distinct from an empty key, which is hashed.
    pub key: Option<Vec<u8>>,
    pub value: Option<Vec<u8>>,
    pub headers: Vec<Header>,
    /// The record's timestamp; `None` takes the producer's clock at send (`KafkaProducer.doSend`).
    pub timestamp_ms: Option<i64>,
}

impl ProducerRecord {
    /// A record with a value only.
    pub fn new(topic: &str, value: &[u8]) -> ProducerRecord {
        ProducerRecord {
            topic: topic.to_owned(),
            partition: None,
            key: None,
            value: Some(value.to_vec()),
            headers: Vec::new(),
            timestamp_ms: None,
        }
    }

    /// A record with a key and a value.
    pub fn keyed(topic: &str, key: &[u8], value: &[u8]) -> ProducerRecord {
        ProducerRecord {
            key: Some(key.to_vec()),
            ..ProducerRecord::new(topic, value)
        }
    }

    /// The same record aimed at `partition`.
    pub fn to_partition(mut self, partition: i32) -> ProducerRecord {
        self.partition = Some(partition);
        self
    }
}

/// Names one record sent by one producer, in send order; its delivery result carries it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct RecordId(pub u64);

/// Names one batch of one producer (the UI follows a batch from creation to delivery).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct BatchId(pub u64);
