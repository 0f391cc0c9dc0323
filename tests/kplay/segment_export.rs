//! The partition log's files are Kafka's files: what a log writes through `SegmentStorage` is
//! laid out as Kafka lays out `.log`, `.index` and `.timeindex` files (the checks
//! `DumpLogSegments --verify-index-only` does), and a real Kafka segment body
//! (`../shared/fixtures/sample.log`) loads through the recovery path into exactly its batches.

use kplay::engine::log::{FetchUpperBound, LogCheckpoints, PartitionLog};
use kplay::engine::record::{batches, BatchBuilder, Compression, RawBatch, TimestampType};
use kplay::engine::topic::config::LogConfig;
use kplay::storage::memory::MemoryStorage;
use kplay::storage::{FileKind, SegmentFile, SegmentStorage};
use serde_json::Value;

const T0: i64 = 1_700_000_000_000;
const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/record_batches.json"
);
const SAMPLE_LOG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/sample.log");

fn file_bytes(storage: &MemoryStorage, file: &SegmentFile) -> Vec<u8> {
    let len = storage.len(file).unwrap();
    storage.read(file, 0, len).unwrap().to_vec()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// A log of several segments with timestamps that sometimes go back, indexed often.
fn written_log() -> (MemoryStorage, PartitionLog) {
    let mut storage = MemoryStorage::new();
    let config = LogConfig {
        segment_bytes: 2_000,
        index_interval_bytes: 300,
        ..LogConfig::default()
    };
    let mut log = PartitionLog::new(&mut storage, "export", 3, config, T0).unwrap();
    for i in 0..40i64 {
        let ts = T0 + (i * 7919) % 500; // not monotonic
        let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 0, ts);
        for r in 0..(1 + i % 4) {
            b.append(
                ts + r,
                Some(format!("key-{i}-{r}").as_bytes()),
                Some(&[b'x'; 60]),
                &[],
            );
        }
        log.append_as_leader(&mut storage, &b.build(), 5, T0 + 500, &mut Vec::new())
            .unwrap();
    }
    assert!(
        log.segments().len() >= 4,
        "{} segments",
        log.segments().len()
    );
    (storage, log)
}

#[test]
fn log_files_have_kafkas_layout() {
    let (storage, log) = written_log();
    let mut expected_next_offset = 0;
    let mut log_files = 0;
    for file in storage
        .list()
        .into_iter()
        .filter(|f| f.kind == FileKind::Log)
    {
        log_files += 1;
        assert_eq!(file.dir_name(), "export-3");
        assert_eq!(file.file_name(), format!("{:020}.log", file.base_offset));
        let bytes = file_bytes(&storage, &file);

        // .log: valid v2 batches back to back (CRC checked by the codec), offsets continuing
        // across files, the first one at the file's base offset.
        let mut starts = Vec::new(); // (position, base offset, last offset, max timestamp)
        let mut position = 0usize;
        for batch in batches(&bytes) {
            let batch = batch.expect("every batch is intact");
            let h = batch.header();
            assert_eq!(h.base_offset, expected_next_offset);
            assert_eq!(h.partition_leader_epoch, 5);
            starts.push((position, h.base_offset, h.last_offset(), h.max_timestamp));
            expected_next_offset = h.next_offset();
            position += batch.bytes().len();
        }
        assert_eq!(position, bytes.len());
        if let Some(first) = starts.first() {
            assert_eq!(first.1, file.base_offset);
        }

        // .index: 8-byte entries (relative offset, position), both increasing; each points at
        // the start of a batch whose last offset is the entry's offset.
        let index = file_bytes(
            &storage,
            &SegmentFile {
                kind: FileKind::Index,
                ..file.clone()
            },
        );
        assert_eq!(index.len() % 8, 0);
        let mut previous = (-1i32, -1i32);
        for entry in index.chunks_exact(8) {
            let rel = i32::from_be_bytes(entry[..4].try_into().unwrap());
            let pos = i32::from_be_bytes(entry[4..].try_into().unwrap());
            assert!(
                rel > previous.0 && pos > previous.1,
                "index entries increase"
            );
            previous = (rel, pos);
            let batch = starts
                .iter()
                .find(|s| s.0 == pos as usize)
                .unwrap_or_else(|| panic!("index position {pos} is not a batch start"));
            assert_eq!(batch.2, file.base_offset + i64::from(rel));
        }

        // .timeindex: 12-byte entries (timestamp, relative offset), timestamps strictly
        // increasing; each timestamp is the largest of the batches up to its offset.
        let time_index = file_bytes(
            &storage,
            &SegmentFile {
                kind: FileKind::TimeIndex,
                ..file.clone()
            },
        );
        assert_eq!(time_index.len() % 12, 0);
        let mut last_ts = i64::MIN;
        for entry in time_index.chunks_exact(12) {
            let ts = i64::from_be_bytes(entry[..8].try_into().unwrap());
            let offset =
                file.base_offset + i64::from(i32::from_be_bytes(entry[8..].try_into().unwrap()));
            assert!(ts > last_ts, "time index timestamps increase");
            last_ts = ts;
            let max_so_far = starts
                .iter()
                .filter(|s| s.2 <= offset)
                .map(|s| s.3)
                .max()
                .unwrap();
            assert_eq!(ts, max_so_far);
            assert!(
                starts.iter().any(|s| s.2 == offset),
                "time index offsets are batch last offsets"
            );
        }
        // A rolled segment's last time-index entry holds its largest timestamp.
        let is_active = file.base_offset == log.active_segment().base_offset();
        if !is_active {
            assert_eq!(last_ts, starts.iter().map(|s| s.3).max().unwrap());
        }
    }
    assert_eq!(log_files, log.segments().len());
    assert_eq!(expected_next_offset, log.leo());
}

fn fixture_batches() -> Vec<Vec<u8>> {
    let json: Value = serde_json::from_str(&std::fs::read_to_string(FIXTURES).unwrap()).unwrap();
    json["batches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| unhex(b["hex"].as_str().unwrap()))
        .collect()
}

#[test]
fn kafkas_sample_segment_loads_through_recovery() {
    let sample = std::fs::read(SAMPLE_LOG).unwrap();
    let expected = fixture_batches();
    assert_eq!(
        expected.concat(),
        sample,
        "sample.log is the fixture batches back to back"
    );

    let mut storage = MemoryStorage::new();
    storage
        .append(&SegmentFile::new("sample", 0, 0, FileKind::Log), &sample)
        .unwrap();
    let mut events = Vec::new();
    let (log, report) = PartitionLog::open_from_storage(
        &mut storage,
        "sample",
        0,
        LogConfig::default(),
        LogCheckpoints::default(),
        T0,
        &mut events,
    )
    .unwrap();
    assert_eq!(report.dropped_bytes, 0);
    assert_eq!(report.batches, expected.len());
    // The last fixture batch starts at 1234567890123, too far for offsets relative to 0:
    // recovery splits the segment as `LocalLog.splitOverflowedSegment` does.
    assert_eq!(report.split_segments, vec![(0, vec![0, 1_234_567_890_123])]);
    assert_eq!(log.leo(), 1_234_567_890_125);
    assert_eq!(log.log_start_offset(), 0);

    // Reading everything back returns the fixture's bytes, batch by batch.
    let mut read_back = Vec::new();
    let mut offset = 0;
    while offset < log.leo() {
        let data = log
            .read(&storage, offset, usize::MAX, FetchUpperBound::Leo, false)
            .unwrap();
        let last = batches(&data.records)
            .map(|b| b.unwrap().header().next_offset())
            .last();
        read_back.extend(data.records);
        offset = match last {
            Some(next) => next,
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
    let read_batches: Vec<Vec<u8>> = batches(&read_back)
        .map(|b| b.unwrap().bytes().to_vec())
        .collect();
    assert_eq!(read_batches, expected);
    for bytes in &read_batches {
        RawBatch::new(bytes)
            .unwrap()
            .decode()
            .expect("every record decodes");
    }
}

#[test]
fn a_damaged_copy_of_the_sample_is_cut_at_the_damage() {
    let sample = std::fs::read(SAMPLE_LOG).unwrap();
    let expected = fixture_batches();
    let keep = expected[0].len() + expected[1].len();
    let mut damaged = sample.clone();
    damaged[keep + 30] ^= 0x10; // inside the third batch's CRC-covered bytes
    let mut storage = MemoryStorage::new();
    let file = SegmentFile::new("sample", 0, 0, FileKind::Log);
    storage.append(&file, &damaged).unwrap();
    let (log, report) = PartitionLog::open_from_storage(
        &mut storage,
        "sample",
        0,
        LogConfig::default(),
        LogCheckpoints::default(),
        T0,
        &mut Vec::new(),
    )
    .unwrap();
    assert_eq!(report.dropped_bytes, (sample.len() - keep) as u64);
    assert_eq!(storage.len(&file).unwrap(), keep as u64);
    assert_eq!(log.leo(), 7);
}
