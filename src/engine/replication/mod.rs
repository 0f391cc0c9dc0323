//! Replication: each partition's replicas on the brokers, the followers fetching from the
//! leader over a simulated network, the ISR and the high watermark, leader epochs and
//! truncation (KIP-101, KIP-279, KIP-320), `acks=all` waiting for the ISR, and the KRaft
//! controller's reaction to broker failures (fencing, leader election, unclean election).
//!
//! Everything runs on the cluster's simulated clock: fetches and their answers are
//! messages with a latency, the ISR check runs every `replica.lag.time.max.ms / 2`, and a
//! crashed broker is fenced when its lease expires.

pub mod broker_state;
pub mod controller;
pub mod delayed_produce;
pub mod election;
pub mod epoch_cache;
pub mod event;
pub mod fetcher;
pub mod health;
pub(crate) mod partition;
pub mod reassignment;

pub use broker_state::{BrokerState, BrokerStatus};
pub use election::Election;
pub use event::{FenceReason, IsrShrinkReason, ReplicationEvent};
pub use health::ClusterHealth;
pub use reassignment::PartitionReassignment;
