//! [`ProducerStateError`]: why a partition leader refuses a producer's batch or marker, with
//! the messages of Kafka's `ProducerAppendInfo` (3.x wording, transaction protocol v1).

use crate::engine::error_code::ErrorCode;

/// A refusal by `ProducerAppendInfo`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProducerStateError {
    /// `checkProducerEpoch`: the batch's epoch is older than the producer's last epoch.
    #[error("Epoch of producer {producer_id} at offset {offset} in {partition} is {epoch}, which is smaller than the last seen epoch {current_epoch}")]
    InvalidProducerEpoch {
        producer_id: i64,
        offset: i64,
        partition: String,
        epoch: i16,
        current_epoch: i16,
    },
    /// `checkSequence`: a new epoch must start at sequence 0.
    // Kafka's message lacks the space before "at offset"; kept as Kafka prints it.
    #[error("Invalid sequence number for new epoch of producer {producer_id}at offset {offset} in partition {partition}: {epoch} (request epoch), {first_seq} (seq. number), {current_epoch} (current producer epoch)")]
    NewEpochNotAtZero {
        producer_id: i64,
        offset: i64,
        partition: String,
        epoch: i16,
        first_seq: i32,
        current_epoch: i16,
    },
    /// `checkSequence`: the batch does not follow the producer's last sequence.
    #[error("Out of order sequence number for producer {producer_id} at offset {offset} in partition {partition}: {first_seq} (incoming seq. number), {current_last_seq} (current end sequence number)")]
    OutOfOrderSequence {
        producer_id: i64,
        offset: i64,
        partition: String,
        first_seq: i32,
        current_last_seq: i32,
    },
    /// `appendDataBatch`: a non-transactional batch while the producer's transaction is open.
    #[error("Expected transactional write from producer {producer_id} at offset (offset={offset}) in partition {partition}")]
    NonTransactionalWriteInTxn {
        producer_id: i64,
        offset: i64,
        partition: String,
    },
    /// `checkCoordinatorEpoch`: a marker from a coordinator older than the last one seen.
    #[error("Invalid coordinator epoch for producerId {producer_id} at offset {offset} in partition {partition}: {coordinator_epoch} (zombie), {current_coordinator_epoch} (current)")]
    CoordinatorFenced {
        producer_id: i64,
        offset: i64,
        partition: String,
        coordinator_epoch: i32,
        current_coordinator_epoch: i32,
    },
}

impl ProducerStateError {
    /// The error code the produce response carries (the exception's `Errors` entry).
    pub fn error_code(&self) -> ErrorCode {
        match self {
            ProducerStateError::InvalidProducerEpoch { .. } => ErrorCode::InvalidProducerEpoch,
            ProducerStateError::NewEpochNotAtZero { .. }
            | ProducerStateError::OutOfOrderSequence { .. } => ErrorCode::OutOfOrderSequenceNumber,
            ProducerStateError::NonTransactionalWriteInTxn { .. } => ErrorCode::InvalidTxnState,
            ProducerStateError::CoordinatorFenced { .. } => ErrorCode::TransactionCoordinatorFenced,
        }
    }
}
