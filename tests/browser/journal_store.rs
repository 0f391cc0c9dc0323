//! A scenario's journal in IndexedDB: appended in batches, read back whole, replaced on
//! import, cleared on reset; and the scenario it holds replays.

use kplay::engine::profile::VersionProfile;
use kplay::scenario::{replay, Input, Journal, JournalEntry, Scenario};
use kplay::storage::indexed_db::IdbFiles;
use kplay::storage::memory::MemoryStorage;
use wasm_bindgen_test::wasm_bindgen_test;

const T0: i64 = 1_700_000_000_000;

fn header(s: &Scenario) -> String {
    Scenario {
        inputs: Vec::new(),
        ..s.clone()
    }
    .to_json()
}

fn entries(entries: &[JournalEntry]) -> Vec<String> {
    entries
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect()
}

fn read_back(header: &str, entries: &[String]) -> Scenario {
    let mut scenario = Scenario::from_json(header).unwrap();
    scenario.inputs = entries
        .iter()
        .map(|e| serde_json::from_str(e).unwrap())
        .collect();
    scenario
}

#[wasm_bindgen_test]
async fn a_journal_round_trips_in_batches_and_replays() {
    let name = "kplay-test-journal";
    let idb = IdbFiles::open(name).await.expect("open");
    assert_eq!(
        idb.load_journal().await.unwrap(),
        None,
        "nothing stored yet"
    );

    let mut journal = Journal::new(11, VersionProfile::Kafka4x, T0);
    journal.record(
        T0,
        &Input::CreateTopic {
            name: "orders".into(),
            partitions: 2,
            replication_factor: 1,
        },
    );
    journal.record(
        T0 + 500,
        &Input::RunCommand {
            line: "kafka-topics.sh --bootstrap-server localhost:9092 --describe".into(),
        },
    );
    // First batch.
    let pending = journal.unpersisted();
    let mark = pending.mark;
    idb.append_journal(
        &header(journal.scenario()),
        pending.first,
        &entries(pending.entries),
    )
    .await
    .expect("first batch");
    journal.mark_persisted(mark);
    // Second batch: one more input and a later clock.
    journal.record(
        T0 + 900,
        &Input::CreateProducer {
            configs: vec![("acks".into(), "1".into())],
        },
    );
    journal.set_clock(T0 + 4_000);
    let pending = journal.unpersisted();
    assert_eq!(pending.first, 2);
    idb.append_journal(
        &header(journal.scenario()),
        pending.first,
        &entries(pending.entries),
    )
    .await
    .expect("second batch");
    idb.close();

    // A reload: the whole scenario comes back, and replays to the clock.
    let idb = IdbFiles::open(name).await.expect("reopen");
    let stored = idb.load_journal().await.unwrap().expect("stored");
    let scenario = read_back(&stored.header, &stored.entries);
    assert_eq!(&scenario, journal.scenario());
    let replayed = replay(&scenario, MemoryStorage::new()).expect("replays");
    assert_eq!(replayed.report.inputs, 3);
    assert_eq!(replayed.playground.now_ms(), T0 + 4_000);
    assert_eq!(replayed.playground.producers().len(), 1);

    // Import replaces it whole; reset clears it.
    let imported = Scenario::new(12, VersionProfile::Kafka2_5, T0);
    idb.replace_journal(&header(&imported), &[])
        .await
        .expect("replace");
    let stored = idb.load_journal().await.unwrap().expect("stored");
    assert_eq!(read_back(&stored.header, &stored.entries), imported);
    idb.clear_journal().await.expect("clear");
    assert_eq!(idb.load_journal().await.unwrap(), None);
    idb.delete_database().await.expect("cleanup");
}
