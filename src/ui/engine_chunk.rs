//! The page's one way into the engine's behaviour, which the release build loads as a wasm
//! chunk of its own (feature `lazy-engine`).
//!
//! The page's first render needs the engine's state and the views of it (brokers, topics,
//! offsets, events), not its behaviour: how a request is handled, a producer sends, a group
//! rebalances, a log appends, a tool runs. Every change the page makes goes through the six
//! calls below, so `wasm-split-cli` moves everything only they reach into a chunk that the
//! page starts fetching as it starts (`scripts/build_split.sh`), and the main module the
//! first render waits for holds about half the code. Until the chunk arrives a new
//! playground is on screen, its clock stands still and its inputs are refused with the
//! reason ([`crate::ui::state::AppState::engine_loaded`]); a restored playground waits for
//! it before its journal replays (`ui::app`), and so do an archive's export and check.
//!
//! The engine and the reducer are synchronous, so a call runs through the split function
//! polled once with a waker that does nothing: once [`preload`] has finished, the loader's
//! cell is initialised and the wrapper completes on that first poll. Without the feature
//! (trunk's development build, the browser tests) the calls run in place.

use crate::cli::{CommandOutput, Shell};
use crate::engine::playground::Playground;
use crate::scenario::archive::{self, ArchiveError, Imported, Verification};
use crate::scenario::stored_segments::{self, SnapshotMark, StoredCheck};
use crate::scenario::{self, Applied, Input, ReplayReport, Scenario, Step};
use crate::storage::SegmentFile;
use crate::ui::state::UiStorage;

/// Applies one input to the engine ([`scenario::apply`]).
pub fn apply(playground: &mut Playground<UiStorage>, shell: &mut Shell, input: &Input) -> Applied {
    match run(Call::Apply {
        playground,
        shell,
        input,
    }) {
        Outcome::Applied(applied) => applied,
        _ => unreachable!("a call's outcome is of its own kind (run_in_place)"),
    }
}

/// Lets simulated time pass up to `to_ms` ([`scenario::pass_time`]).
pub fn pass_time(
    playground: &mut Playground<UiStorage>,
    shell: &mut Shell,
    to_ms: i64,
) -> CommandOutput {
    match run(Call::PassTime {
        playground,
        shell,
        to_ms,
    }) {
        Outcome::Output(output) => output,
        _ => unreachable!("a call's outcome is of its own kind (run_in_place)"),
    }
}

/// Replays `scenario` into a new playground ([`scenario::replay::replay_into`]).
pub fn replay_into(
    scenario: &Scenario,
    playground: &mut Playground<UiStorage>,
    shell: &mut Shell,
    observe: &mut dyn FnMut(Step<'_>),
) -> ReplayReport {
    match run(Call::Replay {
        scenario,
        playground,
        shell,
        observe,
    }) {
        Outcome::Replayed(report) => report,
        _ => unreachable!("a call's outcome is of its own kind (run_in_place)"),
    }
}

/// A `.tar` of `scenario` with its leader replicas' files ([`archive::export_on`]).
pub fn export_archive(scenario: &Scenario) -> Result<Vec<u8>, ArchiveError> {
    match run(Call::Export { scenario }) {
        Outcome::Exported(tar) => tar,
        _ => unreachable!("a call's outcome is of its own kind (run_in_place)"),
    }
}

/// Checks an imported archive's files against a replay ([`archive::verify_on`]).
pub fn verify_archive(imported: &Imported) -> Result<Verification, ArchiveError> {
    match run(Call::Verify { imported }) {
        Outcome::Verified(check) => check,
        _ => unreachable!("a call's outcome is of its own kind (run_in_place)"),
    }
}

/// Checks the stored segment files with Kafka's recovery ([`stored_segments::check_stored`]).
pub fn check_stored(
    stored: &[(SegmentFile, Vec<u8>)],
    snapshot: Option<SnapshotMark>,
    playground: &Playground<UiStorage>,
    inputs: usize,
) -> StoredCheck {
    match run(Call::CheckStored {
        stored,
        snapshot,
        playground,
        inputs,
    }) {
        Outcome::Checked(check) => check,
        _ => unreachable!("a call's outcome is of its own kind (run_in_place)"),
    }
}

/// One call into the engine's behaviour, with what it works on.
enum Call<'a> {
    Apply {
        playground: &'a mut Playground<UiStorage>,
        shell: &'a mut Shell,
        input: &'a Input,
    },
    PassTime {
        playground: &'a mut Playground<UiStorage>,
        shell: &'a mut Shell,
        to_ms: i64,
    },
    Replay {
        scenario: &'a Scenario,
        playground: &'a mut Playground<UiStorage>,
        shell: &'a mut Shell,
        observe: &'a mut dyn FnMut(Step<'_>),
    },
    Export {
        scenario: &'a Scenario,
    },
    Verify {
        imported: &'a Imported,
    },
    CheckStored {
        stored: &'a [(SegmentFile, Vec<u8>)],
        snapshot: Option<SnapshotMark>,
        playground: &'a Playground<UiStorage>,
        inputs: usize,
    },
}

/// What a [`Call`] gave back.
enum Outcome {
    Applied(Applied),
    Output(CommandOutput),
    Replayed(ReplayReport),
    Exported(Result<Vec<u8>, ArchiveError>),
    Verified(Result<Verification, ArchiveError>),
    Checked(StoredCheck),
}

/// Runs `call`: the code the chunk holds.
fn run_in_place(call: Call<'_>) -> Outcome {
    match call {
        Call::Apply {
            playground,
            shell,
            input,
        } => Outcome::Applied(scenario::apply(playground, shell, input)),
        Call::PassTime {
            playground,
            shell,
            to_ms,
        } => Outcome::Output(scenario::pass_time(playground, shell, to_ms)),
        Call::Replay {
            scenario,
            playground,
            shell,
            observe,
        } => Outcome::Replayed(scenario::replay::replay_into(
            scenario, playground, shell, observe,
        )),
        Call::Export { scenario } => Outcome::Exported(archive::export_on::<UiStorage>(scenario)),
        Call::Verify { imported } => Outcome::Verified(archive::verify_on::<UiStorage>(imported)),
        Call::CheckStored {
            stored,
            snapshot,
            playground,
            inputs,
        } => Outcome::Checked(stored_segments::check_stored(
            stored, snapshot, playground, inputs,
        )),
    }
}

#[cfg(feature = "lazy-engine")]
pub use split::{loaded, preload};

#[cfg(feature = "lazy-engine")]
use split::run;

#[cfg(feature = "lazy-engine")]
mod split {
    use std::future::Future;
    use std::pin::pin;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

    use wasm_split_helpers::{wasm_split, SplitLoaderError};

    use super::{run_in_place, Call, Outcome};

    /// Set once the chunk is loaded: from then on a call runs synchronously.
    static LOADED: AtomicBool = AtomicBool::new(false);

    /// A call and its outcome, passed to the chunk behind one pointer (the split function's
    /// ABI is `extern "C"`, which has no wide pointers or returned enums of its own).
    struct Slot<'a> {
        call: Option<Call<'a>>,
        outcome: Option<Outcome>,
    }

    // `fallible`: a failed fetch is an `Err` (not cached: the next attempt fetches again),
    // never a panic, which would abort the whole page (`panic = "abort"`).
    #[wasm_split(engine, fallible, preload(load_chunk))]
    fn run_in_chunk(slot: &mut Slot<'_>) -> Result<(), SplitLoaderError> {
        let call = slot.call.take().expect("run puts one call in each slot");
        slot.outcome = Some(run_in_place(call));
        Ok(())
    }

    /// Fetches and instantiates the engine's chunk; [`loaded`] is true once this succeeded.
    /// A call while an attempt runs joins it; a call after a failed one fetches again.
    pub async fn preload() -> Result<(), String> {
        load_chunk().await.map_err(|e| e.to_string())?;
        LOADED.store(true, Ordering::Release);
        Ok(())
    }

    /// Whether the engine's chunk is loaded, so a call runs at once.
    pub fn loaded() -> bool {
        LOADED.load(Ordering::Acquire)
    }

    /// Runs `call` in the chunk, synchronously: see the module's doc.
    pub(super) fn run(call: Call<'_>) -> Outcome {
        // The page never calls before the chunk is loaded: the reducer refuses every action
        // that changes the engine until `AppState::engine_loaded`, which only a finished
        // `preload` sets; the boot awaits `preload` before it replays a stored playground,
        // and an archive's export and check await it too.
        assert!(
            loaded(),
            "the engine's chunk is called before it has loaded"
        );
        let mut slot = Slot {
            call: Some(call),
            outcome: None,
        };
        let ran = pin!(run_in_chunk(&mut slot))
            .as_mut()
            .poll(&mut Context::from_waker(&noop_waker()));
        match (ran, slot.outcome) {
            (Poll::Ready(Ok(())), Some(outcome)) => outcome,
            // The loader's cell is initialised once `preload` has finished, and an
            // initialised cell makes the wrapper's future ready on its first poll.
            _ => unreachable!("a loaded chunk's call completes on its first poll"),
        }
    }

    /// A waker that does nothing (`Waker::noop` needs Rust 1.85; the crate's floor is 1.84).
    fn noop_waker() -> Waker {
        fn clone(_: *const ()) -> RawWaker {
            RawWaker::new(std::ptr::null(), &VTABLE)
        }
        fn no_op(_: *const ()) {}
        static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, no_op, no_op, no_op);
        // SAFETY: every function of the vtable ignores its (null) data pointer.
        unsafe { Waker::from_raw(RawWaker::new(std::ptr::null(), &VTABLE)) }
    }
}

/// Without the feature the engine is in the one module: always loaded.
#[cfg(not(feature = "lazy-engine"))]
pub async fn preload() -> Result<(), String> {
    Ok(())
}

/// Without the feature the engine is in the one module: always loaded.
#[cfg(not(feature = "lazy-engine"))]
pub fn loaded() -> bool {
    true
}

#[cfg(not(feature = "lazy-engine"))]
fn run(call: Call<'_>) -> Outcome {
    run_in_place(call)
}
