//! snappy (`SnappyCompression`): the xerial framing of snappy-java's `SnappyOutputStream`.
//!
//! ```text
//! header: 0x82 'S' 'N' 'A' 'P' 'P' 'Y' 0x00 | version int32 = 1 | compatible version int32 = 1
//! then per 32 KiB of input: compressed length int32 (big-endian) | raw snappy block
//! ```
//! This is not Google's "framing format" (`snap::read::FrameDecoder` would refuse it): each
//! chunk is a plain raw snappy block. Reading follows `SnappyInputStream`: input without the
//! magic header is one raw block, a repeated header starts a concatenated stream, and fewer
//! than 4 trailing bytes end the stream.

use super::CodecError;

/// `SnappyCodec.MAGIC_HEADER`.
const MAGIC: [u8; 8] = [0x82, b'S', b'N', b'A', b'P', b'P', b'Y', 0];
/// Magic + version + compatible version (`SnappyCodec.headerSize()`).
const HEADER_LEN: usize = 16;
/// `SnappyOutputStream`'s default block size, which Kafka uses.
const BLOCK_SIZE: usize = 32 * 1024;
/// `SnappyCodec.MINIMUM_COMPATIBLE_VERSION`.
const MINIMUM_COMPATIBLE_VERSION: i32 = 1;

/// Appends the xerial-framed snappy stream of `input` to `out`.
pub fn compress(input: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&1i32.to_be_bytes());
    out.extend_from_slice(&1i32.to_be_bytes());
    let mut encoder = snap::raw::Encoder::new();
    for chunk in input.chunks(BLOCK_SIZE) {
        let len_at = out.len();
        out.resize(len_at + 4 + snap::raw::max_compress_len(chunk.len()), 0);
        // The output was sized by max_compress_len and a chunk is far below snappy's 4 GiB limit.
        let n = encoder
            .compress(chunk, &mut out[len_at + 4..])
            .expect("snappy block");
        out.truncate(len_at + 4 + n);
        out[len_at..len_at + 4].copy_from_slice(&(n as i32).to_be_bytes());
    }
}

fn corrupt(reason: impl Into<String>) -> CodecError {
    CodecError::Corrupt(reason.into())
}

/// Decodes one raw snappy block, appending to `out`, within `limit`.
fn raw_block(block: &[u8], out: &mut Vec<u8>, limit: usize) -> Result<(), CodecError> {
    let n = snap::raw::decompress_len(block).map_err(|e| corrupt(e.to_string()))?;
    if out.len().saturating_add(n) > limit {
        return Err(CodecError::TooLarge);
    }
    let at = out.len();
    out.resize(at + n, 0);
    let written = snap::raw::Decoder::new()
        .decompress(block, &mut out[at..])
        .map_err(|e| corrupt(e.to_string()))?;
    if written != n {
        return Err(corrupt(format!(
            "expected {n} bytes, but decompressed chunk has {written} bytes"
        )));
    }
    Ok(())
}

/// Decodes a `SnappyOutputStream` stream of at most `limit` bytes (`SnappyInputStream`).
pub fn decompress(input: &[u8], limit: usize) -> Result<Vec<u8>, CodecError> {
    if input.is_empty() {
        return Err(corrupt("Cannot decompress empty stream"));
    }
    let mut out = Vec::new();
    if input.len() < HEADER_LEN || input[..8] != MAGIC {
        // "(probably) compressed by Snappy.compress(byte[])": one raw block.
        raw_block(input, &mut out, limit)?;
        return Ok(out);
    }
    let mut pos = HEADER_LEN;
    while input.len() - pos >= 4 {
        let chunk =
            i32::from_be_bytes([input[pos], input[pos + 1], input[pos + 2], input[pos + 3]]);
        if input[pos..pos + 4] == MAGIC[..4] {
            // A concatenated stream: another header follows.
            if input.len() - pos < HEADER_LEN {
                return Err(corrupt("Insufficient header size in a concatenated block"));
            }
            let header = &input[pos..pos + HEADER_LEN];
            pos += HEADER_LEN;
            if header[..8] != MAGIC {
                break;
            }
            let version = i32::from_be_bytes([header[8], header[9], header[10], header[11]]);
            if version < MINIMUM_COMPATIBLE_VERSION {
                return Err(corrupt(format!(
                    "Compressed with an incompatible codec version {version}. At least version {MINIMUM_COMPATIBLE_VERSION} is required"
                )));
            }
            continue;
        }
        pos += 4;
        if chunk < 0 {
            return Err(corrupt(format!(
                "chunkSize is too big or negative : {chunk}"
            )));
        }
        let chunk = chunk as usize;
        if input.len() - pos < chunk {
            return Err(corrupt("failed to read chunk"));
        }
        raw_block(&input[pos..pos + chunk], &mut out, limit)?;
        pos += chunk;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_across_blocks() {
        let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        let mut out = Vec::new();
        compress(&data, &mut out);
        assert_eq!(
            out[..16],
            [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0, 0, 0, 0, 1, 0, 0, 0, 1]
        );
        assert_eq!(decompress(&out, 1 << 20).unwrap(), data);
        assert_eq!(decompress(&out, 50_000), Err(CodecError::TooLarge));
    }

    #[test]
    fn raw_blocks_concatenation_and_errors() {
        let raw = snap::raw::Encoder::new()
            .compress_vec(b"plain raw snappy")
            .unwrap();
        assert_eq!(decompress(&raw, 1 << 20).unwrap(), b"plain raw snappy");
        let mut two = Vec::new();
        compress(b"ab", &mut two);
        compress(b"cd", &mut two);
        two.extend_from_slice(&[0, 0]); // fewer than 4 trailing bytes end the stream
        assert_eq!(decompress(&two, 1 << 20).unwrap(), b"abcd");
        assert_eq!(
            decompress(&[], 10),
            Err(corrupt("Cannot decompress empty stream"))
        );
        let mut cut = Vec::new();
        compress(b"hello hello hello", &mut cut);
        cut.truncate(cut.len() - 1);
        assert_eq!(
            decompress(&cut, 1 << 20),
            Err(corrupt("failed to read chunk"))
        );
    }
}
