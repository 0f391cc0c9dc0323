//! `LeaderElectionCommand.LeaderElectionCommandOptions` (Kafka 4.0): kafka-leader-election's
//! flags, their help, and `validate`.

use crate::cli::flags::{flag, FlagSpec, Flags};
use crate::cli::joptsimple::{ArgHelp, HelpOption};

pub const HELP: FlagSpec = flag!("help", false, "Print usage information.");
pub const VERSION: FlagSpec = flag!("version", false, "Display Kafka version.");
pub const BOOTSTRAP_SERVER: FlagSpec = flag!(
    "bootstrap-server",
    true,
    "A hostname and port for the broker to connect to, in the form host:port. Multiple comma separated URLs can be given. REQUIRED."
);
pub const ADMIN_CONFIG: FlagSpec = flag!(
    "admin.config",
    true,
    "Configuration properties files to pass to the admin client"
);
pub const PATH_TO_JSON_FILE: FlagSpec = flag!(
    "path-to-json-file",
    true,
    "The JSON file with the list  of partition for which leader elections should be performed. This is an example format. \n{\"partitions\":\n\t[{\"topic\": \"foo\", \"partition\": 1},\n\t {\"topic\": \"foobar\", \"partition\": 2}]\n}\nNot allowed if --all-topic-partitions or --topic flags are specified."
);
pub const TOPIC: FlagSpec = flag!(
    "topic",
    true,
    "Name of topic for which to perform an election. Not allowed if --path-to-json-file or --all-topic-partitions is specified."
);
pub const PARTITION: FlagSpec = flag!(
    "partition",
    true,
    "Partition id for which to perform an election. REQUIRED if --topic is specified."
);
pub const ALL_TOPIC_PARTITIONS: FlagSpec = flag!(
    "all-topic-partitions",
    false,
    "Perform election on all of the eligible topic partitions based on the type of election (see the --election-type flag). Not allowed if --topic or --path-to-json-file is specified."
);
pub const ELECTION_TYPE: FlagSpec = flag!(
    "election-type",
    true,
    "Type of election to attempt. Possible values are \"preferred\" for preferred leader election or \"unclean\" for unclean leader election. If preferred election is selection, the election is only performed if the current leader is not the preferred leader for the topic partition. If unclean election is selected, the election is only performed if there are no leader for the topic partition. REQUIRED."
);

pub const SPECS: &[FlagSpec] = &[
    HELP,
    VERSION,
    BOOTSTRAP_SERVER,
    ADMIN_CONFIG,
    PATH_TO_JSON_FILE,
    TOPIC,
    PARTITION,
    ALL_TOPIC_PARTITIONS,
    ELECTION_TYPE,
];

fn arg_help(name: &str) -> Option<ArgHelp> {
    let (type_name, described_as) = match name {
        "bootstrap-server" => ("String", "host:port"),
        "admin.config" => ("String", "config file"),
        "path-to-json-file" => ("String", "Path to JSON file"),
        "topic" => ("String", "topic name"),
        "partition" => ("Integer", "partition id"),
        // `EnumConverter.valuePattern()` stands for the type: the constants in brackets.
        "election-type" => ("[PREFERRED,UNCLEAN]", "election type"),
        _ => return None,
    };
    Some(ArgHelp {
        type_name,
        described_as,
    })
}

pub fn help_options() -> Vec<HelpOption> {
    SPECS
        .iter()
        .map(|spec| HelpOption {
            name: spec.name,
            arg: arg_help(spec.name),
            description: spec.help.to_string(),
        })
        .collect()
}

/// `LeaderElectionCommandOptions.validate`: `Err` holds the `AdminCommandFailedException`'s
/// message.
pub fn validate(flags: &Flags) -> Result<(), String> {
    let missing: Vec<&str> = [BOOTSTRAP_SERVER, ELECTION_TYPE]
        .iter()
        .filter(|s| !flags.has(s.name))
        .map(|s| s.name)
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "Missing required option(s): {}",
            missing.join(", ")
        ));
    }
    let exclusive = [TOPIC, ALL_TOPIC_PARTITIONS, PATH_TO_JSON_FILE];
    if exclusive.iter().filter(|s| flags.has(s.name)).count() != 1 {
        return Err(format!(
            "One and only one of the following options is required: {}",
            exclusive.map(|s| s.name).join(", ")
        ));
    }
    if flags.has(TOPIC.name) && !flags.has(PARTITION.name) {
        return Err(format!("Missing required option(s): {}", PARTITION.name));
    }
    if !flags.has(TOPIC.name) && flags.has(PARTITION.name) {
        return Err(format!(
            "Option {} is only allowed if {} is used",
            PARTITION.name, TOPIC.name
        ));
    }
    Ok(())
}
