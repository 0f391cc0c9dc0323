//! Record-batch v2 throughput: building batches (`MemoryRecordsBuilder`'s job, CRC-32C
//! included) and validating + iterating them (`ByteBufferLogInputStream` + `DefaultRecordBatch`
//! iteration), 100 records of 100-byte values per batch.
//!
//! Throughput is reported per record (`Throughput::Elements`) and, in a second group, per byte.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use kplay::engine::record::{batches, BatchBuilder, Compression, RecordBatch, TimestampType};
use std::hint::black_box;

const RECORDS_PER_BATCH: usize = 100;
const BATCHES: usize = 100;
const VALUE: [u8; 100] = [b'v'; 100];

fn build_batch(base_offset: i64) -> Vec<u8> {
    let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, base_offset, 0)
        .producer(4000, 0, base_offset as i32, false)
        .partition_leader_epoch(1);
    for i in 0..RECORDS_PER_BATCH {
        let key = (i as u32).to_be_bytes();
        b.append(1_700_000_000_000 + i as i64, Some(&key), Some(&VALUE), &[]);
    }
    b.build()
}

/// A segment body: `BATCHES` batches back to back.
fn segment() -> Vec<u8> {
    (0..BATCHES)
        .flat_map(|i| build_batch((i * RECORDS_PER_BATCH) as i64))
        .collect()
}

fn bench(c: &mut Criterion) {
    let log = segment();
    let records = (BATCHES * RECORDS_PER_BATCH) as u64;

    let mut g = c.benchmark_group("record_batch/records");
    g.throughput(Throughput::Elements(RECORDS_PER_BATCH as u64));
    g.bench_function("encode_100x100B", |b| {
        b.iter(|| black_box(build_batch(black_box(0))))
    });
    g.throughput(Throughput::Elements(records));
    g.bench_function("validate_iterate_zero_copy", |b| {
        b.iter(|| {
            let mut sum = 0usize;
            for batch in batches(black_box(&log)) {
                let batch = batch.unwrap();
                for record in &batch.records().unwrap() {
                    let record = record.unwrap();
                    sum += record.value.map_or(0, <[u8]>::len) + record.offset as usize;
                }
            }
            sum
        })
    });
    g.bench_function("validate_decode_owned", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for batch in batches(black_box(&log)) {
                n += batch.unwrap().decode().unwrap().records.len();
            }
            n
        })
    });
    g.bench_function("validate_only", |b| {
        b.iter(|| {
            batches(black_box(&log))
                .map(|b| b.unwrap().header().records_count)
                .sum::<i32>()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("record_batch/bytes");
    let one = build_batch(0);
    g.throughput(Throughput::Bytes(one.len() as u64));
    g.bench_function("encode_100x100B", |b| {
        b.iter(|| black_box(build_batch(black_box(0))))
    });
    g.throughput(Throughput::Bytes(log.len() as u64));
    g.bench_function("validate_iterate_zero_copy", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for batch in batches(black_box(&log)) {
                n += batch
                    .unwrap()
                    .records()
                    .unwrap()
                    .iter()
                    .filter(Result::is_ok)
                    .count();
            }
            n
        })
    });
    g.finish();

    let mut g = c.benchmark_group("record_batch/compressed");
    g.throughput(Throughput::Elements(RECORDS_PER_BATCH as u64));
    for codec in [
        Compression::Gzip,
        Compression::Snappy,
        Compression::Lz4,
        Compression::Zstd,
    ] {
        let bytes = RecordBatch::decode(&one).map(|mut b| {
            b.header.attributes.compression = codec;
            b.encode()
        });
        let bytes = bytes.unwrap();
        g.bench_function(format!("decode_{}", codec.name()), |b| {
            b.iter_batched(
                || (),
                |_| RecordBatch::decode(black_box(&bytes)).unwrap(),
                BatchSize::SmallInput,
            )
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
