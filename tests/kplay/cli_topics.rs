//! `kafka-topics.sh` transcripts: exact output lines, streams and exit statuses, as Kafka's
//! `TopicCommand` prints them.

use kplay::cli::{run_line, CommandOutput};
use kplay::engine::playground::{Playground, PlaygroundConfig};
use kplay::engine::profile::VersionProfile;
use kplay::engine::topic::registry::CreateTopicRequest;
use kplay::storage::memory::MemoryStorage;

const NOW_MS: i64 = 1_700_000_000_000;

fn cluster() -> Playground<MemoryStorage> {
    Playground::new(
        PlaygroundConfig::new(42, VersionProfile::Kafka4x),
        MemoryStorage::new(),
        NOW_MS,
    )
}

fn run(cluster: &mut Playground<MemoryStorage>, line: &str) -> CommandOutput {
    run_line(cluster, line, NOW_MS)
}

/// Runs `kafka-topics.sh --bootstrap-server localhost:9092 <args>`.
fn topics(cluster: &mut Playground<MemoryStorage>, args: &str) -> CommandOutput {
    run(
        cluster,
        &format!("kafka-topics.sh --bootstrap-server localhost:9092 {args}"),
    )
}

fn ok(stdout: &[&str]) -> CommandOutput {
    CommandOutput {
        stdout: stdout.iter().map(|s| s.to_string()).collect(),
        stderr: Vec::new(),
        exit_code: 0,
    }
}

/// `printException`: on stdout, exit status 1.
fn exception(message: &str) -> CommandOutput {
    CommandOutput {
        stdout: vec![format!("Error while executing topic command : {message}")],
        stderr: Vec::new(),
        exit_code: 1,
    }
}

/// An `IllegalArgumentException`: the message on stderr, exit status 1.
fn illegal(message: &str) -> CommandOutput {
    CommandOutput {
        stdout: Vec::new(),
        stderr: vec![message.to_string()],
        exit_code: 1,
    }
}

/// `printUsageAndExit`: the message, then the help screen, on stderr.
fn assert_usage(out: &CommandOutput, message: &str) {
    assert_eq!(out.exit_code, 1, "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    assert_eq!(out.stderr[0], message);
    assert!(out.stderr[1].starts_with("Option "), "{out:?}");
    assert!(out
        .stderr
        .iter()
        .any(|l| l.starts_with("--bootstrap-server <String: server to")));
}

fn topic_id(cluster: &Playground<MemoryStorage>, topic: &str) -> String {
    cluster
        .cluster()
        .registry()
        .describe_topic(topic)
        .unwrap()
        .topic_id
        .to_string()
}

#[test]
fn create_then_describe_with_tabs() {
    let mut c = cluster();
    assert_eq!(
        topics(
            &mut c,
            "--create --topic orders --partitions 3 --config retention.ms=60000"
        ),
        ok(&["Created topic orders."])
    );
    let id = topic_id(&c, "orders");
    assert_eq!(id.len(), 22);
    // Three brokers: the striped placer starts at a seeded broker and goes round.
    let partition = |p: u32, b: u32| {
        format!("\tTopic: orders\tPartition: {p}\tLeader: {b}\tReplicas: {b}\tIsr: {b}\tElr: \tLastKnownElr: ")
    };
    let expected = [
        format!("Topic: orders\tTopicId: {id}\tPartitionCount: 3\tReplicationFactor: 1\tConfigs: retention.ms=60000"),
        partition(0, 2),
        partition(1, 0),
        partition(2, 1),
    ];
    let out = topics(&mut c, "--describe --topic orders");
    assert_eq!(out.stdout, expected);
    assert_eq!((out.stderr.len(), out.exit_code), (0, 0));
    // Without --topic every topic is described, in name order.
    topics(&mut c, "--create --topic alpha");
    let out = topics(&mut c, "--describe");
    assert!(out.stdout[0].starts_with("Topic: alpha\t"));
    assert!(out.stdout[2].starts_with("Topic: orders\t"));
}

#[test]
fn the_same_seed_gives_the_same_topic_ids() {
    let (mut a, mut b) = (cluster(), cluster());
    topics(&mut a, "--create --topic t");
    topics(&mut b, "--create --topic t");
    assert_eq!(topic_id(&a, "t"), topic_id(&b, "t"));
}

#[test]
fn describe_by_topic_id_uses_the_metadata_api_without_elr() {
    let mut c = cluster();
    topics(&mut c, "--create --topic t");
    let id = topic_id(&c, "t");
    let out = topics(&mut c, &format!("--describe --topic-id {id}"));
    assert_eq!(
        out.stdout,
        [
            format!("Topic: t\tTopicId: {id}\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: "),
            "\tTopic: t\tPartition: 0\tLeader: 2\tReplicas: 2\tIsr: 2\tElr: N/A\tLastKnownElr: N/A"
                .to_string(),
        ]
    );
    assert_eq!(
        topics(&mut c, "--describe --topic-id AAAAAAAAAAAAAAAAAAAAAQ"),
        illegal("TopicId 'AAAAAAAAAAAAAAAAAAAAAQ' does not exist as expected")
    );
}

#[test]
fn collision_warning_comes_before_the_answer() {
    let mut c = cluster();
    let warning = "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.";
    assert_eq!(
        topics(&mut c, "--create --topic my.topic"),
        ok(&[warning, "Created topic my.topic."])
    );
    let out = topics(&mut c, "--create --topic my_topic");
    assert_eq!(
        out.stdout,
        [
            warning,
            "Error while executing topic command : Topic 'my_topic' collides with existing topic: my.topic"
        ]
    );
    assert_eq!(out.exit_code, 1);
}

#[test]
fn list_is_sorted_filters_internal_topics_and_takes_java_regexes() {
    let mut c = cluster();
    assert_eq!(
        topics(&mut c, "--list"),
        ok(&[""]),
        "println of an empty list"
    );
    c.cluster_mut()
        .create_topic(
            &CreateTopicRequest::new("__consumer_offsets", 1, 1),
            false,
            NOW_MS,
        )
        .unwrap();
    for t in ["orders", "payments", "orders-v2", "my_topic"] {
        assert_eq!(
            topics(&mut c, &format!("--create --topic {t}")).exit_code,
            0
        );
    }
    assert_eq!(
        topics(&mut c, "--list"),
        ok(&[
            "__consumer_offsets",
            "my_topic",
            "orders",
            "orders-v2",
            "payments"
        ])
    );
    assert_eq!(
        topics(&mut c, "--list --exclude-internal"),
        ok(&["my_topic", "orders", "orders-v2", "payments"])
    );
    // The whole name must match; `,` separates alternatives; `.` is any character.
    assert_eq!(topics(&mut c, "--list --topic orders"), ok(&["orders"]));
    assert_eq!(
        topics(&mut c, "--list --topic 'orders.*'"),
        ok(&["orders", "orders-v2"])
    );
    assert_eq!(
        topics(&mut c, "--list --topic 'payments, orders'"),
        ok(&["orders", "payments"])
    );
    assert_eq!(topics(&mut c, "--list --topic my.topic"), ok(&["my_topic"]));
    assert_eq!(
        topics(&mut c, "--list --topic '__.*' --exclude-internal"),
        ok(&[""])
    );
    assert_eq!(
        topics(&mut c, "--list --topic '['"),
        exception("[ is an invalid regex.")
    );
}

#[test]
fn create_errors() {
    let mut c = cluster();
    topics(&mut c, "--create --topic t");
    assert_eq!(
        topics(&mut c, "--create --topic t"),
        exception("Topic 't' already exists.")
    );
    assert_eq!(
        topics(&mut c, "--create --topic t --if-not-exists"),
        ok(&[])
    );
    assert_eq!(
        topics(&mut c, "--create --topic 'bad name'"),
        exception("Topic name is invalid: 'bad name' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'")
    );
    assert_eq!(
        topics(&mut c, "--create --topic x --partitions 0"),
        illegal("The partitions must be greater than 0")
    );
    assert_eq!(
        topics(&mut c, "--create --topic x --replication-factor 40000"),
        illegal("The replication factor must be between 1 and 32767 inclusive")
    );
    assert_eq!(
        topics(&mut c, "--create --topic x --replication-factor 4"),
        exception("Unable to replicate the partition 4 time(s): The target replication factor of 4 cannot be reached because only 3 broker(s) are registered.")
    );
    assert_eq!(
        topics(&mut c, "--create --topic x --partitions many"),
        exception("Cannot parse argument 'many' of option partitions")
    );
    assert_eq!(
        topics(&mut c, "--create --topic x --config nope=1"),
        exception("Unknown topic config name: nope")
    );
    assert_eq!(
        topics(&mut c, "--create --topic x --config retention.ms=soon"),
        exception("Invalid value soon for configuration retention.ms: Not a number of type LONG")
    );
    assert_eq!(
        topics(&mut c, "--create --topic x --config retention.ms"),
        illegal("requirement failed: Invalid topic config: all configs to be added must be in the format \"key=val\".")
    );
    assert_eq!(
        topics(&mut c, "--create --topic x --topic y"),
        exception("Found multiple arguments for option topic, but you asked for only one")
    );
    assert_eq!(c.cluster().registry().len(), 1, "nothing but t was created");
}

#[test]
fn manual_replica_assignment() {
    let mut c = cluster();
    assert_eq!(
        topics(&mut c, "--create --topic m --replica-assignment 0,0,0"),
        ok(&["Created topic m."])
    );
    assert_eq!(
        c.cluster()
            .registry()
            .describe_topic("m")
            .unwrap()
            .partition_count(),
        3
    );
    assert_eq!(
        topics(&mut c, "--create --topic n --replica-assignment 0:7"),
        exception(
            "The manual partition assignment includes broker 7, but no such broker is registered."
        )
    );
    assert_eq!(
        topics(&mut c, "--create --topic n --replica-assignment 0:0"),
        exception("Partition replica lists may not contain duplicate entries: 0")
    );
    assert_usage(
        &topics(
            &mut c,
            "--create --topic n --replica-assignment 0 --partitions 2",
        ),
        "Option \"[replica-assignment]\" can't be used with option \"[partitions]\"",
    );
}

#[test]
fn alter_partitions_up_and_down() {
    let mut c = cluster();
    topics(&mut c, "--create --topic t --partitions 2");
    assert_eq!(topics(&mut c, "--alter --topic t --partitions 5"), ok(&[]));
    assert_eq!(
        c.cluster()
            .registry()
            .describe_topic("t")
            .unwrap()
            .partition_count(),
        5
    );
    assert_eq!(
        topics(&mut c, "--alter --topic t --partitions 3"),
        exception("The topic t currently has 5 partition(s); 3 would not be an increase.")
    );
    assert_eq!(
        topics(&mut c, "--alter --topic t --partitions 5"),
        exception("Topic already has 5 partition(s).")
    );
    assert_eq!(
        topics(&mut c, "--alter --topic nope --partitions 5"),
        illegal("Topic 'nope' does not exist as expected")
    );
    assert_eq!(
        topics(&mut c, "--alter --topic nope --partitions 5 --if-exists"),
        ok(&[])
    );
    // The assignment lists every partition; the existing five are skipped.
    assert_eq!(
        topics(
            &mut c,
            "--alter --topic t --partitions 6 --replica-assignment 0,0,0,0,0,0"
        ),
        ok(&[])
    );
    assert_eq!(
        c.cluster()
            .registry()
            .describe_topic("t")
            .unwrap()
            .partition_count(),
        6
    );
    assert_usage(
        &topics(&mut c, "--alter --topic t"),
        "Missing required argument \"[partitions]\"",
    );
    assert_usage(
        &topics(&mut c, "--alter --topic t --partitions 7 --config retention.ms=1"),
        "Option combination \"[[bootstrap-server], [config]]\" can't be used with option \"[alter]\" (To alter topic configurations, the kafka-configs tool can be used.)",
    );
}

#[test]
fn delete_then_list() {
    let mut c = cluster();
    topics(&mut c, "--create --topic a");
    topics(&mut c, "--create --topic b");
    assert_eq!(topics(&mut c, "--delete --topic a"), ok(&[]));
    assert_eq!(topics(&mut c, "--list"), ok(&["b"]));
    assert_eq!(
        topics(&mut c, "--delete --topic a"),
        illegal("Topic 'a' does not exist as expected")
    );
    assert_eq!(topics(&mut c, "--delete --topic a --if-exists"), ok(&[]));
    assert_eq!(
        topics(&mut c, "--describe --topic a"),
        illegal("Topic 'a' does not exist as expected")
    );
    assert_eq!(topics(&mut c, "--describe --topic a --if-exists"), ok(&[]));
}

#[test]
fn describe_reports() {
    let mut c = cluster();
    topics(&mut c, "--create --topic plain");
    topics(
        &mut c,
        "--create --topic strict --partitions 2 --config min.insync.replicas=2",
    );
    let id = topic_id(&c, "strict");
    assert_eq!(
        topics(&mut c, "--describe --topics-with-overrides"),
        ok(&[&format!(
            "Topic: strict\tTopicId: {id}\tPartitionCount: 2\tReplicationFactor: 1\tConfigs: min.insync.replicas=2"
        )])
    );
    // One replica, in the ISR, below min.insync.replicas=2: no topic line, the partitions only.
    assert_eq!(
        topics(&mut c, "--describe --under-min-isr-partitions"),
        ok(&[
            "\tTopic: strict\tPartition: 0\tLeader: 2\tReplicas: 2\tIsr: 2\tElr: \tLastKnownElr: ",
            "\tTopic: strict\tPartition: 1\tLeader: 0\tReplicas: 0\tIsr: 0\tElr: \tLastKnownElr: ",
        ])
    );
    assert_eq!(
        topics(&mut c, "--describe --at-min-isr-partitions"),
        ok(&[
            "\tTopic: plain\tPartition: 0\tLeader: 2\tReplicas: 2\tIsr: 2\tElr: \tLastKnownElr: "
        ])
    );
    assert_eq!(
        topics(&mut c, "--describe --under-replicated-partitions"),
        ok(&[])
    );
    assert_eq!(
        topics(&mut c, "--describe --unavailable-partitions"),
        ok(&[])
    );
    assert_usage(
        &topics(&mut c, "--describe --under-replicated-partitions --topics-with-overrides"),
        "Option \"[under-replicated-partitions]\" can't be used with option \"[topics-with-overrides]\"",
    );
}

#[test]
fn argument_checks_in_kafkas_order() {
    let mut c = cluster();
    assert_usage(
        &topics(&mut c, "--topic t"),
        "Command must include exactly one action: --list, --describe, --create, --alter or --delete",
    );
    assert_usage(
        &topics(&mut c, "--list --describe"),
        "Command must include exactly one action: --list, --describe, --create, --alter or --delete",
    );
    assert_eq!(
        run(&mut c, "kafka-topics.sh --list"),
        illegal("--bootstrap-server must be specified")
    );
    // A stray word is a non-option argument, which Kafka ignores: the topic is still missing.
    assert_usage(
        &topics(&mut c, "--create orders"),
        "Missing required argument \"[topic]\"",
    );
    assert_usage(
        &topics(&mut c, "--describe --config retention.ms=1"),
        "Option \"[config]\" can't be used with option \"[describe]\"",
    );
    assert_usage(
        &topics(&mut c, "--list --if-not-exists"),
        "Option \"[if-not-exists]\" can't be used with option \"[list]\"",
    );
    assert_usage(
        &topics(&mut c, "--describe --if-exists"),
        "--topic or --topic-id is required to describe a topic",
    );
    assert_eq!(
        topics(&mut c, "--list --frob"),
        exception("frob is not a recognized option")
    );
    assert_eq!(
        topics(&mut c, "--list -x"),
        exception("x is not a recognized option")
    );
    assert_eq!(
        topics(&mut c, "--list --topic"),
        exception("Option topic requires an argument")
    );
    let none = run(&mut c, "kafka-topics.sh");
    assert_usage(&none, "Create, delete, describe, or change a topic.");
}

#[test]
fn help_version_and_pasted_commands() {
    let mut c = cluster();
    let help = run(&mut c, "kafka-topics.sh --help");
    assert_eq!(help.exit_code, 0);
    assert!(help.stdout.is_empty());
    assert_eq!(
        help.stderr[0],
        "This tool helps to create, delete, describe, or change a topic."
    );
    assert_eq!(
        help.stderr[1],
        "Option                                   Description                            "
    );
    assert!(help.stderr.contains(
        &"--create                                 Create a new topic.                    "
            .to_string()
    ));
    let version = run(&mut c, "kafka-topics.sh --version");
    assert_eq!(version.exit_code, 0);
    assert!(
        version.stdout[0].starts_with("4.0.0 (kplay "),
        "{version:?}"
    );
    // Paths and quoting as pasted from a terminal; any bootstrap address; one-dash long options.
    let out = run(
        &mut c,
        "bin/kafka-topics.sh --bootstrap-server=broker-1:29092 --create --topic \"quoted\" -partitions 2",
    );
    assert_eq!(out, ok(&["Created topic quoted."]));
    assert_eq!(
        c.cluster()
            .registry()
            .describe_topic("quoted")
            .unwrap()
            .partition_count(),
        2
    );
    let out = topics(&mut c, "--list --command-config client.properties");
    assert_eq!(out.stdout, ["quoted"]);
    assert!(out.stderr[0].starts_with("kplay: --command-config client.properties is ignored"));
    let out = topics(
        &mut c,
        "--alter --topic quoted --partitions 3 --delete-config x",
    );
    assert_eq!(
        out.stderr,
        ["delete-config option is no longer supported and deprecated since version 4.0. The config will be fully removed in future releases."]
    );
    assert_eq!(out.exit_code, 0);
}
