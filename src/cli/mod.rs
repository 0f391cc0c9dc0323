//! Kafka's command-line tools against the engine.
//!
//! A line goes through three steps, each in its own place: [`tokenize`] splits it as a shell
//! would; stage one ([`flags`]) checks the words against the tool's flags as joptsimple does;
//! stage two (each tool's module) turns them into typed arguments and calls the [`Cluster`],
//! and renders the answer in the tool's own output format. The browser terminal and the
//! native `kplay-cli` binary both call [`run_line`].

pub mod configs;
pub mod flags;
pub mod java_regex;
pub mod joptsimple;
pub mod output;
pub mod tokenize;
pub mod topics;

pub use output::CommandOutput;

use crate::engine::cluster::Cluster;
use crate::storage::SegmentStorage;

/// The tools kplay knows, by the name their script has in Kafka's `bin/`.
pub const TOOLS: &[&str] = &["kafka-topics", "kafka-configs"];

/// Runs one command line against `cluster` at simulated time `now_ms`.
pub fn run_line<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    line: &str,
    now_ms: i64,
) -> CommandOutput {
    let words = match tokenize::tokenize(line) {
        Ok(words) => words,
        Err(e) => return CommandOutput::failure(format!("kplay: {e}")),
    };
    let Some((program, args)) = words.split_first() else {
        return CommandOutput::default();
    };
    // `bin/kafka-topics.sh`, `./kafka-topics.sh` and `kafka-topics` all name the same tool.
    let name = program.rsplit('/').next().unwrap_or(program);
    let tool = name.strip_suffix(".sh").unwrap_or(name);
    match tool {
        "kafka-topics" => topics::run(cluster, args, now_ms),
        "kafka-configs" => configs::run(cluster, args, now_ms),
        _ => CommandOutput {
            stdout: Vec::new(),
            stderr: vec![format!(
                "{name}: command not found (kplay knows: {})",
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
