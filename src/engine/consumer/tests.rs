//! The consumer's state machines fed responses by hand: the group protocol from
//! FindCoordinator to SyncGroup, heartbeats and rebalances, the poll timeout, commits,
//! positions and fetches.

use crate::engine::error_code::ErrorCode;
use crate::engine::group::assignor::{Assignment, Subscription};
use crate::engine::group::consumer_protocol::{
    deserialize_assignment, deserialize_subscription, serialize_assignment, serialize_subscription,
};
use crate::engine::producer::metadata::StaticMetadata;
use crate::engine::profile::VersionProfile;
use crate::engine::protocol::*;
use crate::engine::record::{BatchBuilder, Compression, Header, TimestampType};
use crate::engine::topic_partition::TopicPartition;

use super::config::ConsumerConfig;
use super::event::ConsumerEvent;
use super::*;

fn tp(p: i32) -> TopicPartition {
    TopicPartition::new("t", p)
}

fn consumer(configs: &[(&str, &str)]) -> Consumer {
    let mut config = ConsumerConfig::new(VersionProfile::Kafka4x);
    for (k, v) in configs {
        config.set(k, v).unwrap();
    }
    Consumer::new(config, 1, 0).unwrap()
}

fn meta() -> StaticMetadata {
    StaticMetadata::single_broker(&[("t", 2)])
}

fn transmits(c: &mut Consumer, now: i64) -> Vec<Transmit> {
    let m = meta();
    std::iter::from_fn(|| c.poll_transmit(now, &m)).collect()
}

fn events(c: &mut Consumer) -> Vec<ConsumerEvent> {
    c.drain_events().map(|(_, e)| e).collect()
}

fn respond(c: &mut Consumer, t: &Transmit, response: Response, now: i64) {
    c.handle_response(t.node, t.correlation_id, response, now, &meta());
}

fn only(ts: Vec<Transmit>) -> Transmit {
    assert_eq!(ts.len(), 1, "{ts:?}");
    ts.into_iter().next().unwrap()
}

/// Joins `c` as the group's only member (the leader) at generation 1, assigned what the
/// range assignor gives it for `t` (both partitions); returns the member id.
fn join_alone(c: &mut Consumer) -> String {
    c.poll(0, &meta()).unwrap();
    let find = only(transmits(c, 0));
    assert!(matches!(find.request, Request::FindCoordinator(_)));
    respond(
        c,
        &find,
        Response::FindCoordinator(FindCoordinatorResponse {
            error: ErrorCode::None,
            node_id: 0,
        }),
        1,
    );
    let join = transmits(c, 1)
        .into_iter()
        .find(|t| matches!(t.request, Request::JoinGroup(_)))
        .unwrap();
    let Request::JoinGroup(j) = &join.request else {
        unreachable!()
    };
    assert_eq!(j.member_id, "");
    assert_eq!(
        j.rebalance_timeout_ms,
        c.config().max_poll_interval_ms as i32
    );
    let names: Vec<&str> = j.protocols.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["range", "cooperative-sticky"]);
    respond(
        c,
        &join,
        Response::JoinGroup(JoinGroupResponse::error("m-1", ErrorCode::MemberIdRequired)),
        2,
    );
    let join = only(transmits(c, 2));
    let Request::JoinGroup(j) = &join.request else {
        panic!("JoinGroup again with the member id, got {join:?}")
    };
    assert_eq!(j.member_id, "m-1");
    let metadata = j.protocols[0].metadata.clone();
    respond(
        c,
        &join,
        Response::JoinGroup(JoinGroupResponse {
            error: ErrorCode::None,
            generation_id: 1,
            protocol_type: Some("consumer".into()),
            protocol_name: Some("range".into()),
            leader: "m-1".into(),
            skip_assignment: false,
            member_id: "m-1".into(),
            members: vec![JoinGroupResponseMember {
                member_id: "m-1".into(),
                group_instance_id: None,
                metadata,
            }],
        }),
        3,
    );
    let sync = only(transmits(c, 3));
    let Request::SyncGroup(s) = &sync.request else {
        panic!("SyncGroup, got {sync:?}")
    };
    assert_eq!(s.assignments.len(), 1);
    let assignment = s.assignments[0].assignment.clone();
    assert_eq!(
        deserialize_assignment(&assignment).unwrap().partitions,
        vec![tp(0), tp(1)]
    );
    respond(
        c,
        &sync,
        Response::SyncGroup(SyncGroupResponse {
            error: ErrorCode::None,
            protocol_type: Some("consumer".into()),
            protocol_name: Some("range".into()),
            assignment,
        }),
        4,
    );
    "m-1".into()
}

#[test]
fn a_lone_member_joins_leads_and_gets_every_partition() {
    let mut c = consumer(&[("group.id", "g")]);
    c.subscribe(&["t"], 0).unwrap();
    join_alone(&mut c);
    assert_eq!(c.assignment(), vec![tp(0), tp(1)]);
    let evs = events(&mut c);
    assert!(evs.contains(&ConsumerEvent::MemberIdAssigned {
        member_id: "m-1".into()
    }));
    assert!(evs.contains(&ConsumerEvent::PartitionsAssigned {
        partitions: vec![tp(0), tp(1)]
    }));
    // Then the committed offsets are looked up.
    let fetch = only(transmits(&mut c, 4));
    assert!(
        matches!(fetch.request, Request::OffsetFetch(_)),
        "{fetch:?}"
    );
}

#[test]
fn the_leader_assigns_with_the_chosen_assignor_over_every_subscription() {
    let mut c = consumer(&[("group.id", "g")]);
    c.subscribe(&["t"], 0).unwrap();
    c.poll(0, &meta()).unwrap();
    let find = only(transmits(&mut c, 0));
    respond(
        &mut c,
        &find,
        Response::FindCoordinator(FindCoordinatorResponse {
            error: ErrorCode::None,
            node_id: 0,
        }),
        1,
    );
    let join = only(transmits(&mut c, 1));
    let other = serialize_subscription(&Subscription::new(vec!["t".into()]), 3);
    let Request::JoinGroup(j) = &join.request else {
        unreachable!()
    };
    let mine = j.protocols[0].metadata.clone();
    assert_eq!(
        deserialize_subscription(&mine).unwrap().topics,
        vec!["t".to_owned()]
    );
    respond(
        &mut c,
        &join,
        Response::JoinGroup(JoinGroupResponse {
            error: ErrorCode::None,
            generation_id: 1,
            protocol_type: Some("consumer".into()),
            protocol_name: Some("range".into()),
            leader: "a".into(),
            skip_assignment: false,
            member_id: "a".into(),
            members: vec![
                JoinGroupResponseMember {
                    member_id: "a".into(),
                    group_instance_id: None,
                    metadata: mine,
                },
                JoinGroupResponseMember {
                    member_id: "b".into(),
                    group_instance_id: None,
                    metadata: other,
                },
            ],
        }),
        2,
    );
    let sync = only(transmits(&mut c, 2));
    let Request::SyncGroup(s) = &sync.request else {
        unreachable!()
    };
    let by_member: Vec<(String, Vec<TopicPartition>)> = s
        .assignments
        .iter()
        .map(|a| {
            (
                a.member_id.clone(),
                deserialize_assignment(&a.assignment).unwrap().partitions,
            )
        })
        .collect();
    assert!(by_member.contains(&("a".into(), vec![tp(0)])));
    assert!(by_member.contains(&("b".into(), vec![tp(1)])));
}

#[test]
fn a_rebalance_announced_by_heartbeat_is_joined_at_the_next_poll_revoking_everything() {
    let mut c = consumer(&[("group.id", "g"), ("enable.auto.commit", "false")]);
    c.subscribe(&["t"], 0).unwrap();
    join_alone(&mut c);
    transmits(&mut c, 4);
    events(&mut c);
    // The heartbeat thread sends after heartbeat.interval.ms.
    assert!(transmits(&mut c, 3_000)
        .iter()
        .all(|t| !matches!(t.request, Request::Heartbeat(_))));
    let hb = transmits(&mut c, 4_000)
        .into_iter()
        .find(|t| matches!(t.request, Request::Heartbeat(_)))
        .expect("a heartbeat once the interval passed");
    respond(
        &mut c,
        &hb,
        Response::Heartbeat(HeartbeatResponse {
            error: ErrorCode::RebalanceInProgress,
        }),
        4_001,
    );
    assert!(events(&mut c)
        .iter()
        .any(|e| matches!(e, ConsumerEvent::RejoinRequested { .. })));
    // No JoinGroup until the application polls.
    assert!(transmits(&mut c, 4_002)
        .iter()
        .all(|t| !matches!(t.request, Request::JoinGroup(_))));
    c.poll(4_003, &meta()).unwrap();
    let evs = events(&mut c);
    assert!(evs.contains(&ConsumerEvent::PartitionsRevoked {
        partitions: vec![tp(0), tp(1)]
    }));
    assert!(c.assignment().is_empty(), "eager revokes everything");
    let join = transmits(&mut c, 4_003)
        .into_iter()
        .find(|t| matches!(t.request, Request::JoinGroup(_)))
        .expect("JoinGroup at the poll");
    let Request::JoinGroup(j) = join.request else {
        unreachable!()
    };
    assert_eq!(j.member_id, "m-1");
}

#[test]
fn cooperative_members_revoke_only_what_moved_and_rejoin() {
    let mut c = consumer(&[
        ("group.id", "g"),
        (
            "partition.assignment.strategy",
            "org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
        ),
    ]);
    assert_eq!(
        c.group().unwrap().protocol,
        crate::engine::group::assignor::RebalanceProtocol::Cooperative
    );
    c.subscribe(&["t"], 0).unwrap();
    c.poll(0, &meta()).unwrap();
    let find = only(transmits(&mut c, 0));
    respond(
        &mut c,
        &find,
        Response::FindCoordinator(FindCoordinatorResponse {
            error: ErrorCode::None,
            node_id: 0,
        }),
        1,
    );
    let mut generation = 0;
    let mut sync_with = |c: &mut Consumer, partitions: Vec<TopicPartition>, now: i64| {
        generation += 1;
        let join = transmits(c, now)
            .into_iter()
            .find(|t| matches!(t.request, Request::JoinGroup(_)))
            .unwrap();
        respond(
            c,
            &join,
            Response::JoinGroup(JoinGroupResponse {
                error: ErrorCode::None,
                generation_id: generation,
                protocol_type: Some("consumer".into()),
                protocol_name: Some("cooperative-sticky".into()),
                leader: "other".into(),
                skip_assignment: false,
                member_id: "m".into(),
                members: vec![],
            }),
            now,
        );
        let sync = only(transmits(c, now));
        let assignment = serialize_assignment(
            &Assignment {
                partitions,
                user_data: None,
            },
            3,
        );
        respond(
            c,
            &sync,
            Response::SyncGroup(SyncGroupResponse {
                error: ErrorCode::None,
                protocol_type: Some("consumer".into()),
                protocol_name: Some("cooperative-sticky".into()),
                assignment,
            }),
            now,
        );
    };
    sync_with(&mut c, vec![tp(0), tp(1)], 2);
    events(&mut c);
    c.request_rejoin("test");
    c.poll(10, &meta()).unwrap();
    let evs = events(&mut c);
    assert!(
        !evs.iter()
            .any(|e| matches!(e, ConsumerEvent::PartitionsRevoked { .. })),
        "cooperative keeps its partitions while it rejoins: {evs:?}"
    );
    sync_with(&mut c, vec![tp(0)], 10);
    let evs = events(&mut c);
    let callbacks: Vec<&ConsumerEvent> = evs
        .iter()
        .filter(|e| {
            matches!(
                e,
                ConsumerEvent::PartitionsRevoked { .. } | ConsumerEvent::PartitionsAssigned { .. }
            )
        })
        .collect();
    assert_eq!(
        callbacks,
        [
            &ConsumerEvent::PartitionsRevoked {
                partitions: vec![tp(1)]
            },
            &ConsumerEvent::PartitionsAssigned { partitions: vec![] },
        ]
    );
    assert!(
        c.group().unwrap().rejoin_needed,
        "a second rebalance follows"
    );
    assert_eq!(c.assignment(), vec![tp(0)]);
}

#[test]
fn a_member_that_stops_polling_leaves_and_loses_its_partitions() {
    let mut c = consumer(&[("group.id", "g"), ("max.poll.interval.ms", "10000")]);
    c.subscribe(&["t"], 0).unwrap();
    join_alone(&mut c);
    events(&mut c);
    let mut now = 4;
    let mut leave = None;
    while now < 20_000 && leave.is_none() {
        now = c.poll_timeout().unwrap().max(now);
        c.handle_timeout(now, &meta());
        for t in transmits(&mut c, now) {
            match &t.request {
                Request::Heartbeat(_) => respond(
                    &mut c,
                    &t,
                    Response::Heartbeat(HeartbeatResponse {
                        error: ErrorCode::None,
                    }),
                    now,
                ),
                Request::LeaveGroup(l) => leave = Some((now, l.clone())),
                _ => {}
            }
        }
    }
    let (at, leave) = leave.expect("a LeaveGroup after max.poll.interval.ms");
    assert_eq!(at, 10_000);
    assert_eq!(leave.members[0].member_id, "m-1");
    assert_eq!(
        leave.members[0].reason.as_deref(),
        Some("consumer poll timeout has expired.")
    );
    events(&mut c);
    // The next poll finds the generation gone: the partitions are lost, not revoked.
    c.poll(at + 1, &meta()).unwrap();
    assert!(events(&mut c).contains(&ConsumerEvent::PartitionsLost {
        partitions: vec![tp(0), tp(1)]
    }));
}

#[test]
fn a_static_member_never_sends_leave_group() {
    let mut c = consumer(&[("group.id", "g"), ("group.instance.id", "i-1")]);
    c.subscribe(&["t"], 0).unwrap();
    join_alone(&mut c);
    transmits(&mut c, 4);
    c.close(5);
    let sent = transmits(&mut c, 5);
    assert!(sent
        .iter()
        .all(|t| !matches!(t.request, Request::LeaveGroup(_))));
    assert!(events(&mut c).contains(&ConsumerEvent::LeftGroup {
        reason: "the consumer is being closed".into(),
        sent: false
    }));
}

#[test]
fn a_commit_rejected_for_an_old_generation_is_commit_failed() {
    let mut c = consumer(&[("group.id", "g"), ("enable.auto.commit", "false")]);
    c.subscribe(&["t"], 0).unwrap();
    join_alone(&mut c);
    transmits(&mut c, 4);
    let id = c.commit_sync(Some(vec![(tp(0), 5)]), 5).unwrap();
    let commit = transmits(&mut c, 5)
        .into_iter()
        .find(|t| matches!(t.request, Request::OffsetCommit(_)))
        .unwrap();
    let Request::OffsetCommit(r) = &commit.request else {
        unreachable!()
    };
    assert_eq!(
        (r.generation_id_or_member_epoch, r.member_id.as_str()),
        (1, "m-1")
    );
    respond(
        &mut c,
        &commit,
        Response::OffsetCommit(OffsetCommitResponse {
            partitions: vec![(tp(0), ErrorCode::IllegalGeneration)],
        }),
        6,
    );
    let result = c.poll_commit_result().unwrap();
    assert_eq!(result.id, id);
    assert_eq!(
        result.result.unwrap_err().exception,
        "CommitFailedException"
    );
}

#[test]
fn auto_offset_reset_none_throws_no_offset_for_partition() {
    let mut c = consumer(&[("auto.offset.reset", "none")]);
    c.assign(&[tp(1), tp(0)], 0).unwrap();
    c.poll(0, &meta()).unwrap();
    let e = c.poll(1, &meta()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "NoOffsetForPartitionException: Undefined offset with no reset policy for partitions: [t-0, t-1]"
    );
}

#[test]
fn subscribing_needs_a_group_and_excludes_assign() {
    let mut c = consumer(&[]);
    assert_eq!(
        c.subscribe(&["t"], 0).unwrap_err().exception,
        "InvalidGroupIdException"
    );
    let mut c = consumer(&[("group.id", "g")]);
    c.assign(&[tp(0)], 0).unwrap();
    assert_eq!(
        c.subscribe(&["t"], 0).unwrap_err().message,
        "Subscription to topics, partitions and pattern are mutually exclusive"
    );
}

#[test]
fn fetched_records_come_back_max_poll_records_at_a_time() {
    let mut c = consumer(&[("auto.offset.reset", "earliest"), ("max.poll.records", "2")]);
    c.assign(&[tp(0)], 0).unwrap();
    c.poll(0, &meta()).unwrap();
    let list = only(transmits(&mut c, 0));
    let Request::ListOffsets(l) = &list.request else {
        panic!("ListOffsets, got {list:?}")
    };
    assert_eq!(l.partitions, vec![(tp(0), -2)]);
    respond(
        &mut c,
        &list,
        Response::ListOffsets(ListOffsetsResponse {
            partitions: vec![(
                tp(0),
                ListOffsetsPartitionResponse {
                    error: ErrorCode::None,
                    timestamp: -1,
                    offset: 0,
                    leader_epoch: 0,
                },
            )],
        }),
        1,
    );
    let fetch = only(transmits(&mut c, 1));
    let Request::Fetch(f) = &fetch.request else {
        panic!("Fetch, got {fetch:?}")
    };
    assert_eq!(f.partitions[0].fetch_offset, 0);
    let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 0, 0);
    for v in ["a", "b", "c"] {
        b.append(
            7,
            Some(b"k"),
            Some(v.as_bytes()),
            &[Header::new("h", Some(b"1"))],
        );
    }
    respond(
        &mut c,
        &fetch,
        Response::Fetch(FetchResponse {
            partitions: vec![(
                tp(0),
                FetchPartitionResponse {
                    error: ErrorCode::None,
                    high_watermark: 3,
                    last_stable_offset: 3,
                    log_start_offset: 0,
                    aborted_transactions: None,
                    records: b.build(),
                },
            )],
        }),
        2,
    );
    let first = c.poll(3, &meta()).unwrap();
    assert_eq!(
        first
            .iter()
            .map(|r| r.value_str().unwrap())
            .collect::<Vec<_>>(),
        ["a", "b"]
    );
    assert_eq!(
        first[0].headers,
        vec![("h".to_owned(), Some(b"1".to_vec()))]
    );
    assert_eq!(c.position(&tp(0)).unwrap(), Some(2));
    // The partition still has buffered data: no new fetch for it.
    assert!(transmits(&mut c, 3).is_empty());
    let second = c.poll(4, &meta()).unwrap();
    assert_eq!(second.len(), 1);
    assert_eq!(c.position(&tp(0)).unwrap(), Some(3));
    assert!(matches!(
        only(transmits(&mut c, 4)).request,
        Request::Fetch(_)
    ));
}

#[test]
fn a_pattern_subscription_joins_with_the_matching_topics() {
    let mut c = consumer(&[("group.id", "g")]);
    c.subscribe_pattern("o.*", 0).unwrap();
    let m = StaticMetadata::single_broker(&[("orders", 1), ("other", 2), ("t", 2)]);
    c.poll(0, &m).unwrap();
    let find = c.poll_transmit(0, &m).unwrap();
    c.handle_response(
        0,
        find.correlation_id,
        Response::FindCoordinator(FindCoordinatorResponse {
            error: ErrorCode::None,
            node_id: 0,
        }),
        1,
        &m,
    );
    let join = c.poll_transmit(1, &m).unwrap();
    let Request::JoinGroup(j) = join.request else {
        panic!("JoinGroup, got {join:?}")
    };
    assert_eq!(
        deserialize_subscription(&j.protocols[0].metadata)
            .unwrap()
            .topics,
        vec!["orders".to_owned(), "other".to_owned()]
    );
    assert!(c.subscribe_pattern("(", 1).is_err());
}

#[test]
fn a_sync_commit_without_a_coordinator_times_out() {
    let mut c = consumer(&[("group.id", "g")]);
    c.assign(&[tp(0)], 0).unwrap();
    let id = c.commit_sync(Some(vec![(tp(0), 1)]), 0).unwrap();
    let async_id = c.commit_async(Some(vec![(tp(0), 1)]), 0).unwrap();
    // FindCoordinator keeps failing.
    let mut now = 0;
    while !c.pending_commits.is_empty() && now < 100_000 {
        for t in transmits(&mut c, now) {
            if matches!(t.request, Request::FindCoordinator(_)) {
                respond(
                    &mut c,
                    &t,
                    Response::FindCoordinator(FindCoordinatorResponse {
                        error: ErrorCode::CoordinatorNotAvailable,
                        node_id: -1,
                    }),
                    now,
                );
            }
        }
        now = c.poll_timeout().expect("a retry or a deadline");
        c.handle_timeout(now, &meta());
    }
    assert_eq!(now, 60_000);
    let mut results: Vec<_> = std::iter::from_fn(|| c.poll_commit_result()).collect();
    crate::sort::sort_by_key(&mut results, |r| r.id);
    assert_eq!(
        results.iter().map(|r| r.id).collect::<Vec<_>>(),
        [id, async_id]
    );
    assert_eq!(
        results[0].result.as_ref().unwrap_err().to_string(),
        "TimeoutException: Timeout of 60000ms expired before successfully committing offsets {t-0=OffsetAndMetadata{offset=1, leaderEpoch=null, metadata=''}}"
    );
    assert_eq!(
        results[1].result.as_ref().unwrap_err().exception,
        "RetriableCommitFailedException"
    );
}
