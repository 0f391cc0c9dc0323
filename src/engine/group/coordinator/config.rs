//! `GroupCoordinatorConfig`: the broker settings the classic group coordinator reads.
//!
//! Names and defaults from `org.apache.kafka.coordinator.group.GroupCoordinatorConfig` (4.x)
//! and `OffsetConfig`; `group.max.size` is unbounded in Kafka (`Integer.MAX_VALUE`), kplay
//! bounds it so a runaway script cannot grow a group without limit.

/// The coordinator's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupCoordinatorConfig {
    /// `group.min.session.timeout.ms` (6000).
    pub group_min_session_timeout_ms: i32,
    /// `group.max.session.timeout.ms` (1800000).
    pub group_max_session_timeout_ms: i32,
    /// `group.initial.rebalance.delay.ms` (3000): how long a new group waits for more members.
    pub group_initial_rebalance_delay_ms: i32,
    /// `group.max.size`.
    pub group_max_size: usize,
    /// `offsets.retention.minutes` (10080, seven days) in milliseconds.
    pub offsets_retention_ms: i64,
    /// `offsets.retention.check.interval.ms` (600000).
    pub offsets_retention_check_interval_ms: i64,
    /// `offset.metadata.max.bytes` (4096).
    pub offset_metadata_max_bytes: usize,
    /// `CLASSIC_GROUP_NEW_MEMBER_JOIN_TIMEOUT_MS` (300000): a new member parked in a
    /// JoinGroup is dropped if the rebalance takes longer (it retries).
    pub classic_group_new_member_join_timeout_ms: i64,
}

/// kplay's bound on `group.max.size`.
pub const PLAYGROUND_GROUP_MAX_SIZE: usize = 1_000;

impl Default for GroupCoordinatorConfig {
    fn default() -> Self {
        GroupCoordinatorConfig {
            group_min_session_timeout_ms: 6_000,
            group_max_session_timeout_ms: 1_800_000,
            group_initial_rebalance_delay_ms: 3_000,
            group_max_size: PLAYGROUND_GROUP_MAX_SIZE,
            offsets_retention_ms: 10_080 * 60 * 1_000,
            offsets_retention_check_interval_ms: 600_000,
            offset_metadata_max_bytes: 4_096,
            classic_group_new_member_join_timeout_ms: 300_000,
        }
    }
}
