//! OffsetFetch on the coordinator: `OffsetMetadataManager.fetchOffsets` /
//! `fetchAllOffsets` (4.x). A partition without a committed offset answers offset -1, leader
//! epoch -1, empty metadata and no error; an unknown group answers the same for every
//! requested partition (and nothing for "all"). With `require_stable` (read_committed
//! consumers), a partition with a transactional offset commit still pending answers
//! `UNSTABLE_OFFSET_COMMIT` with offset -1, and the consumer retries.

use super::group_coordinator::GroupCoordinator;
use crate::engine::error_code::ErrorCode;
use crate::engine::protocol::{
    OffsetFetchRequest, OffsetFetchResponse, OffsetFetchResponsePartition,
};
use crate::engine::topic_partition::TopicPartition;

impl GroupCoordinator {
    pub fn handle_offset_fetch(&self, request: &OffsetFetchRequest) -> OffsetFetchResponse {
        let group = self.groups.get(&request.group_id);
        let unstable = |tp: &TopicPartition| {
            request.require_stable && self.has_pending_txn_offset(&request.group_id, tp)
        };
        let unstable_answer = |tp: &TopicPartition| OffsetFetchResponsePartition {
            topic_partition: tp.clone(),
            committed_offset: -1,
            committed_leader_epoch: -1,
            metadata: Some(String::new()),
            error: ErrorCode::UnstableOffsetCommit,
        };
        let partitions = match &request.partitions {
            Some(partitions) => partitions
                .iter()
                .map(|tp| match group.and_then(|g| g.offsets.get(tp)) {
                    _ if unstable(tp) => unstable_answer(tp),
                    Some(o) => OffsetFetchResponsePartition {
                        topic_partition: tp.clone(),
                        committed_offset: o.committed_offset,
                        committed_leader_epoch: o.committed_leader_epoch,
                        metadata: Some(o.metadata.clone()),
                        error: ErrorCode::None,
                    },
                    None => OffsetFetchResponsePartition {
                        topic_partition: tp.clone(),
                        committed_offset: -1,
                        committed_leader_epoch: -1,
                        metadata: Some(String::new()),
                        error: ErrorCode::None,
                    },
                })
                .collect(),
            None => group
                .map(|g| {
                    g.offsets
                        .iter()
                        .map(|(tp, o)| {
                            if unstable(tp) {
                                return unstable_answer(tp);
                            }
                            OffsetFetchResponsePartition {
                                topic_partition: tp.clone(),
                                committed_offset: o.committed_offset,
                                committed_leader_epoch: o.committed_leader_epoch,
                                metadata: Some(o.metadata.clone()),
                                error: ErrorCode::None,
                            }
                        })
                        .collect()
                })
                .unwrap_or_default(),
        };
        OffsetFetchResponse {
            error: ErrorCode::None,
            partitions,
        }
    }
}
