//! Checking and stamping the batch of an append: Kafka's `UnifiedLog.analyzeAndValidateRecords`
//! and `LogValidator.validateMessagesAndAssignOffsets` (leader), and the lighter checks of
//! `appendAsFollower` (offsets kept).
//!
//! A leader append carries exactly one v2 batch. It is refused when its base offset is not 0
//! (clients send 0), it is larger than `max.message.bytes`, its CRC fails, its offset range and
//! record count disagree, a client sends a control batch, a compacted topic gets a record
//! without key ("Compacted topic cannot accept message without key", `LogValidator`), or a
//! `CreateTime` timestamp lies outside `message.timestamp.before.max.ms` /
//! `message.timestamp.after.max.ms`. Then it gets its offsets (from the log end offset), the
//! leader epoch, and either the log append time (`LogAppendTime` topics) or its true max
//! timestamp. It is re-encoded only when Kafka re-encodes it: when the topic's
//! `compression.type` differs from the producer's codec, or a compressed batch's inner offsets
//! are not 0, 1, 2, ...

use super::file_batches::FileBatch;
use super::{LogError, RecordRejection};
use crate::engine::record::attributes::BatchAttributes;
use crate::engine::record::batch::RecordBatch;
use crate::engine::record::batch_header::{
    BatchHeader, ATTRIBUTES_OFFSET, MAGIC_V2, MAX_TIMESTAMP_OFFSET, NO_TIMESTAMP,
};
use crate::engine::record::batch_iter::batches;
use crate::engine::record::error::RecordError;
use crate::engine::record::raw_batch::RawBatch;
use crate::engine::record::record::Record;
use crate::engine::record::rewrite::{
    set_last_offset, set_log_append_time, set_partition_leader_epoch, update_crc,
};
use crate::engine::record::{Compression, TimestampType};
use crate::engine::topic::config::{LogConfig, TopicCompression};

/// Who is appending (Kafka's `AppendOrigin`): clients get the full batch checks, the broker's
/// own coordinators may write control batches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum AppendOrigin {
    Client,
    Coordinator,
}

/// What the leader-side validation needs to know about the log.
pub(super) struct LeaderAppendContext<'a> {
    /// `topic-partition`, for messages.
    pub partition: &'a str,
    pub config: &'a LogConfig,
    /// The log end offset: the first offset to assign.
    pub next_offset: i64,
    pub leader_epoch: i32,
    pub now_ms: i64,
    pub origin: AppendOrigin,
}

/// A batch ready to be written (Kafka's `ValidationResult` + `LogAppendInfo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ValidatedAppend {
    pub bytes: Vec<u8>,
    pub first_offset: i64,
    pub last_offset: i64,
    pub max_timestamp: i64,
    /// The last offset of the batch holding the max timestamp (the only batch).
    pub shallow_offset_of_max_timestamp: i64,
    pub log_append_time_ms: i64,
    pub records_count: i32,
}

/// `BrokerCompressionType.targetCompression`: the topic's `compression.type`, or the
/// producer's codec for `producer`.
pub fn target_compression(topic: TopicCompression, source: Compression) -> Compression {
    match topic {
        TopicCompression::Producer => source,
        TopicCompression::Uncompressed => Compression::None,
        TopicCompression::Gzip => Compression::Gzip,
        TopicCompression::Snappy => Compression::Snappy,
        TopicCompression::Lz4 => Compression::Lz4,
        TopicCompression::Zstd => Compression::Zstd,
    }
}

/// The codec's refusal of a batch, in Kafka's words for the partition.
pub(super) fn corrupt(partition: &str, source: RecordError) -> LogError {
    LogError::CorruptRecord {
        partition: partition.to_owned(),
        source,
    }
}

enum RejectionKind {
    Record,
    Timestamp,
}

/// Validates and stamps one leader append.
pub(super) fn validate_leader_append(
    input: &[u8],
    ctx: &LeaderAppendContext<'_>,
) -> Result<ValidatedAppend, LogError> {
    let raw = analyze(input, ctx)?;
    let header = *raw.header();
    if ctx.origin == AppendOrigin::Client {
        validate_batch(&header, ctx.partition)?;
    }

    let source = header.attributes.compression;
    let target = target_compression(ctx.config.compression_type, source);
    let timestamp_type = ctx.config.message_timestamp_type;
    let now = ctx.now_ms;

    let records = raw.records().map_err(|e| corrupt(ctx.partition, e))?;
    let mut rejections: Vec<(RejectionKind, RecordRejection)> = Vec::new();
    let mut count: i64 = 0;
    let mut max_timestamp = NO_TIMESTAMP;
    let mut inner_offsets_in_order = true;
    for (index, record) in records.iter().enumerate() {
        let record = record.map_err(|e| corrupt(ctx.partition, e))?;
        if let Some(rejection) =
            validate_record(&header, &record, index as i32, ctx, timestamp_type)
        {
            rejections.push(rejection);
            continue;
        }
        max_timestamp = max_timestamp.max(record.timestamp);
        if record.offset != index as i64 {
            inner_offsets_in_order = false;
        }
        count += 1;
    }
    if !rejections.is_empty() {
        let timestamp_error = rejections
            .iter()
            .any(|(k, _)| matches!(k, RejectionKind::Timestamp));
        let errors = rejections.into_iter().map(|(_, r)| r).collect();
        return Err(if timestamp_error {
            LogError::InvalidTimestamp { errors }
        } else {
            LogError::InvalidRecords { errors }
        });
    }

    let first_offset = ctx.next_offset;
    let log_append = timestamp_type == TimestampType::LogAppendTime;
    let mut in_place = source == target;
    if source != Compression::None && !inner_offsets_in_order {
        in_place = false;
    }
    // "Do not compress control records unless they are written compressed."
    if source == Compression::None && header.attributes.is_control {
        in_place = true;
    }

    let mut bytes;
    let mut size_may_have_changed = false;
    if in_place {
        // `assignOffsetsNonCompressed` / in-place branch of `validateMessagesAndAssignOffsetsCompressed`.
        bytes = raw.bytes().to_vec();
        set_last_offset(&mut bytes, first_offset + count - 1);
        if log_append {
            max_timestamp = now;
            set_log_append_time(&mut bytes, now);
        } else {
            set_create_time_max_timestamp(&mut bytes, &header, max_timestamp);
        }
        set_partition_leader_epoch(&mut bytes, ctx.leader_epoch);
    } else {
        // `buildRecordsAndAssignOffsets`: a new batch in the target codec (the records are
        // read a second time, now that they are known to be valid).
        let mut kept = Vec::with_capacity(count as usize);
        for record in &records {
            kept.push(record.map_err(|e| corrupt(ctx.partition, e))?);
        }
        let base_timestamp = kept.first().map_or(NO_TIMESTAMP, |r| r.timestamp);
        if log_append {
            max_timestamp = now;
        }
        let records = kept
            .iter()
            .enumerate()
            .map(|(i, r)| Record {
                attributes: 0,
                timestamp_delta: r.timestamp.wrapping_sub(base_timestamp),
                offset_delta: i as i32,
                ..r.to_record()
            })
            .collect();
        let batch = RecordBatch {
            header: BatchHeader {
                base_offset: first_offset,
                batch_length: 0,
                partition_leader_epoch: ctx.leader_epoch,
                magic: MAGIC_V2,
                crc: 0,
                attributes: BatchAttributes {
                    compression: target,
                    timestamp_type,
                    is_transactional: header.attributes.is_transactional,
                    is_control: header.attributes.is_control,
                    has_delete_horizon: false,
                },
                last_offset_delta: (count - 1) as i32,
                base_timestamp,
                max_timestamp,
                producer_id: header.producer_id,
                producer_epoch: header.producer_epoch,
                base_sequence: header.base_sequence,
                records_count: count as i32,
            },
            records,
        };
        bytes = batch.encode();
        size_may_have_changed = true;
    }
    if size_may_have_changed && bytes.len() > ctx.config.max_message_bytes.max(0) as usize {
        return Err(LogError::RecordTooLarge {
            partition: ctx.partition.to_owned(),
            batch_bytes: bytes.len(),
            max_message_bytes: ctx.config.max_message_bytes,
        });
    }
    let written =
        FileBatch::parse(&bytes, 0).expect("a batch just validated or encoded has a header");
    Ok(ValidatedAppend {
        first_offset,
        last_offset: written.last_offset,
        max_timestamp,
        shallow_offset_of_max_timestamp: written.last_offset,
        log_append_time_ms: if log_append { now } else { NO_TIMESTAMP },
        records_count: count as i32,
        bytes,
    })
}

/// `analyzeAndValidateRecords` for a client append: every complete batch must have base
/// offset 0, fit `max.message.bytes` and pass its CRC, in that order; a partial trailing batch
/// is dropped (`trimInvalidBytes`); then `LogValidator` wants exactly one batch.
fn analyze<'a>(input: &'a [u8], ctx: &LeaderAppendContext<'_>) -> Result<RawBatch<'a>, LogError> {
    let mut iter = batches(input);
    let mut found: Vec<RawBatch<'a>> = Vec::new();
    while let Some(item) = iter.next() {
        match item {
            Ok(raw) => {
                check_shallow(raw.header().base_offset, raw.bytes().len(), ctx)?;
                found.push(raw);
            }
            Err(RecordError::TruncatedBatch { .. }) => break,
            Err(err) => {
                // Kafka checks the base offset and size before the CRC.
                if let Some(shallow) = FileBatch::parse(&input[iter.valid_bytes()..], 0) {
                    check_shallow(shallow.base_offset, shallow.size as usize, ctx)?;
                }
                return Err(corrupt(ctx.partition, err));
            }
        }
    }
    let mut found = found.into_iter();
    let first = found.next().ok_or_else(|| LogError::InvalidBatch {
        message: format!(
            "Produce requests must have at least one record batch per partition (none in the append to {})",
            ctx.partition
        ),
    })?;
    if found.next().is_some() {
        return Err(LogError::InvalidBatch {
            message: "Compressed outer record has more than one batch".to_owned(),
        });
    }
    Ok(first)
}

fn check_shallow(
    base_offset: i64,
    size: usize,
    ctx: &LeaderAppendContext<'_>,
) -> Result<(), LogError> {
    if ctx.origin == AppendOrigin::Client && base_offset != 0 {
        return Err(LogError::InvalidBatch {
            message: format!(
                "The baseOffset of the record batch in the append to {} should be 0, but it is {base_offset}",
                ctx.partition
            ),
        });
    }
    if size > ctx.config.max_message_bytes.max(0) as usize {
        return Err(LogError::RecordTooLarge {
            partition: ctx.partition.to_owned(),
            batch_bytes: size,
            max_message_bytes: ctx.config.max_message_bytes,
        });
    }
    Ok(())
}

/// `LogValidator.validateBatch` for `AppendOrigin.CLIENT`.
fn validate_batch(header: &BatchHeader, partition: &str) -> Result<(), LogError> {
    let invalid = |message: String| Err(LogError::InvalidBatch { message });
    let last_offset = header.last_offset();
    let count_from_offsets = i64::from(header.last_offset_delta) + 1;
    if count_from_offsets <= 0 {
        return invalid(format!(
            "Batch has an invalid offset range: [{}, {last_offset}] in topic partition {partition}",
            header.base_offset
        ));
    }
    let count = header.records_count;
    if count <= 0 {
        return invalid(format!(
            "Invalid reported count for record batch: {count} in topic partition {partition}"
        ));
    }
    if count_from_offsets != i64::from(count) {
        return invalid(format!(
            "Inconsistent batch offset range [{}, {last_offset}] and count of records {count} in topic partition {partition}",
            header.base_offset
        ));
    }
    if header.attributes.is_control {
        return invalid(format!(
            "Clients are not allowed to write control records in topic partition {partition}"
        ));
    }
    if header.has_producer_id() && header.base_sequence < 0 {
        return invalid(format!(
            "Invalid sequence number {} in record batch with producerId {} in topic partition {partition}",
            header.base_sequence, header.producer_id
        ));
    }
    Ok(())
}

/// `LogValidator.validateRecord`: the key check, then the timestamp check.
fn validate_record(
    header: &BatchHeader,
    record: &crate::engine::record::record_ref::RecordRef<'_>,
    batch_index: i32,
    ctx: &LeaderAppendContext<'_>,
    timestamp_type: TimestampType,
) -> Option<(RejectionKind, RecordRejection)> {
    let reject = |kind, message| {
        Some((
            kind,
            RecordRejection {
                batch_index,
                message,
            },
        ))
    };
    if ctx.config.cleanup_policy.compact && record.key.is_none() {
        return reject(
            RejectionKind::Record,
            format!(
                "Compacted topic cannot accept message without key in topic partition {}",
                ctx.partition
            ),
        );
    }
    let now = ctx.now_ms;
    if timestamp_type == TimestampType::CreateTime && record.timestamp != NO_TIMESTAMP {
        // `recordHasInvalidTimestamp`.
        let diff = now.saturating_sub(record.timestamp);
        let before = ctx.config.message_timestamp_before_max_ms;
        let after = ctx.config.message_timestamp_after_max_ms;
        if diff > before || diff.saturating_neg() > after {
            return reject(
                RejectionKind::Timestamp,
                format!(
                    "Timestamp {} of message with offset {} is out of range. The timestamp should be within [{}, {}]",
                    record.timestamp,
                    record.offset,
                    now.saturating_sub(before),
                    now.saturating_add(after)
                ),
            );
        }
    } else if header.attributes.timestamp_type == TimestampType::LogAppendTime {
        return reject(
            RejectionKind::Timestamp,
            format!(
                "Invalid timestamp type in message DefaultRecord(offset={}, timestamp={}, key={} bytes, value={} bytes). \
                 Producer should not set timestamp type to LogAppendTime.",
                record.offset,
                record.timestamp,
                record.key.map_or(0, <[u8]>::len),
                record.value.map_or(0, <[u8]>::len)
            ),
        );
    }
    None
}

/// `DefaultRecordBatch.setMaxTimestamp(CREATE_TIME, max)`: rewrites the timestamp type and max
/// timestamp (and so the CRC) only when they differ from what is stored.
fn set_create_time_max_timestamp(bytes: &mut [u8], header: &BatchHeader, max_timestamp: i64) {
    if header.attributes.timestamp_type == TimestampType::CreateTime
        && header.max_timestamp == max_timestamp
    {
        return;
    }
    let attributes = BatchAttributes {
        timestamp_type: TimestampType::CreateTime,
        ..header.attributes
    };
    bytes[ATTRIBUTES_OFFSET..ATTRIBUTES_OFFSET + 2]
        .copy_from_slice(&attributes.to_bits().to_be_bytes());
    bytes[MAX_TIMESTAMP_OFFSET..MAX_TIMESTAMP_OFFSET + 8]
        .copy_from_slice(&max_timestamp.to_be_bytes());
    update_crc(bytes);
}

/// What a follower append carries (`LogAppendInfo` with the leader's offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FollowerAppend {
    /// Bytes of the complete batches (a partial trailing batch is dropped).
    pub valid_bytes: usize,
    pub first_offset: i64,
    pub last_offset: i64,
    pub max_timestamp: i64,
    pub shallow_offset_of_max_timestamp: i64,
    pub records_count: i32,
}

/// `analyzeAndValidateRecords` for `appendAsFollower`: CRCs checked, sizes not
/// (`ignoreRecordSize`), offsets must increase (`OffsetsOutOfOrderException`) and start at or
/// after the log end offset (`UnexpectedAppendOffsetException`). `None` when the bytes hold no
/// complete batch (Kafka then appends nothing).
pub(super) fn analyze_follower_append(
    input: &[u8],
    partition: &str,
    log_end_offset: i64,
) -> Result<Option<FollowerAppend>, LogError> {
    let mut info: Option<FollowerAppend> = None;
    for item in batches(input) {
        let raw = match item {
            Ok(raw) => raw,
            Err(RecordError::TruncatedBatch { .. }) => break,
            Err(err) => return Err(corrupt(partition, err)),
        };
        let h = raw.header();
        match &mut info {
            None => {
                if h.base_offset < log_end_offset {
                    return Err(LogError::UnexpectedAppendOffset {
                        partition: partition.to_owned(),
                        first_offset: h.base_offset,
                        log_end_offset,
                    });
                }
                info = Some(FollowerAppend {
                    valid_bytes: raw.bytes().len(),
                    first_offset: h.base_offset,
                    last_offset: h.last_offset(),
                    max_timestamp: h.max_timestamp,
                    shallow_offset_of_max_timestamp: h.last_offset(),
                    records_count: h.records_count,
                });
            }
            Some(info) => {
                if info.last_offset >= h.last_offset() {
                    return Err(LogError::OffsetsOutOfOrder {
                        partition: partition.to_owned(),
                        previous_last_offset: info.last_offset,
                        last_offset: h.last_offset(),
                    });
                }
                if h.max_timestamp > info.max_timestamp {
                    info.max_timestamp = h.max_timestamp;
                    info.shallow_offset_of_max_timestamp = h.last_offset();
                }
                info.valid_bytes += raw.bytes().len();
                info.last_offset = h.last_offset();
                info.records_count += h.records_count;
            }
        }
    }
    Ok(info)
}
