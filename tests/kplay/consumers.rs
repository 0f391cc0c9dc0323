//! The consumer client end to end, through the simulated network and the broker's group
//! coordinator: manual assignment and fetching, two members splitting partitions, a third
//! joining under the eager and the cooperative protocol, a member that stops polling, commits
//! resumed by a new member, `auto.offset.reset`, and `read_committed` over transactions.

use std::collections::BTreeSet;

use kplay::engine::consumer::event::ConsumerEvent;
use kplay::engine::consumer::record::ConsumerRecord;
use kplay::engine::event::Event;
use kplay::engine::playground::{ConsumerId, Input, PlaygroundError, ProducerId};
use kplay::engine::producer::record::ProducerRecord;
use kplay::engine::profile::VersionProfile;
use kplay::engine::topic_partition::TopicPartition;

use super::producer_harness::{value_record, PlayHarness};

fn tp(topic: &str, p: i32) -> TopicPartition {
    TopicPartition::new(topic, p)
}

fn consumer(h: &mut PlayHarness, configs: &[(&str, &str)]) -> ConsumerId {
    let now = h.now_ms();
    let c = h.pg.create_consumer(configs, now).expect("consumer config");
    h.collect();
    c
}

fn poll(h: &mut PlayHarness, c: ConsumerId) -> Result<Vec<ConsumerRecord>, String> {
    let now = h.now_ms();
    let r = h.pg.poll(c, now).map_err(|e| e.to_string());
    h.collect();
    r
}

/// The application loop: every `every_ms` for `for_ms`, each consumer of `polling` polls
/// (time runs between polls, timers included); returns what each one got.
fn poll_loop(
    h: &mut PlayHarness,
    polling: &[ConsumerId],
    for_ms: i64,
    every_ms: i64,
) -> Vec<Vec<ConsumerRecord>> {
    let mut got = vec![Vec::new(); polling.len()];
    let end = h.now_ms() + for_ms;
    while h.now_ms() < end {
        for (i, c) in polling.iter().enumerate() {
            got[i].extend(poll(h, *c).expect("poll"));
        }
        h.sleep(every_ms);
    }
    got
}

fn values(records: &[ConsumerRecord]) -> Vec<String> {
    records.iter().map(|r| r.value_str().unwrap()).collect()
}

fn assignment(h: &PlayHarness, c: ConsumerId) -> Vec<TopicPartition> {
    h.pg.consumer(c).unwrap().assignment()
}

fn consumer_events(h: &PlayHarness, c: ConsumerId) -> Vec<ConsumerEvent> {
    h.events
        .iter()
        .filter_map(|(_, e)| match e {
            Event::ConsumerClient { consumer, event } if *consumer == c => Some(event.clone()),
            _ => None,
        })
        .collect()
}

/// The listener callbacks `c` saw since event index `from`.
fn callbacks(h: &PlayHarness, c: ConsumerId, from: usize) -> Vec<ConsumerEvent> {
    consumer_events(h, c)
        .into_iter()
        .skip(from)
        .filter(|e| {
            matches!(
                e,
                ConsumerEvent::PartitionsRevoked { .. }
                    | ConsumerEvent::PartitionsAssigned { .. }
                    | ConsumerEvent::PartitionsLost { .. }
            )
        })
        .collect()
}

fn produce(h: &mut PlayHarness, p: ProducerId, topic: &str, partition: i32, values: &[&str]) {
    for v in values {
        h.send(p, value_record(topic, v).to_partition(partition));
    }
    h.sleep(50);
}

#[test]
fn an_assigned_consumer_fetches_without_a_group() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 1, 1);
    h.create_topic("t", 2);
    let p = h.producer(&[]);
    let mut record = ProducerRecord::new("t", b"v0".as_slice()).to_partition(0);
    record.key = Some(b"k".to_vec());
    record
        .headers
        .push(kplay::engine::record::Header::new("h", Some(b"x")));
    h.send(p, record);
    produce(&mut h, p, "t", 0, &["v1", "v2", "v3", "v4"]);
    let c = consumer(
        &mut h,
        &[("auto.offset.reset", "earliest"), ("max.poll.records", "3")],
    );
    let now = h.now_ms();
    h.pg.assign(c, &[tp("t", 0)], now).unwrap();
    let got = poll_loop(&mut h, &[c], 100, 10).remove(0);
    assert_eq!(values(&got), ["v0", "v1", "v2", "v3", "v4"]);
    assert_eq!(got[0].key.as_deref(), Some(b"k".as_slice()));
    assert_eq!(got[0].headers, vec![("h".to_owned(), Some(b"x".to_vec()))]);
    assert_eq!(
        got.iter().map(|r| r.offset).collect::<Vec<_>>(),
        [0, 1, 2, 3, 4]
    );
    assert_eq!(
        h.pg.consumer(c).unwrap().position(&tp("t", 0)).unwrap(),
        Some(5)
    );
    // At most max.poll.records per poll.
    assert!(consumer_events(&h, c)
        .iter()
        .all(|e| !matches!(e, ConsumerEvent::RecordsReturned { count } if *count > 3)));
    // More records are fetched by later polls.
    produce(&mut h, p, "t", 0, &["v5"]);
    let got = poll_loop(&mut h, &[c], 50, 10).remove(0);
    assert_eq!(values(&got), ["v5"]);
    // seek and seekToBeginning move the position; a paused partition returns nothing.
    let now = h.now_ms();
    h.pg.with_consumer(c, now, |c, now| c.seek(&tp("t", 0), 4, now))
        .unwrap();
    let got = poll_loop(&mut h, &[c], 50, 10).remove(0);
    assert_eq!(values(&got), ["v4", "v5"]);
    let now = h.now_ms();
    h.pg.with_consumer(c, now, |c, now| {
        c.seek_to_beginning(&[], now)?;
        c.set_paused(&[tp("t", 0)], true, now)
    })
    .unwrap();
    assert!(poll_loop(&mut h, &[c], 50, 10).remove(0).is_empty());
    let now = h.now_ms();
    h.pg.with_consumer(c, now, |c, now| c.set_paused(&[tp("t", 0)], false, now))
        .unwrap();
    let got = poll_loop(&mut h, &[c], 100, 10).remove(0);
    assert_eq!(values(&got), ["v0", "v1", "v2", "v3", "v4", "v5"]);
}

#[test]
fn auto_offset_reset_earliest_latest_and_none() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 2, 1);
    h.create_topic("t", 1);
    let p = h.producer(&[]);
    produce(&mut h, p, "t", 0, &["old1", "old2"]);
    let earliest = consumer(&mut h, &[("auto.offset.reset", "earliest")]);
    let latest = consumer(&mut h, &[]);
    let none = consumer(&mut h, &[("auto.offset.reset", "none")]);
    for c in [earliest, latest, none] {
        let now = h.now_ms();
        h.pg.assign(c, &[tp("t", 0)], now).unwrap();
    }
    let got = poll_loop(&mut h, &[earliest, latest], 50, 10);
    assert_eq!(values(&got[0]), ["old1", "old2"]);
    assert!(got[1].is_empty());
    assert_eq!(
        h.pg.consumer(latest)
            .unwrap()
            .position(&tp("t", 0))
            .unwrap(),
        Some(2)
    );
    produce(&mut h, p, "t", 0, &["new"]);
    let got = poll_loop(&mut h, &[latest], 50, 10);
    assert_eq!(values(&got[0]), ["new"]);
    assert_eq!(
        poll(&mut h, none).unwrap_err(),
        "NoOffsetForPartitionException: Undefined offset with no reset policy for partitions: [t-0]"
    );
}

#[test]
fn read_committed_skips_aborted_records() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 3, 1);
    h.create_topic("t", 1);
    let p = h.producer(&[("transactional.id", "tx")]);
    let call = |h: &mut PlayHarness, input: Input| {
        let now = h.now_ms();
        h.pg.handle(input, now).unwrap();
        h.collect();
    };
    call(&mut h, Input::InitTransactions { producer: p });
    h.sleep(1_000);
    for (value, commit) in [("c1", true), ("a1", false), ("c2", true)] {
        call(&mut h, Input::BeginTransaction { producer: p });
        produce(&mut h, p, "t", 0, &[value]);
        let end = if commit {
            Input::CommitTransaction { producer: p }
        } else {
            Input::AbortTransaction { producer: p }
        };
        call(&mut h, end);
        h.sleep(200);
    }
    let committed = consumer(
        &mut h,
        &[
            ("auto.offset.reset", "earliest"),
            ("isolation.level", "read_committed"),
        ],
    );
    let uncommitted = consumer(&mut h, &[("auto.offset.reset", "earliest")]);
    for c in [committed, uncommitted] {
        let now = h.now_ms();
        h.pg.assign(c, &[tp("t", 0)], now).unwrap();
    }
    let got = poll_loop(&mut h, &[committed, uncommitted], 100, 10);
    assert_eq!(values(&got[0]), ["c1", "c2"]);
    assert_eq!(values(&got[1]), ["c1", "a1", "c2"]);
    // Both end past the last marker.
    let end =
        h.pg.consumer(committed)
            .unwrap()
            .position(&tp("t", 0))
            .unwrap();
    assert_eq!(
        end,
        h.pg.consumer(uncommitted)
            .unwrap()
            .position(&tp("t", 0))
            .unwrap()
    );
}

/// Two members of group `g` subscribed to `t` (4 partitions), settled.
fn two_members(h: &mut PlayHarness, configs: &[(&str, &str)]) -> (ConsumerId, ConsumerId) {
    h.create_topic("t", 4);
    let mut all = vec![("group.id", "g")];
    all.extend_from_slice(configs);
    let a = consumer(h, &all);
    let b = consumer(h, &all);
    for c in [a, b] {
        let now = h.now_ms();
        h.pg.subscribe(c, &["t"], now).unwrap();
    }
    poll_loop(h, &[a, b], 8_000, 100);
    (a, b)
}

fn partition_sets(h: &PlayHarness, members: &[ConsumerId]) -> Vec<BTreeSet<i32>> {
    members
        .iter()
        .map(|c| assignment(h, *c).iter().map(|tp| tp.partition).collect())
        .collect()
}

fn assert_covers(sets: &[BTreeSet<i32>], partitions: i32) {
    let mut all = BTreeSet::new();
    for s in sets {
        for p in s {
            assert!(all.insert(*p), "partition {p} assigned twice: {sets:?}");
        }
    }
    assert_eq!(all, (0..partitions).collect(), "{sets:?}");
}

#[test]
fn two_members_split_partitions_by_range() {
    let mut h = PlayHarness::new(VersionProfile::Kafka2_5, 4, 1);
    let (a, b) = two_members(&mut h, &[]);
    let sets = partition_sets(&h, &[a, b]);
    assert_covers(&sets, 4);
    // Range gives each member a contiguous half.
    let mut sorted = sets.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        vec![BTreeSet::from([0, 1]), BTreeSet::from([2, 3])],
        "{:#?}",
        consumer_events(&h, a)
    );
    let group = h.pg.consumer(a).unwrap().group().unwrap();
    assert_eq!(
        group.generation.generation_id,
        h.pg.consumer(b)
            .unwrap()
            .group()
            .unwrap()
            .generation
            .generation_id
    );
}

#[test]
fn a_third_member_makes_eager_members_revoke_everything() {
    let mut h = PlayHarness::new(VersionProfile::Kafka2_5, 5, 1);
    let (a, b) = two_members(&mut h, &[]);
    let before = partition_sets(&h, &[a, b]);
    let (from_a, from_b) = (consumer_events(&h, a).len(), consumer_events(&h, b).len());
    let c = consumer(&mut h, &[("group.id", "g")]);
    let now = h.now_ms();
    h.pg.subscribe(c, &["t"], now).unwrap();
    poll_loop(&mut h, &[a, b, c], 8_000, 100);
    let after = partition_sets(&h, &[a, b, c]);
    assert_covers(&after, 4);
    assert!(after.iter().all(|s| !s.is_empty()), "{after:?}");
    for (member, from, owned) in [(a, from_a, &before[0]), (b, from_b, &before[1])] {
        let seen = callbacks(&h, member, from);
        let revoked: Vec<TopicPartition> = owned.iter().map(|p| tp("t", *p)).collect();
        assert_eq!(
            seen.first(),
            Some(&ConsumerEvent::PartitionsRevoked {
                partitions: revoked
            }),
            "eager revokes all it owns first: {seen:?}"
        );
        assert!(matches!(
            seen.last(),
            Some(ConsumerEvent::PartitionsAssigned { .. })
        ));
    }
}

#[test]
fn a_third_member_makes_cooperative_members_revoke_only_moved_partitions() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 6, 1);
    let strategy = [(
        "partition.assignment.strategy",
        "org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
    )];
    let (a, b) = two_members(&mut h, &strategy);
    let before = partition_sets(&h, &[a, b]);
    assert_covers(&before, 4);
    let (from_a, from_b) = (consumer_events(&h, a).len(), consumer_events(&h, b).len());
    let mut configs = vec![("group.id", "g")];
    configs.extend_from_slice(&strategy);
    let c = consumer(&mut h, &configs);
    let now = h.now_ms();
    h.pg.subscribe(c, &["t"], now).unwrap();
    poll_loop(&mut h, &[a, b, c], 12_000, 100);
    let after = partition_sets(&h, &[a, b, c]);
    assert_covers(&after, 4);
    assert!(after.iter().all(|s| !s.is_empty()), "{after:?}");
    let mut revoked_total = 0;
    for (i, (member, from)) in [(a, from_a), (b, from_b)].into_iter().enumerate() {
        for e in callbacks(&h, member, from) {
            if let ConsumerEvent::PartitionsRevoked { partitions } = e {
                // Only what moved away: never a partition the member still owns.
                for tp in &partitions {
                    assert!(before[i].contains(&tp.partition));
                    assert!(!after[i].contains(&tp.partition), "{tp} revoked yet kept");
                }
                revoked_total += partitions.len();
            }
        }
        assert!(
            after[i].is_subset(&before[i]),
            "sticky: {before:?} → {after:?}"
        );
    }
    assert_eq!(
        revoked_total,
        after[2].len(),
        "only the new member's share moved"
    );
    // The hand-over took a second rebalance.
    assert!(consumer_events(&h, a)
        .iter()
        .chain(consumer_events(&h, b).iter())
        .any(|e| matches!(e, ConsumerEvent::RejoinRequested { reason } if reason.starts_with("need to revoke partitions"))));
}

#[test]
fn a_member_that_stops_polling_leaves_and_the_other_takes_over() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 7, 1);
    let (a, b) = two_members(&mut h, &[("max.poll.interval.ms", "10000")]);
    assert_covers(&partition_sets(&h, &[a, b]), 4);
    // Only `a` keeps polling.
    poll_loop(&mut h, &[a], 15_000, 100);
    let left = consumer_events(&h, b).into_iter().any(|e| {
        matches!(e, ConsumerEvent::LeftGroup { ref reason, sent: true } if reason == "consumer poll timeout has expired.")
    });
    assert!(left, "{:#?}", consumer_events(&h, b));
    assert_eq!(partition_sets(&h, &[a])[0], (0..4).collect());
    // When `b` polls again it finds its partitions lost and rejoins.
    let from = consumer_events(&h, b).len();
    poll_loop(&mut h, &[a, b], 8_000, 100);
    assert!(callbacks(&h, b, from)
        .iter()
        .any(|e| matches!(e, ConsumerEvent::PartitionsLost { .. })));
    assert_covers(&partition_sets(&h, &[a, b]), 4);
}

#[test]
fn a_new_member_resumes_from_the_committed_offset() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 8, 1);
    h.create_topic("t", 1);
    let p = h.producer(&[]);
    produce(&mut h, p, "t", 0, &["r0", "r1", "r2", "r3", "r4"]);
    let configs = [
        ("group.id", "g"),
        ("enable.auto.commit", "false"),
        ("auto.offset.reset", "earliest"),
        ("max.poll.records", "3"),
    ];
    let first = consumer(&mut h, &configs);
    let now = h.now_ms();
    h.pg.subscribe(first, &["t"], now).unwrap();
    let mut got = Vec::new();
    for _ in 0..200 {
        got.extend(poll(&mut h, first).unwrap());
        if !got.is_empty() {
            break;
        }
        h.sleep(50);
    }
    assert_eq!(values(&got), ["r0", "r1", "r2"]);
    let now = h.now_ms();
    let id = h.pg.commit_sync(first, None, now).unwrap();
    h.sleep(50);
    let result = h.pg.poll_commit_result(first).expect("the commit finished");
    assert_eq!(result.id, id);
    assert_eq!(result.result, Ok(()));
    assert_eq!(result.offsets, vec![(tp("t", 0), 3)]);
    let now = h.now_ms();
    h.pg.close_consumer(first, now).unwrap();
    h.sleep(50);
    assert!(consumer_events(&h, first)
        .iter()
        .any(|e| matches!(e, ConsumerEvent::LeftGroup { sent: true, .. })));
    assert_eq!(
        poll(&mut h, first).unwrap_err(),
        "IllegalStateException: This consumer has already been closed."
    );
    let second = consumer(&mut h, &configs);
    let now = h.now_ms();
    h.pg.subscribe(second, &["t"], now).unwrap();
    let got = poll_loop(&mut h, &[second], 6_000, 100).remove(0);
    assert_eq!(values(&got), ["r3", "r4"]);
    assert!(consumer_events(&h, second).iter().any(|e| matches!(
        e,
        ConsumerEvent::PositionSet {
            offset: 3,
            source: kplay::engine::consumer::event::PositionSource::Committed,
            ..
        }
    )));
}

#[test]
fn the_playground_bounds_and_checks_consumers() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 9, 1);
    let now = h.now_ms();
    assert!(matches!(
        h.pg.create_consumer(&[("auto.offset.reset", "smallest")], now),
        Err(PlaygroundError::Config(_))
    ));
    let c = consumer(&mut h, &[]);
    assert_eq!(
        h.pg.subscribe(c, &["t"], now).unwrap_err().to_string(),
        "InvalidGroupIdException: To use the group management or offset commit APIs, you must provide a valid group.id in the consumer configuration."
    );
    assert!(matches!(
        h.pg.poll(99, now),
        Err(PlaygroundError::UnknownConsumer(99))
    ));
}

#[test]
fn auto_commit_on_poll_and_committed_read_back() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 10, 1);
    h.create_topic("t", 1);
    let p = h.producer(&[]);
    produce(&mut h, p, "t", 0, &["r0", "r1"]);
    let c = consumer(
        &mut h,
        &[
            ("group.id", "g"),
            ("auto.offset.reset", "earliest"),
            ("auto.commit.interval.ms", "1000"),
        ],
    );
    let now = h.now_ms();
    h.pg.subscribe(c, &["t"], now).unwrap();
    let got = poll_loop(&mut h, &[c], 6_000, 100).remove(0);
    assert_eq!(values(&got), ["r0", "r1"]);
    let auto = std::iter::from_fn(|| h.pg.poll_commit_result(c))
        .filter(|r| r.kind == kplay::engine::consumer::commit::CommitKind::Auto)
        .last()
        .expect("an auto-commit after auto.commit.interval.ms");
    assert_eq!(auto.result, Ok(()));
    assert_eq!(auto.offsets, vec![(tp("t", 0), 2)]);
    let now = h.now_ms();
    h.pg.with_consumer(c, now, |c, now| c.committed(&[tp("t", 0)], now))
        .unwrap();
    h.sleep(50);
    assert!(
        consumer_events(&h, c).contains(&ConsumerEvent::CommittedFetched {
            offsets: vec![(tp("t", 0), 2)]
        })
    );
    assert_eq!(
        h.pg.consumer(c)
            .unwrap()
            .committed_offsets()
            .get(&tp("t", 0)),
        Some(&2)
    );
}

#[test]
fn a_static_member_restarts_without_a_rebalance() {
    let mut h = PlayHarness::new(VersionProfile::Kafka2_5, 11, 1);
    h.create_topic("t", 4);
    let a = consumer(&mut h, &[("group.id", "g"), ("group.instance.id", "i-1")]);
    let b = consumer(&mut h, &[("group.id", "g"), ("group.instance.id", "i-2")]);
    for c in [a, b] {
        let now = h.now_ms();
        h.pg.subscribe(c, &["t"], now).unwrap();
    }
    poll_loop(&mut h, &[a, b], 8_000, 100);
    let before = partition_sets(&h, &[a, b]);
    // Static members sort by instance id for the range assignor.
    assert_eq!(before, vec![BTreeSet::from([0, 1]), BTreeSet::from([2, 3])]);
    let now = h.now_ms();
    h.pg.close_consumer(b, now).unwrap();
    h.collect();
    assert!(consumer_events(&h, b).contains(&ConsumerEvent::LeftGroup {
        reason: "the consumer is being closed".into(),
        sent: false
    }));
    let from_a = consumer_events(&h, a).len();
    poll_loop(&mut h, &[a], 2_000, 100);
    let restarted = consumer(&mut h, &[("group.id", "g"), ("group.instance.id", "i-2")]);
    let now = h.now_ms();
    h.pg.subscribe(restarted, &["t"], now).unwrap();
    poll_loop(&mut h, &[a, restarted], 3_000, 100);
    assert_eq!(
        partition_sets(&h, &[a, restarted]),
        before,
        "{:#?}",
        consumer_events(&h, restarted)
    );
    assert!(
        callbacks(&h, a, from_a).is_empty(),
        "the other member saw no rebalance: {:?}",
        callbacks(&h, a, from_a)
    );
}

/// KIP-361: a subscription to a missing topic creates it (broker defaults) unless the
/// consumer says `allow.auto.create.topics=false`; the member then gets its partition.
#[test]
fn subscribing_to_a_missing_topic_creates_it_unless_told_not_to() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 4, 1);
    let creating = consumer(&mut h, &[("group.id", "g1")]);
    let now = h.now_ms();
    h.pg.subscribe(creating, &["fresh"], now).unwrap();
    assert!(h.pg.cluster().registry().describe_topic("fresh").is_ok());
    poll_loop(&mut h, &[creating], 5_000, 100);
    assert_eq!(assignment(&h, creating), vec![tp("fresh", 0)]);

    let careful = consumer(
        &mut h,
        &[("group.id", "g2"), ("allow.auto.create.topics", "false")],
    );
    let now = h.now_ms();
    h.pg.subscribe(careful, &["absent"], now).unwrap();
    poll_loop(&mut h, &[careful], 5_000, 100);
    assert!(h.pg.cluster().registry().describe_topic("absent").is_err());
    assert!(assignment(&h, careful).is_empty());
}
