//! JoinGroup on the coordinator: `GroupMetadataManager.classicGroupJoin` (4.x) /
//! `GroupCoordinator.handleJoinGroup` (3.x).
//!
//! - A first join (empty member id) of a v4+ client gets `MEMBER_ID_REQUIRED` with a fresh id
//!   (`clientId-UUID`), kept pending for a session timeout; the client joins again with it.
//! - A static member (`group.instance.id`) joins directly; a restarted one takes its old
//!   place and assignment (`updateStaticMemberAndRebalance`): in a Stable group whose protocol
//!   would not change there is no rebalance, and the answer names the *old* leader so the
//!   restarted member does not reassign.
//! - A join parks until the join phase completes (everyone rejoined, the rebalance timeout, or
//!   the initial delay of a new group); the leader's answer lists every member's metadata.
//! - A known follower rejoining a Stable group with unchanged metadata just gets the current
//!   generation back; the leader rejoining, or changed metadata, starts a rebalance.

use super::classic_group::ClassicGroup;
use super::event::GroupEvent;
use super::group_coordinator::{GroupCoordinator, GroupResponse};
use super::group_state::ClassicGroupState;
use super::member::{ClassicGroupMember, RequestKey};
use crate::engine::error_code::ErrorCode;
use crate::engine::protocol::{JoinGroupRequest, JoinGroupResponse, SyncGroupResponse};

impl GroupCoordinator {
    /// Handles a JoinGroup. `None`: the request is parked; its answer comes out of
    /// `poll_output` under `key`.
    pub fn handle_join_group(
        &mut self,
        key: RequestKey,
        request: JoinGroupRequest,
        now_ms: i64,
    ) -> Option<JoinGroupResponse> {
        let member_id = request.member_id.clone();
        if request.session_timeout_ms < self.config.group_min_session_timeout_ms
            || request.session_timeout_ms > self.config.group_max_session_timeout_ms
        {
            return Some(JoinGroupResponse::error(
                &member_id,
                ErrorCode::InvalidSessionTimeout,
            ));
        }
        let is_unknown = member_id.is_empty();
        if !self.groups.contains_key(&request.group_id) {
            if !is_unknown {
                return Some(JoinGroupResponse::error(
                    &member_id,
                    ErrorCode::UnknownMemberId,
                ));
            }
            if self
                .get_or_create_group(&request.group_id, now_ms)
                .is_none()
            {
                return Some(JoinGroupResponse::error(
                    &member_id,
                    ErrorCode::CoordinatorNotAvailable,
                ));
            }
        }
        let group_id = request.group_id.clone();
        // group.max.size: a member not yet in the group cannot join a full group.
        let group_max_size = self.config.group_max_size;
        let group = self.group_mut(&group_id);
        if !group.has(&member_id)
            && !group.is_pending_member(&member_id)
            && group.members.len() >= group_max_size
            && !(request
                .group_instance_id
                .as_ref()
                .is_some_and(|i| group.static_members.contains_key(i)))
        {
            return Some(JoinGroupResponse::error(
                &member_id,
                ErrorCode::GroupMaxSizeReached,
            ));
        }
        let response = if is_unknown {
            self.join_new_member(key, request, now_ms)
        } else {
            self.join_current_member(key, request, now_ms)
        };
        // "attempt to complete JoinGroup"
        if self
            .group_mut(&group_id)
            .is(ClassicGroupState::PreparingRebalance)
        {
            self.try_complete_join(&group_id, now_ms);
        }
        response
    }

    fn join_new_member(
        &mut self,
        key: RequestKey,
        request: JoinGroupRequest,
        now_ms: i64,
    ) -> Option<JoinGroupResponse> {
        let group_id = request.group_id.clone();
        let group = self.group_mut(&group_id);
        if group.is(ClassicGroupState::Dead) {
            return Some(JoinGroupResponse::error(
                "",
                ErrorCode::CoordinatorNotAvailable,
            ));
        }
        if !group.supports_protocols(&request.protocol_type, &protocol_names(&request)) {
            return Some(JoinGroupResponse::error(
                "",
                ErrorCode::InconsistentGroupProtocol,
            ));
        }
        let new_member_id = self.new_member_id(&request.client_id);
        if let Some(instance) = request.group_instance_id.clone() {
            let old = self
                .group_mut(&group_id)
                .static_members
                .get(&instance)
                .cloned();
            return match old {
                Some(old_member_id) => {
                    self.update_static_member(key, request, old_member_id, new_member_id, now_ms)
                }
                None => {
                    self.add_member_and_rebalance(key, request, new_member_id, now_ms);
                    None
                }
            };
        }
        if request.require_known_member_id {
            // The member must come back with this id (KIP-394).
            let session = i64::from(request.session_timeout_ms);
            self.group_mut(&group_id)
                .pending_join_members
                .insert(new_member_id.clone(), now_ms + session);
            self.emit(
                now_ms,
                GroupEvent::MemberIdRequired {
                    group_id,
                    member_id: new_member_id.clone(),
                },
            );
            return Some(JoinGroupResponse::error(
                &new_member_id,
                ErrorCode::MemberIdRequired,
            ));
        }
        self.add_member_and_rebalance(key, request, new_member_id, now_ms);
        None
    }

    fn join_current_member(
        &mut self,
        key: RequestKey,
        request: JoinGroupRequest,
        now_ms: i64,
    ) -> Option<JoinGroupResponse> {
        let group_id = request.group_id.clone();
        let member_id = request.member_id.clone();
        let group = self.group_mut(&group_id);
        if group.is(ClassicGroupState::Dead) {
            return Some(JoinGroupResponse::error(
                &member_id,
                ErrorCode::CoordinatorNotAvailable,
            ));
        }
        if !group.supports_protocols(&request.protocol_type, &protocol_names(&request)) {
            return Some(JoinGroupResponse::error(
                &member_id,
                ErrorCode::InconsistentGroupProtocol,
            ));
        }
        if group.is_pending_member(&member_id) {
            // A pending member (never static) comes back with its id: it joins now.
            if request.group_instance_id.is_some() {
                return Some(JoinGroupResponse::error(
                    &member_id,
                    ErrorCode::UnknownMemberId,
                ));
            }
            self.add_member_and_rebalance(key, request, member_id, now_ms);
            return None;
        }
        let instance_not_found = request
            .group_instance_id
            .as_ref()
            .is_some_and(|i| !group.static_members.contains_key(i));
        if group.is_static_member_fenced(request.group_instance_id.as_deref(), &member_id) {
            // Another instance with the same group.instance.id replaced this one.
            return Some(JoinGroupResponse::error(
                &member_id,
                ErrorCode::FencedInstanceId,
            ));
        }
        if !group.has(&member_id) || instance_not_found {
            return Some(JoinGroupResponse::error(
                &member_id,
                ErrorCode::UnknownMemberId,
            ));
        }
        let member = group.member(&member_id).expect("checked just above");
        let matches = member.matches(&request.protocols);
        let is_leader = group.is_leader(&member_id);
        match group.state {
            ClassicGroupState::PreparingRebalance => {
                let reason = format!(
                    "Member {member_id} joining group during PreparingRebalance; client reason: {}",
                    request.reason.as_deref().unwrap_or("not provided")
                );
                self.update_member_and_rebalance(key, request, reason, now_ms);
                None
            }
            ClassicGroupState::CompletingRebalance if matches => {
                // The member missed its JoinGroup answer: give it the current generation.
                Some(current_generation_response(group, &member_id, is_leader))
            }
            ClassicGroupState::CompletingRebalance => {
                let reason = format!(
                    "Updating metadata for member {member_id} during CompletingRebalance; client reason: {}",
                    request.reason.as_deref().unwrap_or("not provided")
                );
                self.update_member_and_rebalance(key, request, reason, now_ms);
                None
            }
            ClassicGroupState::Stable if is_leader || !matches => {
                // The leader rejoining forces a rebalance (e.g. topic metadata changed).
                let reason = if is_leader {
                    format!(
                        "Leader {member_id} re-joining group during Stable; client reason: {}",
                        request.reason.as_deref().unwrap_or("not provided")
                    )
                } else {
                    format!(
                        "Updating metadata for member {member_id} during Stable; client reason: {}",
                        request.reason.as_deref().unwrap_or("not provided")
                    )
                };
                self.update_member_and_rebalance(key, request, reason, now_ms);
                None
            }
            ClassicGroupState::Stable => {
                Some(current_generation_response(group, &member_id, false))
            }
            ClassicGroupState::Empty | ClassicGroupState::Dead => {
                // "Attempt to add rejoining member {} of group {} in unexpected group state".
                Some(JoinGroupResponse::error(
                    &member_id,
                    ErrorCode::UnknownMemberId,
                ))
            }
        }
    }

    /// `addMemberAndRebalance`.
    fn add_member_and_rebalance(
        &mut self,
        key: RequestKey,
        request: JoinGroupRequest,
        member_id: String,
        now_ms: i64,
    ) {
        let group_id = request.group_id.clone();
        let join_timeout = self.config.classic_group_new_member_join_timeout_ms;
        let member = ClassicGroupMember {
            member_id: member_id.clone(),
            group_instance_id: request.group_instance_id.clone(),
            client_id: request.client_id.clone(),
            client_host: request.client_host.clone(),
            rebalance_timeout_ms: request.rebalance_timeout_ms,
            session_timeout_ms: request.session_timeout_ms,
            protocol_type: request.protocol_type.clone(),
            supported_protocols: request.protocols,
            assignment: Vec::new(),
            awaiting_join: Some(key),
            awaiting_sync: None,
            is_new: true,
            heartbeat_deadline_ms: None,
        };
        let group = self.group_mut(&group_id);
        // The initial delay may be extended while new members keep arriving.
        if group.is(ClassicGroupState::PreparingRebalance) && group.generation_id == 0 {
            group.new_member_added = true;
        }
        group.add(member);
        self.emit(
            now_ms,
            GroupEvent::MemberJoined {
                group_id: group_id.clone(),
                member_id: member_id.clone(),
                group_instance_id: request.group_instance_id.clone(),
                client_id: request.client_id,
            },
        );
        // New members cannot heartbeat: their JoinGroup times out instead.
        self.schedule_heartbeat(&group_id, &member_id, join_timeout, now_ms);
        let reason = format!(
            "Adding new member {member_id} with group instance id {:?}; client reason: {}",
            request.group_instance_id,
            request.reason.as_deref().unwrap_or("not provided")
        );
        self.maybe_prepare_rebalance(&group_id, reason, now_ms);
    }

    /// `updateMemberAndRebalance`.
    fn update_member_and_rebalance(
        &mut self,
        key: RequestKey,
        request: JoinGroupRequest,
        reason: String,
        now_ms: i64,
    ) {
        let group_id = request.group_id.clone();
        self.group_mut(&group_id).update_member(
            &request.member_id,
            request.protocols,
            request.rebalance_timeout_ms,
            request.session_timeout_ms,
            key,
        );
        self.emit(
            now_ms,
            GroupEvent::MemberJoined {
                group_id: group_id.clone(),
                member_id: request.member_id,
                group_instance_id: request.group_instance_id,
                client_id: request.client_id,
            },
        );
        self.maybe_prepare_rebalance(&group_id, reason, now_ms);
    }

    /// `updateStaticMemberAndRebalance`: the new member id takes the old one's place,
    /// assignment included.
    fn update_static_member(
        &mut self,
        key: RequestKey,
        request: JoinGroupRequest,
        old_member_id: String,
        new_member_id: String,
        now_ms: i64,
    ) -> Option<JoinGroupResponse> {
        let group_id = request.group_id.clone();
        let instance = request
            .group_instance_id
            .clone()
            .expect("only static members are replaced");
        let group = self.group_mut(&group_id);
        let current_leader = group.leader_id.clone();
        // replaceStaticMember: the old member's parked requests are answered
        // FENCED_INSTANCE_ID, and its state moves to the new id.
        let mut old = group
            .remove(&old_member_id)
            .expect("a registered static member is a member");
        let mut fenced: Vec<(RequestKey, GroupResponse)> = Vec::new();
        if let Some(k) = old.awaiting_join.take() {
            let response = JoinGroupResponse::error(&old_member_id, ErrorCode::FencedInstanceId);
            fenced.push((k, GroupResponse::JoinGroup(response)));
        }
        if let Some(k) = old.awaiting_sync.take() {
            let response = SyncGroupResponse::error(ErrorCode::FencedInstanceId);
            fenced.push((k, GroupResponse::SyncGroup(response)));
        }
        old.member_id = new_member_id.clone();
        old.client_id = request.client_id.clone();
        old.client_host = request.client_host.clone();
        old.heartbeat_deadline_ms = None;
        group.add(old);
        if current_leader.as_deref() == Some(old_member_id.as_str()) {
            group.leader_id = Some(new_member_id.clone());
        }
        let was_pending_sync = group.pending_sync_members.remove(&old_member_id);
        if was_pending_sync {
            group.pending_sync_members.insert(new_member_id.clone());
        }
        group.update_member(
            &new_member_id,
            request.protocols.clone(),
            request.rebalance_timeout_ms,
            request.session_timeout_ms,
            key,
        );
        for (k, response) in fenced {
            self.respond(k, &group_id, response);
        }
        self.emit(
            now_ms,
            GroupEvent::StaticMemberReplaced {
                group_id: group_id.clone(),
                group_instance_id: instance.clone(),
                old_member_id: old_member_id.clone(),
                new_member_id: new_member_id.clone(),
            },
        );
        self.schedule_session(&group_id, &new_member_id, now_ms);

        let group = self.group_mut(&group_id);
        match group.state {
            ClassicGroupState::Stable => {
                let selected = group.select_protocol();
                if selected.is_some() && selected == group.protocol_name {
                    // "Static member which joins during Stable stage and doesn't affect
                    // selectProtocol will not trigger rebalance."
                    let member = group.member_mut(&new_member_id).expect("just added");
                    member.awaiting_join = None;
                    group.num_members_awaiting_join_response -= 1;
                    let response = JoinGroupResponse {
                        error: ErrorCode::None,
                        generation_id: group.generation_id,
                        protocol_type: group.protocol_type.clone(),
                        protocol_name: group.protocol_name.clone(),
                        // The old leader id, so the new member does not assign.
                        leader: current_leader.unwrap_or_default(),
                        skip_assignment: false,
                        member_id: new_member_id,
                        members: Vec::new(),
                    };
                    self.store_group_record(&group_id, now_ms);
                    Some(response)
                } else {
                    self.maybe_prepare_rebalance(
                        &group_id,
                        format!(
                            "Group's selectedProtocol will change because static member \
                             {new_member_id} with instance id {instance} joined with change of protocol"
                        ),
                        now_ms,
                    );
                    None
                }
            }
            ClassicGroupState::CompletingRebalance => {
                // The member's metadata may have changed.
                self.maybe_prepare_rebalance(
                    &group_id,
                    format!(
                        "Updating metadata for static member {new_member_id} with instance id \
                         {instance}"
                    ),
                    now_ms,
                );
                None
            }
            // Wait for the rebalance to complete with the new member.
            ClassicGroupState::PreparingRebalance => None,
            ClassicGroupState::Empty | ClassicGroupState::Dead => {
                unreachable!("a group with a static member is neither Empty nor Dead")
            }
        }
    }
}

fn protocol_names(request: &JoinGroupRequest) -> Vec<String> {
    request.protocols.iter().map(|p| p.name.clone()).collect()
}

/// The answer for a member that rejoins without changes: the current generation.
fn current_generation_response(
    group: &ClassicGroup,
    member_id: &str,
    is_leader: bool,
) -> JoinGroupResponse {
    JoinGroupResponse {
        error: ErrorCode::None,
        generation_id: group.generation_id,
        protocol_type: group.protocol_type.clone(),
        protocol_name: group.protocol_name.clone(),
        leader: group.leader_id.clone().unwrap_or_default(),
        skip_assignment: false,
        member_id: member_id.to_owned(),
        members: if is_leader {
            group.current_member_metadata()
        } else {
            Vec::new()
        },
    }
}
