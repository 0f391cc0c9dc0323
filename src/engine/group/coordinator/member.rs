//! `ClassicGroupMember`: one member of a classic group as the coordinator tracks it.
//!
//! From `org.apache.kafka.coordinator.group.classic.ClassicGroupMember` (4.x) /
//! `MemberMetadata` (3.x): identity, timeouts, the protocols it supports with their metadata,
//! its assignment, and whether a JoinGroup or SyncGroup of it is parked.

use crate::engine::protocol::JoinGroupRequestProtocol;

/// The caller's handle on a request the coordinator parks (Kafka's response callback): the
/// answer comes out of `GroupCoordinator::poll_output` with the same key.
pub type RequestKey = u64;

/// A member of a classic group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassicGroupMember {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub client_id: String,
    pub client_host: String,
    pub rebalance_timeout_ms: i32,
    pub session_timeout_ms: i32,
    pub protocol_type: String,
    /// In the member's order of preference.
    pub supported_protocols: Vec<JoinGroupRequestProtocol>,
    /// What the leader assigned it in the current generation.
    pub assignment: Vec<u8>,
    /// A parked JoinGroup (`awaitingJoinFuture`).
    pub awaiting_join: Option<RequestKey>,
    /// A parked SyncGroup (`awaitingSyncFuture`).
    pub awaiting_sync: Option<RequestKey>,
    /// Joined in the current rebalance and has not yet got a JoinGroup answer (`isNew`).
    pub is_new: bool,
    /// When the member's session (or, while new, its join) expires, if a timer is running.
    pub heartbeat_deadline_ms: Option<i64>,
}

impl ClassicGroupMember {
    pub fn is_static(&self) -> bool {
        self.group_instance_id.is_some()
    }

    pub fn is_awaiting_join(&self) -> bool {
        self.awaiting_join.is_some()
    }

    pub fn is_awaiting_sync(&self) -> bool {
        self.awaiting_sync.is_some()
    }

    /// `vote(candidates)`: the member's most preferred protocol among the candidates.
    pub fn vote<'a>(&'a self, candidates: &[String]) -> Option<&'a str> {
        self.supported_protocols
            .iter()
            .map(|p| p.name.as_str())
            .find(|name| candidates.iter().any(|c| c == name))
    }

    /// `metadata(protocolName)`.
    pub fn metadata(&self, protocol: &str) -> Option<&[u8]> {
        self.supported_protocols
            .iter()
            .find(|p| p.name == protocol)
            .map(|p| p.metadata.as_slice())
    }

    /// `matches(protocols)`: the same protocols with the same metadata, in the same order.
    pub fn matches(&self, protocols: &[JoinGroupRequestProtocol]) -> bool {
        self.supported_protocols == protocols
    }

    /// `hasSatisfiedHeartbeat`-at-expiry: a member parked in a rebalance does not expire
    /// (unless it is new, whose timer is its join timeout).
    pub fn survives_expiry(&self) -> bool {
        !self.is_new && (self.is_awaiting_join() || self.is_awaiting_sync())
    }
}
