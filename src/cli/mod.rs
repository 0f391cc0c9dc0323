//! Kafka's command-line tools against the engine.
//!
//! A line goes through three steps, each in its own place: [`tokenize`] splits it as a shell
//! would; stage one ([`flags`]) checks the words against the tool's flags as joptsimple does;
//! stage two (each tool's module) turns them into typed arguments and calls the [`Cluster`],
//! and renders the answer in the tool's own output format. The browser terminal and the
//! native `kplay-cli` binary run lines through a [`Shell`] (which adds kplay's own playground
//! commands and the files `write-file` makes); [`run_line`] is a one-off session.

pub mod configs;
pub mod console_consumer;
pub mod console_producer;
pub mod consumer_groups;
pub mod delete_records;
pub mod dump_log;
pub mod flags;
pub mod get_offsets;
pub mod java_hash_map;
pub mod java_properties;
pub mod jobs;
pub use crate::engine::java_regex;
pub mod joptsimple;
pub mod leader_election;
pub mod log4j;
pub mod output;
pub mod playground;
pub mod reassign_partitions;
pub mod shell;
pub mod tokenize;
pub mod topics;
pub mod vfs;

pub use output::CommandOutput;
pub use shell::Shell;

use crate::engine::cluster::Cluster;
use crate::engine::playground::Playground;
use crate::storage::SegmentStorage;
use vfs::Files;

/// The tools kplay knows, by the name their script has in Kafka's `bin/`.
pub const TOOLS: &[&str] = &[
    "kafka-topics",
    "kafka-configs",
    "kafka-console-producer",
    "kafka-console-consumer",
    "kafka-consumer-groups",
    "kafka-get-offsets",
    "kafka-delete-records",
    "kafka-dump-log",
    "kafka-leader-election",
    "kafka-reassign-partitions",
];

/// Runs one command line against `playground` at simulated time `now_ms`, in a fresh
/// [`Shell`] (no files survive it; a tool reading standard input gets none).
pub fn run_line<S: SegmentStorage>(
    playground: &mut Playground<S>,
    line: &str,
    now_ms: i64,
) -> CommandOutput {
    let mut shell = Shell::new().run_tools_to_end();
    let mut out = shell.run_line(playground, line, now_ms);
    let rest = shell.end_input(playground, now_ms);
    out.stdout.extend(rest.stdout);
    out.stderr.extend(rest.stderr);
    out.exit_code = out.exit_code.max(rest.exit_code);
    out
}

/// A tool's name without its directory and `.sh`: `bin/kafka-topics.sh` → `kafka-topics`.
pub fn tool_name(program: &str) -> &str {
    let name = program.rsplit('/').next().unwrap_or(program);
    name.strip_suffix(".sh").unwrap_or(name)
}

/// Runs the Kafka tool `program` (`bin/kafka-topics.sh`, `kafka-topics.sh` or `kafka-topics`)
/// with `args`.
pub fn run_tool<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    program: &str,
    args: &[String],
    files: Files<'_>,
    now_ms: i64,
) -> CommandOutput {
    let name = program.rsplit('/').next().unwrap_or(program);
    match tool_name(program) {
        "kafka-topics" => topics::run(cluster, args, now_ms),
        "kafka-configs" => configs::run(cluster, args, now_ms),
        "kafka-get-offsets" => get_offsets::run(cluster, args, files),
        "kafka-delete-records" => delete_records::run(cluster, args, files, now_ms),
        "kafka-dump-log" => dump_log::run(cluster, args),
        "kafka-leader-election" => leader_election::run(cluster, args, files, now_ms),
        "kafka-reassign-partitions" => reassign_partitions::run(cluster, args, files, now_ms),
        "kafka-console-producer" | "kafka-console-consumer" => CommandOutput::failure(format!(
            "{name}: runs on the playground's clients; run it in a terminal session (Shell)"
        )),
        "kafka-consumer-groups" => consumer_groups::run(cluster, args, files, now_ms),
        _ => CommandOutput {
            stdout: Vec::new(),
            stderr: vec![format!(
                "{name}: command not found (kplay knows: {}; `help` lists kplay's playground commands)",
                TOOLS
                    .iter()
                    .map(|t| format!("{t}.sh"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )],
            exit_code: 127,
        },
    }
}
