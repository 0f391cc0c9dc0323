//! `DumpLogSegments.DumpLogSegmentsOptions`: kafka-dump-log's flags and their help.
//!
//! `--value-decoder-class` and `--key-decoder-class` take an *optional* argument in Kafka
//! (`withOptionalArg`); kplay reads them as taking one, and knows only the `StringDecoder`.

use crate::cli::flags::{flag, FlagSpec};
use crate::cli::joptsimple::{ArgHelp, HelpOption};

pub const HELP: FlagSpec = flag!("help", false, "Print usage information.");
pub const VERSION: FlagSpec = flag!("version", false, "Display Kafka version.");
pub const PRINT_DATA_LOG: FlagSpec = flag!(
    "print-data-log",
    false,
    "If set, printing the messages content when dumping data logs. Automatically set if any decoder option is specified."
);
pub const VERIFY_INDEX_ONLY: FlagSpec = flag!(
    "verify-index-only",
    false,
    "If set, just verify the index log without printing its content."
);
pub const INDEX_SANITY_CHECK: FlagSpec = flag!(
    "index-sanity-check",
    false,
    "If set, just checks the index sanity without printing its content. This is the same check that is executed on broker startup to determine if an index needs rebuilding or not."
);
pub const FILES: FlagSpec = flag!(
    "files",
    true,
    "REQUIRED: The comma separated list of data and index log files to be dumped."
);
pub const MAX_MESSAGE_SIZE: FlagSpec = flag!("max-message-size", true, "Size of largest message.");
pub const MAX_BYTES: FlagSpec = flag!(
    "max-bytes",
    true,
    "Limit the amount of total batches read in bytes avoiding reading the whole .log file(s)."
);
pub const DEEP_ITERATION: FlagSpec = flag!(
    "deep-iteration",
    false,
    "If set, uses deep instead of shallow iteration. Automatically set if print-data-log is enabled."
);
pub const VALUE_DECODER_CLASS: FlagSpec = flag!(
    "value-decoder-class",
    true,
    "If set, used to deserialize the messages. This class should implement org.apache.kafka.tools.api.Decoder trait. Custom jar should be available in kafka/libs directory."
);
pub const KEY_DECODER_CLASS: FlagSpec = flag!(
    "key-decoder-class",
    true,
    "If set, used to deserialize the keys. This class should implement org.apache.kafka.tools.api.Decoder trait. Custom jar should be available in kafka/libs directory."
);
pub const OFFSETS_DECODER: FlagSpec = flag!(
    "offsets-decoder",
    false,
    "If set, log data will be parsed as offset data from the __consumer_offsets topic."
);
pub const TRANSACTION_LOG_DECODER: FlagSpec = flag!(
    "transaction-log-decoder",
    false,
    "If set, log data will be parsed as transaction metadata from the __transaction_state topic."
);
pub const CLUSTER_METADATA_DECODER: FlagSpec = flag!(
    "cluster-metadata-decoder",
    false,
    "If set, log data will be parsed as cluster metadata records."
);
pub const REMOTE_LOG_METADATA_DECODER: FlagSpec = flag!(
    "remote-log-metadata-decoder",
    false,
    "If set, log data will be parsed as TopicBasedRemoteLogMetadataManager (RLMM) metadata records. Instead, the value-decoder-class option can be used if a custom RLMM implementation is configured."
);
pub const SKIP_RECORD_METADATA: FlagSpec = flag!(
    "skip-record-metadata",
    false,
    "Whether to skip printing metadata for each record."
);

pub const SPECS: &[FlagSpec] = &[
    HELP,
    VERSION,
    PRINT_DATA_LOG,
    VERIFY_INDEX_ONLY,
    INDEX_SANITY_CHECK,
    FILES,
    MAX_MESSAGE_SIZE,
    MAX_BYTES,
    DEEP_ITERATION,
    VALUE_DECODER_CLASS,
    KEY_DECODER_CLASS,
    OFFSETS_DECODER,
    TRANSACTION_LOG_DECODER,
    CLUSTER_METADATA_DECODER,
    REMOTE_LOG_METADATA_DECODER,
    SKIP_RECORD_METADATA,
];

/// The decoders that read an internal topic's records, which kplay does not implement.
pub const INTERNAL_DECODERS: [FlagSpec; 4] = [
    OFFSETS_DECODER,
    TRANSACTION_LOG_DECODER,
    CLUSTER_METADATA_DECODER,
    REMOTE_LOG_METADATA_DECODER,
];

/// `--max-message-size`'s default: 5 MiB.
pub const MAX_MESSAGE_SIZE_DEFAULT: i32 = 5 * 1024 * 1024;
/// `--max-bytes`' default: `Integer.MAX_VALUE`.
pub const MAX_BYTES_DEFAULT: i32 = i32::MAX;
/// `classOf[StringDecoder].getName`, the decoders' default.
pub const STRING_DECODER: &str = "org.apache.kafka.tools.api.StringDecoder";

fn arg_help(name: &str) -> Option<ArgHelp> {
    let (type_name, described_as) = match name {
        "files" => ("String", "file1, file2, ..."),
        "max-message-size" | "max-bytes" => ("Integer", "size"),
        "value-decoder-class" | "key-decoder-class" => ("String", ""),
        _ => return None,
    };
    Some(ArgHelp {
        type_name,
        described_as,
    })
}

/// The options as `parser.printHelpOn` lists them, defaults shown as joptsimple shows them.
pub fn help_options() -> Vec<HelpOption> {
    SPECS
        .iter()
        .map(|spec| {
            let default = match spec.name {
                "max-message-size" => Some(MAX_MESSAGE_SIZE_DEFAULT.to_string()),
                "max-bytes" => Some(MAX_BYTES_DEFAULT.to_string()),
                "value-decoder-class" | "key-decoder-class" => Some(STRING_DECODER.to_string()),
                _ => None,
            };
            HelpOption {
                name: spec.name,
                arg: arg_help(spec.name),
                description: match default {
                    Some(d) => format!("{} (default: {d})", spec.help),
                    None => spec.help.to_string(),
                },
            }
        })
        .collect()
}
