//! `producer start <topic> [--rate N] [--keys PREFIX:COUNT] [config=value ...]` and
//! `producer stop <job>|all`: a background producer sending `N` records a second (10 by
//! default) of simulated time, with null keys or keys `PREFIX0`…`PREFIX{COUNT-1}` in turn,
//! through a real playground producer (the profile's defaults plus the configs given), until
//! stopped (`close()`: what was sent is still delivered).

use super::Command;
use crate::cli::jobs::{JobKind, Jobs, Keys, MAX_RATE_PER_S};
use crate::cli::output::CommandOutput;
use crate::engine::playground::Playground;
use crate::storage::SegmentStorage;

pub const COMMAND: Command = Command {
    name: "producer",
    args: "start <topic> [opts] | stop <job>|all",
    summary: "a background producer on the simulated clock; opts: --rate N (records/s, default 10), --keys P:N (keys P0..P{N-1}; default null), producer configs k=v",
};

/// Records a second when `--rate` is not given.
pub const DEFAULT_RATE_PER_S: u32 = 10;

pub fn run<S: SegmentStorage>(
    playground: &mut Playground<S>,
    jobs: &mut Jobs,
    args: &[String],
    now_ms: i64,
) -> CommandOutput {
    match args.split_first() {
        Some((verb, rest)) if verb == "start" => start(playground, jobs, rest, now_ms),
        Some((verb, [which])) if verb == "stop" => stop(playground, jobs, which, now_ms),
        _ => super::usage(&COMMAND, "needs `start <topic> ...` or `stop <job>|all`"),
    }
}

fn start<S: SegmentStorage>(
    playground: &mut Playground<S>,
    jobs: &mut Jobs,
    args: &[String],
    now_ms: i64,
) -> CommandOutput {
    let Some((topic, rest)) = args.split_first() else {
        return super::usage(&COMMAND, "start needs a topic");
    };
    let mut rate = DEFAULT_RATE_PER_S;
    let mut keys = Keys::None;
    let mut configs: Vec<(String, String)> = Vec::new();
    let mut words = rest.iter();
    while let Some(word) = words.next() {
        match word.as_str() {
            "--rate" => match words.next().and_then(|v| v.parse::<u32>().ok()) {
                Some(r) if (1..=MAX_RATE_PER_S).contains(&r) => rate = r,
                _ => {
                    return super::usage(
                        &COMMAND,
                        &format!(
                            "--rate needs a number of records a second, 1 to {MAX_RATE_PER_S}"
                        ),
                    )
                }
            },
            "--keys" => {
                let parsed = words.next().and_then(|v| {
                    let (prefix, count) = v.rsplit_once(':')?;
                    let count = count.parse::<u32>().ok().filter(|c| *c > 0)?;
                    Some(Keys::Cycle {
                        prefix: prefix.to_owned(),
                        count,
                    })
                });
                match parsed {
                    Some(k) => keys = k,
                    None => {
                        return super::usage(
                            &COMMAND,
                            "--keys needs PREFIX:COUNT, e.g. user-:5 for user-0..user-4",
                        )
                    }
                }
            }
            kv => match kv.split_once('=') {
                Some((k, v)) => configs.push((k.to_owned(), v.to_owned())),
                None => {
                    return super::usage(
                        &COMMAND,
                        &format!("`{kv}` is neither an option nor a producer config k=v"),
                    )
                }
            },
        }
    }
    let pairs: Vec<(&str, &str)> = configs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let producer = match playground.create_producer(&pairs, now_ms) {
        Ok(p) => p,
        Err(e) => return CommandOutput::failure(format!("producer: {e}")),
    };
    let client_id = playground
        .producer(producer)
        .map(|p| p.client_id().to_owned())
        .unwrap_or_default();
    match jobs.add_producer(producer, topic, rate, keys, now_ms) {
        Ok(job) => {
            let mut out = CommandOutput::default();
            out.out(format!(
                "background producer {} ({client_id}) sends {rate} records/s to {topic} with {}; `producer stop {}` stops it",
                job.job,
                job.keys.describe(),
                job.job
            ));
            out
        }
        Err(e) => {
            let _ = playground.close_producer(producer, now_ms);
            CommandOutput::failure(format!("producer: {e}"))
        }
    }
}

fn stop<S: SegmentStorage>(
    playground: &mut Playground<S>,
    jobs: &mut Jobs,
    which: &str,
    now_ms: i64,
) -> CommandOutput {
    match jobs.stop(playground, JobKind::Producer, which, now_ms) {
        Ok(lines) => CommandOutput {
            stdout: lines,
            ..CommandOutput::default()
        },
        Err(e) => CommandOutput::failure(e),
    }
}
