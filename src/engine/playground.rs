//! [`Playground`]: the world a learner plays in: one [`Cluster`], the producer and consumer
//! clients and the simulated [`Network`] between them, under one version profile and one
//! clock. Producers are the network's `Client(n)` endpoints, consumers its `Consumer(n)`.
//!
//! Sans-IO in the manner of quinn-proto and str0m: inputs arrive with
//! [`Playground::handle`] (or the typed methods it dispatches to), time passes only through
//! [`Playground::handle_timeout`] at [`Playground::poll_timeout`], and what happened is read
//! from [`Playground::events`] (one bounded log merging the cluster's, the clients' and the
//! network's events), from each producer's delivery results and each consumer's `poll`
//! and commit results. Every request a client makes crosses the network to
//! [`Cluster::handle_request_keyed`]; its response crosses back, late or never when a
//! [`Fault`] says so. A JoinGroup or SyncGroup the group coordinator parks is answered when
//! [`Cluster::poll_delayed_response`] yields it, under the key built from the client and the
//! correlation id.

use std::collections::BTreeMap;

use thiserror::Error;

use crate::engine::cluster::{Cluster, ClusterConfig};
use crate::engine::consumer::commit::{CommitId, CommitResult};
use crate::engine::consumer::config::ConsumerConfig;
use crate::engine::consumer::error::ConsumerError;
use crate::engine::consumer::event::ConsumerEvent;
use crate::engine::consumer::record::ConsumerRecord;
use crate::engine::consumer::Consumer;
use crate::engine::event::Event;
use crate::engine::event_log::EventLog;
use crate::engine::group::coordinator::RequestKey;
use crate::engine::kafka_apis::Reply;
use crate::engine::net::request_metrics::RequestMetrics;
use crate::engine::net::{Endpoint, Envelope, Fault, Network, Payload, DEFAULT_LATENCY_MS};
use crate::engine::producer::config::{ConfigError, ProducerConfig};
use crate::engine::producer::delivery::DeliveryResult;
use crate::engine::producer::error::ProducerError;
use crate::engine::producer::metadata::MetadataSource;
use crate::engine::producer::record::{ProducerRecord, RecordId};
use crate::engine::producer::Producer;
use crate::engine::profile::VersionProfile;
use crate::engine::protocol::Response;
use crate::engine::topic_partition::TopicPartition;
use crate::storage::SegmentStorage;

/// How many producers a playground may hold.
pub const MAX_PRODUCERS: usize = 64;
/// How many consumers a playground may hold.
pub const MAX_CONSUMERS: usize = 64;
/// How many exchanges (request out, request handled, response back) one step may carry
/// before it stops: a bound on the work of a single input or timeout.
pub const MAX_PUMP_ROUNDS: usize = 10_000;
/// How many timeouts [`Playground::close_producer`] runs at most while it waits for the last
/// results (each record's `delivery.timeout.ms` ends it long before).
pub const MAX_CLOSE_STEPS: usize = 1_000_000;

/// How a playground is set up.
#[derive(Debug, Clone)]
pub struct PlaygroundConfig {
    pub cluster: ClusterConfig,
    pub profile: VersionProfile,
    /// One-way latency of every client-broker link.
    pub latency_ms: i64,
}

/// How many brokers a playground starts with, unless told otherwise: enough for
/// `--replication-factor 3`, `min.insync.replicas=2` and a broker to lose.
pub const DEFAULT_BROKERS: usize = 3;
/// The most brokers a playground may have (issue 6: 1 to 9).
pub const MAX_BROKERS: usize = 9;

impl PlaygroundConfig {
    /// [`DEFAULT_BROKERS`] brokers, ids 0, 1, 2.
    pub fn new(seed: u64, profile: VersionProfile) -> PlaygroundConfig {
        PlaygroundConfig::with_brokers(seed, profile, DEFAULT_BROKERS)
    }

    /// `brokers` brokers (1 to [`MAX_BROKERS`]), ids from 0.
    ///
    /// # Panics
    /// When `brokers` is outside 1..=[`MAX_BROKERS`]; hosts check what users type.
    pub fn with_brokers(seed: u64, profile: VersionProfile, brokers: usize) -> PlaygroundConfig {
        assert!(
            (1..=MAX_BROKERS).contains(&brokers),
            "a playground has 1 to {MAX_BROKERS} brokers, not {brokers}"
        );
        let mut cluster = ClusterConfig::with_seed(seed);
        cluster.broker_ids = (0..brokers as i32).collect();
        PlaygroundConfig {
            cluster,
            profile,
            latency_ms: DEFAULT_LATENCY_MS,
        }
    }
}

/// The index of a producer in its playground (also its network endpoint `Client(id)`).
pub type ProducerId = u32;
/// The index of a consumer in its playground (also its network endpoint `Consumer(id)`).
pub type ConsumerId = u32;

/// An input to the playground.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// A new producer with these configs (name, value) over the profile's defaults.
    CreateProducer {
        configs: Vec<(String, String)>,
    },
    Send {
        producer: ProducerId,
        record: ProducerRecord,
    },
    Flush {
        producer: ProducerId,
    },
    InitTransactions {
        producer: ProducerId,
    },
    BeginTransaction {
        producer: ProducerId,
    },
    SendOffsetsToTransaction {
        producer: ProducerId,
        offsets: Vec<(TopicPartition, i64)>,
        group_id: String,
    },
    CommitTransaction {
        producer: ProducerId,
    },
    AbortTransaction {
        producer: ProducerId,
    },
    InjectFault(Fault),
    /// Latency of one link, or of all links without their own when `link` is `None`.
    SetLatency {
        link: Option<(ProducerId, i32)>,
        latency_ms: i64,
    },
}

/// What an input returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    ProducerCreated(ProducerId),
    RecordAccepted(RecordId),
    Done,
}

/// Why an input was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PlaygroundError {
    #[error("{0}")]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Producer(#[from] ProducerError),
    #[error("There is no producer {0} in this playground.")]
    UnknownProducer(ProducerId),
    #[error("A playground holds at most {MAX_PRODUCERS} producers.")]
    TooManyProducers,
    #[error("Producer {producer} was closed with {undelivered} records still waiting for a result and nothing left to wait for.")]
    CloseIncomplete {
        producer: ProducerId,
        undelivered: u64,
    },
    #[error("{0}")]
    Consumer(#[from] ConsumerError),
    #[error("There is no consumer {0} in this playground.")]
    UnknownConsumer(ConsumerId),
    #[error("A playground holds at most {MAX_CONSUMERS} consumers.")]
    TooManyConsumers,
}

/// The cluster as its clients' metadata (`metadata.max.age.ms`-free: read on every use).
struct ClusterMetadata<'a, S: SegmentStorage>(&'a Cluster<S>);

impl<S: SegmentStorage> MetadataSource for ClusterMetadata<'_, S> {
    fn partition_replicas(&self, topic: &str) -> Option<&[Vec<i32>]> {
        self.0.client_partition_replicas(topic)
    }

    fn broker_ids(&self) -> &[i32] {
        self.0.live_broker_ids()
    }

    fn topic_names(&self) -> Vec<String> {
        self.0
            .registry()
            .list_topics()
            .into_iter()
            .filter(|t| !t.internal)
            .map(|t| t.name)
            .collect()
    }
}

/// A cluster, its clients and the network between them.
pub struct Playground<S: SegmentStorage> {
    profile: VersionProfile,
    seed: u64,
    now_ms: i64,
    cluster: Cluster<S>,
    network: Network,
    producers: Vec<Producer>,
    consumers: Vec<Consumer>,
    cluster_event_seq: u64,
    events: EventLog<Event>,
    /// Requests the cluster parked (an `acks=all` produce, a JoinGroup or SyncGroup), by the
    /// key built from the client and correlation id. Bounded by what the brokers can park
    /// (the clients' in-flight requests).
    parked: BTreeMap<RequestKey, Parked>,
    /// How long the brokers took to answer, per API.
    request_metrics: RequestMetrics,
    /// Consumers whose process is frozen, and the responses that reached each meanwhile (see
    /// [`Playground::freeze_consumer`]). Bounded by the consumer's requests in flight.
    frozen: BTreeMap<ConsumerId, Vec<HeldResponse>>,
}

/// A response that reached a frozen consumer: it waits in the socket until the consumer runs.
#[derive(Debug, Clone)]
struct HeldResponse {
    broker: i32,
    correlation_id: i32,
    response: Response,
}

/// A request a broker parked: who answers it, and what to time.
#[derive(Debug, Clone, Copy)]
struct Parked {
    broker: i32,
    api: &'static str,
    arrived_ms: i64,
}

/// The key bit that marks a consumer's request (producers' keys have it clear).
const CONSUMER_KEY_BIT: RequestKey = 1 << 62;

/// The key a parked request is answered under: the client (producer or consumer, by index)
/// and its correlation id (unique per connection, as in Kafka's `RequestChannel`), below the
/// cluster's own keys (`INTERNAL_KEY_BASE`, bit 63).
fn request_key(client: Endpoint, correlation_id: i32) -> RequestKey {
    let low = u64::from(correlation_id as u32);
    match client {
        Endpoint::Client(index) => (u64::from(index) << 32) | low,
        Endpoint::Consumer(index) => CONSUMER_KEY_BIT | (u64::from(index) << 32) | low,
        Endpoint::Broker(_) => unreachable!("only clients send requests"),
    }
}

/// The client a parked request's key names ([`request_key`] backwards).
fn key_client(key: RequestKey) -> Endpoint {
    let index = ((key & !CONSUMER_KEY_BIT) >> 32) as u32;
    if key & CONSUMER_KEY_BIT != 0 {
        Endpoint::Consumer(index)
    } else {
        Endpoint::Client(index)
    }
}

impl<S: SegmentStorage> Playground<S> {
    pub fn new(config: PlaygroundConfig, storage: S, now_ms: i64) -> Playground<S> {
        let capacity = config.cluster.event_capacity;
        let seed = config.cluster.seed;
        Playground {
            profile: config.profile,
            seed,
            now_ms,
            cluster: Cluster::new(config.cluster, storage, now_ms),
            network: Network::new(config.latency_ms),
            producers: Vec::new(),
            consumers: Vec::new(),
            cluster_event_seq: 0,
            events: EventLog::new(capacity),
            parked: BTreeMap::new(),
            request_metrics: RequestMetrics::default(),
            frozen: BTreeMap::new(),
        }
    }

    /// Freezes consumer `id`'s process, as a stop-the-world GC pause, a debugger or `kill
    /// -STOP` does: neither its application thread (`poll`) nor its heartbeat thread runs, so
    /// the coordinator hears nothing until `session.timeout.ms` expires
    /// (`GroupCoordinator.onMemberFailure` / `onExpireHeartbeat`) and rebalances without it.
    /// Responses that reach it wait, as bytes wait in a socket, until
    /// [`Playground::thaw_consumer`]. Freezing a frozen consumer changes nothing.
    pub fn freeze_consumer(&mut self, id: ConsumerId, now_ms: i64) -> Result<(), PlaygroundError> {
        self.advance(now_ms);
        self.consumer_mut(id)?;
        if let std::collections::btree_map::Entry::Vacant(entry) = self.frozen.entry(id) {
            entry.insert(Vec::new());
            self.events.push(
                self.now_ms,
                Event::ConsumerClient {
                    consumer: id,
                    event: ConsumerEvent::Frozen,
                },
            );
        }
        Ok(())
    }

    /// Lets a frozen consumer run again: the responses that arrived meanwhile are read first,
    /// then its timers, overdue by the length of the pause, fire. Its heartbeat then learns
    /// whether the group moved on without it (`UNKNOWN_MEMBER_ID`, and it rejoins), and a
    /// pause past `max.poll.interval.ms` makes it leave (`ConsumerCoordinator`'s poll timer).
    pub fn thaw_consumer(&mut self, id: ConsumerId, now_ms: i64) -> Result<(), PlaygroundError> {
        self.advance(now_ms);
        self.consumer_mut(id)?;
        let Some(held) = self.frozen.remove(&id) else {
            return Ok(());
        };
        let now = self.now_ms;
        self.events.push(
            now,
            Event::ConsumerClient {
                consumer: id,
                event: ConsumerEvent::Thawed {
                    held_responses: held.len(),
                },
            },
        );
        let meta = ClusterMetadata(&self.cluster);
        let consumer = &mut self.consumers[id as usize];
        for h in held {
            consumer.handle_response(h.broker, h.correlation_id, h.response, now, &meta);
        }
        if consumer.poll_timeout().is_some_and(|t| t <= now) {
            consumer.handle_timeout(now, &meta);
        }
        self.pump();
        Ok(())
    }

    /// Whether consumer `id`'s process is frozen.
    pub fn is_frozen(&self, id: ConsumerId) -> bool {
        self.frozen.contains_key(&id)
    }

    /// How long the brokers took to answer clients, per API (`RequestMetrics.TotalTimeMs`).
    pub fn request_metrics(&self) -> &RequestMetrics {
        &self.request_metrics
    }

    /// The seed everything random in the playground derives from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn profile(&self) -> VersionProfile {
        self.profile
    }

    pub fn now_ms(&self) -> i64 {
        self.now_ms
    }

    pub fn cluster(&self) -> &Cluster<S> {
        &self.cluster
    }

    /// Direct access for admin calls (create topics, partitions...); their events join the
    /// playground's log at the next step or [`Playground::collect_events`].
    pub fn cluster_mut(&mut self) -> &mut Cluster<S> {
        &mut self.cluster
    }

    pub fn network(&self) -> &Network {
        &self.network
    }

    pub fn producers(&self) -> &[Producer] {
        &self.producers
    }

    pub fn producer(&self, id: ProducerId) -> Option<&Producer> {
        self.producers.get(id as usize)
    }

    pub fn consumers(&self) -> &[Consumer] {
        &self.consumers
    }

    pub fn consumer(&self, id: ConsumerId) -> Option<&Consumer> {
        self.consumers.get(id as usize)
    }

    fn consumer_mut(&mut self, id: ConsumerId) -> Result<&mut Consumer, PlaygroundError> {
        self.consumers
            .get_mut(id as usize)
            .ok_or(PlaygroundError::UnknownConsumer(id))
    }

    /// Creates a consumer from the profile's defaults plus `configs`.
    pub fn create_consumer(
        &mut self,
        configs: &[(&str, &str)],
        now_ms: i64,
    ) -> Result<ConsumerId, PlaygroundError> {
        self.advance(now_ms);
        if self.consumers.len() >= MAX_CONSUMERS {
            return Err(PlaygroundError::TooManyConsumers);
        }
        let mut config = ConsumerConfig::new(self.profile);
        for (name, value) in configs {
            config.set(name, value)?;
        }
        let id = self.consumers.len() as ConsumerId;
        let consumer = Consumer::new(config, id + 1, self.now_ms)?;
        self.consumers.push(consumer);
        self.collect_events();
        Ok(id)
    }

    /// `subscribe(topics)` on a consumer.
    pub fn subscribe(
        &mut self,
        consumer: ConsumerId,
        topics: &[&str],
        now_ms: i64,
    ) -> Result<(), PlaygroundError> {
        self.advance(now_ms);
        let now = self.now_ms;
        self.consumer_mut(consumer)?.subscribe(topics, now)?;
        // The consumer's metadata request for its topics creates missing ones (KIP-361's
        // `allow.auto.create.topics`, default true, and the broker's switch); a pattern
        // subscription never does.
        if self.consumers[consumer as usize]
            .config()
            .allow_auto_create_topics
        {
            for topic in topics {
                self.cluster.auto_create_topic(topic, now);
            }
        }
        self.pump();
        Ok(())
    }

    /// `subscribe(Pattern)` on a consumer.
    pub fn subscribe_pattern(
        &mut self,
        consumer: ConsumerId,
        pattern: &str,
        now_ms: i64,
    ) -> Result<(), PlaygroundError> {
        self.advance(now_ms);
        let now = self.now_ms;
        self.consumer_mut(consumer)?
            .subscribe_pattern(pattern, now)?;
        self.pump();
        Ok(())
    }

    /// `assign(partitions)` on a consumer.
    pub fn assign(
        &mut self,
        consumer: ConsumerId,
        partitions: &[TopicPartition],
        now_ms: i64,
    ) -> Result<(), PlaygroundError> {
        self.advance(now_ms);
        let now = self.now_ms;
        self.consumer_mut(consumer)?.assign(partitions, now)?;
        self.pump();
        Ok(())
    }

    /// `poll()` on a consumer: the records fetched so far; what it starts (joining, position
    /// lookups, fetches) crosses the network at once.
    pub fn poll(
        &mut self,
        consumer: ConsumerId,
        now_ms: i64,
    ) -> Result<Vec<ConsumerRecord>, PlaygroundError> {
        self.advance(now_ms);
        let now = self.now_ms;
        let meta = ClusterMetadata(&self.cluster);
        let c = self
            .consumers
            .get_mut(consumer as usize)
            .ok_or(PlaygroundError::UnknownConsumer(consumer))?;
        let result = c.poll(now, &meta);
        self.pump();
        Ok(result?)
    }

    /// `commitSync(offsets)` (`None`: every consumed position); the result comes from
    /// [`Playground::poll_commit_result`].
    pub fn commit_sync(
        &mut self,
        consumer: ConsumerId,
        offsets: Option<Vec<(TopicPartition, i64)>>,
        now_ms: i64,
    ) -> Result<CommitId, PlaygroundError> {
        self.advance(now_ms);
        let now = self.now_ms;
        let id = self.consumer_mut(consumer)?.commit_sync(offsets, now)?;
        self.pump();
        Ok(id)
    }

    /// `commitAsync(offsets)`.
    pub fn commit_async(
        &mut self,
        consumer: ConsumerId,
        offsets: Option<Vec<(TopicPartition, i64)>>,
        now_ms: i64,
    ) -> Result<CommitId, PlaygroundError> {
        self.advance(now_ms);
        let now = self.now_ms;
        let id = self.consumer_mut(consumer)?.commit_async(offsets, now)?;
        self.pump();
        Ok(id)
    }

    /// The next finished commit of a consumer.
    pub fn poll_commit_result(&mut self, consumer: ConsumerId) -> Option<CommitResult> {
        self.consumers
            .get_mut(consumer as usize)?
            .poll_commit_result()
    }

    /// Any other call on a consumer (`seek`, `pause`, `committed`...), then a pump.
    pub fn with_consumer<T>(
        &mut self,
        consumer: ConsumerId,
        now_ms: i64,
        call: impl FnOnce(&mut Consumer, i64) -> Result<T, ConsumerError>,
    ) -> Result<T, PlaygroundError> {
        self.advance(now_ms);
        let now = self.now_ms;
        let result = call(self.consumer_mut(consumer)?, now);
        self.pump();
        Ok(result?)
    }

    /// `close()` on a consumer.
    pub fn close_consumer(
        &mut self,
        consumer: ConsumerId,
        now_ms: i64,
    ) -> Result<(), PlaygroundError> {
        self.advance(now_ms);
        let now = self.now_ms;
        self.consumer_mut(consumer)?.close(now);
        self.pump();
        Ok(())
    }

    /// The next delivery result of a producer.
    pub fn poll_delivery(&mut self, id: ProducerId) -> Option<DeliveryResult> {
        self.producers.get_mut(id as usize)?.poll_delivery()
    }

    /// Every event, merged: cluster, producers, network, as of the last step (each input,
    /// timeout and message exchange collects them; a `send` that wakes nobody does not, call
    /// [`Playground::collect_events`] to see its events at once).
    pub fn events(&self) -> &EventLog<Event> {
        &self.events
    }

    fn advance(&mut self, now_ms: i64) {
        self.now_ms = self.now_ms.max(now_ms);
    }

    fn producer_mut(&mut self, id: ProducerId) -> Result<&mut Producer, PlaygroundError> {
        self.producers
            .get_mut(id as usize)
            .ok_or(PlaygroundError::UnknownProducer(id))
    }

    /// Creates a producer from the profile's defaults plus `configs`.
    pub fn create_producer(
        &mut self,
        configs: &[(&str, &str)],
        now_ms: i64,
    ) -> Result<ProducerId, PlaygroundError> {
        self.advance(now_ms);
        if self.producers.len() >= MAX_PRODUCERS {
            return Err(PlaygroundError::TooManyProducers);
        }
        let mut config = ProducerConfig::new(self.profile);
        for (name, value) in configs {
            config.set(name, value)?;
        }
        let id = self.producers.len() as ProducerId;
        let seed = self
            .seed
            .wrapping_add(u64::from(id + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let producer = Producer::new(config, id + 1, seed, self.now_ms)?;
        self.producers.push(producer);
        self.pump();
        Ok(id)
    }

    /// `send` on a producer; the record's result comes later from [`Playground::poll_delivery`].
    pub fn send(
        &mut self,
        producer: ProducerId,
        record: ProducerRecord,
        now_ms: i64,
    ) -> Result<RecordId, PlaygroundError> {
        self.advance(now_ms);
        let now = self.now_ms;
        if self.producers.get(producer as usize).is_none() {
            return Err(PlaygroundError::UnknownProducer(producer));
        }
        // The Java client's first metadata request for the topic is what creates it.
        self.cluster.auto_create_topic(&record.topic, now);
        let meta = ClusterMetadata(&self.cluster);
        let p = &mut self.producers[producer as usize];
        let id = p.send(record, now, &meta)?;
        // Events are collected at the next step or `collect_events`, not on every record.
        if p.wants_to_run() {
            self.pump();
        }
        Ok(id)
    }

    /// Dispatches one input at `now_ms`.
    pub fn handle(&mut self, input: Input, now_ms: i64) -> Result<Output, PlaygroundError> {
        self.advance(now_ms);
        let now = self.now_ms;
        let output = match input {
            Input::CreateProducer { configs } => {
                let pairs: Vec<(&str, &str)> = configs
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                Output::ProducerCreated(self.create_producer(&pairs, now)?)
            }
            Input::Send { producer, record } => {
                return self.send(producer, record, now).map(Output::RecordAccepted)
            }
            Input::Flush { producer } => {
                self.producer_mut(producer)?.flush(now);
                Output::Done
            }
            Input::InitTransactions { producer } => {
                self.producer_mut(producer)?.init_transactions(now)?;
                Output::Done
            }
            Input::BeginTransaction { producer } => {
                self.producer_mut(producer)?.begin_transaction(now)?;
                Output::Done
            }
            Input::SendOffsetsToTransaction {
                producer,
                offsets,
                group_id,
            } => {
                self.producer_mut(producer)?
                    .send_offsets_to_transaction(&offsets, &group_id, now)?;
                Output::Done
            }
            Input::CommitTransaction { producer } => {
                self.producer_mut(producer)?.commit_transaction(now)?;
                Output::Done
            }
            Input::AbortTransaction { producer } => {
                self.producer_mut(producer)?.abort_transaction(now)?;
                Output::Done
            }
            Input::InjectFault(fault) => {
                self.network.inject(fault);
                Output::Done
            }
            Input::SetLatency { link, latency_ms } => {
                match link {
                    Some((client, broker)) => {
                        self.network.set_link_latency(client, broker, latency_ms)
                    }
                    None => self.network.set_default_latency(latency_ms),
                }
                Output::Done
            }
        };
        self.pump();
        Ok(output)
    }

    /// `KafkaProducer.flush()`: every batch becomes sendable now; the results come as time
    /// passes.
    pub fn flush_producer(&mut self, id: ProducerId) -> Result<(), PlaygroundError> {
        let now = self.now_ms;
        self.producer_mut(id)?.flush(now);
        self.pump();
        Ok(())
    }

    /// `KafkaProducer.close()`: refuses further sends, flushes, and lets simulated time pass
    /// until every record sent has its result (as `close` blocks until the sender drained
    /// everything). The playground's clock is then at the moment the last result came;
    /// [`Playground::now_ms`] says when.
    pub fn close_producer(&mut self, id: ProducerId, now_ms: i64) -> Result<(), PlaygroundError> {
        self.advance(now_ms);
        let now = self.now_ms;
        self.producer_mut(id)?.close(now);
        self.pump();
        for _ in 0..MAX_CLOSE_STEPS {
            let p = &self.producers[id as usize];
            if p.undelivered_records() == 0 && p.pending_operation() != Some("abortTransaction") {
                return Ok(());
            }
            let Some(due_ms) = self.poll_timeout() else {
                break;
            };
            self.handle_timeout(due_ms);
        }
        // Every batch expires at `delivery.timeout.ms` and a blocked send at `max.block.ms`,
        // so this is not expected; it is reported rather than waited on forever.
        Err(PlaygroundError::CloseIncomplete {
            producer: id,
            undelivered: self.producers[id as usize].undelivered_records(),
        })
    }

    /// Lets simulated time pass up to `to_ms`, running everything that falls due on the way
    /// (broker tasks, producer timers, messages arriving) at its own moment.
    pub fn pass_time(&mut self, to_ms: i64) {
        while let Some(due_ms) = self.poll_timeout() {
            if due_ms > to_ms {
                break;
            }
            self.handle_timeout(due_ms);
        }
        self.handle_timeout(to_ms);
    }

    /// Convenience for [`Input::InjectFault`].
    pub fn inject(&mut self, fault: Fault) {
        self.network.inject(fault);
        self.collect_events();
    }

    /// When [`Playground::handle_timeout`] next has work.
    pub fn poll_timeout(&self) -> Option<i64> {
        [self.cluster.poll_timeout(), self.network.next_delivery_ms()]
            .into_iter()
            .chain(self.producers.iter().map(Producer::poll_timeout))
            .chain(
                self.consumers
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !self.frozen.contains_key(&(*i as ConsumerId)))
                    .map(|(_, c)| c.poll_timeout()),
            )
            .flatten()
            .min()
    }

    /// Runs everything due at `now_ms`: the cluster's periodic work, the producers' timers,
    /// and the messages that arrived.
    pub fn handle_timeout(&mut self, now_ms: i64) {
        self.advance(now_ms);
        let now = self.now_ms;
        if self.cluster.poll_timeout().is_some_and(|t| t <= now) {
            self.cluster.handle_timeout(now);
        }
        let meta = ClusterMetadata(&self.cluster);
        for p in &mut self.producers {
            if p.poll_timeout().is_some_and(|t| t <= now) {
                p.handle_timeout(now, &meta);
            }
        }
        for (i, c) in self.consumers.iter_mut().enumerate() {
            let frozen = self.frozen.contains_key(&(i as ConsumerId));
            if !frozen && c.poll_timeout().is_some_and(|t| t <= now) {
                c.handle_timeout(now, &meta);
            }
        }
        self.pump();
    }

    /// Moves messages until nothing more happens at the current time.
    fn pump(&mut self) {
        let now = self.now_ms;
        for _ in 0..MAX_PUMP_ROUNDS {
            let mut progressed = false;
            let meta = ClusterMetadata(&self.cluster);
            for (index, p) in self.producers.iter_mut().enumerate() {
                while let Some(t) = p.poll_transmit(now, &meta) {
                    progressed = true;
                    self.network.send(
                        Envelope {
                            from: Endpoint::Client(index as ProducerId),
                            to: Endpoint::Broker(t.node),
                            correlation_id: t.correlation_id,
                            payload: Payload::Request(t.request),
                        },
                        now,
                    );
                }
            }
            for (index, c) in self.consumers.iter_mut().enumerate() {
                // A frozen process sends nothing; what it queued goes out when it thaws.
                if self.frozen.contains_key(&(index as ConsumerId)) {
                    continue;
                }
                while let Some(t) = c.poll_transmit(now, &meta) {
                    progressed = true;
                    self.network.send(
                        Envelope {
                            from: Endpoint::Consumer(index as ConsumerId),
                            to: Endpoint::Broker(t.node),
                            correlation_id: t.correlation_id,
                            payload: Payload::Request(t.request),
                        },
                        now,
                    );
                }
            }
            while let Some(envelope) = self.network.poll_delivery(now) {
                progressed = true;
                match (envelope.from, envelope.to, envelope.payload) {
                    (
                        client @ (Endpoint::Client(_) | Endpoint::Consumer(_)),
                        Endpoint::Broker(broker),
                        Payload::Request(request),
                    ) => {
                        if !self.cluster.is_serving(broker) {
                            // A stopped, crashed or cut-off broker answers nothing; the
                            // client's request times out (`request.timeout.ms`).
                            self.network.record_unanswered(
                                envelope.from,
                                broker,
                                &request,
                                envelope.correlation_id,
                            );
                            continue;
                        }
                        let key = request_key(client, envelope.correlation_id);
                        let api = request.api_name();
                        match self.cluster.handle_request_keyed(broker, key, request, now) {
                            Reply::Now(response) => {
                                self.request_metrics.record(api, 0);
                                self.network.send(
                                    Envelope {
                                        from: Endpoint::Broker(broker),
                                        to: envelope.from,
                                        correlation_id: envelope.correlation_id,
                                        payload: Payload::Response(response),
                                    },
                                    now,
                                )
                            }
                            Reply::Later => {
                                let parked = Parked {
                                    broker,
                                    api,
                                    arrived_ms: now,
                                };
                                self.parked.insert(key, parked);
                            }
                            // `acks=0`: the request completes with nothing sent back.
                            Reply::NoResponse => self.request_metrics.record(api, 0),
                        }
                    }
                    (Endpoint::Broker(broker), Endpoint::Client(client), Payload::Response(r)) => {
                        let meta = ClusterMetadata(&self.cluster);
                        if let Some(p) = self.producers.get_mut(client as usize) {
                            p.handle_response(broker, envelope.correlation_id, r, now, &meta);
                        }
                    }
                    (Endpoint::Broker(broker), Endpoint::Consumer(client), Payload::Response(r)) => {
                        if let Some(held) = self.frozen.get_mut(&client) {
                            held.push(HeldResponse {
                                broker,
                                correlation_id: envelope.correlation_id,
                                response: r,
                            });
                            continue;
                        }
                        let meta = ClusterMetadata(&self.cluster);
                        if let Some(c) = self.consumers.get_mut(client as usize) {
                            c.handle_response(broker, envelope.correlation_id, r, now, &meta);
                        }
                    }
                    (from, to, _) => unreachable!(
                        "the network carries requests to brokers and responses to clients, not {from:?} to {to:?}"
                    ),
                }
            }
            // A broker that went down answers none of the requests it parked.
            if self
                .parked
                .values()
                .any(|p| !self.cluster.is_serving(p.broker))
            {
                let cluster = &self.cluster;
                self.parked.retain(|_, p| cluster.is_serving(p.broker));
            }
            // Parked requests the coordinator answered (by this exchange or a timer).
            while let Some((key, response)) = self.cluster.poll_delayed_response() {
                // Keys without an entry belong to admin calls made through `cluster_mut`.
                let Some(Parked {
                    broker,
                    api,
                    arrived_ms,
                }) = self.parked.remove(&key)
                else {
                    continue;
                };
                self.request_metrics.record(api, now - arrived_ms);
                progressed = true;
                self.network.send(
                    Envelope {
                        from: Endpoint::Broker(broker),
                        to: key_client(key),
                        correlation_id: key as u32 as i32,
                        payload: Payload::Response(response),
                    },
                    now,
                );
            }
            self.collect_events();
            if !progressed {
                return;
            }
        }
    }

    /// Merges the cluster's, the producers' and the network's new events into the log.
    pub fn collect_events(&mut self) {
        if self.cluster.events().next_seq() != self.cluster_event_seq {
            for e in self.cluster.events().since(self.cluster_event_seq) {
                self.events.push(e.time_ms, e.event.clone());
            }
            self.cluster_event_seq = self.cluster.events().next_seq();
        }
        for (index, p) in self.producers.iter_mut().enumerate() {
            for (time_ms, event) in p.drain_events() {
                self.events.push(
                    time_ms,
                    Event::ProducerClient {
                        producer: index as ProducerId,
                        event,
                    },
                );
            }
        }
        for (index, c) in self.consumers.iter_mut().enumerate() {
            for (time_ms, event) in c.drain_events() {
                self.events.push(
                    time_ms,
                    Event::ConsumerClient {
                        consumer: index as ConsumerId,
                        event,
                    },
                );
            }
        }
        let now = self.now_ms;
        for e in self.network.drain_events() {
            self.events.push(now, Event::Net(e));
        }
    }
}
