//! The engine's front door end to end: topics, produce, fetch, offsets, retention on the clock.

use kplay::engine::error_code::ErrorCode;
use kplay::engine::event::Event;
use kplay::engine::log::partition_log::FetchUpperBound;
use kplay::engine::log::{DeletionReason, LogEvent, OffsetSpec};
use kplay::engine::record::{batches, BatchBuilder, Compression, TimestampType};
use kplay::engine::topic::registry::{CreateTopicRequest, TopicEvent};
use kplay::engine::topic::AlterConfigOp;
use kplay::engine::topic_partition::TopicPartition;
use kplay::storage::SegmentStorage;

use crate::harness::{Harness, START_MS};

/// A batch of `n` records `key-i`/`value-i` stamped `ts_ms`, as a producer would send it.
fn batch(n: usize, ts_ms: i64) -> Vec<u8> {
    let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 0, ts_ms);
    for i in 0..n {
        let key = format!("key-{i}");
        let value = format!("value-{i}");
        b.append(ts_ms, Some(key.as_bytes()), Some(value.as_bytes()), &[]);
    }
    b.build()
}

fn create(h: &mut Harness, name: &str, partitions: i32, configs: &[(&str, &str)]) {
    let mut request = CreateTopicRequest::new(name, partitions, 1);
    request.configs = configs
        .iter()
        .map(|(k, v)| (k.to_string(), Some(v.to_string())))
        .collect();
    let now = h.now_ms();
    h.cluster
        .create_topic(&request, false, now)
        .expect("create topic");
    h.collect();
}

#[test]
fn produce_then_fetch_returns_the_batches_with_assigned_offsets() {
    let mut h = Harness::new(1);
    create(&mut h, "orders", 2, &[]);
    let tp = TopicPartition::new("orders", 1);
    let now = h.now_ms();
    let first = h.cluster.produce(&tp, &batch(3, now), now).unwrap();
    let second = h.cluster.produce(&tp, &batch(2, now), now).unwrap();
    assert_eq!((first.first_offset, first.last_offset), (0, 2));
    assert_eq!((second.first_offset, second.last_offset), (3, 4));

    let data = h
        .cluster
        .fetch(&tp, 0, 1 << 20, FetchUpperBound::Hw)
        .unwrap();
    let headers: Vec<_> = batches(&data.records)
        .map(|b| *b.unwrap().header())
        .collect();
    assert_eq!(
        headers
            .iter()
            .map(|h| (h.base_offset, h.last_offset()))
            .collect::<Vec<_>>(),
        [(0, 2), (3, 4)]
    );
    assert_eq!((data.offsets.hw(), data.offsets.leo()), (5, 5));

    // Partition 0 saw nothing; fetching past the end is Kafka's OFFSET_OUT_OF_RANGE.
    let p0 = TopicPartition::new("orders", 0);
    assert_eq!(
        h.cluster
            .fetch(&p0, 1, 1024, FetchUpperBound::Hw)
            .unwrap_err()
            .code,
        ErrorCode::OffsetOutOfRange
    );
    let unknown = TopicPartition::new("orders", 7);
    assert_eq!(
        h.cluster
            .produce(&unknown, &batch(1, now), now)
            .unwrap_err()
            .code,
        ErrorCode::UnknownTopicOrPartition
    );

    h.collect();
    let appended = h
        .events
        .iter()
        .filter(|(_, e)| {
            matches!(
                e,
                Event::Log {
                    event: LogEvent::Appended { .. },
                    ..
                }
            )
        })
        .count();
    assert_eq!(appended, 2);
}

#[test]
fn list_offsets_and_delete_records_move_the_log_start() {
    let mut h = Harness::new(2);
    create(&mut h, "t", 1, &[]);
    let tp = TopicPartition::new("t", 0);
    for i in 0..4 {
        let now = h.now_ms();
        h.cluster
            .produce(&tp, &batch(5, START_MS + i * 1000), now)
            .unwrap();
    }
    let earliest = h
        .cluster
        .list_offsets(&tp, OffsetSpec::Earliest, FetchUpperBound::Hw)
        .unwrap()
        .unwrap();
    let latest = h
        .cluster
        .list_offsets(&tp, OffsetSpec::Latest, FetchUpperBound::Hw)
        .unwrap()
        .unwrap();
    assert_eq!((earliest.offset, latest.offset), (0, 20));
    let by_time = h
        .cluster
        .list_offsets(
            &tp,
            OffsetSpec::Timestamp(START_MS + 1500),
            FetchUpperBound::Hw,
        )
        .unwrap();
    assert_eq!(
        by_time.map(|t| t.offset),
        Some(10),
        "first offset whose timestamp is at or after 1.5 s"
    );

    let now = h.now_ms();
    assert_eq!(h.cluster.delete_records(&tp, 12, now).unwrap(), 12);
    let earliest = h
        .cluster
        .list_offsets(&tp, OffsetSpec::Earliest, FetchUpperBound::Hw)
        .unwrap()
        .unwrap();
    assert_eq!(earliest.offset, 12);
    assert_eq!(
        h.cluster
            .fetch(&tp, 11, 1024, FetchUpperBound::Hw)
            .unwrap_err()
            .code,
        ErrorCode::OffsetOutOfRange
    );
    // Beyond the high watermark is refused, as Kafka's DeleteRecords does.
    assert_eq!(
        h.cluster.delete_records(&tp, 21, now).unwrap_err().code,
        ErrorCode::OffsetOutOfRange
    );
}

#[test]
fn retention_runs_on_the_simulated_clock_and_deletes_old_segments() {
    let mut h = Harness::new(3);
    // Small segments (Kafka's internal.segment.bytes) and one minute of retention.
    create(
        &mut h,
        "logs",
        1,
        &[("internal.segment.bytes", "300"), ("retention.ms", "60000")],
    );
    let tp = TopicPartition::new("logs", 0);
    for _ in 0..6 {
        let now = h.now_ms();
        h.cluster.produce(&tp, &batch(3, now), now).unwrap();
        h.sleep(1_000);
    }
    let segments_before = h.cluster.view().topics[0].partitions[0].segments.len();
    assert!(
        segments_before > 2,
        "small segments roll: {segments_before}"
    );

    // The retention check first runs 30 s after start, then every 5 minutes: at the 5:30 mark
    // every record is older than a minute and all but the (rolled, empty) active segment go.
    h.run_until(START_MS + 330_000);
    let deleted: Vec<_> = h
        .events
        .iter()
        .filter_map(|(t, e)| match e {
            Event::Log {
                event:
                    LogEvent::SegmentDeleted {
                        reason: DeletionReason::RetentionMs,
                        ..
                    },
                ..
            } => Some(*t),
            _ => None,
        })
        .collect();
    assert_eq!(deleted.len(), segments_before);
    assert!(
        deleted.iter().all(|&t| t == START_MS + 330_000),
        "deleted at the 5:30 check: {deleted:?}"
    );
    let p = &h.cluster.view().topics[0].partitions[0];
    assert_eq!((p.log_start_offset, p.leo, p.segments.len()), (18, 18, 1));
    // Nothing of the deleted segments is left in storage.
    assert_eq!(
        h.cluster
            .storage()
            .list()
            .iter()
            .filter(|f| f.kind == kplay::storage::FileKind::Log)
            .count(),
        1
    );
}

#[test]
fn topic_admin_changes_logs_and_emits_events() {
    let mut h = Harness::new(4);
    create(&mut h, "a", 1, &[]);
    let now = h.now_ms();
    h.cluster
        .create_partitions("a", 3, None, false, now)
        .unwrap();
    assert_eq!(h.cluster.view().topics[0].partitions.len(), 3);
    let ops = [AlterConfigOp::Set {
        name: "cleanup.policy".into(),
        value: "compact".into(),
    }];
    h.cluster
        .alter_topic_configs("a", &ops, false, now)
        .unwrap();
    let tp = TopicPartition::new("a", 2);
    assert!(
        h.cluster.log(&tp).unwrap().config().cleanup_policy.compact,
        "logs take the new config"
    );
    // A compacted topic refuses records without a key, with Kafka's message.
    let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 0, now);
    b.append(now, None, Some(b"v"), &[]);
    let err = h.cluster.produce(&tp, &b.build(), now).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidRecord);
    assert!(
        err.message
            .contains("Compacted topic cannot accept message without key"),
        "{}",
        err.message
    );

    assert_eq!(
        h.cluster
            .create_topic(&CreateTopicRequest::new("a", 1, 1), false, now)
            .unwrap_err()
            .code,
        ErrorCode::TopicAlreadyExists
    );
    h.cluster.delete_topic("a", now).unwrap();
    assert!(h.cluster.view().topics.is_empty());
    assert!(
        h.cluster.storage().list().is_empty(),
        "a deleted topic leaves no files"
    );
    h.collect();
    let kinds: Vec<&str> = h
        .events
        .iter()
        .filter_map(|(_, e)| match e {
            Event::Topic(TopicEvent::Created { .. }) => Some("created"),
            Event::Topic(TopicEvent::PartitionsAdded { .. }) => Some("partitions"),
            Event::Topic(TopicEvent::ConfigChanged { .. }) => Some("config"),
            Event::Topic(TopicEvent::Deleted { .. }) => Some("deleted"),
            _ => None,
        })
        .collect();
    assert_eq!(kinds, ["created", "partitions", "config", "deleted"]);
}

#[test]
fn the_same_seed_and_inputs_replay_identically() {
    let run = |seed| {
        let mut h = Harness::new(seed);
        create(&mut h, "x", 4, &[]);
        create(&mut h, "y", 2, &[]);
        let tp = TopicPartition::new("x", 3);
        let now = h.now_ms();
        h.cluster.produce(&tp, &batch(2, now), now).unwrap();
        h.sleep(60_000);
        (h.cluster.view(), h.events)
    };
    let (view_a, events_a) = run(9);
    let (view_b, events_b) = run(9);
    assert_eq!(view_a, view_b);
    assert_eq!(events_a, events_b);
    let (view_c, _) = run(10);
    assert_ne!(
        view_a.topics[0].topic_id, view_c.topics[0].topic_id,
        "another seed draws other ids"
    );
}
