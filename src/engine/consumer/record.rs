//! [`ConsumerRecord`]: one record as `poll()` returns it (Kafka's `ConsumerRecord`).

use crate::engine::record::Header;
use crate::engine::topic_partition::TopicPartition;

/// A record handed to the application.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ConsumerRecord {
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
    pub timestamp_ms: i64,
    pub key: Option<Vec<u8>>,
    pub value: Option<Vec<u8>>,
    /// `(key, value)` pairs in wire order.
    pub headers: Vec<(String, Option<Vec<u8>>)>,
}

impl ConsumerRecord {
    pub(crate) fn new(
        tp: &TopicPartition,
        record: crate::engine::completed_fetch::ConsumerRecord,
    ) -> ConsumerRecord {
        ConsumerRecord {
            topic: tp.topic.clone(),
            partition: tp.partition,
            offset: record.offset,
            timestamp_ms: record.timestamp_ms,
            key: record.key,
            value: record.value,
            headers: record
                .headers
                .into_iter()
                .map(|Header { key, value }| (key, value))
                .collect(),
        }
    }

    pub fn topic_partition(&self) -> TopicPartition {
        TopicPartition::new(&self.topic, self.partition)
    }

    /// The value as UTF-8 (lossy), for tests and the UI.
    pub fn value_str(&self) -> Option<String> {
        self.value
            .as_deref()
            .map(|v| String::from_utf8_lossy(v).into_owned())
    }
}
