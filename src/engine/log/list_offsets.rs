//! Offset lookups for ListOffsets: earliest, latest, by timestamp and the max timestamp
//! (`UnifiedLog.fetchOffsetByTimestamp`, filtered as `Partition.fetchOffsetForTimestamp` does).
//!
//! A timestamp lookup finds the first segment whose largest timestamp reaches the target,
//! asks its time index for the last entry at or below the target, jumps to that offset's
//! position with the offset index, then scans records for the first one whose timestamp is
//! >= the target (`LogSegment.findOffsetByTimestamp`, `FileRecords.searchForTimestamp`).

use super::partition_log::{FetchUpperBound, PartitionLog};
use super::segment::Segment;
use super::validator::corrupt;
use super::LogError;
use crate::engine::record::raw_batch::RawBatch;
use crate::storage::SegmentStorage;

/// What ListOffsets asks for (`ListOffsetsRequest.EARLIEST_TIMESTAMP` = -2, `LATEST_TIMESTAMP`
/// = -1, `MAX_TIMESTAMP` = -3 (KIP-734), or a timestamp).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum OffsetSpec {
    Earliest,
    Latest,
    MaxTimestamp,
    Timestamp(i64),
}

impl OffsetSpec {
    /// The wire value: a timestamp, or one of Kafka's negative sentinels.
    pub fn from_wire(timestamp: i64) -> OffsetSpec {
        match timestamp {
            -2 => OffsetSpec::Earliest,
            -1 => OffsetSpec::Latest,
            -3 => OffsetSpec::MaxTimestamp,
            ts => OffsetSpec::Timestamp(ts),
        }
    }
}

/// An answer to ListOffsets (`FileRecords.TimestampAndOffset`): `timestamp` is -1 for
/// earliest/latest. `leader_epoch` is the epoch stamped on the batch found, when a batch was
/// searched (the partition layer supplies its own epoch for earliest/latest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TimestampAndOffset {
    pub timestamp: i64,
    pub offset: i64,
    pub leader_epoch: Option<i32>,
}

impl PartitionLog {
    /// `Partition.fetchOffsetForTimestamp` on this log: earliest is the log start offset,
    /// latest is the last offset the isolation may read (LEO, HW or LSO), and a timestamp or
    /// max-timestamp answer is dropped (`None`, sent as offset -1) unless its offset is below
    /// that bound.
    pub fn list_offset<S: SegmentStorage>(
        &self,
        storage: &S,
        spec: OffsetSpec,
        isolation: FetchUpperBound,
    ) -> Result<Option<TimestampAndOffset>, LogError> {
        let last_fetchable = match isolation {
            FetchUpperBound::Leo => self.leo,
            FetchUpperBound::Hw => self.hw,
            FetchUpperBound::Lso => self.lso(),
        };
        let found = match spec {
            OffsetSpec::Earliest => {
                return Ok(Some(TimestampAndOffset {
                    timestamp: -1,
                    offset: self.log_start_offset,
                    leader_epoch: None,
                }))
            }
            OffsetSpec::Latest => {
                return Ok(Some(TimestampAndOffset {
                    timestamp: -1,
                    offset: last_fetchable,
                    leader_epoch: None,
                }))
            }
            OffsetSpec::MaxTimestamp => self.max_timestamp_offset(storage)?,
            OffsetSpec::Timestamp(ts) => self.offset_for_timestamp(storage, ts)?,
        };
        Ok(found.filter(|f| f.offset < last_fetchable))
    }

    /// `UnifiedLog.searchOffsetInLocalLog`: the first record at or after the log start offset
    /// whose timestamp is >= `target_timestamp`.
    pub fn offset_for_timestamp<S: SegmentStorage>(
        &self,
        storage: &S,
        target_timestamp: i64,
    ) -> Result<Option<TimestampAndOffset>, LogError> {
        let Some(segment) = self
            .segments
            .iter()
            .find(|s| s.largest_timestamp() >= target_timestamp)
        else {
            return Ok(None);
        };
        // `LogSegment.findOffsetByTimestamp`.
        let starting_offset = self.log_start_offset;
        let entry = segment.time_index().lookup(target_timestamp);
        let position = segment
            .offset_index()
            .lookup(entry.offset.max(starting_offset))
            .position;
        self.search_for_timestamp(
            storage,
            segment,
            target_timestamp,
            position,
            starting_offset,
        )
    }

    /// `FileRecords.searchForTimestamp`: from `position`, the first record with an offset >=
    /// `starting_offset` and a timestamp >= `target_timestamp`, looking only inside batches
    /// whose max timestamp reaches the target.
    fn search_for_timestamp<S: SegmentStorage>(
        &self,
        storage: &S,
        segment: &Segment,
        target_timestamp: i64,
        position: u32,
        starting_offset: i64,
    ) -> Result<Option<TimestampAndOffset>, LogError> {
        let bytes = segment
            .bytes_from(storage, position)
            .map_err(|e| self.storage_error(e))?;
        for batch in super::file_batches::file_batches(bytes, position) {
            if batch.max_timestamp < target_timestamp || batch.last_offset < starting_offset {
                continue;
            }
            let at = (batch.position - position) as usize;
            let raw = RawBatch::new(&bytes[at..at + batch.size as usize])
                .map_err(|e| corrupt(&self.name(), e))?;
            let records = raw.records().map_err(|e| corrupt(&self.name(), e))?;
            for record in &records {
                let record = record.map_err(|e| corrupt(&self.name(), e))?;
                if record.timestamp >= target_timestamp && record.offset >= starting_offset {
                    return Ok(Some(TimestampAndOffset {
                        timestamp: record.timestamp,
                        offset: record.offset,
                        leader_epoch: (batch.partition_leader_epoch >= 0)
                            .then_some(batch.partition_leader_epoch),
                    }));
                }
            }
        }
        Ok(None)
    }

    /// KIP-734 `MAX_TIMESTAMP`: the record with the largest timestamp (the first such record of
    /// the first segment holding it), found through the segment's max timestamp and the batch
    /// that carries it (`RecordBatch.offsetOfMaxTimestamp`).
    pub fn max_timestamp_offset<S: SegmentStorage>(
        &self,
        storage: &S,
    ) -> Result<Option<TimestampAndOffset>, LogError> {
        // `maxBy` keeps the first of equal maxima.
        let mut best: Option<&Segment> = None;
        for segment in &self.segments {
            if best.is_none_or(|b| segment.max_timestamp_so_far() > b.max_timestamp_so_far()) {
                best = Some(segment);
            }
        }
        let Some(segment) = best else { return Ok(None) };
        let max_timestamp = segment.max_timestamp_so_far();
        let position = segment
            .offset_index()
            .lookup(segment.offset_of_max_timestamp_so_far())
            .position;
        let bytes = segment
            .bytes_from(storage, position)
            .map_err(|e| self.storage_error(e))?;
        let Some(batch) = super::file_batches::file_batches(bytes, position)
            .find(|b| b.max_timestamp == max_timestamp)
        else {
            return Ok(None);
        };
        let at = (batch.position - position) as usize;
        let raw = RawBatch::new(&bytes[at..at + batch.size as usize])
            .map_err(|e| corrupt(&self.name(), e))?;
        let records = raw.records().map_err(|e| corrupt(&self.name(), e))?;
        for record in &records {
            let record = record.map_err(|e| corrupt(&self.name(), e))?;
            if record.timestamp == max_timestamp {
                return Ok(Some(TimestampAndOffset {
                    timestamp: max_timestamp,
                    offset: record.offset,
                    leader_epoch: (batch.partition_leader_epoch >= 0)
                        .then_some(batch.partition_leader_epoch),
                }));
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::log::testing::TestStorage;
    use crate::engine::log::testing::{new_log, T0};
    use crate::engine::record::{BatchBuilder, Compression, TimestampType};
    use crate::engine::topic::config::LogConfig;

    /// Batches of two records with the given timestamps, one segment per two batches, with an
    /// index entry for every batch.
    fn log_with(timestamps: &[(i64, i64)]) -> (TestStorage, PartitionLog) {
        let (mut storage, mut log) = new_log(LogConfig {
            index_interval_bytes: 1,
            segment_bytes: 200,
            message_timestamp_after_max_ms: i64::MAX,
            ..LogConfig::default()
        });
        for &(a, b) in timestamps {
            let mut batch = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 0, 0);
            batch.append(a, Some(b"k"), Some(b"v"), &[]);
            batch.append(b, Some(b"k"), Some(b"v"), &[]);
            log.append_as_leader(&mut storage, &batch.build(), 4, T0, &mut Vec::new())
                .unwrap();
        }
        (storage, log)
    }

    fn offset(
        log: &PartitionLog,
        storage: &TestStorage,
        spec: OffsetSpec,
        bound: FetchUpperBound,
    ) -> Option<i64> {
        log.list_offset(storage, spec, bound)
            .unwrap()
            .map(|t| t.offset)
    }

    #[test]
    fn earliest_and_latest_follow_the_isolation() {
        let (storage, mut log) = log_with(&[(T0, T0), (T0, T0), (T0, T0)]);
        log.set_hw_follows_leo(false);
        log.hw = 4;
        log.begin_txn(3, 2);
        log.log_start_offset = 1;
        assert_eq!(
            offset(&log, &storage, OffsetSpec::Earliest, FetchUpperBound::Hw),
            Some(1)
        );
        assert_eq!(
            offset(&log, &storage, OffsetSpec::Latest, FetchUpperBound::Leo),
            Some(6)
        );
        assert_eq!(
            offset(&log, &storage, OffsetSpec::Latest, FetchUpperBound::Hw),
            Some(4)
        );
        assert_eq!(
            offset(&log, &storage, OffsetSpec::Latest, FetchUpperBound::Lso),
            Some(2)
        );
        assert_eq!(OffsetSpec::from_wire(-2), OffsetSpec::Earliest);
        assert_eq!(OffsetSpec::from_wire(-3), OffsetSpec::MaxTimestamp);
    }

    #[test]
    fn by_timestamp_finds_the_first_record_at_or_after_it() {
        let ts = [
            (T0 + 10, T0 + 20),
            (T0 + 15, T0 + 30),
            (T0 + 40, T0 + 25),
            (T0 + 50, T0 + 60),
        ];
        let (storage, log) = log_with(&ts);
        assert!(log.segments().len() > 1);
        let find = |t| {
            log.offset_for_timestamp(&storage, t)
                .unwrap()
                .map(|f| (f.offset, f.timestamp))
        };
        assert_eq!(find(0), Some((0, T0 + 10)));
        assert_eq!(find(T0 + 10), Some((0, T0 + 10)));
        assert_eq!(find(T0 + 11), Some((1, T0 + 20)));
        assert_eq!(find(T0 + 21), Some((3, T0 + 30)));
        assert_eq!(find(T0 + 31), Some((4, T0 + 40)));
        assert_eq!(find(T0 + 41), Some((6, T0 + 50)));
        assert_eq!(find(T0 + 61), None);
        let found = log
            .offset_for_timestamp(&storage, T0 + 21)
            .unwrap()
            .unwrap();
        assert_eq!(found.leader_epoch, Some(4));
    }

    #[test]
    fn max_timestamp_finds_the_first_record_holding_it() {
        let (storage, log) = log_with(&[(T0 + 10, T0 + 90), (T0 + 90, T0 + 5), (T0 + 1, T0 + 2)]);
        let found = log.max_timestamp_offset(&storage).unwrap().unwrap();
        assert_eq!((found.offset, found.timestamp), (1, T0 + 90));
        assert_eq!(
            offset(
                &log,
                &storage,
                OffsetSpec::MaxTimestamp,
                FetchUpperBound::Hw
            ),
            Some(1)
        );
    }

    #[test]
    fn answers_at_or_beyond_the_isolation_bound_are_dropped() {
        let (storage, mut log) = log_with(&[(T0, T0), (T0 + 100, T0 + 100)]);
        log.hw = 2;
        assert_eq!(
            offset(
                &log,
                &storage,
                OffsetSpec::Timestamp(T0 + 50),
                FetchUpperBound::Leo
            ),
            Some(2)
        );
        assert_eq!(
            offset(
                &log,
                &storage,
                OffsetSpec::Timestamp(T0 + 50),
                FetchUpperBound::Hw
            ),
            None
        );
        assert_eq!(
            offset(
                &log,
                &storage,
                OffsetSpec::MaxTimestamp,
                FetchUpperBound::Hw
            ),
            None
        );
        assert_eq!(
            offset(
                &log,
                &storage,
                OffsetSpec::Timestamp(T0),
                FetchUpperBound::Hw
            ),
            Some(0)
        );
    }
}
