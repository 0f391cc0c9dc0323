//! EndTxn (API key 26): commit or abort. The coordinator writes `PrepareCommit`/`PrepareAbort`
//! to `__transaction_state`, then a COMMIT or ABORT control batch to every partition of the
//! transaction, then `CompleteCommit`/`CompleteAbort` (`TransactionCoordinator.handleEndTransaction`).

use crate::engine::error_code::ErrorCode;

/// `EndTxnRequest`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndTxnRequest {
    pub transactional_id: String,
    pub producer_id: i64,
    pub producer_epoch: i16,
    /// true to commit, false to abort.
    pub committed: bool,
}

/// `EndTxnResponse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndTxnResponse {
    pub error: ErrorCode,
}
