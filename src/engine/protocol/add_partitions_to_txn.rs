//! AddPartitionsToTxn (API key 24): a transactional producer tells its coordinator which
//! partitions it is about to write, before its first batch to each.

use crate::engine::error_code::ErrorCode;
use crate::engine::topic_partition::TopicPartition;

/// `AddPartitionsToTxnRequest` (the client's v3 form: one transaction).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddPartitionsToTxnRequest {
    pub transactional_id: String,
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub partitions: Vec<TopicPartition>,
}

/// `AddPartitionsToTxnResponse`: an error per partition (Kafka answers
/// `OPERATION_NOT_ATTEMPTED` for the others when one fails).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddPartitionsToTxnResponse {
    pub results: Vec<(TopicPartition, ErrorCode)>,
}
