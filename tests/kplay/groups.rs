//! Consumer groups through the broker, with real requests on the simulated clock:
//! FindCoordinator creates `__consumer_offsets`; members join (parked until the initial
//! rebalance delay), sync the RangeAssignor's assignment and heartbeat; offsets are committed,
//! fetched, and found in `__consumer_offsets` as Kafka's bytes; a silent member's session
//! expires; the admin calls of `kafka-consumer-groups.sh` list, describe, reset and delete;
//! TxnOffsetCommit offsets wait for their transaction's marker.

use kplay::engine::cluster::ClusterConfig;
use kplay::engine::error_code::ErrorCode;
use kplay::engine::event::Event;
use kplay::engine::group::assignor::{
    assignor_by_name, ClusterMetadata, GroupSubscription, Subscription,
};
use kplay::engine::group::broker::ResetOffsetsError;
use kplay::engine::group::consumer_protocol::{
    deserialize_subscription, serialize_assignment, serialize_subscription,
};
use kplay::engine::group::coordinator::log_schema::from_bytes;
use kplay::engine::group::coordinator::offsets::CoordinatorRecord;
use kplay::engine::group::coordinator::{ClassicGroupState, GroupEvent, RemovalReason};
use kplay::engine::kafka_apis::Reply;
use kplay::engine::log::partition_log::FetchUpperBound;
use kplay::engine::protocol::{
    AddOffsetsToTxnRequest, CoordinatorType, EndTxnRequest, FindCoordinatorRequest,
    HeartbeatRequest, InitProducerIdRequest, JoinGroupRequest, JoinGroupRequestProtocol,
    JoinGroupResponse, LeaveGroupRequest, MemberIdentity, OffsetCommitRequest,
    OffsetCommitRequestPartition, OffsetFetchRequest, Request, Response, SyncGroupRequest,
    SyncGroupRequestAssignment, SyncGroupResponse, TxnOffsetCommitRequest,
};
use kplay::engine::record::{batches, BatchBuilder, Compression, RecordBatch, TimestampType};
use kplay::engine::topic_partition::TopicPartition;

use crate::harness::Harness;
use crate::idempotence::create;

const GROUP: &str = "g";
const TOPIC: &str = "orders";
const SESSION_MS: i32 = 10_000;
const REBALANCE_MS: i32 = 30_000;

/// A harness that sends requests to one broker with keys, keeping parked answers.
struct Groups {
    h: Harness,
    broker: i32,
    next_key: u64,
    delayed: Vec<(u64, Response)>,
}

impl Groups {
    fn new() -> Self {
        let mut h = Harness::new(21);
        create(&mut h, TOPIC, 3, &[]);
        let mut g = Groups {
            h,
            broker: 0,
            next_key: 0,
            delayed: Vec::new(),
        };
        assert_eq!(g.find(GROUP).0, ErrorCode::CoordinatorNotAvailable);
        assert_eq!(g.find(GROUP), (ErrorCode::None, 0));
        g
    }

    fn drain(&mut self) {
        while let Some(d) = self.h.cluster.poll_delayed_response() {
            self.delayed.push(d);
        }
        self.h.collect();
    }

    fn send(&mut self, request: Request) -> (u64, Reply) {
        self.next_key += 1;
        let key = self.next_key;
        let now = self.h.now_ms();
        let reply = self
            .h
            .cluster
            .handle_request_keyed(self.broker, key, request, now);
        self.drain();
        (key, reply)
    }

    fn now(&mut self, request: Request) -> Response {
        match self.send(request).1 {
            Reply::Now(r) => r,
            other => panic!("expected an answer now, got {other:?}"),
        }
    }

    fn sleep(&mut self, ms: i64) {
        self.h.sleep(ms);
        self.drain();
    }

    fn find(&mut self, group: &str) -> (ErrorCode, i32) {
        match self.now(Request::FindCoordinator(FindCoordinatorRequest {
            key: group.to_owned(),
            key_type: CoordinatorType::Group,
        })) {
            Response::FindCoordinator(r) => (r.error, r.node_id),
            other => panic!("{other:?}"),
        }
    }

    fn join_request(member_id: &str, client: &str) -> Request {
        let subscription = Subscription::new(vec![TOPIC.to_owned()]);
        Request::JoinGroup(JoinGroupRequest {
            group_id: GROUP.to_owned(),
            session_timeout_ms: SESSION_MS,
            rebalance_timeout_ms: REBALANCE_MS,
            member_id: member_id.to_owned(),
            group_instance_id: None,
            protocol_type: "consumer".to_owned(),
            protocols: vec![JoinGroupRequestProtocol {
                name: "range".to_owned(),
                metadata: serialize_subscription(&subscription, 3),
            }],
            reason: None,
            require_known_member_id: true,
            client_id: client.to_owned(),
            client_host: "/10.0.0.1".to_owned(),
        })
    }

    /// `MEMBER_ID_REQUIRED`, then the join with that id, which parks: (member id, key).
    fn join_new(&mut self, client: &str) -> (String, u64) {
        let Response::JoinGroup(first) = self.now(Self::join_request("", client)) else {
            panic!("a JoinGroup answer")
        };
        assert_eq!(first.error, ErrorCode::MemberIdRequired);
        let (key, reply) = self.send(Self::join_request(&first.member_id, client));
        assert_eq!(
            reply,
            Reply::Later,
            "the join parks until the rebalance completes"
        );
        (first.member_id, key)
    }

    fn delayed_join(&self, key: u64) -> JoinGroupResponse {
        self.delayed
            .iter()
            .rev()
            .find_map(|(k, r)| match r {
                Response::JoinGroup(j) if *k == key => Some(j.clone()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no parked JoinGroup answered for key {key}"))
    }

    fn delayed_sync(&self, key: u64) -> Option<SyncGroupResponse> {
        self.delayed.iter().rev().find_map(|(k, r)| match r {
            Response::SyncGroup(s) if *k == key => Some(s.clone()),
            _ => None,
        })
    }

    /// A SyncGroup's answer, now or once parked.
    fn sync(
        &mut self,
        member_id: &str,
        generation: i32,
        assignments: Vec<SyncGroupRequestAssignment>,
    ) -> (u64, Option<SyncGroupResponse>) {
        let (key, reply) = self.send(Request::SyncGroup(SyncGroupRequest {
            group_id: GROUP.to_owned(),
            generation_id: generation,
            member_id: member_id.to_owned(),
            group_instance_id: None,
            protocol_type: Some("consumer".to_owned()),
            protocol_name: Some("range".to_owned()),
            assignments,
        }));
        match reply {
            Reply::Now(Response::SyncGroup(s)) => (key, Some(s)),
            Reply::Later => (key, self.delayed_sync(key)),
            other => panic!("{other:?}"),
        }
    }

    fn heartbeat(&mut self, member_id: &str, generation: i32) -> ErrorCode {
        match self.now(Request::Heartbeat(HeartbeatRequest {
            group_id: GROUP.to_owned(),
            generation_id: generation,
            member_id: member_id.to_owned(),
            group_instance_id: None,
        })) {
            Response::Heartbeat(r) => r.error,
            other => panic!("{other:?}"),
        }
    }

    fn commit(
        &mut self,
        member_id: &str,
        generation: i32,
        offsets: &[(i32, i64)],
    ) -> Vec<ErrorCode> {
        match self.now(Request::OffsetCommit(OffsetCommitRequest {
            group_id: GROUP.to_owned(),
            generation_id_or_member_epoch: generation,
            member_id: member_id.to_owned(),
            group_instance_id: None,
            partitions: offsets
                .iter()
                .map(|&(p, o)| OffsetCommitRequestPartition {
                    topic_partition: TopicPartition::new(TOPIC, p),
                    committed_offset: o,
                    committed_leader_epoch: 0,
                    committed_metadata: Some(format!("m{p}")),
                })
                .collect(),
        })) {
            Response::OffsetCommit(r) => r.partitions.into_iter().map(|(_, e)| e).collect(),
            other => panic!("{other:?}"),
        }
    }

    fn fetch_offsets(&mut self) -> Vec<(i32, i64)> {
        match self.now(Request::OffsetFetch(OffsetFetchRequest {
            group_id: GROUP.to_owned(),
            partitions: Some((0..3).map(|p| TopicPartition::new(TOPIC, p)).collect()),
            require_stable: false,
        })) {
            Response::OffsetFetch(r) => {
                assert_eq!(r.error, ErrorCode::None);
                r.partitions
                    .into_iter()
                    .map(|p| (p.topic_partition.partition, p.committed_offset))
                    .collect()
            }
            other => panic!("{other:?}"),
        }
    }

    /// The leader's side: decode the members' subscriptions and run the RangeAssignor.
    fn leader_assignment(leader_answer: &JoinGroupResponse) -> Vec<SyncGroupRequestAssignment> {
        let group = GroupSubscription::new(leader_answer.members.iter().map(|m| {
            let s = deserialize_subscription(&m.metadata).expect("consumer protocol bytes");
            (m.member_id.clone(), s)
        }));
        let metadata = ClusterMetadata::new([(TOPIC.to_owned(), 3)]);
        assignor_by_name("range")
            .unwrap()
            .assign(&metadata, &group)
            .unwrap()
            .assignments
            .into_iter()
            .map(|(member_id, a)| SyncGroupRequestAssignment {
                member_id,
                assignment: serialize_assignment(&a, 3),
            })
            .collect()
    }

    /// Two members through the initial delay and the leader's SyncGroup: (leader, follower,
    /// generation).
    fn stable_pair(&mut self) -> (String, String, i32) {
        let (a, key_a) = self.join_new("consumer-a");
        let (b, key_b) = self.join_new("consumer-b");
        assert_eq!(self.state(), ClassicGroupState::PreparingRebalance);
        // group.initial.rebalance.delay.ms (3 s), extended once because b joined during it.
        self.sleep(3_000);
        assert_eq!(self.state(), ClassicGroupState::PreparingRebalance);
        self.sleep(3_000);
        assert_eq!(self.state(), ClassicGroupState::CompletingRebalance);
        let (ja, jb) = (self.delayed_join(key_a), self.delayed_join(key_b));
        assert_eq!((ja.error, jb.error), (ErrorCode::None, ErrorCode::None));
        assert_eq!(ja.generation_id, 1);
        let (leader, follower, leader_answer) = if ja.leader == a {
            (a, b, ja)
        } else {
            (b, a, jb)
        };
        assert_eq!(
            leader_answer.members.len(),
            2,
            "the leader gets every member"
        );
        let (follower_key, parked) = self.sync(&follower, 1, Vec::new());
        assert_eq!(
            parked, None,
            "a follower's SyncGroup waits for the leader's"
        );
        let (_, leader_sync) = self.sync(&leader, 1, Self::leader_assignment(&leader_answer));
        let leader_sync = leader_sync.expect("the leader's sync is answered");
        assert_eq!(leader_sync.error, ErrorCode::None);
        let follower_sync = self.delayed_sync(follower_key).expect("answered");
        assert_eq!(follower_sync.error, ErrorCode::None);
        assert!(!follower_sync.assignment.is_empty());
        assert_eq!(self.state(), ClassicGroupState::Stable);
        (leader, follower, 1)
    }

    fn state(&self) -> ClassicGroupState {
        self.h
            .cluster
            .group_coordinator()
            .group_state(GROUP)
            .expect("the group exists")
    }

    /// Every data record of the group's `__consumer_offsets` partition, decoded, by offset.
    fn offsets_log(&self) -> Vec<(i64, CoordinatorRecord)> {
        let tp = self.h.cluster.group_topic_partition(GROUP);
        let data = self
            .h
            .cluster
            .fetch(&tp, 0, usize::MAX, FetchUpperBound::Hw)
            .unwrap();
        let mut out = Vec::new();
        for raw in batches(&data.records) {
            let batch = RecordBatch::decode(raw.unwrap().bytes()).unwrap();
            if batch.header.attributes.is_control {
                // Transaction markers, as the coordinator's loader skips them.
                continue;
            }
            for record in &batch.records {
                let decoded =
                    from_bytes(record.key.as_deref().unwrap(), record.value.as_deref()).unwrap();
                out.push((batch.record_offset(record), decoded));
            }
        }
        out
    }

    fn group_events(&self) -> Vec<GroupEvent> {
        self.h
            .events
            .iter()
            .filter_map(|(_, e)| match e {
                Event::Group(g) => Some(g.clone()),
                _ => None,
            })
            .collect()
    }
}

/// A describe row: partition, committed offset, log end offset, lag, assigned to a member.
type Row = (i32, Option<i64>, Option<i64>, Option<i64>, bool);

fn produce_records(g: &mut Groups, partition: i32, count: usize) {
    let now = g.h.now_ms();
    let mut builder = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 0, now);
    for i in 0..count {
        builder.append(now, None, Some(format!("v{i}").as_bytes()), &[]);
    }
    g.h.cluster
        .produce(
            &TopicPartition::new(TOPIC, partition),
            &builder.build(),
            now,
        )
        .unwrap();
}

#[test]
fn find_coordinator_creates_consumer_offsets_like_kafka() {
    let mut h = Harness::new(3);
    // Before the topic exists no broker coordinates any group.
    let before = h.cluster.handle_request(
        Request::Heartbeat(HeartbeatRequest {
            group_id: GROUP.to_owned(),
            generation_id: 1,
            member_id: "m".to_owned(),
            group_instance_id: None,
        }),
        h.now_ms(),
    );
    assert!(matches!(
        before,
        Some(Response::Heartbeat(r)) if r.error == ErrorCode::NotCoordinator
    ));
    let g = Groups::new();
    let meta =
        g.h.cluster
            .registry()
            .describe_topic("__consumer_offsets")
            .unwrap();
    assert!(meta.is_internal());
    assert_eq!(meta.partition_count(), 50);
    assert_eq!(meta.replication_factor(), 1, "min(3, one live broker)");
    let configs: Vec<(&str, &str)> = meta.configs.iter().collect();
    for expected in [
        ("cleanup.policy", "compact"),
        ("compression.type", "producer"),
        ("segment.bytes", "104857600"),
    ] {
        assert!(configs.contains(&expected), "{expected:?} in {configs:?}");
    }
    // "g".hashCode() = 103; 103 % 50 = 3.
    assert_eq!(g.h.cluster.group_partition_for(GROUP), 3);
}

#[test]
fn only_the_leader_of_the_group_partition_coordinates_it() {
    let mut config = ClusterConfig::with_seed(5);
    config.broker_ids = vec![0, 1, 2];
    let mut h = Harness::with_config(config);
    let find = Request::FindCoordinator(FindCoordinatorRequest {
        key: GROUP.to_owned(),
        key_type: CoordinatorType::Group,
    });
    let now = h.now_ms();
    h.cluster.handle_request(find.clone(), now);
    let Some(Response::FindCoordinator(found)) = h.cluster.handle_request(find, now) else {
        panic!("a FindCoordinator answer")
    };
    assert_eq!(found.error, ErrorCode::None);
    let meta = h
        .cluster
        .registry()
        .describe_topic("__consumer_offsets")
        .unwrap();
    assert_eq!(meta.replication_factor(), 3);
    let leader = meta.replicas[3][0];
    assert_eq!(found.node_id, leader);
    for broker in [0, 1, 2] {
        let reply = h
            .cluster
            .handle_request_keyed(broker, 1, Groups::join_request("", "c"), now);
        let Reply::Now(Response::JoinGroup(r)) = reply else {
            panic!("{reply:?}")
        };
        let expected = if broker == leader {
            ErrorCode::MemberIdRequired
        } else {
            ErrorCode::NotCoordinator
        };
        assert_eq!(r.error, expected, "broker {broker}");
    }
}

#[test]
fn two_members_join_sync_and_heartbeat() {
    let mut g = Groups::new();
    let (leader, follower, generation) = g.stable_pair();
    assert_eq!(g.heartbeat(&leader, generation), ErrorCode::None);
    assert_eq!(g.heartbeat(&follower, generation), ErrorCode::None);
    assert_eq!(
        g.heartbeat(&follower, generation + 1),
        ErrorCode::IllegalGeneration
    );
    assert_eq!(
        g.heartbeat("stranger", generation),
        ErrorCode::UnknownMemberId
    );
    let description = g.h.cluster.describe_group(GROUP).unwrap();
    assert_eq!(description.group.protocol_name.as_deref(), Some("range"));
    let mut assigned: Vec<TopicPartition> = description
        .group
        .members
        .iter()
        .flat_map(|m| m.assignment.clone())
        .collect();
    assigned.sort();
    assert_eq!(
        assigned,
        (0..3)
            .map(|p| TopicPartition::new(TOPIC, p))
            .collect::<Vec<_>>()
    );
    // The coordinator's events are in the cluster's log, in order.
    let events = g.group_events();
    let generation_started = events
        .iter()
        .position(|e| {
            matches!(
                e,
                GroupEvent::GenerationStarted {
                    generation_id: 1,
                    ..
                }
            )
        })
        .unwrap();
    let assignment = events
        .iter()
        .position(|e| matches!(e, GroupEvent::AssignmentReceived { .. }))
        .unwrap();
    assert!(generation_started < assignment);
    assert!(events
        .iter()
        .any(|e| matches!(e, GroupEvent::InitialDelayExtended { .. })));
}

#[test]
fn committed_offsets_are_fetched_and_land_in_consumer_offsets() {
    let mut g = Groups::new();
    let (leader, _, generation) = g.stable_pair();
    assert_eq!(
        g.commit(&leader, generation, &[(0, 5), (1, 7), (2, 9)]),
        vec![ErrorCode::None; 3]
    );
    assert_eq!(g.fetch_offsets(), vec![(0, 5), (1, 7), (2, 9)]);
    let log = g.offsets_log();
    // The generation's GroupMetadata (empty assignments), the assignment's, then the commit.
    let group_records: Vec<_> = log
        .iter()
        .filter_map(|(_, r)| match r {
            CoordinatorRecord::GroupMetadata {
                generation_id,
                members,
                ..
            } => Some((
                *generation_id,
                members.iter().all(|m| m.assignment.is_empty()),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(group_records, vec![(1, true), (1, false)]);
    let commits: Vec<(i64, i32, i64, String)> = log
        .iter()
        .filter_map(|(offset, r)| match r {
            CoordinatorRecord::OffsetCommit {
                group_id,
                topic_partition,
                offset: o,
            } => {
                assert_eq!(group_id, GROUP);
                Some((
                    *offset,
                    topic_partition.partition,
                    o.committed_offset,
                    o.metadata.clone(),
                ))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        commits,
        vec![
            (2, 0, 5, "m0".to_owned()),
            (3, 1, 7, "m1".to_owned()),
            (4, 2, 9, "m2".to_owned())
        ]
    );
    // One OffsetCommit request is one batch, as Kafka writes it.
    let tp = g.h.cluster.group_topic_partition(GROUP);
    let data =
        g.h.cluster
            .fetch(&tp, 2, usize::MAX, FetchUpperBound::Hw)
            .unwrap();
    let first =
        RecordBatch::decode(batches(&data.records).next().unwrap().unwrap().bytes()).unwrap();
    assert_eq!(first.records.len(), 3);
    // Other partitions of __consumer_offsets stay empty.
    let other = kplay::engine::topic_partition::TopicPartition::new("__consumer_offsets", 0);
    assert_eq!(g.h.cluster.log(&other).unwrap().leo(), 0);
}

#[test]
fn session_timeout_removes_a_silent_member_and_rebalances() {
    let mut g = Groups::new();
    let (leader, follower, generation) = g.stable_pair();
    // Only the leader heartbeats; the follower's 10 s session runs out.
    for _ in 0..4 {
        g.sleep(3_000);
        let error = g.heartbeat(&leader, generation);
        if g.state() == ClassicGroupState::PreparingRebalance {
            assert_eq!(error, ErrorCode::RebalanceInProgress);
            break;
        }
        assert_eq!(error, ErrorCode::None);
    }
    assert_eq!(g.state(), ClassicGroupState::PreparingRebalance);
    assert!(g.group_events().contains(&GroupEvent::MemberRemoved {
        group_id: GROUP.to_owned(),
        member_id: follower.clone(),
        reason: RemovalReason::SessionTimeout,
    }));
    // The leader rejoins; being the only member, the join completes at once.
    let (key, reply) = g.send(Groups::join_request(&leader, "consumer-a"));
    let answer = match reply {
        Reply::Now(Response::JoinGroup(j)) => j,
        Reply::Later => g.delayed_join(key),
        other => panic!("{other:?}"),
    };
    assert_eq!(answer.error, ErrorCode::None);
    assert_eq!(answer.generation_id, 2);
    assert_eq!(answer.leader, leader);
    assert_eq!(answer.members.len(), 1);
}

#[test]
fn admin_lists_describes_resets_and_deletes_like_consumer_group_command() {
    let mut g = Groups::new();
    let (leader, follower, generation) = g.stable_pair();
    produce_records(&mut g, 0, 10);
    produce_records(&mut g, 1, 4);
    g.commit(&leader, generation, &[(0, 6), (1, 4)]);

    let listing = g.h.cluster.list_groups();
    assert_eq!(listing.len(), 1);
    assert_eq!(
        (
            listing[0].group_id.as_str(),
            listing[0].state,
            listing[0].protocol_type.as_str()
        ),
        (GROUP, ClassicGroupState::Stable, "consumer")
    );

    let description = g.h.cluster.describe_group(GROUP).unwrap();
    assert_eq!(description.group.state, ClassicGroupState::Stable);
    let rows: Vec<Row> = description
        .partitions
        .iter()
        .map(|p| {
            (
                p.topic_partition.partition,
                p.committed_offset,
                p.log_end_offset,
                p.lag,
                p.client_id.is_some(),
            )
        })
        .collect();
    let mut sorted = rows.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        vec![
            (0, Some(6), Some(10), Some(4), true),
            (1, Some(4), Some(4), Some(0), true),
            (2, None, Some(0), None, true),
        ]
    );
    assert_eq!(g.h.cluster.describe_group("nobody"), None);

    let now = g.h.now_ms();
    let refused =
        g.h.cluster
            .reset_group_offsets(GROUP, &[(TopicPartition::new(TOPIC, 0), 0)], now);
    assert_eq!(
        refused.unwrap_err().to_string(),
        "Assignments can only be reset if the group 'g' is inactive, but the current state is Stable."
    );
    assert!(matches!(
        g.h.cluster.reset_group_offsets(GROUP, &[], now),
        Err(ResetOffsetsError::GroupActive { .. })
    ));
    let refused = g.h.cluster.delete_group(GROUP, now).unwrap_err();
    assert_eq!(refused.code, ErrorCode::NonEmptyGroup);
    assert_eq!(refused.message, "The group is not empty.");

    // Both members leave; the group is Empty and keeps its offsets.
    let Response::LeaveGroup(left) = g.now(Request::LeaveGroup(LeaveGroupRequest {
        group_id: GROUP.to_owned(),
        members: [&leader, &follower]
            .iter()
            .map(|m| MemberIdentity {
                member_id: m.to_string(),
                group_instance_id: None,
                reason: None,
            })
            .collect(),
    })) else {
        panic!("a LeaveGroup answer")
    };
    assert_eq!(left.error, ErrorCode::None);
    assert_eq!(g.state(), ClassicGroupState::Empty);

    let now = g.h.now_ms();
    let reset =
        g.h.cluster
            .reset_group_offsets(GROUP, &[(TopicPartition::new(TOPIC, 0), 2)], now)
            .unwrap();
    assert_eq!(
        reset,
        vec![(TopicPartition::new(TOPIC, 0), ErrorCode::None)]
    );
    g.drain();
    assert_eq!(g.fetch_offsets(), vec![(0, 2), (1, 4), (2, -1)]);
    let description = g.h.cluster.describe_group(GROUP).unwrap();
    assert!(description.partitions.iter().all(|p| p.member_id.is_none()));
    assert_eq!(description.partitions[0].lag, Some(8));

    // Resetting a group that does not exist creates it, as alterConsumerGroupOffsets does.
    let now = g.h.now_ms();
    g.h.cluster
        .reset_group_offsets("fresh", &[(TopicPartition::new(TOPIC, 1), 1)], now)
        .unwrap();
    assert_eq!(g.h.cluster.list_groups().len(), 2);

    g.h.cluster.delete_group(GROUP, now).unwrap();
    g.drain();
    assert_eq!(
        g.h.cluster
            .list_groups()
            .iter()
            .map(|l| l.group_id.as_str())
            .collect::<Vec<_>>(),
        vec!["fresh"]
    );
    let tail: Vec<CoordinatorRecord> = g
        .offsets_log()
        .into_iter()
        .rev()
        .take(3)
        .map(|(_, r)| r)
        .collect();
    assert_eq!(
        tail[0],
        CoordinatorRecord::GroupTombstone {
            group_id: GROUP.to_owned()
        }
    );
    assert!(tail[1..]
        .iter()
        .all(|r| matches!(r, CoordinatorRecord::OffsetTombstone { .. })));
    let gone = g.h.cluster.delete_group(GROUP, now).unwrap_err();
    assert_eq!(gone.code, ErrorCode::GroupIdNotFound);
    assert!(g.group_events().contains(&GroupEvent::GroupDeleted {
        group_id: GROUP.to_owned(),
        offsets_deleted: 2,
    }));
}

#[test]
fn admin_calls_on_a_fresh_cluster_create_consumer_offsets_first() {
    let mut h = Harness::new(9);
    create(&mut h, TOPIC, 1, &[]);
    let now = h.now_ms();
    assert_eq!(
        h.cluster.delete_group(GROUP, now).unwrap_err().code,
        ErrorCode::GroupIdNotFound
    );
    let reset = h
        .cluster
        .reset_group_offsets(GROUP, &[(TopicPartition::new(TOPIC, 0), 0)], now)
        .unwrap();
    assert_eq!(reset[0].1, ErrorCode::None);
    assert_eq!(
        h.cluster.describe_group(GROUP).unwrap().group.state,
        ClassicGroupState::Empty
    );
}

#[test]
fn group_apis_refuse_an_empty_group_id() {
    let mut g = Groups::new();
    let Request::JoinGroup(mut join) = Groups::join_request("", "c") else {
        unreachable!()
    };
    join.group_id = String::new();
    let Response::JoinGroup(r) = g.now(Request::JoinGroup(join)) else {
        panic!("a JoinGroup answer")
    };
    assert_eq!(r.error, ErrorCode::InvalidGroupId);
}

const TXN_ID: &str = "copier-tx";

/// A transactional producer initialised with `__transaction_state`: (producer id, epoch).
fn init_transactional(g: &mut Groups) -> (i64, i16) {
    for expected in [ErrorCode::CoordinatorNotAvailable, ErrorCode::None] {
        let Response::FindCoordinator(r) =
            g.now(Request::FindCoordinator(FindCoordinatorRequest {
                key: TXN_ID.to_owned(),
                key_type: CoordinatorType::Transaction,
            }))
        else {
            panic!("a FindCoordinator answer")
        };
        assert_eq!(r.error, expected);
    }
    let Response::InitProducerId(r) = g.now(Request::InitProducerId(InitProducerIdRequest {
        transactional_id: Some(TXN_ID.to_owned()),
        transaction_timeout_ms: 60_000,
        producer_id: -1,
        producer_epoch: -1,
    })) else {
        panic!("an InitProducerId answer")
    };
    assert_eq!(r.error, ErrorCode::None);
    (r.producer_id, r.producer_epoch)
}

fn add_offsets(g: &mut Groups, pid: i64, epoch: i16) {
    let Response::AddOffsetsToTxn(r) = g.now(Request::AddOffsetsToTxn(AddOffsetsToTxnRequest {
        transactional_id: TXN_ID.to_owned(),
        producer_id: pid,
        producer_epoch: epoch,
        group_id: GROUP.to_owned(),
    })) else {
        panic!("an AddOffsetsToTxn answer")
    };
    assert_eq!(r.error, ErrorCode::None);
}

fn txn_commit_offset(g: &mut Groups, pid: i64, epoch: i16, offset: i64) -> ErrorCode {
    let Response::TxnOffsetCommit(r) = g.now(Request::TxnOffsetCommit(TxnOffsetCommitRequest {
        transactional_id: TXN_ID.to_owned(),
        group_id: GROUP.to_owned(),
        producer_id: pid,
        producer_epoch: epoch,
        generation_id: -1,
        member_id: String::new(),
        group_instance_id: None,
        partitions: vec![OffsetCommitRequestPartition {
            topic_partition: TopicPartition::new(TOPIC, 0),
            committed_offset: offset,
            committed_leader_epoch: -1,
            committed_metadata: None,
        }],
    })) else {
        panic!("a TxnOffsetCommit answer")
    };
    r.partitions[0].1
}

fn end_txn(g: &mut Groups, pid: i64, epoch: i16, committed: bool) {
    let Response::EndTxn(r) = g.now(Request::EndTxn(EndTxnRequest {
        transactional_id: TXN_ID.to_owned(),
        producer_id: pid,
        producer_epoch: epoch,
        committed,
    })) else {
        panic!("an EndTxn answer")
    };
    assert_eq!(r.error, ErrorCode::None);
    // The markers are written by the coordinator's next run, due now.
    g.sleep(0);
}

fn stable_fetch(g: &mut Groups) -> (i64, ErrorCode) {
    let Response::OffsetFetch(r) = g.now(Request::OffsetFetch(OffsetFetchRequest {
        group_id: GROUP.to_owned(),
        partitions: Some(vec![TopicPartition::new(TOPIC, 0)]),
        require_stable: true,
    })) else {
        panic!("an OffsetFetch answer")
    };
    (r.partitions[0].committed_offset, r.partitions[0].error)
}

#[test]
fn txn_offset_commit_becomes_the_groups_offset_when_the_transaction_commits() {
    let mut g = Groups::new();
    let (pid, epoch) = init_transactional(&mut g);
    // Without AddOffsetsToTxn the group partition is not in the transaction.
    assert_eq!(
        txn_commit_offset(&mut g, pid, epoch, 3),
        ErrorCode::InvalidTxnState
    );
    add_offsets(&mut g, pid, epoch);
    assert_eq!(txn_commit_offset(&mut g, pid, epoch, 8), ErrorCode::None);
    assert_eq!(stable_fetch(&mut g), (-1, ErrorCode::UnstableOffsetCommit));
    assert_eq!(g.fetch_offsets()[0], (0, -1), "not committed yet");
    // The offsets are a transactional batch: the partition's LSO stays below it.
    let tp = g.h.cluster.group_topic_partition(GROUP);
    let log = g.h.cluster.log(&tp).unwrap();
    assert!(log.lso() < log.hw());

    end_txn(&mut g, pid, epoch, true);
    assert_eq!(stable_fetch(&mut g), (8, ErrorCode::None));
    let log = g.h.cluster.log(&tp).unwrap();
    assert_eq!(log.lso(), log.hw());
    assert!(g.group_events().contains(&GroupEvent::TxnOffsetsCompleted {
        group_id: GROUP.to_owned(),
        producer_id: pid,
        committed: true,
        partitions: vec![TopicPartition::new(TOPIC, 0)],
    }));
    // The record in __consumer_offsets reads back as the offset commit.
    assert!(g.offsets_log().iter().any(|(_, r)| matches!(
        r,
        CoordinatorRecord::OffsetCommit { offset, .. } if offset.committed_offset == 8
    )));
}

#[test]
fn txn_offset_commit_is_discarded_when_the_transaction_aborts() {
    let mut g = Groups::new();
    let (pid, epoch) = init_transactional(&mut g);
    g.commit("", -1, &[(0, 2)]);
    add_offsets(&mut g, pid, epoch);
    assert_eq!(txn_commit_offset(&mut g, pid, epoch, 9), ErrorCode::None);
    end_txn(&mut g, pid, epoch, false);
    assert_eq!(stable_fetch(&mut g), (2, ErrorCode::None));
    assert!(g.group_events().contains(&GroupEvent::TxnOffsetsCompleted {
        group_id: GROUP.to_owned(),
        producer_id: pid,
        committed: false,
        partitions: vec![TopicPartition::new(TOPIC, 0)],
    }));
}

#[test]
fn deleting_a_topic_deletes_the_groups_offsets_of_it() {
    let mut g = Groups::new();
    g.commit("", -1, &[(0, 4), (1, 6)]);
    let now = g.h.now_ms();
    g.h.cluster.delete_topic(TOPIC, now).unwrap();
    g.drain();
    assert_eq!(g.fetch_offsets(), vec![(0, -1), (1, -1), (2, -1)]);
    let tombstones = g
        .offsets_log()
        .into_iter()
        .filter(|(_, r)| matches!(r, CoordinatorRecord::OffsetTombstone { .. }))
        .count();
    assert_eq!(tombstones, 2);
    assert!(g.group_events().iter().any(
        |e| matches!(e, GroupEvent::TopicOffsetsDeleted { partitions, .. } if partitions.len() == 2)
    ));
}
