//! LeaveGroup (API key 13): members leave a group (v3+: several at once, by member id or, for
//! an administrator, by `group.instance.id`).

use crate::engine::error_code::ErrorCode;

/// `LeaveGroupRequest.MemberIdentity`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberIdentity {
    /// Empty to remove a static member by its instance id.
    pub member_id: String,
    pub group_instance_id: Option<String>,
    /// v5+.
    pub reason: Option<String>,
}

/// `LeaveGroupRequest`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaveGroupRequest {
    pub group_id: String,
    pub members: Vec<MemberIdentity>,
}

/// `LeaveGroupResponse.MemberResponse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaveGroupMemberResponse {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub error: ErrorCode,
}

/// `LeaveGroupResponse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaveGroupResponse {
    pub error: ErrorCode,
    pub members: Vec<LeaveGroupMemberResponse>,
}
