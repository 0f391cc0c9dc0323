//! `kafka-console-producer.sh` sessions: lines become records through a real playground
//! producer (partitioner, batching, acks), with `ConsoleProducer`'s defaults, reader
//! properties, errors and end of input.

use kplay::cli::shell::InputMode;
use kplay::cli::{CommandOutput, Shell};
use kplay::engine::playground::{Playground, PlaygroundConfig};
use kplay::engine::producer::config::Acks;
use kplay::engine::producer::partitioner::partition_for_key;
use kplay::engine::profile::VersionProfile;
use kplay::engine::records_view::records_window;
use kplay::engine::topic_partition::TopicPartition;
use kplay::storage::memory::MemoryStorage;

const NOW_MS: i64 = 1_700_000_000_000;

fn setup(profile: VersionProfile) -> (Playground<MemoryStorage>, Shell) {
    let mut pg = Playground::new(
        PlaygroundConfig::new(11, profile),
        MemoryStorage::new(),
        NOW_MS,
    );
    let mut shell = Shell::new();
    let out = shell.run_line(
        &mut pg,
        "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic hello.kafka --partitions 3",
        NOW_MS,
    );
    assert_eq!(out.exit_code, 0, "{out:?}");
    (pg, shell)
}

fn run(pg: &mut Playground<MemoryStorage>, shell: &mut Shell, line: &str) -> CommandOutput {
    let now = pg.now_ms();
    shell.run_line(pg, line, now)
}

/// The (key, value) texts of a partition's records, in offset order.
fn records(
    pg: &Playground<MemoryStorage>,
    topic: &str,
    partition: i32,
) -> Vec<(Option<String>, String)> {
    let window = records_window(pg.cluster(), &TopicPartition::new(topic, partition), 0).unwrap();
    window
        .records
        .iter()
        .filter(|r| r.control.is_none())
        .map(|r| (r.key_text.clone(), r.value_text.clone().unwrap_or_default()))
        .collect()
}

#[test]
fn keyed_lines_land_where_murmur2_sends_them() {
    let (mut pg, mut shell) = setup(VersionProfile::Kafka4x);
    let start = run(
        &mut pg,
        &mut shell,
        "kafka-console-producer.sh --bootstrap-server localhost:9092 --topic hello.kafka --property parse.key=true --property key.separator=:",
    );
    assert_eq!(start, CommandOutput::default());
    assert_eq!(
        shell.input_mode(),
        InputMode::ToolInput {
            tool: "kafka-console-producer"
        }
    );
    assert_eq!(shell.prompt(), Some(">"));
    for line in ["서울:1", "busan:2", "서울:3", "jeju:a:b"] {
        assert_eq!(
            run(&mut pg, &mut shell, line),
            CommandOutput::default(),
            "{line}"
        );
    }
    // Nothing is sent before `linger.ms` (1000, the tool's `--timeout`) or the end.
    assert_eq!(
        pg.cluster()
            .log(&TopicPartition::new("hello.kafka", 0))
            .unwrap()
            .leo()
            + pg.cluster()
                .log(&TopicPartition::new("hello.kafka", 1))
                .unwrap()
                .leo()
            + pg.cluster()
                .log(&TopicPartition::new("hello.kafka", 2))
                .unwrap()
                .leo(),
        0
    );
    assert_eq!(run(&mut pg, &mut shell, "exit"), CommandOutput::default());
    assert_eq!(shell.input_mode(), InputMode::Command);
    // `close()` sends every batch at once (no linger) and waits for the answers: the clock
    // moved by the network's round trip only.
    assert!(pg.now_ms() > NOW_MS && pg.now_ms() < NOW_MS + 1000);

    let partition_of = |key: &str| partition_for_key(key.as_bytes(), 3);
    let mut expected: Vec<Vec<(Option<String>, String)>> = vec![Vec::new(); 3];
    for (k, v) in [
        ("서울", "1"),
        ("busan", "2"),
        ("서울", "3"),
        ("jeju", "a:b"),
    ] {
        expected[partition_of(k) as usize].push((Some(k.to_owned()), v.to_owned()));
    }
    for p in 0..3 {
        assert_eq!(
            records(&pg, "hello.kafka", p),
            expected[p as usize],
            "partition {p}"
        );
    }
    let producer = pg.producer(0).unwrap();
    assert_eq!(producer.client_id(), "console-producer");
    assert_eq!(producer.config().acks, Acks::All);
    assert_eq!(producer.config().linger_ms, 1000);
    assert!(producer.is_closed());
}

#[test]
fn an_unknown_topic_is_auto_created_and_an_empty_line_ends_input() {
    let (mut pg, mut shell) = setup(VersionProfile::Kafka4x);
    run(
        &mut pg,
        &mut shell,
        "kafka-console-producer --bootstrap-server b:9092 --topic fresh",
    );
    run(&mut pg, &mut shell, "first");
    assert_eq!(run(&mut pg, &mut shell, ""), CommandOutput::default());
    assert_eq!(shell.input_mode(), InputMode::Command);
    assert_eq!(records(&pg, "fresh", 0), vec![(None, "first".to_owned())]);
    assert_eq!(
        pg.cluster()
            .registry()
            .describe_topic("fresh")
            .unwrap()
            .replicas
            .len(),
        1,
        "num.partitions"
    );
}

#[test]
fn end_of_input_flushes_what_was_sent() {
    let (mut pg, mut shell) = setup(VersionProfile::Kafka4x);
    run(
        &mut pg,
        &mut shell,
        "kafka-console-producer.sh --bootstrap-server b:9092 --topic t --sync",
    );
    run(&mut pg, &mut shell, "one");
    // `--sync` waited for the answer: the record is in the log already.
    assert_eq!(records(&pg, "t", 0), vec![(None, "one".to_owned())]);
    run(&mut pg, &mut shell, "two");
    let now = pg.now_ms();
    assert_eq!(shell.end_input(&mut pg, now), CommandOutput::default());
    assert_eq!(records(&pg, "t", 0).len(), 2);
    assert_eq!(shell.input_mode(), InputMode::Command);
}

#[test]
fn a_line_without_the_key_separator_ends_the_tool() {
    let (mut pg, mut shell) = setup(VersionProfile::Kafka4x);
    run(
        &mut pg,
        &mut shell,
        "kafka-console-producer.sh --bootstrap-server b:9092 --topic t --property parse.key=true",
    );
    run(&mut pg, &mut shell, "k\tv");
    let out = run(&mut pg, &mut shell, "no tab here");
    assert_eq!(
        out.stderr,
        vec!["org.apache.kafka.common.KafkaException: No key separator found on line number 2: 'no tab here'"]
    );
    assert_eq!(out.exit_code, 1);
    assert_eq!(shell.input_mode(), InputMode::Command);
    assert_eq!(
        records(&pg, "t", 0),
        vec![(Some("k".to_owned()), "v".to_owned())],
        "the shutdown hook still closed the producer"
    );
}

#[test]
fn a_failed_record_is_logged_by_the_error_logging_callback() {
    let (mut pg, mut shell) = setup(VersionProfile::Kafka4x);
    run(
        &mut pg,
        &mut shell,
        "kafka-console-producer.sh --bootstrap-server b:9092 --topic t --producer-property max.request.size=80",
    );
    let long = "x".repeat(100);
    let out = run(&mut pg, &mut shell, &long);
    let out = if out.stderr.is_empty() {
        run(&mut pg, &mut shell, "exit")
    } else {
        out
    };
    assert_eq!(out.stderr.len(), 2, "{out:?}");
    assert!(
        out.stderr[0].ends_with(
            "ERROR Error when sending message to topic t with key: null, value: 100 bytes with error: (org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)"
        ),
        "{}",
        out.stderr[0]
    );
    assert!(
        out.stderr[0].starts_with("[2023-11-14 22:13:20,"),
        "{}",
        out.stderr[0]
    );
    assert!(out.stderr[1]
        .starts_with("org.apache.kafka.common.errors.RecordTooLargeException: The message is "));
    assert_eq!(out.exit_code, 0, "a failed callback does not fail the tool");
}

#[test]
fn usage_errors_and_bad_configs() {
    let (mut pg, mut shell) = setup(VersionProfile::Kafka4x);
    let missing = run(&mut pg, &mut shell, "kafka-console-producer.sh --topic t");
    assert_eq!(
        missing.stderr[0],
        "Missing required option(s) [bootstrap-server]"
    );
    assert_eq!(missing.exit_code, 1);
    let no_topic = run(
        &mut pg,
        &mut shell,
        "kafka-console-producer.sh --bootstrap-server b:9092",
    );
    assert_eq!(no_topic.stderr[0], "Missing required argument \"[topic]\"");
    let help = run(
        &mut pg,
        &mut shell,
        "kafka-console-producer.sh --bootstrap-server b:9092 --help",
    );
    assert_eq!(
        help.stderr[0],
        "This tool helps to read data from standard input and publish it to Kafka."
    );
    assert!(help
        .stderr
        .iter()
        .any(|l| l.contains("--request-required-acks")));
    let bad = run(
        &mut pg,
        &mut shell,
        "kafka-console-producer.sh --bootstrap-server b:9092 --topic t --request-required-acks 2",
    );
    assert_eq!(
        bad.stderr,
        vec!["org.apache.kafka.common.config.ConfigException: Invalid value 2 for configuration acks: String must be one of: all, -1, 0, 1"]
    );
    let reader = run(
        &mut pg,
        &mut shell,
        "kafka-console-producer.sh --bootstrap-server b:9092 --topic t --line-reader com.example.Reader",
    );
    assert_eq!(
        reader.stderr,
        vec!["java.lang.ClassNotFoundException: com.example.Reader"]
    );
    let file = run(
        &mut pg,
        &mut shell,
        "kafka-console-producer.sh --bootstrap-server b:9092 --topic t --producer.config nope.properties",
    );
    assert_eq!(
        file.stderr,
        vec!["java.nio.file.NoSuchFileException: nope.properties"]
    );
    assert_eq!(shell.input_mode(), InputMode::Command);
}

#[test]
fn configs_merge_as_producer_props_does() {
    let (mut pg, mut shell) = setup(VersionProfile::Kafka4x);
    for line in [
        "write-file producer.properties",
        "acks=1",
        "linger.ms=7",
        "client.id=from-file",
        "EOF",
    ] {
        run(&mut pg, &mut shell, line);
    }
    run(
        &mut pg,
        &mut shell,
        "kafka-console-producer.sh --bootstrap-server b:9092 --topic t --producer.config producer.properties --producer-property linger.ms=9 --compression-codec lz4",
    );
    let config = pg.producer(0).unwrap().config().clone();
    // The file's acks stays (the flag was not given); the flag-less linger.ms from
    // --producer-property stays too; compression always comes from --compression-codec.
    assert_eq!(config.acks, Acks::One);
    assert_eq!(config.linger_ms, 9);
    assert_eq!(pg.producer(0).unwrap().client_id(), "from-file");
    assert_eq!(config.compression.name(), "lz4");
    run(&mut pg, &mut shell, "exit");
}

#[test]
fn compression_codec_takes_an_optional_argument_and_defaults_to_gzip() {
    // (command line, the producer's compression.type): joptsimple's `withOptionalArg` takes
    // the next word unless it looks like an option.
    for (args, codec) in [
        ("--topic t --compression-codec", "gzip"),
        ("--compression-codec --topic t", "gzip"),
        ("--compression-codec= --topic t", "gzip"),
        ("--topic t --compression-codec snappy", "snappy"),
        ("--topic t --compression-codec=zstd", "zstd"),
        ("--topic t", "none"),
    ] {
        let (mut pg, mut shell) = setup(VersionProfile::Kafka4x);
        let out = run(
            &mut pg,
            &mut shell,
            &format!("kafka-console-producer.sh --bootstrap-server b:9092 {args}"),
        );
        assert!(out.stderr.is_empty(), "{args}: {out:?}");
        let config = pg.producer(0).unwrap().config().clone();
        assert_eq!(config.compression.name(), codec, "{args}");
        run(&mut pg, &mut shell, "exit");
    }
    let (mut pg, mut shell) = setup(VersionProfile::Kafka4x);
    let help = run(
        &mut pg,
        &mut shell,
        "kafka-console-producer.sh --bootstrap-server b:9092 --help",
    );
    let at = help
        .stderr
        .iter()
        .position(|l| l.starts_with("--compression-codec [String:"))
        .expect("the optional argument in brackets");
    assert!(help.stderr[at + 1].starts_with("  compression-codec]"));
}

#[test]
fn the_2_5_profile_defaults_to_acks_1() {
    let (mut pg, mut shell) = setup(VersionProfile::Kafka2_5);
    run(
        &mut pg,
        &mut shell,
        "kafka-console-producer.sh --broker-list b:9092 --topic t",
    );
    assert_eq!(pg.producer(0).unwrap().config().acks, Acks::One);
    let now = pg.now_ms();
    assert_eq!(shell.interrupt(&mut pg, now).exit_code, 130);
    assert_eq!(shell.input_mode(), InputMode::Command);
}
