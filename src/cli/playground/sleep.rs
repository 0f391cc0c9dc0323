//! `sleep <duration>`: lets simulated time pass silently, as `sleep` does in a shell script;
//! `advance` does the same and says what happened.

use super::duration::parse_duration_ms;
use super::{pass_time, Command};
use crate::cli::jobs::Jobs;
use crate::cli::output::CommandOutput;
use crate::engine::playground::Playground;
use crate::storage::SegmentStorage;

pub const COMMAND: Command = Command {
    name: "sleep",
    args: "<duration>",
    summary: "like advance, silently (for scripts)",
};

pub fn run<S: SegmentStorage>(
    playground: &mut Playground<S>,
    jobs: &mut Jobs,
    args: &[String],
    now_ms: i64,
) -> CommandOutput {
    let [duration] = args else {
        return super::usage(
            &COMMAND,
            "needs one duration such as 500ms, 30s, 5m, 2h or 7d",
        );
    };
    match parse_duration_ms(duration) {
        Ok(ms) => {
            pass_time(playground, jobs, now_ms, ms);
            CommandOutput::default()
        }
        Err(e) => CommandOutput::failure(format!("sleep: {e}")),
    }
}
