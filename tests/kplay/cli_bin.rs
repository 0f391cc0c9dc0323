//! The native `kplay-cli` binary: a script on stdin, one cluster across the lines, the
//! `sleep` builtin, comments, and the exit status of the last command.

use std::io::Write;
use std::process::{Command, Stdio};

fn run_script(args: &[&str], script: &str) -> (String, String, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kplay-cli"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kplay-cli starts");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(script.as_bytes())
        .expect("script written");
    let output = child.wait_with_output().expect("kplay-cli finishes");
    (
        String::from_utf8(output.stdout).expect("utf-8 stdout"),
        String::from_utf8(output.stderr).expect("utf-8 stderr"),
        output.status.code().expect("an exit code"),
    )
}

const SCRIPT: &str = "\
# a comment, then a blank line

kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 2
sleep 1m
kafka-configs.sh --bootstrap-server localhost:9092 --alter --topic orders --add-config retention.ms=1000
kafka-topics.sh --bootstrap-server localhost:9092 --list
kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders
";

#[test]
fn runs_a_script_from_stdin_against_one_cluster() {
    let (stdout, stderr, status) = run_script(&[], SCRIPT);
    assert_eq!(stderr, "");
    assert_eq!(status, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "Created topic orders.");
    assert_eq!(lines[1], "Completed updating config for topic orders.");
    assert_eq!(lines[2], "orders");
    assert!(lines[3].starts_with("Topic: orders\tTopicId: "));
    assert!(
        lines[3].ends_with("\tPartitionCount: 2\tReplicationFactor: 1\tConfigs: retention.ms=1000")
    );
    assert_eq!(
        lines[4],
        "\tTopic: orders\tPartition: 0\tLeader: 2\tReplicas: 2\tIsr: 2\tElr: \tLastKnownElr: "
    );
    assert_eq!(lines.len(), 6);
}

#[test]
fn same_seed_same_output_and_seed_flag_changes_ids() {
    let (a, _, _) = run_script(&[], SCRIPT);
    let (b, _, _) = run_script(&[], SCRIPT);
    assert_eq!(a, b, "fixed seed and start time by default");
    let (c, _, _) = run_script(&["--seed", "9"], SCRIPT);
    assert_ne!(a, c, "another seed draws another topic id");
}

#[test]
fn echo_errors_and_exit_status_of_the_last_command() {
    let script = "\
kafka-topics.sh --bootstrap-server x --describe --topic nope
kafka-topics.sh --bootstrap-server x --list
sleep soon
kafka-topics.sh --bootstrap-server x --create --topic t --replication-factor 4
";
    let (stdout, stderr, status) = run_script(&["--echo"], script);
    assert_eq!(
        stdout,
        "$ kafka-topics.sh --bootstrap-server x --describe --topic nope\n\
         $ kafka-topics.sh --bootstrap-server x --list\n\
         \n\
         $ sleep soon\n\
         $ kafka-topics.sh --bootstrap-server x --create --topic t --replication-factor 4\n\
         Error while executing topic command : Unable to replicate the partition 4 time(s): The target replication factor of 4 cannot be reached because only 3 broker(s) are registered.\n"
    );
    assert_eq!(
        stderr,
        "Topic 'nope' does not exist as expected\nsleep: unknown unit in soon (use ms, s, m, h or d)\n"
    );
    assert_eq!(status, 1);
}

#[test]
fn unknown_commands_and_exit() {
    let (stdout, stderr, status) = run_script(
        &[],
        "kafka-frobnicate.sh --x\nexit\nkafka-topics.sh --version\n",
    );
    assert_eq!(stdout, "");
    assert!(
        stderr.starts_with("kafka-frobnicate.sh: command not found"),
        "{stderr}"
    );
    assert_eq!(status, 127);
    let (_, stderr, status) = run_script(&["--nope"], "");
    assert_eq!(status, 2);
    assert!(stderr.contains("usage: kplay-cli"));
}

/// A scratch directory under the target dir, emptied first.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const SAMPLE_LOG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/sample.log");

#[test]
fn import_dump_export_and_import_again() {
    let import = scratch("kplay-import");
    std::fs::create_dir_all(import.join("t-0")).unwrap();
    std::fs::copy(SAMPLE_LOG, import.join("t-0/00000000000000000000.log")).unwrap();
    let export = scratch("kplay-export");
    let script = "\
kafka-get-offsets.sh --bootstrap-server localhost:9092 --time earliest
kafka-dump-log.sh --files /kafka-logs/t-0/00000000000000000000.log --print-data-log
";
    let (stdout, stderr, status) = run_script(
        &[
            "--import-dir",
            import.to_str().unwrap(),
            "--export-dir",
            export.to_str().unwrap(),
        ],
        script,
    );
    assert_eq!(status, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "t:0:0");
    assert_eq!(lines[1], "Dumping /kafka-logs/t-0/00000000000000000000.log");
    assert_eq!(lines[2], "Log starting offset: 0");
    assert!(lines[3].starts_with("baseOffset: 0 lastOffset: 2 count: 3 "));
    assert_eq!(
        lines[4],
        "| offset: 0 CreateTime: 1700000000000 keySize: 5 valueSize: 7 sequence: -1 headerKeys: [] key: key-0 payload: value-0"
    );
    // The export holds the segment files in Kafka's layout, the sample's bytes unchanged.
    let exported = std::fs::read(export.join("t-0/00000000000000000000.log")).unwrap();
    let sample = std::fs::read(SAMPLE_LOG).unwrap();
    assert!(
        sample.starts_with(&exported),
        "the first segment is the sample's first batches"
    );
    for suffix in ["index", "timeindex"] {
        assert!(export
            .join(format!("t-0/00000000000000000000.{suffix}"))
            .exists());
    }
    // Importing the export gives the same dump.
    let (again, stderr, status) = run_script(&["--import-dir", export.to_str().unwrap()], script);
    assert_eq!((status, stderr.as_str()), (0, stderr.as_str()));
    assert_eq!(again, stdout);
}

#[test]
fn the_quickstart_example_runs() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/quickstart.kplay");
    let (stdout, stderr, status) = run_script(&["--echo", script], "");
    assert_eq!(status, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("$ kafka-get-offsets.sh"), "{stdout}");
    assert!(
        stdout.contains("Records delete operation completed:"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Completed updating default config for brokers in the cluster."),
        "{stdout}"
    );
    assert!(stdout.contains("clock advanced 2m: "), "{stdout}");
    assert!(
        stderr.contains("Cannot update these configs dynamically: Set(num.partitions)"),
        "{stderr}"
    );
}

#[test]
fn a_real_offset_file_is_read_natively() {
    let dir = scratch("kplay-offsets");
    let file = dir.join("offsets.json");
    std::fs::write(
        &file,
        r#"{"partitions": [{"topic": "t", "partition": 0, "offset": 0}]}"#,
    )
    .unwrap();
    let script = format!(
        "kafka-topics.sh --bootstrap-server b:9092 --create --topic t\nkafka-delete-records.sh --bootstrap-server b:9092 --offset-json-file {}\n",
        file.display()
    );
    let (stdout, stderr, status) = run_script(&[], &script);
    assert_eq!((status, stderr.as_str()), (0, ""));
    assert!(
        stdout.ends_with("partition: t-0\tlow_watermark: 0\n"),
        "{stdout}"
    );
}

#[test]
fn a_console_producer_reads_the_following_lines_until_the_input_ends() {
    let script = "\
kafka-topics.sh --bootstrap-server localhost:9092 --create --topic greetings --partitions 1
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic greetings
hello
# not a comment here: a record
exit
kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic greetings
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic greetings
an empty line ends this one

kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic greetings
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic greetings
sent at the end of the input
";
    let (stdout, stderr, status) = run_script(&["--echo"], script);
    assert_eq!(stderr, "");
    assert_eq!(status, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "$ kafka-topics.sh --bootstrap-server localhost:9092 --create --topic greetings --partitions 1",
            "Created topic greetings.",
            "$ kafka-console-producer.sh --bootstrap-server localhost:9092 --topic greetings",
            "> hello",
            "> # not a comment here: a record",
            "> exit",
            "$ kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic greetings",
            "greetings:0:2",
            "$ kafka-console-producer.sh --bootstrap-server localhost:9092 --topic greetings",
            "> an empty line ends this one",
            "> ",
            "$ kafka-get-offsets.sh --bootstrap-server localhost:9092 --topic greetings",
            "greetings:0:3",
            "$ kafka-console-producer.sh --bootstrap-server localhost:9092 --topic greetings",
            "> sent at the end of the input",
        ]
    );
}

#[test]
fn a_console_consumer_in_a_script_stops_once_it_has_caught_up() {
    let script = "\
kafka-console-producer.sh --bootstrap-server localhost:9092 --topic news
첫 소식
second
exit
kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic news --from-beginning --property print.offset=true
kafka-topics.sh --bootstrap-server localhost:9092 --list
";
    let (stdout, stderr, status) = run_script(&[], script);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "Offset:0\t첫 소식",
            "Offset:1\tsecond",
            "__consumer_offsets",
            "news"
        ]
    );
    assert_eq!(stderr, "Processed a total of 2 messages\n");
}

/// The textbook commands (issue 7's proof): their whole output, byte for byte, is the
/// committed snapshot `tests/kplay/snapshots/textbook.stdout` (regenerate it with
/// `cargo run --bin kplay-cli -- --echo examples/textbook.kplay` when an output changes on
/// purpose, and read the diff).
#[test]
fn the_textbook_commands_answer_as_the_snapshot_says() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/textbook.kplay");
    let (stdout, stderr, status) = run_script(&["--echo", script], "");
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(
        stdout,
        include_str!("snapshots/textbook.stdout"),
        "the transcript changed"
    );
    assert_eq!(
        stderr,
        "Processed a total of 3 messages\n\nConsumer group 'hello-group' has no active members.\n\nConsumer group 'hello-group' has no active members.\n"
    );
}

/// The replication example (issue 7's replication commands over issue 6's engine): brokers
/// crash and return, `acks=all` with `min.insync.replicas=2` succeeds with one broker down
/// and is refused with two, a preferred election moves leadership back. Its output is the
/// committed snapshot `tests/kplay/snapshots/replication.stdout` (regenerate it with
/// `cargo run --bin kplay-cli -- --echo examples/replication.kplay` and read the diff).
#[test]
fn the_replication_example_answers_as_the_snapshot_says() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/replication.kplay");
    let (stdout, stderr, status) = run_script(&["--echo", script], "");
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(
        stdout,
        include_str!("snapshots/replication.stdout"),
        "the transcript changed"
    );
    assert_eq!(
        stderr,
        "[2023-11-14 22:13:40,014] ERROR Error when sending message to topic payments with key: null, value: 6 bytes with error: (org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)\n\
         org.apache.kafka.common.errors.NotEnoughReplicasException: The size of the current ISR Set(0) is insufficient to satisfy the min.isr requirement of 2 for partition payments-2\n\
         Processed a total of 3 messages\n"
    );
}
