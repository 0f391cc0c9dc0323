//! A record borrowed from a batch's bytes, and the parser that reads it
//! (`DefaultRecord.readFrom`, with Kafka's exact validation and messages).
//!
//! Reading is zero-copy: key, value and header bytes are slices of the batch (or of its
//! decompressed records section), so iterating a batch allocates nothing per record.
//!
//! Kafka reads records two ways, and their error messages differ; [`read_record`] follows both:
//! * uncompressed batches parse straight from the batch `ByteBuffer`
//!   (`DefaultRecord.readFrom(ByteBuffer, ...)`): fields may run past the record's Length into
//!   the following bytes, which the final "expected to read N bytes" check then reports;
//! * compressed batches first copy exactly Length bytes out of the codec stream
//!   (`DefaultRecord.readFrom(InputStream, ...)`), so an overrun is a structure error.

use super::batch_header::BatchHeader;
use super::error::RecordError;
use super::header::HeaderRef;
use super::record::Record;
use super::timestamp_type::TimestampType;
use super::varint::{
    read_varint, read_varint_fast, read_varlong, read_varlong_fast, size_of_varint, VarintError,
};

/// What a record needs from its batch header to become absolute (`RecordIterator` fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordContext {
    /// The batch's BaseOffset.
    pub base_offset: i64,
    /// The batch's BaseTimestamp.
    pub base_timestamp: i64,
    /// The batch's BaseSequence (-1 for none).
    pub base_sequence: i32,
    /// MaxTimestamp when the batch is LogAppendTime: every record reads as it.
    pub log_append_time: Option<i64>,
}

impl From<&BatchHeader> for RecordContext {
    fn from(h: &BatchHeader) -> RecordContext {
        RecordContext {
            base_offset: h.base_offset,
            base_timestamp: h.base_timestamp,
            base_sequence: h.base_sequence,
            log_append_time: (h.attributes.timestamp_type == TimestampType::LogAppendTime)
                .then_some(h.max_timestamp),
        }
    }
}

/// One record, borrowing key, value and headers from the batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordRef<'a> {
    /// Record attributes (unused by Kafka).
    pub attributes: i8,
    /// Timestamp delta as stored.
    pub timestamp_delta: i64,
    /// Offset delta as stored.
    pub offset_delta: i32,
    /// Absolute offset: BaseOffset + delta.
    pub offset: i64,
    /// Timestamp a consumer sees (the batch's MaxTimestamp under LogAppendTime).
    pub timestamp: i64,
    /// Producer sequence of this record, or -1.
    pub sequence: i32,
    /// The key; `None` is a null key.
    pub key: Option<&'a [u8]>,
    /// The value; `None` is a null value (a tombstone).
    pub value: Option<&'a [u8]>,
    /// Encoded size including the Length varint (`DefaultRecord.sizeInBytes`).
    pub size_in_bytes: usize,
    headers_raw: &'a [u8],
    header_count: usize,
}

impl<'a> RecordRef<'a> {
    /// The headers, in wire order.
    pub fn headers(&self) -> HeaderIter<'a> {
        HeaderIter {
            buf: self.headers_raw,
            pos: 0,
            remaining: self.header_count,
        }
    }

    /// Number of headers.
    pub fn header_count(&self) -> usize {
        self.header_count
    }

    /// An owned copy with the deltas as stored.
    pub fn to_record(&self) -> Record {
        Record {
            attributes: self.attributes,
            timestamp_delta: self.timestamp_delta,
            offset_delta: self.offset_delta,
            key: self.key.map(<[u8]>::to_vec),
            value: self.value.map(<[u8]>::to_vec),
            headers: self.headers().map(|h| h.to_owned_header()).collect(),
        }
    }
}

/// Iterates the headers of a [`RecordRef`]; they were validated when the record was read.
#[derive(Debug, Clone)]
pub struct HeaderIter<'a> {
    buf: &'a [u8],
    pos: usize,
    remaining: usize,
}

impl<'a> Iterator for HeaderIter<'a> {
    type Item = HeaderRef<'a>;

    fn next(&mut self) -> Option<HeaderRef<'a>> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        // `read_record` walked these exact bytes and accepted them, so none of this can fail.
        let key_len = read_varint(self.buf, &mut self.pos).expect("header validated on read");
        let key = &self.buf[self.pos..self.pos + key_len as usize];
        self.pos += key_len as usize;
        let value_len = read_varint(self.buf, &mut self.pos).expect("header validated on read");
        let value = if value_len < 0 {
            None
        } else {
            let v = &self.buf[self.pos..self.pos + value_len as usize];
            self.pos += value_len as usize;
            Some(v)
        };
        Some(HeaderRef { key, value })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl ExactSizeIterator for HeaderIter<'_> {}

/// A field ran past the bytes Java would let it read (`BufferUnderflowException` /
/// `IllegalArgumentException` inside `DefaultRecord.readFrom`).
fn structure(reason: impl Into<String>) -> RecordError {
    RecordError::InvalidRecordStructure {
        reason: reason.into(),
    }
}

fn field_varint(buf: &[u8], pos: &mut usize, what: &str) -> Result<i32, RecordError> {
    read_varint(buf, pos).map_err(|e| structure(format!("{what}: {e}")))
}

/// `Utils.readBytes`: a length-prefixed byte field, `None` for a negative length.
fn field_bytes<'a>(
    buf: &'a [u8],
    pos: &mut usize,
    len: i32,
    what: &str,
) -> Result<Option<&'a [u8]>, RecordError> {
    if len < 0 {
        return Ok(None);
    }
    let len = len as usize;
    let available = buf.len() - *pos;
    if len > available {
        return Err(structure(format!(
            "{what} of {len} bytes runs past the end of the record ({available} bytes left)"
        )));
    }
    let slice = &buf[*pos..*pos + len];
    *pos += len;
    Ok(Some(slice))
}

/// Reads the record starting at `*pos` of a batch's records section and advances `*pos`.
///
/// `from_stream` selects Java's compressed-batch reader (see the module doc). A `RecordError`
/// leaves `*pos` unspecified: a batch iterator stops at its first error, as Java's does.
///
/// A well-formed record takes a tight path that only answers "valid or not"; anything it
/// does not accept is re-read by the exact reader, which finds Kafka's error (the two accept
/// exactly the same records, which the unit tests and property tests check).
#[inline]
pub fn read_record<'a>(
    section: &'a [u8],
    pos: &mut usize,
    ctx: &RecordContext,
    from_stream: bool,
) -> Result<RecordRef<'a>, RecordError> {
    match read_record_fast(section, *pos, ctx, from_stream) {
        Some((record, end)) => {
            *pos = end;
            Ok(record)
        }
        None => read_record_exact(section, pos, ctx, from_stream),
    }
}

/// The fast path of [`read_record`]: the same checks, no diagnostics.
#[inline(always)]
pub(crate) fn read_record_fast<'a>(
    section: &'a [u8],
    start_pos: usize,
    ctx: &RecordContext,
    from_stream: bool,
) -> Option<(RecordRef<'a>, usize)> {
    let mut p = start_pos;
    let size = read_varint_fast(section, &mut p)?;
    if size < 0 || size as usize > section.len() - p {
        return None;
    }
    let start = p;
    let end = start + size as usize;
    let buf = if from_stream {
        &section[..end]
    } else {
        section
    };
    let attributes = *buf.get(p)? as i8;
    p += 1;
    let timestamp_delta = read_varlong_fast(buf, &mut p)?;
    let offset_delta = read_varint_fast(buf, &mut p)?;
    let key = fast_bytes(buf, &mut p)?;
    let value = fast_bytes(buf, &mut p)?;
    let header_count = read_varint_fast(buf, &mut p)?;
    if header_count < 0 || header_count as usize > buf.len() - p {
        return None;
    }
    let headers_start = p;
    for _ in 0..header_count {
        let key_len = read_varint_fast(buf, &mut p)?;
        if key_len < 0 || key_len as usize > buf.len() - p {
            return None;
        }
        p += key_len as usize;
        fast_bytes(buf, &mut p)?;
    }
    if p != end {
        return None;
    }
    Some((
        RecordRef {
            attributes,
            timestamp_delta,
            offset_delta,
            offset: ctx.base_offset.wrapping_add(i64::from(offset_delta)),
            timestamp: ctx
                .log_append_time
                .unwrap_or(ctx.base_timestamp.wrapping_add(timestamp_delta)),
            sequence: if ctx.base_sequence >= 0 {
                super::sequence::increment_sequence(ctx.base_sequence, offset_delta)
            } else {
                -1
            },
            key,
            value,
            // `DefaultRecord.readFrom`: `sizeOfVarint(sizeOfBodyInBytes) + sizeOfBodyInBytes`,
            // the canonical length's size even when the stored varint was overlong.
            size_in_bytes: size_of_varint(size) + (end - start),
            headers_raw: &buf[headers_start..p],
            header_count: header_count as usize,
        },
        end,
    ))
}

/// A length-prefixed field for the fast path: `Some(None)` for null, `None` when it overruns.
#[inline(always)]
fn fast_bytes<'a>(buf: &'a [u8], p: &mut usize) -> Option<Option<&'a [u8]>> {
    let len = read_varint_fast(buf, p)?;
    if len < 0 {
        return Some(None);
    }
    let len = len as usize;
    if len > buf.len() - *p {
        return None;
    }
    let field = &buf[*p..*p + len];
    *p += len;
    Some(Some(field))
}

/// [`read_record`] with Kafka's exact checks and messages, for records the fast path refused.
#[cold]
#[inline(never)]
fn read_record_exact<'a>(
    section: &'a [u8],
    pos: &mut usize,
    ctx: &RecordContext,
    from_stream: bool,
) -> Result<RecordRef<'a>, RecordError> {
    let size = match read_varint(section, pos) {
        Ok(size) => size,
        // `ByteUtils.readVarint` past the end: BufferUnderflowException (uncompressed) or an
        // EOF read as a continuation byte (stream): both reported as a premature EOF.
        Err(VarintError::Underflow) => return Err(RecordError::PrematureEof),
        Err(e @ VarintError::TooLong { .. }) if !from_stream => {
            return Err(structure(format!("record length: {e}")))
        }
        Err(VarintError::TooLong { .. }) => return Err(RecordError::PrematureEof),
    };
    let remaining = section.len() - *pos;
    let window_end = if from_stream {
        // `ByteBuffer.allocate(negative)` throws IllegalArgumentException: premature EOF.
        if size < 0 {
            return Err(RecordError::PrematureEof);
        }
        if remaining < size as usize {
            return Err(RecordError::RecordPayloadEof { expected: size });
        }
        *pos + size as usize
    } else {
        if i64::from(size) > remaining as i64 {
            return Err(RecordError::RecordTooLong {
                expected: size,
                remaining,
            });
        }
        section.len()
    };
    let buf = &section[..window_end];
    let start = *pos;
    let mut p = start;

    let attributes = *buf
        .get(p)
        .ok_or_else(|| structure("attributes: no bytes left"))? as i8;
    p += 1;
    let timestamp_delta =
        read_varlong(buf, &mut p).map_err(|e| structure(format!("timestamp delta: {e}")))?;
    let timestamp = ctx
        .log_append_time
        .unwrap_or(ctx.base_timestamp.wrapping_add(timestamp_delta));
    let offset_delta = field_varint(buf, &mut p, "offset delta")?;
    let offset = ctx.base_offset.wrapping_add(i64::from(offset_delta));
    let sequence = if ctx.base_sequence >= 0 {
        super::sequence::increment_sequence(ctx.base_sequence, offset_delta)
    } else {
        -1
    };
    let key_len = field_varint(buf, &mut p, "key length")?;
    let key = field_bytes(buf, &mut p, key_len, "key")?;
    let value_len = field_varint(buf, &mut p, "value length")?;
    let value = field_bytes(buf, &mut p, value_len, "value")?;

    let header_count = field_varint(buf, &mut p, "header count")?;
    if header_count < 0 {
        return Err(RecordError::InvalidHeaderCount(header_count));
    }
    if header_count as usize > buf.len() - p {
        return Err(RecordError::HeaderCountTooLarge(header_count));
    }
    let headers_start = p;
    for _ in 0..header_count {
        let key_len = field_varint(buf, &mut p, "header key length")?;
        if key_len < 0 {
            return Err(RecordError::NegativeHeaderKeySize(key_len));
        }
        field_bytes(buf, &mut p, key_len, "header key")?;
        let value_len = field_varint(buf, &mut p, "header value length")?;
        field_bytes(buf, &mut p, value_len, "header value")?;
    }
    let headers_raw = &buf[headers_start..p];

    let read = p - start;
    if i64::from(size) != read as i64 {
        return Err(RecordError::RecordSizeMismatch {
            expected: size,
            read,
        });
    }
    *pos = p;
    Ok(RecordRef {
        attributes,
        timestamp_delta,
        offset_delta,
        offset,
        timestamp,
        sequence,
        key,
        value,
        size_in_bytes: size_of_varint(size) + read,
        headers_raw,
        header_count: header_count as usize,
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::engine::record::header::Header;
    use crate::engine::record::record::write_record;
    use proptest::prelude::*;

    const CTX: RecordContext = RecordContext {
        base_offset: 100,
        base_timestamp: 1000,
        base_sequence: 5,
        log_append_time: None,
    };

    fn encoded(headers: &[Header]) -> Vec<u8> {
        let mut out = Vec::new();
        write_record(&mut out, 0, 2, -7, Some(b"k"), None, headers);
        out
    }

    #[test]
    fn reads_what_write_record_wrote() {
        let headers = [Header::new("a", Some(b"1")), Header::new("b", None)];
        let bytes = encoded(&headers);
        for from_stream in [false, true] {
            let mut pos = 0;
            let r = read_record(&bytes, &mut pos, &CTX, from_stream).unwrap();
            assert_eq!(pos, bytes.len());
            assert_eq!(r.size_in_bytes, bytes.len());
            assert_eq!((r.offset, r.timestamp, r.sequence), (102, 993, 7));
            assert_eq!(r.key, Some(&b"k"[..]));
            assert_eq!(r.value, None);
            let hs: Vec<Header> = r.headers().map(|h| h.to_owned_header()).collect();
            assert_eq!(hs, headers);
        }
    }

    #[test]
    fn log_append_time_overrides_every_timestamp() {
        let bytes = encoded(&[]);
        let ctx = RecordContext {
            log_append_time: Some(42),
            ..CTX
        };
        let r = read_record(&bytes, &mut 0, &ctx, false).unwrap();
        assert_eq!(r.timestamp, 42);
    }

    #[test]
    fn refusals_use_kafkas_messages() {
        let bytes = encoded(&[]);
        // Length says one byte more than there is.
        let mut longer = bytes.clone();
        longer[0] += 2;
        assert!(matches!(
            read_record(&longer, &mut 0, &CTX, false),
            Err(RecordError::RecordTooLong { .. })
        ));
        assert!(matches!(
            read_record(&longer, &mut 0, &CTX, true),
            Err(RecordError::RecordPayloadEof { .. })
        ));
        // Length one byte short: the uncompressed reader overreads then reports the mismatch.
        let mut shorter = bytes.clone();
        shorter[0] -= 2;
        assert!(matches!(
            read_record(&shorter, &mut 0, &CTX, false),
            Err(RecordError::RecordSizeMismatch { .. })
        ));
        assert!(matches!(
            read_record(&shorter, &mut 0, &CTX, true),
            Err(RecordError::InvalidRecordStructure { .. })
        ));
        assert_eq!(
            read_record(&[], &mut 0, &CTX, false),
            Err(RecordError::PrematureEof)
        );
        // A negative header count.
        let mut neg = bytes.clone();
        *neg.last_mut().unwrap() = 0x01;
        assert_eq!(
            read_record(&neg, &mut 0, &CTX, false),
            Err(RecordError::InvalidHeaderCount(-1))
        );
    }

    proptest! {
        /// The fast path accepts exactly what the exact reader accepts, with the same result.
        #[test]
        fn fast_and_exact_readers_agree(
            key in prop::option::of(prop::collection::vec(any::<u8>(), 0..20)),
            header_values in prop::collection::vec(prop::option::of(prop::collection::vec(any::<u8>(), 0..5)), 0..3),
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..3),
            cut in any::<prop::sample::Index>(),
            from_stream in any::<bool>(),
        ) {
            let headers: Vec<Header> =
                header_values.into_iter().map(|value| Header { key: "h".into(), value }).collect();
            let mut bytes = Vec::new();
            write_record(&mut bytes, 0, 3, 70_000, key.as_deref(), Some(b"value"), &headers);
            write_record(&mut bytes, 0, 4, -1, None, None, &[]);
            for (at, byte) in edits {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
            let bytes = &bytes[..cut.index(bytes.len() + 1)];
            let fast = read_record_fast(bytes, 0, &CTX, from_stream);
            let mut pos = 0;
            let exact = read_record_exact(bytes, &mut pos, &CTX, from_stream);
            match (fast, exact) {
                (Some((f, end)), Ok(e)) => {
                    prop_assert_eq!(f, e);
                    prop_assert_eq!(end, pos);
                }
                (None, Err(_)) => {}
                (f, e) => prop_assert!(false, "fast {:?} but exact {:?}", f, e),
            }
        }
    }
}
