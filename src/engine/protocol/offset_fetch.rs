//! OffsetFetch (API key 9): a group's committed offsets.

use crate::engine::error_code::ErrorCode;
use crate::engine::topic_partition::TopicPartition;

/// `OffsetFetchRequest` for one group (v8+ batches groups; kplay sends one per request).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetFetchRequest {
    pub group_id: String,
    /// `None` for all the group's committed offsets.
    pub partitions: Option<Vec<TopicPartition>>,
    /// v7+: `isolation.level=read_committed` consumers wait for pending transactional commits.
    pub require_stable: bool,
}

/// `OffsetFetchResponse.OffsetFetchResponsePartition`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetFetchResponsePartition {
    pub topic_partition: TopicPartition,
    /// -1 when the group has no offset for the partition.
    pub committed_offset: i64,
    pub committed_leader_epoch: i32,
    pub metadata: Option<String>,
    pub error: ErrorCode,
}

/// `OffsetFetchResponse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetFetchResponse {
    pub error: ErrorCode,
    pub partitions: Vec<OffsetFetchResponsePartition>,
}
