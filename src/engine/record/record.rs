//! One record inside a v2 batch (`org.apache.kafka.common.record.DefaultRecord`), owned.
//!
//! ```text
//! Record => Length varint | Attributes int8 | TimestampDelta varlong | OffsetDelta varint |
//!           KeyLength varint | Key | ValueLength varint | Value | HeadersCount varint | Headers
//! ```
//! Length counts the bytes after itself. Offsets and timestamps are deltas from the batch's
//! BaseOffset / BaseTimestamp, so a record carries no absolute position of its own: see
//! [`BatchHeader::record_offset`](super::batch_header::BatchHeader::record_offset) and
//! [`BatchHeader::record_timestamp`](super::batch_header::BatchHeader::record_timestamp).

use super::header::Header;
use super::varint::{
    put_unsigned_varint, put_unsigned_varlong, size_of_varint, size_of_varlong, zigzag_i32,
    zigzag_i64,
};

/// `DefaultRecord.MAX_RECORD_OVERHEAD`: the most a record adds around key, value and headers
/// (5 bytes length, 1 attributes, 10 timestamp delta, 5 offset delta).
pub const MAX_RECORD_OVERHEAD: usize = 21;

/// The smallest possible record: length, attributes, timestamp delta, offset delta, null key,
/// null value and a zero header count, one byte each. Bounds how many records a number of
/// bytes can hold, so a lying RecordsCount cannot make us allocate more than the bytes justify.
pub const MIN_RECORD_SIZE: usize = 7;

/// A decoded record, owning its key, value and headers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Record {
    /// Record attributes: unused by Kafka (always written as 0) but preserved.
    pub attributes: i8,
    /// Timestamp minus the batch's BaseTimestamp.
    pub timestamp_delta: i64,
    /// Offset minus the batch's BaseOffset.
    pub offset_delta: i32,
    /// The key; `None` is a null key (hashed to no partition), distinct from an empty key.
    pub key: Option<Vec<u8>>,
    /// The value; `None` is a null value, a tombstone on a compacted topic.
    pub value: Option<Vec<u8>>,
    /// Headers in wire order; keys may repeat.
    pub headers: Vec<Header>,
}

impl Record {
    /// `DefaultRecord.sizeInBytes`: encoded size including the Length varint.
    pub fn size_in_bytes(&self) -> usize {
        record_size_in_bytes(
            self.offset_delta,
            self.timestamp_delta,
            self.key.as_deref(),
            self.value.as_deref(),
            &self.headers,
        )
    }

    /// Appends the wire form (`DefaultRecord.writeTo`), keeping this record's attributes.
    pub fn encode_into(&self, out: &mut Vec<u8>) {
        write_record(
            out,
            self.attributes,
            self.offset_delta,
            self.timestamp_delta,
            self.key.as_deref(),
            self.value.as_deref(),
            &self.headers,
        );
    }
}

/// `DefaultRecord.sizeOfBodyInBytes`: the bytes after the Length varint.
///
/// # Panics
/// If the body would exceed `i32::MAX` bytes or there are more than `i32::MAX` headers: the
/// wire format cannot express it (Java fails the same way with an overflowed `int`).
#[inline(always)]
pub fn record_body_size(
    offset_delta: i32,
    timestamp_delta: i64,
    key: Option<&[u8]>,
    value: Option<&[u8]>,
    headers: &[Header],
) -> usize {
    let mut size = 1 + size_of_varint(offset_delta) + size_of_varlong(timestamp_delta);
    size += bytes_field_size(key);
    size += bytes_field_size(value);
    size += size_of_varint(count_i32(headers.len()));
    for h in headers {
        size += bytes_field_size(Some(h.key.as_bytes()));
        size += bytes_field_size(h.value.as_deref());
    }
    assert!(
        size <= i32::MAX as usize,
        "a record body of {size} bytes cannot be encoded"
    );
    size
}

/// `DefaultRecord.sizeInBytes`: body plus its Length varint.
pub fn record_size_in_bytes(
    offset_delta: i32,
    timestamp_delta: i64,
    key: Option<&[u8]>,
    value: Option<&[u8]>,
    headers: &[Header],
) -> usize {
    let body = record_body_size(offset_delta, timestamp_delta, key, value, headers);
    body + size_of_varint(body as i32)
}

/// `DefaultRecord.writeTo`: appends one record and returns its size in bytes.
///
/// The size is computed first (as Java does, for the Length prefix) and reserved once; the
/// varints are assembled on the stack and copied in a few runs with the key and value.
#[inline]
pub fn write_record(
    out: &mut Vec<u8>,
    attributes: i8,
    offset_delta: i32,
    timestamp_delta: i64,
    key: Option<&[u8]>,
    value: Option<&[u8]>,
    headers: &[Header],
) -> usize {
    let body = record_body_size(offset_delta, timestamp_delta, key, value, headers);
    let total = body + size_of_varint(body as i32);
    let start = out.len();
    out.reserve(total);
    // Length (5) + attributes (1) + timestamp delta (10) + offset delta (5) + key length (5).
    let mut head = [0u8; 26];
    let mut p = 0;
    put_unsigned_varint(&mut head, &mut p, zigzag_i32(body as i32));
    head[p] = attributes as u8;
    p += 1;
    put_unsigned_varlong(&mut head, &mut p, zigzag_i64(timestamp_delta));
    put_unsigned_varint(&mut head, &mut p, zigzag_i32(offset_delta));
    put_length(&mut head, &mut p, key);
    out.extend_from_slice(&head[..p]);
    if let Some(key) = key {
        out.extend_from_slice(key);
    }
    append_bytes_field(out, value);
    let mut count = [0u8; 5];
    let mut p = 0;
    // record_body_size already checked that the header count and every length fit an i32.
    put_unsigned_varint(&mut count, &mut p, zigzag_i32(headers.len() as i32));
    out.extend_from_slice(&count[..p]);
    for h in headers {
        append_bytes_field(out, Some(h.key.as_bytes()));
        append_bytes_field(out, h.value.as_deref());
    }
    // record_body_size and the writes above walk the same fields.
    assert_eq!(
        out.len() - start,
        total,
        "record size computed and written differ"
    );
    total
}

/// Puts the varint length of a bytes field (-1 for null).
#[inline(always)]
fn put_length(dst: &mut [u8], p: &mut usize, field: Option<&[u8]>) {
    let len = field.map_or(-1, |b| b.len() as i32);
    put_unsigned_varint(dst, p, zigzag_i32(len));
}

/// Appends a length-prefixed bytes field (-1 for null).
#[inline(always)]
fn append_bytes_field(out: &mut Vec<u8>, field: Option<&[u8]>) {
    let mut len = [0u8; 5];
    let mut p = 0;
    put_length(&mut len, &mut p, field);
    out.extend_from_slice(&len[..p]);
    if let Some(b) = field {
        out.extend_from_slice(b);
    }
}

#[inline(always)]
fn count_i32(n: usize) -> i32 {
    i32::try_from(n).unwrap_or_else(|_| panic!("{n} items cannot be counted by a Kafka int32"))
}

#[inline(always)]
fn bytes_field_size(field: Option<&[u8]>) -> usize {
    match field {
        None => 1,
        Some(b) => size_of_varint(count_i32(b.len())) + b.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_the_simple_fixture() {
        // Record 1 of fixture `simple`: offsetDelta 1, timestampDelta 1, "key-1" / "value-1".
        let r = Record {
            attributes: 0,
            timestamp_delta: 1,
            offset_delta: 1,
            key: Some(b"key-1".to_vec()),
            value: Some(b"value-1".to_vec()),
            headers: vec![],
        };
        let mut out = Vec::new();
        r.encode_into(&mut out);
        let hex: String = out.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "240002020a6b65792d310e76616c75652d3100");
        assert_eq!(r.size_in_bytes(), out.len());
    }

    #[test]
    fn null_fields_take_one_byte() {
        let r = Record {
            attributes: 0,
            timestamp_delta: 0,
            offset_delta: 0,
            key: None,
            value: None,
            headers: vec![],
        };
        assert_eq!(r.size_in_bytes(), MIN_RECORD_SIZE);
    }
}
