//! [`VersionProfile`]: which Kafka release a playground imitates, chosen once at creation.
//!
//! Kafka's client defaults changed between the releases learners meet in books and courses
//! (2.5) and current ones (3.x/4.x). A playground has one profile and every default comes from
//! here, so a learner can compare the two worlds; any config may still be set explicitly.
//!
//! | default                          | 2.5                                   | 4.x                                   |
//! |----------------------------------|---------------------------------------|---------------------------------------|
//! | `acks`                           | `1`                                   | `all` (KIP-679, 3.0)                  |
//! | `enable.idempotence`             | `false`                               | `true` (KIP-679, 3.0)                 |
//! | null-key partitioning            | `DefaultPartitioner` sticky (KIP-480) | built-in uniform sticky (KIP-794)     |
//! | `linger.ms`                      | `0`                                   | `5` (KIP-1030, 4.0)                   |
//! | `retry.backoff.max.ms`           | none (constant `retry.backoff.ms`)    | `1000` (KIP-580, 3.7)                 |
//! | `partition.assignment.strategy`  | `[RangeAssignor]`                     | `[RangeAssignor, CooperativeStickyAssignor]` (KIP-726, 3.0) |
//! | `session.timeout.ms`             | `10000`                               | `45000` (KIP-735, 3.0)                |
//!
//! Sources: `ProducerConfig` of each release (`CONFIG` definitions), `KafkaProducer.partition`
//! and `upgrade.html` ("Notable changes in 3.0.0", "3.3.0", "4.0.0"); `ConsumerConfig` of each
//! release for the consumer's.

use std::fmt;

use crate::engine::consumer::config::{AutoOffsetReset, ConsumerConfig};
use crate::engine::producer::config::{Acks, PartitionerKind, ProducerConfig};
use crate::engine::protocol::IsolationLevel;
use crate::engine::record::Compression;

/// The Kafka release whose defaults a playground uses.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum VersionProfile {
    /// Kafka 2.5: `acks=1`, no idempotence, the 2.4-3.2 sticky `DefaultPartitioner`.
    Kafka2_5,
    /// Kafka 4.x: `acks=all`, idempotence on, the built-in uniform sticky partitioner.
    #[default]
    Kafka4x,
}

impl VersionProfile {
    /// Every profile, oldest first.
    pub const ALL: [VersionProfile; 2] = [VersionProfile::Kafka2_5, VersionProfile::Kafka4x];

    /// The name the UI shows and [`VersionProfile::parse`] reads.
    pub const fn name(self) -> &'static str {
        match self {
            VersionProfile::Kafka2_5 => "2.5",
            VersionProfile::Kafka4x => "4.x",
        }
    }

    /// `"2.5"` or `"4.x"` (also `"4"`, `"4.0"`, `"4.1"`).
    pub fn parse(name: &str) -> Option<VersionProfile> {
        match name.trim() {
            "2.5" => Some(VersionProfile::Kafka2_5),
            "4.x" | "4" | "4.0" | "4.1" => Some(VersionProfile::Kafka4x),
            _ => None,
        }
    }

    /// The producer's defaults in this release (`ProducerConfig.CONFIG`), before any explicit
    /// setting.
    pub fn producer_defaults(self) -> ProducerConfig {
        let common = ProducerConfig {
            profile: self,
            client_id: String::new(),
            acks: Acks::All,
            enable_idempotence: true,
            transactional_id: None,
            transaction_timeout_ms: 60_000,
            batch_size: 16_384,
            linger_ms: 5,
            buffer_memory: 32 * 1024 * 1024,
            max_block_ms: 60_000,
            compression: Compression::None,
            max_request_size: 1024 * 1024,
            max_in_flight_requests_per_connection: 5,
            request_timeout_ms: 30_000,
            delivery_timeout_ms: 120_000,
            retries: i32::MAX,
            retry_backoff_ms: 100,
            retry_backoff_max_ms: Some(1_000),
            partitioner: PartitionerKind::BuiltIn,
            partitioner_adaptive_partitioning_enable: true,
            partitioner_availability_timeout_ms: 0,
            partitioner_ignore_keys: false,
            explicit: Default::default(),
        };
        match self {
            VersionProfile::Kafka4x => common,
            VersionProfile::Kafka2_5 => ProducerConfig {
                acks: Acks::One,
                enable_idempotence: false,
                linger_ms: 0,
                retry_backoff_max_ms: None,
                partitioner: PartitionerKind::DefaultPartitioner,
                ..common
            },
        }
    }

    /// The consumer's defaults in this release (`ConsumerConfig.CONFIG`), before any explicit
    /// setting.
    pub fn consumer_defaults(self) -> ConsumerConfig {
        let common = ConsumerConfig {
            profile: self,
            group_id: None,
            client_id: String::new(),
            group_instance_id: None,
            enable_auto_commit: true,
            auto_commit_interval_ms: 5_000,
            auto_offset_reset: AutoOffsetReset::Latest,
            max_poll_records: 500,
            fetch_min_bytes: 1,
            fetch_max_wait_ms: 500,
            fetch_max_bytes: 50 * 1024 * 1024,
            max_partition_fetch_bytes: 1024 * 1024,
            session_timeout_ms: 45_000,
            heartbeat_interval_ms: 3_000,
            max_poll_interval_ms: 300_000,
            partition_assignment_strategy: vec![
                "range".to_owned(),
                "cooperative-sticky".to_owned(),
            ],
            isolation_level: IsolationLevel::ReadUncommitted,
            allow_auto_create_topics: true,
            retry_backoff_ms: 100,
            request_timeout_ms: 30_000,
            explicit: Default::default(),
        };
        match self {
            VersionProfile::Kafka4x => common,
            VersionProfile::Kafka2_5 => ConsumerConfig {
                session_timeout_ms: 10_000,
                partition_assignment_strategy: vec!["range".to_owned()],
                ..common
            },
        }
    }
}

impl fmt::Display for VersionProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for p in VersionProfile::ALL {
            assert_eq!(VersionProfile::parse(p.name()), Some(p));
        }
        assert_eq!(VersionProfile::parse("3.9"), None);
    }

    #[test]
    fn defaults_differ_where_kafka_changed_them() {
        let old = VersionProfile::Kafka2_5.producer_defaults();
        let new = VersionProfile::Kafka4x.producer_defaults();
        assert_eq!((old.acks, new.acks), (Acks::One, Acks::All));
        assert!(!old.enable_idempotence && new.enable_idempotence);
        assert_eq!(old.partitioner, PartitionerKind::DefaultPartitioner);
        assert_eq!(new.partitioner, PartitionerKind::BuiltIn);
        assert_eq!((old.linger_ms, new.linger_ms), (0, 5));
        assert_eq!(old.retry_backoff_max_ms, None);
        assert_eq!(new.batch_size, 16_384);
    }
}
