//! The sender: Kafka's `Sender.runOnce` over the producer's state, and the sans-IO surface
//! around it ([`Producer::poll_transmit`], [`Producer::handle_response`],
//! [`Producer::handle_timeout`], [`Producer::poll_timeout`]).
//!
//! One run: the transaction manager resolves sequences, bumps the idempotent epoch if asked,
//! and sends its next request (while one is in flight no produce data goes out); then
//! `sendProducerData`: ready brokers that can take one more request get one Produce request
//! each with the drained batches, in-flight and queued batches past `delivery.timeout.ms`
//! expire. Responses complete batches (`completeBatch`): success, a retry with backoff
//! (retriable error, attempts below `retries`, delivery timeout not reached), or failure.
//!
//! Retry backoff: with `retry.backoff.max.ms` (4.x) the backoff grows as Kafka's
//! `ExponentialBackoff(retry.backoff.ms, 2, retry.backoff.max.ms, 0.2)`; without it (2.5) it
//! is the constant `retry.backoff.ms`. Kafka draws the jitter anew at each readiness check;
//! kplay draws it once per retry, so a batch's backoff is one number the UI can show.
//! Batches rejected with `MESSAGE_TOO_LARGE` are failed, not split (Kafka splits and retries
//! them; kplay's batches never exceed the broker's limit unless the learner lowers it).

use std::collections::BTreeMap;

use crate::engine::error_code::ErrorCode;
use crate::engine::protocol::{PartitionProduceResponse, ProduceRequest, Request, Response};
use crate::engine::topic_partition::TopicPartition;

use super::config::Acks;
use super::delivery::{DeliveryResult, UNKNOWN_OFFSET};
use super::error::ProducerError;
use super::event::{BlockedOn, ProducerEvent};
use super::in_flight::{InFlightKind, InFlightRequest};
use super::metadata::MetadataSource;
use super::record::BatchId;
use super::transaction_manager::TransactionManager;
use super::{Producer, Transmit};

/// `CommonClientConfigs.RETRY_BACKOFF_EXP_BASE`.
pub const RETRY_BACKOFF_EXP_BASE: f64 = 2.0;
/// `CommonClientConfigs.RETRY_BACKOFF_JITTER`.
pub const RETRY_BACKOFF_JITTER: f64 = 0.2;
/// How many sender runs one call may make before waiting for time or a response; each run
/// sends at most one request per broker, so this bounds a single wake-up's work.
pub const MAX_RUNS_PER_WAKEUP: usize = 64;

impl Producer {
    /// `ExponentialBackoff.backoff(attempts)`, or the constant backoff before KIP-580.
    fn retry_backoff_ms(&mut self, attempts: i32) -> i64 {
        let initial = self.config.retry_backoff_ms;
        let Some(max) = self.config.retry_backoff_max_ms else {
            return initial;
        };
        let exp_max = if max > initial {
            (max as f64 / initial.max(1) as f64).ln() / RETRY_BACKOFF_EXP_BASE.ln()
        } else {
            0.0
        };
        if exp_max == 0.0 {
            return initial;
        }
        let exp = f64::from(attempts).min(exp_max);
        let term = initial as f64 * RETRY_BACKOFF_EXP_BASE.powf(exp);
        let unit = (self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        let random_factor = 1.0 - RETRY_BACKOFF_JITTER + 2.0 * RETRY_BACKOFF_JITTER * unit;
        let value = (random_factor * term) as i64;
        value.min(max)
    }

    /// Runs the sender until it has nothing more to send now.
    pub(crate) fn run(&mut self, metadata: &dyn MetadataSource) {
        self.wakeup = false;
        self.retry_blocked(metadata);
        for _ in 0..MAX_RUNS_PER_WAKEUP {
            let before = self.transmits.len();
            self.run_once(metadata);
            self.collect_tm_events();
            if self.transmits.len() == before && !self.wakeup {
                return;
            }
            self.wakeup = false;
        }
        // Still work to do: the next poll runs again.
        self.wakeup = true;
    }

    /// `Sender.runOnce`.
    fn run_once(&mut self, metadata: &dyn MetadataSource) {
        if let Some(tm) = self.tm.as_mut() {
            tm.maybe_resolve_sequences();
            if tm.has_fatal_error() {
                let error = tm
                    .last_error()
                    .cloned()
                    .unwrap_or_else(|| ProducerError::new("KafkaException", "fatal error"));
                for id in self.accumulator.incomplete() {
                    self.fail_batch(id, -1, error.clone(), false);
                }
                self.accumulator.take_undrained(false);
                self.next_wakeup_ms = None;
                return;
            }
            let rewrites = tm.bump_idempotent_epoch_and_reset_id_if_needed();
            self.accumulator.apply_rewrites(&rewrites);
            self.collect_tm_events();
            if self.maybe_send_transactional_request(metadata) {
                // Produce data waits for the transactional request; its response (or its
                // timeout, or the held retry) wakes the sender again.
                self.next_wakeup_ms = None;
                return;
            }
        }
        self.send_producer_data(metadata);
    }

    /// `maybeSendAndPollTransactionalRequest`: true when produce data must wait.
    fn maybe_send_transactional_request(&mut self, metadata: &dyn MetadataSource) -> bool {
        let now = self.now_ms;
        let tm = self.tm.as_mut().expect("called with a transaction manager");
        // A request held for its retry backoff was handed out already (the manager counts it
        // in flight); everything else waits for an answer to the one in flight.
        if self.held_txn_send.is_none() && tm.has_in_flight_request() {
            return true;
        }
        if (tm.has_abortable_error() || tm.is_aborting()) && self.accumulator.has_incomplete() {
            let error = tm.last_error().cloned().unwrap_or_else(|| {
                ProducerError::new(
                    "TransactionAbortedException",
                    "Failing batch since transaction was aborted",
                )
            });
            for id in self.accumulator.take_undrained(true) {
                self.fail_batch(id, -1, error.clone(), false);
            }
        }
        let tm = self.tm.as_mut().expect("still there");
        if tm.is_completing() && !self.accumulator.flush_in_progress() {
            self.accumulator.begin_flush();
        }
        let send = match self.held_txn_send.take() {
            Some((until, send)) => {
                if now < until {
                    self.held_txn_send = Some((until, send));
                    return true;
                }
                send
            }
            None => {
                let has_incomplete = self.accumulator.has_incomplete();
                let tm = self.tm.as_mut().expect("still there");
                let Some(send) = tm.next_request(has_incomplete) else {
                    return false;
                };
                if send.backoff_ms > 0 {
                    self.held_txn_send = Some((now + send.backoff_ms, send));
                    return true;
                }
                send
            }
        };
        let tm = self.tm.as_mut().expect("still there");
        if TransactionManager::needs_coordinator_lookup(&send) {
            // FindCoordinator first, on the next run (`maybeFindCoordinatorAndRetry`).
            tm.retry_unsent(true);
            self.wakeup = true;
            return true;
        }
        let node = match send.coordinator {
            Some(node) => node,
            None => match self.in_flight.least_loaded(metadata.broker_ids()) {
                Some(node) => node,
                None => {
                    tm.retry_unsent(false);
                    return true;
                }
            },
        };
        let correlation_id = self.in_flight.next_correlation_id();
        let tm = self.tm.as_mut().expect("still there");
        tm.set_in_flight(correlation_id);
        let api = send.request.api_name();
        self.in_flight.add(InFlightRequest {
            correlation_id,
            node,
            sent_ms: now,
            deadline_ms: now + self.config.request_timeout_ms,
            kind: InFlightKind::Transactional { api },
        });
        self.emit(ProducerEvent::RequestSent {
            correlation_id,
            node,
            api: api.to_owned(),
            batches: Vec::new(),
        });
        self.transmits.push_back(Transmit {
            node,
            correlation_id,
            request: send.request,
        });
        true
    }

    /// `sendProducerData`.
    fn send_producer_data(&mut self, metadata: &dyn MetadataSource) {
        let now = self.now_ms;
        let exhausted = self
            .blocked
            .front()
            .is_some_and(|b| b.on == BlockedOn::Memory);
        let completing = self
            .tm
            .as_ref()
            .is_some_and(TransactionManager::is_completing);
        let mut result = self.accumulator.ready(metadata, now, exhausted, completing);
        let max_in_flight = self.config.max_in_flight_requests_per_connection;
        let ready_nodes: Vec<i32> = result.ready_nodes.iter().copied().collect();
        for node in ready_nodes {
            let can_send = self.in_flight.can_send_more(node, max_in_flight);
            self.accumulator
                .update_node_latency_stats(node, now, can_send);
            if !can_send {
                result.ready_nodes.remove(&node);
            }
        }
        let drained = self.accumulator.drain(
            metadata,
            &result.ready_nodes,
            self.config.max_request_size,
            now,
            self.tm.as_mut(),
        );
        for ids in drained.values() {
            for &id in ids {
                let tp = self.accumulator.batch(id).expect("drained").tp.clone();
                if self.config.guarantee_message_order() {
                    self.accumulator.mute_partition(&tp);
                }
                self.in_flight_batches.entry(tp).or_default().push(id);
            }
        }
        // Expiry comes after draining, as in Kafka: a batch drained at its deadline expires
        // at once even though its request still goes out. Kafka builds the request after
        // failing the batch, from the records the request already holds; kplay builds it
        // here, before the expired batch is released, and ignores its answer like Kafka.
        for (node, ids) in drained {
            self.send_produce_request(node, ids);
        }
        let mut expired = self.expired_in_flight_batches(now);
        expired.extend(self.accumulator.expired_batches(now));
        for id in expired {
            let batch = self
                .accumulator
                .batch(id)
                .expect("expired batches are incomplete");
            let message = format!(
                "Expiring {} record(s) for {}:{} ms has passed since batch creation",
                batch.record_count(),
                batch.tp,
                now - batch.created_ms
            );
            let (in_retry, tp, last_sequence, has_sequence) = (
                batch.in_retry(),
                batch.tp.clone(),
                batch.last_sequence(),
                batch.has_sequence(),
            );
            self.emit(ProducerEvent::BatchExpired {
                batch_id: id,
                message: message.clone(),
            });
            self.fail_batch(
                id,
                -1,
                ProducerError::new("TimeoutException", message),
                false,
            );
            if let Some(tm) = self.tm.as_mut() {
                if in_retry && has_sequence {
                    tm.mark_sequence_unresolved(&tp, last_sequence);
                }
            }
        }
        self.next_wakeup_ms = [
            result.next_ready_check_ms,
            self.accumulator.next_expiry_ms(),
            self.next_in_flight_expiry_ms(),
        ]
        .into_iter()
        .flatten()
        .min();
    }

    fn next_in_flight_expiry_ms(&self) -> Option<i64> {
        let timeout = self.config.delivery_timeout_ms;
        self.in_flight_batches
            .values()
            .filter_map(|ids| ids.first())
            .filter_map(|id| self.accumulator.batch(*id))
            .map(|b| b.created_ms.saturating_add(timeout))
            .min()
    }

    /// `getExpiredInflightBatches`.
    fn expired_in_flight_batches(&mut self, now: i64) -> Vec<BatchId> {
        let timeout = self.config.delivery_timeout_ms;
        let mut expired = Vec::new();
        for ids in self.in_flight_batches.values_mut() {
            while let Some(&id) = ids.first() {
                let batch = self.accumulator.batch(id);
                match batch {
                    Some(b) if b.has_reached_delivery_timeout(timeout, now) => {
                        ids.remove(0);
                        if !b.is_done() {
                            expired.push(id);
                        }
                    }
                    Some(_) => break,
                    None => {
                        ids.remove(0);
                    }
                }
            }
        }
        self.in_flight_batches.retain(|_, ids| !ids.is_empty());
        expired
    }

    /// `sendProduceRequest`: one request with one batch per partition.
    fn send_produce_request(&mut self, node: i32, ids: Vec<BatchId>) {
        if ids.is_empty() {
            return;
        }
        let now = self.now_ms;
        let mut partitions = Vec::with_capacity(ids.len());
        let mut batches = Vec::with_capacity(ids.len());
        for &id in &ids {
            let batch = self
                .accumulator
                .batch_mut(id)
                .expect("drained batches are incomplete");
            let uncompressed_estimate_bytes = batch.estimate_at_close();
            let bytes = batch.bytes().to_vec();
            let event = ProducerEvent::BatchDrained {
                batch_id: id,
                records: batch.record_count(),
                size_bytes: bytes.len(),
                uncompressed_estimate_bytes,
                compression: batch.compression,
                base_sequence: batch.base_sequence,
                attempt: batch.attempts,
            };
            let tp = batch.tp.clone();
            self.emit(event);
            partitions.push((tp.clone(), bytes));
            batches.push((tp, id));
        }
        let transactional_id = self
            .tm
            .as_ref()
            .and_then(|tm| tm.transactional_id().map(str::to_owned));
        let acks = self.config.acks;
        let request = Request::Produce(ProduceRequest {
            transactional_id,
            acks: acks.wire(),
            timeout_ms: i32::try_from(self.config.request_timeout_ms).unwrap_or(i32::MAX),
            partitions,
        });
        let correlation_id = self.in_flight.next_correlation_id();
        self.emit(ProducerEvent::RequestSent {
            correlation_id,
            node,
            api: "Produce".to_owned(),
            batches: ids.clone(),
        });
        self.transmits.push_back(Transmit {
            node,
            correlation_id,
            request,
        });
        if acks == Acks::Zero {
            // No response will come: the batches complete once sent, offset unknown
            // (`handleProduceResponse`, "the acks = 0 case, just complete all requests").
            for (tp, id) in batches {
                self.complete_batch(
                    id,
                    &tp,
                    &PartitionProduceResponse {
                        error: ErrorCode::None,
                        error_message: None,
                        base_offset: UNKNOWN_OFFSET,
                        log_append_time_ms: -1,
                        log_start_offset: -1,
                    },
                );
            }
        } else {
            self.in_flight.add(InFlightRequest {
                correlation_id,
                node,
                sent_ms: now,
                deadline_ms: now + self.config.request_timeout_ms,
                kind: InFlightKind::Produce { batches },
            });
        }
    }

    /// `completeBatch`: success, retry, or failure of one batch.
    fn complete_batch(
        &mut self,
        id: BatchId,
        tp: &TopicPartition,
        response: &PartitionProduceResponse,
    ) {
        let now = self.now_ms;
        let Some(batch) = self.accumulator.batch(id) else {
            // Already failed (expired or aborted) and deallocated: a late answer.
            return;
        };
        let error = response.error;
        if error != ErrorCode::None {
            let (attempts, done, reached, base_sequence) = (
                batch.attempts,
                batch.is_done(),
                batch.has_reached_delivery_timeout(self.config.delivery_timeout_ms, now),
                batch.base_sequence,
            );
            let retriable = match self.tm.as_mut() {
                None => error.is_retriable(),
                Some(tm) => tm.can_retry(error, response.log_start_offset, tp, base_sequence),
            };
            if !reached && attempts < self.config.retries && !done && retriable {
                // `backoff(attempts - 1)` with the attempt count after this failure.
                let backoff = self.retry_backoff_ms(attempts);
                self.emit(ProducerEvent::BatchRetried {
                    batch_id: id,
                    error,
                    attempt: attempts + 1,
                    backoff_ms: backoff,
                });
                let idempotent = self.tm.is_some();
                self.accumulator.reenqueue(id, now, backoff, idempotent);
                self.remove_from_in_flight_batches(tp, id);
                let retry_at = now + backoff;
                self.next_wakeup_ms =
                    Some(self.next_wakeup_ms.map_or(retry_at, |t| t.min(retry_at)));
            } else if error == ErrorCode::DuplicateSequenceNumber {
                self.succeed_batch(id, tp, UNKNOWN_OFFSET, -1);
            } else {
                let exception = ProducerError::from_code(error, response.error_message.as_deref());
                let adjust = attempts < self.config.retries;
                self.fail_batch(id, response.base_offset, exception, adjust);
            }
        } else {
            self.succeed_batch(id, tp, response.base_offset, response.log_append_time_ms);
        }
        if self.config.guarantee_message_order() {
            self.accumulator.unmute_partition(tp);
        }
    }

    fn remove_from_in_flight_batches(&mut self, tp: &TopicPartition, id: BatchId) {
        if let Some(ids) = self.in_flight_batches.get_mut(tp) {
            ids.retain(|b| *b != id);
            if ids.is_empty() {
                self.in_flight_batches.remove(tp);
            }
        }
    }

    fn succeed_batch(
        &mut self,
        id: BatchId,
        tp: &TopicPartition,
        base_offset: i64,
        log_append_time_ms: i64,
    ) {
        let batch = self
            .accumulator
            .batch_mut(id)
            .expect("checked by the caller");
        if !batch.mark_done() {
            return;
        }
        let (last_sequence, count, has_sequence) = (
            batch.last_sequence(),
            batch.record_count() as i32,
            batch.has_sequence(),
        );
        if let Some(tm) = self.tm.as_mut() {
            if has_sequence {
                tm.handle_completed_batch(tp, id, last_sequence, base_offset, count);
            }
        }
        self.finish_batch(id, base_offset, log_append_time_ms, None);
    }

    /// `failBatch`.
    pub(crate) fn fail_batch(
        &mut self,
        id: BatchId,
        base_offset: i64,
        error: ProducerError,
        adjust: bool,
    ) {
        let Some(batch) = self.accumulator.batch_mut(id) else {
            return;
        };
        if !batch.mark_done() {
            return;
        }
        let (tp, base_sequence, count) = (
            batch.tp.clone(),
            batch.base_sequence,
            batch.record_count() as i32,
        );
        if let Some(tm) = self.tm.as_mut() {
            let rewrites = tm.handle_failed_batch(&tp, id, base_sequence, count, &error, adjust);
            self.accumulator.apply_rewrites(&rewrites);
        }
        let _ = base_offset;
        self.finish_batch(id, UNKNOWN_OFFSET, -1, Some(error));
    }

    /// Fires the records' callbacks and frees the batch (`done`, `deallocate`).
    fn finish_batch(
        &mut self,
        id: BatchId,
        base_offset: i64,
        log_append_time_ms: i64,
        error: Option<ProducerError>,
    ) {
        let batch = self
            .accumulator
            .deallocate(id)
            .expect("checked by the caller");
        let tp = batch.tp.clone();
        self.remove_from_in_flight_batches(&tp, id);
        self.emit(ProducerEvent::BatchCompleted {
            batch_id: id,
            records: batch.records.len(),
            base_offset,
            error: error.as_ref().map(ToString::to_string),
        });
        for (index, r) in batch.records.iter().enumerate() {
            let (offset, timestamp_ms) = match &error {
                Some(_) => (UNKNOWN_OFFSET, -1),
                None => (
                    if base_offset == UNKNOWN_OFFSET {
                        UNKNOWN_OFFSET
                    } else {
                        base_offset + index as i64
                    },
                    if log_append_time_ms == -1 {
                        r.timestamp_ms
                    } else {
                        log_append_time_ms
                    },
                ),
            };
            self.deliver(DeliveryResult {
                record_id: r.record_id,
                topic: batch.topic.clone(),
                partition: tp.partition,
                offset,
                timestamp_ms,
                serialized_key_size: r.key_size,
                serialized_value_size: r.value_size,
                choice: Some(r.choice),
                error: error.clone(),
            });
        }
        // Memory came back: a send blocked on it may proceed.
        if !self.blocked.is_empty() {
            self.wakeup = true;
        }
    }

    /// The next request to put on the network, running the sender first.
    pub fn poll_transmit(
        &mut self,
        now_ms: i64,
        metadata: &dyn MetadataSource,
    ) -> Option<Transmit> {
        self.advance(now_ms);
        if self.transmits.is_empty() && self.wakeup {
            self.run(metadata);
        }
        self.transmits.pop_front()
    }

    /// A response from `node` to the request `correlation_id`.
    pub fn handle_response(
        &mut self,
        node: i32,
        correlation_id: i32,
        response: Response,
        now_ms: i64,
        metadata: &dyn MetadataSource,
    ) {
        self.advance(now_ms);
        let Some(request) = self.in_flight.complete(node, correlation_id) else {
            self.emit(ProducerEvent::ResponseIgnored {
                correlation_id,
                node,
            });
            return;
        };
        let api = match &request.kind {
            InFlightKind::Produce { .. } => "Produce",
            InFlightKind::Transactional { api } => api,
        };
        self.emit(ProducerEvent::ResponseReceived {
            correlation_id,
            node,
            api: api.to_owned(),
        });
        match (request.kind, response) {
            (InFlightKind::Transactional { .. }, response) => {
                let tm = self
                    .tm
                    .as_mut()
                    .expect("transactional requests come from the manager");
                tm.handle_response(correlation_id, response);
                self.collect_tm_events();
            }
            (InFlightKind::Produce { batches }, Response::Produce(produce)) => {
                let by_tp: BTreeMap<TopicPartition, BatchId> = batches.into_iter().collect();
                for (tp, part) in produce.partitions {
                    if let Some(&id) = by_tp.get(&tp) {
                        self.complete_batch(id, &tp, &part);
                    }
                }
            }
            (InFlightKind::Produce { batches }, _) => {
                for (tp, id) in batches {
                    self.complete_batch(
                        id,
                        &tp,
                        &disconnected(ErrorCode::NetworkException, node, ""),
                    );
                }
            }
        }
        self.run(metadata);
    }

    /// Whether the sender was woken (a batch filled or was created, memory came back...) or
    /// has requests waiting: [`Producer::poll_transmit`] has work now.
    pub fn wants_to_run(&self) -> bool {
        self.wakeup || !self.transmits.is_empty()
    }

    /// When [`Producer::handle_timeout`] next has work: now if the sender was woken, else
    /// the earliest of linger/backoff/expiry, request timeouts, blocked-send deadlines and a
    /// transactional retry backoff.
    pub fn poll_timeout(&self) -> Option<i64> {
        if self.wakeup || !self.transmits.is_empty() {
            return Some(self.now_ms);
        }
        [
            self.next_wakeup_ms,
            self.in_flight.next_deadline_ms(),
            self.blocked.front().map(|b| b.deadline_ms),
            self.metadata_recheck_ms,
            self.held_txn_send.as_ref().map(|(until, _)| *until),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Runs what is due at `now_ms`: request timeouts close their connections
    /// (`REQUEST_TIMED_OUT` for every request in flight there), blocked sends retry or
    /// expire, and the sender runs.
    pub fn handle_timeout(&mut self, now_ms: i64, metadata: &dyn MetadataSource) {
        self.advance(now_ms);
        let now = self.now_ms;
        for node in self.in_flight.nodes_with_timed_out_requests(now) {
            for request in self.in_flight.clear_all(node) {
                self.emit(ProducerEvent::RequestTimedOut {
                    correlation_id: request.correlation_id,
                    node,
                });
                match request.kind {
                    InFlightKind::Produce { batches } => {
                        let response =
                            disconnected(ErrorCode::RequestTimedOut, node, " due to timeout");
                        for (tp, id) in batches {
                            self.complete_batch(id, &tp, &response);
                        }
                    }
                    InFlightKind::Transactional { .. } => {
                        if let Some(tm) = self.tm.as_mut() {
                            tm.handle_disconnect(request.correlation_id);
                        }
                    }
                }
            }
        }
        self.run(metadata);
    }
}

/// The partition response Kafka's sender makes up for a request whose connection closed.
fn disconnected(error: ErrorCode, node: i32, why: &str) -> PartitionProduceResponse {
    PartitionProduceResponse {
        error,
        error_message: Some(format!("Disconnected from node {node}{why}")),
        base_offset: -1,
        log_append_time_ms: -1,
        log_start_offset: -1,
    }
}
