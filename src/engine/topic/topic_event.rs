//! What a topic operation changed: the events the registry returns for the UI and the engine.
//!
//! A created partition is described as the KRaft controller registers it
//! (`ReplicationControlManager.buildPartitionRegistration`): its replicas, the unfenced ones as
//! the initial ISR, and the first ISR member as leader.

use super::overrides::TopicConfigOverrides;
use super::topic_id::TopicId;

/// A new partition as the controller registers it (`buildPartitionRegistration`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NewPartition {
    pub partition: i32,
    /// Replicas, preferred leader first.
    pub replicas: Vec<i32>,
    /// The unfenced replicas, in replica order.
    pub isr: Vec<i32>,
    /// The first ISR member.
    pub leader: i32,
}

/// What changed in the registry, for the UI and the rest of the engine.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TopicEvent {
    Created {
        name: String,
        topic_id: TopicId,
        partitions: Vec<NewPartition>,
        configs: TopicConfigOverrides,
    },
    Deleted {
        name: String,
        topic_id: TopicId,
        partition_count: usize,
    },
    PartitionsAdded {
        name: String,
        topic_id: TopicId,
        partitions: Vec<NewPartition>,
    },
    ConfigChanged {
        name: String,
        topic_id: TopicId,
        changes: Vec<ConfigChange>,
    },
}

/// One config override that changed (`None` = not overridden).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ConfigChange {
    pub name: String,
    pub old: Option<String>,
    pub new: Option<String>,
}
