//! [`ConsumerEvent`]: everything a consumer does that the UI can show: its subscription,
//! the group protocol (coordinator, JoinGroup, SyncGroup, heartbeats), the rebalance
//! listener's callbacks in Kafka's order, positions, fetches and commits.

use crate::engine::error_code::ErrorCode;
use crate::engine::topic_partition::TopicPartition;

use super::commit::CommitId;

/// How a position was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PositionSource {
    /// The group's committed offset (OffsetFetch).
    Committed,
    /// `auto.offset.reset=earliest`, or `seekToBeginning`.
    Earliest,
    /// `auto.offset.reset=latest`, or `seekToEnd`.
    Latest,
    /// `seek(partition, offset)`.
    Seek,
}

/// One thing a consumer did.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ConsumerEvent {
    /// `subscribe(topics)` or `subscribe(pattern)` (`pattern` set) changed the subscription.
    Subscribed {
        topics: Vec<String>,
        pattern: Option<String>,
    },
    /// `assign(partitions)`: manual assignment, no group membership.
    Assigned { partitions: Vec<TopicPartition> },
    /// `unsubscribe()`.
    Unsubscribed,
    /// The consumer's process froze (a GC pause, a debugger, `kill -STOP`): no polls, no
    /// heartbeats, until it thaws.
    Frozen,
    /// It runs again; `held_responses` responses had arrived meanwhile and are read now.
    Thawed { held_responses: usize },
    /// A request went out.
    RequestSent {
        correlation_id: i32,
        node: i32,
        api: String,
    },
    /// Its response came back.
    ResponseReceived {
        correlation_id: i32,
        node: i32,
        api: String,
    },
    /// `request.timeout.ms` passed without a response (`NetworkClient`: the request fails as
    /// a disconnect).
    RequestTimedOut {
        correlation_id: i32,
        node: i32,
        api: String,
    },
    /// FindCoordinator found the group's coordinator.
    CoordinatorDiscovered { node: i32 },
    /// `markCoordinatorUnknown`: the coordinator must be looked up again.
    CoordinatorUnknown { reason: String },
    /// `requestRejoin`: the member will rejoin at its next `poll()`.
    RejoinRequested { reason: String },
    /// `onJoinPrepare` ran and a JoinGroup is about to go out.
    RebalanceStarted { reason: String },
    /// The coordinator gave the member an id (`MEMBER_ID_REQUIRED`, KIP-394).
    MemberIdAssigned { member_id: String },
    /// JoinGroup succeeded.
    JoinedGroup {
        generation_id: i32,
        member_id: String,
        leader: String,
        protocol: String,
        is_leader: bool,
    },
    /// The leader ran the assignor over every member's subscription.
    AssignmentComputed {
        assignor: String,
        assignments: Vec<(String, Vec<TopicPartition>)>,
    },
    /// SyncGroup succeeded: the member's assignment for the generation.
    SyncedGroup {
        generation_id: i32,
        assignment: Vec<TopicPartition>,
    },
    /// `ConsumerRebalanceListener.onPartitionsRevoked`.
    PartitionsRevoked { partitions: Vec<TopicPartition> },
    /// `ConsumerRebalanceListener.onPartitionsAssigned`.
    PartitionsAssigned { partitions: Vec<TopicPartition> },
    /// `ConsumerRebalanceListener.onPartitionsLost`.
    PartitionsLost { partitions: Vec<TopicPartition> },
    /// A heartbeat was answered with an error.
    HeartbeatFailed { error: ErrorCode },
    /// `resetStateAndGeneration`: the member lost its generation (and maybe its id).
    GenerationReset { reason: String },
    /// `max.poll.interval.ms` passed since the last `poll()` (the heartbeat thread's check).
    PollTimeoutExpired { since_last_poll_ms: i64 },
    /// `maybeLeaveGroup`: LeaveGroup sent (dynamic members) or not (static members).
    LeftGroup { reason: String, sent: bool },
    /// A partition's position was set.
    PositionSet {
        partition: TopicPartition,
        offset: i64,
        source: PositionSource,
    },
    /// A fetch returned data for a partition.
    Fetched {
        partition: TopicPartition,
        fetch_offset: i64,
        records: usize,
        next_offset: i64,
        high_watermark: i64,
        last_stable_offset: i64,
    },
    /// A fetch for a partition failed.
    FetchFailed {
        partition: TopicPartition,
        error: ErrorCode,
    },
    /// `poll()` returned records.
    RecordsReturned { count: usize },
    /// A commit completed (its callback ran, or `commitSync` returned or threw).
    CommitCompleted {
        commit_id: CommitId,
        offsets: Vec<(TopicPartition, i64)>,
        error: Option<String>,
    },
    /// Committed offsets came back from OffsetFetch (`committed()`).
    CommittedFetched { offsets: Vec<(TopicPartition, i64)> },
    /// `pause` or `resume`.
    PausedChanged {
        partitions: Vec<TopicPartition>,
        paused: bool,
    },
    /// An error `poll()` throws.
    PollFailed { error: String },
    /// `close()`.
    Closed,
}
