//! The partition strip's cost on a big partition: reading one window
//! (`records_view::records_window`, `WINDOW_RECORDS_MAX` records) and inspecting one batch
//! (`inspect_batch`) at the start, the middle and the end of a partition of one million
//! records, in 1,000 batches of 1,000 with Kafka's default 1 GiB segments and 4 KiB index
//! interval. Issue 9 asks that such a partition scroll smoothly: each slider move reads one
//! window, so one window must cost far less than a frame (16.7 ms) wherever it starts, which
//! the offset index (`OffsetIndex.lookup`, a binary search) makes independent of the offset.

use criterion::{criterion_group, criterion_main, Criterion};
use kplay::engine::cluster::{Cluster, ClusterConfig};
use kplay::engine::record::{BatchBuilder, Compression, TimestampType};
use kplay::engine::records_view::{inspect_batch, records_window};
use kplay::engine::topic::registry::CreateTopicRequest;
use kplay::engine::topic_partition::TopicPartition;
use kplay::storage::memory::MemoryStorage;
use std::hint::black_box;

const RECORDS: usize = 1_000_000;
const PER_BATCH: usize = 1_000;
const T0: i64 = 1_700_000_000_000;

fn million() -> (Cluster<MemoryStorage>, TopicPartition) {
    let mut c = Cluster::new(ClusterConfig::with_seed(1), MemoryStorage::new(), T0);
    c.create_topic(&CreateTopicRequest::new("big", 1, 1), false, T0)
        .expect("a fresh cluster creates the topic");
    let tp = TopicPartition::new("big", 0);
    for batch in 0..RECORDS / PER_BATCH {
        let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 0, -1);
        for i in 0..PER_BATCH {
            let key = format!("user-{}", (batch * PER_BATCH + i) % 64);
            b.append(T0, Some(key.as_bytes()), Some(b"a value of twenty b"), &[]);
        }
        c.produce(&tp, &b.build(), T0).expect("the leader appends");
    }
    (c, tp)
}

fn bench(c: &mut Criterion) {
    let (cluster, tp) = million();
    let mut g = c.benchmark_group("strip_1m_records");
    for (name, offset) in [
        ("start", 0),
        ("middle", RECORDS as i64 / 2 + 317),
        ("end", RECORDS as i64 - 150),
    ] {
        g.bench_function(format!("window_{name}"), |b| {
            b.iter(|| {
                black_box(
                    records_window(&cluster, &tp, black_box(offset)).expect("the partition exists"),
                )
            })
        });
        g.bench_function(format!("inspect_{name}"), |b| {
            b.iter(|| {
                black_box(
                    inspect_batch(&cluster, &tp, black_box(offset)).expect("the partition exists"),
                )
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
