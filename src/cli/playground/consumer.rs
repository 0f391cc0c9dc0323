//! `consumer start <group> <topic>[,<topic>...] [--processing-ms N] [config=value ...]` and
//! `consumer stop <job>|all`: a background consumer in a group, polling in a loop and spending
//! `N` ms of simulated time on every record it gets (0 by default), through a real playground
//! consumer (the profile's defaults plus the configs given, e.g.
//! `partition.assignment.strategy=cooperative-sticky`), until stopped (`close()`: it commits
//! with auto-commit and leaves the group). Several of them make a group with live members;
//! a processing time longer than `max.poll.interval.ms` allows makes one leave.
//! `consumer freeze <job>` stops its process (no polls, no heartbeats: the coordinator drops
//! it after `session.timeout.ms`) and `consumer thaw <job>` lets it run again.

use super::Command;
use crate::cli::jobs::{JobKind, Jobs};
use crate::cli::output::CommandOutput;
use crate::engine::playground::Playground;
use crate::storage::SegmentStorage;

pub const COMMAND: Command = Command {
    name: "consumer",
    args: "start <group> <topics> [opts] | stop|freeze|thaw <job>",
    summary: "a background consumer in a group on the simulated clock; opts: --processing-ms N (work per record, default 0), consumer configs k=v; `stop all` stops every one; freeze stops its process (no polls, no heartbeats) until thaw",
};

/// The most simulated time a background consumer may spend on one record.
pub const MAX_PROCESSING_MS: i64 = 3_600_000;

pub fn run<S: SegmentStorage>(
    playground: &mut Playground<S>,
    jobs: &mut Jobs,
    args: &[String],
    now_ms: i64,
) -> CommandOutput {
    match args.split_first() {
        Some((verb, rest)) if verb == "start" => start(playground, jobs, rest, now_ms),
        Some((verb, [which])) if verb == "stop" => stop(playground, jobs, which, now_ms),
        Some((verb, [which])) if verb == "freeze" || verb == "thaw" => {
            match jobs.set_frozen(playground, which, verb == "freeze", now_ms) {
                Ok(line) => {
                    let mut out = CommandOutput::default();
                    out.out(line);
                    out
                }
                Err(e) => CommandOutput::failure(e),
            }
        }
        _ => super::usage(
            &COMMAND,
            "needs `start <group> <topics> ...`, `stop <job>|all` or `freeze|thaw <job>`",
        ),
    }
}

fn start<S: SegmentStorage>(
    playground: &mut Playground<S>,
    jobs: &mut Jobs,
    args: &[String],
    now_ms: i64,
) -> CommandOutput {
    let [group, topics, rest @ ..] = args else {
        return super::usage(&COMMAND, "start needs a group and its topics");
    };
    let topics: Vec<String> = topics
        .split(',')
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect();
    let mut processing_ms = 0;
    let mut configs: Vec<(String, String)> = vec![("group.id".into(), group.clone())];
    let mut words = rest.iter();
    while let Some(word) = words.next() {
        match word.as_str() {
            "--processing-ms" => match words.next().and_then(|v| v.parse::<i64>().ok()) {
                Some(ms) if (0..=MAX_PROCESSING_MS).contains(&ms) => processing_ms = ms,
                _ => {
                    return super::usage(
                        &COMMAND,
                        &format!("--processing-ms needs milliseconds, 0 to {MAX_PROCESSING_MS}"),
                    )
                }
            },
            kv => match kv.split_once('=') {
                Some(("group.id", _)) => {
                    return super::usage(&COMMAND, "the group is the first argument, not group.id=")
                }
                Some((k, v)) => configs.push((k.to_owned(), v.to_owned())),
                None => {
                    return super::usage(
                        &COMMAND,
                        &format!("`{kv}` is neither an option nor a consumer config k=v"),
                    )
                }
            },
        }
    }
    let pairs: Vec<(&str, &str)> = configs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let consumer = match playground.create_consumer(&pairs, now_ms) {
        Ok(c) => c,
        Err(e) => return CommandOutput::failure(format!("consumer: {e}")),
    };
    let topic_refs: Vec<&str> = topics.iter().map(String::as_str).collect();
    if let Err(e) = playground.subscribe(consumer, &topic_refs, now_ms) {
        let _ = playground.close_consumer(consumer, now_ms);
        return CommandOutput::failure(format!("consumer: {e}"));
    }
    let client_id = playground
        .consumer(consumer)
        .map(|c| c.client_id().to_owned())
        .unwrap_or_default();
    match jobs.add_consumer(consumer, group, &topics, processing_ms, now_ms) {
        Ok(job) => {
            let mut out = CommandOutput::default();
            out.out(format!(
                "background consumer {} ({client_id}) joins group {group} reading {} ({processing_ms} ms per record); `consumer stop {}` stops it",
                job.job,
                topics.join(","),
                job.job
            ));
            out
        }
        Err(e) => {
            let _ = playground.close_consumer(consumer, now_ms);
            CommandOutput::failure(format!("consumer: {e}"))
        }
    }
}

fn stop<S: SegmentStorage>(
    playground: &mut Playground<S>,
    jobs: &mut Jobs,
    which: &str,
    now_ms: i64,
) -> CommandOutput {
    match jobs.stop(playground, JobKind::Consumer, which, now_ms) {
        Ok(lines) => CommandOutput {
            stdout: lines,
            ..CommandOutput::default()
        },
        Err(e) => CommandOutput::failure(e),
    }
}
