//! The broker engine: a deterministic, sans-IO state machine.
//!
//! No browser API, no real clock, no unseeded randomness: time is passed in, output is polled.

pub mod api_error;
pub mod cluster;
pub mod error_code;
pub mod event;
pub mod event_log;
pub mod kafka_apis;
pub mod log;
pub mod net;
pub mod playground;
pub mod producer;
pub mod profile;
pub mod protocol;
pub mod record;
pub mod rng;
pub mod topic;
pub mod topic_partition;
pub mod view;
