//! ListOffsets (API key 2) as a consumer sends it: for each partition a timestamp or one of
//! Kafka's sentinels (`-2` earliest, `-1` latest), answered with an offset. A consumer uses it
//! for `auto.offset.reset`, `seekToBeginning` and `seekToEnd` (`OffsetFetcher`).
//!
//! The isolation level decides what "latest" is: the high watermark for `READ_UNCOMMITTED`,
//! the last stable offset for `READ_COMMITTED` (`Partition.fetchOffsetForTimestamp`).

use crate::engine::error_code::ErrorCode;
use crate::engine::topic_partition::TopicPartition;

use super::fetch::IsolationLevel;

/// `ListOffsetsRequest.EARLIEST_TIMESTAMP`.
pub const EARLIEST_TIMESTAMP: i64 = -2;
/// `ListOffsetsRequest.LATEST_TIMESTAMP`.
pub const LATEST_TIMESTAMP: i64 = -1;

/// `ListOffsetsRequest` from a consumer (replica id -1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListOffsetsRequest {
    pub isolation_level: IsolationLevel,
    /// Each partition with its target timestamp or sentinel.
    pub partitions: Vec<(TopicPartition, i64)>,
}

/// `ListOffsetsResponse.ListOffsetsPartitionResponse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListOffsetsPartitionResponse {
    pub error: ErrorCode,
    /// -1 for the sentinels and when nothing was found.
    pub timestamp: i64,
    /// -1 when no record has a timestamp at or after the target.
    pub offset: i64,
    pub leader_epoch: i32,
}

/// `ListOffsetsResponse`: one entry per requested partition, in request order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListOffsetsResponse {
    pub partitions: Vec<(TopicPartition, ListOffsetsPartitionResponse)>,
}
