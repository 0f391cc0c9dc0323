//! AddOffsetsToTxn (API key 25): a transactional producer adds a consumer group's offsets
//! partition to its transaction before `sendOffsetsToTransaction` (consume-transform-produce).

use crate::engine::error_code::ErrorCode;

/// `AddOffsetsToTxnRequest`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddOffsetsToTxnRequest {
    pub transactional_id: String,
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub group_id: String,
}

/// `AddOffsetsToTxnResponse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddOffsetsToTxnResponse {
    pub error: ErrorCode,
}
