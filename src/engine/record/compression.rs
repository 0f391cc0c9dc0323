//! Compression codecs of record batches (`org.apache.kafka.common.record.CompressionType`).
//!
//! The enum names the codec stored in a batch's attributes; [`Compression::compress_into`] and
//! [`Compression::decompress`] run it over a batch's records section with the framing Kafka's
//! Java streams use (see the `codec` modules).

use super::codec::{self, CodecError};
use super::error::RecordError;

/// Upper bound on one batch's decompressed records section.
///
/// Kafka's only bound is Java's array limit (`Records.SOFT_MAX_ARRAY_LENGTH`); kplay runs in a
/// browser tab, so a batch that would inflate past 64 MiB is refused instead (Kafka's default
/// `message.max.bytes` is about 1 MiB of *compressed* batch).
pub const MAX_DECOMPRESSED_RECORDS_BYTES: usize = 64 * 1024 * 1024;

/// A batch's codec, stored in bits 0-2 of its attributes. Kafka compresses the records
/// section of a v2 batch as a whole; the 61-byte header stays uncompressed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum Compression {
    #[default]
    None,
    Gzip,
    Snappy,
    Lz4,
    Zstd,
}

impl Compression {
    /// The attribute id (`CompressionType.id`).
    pub const fn id(self) -> u8 {
        match self {
            Compression::None => 0,
            Compression::Gzip => 1,
            Compression::Snappy => 2,
            Compression::Lz4 => 3,
            Compression::Zstd => 4,
        }
    }

    /// The codec with this attribute id; ids 5-7 are unused by Kafka.
    pub const fn from_id(id: u8) -> Option<Compression> {
        match id {
            0 => Some(Compression::None),
            1 => Some(Compression::Gzip),
            2 => Some(Compression::Snappy),
            3 => Some(Compression::Lz4),
            4 => Some(Compression::Zstd),
            _ => None,
        }
    }

    /// The codec for a `compression.type` value (`CompressionType.forName`).
    pub fn from_name(name: &str) -> Option<Compression> {
        [
            Compression::None,
            Compression::Gzip,
            Compression::Snappy,
            Compression::Lz4,
            Compression::Zstd,
        ]
        .into_iter()
        .find(|c| c.name() == name)
    }

    /// Appends `records` compressed with this codec to `out` (`Compression.wrapForOutput`).
    pub fn compress_into(self, records: &[u8], out: &mut Vec<u8>) {
        match self {
            Compression::None => out.extend_from_slice(records),
            Compression::Gzip => codec::gzip::compress(records, out),
            Compression::Snappy => codec::snappy::compress(records, out),
            Compression::Lz4 => codec::lz4::compress(records, out),
            Compression::Zstd => codec::zstd::compress(records, out),
        }
    }

    /// Decompresses a records section, refusing to produce more than `limit` bytes
    /// (`Compression.wrapForInput`). `None` returns the bytes unchanged.
    pub fn decompress(self, compressed: &[u8], limit: usize) -> Result<Vec<u8>, RecordError> {
        let result = match self {
            Compression::None if compressed.len() > limit => Err(CodecError::TooLarge),
            Compression::None => Ok(compressed.to_vec()),
            Compression::Gzip => codec::gzip::decompress(compressed, limit),
            Compression::Snappy => codec::snappy::decompress(compressed, limit),
            Compression::Lz4 => codec::lz4::decompress(compressed, limit),
            Compression::Zstd => codec::zstd::decompress(compressed, limit),
        };
        result.map_err(|e| match e {
            CodecError::TooLarge => RecordError::DecompressedTooLarge { codec: self, limit },
            CodecError::Corrupt(reason) => RecordError::Decompress {
                codec: self,
                reason,
            },
        })
    }

    /// The `compression.type` config value (`CompressionType.name`).
    pub const fn name(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Snappy => "snappy",
            Compression::Lz4 => "lz4",
            Compression::Zstd => "zstd",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_codec_round_trips() {
        let data = "결제 완료 compressible-value ".repeat(3000).into_bytes();
        for c in [
            Compression::None,
            Compression::Gzip,
            Compression::Snappy,
            Compression::Lz4,
            Compression::Zstd,
        ] {
            assert_eq!(Compression::from_name(c.name()), Some(c));
            assert_eq!(Compression::from_id(c.id()), Some(c));
            let mut out = Vec::new();
            c.compress_into(&data, &mut out);
            assert_eq!(
                c.decompress(&out, MAX_DECOMPRESSED_RECORDS_BYTES).unwrap(),
                data,
                "{}",
                c.name()
            );
            assert!(matches!(
                c.decompress(&out, 10),
                Err(RecordError::DecompressedTooLarge { limit: 10, .. })
            ));
        }
        assert_eq!(Compression::from_name("brotli"), None);
    }
}
