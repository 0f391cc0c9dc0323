//! [`Segment`]: one segment of a partition log: its `.log`, `.index` and `.timeindex` files.
//!
//! Mirrors `org.apache.kafka.storage.internals.log.LogSegment`. The bytes live in storage; in
//! memory a segment keeps only its bookkeeping (size, next offset, largest timestamp, creation
//! time, the timestamp it rolls by) and the entries of its two sparse indexes. Every write
//! goes to storage first, so a refused write (quota) leaves the segment as it was.

use super::file_batches::{file_batches, FileBatch};
use super::offset_index::OffsetIndex;
use super::time_index::{TimeIndex, NO_TIMESTAMP};
use super::RollReason;
use crate::engine::topic::config::LogConfig;
use crate::storage::{FileKind, SegmentFile, SegmentStorage, StorageError};

/// The three files of a segment (`LogFileUtils.logFile`, `offsetIndexFile`, `timeIndexFile`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentFiles {
    pub log: SegmentFile,
    pub index: SegmentFile,
    pub time_index: SegmentFile,
}

impl SegmentFiles {
    /// The files of the segment at `base_offset` in broker `broker`'s log directory.
    pub fn new(broker: i32, topic: &str, partition: i32, base_offset: i64) -> Self {
        let file = |kind| SegmentFile::on_broker(broker, topic, partition, base_offset, kind);
        SegmentFiles {
            log: file(FileKind::Log),
            index: file(FileKind::Index),
            time_index: file(FileKind::TimeIndex),
        }
    }

    pub fn all(&self) -> [&SegmentFile; 3] {
        [&self.log, &self.index, &self.time_index]
    }
}

/// The inputs of `LogSegment.shouldRoll` (Kafka's `RollParams`).
#[derive(Debug, Clone, Copy)]
pub struct RollParams {
    pub max_segment_ms: i64,
    pub max_segment_bytes: i32,
    pub max_timestamp_in_messages: i64,
    pub max_offset_in_messages: i64,
    pub messages_size: usize,
    pub now_ms: i64,
}

/// What a read of one segment returned (the segment part of Kafka's `FetchDataInfo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentRead {
    /// Whole batches, concatenated.
    pub records: Vec<u8>,
    /// Position of the first batch returned (or that would have been returned).
    pub start_position: u32,
    /// The first batch did not fit `max_bytes` and `min_one_message` was off
    /// (`FetchDataInfo.firstEntryIncomplete`).
    pub first_entry_incomplete: bool,
}

/// One segment's bookkeeping and indexes.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    files: SegmentFiles,
    base_offset: i64,
    size_bytes: u32,
    /// The offset after the last batch, or the base offset when empty (`readNextOffset`).
    next_offset: i64,
    /// When the segment was created (`LogSegment.created`), for rolling segments without timestamps.
    created_ms: i64,
    /// When the segment was last written: stands in for the file's mtime (`lastModified`).
    last_modified_ms: i64,
    /// The first batch's max timestamp, which `segment.ms` is measured from (`rollingBasedTimestamp`).
    rolling_based_timestamp: Option<i64>,
    /// `maxTimestampAndOffsetSoFar`.
    max_timestamp_so_far: i64,
    offset_of_max_timestamp_so_far: i64,
    bytes_since_last_index_entry: u32,
    index_interval_bytes: u32,
    roll_jitter_ms: i64,
    offset_index: OffsetIndex,
    time_index: TimeIndex,
}

impl Segment {
    /// Creates a new empty segment and its three (empty) files (`LogSegment.open`). Files left
    /// over at that name are deleted first, as `LocalLog.roll` does.
    pub fn create<S: SegmentStorage>(
        storage: &mut S,
        files: SegmentFiles,
        config: &LogConfig,
        roll_jitter_ms: i64,
        now_ms: i64,
    ) -> Result<Segment, StorageError> {
        let segment = Segment::in_memory(files, config, roll_jitter_ms, now_ms);
        for file in segment.files.all() {
            storage.delete(file)?;
        }
        for file in segment.files.all() {
            storage.append(file, &[])?;
        }
        Ok(segment)
    }

    /// The bookkeeping of an empty segment, without touching storage (recovery and the
    /// cleaner fill it from existing bytes with [`Segment::rebuild`]).
    pub fn in_memory(
        files: SegmentFiles,
        config: &LogConfig,
        roll_jitter_ms: i64,
        now_ms: i64,
    ) -> Segment {
        let base_offset = files.log.base_offset;
        Segment {
            files,
            base_offset,
            size_bytes: 0,
            next_offset: base_offset,
            created_ms: now_ms,
            last_modified_ms: now_ms,
            rolling_based_timestamp: None,
            max_timestamp_so_far: NO_TIMESTAMP,
            offset_of_max_timestamp_so_far: base_offset,
            bytes_since_last_index_entry: 0,
            index_interval_bytes: config.index_interval_bytes.max(0) as u32,
            roll_jitter_ms,
            offset_index: OffsetIndex::new(base_offset, config.segment_index_bytes),
            time_index: TimeIndex::new(base_offset, config.segment_index_bytes),
        }
    }

    pub fn files(&self) -> &SegmentFiles {
        &self.files
    }

    pub fn base_offset(&self) -> i64 {
        self.base_offset
    }

    /// Bytes in the `.log` file (`LogSegment.size`).
    pub fn size(&self) -> u32 {
        self.size_bytes
    }

    pub fn is_empty(&self) -> bool {
        self.size_bytes == 0
    }

    /// The offset after the last batch (base offset when empty).
    pub fn next_offset(&self) -> i64 {
        self.next_offset
    }

    pub fn created_ms(&self) -> i64 {
        self.created_ms
    }

    pub fn last_modified_ms(&self) -> i64 {
        self.last_modified_ms
    }

    pub fn set_last_modified_ms(&mut self, ms: i64) {
        self.last_modified_ms = ms;
    }

    pub fn roll_jitter_ms(&self) -> i64 {
        self.roll_jitter_ms
    }

    pub fn offset_index(&self) -> &OffsetIndex {
        &self.offset_index
    }

    pub fn time_index(&self) -> &TimeIndex {
        &self.time_index
    }

    /// The largest record timestamp in the segment, or -1 (`maxTimestampSoFar`).
    pub fn max_timestamp_so_far(&self) -> i64 {
        self.max_timestamp_so_far
    }

    /// The last offset of the batch holding the largest timestamp.
    pub fn offset_of_max_timestamp_so_far(&self) -> i64 {
        self.offset_of_max_timestamp_so_far
    }

    /// `LogSegment.largestTimestamp`: the largest record timestamp, or the last-modified time
    /// when no record has one. Retention by `retention.ms` compares against this.
    pub fn largest_timestamp(&self) -> i64 {
        if self.max_timestamp_so_far >= 0 {
            self.max_timestamp_so_far
        } else {
            self.last_modified_ms
        }
    }

    /// `LogSegment.getFirstBatchTimestamp`: the first batch's timestamp, or `i64::MAX` when
    /// unknown (used by `max.compaction.lag.ms`).
    pub fn first_batch_timestamp(&self) -> i64 {
        match self.rolling_based_timestamp {
            Some(ts) if ts >= 0 => ts,
            _ => i64::MAX,
        }
    }

    /// `LogSegment.timeWaitedForRoll`: how long this segment has been open, measured from the
    /// first batch's timestamp to the new batch's when the first batch has one, else by the
    /// clock since the segment was created.
    pub fn time_waited_for_roll(&self, now_ms: i64, message_timestamp: i64) -> i64 {
        match self.rolling_based_timestamp {
            Some(ts) if ts >= 0 => message_timestamp.saturating_sub(ts),
            _ => now_ms.saturating_sub(self.created_ms),
        }
    }

    /// `LogSegment.shouldRoll`: whether the batch described by `params` must go to a new
    /// segment, and why (the first condition that holds, in Kafka's order).
    pub fn should_roll(&self, params: &RollParams) -> Option<RollReason> {
        let reached_roll_ms = self
            .time_waited_for_roll(params.now_ms, params.max_timestamp_in_messages)
            > params.max_segment_ms.saturating_sub(self.roll_jitter_ms);
        let size = i64::from(self.size_bytes);
        if size > i64::from(params.max_segment_bytes) - params.messages_size as i64 {
            Some(RollReason::SegmentBytes)
        } else if size > 0 && reached_roll_ms {
            Some(RollReason::SegmentMs)
        } else if self.offset_index.is_full() {
            Some(RollReason::OffsetIndexFull)
        } else if self.time_index.is_full() {
            Some(RollReason::TimeIndexFull)
        } else if !self
            .offset_index
            .can_append_offset(params.max_offset_in_messages)
        {
            Some(RollReason::RelativeOffsetOverflow)
        } else {
            None
        }
    }

    /// `LogSegment.append`: writes `bytes` (whole batches whose last offset is
    /// `largest_offset`) and, when more than `index.interval.bytes` were written since the last
    /// index entry, indexes `largest_offset` at the position the bytes start, plus a time-index
    /// entry for the largest timestamp so far.
    ///
    /// All or nothing: when storage refuses a write, whatever was written is cut back and the
    /// segment is unchanged.
    ///
    /// # Panics
    /// When `largest_offset` does not fit the segment's relative offsets: the log rolls before
    /// such a batch (`shouldRoll`), so this cannot happen (`ensureOffsetInRange`).
    pub fn append<S: SegmentStorage>(
        &mut self,
        storage: &mut S,
        largest_offset: i64,
        largest_timestamp: i64,
        shallow_offset_of_max_timestamp: i64,
        bytes: &[u8],
        now_ms: i64,
    ) -> Result<(), StorageError> {
        if bytes.is_empty() {
            return Ok(());
        }
        assert!(
            self.offset_index.can_append_offset(largest_offset),
            "offset {largest_offset} does not fit segment {} (LogSegmentOffsetOverflowException)",
            self.base_offset
        );
        let physical_position = self.size_bytes;
        storage.append(&self.files.log, bytes)?;

        let (mut max_ts, mut max_ts_offset) = (
            self.max_timestamp_so_far,
            self.offset_of_max_timestamp_so_far,
        );
        if largest_timestamp > max_ts {
            max_ts = largest_timestamp;
            max_ts_offset = shallow_offset_of_max_timestamp;
        }
        if self.bytes_since_last_index_entry > self.index_interval_bytes {
            let (index_entries, time_entries) =
                (self.offset_index.entries(), self.time_index.entries());
            let entry = self.offset_index.append(largest_offset, physical_position);
            let mut index_written = false;
            let result = storage.append(&self.files.index, &entry).and_then(|()| {
                index_written = true;
                match self.time_index.maybe_append(max_ts, max_ts_offset, false) {
                    Some(time_entry) => storage.append(&self.files.time_index, &time_entry),
                    None => Ok(()),
                }
            });
            if let Err(err) = result {
                // Put storage and memory back as they were before this append.
                self.offset_index.truncate_to_entries(index_entries);
                self.time_index.truncate_to_entries(time_entries);
                storage.truncate(&self.files.log, u64::from(physical_position))?;
                if index_written {
                    storage
                        .truncate(&self.files.index, self.offset_index.size_in_bytes() as u64)?;
                }
                return Err(err);
            }
            self.bytes_since_last_index_entry = 0;
        }
        if physical_position == 0 {
            self.rolling_based_timestamp = Some(largest_timestamp);
        }
        self.max_timestamp_so_far = max_ts;
        self.offset_of_max_timestamp_so_far = max_ts_offset;
        self.bytes_since_last_index_entry += bytes.len() as u32;
        self.size_bytes += bytes.len() as u32;
        self.next_offset = largest_offset + 1;
        self.last_modified_ms = now_ms;
        Ok(())
    }

    /// The segment's bytes from `position` to its end (borrowed from storage).
    pub fn bytes_from<'s, S: SegmentStorage>(
        &self,
        storage: &'s S,
        position: u32,
    ) -> Result<&'s [u8], StorageError> {
        storage.read(
            &self.files.log,
            u64::from(position),
            u64::from(self.size_bytes.saturating_sub(position)),
        )
    }

    /// The batches of the segment from `position` on (shallow headers only).
    pub fn batches_from<'s, S: SegmentStorage>(
        &self,
        storage: &'s S,
        position: u32,
    ) -> Result<impl Iterator<Item = FileBatch> + 's, StorageError> {
        Ok(file_batches(self.bytes_from(storage, position)?, position))
    }

    /// `LogSegment.translateOffset`: the first batch whose last offset is >= `offset`, found
    /// by scanning from the offset index's entry for it; `None` when `offset` is past the segment.
    pub fn translate_offset<S: SegmentStorage>(
        &self,
        storage: &S,
        offset: i64,
    ) -> Result<Option<FileBatch>, StorageError> {
        let mapping = self.offset_index.lookup(offset);
        Ok(self
            .batches_from(storage, mapping.position)?
            .find(|b| b.last_offset >= offset))
    }

    /// `LogSegment.read`: whole batches starting with the one holding `start_offset`, at most
    /// `max_bytes` of them (at least the first when `min_one_message`), and only batches whose
    /// last offset is below `upper_bound_offset`. `None` when `start_offset` is past the segment.
    ///
    /// Kafka cuts the bytes at `maxPosition`, the start of the batch holding the bound offset,
    /// which is the same as keeping the batches whose last offset is below the bound; and it may
    /// end with a partial batch that the client drops, where kplay returns whole batches only.
    pub fn read<S: SegmentStorage>(
        &self,
        storage: &S,
        start_offset: i64,
        max_bytes: usize,
        upper_bound_offset: i64,
        min_one_message: bool,
    ) -> Result<Option<SegmentRead>, StorageError> {
        let Some(first) = self.translate_offset(storage, start_offset)? else {
            return Ok(None);
        };
        let adjusted_max = if min_one_message {
            max_bytes.max(first.size as usize)
        } else {
            max_bytes
        };
        let bytes = self.bytes_from(storage, first.position)?;
        let mut len = 0usize;
        for batch in file_batches(bytes, first.position) {
            if batch.last_offset >= upper_bound_offset || len + batch.size as usize > adjusted_max {
                break;
            }
            len += batch.size as usize;
        }
        Ok(Some(SegmentRead {
            records: bytes[..len].to_vec(),
            start_position: first.position,
            first_entry_incomplete: adjusted_max < first.size as usize,
        }))
    }

    /// `LogSegment.onBecomeInactiveSegment`: when the segment stops being the active one, its
    /// time index gets a last entry with the largest timestamp, so retention and timestamp
    /// lookups see it without scanning.
    pub fn on_become_inactive<S: SegmentStorage>(
        &mut self,
        storage: &mut S,
    ) -> Result<(), StorageError> {
        let (ts, offset) = (
            self.max_timestamp_so_far,
            self.offset_of_max_timestamp_so_far,
        );
        let mut time_index = self.time_index.clone();
        if let Some(entry) = time_index.maybe_append(ts, offset, true) {
            storage.append(&self.files.time_index, &entry)?;
            self.time_index = time_index;
        }
        Ok(())
    }

    /// `LogSegment.truncateTo`: removes every batch from the one holding `offset` on, and the
    /// index entries at or above `offset`. Returns the number of `.log` bytes removed.
    pub fn truncate_to<S: SegmentStorage>(
        &mut self,
        storage: &mut S,
        offset: i64,
        now_ms: i64,
    ) -> Result<u64, StorageError> {
        let mapping = self.translate_offset(storage, offset)?;
        let index_entries = self.offset_index.truncate_to(offset);
        storage.truncate(
            &self.files.index,
            (index_entries * OffsetIndex::ENTRY_BYTES) as u64,
        )?;
        let time_entries = self.time_index.truncate_to(offset);
        storage.truncate(
            &self.files.time_index,
            (time_entries * TimeIndex::ENTRY_BYTES) as u64,
        )?;
        let truncated = match mapping {
            None => 0,
            Some(batch) => {
                storage.truncate(&self.files.log, u64::from(batch.position))?;
                let truncated = u64::from(self.size_bytes - batch.position);
                self.size_bytes = batch.position;
                truncated
            }
        };
        if self.size_bytes == 0 {
            self.created_ms = now_ms;
            self.rolling_based_timestamp = None;
        }
        self.bytes_since_last_index_entry = 0;
        // `readLargestTimestamp` and `readNextOffset`: what is left decides both.
        let (mut max_ts, mut max_ts_offset, mut next) =
            (NO_TIMESTAMP, self.base_offset, self.base_offset);
        for batch in self.batches_from(storage, 0)? {
            if batch.max_timestamp > max_ts {
                max_ts = batch.max_timestamp;
                max_ts_offset = batch.last_offset;
            }
            next = batch.next_offset();
        }
        self.max_timestamp_so_far = max_ts;
        self.offset_of_max_timestamp_so_far = max_ts_offset;
        self.next_offset = next;
        Ok(truncated)
    }

    /// Rebuilds the bookkeeping and both indexes from `batches`, the segment's whole `.log`
    /// content, exactly as `LogSegment.recover` does (an index entry for a batch once more than
    /// `index.interval.bytes` precede it since the last entry, and a last time-index entry for
    /// the largest timestamp), and rewrites the two index files.
    pub fn rebuild<S: SegmentStorage>(
        &mut self,
        storage: &mut S,
        batches: &[FileBatch],
    ) -> Result<(), StorageError> {
        self.offset_index.reset();
        self.time_index.reset();
        self.max_timestamp_so_far = NO_TIMESTAMP;
        self.offset_of_max_timestamp_so_far = self.base_offset;
        let mut valid_bytes: u32 = 0;
        let mut last_index_entry: u32 = 0;
        for batch in batches {
            if batch.max_timestamp > self.max_timestamp_so_far {
                self.max_timestamp_so_far = batch.max_timestamp;
                self.offset_of_max_timestamp_so_far = batch.last_offset;
            }
            if valid_bytes - last_index_entry > self.index_interval_bytes
                && !self.offset_index.is_full()
                && !self.time_index.is_full()
            {
                self.offset_index.append(batch.last_offset, valid_bytes);
                self.time_index.maybe_append(
                    self.max_timestamp_so_far,
                    self.offset_of_max_timestamp_so_far,
                    false,
                );
                last_index_entry = valid_bytes;
            }
            valid_bytes += batch.size;
        }
        self.time_index.maybe_append(
            self.max_timestamp_so_far,
            self.offset_of_max_timestamp_so_far,
            true,
        );
        self.size_bytes = valid_bytes;
        self.next_offset = batches
            .last()
            .map_or(self.base_offset, FileBatch::next_offset);
        self.rolling_based_timestamp = batches.first().map(|b| b.max_timestamp);
        // `recover` leaves `bytesSinceLastIndexEntry` as a freshly opened segment has it: 0.
        self.bytes_since_last_index_entry = 0;
        for (file, bytes) in [
            (&self.files.index, self.offset_index.to_bytes()),
            (&self.files.time_index, self.time_index.to_bytes()),
        ] {
            storage.delete(file)?;
            storage.append(file, &bytes)?;
        }
        Ok(())
    }

    /// Removes the segment's three files (`LogSegment.deleteIfExists`).
    pub fn delete_files<S: SegmentStorage>(&self, storage: &mut S) -> Result<(), StorageError> {
        for file in self.files.all() {
            storage.delete(file)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::log::testing::TestStorage;
    use crate::engine::log::testing::T0;
    use crate::engine::record::{BatchBuilder, Compression, TimestampType};

    /// An assigned batch at `base_offset` with `count` records of `value_bytes` each, at `ts`.
    fn assigned(base_offset: i64, count: usize, value_bytes: usize, ts: i64) -> Vec<u8> {
        let mut b = BatchBuilder::new(
            Compression::None,
            TimestampType::CreateTime,
            base_offset,
            ts,
        );
        for _ in 0..count {
            b.append(ts, Some(b"k"), Some(&vec![b'x'; value_bytes]), &[]);
        }
        b.build()
    }

    fn segment(config: &LogConfig, base: i64) -> (TestStorage, Segment) {
        let mut storage = TestStorage::new();
        let segment = Segment::create(
            &mut storage,
            SegmentFiles::new(0, "t", 0, base),
            config,
            0,
            T0,
        )
        .unwrap();
        (storage, segment)
    }

    fn append(storage: &mut TestStorage, seg: &mut Segment, bytes: &[u8], now: i64) {
        let b = FileBatch::parse(bytes, 0).unwrap();
        seg.append(
            storage,
            b.last_offset,
            b.max_timestamp,
            b.last_offset,
            bytes,
            now,
        )
        .unwrap();
    }

    fn params(
        seg_ms: i64,
        seg_bytes: i32,
        ts: i64,
        last_offset: i64,
        size: usize,
        now: i64,
    ) -> RollParams {
        RollParams {
            max_segment_ms: seg_ms,
            max_segment_bytes: seg_bytes,
            max_timestamp_in_messages: ts,
            max_offset_in_messages: last_offset,
            messages_size: size,
            now_ms: now,
        }
    }

    #[test]
    fn creates_three_empty_files_named_by_base_offset() {
        let (storage, seg) = segment(&LogConfig::default(), 42);
        let names: Vec<String> = storage.list().iter().map(|f| f.to_string()).collect();
        assert_eq!(
            names,
            vec![
                "t-0/00000000000000000042.log",
                "t-0/00000000000000000042.index",
                "t-0/00000000000000000042.timeindex"
            ]
        );
        assert!(seg.is_empty());
        assert_eq!(seg.next_offset(), 42);
    }

    #[test]
    fn rolls_on_segment_bytes() {
        let config = LogConfig::default();
        let (mut storage, mut seg) = segment(&config, 0);
        let b = assigned(0, 1, 100, T0);
        append(&mut storage, &mut seg, &b, T0);
        let size = seg.size() as i32;
        // Kafka: size > maxSegmentBytes - messagesSize.
        assert_eq!(
            seg.should_roll(&params(i64::MAX, size + 100, T0, 1, 100, T0)),
            None
        );
        assert_eq!(
            seg.should_roll(&params(i64::MAX, size + 99, T0, 1, 100, T0)),
            Some(RollReason::SegmentBytes)
        );
    }

    #[test]
    fn rolls_on_segment_ms_measured_from_the_first_batch_timestamp() {
        let config = LogConfig::default();
        let (mut storage, mut seg) = segment(&config, 0);
        // An empty segment never rolls on time.
        assert_eq!(
            seg.should_roll(&params(10, i32::MAX, T0 + 1000, 0, 1, T0 + 1000)),
            None
        );
        append(&mut storage, &mut seg, &assigned(0, 1, 10, T0 - 50_000), T0);
        // The clock does not matter when the first batch has a timestamp: the new batch's does.
        assert_eq!(
            seg.should_roll(&params(100, i32::MAX, T0 - 49_900, 1, 1, T0 + 1_000_000)),
            None
        );
        assert_eq!(
            seg.should_roll(&params(100, i32::MAX, T0 - 49_899, 1, 1, T0)),
            Some(RollReason::SegmentMs)
        );
    }

    #[test]
    fn rolls_on_wall_clock_when_the_first_batch_has_no_timestamp() {
        let config = LogConfig::default();
        let (mut storage, mut seg) = segment(&config, 0);
        append(&mut storage, &mut seg, &assigned(0, 1, 10, -1), T0);
        assert_eq!(seg.time_waited_for_roll(T0 + 70, -1), 70);
        assert_eq!(
            seg.should_roll(&params(100, i32::MAX, -1, 1, 1, T0 + 100)),
            None
        );
        assert_eq!(
            seg.should_roll(&params(100, i32::MAX, -1, 1, 1, T0 + 101)),
            Some(RollReason::SegmentMs)
        );
    }

    #[test]
    fn jitter_shortens_segment_ms() {
        let config = LogConfig::default();
        let mut storage = TestStorage::new();
        let mut seg = Segment::create(
            &mut storage,
            SegmentFiles::new(0, "t", 0, 0),
            &config,
            30,
            T0,
        )
        .unwrap();
        append(&mut storage, &mut seg, &assigned(0, 1, 10, T0), T0);
        assert_eq!(
            seg.should_roll(&params(100, i32::MAX, T0 + 70, 1, 1, T0)),
            None
        );
        assert_eq!(
            seg.should_roll(&params(100, i32::MAX, T0 + 71, 1, 1, T0)),
            Some(RollReason::SegmentMs)
        );
    }

    #[test]
    fn indexes_a_batch_after_index_interval_bytes_and_rolls_when_full() {
        let config = LogConfig {
            index_interval_bytes: 100,
            segment_index_bytes: 36, // 4 offset entries; 3 time entries, full at 2
            ..LogConfig::default()
        };
        let (mut storage, mut seg) = segment(&config, 0);
        let mut positions = Vec::new();
        for i in 0..5 {
            positions.push(seg.size());
            // One timestamp for all: the time index gets its first entry only.
            assert_eq!(
                seg.should_roll(&params(i64::MAX, i32::MAX, T0, 99, 1, T0)),
                None
            );
            append(&mut storage, &mut seg, &assigned(i * 2, 2, 60, T0), T0);
        }
        // Batches are ~160 bytes: the first is never indexed (nothing written before it),
        // each later one follows > 100 bytes written since the last entry. Entries hold the
        // batch's last offset and its start position.
        let entries: Vec<_> = (0..seg.offset_index().entries())
            .map(|n| seg.offset_index().entry(n))
            .collect();
        assert_eq!(entries.len(), 4);
        for (n, entry) in entries.iter().enumerate() {
            assert_eq!(
                (entry.offset, entry.position),
                (n as i64 * 2 + 3, positions[n + 1])
            );
        }
        assert_eq!(seg.time_index().entries(), 1);
        assert_eq!(seg.time_index().entry(0).timestamp, T0);
        assert_eq!(
            seg.should_roll(&params(i64::MAX, i32::MAX, T0, 99, 1, T0)),
            Some(RollReason::OffsetIndexFull)
        );
        // Storage holds exactly the entries (Kafka's trimmed file).
        assert_eq!(storage.len(&seg.files().index).unwrap(), 32);
        assert_eq!(storage.len(&seg.files().time_index).unwrap(), 12);
    }

    #[test]
    fn time_index_full_keeps_a_slot_and_relative_offsets_overflow() {
        let config = LogConfig {
            index_interval_bytes: 0,
            segment_index_bytes: 24, // 3 offset entries but only 2 time entries (1 + roll slot)
            ..LogConfig::default()
        };
        let (mut storage, mut seg) = segment(&config, 0);
        append(&mut storage, &mut seg, &assigned(0, 1, 10, T0), T0);
        append(&mut storage, &mut seg, &assigned(1, 1, 10, T0 + 1), T0);
        assert_eq!(seg.time_index().entries(), 1);
        assert_eq!(
            seg.should_roll(&params(i64::MAX, i32::MAX, T0, 2, 1, T0)),
            Some(RollReason::TimeIndexFull)
        );

        let (_, seg) = segment(&LogConfig::default(), 100);
        let overflow = 100 + i64::from(i32::MAX) + 1;
        assert_eq!(
            seg.should_roll(&params(i64::MAX, i32::MAX, T0, overflow, 1, T0)),
            Some(RollReason::RelativeOffsetOverflow)
        );
        assert_eq!(
            seg.should_roll(&params(i64::MAX, i32::MAX, T0, overflow - 1, 1, T0)),
            None
        );
    }

    #[test]
    fn read_returns_whole_batches_within_limits() {
        let config = LogConfig {
            index_interval_bytes: 1,
            ..LogConfig::default()
        };
        let (mut storage, mut seg) = segment(&config, 0);
        let batches: Vec<Vec<u8>> = (0..4).map(|i| assigned(i * 3, 3, 20, T0)).collect();
        for b in &batches {
            append(&mut storage, &mut seg, b, T0);
        }
        let size = batches[0].len();
        // Middle of batch 1 (offsets 3..5): the whole batch.
        let r = seg.read(&storage, 4, size, 100, false).unwrap().unwrap();
        assert_eq!(r.records, batches[1]);
        // Two batches fit, a third does not.
        let r = seg
            .read(&storage, 3, size * 2 + size / 2, 100, false)
            .unwrap()
            .unwrap();
        assert_eq!(r.records.len(), size * 2);
        // Too small: nothing, flagged incomplete; min_one_message returns one batch anyway.
        let r = seg.read(&storage, 0, 10, 100, false).unwrap().unwrap();
        assert!(r.records.is_empty() && r.first_entry_incomplete);
        let r = seg.read(&storage, 0, 10, 100, true).unwrap().unwrap();
        assert_eq!(r.records, batches[0]);
        // The bound stops before the batch holding it.
        let r = seg
            .read(&storage, 0, usize::MAX, 7, false)
            .unwrap()
            .unwrap();
        assert_eq!(r.records.len(), size * 2);
        // Past the segment: None.
        assert_eq!(seg.read(&storage, 12, 100, 100, false).unwrap(), None);
    }

    #[test]
    fn truncate_cuts_at_the_batch_holding_the_offset() {
        let config = LogConfig {
            index_interval_bytes: 1,
            ..LogConfig::default()
        };
        let (mut storage, mut seg) = segment(&config, 0);
        for i in 0..4 {
            append(&mut storage, &mut seg, &assigned(i * 3, 3, 20, T0 + i), T0);
        }
        let batch_size = u64::from(seg.size()) / 4;
        assert_eq!(
            seg.truncate_to(&mut storage, 7, T0).unwrap(),
            2 * batch_size
        );
        assert_eq!(seg.next_offset(), 6);
        assert_eq!(seg.max_timestamp_so_far(), T0 + 1);
        assert!(seg.offset_index().last_offset() < 7);
        assert_eq!(storage.len(&seg.files().log).unwrap(), 2 * batch_size);
        assert_eq!(
            seg.truncate_to(&mut storage, 0, T0 + 5).unwrap(),
            2 * batch_size
        );
        assert!(seg.is_empty());
        assert_eq!(seg.created_ms(), T0 + 5);
    }

    #[test]
    fn becoming_inactive_writes_the_largest_timestamp_to_the_time_index() {
        let (mut storage, mut seg) = segment(&LogConfig::default(), 0);
        append(&mut storage, &mut seg, &assigned(0, 2, 10, T0 + 5), T0);
        append(&mut storage, &mut seg, &assigned(2, 2, 10, T0 + 9), T0);
        assert_eq!(seg.time_index().entries(), 0);
        seg.on_become_inactive(&mut storage).unwrap();
        assert_eq!(seg.time_index().last_entry().timestamp, T0 + 9);
        assert_eq!(seg.time_index().last_entry().offset, 3);
        assert_eq!(seg.largest_timestamp(), T0 + 9);
    }

    #[test]
    fn a_refused_write_leaves_the_segment_unchanged() {
        let config = LogConfig {
            index_interval_bytes: 0,
            ..LogConfig::default()
        };
        let b0 = assigned(0, 1, 10, T0);
        let b1 = assigned(1, 1, 10, T0);
        // Room for both batches but not for the index entry the second append adds.
        let mut storage = TestStorage::with_quota((b0.len() + b1.len() + 4) as u64);
        let mut seg = Segment::create(
            &mut storage,
            SegmentFiles::new(0, "t", 0, 0),
            &config,
            0,
            T0,
        )
        .unwrap();
        append(&mut storage, &mut seg, &b0, T0);
        let before = seg.clone();
        let err = seg.append(&mut storage, 1, T0, 1, &b1, T0).unwrap_err();
        assert!(matches!(err, StorageError::QuotaExceeded { .. }));
        assert_eq!(seg, before);
        assert_eq!(storage.len(&seg.files().log).unwrap(), b0.len() as u64);
        assert_eq!(storage.len(&seg.files().index).unwrap(), 0);
    }
}
