//! [`TransactionStateManager`]: the coordinator's transactional ids and what is due next
//! (Kafka's `TransactionStateManager` for the partitions of `__transaction_state` this broker
//! leads, which with one broker is all of them).
//!
//! The records themselves go to `__transaction_state` through the cluster's partition logs
//! (see [`super::coordinator`]); this holds the in-memory cache Kafka keeps beside them
//! (`transactionMetadataCache`), the transactions whose markers are being written
//! (`TransactionMarkerChannelManager`'s queue) and the periodic checks' next times.

use std::collections::BTreeMap;

use super::metadata::{TransactionMetadata, TxnTransitMetadata};
use super::state::TransactionState;

/// `Topic.TRANSACTION_STATE_TOPIC_NAME`.
pub const TRANSACTION_STATE_TOPIC: &str = "__transaction_state";
/// `Topic.GROUP_METADATA_TOPIC_NAME`.
pub const GROUP_METADATA_TOPIC: &str = "__consumer_offsets";
/// kplay's bound on transactional ids a coordinator keeps (Kafka bounds them only by
/// `transactional.id.expiration.ms`); a new id past it is refused with `POLICY_VIOLATION`.
pub const MAX_TRANSACTIONAL_IDS: usize = 10_000;
/// How long a marker whose append failed waits before it is tried again (Kafka's marker
/// sender retries on its next poll).
pub const MARKER_RETRY_BACKOFF_MS: i64 = 100;

/// Markers being written for a transaction that reached PrepareCommit/PrepareAbort.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingMarkers {
    pub committed: bool,
    pub coordinator_epoch: i32,
    /// The CompleteCommit/CompleteAbort transition to write once every marker is written
    /// (prepared at once, as `addTxnMarkersToSend` is given `prepareComplete`).
    pub complete: TxnTransitMetadata,
    /// When the next attempt is due.
    pub due_ms: i64,
}

/// The coordinator's state.
#[derive(Debug, Clone, Default)]
pub struct TransactionStateManager {
    txns: BTreeMap<String, TransactionMetadata>,
    markers: BTreeMap<String, PendingMarkers>,
    /// `transaction.abort.timed.out.transaction.cleanup.interval.ms` schedule.
    pub next_abort_check_ms: i64,
    /// `transaction.remove.expired.transaction.cleanup.interval.ms` schedule.
    pub next_expiration_check_ms: i64,
}

impl TransactionStateManager {
    /// Starts the periodic checks one interval after `now_ms` (Kafka's scheduler delays the
    /// first run by the period).
    pub fn new(now_ms: i64, abort_interval_ms: i64, expiration_interval_ms: i64) -> Self {
        TransactionStateManager {
            txns: BTreeMap::new(),
            markers: BTreeMap::new(),
            next_abort_check_ms: now_ms + abort_interval_ms,
            next_expiration_check_ms: now_ms + expiration_interval_ms,
        }
    }

    pub fn get(&self, transactional_id: &str) -> Option<&TransactionMetadata> {
        self.txns.get(transactional_id)
    }

    pub fn get_mut(&mut self, transactional_id: &str) -> Option<&mut TransactionMetadata> {
        self.txns.get_mut(transactional_id)
    }

    /// Every transactional id, in name order.
    pub fn all(&self) -> impl Iterator<Item = &TransactionMetadata> {
        self.txns.values()
    }

    pub fn len(&self) -> usize {
        self.txns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.txns.is_empty()
    }

    /// `putTransactionStateIfNotExists`.
    pub fn insert(&mut self, metadata: TransactionMetadata) {
        self.txns
            .entry(metadata.transactional_id.clone())
            .or_insert(metadata);
    }

    pub fn remove(&mut self, transactional_id: &str) {
        self.txns.remove(transactional_id);
    }

    /// `timedOutTransactions`: Ongoing, nothing pending, started more than its timeout ago.
    pub fn timed_out(&self, now_ms: i64) -> Vec<String> {
        self.txns
            .values()
            .filter(|m| {
                m.state == TransactionState::Ongoing
                    && !m.pending_transition_in_progress()
                    && m.txn_start_timestamp_ms + i64::from(m.txn_timeout_ms) < now_ms
            })
            .map(|m| m.transactional_id.clone())
            .collect()
    }

    /// The ids `removeExpiredTransactionalIds` removes: between transactions, nothing pending,
    /// last updated at least `expiration_ms` ago.
    pub fn expired(&self, now_ms: i64, expiration_ms: i64) -> Vec<String> {
        self.txns
            .values()
            .filter(|m| {
                m.state.is_expiration_allowed()
                    && !m.pending_transition_in_progress()
                    && m.txn_last_update_timestamp_ms <= now_ms - expiration_ms
            })
            .map(|m| m.transactional_id.clone())
            .collect()
    }

    /// Queues the markers of a transaction that reached PrepareCommit/PrepareAbort.
    pub fn add_markers(&mut self, transactional_id: &str, pending: PendingMarkers) {
        self.markers.insert(transactional_id.to_owned(), pending);
    }

    /// The transactions whose markers are due at `now_ms`.
    pub fn markers_due(&self, now_ms: i64) -> Vec<String> {
        self.markers
            .iter()
            .filter(|(_, p)| p.due_ms <= now_ms)
            .map(|(id, _)| id.clone())
            .collect()
    }

    pub fn markers(&self, transactional_id: &str) -> Option<&PendingMarkers> {
        self.markers.get(transactional_id)
    }

    pub fn markers_mut(&mut self, transactional_id: &str) -> Option<&mut PendingMarkers> {
        self.markers.get_mut(transactional_id)
    }

    pub fn remove_markers(&mut self, transactional_id: &str) -> Option<PendingMarkers> {
        self.markers.remove(transactional_id)
    }

    /// When the earliest marker work is due.
    pub fn next_marker_due_ms(&self) -> Option<i64> {
        self.markers.values().map(|p| p.due_ms).min()
    }
}
