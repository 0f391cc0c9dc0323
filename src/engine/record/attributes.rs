//! The 16-bit Attributes field of a v2 batch header (`DefaultRecordBatch.computeAttributes`).
//!
//! ```text
//! | Unused (7-15) | DeleteHorizon (6) | Control (5) | Transactional (4) | TimestampType (3) | Compression (0-2) |
//! ```
//! Kafka reads only the low byte (`(byte) buffer.getShort(ATTRIBUTES_OFFSET)`) and writes the
//! high byte as zero, so unused bits are ignored on read and cleared on write.

use super::compression::Compression;
use super::error::RecordError;
use super::timestamp_type::TimestampType;

const COMPRESSION_CODEC_MASK: i16 = 0x07;
const TIMESTAMP_TYPE_MASK: i16 = 0x08;
const TRANSACTIONAL_FLAG_MASK: i16 = 0x10;
const CONTROL_FLAG_MASK: i16 = 0x20;
const DELETE_HORIZON_FLAG_MASK: i16 = 0x40;

/// A batch's attributes, decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct BatchAttributes {
    /// Codec of the records section (bits 0-2).
    pub compression: Compression,
    /// CreateTime or LogAppendTime (bit 3).
    pub timestamp_type: TimestampType,
    /// Part of a transaction (bit 4): held back from `read_committed` consumers until its marker.
    pub is_transactional: bool,
    /// A control batch (bit 5): transaction markers, never returned to applications.
    pub is_control: bool,
    /// The log cleaner stored a delete horizon in BaseTimestamp (bit 6, KIP-534).
    pub has_delete_horizon: bool,
}

impl BatchAttributes {
    /// The wire value (`DefaultRecordBatch.computeAttributes`).
    pub fn to_bits(&self) -> i16 {
        let mut bits = i16::from(self.compression.id()) & COMPRESSION_CODEC_MASK;
        if self.timestamp_type == TimestampType::LogAppendTime {
            bits |= TIMESTAMP_TYPE_MASK;
        }
        if self.is_transactional {
            bits |= TRANSACTIONAL_FLAG_MASK;
        }
        if self.is_control {
            bits |= CONTROL_FLAG_MASK;
        }
        if self.has_delete_horizon {
            bits |= DELETE_HORIZON_FLAG_MASK;
        }
        bits
    }

    /// Decodes the wire value; only an unknown codec id (5-7) is an error, as in
    /// `CompressionType.forId`.
    pub fn from_bits(bits: i16) -> Result<BatchAttributes, RecordError> {
        let codec_id = (bits & COMPRESSION_CODEC_MASK) as u8;
        let compression =
            Compression::from_id(codec_id).ok_or(RecordError::UnknownCompression(codec_id))?;
        Ok(BatchAttributes {
            compression,
            timestamp_type: if bits & TIMESTAMP_TYPE_MASK != 0 {
                TimestampType::LogAppendTime
            } else {
                TimestampType::CreateTime
            },
            is_transactional: bits & TRANSACTIONAL_FLAG_MASK != 0,
            is_control: bits & CONTROL_FLAG_MASK != 0,
            has_delete_horizon: bits & DELETE_HORIZON_FLAG_MASK != 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixture_values_decode() {
        // control-commit: attributes 48 = transactional + control.
        let a = BatchAttributes::from_bits(48).unwrap();
        assert!(a.is_transactional && a.is_control);
        assert_eq!(a.compression, Compression::None);
        // log-append-time: 8.
        let a = BatchAttributes::from_bits(8).unwrap();
        assert_eq!(a.timestamp_type, TimestampType::LogAppendTime);
        assert_eq!(
            BatchAttributes::from_bits(4).unwrap().compression,
            Compression::Zstd
        );
        assert_eq!(
            BatchAttributes::from_bits(5),
            Err(RecordError::UnknownCompression(5))
        );
    }

    #[test]
    fn round_trips_every_combination_and_ignores_unused_bits() {
        for bits in 0..0x80i16 {
            if bits & 7 > 4 {
                continue;
            }
            let a = BatchAttributes::from_bits(bits).unwrap();
            assert_eq!(a.to_bits(), bits);
            assert_eq!(BatchAttributes::from_bits(bits | 0x0180).unwrap(), a);
        }
    }
}
