//! Replication on three brokers, on the simulated clock: `acks=all` with
//! `min.insync.replicas=2` through broker failures, ISR shrink and recovery, clean and
//! unclean leader elections, and KIP-101 truncation.

use kplay::engine::event::Event;
use kplay::engine::playground::{Playground, PlaygroundConfig};
use kplay::engine::profile::VersionProfile;
use kplay::engine::replication::{BrokerStatus, ReplicationEvent};
use kplay::engine::topic::registry::CreateTopicRequest;
use kplay::engine::topic_partition::TopicPartition;
use kplay::storage::memory::MemoryStorage;
use kplay::storage::SegmentStorage;

use super::harness::START_MS;
use super::producer_harness::{value_record, PlayHarness};

/// A playground of three brokers (0, 1, 2) with 1 ms links.
pub fn three_brokers(seed: u64) -> PlayHarness {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, seed, 1);
    // The harness's own one-broker playground is replaced by a three-broker one.
    let mut config = PlaygroundConfig::new(seed, VersionProfile::Kafka4x);
    config.latency_ms = 1;
    config.cluster.broker_ids = vec![0, 1, 2];
    h.pg = Playground::new(config, MemoryStorage::new(), START_MS);
    h
}

/// Topic `t`, one partition on brokers [0, 1, 2] (leader 0), with these configs.
fn topic(h: &mut PlayHarness, configs: &[(&str, &str)]) -> TopicPartition {
    let now = h.now_ms();
    let mut request = CreateTopicRequest::new("t", 1, 3);
    request.assignments = vec![kplay::engine::topic::assignment::ReplicaAssignment {
        partition_index: 0,
        broker_ids: vec![0, 1, 2],
    }];
    request.replication_factor = -1;
    request.num_partitions = -1;
    for (k, v) in configs {
        request
            .configs
            .push(((*k).to_owned(), Some((*v).to_owned())));
    }
    h.pg.cluster_mut()
        .create_topic(&request, false, now)
        .expect("create topic");
    h.collect();
    TopicPartition::new("t", 0)
}

fn acks_all(h: &mut PlayHarness) -> u32 {
    h.producer(&[
        ("acks", "all"),
        ("linger.ms", "0"),
        ("retries", "0"),
        ("enable.idempotence", "false"),
        ("delivery.timeout.ms", "5000"),
        ("request.timeout.ms", "4000"),
    ])
}

fn hw(h: &PlayHarness, tp: &TopicPartition) -> i64 {
    h.pg.cluster().log(tp).unwrap().hw()
}

fn replication_events(h: &PlayHarness) -> Vec<ReplicationEvent> {
    h.events
        .iter()
        .filter_map(|(_, e)| match e {
            Event::Replication(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn followers_replicate_and_the_hw_follows_the_slowest_isr_member() {
    let mut h = three_brokers(1);
    let tp = topic(&mut h, &[]);
    let p = acks_all(&mut h);
    let id = h.send(p, value_record("t", "a").to_partition(0));
    h.sleep(50);
    assert!(h.result(p, id).unwrap().is_ok());
    assert_eq!(hw(&h, &tp), 1);
    for broker in [1, 2] {
        let log = h.pg.cluster().replica_log(&tp, broker).unwrap();
        assert_eq!(log.leo(), 1, "broker {broker} has the record");
    }
    assert_eq!(h.pg.cluster().partition_isr(&tp), vec![0, 1, 2]);
}

#[test]
fn acks_all_survives_one_failure_and_refuses_below_min_isr_then_recovers() {
    let mut h = three_brokers(2);
    let tp = topic(&mut h, &[("min.insync.replicas", "2")]);
    let p = acks_all(&mut h);
    let first = h.send(p, value_record("t", "0").to_partition(0));
    h.sleep(50);
    assert!(h.result(p, first).unwrap().is_ok());

    // Kill one follower: the controller fences it after broker.session.timeout.ms and takes
    // it out of the ISR; two in-sync replicas remain, so acks=all still succeeds.
    let now = h.now_ms();
    h.pg.cluster_mut().crash_broker(2, now).unwrap();
    h.sleep(10_000);
    assert_eq!(h.pg.cluster().partition_isr(&tp), vec![0, 1]);
    let second = h.send(p, value_record("t", "1").to_partition(0));
    h.sleep(50);
    assert!(h.result(p, second).unwrap().is_ok());
    assert_eq!(hw(&h, &tp), 2);

    // Kill a second: the ISR is the leader alone, below min.insync.replicas.
    let now = h.now_ms();
    h.pg.cluster_mut().crash_broker(1, now).unwrap();
    h.sleep(10_000);
    assert_eq!(h.pg.cluster().partition_isr(&tp), vec![0]);
    let third = h.send(p, value_record("t", "2").to_partition(0));
    h.sleep(50);
    let error = h.result(p, third).unwrap().error.clone().expect("refused");
    assert!(
        error.to_string().contains("NotEnoughReplicas")
            || format!("{error:?}").contains("NotEnoughReplicas"),
        "{error:?}"
    );
    assert_eq!(hw(&h, &tp), 2, "nothing was appended");

    // Bring both back: they catch up, rejoin the ISR, and the HW advances again.
    let now = h.now_ms();
    h.pg.cluster_mut().start_broker(1, now).unwrap();
    h.pg.cluster_mut().start_broker(2, now).unwrap();
    h.sleep(2_000);
    let mut isr = h.pg.cluster().partition_isr(&tp);
    isr.sort_unstable();
    assert_eq!(isr, vec![0, 1, 2]);
    let fourth = h.send(p, value_record("t", "3").to_partition(0));
    h.sleep(50);
    assert!(h.result(p, fourth).unwrap().is_ok());
    assert_eq!(hw(&h, &tp), 3);
    for broker in [1, 2] {
        assert_eq!(h.pg.cluster().replica_log(&tp, broker).unwrap().leo(), 3);
    }
}

#[test]
fn a_slow_follower_falls_out_of_the_isr_and_rejoins_when_it_catches_up() {
    let mut h = three_brokers(3);
    let tp = topic(&mut h, &[]);
    let p = h.producer(&[("acks", "1"), ("linger.ms", "0")]);
    let now = h.now_ms();
    h.pg.cluster_mut().set_fetch_delay(2, 40_000, now).unwrap();
    for i in 0..20 {
        h.send(p, value_record("t", &i.to_string()).to_partition(0));
        h.sleep(3_000);
    }
    assert!(!h.pg.cluster().partition_isr(&tp).contains(&2));
    assert!(replication_events(&h)
        .iter()
        .any(|e| matches!(e, ReplicationEvent::IsrShrunk { broker: 2, .. })));
    let now = h.now_ms();
    h.pg.cluster_mut().set_fetch_delay(2, 0, now).unwrap();
    h.sleep(60_000);
    assert!(h.pg.cluster().partition_isr(&tp).contains(&2));
}

#[test]
fn a_clean_shutdown_moves_leadership_at_once_and_loses_nothing() {
    let mut h = three_brokers(4);
    let tp = topic(&mut h, &[]);
    let p = acks_all(&mut h);
    for i in 0..5 {
        h.send(p, value_record("t", &i.to_string()).to_partition(0));
    }
    h.sleep(100);
    let now = h.now_ms();
    h.pg.cluster_mut().stop_broker(0, now).unwrap();
    assert_eq!(h.pg.cluster().partition_leader(&tp), Some(1));
    // The new leader's HW is the one it had as a follower until broker 2 fetches from it.
    h.sleep(10);
    assert_eq!(hw(&h, &tp), 5);
    for i in 5..8 {
        h.send(p, value_record("t", &i.to_string()).to_partition(0));
    }
    h.sleep(100);
    assert_eq!(
        h.values("t", 0),
        (0..8).map(|i| i.to_string()).collect::<Vec<_>>()
    );
    assert!(h.delivered[p as usize].iter().all(|d| d.is_ok()));
    // The old leader comes back as a follower and catches up; the preferred leader election
    // gives it its leadership back.
    let now = h.now_ms();
    h.pg.cluster_mut().start_broker(0, now).unwrap();
    h.sleep(1_000);
    assert_eq!(h.pg.cluster().replica_log(&tp, 0).unwrap().leo(), 8);
    let now = h.now_ms();
    let results = h.pg.cluster_mut().elect_leaders(
        kplay::engine::replication::Election::Preferred,
        Some(vec![tp.clone()]),
        now,
    );
    assert!(results[0].1.is_ok(), "{results:?}");
    assert_eq!(h.pg.cluster().partition_leader(&tp), Some(0));
}

#[test]
fn unclean_election_loses_acknowledged_records_and_the_old_leader_truncates() {
    let mut h = three_brokers(5);
    let tp = topic(&mut h, &[("unclean.leader.election.enable", "true")]);
    let p = h.producer(&[("acks", "1"), ("linger.ms", "0"), ("retries", "0")]);
    for i in 0..3 {
        h.send(p, value_record("t", &i.to_string()).to_partition(0));
    }
    h.sleep(100);
    // Followers 1 and 2 stop; the leader writes on alone (acks=1): records 3..6 are
    // acknowledged and, with the ISR [0], committed.
    let now = h.now_ms();
    h.pg.cluster_mut().stop_broker(1, now).unwrap();
    h.pg.cluster_mut().stop_broker(2, now).unwrap();
    for i in 3..6 {
        h.send(p, value_record("t", &i.to_string()).to_partition(0));
    }
    h.sleep(100);
    assert_eq!(hw(&h, &tp), 6);
    assert!(h.delivered[p as usize].iter().all(|d| d.is_ok()));
    // The leader crashes; broker 1 returns. Only an unclean election gives the partition a
    // leader, and it has only offsets 0..3.
    let now = h.now_ms();
    h.pg.cluster_mut().crash_broker(0, now).unwrap();
    h.pg.cluster_mut().start_broker(1, now).unwrap();
    h.sleep(10_000);
    assert_eq!(h.pg.cluster().partition_leader(&tp), Some(1));
    let events = replication_events(&h);
    assert!(events.iter().any(|e| matches!(
        e,
        ReplicationEvent::UncleanDataLoss {
            new_leader_leo: 3,
            high_watermark: 6,
            ..
        }
    )));
    h.send(p, value_record("t", "new").to_partition(0));
    h.sleep(100);
    assert_eq!(h.values("t", 0), vec!["0", "1", "2", "new"]);
    // The old leader returns and truncates its diverged records 3..6.
    let now = h.now_ms();
    h.pg.cluster_mut().start_broker(0, now).unwrap();
    h.sleep(1_000);
    let events = replication_events(&h);
    assert!(
        events.iter().any(|e| matches!(
            e,
            ReplicationEvent::Truncated {
                broker: 0,
                from_leo: 6,
                to_offset: 3,
                committed_lost: 3,
                ..
            }
        )),
        "{events:#?}"
    );
    assert_eq!(h.pg.cluster().replica_log(&tp, 0).unwrap().leo(), 4);
    assert_eq!(
        h.pg.cluster()
            .broker_states()
            .find(|b| b.id == 0)
            .unwrap()
            .status,
        BrokerStatus::Running
    );
}

#[test]
fn without_unclean_election_the_partition_waits_offline_and_loses_nothing() {
    let mut h = three_brokers(6);
    let tp = topic(&mut h, &[]);
    let p = h.producer(&[("acks", "1"), ("linger.ms", "0"), ("retries", "0")]);
    let now = h.now_ms();
    h.pg.cluster_mut().stop_broker(1, now).unwrap();
    h.pg.cluster_mut().stop_broker(2, now).unwrap();
    for i in 0..3 {
        h.send(p, value_record("t", &i.to_string()).to_partition(0));
    }
    h.sleep(100);
    let now = h.now_ms();
    h.pg.cluster_mut().crash_broker(0, now).unwrap();
    h.pg.cluster_mut().start_broker(1, now).unwrap();
    h.sleep(10_000);
    assert_eq!(h.pg.cluster().partition_leader(&tp), None, "offline");
    assert_eq!(h.pg.cluster().health().offline, 1);
    let now = h.now_ms();
    h.pg.cluster_mut().start_broker(0, now).unwrap();
    h.sleep(1_000);
    assert_eq!(h.pg.cluster().partition_leader(&tp), Some(0));
    assert_eq!(h.values("t", 0), vec!["0", "1", "2"]);
    h.sleep(1_000);
    assert_eq!(h.pg.cluster().replica_log(&tp, 1).unwrap().leo(), 3);
}

#[test]
fn a_reassignment_copies_the_log_to_new_replicas_then_drops_the_old_ones() {
    let mut h = three_brokers(7);
    let now = h.now_ms();
    let mut request = CreateTopicRequest::new("m", -1, -1);
    request.assignments = vec![kplay::engine::topic::assignment::ReplicaAssignment {
        partition_index: 0,
        broker_ids: vec![0, 1],
    }];
    h.pg.cluster_mut()
        .create_topic(&request, false, now)
        .unwrap();
    let tp = TopicPartition::new("m", 0);
    let p = acks_all(&mut h);
    for i in 0..5 {
        h.send(p, value_record("m", &i.to_string()).to_partition(0));
    }
    h.sleep(100);
    let now = h.now_ms();
    let results =
        h.pg.cluster_mut()
            .alter_partition_reassignments(&[(tp.clone(), Some(vec![1, 2]))], now);
    assert!(results[0].1.is_ok(), "{results:?}");
    let ongoing = h.pg.cluster().list_partition_reassignments();
    assert_eq!(ongoing.len(), 1);
    assert_eq!(ongoing[0].replicas, vec![1, 2, 0]);
    assert_eq!(
        (ongoing[0].adding.clone(), ongoing[0].removing.clone()),
        (vec![2], vec![0])
    );
    h.sleep(1_000);
    assert!(h.pg.cluster().list_partition_reassignments().is_empty());
    assert_eq!(h.pg.cluster().partition_leader(&tp), Some(1));
    let meta = h.pg.cluster().registry().describe_topic("m").unwrap();
    assert_eq!(meta.replicas[0], vec![1, 2]);
    assert_eq!(h.pg.cluster().replica_log(&tp, 2).unwrap().leo(), 5);
    assert!(h.pg.cluster().replica_log(&tp, 0).is_none());
    assert!(!h
        .pg
        .cluster()
        .storage()
        .list()
        .iter()
        .any(|f| f.broker == 0 && f.topic == "m"));
    assert_eq!(h.values("m", 0), ["0", "1", "2", "3", "4"]);
    // Cancelling when nothing is in progress is refused.
    let now = h.now_ms();
    let results =
        h.pg.cluster_mut()
            .alter_partition_reassignments(&[(tp.clone(), None)], now);
    assert!(results[0].1.is_err());
}

#[test]
fn the_group_coordinator_moves_with_its_partition_leader_when_its_broker_crashes() {
    let mut h = three_brokers(8);
    let tp = topic(&mut h, &[]);
    let p = acks_all(&mut h);
    let now = h.now_ms();
    let c =
        h.pg.create_consumer(&[("group.id", "g"), ("auto.offset.reset", "earliest")], now)
            .unwrap();
    h.pg.subscribe(c, &["t"], now).unwrap();
    let mut got = Vec::new();
    let poll_for = |h: &mut PlayHarness, ms: i64, got: &mut Vec<String>| {
        let end = h.now_ms() + ms;
        while h.now_ms() < end {
            let now = h.now_ms();
            for r in h.pg.poll(c, now).unwrap() {
                got.push(r.value_str().unwrap());
            }
            h.collect();
            h.sleep(100);
        }
    };
    for i in 0..5 {
        h.send(p, value_record("t", &format!("a{i}")).to_partition(0));
    }
    poll_for(&mut h, 10_000, &mut got);
    assert_eq!(got.len(), 5, "{got:?}");
    let offsets_tp = h.pg.cluster().group_topic_partition("g");
    let coordinator = h.pg.cluster().partition_leader(&offsets_tp).unwrap();
    let now = h.now_ms();
    h.pg.cluster_mut().crash_broker(coordinator, now).unwrap();
    for i in 0..5 {
        h.send(p, value_record("t", &format!("b{i}")).to_partition(0));
    }
    poll_for(&mut h, 60_000, &mut got);
    let moved_to = h.pg.cluster().partition_leader(&offsets_tp).unwrap();
    assert_ne!(moved_to, coordinator, "the coordinator moved");
    let mut distinct = got.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 10, "every record consumed: {got:?}");
    // The group commits to the new coordinator.
    let described = h.pg.cluster().describe_group("g").unwrap();
    let committed = described
        .partitions
        .iter()
        .find(|p| p.topic_partition == tp)
        .and_then(|p| p.committed_offset);
    assert_eq!(committed, Some(10));
}

#[test]
fn auto_leader_rebalance_returns_leadership_to_the_preferred_replica() {
    let mut h = three_brokers(9);
    let tp = topic(&mut h, &[]);
    let now = h.now_ms();
    h.pg.cluster_mut().stop_broker(0, now).unwrap();
    assert_eq!(h.pg.cluster().partition_leader(&tp), Some(1));
    let now = h.now_ms();
    h.pg.cluster_mut().start_broker(0, now).unwrap();
    h.sleep(1_000);
    assert_eq!(h.pg.cluster().partition_leader(&tp), Some(1));
    // leader.imbalance.check.interval.seconds (300 s) later the controller moves it back.
    h.sleep(300_000);
    assert_eq!(h.pg.cluster().partition_leader(&tp), Some(0));
}

#[test]
fn rack_aware_placement_puts_each_partitions_replicas_on_different_racks() {
    let mut config = PlaygroundConfig::with_brokers(10, VersionProfile::Kafka4x, 4);
    for (id, rack) in [(0, "a"), (1, "a"), (2, "b"), (3, "b")] {
        config.cluster.racks.insert(id, rack.to_owned());
    }
    let mut pg = Playground::new(config, MemoryStorage::new(), START_MS);
    let now = pg.now_ms();
    pg.cluster_mut()
        .create_topic(&CreateTopicRequest::new("r", 8, 2), false, now)
        .unwrap();
    let rack = |id: i32| if id < 2 { "a" } else { "b" };
    let meta = pg.cluster().registry().describe_topic("r").unwrap();
    for replicas in &meta.replicas {
        assert_ne!(rack(replicas[0]), rack(replicas[1]), "{replicas:?}");
    }
    let view = pg.cluster().view();
    assert_eq!(view.brokers[2].rack.as_deref(), Some("b"));
}
