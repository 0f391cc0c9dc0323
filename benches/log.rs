//! Partition-log throughput: appending produce batches as leader (`UnifiedLog.appendAsLeader`:
//! validation, offset assignment, segment and index writes) and fetching them back
//! (`UnifiedLog.read`: index lookup, whole batches), 100 records of 100-byte values per batch,
//! over the in-memory storage backend with Kafka's default 1 GiB segments and 4 KiB index
//! interval, and with 1 MiB segments so rolls happen.
//!
//! Throughput is reported per record (`Throughput::Elements`) and, in a second group, per byte.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use kplay::engine::log::{FetchUpperBound, PartitionLog};
use kplay::engine::record::{BatchBuilder, Compression, TimestampType};
use kplay::engine::topic::config::LogConfig;
use kplay::storage::memory::MemoryStorage;
use std::hint::black_box;

const RECORDS_PER_BATCH: usize = 100;
const BATCHES: usize = 100;
const VALUE: [u8; 100] = [b'v'; 100];
const T0: i64 = 1_700_000_000_000;

/// A produce batch as a client sends it (base offset 0).
fn produce_batch() -> Vec<u8> {
    let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 0, T0);
    for i in 0..RECORDS_PER_BATCH {
        let key = (i as u32).to_be_bytes();
        b.append(T0 + i as i64, Some(&key), Some(&VALUE), &[]);
    }
    b.build()
}

fn filled(config: &LogConfig, batch: &[u8]) -> (MemoryStorage, PartitionLog) {
    let mut storage = MemoryStorage::new();
    let mut log = PartitionLog::new(&mut storage, "bench", 0, config.clone(), T0).unwrap();
    let mut events = Vec::new();
    for _ in 0..BATCHES {
        log.append_as_leader(&mut storage, batch, 0, T0, &mut events)
            .unwrap();
        events.clear();
    }
    (storage, log)
}

/// Fetches the whole log from offset 0, 1 MiB at a time, as a consumer would.
fn fetch_all(storage: &MemoryStorage, log: &PartitionLog) -> usize {
    let mut offset = 0;
    let mut bytes = 0;
    while offset < log.hw() {
        let data = log
            .read(storage, offset, 1 << 20, FetchUpperBound::Hw, true)
            .unwrap();
        let mut next = offset;
        for batch in kplay::engine::record::batches(&data.records) {
            next = batch.unwrap().header().next_offset();
        }
        bytes += data.records.len();
        offset = next;
    }
    bytes
}

fn bench(c: &mut Criterion) {
    let batch = produce_batch();
    let records = (BATCHES * RECORDS_PER_BATCH) as u64;
    let configs = [
        ("default_segments", LogConfig::default()),
        (
            "1MiB_segments",
            LogConfig {
                segment_bytes: 1 << 20,
                ..LogConfig::default()
            },
        ),
    ];

    for (unit, throughput) in [
        ("records", Throughput::Elements(records)),
        ("bytes", Throughput::Bytes((BATCHES * batch.len()) as u64)),
    ] {
        let mut g = c.benchmark_group(format!("log/{unit}"));
        g.throughput(throughput);
        for (name, config) in &configs {
            g.bench_function(format!("append_as_leader_{name}"), |b| {
                b.iter_batched(
                    || {
                        let mut storage = MemoryStorage::new();
                        let log = PartitionLog::new(&mut storage, "bench", 0, config.clone(), T0)
                            .unwrap();
                        (storage, log, Vec::new())
                    },
                    |(mut storage, mut log, mut events)| {
                        for _ in 0..BATCHES {
                            log.append_as_leader(
                                &mut storage,
                                black_box(&batch),
                                0,
                                T0,
                                &mut events,
                            )
                            .unwrap();
                            events.clear();
                        }
                        (storage, log)
                    },
                    BatchSize::SmallInput,
                )
            });
            let (storage, log) = filled(config, &batch);
            g.bench_function(format!("fetch_{name}"), |b| {
                b.iter(|| black_box(fetch_all(&storage, &log)))
            });
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
