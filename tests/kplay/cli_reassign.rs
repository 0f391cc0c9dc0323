//! `kafka-reassign-partitions.sh` transcripts: a proposal from `--generate`, a move started
//! with `--execute`, followed with `--verify` and `--list` until the new replicas caught up,
//! a cancelled one, and `ReassignPartitionsCommand`'s refusals.

use kplay::cli::{CommandOutput, Shell};
use kplay::engine::playground::{Playground, PlaygroundConfig};
use kplay::engine::profile::VersionProfile;
use kplay::engine::topic_partition::TopicPartition;
use kplay::storage::memory::MemoryStorage;

const NOW_MS: i64 = 1_700_000_000_000;
const REASSIGN: &str = "kafka-reassign-partitions.sh --bootstrap-server b:9092";

/// `t`: 2 partitions on 2 of the 3 brokers.
fn setup() -> (Playground<MemoryStorage>, Shell) {
    let mut c = Playground::new(
        PlaygroundConfig::new(3, VersionProfile::Kafka4x),
        MemoryStorage::new(),
        NOW_MS,
    );
    let mut shell = Shell::new();
    let out = shell.run_line(
        &mut c,
        "kafka-topics.sh --bootstrap-server b:9092 --create --topic t --partitions 2 --replication-factor 2",
        NOW_MS,
    );
    assert_eq!(out.exit_code, 0, "{out:?}");
    (c, shell)
}

fn run(c: &mut Playground<MemoryStorage>, shell: &mut Shell, line: &str) -> CommandOutput {
    let now = c.now_ms();
    shell.run_line(c, line, now)
}

fn write(c: &mut Playground<MemoryStorage>, shell: &mut Shell, path: &str, text: &str) {
    run(c, shell, &format!("write-file {path}"));
    for line in text.lines() {
        run(c, shell, line);
    }
    assert_eq!(run(c, shell, "EOF"), CommandOutput::default());
}

fn replicas(c: &Playground<MemoryStorage>) -> Vec<Vec<i32>> {
    c.cluster()
        .registry()
        .describe_topic("t")
        .unwrap()
        .replicas
        .clone()
}

/// The reassignment JSON Kafka prints for `t`'s partitions.
fn assignment_json(replicas: &[Vec<i32>]) -> String {
    let parts: Vec<String> = replicas
        .iter()
        .enumerate()
        .map(|(p, r)| {
            let ids: Vec<String> = r.iter().map(ToString::to_string).collect();
            let dirs = vec!["\"any\""; r.len()].join(",");
            format!(
                r#"{{"topic":"t","partition":{p},"replicas":[{}],"log_dirs":[{dirs}]}}"#,
                ids.join(",")
            )
        })
        .collect();
    format!(r#"{{"version":1,"partitions":[{}]}}"#, parts.join(","))
}

fn stdout(lines: &[&str]) -> CommandOutput {
    CommandOutput {
        stdout: lines.iter().map(|l| l.to_string()).collect(),
        stderr: vec![],
        exit_code: 0,
    }
}

/// A broker of the three that holds no replica of `replicas`.
fn spare(replicas: &[i32]) -> i32 {
    (0..3).find(|b| !replicas.contains(b)).unwrap()
}

#[test]
fn generate_prints_the_current_assignment_and_a_proposal() {
    let (mut c, mut shell) = setup();
    write(
        &mut c,
        &mut shell,
        "topics.json",
        r#"{"topics": [{"topic": "t"}], "version": 1}"#,
    );
    let line =
        format!("{REASSIGN} --generate --topics-to-move-json-file topics.json --broker-list 0,1,2");
    let out = run(&mut c, &mut shell, &line);
    assert_eq!(out.exit_code, 0, "{out:?}");
    assert_eq!(out.stdout.len(), 5, "{out:?}");
    assert_eq!(out.stdout[0], "Current partition replica assignment");
    assert_eq!(out.stdout[1], assignment_json(&replicas(&c)));
    assert_eq!(out.stdout[2], "");
    assert_eq!(
        out.stdout[3],
        "Proposed partition reassignment configuration"
    );
    let proposal: serde_json::Value = serde_json::from_str(&out.stdout[4]).unwrap();
    let partitions = proposal["partitions"].as_array().unwrap();
    assert_eq!(partitions.len(), 2);
    for p in partitions {
        let r: Vec<i64> = p["replicas"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_i64().unwrap())
            .collect();
        assert_eq!(r.len(), 2);
        assert_ne!(r[0], r[1]);
    }
    // Nothing changed, and the seeded start index gives the same proposal again.
    assert_eq!(run(&mut c, &mut shell, &line), out);
    // Two brokers cannot hold three replicas; an unknown topic is reported.
    let out = run(
        &mut c,
        &mut shell,
        &format!("{REASSIGN} --generate --topics-to-move-json-file topics.json --broker-list 1"),
    );
    assert_eq!(
        out,
        CommandOutput {
            stdout: vec![
                "Error: Replication factor: 2 larger than available brokers: 1.".into(),
                "org.apache.kafka.common.errors.InvalidReplicationFactorException: Replication factor: 2 larger than available brokers: 1.".into(),
            ],
            stderr: vec![],
            exit_code: 1,
        }
    );
    write(
        &mut c,
        &mut shell,
        "nope.json",
        r#"{"topics": [{"topic": "nope"}]}"#,
    );
    let out = run(
        &mut c,
        &mut shell,
        &format!("{REASSIGN} --generate --topics-to-move-json-file nope.json --broker-list 0,1,1"),
    );
    assert_eq!(
        out.stdout[0],
        "Error: Broker list contains duplicate entries: [1]"
    );
    let out = run(
        &mut c,
        &mut shell,
        &format!("{REASSIGN} --generate --topics-to-move-json-file nope.json --broker-list 0,1"),
    );
    assert_eq!(
        out.stdout,
        [
            "Error: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: Topic nope not found.",
            "java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: Topic nope not found.",
        ]
    );
}

#[test]
fn execute_then_verify_until_the_new_replica_caught_up() {
    let (mut c, mut shell) = setup();
    let before = replicas(&c);
    // Move partition 0's second replica to the broker that has none of it.
    let target = vec![before[0][0], spare(&before[0])];
    write(
        &mut c,
        &mut shell,
        "move.json",
        &format!(
            r#"{{"version":1,"partitions":[{{"topic":"t","partition":0,"replicas":[{},{}]}}]}}"#,
            target[0], target[1]
        ),
    );
    let out = run(
        &mut c,
        &mut shell,
        &format!("{REASSIGN} --execute --reassignment-json-file move.json"),
    );
    let current = assignment_json(&before[..1]);
    assert_eq!(
        out,
        stdout(&[
            "Current partition replica assignment",
            "",
            &current,
            "",
            "Save this to use as the --reassignment-json-file option during rollback",
            "Successfully started partition reassignment for t-0",
        ])
    );
    assert_eq!(
        run(&mut c, &mut shell, &format!("{REASSIGN} --list")),
        stdout(&[
            "Current partition reassignments:",
            &format!(
                "t-0: replicas: {},{},{}. adding: {}. removing: {}.",
                target[0], target[1], before[0][1], target[1], before[0][1]
            ),
        ])
    );
    let verify = format!("{REASSIGN} --verify --reassignment-json-file move.json");
    assert_eq!(
        run(&mut c, &mut shell, &verify),
        stdout(&[
            "Status of partition reassignment:",
            "Reassignment of partition t-0 is still in progress.",
            "",
        ])
    );
    // A second one waits for --additional.
    let again = run(
        &mut c,
        &mut shell,
        &format!("{REASSIGN} --execute --reassignment-json-file move.json"),
    );
    assert_eq!(
        again,
        CommandOutput {
            stdout: vec!["Cannot execute because there is an existing partition assignment.  Use --additional to override this and create a new partition assignment in addition to the existing one. The --additional flag can also be used to change the throttle by resubmitting the current reassignment.".into()],
            stderr: vec![],
            exit_code: 1,
        }
    );
    assert_eq!(run(&mut c, &mut shell, "advance 5s").exit_code, 0);
    assert_eq!(replicas(&c)[0], target);
    assert_eq!(
        run(&mut c, &mut shell, &verify),
        stdout(&[
            "Status of partition reassignment:",
            "Reassignment of partition t-0 is completed.",
            "",
            "Clearing broker-level throttles on brokers 0,1,2",
            "Clearing topic-level throttles on topic t",
        ])
    );
    assert_eq!(
        run(&mut c, &mut shell, &format!("{REASSIGN} --list")),
        stdout(&["No partition reassignments found."])
    );
    let tp = TopicPartition::new("t", 0);
    assert_eq!(c.cluster().partition_isr(&tp).len(), 2);
    assert!(c.cluster().replica_log(&tp, before[0][1]).is_none());
}

#[test]
fn cancel_reverts_a_move_in_progress() {
    let (mut c, mut shell) = setup();
    let before = replicas(&c);
    let target = [before[1][0], spare(&before[1])];
    write(
        &mut c,
        &mut shell,
        "move.json",
        &format!(
            r#"{{"version":1,"partitions":[{{"topic":"t","partition":1,"replicas":[{},{}]}}]}}"#,
            target[0], target[1]
        ),
    );
    assert_eq!(
        run(
            &mut c,
            &mut shell,
            &format!("{REASSIGN} --execute --reassignment-json-file move.json")
        )
        .exit_code,
        0
    );
    let cancel = format!("{REASSIGN} --cancel --reassignment-json-file move.json");
    assert_eq!(
        run(&mut c, &mut shell, &cancel),
        stdout(&[
            "Successfully cancelled partition reassignment for: t-1",
            "None of the specified partition moves are active.Clearing broker-level throttles on brokers 0,1,2",
            "Clearing topic-level throttles on topic t",
        ])
    );
    assert_eq!(replicas(&c)[1], before[1]);
    assert_eq!(
        run(
            &mut c,
            &mut shell,
            &format!("{cancel} --preserve-throttles")
        ),
        stdout(&[
            "None of the specified partition reassignments are active.",
            "None of the specified partition moves are active.",
        ])
    );
}

#[test]
fn refusals_are_reassign_partitions_commands() {
    let (mut c, mut shell) = setup();
    write(
        &mut c,
        &mut shell,
        "bad.json",
        r#"{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[0,7]}]}"#,
    );
    assert_eq!(
        run(
            &mut c,
            &mut shell,
            &format!("{REASSIGN} --execute --reassignment-json-file bad.json")
        )
        .stdout,
        [
            "Error: Unknown broker id 7",
            "org.apache.kafka.server.common.AdminCommandFailedException: Unknown broker id 7",
        ]
    );
    write(
        &mut c,
        &mut shell,
        "empty.json",
        r#"{"version":1,"partitions":[]}"#,
    );
    assert_eq!(
        run(&mut c, &mut shell, &format!("{REASSIGN} --execute --reassignment-json-file empty.json")).stdout,
        [
            "Error: Partition reassignment list cannot be empty",
            "org.apache.kafka.server.common.AdminCommandFailedException: Partition reassignment list cannot be empty",
        ]
    );
    let mut usage = |args: &str| {
        let out = run(
            &mut c,
            &mut shell,
            &format!("kafka-reassign-partitions.sh {args}"),
        );
        assert_eq!(out.exit_code, 1);
        assert!(out.stdout.is_empty());
        assert!(
            out.stderr.len() > 2 && out.stderr[1].starts_with("Option "),
            "{out:?}"
        );
        out.stderr[0].clone()
    };
    assert_eq!(
        usage("--bootstrap-server b:9092"),
        "Command must include exactly one action: --generate, --execute, --verify, --cancel, --list"
    );
    assert_eq!(usage("--list"), "Please specify --bootstrap-server");
    assert_eq!(
        usage("--bootstrap-server b:9092 --verify"),
        "Missing required argument \"[reassignment-json-file]\""
    );
    assert_eq!(
        usage("--bootstrap-server b:9092 --list --throttle 10"),
        "Option \"[throttle]\" can't be used with action \"[list]\""
    );
    assert_eq!(
        run(&mut c, &mut shell, &format!("{REASSIGN} --list --frobnicate")),
        CommandOutput::failure(
            "Exception in thread \"main\" joptsimple.UnrecognizedOptionException: frobnicate is not a recognized option"
        )
    );
    write(
        &mut c,
        &mut shell,
        "dirs.json",
        r#"{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[0,1],"log_dirs":["/data/a","any"]}]}"#,
    );
    let out = run(
        &mut c,
        &mut shell,
        &format!("{REASSIGN} --execute --reassignment-json-file dirs.json"),
    );
    assert_eq!(out.exit_code, 1);
    assert!(
        out.stderr[0].starts_with("kplay: each broker has one log directory"),
        "{out:?}"
    );
}
