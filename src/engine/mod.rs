//! The broker engine: a deterministic, sans-IO state machine.
//!
//! No browser API, no real clock, no unseeded randomness: time is passed in, output is polled.

pub mod acks;
pub mod api_error;
pub mod auto_topic_creation;
pub mod cluster;
pub mod completed_fetch;
pub mod consumer;
pub mod error_code;
pub mod event;
pub mod event_log;
pub mod group;
pub mod java_hash;
pub mod java_regex;
pub mod kafka_apis;
pub mod log;
pub mod net;
pub mod playground;
pub mod producer;
pub mod producer_id_manager;
pub mod producer_state;
pub mod profile;
pub mod protocol;
pub mod record;
pub mod records_view;
pub mod replication;
pub mod rng;
pub mod topic;
pub mod topic_partition;
pub mod txn;
pub mod view;
