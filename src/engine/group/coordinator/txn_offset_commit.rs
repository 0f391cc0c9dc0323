//! TxnOffsetCommit on the coordinator: `OffsetMetadataManager.commitTransactionalOffset` and
//! `replayEndTransactionMarker` (4.x) / `GroupCoordinator.handleTxnCommitOffsets` and
//! `handleTxnCompletion` (3.x).
//!
//! - The group is created Empty if unknown. Validation is `ClassicGroup.validateOffsetCommit`
//!   with `isTransactional`: Dead is `COORDINATOR_NOT_AVAILABLE`; generation -1 on an Empty
//!   group is accepted; a request naming a member or generation needs a known member of the
//!   current generation (`UNKNOWN_MEMBER_ID`, `FENCED_INSTANCE_ID`, `ILLEGAL_GENERATION`);
//!   without member and generation it is accepted in any state (older producers send none),
//!   and unlike OffsetCommit CompletingRebalance is no refusal.
//! - The offsets are written as one transactional batch of the producer and kept pending
//!   (`pendingTransactionalOffsetCommits`): OffsetFetch does not return them, and with
//!   `require_stable` answers `UNSTABLE_OFFSET_COMMIT` for their partitions.
//! - When the transaction's COMMIT marker reaches the group's `__consumer_offsets` partition,
//!   each pending offset becomes the committed one unless a plain OffsetCommit of the same
//!   partition was written after it (`olderThan`); ABORT discards them.

use std::collections::BTreeMap;

use super::classic_group::PendingTxnOffset;
use super::event::GroupEvent;
use super::group_coordinator::{GroupCoordinator, TxnRecords};
use super::group_state::ClassicGroupState;
use super::offsets::{CoordinatorRecord, OffsetAndMetadata};
use crate::engine::error_code::ErrorCode;
use crate::engine::protocol::{TxnOffsetCommitRequest, TxnOffsetCommitResponse};
use crate::engine::topic_partition::TopicPartition;

impl GroupCoordinator {
    pub fn handle_txn_offset_commit(
        &mut self,
        request: TxnOffsetCommitRequest,
        now_ms: i64,
    ) -> TxnOffsetCommitResponse {
        let error = self.txn_offset_commit_error(&request, now_ms);
        let group_id = request.group_id.clone();
        if error != ErrorCode::None {
            return TxnOffsetCommitResponse {
                partitions: request
                    .partitions
                    .into_iter()
                    .map(|p| (p.topic_partition, error))
                    .collect(),
            };
        }
        let max_metadata = self.config.offset_metadata_max_bytes;
        let mut partitions = Vec::with_capacity(request.partitions.len());
        let mut records = Vec::new();
        let mut pending = Vec::new();
        for p in request.partitions {
            let metadata = p.committed_metadata.unwrap_or_default();
            if metadata.len() > max_metadata {
                partitions.push((p.topic_partition, ErrorCode::OffsetMetadataTooLarge));
                continue;
            }
            let offset = OffsetAndMetadata {
                committed_offset: p.committed_offset,
                committed_leader_epoch: p.committed_leader_epoch,
                metadata,
                commit_timestamp_ms: now_ms,
            };
            let write_seq = self.next_write_seq;
            self.next_write_seq += 1;
            self.group_mut(&group_id)
                .pending_txn_offsets
                .entry(request.producer_id)
                .or_default()
                .insert(
                    p.topic_partition.clone(),
                    PendingTxnOffset {
                        offset: offset.clone(),
                        write_seq,
                    },
                );
            records.push(CoordinatorRecord::OffsetCommit {
                group_id: group_id.clone(),
                topic_partition: p.topic_partition.clone(),
                offset,
            });
            pending.push((p.topic_partition.clone(), p.committed_offset));
            partitions.push((p.topic_partition, ErrorCode::None));
        }
        if !records.is_empty() {
            self.record_txn(TxnRecords {
                producer_id: request.producer_id,
                producer_epoch: request.producer_epoch,
                records,
            });
            self.emit(
                now_ms,
                GroupEvent::TxnOffsetsPending {
                    group_id,
                    producer_id: request.producer_id,
                    offsets: pending,
                },
            );
        }
        TxnOffsetCommitResponse { partitions }
    }

    /// `validateOffsetCommit(..., isTransactional = true)`, creating an unknown group.
    fn txn_offset_commit_error(
        &mut self,
        request: &TxnOffsetCommitRequest,
        now_ms: i64,
    ) -> ErrorCode {
        if !self.groups.contains_key(&request.group_id)
            && self
                .get_or_create_group(&request.group_id, now_ms)
                .is_none()
        {
            return ErrorCode::CoordinatorNotAvailable;
        }
        let generation = request.generation_id;
        let group = self.group_mut(&request.group_id);
        if group.is(ClassicGroupState::Dead) {
            return ErrorCode::CoordinatorNotAvailable;
        }
        if generation < 0 && group.is(ClassicGroupState::Empty) {
            return ErrorCode::None;
        }
        if generation >= 0 || !request.member_id.is_empty() || request.group_instance_id.is_some() {
            if group
                .is_static_member_fenced(request.group_instance_id.as_deref(), &request.member_id)
            {
                return ErrorCode::FencedInstanceId;
            }
            if !group.has(&request.member_id) {
                return ErrorCode::UnknownMemberId;
            }
            if generation != group.generation_id {
                return ErrorCode::IllegalGeneration;
            }
        }
        ErrorCode::None
    }

    /// Whether `group_id` has a transactional offset of `tp` waiting for its marker.
    pub fn has_pending_txn_offset(&self, group_id: &str, tp: &TopicPartition) -> bool {
        self.groups
            .get(group_id)
            .is_some_and(|g| g.pending_txn_offsets.values().any(|p| p.contains_key(tp)))
    }

    /// The COMMIT (`committed`) or ABORT marker of `producer_id` was written to a
    /// `__consumer_offsets` partition: the pending offsets of every group `in_partition`
    /// accepts are committed or discarded (`handleTxnCompletion`).
    pub fn complete_txn_offsets(
        &mut self,
        producer_id: i64,
        committed: bool,
        in_partition: impl Fn(&str) -> bool,
        now_ms: i64,
    ) {
        let ids: Vec<String> = self
            .groups
            .iter()
            .filter(|(id, g)| g.pending_txn_offsets.contains_key(&producer_id) && in_partition(id))
            .map(|(id, _)| id.clone())
            .collect();
        for group_id in ids {
            let group = self.group_mut(&group_id);
            let pending: BTreeMap<TopicPartition, PendingTxnOffset> = group
                .pending_txn_offsets
                .remove(&producer_id)
                .expect("filtered on it");
            if committed {
                for (tp, p) in &pending {
                    let newer_plain_commit = group
                        .offset_write_seq
                        .get(tp)
                        .is_some_and(|&seq| seq > p.write_seq);
                    if !newer_plain_commit {
                        group.offsets.insert(tp.clone(), p.offset.clone());
                        group.offset_write_seq.insert(tp.clone(), p.write_seq);
                    }
                }
            }
            self.emit(
                now_ms,
                GroupEvent::TxnOffsetsCompleted {
                    group_id,
                    producer_id,
                    committed,
                    partitions: pending.into_keys().collect(),
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::group::coordinator::GroupCoordinatorConfig;
    use crate::engine::protocol::{
        OffsetCommitRequest, OffsetCommitRequestPartition, OffsetFetchRequest,
    };

    fn partition(offset: i64) -> OffsetCommitRequestPartition {
        OffsetCommitRequestPartition {
            topic_partition: TopicPartition::new("t", 0),
            committed_offset: offset,
            committed_leader_epoch: -1,
            committed_metadata: None,
        }
    }

    fn txn_commit(c: &mut GroupCoordinator, producer_id: i64, offset: i64) -> ErrorCode {
        c.handle_txn_offset_commit(
            TxnOffsetCommitRequest {
                transactional_id: "tx".to_owned(),
                group_id: "g".to_owned(),
                producer_id,
                producer_epoch: 0,
                generation_id: -1,
                member_id: String::new(),
                group_instance_id: None,
                partitions: vec![partition(offset)],
            },
            0,
        )
        .partitions[0]
            .1
    }

    fn fetch(c: &GroupCoordinator, require_stable: bool) -> (i64, ErrorCode) {
        let r = c.handle_offset_fetch(&OffsetFetchRequest {
            group_id: "g".to_owned(),
            partitions: Some(vec![TopicPartition::new("t", 0)]),
            require_stable,
        });
        (r.partitions[0].committed_offset, r.partitions[0].error)
    }

    #[test]
    fn pending_offsets_show_only_after_commit() {
        let mut c = GroupCoordinator::new(GroupCoordinatorConfig::default(), 1, 0);
        assert_eq!(txn_commit(&mut c, 7, 10), ErrorCode::None);
        let batch = c.poll_txn_records().unwrap();
        assert_eq!((batch.producer_id, batch.records.len()), (7, 1));
        assert_eq!(fetch(&c, false), (-1, ErrorCode::None));
        assert_eq!(fetch(&c, true), (-1, ErrorCode::UnstableOffsetCommit));
        c.complete_txn_offsets(7, true, |_| true, 1);
        assert_eq!(fetch(&c, true), (10, ErrorCode::None));
    }

    #[test]
    fn abort_discards_and_a_later_plain_commit_wins() {
        let mut c = GroupCoordinator::new(GroupCoordinatorConfig::default(), 1, 0);
        txn_commit(&mut c, 7, 10);
        c.complete_txn_offsets(7, false, |_| true, 1);
        assert_eq!(fetch(&c, true), (-1, ErrorCode::None));

        txn_commit(&mut c, 8, 20);
        c.handle_offset_commit(
            OffsetCommitRequest {
                group_id: "g".to_owned(),
                generation_id_or_member_epoch: -1,
                member_id: String::new(),
                group_instance_id: None,
                partitions: vec![partition(30)],
            },
            2,
        );
        c.complete_txn_offsets(8, true, |_| true, 3);
        assert_eq!(fetch(&c, false), (30, ErrorCode::None));
        // Groups outside the marker's partition keep their pending offsets.
        txn_commit(&mut c, 9, 40);
        c.complete_txn_offsets(9, true, |_| false, 4);
        assert!(c.has_pending_txn_offset("g", &TopicPartition::new("t", 0)));
    }
}
