//! [`ConsumerConfig`]: the consumer's settings, as Kafka's `ConsumerConfig` defines and checks
//! them (classic group protocol).
//!
//! Defaults come from the playground's [`VersionProfile`] ([`VersionProfile::consumer_defaults`]);
//! [`ConsumerConfig::set`] takes a config by Kafka's name and checks it as its `ConfigDef`
//! entry does; [`ConsumerConfig::validate`] applies the checks across configs that
//! `KafkaConsumer`'s constructor makes (`ConsumerConfig.maybeOverrideEnableAutoCommit`,
//! `Heartbeat`'s session check).

use std::collections::BTreeSet;

use crate::engine::producer::config::ConfigError;
use crate::engine::profile::VersionProfile;
use crate::engine::protocol::IsolationLevel;

/// `auto.offset.reset` (`OffsetResetStrategy`): where a partition without a committed offset
/// (or with an out-of-range position) starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum AutoOffsetReset {
    /// `latest`: the log end (the high watermark, or the LSO under `read_committed`).
    Latest,
    /// `earliest`: the log start offset.
    Earliest,
    /// `none`: `NoOffsetForPartitionException` from `poll()`.
    None,
}

impl AutoOffsetReset {
    pub const fn name(self) -> &'static str {
        match self {
            AutoOffsetReset::Latest => "latest",
            AutoOffsetReset::Earliest => "earliest",
            AutoOffsetReset::None => "none",
        }
    }
}

/// The built-in assignors `partition.assignment.strategy` may name, by class.
pub const ASSIGNOR_CLASSES: [(&str, &str); 4] = [
    ("org.apache.kafka.clients.consumer.RangeAssignor", "range"),
    (
        "org.apache.kafka.clients.consumer.RoundRobinAssignor",
        "roundrobin",
    ),
    ("org.apache.kafka.clients.consumer.StickyAssignor", "sticky"),
    (
        "org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
        "cooperative-sticky",
    ),
];

/// The protocol name (`ConsumerPartitionAssignor.name()`) of an assignor class, given by its
/// full or simple class name.
pub fn assignor_name_for_class(class: &str) -> Option<&'static str> {
    let class = class.trim();
    ASSIGNOR_CLASSES
        .iter()
        .find(|(full, _)| *full == class || full.rsplit('.').next() == Some(class))
        .map(|(_, name)| *name)
}

/// The full class name of an assignor protocol name.
pub fn assignor_class_for_name(name: &str) -> Option<&'static str> {
    ASSIGNOR_CLASSES
        .iter()
        .find(|(_, n)| *n == name)
        .map(|(class, _)| *class)
}

/// The consumer's configuration; names are Kafka's with units last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsumerConfig {
    /// The release whose defaults this started from.
    pub profile: VersionProfile,
    /// `group.id`; `None` (Kafka's null default) for a consumer outside any group.
    pub group_id: Option<String>,
    /// `client.id`; empty means `consumer-<group>-N` (`ConsumerConfig.maybeOverrideClientId`).
    pub client_id: String,
    /// `group.instance.id` (KIP-345 static membership).
    pub group_instance_id: Option<String>,
    pub enable_auto_commit: bool,
    pub auto_commit_interval_ms: i64,
    pub auto_offset_reset: AutoOffsetReset,
    pub max_poll_records: usize,
    pub fetch_min_bytes: i32,
    pub fetch_max_wait_ms: i64,
    pub fetch_max_bytes: i32,
    pub max_partition_fetch_bytes: i32,
    pub session_timeout_ms: i64,
    pub heartbeat_interval_ms: i64,
    /// `max.poll.interval.ms`, also the JoinGroup rebalance timeout (`GroupRebalanceConfig`).
    pub max_poll_interval_ms: i64,
    /// `partition.assignment.strategy` as protocol names (`range`, `cooperative-sticky`...),
    /// in the configured order of preference.
    pub partition_assignment_strategy: Vec<String>,
    pub isolation_level: IsolationLevel,
    /// `allow.auto.create.topics` (KIP-361): a subscription to a missing topic lets the broker
    /// create it, when the broker's `auto.create.topics.enable` allows.
    pub allow_auto_create_topics: bool,
    pub retry_backoff_ms: i64,
    pub request_timeout_ms: i64,
    /// The configs set explicitly (Kafka's `originals()`), by name.
    pub explicit: BTreeSet<String>,
}

fn invalid(name: &str, value: &str, reason: impl Into<String>) -> ConfigError {
    ConfigError::InvalidValue {
        name: name.to_owned(),
        value: value.to_owned(),
        reason: reason.into(),
    }
}

fn parse_int<T: std::str::FromStr>(name: &str, value: &str) -> Result<T, ConfigError> {
    value
        .trim()
        .parse()
        .map_err(|_| invalid(name, value, "Not a number of the expected type"))
}

fn parse_at_least<T>(name: &str, value: &str, min: T) -> Result<T, ConfigError>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
{
    let parsed: T = parse_int(name, value)?;
    if parsed < min {
        Err(invalid(
            name,
            value,
            format!("Value must be at least {min}"),
        ))
    } else {
        Ok(parsed)
    }
}

fn parse_bool(name: &str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(invalid(
            name,
            value,
            "Expected value to be either true or false",
        )),
    }
}

impl ConsumerConfig {
    /// The defaults of `profile`.
    pub fn new(profile: VersionProfile) -> ConsumerConfig {
        profile.consumer_defaults()
    }

    /// The `rebalance.timeout` a JoinGroup carries: `max.poll.interval.ms`.
    pub fn rebalance_timeout_ms(&self) -> i64 {
        self.max_poll_interval_ms
    }

    /// Sets a config by Kafka's name, checking it as its `ConfigDef` entry does.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), ConfigError> {
        match name {
            "group.id" => self.group_id = Some(value.to_owned()),
            "client.id" => self.client_id = value.to_owned(),
            "group.instance.id" => {
                // `JoinGroupRequest.validateGroupInstanceId`, run by `GroupRebalanceConfig`.
                if value.is_empty() {
                    return Err(invalid(
                        name,
                        value,
                        "Group instance id must be non-empty string",
                    ));
                }
                if value.len() > 249 {
                    return Err(invalid(
                        name,
                        value,
                        "Group instance id can't be longer than 249 characters",
                    ));
                }
                if !value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
                {
                    return Err(invalid(
                        name,
                        value,
                        format!("Group instance id \"{value}\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'"),
                    ));
                }
                self.group_instance_id = Some(value.to_owned());
            }
            "enable.auto.commit" => self.enable_auto_commit = parse_bool(name, value)?,
            "auto.commit.interval.ms" => {
                self.auto_commit_interval_ms = parse_at_least(name, value, 0)?;
            }
            "auto.offset.reset" => {
                self.auto_offset_reset = match value.trim().to_ascii_lowercase().as_str() {
                    "latest" => AutoOffsetReset::Latest,
                    "earliest" => AutoOffsetReset::Earliest,
                    "none" => AutoOffsetReset::None,
                    _ => {
                        return Err(invalid(
                            name,
                            value,
                            "String must be one of: latest, earliest, none",
                        ))
                    }
                }
            }
            "max.poll.records" => self.max_poll_records = parse_at_least(name, value, 1)?,
            "fetch.min.bytes" => self.fetch_min_bytes = parse_at_least(name, value, 0)?,
            "fetch.max.wait.ms" => self.fetch_max_wait_ms = parse_at_least(name, value, 0)?,
            "fetch.max.bytes" => self.fetch_max_bytes = parse_at_least(name, value, 0)?,
            "max.partition.fetch.bytes" => {
                self.max_partition_fetch_bytes = parse_at_least(name, value, 0)?;
            }
            "session.timeout.ms" => self.session_timeout_ms = parse_int(name, value)?,
            "heartbeat.interval.ms" => self.heartbeat_interval_ms = parse_int(name, value)?,
            "max.poll.interval.ms" => self.max_poll_interval_ms = parse_at_least(name, value, 1)?,
            "partition.assignment.strategy" => {
                let mut names = Vec::new();
                for class in value.split(',').map(str::trim).filter(|c| !c.is_empty()) {
                    let Some(n) = assignor_name_for_class(class) else {
                        return Err(invalid(
                            name,
                            value,
                            format!("Class {class} cannot be found"),
                        ));
                    };
                    names.push(n.to_owned());
                }
                self.partition_assignment_strategy = names;
            }
            "isolation.level" => {
                self.isolation_level = match value.trim() {
                    "read_uncommitted" => IsolationLevel::ReadUncommitted,
                    "read_committed" => IsolationLevel::ReadCommitted,
                    _ => {
                        return Err(invalid(
                            name,
                            value,
                            "String must be one of: read_committed, read_uncommitted",
                        ))
                    }
                }
            }
            "allow.auto.create.topics" => self.allow_auto_create_topics = parse_bool(name, value)?,
            "retry.backoff.ms" => self.retry_backoff_ms = parse_at_least(name, value, 0)?,
            "request.timeout.ms" => self.request_timeout_ms = parse_at_least(name, value, 0)?,
            _ => {
                return Err(ConfigError::Conflict(format!(
                    "The configuration '{name}' is not a consumer config kplay knows (known: {}).",
                    KNOWN_CONFIGS.join(", ")
                )))
            }
        }
        self.explicit.insert(name.to_owned());
        Ok(())
    }

    /// The checks `KafkaConsumer`'s constructor makes across configs, and the defaults it
    /// overrides:
    /// - `ConsumerConfig.maybeOverrideEnableAutoCommit`: without a `group.id`, auto-commit is
    ///   off unless set, and refused when set to true;
    /// - `Heartbeat`/`GroupRebalanceConfig`: the heartbeat interval below the session timeout;
    /// - `KafkaConsumer`: at least one assignor when a group is used.
    pub fn validate(mut self) -> Result<ConsumerConfig, ConfigError> {
        if self.group_id.is_none() {
            if !self.explicit.contains("enable.auto.commit") {
                self.enable_auto_commit = false;
            } else if self.enable_auto_commit {
                return Err(ConfigError::Conflict(
                    "enable.auto.commit cannot be set to true when default group id (null) is used."
                        .to_owned(),
                ));
            }
        } else {
            if self.heartbeat_interval_ms >= self.session_timeout_ms {
                return Err(ConfigError::Conflict(
                    "Heartbeat must be set lower than the session timeout".to_owned(),
                ));
            }
            if self.partition_assignment_strategy.is_empty() {
                return Err(ConfigError::Conflict(
                    "Must configure at least one partition assigner class name to partition.assignment.strategy configuration property".to_owned(),
                ));
            }
        }
        Ok(self)
    }
}

/// The configs [`ConsumerConfig::set`] takes.
pub const KNOWN_CONFIGS: [&str; 19] = [
    "group.id",
    "client.id",
    "group.instance.id",
    "enable.auto.commit",
    "auto.commit.interval.ms",
    "auto.offset.reset",
    "max.poll.records",
    "fetch.min.bytes",
    "fetch.max.wait.ms",
    "fetch.max.bytes",
    "max.partition.fetch.bytes",
    "session.timeout.ms",
    "heartbeat.interval.ms",
    "max.poll.interval.ms",
    "partition.assignment.strategy",
    "isolation.level",
    "allow.auto.create.topics",
    "retry.backoff.ms",
    "request.timeout.ms",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_differ_in_assignors_and_session_timeout() {
        let old = ConsumerConfig::new(VersionProfile::Kafka2_5);
        let new = ConsumerConfig::new(VersionProfile::Kafka4x);
        assert_eq!(old.partition_assignment_strategy, ["range"]);
        assert_eq!(
            new.partition_assignment_strategy,
            ["range", "cooperative-sticky"]
        );
        assert_eq!(
            (old.session_timeout_ms, new.session_timeout_ms),
            (10_000, 45_000)
        );
        assert_eq!(new.max_poll_records, 500);
        assert_eq!(new.auto_offset_reset, AutoOffsetReset::Latest);
    }

    #[test]
    fn values_are_checked_with_kafkas_messages() {
        let mut c = ConsumerConfig::new(VersionProfile::Kafka4x);
        assert_eq!(
            c.set("auto.offset.reset", "smallest").unwrap_err().to_string(),
            "Invalid value smallest for configuration auto.offset.reset: String must be one of: latest, earliest, none"
        );
        assert_eq!(
            c.set("max.poll.records", "0").unwrap_err().to_string(),
            "Invalid value 0 for configuration max.poll.records: Value must be at least 1"
        );
        assert_eq!(
            c.set("isolation.level", "READ").unwrap_err().to_string(),
            "Invalid value READ for configuration isolation.level: String must be one of: read_committed, read_uncommitted"
        );
        c.set(
            "partition.assignment.strategy",
            "org.apache.kafka.clients.consumer.RoundRobinAssignor,StickyAssignor",
        )
        .unwrap();
        assert_eq!(c.partition_assignment_strategy, ["roundrobin", "sticky"]);
        assert!(c.set("partition.assignment.strategy", "Foo").is_err());
    }

    #[test]
    fn auto_commit_needs_a_group() {
        let c = ConsumerConfig::new(VersionProfile::Kafka4x)
            .validate()
            .unwrap();
        assert!(!c.enable_auto_commit);
        let mut c = ConsumerConfig::new(VersionProfile::Kafka4x);
        c.set("enable.auto.commit", "true").unwrap();
        assert_eq!(
            c.validate().unwrap_err().to_string(),
            "enable.auto.commit cannot be set to true when default group id (null) is used."
        );
        let mut c = ConsumerConfig::new(VersionProfile::Kafka4x);
        c.set("group.id", "g").unwrap();
        c.set("heartbeat.interval.ms", "45000").unwrap();
        assert_eq!(
            c.validate().unwrap_err().to_string(),
            "Heartbeat must be set lower than the session timeout"
        );
    }
}
