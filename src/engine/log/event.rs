//! [`LogEvent`]: everything that changes a partition log, as the log reports it.
//!
//! Kafka writes these facts to its broker log (`UnifiedLog`/`LocalLog` `info(...)` lines such
//! as "Rolled new log segment", "Deleting segment ... due to log retention time", "Incremented
//! log start offset"); kplay returns them as values so the UI can show the log's life and
//! tests can assert on it. Every mutating method of `PartitionLog` pushes its events, in the
//! order they happened, into a `&mut Vec<LogEvent>` the caller passes.

/// Why the active segment was rolled (the conditions of `LogSegment.shouldRoll`, plus the roll
/// `UnifiedLog.deleteSegments` does before deleting every segment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum RollReason {
    /// The batch would not fit under `segment.bytes`.
    SegmentBytes,
    /// The batch's timestamp is more than `segment.ms` (minus jitter) after the first batch's.
    SegmentMs,
    /// The offset index reached `segment.index.bytes / 8` entries.
    OffsetIndexFull,
    /// The time index reached `segment.index.bytes / 12 - 1` entries.
    TimeIndexFull,
    /// The batch's last offset does not fit a 4-byte offset relative to the segment's base.
    RelativeOffsetOverflow,
    /// Retention is about to delete every segment, the active one included, so a fresh empty
    /// active segment is created first (a log always has one segment).
    Retention,
}

/// Why a segment was deleted (Kafka's `SegmentDeletionReason` subclasses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum DeletionReason {
    /// `RetentionMsBreach`: its largest timestamp is older than `retention.ms`.
    RetentionMs,
    /// `RetentionSizeBreach`: the partition is over `retention.bytes`.
    RetentionBytes,
    /// `StartOffsetBreach`: every offset in it is below the log start offset.
    LogStartOffset,
    /// `LogTruncation`: a follower truncated its log (KIP-101).
    Truncation,
    /// `LogRecovery`: recovery found damage in an earlier segment, so later ones are dropped.
    Recovery,
}

/// Why the log start offset moved (Kafka's `LogStartOffsetIncrementReason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum LogStartOffsetReason {
    /// `ClientRecordDeletion`: a DeleteRecords request.
    ClientRecordDeletion,
    /// `SegmentDeletion`: retention deleted the first segments.
    SegmentDeletion,
}

/// What one round of log compaction did (Kafka's `CleanerStats`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct CleanerStats {
    /// The first dirty offset the round started from.
    pub first_dirty_offset: i64,
    /// The offset the next round starts from (the cleaner checkpoint).
    pub next_dirty_offset: i64,
    /// Segments rewritten, and how many segments they were merged into.
    pub segments_read: u32,
    pub segments_written: u32,
    pub bytes_read: u64,
    pub bytes_written: u64,
    pub messages_read: u64,
    pub messages_written: u64,
    /// Distinct keys in the offset map built from the dirty section.
    pub keys_mapped: u64,
    /// Tombstones (and transaction markers) stamped with a delete horizon this round.
    pub delete_horizons_set: u32,
    /// Records without a key found while cleaning (Kafka counts them as invalid and drops them).
    pub invalid_messages: u64,
}

/// One change to a partition log.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum LogEvent {
    /// A batch was written (`LocalLog.append`).
    Appended {
        base_offset: i64,
        last_offset: i64,
        records_count: i32,
        bytes: usize,
        segment_base_offset: i64,
        max_timestamp_ms: i64,
    },
    /// A new active segment was created (`LocalLog.roll`).
    SegmentRolled {
        previous_base_offset: i64,
        new_base_offset: i64,
        reason: RollReason,
    },
    /// A segment's files were removed (`LocalLog.removeAndDeleteSegments`).
    SegmentDeleted {
        base_offset: i64,
        size_bytes: u64,
        reason: DeletionReason,
    },
    /// `UnifiedLog.maybeIncrementLogStartOffset`.
    LogStartOffsetAdvanced {
        from: i64,
        to: i64,
        reason: LogStartOffsetReason,
    },
    /// `UnifiedLog.updateHighWatermarkMetadata`.
    HighWatermarkUpdated { from: i64, to: i64 },
    /// One round of compaction (`Cleaner.doClean`).
    Cleaned(CleanerStats),
    /// The log was cut back to `to_offset` (`UnifiedLog.truncateTo`, KIP-101).
    Truncated {
        from_log_end_offset: i64,
        to_offset: i64,
        bytes_dropped: u64,
    },
    /// Recovery of one segment (`LogSegment.recover`): bytes after the last valid batch dropped.
    Recovered {
        segment_base_offset: i64,
        valid_bytes: u64,
        dropped_bytes: u64,
    },
    /// Recovery split a segment whose offsets overflowed its relative index
    /// (`LocalLog.splitOverflowedSegment`).
    SegmentSplit {
        base_offset: i64,
        new_base_offsets: Vec<i64>,
    },
}
