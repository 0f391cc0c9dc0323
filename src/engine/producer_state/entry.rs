//! [`ProducerStateEntry`] and [`BatchMetadata`]: what a partition leader remembers of one
//! producer id (Kafka's `ProducerStateEntry`, `BatchMetadata`).

use std::collections::VecDeque;

use crate::engine::record::batch_header::{NO_PRODUCER_EPOCH, NO_SEQUENCE, NO_TIMESTAMP};
use crate::engine::record::decrement_sequence;

/// `ProducerStateEntry.NUM_BATCHES_TO_RETAIN`: the dedup window. A retry of one of the last
/// five batches is recognised; this is why an idempotent producer allows at most five
/// in-flight requests per connection.
pub const NUM_BATCHES_TO_RETAIN: usize = 5;

/// `BatchMetadata`: one appended batch of a producer, as the leader remembers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BatchMetadata {
    pub last_seq: i32,
    pub last_offset: i64,
    /// `lastOffset - firstOffset` (equal to `lastSeq - firstSeq` for an uncompacted batch).
    pub offset_delta: i32,
    /// The batch's max timestamp (`RecordBatch.maxTimestamp` after validation).
    pub timestamp_ms: i64,
}

impl BatchMetadata {
    /// `BatchMetadata.firstSeq`: `decrementSequence(lastSeq, offsetDelta)`, wrapping below 0.
    pub fn first_seq(&self) -> i32 {
        decrement_sequence(self.last_seq, self.offset_delta)
    }

    /// `BatchMetadata.firstOffset`.
    pub fn first_offset(&self) -> i64 {
        self.last_offset - i64::from(self.offset_delta)
    }
}

/// `ProducerStateEntry`: one producer id's state in one partition.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProducerStateEntry {
    pub producer_id: i64,
    /// Oldest first; at most [`NUM_BATCHES_TO_RETAIN`], all of the current epoch.
    batch_metadata: VecDeque<BatchMetadata>,
    producer_epoch: i16,
    coordinator_epoch: i32,
    last_timestamp_ms: i64,
    current_txn_first_offset: Option<i64>,
}

impl ProducerStateEntry {
    /// `ProducerStateEntry.empty`: no epoch, no batch.
    pub fn empty(producer_id: i64) -> ProducerStateEntry {
        ProducerStateEntry {
            producer_id,
            batch_metadata: VecDeque::with_capacity(NUM_BATCHES_TO_RETAIN),
            producer_epoch: NO_PRODUCER_EPOCH,
            coordinator_epoch: -1,
            last_timestamp_ms: NO_TIMESTAMP,
            current_txn_first_offset: None,
        }
    }

    pub fn producer_epoch(&self) -> i16 {
        self.producer_epoch
    }

    pub fn coordinator_epoch(&self) -> i32 {
        self.coordinator_epoch
    }

    /// The timestamp of the producer's last batch or marker (what expiration measures).
    pub fn last_timestamp_ms(&self) -> i64 {
        self.last_timestamp_ms
    }

    /// First offset of the producer's open transaction in this partition, if one is open.
    pub fn current_txn_first_offset(&self) -> Option<i64> {
        self.current_txn_first_offset
    }

    /// The retained batches, oldest first.
    pub fn batches(&self) -> impl Iterator<Item = &BatchMetadata> {
        self.batch_metadata.iter()
    }

    /// `isEmpty`: no batch retained.
    pub fn is_empty(&self) -> bool {
        self.batch_metadata.is_empty()
    }

    /// `firstSeq`: of the oldest retained batch, or -1.
    pub fn first_seq(&self) -> i32 {
        self.batch_metadata
            .front()
            .map_or(NO_SEQUENCE, BatchMetadata::first_seq)
    }

    /// `lastSeq`: of the newest retained batch, or -1.
    pub fn last_seq(&self) -> i32 {
        self.batch_metadata
            .back()
            .map_or(NO_SEQUENCE, |b| b.last_seq)
    }

    /// `lastDataOffset`: of the newest retained batch, or -1.
    pub fn last_data_offset(&self) -> i64 {
        self.batch_metadata.back().map_or(-1, |b| b.last_offset)
    }

    /// `addBatch`: a new epoch clears the retained batches first.
    pub fn add_batch(
        &mut self,
        producer_epoch: i16,
        last_seq: i32,
        last_offset: i64,
        offset_delta: i32,
        timestamp_ms: i64,
    ) {
        self.maybe_update_producer_epoch(producer_epoch);
        self.add_batch_metadata(BatchMetadata {
            last_seq,
            last_offset,
            offset_delta,
            timestamp_ms,
        });
        self.last_timestamp_ms = timestamp_ms;
    }

    /// `maybeUpdateProducerEpoch`: whether the epoch changed (and the batches were dropped).
    pub fn maybe_update_producer_epoch(&mut self, producer_epoch: i16) -> bool {
        if self.producer_epoch != producer_epoch {
            self.batch_metadata.clear();
            self.producer_epoch = producer_epoch;
            true
        } else {
            false
        }
    }

    fn add_batch_metadata(&mut self, batch: BatchMetadata) {
        if self.batch_metadata.len() == NUM_BATCHES_TO_RETAIN {
            self.batch_metadata.pop_front();
        }
        self.batch_metadata.push_back(batch);
    }

    /// `update(producerEpoch, coordinatorEpoch, lastTimestamp)`, what a transaction marker does:
    /// the transaction is over; the retained batches stay unless the epoch changed.
    pub fn update_on_marker(
        &mut self,
        producer_epoch: i16,
        coordinator_epoch: i32,
        last_timestamp_ms: i64,
    ) {
        self.maybe_update_producer_epoch(producer_epoch);
        self.coordinator_epoch = coordinator_epoch;
        self.current_txn_first_offset = None;
        self.last_timestamp_ms = last_timestamp_ms;
    }

    /// Sets the newest batch's timestamp to the one the log stored (kplay checks the producer
    /// state before the log validates the records; Kafka after).
    pub fn set_last_batch_timestamp(&mut self, timestamp_ms: i64) {
        if let Some(last) = self.batch_metadata.back_mut() {
            last.timestamp_ms = timestamp_ms;
            self.last_timestamp_ms = timestamp_ms;
        }
    }

    /// `setCurrentTxnFirstOffset`.
    pub fn set_current_txn_first_offset(&mut self, first_offset: i64) {
        self.current_txn_first_offset = Some(first_offset);
    }

    /// `findDuplicateBatch`: the retained batch with exactly this epoch and sequence range.
    pub fn find_duplicate_batch(
        &self,
        producer_epoch: i16,
        first_seq: i32,
        last_seq: i32,
    ) -> Option<BatchMetadata> {
        if producer_epoch != self.producer_epoch {
            return None;
        }
        self.batch_metadata
            .iter()
            .find(|b| b.first_seq() == first_seq && b.last_seq == last_seq)
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_last_five_batches_of_the_current_epoch() {
        let mut e = ProducerStateEntry::empty(7);
        assert_eq!(
            (e.first_seq(), e.last_seq(), e.last_data_offset()),
            (-1, -1, -1)
        );
        for i in 0..7 {
            e.add_batch(0, i * 2 + 1, i64::from(i) * 2 + 1, 1, 100 + i64::from(i));
        }
        assert_eq!(e.batches().count(), NUM_BATCHES_TO_RETAIN);
        assert_eq!((e.first_seq(), e.last_seq()), (4, 13));
        assert!(
            e.find_duplicate_batch(0, 2, 3).is_none(),
            "fell out of the window"
        );
        let dup = e.find_duplicate_batch(0, 12, 13).unwrap();
        assert_eq!(
            (dup.first_offset(), dup.last_offset, dup.timestamp_ms),
            (12, 13, 106)
        );
        assert!(e.find_duplicate_batch(1, 12, 13).is_none(), "another epoch");
        assert!(e.find_duplicate_batch(0, 12, 12).is_none(), "another range");
        e.add_batch(1, 0, 20, 0, 200);
        assert_eq!(e.batches().count(), 1, "a new epoch starts over");
        assert_eq!(e.producer_epoch(), 1);
    }

    #[test]
    fn first_seq_wraps_like_kafka() {
        let b = BatchMetadata {
            last_seq: 1,
            last_offset: 10,
            offset_delta: 3,
            timestamp_ms: 0,
        };
        assert_eq!(b.first_seq(), i32::MAX - 1);
        assert_eq!(b.first_offset(), 7);
    }
}
