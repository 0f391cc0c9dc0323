//! [`ProducerConfig`]: the producer's settings, as Kafka's `ProducerConfig` defines and checks
//! them.
//!
//! Defaults come from the playground's [`VersionProfile`]; [`ProducerConfig::set`] takes a
//! config by Kafka's name and remembers it was set explicitly, because Kafka's checks depend on
//! that (`ProducerConfig.postProcessAndValidateIdempotenceConfigs`: conflicting settings
//! silently disable a *default* idempotence but fail an *explicit* one;
//! `KafkaProducer.configureDeliveryTimeout`: a too small `delivery.timeout.ms` is raised when
//! defaulted, refused when explicit). [`ProducerConfig::validate`] applies those rules.

use std::collections::BTreeSet;

use thiserror::Error;

use crate::engine::profile::VersionProfile;
use crate::engine::record::Compression;

/// `ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION_FOR_IDEMPOTENCE`.
pub const MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION_FOR_IDEMPOTENCE: usize = 5;

/// `acks`: how many replicas must have a record before the leader answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Acks {
    /// `0`: no response at all; the record's offset is unknown (-1).
    Zero,
    /// `1`: the leader wrote it to its log.
    One,
    /// `all` / `-1`: every in-sync replica has it.
    All,
}

impl Acks {
    /// The value sent in the Produce request.
    pub const fn wire(self) -> i16 {
        match self {
            Acks::Zero => 0,
            Acks::One => 1,
            Acks::All => -1,
        }
    }

    /// As Kafka prints it after `parseAcks`.
    pub const fn name(self) -> &'static str {
        match self {
            Acks::Zero => "0",
            Acks::One => "1",
            Acks::All => "all",
        }
    }
}

/// `partitioner.class`: which partitioner places records without an explicit partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum PartitionerKind {
    /// Unset since 3.3: the built-in partitioner of `RecordAccumulator` (`BuiltInPartitioner`,
    /// KIP-794): murmur2 for keys, uniform sticky switching after `batch.size` bytes otherwise.
    BuiltIn,
    /// `org.apache.kafka.clients.producer.internals.DefaultPartitioner` (2.4-3.2, KIP-480):
    /// murmur2 for keys, a sticky partition changed when a new batch is created otherwise.
    DefaultPartitioner,
    /// `org.apache.kafka.clients.producer.UniformStickyPartitioner`: the sticky partition for
    /// every record, keys ignored.
    UniformStickyPartitioner,
    /// `org.apache.kafka.clients.producer.RoundRobinPartitioner`: one partition after another,
    /// keys ignored.
    RoundRobin,
}

impl PartitionerKind {
    /// The `partitioner.class` value, or `None` for the built-in partitioner (config unset).
    pub const fn class_name(self) -> Option<&'static str> {
        match self {
            PartitionerKind::BuiltIn => None,
            PartitionerKind::DefaultPartitioner => {
                Some("org.apache.kafka.clients.producer.internals.DefaultPartitioner")
            }
            PartitionerKind::UniformStickyPartitioner => {
                Some("org.apache.kafka.clients.producer.UniformStickyPartitioner")
            }
            PartitionerKind::RoundRobin => {
                Some("org.apache.kafka.clients.producer.RoundRobinPartitioner")
            }
        }
    }

    fn from_class_name(name: &str) -> Option<PartitionerKind> {
        [
            PartitionerKind::DefaultPartitioner,
            PartitionerKind::UniformStickyPartitioner,
            PartitionerKind::RoundRobin,
        ]
        .into_iter()
        .find(|k| k.class_name() == Some(name))
    }
}

/// Kafka's `ConfigException`: a value refused by a config's definition or by the checks above.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ConfigError {
    /// `ConfigException(name, value, message)`.
    #[error("Invalid value {value} for configuration {name}: {reason}")]
    InvalidValue {
        name: String,
        value: String,
        reason: String,
    },
    /// A check across several configs (`ConfigException(message)`).
    #[error("{0}")]
    Conflict(String),
}

fn invalid(name: &str, value: &str, reason: impl Into<String>) -> ConfigError {
    ConfigError::InvalidValue {
        name: name.to_owned(),
        value: value.to_owned(),
        reason: reason.into(),
    }
}

/// The producer's configuration; names are Kafka's with units last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProducerConfig {
    /// The release whose defaults this started from.
    pub profile: VersionProfile,
    /// `client.id`; empty means `producer-N` (`ProducerConfig.maybeOverrideClientId`).
    pub client_id: String,
    pub acks: Acks,
    pub enable_idempotence: bool,
    pub transactional_id: Option<String>,
    pub transaction_timeout_ms: i32,
    pub batch_size: usize,
    pub linger_ms: i64,
    pub buffer_memory: u64,
    pub max_block_ms: i64,
    /// `compression.type`.
    pub compression: Compression,
    pub max_request_size: usize,
    pub max_in_flight_requests_per_connection: usize,
    pub request_timeout_ms: i64,
    pub delivery_timeout_ms: i64,
    pub retries: i32,
    pub retry_backoff_ms: i64,
    /// `retry.backoff.max.ms` (KIP-580, 3.7+); `None` in releases before it, where the backoff
    /// is the constant `retry.backoff.ms`.
    pub retry_backoff_max_ms: Option<i64>,
    /// `partitioner.class`.
    pub partitioner: PartitionerKind,
    pub partitioner_adaptive_partitioning_enable: bool,
    pub partitioner_availability_timeout_ms: i64,
    pub partitioner_ignore_keys: bool,
    /// The configs set explicitly (Kafka's `originals()`), by name.
    pub explicit: BTreeSet<String>,
}

fn parse_int<T: std::str::FromStr>(name: &str, value: &str) -> Result<T, ConfigError> {
    value
        .trim()
        .parse()
        .map_err(|_| invalid(name, value, "Not a number of the expected type"))
}

fn at_least<T: PartialOrd + std::fmt::Display + Copy>(
    name: &str,
    value: &str,
    parsed: T,
    min: T,
) -> Result<T, ConfigError> {
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

impl ProducerConfig {
    /// The defaults of `profile`.
    pub fn new(profile: VersionProfile) -> ProducerConfig {
        profile.producer_defaults()
    }

    /// Sets a config by Kafka's name, checking it as its `ConfigDef` entry does.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), ConfigError> {
        match name {
            "client.id" => self.client_id = value.to_owned(),
            "acks" => {
                self.acks = match value.trim().to_ascii_lowercase().as_str() {
                    "all" | "-1" => Acks::All,
                    "0" => Acks::Zero,
                    "1" => Acks::One,
                    _ => return Err(invalid(name, value, "String must be one of: all, -1, 0, 1")),
                }
            }
            "enable.idempotence" => self.enable_idempotence = parse_bool(name, value)?,
            "transactional.id" => {
                if value.is_empty() {
                    return Err(invalid(name, value, "String must be non-empty"));
                }
                self.transactional_id = Some(value.to_owned());
            }
            "transaction.timeout.ms" => {
                self.transaction_timeout_ms = parse_int(name, value)?;
            }
            "batch.size" => {
                let v: usize = parse_int(name, value)?;
                self.batch_size = v;
            }
            "linger.ms" => {
                let v = parse_int(name, value)?;
                self.linger_ms = at_least(name, value, v, 0)?;
            }
            "buffer.memory" => self.buffer_memory = parse_int(name, value)?,
            "max.block.ms" => {
                let v = parse_int(name, value)?;
                self.max_block_ms = at_least(name, value, v, 0)?;
            }
            "compression.type" => {
                self.compression = Compression::from_name(value.trim()).ok_or_else(|| {
                    invalid(
                        name,
                        value,
                        "String must be one of: none, gzip, snappy, lz4, zstd",
                    )
                })?;
            }
            "max.request.size" => self.max_request_size = parse_int(name, value)?,
            "max.in.flight.requests.per.connection" => {
                let v = parse_int(name, value)?;
                self.max_in_flight_requests_per_connection = at_least(name, value, v, 1)?;
            }
            "request.timeout.ms" => {
                let v = parse_int(name, value)?;
                self.request_timeout_ms = at_least(name, value, v, 0)?;
            }
            "delivery.timeout.ms" => {
                let v = parse_int(name, value)?;
                self.delivery_timeout_ms = at_least(name, value, v, 0)?;
            }
            "retries" => {
                let v = parse_int(name, value)?;
                self.retries = at_least(name, value, v, 0)?;
            }
            "retry.backoff.ms" => {
                let v = parse_int(name, value)?;
                self.retry_backoff_ms = at_least(name, value, v, 0)?;
            }
            "retry.backoff.max.ms" => {
                let v = parse_int(name, value)?;
                self.retry_backoff_max_ms = Some(at_least(name, value, v, 0)?);
            }
            "partitioner.class" => {
                self.partitioner = if value.trim().is_empty() {
                    PartitionerKind::BuiltIn
                } else {
                    PartitionerKind::from_class_name(value.trim())
                        .ok_or_else(|| invalid(name, value, "Class could not be found."))?
                };
            }
            "partitioner.adaptive.partitioning.enable" => {
                self.partitioner_adaptive_partitioning_enable = parse_bool(name, value)?;
            }
            "partitioner.availability.timeout.ms" => {
                let v = parse_int(name, value)?;
                self.partitioner_availability_timeout_ms = at_least(name, value, v, 0)?;
            }
            "partitioner.ignore.keys" => self.partitioner_ignore_keys = parse_bool(name, value)?,
            _ => {
                return Err(ConfigError::Conflict(format!(
                    "The configuration '{name}' is not a producer config kplay knows."
                )))
            }
        }
        self.explicit.insert(name.to_owned());
        Ok(())
    }

    fn is_explicit(&self, name: &str) -> bool {
        self.explicit.contains(name)
    }

    /// Applies Kafka's cross-config rules and returns the effective configuration:
    /// `ProducerConfig.postProcessAndValidateIdempotenceConfigs` and
    /// `KafkaProducer.configureDeliveryTimeout`.
    pub fn validate(mut self) -> Result<ProducerConfig, ConfigError> {
        let user_idempotence = self.is_explicit("enable.idempotence");
        if self.enable_idempotence {
            let mut disable = false;
            if self.retries == 0 {
                if user_idempotence {
                    return Err(ConfigError::Conflict(
                        "Must set retries to non-zero when using the idempotent producer."
                            .to_owned(),
                    ));
                }
                disable = true;
            }
            if self.acks != Acks::All {
                if user_idempotence {
                    return Err(ConfigError::Conflict(
                        "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence."
                            .to_owned(),
                    ));
                }
                disable = true;
            }
            // Unlike the two checks above, Kafka refuses this one even when idempotence is
            // only the default: the user must disable idempotence to go above 5.
            if self.max_in_flight_requests_per_connection
                > MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION_FOR_IDEMPOTENCE
            {
                return Err(ConfigError::Conflict(format!(
                    "To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most 5. Current value is {}.",
                    self.max_in_flight_requests_per_connection
                )));
            }
            if disable {
                self.enable_idempotence = false;
            }
        }
        if !self.enable_idempotence && self.transactional_id.is_some() {
            return Err(ConfigError::Conflict(
                "Cannot set a transactional.id without also enabling idempotence.".to_owned(),
            ));
        }
        let linger_and_request_timeout_ms = self.linger_ms + self.request_timeout_ms;
        if self.delivery_timeout_ms < linger_and_request_timeout_ms {
            if self.is_explicit("delivery.timeout.ms") {
                return Err(ConfigError::Conflict(
                    "delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms"
                        .to_owned(),
                ));
            }
            self.delivery_timeout_ms = linger_and_request_timeout_ms;
        }
        Ok(self)
    }

    /// `guaranteeMessageOrder` of `KafkaProducer.newSender`: with one request in flight per
    /// connection the sender mutes a partition while its batch is in flight.
    pub fn guarantee_message_order(&self) -> bool {
        self.max_in_flight_requests_per_connection == 1
    }

    /// The effective configs as `name=value` lines, for the UI's config view.
    pub fn describe(&self) -> Vec<(String, String, bool)> {
        let mut out = Vec::new();
        let mut push = |name: &str, value: String| {
            out.push((name.to_owned(), value, self.explicit.contains(name)));
        };
        push("acks", self.acks.name().to_owned());
        push("enable.idempotence", self.enable_idempotence.to_string());
        push(
            "transactional.id",
            self.transactional_id
                .clone()
                .unwrap_or_else(|| "null".to_owned()),
        );
        push("batch.size", self.batch_size.to_string());
        push("linger.ms", self.linger_ms.to_string());
        push("buffer.memory", self.buffer_memory.to_string());
        push("max.block.ms", self.max_block_ms.to_string());
        push("compression.type", self.compression.name().to_owned());
        push(
            "max.in.flight.requests.per.connection",
            self.max_in_flight_requests_per_connection.to_string(),
        );
        push("request.timeout.ms", self.request_timeout_ms.to_string());
        push("delivery.timeout.ms", self.delivery_timeout_ms.to_string());
        push("retries", self.retries.to_string());
        push("retry.backoff.ms", self.retry_backoff_ms.to_string());
        if let Some(max) = self.retry_backoff_max_ms {
            push("retry.backoff.max.ms", max.to_string());
        }
        push(
            "partitioner.class",
            self.partitioner.class_name().unwrap_or("null").to_owned(),
        );
        push(
            "partitioner.ignore.keys",
            self.partitioner_ignore_keys.to_string(),
        );
        push(
            "partitioner.adaptive.partitioning.enable",
            self.partitioner_adaptive_partitioning_enable.to_string(),
        );
        push(
            "partitioner.availability.timeout.ms",
            self.partitioner_availability_timeout_ms.to_string(),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(
        profile: VersionProfile,
        settings: &[(&str, &str)],
    ) -> Result<ProducerConfig, ConfigError> {
        let mut c = ProducerConfig::new(profile);
        for (k, v) in settings {
            c.set(k, v)?;
        }
        c.validate()
    }

    #[test]
    fn conflicting_settings_disable_default_idempotence() {
        let c = cfg(VersionProfile::Kafka4x, &[("acks", "1")]).unwrap();
        assert!(!c.enable_idempotence);
        let c = cfg(VersionProfile::Kafka4x, &[("retries", "0")]).unwrap();
        assert!(!c.enable_idempotence);
        assert!(
            cfg(VersionProfile::Kafka4x, &[])
                .unwrap()
                .enable_idempotence
        );
    }

    #[test]
    fn conflicting_settings_fail_explicit_idempotence() {
        let e = cfg(
            VersionProfile::Kafka2_5,
            &[("enable.idempotence", "true"), ("acks", "1")],
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence."
        );
        let e = cfg(
            VersionProfile::Kafka4x,
            &[("max.in.flight.requests.per.connection", "6")],
        )
        .unwrap_err();
        assert!(e
            .to_string()
            .contains("must be set to at most 5. Current value is 6."));
    }

    #[test]
    fn transactional_id_needs_idempotence() {
        let e = cfg(VersionProfile::Kafka2_5, &[("transactional.id", "t")]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Cannot set a transactional.id without also enabling idempotence."
        );
    }

    #[test]
    fn delivery_timeout_is_raised_when_defaulted_and_refused_when_explicit() {
        let c = cfg(VersionProfile::Kafka4x, &[("request.timeout.ms", "200000")]).unwrap();
        assert_eq!(c.delivery_timeout_ms, 200_005);
        let e = cfg(VersionProfile::Kafka4x, &[("delivery.timeout.ms", "100")]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms"
        );
    }

    #[test]
    fn bad_values_are_refused_with_kafkas_wording() {
        let mut c = ProducerConfig::new(VersionProfile::Kafka4x);
        assert_eq!(
            c.set("acks", "2").unwrap_err().to_string(),
            "Invalid value 2 for configuration acks: String must be one of: all, -1, 0, 1"
        );
        assert!(c.set("compression.type", "brotli").is_err());
        c.set("compression.type", "zstd").unwrap();
        assert_eq!(c.compression, Compression::Zstd);
        c.set(
            "partitioner.class",
            "org.apache.kafka.clients.producer.RoundRobinPartitioner",
        )
        .unwrap();
        assert_eq!(c.partitioner, PartitionerKind::RoundRobin);
    }
}
