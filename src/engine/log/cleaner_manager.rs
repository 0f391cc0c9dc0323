//! Choosing what compaction may clean: Kafka's `LogCleanerManager` and `LogToClean` for one
//! partition.
//!
//! A compacted log is a *clean* section (already compacted, below the cleaner checkpoint)
//! followed by a *dirty* section, itself split into a *cleanable* part and an *uncleanable*
//! part the cleaner must not touch: the active segment, anything at or past the last stable
//! offset (which is never past the high watermark), and segments holding records newer than
//! `min.compaction.lag.ms`. The log is cleaned when `cleanable / (clean + cleanable)` exceeds
//! `min.cleanable.dirty.ratio`, or when `max.compaction.lag.ms` forces it.

use super::partition_log::PartitionLog;
use super::segment::Segment;

/// The sections of a log as the cleaner sees them (Kafka's `LogToClean`).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LogToClean {
    /// Where the dirty section starts (`OffsetsToClean.firstDirtyOffset`).
    pub first_dirty_offset: i64,
    /// Base offset of the first segment that may not be cleaned (`LogToClean.firstUncleanableOffset`).
    pub first_uncleanable_offset: i64,
    /// Bytes of the segments before the dirty section.
    pub clean_bytes: u64,
    /// Bytes of the segments of the cleanable part of the dirty section.
    pub cleanable_bytes: u64,
    /// `clean_bytes + cleanable_bytes`.
    pub total_bytes: u64,
    /// `cleanable_bytes / total_bytes`: the "dirty ratio" compared with `min.cleanable.dirty.ratio`.
    pub cleanable_ratio: f64,
    /// How far past `max.compaction.lag.ms` the oldest dirty record is (0 when not past it).
    pub max_compaction_delay_ms: i64,
}

impl LogToClean {
    /// `LogToClean.needCompactionNow`: `max.compaction.lag.ms` has passed for a dirty record.
    pub fn need_compaction_now(&self) -> bool {
        self.max_compaction_delay_ms > 0
    }

    /// `LogCleanerManager.grabFilthiestCompactedLog`'s filters: the log is not empty, and
    /// either compaction is overdue with something to clean, or the dirty ratio is above
    /// `min_cleanable_dirty_ratio`.
    pub fn should_clean(&self, min_cleanable_dirty_ratio: f64) -> bool {
        self.total_bytes > 0
            && ((self.need_compaction_now() && self.cleanable_bytes > 0)
                || self.cleanable_ratio > min_cleanable_dirty_ratio)
    }
}

impl PartitionLog {
    /// The cleaner checkpoint, or the log start offset when it is missing or no longer valid
    /// (`LogCleanerManager.cleanableOffsets`: a checkpoint below the log start offset or past
    /// the log end offset is reset to the log start offset).
    pub fn first_dirty_offset(&self) -> i64 {
        match self.cleaner_checkpoint {
            Some(offset) if offset >= self.log_start_offset && offset <= self.leo => offset,
            _ => self.log_start_offset,
        }
    }

    /// `LogCleanerManager.cleanableOffsets` + `calculateCleanableBytes` + `maxCompactionDelay`:
    /// the sections of this log at `now_ms`.
    pub fn log_to_clean(&self, now_ms: i64) -> LogToClean {
        let first_dirty_offset = self.first_dirty_offset();
        let active_base = self.active_segment().base_offset();
        let min_compaction_lag_ms = self.config.min_compaction_lag_ms.max(0);
        let mut uncleanable = self.lso().min(active_base);
        if min_compaction_lag_ms > 0 {
            let lagging = self
                .non_active_segments_from(first_dirty_offset)
                .iter()
                .find(|s| s.largest_timestamp() > now_ms.saturating_sub(min_compaction_lag_ms));
            if let Some(segment) = lagging {
                uncleanable = uncleanable.min(segment.base_offset());
            }
        }
        let uncleanable_offset = first_dirty_offset.max(uncleanable);

        // `calculateCleanableBytes`: round the uncleanable offset down to its segment.
        let first_uncleanable_offset = self
            .non_active_segments_from(uncleanable_offset)
            .first()
            .map_or(active_base, Segment::base_offset);
        let cleanable_bytes = sum_sizes(self.segments_in_range(
            first_dirty_offset.min(first_uncleanable_offset),
            first_uncleanable_offset,
        ));
        let clean_bytes = sum_sizes(self.segments_in_range(-1, first_dirty_offset));
        let total_bytes = clean_bytes + cleanable_bytes;
        LogToClean {
            first_dirty_offset,
            first_uncleanable_offset,
            clean_bytes,
            cleanable_bytes,
            total_bytes,
            cleanable_ratio: cleanable_bytes as f64 / total_bytes as f64,
            max_compaction_delay_ms: self.max_compaction_delay_ms(first_dirty_offset, now_ms),
        }
    }

    /// `LogCleanerManager.maxCompactionDelay`: how long ago the oldest dirty non-active
    /// segment's first batch passed `max.compaction.lag.ms`.
    fn max_compaction_delay_ms(&self, first_dirty_offset: i64, now_ms: i64) -> i64 {
        let earliest = self
            .non_active_segments_from(first_dirty_offset)
            .iter()
            .map(Segment::first_batch_timestamp)
            .filter(|&ts| ts > 0)
            .min()
            .unwrap_or(i64::MAX);
        let clean_until_ms = now_ms.saturating_sub(self.config.max_compaction_lag_ms.max(0));
        if earliest < clean_until_ms {
            clean_until_ms - earliest
        } else {
            0
        }
    }

    /// `LocalLog.nonActiveLogSegmentsFrom`: the segments from the one holding `from` up to,
    /// not including, the active segment.
    pub(super) fn non_active_segments_from(&self, from: i64) -> &[Segment] {
        let active_base = self.active_segment().base_offset();
        self.segments_in_range(from, active_base)
    }

    /// `LogSegments.values(from, to)`: the segments from the one holding `from` (or the first
    /// one above it) to the last one starting below `to`.
    pub(super) fn segments_in_range(&self, from: i64, to: i64) -> &[Segment] {
        if from >= to {
            return &[];
        }
        let start = self.segments.partition_point(|s| s.base_offset() <= from);
        let start = if start > 0 && self.segments[start - 1].base_offset() <= from {
            start - 1
        } else {
            start
        };
        let end = self.segments.partition_point(|s| s.base_offset() < to);
        &self.segments[start..end.max(start)]
    }
}

fn sum_sizes(segments: &[Segment]) -> u64 {
    segments.iter().map(|s| u64::from(s.size())).sum()
}
