//! Named playgrounds: create, rename, duplicate, delete, list by last use.

use kplay::storage::catalogue::{Catalogue, CatalogueError};
use kplay::storage::indexed_db::{IdbFiles, IndexedDbStorage};
use kplay::storage::{FileKind, SegmentFile, SegmentStorage};
use wasm_bindgen_test::wasm_bindgen_test;

const T0: i64 = 1_700_000_000_000;

fn names(entries: &[kplay::storage::catalogue::PlaygroundEntry]) -> Vec<&str> {
    entries.iter().map(|e| e.name.as_str()).collect()
}

#[wasm_bindgen_test]
async fn playgrounds_are_created_renamed_duplicated_and_deleted() {
    let catalogue = Catalogue::open_named("kplay-test-catalogue")
        .await
        .expect("open catalogue");
    assert!(catalogue.list().await.unwrap().is_empty());

    let kraft = catalogue.create("KRaft demo", T0).await.expect("create");
    let tx = catalogue
        .create("  transactions ", T0 + 1000)
        .await
        .expect("create");
    assert_eq!(tx.name, "transactions", "names are trimmed");
    assert_ne!(kraft.id, tx.id);
    assert!(matches!(
        catalogue.create("KRaft demo", T0 + 2000).await,
        Err(CatalogueError::NameTaken(_))
    ));
    assert!(matches!(
        catalogue.create(" ", T0 + 2000).await,
        Err(CatalogueError::EmptyName)
    ));
    assert_eq!(
        names(&catalogue.list().await.unwrap()),
        vec!["transactions", "KRaft demo"],
        "most recently used first"
    );

    // Write into the first playground, and use it: it moves to the top of the list.
    let idb = catalogue
        .open_playground(kraft.id, T0 + 5000)
        .await
        .expect("open playground");
    let mut storage = IndexedDbStorage::default();
    let log = SegmentFile::new("orders", 0, 0, FileKind::Log);
    let index = SegmentFile::new("orders", 0, 0, FileKind::Index);
    let bytes: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
    storage.append(&log, &bytes).unwrap();
    storage.append(&index, &[0, 0, 0, 0, 0, 0, 0, 0]).unwrap();
    idb.flush(&storage.take_dirty()).await.expect("flush");
    idb.put_meta("topics", r#"["orders"]"#).await.unwrap();
    let journal_entries = vec![r#"{"n":0}"#.to_owned(), r#"{"n":1}"#.to_owned()];
    idb.append_journal(r#"{"header":1}"#, 0, &journal_entries)
        .await
        .unwrap();
    idb.close();
    catalogue
        .record_size(kraft.id, storage.used_bytes())
        .await
        .unwrap();
    let listed = catalogue.list().await.unwrap();
    assert_eq!(names(&listed), vec!["KRaft demo", "transactions"]);
    assert_eq!(listed[0].size_bytes, 10_008);
    assert_eq!(listed[0].created_ms, T0);
    assert_eq!(listed[0].last_used_ms, T0 + 5000);

    // Rename; a taken name is refused, renaming to its own name is fine.
    assert!(matches!(
        catalogue.rename(kraft.id, "transactions").await,
        Err(CatalogueError::NameTaken(_))
    ));
    let renamed = catalogue.rename(kraft.id, "KRaft").await.expect("rename");
    assert_eq!(renamed.name, "KRaft");
    assert_eq!(renamed.last_used_ms, T0 + 5000, "a rename is not a use");
    catalogue
        .rename(kraft.id, "KRaft")
        .await
        .expect("same name");

    // Duplicate copies every file and the metadata into a new database.
    let copy = catalogue
        .duplicate(kraft.id, "KRaft copy", T0 + 9000)
        .await
        .expect("duplicate");
    assert_ne!(copy.id, kraft.id);
    assert_eq!(copy.size_bytes, 10_008);
    assert_eq!(copy.created_ms, T0 + 9000);
    let copied = IdbFiles::open(&catalogue.database_name(copy.id))
        .await
        .unwrap();
    assert_eq!(copied.get(&log).await.unwrap(), Some(bytes.clone()));
    assert_eq!(copied.load_all().await.unwrap().len(), 2);
    assert_eq!(
        copied.get_meta("topics").await.unwrap().as_deref(),
        Some(r#"["orders"]"#)
    );
    let journal = copied
        .load_journal()
        .await
        .unwrap()
        .expect("journal copied");
    assert_eq!(journal.header, r#"{"header":1}"#);
    assert_eq!(
        journal.entries, journal_entries,
        "the journal's entries too"
    );
    copied.close();

    // Touch marks a use without opening: the page opens that one next.
    catalogue.touch(kraft.id, T0 + 9500).await.unwrap();
    assert_eq!(catalogue.list().await.unwrap()[0].id, kraft.id);
    catalogue.touch(copy.id, T0 + 9600).await.unwrap();
    assert_eq!(
        names(&catalogue.list().await.unwrap()),
        vec!["KRaft copy", "KRaft", "transactions"]
    );

    // Delete drops the database: the original's files are gone, the copy's are not.
    catalogue.delete(kraft.id).await.expect("delete");
    assert!(matches!(
        catalogue.get(kraft.id).await,
        Err(CatalogueError::NotFound(_))
    ));
    let reopened = IdbFiles::open(&catalogue.database_name(kraft.id))
        .await
        .unwrap();
    assert!(
        reopened.load_all().await.unwrap().is_empty(),
        "deleted data is gone"
    );
    reopened.delete_database().await.unwrap();
    let copied = IdbFiles::open(&catalogue.database_name(copy.id))
        .await
        .unwrap();
    assert_eq!(copied.get(&log).await.unwrap(), Some(bytes));
    copied.close();

    // Ids are never reused.
    let fresh = catalogue.create("fresh", T0 + 10_000).await.unwrap();
    assert!(fresh.id > copy.id);

    for entry in catalogue.list().await.unwrap() {
        catalogue.delete(entry.id).await.unwrap();
    }
    assert!(catalogue.list().await.unwrap().is_empty());
    catalogue.delete_catalogue().await.expect("cleanup");
}
