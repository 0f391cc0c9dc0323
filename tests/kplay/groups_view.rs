//! The groups panel's plain data (`engine::group::groups_view`) over a playground whose
//! consumers join, share, leave and commit on the simulated clock.

use kplay::engine::group::coordinator::{ClassicGroupState, GroupEvent};
use kplay::engine::group::groups_view::{groups_view, TimelineKind, TIMELINE_ENTRIES_MAX};
use kplay::engine::playground::{Playground, PlaygroundConfig};
use kplay::engine::producer::record::ProducerRecord;
use kplay::engine::profile::VersionProfile;
use kplay::engine::topic::registry::CreateTopicRequest;
use kplay::engine::topic_partition::TopicPartition;
use kplay::storage::memory::MemoryStorage;

const NOW_MS: i64 = 1_700_000_000_000;

fn tp(p: i32) -> TopicPartition {
    TopicPartition {
        topic: "t".to_owned(),
        partition: p,
    }
}

/// A playground with topic `t` of two partitions holding three records.
fn playground() -> Playground<MemoryStorage> {
    let mut pg = Playground::new(
        PlaygroundConfig::new(7, VersionProfile::Kafka4x),
        MemoryStorage::new(),
        NOW_MS,
    );
    pg.cluster_mut()
        .create_topic(&CreateTopicRequest::new("t", 2, 1), false, NOW_MS)
        .unwrap();
    pg.collect_events();
    let producer = pg.create_producer(&[], NOW_MS).unwrap();
    for (p, v) in [(0, "a"), (0, "b"), (1, "c")] {
        let record = ProducerRecord {
            topic: "t".to_owned(),
            partition: Some(p),
            key: None,
            value: Some(v.as_bytes().to_vec()),
            headers: Vec::new(),
            timestamp_ms: None,
        };
        pg.send(producer, record, NOW_MS).unwrap();
    }
    pg.close_producer(producer, NOW_MS).unwrap();
    pg
}

/// Polls every consumer every 100 ms for `ms`.
fn run(pg: &mut Playground<MemoryStorage>, ms: i64) {
    let end = pg.now_ms() + ms;
    while pg.now_ms() < end {
        let next = pg.now_ms() + 100;
        pg.pass_time(next);
        for id in 0..pg.consumers().len() as u32 {
            if !pg.consumers()[id as usize].is_closed() {
                pg.poll(id, next).unwrap();
            }
        }
    }
}

fn consumer(pg: &mut Playground<MemoryStorage>, extra: &[(&str, &str)]) -> u32 {
    let now = pg.now_ms();
    let mut configs = vec![("group.id", "g"), ("auto.offset.reset", "earliest")];
    configs.extend_from_slice(extra);
    let id = pg.create_consumer(&configs, now).unwrap();
    pg.subscribe(id, &["t"], now).unwrap();
    id
}

#[test]
fn a_stable_group_shows_its_member_partitions_lag_and_timeline() {
    let mut pg = playground();
    consumer(&mut pg, &[]);
    run(&mut pg, 15_000);
    let view = groups_view(pg.cluster(), pg.events());
    assert_eq!(view.groups_omitted, 0);
    let [g] = view.groups.as_slice() else {
        panic!("one group expected: {view:?}");
    };
    assert_eq!(g.group_id, "g");
    assert_eq!(g.state, ClassicGroupState::Stable);
    assert_eq!(g.generation_id, 1);
    assert_eq!(g.protocol_type.as_deref(), Some("consumer"));
    assert!(g.protocol_name.is_some());
    let [m] = g.members.as_slice() else {
        panic!("one member expected: {g:?}");
    };
    assert!(m.is_leader);
    assert_eq!(m.colour, 0);
    assert_eq!(m.assignment, [tp(0), tp(1)]);
    assert!(m.short_id.len() < m.member_id.len());
    assert!(m.short_id.starts_with(&m.client_id));
    let lags: Vec<_> = g
        .partitions
        .iter()
        .map(|p| (p.topic_partition.partition, p.committed_offset, p.lag))
        .collect();
    assert_eq!(lags, [(0, Some(2), Some(0)), (1, Some(1), Some(0))]);
    let kinds: Vec<_> = g.timeline.iter().map(|e| e.kind).collect();
    assert!(kinds.contains(&TimelineKind::Join), "{kinds:?}");
    assert!(kinds.contains(&TimelineKind::Sync), "{kinds:?}");
    assert!(kinds.contains(&TimelineKind::Commit), "{kinds:?}");
    assert!(g.timeline.windows(2).all(|w| w[0].seq < w[1].seq));
    // One OffsetCommit request of both partitions is one entry.
    let commit = g
        .timeline
        .iter()
        .rev()
        .find(|e| e.kind == TimelineKind::Commit)
        .unwrap();
    assert_eq!(commit.committed, [(tp(0), 2), (tp(1), 1)]);
}

#[test]
fn a_second_member_takes_a_partition_and_a_third_is_idle() {
    let mut pg = playground();
    consumer(&mut pg, &[]);
    run(&mut pg, 10_000);
    consumer(&mut pg, &[("group.instance.id", "static-2")]);
    consumer(&mut pg, &[]);
    run(&mut pg, 20_000);
    let view = groups_view(pg.cluster(), pg.events());
    let g = &view.groups[0];
    assert_eq!(g.state, ClassicGroupState::Stable);
    assert_eq!(g.members.len(), 3);
    let colours: Vec<_> = g.members.iter().map(|m| m.colour).collect();
    assert_eq!(colours, [0, 1, 2]);
    let owned: usize = g.members.iter().map(|m| m.assignment.len()).sum();
    assert_eq!(owned, 2);
    assert_eq!(
        g.members.iter().filter(|m| m.assignment.is_empty()).count(),
        1
    );
    assert!(g
        .members
        .iter()
        .any(|m| m.group_instance_id.as_deref() == Some("static-2")));
    for p in &g.partitions {
        let owner = p.member_id.as_deref().unwrap();
        assert!(g.colour_of(owner).is_some());
    }
}

#[test]
fn a_closed_member_leaves_the_group_empty_and_the_timeline_says_why() {
    let mut pg = playground();
    let id = consumer(&mut pg, &[]);
    run(&mut pg, 10_000);
    let now = pg.now_ms();
    pg.close_consumer(id, now).unwrap();
    run(&mut pg, 1_000);
    let view = groups_view(pg.cluster(), pg.events());
    let g = &view.groups[0];
    assert_eq!(g.state, ClassicGroupState::Empty);
    assert!(g.members.is_empty());
    assert!(g.timeline.iter().any(|e| e.kind == TimelineKind::Removal));
    assert!(matches!(
        g.timeline.last().map(|e| &e.event),
        Some(GroupEvent::StateChanged {
            to: ClassicGroupState::Empty,
            ..
        })
    ));
    // Committed offsets stay with the empty group.
    assert!(g.partitions.iter().all(|p| p.lag == Some(0)));
}

#[test]
fn the_timeline_keeps_the_newest_entries_and_counts_the_rest() {
    let mut pg = playground();
    consumer(&mut pg, &[("auto.commit.interval.ms", "100")]);
    run(&mut pg, 20_000);
    let view = groups_view(pg.cluster(), pg.events());
    let g = &view.groups[0];
    assert_eq!(g.timeline.len(), TIMELINE_ENTRIES_MAX);
    assert!(g.timeline_omitted > 0);
}
