//! SyncGroup on the coordinator: `GroupMetadataManager.classicGroupSync` (4.x) /
//! `GroupCoordinator.handleSyncGroup` (3.x).
//!
//! In CompletingRebalance every member's SyncGroup parks; the leader's carries the assignment,
//! which is stored (members it leaves out get an empty one), handed to every parked member,
//! and moves the group to Stable. In Stable a member just gets its current assignment.

use super::event::GroupEvent;
use super::group_coordinator::{GroupCoordinator, GroupResponse};
use super::group_state::ClassicGroupState;
use super::member::RequestKey;
use crate::engine::error_code::ErrorCode;
use crate::engine::protocol::{SyncGroupRequest, SyncGroupResponse};

impl GroupCoordinator {
    /// Handles a SyncGroup. `None`: parked until the leader's assignment arrives.
    pub fn handle_sync_group(
        &mut self,
        key: RequestKey,
        request: SyncGroupRequest,
        now_ms: i64,
    ) -> Option<SyncGroupResponse> {
        let error = |e| Some(SyncGroupResponse::error(e));
        let group_id = request.group_id.clone();
        let member_id = request.member_id.clone();
        let Some(group) = self.groups.get_mut(&group_id) else {
            return error(ErrorCode::UnknownMemberId);
        };
        if group.is(ClassicGroupState::Dead) {
            return error(ErrorCode::CoordinatorNotAvailable);
        }
        if group.is_static_member_fenced(request.group_instance_id.as_deref(), &member_id) {
            return error(ErrorCode::FencedInstanceId);
        }
        if !group.has(&member_id) {
            return error(ErrorCode::UnknownMemberId);
        }
        if request.generation_id != group.generation_id {
            return error(ErrorCode::IllegalGeneration);
        }
        if request
            .protocol_type
            .as_ref()
            .is_some_and(|t| group.protocol_type.as_ref() != Some(t))
            || request
                .protocol_name
                .as_ref()
                .is_some_and(|n| group.protocol_name.as_ref() != Some(n))
        {
            return error(ErrorCode::InconsistentGroupProtocol);
        }
        match group.state {
            ClassicGroupState::Empty => error(ErrorCode::UnknownMemberId),
            ClassicGroupState::PreparingRebalance => error(ErrorCode::RebalanceInProgress),
            ClassicGroupState::CompletingRebalance => {
                let member = group.member_mut(&member_id).expect("checked above");
                member.awaiting_sync = Some(key);
                group.pending_sync_members.remove(&member_id);
                if group.is_leader(&member_id) {
                    // Fill missing members with an empty assignment, then propagate.
                    let mut answers = Vec::new();
                    for id in group.member_ids() {
                        let assignment = request
                            .assignments
                            .iter()
                            .find(|a| a.member_id == id)
                            .map(|a| a.assignment.clone())
                            .unwrap_or_default();
                        let member = group.member_mut(&id).expect("listed member");
                        member.assignment = assignment.clone();
                        if let Some(k) = member.awaiting_sync.take() {
                            answers.push((k, id.clone(), assignment));
                        }
                    }
                    let protocol_type = group.protocol_type.clone();
                    let protocol_name = group.protocol_name.clone();
                    let generation_id = group.generation_id;
                    self.store_group_record(&group_id, now_ms);
                    self.transition(&group_id, ClassicGroupState::Stable, now_ms);
                    self.emit(
                        now_ms,
                        GroupEvent::AssignmentReceived {
                            group_id: group_id.clone(),
                            generation_id,
                            leader: member_id.clone(),
                        },
                    );
                    let mut own = None;
                    for (k, id, assignment) in answers {
                        self.schedule_session(&group_id, &id, now_ms);
                        let response = SyncGroupResponse {
                            error: ErrorCode::None,
                            protocol_type: protocol_type.clone(),
                            protocol_name: protocol_name.clone(),
                            assignment,
                        };
                        if k == key && id == member_id {
                            own = Some(response);
                        } else {
                            self.respond(k, &group_id, GroupResponse::SyncGroup(response));
                        }
                    }
                    own
                } else {
                    None
                }
            }
            ClassicGroupState::Stable => {
                group.pending_sync_members.remove(&member_id);
                let response = SyncGroupResponse {
                    error: ErrorCode::None,
                    protocol_type: group.protocol_type.clone(),
                    protocol_name: group.protocol_name.clone(),
                    assignment: group
                        .member(&member_id)
                        .expect("checked above")
                        .assignment
                        .clone(),
                };
                self.schedule_session(&group_id, &member_id, now_ms);
                Some(response)
            }
            ClassicGroupState::Dead => unreachable!("checked above"),
        }
    }
}
