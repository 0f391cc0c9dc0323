//! JoinGroup (API key 11): a member asks to join a classic group, or rejoins for a rebalance.

use crate::engine::error_code::ErrorCode;

/// `JoinGroupRequest.JoinGroupRequestProtocol`: one assignor the member can use, with its
/// metadata (for consumers, `ConsumerProtocolSubscription` bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinGroupRequestProtocol {
    pub name: String,
    pub metadata: Vec<u8>,
}

/// `JoinGroupRequest` (v5+ fields; Kafka 2.2+ clients require a known member id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinGroupRequest {
    pub group_id: String,
    /// `session.timeout.ms`.
    pub session_timeout_ms: i32,
    /// `max.poll.interval.ms` for consumers (`GroupRebalanceConfig`).
    pub rebalance_timeout_ms: i32,
    /// Empty (`UNKNOWN_MEMBER_ID`) on a member's first join.
    pub member_id: String,
    /// `group.instance.id`, set for static members.
    pub group_instance_id: Option<String>,
    /// `consumer` for consumers.
    pub protocol_type: String,
    /// In the member's order of preference.
    pub protocols: Vec<JoinGroupRequestProtocol>,
    /// v8+: why the member (re)joins.
    pub reason: Option<String>,
    /// `JoinGroupRequest.requireKnownMemberId()`: true from v4 (every 2.2+ client), so the
    /// first join is answered `MEMBER_ID_REQUIRED` with a new member id.
    pub require_known_member_id: bool,
    /// From the request header (`RequestHeader.clientId`); Kafka's member id starts with it.
    pub client_id: String,
    /// From the connection (`RequestContext.clientAddress`), e.g. `/10.0.0.7`.
    pub client_host: String,
}

/// `JoinGroupResponse.JoinGroupResponseMember`: sent to the leader only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinGroupResponseMember {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub metadata: Vec<u8>,
}

/// `JoinGroupResponse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinGroupResponse {
    pub error: ErrorCode,
    /// -1 on error.
    pub generation_id: i32,
    pub protocol_type: Option<String>,
    pub protocol_name: Option<String>,
    pub leader: String,
    /// v9+: the leader must not compute an assignment (static leader rejoin); always false
    /// for the classic coordinator's own answers.
    pub skip_assignment: bool,
    pub member_id: String,
    /// Every member's metadata for the selected protocol, for the leader; empty otherwise.
    pub members: Vec<JoinGroupResponseMember>,
}

impl JoinGroupResponse {
    /// `JoinGroupResult(memberId, error)`: an error answer.
    pub fn error(member_id: &str, error: ErrorCode) -> Self {
        JoinGroupResponse {
            error,
            generation_id: -1,
            protocol_type: None,
            protocol_name: None,
            leader: String::new(),
            skip_assignment: false,
            member_id: member_id.to_owned(),
            members: Vec::new(),
        }
    }
}
