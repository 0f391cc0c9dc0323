//! Schema migrations: a database written at the previous layout opens with the current code.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use indexed_db_futures::typed_array::TypedArray;
use kplay::storage::chunks::CHUNK_BYTES;
use kplay::storage::indexed_db::{IdbError, IdbFiles, IndexedDbStorage};
use kplay::storage::schema::{current_version, PLAYGROUND_MIGRATIONS};
use kplay::storage::{FileKind, SegmentFile, SegmentStorage};
use wasm_bindgen_test::wasm_bindgen_test;

/// Writes a playground as kplay's schema version 1 did: one `files` store, no `meta`.
async fn write_version_1(name: &str, file: &SegmentFile, bytes: &[u8]) {
    let db = Database::open(name)
        .with_version(1u32)
        .with_on_upgrade_needed(|_, db| {
            db.create_object_store("files").build()?;
            Ok(())
        })
        .await
        .expect("open at version 1");
    let tx = db
        .transaction("files")
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    let store = tx.object_store("files").unwrap();
    store
        .put(TypedArray::new(bytes.to_vec()))
        .with_key(file.to_string())
        .build()
        .unwrap();
    tx.commit().await.expect("commit version 1 data");
    db.close();
}

#[wasm_bindgen_test]
async fn a_version_1_playground_is_migrated_and_keeps_its_files() {
    let name = "kplay-test-migrate-v1";
    let file = SegmentFile::new("payments", 3, 0, FileKind::Log);
    let bytes: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
    write_version_1(name, &file, &bytes).await;

    let idb = IdbFiles::open(name)
        .await
        .expect("current code opens version 1");
    assert_eq!(current_version(PLAYGROUND_MIGRATIONS), 4);
    assert_eq!(idb.schema_version(), 4, "migrated to the current version");
    assert_eq!(idb.get(&file).await.unwrap(), Some(bytes));
    // The store version 2 added is there and usable.
    assert_eq!(idb.get_meta("clock").await.unwrap(), None);
    idb.put_meta("clock", r#"{"now_ms":1700000000000}"#)
        .await
        .unwrap();
    // So is the journal store version 3 added.
    assert_eq!(idb.load_journal().await.unwrap(), None);
    idb.close();

    // Reopening at the current version runs no migration and keeps both stores.
    let idb = IdbFiles::open(name).await.expect("reopen");
    assert_eq!(
        idb.load_meta().await.unwrap(),
        vec![("clock".to_owned(), r#"{"now_ms":1700000000000}"#.to_owned())]
    );
    assert_eq!(idb.load_all().await.unwrap().len(), 1);
    idb.delete_database().await.expect("cleanup");
}

/// Writes a playground as kplay's schema version 3 did: `files` (one whole value per file,
/// keyed by the file's key), `meta` and `journal`.
async fn write_version_3(name: &str, files: &[(SegmentFile, Vec<u8>)]) {
    let db = Database::open(name)
        .with_version(3u32)
        .with_on_upgrade_needed(|_, db| {
            for store in ["files", "meta", "journal"] {
                db.create_object_store(store).build()?;
            }
            Ok(())
        })
        .await
        .expect("open at version 3");
    let tx = db
        .transaction(["files", "meta"])
        .with_mode(TransactionMode::Readwrite)
        .build()
        .unwrap();
    let store = tx.object_store("files").unwrap();
    for (file, bytes) in files {
        store
            .put(TypedArray::new(bytes.clone()))
            .with_key(file.key())
            .build()
            .unwrap();
    }
    tx.object_store("meta")
        .unwrap()
        .put("{}".to_owned())
        .with_key("journal-header".to_owned())
        .build()
        .unwrap();
    tx.commit().await.expect("commit version 3 data");
    db.close();
}

#[wasm_bindgen_test]
async fn a_version_3_playground_has_its_whole_files_split_into_chunks() {
    let name = "kplay-test-migrate-v3";
    let chunk = CHUNK_BYTES as usize;
    let big = SegmentFile::on_broker(1, "orders", 0, 0, FileKind::Log);
    let big_bytes: Vec<u8> = (0..2 * chunk + chunk / 3)
        .map(|i| (i % 251) as u8 ^ (i / chunk) as u8)
        .collect();
    let empty = SegmentFile::new("orders", 0, 0, FileKind::TimeIndex);
    let small = SegmentFile::new("orders", 0, 0, FileKind::Index);
    let files = vec![
        (small.clone(), vec![0, 0, 0, 1, 0, 0, 0, 2]),
        (empty.clone(), Vec::new()),
        (big.clone(), big_bytes.clone()),
    ];
    write_version_3(name, &files).await;

    let idb = IdbFiles::open(name)
        .await
        .expect("current code opens version 3");
    assert_eq!(idb.schema_version(), 4);
    assert_eq!(idb.get(&big).await.unwrap(), Some(big_bytes.clone()));
    assert_eq!(idb.get(&empty).await.unwrap(), Some(Vec::new()));
    let mut loaded = idb.load_all().await.unwrap();
    loaded.sort();
    let mut expected = files.clone();
    expected.sort();
    assert_eq!(loaded, expected, "every file intact");
    assert_eq!(
        idb.get_meta("journal-header").await.unwrap().as_deref(),
        Some("{}"),
        "the rest of the playground is untouched"
    );

    // The migrated file takes incremental flushes like any other.
    let mut storage = IndexedDbStorage::from_files(loaded).unwrap();
    storage.append(&big, b"appended").unwrap();
    let dirty = storage.take_dirty();
    assert_eq!(
        dirty.puts.iter().map(|p| p.index).collect::<Vec<_>>(),
        vec![2]
    );
    idb.flush(&dirty).await.expect("flush");
    idb.close();
    let reopened = IdbFiles::open(name).await.expect("reopen");
    let mut grown = big_bytes;
    grown.extend_from_slice(b"appended");
    assert_eq!(reopened.get(&big).await.unwrap(), Some(grown));
    reopened.delete_database().await.expect("cleanup");
}

#[wasm_bindgen_test]
async fn a_playground_from_a_newer_kplay_is_refused_untouched() {
    let name = "kplay-test-newer-schema";
    let newer = current_version(PLAYGROUND_MIGRATIONS) + 1;
    let db = Database::open(name)
        .with_version(newer)
        .with_on_upgrade_needed(|_, db| {
            db.create_object_store("files").build()?;
            Ok(())
        })
        .await
        .expect("open at a newer version");
    db.close();

    let err = IdbFiles::open(name)
        .await
        .expect_err("older code must refuse");
    assert!(matches!(err, IdbError::Open(_)), "{err:?}");

    let db = Database::open(name).await.expect("still there");
    assert_eq!(
        db.version() as u32,
        newer,
        "the newer database was not touched"
    );
    db.delete().unwrap().await.expect("cleanup");
}
