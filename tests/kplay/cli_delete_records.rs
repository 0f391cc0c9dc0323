//! `kafka-delete-records.sh` transcripts: the offset JSON file (written with the playground's
//! `write-file`), `DeleteRecordsCommand`'s lines in Java `HashMap` order, and its exceptions.

use kplay::cli::{CommandOutput, Shell};
use kplay::engine::playground::{Playground, PlaygroundConfig};
use kplay::engine::profile::VersionProfile;
use kplay::engine::record::{BatchBuilder, Compression, TimestampType};
use kplay::engine::topic_partition::TopicPartition;
use kplay::storage::memory::MemoryStorage;

const NOW_MS: i64 = 1_700_000_000_000;

/// `t` with 4 partitions of 10 records each.
fn setup() -> (Playground<MemoryStorage>, Shell) {
    let mut c = Playground::new(
        PlaygroundConfig::new(3, VersionProfile::Kafka4x),
        MemoryStorage::new(),
        NOW_MS,
    );
    let mut shell = Shell::new();
    let out = shell.run_line(
        &mut c,
        "kafka-topics.sh --bootstrap-server b:9092 --create --topic t --partitions 4",
        NOW_MS,
    );
    assert_eq!(out.exit_code, 0);
    for p in 0..4 {
        let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 0, NOW_MS);
        for _ in 0..10 {
            b.append(NOW_MS, Some(b"k"), Some(b"v"), &[]);
        }
        c.cluster_mut()
            .produce(&TopicPartition::new("t", p), &b.build(), NOW_MS)
            .unwrap();
    }
    (c, shell)
}

fn write(c: &mut Playground<MemoryStorage>, shell: &mut Shell, path: &str, json: &str) {
    shell.run_line(c, &format!("write-file {path}"), NOW_MS);
    for line in json.lines() {
        shell.run_line(c, line, NOW_MS);
    }
    assert_eq!(shell.run_line(c, "EOF", NOW_MS), CommandOutput::default());
}

fn delete(c: &mut Playground<MemoryStorage>, shell: &mut Shell, args: &str) -> CommandOutput {
    shell.run_line(c, &format!("kafka-delete-records.sh {args}"), NOW_MS)
}

#[test]
fn deletes_and_prints_in_hash_map_order() {
    let (mut c, mut shell) = setup();
    write(
        &mut c,
        &mut shell,
        "offsets.json",
        r#"{"partitions": [
  {"topic": "t", "partition": 3, "offset": 4},
  {"topic": "t", "partition": 0, "offset": -1},
  {"topic": "t", "partition": 2, "offset": 11},
  {"topic": "t", "partition": 1, "offset": 2}],
 "version": 1}"#,
    );
    let out = delete(
        &mut c,
        &mut shell,
        "--bootstrap-server b:9092 --offset-json-file offsets.json",
    );
    // "t".hashCode() = 116; TopicPartition(t, p) hashes to 31 * (31 + p) + 116, whose low
    // four bits put p=0 in bucket 5, p=1 in 4, p=2 in 3 and p=3 in 2 of the 16.
    assert_eq!(
        out,
        CommandOutput {
            stdout: vec![
                "Executing records delete operation".into(),
                "Records delete operation completed:".into(),
                "partition: t-3\tlow_watermark: 4".into(),
                "partition: t-2\terror: org.apache.kafka.common.errors.OffsetOutOfRangeException: The requested offset is not within the range of offsets maintained by the server.".into(),
                "partition: t-1\tlow_watermark: 2".into(),
                "partition: t-0\tlow_watermark: 10".into(),
            ],
            stderr: vec![],
            exit_code: 0,
        }
    );
    let offsets = shell.run_line(
        &mut c,
        "kafka-get-offsets.sh --bootstrap-server b:9092 --time earliest",
        NOW_MS,
    );
    assert_eq!(offsets.stdout, ["t:0:10", "t:1:2", "t:2:0", "t:3:4"]);
}

fn uncaught(out: &CommandOutput, exception: &str) {
    assert_eq!(out.exit_code, 1, "{out:?}");
    assert_eq!(
        out.stderr,
        [format!("Exception in thread \"main\" {exception}")],
        "{out:?}"
    );
}

#[test]
fn exceptions_end_the_run() {
    let (mut c, mut shell) = setup();
    let base = "--bootstrap-server b:9092 --offset-json-file";
    uncaught(
        &delete(&mut c, &mut shell, &format!("{base} missing.json")),
        "java.nio.file.NoSuchFileException: missing.json",
    );
    write(&mut c, &mut shell, "bad.json", "{not json");
    uncaught(
        &delete(&mut c, &mut shell, &format!("{base} bad.json")),
        "org.apache.kafka.server.common.AdminOperationException: The input string is not a valid JSON",
    );
    write(
        &mut c,
        &mut shell,
        "v2.json",
        r#"{"version": 2, "partitions": []}"#,
    );
    uncaught(
        &delete(&mut c, &mut shell, &format!("{base} v2.json")),
        "org.apache.kafka.server.common.AdminOperationException: Not supported version field value 2",
    );
    write(
        &mut c,
        &mut shell,
        "dup.json",
        r#"{"partitions": [{"topic": "t", "partition": 0, "offset": 1}, {"topic": "t", "partition": 0, "offset": 2}]}"#,
    );
    let out = delete(&mut c, &mut shell, &format!("{base} dup.json"));
    uncaught(
        &out,
        "org.apache.kafka.server.common.AdminCommandFailedException: Offset json file contains duplicate topic partitions: t-0",
    );
    assert!(out.stdout.is_empty(), "nothing was deleted");
    write(
        &mut c,
        &mut shell,
        "notopic.json",
        r#"{"partitions": [{"partition": 0, "offset": 1}]}"#,
    );
    uncaught(
        &delete(&mut c, &mut shell, &format!("{base} notopic.json")),
        "com.fasterxml.jackson.databind.JsonMappingException: No such field exists: `topic`",
    );
    uncaught(
        &delete(
            &mut c,
            &mut shell,
            "--bootstrap-server b:9092 --offset-json-fil x",
        ),
        "joptsimple.UnrecognizedOptionException: offset-json-fil is not a recognized option",
    );
    uncaught(
        &delete(&mut c, &mut shell, "--bootstrap-server b:9092 --offset-json-file"),
        "joptsimple.OptionMissingRequiredArgumentException: Option offset-json-file requires an argument",
    );
}

#[test]
fn unknown_partition_and_usage() {
    let (mut c, mut shell) = setup();
    write(
        &mut c,
        &mut shell,
        "x.json",
        r#"{"partitions": [{"topic": "nope", "partition": 0, "offset": 1}]}"#,
    );
    let out = delete(
        &mut c,
        &mut shell,
        "--bootstrap-server b:9092 --offset-json-file x.json",
    );
    assert_eq!(
        out.stdout[2],
        "partition: nope-0\terror: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition."
    );
    for (args, first) in [
        ("", "This tool helps to delete records of the given partitions down to the specified offset."),
        ("--help", "This tool helps to delete records of the given partitions down to the specified offset."),
        ("--offset-json-file x.json", "Missing required argument \"[bootstrap-server]\""),
        ("--bootstrap-server b:9092", "Missing required argument \"[offset-json-file]\""),
    ] {
        let out = delete(&mut c, &mut shell, args);
        assert_eq!((out.exit_code, out.stderr[0].as_str()), (1, first), "{args}");
        assert!(out.stderr.iter().any(|l| l.starts_with("--offset-json-file <String: Offset     REQUIRED: The JSON file")));
    }
}
