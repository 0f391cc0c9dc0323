//! [`Cluster`]: the engine's front door, a Kafka cluster as a deterministic state machine.
//!
//! Every call takes the simulated time `now_ms`; nothing inside reads a clock. Requests
//! (CreateTopics, Produce, Fetch, ListOffsets, DeleteRecords…) answer at once with Kafka's
//! result or error. Periodic broker work (the retention check of `LogManager`, the log
//! cleaner) runs in [`Cluster::handle_timeout`], and [`Cluster::poll_timeout`] says when it is
//! next due, in the manner of quinn-proto. Every change lands in a bounded [`EventLog`].
//!
//! Each partition has a replica on each broker of its assignment, a log of its own; the
//! leader's is where produce requests append and consumers read, the followers fetch from it
//! (`engine::replication`), and the high watermark is the smallest LEO of the ISR. A
//! one-replica partition's HW follows its LEO, as in Kafka.

use std::collections::BTreeMap;

use crate::engine::acks::{self, AcksContext, MinIsrRule};
use crate::engine::api_error::ApiError;
use crate::engine::error_code::ErrorCode;
use crate::engine::event::Event;
use crate::engine::event_log::EventLog;
use crate::engine::group::broker::GroupHost;
use crate::engine::log::cleaned_txn::AbortedTxn;
use crate::engine::log::partition_log::PartitionLog;
use crate::engine::log::partition_log::{AppendInfo, FetchData, FetchUpperBound};
use crate::engine::log::{LogEvent, OffsetSpec, TimestampAndOffset};
use crate::engine::producer_id_manager::ProducerIdManager;
use crate::engine::producer_state::append_info::ValidationOrigin;
use crate::engine::producer_state::manager::Analysis;
use crate::engine::producer_state::{ProducerStateEvent, ProducerStateManager};
use crate::engine::record::{BatchHeader, RawBatch};
use crate::engine::replication::fetcher::ReplicationState;
use crate::engine::replication::partition::{Follower, PartitionState};
use crate::engine::replication::BrokerState;
use crate::engine::rng::Rng;
use crate::engine::topic::config_value::ConfigValue;
use crate::engine::topic::placement::UsableBroker;
use crate::engine::topic::registry::{
    CreateTopicRequest, TopicEvent, TopicMetadata, TopicRegistry,
};
use crate::engine::topic::topic_id::TopicId;
use crate::engine::topic::{AlterConfigOp, BrokerConfig};
use crate::engine::topic_partition::TopicPartition;
use crate::engine::txn::TransactionStateManager;
use crate::engine::view::{
    BrokerView, ClusterView, PartitionView, ReplicaOffsets, SegmentView, TopicView,
};
use crate::storage::SegmentStorage;

/// `LogManager.InitialTaskDelayMs`: the retention check first runs 30 s after start-up.
pub const INITIAL_TASK_DELAY_MS: i64 = 30_000;
/// `log.cleaner.backoff.ms` default (`CleanerConfig.LOG_CLEANER_BACKOFF_MS_DEFAULT`): how long
/// the cleaner sleeps when no log is dirty enough.
pub const LOG_CLEANER_BACKOFF_MS: i64 = 15_000;

/// How a playground's cluster is set up.
#[derive(Debug, Clone)]
pub struct ClusterConfig {
    /// Everything random in the cluster (topic ids, replica placement) derives from this.
    pub seed: u64,
    /// Broker ids; the first is the controller.
    pub broker_ids: Vec<i32>,
    pub broker: BrokerConfig,
    /// How many events the event log keeps.
    pub event_capacity: usize,
    /// How `acks=all` computes the minimum ISR (Kafka 3.7+ caps it by the replication factor).
    pub min_isr_rule: MinIsrRule,
    /// `broker.rack` of the brokers that have one: new topics then spread each partition's
    /// replicas over racks (`StripedReplicaPlacer`'s rack-aware placement).
    pub racks: BTreeMap<i32, String>,
}

impl ClusterConfig {
    /// One broker (id 0) with Kafka's default broker settings.
    pub fn with_seed(seed: u64) -> Self {
        ClusterConfig {
            seed,
            broker_ids: vec![0],
            broker: BrokerConfig::default(),
            event_capacity: EventLog::<Event>::DEFAULT_CAPACITY,
            min_isr_rule: MinIsrRule::CappedByReplicas,
            racks: BTreeMap::new(),
        }
    }
}

/// A Kafka cluster in memory. `S` holds the segment files.
pub struct Cluster<S: SegmentStorage> {
    pub(crate) config: ClusterConfig,
    pub(crate) now_ms: i64,
    rng: Rng,
    pub(crate) registry: TopicRegistry,
    pub(crate) partitions: BTreeMap<TopicPartition, PartitionState>,
    pub(crate) storage: S,
    events: EventLog<Event>,
    /// Each broker's status as the cluster and its controller see it.
    pub(crate) brokers: BTreeMap<i32, BrokerState>,
    /// Fetchers, the `acks=all` purgatory and the replication counters.
    pub(crate) replication: ReplicationState,
    /// What clients' metadata says: each topic's partitions, leader first (empty for an
    /// offline partition), and the brokers they can reach.
    client_metadata: BTreeMap<String, Vec<Vec<i32>>>,
    live_brokers: Vec<i32>,
    next_retention_check_ms: i64,
    next_cleaner_run_ms: i64,
    pub(crate) producer_ids: ProducerIdManager,
    pub(crate) txn: TransactionStateManager,
    /// `producer.id.expiration.check.interval.ms` schedule.
    next_producer_expiration_ms: i64,
    /// The classic group coordinator and the answers it parked (`engine::group::broker`).
    pub(crate) groups: GroupHost,
}

impl<S: SegmentStorage> Cluster<S> {
    pub fn new(config: ClusterConfig, storage: S, now_ms: i64) -> Self {
        assert!(
            !config.broker_ids.is_empty(),
            "a cluster needs at least one broker"
        );
        let mut rng = Rng::new(config.seed);
        let registry = TopicRegistry::new(rng.next_u64() as i64);
        let interval = |name: &str| i64::from(config.broker.int(name));
        let txn = TransactionStateManager::new(
            now_ms,
            interval("transaction.abort.timed.out.transaction.cleanup.interval.ms"),
            interval("transaction.remove.expired.transaction.cleanup.interval.ms"),
        );
        let next_producer_expiration_ms =
            now_ms + interval("producer.id.expiration.check.interval.ms");
        let groups = GroupHost::new(&config.broker, config.seed, now_ms);
        let brokers = config
            .broker_ids
            .iter()
            .map(|&id| (id, BrokerState::new(id)))
            .collect();
        let replication = ReplicationState::new(
            now_ms,
            config.broker.long("replica.lag.time.max.ms") / 2,
            config
                .broker
                .long("leader.imbalance.check.interval.seconds")
                * 1000,
        );
        let live_brokers = config.broker_ids.clone();
        Cluster {
            brokers,
            replication,
            client_metadata: BTreeMap::new(),
            live_brokers,
            events: EventLog::new(config.event_capacity),
            config,
            now_ms,
            rng,
            registry,
            partitions: BTreeMap::new(),
            storage,
            next_retention_check_ms: now_ms + INITIAL_TASK_DELAY_MS,
            next_cleaner_run_ms: now_ms + LOG_CLEANER_BACKOFF_MS,
            producer_ids: ProducerIdManager::new(),
            txn,
            next_producer_expiration_ms,
            groups,
        }
    }

    /// The simulated time of the latest call.
    pub fn now_ms(&self) -> i64 {
        self.now_ms
    }

    pub fn broker_config(&self) -> &BrokerConfig {
        &self.config.broker
    }

    pub fn broker_ids(&self) -> &[i32] {
        &self.config.broker_ids
    }

    /// The controller's broker id (the first broker).
    pub fn controller_id(&self) -> i32 {
        self.config.broker_ids[0]
    }

    pub fn events(&self) -> &EventLog<Event> {
        &self.events
    }

    pub fn storage(&self) -> &S {
        &self.storage
    }

    pub fn registry(&self) -> &TopicRegistry {
        &self.registry
    }

    /// A partition's log, for readers such as `kafka-dump-log` and the UI's inspector.
    pub fn log(&self, tp: &TopicPartition) -> Option<&PartitionLog> {
        self.partitions.get(tp).map(|p| &p.log)
    }

    /// Moves the clock forward; time never goes back (an earlier `now_ms` is ignored).
    pub(crate) fn advance(&mut self, now_ms: i64) {
        self.now_ms = self.now_ms.max(now_ms);
    }

    pub(crate) fn usable_brokers(&self) -> Vec<UsableBroker> {
        self.config
            .broker_ids
            .iter()
            .map(|&id| UsableBroker {
                id,
                rack: self.config.racks.get(&id).cloned(),
                fenced: self.brokers.get(&id).is_none_or(|b| !b.is_acceptable()),
            })
            .collect()
    }

    /// Each broker's status.
    pub fn broker_states(&self) -> impl Iterator<Item = &BrokerState> {
        self.brokers.values()
    }

    /// Whether `broker` answers requests (running and reachable).
    pub fn is_serving(&self, broker: i32) -> bool {
        self.brokers
            .get(&broker)
            .is_some_and(BrokerState::is_serving)
    }

    /// The leader of a partition, `None` when it is offline or unknown.
    pub fn partition_leader(&self, tp: &TopicPartition) -> Option<i32> {
        self.partitions.get(tp).and_then(|p| p.leader)
    }

    /// The ISR of a partition (empty when unknown).
    pub fn partition_isr(&self, tp: &TopicPartition) -> Vec<i32> {
        self.partitions
            .get(tp)
            .map_or_else(Vec::new, |p| p.isr.clone())
    }

    /// The log of `broker`'s replica of `tp`, leader or follower.
    pub fn replica_log(&self, tp: &TopicPartition, broker: i32) -> Option<&PartitionLog> {
        self.partitions.get(tp).and_then(|p| p.replica_log(broker))
    }

    /// A topic's partitions as clients' metadata has them: leader first, then the other
    /// replicas; empty for a partition without a leader (`MetadataResponse` with
    /// `LEADER_NOT_AVAILABLE`).
    pub fn client_partition_replicas(&self, topic: &str) -> Option<&[Vec<i32>]> {
        self.client_metadata.get(topic).map(Vec::as_slice)
    }

    /// The brokers clients can reach.
    pub fn live_broker_ids(&self) -> &[i32] {
        &self.live_brokers
    }

    /// Rebuilds what clients' metadata says after a leadership, topic or broker change.
    pub(crate) fn refresh_client_metadata(&mut self) {
        let mut metadata = BTreeMap::new();
        for listing in self.registry.list_topics() {
            let Ok(meta) = self.registry.describe_topic(&listing.name) else {
                continue;
            };
            let partitions = meta
                .replicas
                .iter()
                .enumerate()
                .map(|(p, replicas)| {
                    let tp = TopicPartition::new(&meta.name, p as i32);
                    match self.partitions.get(&tp).and_then(|s| s.leader) {
                        Some(leader) => std::iter::once(leader)
                            .chain(replicas.iter().copied().filter(|&r| r != leader))
                            .collect(),
                        None => Vec::new(),
                    }
                })
                .collect();
            metadata.insert(listing.name.clone(), partitions);
        }
        self.client_metadata = metadata;
        self.live_brokers = self
            .brokers
            .values()
            .filter(|b| b.is_serving())
            .map(|b| b.id)
            .collect();
    }

    fn push_producer_events(&mut self, tp: &TopicPartition, events: Vec<ProducerStateEvent>) {
        for event in events {
            self.events.push(
                self.now_ms,
                Event::Producer {
                    topic: tp.topic.clone(),
                    partition: tp.partition,
                    event,
                },
            );
        }
    }

    /// The replicas of a partition (empty when the topic is unknown).
    pub(crate) fn partition_replicas(&self, tp: &TopicPartition) -> Vec<i32> {
        self.registry
            .describe_topic(&tp.topic)
            .ok()
            .and_then(|meta| {
                usize::try_from(tp.partition)
                    .ok()
                    .and_then(|p| meta.replicas.get(p))
            })
            .cloned()
            .unwrap_or_default()
    }

    /// The leader epoch of a partition this broker leads, `None` if it does not exist.
    pub(crate) fn partition_leader_epoch(&self, tp: &TopicPartition) -> Option<i32> {
        self.partitions.get(tp).map(|p| p.leader_epoch)
    }

    /// Whether `producer_id` has a transaction open in the partition (its first batch there
    /// is written).
    pub(crate) fn has_ongoing_txn(&self, tp: &TopicPartition, producer_id: i64) -> bool {
        self.partitions
            .get(tp)
            .and_then(|p| p.producers.last_entry(producer_id))
            .is_some_and(|e| e.current_txn_first_offset().is_some())
    }

    /// The producer state of a partition (for views and tests).
    pub fn producer_state(&self, tp: &TopicPartition) -> Option<&ProducerStateManager> {
        self.partitions.get(tp).map(|p| &p.producers)
    }

    /// The aborted transactions of a partition whose range overlaps `[start_offset,
    /// upper_bound_offset)` (`LocalLog.collectAbortedTransactions`), oldest first.
    pub fn aborted_transactions(
        &self,
        tp: &TopicPartition,
        start_offset: i64,
        upper_bound_offset: i64,
    ) -> Vec<AbortedTxn> {
        self.partitions.get(tp).map_or_else(Vec::new, |p| {
            crate::engine::log::cleaned_txn::aborted_in_range(
                &p.aborted_txns,
                start_offset,
                upper_bound_offset,
            )
        })
    }

    /// A new producer id (`ProducerIdManager.generateProducerId`), reporting a new block.
    pub(crate) fn generate_producer_id(&mut self, now_ms: i64) -> i64 {
        self.advance(now_ms);
        let generated = self.producer_ids.generate();
        if let Some((first, last)) = generated.new_block {
            self.push_event(Event::Txn(
                crate::engine::txn::TxnEvent::ProducerIdBlockAllocated { first, last },
            ));
        }
        generated.producer_id
    }

    pub(crate) fn push_event(&mut self, event: Event) {
        self.events.push(self.now_ms, event);
    }

    /// An event that happened at `time_ms` (at most now), such as a coordinator deadline
    /// run late.
    pub(crate) fn push_event_at(&mut self, time_ms: i64, event: Event) {
        self.events.push(time_ms, event);
    }

    pub(crate) fn push_log_events(&mut self, tp: &TopicPartition, log_events: Vec<LogEvent>) {
        for event in log_events {
            self.events.push(
                self.now_ms,
                Event::Log {
                    topic: tp.topic.clone(),
                    partition: tp.partition,
                    event,
                },
            );
        }
    }

    /// Draws a topic id as `Uuid.randomUuid()` would, from the seeded generator.
    fn fresh_topic_id(&mut self) -> TopicId {
        loop {
            if let Some(id) = TopicId::from_random_bytes(self.rng.bytes16()) {
                if self.registry.topic_by_id(id).is_none() {
                    return id;
                }
            }
        }
    }

    /// Opens an empty log for each new partition.
    fn open_logs(
        &mut self,
        topic: &str,
        partitions: impl IntoIterator<Item = i32>,
    ) -> Result<(), ApiError> {
        let config = self
            .registry
            .describe_topic(topic)?
            .log_config(&self.config.broker);
        for partition in partitions {
            let tp = TopicPartition::new(topic, partition);
            let replicas = self.partition_replicas(&tp);
            // `ReplicationControlManager.createTopic`: the ISR is the unfenced replicas and
            // the leader the first of them.
            let isr: Vec<i32> = replicas
                .iter()
                .copied()
                .filter(|id| self.brokers.get(id).is_some_and(|b| b.is_acceptable()))
                .collect();
            let leader = isr.first().copied();
            let local = leader.unwrap_or(replicas[0]);
            let mut log = PartitionLog::new_replica(
                &mut self.storage,
                local,
                topic,
                partition,
                config.clone(),
                self.now_ms,
            )?;
            log.set_hw_follows_leo(replicas.len() <= 1);
            let mut followers = BTreeMap::new();
            for &broker in replicas.iter().filter(|&&r| r != local) {
                let mut follower_log = PartitionLog::new_replica(
                    &mut self.storage,
                    broker,
                    topic,
                    partition,
                    config.clone(),
                    self.now_ms,
                )?;
                follower_log.set_hw_follows_leo(false);
                let mut follower = Follower::new(follower_log);
                follower.last_caught_up_ms = self.now_ms;
                followers.insert(broker, follower);
            }
            let mut state = PartitionState::new(leader, local, isr, log, followers);
            if leader.is_some() {
                state.epochs.assign(0, 0);
            }
            self.partitions.insert(tp, state);
        }
        self.refresh_client_metadata();
        self.ensure_fetchers();
        Ok(())
    }

    /// CreateTopics for one topic (`validate_only` checks everything and changes nothing).
    pub fn create_topic(
        &mut self,
        request: &CreateTopicRequest,
        validate_only: bool,
        now_ms: i64,
    ) -> Result<TopicEvent, ApiError> {
        self.advance(now_ms);
        let topic_id = self.fresh_topic_id();
        let brokers = self.usable_brokers();
        let event = self.registry.create_topic(
            request,
            topic_id,
            &brokers,
            &self.config.broker,
            validate_only,
        )?;
        if !validate_only {
            let TopicEvent::Created {
                name, partitions, ..
            } = &event
            else {
                unreachable!("create_topic answers with a Created event")
            };
            self.open_logs(name, partitions.iter().map(|p| p.partition))?;
            self.events.push(self.now_ms, Event::Topic(event.clone()));
        }
        Ok(event)
    }

    /// DeleteTopics for one topic: its metadata and every file of its partitions go.
    /// (Kafka renames the directory and deletes it `file.delete.delay.ms` later; nothing can
    /// read it in between, so the playground deletes at once.)
    pub fn delete_topic(&mut self, topic: &str, now_ms: i64) -> Result<TopicEvent, ApiError> {
        self.advance(now_ms);
        let event = self.registry.delete_topic(topic, &self.config.broker)?;
        self.partitions.retain(|tp, _| tp.topic != topic);
        self.replication
            .reassignments
            .retain(|tp, _| tp.topic != topic);
        for file in self.storage.list() {
            if file.topic == topic {
                self.storage
                    .delete(&file)
                    .map_err(|e| ApiError::new(ErrorCode::KafkaStorageError, e.to_string()))?;
            }
        }
        self.events.push(self.now_ms, Event::Topic(event.clone()));
        self.refresh_client_metadata();
        self.try_complete_delayed_produces();
        self.on_topic_deleted_for_groups(topic);
        Ok(event)
    }

    /// CreatePartitions: grows `topic` to `count` partitions.
    pub fn create_partitions(
        &mut self,
        topic: &str,
        count: i32,
        assignments: Option<&[Vec<i32>]>,
        validate_only: bool,
        now_ms: i64,
    ) -> Result<TopicEvent, ApiError> {
        self.advance(now_ms);
        let brokers = self.usable_brokers();
        let event =
            self.registry
                .create_partitions(topic, count, assignments, &brokers, validate_only)?;
        if !validate_only {
            let TopicEvent::PartitionsAdded { partitions, .. } = &event else {
                unreachable!("create_partitions answers with a PartitionsAdded event")
            };
            let added: Vec<i32> = partitions.iter().map(|p| p.partition).collect();
            self.open_logs(topic, added)?;
            self.events.push(self.now_ms, Event::Topic(event.clone()));
        }
        Ok(event)
    }

    /// IncrementalAlterConfigs on a topic; its partition logs take the new effective config.
    pub fn alter_topic_configs(
        &mut self,
        topic: &str,
        ops: &[AlterConfigOp],
        validate_only: bool,
        now_ms: i64,
    ) -> Result<TopicEvent, ApiError> {
        self.advance(now_ms);
        let event = self.registry.incremental_alter_configs(
            topic,
            ops,
            &self.config.broker,
            validate_only,
        )?;
        if !validate_only {
            let config = self
                .registry
                .describe_topic(topic)?
                .log_config(&self.config.broker);
            for (_, state) in self
                .partitions
                .iter_mut()
                .filter(|(tp, _)| tp.topic == topic)
            {
                state.log.update_config(config.clone());
                for follower in state.followers.values_mut() {
                    follower.log.update_config(config.clone());
                }
            }
            self.events.push(self.now_ms, Event::Topic(event.clone()));
        }
        Ok(event)
    }

    fn partition_mut(&mut self, tp: &TopicPartition) -> Result<&mut PartitionState, ApiError> {
        self.partitions
            .get_mut(tp)
            .ok_or_else(|| unknown_partition(tp))
    }

    fn partition(&self, tp: &TopicPartition) -> Result<&PartitionState, ApiError> {
        self.partitions.get(tp).ok_or_else(|| unknown_partition(tp))
    }

    /// Produce of one record batch (v2 bytes) to a partition's leader with `acks=1`
    /// (`appendAsLeader`), with the producer-state checks of an idempotent or transactional
    /// batch.
    pub fn produce(
        &mut self,
        tp: &TopicPartition,
        batch: &[u8],
        now_ms: i64,
    ) -> Result<AppendInfo, ApiError> {
        self.append_records_to_leader(tp, batch, 1, ValidationOrigin::Client, now_ms)
    }

    /// `Partition.appendRecordsToLeader` + `UnifiedLog.append`: the `acks` check
    /// ([`acks::check_before_append`]), the producer-state check
    /// (`analyzeAndValidateProducerState`: a duplicate is answered with the original offsets
    /// and not written; a gap or old epoch is refused), the append, then the producer state
    /// and the LSO are updated.
    pub(crate) fn append_records_to_leader(
        &mut self,
        tp: &TopicPartition,
        batch: &[u8],
        required_acks: i16,
        origin: ValidationOrigin,
        now_ms: i64,
    ) -> Result<AppendInfo, ApiError> {
        self.advance(now_ms);
        let now_ms = self.now_ms;
        let min_isr_rule = self.config.min_isr_rule;
        let replicas = self.partition_replicas(tp);
        let state = self
            .partitions
            .get_mut(tp)
            .ok_or_else(|| unknown_partition(tp))?;
        let Some(leader) = state.leader else {
            return Err(ApiError::new(
                ErrorCode::NotLeaderOrFollower,
                format!("Partition {tp} has no leader: every in-sync replica is down."),
            ));
        };
        acks::check_before_append(
            &AcksContext {
                required_acks,
                min_insync_replicas: state.log.config().min_insync_replicas,
                replicas: &replicas,
                isr: &state.isr,
                rule: min_isr_rule,
            },
            &tp.to_string(),
        )
        .map_err(|r| ApiError::new(r.code, r.message))?;

        let next_offset = state.log.leo();
        let analysis = match state.producers.analyze(batch, next_offset, origin) {
            // A corrupt batch is refused by the log with its record error, as Kafka's
            // `LogValidator` runs before the producer state is looked at.
            Ok(Analysis::Duplicate { .. }) | Err(_) if RawBatch::new(batch).is_err() => {
                Analysis::NoProducer
            }
            Ok(analysis) => analysis,
            Err(e) => {
                let header = BatchHeader::parse(batch).expect("a validated batch has a header");
                let event = ProducerStateEvent::BatchRefused {
                    producer_id: header.producer_id,
                    producer_epoch: header.producer_epoch,
                    first_seq: header.base_sequence,
                    error: e.error_code().name().to_owned(),
                    message: e.to_string(),
                };
                self.push_producer_events(tp, vec![event]);
                return Err(ApiError::new(e.error_code(), e.to_string()));
            }
        };
        if let Analysis::Duplicate {
            producer_epoch,
            first_seq,
            batch: duplicate,
        } = analysis
        {
            let info = AppendInfo {
                first_offset: duplicate.first_offset(),
                last_offset: duplicate.last_offset,
                // `UnifiedLog.append` answers a duplicate with `logAppendTime` set to the
                // retained batch's timestamp, whatever the topic's timestamp type.
                log_append_time_ms: duplicate.timestamp_ms,
                max_timestamp_ms: duplicate.timestamp_ms,
                records_count: (duplicate.offset_delta + 1),
                bytes: 0,
                log_start_offset: state.log.log_start_offset(),
            };
            let event = ProducerStateEvent::DuplicateBatch {
                producer_id: BatchHeader::parse(batch)
                    .expect("a duplicate was read from a header")
                    .producer_id,
                producer_epoch,
                first_seq,
                last_seq: duplicate.last_seq,
                first_offset: duplicate.first_offset(),
                last_offset: duplicate.last_offset,
            };
            self.push_producer_events(tp, vec![event]);
            return Ok(info);
        }

        let (lso_before, hw_before) = (state.log.lso(), state.log.hw());
        let mut log_events = Vec::new();
        let result = match origin {
            ValidationOrigin::Client => state.log.append_as_leader(
                &mut self.storage,
                batch,
                state.leader_epoch,
                now_ms,
                &mut log_events,
            ),
            ValidationOrigin::Coordinator | ValidationOrigin::Replication => {
                state.log.append_as_coordinator(
                    &mut self.storage,
                    batch,
                    state.leader_epoch,
                    now_ms,
                    &mut log_events,
                )
            }
        };
        if let Ok(info) = &result {
            state.epochs.assign(state.leader_epoch, info.first_offset);
        }
        let mut producer_events = Vec::new();
        if let (Ok(info), Analysis::Append(append)) = (&result, analysis) {
            assert_eq!(
                info.first_offset, append.first_offset,
                "the log assigns the offset the producer state was checked at"
            );
            let producer_id = append.info.producer_id();
            let started = append.info.started_txn();
            let completed = append.completed_txn;
            producer_events = state.producers.update(*append, info.max_timestamp_ms);
            if let Some(first_offset) = started {
                state.log.begin_txn(producer_id, first_offset);
            }
            if let Some(done) = completed {
                state.log.end_txn(producer_id);
                if done.is_aborted {
                    state.aborted_txns.push(AbortedTxn {
                        first_offset: done.first_offset,
                        producer_id: done.producer_id,
                        last_offset: done.last_offset,
                    });
                }
            }
        }
        self.push_log_events(tp, log_events);
        if let Ok(info) = &result {
            self.replication.add_bytes_in(leader, info.bytes);
            if info.bytes > 0 {
                let records = u64::try_from(info.records_count).unwrap_or(0);
                self.replication.add_messages_in(leader, records);
            }
            self.maybe_increment_hw(tp);
            self.wake_parked_fetches(tp);
        }
        // Reported when transactions hold it below the HW, before or after; otherwise it
        // moves with the HW, which the log reports.
        if let Some(state) = self.partitions.get(tp) {
            let (lso_after, hw_after) = (state.log.lso(), state.log.hw());
            if lso_after != lso_before && (lso_before != hw_before || lso_after != hw_after) {
                producer_events.push(ProducerStateEvent::LastStableOffsetMoved {
                    from: lso_before,
                    to: lso_after,
                });
            }
        }
        self.push_producer_events(tp, producer_events);
        Ok(result?)
    }

    /// Fetch from a partition: whole batches from `offset` on, bounded by what `bound` allows
    /// a reader to see (LEO for replicas, HW for `read_uncommitted`, LSO for `read_committed`).
    pub fn fetch(
        &self,
        tp: &TopicPartition,
        offset: i64,
        max_bytes: usize,
        bound: FetchUpperBound,
    ) -> Result<FetchData, ApiError> {
        let state = self.partition(tp)?;
        Ok(state
            .log
            .read(&self.storage, offset, max_bytes, bound, true)?)
    }

    /// One partition's read of a consumer fetch (`ReplicaManager.readFromLog`): `min_one_message`
    /// is true until a partition of the request returned data.
    pub(crate) fn read_for_fetch(
        &self,
        tp: &TopicPartition,
        offset: i64,
        max_bytes: usize,
        bound: FetchUpperBound,
        min_one_message: bool,
    ) -> Result<FetchData, ApiError> {
        let state = self.partition(tp)?;
        Ok(state
            .log
            .read(&self.storage, offset, max_bytes, bound, min_one_message)?)
    }

    /// ListOffsets for one partition.
    pub fn list_offsets(
        &self,
        tp: &TopicPartition,
        spec: OffsetSpec,
        bound: FetchUpperBound,
    ) -> Result<Option<TimestampAndOffset>, ApiError> {
        let state = self.partition(tp)?;
        Ok(state.log.list_offset(&self.storage, spec, bound)?)
    }

    /// DeleteRecords: moves the log start offset up to `offset` (`-1`: the high watermark).
    /// Returns the new low watermark.
    pub fn delete_records(
        &mut self,
        tp: &TopicPartition,
        offset: i64,
        now_ms: i64,
    ) -> Result<i64, ApiError> {
        self.advance(now_ms);
        let mut log_events = Vec::new();
        let state = self.partition_mut(tp)?;
        let target = if offset == -1 { state.log.hw() } else { offset };
        let result = state.log.delete_records(target, &mut log_events);
        self.push_log_events(tp, log_events);
        self.prune_aborted_txns();
        Ok(result?)
    }

    /// When [`Cluster::handle_timeout`] next has work to do.
    pub fn poll_timeout(&self) -> Option<i64> {
        Some(
            self.next_retention_check_ms
                .min(self.next_cleaner_run_ms)
                .min(self.next_producer_expiration_ms)
                .min(self.txn_poll_timeout())
                .min(self.groups.poll_timeout().unwrap_or(i64::MAX))
                .min(self.replication_poll_timeout()),
        )
    }

    /// When replication next has work: a fetcher, a lease expiry, a produce deadline, the
    /// ISR check (only while some partition has followers) or the leader balance check.
    fn replication_poll_timeout(&self) -> i64 {
        let replicated = self.partitions.values().any(|s| !s.followers.is_empty());
        let periodic = if replicated {
            let balance = if self.config.broker.boolean("auto.leader.rebalance.enable") {
                self.replication.next_imbalance_check_ms
            } else {
                i64::MAX
            };
            self.replication.next_isr_check_ms.min(balance)
        } else {
            i64::MAX
        };
        [
            self.replication.poll_timeout(),
            self.next_lease_expiry_ms(),
            self.replication.delayed.poll_timeout(),
        ]
        .into_iter()
        .flatten()
        .fold(periodic, i64::min)
    }

    /// Runs replication's work due by now: leases, fetchers, the periodic checks and the
    /// produce deadlines.
    fn run_replication(&mut self, now_ms: i64) {
        self.expire_leases();
        self.run_fetchers(now_ms);
        if !self.replication.reassignments.is_empty() {
            self.complete_reassignments();
        }
        if now_ms >= self.replication.next_isr_check_ms {
            self.shrink_isrs();
            self.replication.next_isr_check_ms =
                now_ms + (self.config.broker.long("replica.lag.time.max.ms") / 2).max(1);
        }
        if now_ms >= self.replication.next_imbalance_check_ms {
            if self.config.broker.boolean("auto.leader.rebalance.enable") {
                self.balance_leaders();
            }
            self.replication.next_imbalance_check_ms = now_ms
                + self
                    .config
                    .broker
                    .long("leader.imbalance.check.interval.seconds")
                    * 1000;
        }
        self.try_complete_delayed_produces();
    }

    /// Runs the periodic work due at `now_ms`: the retention check every
    /// `log.retention.check.interval.ms` (`LogManager.cleanupLogs`), the log cleaner
    /// every `log.cleaner.backoff.ms`, the transaction and group coordinators' timers. Storage failures are reported as events by the logs and
    /// leave the log as it was; the check runs again at its next period.
    pub fn handle_timeout(&mut self, now_ms: i64) {
        self.advance(now_ms);
        let now_ms = self.now_ms;
        if now_ms >= self.next_retention_check_ms {
            let interval_ms = match self.config.broker.value("log.retention.check.interval.ms") {
                Some(ConfigValue::Long(ms)) => ms,
                other => panic!(
                    "log.retention.check.interval.ms is a LONG with a default, got {other:?}"
                ),
            };
            self.for_each_log(|log, storage, events| {
                log.delete_old_segments(storage, now_ms, events).map(|_| ())
            });
            self.next_retention_check_ms = now_ms + interval_ms;
        }
        if now_ms >= self.next_cleaner_run_ms {
            self.for_each_log(|log, storage, events| {
                log.clean(storage, now_ms, events).map(|_| ())
            });
            self.next_cleaner_run_ms = now_ms + LOG_CLEANER_BACKOFF_MS;
        }
        if now_ms >= self.next_producer_expiration_ms {
            self.remove_expired_producers(now_ms);
            let interval = self
                .config
                .broker
                .int("producer.id.expiration.check.interval.ms");
            self.next_producer_expiration_ms = now_ms + i64::from(interval);
        }
        self.run_replication(now_ms);
        self.run_txn_coordinator(now_ms);
        self.run_group_coordinator(now_ms);
        self.prune_aborted_txns();
    }

    /// `UnifiedLog.removeExpiredProducers` on every partition, every
    /// `producer.id.expiration.check.interval.ms`.
    fn remove_expired_producers(&mut self, now_ms: i64) {
        let expiration_ms = i64::from(self.config.broker.int("producer.id.expiration.ms"));
        let mut expired = Vec::new();
        for (tp, state) in &mut self.partitions {
            for producer_id in state
                .producers
                .remove_expired_producers(now_ms, expiration_ms)
            {
                expired.push((
                    tp.clone(),
                    ProducerStateEvent::ProducerExpired { producer_id },
                ));
            }
        }
        for (tp, event) in expired {
            self.push_producer_events(&tp, vec![event]);
        }
    }

    /// Drops aborted-transaction entries wholly below the log start offset (Kafka deletes a
    /// segment's `.txnindex` with the segment).
    fn prune_aborted_txns(&mut self) {
        for state in self.partitions.values_mut() {
            let start = state.log.log_start_offset();
            state.aborted_txns.retain(|t| t.last_offset >= start);
        }
    }

    /// Runs `task` on every partition log in order, recording its events. A failing task
    /// leaves that log as the log itself guarantees and does not stop the others.
    fn for_each_log(
        &mut self,
        mut task: impl FnMut(
            &mut PartitionLog,
            &mut S,
            &mut Vec<LogEvent>,
        ) -> Result<(), crate::engine::log::LogError>,
    ) {
        let tps: Vec<TopicPartition> = self.partitions.keys().cloned().collect();
        for tp in tps {
            let mut log_events = Vec::new();
            let state = self
                .partitions
                .get_mut(&tp)
                .expect("key taken from the map");
            // A failure here is a storage error on a log that stays consistent; the task is
            // retried at its next period, so it is not an error for anyone to handle now.
            let _ = task(&mut state.log, &mut self.storage, &mut log_events);
            // Followers run the same tasks on their own logs; their events stay out of the
            // log, which reports the leader's.
            let mut follower_events = Vec::new();
            for follower in state.followers.values_mut() {
                let _ = task(&mut follower.log, &mut self.storage, &mut follower_events);
                follower
                    .epochs
                    .truncate_from_start(follower.log.log_start_offset());
            }
            state
                .epochs
                .truncate_from_start(state.log.log_start_offset());
            self.push_log_events(&tp, log_events);
        }
    }

    /// The cluster at this instant, as plain data.
    pub fn view(&self) -> ClusterView {
        // The active controller of the (never failing) quorum is shown on the first running
        // broker: with combined-mode nodes, a crashed node's role passes to another one.
        let controller = self
            .brokers
            .values()
            .find(|b| b.status == crate::engine::replication::BrokerStatus::Running)
            .map_or_else(|| self.controller_id(), |b| b.id);
        let brokers = self
            .config
            .broker_ids
            .iter()
            .map(|&id| {
                let state = &self.brokers[&id];
                BrokerView {
                    id,
                    rack: self.config.racks.get(&id).cloned(),
                    is_controller: id == controller,
                    status: state.status,
                    isolated: state.isolated,
                    fenced: state.fenced,
                    fetch_delay_ms: state.fetch_delay_ms,
                }
            })
            .collect();
        let topics = self
            .registry
            .list_topics()
            .into_iter()
            .filter_map(|listing| self.registry.describe_topic(&listing.name).ok())
            .map(|meta| self.topic_view(meta))
            .collect();
        ClusterView {
            now_ms: self.now_ms,
            brokers,
            topics,
            storage_used_bytes: self.storage.used_bytes(),
            health: self.health(),
        }
    }

    fn topic_view(&self, meta: &TopicMetadata) -> TopicView {
        let partitions = meta
            .replicas
            .iter()
            .enumerate()
            .filter_map(|(p, replicas)| {
                let tp = TopicPartition::new(&meta.name, p as i32);
                let state = self.partitions.get(&tp)?;
                let log = &state.log;
                let active_base = log.active_segment().base_offset();
                let replica_offsets = replicas
                    .iter()
                    .filter_map(|&broker| {
                        let log = state.replica_log(broker)?;
                        Some(ReplicaOffsets {
                            broker,
                            log_start_offset: log.log_start_offset(),
                            hw: log.hw(),
                            leo: log.leo(),
                        })
                    })
                    .collect();
                Some(PartitionView {
                    partition: p as i32,
                    leader: state.leader,
                    leader_epoch: state.leader_epoch,
                    replicas: replicas.clone(),
                    isr: state.isr.clone(),
                    replica_offsets,
                    log_start_offset: log.log_start_offset(),
                    hw: log.hw(),
                    lso: log.lso(),
                    leo: log.leo(),
                    size_bytes: log.size_bytes(),
                    segments: log
                        .segments()
                        .iter()
                        .map(|s| SegmentView {
                            base_offset: s.base_offset(),
                            next_offset: s.next_offset(),
                            size_bytes: u64::from(s.size()),
                            largest_timestamp_ms: (!s.is_empty()).then(|| s.largest_timestamp()),
                            is_active: s.base_offset() == active_base,
                        })
                        .collect(),
                })
            })
            .collect();
        TopicView {
            name: meta.name.clone(),
            topic_id: meta.topic_id.to_string(),
            is_internal: meta.is_internal(),
            replication_factor: meta.replication_factor(),
            config_overrides: meta
                .configs
                .iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            partitions,
        }
    }

    /// IncrementalAlterConfigs on a `BROKER` resource (KIP-226): the dynamic configs of broker
    /// `broker`, or with `None` the cluster-wide default (resource name `""`). A change reaches
    /// every partition whose topic inherits the setting, as Kafka's `DynamicLogConfig` updates
    /// the log configs of existing logs. Refusals are `INVALID_REQUEST` with Kafka's message
    /// (`ConfigAdminManager.validateBrokerConfigChange`); an unknown broker id is refused as
    /// `ConfigHelper` refuses it.
    pub fn alter_broker_configs(
        &mut self,
        broker: Option<i32>,
        ops: &[AlterConfigOp],
        validate_only: bool,
        now_ms: i64,
    ) -> Result<Vec<crate::engine::topic::broker_config::BrokerConfigChange>, ApiError> {
        use crate::engine::topic::broker_config::DynamicScope;
        self.advance(now_ms);
        let scope = match broker {
            None => DynamicScope::ClusterDefault,
            Some(id) if self.config.broker_ids.contains(&id) => DynamicScope::Broker(id),
            Some(id) => {
                return Err(ApiError::new(
                    ErrorCode::InvalidRequest,
                    format!(
                        "Unexpected broker id, expected {} or empty string, but received {id}",
                        self.controller_id()
                    ),
                ))
            }
        };
        let mut candidate = self.config.broker.clone();
        candidate.set_local_broker_id(self.controller_id());
        let changes = candidate
            .alter_dynamic(scope, ops)
            .map_err(|e| ApiError::new(ErrorCode::InvalidRequest, e.to_string()))?;
        if validate_only {
            return Ok(changes);
        }
        self.config.broker = candidate;
        for listing in self.registry.list_topics() {
            let Ok(meta) = self.registry.describe_topic(&listing.name) else {
                continue;
            };
            let config = meta.log_config(&self.config.broker);
            for (_, state) in self
                .partitions
                .iter_mut()
                .filter(|(tp, _)| tp.topic == listing.name)
            {
                state.log.update_config(config.clone());
                for follower in state.followers.values_mut() {
                    follower.log.update_config(config.clone());
                }
            }
        }
        self.events.push(
            self.now_ms,
            Event::BrokerConfigChanged {
                broker,
                changes: changes.clone(),
            },
        );
        Ok(changes)
    }

    /// Loads a topic from Kafka log files (`kplay-cli --import-dir`): creates `topic` with one
    /// partition per entry of `partitions` (each a list of `(base offset, .log bytes)`), writes
    /// the segments, and opens each partition through recovery (`LogLoader`: every batch's
    /// framing and CRC checked, indexes rebuilt, a damaged tail cut off).
    pub fn import_topic_logs(
        &mut self,
        topic: &str,
        partitions: &[Vec<(i64, Vec<u8>)>],
        now_ms: i64,
    ) -> Result<Vec<crate::engine::log::RecoveryReport>, ApiError> {
        use crate::storage::{FileKind, SegmentFile};
        let count = i32::try_from(partitions.len())
            .map_err(|_| ApiError::new(ErrorCode::InvalidPartitions, "too many partitions"))?;
        self.create_topic(&CreateTopicRequest::new(topic, count, 1), false, now_ms)?;
        let storage_error = |e: crate::storage::StorageError| {
            ApiError::new(ErrorCode::KafkaStorageError, e.to_string())
        };
        let config = self
            .registry
            .describe_topic(topic)?
            .log_config(&self.config.broker);
        let mut reports = Vec::new();
        for (partition, segments) in partitions.iter().enumerate() {
            let partition = partition as i32;
            let tp = TopicPartition::new(topic, partition);
            let broker = self.partitions[&tp].local;
            for file in self.storage.list() {
                if file.topic == topic && file.partition == partition {
                    self.storage.delete(&file).map_err(storage_error)?;
                }
            }
            for (base_offset, bytes) in segments {
                let file =
                    SegmentFile::on_broker(broker, topic, partition, *base_offset, FileKind::Log);
                self.storage.append(&file, bytes).map_err(storage_error)?;
            }
            let mut log_events = Vec::new();
            let (log, report) = PartitionLog::open_replica_from_storage(
                &mut self.storage,
                broker,
                topic,
                partition,
                config.clone(),
                crate::engine::log::LogCheckpoints::default(),
                self.now_ms,
                &mut log_events,
            )?;
            // Imported batches may come from idempotent or transactional producers: their
            // state is rebuilt from the log as Kafka does without a snapshot.
            let (producers, open_txns) = ProducerStateManager::load_from_log(&log, &self.storage)?;
            let mut log = log;
            for (producer_id, first_offset) in open_txns {
                log.begin_txn(producer_id, first_offset);
            }
            let aborted_txns = log.aborted_transactions(&self.storage)?;
            let mut epochs = crate::engine::replication::epoch_cache::LeaderEpochCache::default();
            for segment in log.segments() {
                let bytes = self
                    .storage
                    .read(&segment.files().log, 0, u64::from(segment.size()))
                    .map_err(storage_error)?;
                crate::engine::replication::fetcher::assign_epochs(&mut epochs, bytes);
            }
            let state = self
                .partitions
                .get_mut(&tp)
                .expect("create_topic opened the partition");
            state.log = log;
            state.producers = producers;
            state.aborted_txns = aborted_txns;
            state.epochs = epochs;
            self.push_log_events(&tp, log_events);
            reports.push(report);
        }
        Ok(reports)
    }
}

fn unknown_partition(tp: &TopicPartition) -> ApiError {
    ApiError::new(
        ErrorCode::UnknownTopicOrPartition,
        format!("This server does not host this topic-partition: {tp}."),
    )
}
