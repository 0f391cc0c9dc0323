//! Partition reassignment (KIP-455, `kafka-reassign-partitions.sh`): the controller's
//! `ReplicationControlManager.alterPartitionReassignments` and
//! `PartitionReassignmentReplicas`.
//!
//! A reassignment to target replicas `T` of a partition on replicas `C` adds `T - C` as
//! followers (they start empty and fetch everything), keeps `C - T` meanwhile, and lists
//! `T ++ (C - T)` as the replicas. It completes once every adding replica is in the ISR
//! (`maybeCompleteReassignment`): the replicas become `T`, the removed replicas leave the ISR
//! and delete their logs, and if the leader was among them another in-sync replica of `T`
//! takes over. Cancelling reverts to `C`, dropping the replicas that were being added.

use std::collections::BTreeMap;

use super::election::Election;
use super::partition::Follower;
use crate::engine::api_error::ApiError;
use crate::engine::cluster::Cluster;
use crate::engine::error_code::ErrorCode;
use crate::engine::log::partition_log::PartitionLog;
use crate::engine::topic::assignment::validate_manual_assignment;
use crate::engine::topic_partition::TopicPartition;
use crate::storage::SegmentStorage;

/// A reassignment in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reassignment {
    /// The replicas before it started (what a cancel restores).
    pub(crate) original: Vec<i32>,
    pub(crate) target: Vec<i32>,
    pub(crate) adding: Vec<i32>,
    pub(crate) removing: Vec<i32>,
}

/// One ongoing reassignment, as `ListPartitionReassignments` answers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PartitionReassignment {
    pub tp: TopicPartition,
    /// Every replica now: the target ones first, then those being removed.
    pub replicas: Vec<i32>,
    pub adding: Vec<i32>,
    pub removing: Vec<i32>,
}

/// Reassignments in progress, by partition (bounded by the partitions of the cluster).
pub(crate) type Reassignments = BTreeMap<TopicPartition, Reassignment>;

impl<S: SegmentStorage> Cluster<S> {
    /// AlterPartitionReassignments: for each partition, `Some(target)` starts (or replaces)
    /// a reassignment, `None` cancels the ongoing one.
    pub fn alter_partition_reassignments(
        &mut self,
        requests: &[(TopicPartition, Option<Vec<i32>>)],
        now_ms: i64,
    ) -> Vec<(TopicPartition, Result<(), ApiError>)> {
        self.advance(now_ms);
        let results = requests
            .iter()
            .map(|(tp, target)| {
                let result = match target {
                    Some(target) => self.start_reassignment(tp, target),
                    None => self.cancel_reassignment(tp),
                };
                (tp.clone(), result)
            })
            .collect();
        self.complete_reassignments();
        self.ensure_fetchers();
        self.refresh_client_metadata();
        results
    }

    /// ListPartitionReassignments.
    pub fn list_partition_reassignments(&self) -> Vec<PartitionReassignment> {
        self.replication
            .reassignments
            .iter()
            .map(|(tp, r)| PartitionReassignment {
                tp: tp.clone(),
                replicas: self.partition_replicas(tp),
                adding: r.adding.clone(),
                removing: r.removing.clone(),
            })
            .collect()
    }

    fn start_reassignment(&mut self, tp: &TopicPartition, target: &[i32]) -> Result<(), ApiError> {
        if !self.partitions.contains_key(tp) {
            return Err(ApiError::new(
                ErrorCode::UnknownTopicOrPartition,
                format!("Unable to find partition {tp}."),
            ));
        }
        let brokers = self.usable_brokers();
        validate_manual_assignment(target, None, &brokers)
            .map_err(|e| ApiError::new(ErrorCode::InvalidReplicaAssignment, e.to_string()))?;
        let current = self.partition_replicas(tp);
        let original = self
            .replication
            .reassignments
            .get(tp)
            .map_or_else(|| current.clone(), |r| r.original.clone());
        let removing: Vec<i32> = current
            .iter()
            .copied()
            .filter(|r| !target.contains(r))
            .collect();
        let adding: Vec<i32> = target
            .iter()
            .copied()
            .filter(|r| !current.contains(r))
            .collect();
        let replicas: Vec<i32> = target.iter().chain(&removing).copied().collect();
        self.registry
            .set_partition_replicas(&tp.topic, tp.partition, replicas);
        let config = self.partitions[tp].log.config().clone();
        for &broker in &adding {
            let mut log = PartitionLog::new_replica(
                &mut self.storage,
                broker,
                &tp.topic,
                tp.partition,
                config.clone(),
                self.now_ms,
            )?;
            log.set_hw_follows_leo(false);
            let state = self.partitions.get_mut(tp).expect("checked above");
            state.followers.insert(broker, Follower::new(log));
            state.log.set_hw_follows_leo(false);
        }
        self.partitions
            .get_mut(tp)
            .expect("checked above")
            .partition_epoch += 1;
        self.replication.reassignments.insert(
            tp.clone(),
            Reassignment {
                original,
                target: target.to_vec(),
                adding,
                removing,
            },
        );
        Ok(())
    }

    /// A cancel restores the original replicas: those being added are dropped at once.
    fn cancel_reassignment(&mut self, tp: &TopicPartition) -> Result<(), ApiError> {
        let Some(r) = self.replication.reassignments.remove(tp) else {
            return Err(ApiError::new(
                ErrorCode::NoReassignmentInProgress,
                format!("Unable to cancel reassignment for partition {tp}: no reassignment is in progress."),
            ));
        };
        let keep = r.original.clone();
        self.finish_reassignment(tp, keep, &r.adding);
        Ok(())
    }

    /// Completes every reassignment whose adding replicas are all in the ISR.
    pub(crate) fn complete_reassignments(&mut self) {
        let done: Vec<(TopicPartition, Reassignment)> = self
            .replication
            .reassignments
            .iter()
            .filter(|(tp, r)| {
                self.partitions.get(tp).is_some_and(|s| {
                    let isr_after: Vec<i32> = s
                        .isr
                        .iter()
                        .copied()
                        .filter(|b| !r.removing.contains(b))
                        .collect();
                    !isr_after.is_empty() && r.adding.iter().all(|a| isr_after.contains(a))
                })
            })
            .map(|(tp, r)| (tp.clone(), r.clone()))
            .collect();
        for (tp, r) in done {
            self.replication.reassignments.remove(&tp);
            self.finish_reassignment(&tp, r.target.clone(), &r.removing);
        }
    }

    /// The partition's replicas become `replicas`; `dropped` leave the ISR, lose their logs,
    /// and give up the leadership if they had it.
    fn finish_reassignment(&mut self, tp: &TopicPartition, replicas: Vec<i32>, dropped: &[i32]) {
        self.registry
            .set_partition_replicas(&tp.topic, tp.partition, replicas.clone());
        let Some(state) = self.partitions.get(tp) else {
            return;
        };
        let new_isr: Vec<i32> = state
            .isr
            .iter()
            .copied()
            .filter(|b| !dropped.contains(b))
            .collect();
        let leader_dropped = state.leader.is_some_and(|l| dropped.contains(&l));
        let local_dropped = dropped.contains(&state.local);
        if leader_dropped || local_dropped {
            // `PartitionChangeBuilder`: the leader is no longer a replica, elect from the rest.
            self.change_partition(tp, Election::Online, new_isr);
        } else {
            let state = self.partitions.get_mut(tp).expect("looked up above");
            state.isr = new_isr;
            state.partition_epoch += 1;
        }
        let state = self.partitions.get_mut(tp).expect("looked up above");
        state.log.set_hw_follows_leo(replicas.len() <= 1);
        let mut removed = Vec::new();
        for broker in dropped {
            if let Some(follower) = state.followers.remove(broker) {
                removed.push(follower.log);
            }
        }
        for log in removed {
            // `StopReplica` with deletion: the replica's files go.
            let files: Vec<_> = self
                .storage
                .list()
                .into_iter()
                .filter(|f| {
                    f.broker == log.broker() && f.topic == tp.topic && f.partition == tp.partition
                })
                .collect();
            for file in files {
                // A failed delete leaves an orphan file no log refers to; recovery on the
                // next load ignores files without a `.log`.
                let _ = self.storage.delete(&file);
            }
        }
        self.maybe_increment_hw(tp);
        self.try_complete_delayed_produces();
        self.refresh_client_metadata();
    }
}
