//! Dynamic group configs (KIP-848 `GroupConfig`): the `ConfigResource` of type `GROUP` the
//! controller stores for a group id whether or not the group exists, altered with
//! `IncrementalAlterConfigs` and described with `DescribeConfigs` (`kafka-configs.sh
//! --entity-type groups`).
//!
//! The six names, types, defaults and validators are Kafka 4.0's `GroupConfig`; a change is
//! validated as the controller's `ControllerConfigurationValidator` does it: the group's
//! whole merged config through `GroupConfig.validate` (unknown names, then `ConfigDef.parse`
//! with Kafka's defaults filled in, then the ranges bounded by the broker's
//! `group.consumer.*` / `group.share.*` settings, then session > heartbeat). kplay's broker
//! does not model those broker settings, so the bounds are their Kafka defaults (the
//! `*_MIN_*`/`*_MAX_*` constants below).
//!
//! kplay's groups speak the classic protocol, which reads none of these configs (they apply
//! to KIP-848 consumer groups and KIP-932 share groups): they are stored, validated and
//! described, and change nothing else.

use std::collections::BTreeMap;

use crate::engine::api_error::ApiError;
use crate::engine::cluster::Cluster;
use crate::engine::error_code::ErrorCode;
use crate::engine::event::Event;
use crate::engine::group::coordinator::GroupEvent;
use crate::engine::topic::AlterConfigOp;
use crate::storage::SegmentStorage;

/// How many groups may hold dynamic configs at once (a kplay limit; Kafka has none). A
/// change that would store configs for one more group is refused with `INVALID_REQUEST`.
pub const GROUP_CONFIG_GROUPS_MAX: usize = 10_000;

/// `group.consumer.min.session.timeout.ms` (default 45000).
pub const CONSUMER_MIN_SESSION_TIMEOUT_MS: i32 = 45_000;
/// `group.consumer.max.session.timeout.ms` (default 60000).
pub const CONSUMER_MAX_SESSION_TIMEOUT_MS: i32 = 60_000;
/// `group.consumer.min.heartbeat.interval.ms` (default 5000).
pub const CONSUMER_MIN_HEARTBEAT_INTERVAL_MS: i32 = 5_000;
/// `group.consumer.max.heartbeat.interval.ms` (default 15000).
pub const CONSUMER_MAX_HEARTBEAT_INTERVAL_MS: i32 = 15_000;
/// `group.share.min.session.timeout.ms` (default 45000).
pub const SHARE_MIN_SESSION_TIMEOUT_MS: i32 = 45_000;
/// `group.share.max.session.timeout.ms` (default 60000).
pub const SHARE_MAX_SESSION_TIMEOUT_MS: i32 = 60_000;
/// `group.share.min.heartbeat.interval.ms` (default 5000).
pub const SHARE_MIN_HEARTBEAT_INTERVAL_MS: i32 = 5_000;
/// `group.share.max.heartbeat.interval.ms` (default 15000).
pub const SHARE_MAX_HEARTBEAT_INTERVAL_MS: i32 = 15_000;
/// `group.share.min.record.lock.duration.ms` (default 15000).
pub const SHARE_MIN_RECORD_LOCK_DURATION_MS: i32 = 15_000;
/// `group.share.max.record.lock.duration.ms` (default 60000).
pub const SHARE_MAX_RECORD_LOCK_DURATION_MS: i32 = 60_000;

pub const CONSUMER_SESSION_TIMEOUT_MS: &str = "consumer.session.timeout.ms";
pub const CONSUMER_HEARTBEAT_INTERVAL_MS: &str = "consumer.heartbeat.interval.ms";
pub const SHARE_SESSION_TIMEOUT_MS: &str = "share.session.timeout.ms";
pub const SHARE_HEARTBEAT_INTERVAL_MS: &str = "share.heartbeat.interval.ms";
pub const SHARE_RECORD_LOCK_DURATION_MS: &str = "share.record.lock.duration.ms";
pub const SHARE_AUTO_OFFSET_RESET: &str = "share.auto.offset.reset";

/// A group config's `ConfigDef` type and validator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupConfigKind {
    /// `INT` with `Range.atLeast(min)`.
    IntAtLeast(i32),
    /// `STRING` with `ValidString.in(options)`.
    StringIn(&'static [&'static str]),
}

/// One `GroupConfig` definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupConfigDef {
    pub name: &'static str,
    pub kind: GroupConfigKind,
    /// The default as `ConfigDef.convertToString` prints it.
    pub default: &'static str,
    /// `GROUP_PREFIX + name` when the broker has that config (`ConfigHelper.createGroupConfigEntry`).
    pub broker_synonym: Option<&'static str>,
}

/// `GroupConfig.CONFIG`, in definition order (the order `ConfigDef.parse` checks them).
pub const GROUP_CONFIGS: [GroupConfigDef; 6] = [
    GroupConfigDef {
        name: CONSUMER_SESSION_TIMEOUT_MS,
        kind: GroupConfigKind::IntAtLeast(1),
        default: "45000",
        broker_synonym: Some("group.consumer.session.timeout.ms"),
    },
    GroupConfigDef {
        name: CONSUMER_HEARTBEAT_INTERVAL_MS,
        kind: GroupConfigKind::IntAtLeast(1),
        default: "5000",
        broker_synonym: Some("group.consumer.heartbeat.interval.ms"),
    },
    GroupConfigDef {
        name: SHARE_SESSION_TIMEOUT_MS,
        kind: GroupConfigKind::IntAtLeast(1),
        default: "45000",
        broker_synonym: Some("group.share.session.timeout.ms"),
    },
    GroupConfigDef {
        name: SHARE_HEARTBEAT_INTERVAL_MS,
        kind: GroupConfigKind::IntAtLeast(1),
        default: "5000",
        broker_synonym: Some("group.share.heartbeat.interval.ms"),
    },
    GroupConfigDef {
        name: SHARE_RECORD_LOCK_DURATION_MS,
        kind: GroupConfigKind::IntAtLeast(1000),
        default: "30000",
        broker_synonym: Some("group.share.record.lock.duration.ms"),
    },
    GroupConfigDef {
        name: SHARE_AUTO_OFFSET_RESET,
        kind: GroupConfigKind::StringIn(&["latest", "earliest"]),
        default: "latest",
        broker_synonym: None,
    },
];

/// Where a described group config value comes from (`ConfigEntry.ConfigSource`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum GroupConfigSource {
    /// Set on the group (`DescribeConfigsResponse` source id 8, `GROUP_CONFIG`).
    DynamicGroupConfig,
    /// Kafka's default (id 5).
    DefaultConfig,
}

impl GroupConfigSource {
    /// The name `kafka-configs` prints (`ConfigEntry.ConfigSource.name()`).
    pub const fn name(self) -> &'static str {
        match self {
            GroupConfigSource::DynamicGroupConfig => "DYNAMIC_GROUP_CONFIG",
            GroupConfigSource::DefaultConfig => "DEFAULT_CONFIG",
        }
    }
}

/// One synonym of a described group config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupConfigSynonym {
    pub name: String,
    pub value: String,
    pub source: GroupConfigSource,
}

/// One group config in a `DescribeConfigs` answer (`ConfigHelper.createGroupConfigEntry`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupConfigEntry {
    pub name: String,
    pub value: String,
    pub source: GroupConfigSource,
    /// No group config is a `PASSWORD`.
    pub is_sensitive: bool,
    pub synonyms: Vec<GroupConfigSynonym>,
}

/// A value `ConfigDef.parse` accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Parsed {
    Int(i32),
    Str(String),
}

impl Parsed {
    /// `ConfigDef.convertToString`.
    fn to_kafka_string(&self) -> String {
        match self {
            Parsed::Int(v) => v.to_string(),
            Parsed::Str(s) => s.clone(),
        }
    }
}

/// `ConfigDef.parseType` then the validator, as `ConfigException` words a failure.
fn parse(def: &GroupConfigDef, value: &str) -> Result<Parsed, String> {
    let invalid = |why: &str| {
        format!(
            "Invalid value {value} for configuration {}: {why}",
            def.name
        )
    };
    match def.kind {
        GroupConfigKind::IntAtLeast(min) => {
            let v: i32 = value
                .trim()
                .parse()
                .map_err(|_| invalid("Not a number of type INT"))?;
            if v < min {
                return Err(invalid(&format!("Value must be at least {min}")));
            }
            Ok(Parsed::Int(v))
        }
        GroupConfigKind::StringIn(options) => {
            let v = value.trim();
            if !options.contains(&v) {
                return Err(invalid(&format!(
                    "String must be one of: {}",
                    options.join(", ")
                )));
            }
            Ok(Parsed::Str(v.to_string()))
        }
    }
}

fn def_of(name: &str) -> Option<&'static GroupConfigDef> {
    GROUP_CONFIGS.iter().find(|d| d.name == name)
}

/// `GroupConfig.validate(props, groupCoordinatorConfig, shareGroupConfig)`; the message is
/// the `InvalidConfigurationException`'s (or `ConfigException`'s).
pub fn validate(props: &BTreeMap<String, String>) -> Result<(), String> {
    if let Some(unknown) = props.keys().find(|n| def_of(n).is_none()) {
        return Err(format!("Unknown group config name: {unknown}"));
    }
    let mut ints: BTreeMap<&str, i32> = BTreeMap::new();
    for def in &GROUP_CONFIGS {
        let raw = props.get(def.name).map_or(def.default, String::as_str);
        if let Parsed::Int(v) = parse(def, raw)? {
            ints.insert(def.name, v);
        }
    }
    // Every INT definition was parsed just above.
    let int = |name: &str| ints[name];
    let bounds = [
        (
            CONSUMER_HEARTBEAT_INTERVAL_MS,
            CONSUMER_MIN_HEARTBEAT_INTERVAL_MS,
            "group.consumer.min.heartbeat.interval.ms",
            CONSUMER_MAX_HEARTBEAT_INTERVAL_MS,
            "group.consumer.max.heartbeat.interval.ms",
        ),
        (
            CONSUMER_SESSION_TIMEOUT_MS,
            CONSUMER_MIN_SESSION_TIMEOUT_MS,
            "group.consumer.min.session.timeout.ms",
            CONSUMER_MAX_SESSION_TIMEOUT_MS,
            "group.consumer.max.session.timeout.ms",
        ),
        (
            SHARE_HEARTBEAT_INTERVAL_MS,
            SHARE_MIN_HEARTBEAT_INTERVAL_MS,
            "group.share.min.heartbeat.interval.ms",
            SHARE_MAX_HEARTBEAT_INTERVAL_MS,
            "group.share.max.heartbeat.interval.ms",
        ),
        (
            SHARE_SESSION_TIMEOUT_MS,
            SHARE_MIN_SESSION_TIMEOUT_MS,
            "group.share.min.session.timeout.ms",
            SHARE_MAX_SESSION_TIMEOUT_MS,
            "group.share.max.session.timeout.ms",
        ),
        (
            SHARE_RECORD_LOCK_DURATION_MS,
            SHARE_MIN_RECORD_LOCK_DURATION_MS,
            "group.share.min.record.lock.duration.ms",
            SHARE_MAX_RECORD_LOCK_DURATION_MS,
            "group.share.max.record.lock.duration.ms",
        ),
    ];
    for (name, min, min_name, max, max_name) in bounds {
        if int(name) < min {
            return Err(format!(
                "{name} must be greater than or equal to {min_name}"
            ));
        }
        if int(name) > max {
            return Err(format!("{name} must be less than or equal to {max_name}"));
        }
    }
    for (session, heartbeat) in [
        (CONSUMER_SESSION_TIMEOUT_MS, CONSUMER_HEARTBEAT_INTERVAL_MS),
        (SHARE_SESSION_TIMEOUT_MS, SHARE_HEARTBEAT_INTERVAL_MS),
    ] {
        if int(session) <= int(heartbeat) {
            return Err(format!("{session} must be greater than {heartbeat}"));
        }
    }
    Ok(())
}

/// What one alteration changed, for [`GroupEvent::ConfigsAltered`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupConfigChange {
    pub set: Vec<(String, String)>,
    pub deleted: Vec<String>,
}

/// The controller's dynamic configs of every group that has some, by group id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupConfigs {
    by_group: BTreeMap<String, BTreeMap<String, String>>,
}

impl GroupConfigs {
    /// The group's dynamic configs as stored (the strings the admin sent).
    pub fn get(&self, group_id: &str) -> Option<&BTreeMap<String, String>> {
        self.by_group.get(group_id)
    }

    /// The groups that have dynamic configs (`ListConfigResources` of type `GROUP`), sorted.
    pub fn group_ids(&self) -> impl Iterator<Item = &str> {
        self.by_group.keys().map(String::as_str)
    }

    /// `ConfigurationControlManager.incrementalAlterConfigResource` for a `GROUP` resource:
    /// apply `ops` in order to the stored configs, validate the result, and store it unless
    /// `validate_only`. Every error is `INVALID_CONFIG` but the kplay group limit.
    pub fn incremental_alter(
        &mut self,
        group_id: &str,
        ops: &[AlterConfigOp],
        validate_only: bool,
    ) -> Result<GroupConfigChange, ApiError> {
        if group_id.is_empty() {
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                "Group name must not be empty".to_string(),
            ));
        }
        // `ConfigAdminManager.preprocess`: one operation per key.
        let mut names: Vec<&str> = ops.iter().map(AlterConfigOp::name).collect();
        crate::sort::sort(&mut names);
        if names.windows(2).any(|w| w[0] == w[1]) {
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                "Error due to duplicate config keys".to_string(),
            ));
        }
        let mut next = self.by_group.get(group_id).cloned().unwrap_or_default();
        let mut change = GroupConfigChange::default();
        for op in ops {
            match op {
                AlterConfigOp::Set { name, value } => {
                    next.insert(name.clone(), value.clone());
                    change.set.push((name.clone(), value.clone()));
                }
                AlterConfigOp::Delete { name } => {
                    next.remove(name);
                    change.deleted.push(name.clone());
                }
                AlterConfigOp::Append { name, .. } | AlterConfigOp::Subtract { name, .. } => {
                    // No group config is a LIST (`ConfigSchema.isSplittable` is false).
                    let verb = if matches!(op, AlterConfigOp::Append { .. }) {
                        "APPEND"
                    } else {
                        "SUBTRACT"
                    };
                    return Err(ApiError::new(
                        ErrorCode::InvalidConfig,
                        format!("Can't {verb} to key {name} because its type is not LIST."),
                    ));
                }
            }
        }
        validate(&next).map_err(|m| ApiError::new(ErrorCode::InvalidConfig, m))?;
        if !next.is_empty()
            && !self.by_group.contains_key(group_id)
            && self.by_group.len() >= GROUP_CONFIG_GROUPS_MAX
        {
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                format!("kplay: at most {GROUP_CONFIG_GROUPS_MAX} groups may have dynamic configs"),
            ));
        }
        if !validate_only {
            if next.is_empty() {
                self.by_group.remove(group_id);
            } else {
                self.by_group.insert(group_id.to_string(), next);
            }
        }
        Ok(change)
    }

    /// `ConfigHelper.describeConfigs` for a `GROUP` resource: every group config in name
    /// order, the group's value (source `DYNAMIC_GROUP_CONFIG`) over the broker's
    /// `group.*` synonym (`DEFAULT_CONFIG`, as kplay's broker leaves them at Kafka's
    /// defaults) or, without one, `GroupConfig`'s own default.
    pub fn describe(&self, group_id: &str) -> Result<Vec<GroupConfigEntry>, ApiError> {
        if group_id.is_empty() {
            return Err(ApiError::new(
                ErrorCode::InvalidRequest,
                "Group name must not be empty".to_string(),
            ));
        }
        let own = self.by_group.get(group_id);
        let mut entries: Vec<GroupConfigEntry> = GROUP_CONFIGS
            .iter()
            .map(|def| {
                let default_synonym = GroupConfigSynonym {
                    name: def.broker_synonym.unwrap_or(def.name).to_string(),
                    value: def.default.to_string(),
                    source: GroupConfigSource::DefaultConfig,
                };
                let set = own
                    .and_then(|m| m.get(def.name))
                    // Stored values passed `validate`, so they parse.
                    .and_then(|raw| parse(def, raw).ok())
                    .map(|v| v.to_kafka_string());
                let synonyms = match &set {
                    Some(value) => vec![
                        GroupConfigSynonym {
                            name: def.name.to_string(),
                            value: value.clone(),
                            source: GroupConfigSource::DynamicGroupConfig,
                        },
                        default_synonym,
                    ],
                    None => vec![default_synonym],
                };
                GroupConfigEntry {
                    name: def.name.to_string(),
                    value: set.unwrap_or_else(|| def.default.to_string()),
                    source: synonyms[0].source,
                    is_sensitive: false,
                    synonyms,
                }
            })
            .collect();
        crate::sort::sort_by(&mut entries, |a, b| a.name.cmp(&b.name));
        Ok(entries)
    }
}

impl<S: SegmentStorage> Cluster<S> {
    /// `IncrementalAlterConfigs` for one `GROUP` resource, as the controller applies it; the
    /// group need not exist. A change that is not `validate_only` is a
    /// [`GroupEvent::ConfigsAltered`].
    pub fn alter_group_configs(
        &mut self,
        group_id: &str,
        ops: &[AlterConfigOp],
        validate_only: bool,
        now_ms: i64,
    ) -> Result<GroupConfigChange, ApiError> {
        self.advance(now_ms);
        let change = self
            .groups
            .configs
            .incremental_alter(group_id, ops, validate_only)?;
        if !validate_only {
            self.push_event(Event::Group(GroupEvent::ConfigsAltered {
                group_id: group_id.to_string(),
                set: change.set.clone(),
                deleted: change.deleted.clone(),
            }));
        }
        Ok(change)
    }

    /// `DescribeConfigs` for one `GROUP` resource.
    pub fn describe_group_configs(
        &self,
        group_id: &str,
    ) -> Result<Vec<GroupConfigEntry>, ApiError> {
        self.groups.configs.describe(group_id)
    }

    /// The groups' dynamic configs.
    pub fn group_configs(&self) -> &GroupConfigs {
        &self.groups.configs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn set(name: &str, value: &str) -> AlterConfigOp {
        AlterConfigOp::Set {
            name: name.into(),
            value: value.into(),
        }
    }

    #[test]
    fn defaults_are_valid() {
        assert_eq!(validate(&BTreeMap::new()), Ok(()));
    }

    #[test]
    fn validation_follows_group_config() {
        let err = |p: &[(&str, &str)]| validate(&props(p)).unwrap_err();
        assert_eq!(err(&[("foo", "1")]), "Unknown group config name: foo");
        assert_eq!(
            err(&[(CONSUMER_SESSION_TIMEOUT_MS, "abc")]),
            "Invalid value abc for configuration consumer.session.timeout.ms: Not a number of type INT"
        );
        assert_eq!(
            err(&[(CONSUMER_SESSION_TIMEOUT_MS, "0")]),
            "Invalid value 0 for configuration consumer.session.timeout.ms: Value must be at least 1"
        );
        assert_eq!(
            err(&[(SHARE_RECORD_LOCK_DURATION_MS, "999")]),
            "Invalid value 999 for configuration share.record.lock.duration.ms: Value must be at least 1000"
        );
        assert_eq!(
            err(&[(SHARE_AUTO_OFFSET_RESET, "none")]),
            "Invalid value none for configuration share.auto.offset.reset: String must be one of: latest, earliest"
        );
        assert_eq!(
            err(&[(CONSUMER_SESSION_TIMEOUT_MS, "30000")]),
            "consumer.session.timeout.ms must be greater than or equal to group.consumer.min.session.timeout.ms"
        );
        assert_eq!(
            err(&[(CONSUMER_SESSION_TIMEOUT_MS, "60001")]),
            "consumer.session.timeout.ms must be less than or equal to group.consumer.max.session.timeout.ms"
        );
        assert_eq!(
            err(&[(CONSUMER_HEARTBEAT_INTERVAL_MS, "4999")]),
            "consumer.heartbeat.interval.ms must be greater than or equal to group.consumer.min.heartbeat.interval.ms"
        );
        assert_eq!(
            err(&[(SHARE_RECORD_LOCK_DURATION_MS, "60001")]),
            "share.record.lock.duration.ms must be less than or equal to group.share.max.record.lock.duration.ms"
        );
        // With the broker's default bounds (session >= 45000, heartbeat <= 15000) the last
        // check, session > heartbeat, cannot fail.
        assert_eq!(
            validate(&props(&[
                (SHARE_SESSION_TIMEOUT_MS, "45000"),
                (SHARE_HEARTBEAT_INTERVAL_MS, "15000")
            ])),
            Ok(())
        );
        assert_eq!(
            validate(&props(&[
                (CONSUMER_SESSION_TIMEOUT_MS, " 50000 "),
                (SHARE_AUTO_OFFSET_RESET, "earliest")
            ])),
            Ok(())
        );
    }

    #[test]
    fn alter_validates_the_merged_config_and_stores_it() {
        let mut configs = GroupConfigs::default();
        let change = configs
            .incremental_alter("g", &[set(CONSUMER_SESSION_TIMEOUT_MS, "50000")], false)
            .unwrap();
        assert_eq!(change.set.len(), 1);
        assert_eq!(
            configs.get("g").unwrap().get(CONSUMER_SESSION_TIMEOUT_MS),
            Some(&"50000".to_string())
        );
        let e = configs
            .incremental_alter("g", &[set(CONSUMER_HEARTBEAT_INTERVAL_MS, "x")], false)
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidConfig);
        configs
            .incremental_alter("h", &[set(SHARE_AUTO_OFFSET_RESET, "earliest")], true)
            .unwrap();
        assert!(configs.get("h").is_none(), "validate_only stores nothing");
        let e = configs
            .incremental_alter(
                "g",
                &[AlterConfigOp::Append {
                    name: CONSUMER_SESSION_TIMEOUT_MS.into(),
                    value: "1".into(),
                }],
                false,
            )
            .unwrap_err();
        assert_eq!(
            e.message,
            "Can't APPEND to key consumer.session.timeout.ms because its type is not LIST."
        );
        configs
            .incremental_alter(
                "g",
                &[AlterConfigOp::Delete {
                    name: CONSUMER_SESSION_TIMEOUT_MS.into(),
                }],
                false,
            )
            .unwrap();
        assert_eq!(configs.group_ids().count(), 0, "an empty config is removed");
    }

    #[test]
    fn describe_puts_the_group_value_over_the_broker_synonym() {
        let mut configs = GroupConfigs::default();
        configs
            .incremental_alter("g", &[set(CONSUMER_SESSION_TIMEOUT_MS, "050000")], false)
            .unwrap();
        let entries = configs.describe("g").unwrap();
        let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
        let mut sorted = names.clone();
        crate::sort::sort(&mut sorted);
        assert_eq!(names, sorted);
        let session = entries
            .iter()
            .find(|e| e.name == CONSUMER_SESSION_TIMEOUT_MS)
            .unwrap();
        assert_eq!(session.value, "50000");
        assert_eq!(session.source, GroupConfigSource::DynamicGroupConfig);
        assert_eq!(
            session.synonyms[1].name,
            "group.consumer.session.timeout.ms"
        );
        let reset = entries
            .iter()
            .find(|e| e.name == SHARE_AUTO_OFFSET_RESET)
            .unwrap();
        assert_eq!(reset.source, GroupConfigSource::DefaultConfig);
        assert_eq!(reset.synonyms[0].name, SHARE_AUTO_OFFSET_RESET);
    }
}
