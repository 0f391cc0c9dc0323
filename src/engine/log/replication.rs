//! The follower side of the log: appending the leader's batches as they are
//! (`UnifiedLog.appendAsFollower`) and cutting the log back (`UnifiedLog.truncateTo`,
//! `truncateFullyAndStartAt`), which KIP-101 truncation by leader epoch relies on.

use super::event::{DeletionReason, LogEvent};
use super::file_batches::FileBatch;
use super::partition_log::{AppendInfo, LastRecord, PartitionLog};
use super::segment::{Segment, SegmentFiles};
use super::time_index::NO_TIMESTAMP;
use super::validator::analyze_follower_append;
use super::LogError;
use crate::storage::SegmentStorage;

impl PartitionLog {
    /// `UnifiedLog.appendAsFollower`: writes the leader's batches with their offsets, epochs
    /// and timestamps untouched, after checking CRCs and that offsets increase from the log
    /// end offset on. Returns `None` when `records` holds no complete batch (nothing written).
    ///
    /// The HW is not moved here (a follower learns it from the leader, see
    /// [`PartitionLog::update_hw`]) unless the log is set to follow its LEO.
    pub fn append_as_follower<S: SegmentStorage>(
        &mut self,
        storage: &mut S,
        records: &[u8],
        now_ms: i64,
        events: &mut Vec<LogEvent>,
    ) -> Result<Option<AppendInfo>, LogError> {
        let Some(info) = analyze_follower_append(records, &self.name(), self.leo)? else {
            return Ok(None);
        };
        let bytes = &records[..info.valid_bytes];
        self.check_segment_size(bytes.len())?;
        let batches = self.append_to_active(
            storage,
            info.first_offset,
            info.last_offset,
            info.max_timestamp,
            info.shallow_offset_of_max_timestamp,
            bytes,
            now_ms,
            events,
        )?;
        self.note_producer_batches(&batches);
        if self.hw_follows_leo {
            self.set_hw(self.leo, events);
        }
        Ok(Some(AppendInfo {
            first_offset: info.first_offset,
            last_offset: info.last_offset,
            log_append_time_ms: NO_TIMESTAMP,
            max_timestamp_ms: info.max_timestamp,
            records_count: info.records_count,
            bytes: bytes.len(),
            log_start_offset: self.log_start_offset,
        }))
    }

    /// `UnifiedLog.truncateTo`: removes every offset >= `target_offset` (whole batches: a batch
    /// holding `target_offset` goes entirely) and sets the LEO to `target_offset`. Returns
    /// whether anything was removed (false when `target_offset >= leo`). The HW comes down with
    /// the LEO; the log start offset too if it was above the target.
    ///
    /// # Panics
    /// When `target_offset` is negative (`IllegalArgumentException` in Kafka).
    pub fn truncate_to<S: SegmentStorage>(
        &mut self,
        storage: &mut S,
        target_offset: i64,
        now_ms: i64,
        events: &mut Vec<LogEvent>,
    ) -> Result<bool, LogError> {
        assert!(
            target_offset >= 0,
            "Cannot truncate partition {} to a negative offset ({target_offset}).",
            self.name()
        );
        if target_offset >= self.leo {
            return Ok(false);
        }
        let from_leo = self.leo;
        let mut bytes_dropped = 0u64;
        if self.segments[0].base_offset() > target_offset {
            bytes_dropped = self.size_bytes();
            self.truncate_fully_and_start_at(storage, target_offset, now_ms, events)?;
        } else {
            // `LocalLog.truncateTo`: drop the segments above the target, cut the new last one.
            let keep = self
                .segments
                .partition_point(|s| s.base_offset() <= target_offset);
            for segment in self.segments.drain(keep..).collect::<Vec<_>>() {
                bytes_dropped += u64::from(segment.size());
                self.delete_segment_files(storage, &segment, DeletionReason::Truncation, events)?;
            }
            let name = self.name();
            bytes_dropped += self
                .segments
                .last_mut()
                .expect("the segment holding the target offset is kept")
                .truncate_to(storage, target_offset, now_ms)
                .map_err(|source| LogError::Storage {
                    partition: name,
                    source,
                })?;
            self.leo = target_offset;
            self.log_start_offset = self.log_start_offset.min(target_offset);
            if self.hw >= self.leo {
                self.set_hw(self.leo, events);
            }
        }
        self.after_truncation(storage, target_offset)?;
        events.push(LogEvent::Truncated {
            from_log_end_offset: from_leo,
            to_offset: target_offset,
            bytes_dropped,
        });
        Ok(true)
    }

    /// `UnifiedLog.truncateFullyAndStartAt`: deletes every segment and starts an empty log at
    /// `new_offset` (log start offset, HW and LEO all there).
    pub fn truncate_fully_and_start_at<S: SegmentStorage>(
        &mut self,
        storage: &mut S,
        new_offset: i64,
        now_ms: i64,
        events: &mut Vec<LogEvent>,
    ) -> Result<(), LogError> {
        for segment in std::mem::take(&mut self.segments) {
            self.delete_segment_files(storage, &segment, DeletionReason::Truncation, events)?;
        }
        let jitter = self.next_roll_jitter_ms();
        let segment = Segment::create(
            storage,
            SegmentFiles::new(self.broker, &self.topic, self.partition, new_offset),
            &self.config,
            jitter,
            now_ms,
        )
        .map_err(|e| self.storage_error(e))?;
        self.segments.push(segment);
        self.leo = new_offset;
        self.log_start_offset = new_offset;
        // The HW is set straight to the new LEO, down or up (`updateHighWatermark`).
        if self.hw != new_offset {
            events.push(LogEvent::HighWatermarkUpdated {
                from: self.hw,
                to: new_offset,
            });
            self.hw = new_offset;
        }
        self.open_txns.clear();
        self.producers.clear();
        self.cleaner_checkpoint = None;
        self.offsets();
        Ok(())
    }

    pub(super) fn delete_segment_files<S: SegmentStorage>(
        &self,
        storage: &mut S,
        segment: &Segment,
        reason: DeletionReason,
        events: &mut Vec<LogEvent>,
    ) -> Result<(), LogError> {
        segment
            .delete_files(storage)
            .map_err(|e| self.storage_error(e))?;
        events.push(LogEvent::SegmentDeleted {
            base_offset: segment.base_offset(),
            size_bytes: u64::from(segment.size()),
            reason,
        });
        Ok(())
    }

    /// After a truncation: producer state is rebuilt from what is left
    /// (`rebuildProducerState`), open transactions starting at or after the target are gone,
    /// and the cleaner checkpoint comes down to the target (`LogCleaner.maybeTruncateCheckpoint`).
    fn after_truncation<S: SegmentStorage>(
        &mut self,
        storage: &S,
        target_offset: i64,
    ) -> Result<(), LogError> {
        self.open_txns.retain(|_, first| *first < target_offset);
        if let Some(checkpoint) = self.cleaner_checkpoint {
            if checkpoint > target_offset {
                self.cleaner_checkpoint = Some(target_offset);
            }
        }
        self.rebuild_producers(storage)
    }

    /// Recomputes each producer's last batch from the batch headers of the whole log.
    pub(super) fn rebuild_producers<S: SegmentStorage>(
        &mut self,
        storage: &S,
    ) -> Result<(), LogError> {
        let mut producers = std::collections::BTreeMap::new();
        for segment in &self.segments {
            let batches: Vec<FileBatch> = segment
                .batches_from(storage, 0)
                .map_err(|e| self.storage_error(e))?
                .collect();
            for batch in batches.iter().filter(|b| b.has_producer_id()) {
                let entry = producers.entry(batch.producer_id).or_insert(LastRecord {
                    last_data_offset: None,
                    producer_epoch: batch.producer_epoch,
                });
                entry.producer_epoch = batch.producer_epoch;
                if !batch.is_control() {
                    entry.last_data_offset = Some(batch.last_offset);
                }
            }
        }
        let log_start = self.log_start_offset;
        producers.retain(|_, last: &mut LastRecord| {
            last.last_data_offset.is_none_or(|o| o >= log_start)
        });
        self.producers = producers;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::error_code::ErrorCode;
    use crate::engine::log::partition_log::FetchUpperBound;
    use crate::engine::log::testing::{new_log, offsets_of, values, T0};
    use crate::engine::topic::config::LogConfig;

    #[test]
    fn follower_appends_keep_the_leaders_offsets() {
        let (mut leader_storage, mut leader) = new_log(LogConfig::default());
        for i in 0..3 {
            leader
                .append_as_leader(
                    &mut leader_storage,
                    &values(T0 + i, 2, 10),
                    9,
                    T0,
                    &mut Vec::new(),
                )
                .unwrap();
        }
        let fetched = leader
            .read(&leader_storage, 0, usize::MAX, FetchUpperBound::Leo, false)
            .unwrap();

        let (mut storage, mut follower) = new_log(LogConfig::default());
        follower.set_hw_follows_leo(false);
        let info = follower
            .append_as_follower(&mut storage, &fetched.records, T0, &mut Vec::new())
            .unwrap()
            .unwrap();
        assert_eq!(
            (info.first_offset, info.last_offset, info.records_count),
            (0, 5, 6)
        );
        assert_eq!((follower.leo(), follower.hw()), (6, 0));
        let mine = follower
            .read(&storage, 0, usize::MAX, FetchUpperBound::Leo, false)
            .unwrap();
        assert_eq!(
            mine.records, fetched.records,
            "byte for byte, leader epoch included"
        );

        // The same batches again: below our log end offset.
        let err = follower
            .append_as_follower(&mut storage, &fetched.records, T0, &mut Vec::new())
            .unwrap_err();
        assert_eq!(err.error_code(), ErrorCode::UnknownServerError);
        // A partial batch alone appends nothing.
        let tail = &fetched.records[..10];
        assert_eq!(
            follower
                .append_as_follower(&mut storage, tail, T0, &mut Vec::new())
                .unwrap(),
            None
        );
        assert_eq!(follower.update_hw(4, &mut Vec::new()), 4);
    }

    #[test]
    fn truncate_to_removes_whole_batches_and_later_segments() {
        let one = values(T0, 2, 20).len() as i32;
        let (mut storage, mut log) = new_log(LogConfig {
            segment_bytes: one * 2,
            ..LogConfig::default()
        });
        for i in 0..5 {
            log.append_as_leader(&mut storage, &values(T0 + i, 2, 20), 0, T0, &mut Vec::new())
                .unwrap();
        }
        assert_eq!(log.segments().len(), 3);
        let mut events = Vec::new();
        assert!(log.truncate_to(&mut storage, 5, T0, &mut events).unwrap());
        // Offset 5 sits in batch [4,5]: the whole batch goes; the LEO is the target.
        assert_eq!((log.leo(), log.hw()), (5, 5));
        assert_eq!(log.segments().len(), 2);
        let data = log
            .read(&storage, 0, usize::MAX, FetchUpperBound::Leo, false)
            .unwrap();
        assert_eq!(offsets_of(&data.records), vec![0, 1, 2, 3]);
        assert!(events.iter().any(|e| matches!(
            e,
            LogEvent::SegmentDeleted {
                base_offset: 8,
                reason: DeletionReason::Truncation,
                ..
            }
        )));
        assert!(events.iter().any(|e| matches!(
            e,
            LogEvent::Truncated {
                from_log_end_offset: 10,
                to_offset: 5,
                ..
            }
        )));
        assert!(
            !log.truncate_to(&mut storage, 7, T0, &mut Vec::new())
                .unwrap(),
            "nothing above the LEO"
        );
        // Appends continue from the target.
        let info = log
            .append_as_leader(&mut storage, &values(T0, 1, 20), 0, T0, &mut Vec::new())
            .unwrap();
        assert_eq!(info.first_offset, 5);
    }

    #[test]
    fn truncate_below_the_first_segment_starts_over() {
        let (mut storage, mut log) = new_log(LogConfig::default());
        log.append_as_leader(&mut storage, &values(T0, 3, 20), 0, T0, &mut Vec::new())
            .unwrap();
        log.truncate_fully_and_start_at(&mut storage, 100, T0, &mut Vec::new())
            .unwrap();
        assert_eq!(
            (log.log_start_offset(), log.hw(), log.leo()),
            (100, 100, 100)
        );
        assert_eq!(log.segments()[0].base_offset(), 100);
        log.append_as_leader(&mut storage, &values(T0, 3, 20), 0, T0, &mut Vec::new())
            .unwrap();
        assert_eq!(log.leo(), 103);
        // Below the first segment's base offset: everything goes, the log restarts at 50.
        assert!(log
            .truncate_to(&mut storage, 50, T0, &mut Vec::new())
            .unwrap());
        assert_eq!((log.log_start_offset(), log.leo()), (50, 50));
        assert_eq!(storage.list().len(), 3);
    }
}
