#![cfg(not(target_arch = "wasm32"))]
//! The one native integration test binary.
mod assignor_fixtures;
mod cli_bin;
mod cli_configs;
mod cli_topics;
mod cluster;
mod group_coordinator;
mod harness;
mod log_props;
mod record_fixtures;
mod segment_export;
mod tidy;
