//! The producer client, sans-IO: Kafka's `KafkaProducer` with its `RecordAccumulator`,
//! `Sender` and `TransactionManager`, driven by simulated time.
//!
//! A [`Producer`] never touches the network. Its owner (the [`Playground`]) calls
//! [`Producer::send`] and the transactional calls, takes requests out with
//! [`Producer::poll_transmit`], hands back responses with [`Producer::handle_response`], and
//! calls [`Producer::handle_timeout`] at [`Producer::poll_timeout`]. Each record gets exactly
//! one [`DeliveryResult`] ([`Producer::poll_delivery`]); everything the producer does is a
//! [`ProducerEvent`] in its bounded event log.
//!
//! Calls that block in Java (`send` waiting for metadata or `buffer.memory`, `flush`,
//! `initTransactions`, `commitTransaction`...) return at once here: a blocked send waits in a
//! queue until it can proceed or `max.block.ms` passes, and a transactional call's completion
//! is an event and [`Producer::pending_operation`] going back to `None`.
//!
//! [`Playground`]: crate::engine::playground::Playground

pub mod accumulator;
pub mod config;
pub mod consumer_group_metadata;
pub mod delivery;
pub mod error;
pub mod event;
pub mod in_flight;
pub mod metadata;
pub mod partitioner;
pub mod producer_batch;
pub mod record;
pub mod sender;
pub mod transaction_manager;
pub mod view;

use std::collections::{BTreeMap, VecDeque};

use crate::engine::protocol::{OffsetCommitRequestPartition, Request};
use crate::engine::rng::Rng;
use crate::engine::topic_partition::TopicPartition;

use accumulator::{AccumulatorConfig, AppendResult, RecordAccumulator, RecordParts};
use config::{ConfigError, PartitionerKind, ProducerConfig};
use consumer_group_metadata::ConsumerGroupMetadata;
use delivery::DeliveryResult;
use error::ProducerError;
use event::{BlockedOn, ProducerEvent};
use in_flight::InFlightRequests;
use metadata::{available_partitions, MetadataSource};
use partitioner::{
    murmur2, partition_for_key, to_positive, PartitionChoice, RoundRobinPartitioner,
    StickyPartitionCache,
};
use producer_batch::estimate_size_in_bytes_upper_bound;
use record::{BatchId, ProducerRecord, RecordId};
use transaction_manager::{TransactionManager, TransactionState, TxnSend};

pub use delivery::UNKNOWN_OFFSET;

/// How many delivery results wait for [`Producer::poll_delivery`] before the oldest are
/// dropped (counted in [`Producer::deliveries_dropped`]).
pub const MAX_UNPOLLED_DELIVERIES: usize = 100_000;

/// How many sends may wait blocked (on metadata or memory) at once; more are refused with
/// Kafka's `BufferExhaustedException` wording. A Java application thread blocks on one send,
/// so a real queue never grows; this bounds a UI that keeps clicking.
pub const MAX_BLOCKED_SENDS: usize = 10_000;

/// How many events wait in a producer's outbox for [`Producer::drain_events`] before the
/// oldest are dropped (counted in [`Producer::events_dropped`]).
pub const PRODUCER_EVENT_CAPACITY: usize = 10_000;

/// A request for the network to carry to `node`.
#[derive(Debug, Clone, PartialEq)]
pub struct Transmit {
    pub node: i32,
    pub correlation_id: i32,
    pub request: Request,
}

/// A send waiting in `KafkaProducer.send` (metadata or buffer memory).
#[derive(Debug, Clone)]
pub(crate) struct BlockedSend {
    pub(crate) record_id: RecordId,
    pub(crate) record: ProducerRecord,
    pub(crate) on: BlockedOn,
    pub(crate) deadline_ms: i64,
}

/// One Kafka producer.
#[derive(Debug, Clone)]
pub struct Producer {
    pub(crate) config: ProducerConfig,
    pub(crate) client_id: String,
    pub(crate) accumulator: RecordAccumulator,
    pub(crate) tm: Option<TransactionManager>,
    pub(crate) sticky_cache: StickyPartitionCache,
    pub(crate) round_robin: RoundRobinPartitioner,
    pub(crate) rng: Rng,
    pub(crate) in_flight: InFlightRequests,
    /// `Sender.inFlightBatches`: sent batches per partition, oldest first.
    pub(crate) in_flight_batches: BTreeMap<TopicPartition, Vec<BatchId>>,
    pub(crate) blocked: VecDeque<BlockedSend>,
    pub(crate) transmits: VecDeque<Transmit>,
    pub(crate) deliveries: VecDeque<DeliveryResult>,
    pub(crate) deliveries_dropped: u64,
    /// Events not yet collected, with their time (the playground moves them into its log).
    pub(crate) events: VecDeque<(i64, ProducerEvent)>,
    pub(crate) events_dropped: u64,
    pub(crate) next_record_id: u64,
    /// Records whose result was handed over (`deliver`), dropped or not: with
    /// `next_record_id` it says how many sends still wait for their callback.
    pub(crate) completed_records: u64,
    /// `close()` was called: `send` is refused from then on.
    pub(crate) closed: bool,
    pub(crate) now_ms: i64,
    /// A transactional request held while the sender "sleeps" its retry backoff.
    pub(crate) held_txn_send: Option<(i64, TxnSend)>,
    /// The sender has work now (`sender.wakeup()`).
    pub(crate) wakeup: bool,
    /// When the sender next has timed work (linger, backoff, expiry), from its last run.
    pub(crate) next_wakeup_ms: Option<i64>,
    /// When a send blocked on metadata looks again (`retry.backoff.ms` between metadata
    /// requests, as `waitOnMetadata` waits for each refresh).
    pub(crate) metadata_recheck_ms: Option<i64>,
    available_scratch: Vec<i32>,
}

fn kafka_exception(message: impl Into<String>) -> ProducerError {
    ProducerError::new("KafkaException", message)
}

impl Producer {
    /// A producer with a validated `config`; `seed` drives its random choices (sticky
    /// partitions, backoff jitter). `producer_index` numbers the default `client.id`.
    pub fn new(
        config: ProducerConfig,
        producer_index: u32,
        seed: u64,
        now_ms: i64,
    ) -> Result<Producer, ConfigError> {
        let config = config.validate()?;
        let client_id = if !config.client_id.is_empty() {
            config.client_id.clone()
        } else {
            match &config.transactional_id {
                Some(t) => format!("producer-{t}"),
                None => format!("producer-{producer_index}"),
            }
        };
        let tm = config.enable_idempotence.then(|| {
            TransactionManager::new(
                config.transactional_id.clone(),
                config.transaction_timeout_ms,
                config.retry_backoff_ms,
            )
        });
        let accumulator = RecordAccumulator::new(AccumulatorConfig {
            batch_size: config.batch_size,
            compression: config.compression,
            linger_ms: config.linger_ms,
            delivery_timeout_ms: config.delivery_timeout_ms,
            buffer_memory: config.buffer_memory,
            enable_adaptive_partitioning: config.partitioner_adaptive_partitioning_enable,
            partition_availability_timeout_ms: config.partitioner_availability_timeout_ms,
        });
        // The sender thread starts with the producer: an idempotent producer asks for its
        // producer id at once (`Sender.runOnce`, `bumpIdempotentEpochAndResetIdIfNeeded`).
        let wakeup = tm.as_ref().is_some_and(|tm| !tm.is_transactional());
        Ok(Producer {
            config,
            client_id,
            accumulator,
            tm,
            sticky_cache: StickyPartitionCache::new(),
            round_robin: RoundRobinPartitioner::new(),
            rng: Rng::new(seed),
            in_flight: InFlightRequests::new(),
            in_flight_batches: BTreeMap::new(),
            blocked: VecDeque::new(),
            transmits: VecDeque::new(),
            deliveries: VecDeque::new(),
            deliveries_dropped: 0,
            events: VecDeque::new(),
            events_dropped: 0,
            next_record_id: 0,
            completed_records: 0,
            closed: false,
            now_ms,
            held_txn_send: None,
            wakeup,
            next_wakeup_ms: None,
            metadata_recheck_ms: None,
            available_scratch: Vec::new(),
        })
    }

    pub fn config(&self) -> &ProducerConfig {
        &self.config
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// Takes the events since the last call, oldest first, with their times.
    pub fn drain_events(&mut self) -> std::collections::vec_deque::Drain<'_, (i64, ProducerEvent)> {
        self.events.drain(..)
    }

    /// Events dropped because nobody drained them (see [`PRODUCER_EVENT_CAPACITY`]).
    pub fn events_dropped(&self) -> u64 {
        self.events_dropped
    }

    pub fn accumulator(&self) -> &RecordAccumulator {
        &self.accumulator
    }

    pub fn in_flight(&self) -> &InFlightRequests {
        &self.in_flight
    }

    /// `TransactionManager`'s state (`None` without idempotence).
    pub fn transaction_state(&self) -> Option<TransactionState> {
        self.tm.as_ref().map(TransactionManager::state)
    }

    pub fn transaction_manager(&self) -> Option<&TransactionManager> {
        self.tm.as_ref()
    }

    /// The producer id and epoch (-1, -1 until InitProducerId answered).
    pub fn producer_id_and_epoch(&self) -> (i64, i16) {
        self.tm
            .as_ref()
            .map_or((-1, -1), TransactionManager::producer_id_and_epoch)
    }

    /// The transactional call still in progress, if any.
    pub fn pending_operation(&self) -> Option<&'static str> {
        self.tm
            .as_ref()
            .and_then(TransactionManager::pending_operation)
    }

    /// Sends blocked in `send` (metadata or memory), oldest first.
    pub fn blocked_sends(&self) -> impl Iterator<Item = (RecordId, BlockedOn, i64)> + '_ {
        self.blocked
            .iter()
            .map(|b| (b.record_id, b.on, b.deadline_ms))
    }

    /// The next delivery result, in completion order.
    pub fn poll_delivery(&mut self) -> Option<DeliveryResult> {
        self.deliveries.pop_front()
    }

    /// Results dropped because nobody polled them (see [`MAX_UNPOLLED_DELIVERIES`]).
    pub fn deliveries_dropped(&self) -> u64 {
        self.deliveries_dropped
    }

    /// Records sent whose callback has not run yet (blocked, batched, in flight or retrying).
    pub fn undelivered_records(&self) -> u64 {
        self.next_record_id - self.completed_records
    }

    /// Whether `close` was called.
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// `KafkaProducer.close()`: no more sends; everything already sent is flushed (the caller
    /// lets time pass until [`Producer::undelivered_records`] is zero and no transactional
    /// call is pending, as `close` blocks until the sender thread has finished). An open
    /// transaction is aborted, as `Sender.run` does on a graceful close ("Aborting incomplete
    /// transaction due to shutdown").
    pub fn close(&mut self, now_ms: i64) {
        self.flush(now_ms);
        if let Some(tm) = self.tm.as_mut() {
            if tm.is_transactional() && tm.has_ongoing_transaction() && !tm.is_completing() {
                // Errors are swallowed there too, "so as not to interfere with the rest of the
                // shutdown logic".
                let _ = tm.begin_abort();
                self.collect_tm_events();
            }
        }
        if !self.closed {
            self.closed = true;
            self.emit(ProducerEvent::Closed);
        }
    }

    /// Whether a `flush` is still waiting for batches.
    pub fn flush_in_progress(&mut self) -> bool {
        self.accumulator.flush_in_progress()
    }

    pub(crate) fn advance(&mut self, now_ms: i64) {
        self.now_ms = self.now_ms.max(now_ms);
    }

    pub(crate) fn emit(&mut self, event: ProducerEvent) {
        if self.events.len() == PRODUCER_EVENT_CAPACITY {
            self.events.pop_front();
            self.events_dropped += 1;
        }
        self.events.push_back((self.now_ms, event));
    }

    pub(crate) fn collect_tm_events(&mut self) {
        if let Some(tm) = self.tm.as_mut() {
            let drained: Vec<ProducerEvent> = tm.drain_events().collect();
            for e in drained {
                self.emit(e);
            }
        }
    }

    /// Hands a record's result to its callback (the delivery queue). Results of batched
    /// records are announced by their batch's `BatchCompleted` event; a record failed before
    /// reaching a batch gets its own `RecordDelivered` event.
    pub(crate) fn deliver(&mut self, result: DeliveryResult) {
        self.completed_records += 1;
        if self.deliveries.len() == MAX_UNPOLLED_DELIVERIES {
            self.deliveries.pop_front();
            self.deliveries_dropped += 1;
        }
        self.deliveries.push_back(result);
    }

    fn fail_record_now(
        &mut self,
        record_id: RecordId,
        record: &ProducerRecord,
        error: ProducerError,
    ) {
        self.emit(ProducerEvent::RecordDelivered {
            record_id,
            partition: record.partition.unwrap_or(-1),
            offset: UNKNOWN_OFFSET,
            error: Some(error.to_string()),
        });
        let result = DeliveryResult {
            record_id,
            topic: std::sync::Arc::from(record.topic.as_str()),
            partition: record.partition.unwrap_or(-1),
            offset: UNKNOWN_OFFSET,
            timestamp_ms: -1,
            serialized_key_size: record.key.as_ref().map_or(-1, |k| k.len() as i32),
            serialized_value_size: record.value.as_ref().map_or(-1, |v| v.len() as i32),
            choice: None,
            error: Some(error),
        };
        self.deliver(result);
    }

    /// `KafkaProducer.send`. `Err` is what Java throws from `send` (a closed-state or
    /// transactional misuse, an invalid partition); failures Java reports through the
    /// callback (unknown topic after `max.block.ms`, record too large, buffer exhausted) come
    /// back as the record's [`DeliveryResult`].
    pub fn send(
        &mut self,
        record: ProducerRecord,
        now_ms: i64,
        metadata: &dyn MetadataSource,
    ) -> Result<RecordId, ProducerError> {
        self.advance(now_ms);
        if self.closed {
            // `KafkaProducer.throwIfProducerClosed`.
            return Err(ProducerError::new(
                "IllegalStateException",
                "Cannot perform operation after producer has been closed",
            ));
        }
        if let Some(p) = record.partition {
            if p < 0 {
                return Err(ProducerError::new(
                    "IllegalArgumentException",
                    format!("Invalid partition: {p}. Partition number should always be non-negative or null."),
                ));
            }
        }
        if let Some(tm) = self.tm.as_ref() {
            tm.fail_if_not_ready_for_send()?;
        }
        if let Some(p) = record.partition {
            if let Some(replicas) = metadata.partition_replicas(&record.topic) {
                if p as usize >= replicas.len() {
                    return Err(kafka_exception(format!(
                        "Invalid partition given with record: {p} is not in the range [0...{}).",
                        replicas.len()
                    )));
                }
            }
        }
        let record_id = RecordId(self.next_record_id);
        self.next_record_id += 1;
        if !self.blocked.is_empty() {
            self.block(
                record_id,
                record,
                self.blocked[0].on,
                now_ms + self.config.max_block_ms,
            );
            return Ok(record_id);
        }
        let deadline_ms = self.now_ms + self.config.max_block_ms;
        if let Some((record, on)) = self.try_send(record_id, record, metadata) {
            self.block(record_id, record, on, deadline_ms);
        }
        Ok(record_id)
    }

    fn block(
        &mut self,
        record_id: RecordId,
        record: ProducerRecord,
        on: BlockedOn,
        deadline_ms: i64,
    ) {
        if self.blocked.len() >= MAX_BLOCKED_SENDS {
            let error = ProducerError::new(
                "BufferExhaustedException",
                format!(
                    "Failed to allocate memory within the configured max blocking time {} ms.",
                    self.config.max_block_ms
                ),
            );
            self.fail_record_now(record_id, &record, error);
            return;
        }
        self.emit(ProducerEvent::SendBlocked {
            record_id,
            on,
            deadline_ms,
        });
        if on == BlockedOn::Metadata && self.metadata_recheck_ms.is_none() {
            self.metadata_recheck_ms = Some(self.now_ms + self.config.retry_backoff_ms);
        }
        self.blocked.push_back(BlockedSend {
            record_id,
            record,
            on,
            deadline_ms,
        });
        // Blocked sends make every batch sendable (`exhausted`) and have a deadline.
        self.wakeup = true;
    }

    /// Retries blocked sends in order; fails those whose `max.block.ms` passed.
    pub(crate) fn retry_blocked(&mut self, metadata: &dyn MetadataSource) {
        self.metadata_recheck_ms = None;
        while let Some(front) = self.blocked.pop_front() {
            let BlockedSend {
                record_id,
                record,
                on: _,
                deadline_ms,
            } = front;
            match self.try_send(record_id, record, metadata) {
                None => continue,
                Some((record, on)) => {
                    if self.now_ms >= deadline_ms {
                        let error = match on {
                            BlockedOn::Metadata => ProducerError::new(
                                "TimeoutException",
                                format!(
                                    "Topic {} not present in metadata after {} ms.",
                                    record.topic, self.config.max_block_ms
                                ),
                            ),
                            BlockedOn::Memory => ProducerError::new(
                                "BufferExhaustedException",
                                format!(
                                    "Failed to allocate memory within the configured max blocking time {} ms.",
                                    self.config.max_block_ms
                                ),
                            ),
                        };
                        self.fail_record_now(record_id, &record, error);
                        continue;
                    }
                    if on == BlockedOn::Metadata {
                        self.metadata_recheck_ms = Some(self.now_ms + self.config.retry_backoff_ms);
                    }
                    self.blocked.push_front(BlockedSend {
                        record_id,
                        record,
                        on,
                        deadline_ms,
                    });
                    return;
                }
            }
        }
    }

    /// One attempt of `doSend`. Returns the record back when the send must block.
    fn try_send(
        &mut self,
        record_id: RecordId,
        record: ProducerRecord,
        metadata: &dyn MetadataSource,
    ) -> Option<(ProducerRecord, BlockedOn)> {
        let Some(replicas) = metadata.partition_replicas(&record.topic) else {
            return Some((record, BlockedOn::Metadata));
        };
        let num_partitions = replicas.len() as i32;
        if let Some(p) = record.partition {
            if p >= num_partitions {
                let error = kafka_exception(format!(
                    "Invalid partition given with record: {p} is not in the range [0...{num_partitions})."
                ));
                self.fail_record_now(record_id, &record, error);
                return None;
            }
        }
        let serialized_size = estimate_size_in_bytes_upper_bound(
            record.key.as_deref(),
            record.value.as_deref(),
            &record.headers,
        );
        // `KafkaProducer.ensureValidRecordSize`.
        if serialized_size > self.config.max_request_size {
            let error = ProducerError::new(
                "RecordTooLargeException",
                format!(
                    "The message is {serialized_size} bytes when serialized which is larger than {}, which is the value of the max.request.size configuration.",
                    self.config.max_request_size
                ),
            );
            self.fail_record_now(record_id, &record, error);
            return None;
        }
        if serialized_size as u64 > self.config.buffer_memory {
            let error = ProducerError::new(
                "RecordTooLargeException",
                format!(
                    "The message is {serialized_size} bytes when serialized which is larger than the total memory buffer you have configured with the buffer.memory configuration."
                ),
            );
            self.fail_record_now(record_id, &record, error);
            return None;
        }
        let timestamp_ms = record.timestamp_ms.unwrap_or(self.now_ms);
        let mut available = std::mem::take(&mut self.available_scratch);
        available_partitions(replicas, &mut available);
        let outcome =
            self.partition_and_append(record_id, &record, timestamp_ms, replicas, &available);
        self.available_scratch = available;
        match outcome {
            Some(needed_memory) => {
                let _ = needed_memory;
                Some((record, BlockedOn::Memory))
            }
            None => None,
        }
    }

    /// `KafkaProducer.partition` for the configured partitioner; `None` leaves the choice to
    /// the accumulator's built-in partitioner.
    fn partition(
        &mut self,
        record: &ProducerRecord,
        available: &[i32],
        num_partitions: i32,
        switched: bool,
    ) -> Option<PartitionChoice> {
        if let Some(partition) = record.partition {
            return Some(PartitionChoice::Explicit { partition });
        }
        let keyed = |key: &[u8]| {
            let hash = murmur2(key);
            PartitionChoice::Keyed {
                partition: partition_for_key(key, num_partitions),
                murmur2: hash,
                to_positive: to_positive(hash),
                num_partitions,
            }
        };
        match self.config.partitioner {
            PartitionerKind::DefaultPartitioner | PartitionerKind::UniformStickyPartitioner => {
                let hash_keys = self.config.partitioner == PartitionerKind::DefaultPartitioner;
                match record.key.as_deref() {
                    Some(key) if hash_keys => Some(keyed(key)),
                    _ => {
                        let partition = self.sticky_cache.partition(
                            &record.topic,
                            available,
                            num_partitions,
                            &mut self.rng,
                        );
                        Some(PartitionChoice::StickyUntilNewBatch {
                            partition,
                            available: available.len() as i32,
                            switched,
                        })
                    }
                }
            }
            PartitionerKind::RoundRobin => {
                let pick = self
                    .round_robin
                    .partition(&record.topic, available, num_partitions);
                Some(PartitionChoice::RoundRobin {
                    partition: pick.partition,
                    counter: pick.counter,
                    available: pick.available,
                })
            }
            PartitionerKind::BuiltIn => match record.key.as_deref() {
                Some(key) if !self.config.partitioner_ignore_keys => Some(keyed(key)),
                _ => None,
            },
        }
    }

    /// Partitions and appends; returns the memory needed when `buffer.memory` is exhausted.
    fn partition_and_append(
        &mut self,
        record_id: RecordId,
        record: &ProducerRecord,
        timestamp_ms: i64,
        replicas: &[Vec<i32>],
        available: &[i32],
    ) -> Option<usize> {
        let num_partitions = replicas.len() as i32;
        let custom = self.config.partitioner != PartitionerKind::BuiltIn;
        let parts = RecordParts {
            record_id,
            timestamp_ms,
            key: record.key.as_deref(),
            value: record.value.as_deref(),
            headers: &record.headers,
        };
        let choice = self.partition(record, available, num_partitions, false);
        let mut result = self.accumulator.append(
            &record.topic,
            choice.map(|c| (c.partition(), c)),
            parts,
            custom,
            self.now_ms,
            available,
            num_partitions,
            &mut self.rng,
        );
        if result == AppendResult::AbortForNewBatch {
            // `onNewBatch`, then partition again and append for good.
            let prev = choice.map_or(-1, |c| c.partition());
            let before = self.sticky_cache.current(&record.topic);
            if matches!(
                self.config.partitioner,
                PartitionerKind::DefaultPartitioner | PartitionerKind::UniformStickyPartitioner
            ) {
                self.sticky_cache.next_partition(
                    &record.topic,
                    available,
                    num_partitions,
                    prev,
                    &mut self.rng,
                );
            }
            let after = self.sticky_cache.current(&record.topic);
            if after != before {
                if let Some(to) = after {
                    self.emit(ProducerEvent::StickyPartitionChanged {
                        topic: record.topic.clone(),
                        from: before,
                        to,
                    });
                }
            }
            let choice = self.partition(record, available, num_partitions, after != before);
            result = self.accumulator.append(
                &record.topic,
                choice.map(|c| (c.partition(), c)),
                parts,
                false,
                self.now_ms,
                available,
                num_partitions,
                &mut self.rng,
            );
        }
        match result {
            AppendResult::Appended {
                batch_id,
                partition,
                choice,
                new_batch_created,
                batch_is_full,
                sticky_switched,
            } => {
                if new_batch_created {
                    let batch = self
                        .accumulator
                        .batch(batch_id)
                        .expect("a batch just created is incomplete");
                    let event = ProducerEvent::BatchCreated {
                        batch_id,
                        topic: record.topic.clone(),
                        partition,
                        write_limit: batch.write_limit,
                        compression: batch.compression,
                    };
                    self.emit(event);
                    let linger_at = self.now_ms + self.config.linger_ms;
                    self.next_wakeup_ms =
                        Some(self.next_wakeup_ms.map_or(linger_at, |t| t.min(linger_at)));
                }
                self.emit(ProducerEvent::RecordAppended {
                    record_id,
                    batch_id,
                    choice,
                });
                if let Some((from, to)) = sticky_switched {
                    self.emit(ProducerEvent::StickyPartitionChanged {
                        topic: record.topic.clone(),
                        from: Some(from),
                        to,
                    });
                }
                if let Some(tm) = self.tm.as_mut() {
                    if tm.is_transactional() {
                        tm.maybe_add_partition(&TopicPartition::new(&record.topic, partition));
                    }
                }
                if batch_is_full || new_batch_created {
                    self.wakeup = true;
                }
                None
            }
            AppendResult::BufferExhausted { needed } => Some(needed),
            AppendResult::AbortForNewBatch => {
                unreachable!("the second append does not abort for a new batch")
            }
        }
    }

    fn require_tm(&mut self) -> Result<&mut TransactionManager, ProducerError> {
        match self.tm.as_mut() {
            Some(tm) if tm.is_transactional() => Ok(tm),
            _ => Err(ProducerError::new(
                "IllegalStateException",
                "Cannot use transactional methods without enabling transactions by setting the transactional.id configuration property",
            )),
        }
    }

    fn after_txn_call(&mut self, result: Result<(), ProducerError>) -> Result<(), ProducerError> {
        self.collect_tm_events();
        self.wakeup = true;
        result
    }

    /// `initTransactions`: gets a producer id and epoch from the transaction coordinator,
    /// fencing older producers with the same `transactional.id`.
    pub fn init_transactions(&mut self, now_ms: i64) -> Result<(), ProducerError> {
        self.advance(now_ms);
        let result = self.require_tm()?.initialize_transactions();
        self.after_txn_call(result)
    }

    /// `beginTransaction`.
    pub fn begin_transaction(&mut self, now_ms: i64) -> Result<(), ProducerError> {
        self.advance(now_ms);
        let result = self.require_tm()?.begin_transaction();
        self.after_txn_call(result)
    }

    /// `sendOffsetsToTransaction(offsets, groupId)`: the group-id-only form, with the group
    /// metadata of `new ConsumerGroupMetadata(groupId)` (generation -1, no member id).
    pub fn send_offsets_to_transaction(
        &mut self,
        offsets: &[(TopicPartition, i64)],
        group_id: &str,
        now_ms: i64,
    ) -> Result<(), ProducerError> {
        self.send_offsets_to_transaction_with_metadata(
            offsets,
            ConsumerGroupMetadata::new(group_id),
            now_ms,
        )
    }

    /// `sendOffsetsToTransaction(offsets, groupMetadata)`: adds the group's offsets partition
    /// to the transaction (AddOffsetsToTxn), then sends the offsets to the group coordinator
    /// (TxnOffsetCommit); [`Producer::pending_operation`] clears when both succeeded. The
    /// offsets become the group's committed offsets when the transaction commits. Each offset
    /// is `new OffsetAndMetadata(offset)`: no leader epoch, empty metadata. An empty `offsets`
    /// does nothing, as in Kafka.
    pub fn send_offsets_to_transaction_with_metadata(
        &mut self,
        offsets: &[(TopicPartition, i64)],
        group_metadata: ConsumerGroupMetadata,
        now_ms: i64,
    ) -> Result<(), ProducerError> {
        self.advance(now_ms);
        let tm = self.require_tm()?;
        if offsets.is_empty() {
            return Ok(());
        }
        let offsets = offsets
            .iter()
            .map(|(tp, offset)| OffsetCommitRequestPartition {
                topic_partition: tp.clone(),
                committed_offset: *offset,
                committed_leader_epoch: -1,
                committed_metadata: Some(String::new()),
            })
            .collect();
        let result = tm.send_offsets_to_transaction(offsets, group_metadata);
        self.after_txn_call(result)
    }

    /// `commitTransaction`: flushes, then EndTxn(commit) once every batch is complete.
    pub fn commit_transaction(&mut self, now_ms: i64) -> Result<(), ProducerError> {
        self.advance(now_ms);
        let result = self.require_tm()?.begin_commit();
        self.after_txn_call(result)
    }

    /// `abortTransaction`: unsent batches fail, then EndTxn(abort).
    pub fn abort_transaction(&mut self, now_ms: i64) -> Result<(), ProducerError> {
        self.advance(now_ms);
        let result = self.require_tm()?.begin_abort();
        self.after_txn_call(result)
    }

    /// `flush`: every batch existing now becomes sendable; [`Producer::flush_in_progress`]
    /// turns false when they all completed.
    pub fn flush(&mut self, now_ms: i64) {
        self.advance(now_ms);
        self.accumulator.begin_flush();
        self.wakeup = true;
    }
}
