//! Reloading a partition log from its files (`LogLoader.load` + `LogSegment.recover`).
//!
//! Every segment is recovered as after an unclean shutdown: each batch is validated (framing,
//! magic, CRC through the record codec) and must continue the offsets of the previous one; the
//! segment is cut at its first bad batch and every later segment is deleted
//! (`LogLoader.recoverLog`: "we had an invalid message, delete all remaining log"). A segment
//! whose offsets no longer fit 4-byte relative offsets is split
//! (`LocalLog.splitOverflowedSegment`), each piece starting at its first batch's offset. Both
//! indexes of every segment are rebuilt from the batches. Index files without a `.log` file
//! are deleted, as `LogLoader` removes orphaned indexes.

use super::event::{DeletionReason, LogEvent};
use super::file_batches::FileBatch;
use super::partition_log::{LogCheckpoints, PartitionLog};
use super::segment::{Segment, SegmentFiles};
use super::LogError;
use crate::engine::record::batch_iter::batches;
use crate::engine::topic::config::LogConfig;
use crate::storage::{FileKind, SegmentStorage};

/// What recovery found and changed.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct RecoveryReport {
    /// Segments in the log after recovery.
    pub segments: usize,
    /// Valid batches kept.
    pub batches: usize,
    /// Bytes removed: the invalid tail of the damaged segment plus every later segment.
    pub dropped_bytes: u64,
    /// Base offset of the segment cut at an invalid batch, if any.
    pub truncated_segment: Option<i64>,
    /// Base offsets of the segments deleted because an earlier one was damaged.
    pub deleted_segments: Vec<i64>,
    /// Segments split because their offsets overflowed: (old base offset, new base offsets).
    pub split_segments: Vec<(i64, Vec<i64>)>,
}

/// One valid batch of a segment file and where its bytes are.
struct Piece {
    base_offset: i64,
    bytes: Vec<u8>,
    batches: Vec<FileBatch>,
}

impl PartitionLog {
    /// Loads the partition `topic`-`partition` from `storage`, recovering every segment (see
    /// the module doc), and restores the offsets of `checkpoints`: the log start offset is
    /// `max(checkpoint, first segment's base offset)`, the HW the checkpointed one clamped into
    /// `[log start, leo]` (the LEO when there is no checkpoint), the cleaner starts from the
    /// checkpointed offset. A partition without files gets one empty segment at the log start
    /// offset.
    pub fn open_from_storage<S: SegmentStorage>(
        storage: &mut S,
        topic: &str,
        partition: i32,
        config: LogConfig,
        checkpoints: LogCheckpoints,
        now_ms: i64,
        events: &mut Vec<LogEvent>,
    ) -> Result<(PartitionLog, RecoveryReport), LogError> {
        PartitionLog::open_replica_from_storage(
            storage,
            0,
            topic,
            partition,
            config,
            checkpoints,
            now_ms,
            events,
        )
    }

    /// [`PartitionLog::open_from_storage`] for the replica in broker `broker`'s log directory.
    #[allow(clippy::too_many_arguments)]
    pub fn open_replica_from_storage<S: SegmentStorage>(
        storage: &mut S,
        broker: i32,
        topic: &str,
        partition: i32,
        config: LogConfig,
        checkpoints: LogCheckpoints,
        now_ms: i64,
        events: &mut Vec<LogEvent>,
    ) -> Result<(PartitionLog, RecoveryReport), LogError> {
        let checkpoint_start = checkpoints.log_start_offset.unwrap_or(0).max(0);
        let mut log = PartitionLog::empty(broker, topic, partition, config, checkpoint_start);
        let mut report = RecoveryReport::default();

        let files: Vec<_> = storage
            .list()
            .into_iter()
            .filter(|f| f.broker == broker && f.topic == topic && f.partition == partition)
            .collect();
        let mut log_bases: Vec<i64> = files
            .iter()
            .filter(|f| f.kind == FileKind::Log)
            .map(|f| f.base_offset)
            .collect();
        crate::sort::sort(&mut log_bases);
        for orphan in files
            .iter()
            .filter(|f| f.kind != FileKind::Log && log_bases.binary_search(&f.base_offset).is_err())
        {
            storage.delete(orphan).map_err(|e| log.storage_error(e))?;
        }

        let mut next_offset: Option<i64> = None;
        let mut damaged = false;
        for &base in &log_bases {
            let files = SegmentFiles::new(broker, topic, partition, base);
            if damaged {
                let size = storage.len(&files.log).map_err(|e| log.storage_error(e))?;
                for file in files.all() {
                    storage.delete(file).map_err(|e| log.storage_error(e))?;
                }
                report.dropped_bytes += size;
                report.deleted_segments.push(base);
                events.push(LogEvent::SegmentDeleted {
                    base_offset: base,
                    size_bytes: size,
                    reason: DeletionReason::Recovery,
                });
                continue;
            }
            let (pieces, valid_bytes, total_bytes) =
                scan_segment(storage, &files, base, &mut next_offset)
                    .map_err(|e| log.storage_error(e))?;
            let dropped = total_bytes - valid_bytes;
            let split = pieces.len() > 1 || pieces.first().is_some_and(|p| p.base_offset != base);
            if split {
                // `splitOverflowedSegment`: replace the file by one segment per piece.
                for file in files.all() {
                    storage.delete(file).map_err(|e| log.storage_error(e))?;
                }
                let new_bases: Vec<i64> = pieces.iter().map(|p| p.base_offset).collect();
                events.push(LogEvent::SegmentSplit {
                    base_offset: base,
                    new_base_offsets: new_bases.clone(),
                });
                report.split_segments.push((base, new_bases));
                for piece in &pieces {
                    let piece_files =
                        SegmentFiles::new(broker, topic, partition, piece.base_offset);
                    for file in piece_files.all() {
                        storage.delete(file).map_err(|e| log.storage_error(e))?;
                    }
                    storage
                        .append(&piece_files.log, &piece.bytes)
                        .map_err(|e| log.storage_error(e))?;
                    log.load_segment(storage, piece.base_offset, &piece.batches, now_ms)?;
                }
            } else {
                if dropped > 0 {
                    storage
                        .truncate(&files.log, valid_bytes)
                        .map_err(|e| log.storage_error(e))?;
                }
                let batches = pieces
                    .into_iter()
                    .next()
                    .map(|p| p.batches)
                    .unwrap_or_default();
                log.load_segment(storage, base, &batches, now_ms)?;
            }
            events.push(LogEvent::Recovered {
                segment_base_offset: base,
                valid_bytes,
                dropped_bytes: dropped,
            });
            if dropped > 0 {
                report.dropped_bytes += dropped;
                report.truncated_segment = Some(base);
                damaged = true;
            }
        }
        report.batches = count_batches(storage, &log)?;

        if log.segments.is_empty() {
            let jitter = log.next_roll_jitter_ms();
            let segment = Segment::create(
                storage,
                SegmentFiles::new(broker, topic, partition, checkpoint_start),
                &log.config,
                jitter,
                now_ms,
            )
            .map_err(|e| log.storage_error(e))?;
            log.segments.push(segment);
        }
        let first_base = log.segments[0].base_offset();
        let last = log.active_segment();
        log.leo = last.next_offset().max(last.base_offset());
        log.log_start_offset = checkpoint_start.max(first_base);
        if log.log_start_offset > log.leo {
            let start = log.log_start_offset;
            log.truncate_fully_and_start_at(storage, start, now_ms, events)?;
        }
        log.hw = checkpoints
            .high_watermark
            .unwrap_or(log.leo)
            .clamp(log.log_start_offset, log.leo);
        log.cleaner_checkpoint = checkpoints.cleaner_offset;
        log.rebuild_producers(storage)?;
        log.offsets();
        report.segments = log.segments.len();
        Ok((log, report))
    }

    /// Adds a segment whose `.log` file already holds `batches`, rebuilding its indexes.
    fn load_segment<S: SegmentStorage>(
        &mut self,
        storage: &mut S,
        base_offset: i64,
        batches: &[FileBatch],
        now_ms: i64,
    ) -> Result<(), LogError> {
        let jitter = self.next_roll_jitter_ms();
        let mut segment = Segment::in_memory(
            SegmentFiles::new(self.broker, &self.topic, self.partition, base_offset),
            &self.config,
            jitter,
            now_ms,
        );
        segment
            .rebuild(storage, batches)
            .map_err(|e| self.storage_error(e))?;
        self.segments.push(segment);
        Ok(())
    }
}

fn count_batches<S: SegmentStorage>(storage: &S, log: &PartitionLog) -> Result<usize, LogError> {
    let mut count = 0;
    for segment in &log.segments {
        count += segment
            .batches_from(storage, 0)
            .map_err(|e| log.storage_error(e))?
            .count();
    }
    Ok(count)
}

/// Walks a segment file: its valid batches, as one piece at the file's base offset, or — when
/// some batch's offsets do not fit 4-byte offsets relative to that base — as the pieces
/// `splitOverflowedSegment` makes (each starting at its first batch's base offset and taking
/// batches while they fit). Returns the pieces, the valid byte count and the file size.
/// `next_offset` carries the offset after the previous valid batch across segments.
fn scan_segment<S: SegmentStorage>(
    storage: &S,
    files: &SegmentFiles,
    base_offset: i64,
    next_offset: &mut Option<i64>,
) -> Result<(Vec<Piece>, u64, u64), crate::storage::StorageError> {
    let total = storage.len(&files.log)?;
    let bytes = storage.read(&files.log, 0, total)?;
    let mut valid: Vec<FileBatch> = Vec::new();
    let mut overflow = false;
    for item in batches(bytes) {
        let Ok(raw) = item else { break };
        let header = raw.header();
        // kplay also checks that offsets increase from batch to batch and stay inside the
        // segment, which Kafka's index sanity checks assume.
        let in_order = next_offset.is_none_or(|n| header.base_offset >= n)
            && header.base_offset >= base_offset
            && header.last_offset() >= header.base_offset;
        if !in_order {
            break;
        }
        overflow |= !fits(base_offset, header.last_offset());
        let position = valid.last().map_or(0, |b| b.position + b.size);
        valid
            .push(FileBatch::parse(raw.bytes(), position).expect("a validated batch has a header"));
        *next_offset = Some(header.next_offset());
    }
    let valid_bytes = valid.last().map_or(0, |b| u64::from(b.position + b.size));
    if !overflow {
        let piece = Piece {
            base_offset,
            bytes: Vec::new(),
            batches: valid,
        };
        return Ok((vec![piece], valid_bytes, total));
    }
    let mut pieces: Vec<Piece> = Vec::new();
    for batch in valid {
        let start_new = pieces
            .last()
            .is_none_or(|p| !fits(p.base_offset, batch.last_offset));
        if start_new {
            pieces.push(Piece {
                base_offset: batch.base_offset,
                bytes: Vec::new(),
                batches: Vec::new(),
            });
        }
        let piece = pieces.last_mut().expect("a piece was just ensured");
        let range = batch.position as usize..(batch.position + batch.size) as usize;
        let moved = FileBatch {
            position: piece.bytes.len() as u32,
            ..batch
        };
        piece.bytes.extend_from_slice(&bytes[range]);
        piece.batches.push(moved);
    }
    Ok((pieces, valid_bytes, total))
}

/// `AbstractIndex.toRelative`: whether `offset` fits a 4-byte offset relative to `base_offset`.
fn fits(base_offset: i64, offset: i64) -> bool {
    offset
        .checked_sub(base_offset)
        .is_some_and(|rel| (0..=i64::from(i32::MAX)).contains(&rel))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::log::partition_log::FetchUpperBound;
    use crate::engine::log::testing::TestStorage;
    use crate::engine::log::testing::{new_log, offsets_of, values, T0};
    use crate::engine::record::{BatchBuilder, Compression, TimestampType};
    use crate::storage::SegmentFile;

    /// A log of 3 segments of 2 batches (2 records each), indexed every batch.
    fn three_segments() -> (TestStorage, PartitionLog) {
        let one = values(T0, 2, 30).len() as i32;
        let (mut storage, mut log) = new_log(LogConfig {
            segment_bytes: one * 2,
            index_interval_bytes: 1,
            ..LogConfig::default()
        });
        for i in 0..6 {
            log.append_as_leader(&mut storage, &values(T0 + i, 2, 30), 0, T0, &mut Vec::new())
                .unwrap();
        }
        assert_eq!(log.segments().len(), 3);
        (storage, log)
    }

    fn reopen(
        storage: &mut TestStorage,
        log: &PartitionLog,
    ) -> (PartitionLog, RecoveryReport, Vec<LogEvent>) {
        let mut events = Vec::new();
        let (reopened, report) = PartitionLog::open_from_storage(
            storage,
            "t",
            0,
            log.config().clone(),
            log.checkpoints(),
            T0 + 1000,
            &mut events,
        )
        .unwrap();
        (reopened, report, events)
    }

    #[test]
    fn an_intact_log_reloads_identically() {
        let (mut storage, log) = three_segments();
        let files_before: Vec<(SegmentFile, Vec<u8>)> = storage
            .list()
            .into_iter()
            .map(|f| {
                let len = storage.len(&f).unwrap();
                let bytes = storage.read(&f, 0, len).unwrap().to_vec();
                (f, bytes)
            })
            .collect();
        let (reopened, report, _) = reopen(&mut storage, &log);
        assert_eq!(report.dropped_bytes, 0);
        assert_eq!((report.segments, report.batches), (3, 6));
        assert_eq!(reopened.offsets(), log.offsets());
        // Index files are rebuilt to the same bytes.
        for (file, bytes) in files_before {
            let len = storage.len(&file).unwrap();
            assert_eq!(
                storage.read(&file, 0, len).unwrap(),
                bytes.as_slice(),
                "{file}"
            );
        }
        for (a, b) in reopened.segments().iter().zip(log.segments()) {
            assert_eq!(a.offset_index(), b.offset_index());
            assert_eq!(
                (a.base_offset(), a.size(), a.next_offset()),
                (b.base_offset(), b.size(), b.next_offset())
            );
        }
    }

    #[test]
    fn a_torn_tail_is_cut_at_the_last_valid_batch() {
        let (mut storage, log) = three_segments();
        let last = log.active_segment().files().log.clone();
        let len = storage.len(&last).unwrap();
        storage.truncate(&last, len - 7).unwrap();
        let (reopened, report, events) = reopen(&mut storage, &log);
        let batch = u64::from(log.active_segment().size()) / 2;
        assert_eq!(report.dropped_bytes, batch - 7);
        assert_eq!(report.truncated_segment, Some(8));
        assert_eq!(storage.len(&last).unwrap(), batch);
        assert_eq!(reopened.leo(), 10);
        assert!(events.contains(&LogEvent::Recovered {
            segment_base_offset: 8,
            valid_bytes: batch,
            dropped_bytes: batch - 7
        }));
    }

    #[test]
    fn a_flipped_byte_drops_the_rest_of_the_log() {
        let (mut storage, log) = three_segments();
        let middle = log.segments()[1].files().log.clone();
        let len = storage.len(&middle).unwrap();
        let mut bytes = storage.read(&middle, 0, len).unwrap().to_vec();
        let second_batch = len as usize / 2;
        bytes[second_batch + 70] ^= 0x01;
        storage.write_at(&middle, 0, &bytes).unwrap();
        let (reopened, report, events) = reopen(&mut storage, &log);
        assert_eq!(report.truncated_segment, Some(4));
        assert_eq!(report.deleted_segments, vec![8]);
        assert_eq!(
            report.dropped_bytes,
            len / 2 + u64::from(log.segments()[2].size())
        );
        assert_eq!(reopened.segments().len(), 2);
        assert_eq!((reopened.leo(), reopened.hw()), (6, 6));
        let data = reopened
            .read(&storage, 0, usize::MAX, FetchUpperBound::Hw, false)
            .unwrap();
        assert_eq!(offsets_of(&data.records), vec![0, 1, 2, 3]);
        assert!(storage.list().iter().all(|f| f.base_offset != 8));
        assert!(events.iter().any(|e| matches!(
            e,
            LogEvent::SegmentDeleted {
                base_offset: 8,
                reason: DeletionReason::Recovery,
                ..
            }
        )));
    }

    #[test]
    fn offsets_that_go_backwards_are_damage() {
        let (mut storage, log) = three_segments();
        let last = log.segments()[2].files().log.clone();
        let mut stale = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 3, T0);
        stale.append(T0, Some(b"k"), Some(b"v"), &[]);
        storage.append(&last, &stale.build()).unwrap();
        let (reopened, report, _) = reopen(&mut storage, &log);
        assert_eq!(report.truncated_segment, Some(8));
        assert_eq!(reopened.leo(), 12);
    }

    #[test]
    fn a_segment_whose_offsets_overflow_is_split() {
        let mut storage = TestStorage::new();
        let file = SegmentFile::new("t", 0, 0, FileKind::Log);
        let far = 10 + i64::from(i32::MAX) + 5;
        for base in [10, 12, far] {
            let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, base, T0);
            b.append(T0, Some(b"k"), Some(b"v"), &[]);
            b.append(T0, Some(b"k"), Some(b"v"), &[]);
            storage.append(&file, &b.build()).unwrap();
        }
        let mut events = Vec::new();
        let (log, report) = PartitionLog::open_from_storage(
            &mut storage,
            "t",
            0,
            LogConfig::default(),
            LogCheckpoints::default(),
            T0,
            &mut events,
        )
        .unwrap();
        assert_eq!(report.split_segments, vec![(0, vec![10, far])]);
        let bases: Vec<i64> = log.segments().iter().map(|s| s.base_offset()).collect();
        assert_eq!(bases, vec![10, far]);
        assert_eq!((log.log_start_offset(), log.leo()), (10, far + 2));
        assert!(storage.list().iter().all(|f| f.base_offset != 0));
    }

    #[test]
    fn orphan_indexes_go_and_an_empty_partition_gets_a_segment_at_its_log_start() {
        let mut storage = TestStorage::new();
        storage
            .append(&SegmentFile::new("t", 0, 7, FileKind::Index), &[0; 8])
            .unwrap();
        storage
            .append(&SegmentFile::new("other", 0, 0, FileKind::Log), &[])
            .unwrap();
        let checkpoints = LogCheckpoints {
            log_start_offset: Some(42),
            ..LogCheckpoints::default()
        };
        let (log, report) = PartitionLog::open_from_storage(
            &mut storage,
            "t",
            0,
            LogConfig::default(),
            checkpoints,
            T0,
            &mut Vec::new(),
        )
        .unwrap();
        assert_eq!(report.segments, 1);
        assert_eq!((log.log_start_offset(), log.leo()), (42, 42));
        let names: Vec<String> = storage.list().iter().map(|f| f.to_string()).collect();
        assert!(!names.contains(&"t-0/00000000000000000007.index".to_owned()));
        assert!(names.contains(&"t-0/00000000000000000042.log".to_owned()));
        assert!(names.contains(&"other-0/00000000000000000000.log".to_owned()));
    }

    #[test]
    fn checkpoints_restore_log_start_hw_and_cleaner_offset() {
        let (mut storage, mut log) = three_segments();
        log.delete_records(3, &mut Vec::new()).unwrap();
        let checkpoints = LogCheckpoints {
            log_start_offset: Some(3),
            high_watermark: Some(9),
            cleaner_offset: Some(4),
        };
        let (reopened, _) = PartitionLog::open_from_storage(
            &mut storage,
            "t",
            0,
            log.config().clone(),
            checkpoints,
            T0,
            &mut Vec::new(),
        )
        .unwrap();
        assert_eq!(
            (reopened.log_start_offset(), reopened.hw(), reopened.leo()),
            (3, 9, 12)
        );
        assert_eq!(reopened.checkpoints(), checkpoints);
    }
}
