//! The broker's per-partition producer state: Kafka's `ProducerStateManager`,
//! `ProducerStateEntry`, `ProducerAppendInfo` and `BatchMetadata`
//! (`storage/src/main/java/org/apache/kafka/storage/internals/log/`).
//!
//! For every producer id that wrote to a partition the leader keeps the producer's epoch, the
//! metadata of its last [`NUM_BATCHES_TO_RETAIN`] batches (sequence range and offsets), the
//! coordinator epoch of its last marker and the first offset of its open transaction. With it
//! the leader (`UnifiedLog.analyzeAndValidateProducerState`):
//! - acknowledges a retried batch it already has with the original offsets, without a second
//!   append (the duplicate check of `ProducerStateEntry.findDuplicateBatch`);
//! - refuses a sequence gap with `OUT_OF_ORDER_SEQUENCE_NUMBER` and an older epoch with
//!   `INVALID_PRODUCER_EPOCH` (`ProducerAppendInfo.checkSequence` / `checkProducerEpoch`);
//! - tracks where each open transaction starts, which holds the last stable offset back.
//!
//! Map: [`entry`] (one producer), [`append_info`] (validating one append), [`manager`] (the
//! partition's producers, expiration, rebuilding from the log), [`error`], [`event`].

pub mod append_info;
pub mod entry;
pub mod error;
pub mod event;
pub mod manager;

pub use append_info::{CompletedTxn, ProducerAppendInfo};
pub use entry::{BatchMetadata, ProducerStateEntry, NUM_BATCHES_TO_RETAIN};
pub use error::ProducerStateError;
pub use event::ProducerStateEvent;
pub use manager::ProducerStateManager;
