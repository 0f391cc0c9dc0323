//! [`GroupCoordinator`]: the broker side of classic consumer groups, as a sans-IO state machine.
//!
//! Port of the classic-protocol parts of Kafka's group coordinator: 4.x's
//! `org.apache.kafka.coordinator.group.GroupMetadataManager` (`classicGroupJoin`,
//! `classicGroupSync`, `classicGroupHeartbeat`, `classicGroupLeave`, the join/sync/heartbeat
//! timers) and `OffsetMetadataManager`, which replaced 3.x's Scala `GroupCoordinator` with the
//! same behaviour. Each API is a `handle_*(request, now_ms)` method. A JoinGroup or SyncGroup
//! that Kafka parks (in its purgatory) returns `None`; its answer comes out of
//! [`GroupCoordinator::poll_output`] later, under the caller's [`RequestKey`].
//! [`GroupCoordinator::poll_timeout`] says when the next deadline is (initial rebalance delay,
//! rebalance timeout, session expiry, sync timeout, offset expiration) and
//! [`GroupCoordinator::handle_timeout`] runs what is due. Everything that changes is a
//! [`GroupEvent`]; what Kafka would append to `__consumer_offsets` is a [`CoordinatorRecord`]
//! from [`GroupCoordinator::poll_record`].

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::classic_group::{ClassicGroup, JoinTimer};
use super::config::GroupCoordinatorConfig;
use super::event::{GroupEvent, RemovalReason};
use super::group_state::ClassicGroupState;
use super::member::RequestKey;
use super::offsets::{CoordinatorRecord, MemberMetadata};
use super::view::{CommittedOffsetView, GroupView, MemberView};
use crate::engine::error_code::ErrorCode;
use crate::engine::event_log::{EventLog, Stamped};
use crate::engine::group::consumer_protocol::{self, PROTOCOL_TYPE};
use crate::engine::protocol::{JoinGroupResponse, SyncGroupResponse};
use crate::engine::rng::Rng;

/// How many group events the coordinator keeps for readers (oldest dropped first).
pub const GROUP_EVENTS_CAPACITY: usize = 2_000;
/// How many `__consumer_offsets` records wait for the broker to take them; beyond this the
/// oldest are dropped and counted in [`GroupCoordinator::records_dropped`].
pub const PENDING_RECORDS_CAPACITY: usize = 10_000;
/// How many groups one coordinator holds (a playground limit; Kafka has none). Creating one
/// more is refused with `COORDINATOR_NOT_AVAILABLE`.
pub const GROUPS_MAX: usize = 1_000;

/// A parked response, now answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupResponse {
    JoinGroup(JoinGroupResponse),
    SyncGroup(SyncGroupResponse),
}

/// Records a TxnOffsetCommit writes, as one transactional batch of `producer_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TxnRecords {
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub records: Vec<CoordinatorRecord>,
}

/// The answer to a request the coordinator had parked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupOutput {
    pub key: RequestKey,
    pub group_id: String,
    pub response: GroupResponse,
}

/// A deadline of some group.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Due {
    Join,
    Sync,
    PendingMember(String),
    Heartbeat(String),
}

/// The classic group coordinator of one broker (all groups it coordinates).
#[derive(Debug)]
pub struct GroupCoordinator {
    pub(super) config: GroupCoordinatorConfig,
    pub(super) groups: BTreeMap<String, ClassicGroup>,
    rng: Rng,
    outputs: VecDeque<GroupOutput>,
    records: VecDeque<CoordinatorRecord>,
    txn_records: VecDeque<TxnRecords>,
    records_dropped: u64,
    /// The order offsets are written in (see `ClassicGroup::offset_write_seq`).
    pub(super) next_write_seq: u64,
    events: EventLog<GroupEvent>,
    next_offsets_expiration_ms: i64,
}

impl GroupCoordinator {
    /// A coordinator; `seed` drives the UUIDs of new member ids.
    pub fn new(config: GroupCoordinatorConfig, seed: u64, now_ms: i64) -> Self {
        let next_offsets_expiration_ms = now_ms + config.offsets_retention_check_interval_ms;
        GroupCoordinator {
            config,
            groups: BTreeMap::new(),
            rng: Rng::new(seed),
            outputs: VecDeque::new(),
            records: VecDeque::new(),
            txn_records: VecDeque::new(),
            records_dropped: 0,
            next_write_seq: 0,
            events: EventLog::new(GROUP_EVENTS_CAPACITY),
            next_offsets_expiration_ms,
        }
    }

    pub fn config(&self) -> &GroupCoordinatorConfig {
        &self.config
    }

    /// The next parked answer, if any.
    pub fn poll_output(&mut self) -> Option<GroupOutput> {
        self.outputs.pop_front()
    }

    /// The next record for `__consumer_offsets`, if any.
    pub fn poll_record(&mut self) -> Option<CoordinatorRecord> {
        self.records.pop_front()
    }

    /// The next transactional batch for `__consumer_offsets` (a TxnOffsetCommit's records), if
    /// any.
    pub fn poll_txn_records(&mut self) -> Option<TxnRecords> {
        self.txn_records.pop_front()
    }

    pub(super) fn record_txn(&mut self, batch: TxnRecords) {
        if self.txn_records.len() == PENDING_RECORDS_CAPACITY {
            self.txn_records.pop_front();
            self.records_dropped += 1;
        }
        self.txn_records.push_back(batch);
    }

    /// Records dropped because nobody took them within [`PENDING_RECORDS_CAPACITY`].
    pub fn records_dropped(&self) -> u64 {
        self.records_dropped
    }

    pub fn events(&self) -> &EventLog<GroupEvent> {
        &self.events
    }

    /// Events with `seq >= from_seq`, oldest first.
    pub fn events_since(&self, from_seq: u64) -> impl Iterator<Item = &Stamped<GroupEvent>> {
        self.events.since(from_seq)
    }

    pub fn group_ids(&self) -> impl Iterator<Item = &String> {
        self.groups.keys()
    }

    pub fn group_state(&self, group_id: &str) -> Option<ClassicGroupState> {
        self.groups.get(group_id).map(|g| g.state)
    }

    pub(super) fn emit(&mut self, now_ms: i64, event: GroupEvent) {
        self.events.push(now_ms, event);
    }

    pub(super) fn record(&mut self, record: CoordinatorRecord) {
        if self.records.len() == PENDING_RECORDS_CAPACITY {
            self.records.pop_front();
            self.records_dropped += 1;
        }
        self.records.push_back(record);
    }

    pub(super) fn respond(&mut self, key: RequestKey, group_id: &str, response: GroupResponse) {
        self.outputs.push_back(GroupOutput {
            key,
            group_id: group_id.to_owned(),
            response,
        });
    }

    /// `clientId + "-" + Uuid.randomUuid()`, Kafka's new member id.
    pub(super) fn new_member_id(&mut self, client_id: &str) -> String {
        let mut b = self.rng.bytes16();
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
        format!(
            "{client_id}-{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    }

    /// Gets or creates the group (`getOrMaybeCreateClassicGroup`); `None` past
    /// [`GROUPS_MAX`].
    pub(super) fn get_or_create_group(&mut self, group_id: &str, now_ms: i64) -> Option<()> {
        if !self.groups.contains_key(group_id) {
            if self.groups.len() >= GROUPS_MAX {
                return None;
            }
            self.groups
                .insert(group_id.to_owned(), ClassicGroup::new(group_id, now_ms));
            self.emit(
                now_ms,
                GroupEvent::Created {
                    group_id: group_id.to_owned(),
                },
            );
        }
        Some(())
    }

    pub(super) fn group_mut(&mut self, group_id: &str) -> &mut ClassicGroup {
        self.groups
            .get_mut(group_id)
            .expect("callers look the group up before changing it")
    }

    /// `transitionTo(state)`.
    pub(super) fn transition(&mut self, group_id: &str, to: ClassicGroupState, now_ms: i64) {
        let group = self.group_mut(group_id);
        let from = group.state;
        assert!(
            from.can_transition_to(to),
            "Group {group_id} should be in one of {:?} states before moving to {to:?} state. \
             Instead it is in {from:?} state.",
            to.valid_previous_states()
        );
        group.state = to;
        group.current_state_timestamp_ms = now_ms;
        let generation_id = group.generation_id;
        self.emit(
            now_ms,
            GroupEvent::StateChanged {
                group_id: group_id.to_owned(),
                from,
                to,
                generation_id,
            },
        );
    }

    /// `rescheduleClassicGroupMemberHeartbeat`: the session (or join) timer restarts.
    pub(super) fn schedule_heartbeat(
        &mut self,
        group_id: &str,
        member_id: &str,
        timeout_ms: i64,
        now_ms: i64,
    ) {
        if let Some(member) = self.group_mut(group_id).member_mut(member_id) {
            member.heartbeat_deadline_ms = Some(now_ms + timeout_ms);
        }
    }

    pub(super) fn schedule_session(&mut self, group_id: &str, member_id: &str, now_ms: i64) {
        let timeout = self
            .group_mut(group_id)
            .member(member_id)
            .map_or(0, |m| i64::from(m.session_timeout_ms));
        self.schedule_heartbeat(group_id, member_id, timeout, now_ms);
    }

    /// `maybePrepareRebalance`.
    pub(super) fn maybe_prepare_rebalance(&mut self, group_id: &str, reason: String, now_ms: i64) {
        if self.group_mut(group_id).can_rebalance() {
            self.prepare_rebalance(group_id, reason, now_ms);
        }
    }

    /// `prepareRebalance`: parked syncs get `REBALANCE_IN_PROGRESS`, the join timer starts
    /// (the initial delay for an empty group, else the rebalance timeout).
    pub(super) fn prepare_rebalance(&mut self, group_id: &str, reason: String, now_ms: i64) {
        if self
            .group_mut(group_id)
            .is(ClassicGroupState::CompletingRebalance)
        {
            self.reset_and_propagate_assignment_error(group_id, ErrorCode::RebalanceInProgress);
        }
        let initial_delay = i64::from(self.config.group_initial_rebalance_delay_ms);
        let group = self.group_mut(group_id);
        group.sync_deadline_ms = None;
        group.pending_sync_members.clear();
        let rebalance_timeout = group.rebalance_timeout_ms();
        group.join_timer = Some(if group.is(ClassicGroupState::Empty) {
            JoinTimer::Initial {
                deadline_ms: now_ms + initial_delay,
                configured_delay_ms: initial_delay,
                remaining_ms: (rebalance_timeout - initial_delay).max(0),
            }
        } else {
            JoinTimer::Regular {
                deadline_ms: now_ms + rebalance_timeout,
            }
        });
        self.transition(group_id, ClassicGroupState::PreparingRebalance, now_ms);
        self.emit(
            now_ms,
            GroupEvent::RebalancePrepared {
                group_id: group_id.to_owned(),
                reason,
            },
        );
        self.try_complete_join(group_id, now_ms);
    }

    /// `resetAndPropagateAssignmentError`: every parked SyncGroup gets `error`.
    fn reset_and_propagate_assignment_error(&mut self, group_id: &str, error: ErrorCode) {
        let group = self.group_mut(group_id);
        let mut answers = Vec::new();
        for id in group.member_ids() {
            let member = group.member_mut(&id).expect("listed member");
            member.assignment.clear();
            if let Some(key) = member.awaiting_sync.take() {
                answers.push(key);
            }
        }
        for key in answers {
            self.respond(
                key,
                group_id,
                GroupResponse::SyncGroup(SyncGroupResponse::error(error)),
            );
        }
    }

    /// `DelayedJoin.tryComplete`: complete the join once every member rejoined (the initial
    /// delay never completes early).
    pub(super) fn try_complete_join(&mut self, group_id: &str, now_ms: i64) {
        let group = self.group_mut(group_id);
        if group.is(ClassicGroupState::PreparingRebalance)
            && matches!(group.join_timer, Some(JoinTimer::Regular { .. }))
            && group.has_all_members_joined()
        {
            self.complete_join(group_id, now_ms);
        }
    }

    /// `onCompleteJoin` / `completeClassicGroupJoin`: drop dynamic members that did not
    /// rejoin, start the next generation and answer every parked JoinGroup (the leader gets
    /// all members' metadata).
    pub(super) fn complete_join(&mut self, group_id: &str, now_ms: i64) {
        self.group_mut(group_id).join_timer = None;
        let not_rejoined: Vec<String> = {
            let group = self.group_mut(group_id);
            group
                .members
                .iter()
                .filter(|(_, m)| !m.is_awaiting_join() && !m.is_static())
                .map(|(id, _)| id.clone())
                .collect()
        };
        for member_id in not_rejoined {
            self.group_mut(group_id).remove(&member_id);
            self.emit(
                now_ms,
                GroupEvent::MemberRemoved {
                    group_id: group_id.to_owned(),
                    member_id,
                    reason: RemovalReason::RebalanceTimeout,
                },
            );
        }
        let group = self.group_mut(group_id);
        if group.is(ClassicGroupState::Dead) {
            return;
        }
        if !group.maybe_elect_new_joined_leader() && !group.members.is_empty() {
            // "Group {} could not complete rebalance because no members rejoined": wait
            // another rebalance timeout for session expiry to remove them.
            let timeout = group.rebalance_timeout_ms();
            group.join_timer = Some(JoinTimer::Regular {
                deadline_ms: now_ms + timeout,
            });
            return;
        }
        // initNextGeneration
        group.generation_id += 1;
        let next = if group.members.is_empty() {
            group.protocol_name = None;
            ClassicGroupState::Empty
        } else {
            group.protocol_name = group.select_protocol();
            ClassicGroupState::CompletingRebalance
        };
        group.subscribed_topics = compute_subscribed_topics(group);
        self.transition(group_id, next, now_ms);
        self.store_group_record(group_id, now_ms);

        if next == ClassicGroupState::Empty {
            return;
        }
        let group = self.group_mut(group_id);
        let leader = group.leader_id.clone().unwrap_or_default();
        let generation_id = group.generation_id;
        let protocol_type = group.protocol_type.clone();
        let protocol_name = group.protocol_name.clone();
        let all_members = group.current_member_metadata();
        let mut answers = Vec::new();
        let ids = group.member_ids();
        for id in &ids {
            let member = group.member_mut(id).expect("listed member");
            member.is_new = false;
            if let Some(key) = member.awaiting_join.take() {
                answers.push((
                    key,
                    JoinGroupResponse {
                        error: ErrorCode::None,
                        generation_id,
                        protocol_type: protocol_type.clone(),
                        protocol_name: protocol_name.clone(),
                        leader: leader.clone(),
                        skip_assignment: false,
                        member_id: id.clone(),
                        members: if *id == leader {
                            all_members.clone()
                        } else {
                            Vec::new()
                        },
                    },
                ));
            }
        }
        group.num_members_awaiting_join_response = 0;
        // schedulePendingSync: members that do not sync within the rebalance timeout go.
        group.pending_sync_members = ids.iter().cloned().collect();
        group.sync_deadline_ms = Some(now_ms + group.rebalance_timeout_ms());
        for id in &ids {
            self.schedule_session(group_id, id, now_ms);
        }
        self.emit(
            now_ms,
            GroupEvent::GenerationStarted {
                group_id: group_id.to_owned(),
                generation_id,
                protocol_name,
                leader: Some(leader),
                members: ids,
            },
        );
        for (key, response) in answers {
            self.respond(key, group_id, GroupResponse::JoinGroup(response));
        }
    }

    /// `GroupMetadata` record of the group's current generation and assignments.
    pub(super) fn store_group_record(&mut self, group_id: &str, _now_ms: i64) {
        let group = self.group_mut(group_id);
        let record = CoordinatorRecord::GroupMetadata {
            group_id: group_id.to_owned(),
            generation_id: group.generation_id,
            protocol_type: group.protocol_type.clone(),
            protocol_name: group.protocol_name.clone(),
            leader: group.leader_id.clone(),
            members: group
                .members
                .iter()
                .map(|(id, m)| MemberMetadata {
                    member_id: id.clone(),
                    group_instance_id: m.group_instance_id.clone(),
                    client_id: m.client_id.clone(),
                    client_host: m.client_host.clone(),
                    rebalance_timeout_ms: m.rebalance_timeout_ms,
                    session_timeout_ms: m.session_timeout_ms,
                    subscription: group
                        .protocol_name
                        .as_deref()
                        .and_then(|p| m.metadata(p))
                        .unwrap_or_default()
                        .to_vec(),
                    assignment: m.assignment.clone(),
                })
                .collect(),
            current_state_timestamp_ms: group.current_state_timestamp_ms,
        };
        self.record(record);
    }

    /// `removeMemberAndUpdateClassicGroup`: a parked JoinGroup of the member gets
    /// `UNKNOWN_MEMBER_ID`; the group rebalances (or completes a running join).
    pub(super) fn remove_member_and_update_group(
        &mut self,
        group_id: &str,
        member_id: &str,
        reason: RemovalReason,
        why: String,
        now_ms: i64,
    ) {
        let group = self.group_mut(group_id);
        let parked_join = group
            .member_mut(member_id)
            .and_then(|m| m.awaiting_join.take());
        if parked_join.is_some() {
            group.num_members_awaiting_join_response -= 1;
        }
        group.remove(member_id);
        let state = group.state;
        if let Some(key) = parked_join {
            self.respond(
                key,
                group_id,
                GroupResponse::JoinGroup(JoinGroupResponse::error("", ErrorCode::UnknownMemberId)),
            );
        }
        self.emit(
            now_ms,
            GroupEvent::MemberRemoved {
                group_id: group_id.to_owned(),
                member_id: member_id.to_owned(),
                reason,
            },
        );
        match state {
            ClassicGroupState::Dead | ClassicGroupState::Empty => {}
            ClassicGroupState::Stable | ClassicGroupState::CompletingRebalance => {
                self.maybe_prepare_rebalance(group_id, why, now_ms);
            }
            ClassicGroupState::PreparingRebalance => self.try_complete_join(group_id, now_ms),
        }
    }

    /// When the next deadline falls: a join or sync timer, a session, a pending member id,
    /// or the periodic offset expiration (while any group exists).
    pub fn poll_timeout(&self) -> Option<i64> {
        let group_deadlines = self
            .groups
            .values()
            .flat_map(group_deadlines)
            .map(|(t, _)| t);
        let offsets = (!self.groups.is_empty()).then_some(self.next_offsets_expiration_ms);
        group_deadlines.chain(offsets).min()
    }

    /// Runs every deadline that is due at `now_ms`, earliest first.
    pub fn handle_timeout(&mut self, now_ms: i64) {
        loop {
            let next = self
                .groups
                .iter()
                .flat_map(|(id, g)| group_deadlines(g).map(move |(t, due)| (t, id.clone(), due)))
                .filter(|(t, _, _)| *t <= now_ms)
                .min();
            let offsets_due = self.next_offsets_expiration_ms <= now_ms
                && next
                    .as_ref()
                    .is_none_or(|(t, _, _)| *t >= self.next_offsets_expiration_ms);
            if offsets_due {
                let at = self.next_offsets_expiration_ms;
                self.next_offsets_expiration_ms =
                    at + self.config.offsets_retention_check_interval_ms;
                self.expire_offsets(at);
                continue;
            }
            let Some((at, group_id, due)) = next else {
                break;
            };
            match due {
                Due::Join => self.on_join_timer(&group_id, at),
                Due::Sync => self.on_sync_timer(&group_id, at),
                Due::PendingMember(member_id) => {
                    // "Pending member {} in group {} has been removed after session timeout
                    // expiration."
                    let group = self.group_mut(&group_id);
                    group.pending_join_members.remove(&member_id);
                    self.emit(
                        at,
                        GroupEvent::MemberRemoved {
                            group_id: group_id.clone(),
                            member_id,
                            reason: RemovalReason::PendingMemberExpired,
                        },
                    );
                    self.try_complete_join(&group_id, at);
                }
                Due::Heartbeat(member_id) => self.on_heartbeat_expired(&group_id, &member_id, at),
            }
        }
    }

    fn on_join_timer(&mut self, group_id: &str, now_ms: i64) {
        let group = self.group_mut(group_id);
        match group.join_timer {
            Some(JoinTimer::Initial {
                configured_delay_ms,
                remaining_ms,
                ..
            }) if group.new_member_added && remaining_ms != 0 => {
                // InitialDelayedJoin.onComplete: members keep coming, wait once more.
                group.new_member_added = false;
                let delay = configured_delay_ms.min(remaining_ms);
                let remaining = (remaining_ms - delay).max(0);
                group.join_timer = Some(JoinTimer::Initial {
                    deadline_ms: now_ms + delay,
                    configured_delay_ms,
                    remaining_ms: remaining,
                });
                self.emit(
                    now_ms,
                    GroupEvent::InitialDelayExtended {
                        group_id: group_id.to_owned(),
                        delay_ms: delay,
                        remaining_ms: remaining,
                    },
                );
            }
            _ => self.complete_join(group_id, now_ms),
        }
    }

    /// `onExpirePendingSync`: members that joined but never synced leave; the group
    /// rebalances.
    fn on_sync_timer(&mut self, group_id: &str, now_ms: i64) {
        let group = self.group_mut(group_id);
        group.sync_deadline_ms = None;
        if !(group.is(ClassicGroupState::CompletingRebalance)
            || group.is(ClassicGroupState::Stable))
            || group.pending_sync_members.is_empty()
        {
            return;
        }
        let pending: Vec<String> = std::mem::take(&mut group.pending_sync_members)
            .into_iter()
            .collect();
        for member_id in &pending {
            self.group_mut(group_id).remove(member_id);
            self.emit(
                now_ms,
                GroupEvent::MemberRemoved {
                    group_id: group_id.to_owned(),
                    member_id: member_id.clone(),
                    reason: RemovalReason::SyncTimeout,
                },
            );
        }
        self.prepare_rebalance(
            group_id,
            format!("Removing {pending:?} on pending sync request expiration"),
            now_ms,
        );
    }

    /// `onClassicGroupHeartbeatExpired`.
    fn on_heartbeat_expired(&mut self, group_id: &str, member_id: &str, now_ms: i64) {
        let group = self.group_mut(group_id);
        let Some(member) = group.member_mut(member_id) else {
            return;
        };
        member.heartbeat_deadline_ms = None;
        if member.survives_expiry() {
            // Members parked in a rebalance satisfy their heartbeats; the join or sync
            // completion restarts their session.
            return;
        }
        let reason = if member.is_new {
            RemovalReason::NewMemberJoinTimeout
        } else {
            RemovalReason::SessionTimeout
        };
        self.remove_member_and_update_group(
            group_id,
            member_id,
            reason,
            format!("removing member {member_id} on heartbeat expiration"),
            now_ms,
        );
    }

    /// `cleanupGroupMetadata`: expire offsets (`offsets.retention.minutes`), then remove
    /// empty groups that have none left.
    fn expire_offsets(&mut self, now_ms: i64) {
        let retention = self.config.offsets_retention_ms;
        let ids: Vec<String> = self.groups.keys().cloned().collect();
        for group_id in ids {
            let group = self.group_mut(&group_id);
            let expired: Vec<_> = {
                let base_state = group.current_state_timestamp_ms;
                let rule: Option<(bool, BTreeSet<String>)> = match group.protocol_type.as_deref() {
                    // Empty group with a protocol: retention counts from when it became empty.
                    Some(_) if group.is(ClassicGroupState::Empty) => Some((true, BTreeSet::new())),
                    // Stable consumer group: offsets of topics nobody subscribes to expire by
                    // their commit time (KIP-496).
                    Some(PROTOCOL_TYPE) if group.is(ClassicGroupState::Stable) => group
                        .subscribed_topics
                        .clone()
                        .map(|topics| (false, topics)),
                    // Standalone consumers (offsets only): by commit time.
                    None => Some((false, BTreeSet::new())),
                    _ => None,
                };
                match rule {
                    None => Vec::new(),
                    Some((from_state, subscribed)) => group
                        .offsets
                        .iter()
                        .filter(|(tp, o)| {
                            let base = if from_state {
                                base_state
                            } else {
                                o.commit_timestamp_ms
                            };
                            !subscribed.contains(&tp.topic) && now_ms - base >= retention
                        })
                        .map(|(tp, _)| tp.clone())
                        .collect(),
                }
            };
            for tp in &expired {
                group.offsets.remove(tp);
            }
            for tp in &expired {
                group.offset_write_seq.remove(tp);
            }
            let remove_group = group.is(ClassicGroupState::Empty)
                && group.offsets.is_empty()
                && group.pending_txn_offsets.is_empty();
            for tp in &expired {
                self.record(CoordinatorRecord::OffsetTombstone {
                    group_id: group_id.clone(),
                    topic_partition: tp.clone(),
                });
            }
            if !expired.is_empty() {
                self.emit(
                    now_ms,
                    GroupEvent::OffsetsExpired {
                        group_id: group_id.clone(),
                        partitions: expired,
                    },
                );
            }
            if remove_group {
                self.transition(&group_id, ClassicGroupState::Dead, now_ms);
                self.groups.remove(&group_id);
                self.record(CoordinatorRecord::GroupTombstone {
                    group_id: group_id.clone(),
                });
                self.emit(now_ms, GroupEvent::GroupRemoved { group_id });
            }
        }
    }

    /// A snapshot of `group_id`, if the coordinator has it.
    pub fn describe_group(&self, group_id: &str) -> Option<GroupView> {
        let group = self.groups.get(group_id)?;
        let consumer = group.protocol_type.as_deref() == Some(PROTOCOL_TYPE);
        Some(GroupView {
            group_id: group.group_id.clone(),
            state: group.state,
            generation_id: group.generation_id,
            protocol_type: group.protocol_type.clone(),
            protocol_name: group.protocol_name.clone(),
            leader: group.leader_id.clone(),
            members: group
                .members
                .iter()
                .map(|(id, m)| MemberView {
                    member_id: id.clone(),
                    group_instance_id: m.group_instance_id.clone(),
                    client_id: m.client_id.clone(),
                    client_host: m.client_host.clone(),
                    session_timeout_ms: m.session_timeout_ms,
                    rebalance_timeout_ms: m.rebalance_timeout_ms,
                    assignment: if consumer && !m.assignment.is_empty() {
                        consumer_protocol::deserialize_assignment(&m.assignment)
                            .map(|a| a.partitions)
                            .unwrap_or_default()
                    } else {
                        Vec::new()
                    },
                    awaiting_join: m.is_awaiting_join(),
                    awaiting_sync: m.is_awaiting_sync(),
                    heartbeat_deadline_ms: m.heartbeat_deadline_ms,
                })
                .collect(),
            offsets: group
                .offsets
                .iter()
                .map(|(tp, o)| CommittedOffsetView {
                    topic_partition: tp.clone(),
                    committed_offset: o.committed_offset,
                    committed_leader_epoch: o.committed_leader_epoch,
                    metadata: o.metadata.clone(),
                    commit_timestamp_ms: o.commit_timestamp_ms,
                })
                .collect(),
        })
    }

    /// Snapshots of every group, by group id.
    pub fn view(&self) -> Vec<GroupView> {
        self.groups
            .keys()
            .filter_map(|id| self.describe_group(id))
            .collect()
    }
}

/// Every running deadline of a group.
fn group_deadlines(group: &ClassicGroup) -> impl Iterator<Item = (i64, Due)> + '_ {
    let join = group.join_timer.map(|t| (t.deadline_ms(), Due::Join));
    let sync = group.sync_deadline_ms.map(|t| (t, Due::Sync));
    let pending = group
        .pending_join_members
        .iter()
        .map(|(id, &t)| (t, Due::PendingMember(id.clone())));
    let heartbeats = group.members.iter().filter_map(|(id, m)| {
        m.heartbeat_deadline_ms
            .map(|t| (t, Due::Heartbeat(id.clone())))
    });
    join.into_iter()
        .chain(sync)
        .chain(pending)
        .chain(heartbeats)
}

/// `computeSubscribedTopics` (4.x `ClassicGroup`): the topics of every member's subscription
/// for the selected protocol; none for a consumer group without members; `None` if the group
/// is not a consumer group or a subscription does not parse.
fn compute_subscribed_topics(group: &ClassicGroup) -> Option<BTreeSet<String>> {
    if group.protocol_type.as_deref() != Some(PROTOCOL_TYPE) {
        return None;
    }
    if group.members.is_empty() {
        return Some(BTreeSet::new());
    }
    let protocol = group.protocol_name.as_deref()?;
    let mut topics = BTreeSet::new();
    for (_, member) in group.members.iter() {
        let subscription =
            consumer_protocol::deserialize_subscription(member.metadata(protocol)?).ok()?;
        topics.extend(subscription.topics);
    }
    Some(topics)
}
