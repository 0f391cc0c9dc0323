//! `GetOffsetShell.GetOffsetShellOptions`: kafka-get-offsets' flags and their help.

use crate::cli::flags::{flag, FlagSpec};
use crate::cli::joptsimple::{ArgHelp, HelpOption};

pub const HELP: FlagSpec = flag!("help", false, "Print usage information.");
pub const VERSION: FlagSpec = flag!("version", false, "Display Kafka version.");
pub const BOOTSTRAP_SERVER: FlagSpec = flag!(
    "bootstrap-server",
    true,
    "REQUIRED. The server(s) to connect to in the form HOST1:PORT1,HOST2:PORT2."
);
pub const TOPIC_PARTITIONS: FlagSpec = flag!(
    "topic-partitions",
    true,
    "Comma separated list of topic-partition patterns to get the offsets for, with the format of '([^:,]*)(?::(?:([0-9]*)|(?:([0-9]*)-([0-9]*))))?'. The first group is an optional regex for the topic name, if omitted, it matches any topic name. The section after ':' describes a 'partition' pattern, which can be: a number, a range in the format of 'NUMBER-NUMBER' (lower inclusive, upper exclusive), an inclusive lower bound in the format of 'NUMBER-', an exclusive upper bound in the format of '-NUMBER' or may be omitted to accept all partitions."
);
pub const TOPIC: FlagSpec = flag!(
    "topic",
    true,
    "The topic to get the offsets for. It also accepts a regular expression. If not present, all authorized topics are queried. Cannot be used if --topic-partitions is present."
);
pub const PARTITIONS: FlagSpec = flag!(
    "partitions",
    true,
    "Comma separated list of partition ids to get the offsets for. If not present, all partitions of the authorized topics are queried. Cannot be used if --topic-partitions is present."
);
pub const TIME: FlagSpec = flag!(
    "time",
    true,
    "timestamp of the offsets before that. [Note: No offset is returned, if the timestamp greater than recently committed record timestamp is given.]"
);
pub const COMMAND_CONFIG: FlagSpec = flag!(
    "command-config",
    true,
    "Property file containing configs to be passed to Admin Client."
);
pub const EXCLUDE_INTERNAL_TOPICS: FlagSpec = flag!(
    "exclude-internal-topics",
    false,
    "By default, internal topics are included. If specified, internal topics are excluded."
);

pub const SPECS: &[FlagSpec] = &[
    HELP,
    VERSION,
    BOOTSTRAP_SERVER,
    TOPIC_PARTITIONS,
    TOPIC,
    PARTITIONS,
    TIME,
    COMMAND_CONFIG,
    EXCLUDE_INTERNAL_TOPICS,
];

/// `--time`'s `defaultsTo("latest")`.
pub const TIME_DEFAULT: &str = "latest";

fn arg_help(name: &str) -> Option<ArgHelp> {
    let described_as = match name {
        "bootstrap-server" => "HOST1:PORT1,...,HOST3:PORT3",
        "topic-partitions" => "topic1:1,topic2:0-3,topic3,topic4:5-,topic5:-3",
        "topic" => "topic",
        "partitions" => "partition ids",
        "time" => "<timestamp> / -1 or latest / -2 or earliest / -3 or max-timestamp / -4 or earliest-local / -5 or latest-tiered",
        "command-config" => "config file",
        _ => return None,
    };
    Some(ArgHelp {
        type_name: "String",
        described_as,
    })
}

/// The options as `parser.printHelpOn` lists them; `--time` shows its default as joptsimple's
/// `BuiltinHelpFormatter` does.
pub fn help_options() -> Vec<HelpOption> {
    SPECS
        .iter()
        .map(|spec| HelpOption {
            name: spec.name,
            arg: arg_help(spec.name),
            description: if spec.name == TIME.name {
                format!("{} (default: {TIME_DEFAULT})", spec.help)
            } else {
                spec.help.to_string()
            },
        })
        .collect()
}
