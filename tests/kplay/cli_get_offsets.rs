//! `kafka-get-offsets.sh` transcripts: `GetOffsetShell`'s lines, order, errors and usage.

use kplay::cli::{run_line, CommandOutput};
use kplay::engine::playground::{Playground, PlaygroundConfig};
use kplay::engine::profile::VersionProfile;
use kplay::engine::record::{BatchBuilder, Compression, TimestampType};
use kplay::engine::topic_partition::TopicPartition;
use kplay::storage::memory::MemoryStorage;

const NOW_MS: i64 = 1_700_000_000_000;

/// `orders` with 12 partitions (partition p holds p records, timestamps NOW_MS + 10*i) and
/// `audit` with one empty partition.
fn cluster() -> Playground<MemoryStorage> {
    let mut c = Playground::new(
        PlaygroundConfig::new(7, VersionProfile::Kafka4x),
        MemoryStorage::new(),
        NOW_MS,
    );
    for (topic, partitions) in [("orders", 12), ("audit", 1)] {
        let out = run_line(
            &mut c,
            &format!("kafka-topics.sh --bootstrap-server b:9092 --create --topic {topic} --partitions {partitions}"),
            NOW_MS,
        );
        assert_eq!(out.exit_code, 0, "{out:?}");
    }
    for p in 0..12 {
        for i in 0..p {
            let ts = NOW_MS + 10 * i64::from(i);
            let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 0, ts);
            b.append(ts, Some(b"k"), Some(b"v"), &[]);
            c.cluster_mut()
                .produce(&TopicPartition::new("orders", p), &b.build(), NOW_MS)
                .unwrap();
        }
    }
    c
}

fn run(c: &mut Playground<MemoryStorage>, args: &str) -> CommandOutput {
    run_line(c, &format!("kafka-get-offsets.sh {args}"), NOW_MS)
}

fn stdout(out: &CommandOutput) -> Vec<&str> {
    assert_eq!((out.exit_code, out.stderr.len()), (0, 0), "{out:?}");
    out.stdout.iter().map(String::as_str).collect()
}

#[test]
fn latest_for_every_partition_sorted_as_java_strings() {
    let mut c = cluster();
    let out = run(&mut c, "--bootstrap-server localhost:9092");
    // `TopicPartition.toString()` order: orders-10 and orders-11 come before orders-2.
    assert_eq!(
        stdout(&out),
        [
            "audit:0:0",
            "orders:0:0",
            "orders:1:1",
            "orders:10:10",
            "orders:11:11",
            "orders:2:2",
            "orders:3:3",
            "orders:4:4",
            "orders:5:5",
            "orders:6:6",
            "orders:7:7",
            "orders:8:8",
            "orders:9:9",
        ]
    );
}

#[test]
fn time_specs_and_filters() {
    let mut c = cluster();
    let base = "--bootstrap-server localhost:9092 --topic orders --partitions 3,5";
    assert_eq!(
        stdout(&run(&mut c, &format!("{base} --time -2"))),
        ["orders:3:0", "orders:5:0"]
    );
    assert_eq!(
        stdout(&run(&mut c, &format!("{base} --time earliest-local"))),
        ["orders:3:0", "orders:5:0"]
    );
    assert_eq!(
        stdout(&run(&mut c, &format!("{base} --time latest"))),
        ["orders:3:3", "orders:5:5"]
    );
    assert_eq!(
        stdout(&run(&mut c, &format!("{base} --time max-timestamp"))),
        ["orders:3:2", "orders:5:4"]
    );
    // The first record at or after the timestamp; none after the last one.
    assert_eq!(
        stdout(&run(&mut c, &format!("{base} --time {}", NOW_MS + 15))),
        ["orders:3:2", "orders:5:2"]
    );
    assert!(stdout(&run(&mut c, &format!("{base} --time {}", NOW_MS + 1_000))).is_empty());
    // No tiered storage: latest-tiered has no answer.
    assert!(stdout(&run(&mut c, &format!("{base} --time -5"))).is_empty());
    assert_eq!(
        stdout(&run(
            &mut c,
            "--bootstrap-server a:1 --topic-partitions 'ord.*:1-3,audit:0'"
        )),
        ["audit:0:0", "orders:1:1", "orders:2:2"]
    );
    assert_eq!(
        stdout(&run(
            &mut c,
            "--bootstrap-server a:1 --topic-partitions :11"
        )),
        ["orders:11:11"]
    );
    assert_eq!(
        stdout(&run(&mut c, "--bootstrap-server a:1 --topic audit,nothing")),
        ["audit:0:0"]
    );
}

fn error_occurred(out: &CommandOutput, message: &str) {
    assert_eq!(
        (out.exit_code, out.stdout.len(), out.stderr.clone()),
        (1, 0, vec![format!("Error occurred: {message}")]),
        "{out:?}"
    );
}

#[test]
fn errors_are_kafkas() {
    let mut c = cluster();
    error_occurred(
        &run(&mut c, "--bootstrap-server a:1 --topic nope"),
        "Could not match any topic-partitions with the specified filters",
    );
    error_occurred(
        &run(&mut c, "--bootstrap-server a:1 --time soon"),
        "Malformed time argument soon. Please use -1 or latest / -2 or earliest / -3 or max-timestamp / -4 or earliest-local / -5 or latest-tiered, or a specified long format timestamp",
    );
    error_occurred(
        &run(
            &mut c,
            "--bootstrap-server a:1 --topic-partitions t:1 --topic t",
        ),
        "--topic-partitions cannot be used with --topic or --partitions",
    );
    error_occurred(
        &run(&mut c, "--bootstrap-server a:1 --partitions one"),
        "--partitions expects a comma separated list of numeric partition ids, but received: one",
    );
    error_occurred(
        &run(&mut c, "--bootstrap-server a:1 --topic-partitions t:x"),
        "org.apache.kafka.tools.TerseException: Invalid rule specification: t:x",
    );
    error_occurred(
        &run(&mut c, "--bootstrap-server a:1 --topic '('"),
        "( is an invalid regex.",
    );
    error_occurred(
        &run(&mut c, "--bootstrap-server a:1 --tme 1"),
        "tme is not a recognized option",
    );
    error_occurred(
        &run(&mut c, "--bootstrap-server"),
        "Option bootstrap-server requires an argument",
    );
    error_occurred(
        &run(
            &mut c,
            "--bootstrap-server a:1 --command-config /nope.properties",
        ),
        "/nope.properties",
    );
}

fn usage(out: &CommandOutput, message: &[&str]) {
    assert_eq!(out.exit_code, 1, "{out:?}");
    assert!(out.stdout.is_empty());
    assert_eq!(&out.stderr[..message.len()], message);
    assert!(out.stderr[message.len()].starts_with("Option "));
    assert!(out
        .stderr
        .iter()
        .any(|l| l.starts_with("--exclude-internal-topics ")));
}

#[test]
fn usage_screens() {
    let mut c = cluster();
    usage(
        &run(&mut c, ""),
        &["An interactive shell for getting topic-partition offsets."],
    );
    usage(
        &run(&mut c, "--help"),
        &["An interactive shell for getting topic-partition offsets."],
    );
    usage(
        &run(&mut c, "--topic t"),
        &["Missing required argument \"[bootstrap-server]\""],
    );
    usage(
        &run(&mut c, "--bootstrap-server my-kafka"),
        &[
            "Please provide valid host:port like host1:9091,host2:9092",
            "",
        ],
    );
    let out = run(&mut c, "--help");
    assert!(out
        .stderr
        .iter()
        .any(|l| l.contains("given.] (default: latest)")));
    let out = run(&mut c, "--version");
    assert_eq!(out.exit_code, 0);
    assert!(out.stdout[0].starts_with("4.0.0 (kplay"));
}
