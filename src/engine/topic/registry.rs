//! The cluster's topic metadata: which topics exist, their ids, replicas and config overrides.
//!
//! Mirrors the KRaft controller's `ReplicationControlManager` (metadata module) for the topic
//! APIs — CreateTopics (`createTopics` / `createTopic` / `validateNewTopicNames` /
//! `validateManualPartitionAssignment`), DeleteTopics, CreatePartitions (`createPartitions`) —
//! and `ConfigurationControlManager` for IncrementalAlterConfigs, with their checks in Kafka's
//! order and their error codes and messages. No logs live here: the partition logs and the
//! leader/ISR state machine are other modules; this registry hands them each new partition's
//! replicas, initial ISR and leader (`buildPartitionRegistration`: ISR = unfenced replicas,
//! leader = first of the ISR).
//!
//! Replica placement is Kafka's [`StripedReplicaPlacer`] with one `java.util.Random` seeded by
//! the caller, so placements are deterministic. Topic ids are drawn by the engine's RNG.
//!
//! kplay limits (not Kafka's, refused with `POLICY_VIOLATION` and a message saying so): at most
//! [`RegistryLimits::max_topics`] topics and [`RegistryLimits::max_total_partitions`] partitions.

use std::collections::{BTreeMap, BTreeSet};

use super::assignment::{is_active, manual_partitions, registrations, validate_manual_assignment};
use super::broker_config::BrokerConfig;
use super::config::{effective, LogConfig};
use super::describe::{describe_topic_configs, ConfigEntry};
use super::name;
use super::overrides::{AlterConfigOp, TopicConfigOverrides};
use super::placement::{StripedReplicaPlacer, UsableBroker};
use super::topic_id::TopicId;

pub use super::assignment::{CreateTopicRequest, ReplicaAssignment};
pub use super::topic_error::TopicError;
pub use super::topic_event::{ConfigChange, NewPartition, TopicEvent};

/// `ReplicationControlManager.MAX_PARTITIONS_PER_BATCH`: partitions one CreateTopics may create.
pub const MAX_PARTITIONS_PER_BATCH: usize = 10_000;

/// kplay's bounds on the registry (Kafka has none this small; a browser tab does).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RegistryLimits {
    pub max_topics: usize,
    pub max_total_partitions: usize,
}

impl Default for RegistryLimits {
    fn default() -> Self {
        RegistryLimits {
            max_topics: 1_000,
            max_total_partitions: MAX_PARTITIONS_PER_BATCH,
        }
    }
}

/// One topic's metadata.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TopicMetadata {
    pub name: String,
    pub topic_id: TopicId,
    /// Replicas of each partition (index = partition id), preferred leader first.
    pub replicas: Vec<Vec<i32>>,
    pub configs: TopicConfigOverrides,
}

impl TopicMetadata {
    /// Number of partitions.
    pub fn partition_count(&self) -> usize {
        self.replicas.len()
    }

    /// Replication factor as `kafka-topics --describe` prints it (replicas of partition 0).
    pub fn replication_factor(&self) -> usize {
        self.replicas.first().map_or(0, Vec::len)
    }

    /// `Topic.isInternal`.
    pub fn is_internal(&self) -> bool {
        name::is_internal(&self.name)
    }

    /// The topic's effective config on this broker.
    pub fn log_config(&self, broker: &BrokerConfig) -> LogConfig {
        effective(broker, &self.configs)
    }
}

/// A topic in a ListTopics answer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TopicListing {
    pub name: String,
    pub topic_id: TopicId,
    pub internal: bool,
}

/// The controller's topics.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TopicRegistry {
    topics: BTreeMap<String, TopicMetadata>,
    names_by_id: BTreeMap<TopicId, String>,
    /// `topicsWithCollisionChars`: unified name → names with `.`/`_` that unify to it.
    collision_names: BTreeMap<String, BTreeSet<String>>,
    placer: StripedReplicaPlacer,
    limits: RegistryLimits,
}

impl TopicRegistry {
    /// An empty registry whose placer's `Random` is `new Random(placement_seed)`.
    pub fn new(placement_seed: i64) -> TopicRegistry {
        TopicRegistry::with_limits(placement_seed, RegistryLimits::default())
    }

    /// An empty registry with explicit kplay limits.
    pub fn with_limits(placement_seed: i64, limits: RegistryLimits) -> TopicRegistry {
        TopicRegistry {
            topics: BTreeMap::new(),
            names_by_id: BTreeMap::new(),
            collision_names: BTreeMap::new(),
            placer: StripedReplicaPlacer::new(placement_seed),
            limits,
        }
    }

    /// CreateTopics for one topic. With `validate_only` every check (and the placement) runs
    /// but the registry is left unchanged; the returned event then describes what would have
    /// been created. The placer's `Random` advances either way, as in Kafka.
    ///
    /// `topic_id` must be fresh (see [`TopicId::from_random_bytes`]); a reused or reserved id
    /// is an engine bug and panics.
    pub fn create_topic(
        &mut self,
        request: &CreateTopicRequest,
        topic_id: TopicId,
        brokers: &[UsableBroker],
        broker_config: &BrokerConfig,
        validate_only: bool,
    ) -> Result<TopicEvent, TopicError> {
        self.check_request_partitions(request, broker_config)?;
        self.check_new_name(&request.name)?;
        let configs = TopicConfigOverrides::from_create_request(&request.configs, broker_config)?;
        let partitions = if request.assignments.is_empty() {
            self.automatic_partitions(request, brokers, broker_config)?
        } else {
            manual_partitions(request, brokers)?
        };
        self.check_limits(1, partitions.len())?;
        assert!(
            topic_id != TopicId::ZERO
                && topic_id != TopicId::ONE
                && !self.names_by_id.contains_key(&topic_id),
            "topic id {topic_id} is reserved or already used: the engine must draw a fresh id"
        );
        if !validate_only {
            self.insert(TopicMetadata {
                name: request.name.clone(),
                topic_id,
                replicas: partitions.iter().map(|p| p.replicas.clone()).collect(),
                configs: configs.clone(),
            });
        }
        Ok(TopicEvent::Created {
            name: request.name.clone(),
            topic_id,
            partitions,
            configs,
        })
    }

    /// `validateTotalNumberOfPartitions` for a one-topic request.
    fn check_request_partitions(
        &self,
        request: &CreateTopicRequest,
        broker_config: &BrokerConfig,
    ) -> Result<(), TopicError> {
        let total = if !request.assignments.is_empty() {
            request.assignments.len()
        } else if request.num_partitions == -1 {
            broker_config.num_partitions().max(0) as usize
        } else {
            request.num_partitions.max(0) as usize
        };
        if total > MAX_PARTITIONS_PER_BATCH {
            return Err(TopicError::TooManyPartitionsPerRequest);
        }
        Ok(())
    }

    /// `validateNewTopicNames` then the "already exists" check (which wins over the others).
    fn check_new_name(&self, topic: &str) -> Result<(), TopicError> {
        if self.topics.contains_key(topic) {
            return Err(TopicError::AlreadyExists(topic.to_owned()));
        }
        if name::has_collision_chars(topic) {
            if let Some(existing) = self
                .collision_names
                .get(&name::unify_collision_chars(topic))
                .and_then(|s| s.first())
            {
                return Err(TopicError::Collision {
                    topic: topic.to_owned(),
                    existing: existing.clone(),
                });
            }
        }
        name::validate(topic)?;
        Ok(())
    }

    /// `createTopic` without a manual assignment.
    fn automatic_partitions(
        &mut self,
        request: &CreateTopicRequest,
        brokers: &[UsableBroker],
        broker_config: &BrokerConfig,
    ) -> Result<Vec<NewPartition>, TopicError> {
        if request.replication_factor < -1 || request.replication_factor == 0 {
            return Err(TopicError::NonPositiveReplicationFactor);
        }
        if request.num_partitions < -1 || request.num_partitions == 0 {
            return Err(TopicError::NonPositivePartitions);
        }
        let num_partitions = if request.num_partitions == -1 {
            broker_config.num_partitions()
        } else {
            request.num_partitions
        };
        let replication_factor = if request.replication_factor == -1 {
            broker_config.default_replication_factor()
        } else {
            request.replication_factor
        };
        let placed = self
            .placer
            .place(
                num_partitions as usize,
                i32::from(replication_factor),
                brokers,
            )
            .map_err(|source| TopicError::CannotReplicate {
                replication_factor,
                source,
            })?;
        Ok(registrations(0, placed, brokers))
    }

    /// DeleteTopics for one topic by name.
    pub fn delete_topic(
        &mut self,
        topic: &str,
        broker_config: &BrokerConfig,
    ) -> Result<TopicEvent, TopicError> {
        if !broker_config.delete_topic_enable() {
            return Err(TopicError::DeletionDisabled);
        }
        let removed = self
            .topics
            .remove(topic)
            .ok_or_else(|| TopicError::UnknownTopic(topic.to_owned()))?;
        self.names_by_id.remove(&removed.topic_id);
        if name::has_collision_chars(topic) {
            let unified = name::unify_collision_chars(topic);
            if let Some(set) = self.collision_names.get_mut(&unified) {
                set.remove(topic);
                if set.is_empty() {
                    self.collision_names.remove(&unified);
                }
            }
        }
        Ok(TopicEvent::Deleted {
            name: removed.name,
            topic_id: removed.topic_id,
            partition_count: removed.replicas.len(),
        })
    }

    /// CreatePartitions: grow `topic` to `count` partitions, placed automatically or by
    /// `assignments` (one replica list per new partition). `validate_only` as for [`Self::create_topic`].
    pub fn create_partitions(
        &mut self,
        topic: &str,
        count: i32,
        assignments: Option<&[Vec<i32>]>,
        brokers: &[UsableBroker],
        validate_only: bool,
    ) -> Result<TopicEvent, TopicError> {
        let meta = self
            .topics
            .get(topic)
            .ok_or_else(|| TopicError::UnknownTopic(topic.to_owned()))?;
        let current = meta.replicas.len();
        if count >= 0 && count as usize == current {
            return Err(TopicError::PartitionCountUnchanged(current));
        }
        if count < 0 || (count as usize) < current {
            return Err(TopicError::PartitionCountDecrease {
                topic: topic.to_owned(),
                current,
                requested: count,
            });
        }
        let additional = count as usize - current;
        if let Some(a) = assignments {
            if a.len() != additional {
                return Err(TopicError::InvalidReplicaAssignment(format!(
                    "Attempted to add {additional} additional partition(s), but only {} assignment(s) were specified.",
                    a.len()
                )));
            }
        }
        let replication_factor = meta.replication_factor();
        let topic_id = meta.topic_id;
        let placed = match assignments {
            Some(a) => {
                for (i, replicas) in a.iter().enumerate() {
                    validate_manual_assignment(replicas, Some(replication_factor), brokers)?;
                    if !replicas.iter().any(|id| is_active(*id, brokers)) {
                        return Err(TopicError::InvalidReplicaAssignment(format!(
                            "All brokers specified in the manual partition assignment for partition {} are fenced or in controlled shutdown.",
                            current + i
                        )));
                    }
                }
                a.to_vec()
            }
            None => self
                .placer
                .place(additional, replication_factor as i32, brokers)
                .map_err(TopicError::Placement)?,
        };
        self.check_limits(0, additional)?;
        let partitions = registrations(current, placed, brokers);
        if !validate_only {
            let meta = self.topics.get_mut(topic).expect("looked up above");
            meta.replicas
                .extend(partitions.iter().map(|p| p.replicas.clone()));
        }
        Ok(TopicEvent::PartitionsAdded {
            name: topic.to_owned(),
            topic_id,
            partitions,
        })
    }

    /// IncrementalAlterConfigs on one topic. `validate_only` as for [`Self::create_topic`].
    pub fn incremental_alter_configs(
        &mut self,
        topic: &str,
        ops: &[AlterConfigOp],
        broker_config: &BrokerConfig,
        validate_only: bool,
    ) -> Result<TopicEvent, TopicError> {
        let mut seen = BTreeSet::new();
        if !ops.iter().all(|op| seen.insert(op.name())) {
            return Err(TopicError::InvalidRequest(
                "Error due to duplicate config keys".to_owned(),
            ));
        }
        let meta = self
            .topics
            .get(topic)
            .ok_or_else(|| TopicError::ConfigsOfUnknownTopic(topic.to_owned()))?;
        let new_configs = meta.configs.incremental_alter(ops, broker_config)?;
        let mut names: BTreeSet<&str> = meta.configs.iter().map(|(k, _)| k).collect();
        names.extend(new_configs.iter().map(|(k, _)| k));
        let changes: Vec<ConfigChange> = names
            .into_iter()
            .filter_map(|n| {
                let (old, new) = (meta.configs.get(n), new_configs.get(n));
                (old != new).then(|| ConfigChange {
                    name: n.to_owned(),
                    old: old.map(str::to_owned),
                    new: new.map(str::to_owned),
                })
            })
            .collect();
        let topic_id = meta.topic_id;
        if !validate_only {
            self.topics.get_mut(topic).expect("looked up above").configs = new_configs;
        }
        Ok(TopicEvent::ConfigChanged {
            name: topic.to_owned(),
            topic_id,
            changes,
        })
    }

    /// ListTopics: every topic in name order, internal ones flagged.
    /// Sets one partition's replica list (a reassignment's steps, `PartitionChangeRecord`
    /// with new replicas). Returns false for an unknown partition.
    pub(crate) fn set_partition_replicas(
        &mut self,
        topic: &str,
        partition: i32,
        replicas: Vec<i32>,
    ) -> bool {
        let Some(meta) = self.topics.get_mut(topic) else {
            return false;
        };
        match usize::try_from(partition)
            .ok()
            .and_then(|p| meta.replicas.get_mut(p))
        {
            Some(slot) => {
                *slot = replicas;
                true
            }
            None => false,
        }
    }

    pub fn list_topics(&self) -> Vec<TopicListing> {
        self.topics
            .values()
            .map(|t| TopicListing {
                name: t.name.clone(),
                topic_id: t.topic_id,
                internal: t.is_internal(),
            })
            .collect()
    }

    /// The topic's metadata (Metadata / DescribeTopics).
    pub fn describe_topic(&self, topic: &str) -> Result<&TopicMetadata, TopicError> {
        self.topics
            .get(topic)
            .ok_or_else(|| TopicError::UnknownTopic(topic.to_owned()))
    }

    /// The topic with this id, if any.
    pub fn topic_by_id(&self, topic_id: TopicId) -> Option<&TopicMetadata> {
        self.names_by_id
            .get(&topic_id)
            .and_then(|n| self.topics.get(n))
    }

    /// DescribeConfigs for a topic.
    pub fn describe_configs(
        &self,
        topic: &str,
        broker_config: &BrokerConfig,
    ) -> Result<Vec<ConfigEntry>, TopicError> {
        let meta = self.describe_topic(topic)?;
        Ok(describe_topic_configs(broker_config, &meta.configs))
    }

    /// Number of topics.
    pub fn len(&self) -> usize {
        self.topics.len()
    }

    /// Whether there is no topic.
    pub fn is_empty(&self) -> bool {
        self.topics.is_empty()
    }

    fn total_partitions(&self) -> usize {
        self.topics
            .values()
            .map(TopicMetadata::partition_count)
            .sum()
    }

    fn check_limits(&self, new_topics: usize, new_partitions: usize) -> Result<(), TopicError> {
        if self.topics.len() + new_topics > self.limits.max_topics {
            return Err(TopicError::KplayLimit(format!(
                "at most {} topics",
                self.limits.max_topics
            )));
        }
        if self.total_partitions() + new_partitions > self.limits.max_total_partitions {
            return Err(TopicError::KplayLimit(format!(
                "at most {} partitions in the cluster",
                self.limits.max_total_partitions
            )));
        }
        Ok(())
    }

    fn insert(&mut self, meta: TopicMetadata) {
        if name::has_collision_chars(&meta.name) {
            self.collision_names
                .entry(name::unify_collision_chars(&meta.name))
                .or_default()
                .insert(meta.name.clone());
        }
        self.names_by_id.insert(meta.topic_id, meta.name.clone());
        self.topics.insert(meta.name.clone(), meta);
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::error_code::ErrorCode;

    fn brokers(ids: &[i32]) -> Vec<UsableBroker> {
        ids.iter()
            .map(|&id| UsableBroker {
                id,
                rack: None,
                fenced: false,
            })
            .collect()
    }

    fn id(n: u8) -> TopicId {
        TopicId([n; 16])
    }

    fn create(
        reg: &mut TopicRegistry,
        req: &CreateTopicRequest,
        n: u8,
    ) -> Result<TopicEvent, TopicError> {
        reg.create_topic(
            req,
            id(n),
            &brokers(&[1, 2, 3]),
            &BrokerConfig::default(),
            false,
        )
    }

    #[test]
    fn create_with_defaults_and_placement() {
        let mut reg = TopicRegistry::new(42);
        let broker = BrokerConfig::from_properties([
            ("num.partitions", "3"),
            ("default.replication.factor", "2"),
        ])
        .unwrap();
        let event = reg
            .create_topic(
                &CreateTopicRequest::new("orders", -1, -1),
                id(1),
                &brokers(&[1, 2, 3]),
                &broker,
                false,
            )
            .unwrap();
        let TopicEvent::Created { partitions, .. } = event else {
            panic!("expected Created")
        };
        assert_eq!(partitions.len(), 3);
        for (i, p) in partitions.iter().enumerate() {
            assert_eq!(p.partition, i as i32);
            assert_eq!(p.replicas.len(), 2);
            assert_eq!(p.isr, p.replicas);
            assert_eq!(p.leader, p.replicas[0]);
        }
        let meta = reg.describe_topic("orders").unwrap();
        assert_eq!(meta.partition_count(), 3);
        assert_eq!(meta.replication_factor(), 2);
        assert_eq!(reg.topic_by_id(id(1)).unwrap().name, "orders");
    }

    #[test]
    fn replication_factor_above_broker_count() {
        let mut reg = TopicRegistry::new(1);
        let err = create(&mut reg, &CreateTopicRequest::new("t", 1, 4), 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Unable to replicate the partition 4 time(s): The target replication factor of 4 cannot be reached because only 3 broker(s) are registered."
        );
        assert_eq!(err.error_code(), ErrorCode::InvalidReplicationFactor);
        assert!(reg.is_empty());
    }

    #[test]
    fn non_positive_counts() {
        let mut reg = TopicRegistry::new(1);
        let err = create(&mut reg, &CreateTopicRequest::new("t", 1, 0), 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Replication factor must be larger than 0, or -1 to use the default value."
        );
        let err = create(&mut reg, &CreateTopicRequest::new("t", 0, 1), 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Number of partitions was set to an invalid non-positive value."
        );
        assert_eq!(err.error_code(), ErrorCode::InvalidPartitions);
        let err = create(&mut reg, &CreateTopicRequest::new("t", -2, 1), 1).unwrap_err();
        assert_eq!(err, TopicError::NonPositivePartitions);
    }

    #[test]
    fn names_exists_and_collisions() {
        let mut reg = TopicRegistry::new(1);
        let err = create(&mut reg, &CreateTopicRequest::new("bad name", 1, 1), 1).unwrap_err();
        assert_eq!(err.error_code(), ErrorCode::InvalidTopicException);
        create(&mut reg, &CreateTopicRequest::new("a.b", 1, 1), 1).unwrap();
        let err = create(&mut reg, &CreateTopicRequest::new("a.b", 1, 1), 2).unwrap_err();
        assert_eq!(err.to_string(), "Topic 'a.b' already exists.");
        assert_eq!(err.error_code(), ErrorCode::TopicAlreadyExists);
        let err = create(&mut reg, &CreateTopicRequest::new("a_b", 1, 1), 2).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Topic 'a_b' collides with existing topic: a.b"
        );
        assert_eq!(err.error_code(), ErrorCode::InvalidTopicException);
        // Once a.b is deleted, a_b may be created.
        reg.delete_topic("a.b", &BrokerConfig::default()).unwrap();
        create(&mut reg, &CreateTopicRequest::new("a_b", 1, 1), 3).unwrap();
    }

    #[test]
    fn config_errors_come_before_placement_errors() {
        let mut reg = TopicRegistry::new(1);
        let mut req = CreateTopicRequest::new("t", 1, 9);
        req.configs = vec![("nope".into(), Some("1".into()))];
        let err = create(&mut reg, &req, 1).unwrap_err();
        assert_eq!(err.to_string(), "Unknown topic config name: nope");
        assert_eq!(err.error_code(), ErrorCode::InvalidConfig);
    }

    #[test]
    fn configs_are_kept_and_used() {
        let mut reg = TopicRegistry::new(1);
        let mut req = CreateTopicRequest::new("c", 1, 1);
        req.configs = vec![
            ("cleanup.policy".into(), Some("compact".into())),
            ("retention.ms".into(), Some("1000".into())),
        ];
        create(&mut reg, &req, 1).unwrap();
        let cfg = reg
            .describe_topic("c")
            .unwrap()
            .log_config(&BrokerConfig::default());
        assert!(cfg.cleanup_policy.compact && !cfg.cleanup_policy.delete);
        assert_eq!(cfg.retention_ms, 1000);
        let entries = reg.describe_configs("c", &BrokerConfig::default()).unwrap();
        let e = entries.iter().find(|e| e.name == "retention.ms").unwrap();
        assert_eq!(
            e.source,
            super::super::describe::ConfigSource::DynamicTopicConfig
        );
    }

    #[test]
    fn manual_assignment_rules() {
        let mut reg = TopicRegistry::new(1);
        let manual = |parts: &[(i32, &[i32])]| CreateTopicRequest {
            name: "m".into(),
            num_partitions: -1,
            replication_factor: -1,
            assignments: parts
                .iter()
                .map(|(p, b)| ReplicaAssignment {
                    partition_index: *p,
                    broker_ids: b.to_vec(),
                })
                .collect(),
            configs: vec![],
        };
        let mut r = manual(&[(0, &[1, 2])]);
        r.replication_factor = 2;
        assert_eq!(
            create(&mut reg, &r, 1).unwrap_err().to_string(),
            "A manual partition assignment was specified, but replication factor was not set to -1."
        );
        let mut r = manual(&[(0, &[1, 2])]);
        r.num_partitions = 1;
        assert_eq!(
            create(&mut reg, &r, 1).unwrap_err().to_string(),
            "A manual partition assignment was specified, but numPartitions was not set to -1."
        );
        type Parts<'a> = &'a [(i32, &'a [i32])];
        let cases: &[(Parts, &str)] = &[
            (&[(0, &[1]), (0, &[2])], "Found multiple manual partition assignments for partition 0"),
            (&[(0, &[])], "The manual partition assignment includes an empty replica list."),
            (&[(0, &[1, 9])], "The manual partition assignment includes broker 9, but no such broker is registered."),
            (&[(0, &[2, 1, 2])], "The manual partition assignment includes the broker 2 more than once."),
            (
                &[(0, &[1, 2]), (1, &[3])],
                "The manual partition assignment includes a partition with 1 replica(s), but this is not consistent with previous partitions, which have 2 replica(s).",
            ),
            (&[(0, &[1]), (2, &[2])], "partitions should be a consecutive 0-based integer sequence"),
        ];
        for (parts, message) in cases {
            let err = create(&mut reg, &manual(parts), 1).unwrap_err();
            assert_eq!(err.to_string(), *message);
            assert_eq!(err.error_code(), ErrorCode::InvalidReplicaAssignment);
        }
        let event = create(&mut reg, &manual(&[(1, &[3, 1]), (0, &[2, 3])]), 1).unwrap();
        let TopicEvent::Created { partitions, .. } = event else {
            panic!("expected Created")
        };
        assert_eq!(partitions[0].replicas, vec![2, 3]);
        assert_eq!(partitions[1].replicas, vec![3, 1]);
        assert_eq!(partitions[1].leader, 3);
    }

    #[test]
    fn manual_assignment_with_only_fenced_brokers() {
        let mut reg = TopicRegistry::new(1);
        let cluster = vec![
            UsableBroker {
                id: 1,
                rack: None,
                fenced: true,
            },
            UsableBroker {
                id: 2,
                rack: None,
                fenced: false,
            },
        ];
        let req = CreateTopicRequest {
            name: "f".into(),
            num_partitions: -1,
            replication_factor: -1,
            assignments: vec![ReplicaAssignment {
                partition_index: 0,
                broker_ids: vec![1],
            }],
            configs: vec![],
        };
        let err = reg
            .create_topic(&req, id(1), &cluster, &BrokerConfig::default(), false)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "All brokers specified in the manual partition assignment for partition 0 are fenced or in controlled shutdown."
        );
        let mut req = req;
        req.assignments[0].broker_ids = vec![1, 2];
        let TopicEvent::Created { partitions, .. } = reg
            .create_topic(&req, id(1), &cluster, &BrokerConfig::default(), false)
            .unwrap()
        else {
            panic!("expected Created")
        };
        assert_eq!(partitions[0].isr, vec![2]);
        assert_eq!(partitions[0].leader, 2);
    }

    #[test]
    fn validate_only_changes_nothing() {
        let mut reg = TopicRegistry::new(1);
        let event = reg
            .create_topic(
                &CreateTopicRequest::new("v", 2, 1),
                id(1),
                &brokers(&[1]),
                &BrokerConfig::default(),
                true,
            )
            .unwrap();
        assert!(matches!(event, TopicEvent::Created { .. }));
        assert!(reg.is_empty());
    }

    #[test]
    fn delete_topic_rules() {
        let mut reg = TopicRegistry::new(1);
        create(&mut reg, &CreateTopicRequest::new("d", 2, 1), 1).unwrap();
        let disabled = BrokerConfig::from_properties([("delete.topic.enable", "false")]).unwrap();
        let err = reg.delete_topic("d", &disabled).unwrap_err();
        assert_eq!(err.error_code(), ErrorCode::TopicDeletionDisabled);
        let event = reg.delete_topic("d", &BrokerConfig::default()).unwrap();
        assert_eq!(
            event,
            TopicEvent::Deleted {
                name: "d".into(),
                topic_id: id(1),
                partition_count: 2
            }
        );
        let err = reg.delete_topic("d", &BrokerConfig::default()).unwrap_err();
        assert_eq!(err.error_code(), ErrorCode::UnknownTopicOrPartition);
        assert_eq!(
            err.to_string(),
            "This server does not host this topic-partition."
        );
        assert!(reg.topic_by_id(id(1)).is_none());
    }

    #[test]
    fn create_partitions_rules() {
        let mut reg = TopicRegistry::new(1);
        let cluster = brokers(&[1, 2, 3]);
        create(&mut reg, &CreateTopicRequest::new("p", 3, 2), 1).unwrap();
        let err = reg
            .create_partitions("p", 3, None, &cluster, false)
            .unwrap_err();
        assert_eq!(err.to_string(), "Topic already has 3 partition(s).");
        assert_eq!(err.error_code(), ErrorCode::InvalidPartitions);
        let err = reg
            .create_partitions("p", 2, None, &cluster, false)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "The topic p currently has 3 partition(s); 2 would not be an increase."
        );
        let err = reg
            .create_partitions("p", 5, Some(&[vec![1, 2]]), &cluster, false)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Attempted to add 2 additional partition(s), but only 1 assignment(s) were specified."
        );
        let err = reg
            .create_partitions("p", 4, Some(&[vec![1]]), &cluster, false)
            .unwrap_err();
        assert!(err.to_string().contains("with 1 replica(s), but this is not consistent with previous partitions, which have 2 replica(s)."));
        let err = reg
            .create_partitions("nope", 4, None, &cluster, false)
            .unwrap_err();
        assert_eq!(err.error_code(), ErrorCode::UnknownTopicOrPartition);
        let event = reg
            .create_partitions("p", 5, None, &cluster, false)
            .unwrap();
        let TopicEvent::PartitionsAdded { partitions, .. } = event else {
            panic!("expected PartitionsAdded")
        };
        assert_eq!(
            partitions.iter().map(|p| p.partition).collect::<Vec<_>>(),
            vec![3, 4]
        );
        assert_eq!(reg.describe_topic("p").unwrap().partition_count(), 5);
        reg.create_partitions("p", 6, Some(&[vec![3, 1]]), &cluster, false)
            .unwrap();
        assert_eq!(reg.describe_topic("p").unwrap().replicas[5], vec![3, 1]);
        let err = reg
            .create_partitions("p", 7, None, &brokers(&[1]), false)
            .unwrap_err();
        assert_eq!(err.to_string(), "The target replication factor of 2 cannot be reached because only 1 broker(s) are registered.");
    }

    #[test]
    fn alter_configs() {
        let mut reg = TopicRegistry::new(1);
        let broker = BrokerConfig::default();
        create(&mut reg, &CreateTopicRequest::new("a", 1, 1), 1).unwrap();
        let set = |n: &str, v: &str| AlterConfigOp::Set {
            name: n.into(),
            value: v.into(),
        };
        let event = reg
            .incremental_alter_configs("a", &[set("retention.ms", "10")], &broker, false)
            .unwrap();
        assert_eq!(
            event,
            TopicEvent::ConfigChanged {
                name: "a".into(),
                topic_id: id(1),
                changes: vec![ConfigChange {
                    name: "retention.ms".into(),
                    old: None,
                    new: Some("10".into())
                }]
            }
        );
        assert_eq!(
            reg.describe_topic("a")
                .unwrap()
                .log_config(&broker)
                .retention_ms,
            10
        );
        let err = reg
            .incremental_alter_configs(
                "a",
                &[set("retention.ms", "1"), set("retention.ms", "2")],
                &broker,
                false,
            )
            .unwrap_err();
        assert_eq!(err.to_string(), "Error due to duplicate config keys");
        assert_eq!(err.error_code(), ErrorCode::InvalidRequest);
        let err = reg
            .incremental_alter_configs("zz", &[set("retention.ms", "1")], &broker, false)
            .unwrap_err();
        assert_eq!(err.to_string(), "The topic 'zz' does not exist.");
        let err = reg
            .incremental_alter_configs("a", &[set("retention.ms", "x")], &broker, false)
            .unwrap_err();
        assert_eq!(err.error_code(), ErrorCode::InvalidConfig);
        reg.incremental_alter_configs(
            "a",
            &[AlterConfigOp::Delete {
                name: "retention.ms".into(),
            }],
            &broker,
            true,
        )
        .unwrap();
        assert_eq!(
            reg.describe_topic("a").unwrap().configs.get("retention.ms"),
            Some("10")
        );
    }

    #[test]
    fn list_flags_internal_topics() {
        let mut reg = TopicRegistry::new(1);
        create(
            &mut reg,
            &CreateTopicRequest::new("__consumer_offsets", 1, 1),
            1,
        )
        .unwrap();
        create(&mut reg, &CreateTopicRequest::new("b", 1, 1), 2).unwrap();
        let listing = reg.list_topics();
        assert_eq!(
            listing
                .iter()
                .map(|t| (t.name.as_str(), t.internal))
                .collect::<Vec<_>>(),
            vec![("__consumer_offsets", true), ("b", false)]
        );
    }

    #[test]
    fn request_and_kplay_limits() {
        let mut reg = TopicRegistry::with_limits(
            1,
            RegistryLimits {
                max_topics: 1,
                max_total_partitions: 5,
            },
        );
        let err = create(&mut reg, &CreateTopicRequest::new("big", 10_001, 1), 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Excessively large number of partitions per request."
        );
        assert_eq!(err.error_code(), ErrorCode::PolicyViolation);
        let err = create(&mut reg, &CreateTopicRequest::new("x", 6, 1), 1).unwrap_err();
        assert!(matches!(err, TopicError::KplayLimit(_)));
        create(&mut reg, &CreateTopicRequest::new("x", 5, 1), 1).unwrap();
        let err = create(&mut reg, &CreateTopicRequest::new("y", 1, 1), 2).unwrap_err();
        assert_eq!(
            err.to_string(),
            "kplay limit: at most 1 topics (a playground limit, not a Kafka one)"
        );
    }

    #[test]
    #[should_panic(expected = "already used")]
    fn reused_topic_id_is_an_engine_bug() {
        let mut reg = TopicRegistry::new(1);
        create(&mut reg, &CreateTopicRequest::new("x", 1, 1), 1).unwrap();
        let _ = create(&mut reg, &CreateTopicRequest::new("y", 1, 1), 1);
    }
}
