//! Quota errors: refused writes lose nothing stored, a failed flush stays dirty for the next.

use kplay::storage::failing::FailingStorage;
use kplay::storage::indexed_db::{flush_error, IdbError, IdbFiles, IndexedDbStorage};
use kplay::storage::{FileKind, SegmentFile, SegmentStorage, StorageError};
use wasm_bindgen_test::wasm_bindgen_test;

fn log(base_offset: i64) -> SegmentFile {
    SegmentFile::new("quota", 0, base_offset, FileKind::Log)
}

#[wasm_bindgen_test]
async fn a_refused_append_keeps_everything_already_stored() {
    let name = "kplay-test-quota-append";
    let idb = IdbFiles::open(name).await.expect("open");
    let mut storage = FailingStorage::new(IndexedDbStorage::default());
    storage.append(&log(0), b"acknowledged").unwrap();
    let full = StorageError::QuotaExceeded {
        needed_bytes: 4,
        limit_bytes: 12,
    };
    storage.fail_after(0, full.clone());
    assert_eq!(storage.append(&log(0), b"more"), Err(full));
    assert_eq!(storage.refused_writes(), 1);

    // What was stored before the refusal is flushed whole, and nothing of the refused write.
    let dirty = storage.inner_mut().take_dirty();
    idb.flush(&dirty).await.expect("flush");
    assert_eq!(
        idb.get(&log(0)).await.unwrap(),
        Some(b"acknowledged".to_vec())
    );
    storage.heal();
    storage.append(&log(0), b"!").unwrap();
    assert_eq!(storage.read(&log(0), 0, 13).unwrap(), b"acknowledged!");
    idb.delete_database().await.expect("cleanup");
}

#[wasm_bindgen_test]
async fn a_failed_flush_keeps_its_files_dirty_for_the_next_try() {
    let name = "kplay-test-failed-flush";
    let idb = IdbFiles::open(name).await.expect("open");
    let mut storage = IndexedDbStorage::default();
    storage.append(&log(0), b"first").unwrap();
    storage.append(&log(100), b"second").unwrap();

    // The connection goes away under the flush (another clone closed it): a real failure.
    idb.clone().close();
    let dirty = storage.take_dirty();
    assert_eq!(storage.dirty_count(), 0);
    let err = idb
        .flush(&dirty)
        .await
        .expect_err("a closed connection fails");
    assert!(!err.is_quota_exceeded(), "{err}");
    storage.restore_dirty(&dirty);
    assert_eq!(storage.dirty_count(), 2, "both files are dirty again");
    // A write made after the failure goes out with the retry.
    storage.append(&log(0), b"+more").unwrap();

    let idb = IdbFiles::open(name).await.expect("reopen");
    idb.flush(&storage.take_dirty()).await.expect("retry");
    assert_eq!(
        idb.get(&log(0)).await.unwrap(),
        Some(b"first+more".to_vec())
    );
    assert_eq!(idb.get(&log(100)).await.unwrap(), Some(b"second".to_vec()));
    idb.delete_database().await.expect("cleanup");
}

#[wasm_bindgen_test]
fn the_browsers_quota_exceeded_error_becomes_storage_quota_exceeded() {
    let dom = web_sys::DomException::new_with_message_and_name(
        "The transaction was aborted because the quota was exceeded.",
        "QuotaExceededError",
    )
    .unwrap();
    let e = indexed_db_futures::error::Error::DomException(dom.into());
    let err = flush_error(e, 4096, 1 << 30);
    assert!(err.is_quota_exceeded());
    assert!(matches!(
        err,
        IdbError::Storage(StorageError::QuotaExceeded {
            needed_bytes: 4096,
            limit_bytes: 1073741824
        })
    ));
    assert_eq!(
        err.to_string(),
        "storage quota exceeded: 4096 more bytes needed, 1073741824 bytes allowed in all"
    );

    let other =
        web_sys::DomException::new_with_message_and_name("closing", "InvalidStateError").unwrap();
    let e = indexed_db_futures::error::Error::DomException(other.into());
    assert!(!flush_error(e, 4096, 1 << 30).is_quota_exceeded());
}
