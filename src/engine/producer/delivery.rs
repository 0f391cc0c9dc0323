//! [`DeliveryResult`]: what a send's callback receives, exactly once per record
//! (`Callback.onCompletion(RecordMetadata, Exception)`).
//!
//! The offset is the batch's base offset plus the record's index in the batch, or -1 when the
//! broker did not say (`acks=0`) or the send failed (`RecordMetadata`: "ignore the batchIndex
//! if the base offset is -1, since this indicates the offset is unknown"). The timestamp is the
//! broker's log append time for `LogAppendTime` topics, else the record's create time
//! (`FutureRecordMetadata.value`).

use std::sync::Arc;

use super::error::ProducerError;
use super::partitioner::PartitionChoice;
use super::record::RecordId;

/// `ProduceResponse.INVALID_OFFSET`: the offset of a record whose offset is unknown.
pub const UNKNOWN_OFFSET: i64 = -1;

/// The outcome of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryResult {
    pub record_id: RecordId,
    /// The topic (shared by the records of a batch).
    pub topic: Arc<str>,
    /// The partition the record was assigned (-1 if it never got one, e.g. unknown topic).
    pub partition: i32,
    /// The record's offset, or [`UNKNOWN_OFFSET`].
    pub offset: i64,
    pub timestamp_ms: i64,
    pub serialized_key_size: i32,
    pub serialized_value_size: i32,
    /// Why the record went to its partition (absent if it was never partitioned).
    pub choice: Option<PartitionChoice>,
    /// `None` on success; the exception the callback would get otherwise.
    pub error: Option<ProducerError>,
}

impl DeliveryResult {
    pub fn is_ok(&self) -> bool {
        self.error.is_none()
    }
}
