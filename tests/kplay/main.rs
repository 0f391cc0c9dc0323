#![cfg(not(target_arch = "wasm32"))]
//! The one native integration test binary.
mod assignor_fixtures;
mod cli_bin;
mod cli_configs;
mod cli_configs_brokers;
mod cli_delete_records;
mod cli_dump_log;
mod cli_get_offsets;
mod cli_playground;
mod cli_topics;
mod cluster;
mod group_coordinator;
mod groups;
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
mod records_view;
mod segment_export;
mod tidy;
mod transactions;
