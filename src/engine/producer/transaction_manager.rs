//! [`TransactionManager`]: the producer id, epoch and sequence numbers of an idempotent
//! producer, and the transaction state machine of a transactional one (Kafka's
//! `TransactionManager`, KIP-98; KIP-360 for the local epoch bump).
//!
//! States and the transitions Kafka allows (`TransactionManager.State.isTransitionValid`):
//!
//! ```text
//! UNINITIALIZED ─init─▶ INITIALIZING ─InitProducerId─▶ READY ─begin─▶ IN_TRANSACTION
//!        ▲                    ▲                           ▲              │      │
//!        │ (idempotent reset)  └──── ABORTING_TRANSACTION ─┤ ◀─abort──────┘      │ commit
//!        │                                   ▲             └── COMMITTING_TRANSACTION
//!   READY                             ABORTABLE_ERROR ◀── IN_TRANSACTION / COMMITTING
//!                   FATAL_ERROR ◀── any state (ProducerFenced, authorization...)
//! ```
//!
//! Transactional requests go one at a time, by priority: FindCoordinator, InitProducerId,
//! AddPartitionsToTxn / AddOffsetsToTxn / TxnOffsetCommit, EndTxn (sent only once every batch
//! is complete), and the epoch bump. While one is in flight, the sender sends no produce data
//! (`Sender.maybeSendAndPollTransactionalRequest`).
//!
//! `sendOffsetsToTransaction` (consume-transform-produce, KIP-98; group metadata KIP-447) is
//! two requests, as in Kafka's `AddOffsetsToTxnHandler` and `TxnOffsetCommitHandler`:
//! AddOffsetsToTxn to the transaction coordinator adds the group's `__consumer_offsets`
//! partition to the transaction; once it succeeds, TxnOffsetCommit goes to the *group*
//! coordinator (found with FindCoordinator GROUP and tracked apart from the transaction
//! coordinator) with the offsets, the producer id and epoch and the consumer's group metadata.
//! The call completes only when every offset was accepted. The group coordinator holds them
//! as pending until the transaction's marker: COMMIT makes them the group's committed offsets,
//! ABORT drops them.

use std::collections::{BTreeMap, BTreeSet};

use crate::engine::error_code::ErrorCode;
use crate::engine::protocol::{
    AddOffsetsToTxnRequest, AddPartitionsToTxnRequest, CoordinatorType, EndTxnRequest,
    FindCoordinatorRequest, InitProducerIdRequest, OffsetCommitRequestPartition, Request, Response,
    TxnOffsetCommitRequest, NO_PRODUCER_EPOCH, NO_PRODUCER_ID,
};
use crate::engine::record::increment_sequence;
use crate::engine::topic_partition::TopicPartition;

use super::consumer_group_metadata::ConsumerGroupMetadata;
use super::error::ProducerError;
use super::event::ProducerEvent;
use super::record::BatchId;

/// `TransactionManager.NO_LAST_ACKED_SEQUENCE_NUMBER`.
pub const NO_LAST_ACKED_SEQUENCE_NUMBER: i32 = -1;

/// `TransactionManager.ADD_PARTITIONS_RETRY_BACKOFF_MS`: the short backoff of a first
/// AddPartitionsToTxn answered `CONCURRENT_TRANSACTIONS` (the previous transaction is still
/// completing).
pub const ADD_PARTITIONS_RETRY_BACKOFF_MS: i64 = 20;

/// How many transactional requests may wait at once; each kind is enqueued at most once per
/// user call, so a handful is the real bound.
pub const MAX_PENDING_TXN_REQUESTS: usize = 16;

/// `TransactionManager.State`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum TransactionState {
    Uninitialized,
    Initializing,
    Ready,
    InTransaction,
    CommittingTransaction,
    AbortingTransaction,
    AbortableError,
    FatalError,
}

impl TransactionState {
    /// Kafka's constant name.
    pub const fn name(self) -> &'static str {
        match self {
            TransactionState::Uninitialized => "UNINITIALIZED",
            TransactionState::Initializing => "INITIALIZING",
            TransactionState::Ready => "READY",
            TransactionState::InTransaction => "IN_TRANSACTION",
            TransactionState::CommittingTransaction => "COMMITTING_TRANSACTION",
            TransactionState::AbortingTransaction => "ABORTING_TRANSACTION",
            TransactionState::AbortableError => "ABORTABLE_ERROR",
            TransactionState::FatalError => "FATAL_ERROR",
        }
    }

    /// `State.isTransitionValid`.
    pub fn is_transition_valid(self, target: TransactionState) -> bool {
        use TransactionState::*;
        let source = self;
        match target {
            Uninitialized => matches!(source, Ready | AbortableError),
            Initializing => matches!(source, Uninitialized | AbortingTransaction),
            Ready => matches!(
                source,
                Initializing | CommittingTransaction | AbortingTransaction
            ),
            InTransaction => source == Ready,
            CommittingTransaction => source == InTransaction,
            AbortingTransaction => matches!(source, InTransaction | AbortableError),
            AbortableError => matches!(
                source,
                InTransaction | CommittingTransaction | AbortableError | Initializing
            ),
            FatalError => true,
        }
    }
}

/// A transactional request waiting to be sent (`TxnRequestHandler`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TxnRequestKind {
    FindCoordinator {
        coordinator_type: CoordinatorType,
        key: String,
    },
    InitProducerId {
        is_epoch_bump: bool,
    },
    AddPartitions {
        partitions: Vec<TopicPartition>,
    },
    /// `AddOffsetsToTxnHandler`: carries the offsets and group metadata for the
    /// TxnOffsetCommit that follows its success.
    AddOffsets {
        offsets: Vec<OffsetCommitRequestPartition>,
        group_metadata: ConsumerGroupMetadata,
    },
    /// `TxnOffsetCommitHandler`: the request is built once, as Kafka's builder is, and sent
    /// again unchanged on a retry.
    TxnOffsetCommit {
        request: TxnOffsetCommitRequest,
    },
    EndTxn {
        committed: bool,
    },
}

impl TxnRequestKind {
    /// `Priority`: lower goes first.
    fn priority(&self) -> u8 {
        match self {
            TxnRequestKind::FindCoordinator { .. } => 0,
            TxnRequestKind::InitProducerId {
                is_epoch_bump: false,
            } => 1,
            TxnRequestKind::AddPartitions { .. }
            | TxnRequestKind::AddOffsets { .. }
            | TxnRequestKind::TxnOffsetCommit { .. } => 2,
            TxnRequestKind::EndTxn { .. } => 3,
            TxnRequestKind::InitProducerId {
                is_epoch_bump: true,
            } => 4,
        }
    }

    /// The user operation this request completes (`TransactionalRequestResult.operation`).
    fn operation(&self) -> &'static str {
        match self {
            TxnRequestKind::FindCoordinator { .. } => "FindCoordinator",
            TxnRequestKind::InitProducerId { .. } => "InitProducerId",
            TxnRequestKind::AddPartitions { .. } => "AddPartitionsToTxn",
            TxnRequestKind::AddOffsets { .. } => "AddOffsetsToTxn",
            TxnRequestKind::TxnOffsetCommit { .. } => "TxnOffsetCommit",
            TxnRequestKind::EndTxn { committed: true } => "EndTxn(true)",
            TxnRequestKind::EndTxn { committed: false } => "EndTxn(false)",
        }
    }
}

#[derive(Debug, Clone)]
struct PendingRequest {
    kind: TxnRequestKind,
    /// Enqueue order among requests of the same priority.
    order: u64,
    is_retry: bool,
    retry_backoff_ms: i64,
}

/// What the sender should send next for the transaction manager.
#[derive(Debug, Clone, PartialEq)]
pub struct TxnSend {
    /// Broker to send to; `None` means "any broker" (the least loaded node).
    pub coordinator: Option<i32>,
    pub request: Request,
    /// Wait this long first (a retried request backs off, `Sender` sleeps `retryBackoffMs`).
    pub backoff_ms: i64,
}

/// A batch whose producer state must be rewritten (an epoch bump restarts sequences).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SequenceRewrite {
    pub batch_id: BatchId,
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub base_sequence: i32,
}

/// `TxnPartitionEntry`: the sequence bookkeeping of one partition.
#[derive(Debug, Clone)]
struct TxnPartitionEntry {
    producer_id: i64,
    producer_epoch: i16,
    next_sequence: i32,
    last_acked_sequence: i32,
    /// In-flight batches by base sequence: `(batch, record count)`.
    inflight: BTreeMap<i32, (BatchId, i32)>,
    last_acked_offset: i64,
}

impl TxnPartitionEntry {
    fn new() -> Self {
        TxnPartitionEntry {
            producer_id: NO_PRODUCER_ID,
            producer_epoch: NO_PRODUCER_EPOCH,
            next_sequence: 0,
            last_acked_sequence: NO_LAST_ACKED_SEQUENCE_NUMBER,
            inflight: BTreeMap::new(),
            last_acked_offset: -1,
        }
    }
}

/// The producer's idempotence and transaction state.
#[derive(Debug, Clone)]
pub struct TransactionManager {
    transactional_id: Option<String>,
    transaction_timeout_ms: i32,
    retry_backoff_ms: i64,
    state: TransactionState,
    last_error: Option<ProducerError>,
    producer_id: i64,
    producer_epoch: i16,
    partitions: BTreeMap<TopicPartition, TxnPartitionEntry>,
    pending: Vec<PendingRequest>,
    next_order: u64,
    new_partitions_in_transaction: BTreeSet<TopicPartition>,
    pending_partitions_in_transaction: BTreeSet<TopicPartition>,
    partitions_in_transaction: BTreeSet<TopicPartition>,
    in_flight: Option<(i32, PendingRequest)>,
    /// `transactionCoordinator`.
    coordinator: Option<i32>,
    /// `consumerGroupCoordinator`: the group coordinator TxnOffsetCommit goes to.
    consumer_group_coordinator: Option<i32>,
    /// `pendingTxnOffsetCommits`: offsets sent with TxnOffsetCommit and not yet accepted. It
    /// holds at most the partitions of the `sendOffsetsToTransaction` calls awaiting their
    /// answer and is emptied when the call completes.
    pending_txn_offset_commits: BTreeMap<TopicPartition, OffsetCommitRequestPartition>,
    transaction_started: bool,
    epoch_bump_required: bool,
    partitions_to_rewrite_sequences: BTreeSet<TopicPartition>,
    partitions_with_unresolved_sequences: BTreeMap<TopicPartition, i32>,
    /// The user call whose completion is awaited (`pendingResult`), and its target state.
    pending_result: Option<(&'static str, TransactionState)>,
    outbox: Vec<ProducerEvent>,
}

fn kafka_exception(message: impl Into<String>) -> ProducerError {
    ProducerError::new("KafkaException", message)
}

fn illegal_state(message: impl Into<String>) -> ProducerError {
    ProducerError::new("IllegalStateException", message)
}

/// `GroupAuthorizationException.forGroupId`.
fn group_authorization_exception(group_id: &str) -> ProducerError {
    ProducerError {
        exception: "GroupAuthorizationException".to_owned(),
        code: Some(ErrorCode::GroupAuthorizationFailed),
        message: format!("Not authorized to access group: {group_id}"),
    }
}

/// `FindCoordinatorRequest.CoordinatorType`'s constant name.
fn coordinator_type_name(coordinator_type: CoordinatorType) -> &'static str {
    match coordinator_type {
        CoordinatorType::Group => "GROUP",
        CoordinatorType::Transaction => "TRANSACTION",
    }
}

/// The user call `sendOffsetsToTransaction` completes.
const SEND_OFFSETS_OPERATION: &str = "sendOffsetsToTransaction";

impl TransactionManager {
    pub fn new(
        transactional_id: Option<String>,
        transaction_timeout_ms: i32,
        retry_backoff_ms: i64,
    ) -> TransactionManager {
        TransactionManager {
            transactional_id,
            transaction_timeout_ms,
            retry_backoff_ms,
            state: TransactionState::Uninitialized,
            last_error: None,
            producer_id: NO_PRODUCER_ID,
            producer_epoch: NO_PRODUCER_EPOCH,
            partitions: BTreeMap::new(),
            pending: Vec::new(),
            next_order: 0,
            new_partitions_in_transaction: BTreeSet::new(),
            pending_partitions_in_transaction: BTreeSet::new(),
            partitions_in_transaction: BTreeSet::new(),
            in_flight: None,
            coordinator: None,
            consumer_group_coordinator: None,
            pending_txn_offset_commits: BTreeMap::new(),
            transaction_started: false,
            epoch_bump_required: false,
            partitions_to_rewrite_sequences: BTreeSet::new(),
            partitions_with_unresolved_sequences: BTreeMap::new(),
            pending_result: None,
            outbox: Vec::new(),
        }
    }

    /// Events produced since the last call.
    pub fn drain_events(&mut self) -> std::vec::Drain<'_, ProducerEvent> {
        self.outbox.drain(..)
    }

    pub fn state(&self) -> TransactionState {
        self.state
    }

    pub fn transactional_id(&self) -> Option<&str> {
        self.transactional_id.as_deref()
    }

    pub fn is_transactional(&self) -> bool {
        self.transactional_id.is_some()
    }

    pub fn producer_id_and_epoch(&self) -> (i64, i16) {
        (self.producer_id, self.producer_epoch)
    }

    pub fn has_producer_id(&self) -> bool {
        self.producer_id >= 0 && self.producer_epoch >= 0
    }

    pub fn last_error(&self) -> Option<&ProducerError> {
        self.last_error.as_ref()
    }

    /// The transaction coordinator, when known.
    pub fn coordinator(&self) -> Option<i32> {
        self.coordinator
    }

    /// The group coordinator of the last `sendOffsetsToTransaction`, when known.
    pub fn consumer_group_coordinator(&self) -> Option<i32> {
        self.consumer_group_coordinator
    }

    /// The partitions added to the current transaction.
    pub fn partitions_in_transaction(&self) -> impl Iterator<Item = &TopicPartition> {
        self.partitions_in_transaction.iter()
    }

    /// The user call still awaiting its completion, if any.
    pub fn pending_operation(&self) -> Option<&'static str> {
        self.pending_result.map(|(op, _)| op)
    }

    pub fn is_completing(&self) -> bool {
        matches!(
            self.state,
            TransactionState::CommittingTransaction | TransactionState::AbortingTransaction
        )
    }

    pub fn has_error(&self) -> bool {
        matches!(
            self.state,
            TransactionState::AbortableError | TransactionState::FatalError
        )
    }

    pub fn has_fatal_error(&self) -> bool {
        self.state == TransactionState::FatalError
    }

    pub fn has_abortable_error(&self) -> bool {
        self.state == TransactionState::AbortableError
    }

    pub fn is_aborting(&self) -> bool {
        self.state == TransactionState::AbortingTransaction
    }

    pub fn has_in_flight_request(&self) -> bool {
        self.in_flight.is_some()
    }

    /// `hasOngoingTransaction`.
    pub fn has_ongoing_transaction(&self) -> bool {
        self.state == TransactionState::InTransaction
            || self.is_completing()
            || self.has_abortable_error()
    }

    fn transition_to(
        &mut self,
        target: TransactionState,
        error: Option<ProducerError>,
    ) -> Result<(), ProducerError> {
        if !self.state.is_transition_valid(target) {
            let id = self
                .transactional_id
                .as_ref()
                .map_or(String::new(), |t| format!("TransactionalId {t}: "));
            return Err(kafka_exception(format!(
                "{id}Invalid transition attempted from state {} to state {}",
                self.state.name(),
                target.name()
            )));
        }
        let from = self.state;
        self.state = target;
        self.last_error = error;
        self.outbox.push(ProducerEvent::TransactionStateChanged {
            from,
            to: target,
            error: self.last_error.as_ref().map(ToString::to_string),
        });
        Ok(())
    }

    /// A transition the manager itself makes; its validity is part of the state machine.
    fn transition_internal(&mut self, target: TransactionState, error: Option<ProducerError>) {
        if let Err(e) = self.transition_to(target, error) {
            panic!("the transaction manager made an invalid transition: {e}");
        }
    }

    fn ensure_transactional(&self) -> Result<(), ProducerError> {
        if self.is_transactional() {
            Ok(())
        } else {
            Err(illegal_state(
                "Transactional method invoked on a non-transactional producer.",
            ))
        }
    }

    /// `maybeFailWithError`.
    fn maybe_fail_with_error(&self) -> Result<(), ProducerError> {
        if !self.has_error() {
            return Ok(());
        }
        let last = self.last_error.as_ref();
        if last.is_some_and(|e| e.is(ErrorCode::ProducerFenced)) {
            Err(ProducerError::new(
                "ProducerFencedException",
                "The producer has been rejected from the broker because it tried to use an old epoch with the transactionalId",
            ))
        } else if last.is_some_and(|e| e.is(ErrorCode::InvalidProducerEpoch)) {
            Err(ProducerError::new(
                "InvalidProducerEpochException",
                format!(
                    "Producer attempted to produce with an old epoch (producerId={}, epoch={})",
                    self.producer_id, self.producer_epoch
                ),
            ))
        } else {
            Err(kafka_exception(format!(
                "Cannot execute transactional method because we are in an error state: {}",
                last.map_or_else(String::new, ToString::to_string)
            )))
        }
    }

    fn enqueue(&mut self, kind: TxnRequestKind) {
        assert!(
            self.pending.len() < MAX_PENDING_TXN_REQUESTS,
            "more than {MAX_PENDING_TXN_REQUESTS} transactional requests queued: each user call enqueues at most a few"
        );
        let order = self.next_order;
        self.next_order += 1;
        self.pending.push(PendingRequest {
            kind,
            order,
            is_retry: false,
            retry_backoff_ms: self.retry_backoff_ms,
        });
    }

    fn reenqueue(&mut self, mut request: PendingRequest) {
        request.is_retry = true;
        self.pending.push(request);
    }

    /// `lookupCoordinator`: forgets the coordinator of `coordinator_type` and queues a
    /// FindCoordinator for `key` (once: a lookup already queued serves every waiting request).
    fn lookup_coordinator(&mut self, coordinator_type: CoordinatorType, key: String) {
        match coordinator_type {
            CoordinatorType::Group => self.consumer_group_coordinator = None,
            CoordinatorType::Transaction => self.coordinator = None,
        }
        let kind = TxnRequestKind::FindCoordinator {
            coordinator_type,
            key,
        };
        if !self.pending.iter().any(|r| r.kind == kind) {
            self.enqueue(kind);
        }
    }

    fn lookup_transaction_coordinator(&mut self) {
        let key = self.transactional_id.clone().unwrap_or_default();
        self.lookup_coordinator(CoordinatorType::Transaction, key);
    }

    /// `TxnRequestHandler.coordinatorType` and `coordinatorKey`: which coordinator a request
    /// goes to, `None` for any broker.
    fn coordinator_of(&self, kind: &TxnRequestKind) -> Option<(CoordinatorType, String)> {
        let txn_id = || self.transactional_id.clone().unwrap_or_default();
        match kind {
            TxnRequestKind::FindCoordinator { .. } => None,
            TxnRequestKind::InitProducerId { .. } => self
                .is_transactional()
                .then(|| (CoordinatorType::Transaction, txn_id())),
            TxnRequestKind::TxnOffsetCommit { request } => {
                Some((CoordinatorType::Group, request.group_id.clone()))
            }
            TxnRequestKind::AddPartitions { .. }
            | TxnRequestKind::AddOffsets { .. }
            | TxnRequestKind::EndTxn { .. } => Some((CoordinatorType::Transaction, txn_id())),
        }
    }

    /// Finds the coordinator `kind` needs again, if it needs one.
    fn lookup_coordinator_of(&mut self, kind: &TxnRequestKind) {
        if let Some((coordinator_type, key)) = self.coordinator_of(kind) {
            self.lookup_coordinator(coordinator_type, key);
        }
    }

    /// A user call starts (`handleCachedTransactionRequestResult`): calling it again while it
    /// is pending returns the same pending result instead of failing.
    fn start_operation(
        &mut self,
        operation: &'static str,
        target: TransactionState,
        start: impl FnOnce(&mut Self) -> Result<(), ProducerError>,
    ) -> Result<(), ProducerError> {
        self.ensure_transactional()?;
        if self.pending_result.is_some_and(|(_, t)| t == target) && self.state == target {
            return Ok(());
        }
        start(self)?;
        self.pending_result = Some((operation, target));
        Ok(())
    }

    /// Completes the pending user call only if it is `operation`: a later call (say
    /// `commitTransaction` made before TxnOffsetCommit was answered) keeps its own result, as
    /// each of Kafka's handlers holds its own `TransactionalRequestResult`.
    fn complete_operation_if(&mut self, operation: &str, error: Option<&ProducerError>) {
        if self.pending_result.is_some_and(|(op, _)| op == operation) {
            self.complete_operation(error);
        }
    }

    fn complete_operation(&mut self, error: Option<&ProducerError>) {
        if let Some((operation, _)) = self.pending_result.take() {
            self.outbox
                .push(ProducerEvent::TransactionalOperationCompleted {
                    operation: operation.to_owned(),
                    error: error.map(ToString::to_string),
                });
        }
    }

    /// `initTransactions` (`initializeTransactions`).
    pub fn initialize_transactions(&mut self) -> Result<(), ProducerError> {
        self.start_operation("initTransactions", TransactionState::Initializing, |tm| {
            tm.transition_to(TransactionState::Initializing, None)?;
            tm.enqueue(TxnRequestKind::InitProducerId {
                is_epoch_bump: false,
            });
            Ok(())
        })
    }

    /// `beginTransaction`.
    pub fn begin_transaction(&mut self) -> Result<(), ProducerError> {
        self.ensure_transactional()?;
        self.maybe_fail_with_error()?;
        self.transition_to(TransactionState::InTransaction, None)
    }

    /// `beginCommit`: EndTxn(commit) once every batch is complete.
    pub fn begin_commit(&mut self) -> Result<(), ProducerError> {
        self.start_operation(
            "commitTransaction",
            TransactionState::CommittingTransaction,
            |tm| {
                tm.maybe_fail_with_error()?;
                tm.transition_to(TransactionState::CommittingTransaction, None)?;
                tm.begin_completing_transaction(true);
                Ok(())
            },
        )
    }

    /// `beginAbort`: unsent batches are failed, then EndTxn(abort).
    pub fn begin_abort(&mut self) -> Result<(), ProducerError> {
        self.start_operation(
            "abortTransaction",
            TransactionState::AbortingTransaction,
            |tm| {
                if tm.state != TransactionState::AbortableError {
                    tm.maybe_fail_with_error()?;
                }
                let error = tm.last_error.clone();
                tm.transition_to(TransactionState::AbortingTransaction, None)?;
                // The error that made the abort necessary stays visible to the batches failed now.
                tm.last_error = error;
                tm.new_partitions_in_transaction.clear();
                tm.begin_completing_transaction(false);
                Ok(())
            },
        )
    }

    fn begin_completing_transaction(&mut self, committed: bool) {
        if !self.new_partitions_in_transaction.is_empty() {
            self.enqueue_add_partitions();
        }
        let invalid_mapping = self
            .last_error
            .as_ref()
            .is_some_and(|e| e.is(ErrorCode::InvalidProducerIdMapping));
        if !invalid_mapping {
            self.enqueue(TxnRequestKind::EndTxn { committed });
            if !self.epoch_bump_required {
                return;
            }
        }
        self.enqueue(TxnRequestKind::InitProducerId {
            is_epoch_bump: true,
        });
    }

    /// `sendOffsetsToTransaction`: AddOffsetsToTxn, then TxnOffsetCommit to the group
    /// coordinator (see the module doc). The call completes when TxnOffsetCommit succeeded.
    pub fn send_offsets_to_transaction(
        &mut self,
        offsets: Vec<OffsetCommitRequestPartition>,
        group_metadata: ConsumerGroupMetadata,
    ) -> Result<(), ProducerError> {
        self.ensure_transactional()?;
        self.maybe_fail_with_error()?;
        if self.state != TransactionState::InTransaction {
            return Err(kafka_exception(
                "Cannot send offsets to transaction either because the producer is not in an active transaction",
            ));
        }
        self.enqueue(TxnRequestKind::AddOffsets {
            offsets,
            group_metadata,
        });
        self.pending_result = Some((SEND_OFFSETS_OPERATION, TransactionState::InTransaction));
        Ok(())
    }

    /// `txnOffsetCommitHandler`: the offsets join `pendingTxnOffsetCommits` and the request
    /// carries all of them, with the producer id and epoch of now.
    fn txn_offset_commit_request(
        &mut self,
        offsets: Vec<OffsetCommitRequestPartition>,
        group_metadata: ConsumerGroupMetadata,
    ) -> TxnRequestKind {
        for offset in offsets {
            self.pending_txn_offset_commits
                .insert(offset.topic_partition.clone(), offset);
        }
        TxnRequestKind::TxnOffsetCommit {
            request: TxnOffsetCommitRequest {
                transactional_id: self.transactional_id.clone().unwrap_or_default(),
                group_id: group_metadata.group_id,
                producer_id: self.producer_id,
                producer_epoch: self.producer_epoch,
                generation_id: group_metadata.generation_id,
                member_id: group_metadata.member_id,
                group_instance_id: group_metadata.group_instance_id,
                partitions: self.pending_txn_offset_commits.values().cloned().collect(),
            },
        }
    }

    /// `failIfNotReadyForSend`.
    pub fn fail_if_not_ready_for_send(&self) -> Result<(), ProducerError> {
        if self.has_error() {
            return Err(kafka_exception(format!(
                "Cannot perform send because at least one previous transactional or idempotent request has failed with errors. {}",
                self.last_error.as_ref().map_or_else(String::new, ToString::to_string)
            )));
        }
        if self.is_transactional() {
            if !self.has_producer_id() {
                return Err(illegal_state(
                    "Cannot perform a 'send' before completing a call to initTransactions when transactions are enabled.",
                ));
            }
            if self.state != TransactionState::InTransaction {
                return Err(illegal_state(format!(
                    "Cannot call send in state {}",
                    self.state.name()
                )));
            }
        }
        Ok(())
    }

    /// `maybeAddPartition`: a transactional send to a partition not yet in the transaction.
    pub fn maybe_add_partition(&mut self, tp: &TopicPartition) {
        if !self.is_transactional()
            || self.partitions_in_transaction.contains(tp)
            || self.new_partitions_in_transaction.contains(tp)
            || self.pending_partitions_in_transaction.contains(tp)
        {
            return;
        }
        self.partitions
            .entry(tp.clone())
            .or_insert_with(TxnPartitionEntry::new);
        self.new_partitions_in_transaction.insert(tp.clone());
    }

    /// `isSendToPartitionAllowed`.
    pub fn is_send_to_partition_allowed(&self, tp: &TopicPartition) -> bool {
        !self.has_fatal_error()
            && (!self.is_transactional() || self.partitions_in_transaction.contains(tp))
    }

    fn entry(&mut self, tp: &TopicPartition) -> &mut TxnPartitionEntry {
        if !self.partitions.contains_key(tp) {
            self.partitions.insert(tp.clone(), TxnPartitionEntry::new());
        }
        self.partitions.get_mut(tp).expect("inserted just above")
    }

    /// `sequenceNumber`: the base sequence of the next batch for `tp`.
    pub fn sequence_number(&mut self, tp: &TopicPartition) -> i32 {
        self.entry(tp).next_sequence
    }

    /// `incrementSequenceNumber`.
    pub fn increment_sequence_number(&mut self, tp: &TopicPartition, increment: i32) {
        let entry = self.entry(tp);
        entry.next_sequence = increment_sequence(entry.next_sequence, increment);
    }

    /// `addInFlightBatch`.
    pub fn add_in_flight_batch(
        &mut self,
        tp: &TopicPartition,
        base_sequence: i32,
        batch: BatchId,
        record_count: i32,
    ) {
        self.entry(tp)
            .inflight
            .insert(base_sequence, (batch, record_count));
    }

    pub fn has_inflight_batches(&self, tp: &TopicPartition) -> bool {
        self.partitions
            .get(tp)
            .is_some_and(|e| !e.inflight.is_empty())
    }

    /// `firstInFlightSequence`, or -1.
    pub fn first_in_flight_sequence(&self, tp: &TopicPartition) -> i32 {
        self.partitions
            .get(tp)
            .and_then(|e| e.inflight.keys().next().copied())
            .unwrap_or(-1)
    }

    fn remove_in_flight_batch(&mut self, tp: &TopicPartition, batch: BatchId) {
        if let Some(e) = self.partitions.get_mut(tp) {
            e.inflight.retain(|_, (b, _)| *b != batch);
        }
    }

    /// `hasStaleProducerIdAndEpoch`.
    pub fn has_stale_producer_id_and_epoch(&mut self, tp: &TopicPartition) -> bool {
        let (pid, epoch) = (self.producer_id, self.producer_epoch);
        let e = self.entry(tp);
        e.producer_id != pid || e.producer_epoch != epoch
    }

    pub fn has_unresolved_sequence(&self, tp: &TopicPartition) -> bool {
        self.partitions_with_unresolved_sequences.contains_key(tp)
    }

    /// `startSequencesAtBeginning`: in-flight batches get sequences from 0 on.
    fn start_sequences_at_beginning(
        &mut self,
        tp: &TopicPartition,
        rewrites: &mut Vec<SequenceRewrite>,
    ) {
        let (pid, epoch) = (self.producer_id, self.producer_epoch);
        let entry = self.entry(tp);
        let mut sequence = 0;
        let mut inflight = BTreeMap::new();
        for (_, (batch, count)) in std::mem::take(&mut entry.inflight) {
            rewrites.push(SequenceRewrite {
                batch_id: batch,
                producer_id: pid,
                producer_epoch: epoch,
                base_sequence: sequence,
            });
            inflight.insert(sequence, (batch, count));
            sequence += count;
        }
        entry.inflight = inflight;
        entry.producer_id = pid;
        entry.producer_epoch = epoch;
        entry.next_sequence = sequence;
        entry.last_acked_sequence = NO_LAST_ACKED_SEQUENCE_NUMBER;
    }

    /// `maybeUpdateProducerIdAndEpoch`: a partition whose in-flight batches are all done
    /// starts the current epoch at sequence 0.
    pub fn maybe_update_producer_id_and_epoch(&mut self, tp: &TopicPartition) {
        if self.has_stale_producer_id_and_epoch(tp) && !self.has_inflight_batches(tp) {
            let mut rewrites = Vec::new();
            self.start_sequences_at_beginning(tp, &mut rewrites);
        }
    }

    /// `handleCompletedBatch`.
    pub fn handle_completed_batch(
        &mut self,
        tp: &TopicPartition,
        batch: BatchId,
        last_sequence: i32,
        base_offset: i64,
        record_count: i32,
    ) {
        let entry = self.entry(tp);
        if last_sequence > entry.last_acked_sequence {
            entry.last_acked_sequence = last_sequence;
        }
        if base_offset >= 0 {
            entry.last_acked_offset = entry
                .last_acked_offset
                .max(base_offset + i64::from(record_count) - 1);
        }
        self.remove_in_flight_batch(tp, batch);
    }

    fn is_next_sequence(&self, tp: &TopicPartition, sequence: i32) -> bool {
        let last = self
            .partitions
            .get(tp)
            .map_or(NO_LAST_ACKED_SEQUENCE_NUMBER, |e| e.last_acked_sequence);
        sequence.wrapping_sub(last) == 1
    }

    fn request_epoch_bump_for_partition(&mut self, tp: &TopicPartition) {
        self.epoch_bump_required = true;
        self.partitions_to_rewrite_sequences.insert(tp.clone());
    }

    /// `maybeTransitionToErrorState`.
    fn maybe_transition_to_error_state(&mut self, error: &ProducerError) {
        let fatal = [
            ErrorCode::ClusterAuthorizationFailed,
            ErrorCode::TransactionalIdAuthorizationFailed,
            ErrorCode::ProducerFenced,
            ErrorCode::UnsupportedVersion,
        ];
        if fatal.iter().any(|c| error.is(*c)) {
            self.transition_to_fatal_error(error.clone());
        } else if self.is_transactional() {
            if !self.is_completing() {
                self.epoch_bump_required = true;
            }
            self.transition_to_abortable_error(error.clone());
        }
    }

    fn transition_to_abortable_error(&mut self, error: ProducerError) {
        if self.state == TransactionState::AbortingTransaction {
            return;
        }
        if self
            .state
            .is_transition_valid(TransactionState::AbortableError)
        {
            self.transition_internal(TransactionState::AbortableError, Some(error));
        }
    }

    fn transition_to_fatal_error(&mut self, error: ProducerError) {
        self.transition_internal(TransactionState::FatalError, Some(error.clone()));
        self.complete_operation(Some(&error));
    }

    /// `handleFailedBatch`. `adjust_sequence_numbers` is true when the broker surely did not
    /// append the batch (it had retries left).
    pub fn handle_failed_batch(
        &mut self,
        tp: &TopicPartition,
        batch: BatchId,
        base_sequence: i32,
        record_count: i32,
        error: &ProducerError,
        adjust_sequence_numbers: bool,
    ) -> Vec<SequenceRewrite> {
        self.maybe_transition_to_error_state(error);
        self.remove_in_flight_batch(tp, batch);
        let mut rewrites = Vec::new();
        if self.has_fatal_error() || base_sequence < 0 {
            return rewrites;
        }
        if error.is(ErrorCode::OutOfOrderSequenceNumber) && !self.is_transactional() {
            self.request_epoch_bump_for_partition(tp);
        } else if error.is(ErrorCode::UnknownProducerId) {
            self.partitions.remove(tp);
            self.partitions_with_unresolved_sequences.remove(tp);
        } else if adjust_sequence_numbers {
            if !self.is_transactional() {
                self.request_epoch_bump_for_partition(tp);
            } else if let Some(entry) = self.partitions.get_mut(tp) {
                // `adjustSequencesDueToFailedBatch`.
                entry.next_sequence -= record_count;
                let (pid, epoch) = (entry.producer_id, entry.producer_epoch);
                let mut inflight = BTreeMap::new();
                for (seq, (b, count)) in std::mem::take(&mut entry.inflight) {
                    if seq < base_sequence {
                        inflight.insert(seq, (b, count));
                    } else {
                        let new_seq = seq - record_count;
                        rewrites.push(SequenceRewrite {
                            batch_id: b,
                            producer_id: pid,
                            producer_epoch: epoch,
                            base_sequence: new_seq,
                        });
                        inflight.insert(new_seq, (b, count));
                    }
                }
                entry.inflight = inflight;
            }
        }
        rewrites
    }

    /// `markSequenceUnresolved`: a batch expired after being sent at least once.
    pub fn mark_sequence_unresolved(&mut self, tp: &TopicPartition, last_sequence: i32) {
        let next = last_sequence.wrapping_add(1);
        let v = self
            .partitions_with_unresolved_sequences
            .entry(tp.clone())
            .or_insert(next);
        *v = (*v).max(next);
    }

    /// `maybeResolveSequences`.
    pub fn maybe_resolve_sequences(&mut self) {
        let tps: Vec<TopicPartition> = self
            .partitions_with_unresolved_sequences
            .keys()
            .cloned()
            .collect();
        for tp in tps {
            if self.has_inflight_batches(&tp) {
                continue;
            }
            let next = self.sequence_number(&tp);
            if !self.is_next_sequence(&tp, next) {
                if self.is_transactional() {
                    self.epoch_bump_required = true;
                    self.transition_to_abortable_error(kafka_exception(
                        "The client hasn't received acknowledgment for some previously sent messages and can no longer retry them. It is safe to abort the transaction and continue.",
                    ));
                } else {
                    self.request_epoch_bump_for_partition(&tp);
                }
            }
            self.partitions_with_unresolved_sequences.remove(&tp);
        }
    }

    /// `canRetry` for an idempotent or transactional producer.
    pub fn can_retry(
        &mut self,
        error: ErrorCode,
        log_start_offset: i64,
        tp: &TopicPartition,
        base_sequence: i32,
    ) -> bool {
        if error == ErrorCode::UnknownProducerId {
            if log_start_offset == -1 {
                return true;
            }
            let last_acked_offset = self.partitions.get(tp).map_or(-1, |e| e.last_acked_offset);
            if last_acked_offset < log_start_offset {
                if self.is_transactional() {
                    let mut rewrites = Vec::new();
                    self.start_sequences_at_beginning(tp, &mut rewrites);
                } else {
                    self.request_epoch_bump_for_partition(tp);
                }
                return true;
            }
            if !self.is_transactional() {
                self.request_epoch_bump_for_partition(tp);
                return true;
            }
        } else if error == ErrorCode::OutOfOrderSequenceNumber {
            if !self.has_unresolved_sequence(tp) && !self.is_next_sequence(tp, base_sequence) {
                return true;
            } else if !self.is_transactional() {
                let next_unresolved = self.partitions_with_unresolved_sequences.get(tp).copied();
                if next_unresolved.is_none() || next_unresolved == Some(base_sequence) {
                    self.request_epoch_bump_for_partition(tp);
                }
                return true;
            }
        }
        error.is_retriable()
    }

    /// `bumpIdempotentEpochAndResetIdIfNeeded`: for an idempotent (not transactional)
    /// producer, bumps the epoch locally when asked to, and asks for a producer id when it has
    /// none. Returns the in-flight batches whose sequences restart.
    pub fn bump_idempotent_epoch_and_reset_id_if_needed(&mut self) -> Vec<SequenceRewrite> {
        let mut rewrites = Vec::new();
        if self.is_transactional() {
            return rewrites;
        }
        if self.epoch_bump_required {
            if self.producer_epoch == i16::MAX {
                // `resetIdempotentProducerId`.
                self.producer_id = NO_PRODUCER_ID;
                self.producer_epoch = NO_PRODUCER_EPOCH;
                self.transition_internal(TransactionState::Uninitialized, None);
            } else {
                self.producer_epoch += 1;
                self.outbox.push(ProducerEvent::EpochBumped {
                    producer_id: self.producer_id,
                    epoch: self.producer_epoch,
                });
            }
            let tps: Vec<TopicPartition> =
                std::mem::take(&mut self.partitions_to_rewrite_sequences)
                    .into_iter()
                    .collect();
            for tp in tps {
                self.start_sequences_at_beginning(&tp, &mut rewrites);
                self.partitions_with_unresolved_sequences.remove(&tp);
            }
            self.epoch_bump_required = false;
        }
        if self.state != TransactionState::Initializing && !self.has_producer_id() {
            self.transition_internal(TransactionState::Initializing, None);
            self.enqueue(TxnRequestKind::InitProducerId {
                is_epoch_bump: false,
            });
        }
        rewrites
    }

    fn enqueue_add_partitions(&mut self) {
        let new = std::mem::take(&mut self.new_partitions_in_transaction);
        self.pending_partitions_in_transaction.extend(new);
        let partitions: Vec<TopicPartition> = self
            .pending_partitions_in_transaction
            .iter()
            .cloned()
            .collect();
        self.enqueue(TxnRequestKind::AddPartitions { partitions });
    }

    fn complete_transaction(&mut self) {
        let target = if self.epoch_bump_required {
            TransactionState::Initializing
        } else {
            TransactionState::Ready
        };
        self.transition_internal(target, None);
        self.epoch_bump_required = false;
        self.transaction_started = false;
        self.new_partitions_in_transaction.clear();
        self.pending_partitions_in_transaction.clear();
        self.partitions_in_transaction.clear();
    }

    /// `nextRequest`: the next transactional request to send, if any. EndTxn waits until no
    /// batch is incomplete. Returns the request and the correlation slot is taken by
    /// [`TransactionManager::set_in_flight`].
    pub fn next_request(&mut self, has_incomplete_batches: bool) -> Option<TxnSend> {
        if !self.new_partitions_in_transaction.is_empty() {
            self.enqueue_add_partitions();
        }
        loop {
            let index = self
                .pending
                .iter()
                .enumerate()
                .min_by_key(|(_, r)| (r.kind.priority(), r.order))
                .map(|(i, _)| i)?;
            if matches!(self.pending[index].kind, TxnRequestKind::EndTxn { .. })
                && has_incomplete_batches
            {
                return None;
            }
            let request = self.pending.remove(index);
            // `maybeTerminateRequestWithError`.
            if self.has_error()
                && !(self.has_abortable_error()
                    && matches!(request.kind, TxnRequestKind::FindCoordinator { .. }))
            {
                let error = self.last_error.clone();
                self.complete_operation(error.as_ref());
                continue;
            }
            if matches!(request.kind, TxnRequestKind::EndTxn { .. }) && !self.transaction_started {
                // Nothing was added to the transaction: it completes without EndTxn.
                self.complete_transaction();
                self.complete_operation(None);
                continue;
            }
            let send = self.build(&request);
            self.in_flight = Some((-1, request));
            return Some(send);
        }
    }

    /// Records the correlation id of the request [`TransactionManager::next_request`] gave.
    pub fn set_in_flight(&mut self, correlation_id: i32) {
        let slot = self
            .in_flight
            .as_mut()
            .expect("set_in_flight follows next_request");
        slot.0 = correlation_id;
    }

    /// The request handed out by `next_request` could not be sent: its coordinator is
    /// unknown (a FindCoordinator goes first) or no broker is reachable
    /// (`maybeFindCoordinatorAndRetry`).
    pub fn retry_unsent(&mut self, needs_coordinator: bool) {
        if let Some((_, request)) = self.in_flight.take() {
            if needs_coordinator {
                self.lookup_coordinator_of(&request.kind);
            }
            self.reenqueue(request);
        }
    }

    /// Whether the request of `correlation_id` is the manager's in-flight one.
    pub fn owns(&self, correlation_id: i32) -> bool {
        self.in_flight
            .as_ref()
            .is_some_and(|(c, _)| *c == correlation_id)
    }

    fn build(&self, request: &PendingRequest) -> TxnSend {
        let txn_id = self.transactional_id.clone().unwrap_or_default();
        let coordinator = self
            .coordinator_of(&request.kind)
            .map(|(coordinator_type, _)| match coordinator_type {
                CoordinatorType::Group => self.consumer_group_coordinator.unwrap_or(-1),
                CoordinatorType::Transaction => self.coordinator.unwrap_or(-1),
            });
        let req = match &request.kind {
            TxnRequestKind::FindCoordinator {
                coordinator_type,
                key,
            } => Request::FindCoordinator(FindCoordinatorRequest {
                key: key.clone(),
                key_type: *coordinator_type,
            }),
            TxnRequestKind::InitProducerId { is_epoch_bump } => {
                Request::InitProducerId(InitProducerIdRequest {
                    transactional_id: self.transactional_id.clone(),
                    transaction_timeout_ms: if self.is_transactional() {
                        self.transaction_timeout_ms
                    } else {
                        i32::MAX
                    },
                    producer_id: if *is_epoch_bump {
                        self.producer_id
                    } else {
                        NO_PRODUCER_ID
                    },
                    producer_epoch: if *is_epoch_bump {
                        self.producer_epoch
                    } else {
                        NO_PRODUCER_EPOCH
                    },
                })
            }
            TxnRequestKind::AddPartitions { partitions } => {
                Request::AddPartitionsToTxn(AddPartitionsToTxnRequest {
                    transactional_id: txn_id,
                    producer_id: self.producer_id,
                    producer_epoch: self.producer_epoch,
                    partitions: partitions.clone(),
                })
            }
            TxnRequestKind::AddOffsets { group_metadata, .. } => {
                Request::AddOffsetsToTxn(AddOffsetsToTxnRequest {
                    transactional_id: txn_id,
                    producer_id: self.producer_id,
                    producer_epoch: self.producer_epoch,
                    group_id: group_metadata.group_id.clone(),
                })
            }
            TxnRequestKind::TxnOffsetCommit { request } => {
                Request::TxnOffsetCommit(request.clone())
            }
            TxnRequestKind::EndTxn { committed } => Request::EndTxn(EndTxnRequest {
                transactional_id: txn_id,
                producer_id: self.producer_id,
                producer_epoch: self.producer_epoch,
                committed: *committed,
            }),
        };
        TxnSend {
            coordinator,
            request: req,
            backoff_ms: if request.is_retry {
                request.retry_backoff_ms
            } else {
                0
            },
        }
    }

    /// Whether the next request needs a coordinator the manager does not know yet; if so a
    /// FindCoordinator is queued (`maybeFindCoordinatorAndRetry`).
    pub fn needs_coordinator_lookup(send: &TxnSend) -> bool {
        send.coordinator == Some(-1)
    }

    /// The in-flight request was lost (timeout or disconnect): retry it, finding the
    /// coordinator again if it needs one (`TxnRequestHandler.onComplete`, disconnected).
    pub fn handle_disconnect(&mut self, correlation_id: i32) {
        if !self.owns(correlation_id) {
            return;
        }
        let (_, request) = self.in_flight.take().expect("owns checked it");
        self.lookup_coordinator_of(&request.kind);
        self.reenqueue(request);
    }

    /// `TxnOffsetCommitHandler.handleResponse`: accepted offsets leave
    /// `pendingTxnOffsetCommits`; a retriable error sends the request again after
    /// `retry.backoff.ms` (finding the group coordinator again first for
    /// `COORDINATOR_NOT_AVAILABLE`, `NOT_COORDINATOR` and `REQUEST_TIMED_OUT`); group
    /// authorization, a fenced static member and stale group metadata abort the transaction;
    /// the producer's own fencing is fatal.
    fn handle_txn_offset_commit(
        &mut self,
        request: PendingRequest,
        group_id: &str,
        results: Vec<(TopicPartition, ErrorCode)>,
    ) {
        let mut coordinator_reloaded = false;
        let mut failed = false;
        for (tp, error) in results {
            match error {
                ErrorCode::None => {
                    self.pending_txn_offset_commits.remove(&tp);
                }
                ErrorCode::CoordinatorNotAvailable
                | ErrorCode::NotCoordinator
                | ErrorCode::RequestTimedOut => {
                    if !coordinator_reloaded {
                        coordinator_reloaded = true;
                        self.lookup_coordinator(CoordinatorType::Group, group_id.to_owned());
                    }
                }
                // Retried with the current coordinator.
                ErrorCode::UnknownTopicOrPartition | ErrorCode::CoordinatorLoadInProgress => {}
                ErrorCode::GroupAuthorizationFailed => {
                    self.abortable(group_authorization_exception(group_id));
                    failed = true;
                    break;
                }
                ErrorCode::FencedInstanceId => {
                    self.abortable(ProducerError::from_code(error, None));
                    failed = true;
                    break;
                }
                ErrorCode::UnknownMemberId | ErrorCode::IllegalGeneration => {
                    self.abortable(ProducerError {
                        exception: "CommitFailedException".to_owned(),
                        code: Some(error),
                        message: format!(
                            "Transaction offset Commit failed due to consumer group metadata mismatch: {}",
                            error.doc()
                        ),
                    });
                    failed = true;
                    break;
                }
                // `isFatalException`.
                ErrorCode::TransactionalIdAuthorizationFailed
                | ErrorCode::InvalidProducerEpoch
                | ErrorCode::ProducerFenced
                | ErrorCode::UnsupportedForMessageFormat => {
                    self.fatal(ProducerError::from_code(error, None));
                    failed = true;
                    break;
                }
                other => {
                    self.fatal(kafka_exception(format!(
                        "Unexpected error in TxnOffsetCommitResponse: {}",
                        other.doc()
                    )));
                    failed = true;
                    break;
                }
            }
        }
        if failed {
            self.pending_txn_offset_commits.clear();
        } else if self.pending_txn_offset_commits.is_empty() {
            self.complete_operation_if(SEND_OFFSETS_OPERATION, None);
        } else {
            self.reenqueue(request);
        }
    }

    fn fatal(&mut self, error: ProducerError) {
        self.transition_to_fatal_error(error);
    }

    fn abortable(&mut self, error: ProducerError) {
        self.complete_operation(Some(&error));
        self.transition_to_abortable_error(error);
    }

    fn abortable_if_possible(&mut self, error: ProducerError) {
        // `canBumpEpoch`: kplay's coordinator speaks InitProducerId v3+ (KIP-360).
        self.epoch_bump_required = true;
        self.abortable(error);
    }

    fn fenced(&mut self) {
        self.fatal(ProducerError::producer_fenced());
    }

    /// Handles the response to the in-flight transactional request.
    pub fn handle_response(&mut self, correlation_id: i32, response: Response) {
        if !self.owns(correlation_id) {
            return;
        }
        let (_, request) = self.in_flight.take().expect("owns checked it");
        match (request.kind.clone(), response) {
            (
                TxnRequestKind::FindCoordinator {
                    coordinator_type,
                    key,
                },
                Response::FindCoordinator(r),
            ) => match r.error {
                ErrorCode::None => match coordinator_type {
                    CoordinatorType::Group => self.consumer_group_coordinator = Some(r.node_id),
                    CoordinatorType::Transaction => self.coordinator = Some(r.node_id),
                },
                ErrorCode::CoordinatorNotAvailable => self.reenqueue(request),
                ErrorCode::TransactionalIdAuthorizationFailed => {
                    self.fatal(ProducerError::from_code(r.error, None))
                }
                ErrorCode::GroupAuthorizationFailed => {
                    self.abortable(group_authorization_exception(&key))
                }
                other => self.fatal(kafka_exception(format!(
                    "Could not find a coordinator with type {} with key {key} due to unexpected error: {}",
                    coordinator_type_name(coordinator_type),
                    other.doc()
                ))),
            },
            (TxnRequestKind::InitProducerId { is_epoch_bump }, Response::InitProducerId(r)) => {
                match r.error {
                    ErrorCode::None => {
                        self.producer_id = r.producer_id;
                        self.producer_epoch = r.producer_epoch;
                        self.outbox.push(ProducerEvent::ProducerIdAssigned {
                            producer_id: r.producer_id,
                            epoch: r.producer_epoch,
                        });
                        self.transition_internal(TransactionState::Ready, None);
                        if is_epoch_bump {
                            self.partitions.clear();
                            self.partitions_with_unresolved_sequences.clear();
                        }
                        self.complete_operation(None);
                    }
                    ErrorCode::NotCoordinator | ErrorCode::CoordinatorNotAvailable => {
                        self.lookup_transaction_coordinator();
                        self.reenqueue(request);
                    }
                    ErrorCode::CoordinatorLoadInProgress | ErrorCode::ConcurrentTransactions => {
                        self.reenqueue(request)
                    }
                    ErrorCode::TransactionalIdAuthorizationFailed
                    | ErrorCode::ClusterAuthorizationFailed => {
                        self.fatal(ProducerError::from_code(r.error, None))
                    }
                    ErrorCode::InvalidProducerEpoch | ErrorCode::ProducerFenced => self.fenced(),
                    other => self.fatal(kafka_exception(format!(
                        "Unexpected error in InitProducerIdResponse; {}",
                        other.doc()
                    ))),
                }
            }
            (TxnRequestKind::AddPartitions { .. }, Response::AddPartitionsToTxn(r)) => {
                let mut has_partition_errors = false;
                let mut unauthorized = BTreeSet::new();
                for (tp, error) in &r.results {
                    match *error {
                        ErrorCode::None => {}
                        ErrorCode::CoordinatorNotAvailable | ErrorCode::NotCoordinator => {
                            self.lookup_transaction_coordinator();
                            self.reenqueue(request);
                            return;
                        }
                        ErrorCode::ConcurrentTransactions => {
                            let mut request = request;
                            if self.partitions_in_transaction.is_empty() {
                                request.retry_backoff_ms =
                                    ADD_PARTITIONS_RETRY_BACKOFF_MS.min(self.retry_backoff_ms);
                            }
                            self.reenqueue(request);
                            return;
                        }
                        ErrorCode::CoordinatorLoadInProgress | ErrorCode::UnknownTopicOrPartition => {
                            self.reenqueue(request);
                            return;
                        }
                        ErrorCode::InvalidProducerEpoch | ErrorCode::ProducerFenced => {
                            self.fenced();
                            return;
                        }
                        ErrorCode::TransactionalIdAuthorizationFailed => {
                            self.fatal(ProducerError::from_code(*error, None));
                            return;
                        }
                        ErrorCode::InvalidTxnState => {
                            self.fatal(kafka_exception(format!(
                                "{}",
                                ProducerError::from_code(*error, None)
                            )));
                            return;
                        }
                        ErrorCode::TopicAuthorizationFailed => {
                            unauthorized.insert(tp.topic.clone());
                        }
                        ErrorCode::UnknownProducerId | ErrorCode::InvalidProducerIdMapping => {
                            self.abortable_if_possible(ProducerError::from_code(*error, None));
                            return;
                        }
                        _ => has_partition_errors = true,
                    }
                }
                for (tp, _) in &r.results {
                    self.pending_partitions_in_transaction.remove(tp);
                }
                if !unauthorized.is_empty() {
                    self.abortable(ProducerError::new(
                        "TopicAuthorizationException",
                        format!("Not authorized to access topics: {unauthorized:?}"),
                    ));
                } else if has_partition_errors {
                    let errors: Vec<String> = r
                        .results
                        .iter()
                        .map(|(tp, e)| format!("{tp}={}", e.name()))
                        .collect();
                    self.abortable(kafka_exception(format!(
                        "Could not add partitions to transaction due to errors: {{{}}}",
                        errors.join(", ")
                    )));
                } else {
                    self.partitions_in_transaction
                        .extend(r.results.into_iter().map(|(tp, _)| tp));
                    self.transaction_started = true;
                }
            }
            (
                TxnRequestKind::AddOffsets {
                    offsets,
                    group_metadata,
                },
                Response::AddOffsetsToTxn(r),
            ) => match r.error {
                ErrorCode::None => {
                    // The call completes only when TxnOffsetCommit returns.
                    let commit = self.txn_offset_commit_request(offsets, group_metadata);
                    self.enqueue(commit);
                    self.transaction_started = true;
                }
                ErrorCode::CoordinatorNotAvailable | ErrorCode::NotCoordinator => {
                    self.lookup_transaction_coordinator();
                    self.reenqueue(request);
                }
                ErrorCode::CoordinatorLoadInProgress | ErrorCode::ConcurrentTransactions => {
                    self.reenqueue(request)
                }
                ErrorCode::UnknownProducerId | ErrorCode::InvalidProducerIdMapping => {
                    self.abortable_if_possible(ProducerError::from_code(r.error, None))
                }
                ErrorCode::InvalidProducerEpoch | ErrorCode::ProducerFenced => self.fenced(),
                ErrorCode::TransactionalIdAuthorizationFailed => {
                    self.fatal(ProducerError::from_code(r.error, None))
                }
                ErrorCode::GroupAuthorizationFailed => {
                    self.abortable(group_authorization_exception(&group_metadata.group_id))
                }
                other => self.fatal(kafka_exception(format!(
                    "Unexpected error in AddOffsetsToTxnResponse: {}",
                    other.doc()
                ))),
            },
            (TxnRequestKind::TxnOffsetCommit { request: sent }, Response::TxnOffsetCommit(r)) => {
                self.handle_txn_offset_commit(request, &sent.group_id, r.partitions);
            }
            (TxnRequestKind::EndTxn { .. }, Response::EndTxn(r)) => match r.error {
                ErrorCode::None => {
                    self.complete_transaction();
                    self.complete_operation(None);
                }
                ErrorCode::CoordinatorNotAvailable | ErrorCode::NotCoordinator => {
                    self.lookup_transaction_coordinator();
                    self.reenqueue(request);
                }
                ErrorCode::CoordinatorLoadInProgress | ErrorCode::ConcurrentTransactions => {
                    self.reenqueue(request)
                }
                ErrorCode::InvalidProducerEpoch | ErrorCode::ProducerFenced => self.fenced(),
                ErrorCode::TransactionalIdAuthorizationFailed | ErrorCode::InvalidTxnState => {
                    self.fatal(ProducerError::from_code(r.error, None))
                }
                ErrorCode::UnknownProducerId | ErrorCode::InvalidProducerIdMapping => {
                    self.abortable_if_possible(ProducerError::from_code(r.error, None))
                }
                other => self.fatal(kafka_exception(format!(
                    "Unhandled error in EndTxnResponse: {}",
                    other.doc()
                ))),
            },
            (kind, response) => self.fatal(kafka_exception(format!(
                "{} was answered by a {:?} response",
                kind.operation(),
                std::mem::discriminant(&response)
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::protocol::{
        AddOffsetsToTxnResponse, EndTxnResponse, FindCoordinatorResponse, InitProducerIdResponse,
        TxnOffsetCommitResponse,
    };
    use TransactionState::*;

    #[test]
    fn transitions_follow_kafkas_table() {
        assert!(Uninitialized.is_transition_valid(Initializing));
        assert!(!Uninitialized.is_transition_valid(InTransaction));
        assert!(Ready.is_transition_valid(InTransaction));
        assert!(!InTransaction.is_transition_valid(Ready));
        assert!(AbortableError.is_transition_valid(AbortingTransaction));
        assert!(!AbortableError.is_transition_valid(CommittingTransaction));
        for s in [Uninitialized, Ready, InTransaction, FatalError] {
            assert!(s.is_transition_valid(FatalError));
        }
    }

    fn ready_transactional() -> TransactionManager {
        let mut tm = TransactionManager::new(Some("t1".into()), 60_000, 100);
        tm.initialize_transactions().unwrap();
        let send = tm.next_request(false).unwrap();
        assert!(matches!(send.request, Request::InitProducerId(_)));
        assert_eq!(send.coordinator, Some(-1));
        tm.set_in_flight(1);
        tm.handle_response(
            1,
            Response::InitProducerId(InitProducerIdResponse {
                error: ErrorCode::None,
                producer_id: 7,
                producer_epoch: 0,
            }),
        );
        assert_eq!(tm.state(), Ready);
        tm
    }

    #[test]
    fn illegal_calls_fail_with_kafkas_messages() {
        let mut tm = TransactionManager::new(Some("t1".into()), 60_000, 100);
        let e = tm.begin_transaction().unwrap_err();
        assert_eq!(
            e.message,
            "TransactionalId t1: Invalid transition attempted from state UNINITIALIZED to state IN_TRANSACTION"
        );
        let mut tm = ready_transactional();
        let e = tm.begin_commit().unwrap_err();
        assert!(e
            .message
            .ends_with("from state READY to state COMMITTING_TRANSACTION"));
        let e = tm.fail_if_not_ready_for_send().unwrap_err();
        assert_eq!(e.message, "Cannot call send in state READY");
        let plain = TransactionManager::new(None, 60_000, 100);
        let mut plain2 = plain.clone();
        assert_eq!(
            plain2.begin_transaction().unwrap_err().message,
            "Transactional method invoked on a non-transactional producer."
        );
    }

    #[test]
    fn an_empty_transaction_commits_without_end_txn() {
        let mut tm = ready_transactional();
        tm.begin_transaction().unwrap();
        tm.begin_commit().unwrap();
        assert_eq!(tm.next_request(false), None);
        assert_eq!(tm.state(), Ready);
    }

    #[test]
    fn fencing_on_end_txn_is_fatal() {
        let mut tm = ready_transactional();
        tm.begin_transaction().unwrap();
        tm.maybe_add_partition(&TopicPartition::new("t", 0));
        let add = tm.next_request(true).unwrap();
        assert!(matches!(add.request, Request::AddPartitionsToTxn(_)));
        tm.set_in_flight(2);
        tm.handle_response(
            2,
            Response::AddPartitionsToTxn(crate::engine::protocol::AddPartitionsToTxnResponse {
                results: vec![(TopicPartition::new("t", 0), ErrorCode::None)],
            }),
        );
        assert!(tm.is_send_to_partition_allowed(&TopicPartition::new("t", 0)));
        tm.begin_commit().unwrap();
        assert_eq!(tm.next_request(true), None, "EndTxn waits for the batches");
        let end = tm.next_request(false).unwrap();
        assert!(matches!(
            end.request,
            Request::EndTxn(EndTxnRequest {
                committed: true,
                ..
            })
        ));
        tm.set_in_flight(3);
        tm.handle_response(
            3,
            Response::EndTxn(EndTxnResponse {
                error: ErrorCode::ProducerFenced,
            }),
        );
        assert_eq!(tm.state(), FatalError);
        let e = tm.begin_transaction().unwrap_err();
        assert_eq!(e.exception, "ProducerFencedException");
    }

    /// Sends the next request as correlation `id`; its coordinator is taken as known.
    fn send_next(tm: &mut TransactionManager, id: i32) -> TxnSend {
        let send = tm.next_request(false).expect("a request is queued");
        tm.set_in_flight(id);
        send
    }

    fn offsets() -> Vec<OffsetCommitRequestPartition> {
        vec![OffsetCommitRequestPartition {
            topic_partition: TopicPartition::new("in", 0),
            committed_offset: 42,
            committed_leader_epoch: -1,
            committed_metadata: Some(String::new()),
        }]
    }

    fn find_group_coordinator(tm: &mut TransactionManager, id: i32, node: i32) {
        let send = tm.next_request(false).unwrap();
        assert_eq!(
            send.request,
            Request::FindCoordinator(FindCoordinatorRequest {
                key: "g".into(),
                key_type: CoordinatorType::Group,
            })
        );
        tm.set_in_flight(id);
        tm.handle_response(
            id,
            Response::FindCoordinator(FindCoordinatorResponse {
                error: ErrorCode::None,
                node_id: node,
            }),
        );
        assert_eq!(tm.consumer_group_coordinator(), Some(node));
    }

    #[test]
    fn txn_offset_commit_follows_add_offsets_and_retries_on_coordinator_not_available() {
        let mut tm = ready_transactional();
        tm.begin_transaction().unwrap();
        tm.send_offsets_to_transaction(offsets(), ConsumerGroupMetadata::new("g"))
            .unwrap();
        let add = send_next(&mut tm, 2);
        assert!(matches!(add.request, Request::AddOffsetsToTxn(_)));
        tm.handle_response(
            2,
            Response::AddOffsetsToTxn(AddOffsetsToTxnResponse {
                error: ErrorCode::None,
            }),
        );
        assert_eq!(
            tm.pending_operation(),
            Some("sendOffsetsToTransaction"),
            "not done before TxnOffsetCommit"
        );
        // The group coordinator is unknown: the sender finds it first.
        let commit = tm.next_request(false).unwrap();
        assert!(TransactionManager::needs_coordinator_lookup(&commit));
        tm.retry_unsent(true);
        find_group_coordinator(&mut tm, 3, 2);
        let commit = send_next(&mut tm, 4);
        assert_eq!(commit.coordinator, Some(2));
        let expected = TxnOffsetCommitRequest {
            transactional_id: "t1".into(),
            group_id: "g".into(),
            producer_id: 7,
            producer_epoch: 0,
            generation_id: -1,
            member_id: String::new(),
            group_instance_id: None,
            partitions: offsets(),
        };
        assert_eq!(commit.request, Request::TxnOffsetCommit(expected.clone()));
        tm.handle_response(
            4,
            Response::TxnOffsetCommit(TxnOffsetCommitResponse {
                partitions: vec![(
                    TopicPartition::new("in", 0),
                    ErrorCode::CoordinatorNotAvailable,
                )],
            }),
        );
        assert_eq!(tm.consumer_group_coordinator(), None);
        assert_eq!(tm.state(), InTransaction);
        assert_eq!(tm.pending_operation(), Some("sendOffsetsToTransaction"));
        // FindCoordinator GROUP again, then the same request after retry.backoff.ms.
        find_group_coordinator(&mut tm, 5, 1);
        let retry = send_next(&mut tm, 6);
        assert_eq!(retry.coordinator, Some(1));
        assert_eq!(retry.backoff_ms, 100);
        assert_eq!(retry.request, Request::TxnOffsetCommit(expected));
        tm.handle_response(
            6,
            Response::TxnOffsetCommit(TxnOffsetCommitResponse {
                partitions: vec![(TopicPartition::new("in", 0), ErrorCode::None)],
            }),
        );
        assert_eq!(tm.pending_operation(), None);
        let completed: Vec<ProducerEvent> = tm.drain_events().collect();
        assert!(completed.iter().any(|e| matches!(
            e,
            ProducerEvent::TransactionalOperationCompleted { operation, error: None }
                if operation == "sendOffsetsToTransaction"
        )));
        assert_eq!(tm.next_request(false), None);
    }

    #[test]
    fn stale_group_metadata_aborts_and_fencing_is_fatal() {
        for (error, state, exception) in [
            (
                ErrorCode::IllegalGeneration,
                AbortableError,
                "CommitFailedException",
            ),
            (
                ErrorCode::FencedInstanceId,
                AbortableError,
                "FencedInstanceIdException",
            ),
            (
                ErrorCode::GroupAuthorizationFailed,
                AbortableError,
                "GroupAuthorizationException",
            ),
            (
                ErrorCode::ProducerFenced,
                FatalError,
                "ProducerFencedException",
            ),
        ] {
            let mut tm = ready_transactional();
            tm.begin_transaction().unwrap();
            let metadata = ConsumerGroupMetadata::with_member("g", 3, "m-1", Some("i-1".into()));
            tm.send_offsets_to_transaction(offsets(), metadata).unwrap();
            send_next(&mut tm, 2);
            tm.handle_response(
                2,
                Response::AddOffsetsToTxn(AddOffsetsToTxnResponse {
                    error: ErrorCode::None,
                }),
            );
            tm.next_request(false).unwrap();
            tm.retry_unsent(true);
            find_group_coordinator(&mut tm, 3, 0);
            let commit = send_next(&mut tm, 4);
            let Request::TxnOffsetCommit(sent) = commit.request else {
                panic!("{commit:?}")
            };
            assert_eq!((sent.generation_id, sent.member_id.as_str()), (3, "m-1"));
            assert_eq!(sent.group_instance_id.as_deref(), Some("i-1"));
            tm.handle_response(
                4,
                Response::TxnOffsetCommit(TxnOffsetCommitResponse {
                    partitions: vec![(TopicPartition::new("in", 0), error)],
                }),
            );
            assert_eq!(tm.state(), state, "{error:?}");
            assert_eq!(
                tm.last_error().map(|e| e.exception.as_str()),
                Some(exception)
            );
            assert_eq!(tm.pending_operation(), None);
            assert!(tm.pending_txn_offset_commits.is_empty());
        }
    }
}
