//! A fully decoded record batch: header plus owned records.
//!
//! The convenient form for code that inspects or rewrites records (the log cleaner, the UI's
//! batch inspector). Hot paths should prefer [`RawBatch::records`](super::raw_batch::RawBatch::records),
//! which borrows instead of copying.

use super::batch_header::{BatchHeader, LOG_OVERHEAD, RECORD_BATCH_OVERHEAD};
use super::error::RecordError;
use super::raw_batch::RawBatch;
use super::record::Record;

/// A batch with every record decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordBatch {
    /// The header as stored.
    pub header: BatchHeader,
    /// The records, in offset order.
    pub records: Vec<Record>,
}

impl RecordBatch {
    /// Decodes exactly one batch: checks framing and CRC, decompresses, reads every record and
    /// checks RecordsCount against what is there.
    pub fn decode(bytes: &[u8]) -> Result<RecordBatch, RecordError> {
        RawBatch::new(bytes)?.decode()
    }

    /// Offset of `record` (`base_offset + offset_delta`).
    pub fn record_offset(&self, record: &Record) -> i64 {
        self.header.record_offset(record.offset_delta)
    }

    /// Timestamp a consumer sees for `record` (MaxTimestamp under LogAppendTime).
    pub fn record_timestamp(&self, record: &Record) -> i64 {
        self.header.record_timestamp(record.timestamp_delta)
    }

    /// Encodes this batch back to bytes, header fields as they are, records as they are
    /// (attributes and deltas included), compressed with the header's codec; Length,
    /// RecordsCount and CRC are recomputed. An uncompressed batch decoded from Kafka's bytes
    /// encodes back to the same bytes.
    ///
    /// # Panics
    /// If the batch would exceed `i32::MAX` bytes or records (not expressible on the wire).
    pub fn encode(&self) -> Vec<u8> {
        let mut plain = Vec::new();
        for record in &self.records {
            record.encode_into(&mut plain);
        }
        let mut out = vec![0u8; RECORD_BATCH_OVERHEAD];
        self.header
            .attributes
            .compression
            .compress_into(&plain, &mut out);
        let length = i32::try_from(out.len() - LOG_OVERHEAD)
            .unwrap_or_else(|_| panic!("a {}-byte batch cannot be encoded", out.len()));
        let records_count = i32::try_from(self.records.len())
            .unwrap_or_else(|_| panic!("{} records cannot be counted", self.records.len()));
        let header = BatchHeader {
            batch_length: length,
            records_count,
            crc: 0,
            ..self.header
        };
        header.write_to(&mut out);
        super::rewrite::update_crc(&mut out);
        out
    }
}
