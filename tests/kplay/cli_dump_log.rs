//! `kafka-dump-log.sh` transcripts. The batches of `../shared/fixtures/sample.log`, imported as
//! `t-0/00000000000000000000.log`, dump exactly as `DumpLogSegments --print-data-log` prints
//! them: the expected lines are built here from the fields Kafka's own client decoded
//! (`record_batches.json`), not from kplay's decoder.

use kplay::cli::{run_line, CommandOutput};
use kplay::engine::playground::{Playground, PlaygroundConfig};
use kplay::engine::profile::VersionProfile;
use kplay::engine::record::{BatchBuilder, Compression, TimestampType};
use kplay::engine::topic_partition::TopicPartition;
use kplay::storage::memory::MemoryStorage;
use serde_json::Value;

const NOW_MS: i64 = 1_700_000_000_000;
const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/record_batches.json"
);
const SAMPLE_LOG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/sample.log");

fn imported() -> Playground<MemoryStorage> {
    let mut c = Playground::new(
        PlaygroundConfig::new(1, VersionProfile::Kafka4x),
        MemoryStorage::new(),
        NOW_MS,
    );
    let sample = std::fs::read(SAMPLE_LOG).unwrap();
    let reports = c
        .cluster_mut()
        .import_topic_logs("t", &[vec![(0, sample)]], NOW_MS)
        .unwrap();
    assert_eq!(reports[0].dropped_bytes, 0);
    c
}

fn utf8(hex: &Value) -> Option<String> {
    let hex = hex.as_str()?;
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// What `DumpLogSegments.printBatchLevel` and the record loop print for one decoded batch.
fn expected_lines(batch: &Value, position: u64) -> Vec<String> {
    let d = &batch["decoded"];
    let ts_type = match d["timestamp_type"].as_str().unwrap() {
        "CREATE_TIME" => "CreateTime",
        "LOG_APPEND_TIME" => "LogAppendTime",
        other => panic!("{other}"),
    };
    let delete_horizon = if d["attributes"].as_i64().unwrap() & 0x40 != 0 {
        format!("OptionalLong[{}]", d["first_timestamp"])
    } else {
        "OptionalLong.empty".to_string()
    };
    let mut lines = vec![format!(
        "baseOffset: {} lastOffset: {} count: {} baseSequence: {} lastSequence: {} producerId: {} producerEpoch: {} partitionLeaderEpoch: {} isTransactional: {} isControl: {} deleteHorizonMs: {delete_horizon} position: {position} {ts_type}: {} size: {} magic: {} compresscodec: {} crc: {} isvalid: {}",
        d["base_offset"], d["last_offset"], d["records_count"], d["base_sequence"], d["last_sequence"],
        d["producer_id"], d["producer_epoch"], d["partition_leader_epoch"], d["is_transactional"],
        d["is_control_batch"], d["max_timestamp"], d["size_in_bytes"], d["magic"],
        d["compression"].as_str().unwrap(), d["crc"], d["crc_valid"],
    )];
    let base_offset = d["base_offset"].as_i64().unwrap();
    let base_sequence = d["base_sequence"].as_i64().unwrap();
    for r in d["records"].as_array().unwrap() {
        let offset = r["offset"].as_i64().unwrap();
        let sequence = if base_sequence < 0 {
            -1
        } else {
            (base_sequence + offset - base_offset) % (i64::from(i32::MAX) + 1)
        };
        let size = |v: &Value| v.as_str().map_or(-1, |h| h.len() as i64 / 2);
        let keys: Vec<String> = r["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h[0].as_str().unwrap().to_string())
            .collect();
        let mut line = format!(
            "| offset: {offset} {ts_type}: {} keySize: {} valueSize: {} sequence: {sequence} headerKeys: [{}]",
            r["timestamp"],
            size(&r["key_hex"]),
            size(&r["value_hex"]),
            keys.join(",")
        );
        if let Some(control) = r["control_type"].as_str() {
            line.push_str(&format!(
                " endTxnMarker: {control} coordinatorEpoch: {}",
                r["coordinator_epoch"]
            ));
        } else {
            if let Some(k) = utf8(&r["key_hex"]) {
                line.push_str(&format!(" key: {k}"));
            }
            if let Some(v) = utf8(&r["value_hex"]) {
                line.push_str(&format!(" payload: {v}"));
            }
        }
        lines.push(line);
    }
    lines
}

#[test]
fn sample_log_dumps_as_kafka_prints_its_batches() {
    let mut c = imported();
    let fixtures: Value =
        serde_json::from_str(&std::fs::read_to_string(FIXTURES).unwrap()).unwrap();
    let batches = fixtures["batches"].as_array().unwrap();
    // Recovery splits the batch at offset 1234567890123 into a segment of its own (its
    // offsets do not fit the first segment's 4-byte relative offsets).
    let (first, split) = batches.split_at(batches.len() - 1);
    let mut expected = vec![
        "Dumping /var/lib/kafka/data/t-0/00000000000000000000.log".to_string(),
        "Log starting offset: 0".to_string(),
    ];
    let mut position = 0;
    for b in first {
        expected.extend(expected_lines(b, position));
        position += b["decoded"]["size_in_bytes"].as_u64().unwrap();
    }
    let split_name = format!(
        "{:020}.log",
        split[0]["decoded"]["base_offset"].as_i64().unwrap()
    );
    expected.push(format!("Dumping /var/lib/kafka/data/t-0/{split_name}"));
    expected.push(format!(
        "Log starting offset: {}",
        split[0]["decoded"]["base_offset"]
    ));
    expected.extend(expected_lines(&split[0], 0));
    let out = run_line(
        &mut c,
        &format!("kafka-dump-log.sh --print-data-log --files /var/lib/kafka/data/t-0/00000000000000000000.log,/var/lib/kafka/data/t-0/{split_name}"),
        NOW_MS,
    );
    assert_eq!(out.stdout.len(), expected.len());
    for (got, want) in out.stdout.iter().zip(&expected) {
        assert_eq!(got, want);
    }
    // The fixture's offset-gaps batch (30, 32, 35): DumpLogSegments reports the gaps, newest first.
    assert_eq!(
        out.stderr,
        [
            "Non-consecutive offsets in /var/lib/kafka/data/t-0/00000000000000000000.log",
            "  32 is followed by 35",
            "  30 is followed by 32",
        ]
    );
    assert_eq!(out.exit_code, 0);

    // Shallow iteration: batch lines only.
    let out = run_line(
        &mut c,
        "kafka-dump-log.sh --files t-0/00000000000000000000.log",
        NOW_MS,
    );
    assert_eq!(out.stdout.len(), 2 + first.len());
    assert!(out.stdout[2].starts_with("baseOffset: 0 lastOffset: 2 count: 3 "));
}

/// A log with small segments so both indexes have entries.
fn produced() -> Playground<MemoryStorage> {
    let mut c = Playground::new(
        PlaygroundConfig::new(1, VersionProfile::Kafka4x),
        MemoryStorage::new(),
        NOW_MS,
    );
    let out = run_line(
        &mut c,
        "kafka-topics.sh --bootstrap-server b:9092 --create --topic idx --partitions 1 --config index.interval.bytes=100",
        NOW_MS,
    );
    assert_eq!(out.exit_code, 0, "{out:?}");
    for i in 0..5i64 {
        let ts = NOW_MS + i * 1000;
        let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 0, ts);
        b.append(
            ts,
            Some(format!("key-{i}").as_bytes()),
            Some(&[b'x'; 120]),
            &[],
        );
        c.cluster_mut()
            .produce(&TopicPartition::new("idx", 0), &b.build(), ts)
            .unwrap();
    }
    c
}

#[test]
fn indexes_dump_entry_by_entry() {
    let mut c = produced();
    let out = run_line(
        &mut c,
        "kafka-dump-log.sh --files idx-0/00000000000000000000.index,idx-0/00000000000000000000.timeindex",
        NOW_MS,
    );
    assert_eq!(out.stderr, Vec::<String>::new());
    assert_eq!(out.stdout[0], "Dumping idx-0/00000000000000000000.index");
    let index_lines: Vec<&String> = out
        .stdout
        .iter()
        .take_while(|l| !l.starts_with("Dumping idx-0/00000000000000000000.timeindex"))
        .skip(1)
        .collect();
    assert!(!index_lines.is_empty());
    assert!(index_lines
        .iter()
        .all(|l| l.starts_with("offset: ") && l.contains(" position: ")));
    let time_lines: Vec<&String> = out
        .stdout
        .iter()
        .skip_while(|l| !l.ends_with(".timeindex"))
        .skip(1)
        .collect();
    assert!(!time_lines.is_empty());
    assert!(time_lines
        .iter()
        .all(|l| l.starts_with("timestamp: 17000000")));
    let out = run_line(
        &mut c,
        "kafka-dump-log.sh --index-sanity-check --files idx-0/00000000000000000000.index",
        NOW_MS,
    );
    assert_eq!(
        out.stdout[1],
        "idx-0/00000000000000000000.index passed sanity check."
    );
    let out = run_line(
        &mut c,
        "kafka-dump-log.sh --verify-index-only --files idx-0/00000000000000000000.timeindex",
        NOW_MS,
    );
    assert_eq!((out.stdout.len(), out.stderr.len()), (1, 0));
}

fn uncaught(out: &CommandOutput, stdout: &[&str], exception: &str) {
    assert_eq!(out.exit_code, 1, "{out:?}");
    assert_eq!(out.stdout, stdout);
    assert_eq!(
        out.stderr,
        [format!("Exception in thread \"main\" {exception}")]
    );
}

#[test]
fn refusals_and_usage() {
    let mut c = produced();
    uncaught(
        &run_line(
            &mut c,
            "kafka-dump-log.sh --files /data/nope-0/00000000000000000000.log",
            NOW_MS,
        ),
        &[
            "Dumping /data/nope-0/00000000000000000000.log",
            "Log starting offset: 0",
        ],
        "java.nio.file.NoSuchFileException: /data/nope-0/00000000000000000000.log",
    );
    uncaught(
        &run_line(&mut c, "kafka-dump-log.sh --files segment", NOW_MS),
        &["Dumping segment"],
        "java.lang.StringIndexOutOfBoundsException: begin -1, end 7, length 7",
    );
    uncaught(
        &run_line(&mut c, "kafka-dump-log.sh --files x.log --print", NOW_MS),
        &[],
        "joptsimple.UnrecognizedOptionException: print is not a recognized option",
    );
    let out = run_line(&mut c, "kafka-dump-log.sh --files idx-0/notes.txt", NOW_MS);
    assert_eq!(out.stdout, ["Dumping idx-0/notes.txt"]);
    assert_eq!(out.stderr, ["Ignoring unknown file idx-0/notes.txt"]);
    let out = run_line(
        &mut c,
        "kafka-dump-log.sh --offsets-decoder --files a.log",
        NOW_MS,
    );
    assert_eq!(out.exit_code, 1);
    assert!(out.stderr[0].starts_with("kplay: --offsets-decoder is not supported"));
    for (args, first) in [
        ("", "This tool helps to parse a log file and dump its contents to the console, useful for debugging a seemingly corrupt log segment."),
        ("--print-data-log", "Missing required argument \"[files]\""),
    ] {
        let out = run_line(&mut c, &format!("kafka-dump-log.sh {args}"), NOW_MS);
        assert_eq!((out.exit_code, out.stderr[0].as_str()), (1, first));
        assert!(out.stderr.iter().any(|l| l.starts_with("--max-bytes <Integer: size>")));
    }
    // `--max-bytes` cuts the walk; no "invalid bytes" line when it is given.
    let out = run_line(
        &mut c,
        "kafka-dump-log.sh --max-bytes 200 --files idx-0/00000000000000000000.log",
        NOW_MS,
    );
    assert_eq!(out.stdout.len(), 3, "{out:?}");
}
