//! Stored segments through IndexedDB: written by the write-behind flush, then one cut
//! mid-batch and another with a flipped byte; reopened and recovered with Kafka's recovery.

use kplay::cli::Shell;
use kplay::engine::log::{LogCheckpoints, PartitionLog};
use kplay::engine::playground::Playground;
use kplay::engine::profile::VersionProfile;
use kplay::i18n::recovery_text::check_lines;
use kplay::i18n::Lang;
use kplay::scenario::replay::start;
use kplay::scenario::stored_segments::{check_stored, ReplayComparison, SnapshotMark};
use kplay::scenario::{apply, pass_time, Input, Journal};
use kplay::storage::indexed_db::{DirtyFiles, IdbFiles, IndexedDbStorage};
use kplay::storage::journal_store::JournalAppend;
use kplay::storage::{FileKind, SegmentFile, SegmentStorage};
use wasm_bindgen_test::wasm_bindgen_test;

const T0: i64 = 1_700_000_000_000;

/// A playground with a topic of 2 partitions and a producer sending for 5 simulated seconds.
fn playground() -> (Journal, Playground<IndexedDbStorage>) {
    let mut journal = Journal::new(5, VersionProfile::Kafka4x, T0);
    let mut pg = start(journal.scenario(), IndexedDbStorage::default());
    let mut shell = Shell::new();
    for input in [
        Input::CreateTopic {
            name: "orders".into(),
            partitions: 2,
            replication_factor: 1,
        },
        Input::RunCommand {
            line: "producer start orders --rate 30 --keys user-:4".into(),
        },
    ] {
        journal.record(pg.now_ms(), &input);
        apply(&mut pg, &mut shell, &input);
    }
    pass_time(&mut pg, &mut shell, T0 + 5_000);
    journal.set_clock(pg.now_ms());
    (journal, pg)
}

fn orders_log(stored: &[(SegmentFile, Vec<u8>)], partition: i32) -> usize {
    stored
        .iter()
        .position(|(f, b)| {
            f.topic == "orders"
                && f.partition == partition
                && f.kind == FileKind::Log
                && b.len() > 300
        })
        .expect("the producer filled the partition's first segment")
}

#[wasm_bindgen_test]
async fn a_cut_and_a_corrupted_segment_are_recovered_and_reported() {
    let name = "kplay-test-stored-segments";
    let idb = IdbFiles::open(name).await.expect("open");
    let (journal, pg) = playground();
    let storage = pg.cluster().storage();
    let mark = SnapshotMark {
        clock_ms: pg.now_ms(),
        inputs: journal.len(),
    };
    // The page's flush: files, journal and mark in one transaction.
    let dirty = storage.take_dirty();
    let entries: Vec<String> = journal
        .scenario()
        .inputs
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    idb.flush_batch(
        &dirty,
        Some(JournalAppend {
            header: "{}",
            first: 0,
            entries: &entries,
        }),
        &[("segments-snapshot".to_owned(), mark.to_json())],
    )
    .await
    .expect("flush");
    assert_eq!(storage.dirty_count(), 0);

    // Damage two stored files behind the page's back, as a torn write or a bad disk would.
    let mut stored = idb.load_all().await.unwrap();
    let (cut, flipped) = (orders_log(&stored, 0), orders_log(&stored, 1));
    let original_cut = stored[cut].1.clone();
    let cut_to = original_cut.len() - 7;
    stored[cut].1.truncate(cut_to);
    let flip_at = stored[flipped].1.len() - 20;
    stored[flipped].1[flip_at] ^= 0xff;
    let damage = DirtyFiles::whole(vec![stored[cut].clone(), stored[flipped].clone()]);
    idb.flush(&damage).await.expect("write the damage");
    idb.close();

    // A reload: the database reopened, everything read in one transaction.
    let reopened = IdbFiles::open(name).await.expect("reopen");
    let saved = reopened.load_saved("segments-snapshot").await.unwrap();
    assert_eq!(saved.journal.unwrap().entries, entries);
    let snapshot = saved.meta.as_deref().and_then(SnapshotMark::from_json);
    assert_eq!(snapshot, Some(mark));
    let check = check_stored(&saved.files, snapshot, &pg, journal.len());

    let cut_file = stored[cut].0.clone();
    let cut_damage = check
        .damage
        .iter()
        .find(|d| d.file == cut_file)
        .expect("the cut segment is named");
    let valid = cut_damage.cut_at_bytes.expect("cut, not deleted");
    assert_eq!(cut_damage.dropped_bytes, cut_to as u64 - valid);
    assert_eq!(cut_damage.dropped_batches, 1, "the torn last batch");
    let flip_damage = check
        .damage
        .iter()
        .find(|d| d.file == stored[flipped].0)
        .expect("the corrupted segment is named");
    assert!(flip_damage.cut_at_bytes.unwrap() <= flip_at as u64);
    assert!(check.replay.agrees(), "{:?}", check.replay);
    assert!(matches!(check.replay, ReplayComparison::Compared { .. }));
    let lines = check_lines(Lang::En, &check);
    let named = format!(
        "segment {} of orders-0 on broker {}: cut at byte {valid}, 1 batches ({} bytes) dropped; the journal replay rebuilt them",
        cut_file.file_name(),
        cut_file.broker,
        cut_damage.dropped_bytes
    );
    assert!(lines.contains(&named), "{lines:#?}");

    // The surviving batches read back byte-identical after Kafka's recovery.
    let mut recovered = IndexedDbStorage::from_files(saved.files).unwrap();
    let config = pg
        .cluster()
        .registry()
        .describe_topic("orders")
        .unwrap()
        .log_config(pg.cluster().broker_config());
    let (log, report) = PartitionLog::open_replica_from_storage(
        &mut recovered,
        cut_file.broker,
        "orders",
        0,
        config,
        LogCheckpoints::default(),
        pg.now_ms(),
        &mut Vec::new(),
    )
    .expect("recovery opens the cut log");
    assert_eq!(report.truncated_segment, Some(cut_file.base_offset));
    assert_eq!(recovered.len(&cut_file).unwrap(), valid);
    assert_eq!(
        recovered.read(&cut_file, 0, valid).unwrap(),
        &original_cut[..valid as usize]
    );
    assert!(log.leo() > 0);

    // An import replaces the journal and takes the files and their mark with it.
    reopened.replace_playground("{}", &[]).await.unwrap();
    let replaced = reopened.load_saved("segments-snapshot").await.unwrap();
    assert_eq!(replaced.files, vec![]);
    assert_eq!(replaced.meta, None);
    assert_eq!(replaced.journal.unwrap().entries, Vec::<String>::new());
    reopened.delete_database().await.expect("cleanup");
}
