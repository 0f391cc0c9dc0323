//! [`GroupEvent`]: what the group coordinator reports, so the UI can draw a rebalance as the
//! timeline it is (states, joins, syncs, expiries, commits).

use super::group_state::ClassicGroupState;
use crate::engine::error_code::ErrorCode;
use crate::engine::topic_partition::TopicPartition;

/// Why a member left a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RemovalReason {
    /// No heartbeat within `session.timeout.ms`.
    SessionTimeout,
    /// Did not rejoin within the rebalance timeout (`max.poll.interval.ms`).
    RebalanceTimeout,
    /// Did not send SyncGroup within the rebalance timeout after the join completed.
    SyncTimeout,
    /// A new member's JoinGroup stayed parked past the new-member join timeout.
    NewMemberJoinTimeout,
    /// A member id handed out with `MEMBER_ID_REQUIRED` was never used to join.
    PendingMemberExpired,
    /// Sent LeaveGroup (or an administrator removed it).
    LeaveGroup,
}

/// One thing that happened to a consumer group.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum GroupEvent {
    /// A group was created by its first JoinGroup or OffsetCommit.
    Created { group_id: String },
    /// `transitionTo(state)`.
    StateChanged {
        group_id: String,
        from: ClassicGroupState,
        to: ClassicGroupState,
        generation_id: i32,
    },
    /// A rebalance started (`prepareRebalance`), with Kafka's reason.
    RebalancePrepared { group_id: String, reason: String },
    /// The initial rebalance delay was extended because members kept joining.
    InitialDelayExtended {
        group_id: String,
        delay_ms: i64,
        remaining_ms: i64,
    },
    /// A first join was answered `MEMBER_ID_REQUIRED` with this new member id.
    MemberIdRequired { group_id: String, member_id: String },
    /// A member joined or rejoined (its JoinGroup is parked until the join completes).
    MemberJoined {
        group_id: String,
        member_id: String,
        group_instance_id: Option<String>,
        client_id: String,
    },
    /// A restarted static member took over its instance id's place (and assignment).
    StaticMemberReplaced {
        group_id: String,
        group_instance_id: String,
        old_member_id: String,
        new_member_id: String,
    },
    /// The join phase ended: a new generation, its protocol and leader.
    GenerationStarted {
        group_id: String,
        generation_id: i32,
        protocol_name: Option<String>,
        leader: Option<String>,
        members: Vec<String>,
    },
    /// The leader's SyncGroup brought the assignment.
    AssignmentReceived {
        group_id: String,
        generation_id: i32,
        leader: String,
    },
    /// A member left the group.
    MemberRemoved {
        group_id: String,
        member_id: String,
        reason: RemovalReason,
    },
    /// An offset was committed.
    OffsetCommitted {
        group_id: String,
        member_id: String,
        topic_partition: TopicPartition,
        offset: i64,
    },
    /// A commit was refused.
    OffsetCommitRejected {
        group_id: String,
        member_id: String,
        error: ErrorCode,
    },
    /// Offsets passed `offsets.retention.minutes` and were removed.
    OffsetsExpired {
        group_id: String,
        partitions: Vec<TopicPartition>,
    },
    /// An empty group without offsets was removed.
    GroupRemoved { group_id: String },
    /// A TxnOffsetCommit was written; its offsets wait for the transaction's marker.
    TxnOffsetsPending {
        group_id: String,
        producer_id: i64,
        offsets: Vec<(TopicPartition, i64)>,
    },
    /// The transaction's COMMIT marker made its offsets the group's, or ABORT discarded them.
    TxnOffsetsCompleted {
        group_id: String,
        producer_id: i64,
        committed: bool,
        partitions: Vec<TopicPartition>,
    },
    /// The topic was deleted, and with it the group's committed offsets of its partitions.
    TopicOffsetsDeleted {
        group_id: String,
        partitions: Vec<TopicPartition>,
    },
    /// The broker could not append the coordinator's records to `__consumer_offsets` (a
    /// storage fault); the coordinator's in-memory state keeps the change.
    RecordsWriteFailed {
        partition: TopicPartition,
        records: usize,
        error: ErrorCode,
    },
    /// An administrator deleted some of the group's committed offsets (OffsetDelete,
    /// KIP-496): those of the partitions listed, which had one.
    OffsetsDeleted {
        group_id: String,
        partitions: Vec<TopicPartition>,
    },
    /// An administrator deleted the (empty) group and its committed offsets (DeleteGroups).
    GroupDeleted {
        group_id: String,
        offsets_deleted: usize,
    },
    /// An administrator altered the group's dynamic configs (`IncrementalAlterConfigs` on a
    /// `GROUP` resource, KIP-848); the group need not exist.
    ConfigsAltered {
        group_id: String,
        set: Vec<(String, String)>,
        deleted: Vec<String>,
    },
}
