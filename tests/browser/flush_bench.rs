//! Flush throughput benchmark (issue 8): the write-behind flush of `IndexedDbStorage`
//! (`take_dirty` then `IdbFiles::flush`, one transaction) against the raw IndexedDB limit
//! measured in the same run, one transaction writing the same bytes as plain `ArrayBuffer`s.
//!
//! It reports MB/s for both and the ratio (the target is at least 80% of raw) and asserts only
//! that the data landed: speed targets live in benchmarks, never in timed assertions.
//!
//! A second measure, `flush_throughput_of_small_appends_to_a_large_segment`, is the case the
//! chunked layout is for: an active segment far larger than a chunk, a few KiB appended
//! between two flushes (as under a steady producer with the UI's 2 s flush). It reports the
//! bytes each flush writes and its time; with whole-file values each flush rewrote the whole
//! segment. Run them alone, with their reports printed:
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test browser -- --nocapture flush_throughput`

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use kplay::storage::chunks::CHUNK_BYTES;
use kplay::storage::indexed_db::{IdbFiles, IndexedDbStorage};
use kplay::storage::{FileKind, SegmentFile, SegmentStorage};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

/// Segment files written per round, and the bytes of each: 16 MiB in all.
const FILES: usize = 64;
const FILE_BYTES: usize = 256 * 1024;
/// Rounds of each measure; the best round of each is reported (the first pays for warm-up).
const ROUNDS: usize = 3;
const RAW_STORE: &str = "raw";

/// `performance.now()`, in milliseconds with sub-millisecond resolution.
fn now_ms() -> f64 {
    let performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .expect("the page has performance");
    let now: js_sys::Function = js_sys::Reflect::get(&performance, &"now".into())
        .expect("performance.now exists")
        .unchecked_into();
    now.call0(&performance)
        .expect("performance.now() returns")
        .as_f64()
        .expect("a number")
}

fn file(i: usize) -> SegmentFile {
    SegmentFile::on_broker((i % 3) as i32, "bench", (i / 3) as i32, 0, FileKind::Log)
}

fn mb_per_s(bytes: usize, ms: f64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0) / (ms / 1000.0)
}

/// One raw transaction putting every file as a plain `ArrayBuffer` (copied out of wasm memory,
/// as any write from Rust must be).
async fn raw_write(db: &Database, files: &[(String, Vec<u8>)]) {
    let tx = db
        .transaction(RAW_STORE)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .expect("raw transaction");
    let store = tx.object_store(RAW_STORE).expect("raw store");
    for (key, bytes) in files {
        let buffer = js_sys::Uint8Array::from(bytes.as_slice()).buffer();
        store
            .put(JsValue::from(buffer))
            .with_key(key.clone())
            .build()
            .expect("raw put");
    }
    tx.commit().await.expect("raw commit");
}

#[wasm_bindgen_test]
async fn flush_throughput_against_raw_indexed_db() {
    let total = FILES * FILE_BYTES;
    let contents: Vec<Vec<u8>> = (0..FILES)
        .map(|i| {
            (0..FILE_BYTES)
                .map(|j| (j.wrapping_mul(31) ^ i) as u8)
                .collect()
        })
        .collect();

    let idb = IdbFiles::open("kplay-bench-flush").await.expect("open");
    let raw = Database::open("kplay-bench-raw")
        .with_version(1u32)
        .with_on_upgrade_needed(|_, db| {
            db.create_object_store(RAW_STORE).build()?;
            Ok(())
        })
        .await
        .expect("open raw");
    let raw_files: Vec<(String, Vec<u8>)> = contents
        .iter()
        .enumerate()
        .map(|(i, bytes)| (file(i).key(), bytes.clone()))
        .collect();

    let (mut flush_best, mut raw_best) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..ROUNDS {
        // The engine's side: appends into memory, then the flush the UI runs.
        let mut storage = IndexedDbStorage::default();
        for (i, bytes) in contents.iter().enumerate() {
            storage.append(&file(i), bytes).unwrap();
        }
        let start = now_ms();
        let dirty = storage.take_dirty();
        idb.flush(&dirty).await.expect("flush");
        flush_best = flush_best.min(now_ms() - start);

        let start = now_ms();
        raw_write(&raw, &raw_files).await;
        raw_best = raw_best.min(now_ms() - start);
    }

    // What was flushed is there, whole.
    let stored = idb.load_all().await.expect("load");
    assert_eq!(stored.len(), FILES);
    assert_eq!(stored.iter().map(|(_, b)| b.len()).sum::<usize>(), total);

    let (flush_rate, raw_rate) = (mb_per_s(total, flush_best), mb_per_s(total, raw_best));
    console_log!(
        "flush benchmark: {FILES} files x {} KiB = {} MiB, best of {ROUNDS}: \
         IndexedDbStorage flush {flush_rate:.1} MB/s ({flush_best:.1} ms), \
         raw ArrayBuffer transaction {raw_rate:.1} MB/s ({raw_best:.1} ms), \
         ratio {:.0}% (target >= 80%)",
        FILE_BYTES / 1024,
        total / (1024 * 1024),
        100.0 * flush_rate / raw_rate
    );

    idb.delete_database().await.expect("cleanup");
    raw.delete()
        .map_err(|e| e.to_string())
        .expect("delete raw")
        .await
        .expect("cleanup raw");
}

/// The large segment of the second measure, its growth per flush, and the flushes measured.
const SEGMENT_BYTES: usize = 32 * 1024 * 1024;
const APPEND_BYTES: usize = 4 * 1024;
const SMALL_FLUSHES: usize = 50;

#[wasm_bindgen_test]
async fn flush_throughput_of_small_appends_to_a_large_segment() {
    let idb = IdbFiles::open("kplay-bench-flush-append")
        .await
        .expect("open");
    let segment = file(0);
    let mut storage = IndexedDbStorage::default();
    let mut expected: Vec<u8> = (0..SEGMENT_BYTES).map(|j| (j % 253) as u8).collect();
    storage.append(&segment, &expected).unwrap();
    idb.flush(&storage.take_dirty())
        .await
        .expect("initial flush");

    let (mut total_ms, mut worst_ms, mut written) = (0.0, 0.0f64, 0u64);
    for round in 0..SMALL_FLUSHES {
        let more: Vec<u8> = (0..APPEND_BYTES).map(|j| (j + round) as u8).collect();
        storage.append(&segment, &more).unwrap();
        expected.extend_from_slice(&more);
        let start = now_ms();
        let dirty = storage.take_dirty();
        written += dirty.bytes();
        idb.flush(&dirty).await.expect("flush");
        let ms = now_ms() - start;
        total_ms += ms;
        worst_ms = worst_ms.max(ms);
    }

    // Every append landed, in order.
    assert_eq!(idb.get(&segment).await.unwrap(), Some(expected));
    console_log!(
        "small-append flush benchmark: {} MiB segment, {SMALL_FLUSHES} flushes of {} KiB \
         appended each ({} KiB chunks): {:.1} KiB written per flush, {:.2} ms per flush on \
         average, {worst_ms:.2} ms at worst (whole-file values rewrote {} MiB per flush)",
        SEGMENT_BYTES / (1024 * 1024),
        APPEND_BYTES / 1024,
        CHUNK_BYTES / 1024,
        written as f64 / SMALL_FLUSHES as f64 / 1024.0,
        total_ms / SMALL_FLUSHES as f64,
        SEGMENT_BYTES / (1024 * 1024),
    );
    idb.delete_database().await.expect("cleanup");
}
