//! The group membership of a consumer: Kafka's `AbstractCoordinator` and
//! `ConsumerCoordinator` (classic protocol) as [`GroupState`] and the `Consumer` methods that
//! drive it.
//!
//! - FindCoordinator, then JoinGroup (a first join is answered `MEMBER_ID_REQUIRED` with the
//!   member's id and sent again, KIP-394), then SyncGroup; the leader runs the assignor the
//!   coordinator chose over every member's subscription (`onLeaderElected`).
//! - The heartbeat thread: a Heartbeat every `heartbeat.interval.ms` while the member is in a
//!   generation; `REBALANCE_IN_PROGRESS` asks for a rejoin at the next `poll()`;
//!   `UNKNOWN_MEMBER_ID`/`ILLEGAL_GENERATION` reset the generation; no answer within
//!   `session.timeout.ms` forgets the coordinator; no `poll()` within `max.poll.interval.ms`
//!   leaves the group (`maybeLeaveGroup`).
//! - The rebalance protocol is the newest one every configured assignor supports
//!   (`ConsumerCoordinator`'s constructor): EAGER revokes every partition before rejoining
//!   (`onJoinPrepare`); COOPERATIVE (KIP-429) keeps them, revokes after SyncGroup only those
//!   that moved, and rejoins for a second rebalance that hands them over (`onJoinComplete`).
//! - Listener callbacks in Kafka's order: `onPartitionsRevoked` (or `onPartitionsLost` when
//!   the generation was reset) in `onJoinPrepare`; after SyncGroup, `onPartitionsRevoked` for
//!   moved partitions (cooperative), then `onPartitionsAssigned` with the added partitions
//!   (always called, even empty).
//! - Static membership (KIP-345): `group.instance.id` goes in every request, and a static
//!   member never sends LeaveGroup (on close or on a poll timeout).
//!
//! Not ported: `validateCooperativeAssignment` (a check of the leader's own output) and
//! rack ids (kplay's brokers have no racks).

use std::collections::{BTreeMap, BTreeSet};

use crate::engine::error_code::ErrorCode;
use crate::engine::group::assignor::{
    ClusterMetadata, ConsumerPartitionAssignor, GroupSubscription, RebalanceProtocol, Subscription,
};
use crate::engine::group::consumer_protocol::{
    deserialize_assignment, deserialize_subscription, serialize_assignment, serialize_subscription,
    PROTOCOL_TYPE,
};
use crate::engine::producer::metadata::MetadataSource;
use crate::engine::profile::VersionProfile;
use crate::engine::protocol::{
    CoordinatorType, FindCoordinatorRequest, FindCoordinatorResponse, HeartbeatRequest,
    JoinGroupRequest, JoinGroupRequestProtocol, JoinGroupResponse, LeaveGroupRequest,
    MemberIdentity, Request, SyncGroupRequest, SyncGroupRequestAssignment, SyncGroupResponse,
};
use crate::engine::topic_partition::TopicPartition;

use super::config::ConsumerConfig;
use super::error::ConsumerError;
use super::event::ConsumerEvent;
use super::heartbeat::Heartbeat;
use super::{Consumer, InFlightKind};

/// `AbstractCoordinator.JOIN_GROUP_TIMEOUT_LAPSE`: a JoinGroup waits this much longer than
/// the rebalance timeout before it times out.
pub const JOIN_GROUP_TIMEOUT_LAPSE_MS: i64 = 5_000;

/// `AbstractCoordinator.MemberState`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MemberState {
    /// Not in a generation.
    Unjoined,
    /// JoinGroup sent or about to be.
    PreparingRebalance,
    /// JoinGroup answered, SyncGroup pending.
    CompletingRebalance,
    /// In a generation with an assignment.
    Stable,
}

/// `AbstractCoordinator.Generation`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generation {
    pub generation_id: i32,
    pub member_id: String,
    pub protocol_name: Option<String>,
}

impl Generation {
    /// `Generation.NO_GENERATION`.
    pub fn none() -> Generation {
        Generation {
            generation_id: -1,
            member_id: String::new(),
            protocol_name: None,
        }
    }
}

/// A consumer's group membership.
#[derive(Debug, Clone)]
pub struct GroupState {
    pub group_id: String,
    pub group_instance_id: Option<String>,
    pub protocol: RebalanceProtocol,
    /// The coordinator's broker, once found.
    pub coordinator: Option<i32>,
    pub(crate) find_in_flight: bool,
    pub(crate) find_not_before_ms: i64,
    pub state: MemberState,
    pub generation: Generation,
    /// `rejoinNeeded`: join at the next `poll()`.
    pub rejoin_needed: bool,
    /// `needsJoinPrepare`: `onJoinPrepare` runs before the next join.
    pub(crate) needs_join_prepare: bool,
    pub(crate) rejoin_reason: String,
    /// A JoinGroup to send once the coordinator is known and the backoff passed.
    pub(crate) join_pending: bool,
    pub(crate) join_not_before_ms: i64,
    pub(crate) join_in_flight: Option<i32>,
    pub(crate) sync_in_flight: Option<i32>,
    pub is_leader: bool,
    /// `joinedSubscription`: the topics of the last JoinGroup.
    pub joined_subscription: BTreeSet<String>,
    /// The leader's partition counts when it assigned (`assignmentSnapshot`).
    pub(crate) assignment_snapshot: BTreeMap<String, i32>,
    pub heartbeat: Heartbeat,
    /// `ConsumerProtocol` version of the subscription bytes (1 in 2.5, 3 in 4.x).
    pub(crate) protocol_version: i16,
}

impl GroupState {
    pub(crate) fn new(
        group_id: &str,
        config: &ConsumerConfig,
        assignors: &[Box<dyn ConsumerPartitionAssignor>],
        now_ms: i64,
    ) -> GroupState {
        // The newest protocol every assignor supports (`Collections.max` of the intersection).
        let protocol = [RebalanceProtocol::Cooperative, RebalanceProtocol::Eager]
            .into_iter()
            .find(|p| {
                assignors
                    .iter()
                    .all(|a| a.supported_protocols().contains(p))
            })
            .unwrap_or(RebalanceProtocol::Eager);
        GroupState {
            group_id: group_id.to_owned(),
            group_instance_id: config.group_instance_id.clone(),
            protocol,
            coordinator: None,
            find_in_flight: false,
            find_not_before_ms: now_ms,
            state: MemberState::Unjoined,
            generation: Generation::none(),
            rejoin_needed: true,
            needs_join_prepare: true,
            rejoin_reason: String::new(),
            join_pending: false,
            join_not_before_ms: now_ms,
            join_in_flight: None,
            sync_in_flight: None,
            is_leader: false,
            joined_subscription: BTreeSet::new(),
            assignment_snapshot: BTreeMap::new(),
            heartbeat: Heartbeat::new(
                config.heartbeat_interval_ms,
                config.session_timeout_ms,
                config.max_poll_interval_ms,
                config.retry_backoff_ms,
                now_ms,
            ),
            protocol_version: match config.profile {
                VersionProfile::Kafka2_5 => 1,
                VersionProfile::Kafka4x => 3,
            },
        }
    }

    /// A rebalance is under way (`rebalanceInProgress`).
    pub fn rebalance_in_progress(&self) -> bool {
        self.join_pending
            || self.join_in_flight.is_some()
            || self.sync_in_flight.is_some()
            || matches!(
                self.state,
                MemberState::PreparingRebalance | MemberState::CompletingRebalance
            )
    }

    /// `generationIfStable`.
    pub fn generation_if_stable(&self) -> Option<&Generation> {
        (self.state == MemberState::Stable && self.generation.generation_id >= 0)
            .then_some(&self.generation)
    }

    fn has_heartbeat_thread(&self) -> bool {
        matches!(
            self.state,
            MemberState::CompletingRebalance | MemberState::Stable
        )
    }
}

fn sorted(set: impl IntoIterator<Item = TopicPartition>) -> Vec<TopicPartition> {
    let set: BTreeSet<TopicPartition> = set.into_iter().collect();
    set.into_iter().collect()
}

impl Consumer {
    fn group_mut(&mut self) -> &mut GroupState {
        self.group
            .as_mut()
            .expect("coordinator methods run only for consumers with a group.id")
    }

    fn group_ref(&self) -> &GroupState {
        self.group
            .as_ref()
            .expect("coordinator methods run only for consumers with a group.id")
    }

    /// `ConsumerCoordinator.poll`, from the application's `poll()`: records the poll for
    /// `max.poll.interval.ms`, notices subscription changes, and starts a join when one is
    /// needed (`ensureActiveGroup`, with `onJoinPrepare` first).
    pub(crate) fn coordinator_poll(&mut self, metadata: &dyn MetadataSource) {
        let now = self.now_ms;
        self.group_mut().heartbeat.poll(now);
        if !self.subscriptions.has_auto_assigned_partitions() {
            return;
        }
        let topics = metadata_topics(metadata);
        self.subscriptions
            .update_pattern_topics(topics.iter().map(String::as_str));
        let subscribed = self.subscriptions.subscribed_topics();
        let g = self.group_ref();
        if g.state == MemberState::Stable && !g.rebalance_in_progress() {
            if g.joined_subscription != subscribed {
                self.request_rejoin("the subscription changed");
            } else if g.is_leader {
                // `ConsumerCoordinator.rejoinNeededOrPending`: the leader notices partition
                // count changes of subscribed topics.
                let changed = g.assignment_snapshot.iter().any(|(t, n)| {
                    metadata.partition_replicas(t).map(|r| r.len() as i32) != Some(*n)
                });
                if changed {
                    self.request_rejoin("the metadata of a subscribed topic changed");
                }
            }
        }
        let g = self.group_ref();
        if g.rejoin_needed && !g.rebalance_in_progress() {
            let reason = std::mem::take(&mut self.group_mut().rejoin_reason);
            let reason = if reason.is_empty() {
                "the consumer needs to join the group".to_owned()
            } else {
                reason
            };
            if self.group_ref().needs_join_prepare {
                self.on_join_prepare();
                self.group_mut().needs_join_prepare = false;
            }
            let g = self.group_mut();
            g.join_pending = true;
            g.state = MemberState::PreparingRebalance;
            g.rejoin_reason = reason.clone();
            self.emit(ConsumerEvent::RebalanceStarted { reason });
        }
    }

    /// `onJoinPrepare`: commits what was consumed (auto-commit), then revokes (or loses) the
    /// partitions as the protocol says.
    fn on_join_prepare(&mut self) {
        let (generation_reset, protocol) = {
            let g = self.group_ref();
            (
                g.generation.generation_id == -1 || g.generation.member_id.is_empty(),
                g.protocol,
            )
        };
        if self.config.enable_auto_commit && !generation_reset {
            self.enqueue_auto_commit();
            self.send_pending_commits();
        }
        let owned = self.subscriptions.assigned_partitions();
        if generation_reset {
            if !owned.is_empty() {
                self.emit(ConsumerEvent::PartitionsLost { partitions: owned });
                self.assign_from_subscribed(&[]);
            }
        } else {
            match protocol {
                RebalanceProtocol::Eager => {
                    self.emit(ConsumerEvent::PartitionsRevoked { partitions: owned });
                    self.assign_from_subscribed(&[]);
                }
                RebalanceProtocol::Cooperative => {
                    let subscribed = self.subscriptions.subscribed_topics();
                    let (revoked, kept): (Vec<_>, Vec<_>) = owned
                        .into_iter()
                        .partition(|tp| !subscribed.contains(&tp.topic));
                    if !revoked.is_empty() {
                        self.emit(ConsumerEvent::PartitionsRevoked {
                            partitions: revoked,
                        });
                        self.assign_from_subscribed(&kept);
                    }
                }
            }
        }
        self.group_mut().is_leader = false;
    }

    /// `onLeavePrepare` (close, unsubscribe): revokes the partitions, or loses them when the
    /// generation was reset.
    pub(crate) fn on_leave_prepare(&mut self) {
        let g = self.group_ref();
        let generation_reset =
            g.generation.generation_id == -1 || g.generation.member_id.is_empty();
        let owned = self.subscriptions.assigned_partitions();
        if owned.is_empty() {
            return;
        }
        if generation_reset {
            self.emit(ConsumerEvent::PartitionsLost { partitions: owned });
        } else {
            self.emit(ConsumerEvent::PartitionsRevoked { partitions: owned });
        }
        self.assign_from_subscribed(&[]);
    }

    fn assign_from_subscribed(&mut self, partitions: &[TopicPartition]) {
        self.subscriptions.set_assignment(partitions);
        let subscriptions = &self.subscriptions;
        self.fetch_buffer
            .retain(|f| subscriptions.is_assigned(&f.partition));
    }

    /// `requestRejoin(reason)`.
    pub(crate) fn request_rejoin(&mut self, reason: &str) {
        let g = self.group_mut();
        g.rejoin_needed = true;
        g.rejoin_reason = reason.to_owned();
        self.emit(ConsumerEvent::RejoinRequested {
            reason: reason.to_owned(),
        });
    }

    /// `resetStateAndGeneration`: out of the generation (and, for `UNKNOWN_MEMBER_ID` or a
    /// leave, without a member id); the next `poll()` rejoins.
    pub(crate) fn reset_generation(&mut self, reason: &str, reset_member_id: bool) {
        let g = self.group_mut();
        g.generation.generation_id = -1;
        g.generation.protocol_name = None;
        if reset_member_id {
            g.generation.member_id.clear();
        }
        g.state = MemberState::Unjoined;
        g.rejoin_needed = true;
        g.rejoin_reason = reason.to_owned();
        g.heartbeat.heartbeat_in_flight = None;
        self.emit(ConsumerEvent::GenerationReset {
            reason: reason.to_owned(),
        });
    }

    /// `markCoordinatorUnknown`.
    pub(crate) fn mark_coordinator_unknown(&mut self, reason: &str) {
        let now = self.now_ms;
        let g = self.group_mut();
        if g.coordinator.is_none() {
            return;
        }
        g.coordinator = None;
        g.find_not_before_ms = now;
        g.heartbeat.heartbeat_in_flight = None;
        self.emit(ConsumerEvent::CoordinatorUnknown {
            reason: reason.to_owned(),
        });
    }

    /// `maybeLeaveGroup`: a dynamic member in a generation sends LeaveGroup; every member
    /// resets its generation (`resetGenerationOnLeaveGroup`).
    pub(crate) fn maybe_leave_group(&mut self, reason: &str) {
        let g = self.group_ref();
        let send_to = (g.group_instance_id.is_none()
            && g.state != MemberState::Unjoined
            && !g.generation.member_id.is_empty())
        .then_some(g.coordinator)
        .flatten();
        if let Some(node) = send_to {
            let request = LeaveGroupRequest {
                group_id: g.group_id.clone(),
                members: vec![MemberIdentity {
                    member_id: g.generation.member_id.clone(),
                    group_instance_id: None,
                    reason: Some(reason.to_owned()),
                }],
            };
            let timeout = self.config.request_timeout_ms;
            self.send(
                node,
                Request::LeaveGroup(request),
                InFlightKind::LeaveGroup,
                timeout,
            );
        }
        self.emit(ConsumerEvent::LeftGroup {
            reason: reason.to_owned(),
            sent: send_to.is_some(),
        });
        let g = self.group_mut();
        g.join_pending = false;
        g.join_in_flight = None;
        g.sync_in_flight = None;
        self.reset_generation(reason, true);
    }

    /// When the coordinator's timers next fire.
    pub(crate) fn group_timeout(&self) -> Option<i64> {
        let g = self.group.as_ref()?;
        if self.closed {
            return None;
        }
        let mut times = Vec::new();
        if g.coordinator.is_none() {
            if !g.find_in_flight && self.needs_coordinator() {
                times.push(g.find_not_before_ms);
            }
        } else {
            if g.join_pending && g.join_in_flight.is_none() {
                times.push(g.join_not_before_ms);
            }
            if g.has_heartbeat_thread() {
                if g.heartbeat.heartbeat_in_flight.is_none() {
                    times.push(g.heartbeat.next_heartbeat_ms);
                }
                times.push(g.heartbeat.session_deadline_ms);
                times.push(g.heartbeat.poll_deadline_ms);
            }
        }
        times.into_iter().min()
    }

    fn needs_coordinator(&self) -> bool {
        let Some(g) = self.group.as_ref() else {
            return false;
        };
        g.join_pending
            || g.has_heartbeat_thread()
            || !self.pending_commits.is_empty()
            || !self.committed_requests.is_empty()
            || !self.subscriptions.initializing().is_empty()
    }

    /// The heartbeat thread's checks and the coordinator's requests.
    pub(crate) fn run_coordinator(&mut self, metadata: &dyn MetadataSource) {
        let now = self.now_ms;
        // `HeartbeatThread.run`.
        let g = self.group_ref();
        if g.coordinator.is_some() && g.has_heartbeat_thread() {
            if g.heartbeat.session_timeout_expired(now) {
                self.mark_coordinator_unknown(
                    "session timed out without receiving a heartbeat response",
                );
            } else if g.heartbeat.poll_timeout_expired(now) {
                let since = now - g.heartbeat.last_poll_ms;
                self.emit(ConsumerEvent::PollTimeoutExpired {
                    since_last_poll_ms: since,
                });
                self.maybe_leave_group("consumer poll timeout has expired.");
            }
        }
        let g = self.group_ref();
        if g.coordinator.is_none() {
            if !g.find_in_flight && now >= g.find_not_before_ms && self.needs_coordinator() {
                let Some(&node) = metadata.broker_ids().first() else {
                    return;
                };
                let request = FindCoordinatorRequest {
                    key: g.group_id.clone(),
                    key_type: CoordinatorType::Group,
                };
                self.group_mut().find_in_flight = true;
                let timeout = self.config.request_timeout_ms;
                self.send(
                    node,
                    Request::FindCoordinator(request),
                    InFlightKind::FindCoordinator,
                    timeout,
                );
            }
            return;
        }
        let node = g.coordinator.expect("checked above");
        if g.join_pending && g.join_in_flight.is_none() && now >= g.join_not_before_ms {
            self.send_join_group(node);
        }
        let g = self.group_ref();
        if g.has_heartbeat_thread() && g.heartbeat.should_heartbeat(now) {
            let request = HeartbeatRequest {
                group_id: g.group_id.clone(),
                generation_id: g.generation.generation_id,
                member_id: g.generation.member_id.clone(),
                group_instance_id: g.group_instance_id.clone(),
            };
            let correlation_id = self.peek_correlation_id();
            self.group_mut()
                .heartbeat
                .sent_heartbeat(now, correlation_id);
            let timeout = self.config.request_timeout_ms;
            self.send(
                node,
                Request::Heartbeat(request),
                InFlightKind::Heartbeat,
                timeout,
            );
        }
    }

    /// `ConsumerCoordinator.metadata()`: one protocol per assignor, in preference order.
    fn join_protocols(&self) -> Vec<JoinGroupRequestProtocol> {
        let g = self.group_ref();
        let topics: Vec<String> = self.subscriptions.subscribed_topics().into_iter().collect();
        let owned = self.subscriptions.assigned_partitions();
        self.assignors
            .iter()
            .map(|a| {
                let subscription = Subscription {
                    topics: topics.clone(),
                    user_data: a.subscription_user_data(&topics),
                    owned_partitions: owned.clone(),
                    generation_id: (g.generation.generation_id >= 0)
                        .then_some(g.generation.generation_id),
                    rack_id: None,
                    group_instance_id: None,
                };
                JoinGroupRequestProtocol {
                    name: a.name().to_owned(),
                    metadata: serialize_subscription(&subscription, g.protocol_version),
                }
            })
            .collect()
    }

    fn send_join_group(&mut self, node: i32) {
        let protocols = self.join_protocols();
        let subscribed = self.subscriptions.subscribed_topics();
        let client_id = self.client_id.clone();
        let rebalance_timeout_ms = self.config.rebalance_timeout_ms();
        let timeout = self
            .config
            .request_timeout_ms
            .max(rebalance_timeout_ms + JOIN_GROUP_TIMEOUT_LAPSE_MS);
        let session_timeout_ms = self.config.session_timeout_ms;
        let g = self.group_mut();
        g.joined_subscription = subscribed;
        g.join_pending = false;
        g.rejoin_needed = false;
        g.state = MemberState::PreparingRebalance;
        let request = JoinGroupRequest {
            group_id: g.group_id.clone(),
            session_timeout_ms: session_timeout_ms as i32,
            rebalance_timeout_ms: rebalance_timeout_ms as i32,
            member_id: g.generation.member_id.clone(),
            group_instance_id: g.group_instance_id.clone(),
            protocol_type: PROTOCOL_TYPE.to_owned(),
            protocols,
            reason: Some(g.rejoin_reason.clone()),
            require_known_member_id: true,
            client_id,
            client_host: "/127.0.0.1".to_owned(),
        };
        let correlation_id = self.peek_correlation_id();
        self.group_mut().join_in_flight = Some(correlation_id);
        self.send(
            node,
            Request::JoinGroup(request),
            InFlightKind::JoinGroup,
            timeout,
        );
    }

    /// Join again: at once, or after `retry.backoff.ms`.
    fn retry_join(&mut self, backoff: bool) {
        let now = self.now_ms;
        let backoff_ms = self.config.retry_backoff_ms;
        let g = self.group_mut();
        g.join_pending = true;
        g.state = MemberState::PreparingRebalance;
        g.join_not_before_ms = if backoff { now + backoff_ms } else { now };
    }

    /// A fatal group error: `poll()` throws it; the member is out of the group.
    fn fatal(&mut self, error: ConsumerError) {
        let g = self.group_mut();
        g.join_pending = false;
        g.state = MemberState::Unjoined;
        self.pending_error = Some(error);
    }

    pub(crate) fn handle_find_coordinator(&mut self, r: FindCoordinatorResponse) {
        let now = self.now_ms;
        let backoff = self.config.retry_backoff_ms;
        let g = self.group_mut();
        g.find_in_flight = false;
        if r.error == ErrorCode::None {
            g.coordinator = Some(r.node_id);
            g.heartbeat.reset_timeouts(now);
            self.emit(ConsumerEvent::CoordinatorDiscovered { node: r.node_id });
        } else {
            g.find_not_before_ms = now + backoff;
        }
    }

    pub(crate) fn handle_join_group(
        &mut self,
        correlation_id: i32,
        r: JoinGroupResponse,
        metadata: &dyn MetadataSource,
    ) {
        let g = self.group_mut();
        if g.join_in_flight != Some(correlation_id) {
            return;
        }
        g.join_in_flight = None;
        match r.error {
            ErrorCode::None => {
                if g.state != MemberState::PreparingRebalance {
                    return;
                }
                let now = self.now_ms;
                let g = self.group_mut();
                g.generation = Generation {
                    generation_id: r.generation_id,
                    member_id: r.member_id.clone(),
                    protocol_name: r.protocol_name.clone(),
                };
                g.state = MemberState::CompletingRebalance;
                g.heartbeat.reset_timeouts(now);
                let is_leader = r.leader == r.member_id;
                g.is_leader = is_leader;
                self.emit(ConsumerEvent::JoinedGroup {
                    generation_id: r.generation_id,
                    member_id: r.member_id.clone(),
                    leader: r.leader.clone(),
                    protocol: r.protocol_name.clone().unwrap_or_default(),
                    is_leader,
                });
                let assignments = if is_leader && !r.skip_assignment {
                    match self.on_leader_elected(&r, metadata) {
                        Ok(a) => a,
                        Err(e) => {
                            self.fatal(e);
                            return;
                        }
                    }
                } else {
                    Vec::new()
                };
                self.send_sync_group(assignments);
            }
            ErrorCode::MemberIdRequired => {
                g.generation.member_id = r.member_id.clone();
                self.emit(ConsumerEvent::MemberIdAssigned {
                    member_id: r.member_id,
                });
                self.retry_join(false);
            }
            ErrorCode::UnknownMemberId => {
                g.generation.member_id.clear();
                self.retry_join(false);
            }
            ErrorCode::IllegalGeneration | ErrorCode::RebalanceInProgress => self.retry_join(false),
            ErrorCode::CoordinatorNotAvailable | ErrorCode::NotCoordinator => {
                self.mark_coordinator_unknown(r.error.name());
                self.retry_join(true);
            }
            ErrorCode::CoordinatorLoadInProgress => self.retry_join(true),
            other => {
                self.group_mut().rejoin_needed = true;
                self.fatal(ConsumerError::from_code(other));
            }
        }
    }

    /// `ConsumerCoordinator.onLeaderElected`: the chosen assignor over every member's
    /// subscription; the result as `ConsumerProtocolAssignment` bytes per member.
    fn on_leader_elected(
        &mut self,
        r: &JoinGroupResponse,
        metadata: &dyn MetadataSource,
    ) -> Result<Vec<SyncGroupRequestAssignment>, ConsumerError> {
        let protocol_name = r.protocol_name.clone().unwrap_or_default();
        let Some(index) = self
            .assignors
            .iter()
            .position(|a| a.name() == protocol_name)
        else {
            return Err(ConsumerError::illegal_state(format!(
                "Coordinator selected invalid assignment protocol: {protocol_name}"
            )));
        };
        let mut members = Vec::with_capacity(r.members.len());
        let mut all_topics = BTreeSet::new();
        for m in &r.members {
            let mut subscription = deserialize_subscription(&m.metadata)
                .map_err(|e| ConsumerError::new("SchemaException", e.to_string()))?;
            subscription.group_instance_id = m.group_instance_id.clone();
            all_topics.extend(subscription.topics.iter().cloned());
            members.push((m.member_id.clone(), subscription));
        }
        let counts: BTreeMap<String, i32> = all_topics
            .iter()
            .filter_map(|t| {
                metadata
                    .partition_replicas(t)
                    .map(|r| (t.clone(), r.len() as i32))
            })
            .collect();
        let cluster = ClusterMetadata::new(counts.clone());
        let group = GroupSubscription::new(members);
        let assignment = self.assignors[index]
            .assign(&cluster, &group)
            .map_err(|e| ConsumerError::illegal_state(e.to_string()))?;
        let version = self.group_ref().protocol_version;
        // `ConsumerCoordinator.metadataSnapshot`: the leader rejoins when these change.
        self.group_mut().assignment_snapshot = counts;
        self.emit(ConsumerEvent::AssignmentComputed {
            assignor: protocol_name,
            assignments: assignment
                .assignments
                .iter()
                .map(|(m, a)| (m.clone(), sorted(a.partitions.iter().cloned())))
                .collect(),
        });
        Ok(assignment
            .assignments
            .iter()
            .map(|(member_id, a)| SyncGroupRequestAssignment {
                member_id: member_id.clone(),
                assignment: serialize_assignment(a, version),
            })
            .collect())
    }

    fn send_sync_group(&mut self, assignments: Vec<SyncGroupRequestAssignment>) {
        let g = self.group_ref();
        let Some(node) = g.coordinator else {
            self.retry_join(true);
            return;
        };
        let request = SyncGroupRequest {
            group_id: g.group_id.clone(),
            generation_id: g.generation.generation_id,
            member_id: g.generation.member_id.clone(),
            group_instance_id: g.group_instance_id.clone(),
            protocol_type: Some(PROTOCOL_TYPE.to_owned()),
            protocol_name: g.generation.protocol_name.clone(),
            assignments,
        };
        let correlation_id = self.peek_correlation_id();
        self.group_mut().sync_in_flight = Some(correlation_id);
        let timeout = self.config.request_timeout_ms;
        self.send(
            node,
            Request::SyncGroup(request),
            InFlightKind::SyncGroup,
            timeout,
        );
    }

    pub(crate) fn handle_sync_group(&mut self, correlation_id: i32, r: SyncGroupResponse) {
        let g = self.group_mut();
        if g.sync_in_flight != Some(correlation_id) {
            return;
        }
        g.sync_in_flight = None;
        match r.error {
            ErrorCode::None => {
                if g.state != MemberState::CompletingRebalance {
                    return;
                }
                g.state = MemberState::Stable;
                let assignment = match deserialize_assignment(&r.assignment) {
                    Ok(a) => a,
                    Err(e) => {
                        self.fatal(ConsumerError::new("SchemaException", e.to_string()));
                        return;
                    }
                };
                self.on_join_complete(assignment);
            }
            ErrorCode::RebalanceInProgress => self.retry_join(false),
            ErrorCode::UnknownMemberId | ErrorCode::IllegalGeneration => {
                let reset_member_id = r.error == ErrorCode::UnknownMemberId;
                self.reset_generation(r.error.name(), reset_member_id);
                self.retry_join(false);
            }
            ErrorCode::CoordinatorNotAvailable | ErrorCode::NotCoordinator => {
                self.mark_coordinator_unknown(r.error.name());
                self.retry_join(true);
            }
            other => self.fatal(ConsumerError::from_code(other)),
        }
    }

    /// `ConsumerCoordinator.onJoinComplete`.
    fn on_join_complete(&mut self, assignment: crate::engine::group::assignor::Assignment) {
        let owned: BTreeSet<TopicPartition> = self
            .subscriptions
            .assigned_partitions()
            .into_iter()
            .collect();
        let assigned: BTreeSet<TopicPartition> = assignment.partitions.iter().cloned().collect();
        let generation_id = self.group_ref().generation.generation_id;
        self.emit(ConsumerEvent::SyncedGroup {
            generation_id,
            assignment: assigned.iter().cloned().collect(),
        });
        let added: Vec<TopicPartition> = assigned.difference(&owned).cloned().collect();
        if self.group_ref().protocol == RebalanceProtocol::Cooperative {
            let revoked: Vec<TopicPartition> = owned.difference(&assigned).cloned().collect();
            if !revoked.is_empty() {
                let reason = format!(
                    "need to revoke partitions [{}] as indicated by the current assignment and re-join",
                    revoked
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                self.emit(ConsumerEvent::PartitionsRevoked {
                    partitions: revoked,
                });
                self.request_rejoin(&reason);
            }
        }
        if let Some(name) = self.group_ref().generation.protocol_name.clone() {
            if let Some(a) = self.assignors.iter_mut().find(|a| a.name() == name) {
                a.on_assignment(&assignment, generation_id);
            }
        }
        if self.config.enable_auto_commit {
            self.next_auto_commit_ms = self.now_ms + self.config.auto_commit_interval_ms;
        }
        let list: Vec<TopicPartition> = assigned.into_iter().collect();
        self.assign_from_subscribed(&list);
        self.emit(ConsumerEvent::PartitionsAssigned { partitions: added });
        self.group_mut().needs_join_prepare = true;
    }

    pub(crate) fn handle_heartbeat(&mut self, correlation_id: i32, error: ErrorCode) {
        let now = self.now_ms;
        let g = self.group_mut();
        if g.heartbeat.heartbeat_in_flight != Some(correlation_id) {
            return;
        }
        match error {
            ErrorCode::None => g.heartbeat.receive_heartbeat(now),
            ErrorCode::RebalanceInProgress => {
                g.heartbeat.receive_heartbeat(now);
                if g.state == MemberState::Stable && !g.rejoin_needed {
                    self.request_rejoin("group is already rebalancing");
                }
            }
            ErrorCode::IllegalGeneration | ErrorCode::UnknownMemberId => {
                g.heartbeat.fail_heartbeat(now);
                if g.has_heartbeat_thread() {
                    self.reset_generation(error.name(), error == ErrorCode::UnknownMemberId);
                }
            }
            ErrorCode::CoordinatorNotAvailable | ErrorCode::NotCoordinator => {
                g.heartbeat.fail_heartbeat(now);
                self.mark_coordinator_unknown(error.name());
            }
            ErrorCode::FencedInstanceId => {
                g.heartbeat.fail_heartbeat(now);
                self.fatal(ConsumerError::from_code(error));
            }
            _ => g.heartbeat.fail_heartbeat(now),
        }
        if error != ErrorCode::None {
            self.emit(ConsumerEvent::HeartbeatFailed { error });
        }
    }

    /// A coordinator request timed out: Kafka fails it as a disconnect from the coordinator.
    pub(crate) fn coordinator_request_failed(&mut self, correlation_id: i32, kind: InFlightKind) {
        let now = self.now_ms;
        let backoff = self.config.retry_backoff_ms;
        let g = self.group_mut();
        match kind {
            InFlightKind::FindCoordinator => {
                g.find_in_flight = false;
                g.find_not_before_ms = now + backoff;
            }
            InFlightKind::JoinGroup if g.join_in_flight == Some(correlation_id) => {
                g.join_in_flight = None;
                self.mark_coordinator_unknown("the JoinGroup request timed out");
                self.retry_join(true);
            }
            InFlightKind::SyncGroup if g.sync_in_flight == Some(correlation_id) => {
                g.sync_in_flight = None;
                self.mark_coordinator_unknown("the SyncGroup request timed out");
                self.retry_join(true);
            }
            InFlightKind::Heartbeat if g.heartbeat.heartbeat_in_flight == Some(correlation_id) => {
                g.heartbeat.fail_heartbeat(now);
                self.mark_coordinator_unknown("the Heartbeat request timed out");
            }
            _ => {}
        }
    }
}

/// Every topic the metadata knows, for pattern subscriptions.
fn metadata_topics(metadata: &dyn MetadataSource) -> Vec<String> {
    metadata.topic_names()
}
