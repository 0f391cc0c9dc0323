//! `jobs`: the session's background producers and consumers, with what each has done and,
//! for consumers, their group membership and assignment as the client sees it.

use super::Command;
use crate::cli::jobs::{Jobs, MAX_JOBS};
use crate::cli::output::CommandOutput;
use crate::engine::playground::Playground;
use crate::storage::SegmentStorage;

pub const COMMAND: Command = Command {
    name: "jobs",
    args: "",
    summary: "list the background producers and consumers",
};

pub fn run<S: SegmentStorage>(
    playground: &Playground<S>,
    jobs: &Jobs,
    args: &[String],
) -> CommandOutput {
    if !args.is_empty() {
        return super::usage(&COMMAND, "takes no arguments");
    }
    let mut out = CommandOutput::default();
    if jobs.is_empty() {
        out.out(format!(
            "no background clients (at most {MAX_JOBS}); start one with `producer start` or `consumer start`"
        ));
        return out;
    }
    for p in jobs.producers() {
        let client = playground
            .producer(p.producer)
            .map_or("?", |c| c.client_id());
        out.out(format!(
            "producer {}  {client}  topic {}  {}  {}  sent {}{}",
            p.job,
            p.topic,
            p.interval_ms().map_or_else(
                || format!("{} records/s", p.rate_per_s),
                |ms| format!("every {ms} ms")
            ),
            p.keys.describe(),
            p.sent,
            if p.failed > 0 {
                format!("  refused {}", p.failed)
            } else {
                String::new()
            }
        ));
    }
    for c in jobs.consumers() {
        let (client, assignment) = match playground.consumer(c.consumer) {
            Some(consumer) => {
                let mut parts: Vec<String> = consumer
                    .assignment()
                    .iter()
                    .map(|tp| tp.to_string())
                    .collect();
                crate::sort::sort(&mut parts);
                (
                    consumer.client_id().to_owned(),
                    if parts.is_empty() {
                        "none (idle)".to_owned()
                    } else {
                        parts.join(",")
                    },
                )
            }
            None => ("?".to_owned(), "?".to_owned()),
        };
        out.out(format!(
            "consumer {}  {client}  group {}  topics {}  {} ms/record  consumed {}  assigned {assignment}{}{}",
            c.job,
            c.group,
            c.topics.join(","),
            c.processing_ms,
            c.consumed,
            if c.frozen { "  FROZEN" } else { "" },
            c.last_error
                .as_ref()
                .map(|e| format!("  last error: {e}"))
                .unwrap_or_default()
        ));
    }
    out
}
