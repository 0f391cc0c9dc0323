//! A topic's explicitly set configs (Kafka's "dynamic topic config"), validated as Kafka does.
//!
//! Mirrors the KRaft controller's handling of topic configs: `ReplicationControlManager.computeConfigChanges`
//! (configs sent with CreateTopics; a `null` value is refused), `ConfigurationControlManager`
//! (IncrementalAlterConfigs: SET / DELETE / APPEND / SUBTRACT, the `Short.MAX_VALUE` value cap)
//! and `ControllerConfigurationValidator` → `LogConfig.validate` (unknown names, `ConfigDef`
//! parsing against the broker's defaults, `validateValues`, tiered-storage checks).

use std::collections::BTreeMap;

use super::broker_config::BrokerConfig;
use super::config_def::{self, REMOTE_STORAGE_ENABLE_CONFIG};
use super::config_value::{
    parse_value, ConfigError, ConfigType, ConfigValue, MAX_CONFIG_VALUE_BYTES,
};

/// Kafka's `AlterConfigOp.OpType`, with its wire ids.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum AlterConfigOp {
    /// `SET` (0): set the value.
    Set { name: String, value: String },
    /// `DELETE` (1): remove the override, back to the broker's value.
    Delete { name: String },
    /// `APPEND` (2): add items to a LIST config (skipping items already there).
    Append { name: String, value: String },
    /// `SUBTRACT` (3): remove items from a LIST config.
    Subtract { name: String, value: String },
}

impl AlterConfigOp {
    /// The config the operation targets.
    pub fn name(&self) -> &str {
        match self {
            AlterConfigOp::Set { name, .. }
            | AlterConfigOp::Delete { name }
            | AlterConfigOp::Append { name, .. }
            | AlterConfigOp::Subtract { name, .. } => name,
        }
    }

    /// Kafka's wire id of the operation type.
    pub const fn id(&self) -> i8 {
        match self {
            AlterConfigOp::Set { .. } => 0,
            AlterConfigOp::Delete { .. } => 1,
            AlterConfigOp::Append { .. } => 2,
            AlterConfigOp::Subtract { .. } => 3,
        }
    }
}

/// The configs explicitly set on one topic, as sent (Kafka stores the raw string in its
/// `ConfigRecord`). Only ever holds a set that passed Kafka's validation.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TopicConfigOverrides {
    configs: BTreeMap<String, String>,
}

impl TopicConfigOverrides {
    /// The overrides sent with a CreateTopics request (`name`, value or `None` for Kafka's null).
    ///
    /// A repeated name keeps its last value, as Kafka's map does.
    pub fn from_create_request(
        configs: &[(String, Option<String>)],
        broker: &BrokerConfig,
    ) -> Result<Self, ConfigError> {
        let nulls: Vec<String> = configs
            .iter()
            .filter(|(_, v)| v.is_none())
            .map(|(k, _)| k.clone())
            .collect();
        if !nulls.is_empty() {
            return Err(ConfigError::NullValues(nulls));
        }
        let map: BTreeMap<String, String> = configs
            .iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| (k.clone(), v.clone())))
            .collect();
        Self::validated(map, broker)
    }

    /// Validates a complete set of overrides.
    pub fn validated(
        configs: BTreeMap<String, String>,
        broker: &BrokerConfig,
    ) -> Result<Self, ConfigError> {
        if configs.values().any(|v| v.len() > MAX_CONFIG_VALUE_BYTES) {
            return Err(ConfigError::ValueTooLarge);
        }
        let candidate = TopicConfigOverrides { configs };
        candidate.validate(broker)?;
        Ok(candidate)
    }

    /// IncrementalAlterConfigs on this topic: the new overrides, or the refusal (this set is
    /// unchanged either way). Operations apply in order, as `ConfigurationControlManager`
    /// applies a request's (distinct) keys.
    pub fn incremental_alter(
        &self,
        ops: &[AlterConfigOp],
        broker: &BrokerConfig,
    ) -> Result<Self, ConfigError> {
        let mut configs = self.configs.clone();
        for op in ops {
            let current = configs.get(op.name()).cloned();
            let new_value = match op {
                AlterConfigOp::Set { value, .. } => Some(value.clone()),
                AlterConfigOp::Delete { .. } => None,
                AlterConfigOp::Append { name, value } | AlterConfigOp::Subtract { name, value } => {
                    let is_list =
                        config_def::topic_config(name).is_some_and(|d| d.ty == ConfigType::List);
                    if !is_list {
                        let op_name = if matches!(op, AlterConfigOp::Append { .. }) {
                            "APPEND"
                        } else {
                            "SUBTRACT"
                        };
                        return Err(ConfigError::NotAList {
                            op: op_name,
                            key: name.clone(),
                        });
                    }
                    let mut parts = list_parts(current.as_deref(), name);
                    for item in java_split_comma(value) {
                        if matches!(op, AlterConfigOp::Append { .. }) {
                            if !parts.contains(&item) {
                                parts.push(item);
                            }
                        } else if let Some(pos) = parts.iter().position(|p| *p == item) {
                            // `List.remove(Object)` removes the first occurrence only.
                            parts.remove(pos);
                        }
                    }
                    Some(parts.join(","))
                }
            };
            if new_value != current {
                if new_value
                    .as_ref()
                    .is_some_and(|v| v.len() > MAX_CONFIG_VALUE_BYTES)
                {
                    return Err(ConfigError::ValueTooLarge);
                }
                match new_value {
                    Some(v) => configs.insert(op.name().to_owned(), v),
                    None => configs.remove(op.name()),
                };
            }
        }
        let candidate = TopicConfigOverrides { configs };
        candidate.validate(broker)?;
        Ok(candidate)
    }

    /// `LogConfig.validate(existing, props, brokerDefaults, remoteStorageSystemEnabled=false)`.
    fn validate(&self, broker: &BrokerConfig) -> Result<(), ConfigError> {
        // `LogConfig.validateNames`.
        if let Some(unknown) = self
            .configs
            .keys()
            .find(|k| config_def::topic_config(k).is_none())
        {
            return Err(ConfigError::UnknownTopicConfig(unknown.clone()));
        }
        // `ConfigDef.parse` of broker defaults + overrides, in definition order.
        for def in config_def::TOPIC_CONFIGS {
            if let Some(raw) = self.configs.get(def.name) {
                let value = parse_value(def.name, raw, def.ty)?;
                if let Some(v) = def.validator {
                    v.ensure_valid(def.name, &value)?;
                }
            }
        }
        // `LogConfig.validateValues`.
        let lag = |name: &str| self.resolved(name, broker).and_then(|v| v.as_i64());
        if let (Some(min_ms), Some(max_ms)) =
            (lag("min.compaction.lag.ms"), lag("max.compaction.lag.ms"))
        {
            if min_ms > max_ms {
                return Err(ConfigError::CompactionLagConflict { min_ms, max_ms });
            }
        }
        // `validateRemoteStorageOnlyIfSystemEnabled`: kplay has no remote log storage system.
        if self.resolved(REMOTE_STORAGE_ENABLE_CONFIG, broker) == Some(ConfigValue::Boolean(true)) {
            return Err(ConfigError::RemoteStorageDisabled);
        }
        Ok(())
    }

    /// The parsed override, if this config is explicitly set.
    pub fn parsed(&self, name: &str) -> Option<ConfigValue> {
        let raw = self.configs.get(name)?;
        let def = config_def::topic_config(name)
            .expect("overrides only hold validated topic config names");
        Some(
            parse_value(name, raw, def.ty)
                .expect("overrides only hold values that parsed when validated"),
        )
    }

    /// The value in effect for a topic config: the override, else the broker's value from its
    /// synonyms, else Kafka's topic default; `None` only for a config without any default
    /// (`internal.segment.bytes`) that is not set.
    pub fn resolved(&self, name: &str, broker: &BrokerConfig) -> Option<ConfigValue> {
        self.parsed(name)
            .or_else(|| broker.topic_default(name))
            .or_else(|| {
                config_def::topic_config(name)
                    .and_then(|d| d.default)
                    .map(|d| d.to_value())
            })
    }

    /// The override as sent, if set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.configs.get(name).map(String::as_str)
    }

    /// The overrides as sent, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.configs.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Whether no config is overridden.
    pub fn is_empty(&self) -> bool {
        self.configs.is_empty()
    }

    /// How many configs are overridden (bounded by the number of topic configs).
    pub fn len(&self) -> usize {
        self.configs.len()
    }
}

/// `ConfigurationControlManager.getParts`: the current value (or the config's `ConfigDef`
/// default when not overridden) split on `,`, empty parts dropped.
fn list_parts(current: Option<&str>, name: &str) -> Vec<String> {
    let default_string = config_def::topic_config(name)
        .and_then(|d| d.default)
        .map(|d| d.to_value().to_kafka_string());
    match current.map(str::to_owned).or(default_string) {
        Some(v) => v
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        None => Vec::new(),
    }
}

/// Java's `String.split(",")`: trailing empty strings are removed, inner ones kept, and a
/// string without any `,` is returned whole (so `""` splits into `[""]`).
fn java_split_comma(s: &str) -> Vec<String> {
    if !s.contains(',') {
        return vec![s.to_owned()];
    }
    let mut parts: Vec<String> = s.split(',').map(str::to_owned).collect();
    while parts.last().is_some_and(|p| p.is_empty()) {
        parts.pop();
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(name: &str, value: &str) -> AlterConfigOp {
        AlterConfigOp::Set {
            name: name.into(),
            value: value.into(),
        }
    }

    fn create(pairs: &[(&str, Option<&str>)]) -> Result<TopicConfigOverrides, ConfigError> {
        let configs: Vec<(String, Option<String>)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.map(str::to_owned)))
            .collect();
        TopicConfigOverrides::from_create_request(&configs, &BrokerConfig::default())
    }

    #[test]
    fn unknown_name_uses_kafkas_message() {
        let err = create(&[("retention.msec", Some("1"))]).unwrap_err();
        assert_eq!(err.to_string(), "Unknown topic config name: retention.msec");
        assert_eq!(
            err.error_code(),
            crate::engine::error_code::ErrorCode::InvalidConfig
        );
    }

    #[test]
    fn bad_value_uses_configdef_message() {
        let err = create(&[("retention.ms", Some("x"))]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid value x for configuration retention.ms: Not a number of type LONG"
        );
        let err = create(&[("retention.ms", Some("-2"))]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid value -2 for configuration retention.ms: Value must be at least -1"
        );
        let err = create(&[("cleanup.policy", Some("delete,remove"))]).unwrap_err();
        assert_eq!(err.to_string(), "Invalid value remove for configuration cleanup.policy: String must be one of: compact, delete");
    }

    #[test]
    fn first_invalid_value_in_definition_order_is_reported() {
        // LogConfig defines segment.bytes before retention.ms, so Kafka parses and refuses it first.
        let err = create(&[("retention.ms", Some("x")), ("segment.bytes", Some("1"))]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid value 1 for configuration segment.bytes: Value must be at least 1048576"
        );
    }

    #[test]
    fn null_values_are_refused_by_name() {
        let err = create(&[("a", None), ("retention.ms", Some("1")), ("b", None)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Null value not supported for topic configs: a,b"
        );
    }

    #[test]
    fn compaction_lag_conflict_against_broker_default() {
        let err = create(&[
            ("min.compaction.lag.ms", Some("10")),
            ("max.compaction.lag.ms", Some("5")),
        ])
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "conflict topic config setting min.compaction.lag.ms (10) > max.compaction.lag.ms (5)"
        );
        let broker =
            BrokerConfig::from_properties([("log.cleaner.max.compaction.lag.ms", "100")]).unwrap();
        let configs = vec![("min.compaction.lag.ms".to_owned(), Some("200".to_owned()))];
        let err = TopicConfigOverrides::from_create_request(&configs, &broker).unwrap_err();
        assert!(matches!(
            err,
            ConfigError::CompactionLagConflict {
                min_ms: 200,
                max_ms: 100
            }
        ));
    }

    #[test]
    fn remote_storage_is_refused() {
        let err = create(&[("remote.storage.enable", Some("true"))]).unwrap_err();
        assert_eq!(err, ConfigError::RemoteStorageDisabled);
        assert!(create(&[("remote.storage.enable", Some("false"))]).is_ok());
    }

    #[test]
    fn internal_segment_bytes_is_accepted_without_validator() {
        let o = create(&[("internal.segment.bytes", Some("1024"))]).unwrap();
        assert_eq!(
            o.parsed("internal.segment.bytes"),
            Some(ConfigValue::Int(1024))
        );
        let err = create(&[("internal.segment.bytes", Some("big"))]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid value big for configuration internal.segment.bytes: Not a number of type INT"
        );
    }

    #[test]
    fn incremental_set_delete_append_subtract() {
        let broker = BrokerConfig::default();
        let o = TopicConfigOverrides::default();
        let o = o
            .incremental_alter(&[set("retention.ms", "1000")], &broker)
            .unwrap();
        assert_eq!(o.get("retention.ms"), Some("1000"));
        // APPEND starts from the ConfigDef default ("delete") when not overridden.
        let o = o
            .incremental_alter(
                &[AlterConfigOp::Append {
                    name: "cleanup.policy".into(),
                    value: "compact".into(),
                }],
                &broker,
            )
            .unwrap();
        assert_eq!(o.get("cleanup.policy"), Some("delete,compact"));
        let o = o
            .incremental_alter(
                &[AlterConfigOp::Append {
                    name: "cleanup.policy".into(),
                    value: "compact".into(),
                }],
                &broker,
            )
            .unwrap();
        assert_eq!(o.get("cleanup.policy"), Some("delete,compact"));
        let o = o
            .incremental_alter(
                &[AlterConfigOp::Subtract {
                    name: "cleanup.policy".into(),
                    value: "delete".into(),
                }],
                &broker,
            )
            .unwrap();
        assert_eq!(o.get("cleanup.policy"), Some("compact"));
        let o = o
            .incremental_alter(
                &[AlterConfigOp::Delete {
                    name: "retention.ms".into(),
                }],
                &broker,
            )
            .unwrap();
        assert_eq!(o.get("retention.ms"), None);
        assert_eq!(o.len(), 1);
    }

    #[test]
    fn append_to_non_list_is_refused_before_unknown_name() {
        let broker = BrokerConfig::default();
        let o = TopicConfigOverrides::default();
        let err = o
            .incremental_alter(
                &[AlterConfigOp::Append {
                    name: "retention.ms".into(),
                    value: "1".into(),
                }],
                &broker,
            )
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Can't APPEND to key retention.ms because its type is not LIST."
        );
        let err = o
            .incremental_alter(
                &[AlterConfigOp::Subtract {
                    name: "nope".into(),
                    value: "1".into(),
                }],
                &broker,
            )
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Can't SUBTRACT to key nope because its type is not LIST."
        );
    }

    #[test]
    fn failed_alter_leaves_overrides_unchanged() {
        let broker = BrokerConfig::default();
        let o = TopicConfigOverrides::default()
            .incremental_alter(&[set("retention.ms", "5")], &broker)
            .unwrap();
        let err = o
            .incremental_alter(&[set("retention.ms", "6"), set("segment.ms", "0")], &broker)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid value 0 for configuration segment.ms: Value must be at least 1"
        );
        assert_eq!(o.get("retention.ms"), Some("5"));
    }

    #[test]
    fn value_size_cap() {
        let big = "1".repeat(MAX_CONFIG_VALUE_BYTES + 1);
        let err = create(&[("retention.ms", Some(big.as_str()))]).unwrap_err();
        assert_eq!(err, ConfigError::ValueTooLarge);
    }

    #[test]
    fn java_split_drops_trailing_empties_only() {
        assert_eq!(java_split_comma("a,,b,,"), vec!["a", "", "b"]);
        assert_eq!(java_split_comma(""), vec![""]);
        assert_eq!(java_split_comma(","), Vec::<String>::new());
    }
}
