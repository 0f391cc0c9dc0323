//! SyncGroup (API key 14): the leader sends the assignment; every member receives its own.

use crate::engine::error_code::ErrorCode;

/// `SyncGroupRequest.SyncGroupRequestAssignment`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncGroupRequestAssignment {
    pub member_id: String,
    /// For consumers, `ConsumerProtocolAssignment` bytes.
    pub assignment: Vec<u8>,
}

/// `SyncGroupRequest`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncGroupRequest {
    pub group_id: String,
    pub generation_id: i32,
    pub member_id: String,
    pub group_instance_id: Option<String>,
    /// v5+.
    pub protocol_type: Option<String>,
    /// v5+.
    pub protocol_name: Option<String>,
    /// The leader's assignment; empty from followers.
    pub assignments: Vec<SyncGroupRequestAssignment>,
}

/// `SyncGroupResponse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncGroupResponse {
    pub error: ErrorCode,
    pub protocol_type: Option<String>,
    pub protocol_name: Option<String>,
    /// This member's assignment (empty on error).
    pub assignment: Vec<u8>,
}

impl SyncGroupResponse {
    pub fn error(error: ErrorCode) -> Self {
        SyncGroupResponse {
            error,
            protocol_type: None,
            protocol_name: None,
            assignment: Vec::new(),
        }
    }
}
