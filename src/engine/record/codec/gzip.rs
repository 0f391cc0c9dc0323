//! gzip (`GzipCompression`): a standard RFC 1952 stream, as `java.util.zip.GZIPOutputStream`
//! writes it (MTIME 0, OS 255, default level 6).
//!
//! Reading follows `java.util.zip.GZIPInputStream`: CRC-32 and length trailers are checked,
//! a concatenated gzip member is read on, and any other bytes after a member are ignored.

use super::{read_to_end_limited, CodecError};
use std::io::Write;

/// Appends the gzip stream of `input` to `out`.
pub fn compress(input: &[u8], out: &mut Vec<u8>) {
    let mut encoder = flate2::write::GzEncoder::new(out, flate2::Compression::default());
    // Writing into a Vec cannot fail.
    encoder.write_all(input).expect("gzip into a Vec");
    encoder.finish().expect("gzip into a Vec");
}

/// Decodes a gzip stream (possibly several members) of at most `limit` bytes.
pub fn decompress(input: &[u8], limit: usize) -> Result<Vec<u8>, CodecError> {
    let mut out = Vec::with_capacity(input.len().saturating_mul(4).min(limit));
    let mut rest = input;
    loop {
        let mut decoder = flate2::bufread::GzDecoder::new(rest);
        read_to_end_limited(&mut decoder, &mut out, limit)?;
        rest = decoder.into_inner();
        // GZIPInputStream.readTrailer: another member only if a gzip header follows.
        let another_member = rest.len() >= 10 && rest[..3] == [0x1f, 0x8b, 0x08];
        if !another_member {
            return Ok(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_with_javas_header() {
        let data = b"compressible-value-".repeat(50);
        let mut out = Vec::new();
        compress(&data, &mut out);
        // GZIPOutputStream's header: magic, deflate, no flags, MTIME 0, XFL 0, OS 255.
        assert_eq!(out[..10], [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
        assert_eq!(decompress(&out, 1 << 20).unwrap(), data);
        assert_eq!(decompress(&out, 100), Err(CodecError::TooLarge));
    }

    #[test]
    fn concatenated_members_and_trailing_bytes_like_java() {
        let mut out = Vec::new();
        compress(b"one", &mut out);
        compress(b"two", &mut out);
        out.extend_from_slice(b"junk");
        assert_eq!(decompress(&out, 1 << 20).unwrap(), b"onetwo");
        assert!(matches!(
            decompress(b"not gzip", 1 << 20),
            Err(CodecError::Corrupt(_))
        ));
    }
}
