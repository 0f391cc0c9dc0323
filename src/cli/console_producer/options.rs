//! `ConsoleProducer.ConsoleProducerConfig`: kafka-console-producer's flags, their defaults and
//! their help (Kafka 4.0).

use crate::cli::flags::{flag, FlagSpec};
use crate::cli::joptsimple::{ArgHelp, HelpOption};
use crate::engine::profile::VersionProfile;

pub const HELP: FlagSpec = flag!("help", false, "Print usage information.");
pub const VERSION: FlagSpec = flag!("version", false, "Display Kafka version.");
pub const TOPIC: FlagSpec = flag!(
    "topic",
    true,
    "REQUIRED: The topic id to produce messages to."
);
pub const BROKER_LIST: FlagSpec = flag!(
    "broker-list",
    true,
    "DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified.  The broker list string in the form HOST1:PORT1,HOST2:PORT2."
);
pub const BOOTSTRAP_SERVER: FlagSpec = flag!(
    "bootstrap-server",
    true,
    "REQUIRED unless --broker-list(deprecated) is specified. The server(s) to connect to. The broker list string in the form HOST1:PORT1,HOST2:PORT2."
);
pub const SYNC: FlagSpec = flag!(
    "sync",
    false,
    "If set message send requests to the brokers are synchronously, one at a time as they arrive."
);
pub const COMPRESSION_CODEC: FlagSpec = flag!(
    "compression-codec",
    true,
    "The compression codec: either 'none', 'gzip', 'snappy', 'lz4', or 'zstd'.If specified without value, then it defaults to 'gzip'"
);
pub const BATCH_SIZE: FlagSpec = flag!(
    "batch-size",
    true,
    "Number of messages to send in a single batch if they are not being sent synchronously. please note that this option will be replaced if max-partition-memory-bytes is also set"
);
pub const MESSAGE_SEND_MAX_RETRIES: FlagSpec = flag!(
    "message-send-max-retries",
    true,
    "Brokers can fail receiving the message for multiple reasons, and being unavailable transiently is just one of them. This property specifies the number of retries before the producer give up and drop this message. This is the option to control `retries` in producer configs."
);
pub const RETRY_BACKOFF_MS: FlagSpec = flag!(
    "retry-backoff-ms",
    true,
    "Before each retry, the producer refreshes the metadata of relevant topics. Since leader election takes a bit of time, this property specifies the amount of time that the producer waits before refreshing the metadata. This is the option to control `retry.backoff.ms` in producer configs."
);
pub const TIMEOUT: FlagSpec = flag!(
    "timeout",
    true,
    "If set and the producer is running in asynchronous mode, this gives the maximum amount of time a message will queue awaiting sufficient batch size. The value is given in ms. This is the option to control `linger.ms` in producer configs."
);
pub const REQUEST_REQUIRED_ACKS: FlagSpec = flag!(
    "request-required-acks",
    true,
    "The required `acks` of the producer requests"
);
pub const REQUEST_TIMEOUT_MS: FlagSpec = flag!(
    "request-timeout-ms",
    true,
    "The ack timeout of the producer requests. Value must be non-negative and non-zero."
);
pub const METADATA_EXPIRY_MS: FlagSpec = flag!(
    "metadata-expiry-ms",
    true,
    "The period of time in milliseconds after which we force a refresh of metadata even if we haven't seen any leadership changes. This is the option to control `metadata.max.age.ms` in producer configs."
);
pub const MAX_BLOCK_MS: FlagSpec = flag!(
    "max-block-ms",
    true,
    "The max time that the producer will block for during a send request."
);
pub const MAX_MEMORY_BYTES: FlagSpec = flag!(
    "max-memory-bytes",
    true,
    "The total memory used by the producer to buffer records waiting to be sent to the server. This is the option to control `buffer.memory` in producer configs."
);
pub const MAX_PARTITION_MEMORY_BYTES: FlagSpec = flag!(
    "max-partition-memory-bytes",
    true,
    "The buffer size allocated for a partition. When records are received which are smaller than this size the producer will attempt to optimistically group them together until this size is reached. This is the option to control `batch.size` in producer configs."
);
pub const LINE_READER: FlagSpec = flag!(
    "line-reader",
    true,
    "The class name of the class to use for reading lines from standard in. By default each line is read as a separate message."
);
pub const SOCKET_BUFFER_SIZE: FlagSpec = flag!(
    "socket-buffer-size",
    true,
    "The size of the tcp RECV size. This is the option to control `send.buffer.bytes` in producer configs."
);
pub const PROPERTY: FlagSpec = flag!(
    "property",
    true,
    "A mechanism to pass user-defined properties in the form key=value to the message reader. This allows custom configuration for a user-defined message reader.Default properties include:\n parse.key=false\n parse.headers=false\n ignore.error=false\n key.separator=\\t\n headers.delimiter=\\t\n headers.separator=,\n headers.key.separator=:\n null.marker=   When set, any fields (key, value and headers) equal to this will be replaced by null\nDefault parsing pattern when:\n parse.headers=true and parse.key=true:\n  \"h1:v1,h2:v2...\\tkey\\tvalue\"\n parse.key=true:\n  \"key\\tvalue\"\n parse.headers=true:\n  \"h1:v1,h2:v2...\\tvalue\""
);
pub const READER_CONFIG: FlagSpec = flag!(
    "reader-config",
    true,
    "Config properties file for the message reader. Note that [property] takes precedence over this config."
);
pub const PRODUCER_PROPERTY: FlagSpec = flag!(
    "producer-property",
    true,
    "A mechanism to pass user-defined properties in the form key=value to the producer. "
);
pub const PRODUCER_CONFIG: FlagSpec = flag!(
    "producer.config",
    true,
    "Producer config properties file. Note that [producer-property] takes precedence over this config."
);

pub const SPECS: &[FlagSpec] = &[
    HELP,
    VERSION,
    TOPIC,
    BROKER_LIST,
    BOOTSTRAP_SERVER,
    SYNC,
    COMPRESSION_CODEC,
    BATCH_SIZE,
    MESSAGE_SEND_MAX_RETRIES,
    RETRY_BACKOFF_MS,
    TIMEOUT,
    REQUEST_REQUIRED_ACKS,
    REQUEST_TIMEOUT_MS,
    METADATA_EXPIRY_MS,
    MAX_BLOCK_MS,
    MAX_MEMORY_BYTES,
    MAX_PARTITION_MEMORY_BYTES,
    LINE_READER,
    SOCKET_BUFFER_SIZE,
    PROPERTY,
    READER_CONFIG,
    PRODUCER_PROPERTY,
    PRODUCER_CONFIG,
];

/// The options that take an optional argument (`withOptionalArg`).
pub const OPTIONAL_ARG: &[FlagSpec] = &[COMPRESSION_CODEC];

/// `LineMessageReader`'s class name, `--line-reader`'s default (the only reader kplay has).
pub const LINE_MESSAGE_READER: &str = "org.apache.kafka.tools.LineMessageReader";

/// `--request-required-acks`' default: `"-1"` since Kafka 3.0 made the producer's defaults
/// strong; Kafka 2.5's `ConsoleProducer.scala` had `"1"`.
pub fn acks_default(profile: VersionProfile) -> &'static str {
    match profile {
        VersionProfile::Kafka2_5 => "1",
        VersionProfile::Kafka4x => "-1",
    }
}

/// The producer configs a flag sets when it is given, or when the configs so far lack the
/// key (`CommandLineUtils.maybeMergeOptions`), with the flag's default.
pub fn merged_producer_options(
    profile: VersionProfile,
) -> [(FlagSpec, &'static str, &'static str); 11] {
    [
        (TIMEOUT, "linger.ms", "1000"),
        (REQUEST_REQUIRED_ACKS, "acks", acks_default(profile)),
        (REQUEST_TIMEOUT_MS, "request.timeout.ms", "1500"),
        (MESSAGE_SEND_MAX_RETRIES, "retries", "3"),
        (RETRY_BACKOFF_MS, "retry.backoff.ms", "100"),
        (SOCKET_BUFFER_SIZE, "send.buffer.bytes", "102400"),
        (MAX_MEMORY_BYTES, "buffer.memory", "33554432"),
        (BATCH_SIZE, "batch.size", "16384"),
        (MAX_PARTITION_MEMORY_BYTES, "batch.size", "16384"),
        (METADATA_EXPIRY_MS, "metadata.max.age.ms", "300000"),
        (MAX_BLOCK_MS, "max.block.ms", "60000"),
    ]
}

fn arg_help(name: &str) -> Option<ArgHelp> {
    let (type_name, described_as) = match name {
        "topic" => ("String", "topic"),
        "broker-list" => ("String", "broker-list"),
        "bootstrap-server" => ("String", "server to connect to"),
        "compression-codec" => ("String", "compression-codec"),
        "batch-size" => ("Integer", "size"),
        "message-send-max-retries" => ("Integer", ""),
        "retry-backoff-ms" => ("Long", ""),
        "timeout" => ("Long", "timeout_ms"),
        "request-required-acks" => ("String", "request required acks"),
        "request-timeout-ms" => ("Integer", "request timeout ms"),
        "metadata-expiry-ms" => ("Long", "metadata expiration interval"),
        "max-block-ms" => ("Long", "max block on send"),
        "max-memory-bytes" => ("Long", "total memory in bytes"),
        "max-partition-memory-bytes" => ("Integer", "memory in bytes per partition"),
        "line-reader" => ("String", "reader_class"),
        "socket-buffer-size" => ("Integer", "size"),
        "property" => ("String", "prop"),
        "reader-config" => ("String", "config file"),
        "producer-property" => ("String", "producer_prop"),
        "producer.config" => ("String", "config file"),
        _ => return None,
    };
    Some(ArgHelp {
        type_name,
        described_as,
    })
}

/// The options as `parser.printHelpOn` lists them, defaults shown as joptsimple does.
pub fn help_options(profile: VersionProfile) -> Vec<HelpOption> {
    let default = |name: &str| -> Option<&'static str> {
        Some(match name {
            "batch-size" | "max-partition-memory-bytes" => "16384",
            "message-send-max-retries" => "3",
            "retry-backoff-ms" => "100",
            "timeout" => "1000",
            "request-required-acks" => acks_default(profile),
            "request-timeout-ms" => "1500",
            "metadata-expiry-ms" => "300000",
            "max-block-ms" => "60000",
            "max-memory-bytes" => "33554432",
            "line-reader" => LINE_MESSAGE_READER,
            "socket-buffer-size" => "102400",
            _ => return None,
        })
    };
    SPECS
        .iter()
        .map(|spec| HelpOption {
            name: spec.name,
            arg: arg_help(spec.name),
            description: match default(spec.name) {
                Some(d) => format!("{} (default: {d})", spec.help),
                None => spec.help.to_string(),
            },
        })
        .collect()
}
