//! The transaction coordinator's request handling, as methods of [`Cluster`] (Kafka's
//! `TransactionCoordinator`, `TransactionStateManager.appendTransactionToLog`,
//! `TransactionMarkerChannelManager`, transaction protocol v1 of KIP-98 with KIP-360's
//! epoch bumps).
//!
//! One broker leads every partition of `__transaction_state`, so it coordinates every
//! transactional id. Each transition is written to the id's partition
//! (`Utils.abs(transactionalId.hashCode) % transaction.state.log.num.partitions`) with
//! `acks=-1` before it is applied. Ending a transaction is Kafka's two phases: EndTxn writes
//! PrepareCommit/PrepareAbort and is answered at once; the COMMIT/ABORT markers and the
//! CompleteCommit/CompleteAbort record are written afterwards, by
//! [`Cluster::handle_timeout`] (due at once: [`Cluster::poll_timeout`] says so), as Kafka's
//! marker sender thread does. Until then the id answers `CONCURRENT_TRANSACTIONS`.
//!
//! `__transaction_state` is created on the first FindCoordinator for a transactional id, as
//! `KafkaApis.getCoordinator` does (that first answer is `COORDINATOR_NOT_AVAILABLE`; the
//! client retries). Its configs are `TransactionStateManager.transactionTopicConfigs`:
//! `cleanup.policy=compact`, `compression.type=uncompressed`,
//! `unclean.leader.election.enable=false`, `segment.bytes=transaction.state.log.segment.bytes`,
//! `min.insync.replicas=transaction.state.log.min.isr`. kplay deviation: Kafka refuses to
//! create the topic until `transaction.state.log.replication.factor` (3) brokers are alive;
//! kplay uses `min(replication factor, brokers)` replicas and caps the min ISR the same way,
//! so a one-broker playground has transactions without extra settings.

use std::collections::BTreeSet;

use super::event::TxnEvent;
use super::log_schema::{key_to_bytes, value_to_bytes};
use super::metadata::{TransactionMetadata, TxnTransitMetadata};
use super::state::TransactionState;
use super::state_manager::{
    PendingMarkers, GROUP_METADATA_TOPIC, MARKER_RETRY_BACKOFF_MS, MAX_TRANSACTIONAL_IDS,
    TRANSACTION_STATE_TOPIC,
};
use crate::engine::cluster::Cluster;
use crate::engine::error_code::ErrorCode;
use crate::engine::event::Event;
use crate::engine::java_hash::coordinator_partition;
use crate::engine::producer_state::append_info::ValidationOrigin;
use crate::engine::protocol::{
    AddOffsetsToTxnRequest, AddOffsetsToTxnResponse, AddPartitionsToTxnRequest,
    AddPartitionsToTxnResponse, CoordinatorType, EndTxnRequest, EndTxnResponse,
    FindCoordinatorRequest, FindCoordinatorResponse, InitProducerIdResponse, NO_PRODUCER_EPOCH,
    NO_PRODUCER_ID,
};
use crate::engine::record::batch_header::NO_PRODUCER_EPOCH as RECORD_NO_EPOCH;
use crate::engine::record::{
    control_batch, BatchBuilder, Compression, ControlRecordType, TimestampType,
};
use crate::engine::topic::registry::CreateTopicRequest;
use crate::engine::topic_partition::TopicPartition;
use crate::storage::SegmentStorage;

impl<S: SegmentStorage> Cluster<S> {
    /// The `__transaction_state` partition of a transactional id (`partitionFor`).
    pub fn transaction_partition_for(&self, transactional_id: &str) -> i32 {
        coordinator_partition(
            transactional_id,
            self.broker_config()
                .int("transaction.state.log.num.partitions"),
        )
    }

    /// The `__consumer_offsets` partition of a group (`GroupCoordinator.partitionFor`).
    pub fn group_partition_for(&self, group_id: &str) -> i32 {
        coordinator_partition(
            group_id,
            self.broker_config().int("offsets.topic.num.partitions"),
        )
    }

    /// The coordinator's view of a transactional id, if it has one.
    pub fn transaction(&self, transactional_id: &str) -> Option<&TransactionMetadata> {
        self.txn.get(transactional_id)
    }

    /// Every transactional id the coordinator knows, in name order.
    pub fn transactions(&self) -> impl Iterator<Item = &TransactionMetadata> {
        self.txn.all()
    }

    fn txn_topic_exists(&self) -> bool {
        self.registry()
            .describe_topic(TRANSACTION_STATE_TOPIC)
            .is_ok()
    }

    /// Creates `__transaction_state` (see the module doc for its settings).
    fn create_transaction_topic(&mut self, now_ms: i64) {
        let config = self.broker_config();
        let brokers = self.broker_ids().len() as i32;
        let partitions = config.int("transaction.state.log.num.partitions");
        let replication = config
            .int("transaction.state.log.replication.factor")
            .min(brokers);
        let min_isr = config.int("transaction.state.log.min.isr").min(brokers);
        let segment_bytes = config.int("transaction.state.log.segment.bytes");
        let mut request =
            CreateTopicRequest::new(TRANSACTION_STATE_TOPIC, partitions, replication as i16);
        request.configs = [
            ("cleanup.policy", "compact".to_owned()),
            ("compression.type", "uncompressed".to_owned()),
            ("unclean.leader.election.enable", "false".to_owned()),
            ("min.insync.replicas", min_isr.to_string()),
            ("segment.bytes", segment_bytes.to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), Some(v)))
        .collect();
        // A failure (the kplay partition limit) leaves the topic missing: FindCoordinator keeps
        // answering COORDINATOR_NOT_AVAILABLE, as Kafka does while creation fails.
        let _ = self.create_topic(&request, false, now_ms);
    }

    /// `KafkaApis.handleFindCoordinatorRequest` / `getCoordinator`.
    pub(crate) fn handle_find_coordinator(
        &mut self,
        request: FindCoordinatorRequest,
        now_ms: i64,
    ) -> FindCoordinatorResponse {
        let unavailable = FindCoordinatorResponse {
            error: ErrorCode::CoordinatorNotAvailable,
            node_id: -1,
        };
        match request.key_type {
            CoordinatorType::Group => self.find_group_coordinator(&request.key, now_ms),
            CoordinatorType::Transaction => {
                if !self.txn_topic_exists() {
                    self.create_transaction_topic(now_ms);
                    return unavailable;
                }
                let tp = TopicPartition::new(
                    TRANSACTION_STATE_TOPIC,
                    self.transaction_partition_for(&request.key),
                );
                // The coordinator moves with the leadership of its partition.
                match self.partition_leader(&tp) {
                    Some(leader) => FindCoordinatorResponse {
                        error: ErrorCode::None,
                        node_id: leader,
                    },
                    None => unavailable,
                }
            }
        }
    }

    /// The `__transaction_state` partition of an id and its leader epoch (the coordinator
    /// epoch), or `NOT_COORDINATOR` when the topic does not exist (no partition is led here).
    fn coordinator_epoch(
        &self,
        transactional_id: &str,
    ) -> Result<(TopicPartition, i32), ErrorCode> {
        let tp = TopicPartition::new(
            TRANSACTION_STATE_TOPIC,
            self.transaction_partition_for(transactional_id),
        );
        self.partition_leader_epoch(&tp)
            .map(|epoch| (tp, epoch))
            .ok_or(ErrorCode::NotCoordinator)
    }

    /// `handleInitProducerId` for a transactional id.
    pub(crate) fn init_transactional_producer_id(
        &mut self,
        transactional_id: &str,
        txn_timeout_ms: i32,
        expected: Option<(i64, i16)>,
        now_ms: i64,
    ) -> InitProducerIdResponse {
        let error = |error| InitProducerIdResponse {
            error,
            producer_id: NO_PRODUCER_ID,
            producer_epoch: NO_PRODUCER_EPOCH,
        };
        if transactional_id.is_empty() {
            return error(ErrorCode::InvalidRequest);
        }
        let max_timeout_ms = self.broker_config().int("transaction.max.timeout.ms");
        if txn_timeout_ms <= 0 || txn_timeout_ms > max_timeout_ms {
            return error(ErrorCode::InvalidTransactionTimeout);
        }
        if let Err(e) = self.coordinator_epoch(transactional_id) {
            return error(e);
        }
        if self.txn.get(transactional_id).is_none() {
            if self.txn.len() >= MAX_TRANSACTIONAL_IDS {
                return error(ErrorCode::PolicyViolation);
            }
            let producer_id = self.generate_producer_id(now_ms);
            self.txn.insert(TransactionMetadata::new(
                transactional_id,
                producer_id,
                txn_timeout_ms,
                now_ms,
            ));
        }
        let txn = self.txn.get(transactional_id).expect("inserted above");
        let is_valid_producer_id = |(pid, epoch): (i64, i16)| {
            txn.producer_epoch == RECORD_NO_EPOCH
                || pid == txn.producer_id
                || (pid == txn.last_producer_id && super::metadata::is_epoch_exhausted(epoch))
        };
        if txn.pending_transition_in_progress() {
            return error(ErrorCode::ConcurrentTransactions);
        }
        if !expected.is_none_or(is_valid_producer_id) {
            return error(ErrorCode::ProducerFenced);
        }
        let old_epoch = txn.producer_epoch;
        let transit = match txn.state {
            TransactionState::PrepareAbort | TransactionState::PrepareCommit => {
                return error(ErrorCode::ConcurrentTransactions)
            }
            TransactionState::CompleteAbort
            | TransactionState::CompleteCommit
            | TransactionState::Empty => {
                let rotate = txn.is_producer_epoch_exhausted()
                    && expected.is_none_or(|(_, e)| e == txn.producer_epoch);
                if rotate {
                    let new_id = self.generate_producer_id(now_ms);
                    let txn = self.txn.get_mut(transactional_id).expect("present");
                    txn.prepare_producer_id_rotation(new_id, txn_timeout_ms, now_ms, expected.is_some())
                } else {
                    let txn = self.txn.get_mut(transactional_id).expect("present");
                    match txn.prepare_increment_producer_epoch(
                        txn_timeout_ms,
                        expected.map(|(_, e)| e),
                        now_ms,
                    ) {
                        Ok(t) => t,
                        Err(e) => return error(e),
                    }
                }
            }
            TransactionState::Ongoing => {
                // Fence the running transaction's producer: bump the epoch, abort with it, and
                // have the client retry once the abort completes.
                let txn = self.txn.get_mut(transactional_id).expect("present");
                let fence = txn.prepare_fence_producer_epoch();
                self.push_event(Event::Txn(TxnEvent::EpochBumped {
                    transactional_id: transactional_id.to_owned(),
                    producer_id: fence.producer_id,
                    from: old_epoch,
                    to: fence.producer_epoch,
                }));
                let result = self.end_transaction(
                    transactional_id,
                    fence.producer_id,
                    fence.producer_epoch,
                    false,
                    false,
                    now_ms,
                );
                return error(if result == ErrorCode::None {
                    ErrorCode::ConcurrentTransactions
                } else {
                    result
                });
            }
            TransactionState::Dead | TransactionState::PrepareEpochFence => unreachable!(
                "Found transactionalId {transactional_id} with state {:?}. This is illegal as we should never have transitioned to this state.",
                txn.state
            ),
        };
        let (producer_id, producer_epoch) = (transit.producer_id, transit.producer_epoch);
        match self.write_transition(transactional_id, transit, now_ms) {
            ErrorCode::None => {
                if old_epoch >= 0 && producer_epoch != old_epoch {
                    self.push_event(Event::Txn(TxnEvent::EpochBumped {
                        transactional_id: transactional_id.to_owned(),
                        producer_id,
                        from: old_epoch,
                        to: producer_epoch,
                    }));
                }
                self.push_event(Event::Txn(TxnEvent::ProducerIdAllocated {
                    transactional_id: Some(transactional_id.to_owned()),
                    producer_id,
                    producer_epoch,
                }));
                InitProducerIdResponse {
                    error: ErrorCode::None,
                    producer_id,
                    producer_epoch,
                }
            }
            e => error(e),
        }
    }

    /// Checks the id, producer id and epoch every transactional request carries, reporting a
    /// fenced epoch.
    fn check_txn_request(
        &mut self,
        api: &str,
        transactional_id: &str,
        producer_id: i64,
        producer_epoch: i16,
    ) -> Result<(), ErrorCode> {
        if transactional_id.is_empty() {
            return Err(ErrorCode::InvalidRequest);
        }
        self.coordinator_epoch(transactional_id)?;
        let txn = self
            .txn
            .get(transactional_id)
            .ok_or(ErrorCode::InvalidProducerIdMapping)?;
        if txn.producer_id != producer_id {
            return Err(ErrorCode::InvalidProducerIdMapping);
        }
        if txn.producer_epoch != producer_epoch {
            let current_epoch = txn.producer_epoch;
            self.push_event(Event::Txn(TxnEvent::RequestFenced {
                transactional_id: transactional_id.to_owned(),
                api: api.to_owned(),
                producer_epoch,
                current_epoch,
            }));
            return Err(ErrorCode::ProducerFenced);
        }
        Ok(())
    }

    /// `handleAddPartitionsToTransaction` for partitions that exist (`KafkaApis` answers
    /// `UNKNOWN_TOPIC_OR_PARTITION` for the missing ones and `OPERATION_NOT_ATTEMPTED` for the
    /// rest, adding none).
    pub(crate) fn handle_add_partitions_to_txn(
        &mut self,
        request: AddPartitionsToTxnRequest,
        now_ms: i64,
    ) -> AddPartitionsToTxnResponse {
        let missing: Vec<&TopicPartition> = request
            .partitions
            .iter()
            .filter(|tp| self.partition_leader_epoch(tp).is_none())
            .collect();
        let error = if !missing.is_empty() {
            None
        } else {
            let partitions: BTreeSet<TopicPartition> = request.partitions.iter().cloned().collect();
            Some(self.add_partitions(
                "AddPartitionsToTxn",
                &request.transactional_id,
                request.producer_id,
                request.producer_epoch,
                partitions,
                now_ms,
            ))
        };
        let results = request
            .partitions
            .iter()
            .map(|tp| {
                let code = match error {
                    Some(e) => e,
                    None if missing.contains(&tp) => ErrorCode::UnknownTopicOrPartition,
                    None => ErrorCode::OperationNotAttempted,
                };
                (tp.clone(), code)
            })
            .collect();
        AddPartitionsToTxnResponse { results }
    }

    /// `KafkaApis.handleAddOffsetsToTxnRequest`: adds the group's `__consumer_offsets`
    /// partition to the transaction. Until a FindCoordinator for a group created that topic the
    /// partition does not exist: it is recorded in the transaction (and in
    /// `__transaction_state`) as Kafka does, and skipped when markers are written
    /// (`MarkerSkipped`). TxnOffsetCommit (`engine::group::broker`) writes the offsets; the
    /// marker written here commits or discards them.
    pub(crate) fn handle_add_offsets_to_txn(
        &mut self,
        request: AddOffsetsToTxnRequest,
        now_ms: i64,
    ) -> AddOffsetsToTxnResponse {
        let tp = TopicPartition::new(
            GROUP_METADATA_TOPIC,
            self.group_partition_for(&request.group_id),
        );
        let error = self.add_partitions(
            "AddOffsetsToTxn",
            &request.transactional_id,
            request.producer_id,
            request.producer_epoch,
            BTreeSet::from([tp]),
            now_ms,
        );
        AddOffsetsToTxnResponse { error }
    }

    fn add_partitions(
        &mut self,
        api: &str,
        transactional_id: &str,
        producer_id: i64,
        producer_epoch: i16,
        partitions: BTreeSet<TopicPartition>,
        now_ms: i64,
    ) -> ErrorCode {
        if let Err(e) = self.check_txn_request(api, transactional_id, producer_id, producer_epoch) {
            return e;
        }
        let txn = self.txn.get_mut(transactional_id).expect("checked above");
        if txn.pending_transition_in_progress()
            || matches!(
                txn.state,
                TransactionState::PrepareCommit | TransactionState::PrepareAbort
            )
        {
            return ErrorCode::ConcurrentTransactions;
        }
        if txn.state == TransactionState::Ongoing && partitions.is_subset(&txn.topic_partitions) {
            return ErrorCode::None;
        }
        let added: Vec<TopicPartition> = partitions
            .difference(&txn.topic_partitions)
            .cloned()
            .collect();
        let transit = txn.prepare_add_partitions(&partitions, now_ms);
        let result = self.write_transition(transactional_id, transit, now_ms);
        if result == ErrorCode::None {
            self.push_event(Event::Txn(TxnEvent::PartitionsAdded {
                transactional_id: transactional_id.to_owned(),
                partitions: added,
            }));
        }
        result
    }

    /// `handleEndTransaction`.
    pub(crate) fn handle_end_txn(&mut self, request: EndTxnRequest, now_ms: i64) -> EndTxnResponse {
        let error = self.end_transaction(
            &request.transactional_id,
            request.producer_id,
            request.producer_epoch,
            request.committed,
            true,
            now_ms,
        );
        EndTxnResponse { error }
    }

    /// `TransactionCoordinator.endTransaction`: writes PrepareCommit/PrepareAbort and queues
    /// the markers. `is_from_client` is false for the coordinator's own aborts (fencing,
    /// timeouts), which carry the bumped epoch.
    fn end_transaction(
        &mut self,
        transactional_id: &str,
        producer_id: i64,
        producer_epoch: i16,
        commit: bool,
        is_from_client: bool,
        now_ms: i64,
    ) -> ErrorCode {
        if transactional_id.is_empty() {
            return ErrorCode::InvalidRequest;
        }
        let coordinator_epoch = match self.coordinator_epoch(transactional_id) {
            Ok((_, epoch)) => epoch,
            Err(e) => return e,
        };
        let Some(txn) = self.txn.get_mut(transactional_id) else {
            return ErrorCode::InvalidProducerIdMapping;
        };
        if txn.producer_id != producer_id {
            return ErrorCode::InvalidProducerIdMapping;
        }
        if (is_from_client && producer_epoch != txn.producer_epoch)
            || producer_epoch < txn.producer_epoch
        {
            let current_epoch = txn.producer_epoch;
            self.push_event(Event::Txn(TxnEvent::RequestFenced {
                transactional_id: transactional_id.to_owned(),
                api: "EndTxn".to_owned(),
                producer_epoch,
                current_epoch,
            }));
            return ErrorCode::ProducerFenced;
        }
        if txn.pending_transition_in_progress()
            && txn.pending_state != Some(TransactionState::PrepareEpochFence)
        {
            return ErrorCode::ConcurrentTransactions;
        }
        let mut is_epoch_fence = false;
        let transit = match (txn.state, commit) {
            (TransactionState::Ongoing, _) => {
                let next = if commit {
                    TransactionState::PrepareCommit
                } else {
                    TransactionState::PrepareAbort
                };
                if !commit && txn.pending_state == Some(TransactionState::PrepareEpochFence) {
                    is_epoch_fence = true;
                    txn.pending_state = None;
                    txn.producer_epoch = producer_epoch;
                    txn.last_producer_epoch = RECORD_NO_EPOCH;
                }
                txn.prepare_abort_or_commit(next, now_ms)
            }
            (TransactionState::CompleteCommit, true) | (TransactionState::CompleteAbort, false) => {
                return ErrorCode::None
            }
            (TransactionState::PrepareCommit, true) | (TransactionState::PrepareAbort, false) => {
                return ErrorCode::ConcurrentTransactions
            }
            (TransactionState::Dead | TransactionState::PrepareEpochFence, _) => unreachable!(
                "Found transactionalId {transactional_id} with state {:?}. This is illegal as we should never have transitioned to this state.",
                txn.state
            ),
            _ => return ErrorCode::InvalidTxnState,
        };
        let result = self.write_transition(transactional_id, transit, now_ms);
        let txn = self.txn.get_mut(transactional_id).expect("present");
        if result != ErrorCode::None {
            if is_epoch_fence {
                txn.has_failed_epoch_fence = true;
            }
            return result;
        }
        // Answered now; the markers follow (`addTxnMarkersToSend` with `prepareComplete`).
        let complete = txn.prepare_complete(now_ms);
        self.txn.add_markers(
            transactional_id,
            PendingMarkers {
                committed: commit,
                coordinator_epoch,
                complete,
                due_ms: now_ms,
            },
        );
        ErrorCode::None
    }

    /// Writes a prepared transition to `__transaction_state` and applies it, or drops it on a
    /// failed write (`appendTransactionToLog`, with its error translation).
    fn write_transition(
        &mut self,
        transactional_id: &str,
        transit: TxnTransitMetadata,
        now_ms: i64,
    ) -> ErrorCode {
        let (tp, _) = match self.coordinator_epoch(transactional_id) {
            Ok(found) => found,
            Err(e) => {
                self.txn
                    .get_mut(transactional_id)
                    .expect("present")
                    .pending_state = None;
                return e;
            }
        };
        let value = (transit.txn_state != TransactionState::Dead).then(|| value_to_bytes(&transit));
        let mut builder = BatchBuilder::new(
            Compression::None,
            TimestampType::CreateTime,
            0,
            transit.txn_last_update_timestamp_ms,
        );
        builder.append(
            transit.txn_last_update_timestamp_ms,
            Some(&key_to_bytes(transactional_id)),
            value.as_deref(),
            &[],
        );
        let batch = builder.build();
        match self.append_records_to_leader(&tp, &batch, -1, ValidationOrigin::Coordinator, now_ms)
        {
            Ok(info) => {
                let txn = self.txn.get_mut(transactional_id).expect("present");
                let from = txn.state;
                txn.complete_transition_to(&transit);
                self.push_event(Event::Txn(TxnEvent::StateChanged {
                    transactional_id: transactional_id.to_owned(),
                    producer_id: transit.producer_id,
                    producer_epoch: transit.producer_epoch,
                    from,
                    to: transit.txn_state,
                    txn_log_partition: tp.partition,
                    txn_log_offset: info.first_offset,
                }));
                ErrorCode::None
            }
            Err(e) => {
                self.txn
                    .get_mut(transactional_id)
                    .expect("present")
                    .pending_state = None;
                match e.code {
                    ErrorCode::UnknownTopicOrPartition
                    | ErrorCode::NotEnoughReplicas
                    | ErrorCode::NotEnoughReplicasAfterAppend
                    | ErrorCode::RequestTimedOut => ErrorCode::CoordinatorNotAvailable,
                    ErrorCode::NotLeaderOrFollower | ErrorCode::KafkaStorageError => {
                        ErrorCode::NotCoordinator
                    }
                    _ => ErrorCode::UnknownServerError,
                }
            }
        }
    }

    /// `ReplicaManager`'s transaction verification (KIP-890 part 1, Kafka 3.6+): a
    /// transactional batch that would open a transaction in a partition must be for a
    /// partition added to the producer's running transaction. Errors as a produce v10 sees
    /// them: `INVALID_TXN_STATE` "Partition was not added to the transaction", coordinator
    /// unavailability as `NOT_ENOUGH_REPLICAS`, a fenced epoch as `PRODUCER_FENCED`.
    pub(crate) fn verify_transactional_produce(
        &mut self,
        transactional_id: &str,
        producer_id: i64,
        producer_epoch: i16,
        tp: &TopicPartition,
    ) -> Result<(), (ErrorCode, Option<String>)> {
        let unverifiable = |e: ErrorCode| {
            (
                ErrorCode::NotEnoughReplicas,
                Some(format!(
                    "Unable to verify the partition has been added to the transaction. Underlying error: {}",
                    e.name()
                )),
            )
        };
        if let Err(e) = self.coordinator_epoch(transactional_id) {
            return Err(unverifiable(e));
        }
        let Some(txn) = self.txn.get(transactional_id) else {
            return Err((ErrorCode::InvalidProducerIdMapping, None));
        };
        if txn.producer_id != producer_id {
            return Err((ErrorCode::InvalidProducerIdMapping, None));
        }
        if txn.producer_epoch != producer_epoch {
            return Err((ErrorCode::ProducerFenced, None));
        }
        if txn.pending_transition_in_progress()
            || matches!(
                txn.state,
                TransactionState::PrepareCommit | TransactionState::PrepareAbort
            )
        {
            return Err(unverifiable(ErrorCode::ConcurrentTransactions));
        }
        if !txn.topic_partitions.contains(tp) {
            return Err((
                ErrorCode::InvalidTxnState,
                Some("Partition was not added to the transaction".to_owned()),
            ));
        }
        Ok(())
    }

    /// The coordinator's periodic work at `now_ms`: markers due, timed-out transactions,
    /// expired transactional ids.
    pub(crate) fn run_txn_coordinator(&mut self, now_ms: i64) {
        for id in self.txn.markers_due(now_ms) {
            self.send_markers(&id, now_ms);
        }
        if now_ms >= self.txn.next_abort_check_ms {
            self.abort_timed_out_transactions(now_ms);
            let interval = i64::from(
                self.broker_config()
                    .int("transaction.abort.timed.out.transaction.cleanup.interval.ms"),
            );
            self.txn.next_abort_check_ms = now_ms + interval;
            // The aborts' markers are due now.
            for id in self.txn.markers_due(now_ms) {
                self.send_markers(&id, now_ms);
            }
        }
        if now_ms >= self.txn.next_expiration_check_ms {
            self.remove_expired_transactional_ids(now_ms);
            let interval = i64::from(
                self.broker_config()
                    .int("transaction.remove.expired.transaction.cleanup.interval.ms"),
            );
            self.txn.next_expiration_check_ms = now_ms + interval;
        }
    }

    /// When the coordinator next has work.
    pub(crate) fn txn_poll_timeout(&self) -> i64 {
        let mut next = self
            .txn
            .next_abort_check_ms
            .min(self.txn.next_expiration_check_ms);
        if let Some(due) = self.txn.next_marker_due_ms() {
            next = next.min(due);
        }
        next
    }

    /// `TransactionMarkerChannelManager`: a COMMIT/ABORT marker to each remaining partition,
    /// then CompleteCommit/CompleteAbort once none remains.
    fn send_markers(&mut self, transactional_id: &str, now_ms: i64) {
        let pending = self
            .txn
            .markers(transactional_id)
            .expect("due markers exist")
            .clone();
        let txn = self
            .txn
            .get(transactional_id)
            .expect("a transaction with markers exists");
        let (producer_id, producer_epoch) = (txn.producer_id, txn.producer_epoch);
        let partitions: Vec<TopicPartition> = txn.topic_partitions.iter().cloned().collect();
        let kind = if pending.committed {
            ControlRecordType::Commit
        } else {
            ControlRecordType::Abort
        };
        let mut failed = false;
        for tp in partitions {
            let written = if self.partition_leader_epoch(&tp).is_none() {
                self.push_event(Event::Txn(TxnEvent::MarkerSkipped {
                    transactional_id: transactional_id.to_owned(),
                    partition: tp.clone(),
                }));
                true
            } else {
                let marker = control_batch(
                    kind,
                    producer_id,
                    producer_epoch,
                    pending.coordinator_epoch,
                    0,
                    now_ms,
                    -1,
                );
                match self.append_records_to_leader(
                    &tp,
                    &marker,
                    -1,
                    ValidationOrigin::Coordinator,
                    now_ms,
                ) {
                    Ok(info) => {
                        self.push_event(Event::Txn(TxnEvent::MarkerWritten {
                            transactional_id: transactional_id.to_owned(),
                            producer_id,
                            producer_epoch,
                            committed: pending.committed,
                            partition: tp.clone(),
                            offset: info.first_offset,
                        }));
                        if tp.topic == GROUP_METADATA_TOPIC {
                            self.complete_group_txn(
                                tp.partition,
                                producer_id,
                                pending.committed,
                                now_ms,
                            );
                        }
                        true
                    }
                    // Retried later; `INVALID_PRODUCER_EPOCH`/`TRANSACTION_COORDINATOR_FENCED`
                    // cannot happen with one coordinator that bumps epochs only through
                    // its own aborts.
                    Err(_) => false,
                }
            };
            if written {
                self.txn
                    .get_mut(transactional_id)
                    .expect("present")
                    .topic_partitions
                    .remove(&tp);
            } else {
                failed = true;
            }
        }
        if failed {
            self.txn
                .markers_mut(transactional_id)
                .expect("present")
                .due_ms = now_ms + MARKER_RETRY_BACKOFF_MS;
            return;
        }
        // `tryAppendToLog`: the CompleteCommit/CompleteAbort record. Its pending state was set
        // by `prepareComplete`; restore it if a failed write cleared it.
        let txn = self.txn.get_mut(transactional_id).expect("present");
        txn.pending_state = Some(pending.complete.txn_state);
        if self.write_transition(transactional_id, pending.complete.clone(), now_ms)
            == ErrorCode::None
        {
            self.txn.remove_markers(transactional_id);
        } else {
            let txn = self.txn.get_mut(transactional_id).expect("present");
            txn.pending_state = Some(pending.complete.txn_state);
            self.txn
                .markers_mut(transactional_id)
                .expect("present")
                .due_ms = now_ms + MARKER_RETRY_BACKOFF_MS;
        }
    }

    /// `abortTimedOutTransactions`: fence the epoch and abort.
    fn abort_timed_out_transactions(&mut self, now_ms: i64) {
        for id in self.txn.timed_out(now_ms) {
            let txn = self.txn.get_mut(&id).expect("listed");
            let (start, timeout, old_epoch) = (
                txn.txn_start_timestamp_ms,
                txn.txn_timeout_ms,
                txn.producer_epoch,
            );
            let fence = txn.prepare_fence_producer_epoch();
            self.push_event(Event::Txn(TxnEvent::TimedOut {
                transactional_id: id.clone(),
                producer_id: fence.producer_id,
                txn_start_timestamp_ms: start,
                txn_timeout_ms: timeout,
            }));
            self.push_event(Event::Txn(TxnEvent::EpochBumped {
                transactional_id: id.clone(),
                producer_id: fence.producer_id,
                from: old_epoch,
                to: fence.producer_epoch,
            }));
            self.end_transaction(
                &id,
                fence.producer_id,
                fence.producer_epoch,
                false,
                false,
                now_ms,
            );
        }
    }

    /// `removeExpiredTransactionalIds`: a tombstone for each expired id, then it is forgotten.
    fn remove_expired_transactional_ids(&mut self, now_ms: i64) {
        let expiration_ms = i64::from(self.broker_config().int("transactional.id.expiration.ms"));
        for id in self.txn.expired(now_ms, expiration_ms) {
            let dead = self.txn.get_mut(&id).expect("listed").prepare_dead();
            if self.write_transition(&id, dead, now_ms) == ErrorCode::None {
                self.txn.remove(&id);
                self.push_event(Event::Txn(TxnEvent::TransactionalIdExpired {
                    transactional_id: id,
                }));
            }
        }
    }
}
