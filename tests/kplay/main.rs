#![cfg(not(target_arch = "wasm32"))]
//! The one native integration test binary.
mod cli_bin;
mod cli_configs;
mod cli_topics;
mod cluster;
mod harness;
mod idempotence;
mod log_props;
mod record_fixtures;
mod segment_export;
mod tidy;
mod transactions;
