//! Offset commits: `commitSync`, `commitAsync` and auto-commit (`ConsumerCoordinator`'s
//! `commitOffsetsSync`, `commitOffsetsAsync`, `maybeAutoCommitOffsetsAsync`), each finishing
//! with one [`CommitResult`].
//!
//! A synchronous commit retries retriable errors after `retry.backoff.ms` until
//! `default.api.timeout.ms` passes, as `commitOffsetsSync` loops; an asynchronous one tries
//! once and hands a retriable failure to its callback as `RetriableCommitFailedException`.

use crate::engine::error_code::ErrorCode;
use crate::engine::protocol::{
    OffsetCommitRequest, OffsetCommitRequestPartition, OffsetCommitResponse, Request,
};
use crate::engine::topic_partition::TopicPartition;

use super::error::ConsumerError;
use super::InFlightKind;

/// `default.api.timeout.ms`: how long `commitSync` keeps retrying.
pub const DEFAULT_API_TIMEOUT_MS: i64 = 60_000;
/// How many finished commit results wait for [`super::Consumer::poll_commit_result`].
pub const MAX_UNPOLLED_COMMIT_RESULTS: usize = 10_000;
/// How many commits may wait for the coordinator at once.
pub const MAX_PENDING_COMMITS: usize = 1_000;

/// Identifies one commit call.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct CommitId(pub u64);

/// Who asked for a commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CommitKind {
    Sync,
    Async,
    /// `enable.auto.commit` (async, errors only logged in Kafka).
    Auto,
}

/// A commit waiting to be sent or answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingCommit {
    pub id: CommitId,
    pub kind: CommitKind,
    pub offsets: Vec<(TopicPartition, i64)>,
    /// A sync commit gives up at this time (`default.api.timeout.ms`).
    pub deadline_ms: i64,
    /// Not before this time (retry backoff).
    pub not_before_ms: i64,
    /// The correlation id of the OffsetCommit in flight, if any.
    pub in_flight: Option<i32>,
}

/// How a commit ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitResult {
    pub id: CommitId,
    pub kind: CommitKind,
    pub offsets: Vec<(TopicPartition, i64)>,
    pub result: Result<(), ConsumerError>,
}

/// `commitSync`'s `TimeoutException`, offsets printed as Java prints the map.
fn sync_commit_timeout(offsets: &[(TopicPartition, i64)]) -> ConsumerError {
    let offsets = offsets
        .iter()
        .map(|(tp, o)| {
            format!("{tp}=OffsetAndMetadata{{offset={o}, leaderEpoch=null, metadata=''}}")
        })
        .collect::<Vec<_>>()
        .join(", ");
    ConsumerError::new(
        "TimeoutException",
        format!(
            "Timeout of {DEFAULT_API_TIMEOUT_MS}ms expired before successfully committing offsets {{{offsets}}}"
        ),
    )
}

impl super::Consumer {
    /// Sends the commits that may go (`ConsumerCoordinator.sendOffsetCommitRequest`): to the
    /// coordinator, with the generation when the partitions come from the group. A member
    /// without a stable generation fails the commit at once, as Kafka does.
    pub(crate) fn send_pending_commits(&mut self) {
        let Some(g) = self.group.as_ref() else {
            return;
        };
        let Some(node) = g.coordinator else {
            return;
        };
        let now = self.now_ms;
        let auto_assigned = self.subscriptions.has_auto_assigned_partitions();
        let mut index = 0;
        while index < self.pending_commits.len() {
            let c = &self.pending_commits[index];
            if c.in_flight.is_some() || c.not_before_ms > now {
                index += 1;
                continue;
            }
            let g = self.group.as_ref().expect("checked above");
            let (generation_id, member_id, group_instance_id) = if auto_assigned {
                match g.generation_if_stable() {
                    Some(gen) => (
                        gen.generation_id,
                        gen.member_id.clone(),
                        g.group_instance_id.clone(),
                    ),
                    None => {
                        let error = if g.rebalance_in_progress() {
                            ConsumerError::commit_during_rebalance()
                        } else {
                            ConsumerError::commit_failed_not_in_group()
                        };
                        let c = self
                            .pending_commits
                            .remove(index)
                            .expect("index within bounds");
                        self.finish_commit(c.id, c.kind, c.offsets, Err(error));
                        continue;
                    }
                }
            } else {
                (-1, String::new(), None)
            };
            let request = OffsetCommitRequest {
                group_id: g.group_id.clone(),
                generation_id_or_member_epoch: generation_id,
                member_id,
                group_instance_id,
                partitions: c
                    .offsets
                    .iter()
                    .map(|(tp, offset)| OffsetCommitRequestPartition {
                        topic_partition: tp.clone(),
                        committed_offset: *offset,
                        committed_leader_epoch: -1,
                        committed_metadata: Some(String::new()),
                    })
                    .collect(),
            };
            let id = c.id;
            let correlation_id = self.peek_correlation_id();
            self.pending_commits[index].in_flight = Some(correlation_id);
            let timeout = self.config.request_timeout_ms;
            self.send(
                node,
                Request::OffsetCommit(request),
                InFlightKind::OffsetCommit(id),
                timeout,
            );
            index += 1;
        }
    }

    fn take_commit(&mut self, id: CommitId) -> Option<PendingCommit> {
        let index = self.pending_commits.iter().position(|c| c.id == id)?;
        self.pending_commits.remove(index)
    }

    /// A retriable failure: a sync commit tries again after the backoff until its deadline;
    /// an async or auto commit reports `RetriableCommitFailedException`.
    pub(crate) fn commit_failed_retriable(&mut self, id: CommitId, code: ErrorCode) {
        let now = self.now_ms;
        let backoff = self.config.retry_backoff_ms;
        let Some(mut c) = self.take_commit(id) else {
            return;
        };
        match c.kind {
            CommitKind::Sync if now + backoff < c.deadline_ms => {
                c.in_flight = None;
                c.not_before_ms = now + backoff;
                self.pending_commits.push_front(c);
            }
            CommitKind::Sync => {
                let error = sync_commit_timeout(&c.offsets);
                self.finish_commit(c.id, c.kind, c.offsets, Err(error));
            }
            CommitKind::Async | CommitKind::Auto => {
                self.finish_commit(
                    c.id,
                    c.kind,
                    c.offsets,
                    Err(ConsumerError::retriable_commit_failed(code)),
                );
            }
        }
    }

    /// Commits still waiting for a coordinator when their time is up: `commitSync` throws
    /// `TimeoutException` after `default.api.timeout.ms`; an async commit's callback gets
    /// the coordinator's absence as a retriable failure.
    pub(crate) fn expire_commits(&mut self) {
        let now = self.now_ms;
        let expired: Vec<CommitId> = self
            .pending_commits
            .iter()
            .filter(|c| c.in_flight.is_none() && c.deadline_ms <= now)
            .map(|c| c.id)
            .collect();
        for id in expired {
            let c = self.take_commit(id).expect("listed above");
            let error = match c.kind {
                CommitKind::Sync => sync_commit_timeout(&c.offsets),
                CommitKind::Async | CommitKind::Auto => {
                    ConsumerError::retriable_commit_failed(ErrorCode::CoordinatorNotAvailable)
                }
            };
            self.finish_commit(c.id, c.kind, c.offsets, Err(error));
        }
    }

    /// `OffsetCommitResponseHandler`.
    pub(crate) fn handle_offset_commit(&mut self, id: CommitId, r: OffsetCommitResponse) {
        let error = r
            .partitions
            .iter()
            .map(|(_, e)| *e)
            .find(|e| *e != ErrorCode::None);
        let Some(error) = error else {
            if let Some(c) = self.take_commit(id) {
                self.finish_commit(c.id, c.kind, c.offsets, Ok(()));
            }
            return;
        };
        match error {
            ErrorCode::CoordinatorNotAvailable
            | ErrorCode::NotCoordinator
            | ErrorCode::RequestTimedOut => {
                self.mark_coordinator_unknown(error.name());
                self.commit_failed_retriable(id, error);
            }
            ErrorCode::CoordinatorLoadInProgress | ErrorCode::UnknownTopicOrPartition => {
                self.commit_failed_retriable(id, error);
            }
            ErrorCode::UnknownMemberId | ErrorCode::IllegalGeneration => {
                self.reset_generation(error.name(), error == ErrorCode::UnknownMemberId);
                self.fail_commit(id, ConsumerError::commit_failed());
            }
            ErrorCode::RebalanceInProgress => {
                self.fail_commit(id, ConsumerError::new(
                    "RebalanceInProgressException",
                    "Offset commit cannot be completed since the consumer member's generation is already stale, meaning it has already participated another rebalance and got a new generation. You can try completing the rebalance by calling poll() and then retry commit again",
                ));
            }
            other => self.fail_commit(id, ConsumerError::from_code(other)),
        }
    }

    fn fail_commit(&mut self, id: CommitId, error: ConsumerError) {
        if let Some(c) = self.take_commit(id) {
            self.finish_commit(c.id, c.kind, c.offsets, Err(error));
        }
    }

    /// `committed()` calls: one OffsetFetch each, once the coordinator is known.
    pub(crate) fn send_committed_requests(&mut self) {
        let Some(node) = self.group.as_ref().and_then(|g| g.coordinator) else {
            return;
        };
        while let Some(partitions) = self.committed_requests.pop_front() {
            self.send_offset_fetch(node, partitions, false);
        }
    }
}
