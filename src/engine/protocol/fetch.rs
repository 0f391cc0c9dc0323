//! Fetch (API key 1) as a consumer sends it: partitions, offsets, and the isolation level
//! that decides how far it reads (KIP-98).
//!
//! With `READ_COMMITTED` the broker returns data only below the last stable offset and lists
//! the aborted transactions overlapping what it returned (`FetchResponse.AbortedTransaction`:
//! producer id and first offset), which the consumer uses to drop aborted records
//! ([`crate::engine::completed_fetch`]). With `READ_UNCOMMITTED` it reads up to the high
//! watermark and the list is null.

use crate::engine::error_code::ErrorCode;
use crate::engine::topic_partition::TopicPartition;

/// `IsolationLevel` (`isolation.level`), with its wire ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum IsolationLevel {
    /// 0: everything up to the high watermark, aborted records included.
    ReadUncommitted,
    /// 1: up to the last stable offset, aborted records skipped by the consumer.
    ReadCommitted,
}

/// One partition of a `FetchRequest`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchPartition {
    pub tp: TopicPartition,
    pub fetch_offset: i64,
    /// `partitionMaxBytes`.
    pub partition_max_bytes: i32,
}

/// `FetchRequest` from a consumer (replica id -1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchRequest {
    /// `fetch.max.wait.ms`. kplay answers at once (no fetch purgatory yet).
    pub max_wait_ms: i32,
    /// `fetch.min.bytes`. See `max_wait_ms`.
    pub min_bytes: i32,
    /// `fetch.max.bytes`: the response's limit over all partitions.
    pub max_bytes: i32,
    pub isolation_level: IsolationLevel,
    pub partitions: Vec<FetchPartition>,
}

/// `FetchResponse.AbortedTransaction`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AbortedTransaction {
    pub producer_id: i64,
    pub first_offset: i64,
}

/// `FetchResponse.PartitionData`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchPartitionResponse {
    pub error: ErrorCode,
    pub high_watermark: i64,
    pub last_stable_offset: i64,
    pub log_start_offset: i64,
    /// `None` (null) for `READ_UNCOMMITTED`; the overlapping aborted transactions otherwise.
    pub aborted_transactions: Option<Vec<AbortedTransaction>>,
    /// Whole record batches (the first may start before `fetch_offset`).
    pub records: Vec<u8>,
}

/// `FetchResponse`: one entry per requested partition, in request order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchResponse {
    pub partitions: Vec<(TopicPartition, FetchPartitionResponse)>,
}
