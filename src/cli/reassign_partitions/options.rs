//! `ReassignPartitionsCommandOptions` (Kafka 4.0): kafka-reassign-partitions' flags, their
//! help, and `validateAndParseArgs`'s checks (one action, `--bootstrap-server`, each action's
//! required and permitted options).

use crate::cli::flags::{flag, FlagSpec, Flags};
use crate::cli::joptsimple::{spec_string, ArgHelp, HelpOption};

pub const HELP: FlagSpec = flag!("help", false, "Print usage information.");
pub const VERSION: FlagSpec = flag!("version", false, "Display Kafka version.");
pub const VERIFY: FlagSpec = flag!(
    "verify",
    false,
    "Verify if the reassignment completed as specified by the --reassignment-json-file option. If there is a throttle engaged for the replicas specified, and the rebalance has completed, the throttle will be removed"
);
pub const GENERATE: FlagSpec = flag!(
    "generate",
    false,
    "Generate a candidate partition reassignment configuration. Note that this only generates a candidate assignment, it does not execute it."
);
pub const EXECUTE: FlagSpec = flag!(
    "execute",
    false,
    "Kick off the reassignment as specified by the --reassignment-json-file option."
);
pub const CANCEL: FlagSpec = flag!("cancel", false, "Cancel an active reassignment.");
pub const LIST: FlagSpec = flag!("list", false, "List all active partition reassignments.");
pub const BOOTSTRAP_SERVER: FlagSpec = flag!(
    "bootstrap-server",
    true,
    "REQUIRED: the server(s) to use for bootstrapping."
);
pub const COMMAND_CONFIG: FlagSpec = flag!(
    "command-config",
    true,
    "Property file containing configs to be passed to Admin Client."
);
pub const REASSIGNMENT_JSON_FILE: FlagSpec = flag!(
    "reassignment-json-file",
    true,
    "The JSON file with the partition reassignment configurationThe format to use is - \n{\"partitions\":\n\t[{\"topic\": \"foo\",\n\t  \"partition\": 1,\n\t  \"replicas\": [1,2,3],\n\t  \"log_dirs\": [\"dir1\",\"dir2\",\"dir3\"] }],\n\"version\":1\n}\nNote that \"log_dirs\" is optional. When it is specified, its length must equal the length of the replicas list. The value in this list can be either \"any\" or the absolution path of the log directory on the broker. If absolute log directory path is specified, the replica will be moved to the specified log directory on the broker."
);
pub const TOPICS_TO_MOVE_JSON_FILE: FlagSpec = flag!(
    "topics-to-move-json-file",
    true,
    "Generate a reassignment configuration to move the partitions of the specified topics to the list of brokers specified by the --broker-list option. The format to use is - \n{\"topics\":\n\t[{\"topic\": \"foo\"},{\"topic\": \"foo1\"}],\n\"version\":1\n}"
);
pub const BROKER_LIST: FlagSpec = flag!(
    "broker-list",
    true,
    "The list of brokers to which the partitions need to be reassigned in the form \"0,1,2\". This is required if --topics-to-move-json-file is used to generate reassignment configuration"
);
pub const DISABLE_RACK_AWARE: FlagSpec = flag!(
    "disable-rack-aware",
    false,
    "Disable rack aware replica assignment"
);
pub const THROTTLE: FlagSpec = flag!(
    "throttle",
    true,
    "The movement of partitions between brokers will be throttled to this value (bytes/sec). This option can be included with --execute when a reassignment is started, and it can be altered by resubmitting the current reassignment along with the --additional flag. The throttle rate should be at least 1 KB/s."
);
pub const REPLICA_ALTER_LOG_DIRS_THROTTLE: FlagSpec = flag!(
    "replica-alter-log-dirs-throttle",
    true,
    "The movement of replicas between log directories on the same broker will be throttled to this value (bytes/sec). This option can be included with --execute when a reassignment is started, and it can be altered by resubmitting the current reassignment along with the --additional flag. The throttle rate should be at least 1 KB/s."
);
pub const TIMEOUT: FlagSpec = flag!(
    "timeout",
    true,
    "The maximum time in ms to wait for log directory replica assignment to begin."
);
pub const ADDITIONAL: FlagSpec = flag!(
    "additional",
    false,
    "Execute this reassignment in addition to any other ongoing ones. This option can also be used to change the throttle of an ongoing reassignment."
);
pub const PRESERVE_THROTTLES: FlagSpec = flag!(
    "preserve-throttles",
    false,
    "Do not modify broker or topic throttles."
);

pub const SPECS: &[FlagSpec] = &[
    HELP,
    VERSION,
    VERIFY,
    GENERATE,
    EXECUTE,
    CANCEL,
    LIST,
    BOOTSTRAP_SERVER,
    COMMAND_CONFIG,
    REASSIGNMENT_JSON_FILE,
    TOPICS_TO_MOVE_JSON_FILE,
    BROKER_LIST,
    DISABLE_RACK_AWARE,
    THROTTLE,
    REPLICA_ALTER_LOG_DIRS_THROTTLE,
    TIMEOUT,
    ADDITIONAL,
    PRESERVE_THROTTLES,
];

/// The actions, in the order `validateAndParseArgs` names them.
pub const ACTIONS: [FlagSpec; 5] = [GENERATE, EXECUTE, VERIFY, CANCEL, LIST];

fn arg_help(name: &str) -> Option<ArgHelp> {
    let (type_name, described_as) = match name {
        "bootstrap-server" => ("String", "Server(s) to use for bootstrapping"),
        "command-config" => ("String", "Admin client property file"),
        "reassignment-json-file" => ("String", "manual assignment json file path"),
        "topics-to-move-json-file" => ("String", "topics to reassign json file path"),
        "broker-list" => ("String", "brokerlist"),
        "throttle" => ("Long", "throttle"),
        "replica-alter-log-dirs-throttle" => ("Long", "replicaAlterLogDirsThrottle"),
        "timeout" => ("Long", "timeout"),
        _ => return None,
    };
    Some(ArgHelp {
        type_name,
        described_as,
    })
}

/// The help screen's options; `defaultsTo` shows as `(default: …)` after the description.
pub fn help_options() -> Vec<HelpOption> {
    SPECS
        .iter()
        .map(|spec| {
            let default = match spec.name {
                "throttle" | "replica-alter-log-dirs-throttle" => " (default: -1)",
                "timeout" => " (default: 10000)",
                _ => "",
            };
            HelpOption {
                name: spec.name,
                arg: arg_help(spec.name),
                description: format!("{}{default}", spec.help),
            }
        })
        .collect()
}

/// `validateAndParseArgs` after help and version: the action, or the usage message.
/// `order` holds the options in the order the command line gave them (`OptionSet.specs()`).
pub fn check(flags: &Flags, order: &[&'static str]) -> Result<FlagSpec, String> {
    let given: Vec<FlagSpec> = ACTIONS
        .iter()
        .copied()
        .filter(|a| flags.has(a.name))
        .collect();
    let [action] = given.as_slice() else {
        return Err(format!(
            "Command must include exactly one action: {}",
            ACTIONS
                .iter()
                .map(|a| format!("--{}", a.name))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    };
    if !flags.has(BOOTSTRAP_SERVER.name) {
        return Err("Please specify --bootstrap-server".into());
    }
    let (required, permitted): (&[FlagSpec], &[FlagSpec]) = match action.name {
        "verify" => (
            &[REASSIGNMENT_JSON_FILE],
            &[BOOTSTRAP_SERVER, COMMAND_CONFIG, PRESERVE_THROTTLES],
        ),
        "generate" => (
            &[TOPICS_TO_MOVE_JSON_FILE, BROKER_LIST],
            &[
                BOOTSTRAP_SERVER,
                BROKER_LIST,
                COMMAND_CONFIG,
                DISABLE_RACK_AWARE,
            ],
        ),
        "execute" => (
            &[REASSIGNMENT_JSON_FILE],
            &[
                ADDITIONAL,
                BOOTSTRAP_SERVER,
                COMMAND_CONFIG,
                THROTTLE,
                REPLICA_ALTER_LOG_DIRS_THROTTLE,
                TIMEOUT,
            ],
        ),
        "cancel" => (
            &[REASSIGNMENT_JSON_FILE],
            &[
                BOOTSTRAP_SERVER,
                COMMAND_CONFIG,
                PRESERVE_THROTTLES,
                TIMEOUT,
            ],
        ),
        _ => (&[], &[BOOTSTRAP_SERVER, COMMAND_CONFIG]),
    };
    // `CommandLineUtils.checkRequiredArgs`.
    if let Some(missing) = required.iter().find(|r| !flags.has(r.name)) {
        return Err(format!(
            "Missing required argument \"{}\"",
            spec_string(missing.name)
        ));
    }
    for name in order {
        let allowed = *name == action.name
            || required.iter().any(|r| r.name == *name)
            || permitted.iter().any(|p| p.name == *name);
        if !allowed {
            return Err(format!(
                "Option \"{}\" can't be used with action \"{}\"",
                spec_string(name),
                spec_string(action.name)
            ));
        }
    }
    Ok(*action)
}

/// The options of `words` in the order joptsimple detects them, each once.
pub fn detection_order(words: &[String]) -> Vec<&'static str> {
    let mut order: Vec<&'static str> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if word == "--" {
            break;
        }
        let body = match word.strip_prefix("--").or_else(|| word.strip_prefix('-')) {
            Some(b) if !b.is_empty() => b,
            _ => continue,
        };
        let (name, inline) = match body.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (body, None),
        };
        let Some(spec) = SPECS.iter().find(|s| s.name == name) else {
            continue;
        };
        if spec.takes_value && inline.is_none_or(str::is_empty) {
            i += 1;
        }
        if !order.contains(&spec.name) {
            order.push(spec.name);
        }
    }
    order
}
