//! `kafka-configs.sh` transcripts: exact output lines, streams and exit statuses, as Kafka's
//! `ConfigCommand` prints them, and the configs the engine ends up with.

use kplay::cli::{run_line, CommandOutput};
use kplay::engine::playground::{Playground, PlaygroundConfig};
use kplay::engine::profile::VersionProfile;
use kplay::storage::memory::MemoryStorage;

const NOW_MS: i64 = 1_700_000_000_000;

fn cluster_with_topic() -> Playground<MemoryStorage> {
    let mut c = Playground::new(
        PlaygroundConfig::new(7, VersionProfile::Kafka4x),
        MemoryStorage::new(),
        NOW_MS,
    );
    let out = run_line(
        &mut c,
        "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --config retention.ms=60000",
        NOW_MS,
    );
    assert_eq!(out.exit_code, 0, "{out:?}");
    c
}

/// Runs `kafka-configs.sh --bootstrap-server localhost:9092 <args>`.
fn configs(cluster: &mut Playground<MemoryStorage>, args: &str) -> CommandOutput {
    run_line(
        cluster,
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

/// `main`'s catch-all: the command line, then the exception (first line of its trace).
fn thrown(args: &str, exception: &str) -> CommandOutput {
    CommandOutput {
        stdout: Vec::new(),
        stderr: vec![
            format!("Error while executing config command with args '--bootstrap-server localhost:9092 {args}'"),
            exception.to_string(),
        ],
        exit_code: 1,
    }
}

fn overrides(cluster: &Playground<MemoryStorage>, topic: &str) -> Vec<(String, String)> {
    let meta = cluster.cluster().registry().describe_topic(topic).unwrap();
    meta.configs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn describe_shows_dynamic_configs_with_synonyms() {
    let mut c = cluster_with_topic();
    let expected = ok(&[
        "Dynamic configs for topic orders are:",
        "  retention.ms=60000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=60000}",
    ]);
    assert_eq!(
        configs(
            &mut c,
            "--describe --entity-type topics --entity-name orders"
        ),
        expected
    );
    assert_eq!(configs(&mut c, "--describe --topic orders"), expected);
    // Without a name: every topic.
    assert_eq!(configs(&mut c, "--describe --entity-type topics"), expected);
    assert_eq!(
        configs(&mut c, "--describe --topic nope"),
        ok(&["The topic 'nope' doesn't exist and doesn't have dynamic config."])
    );
}

#[test]
fn describe_all_lists_defaults_sorted() {
    let mut c = cluster_with_topic();
    let out = configs(&mut c, "--describe --topic orders --all");
    assert_eq!(out.exit_code, 0);
    assert_eq!(out.stdout[0], "All configs for topic orders are:");
    assert!(out.stdout.contains(
        &"  segment.bytes=1073741824 sensitive=false synonyms={DEFAULT_CONFIG:log.segment.bytes=1073741824}".to_string()
    ));
    assert!(out.stdout.contains(
        &"  retention.ms=60000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=60000}"
            .to_string()
    ));
    assert!(out.stdout.contains(&"  cleanup.policy=delete sensitive=false synonyms={DEFAULT_CONFIG:log.cleanup.policy=delete}".to_string()));
    let names: Vec<&String> = out.stdout[1..].iter().collect();
    assert!(names.windows(2).all(|w| w[0] < w[1]), "sorted by name");
    // --all skips the existence check, so the broker's answer surfaces after the header.
    let mut expected = thrown(
        "--describe --topic nope --all",
        "java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.",
    );
    expected.stdout = vec!["All configs for topic nope are:".to_string()];
    assert_eq!(configs(&mut c, "--describe --topic nope --all"), expected);
}

#[test]
fn alter_add_with_brackets_then_delete() {
    let mut c = cluster_with_topic();
    assert_eq!(
        configs(
            &mut c,
            "--alter --entity-type topics --entity-name orders --add-config cleanup.policy=[compact,delete],max.message.bytes=2000"
        ),
        ok(&["Completed updating config for topic orders."])
    );
    assert_eq!(
        overrides(&c, "orders"),
        [
            ("cleanup.policy".to_string(), "compact,delete".to_string()),
            ("max.message.bytes".to_string(), "2000".to_string()),
            ("retention.ms".to_string(), "60000".to_string()),
        ]
    );
    assert_eq!(
        configs(&mut c, "--describe --topic orders"),
        ok(&[
            "Dynamic configs for topic orders are:",
            "  cleanup.policy=compact,delete sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:cleanup.policy=compact,delete, DEFAULT_CONFIG:log.cleanup.policy=delete}",
            "  max.message.bytes=2000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:max.message.bytes=2000, DEFAULT_CONFIG:message.max.bytes=1048588}",
            "  retention.ms=60000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=60000}",
        ])
    );
    assert_eq!(
        configs(
            &mut c,
            "--alter --topic orders --delete-config retention.ms,max.message.bytes"
        ),
        ok(&["Completed updating config for topic orders."])
    );
    assert_eq!(
        overrides(&c, "orders"),
        [("cleanup.policy".to_string(), "compact,delete".to_string())]
    );
    // kafka-topics shows the same override.
    let described = run_line(
        &mut c,
        "kafka-topics.sh --bootstrap-server x --describe --topic orders",
        NOW_MS,
    );
    assert!(
        described.stdout[0].ends_with("\tConfigs: cleanup.policy=compact,delete"),
        "{described:?}"
    );
}

#[test]
fn alter_errors() {
    let mut c = cluster_with_topic();
    assert_eq!(
        configs(
            &mut c,
            "--alter --topic orders --delete-config retention.ms,nope,other"
        ),
        illegal("Invalid config(s): nope,other")
    );
    assert_eq!(
        configs(&mut c, "--alter --topic orders --add-config retention.ms=soon"),
        thrown(
            "--alter --topic orders --add-config retention.ms=soon",
            "java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.InvalidConfigurationException: Invalid value soon for configuration retention.ms: Not a number of type LONG"
        )
    );
    assert_eq!(
        configs(&mut c, "--alter --topic orders --add-config nope=1"),
        thrown(
            "--alter --topic orders --add-config nope=1",
            "java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.InvalidConfigurationException: Unknown topic config name: nope"
        )
    );
    assert_eq!(
        configs(&mut c, "--alter --topic orders --add-config segment.bytes=100"),
        thrown(
            "--alter --topic orders --add-config segment.bytes=100",
            "java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.InvalidConfigurationException: Invalid value 100 for configuration segment.bytes: Value must be at least 1048576"
        )
    );
    assert_eq!(
        configs(&mut c, "--alter --topic orders --delete-config retention.ms --add-config retention.ms=5"),
        thrown(
            "--alter --topic orders --delete-config retention.ms --add-config retention.ms=5",
            "java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.InvalidRequestException: Error due to duplicate config keys"
        )
    );
    assert_eq!(
        configs(&mut c, "--alter --topic nope --add-config retention.ms=5"),
        thrown(
            "--alter --topic nope --add-config retention.ms=5",
            "java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition."
        )
    );
    assert_eq!(
        configs(&mut c, "--alter --topic orders --add-config retention.ms"),
        illegal("Invalid entity config: all configs to be added must be in the format \"key=val\" or  \"key=[val1,val2]\" to group values which contain commas.")
    );
    assert_eq!(
        configs(&mut c, "--alter --topic orders"),
        illegal("At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter")
    );
    assert_eq!(
        configs(
            &mut c,
            "--alter --entity-type topics --add-config retention.ms=5"
        ),
        illegal("An entity name must be specified with --alter of topics")
    );
    assert_eq!(
        overrides(&c, "orders"),
        [("retention.ms".to_string(), "60000".to_string())],
        "no refused change was applied"
    );
}

#[test]
fn brokers_are_described() {
    let mut c = cluster_with_topic();
    assert_eq!(
        configs(&mut c, "--describe --entity-type brokers"),
        ok(&[
            "Dynamic configs for broker 0 are:",
            "Dynamic configs for broker 1 are:",
            "Dynamic configs for broker 2 are:",
            "Default configs for brokers in the cluster are:"
        ])
    );
    assert_eq!(
        configs(&mut c, "--describe --broker 3"),
        ok(&["The broker '3' doesn't exist and doesn't have dynamic config."])
    );
    let all = configs(&mut c, "--describe --broker 0 --all");
    assert_eq!(all.stdout[0], "All configs for broker 0 are:");
    assert!(all.stdout.contains(
        &"  num.partitions=1 sensitive=false synonyms={DEFAULT_CONFIG:num.partitions=1}"
            .to_string()
    ));
    assert!(all
        .stdout
        .contains(&"  log.retention.ms=null sensitive=false synonyms={}".to_string()));
    assert_eq!(
        configs(&mut c, "--describe --entity-type brokers --entity-default"),
        ok(&["Default configs for brokers in the cluster are:"])
    );
    // Altering them: see `cli_configs_brokers`.
    assert_eq!(
        configs(
            &mut c,
            "--alter --entity-type brokers --entity-name zero --add-config a=1"
        ),
        illegal("The entity name for brokers must be a valid integer broker id, but it is: zero")
    );
}

#[test]
fn argument_checks() {
    let mut c = cluster_with_topic();
    let out = configs(&mut c, "--topic orders");
    assert_eq!(out.exit_code, 1);
    assert_eq!(
        out.stderr[0],
        "Command must include exactly one action: --describe, --alter"
    );
    assert!(out.stderr[1].starts_with("Option "));
    let out = configs(&mut c, "--describe --topic orders --add-config a=1");
    assert_eq!(
        out.stderr[0],
        "Option \"[describe]\" can't be used with option \"[add-config]\""
    );
    assert_eq!(
        run_line(&mut c, "kafka-configs.sh --describe --topic orders", NOW_MS),
        illegal("Either --bootstrap-server or --bootstrap-controller must be specified.")
    );
    assert_eq!(
        configs(&mut c, "--describe --entity-type widgets"),
        illegal("Invalid entity type widgets, the entity type must be one of broker-loggers, topics, clients, users, brokers, ips, client-metrics, groups with a --bootstrap-server or --bootstrap-controller argument")
    );
    assert_eq!(
        configs(
            &mut c,
            "--describe --entity-type topics --entity-type topics"
        ),
        illegal("Duplicate entity type(s) specified: topics")
    );
    assert_eq!(
        configs(
            &mut c,
            "--describe --entity-type topics --entity-type brokers"
        ),
        illegal("Only 'users' and 'clients' entity types may be specified together")
    );
    assert_eq!(
        configs(&mut c, "--describe --entity-name orders --topic orders"),
        illegal("--entity-{type,name,default} should not be used in conjunction with specific entity flags")
    );
    assert_eq!(
        configs(&mut c, "--describe --entity-type topics --entity-default"),
        illegal("--entity-default must not be specified with --describe of topics")
    );
    assert_eq!(
        configs(&mut c, "--describe --nope"),
        illegal("nope is not a recognized option")
    );
    assert_eq!(
        configs(&mut c, "--describe --topic 'bad name'"),
        thrown(
            "--describe --topic bad name",
            "org.apache.kafka.common.errors.InvalidTopicException: Topic name is invalid: 'bad name' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"
        )
    );
    let users = configs(&mut c, "--describe --entity-type users");
    assert_eq!(users.exit_code, 1);
    assert!(users.stderr[0].starts_with("kplay: entity type 'users' is not modelled"));
    let help = run_line(&mut c, "kafka-configs.sh --help", NOW_MS);
    assert_eq!(help.exit_code, 0);
    assert!(help.stderr[0].starts_with("This tool helps to manipulate and describe entity config"));
    assert!(help
        .stderr
        .iter()
        .any(|l| l.starts_with("--entity-type <String>")));
}
