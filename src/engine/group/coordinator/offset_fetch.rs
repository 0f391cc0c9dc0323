//! OffsetFetch on the coordinator: `OffsetMetadataManager.fetchOffsets` /
//! `fetchAllOffsets` (4.x). A partition without a committed offset answers offset -1, leader
//! epoch -1, empty metadata and no error; an unknown group answers the same for every
//! requested partition (and nothing for "all"). kplay has no transactional offset commits
//! pending in the coordinator, so `require_stable` never yields `UNSTABLE_OFFSET_COMMIT`.

use super::group_coordinator::GroupCoordinator;
use crate::engine::error_code::ErrorCode;
use crate::engine::protocol::{
    OffsetFetchRequest, OffsetFetchResponse, OffsetFetchResponsePartition,
};

impl GroupCoordinator {
    pub fn handle_offset_fetch(&self, request: &OffsetFetchRequest) -> OffsetFetchResponse {
        let group = self.groups.get(&request.group_id);
        let partitions = match &request.partitions {
            Some(partitions) => partitions
                .iter()
                .map(|tp| match group.and_then(|g| g.offsets.get(tp)) {
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
                        .map(|(tp, o)| OffsetFetchResponsePartition {
                            topic_partition: tp.clone(),
                            committed_offset: o.committed_offset,
                            committed_leader_epoch: o.committed_leader_epoch,
                            metadata: Some(o.metadata.clone()),
                            error: ErrorCode::None,
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
