//! InitProducerId (API key 22): a producer id and epoch for an idempotent or transactional
//! producer (`ProducerIdManager`, `TransactionCoordinator.handleInitProducerId`).

use crate::engine::error_code::ErrorCode;

/// `InitProducerIdRequest`. An idempotent producer sends no transactional id and is answered
/// by any broker; a transactional one asks its transaction coordinator, which bumps the epoch
/// and so fences older producers with the same id (KIP-98; KIP-360 for `producer_id`/`epoch`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitProducerIdRequest {
    pub transactional_id: Option<String>,
    /// `transaction.timeout.ms`.
    pub transaction_timeout_ms: i32,
    /// The current producer id when re-initialising (KIP-360), else -1.
    pub producer_id: i64,
    /// The current epoch when re-initialising, else -1.
    pub producer_epoch: i16,
}

/// `InitProducerIdResponse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitProducerIdResponse {
    pub error: ErrorCode,
    pub producer_id: i64,
    pub producer_epoch: i16,
}
