//! The broker-level settings every topic inherits unless it overrides them.
//!
//! Mirrors the log part of Kafka's `KafkaConfig` (`LogConfig.SERVER_CONFIG_DEF`,
//! `ServerLogConfigs`, `CleanerConfig`, `ServerConfigs`, `ReplicationConfigs`): the settings
//! written in `server.properties` (`log.retention.hours=168`, ...), with Kafka's names, types,
//! defaults and validators. A topic config's broker-level value comes from its synonyms
//! (`ServerTopicConfigSynonyms`): the first synonym that is explicitly set wins, converted to
//! the topic config's unit — so `log.retention.ms` beats `log.retention.minutes`, which beats
//! `log.retention.hours` (`KafkaConfig.logRetentionTimeMillis`), and `log.roll.ms` beats
//! `log.roll.hours`.

use std::collections::BTreeMap;

use super::config::{effective, LogConfig};
use super::config_def::{self, ConfigDef, Converter, MIN_SEGMENT_BYTES};
use super::config_value::{
    parse_value, ConfigError, ConfigType, ConfigValue, MAX_CONFIG_VALUE_BYTES,
};
use super::overrides::TopicConfigOverrides;

/// The broker's explicitly set settings (Kafka's "static broker config"); everything not set
/// has Kafka's default. `Default` is a broker with an empty `server.properties`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BrokerConfig {
    /// Settings as written, by name (what `DescribeConfigs` shows as `STATIC_BROKER_CONFIG`).
    raw: BTreeMap<String, String>,
    /// The same settings, parsed.
    parsed: BTreeMap<String, ConfigValue>,
    /// kplay-only, see [`BrokerConfig::set_playground_internal_segment_bytes`].
    playground_internal_segment_bytes: Option<i32>,
    /// Dynamic cluster-wide defaults, as written (`currentDynamicDefaultConfigs`).
    #[serde(default)]
    dynamic_default: BTreeMap<String, String>,
    /// Dynamic per-broker settings by broker id, as written (`currentDynamicBrokerConfigs`).
    #[serde(default)]
    dynamic_per_broker: BTreeMap<i32, BTreeMap<String, String>>,
    /// The broker whose per-broker settings apply: Kafka's `KafkaConfig` belongs to one broker
    /// (`node.id`); kplay's brokers share one `BrokerConfig`, read as the controller's while the
    /// cluster has one broker.
    #[serde(default)]
    local_broker_id: i32,
}

/// Which dynamic layer an alteration changes: the resource name of a `BROKER` config resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum DynamicScope {
    /// Resource name `""`: the default of every broker in the cluster.
    ClusterDefault,
    /// Resource name `"<id>"`: one broker.
    Broker(i32),
}

/// Why a dynamic broker config change was refused; the messages are Kafka's
/// (`DynamicBrokerConfig.validateConfigs`, `ConfigDef` validation).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DynamicConfigError {
    /// Settings Kafka cannot change at runtime (`Set(…)`, as Scala prints a set).
    #[error("Cannot update these configs dynamically: Set({})", .0.join(", "))]
    NotDynamic(Vec<String>),
    /// A setting kplay does not model (Kafka may know it; the playground cannot apply it).
    #[error("kplay does not model the broker config {0}; it can change these dynamically: {1}")]
    NotModelled(String, String),
    /// A value the setting's definition refuses.
    #[error(transparent)]
    Invalid(#[from] ConfigError),
    /// Only SET and DELETE apply to broker configs in kplay.
    #[error("kplay applies only SET and DELETE to broker configs, not {0}")]
    UnsupportedOp(&'static str),
}

/// One change of a dynamic broker setting (`None`: not set in that layer).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BrokerConfigChange {
    pub name: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The name kplay reports when its playground segment size is refused. Not a Kafka setting.
pub const PLAYGROUND_INTERNAL_SEGMENT_BYTES: &str = "kplay.playground.internal.segment.bytes";

impl BrokerConfig {
    /// A broker configured from `server.properties`-style pairs, validated as Kafka validates at startup.
    pub fn from_properties<'a>(
        props: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<BrokerConfig, ConfigError> {
        let mut config = BrokerConfig::default();
        for (name, value) in props {
            config.set(name, value)?;
        }
        Ok(config)
    }

    /// Sets one broker setting, refusing it (and leaving the config unchanged) if Kafka would
    /// refuse it: unparseable or out of range (`ConfigDef`), compaction lags that contradict
    /// (`LogConfig.validateBrokerLogConfigValues`), or a value that makes a derived topic
    /// default invalid (Kafka would fail building the broker's default `LogConfig`).
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), ConfigError> {
        let def = config_def::broker_config(name)
            .ok_or_else(|| ConfigError::UnknownBrokerConfig(name.to_owned()))?;
        if value.len() > MAX_CONFIG_VALUE_BYTES {
            return Err(ConfigError::ValueTooLarge);
        }
        let parsed = parse_value(name, value, def.ty)?;
        if let Some(v) = def.validator {
            v.ensure_valid(name, &parsed)?;
        }
        let mut candidate = self.clone();
        candidate.raw.insert(name.to_owned(), value.to_owned());
        candidate.parsed.insert(name.to_owned(), parsed);
        candidate.check_derived_topic_defaults()?;
        *self = candidate;
        Ok(())
    }

    /// Removes an explicit setting (back to Kafka's default). Returns whether it was set.
    pub fn unset(&mut self, name: &str) -> bool {
        self.parsed.remove(name);
        self.raw.remove(name).is_some()
    }

    /// Whether the setting is explicitly set.
    pub fn is_set(&self, name: &str) -> bool {
        self.raw.contains_key(name)
    }

    /// The setting as written, if explicitly set.
    pub fn raw(&self, name: &str) -> Option<&str> {
        self.raw.get(name).map(String::as_str)
    }

    /// The explicitly set settings, as written, in name order.
    pub fn explicit(&self) -> impl Iterator<Item = (&str, &str)> {
        self.raw.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The setting as explicitly given in the highest layer that sets it: this broker's
    /// dynamic value, the cluster's dynamic default, then `server.properties`.
    fn explicit_value(&self, name: &str) -> Option<ConfigValue> {
        let def = config_def::broker_config(name)?;
        let dynamic = self
            .dynamic_per_broker
            .get(&self.local_broker_id)
            .and_then(|layer| layer.get(name))
            .or_else(|| self.dynamic_default.get(name));
        match dynamic {
            // Stored values were parsed when set, so this cannot fail.
            Some(raw) => parse_value(name, raw, def.ty).ok(),
            None => self.parsed.get(name).cloned(),
        }
    }

    /// The setting's value: explicit (dynamic, then static), else Kafka's default; `None` for a
    /// setting without a default that is not set (e.g. `log.retention.ms`) or for a name kplay
    /// does not model.
    pub fn value(&self, name: &str) -> Option<ConfigValue> {
        if let Some(v) = self.explicit_value(name) {
            return Some(v);
        }
        config_def::broker_config(name)
            .and_then(|d| d.default)
            .map(|d| d.to_value())
    }

    /// An INT setting with a default (the transaction and producer-state settings read it).
    pub fn int(&self, name: &str) -> i32 {
        match self.value(name) {
            Some(ConfigValue::Int(i)) => i,
            other => panic!(
                "{name} is an INT setting with a default, got {other:?}: the broker table is wrong"
            ),
        }
    }

    /// A LONG setting with a default (`replica.lag.time.max.ms`).
    pub fn long(&self, name: &str) -> i64 {
        match self.value(name) {
            Some(ConfigValue::Long(l)) => l,
            other => panic!(
                "{name} is a LONG setting with a default, got {other:?}: the broker table is wrong"
            ),
        }
    }

    /// A BOOLEAN setting with a default.
    pub fn boolean(&self, name: &str) -> bool {
        match self.value(name) {
            Some(ConfigValue::Boolean(b)) => b,
            other => panic!("{name} is a BOOLEAN setting with a default, got {other:?}: the broker table is wrong"),
        }
    }

    /// `num.partitions`: partitions of a topic created with `-1` partitions (or auto-created).
    pub fn num_partitions(&self) -> i32 {
        self.int("num.partitions")
    }

    /// `default.replication.factor`, cast to `short` as `QuorumController` does.
    pub fn default_replication_factor(&self) -> i16 {
        self.int("default.replication.factor") as i16
    }

    /// `delete.topic.enable`: when false, DeleteTopics answers `TOPIC_DELETION_DISABLED`.
    pub fn delete_topic_enable(&self) -> bool {
        self.boolean("delete.topic.enable")
    }

    /// `auto.create.topics.enable`.
    pub fn auto_create_topics_enable(&self) -> bool {
        self.boolean("auto.create.topics.enable")
    }

    /// `KafkaConfig.logRetentionTimeMillis`: `log.retention.ms`, else minutes, else hours;
    /// any negative result means unlimited (`-1`).
    pub fn log_retention_time_millis(&self) -> i64 {
        match self.topic_default("retention.ms") {
            Some(ConfigValue::Long(ms)) => ms,
            other => panic!("retention.ms always has a broker default, got {other:?}"),
        }
    }

    /// The value this broker supplies for a topic config, from the config's synonyms
    /// (`KafkaConfig.extractLogConfigMap`); `None` if the topic config has no broker synonym
    /// (then Kafka's topic default applies).
    pub fn topic_default(&self, topic_config: &str) -> Option<ConfigValue> {
        let synonyms = config_def::synonyms_of(topic_config);
        let topic_def = config_def::topic_config(topic_config)?;
        let explicit = synonyms
            .iter()
            .find_map(|s| self.explicit_value(s.name).map(|v| (s, v)));
        let chosen = explicit.or_else(|| {
            synonyms.iter().find_map(|s| {
                config_def::broker_config(s.name)
                    .and_then(|d| d.default)
                    .map(|d| (s, d.to_value()))
            })
        });
        let (synonym, value) = chosen?;
        let converted = convert(topic_def, synonym.converter, value);
        if topic_config == "retention.ms" {
            // `KafkaConfig.logRetentionTimeMillis`: `if (millis < 0) return -1`.
            if let ConfigValue::Long(ms) = converted {
                return Some(ConfigValue::Long(if ms < 0 { -1 } else { ms }));
            }
        }
        Some(converted)
    }

    /// The effective config of a topic without overrides on this broker.
    pub fn log_config(&self) -> LogConfig {
        effective(self, &TopicConfigOverrides::default())
    }

    /// **kplay-only playground setting, not a Kafka broker setting.** Kafka 4.x refuses
    /// `segment.bytes` / `log.segment.bytes` below 1 MiB; its own tests get small segments
    /// through the internal, validator-less topic config `internal.segment.bytes`
    /// (`LogConfig.INTERNAL_SEGMENT_BYTES_CONFIG`, "This should be used for testing only").
    /// Learners want to watch segments roll after a few records, so kplay can apply that
    /// same internal override to every topic that does not set its own: `Some(n)` makes
    /// [`LogConfig::segment_bytes`] `n` for those topics. `DescribeConfigs` does not show it
    /// (it is not a Kafka config), exactly as Kafka hides `internal.segment.bytes`.
    pub fn set_playground_internal_segment_bytes(
        &mut self,
        bytes: Option<i32>,
    ) -> Result<(), ConfigError> {
        if let Some(n) = bytes {
            if n < 1 {
                return Err(ConfigError::InvalidValue {
                    name: PLAYGROUND_INTERNAL_SEGMENT_BYTES.to_owned(),
                    value: n.to_string(),
                    reason: "Value must be at least 1".to_owned(),
                });
            }
        }
        self.playground_internal_segment_bytes = bytes;
        Ok(())
    }

    /// The kplay-only playground segment size, if set.
    pub fn playground_internal_segment_bytes(&self) -> Option<i32> {
        self.playground_internal_segment_bytes
    }

    /// This broker's dynamic value of a setting, as written (`DYNAMIC_BROKER_CONFIG`).
    pub fn dynamic_broker_raw(&self, name: &str) -> Option<&str> {
        self.dynamic_per_broker
            .get(&self.local_broker_id)
            .and_then(|layer| layer.get(name))
            .map(String::as_str)
    }

    /// The cluster's dynamic default of a setting, as written (`DYNAMIC_DEFAULT_BROKER_CONFIG`).
    pub fn dynamic_default_raw(&self, name: &str) -> Option<&str> {
        self.dynamic_default.get(name).map(String::as_str)
    }

    /// The dynamic settings of one layer, as written, in name order.
    pub fn dynamic(&self, scope: DynamicScope) -> Vec<(&str, &str)> {
        let layer = match scope {
            DynamicScope::ClusterDefault => Some(&self.dynamic_default),
            DynamicScope::Broker(id) => self.dynamic_per_broker.get(&id),
        };
        layer
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    /// Sets which broker's per-broker layer applies (see the field's doc).
    pub fn set_local_broker_id(&mut self, broker_id: i32) {
        self.local_broker_id = broker_id;
    }

    /// Whether Kafka can change the setting at runtime: the primary broker synonyms of the
    /// topic configs (`DynamicLogConfig.ReconfigurableConfigs`), among the settings kplay models.
    pub fn is_dynamic(name: &str) -> bool {
        config_def::TOPIC_CONFIG_SYNONYMS
            .iter()
            .any(|(_, synonyms)| synonyms.first().is_some_and(|s| s.name == name))
    }

    /// IncrementalAlterConfigs on a `BROKER` resource: applies `ops` (SET and DELETE) to the
    /// `scope` layer, all or nothing, after Kafka's checks in Kafka's order (settings that are
    /// not dynamic, then each value against its definition, then the topic defaults derived
    /// from the result). Returns what changed.
    pub fn alter_dynamic(
        &mut self,
        scope: DynamicScope,
        ops: &[super::overrides::AlterConfigOp],
    ) -> Result<Vec<BrokerConfigChange>, DynamicConfigError> {
        use super::overrides::AlterConfigOp;
        let name_of = |op: &AlterConfigOp| match op {
            AlterConfigOp::Set { name, .. }
            | AlterConfigOp::Delete { name }
            | AlterConfigOp::Append { name, .. }
            | AlterConfigOp::Subtract { name, .. } => name.clone(),
        };
        let not_dynamic: Vec<String> = ops
            .iter()
            .map(name_of)
            .filter(|n| config_def::broker_config(n).is_some() && !Self::is_dynamic(n))
            .collect();
        if !not_dynamic.is_empty() {
            return Err(DynamicConfigError::NotDynamic(not_dynamic));
        }
        if let Some(unknown) = ops
            .iter()
            .map(name_of)
            .find(|n| config_def::broker_config(n).is_none())
        {
            let mut dynamic: Vec<&str> = config_def::BROKER_CONFIGS
                .iter()
                .map(|d| d.name)
                .filter(|n| Self::is_dynamic(n))
                .collect();
            crate::sort::sort(&mut dynamic);
            return Err(DynamicConfigError::NotModelled(unknown, dynamic.join(", ")));
        }
        let mut candidate = self.clone();
        let layer = match scope {
            DynamicScope::ClusterDefault => &mut candidate.dynamic_default,
            DynamicScope::Broker(id) => candidate.dynamic_per_broker.entry(id).or_default(),
        };
        let mut changes = Vec::new();
        for op in ops {
            match op {
                AlterConfigOp::Set { name, value } => {
                    let def = config_def::broker_config(name).expect("checked as modelled above");
                    if value.len() > MAX_CONFIG_VALUE_BYTES {
                        return Err(ConfigError::ValueTooLarge.into());
                    }
                    let parsed = parse_value(name, value, def.ty)?;
                    if let Some(v) = def.validator {
                        v.ensure_valid(name, &parsed)?;
                    }
                    let old = layer.insert(name.clone(), value.clone());
                    changes.push(BrokerConfigChange {
                        name: name.clone(),
                        old,
                        new: Some(value.clone()),
                    });
                }
                AlterConfigOp::Delete { name } => {
                    if let Some(old) = layer.remove(name) {
                        changes.push(BrokerConfigChange {
                            name: name.clone(),
                            old: Some(old),
                            new: None,
                        });
                    }
                }
                AlterConfigOp::Append { .. } => {
                    return Err(DynamicConfigError::UnsupportedOp("APPEND"))
                }
                AlterConfigOp::Subtract { .. } => {
                    return Err(DynamicConfigError::UnsupportedOp("SUBTRACT"))
                }
            }
        }
        candidate
            .dynamic_per_broker
            .retain(|_, layer| !layer.is_empty());
        candidate.check_derived_topic_defaults()?;
        *self = candidate;
        Ok(changes)
    }

    /// Kafka builds the broker's default `LogConfig` from these settings at startup, which
    /// validates every derived topic value and the compaction lags.
    fn check_derived_topic_defaults(&self) -> Result<(), ConfigError> {
        for def in config_def::TOPIC_CONFIGS {
            if let (Some(value), Some(v)) = (self.topic_default(def.name), def.validator) {
                v.ensure_valid(def.name, &value)?;
            }
        }
        let lag = |name: &str| self.topic_default(name).and_then(|v| v.as_i64());
        if let (Some(min_ms), Some(max_ms)) =
            (lag("min.compaction.lag.ms"), lag("max.compaction.lag.ms"))
        {
            if min_ms > max_ms {
                return Err(ConfigError::CompactionLagConflict { min_ms, max_ms });
            }
        }
        Ok(())
    }
}

/// Converts a broker synonym's value to the topic config's type and unit.
fn convert(topic_def: &ConfigDef, converter: Converter, value: ConfigValue) -> ConfigValue {
    match (topic_def.ty, value) {
        (ConfigType::Long, v @ (ConfigValue::Int(_) | ConfigValue::Long(_))) => {
            let n = v.as_i64().expect("matched Int or Long");
            ConfigValue::Long(converter.convert(n))
        }
        (_, v) => {
            assert_eq!(
                converter,
                Converter::Identity,
                "{}: only LONG topic configs have unit converters",
                topic_def.name
            );
            v
        }
    }
}

/// Kafka 4.x's minimum segment size, re-exported for callers explaining the playground setting.
pub const KAFKA_MIN_SEGMENT_BYTES: i32 = MIN_SEGMENT_BYTES;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_kafka() {
        let b = BrokerConfig::default();
        assert_eq!(b.num_partitions(), 1);
        assert_eq!(b.default_replication_factor(), 1);
        assert!(b.delete_topic_enable());
        assert!(b.auto_create_topics_enable());
        assert_eq!(b.log_retention_time_millis(), 7 * 24 * 3_600_000);
        assert_eq!(
            b.topic_default("segment.ms"),
            Some(ConfigValue::Long(604_800_000))
        );
        assert_eq!(
            b.topic_default("flush.ms"),
            Some(ConfigValue::Long(i64::MAX))
        );
        assert_eq!(
            b.topic_default("cleanup.policy"),
            Some(ConfigValue::List(vec!["delete".into()]))
        );
        assert_eq!(b.topic_default("remote.storage.enable"), None);
        assert_eq!(b.value("log.retention.ms"), None);
        assert_eq!(b.value("log.retention.hours"), Some(ConfigValue::Int(168)));
    }

    #[test]
    fn retention_precedence_ms_over_minutes_over_hours() {
        let mut b = BrokerConfig::from_properties([("log.retention.hours", "1")]).unwrap();
        assert_eq!(b.log_retention_time_millis(), 3_600_000);
        b.set("log.retention.minutes", "2").unwrap();
        assert_eq!(b.log_retention_time_millis(), 120_000);
        b.set("log.retention.ms", "5000").unwrap();
        assert_eq!(b.log_retention_time_millis(), 5000);
        b.unset("log.retention.ms");
        assert_eq!(b.log_retention_time_millis(), 120_000);
    }

    #[test]
    fn negative_retention_means_unlimited() {
        let b = BrokerConfig::from_properties([("log.retention.ms", "-7")]).unwrap();
        assert_eq!(b.log_retention_time_millis(), -1);
        let b = BrokerConfig::from_properties([("log.retention.hours", "-1")]).unwrap();
        assert_eq!(b.log_retention_time_millis(), -1);
    }

    #[test]
    fn roll_ms_beats_roll_hours() {
        let mut b = BrokerConfig::from_properties([("log.roll.hours", "2")]).unwrap();
        assert_eq!(b.log_config().segment_ms, 7_200_000);
        b.set("log.roll.ms", "1000").unwrap();
        assert_eq!(b.log_config().segment_ms, 1000);
    }

    #[test]
    fn refusals_use_kafkas_messages_and_leave_config_unchanged() {
        let mut b = BrokerConfig::default();
        let err = b.set("log.segment.bytes", "1000").unwrap_err();
        assert_eq!(err.to_string(), "Invalid value 1000 for configuration log.segment.bytes: Value must be at least 1048576");
        let err = b.set("log.retention.hours", "a week").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid value a week for configuration log.retention.hours: Not a number of type INT"
        );
        b.set("log.cleaner.max.compaction.lag.ms", "100").unwrap();
        let err = b
            .set("log.cleaner.min.compaction.lag.ms", "200")
            .unwrap_err();
        assert_eq!(err.to_string(), "conflict topic config setting min.compaction.lag.ms (200) > max.compaction.lag.ms (100)");
        assert!(!b.is_set("log.cleaner.min.compaction.lag.ms"));
        let err = b.set("log.flush.scheduler.interval.ms", "-5").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid value -5 for configuration flush.ms: Value must be at least 0"
        );
        assert!(matches!(
            b.set("log.retention.dayz", "1"),
            Err(ConfigError::UnknownBrokerConfig(_))
        ));
    }

    #[test]
    fn dynamic_layers_beat_static_and_refuse_like_kafka() {
        use super::super::overrides::AlterConfigOp;
        let set = |name: &str, value: &str| AlterConfigOp::Set {
            name: name.into(),
            value: value.into(),
        };
        let mut b = BrokerConfig::from_properties([("log.retention.ms", "100")]).unwrap();
        b.alter_dynamic(
            DynamicScope::ClusterDefault,
            &[set("log.retention.ms", "200")],
        )
        .unwrap();
        assert_eq!(b.log_retention_time_millis(), 200);
        b.alter_dynamic(DynamicScope::Broker(1), &[set("log.retention.ms", "300")])
            .unwrap();
        assert_eq!(
            b.log_retention_time_millis(),
            200,
            "broker 1 is not this broker"
        );
        b.set_local_broker_id(1);
        assert_eq!(b.log_retention_time_millis(), 300);
        assert_eq!(b.dynamic_broker_raw("log.retention.ms"), Some("300"));
        let changes = b
            .alter_dynamic(
                DynamicScope::Broker(1),
                &[AlterConfigOp::Delete {
                    name: "log.retention.ms".into(),
                }],
            )
            .unwrap();
        assert_eq!(changes[0].old.as_deref(), Some("300"));
        assert_eq!(b.log_retention_time_millis(), 200);
        let err = b
            .alter_dynamic(
                DynamicScope::ClusterDefault,
                &[set("log.retention.ms", "1"), set("num.partitions", "3")],
            )
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Cannot update these configs dynamically: Set(num.partitions)"
        );
        assert_eq!(b.log_retention_time_millis(), 200, "all or nothing");
        assert!(b
            .alter_dynamic(
                DynamicScope::ClusterDefault,
                &[set("log.segment.bytes", "1")]
            )
            .is_err());
        assert!(matches!(
            b.alter_dynamic(DynamicScope::ClusterDefault, &[set("foo.bar", "1")]),
            Err(DynamicConfigError::NotModelled(..))
        ));
    }

    #[test]
    fn playground_segment_bytes_is_explicit_and_validated() {
        let mut b = BrokerConfig::default();
        assert_eq!(b.log_config().segment_bytes, 1 << 30);
        b.set_playground_internal_segment_bytes(Some(1024)).unwrap();
        assert_eq!(b.log_config().segment_bytes, 1024);
        assert!(b.set_playground_internal_segment_bytes(Some(0)).is_err());
        assert_eq!(b.playground_internal_segment_bytes(), Some(1024));
    }
}
