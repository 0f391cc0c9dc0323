//! Zig-zag variable-length integers, exactly as Kafka's `org.apache.kafka.common.utils.ByteUtils`.
//!
//! Every length and delta inside a v2 record (`DefaultRecord`) is a Protocol-Buffers style
//! varint: 7 bits per byte, least significant group first, high bit = "more bytes follow".
//! Signed values are zig-zag mapped first (`(v << 1) ^ (v >> 31)`) so that small negative
//! numbers (a null key's `-1`, a negative timestamp delta) stay one byte long.
//!
//! The readers reproduce Java's edge cases bit for bit: a 5th varint byte contributes only
//! its low 4 bits (`tmp << 28` on a Java `int`), and a 10th varlong byte only its lowest bit
//! (`b << 63`); a continuation bit on the 5th (resp. 10th) byte is an error
//! (`ByteUtils.illegalVarintException` / `illegalVarlongException`).

/// Why a varint could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarintError {
    /// The buffer ended in the middle of the varint (Java's `BufferUnderflowException`).
    Underflow,
    /// A 5-byte varint (or 10-byte varlong) still had its continuation bit set. Carries the
    /// value read so far, which Java prints in hex in its `IllegalArgumentException`.
    TooLong { converted: u64, is_long: bool },
}

impl core::fmt::Display for VarintError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            VarintError::Underflow => write!(f, "the buffer ended inside a varint"),
            // Messages of `ByteUtils.illegalVarintException` / `illegalVarlongException`.
            VarintError::TooLong { converted, is_long: false } => write!(
                f,
                "Varint is too long, the most significant bit in the 5th byte is set, converted value: {:x}",
                *converted as u32
            ),
            VarintError::TooLong { converted, is_long: true } => write!(
                f,
                "Varlong is too long, most significant bit in the 10th byte is set, converted value: {converted:x}"
            ),
        }
    }
}

/// Zig-zag encodes a signed int (`(value << 1) ^ (value >> 31)`).
#[inline(always)]
pub const fn zigzag_i32(value: i32) -> u32 {
    ((value << 1) ^ (value >> 31)) as u32
}

/// Zig-zag encodes a signed long (`(value << 1) ^ (value >> 63)`).
#[inline(always)]
pub const fn zigzag_i64(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

/// Inverse of [`zigzag_i32`] (`(value >>> 1) ^ -(value & 1)`).
#[inline(always)]
pub const fn unzigzag_u32(value: u32) -> i32 {
    ((value >> 1) as i32) ^ -((value & 1) as i32)
}

/// Inverse of [`zigzag_i64`].
#[inline(always)]
pub const fn unzigzag_u64(value: u64) -> i64 {
    ((value >> 1) as i64) ^ -((value & 1) as i64)
}

/// `ByteUtils.sizeOfUnsignedVarint`: bytes needed for `value` as an unsigned varint (1..=5).
#[inline(always)]
pub const fn size_of_unsigned_varint(value: u32) -> usize {
    let bits = 32 - value.leading_zeros() as usize;
    if bits == 0 {
        1
    } else {
        bits.div_ceil(7)
    }
}

/// `ByteUtils.sizeOfVarint`: bytes needed for a zig-zag varint (1..=5).
#[inline(always)]
pub const fn size_of_varint(value: i32) -> usize {
    size_of_unsigned_varint(zigzag_i32(value))
}

/// `ByteUtils.sizeOfUnsignedVarlong`: bytes needed for `value` as an unsigned varlong (1..=10).
#[inline(always)]
pub const fn size_of_unsigned_varlong(value: u64) -> usize {
    let bits = 64 - value.leading_zeros() as usize;
    if bits == 0 {
        1
    } else {
        bits.div_ceil(7)
    }
}

/// `ByteUtils.sizeOfVarlong`: bytes needed for a zig-zag varlong (1..=10).
#[inline(always)]
pub const fn size_of_varlong(value: i64) -> usize {
    size_of_unsigned_varlong(zigzag_i64(value))
}

/// `ByteUtils.writeUnsignedVarint`.
#[inline]
pub fn write_unsigned_varint(mut value: u32, out: &mut Vec<u8>) {
    if value < 0x80 {
        out.push(value as u8);
        return;
    }
    let mut tmp = [0u8; 5];
    let mut n = 0;
    while value >= 0x80 {
        tmp[n] = (value as u8 & 0x7f) | 0x80;
        value >>= 7;
        n += 1;
    }
    tmp[n] = value as u8;
    out.extend_from_slice(&tmp[..=n]);
}

/// `ByteUtils.writeVarint`: a zig-zag varint.
#[inline]
pub fn write_varint(value: i32, out: &mut Vec<u8>) {
    write_unsigned_varint(zigzag_i32(value), out);
}

/// `ByteUtils.writeUnsignedVarlong`.
#[inline]
pub fn write_unsigned_varlong(mut value: u64, out: &mut Vec<u8>) {
    if value < 0x80 {
        out.push(value as u8);
        return;
    }
    let mut tmp = [0u8; 10];
    let mut n = 0;
    while value >= 0x80 {
        tmp[n] = (value as u8 & 0x7f) | 0x80;
        value >>= 7;
        n += 1;
    }
    tmp[n] = value as u8;
    out.extend_from_slice(&tmp[..=n]);
}

/// `ByteUtils.writeVarlong`: a zig-zag varlong.
#[inline]
pub fn write_varlong(value: i64, out: &mut Vec<u8>) {
    write_unsigned_varlong(zigzag_i64(value), out);
}

/// `ByteUtils.readUnsignedVarint(ByteBuffer)`, reading at `*pos` and advancing it.
#[inline]
pub fn read_unsigned_varint(buf: &[u8], pos: &mut usize) -> Result<u32, VarintError> {
    let mut p = *pos;
    let mut result: u32 = 0;
    for shift in [0u32, 7, 14, 21] {
        let b = *buf.get(p).ok_or(VarintError::Underflow)?;
        p += 1;
        if b < 0x80 {
            *pos = p;
            return Ok(result | (u32::from(b) << shift));
        }
        result |= u32::from(b & 0x7f) << shift;
    }
    // The 5th byte: Java does `result |= tmp << 28` on an int, so only its low 4 bits land.
    let b = *buf.get(p).ok_or(VarintError::Underflow)?;
    p += 1;
    result |= u32::from(b) << 28;
    if b >= 0x80 {
        return Err(VarintError::TooLong {
            converted: u64::from(result),
            is_long: false,
        });
    }
    *pos = p;
    Ok(result)
}

/// `ByteUtils.readVarint(ByteBuffer)`: a zig-zag varint.
#[inline]
pub fn read_varint(buf: &[u8], pos: &mut usize) -> Result<i32, VarintError> {
    read_unsigned_varint(buf, pos).map(unzigzag_u32)
}

/// `ByteUtils.readUnsignedVarlong(ByteBuffer)`, reading at `*pos` and advancing it.
#[inline]
pub fn read_unsigned_varlong(buf: &[u8], pos: &mut usize) -> Result<u64, VarintError> {
    let mut p = *pos;
    let mut value: u64 = 0;
    let mut shift: u32 = 0;
    loop {
        let b = *buf.get(p).ok_or(VarintError::Underflow)?;
        p += 1;
        if b < 0x80 {
            // Java: `value |= b << i`, a long shift, so at i = 63 only bit 0 of `b` survives.
            value |= u64::from(b) << shift;
            *pos = p;
            return Ok(value);
        }
        value |= u64::from(b & 0x7f) << shift;
        shift += 7;
        if shift > 63 {
            return Err(VarintError::TooLong {
                converted: value,
                is_long: true,
            });
        }
    }
}

/// `ByteUtils.readVarlong(ByteBuffer)`: a zig-zag varlong.
#[inline]
pub fn read_varlong(buf: &[u8], pos: &mut usize) -> Result<i64, VarintError> {
    read_unsigned_varlong(buf, pos).map(unzigzag_u64)
}

/// Hot-path zig-zag varint read: one- and two-byte values (every length below 8 KiB) inline,
/// anything longer through [`read_varint`]; `None` on any problem, for callers that re-read
/// to report the exact error.
#[inline(always)]
pub(crate) fn read_varint_fast(buf: &[u8], pos: &mut usize) -> Option<i32> {
    let p = *pos;
    if let Some(&b0) = buf.get(p) {
        if b0 < 0x80 {
            *pos = p + 1;
            return Some(unzigzag_u32(u32::from(b0)));
        }
        if let Some(&b1) = buf.get(p + 1) {
            if b1 < 0x80 {
                *pos = p + 2;
                return Some(unzigzag_u32(u32::from(b0 & 0x7f) | (u32::from(b1) << 7)));
            }
        }
    }
    read_varint(buf, pos).ok()
}

/// Hot-path zig-zag varlong read; see [`read_varint_fast`].
#[inline(always)]
pub(crate) fn read_varlong_fast(buf: &[u8], pos: &mut usize) -> Option<i64> {
    let p = *pos;
    if let Some(&b0) = buf.get(p) {
        if b0 < 0x80 {
            *pos = p + 1;
            return Some(unzigzag_u64(u64::from(b0)));
        }
        if let Some(&b1) = buf.get(p + 1) {
            if b1 < 0x80 {
                *pos = p + 2;
                return Some(unzigzag_u64(u64::from(b0 & 0x7f) | (u64::from(b1) << 7)));
            }
        }
    }
    read_varlong(buf, pos).ok()
}

/// Writes an unsigned varint into `dst` at `*pos`, advancing it; `dst` must have room
/// (sized with [`size_of_unsigned_varint`]).
#[inline(always)]
pub(crate) fn put_unsigned_varint(dst: &mut [u8], pos: &mut usize, mut value: u32) {
    while value >= 0x80 {
        dst[*pos] = (value as u8 & 0x7f) | 0x80;
        *pos += 1;
        value >>= 7;
    }
    dst[*pos] = value as u8;
    *pos += 1;
}

/// Writes an unsigned varlong into `dst` at `*pos`, advancing it; `dst` must have room.
#[inline(always)]
pub(crate) fn put_unsigned_varlong(dst: &mut [u8], pos: &mut usize, mut value: u64) {
    while value >= 0x80 {
        dst[*pos] = (value as u8 & 0x7f) | 0x80;
        *pos += 1;
        value >>= 7;
    }
    dst[*pos] = value as u8;
    *pos += 1;
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn enc32(v: i32) -> Vec<u8> {
        let mut out = Vec::new();
        write_varint(v, &mut out);
        out
    }

    fn enc64(v: i64) -> Vec<u8> {
        let mut out = Vec::new();
        write_varlong(v, &mut out);
        out
    }

    #[test]
    fn known_encodings_match_kafka() {
        // ByteUtilsTest.testVarintSerde / the fixtures: -1 (null) is 0x01, 0 is 0x00.
        assert_eq!(enc32(0), [0x00]);
        assert_eq!(enc32(-1), [0x01]);
        assert_eq!(enc32(1), [0x02]);
        assert_eq!(enc32(63), [0x7e]);
        assert_eq!(enc32(64), [0x80, 0x01]);
        assert_eq!(enc32(8191), [0xfe, 0x7f]);
        assert_eq!(enc32(8192), [0x80, 0x80, 0x01]);
        assert_eq!(enc32(i32::MAX), [0xfe, 0xff, 0xff, 0xff, 0x0f]);
        assert_eq!(enc32(i32::MIN), [0xff, 0xff, 0xff, 0xff, 0x0f]);
        assert_eq!(
            enc64(i64::MIN),
            [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]
        );
    }

    #[test]
    fn too_long_varints_are_refused_like_java() {
        let mut pos = 0;
        let err = read_varint(&[0xff, 0xff, 0xff, 0xff, 0xff, 0x01], &mut pos).unwrap_err();
        assert!(matches!(err, VarintError::TooLong { is_long: false, .. }));
        assert!(err.to_string().starts_with("Varint is too long"));
        let mut pos = 0;
        let err = read_varlong(&[0xff; 11], &mut pos).unwrap_err();
        assert!(matches!(err, VarintError::TooLong { is_long: true, .. }));
        let mut pos = 0;
        assert_eq!(
            read_varint(&[0x80, 0x80], &mut pos),
            Err(VarintError::Underflow)
        );
        assert_eq!(pos, 0, "a failed read leaves the position alone");
    }

    #[test]
    fn fifth_byte_keeps_only_four_bits_like_java() {
        // Java: result |= tmp << 28 on an int: bits 4..6 of the 5th byte fall off.
        let mut pos = 0;
        let v = read_unsigned_varint(&[0x80, 0x80, 0x80, 0x80, 0x7f], &mut pos).unwrap();
        assert_eq!(v, 0xf000_0000);
        assert_eq!(pos, 5);
    }

    proptest! {
        #[test]
        fn varint_round_trips(v in any::<i32>()) {
            let bytes = enc32(v);
            prop_assert_eq!(bytes.len(), size_of_varint(v));
            let mut pos = 0;
            prop_assert_eq!(read_varint(&bytes, &mut pos), Ok(v));
            prop_assert_eq!(pos, bytes.len());
        }

        #[test]
        fn varlong_round_trips(v in any::<i64>()) {
            let bytes = enc64(v);
            prop_assert_eq!(bytes.len(), size_of_varlong(v));
            let mut pos = 0;
            prop_assert_eq!(read_varlong(&bytes, &mut pos), Ok(v));
            prop_assert_eq!(pos, bytes.len());
        }

        #[test]
        fn fast_readers_agree_with_the_exact_ones(bytes in prop::collection::vec(any::<u8>(), 0..12), at in 0usize..12) {
            let (mut p1, mut p2) = (at.min(bytes.len()), at.min(bytes.len()));
            let fast = read_varint_fast(&bytes, &mut p1);
            let exact = read_varint(&bytes, &mut p2).ok();
            prop_assert_eq!(fast, exact);
            if fast.is_some() { prop_assert_eq!(p1, p2); }
            let (mut p1, mut p2) = (at.min(bytes.len()), at.min(bytes.len()));
            let fast = read_varlong_fast(&bytes, &mut p1);
            let exact = read_varlong(&bytes, &mut p2).ok();
            prop_assert_eq!(fast, exact);
            if fast.is_some() { prop_assert_eq!(p1, p2); }
        }

        #[test]
        fn unsigned_sizes_match_writes(v in any::<u32>(), w in any::<u64>()) {
            let mut out = Vec::new();
            write_unsigned_varint(v, &mut out);
            prop_assert_eq!(out.len(), size_of_unsigned_varint(v));
            let mut out = Vec::new();
            write_unsigned_varlong(w, &mut out);
            prop_assert_eq!(out.len(), size_of_unsigned_varlong(w));
        }
    }
}
