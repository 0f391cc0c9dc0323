//! `clock`: the playground's simulated time.

use super::time_format::iso_utc;
use super::Command;
use crate::cli::output::CommandOutput;
use crate::engine::playground::Playground;
use crate::storage::SegmentStorage;

pub const COMMAND: Command = Command {
    name: "clock",
    args: "",
    summary: "show the simulated time (UTC, and epoch milliseconds as Kafka's timestamps are)",
};

pub fn run<S: SegmentStorage>(playground: &Playground<S>, args: &[String]) -> CommandOutput {
    if !args.is_empty() {
        return super::usage(&COMMAND, "takes no arguments");
    }
    let now_ms = playground.now_ms();
    let mut out = CommandOutput::default();
    out.out(format!("{} ({now_ms} ms)", iso_utc(now_ms)));
    if let Some(due_ms) = playground.poll_timeout() {
        out.out(format!(
            "next scheduled work (a client's timer, a message arriving, or broker work: retention check, log cleaner, coordinators) at {} ({due_ms} ms)",
            iso_utc(due_ms)
        ));
    }
    out
}
