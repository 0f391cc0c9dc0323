//! A validated view over one batch's bytes (`DefaultRecordBatch` over a `ByteBuffer` slice).
//!
//! Building a [`RawBatch`] runs the checks Kafka runs before trusting a batch, in Kafka's order:
//! `ByteBufferLogInputStream.nextBatchSize` (length, magic, enough bytes) then
//! `DefaultRecordBatch.ensureValid` (at least a full header, CRC-32C over Attributes..end).
//! Nothing is decompressed; records are read on demand with [`RawBatch::records`].

use std::borrow::Cow;

use super::batch::RecordBatch;
use super::batch_header::{
    read_i32, BatchHeader, ATTRIBUTES_OFFSET, CRC_OFFSET, HEADER_SIZE_UP_TO_MAGIC, LENGTH_OFFSET,
    LOG_OVERHEAD, MAGIC_OFFSET, MAGIC_V2, RECORD_BATCH_OVERHEAD,
};
use super::compression::{Compression, MAX_DECOMPRESSED_RECORDS_BYTES};
use super::error::RecordError;
use super::record::MIN_RECORD_SIZE;
use super::record_iter::BatchRecords;

/// `LegacyRecord.RECORD_OVERHEAD_V0`: the smallest Length any message format allows.
const MIN_LENGTH: i32 = 14;

/// One batch whose framing and CRC have been checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawBatch<'a> {
    bytes: &'a [u8],
    header: BatchHeader,
}

impl<'a> RawBatch<'a> {
    /// Validates `bytes` as exactly one batch.
    pub fn new(bytes: &'a [u8]) -> Result<RawBatch<'a>, RecordError> {
        let batch = RawBatch::read_at(bytes, 0)?;
        if batch.bytes.len() != bytes.len() {
            return Err(RecordError::CorruptBatch {
                reason: format!(
                    "{} bytes follow the {}-byte record batch",
                    bytes.len() - batch.bytes.len(),
                    batch.bytes.len()
                ),
            });
        }
        Ok(batch)
    }

    /// Validates the batch starting at `position` of `buf` (more batches may follow it).
    pub(crate) fn read_at(buf: &'a [u8], position: usize) -> Result<RawBatch<'a>, RecordError> {
        let rest = &buf[position..];
        let available = rest.len();
        let truncated = |needed: usize| RecordError::TruncatedBatch {
            position,
            needed,
            available,
        };
        if available < LOG_OVERHEAD {
            return Err(truncated(LOG_OVERHEAD));
        }
        let length = read_i32(rest, LENGTH_OFFSET);
        if length < MIN_LENGTH {
            return Err(RecordError::LengthTooSmall { size: length });
        }
        let size = LOG_OVERHEAD + length as usize;
        if available < HEADER_SIZE_UP_TO_MAGIC {
            return Err(truncated(size));
        }
        let magic = rest[MAGIC_OFFSET] as i8;
        if !(0..=MAGIC_V2).contains(&magic) {
            return Err(RecordError::InvalidMagic(magic));
        }
        if magic != MAGIC_V2 {
            return Err(RecordError::UnsupportedMagic(magic));
        }
        if available < size {
            return Err(truncated(size));
        }
        let bytes = &rest[..size];
        if size < RECORD_BATCH_OVERHEAD {
            return Err(RecordError::CorruptBatch {
                reason: format!(
                    "Record batch is corrupt (the size {size} is smaller than the minimum allowed overhead {RECORD_BATCH_OVERHEAD})"
                ),
            });
        }
        let stored = read_i32(bytes, CRC_OFFSET) as u32;
        let computed = crc32c::crc32c(&bytes[ATTRIBUTES_OFFSET..]);
        if stored != computed {
            return Err(RecordError::CrcMismatch {
                expected: stored,
                computed,
            });
        }
        let header = BatchHeader::parse(bytes)?;
        Ok(RawBatch { bytes, header })
    }

    /// The batch's bytes, exactly `header().size_in_bytes()` of them.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The decoded header.
    pub fn header(&self) -> &BatchHeader {
        &self.header
    }

    /// The records section as stored (compressed when the batch is).
    pub fn records_section(&self) -> &'a [u8] {
        &self.bytes[RECORD_BATCH_OVERHEAD..]
    }

    /// The records, ready to iterate without copying (`DefaultRecordBatch.iterator`):
    /// decompresses a compressed section once, borrows an uncompressed one.
    pub fn records(&self) -> Result<BatchRecords<'a>, RecordError> {
        if self.header.records_count == 0 {
            return Ok(BatchRecords::empty(&self.header));
        }
        let section = self.records_section();
        match self.header.attributes.compression {
            Compression::None => BatchRecords::new(&self.header, Cow::Borrowed(section), false),
            codec => {
                let plain = codec.decompress(section, MAX_DECOMPRESSED_RECORDS_BYTES)?;
                BatchRecords::new(&self.header, Cow::Owned(plain), true)
            }
        }
    }

    /// Decodes every record into an owned [`RecordBatch`].
    pub fn decode(&self) -> Result<RecordBatch, RecordError> {
        let records = self.records()?;
        // RecordsCount is untrusted: never reserve more records than the bytes can hold.
        let capacity = records
            .declared_count()
            .min(records.section().len() / MIN_RECORD_SIZE);
        let mut decoded = Vec::with_capacity(capacity);
        for record in &records {
            decoded.push(record?.to_record());
        }
        Ok(RecordBatch {
            header: self.header,
            records: decoded,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal_batch() -> Vec<u8> {
        let mut b = vec![0u8; RECORD_BATCH_OVERHEAD];
        b[LENGTH_OFFSET..LENGTH_OFFSET + 4].copy_from_slice(&49i32.to_be_bytes());
        b[MAGIC_OFFSET] = 2;
        let crc = crc32c::crc32c(&b[ATTRIBUTES_OFFSET..]);
        b[CRC_OFFSET..CRC_OFFSET + 4].copy_from_slice(&crc.to_be_bytes());
        b
    }

    #[test]
    fn an_empty_batch_is_valid_and_has_no_records() {
        let b = minimal_batch();
        let raw = RawBatch::new(&b).unwrap();
        assert_eq!(raw.header().records_count, 0);
        assert_eq!(raw.decode().unwrap().records, vec![]);
    }

    #[test]
    fn checks_run_in_kafkas_order() {
        let b = minimal_batch();
        assert!(matches!(
            RawBatch::new(&b[..11]),
            Err(RecordError::TruncatedBatch {
                position: 0,
                needed: 12,
                available: 11
            })
        ));
        let mut small = b.clone();
        small[LENGTH_OFFSET + 3] = 13;
        assert_eq!(
            RawBatch::new(&small),
            Err(RecordError::LengthTooSmall { size: 13 })
        );
        let mut magic = b.clone();
        magic[MAGIC_OFFSET] = 3;
        assert_eq!(RawBatch::new(&magic), Err(RecordError::InvalidMagic(3)));
        magic[MAGIC_OFFSET] = 0;
        assert_eq!(RawBatch::new(&magic), Err(RecordError::UnsupportedMagic(0)));
        let mut short_header = b.clone();
        short_header[LENGTH_OFFSET + 3] = 20;
        assert!(matches!(
            RawBatch::new(&short_header[..32]),
            Err(RecordError::CorruptBatch { .. })
        ));
        let mut crc = b.clone();
        crc[40] ^= 1;
        assert!(matches!(
            RawBatch::new(&crc),
            Err(RecordError::CrcMismatch { .. })
        ));
        let mut extra = b.clone();
        extra.push(0);
        assert!(matches!(
            RawBatch::new(&extra),
            Err(RecordError::CorruptBatch { .. })
        ));
    }

    #[test]
    fn a_lying_records_count_is_refused_without_a_huge_allocation() {
        let mut b = minimal_batch();
        b[57..61].copy_from_slice(&i32::MAX.to_be_bytes());
        let crc = crc32c::crc32c(&b[ATTRIBUTES_OFFSET..]);
        b[CRC_OFFSET..CRC_OFFSET + 4].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(
            RawBatch::new(&b).unwrap().decode(),
            Err(RecordError::PrematureEof)
        );
        b[57..61].copy_from_slice(&(-3i32).to_be_bytes());
        let crc = crc32c::crc32c(&b[ATTRIBUTES_OFFSET..]);
        b[CRC_OFFSET..CRC_OFFSET + 4].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(
            RawBatch::new(&b).unwrap().decode(),
            Err(RecordError::InvalidRecordCount(-3))
        );
    }
}
