//! Kafka's tools in a wasm chunk of their own, loaded on demand (feature `lazy-tools`).
//!
//! The tools' code and texts are a large share of the page's wasm and are needed only when a
//! learner runs one in the terminal (or a restored journal replays one). `wasm-split-cli`
//! moves everything only [`run_in_chunk`] reaches into a chunk that [`preload`] fetches.
//! The engine and the reducer are synchronous, so a tool runs through the split function
//! polled once with a waker that does nothing: once [`preload`] has finished, the loader's
//! cell is initialised and the wrapper completes on that first poll (its `ensure_loaded` sees
//! the ready cell). Before that, [`run_tool`] says the tools are still loading; the page
//! refuses such a line before journaling it ([`loaded`]), so a replay never meets that answer.

use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

use wasm_split_helpers::{wasm_split, SplitLoaderError};

use super::output::CommandOutput;
use super::vfs::Files;
use crate::engine::cluster::Cluster;
use crate::storage::indexed_db::IndexedDbStorage;

/// Set once the chunk is loaded: from then on a tool runs synchronously.
static LOADED: AtomicBool = AtomicBool::new(false);

/// One tool run, passed to the chunk behind one pointer (the split function's ABI is
/// `extern "C"`, which has no wide pointers or returned structs of its own).
struct ToolCall<'a> {
    cluster: &'a mut Cluster<IndexedDbStorage>,
    program: &'a str,
    args: &'a [String],
    files: Files<'a>,
    now_ms: i64,
    output: Option<CommandOutput>,
}

// `fallible`: a failed fetch is an `Err` (not cached: the next call fetches again), never a
// panic, which would abort the whole page (`panic = "abort"`).
#[wasm_split(kafka_tools, fallible, preload(load_chunk))]
fn run_in_chunk(call: &mut ToolCall<'_>) -> Result<(), SplitLoaderError> {
    call.output = Some(super::run_tool(
        call.cluster,
        call.program,
        call.args,
        call.files,
        call.now_ms,
    ));
    Ok(())
}

/// Fetches and instantiates the tools' chunk; [`loaded`] is true once this succeeded. A call
/// while an attempt runs joins it; a call after a failed one starts a new fetch.
pub async fn preload() -> Result<(), SplitLoaderError> {
    load_chunk().await?;
    LOADED.store(true, Ordering::Release);
    Ok(())
}

/// Whether the tools' chunk is loaded, so a tool line runs at once.
pub fn loaded() -> bool {
    LOADED.load(Ordering::Acquire)
}

/// Whether `line` runs a tool of the chunk that is not loaded yet (the console producer and
/// consumer stay in the main module: they act on every tick).
pub fn waits_for_chunk(line: &str) -> bool {
    if loaded() {
        return false;
    }
    let Ok(words) = super::tokenize::tokenize(line) else {
        return false;
    };
    words.first().is_some_and(|program| {
        let name = super::tool_name(program);
        super::TOOLS.contains(&name) && !name.starts_with("kafka-console-")
    })
}

/// Runs a Kafka tool in the chunk, synchronously: see the module's doc.
pub fn run_tool(
    cluster: &mut Cluster<IndexedDbStorage>,
    program: &str,
    args: &[String],
    files: Files<'_>,
    now_ms: i64,
) -> CommandOutput {
    let mut call = ToolCall {
        cluster,
        program,
        args,
        files,
        now_ms,
        output: None,
    };
    let waker = noop_waker();
    let ran = pin!(run_in_chunk(&mut call))
        .as_mut()
        .poll(&mut Context::from_waker(&waker));
    let ran = matches!(ran, Poll::Ready(Ok(())));
    match call.output.take() {
        Some(output) if ran => output,
        _ => CommandOutput::failure(format!(
            "{program}: {}",
            crate::i18n::Text::ToolsLoading.get(crate::i18n::Lang::En)
        )),
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
