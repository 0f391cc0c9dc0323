//! A playground as data: its seed, version profile and the journal of inputs it received, and
//! the one code path that applies an input (live, from the UI's reducer, or replayed).
//!
//! Why: the engine is deterministic (seeded randomness, a simulated clock passed in), so a
//! playground is exactly its [`journal::Scenario`]: replaying the inputs at their simulated
//! moments rebuilds every log, group and client byte for byte. The browser stores the scenario
//! to survive a reload, and a learner exports it as a JSON file to share an experiment.
//!
//! - [`input`]: what a learner does that changes the engine ([`input::Input`]);
//! - [`apply`]: [`apply::apply`] runs one input, [`apply::pass_time`] lets simulated time pass
//!   independently of how finely the host's clock ticks;
//! - [`journal`]: [`journal::Scenario`] (the serialized form) and [`journal::Journal`] (the
//!   bounded recorder the UI appends to);
//! - [`replay`]: rebuilds a playground from a scenario;
//! - [`archive`]: a playground as a `.tar` of its scenario and its Kafka segment files;
//! - [`share`]: a scenario carried by a URL fragment.
//!
//! Plain Rust, no browser API: the native tests replay scenarios and compare them with the
//! live run.

pub mod apply;
pub mod archive;
pub mod input;
pub mod journal;
pub mod replay;
pub mod share;
pub mod stored_segments;

pub use apply::{apply, pass_time, Applied};
pub use input::Input;
pub use journal::{Journal, JournalEntry, PersistMark, Recorded, Scenario, Unpersisted};
pub use replay::{replay, ReplayError, ReplayReport, Replayed, Step};
