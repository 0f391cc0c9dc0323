//! Heartbeat on the coordinator: `GroupMetadataManager.classicGroupHeartbeat` (4.x) /
//! `GroupCoordinator.handleHeartbeat` (3.x). A heartbeat restarts the member's session timer;
//! during PreparingRebalance the answer is `REBALANCE_IN_PROGRESS`, how members learn they
//! must rejoin. In CompletingRebalance Kafka answers `NONE` (members may heartbeat between
//! their JoinGroup answer and SyncGroup).

use super::group_coordinator::GroupCoordinator;
use super::group_state::ClassicGroupState;
use crate::engine::error_code::ErrorCode;
use crate::engine::protocol::{HeartbeatRequest, HeartbeatResponse};

impl GroupCoordinator {
    pub fn handle_heartbeat(
        &mut self,
        request: HeartbeatRequest,
        now_ms: i64,
    ) -> HeartbeatResponse {
        let error = self.heartbeat_error(&request);
        if matches!(error, ErrorCode::None | ErrorCode::RebalanceInProgress) {
            self.schedule_session(&request.group_id, &request.member_id, now_ms);
        }
        HeartbeatResponse { error }
    }

    fn heartbeat_error(&self, request: &HeartbeatRequest) -> ErrorCode {
        let Some(group) = self.groups.get(&request.group_id) else {
            return ErrorCode::UnknownMemberId;
        };
        if group.is(ClassicGroupState::Dead) {
            ErrorCode::CoordinatorNotAvailable
        } else if group
            .is_static_member_fenced(request.group_instance_id.as_deref(), &request.member_id)
        {
            ErrorCode::FencedInstanceId
        } else if !group.has(&request.member_id) {
            ErrorCode::UnknownMemberId
        } else if request.generation_id != group.generation_id {
            ErrorCode::IllegalGeneration
        } else {
            match group.state {
                ClassicGroupState::Empty => ErrorCode::UnknownMemberId,
                ClassicGroupState::PreparingRebalance => ErrorCode::RebalanceInProgress,
                _ => ErrorCode::None,
            }
        }
    }
}
