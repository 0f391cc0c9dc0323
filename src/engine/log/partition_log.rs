//! [`PartitionLog`]: the log of one partition (Kafka's `UnifiedLog` over a `LocalLog`).
//!
//! The log is a list of segments (oldest first, never empty, the last one active), the four
//! offsets of [`LogOffsets`], and the bits of producer and transaction state the log itself
//! needs (the last batch of each producer, for the cleaner; the first offset of each open
//! transaction, for the LSO). Bytes live in a [`SegmentStorage`] the caller owns and passes to
//! every method; in memory the log keeps only per-segment bookkeeping and index entries.
//!
//! This file holds creation, appends, rolling, reads and the HW/LSO; retention, compaction,
//! offset lookups by time, truncation and recovery are in their own files of this module.

use std::collections::BTreeMap;

use super::event::{LogEvent, RollReason};
use super::offsets::{last_stable_offset, LogOffsets};
use super::segment::{RollParams, Segment, SegmentFiles};
use super::validator::{self, AppendOrigin, LeaderAppendContext};
use super::LogError;
use crate::engine::topic::config::LogConfig;
use crate::storage::{SegmentStorage, StorageError};

/// What an append wrote (Kafka's `LogAppendInfo`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AppendInfo {
    /// Offset of the first record written.
    pub first_offset: i64,
    /// Offset of the last record written.
    pub last_offset: i64,
    /// The broker's clock at append when the topic uses `LogAppendTime`, else -1.
    pub log_append_time_ms: i64,
    /// The largest record timestamp written (-1 when no record has one).
    pub max_timestamp_ms: i64,
    /// Number of records written.
    pub records_count: i32,
    /// Bytes written to the segment (after offset assignment and any recompression).
    pub bytes: usize,
    /// The log start offset after the append (sent back in produce responses).
    pub log_start_offset: i64,
}

/// How far a reader may read (Kafka's `FetchIsolation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum FetchUpperBound {
    /// `LOG_END`: replicas read everything written.
    Leo,
    /// `HIGH_WATERMARK`: `read_uncommitted` consumers read committed records.
    Hw,
    /// `TXN_COMMITTED`: `read_committed` consumers stop at the last stable offset.
    Lso,
}

/// The result of a read (Kafka's `FetchDataInfo` plus the partition's offsets for the response).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchData {
    /// The offset the read asked for.
    pub fetch_offset: i64,
    /// Whole batches; the first one holds `fetch_offset` (or the next existing offset).
    pub records: Vec<u8>,
    /// The first batch was larger than `max_bytes` and `min_one_message` was off.
    pub first_entry_incomplete: bool,
    /// The partition's offsets when the read was served.
    pub offsets: LogOffsets,
}

/// The last batch each producer wrote (the part of Kafka's `ProducerStateEntry` the cleaner
/// reads through `UnifiedLog.lastRecordsOfActiveProducers`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct LastRecord {
    /// Last offset of the producer's last data batch, if any.
    pub last_data_offset: Option<i64>,
    pub producer_epoch: i16,
}

/// Offsets Kafka keeps in checkpoint files next to the segments (`log-start-offset-checkpoint`,
/// `replication-offset-checkpoint`, `cleaner-offset-checkpoint`); the storage layer persists
/// them so [`PartitionLog::open_from_storage`] can restore them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct LogCheckpoints {
    pub log_start_offset: Option<i64>,
    pub high_watermark: Option<i64>,
    pub cleaner_offset: Option<i64>,
}

/// One partition's log.
#[derive(Debug, Clone)]
pub struct PartitionLog {
    /// The broker whose log directory holds this replica's files.
    pub(super) broker: i32,
    pub(super) topic: String,
    pub(super) partition: i32,
    pub(super) config: LogConfig,
    /// Sorted by base offset; never empty; the last one is the active segment.
    pub(super) segments: Vec<Segment>,
    pub(super) log_start_offset: i64,
    pub(super) hw: i64,
    pub(super) leo: i64,
    /// Whether the HW moves to the LEO after every append: true for a leader whose ISR is
    /// itself alone (`Partition.maybeIncrementLeaderHW` with one replica), false once
    /// replication drives it through [`PartitionLog::update_hw`].
    pub(super) hw_follows_leo: bool,
    /// First offset of each producer's open transaction (`ProducerStateEntry.currentTxnFirstOffset`).
    pub(super) open_txns: BTreeMap<i64, i64>,
    /// Each producer's last batch; entries whose data fell below the log start offset are dropped.
    pub(super) producers: BTreeMap<i64, LastRecord>,
    /// Where the next cleaning starts (the partition's `cleaner-offset-checkpoint` entry).
    pub(super) cleaner_checkpoint: Option<i64>,
    /// State of the SplitMix64 generator drawing each segment's roll jitter
    /// (`LogConfig.randomSegmentJitter`), seeded from the partition's name so a playground
    /// replays identically.
    pub(super) jitter_state: u64,
}

impl PartitionLog {
    /// A new empty log with one empty segment at offset 0 (`UnifiedLog.apply` on an empty
    /// directory): its three files are created in `storage`.
    pub fn new<S: SegmentStorage>(
        storage: &mut S,
        topic: &str,
        partition: i32,
        config: LogConfig,
        now_ms: i64,
    ) -> Result<PartitionLog, LogError> {
        PartitionLog::new_replica(storage, 0, topic, partition, config, now_ms)
    }

    /// [`PartitionLog::new`] in broker `broker`'s log directory: each replica of a partition
    /// is a log of its own, as on Kafka's brokers.
    pub fn new_replica<S: SegmentStorage>(
        storage: &mut S,
        broker: i32,
        topic: &str,
        partition: i32,
        config: LogConfig,
        now_ms: i64,
    ) -> Result<PartitionLog, LogError> {
        let mut log = PartitionLog::empty(broker, topic, partition, config, 0);
        let jitter = log.next_roll_jitter_ms();
        let segment = Segment::create(
            storage,
            SegmentFiles::new(broker, topic, partition, 0),
            &log.config,
            jitter,
            now_ms,
        )
        .map_err(|e| log.storage_error(e))?;
        log.segments.push(segment);
        Ok(log)
    }

    /// The state of a log with no segment yet, starting at `start_offset`.
    pub(super) fn empty(
        broker: i32,
        topic: &str,
        partition: i32,
        config: LogConfig,
        start_offset: i64,
    ) -> PartitionLog {
        PartitionLog {
            broker,
            topic: topic.to_owned(),
            partition,
            config,
            segments: Vec::new(),
            log_start_offset: start_offset,
            hw: start_offset,
            leo: start_offset,
            hw_follows_leo: true,
            open_txns: BTreeMap::new(),
            producers: BTreeMap::new(),
            cleaner_checkpoint: None,
            jitter_state: fnv1a(format!("{topic}-{partition}").as_bytes()),
        }
    }

    /// The broker holding this replica.
    pub fn broker(&self) -> i32 {
        self.broker
    }

    pub fn topic(&self) -> &str {
        &self.topic
    }

    pub fn partition(&self) -> i32 {
        self.partition
    }

    /// Kafka's `TopicPartition.toString`: `topic-partition`, used in every message.
    pub fn name(&self) -> String {
        format!("{}-{}", self.topic, self.partition)
    }

    pub fn config(&self) -> &LogConfig {
        &self.config
    }

    /// Replaces the topic configuration (`UnifiedLog.updateConfig`); it applies from the next
    /// append, roll, retention check or cleaning on.
    pub fn update_config(&mut self, config: LogConfig) {
        self.config = config;
    }

    /// The segments, oldest first; the last is the active one.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    pub fn active_segment(&self) -> &Segment {
        self.segments
            .last()
            .expect("a log always has an active segment")
    }

    /// Total bytes of all segments (`UnifiedLog.size`).
    pub fn size_bytes(&self) -> u64 {
        self.segments.iter().map(|s| u64::from(s.size())).sum()
    }

    pub fn log_start_offset(&self) -> i64 {
        self.log_start_offset
    }

    pub fn leo(&self) -> i64 {
        self.leo
    }

    pub fn hw(&self) -> i64 {
        self.hw
    }

    /// `UnifiedLog.firstUnstableOffset`: the first offset of the oldest open transaction,
    /// never below the log start offset.
    pub fn first_unstable_offset(&self) -> Option<i64> {
        self.open_txns
            .values()
            .min()
            .map(|&o| o.max(self.log_start_offset))
    }

    /// `UnifiedLog.lastStableOffset`.
    pub fn lso(&self) -> i64 {
        last_stable_offset(self.first_unstable_offset(), self.hw)
    }

    /// The four offsets, checked for order.
    pub fn offsets(&self) -> LogOffsets {
        LogOffsets::new(self.log_start_offset, self.hw, self.lso(), self.leo)
    }

    /// The offsets to persist next to the segments (see [`LogCheckpoints`]).
    pub fn checkpoints(&self) -> LogCheckpoints {
        LogCheckpoints {
            log_start_offset: Some(self.log_start_offset),
            high_watermark: Some(self.hw),
            cleaner_offset: self.cleaner_checkpoint,
        }
    }

    /// Whether the HW follows the LEO after each append (see the field's doc).
    pub fn set_hw_follows_leo(&mut self, follows: bool) {
        self.hw_follows_leo = follows;
    }

    /// `UnifiedLog.maybeIncrementHighWatermark` for replication: moves the HW up to `new_hw`
    /// clamped into `[log_start_offset, leo]` (`updateHighWatermark`); never moves it down.
    /// Returns the HW after the call.
    pub fn update_hw(&mut self, new_hw: i64, events: &mut Vec<LogEvent>) -> i64 {
        let clamped = new_hw.clamp(self.log_start_offset, self.leo);
        if clamped > self.hw {
            self.set_hw(clamped, events);
        }
        self.hw
    }

    pub(super) fn set_hw(&mut self, hw: i64, events: &mut Vec<LogEvent>) {
        if hw != self.hw {
            events.push(LogEvent::HighWatermarkUpdated {
                from: self.hw,
                to: hw,
            });
            self.hw = hw;
        }
        // Checked here so every HW change re-proves the offset order.
        self.offsets();
    }

    /// Records that `producer_id` opened a transaction whose first batch is at `first_offset`
    /// (`ProducerAppendInfo` sets `currentTxnFirstOffset` on the first transactional batch);
    /// the LSO stays at or below it until [`PartitionLog::end_txn`].
    ///
    /// # Panics
    /// When `first_offset` is not an offset of the log: a transaction starts with a batch
    /// already appended.
    pub fn begin_txn(&mut self, producer_id: i64, first_offset: i64) {
        assert!(
            first_offset >= self.log_start_offset && first_offset < self.leo,
            "transaction of producer {producer_id} starts at {first_offset}, outside the log [{}, {})",
            self.log_start_offset,
            self.leo
        );
        self.open_txns.entry(producer_id).or_insert(first_offset);
    }

    /// Records that `producer_id`'s transaction was decided (its COMMIT or ABORT marker written;
    /// `ProducerStateManager.completeTxn`).
    pub fn end_txn(&mut self, producer_id: i64) {
        self.open_txns.remove(&producer_id);
    }

    /// `UnifiedLog.appendAsLeader` for a client's produce request: validates the batch
    /// (`LogValidator`), gives its records the next offsets, stamps the leader epoch (and the
    /// append time for `LogAppendTime` topics), rolls the active segment if needed and writes.
    pub fn append_as_leader<S: SegmentStorage>(
        &mut self,
        storage: &mut S,
        batch: &[u8],
        leader_epoch: i32,
        now_ms: i64,
        events: &mut Vec<LogEvent>,
    ) -> Result<AppendInfo, LogError> {
        self.append_validated(
            storage,
            batch,
            leader_epoch,
            AppendOrigin::Client,
            now_ms,
            events,
        )
    }

    /// `appendAsLeader` with `AppendOrigin.COORDINATOR`: for batches the broker writes itself
    /// (group and transaction coordinators, transaction markers), which may be control batches.
    pub fn append_as_coordinator<S: SegmentStorage>(
        &mut self,
        storage: &mut S,
        batch: &[u8],
        leader_epoch: i32,
        now_ms: i64,
        events: &mut Vec<LogEvent>,
    ) -> Result<AppendInfo, LogError> {
        self.append_validated(
            storage,
            batch,
            leader_epoch,
            AppendOrigin::Coordinator,
            now_ms,
            events,
        )
    }

    fn append_validated<S: SegmentStorage>(
        &mut self,
        storage: &mut S,
        batch: &[u8],
        leader_epoch: i32,
        origin: AppendOrigin,
        now_ms: i64,
        events: &mut Vec<LogEvent>,
    ) -> Result<AppendInfo, LogError> {
        let name = self.name();
        let validated = validator::validate_leader_append(
            batch,
            &LeaderAppendContext {
                partition: &name,
                config: &self.config,
                next_offset: self.leo,
                leader_epoch,
                now_ms,
                origin,
            },
        )?;
        self.check_segment_size(validated.bytes.len())?;
        let appended = self.append_to_active(
            storage,
            validated.first_offset,
            validated.last_offset,
            validated.max_timestamp,
            validated.shallow_offset_of_max_timestamp,
            &validated.bytes,
            now_ms,
            events,
        )?;
        self.note_producer_batches(&appended);
        if self.hw_follows_leo {
            self.set_hw(self.leo, events);
        }
        Ok(AppendInfo {
            first_offset: validated.first_offset,
            last_offset: validated.last_offset,
            log_append_time_ms: validated.log_append_time_ms,
            max_timestamp_ms: validated.max_timestamp,
            records_count: validated.records_count,
            bytes: validated.bytes.len(),
            log_start_offset: self.log_start_offset,
        })
    }

    /// `UnifiedLog.append`: "check messages set size may be exceed config.segmentSize".
    pub(super) fn check_segment_size(&self, bytes: usize) -> Result<(), LogError> {
        if bytes > self.config.segment_bytes.max(0) as usize {
            return Err(LogError::RecordBatchTooLarge {
                partition: self.name(),
                batch_bytes: bytes,
                segment_bytes: self.config.segment_bytes,
            });
        }
        Ok(())
    }

    /// Rolls if needed (`maybeRoll`) and writes whole batches to the active segment
    /// (`LocalLog.append`), advancing the LEO and reporting `Appended`. Returns the headers
    /// of the batches written.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn append_to_active<S: SegmentStorage>(
        &mut self,
        storage: &mut S,
        first_offset: i64,
        last_offset: i64,
        max_timestamp: i64,
        shallow_offset_of_max_timestamp: i64,
        bytes: &[u8],
        now_ms: i64,
        events: &mut Vec<LogEvent>,
    ) -> Result<Vec<super::file_batches::FileBatch>, LogError> {
        let params = RollParams {
            max_segment_ms: self.config.segment_ms,
            max_segment_bytes: self.config.segment_bytes,
            max_timestamp_in_messages: max_timestamp,
            max_offset_in_messages: last_offset,
            messages_size: bytes.len(),
            now_ms,
        };
        if let Some(reason) = self.active_segment().should_roll(&params) {
            self.roll(storage, Some(first_offset), reason, now_ms, events)?;
        }
        let segment_base_offset = self.active_segment().base_offset();
        let name = self.name();
        self.segments
            .last_mut()
            .expect("a log always has an active segment")
            .append(
                storage,
                last_offset,
                max_timestamp,
                shallow_offset_of_max_timestamp,
                bytes,
                now_ms,
            )
            .map_err(|source| LogError::Storage {
                partition: name,
                source,
            })?;
        self.leo = last_offset + 1;
        let batches: Vec<_> = super::file_batches::file_batches(bytes, 0).collect();
        events.push(LogEvent::Appended {
            base_offset: first_offset,
            last_offset,
            records_count: batches.iter().map(|b| b.records_count).sum(),
            bytes: bytes.len(),
            segment_base_offset,
            max_timestamp_ms: max_timestamp,
        });
        Ok(batches)
    }

    /// Updates [`LastRecord`]s with written batches (`ProducerStateManager.update`).
    pub(super) fn note_producer_batches(&mut self, batches: &[super::file_batches::FileBatch]) {
        for batch in batches.iter().filter(|b| b.has_producer_id()) {
            let entry = self
                .producers
                .entry(batch.producer_id)
                .or_insert(LastRecord {
                    last_data_offset: None,
                    producer_epoch: batch.producer_epoch,
                });
            entry.producer_epoch = batch.producer_epoch;
            if !batch.is_control() {
                entry.last_data_offset = Some(batch.last_offset);
            }
        }
    }

    /// `UnifiedLog.roll` / `LocalLog.roll`: closes the active segment (its time index gets its
    /// final entry) and opens a new one at `max(expected_next_offset, leo)`.
    pub(super) fn roll<S: SegmentStorage>(
        &mut self,
        storage: &mut S,
        expected_next_offset: Option<i64>,
        reason: RollReason,
        now_ms: i64,
        events: &mut Vec<LogEvent>,
    ) -> Result<(), LogError> {
        let new_offset = expected_next_offset.unwrap_or(0).max(self.leo);
        let active_base = self.active_segment().base_offset();
        let jitter = self.next_roll_jitter_ms();
        let (topic, partition) = (self.topic.clone(), self.partition);
        if active_base == new_offset {
            // KAFKA-6388: an empty active segment asked to roll (an index with room for no
            // entry) is recreated in place. A non-empty one cannot start at the LEO.
            assert!(
                self.active_segment().is_empty(),
                "non-empty active segment {active_base} starts at the log end offset {}",
                self.leo
            );
            let segment = Segment::create(
                storage,
                SegmentFiles::new(self.broker, &topic, partition, new_offset),
                &self.config,
                jitter,
                now_ms,
            )
            .map_err(|e| self.storage_error(e))?;
            *self
                .segments
                .last_mut()
                .expect("a log always has an active segment") = segment;
            return Ok(());
        }
        assert!(
            new_offset > active_base,
            "rolling to {new_offset} below the active segment's base offset {active_base}"
        );
        self.segments
            .last_mut()
            .expect("a log always has an active segment")
            .on_become_inactive(storage)
            .map_err(|e| StorageFailure::wrap(&topic, partition, e))?;
        let segment = Segment::create(
            storage,
            SegmentFiles::new(self.broker, &topic, partition, new_offset),
            &self.config,
            jitter,
            now_ms,
        )
        .map_err(|e| self.storage_error(e))?;
        self.segments.push(segment);
        events.push(LogEvent::SegmentRolled {
            previous_base_offset: active_base,
            new_base_offset: new_offset,
            reason,
        });
        Ok(())
    }

    /// `UnifiedLog.read`: whole batches from `start_offset` on, up to `max_bytes` (at least
    /// one batch when `min_one_message`), never at or past `upper_bound`'s offset. A start
    /// offset inside a batch returns that whole batch, as Kafka does (consumers skip the
    /// records before the offset they asked for).
    pub fn read<S: SegmentStorage>(
        &self,
        storage: &S,
        start_offset: i64,
        max_bytes: usize,
        upper_bound: FetchUpperBound,
        min_one_message: bool,
    ) -> Result<FetchData, LogError> {
        if start_offset < self.log_start_offset {
            return Err(LogError::OffsetBelowLogStart {
                partition: self.name(),
                offset: start_offset,
                log_start_offset: self.log_start_offset,
            });
        }
        if start_offset > self.leo {
            return Err(LogError::OffsetBeyondLogEnd {
                partition: self.name(),
                offset: start_offset,
                log_end_offset: self.leo,
            });
        }
        let offsets = self.offsets();
        let bound = match upper_bound {
            FetchUpperBound::Leo => offsets.leo(),
            FetchUpperBound::Hw => offsets.hw(),
            FetchUpperBound::Lso => offsets.lso(),
        };
        let mut data = FetchData {
            fetch_offset: start_offset,
            records: Vec::new(),
            first_entry_incomplete: false,
            offsets,
        };
        if start_offset >= bound {
            return Ok(data);
        }
        for segment in &self.segments[self.floor_segment(start_offset)..] {
            let read = segment
                .read(storage, start_offset, max_bytes, bound, min_one_message)
                .map_err(|e| self.storage_error(e))?;
            if let Some(read) = read {
                data.records = read.records;
                data.first_entry_incomplete = read.first_entry_incomplete;
                break;
            }
        }
        Ok(data)
    }

    /// Index of the segment holding `offset` (the last one whose base offset is <= it;
    /// `LogSegments.floorSegment`), or 0 when `offset` is below every segment.
    pub(super) fn floor_segment(&self, offset: i64) -> usize {
        self.segments
            .partition_point(|s| s.base_offset() <= offset)
            .saturating_sub(1)
    }

    /// `LogConfig.randomSegmentJitter`: `segment.jitter.ms` of 0 means none, else a draw in
    /// `[0, min(segment.jitter.ms, segment.ms))`.
    pub(super) fn next_roll_jitter_ms(&mut self) -> i64 {
        let jitter_ms = self.config.segment_jitter_ms;
        if jitter_ms <= 0 {
            return 0;
        }
        let bound = jitter_ms.min(self.config.segment_ms).max(1);
        ((splitmix64(&mut self.jitter_state) >> 1) % bound as u64) as i64
    }

    pub(super) fn storage_error(&self, source: StorageError) -> LogError {
        StorageFailure::wrap(&self.topic, self.partition, source)
    }
}

/// Builds [`LogError::Storage`] where `self` is mutably borrowed.
pub(super) struct StorageFailure;

impl StorageFailure {
    pub(super) fn wrap(topic: &str, partition: i32, source: StorageError) -> LogError {
        LogError::Storage {
            partition: format!("{topic}-{partition}"),
            source,
        }
    }
}

/// SplitMix64 (Steele, Lea and Flood): the next value of a small deterministic generator.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a, to seed the jitter generator from the partition's name.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::error_code::ErrorCode;
    use crate::engine::log::testing::{
        batch, batch_with, kv, new_log, offsets_of, records_of, values, TestStorage, T0,
    };
    use crate::engine::record::{BatchBuilder, Compression, RawBatch, TimestampType};
    use crate::engine::topic::config::{CleanupPolicy, TopicCompression};

    fn append(storage: &mut TestStorage, log: &mut PartitionLog, bytes: &[u8]) -> AppendInfo {
        log.append_as_leader(storage, bytes, 3, T0, &mut Vec::new())
            .unwrap()
    }

    #[test]
    fn appends_get_consecutive_offsets_and_the_leader_epoch() {
        let (mut storage, mut log) = new_log(LogConfig::default());
        let mut events = Vec::new();
        let a = log
            .append_as_leader(&mut storage, &values(T0, 3, 10), 7, T0, &mut events)
            .unwrap();
        let b = log
            .append_as_leader(&mut storage, &values(T0 + 1, 2, 10), 7, T0, &mut events)
            .unwrap();
        assert_eq!((a.first_offset, a.last_offset, a.records_count), (0, 2, 3));
        assert_eq!((b.first_offset, b.last_offset), (3, 4));
        assert_eq!(b.max_timestamp_ms, T0 + 1);
        assert_eq!(a.log_append_time_ms, -1);
        assert_eq!((log.leo(), log.hw(), log.lso()), (5, 5, 5));
        let data = log
            .read(&storage, 0, usize::MAX, FetchUpperBound::Leo, false)
            .unwrap();
        assert_eq!(offsets_of(&data.records), vec![0, 1, 2, 3, 4]);
        let second = RawBatch::new(&data.records[a.bytes..]).unwrap();
        assert_eq!(second.header().base_offset, 3);
        assert_eq!(second.header().partition_leader_epoch, 7);
        assert!(matches!(
            events.as_slice(),
            [
                LogEvent::Appended {
                    base_offset: 0,
                    last_offset: 2,
                    records_count: 3,
                    ..
                },
                LogEvent::HighWatermarkUpdated { from: 0, to: 3 },
                LogEvent::Appended {
                    base_offset: 3,
                    last_offset: 4,
                    ..
                },
                LogEvent::HighWatermarkUpdated { from: 3, to: 5 },
            ]
        ));
    }

    #[test]
    fn log_append_time_topics_stamp_the_broker_clock() {
        let config = LogConfig {
            message_timestamp_type: TimestampType::LogAppendTime,
            ..LogConfig::default()
        };
        let (mut storage, mut log) = new_log(config);
        let info = log
            .append_as_leader(
                &mut storage,
                &values(T0 - 5000, 2, 10),
                0,
                T0 + 42,
                &mut Vec::new(),
            )
            .unwrap();
        assert_eq!(
            (info.log_append_time_ms, info.max_timestamp_ms),
            (T0 + 42, T0 + 42)
        );
        let data = log
            .read(&storage, 0, usize::MAX, FetchUpperBound::Hw, false)
            .unwrap();
        let raw = RawBatch::new(&data.records).unwrap();
        assert_eq!(
            raw.header().attributes.timestamp_type,
            TimestampType::LogAppendTime
        );
        assert!(records_of(&data.records).iter().all(|r| r.1 == T0 + 42));
    }

    #[test]
    fn create_time_max_timestamp_is_recomputed_from_records() {
        let (mut storage, mut log) = new_log(LogConfig::default());
        let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 0, 0);
        b.append(T0 + 9, Some(b"a"), Some(b"1"), &[]);
        b.append(T0 + 3, Some(b"b"), Some(b"2"), &[]);
        let mut bytes = b.build();
        // A producer lying about MaxTimestamp (CRC fixed up so only the field is wrong).
        bytes[35..43].copy_from_slice(&(T0 + 1).to_be_bytes());
        crate::engine::record::rewrite::update_crc(&mut bytes);
        let info = append(&mut storage, &mut log, &bytes);
        assert_eq!(info.max_timestamp_ms, T0 + 9);
        let data = log
            .read(&storage, 0, usize::MAX, FetchUpperBound::Hw, false)
            .unwrap();
        assert_eq!(
            RawBatch::new(&data.records).unwrap().header().max_timestamp,
            T0 + 9
        );
    }

    #[test]
    fn rejects_batches_kafka_rejects() {
        let (mut storage, mut log) = new_log(LogConfig {
            max_message_bytes: 200,
            ..LogConfig::default()
        });
        let big = values(T0, 10, 100);
        let err = log
            .append_as_leader(&mut storage, &big, 0, T0, &mut Vec::new())
            .unwrap_err();
        assert_eq!(err.error_code(), ErrorCode::MessageTooLarge);
        assert_eq!(err.error_code().code(), 10);

        let mut corrupt = values(T0, 1, 10);
        let last = corrupt.len() - 1;
        corrupt[last] ^= 0xff;
        let err = log
            .append_as_leader(&mut storage, &corrupt, 0, T0, &mut Vec::new())
            .unwrap_err();
        assert_eq!(err.error_code(), ErrorCode::CorruptMessage);

        let mut moved = values(T0, 1, 10);
        crate::engine::record::set_base_offset(&mut moved, 5);
        let err = log
            .append_as_leader(&mut storage, &moved, 0, T0, &mut Vec::new())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "The baseOffset of the record batch in the append to t-0 should be 0, but it is 5"
        );
        assert_eq!(err.error_code(), ErrorCode::InvalidRecord);

        let mut two = values(T0, 1, 10);
        two.extend(values(T0, 1, 10));
        let err = log
            .append_as_leader(&mut storage, &two, 0, T0, &mut Vec::new())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Compressed outer record has more than one batch"
        );

        let marker = crate::engine::record::control_batch(
            crate::engine::record::ControlRecordType::Commit,
            1,
            0,
            0,
            0,
            T0,
            0,
        );
        let err = log
            .append_as_leader(&mut storage, &marker, 0, T0, &mut Vec::new())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Clients are not allowed to write control records in topic partition t-0"
        );
        // The coordinator may write it.
        assert!(log
            .append_as_coordinator(&mut storage, &marker, 0, T0, &mut Vec::new())
            .is_ok());
        assert_eq!(log.leo(), 1, "only the marker was written");
    }

    #[test]
    fn a_batch_larger_than_a_segment_is_record_list_too_large() {
        let (mut storage, mut log) = new_log(LogConfig {
            segment_bytes: 100,
            ..LogConfig::default()
        });
        let err = log
            .append_as_leader(&mut storage, &values(T0, 2, 50), 0, T0, &mut Vec::new())
            .unwrap_err();
        assert_eq!(err.error_code(), ErrorCode::RecordListTooLarge);
    }

    #[test]
    fn compacted_topics_refuse_records_without_key() {
        let (mut storage, mut log) = new_log(LogConfig {
            cleanup_policy: CleanupPolicy {
                delete: false,
                compact: true,
            },
            ..LogConfig::default()
        });
        let bytes = batch(
            T0,
            &[
                (Some(b"k".as_slice()), Some(b"v".as_slice())),
                (None, Some(b"v".as_slice())),
            ],
        );
        let err = log
            .append_as_leader(&mut storage, &bytes, 0, T0, &mut Vec::new())
            .unwrap_err();
        assert_eq!(err.error_code(), ErrorCode::InvalidRecord);
        assert_eq!(err.record_errors().len(), 1);
        assert_eq!(err.record_errors()[0].batch_index, 1);
        assert_eq!(
            err.record_errors()[0].message,
            "Compacted topic cannot accept message without key in topic partition t-0"
        );
        assert_eq!(log.leo(), 0);
    }

    #[test]
    fn create_time_must_be_within_the_configured_bounds() {
        let (mut storage, mut log) = new_log(LogConfig {
            message_timestamp_before_max_ms: 1000,
            message_timestamp_after_max_ms: 10,
            ..LogConfig::default()
        });
        let now = T0;
        assert!(log
            .append_as_leader(
                &mut storage,
                &kv(now - 1000, "a", Some("1")),
                0,
                now,
                &mut Vec::new()
            )
            .is_ok());
        assert!(log
            .append_as_leader(
                &mut storage,
                &kv(now + 10, "a", Some("1")),
                0,
                now,
                &mut Vec::new()
            )
            .is_ok());
        for ts in [now - 1001, now + 11] {
            let err = log
                .append_as_leader(
                    &mut storage,
                    &kv(ts, "a", Some("1")),
                    0,
                    now,
                    &mut Vec::new(),
                )
                .unwrap_err();
            assert_eq!(err.error_code(), ErrorCode::InvalidTimestamp);
            assert_eq!(
                err.record_errors()[0].message,
                format!(
                    "Timestamp {ts} of message with offset 0 is out of range. The timestamp should be within [{}, {}]",
                    now - 1000,
                    now + 10
                )
            );
        }
    }

    #[test]
    fn topic_compression_type_recompresses() {
        let (mut storage, mut log) = new_log(LogConfig {
            compression_type: TopicCompression::Gzip,
            ..LogConfig::default()
        });
        let info = append(&mut storage, &mut log, &values(T0, 20, 30));
        append(
            &mut storage,
            &mut log,
            &batch_with(
                Compression::Lz4,
                T0,
                &[(Some(b"x".as_slice()), Some(b"y".as_slice()))],
            ),
        );
        let data = log
            .read(&storage, 0, usize::MAX, FetchUpperBound::Hw, false)
            .unwrap();
        let first = RawBatch::new(&data.records[..info.bytes]).unwrap();
        assert_eq!(first.header().attributes.compression, Compression::Gzip);
        assert_eq!(offsets_of(&data.records), (0..21).collect::<Vec<_>>());
        assert_eq!(
            records_of(&data.records)[20].2.as_deref(),
            Some(b"x".as_slice())
        );
    }

    #[test]
    fn fetch_out_of_range_is_offset_out_of_range() {
        let (mut storage, mut log) = new_log(LogConfig::default());
        append(&mut storage, &mut log, &values(T0, 3, 10));
        let err = log
            .read(&storage, 4, 100, FetchUpperBound::Hw, false)
            .unwrap_err();
        assert_eq!(err.error_code().code(), 1);
        log.delete_records(2, &mut Vec::new()).unwrap();
        let err = log
            .read(&storage, 1, 100, FetchUpperBound::Hw, false)
            .unwrap_err();
        assert_eq!(err.error_code(), ErrorCode::OffsetOutOfRange);
        assert_eq!(
            err.to_string(),
            "Received request for offset 1 for partition t-0, but we only have log segments starting from offset: 2."
        );
        // At the log end: an empty answer, not an error.
        let data = log
            .read(&storage, 3, 100, FetchUpperBound::Hw, false)
            .unwrap();
        assert!(data.records.is_empty());
        // From the log start offset in the middle of a batch: the whole batch.
        let data = log
            .read(&storage, 2, 1000, FetchUpperBound::Hw, false)
            .unwrap();
        assert_eq!(offsets_of(&data.records), vec![0, 1, 2]);
    }

    #[test]
    fn fetch_honours_max_bytes_min_one_message_and_the_upper_bound() {
        let (mut storage, mut log) = new_log(LogConfig::default());
        let one = append(&mut storage, &mut log, &values(T0, 2, 50)).bytes;
        append(&mut storage, &mut log, &values(T0, 2, 50));
        append(&mut storage, &mut log, &values(T0, 2, 50));
        let data = log
            .read(&storage, 0, one * 2, FetchUpperBound::Leo, false)
            .unwrap();
        assert_eq!(offsets_of(&data.records), vec![0, 1, 2, 3]);
        let data = log
            .read(&storage, 0, 1, FetchUpperBound::Leo, false)
            .unwrap();
        assert!(data.records.is_empty() && data.first_entry_incomplete);
        let data = log
            .read(&storage, 0, 1, FetchUpperBound::Leo, true)
            .unwrap();
        assert_eq!(offsets_of(&data.records), vec![0, 1]);

        log.set_hw_follows_leo(false);
        append(&mut storage, &mut log, &values(T0, 2, 50));
        assert_eq!((log.hw(), log.leo()), (6, 8));
        let data = log
            .read(&storage, 0, usize::MAX, FetchUpperBound::Hw, false)
            .unwrap();
        assert_eq!(offsets_of(&data.records).last(), Some(&5));
        let data = log
            .read(&storage, 0, usize::MAX, FetchUpperBound::Leo, false)
            .unwrap();
        assert_eq!(offsets_of(&data.records).last(), Some(&7));
        let data = log
            .read(&storage, 6, usize::MAX, FetchUpperBound::Hw, true)
            .unwrap();
        assert!(
            data.records.is_empty(),
            "at the bound: nothing, even with min_one_message"
        );
    }

    #[test]
    fn reads_span_segments_and_start_in_the_right_one() {
        let (mut storage, mut log) = new_log(LogConfig {
            segment_bytes: 300,
            ..LogConfig::default()
        });
        let mut events = Vec::new();
        for i in 0..6 {
            log.append_as_leader(&mut storage, &values(T0 + i, 2, 50), 0, T0, &mut events)
                .unwrap();
        }
        assert!(log.segments().len() > 2);
        let rolled = events
            .iter()
            .filter(|e| {
                matches!(
                    e,
                    LogEvent::SegmentRolled {
                        reason: RollReason::SegmentBytes,
                        ..
                    }
                )
            })
            .count();
        assert_eq!(rolled, log.segments().len() - 1);
        for start in 0..12 {
            let data = log
                .read(&storage, start, usize::MAX, FetchUpperBound::Hw, false)
                .unwrap();
            let offsets = offsets_of(&data.records);
            assert!(
                offsets.contains(&start),
                "fetch from {start} returned {offsets:?}"
            );
            // A read stops at the end of the segment holding the start offset.
            let segment = &log.segments()[log.floor_segment(start)];
            assert_eq!(*offsets.last().unwrap(), segment.next_offset() - 1);
        }
    }

    #[test]
    fn hw_is_monotonic_and_clamped_and_lso_follows_open_transactions() {
        let (mut storage, mut log) = new_log(LogConfig::default());
        log.set_hw_follows_leo(false);
        append(&mut storage, &mut log, &values(T0, 5, 10));
        let mut events = Vec::new();
        assert_eq!(log.update_hw(3, &mut events), 3);
        assert_eq!(log.update_hw(2, &mut events), 3, "never goes down");
        assert_eq!(log.update_hw(99, &mut events), 5, "clamped to the LEO");
        assert_eq!(events.len(), 2);
        log.begin_txn(77, 2);
        assert_eq!(log.lso(), 2);
        assert_eq!(log.offsets().lso(), 2);
        log.begin_txn(77, 4); // the first offset of an open transaction does not move
        log.begin_txn(78, 1);
        assert_eq!(log.lso(), 1);
        log.end_txn(78);
        log.end_txn(77);
        assert_eq!(log.lso(), 5);
    }

    #[test]
    fn jitter_is_deterministic_and_bounded() {
        let config = LogConfig {
            segment_jitter_ms: 1000,
            segment_ms: 600,
            ..LogConfig::default()
        };
        let (_, mut a) = new_log(config.clone());
        let (_, mut b) = new_log(config);
        for _ in 0..50 {
            let j = a.next_roll_jitter_ms();
            assert_eq!(j, b.next_roll_jitter_ms());
            assert!((0..600).contains(&j));
        }
        let (_, mut none) = new_log(LogConfig::default());
        assert_eq!(none.next_roll_jitter_ms(), 0);
    }
}
