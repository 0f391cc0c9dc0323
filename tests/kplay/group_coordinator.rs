//! The classic group coordinator on a simulated clock: joins with `MEMBER_ID_REQUIRED`, the
//! initial rebalance delay and its extension, the leader's assignment through SyncGroup
//! (computed by the real RangeAssignor from the members' ConsumerProtocol bytes), rebalances
//! on join, session expiry, rebalance timeout, static membership, commit errors and offset
//! retention.

use kplay::engine::error_code::ErrorCode;
use kplay::engine::group::assignor::{
    assignor_by_name, ClusterMetadata, GroupSubscription, Subscription,
};
use kplay::engine::group::consumer_protocol::{
    deserialize_assignment, deserialize_subscription, serialize_assignment, serialize_subscription,
};
use kplay::engine::group::coordinator::{
    ClassicGroupState, GroupCoordinator, GroupCoordinatorConfig, GroupEvent, GroupResponse,
    RemovalReason,
};
use kplay::engine::protocol::{
    HeartbeatRequest, JoinGroupRequest, JoinGroupRequestProtocol, JoinGroupResponse,
    LeaveGroupRequest, MemberIdentity, OffsetCommitRequest, OffsetCommitRequestPartition,
    OffsetFetchRequest, SyncGroupRequest, SyncGroupRequestAssignment, SyncGroupResponse,
};
use kplay::engine::topic_partition::TopicPartition;

const GROUP: &str = "g";
const SESSION_MS: i32 = 10_000;
const REBALANCE_MS: i32 = 30_000;

struct Sim {
    coordinator: GroupCoordinator,
    now: i64,
    next_key: u64,
    /// Parked answers that came out, by request key.
    outputs: Vec<(u64, GroupResponse)>,
}

impl Sim {
    fn new() -> Self {
        Sim {
            coordinator: GroupCoordinator::new(GroupCoordinatorConfig::default(), 7, 0),
            now: 0,
            next_key: 0,
            outputs: Vec::new(),
        }
    }

    fn key(&mut self) -> u64 {
        self.next_key += 1;
        self.next_key
    }

    fn drain(&mut self) {
        while let Some(out) = self.coordinator.poll_output() {
            self.outputs.push((out.key, out.response));
        }
    }

    /// Moves the clock to `to`, running every deadline on the way.
    fn advance_to(&mut self, to: i64) {
        while let Some(t) = self.coordinator.poll_timeout() {
            if t > to {
                break;
            }
            self.now = self.now.max(t);
            self.coordinator.handle_timeout(self.now);
            self.drain();
        }
        self.now = to;
    }

    fn join_request(member_id: &str, client: &str, instance: Option<&str>) -> JoinGroupRequest {
        let subscription = Subscription::new(vec!["orders".to_owned()]);
        JoinGroupRequest {
            group_id: GROUP.to_owned(),
            session_timeout_ms: SESSION_MS,
            rebalance_timeout_ms: REBALANCE_MS,
            member_id: member_id.to_owned(),
            group_instance_id: instance.map(str::to_owned),
            protocol_type: "consumer".to_owned(),
            protocols: vec![JoinGroupRequestProtocol {
                name: "range".to_owned(),
                metadata: serialize_subscription(&subscription, 3),
            }],
            reason: None,
            require_known_member_id: true,
            client_id: client.to_owned(),
            client_host: "/127.0.0.1".to_owned(),
        }
    }

    /// Sends a JoinGroup; returns the key and the immediate answer, if any.
    fn join(
        &mut self,
        member_id: &str,
        client: &str,
        instance: Option<&str>,
    ) -> (u64, Option<JoinGroupResponse>) {
        let key = self.key();
        let request = Self::join_request(member_id, client, instance);
        let response = self.coordinator.handle_join_group(key, request, self.now);
        self.drain();
        (key, response)
    }

    /// A dynamic member's first join: `MEMBER_ID_REQUIRED`, then the join with the id.
    fn join_new(&mut self, client: &str) -> (String, u64) {
        let (_, first) = self.join("", client, None);
        let first = first.expect("answered at once");
        assert_eq!(first.error, ErrorCode::MemberIdRequired);
        assert!(first.member_id.starts_with(&format!("{client}-")));
        let (key, parked) = self.join(&first.member_id, client, None);
        assert_eq!(parked, None, "the join parks until the rebalance completes");
        (first.member_id, key)
    }

    fn join_answer(&self, key: u64) -> JoinGroupResponse {
        self.outputs
            .iter()
            .rev()
            .find_map(|(k, r)| match r {
                GroupResponse::JoinGroup(j) if *k == key => Some(j.clone()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no JoinGroup answer for key {key}"))
    }

    fn sync_answer(&self, key: u64) -> SyncGroupResponse {
        self.outputs
            .iter()
            .rev()
            .find_map(|(k, r)| match r {
                GroupResponse::SyncGroup(s) if *k == key => Some(s.clone()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no SyncGroup answer for key {key}"))
    }

    fn sync(
        &mut self,
        member_id: &str,
        generation: i32,
        assignments: Vec<SyncGroupRequestAssignment>,
    ) -> (u64, Option<SyncGroupResponse>) {
        let key = self.key();
        let response = self.coordinator.handle_sync_group(
            key,
            SyncGroupRequest {
                group_id: GROUP.to_owned(),
                generation_id: generation,
                member_id: member_id.to_owned(),
                group_instance_id: None,
                protocol_type: Some("consumer".to_owned()),
                protocol_name: Some("range".to_owned()),
                assignments,
            },
            self.now,
        );
        self.drain();
        (key, response)
    }

    /// The leader's side: decode the members' subscriptions and run the RangeAssignor.
    fn leader_assignment(
        leader_answer: &JoinGroupResponse,
        partitions: i32,
    ) -> Vec<SyncGroupRequestAssignment> {
        let group = GroupSubscription::new(leader_answer.members.iter().map(|m| {
            let mut s = deserialize_subscription(&m.metadata).expect("consumer protocol bytes");
            s.group_instance_id = m.group_instance_id.clone();
            (m.member_id.clone(), s)
        }));
        let metadata = ClusterMetadata::new([("orders".to_owned(), partitions)]);
        let result = assignor_by_name(leader_answer.protocol_name.as_deref().unwrap())
            .unwrap()
            .assign(&metadata, &group)
            .unwrap();
        result
            .assignments
            .into_iter()
            .map(|(member_id, a)| SyncGroupRequestAssignment {
                member_id,
                assignment: serialize_assignment(&a, 3),
            })
            .collect()
    }

    fn heartbeat(&mut self, member_id: &str, generation: i32, instance: Option<&str>) -> ErrorCode {
        self.coordinator
            .handle_heartbeat(
                HeartbeatRequest {
                    group_id: GROUP.to_owned(),
                    generation_id: generation,
                    member_id: member_id.to_owned(),
                    group_instance_id: instance.map(str::to_owned),
                },
                self.now,
            )
            .error
    }

    fn commit(&mut self, member_id: &str, generation: i32, offset: i64) -> ErrorCode {
        let response = self.coordinator.handle_offset_commit(
            OffsetCommitRequest {
                group_id: GROUP.to_owned(),
                generation_id_or_member_epoch: generation,
                member_id: member_id.to_owned(),
                group_instance_id: None,
                partitions: vec![OffsetCommitRequestPartition {
                    topic_partition: TopicPartition::new("orders", 0),
                    committed_offset: offset,
                    committed_leader_epoch: 0,
                    committed_metadata: None,
                }],
            },
            self.now,
        );
        response.partitions[0].1
    }

    fn state(&self) -> ClassicGroupState {
        self.coordinator
            .group_state(GROUP)
            .expect("the group exists")
    }

    fn states(&self) -> Vec<(ClassicGroupState, i32)> {
        self.coordinator
            .events()
            .iter()
            .filter_map(|e| match &e.event {
                GroupEvent::StateChanged {
                    to, generation_id, ..
                } => Some((*to, *generation_id)),
                _ => None,
            })
            .collect()
    }
}

fn partitions_of(response: &SyncGroupResponse) -> Vec<TopicPartition> {
    deserialize_assignment(&response.assignment)
        .unwrap()
        .partitions
}

/// Two members form generation 1 and get the leader's range assignment of four partitions.
fn stable_pair(sim: &mut Sim) -> (String, String) {
    let (a, key_a) = sim.join_new("consumer-a");
    assert_eq!(sim.state(), ClassicGroupState::PreparingRebalance);
    sim.now = 1_000;
    let (b, key_b) = sim.join_new("consumer-b");
    // The initial delay (3000 ms) ends at 3000, but b joined during it: one more delay.
    sim.advance_to(5_999);
    assert_eq!(sim.state(), ClassicGroupState::PreparingRebalance);
    sim.advance_to(6_000);
    assert_eq!(sim.state(), ClassicGroupState::CompletingRebalance);
    let answer_a = sim.join_answer(key_a);
    let answer_b = sim.join_answer(key_b);
    assert_eq!(answer_a.generation_id, 1);
    assert_eq!(answer_a.protocol_name.as_deref(), Some("range"));
    assert_eq!(answer_a.leader, a, "the first member is the leader");
    assert_eq!(
        answer_a.members.len(),
        2,
        "the leader gets everyone's metadata"
    );
    assert!(answer_b.members.is_empty(), "followers get no member list");

    // The follower syncs first and waits; the leader's assignment releases it.
    let (key_sync_b, parked) = sim.sync(&b, 1, vec![]);
    assert_eq!(parked, None);
    let assignments = Sim::leader_assignment(&answer_a, 4);
    let (_, leader_sync) = sim.sync(&a, 1, assignments);
    let leader_sync = leader_sync.expect("the leader's own answer is immediate");
    assert_eq!(sim.state(), ClassicGroupState::Stable);
    let follower = sim.sync_answer(key_sync_b);
    let mut all = partitions_of(&leader_sync);
    all.extend(partitions_of(&follower));
    all.sort();
    assert_eq!(
        all,
        (0..4)
            .map(|p| TopicPartition::new("orders", p))
            .collect::<Vec<_>>()
    );
    assert_eq!(partitions_of(&leader_sync).len(), 2);
    (a, b)
}

#[test]
fn two_members_join_and_the_leader_assigns() {
    let mut sim = Sim::new();
    stable_pair(&mut sim);
    assert_eq!(
        sim.states(),
        [
            (ClassicGroupState::PreparingRebalance, 0),
            (ClassicGroupState::CompletingRebalance, 1),
            (ClassicGroupState::Stable, 1)
        ]
    );
    assert!(sim.coordinator.events().iter().any(|e| matches!(
        e.event,
        GroupEvent::InitialDelayExtended {
            delay_ms: 3_000,
            ..
        }
    )));
    let view = sim.coordinator.describe_group(GROUP).unwrap();
    assert_eq!(view.members.len(), 2);
    assert!(view.members.iter().all(|m| m.assignment.len() == 2));
}

#[test]
fn a_third_member_makes_everyone_rejoin_into_the_next_generation() {
    let mut sim = Sim::new();
    let (a, b) = stable_pair(&mut sim);
    sim.now = 7_000;
    let (c, key_c) = sim.join_new("consumer-c");
    assert_eq!(sim.state(), ClassicGroupState::PreparingRebalance);
    // Members learn of the rebalance from their heartbeats.
    assert_eq!(sim.heartbeat(&a, 1, None), ErrorCode::RebalanceInProgress);
    assert_eq!(sim.heartbeat(&b, 1, None), ErrorCode::RebalanceInProgress);
    // A commit from the current generation is still accepted while preparing.
    assert_eq!(sim.commit(&a, 1, 10), ErrorCode::None);
    let (key_a, _) = sim.join(&a, "consumer-a", None);
    assert_eq!(sim.state(), ClassicGroupState::PreparingRebalance);
    let (key_b, _) = sim.join(&b, "consumer-b", None);
    // Everyone rejoined: the join completes at once.
    assert_eq!(sim.state(), ClassicGroupState::CompletingRebalance);
    let leader = sim.join_answer(key_a);
    assert_eq!(leader.generation_id, 2);
    assert_eq!(leader.members.len(), 3);
    assert_eq!(sim.join_answer(key_b).generation_id, 2);
    assert_eq!(sim.join_answer(key_c).generation_id, 2);
    // Commits wait for the assignment; old generations are refused.
    assert_eq!(sim.commit(&a, 2, 11), ErrorCode::RebalanceInProgress);
    assert_eq!(sim.commit(&a, 1, 11), ErrorCode::IllegalGeneration);
    let assignments = Sim::leader_assignment(&leader, 4);
    sim.sync(&a, 2, assignments);
    assert_eq!(sim.state(), ClassicGroupState::Stable);
    assert_eq!(sim.commit(&c, 1, 12), ErrorCode::IllegalGeneration);
    assert_eq!(sim.commit(&c, 2, 12), ErrorCode::None);
    assert_eq!(sim.commit("nobody", 2, 12), ErrorCode::UnknownMemberId);
    let fetched = sim.coordinator.handle_offset_fetch(&OffsetFetchRequest {
        group_id: GROUP.to_owned(),
        partitions: Some(vec![
            TopicPartition::new("orders", 0),
            TopicPartition::new("orders", 3),
        ]),
        require_stable: false,
    });
    assert_eq!(fetched.partitions[0].committed_offset, 12);
    assert_eq!(fetched.partitions[1].committed_offset, -1);
}

#[test]
fn a_member_that_stops_heartbeating_is_removed_after_the_session_timeout() {
    let mut sim = Sim::new();
    let (a, b) = stable_pair(&mut sim);
    // a keeps heartbeating, b goes silent after its sync at t=6000.
    for t in (9_000..=15_000).step_by(3_000) {
        sim.advance_to(t);
        assert_eq!(sim.heartbeat(&a, 1, None), ErrorCode::None);
    }
    sim.advance_to(15_999);
    assert_eq!(sim.state(), ClassicGroupState::Stable);
    sim.advance_to(16_000);
    assert_eq!(sim.state(), ClassicGroupState::PreparingRebalance);
    assert!(sim.coordinator.events().iter().any(|e| e.event
        == GroupEvent::MemberRemoved {
            group_id: GROUP.to_owned(),
            member_id: b.clone(),
            reason: RemovalReason::SessionTimeout
        }));
    assert_eq!(sim.heartbeat(&b, 1, None), ErrorCode::UnknownMemberId);
    let (key_a, _) = sim.join(&a, "consumer-a", None);
    let answer = sim.join_answer(key_a);
    assert_eq!(answer.generation_id, 2);
    assert_eq!(answer.members.len(), 1);
}

#[test]
fn a_member_that_does_not_rejoin_is_dropped_at_the_rebalance_timeout() {
    let mut sim = Sim::new();
    let (a, b) = stable_pair(&mut sim);
    sim.now = 7_000;
    let (key_a, _) = sim.join(&a, "consumer-a", None); // the leader rejoins: rebalance
    assert_eq!(sim.state(), ClassicGroupState::PreparingRebalance);
    // b never rejoins (its poll loop is stuck) but keeps its session alive.
    for t in (8_000..37_000).step_by(3_000) {
        sim.advance_to(t);
        assert_eq!(sim.heartbeat(&b, 1, None), ErrorCode::RebalanceInProgress);
    }
    sim.advance_to(7_000 + i64::from(REBALANCE_MS));
    assert_eq!(sim.state(), ClassicGroupState::CompletingRebalance);
    let answer = sim.join_answer(key_a);
    assert_eq!(answer.generation_id, 2);
    assert_eq!(
        answer
            .members
            .iter()
            .map(|m| m.member_id.clone())
            .collect::<Vec<_>>(),
        [a]
    );
    assert!(sim.coordinator.events().iter().any(|e| matches!(
        &e.event,
        GroupEvent::MemberRemoved { member_id, reason: RemovalReason::RebalanceTimeout, .. } if *member_id == b
    )));
}

#[test]
fn a_restarted_static_member_gets_its_partitions_back_without_a_rebalance() {
    let mut sim = Sim::new();
    let (key_a, _) = sim.join("", "consumer-a", Some("instance-a"));
    let (key_b, _) = sim.join("", "consumer-b", Some("instance-b"));
    sim.advance_to(6_000);
    let answer_a = sim.join_answer(key_a);
    let answer_b = sim.join_answer(key_b);
    let (a, b) = (answer_a.member_id.clone(), answer_b.member_id.clone());
    let leader = if answer_a.members.is_empty() {
        answer_b.clone()
    } else {
        answer_a.clone()
    };
    let follower = if leader.member_id == a {
        b.clone()
    } else {
        a.clone()
    };
    let (key_f, _) = sim.sync(&follower, 1, vec![]);
    let (_, leader_sync) = sim.sync(&leader.member_id, 1, Sim::leader_assignment(&leader, 4));
    assert_eq!(sim.state(), ClassicGroupState::Stable);
    let before_a = if leader.member_id == a {
        partitions_of(&leader_sync.unwrap())
    } else {
        partitions_of(&sim.sync_answer(key_f))
    };
    let states_before = sim.states().len();

    // consumer-a crashes and restarts within the session timeout: a new member id, the same
    // group.instance.id.
    sim.advance_to(9_000);
    assert_eq!(sim.heartbeat(&b, 1, Some("instance-b")), ErrorCode::None);
    let (_, rejoin) = sim.join("", "consumer-a", Some("instance-a"));
    let rejoin = rejoin.expect("a Stable group answers the static rejoin at once");
    assert_eq!(rejoin.error, ErrorCode::None);
    assert_ne!(rejoin.member_id, a);
    assert_eq!(rejoin.generation_id, 1, "no new generation");
    assert_eq!(
        rejoin.leader, leader.member_id,
        "the old leader id, so no reassignment"
    );
    let (_, sync) = sim.sync(&rejoin.member_id, 1, vec![]);
    assert_eq!(partitions_of(&sync.unwrap()), before_a);
    assert_eq!(sim.state(), ClassicGroupState::Stable);
    assert_eq!(sim.states().len(), states_before, "no state change at all");
    // The old incarnation is fenced.
    assert_eq!(
        sim.heartbeat(&a, 1, Some("instance-a")),
        ErrorCode::FencedInstanceId
    );
    assert!(sim.coordinator.events().iter().any(|e| matches!(
        &e.event,
        GroupEvent::StaticMemberReplaced { old_member_id, .. } if *old_member_id == a
    )));
}

#[test]
fn offsets_of_an_empty_group_expire_after_the_retention_and_the_group_goes() {
    let mut sim = Sim::new();
    let (a, b) = stable_pair(&mut sim);
    assert_eq!(sim.commit(&a, 1, 42), ErrorCode::None);
    for m in [&a, &b] {
        let response = sim.coordinator.handle_leave_group(
            LeaveGroupRequest {
                group_id: GROUP.to_owned(),
                members: vec![MemberIdentity {
                    member_id: m.clone(),
                    group_instance_id: None,
                    reason: None,
                }],
            },
            sim.now,
        );
        assert_eq!(response.members[0].error, ErrorCode::None);
    }
    assert_eq!(sim.state(), ClassicGroupState::Empty);
    let emptied_at = sim.now;
    let retention = sim.coordinator.config().offsets_retention_ms;
    sim.advance_to(emptied_at + retention - 1);
    assert_eq!(sim.state(), ClassicGroupState::Empty);
    sim.advance_to(emptied_at + retention + 600_000);
    assert_eq!(sim.coordinator.group_state(GROUP), None);
    // A commit with generation -1 (a standalone consumer) recreates it.
    assert_eq!(sim.commit("", -1, 5), ErrorCode::None);
    assert_eq!(sim.commit("", 3, 5), ErrorCode::UnknownMemberId);
}
