//! [`GroupView`]: a plain-data snapshot of one group for the UI and
//! `kafka-consumer-groups --describe` (state, protocol, members with their assignments,
//! committed offsets).

use super::group_state::ClassicGroupState;
use crate::engine::topic_partition::TopicPartition;

/// One member as `--describe --members` shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MemberView {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub client_id: String,
    pub client_host: String,
    pub session_timeout_ms: i32,
    pub rebalance_timeout_ms: i32,
    /// Decoded from the `ConsumerProtocolAssignment` for `consumer` groups; empty otherwise
    /// or while the group rebalances before the leader's SyncGroup.
    pub assignment: Vec<TopicPartition>,
    /// A JoinGroup of the member is parked.
    pub awaiting_join: bool,
    /// A SyncGroup of the member is parked.
    pub awaiting_sync: bool,
    /// When its session expires, if a timer runs.
    pub heartbeat_deadline_ms: Option<i64>,
}

/// One committed offset.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CommittedOffsetView {
    pub topic_partition: TopicPartition,
    pub committed_offset: i64,
    pub committed_leader_epoch: i32,
    pub metadata: String,
    pub commit_timestamp_ms: i64,
}

/// A classic group.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GroupView {
    pub group_id: String,
    pub state: ClassicGroupState,
    pub generation_id: i32,
    pub protocol_type: Option<String>,
    /// The assignor the group runs (`ASSIGNMENT-STRATEGY`).
    pub protocol_name: Option<String>,
    pub leader: Option<String>,
    /// Members in the coordinator's order (Java `HashMap` order of member ids).
    pub members: Vec<MemberView>,
    /// Sorted by topic and partition.
    pub offsets: Vec<CommittedOffsetView>,
}
