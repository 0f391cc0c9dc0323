//! `navigator.storage`: usage against quota, persistence.

use kplay::storage::estimate::{estimate, persist, persisted};
use kplay::storage::indexed_db::{IdbFiles, IndexedDbStorage};
use kplay::storage::{FileKind, SegmentFile, SegmentStorage};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn estimate_reports_usage_within_a_quota_and_grows_with_data() {
    let before = estimate().await.expect("estimate");
    assert!(before.quota_bytes > 0, "{before:?}");
    assert!(before.usage_bytes <= before.quota_bytes, "{before:?}");
    assert_eq!(
        before.available_bytes(),
        before.quota_bytes - before.usage_bytes
    );

    let name = "kplay-test-estimate";
    let idb = IdbFiles::open(name).await.expect("open");
    let mut storage = IndexedDbStorage::default();
    let file = SegmentFile::new("big", 0, 0, FileKind::Log);
    // Incompressible bytes, so the browser cannot store them in less space.
    let mut x: u32 = 0x9e37_79b9;
    let bytes: Vec<u8> = (0..4 << 20)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect();
    storage.append(&file, &bytes).unwrap();
    idb.flush(&storage.take_dirty()).await.expect("flush");
    let after = estimate().await.expect("estimate");
    assert!(
        after.usage_bytes > before.usage_bytes,
        "4 MiB stored, usage {before:?} -> {after:?}"
    );
    idb.delete_database().await.expect("cleanup");
}

#[wasm_bindgen_test]
async fn persist_answers_and_persisted_agrees() {
    let granted = persist().await.expect("persist");
    assert_eq!(persisted().await.expect("persisted"), granted);
}
