//! zstd (`ZstdCompression`): standard Zstandard frames (RFC 8878), which Kafka writes with
//! zstd-jni's `ZstdOutputStreamNoFinalizer` and reads with `ZstdInputStreamNoFinalizer`.
//!
//! Decoding is pure Rust (`ruzstd`); it reads concatenated frames, skips skippable frames and
//! verifies content checksums when present, as libzstd does. Encoding uses `ruzstd`'s
//! "Fastest" level (about zstd level 1; Kafka defaults to level 3): the bytes differ from
//! Java's, the content does not, and any zstd decoder (Kafka's included) reads them.

use super::CodecError;
use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};
use ruzstd::decoding::{BlockDecodingStrategy, FrameDecoder};

/// Appends a zstd frame of `input` to `out`.
pub fn compress(input: &[u8], out: &mut Vec<u8>) {
    ruzstd::encoding::compress(
        input,
        &mut *out,
        ruzstd::encoding::CompressionLevel::Fastest,
    );
}

fn corrupt(e: impl ToString) -> CodecError {
    CodecError::Corrupt(e.to_string())
}

/// Decodes zstd frames of at most `limit` bytes in total.
pub fn decompress(input: &[u8], limit: usize) -> Result<Vec<u8>, CodecError> {
    let mut out = Vec::new();
    let mut src = input;
    let mut decoder = FrameDecoder::new();
    // A frame may not ask for a window larger than what we would accept as output.
    decoder.set_max_window_size(limit.max(1 << 20) as u64);
    while !src.is_empty() {
        match decoder.reset(&mut src) {
            Ok(()) => {}
            Err(FrameDecoderError::ReadFrameHeaderError(ReadFrameHeaderError::SkipFrame {
                length,
                ..
            })) => {
                src = src
                    .get(length as usize..)
                    .ok_or_else(|| corrupt("truncated skippable frame"))?;
                continue;
            }
            Err(e) => return Err(corrupt(e)),
        }
        loop {
            decoder
                .decode_blocks(&mut src, BlockDecodingStrategy::UptoBytes(64 * 1024))
                .map_err(corrupt)?;
            let finished = decoder.is_finished();
            if let Some(chunk) = decoder.collect() {
                if out.len() + chunk.len() > limit {
                    return Err(CodecError::TooLarge);
                }
                out.extend_from_slice(&chunk);
            }
            if finished {
                break;
            }
        }
        if let Some(stored) = decoder.get_checksum_from_data() {
            if decoder.get_calculated_checksum() != Some(stored) {
                return Err(corrupt("Restored data doesn't match checksum"));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_respects_the_limit() {
        let data = b"compressible-value-".repeat(20_000);
        let mut out = Vec::new();
        compress(&data, &mut out);
        assert_eq!(out[..4], [0x28, 0xb5, 0x2f, 0xfd]);
        assert!(out.len() < data.len() / 4);
        assert_eq!(decompress(&out, 1 << 20).unwrap(), data);
        assert_eq!(decompress(&out, 1000), Err(CodecError::TooLarge));
    }

    #[test]
    fn concatenated_and_skippable_frames() {
        let mut out = Vec::new();
        compress(b"one", &mut out);
        out.extend_from_slice(&[0x50, 0x2a, 0x4d, 0x18, 2, 0, 0, 0, 9, 9]);
        compress(b"two", &mut out);
        assert_eq!(decompress(&out, 100).unwrap(), b"onetwo");
        assert!(matches!(
            decompress(b"garbage", 100),
            Err(CodecError::Corrupt(_))
        ));
    }
}
