//! Record headers (`org.apache.kafka.common.header.internals.RecordHeader`).
//!
//! On the wire a header is `keyLength varint | key (UTF-8) | valueLength varint | value`, a
//! value length of -1 meaning null (`DefaultRecord.readHeaders`). Java decodes the key with
//! `new String(bytes, UTF_8)`, which replaces malformed UTF-8 by U+FFFD instead of failing;
//! [`HeaderRef::key_lossy`] and [`Header`]'s decoding do the same through
//! `String::from_utf8_lossy` (same maximal-subpart replacement). The raw key bytes stay
//! available through [`HeaderRef::key`], so a batch is never rewritten with a mangled key
//! unless a caller builds a new one from the decoded `String`, exactly as Java would.

use std::borrow::Cow;

/// An owned record header.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Header {
    /// The header key (Kafka keys are Java `String`s, UTF-8 on the wire).
    pub key: String,
    /// The value; `None` is a null value, distinct from an empty one.
    pub value: Option<Vec<u8>>,
}

impl Header {
    /// A header with this key and value.
    pub fn new(key: impl Into<String>, value: Option<&[u8]>) -> Header {
        Header {
            key: key.into(),
            value: value.map(<[u8]>::to_vec),
        }
    }
}

/// A header borrowed from a batch's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HeaderRef<'a> {
    /// The key bytes as stored (normally UTF-8).
    pub key: &'a [u8],
    /// The value bytes; `None` for a null value.
    pub value: Option<&'a [u8]>,
}

impl<'a> HeaderRef<'a> {
    /// The key as Java's `RecordHeader.key()` shows it: malformed UTF-8 becomes U+FFFD.
    pub fn key_lossy(&self) -> Cow<'a, str> {
        String::from_utf8_lossy(self.key)
    }

    /// An owned copy (`key` decoded like Java).
    pub fn to_owned_header(&self) -> Header {
        Header {
            key: self.key_lossy().into_owned(),
            value: self.value.map(<[u8]>::to_vec),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_keys_round_trip_and_bad_utf8_is_replaced() {
        let h = HeaderRef {
            key: "언어".as_bytes(),
            value: Some(b"x"),
        };
        assert_eq!(h.to_owned_header(), Header::new("언어", Some(b"x")));
        let bad = HeaderRef {
            key: &[b'a', 0xff, b'b'],
            value: None,
        };
        assert_eq!(bad.key_lossy(), "a\u{fffd}b");
        assert_eq!(bad.to_owned_header().value, None);
    }
}
