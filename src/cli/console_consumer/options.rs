//! `ConsoleConsumerOptions`: kafka-console-consumer's flags and their help (Kafka 4.0).

use crate::cli::flags::{flag, FlagSpec};
use crate::cli::joptsimple::{ArgHelp, HelpOption};

pub const HELP: FlagSpec = flag!("help", false, "Print usage information.");
pub const VERSION: FlagSpec = flag!("version", false, "Display Kafka version.");
pub const TOPIC: FlagSpec = flag!("topic", true, "The topic to consume on.");
pub const INCLUDE: FlagSpec = flag!(
    "include",
    true,
    "Regular expression specifying list of topics to include for consumption."
);
pub const PARTITION: FlagSpec = flag!(
    "partition",
    true,
    "The partition to consume from. Consumption starts from the end of the partition unless '--offset' is specified."
);
pub const OFFSET: FlagSpec = flag!(
    "offset",
    true,
    "The offset to consume from (a non-negative number), or 'earliest' which means from beginning, or 'latest' which means from end"
);
pub const CONSUMER_PROPERTY: FlagSpec = flag!(
    "consumer-property",
    true,
    "A mechanism to pass user-defined properties in the form key=value to the consumer."
);
pub const CONSUMER_CONFIG: FlagSpec = flag!(
    "consumer.config",
    true,
    "Consumer config properties file. Note that [consumer-property] takes precedence over this config."
);
pub const FORMATTER: FlagSpec = flag!(
    "formatter",
    true,
    "The name of a class to use for formatting kafka messages for display."
);
pub const PROPERTY: FlagSpec = flag!(
    "property",
    true,
    "The properties to initialize the message formatter. Default properties include: \n print.timestamp=true|false\n print.key=true|false\n print.offset=true|false\n print.partition=true|false\n print.headers=true|false\n print.value=true|false\n key.separator=<key.separator>\n line.separator=<line.separator>\n headers.separator=<line.separator>\n null.literal=<null.literal>\n key.deserializer=<key.deserializer>\n value.deserializer=<value.deserializer>\n header.deserializer=<header.deserializer>\n\nUsers can also pass in customized properties for their formatter; more specifically, users can pass in properties keyed with 'key.deserializer.', 'value.deserializer.' and 'headers.deserializer.' prefixes to configure their deserializers."
);
pub const FORMATTER_CONFIG: FlagSpec = flag!(
    "formatter-config",
    true,
    "Config properties file to initialize the message formatter. Note that [property] takes precedence over this config."
);
pub const FROM_BEGINNING: FlagSpec = flag!(
    "from-beginning",
    false,
    "If the consumer does not already have an established offset to consume from, start with the earliest message present in the log rather than the latest message."
);
pub const MAX_MESSAGES: FlagSpec = flag!(
    "max-messages",
    true,
    "The maximum number of messages to consume before exiting. If not set, consumption is continual."
);
pub const TIMEOUT_MS: FlagSpec = flag!(
    "timeout-ms",
    true,
    "If specified, exit if no message is available for consumption for the specified interval."
);
pub const SKIP_MESSAGE_ON_ERROR: FlagSpec = flag!(
    "skip-message-on-error",
    false,
    "If there is an error when processing a message, skip it instead of halt."
);
pub const BOOTSTRAP_SERVER: FlagSpec = flag!(
    "bootstrap-server",
    true,
    "REQUIRED: The server(s) to connect to."
);
pub const KEY_DESERIALIZER: FlagSpec = flag!("key-deserializer", true, "");
pub const VALUE_DESERIALIZER: FlagSpec = flag!("value-deserializer", true, "");
pub const ENABLE_SYSTEST_EVENTS: FlagSpec = flag!(
    "enable-systest-events",
    false,
    "Log lifecycle events of the consumer in addition to logging consumed messages. (This is specific for system tests.)"
);
pub const ISOLATION_LEVEL: FlagSpec = flag!(
    "isolation-level",
    true,
    "Set to read_committed in order to filter out transactional messages which are not committed. Set to read_uncommitted to read all messages."
);
pub const GROUP: FlagSpec = flag!("group", true, "The consumer group id of the consumer.");

pub const SPECS: &[FlagSpec] = &[
    HELP,
    VERSION,
    TOPIC,
    INCLUDE,
    PARTITION,
    OFFSET,
    CONSUMER_PROPERTY,
    CONSUMER_CONFIG,
    FORMATTER,
    PROPERTY,
    FORMATTER_CONFIG,
    FROM_BEGINNING,
    MAX_MESSAGES,
    TIMEOUT_MS,
    SKIP_MESSAGE_ON_ERROR,
    BOOTSTRAP_SERVER,
    KEY_DESERIALIZER,
    VALUE_DESERIALIZER,
    ENABLE_SYSTEST_EVENTS,
    ISOLATION_LEVEL,
    GROUP,
];

/// `DefaultMessageFormatter`'s class, `--formatter`'s default (the only formatter kplay has).
pub const DEFAULT_MESSAGE_FORMATTER: &str =
    "org.apache.kafka.tools.consumer.DefaultMessageFormatter";

fn arg_help(name: &str) -> Option<ArgHelp> {
    let (type_name, described_as) = match name {
        "topic" => ("String", "topic"),
        "include" => ("String", "Java regex (String)"),
        "partition" => ("Integer", "partition"),
        "offset" => ("String", "consume offset"),
        "consumer-property" => ("String", "consumer_prop"),
        "consumer.config" => ("String", "config file"),
        "formatter" => ("String", "class"),
        "property" => ("String", "prop"),
        "formatter-config" => ("String", "config file"),
        "max-messages" => ("Integer", "num_messages"),
        "timeout-ms" => ("Long", "timeout_ms"),
        "bootstrap-server" => ("String", "server to connect to"),
        "key-deserializer" => ("String", "deserializer for key"),
        "value-deserializer" => ("String", "deserializer for values"),
        "isolation-level" => ("String", ""),
        "group" => ("String", "consumer group id"),
        _ => return None,
    };
    Some(ArgHelp {
        type_name,
        described_as,
    })
}

/// The options as `parser.printHelpOn` lists them, defaults shown as joptsimple does.
pub fn help_options() -> Vec<HelpOption> {
    SPECS
        .iter()
        .map(|spec| HelpOption {
            name: spec.name,
            arg: arg_help(spec.name),
            description: match spec.name {
                "offset" => format!("{} (default: latest)", spec.help),
                "formatter" => format!("{} (default: {DEFAULT_MESSAGE_FORMATTER})", spec.help),
                "isolation-level" => format!("{} (default: read_uncommitted)", spec.help),
                _ => spec.help.to_string(),
            },
        })
        .collect()
}
