//! `kafka-configs.sh --entity-type groups` transcripts: a group's dynamic configs (KIP-848
//! `GroupConfig`) altered and described as Kafka's `ConfigCommand` prints them, whether or not
//! the group exists.

use kplay::cli::{run_line, CommandOutput};
use kplay::engine::event::Event;
use kplay::engine::group::coordinator::GroupEvent;
use kplay::engine::playground::{Playground, PlaygroundConfig};
use kplay::engine::profile::VersionProfile;
use kplay::storage::memory::MemoryStorage;

const NOW_MS: i64 = 1_700_000_000_000;

fn playground() -> Playground<MemoryStorage> {
    Playground::new(
        PlaygroundConfig::new(7, VersionProfile::Kafka4x),
        MemoryStorage::new(),
        NOW_MS,
    )
}

/// Runs `kafka-configs.sh --bootstrap-server localhost:9092 <args>`.
fn configs(p: &mut Playground<MemoryStorage>, args: &str) -> CommandOutput {
    run_line(
        p,
        &format!("kafka-configs.sh --bootstrap-server localhost:9092 {args}"),
        NOW_MS,
    )
}

fn ok(stdout: &[&str]) -> CommandOutput {
    CommandOutput {
        stdout: stdout.iter().map(|s| s.to_string()).collect(),
        stderr: Vec::new(),
        exit_code: 0,
    }
}

fn illegal(message: &str) -> CommandOutput {
    CommandOutput {
        stdout: Vec::new(),
        stderr: vec![message.to_string()],
        exit_code: 1,
    }
}

/// An `InvalidConfigurationException` from the controller, as `main` prints it.
fn invalid_config(args: &str, message: &str) -> CommandOutput {
    CommandOutput {
        stdout: Vec::new(),
        stderr: vec![
            format!("Error while executing config command with args '--bootstrap-server localhost:9092 {args}'"),
            format!("java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.InvalidConfigurationException: {message}"),
        ],
        exit_code: 1,
    }
}

#[test]
fn alter_describe_and_delete_a_group_config() {
    let mut p = playground();
    assert_eq!(
        configs(&mut p, "--describe --entity-type groups --entity-name g"),
        ok(&["The group 'g' doesn't exist and doesn't have dynamic config."])
    );
    assert_eq!(
        configs(
            &mut p,
            "--alter --entity-type groups --entity-name g --add-config consumer.session.timeout.ms=50000"
        ),
        ok(&["Completed updating config for group g."])
    );
    assert!(p.cluster().events().iter().any(|e| matches!(
        &e.event,
        Event::Group(GroupEvent::ConfigsAltered { group_id, .. }) if group_id == "g"
    )));
    let expected = ok(&[
        "Dynamic configs for group g are:",
        "  consumer.session.timeout.ms=50000 sensitive=false synonyms={DYNAMIC_GROUP_CONFIG:consumer.session.timeout.ms=50000, DEFAULT_CONFIG:group.consumer.session.timeout.ms=45000}",
    ]);
    assert_eq!(
        configs(&mut p, "--describe --entity-type groups --entity-name g"),
        expected
    );
    assert_eq!(configs(&mut p, "--describe --group g"), expected);
    // Without a name: every group the coordinator knows or that has configs.
    assert_eq!(configs(&mut p, "--describe --entity-type groups"), expected);
    assert_eq!(
        configs(
            &mut p,
            "--alter --group g --add-config share.auto.offset.reset=earliest"
        ),
        ok(&["Completed updating config for group g."])
    );
    assert_eq!(
        configs(&mut p, "--describe --group g --all"),
        ok(&[
            "All configs for group g are:",
            "  consumer.heartbeat.interval.ms=5000 sensitive=false synonyms={DEFAULT_CONFIG:group.consumer.heartbeat.interval.ms=5000}",
            "  consumer.session.timeout.ms=50000 sensitive=false synonyms={DYNAMIC_GROUP_CONFIG:consumer.session.timeout.ms=50000, DEFAULT_CONFIG:group.consumer.session.timeout.ms=45000}",
            "  share.auto.offset.reset=earliest sensitive=false synonyms={DYNAMIC_GROUP_CONFIG:share.auto.offset.reset=earliest, DEFAULT_CONFIG:share.auto.offset.reset=latest}",
            "  share.heartbeat.interval.ms=5000 sensitive=false synonyms={DEFAULT_CONFIG:group.share.heartbeat.interval.ms=5000}",
            "  share.record.lock.duration.ms=30000 sensitive=false synonyms={DEFAULT_CONFIG:group.share.record.lock.duration.ms=30000}",
            "  share.session.timeout.ms=45000 sensitive=false synonyms={DEFAULT_CONFIG:group.share.session.timeout.ms=45000}",
        ])
    );
    assert_eq!(
        configs(
            &mut p,
            "--alter --group g --delete-config consumer.session.timeout.ms,share.auto.offset.reset"
        ),
        ok(&["Completed updating config for group g."])
    );
    assert_eq!(
        configs(&mut p, "--describe --group g"),
        ok(&["The group 'g' doesn't exist and doesn't have dynamic config."])
    );
    assert_eq!(configs(&mut p, "--describe --entity-type groups"), ok(&[]));
}

#[test]
fn refused_group_configs() {
    let mut p = playground();
    assert_eq!(
        configs(
            &mut p,
            "--alter --group g --delete-config consumer.session.timeout.ms"
        ),
        illegal("Invalid config(s): consumer.session.timeout.ms")
    );
    let cases = [
        ("nope=1", "Unknown group config name: nope"),
        (
            "consumer.session.timeout.ms=soon",
            "Invalid value soon for configuration consumer.session.timeout.ms: Not a number of type INT",
        ),
        (
            "consumer.session.timeout.ms=0",
            "Invalid value 0 for configuration consumer.session.timeout.ms: Value must be at least 1",
        ),
        (
            "consumer.session.timeout.ms=10000",
            "consumer.session.timeout.ms must be greater than or equal to group.consumer.min.session.timeout.ms",
        ),
        (
            "consumer.heartbeat.interval.ms=20000",
            "consumer.heartbeat.interval.ms must be less than or equal to group.consumer.max.heartbeat.interval.ms",
        ),
        (
            "share.auto.offset.reset=none",
            "Invalid value none for configuration share.auto.offset.reset: String must be one of: latest, earliest",
        ),
    ];
    for (config, message) in cases {
        let args = format!("--alter --group g --add-config {config}");
        assert_eq!(configs(&mut p, &args), invalid_config(&args, message));
    }
    assert_eq!(
        configs(&mut p, "--alter --entity-type groups --add-config nope=1"),
        illegal("An entity name must be specified with --alter of groups")
    );
    assert!(p.cluster().group_configs().get("g").is_none());
}
