//! [`records_window`] and [`inspect_batch`]: a partition's records as plain data, for the
//! partition strip and the batch inspector.
//!
//! Only a bounded window is ever read ([`WINDOW_RECORDS_MAX`] records), so a partition with a
//! million records costs the renderer what a partition with two hundred does. Records are read
//! as a replica would (`FetchIsolation.LOG_END`), so records above the high watermark or the
//! last stable offset show too, marked; offsets missing inside the window (removed by
//! compaction, or never data because a control batch holds them) are shown for what they are.

use crate::engine::api_error::ApiError;
use crate::engine::cluster::Cluster;
use crate::engine::error_code::ErrorCode;
use crate::engine::log::partition_log::FetchUpperBound;
use crate::engine::record::layout::{batch_layout, Field};
use crate::engine::record::{batches, ControlRecordType, RawBatch};
use crate::engine::topic_partition::TopicPartition;
use crate::storage::SegmentStorage;

/// The most records one window holds: what the strip renders at once.
pub const WINDOW_RECORDS_MAX: usize = 200;
/// Bytes read per fetch while filling a window.
const FETCH_BYTES: usize = 256 * 1024;
/// How many characters of a key or value a cell carries.
const PREVIEW_CHARS_MAX: usize = 40;

/// One record as the strip shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordCell {
    pub offset: i64,
    pub timestamp_ms: i64,
    /// The key bytes, `None` for a null key (the strip colours cells by key).
    pub key: Option<Vec<u8>>,
    /// The key as text, cut to a preview.
    pub key_text: Option<String>,
    /// The value as text, cut to a preview; `None` is a tombstone.
    pub value_text: Option<String>,
    pub header_count: usize,
    /// The base offset of the batch holding the record.
    pub batch_base_offset: i64,
    pub producer_id: i64,
    pub sequence: i32,
    pub is_transactional: bool,
    /// A transaction marker (COMMIT or ABORT), not data.
    pub control: Option<ControlRecordType>,
}

/// A window of a partition's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordsWindow {
    pub tp: TopicPartition,
    /// The first offset the window covers.
    pub from_offset: i64,
    /// The offset after the window: the next record's, or the log end offset.
    pub to_offset: i64,
    /// The records in `[from_offset, to_offset)`, in offset order; missing offsets are gaps.
    pub records: Vec<RecordCell>,
    /// Base offsets of the segments (segment boundaries).
    pub segment_base_offsets: Vec<i64>,
    pub log_start_offset: i64,
    pub hw: i64,
    pub lso: i64,
    pub leo: i64,
}

/// Reads up to [`WINDOW_RECORDS_MAX`] records of `tp` from `from_offset` (clamped into the
/// log). An empty log gives an empty window.
pub fn records_window<S: SegmentStorage>(
    cluster: &Cluster<S>,
    tp: &TopicPartition,
    from_offset: i64,
) -> Result<RecordsWindow, ApiError> {
    let log = cluster.log(tp).ok_or_else(|| {
        ApiError::new(
            ErrorCode::UnknownTopicOrPartition,
            format!("This server does not host this topic-partition: {tp}."),
        )
    })?;
    let offsets = log.offsets();
    let from = from_offset.clamp(offsets.log_start_offset(), offsets.leo());
    let mut records = Vec::new();
    let mut next = from;
    while records.len() < WINDOW_RECORDS_MAX && next < offsets.leo() {
        let data = cluster.fetch(tp, next, FETCH_BYTES, FetchUpperBound::Leo)?;
        if data.records.is_empty() {
            break;
        }
        for batch in batches(&data.records) {
            // Batches come from the log, which validated them on append and on recovery.
            let batch = batch.expect("the log holds only valid batches");
            let last = batch.header().last_offset();
            push_cells(&batch, next, &mut records);
            next = last + 1;
            if records.len() >= WINDOW_RECORDS_MAX {
                break;
            }
        }
    }
    records.truncate(WINDOW_RECORDS_MAX);
    let to_offset = if records.len() == WINDOW_RECORDS_MAX {
        records.last().map_or(next, |r| r.offset + 1)
    } else {
        next.max(from)
    };
    Ok(RecordsWindow {
        tp: tp.clone(),
        from_offset: from,
        to_offset,
        records,
        segment_base_offsets: log.segments().iter().map(|s| s.base_offset()).collect(),
        log_start_offset: offsets.log_start_offset(),
        hw: offsets.hw(),
        lso: offsets.lso(),
        leo: offsets.leo(),
    })
}

fn preview(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut chars = text.chars();
    let mut out: String = chars.by_ref().take(PREVIEW_CHARS_MAX).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

fn push_cells(batch: &RawBatch<'_>, from: i64, out: &mut Vec<RecordCell>) {
    let h = *batch.header();
    let records = batch.records().expect("the log holds only valid batches");
    for record in &records {
        let r = record.expect("the log holds only valid batches");
        if r.offset < from {
            continue;
        }
        let control = if h.attributes.is_control {
            ControlRecordType::parse_key(r.key).ok()
        } else {
            None
        };
        out.push(RecordCell {
            offset: r.offset,
            timestamp_ms: r.timestamp,
            key: r.key.map(<[u8]>::to_vec),
            key_text: r.key.map(preview),
            value_text: r.value.map(preview),
            header_count: r.header_count(),
            batch_base_offset: h.base_offset,
            producer_id: h.producer_id,
            sequence: r.sequence,
            is_transactional: h.attributes.is_transactional,
            control,
        });
    }
}

/// The batch holding `offset`, cut into labelled fields for the inspector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchInspection {
    pub tp: TopicPartition,
    /// The offset the learner clicked.
    pub offset: i64,
    pub bytes: Vec<u8>,
    pub fields: Vec<Field>,
}

/// Reads the batch that holds `offset` (or, when compaction removed it, the next batch).
/// `None` when the offset is outside the log.
pub fn inspect_batch<S: SegmentStorage>(
    cluster: &Cluster<S>,
    tp: &TopicPartition,
    offset: i64,
) -> Result<Option<BatchInspection>, ApiError> {
    let Some(log) = cluster.log(tp) else {
        return Ok(None);
    };
    if offset < log.log_start_offset() || offset >= log.leo() {
        return Ok(None);
    }
    // Fetch returns whole batches starting with the one holding `offset`; one byte is
    // enough because a fetch always returns at least one whole batch.
    let data = cluster.fetch(tp, offset, 1, FetchUpperBound::Leo)?;
    let Some(first) = batches(&data.records).next() else {
        return Ok(None);
    };
    let bytes = first
        .expect("the log holds only valid batches")
        .bytes()
        .to_vec();
    let fields = batch_layout(&bytes).expect("the log holds only valid batches");
    Ok(Some(BatchInspection {
        tp: tp.clone(),
        offset,
        bytes,
        fields,
    }))
}
