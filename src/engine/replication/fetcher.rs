//! The replica fetchers: each follower broker fetches, from each leader broker, every
//! partition it follows there, in one request (Kafka's `ReplicaFetcherThread`, one per
//! source broker). A fetch and its answer cross the simulated network with a latency; the
//! leader parks a fetch with nothing to return for up to `replica.fetch.wait.max.ms`
//! (`DelayedFetch`), and answers it as soon as a record is appended.
//!
//! On the leader a fetch is where the follower's position is learnt
//! (`Partition.updateFollowerFetchState`): the ISR may grow and the high watermark move. The
//! fetch carries the epoch of the follower's last batch (`lastFetchedEpoch`, KIP-320); when
//! the leader's log disagrees, it answers with the diverging epoch and its end offset and the
//! follower truncates (`AbstractFetcherThread.truncateOnFetchResponse`).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use super::delayed_produce::DelayedProduces;
use super::epoch_cache::{LeaderEpochCache, UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET};
use super::event::ReplicationEvent;
use super::partition::HwContext;
use crate::engine::cluster::Cluster;
use crate::engine::event::Event;
use crate::engine::log::file_batches::file_batches;
use crate::engine::log::partition_log::FetchUpperBound;
use crate::engine::topic_partition::TopicPartition;
use crate::storage::SegmentStorage;

/// The latency between two brokers, each way, when none is set.
pub const INTER_BROKER_LATENCY_MS: i64 = 1;

/// One partition of a follower's fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FetchPartition {
    pub(crate) tp: TopicPartition,
    pub(crate) fetch_offset: i64,
    /// The epoch of the follower's last batch (`lastFetchedEpoch`), -1 for an empty log.
    pub(crate) last_fetched_epoch: i32,
    /// The leader epoch the follower fetches under (`currentLeaderEpoch`).
    pub(crate) leader_epoch: i32,
}

/// The leader's answer for one partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FetchOutcome {
    Records {
        records: Vec<u8>,
        hw: i64,
        log_start_offset: i64,
    },
    /// KIP-320: the follower's log diverges after `end_offset` of `epoch`.
    Diverging { epoch: i32, end_offset: i64 },
    /// `OFFSET_OUT_OF_RANGE`: the fetch offset is below the leader's log start or above its LEO.
    OutOfRange { log_start_offset: i64, leo: i64 },
    /// `NOT_LEADER_OR_FOLLOWER` / `FENCED_LEADER_EPOCH`: leadership moved on.
    NotLeader,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FetchedPartition {
    pub(crate) tp: TopicPartition,
    pub(crate) leader_epoch: i32,
    pub(crate) outcome: FetchOutcome,
}

/// A message between brokers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReplicaMessage {
    Fetch {
        follower: i32,
        leader: i32,
        partitions: Vec<FetchPartition>,
    },
    Response {
        follower: i32,
        leader: i32,
        partitions: Vec<FetchedPartition>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Scheduled {
    due_ms: i64,
    seq: u64,
    message: ReplicaMessage,
}

impl Ord for Scheduled {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.due_ms, self.seq).cmp(&(other.due_ms, other.seq))
    }
}

impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// What one fetcher (a follower broker fetching from one leader broker) is doing.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FetcherState {
    /// It sends its next fetch at `next_fetch_ms`.
    Idle { next_fetch_ms: i64 },
    /// A fetch or its answer is on the wire.
    InFlight,
    /// The leader holds the fetch until a record arrives or `deadline_ms`.
    Parked {
        partitions: Vec<FetchPartition>,
        deadline_ms: i64,
    },
}

/// Replication's moving parts inside the cluster. Bounded: one fetcher per ordered pair of
/// brokers, at most one message in flight per fetcher, one delayed produce per produce
/// request in flight (which the clients bound).
#[derive(Debug)]
pub(crate) struct ReplicationState {
    queue: BinaryHeap<Reverse<Scheduled>>,
    next_seq: u64,
    fetchers: BTreeMap<(i32, i32), FetcherState>,
    pub(crate) delayed: DelayedProduces,
    pub(crate) reassignments: super::reassignment::Reassignments,
    pub(crate) latency_ms: i64,
    pub(crate) next_isr_check_ms: i64,
    pub(crate) next_imbalance_check_ms: i64,
    pub(crate) isr_shrinks: u64,
    pub(crate) isr_expands: u64,
    pub(crate) unclean_elections: u64,
    /// Bytes each broker took in (produce appends, replicated batches) and sent out
    /// (consumer and follower fetches), as `BrokerTopicMetrics` counts them.
    pub(crate) bytes_in: BTreeMap<i32, u64>,
    pub(crate) bytes_out: BTreeMap<i32, u64>,
    /// Records each broker appended as leader (`MessagesInPerSec`).
    pub(crate) messages_in: BTreeMap<i32, u64>,
}

impl ReplicationState {
    pub(crate) fn new(now_ms: i64, isr_check_interval_ms: i64, imbalance_interval_ms: i64) -> Self {
        ReplicationState {
            queue: BinaryHeap::new(),
            next_seq: 0,
            fetchers: BTreeMap::new(),
            delayed: DelayedProduces::default(),
            reassignments: Default::default(),
            latency_ms: INTER_BROKER_LATENCY_MS,
            next_isr_check_ms: now_ms + isr_check_interval_ms,
            next_imbalance_check_ms: now_ms + imbalance_interval_ms,
            isr_shrinks: 0,
            isr_expands: 0,
            unclean_elections: 0,
            bytes_in: BTreeMap::new(),
            bytes_out: BTreeMap::new(),
            messages_in: BTreeMap::new(),
        }
    }

    fn schedule(&mut self, due_ms: i64, message: ReplicaMessage) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.queue.push(Reverse(Scheduled {
            due_ms,
            seq,
            message,
        }));
    }

    /// When a fetcher next has something to do.
    pub(crate) fn poll_timeout(&self) -> Option<i64> {
        let queued = self.queue.peek().map(|Reverse(s)| s.due_ms);
        let fetchers = self.fetchers.values().filter_map(|f| match f {
            FetcherState::Idle { next_fetch_ms } => Some(*next_fetch_ms),
            FetcherState::Parked { deadline_ms, .. } => Some(*deadline_ms),
            FetcherState::InFlight => None,
        });
        queued.into_iter().chain(fetchers).min()
    }

    pub(crate) fn add_bytes_in(&mut self, broker: i32, bytes: usize) {
        *self.bytes_in.entry(broker).or_default() += bytes as u64;
    }

    pub(crate) fn add_messages_in(&mut self, broker: i32, records: u64) {
        *self.messages_in.entry(broker).or_default() += records;
    }

    pub(crate) fn add_bytes_out(&mut self, broker: i32, bytes: usize) {
        *self.bytes_out.entry(broker).or_default() += bytes as u64;
    }

    /// Forgets every fetcher of or to `broker` (it stopped or crashed: its threads are gone,
    /// and fetches to it fail).
    pub(crate) fn drop_fetchers_of(&mut self, broker: i32) {
        self.fetchers
            .retain(|&(follower, leader), _| follower != broker && leader != broker);
    }
}

/// The epochs of the batches in `records`, merged into `epochs` (`UnifiedLog.appendAsFollower`
/// assigns each batch's epoch to the cache).
pub(crate) fn assign_epochs(epochs: &mut LeaderEpochCache, records: &[u8]) {
    for batch in file_batches(records, 0) {
        epochs.assign(batch.partition_leader_epoch, batch.base_offset);
    }
}

impl<S: SegmentStorage> Cluster<S> {
    /// Starts a fetcher for every follower replica on a serving broker whose leader has none
    /// yet (`ReplicaFetcherManager.addFetcherForPartitions` after a leadership change).
    pub(crate) fn ensure_fetchers(&mut self) {
        let now = self.now_ms;
        let mut pairs = Vec::new();
        for state in self.partitions.values() {
            let Some(leader) = state.leader else { continue };
            for &follower in state.followers.keys() {
                if self.is_serving(follower) {
                    pairs.push((follower, leader));
                }
            }
        }
        for pair in pairs {
            self.replication
                .fetchers
                .entry(pair)
                .or_insert(FetcherState::Idle { next_fetch_ms: now });
        }
    }

    /// Runs every fetcher step due at or before `now_ms`, in time order.
    pub(crate) fn run_fetchers(&mut self, now_ms: i64) {
        // Each step is a message or a timer at or before now; new messages land at least the
        // latency later, so the loop ends. The bound is a guard against a zero latency.
        for _ in 0..100_000 {
            let queued = self.replication.queue.peek().map(|Reverse(s)| s.due_ms);
            let timer = self
                .replication
                .fetchers
                .iter()
                .filter_map(|(&pair, f)| match f {
                    FetcherState::Idle { next_fetch_ms } => Some((*next_fetch_ms, pair)),
                    FetcherState::Parked { deadline_ms, .. } => Some((*deadline_ms, pair)),
                    FetcherState::InFlight => None,
                })
                .min();
            match (queued, timer) {
                (Some(q), t) if q <= now_ms && t.is_none_or(|(t, _)| q <= t) => {
                    let Reverse(scheduled) = self.replication.queue.pop().expect("peeked");
                    self.deliver_replica_message(scheduled.message);
                }
                (_, Some((t, (follower, leader)))) if t <= now_ms => {
                    match self.replication.fetchers.get(&(follower, leader)) {
                        Some(FetcherState::Idle { .. }) => self.send_fetch(follower, leader),
                        Some(FetcherState::Parked { .. }) => self.answer_parked(follower, leader),
                        _ => unreachable!("only idle and parked fetchers have timers"),
                    }
                }
                _ => return,
            }
        }
    }

    fn set_fetcher(&mut self, follower: i32, leader: i32, state: FetcherState) {
        self.replication.fetchers.insert((follower, leader), state);
    }

    /// The follower sends its fetch for every partition it follows on `leader`.
    fn send_fetch(&mut self, follower: i32, leader: i32) {
        let now = self.now_ms;
        let partitions: Vec<FetchPartition> = self
            .partitions
            .iter()
            .filter(|(_, s)| s.leader == Some(leader))
            .filter_map(|(tp, s)| {
                let f = s.followers.get(&follower)?;
                Some(FetchPartition {
                    tp: tp.clone(),
                    fetch_offset: f.log.leo(),
                    last_fetched_epoch: f.epochs.latest_epoch().unwrap_or(UNDEFINED_EPOCH),
                    leader_epoch: s.leader_epoch,
                })
            })
            .collect();
        if partitions.is_empty() || !self.is_serving(follower) {
            self.replication.fetchers.remove(&(follower, leader));
            return;
        }
        if !self.is_serving(leader) {
            // The connection fails; the fetcher backs off (`replica.fetch.backoff.ms`).
            let backoff = i64::from(self.config.broker.int("replica.fetch.backoff.ms"));
            self.set_fetcher(
                follower,
                leader,
                FetcherState::Idle {
                    next_fetch_ms: now + backoff.max(1),
                },
            );
            return;
        }
        let delay = self.brokers.get(&follower).map_or(0, |b| b.fetch_delay_ms);
        let due = now + self.replication.latency_ms + delay;
        self.replication.schedule(
            due,
            ReplicaMessage::Fetch {
                follower,
                leader,
                partitions,
            },
        );
        self.set_fetcher(follower, leader, FetcherState::InFlight);
    }

    fn deliver_replica_message(&mut self, message: ReplicaMessage) {
        match message {
            ReplicaMessage::Fetch {
                follower,
                leader,
                partitions,
            } => self.on_fetch_request(follower, leader, partitions),
            ReplicaMessage::Response {
                follower,
                leader,
                partitions,
            } => self.on_fetch_response(follower, leader, partitions),
        }
    }

    /// `ReplicaManager.fetchMessages` for a follower: learn its position, then answer now if
    /// there is anything to say, else park the fetch.
    fn on_fetch_request(&mut self, follower: i32, leader: i32, partitions: Vec<FetchPartition>) {
        let now = self.now_ms;
        if !self.is_serving(leader) || !self.is_serving(follower) {
            if self.is_serving(follower) {
                let backoff = i64::from(self.config.broker.int("replica.fetch.backoff.ms"));
                self.set_fetcher(
                    follower,
                    leader,
                    FetcherState::Idle {
                        next_fetch_ms: now + backoff.max(1),
                    },
                );
            } else {
                self.replication.fetchers.remove(&(follower, leader));
            }
            return;
        }
        let mut urgent = false;
        for p in &partitions {
            match self.check_fetch(leader, p) {
                Some(_) => urgent = true,
                None => {
                    self.update_follower_fetch_state(follower, p);
                    let has_data = self
                        .partitions
                        .get(&p.tp)
                        .is_some_and(|s| s.log.leo() > p.fetch_offset);
                    urgent |= has_data;
                }
            }
        }
        self.try_complete_delayed_produces();
        if urgent {
            self.respond_to_fetch(follower, leader, &partitions);
        } else {
            let wait = i64::from(self.config.broker.int("replica.fetch.wait.max.ms"));
            self.set_fetcher(
                follower,
                leader,
                FetcherState::Parked {
                    partitions,
                    deadline_ms: now + wait.max(0),
                },
            );
        }
    }

    /// The errors and divergence a fetch partition gets before any read (`Partition.fetchRecords`
    /// validating the epoch and offset), `None` when it may be read.
    fn check_fetch(&self, leader: i32, p: &FetchPartition) -> Option<FetchOutcome> {
        let Some(state) = self.partitions.get(&p.tp) else {
            return Some(FetchOutcome::NotLeader);
        };
        if state.leader != Some(leader) || state.leader_epoch != p.leader_epoch {
            return Some(FetchOutcome::NotLeader);
        }
        let leo = state.log.leo();
        if p.last_fetched_epoch != UNDEFINED_EPOCH {
            let (epoch, end_offset) = state.epochs.end_offset_for(p.last_fetched_epoch, leo);
            if epoch < p.last_fetched_epoch || end_offset < p.fetch_offset {
                return Some(FetchOutcome::Diverging { epoch, end_offset });
            }
        }
        let log_start_offset = state.log.log_start_offset();
        if p.fetch_offset < log_start_offset || p.fetch_offset > leo {
            return Some(FetchOutcome::OutOfRange {
                log_start_offset,
                leo,
            });
        }
        None
    }

    /// `Partition.updateFollowerFetchState`: the follower's position, then an ISR expansion
    /// and a HW increment if they follow.
    fn update_follower_fetch_state(&mut self, follower: i32, p: &FetchPartition) {
        let now = self.now_ms;
        let Some(state) = self.partitions.get_mut(&p.tp) else {
            return;
        };
        let leader_leo = state.log.leo();
        let Some(f) = state.followers.get_mut(&follower) else {
            return;
        };
        f.update_fetch_state(p.fetch_offset, leader_leo, now);
        let eligible = self
            .brokers
            .get(&follower)
            .is_some_and(|b| b.is_acceptable());
        if eligible && !state.isr.contains(&follower) && state.is_follower_in_sync(follower) {
            state.isr.push(follower);
            state.partition_epoch += 1;
            self.replication.isr_expands += 1;
            let isr = state.isr.clone();
            self.push_event(Event::Replication(ReplicationEvent::IsrExpanded {
                topic: p.tp.topic.clone(),
                partition: p.tp.partition,
                broker: follower,
                isr,
            }));
        }
        self.maybe_increment_hw(&p.tp);
    }

    /// Runs `Partition.maybeIncrementLeaderHW` on `tp`, reporting the HW move.
    pub(crate) fn maybe_increment_hw(&mut self, tp: &TopicPartition) -> bool {
        let now_ms = self.now_ms;
        let lag = self.config.broker.long("replica.lag.time.max.ms");
        let rule = self.config.min_isr_rule;
        let replication_factor = self.partition_replicas(tp).len();
        let brokers = &self.brokers;
        let eligible = |id: i32| brokers.get(&id).is_some_and(|b| b.is_acceptable());
        let Some(state) = self.partitions.get_mut(tp) else {
            return false;
        };
        let mut log_events = Vec::new();
        let moved = state.maybe_increment_leader_hw(
            &HwContext {
                now_ms,
                replica_lag_time_max_ms: lag,
                min_isr_rule: rule,
                replication_factor,
                isr_eligible: &eligible,
            },
            &mut log_events,
        );
        self.push_log_events(tp, log_events);
        moved
    }

    /// Reads what each partition has for the follower and sends the answer.
    fn respond_to_fetch(&mut self, follower: i32, leader: i32, partitions: &[FetchPartition]) {
        let max_bytes = self.config.broker.int("replica.fetch.max.bytes").max(0) as usize;
        let mut answer = Vec::with_capacity(partitions.len());
        let mut bytes = 0;
        for p in partitions {
            let outcome = match self.check_fetch(leader, p) {
                Some(outcome) => outcome,
                None => {
                    let state = &self.partitions[&p.tp];
                    match state.log.read(
                        &self.storage,
                        p.fetch_offset,
                        max_bytes,
                        FetchUpperBound::Leo,
                        true,
                    ) {
                        Ok(data) => {
                            bytes += data.records.len();
                            FetchOutcome::Records {
                                records: data.records,
                                hw: state.log.hw(),
                                log_start_offset: state.log.log_start_offset(),
                            }
                        }
                        // A storage failure answers the partition as the leader's
                        // `KAFKA_STORAGE_ERROR`; the follower retries it on its next fetch.
                        Err(_) => FetchOutcome::NotLeader,
                    }
                }
            };
            let leader_epoch = self
                .partitions
                .get(&p.tp)
                .map_or(p.leader_epoch, |s| s.leader_epoch);
            answer.push(FetchedPartition {
                tp: p.tp.clone(),
                leader_epoch,
                outcome,
            });
        }
        self.replication.add_bytes_out(leader, bytes);
        let due = self.now_ms + self.replication.latency_ms;
        self.replication.schedule(
            due,
            ReplicaMessage::Response {
                follower,
                leader,
                partitions: answer,
            },
        );
        self.set_fetcher(follower, leader, FetcherState::InFlight);
    }

    /// A parked fetch's wait ended (a record arrived, or `replica.fetch.wait.max.ms` passed):
    /// `DelayedFetch.onComplete` reads again and answers.
    fn answer_parked(&mut self, follower: i32, leader: i32) {
        let Some(FetcherState::Parked { partitions, .. }) =
            self.replication.fetchers.remove(&(follower, leader))
        else {
            return;
        };
        if self.is_serving(leader) && self.is_serving(follower) {
            self.respond_to_fetch(follower, leader, &partitions);
        }
    }

    /// Called after records reach `tp`'s leader: fetches parked on that leader for `tp` are
    /// answered now (`ReplicaManager.tryCompleteDelayedFetch`).
    pub(crate) fn wake_parked_fetches(&mut self, tp: &TopicPartition) {
        let Some(leader) = self.partitions.get(tp).and_then(|s| s.leader) else {
            return;
        };
        let woken: Vec<i32> = self
            .replication
            .fetchers
            .iter()
            .filter(|(&(_, l), state)| {
                l == leader
                    && matches!(state, FetcherState::Parked { partitions, .. }
                        if partitions.iter().any(|p| p.tp == *tp))
            })
            .map(|(&(f, _), _)| f)
            .collect();
        for follower in woken {
            self.answer_parked(follower, leader);
        }
    }

    /// The follower applies the leader's answer (`AbstractFetcherThread.processFetchRequest`),
    /// then fetches again.
    fn on_fetch_response(&mut self, follower: i32, leader: i32, partitions: Vec<FetchedPartition>) {
        let now = self.now_ms;
        if !self.is_serving(follower) {
            self.replication.fetchers.remove(&(follower, leader));
            return;
        }
        let mut backoff = false;
        for fetched in partitions {
            let current = self.partitions.get(&fetched.tp).is_some_and(|s| {
                s.leader == Some(leader) && s.leader_epoch == fetched.leader_epoch
            });
            if !current {
                continue;
            }
            match fetched.outcome {
                FetchOutcome::Records {
                    records,
                    hw,
                    log_start_offset,
                } => self.follower_append(follower, &fetched.tp, &records, hw, log_start_offset),
                FetchOutcome::Diverging { epoch, end_offset } => {
                    self.follower_truncate_on_divergence(follower, &fetched.tp, epoch, end_offset)
                }
                FetchOutcome::OutOfRange {
                    log_start_offset,
                    leo,
                } => self.follower_out_of_range(follower, &fetched.tp, log_start_offset, leo),
                FetchOutcome::NotLeader => backoff = true,
            }
        }
        let next_fetch_ms = if backoff {
            now + i64::from(self.config.broker.int("replica.fetch.backoff.ms")).max(1)
        } else {
            now
        };
        self.set_fetcher(follower, leader, FetcherState::Idle { next_fetch_ms });
    }

    /// `ReplicaFetcherThread.processPartitionData`: append the leader's batches as they are,
    /// take the leader's HW (capped by what the follower has) and log start offset.
    fn follower_append(
        &mut self,
        follower: i32,
        tp: &TopicPartition,
        records: &[u8],
        leader_hw: i64,
        leader_log_start_offset: i64,
    ) {
        let now = self.now_ms;
        let Some(state) = self.partitions.get_mut(tp) else {
            return;
        };
        let Some(f) = state.followers.get_mut(&follower) else {
            return;
        };
        let mut events = Vec::new();
        if !records.is_empty() {
            match f
                .log
                .append_as_follower(&mut self.storage, records, now, &mut events)
            {
                Ok(Some(info)) => {
                    assign_epochs(&mut f.epochs, &records[..info.bytes]);
                    self.replication.add_bytes_in(follower, info.bytes);
                }
                Ok(None) => {}
                // A storage failure leaves the follower's log as it was; the next fetch asks
                // for the same offset again.
                Err(_) => return,
            }
        }
        let target_hw = leader_hw.min(f.log.leo());
        f.log.update_hw(target_hw, &mut events);
        if leader_log_start_offset > f.log.log_start_offset() {
            let target = leader_log_start_offset.min(f.log.hw());
            // `maybeIncrementLogStartOffset(LeaderOffsetIncremented)`; a compacted follower
            // log refuses DeleteRecords' policy check, and then keeps its own start.
            let _ = f.log.delete_records(target, &mut events);
            f.epochs.truncate_from_start(f.log.log_start_offset());
        }
    }

    /// KIP-320 truncation: cut the follower back to the end of the last epoch it shares with
    /// the leader (`AbstractFetcherThread.truncateOnFetchResponse`).
    fn follower_truncate_on_divergence(
        &mut self,
        follower: i32,
        tp: &TopicPartition,
        leader_epoch: i32,
        leader_end_offset: i64,
    ) {
        let Some(f) = self
            .partitions
            .get(tp)
            .and_then(|s| s.followers.get(&follower))
        else {
            return;
        };
        let leo = f.log.leo();
        let (epoch, end_offset) = f.epochs.end_offset_for(leader_epoch, leo);
        let target = if leader_end_offset == UNDEFINED_EPOCH_OFFSET {
            // The leader knows no epoch this old (`endOffsetFor` below its first entry): the
            // follower falls back to its high watermark (`getOffsetTruncationState`).
            f.log.hw()
        } else if epoch == UNDEFINED_EPOCH {
            leader_end_offset.min(leo)
        } else if epoch == leader_epoch {
            leader_end_offset.min(end_offset)
        } else {
            end_offset
        };
        self.truncate_follower(follower, tp, target.max(0));
    }

    fn follower_out_of_range(
        &mut self,
        follower: i32,
        tp: &TopicPartition,
        leader_log_start_offset: i64,
        leader_leo: i64,
    ) {
        let now = self.now_ms;
        let Some(f) = self
            .partitions
            .get_mut(tp)
            .and_then(|s| s.followers.get_mut(&follower))
        else {
            return;
        };
        if f.log.leo() > leader_leo {
            // `ReplicaFetcherThread.fetchOffsetAndTruncate`: ahead of the leader, cut back to
            // its LEO.
            self.truncate_follower(follower, tp, leader_leo);
            return;
        }
        // Behind the leader's log start: start over there (`truncateFullyAndStartAt`).
        let mut events = Vec::new();
        if f.log
            .truncate_fully_and_start_at(
                &mut self.storage,
                leader_log_start_offset,
                now,
                &mut events,
            )
            .is_ok()
        {
            f.epochs = LeaderEpochCache::default();
            self.push_event(Event::Replication(ReplicationEvent::FollowerReset {
                topic: tp.topic.clone(),
                partition: tp.partition,
                broker: follower,
                offset: leader_log_start_offset,
            }));
        }
    }

    /// Cuts a follower's log at `target`, reporting what it lost.
    fn truncate_follower(&mut self, follower: i32, tp: &TopicPartition, target: i64) {
        let now = self.now_ms;
        let Some(f) = self
            .partitions
            .get_mut(tp)
            .and_then(|s| s.followers.get_mut(&follower))
        else {
            return;
        };
        let (from_leo, hw_before) = (f.log.leo(), f.log.hw());
        // `UnifiedLog.truncateTo` cuts the epoch cache even when the log has nothing to cut:
        // a broker that led an epoch without writing to it keeps a conflicting entry.
        f.epochs.truncate_from_end(target.min(from_leo));
        let mut events = Vec::new();
        if let Ok(true) = f
            .log
            .truncate_to(&mut self.storage, target, now, &mut events)
        {
            self.push_event(Event::Replication(ReplicationEvent::Truncated {
                topic: tp.topic.clone(),
                partition: tp.partition,
                broker: follower,
                from_leo,
                to_offset: target,
                committed_lost: (hw_before - target).max(0),
            }));
        }
    }
}
