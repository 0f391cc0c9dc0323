//! `DeleteRecordsCommand.DeleteRecordsCommandOptions`: kafka-delete-records' flags and help.

use crate::cli::flags::{flag, FlagSpec};
use crate::cli::joptsimple::{ArgHelp, HelpOption};

pub const HELP: FlagSpec = flag!("help", false, "Print usage information.");
pub const VERSION: FlagSpec = flag!("version", false, "Display Kafka version.");
pub const BOOTSTRAP_SERVER: FlagSpec = flag!(
    "bootstrap-server",
    true,
    "REQUIRED: The server to connect to."
);
pub const OFFSET_JSON_FILE: FlagSpec = flag!(
    "offset-json-file",
    true,
    "REQUIRED: The JSON file with offset per partition. The format to use is:\n{\"partitions\":\n  [{\"topic\": \"foo\", \"partition\": 1, \"offset\": 1}],\n \"version\":1\n}"
);
pub const COMMAND_CONFIG: FlagSpec = flag!(
    "command-config",
    true,
    "A property file containing configs to be passed to Admin Client."
);

pub const SPECS: &[FlagSpec] = &[
    HELP,
    VERSION,
    BOOTSTRAP_SERVER,
    OFFSET_JSON_FILE,
    COMMAND_CONFIG,
];

fn arg_help(name: &str) -> Option<ArgHelp> {
    let described_as = match name {
        "bootstrap-server" => "server(s) to use for bootstrapping",
        "offset-json-file" => "Offset json file path",
        "command-config" => "command config property file path",
        _ => return None,
    };
    Some(ArgHelp {
        type_name: "String",
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
