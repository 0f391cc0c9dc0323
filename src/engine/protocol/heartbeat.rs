//! Heartbeat (API key 12): a member is alive; the answer tells it whether to rejoin.

use crate::engine::error_code::ErrorCode;

/// `HeartbeatRequest`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeartbeatRequest {
    pub group_id: String,
    pub generation_id: i32,
    pub member_id: String,
    pub group_instance_id: Option<String>,
}

/// `HeartbeatResponse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeartbeatResponse {
    pub error: ErrorCode,
}
