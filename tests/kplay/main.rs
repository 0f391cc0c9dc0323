#![cfg(not(target_arch = "wasm32"))]
//! The one native integration test binary.
mod cli_bin;
mod cli_configs;
mod cli_topics;
mod cluster;
mod harness;
mod idempotence;
mod log_props;
mod partitioner_fixtures;
mod producer;
mod producer_faults;
mod producer_harness;
mod producer_idempotence;
mod producer_transactions;
mod record_fixtures;
mod segment_export;
mod tidy;
mod transactions;
