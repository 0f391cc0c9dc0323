//! Segment files stored as chunks: a flush writes only the chunks that changed, truncation and
//! deletion remove the chunks past the end, and a failed flush is retried whole.

use kplay::storage::chunks::CHUNK_BYTES;
use kplay::storage::indexed_db::{DirtyFiles, IdbFiles, IndexedDbStorage};
use kplay::storage::{FileKind, SegmentFile, SegmentStorage};
use wasm_bindgen_test::wasm_bindgen_test;

const C: usize = CHUNK_BYTES as usize;

fn log(base_offset: i64) -> SegmentFile {
    SegmentFile::new("chunked", 0, base_offset, FileKind::Log)
}

/// `len` bytes that differ from chunk to chunk, so a misplaced chunk shows.
fn pattern(start: usize, len: usize) -> Vec<u8> {
    (start..start + len)
        .map(|i| (i.wrapping_mul(7) ^ (i / C)) as u8)
        .collect()
}

/// The chunks a flush writes, as (file, chunk index).
fn put_set(dirty: &DirtyFiles) -> Vec<(SegmentFile, u64)> {
    dirty
        .puts
        .iter()
        .map(|put| (put.file.clone(), put.index))
        .collect()
}

#[wasm_bindgen_test]
async fn appends_over_several_flushes_read_back_identical_and_write_only_the_tail() {
    let name = "kplay-test-chunks-append";
    let idb = IdbFiles::open(name).await.expect("open");
    let mut storage = IndexedDbStorage::default();
    let mut expected = Vec::new();

    // 2.5 chunks in the first flush: three chunks written.
    let first = pattern(0, 2 * C + C / 2);
    storage.append(&log(0), &first).unwrap();
    expected.extend_from_slice(&first);
    let dirty = storage.take_dirty();
    assert_eq!(put_set(&dirty), vec![(log(0), 0), (log(0), 1), (log(0), 2)]);
    assert!(dirty.deletes.is_empty(), "{:?}", dirty.deletes);
    idb.flush(&dirty).await.expect("first flush");

    // A small append rewrites only the last, partial chunk.
    let small = pattern(expected.len(), 100);
    storage.append(&log(0), &small).unwrap();
    expected.extend_from_slice(&small);
    assert_eq!(storage.dirty_bytes(), (C / 2 + 100) as u64);
    let dirty = storage.take_dirty();
    assert_eq!(put_set(&dirty), vec![(log(0), 2)]);
    assert_eq!(dirty.bytes(), (C / 2 + 100) as u64);
    idb.flush(&dirty).await.expect("second flush");

    // An append crossing a chunk boundary writes the partial chunk and the new one.
    let crossing = pattern(expected.len(), C);
    storage.append(&log(0), &crossing).unwrap();
    expected.extend_from_slice(&crossing);
    let dirty = storage.take_dirty();
    assert_eq!(put_set(&dirty), vec![(log(0), 2), (log(0), 3)]);
    idb.flush(&dirty).await.expect("third flush");

    // A rewrite inside the file (an index rewritten in place) starts at its chunk.
    storage
        .write_at(&log(0), (C + 5) as u64, b"rewritten")
        .unwrap();
    expected[C + 5..C + 14].copy_from_slice(b"rewritten");
    let dirty = storage.take_dirty();
    assert_eq!(put_set(&dirty), vec![(log(0), 1), (log(0), 2), (log(0), 3)]);
    idb.flush(&dirty).await.expect("fourth flush");

    assert_eq!(idb.get(&log(0)).await.unwrap(), Some(expected.clone()));
    idb.close();
    let reopened = IdbFiles::open(name).await.expect("reopen");
    assert_eq!(reopened.load_all().await.unwrap(), vec![(log(0), expected)]);
    reopened.delete_database().await.expect("cleanup");
}

#[wasm_bindgen_test]
async fn truncate_and_delete_remove_the_chunks_past_the_end() {
    let name = "kplay-test-chunks-truncate";
    let idb = IdbFiles::open(name).await.expect("open");
    let mut storage = IndexedDbStorage::default();
    let bytes = pattern(0, 4 * C + 10);
    storage.append(&log(0), &bytes).unwrap();
    storage.append(&log(100), &pattern(3, 2 * C)).unwrap();
    storage.append(&log(200), b"").unwrap();
    idb.flush(&storage.take_dirty()).await.expect("flush");
    assert_eq!(
        idb.get(&log(200)).await.unwrap(),
        Some(Vec::new()),
        "an empty file is stored"
    );

    // Cut inside chunk 1: chunk 1 rewritten short, chunks 2.. deleted.
    storage.truncate(&log(0), (C + 7) as u64).unwrap();
    storage.delete(&log(100)).unwrap();
    let dirty = storage.take_dirty();
    assert_eq!(put_set(&dirty), vec![(log(0), 1)]);
    assert_eq!(dirty.deletes, vec![(log(0), 2), (log(100), 0)]);
    idb.flush(&dirty).await.expect("flush the cut");
    assert_eq!(
        idb.get(&log(0)).await.unwrap(),
        Some(bytes[..C + 7].to_vec())
    );
    assert_eq!(idb.get(&log(100)).await.unwrap(), None);

    // Growing again after the cut stores the new bytes, not the old chunks.
    let regrown = pattern(99, 2 * C);
    storage.append(&log(0), &regrown).unwrap();
    idb.flush(&storage.take_dirty())
        .await
        .expect("flush the regrowth");
    let mut expected = bytes[..C + 7].to_vec();
    expected.extend_from_slice(&regrown);
    let files = idb.load_all().await.unwrap();
    assert_eq!(files, vec![(log(0), expected), (log(200), Vec::new())]);
    idb.delete_database().await.expect("cleanup");
}

#[wasm_bindgen_test]
async fn a_failed_flush_merges_back_and_the_retry_stores_everything() {
    let name = "kplay-test-chunks-retry";
    let idb = IdbFiles::open(name).await.expect("open");
    let mut storage = IndexedDbStorage::default();
    let mut expected = pattern(0, 3 * C);
    storage.append(&log(0), &expected).unwrap();
    storage.append(&log(100), &pattern(1, C + 1)).unwrap();
    idb.flush(&storage.take_dirty()).await.expect("first flush");

    // Changes for a flush that fails: a small append, a write in chunk 0, a truncation.
    let tail = pattern(expected.len(), 50);
    storage.append(&log(0), &tail).unwrap();
    expected.extend_from_slice(&tail);
    storage.write_at(&log(0), 3, b"early").unwrap();
    expected[3..8].copy_from_slice(b"early");
    storage.truncate(&log(100), 10).unwrap();
    let failed = storage.take_dirty();
    assert_eq!(failed.file_count(), 2);
    let closed = IdbFiles::open(name).await.expect("a second connection");
    closed.clone().close();
    closed
        .flush(&failed)
        .await
        .expect_err("a closed connection fails");
    storage.restore_dirty(&failed);

    // A later small append must not narrow what the retry writes.
    let later = pattern(expected.len(), 20);
    storage.append(&log(0), &later).unwrap();
    expected.extend_from_slice(&later);
    let retry = storage.take_dirty();
    assert_eq!(
        put_set(&retry),
        vec![
            (log(0), 0),
            (log(0), 1),
            (log(0), 2),
            (log(0), 3),
            (log(100), 0)
        ]
    );
    assert_eq!(retry.deletes, vec![(log(100), 1)]);
    idb.flush(&retry).await.expect("retry");
    assert_eq!(idb.get(&log(0)).await.unwrap(), Some(expected));
    assert_eq!(
        idb.get(&log(100)).await.unwrap(),
        Some(pattern(1, 10)),
        "the truncation landed with the retry"
    );
    idb.delete_database().await.expect("cleanup");
}
