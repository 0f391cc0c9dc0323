//! One component per file; each takes props and callbacks, none reaches into the engine.

pub mod batch_inspector;
pub mod broker_columns;
pub mod cluster_panel;
pub mod consumer_jobs;
pub mod create_topic_form;
pub mod event_log_panel;
pub mod form_value;
pub mod groups_panel;
pub mod header;
pub mod health_summary;
pub mod metrics_panel;
pub mod partition_log;
pub mod playground_switcher;
pub mod producer_jobs;
pub mod producers_panel;
pub mod read_only_banner;
pub mod replica_grid;
pub mod terminal;
pub mod time_controls;
pub mod topics_panel;
