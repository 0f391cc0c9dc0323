//! [`batch_layout`]: a record batch's bytes, cut into labelled fields, for the inspector that
//! shows a learner where each field of `DefaultRecordBatch` and `DefaultRecord` sits.
//!
//! The cut follows the wire schema exactly (the offsets of `batch_header.rs` for the 61-byte
//! header, then each `DefaultRecord` as `Length varint | Attributes int8 | TimestampDelta
//! varlong | OffsetDelta varint | KeyLength varint | Key | ValueLength varint | Value |
//! HeadersCount varint | (HeaderKeyLength varint | HeaderKey | HeaderValueLength varint |
//! HeaderValue)*`). A compressed batch's records section is one opaque field: its bytes are the
//! codec's output, and the records inside exist only after decompression.

use std::ops::Range;

use super::attributes::BatchAttributes;
use super::batch_header::{
    BatchHeader, ATTRIBUTES_OFFSET, BASE_OFFSET_OFFSET, BASE_SEQUENCE_OFFSET,
    BASE_TIMESTAMP_OFFSET, CRC_OFFSET, LAST_OFFSET_DELTA_OFFSET, LENGTH_OFFSET, MAGIC_OFFSET,
    MAX_TIMESTAMP_OFFSET, PARTITION_LEADER_EPOCH_OFFSET, PRODUCER_EPOCH_OFFSET, PRODUCER_ID_OFFSET,
    RECORDS_COUNT_OFFSET, RECORD_BATCH_OVERHEAD,
};
use super::compression::Compression;
use super::error::RecordError;
use super::raw_batch::RawBatch;
use super::varint::{read_varint, read_varlong};

/// Where a field belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldScope {
    /// The batch header.
    Batch,
    /// The record at this index in the batch (0-based).
    Record(usize),
    /// A header of a record: record index, header index.
    Header(usize, usize),
}

/// One labelled span of the batch's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The schema's field name (`BaseOffset`, `TimestampDelta`, `HeaderKey`…).
    pub name: &'static str,
    pub scope: FieldScope,
    /// Byte positions within the batch.
    pub bytes: Range<usize>,
    /// The decoded value, as text (`null` for absent bytes fields, lossy UTF-8 for bytes).
    pub value: String,
}

/// Cuts a validated batch (`RawBatch::new` passes: size, magic, CRC) into its fields, in byte
/// order, covering every byte exactly once.
pub fn batch_layout(batch: &[u8]) -> Result<Vec<Field>, RecordError> {
    let raw = RawBatch::new(batch)?;
    let bytes = raw.bytes();
    let h = *raw.header();
    let mut fields = header_fields(&h);
    if h.attributes.compression != Compression::None {
        fields.push(Field {
            name: "Records",
            scope: FieldScope::Batch,
            bytes: RECORD_BATCH_OVERHEAD..bytes.len(),
            value: format!(
                "{} records, {} bytes compressed with {}",
                h.records_count,
                bytes.len() - RECORD_BATCH_OVERHEAD,
                h.attributes.compression.name()
            ),
        });
        return Ok(fields);
    }
    let mut pos = RECORD_BATCH_OVERHEAD;
    for index in 0..h.records_count.max(0) as usize {
        record_fields(bytes, &mut pos, index, &mut fields)?;
    }
    // Records that do not fill the section exactly are what Kafka's iterator reports as a
    // corrupt batch ("Incorrect declared batch size").
    if pos != bytes.len() {
        return Err(RecordError::CorruptBatch {
            reason: format!(
                "records end at byte {pos} but the batch is {} bytes",
                bytes.len()
            ),
        });
    }
    Ok(fields)
}

fn header_fields(h: &BatchHeader) -> Vec<Field> {
    let f = |name, start: usize, end: usize, value: String| Field {
        name,
        scope: FieldScope::Batch,
        bytes: start..end,
        value,
    };
    vec![
        f(
            "BaseOffset",
            BASE_OFFSET_OFFSET,
            LENGTH_OFFSET,
            h.base_offset.to_string(),
        ),
        f(
            "Length",
            LENGTH_OFFSET,
            PARTITION_LEADER_EPOCH_OFFSET,
            h.batch_length.to_string(),
        ),
        f(
            "PartitionLeaderEpoch",
            PARTITION_LEADER_EPOCH_OFFSET,
            MAGIC_OFFSET,
            h.partition_leader_epoch.to_string(),
        ),
        f("Magic", MAGIC_OFFSET, CRC_OFFSET, h.magic.to_string()),
        f(
            "CRC",
            CRC_OFFSET,
            ATTRIBUTES_OFFSET,
            format!("{:#010x} (CRC-32C)", h.crc),
        ),
        f(
            "Attributes",
            ATTRIBUTES_OFFSET,
            LAST_OFFSET_DELTA_OFFSET,
            describe_attributes(&h.attributes),
        ),
        f(
            "LastOffsetDelta",
            LAST_OFFSET_DELTA_OFFSET,
            BASE_TIMESTAMP_OFFSET,
            h.last_offset_delta.to_string(),
        ),
        f(
            "BaseTimestamp",
            BASE_TIMESTAMP_OFFSET,
            MAX_TIMESTAMP_OFFSET,
            h.base_timestamp.to_string(),
        ),
        f(
            "MaxTimestamp",
            MAX_TIMESTAMP_OFFSET,
            PRODUCER_ID_OFFSET,
            h.max_timestamp.to_string(),
        ),
        f(
            "ProducerId",
            PRODUCER_ID_OFFSET,
            PRODUCER_EPOCH_OFFSET,
            h.producer_id.to_string(),
        ),
        f(
            "ProducerEpoch",
            PRODUCER_EPOCH_OFFSET,
            BASE_SEQUENCE_OFFSET,
            h.producer_epoch.to_string(),
        ),
        f(
            "BaseSequence",
            BASE_SEQUENCE_OFFSET,
            RECORDS_COUNT_OFFSET,
            h.base_sequence.to_string(),
        ),
        f(
            "RecordsCount",
            RECORDS_COUNT_OFFSET,
            RECORD_BATCH_OVERHEAD,
            h.records_count.to_string(),
        ),
    ]
}

/// The attribute bits as `DumpLogSegments` names them: codec, timestamp type and flags.
fn describe_attributes(a: &BatchAttributes) -> String {
    let mut parts = vec![
        format!("compression={}", a.compression.name()),
        format!("timestampType={}", a.timestamp_type.name()),
    ];
    if a.is_transactional {
        parts.push("transactional".to_owned());
    }
    if a.is_control {
        parts.push("control".to_owned());
    }
    if a.has_delete_horizon {
        parts.push("deleteHorizon".to_owned());
    }
    format!("{:#06x} ({})", a.to_bits(), parts.join(", "))
}

fn corrupt(index: usize, what: &str) -> RecordError {
    RecordError::CorruptBatch {
        reason: format!("record {index}: {what}"),
    }
}

/// Reads one record's fields at `*pos`, pushing them in byte order.
fn record_fields(
    bytes: &[u8],
    pos: &mut usize,
    index: usize,
    fields: &mut Vec<Field>,
) -> Result<(), RecordError> {
    let scope = FieldScope::Record(index);
    let varint = |name: &'static str, pos: &mut usize, fields: &mut Vec<Field>| {
        let start = *pos;
        let v = read_varint(bytes, pos).map_err(|_| corrupt(index, name))?;
        fields.push(Field {
            name,
            scope,
            bytes: start..*pos,
            value: v.to_string(),
        });
        Ok::<i32, RecordError>(v)
    };
    let length = varint("Length", pos, fields)?;
    let end = pos
        .checked_add(usize::try_from(length).map_err(|_| corrupt(index, "negative length"))?)
        .filter(|&end| end <= bytes.len())
        .ok_or_else(|| corrupt(index, "length past the batch"))?;
    fields.push(Field {
        name: "Attributes",
        scope,
        bytes: *pos..*pos + 1,
        value: (bytes[*pos] as i8).to_string(),
    });
    *pos += 1;
    let start = *pos;
    let ts = read_varlong(bytes, pos).map_err(|_| corrupt(index, "TimestampDelta"))?;
    fields.push(Field {
        name: "TimestampDelta",
        scope,
        bytes: start..*pos,
        value: ts.to_string(),
    });
    varint("OffsetDelta", pos, fields)?;
    bytes_field("KeyLength", "Key", bytes, pos, scope, index, fields)?;
    bytes_field("ValueLength", "Value", bytes, pos, scope, index, fields)?;
    let count = varint("HeadersCount", pos, fields)?;
    for h in 0..count.max(0) as usize {
        let hscope = FieldScope::Header(index, h);
        bytes_field(
            "HeaderKeyLength",
            "HeaderKey",
            bytes,
            pos,
            hscope,
            index,
            fields,
        )?;
        bytes_field(
            "HeaderValueLength",
            "HeaderValue",
            bytes,
            pos,
            hscope,
            index,
            fields,
        )?;
    }
    if *pos != end {
        return Err(corrupt(index, "fields do not fill its length"));
    }
    Ok(())
}

/// A varint length then that many bytes (-1: null, no bytes).
fn bytes_field(
    length_name: &'static str,
    name: &'static str,
    bytes: &[u8],
    pos: &mut usize,
    scope: FieldScope,
    index: usize,
    fields: &mut Vec<Field>,
) -> Result<(), RecordError> {
    let start = *pos;
    let len = read_varint(bytes, pos).map_err(|_| corrupt(index, length_name))?;
    fields.push(Field {
        name: length_name,
        scope,
        bytes: start..*pos,
        value: len.to_string(),
    });
    if len < 0 {
        return Ok(());
    }
    let end = *pos + len as usize;
    let data = bytes
        .get(*pos..end)
        .ok_or_else(|| corrupt(index, "bytes past the batch"))?;
    fields.push(Field {
        name,
        scope,
        bytes: *pos..end,
        value: String::from_utf8_lossy(data).into_owned(),
    });
    *pos = end;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::record::{BatchBuilder, Header, TimestampType};

    fn batch(compression: Compression) -> Vec<u8> {
        let mut b = BatchBuilder::new(compression, TimestampType::CreateTime, 7, -1)
            .producer(1000, 2, 5, false)
            .partition_leader_epoch(3);
        b.append(1_000, Some("키".as_bytes()), Some(b"v1"), &[]);
        b.append(
            1_010,
            None,
            None,
            &[Header {
                key: "h".to_owned(),
                value: Some(b"x".to_vec()),
            }],
        );
        b.build()
    }

    #[test]
    fn fields_cover_every_byte_once_in_order() {
        let bytes = batch(Compression::None);
        let fields = batch_layout(&bytes).unwrap();
        let mut next = 0;
        for f in &fields {
            assert_eq!(f.bytes.start, next, "{f:?}");
            assert!(f.bytes.end > f.bytes.start || f.name.ends_with("Key"));
            next = f.bytes.end;
        }
        assert_eq!(next, bytes.len());
    }

    #[test]
    fn values_are_decoded() {
        let fields = batch_layout(&batch(Compression::None)).unwrap();
        let get = |name: &str, scope: FieldScope| {
            fields
                .iter()
                .find(|f| f.name == name && f.scope == scope)
                .map(|f| f.value.clone())
                .unwrap()
        };
        assert_eq!(get("BaseOffset", FieldScope::Batch), "7");
        assert_eq!(get("PartitionLeaderEpoch", FieldScope::Batch), "3");
        assert_eq!(get("ProducerId", FieldScope::Batch), "1000");
        assert_eq!(get("BaseSequence", FieldScope::Batch), "5");
        assert_eq!(get("RecordsCount", FieldScope::Batch), "2");
        assert_eq!(
            get("Attributes", FieldScope::Batch),
            "0x0000 (compression=none, timestampType=CreateTime)"
        );
        assert_eq!(get("Key", FieldScope::Record(0)), "키");
        assert_eq!(get("KeyLength", FieldScope::Record(0)), "3");
        assert_eq!(get("KeyLength", FieldScope::Record(1)), "-1");
        assert_eq!(get("ValueLength", FieldScope::Record(1)), "-1");
        assert_eq!(get("TimestampDelta", FieldScope::Record(1)), "10");
        assert_eq!(get("OffsetDelta", FieldScope::Record(1)), "1");
        assert_eq!(get("HeaderKey", FieldScope::Header(1, 0)), "h");
        assert_eq!(get("HeaderValue", FieldScope::Header(1, 0)), "x");
        assert!(!fields
            .iter()
            .any(|f| f.name == "Key" && f.scope == FieldScope::Record(1)));
    }

    #[test]
    fn compressed_records_are_one_field() {
        let bytes = batch(Compression::Gzip);
        let fields = batch_layout(&bytes).unwrap();
        let last = fields.last().unwrap();
        assert_eq!(last.name, "Records");
        assert_eq!(last.bytes, RECORD_BATCH_OVERHEAD..bytes.len());
        assert!(last.value.contains("gzip"), "{}", last.value);
    }

    #[test]
    fn corrupt_batch_is_refused() {
        let mut bytes = batch(Compression::None);
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        assert!(batch_layout(&bytes).is_err());
    }
}
