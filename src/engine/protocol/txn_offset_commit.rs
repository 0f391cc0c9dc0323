//! TxnOffsetCommit (API key 28): a transactional producer commits a consumer group's offsets
//! as part of its transaction (`sendOffsetsToTransaction`, KIP-98; member fields since
//! KIP-447). They become the group's committed offsets only when the transaction commits.

use crate::engine::error_code::ErrorCode;
use crate::engine::protocol::OffsetCommitRequestPartition;
use crate::engine::topic_partition::TopicPartition;

/// `TxnOffsetCommitRequest` (v3+ fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TxnOffsetCommitRequest {
    pub transactional_id: String,
    pub group_id: String,
    pub producer_id: i64,
    pub producer_epoch: i16,
    /// -1 from producers that do not send the group metadata (`ConsumerGroupMetadata`).
    pub generation_id: i32,
    /// Empty when unknown.
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub partitions: Vec<OffsetCommitRequestPartition>,
}

/// `TxnOffsetCommitResponse`: one error per partition, in the request's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TxnOffsetCommitResponse {
    pub partitions: Vec<(TopicPartition, ErrorCode)>,
}
