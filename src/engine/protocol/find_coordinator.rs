//! FindCoordinator (API key 10): which broker coordinates a group or a transactional id.

use crate::engine::error_code::ErrorCode;

/// `FindCoordinatorRequest.keyType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CoordinatorType {
    /// 0: a consumer group (`__consumer_offsets`).
    Group,
    /// 1: a transactional id (`__transaction_state`).
    Transaction,
}

/// `FindCoordinatorRequest`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindCoordinatorRequest {
    pub key: String,
    pub key_type: CoordinatorType,
}

/// `FindCoordinatorResponse`: the coordinator is the leader of the internal topic's partition
/// `Utils.abs(key.hashCode()) % partitionCount`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindCoordinatorResponse {
    pub error: ErrorCode,
    pub node_id: i32,
}
