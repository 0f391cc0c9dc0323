//! Plain-data snapshots of the cluster for the UI and the CLI's renderers.
//!
//! Views are computed from the engine on demand; they hold no references into it, so a
//! renderer can keep one while the engine moves on, and compare two to re-render only what
//! changed (every type here is `PartialEq`).

use crate::engine::replication::{BrokerStatus, ClusterHealth};

/// A broker as the cluster view shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BrokerView {
    pub id: i32,
    pub rack: Option<String>,
    /// The KRaft controller that owns the metadata.
    pub is_controller: bool,
    pub status: BrokerStatus,
    /// Cut off from the other nodes by a network partition.
    pub isolated: bool,
    /// Fenced by the controller: out of every ISR, leads nothing.
    pub fenced: bool,
    /// Extra time each of its follower fetches takes (a slow follower), 0 when healthy.
    pub fetch_delay_ms: i64,
}

/// One replica's own offsets (the leader's are the partition's).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReplicaOffsets {
    pub broker: i32,
    pub log_start_offset: i64,
    pub hw: i64,
    pub leo: i64,
}

/// One segment of a partition's log.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SegmentView {
    pub base_offset: i64,
    /// The offset after the segment's last batch (its successor's base offset when full).
    pub next_offset: i64,
    pub size_bytes: u64,
    /// The largest record timestamp in the segment, what `retention.ms` is measured against.
    pub largest_timestamp_ms: Option<i64>,
    /// Whether this is the active segment, the one appends go to.
    pub is_active: bool,
}

/// One partition: its replicas and the offsets a learner watches.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PartitionView {
    pub partition: i32,
    pub leader: Option<i32>,
    pub leader_epoch: i32,
    pub replicas: Vec<i32>,
    pub isr: Vec<i32>,
    /// Each replica's offsets, in assignment order.
    pub replica_offsets: Vec<ReplicaOffsets>,
    pub log_start_offset: i64,
    pub hw: i64,
    pub lso: i64,
    pub leo: i64,
    pub size_bytes: u64,
    pub segments: Vec<SegmentView>,
}

/// One topic with its partitions and the configs set on it (not the inherited defaults).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TopicView {
    pub name: String,
    pub topic_id: String,
    pub is_internal: bool,
    pub replication_factor: usize,
    pub config_overrides: Vec<(String, String)>,
    pub partitions: Vec<PartitionView>,
}

/// The whole cluster at one simulated instant.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ClusterView {
    pub now_ms: i64,
    pub brokers: Vec<BrokerView>,
    pub topics: Vec<TopicView>,
    pub storage_used_bytes: u64,
    /// Under-replicated and offline partitions, ISR churn, bytes in and out per broker.
    pub health: ClusterHealth,
}
