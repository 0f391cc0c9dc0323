//! [`RecordAccumulator`]: per-partition queues of batches waiting to be sent, bounded by
//! `buffer.memory` (Kafka's `RecordAccumulator` with its `BufferPool`).
//!
//! * `append` puts a record in the last batch of its partition's deque, or opens a new batch
//!   with a buffer of `max(batch.size, record upper bound)` bytes taken from `buffer.memory`.
//!   When the memory is exhausted the append reports it and the producer blocks the send
//!   (`BufferPool.allocate` waits up to `max.block.ms`). Records without a partition are placed
//!   by the topic's [`BuiltInPartitioner`].
//! * `ready` finds the brokers with a sendable batch: full (or not alone in its deque),
//!   lingered `linger.ms`, or everything when memory is exhausted, a flush or a transaction
//!   completion is in progress; a batch backing off from a retry is never sendable. It also
//!   feeds adaptive partitioning with queue sizes.
//! * `drain` takes, for each ready broker, the first batch of each of its partitions in turn
//!   (a per-broker drain index avoids starvation) up to `max.request.size`, assigning producer
//!   id, epoch and sequence to batches of an idempotent producer.
//! * `expired_batches` removes batches that reached `delivery.timeout.ms` before being sent.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Arc;

use crate::engine::record::{Compression, Header};
use crate::engine::rng::Rng;
use crate::engine::topic_partition::TopicPartition;

use super::metadata::{leader_for, MetadataSource};
use super::partitioner::{BuiltInPartitioner, PartitionChoice};
use super::producer_batch::{estimate_size_in_bytes_upper_bound, BatchRecord, ProducerBatch};
use super::record::{BatchId, RecordId};
use super::transaction_manager::{SequenceRewrite, TransactionManager};

/// The accumulator's settings (from `ProducerConfig`).
#[derive(Debug, Clone)]
pub struct AccumulatorConfig {
    pub batch_size: usize,
    pub compression: Compression,
    pub linger_ms: i64,
    pub delivery_timeout_ms: i64,
    pub buffer_memory: u64,
    pub enable_adaptive_partitioning: bool,
    pub partition_availability_timeout_ms: i64,
}

/// `RecordAccumulator.NodeLatencyStats`.
#[derive(Debug, Clone, Copy)]
struct NodeLatencyStats {
    ready_time_ms: i64,
    drain_time_ms: i64,
}

#[derive(Debug, Clone)]
struct TopicInfo {
    name: Arc<str>,
    /// Index = partition; `None` until a batch was first created there (Kafka's map entries).
    queues: Vec<Option<VecDeque<BatchId>>>,
    built_in: BuiltInPartitioner,
}

impl TopicInfo {
    fn queue_mut(&mut self, partition: i32) -> &mut VecDeque<BatchId> {
        let p = usize::try_from(partition).expect("partitions are validated non-negative");
        if self.queues.len() <= p {
            self.queues.resize_with(p + 1, || None);
        }
        self.queues[p].get_or_insert_with(VecDeque::new)
    }

    fn queue(&self, partition: i32) -> Option<&VecDeque<BatchId>> {
        usize::try_from(partition)
            .ok()
            .and_then(|p| self.queues.get(p))
            .and_then(Option::as_ref)
    }
}

/// What happened to an append.
#[derive(Debug, Clone, PartialEq)]
pub enum AppendResult {
    Appended {
        batch_id: BatchId,
        partition: i32,
        choice: PartitionChoice,
        new_batch_created: bool,
        /// The batch is full or not alone in its deque: the sender should wake up.
        batch_is_full: bool,
        /// A null-key sticky partition moved after this record (built-in partitioner).
        sticky_switched: Option<(i32, i32)>,
    },
    /// `abortOnNewBatch`: a new batch would be needed; the producer consults its partitioner.
    AbortForNewBatch,
    /// `buffer.memory` cannot hold the new batch's `needed` bytes now.
    BufferExhausted { needed: usize },
}

/// The record being appended, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct RecordParts<'a> {
    pub record_id: RecordId,
    pub timestamp_ms: i64,
    pub key: Option<&'a [u8]>,
    pub value: Option<&'a [u8]>,
    pub headers: &'a [Header],
}

/// `ReadyCheckResult`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadyCheck {
    pub ready_nodes: BTreeSet<i32>,
    /// When a not-yet-sendable batch becomes sendable (linger or backoff), if any.
    pub next_ready_check_ms: Option<i64>,
    pub unknown_leader_topics: BTreeSet<String>,
}

/// The batches of one producer, by partition.
#[derive(Debug, Clone)]
pub struct RecordAccumulator {
    config: AccumulatorConfig,
    topics: BTreeMap<String, TopicInfo>,
    /// Every incomplete batch, queued or in flight (Kafka's `IncompleteBatches`).
    batches: BTreeMap<BatchId, ProducerBatch>,
    used_memory: u64,
    muted: BTreeSet<TopicPartition>,
    nodes_drain_index: BTreeMap<i32, usize>,
    node_stats: BTreeMap<i32, NodeLatencyStats>,
    /// A flush waits for every batch below this id.
    flush_until: Option<BatchId>,
    next_batch_id: u64,
}

fn add_opt(a: Option<i64>, b: i64) -> Option<i64> {
    Some(a.map_or(b, |a| a.min(b)))
}

impl RecordAccumulator {
    pub fn new(config: AccumulatorConfig) -> RecordAccumulator {
        RecordAccumulator {
            config,
            topics: BTreeMap::new(),
            batches: BTreeMap::new(),
            used_memory: 0,
            muted: BTreeSet::new(),
            nodes_drain_index: BTreeMap::new(),
            node_stats: BTreeMap::new(),
            flush_until: None,
            next_batch_id: 0,
        }
    }

    pub fn config(&self) -> &AccumulatorConfig {
        &self.config
    }

    fn topic_info(&mut self, topic: &str) -> &mut TopicInfo {
        if !self.topics.contains_key(topic) {
            let sticky = i32::try_from(self.config.batch_size.max(1)).unwrap_or(i32::MAX);
            self.topics.insert(
                topic.to_owned(),
                TopicInfo {
                    name: Arc::from(topic),
                    queues: Vec::new(),
                    built_in: BuiltInPartitioner::new(sticky),
                },
            );
        }
        self.topics.get_mut(topic).expect("inserted just above")
    }

    /// The topic's current built-in sticky partition, if one was drawn.
    pub fn batch(&self, id: BatchId) -> Option<&ProducerBatch> {
        self.batches.get(&id)
    }

    pub fn batch_mut(&mut self, id: BatchId) -> Option<&mut ProducerBatch> {
        self.batches.get_mut(&id)
    }

    /// Bytes of `buffer.memory` held by incomplete batches.
    pub fn used_memory(&self) -> u64 {
        self.used_memory
    }

    /// `hasIncomplete`: batches queued or in flight.
    pub fn has_incomplete(&self) -> bool {
        !self.batches.is_empty()
    }

    /// `hasUndrained`: batches still queued.
    pub fn has_undrained(&self) -> bool {
        self.topics
            .values()
            .any(|t| t.queues.iter().flatten().any(|q| !q.is_empty()))
    }

    /// Queued batch ids of a partition, oldest first (for the UI).
    pub fn queued(&self, tp: &TopicPartition) -> Vec<BatchId> {
        self.topics
            .get(&tp.topic)
            .and_then(|t| t.queue(tp.partition))
            .map(|q| q.iter().copied().collect())
            .unwrap_or_default()
    }

    /// Every partition with a deque, in order.
    pub fn partitions(&self) -> Vec<TopicPartition> {
        let mut out = Vec::new();
        for (topic, info) in &self.topics {
            for (p, q) in info.queues.iter().enumerate() {
                if q.is_some() {
                    out.push(TopicPartition::new(topic, p as i32));
                }
            }
        }
        out
    }

    /// `beginFlush`: every batch existing now is sendable at once until it completes.
    pub fn begin_flush(&mut self) {
        self.flush_until = Some(BatchId(self.next_batch_id));
    }

    /// `flushInProgress` (and clears a finished flush).
    pub fn flush_in_progress(&mut self) -> bool {
        if let Some(until) = self.flush_until {
            if self.batches.range(..until).next().is_none() {
                self.flush_until = None;
            }
        }
        self.flush_until.is_some()
    }

    pub fn mute_partition(&mut self, tp: &TopicPartition) {
        self.muted.insert(tp.clone());
    }

    pub fn unmute_partition(&mut self, tp: &TopicPartition) {
        self.muted.remove(tp);
    }

    /// The append of `KafkaProducer.doSend` into `RecordAccumulator.append`. `partition` is
    /// `None` for the built-in partitioner to choose (`RecordMetadata.UNKNOWN_PARTITION`);
    /// `choice` explains an already chosen partition; `available` lists the partitions with
    /// a leader among `num_partitions`.
    #[allow(clippy::too_many_arguments)]
    pub fn append(
        &mut self,
        topic: &str,
        partition: Option<(i32, PartitionChoice)>,
        record: RecordParts<'_>,
        abort_on_new_batch: bool,
        now_ms: i64,
        available: &[i32],
        num_partitions: i32,
        rng: &mut Rng,
    ) -> AppendResult {
        self.append_inner(
            topic,
            partition,
            record,
            abort_on_new_batch,
            now_ms,
            available,
            num_partitions,
            rng,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn append_inner(
        &mut self,
        topic: &str,
        partition: Option<(i32, PartitionChoice)>,
        record: RecordParts<'_>,
        abort_on_new_batch: bool,
        now_ms: i64,
        available: &[i32],
        num_partitions: i32,
        rng: &mut Rng,
    ) -> AppendResult {
        self.topic_info(topic);
        // One lookup of the topic; the batches are a separate field.
        let info = self.topics.get_mut(topic).expect("created just above");
        let batches = &mut self.batches;
        // At most two rounds: a round restarts only after a switch, which resets the bytes.
        for _ in 0..3 {
            let (effective, choice, built_in) = match partition {
                Some((p, choice)) => (p, choice, false),
                None => {
                    let sticky =
                        info.built_in
                            .peek_current_partition_info(available, num_partitions, rng);
                    let choice = PartitionChoice::UniformSticky {
                        partition: sticky.index,
                        produced_bytes: sticky.produced_bytes,
                        batch_size: info.built_in.sticky_batch_size(),
                        pick: info.built_in.pick(),
                    };
                    (sticky.index, choice, true)
                }
            };
            // `partitionChanged`: complete a switch that was held back while the last batch
            // was not full.
            if built_in
                && all_batches_full(info, batches, effective)
                && info
                    .built_in
                    .update_partition_info(0, true, available, num_partitions, rng)
                    .is_some()
            {
                continue;
            }
            let batch_record = BatchRecord {
                record_id: record.record_id,
                timestamp_ms: record.timestamp_ms,
                choice,
                key_size: record.key.map_or(-1, |k| k.len() as i32),
                value_size: record.value.map_or(-1, |v| v.len() as i32),
            };
            // `tryAppend`: into the partition's last batch, closed for appends if full.
            let last = info.queue(effective).and_then(|q| q.back().copied());
            let appended = last.and_then(|id| {
                let batch = batches.get_mut(&id).expect("queued batches are incomplete");
                match batch.try_append(
                    batch_record.clone(),
                    record.key,
                    record.value,
                    record.headers,
                ) {
                    Some(bytes) => Some((id, bytes)),
                    None => {
                        batch.close_for_record_appends();
                        None
                    }
                }
            });
            let (batch_id, appended_bytes, new_batch_created) = match appended {
                Some((id, bytes)) => (id, bytes, false),
                None => {
                    if abort_on_new_batch {
                        return AppendResult::AbortForNewBatch;
                    }
                    let needed = self
                        .config
                        .batch_size
                        .max(estimate_size_in_bytes_upper_bound(
                            record.key,
                            record.value,
                            record.headers,
                        ));
                    if self.used_memory + needed as u64 > self.config.buffer_memory {
                        return AppendResult::BufferExhausted { needed };
                    }
                    let id = BatchId(self.next_batch_id);
                    self.next_batch_id += 1;
                    let mut batch = ProducerBatch::new(
                        id,
                        TopicPartition::new(topic, effective),
                        info.name.clone(),
                        self.config.compression,
                        needed,
                        now_ms,
                    );
                    batch
                        .try_append(batch_record, record.key, record.value, record.headers)
                        .expect("the first record always fits a new batch");
                    let size = batch.estimated_size_in_bytes();
                    self.used_memory += needed as u64;
                    batches.insert(id, batch);
                    info.queue_mut(effective).push_back(id);
                    (id, size, true)
                }
            };
            let enable_switch = all_batches_full(info, batches, effective);
            let batch_is_full =
                info.queue(effective).is_some_and(|q| q.len() > 1) || batches[&batch_id].is_full();
            let mut sticky_switched = None;
            if built_in {
                if let Some(to) = info.built_in.update_partition_info(
                    i32::try_from(appended_bytes).unwrap_or(i32::MAX),
                    enable_switch,
                    available,
                    num_partitions,
                    rng,
                ) {
                    sticky_switched = Some((effective, to));
                }
            }
            return AppendResult::Appended {
                batch_id,
                partition: effective,
                choice,
                new_batch_created,
                batch_is_full,
                sticky_switched,
            };
        }
        unreachable!("a sticky switch resets the produced bytes, so a third round cannot switch")
    }

    /// `ready`: which brokers have sendable data, and when to check again.
    /// `exhausted`: sends are blocked on memory; `transaction_completing`: a commit or abort
    /// waits for the batches.
    pub fn ready(
        &mut self,
        metadata: &dyn MetadataSource,
        now_ms: i64,
        exhausted: bool,
        transaction_completing: bool,
    ) -> ReadyCheck {
        let mut result = ReadyCheck::default();
        let flushing = self.flush_in_progress();
        let linger_ms = self.config.linger_ms;
        let adaptive = self.config.enable_adaptive_partitioning;
        let availability_timeout_ms = self.config.partition_availability_timeout_ms;
        for (topic, info) in self.topics.iter_mut() {
            let replicas = metadata.partition_replicas(topic);
            let num_partitions = replicas.map_or(0, <[Vec<i32>]>::len);
            let deques = info.queues.iter().filter(|q| q.is_some()).count();
            let mut load = (adaptive && num_partitions > 0 && deques >= num_partitions)
                .then(|| (Vec::with_capacity(deques), Vec::with_capacity(deques)));
            let mut excluded = 0usize;
            for (p, queue) in info.queues.iter().enumerate() {
                let Some(queue) = queue else { continue };
                let partition = p as i32;
                let leader = replicas.and_then(|r| leader_for(r, partition));
                if let (Some(_), Some((sizes, ids))) = (leader, load.as_mut()) {
                    sizes.push(queue.len() as i32);
                    ids.push(partition);
                }
                let Some(&first) = queue.front() else {
                    continue;
                };
                let Some(leader) = leader else {
                    result.unknown_leader_topics.insert(topic.clone());
                    continue;
                };
                if availability_timeout_ms > 0 {
                    if let Some(stats) = self.node_stats.get(&leader) {
                        if stats.ready_time_ms - stats.drain_time_ms > availability_timeout_ms {
                            excluded += 1;
                            if let Some((sizes, ids)) = load.as_mut() {
                                // Moved past the available ones, as Kafka's `--queueSizesIndex`.
                                let s = sizes.pop().expect("pushed above");
                                let i = ids.pop().expect("pushed above");
                                sizes.push(s);
                                ids.push(i);
                            }
                        }
                    }
                }
                let tp_muted = self
                    .muted
                    .iter()
                    .any(|tp| tp.partition == partition && tp.topic == *topic);
                if result.ready_nodes.contains(&leader) || tp_muted {
                    continue;
                }
                let batch = &self.batches[&first];
                let waited_ms = now_ms - batch.last_attempt_ms;
                let backing_off = batch.is_backing_off(now_ms);
                let time_to_wait_ms = if backing_off {
                    batch.retry_backoff_ms
                } else {
                    linger_ms
                };
                let full = queue.len() > 1 || batch.is_full();
                let expired = waited_ms >= time_to_wait_ms;
                let sendable = full || expired || exhausted || flushing || transaction_completing;
                if sendable && !backing_off {
                    result.ready_nodes.insert(leader);
                } else {
                    result.next_ready_check_ms = add_opt(
                        result.next_ready_check_ms,
                        now_ms + (time_to_wait_ms - waited_ms).max(0),
                    );
                }
            }
            match load {
                Some((sizes, ids)) => {
                    let length = sizes.len().saturating_sub(excluded);
                    info.built_in
                        .update_partition_load_stats(Some((sizes, ids)), length);
                }
                None => info.built_in.update_partition_load_stats(None, 0),
            }
        }
        result
    }

    /// `updateNodeLatencyStats` (only when `partitioner.availability.timeout.ms` > 0).
    pub fn update_node_latency_stats(&mut self, node: i32, now_ms: i64, can_drain: bool) {
        if self.config.partition_availability_timeout_ms <= 0 {
            return;
        }
        let stats = self.node_stats.entry(node).or_insert(NodeLatencyStats {
            ready_time_ms: now_ms,
            drain_time_ms: now_ms,
        });
        if can_drain {
            stats.drain_time_ms = now_ms;
        }
        stats.ready_time_ms = now_ms;
    }

    /// `shouldStopDrainBatchesForPartition`.
    fn should_stop_drain(
        &self,
        first: &ProducerBatch,
        tp: &TopicPartition,
        tm: &mut TransactionManager,
    ) -> bool {
        if !tm.is_send_to_partition_allowed(tp) || !tm.has_producer_id() {
            return true;
        }
        if !first.has_sequence() {
            if tm.has_inflight_batches(tp) && tm.has_stale_producer_id_and_epoch(tp) {
                return true;
            }
            if tm.has_unresolved_sequence(tp) {
                return true;
            }
        }
        let first_in_flight = tm.first_in_flight_sequence(tp);
        first_in_flight != -1 && first.has_sequence() && first.base_sequence != first_in_flight
    }

    /// `drain`: batches for each ready node, at most `max_size` bytes per node (a single
    /// larger batch still goes alone).
    pub fn drain(
        &mut self,
        metadata: &dyn MetadataSource,
        nodes: &BTreeSet<i32>,
        max_size: usize,
        now_ms: i64,
        mut tm: Option<&mut TransactionManager>,
    ) -> BTreeMap<i32, Vec<BatchId>> {
        let mut out = BTreeMap::new();
        for &node in nodes {
            let parts: Vec<TopicPartition> = self
                .partitions()
                .into_iter()
                .filter(|tp| {
                    metadata
                        .partition_replicas(&tp.topic)
                        .and_then(|r| leader_for(r, tp.partition))
                        == Some(node)
                })
                .collect();
            let mut ready = Vec::new();
            if parts.is_empty() {
                out.insert(node, ready);
                continue;
            }
            let start = self.nodes_drain_index.get(&node).copied().unwrap_or(0) % parts.len();
            let mut drain_index = start;
            let mut size = 0usize;
            loop {
                let tp = &parts[drain_index];
                self.nodes_drain_index.insert(node, drain_index);
                drain_index = (drain_index + 1) % parts.len();
                match self.drain_decision(
                    tp,
                    size,
                    max_size,
                    ready.is_empty(),
                    now_ms,
                    tm.as_deref_mut(),
                ) {
                    Drain::Skip => {}
                    Drain::StopNode => break,
                    Drain::Take => {
                        let info = self.topics.get_mut(&tp.topic).expect("listed above");
                        let id = info
                            .queue_mut(tp.partition)
                            .pop_front()
                            .expect("drain_decision saw a first batch");
                        let batch = self.batches.get_mut(&id).expect("queued batches exist");
                        if let Some(tm) = tm.as_deref_mut() {
                            if tm.has_producer_id() && !batch.has_sequence() {
                                tm.maybe_update_producer_id_and_epoch(tp);
                                let (pid, epoch) = tm.producer_id_and_epoch();
                                let seq = tm.sequence_number(tp);
                                batch.set_producer_state(pid, epoch, seq, tm.is_transactional());
                                let count = batch.record_count() as i32;
                                tm.increment_sequence_number(tp, count);
                                tm.add_in_flight_batch(tp, seq, id, count);
                            }
                        }
                        batch.close();
                        size += batch.estimated_size_in_bytes();
                        ready.push(id);
                    }
                }
                if drain_index == start {
                    break;
                }
            }
            out.insert(node, ready);
        }
        out
    }

    fn drain_decision(
        &self,
        tp: &TopicPartition,
        size: usize,
        max_size: usize,
        nothing_yet: bool,
        now_ms: i64,
        tm: Option<&mut TransactionManager>,
    ) -> Drain {
        if self.muted.contains(tp) {
            return Drain::Skip;
        }
        let Some(first) = self
            .topics
            .get(&tp.topic)
            .and_then(|t| t.queue(tp.partition))
            .and_then(|q| q.front())
        else {
            return Drain::Skip;
        };
        let first = &self.batches[first];
        if first.is_backing_off(now_ms) {
            return Drain::Skip;
        }
        if size + first.estimated_size_in_bytes() > max_size && !nothing_yet {
            return Drain::StopNode;
        }
        if let Some(tm) = tm {
            if self.should_stop_drain(first, tp, tm) {
                return Drain::StopNode;
            }
        }
        Drain::Take
    }

    /// `expiredBatches`: queued batches that reached `delivery.timeout.ms`, oldest first per
    /// partition; they leave their deques. Also the earliest expiry still ahead.
    pub fn expired_batches(&mut self, now_ms: i64) -> Vec<BatchId> {
        let mut expired = Vec::new();
        let timeout = self.config.delivery_timeout_ms;
        for info in self.topics.values_mut() {
            for queue in info.queues.iter_mut().flatten() {
                while let Some(&id) = queue.front() {
                    let batch = self.batches.get_mut(&id).expect("queued batches exist");
                    if batch.has_reached_delivery_timeout(timeout, now_ms) {
                        queue.pop_front();
                        batch.close_for_record_appends();
                        expired.push(id);
                    } else {
                        break;
                    }
                }
            }
        }
        expired
    }

    /// The earliest `created + delivery.timeout.ms` among queued batches.
    pub fn next_expiry_ms(&self) -> Option<i64> {
        let timeout = self.config.delivery_timeout_ms;
        self.topics
            .values()
            .flat_map(|t| t.queues.iter().flatten())
            .filter_map(|q| q.front())
            .map(|id| self.batches[id].created_ms.saturating_add(timeout))
            .min()
    }

    /// `reenqueue`: a batch to retry goes back to the front of its deque (in sequence order
    /// for an idempotent producer, `insertInSequenceOrder`), backing off `backoff_ms`.
    pub fn reenqueue(&mut self, id: BatchId, now_ms: i64, backoff_ms: i64, idempotent: bool) {
        let batch = self
            .batches
            .get_mut(&id)
            .expect("a retried batch is incomplete");
        batch.reenqueued(now_ms, backoff_ms);
        let tp = batch.tp.clone();
        let seq = batch.base_sequence;
        let has_seq = batch.has_sequence();
        self.topic_info(&tp.topic);
        let info = self.topics.get_mut(&tp.topic).expect("created just above");
        let queue = info.queue_mut(tp.partition);
        if idempotent && has_seq {
            let batches = &self.batches;
            let position = queue
                .iter()
                .position(|other| {
                    let b = &batches[other];
                    !b.has_sequence() || b.base_sequence >= seq
                })
                .unwrap_or(queue.len());
            queue.insert(position, id);
        } else {
            queue.push_front(id);
        }
    }

    /// Overwrites the producer state of batches whose sequences restart (an epoch bump).
    pub fn apply_rewrites(&mut self, rewrites: &[SequenceRewrite]) {
        for r in rewrites {
            if let Some(b) = self.batches.get_mut(&r.batch_id) {
                b.reset_producer_state(r.producer_id, r.producer_epoch, r.base_sequence);
            }
        }
    }

    /// `deallocate`: the batch is complete; its memory returns to `buffer.memory`.
    pub fn deallocate(&mut self, id: BatchId) -> Option<ProducerBatch> {
        let batch = self.batches.remove(&id)?;
        self.used_memory -= batch.write_limit as u64;
        Some(batch)
    }

    /// Queued batches without a sequence (`abortUndrainedBatches`, transactional), or all
    /// queued batches (`abortBatches`): removed from their deques and returned.
    pub fn take_undrained(&mut self, only_without_sequence: bool) -> Vec<BatchId> {
        let mut out = Vec::new();
        for info in self.topics.values_mut() {
            for queue in info.queues.iter_mut().flatten() {
                queue.retain(|id| {
                    let b = &self.batches[id];
                    if only_without_sequence && b.has_sequence() {
                        true
                    } else {
                        out.push(*id);
                        false
                    }
                });
            }
        }
        out
    }

    /// Every incomplete batch id (queued or in flight).
    pub fn incomplete(&self) -> Vec<BatchId> {
        self.batches.keys().copied().collect()
    }
}

/// What `drain` does with a partition's first batch.
enum Drain {
    Skip,
    Take,
    StopNode,
}

/// `allBatchesFull`: only the last batch of a partition may have room.
fn all_batches_full(
    info: &TopicInfo,
    batches: &BTreeMap<BatchId, ProducerBatch>,
    partition: i32,
) -> bool {
    info.queue(partition)
        .and_then(|q| q.back())
        .is_none_or(|id| batches[id].is_full())
}
