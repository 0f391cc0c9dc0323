//! [`ProducerAppendInfo`]: validates the batches one producer appends to a partition and
//! computes its next [`ProducerStateEntry`] (Kafka's `ProducerAppendInfo`, transaction
//! protocol v1: markers carry the transaction's own epoch).

use super::entry::ProducerStateEntry;
use super::error::ProducerStateError;
use crate::engine::record::batch_header::NO_PRODUCER_EPOCH;
use crate::engine::record::{ControlRecordType, EndTransactionMarker};

/// `AppendOrigin`: how much validation an append gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ValidationOrigin {
    /// A producer's request: epoch and sequence are checked.
    Client,
    /// The broker's own coordinators (markers, `__transaction_state`): epoch only.
    Coordinator,
    /// Replication or loading from the log: already validated, nothing is refused.
    Replication,
}

/// `CompletedTxn`: a transaction a marker closed in this partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CompletedTxn {
    pub producer_id: i64,
    pub first_offset: i64,
    /// Offset of the COMMIT or ABORT marker.
    pub last_offset: i64,
    pub is_aborted: bool,
}

/// The validation of one producer's appends, over a copy of its entry.
#[derive(Debug, Clone)]
pub struct ProducerAppendInfo {
    partition: String,
    producer_id: i64,
    current_entry: ProducerStateEntry,
    updated_entry: ProducerStateEntry,
    origin: ValidationOrigin,
    /// First offset of the transaction these appends started, if one started.
    started_txn: Option<i64>,
}

impl ProducerAppendInfo {
    /// Starts from `current_entry` (`ProducerStateEntry.empty` for an unknown producer).
    pub fn new(
        partition: &str,
        current_entry: ProducerStateEntry,
        origin: ValidationOrigin,
    ) -> ProducerAppendInfo {
        ProducerAppendInfo {
            partition: partition.to_owned(),
            producer_id: current_entry.producer_id,
            updated_entry: current_entry.clone(),
            current_entry,
            origin,
            started_txn: None,
        }
    }

    pub fn producer_id(&self) -> i64 {
        self.producer_id
    }

    /// `checkProducerEpoch` (transaction protocol v1): an epoch below the last one is refused,
    /// except from replication, which only warns in Kafka.
    fn check_producer_epoch(&self, epoch: i16, offset: i64) -> Result<(), ProducerStateError> {
        let current = self.updated_entry.producer_epoch();
        if epoch < current && self.origin != ValidationOrigin::Replication {
            // Since 2.7 a produce gets INVALID_PRODUCER_EPOCH rather than PRODUCER_FENCED
            // (KIP-588), so the client can abort and retry instead of failing fatally.
            return Err(ProducerStateError::InvalidProducerEpoch {
                producer_id: self.producer_id,
                offset,
                partition: self.partition.clone(),
                epoch,
                current_epoch: current,
            });
        }
        Ok(())
    }

    /// `checkSequence`.
    fn check_sequence(
        &self,
        epoch: i16,
        first_seq: i32,
        offset: i64,
    ) -> Result<(), ProducerStateError> {
        if epoch != self.updated_entry.producer_epoch() {
            if first_seq != 0 && self.updated_entry.producer_epoch() != NO_PRODUCER_EPOCH {
                return Err(ProducerStateError::NewEpochNotAtZero {
                    producer_id: self.producer_id,
                    offset,
                    partition: self.partition.clone(),
                    epoch,
                    first_seq,
                    current_epoch: self.updated_entry.producer_epoch(),
                });
            }
            return Ok(());
        }
        let current_last_seq = if !self.updated_entry.is_empty() {
            self.updated_entry.last_seq()
        } else if epoch == self.current_entry.producer_epoch() {
            self.current_entry.last_seq()
        } else {
            crate::engine::record::batch_header::NO_SEQUENCE
        };
        // No epoch known (the producer's data was deleted by retention or DeleteRecords):
        // any sequence is accepted.
        if self.current_entry.producer_epoch() == NO_PRODUCER_EPOCH
            || in_sequence(current_last_seq, first_seq)
        {
            return Ok(());
        }
        Err(ProducerStateError::OutOfOrderSequence {
            producer_id: self.producer_id,
            offset,
            partition: self.partition.clone(),
            first_seq,
            current_last_seq,
        })
    }

    /// `appendDataBatch`: validates (epoch always, sequence for clients) and records the batch.
    #[allow(clippy::too_many_arguments)]
    pub fn append_data_batch(
        &mut self,
        epoch: i16,
        first_seq: i32,
        last_seq: i32,
        last_timestamp_ms: i64,
        first_offset: i64,
        last_offset: i64,
        is_transactional: bool,
    ) -> Result<(), ProducerStateError> {
        self.check_producer_epoch(epoch, first_offset)?;
        if self.origin == ValidationOrigin::Client {
            self.check_sequence(epoch, first_seq, first_offset)?;
        }
        let in_txn = self.updated_entry.current_txn_first_offset().is_some();
        if in_txn && !is_transactional {
            return Err(ProducerStateError::NonTransactionalWriteInTxn {
                producer_id: self.producer_id,
                offset: first_offset,
                partition: self.partition.clone(),
            });
        }
        self.updated_entry.add_batch(
            epoch,
            last_seq,
            last_offset,
            (last_offset - first_offset) as i32,
            last_timestamp_ms,
        );
        if !in_txn && is_transactional {
            self.updated_entry
                .set_current_txn_first_offset(first_offset);
            self.started_txn = Some(first_offset);
        }
        Ok(())
    }

    /// `appendEndTxnMarker`: checks the epoch and the coordinator epoch, then closes the
    /// producer's transaction. A marker for a transaction that wrote nothing here completes
    /// nothing (it does not move the LSO and is not an aborted transaction).
    pub fn append_end_txn_marker(
        &mut self,
        marker: EndTransactionMarker,
        epoch: i16,
        offset: i64,
        timestamp_ms: i64,
    ) -> Result<Option<CompletedTxn>, ProducerStateError> {
        self.check_producer_epoch(epoch, offset)?;
        if self.updated_entry.coordinator_epoch() > marker.coordinator_epoch
            && self.origin != ValidationOrigin::Replication
        {
            return Err(ProducerStateError::CoordinatorFenced {
                producer_id: self.producer_id,
                offset,
                partition: self.partition.clone(),
                coordinator_epoch: marker.coordinator_epoch,
                current_coordinator_epoch: self.updated_entry.coordinator_epoch(),
            });
        }
        let completed = self
            .updated_entry
            .current_txn_first_offset()
            .map(|first_offset| CompletedTxn {
                producer_id: self.producer_id,
                first_offset,
                last_offset: offset,
                is_aborted: marker.control_type == ControlRecordType::Abort,
            });
        self.updated_entry
            .update_on_marker(epoch, marker.coordinator_epoch, timestamp_ms);
        Ok(completed)
    }

    /// The first offset of the transaction these appends opened, if any
    /// (`startedTransactions`).
    pub fn started_txn(&self) -> Option<i64> {
        self.started_txn
    }

    /// `toEntry`: the producer's state after the appends.
    pub fn into_entry(self) -> ProducerStateEntry {
        self.updated_entry
    }
}

/// `inSequence`: `next == last + 1`, or 0 after `Integer.MAX_VALUE`.
fn in_sequence(last_seq: i32, next_seq: i32) -> bool {
    i64::from(next_seq) == i64::from(last_seq) + 1 || (next_seq == 0 && last_seq == i32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::error_code::ErrorCode;

    fn info(entry: ProducerStateEntry) -> ProducerAppendInfo {
        ProducerAppendInfo::new("t-0", entry, ValidationOrigin::Client)
    }

    #[test]
    fn a_new_producer_may_start_anywhere_then_must_follow_on() {
        let mut a = info(ProducerStateEntry::empty(1));
        a.append_data_batch(0, 5, 9, 0, 0, 4, false).unwrap();
        let mut b = info(a.into_entry());
        b.append_data_batch(0, 10, 10, 0, 5, 5, false).unwrap();
        let err = info(b.into_entry())
            .append_data_batch(0, 12, 12, 0, 6, 6, false)
            .unwrap_err();
        assert_eq!(err.error_code(), ErrorCode::OutOfOrderSequenceNumber);
        assert_eq!(
            err.to_string(),
            "Out of order sequence number for producer 1 at offset 6 in partition t-0: 12 (incoming seq. number), 10 (current end sequence number)"
        );
    }

    #[test]
    fn sequence_wraps_after_max_value() {
        let mut e = ProducerStateEntry::empty(1);
        e.add_batch(0, i32::MAX, 3, 1, 0);
        let mut a = info(e);
        a.append_data_batch(0, 0, 2, 0, 4, 6, false).unwrap();
        let mut e = ProducerStateEntry::empty(1);
        e.add_batch(0, i32::MAX - 1, 3, 1, 0);
        let mut a = info(e);
        assert!(a.append_data_batch(0, 0, 2, 0, 4, 6, false).is_err());
    }

    #[test]
    fn epochs_only_go_up_and_a_new_epoch_starts_at_zero() {
        let mut e = ProducerStateEntry::empty(1);
        e.add_batch(3, 10, 10, 0, 0);
        let err = info(e.clone())
            .append_data_batch(2, 11, 11, 0, 11, 11, false)
            .unwrap_err();
        assert_eq!(err.error_code(), ErrorCode::InvalidProducerEpoch);
        assert_eq!(
            err.to_string(),
            "Epoch of producer 1 at offset 11 in t-0 is 2, which is smaller than the last seen epoch 3"
        );
        let err = info(e.clone())
            .append_data_batch(4, 11, 11, 0, 11, 11, false)
            .unwrap_err();
        assert_eq!(err.error_code(), ErrorCode::OutOfOrderSequenceNumber);
        info(e.clone())
            .append_data_batch(4, 0, 0, 0, 11, 11, false)
            .unwrap();
        // Replication and loading never refuse.
        ProducerAppendInfo::new("t-0", e, ValidationOrigin::Replication)
            .append_data_batch(2, 40, 40, 0, 11, 11, false)
            .unwrap();
    }

    #[test]
    fn transactions_open_on_the_first_transactional_batch_and_close_on_a_marker() {
        let mut a = info(ProducerStateEntry::empty(1));
        a.append_data_batch(0, 0, 1, 0, 7, 8, true).unwrap();
        assert_eq!(a.started_txn(), Some(7));
        a.append_data_batch(0, 2, 2, 0, 9, 9, true).unwrap();
        let err = a.append_data_batch(0, 3, 3, 0, 10, 10, false).unwrap_err();
        assert_eq!(err.error_code(), ErrorCode::InvalidTxnState);
        let marker = EndTransactionMarker::new(ControlRecordType::Abort, 4);
        let done = a.append_end_txn_marker(marker, 0, 10, 0).unwrap().unwrap();
        assert_eq!(
            done,
            CompletedTxn {
                producer_id: 1,
                first_offset: 7,
                last_offset: 10,
                is_aborted: true
            }
        );
        let entry = a.into_entry();
        assert_eq!(entry.current_txn_first_offset(), None);
        assert_eq!(entry.coordinator_epoch(), 4);
        let mut b = info(entry);
        let stale = EndTransactionMarker::new(ControlRecordType::Commit, 3);
        let err = b.append_end_txn_marker(stale, 0, 11, 0).unwrap_err();
        assert_eq!(err.error_code(), ErrorCode::TransactionCoordinatorFenced);
        let empty = EndTransactionMarker::new(ControlRecordType::Commit, 4);
        assert_eq!(b.append_end_txn_marker(empty, 0, 11, 0).unwrap(), None);
    }
}
