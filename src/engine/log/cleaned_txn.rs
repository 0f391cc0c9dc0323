//! Transaction state while compacting: Kafka's `CleanedTransactionMetadata`, plus the list of
//! aborted transactions it starts from.
//!
//! Kafka reads aborted transactions from each segment's `.txnindex`; kplay has no transaction
//! index file, so [`collect_aborted_txns`] derives the same `AbortedTxn` entries (producer id,
//! first offset, offset of the ABORT marker) from the log itself, the way
//! `ProducerStateManager` builds them when it sees a marker (`ProducerAppendInfo.appendEndTxnMarker`:
//! the first offset is the transaction's first batch, or the marker's own offset when the
//! transaction wrote nothing). While the cleaner walks the log, records of aborted transactions
//! are removed whatever their key, and a marker may go once no batch of its transaction is left
//! and its delete horizon has passed (`LogCleaner` points 3 and 4).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use super::file_batches::FileBatch;

/// `ControlRecordType`, read from a control record's key (version i16, type i16).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ControlType {
    Abort,
    Commit,
    /// Any other type id, or a key too short to read (`UNKNOWN`): such markers are kept.
    Unknown,
}

impl ControlType {
    /// `ControlRecordType.parse`.
    pub fn parse(key: Option<&[u8]>) -> ControlType {
        match key {
            Some(k) if k.len() >= 4 && i16::from_be_bytes([k[0], k[1]]) >= 0 => {
                match i16::from_be_bytes([k[2], k[3]]) {
                    0 => ControlType::Abort,
                    1 => ControlType::Commit,
                    _ => ControlType::Unknown,
                }
            }
            _ => ControlType::Unknown,
        }
    }
}

/// An aborted transaction (Kafka's `AbortedTxn`, minus the LSO it records).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct AbortedTxn {
    pub first_offset: i64,
    pub producer_id: i64,
    /// Offset of the ABORT marker.
    pub last_offset: i64,
}

/// Derives the aborted transactions from the batches of the log, in log order. `control_type`
/// gives the type of a control batch (read from its first record).
pub fn collect_aborted_txns(
    batches: impl IntoIterator<Item = (FileBatch, Option<ControlType>)>,
) -> Vec<AbortedTxn> {
    let mut first_offsets: BTreeMap<i64, i64> = BTreeMap::new();
    let mut aborted = Vec::new();
    for (batch, control) in batches {
        if !batch.has_producer_id() {
            continue;
        }
        if batch.is_control() {
            let first_offset = first_offsets
                .remove(&batch.producer_id)
                .unwrap_or(batch.base_offset);
            if control == Some(ControlType::Abort) {
                aborted.push(AbortedTxn {
                    first_offset,
                    producer_id: batch.producer_id,
                    last_offset: batch.last_offset,
                });
            }
        } else if batch.is_transactional() {
            first_offsets
                .entry(batch.producer_id)
                .or_insert(batch.base_offset);
        }
    }
    aborted
}

/// `LocalLog.collectAbortedTransactions(startOffset, upperBoundOffset)` over a list.
pub fn aborted_in_range(
    all: &[AbortedTxn],
    start_offset: i64,
    upper_bound_offset: i64,
) -> Vec<AbortedTxn> {
    all.iter()
        .filter(|t| t.last_offset >= start_offset && t.first_offset < upper_bound_offset)
        .copied()
        .collect()
}

/// `AbortedTransactionMetadata`.
#[derive(Debug, Clone, Copy)]
struct AbortedTransactionMetadata {
    last_observed_batch_offset: Option<i64>,
}

/// `CleanedTransactionMetadata`: the transactions the cleaner is inside of as it walks the log.
#[derive(Debug, Default)]
pub struct CleanedTransactionMetadata {
    ongoing_committed_txns: BTreeSet<i64>,
    ongoing_aborted_txns: BTreeMap<i64, AbortedTransactionMetadata>,
    /// Min-heap of aborted transactions by first offset.
    aborted_transactions: BinaryHeap<Reverse<AbortedTxn>>,
}

impl CleanedTransactionMetadata {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add_aborted_transactions(&mut self, txns: impl IntoIterator<Item = AbortedTxn>) {
        self.aborted_transactions
            .extend(txns.into_iter().map(Reverse));
    }

    /// `onControlBatchRead`: whether the marker may be discarded: an ABORT marker once no
    /// batch of its transaction was seen (all removed), a COMMIT marker when no batch of its
    /// transaction was traversed; an empty control batch (already cleaned) always.
    pub fn on_control_batch_read(
        &mut self,
        batch: &FileBatch,
        control: Option<ControlType>,
    ) -> bool {
        self.consume_aborted_txns_up_to(batch.last_offset);
        match control {
            None => true,
            Some(ControlType::Abort) => !matches!(
                self.ongoing_aborted_txns.remove(&batch.producer_id),
                Some(AbortedTransactionMetadata {
                    last_observed_batch_offset: Some(_)
                })
            ),
            Some(ControlType::Commit) => !self.ongoing_committed_txns.remove(&batch.producer_id),
            Some(ControlType::Unknown) => false,
        }
    }

    /// `onBatchRead`: whether a data batch belongs to an aborted transaction (and may go).
    pub fn on_batch_read(&mut self, batch: &FileBatch) -> bool {
        self.consume_aborted_txns_up_to(batch.last_offset);
        if !batch.is_transactional() {
            return false;
        }
        match self.ongoing_aborted_txns.get_mut(&batch.producer_id) {
            Some(meta) => {
                meta.last_observed_batch_offset = Some(batch.last_offset);
                true
            }
            None => {
                self.ongoing_committed_txns.insert(batch.producer_id);
                false
            }
        }
    }

    fn consume_aborted_txns_up_to(&mut self, offset: i64) {
        while self
            .aborted_transactions
            .peek()
            .is_some_and(|Reverse(t)| t.first_offset <= offset)
        {
            let Reverse(txn) = self.aborted_transactions.pop().expect("peeked");
            self.ongoing_aborted_txns.entry(txn.producer_id).or_insert(
                AbortedTransactionMetadata {
                    last_observed_batch_offset: None,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(base: i64, last: i64, pid: i64, txn: bool, control: bool) -> FileBatch {
        FileBatch {
            position: 0,
            size: 61,
            base_offset: base,
            last_offset: last,
            partition_leader_epoch: 0,
            magic: 2,
            attributes: (if txn { 0x10 } else { 0 }) | (if control { 0x20 } else { 0 }),
            base_timestamp: 0,
            max_timestamp: 0,
            producer_id: pid,
            producer_epoch: 0,
            base_sequence: 0,
            records_count: 1,
        }
    }

    #[test]
    fn control_type_parses_kafkas_key() {
        assert_eq!(ControlType::parse(Some(&[0, 0, 0, 0])), ControlType::Abort);
        assert_eq!(ControlType::parse(Some(&[0, 0, 0, 1])), ControlType::Commit);
        assert_eq!(
            ControlType::parse(Some(&[0, 0, 0, 7])),
            ControlType::Unknown
        );
        assert_eq!(ControlType::parse(Some(&[0, 0])), ControlType::Unknown);
        assert_eq!(ControlType::parse(None), ControlType::Unknown);
    }

    #[test]
    fn aborted_transactions_are_derived_from_markers() {
        let log = vec![
            (batch(0, 1, 7, true, false), None),
            (batch(2, 2, 8, true, false), None),
            (batch(3, 3, 7, true, true), Some(ControlType::Abort)),
            (batch(4, 4, 8, true, true), Some(ControlType::Commit)),
            (batch(5, 5, 9, true, true), Some(ControlType::Abort)),
        ];
        assert_eq!(
            collect_aborted_txns(log),
            vec![
                AbortedTxn {
                    first_offset: 0,
                    producer_id: 7,
                    last_offset: 3
                },
                AbortedTxn {
                    first_offset: 5,
                    producer_id: 9,
                    last_offset: 5
                },
            ]
        );
    }

    #[test]
    fn aborted_data_is_discarded_and_its_marker_kept_until_data_is_gone() {
        let aborted = vec![AbortedTxn {
            first_offset: 0,
            producer_id: 7,
            last_offset: 3,
        }];
        let mut meta = CleanedTransactionMetadata::new();
        meta.add_aborted_transactions(aborted.clone());
        assert!(meta.on_batch_read(&batch(0, 1, 7, true, false)));
        assert!(!meta.on_batch_read(&batch(2, 2, 8, true, false)));
        // Data of the aborted transaction was seen: keep the marker this round.
        assert!(!meta.on_control_batch_read(&batch(3, 3, 7, true, true), Some(ControlType::Abort)));
        // Committed transaction with data traversed: keep its marker.
        assert!(!meta.on_control_batch_read(&batch(4, 4, 8, true, true), Some(ControlType::Commit)));

        // Next round, the aborted data is gone: the marker may be discarded.
        let mut meta = CleanedTransactionMetadata::new();
        meta.add_aborted_transactions(aborted);
        assert!(meta.on_control_batch_read(&batch(3, 3, 7, true, true), Some(ControlType::Abort)));
        assert!(meta.on_control_batch_read(&batch(4, 4, 8, true, true), Some(ControlType::Commit)));
        assert!(meta.on_control_batch_read(&batch(5, 5, 9, true, true), None));
    }
}
