//! Kafka's record-batch v2 format (magic 2), byte for byte.
//!
//! The unit Kafka stores, replicates and fetches is the *record batch*
//! (`org.apache.kafka.common.record.DefaultRecordBatch`): a 61-byte header (offsets, timestamps,
//! producer id/epoch/sequence, attributes, a CRC-32C) followed by records (`DefaultRecord`)
//! whose offsets and timestamps are varint deltas, possibly compressed as one stream.
//! A log segment's `.log` file is nothing but batches back to back.
//!
//! * write: [`BatchBuilder`] (`MemoryRecordsBuilder`), [`control_batch`] (transaction markers);
//! * read: [`batches`] walks and validates a buffer of batches, [`RawBatch::records`] iterates
//!   records without copying, [`RecordBatch::decode`] decodes into owned values;
//! * edit in place as the broker does: [`set_base_offset`], [`set_partition_leader_epoch`],
//!   [`set_log_append_time`].

pub mod attributes;
pub mod batch;
pub mod batch_header;
pub mod batch_iter;
pub mod builder;
pub mod codec;
pub mod compression;
pub mod control;
pub mod error;
pub mod header;
pub mod layout;
// proptest is a host-only dev-dependency: unit tests run natively.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod proptests;
pub mod raw_batch;
// Named after the contract (`record.rs` holds `DefaultRecord`); the parent is the format.
#[allow(clippy::module_inception)]
pub mod record;
pub mod record_iter;
pub mod record_ref;
pub mod rewrite;
pub mod sequence;
pub mod timestamp_type;
pub mod varint;

pub use attributes::BatchAttributes;
pub use batch::RecordBatch;
pub use batch_header::{BatchHeader, RECORD_BATCH_OVERHEAD};
pub use batch_iter::{batches, BatchIter};
pub use builder::{empty_batch, BatchBuilder};
pub use compression::{Compression, MAX_DECOMPRESSED_RECORDS_BYTES};
pub use control::{control_batch, ControlRecordType, EndTransactionMarker};
pub use error::RecordError;
pub use header::{Header, HeaderRef};
pub use raw_batch::RawBatch;
pub use record::Record;
pub use record_iter::{BatchRecords, RecordIter};
pub use record_ref::{HeaderIter, RecordRef};
pub use rewrite::{
    set_base_offset, set_last_offset, set_log_append_time, set_partition_leader_epoch,
};
pub use sequence::{decrement_sequence, increment_sequence};
pub use timestamp_type::TimestampType;
