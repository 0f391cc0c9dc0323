//! The fixed 61-byte header of a v2 record batch (`DefaultRecordBatch`), decoded.
//!
//! ```text
//! BaseOffset int64 @0 | Length int32 @8 | PartitionLeaderEpoch int32 @12 | Magic int8 @16 |
//! CRC uint32 @17 | Attributes int16 @21 | LastOffsetDelta int32 @23 | BaseTimestamp int64 @27 |
//! MaxTimestamp int64 @35 | ProducerId int64 @43 | ProducerEpoch int16 @51 |
//! BaseSequence int32 @53 | RecordsCount int32 @57 | Records @61
//! ```
//! All big-endian. The CRC-32C covers Attributes to the end, so the broker can assign
//! BaseOffset and PartitionLeaderEpoch without recomputing it.

use super::attributes::BatchAttributes;
use super::error::RecordError;
use super::sequence::increment_sequence;
use super::timestamp_type::TimestampType;

/// `DefaultRecordBatch.BASE_OFFSET_OFFSET`.
pub const BASE_OFFSET_OFFSET: usize = 0;
/// `DefaultRecordBatch.LENGTH_OFFSET`.
pub const LENGTH_OFFSET: usize = 8;
/// `DefaultRecordBatch.PARTITION_LEADER_EPOCH_OFFSET`.
pub const PARTITION_LEADER_EPOCH_OFFSET: usize = 12;
/// `DefaultRecordBatch.MAGIC_OFFSET`.
pub const MAGIC_OFFSET: usize = 16;
/// `DefaultRecordBatch.CRC_OFFSET`.
pub const CRC_OFFSET: usize = 17;
/// `DefaultRecordBatch.ATTRIBUTES_OFFSET`: the CRC covers from here to the end.
pub const ATTRIBUTES_OFFSET: usize = 21;
/// `DefaultRecordBatch.LAST_OFFSET_DELTA_OFFSET`.
pub const LAST_OFFSET_DELTA_OFFSET: usize = 23;
/// `DefaultRecordBatch.BASE_TIMESTAMP_OFFSET`.
pub const BASE_TIMESTAMP_OFFSET: usize = 27;
/// `DefaultRecordBatch.MAX_TIMESTAMP_OFFSET`.
pub const MAX_TIMESTAMP_OFFSET: usize = 35;
/// `DefaultRecordBatch.PRODUCER_ID_OFFSET`.
pub const PRODUCER_ID_OFFSET: usize = 43;
/// `DefaultRecordBatch.PRODUCER_EPOCH_OFFSET`.
pub const PRODUCER_EPOCH_OFFSET: usize = 51;
/// `DefaultRecordBatch.BASE_SEQUENCE_OFFSET`.
pub const BASE_SEQUENCE_OFFSET: usize = 53;
/// `DefaultRecordBatch.RECORDS_COUNT_OFFSET`.
pub const RECORDS_COUNT_OFFSET: usize = 57;
/// `DefaultRecordBatch.RECORD_BATCH_OVERHEAD`: header size, where the records start.
pub const RECORD_BATCH_OVERHEAD: usize = 61;
/// `Records.LOG_OVERHEAD`: BaseOffset + Length, the bytes not counted by Length.
pub const LOG_OVERHEAD: usize = 12;
/// `Records.HEADER_SIZE_UP_TO_MAGIC`.
pub const HEADER_SIZE_UP_TO_MAGIC: usize = 17;
/// `RecordBatch.MAGIC_VALUE_V2`, the only format kplay writes.
pub const MAGIC_V2: i8 = 2;
/// `RecordBatch.NO_PRODUCER_ID`.
pub const NO_PRODUCER_ID: i64 = -1;
/// `RecordBatch.NO_PRODUCER_EPOCH`.
pub const NO_PRODUCER_EPOCH: i16 = -1;
/// `RecordBatch.NO_SEQUENCE`.
pub const NO_SEQUENCE: i32 = -1;
/// `RecordBatch.NO_PARTITION_LEADER_EPOCH`: what a producer writes; the leader overwrites it.
pub const NO_PARTITION_LEADER_EPOCH: i32 = -1;
/// `RecordBatch.NO_TIMESTAMP`.
pub const NO_TIMESTAMP: i64 = -1;

/// The header fields of one batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BatchHeader {
    /// Offset of the first record (assigned by the leader on append).
    pub base_offset: i64,
    /// Bytes after the Length field (`sizeInBytes - LOG_OVERHEAD`).
    pub batch_length: i32,
    /// Leader epoch of the broker that appended the batch (outside the CRC).
    pub partition_leader_epoch: i32,
    /// Message format version: 2.
    pub magic: i8,
    /// CRC-32C (Castagnoli) of Attributes..end, as stored.
    pub crc: u32,
    /// Codec, timestamp type and flags.
    pub attributes: BatchAttributes,
    /// `lastOffset - baseOffset`; kept by compaction even when the last records are removed.
    pub last_offset_delta: i32,
    /// Timestamp of the first record (the delete horizon when `has_delete_horizon`).
    pub base_timestamp: i64,
    /// Largest record timestamp (CreateTime) or the broker's append time (LogAppendTime).
    pub max_timestamp: i64,
    /// Idempotent/transactional producer id, or -1.
    pub producer_id: i64,
    /// Producer epoch, or -1.
    pub producer_epoch: i16,
    /// Sequence of the first record, or -1.
    pub base_sequence: i32,
    /// Number of records in the batch.
    pub records_count: i32,
}

impl BatchHeader {
    /// Reads the 61 header bytes. Only the codec id is checked here; size, magic and CRC are
    /// checked by [`RawBatch`](super::raw_batch::RawBatch).
    ///
    /// # Panics
    /// If `bytes` is shorter than [`RECORD_BATCH_OVERHEAD`] (callers check the size first).
    pub fn parse(bytes: &[u8]) -> Result<BatchHeader, RecordError> {
        assert!(
            bytes.len() >= RECORD_BATCH_OVERHEAD,
            "BatchHeader::parse needs {RECORD_BATCH_OVERHEAD} bytes, got {}",
            bytes.len()
        );
        Ok(BatchHeader {
            base_offset: read_i64(bytes, BASE_OFFSET_OFFSET),
            batch_length: read_i32(bytes, LENGTH_OFFSET),
            partition_leader_epoch: read_i32(bytes, PARTITION_LEADER_EPOCH_OFFSET),
            magic: bytes[MAGIC_OFFSET] as i8,
            crc: read_i32(bytes, CRC_OFFSET) as u32,
            attributes: BatchAttributes::from_bits(read_i16(bytes, ATTRIBUTES_OFFSET))?,
            last_offset_delta: read_i32(bytes, LAST_OFFSET_DELTA_OFFSET),
            base_timestamp: read_i64(bytes, BASE_TIMESTAMP_OFFSET),
            max_timestamp: read_i64(bytes, MAX_TIMESTAMP_OFFSET),
            producer_id: read_i64(bytes, PRODUCER_ID_OFFSET),
            producer_epoch: read_i16(bytes, PRODUCER_EPOCH_OFFSET),
            base_sequence: read_i32(bytes, BASE_SEQUENCE_OFFSET),
            records_count: read_i32(bytes, RECORDS_COUNT_OFFSET),
        })
    }

    /// Writes every field, the stored `crc` included, into the first 61 bytes of `out`
    /// (`DefaultRecordBatch.writeHeader`).
    ///
    /// # Panics
    /// If `out` is shorter than [`RECORD_BATCH_OVERHEAD`].
    pub fn write_to(&self, out: &mut [u8]) {
        let out = &mut out[..RECORD_BATCH_OVERHEAD];
        out[BASE_OFFSET_OFFSET..LENGTH_OFFSET].copy_from_slice(&self.base_offset.to_be_bytes());
        out[LENGTH_OFFSET..PARTITION_LEADER_EPOCH_OFFSET]
            .copy_from_slice(&self.batch_length.to_be_bytes());
        out[PARTITION_LEADER_EPOCH_OFFSET..MAGIC_OFFSET]
            .copy_from_slice(&self.partition_leader_epoch.to_be_bytes());
        out[MAGIC_OFFSET] = self.magic as u8;
        out[CRC_OFFSET..ATTRIBUTES_OFFSET].copy_from_slice(&self.crc.to_be_bytes());
        out[ATTRIBUTES_OFFSET..LAST_OFFSET_DELTA_OFFSET]
            .copy_from_slice(&self.attributes.to_bits().to_be_bytes());
        out[LAST_OFFSET_DELTA_OFFSET..BASE_TIMESTAMP_OFFSET]
            .copy_from_slice(&self.last_offset_delta.to_be_bytes());
        out[BASE_TIMESTAMP_OFFSET..MAX_TIMESTAMP_OFFSET]
            .copy_from_slice(&self.base_timestamp.to_be_bytes());
        out[MAX_TIMESTAMP_OFFSET..PRODUCER_ID_OFFSET]
            .copy_from_slice(&self.max_timestamp.to_be_bytes());
        out[PRODUCER_ID_OFFSET..PRODUCER_EPOCH_OFFSET]
            .copy_from_slice(&self.producer_id.to_be_bytes());
        out[PRODUCER_EPOCH_OFFSET..BASE_SEQUENCE_OFFSET]
            .copy_from_slice(&self.producer_epoch.to_be_bytes());
        out[BASE_SEQUENCE_OFFSET..RECORDS_COUNT_OFFSET]
            .copy_from_slice(&self.base_sequence.to_be_bytes());
        out[RECORDS_COUNT_OFFSET..RECORD_BATCH_OVERHEAD]
            .copy_from_slice(&self.records_count.to_be_bytes());
    }

    /// `DefaultRecordBatch.lastOffset`: `base_offset + last_offset_delta`.
    pub fn last_offset(&self) -> i64 {
        self.base_offset
            .wrapping_add(i64::from(self.last_offset_delta))
    }

    /// `RecordBatch.nextOffset`: the offset after the batch.
    pub fn next_offset(&self) -> i64 {
        self.last_offset().wrapping_add(1)
    }

    /// `DefaultRecordBatch.sizeInBytes`: `LOG_OVERHEAD + Length`, the whole batch on disk.
    pub fn size_in_bytes(&self) -> usize {
        LOG_OVERHEAD + self.batch_length.max(0) as usize
    }

    /// `DefaultRecordBatch.lastSequence`: wraps past `i32::MAX` (`incrementSequence`); -1 without
    /// a producer sequence.
    pub fn last_sequence(&self) -> i32 {
        if self.base_sequence == NO_SEQUENCE {
            NO_SEQUENCE
        } else {
            increment_sequence(self.base_sequence, self.last_offset_delta)
        }
    }

    /// `DefaultRecordBatch.deleteHorizonMs`: BaseTimestamp when the delete-horizon bit is set.
    pub fn delete_horizon_ms(&self) -> Option<i64> {
        self.attributes
            .has_delete_horizon
            .then_some(self.base_timestamp)
    }

    /// `RecordBatch.hasProducerId`.
    pub fn has_producer_id(&self) -> bool {
        self.producer_id != NO_PRODUCER_ID
    }

    /// Offset of the record with this offset delta (`DefaultRecord.readFrom`).
    pub fn record_offset(&self, offset_delta: i32) -> i64 {
        self.base_offset.wrapping_add(i64::from(offset_delta))
    }

    /// Timestamp a reader sees for the record with this delta: with LogAppendTime every
    /// record reads as the batch's MaxTimestamp (`DefaultRecord.readFrom`'s `logAppendTime`).
    pub fn record_timestamp(&self, timestamp_delta: i64) -> i64 {
        match self.attributes.timestamp_type {
            TimestampType::LogAppendTime => self.max_timestamp,
            TimestampType::CreateTime => self.base_timestamp.wrapping_add(timestamp_delta),
        }
    }

    /// Producer sequence of the record with this offset delta, or -1 (`DefaultRecord.readFrom`).
    pub fn record_sequence(&self, offset_delta: i32) -> i32 {
        if self.base_sequence >= 0 {
            increment_sequence(self.base_sequence, offset_delta)
        } else {
            NO_SEQUENCE
        }
    }
}

#[inline]
pub(crate) fn read_i16(b: &[u8], at: usize) -> i16 {
    i16::from_be_bytes([b[at], b[at + 1]])
}

#[inline]
pub(crate) fn read_i32(b: &[u8], at: usize) -> i32 {
    i32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

#[inline]
pub(crate) fn read_i64(b: &[u8], at: usize) -> i64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    i64::from_be_bytes(a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::record::compression::Compression;

    fn sample() -> BatchHeader {
        BatchHeader {
            base_offset: 1234567890123,
            batch_length: 70,
            partition_leader_epoch: 7,
            magic: 2,
            crc: 2841706292,
            attributes: BatchAttributes {
                compression: Compression::Lz4,
                ..Default::default()
            },
            last_offset_delta: 1,
            base_timestamp: 1700000000900,
            max_timestamp: 1700000000901,
            producer_id: -1,
            producer_epoch: -1,
            base_sequence: -1,
            records_count: 2,
        }
    }

    #[test]
    fn write_then_parse_is_identity() {
        let h = sample();
        let mut buf = [0u8; RECORD_BATCH_OVERHEAD];
        h.write_to(&mut buf);
        assert_eq!(BatchHeader::parse(&buf).unwrap(), h);
        assert_eq!(h.last_offset(), 1234567890124);
        assert_eq!(h.next_offset(), 1234567890125);
        assert_eq!(h.size_in_bytes(), 82);
        assert_eq!(h.last_sequence(), -1);
        assert_eq!(h.delete_horizon_ms(), None);
    }

    #[test]
    fn sequences_wrap() {
        let h = BatchHeader {
            base_sequence: 2147483646,
            last_offset_delta: 2,
            ..sample()
        };
        assert_eq!(h.last_sequence(), 0);
        assert_eq!(h.record_sequence(1), i32::MAX);
    }
}
