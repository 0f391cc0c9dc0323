//! Log compaction of one partition: Kafka's `Cleaner` (`LogCleaner.scala`) with
//! `MemoryRecords.filterTo`.
//!
//! One round ([`PartitionLog::clean`]) runs when the topic is compacted and the dirty ratio is
//! above `min.cleanable.dirty.ratio` (or `max.compaction.lag.ms` forces it, see
//! [`LogToClean`](super::cleaner_manager::LogToClean)):
//! 1. build a map key → last offset over the cleanable dirty section (`buildOffsetMap`);
//! 2. recopy every segment from the start of the log up to the end of that map, merged into
//!    groups no bigger than a segment (`groupSegmentsBySize`), keeping a record only if it is
//!    the last one of its key (records keep their offsets, gaps remain);
//! 3. move the cleaner checkpoint to the end of the mapped section.
//!
//! Tombstones (null values) survive the round that first cleans them, which stamps their batch
//! with a delete horizon (`now + delete.retention.ms`, attribute bit 6, stored as the batch's
//! base timestamp, KIP-534); a later round after the horizon drops them. Records of aborted
//! transactions go whatever their key; transaction markers go once their transaction's data is
//! gone and their own delete horizon passed. An emptied batch disappears, except the last
//! batch of each producer (kept empty, for sequence continuity) and the batch ending the
//! cleaned range (kept empty, so the last offset is not lost).
//!
//! Kafka's offset map stores a 16-byte MD5 of each key in a fixed buffer; kplay stores keys
//! themselves (no collisions) and bounds the number of keys as Kafka's default buffer does.
//! Kafka appends cleaned bytes to the new segment chunk by chunk; kplay builds the new
//! segment whole and indexes it as `LogSegment.recover` does, one entry every
//! `index.interval.bytes`.

use std::collections::BTreeMap;

use super::cleaned_txn::{
    aborted_in_range, collect_aborted_txns, AbortedTxn, CleanedTransactionMetadata, ControlType,
};
use super::cleaner_manager::LogToClean;
use super::event::{CleanerStats, LogEvent};
use super::file_batches::{file_batches, FileBatch};
use super::partition_log::{LastRecord, PartitionLog};
use super::segment::{Segment, SegmentFiles};
use super::validator::corrupt;
use super::LogError;
use crate::engine::record::batch::RecordBatch;
use crate::engine::record::batch_header::{BatchHeader, NO_TIMESTAMP};
use crate::engine::record::raw_batch::RawBatch;
use crate::engine::record::record::Record;
use crate::engine::record::record_ref::RecordRef;
use crate::engine::record::{Compression, TimestampType};
use crate::storage::SegmentStorage;

/// Kafka's default offset map capacity: `log.cleaner.dedupe.buffer.size` (128 MiB) over one
/// cleaner thread, divided by 24 bytes an entry (16-byte MD5 + 8-byte offset), times
/// `log.cleaner.io.buffer.load.factor` (0.9).
pub const DEFAULT_OFFSET_MAP_MAX_ENTRIES: usize = 5_033_164;

/// Settings of the cleaner itself (broker-level in Kafka, `CleanerConfig`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CleanerOptions {
    /// How many distinct keys one round may map; when the map fills, the round cleans up to
    /// the last batch it mapped and the next round continues from there.
    pub offset_map_max_entries: usize,
}

impl Default for CleanerOptions {
    fn default() -> Self {
        CleanerOptions {
            offset_map_max_entries: DEFAULT_OFFSET_MAP_MAX_ENTRIES,
        }
    }
}

/// `SkimpyOffsetMap`: key → offset of its last record in the dirty section (a `BTreeMap`,
/// deterministic by construction).
struct OffsetMap {
    offsets: BTreeMap<Vec<u8>, i64>,
    /// `latestOffset`: the last offset the map covers.
    latest_offset: i64,
}

impl OffsetMap {
    fn get(&self, key: &[u8]) -> i64 {
        self.offsets.get(key).copied().unwrap_or(-1)
    }

    fn put(&mut self, key: &[u8], offset: i64) {
        self.offsets.insert(key.to_vec(), offset);
        self.latest_offset = offset;
    }
}

/// How a batch is treated before its records are looked at (`RecordFilter.BatchRetention`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BatchRetention {
    Delete,
    RetainEmpty,
    DeleteEmpty,
}

impl PartitionLog {
    /// Runs one cleaning round if the log is compacted and dirty enough (see the module doc).
    /// Returns the round's statistics, or `None` when nothing was to be cleaned.
    pub fn clean<S: SegmentStorage>(
        &mut self,
        storage: &mut S,
        now_ms: i64,
        events: &mut Vec<LogEvent>,
    ) -> Result<Option<CleanerStats>, LogError> {
        self.clean_with(storage, now_ms, &CleanerOptions::default(), events)
    }

    /// [`PartitionLog::clean`] with explicit cleaner settings.
    pub fn clean_with<S: SegmentStorage>(
        &mut self,
        storage: &mut S,
        now_ms: i64,
        options: &CleanerOptions,
        events: &mut Vec<LogEvent>,
    ) -> Result<Option<CleanerStats>, LogError> {
        if !self.config.cleanup_policy.compact {
            return Ok(None);
        }
        let to_clean = self.log_to_clean(now_ms);
        if !to_clean.should_clean(self.config.min_cleanable_dirty_ratio) {
            return Ok(None);
        }
        let stats = self.do_clean(storage, &to_clean, now_ms, options)?;
        events.push(LogEvent::Cleaned(stats));
        Ok(Some(stats))
    }

    /// `Cleaner.doClean`.
    fn do_clean<S: SegmentStorage>(
        &mut self,
        storage: &mut S,
        to_clean: &LogToClean,
        now_ms: i64,
        options: &CleanerOptions,
    ) -> Result<CleanerStats, LogError> {
        let mut stats = CleanerStats {
            first_dirty_offset: to_clean.first_dirty_offset,
            ..CleanerStats::default()
        };
        let upper_bound_offset = to_clean.first_uncleanable_offset;
        let aborted = self.aborted_transactions(storage)?;
        let map = self.build_offset_map(
            storage,
            to_clean.first_dirty_offset,
            upper_bound_offset,
            options.offset_map_max_entries,
            &aborted,
        )?;
        stats.keys_mapped = map.offsets.len() as u64;
        let end_offset = map.latest_offset + 1;

        let cleanable_count = self.segments_in_range(0, end_offset).len();
        let groups = group_segments_by_size(
            &self.segments[..cleanable_count],
            self.config.segment_bytes,
            self.config.segment_index_bytes,
            upper_bound_offset,
        );
        let mut txn_meta = CleanedTransactionMetadata::new();
        let last_records = self.producers.clone();
        // Each group becomes one segment, shifting the indexes of the groups after it.
        let mut removed = 0;
        for group in groups {
            let range = group.start - removed..group.end - removed;
            removed += range.len() - 1;
            self.clean_segments(
                storage,
                range,
                &map,
                now_ms,
                &mut stats,
                &mut txn_meta,
                &aborted,
                &last_records,
                upper_bound_offset,
            )?;
        }
        self.cleaner_checkpoint = Some(end_offset);
        stats.next_dirty_offset = end_offset;
        Ok(stats)
    }

    /// The aborted transactions of the whole log (what Kafka's `.txnindex` files hold).
    pub(crate) fn aborted_transactions<S: SegmentStorage>(
        &self,
        storage: &S,
    ) -> Result<Vec<AbortedTxn>, LogError> {
        let mut batches = Vec::new();
        for segment in &self.segments {
            let bytes = segment
                .bytes_from(storage, 0)
                .map_err(|e| self.storage_error(e))?;
            for batch in file_batches(bytes, 0) {
                let control = if batch.is_control() && batch.has_producer_id() {
                    Some(self.control_type(
                        &bytes[batch.position as usize..(batch.position + batch.size) as usize],
                    )?)
                } else {
                    None
                };
                batches.push((batch, control.flatten()));
            }
        }
        Ok(collect_aborted_txns(batches))
    }

    /// The type of a control batch's marker (`None` for an empty, already cleaned batch).
    fn control_type(&self, bytes: &[u8]) -> Result<Option<ControlType>, LogError> {
        let raw = RawBatch::new(bytes).map_err(|e| corrupt(&self.name(), e))?;
        let records = raw.records().map_err(|e| corrupt(&self.name(), e))?;
        let first = records
            .iter()
            .next()
            .transpose()
            .map_err(|e| corrupt(&self.name(), e))?;
        Ok(first.map(|r| ControlType::parse(r.key)))
    }

    /// `Cleaner.buildOffsetMap` + `buildOffsetMapForSegment`.
    fn build_offset_map<S: SegmentStorage>(
        &self,
        storage: &S,
        start: i64,
        end: i64,
        max_entries: usize,
        aborted: &[AbortedTxn],
    ) -> Result<OffsetMap, LogError> {
        let mut map = OffsetMap {
            offsets: BTreeMap::new(),
            latest_offset: -1,
        };
        let dirty = self.segments_in_range(start, end);
        let mut txn_meta = CleanedTransactionMetadata::new();
        txn_meta.add_aborted_transactions(aborted_in_range(aborted, start, end));
        'segments: for (i, segment) in dirty.iter().enumerate() {
            let next_segment_start = dirty.get(i + 1).map_or(end, Segment::base_offset);
            let position = segment.offset_index().lookup(start).position;
            let bytes = segment
                .bytes_from(storage, position)
                .map_err(|e| self.storage_error(e))?;
            for batch in file_batches(bytes, position) {
                let at = (batch.position - position) as usize;
                let raw = RawBatch::new(&bytes[at..at + batch.size as usize])
                    .map_err(|e| corrupt(&self.name(), e))?;
                let records = raw.records().map_err(|e| corrupt(&self.name(), e))?;
                if batch.is_control() {
                    let first = records
                        .iter()
                        .next()
                        .transpose()
                        .map_err(|e| corrupt(&self.name(), e))?;
                    txn_meta
                        .on_control_batch_read(&batch, first.map(|r| ControlType::parse(r.key)));
                } else if !txn_meta.on_batch_read(&batch) {
                    for record in &records {
                        let record = record.map_err(|e| corrupt(&self.name(), e))?;
                        if let Some(key) = record.key {
                            if record.offset >= start {
                                if map.offsets.len() < max_entries {
                                    map.put(key, record.offset);
                                } else {
                                    break 'segments;
                                }
                            }
                        }
                    }
                }
                if batch.last_offset >= start {
                    map.latest_offset = batch.last_offset;
                }
            }
            // "In the case of offsets gap, fast forward to latest expected offset in this segment."
            map.latest_offset = next_segment_start - 1;
        }
        Ok(map)
    }

    /// `Cleaner.cleanSegments`: recopies the segments `range` into one new segment at the
    /// first one's base offset, then swaps it in (`replaceSegments`).
    #[allow(clippy::too_many_arguments)]
    fn clean_segments<S: SegmentStorage>(
        &mut self,
        storage: &mut S,
        range: std::ops::Range<usize>,
        map: &OffsetMap,
        now_ms: i64,
        stats: &mut CleanerStats,
        txn_meta: &mut CleanedTransactionMetadata,
        aborted: &[AbortedTxn],
        last_records: &BTreeMap<i64, LastRecord>,
        upper_bound_offset: i64,
    ) -> Result<(), LogError> {
        let mut cleaned = Vec::new();
        for i in range.clone() {
            let segment = &self.segments[i];
            let upper = if i + 1 < range.end {
                self.segments[i + 1].base_offset()
            } else {
                segment.next_offset()
            };
            txn_meta.add_aborted_transactions(aborted_in_range(
                aborted,
                segment.base_offset(),
                upper,
            ));
            let bytes = segment
                .bytes_from(storage, 0)
                .map_err(|e| self.storage_error(e))?;
            self.clean_into(
                bytes,
                &mut cleaned,
                map,
                now_ms,
                stats,
                txn_meta,
                last_records,
                upper_bound_offset,
            )?;
        }
        let first = &self.segments[range.start];
        let last_modified_ms = self.segments[range.end - 1].last_modified_ms();
        let jitter = first.roll_jitter_ms();
        let mut segment = Segment::in_memory(
            SegmentFiles::new(
                self.broker,
                &self.topic,
                self.partition,
                first.base_offset(),
            ),
            &self.config,
            jitter,
            now_ms,
        );
        for old in &self.segments[range.clone()] {
            old.delete_files(storage)
                .map_err(|e| self.storage_error(e))?;
        }
        let written: Result<(), _> =
            storage
                .append(&segment.files().log, &cleaned)
                .and_then(|()| {
                    let batches: Vec<FileBatch> = file_batches(&cleaned, 0).collect();
                    segment.rebuild(storage, &batches)
                });
        written.map_err(|e| self.storage_error(e))?;
        segment.set_last_modified_ms(last_modified_ms);
        stats.segments_read += range.len() as u32;
        stats.segments_written += 1;
        stats.bytes_written += cleaned.len() as u64;
        self.segments.splice(range, [segment]);
        Ok(())
    }

    /// `Cleaner.cleanInto` / `MemoryRecords.filterTo`: appends to `out` what survives of the
    /// batches in `source`.
    #[allow(clippy::too_many_arguments)]
    fn clean_into(
        &self,
        source: &[u8],
        out: &mut Vec<u8>,
        map: &OffsetMap,
        now_ms: i64,
        stats: &mut CleanerStats,
        txn_meta: &mut CleanedTransactionMetadata,
        last_records: &BTreeMap<i64, LastRecord>,
        upper_bound_offset: i64,
    ) -> Result<(), LogError> {
        let delete_retention_ms = self.config.delete_retention_ms;
        for batch in file_batches(source, 0) {
            let bytes = &source[batch.position as usize..(batch.position + batch.size) as usize];
            let raw = RawBatch::new(bytes).map_err(|e| corrupt(&self.name(), e))?;
            let header = *raw.header();
            let records = raw.records().map_err(|e| corrupt(&self.name(), e))?;
            let decoded: Vec<RecordRef<'_>> = records
                .iter()
                .collect::<Result<_, _>>()
                .map_err(|e| corrupt(&self.name(), e))?;
            stats.bytes_read += u64::from(batch.size);

            // `checkBatchRetention`.
            let is_control = header.attributes.is_control;
            let can_discard_batch = if is_control {
                txn_meta.on_control_batch_read(
                    &batch,
                    decoded.first().map(|r| ControlType::parse(r.key)),
                )
            } else {
                txn_meta.on_batch_read(&batch)
            };
            let discard_batch_records = if is_control {
                can_discard_batch && header.delete_horizon_ms().is_some_and(|h| h <= now_ms)
            } else {
                can_discard_batch
            };
            let is_last_of_producer = last_records.get(&header.producer_id).is_some_and(|last| {
                match last.last_data_offset {
                    Some(offset) => batch.last_offset == offset,
                    None => is_control && header.producer_epoch == last.producer_epoch,
                }
            });
            // The last batch of an active producer keeps its sequence; the batch ending the
            // cleaning round keeps the last offset.
            let retention = if (header.has_producer_id() && is_last_of_producer)
                || batch.next_offset() == upper_bound_offset
            {
                BatchRetention::RetainEmpty
            } else if discard_batch_records {
                BatchRetention::Delete
            } else {
                BatchRetention::DeleteEmpty
            };
            let contains_marker_for_empty_txn = can_discard_batch && is_control;
            if retention == BatchRetention::Delete {
                continue;
            }

            // `filterBatch`.
            let mut retained: Vec<&RecordRef<'_>> = Vec::new();
            let mut contains_tombstones = false;
            let mut write_original = true;
            for record in &decoded {
                stats.messages_read += 1;
                let keep = if discard_batch_records {
                    false
                } else if is_control {
                    true
                } else {
                    should_retain_record(map, &header, record, now_ms, stats)
                };
                if keep {
                    contains_tombstones |= record.value.is_none();
                    retained.push(record);
                } else {
                    write_original = false;
                }
            }

            if !retained.is_empty() {
                let need_delete_horizon = (contains_tombstones || contains_marker_for_empty_txn)
                    && header.delete_horizon_ms().is_none();
                stats.messages_written += retained.len() as u64;
                if write_original && !need_delete_horizon {
                    out.extend_from_slice(bytes);
                } else {
                    let delete_horizon_ms = if need_delete_horizon {
                        stats.delete_horizons_set += 1;
                        now_ms.saturating_add(delete_retention_ms)
                    } else {
                        header.delete_horizon_ms().unwrap_or(NO_TIMESTAMP)
                    };
                    out.extend(build_retained_records(
                        &header,
                        &retained,
                        delete_horizon_ms,
                    ));
                }
            } else if retention == BatchRetention::RetainEmpty {
                out.extend(empty_batch(&header));
            }
        }
        Ok(())
    }
}

/// `Cleaner.shouldRetainRecord`: records past the map are kept; a keyed record is kept when it
/// is the last of its key and either has a value or is a tombstone whose batch's delete horizon
/// has not passed (or was never set); a record without key is dropped as invalid.
fn should_retain_record(
    map: &OffsetMap,
    header: &BatchHeader,
    record: &RecordRef<'_>,
    now_ms: i64,
    stats: &mut CleanerStats,
) -> bool {
    if record.offset > map.latest_offset {
        return true;
    }
    match record.key {
        Some(key) => {
            let latest_offset_for_key = record.offset >= map.get(key);
            let retain_deletes = header
                .delete_horizon_ms()
                .is_none_or(|horizon| now_ms < horizon);
            latest_offset_for_key && (record.value.is_some() || retain_deletes)
        }
        None => {
            stats.invalid_messages += 1;
            false
        }
    }
}

/// `MemoryRecords.buildRetainedRecordsInto`: a batch with only `retained`, keeping the
/// original base offset, last offset (`overrideLastOffset`, for sequence continuity), producer
/// fields, codec, timestamp type, leader epoch and, for `LogAppendTime`, the append time.
/// With a delete horizon the base timestamp is the horizon and bit 6 is set
/// (`MemoryRecordsBuilder`); otherwise the base timestamp is the first record's.
fn build_retained_records(
    original: &BatchHeader,
    retained: &[&RecordRef<'_>],
    delete_horizon_ms: i64,
) -> Vec<u8> {
    let has_delete_horizon = delete_horizon_ms >= 0;
    let base_timestamp = if has_delete_horizon {
        delete_horizon_ms
    } else {
        retained.first().map_or(NO_TIMESTAMP, |r| r.timestamp)
    };
    let max_timestamp = match original.attributes.timestamp_type {
        TimestampType::LogAppendTime => original.max_timestamp,
        TimestampType::CreateTime => retained
            .iter()
            .map(|r| r.timestamp)
            .max()
            .unwrap_or(NO_TIMESTAMP),
    };
    let records = retained
        .iter()
        .map(|r| Record {
            attributes: 0,
            timestamp_delta: r.timestamp.wrapping_sub(base_timestamp),
            offset_delta: (r.offset - original.base_offset) as i32,
            key: r.key.map(<[u8]>::to_vec),
            value: r.value.map(<[u8]>::to_vec),
            headers: r.headers().map(|h| h.to_owned_header()).collect(),
        })
        .collect();
    RecordBatch {
        header: BatchHeader {
            attributes: crate::engine::record::attributes::BatchAttributes {
                has_delete_horizon,
                ..original.attributes
            },
            base_timestamp,
            max_timestamp,
            ..*original
        },
        records,
    }
    .encode()
}

/// `DefaultRecordBatch.writeEmptyHeader`: a batch without records that keeps the original's
/// offsets, producer fields and flags, uncompressed, both timestamps set to its max timestamp.
fn empty_batch(original: &BatchHeader) -> Vec<u8> {
    RecordBatch {
        header: BatchHeader {
            attributes: crate::engine::record::attributes::BatchAttributes {
                compression: Compression::None,
                has_delete_horizon: false,
                ..original.attributes
            },
            base_timestamp: original.max_timestamp,
            ..*original
        },
        records: Vec::new(),
    }
    .encode()
}

/// `Cleaner.groupSegmentsBySize`: consecutive segments merged while the group's log bytes stay
/// within `max_size`, each index within `max_index_size`, and the offsets within a 4-byte
/// relative offset of the group's first segment (estimated with the next segment's base offset,
/// or the first uncleanable offset for the last one). Returns index ranges into `segments`.
pub fn group_segments_by_size(
    segments: &[Segment],
    max_size: i32,
    max_index_size: i32,
    first_uncleanable_offset: i64,
) -> Vec<std::ops::Range<usize>> {
    let mut groups = Vec::new();
    let mut i = 0;
    while i < segments.len() {
        let start = i;
        let mut log_size = u64::from(segments[i].size());
        let mut index_size = segments[i].offset_index().size_in_bytes() as u64;
        let mut time_index_size = segments[i].time_index().size_in_bytes() as u64;
        i += 1;
        while i < segments.len() {
            let next = &segments[i];
            let last_offset_for_first_segment = match segments.get(i + 1) {
                Some(after) => after.base_offset() - 1,
                None => first_uncleanable_offset - 1,
            };
            let fits = log_size + u64::from(next.size()) <= max_size.max(0) as u64
                && index_size + next.offset_index().size_in_bytes() as u64
                    <= max_index_size.max(0) as u64
                && time_index_size + next.time_index().size_in_bytes() as u64
                    <= max_index_size.max(0) as u64
                && (next.size() == 0
                    || last_offset_for_first_segment - segments[start].base_offset()
                        <= i64::from(i32::MAX));
            if !fits {
                break;
            }
            log_size += u64::from(next.size());
            index_size += next.offset_index().size_in_bytes() as u64;
            time_index_size += next.time_index().size_in_bytes() as u64;
            i += 1;
        }
        groups.push(start..i);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::log::partition_log::FetchUpperBound;
    use crate::engine::log::testing::TestStorage;
    use crate::engine::log::testing::{kv, new_log, records_of, Rec, T0};
    use crate::engine::record::{control_batch, BatchBuilder, ControlRecordType};
    use crate::engine::topic::config::{CleanupPolicy, LogConfig};

    const HOUR_MS: i64 = 3_600_000;

    fn compacted(segment_bytes: i32) -> LogConfig {
        LogConfig {
            cleanup_policy: CleanupPolicy {
                delete: false,
                compact: true,
            },
            min_cleanable_dirty_ratio: 0.0,
            segment_bytes,
            ..LogConfig::default()
        }
    }

    /// Appends `key`=`value` at `ts` (also the broker's clock).
    fn put(
        storage: &mut TestStorage,
        log: &mut PartitionLog,
        ts: i64,
        key: &str,
        value: Option<&str>,
    ) {
        log.append_as_leader(storage, &kv(ts, key, value), 0, ts, &mut Vec::new())
            .unwrap();
    }

    fn everything(storage: &TestStorage, log: &PartitionLog) -> Vec<Rec> {
        let mut out = Vec::new();
        let mut offset = log.log_start_offset();
        while offset < log.leo() {
            let data = log
                .read(storage, offset, usize::MAX, FetchUpperBound::Leo, false)
                .unwrap();
            let batch_end = crate::engine::record::batches(&data.records)
                .map(|b| b.unwrap().header().next_offset())
                .last();
            out.extend(
                records_of(&data.records)
                    .into_iter()
                    .filter(|r| r.0 >= offset),
            );
            offset = match batch_end {
                Some(next) => next,
                None => log.segments()[log.floor_segment(offset) + 1].base_offset(),
            };
        }
        out
    }

    fn keys_and_offsets(records: &[Rec]) -> Vec<(i64, String)> {
        records
            .iter()
            .map(|r| (r.0, String::from_utf8(r.2.clone().unwrap()).unwrap()))
            .collect()
    }

    /// One-record batches are 76 bytes here: two fit a 160-byte segment.
    const TWO_PER_SEGMENT: i32 = 160;

    #[test]
    fn keeps_the_last_value_of_each_key_with_its_offset() {
        let (mut storage, mut log) = new_log(compacted(TWO_PER_SEGMENT));
        for (i, key) in ["a", "b", "a", "c", "b", "a", "d"].iter().enumerate() {
            put(
                &mut storage,
                &mut log,
                T0 + i as i64,
                key,
                Some(&format!("{key}{i}")),
            );
        }
        assert_eq!(
            log.segments().len(),
            4,
            "offsets 0-1, 2-3, 4-5 and the active 6"
        );
        let mut events = Vec::new();
        let stats = log
            .clean(&mut storage, T0 + 10, &mut events)
            .unwrap()
            .unwrap();
        // The active segment (offset 6) is not cleaned: "a"@5 and "b"@4 and "c"@3 survive.
        assert_eq!(
            keys_and_offsets(&everything(&storage, &log)),
            vec![
                (3, "c".into()),
                (4, "b".into()),
                (5, "a".into()),
                (6, "d".into())
            ]
        );
        assert_eq!((stats.first_dirty_offset, stats.next_dirty_offset), (0, 6));
        assert_eq!(stats.messages_read, 6);
        assert_eq!(stats.messages_written, 3);
        assert_eq!(stats.segments_read, 3);
        // Groups are sized before cleaning: two full segments never fit one.
        assert_eq!(stats.segments_written, 3);
        assert!(
            log.segments()[0].is_empty(),
            "a and b were both overwritten"
        );
        assert_eq!(log.segments()[0].base_offset(), 0);
        assert!(matches!(events.as_slice(), [LogEvent::Cleaned(_)]));
        assert_eq!(log.checkpoints().cleaner_offset, Some(6));
        // Nothing is dirty any more: no second round.
        assert_eq!(
            log.clean(&mut storage, T0 + 20, &mut Vec::new()).unwrap(),
            None
        );
        // Fetching a removed offset starts at the next existing one.
        let data = log
            .read(&storage, 1, usize::MAX, FetchUpperBound::Leo, false)
            .unwrap();
        assert_eq!(records_of(&data.records)[0].0, 3);
    }

    #[test]
    fn cleans_only_above_the_dirty_ratio() {
        let (mut storage, mut log) = new_log(LogConfig {
            min_cleanable_dirty_ratio: 0.5,
            ..compacted(TWO_PER_SEGMENT)
        });
        for i in 0..5 {
            put(&mut storage, &mut log, T0 + i, "k", Some("v"));
        }
        let to_clean = log.log_to_clean(T0);
        assert_eq!(to_clean.clean_bytes, 0);
        assert_eq!(to_clean.cleanable_ratio, 1.0);
        log.clean(&mut storage, T0, &mut Vec::new())
            .unwrap()
            .unwrap();
        // Clean section: one batch. Dirty: three more single-record batches up to the active.
        for i in 5..8 {
            put(&mut storage, &mut log, T0 + i, "k", Some("v"));
        }
        let to_clean = log.log_to_clean(T0);
        assert!(to_clean.clean_bytes > 0 && to_clean.cleanable_bytes > 0);
        let expected = to_clean.cleanable_bytes as f64
            / (to_clean.clean_bytes + to_clean.cleanable_bytes) as f64;
        assert_eq!(to_clean.cleanable_ratio, expected);
        log.update_config(LogConfig {
            min_cleanable_dirty_ratio: expected,
            ..log.config().clone()
        });
        assert_eq!(
            log.clean(&mut storage, T0, &mut Vec::new()).unwrap(),
            None,
            "ratio must be above, not equal"
        );
        log.update_config(LogConfig {
            min_cleanable_dirty_ratio: expected - 0.01,
            ..log.config().clone()
        });
        assert!(log
            .clean(&mut storage, T0, &mut Vec::new())
            .unwrap()
            .is_some());
        // Not a compacted topic: never cleaned.
        log.update_config(LogConfig::default());
        assert_eq!(log.clean(&mut storage, T0, &mut Vec::new()).unwrap(), None);
    }

    #[test]
    fn tombstones_get_a_delete_horizon_then_go_after_delete_retention_ms() {
        let (mut storage, mut log) = new_log(LogConfig {
            delete_retention_ms: HOUR_MS,
            ..compacted(TWO_PER_SEGMENT)
        });
        put(&mut storage, &mut log, T0, "a", Some("1"));
        put(&mut storage, &mut log, T0 + 1, "b", Some("1"));
        put(&mut storage, &mut log, T0 + 2, "a", None);
        put(&mut storage, &mut log, T0 + 3, "c", Some("1"));
        put(&mut storage, &mut log, T0 + 4, "x", Some("1")); // active
        let now = T0 + 10;
        let stats = log
            .clean(&mut storage, now, &mut Vec::new())
            .unwrap()
            .unwrap();
        assert_eq!(stats.delete_horizons_set, 1);
        let records = everything(&storage, &log);
        assert_eq!(
            keys_and_offsets(&records),
            vec![
                (1, "b".into()),
                (2, "a".into()),
                (3, "c".into()),
                (4, "x".into())
            ]
        );
        assert_eq!(records[1].3, None, "the tombstone stays this round");
        // Its batch now carries the delete horizon: bit 6 and BaseTimestamp = now + delete.retention.ms.
        let data = log
            .read(&storage, 2, usize::MAX, FetchUpperBound::Leo, false)
            .unwrap();
        let tombstone_batch = crate::engine::record::batches(&data.records)
            .map(|b| *b.unwrap().header())
            .find(|h| h.base_offset == 2)
            .unwrap();
        assert!(tombstone_batch.attributes.has_delete_horizon);
        assert_eq!(tombstone_batch.delete_horizon_ms(), Some(now + HOUR_MS));
        assert_eq!(records[1].1, T0 + 2, "the record keeps its own timestamp");

        // More writes make the log dirty again; a round before the horizon keeps the tombstone...
        put(&mut storage, &mut log, T0 + 20, "y", Some("1"));
        put(&mut storage, &mut log, T0 + 21, "z", Some("1"));
        log.clean(&mut storage, now + HOUR_MS - 1, &mut Vec::new())
            .unwrap()
            .unwrap();
        assert!(everything(&storage, &log).iter().any(|r| r.0 == 2));
        // ...and one at or after it drops it.
        put(&mut storage, &mut log, T0 + 30, "w", Some("1"));
        put(&mut storage, &mut log, T0 + 31, "v", Some("1"));
        log.clean(&mut storage, now + HOUR_MS, &mut Vec::new())
            .unwrap()
            .unwrap();
        let keys: Vec<_> = keys_and_offsets(&everything(&storage, &log))
            .into_iter()
            .map(|(_, k)| k)
            .collect();
        assert!(!keys.contains(&"a".to_owned()), "{keys:?}");
        assert!(keys.contains(&"b".to_owned()) && keys.contains(&"c".to_owned()));
    }

    #[test]
    fn keeps_the_last_batch_of_each_producer_even_when_emptied() {
        let (mut storage, mut log) = new_log(compacted(TWO_PER_SEGMENT));
        let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 0, T0)
            .producer(5, 0, 0, false);
        b.append(T0, Some(b"k"), Some(b"old"), &[]);
        log.append_as_leader(&mut storage, &b.build(), 0, T0, &mut Vec::new())
            .unwrap();
        put(&mut storage, &mut log, T0 + 1, "k", Some("new"));
        put(&mut storage, &mut log, T0 + 2, "j", Some("1"));
        put(&mut storage, &mut log, T0 + 3, "i", Some("1"));
        log.clean(&mut storage, T0 + 5, &mut Vec::new())
            .unwrap()
            .unwrap();
        let data = log
            .read(&storage, 0, usize::MAX, FetchUpperBound::Leo, false)
            .unwrap();
        let first = *crate::engine::record::batches(&data.records)
            .next()
            .unwrap()
            .unwrap()
            .header();
        assert_eq!(
            (first.base_offset, first.producer_id, first.records_count),
            (0, 5, 0)
        );
        assert_eq!(
            first.size_in_bytes(),
            crate::engine::record::RECORD_BATCH_OVERHEAD
        );
        assert_eq!(
            keys_and_offsets(&records_of(&data.records)),
            vec![(1, "k".into())]
        );
    }

    #[test]
    fn never_cleans_the_active_segment_nor_segments_within_min_compaction_lag() {
        let (mut storage, mut log) = new_log(LogConfig {
            min_compaction_lag_ms: HOUR_MS,
            ..compacted(TWO_PER_SEGMENT)
        });
        for i in 0..4 {
            put(&mut storage, &mut log, T0 + i * HOUR_MS, "k", Some("v"));
        }
        put(&mut storage, &mut log, T0 + 4 * HOUR_MS, "k", Some("v"));
        // Segments: [0,1] (newest T0+1h), [2,3] (newest T0+3h), active [4].
        let now = T0 + 3 * HOUR_MS;
        let to_clean = log.log_to_clean(now);
        assert_eq!(
            to_clean.first_uncleanable_offset, 2,
            "segment [2,3] is too recent"
        );
        log.clean(&mut storage, now, &mut Vec::new())
            .unwrap()
            .unwrap();
        let offsets: Vec<i64> = everything(&storage, &log).iter().map(|r| r.0).collect();
        assert_eq!(
            offsets,
            vec![1, 2, 3, 4],
            "offset 1 is the last of the cleaned range, 2-4 untouched"
        );
    }

    #[test]
    fn max_compaction_lag_forces_cleaning_below_the_ratio() {
        let (mut storage, mut log) = new_log(LogConfig {
            min_cleanable_dirty_ratio: 0.99,
            max_compaction_lag_ms: HOUR_MS,
            ..compacted(TWO_PER_SEGMENT)
        });
        for i in 0..3 {
            put(&mut storage, &mut log, T0 + i, "k", Some("v"));
        }
        log.clean(&mut storage, T0 + 10, &mut Vec::new())
            .unwrap()
            .unwrap();
        put(&mut storage, &mut log, T0 + 20, "k", Some("v"));
        put(&mut storage, &mut log, T0 + 21, "k", Some("v"));
        assert!(log.log_to_clean(T0 + 30).cleanable_ratio < 0.99);
        assert_eq!(
            log.clean(&mut storage, T0 + 30, &mut Vec::new()).unwrap(),
            None
        );
        let late = T0 + 20 + HOUR_MS + 1;
        assert!(log.log_to_clean(late).need_compaction_now());
        assert!(log
            .clean(&mut storage, late, &mut Vec::new())
            .unwrap()
            .is_some());
    }

    #[test]
    fn a_full_offset_map_cleans_part_of_the_dirty_section() {
        let (mut storage, mut log) = new_log(compacted(TWO_PER_SEGMENT));
        for (i, key) in ["a", "b", "c", "a", "b", "c", "z"].iter().enumerate() {
            put(&mut storage, &mut log, T0 + i as i64, key, Some("v"));
        }
        let options = CleanerOptions {
            offset_map_max_entries: 2,
        };
        let stats = log
            .clean_with(&mut storage, T0 + 10, &options, &mut Vec::new())
            .unwrap()
            .unwrap();
        assert_eq!(stats.keys_mapped, 2);
        assert_eq!(stats.next_dirty_offset, 2, "the map filled on offset 2");
        let stats = log
            .clean_with(&mut storage, T0 + 10, &options, &mut Vec::new())
            .unwrap()
            .unwrap();
        assert_eq!(stats.first_dirty_offset, 2);
        assert!(stats.next_dirty_offset > 2);
    }

    #[test]
    fn removes_records_of_aborted_transactions() {
        let (mut storage, mut log) = new_log(compacted(TWO_PER_SEGMENT));
        let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 0, T0)
            .producer(9, 0, 0, true);
        b.append(T0, Some(b"x"), Some(b"aborted"), &[]);
        log.append_as_leader(&mut storage, &b.build(), 0, T0, &mut Vec::new())
            .unwrap();
        put(&mut storage, &mut log, T0 + 1, "y", Some("1"));
        let abort = control_batch(ControlRecordType::Abort, 9, 0, 0, 0, T0 + 2, 0);
        log.append_as_coordinator(&mut storage, &abort, 0, T0 + 2, &mut Vec::new())
            .unwrap();
        put(&mut storage, &mut log, T0 + 3, "z", Some("1"));
        put(&mut storage, &mut log, T0 + 4, "w", Some("1"));
        log.clean(&mut storage, T0 + 5, &mut Vec::new())
            .unwrap()
            .unwrap();
        let records = everything(&storage, &log);
        assert!(
            records
                .iter()
                .all(|r| r.2.as_deref() != Some(b"x".as_slice())),
            "{records:?}"
        );
        assert!(
            records.iter().any(|r| r.0 == 2),
            "the ABORT marker stays while its data was just removed"
        );
    }

    #[test]
    fn groups_segments_by_size() {
        let (mut storage, mut log) = new_log(compacted(TWO_PER_SEGMENT));
        for i in 0..9 {
            put(&mut storage, &mut log, T0 + i, &format!("k{i}"), Some("v"));
        }
        let segments = log.segments();
        let one = segments[0].size() as i32;
        assert!(segments[..4].iter().all(|s| s.size() as i32 == one));
        assert_eq!(
            group_segments_by_size(&segments[..4], one * 2, i32::MAX, 8),
            vec![0..2, 2..4]
        );
        assert_eq!(
            group_segments_by_size(&segments[..4], one * 3, i32::MAX, 8),
            vec![0..3, 3..4]
        );
        assert_eq!(
            group_segments_by_size(&segments[..4], one * 4, i32::MAX, 8),
            vec![0..4]
        );
        assert_eq!(
            group_segments_by_size(&segments[..4], one, i32::MAX, 8),
            vec![0..1, 1..2, 2..3, 3..4]
        );
        // Index sizes bound groups too: each rolled segment holds one time-index entry.
        assert!(segments[..4]
            .iter()
            .all(|s| s.time_index().size_in_bytes() == 12));
        assert_eq!(
            group_segments_by_size(&segments[..4], one * 4, 24, 8),
            vec![0..2, 2..4]
        );
        // Cleaning merges what fits: compact with segments twice as large as the old ones.
        log.update_config(LogConfig {
            segment_bytes: one * 2,
            ..log.config().clone()
        });
        let stats = log
            .clean(&mut storage, T0 + 20, &mut Vec::new())
            .unwrap()
            .unwrap();
        assert_eq!((stats.segments_read, stats.segments_written), (4, 2));
    }
}
