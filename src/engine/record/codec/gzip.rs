//! gzip (`GzipCompression`): a standard RFC 1952 stream, as `java.util.zip.GZIPOutputStream`
//! writes it (MTIME 0, XFL 0, OS 255, default level 6).
//!
//! Reading follows `java.util.zip.GZIPInputStream`: `readHeader` skips the optional extra
//! field, file name and comment and checks the header CRC when the flags say so; the CRC-32
//! and length trailers are checked (`readTrailer`); when bytes follow a member, a next member
//! is read if they start with a header `readHeader` accepts, and otherwise they are ignored.
//!
//! The framing is written here on `miniz_oxide`'s raw DEFLATE and the `crc` crate's CRC-32
//! (one 1 KiB table) rather than through `flate2`, whose `crc32fast` carries a 16 KiB table
//! into the page's wasm: the framing is a few dozen lines, the table barely compresses.

use miniz_oxide::inflate::stream::{inflate, InflateState};
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};

use super::CodecError;

/// CRC-32 as gzip and `java.util.zip.CRC32` compute it (ISO-HDLC, reflected, 0xEDB88320).
const CRC32: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);

/// `GZIPOutputStream`'s header: magic, deflate, no flags, MTIME 0, XFL 0, OS 255 (unknown).
const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
/// The header flags `GZIPInputStream.readHeader` acts on (FTEXT is ignored, as in Java).
const FHCRC: u8 = 2;
const FEXTRA: u8 = 4;
const FNAME: u8 = 8;
const FCOMMENT: u8 = 16;
/// `Deflater.DEFAULT_COMPRESSION`, which zlib maps to level 6.
const DEFAULT_LEVEL: u8 = 6;
/// How much is inflated per call into the output.
const INFLATE_CHUNK: usize = 32 * 1024;

/// Appends the gzip stream of `input` to `out`.
pub fn compress(input: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(&HEADER);
    out.extend_from_slice(&miniz_oxide::deflate::compress_to_vec(input, DEFAULT_LEVEL));
    out.extend_from_slice(&CRC32.checksum(input).to_le_bytes());
    // ISIZE is the input's length modulo 2^32 (RFC 1952 §2.3.1): the truncation is the format.
    out.extend_from_slice(&(input.len() as u32).to_le_bytes());
}

/// Decodes a gzip stream (possibly several members) of at most `limit` bytes.
pub fn decompress(input: &[u8], limit: usize) -> Result<Vec<u8>, CodecError> {
    let mut out = Vec::with_capacity(input.len().saturating_mul(4).min(limit));
    let mut rest = &input[read_header(input)?..];
    loop {
        let member_start = out.len();
        let consumed = inflate_member(rest, &mut out, limit)?;
        rest = &rest[consumed..];
        let trailer = rest.get(..8).ok_or_else(unexpected_end)?;
        let crc = u32::from_le_bytes(trailer[..4].try_into().expect("4 bytes"));
        let size = u32::from_le_bytes(trailer[4..].try_into().expect("4 bytes"));
        let member = &out[member_start..];
        if crc != CRC32.checksum(member) || size != member.len() as u32 {
            return Err(CodecError::Corrupt("Corrupt GZIP trailer".into()));
        }
        rest = &rest[8..];
        // GZIPInputStream.readTrailer: another member only if what follows reads as a
        // header; anything else after a member is ignored.
        match read_header(rest) {
            Ok(header_len) => rest = &rest[header_len..],
            Err(_) => return Ok(out),
        }
    }
}

fn unexpected_end() -> CodecError {
    CodecError::Corrupt("Unexpected end of ZLIB input stream".into())
}

/// The length of the member header at the start of `input`, as `GZIPInputStream.readHeader`
/// reads it (with its messages).
fn read_header(input: &[u8]) -> Result<usize, CodecError> {
    let byte = |at: usize| input.get(at).copied().ok_or_else(unexpected_end);
    if byte(0)? != 0x1f || byte(1)? != 0x8b {
        return Err(CodecError::Corrupt("Not in GZIP format".into()));
    }
    if byte(2)? != 8 {
        return Err(CodecError::Corrupt("Unsupported compression method".into()));
    }
    let flags = byte(3)?;
    // MTIME, XFL and OS are skipped.
    let mut at = 10;
    byte(at - 1)?;
    if flags & FEXTRA != 0 {
        let extra_len = usize::from(u16::from_le_bytes([byte(at)?, byte(at + 1)?]));
        at += 2 + extra_len;
        byte(at - 1)?;
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            while byte(at)? != 0 {
                at += 1;
            }
            at += 1;
        }
    }
    if flags & FHCRC != 0 {
        let expected = u16::from_le_bytes([byte(at)?, byte(at + 1)?]);
        // The low 16 bits of the CRC-32 of the header bytes before it (RFC 1952 §2.3.1).
        if expected != CRC32.checksum(&input[..at]) as u16 {
            return Err(CodecError::Corrupt("Corrupt GZIP header".into()));
        }
        at += 2;
    }
    Ok(at)
}

/// Inflates the raw DEFLATE stream at the start of `input` onto `out`, failing once `out`
/// would pass `limit`; returns how many input bytes the stream took.
fn inflate_member(input: &[u8], out: &mut Vec<u8>, limit: usize) -> Result<usize, CodecError> {
    let mut state = InflateState::new_boxed(DataFormat::Raw);
    let mut chunk = vec![0u8; INFLATE_CHUNK];
    let mut consumed = 0;
    loop {
        let step = inflate(&mut state, &input[consumed..], &mut chunk, MZFlush::None);
        consumed += step.bytes_consumed;
        if out.len() + step.bytes_written > limit {
            return Err(CodecError::TooLarge);
        }
        out.extend_from_slice(&chunk[..step.bytes_written]);
        match step.status {
            Ok(MZStatus::StreamEnd) => return Ok(consumed),
            // Progress was made; the output chunk was full or more input is needed.
            Ok(_) if step.bytes_consumed + step.bytes_written > 0 => {}
            Ok(_) | Err(MZError::Buf) => return Err(unexpected_end()),
            Err(e) => return Err(CodecError::Corrupt(format!("invalid DEFLATE data ({e:?})"))),
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
        assert_eq!(out[..10], HEADER);
        assert_eq!(decompress(&out, 1 << 20).unwrap(), data);
        assert_eq!(decompress(&out, 100), Err(CodecError::TooLarge));
    }

    #[test]
    fn the_crc_is_javas_crc32() {
        // java.util.zip.CRC32 over "123456789", the CRC-32 check value.
        assert_eq!(CRC32.checksum(b"123456789"), 0xcbf4_3926);
    }

    #[test]
    fn large_inputs_inflate_across_chunks() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut out = Vec::new();
        compress(&data, &mut out);
        assert_eq!(decompress(&out, data.len()).unwrap(), data);
        assert_eq!(decompress(&out, data.len() - 1), Err(CodecError::TooLarge));
    }

    #[test]
    fn concatenated_members_and_trailing_bytes_like_java() {
        let mut out = Vec::new();
        compress(b"one", &mut out);
        compress(b"two", &mut out);
        out.extend_from_slice(b"junk");
        assert_eq!(decompress(&out, 1 << 20).unwrap(), b"onetwo");
        assert_eq!(
            decompress(b"not gzip", 1 << 20),
            Err(CodecError::Corrupt("Not in GZIP format".into()))
        );
    }

    #[test]
    fn optional_header_fields_are_skipped_and_the_header_crc_checked() {
        let mut member = Vec::new();
        compress(b"payload", &mut member);
        let body = member[10..].to_vec();
        // FEXTRA (2 bytes), FNAME, FCOMMENT and FHCRC, as gzip(1) may write them.
        let mut header = vec![
            0x1f,
            0x8b,
            8,
            FEXTRA | FNAME | FCOMMENT | FHCRC,
            0,
            0,
            0,
            0,
            0,
            3,
        ];
        header.extend_from_slice(&[2, 0, 0xab, 0xcd]);
        header.extend_from_slice(b"name.txt\0a comment\0");
        let header_crc = CRC32.checksum(&header) as u16;
        let mut stream = header.clone();
        stream.extend_from_slice(&header_crc.to_le_bytes());
        stream.extend_from_slice(&body);
        assert_eq!(decompress(&stream, 1 << 20).unwrap(), b"payload");

        let mut bad = header;
        bad.extend_from_slice(&(header_crc ^ 1).to_le_bytes());
        bad.extend_from_slice(&body);
        assert_eq!(
            decompress(&bad, 1 << 20),
            Err(CodecError::Corrupt("Corrupt GZIP header".into()))
        );
    }

    #[test]
    fn damaged_members_are_refused_with_javas_messages() {
        let mut out = Vec::new();
        compress(b"some records", &mut out);
        let mut flipped_crc = out.clone();
        let crc_at = flipped_crc.len() - 8;
        flipped_crc[crc_at] ^= 0xff;
        assert_eq!(
            decompress(&flipped_crc, 1 << 20),
            Err(CodecError::Corrupt("Corrupt GZIP trailer".into()))
        );
        assert_eq!(
            decompress(&out[..out.len() - 3], 1 << 20),
            Err(CodecError::Corrupt(
                "Unexpected end of ZLIB input stream".into()
            ))
        );
        assert_eq!(
            decompress(&out[..14], 1 << 20),
            Err(CodecError::Corrupt(
                "Unexpected end of ZLIB input stream".into()
            ))
        );
        let mut method = out;
        method[2] = 7;
        assert_eq!(
            decompress(&method, 1 << 20),
            Err(CodecError::Corrupt("Unsupported compression method".into()))
        );
    }
}
