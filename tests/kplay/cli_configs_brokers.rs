//! `kafka-configs.sh --entity-type brokers`: dynamic broker configs (KIP-226) described and
//! altered as `ConfigCommand` does, refused where Kafka refuses them, and flowing to the
//! partitions of topics that inherit them.

use kplay::cli::{run_line, CommandOutput};
use kplay::engine::playground::{Playground, PlaygroundConfig};
use kplay::engine::profile::VersionProfile;
use kplay::engine::topic_partition::TopicPartition;
use kplay::storage::memory::MemoryStorage;

const NOW_MS: i64 = 1_700_000_000_000;

fn configs(c: &mut Playground<MemoryStorage>, args: &str) -> CommandOutput {
    run_line(
        c,
        &format!("kafka-configs.sh --bootstrap-server localhost:9092 {args}"),
        NOW_MS,
    )
}

fn setup() -> Playground<MemoryStorage> {
    let mut c = Playground::new(
        PlaygroundConfig::new(9, VersionProfile::Kafka4x),
        MemoryStorage::new(),
        NOW_MS,
    );
    for cmd in [
        "kafka-topics.sh --bootstrap-server b:9092 --create --topic inherits --partitions 2",
        "kafka-topics.sh --bootstrap-server b:9092 --create --topic overrides --partitions 1 --config retention.ms=1000",
    ] {
        assert_eq!(run_line(&mut c, cmd, NOW_MS).exit_code, 0);
    }
    c
}

fn ok(lines: &[&str]) -> CommandOutput {
    CommandOutput {
        stdout: lines.iter().map(|l| l.to_string()).collect(),
        stderr: vec![],
        exit_code: 0,
    }
}

#[test]
fn cluster_default_and_per_broker_layers() {
    let mut c = setup();
    assert_eq!(
        configs(
            &mut c,
            "--alter --entity-type brokers --entity-default --add-config log.retention.ms=5000"
        ),
        ok(&["Completed updating default config for brokers in the cluster."])
    );
    assert_eq!(
        configs(&mut c, "--describe --entity-type brokers --entity-default"),
        ok(&[
            "Default configs for brokers in the cluster are:",
            "  log.retention.ms=5000 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:log.retention.ms=5000, DEFAULT_CONFIG:log.retention.hours=168}",
        ])
    );
    // The inheriting topic's logs follow; the overriding one keeps its own value.
    let retention = |c: &Playground<MemoryStorage>, t: &str| {
        c.cluster()
            .log(&TopicPartition::new(t, 0))
            .unwrap()
            .config()
            .retention_ms
    };
    assert_eq!(retention(&c, "inherits"), 5000);
    assert_eq!(retention(&c, "overrides"), 1000);

    assert_eq!(
        configs(&mut c, "--alter --entity-type brokers --entity-name 0 --add-config log.retention.ms=7000,log.cleanup.policy=compact"),
        ok(&["Completed updating config for broker 0."])
    );
    assert_eq!(retention(&c, "inherits"), 7000);
    assert_eq!(
        configs(&mut c, "--describe --entity-type brokers --entity-name 0"),
        ok(&[
            "Dynamic configs for broker 0 are:",
            "  log.cleanup.policy=compact sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:log.cleanup.policy=compact, DEFAULT_CONFIG:log.cleanup.policy=delete}",
            "  log.retention.ms=7000 sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:log.retention.ms=7000, DYNAMIC_DEFAULT_BROKER_CONFIG:log.retention.ms=5000, DEFAULT_CONFIG:log.retention.hours=168}",
        ])
    );
    let topic = configs(
        &mut c,
        "--describe --entity-type topics --entity-name inherits --all",
    );
    assert!(
        topic.stdout.contains(&"  retention.ms=7000 sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:log.retention.ms=7000, DYNAMIC_DEFAULT_BROKER_CONFIG:log.retention.ms=5000, DEFAULT_CONFIG:log.retention.hours=168}".to_string()),
        "{topic:?}"
    );
    assert_eq!(
        configs(&mut c, "--alter --entity-type brokers --entity-name 0 --delete-config log.retention.ms,log.cleanup.policy"),
        ok(&["Completed updating config for broker 0."])
    );
    assert_eq!(retention(&c, "inherits"), 5000);
    assert_eq!(
        configs(&mut c, "--describe --entity-type brokers --entity-name 0"),
        ok(&["Dynamic configs for broker 0 are:"])
    );
    let all = configs(
        &mut c,
        "--describe --entity-type brokers --entity-name 0 --all",
    );
    assert_eq!(all.stdout[0], "All configs for broker 0 are:");
    assert!(all.stdout.iter().any(|l| l.starts_with(
        "  log.retention.ms=5000 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:"
    )));
    assert!(c.cluster().events().iter().any(|e| matches!(
        &e.event,
        kplay::engine::event::Event::BrokerConfigChanged { broker: None, .. }
    )));
}

fn failure(out: &CommandOutput, args: &str, exception: &str) {
    assert_eq!(out.exit_code, 1, "{out:?}");
    assert_eq!(
        out.stderr,
        [
            format!("Error while executing config command with args '--bootstrap-server localhost:9092 {args}'"),
            exception.to_string(),
        ]
    );
}

#[test]
fn refusals_are_kafkas() {
    let mut c = setup();
    let args = "--alter --entity-type brokers --entity-name 0 --add-config num.partitions=3";
    failure(
        &configs(&mut c, args),
        args,
        "java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.InvalidRequestException: Cannot update these configs dynamically: Set(num.partitions)",
    );
    let args = "--alter --entity-type brokers --entity-default --add-config log.retention.hours=1";
    failure(
        &configs(&mut c, args),
        args,
        "java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.InvalidRequestException: Cannot update these configs dynamically: Set(log.retention.hours)",
    );
    let args = "--alter --entity-type brokers --entity-name 0 --add-config log.segment.bytes=10";
    failure(
        &configs(&mut c, args),
        args,
        "java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.InvalidRequestException: Invalid value 10 for configuration log.segment.bytes: Value must be at least 1048576",
    );
    let args = "--alter --entity-type brokers --entity-name 5 --add-config log.retention.ms=1";
    failure(
        &configs(&mut c, args),
        args,
        "java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.InvalidRequestException: Unexpected broker id, expected 0 or empty string, but received 5",
    );
    let out = configs(
        &mut c,
        "--alter --entity-type brokers --entity-name 0 --delete-config log.retention.ms",
    );
    assert_eq!(
        (out.exit_code, out.stderr.clone()),
        (1, vec!["Invalid config(s): log.retention.ms".to_string()])
    );
    let out = configs(
        &mut c,
        "--alter --entity-type brokers --entity-name zero --add-config log.retention.ms=1",
    );
    assert_eq!(
        out.stderr,
        ["The entity name for brokers must be a valid integer broker id, but it is: zero"]
    );
    assert_eq!(
        c.cluster()
            .log(&TopicPartition::new("inherits", 0))
            .unwrap()
            .config()
            .retention_ms,
        604_800_000
    );
}
