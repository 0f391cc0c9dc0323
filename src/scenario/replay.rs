//! Rebuilds a playground from a [`Scenario`]: each input applied at its moment through
//! [`super::apply`], time passed with [`super::pass_time`] in between, then to the clock.
//!
//! A replay that does not land on an input's recorded moment means the engine no longer
//! behaves as when the scenario was recorded (a newer kplay changed a timing): the replay
//! goes on, applying the input where it lands, and the report names the first such input.

use crate::cli::{CommandOutput, Shell};
use crate::engine::playground::{Playground, PlaygroundConfig};
use crate::storage::SegmentStorage;

use super::apply::{apply, pass_time, Applied};
use super::input::Input;
use super::journal::{Scenario, MAX_JOURNAL_ENTRIES, SCENARIO_FORMAT_VERSION};

/// Why a scenario cannot be replayed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    #[error("this scenario was written by a newer kplay (format {found}, this kplay reads up to {supported})")]
    TooNew { found: u32, supported: u32 },
    #[error("this scenario's input {index} comes before the one preceding it")]
    OutOfOrder { index: usize },
    #[error("this scenario has {len} inputs, more than the {max} a journal holds")]
    TooLong { len: usize, max: usize },
}

/// What a replay did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayReport {
    /// Inputs applied.
    pub inputs: usize,
    /// The simulated time restored.
    pub clock_ms: i64,
    /// The first input the replay did not reach at its recorded moment, if any.
    pub diverged_at: Option<usize>,
    /// The scenario's journal was full: inputs after it were not saved.
    pub full: bool,
}

/// One step of a replay, for a host rebuilding what it shows (the terminal's scrollback).
#[derive(Debug)]
pub enum Step<'a> {
    /// Time passed; running tools printed this.
    Time(CommandOutput),
    /// An input was applied; `prompt` is the terminal's prompt just before it (a line typed
    /// into a running tool is echoed as input, not as a command).
    Input {
        input: &'a Input,
        prompt: Option<&'static str>,
        applied: Applied,
    },
}

/// Checks that this kplay can replay `scenario`.
pub fn check(scenario: &Scenario) -> Result<(), ReplayError> {
    if scenario.format_version > SCENARIO_FORMAT_VERSION {
        return Err(ReplayError::TooNew {
            found: scenario.format_version,
            supported: SCENARIO_FORMAT_VERSION,
        });
    }
    if scenario.inputs.len() > MAX_JOURNAL_ENTRIES {
        return Err(ReplayError::TooLong {
            len: scenario.inputs.len(),
            max: MAX_JOURNAL_ENTRIES,
        });
    }
    let mut previous = scenario.start_ms;
    for (index, entry) in scenario.inputs.iter().enumerate() {
        if entry.at_ms < previous {
            return Err(ReplayError::OutOfOrder { index });
        }
        previous = entry.at_ms;
    }
    Ok(())
}

/// The playground a scenario starts from, before any input.
pub fn start<S: SegmentStorage>(scenario: &Scenario, storage: S) -> Playground<S> {
    Playground::new(
        PlaygroundConfig::new(scenario.seed, scenario.profile),
        storage,
        scenario.start_ms,
    )
}

/// Replays `scenario` onto a playground made by [`start`] and a new shell, telling `observe`
/// each step. Call [`check`] first.
pub fn replay_into<S: crate::storage::SegmentStorage>(
    scenario: &Scenario,
    playground: &mut Playground<S>,
    shell: &mut Shell,
    mut observe: impl FnMut(Step<'_>),
) -> ReplayReport {
    let mut diverged_at = None;
    for (index, entry) in scenario.inputs.iter().enumerate() {
        let out = pass_time(playground, shell, entry.at_ms);
        observe(Step::Time(out));
        if playground.now_ms() != entry.at_ms && diverged_at.is_none() {
            diverged_at = Some(index);
        }
        let prompt = shell.prompt();
        let applied = apply(playground, shell, &entry.input);
        observe(Step::Input {
            input: &entry.input,
            prompt,
            applied,
        });
    }
    let out = pass_time(playground, shell, scenario.clock_ms);
    observe(Step::Time(out));
    ReplayReport {
        inputs: scenario.inputs.len(),
        clock_ms: playground.now_ms(),
        diverged_at,
        full: scenario.full,
    }
}

/// A replayed playground.
pub struct Replayed<S: SegmentStorage> {
    pub playground: Playground<S>,
    pub shell: Shell,
    pub report: ReplayReport,
}

/// Rebuilds the playground `scenario` describes, on `storage`, with a new terminal session.
pub fn replay<S: crate::storage::SegmentStorage>(
    scenario: &Scenario,
    storage: S,
) -> Result<Replayed<S>, ReplayError> {
    check(scenario)?;
    let mut playground = start(scenario, storage);
    let mut shell = Shell::new();
    let report = replay_into(scenario, &mut playground, &mut shell, |_| {});
    Ok(Replayed {
        playground,
        shell,
        report,
    })
}
