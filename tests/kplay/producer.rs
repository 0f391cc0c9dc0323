//! The producer over the simulated network, without faults: partitioning, batching on the
//! simulated clock, acks, compression, memory and delivery timeouts.

use kplay::engine::event::Event;
use kplay::engine::log::FetchUpperBound;
use kplay::engine::net::Fault;
use kplay::engine::producer::event::{BlockedOn, ProducerEvent};
use kplay::engine::producer::partitioner::PartitionChoice;
use kplay::engine::producer::record::ProducerRecord;
use kplay::engine::producer::UNKNOWN_OFFSET;
use kplay::engine::profile::VersionProfile;
use kplay::engine::record::{batches, Compression};
use kplay::engine::topic_partition::TopicPartition;

use super::producer_harness::{value_record, PlayHarness};

/// A producer without idempotence (which needs the broker's InitProducerId).
const PLAIN: [(&str, &str); 2] = [("enable.idempotence", "false"), ("acks", "all")];

fn with(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut v = PLAIN.to_vec();
    v.extend_from_slice(extra);
    v
}

fn value_of(n: usize) -> Vec<u8> {
    format!("{n:0100}").into_bytes()
}

#[test]
fn acks_1_and_all_report_the_offsets_the_leader_assigned() {
    for acks in ["1", "all"] {
        let mut h = PlayHarness::new(VersionProfile::Kafka4x, 1, 2);
        h.create_topic("t", 1);
        let p = h.producer(&[
            ("enable.idempotence", "false"),
            ("acks", acks),
            ("linger.ms", "0"),
        ]);
        let ids: Vec<_> = (0..3)
            .map(|i| {
                let id = h.send(p, value_record("t", &format!("v{i}")).to_partition(0));
                h.sleep(10);
                id
            })
            .collect();
        for (i, id) in ids.into_iter().enumerate() {
            let d = h.result(p, id).unwrap();
            assert_eq!((d.partition, d.offset), (0, i as i64), "acks={acks}");
            assert_eq!(d.choice, Some(PartitionChoice::Explicit { partition: 0 }));
        }
        assert_eq!(h.values("t", 0), vec!["v0", "v1", "v2"]);
    }
}

#[test]
fn acks_0_reports_success_with_an_unknown_offset() {
    let mut h = PlayHarness::new(VersionProfile::Kafka2_5, 1, 2);
    h.create_topic("t", 1);
    let p = h.producer(&[("acks", "0")]);
    let id = h.send(p, value_record("t", "fire-and-forget"));
    // Completed as soon as the request left, before it even reached the broker.
    let d = h.result(p, id).expect("acks=0 completes on send").clone();
    assert!(d.is_ok());
    assert_eq!(d.offset, UNKNOWN_OFFSET);
    h.sleep(10);
    assert_eq!(h.values("t", 0), vec!["fire-and-forget"]);
}

#[test]
fn same_key_same_partition_and_added_partitions_move_keys() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 3, 0);
    h.create_topic("orders", 3);
    let p = h.producer(&with(&[("linger.ms", "0")]));
    // "foobar" hashes to 1357151166: partition 0 of 3, partition 6 of 12 (fixture vector).
    let keyed = || ProducerRecord::keyed("orders", b"foobar", b"v");
    let first: Vec<_> = (0..5).map(|_| h.send(p, keyed())).collect();
    h.sleep(5);
    for id in first {
        assert_eq!(h.result(p, id).unwrap().partition, 0);
    }
    let now = h.now_ms();
    h.pg.cluster_mut()
        .create_partitions("orders", 12, None, false, now)
        .unwrap();
    let after = h.send(p, keyed());
    h.sleep(5);
    let d = h.result(p, after).unwrap();
    assert_eq!(d.partition, 6, "the producer read the new partition count");
    assert_eq!(
        d.choice,
        Some(PartitionChoice::Keyed {
            partition: 6,
            murmur2: -790_332_482,
            to_positive: 1_357_151_166,
            num_partitions: 12,
        })
    );
    assert_eq!(h.values("orders", 0).len(), 5);
    assert_eq!(h.values("orders", 6).len(), 1);
}

/// Records with their batch, from the events.
fn appended(h: &PlayHarness) -> Vec<(u64, u64, PartitionChoice)> {
    h.events
        .iter()
        .filter_map(|(_, e)| match e {
            Event::ProducerClient {
                event:
                    ProducerEvent::RecordAppended {
                        record_id,
                        batch_id,
                        choice,
                    },
                ..
            } => Some((record_id.0, batch_id.0, *choice)),
            _ => None,
        })
        .collect()
}

#[test]
fn legacy_sticky_partitioner_switches_exactly_when_a_new_batch_is_created() {
    // Kafka 2.5's DefaultPartitioner, batches held back by a long linger.
    let mut h = PlayHarness::new(VersionProfile::Kafka2_5, 11, 0);
    h.create_topic("t", 6);
    let p = h.producer(&[("linger.ms", "10000"), ("batch.size", "1000")]);
    for i in 0..40 {
        h.send(p, ProducerRecord::new("t", &value_of(i)));
    }
    let records = appended(&h);
    assert_eq!(records.len(), 40);
    let mut runs = 0;
    for pair in records.windows(2) {
        let ((_, b0, c0), (_, b1, c1)) = (pair[0], pair[1]);
        if b0 == b1 {
            assert_eq!(c0.partition(), c1.partition(), "a batch has one partition");
        } else {
            runs += 1;
            // A new batch moves the sticky partition to another one, and says so.
            assert_ne!(c0.partition(), c1.partition());
            assert!(matches!(
                c1,
                PartitionChoice::StickyUntilNewBatch { switched: true, .. }
            ));
        }
    }
    // 1000-byte batches hold 8 records of 100 bytes. When the 9th opens a batch elsewhere,
    // the full batch makes the broker ready, and `drain` takes the first batch of *every*
    // partition it leads, the new one-record batch included; so the 10th record finds no
    // batch and moves the partition again.
    let mut sizes: Vec<usize> = Vec::new();
    for pair in records.chunk_by(|a, b| a.1 == b.1) {
        sizes.push(pair.len());
    }
    assert_eq!(sizes, vec![8, 1, 8, 1, 8, 1, 8, 1, 4], "{records:?}");
    assert_eq!(runs, 8);
}

#[test]
fn linger_expiry_moves_the_legacy_sticky_partition_but_not_the_uniform_one() {
    let mut legacy = Vec::new();
    let mut uniform = Vec::new();
    for (profile, out) in [
        (VersionProfile::Kafka2_5, &mut legacy),
        (VersionProfile::Kafka4x, &mut uniform),
    ] {
        let mut h = PlayHarness::new(profile, 5, 0);
        h.create_topic("t", 4);
        let p = h.producer(&with(&[("linger.ms", "5"), ("acks", "1")]));
        for i in 0..6 {
            let id = h.send(p, ProducerRecord::new("t", &value_of(i)));
            h.sleep(10); // each record's batch lingers out and is sent alone
            out.push(h.result(p, id).unwrap().partition);
        }
    }
    // 2.4-3.2: every record needed a new batch, so every record moved the partition.
    assert!(legacy.windows(2).all(|w| w[0] != w[1]), "{legacy:?}");
    // 3.3+: fewer than batch.size bytes were produced, so the partition stayed.
    assert!(uniform.windows(2).all(|w| w[0] == w[1]), "{uniform:?}");
}

#[test]
fn uniform_sticky_partitioner_switches_after_batch_size_bytes() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 21, 0);
    h.create_topic("t", 5);
    let p = h.producer(&with(&[("linger.ms", "10000"), ("batch.size", "1000")]));
    for i in 0..60 {
        h.send(p, ProducerRecord::new("t", &value_of(i)));
    }
    let records = appended(&h);
    let mut runs = Vec::new();
    let mut run_start = 0;
    for i in 1..records.len() {
        let (_, _, choice) = records[i];
        let (_, _, prev) = records[i - 1];
        let (
            PartitionChoice::UniformSticky {
                produced_bytes,
                batch_size,
                partition,
                ..
            },
            PartitionChoice::UniformSticky {
                produced_bytes: prev_bytes,
                partition: prev_partition,
                ..
            },
        ) = (choice, prev)
        else {
            panic!("null keys use the built-in partitioner: {choice:?}")
        };
        assert_eq!(batch_size, 1000);
        if produced_bytes == 0 {
            runs.push((i - run_start, prev_bytes));
            run_start = i;
        } else {
            assert_eq!(
                partition, prev_partition,
                "the partition sticks within a run"
            );
            assert!(produced_bytes > prev_bytes);
        }
    }
    // The first run, on fresh partitions: 8 records fill a 1000-byte batch (933 bytes); the
    // 9th opens a second batch (1103 bytes produced, past batch.size, but the switch waits for
    // a full batch); the 17th opens a third and crosses 2 * batch.size: switch.
    assert_eq!(runs[0], (17, 1866), "{runs:?}");
    for (len, bytes_before_last) in &runs {
        assert!(*len >= 8, "{runs:?}");
        assert!((830..2000).contains(bytes_before_last), "{runs:?}");
    }
    assert!(runs.len() >= 3, "{runs:?}");
}

#[test]
fn round_robin_partitioner_cycles_and_skips_on_new_batches() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 2, 0);
    h.create_topic("t", 3);
    let p = h.producer(&with(&[
        ("linger.ms", "10000"),
        (
            "partitioner.class",
            "org.apache.kafka.clients.producer.RoundRobinPartitioner",
        ),
    ]));
    for i in 0..6 {
        h.send(p, ProducerRecord::keyed("t", b"same-key", &value_of(i)));
    }
    let partitions: Vec<i32> = appended(&h).iter().map(|r| r.2.partition()).collect();
    // A record whose first pick has no batch yet asks `partition()` again (KAFKA-9965):
    // counter 0 → p0 (no batch) then 1 → p1; 2 → p2 (no batch) then 3 → p0; 4 → p1 (batch);
    // 5 → p2 (no batch) then 6 → p0; ... partition 2 never gets a record.
    assert_eq!(partitions, vec![1, 0, 1, 0, 1, 0]);
}

#[test]
fn linger_ms_holds_a_batch_until_it_elapses() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 1, 0);
    h.create_topic("t", 1);
    let p = h.producer(&with(&[("linger.ms", "100")]));
    let start = h.now_ms();
    let id = h.send(p, value_record("t", "a"));
    h.run_until(start + 99);
    assert!(h.values("t", 0).is_empty(), "still lingering at 99 ms");
    assert!(h.result(p, id).is_none());
    h.run_until(start + 100);
    assert_eq!(h.values("t", 0), vec!["a"]);
    assert_eq!(h.result(p, id).unwrap().offset, 0);
}

#[test]
fn a_full_batch_is_sent_without_waiting_for_linger() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 1, 0);
    h.create_topic("t", 1);
    let p = h.producer(&with(&[("linger.ms", "60000"), ("batch.size", "1000")]));
    for i in 0..8 {
        h.send(p, ProducerRecord::new("t", &value_of(i)).to_partition(0));
    }
    assert!(
        h.values("t", 0).is_empty(),
        "8 records fit one 1000-byte batch"
    );
    h.send(p, ProducerRecord::new("t", &value_of(8)).to_partition(0));
    // The 9th record opened a second batch: the first is full and went at once.
    assert_eq!(h.values("t", 0).len(), 8);
    let drained: Vec<usize> = h
        .events
        .iter()
        .filter_map(|(_, e)| match e {
            Event::ProducerClient {
                event:
                    ProducerEvent::BatchDrained {
                        records,
                        size_bytes,
                        ..
                    },
                ..
            } => Some(*records * 10_000 + *size_bytes),
            _ => None,
        })
        .collect();
    assert_eq!(drained.len(), 1);
    assert!(drained[0] % 10_000 <= 1000);
}

#[test]
fn compression_is_applied_per_batch_and_visible() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 1, 0);
    h.create_topic("t", 1);
    let p = h.producer(&with(&[("compression.type", "gzip"), ("linger.ms", "0")]));
    h.send(p, ProducerRecord::new("t", &[b'a'; 2000]).to_partition(0));
    h.sleep(1);
    let (size, estimate, compression) = h
        .events
        .iter()
        .find_map(|(_, e)| match e {
            Event::ProducerClient {
                event:
                    ProducerEvent::BatchDrained {
                        size_bytes,
                        uncompressed_estimate_bytes,
                        compression,
                        ..
                    },
                ..
            } => Some((*size_bytes, *uncompressed_estimate_bytes, *compression)),
            _ => None,
        })
        .unwrap();
    assert_eq!(compression, Compression::Gzip);
    assert!(
        size < estimate / 4,
        "2000 repeated bytes compress well: {size} of {estimate}"
    );
    let data =
        h.pg.cluster()
            .fetch(
                &TopicPartition::new("t", 0),
                0,
                1 << 20,
                FetchUpperBound::Leo,
            )
            .unwrap();
    let batch = batches(&data.records).next().unwrap().unwrap();
    assert_eq!(batch.header().attributes.compression, Compression::Gzip);
}

#[test]
fn delivery_timeout_fails_a_batch_that_never_gets_an_answer() {
    let mut h = PlayHarness::new(VersionProfile::Kafka2_5, 1, 0);
    h.create_topic("t", 1);
    let p = h.producer(&[
        ("linger.ms", "0"),
        ("request.timeout.ms", "1000"),
        ("delivery.timeout.ms", "2500"),
    ]);
    for _ in 0..10 {
        h.pg.inject(Fault::DropNextRequest {
            client: p,
            broker: 0,
        });
    }
    let start = h.now_ms();
    let id = h.send(p, value_record("t", "lost"));
    h.run_until(start + 2499);
    assert!(
        h.result(p, id).is_none(),
        "still trying before delivery.timeout.ms"
    );
    h.run_until(start + 2600);
    let d = h.result(p, id).expect("expired");
    let e = d.error.as_ref().unwrap();
    assert_eq!(e.exception, "TimeoutException");
    assert_eq!(
        e.message,
        "Expiring 1 record(s) for t-0:2500 ms has passed since batch creation"
    );
    // Retried after each request timeout: at 0, 1100 and 2200 ms.
    let retries = h
        .events
        .iter()
        .filter(|(_, e)| {
            matches!(
                e,
                Event::ProducerClient {
                    event: ProducerEvent::BatchRetried { .. },
                    ..
                }
            )
        })
        .count();
    assert_eq!(retries, 2);
}

#[test]
fn an_exhausted_buffer_blocks_send_then_fails_after_max_block_ms() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 1, 0);
    h.create_topic("t", 1);
    let p = h.producer(&with(&[
        ("buffer.memory", "2000"),
        ("batch.size", "1000"),
        ("linger.ms", "0"),
        ("max.block.ms", "500"),
    ]));
    // A broker taking 10 s per request keeps both batches' memory in use.
    h.pg.inject(Fault::SlowBroker {
        broker: 0,
        processing_ms: 10_000,
    });
    let start = h.now_ms();
    let a = h.send(p, ProducerRecord::new("t", &[1; 900]).to_partition(0));
    let b = h.send(p, ProducerRecord::new("t", &[2; 900]).to_partition(0));
    let c = h.send(p, ProducerRecord::new("t", &[3; 900]).to_partition(0));
    assert!(h.events.iter().any(|(_, e)| matches!(
        e,
        Event::ProducerClient {
            event: ProducerEvent::SendBlocked {
                on: BlockedOn::Memory,
                ..
            },
            ..
        }
    )));
    h.run_until(start + 499);
    assert!(h.result(p, c).is_none());
    h.run_until(start + 500);
    let e = h.result(p, c).unwrap().error.clone().unwrap();
    assert_eq!(e.exception, "BufferExhaustedException");
    assert_eq!(
        e.message,
        "Failed to allocate memory within the configured max blocking time 500 ms."
    );
    h.sleep(20_000);
    assert!(h.result(p, a).unwrap().is_ok() && h.result(p, b).unwrap().is_ok());
}

#[test]
fn a_send_to_a_missing_topic_waits_for_it_or_times_out() {
    // Without auto-creation, the producer waits for metadata that never comes.
    let mut h = PlayHarness::with_broker_configs(
        VersionProfile::Kafka4x,
        1,
        0,
        &[("auto.create.topics.enable", "false")],
    );
    let p = h.producer(&with(&[("max.block.ms", "1000"), ("linger.ms", "0")]));
    let start = h.now_ms();
    let lost = h.send(p, value_record("nope", "x"));
    h.run_until(start + 1000);
    let e = h.result(p, lost).unwrap().error.clone().unwrap();
    assert_eq!(e.exception, "TimeoutException");
    assert_eq!(
        e.message,
        "Topic nope not present in metadata after 1000 ms."
    );
    let waiting = h.send(p, value_record("later", "y"));
    h.sleep(200);
    h.create_topic("later", 1);
    // The producer looks again every retry.backoff.ms (its metadata refresh backoff).
    h.sleep(150);
    assert!(h.result(p, waiting).unwrap().is_ok());
    assert_eq!(h.values("later", 0), vec!["y"]);
}

#[test]
fn a_send_to_a_missing_topic_creates_it_with_the_broker_defaults() {
    // `auto.create.topics.enable=true`, Kafka's default: the producer's metadata request
    // creates the topic with `num.partitions` partitions.
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 1, 0);
    let p = h.producer(&with(&[("linger.ms", "0")]));
    let sent = h.send(p, value_record("fresh", "x"));
    h.sleep(100);
    assert!(h.result(p, sent).unwrap().is_ok());
    assert_eq!(h.values("fresh", 0), vec!["x"]);
}

#[test]
fn invalid_partitions_are_refused_as_kafka_refuses_them() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 1, 0);
    h.create_topic("t", 2);
    let p = h.producer(&PLAIN);
    let now = h.now_ms();
    let e =
        h.pg.send(p, value_record("t", "x").to_partition(2), now)
            .unwrap_err();
    assert_eq!(
        e.to_string(),
        "KafkaException: Invalid partition given with record: 2 is not in the range [0...2)."
    );
}
