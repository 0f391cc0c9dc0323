//! Produce (API key 0): record batches for partitions of one or more topics.

use crate::engine::error_code::ErrorCode;
use crate::engine::topic_partition::TopicPartition;

/// `ProduceRequest`: one v2 record batch per partition (the Java producer sends exactly one
/// batch per partition per request, `Sender.sendProduceRequest`).
#[derive(Debug, Clone, PartialEq)]
pub struct ProduceRequest {
    /// Set by transactional producers; the broker checks the partitions were added.
    pub transactional_id: Option<String>,
    /// `acks`: 0, 1 or -1 (`all`).
    pub acks: i16,
    /// `request.timeout.ms` as sent: how long the broker may wait for `acks=all`.
    pub timeout_ms: i32,
    pub partitions: Vec<(TopicPartition, Vec<u8>)>,
}

/// `ProduceResponse.PartitionProduceResponse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionProduceResponse {
    pub error: ErrorCode,
    /// The broker's message for `error` (Kafka's `errorMessage`), if any.
    pub error_message: Option<String>,
    /// Offset of the first record of the batch; -1 on error.
    pub base_offset: i64,
    /// The append time for `LogAppendTime` topics, else -1.
    pub log_append_time_ms: i64,
    pub log_start_offset: i64,
}

/// `ProduceResponse`: one entry per partition of the request, in its order. A request with
/// `acks=0` gets no response at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProduceResponse {
    pub partitions: Vec<(TopicPartition, PartitionProduceResponse)>,
}
