//! [`ProducerStateManager`]: the producers of one partition (Kafka's `ProducerStateManager`
//! and the producer part of `UnifiedLog.analyzeAndValidateProducerState`).
//!
//! The leader asks [`ProducerStateManager::analyze`] about a batch before appending it, and
//! hands the result back to [`ProducerStateManager::update`] once the batch is written. Kafka
//! validates the batch's records (`LogValidator`) before the producer state; kplay checks the
//! producer state first, from the batch header, so a refused batch costs no append. The
//! caller confirms a refused or duplicate batch is a well-formed batch before answering, so a
//! corrupt batch still gets Kafka's record error.

use std::collections::BTreeMap;

use super::append_info::{CompletedTxn, ProducerAppendInfo, ValidationOrigin};
use super::entry::{BatchMetadata, ProducerStateEntry};
use super::error::ProducerStateError;
use super::event::ProducerStateEvent;
use crate::engine::log::partition_log::PartitionLog;
use crate::engine::log::LogError;
use crate::engine::record::batch_header::RECORD_BATCH_OVERHEAD;
use crate::engine::record::{BatchHeader, EndTransactionMarker, RawBatch};
use crate::storage::SegmentStorage;

/// kplay's bound on producer ids remembered per partition (Kafka bounds them only by
/// `producer.id.expiration.ms`). Past it the producer with the oldest last write and no open
/// transaction is forgotten, as if it had expired.
pub const MAX_PRODUCERS_PER_PARTITION: usize = 10_000;

/// What the producer state says about a batch about to be appended.
#[derive(Debug, Clone)]
pub enum Analysis {
    /// The batch has no producer id: nothing to check or record.
    NoProducer,
    /// A retry of a batch already in the log: answer with its offsets, append nothing.
    Duplicate {
        producer_epoch: i16,
        first_seq: i32,
        batch: BatchMetadata,
    },
    /// Valid: append it, then pass this to [`ProducerStateManager::update`].
    Append(Box<ValidatedAppend>),
}

/// A validated producer append, waiting for the batch to be written.
#[derive(Debug, Clone)]
pub struct ValidatedAppend {
    pub info: ProducerAppendInfo,
    /// The transaction a marker closes, if the batch is a marker of a non-empty transaction.
    pub completed_txn: Option<CompletedTxn>,
    /// The offset the batch will get.
    pub first_offset: i64,
    /// Whether it is a data batch (not a marker).
    pub is_data: bool,
}

/// The producer state of one partition.
#[derive(Debug, Clone, Default)]
pub struct ProducerStateManager {
    partition: String,
    producers: BTreeMap<i64, ProducerStateEntry>,
}

impl ProducerStateManager {
    /// An empty manager for `partition` (`topic-partition`, for messages).
    pub fn new(partition: &str) -> ProducerStateManager {
        ProducerStateManager {
            partition: partition.to_owned(),
            producers: BTreeMap::new(),
        }
    }

    /// `lastEntry`.
    pub fn last_entry(&self, producer_id: i64) -> Option<&ProducerStateEntry> {
        self.producers.get(&producer_id)
    }

    /// Every producer known here, by id.
    pub fn producers(&self) -> impl Iterator<Item = &ProducerStateEntry> {
        self.producers.values()
    }

    pub fn len(&self) -> usize {
        self.producers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.producers.is_empty()
    }

    /// `prepareUpdate`: a validation over a copy of the producer's entry.
    pub fn prepare_update(&self, producer_id: i64, origin: ValidationOrigin) -> ProducerAppendInfo {
        let entry = self
            .producers
            .get(&producer_id)
            .cloned()
            .unwrap_or_else(|| ProducerStateEntry::empty(producer_id));
        ProducerAppendInfo::new(&self.partition, entry, origin)
    }

    /// `analyzeAndValidateProducerState` for one batch that would be written at
    /// `first_offset`: the duplicate check for clients, then `ProducerAppendInfo.append`. The
    /// batch's timestamp is the header's max timestamp until [`ProducerStateManager::update`]
    /// is given the one the log stored. A batch too short to have a header is `NoProducer`:
    /// the log refuses it with its own error.
    pub fn analyze(
        &self,
        batch: &[u8],
        first_offset: i64,
        origin: ValidationOrigin,
    ) -> Result<Analysis, ProducerStateError> {
        if batch.len() < RECORD_BATCH_OVERHEAD {
            return Ok(Analysis::NoProducer);
        }
        let Ok(header) = BatchHeader::parse(batch) else {
            return Ok(Analysis::NoProducer);
        };
        if !header.has_producer_id() {
            return Ok(Analysis::NoProducer);
        }
        if origin == ValidationOrigin::Client {
            let duplicate = self.producers.get(&header.producer_id).and_then(|e| {
                e.find_duplicate_batch(
                    header.producer_epoch,
                    header.base_sequence,
                    header.last_sequence(),
                )
            });
            if let Some(batch) = duplicate {
                return Ok(Analysis::Duplicate {
                    producer_epoch: header.producer_epoch,
                    first_seq: header.base_sequence,
                    batch,
                });
            }
        }
        let mut info = self.prepare_update(header.producer_id, origin);
        let last_offset = first_offset + i64::from(header.last_offset_delta);
        let completed_txn = if header.attributes.is_control {
            match end_txn_marker(batch) {
                Some((marker, record_timestamp_ms)) => info.append_end_txn_marker(
                    marker,
                    header.producer_epoch,
                    first_offset,
                    record_timestamp_ms,
                )?,
                // An empty or unreadable control batch: the log decides whether it may be
                // written; it changes no producer state (`ProducerAppendInfo.append`).
                None => return Ok(Analysis::NoProducer),
            }
        } else {
            info.append_data_batch(
                header.producer_epoch,
                header.base_sequence,
                header.last_sequence(),
                header.max_timestamp,
                first_offset,
                last_offset,
                header.attributes.is_transactional,
            )?;
            None
        };
        Ok(Analysis::Append(Box::new(ValidatedAppend {
            info,
            completed_txn,
            first_offset,
            is_data: !header.attributes.is_control,
        })))
    }

    /// `ProducerStateManager.update` (and `completeTxn`) once the batch is written;
    /// `stored_max_timestamp_ms` is the data batch's max timestamp as the log wrote it
    /// (recomputed from the records, or the append time on `LogAppendTime` topics).
    pub fn update(
        &mut self,
        append: ValidatedAppend,
        stored_max_timestamp_ms: i64,
    ) -> Vec<ProducerStateEvent> {
        let mut events = Vec::new();
        let producer_id = append.info.producer_id();
        let started = append.info.started_txn();
        let mut entry = append.info.into_entry();
        if append.is_data {
            entry.set_last_batch_timestamp(stored_max_timestamp_ms);
        }
        if let Some(old) = self.producers.get(&producer_id) {
            if old.producer_epoch() != entry.producer_epoch() && old.producer_epoch() >= 0 {
                events.push(ProducerStateEvent::EpochBumped {
                    producer_id,
                    from: old.producer_epoch(),
                    to: entry.producer_epoch(),
                });
            }
        }
        if let Some(first_offset) = started {
            events.push(ProducerStateEvent::TxnStarted {
                producer_id,
                first_offset,
            });
        }
        if let Some(done) = append.completed_txn {
            events.push(ProducerStateEvent::TxnCompleted(done));
        }
        self.producers.insert(producer_id, entry);
        if self.producers.len() > MAX_PRODUCERS_PER_PARTITION {
            let oldest = self
                .producers
                .values()
                .filter(|e| e.current_txn_first_offset().is_none() && e.producer_id != producer_id)
                .min_by_key(|e| e.last_timestamp_ms())
                .map(|e| e.producer_id);
            if let Some(id) = oldest {
                self.producers.remove(&id);
                events.push(ProducerStateEvent::ProducerExpired { producer_id: id });
            }
        }
        events
    }

    /// `removeExpiredProducers`: forgets producers with no open transaction whose last write
    /// is `producer.id.expiration.ms` or more before `now_ms` (`isProducerExpired`).
    pub fn remove_expired_producers(&mut self, now_ms: i64, expiration_ms: i64) -> Vec<i64> {
        let expired: Vec<i64> = self
            .producers
            .values()
            .filter(|e| {
                e.current_txn_first_offset().is_none()
                    && now_ms.saturating_sub(e.last_timestamp_ms()) >= expiration_ms
            })
            .map(|e| e.producer_id)
            .collect();
        for id in &expired {
            self.producers.remove(id);
        }
        expired
    }

    /// Rebuilds a partition's producer state from its log, as Kafka does when no snapshot is
    /// usable (`UnifiedLog.rebuildProducerState` → `loadProducersFromRecords`, every batch
    /// appended with origin `REPLICATION`). Returns the manager and the open transactions
    /// (producer id, first offset), which the caller hands to [`PartitionLog::begin_txn`].
    pub fn load_from_log<S: SegmentStorage>(
        log: &PartitionLog,
        storage: &S,
    ) -> Result<(ProducerStateManager, Vec<(i64, i64)>), LogError> {
        let mut manager = ProducerStateManager::new(&log.name());
        let storage_error = |source| LogError::Storage {
            partition: log.name(),
            source,
        };
        for segment in log.segments() {
            let bytes = segment.bytes_from(storage, 0).map_err(storage_error)?;
            for batch in segment.batches_from(storage, 0).map_err(storage_error)? {
                if !batch.has_producer_id() || batch.last_offset < log.log_start_offset() {
                    continue;
                }
                let range = batch.position as usize..(batch.position + batch.size) as usize;
                let analysis = manager
                    .analyze(
                        &bytes[range],
                        batch.base_offset,
                        ValidationOrigin::Replication,
                    )
                    .expect("replication-origin validation refuses nothing");
                if let Analysis::Append(append) = analysis {
                    manager.update(*append, batch.max_timestamp);
                }
            }
        }
        let open = manager
            .producers
            .values()
            .filter_map(|e| e.current_txn_first_offset().map(|o| (e.producer_id, o)))
            .collect();
        Ok((manager, open))
    }
}

/// The marker of a control batch and its record's timestamp, if the batch holds one.
fn end_txn_marker(batch: &[u8]) -> Option<(EndTransactionMarker, i64)> {
    let raw = RawBatch::new(batch).ok()?;
    let records = raw.records().ok()?;
    let first = records.iter().next()?.ok()?;
    let marker = EndTransactionMarker::deserialize(first.key, first.value).ok()?;
    Some((marker, first.timestamp))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::error_code::ErrorCode;
    use crate::engine::record::{
        control_batch, BatchBuilder, Compression, ControlRecordType, TimestampType,
    };

    fn batch(pid: i64, epoch: i16, seq: i32, n: i32, txn: bool) -> Vec<u8> {
        let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 0, 0)
            .producer(pid, epoch, seq, txn);
        for i in 0..n {
            b.append(1000 + i64::from(i), None, Some(b"v"), &[]);
        }
        b.build()
    }

    fn append(
        m: &mut ProducerStateManager,
        bytes: &[u8],
        offset: i64,
    ) -> Result<Analysis, ProducerStateError> {
        let a = m.analyze(bytes, offset, ValidationOrigin::Client)?;
        if let Analysis::Append(v) = &a {
            m.update((**v).clone(), 1000);
        }
        Ok(a)
    }

    #[test]
    fn duplicates_are_found_in_the_window_and_gaps_refused() {
        let mut m = ProducerStateManager::new("t-0");
        assert!(matches!(
            append(&mut m, &batch(-1, -1, -1, 2, false), 0).unwrap(),
            Analysis::NoProducer
        ));
        append(&mut m, &batch(5, 0, 0, 3, false), 2).unwrap();
        append(&mut m, &batch(5, 0, 3, 2, false), 5).unwrap();
        match append(&mut m, &batch(5, 0, 0, 3, false), 7).unwrap() {
            Analysis::Duplicate { batch, .. } => {
                assert_eq!((batch.first_offset(), batch.last_offset), (2, 4));
            }
            other => panic!("expected a duplicate, got {other:?}"),
        }
        let err = append(&mut m, &batch(5, 0, 9, 1, false), 7).unwrap_err();
        assert_eq!(err.error_code(), ErrorCode::OutOfOrderSequenceNumber);
        // A range overlapping but not equal to a retained batch is a gap, not a duplicate.
        let err = append(&mut m, &batch(5, 0, 1, 2, false), 7).unwrap_err();
        assert_eq!(err.error_code(), ErrorCode::OutOfOrderSequenceNumber);
    }

    #[test]
    fn expiration_spares_open_transactions() {
        let mut m = ProducerStateManager::new("t-0");
        append(&mut m, &batch(1, 0, 0, 1, false), 0).unwrap();
        append(&mut m, &batch(2, 0, 0, 1, true), 1).unwrap();
        assert_eq!(
            m.remove_expired_producers(1000 + 99, 100),
            Vec::<i64>::new()
        );
        assert_eq!(m.remove_expired_producers(1000 + 100, 100), vec![1]);
        assert!(m.last_entry(2).is_some());
        let marker = control_batch(ControlRecordType::Commit, 2, 0, 0, 0, 1000, 0);
        match append(&mut m, &marker, 2).unwrap() {
            Analysis::Append(v) => assert_eq!(v.completed_txn.map(|c| c.first_offset), Some(1)),
            other => panic!("expected a marker append, got {other:?}"),
        }
        assert_eq!(m.remove_expired_producers(1000 + 100, 100), vec![2]);
    }
}
