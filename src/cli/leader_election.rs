//! `kafka-leader-election.sh`: preferred and unclean leader elections, as Kafka 4.0's
//! `org.apache.kafka.tools.LeaderElectionCommand` runs them (ElectLeaders, KIP-460).
//!
//! Output, as the tool prints it on stdout: `Successfully completed leader election
//! (PREFERRED) for partitions t-0, t-1`, `Valid replica already elected for partitions t-2`
//! (the partitions answered `ELECTION_NOT_NEEDED`), and per failed partition `Error completing
//! leader election (UNCLEAN) for partition: t-0: <exception>`. Each list is a Java `HashSet`
//! printed in its iteration order ([`java_hash_map`]). With `--all-topic-partitions` the
//! controller leaves out the partitions that need no election, so nothing may be printed.
//!
//! Every failure reaches `mainNoExit`'s `catch (Throwable e)`: `e.getMessage()` on stderr,
//! then the stack trace (kplay prints its first line, `e.toString()`), status 1. That covers
//! joptsimple's refusals, `validate`'s `AdminCommandFailedException`s, a bad
//! `--election-type` (`joptsimple.OptionArgumentConversionException`, read case-insensitively
//! by `EnumConverter`), the JSON file's errors, and `N replica(s) could not be elected` after
//! the per-partition lines. No argument or `--help` prints the help screen through
//! `CommandLineUtils.printUsageAndExit` (status 1).
//!
//! `--path-to-json-file` and `--admin.config` are read through [`Files`] (a `write-file`, or
//! a real file in the native binary); the admin client's settings are not needed.

pub mod options;

use crate::cli::delete_records::offset_json::{
    self, as_object, field, to_int, to_string, JavaException,
};
use crate::cli::flags::{FlagError, Flags};
use crate::cli::java_hash_map::{default_capacity, iteration_order, topic_partition_hash};
use crate::cli::joptsimple;
use crate::cli::output::CommandOutput;
use crate::cli::topics::version_line;
use crate::cli::vfs::Files;
use crate::engine::api_error::ApiError;
use crate::engine::cluster::Cluster;
use crate::engine::error_code::ErrorCode;
use crate::engine::replication::Election;
use crate::engine::topic_partition::TopicPartition;
use crate::storage::SegmentStorage;
use options::*;
use serde_json::Value;

/// `maybePrintHelpOrVersion`'s message.
pub const HELP_MESSAGE: &str = "This tool attempts to elect a new leader for a set of topic partitions. The type of elections supported are preferred replicas and unclean replicas.";

const ADMIN_COMMAND_FAILED: &str = "org.apache.kafka.server.common.AdminCommandFailedException";

/// How the run ended when it did not succeed.
enum Failure {
    /// `printUsageAndExit`: the message and the help screen on stderr.
    Usage(String),
    /// A `Throwable` caught by `mainNoExit`: its class and message.
    Thrown { class: String, message: String },
}

impl Failure {
    fn admin_command(message: String) -> Failure {
        Failure::Thrown {
            class: ADMIN_COMMAND_FAILED.into(),
            message,
        }
    }
}

impl From<FlagError> for Failure {
    fn from(e: FlagError) -> Failure {
        Failure::Thrown {
            class: joptsimple::exception_class(&e).into(),
            message: joptsimple::message(&e),
        }
    }
}

/// A `RuntimeException` wrapping a checked exception: its message is the cause's `toString()`.
fn runtime(cause: impl std::fmt::Display) -> Failure {
    Failure::Thrown {
        class: "java.lang.RuntimeException".into(),
        message: cause.to_string(),
    }
}

/// Runs `kafka-leader-election.sh` with `args`.
pub fn run<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    args: &[String],
    files: Files<'_>,
    now_ms: i64,
) -> CommandOutput {
    let mut out = CommandOutput::default();
    match execute(cluster, args, files, now_ms, &mut out) {
        Ok(()) => {}
        Err(Failure::Usage(message)) => {
            out.err(message);
            out.stderr.extend(joptsimple::help_screen(&help_options()));
            out.exit_code = 1;
        }
        Err(Failure::Thrown { class, message }) => {
            out.err(message.clone());
            out.err(format!("{class}: {message}"));
            out.exit_code = 1;
        }
    }
    out
}

/// `LeaderElectionCommand.run`.
fn execute<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    args: &[String],
    files: Files<'_>,
    now_ms: i64,
    out: &mut CommandOutput,
) -> Result<(), Failure> {
    let flags = joptsimple::parse(SPECS, args)?.flags;
    if args.is_empty() || flags.has(HELP.name) {
        return Err(Failure::Usage(HELP_MESSAGE.into()));
    }
    if flags.has(VERSION.name) {
        out.out(version_line());
        return Ok(());
    }
    validate(&flags).map_err(Failure::admin_command)?;
    let election = election_type(&flags)?;
    let read = |path: &str| files.read_to_string(path).map_err(runtime);
    let from_file = match flags.value(&PATH_TO_JSON_FILE)? {
        Some(path) => Some(parse_election_data(&read(path)?)?),
        None => None,
    };
    let single = match (flags.value(&TOPIC)?, partition(&flags)?) {
        (Some(topic), Some(partition)) => Some(vec![TopicPartition::new(topic, partition)]),
        _ => None,
    };
    let partitions = from_file.or(single);
    if let Some(config) = flags.value(&ADMIN_CONFIG)? {
        read(config)?;
        out.err(format!(
            "kplay: --admin.config {config} was read; the playground's admin client needs none of its settings"
        ));
    }
    let results = cluster.elect_leaders(election, partitions, now_ms);
    print_results(election, &results, out)
}

/// `options.valueOf(electionType)` through `ElectionTypeConverter` (`EnumConverter`: the
/// constant's name, case ignored).
fn election_type(flags: &Flags) -> Result<Election, Failure> {
    let value = flags
        .value(&ELECTION_TYPE)?
        .expect("validate checked that --election-type is given");
    match value.to_ascii_uppercase().as_str() {
        "PREFERRED" => Ok(Election::Preferred),
        "UNCLEAN" => Ok(Election::Unclean),
        _ => Err(FlagError::InvalidValue {
            name: ELECTION_TYPE.name,
            value: value.to_string(),
            reason: "Value is not one of [PREFERRED,UNCLEAN]".into(),
        }
        .into()),
    }
}

/// `--partition`, an `Integer` option.
fn partition(flags: &Flags) -> Result<Option<i32>, Failure> {
    Ok(flags.number::<i32>(&PARTITION)?)
}

/// `ElectionType.toString()`.
fn election_name(election: Election) -> &'static str {
    match election {
        Election::Preferred => "PREFERRED",
        Election::Unclean | Election::Online => "UNCLEAN",
    }
}

/// `LeaderElectionCommand.electLeaders`: sorts the answers into succeeded, not needed and
/// failed, each a `HashSet`/`HashMap` filled in the order the admin client's result map
/// iterates.
fn print_results(
    election: Election,
    results: &[(TopicPartition, Result<(), ApiError>)],
    out: &mut CommandOutput,
) -> Result<(), Failure> {
    let answered: Vec<&(TopicPartition, Result<(), ApiError>)> =
        hash_order(results.iter().map(|(tp, _)| tp))
            .into_iter()
            .map(|i| &results[i])
            .collect();
    let mut succeeded = Vec::new();
    let mut noop = Vec::new();
    let mut failed = Vec::new();
    for entry @ (tp, result) in answered {
        match result {
            Ok(()) => succeeded.push(tp),
            Err(e) if e.code == ErrorCode::ElectionNotNeeded => noop.push(tp),
            Err(_) => failed.push(entry),
        }
    }
    let listed = |tps: &[&TopicPartition]| -> String {
        hash_order(tps.iter().copied())
            .into_iter()
            .map(|i| tps[i].to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let name = election_name(election);
    if !succeeded.is_empty() {
        out.out(format!(
            "Successfully completed leader election ({name}) for partitions {}",
            listed(&succeeded)
        ));
    }
    if !noop.is_empty() {
        out.out(format!(
            "Valid replica already elected for partitions {}",
            listed(&noop)
        ));
    }
    if failed.is_empty() {
        return Ok(());
    }
    for i in hash_order(failed.iter().map(|(tp, _)| tp)) {
        let (tp, result) = failed[i];
        let e = result.as_ref().expect_err("only failures were kept");
        out.out(format!(
            "Error completing leader election ({name}) for partition: {tp}: {}: {}",
            crate::cli::configs::service::exception_class(e.code),
            e.message
        ));
    }
    Err(Failure::admin_command(format!(
        "{} replica(s) could not be elected",
        failed.len()
    )))
}

/// The order a `new HashMap<TopicPartition, _>()` (or `HashSet`) filled with these keys, in
/// this order, iterates them.
fn hash_order<'a>(tps: impl Iterator<Item = &'a TopicPartition>) -> Vec<usize> {
    let hashes: Vec<i32> = tps
        .map(|tp| topic_partition_hash(&tp.topic, tp.partition))
        .collect();
    iteration_order(&hashes, default_capacity(hashes.len()))
}

/// `parseReplicaElectionData`: `{"partitions": [{"topic": "t", "partition": 0}, ...]}`.
fn parse_election_data(json: &str) -> Result<Vec<TopicPartition>, Failure> {
    let Some(js) = parse_full(json) else {
        return Err(Failure::Thrown {
            class: offset_json::ADMIN_OPERATION.into(),
            message: "Replica election data is empty".into(),
        });
    };
    let mapping = |e: JavaException| runtime(e);
    let obj = as_object(&js).map_err(mapping)?;
    let Some(list) = obj.get("partitions") else {
        return Err(Failure::Thrown {
            class: offset_json::ADMIN_OPERATION.into(),
            message: "Replica election data is missing \"partitions\" field".into(),
        });
    };
    let list = list.as_array().ok_or_else(|| {
        runtime(JavaException {
            class: offset_json::JSON_MAPPING,
            message: format!("Expected JSON array, received {list}"),
        })
    })?;
    let mut partitions = Vec::new();
    for p in list {
        let p = as_object(p).map_err(mapping)?;
        let topic = to_string(field(p, "topic").map_err(mapping)?).map_err(mapping)?;
        let partition = to_int(field(p, "partition").map_err(mapping)?).map_err(mapping)?;
        partitions.push(TopicPartition::new(&topic, partition));
    }
    let duplicates: Vec<&TopicPartition> = partitions
        .iter()
        .enumerate()
        .filter(|(i, tp)| partitions[..*i].contains(tp))
        .map(|(_, tp)| tp)
        .fold(Vec::new(), |mut acc, tp| {
            if !acc.contains(&tp) {
                acc.push(tp);
            }
            acc
        });
    if !duplicates.is_empty() {
        // `Set.toString()`: `[t-0, t-1]`, in hash order.
        let shown: Vec<String> = hash_order(duplicates.iter().copied())
            .into_iter()
            .map(|i| duplicates[i].to_string())
            .collect();
        return Err(Failure::Thrown {
            class: offset_json::ADMIN_OPERATION.into(),
            message: format!(
                "Replica election data contains duplicate partitions: [{}]",
                shown.join(", ")
            ),
        });
    }
    Ok(partitions)
}

/// `Json.parseFull`: the first JSON value of the text (Jackson's `readTree` ignores what
/// follows), `None` when the text is empty or not JSON.
pub(crate) fn parse_full(json: &str) -> Option<Value> {
    if json.trim().is_empty() {
        return None;
    }
    match serde_json::Deserializer::from_str(json)
        .into_iter::<Value>()
        .next()
    {
        Some(Ok(v)) => Some(v),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thrown(r: Result<Vec<TopicPartition>, Failure>) -> String {
        match r {
            Err(Failure::Thrown { class, message }) => format!("{class}: {message}"),
            Err(Failure::Usage(m)) => panic!("usage {m}"),
            Ok(v) => panic!("parsed {v:?}"),
        }
    }

    #[test]
    fn reads_the_election_file_as_kafka_does() {
        let tps = parse_election_data(
            r#"{"partitions": [{"topic": "t", "partition": 1}, {"topic": "u", "partition": 0}]}"#,
        )
        .unwrap_or_else(|_| panic!("a valid file"));
        assert_eq!(
            tps,
            vec![TopicPartition::new("t", 1), TopicPartition::new("u", 0)]
        );
        assert_eq!(
            thrown(parse_election_data("nope")),
            "org.apache.kafka.server.common.AdminOperationException: Replica election data is empty"
        );
        assert_eq!(
            thrown(parse_election_data("{}")),
            "org.apache.kafka.server.common.AdminOperationException: Replica election data is missing \"partitions\" field"
        );
        assert_eq!(
            thrown(parse_election_data(r#"{"partitions": [{"topic": "t"}]}"#)),
            "java.lang.RuntimeException: com.fasterxml.jackson.databind.JsonMappingException: No such field exists: `partition`"
        );
        assert_eq!(
            thrown(parse_election_data(
                r#"{"partitions": [{"topic": "t", "partition": 1}, {"topic": "t", "partition": 1}]}"#
            )),
            "org.apache.kafka.server.common.AdminOperationException: Replica election data contains duplicate partitions: [t-1]"
        );
    }
}
