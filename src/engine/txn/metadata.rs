//! [`TransactionMetadata`] and [`TxnTransitMetadata`]: a transactional id's state at its
//! coordinator and the transitions it goes through (Kafka's `TransactionMetadata`).
//!
//! A transition is prepared (`prepare*`: checks it is legal and sets the pending state), the
//! target is written to `__transaction_state`, and only then applied
//! ([`TransactionMetadata::complete_transition_to`]); a failed write clears the pending state
//! and leaves the metadata as it was (`TransactionStateManager.appendTransactionToLog`).

use std::collections::BTreeSet;

use super::state::TransactionState;
use crate::engine::error_code::ErrorCode;
use crate::engine::record::batch_header::{NO_PRODUCER_EPOCH, NO_PRODUCER_ID};
use crate::engine::topic_partition::TopicPartition;

/// `TransactionMetadata.isEpochExhausted`: epochs stop at `Short.MaxValue - 1`, so the
/// coordinator can always fence once more.
pub fn is_epoch_exhausted(epoch: i16) -> bool {
    epoch >= i16::MAX - 1
}

/// `TxnTransitMetadata`: the target of a transition, which is also what is written to
/// `__transaction_state`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TxnTransitMetadata {
    pub producer_id: i64,
    pub last_producer_id: i64,
    pub producer_epoch: i16,
    pub last_producer_epoch: i16,
    pub txn_timeout_ms: i32,
    pub txn_state: TransactionState,
    pub topic_partitions: BTreeSet<TopicPartition>,
    pub txn_start_timestamp_ms: i64,
    pub txn_last_update_timestamp_ms: i64,
}

/// One transactional id at its coordinator.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TransactionMetadata {
    pub transactional_id: String,
    pub producer_id: i64,
    pub last_producer_id: i64,
    pub producer_epoch: i16,
    pub last_producer_epoch: i16,
    pub txn_timeout_ms: i32,
    pub state: TransactionState,
    /// The partitions of the running transaction; during PrepareCommit/PrepareAbort, those
    /// whose marker is not written yet.
    pub topic_partitions: BTreeSet<TopicPartition>,
    /// When the first partition was added (-1 between transactions).
    pub txn_start_timestamp_ms: i64,
    pub txn_last_update_timestamp_ms: i64,
    /// The state a prepared transition is going to.
    pub pending_state: Option<TransactionState>,
    /// A fence whose write failed: the next fence does not bump the epoch again.
    pub has_failed_epoch_fence: bool,
}

impl TransactionMetadata {
    /// A new transactional id's metadata (`handleInitProducerId`, `case None`): Empty, no epoch.
    pub fn new(
        transactional_id: &str,
        producer_id: i64,
        txn_timeout_ms: i32,
        now_ms: i64,
    ) -> TransactionMetadata {
        TransactionMetadata {
            transactional_id: transactional_id.to_owned(),
            producer_id,
            last_producer_id: NO_PRODUCER_ID,
            producer_epoch: NO_PRODUCER_EPOCH,
            last_producer_epoch: NO_PRODUCER_EPOCH,
            txn_timeout_ms,
            state: TransactionState::Empty,
            topic_partitions: BTreeSet::new(),
            txn_start_timestamp_ms: -1,
            txn_last_update_timestamp_ms: now_ms,
            pending_state: None,
            has_failed_epoch_fence: false,
        }
    }

    /// `pendingTransitionInProgress`.
    pub fn pending_transition_in_progress(&self) -> bool {
        self.pending_state.is_some()
    }

    /// `isProducerEpochExhausted`.
    pub fn is_producer_epoch_exhausted(&self) -> bool {
        is_epoch_exhausted(self.producer_epoch)
    }

    /// `prepareFenceProducerEpoch`: bump the epoch (unless a previous fence failed to be
    /// written) on the way to aborting the running transaction.
    pub fn prepare_fence_producer_epoch(&mut self) -> TxnTransitMetadata {
        assert!(
            self.producer_epoch != i16::MAX,
            "Cannot fence producer with epoch equal to Short.MaxValue since this would overflow"
        );
        let bumped = if self.has_failed_epoch_fence {
            self.producer_epoch
        } else {
            self.producer_epoch + 1
        };
        self.prepare_transition_to(
            TransactionState::PrepareEpochFence,
            self.producer_id,
            bumped,
            NO_PRODUCER_EPOCH,
            self.txn_timeout_ms,
            self.topic_partitions.clone(),
            self.txn_start_timestamp_ms,
            self.txn_last_update_timestamp_ms,
        )
    }

    /// `prepareIncrementProducerEpoch` (KIP-360 for the expected epoch).
    pub fn prepare_increment_producer_epoch(
        &mut self,
        new_txn_timeout_ms: i32,
        expected_epoch: Option<i16>,
        now_ms: i64,
    ) -> Result<TxnTransitMetadata, ErrorCode> {
        assert!(
            !self.is_producer_epoch_exhausted(),
            "Cannot allocate any more producer epochs for producerId {}",
            self.producer_id
        );
        let bumped = self.producer_epoch + 1;
        let (next, last) = match expected_epoch {
            None => (bumped, NO_PRODUCER_EPOCH),
            Some(e) if self.producer_epoch == NO_PRODUCER_EPOCH || e == self.producer_epoch => {
                (bumped, self.producer_epoch)
            }
            Some(e) if e == self.last_producer_epoch => {
                (self.producer_epoch, self.last_producer_epoch)
            }
            Some(_) => return Err(ErrorCode::ProducerFenced),
        };
        Ok(self.prepare_transition_to(
            TransactionState::Empty,
            self.producer_id,
            next,
            last,
            new_txn_timeout_ms,
            BTreeSet::new(),
            -1,
            now_ms,
        ))
    }

    /// `prepareProducerIdRotation`: a new producer id when the epochs are exhausted.
    pub fn prepare_producer_id_rotation(
        &mut self,
        new_producer_id: i64,
        new_txn_timeout_ms: i32,
        now_ms: i64,
        record_last_epoch: bool,
    ) -> TxnTransitMetadata {
        let last_epoch = if record_last_epoch {
            self.producer_epoch
        } else {
            NO_PRODUCER_EPOCH
        };
        self.prepare_transition_to(
            TransactionState::Empty,
            new_producer_id,
            0,
            last_epoch,
            new_txn_timeout_ms,
            BTreeSet::new(),
            -1,
            now_ms,
        )
    }

    /// `prepareAddPartitions`: the transaction starts (its start time) if none is running.
    pub fn prepare_add_partitions(
        &mut self,
        added: &BTreeSet<TopicPartition>,
        now_ms: i64,
    ) -> TxnTransitMetadata {
        let start = match self.state {
            TransactionState::Empty
            | TransactionState::CompleteAbort
            | TransactionState::CompleteCommit => now_ms,
            _ => self.txn_start_timestamp_ms,
        };
        let partitions = self.topic_partitions.union(added).cloned().collect();
        self.prepare_transition_to(
            TransactionState::Ongoing,
            self.producer_id,
            self.producer_epoch,
            self.last_producer_epoch,
            self.txn_timeout_ms,
            partitions,
            start,
            now_ms,
        )
    }

    /// `prepareAbortOrCommit`.
    pub fn prepare_abort_or_commit(
        &mut self,
        new_state: TransactionState,
        now_ms: i64,
    ) -> TxnTransitMetadata {
        self.prepare_transition_to(
            new_state,
            self.producer_id,
            self.producer_epoch,
            self.last_producer_epoch,
            self.txn_timeout_ms,
            self.topic_partitions.clone(),
            self.txn_start_timestamp_ms,
            now_ms,
        )
    }

    /// `prepareComplete`: every marker is written.
    pub fn prepare_complete(&mut self, now_ms: i64) -> TxnTransitMetadata {
        let new_state = if self.state == TransactionState::PrepareCommit {
            TransactionState::CompleteCommit
        } else {
            TransactionState::CompleteAbort
        };
        self.has_failed_epoch_fence = false;
        self.prepare_transition_to(
            new_state,
            self.producer_id,
            self.producer_epoch,
            self.last_producer_epoch,
            self.txn_timeout_ms,
            BTreeSet::new(),
            self.txn_start_timestamp_ms,
            now_ms,
        )
    }

    /// `prepareDead`: the transactional id expires.
    pub fn prepare_dead(&mut self) -> TxnTransitMetadata {
        self.prepare_transition_to(
            TransactionState::Dead,
            self.producer_id,
            self.producer_epoch,
            self.last_producer_epoch,
            self.txn_timeout_ms,
            BTreeSet::new(),
            self.txn_start_timestamp_ms,
            self.txn_last_update_timestamp_ms,
        )
    }

    /// `prepareTransitionTo`.
    ///
    /// # Panics
    /// On a transition Kafka's table forbids, or with a transition already pending: the
    /// coordinator checks the state before preparing, so either is a coordinator bug (Kafka
    /// throws `IllegalStateException`).
    #[allow(clippy::too_many_arguments)]
    fn prepare_transition_to(
        &mut self,
        new_state: TransactionState,
        new_producer_id: i64,
        new_epoch: i16,
        new_last_epoch: i16,
        new_txn_timeout_ms: i32,
        new_partitions: BTreeSet<TopicPartition>,
        new_txn_start_timestamp_ms: i64,
        update_timestamp_ms: i64,
    ) -> TxnTransitMetadata {
        assert!(
            self.pending_state.is_none(),
            "Preparing transaction state transition to {} while it already a pending state {:?}",
            new_state.name(),
            self.pending_state
        );
        assert!(
            new_producer_id >= 0,
            "Illegal new producer id {new_producer_id}"
        );
        assert!(
            new_state == TransactionState::Dead || new_epoch >= 0,
            "Illegal new producer epoch {new_epoch}"
        );
        assert!(
            new_state.valid_previous_states().contains(&self.state),
            "Preparing transaction state transition to {} failed since the target state {} is not a valid previous state of the current state {}",
            new_state.name(),
            new_state.name(),
            self.state.name()
        );
        self.pending_state = Some(new_state);
        TxnTransitMetadata {
            producer_id: new_producer_id,
            last_producer_id: self.producer_id,
            producer_epoch: new_epoch,
            last_producer_epoch: new_last_epoch,
            txn_timeout_ms: new_txn_timeout_ms,
            txn_state: new_state,
            topic_partitions: new_partitions,
            txn_start_timestamp_ms: new_txn_start_timestamp_ms,
            txn_last_update_timestamp_ms: update_timestamp_ms,
        }
    }

    /// `completeTransitionTo`: applies a transition once its record is written.
    ///
    /// # Panics
    /// When `transit` is not the pending transition (a coordinator bug).
    pub fn complete_transition_to(&mut self, transit: &TxnTransitMetadata) {
        assert_eq!(
            self.pending_state,
            Some(transit.txn_state),
            "TransactionalId {} completing a transition it did not prepare",
            self.transactional_id
        );
        self.producer_id = transit.producer_id;
        self.last_producer_id = transit.last_producer_id;
        self.producer_epoch = transit.producer_epoch;
        self.last_producer_epoch = transit.last_producer_epoch;
        self.txn_timeout_ms = transit.txn_timeout_ms;
        self.topic_partitions = transit.topic_partitions.clone();
        self.txn_start_timestamp_ms = transit.txn_start_timestamp_ms;
        self.txn_last_update_timestamp_ms = transit.txn_last_update_timestamp_ms;
        self.state = transit.txn_state;
        self.pending_state = None;
    }

    /// The metadata as it stands, as a transit (what a fence's PrepareAbort starts from).
    pub fn current(&self) -> TxnTransitMetadata {
        TxnTransitMetadata {
            producer_id: self.producer_id,
            last_producer_id: self.last_producer_id,
            producer_epoch: self.producer_epoch,
            last_producer_epoch: self.last_producer_epoch,
            txn_timeout_ms: self.txn_timeout_ms,
            txn_state: self.state,
            topic_partitions: self.topic_partitions.clone(),
            txn_start_timestamp_ms: self.txn_start_timestamp_ms,
            txn_last_update_timestamp_ms: self.txn_last_update_timestamp_ms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_bumps_follow_kip_360() {
        let mut m = TransactionMetadata::new("t", 4, 60_000, 0);
        let t = m.prepare_increment_producer_epoch(60_000, None, 1).unwrap();
        assert_eq!((t.producer_epoch, t.last_producer_epoch), (0, -1));
        m.complete_transition_to(&t);
        let t = m
            .prepare_increment_producer_epoch(60_000, Some(0), 2)
            .unwrap();
        assert_eq!((t.producer_epoch, t.last_producer_epoch), (1, 0));
        m.complete_transition_to(&t);
        // A retry of that call (its response was lost) gets the same epoch.
        let t = m
            .prepare_increment_producer_epoch(60_000, Some(0), 3)
            .unwrap();
        assert_eq!((t.producer_epoch, t.last_producer_epoch), (1, 0));
        m.complete_transition_to(&t);
        assert_eq!(
            m.prepare_increment_producer_epoch(60_000, Some(7), 4),
            Err(ErrorCode::ProducerFenced)
        );
        assert!(is_epoch_exhausted(i16::MAX - 1) && !is_epoch_exhausted(i16::MAX - 2));
    }

    #[test]
    #[should_panic(expected = "is not a valid previous state")]
    fn an_illegal_transition_is_a_bug() {
        let mut m = TransactionMetadata::new("t", 4, 60_000, 0);
        let t = m.prepare_increment_producer_epoch(60_000, None, 1).unwrap();
        m.complete_transition_to(&t);
        m.prepare_abort_or_commit(TransactionState::PrepareCommit, 1);
    }
}
