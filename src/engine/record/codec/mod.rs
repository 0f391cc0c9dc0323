//! The codecs behind `compression.type`, each framed exactly as Kafka's Java streams frame it
//! (`GzipCompression`, `SnappyCompression`, `Lz4Compression`, `ZstdCompression`).
//!
//! Kafka compresses the whole records section of a batch as one stream; the 61-byte header
//! stays plain. Decoders are bounded: they stop with [`CodecError::TooLarge`] rather than grow
//! past the caller's limit (a decompression bomb cannot exhaust the browser tab).

pub mod gzip;
pub mod lz4;
pub mod snappy;
pub mod xxhash32;
pub mod zstd;

use std::io::Read;

/// Why a codec stream could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodecError {
    /// The stream is malformed; the text is the codec library's (or Java's) explanation.
    Corrupt(String),
    /// The decoded bytes would exceed the limit.
    TooLarge,
}

/// Reads `reader` to its end into `out`, failing once `out` would exceed `limit` bytes.
pub(crate) fn read_to_end_limited(
    reader: &mut impl Read,
    out: &mut Vec<u8>,
    limit: usize,
) -> Result<(), CodecError> {
    let allowance = limit.saturating_sub(out.len()) as u64 + 1;
    reader
        .take(allowance)
        .read_to_end(out)
        .map_err(|e| CodecError::Corrupt(e.to_string()))?;
    if out.len() > limit {
        return Err(CodecError::TooLarge);
    }
    Ok(())
}
