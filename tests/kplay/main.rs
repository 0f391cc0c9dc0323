#![cfg(not(target_arch = "wasm32"))]
//! The one native integration test binary.
mod tidy;
mod record_fixtures;
mod log_props;
mod segment_export;
mod cli_topics;
mod cli_configs;
mod cli_bin;
mod cluster;
mod harness;
