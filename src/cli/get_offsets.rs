//! `kafka-get-offsets.sh`: the offsets of topic-partitions at a point in time, as Kafka's
//! `org.apache.kafka.tools.GetOffsetShell` (Kafka 4.0) prints them.
//!
//! * Each partition whose offset is known prints `topic:partition:offset` on stdout, sorted by
//!   `TopicPartition.toString()` (`topic-partition`, as Java compares strings: `t-10` sorts
//!   before `t-2`). A partition without an answer (`--time` after the last record, or
//!   `latest-tiered` with no tiered storage) prints nothing.
//! * `--time`: `-1`/`latest` (the high watermark: the admin client reads `READ_UNCOMMITTED`),
//!   `-2`/`earliest` (the log start offset), `-3`/`max-timestamp`, `-4`/`earliest-local` (the
//!   local log start offset, the log start offset without tiered storage), `-5`/`latest-tiered`
//!   (none without tiered storage), or a timestamp (the first offset whose record timestamp is
//!   at or after it).
//! * `TerseException`s and other failures print `Error occurred: <message>` on stderr, status
//!   1 (Kafka adds a stack trace for the non-terse ones; kplay does not imitate it).
//!   `CommandLineUtils.printUsageAndExit` (no argument, `--help`, a missing
//!   `--bootstrap-server`, a malformed one) prints its message and the help screen on stderr,
//!   status 1, as Kafka 4.0 does even for `--help`.
//! * `--bootstrap-server` must look like `host:port` (`ToolsUtils.validateBootstrapServer`);
//!   any such address reaches the playground's one cluster. `--command-config` is read (it
//!   must exist, as `Utils.loadProps` needs it to) and its settings are not needed.

pub mod filter;
pub mod options;

use crate::cli::configs::service::exception_class;
use crate::cli::joptsimple;
use crate::cli::output::CommandOutput;
use crate::cli::topics::{version_line, Failure};
use crate::cli::vfs::Files;
use crate::engine::cluster::Cluster;
use crate::engine::log::{FetchUpperBound, OffsetSpec};
use crate::engine::topic::name;
use crate::engine::topic_partition::TopicPartition;
use crate::storage::SegmentStorage;
use options::*;

/// `GetOffsetShell.USAGE_TEXT`.
pub const USAGE_TEXT: &str = "An interactive shell for getting topic-partition offsets.";

/// The offset kinds `--time` may name, past the wire's timestamps (`OffsetSpec` factories).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeSpec {
    Engine(OffsetSpec),
    /// `OffsetSpec.earliestLocal()` (-4, KIP-1005).
    EarliestLocal,
    /// `OffsetSpec.latestTiered()` (-5, KIP-1005).
    LatestTiered,
}

/// `GetOffsetShell.parseOffsetSpec`.
pub fn parse_offset_spec(value: &str) -> Result<TimeSpec, Failure> {
    Ok(match value {
        "earliest" => TimeSpec::Engine(OffsetSpec::Earliest),
        "latest" => TimeSpec::Engine(OffsetSpec::Latest),
        "max-timestamp" => TimeSpec::Engine(OffsetSpec::MaxTimestamp),
        "earliest-local" => TimeSpec::EarliestLocal,
        "latest-tiered" => TimeSpec::LatestTiered,
        other => match other.parse::<i64>() {
            Ok(-4) => TimeSpec::EarliestLocal,
            Ok(-5) => TimeSpec::LatestTiered,
            Ok(ts) => TimeSpec::Engine(OffsetSpec::from_wire(ts)),
            Err(_) => {
                return Err(Failure::Exception(format!(
                    "Malformed time argument {other}. Please use -1 or latest / -2 or earliest / -3 or max-timestamp / -4 or earliest-local / -5 or latest-tiered, or a specified long format timestamp"
                )))
            }
        },
    })
}

/// `Utils.getPort(address) != null`: `HOST_PORT_PATTERN` `.*?\[?([0-9a-zA-Z\-%._:]*)\]?:([0-9]+)`
/// matched whole, i.e. the address ends in `:` and digits that make an `int`.
fn has_port(address: &str) -> bool {
    match address.rsplit_once(':') {
        Some((_, port)) => {
            !port.is_empty()
                && port.chars().all(|c| c.is_ascii_digit())
                && port.parse::<i32>().is_ok()
        }
        None => false,
    }
}

/// `ToolsUtils.validateBootstrapServer`: its message ends with a newline, which
/// `printUsageAndExit`'s `println` turns into an empty line.
pub(crate) fn validate_bootstrap_server(value: &str) -> Result<(), Failure> {
    if value.trim().is_empty() {
        return Err(Failure::Usage(
            "Error while validating the bootstrap address\n".into(),
        ));
    }
    let parts: Vec<&str> = if value.contains(',') {
        let mut parts: Vec<&str> = value.split(',').collect();
        while parts.len() > 1 && parts.last() == Some(&"") {
            parts.pop();
        }
        parts
    } else {
        vec![value]
    };
    if parts.iter().all(|p| has_port(p)) && !parts.is_empty() {
        Ok(())
    } else {
        Err(Failure::Usage(
            "Please provide valid host:port like host1:9091,host2:9092\n".into(),
        ))
    }
}

/// Runs `kafka-get-offsets.sh` with `args`.
pub fn run<S: SegmentStorage>(
    cluster: &Cluster<S>,
    args: &[String],
    files: Files<'_>,
) -> CommandOutput {
    let mut out = CommandOutput::default();
    match execute(cluster, args, files, &mut out) {
        Ok(()) => {}
        Err(Failure::Usage(message)) => {
            out.stderr.extend(message.split('\n').map(String::from));
            out.stderr.extend(joptsimple::help_screen(&help_options()));
            out.exit_code = 1;
        }
        Err(Failure::IllegalArgument(message) | Failure::Exception(message)) => {
            out.err(format!("Error occurred: {message}"));
            out.exit_code = 1;
        }
    }
    out
}

fn jopt(e: crate::cli::flags::FlagError) -> Failure {
    Failure::Exception(joptsimple::message(&e))
}

/// `GetOffsetShell.execute`: the options' checks, then `fetchOffsets`, then the lines.
fn execute<S: SegmentStorage>(
    cluster: &Cluster<S>,
    args: &[String],
    files: Files<'_>,
    out: &mut CommandOutput,
) -> Result<(), Failure> {
    if args.is_empty() {
        return Err(Failure::Usage(USAGE_TEXT.into()));
    }
    let flags = joptsimple::parse(SPECS, args).map_err(jopt)?.flags;
    if flags.has(HELP.name) {
        return Err(Failure::Usage(USAGE_TEXT.into()));
    }
    if flags.has(VERSION.name) {
        out.out(version_line());
        return Ok(());
    }
    let Some(bootstrap) = flags.value(&BOOTSTRAP_SERVER).map_err(jopt)? else {
        return Err(Failure::Usage(format!(
            "Missing required argument \"{}\"",
            joptsimple::spec_string(BOOTSTRAP_SERVER.name)
        )));
    };
    validate_bootstrap_server(bootstrap)?;

    // `fetchOffsets`.
    let topic_partitions = flags.value(&TOPIC_PARTITIONS).map_err(jopt)?;
    if topic_partitions.is_some() && (flags.has(TOPIC.name) || flags.has(PARTITIONS.name)) {
        return Err(Failure::Exception(
            "--topic-partitions cannot be used with --topic or --partitions".into(),
        ));
    }
    let exclude_internal = flags.has(EXCLUDE_INTERNAL_TOPICS.name);
    let time = flags.value(&TIME).map_err(jopt)?.unwrap_or(TIME_DEFAULT);
    let spec = parse_offset_spec(time)?;
    let filter = match topic_partitions {
        Some(list) => filter::with_pattern_list(list)?,
        None => filter::with_topic_and_partitions(
            flags.value(&TOPIC).map_err(jopt)?,
            flags.value(&PARTITIONS).map_err(jopt)?,
        )?,
    };
    if let Some(file) = flags.value(&COMMAND_CONFIG).map_err(jopt)? {
        match files.read(file) {
            Ok(_) => out.err(format!(
                "kplay: --command-config {file} was read; the playground's admin client needs none of its settings"
            )),
            // `Utils.loadProps` → `Files.newInputStream`: the exception's message is the path.
            Err(_) => return Err(Failure::Exception(file.to_string())),
        }
    }

    // `listPartitionInfos`: `listTopics(listInternal(!exclude))`, then each allowed topic's
    // partitions through the partition filter.
    let mut partitions: Vec<TopicPartition> = Vec::new();
    for listing in cluster.registry().list_topics() {
        if exclude_internal && name::is_internal(&listing.name) {
            continue;
        }
        if !filter.is_topic_allowed(&listing.name) {
            continue;
        }
        let Ok(meta) = cluster.registry().describe_topic(&listing.name) else {
            continue;
        };
        for p in 0..meta.partition_count() as i32 {
            if filter.is_topic_partition_allowed(&listing.name, p) {
                partitions.push(TopicPartition::new(&listing.name, p));
            }
        }
    }
    if partitions.is_empty() {
        return Err(Failure::Exception(
            "Could not match any topic-partitions with the specified filters".into(),
        ));
    }
    // `TreeMap(Comparator.comparing(TopicPartition::toString))`.
    crate::sort::sort_by_key(&mut partitions, |tp| tp.to_string());
    for tp in partitions {
        let offset = match spec {
            TimeSpec::Engine(spec) => cluster
                .list_offsets(&tp, spec, FetchUpperBound::Hw)
                .map(|found| found.map(|f| f.offset)),
            TimeSpec::EarliestLocal => cluster
                .list_offsets(&tp, OffsetSpec::Earliest, FetchUpperBound::Hw)
                .map(|found| found.map(|f| f.offset)),
            TimeSpec::LatestTiered => Ok(None),
        };
        match offset {
            // `ListOffsetsResponse.UNKNOWN_OFFSET` (-1) is not printed.
            Ok(Some(offset)) if offset != -1 => {
                out.out(format!("{}:{}:{offset}", tp.topic, tp.partition))
            }
            Ok(_) => {}
            Err(e) => out.err(format!(
                "Skip getting offsets for topic-partition {tp} due to error: {}: {}",
                exception_class(e.code),
                e.message
            )),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_arguments() {
        assert_eq!(
            parse_offset_spec("-1"),
            Ok(TimeSpec::Engine(OffsetSpec::Latest))
        );
        assert_eq!(
            parse_offset_spec("earliest"),
            Ok(TimeSpec::Engine(OffsetSpec::Earliest))
        );
        assert_eq!(
            parse_offset_spec("-3"),
            Ok(TimeSpec::Engine(OffsetSpec::MaxTimestamp))
        );
        assert_eq!(parse_offset_spec("-4"), Ok(TimeSpec::EarliestLocal));
        assert_eq!(
            parse_offset_spec("latest-tiered"),
            Ok(TimeSpec::LatestTiered)
        );
        assert_eq!(
            parse_offset_spec("1700000000000"),
            Ok(TimeSpec::Engine(OffsetSpec::Timestamp(1_700_000_000_000)))
        );
        assert!(
            matches!(parse_offset_spec("soon"), Err(Failure::Exception(m)) if m.starts_with("Malformed time argument soon. "))
        );
    }

    #[test]
    fn bootstrap_addresses() {
        assert!(validate_bootstrap_server("localhost:9092").is_ok());
        assert!(validate_bootstrap_server("a:1,[::1]:9092").is_ok());
        assert!(validate_bootstrap_server("my-kafka").is_err());
        assert!(validate_bootstrap_server("a:1,b").is_err());
        assert!(validate_bootstrap_server(" ").is_err());
        assert!(validate_bootstrap_server("a:99999999999").is_err());
    }
}
