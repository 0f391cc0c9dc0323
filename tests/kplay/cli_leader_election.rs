//! `kafka-leader-election.sh` transcripts: preferred elections after the preferred replica
//! changed, an unclean election on an offline partition, the JSON file, and
//! `LeaderElectionCommand`'s refusals.

use kplay::cli::{CommandOutput, Shell};
use kplay::engine::playground::{Playground, PlaygroundConfig};
use kplay::engine::profile::VersionProfile;
use kplay::engine::topic_partition::TopicPartition;
use kplay::storage::memory::MemoryStorage;

const NOW_MS: i64 = 1_700_000_000_000;

fn setup(
    topic: &str,
    partitions: i32,
    replication_factor: i32,
) -> (Playground<MemoryStorage>, Shell) {
    let mut c = Playground::new(
        PlaygroundConfig::new(3, VersionProfile::Kafka4x),
        MemoryStorage::new(),
        NOW_MS,
    );
    let mut shell = Shell::new();
    let out = shell.run_line(
        &mut c,
        &format!("kafka-topics.sh --bootstrap-server b:9092 --create --topic {topic} --partitions {partitions} --replication-factor {replication_factor}"),
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

fn replicas(c: &Playground<MemoryStorage>, topic: &str) -> Vec<Vec<i32>> {
    c.cluster()
        .registry()
        .describe_topic(topic)
        .unwrap()
        .replicas
        .clone()
}

fn stdout(lines: &[&str]) -> CommandOutput {
    CommandOutput {
        stdout: lines.iter().map(|l| l.to_string()).collect(),
        stderr: vec![],
        exit_code: 0,
    }
}

const ELECT: &str = "kafka-leader-election.sh --bootstrap-server b:9092";

#[test]
fn preferred_election_moves_leadership_to_the_first_replica() {
    let (mut c, mut shell) = setup("t", 3, 3);
    // Nothing to do: every partition is led by its preferred replica.
    let all = format!("{ELECT} --election-type preferred --all-topic-partitions");
    assert_eq!(run(&mut c, &mut shell, &all), stdout(&[]));
    // Reverse each partition's replica list: the leaders stay, the preferred ones change.
    let before = replicas(&c, "t");
    let entries: Vec<String> = before
        .iter()
        .enumerate()
        .map(|(p, r)| {
            let reversed: Vec<String> = r.iter().rev().map(ToString::to_string).collect();
            format!(
                r#"{{"topic":"t","partition":{p},"replicas":[{}]}}"#,
                reversed.join(",")
            )
        })
        .collect();
    write(
        &mut c,
        &mut shell,
        "reverse.json",
        &format!(r#"{{"version":1,"partitions":[{}]}}"#, entries.join(",")),
    );
    let out = run(
        &mut c,
        &mut shell,
        "kafka-reassign-partitions.sh --bootstrap-server b:9092 --execute --reassignment-json-file reverse.json",
    );
    assert_eq!(out.exit_code, 0, "{out:?}");
    for (p, r) in before.iter().enumerate() {
        let tp = TopicPartition::new("t", p as i32);
        assert_eq!(c.cluster().partition_leader(&tp), Some(r[0]));
    }
    // A `HashSet<TopicPartition>`: "t".hashCode() = 116 puts t-2, t-1, t-0 in buckets 3, 4, 5.
    let out = run(
        &mut c,
        &mut shell,
        &format!("{ELECT} --election-type PREFERRED --all-topic-partitions"),
    );
    assert_eq!(
        out,
        stdout(&[
            "Successfully completed leader election (PREFERRED) for partitions t-2, t-1, t-0"
        ])
    );
    for (p, r) in before.iter().enumerate() {
        let tp = TopicPartition::new("t", p as i32);
        assert_eq!(c.cluster().partition_leader(&tp), Some(*r.last().unwrap()));
    }
    assert_eq!(run(&mut c, &mut shell, &all), stdout(&[]));
    assert_eq!(
        run(
            &mut c,
            &mut shell,
            &format!("{ELECT} --election-type preferred --topic t --partition 1")
        ),
        stdout(&["Valid replica already elected for partitions t-1"])
    );
    // The same through a JSON file.
    write(
        &mut c,
        &mut shell,
        "elect.json",
        r#"{"partitions": [{"topic": "t", "partition": 0}, {"topic": "t", "partition": 2}]}"#,
    );
    assert_eq!(
        run(
            &mut c,
            &mut shell,
            &format!("{ELECT} --election-type preferred --path-to-json-file elect.json")
        ),
        stdout(&["Valid replica already elected for partitions t-2, t-0"])
    );
}

#[test]
fn unclean_election_brings_an_offline_partition_back() {
    let (mut c, mut shell) = setup("u", 1, 2);
    let tp = TopicPartition::new("u", 0);
    let r = replicas(&c, "u")[0].clone();
    let (leader, follower) = (r[0], r[1]);
    for line in [
        format!("broker crash {follower}"),
        "advance 10s".into(),
        format!("broker crash {leader}"),
        "advance 10s".into(),
        format!("broker start {follower}"),
        "advance 1s".into(),
    ] {
        assert_eq!(run(&mut c, &mut shell, &line).exit_code, 0, "{line}");
    }
    // The last in-sync replica is down: no leader, and the live one is out of sync.
    assert_eq!(c.cluster().partition_leader(&tp), None);
    assert_eq!(c.cluster().partition_isr(&tp), vec![leader]);
    let described = run(
        &mut c,
        &mut shell,
        "kafka-topics.sh --bootstrap-server b:9092 --describe --unavailable-partitions",
    );
    assert_eq!(described.stdout.len(), 1, "{described:?}");
    assert!(
        described.stdout[0].starts_with("\tTopic: u\tPartition: 0\tLeader: none"),
        "{described:?}"
    );
    // A preferred election cannot help: the preferred replica is down.
    let preferred = run(
        &mut c,
        &mut shell,
        &format!("{ELECT} --election-type preferred --topic u --partition 0"),
    );
    assert_eq!(preferred.exit_code, 1);
    assert!(preferred.stdout[0].starts_with(
        "Error completing leader election (PREFERRED) for partition: u-0: org.apache.kafka.common.errors.PreferredLeaderNotAvailableException: "
    ), "{preferred:?}");
    assert_eq!(
        preferred.stderr,
        [
            "1 replica(s) could not be elected",
            "org.apache.kafka.server.common.AdminCommandFailedException: 1 replica(s) could not be elected",
        ]
    );
    let out = run(
        &mut c,
        &mut shell,
        &format!("{ELECT} --election-type unclean --topic u --partition 0"),
    );
    assert_eq!(
        out,
        stdout(&["Successfully completed leader election (UNCLEAN) for partitions u-0"])
    );
    assert_eq!(c.cluster().partition_leader(&tp), Some(follower));
    assert_eq!(
        run(
            &mut c,
            &mut shell,
            &format!("{ELECT} --election-type unclean --topic u --partition 0")
        ),
        stdout(&["Valid replica already elected for partitions u-0"])
    );
}

#[test]
fn an_unknown_partition_fails_its_election() {
    let (mut c, mut shell) = setup("t", 1, 1);
    let out = run(
        &mut c,
        &mut shell,
        &format!("{ELECT} --election-type unclean --topic t --partition 9"),
    );
    assert_eq!(out.exit_code, 1);
    assert!(out.stdout[0].starts_with(
        "Error completing leader election (UNCLEAN) for partition: t-9: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: "
    ), "{out:?}");
}

#[test]
fn refusals_are_leader_election_commands() {
    let (mut c, mut shell) = setup("t", 1, 1);
    let thrown = |class: &str, message: &str| CommandOutput {
        stdout: vec![],
        stderr: vec![message.to_string(), format!("{class}: {message}")],
        exit_code: 1,
    };
    const FAILED: &str = "org.apache.kafka.server.common.AdminCommandFailedException";
    for (args, class, message) in [
        ("--election-type preferred --all-topic-partitions", FAILED, "Missing required option(s): bootstrap-server"),
        ("--bootstrap-server b:9092 --topic t --partition 0", FAILED, "Missing required option(s): election-type"),
        ("--bootstrap-server b:9092 --election-type preferred", FAILED, "One and only one of the following options is required: topic, all-topic-partitions, path-to-json-file"),
        ("--bootstrap-server b:9092 --election-type preferred --topic t --all-topic-partitions", FAILED, "One and only one of the following options is required: topic, all-topic-partitions, path-to-json-file"),
        ("--bootstrap-server b:9092 --election-type preferred --topic t", FAILED, "Missing required option(s): partition"),
        ("--bootstrap-server b:9092 --election-type preferred --all-topic-partitions --partition 0", FAILED, "Option partition is only allowed if topic is used"),
        ("--bootstrap-server b:9092 --election-type leader --all-topic-partitions", "joptsimple.OptionArgumentConversionException", "Cannot parse argument 'leader' of option election-type"),
        ("--bootstrap-server b:9092 --election-type preferred --topic t --partition x", "joptsimple.OptionArgumentConversionException", "Cannot parse argument 'x' of option partition"),
        ("--bootstrap-server b:9092 --election-typ preferred", "joptsimple.UnrecognizedOptionException", "election-typ is not a recognized option"),
        ("--bootstrap-server b:9092 --election-type preferred --path-to-json-file nope.json", "java.lang.RuntimeException", "java.nio.file.NoSuchFileException: nope.json"),
    ] {
        assert_eq!(
            run(&mut c, &mut shell, &format!("kafka-leader-election.sh {args}")),
            thrown(class, message),
            "{args}"
        );
    }
    let help = run(&mut c, &mut shell, "kafka-leader-election.sh --help");
    assert_eq!(help.exit_code, 1);
    assert_eq!(help.stderr[0], "This tool attempts to elect a new leader for a set of topic partitions. The type of elections supported are preferred replicas and unclean replicas.");
    assert!(
        help.stderr
            .iter()
            .any(|l| l.starts_with("--election-type <[PREFERRED,UNCLEAN]:")),
        "{help:?}"
    );
}
