//! The consumer client, sans-IO: Kafka's `KafkaConsumer` (classic group protocol) with its
//! `SubscriptionState`, `ConsumerCoordinator` (over `AbstractCoordinator`), `Fetcher`,
//! `OffsetFetcher` and the heartbeat thread, driven by simulated time.
//!
//! A [`Consumer`] never touches the network. Its owner (the [`Playground`]) calls the
//! application's methods ([`Consumer::subscribe`], [`Consumer::assign`], [`Consumer::poll`],
//! [`Consumer::commit_sync`], [`Consumer::close`]...), takes requests out with
//! [`Consumer::poll_transmit`], hands back responses with [`Consumer::handle_response`], and
//! calls [`Consumer::handle_timeout`] at [`Consumer::poll_timeout`] (the heartbeat thread's
//! timers, request timeouts, retry backoffs). Everything it does is a [`ConsumerEvent`] in its
//! bounded outbox.
//!
//! `poll()` never blocks: it returns the records already fetched (at most `max.poll.records`)
//! and starts what a Java `poll(timeout)` would wait for: joining the group, looking up
//! positions, fetching. The group protocol then proceeds as responses arrive, as it would
//! inside a blocked Java `poll`; a rebalance the coordinator announces later is joined at the
//! application's next `poll()`, exactly when Java's consumer would join it. Fetches are sent
//! only from `poll()` (`KafkaConsumer.pollForFetches`), so a consumer nobody polls reads
//! nothing, and a consumer that stops polling for `max.poll.interval.ms` leaves its group.
//!
//! [`Playground`]: crate::engine::playground::Playground

pub mod commit;
pub mod config;
pub mod coordinator;
pub mod error;
pub mod event;
pub mod fetcher;
pub mod heartbeat;
pub mod offset_fetcher;
pub mod record;
pub mod subscription_state;

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::engine::group::assignor::{assignor_by_name, ConsumerPartitionAssignor};
use crate::engine::java_regex::JavaRegex;
use crate::engine::producer::config::ConfigError;
use crate::engine::producer::metadata::MetadataSource;
use crate::engine::protocol::{Request, Response};
use crate::engine::topic_partition::TopicPartition;

pub use crate::engine::producer::Transmit;
use commit::{
    CommitId, CommitKind, CommitResult, PendingCommit, DEFAULT_API_TIMEOUT_MS, MAX_PENDING_COMMITS,
    MAX_UNPOLLED_COMMIT_RESULTS,
};
use config::{AutoOffsetReset, ConsumerConfig};
use coordinator::GroupState;
use error::ConsumerError;
use event::{ConsumerEvent, PositionSource};
use fetcher::CompletedFetch;
use record::ConsumerRecord;
use subscription_state::{FetchState, SubscriptionState, SubscriptionType};

/// How many events wait in a consumer's outbox for [`Consumer::drain_events`] before the
/// oldest are dropped (counted in [`Consumer::events_dropped`]).
pub const CONSUMER_EVENT_CAPACITY: usize = 10_000;
/// How many topics one `subscribe` or partitions one `assign` may name.
pub const MAX_SUBSCRIPTION_SIZE: usize = 10_000;

/// What a request in flight was for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum InFlightKind {
    FindCoordinator,
    JoinGroup,
    SyncGroup,
    Heartbeat,
    LeaveGroup,
    OffsetCommit(CommitId),
    /// `for_positions`: the answer initializes positions (else it is `committed()`).
    OffsetFetch {
        partitions: Vec<TopicPartition>,
        for_positions: bool,
    },
    Fetch {
        partitions: Vec<(TopicPartition, i64)>,
    },
    ListOffsets {
        partitions: Vec<(TopicPartition, AutoOffsetReset)>,
    },
}

/// A request sent and not answered yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InFlight {
    pub(crate) node: i32,
    pub(crate) api: &'static str,
    pub(crate) kind: InFlightKind,
    pub(crate) deadline_ms: i64,
}

/// One Kafka consumer.
pub struct Consumer {
    pub(crate) config: ConsumerConfig,
    pub(crate) client_id: String,
    pub(crate) subscriptions: SubscriptionState,
    /// The group membership and coordinator (`None` without a `group.id`).
    pub(crate) group: Option<GroupState>,
    pub(crate) assignors: Vec<Box<dyn ConsumerPartitionAssignor>>,
    pub(crate) in_flight: BTreeMap<i32, InFlight>,
    pub(crate) next_correlation_id: i32,
    pub(crate) transmits: VecDeque<Transmit>,
    pub(crate) events: VecDeque<(i64, ConsumerEvent)>,
    pub(crate) events_dropped: u64,
    /// Fetched records not yet returned, oldest fetch first (`FetchBuffer`).
    pub(crate) fetch_buffer: VecDeque<CompletedFetch>,
    /// A `poll()` asked for fetches that have not gone out yet.
    pub(crate) fetch_requested: bool,
    pub(crate) fetch_nodes_in_flight: BTreeSet<i32>,
    pub(crate) resets_in_flight: BTreeSet<TopicPartition>,
    pub(crate) offset_fetch_in_flight: bool,
    /// Retry backoff for position lookups (OffsetFetch, ListOffsets).
    pub(crate) positions_not_before_ms: i64,
    pub(crate) pending_commits: VecDeque<PendingCommit>,
    pub(crate) next_commit_id: u64,
    pub(crate) commit_results: VecDeque<CommitResult>,
    /// The last committed offsets this consumer knows (its commits, OffsetFetch answers).
    pub(crate) committed: BTreeMap<TopicPartition, i64>,
    /// `committed(partitions)` calls waiting for the coordinator.
    pub(crate) committed_requests: VecDeque<Vec<TopicPartition>>,
    /// An exception the next `poll()` throws.
    pub(crate) pending_error: Option<ConsumerError>,
    pub(crate) next_auto_commit_ms: i64,
    pub(crate) now_ms: i64,
    pub(crate) closed: bool,
}

impl std::fmt::Debug for Consumer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Consumer")
            .field("client_id", &self.client_id)
            .field("assignment", &self.subscriptions.assigned_partitions())
            .field("closed", &self.closed)
            .finish_non_exhaustive()
    }
}

impl Consumer {
    /// A consumer with a validated `config`; `consumer_index` numbers the default
    /// `client.id` (`consumer-<group.id>-<n>`, `ConsumerConfig.maybeOverrideClientId`).
    pub fn new(
        config: ConsumerConfig,
        consumer_index: u32,
        now_ms: i64,
    ) -> Result<Consumer, ConfigError> {
        let config = config.validate()?;
        let client_id = if !config.client_id.is_empty() {
            config.client_id.clone()
        } else {
            match &config.group_id {
                Some(g) => format!("consumer-{g}-{consumer_index}"),
                None => format!("consumer-{consumer_index}"),
            }
        };
        let assignors = config
            .partition_assignment_strategy
            .iter()
            .map(|name| {
                assignor_by_name(name).expect("config.rs accepts only the built-in assignors")
            })
            .collect::<Vec<_>>();
        let group = config
            .group_id
            .as_ref()
            .map(|g| GroupState::new(g, &config, &assignors, now_ms));
        Ok(Consumer {
            next_auto_commit_ms: now_ms + config.auto_commit_interval_ms,
            config,
            client_id,
            subscriptions: SubscriptionState::new(),
            group,
            assignors,
            in_flight: BTreeMap::new(),
            next_correlation_id: 0,
            transmits: VecDeque::new(),
            events: VecDeque::new(),
            events_dropped: 0,
            fetch_buffer: VecDeque::new(),
            fetch_requested: false,
            fetch_nodes_in_flight: BTreeSet::new(),
            resets_in_flight: BTreeSet::new(),
            offset_fetch_in_flight: false,
            positions_not_before_ms: now_ms,
            pending_commits: VecDeque::new(),
            next_commit_id: 0,
            commit_results: VecDeque::new(),
            committed: BTreeMap::new(),
            committed_requests: VecDeque::new(),
            pending_error: None,
            now_ms,
            closed: false,
        })
    }

    pub fn config(&self) -> &ConsumerConfig {
        &self.config
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// The group's state (`None` without a `group.id`).
    pub fn group(&self) -> Option<&GroupState> {
        self.group.as_ref()
    }

    pub fn subscription_state(&self) -> &SubscriptionState {
        &self.subscriptions
    }

    /// `assignment()`.
    pub fn assignment(&self) -> Vec<TopicPartition> {
        self.subscriptions.assigned_partitions()
    }

    /// `subscription()`.
    pub fn subscription(&self) -> BTreeSet<String> {
        self.subscriptions.subscribed_topics()
    }

    /// `position(partition)` as far as known (`None` while it is being looked up).
    pub fn position(&self, tp: &TopicPartition) -> Result<Option<i64>, ConsumerError> {
        match self.subscriptions.state(tp) {
            Some(s) => Ok(s.position.filter(|_| s.state == FetchState::Fetching)),
            None => Err(ConsumerError::illegal_state(format!(
                "You can only check the position for partitions assigned to this consumer. Partition {tp} is not assigned."
            ))),
        }
    }

    /// The committed offsets this consumer knows (its own commits and the answers to
    /// [`Consumer::committed`]).
    pub fn committed_offsets(&self) -> &BTreeMap<TopicPartition, i64> {
        &self.committed
    }

    /// Takes the events since the last call, oldest first, with their times.
    pub fn drain_events(&mut self) -> std::collections::vec_deque::Drain<'_, (i64, ConsumerEvent)> {
        self.events.drain(..)
    }

    /// Events dropped because nobody drained them (see [`CONSUMER_EVENT_CAPACITY`]).
    pub fn events_dropped(&self) -> u64 {
        self.events_dropped
    }

    /// The next finished commit (sync, async or auto), oldest first.
    pub fn poll_commit_result(&mut self) -> Option<CommitResult> {
        self.commit_results.pop_front()
    }

    pub(crate) fn emit(&mut self, event: ConsumerEvent) {
        if self.events.len() >= CONSUMER_EVENT_CAPACITY {
            self.events.pop_front();
            self.events_dropped += 1;
        }
        self.events.push_back((self.now_ms, event));
    }

    pub(crate) fn advance(&mut self, now_ms: i64) {
        self.now_ms = self.now_ms.max(now_ms);
    }

    fn ensure_open(&self) -> Result<(), ConsumerError> {
        if self.closed {
            Err(ConsumerError::closed())
        } else {
            Ok(())
        }
    }

    /// Queues a request to `node`; `timeout_ms` is its own request timeout.
    pub(crate) fn send(
        &mut self,
        node: i32,
        request: Request,
        kind: InFlightKind,
        timeout_ms: i64,
    ) {
        let correlation_id = self.next_correlation_id;
        self.next_correlation_id = self.next_correlation_id.wrapping_add(1);
        let api = request.api_name();
        self.emit(ConsumerEvent::RequestSent {
            correlation_id,
            node,
            api: api.to_owned(),
        });
        self.in_flight.insert(
            correlation_id,
            InFlight {
                node,
                api,
                kind,
                deadline_ms: self.now_ms + timeout_ms,
            },
        );
        self.transmits.push_back(Transmit {
            node,
            correlation_id,
            request,
        });
    }

    /// The correlation id the next request will carry.
    pub(crate) fn peek_correlation_id(&self) -> i32 {
        self.next_correlation_id
    }

    /// `subscribe(topics)`: group management over these topics (an empty list unsubscribes).
    pub fn subscribe(&mut self, topics: &[&str], now_ms: i64) -> Result<(), ConsumerError> {
        self.advance(now_ms);
        self.ensure_open()?;
        if topics.is_empty() {
            self.unsubscribe(now_ms)?;
            return Ok(());
        }
        if self.group.is_none() {
            return Err(ConsumerError::invalid_group_id());
        }
        if topics.len() > MAX_SUBSCRIPTION_SIZE {
            return Err(ConsumerError::new(
                "IllegalArgumentException",
                format!("kplay subscribes to at most {MAX_SUBSCRIPTION_SIZE} topics at once"),
            ));
        }
        if topics.iter().any(|t| t.trim().is_empty()) {
            return Err(ConsumerError::new(
                "IllegalArgumentException",
                "Topic collection to subscribe to cannot contain null or empty topic",
            ));
        }
        self.ensure_not_user_assigned()?;
        let set: BTreeSet<String> = topics.iter().map(|t| (*t).to_owned()).collect();
        self.subscriptions.subscription = SubscriptionType::AutoTopics(set.clone());
        self.emit(ConsumerEvent::Subscribed {
            topics: set.into_iter().collect(),
            pattern: None,
        });
        Ok(())
    }

    /// `subscribe(Pattern)`: every topic whose whole name matches the Java regex, re-evaluated
    /// at each `poll()` against the cluster's topics (internal topics excluded,
    /// `exclude.internal.topics=true`).
    pub fn subscribe_pattern(&mut self, pattern: &str, now_ms: i64) -> Result<(), ConsumerError> {
        self.advance(now_ms);
        self.ensure_open()?;
        if self.group.is_none() {
            return Err(ConsumerError::invalid_group_id());
        }
        let regex = JavaRegex::new(pattern)
            .map_err(|e| ConsumerError::new("PatternSyntaxException", e.to_string()))?;
        self.ensure_not_user_assigned()?;
        self.subscriptions.subscription = SubscriptionType::AutoPattern {
            pattern: pattern.to_owned(),
            regex,
            topics: BTreeSet::new(),
        };
        self.emit(ConsumerEvent::Subscribed {
            topics: Vec::new(),
            pattern: Some(pattern.to_owned()),
        });
        Ok(())
    }

    fn ensure_not_user_assigned(&self) -> Result<(), ConsumerError> {
        if matches!(
            self.subscriptions.subscription,
            SubscriptionType::UserAssigned
        ) {
            return Err(ConsumerError::illegal_state(
                "Subscription to topics, partitions and pattern are mutually exclusive",
            ));
        }
        Ok(())
    }

    /// `assign(partitions)`: read exactly these partitions, without group membership (an
    /// empty list unsubscribes).
    pub fn assign(
        &mut self,
        partitions: &[TopicPartition],
        now_ms: i64,
    ) -> Result<(), ConsumerError> {
        self.advance(now_ms);
        self.ensure_open()?;
        if partitions.is_empty() {
            self.unsubscribe(now_ms)?;
            return Ok(());
        }
        if partitions.len() > MAX_SUBSCRIPTION_SIZE {
            return Err(ConsumerError::new(
                "IllegalArgumentException",
                format!("kplay assigns at most {MAX_SUBSCRIPTION_SIZE} partitions at once"),
            ));
        }
        if self.subscriptions.has_auto_assigned_partitions() {
            return Err(ConsumerError::illegal_state(
                "Subscription to topics, partitions and pattern are mutually exclusive",
            ));
        }
        if partitions.iter().any(|tp| tp.topic.trim().is_empty()) {
            return Err(ConsumerError::new(
                "IllegalArgumentException",
                "Topic partitions to assign to cannot have null or empty topic",
            ));
        }
        // `KafkaConsumer.assign`: commit what was consumed before the assignment changes.
        if self.group.is_some() && self.config.enable_auto_commit {
            self.enqueue_auto_commit();
        }
        let set: BTreeSet<TopicPartition> = partitions.iter().cloned().collect();
        let list: Vec<TopicPartition> = set.into_iter().collect();
        self.subscriptions.subscription = SubscriptionType::UserAssigned;
        self.subscriptions.set_assignment(&list);
        self.fetch_buffer
            .retain(|f| self.subscriptions.is_assigned(&f.partition));
        self.emit(ConsumerEvent::Assigned { partitions: list });
        Ok(())
    }

    /// `unsubscribe()`: revokes (or loses) the partitions, leaves the group, forgets the
    /// subscription.
    pub fn unsubscribe(&mut self, now_ms: i64) -> Result<(), ConsumerError> {
        self.advance(now_ms);
        self.ensure_open()?;
        if self.subscriptions.has_auto_assigned_partitions() && self.group.is_some() {
            self.on_leave_prepare();
            self.maybe_leave_group("the consumer unsubscribed from all topics");
        }
        self.subscriptions.subscription = SubscriptionType::None;
        self.subscriptions.set_assignment(&[]);
        self.fetch_buffer.clear();
        self.emit(ConsumerEvent::Unsubscribed);
        Ok(())
    }

    fn require_assigned(&self, tp: &TopicPartition, what: &str) -> Result<(), ConsumerError> {
        if self.subscriptions.is_assigned(tp) {
            Ok(())
        } else {
            Err(ConsumerError::illegal_state(format!(
                "No current assignment for partition {tp}{what}"
            )))
        }
    }

    /// `seek(partition, offset)`.
    pub fn seek(
        &mut self,
        tp: &TopicPartition,
        offset: i64,
        now_ms: i64,
    ) -> Result<(), ConsumerError> {
        self.advance(now_ms);
        self.ensure_open()?;
        if offset < 0 {
            return Err(ConsumerError::new(
                "IllegalArgumentException",
                "seek offset must not be a negative number",
            ));
        }
        self.require_assigned(tp, "")?;
        self.subscriptions.seek(tp, offset);
        self.fetch_buffer.retain(|f| f.partition != *tp);
        self.emit(ConsumerEvent::PositionSet {
            partition: tp.clone(),
            offset,
            source: PositionSource::Seek,
        });
        Ok(())
    }

    /// `seekToBeginning` / `seekToEnd`: a ListOffsets on the next round (`earliest`/`latest`
    /// whatever `auto.offset.reset` says). An empty list means every assigned partition.
    pub fn seek_to(
        &mut self,
        partitions: &[TopicPartition],
        strategy: AutoOffsetReset,
        now_ms: i64,
    ) -> Result<(), ConsumerError> {
        self.advance(now_ms);
        self.ensure_open()?;
        let list = if partitions.is_empty() {
            self.subscriptions.assigned_partitions()
        } else {
            partitions.to_vec()
        };
        for tp in &list {
            self.require_assigned(tp, "")?;
        }
        for tp in &list {
            self.subscriptions.request_reset(tp, strategy);
            self.fetch_buffer.retain(|f| f.partition != *tp);
        }
        Ok(())
    }

    /// `seekToBeginning`.
    pub fn seek_to_beginning(
        &mut self,
        partitions: &[TopicPartition],
        now_ms: i64,
    ) -> Result<(), ConsumerError> {
        self.seek_to(partitions, AutoOffsetReset::Earliest, now_ms)
    }

    /// `seekToEnd`.
    pub fn seek_to_end(
        &mut self,
        partitions: &[TopicPartition],
        now_ms: i64,
    ) -> Result<(), ConsumerError> {
        self.seek_to(partitions, AutoOffsetReset::Latest, now_ms)
    }

    /// `pause` (`paused = true`) or `resume`.
    pub fn set_paused(
        &mut self,
        partitions: &[TopicPartition],
        paused: bool,
        now_ms: i64,
    ) -> Result<(), ConsumerError> {
        self.advance(now_ms);
        self.ensure_open()?;
        for tp in partitions {
            self.require_assigned(tp, "")?;
        }
        for tp in partitions {
            if let Some(s) = self.subscriptions.state_mut(tp) {
                s.paused = paused;
            }
        }
        self.emit(ConsumerEvent::PausedChanged {
            partitions: partitions.to_vec(),
            paused,
        });
        Ok(())
    }

    /// `poll()`: returns the records fetched so far (at most `max.poll.records`), or throws
    /// what Kafka's `poll` throws; starts a join, position lookups and fetches as needed.
    pub fn poll(
        &mut self,
        now_ms: i64,
        metadata: &dyn MetadataSource,
    ) -> Result<Vec<ConsumerRecord>, ConsumerError> {
        self.advance(now_ms);
        self.ensure_open()?;
        if matches!(self.subscriptions.subscription, SubscriptionType::None) {
            return Err(ConsumerError::illegal_state(
                "Consumer is not subscribed to any topics or assigned any partitions",
            ));
        }
        if let Some(error) = self.pending_error.take() {
            self.emit(ConsumerEvent::PollFailed {
                error: error.to_string(),
            });
            return Err(error);
        }
        if self.group.is_some() {
            self.coordinator_poll(metadata);
            if self.config.enable_auto_commit && self.now_ms >= self.next_auto_commit_ms {
                self.enqueue_auto_commit();
            }
        }
        // `resetInitializingPositions` under `auto.offset.reset=none`.
        let no_reset: BTreeSet<TopicPartition> = self
            .subscriptions
            .awaiting_reset()
            .into_iter()
            .filter(|(_, s)| *s == AutoOffsetReset::None)
            .map(|(tp, _)| tp)
            .collect();
        if !no_reset.is_empty() {
            for tp in &no_reset {
                if let Some(s) = self.subscriptions.state_mut(tp) {
                    s.state = FetchState::Initializing;
                }
            }
            let error = ConsumerError::no_offset_for_partitions(&no_reset);
            self.emit(ConsumerEvent::PollFailed {
                error: error.to_string(),
            });
            return Err(error);
        }
        let records = self.collect_fetch();
        if !records.is_empty() {
            self.emit(ConsumerEvent::RecordsReturned {
                count: records.len(),
            });
        }
        self.fetch_requested = true;
        self.run(metadata);
        Ok(records)
    }

    fn new_commit(&mut self, kind: CommitKind, offsets: Vec<(TopicPartition, i64)>) -> CommitId {
        let id = CommitId(self.next_commit_id);
        self.next_commit_id += 1;
        if offsets.is_empty() {
            self.finish_commit(id, kind, offsets, Ok(()));
            return id;
        }
        if self.pending_commits.len() >= MAX_PENDING_COMMITS {
            let error = ConsumerError::new(
                "KafkaException",
                format!(
                    "kplay keeps at most {MAX_PENDING_COMMITS} commits waiting for the coordinator"
                ),
            );
            self.finish_commit(id, kind, offsets, Err(error));
            return id;
        }
        self.pending_commits.push_back(PendingCommit {
            id,
            kind,
            offsets,
            deadline_ms: self.now_ms + DEFAULT_API_TIMEOUT_MS,
            not_before_ms: self.now_ms,
            in_flight: None,
        });
        id
    }

    pub(crate) fn enqueue_auto_commit(&mut self) {
        self.next_auto_commit_ms = self.now_ms + self.config.auto_commit_interval_ms;
        let offsets = self.subscriptions.all_consumed();
        if !offsets.is_empty() {
            self.new_commit(CommitKind::Auto, offsets);
        }
    }

    fn commit(
        &mut self,
        kind: CommitKind,
        offsets: Option<Vec<(TopicPartition, i64)>>,
        now_ms: i64,
    ) -> Result<CommitId, ConsumerError> {
        self.advance(now_ms);
        self.ensure_open()?;
        if self.group.is_none() {
            return Err(ConsumerError::invalid_group_id());
        }
        let offsets = offsets.unwrap_or_else(|| self.subscriptions.all_consumed());
        Ok(self.new_commit(kind, offsets))
    }

    /// `commitSync(offsets)` (`None`: every consumed position). Its result comes from
    /// [`Consumer::poll_commit_result`] and as a `CommitCompleted` event; retriable errors are
    /// retried until `default.api.timeout.ms`.
    pub fn commit_sync(
        &mut self,
        offsets: Option<Vec<(TopicPartition, i64)>>,
        now_ms: i64,
    ) -> Result<CommitId, ConsumerError> {
        self.commit(CommitKind::Sync, offsets, now_ms)
    }

    /// `commitAsync(offsets, callback)`: one attempt; the callback's result comes from
    /// [`Consumer::poll_commit_result`].
    pub fn commit_async(
        &mut self,
        offsets: Option<Vec<(TopicPartition, i64)>>,
        now_ms: i64,
    ) -> Result<CommitId, ConsumerError> {
        self.commit(CommitKind::Async, offsets, now_ms)
    }

    pub(crate) fn finish_commit(
        &mut self,
        id: CommitId,
        kind: CommitKind,
        offsets: Vec<(TopicPartition, i64)>,
        result: Result<(), ConsumerError>,
    ) {
        if result.is_ok() {
            for (tp, offset) in &offsets {
                self.committed.insert(tp.clone(), *offset);
            }
        }
        self.emit(ConsumerEvent::CommitCompleted {
            commit_id: id,
            offsets: offsets.clone(),
            error: result.as_ref().err().map(ToString::to_string),
        });
        if self.commit_results.len() >= MAX_UNPOLLED_COMMIT_RESULTS {
            self.commit_results.pop_front();
        }
        self.commit_results.push_back(CommitResult {
            id,
            kind,
            offsets,
            result,
        });
    }

    /// `committed(partitions)`: asks the coordinator; the answer is a `CommittedFetched` event
    /// and lands in [`Consumer::committed_offsets`].
    pub fn committed(
        &mut self,
        partitions: &[TopicPartition],
        now_ms: i64,
    ) -> Result<(), ConsumerError> {
        self.advance(now_ms);
        self.ensure_open()?;
        if self.group.is_none() {
            return Err(ConsumerError::invalid_group_id());
        }
        if self.committed_requests.len() < MAX_PENDING_COMMITS {
            self.committed_requests.push_back(partitions.to_vec());
        }
        Ok(())
    }

    /// `close()`: commits what was consumed (auto-commit), revokes the partitions and leaves
    /// the group (dynamic members only: a static member stays until its session times out,
    /// KIP-345). Requests already queued still go out.
    pub fn close(&mut self, now_ms: i64) {
        self.advance(now_ms);
        if self.closed {
            return;
        }
        if self.group.is_some() {
            if self.config.enable_auto_commit {
                self.enqueue_auto_commit();
                self.send_pending_commits();
            }
            if self.subscriptions.has_auto_assigned_partitions() {
                self.on_leave_prepare();
                self.maybe_leave_group("the consumer is being closed");
            }
        }
        self.closed = true;
        self.fetch_buffer.clear();
        self.emit(ConsumerEvent::Closed);
    }

    /// The next request to send, if any.
    pub fn poll_transmit(
        &mut self,
        now_ms: i64,
        metadata: &dyn MetadataSource,
    ) -> Option<Transmit> {
        self.advance(now_ms);
        if self.transmits.is_empty() {
            self.run(metadata);
        }
        self.transmits.pop_front()
    }

    /// Whether [`Consumer::poll_transmit`] has something now.
    pub fn has_transmits(&self) -> bool {
        !self.transmits.is_empty()
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
        let Some(request) = self.in_flight.remove(&correlation_id) else {
            return;
        };
        self.emit(ConsumerEvent::ResponseReceived {
            correlation_id,
            node,
            api: request.api.to_owned(),
        });
        match (request.kind, response) {
            (InFlightKind::FindCoordinator, Response::FindCoordinator(r)) => {
                self.handle_find_coordinator(r)
            }
            (InFlightKind::JoinGroup, Response::JoinGroup(r)) => {
                self.handle_join_group(correlation_id, r, metadata)
            }
            (InFlightKind::SyncGroup, Response::SyncGroup(r)) => {
                self.handle_sync_group(correlation_id, r)
            }
            (InFlightKind::Heartbeat, Response::Heartbeat(r)) => {
                self.handle_heartbeat(correlation_id, r.error)
            }
            (InFlightKind::LeaveGroup, Response::LeaveGroup(_)) => {}
            (InFlightKind::OffsetCommit(id), Response::OffsetCommit(r)) => {
                self.handle_offset_commit(id, r)
            }
            (
                InFlightKind::OffsetFetch {
                    partitions,
                    for_positions,
                },
                Response::OffsetFetch(r),
            ) => self.handle_offset_fetch(&partitions, for_positions, r),
            (InFlightKind::Fetch { partitions }, Response::Fetch(r)) => {
                self.handle_fetch(node, &partitions, r)
            }
            (InFlightKind::ListOffsets { partitions }, Response::ListOffsets(r)) => {
                self.handle_list_offsets(&partitions, r)
            }
            (kind, response) => unreachable!(
                "a broker answers each request with its own kind, not {kind:?} with {response:?}"
            ),
        }
    }

    /// When [`Consumer::handle_timeout`] next has work: now when requests wait to go out,
    /// else the first future deadline (request timeouts, retry backoffs, the heartbeat
    /// thread's timers). Work due now was done by the last call, which ran everything due.
    pub fn poll_timeout(&self) -> Option<i64> {
        if !self.transmits.is_empty() {
            return Some(self.now_ms);
        }
        let now = self.now_ms;
        let in_flight = self.in_flight.values().map(|r| r.deadline_ms).min();
        let commits = self
            .pending_commits
            .iter()
            .filter(|c| c.in_flight.is_none())
            .map(|c| {
                if c.not_before_ms > now {
                    c.not_before_ms.min(c.deadline_ms)
                } else {
                    c.deadline_ms
                }
            })
            .min();
        let positions = (!self.closed
            && (!self.subscriptions.initializing().is_empty()
                || !self.subscriptions.awaiting_reset().is_empty()))
        .then_some(self.positions_not_before_ms);
        [in_flight, commits, positions, self.group_timeout()]
            .into_iter()
            .flatten()
            .filter(|t| *t > now)
            .min()
    }

    /// Runs what is due at `now_ms`: request timeouts, the heartbeat thread, retries.
    pub fn handle_timeout(&mut self, now_ms: i64, metadata: &dyn MetadataSource) {
        self.advance(now_ms);
        let now = self.now_ms;
        let expired: Vec<i32> = self
            .in_flight
            .iter()
            .filter(|(_, r)| r.deadline_ms <= now)
            .map(|(c, _)| *c)
            .collect();
        for correlation_id in expired {
            let request = self
                .in_flight
                .remove(&correlation_id)
                .expect("listed from the map above");
            self.emit(ConsumerEvent::RequestTimedOut {
                correlation_id,
                node: request.node,
                api: request.api.to_owned(),
            });
            self.fail_request(correlation_id, request);
        }
        self.run(metadata);
    }

    /// A request that will never be answered (`request.timeout.ms`): Kafka fails it as a
    /// disconnect.
    fn fail_request(&mut self, correlation_id: i32, request: InFlight) {
        let backoff = self.now_ms + self.config.retry_backoff_ms;
        match request.kind {
            InFlightKind::FindCoordinator
            | InFlightKind::JoinGroup
            | InFlightKind::SyncGroup
            | InFlightKind::Heartbeat
            | InFlightKind::LeaveGroup => {
                self.coordinator_request_failed(correlation_id, request.kind)
            }
            InFlightKind::OffsetCommit(id) => self
                .commit_failed_retriable(id, crate::engine::error_code::ErrorCode::RequestTimedOut),
            InFlightKind::OffsetFetch { for_positions, .. } => {
                if for_positions {
                    self.offset_fetch_in_flight = false;
                    self.positions_not_before_ms = backoff;
                }
                self.mark_coordinator_unknown("the OffsetFetch request timed out");
            }
            InFlightKind::Fetch { .. } => {
                self.fetch_nodes_in_flight.remove(&request.node);
            }
            InFlightKind::ListOffsets { partitions } => {
                for (tp, _) in partitions {
                    self.resets_in_flight.remove(&tp);
                }
                self.positions_not_before_ms = backoff;
            }
        }
    }

    /// Everything that may go out now.
    pub(crate) fn run(&mut self, metadata: &dyn MetadataSource) {
        if self.closed {
            return;
        }
        if self.group.is_some() {
            self.expire_commits();
            self.run_coordinator(metadata);
            self.send_pending_commits();
            self.send_committed_requests();
        }
        self.update_positions(metadata);
        if self.fetch_requested {
            self.send_fetches(metadata);
        }
    }
}

#[cfg(test)]
mod tests;
