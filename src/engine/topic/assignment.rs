//! CreateTopics requests and manual replica assignments (`--replica-assignment`).
//!
//! Mirrors `ReplicationControlManager.createTopic`'s manual path and
//! `validateManualPartitionAssignment` (KRaft controller): the counts must be `-1`, each
//! partition listed once, every replica list non-empty, on registered brokers, without
//! duplicates, all of one size, with at least one unfenced broker, and the partition indexes
//! must be `0..n`. Also `buildPartitionRegistration`: ISR = unfenced replicas, leader = the
//! first of them.

use std::collections::BTreeMap;

use super::placement::UsableBroker;
use super::topic_error::TopicError;
use super::topic_event::NewPartition;

/// One partition's manual replica assignment (`CreatableReplicaAssignment`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReplicaAssignment {
    pub partition_index: i32,
    pub broker_ids: Vec<i32>,
}

/// One topic of a CreateTopics request (`CreatableTopic`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CreateTopicRequest {
    pub name: String,
    /// `-1` means `num.partitions`; must be `-1` with a manual assignment.
    pub num_partitions: i32,
    /// `-1` means `default.replication.factor`; must be `-1` with a manual assignment.
    pub replication_factor: i16,
    /// Manual replica assignment (`--replica-assignment`); empty for automatic placement.
    pub assignments: Vec<ReplicaAssignment>,
    /// Topic configs (`None` is Kafka's null value, which is refused).
    pub configs: Vec<(String, Option<String>)>,
}

impl CreateTopicRequest {
    /// A request for automatic placement without configs.
    pub fn new(name: &str, num_partitions: i32, replication_factor: i16) -> CreateTopicRequest {
        CreateTopicRequest {
            name: name.to_owned(),
            num_partitions,
            replication_factor,
            assignments: Vec::new(),
            configs: Vec::new(),
        }
    }
}

/// `createTopic` with a manual assignment.
pub(super) fn manual_partitions(
    request: &CreateTopicRequest,
    brokers: &[UsableBroker],
) -> Result<Vec<NewPartition>, TopicError> {
    if request.replication_factor != -1 {
        return Err(TopicError::InvalidRequest(
            "A manual partition assignment was specified, but replication factor was not set to -1.".to_owned(),
        ));
    }
    if request.num_partitions != -1 {
        return Err(TopicError::InvalidRequest(
            "A manual partition assignment was specified, but numPartitions was not set to -1."
                .to_owned(),
        ));
    }
    let mut by_index: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
    let mut replication_factor = None;
    for a in &request.assignments {
        if by_index.contains_key(&a.partition_index) {
            return Err(TopicError::InvalidReplicaAssignment(format!(
                "Found multiple manual partition assignments for partition {}",
                a.partition_index
            )));
        }
        validate_manual_assignment(&a.broker_ids, replication_factor, brokers)?;
        replication_factor = Some(a.broker_ids.len());
        if !a.broker_ids.iter().any(|id| is_active(*id, brokers)) {
            return Err(TopicError::InvalidReplicaAssignment(format!(
                "All brokers specified in the manual partition assignment for partition {} are fenced or in controlled shutdown.",
                a.partition_index
            )));
        }
        by_index.insert(a.partition_index, a.broker_ids.clone());
    }
    let consecutive = by_index.keys().copied().eq(0..by_index.len() as i32);
    if !consecutive {
        return Err(TopicError::InvalidReplicaAssignment(
            "partitions should be a consecutive 0-based integer sequence".to_owned(),
        ));
    }
    Ok(registrations(0, by_index.into_values().collect(), brokers))
}

/// `ReplicationControlManager.validateManualPartitionAssignment`.
pub(crate) fn validate_manual_assignment(
    replicas: &[i32],
    replication_factor: Option<usize>,
    brokers: &[UsableBroker],
) -> Result<(), TopicError> {
    if replicas.is_empty() {
        return Err(TopicError::InvalidReplicaAssignment(
            "The manual partition assignment includes an empty replica list.".to_owned(),
        ));
    }
    let mut sorted = replicas.to_vec();
    crate::sort::sort(&mut sorted);
    let mut previous = None;
    for &id in &sorted {
        if !brokers.iter().any(|b| b.id == id) {
            return Err(TopicError::InvalidReplicaAssignment(format!(
                "The manual partition assignment includes broker {id}, but no such broker is registered."
            )));
        }
        if previous == Some(id) {
            return Err(TopicError::InvalidReplicaAssignment(format!(
                "The manual partition assignment includes the broker {id} more than once."
            )));
        }
        previous = Some(id);
    }
    if let Some(rf) = replication_factor {
        if sorted.len() != rf {
            return Err(TopicError::InvalidReplicaAssignment(format!(
                "The manual partition assignment includes a partition with {} replica(s), but this is not consistent with previous partitions, which have {rf} replica(s).",
                sorted.len()
            )));
        }
    }
    Ok(())
}

pub(super) fn is_active(id: i32, brokers: &[UsableBroker]) -> bool {
    brokers.iter().any(|b| b.id == id && !b.fenced)
}

/// `buildPartitionRegistration`: ISR = unfenced replicas, leader = first ISR member.
pub(super) fn registrations(
    first_partition: usize,
    placed: Vec<Vec<i32>>,
    brokers: &[UsableBroker],
) -> Vec<NewPartition> {
    placed
        .into_iter()
        .enumerate()
        .map(|(i, replicas)| {
            let isr: Vec<i32> = replicas
                .iter()
                .copied()
                .filter(|id| is_active(*id, brokers))
                .collect();
            // The placer never puts a fenced broker first, and manual assignments with no
            // active broker were refused, so the ISR is never empty.
            let leader = *isr
                .first()
                .expect("a new partition always has an unfenced replica");
            let partition = i32::try_from(first_partition + i)
                .expect("partition counts are capped far below i32::MAX");
            NewPartition {
                partition,
                replicas,
                isr,
                leader,
            }
        })
        .collect()
}
