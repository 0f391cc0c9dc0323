//! Committed offsets and the records a coordinator writes to `__consumer_offsets`.
//!
//! [`OffsetAndMetadata`] is Kafka's `OffsetAndMetadata` as the coordinator stores it (offset,
//! leader epoch, metadata string, commit time; v1 commits with an explicit expire time are not
//! sent by any 2.1+ client and not modelled). The coordinator keeps a group's offsets in
//! memory, as Kafka does, and emits a [`CoordinatorRecord`] for each change: the records
//! `GroupMetadataManager` / `OffsetMetadataManager` append to the group's
//! `__consumer_offsets` partition (`OffsetCommitKey/Value`, `GroupMetadataKey/Value`,
//! tombstones). Writing them to the log, and rebuilding groups from it after a restart, is the
//! broker's part.

use crate::engine::topic_partition::TopicPartition;

/// `OffsetAndMetadata`: one committed position.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OffsetAndMetadata {
    pub committed_offset: i64,
    /// -1 when unknown.
    pub committed_leader_epoch: i32,
    /// Kafka stores a null metadata as the empty string.
    pub metadata: String,
    pub commit_timestamp_ms: i64,
}

/// A record for the group's `__consumer_offsets` partition.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CoordinatorRecord {
    /// `OffsetCommitKey(group, topic, partition)` -> `OffsetCommitValue`.
    OffsetCommit {
        group_id: String,
        topic_partition: TopicPartition,
        offset: OffsetAndMetadata,
    },
    /// `OffsetCommitKey` with a null value: the offset expired or was deleted.
    OffsetTombstone {
        group_id: String,
        topic_partition: TopicPartition,
    },
    /// `GroupMetadataKey(group)` -> `GroupMetadataValue` (protocol, generation, leader,
    /// members with their subscriptions and assignments), written when a generation starts
    /// and when the leader's assignment arrives (`storeGroup`).
    GroupMetadata {
        group_id: String,
        generation_id: i32,
        protocol_type: Option<String>,
        protocol_name: Option<String>,
        leader: Option<String>,
        members: Vec<MemberMetadata>,
        current_state_timestamp_ms: i64,
    },
    /// `GroupMetadataKey` with a null value: the group is gone.
    GroupTombstone { group_id: String },
}

/// `GroupMetadataValue.MemberMetadata`: one member as the group record stores it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MemberMetadata {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub client_id: String,
    pub client_host: String,
    pub rebalance_timeout_ms: i32,
    pub session_timeout_ms: i32,
    /// The member's metadata for the group's protocol (for consumers, its subscription).
    pub subscription: Vec<u8>,
    pub assignment: Vec<u8>,
}
