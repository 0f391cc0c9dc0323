//! Why a record batch was refused, with Kafka's own messages and error codes.
//!
//! Kafka splits these in two exception classes, and so do the error codes:
//! * `CorruptRecordException` (`CORRUPT_MESSAGE`): the batch framing is broken: a torn tail,
//!   a length below the minimum, an unknown magic, a CRC-32C mismatch
//!   (`ByteBufferLogInputStream.nextBatchSize`, `DefaultRecordBatch.ensureValid`).
//! * `InvalidRecordException` (`INVALID_RECORD`): the CRC is fine but the records inside do
//!   not parse (`DefaultRecord.readFrom`, `DefaultRecordBatch.RecordIterator`).
//!
//! Failures Java raises as plain `KafkaException` / `IllegalArgumentException` (an unknown
//! codec id, a codec stream that does not decompress) reach a Kafka client as
//! `UNKNOWN_SERVER_ERROR`, because `Errors.forException` knows no better; kplay keeps that code
//! but says what actually went wrong.

use super::compression::Compression;
use crate::engine::error_code::ErrorCode;

/// A record batch (or a run of batches) that Kafka would refuse to read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// The buffer ends inside a batch: a torn write at the end of a segment, which
    /// `LogSegment.recover` truncates away (Java's batch iterator just stops there).
    #[error(
        "record batch at byte {position} is truncated: it needs {needed} bytes but only {available} remain (a torn write)"
    )]
    TruncatedBatch {
        position: usize,
        needed: usize,
        available: usize,
    },

    /// The batch's Length field is below the smallest legal record (`ByteBufferLogInputStream`).
    #[error("Record size {size} is less than the minimum record overhead (14)")]
    LengthTooSmall { size: i32 },

    /// Framing problems without a dedicated variant (`DefaultRecordBatch.ensureValid`, extra bytes).
    #[error("{reason}")]
    CorruptBatch { reason: String },

    /// A magic byte outside 0..=2 (`ByteBufferLogInputStream.nextBatchSize`).
    #[error("Invalid magic found in record: {0}")]
    InvalidMagic(i8),

    /// Magic 0 or 1: the pre-0.11 message formats. Kafka still reads them; kplay only
    /// implements the v2 `DefaultRecordBatch` format that Kafka 4 writes.
    #[error(
        "unsupported message format: magic {0} (kplay only reads record batches with magic 2)"
    )]
    UnsupportedMagic(i8),

    /// The stored CRC-32C does not match the bytes (`DefaultRecordBatch.ensureValid`).
    #[error("Record is corrupt (stored crc = {expected}, computed crc = {computed})")]
    CrcMismatch { expected: u32, computed: u32 },

    /// Attribute bits 0-2 hold a codec id Kafka does not know (`CompressionType.forId`).
    #[error("Unknown compression type id: {0}")]
    UnknownCompression(u8),

    /// The codec stream is damaged (`DefaultRecordBatch.StreamRecordIterator`).
    #[error("Failed to decompress record stream ({codec}): {reason}", codec = codec.name())]
    Decompress { codec: Compression, reason: String },

    /// Decompressing would exceed kplay's bound on one batch's records (a decompression bomb).
    #[error(
        "Failed to decompress record stream ({codec}): the records exceed {limit} bytes once decompressed",
        codec = codec.name()
    )]
    DecompressedTooLarge { codec: Compression, limit: usize },

    /// A negative RecordsCount (`DefaultRecordBatch.RecordIterator`).
    #[error("Found invalid record count {0} in magic v2 batch")]
    InvalidRecordCount(i32),

    /// The records ran out before RecordsCount records were read.
    #[error("Incorrect declared batch size, premature EOF reached")]
    PrematureEof,

    /// Bytes remain after RecordsCount records were read.
    #[error("Incorrect declared batch size, records still remaining in file")]
    RecordsRemaining,

    /// A record's Length exceeds what is left of the batch (`DefaultRecord.readFrom(ByteBuffer)`).
    #[error(
        "Invalid record size: expected {expected} bytes in record payload, but instead the buffer has only {remaining} remaining bytes."
    )]
    RecordTooLong { expected: i32, remaining: usize },

    /// A record's Length exceeds the decompressed stream (`DefaultRecord.readFrom(InputStream)`).
    #[error(
        "Invalid record size: expected {expected} bytes in record payload, but the record payload reached EOF."
    )]
    RecordPayloadEof { expected: i32 },

    /// The record's fields do not add up to its Length.
    #[error(
        "Invalid record size: expected to read {expected} bytes in record payload, but instead read {read}"
    )]
    RecordSizeMismatch { expected: i32, read: usize },

    /// A negative header count.
    #[error("Found invalid number of record headers {0}")]
    InvalidHeaderCount(i32),

    /// More headers than bytes left, which cannot be (each header takes at least 2 bytes).
    #[error(
        "Found invalid number of record headers. {0} is larger than the remaining size of the buffer"
    )]
    HeaderCountTooLarge(i32),

    /// A header key of negative length (a header key cannot be null).
    #[error("Invalid negative header key size {0}")]
    NegativeHeaderKeySize(i32),

    /// A record field runs past the end of its bytes, or a varint is malformed.
    #[error("Found invalid record structure: {reason}")]
    InvalidRecordStructure { reason: String },

    /// A control record whose key or value is not a valid `ControlRecordType` /
    /// `EndTransactionMarker`.
    #[error("{reason}")]
    InvalidControlRecord { reason: String },
}

impl RecordError {
    /// The Kafka error code a client would receive for this refusal.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            // CorruptRecordException
            RecordError::TruncatedBatch { .. }
            | RecordError::LengthTooSmall { .. }
            | RecordError::CorruptBatch { .. }
            | RecordError::InvalidMagic(_)
            | RecordError::UnsupportedMagic(_)
            | RecordError::CrcMismatch { .. } => ErrorCode::CorruptMessage,
            // IllegalArgumentException / KafkaException: Errors.forException falls back to UNKNOWN_SERVER_ERROR.
            RecordError::UnknownCompression(_) | RecordError::Decompress { .. } => {
                ErrorCode::UnknownServerError
            }
            // kplay's bound on a batch, like the broker's size limits.
            RecordError::DecompressedTooLarge { .. } => ErrorCode::MessageTooLarge,
            // InvalidRecordException
            RecordError::InvalidRecordCount(_)
            | RecordError::PrematureEof
            | RecordError::RecordsRemaining
            | RecordError::RecordTooLong { .. }
            | RecordError::RecordPayloadEof { .. }
            | RecordError::RecordSizeMismatch { .. }
            | RecordError::InvalidHeaderCount(_)
            | RecordError::HeaderCountTooLarge(_)
            | RecordError::NegativeHeaderKeySize(_)
            | RecordError::InvalidRecordStructure { .. }
            | RecordError::InvalidControlRecord { .. } => ErrorCode::InvalidRecord,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_codes_are_kafkas() {
        let e = RecordError::CrcMismatch {
            expected: 443998212,
            computed: 3208082042,
        };
        assert_eq!(
            e.to_string(),
            "Record is corrupt (stored crc = 443998212, computed crc = 3208082042)"
        );
        assert_eq!(e.error_code(), ErrorCode::CorruptMessage);
        let e = RecordError::PrematureEof;
        assert_eq!(
            e.to_string(),
            "Incorrect declared batch size, premature EOF reached"
        );
        assert_eq!(e.error_code(), ErrorCode::InvalidRecord);
        let e = RecordError::LengthTooSmall { size: 10 };
        assert_eq!(
            e.to_string(),
            "Record size 10 is less than the minimum record overhead (14)"
        );
        let e = RecordError::Decompress {
            codec: Compression::Lz4,
            reason: "x".into(),
        };
        assert_eq!(e.to_string(), "Failed to decompress record stream (lz4): x");
    }
}
