//! Retention: deleting whole old segments (`UnifiedLog.deleteOldSegments`) and moving the
//! log start offset (DeleteRecords, `UnifiedLog.maybeIncrementLogStartOffset`).
//!
//! "Retention and cleaning is always done a file at a time" (`TopicConfig`): segments are
//! deleted oldest first, and the walk stops at the first segment that does not qualify. Three
//! rules run in Kafka's order: segments wholly below the log start offset (whatever the
//! cleanup policy), then — when `cleanup.policy` contains `delete` — `retention.bytes` and
//! `retention.ms`. No segment holding offsets at or above the high watermark is ever deleted,
//! nor an empty active segment; when every segment qualifies, the active one is rolled first
//! so the log keeps a segment.

use super::event::{DeletionReason, LogEvent, LogStartOffsetReason, RollReason};
use super::partition_log::PartitionLog;
use super::segment::Segment;
use super::LogError;
use crate::storage::SegmentStorage;

/// `DeleteRecordsRequest.HIGH_WATERMARK`: DeleteRecords "up to the high watermark".
pub const DELETE_RECORDS_HIGH_WATERMARK: i64 = -1;

/// `UnifiedLog.deletableSegments`: how many segments, from the oldest, may be deleted. A
/// segment qualifies when the high watermark is at or past its end (the next segment's base
/// offset, or the LEO for the last one), it is not an empty last segment, and `predicate`
/// (given the segment and the next one) says so; the walk stops at the first that does not.
pub fn deletable_prefix(
    segments: &[Segment],
    hw: i64,
    leo: i64,
    mut predicate: impl FnMut(&Segment, Option<&Segment>) -> bool,
) -> usize {
    let mut count = 0;
    for (i, segment) in segments.iter().enumerate() {
        let next = segments.get(i + 1);
        let is_last_segment_and_empty = next.is_none() && segment.is_empty();
        let upper_bound_offset = next.map_or(leo, Segment::base_offset);
        // Evaluated in Kafka's order: the predicate only runs (and, for retention.bytes,
        // counts the segment) when the HW is past the segment.
        let predicate_result = hw >= upper_bound_offset && predicate(segment, next);
        if predicate_result && !is_last_segment_and_empty {
            count += 1;
        } else {
            break;
        }
    }
    count
}

impl PartitionLog {
    /// `UnifiedLog.deleteOldSegments`: applies the log start offset rule, then (for
    /// `cleanup.policy=delete`) `retention.bytes` and `retention.ms`. Returns how many segments
    /// were deleted.
    pub fn delete_old_segments<S: SegmentStorage>(
        &mut self,
        storage: &mut S,
        now_ms: i64,
        events: &mut Vec<LogEvent>,
    ) -> Result<usize, LogError> {
        let mut deleted =
            self.delete_log_start_offset_breached_segments(storage, now_ms, events)?;
        if self.config.cleanup_policy.delete {
            deleted += self.delete_retention_size_breached_segments(storage, now_ms, events)?;
            deleted += self.delete_retention_ms_breached_segments(storage, now_ms, events)?;
        }
        Ok(deleted)
    }

    /// `deleteLogStartOffsetBreachedSegments`: a segment goes when the next one starts at or
    /// below the log start offset (all its offsets are below it).
    fn delete_log_start_offset_breached_segments<S: SegmentStorage>(
        &mut self,
        storage: &mut S,
        now_ms: i64,
        events: &mut Vec<LogEvent>,
    ) -> Result<usize, LogError> {
        let log_start = self.log_start_offset;
        let count = deletable_prefix(&self.segments, self.hw, self.leo, |_, next| {
            next.is_some_and(|n| n.base_offset() <= log_start)
        });
        self.delete_segments(
            storage,
            count,
            DeletionReason::LogStartOffset,
            now_ms,
            events,
        )
    }

    /// `deleteRetentionSizeBreachedSegments`: with `diff = size - retention.bytes`, delete the
    /// oldest segments while `diff - segment.size >= 0`, so the partition may stay above the
    /// limit by less than one segment.
    fn delete_retention_size_breached_segments<S: SegmentStorage>(
        &mut self,
        storage: &mut S,
        now_ms: i64,
        events: &mut Vec<LogEvent>,
    ) -> Result<usize, LogError> {
        let retention_bytes = self.config.retention_bytes;
        let size = self.size_bytes() as i64;
        if retention_bytes < 0 || size < retention_bytes {
            return Ok(0);
        }
        let mut diff = size - retention_bytes;
        let count = deletable_prefix(&self.segments, self.hw, self.leo, |segment, _| {
            let segment_size = i64::from(segment.size());
            let should_delete = diff - segment_size >= 0;
            if should_delete {
                diff -= segment_size;
            }
            should_delete
        });
        self.delete_segments(
            storage,
            count,
            DeletionReason::RetentionBytes,
            now_ms,
            events,
        )
    }

    /// `deleteRetentionMsBreachedSegments`: a segment goes when `now - largestTimestamp >
    /// retention.ms` (its newest record's timestamp, not its creation time).
    fn delete_retention_ms_breached_segments<S: SegmentStorage>(
        &mut self,
        storage: &mut S,
        now_ms: i64,
        events: &mut Vec<LogEvent>,
    ) -> Result<usize, LogError> {
        let retention_ms = self.config.retention_ms;
        if retention_ms < 0 {
            return Ok(0);
        }
        let count = deletable_prefix(&self.segments, self.hw, self.leo, |segment, _| {
            now_ms.saturating_sub(segment.largest_timestamp()) > retention_ms
        });
        self.delete_segments(storage, count, DeletionReason::RetentionMs, now_ms, events)
    }

    /// `UnifiedLog.deleteSegments`: deletes the first `count` segments. When that is all of
    /// them, the log rolls first so a new empty active segment remains. The log start offset
    /// moves to the base offset of the first segment kept.
    fn delete_segments<S: SegmentStorage>(
        &mut self,
        storage: &mut S,
        count: usize,
        reason: DeletionReason,
        now_ms: i64,
        events: &mut Vec<LogEvent>,
    ) -> Result<usize, LogError> {
        if count == 0 {
            return Ok(0);
        }
        if count == self.segments.len() {
            // `deletableSegments` never returns an empty last segment, so the active segment
            // is non-empty and the roll creates a new one at the LEO.
            self.roll(storage, None, RollReason::Retention, now_ms, events)?;
        }
        let new_log_start_offset = self.segments[count].base_offset();
        self.increment_log_start_offset(
            new_log_start_offset,
            LogStartOffsetReason::SegmentDeletion,
            events,
        )?;
        for segment in self.segments.drain(..count).collect::<Vec<_>>() {
            segment
                .delete_files(storage)
                .map_err(|e| self.storage_error(e))?;
            events.push(LogEvent::SegmentDeleted {
                base_offset: segment.base_offset(),
                size_bytes: u64::from(segment.size()),
                reason,
            });
        }
        Ok(count)
    }

    /// `Partition.deleteRecordsOnLeader` + `UnifiedLog.maybeIncrementLogStartOffset`: the
    /// DeleteRecords request. `offset` -1 means "the high watermark". Moves the log start
    /// offset only (the segments below it are deleted by the next retention check) and returns
    /// the new low watermark.
    pub fn delete_records(
        &mut self,
        offset: i64,
        events: &mut Vec<LogEvent>,
    ) -> Result<i64, LogError> {
        if !self.config.cleanup_policy.delete {
            return Err(LogError::DeleteRecordsPolicyViolation {
                partition: self.name(),
            });
        }
        let converted = if offset == DELETE_RECORDS_HIGH_WATERMARK {
            self.hw
        } else {
            offset
        };
        if converted < 0 {
            return Err(LogError::InvalidDeleteRecordsOffset {
                partition: self.name(),
                offset: converted,
            });
        }
        self.increment_log_start_offset(
            converted,
            LogStartOffsetReason::ClientRecordDeletion,
            events,
        )?;
        Ok(self.log_start_offset)
    }

    /// `UnifiedLog.maybeIncrementLogStartOffset`: refuses to pass the high watermark; moves
    /// the log start offset up only. Producers whose last data now lies below it are dropped
    /// (nothing of theirs remains for the cleaner to keep).
    pub(super) fn increment_log_start_offset(
        &mut self,
        new_log_start_offset: i64,
        reason: LogStartOffsetReason,
        events: &mut Vec<LogEvent>,
    ) -> Result<(), LogError> {
        if new_log_start_offset > self.hw {
            return Err(LogError::LogStartBeyondHighWatermark {
                partition: self.name(),
                offset: new_log_start_offset,
                high_watermark: self.hw,
            });
        }
        if new_log_start_offset > self.log_start_offset {
            events.push(LogEvent::LogStartOffsetAdvanced {
                from: self.log_start_offset,
                to: new_log_start_offset,
                reason,
            });
            self.log_start_offset = new_log_start_offset;
            self.producers.retain(|_, last| {
                last.last_data_offset
                    .is_none_or(|offset| offset >= new_log_start_offset)
            });
            self.offsets();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::error_code::ErrorCode;
    use crate::engine::log::testing::TestStorage;
    use crate::engine::log::testing::{new_log, values, T0};
    use crate::engine::topic::config::{CleanupPolicy, LogConfig};

    const DAY_MS: i64 = 86_400_000;

    /// A log whose segments each hold one batch of 2 records (segment.bytes fits one batch),
    /// batch `i` stamped `T0 + i * DAY_MS`. The last batch is in the active segment.
    fn log_with(config: LogConfig, batches: i64) -> (TestStorage, PartitionLog) {
        let one = values(T0, 2, 50).len() as i32;
        let (mut storage, mut log) = new_log(LogConfig {
            segment_bytes: one,
            ..config
        });
        for i in 0..batches {
            let ts = T0 + i * DAY_MS;
            log.append_as_leader(&mut storage, &values(ts, 2, 50), 0, ts, &mut Vec::new())
                .unwrap();
        }
        assert_eq!(log.segments().len() as i64, batches);
        (storage, log)
    }

    fn bases(log: &PartitionLog) -> Vec<i64> {
        log.segments().iter().map(Segment::base_offset).collect()
    }

    #[test]
    fn retention_ms_deletes_by_largest_timestamp_oldest_first() {
        let (mut storage, mut log) = log_with(
            LogConfig {
                retention_ms: 2 * DAY_MS,
                ..LogConfig::default()
            },
            5,
        );
        let mut events = Vec::new();
        // now - largest timestamp must exceed retention.ms: segment 1 is exactly 2 days old.
        let now = T0 + 3 * DAY_MS;
        assert_eq!(
            log.delete_old_segments(&mut storage, now, &mut events)
                .unwrap(),
            1
        );
        assert_eq!(bases(&log), vec![2, 4, 6, 8]);
        assert_eq!(log.log_start_offset(), 2);
        assert!(events.contains(&LogEvent::SegmentDeleted {
            base_offset: 0,
            size_bytes: u64::from(values(T0, 2, 50).len() as u32),
            reason: DeletionReason::RetentionMs,
        }));
        assert!(events.contains(&LogEvent::LogStartOffsetAdvanced {
            from: 0,
            to: 2,
            reason: LogStartOffsetReason::SegmentDeletion,
        }));
        assert!(
            storage.list().iter().all(|f| f.base_offset != 0),
            "files are deleted"
        );
    }

    #[test]
    fn retention_stops_at_the_first_segment_that_does_not_qualify() {
        let (mut storage, mut log) = log_with(
            LogConfig {
                retention_ms: DAY_MS,
                ..LogConfig::default()
            },
            4,
        );
        // Segment 0 is recent (a late record), so nothing behind it goes either.
        let mut late = values(T0 + 10 * DAY_MS, 1, 10);
        crate::engine::record::set_base_offset(&mut late, 0);
        let mut storage2 = TestStorage::new();
        let mut log2 = PartitionLog::new(&mut storage2, "u", 0, log.config().clone(), T0).unwrap();
        log2.append_as_leader(&mut storage2, &late, 0, T0 + 10 * DAY_MS, &mut Vec::new())
            .unwrap();
        for i in 1..4 {
            log2.append_as_leader(
                &mut storage2,
                &values(T0 + i, 2, 50),
                0,
                T0,
                &mut Vec::new(),
            )
            .unwrap();
        }
        assert_eq!(
            log2.delete_old_segments(&mut storage2, T0 + 5 * DAY_MS, &mut Vec::new())
                .unwrap(),
            0
        );
        // Whereas in the ordered log everything up to the active segment qualifies at once.
        assert_eq!(
            log.delete_old_segments(&mut storage, T0 + 2 * DAY_MS + 1, &mut Vec::new())
                .unwrap(),
            2
        );
        assert_eq!(bases(&log), vec![4, 6]);
    }

    #[test]
    fn retention_bytes_keeps_the_partition_within_one_segment_of_the_limit() {
        let one = u64::from(values(T0, 2, 50).len() as u32) as i64;
        let (mut storage, mut log) = log_with(
            LogConfig {
                retention_bytes: 2 * one + one / 2,
                retention_ms: -1,
                ..LogConfig::default()
            },
            5,
        );
        let mut events = Vec::new();
        // size 5 segments, limit 2.5: diff 2.5 segments, so 2 go (diff - size >= 0 twice).
        assert_eq!(
            log.delete_old_segments(&mut storage, T0, &mut events)
                .unwrap(),
            2
        );
        assert_eq!(bases(&log), vec![4, 6, 8]);
        assert!(
            log.size_bytes() as i64 > 2 * one + one / 2,
            "may stay above by less than a segment"
        );
        assert!(events
            .iter()
            .all(|e| !matches!(e, LogEvent::SegmentDeleted { reason, .. } if *reason != DeletionReason::RetentionBytes)));
    }

    #[test]
    fn never_deletes_segments_at_or_above_the_high_watermark() {
        let (mut storage, mut log) = log_with(
            LogConfig {
                retention_ms: 0,
                ..LogConfig::default()
            },
            4,
        );
        log.hw = 3; // as if replication had only committed up to offset 3
        assert_eq!(
            log.delete_old_segments(&mut storage, T0 + 100 * DAY_MS, &mut Vec::new())
                .unwrap(),
            1
        );
        assert_eq!(bases(&log), vec![2, 4, 6]);
        assert_eq!(log.log_start_offset(), 2);
    }

    #[test]
    fn rolls_the_active_segment_before_deleting_every_segment() {
        let (mut storage, mut log) = log_with(
            LogConfig {
                retention_ms: DAY_MS,
                ..LogConfig::default()
            },
            3,
        );
        let mut events = Vec::new();
        assert_eq!(
            log.delete_old_segments(&mut storage, T0 + 10 * DAY_MS, &mut events)
                .unwrap(),
            3
        );
        assert_eq!(bases(&log), vec![6]);
        assert!(log.active_segment().is_empty());
        assert_eq!((log.log_start_offset(), log.hw(), log.leo()), (6, 6, 6));
        assert!(events.contains(&LogEvent::SegmentRolled {
            previous_base_offset: 4,
            new_base_offset: 6,
            reason: RollReason::Retention,
        }));
        // The empty active segment is never deleted.
        assert_eq!(
            log.delete_old_segments(&mut storage, T0 + 20 * DAY_MS, &mut Vec::new())
                .unwrap(),
            0
        );
        assert_eq!(storage.list().len(), 3);
    }

    #[test]
    fn delete_records_moves_the_log_start_and_retention_drops_whole_segments_below_it() {
        let (mut storage, mut log) = log_with(LogConfig::default(), 4);
        let mut events = Vec::new();
        assert_eq!(log.delete_records(5, &mut events).unwrap(), 5);
        assert_eq!(
            events,
            vec![LogEvent::LogStartOffsetAdvanced {
                from: 0,
                to: 5,
                reason: LogStartOffsetReason::ClientRecordDeletion
            }]
        );
        // Segments [0,2) and [2,4) lie wholly below 5; [4,6) holds offset 5 and stays.
        assert_eq!(
            log.delete_old_segments(&mut storage, T0, &mut Vec::new())
                .unwrap(),
            2
        );
        assert_eq!(bases(&log), vec![4, 6]);
        assert_eq!(log.log_start_offset(), 5);
        // -1 means "up to the high watermark".
        assert_eq!(log.delete_records(-1, &mut Vec::new()).unwrap(), 8);
        // Beyond the HW: OFFSET_OUT_OF_RANGE.
        let err = log.delete_records(9, &mut Vec::new()).unwrap_err();
        assert_eq!(err.error_code(), ErrorCode::OffsetOutOfRange);
        assert_eq!(
            err.to_string(),
            "Cannot increment the log start offset to 9 of partition t-0 since it is larger than the high watermark 8"
        );
        assert_eq!(
            log.delete_records(-5, &mut Vec::new())
                .unwrap_err()
                .error_code(),
            ErrorCode::OffsetOutOfRange
        );
    }

    #[test]
    fn log_start_rule_applies_to_compacted_topics_but_retention_does_not() {
        let (mut storage, mut log) = log_with(
            LogConfig {
                retention_ms: 0,
                cleanup_policy: CleanupPolicy {
                    delete: true,
                    compact: true,
                },
                ..LogConfig::default()
            },
            3,
        );
        log.delete_records(2, &mut Vec::new()).unwrap();
        log.update_config(LogConfig {
            cleanup_policy: CleanupPolicy {
                delete: false,
                compact: true,
            },
            ..log.config().clone()
        });
        assert_eq!(
            log.delete_old_segments(&mut storage, T0 + 100 * DAY_MS, &mut Vec::new())
                .unwrap(),
            1
        );
        assert_eq!(bases(&log), vec![2, 4]);
        let err = log.delete_records(3, &mut Vec::new()).unwrap_err();
        assert_eq!(err.error_code(), ErrorCode::PolicyViolation);
    }
}
