//! `kafka-console-consumer.sh`: a real playground consumer (group protocol, fetches, commits)
//! printing as `DefaultMessageFormatter` does, ending as `ConsoleConsumer` ends.

use kplay::cli::shell::InputMode;
use kplay::cli::{CommandOutput, Shell};
use kplay::engine::playground::{Playground, PlaygroundConfig};
use kplay::engine::profile::VersionProfile;
use kplay::storage::memory::MemoryStorage;

const NOW_MS: i64 = 1_700_000_000_000;
const BOOTSTRAP: &str = "--bootstrap-server localhost:9092";

fn run(pg: &mut Playground<MemoryStorage>, shell: &mut Shell, line: &str) -> CommandOutput {
    let now = pg.now_ms();
    shell.run_line(pg, &line.replace("$B", BOOTSTRAP), now)
}

/// A playground with topic `t` (3 partitions) holding `a:1`, `b:2`, `c:3`, `a:4`, `b:5`.
fn setup() -> (Playground<MemoryStorage>, Shell) {
    let mut pg = Playground::new(
        PlaygroundConfig::new(21, VersionProfile::Kafka4x),
        MemoryStorage::new(),
        NOW_MS,
    );
    let mut shell = Shell::new().run_tools_to_end();
    for line in [
        "kafka-topics.sh $B --create --topic t --partitions 3",
        "kafka-console-producer.sh $B --topic t --property parse.key=true --property key.separator=:",
        "a:1",
        "b:2",
        "c:3",
        "a:4",
        "b:5",
        "exit",
    ] {
        let out = run(&mut pg, &mut shell, line);
        assert_eq!(out.exit_code, 0, "{line}: {out:?}");
    }
    (pg, shell)
}

#[test]
fn from_beginning_prints_every_record_then_the_count() {
    let (mut pg, mut shell) = setup();
    let out = run(
        &mut pg,
        &mut shell,
        "kafka-console-consumer.sh $B --topic t --from-beginning --property print.key=true --property key.separator=:",
    );
    let mut lines = out.stdout.clone();
    lines.sort();
    assert_eq!(lines, ["a:1", "a:4", "b:2", "b:5", "c:3"]);
    assert_eq!(out.stderr, ["Processed a total of 5 messages"]);
    assert_eq!(out.exit_code, 0);
    // Records of one partition come in offset order.
    let a: Vec<&String> = out.stdout.iter().filter(|l| l.starts_with("a:")).collect();
    assert_eq!(a, ["a:1", "a:4"]);
    assert_eq!(shell.input_mode(), InputMode::Command);
}

#[test]
fn without_from_beginning_a_new_group_starts_at_the_end() {
    let (mut pg, mut shell) = setup();
    let out = run(
        &mut pg,
        &mut shell,
        "kafka-console-consumer.sh $B --topic t",
    );
    assert!(out.stdout.is_empty(), "{out:?}");
    assert_eq!(out.stderr, ["Processed a total of 0 messages"]);
}

#[test]
fn a_partition_and_an_offset_read_from_there() {
    let (mut pg, mut shell) = setup();
    let mut total = 0;
    for p in 0..3 {
        let all = run(
            &mut pg,
            &mut shell,
            &format!("kafka-console-consumer.sh $B --topic t --partition {p} --offset earliest --property print.offset=true --property print.partition=true"),
        );
        total += all.stdout.len();
        for (i, line) in all.stdout.iter().enumerate() {
            assert!(
                line.starts_with(&format!("Partition:{p}\tOffset:{i}\t")),
                "{line}"
            );
        }
        if all.stdout.len() >= 2 {
            let second = run(
                &mut pg,
                &mut shell,
                &format!("kafka-console-consumer.sh $B --topic t --partition {p} --offset 1 --max-messages 1 --property print.offset=true --property print.partition=true"),
            );
            assert_eq!(second.stdout, [all.stdout[1].clone()]);
            assert_eq!(second.stderr, ["Processed a total of 1 messages"]);
        }
        // Without --offset a partition is read from its end: nothing.
        let latest = run(
            &mut pg,
            &mut shell,
            &format!("kafka-console-consumer.sh $B --topic t --partition {p}"),
        );
        assert!(latest.stdout.is_empty());
    }
    assert_eq!(total, 5);
}

#[test]
fn a_group_commits_on_close_and_resumes_there() {
    let (mut pg, mut shell) = setup();
    let first = run(
        &mut pg,
        &mut shell,
        "kafka-console-consumer.sh $B --topic t --group readers --from-beginning --max-messages 2",
    );
    assert_eq!(first.stdout.len(), 2, "{first:?}");
    assert_eq!(first.stderr, ["Processed a total of 2 messages"]);
    let rest = run(
        &mut pg,
        &mut shell,
        "kafka-console-consumer.sh $B --topic t --group readers --from-beginning",
    );
    assert_eq!(
        rest.stdout.len(),
        3,
        "the committed offsets skip what was printed: {rest:?}"
    );
    let mut all: Vec<String> = first.stdout.iter().chain(&rest.stdout).cloned().collect();
    all.sort();
    assert_eq!(all, ["1", "2", "3", "4", "5"]);
    let group = pg
        .cluster()
        .describe_group("readers")
        .expect("the group exists");
    assert_eq!(group.partitions.len(), 3, "{group:?}");
    assert!(
        group.partitions.iter().all(|p| p.lag == Some(0)),
        "{group:?}"
    );
}

#[test]
fn a_timeout_without_records_ends_it_as_kafka_logs_it() {
    let (mut pg, mut shell) = setup();
    let out = run(
        &mut pg,
        &mut shell,
        "kafka-console-consumer.sh $B --topic t --timeout-ms 2000",
    );
    assert!(out.stdout.is_empty());
    assert_eq!(out.stderr.len(), 3, "{out:?}");
    assert!(out.stderr[0].ends_with(
        "ERROR Error processing message, terminating consumer process:  (org.apache.kafka.tools.consumer.ConsoleConsumer)"
    ));
    assert_eq!(
        out.stderr[1],
        "org.apache.kafka.common.errors.TimeoutException"
    );
    assert_eq!(out.stderr[2], "Processed a total of 0 messages");
}

#[test]
fn bad_command_lines_are_refused_in_kafkas_order() {
    let (mut pg, mut shell) = setup();
    let cases = [
        ("kafka-console-consumer.sh $B", "Exactly one of the following arguments is required: [topic], [include]"),
        ("kafka-console-consumer.sh $B --topic t --offset 3", "The partition is required when offset is specified."),
        ("kafka-console-consumer.sh $B --include t --partition 0", "The topic is required when partition is specified."),
        ("kafka-console-consumer.sh --topic t", "Missing required argument \"[bootstrap-server]\""),
        ("kafka-console-consumer.sh $B --topic t --partition 0 --offset -1", "The provided offset value '-1' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long."),
        ("kafka-console-consumer.sh $B --topic t --group g --partition 0", "Options group and partition cannot be specified together."),
    ];
    for (line, message) in cases {
        let out = run(&mut pg, &mut shell, line);
        assert_eq!(out.stderr[0], message, "{line}");
        assert_eq!(out.exit_code, 1, "{line}");
    }
    let conflict = run(
        &mut pg,
        &mut shell,
        "kafka-console-consumer.sh $B --topic t --from-beginning --consumer-property auto.offset.reset=latest",
    );
    assert_eq!(
        conflict.stderr,
        ["Can't simultaneously specify --from-beginning and 'auto.offset.reset=latest', please remove one option"]
    );
}

#[test]
fn in_a_terminal_it_keeps_reading_until_ctrl_c() {
    let (mut pg, _) = setup();
    let mut terminal = Shell::new();
    let started = run(
        &mut pg,
        &mut terminal,
        "kafka-console-consumer.sh $B --topic t --from-beginning",
    );
    assert_eq!(
        terminal.input_mode(),
        InputMode::ToolInput {
            tool: "kafka-console-consumer"
        }
    );
    let mut printed = started.stdout;
    for _ in 0..40 {
        let next = pg.now_ms() + 250;
        pg.pass_time(next);
        printed.extend(terminal.poll(&mut pg).stdout);
    }
    printed.sort();
    assert_eq!(printed, ["1", "2", "3", "4", "5"]);
    let now = pg.now_ms();
    let stopped = terminal.interrupt(&mut pg, now);
    assert_eq!(stopped.stderr, ["Processed a total of 5 messages"]);
    assert_eq!(stopped.exit_code, 130);
    assert_eq!(terminal.input_mode(), InputMode::Command);
}

#[test]
fn include_subscribes_to_every_topic_the_regex_matches() {
    let (mut pg, mut shell) = setup();
    run(
        &mut pg,
        &mut shell,
        "kafka-topics.sh $B --create --topic other --partitions 1",
    );
    run(
        &mut pg,
        &mut shell,
        "kafka-console-producer.sh $B --topic other",
    );
    run(&mut pg, &mut shell, "elsewhere");
    run(&mut pg, &mut shell, "exit");
    let only_t = run(
        &mut pg,
        &mut shell,
        "kafka-console-consumer.sh $B --include t --from-beginning",
    );
    assert_eq!(
        only_t.stdout.len(),
        5,
        "the regex matches whole names: {only_t:?}"
    );
    let both = run(
        &mut pg,
        &mut shell,
        "kafka-console-consumer.sh $B --include 't|other' --from-beginning",
    );
    let mut values = both.stdout.clone();
    values.sort();
    assert_eq!(values, ["1", "2", "3", "4", "5", "elsewhere"]);
    assert_eq!(both.stderr, ["Processed a total of 6 messages"]);
}
