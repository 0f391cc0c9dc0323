//! [`ProducerStateEvent`]: what a partition leader reports about producers and transactions.

use super::append_info::CompletedTxn;

/// One change of a partition's producer state (Kafka logs most of these at debug level in
/// `ProducerStateManager`/`UnifiedLog`; kplay shows them).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ProducerStateEvent {
    /// A retried batch matched one of the producer's last five batches: acknowledged with
    /// the original offsets and not appended again (`UnifiedLog.append`, `maybeDuplicate`).
    DuplicateBatch {
        producer_id: i64,
        producer_epoch: i16,
        first_seq: i32,
        last_seq: i32,
        first_offset: i64,
        last_offset: i64,
    },
    /// A batch was refused: sequence gap, old epoch, stale coordinator, or a plain write
    /// inside a transaction. `error` is Kafka's error name, `message` the broker's text.
    BatchRefused {
        producer_id: i64,
        producer_epoch: i16,
        first_seq: i32,
        error: String,
        message: String,
    },
    /// The producer's epoch in this partition went up (its retained batches were dropped).
    EpochBumped {
        producer_id: i64,
        from: i16,
        to: i16,
    },
    /// A transactional producer wrote its first batch of a transaction here.
    TxnStarted { producer_id: i64, first_offset: i64 },
    /// A COMMIT or ABORT marker closed the producer's transaction here.
    TxnCompleted(CompletedTxn),
    /// The last stable offset moved (a transaction opened at the HW, or its marker landed).
    LastStableOffsetMoved { from: i64, to: i64 },
    /// `producer.id.expiration.ms` passed since the producer's last write (or kplay's cap on
    /// producers per partition was reached): its state is forgotten.
    ProducerExpired { producer_id: i64 },
}
