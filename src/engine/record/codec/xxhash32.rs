//! XXH32, the checksum of the LZ4 frame format (`net.jpountz.xxhash.XXHash32`, used by Kafka's
//! `Lz4BlockOutputStream` for the frame descriptor checksum and optional block checksums).
//!
//! A direct transcription of the reference algorithm (xxHash spec, "XXH32"), kept here so the
//! LZ4 framing does not depend on a hashing crate.

const PRIME32_1: u32 = 0x9E37_79B1;
const PRIME32_2: u32 = 0x85EB_CA77;
const PRIME32_3: u32 = 0xC2B2_AE3D;
const PRIME32_4: u32 = 0x27D4_EB2F;
const PRIME32_5: u32 = 0x1656_67B1;

#[inline]
fn lane(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

#[inline]
fn round(acc: u32, input: u32) -> u32 {
    acc.wrapping_add(input.wrapping_mul(PRIME32_2))
        .rotate_left(13)
        .wrapping_mul(PRIME32_1)
}

/// XXH32 of `data` with `seed`.
pub fn xxh32(data: &[u8], seed: u32) -> u32 {
    let len = data.len();
    let mut rest = data;
    let mut h = if len >= 16 {
        let mut v1 = seed.wrapping_add(PRIME32_1).wrapping_add(PRIME32_2);
        let mut v2 = seed.wrapping_add(PRIME32_2);
        let mut v3 = seed;
        let mut v4 = seed.wrapping_sub(PRIME32_1);
        while rest.len() >= 16 {
            v1 = round(v1, lane(&rest[0..]));
            v2 = round(v2, lane(&rest[4..]));
            v3 = round(v3, lane(&rest[8..]));
            v4 = round(v4, lane(&rest[12..]));
            rest = &rest[16..];
        }
        v1.rotate_left(1)
            .wrapping_add(v2.rotate_left(7))
            .wrapping_add(v3.rotate_left(12))
            .wrapping_add(v4.rotate_left(18))
    } else {
        seed.wrapping_add(PRIME32_5)
    };
    // The spec adds the length modulo 2^32.
    h = h.wrapping_add(len as u32);
    while rest.len() >= 4 {
        h = h
            .wrapping_add(lane(rest).wrapping_mul(PRIME32_3))
            .rotate_left(17)
            .wrapping_mul(PRIME32_4);
        rest = &rest[4..];
    }
    for &b in rest {
        h = h
            .wrapping_add(u32::from(b).wrapping_mul(PRIME32_5))
            .rotate_left(11)
            .wrapping_mul(PRIME32_1);
    }
    h ^= h >> 15;
    h = h.wrapping_mul(PRIME32_2);
    h ^= h >> 13;
    h = h.wrapping_mul(PRIME32_3);
    h ^= h >> 16;
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_vectors() {
        assert_eq!(xxh32(b"", 0), 0x02CC_5D05);
        assert_eq!(xxh32(b"a", 0), 0x550D_7456);
        assert_eq!(xxh32(b"abc", 0), 0x32D1_53FF);
        assert_eq!(
            xxh32(b"Nobody inspects the spammish repetition", 0),
            0xE229_3B2F
        );
    }

    #[test]
    fn lz4_descriptor_checksums_of_the_fixtures() {
        // Java's Lz4BlockOutputStream header: FLG 0x60, BD 0x40, HC 0x82 (fixture compressed-lz4).
        assert_eq!((xxh32(&[0x60, 0x40], 0) >> 8) as u8, 0x82);
        // kafka-python's header with a content size of 1700: HC 0xbf.
        let desc = [0x68, 0x40, 0xa4, 0x06, 0, 0, 0, 0, 0, 0];
        assert_eq!((xxh32(&desc, 0) >> 8) as u8, 0xbf);
    }
}
