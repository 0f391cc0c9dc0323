//! OffsetCommit (API key 8): a member (or a standalone consumer, generation -1) stores
//! consumed positions for a group.

use crate::engine::error_code::ErrorCode;
use crate::engine::topic_partition::TopicPartition;

/// `OffsetCommitRequest.OffsetCommitRequestPartition`, flattened with its topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetCommitRequestPartition {
    pub topic_partition: TopicPartition,
    /// The next offset to consume.
    pub committed_offset: i64,
    /// v6+: the leader epoch of the last consumed record, -1 if unknown.
    pub committed_leader_epoch: i32,
    /// `OffsetAndMetadata.metadata()`; Kafka stores null as the empty string.
    pub committed_metadata: Option<String>,
}

/// `OffsetCommitRequest` (v8+ fields; no retention time, removed in v5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetCommitRequest {
    pub group_id: String,
    /// -1 for a consumer that uses the group only to store offsets.
    pub generation_id_or_member_epoch: i32,
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub partitions: Vec<OffsetCommitRequestPartition>,
}

/// `OffsetCommitResponse`: one error per partition, in the request's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetCommitResponse {
    pub partitions: Vec<(TopicPartition, ErrorCode)>,
}
