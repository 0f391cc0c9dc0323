//! LeaveGroup on the coordinator: `GroupMetadataManager.classicGroupLeave` (4.x) /
//! `GroupCoordinator.handleLeaveGroup` (3.x). Each leaving member is answered on its own:
//! by member id, or (member id empty) by `group.instance.id` for administrative removal; a
//! pending member id is simply forgotten.

use super::event::{GroupEvent, RemovalReason};
use super::group_coordinator::GroupCoordinator;
use super::group_state::ClassicGroupState;
use crate::engine::error_code::ErrorCode;
use crate::engine::protocol::{LeaveGroupMemberResponse, LeaveGroupRequest, LeaveGroupResponse};

impl GroupCoordinator {
    pub fn handle_leave_group(
        &mut self,
        request: LeaveGroupRequest,
        now_ms: i64,
    ) -> LeaveGroupResponse {
        let group_id = request.group_id.clone();
        let answer =
            |m: &crate::engine::protocol::MemberIdentity, error| LeaveGroupMemberResponse {
                member_id: m.member_id.clone(),
                group_instance_id: m.group_instance_id.clone(),
                error,
            };
        let Some(group) = self.groups.get(&group_id) else {
            return LeaveGroupResponse {
                error: ErrorCode::None,
                members: request
                    .members
                    .iter()
                    .map(|m| answer(m, ErrorCode::UnknownMemberId))
                    .collect(),
            };
        };
        if group.is(ClassicGroupState::Dead) {
            return LeaveGroupResponse {
                error: ErrorCode::CoordinatorNotAvailable,
                members: Vec::new(),
            };
        }
        let mut members = Vec::with_capacity(request.members.len());
        for leaving in &request.members {
            let group = self.group_mut(&group_id);
            let reason = leaving.reason.as_deref().unwrap_or("not provided");
            let error = if leaving.member_id.is_empty() {
                match leaving
                    .group_instance_id
                    .as_ref()
                    .and_then(|i| group.static_members.get(i).cloned())
                {
                    Some(current) => {
                        self.remove_member_and_update_group(
                            &group_id,
                            &current,
                            RemovalReason::LeaveGroup,
                            format!(
                                "Removing member {current} on LeaveGroup; client reason: {reason}"
                            ),
                            now_ms,
                        );
                        ErrorCode::None
                    }
                    None => ErrorCode::UnknownMemberId,
                }
            } else if group.is_pending_member(&leaving.member_id) {
                group.pending_join_members.remove(&leaving.member_id);
                self.emit(
                    now_ms,
                    GroupEvent::MemberRemoved {
                        group_id: group_id.clone(),
                        member_id: leaving.member_id.clone(),
                        reason: RemovalReason::LeaveGroup,
                    },
                );
                self.try_complete_join(&group_id, now_ms);
                ErrorCode::None
            } else if group
                .is_static_member_fenced(leaving.group_instance_id.as_deref(), &leaving.member_id)
            {
                ErrorCode::FencedInstanceId
            } else if group.has(&leaving.member_id) {
                self.remove_member_and_update_group(
                    &group_id,
                    &leaving.member_id,
                    RemovalReason::LeaveGroup,
                    format!(
                        "Removing member {} on LeaveGroup; client reason: {reason}",
                        leaving.member_id
                    ),
                    now_ms,
                );
                ErrorCode::None
            } else {
                ErrorCode::UnknownMemberId
            };
            members.push(answer(leaving, error));
        }
        LeaveGroupResponse {
            error: ErrorCode::None,
            members,
        }
    }
}
