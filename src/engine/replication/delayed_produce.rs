//! `acks=all` waiting for the ISR (Kafka's `DelayedProduce` in the produce purgatory): a
//! produce request whose batches were appended is answered once the high watermark passes
//! each batch, or with `REQUEST_TIMED_OUT` when its `timeout_ms` runs out first. If the ISR
//! shrank below `min.insync.replicas` meanwhile, the batch is answered
//! `NOT_ENOUGH_REPLICAS_AFTER_APPEND` (`Partition.checkEnoughReplicasReachOffset`): it is in
//! the log, but on fewer replicas than asked for.

use std::collections::VecDeque;

use crate::engine::acks;
use crate::engine::cluster::Cluster;
use crate::engine::error_code::ErrorCode;
use crate::engine::group::coordinator::RequestKey;
use crate::engine::protocol::{PartitionProduceResponse, ProduceResponse, Response};
use crate::engine::topic_partition::TopicPartition;
use crate::storage::SegmentStorage;

/// One partition of a parked produce: its answer so far and, while it waits, the offset the
/// HW must reach.
#[derive(Debug, Clone)]
pub(crate) struct DelayedPartition {
    pub(crate) tp: TopicPartition,
    pub(crate) response: PartitionProduceResponse,
    pub(crate) required_offset: Option<i64>,
}

#[derive(Debug, Clone)]
pub(crate) struct DelayedProduce {
    pub(crate) key: RequestKey,
    /// The broker that appended the batches as leader.
    pub(crate) leader: i32,
    pub(crate) deadline_ms: i64,
    pub(crate) partitions: Vec<DelayedPartition>,
}

/// The purgatory and the answers it released.
#[derive(Debug, Default)]
pub(crate) struct DelayedProduces {
    pending: Vec<DelayedProduce>,
    released: VecDeque<(RequestKey, Response)>,
}

impl DelayedProduces {
    pub(crate) fn park(&mut self, produce: DelayedProduce) {
        self.pending.push(produce);
    }

    pub(crate) fn poll_timeout(&self) -> Option<i64> {
        self.pending.iter().map(|p| p.deadline_ms).min()
    }

    pub(crate) fn pop_released(&mut self) -> Option<(RequestKey, Response)> {
        self.released.pop_front()
    }

    /// How many produce requests wait for replication.
    pub(crate) fn len(&self) -> usize {
        self.pending.len()
    }

    /// Forgets the requests parked on `broker` (it crashed or stopped: nobody answers them,
    /// and their clients time out).
    pub(crate) fn drop_parked_on(&mut self, broker: i32) {
        self.pending.retain(|p| p.leader != broker);
    }
}

impl<S: SegmentStorage> Cluster<S> {
    /// `DelayedProduce.tryComplete` for every parked request, and `onExpiration` for those
    /// past their deadline.
    pub(crate) fn try_complete_delayed_produces(&mut self) {
        if self.replication.delayed.pending.is_empty() {
            return;
        }
        let now = self.now_ms;
        let mut pending = std::mem::take(&mut self.replication.delayed.pending);
        for produce in &mut pending {
            for p in &mut produce.partitions {
                let Some(required) = p.required_offset else {
                    continue;
                };
                if let Some(error) = self.check_enough_replicas(&p.tp, produce.leader, required) {
                    p.required_offset = None;
                    if error != ErrorCode::None {
                        p.response.error = error;
                        p.response.error_message = None;
                    }
                } else if now >= produce.deadline_ms {
                    p.required_offset = None;
                    p.response.error = ErrorCode::RequestTimedOut;
                    p.response.error_message = None;
                }
            }
        }
        let (done, waiting): (Vec<_>, Vec<_>) = pending
            .into_iter()
            .partition(|p| p.partitions.iter().all(|p| p.required_offset.is_none()));
        self.replication.delayed.pending = waiting;
        for produce in done {
            let response = ProduceResponse {
                partitions: produce
                    .partitions
                    .into_iter()
                    .map(|p| (p.tp, p.response))
                    .collect(),
            };
            self.replication
                .delayed
                .released
                .push_back((produce.key, Response::Produce(response)));
        }
    }

    /// `Partition.checkEnoughReplicasReachOffset`: `None` while the HW is below
    /// `required_offset`; then `NONE`, or `NOT_ENOUGH_REPLICAS_AFTER_APPEND` when the ISR is
    /// now below the minimum; `NOT_LEADER_OR_FOLLOWER` when `leader` no longer leads.
    pub(crate) fn check_enough_replicas(
        &self,
        tp: &TopicPartition,
        leader: i32,
        required_offset: i64,
    ) -> Option<ErrorCode> {
        let Some(state) = self.partitions.get(tp) else {
            return Some(ErrorCode::NotLeaderOrFollower);
        };
        if state.leader != Some(leader) {
            return Some(ErrorCode::NotLeaderOrFollower);
        }
        if state.log.hw() < required_offset {
            return None;
        }
        let min_isr = acks::effective_min_isr(
            state.log.config().min_insync_replicas,
            self.partition_replicas(tp).len(),
            self.config.min_isr_rule,
        );
        Some(if min_isr as usize <= state.isr.len() {
            ErrorCode::None
        } else {
            ErrorCode::NotEnoughReplicasAfterAppend
        })
    }
}
