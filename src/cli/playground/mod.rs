//! kplay's own playground commands — **not Kafka's tools** — one file per command.
//!
//! They do what a learner at a real cluster would do outside Kafka's `bin/`: look at the
//! clock, let time pass so retention and the log cleaner run, look at the segment files on
//! disk, stop, crash or cut off a broker, write a file for a tool to read. `help` lists them
//! beside Kafka's tools. Their output is kplay's own wording; nothing here imitates a Kafka
//! tool.

pub mod advance;
pub mod broker;
pub mod clock;
pub mod consumer;
pub mod duration;
pub mod help;
pub mod jobs;
pub mod producer;
pub mod segments;
pub mod sleep;
pub mod time_format;
pub mod write_file;

use crate::cli::jobs::Jobs;
use crate::cli::output::CommandOutput;
use crate::cli::vfs::Vfs;
use crate::engine::playground::Playground;
use crate::storage::SegmentStorage;

/// One playground command, as `help` lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Command {
    pub name: &'static str,
    /// The arguments it takes, for the usage line.
    pub args: &'static str,
    /// One line saying what it does.
    pub summary: &'static str,
}

/// Every playground command, in the order `help` lists them.
pub const COMMANDS: &[Command] = &[
    help::COMMAND,
    clock::COMMAND,
    advance::COMMAND,
    sleep::COMMAND,
    segments::COMMAND,
    broker::COMMAND,
    producer::COMMAND,
    consumer::COMMAND,
    jobs::COMMAND,
    write_file::COMMAND,
];

/// What a playground command asks of the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Output(CommandOutput),
    /// `write-file`: take the following lines, up to a line equal to `marker`, as `path`.
    CollectFile {
        path: String,
        marker: String,
    },
}

/// Runs `name` if it is a playground command (`None` otherwise).
pub fn run<S: SegmentStorage>(
    name: &str,
    args: &[String],
    playground: &mut Playground<S>,
    jobs: &mut Jobs,
    vfs: &Vfs,
    now_ms: i64,
) -> Option<Outcome> {
    let out = match name {
        "help" => help::run(args, vfs),
        "clock" => clock::run(playground, args),
        "advance" => advance::run(playground, jobs, args, now_ms),
        "sleep" => sleep::run(playground, jobs, args, now_ms),
        "producer" => producer::run(playground, jobs, args, now_ms),
        "consumer" => consumer::run(playground, jobs, args, now_ms),
        "jobs" => jobs::run(playground, jobs, args),
        "segments" => segments::run(playground.cluster(), args),
        "broker" => broker::run(playground, args, now_ms),
        "write-file" => return Some(write_file::run(args)),
        _ => return None,
    };
    Some(Outcome::Output(out))
}

/// A playground command's usage complaint: `<name>: <problem>` and the usage line, status 2
/// (a shell builtin's convention for bad usage).
pub fn usage(command: &Command, problem: &str) -> CommandOutput {
    CommandOutput {
        stdout: Vec::new(),
        stderr: vec![
            format!("{}: {problem}", command.name),
            format!("usage: {} {}", command.name, command.args),
        ],
        exit_code: 2,
    }
}

/// Moves the playground's clock to `now_ms + ms`, running everything that falls due on the
/// way at its own instant (retention checks, the log cleaner, the coordinators' timers, the
/// clients' lingering batches and retries, the background producers and consumers), as a
/// cluster would have while that time passed. Returns the new time.
pub fn pass_time<S: SegmentStorage>(
    playground: &mut Playground<S>,
    jobs: &mut Jobs,
    now_ms: i64,
    ms: i64,
) -> i64 {
    let start = now_ms.max(playground.now_ms());
    let target = start.saturating_add(ms);
    jobs.pass_time(playground, target);
    target
}
