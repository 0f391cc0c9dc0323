//! `ConfigCommand.describeConfig` / `alterConfig` for the entities kplay models: topics,
//! brokers (their dynamic configs, KIP-226: `--entity-name <id>` for one broker,
//! `--entity-default` for the cluster-wide default) and groups (KIP-848 `GroupConfig`, stored
//! whether or not the group exists), all described and altered.

use super::options::{self, Action, ConfigCommandOptions, BROKER_TYPE, GROUP_TYPE, TOPIC_TYPE};
use crate::cli::output::CommandOutput;
use crate::cli::topics::Failure;
use crate::engine::api_error::ApiError;
use crate::engine::cluster::Cluster;
use crate::engine::error_code::ErrorCode;
use crate::engine::group::group_config::GroupConfigEntry;
use crate::engine::topic::describe::{describe_broker_configs, describe_default_broker_configs};
use crate::engine::topic::name;
use crate::engine::topic::{AlterConfigOp, ConfigEntry, ConfigSource};
use crate::storage::SegmentStorage;

/// `ConfigCommand.BROKER_DEFAULT_ENTITY_NAME`.
const DEFAULT_ENTITY: &str = "";

/// The class Kafka's admin client throws for an error code, as `Throwable.toString` names it.
pub fn exception_class(code: ErrorCode) -> String {
    let simple = match code {
        ErrorCode::InvalidConfig => "InvalidConfigurationException".to_string(),
        ErrorCode::InvalidTopicException => "InvalidTopicException".to_string(),
        other => {
            // `Errors` names its exceptions after the constant: UNKNOWN_TOPIC_OR_PARTITION →
            // UnknownTopicOrPartitionException.
            let camel: String = other
                .name()
                .split('_')
                .map(|w| {
                    let lower = w.to_ascii_lowercase();
                    let mut chars = lower.chars();
                    chars.next().map_or_else(String::new, |f| {
                        f.to_ascii_uppercase().to_string() + chars.as_str()
                    })
                })
                .collect();
            format!("{camel}Exception")
        }
    };
    format!("org.apache.kafka.common.errors.{simple}")
}

/// A failed admin-client future, as `ExecutionException.toString()` shows it.
fn execution_exception(e: ApiError) -> Failure {
    Failure::Exception(format!(
        "java.util.concurrent.ExecutionException: {}: {}",
        exception_class(e.code),
        e.message
    ))
}

/// `Topic.validate(name)` as the tool calls it (an `InvalidTopicException`, not wrapped).
fn validate_topic(topic: &str) -> Result<(), Failure> {
    name::validate(topic).map_err(|e| {
        Failure::Exception(format!(
            "{}: {e}",
            exception_class(ErrorCode::InvalidTopicException)
        ))
    })
}

/// `Failure::IllegalArgument` for an entity type kplay does not model.
fn not_modelled(entity_type: &str) -> Failure {
    Failure::IllegalArgument(format!(
        "kplay: entity type '{entity_type}' is not modelled by the playground (it has topics, brokers and groups)"
    ))
}

/// `ConfigCommand.processCommand` after the bootstrap properties.
pub fn process<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    opts: &ConfigCommandOptions,
    out: &mut CommandOutput,
    now_ms: i64,
) -> Result<(), Failure> {
    if opts.action == Action::Alter && opts.entity_types.len() != opts.entity_names.len() {
        return Err(Failure::IllegalArgument(
            "An entity name must be specified for every entity type".into(),
        ));
    }
    match opts.action {
        Action::Alter => alter(cluster, opts, out, now_ms),
        Action::Describe => describe(cluster, opts, out),
    }
}

/// `ConfigCommand.alterConfig`.
fn alter<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    opts: &ConfigCommandOptions,
    out: &mut CommandOutput,
    now_ms: i64,
) -> Result<(), Failure> {
    let entity_type = opts.entity_types[0].as_str();
    let entity_name = opts.entity_names[0].as_str();
    let to_add = match opts.value(&options::ADD_CONFIG)? {
        Some(v) => options::parse_configs_to_be_added(v)?,
        None => Vec::new(),
    };
    if let Some(file) = opts.value(&options::ADD_CONFIG_FILE)? {
        return Err(Failure::IllegalArgument(format!(
            "kplay: --add-config-file {file} cannot be read: kplay has no files; use --add-config"
        )));
    }
    let to_delete = opts.configs_to_be_deleted();
    match entity_type {
        TOPIC_TYPE => {
            // `alterResourceConfig`: the current dynamic configs first.
            let current = resource_config(cluster, TOPIC_TYPE, entity_name, false)?;
            let ops = alter_ops(current.iter().map(|e| e.name.as_str()), &to_delete, to_add)?;
            cluster
                .alter_topic_configs(entity_name, &ops, false, now_ms)
                .map_err(execution_exception)?;
        }
        BROKER_TYPE => {
            // `alterResourceConfig`, as for topics: the current dynamic configs of the resource.
            let current = resource_config(cluster, BROKER_TYPE, entity_name, false)?;
            let ops = alter_ops(current.iter().map(|e| e.name.as_str()), &to_delete, to_add)?;
            let broker = if entity_name == DEFAULT_ENTITY {
                None
            } else {
                // `checkArgs` made sure the name is an integer broker id.
                Some(entity_name.parse::<i32>().map_err(|_| {
                    Failure::IllegalArgument(format!(
                        "The entity name for {entity_type} must be a valid integer broker id, but it is: {entity_name}"
                    ))
                })?)
            };
            cluster
                .alter_broker_configs(broker, &ops, false, now_ms)
                .map_err(execution_exception)?;
        }
        GROUP_TYPE => {
            // `alterResourceConfig` with `ConfigResource.Type.GROUP`.
            let current = group_config(cluster, entity_name, false)?;
            let ops = alter_ops(current.iter().map(|e| e.name.as_str()), &to_delete, to_add)?;
            cluster
                .alter_group_configs(entity_name, &ops, false, now_ms)
                .map_err(execution_exception)?;
        }
        other => return Err(not_modelled(other)),
    }
    let singular = &entity_type[..entity_type.len() - 1];
    if entity_name.is_empty() {
        out.out(format!(
            "Completed updating default config for {entity_type} in the cluster."
        ));
    } else {
        out.out(format!(
            "Completed updating config for {singular} {entity_name}."
        ));
    }
    Ok(())
}

/// `ConfigCommand.describeConfig` → `describeResourceConfig`.
fn describe<S: SegmentStorage>(
    cluster: &Cluster<S>,
    opts: &ConfigCommandOptions,
    out: &mut CommandOutput,
) -> Result<(), Failure> {
    let entity_type = opts.entity_types[0].as_str();
    if entity_type == GROUP_TYPE {
        return describe_groups(cluster, opts, out);
    }
    if entity_type != TOPIC_TYPE && entity_type != BROKER_TYPE {
        return Err(not_modelled(entity_type));
    }
    let describe_all = opts.has(&options::ALL);
    let singular = &entity_type[..entity_type.len() - 1];
    let broker_ids: Vec<String> = cluster.broker_ids().iter().map(i32::to_string).collect();
    let entities: Vec<String> = match opts.entity_names.first() {
        Some(name) => {
            if !describe_all {
                let exists = if entity_type == TOPIC_TYPE {
                    validate_topic(name)?;
                    cluster.registry().describe_topic(name).is_ok()
                } else {
                    broker_ids.contains(name) || name == DEFAULT_ENTITY
                };
                if !exists {
                    out.out(format!(
                        "The {singular} '{name}' doesn't exist and doesn't have dynamic config."
                    ));
                    return Ok(());
                }
            }
            vec![name.clone()]
        }
        None if entity_type == TOPIC_TYPE => cluster
            .registry()
            .list_topics()
            .into_iter()
            .map(|t| t.name)
            .collect(),
        None => broker_ids
            .iter()
            .cloned()
            .chain([DEFAULT_ENTITY.to_string()])
            .collect(),
    };
    for entity in entities {
        if entity == DEFAULT_ENTITY {
            out.out(format!(
                "Default configs for {entity_type} in the cluster are:"
            ));
        } else {
            let source = if describe_all { "All" } else { "Dynamic" };
            out.out(format!("{source} configs for {singular} {entity} are:"));
        }
        for entry in resource_config(cluster, entity_type, &entity, describe_all)? {
            out.out(entry_line(&entry));
        }
    }
    Ok(())
}

/// `describeResourceConfig` for `groups`: a named group is described if the coordinator
/// knows it (`listGroups`) or it has dynamic configs (`listConfigResources`), or always with
/// `--all`; without a name, every such group. (Kafka collects those ids in a `Set` and prints
/// them in its hash order; kplay prints them sorted.)
fn describe_groups<S: SegmentStorage>(
    cluster: &Cluster<S>,
    opts: &ConfigCommandOptions,
    out: &mut CommandOutput,
) -> Result<(), Failure> {
    let describe_all = opts.has(&options::ALL);
    let mut known: Vec<String> = cluster
        .list_groups()
        .into_iter()
        .map(|g| g.group_id)
        .chain(cluster.group_configs().group_ids().map(str::to_string))
        .collect();
    crate::sort::sort(&mut known);
    known.dedup();
    let entities = match opts.entity_names.first() {
        Some(name) => {
            if !describe_all && !known.contains(name) {
                out.out(format!(
                    "The group '{name}' doesn't exist and doesn't have dynamic config."
                ));
                return Ok(());
            }
            vec![name.clone()]
        }
        None => known,
    };
    for entity in entities {
        let source = if describe_all { "All" } else { "Dynamic" };
        out.out(format!("{source} configs for group {entity} are:"));
        for entry in group_config(cluster, &entity, describe_all)? {
            out.out(group_entry_line(&entry));
        }
    }
    Ok(())
}

/// `alterResourceConfig`'s ops: a config to delete must be set on the resource now
/// (`InvalidConfigurationException`, which `main` prints like an IllegalArgument), then the
/// deletions and the additions, in that order.
fn alter_ops<'a>(
    current: impl Iterator<Item = &'a str> + Clone,
    to_delete: &[String],
    to_add: Vec<(String, String)>,
) -> Result<Vec<AlterConfigOp>, Failure> {
    let invalid: Vec<&str> = to_delete
        .iter()
        .filter(|d| !current.clone().any(|name| name == d.as_str()))
        .map(String::as_str)
        .collect();
    if !invalid.is_empty() {
        return Err(Failure::IllegalArgument(format!(
            "Invalid config(s): {}",
            invalid.join(",")
        )));
    }
    Ok(to_delete
        .iter()
        .map(|n| AlterConfigOp::Delete { name: n.clone() })
        .chain(
            to_add
                .into_iter()
                .map(|(name, value)| AlterConfigOp::Set { name, value }),
        )
        .collect())
}

/// `getResourceConfig` for a group: its config entries in name order, only the
/// `DYNAMIC_GROUP_CONFIG` ones unless `describe_all`.
fn group_config<S: SegmentStorage>(
    cluster: &Cluster<S>,
    group: &str,
    describe_all: bool,
) -> Result<Vec<GroupConfigEntry>, Failure> {
    use crate::engine::group::group_config::GroupConfigSource;
    let entries = cluster
        .describe_group_configs(group)
        .map_err(execution_exception)?;
    Ok(entries
        .into_iter()
        .filter(|e| describe_all || e.source == GroupConfigSource::DynamicGroupConfig)
        .collect())
}

/// [`entry_line`] for a group config.
fn group_entry_line(entry: &GroupConfigEntry) -> String {
    let synonyms: Vec<String> = entry
        .synonyms
        .iter()
        .map(|s| format!("{}:{}={}", s.source.name(), s.name, s.value))
        .collect();
    format!(
        "  {}={} sensitive={} synonyms={{{}}}",
        entry.name,
        entry.value,
        entry.is_sensitive,
        synonyms.join(", ")
    )
}

/// `  name=value sensitive=false synonyms={SOURCE:name=value, …}`.
fn entry_line(entry: &ConfigEntry) -> String {
    let synonyms: Vec<String> = entry
        .synonyms
        .iter()
        .map(|s| {
            format!(
                "{}:{}={}",
                s.source.name(),
                s.name,
                s.value.as_deref().unwrap_or("null")
            )
        })
        .collect();
    format!(
        "  {}={} sensitive={} synonyms={{{}}}",
        entry.name,
        entry.value.as_deref().unwrap_or("null"),
        entry.is_sensitive,
        synonyms.join(", ")
    )
}

/// `ConfigCommand.getResourceConfig`: the entity's config entries, sorted by name; only the
/// dynamic ones (`DYNAMIC_TOPIC_CONFIG`, `DYNAMIC_BROKER_CONFIG`,
/// `DYNAMIC_DEFAULT_BROKER_CONFIG`) unless `describe_all`.
fn resource_config<S: SegmentStorage>(
    cluster: &Cluster<S>,
    entity_type: &str,
    entity_name: &str,
    describe_all: bool,
) -> Result<Vec<ConfigEntry>, Failure> {
    let mut entries = match entity_type {
        TOPIC_TYPE => {
            if !entity_name.is_empty() {
                validate_topic(entity_name)?;
            }
            let entries = cluster
                .registry()
                .describe_configs(entity_name, cluster.broker_config())
                .map_err(|e| execution_exception(e.into()))?;
            if describe_all {
                entries
            } else {
                entries
                    .into_iter()
                    .filter(|e| e.source == ConfigSource::DynamicTopicConfig)
                    .collect()
            }
        }
        _ => {
            // `describeResourceConfig` keeps only the resource's own dynamic entries unless `--all`.
            let (entries, own_source) = if entity_name == DEFAULT_ENTITY {
                (
                    describe_default_broker_configs(cluster.broker_config()),
                    ConfigSource::DynamicDefaultBrokerConfig,
                )
            } else if cluster
                .broker_ids()
                .iter()
                .any(|id| id.to_string() == entity_name)
            {
                (
                    describe_broker_configs(cluster.broker_config()),
                    ConfigSource::DynamicBrokerConfig,
                )
            } else {
                return Err(execution_exception(ApiError::new(
                    ErrorCode::InvalidRequest,
                    format!(
                        "Unexpected broker id, expected {} or empty string, but received {entity_name}",
                        cluster.controller_id()
                    ),
                )));
            };
            if describe_all {
                entries
            } else {
                entries
                    .into_iter()
                    .filter(|e| e.source == own_source)
                    .collect()
            }
        }
    };
    crate::sort::sort_by(&mut entries, |a, b| a.name.cmp(&b.name));
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exception_names_follow_kafka() {
        assert_eq!(
            exception_class(ErrorCode::UnknownTopicOrPartition),
            "org.apache.kafka.common.errors.UnknownTopicOrPartitionException"
        );
        assert_eq!(
            exception_class(ErrorCode::InvalidConfig),
            "org.apache.kafka.common.errors.InvalidConfigurationException"
        );
        assert_eq!(
            exception_class(ErrorCode::PolicyViolation),
            "org.apache.kafka.common.errors.PolicyViolationException"
        );
        assert_eq!(
            exception_class(ErrorCode::InvalidRequest),
            "org.apache.kafka.common.errors.InvalidRequestException"
        );
    }
}
