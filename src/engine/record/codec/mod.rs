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

/// Why a codec stream could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodecError {
    /// The stream is malformed; the text is the codec library's (or Java's) explanation.
    Corrupt(String),
    /// The decoded bytes would exceed the limit.
    TooLarge,
}
