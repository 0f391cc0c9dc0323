//! The producer path for 100-byte records, end to end in one playground: partition
//! (murmur2 of the key, or the sticky partitioner), accumulate into 16 KiB batches, build the
//! v2 batch, carry the Produce request over a zero-latency network, append to the leader's
//! log (`UnifiedLog.appendAsLeader`), and deliver each record's result.
//!
//! Kafka 4.x defaults (idempotent, `acks=all`, `linger.ms=5`), one topic of 6 partitions on
//! one broker with the in-memory storage, one long-lived playground (steady state: the topic
//! is deleted and re-created between rounds, outside the timed section, so memory stays flat).
//! Throughput is per record.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kplay::engine::playground::{Playground, PlaygroundConfig};
use kplay::engine::producer::record::ProducerRecord;
use kplay::engine::profile::VersionProfile;
use kplay::engine::topic::registry::CreateTopicRequest;
use kplay::storage::memory::MemoryStorage;
use std::hint::black_box;
use std::time::{Duration, Instant};

const RECORDS: usize = 20_000;
const T0: i64 = 1_700_000_000_000;

fn playground() -> Playground<MemoryStorage> {
    let mut config = PlaygroundConfig::new(1, VersionProfile::Kafka4x);
    config.latency_ms = 0;
    let mut pg = Playground::new(config, MemoryStorage::new(), T0);
    pg.create_producer(&[], T0).unwrap();
    // InitProducerId answered before the clock starts.
    pg.handle_timeout(T0);
    pg
}

/// A fresh, empty topic (the previous round's log is deleted, untimed, so memory stays flat).
fn fresh_topic(pg: &mut Playground<MemoryStorage>) {
    let now = pg.now_ms();
    let _ = pg.cluster_mut().delete_topic("bench", now);
    pg.cluster_mut()
        .create_topic(&CreateTopicRequest::new("bench", 6, 1), false, now)
        .unwrap();
    pg.collect_events();
}

/// Sends `records` (taking results as they come, as Kafka runs callbacks), lets the last
/// batches linger out, and takes the remaining results.
fn run(pg: &mut Playground<MemoryStorage>, records: Vec<ProducerRecord>) -> usize {
    let now = pg.now_ms();
    let mut delivered = 0;
    let mut take = |pg: &mut Playground<MemoryStorage>| {
        while let Some(d) = pg.poll_delivery(0) {
            assert!(d.error.is_none(), "{d:?}");
            delivered += 1;
        }
    };
    for r in records {
        pg.send(0, r, now).unwrap();
        take(pg);
    }
    pg.handle_timeout(now + 5);
    take(pg);
    assert_eq!(delivered, RECORDS);
    delivered
}

/// Times `iters` rounds of [`run`] on one long-lived playground (steady state), building the
/// records and resetting the topic outside the timed section.
fn timed(iters: u64, make: impl Fn(usize) -> ProducerRecord) -> Duration {
    let mut pg = playground();
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        fresh_topic(&mut pg);
        let records: Vec<ProducerRecord> = (0..RECORDS).map(&make).collect();
        let start = Instant::now();
        black_box(run(&mut pg, records));
        total += start.elapsed();
    }
    total
}

fn bench(c: &mut Criterion) {
    let value = [b'v'; 100];
    let mut g = c.benchmark_group("producer");
    g.throughput(Throughput::Elements(RECORDS as u64));
    g.bench_function("keyed_100B_records", |b| {
        b.iter_custom(|iters| {
            timed(iters, |i| {
                ProducerRecord::keyed("bench", &(i as u32).to_be_bytes(), &value)
            })
        })
    });
    g.bench_function("null_key_100B_records", |b| {
        b.iter_custom(|iters| timed(iters, |_| ProducerRecord::new("bench", &value)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
