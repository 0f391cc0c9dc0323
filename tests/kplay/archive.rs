//! A playground exported as a `.tar` (`scenario::archive`): its scenario plus the leader
//! replicas' Kafka files. The `.log` files are valid record batches, their bytes are what
//! `kplay-cli --export-dir` writes for the same session, and importing reads the scenario back
//! and verifies the files against a replay.

use std::io::Write;
use std::process::{Command, Stdio};

use kplay::cli::Shell;
use kplay::engine::playground::{Playground, PlaygroundConfig};
use kplay::engine::profile::VersionProfile;
use kplay::engine::record::batches;
use kplay::scenario::archive::{
    export, import, read_tar, verify, write_tar, ArchiveError, TarEntry, SCENARIO_ENTRY,
};
use kplay::scenario::{apply, Input, Journal, Recorded, Scenario};
use kplay::storage::memory::MemoryStorage;
use kplay::storage::{FileKind, SegmentFile};

const T0: i64 = 1_700_000_000_000;
const SEED: u64 = 42;

const LINES: &[&str] = &[
    "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 2 --replication-factor 3",
    "kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders --property parse.key=true --property key.separator=:",
    "k1:first",
    "k2:second",
    "k3:third",
    "k1:fourth",
];

/// The session of [`LINES`] as the UI records it: each input journaled, then applied; the
/// console producer's input ended as Ctrl-D does.
fn recorded_scenario() -> Scenario {
    let mut pg = Playground::new(
        PlaygroundConfig::new(SEED, VersionProfile::Kafka4x),
        MemoryStorage::new(),
        T0,
    );
    let mut shell = Shell::new();
    let mut journal = Journal::new(SEED, VersionProfile::Kafka4x, T0);
    let inputs = LINES
        .iter()
        .map(|l| Input::RunCommand {
            line: (*l).to_owned(),
        })
        .chain([Input::EndInput]);
    for input in inputs {
        assert_eq!(journal.record(pg.now_ms(), &input), Recorded::Kept);
        apply(&mut pg, &mut shell, &input);
        journal.set_clock(pg.now_ms());
    }
    journal.scenario().clone()
}

fn entries(tar: &[u8]) -> Vec<TarEntry> {
    read_tar(tar).expect("the archive reads back")
}

#[test]
fn archive_holds_the_scenario_and_valid_kafka_files() {
    let scenario = recorded_scenario();
    let tar = export(&scenario).expect("export");
    let entries = entries(&tar);
    assert_eq!(entries[0].path, SCENARIO_ENTRY);
    assert_eq!(
        Scenario::from_json(std::str::from_utf8(&entries[0].bytes).unwrap()).unwrap(),
        scenario
    );
    let mut records = 0;
    for entry in &entries[1..] {
        let file = SegmentFile::parse(&entry.path)
            .unwrap_or_else(|| panic!("{} is in Kafka's layout", entry.path));
        if file.kind != FileKind::Log {
            continue;
        }
        for batch in batches(&entry.bytes) {
            let batch = batch.expect("every batch is intact (CRC-32C checked)");
            records += batch.header().records_count;
        }
    }
    assert_eq!(
        records, 4,
        "the four produced records are in the orders logs"
    );
    assert!(entries
        .iter()
        .any(|e| e.path == "orders-0/00000000000000000000.log"));
    assert!(entries
        .iter()
        .any(|e| e.path == "orders-1/00000000000000000000.timeindex"));

    // Importing gives the scenario back, and the files match a replay.
    let imported = import(&tar).expect("import");
    assert_eq!(imported.scenario, scenario);
    let check = verify(&imported).unwrap();
    assert!(check.is_consistent(), "{check:?}");
    assert_eq!(check.matching, entries.len() - 1);
}

#[test]
fn a_changed_file_is_reported_not_taken() {
    let scenario = recorded_scenario();
    let mut entries = entries(&export(&scenario).unwrap());
    let log = entries
        .iter_mut()
        .find(|e| e.path.ends_with(".log") && !e.bytes.is_empty())
        .expect("a non-empty log");
    let last = log.bytes.len() - 1;
    log.bytes[last] ^= 0xff;
    let changed = log.path.clone();
    entries.push(TarEntry {
        path: "orders-9/00000000000000000000.log".to_owned(),
        bytes: Vec::new(),
    });
    entries.retain(|e| e.path != "orders-1/00000000000000000000.index");
    let imported = import(&write_tar(&entries, 0)).expect("the scenario still reads");
    assert_eq!(imported.scenario, scenario);
    let check = verify(&imported).unwrap();
    assert!(!check.is_consistent());
    assert_eq!(check.differing, vec![changed]);
    assert_eq!(check.missing, vec!["orders-1/00000000000000000000.index"]);
    assert_eq!(check.extra, vec!["orders-9/00000000000000000000.log"]);

    let no_json: Vec<TarEntry> = entries
        .into_iter()
        .filter(|e| e.path != SCENARIO_ENTRY)
        .collect();
    assert!(matches!(
        import(&write_tar(&no_json, 0)),
        Err(ArchiveError::NoScenario)
    ));
}

#[test]
fn log_files_are_the_bytes_kplay_cli_exports() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("kplay-archive-export");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kplay-cli"))
        .args([
            "--seed",
            &SEED.to_string(),
            "--start-ms",
            &T0.to_string(),
            "--brokers",
            "3",
            "--export-dir",
            dir.to_str().unwrap(),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kplay-cli starts");
    let script: String = LINES.iter().map(|l| format!("{l}\n")).collect();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let archived = entries(&export(&recorded_scenario()).unwrap());
    let mut compared = 0;
    for entry in archived.iter().filter(|e| e.path.starts_with("orders-")) {
        let exported = std::fs::read(dir.join(&entry.path))
            .unwrap_or_else(|e| panic!("kplay-cli exported {}: {e}", entry.path));
        if entry.path.ends_with(".log") {
            assert_eq!(exported, entry.bytes, "{}", entry.path);
            compared += 1;
        }
    }
    assert_eq!(compared, 2, "both partitions' logs compared");
}
