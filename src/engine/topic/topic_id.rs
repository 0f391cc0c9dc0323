//! Topic ids: Kafka's 128-bit `Uuid`, printed as 22 URL-safe base64 characters.
//!
//! Mirrors `org.apache.kafka.common.Uuid`: `toString()` is the 16 bytes (most significant long
//! first) in URL-safe base64 without padding (`kafka-topics --describe` prints it as `TopicId:`),
//! `ZERO_UUID` means "no id", `ONE_UUID` is reserved for the metadata topic, and `randomUuid()`
//! draws a version-4 UUID again whenever its string would start with `-` (KAFKA-13005:
//! command-line tools would take it for an option). The engine draws the 16 bytes from its
//! seeded RNG and asks [`TopicId::from_random_bytes`] whether Kafka would keep them.

use std::fmt;

/// A topic id (`org.apache.kafka.common.Uuid`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct TopicId(pub [u8; 16]);

impl TopicId {
    /// `Uuid.ZERO_UUID`: "no topic id".
    pub const ZERO: TopicId = TopicId([0; 16]);
    /// `Uuid.ONE_UUID`: reserved for the `__cluster_metadata` topic.
    pub const ONE: TopicId = TopicId([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);

    /// `Uuid.randomUuid()` from 16 random bytes: stamps the version-4 and IETF-variant bits as
    /// `java.util.UUID.randomUUID` does, and returns `None` when Kafka would draw again
    /// (a reserved id, or a string starting with `-`).
    pub fn from_random_bytes(mut bytes: [u8; 16]) -> Option<TopicId> {
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        let id = TopicId(bytes);
        let reserved = id == TopicId::ZERO || id == TopicId::ONE;
        if reserved || id.to_string().starts_with('-') {
            None
        } else {
            Some(id)
        }
    }

    /// Parses Kafka's 22-character form (`Uuid.fromString`).
    pub fn parse(s: &str) -> Option<TopicId> {
        if s.len() != 22 {
            return None;
        }
        let bytes = s.as_bytes();
        // 21 chars carry the first 126 bits; the last char carries 2 bits and 4 zero padding bits.
        let mut bits: u128 = 0;
        for &c in &bytes[..21] {
            bits = (bits << 6) | u128::from(base64url_value(c)?);
        }
        let last = base64url_value(bytes[21])?;
        if last & 0xf != 0 {
            return None;
        }
        bits = (bits << 2) | u128::from(last >> 4);
        Some(TopicId(bits.to_be_bytes()))
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url_value(c: u8) -> Option<u8> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u8)
}

impl fmt::Display for TopicId {
    /// `Base64.getUrlEncoder().withoutPadding()` of the 16 bytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bits = u128::from_be_bytes(self.0);
        let mut out = [0u8; 22];
        for (i, slot) in out.iter_mut().take(21).enumerate() {
            *slot = ALPHABET[((bits >> (122 - 6 * i)) & 0x3f) as usize];
        }
        // The last char holds the 2 lowest bits followed by 4 zero padding bits.
        out[21] = ALPHABET[((bits & 0x3) << 4) as usize];
        f.write_str(std::str::from_utf8(&out).expect("base64 alphabet is ASCII"))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reserved_ids_print_like_kafka() {
        assert_eq!(TopicId::ZERO.to_string(), "AAAAAAAAAAAAAAAAAAAAAA");
        assert_eq!(TopicId::ONE.to_string(), "AAAAAAAAAAAAAAAAAAAAAQ");
    }

    #[test]
    fn known_vector() {
        // Uuid(0x0123456789abcdefL, 0xfedcba9876543210L).toString()
        let id = TopicId([
            0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54,
            0x32, 0x10,
        ]);
        assert_eq!(id.to_string(), "ASNFZ4mrze_-3LqYdlQyEA");
        assert_eq!(TopicId::parse("ASNFZ4mrze_-3LqYdlQyEA"), Some(id));
    }

    #[test]
    fn random_ids_are_v4_and_never_start_with_dash() {
        let id = TopicId::from_random_bytes([0xff; 16]);
        // 0xff.. starts with '_' after stamping; it is kept.
        let id = id.expect("not reserved, does not start with '-'");
        assert_eq!(id.0[6] >> 4, 4);
        assert_eq!(id.0[8] >> 6, 0b10);
        // First 6 bits 0b111110 (62) print as '-': redrawn.
        let mut bytes = [0u8; 16];
        bytes[0] = 0b1111_1000;
        assert_eq!(TopicId::from_random_bytes(bytes), None);
    }

    proptest! {
        #[test]
        fn display_parse_round_trip(bytes in proptest::array::uniform16(any::<u8>())) {
            let id = TopicId(bytes);
            let s = id.to_string();
            prop_assert_eq!(s.len(), 22);
            prop_assert_eq!(TopicId::parse(&s), Some(id));
        }
    }
}
