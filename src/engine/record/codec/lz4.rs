//! lz4 (`Lz4Compression`): the LZ4 frame format as Kafka's `Lz4BlockOutputStream` (formerly
//! `KafkaLZ4BlockOutputStream`) writes it, and as `Lz4BlockInputStream` reads it.
//!
//! Kafka writes magic `0x184D2204`, FLG `0x60` (version 1, independent blocks, no checksums, no
//! content size), BD `0x40` (64 KiB blocks), the descriptor checksum, then blocks of at most
//! 64 KiB (stored raw with the high bit set when LZ4 does not shrink them), then a zero end mark.
//!
//! The historical quirk: before magic v1, Kafka computed the descriptor checksum over the
//! magic bytes too (`useBrokenFlagDescriptorChecksum`), and readers of magic v0 batches skip the
//! check. A v2 batch always carries the correct checksum, which is verified here.
//!
//! Reading accepts what `Lz4BlockInputStream` accepts: an optional content size, optional block
//! checksums (verified), an optional content checksum (read but, as in the Kafka release the
//! fixtures come from, not verified). Dependent blocks are refused, as Kafka refuses them.

use super::xxhash32::xxh32;
use super::CodecError;

/// `Lz4BlockOutputStream.MAGIC`.
const MAGIC: u32 = 0x184D_2204;
/// `LZ4_FRAME_INCOMPRESSIBLE_MASK`: the block is stored uncompressed.
const INCOMPRESSIBLE: u32 = 0x8000_0000;
/// FLG: version 1, block independence.
const FLG: u8 = 0x60;
/// BD: block maximum size 64 KiB (`BLOCKSIZE_64KB`).
const BD: u8 = 0x40;
const BLOCK_SIZE: usize = 64 * 1024;

const PREMATURE_EOS: &str = "Stream ended prematurely";

fn corrupt(reason: impl Into<String>) -> CodecError {
    CodecError::Corrupt(reason.into())
}

/// Appends the LZ4 frame of `input` to `out`.
pub fn compress(input: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(&MAGIC.to_le_bytes());
    out.extend_from_slice(&[FLG, BD, (xxh32(&[FLG, BD], 0) >> 8) as u8]);
    for block in input.chunks(BLOCK_SIZE) {
        let len_at = out.len();
        out.resize(
            len_at + 4 + lz4_flex::block::get_maximum_output_size(block.len()),
            0,
        );
        // The output was sized by get_maximum_output_size, so compression cannot run out of room.
        let n = lz4_flex::block::compress_into(block, &mut out[len_at + 4..]).expect("lz4 block");
        let word = if n >= block.len() {
            // Lz4BlockOutputStream.writeBlock: store incompressible blocks raw.
            out.truncate(len_at + 4);
            out.extend_from_slice(block);
            block.len() as u32 | INCOMPRESSIBLE
        } else {
            out.truncate(len_at + 4 + n);
            n as u32
        };
        out[len_at..len_at + 4].copy_from_slice(&word.to_le_bytes());
    }
    out.extend_from_slice(&0u32.to_le_bytes());
}

fn take<'a>(input: &'a [u8], pos: &mut usize, n: usize) -> Result<&'a [u8], CodecError> {
    if input.len() - *pos < n {
        return Err(corrupt(PREMATURE_EOS));
    }
    let s = &input[*pos..*pos + n];
    *pos += n;
    Ok(s)
}

fn u32_le(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

/// Decodes an LZ4 frame of at most `limit` bytes.
pub fn decompress(input: &[u8], limit: usize) -> Result<Vec<u8>, CodecError> {
    let mut pos = 0;
    if input.len() < 6 {
        return Err(corrupt(PREMATURE_EOS));
    }
    if u32_le(take(input, &mut pos, 4)?) != MAGIC {
        return Err(corrupt("Stream unsupported (invalid magic bytes)"));
    }
    let descriptor_start = pos;
    let flg = take(input, &mut pos, 1)?[0];
    let bd = take(input, &mut pos, 1)?[0];
    // Lz4BlockOutputStream.FLG.validate / BD.validate.
    if flg & 0x03 != 0 {
        return Err(corrupt("Reserved bits must be 0"));
    }
    if flg & 0x20 == 0 {
        return Err(corrupt("Dependent block stream is unsupported"));
    }
    if flg >> 6 != 1 {
        return Err(corrupt(format!("Version {} is unsupported", flg >> 6)));
    }
    if bd & 0x0f != 0 {
        return Err(corrupt("Reserved2 field must be 0"));
    }
    let block_size_value = (bd >> 4) & 0x07;
    if !(4..=7).contains(&block_size_value) {
        return Err(corrupt("Block size value must be between 4 and 7"));
    }
    if bd & 0x80 != 0 {
        return Err(corrupt("Reserved3 field must be 0"));
    }
    let max_block_size = 1usize << (2 * block_size_value as usize + 8);
    let block_checksums = flg & 0x10 != 0;
    let content_size = flg & 0x08 != 0;
    let content_checksum = flg & 0x04 != 0;
    if content_size {
        take(input, &mut pos, 8)?;
    }
    let expected_hc = (xxh32(&input[descriptor_start..pos], 0) >> 8) as u8;
    if take(input, &mut pos, 1)?[0] != expected_hc {
        return Err(corrupt("Stream frame descriptor corrupted"));
    }

    let mut out = Vec::new();
    loop {
        let word = u32_le(take(input, &mut pos, 4)?);
        let compressed = word & INCOMPRESSIBLE == 0;
        let size = (word & !INCOMPRESSIBLE) as usize;
        if size == 0 {
            if content_checksum {
                take(input, &mut pos, 4)?;
            }
            // Lz4BlockInputStream stops at the end mark; later bytes are never read.
            return Ok(out);
        }
        if size > max_block_size {
            return Err(corrupt(format!(
                "Block size {size} exceeded max: {max_block_size}"
            )));
        }
        let block = take(input, &mut pos, size)?;
        if compressed {
            // Allocates capacity only; a block inflating past max_block_size is an error.
            let plain = lz4_flex::block::decompress(block, max_block_size)
                .map_err(|e| corrupt(e.to_string()))?;
            if out.is_empty() {
                out = plain;
            } else {
                out.extend_from_slice(&plain);
            }
        } else {
            out.extend_from_slice(block);
        }
        if out.len() > limit {
            return Err(CodecError::TooLarge);
        }
        if block_checksums {
            let stored = u32_le(take(input, &mut pos, 4)?);
            if stored != xxh32(block, 0) {
                return Err(corrupt("Block checksum mismatch"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_kafkas_frame_header_and_round_trips() {
        let data = b"compressible-value-".repeat(8000);
        let mut out = Vec::new();
        compress(&data, &mut out);
        assert_eq!(out[..7], [0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82]);
        assert_eq!(out[out.len() - 4..], [0, 0, 0, 0]);
        assert_eq!(decompress(&out, 1 << 20).unwrap(), data);
        assert_eq!(decompress(&out, 1000), Err(CodecError::TooLarge));
    }

    #[test]
    fn incompressible_blocks_are_stored_raw() {
        let data: Vec<u8> = (0..200u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        let mut out = Vec::new();
        compress(&data, &mut out);
        assert_eq!(u32_le(&out[7..11]), data.len() as u32 | INCOMPRESSIBLE);
        assert_eq!(decompress(&out, 1 << 20).unwrap(), data);
    }

    #[test]
    fn a_block_inflating_past_its_maximum_is_an_error() {
        let big = vec![7u8; 3 * BLOCK_SIZE];
        let block = lz4_flex::block::compress(&big);
        let mut frame = Vec::new();
        frame.extend_from_slice(&MAGIC.to_le_bytes());
        frame.extend_from_slice(&[FLG, BD, (xxh32(&[FLG, BD], 0) >> 8) as u8]);
        frame.extend_from_slice(&(block.len() as u32).to_le_bytes());
        frame.extend_from_slice(&block);
        frame.extend_from_slice(&0u32.to_le_bytes());
        assert!(matches!(
            decompress(&frame, 1 << 20),
            Err(CodecError::Corrupt(_))
        ));
    }

    #[test]
    fn refuses_what_kafka_refuses() {
        let mut out = Vec::new();
        compress(b"abc", &mut out);
        let mut bad_hc = out.clone();
        bad_hc[6] ^= 1;
        assert_eq!(
            decompress(&bad_hc, 100),
            Err(corrupt("Stream frame descriptor corrupted"))
        );
        let mut dependent = out.clone();
        dependent[4] = 0x40;
        assert_eq!(
            decompress(&dependent, 100),
            Err(corrupt("Dependent block stream is unsupported"))
        );
        let cut = &out[..out.len() - 4];
        assert_eq!(decompress(cut, 100), Err(corrupt(PREMATURE_EOS)));
    }
}
