//! [`TxnEvent`]: what the transaction coordinator and the producer id manager report.

use super::state::TransactionState;
use crate::engine::topic_partition::TopicPartition;

/// One change made by InitProducerId or the transaction coordinator.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TxnEvent {
    /// The broker took a new block of producer ids from the controller (`AllocateProducerIds`).
    ProducerIdBlockAllocated { first: i64, last: i64 },
    /// InitProducerId answered: a new producer id (or a new epoch of a transactional id's
    /// producer id). `transactional_id` is `None` for an idempotent producer.
    ProducerIdAllocated {
        transactional_id: Option<String>,
        producer_id: i64,
        producer_epoch: i16,
    },
    /// The epoch of a transactional id went up: any producer still using an older epoch is
    /// fenced (InitProducerId with the same transactional id, or a timed-out transaction).
    EpochBumped {
        transactional_id: String,
        producer_id: i64,
        from: i16,
        to: i16,
    },
    /// A request carried an epoch older than the transactional id's: `PRODUCER_FENCED`.
    RequestFenced {
        transactional_id: String,
        api: String,
        producer_epoch: i16,
        current_epoch: i16,
    },
    /// The transaction moved to another state; the new state was written to
    /// `__transaction_state` partition `txn_log_partition` at `txn_log_offset`.
    StateChanged {
        transactional_id: String,
        producer_id: i64,
        producer_epoch: i16,
        from: TransactionState,
        to: TransactionState,
        txn_log_partition: i32,
        txn_log_offset: i64,
    },
    /// Partitions joined the transaction (AddPartitionsToTxn, AddOffsetsToTxn).
    PartitionsAdded {
        transactional_id: String,
        partitions: Vec<TopicPartition>,
    },
    /// A COMMIT or ABORT marker was appended to a partition of the transaction
    /// (`WriteTxnMarkers`).
    MarkerWritten {
        transactional_id: String,
        producer_id: i64,
        producer_epoch: i16,
        committed: bool,
        partition: TopicPartition,
        offset: i64,
    },
    /// A partition of the transaction no longer exists (or never did, like the offsets topic
    /// before consumer groups): no marker is written there (`TransactionMarkerChannelManager`
    /// drops partitions whose leader is unknown).
    MarkerSkipped {
        transactional_id: String,
        partition: TopicPartition,
    },
    /// `transaction.timeout.ms` passed since the transaction started: the coordinator aborts
    /// it, fencing the producer's epoch (`abortTimedOutTransactions`).
    TimedOut {
        transactional_id: String,
        producer_id: i64,
        txn_start_timestamp_ms: i64,
        txn_timeout_ms: i32,
    },
    /// `transactional.id.expiration.ms` passed without a transaction: the id is forgotten and a
    /// tombstone written.
    TransactionalIdExpired { transactional_id: String },
}
