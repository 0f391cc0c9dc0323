//! Writing one v2 batch, as Kafka's `MemoryRecordsBuilder` (`AbstractRecordsBuilder`) does.
//!
//! Kafka's choices, reproduced so the bytes are Kafka's own:
//! * BaseTimestamp is the **first appended record's** timestamp (or the delete horizon when
//!   one is set); each record stores its delta from it, which may be negative.
//! * MaxTimestamp is the largest record timestamp (starting from -1, `NO_TIMESTAMP`), or the
//!   log append time when the batch is LogAppendTime. Records keep their own create-time
//!   deltas; readers substitute MaxTimestamp (`DefaultRecord.readFrom`).
//! * LastOffsetDelta is the last appended offset minus BaseOffset (gaps allowed, as compaction
//!   leaves them); record attributes are always 0.
//! * A builder with no records builds nothing (`MemoryRecords.EMPTY`).
//! * Records are encoded as they are appended; a compressed batch's section is compressed once
//!   at [`BatchBuilder::build`].
//!
//! Producer defaults are those of a plain producer: no producer id, epoch or sequence, and
//! PartitionLeaderEpoch -1 (`RecordBatch.NO_PARTITION_LEADER_EPOCH`) for the leader to fill.

use super::attributes::BatchAttributes;
use super::batch_header::{
    BatchHeader, LOG_OVERHEAD, MAGIC_V2, NO_PARTITION_LEADER_EPOCH, NO_PRODUCER_EPOCH,
    NO_PRODUCER_ID, NO_SEQUENCE, NO_TIMESTAMP, RECORD_BATCH_OVERHEAD,
};
use super::compression::Compression;
use super::header::Header;
use super::record::write_record;
use super::rewrite::update_crc;
use super::timestamp_type::TimestampType;

/// Bytes reserved up front: enough for a few small records without regrowing.
const INITIAL_CAPACITY: usize = 1024;

/// `AbstractRecordsBuilder.COMPRESSION_RATE_ESTIMATION_FACTOR`.
const COMPRESSION_RATE_ESTIMATION_FACTOR: f32 = 1.05;

/// Accumulates records and writes one v2 batch.
#[derive(Debug, Clone)]
pub struct BatchBuilder {
    compression: Compression,
    timestamp_type: TimestampType,
    base_offset: i64,
    log_append_time_ms: i64,
    producer_id: i64,
    producer_epoch: i16,
    base_sequence: i32,
    is_transactional: bool,
    is_control: bool,
    partition_leader_epoch: i32,
    delete_horizon_ms: Option<i64>,
    /// Header placeholder followed by the uncompressed records.
    buf: Vec<u8>,
    records_count: i32,
    last_offset: Option<i64>,
    base_timestamp: Option<i64>,
    max_timestamp: i64,
}

impl BatchBuilder {
    /// A builder for a batch starting at `base_offset`.
    ///
    /// `log_append_time_ms` is `MemoryRecordsBuilder`'s `logAppendTime`: with
    /// [`TimestampType::LogAppendTime`] it becomes MaxTimestamp, the time every record reads
    /// as. With CreateTime it is not stored anywhere: Kafka takes BaseTimestamp from the first
    /// record, not from the builder.
    pub fn new(
        compression: Compression,
        timestamp_type: TimestampType,
        base_offset: i64,
        log_append_time_ms: i64,
    ) -> BatchBuilder {
        BatchBuilder {
            compression,
            timestamp_type,
            base_offset,
            log_append_time_ms,
            producer_id: NO_PRODUCER_ID,
            producer_epoch: NO_PRODUCER_EPOCH,
            base_sequence: NO_SEQUENCE,
            is_transactional: false,
            is_control: false,
            partition_leader_epoch: NO_PARTITION_LEADER_EPOCH,
            delete_horizon_ms: None,
            buf: {
                let mut buf = Vec::with_capacity(INITIAL_CAPACITY);
                buf.resize(RECORD_BATCH_OVERHEAD, 0);
                buf
            },
            records_count: 0,
            last_offset: None,
            base_timestamp: None,
            max_timestamp: NO_TIMESTAMP,
        }
    }

    /// Reserves room for a batch of about `capacity` bytes up front (a producer knows its
    /// `batch.size`, as `MemoryRecordsBuilder` writes into a buffer of that size).
    pub fn with_capacity(mut self, capacity: usize) -> BatchBuilder {
        self.buf.reserve(capacity.saturating_sub(self.buf.len()));
        self
    }

    /// Sets the idempotent/transactional producer state (`setProducerState`).
    pub fn producer(
        mut self,
        producer_id: i64,
        producer_epoch: i16,
        base_sequence: i32,
        is_transactional: bool,
    ) -> BatchBuilder {
        self.producer_id = producer_id;
        self.producer_epoch = producer_epoch;
        self.base_sequence = base_sequence;
        self.is_transactional = is_transactional;
        self
    }

    /// Sets PartitionLeaderEpoch (the leader's epoch when it appends).
    pub fn partition_leader_epoch(mut self, epoch: i32) -> BatchBuilder {
        self.partition_leader_epoch = epoch;
        self
    }

    /// Marks the batch with a delete horizon (KIP-534, set by the log cleaner): BaseTimestamp
    /// becomes the horizon and record deltas are taken from it.
    ///
    /// # Panics
    /// If records were already appended (their deltas were taken from another base), or the
    /// horizon is negative (`hasDeleteHorizonMs` requires `>= 0`).
    pub fn delete_horizon_ms(mut self, delete_horizon_ms: i64) -> BatchBuilder {
        assert!(
            self.records_count == 0,
            "set the delete horizon before appending records"
        );
        assert!(
            delete_horizon_ms >= 0,
            "Invalid delete horizon {delete_horizon_ms}"
        );
        self.delete_horizon_ms = Some(delete_horizon_ms);
        self.base_timestamp = Some(delete_horizon_ms);
        self
    }

    /// Marks the batch as a control batch (transaction markers); see [`super::control`].
    pub(crate) fn control(mut self) -> BatchBuilder {
        self.is_control = true;
        self
    }

    /// Appends a record at the next offset (`MemoryRecordsBuilder.append`).
    ///
    /// # Panics
    /// On the arguments Kafka rejects with `IllegalArgumentException` (see
    /// [`append_with_offset`](Self::append_with_offset)).
    pub fn append(
        &mut self,
        timestamp_ms: i64,
        key: Option<&[u8]>,
        value: Option<&[u8]>,
        headers: &[Header],
    ) {
        let offset = self.last_offset.map_or(self.base_offset, |last| last + 1);
        self.append_with_offset(offset, timestamp_ms, key, value, headers);
    }

    /// Appends a record at `offset`, which must exceed the previous one; gaps are allowed
    /// (`MemoryRecordsBuilder.appendWithOffset`, used by the log cleaner).
    ///
    /// # Panics
    /// Where Kafka throws `IllegalArgumentException`, because these are caller bugs: an offset
    /// not above the previous one, a negative timestamp other than -1, an offset delta beyond
    /// `i32::MAX`, or a batch growing past `i32::MAX` bytes or records.
    pub fn append_with_offset(
        &mut self,
        offset: i64,
        timestamp_ms: i64,
        key: Option<&[u8]>,
        value: Option<&[u8]>,
        headers: &[Header],
    ) {
        if let Some(last) = self.last_offset {
            assert!(
                offset > last,
                "Illegal offset {offset} following previous offset {last} (Offsets must increase monotonically)."
            );
        }
        assert!(
            timestamp_ms >= 0 || timestamp_ms == NO_TIMESTAMP,
            "Invalid negative timestamp {timestamp_ms}"
        );
        let offset_delta = offset.wrapping_sub(self.base_offset);
        assert!(
            offset_delta <= i64::from(i32::MAX),
            "Maximum offset delta exceeded, base offset: {}, last offset: {offset}",
            self.base_offset
        );
        assert!(
            self.records_count < i32::MAX,
            "Maximum number of records per batch exceeded, max records: {}",
            i32::MAX
        );
        let base_timestamp = *self.base_timestamp.get_or_insert(timestamp_ms);
        write_record(
            &mut self.buf,
            0,
            offset_delta as i32,
            timestamp_ms.wrapping_sub(base_timestamp),
            key,
            value,
            headers,
        );
        assert!(
            self.buf.len() - LOG_OVERHEAD <= i32::MAX as usize,
            "a record batch cannot exceed {} bytes",
            i32::MAX
        );
        self.records_count += 1;
        self.last_offset = Some(offset);
        self.max_timestamp = self.max_timestamp.max(timestamp_ms);
    }

    /// `estimatedSizeInBytes`: exact for an uncompressed batch; for a compressed one, the
    /// uncompressed size times Kafka's 1.05 safety factor (the builder cannot know the ratio).
    pub fn estimated_size_in_bytes(&self) -> usize {
        let records = self.buf.len() - RECORD_BATCH_OVERHEAD;
        match self.compression {
            Compression::None => self.buf.len(),
            _ => {
                RECORD_BATCH_OVERHEAD
                    + (records as f32 * COMPRESSION_RATE_ESTIMATION_FACTOR) as usize
            }
        }
    }

    /// Records appended so far.
    pub fn records_count(&self) -> usize {
        self.records_count as usize
    }

    /// Writes the batch: header, records (compressed if asked), CRC-32C. Empty when no record
    /// was appended.
    ///
    /// # Panics
    /// On the producer states Kafka refuses at close (`validateProducerState`): transactional
    /// without a producer id, a producer id with epoch -1, or a negative base sequence on a
    /// non-control batch with a producer id.
    pub fn build(self) -> Vec<u8> {
        if self.records_count == 0 {
            return Vec::new();
        }
        assert!(
            !(self.is_transactional && self.producer_id == NO_PRODUCER_ID),
            "Cannot write transactional messages without a valid producer ID"
        );
        if self.producer_id != NO_PRODUCER_ID {
            assert!(
                self.producer_epoch != NO_PRODUCER_EPOCH,
                "Invalid negative producer epoch"
            );
            assert!(
                self.base_sequence >= 0 || self.is_control,
                "Invalid negative sequence number used"
            );
        }
        let mut out = match self.compression {
            Compression::None => self.buf,
            codec => {
                let records = &self.buf[RECORD_BATCH_OVERHEAD..];
                let mut out = Vec::with_capacity(RECORD_BATCH_OVERHEAD + records.len() / 2);
                out.resize(RECORD_BATCH_OVERHEAD, 0);
                codec.compress_into(records, &mut out);
                out
            }
        };
        let batch_length = i32::try_from(out.len() - LOG_OVERHEAD)
            .unwrap_or_else(|_| panic!("a record batch cannot exceed {} bytes", i32::MAX));
        // Appending set the last offset and base timestamp along with the first record.
        let last_offset = self.last_offset.expect("records_count > 0");
        let base_timestamp = self.base_timestamp.expect("records_count > 0");
        let header = BatchHeader {
            base_offset: self.base_offset,
            batch_length,
            partition_leader_epoch: self.partition_leader_epoch,
            magic: MAGIC_V2,
            crc: 0,
            attributes: BatchAttributes {
                compression: self.compression,
                timestamp_type: self.timestamp_type,
                is_transactional: self.is_transactional,
                is_control: self.is_control,
                has_delete_horizon: self.delete_horizon_ms.is_some(),
            },
            last_offset_delta: last_offset.wrapping_sub(self.base_offset) as i32,
            base_timestamp,
            max_timestamp: match self.timestamp_type {
                TimestampType::LogAppendTime => self.log_append_time_ms,
                TimestampType::CreateTime => self.max_timestamp,
            },
            producer_id: self.producer_id,
            producer_epoch: self.producer_epoch,
            base_sequence: self.base_sequence,
            records_count: self.records_count,
        };
        header.write_to(&mut out);
        update_crc(&mut out);
        out
    }
}

/// `DefaultRecordBatch.writeEmptyHeader`: a batch with no records, which the log cleaner keeps
/// when compaction removed every record of a producer's last batch, so the producer's
/// sequence survives (BaseTimestamp -1, MaxTimestamp `timestamp_ms`, RecordsCount 0).
#[allow(clippy::too_many_arguments)]
pub fn empty_batch(
    producer_id: i64,
    producer_epoch: i16,
    base_sequence: i32,
    base_offset: i64,
    last_offset: i64,
    partition_leader_epoch: i32,
    timestamp_type: TimestampType,
    timestamp_ms: i64,
    is_transactional: bool,
    is_control: bool,
) -> Vec<u8> {
    let mut out = vec![0u8; RECORD_BATCH_OVERHEAD];
    BatchHeader {
        base_offset,
        batch_length: (RECORD_BATCH_OVERHEAD - LOG_OVERHEAD) as i32,
        partition_leader_epoch,
        magic: MAGIC_V2,
        crc: 0,
        attributes: BatchAttributes {
            compression: Compression::None,
            timestamp_type,
            is_transactional,
            is_control,
            has_delete_horizon: false,
        },
        last_offset_delta: last_offset.wrapping_sub(base_offset) as i32,
        base_timestamp: NO_TIMESTAMP,
        max_timestamp: timestamp_ms,
        producer_id,
        producer_epoch,
        base_sequence,
        records_count: 0,
    }
    .write_to(&mut out);
    update_crc(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::record::batch::RecordBatch;

    #[test]
    fn base_timestamp_is_the_first_records_and_max_is_the_largest() {
        let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 11, 0);
        for (ts, k) in [(5000, "a"), (1000, "b"), (9000, "c")] {
            b.append(ts, Some(k.as_bytes()), None, &[]);
        }
        assert_eq!(b.records_count(), 3);
        let size = b.estimated_size_in_bytes();
        let bytes = b.build();
        assert_eq!(bytes.len(), size);
        let batch = RecordBatch::decode(&bytes).unwrap();
        assert_eq!(batch.header.base_timestamp, 5000);
        assert_eq!(batch.header.max_timestamp, 9000);
        assert_eq!(batch.header.partition_leader_epoch, -1);
        assert_eq!(batch.records[1].timestamp_delta, -4000);
        assert_eq!(batch.record_offset(&batch.records[2]), 13);
    }

    #[test]
    fn an_empty_builder_builds_nothing() {
        assert!(
            BatchBuilder::new(Compression::Gzip, TimestampType::CreateTime, 0, 0)
                .build()
                .is_empty()
        );
    }

    #[test]
    fn delete_horizon_becomes_the_base_timestamp() {
        let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 0, 0)
            .delete_horizon_ms(777);
        b.append(1000, Some(b"k"), None, &[]);
        let batch = RecordBatch::decode(&b.build()).unwrap();
        assert_eq!(batch.header.delete_horizon_ms(), Some(777));
        assert_eq!(batch.record_timestamp(&batch.records[0]), 1000);
    }

    #[test]
    fn empty_batches_keep_producer_state() {
        let bytes = empty_batch(
            7,
            1,
            40,
            100,
            104,
            3,
            TimestampType::CreateTime,
            1234,
            false,
            false,
        );
        let batch = RecordBatch::decode(&bytes).unwrap();
        assert!(batch.records.is_empty());
        assert_eq!(batch.header.last_sequence(), 44);
        assert_eq!(batch.header.last_offset(), 104);
        assert_eq!(batch.header.base_timestamp, -1);
    }

    #[test]
    #[should_panic(expected = "Offsets must increase monotonically")]
    fn offsets_must_increase() {
        let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 0, 0);
        b.append_with_offset(5, 0, None, None, &[]);
        b.append_with_offset(5, 0, None, None, &[]);
    }

    #[test]
    #[should_panic(expected = "Invalid negative sequence number used")]
    fn idempotent_batches_need_a_sequence() {
        let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 0, 0)
            .producer(1, 0, -1, false);
        b.append(0, None, None, &[]);
        b.build();
    }
}
