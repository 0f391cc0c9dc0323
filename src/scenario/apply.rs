//! The one code path from an [`Input`] to the engine, and the passage of simulated time.
//!
//! The UI's reducer and [`super::replay`] both call [`apply`] and [`pass_time`], so a replayed
//! playground cannot drift from the live one by a second implementation.
//!
//! Time: a host's clock ticks at whatever rate it can (every 250 ms in a visible tab, once a
//! second or a minute in a hidden one), and the journal does not record ticks. That is sound
//! only if passing time to `t` in one step ends in the same state as in many small steps.
//! [`crate::cli::Shell::pass_time`] runs every due timer and background client at its own
//! moment, so it is, with one exception: a console consumer started in the terminal polls
//! once per call (its `ConsoleConsumer` loop in Kafka polls again as soon as the last poll
//! returns). [`pass_time`] therefore polls a running console consumer on a fixed cadence,
//! [`CONSOLE_CONSUMER_POLL_MS`], on a grid of the epoch, whatever the ticks: the clock only
//! stops on that grid while one runs.

use crate::cli::shell::InputMode;
use crate::cli::{CommandOutput, Shell};
use crate::engine::playground::{Playground, ProducerId};
use crate::engine::producer::record::{ProducerRecord, RecordId};
use crate::engine::topic::registry::CreateTopicRequest;
use crate::storage::SegmentStorage;

use super::input::Input;

/// How often a console consumer running in the terminal polls, in simulated milliseconds:
/// the moments are the multiples of this since the epoch, so they do not depend on when the
/// host's clock ticks.
pub const CONSOLE_CONSUMER_POLL_MS: i64 = 250;

/// What an input gave back, for the host to show.
#[derive(Debug, Clone, PartialEq)]
pub enum Applied {
    /// The topic form's CreateTopics: the engine's refusal, if it refused.
    Topic(Result<(), String>),
    /// What a terminal line, Ctrl-C or Ctrl-D printed.
    Terminal(CommandOutput),
    /// The producer the panel asked for, or the engine's refusal.
    Producer(Result<ProducerId, String>),
    /// The record the panel sent (its result comes later), or the engine's refusal.
    Record(Result<RecordId, String>),
}

/// Applies `input` to the playground at its current simulated time. A terminal command may
/// move the clock (`advance`, a producer's close): read [`Playground::now_ms`] after.
pub fn apply<S: crate::storage::SegmentStorage>(
    playground: &mut Playground<S>,
    shell: &mut Shell,
    input: &Input,
) -> Applied {
    let now_ms = playground.now_ms();
    match input {
        Input::CreateTopic {
            name,
            partitions,
            replication_factor,
        } => {
            let request = CreateTopicRequest::new(name, *partitions, *replication_factor);
            let result = playground
                .cluster_mut()
                .create_topic(&request, false, now_ms)
                .map(|_| ())
                .map_err(|e| e.to_string());
            playground.collect_events();
            Applied::Topic(result)
        }
        Input::RunCommand { line } => Applied::Terminal(shell.run_line(playground, line, now_ms)),
        Input::CreateProducer { configs } => {
            let configs: Vec<(&str, &str)> = configs
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            Applied::Producer(
                playground
                    .create_producer(&configs, now_ms)
                    .map_err(|e| e.to_string()),
            )
        }
        Input::SendRecord {
            producer,
            topic,
            key,
            value,
            partition,
        } => {
            let record = ProducerRecord {
                topic: topic.clone(),
                partition: *partition,
                key: key.as_ref().map(|k| k.as_bytes().to_vec()),
                value: Some(value.as_bytes().to_vec()),
                headers: Vec::new(),
                timestamp_ms: None,
            };
            let result = playground
                .send(*producer, record, now_ms)
                .map_err(|e| e.to_string());
            playground.collect_events();
            Applied::Record(result)
        }
        Input::Interrupt => Applied::Terminal(shell.interrupt(playground, now_ms)),
        Input::EndInput => Applied::Terminal(shell.end_input(playground, now_ms)),
    }
}

/// Whether the terminal runs a console consumer, whose polls are moments of their own.
fn console_consumer_runs(shell: &Shell) -> bool {
    matches!(
        shell.input_mode(),
        InputMode::ToolInput {
            tool: "kafka-console-consumer"
        }
    )
}

/// Lets simulated time pass towards `to_ms`: every timer and background client acts at its
/// moment, and a running console consumer polls at every multiple of
/// [`CONSOLE_CONSUMER_POLL_MS`]. While a console consumer runs the clock stops at the last
/// such moment at or before `to_ms` (the next call goes on from there); otherwise it reaches
/// `to_ms`. Nothing happens when `to_ms` is not ahead of the clock.
///
/// The number of steps is the simulated time passed over [`CONSOLE_CONSUMER_POLL_MS`] while
/// a console consumer runs, one otherwise: the host's ticks bound it.
pub fn pass_time<S: SegmentStorage>(
    playground: &mut Playground<S>,
    shell: &mut Shell,
    to_ms: i64,
) -> CommandOutput {
    let mut out = CommandOutput::default();
    while console_consumer_runs(shell) {
        let now = playground.now_ms();
        let next = (now.div_euclid(CONSOLE_CONSUMER_POLL_MS) + 1) * CONSOLE_CONSUMER_POLL_MS;
        if next > to_ms {
            return out;
        }
        append(&mut out, shell.pass_time(playground, next));
    }
    if to_ms > playground.now_ms() {
        append(&mut out, shell.pass_time(playground, to_ms));
    }
    out
}

/// The next simulated moment at which something is due: an engine timer or message
/// delivery (`Playground::poll_timeout`) or a background client's turn. Always after the
/// current clock, so stepping to it makes progress; `None` when nothing at all is scheduled
/// (time would pass with no effect). This is what the time controls' "step" advances to.
///
/// While a console consumer runs, [`pass_time`] only stops on its poll grid, so the next
/// moment is the next grid point: everything due before it runs on the way, in time order.
pub fn next_moment<S: SegmentStorage>(playground: &Playground<S>, shell: &Shell) -> Option<i64> {
    let now = playground.now_ms();
    if console_consumer_runs(shell) {
        return Some((now.div_euclid(CONSOLE_CONSUMER_POLL_MS) + 1) * CONSOLE_CONSUMER_POLL_MS);
    }
    [playground.poll_timeout(), shell.jobs().next_due_ms()]
        .into_iter()
        .flatten()
        .min()
        // Something already due runs at the next millisecond: the clock must move.
        .map(|due| due.max(now + 1))
}

fn append(out: &mut CommandOutput, more: CommandOutput) {
    out.stdout.extend(more.stdout);
    out.stderr.extend(more.stderr);
    out.exit_code = more.exit_code;
}
