//! The effective configuration of one topic: [`LogConfig`], with Kafka's defaults.
//!
//! Mirrors `org.apache.kafka.storage.internals.log.LogConfig` (storage module): every per-topic
//! setting the partition log needs, already typed and validated. The names and docs of the
//! settings are in `org.apache.kafka.common.config.TopicConfig`; their defaults come from the
//! broker-level settings in `org.apache.kafka.server.config.ServerLogConfigs`.
//!
//! [`effective`] builds it the way `LogConfig.fromProps(brokerDefaults, topicOverrides)` does:
//! a topic override wins, else the broker's value (from the config's broker synonyms), else
//! Kafka's topic default.

use super::broker_config::BrokerConfig;
use super::config_def::INTERNAL_SEGMENT_BYTES_CONFIG;
use super::config_value::ConfigValue;
use super::overrides::TopicConfigOverrides;
use crate::engine::record::TimestampType;

/// `cleanup.policy`: a list of `delete` and/or `compact` (`TopicConfig.CLEANUP_POLICY_CONFIG`).
///
/// Both may be set at once (`delete,compact`): the log is compacted *and* old segments are
/// deleted by retention. An empty list is allowed by Kafka (neither deletes nor compacts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct CleanupPolicy {
    /// `delete`: old segments are removed by `retention.ms` / `retention.bytes`.
    pub delete: bool,
    /// `compact`: the log cleaner keeps at least the latest value of every key.
    pub compact: bool,
}

impl Default for CleanupPolicy {
    /// Kafka's default is `delete` (`ServerLogConfigs.LOG_CLEANUP_POLICY_DEFAULT`).
    fn default() -> Self {
        CleanupPolicy {
            delete: true,
            compact: false,
        }
    }
}

/// `compression.type` of a topic (`TopicConfig.COMPRESSION_TYPE_CONFIG`, `BrokerCompressionType`).
///
/// `Producer` keeps whatever codec the producer used; any other value makes the broker
/// recompress batches to that codec on append.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum TopicCompression {
    /// `producer`: retain the producer's codec (Kafka's default).
    #[default]
    Producer,
    /// `uncompressed`.
    Uncompressed,
    /// `gzip`.
    Gzip,
    /// `snappy`.
    Snappy,
    /// `lz4`.
    Lz4,
    /// `zstd`.
    Zstd,
}

impl TopicCompression {
    /// Every value, in the order of Kafka's `BrokerCompressionType`.
    pub const ALL: [TopicCompression; 6] = [
        TopicCompression::Uncompressed,
        TopicCompression::Zstd,
        TopicCompression::Lz4,
        TopicCompression::Snappy,
        TopicCompression::Gzip,
        TopicCompression::Producer,
    ];

    /// Kafka's config value (`BrokerCompressionType.name`).
    pub const fn name(self) -> &'static str {
        match self {
            TopicCompression::Producer => "producer",
            TopicCompression::Uncompressed => "uncompressed",
            TopicCompression::Gzip => "gzip",
            TopicCompression::Snappy => "snappy",
            TopicCompression::Lz4 => "lz4",
            TopicCompression::Zstd => "zstd",
        }
    }

    /// Parses a config value (case-sensitive, as Kafka's `ValidString` validator is).
    pub fn parse(value: &str) -> Option<TopicCompression> {
        TopicCompression::ALL
            .into_iter()
            .find(|c| c.name() == value)
    }
}

/// The effective configuration of one topic (Kafka's `LogConfig`).
///
/// `Default` gives Kafka's defaults, i.e. what a topic without overrides gets from a broker
/// without log settings.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LogConfig {
    /// `cleanup.policy` (default `delete`).
    pub cleanup_policy: CleanupPolicy,
    /// `compression.type` (default `producer`).
    pub compression_type: TopicCompression,
    /// `delete.retention.ms`: how long tombstones survive after compaction (default 1 day).
    pub delete_retention_ms: i64,
    /// `file.delete.delay.ms`: delay before a deleted segment's file is removed (default 1 minute).
    pub file_delete_delay_ms: i64,
    /// `flush.messages`: fsync after this many messages (default `Long.MAX_VALUE`, i.e. never).
    pub flush_messages: i64,
    /// `flush.ms`: fsync after this much time (default `Long.MAX_VALUE`, i.e. never).
    pub flush_ms: i64,
    /// `index.interval.bytes`: bytes between two offset-index entries (default 4096).
    pub index_interval_bytes: i32,
    /// `max.compaction.lag.ms`: a record becomes compaction-eligible at the latest after this (default `Long.MAX_VALUE`).
    pub max_compaction_lag_ms: i64,
    /// `min.compaction.lag.ms`: a record stays uncompacted for at least this long (default 0).
    pub min_compaction_lag_ms: i64,
    /// `max.message.bytes`: the largest record batch the broker accepts (default 1048588).
    pub max_message_bytes: i32,
    /// `message.timestamp.type` (default `CreateTime`).
    pub message_timestamp_type: TimestampType,
    /// `message.timestamp.before.max.ms`: how far in the past a CreateTime timestamp may be (default `Long.MAX_VALUE`).
    pub message_timestamp_before_max_ms: i64,
    /// `message.timestamp.after.max.ms`: how far in the future a CreateTime timestamp may be
    /// (default one hour since Kafka 4.0, KIP-1030; it was `Long.MAX_VALUE` before).
    pub message_timestamp_after_max_ms: i64,
    /// `min.cleanable.dirty.ratio` (default 0.5).
    pub min_cleanable_dirty_ratio: f64,
    /// `min.insync.replicas` (default 1).
    pub min_insync_replicas: i32,
    /// `retention.bytes`: per-partition size limit, -1 = unlimited (default -1).
    pub retention_bytes: i64,
    /// `retention.ms`: age limit, -1 = unlimited (default 7 days).
    pub retention_ms: i64,
    /// The segment size in effect (`LogConfig.segmentSize()`): `internal.segment.bytes` if set,
    /// else `segment.bytes` (default 1 GiB, at least 1 MiB in Kafka 4.x). See
    /// [`BrokerConfig::set_playground_internal_segment_bytes`] for kplay's small segments.
    pub segment_bytes: i32,
    /// `segment.index.bytes`: the maximum size of an offset/time index (default 10 MiB).
    pub segment_index_bytes: i32,
    /// `segment.jitter.ms`: maximum random jitter subtracted from `segment.ms` (default 0).
    pub segment_jitter_ms: i64,
    /// `segment.ms`: roll the active segment after this much time (default 7 days).
    pub segment_ms: i64,
    /// `unclean.leader.election.enable` (default false).
    pub unclean_leader_election_enable: bool,
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            cleanup_policy: CleanupPolicy::default(),
            compression_type: TopicCompression::Producer,
            delete_retention_ms: 86_400_000,
            file_delete_delay_ms: 60_000,
            flush_messages: i64::MAX,
            flush_ms: i64::MAX,
            index_interval_bytes: 4096,
            max_compaction_lag_ms: i64::MAX,
            min_compaction_lag_ms: 0,
            max_message_bytes: 1024 * 1024 + 12,
            message_timestamp_type: TimestampType::CreateTime,
            message_timestamp_before_max_ms: i64::MAX,
            message_timestamp_after_max_ms: 3_600_000,
            min_cleanable_dirty_ratio: 0.5,
            min_insync_replicas: 1,
            retention_bytes: -1,
            retention_ms: 7 * 24 * 60 * 60 * 1000,
            segment_bytes: 1024 * 1024 * 1024,
            segment_index_bytes: 10 * 1024 * 1024,
            segment_jitter_ms: 0,
            segment_ms: 7 * 24 * 60 * 60 * 1000,
            unclean_leader_election_enable: false,
        }
    }
}

/// The effective config of a topic on a broker (`LogConfig.fromProps(broker.extractLogConfigMap, overrides)`).
///
/// `segment_bytes` follows `LogConfig.segmentSize()`: the topic's `internal.segment.bytes` if
/// set, else kplay's explicit playground setting if set, else `segment.bytes`.
pub fn effective(broker: &BrokerConfig, overrides: &TopicConfigOverrides) -> LogConfig {
    let get = |name: &str| {
        overrides
            .resolved(name, broker)
            .unwrap_or_else(|| panic!("{name} has a topic default, so it always resolves"))
    };
    let long = |name: &str| match get(name) {
        ConfigValue::Long(v) => v,
        other => panic!("{name} is a LONG config, resolved to {other:?}"),
    };
    let int = |name: &str| match get(name) {
        ConfigValue::Int(v) => v,
        other => panic!("{name} is an INT config, resolved to {other:?}"),
    };
    let cleanup_policy = match get("cleanup.policy") {
        // `LogConfig`: `getList(CLEANUP_POLICY).map(toLowerCase).contains(...)`.
        ConfigValue::List(items) => CleanupPolicy {
            delete: items.iter().any(|i| i.eq_ignore_ascii_case("delete")),
            compact: items.iter().any(|i| i.eq_ignore_ascii_case("compact")),
        },
        other => panic!("cleanup.policy is a LIST config, resolved to {other:?}"),
    };
    let compression_type = match get("compression.type") {
        ConfigValue::String(s) => TopicCompression::parse(&s)
            .expect("compression.type was validated against Kafka's names"),
        other => panic!("compression.type is a STRING config, resolved to {other:?}"),
    };
    let message_timestamp_type = match get("message.timestamp.type") {
        ConfigValue::String(s) if s == "CreateTime" => TimestampType::CreateTime,
        ConfigValue::String(s) if s == "LogAppendTime" => TimestampType::LogAppendTime,
        other => panic!("message.timestamp.type was validated to CreateTime/LogAppendTime, resolved to {other:?}"),
    };
    let min_cleanable_dirty_ratio = match get("min.cleanable.dirty.ratio") {
        ConfigValue::Double(d) => d,
        other => panic!("min.cleanable.dirty.ratio is a DOUBLE config, resolved to {other:?}"),
    };
    let unclean_leader_election_enable = match get("unclean.leader.election.enable") {
        ConfigValue::Boolean(b) => b,
        other => {
            panic!("unclean.leader.election.enable is a BOOLEAN config, resolved to {other:?}")
        }
    };
    let segment_bytes = match overrides.parsed(INTERNAL_SEGMENT_BYTES_CONFIG) {
        Some(ConfigValue::Int(n)) => n,
        Some(other) => panic!("internal.segment.bytes is an INT config, parsed to {other:?}"),
        None => broker
            .playground_internal_segment_bytes()
            .unwrap_or_else(|| int("segment.bytes")),
    };
    LogConfig {
        cleanup_policy,
        compression_type,
        delete_retention_ms: long("delete.retention.ms"),
        file_delete_delay_ms: long("file.delete.delay.ms"),
        flush_messages: long("flush.messages"),
        flush_ms: long("flush.ms"),
        index_interval_bytes: int("index.interval.bytes"),
        max_compaction_lag_ms: long("max.compaction.lag.ms"),
        min_compaction_lag_ms: long("min.compaction.lag.ms"),
        max_message_bytes: int("max.message.bytes"),
        message_timestamp_type,
        message_timestamp_before_max_ms: long("message.timestamp.before.max.ms"),
        message_timestamp_after_max_ms: long("message.timestamp.after.max.ms"),
        min_cleanable_dirty_ratio,
        min_insync_replicas: int("min.insync.replicas"),
        retention_bytes: long("retention.bytes"),
        retention_ms: long("retention.ms"),
        segment_bytes,
        segment_index_bytes: int("segment.index.bytes"),
        segment_jitter_ms: long("segment.jitter.ms"),
        segment_ms: long("segment.ms"),
        unclean_leader_election_enable,
    }
}

impl LogConfig {
    /// See [`effective`].
    pub fn effective(broker: &BrokerConfig, overrides: &TopicConfigOverrides) -> LogConfig {
        effective(broker, overrides)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn overrides(pairs: &[(&str, &str)], broker: &BrokerConfig) -> TopicConfigOverrides {
        let configs: Vec<(String, Option<String>)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Some((*v).to_owned())))
            .collect();
        TopicConfigOverrides::from_create_request(&configs, broker).unwrap()
    }

    #[test]
    fn default_is_kafkas_defaults_and_equals_an_empty_broker() {
        assert_eq!(LogConfig::default(), BrokerConfig::default().log_config());
        let d = LogConfig::default();
        assert_eq!(d.max_message_bytes, 1_048_588);
        assert_eq!(d.segment_bytes, 1_073_741_824);
        assert_eq!(d.retention_ms, 604_800_000);
        assert_eq!(d.message_timestamp_after_max_ms, 3_600_000);
        assert_eq!(
            d.cleanup_policy,
            CleanupPolicy {
                delete: true,
                compact: false
            }
        );
        assert_eq!(d.compression_type, TopicCompression::Producer);
    }

    #[test]
    fn overrides_win_over_broker_which_wins_over_defaults() {
        let broker = BrokerConfig::from_properties([
            ("log.retention.hours", "1"),
            ("log.cleanup.policy", "compact"),
        ])
        .unwrap();
        let o = overrides(
            &[("retention.ms", "500"), ("compression.type", "zstd")],
            &broker,
        );
        let c = effective(&broker, &o);
        assert_eq!(c.retention_ms, 500);
        assert_eq!(c.compression_type, TopicCompression::Zstd);
        assert_eq!(
            c.cleanup_policy,
            CleanupPolicy {
                delete: false,
                compact: true
            }
        );
        assert_eq!(c.segment_ms, 604_800_000);
    }

    #[test]
    fn cleanup_policy_both_and_none() {
        let broker = BrokerConfig::default();
        let c = effective(
            &broker,
            &overrides(&[("cleanup.policy", "compact,delete")], &broker),
        );
        assert_eq!(
            c.cleanup_policy,
            CleanupPolicy {
                delete: true,
                compact: true
            }
        );
        let c = effective(&broker, &overrides(&[("cleanup.policy", "")], &broker));
        assert_eq!(
            c.cleanup_policy,
            CleanupPolicy {
                delete: false,
                compact: false
            }
        );
    }

    #[test]
    fn internal_segment_bytes_beats_playground_and_segment_bytes() {
        let mut broker = BrokerConfig::default();
        broker
            .set_playground_internal_segment_bytes(Some(4096))
            .unwrap();
        assert_eq!(
            effective(&broker, &TopicConfigOverrides::default()).segment_bytes,
            4096
        );
        let o = overrides(
            &[
                ("internal.segment.bytes", "512"),
                ("segment.bytes", "2000000"),
            ],
            &broker,
        );
        assert_eq!(effective(&broker, &o).segment_bytes, 512);
        let o = overrides(&[("segment.bytes", "2000000")], &BrokerConfig::default());
        assert_eq!(
            effective(&BrokerConfig::default(), &o).segment_bytes,
            2_000_000
        );
    }

    #[test]
    fn timestamp_type_from_topic_or_broker() {
        let broker =
            BrokerConfig::from_properties([("log.message.timestamp.type", "LogAppendTime")])
                .unwrap();
        assert_eq!(
            broker.log_config().message_timestamp_type,
            TimestampType::LogAppendTime
        );
        let o = overrides(&[("message.timestamp.type", "CreateTime")], &broker);
        assert_eq!(
            effective(&broker, &o).message_timestamp_type,
            TimestampType::CreateTime
        );
    }

    proptest! {
        /// effective() respects precedence: topic override > explicit broker synonym > Kafka default.
        #[test]
        fn retention_precedence(
            topic in proptest::option::of(-1i64..1_000_000_000),
            broker_ms in proptest::option::of(0i64..1_000_000_000),
            broker_minutes in proptest::option::of(0i32..100_000),
            broker_hours in proptest::option::of(0i32..10_000),
        ) {
            let mut broker = BrokerConfig::default();
            if let Some(ms) = broker_ms { broker.set("log.retention.ms", &ms.to_string()).unwrap(); }
            if let Some(m) = broker_minutes { broker.set("log.retention.minutes", &m.to_string()).unwrap(); }
            if let Some(h) = broker_hours { broker.set("log.retention.hours", &h.to_string()).unwrap(); }
            let o = match topic {
                Some(t) => overrides(&[("retention.ms", &t.to_string())], &broker),
                None => TopicConfigOverrides::default(),
            };
            let expected = topic
                .or(broker_ms)
                .or(broker_minutes.map(|m| i64::from(m) * 60_000))
                .or(broker_hours.map(|h| i64::from(h) * 3_600_000))
                .unwrap_or(604_800_000);
            prop_assert_eq!(effective(&broker, &o).retention_ms, expected);
        }

        /// Any int override of a plain INT config is what the topic gets.
        #[test]
        fn index_interval_override_is_used(v in 0i32..i32::MAX, broker_v in proptest::option::of(0i32..i32::MAX)) {
            let mut broker = BrokerConfig::default();
            if let Some(b) = broker_v { broker.set("log.index.interval.bytes", &b.to_string()).unwrap(); }
            prop_assert_eq!(broker.log_config().index_interval_bytes, broker_v.unwrap_or(4096));
            let o = overrides(&[("index.interval.bytes", &v.to_string())], &broker);
            prop_assert_eq!(effective(&broker, &o).index_interval_bytes, v);
        }
    }
}
