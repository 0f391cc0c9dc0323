//! [`ProducerEvent`]: everything a producer does that the UI can show, from a record's
//! partition choice to the delivery of its result.

use crate::engine::error_code::ErrorCode;
use crate::engine::record::Compression;

use super::partitioner::PartitionChoice;
use super::record::{BatchId, RecordId};
use super::transaction_manager::TransactionState;

/// Why a `send` is waiting (the calling thread would be blocked in `KafkaProducer.send`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BlockedOn {
    /// `waitOnMetadata`: the topic is not in the metadata.
    Metadata,
    /// `BufferPool.allocate`: `buffer.memory` is exhausted.
    Memory,
}

/// One thing a producer did.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ProducerEvent {
    /// A send waits (`max.block.ms` at most, until `deadline_ms`).
    SendBlocked {
        record_id: RecordId,
        on: BlockedOn,
        deadline_ms: i64,
    },
    /// A new batch was opened for a partition, with `write_limit` bytes of `buffer.memory`.
    BatchCreated {
        batch_id: BatchId,
        topic: String,
        partition: i32,
        write_limit: usize,
        compression: Compression,
    },
    /// A record went into a batch.
    RecordAppended {
        record_id: RecordId,
        batch_id: BatchId,
        choice: PartitionChoice,
    },
    /// A null-key sticky partition moved (either sticky partitioner).
    StickyPartitionChanged {
        topic: String,
        from: Option<i32>,
        to: i32,
    },
    /// A batch left the accumulator for a request: its size as sent, compressed or not.
    BatchDrained {
        batch_id: BatchId,
        records: usize,
        size_bytes: usize,
        uncompressed_estimate_bytes: usize,
        compression: Compression,
        base_sequence: i32,
        attempt: i32,
    },
    /// A request went out to a broker.
    RequestSent {
        correlation_id: i32,
        node: i32,
        api: String,
        batches: Vec<BatchId>,
    },
    /// A response came back.
    ResponseReceived {
        correlation_id: i32,
        node: i32,
        api: String,
    },
    /// `request.timeout.ms` passed without a response: the connection is closed and every
    /// request in flight on it fails (`NetworkClient.handleTimedOutRequests`).
    RequestTimedOut { correlation_id: i32, node: i32 },
    /// A response arrived for a request the producer no longer waits for.
    ResponseIgnored { correlation_id: i32, node: i32 },
    /// A batch failed with a retriable error and goes back to the accumulator.
    BatchRetried {
        batch_id: BatchId,
        error: ErrorCode,
        attempt: i32,
        backoff_ms: i64,
    },
    /// A batch reached `delivery.timeout.ms`.
    BatchExpired { batch_id: BatchId, message: String },
    /// A batch completed and its records' results went to their callbacks: record `i` of the
    /// batch (in `RecordAppended` order) is at `base_offset + i` (-1 if unknown), or every
    /// record failed with `error`.
    BatchCompleted {
        batch_id: BatchId,
        records: usize,
        base_offset: i64,
        error: Option<String>,
    },
    /// A record failed before it reached a batch (unknown topic, too large, invalid
    /// partition, memory never freed).
    RecordDelivered {
        record_id: RecordId,
        partition: i32,
        offset: i64,
        error: Option<String>,
    },
    /// The producer got its id and epoch (`InitProducerId`).
    ProducerIdAssigned { producer_id: i64, epoch: i16 },
    /// The idempotent producer bumped its epoch locally to restart sequences (KIP-360).
    EpochBumped { producer_id: i64, epoch: i16 },
    /// `TransactionManager` changed state.
    TransactionStateChanged {
        from: TransactionState,
        to: TransactionState,
        error: Option<String>,
    },
    /// `close()` was called: no more sends; what was sent is still delivered.
    Closed,
    /// A transactional call (`initTransactions`, `commitTransaction`...) completed.
    TransactionalOperationCompleted {
        operation: String,
        error: Option<String>,
    },
}
