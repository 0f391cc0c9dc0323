//! `kafka-delete-records.sh --offset-json-file <file>`: moves partitions' log start offsets
//! up, as Kafka's `org.apache.kafka.tools.DeleteRecordsCommand` does.
//!
//! Output, as the tool prints it: `Executing records delete operation`, `Records delete
//! operation completed:`, then per partition `partition: t-0\tlow_watermark: 5` or
//! `partition: t-0\terror: <exception>`, in the iteration order of the admin client's result
//! map (a Java `HashMap` keyed by `TopicPartition`, see [`java_hash_map`]). An offset of `-1`
//! deletes up to the high watermark.
//!
//! The tool's `main` catches nothing: a joptsimple error, a missing file, a bad JSON or a
//! duplicate partition ends it with the JVM's `Exception in thread "main" <class>: <message>`
//! on stderr and status 1 (Kafka then prints the stack trace; kplay prints the first line).
//! No argument or `--help`, and a missing required option, go through
//! `CommandLineUtils.printUsageAndExit`: the message and the help screen on stderr, status 1.
//!
//! The file is read through [`Files`]: a file written with the playground's `write-file`, or
//! (native binary) a real file. `--command-config` must be readable too; its settings are not
//! needed. A partition kplay does not have answers `UnknownTopicOrPartitionException` at once
//! (Kafka's admin client keeps retrying its metadata lookup until `default.api.timeout.ms`
//! and then reports a `TimeoutException`).

pub mod offset_json;
pub mod options;

use crate::cli::configs::service::exception_class;
use crate::cli::java_hash_map::{default_capacity, iteration_order, topic_partition_hash};
use crate::cli::joptsimple;
use crate::cli::output::CommandOutput;
use crate::cli::topics::version_line;
use crate::cli::vfs::Files;
use crate::engine::cluster::Cluster;
use crate::engine::error_code::ErrorCode;
use crate::engine::topic_partition::TopicPartition;
use crate::storage::SegmentStorage;
use options::*;

/// `maybePrintHelpOrVersion`'s message.
pub const HELP_MESSAGE: &str =
    "This tool helps to delete records of the given partitions down to the specified offset.";

/// How the run ended when it did not succeed.
enum Failure {
    /// `printUsageAndExit`.
    Usage(String),
    /// An uncaught exception: `class: message`.
    Uncaught(String),
}

/// Runs `kafka-delete-records.sh` with `args`.
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
        Err(Failure::Uncaught(exception)) => {
            out.err(format!("Exception in thread \"main\" {exception}"));
            out.exit_code = 1;
        }
    }
    out
}

fn jopt(e: crate::cli::flags::FlagError) -> Failure {
    Failure::Uncaught(format!(
        "{}: {}",
        joptsimple::exception_class(&e),
        joptsimple::message(&e)
    ))
}

fn execute<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    args: &[String],
    files: Files<'_>,
    now_ms: i64,
    out: &mut CommandOutput,
) -> Result<(), Failure> {
    let flags = joptsimple::parse(SPECS, args).map_err(jopt)?.flags;
    if args.is_empty() || flags.has(HELP.name) {
        return Err(Failure::Usage(HELP_MESSAGE.into()));
    }
    if flags.has(VERSION.name) {
        out.out(version_line());
        return Ok(());
    }
    for required in [BOOTSTRAP_SERVER, OFFSET_JSON_FILE] {
        if !flags.has(required.name) {
            return Err(Failure::Usage(format!(
                "Missing required argument \"{}\"",
                joptsimple::spec_string(required.name)
            )));
        }
    }
    let read = |path: &str| {
        files
            .read_to_string(path)
            .map_err(|e| Failure::Uncaught(e.to_string()))
    };
    // `createAdminClient` loads the command config first.
    if let Some(config) = flags.value(&COMMAND_CONFIG).map_err(jopt)? {
        read(config)?;
        out.err(format!(
            "kplay: --command-config {config} was read; the playground's admin client needs none of its settings"
        ));
    }
    let path = flags
        .value(&OFFSET_JSON_FILE)
        .map_err(jopt)?
        .expect("checked as required above");
    let json = read(path)?;
    let entries = offset_json::parse(&json).map_err(|e| Failure::Uncaught(e.to_string()))?;

    // `offsetSeq`: first offset per partition, in file order; any partition given twice fails.
    let mut partitions: Vec<(TopicPartition, i64)> = Vec::new();
    let mut duplicates: Vec<TopicPartition> = Vec::new();
    for entry in entries {
        let tp = TopicPartition::new(&entry.topic, entry.partition);
        if partitions.iter().any(|(p, _)| *p == tp) {
            if !duplicates.contains(&tp) {
                duplicates.push(tp);
            }
        } else {
            partitions.push((tp, entry.offset));
        }
    }
    if !duplicates.is_empty() {
        let listed: Vec<String> = hash_order(&duplicates)
            .into_iter()
            .map(|i| duplicates[i].to_string())
            .collect();
        return Err(Failure::Uncaught(format!(
            "org.apache.kafka.server.common.AdminCommandFailedException: Offset json file contains duplicate topic partitions: {}",
            listed.join(",")
        )));
    }

    out.out("Executing records delete operation");
    let results: Vec<Result<i64, ErrorCode>> = partitions
        .iter()
        .map(|(tp, offset)| {
            cluster
                .delete_records(tp, *offset, now_ms)
                .map_err(|e| e.code)
        })
        .collect();
    out.out("Records delete operation completed:");
    let tps: Vec<TopicPartition> = partitions.iter().map(|(tp, _)| tp.clone()).collect();
    for i in hash_order(&tps) {
        let tp = &tps[i];
        match &results[i] {
            Ok(low_watermark) => {
                out.out(format!("partition: {tp}\tlow_watermark: {low_watermark}"))
            }
            // `error.exception()`: the error's default message; `ExecutionException.getMessage()`
            // is the cause's `toString()`.
            Err(code) => out.out(format!(
                "partition: {tp}\terror: {}: {}",
                exception_class(*code),
                code.doc()
            )),
        }
    }
    Ok(())
}

/// The order a Java `HashMap<TopicPartition, _>` filled with `tps` iterates them.
fn hash_order(tps: &[TopicPartition]) -> Vec<usize> {
    let hashes: Vec<i32> = tps
        .iter()
        .map(|tp| topic_partition_hash(&tp.topic, tp.partition))
        .collect();
    iteration_order(&hashes, default_capacity(tps.len()))
}
