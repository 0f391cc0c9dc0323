//! Consumer groups, independent of any broker: the client-side partition assignors the group
//! leader runs, the `ConsumerProtocol` bytes they travel in, and the broker-side classic group
//! coordinator (JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch), and
//! `broker`, where a [`Cluster`](crate::engine::cluster::Cluster) hosts that coordinator.

pub mod assignor;
pub mod broker;
pub mod consumer_protocol;
pub mod coordinator;
pub mod group_config;
pub mod groups_view;
pub mod schema_types;
