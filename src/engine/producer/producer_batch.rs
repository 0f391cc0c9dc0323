//! [`ProducerBatch`]: records bound for one partition, collected until sent (Kafka's
//! `ProducerBatch` over a `MemoryRecordsBuilder`).
//!
//! A batch is open while records are appended ([`ProducerBatch::try_append`], Kafka's
//! `tryAppend` with `MemoryRecordsBuilder.hasRoomFor`), closed when drained for its first send
//! (`close`, which writes the v2 bytes with the producer id, epoch and base sequence), and the
//! same bytes are resent on every retry, so a retry keeps its sequence. Sizes follow Kafka's
//! estimates: the write limit is the buffer allocated for the batch, `max(batch.size, upper
//! bound of the first record)`, and a compressed batch's size is estimated from the
//! uncompressed bytes times 1.05 (`estimatedCompressionRatio` starts at 1.0).

use std::sync::Arc;

use crate::engine::record::batch_header::{
    BASE_SEQUENCE_OFFSET, NO_SEQUENCE, PRODUCER_EPOCH_OFFSET, PRODUCER_ID_OFFSET,
};
use crate::engine::record::record::record_size_in_bytes;
use crate::engine::record::rewrite::update_crc;
use crate::engine::record::{
    BatchBuilder, Compression, Header, TimestampType, RECORD_BATCH_OVERHEAD,
};
use crate::engine::topic_partition::TopicPartition;

use super::partitioner::PartitionChoice;
use super::record::{BatchId, RecordId};

/// One record inside a batch, with what its delivery result needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRecord {
    pub record_id: RecordId,
    pub timestamp_ms: i64,
    pub choice: PartitionChoice,
    pub key_size: i32,
    pub value_size: i32,
}

/// `AbstractRecords.estimateSizeInBytesUpperBound` for magic v2: the batch overhead plus the
/// record with the largest possible varints (`DefaultRecord.recordSizeUpperBound`).
pub fn estimate_size_in_bytes_upper_bound(
    key: Option<&[u8]>,
    value: Option<&[u8]>,
    headers: &[Header],
) -> usize {
    RECORD_BATCH_OVERHEAD + record_size_in_bytes(i32::MAX, i64::MAX, key, value, headers)
}

/// Records for one partition.
#[derive(Debug, Clone)]
pub struct ProducerBatch {
    pub id: BatchId,
    pub tp: TopicPartition,
    /// The topic name shared with the batch's delivery results.
    pub topic: Arc<str>,
    pub compression: Compression,
    builder: Option<BatchBuilder>,
    built: Option<Vec<u8>>,
    pub records: Vec<BatchRecord>,
    base_timestamp_ms: Option<i64>,
    /// The buffer allocated from `buffer.memory` (`initialCapacity`).
    pub write_limit: usize,
    pub created_ms: i64,
    /// When the batch was created or last re-enqueued for a retry (`lastAttemptMs`).
    pub last_attempt_ms: i64,
    /// The backoff drawn for the current retry (0 before the first retry).
    pub retry_backoff_ms: i64,
    /// Sends so far that failed and were retried (`attempts`).
    pub attempts: i32,
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub base_sequence: i32,
    pub is_transactional: bool,
    closed_for_appends: bool,
    done: bool,
    estimate_at_close: usize,
}

impl ProducerBatch {
    pub fn new(
        id: BatchId,
        tp: TopicPartition,
        topic: Arc<str>,
        compression: Compression,
        write_limit: usize,
        now_ms: i64,
    ) -> ProducerBatch {
        ProducerBatch {
            id,
            tp,
            topic,
            compression,
            builder: Some(
                BatchBuilder::new(compression, TimestampType::CreateTime, 0, -1)
                    .with_capacity(write_limit),
            ),
            built: None,
            records: Vec::new(),
            base_timestamp_ms: None,
            write_limit,
            created_ms: now_ms,
            last_attempt_ms: now_ms,
            retry_backoff_ms: 0,
            attempts: 0,
            producer_id: -1,
            producer_epoch: -1,
            base_sequence: NO_SEQUENCE,
            is_transactional: false,
            closed_for_appends: false,
            done: false,
            estimate_at_close: 0,
        }
    }

    /// `estimatedSizeInBytes`: the builder's estimate while open, the real size once closed.
    pub fn estimated_size_in_bytes(&self) -> usize {
        match (&self.builder, &self.built) {
            (Some(b), _) => b.estimated_size_in_bytes(),
            (None, Some(bytes)) => bytes.len(),
            (None, None) => unreachable!("a batch holds either its builder or its bytes"),
        }
    }

    pub fn record_count(&self) -> usize {
        self.records.len()
    }

    /// `MemoryRecordsBuilder.isFull`: closed, or no room left under the write limit.
    pub fn is_full(&self) -> bool {
        self.closed_for_appends
            || self.builder.is_none()
            || (!self.records.is_empty() && self.write_limit <= self.estimated_size_in_bytes())
    }

    /// `MemoryRecordsBuilder.hasRoomFor`: the first record always fits; later ones if the
    /// estimate plus the record's exact size stays within the write limit.
    fn has_room_for(
        &self,
        timestamp_ms: i64,
        key: Option<&[u8]>,
        value: Option<&[u8]>,
        headers: &[Header],
    ) -> bool {
        if self.is_full() {
            return false;
        }
        if self.records.is_empty() {
            return true;
        }
        let offset_delta = self.records.len() as i32;
        let timestamp_delta = self.base_timestamp_ms.map_or(0, |base| timestamp_ms - base);
        let record_size = record_size_in_bytes(offset_delta, timestamp_delta, key, value, headers);
        self.write_limit >= self.estimated_size_in_bytes() + record_size
    }

    /// `ProducerBatch.tryAppend`: appends the record if it fits and returns the bytes the
    /// estimate grew by; `None` when it does not fit (the caller closes the batch for appends).
    pub fn try_append(
        &mut self,
        record: BatchRecord,
        key: Option<&[u8]>,
        value: Option<&[u8]>,
        headers: &[Header],
    ) -> Option<usize> {
        if !self.has_room_for(record.timestamp_ms, key, value, headers) {
            return None;
        }
        let before = self.estimated_size_in_bytes();
        let builder = self
            .builder
            .as_mut()
            .expect("has_room_for is false once the builder is closed");
        builder.append(record.timestamp_ms, key, value, headers);
        if self.records.is_empty() {
            // Room for as many records of this size as the buffer holds.
            let first = self
                .estimated_size_in_bytes()
                .saturating_sub(RECORD_BATCH_OVERHEAD)
                .max(1);
            self.records.reserve(self.write_limit / first + 1);
        }
        self.base_timestamp_ms.get_or_insert(record.timestamp_ms);
        self.records.push(record);
        Some(self.estimated_size_in_bytes() - before)
    }

    /// `closeForRecordAppends`: no more records go in.
    pub fn close_for_record_appends(&mut self) {
        self.closed_for_appends = true;
    }

    /// Sets the idempotent producer state before the first send (`setProducerState`).
    pub fn set_producer_state(
        &mut self,
        producer_id: i64,
        producer_epoch: i16,
        base_sequence: i32,
        is_transactional: bool,
    ) {
        assert!(
            self.built.is_none(),
            "a batch's producer state is set before it is closed and sent"
        );
        self.producer_id = producer_id;
        self.producer_epoch = producer_epoch;
        self.base_sequence = base_sequence;
        self.is_transactional = is_transactional;
    }

    /// `resetProducerState`: a new producer id, epoch or base sequence for a batch that may
    /// already be closed (an epoch bump rewrites the sequences of in-flight batches). The
    /// header fields are patched in place and the CRC recomputed, as
    /// `MemoryRecordsBuilder.reopenAndRewriteProducerState` ends up doing.
    pub fn reset_producer_state(
        &mut self,
        producer_id: i64,
        producer_epoch: i16,
        base_sequence: i32,
    ) {
        self.producer_id = producer_id;
        self.producer_epoch = producer_epoch;
        self.base_sequence = base_sequence;
        if let Some(bytes) = self.built.as_mut() {
            if bytes.len() >= RECORD_BATCH_OVERHEAD {
                bytes[PRODUCER_ID_OFFSET..PRODUCER_ID_OFFSET + 8]
                    .copy_from_slice(&producer_id.to_be_bytes());
                bytes[PRODUCER_EPOCH_OFFSET..PRODUCER_EPOCH_OFFSET + 2]
                    .copy_from_slice(&producer_epoch.to_be_bytes());
                bytes[BASE_SEQUENCE_OFFSET..BASE_SEQUENCE_OFFSET + 4]
                    .copy_from_slice(&base_sequence.to_be_bytes());
                update_crc(bytes);
            }
        }
    }

    pub fn has_sequence(&self) -> bool {
        self.base_sequence != NO_SEQUENCE
    }

    /// The sequence of the batch's last record (wrapping as `DefaultRecordBatch` does).
    pub fn last_sequence(&self) -> i32 {
        crate::engine::record::increment_sequence(self.base_sequence, self.records.len() as i32 - 1)
    }

    /// `close`: writes the batch's bytes once; later sends reuse them.
    pub fn close(&mut self) {
        if let Some(builder) = self.builder.take() {
            self.estimate_at_close = builder.estimated_size_in_bytes();
            let builder = if self.producer_id >= 0 {
                builder.producer(
                    self.producer_id,
                    self.producer_epoch,
                    self.base_sequence,
                    self.is_transactional,
                )
            } else {
                builder
            };
            self.built = Some(builder.build());
            self.closed_for_appends = true;
        }
    }

    /// The v2 bytes as sent. Closes the batch if it was still open.
    pub fn bytes(&mut self) -> &[u8] {
        self.close();
        self.built.as_deref().expect("closed just above")
    }

    /// The size estimate just before closing: the uncompressed size (times 1.05 for a
    /// compressed batch), to compare with the bytes actually sent.
    pub fn estimate_at_close(&self) -> usize {
        if self.built.is_some() {
            self.estimate_at_close
        } else {
            self.estimated_size_in_bytes()
        }
    }

    pub fn is_closed(&self) -> bool {
        self.built.is_some()
    }

    /// `hasReachedDeliveryTimeout`: `delivery.timeout.ms` has passed since creation.
    pub fn has_reached_delivery_timeout(&self, delivery_timeout_ms: i64, now_ms: i64) -> bool {
        delivery_timeout_ms <= now_ms - self.created_ms
    }

    /// `reenqueued`: one more attempt, backing off `backoff_ms` from now.
    pub fn reenqueued(&mut self, now_ms: i64, backoff_ms: i64) {
        self.attempts += 1;
        self.last_attempt_ms = now_ms;
        self.retry_backoff_ms = backoff_ms;
    }

    /// Whether the batch is still backing off from its last failure at `now_ms`.
    pub fn is_backing_off(&self, now_ms: i64) -> bool {
        self.attempts > 0 && now_ms - self.last_attempt_ms < self.retry_backoff_ms
    }

    pub fn in_retry(&self) -> bool {
        self.attempts > 0
    }

    /// Marks the batch complete; false if it already was (`ProducerBatch.done` answers a
    /// second completion, e.g. a late response after an expiry, by ignoring it).
    pub fn mark_done(&mut self) -> bool {
        !std::mem::replace(&mut self.done, true)
    }

    pub fn is_done(&self) -> bool {
        self.done
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::record::RecordBatch;

    fn rec(id: u64, ts: i64) -> BatchRecord {
        BatchRecord {
            record_id: RecordId(id),
            timestamp_ms: ts,
            choice: PartitionChoice::Explicit { partition: 0 },
            key_size: -1,
            value_size: 100,
        }
    }

    #[test]
    fn fills_up_to_the_write_limit_and_keeps_its_bytes() {
        let value = [7u8; 100];
        let mut b = ProducerBatch::new(
            BatchId(0),
            TopicPartition::new("t", 0),
            Arc::from("t"),
            Compression::None,
            1024,
            0,
        );
        let mut n = 0;
        while b.try_append(rec(n, 5), None, Some(&value), &[]).is_some() {
            n += 1;
        }
        assert!(b.estimated_size_in_bytes() <= 1024);
        assert!(n >= 8, "about 1024/108 records fit, got {n}");
        b.set_producer_state(7, 0, 10, false);
        let bytes = b.bytes().to_vec();
        let batch = RecordBatch::decode(&bytes).unwrap();
        assert_eq!(batch.header.base_sequence, 10);
        assert_eq!(batch.header.records_count as u64, n);
        assert_eq!(b.last_sequence(), 10 + n as i32 - 1);
        assert_eq!(b.bytes(), &bytes[..]);
    }

    #[test]
    fn the_first_record_always_fits() {
        let big = vec![1u8; 5000];
        let mut b = ProducerBatch::new(
            BatchId(0),
            TopicPartition::new("t", 0),
            Arc::from("t"),
            Compression::None,
            100,
            0,
        );
        assert!(b.try_append(rec(0, 0), None, Some(&big), &[]).is_some());
        assert!(b.is_full());
    }
}
