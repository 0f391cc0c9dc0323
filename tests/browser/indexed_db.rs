//! IndexedDB round-trips through the storage layer's write-behind flush.

use kplay::storage::indexed_db::{IdbFiles, IndexedDbStorage};
use kplay::storage::{FileKind, SegmentFile, SegmentStorage};
use wasm_bindgen_test::wasm_bindgen_test;

fn file(base_offset: i64, kind: FileKind) -> SegmentFile {
    SegmentFile::new("orders.events", 0, base_offset, kind)
}

#[wasm_bindgen_test]
async fn flushed_files_read_back_identical_and_deletes_land() {
    let db_name = "kplay-test-roundtrip";
    let idb = IdbFiles::open(db_name).await.expect("open");
    let mut storage = IndexedDbStorage::default();
    let log: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    storage.append(&file(0, FileKind::Log), &log).unwrap();
    storage
        .append(&file(0, FileKind::Index), &[0, 0, 0, 1, 0, 0, 0, 2])
        .unwrap();
    storage.append(&file(50, FileKind::Log), b"doomed").unwrap();
    assert_eq!(storage.dirty_count(), 3);

    let dirty = storage.take_dirty();
    assert_eq!(storage.dirty_count(), 0, "taking the dirty set clears it");
    idb.flush(&dirty).await.expect("flush");
    assert_eq!(
        idb.get(&file(0, FileKind::Log)).await.unwrap(),
        Some(log.clone())
    );
    assert_eq!(
        idb.get(&file(50, FileKind::Log)).await.unwrap(),
        Some(b"doomed".to_vec())
    );

    // A delete and a truncation are flushed too, in one more transaction.
    storage.delete(&file(50, FileKind::Log)).unwrap();
    storage.truncate(&file(0, FileKind::Log), 1000).unwrap();
    idb.flush(&storage.take_dirty())
        .await
        .expect("second flush");
    assert_eq!(idb.get(&file(50, FileKind::Log)).await.unwrap(), None);
    assert_eq!(
        idb.get(&file(0, FileKind::Log)).await.unwrap(),
        Some(log[..1000].to_vec())
    );

    // Reopening the database (as a reload does) finds the same bytes.
    idb.close();
    let reopened = IdbFiles::open(db_name).await.expect("reopen");
    assert_eq!(
        reopened.get(&file(0, FileKind::Index)).await.unwrap(),
        Some(vec![0, 0, 0, 1, 0, 0, 0, 2])
    );
    let restored = IndexedDbStorage::from_files(reopened.load_all().await.unwrap()).unwrap();
    assert_eq!(
        restored.list(),
        vec![file(0, FileKind::Log), file(0, FileKind::Index)]
    );
    assert_eq!(
        restored.read(&file(0, FileKind::Log), 0, 1000).unwrap(),
        &log[..1000]
    );
    reopened.delete_database().await.expect("cleanup");
}
