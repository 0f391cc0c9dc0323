//! Property tests of the partition log against a plain model (a `Vec` of the records
//! appended), in the spirit of redb's fuzzer checking its store against a `BTreeMap`:
//!
//! * appends get consecutive offsets, no gaps, whatever the batch sizes and segment rolls;
//! * a fetch from any offset returns exactly the records appended from there on;
//! * retention never deletes the active segment nor a record still inside `retention.ms`,
//!   and never brings the partition below `retention.bytes`;
//! * compaction keeps the last record of every key, only removes records that a later record
//!   of the same key overwrote, and keeps offsets and order.

use kplay::engine::log::{CleanerOptions, FetchUpperBound, PartitionLog};
use kplay::engine::record::{batches, BatchBuilder, Compression, TimestampType};
use kplay::engine::topic::config::{CleanupPolicy, LogConfig};
use kplay::storage::memory::MemoryStorage;
use proptest::prelude::*;

const T0: i64 = 1_700_000_000_000;

/// A record as the model keeps it: offset, timestamp, key, value.
type Rec = (i64, i64, Option<Vec<u8>>, Option<Vec<u8>>);

/// A batch to append: its timestamp and (key, value) pairs (`None` value: a tombstone). At
/// most 11 records of at most 119 bytes: always smaller than the segments below.
#[derive(Debug, Clone)]
struct Batch {
    ts: i64,
    records: Vec<(u8, Option<Vec<u8>>)>,
}

fn batch_strategy(keys: u8, max_records: usize) -> impl Strategy<Value = Batch> {
    (
        0i64..1_000_000,
        prop::collection::vec(
            (
                0..keys,
                prop::option::weighted(0.9, prop::collection::vec(any::<u8>(), 0..120)),
            ),
            1..max_records,
        ),
    )
        .prop_map(|(ts, records)| Batch {
            ts: T0 + ts,
            records,
        })
}

fn encode(batch: &Batch, compression: Compression) -> Vec<u8> {
    let mut b = BatchBuilder::new(compression, TimestampType::CreateTime, 0, batch.ts);
    for (key, value) in &batch.records {
        b.append(batch.ts, Some(&[b'k', *key]), value.as_deref(), &[]);
    }
    b.build()
}

fn config(segment_bytes: i32, index_interval_bytes: i32) -> LogConfig {
    LogConfig {
        segment_bytes,
        index_interval_bytes,
        message_timestamp_after_max_ms: i64::MAX,
        ..LogConfig::default()
    }
}

/// Appends every batch, checking offsets, and returns the model.
fn fill(
    storage: &mut MemoryStorage,
    log: &mut PartitionLog,
    input: &[(Batch, Compression)],
) -> Vec<Rec> {
    let mut model = Vec::new();
    for (batch, compression) in input {
        let info = log
            .append_as_leader(
                storage,
                &encode(batch, *compression),
                1,
                T0,
                &mut Vec::new(),
            )
            .unwrap();
        assert_eq!(
            info.first_offset,
            model.len() as i64,
            "offsets continue without gaps"
        );
        assert_eq!(
            info.last_offset - info.first_offset + 1,
            batch.records.len() as i64
        );
        for (key, value) in &batch.records {
            model.push((
                model.len() as i64,
                batch.ts,
                Some(vec![b'k', *key]),
                value.clone(),
            ));
        }
        assert_eq!(log.leo(), model.len() as i64);
    }
    model
}

/// Every record from `start` on, fetching `max_bytes` at a time as a consumer does.
fn consume(storage: &MemoryStorage, log: &PartitionLog, start: i64, max_bytes: usize) -> Vec<Rec> {
    let mut out: Vec<Rec> = Vec::new();
    let mut offset = start;
    while offset < log.hw() {
        let data = log
            .read(storage, offset, max_bytes, FetchUpperBound::Hw, true)
            .unwrap();
        let mut next = None;
        for raw in batches(&data.records) {
            let raw = raw.unwrap();
            next = Some(raw.header().next_offset());
            for r in &raw.records().unwrap() {
                let r = r.unwrap();
                if r.offset >= offset {
                    out.push((
                        r.offset,
                        r.timestamp,
                        r.key.map(<[u8]>::to_vec),
                        r.value.map(<[u8]>::to_vec),
                    ));
                }
            }
        }
        offset = match next {
            Some(next) => next,
            // Nothing left in this segment (emptied by compaction): go to the next one.
            None => {
                let segments = log.segments();
                let i = segments
                    .iter()
                    .rposition(|s| s.base_offset() <= offset)
                    .unwrap();
                segments[i + 1].base_offset()
            }
        };
    }
    out
}

fn compression_strategy() -> impl Strategy<Value = Compression> {
    prop_oneof![
        4 => Just(Compression::None),
        1 => Just(Compression::Gzip),
        1 => Just(Compression::Lz4),
        1 => Just(Compression::Snappy),
        1 => Just(Compression::Zstd),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn fetch_from_any_offset_returns_what_was_appended(
        input in prop::collection::vec((batch_strategy(20, 12), compression_strategy()), 1..30),
        segment_bytes in 1_600i32..6_000,
        index_interval_bytes in 0i32..2_000,
        max_bytes in 1usize..4_000,
        start_seed in any::<u64>(),
    ) {
        let mut storage = MemoryStorage::new();
        let mut log = PartitionLog::new(&mut storage, "p", 0, config(segment_bytes, index_interval_bytes), T0).unwrap();
        let model = fill(&mut storage, &mut log, &input);
        let start = (start_seed % model.len() as u64) as i64;
        prop_assert_eq!(consume(&storage, &log, start, max_bytes), model[start as usize..].to_vec());
        prop_assert_eq!(consume(&storage, &log, 0, usize::MAX), model);
    }

    #[test]
    fn retention_keeps_the_active_segment_and_records_within_retention(
        input in prop::collection::vec((batch_strategy(50, 6), Just(Compression::None)), 1..40),
        segment_bytes in 800i32..3_000,
        retention_ms in 0i64..1_200_000,
        now_offset_ms in 0i64..2_000_000,
    ) {
        let mut storage = MemoryStorage::new();
        let config = LogConfig { retention_ms, ..config(segment_bytes, 500) };
        let mut log = PartitionLog::new(&mut storage, "p", 0, config, T0).unwrap();
        let model = fill(&mut storage, &mut log, &input);
        let active_before = log.active_segment().base_offset();
        let now = T0 + now_offset_ms;
        log.delete_old_segments(&mut storage, now, &mut Vec::new()).unwrap();
        prop_assert!(!log.segments().is_empty());
        prop_assert!(log.active_segment().base_offset() >= active_before);
        prop_assert_eq!(log.leo(), model.len() as i64);
        let kept = consume(&storage, &log, log.log_start_offset(), usize::MAX);
        for record in &model {
            if now - record.1 <= retention_ms {
                prop_assert!(kept.contains(record), "record {:?} within retention was deleted", record.0);
            }
        }
        prop_assert_eq!(kept.as_slice(), &model[log.log_start_offset() as usize..]);
    }

    #[test]
    fn retention_bytes_never_goes_below_the_limit(
        input in prop::collection::vec((batch_strategy(50, 6), Just(Compression::None)), 1..40),
        segment_bytes in 800i32..3_000,
        retention_bytes in 0i64..20_000,
    ) {
        let mut storage = MemoryStorage::new();
        let config = LogConfig { retention_bytes, retention_ms: -1, ..config(segment_bytes, 500) };
        let mut log = PartitionLog::new(&mut storage, "p", 0, config, T0).unwrap();
        fill(&mut storage, &mut log, &input);
        let before = log.size_bytes() as i64;
        log.delete_old_segments(&mut storage, T0, &mut Vec::new()).unwrap();
        let after = log.size_bytes() as i64;
        prop_assert!(after >= before.min(retention_bytes), "{} -> {} with limit {}", before, after, retention_bytes);
        // And it does delete while the oldest segment fits in the excess (unless it is the
        // active one holding everything).
        let first = &log.segments()[0];
        if log.segments().len() > 1 {
            prop_assert!(after - i64::from(first.size()) < retention_bytes);
        }
    }

    #[test]
    fn compaction_keeps_the_last_record_of_every_key(
        input in prop::collection::vec((batch_strategy(8, 6), compression_strategy()), 1..40),
        segment_bytes in 800i32..2_500,
        offset_map_max_entries in 1usize..20,
        rounds in 1usize..4,
    ) {
        let mut storage = MemoryStorage::new();
        let config = LogConfig {
            cleanup_policy: CleanupPolicy { delete: false, compact: true },
            min_cleanable_dirty_ratio: 0.0,
            ..config(segment_bytes, 300)
        };
        let mut log = PartitionLog::new(&mut storage, "p", 0, config, T0).unwrap();
        let model = fill(&mut storage, &mut log, &input);
        let options = CleanerOptions { offset_map_max_entries };
        for round in 0..rounds {
            log.clean_with(&mut storage, T0 + round as i64, &options, &mut Vec::new()).unwrap();
        }
        let kept = consume(&storage, &log, 0, usize::MAX);
        // Offsets and order are kept: every surviving record is the model's record at its offset.
        for window in kept.windows(2) {
            prop_assert!(window[0].0 < window[1].0);
        }
        for record in &kept {
            prop_assert_eq!(record, &model[record.0 as usize]);
        }
        // The last record of every key survives (tombstones too: delete.retention.ms has not passed).
        for (i, record) in model.iter().enumerate() {
            let overwritten = model[i + 1..].iter().any(|later| later.2 == record.2);
            if !overwritten {
                prop_assert!(kept.contains(record), "last record of key {:?} at {} removed", record.2, record.0);
            }
        }
        // Only overwritten records were removed.
        for record in &model {
            if !kept.contains(record) {
                prop_assert!(model[record.0 as usize + 1..].iter().any(|later| later.2 == record.2));
            }
        }
    }
}
