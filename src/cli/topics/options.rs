//! `TopicCommand.TopicCommandOptions`: kafka-topics' flags, their help, and `checkArgs`.
//!
//! The flags, help texts and checks are Kafka's, in Kafka's order (`checkArgs` →
//! `checkRequiredArgs` → `checkInvalidArgs`), so the first complaint is the one Kafka makes.
//! Typed values are read as `OptionSet.valueOf` reads them, when the command needs them, and
//! fail with joptsimple's messages.

use super::Failure;
use crate::cli::flags::{flag, FlagError, FlagSpec, Flags};
use crate::cli::joptsimple::{self, ArgHelp, HelpOption};
use crate::cli::output::CommandOutput;
use crate::engine::topic::config_def::TOPIC_CONFIGS;

/// `KAFKA_CONFIGS_CLI_SUPPORTS_ALTERING_TOPIC_CONFIGS`.
const KAFKA_CONFIGS_HINT: &str =
    " (To alter topic configurations, the kafka-configs tool can be used.)";

pub const HELP: FlagSpec = flag!("help", false, "Print usage information.");
pub const VERSION: FlagSpec = flag!("version", false, "Display Kafka version.");
pub const BOOTSTRAP_SERVER: FlagSpec = flag!(
    "bootstrap-server",
    true,
    "REQUIRED: The Kafka server to connect to."
);
pub const COMMAND_CONFIG: FlagSpec = flag!(
    "command-config",
    true,
    "Property file containing configs to be passed to Admin Client."
);
pub const LIST: FlagSpec = flag!("list", false, "List all available topics.");
pub const CREATE: FlagSpec = flag!("create", false, "Create a new topic.");
pub const DELETE: FlagSpec = flag!("delete", false, "Delete a topic.");
pub const ALTER: FlagSpec = flag!(
    "alter",
    false,
    "Alter the number of partitions and replica assignment. (To alter topic configurations, the kafka-configs tool can be used.)"
);
pub const DESCRIBE: FlagSpec = flag!("describe", false, "List details for the given topics.");
pub const TOPIC: FlagSpec = flag!(
    "topic",
    true,
    "The topic to create, alter, describe or delete. It also accepts a regular expression, except for --create option."
);
pub const TOPIC_ID: FlagSpec = flag!("topic-id", true, "The topic-id to describe.");
/// Its help also lists the topic configs; see [`help_options`].
pub const CONFIG: FlagSpec = flag!(
    "config",
    true,
    "A topic configuration override for the topic being created."
);
pub const DELETE_CONFIG: FlagSpec = flag!(
    "delete-config",
    true,
    "This option is no longer supported and has been deprecated since 4.0"
);
pub const PARTITIONS: FlagSpec = flag!(
    "partitions",
    true,
    "The number of partitions for the topic being created or altered. If not supplied with --create, the topic uses the cluster default. (WARNING: If partitions are increased for a topic that has a key, the partition logic or ordering of the messages will be affected)."
);
pub const REPLICATION_FACTOR: FlagSpec = flag!(
    "replication-factor",
    true,
    "The replication factor for each partition in the topic being created. If not supplied, the topic uses the cluster default."
);
pub const REPLICA_ASSIGNMENT: FlagSpec = flag!(
    "replica-assignment",
    true,
    "A list of manual partition-to-broker assignments for the topic being created or altered."
);
pub const UNDER_REPLICATED_PARTITIONS: FlagSpec = flag!(
    "under-replicated-partitions",
    false,
    "If set when describing topics, only show under-replicated partitions."
);
pub const UNAVAILABLE_PARTITIONS: FlagSpec = flag!(
    "unavailable-partitions",
    false,
    "If set when describing topics, only show partitions whose leader is not available."
);
pub const UNDER_MIN_ISR_PARTITIONS: FlagSpec = flag!(
    "under-min-isr-partitions",
    false,
    "If set when describing topics, only show partitions whose isr count is less than the configured minimum."
);
pub const AT_MIN_ISR_PARTITIONS: FlagSpec = flag!(
    "at-min-isr-partitions",
    false,
    "If set when describing topics, only show partitions whose isr count is equal to the configured minimum."
);
pub const TOPICS_WITH_OVERRIDES: FlagSpec = flag!(
    "topics-with-overrides",
    false,
    "If set when describing topics, only show topics that have overridden configs."
);
pub const IF_EXISTS: FlagSpec = flag!(
    "if-exists",
    false,
    "If set when altering or deleting or describing topics, the action will only execute if the topic exists."
);
pub const IF_NOT_EXISTS: FlagSpec = flag!(
    "if-not-exists",
    false,
    "If set when creating topics, the create request will not fail if the topic already exists, but the request will still be sent."
);
pub const EXCLUDE_INTERNAL: FlagSpec = flag!(
    "exclude-internal",
    false,
    "Exclude internal topics when listing or describing topics. By default, the internal topics are included."
);
pub const PARTITION_SIZE_LIMIT_PER_RESPONSE: FlagSpec = flag!(
    "partition-size-limit-per-response",
    true,
    "The maximum partition size to be included in one DescribeTopicPartitions response."
);

/// Every flag of `TopicCommandOptions` (plus `CommandDefaultOptions`' help and version).
pub const SPECS: &[FlagSpec] = &[
    HELP,
    VERSION,
    BOOTSTRAP_SERVER,
    COMMAND_CONFIG,
    LIST,
    CREATE,
    DELETE,
    ALTER,
    DESCRIBE,
    TOPIC,
    TOPIC_ID,
    CONFIG,
    DELETE_CONFIG,
    PARTITIONS,
    REPLICATION_FACTOR,
    REPLICA_ASSIGNMENT,
    UNDER_REPLICATED_PARTITIONS,
    UNAVAILABLE_PARTITIONS,
    UNDER_MIN_ISR_PARTITIONS,
    AT_MIN_ISR_PARTITIONS,
    TOPICS_WITH_OVERRIDES,
    IF_EXISTS,
    IF_NOT_EXISTS,
    EXCLUDE_INTERNAL,
    PARTITION_SIZE_LIMIT_PER_RESPONSE,
];

/// The actions, in the order `checkArgs` counts them.
const ACTIONS: [FlagSpec; 5] = [CREATE, LIST, ALTER, DESCRIBE, DELETE];
/// The describe report filters (`allReplicationReportOpts`).
const REPORTS: [FlagSpec; 4] = [
    UNDER_REPLICATED_PARTITIONS,
    UNDER_MIN_ISR_PARTITIONS,
    AT_MIN_ISR_PARTITIONS,
    UNAVAILABLE_PARTITIONS,
];

/// `describedAs` and `ofType` of each flag that takes an argument.
fn arg_help(name: &str) -> Option<ArgHelp> {
    let (type_name, described_as) = match name {
        "bootstrap-server" => ("String", "server to connect to"),
        "command-config" => ("String", "command config property file"),
        "topic" => ("String", "topic"),
        "topic-id" => ("String", "topic-id"),
        "config" => ("String", "name=value"),
        "delete-config" => ("String", "name"),
        "partitions" => ("Integer", "# of partitions"),
        "replication-factor" => ("Integer", "replication factor"),
        "replica-assignment" => (
            "String",
            "broker_id_for_part1_replica1 : broker_id_for_part1_replica2 , broker_id_for_part2_replica1 : broker_id_for_part2_replica2 , ...",
        ),
        "partition-size-limit-per-response" => ("Integer", "maximum number of partitions per response"),
        _ => return None,
    };
    Some(ArgHelp {
        type_name,
        described_as,
    })
}

/// The options as `parser.printHelpOn` lists them. `--config`'s help embeds
/// `LogConfig.nonInternalConfigNames()` (sorted), one per line after a tab.
pub fn help_options() -> Vec<HelpOption> {
    let mut names: Vec<&str> = TOPIC_CONFIGS
        .iter()
        .filter(|d| !d.internal)
        .map(|d| d.name)
        .collect();
    crate::sort::sort(&mut names);
    let config_names: Vec<String> = names.iter().map(|n| format!("\t{n}")).collect();
    let config_help = format!(
        "{} The following is a list of valid configurations: \n{}\nSee the Kafka documentation for full details on the topic configs. It is supported only in combination with --create.{KAFKA_CONFIGS_HINT}",
        CONFIG.help,
        config_names.join("\n")
    );
    SPECS
        .iter()
        .map(|spec| HelpOption {
            name: spec.name,
            arg: arg_help(spec.name),
            description: if spec.name == CONFIG.name {
                config_help.clone()
            } else {
                spec.help.to_string()
            },
        })
        .collect()
}

/// The one action a command performs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    List,
    Alter,
    Describe,
    Delete,
}

/// What `checkArgs` decided before any request is sent.
#[derive(Debug)]
pub enum Checked {
    /// `--help` (or no argument at all: then a usage failure, see [`check`]).
    Help,
    Version,
    Run(TopicCommandOptions),
}

/// Options that passed `checkArgs`.
#[derive(Debug)]
pub struct TopicCommandOptions {
    pub action: Action,
    flags: Flags,
}

/// `TopicCommandOptions.checkArgs` on parsed flags. `arg_count` is `args.length`. Notes that
/// Kafka prints and goes on after (the deprecated `--delete-config`) land in `out`.
pub fn check(flags: Flags, arg_count: usize, out: &mut CommandOutput) -> Result<Checked, Failure> {
    if arg_count == 0 {
        return Err(Failure::Usage(
            "Create, delete, describe, or change a topic.".into(),
        ));
    }
    if flags.has(HELP.name) {
        return Ok(Checked::Help);
    }
    if flags.has(VERSION.name) {
        return Ok(Checked::Version);
    }
    let given: Vec<&FlagSpec> = ACTIONS.iter().filter(|a| flags.has(a.name)).collect();
    let [action] = given.as_slice() else {
        return Err(Failure::Usage(
            "Command must include exactly one action: --list, --describe, --create, --alter or --delete".into(),
        ));
    };
    let action = match action.name {
        "create" => Action::Create,
        "list" => Action::List,
        "alter" => Action::Alter,
        "describe" => Action::Describe,
        _ => Action::Delete,
    };
    if flags.has(DELETE_CONFIG.name) {
        out.err("delete-config option is no longer supported and deprecated since version 4.0. The config will be fully removed in future releases.");
    }
    let opts = TopicCommandOptions { action, flags };
    opts.check_required_args(out)?;
    opts.check_invalid_args()?;
    Ok(Checked::Run(opts))
}

fn usage_missing(spec: &FlagSpec) -> Failure {
    Failure::Usage(format!(
        "Missing required argument \"{}\"",
        joptsimple::spec_string(spec.name)
    ))
}

fn usage_invalid(used: &FlagSpec, invalid: &FlagSpec) -> Failure {
    Failure::Usage(format!(
        "Option \"{}\" can't be used with option \"{}\"",
        joptsimple::spec_string(used.name),
        joptsimple::spec_string(invalid.name)
    ))
}

/// A joptsimple exception thrown while reading a value: `printException` prints it.
fn jopt(e: FlagError) -> Failure {
    Failure::Exception(joptsimple::message(&e))
}

impl TopicCommandOptions {
    pub fn has(&self, spec: &FlagSpec) -> bool {
        self.flags.has(spec.name)
    }

    fn check_required_args(&self, out: &mut CommandOutput) -> Result<(), Failure> {
        if !self.has(&BOOTSTRAP_SERVER) {
            return Err(Failure::IllegalArgument(
                "--bootstrap-server must be specified".into(),
            ));
        }
        if self.has(&DESCRIBE) && self.has(&IF_EXISTS) {
            if !self.has(&TOPIC) && !self.has(&TOPIC_ID) {
                return Err(Failure::Usage(
                    "--topic or --topic-id is required to describe a topic".into(),
                ));
            }
            if self.has(&TOPIC) && self.has(&TOPIC_ID) {
                out.out("Only topic id will be used when both --topic and --topic-id are specified and topicId is not Uuid.ZERO_UUID");
            }
        }
        if !self.has(&LIST) && !self.has(&DESCRIBE) && !self.has(&TOPIC) {
            return Err(usage_missing(&TOPIC));
        }
        if self.has(&ALTER) {
            if self.has(&CONFIG) {
                // `Set.of(bootstrapServerOpt, configOpt)`: Java prints a Set.of in an order fixed
                // per JVM run; kplay prints the declaration order.
                return Err(Failure::Usage(format!(
                    "Option combination \"[[bootstrap-server], [config]]\" can't be used with option \"[alter]\"{KAFKA_CONFIGS_HINT}"
                )));
            }
            if !self.has(&PARTITIONS) {
                return Err(usage_missing(&PARTITIONS));
            }
        }
        Ok(())
    }

    /// The action flag given, which is the one "invalid option" a check can find among the
    /// actions (exactly one is present).
    fn action_flag(&self) -> &'static FlagSpec {
        match self.action {
            Action::Create => &CREATE,
            Action::List => &LIST,
            Action::Alter => &ALTER,
            Action::Describe => &DESCRIBE,
            Action::Delete => &DELETE,
        }
    }

    /// `checkInvalidArgs(parser, options, used, invalidOptions(...))`: `used` may only come
    /// with the actions in `allowed_actions`, and never with `also_invalid`.
    fn only_with(
        &self,
        used: &FlagSpec,
        allowed_actions: &[Action],
        also_invalid: &[FlagSpec],
    ) -> Result<(), Failure> {
        if !self.has(used) {
            return Ok(());
        }
        if !allowed_actions.contains(&self.action) {
            return Err(usage_invalid(used, self.action_flag()));
        }
        match also_invalid.iter().find(|s| self.has(s)) {
            Some(invalid) => Err(usage_invalid(used, invalid)),
            None => Ok(()),
        }
    }

    fn check_invalid_args(&self) -> Result<(), Failure> {
        use Action::*;
        self.only_with(&CONFIG, &[Alter, Create], &[])?;
        self.only_with(&PARTITIONS, &[Alter, Create], &[])?;
        self.only_with(&REPLICATION_FACTOR, &[Create], &[])?;
        self.only_with(&REPLICA_ASSIGNMENT, &[Alter, Create], &[])?;
        if self.action == Create {
            self.only_with(
                &REPLICA_ASSIGNMENT,
                &[Create],
                &[PARTITIONS, REPLICATION_FACTOR],
            )?;
        }
        for report in REPORTS {
            self.only_with(&report, &[Describe], &[TOPICS_WITH_OVERRIDES])?;
        }
        self.only_with(&TOPICS_WITH_OVERRIDES, &[Describe], &REPORTS)?;
        self.only_with(&IF_EXISTS, &[Alter, Delete, Describe], &[])?;
        self.only_with(&IF_NOT_EXISTS, &[Create], &[])?;
        self.only_with(&EXCLUDE_INTERNAL, &[List, Describe], &[])?;
        Ok(())
    }

    /// `--topic`'s value (`valueOf`: refused when given twice).
    pub fn topic(&self) -> Result<Option<String>, Failure> {
        Ok(self.flags.value(&TOPIC).map_err(jopt)?.map(str::to_owned))
    }

    pub fn topic_id(&self) -> Result<Option<String>, Failure> {
        Ok(self
            .flags
            .value(&TOPIC_ID)
            .map_err(jopt)?
            .map(str::to_owned))
    }

    pub fn partitions(&self) -> Result<Option<i32>, Failure> {
        self.flags.number(&PARTITIONS).map_err(jopt)
    }

    pub fn replication_factor(&self) -> Result<Option<i32>, Failure> {
        self.flags.number(&REPLICATION_FACTOR).map_err(jopt)
    }

    pub fn partition_size_limit_per_response(&self) -> Result<Option<i32>, Failure> {
        self.flags
            .number(&PARTITION_SIZE_LIMIT_PER_RESPONSE)
            .map_err(jopt)
    }

    pub fn command_config(&self) -> Result<Option<String>, Failure> {
        Ok(self
            .flags
            .value(&COMMAND_CONFIG)
            .map_err(jopt)?
            .map(str::to_owned))
    }

    /// `replicaAssignment()`: parsed when given and not empty.
    pub fn replica_assignment(&self) -> Result<Option<Vec<Vec<i32>>>, Failure> {
        match self.flags.value(&REPLICA_ASSIGNMENT).map_err(jopt)? {
            Some(v) if !v.is_empty() => parse_replica_assignment(v).map(Some),
            _ => Ok(None),
        }
    }

    /// `valuesOf(configOpt)`, in the order given.
    pub fn configs(&self) -> &[String] {
        self.flags.values(CONFIG.name)
    }
}

/// `String.split` with a one-character separator: trailing empty strings are dropped, and a
/// string without the separator comes back whole.
pub fn java_split(s: &str, separator: char) -> Vec<&str> {
    if !s.contains(separator) {
        return vec![s];
    }
    let mut parts: Vec<&str> = s.split(separator).collect();
    while parts.last() == Some(&"") {
        parts.pop();
    }
    parts
}

/// `Integer.parseInt`, failing with `NumberFormatException`'s message.
fn parse_int(s: &str) -> Result<i32, Failure> {
    s.parse()
        .map_err(|_| Failure::Exception(format!("For input string: \"{s}\"")))
}

/// `TopicCommand.parseReplicaAssignment`: `0:1,1:2` → one replica list per partition.
pub fn parse_replica_assignment(list: &str) -> Result<Vec<Vec<i32>>, Failure> {
    let mut partitions: Vec<Vec<i32>> = Vec::new();
    for (i, partition) in java_split(list, ',').into_iter().enumerate() {
        let brokers = java_split(partition, ':')
            .into_iter()
            .map(|b| parse_int(b.trim()))
            .collect::<Result<Vec<i32>, Failure>>()?;
        // `ToolsUtils.duplicates` collects into a HashSet, which iterates small ints in order.
        let mut duplicates: Vec<i32> = brokers
            .iter()
            .copied()
            .filter(|b| brokers.iter().filter(|x| *x == b).count() > 1)
            .collect();
        crate::sort::sort(&mut duplicates);
        duplicates.dedup();
        if !duplicates.is_empty() {
            let list: Vec<String> = duplicates.iter().map(i32::to_string).collect();
            return Err(Failure::Exception(format!(
                "Partition replica lists may not contain duplicate entries: {}",
                list.join(",")
            )));
        }
        if let Some(first) = partitions.first() {
            if brokers.len() != first.len() {
                let shown: Vec<String> = brokers.iter().map(i32::to_string).collect();
                return Err(Failure::Exception(format!(
                    "Partition {i} has different replication factor: [{}]",
                    shown.join(", ")
                )));
            }
        }
        partitions.push(brokers);
    }
    Ok(partitions)
}

/// `parseTopicConfigsToBeAdded`: each `--config` split on `\s*=\s*` into exactly a key and a
/// value, both trimmed; a later key wins.
pub fn parse_topic_configs(configs: &[String]) -> Result<Vec<(String, String)>, Failure> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for config in configs {
        let mut parts: Vec<&str> = config
            .split('=')
            .map(|p| p.trim_matches(|c: char| c <= ' '))
            .collect();
        if config.contains('=') {
            while parts.last() == Some(&"") {
                parts.pop();
            }
        }
        let [key, value] = parts.as_slice() else {
            return Err(Failure::IllegalArgument(
                "requirement failed: Invalid topic config: all configs to be added must be in the format \"key=val\"."
                    .into(),
            ));
        };
        pairs.retain(|(k, _)| k != key);
        pairs.push(((*key).to_owned(), (*value).to_owned()));
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure_text(f: Failure) -> String {
        match f {
            Failure::Usage(m) | Failure::IllegalArgument(m) | Failure::Exception(m) => m,
        }
    }

    #[test]
    fn replica_assignment_is_parsed_like_kafka() {
        assert_eq!(
            parse_replica_assignment("0:1, 1 :2,").ok(),
            Some(vec![vec![0, 1], vec![1, 2]])
        );
        assert_eq!(parse_replica_assignment("0").ok(), Some(vec![vec![0]]));
        let e = failure_text(parse_replica_assignment("0:x").unwrap_err());
        assert_eq!(e, "For input string: \"x\"");
        let e = failure_text(parse_replica_assignment("2:1:2:1").unwrap_err());
        assert_eq!(
            e,
            "Partition replica lists may not contain duplicate entries: 1,2"
        );
        let e = failure_text(parse_replica_assignment("0:1,2").unwrap_err());
        assert_eq!(e, "Partition 1 has different replication factor: [2]");
        let e = failure_text(parse_replica_assignment(",0").unwrap_err());
        assert_eq!(e, "For input string: \"\"");
    }

    #[test]
    fn topic_configs_need_key_and_value() {
        let ok = parse_topic_configs(&["a = 1".into(), "b=2".into(), "a=3".into()]).unwrap();
        assert_eq!(ok, [("b".into(), "2".into()), ("a".into(), "3".into())]);
        for bad in ["a=", "a", "a=b=c", "=", ""] {
            assert!(
                matches!(
                    parse_topic_configs(&[bad.into()]),
                    Err(Failure::IllegalArgument(_))
                ),
                "{bad:?} should be refused"
            );
        }
    }

    #[test]
    fn java_split_drops_trailing_empties() {
        assert_eq!(java_split("a,,b,,", ','), ["a", "", "b"]);
        assert_eq!(java_split("", ','), [""]);
        assert!(java_split(",,", ',').is_empty());
    }

    #[test]
    fn help_lists_every_flag_and_the_topic_configs() {
        let options = help_options();
        assert_eq!(options.len(), SPECS.len());
        let config = options.iter().find(|o| o.name == "config").unwrap();
        assert!(config.description.contains("\n\tcleanup.policy\n"));
        assert!(!config.description.contains("internal.segment.bytes"));
        assert!(options
            .iter()
            .all(|o| o.arg.is_some() == SPECS.iter().any(|s| s.name == o.name && s.takes_value)));
    }
}
