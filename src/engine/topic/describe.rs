//! What `kafka-configs --describe` shows: each config's value, source, flags and synonyms.
//!
//! Mirrors the broker's `DescribeConfigs` answer for topics (`ConfigHelper.createTopicConfigEntry`
//! with `DynamicBrokerConfig.brokerConfigSynonyms`) and for brokers. Kafka quirks kept on purpose:
//! * the synonym list of a topic config starts with the topic override (`DYNAMIC_TOPIC_CONFIG`),
//!   then the broker synonyms that are set (`STATIC_BROKER_CONFIG`, raw text), then the broker
//!   defaults (`DEFAULT_CONFIG`), and then drops every leading entry until the *primary* broker
//!   synonym — so `retention.ms` on a default broker shows `synonyms={}` (the default lives on
//!   `log.retention.hours`, not on the primary `log.retention.ms`);
//! * the source is the first synonym's source, or `DEFAULT_CONFIG` when there is none, and
//!   `is_default` is "source is `DEFAULT_CONFIG`";
//! * internal configs (`internal.segment.bytes`) are listed only when set.

use super::broker_config::BrokerConfig;
use super::config_def::{self, broker_config_doc, topic_config_doc, BROKER_CONFIGS, TOPIC_CONFIGS};
use super::config_value::ConfigType;
use super::overrides::TopicConfigOverrides;

/// Where a config's value comes from (the admin client's `ConfigEntry.ConfigSource`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ConfigSource {
    /// Set on the topic (`DescribeConfigsResponse` source id 1, `TOPIC_CONFIG`).
    DynamicTopicConfig,
    /// Set at runtime for one broker (id 2, KIP-226).
    DynamicBrokerConfig,
    /// Set at runtime as the cluster-wide broker default (id 3, KIP-226).
    DynamicDefaultBrokerConfig,
    /// Set in the broker's `server.properties` (id 4).
    StaticBrokerConfig,
    /// Kafka's default (id 5).
    DefaultConfig,
}

impl ConfigSource {
    /// The name `kafka-configs` prints (`ConfigEntry.ConfigSource.name()`).
    pub const fn name(self) -> &'static str {
        match self {
            ConfigSource::DynamicTopicConfig => "DYNAMIC_TOPIC_CONFIG",
            ConfigSource::DynamicBrokerConfig => "DYNAMIC_BROKER_CONFIG",
            ConfigSource::DynamicDefaultBrokerConfig => "DYNAMIC_DEFAULT_BROKER_CONFIG",
            ConfigSource::StaticBrokerConfig => "STATIC_BROKER_CONFIG",
            ConfigSource::DefaultConfig => "DEFAULT_CONFIG",
        }
    }

    /// The id in a `DescribeConfigs` response (`DescribeConfigsResponse.ConfigSource`).
    pub const fn id(self) -> i8 {
        match self {
            ConfigSource::DynamicTopicConfig => 1,
            ConfigSource::DynamicBrokerConfig => 2,
            ConfigSource::DynamicDefaultBrokerConfig => 3,
            ConfigSource::StaticBrokerConfig => 4,
            ConfigSource::DefaultConfig => 5,
        }
    }
}

/// One synonym of a config (`DescribeConfigsSynonym`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ConfigSynonym {
    pub name: String,
    pub value: Option<String>,
    pub source: ConfigSource,
}

/// One config in a `DescribeConfigs` answer (`DescribeConfigsResourceResult`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ConfigEntry {
    pub name: String,
    /// The value as Kafka prints it (`ConfigDef.convertToString`); `None` for a setting without value.
    pub value: Option<String>,
    pub source: ConfigSource,
    /// `source == DEFAULT_CONFIG`.
    pub is_default: bool,
    /// No topic or modelled broker config is a `PASSWORD`, so always false.
    pub is_sensitive: bool,
    /// Topic configs are never read-only; broker settings are unless Kafka can update them dynamically.
    pub is_read_only: bool,
    pub synonyms: Vec<ConfigSynonym>,
    pub config_type: ConfigType,
    pub documentation: &'static str,
}

/// `DescribeConfigs` for a topic: every (non-internal or set) topic config, in name order.
pub fn describe_topic_configs(
    broker: &BrokerConfig,
    overrides: &TopicConfigOverrides,
) -> Vec<ConfigEntry> {
    let mut entries: Vec<ConfigEntry> = TOPIC_CONFIGS
        .iter()
        .filter(|def| !def.internal || overrides.get(def.name).is_some())
        .map(|def| {
            let value = overrides
                .resolved(def.name, broker)
                .map(|v| v.to_kafka_string());
            let mut synonyms = Vec::new();
            if overrides.get(def.name).is_some() {
                synonyms.push(ConfigSynonym {
                    name: def.name.to_owned(),
                    value: value.clone(),
                    source: ConfigSource::DynamicTopicConfig,
                });
            }
            synonyms.extend(broker_synonyms(def.name, broker));
            let source = synonyms
                .first()
                .map_or(ConfigSource::DefaultConfig, |s| s.source);
            ConfigEntry {
                name: def.name.to_owned(),
                value,
                source,
                is_default: source == ConfigSource::DefaultConfig,
                is_sensitive: false,
                is_read_only: false,
                synonyms,
                config_type: def.ty,
                documentation: topic_config_doc(def.name),
            }
        })
        .collect();
    crate::sort::sort_by(&mut entries, |a, b| a.name.cmp(&b.name));
    entries
}

/// `DynamicBrokerConfig.brokerConfigSynonyms(name)`: the broker settings that stand for the
/// same thing, highest priority first (note the asymmetry Kafka has: `log.flush.interval.ms`
/// lists `log.flush.scheduler.interval.ms`, not the other way round).
fn broker_config_synonyms(name: &str) -> Vec<&'static str> {
    const GROUPS: &[&[&str]] = &[
        &["log.roll.ms", "log.roll.hours"],
        &["log.roll.jitter.ms", "log.roll.jitter.hours"],
        &[
            "log.retention.ms",
            "log.retention.minutes",
            "log.retention.hours",
        ],
    ];
    if name == "log.flush.interval.ms" {
        return vec!["log.flush.interval.ms", "log.flush.scheduler.interval.ms"];
    }
    if let Some(group) = GROUPS.iter().find(|g| g.contains(&name)) {
        return group.to_vec();
    }
    config_def::broker_config(name).map_or_else(Vec::new, |d| vec![d.name])
}

/// `ConfigHelper.configSynonyms(name, synonyms)`: the synonyms set dynamically for this broker,
/// then as the cluster's dynamic default, then in `server.properties`, then those with a
/// default, and every leading entry before `name` dropped.
fn synonym_chain(
    name: &str,
    synonyms: &[&'static str],
    broker: &BrokerConfig,
) -> Vec<ConfigSynonym> {
    let layer = |raw: fn(&BrokerConfig, &str) -> Option<String>, source: ConfigSource| {
        synonyms
            .iter()
            .filter_map(move |s| {
                raw(broker, s).map(|value| ConfigSynonym {
                    name: (*s).to_owned(),
                    value: Some(value),
                    source,
                })
            })
            .collect::<Vec<_>>()
    };
    let per_broker = layer(
        |b, s| b.dynamic_broker_raw(s).map(String::from),
        ConfigSource::DynamicBrokerConfig,
    );
    let cluster_default = layer(
        |b, s| b.dynamic_default_raw(s).map(String::from),
        ConfigSource::DynamicDefaultBrokerConfig,
    );
    let set = synonyms.iter().filter_map(|s| {
        broker.raw(s).map(|raw| ConfigSynonym {
            name: (*s).to_owned(),
            value: Some(raw.to_owned()),
            source: ConfigSource::StaticBrokerConfig,
        })
    });
    let defaults = synonyms.iter().filter_map(|s| {
        config_def::broker_config(s)
            .and_then(|d| d.default)
            .map(|d| ConfigSynonym {
                name: (*s).to_owned(),
                value: Some(d.to_value().to_kafka_string()),
                source: ConfigSource::DefaultConfig,
            })
    });
    per_broker
        .into_iter()
        .chain(cluster_default)
        .chain(set)
        .chain(defaults)
        .skip_while(|s| s.name != name)
        .collect()
}

/// The broker synonyms of a topic config: the chain of its primary broker synonym
/// (`ServerTopicConfigSynonyms.TOPIC_CONFIG_SYNONYMS`).
fn broker_synonyms(topic_config: &str, broker: &BrokerConfig) -> Vec<ConfigSynonym> {
    match config_def::synonyms_of(topic_config).first() {
        Some(primary) => synonym_chain(primary.name, &broker_config_synonyms(primary.name), broker),
        None => Vec::new(),
    }
}

/// Whether a broker setting is dynamically updatable in Kafka; the others are read-only.
fn is_dynamic_broker_config(name: &str) -> bool {
    BrokerConfig::is_dynamic(name)
}

/// `DescribeConfigs` for the cluster-wide default broker resource (name `""`): the dynamic
/// defaults set, each with its synonyms minus the per-broker ones
/// (`ConfigHelper.createBrokerConfigEntry(perBrokerConfig = false)`), in name order.
pub fn describe_default_broker_configs(broker: &BrokerConfig) -> Vec<ConfigEntry> {
    broker
        .dynamic(super::broker_config::DynamicScope::ClusterDefault)
        .into_iter()
        .filter_map(|(name, value)| {
            let def = config_def::broker_config(name)?;
            let synonyms: Vec<ConfigSynonym> =
                synonym_chain(def.name, &broker_config_synonyms(def.name), broker)
                    .into_iter()
                    .filter(|s| s.source != ConfigSource::DynamicBrokerConfig)
                    .collect();
            let source = synonyms
                .first()
                .map_or(ConfigSource::DefaultConfig, |s| s.source);
            Some(ConfigEntry {
                name: def.name.to_owned(),
                value: Some(value.to_owned()),
                source,
                is_default: source == ConfigSource::DefaultConfig,
                is_sensitive: false,
                is_read_only: !is_dynamic_broker_config(def.name),
                synonyms,
                config_type: def.ty,
                documentation: broker_config_doc(def.name),
            })
        })
        .collect()
}

/// `DescribeConfigs` for the broker: every modelled setting, in name order.
pub fn describe_broker_configs(broker: &BrokerConfig) -> Vec<ConfigEntry> {
    let mut entries: Vec<ConfigEntry> = BROKER_CONFIGS
        .iter()
        .map(|def| {
            let synonyms = synonym_chain(def.name, &broker_config_synonyms(def.name), broker);
            let source = synonyms
                .first()
                .map_or(ConfigSource::DefaultConfig, |s| s.source);
            ConfigEntry {
                name: def.name.to_owned(),
                value: broker.value(def.name).map(|v| v.to_kafka_string()),
                source,
                is_default: source == ConfigSource::DefaultConfig,
                is_sensitive: false,
                is_read_only: !is_dynamic_broker_config(def.name),
                synonyms,
                config_type: def.ty,
                documentation: broker_config_doc(def.name),
            }
        })
        .collect();
    crate::sort::sort_by(&mut entries, |a, b| a.name.cmp(&b.name));
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry<'a>(entries: &'a [ConfigEntry], name: &str) -> &'a ConfigEntry {
        entries
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("{name} missing"))
    }

    fn overrides(pairs: &[(&str, &str)], broker: &BrokerConfig) -> TopicConfigOverrides {
        let configs: Vec<(String, Option<String>)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Some((*v).to_owned())))
            .collect();
        TopicConfigOverrides::from_create_request(&configs, broker).unwrap()
    }

    #[test]
    fn default_topic_matches_kafka_configs_describe_all() {
        let broker = BrokerConfig::default();
        let entries = describe_topic_configs(&broker, &TopicConfigOverrides::default());
        let seg = entry(&entries, "segment.bytes");
        assert_eq!(seg.value.as_deref(), Some("1073741824"));
        assert_eq!(seg.source, ConfigSource::DefaultConfig);
        assert!(seg.is_default);
        assert_eq!(
            seg.synonyms,
            vec![ConfigSynonym {
                name: "log.segment.bytes".into(),
                value: Some("1073741824".into()),
                source: ConfigSource::DefaultConfig
            }]
        );
        // The default lives on log.retention.hours, not on the primary log.retention.ms: synonyms={}.
        let ret = entry(&entries, "retention.ms");
        assert_eq!(ret.value.as_deref(), Some("604800000"));
        assert!(ret.synonyms.is_empty());
        assert_eq!(ret.source, ConfigSource::DefaultConfig);
        assert!(entry(&entries, "flush.ms").synonyms.is_empty());
        assert_eq!(
            entry(&entries, "min.cleanable.dirty.ratio")
                .value
                .as_deref(),
            Some("0.5")
        );
        assert_eq!(
            entry(&entries, "leader.replication.throttled.replicas")
                .value
                .as_deref(),
            Some("")
        );
        assert!(entries.iter().all(|e| e.name != "internal.segment.bytes"));
        assert!(entries.windows(2).all(|w| w[0].name < w[1].name));
    }

    #[test]
    fn topic_override_then_static_then_default() {
        let broker = BrokerConfig::from_properties([
            ("log.retention.ms", "1000"),
            ("log.retention.hours", "2"),
        ])
        .unwrap();
        let o = overrides(&[("retention.ms", "500")], &broker);
        let entries = describe_topic_configs(&broker, &o);
        let ret = entry(&entries, "retention.ms");
        assert_eq!(ret.value.as_deref(), Some("500"));
        assert_eq!(ret.source, ConfigSource::DynamicTopicConfig);
        assert!(!ret.is_default);
        let names: Vec<(&str, ConfigSource)> = ret
            .synonyms
            .iter()
            .map(|s| (s.name.as_str(), s.source))
            .collect();
        assert_eq!(
            names,
            vec![
                ("retention.ms", ConfigSource::DynamicTopicConfig),
                ("log.retention.ms", ConfigSource::StaticBrokerConfig),
                ("log.retention.hours", ConfigSource::StaticBrokerConfig),
                ("log.retention.hours", ConfigSource::DefaultConfig),
            ]
        );
    }

    #[test]
    fn static_hours_alone_is_reported_as_default_like_kafka() {
        let broker = BrokerConfig::from_properties([("log.retention.hours", "24")]).unwrap();
        let entries = describe_topic_configs(&broker, &TopicConfigOverrides::default());
        let ret = entry(&entries, "retention.ms");
        assert_eq!(ret.value.as_deref(), Some("86400000"));
        assert_eq!(ret.source, ConfigSource::DefaultConfig);
        assert!(ret.synonyms.is_empty());
    }

    #[test]
    fn static_broker_value_shows_raw_text() {
        let broker = BrokerConfig::from_properties([("log.cleanup.policy", " compact ")]).unwrap();
        let entries = describe_topic_configs(&broker, &TopicConfigOverrides::default());
        let cp = entry(&entries, "cleanup.policy");
        assert_eq!(cp.value.as_deref(), Some("compact"));
        assert_eq!(cp.source, ConfigSource::StaticBrokerConfig);
        assert_eq!(cp.synonyms[0].value.as_deref(), Some(" compact "));
    }

    #[test]
    fn internal_config_listed_only_when_set() {
        let broker = BrokerConfig::default();
        let o = overrides(&[("internal.segment.bytes", "100")], &broker);
        let entries = describe_topic_configs(&broker, &o);
        let e = entry(&entries, "internal.segment.bytes");
        assert_eq!(e.source, ConfigSource::DynamicTopicConfig);
        assert_eq!(e.value.as_deref(), Some("100"));
    }

    #[test]
    fn broker_describe() {
        let broker = BrokerConfig::from_properties([("num.partitions", "3")]).unwrap();
        let entries = describe_broker_configs(&broker);
        let np = entry(&entries, "num.partitions");
        assert_eq!(np.value.as_deref(), Some("3"));
        assert_eq!(np.source, ConfigSource::StaticBrokerConfig);
        assert!(np.is_read_only);
        let rm = entry(&entries, "log.retention.ms");
        assert_eq!(rm.value, None);
        assert!(rm.is_default);
        assert!(!rm.is_read_only);
        assert!(rm.synonyms.is_empty());
        let broker = BrokerConfig::from_properties([
            ("log.retention.ms", "5"),
            ("log.retention.hours", "2"),
        ])
        .unwrap();
        let entries = describe_broker_configs(&broker);
        let names: Vec<(&str, ConfigSource)> = entry(&entries, "log.retention.ms")
            .synonyms
            .iter()
            .map(|s| (s.name.as_str(), s.source))
            .collect();
        assert_eq!(
            names,
            vec![
                ("log.retention.ms", ConfigSource::StaticBrokerConfig),
                ("log.retention.hours", ConfigSource::StaticBrokerConfig),
                ("log.retention.hours", ConfigSource::DefaultConfig),
            ]
        );
        let hours = entry(&entries, "log.retention.hours");
        assert_eq!(hours.value.as_deref(), Some("2"));
        assert_eq!(hours.synonyms.len(), 2);
        let flush = entry(&entries, "log.flush.scheduler.interval.ms");
        assert_eq!(flush.synonyms.len(), 1);
        assert_eq!(
            ConfigSource::DynamicTopicConfig.name(),
            "DYNAMIC_TOPIC_CONFIG"
        );
        assert_eq!(ConfigSource::StaticBrokerConfig.id(), 4);
    }
}
