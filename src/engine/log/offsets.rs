//! [`LogOffsets`]: the four offsets that bound what a partition log exposes.
//!
//! Kafka keeps them in `UnifiedLog` (`logStartOffset`, `highWatermarkMetadata`,
//! `firstUnstableOffsetMetadata`, `LocalLog.nextOffsetMetadata`) and hands them out together as
//! `LogOffsetSnapshot`. Their order is an invariant of the whole log (`UnifiedLog` scaladoc,
//! `updateHighWatermark`, `lastStableOffset`): every value of this type satisfies
//! `log_start_offset <= lso <= hw <= leo`.

/// A consistent snapshot of a partition's offsets (Kafka's `LogOffsetSnapshot`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct LogOffsets {
    /// The earliest offset a client may read (`UnifiedLog.logStartOffset`).
    log_start_offset: i64,
    /// High watermark: offsets below it are committed (`UnifiedLog.highWatermark`).
    hw: i64,
    /// Last stable offset: offsets below it are decided, no open transaction
    /// (`UnifiedLog.lastStableOffset`).
    lso: i64,
    /// Log end offset: the offset the next appended record gets (`UnifiedLog.logEndOffset`).
    leo: i64,
}

impl LogOffsets {
    /// Builds the snapshot.
    ///
    /// # Panics
    /// When the offsets are out of order: the log maintains the order on every change
    /// (`UnifiedLog.updateHighWatermark` clamps the HW into `[logStartOffset, logEndOffset]`,
    /// `lastStableOffset` is `min(firstUnstableOffset, highWatermark)` with the first unstable
    /// offset clamped to the log start offset), so a violation is a bug in the log.
    pub fn new(log_start_offset: i64, hw: i64, lso: i64, leo: i64) -> Self {
        assert!(
            log_start_offset >= 0,
            "log start offset {log_start_offset} is negative"
        );
        assert!(
            log_start_offset <= lso && lso <= hw && hw <= leo,
            "offsets out of order: log start {log_start_offset}, lso {lso}, hw {hw}, leo {leo} \
             (must be log start <= lso <= hw <= leo)"
        );
        LogOffsets {
            log_start_offset,
            hw,
            lso,
            leo,
        }
    }

    pub fn log_start_offset(&self) -> i64 {
        self.log_start_offset
    }

    pub fn hw(&self) -> i64 {
        self.hw
    }

    pub fn lso(&self) -> i64 {
        self.lso
    }

    pub fn leo(&self) -> i64 {
        self.leo
    }

    /// The same offsets with a new high watermark (and the LSO re-capped by it).
    ///
    /// # Panics
    /// When `hw` lies outside `[log_start_offset, leo]` (see [`LogOffsets::new`]).
    pub fn with_hw(self, hw: i64, first_unstable_offset: Option<i64>) -> Self {
        let lso = last_stable_offset(first_unstable_offset, hw);
        LogOffsets::new(self.log_start_offset, hw, lso, self.leo)
    }
}

/// `UnifiedLog.lastStableOffset`: the first unstable offset when it is below the high
/// watermark, else the high watermark.
pub fn last_stable_offset(first_unstable_offset: Option<i64>, hw: i64) -> i64 {
    match first_unstable_offset {
        Some(offset) if offset < hw => offset,
        _ => hw,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_offsets_build() {
        let o = LogOffsets::new(2, 8, 5, 10);
        assert_eq!(
            (o.log_start_offset(), o.lso(), o.hw(), o.leo()),
            (2, 5, 8, 10)
        );
        let o = o.with_hw(10, None);
        assert_eq!((o.lso(), o.hw()), (10, 10));
    }

    #[test]
    #[should_panic(expected = "offsets out of order")]
    fn hw_above_leo_panics() {
        LogOffsets::new(0, 11, 11, 10);
    }

    #[test]
    #[should_panic(expected = "offsets out of order")]
    fn lso_above_hw_panics() {
        LogOffsets::new(0, 4, 5, 10);
    }

    #[test]
    #[should_panic(expected = "offsets out of order")]
    fn log_start_above_hw_panics() {
        LogOffsets::new(6, 5, 5, 10);
    }

    #[test]
    fn lso_is_min_of_first_unstable_and_hw() {
        assert_eq!(last_stable_offset(None, 7), 7);
        assert_eq!(last_stable_offset(Some(3), 7), 3);
        assert_eq!(last_stable_offset(Some(9), 7), 7);
    }
}
