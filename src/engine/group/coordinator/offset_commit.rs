//! OffsetCommit on the coordinator: `OffsetMetadataManager.commitOffset` for classic groups
//! (4.x) / `GroupCoordinator.handleCommitOffsets` (3.x).
//!
//! - Generation -1 with an empty (or new) group: a consumer that only stores offsets here
//!   (`assign()` users); accepted.
//! - Otherwise the member must be known and of the current generation
//!   (`UNKNOWN_MEMBER_ID`, `ILLEGAL_GENERATION`; a fenced static member `FENCED_INSTANCE_ID`).
//! - Stable and PreparingRebalance accept the commit (the member learns of the rebalance from
//!   its next heartbeat); CompletingRebalance answers `REBALANCE_IN_PROGRESS`.
//! - Metadata longer than `offset.metadata.max.bytes` fails that partition with
//!   `OFFSET_METADATA_TOO_LARGE`.

use super::event::GroupEvent;
use super::group_coordinator::GroupCoordinator;
use super::group_state::ClassicGroupState;
use super::offsets::{CoordinatorRecord, OffsetAndMetadata};
use crate::engine::error_code::ErrorCode;
use crate::engine::protocol::{OffsetCommitRequest, OffsetCommitResponse};

impl GroupCoordinator {
    pub fn handle_offset_commit(
        &mut self,
        request: OffsetCommitRequest,
        now_ms: i64,
    ) -> OffsetCommitResponse {
        let error = self.offset_commit_error(&request, now_ms);
        let group_id = request.group_id.clone();
        if error != ErrorCode::None {
            self.emit(
                now_ms,
                GroupEvent::OffsetCommitRejected {
                    group_id,
                    member_id: request.member_id.clone(),
                    error,
                },
            );
            return OffsetCommitResponse {
                partitions: request
                    .partitions
                    .into_iter()
                    .map(|p| (p.topic_partition, error))
                    .collect(),
            };
        }
        if self.group_mut(&group_id).has(&request.member_id) {
            self.schedule_session(&group_id, &request.member_id, now_ms);
        }
        let max_metadata = self.config.offset_metadata_max_bytes;
        let mut partitions = Vec::with_capacity(request.partitions.len());
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
            let group = self.group_mut(&group_id);
            group
                .offsets
                .insert(p.topic_partition.clone(), offset.clone());
            group
                .offset_write_seq
                .insert(p.topic_partition.clone(), write_seq);
            self.record(CoordinatorRecord::OffsetCommit {
                group_id: group_id.clone(),
                topic_partition: p.topic_partition.clone(),
                offset,
            });
            self.emit(
                now_ms,
                GroupEvent::OffsetCommitted {
                    group_id: group_id.clone(),
                    member_id: request.member_id.clone(),
                    topic_partition: p.topic_partition.clone(),
                    offset: p.committed_offset,
                },
            );
            partitions.push((p.topic_partition, ErrorCode::None));
        }
        OffsetCommitResponse { partitions }
    }

    /// The error for the whole request, `NONE` if it may commit.
    fn offset_commit_error(&mut self, request: &OffsetCommitRequest, now_ms: i64) -> ErrorCode {
        let generation = request.generation_id_or_member_epoch;
        if !self.groups.contains_key(&request.group_id) {
            if generation >= 0 {
                // A commit from an older generation of a group that is gone.
                return ErrorCode::IllegalGeneration;
            }
            if self
                .get_or_create_group(&request.group_id, now_ms)
                .is_none()
            {
                return ErrorCode::CoordinatorNotAvailable;
            }
        }
        let group = self.group_mut(&request.group_id);
        if group.is(ClassicGroupState::Dead) {
            ErrorCode::CoordinatorNotAvailable
        } else if group
            .is_static_member_fenced(request.group_instance_id.as_deref(), &request.member_id)
        {
            ErrorCode::FencedInstanceId
        } else if generation < 0 && group.is(ClassicGroupState::Empty) {
            // The group only stores offsets.
            ErrorCode::None
        } else if !group.has(&request.member_id) {
            ErrorCode::UnknownMemberId
        } else if generation != group.generation_id {
            ErrorCode::IllegalGeneration
        } else {
            match group.state {
                ClassicGroupState::Stable | ClassicGroupState::PreparingRebalance => {
                    ErrorCode::None
                }
                ClassicGroupState::CompletingRebalance => ErrorCode::RebalanceInProgress,
                ClassicGroupState::Empty | ClassicGroupState::Dead => ErrorCode::UnknownMemberId,
            }
        }
    }
}
