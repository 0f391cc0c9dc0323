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

impl GroupCoordinatorConfig {
    /// The coordinator's settings from a broker's configs, by Kafka's names
    /// (`GroupCoordinatorConfig`): `group.min.session.timeout.ms`,
    /// `group.max.session.timeout.ms`, `group.initial.rebalance.delay.ms`, `group.max.size`
    /// (capped at [`PLAYGROUND_GROUP_MAX_SIZE`]), `offsets.retention.minutes`,
    /// `offsets.retention.check.interval.ms`, `offset.metadata.max.bytes`.
    pub fn from_broker(broker: &crate::engine::topic::BrokerConfig) -> Self {
        use crate::engine::topic::config_value::ConfigValue;
        let check_interval_ms = match broker.value("offsets.retention.check.interval.ms") {
            Some(ConfigValue::Long(ms)) => ms,
            other => panic!(
                "offsets.retention.check.interval.ms is a LONG with a default, got {other:?}"
            ),
        };
        GroupCoordinatorConfig {
            group_min_session_timeout_ms: broker.int("group.min.session.timeout.ms"),
            group_max_session_timeout_ms: broker.int("group.max.session.timeout.ms"),
            group_initial_rebalance_delay_ms: broker.int("group.initial.rebalance.delay.ms"),
            group_max_size: usize::try_from(broker.int("group.max.size"))
                .unwrap_or(1)
                .min(PLAYGROUND_GROUP_MAX_SIZE),
            offsets_retention_ms: i64::from(broker.int("offsets.retention.minutes")) * 60 * 1_000,
            offsets_retention_check_interval_ms: check_interval_ms,
            offset_metadata_max_bytes: usize::try_from(broker.int("offset.metadata.max.bytes"))
                .unwrap_or(0),
            ..GroupCoordinatorConfig::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::topic::BrokerConfig;

    #[test]
    fn kafka_defaults_give_the_default_config() {
        assert_eq!(
            GroupCoordinatorConfig::from_broker(&BrokerConfig::default()),
            GroupCoordinatorConfig::default()
        );
    }

    #[test]
    fn broker_settings_reach_the_coordinator() {
        let mut broker = BrokerConfig::default();
        broker.set("group.initial.rebalance.delay.ms", "0").unwrap();
        broker.set("offsets.retention.minutes", "1").unwrap();
        broker.set("group.max.size", "2").unwrap();
        let config = GroupCoordinatorConfig::from_broker(&broker);
        assert_eq!(config.group_initial_rebalance_delay_ms, 0);
        assert_eq!(config.offsets_retention_ms, 60_000);
        assert_eq!(config.group_max_size, 2);
    }
}
