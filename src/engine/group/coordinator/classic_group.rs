//! `ClassicGroup`: one classic consumer group's membership, generation and offsets.
//!
//! From `org.apache.kafka.coordinator.group.classic.ClassicGroup` (4.x; `GroupMetadata` in
//! the 3.x Scala coordinator). Members live in a Java `HashMap` as in Kafka, because its
//! iteration order is visible: it orders the leader's member list in the JoinGroup response,
//! picks the next leader when the leader leaves (`remove`: the first remaining key) and breaks
//! ties in protocol selection (`selectProtocol`: most votes, first seen wins).

use std::collections::{BTreeMap, BTreeSet};

use super::group_state::ClassicGroupState;
use super::member::ClassicGroupMember;
use super::offsets::OffsetAndMetadata;
use crate::engine::group::assignor::java_collections::JavaHashMap;
use crate::engine::topic_partition::TopicPartition;

/// The pending DelayedJoin of a group in PreparingRebalance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinTimer {
    /// `DelayedJoin`: completes when everyone rejoined or at the rebalance timeout.
    Regular { deadline_ms: i64 },
    /// `InitialDelayedJoin`: a new group waits `delay`, extended while members keep coming,
    /// up to the rebalance timeout (`remaining`).
    Initial {
        deadline_ms: i64,
        configured_delay_ms: i64,
        remaining_ms: i64,
    },
}

impl JoinTimer {
    pub fn deadline_ms(self) -> i64 {
        match self {
            JoinTimer::Regular { deadline_ms } | JoinTimer::Initial { deadline_ms, .. } => {
                deadline_ms
            }
        }
    }
}

/// A classic group.
#[derive(Debug, Clone)]
pub struct ClassicGroup {
    pub group_id: String,
    pub state: ClassicGroupState,
    pub current_state_timestamp_ms: i64,
    pub generation_id: i32,
    pub protocol_type: Option<String>,
    pub protocol_name: Option<String>,
    pub leader_id: Option<String>,
    pub members: JavaHashMap<String, ClassicGroupMember>,
    /// `group.instance.id` -> member id.
    pub static_members: BTreeMap<String, String>,
    /// Member ids handed out with `MEMBER_ID_REQUIRED`, with their expiry.
    pub pending_join_members: BTreeMap<String, i64>,
    /// Members that have not sent SyncGroup since the join completed.
    pub pending_sync_members: BTreeSet<String>,
    /// Protocol name -> number of members supporting it.
    pub supported_protocols: BTreeMap<String, usize>,
    pub num_members_awaiting_join_response: usize,
    /// A member joined while the initial delay ran (`newMemberAdded`).
    pub new_member_added: bool,
    pub join_timer: Option<JoinTimer>,
    /// `DelayedSync`: when members that have not synced are removed.
    pub sync_deadline_ms: Option<i64>,
    /// Topics the members subscribe to, when the protocol is `consumer`.
    pub subscribed_topics: Option<BTreeSet<String>>,
    pub offsets: BTreeMap<TopicPartition, OffsetAndMetadata>,
    /// When each committed offset was written, in the coordinator's write order (Kafka
    /// compares log offsets, `CommitRecordMetadataAndOffset.olderThan`).
    pub offset_write_seq: BTreeMap<TopicPartition, u64>,
    /// TxnOffsetCommits waiting for their transaction's marker, by producer id
    /// (`pendingTransactionalOffsetCommits`).
    pub pending_txn_offsets: BTreeMap<i64, BTreeMap<TopicPartition, PendingTxnOffset>>,
}

/// A transactional offset commit not yet committed or aborted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingTxnOffset {
    pub offset: OffsetAndMetadata,
    /// Its place in the coordinator's write order.
    pub write_seq: u64,
}

impl ClassicGroup {
    pub fn new(group_id: &str, now_ms: i64) -> Self {
        ClassicGroup {
            group_id: group_id.to_owned(),
            state: ClassicGroupState::Empty,
            current_state_timestamp_ms: now_ms,
            generation_id: 0,
            protocol_type: None,
            protocol_name: None,
            leader_id: None,
            members: JavaHashMap::new(),
            static_members: BTreeMap::new(),
            pending_join_members: BTreeMap::new(),
            pending_sync_members: BTreeSet::new(),
            supported_protocols: BTreeMap::new(),
            num_members_awaiting_join_response: 0,
            new_member_added: false,
            join_timer: None,
            sync_deadline_ms: None,
            subscribed_topics: None,
            offsets: BTreeMap::new(),
            offset_write_seq: BTreeMap::new(),
            pending_txn_offsets: BTreeMap::new(),
        }
    }

    pub fn is(&self, state: ClassicGroupState) -> bool {
        self.state == state
    }

    pub fn has(&self, member_id: &str) -> bool {
        self.members.contains_key(&member_id.to_owned())
    }

    pub fn member(&self, member_id: &str) -> Option<&ClassicGroupMember> {
        self.members.get(&member_id.to_owned())
    }

    pub fn member_mut(&mut self, member_id: &str) -> Option<&mut ClassicGroupMember> {
        self.members.get_mut(&member_id.to_owned())
    }

    pub fn member_ids(&self) -> Vec<String> {
        self.members.keys().cloned().collect()
    }

    pub fn is_leader(&self, member_id: &str) -> bool {
        self.leader_id.as_deref() == Some(member_id)
    }

    pub fn is_pending_member(&self, member_id: &str) -> bool {
        self.pending_join_members.contains_key(member_id)
    }

    /// `isStaticMemberFenced`: the instance id is registered to another member id.
    pub fn is_static_member_fenced(
        &self,
        group_instance_id: Option<&str>,
        member_id: &str,
    ) -> bool {
        group_instance_id
            .and_then(|id| self.static_members.get(id))
            .is_some_and(|registered| registered != member_id)
    }

    /// `canRebalance()`.
    pub fn can_rebalance(&self) -> bool {
        ClassicGroupState::PreparingRebalance
            .valid_previous_states()
            .contains(&self.state)
    }

    /// `hasAllMembersJoined()`.
    pub fn has_all_members_joined(&self) -> bool {
        self.members.len() == self.num_members_awaiting_join_response
            && self.pending_join_members.is_empty()
    }

    /// `rebalanceTimeoutMs()`: the largest of the members'.
    pub fn rebalance_timeout_ms(&self) -> i64 {
        self.members
            .iter()
            .map(|(_, m)| i64::from(m.rebalance_timeout_ms))
            .max()
            .unwrap_or(0)
    }

    /// `supportsProtocols(protocolType, protocols)`.
    pub fn supports_protocols(&self, protocol_type: &str, protocols: &[String]) -> bool {
        if self.is(ClassicGroupState::Empty) {
            !protocol_type.is_empty() && !protocols.is_empty()
        } else {
            self.protocol_type.as_deref() == Some(protocol_type)
                && protocols.iter().any(|p| {
                    self.supported_protocols.get(p).copied().unwrap_or(0) == self.members.len()
                })
        }
    }

    /// `add(member)`.
    pub fn add(&mut self, member: ClassicGroupMember) {
        if self.members.is_empty() {
            self.protocol_type = Some(member.protocol_type.clone());
        }
        if self.leader_id.is_none() {
            self.leader_id = Some(member.member_id.clone());
        }
        for p in &member.supported_protocols {
            *self.supported_protocols.entry(p.name.clone()).or_default() += 1;
        }
        if member.is_awaiting_join() {
            self.num_members_awaiting_join_response += 1;
        }
        if let Some(instance) = &member.group_instance_id {
            self.static_members
                .insert(instance.clone(), member.member_id.clone());
        }
        self.pending_join_members.remove(&member.member_id);
        self.members.put(member.member_id.clone(), member);
    }

    /// `remove(memberId)`: a removed leader is replaced by the first remaining member.
    pub fn remove(&mut self, member_id: &str) -> Option<ClassicGroupMember> {
        let removed = self.members.remove(&member_id.to_owned());
        if let Some(member) = &removed {
            for p in &member.supported_protocols {
                if let Some(count) = self.supported_protocols.get_mut(&p.name) {
                    *count -= 1;
                    if *count == 0 {
                        self.supported_protocols.remove(&p.name);
                    }
                }
            }
            if member.is_awaiting_join() {
                self.num_members_awaiting_join_response -= 1;
            }
            if let Some(instance) = &member.group_instance_id {
                self.static_members.remove(instance);
            }
        }
        if self.is_leader(member_id) {
            self.leader_id = self.members.first_key().cloned();
        }
        self.pending_join_members.remove(member_id);
        self.pending_sync_members.remove(member_id);
        removed
    }

    /// `updateMember(member, protocols, ..)`: a known member rejoins; replaces its protocol
    /// support counts and parks its JoinGroup.
    pub fn update_member(
        &mut self,
        member_id: &str,
        protocols: Vec<crate::engine::protocol::JoinGroupRequestProtocol>,
        rebalance_timeout_ms: i32,
        session_timeout_ms: i32,
        key: super::member::RequestKey,
    ) {
        let Some(member) = self.members.get_mut(&member_id.to_owned()) else {
            return;
        };
        for p in &member.supported_protocols {
            if let Some(count) = self.supported_protocols.get_mut(&p.name) {
                *count -= 1;
                if *count == 0 {
                    self.supported_protocols.remove(&p.name);
                }
            }
        }
        for p in &protocols {
            *self.supported_protocols.entry(p.name.clone()).or_default() += 1;
        }
        member.supported_protocols = protocols;
        member.rebalance_timeout_ms = rebalance_timeout_ms;
        member.session_timeout_ms = session_timeout_ms;
        if member.awaiting_join.is_none() {
            self.num_members_awaiting_join_response += 1;
        }
        member.awaiting_join = Some(key);
    }

    /// `candidateProtocols()`: protocols every member supports.
    fn candidate_protocols(&self) -> Vec<String> {
        self.supported_protocols
            .iter()
            .filter(|(_, &count)| count == self.members.len())
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// `selectProtocol()`: each member votes for its most preferred candidate; most votes
    /// wins, the first protocol in the votes `HashMap` winning a tie (`Stream.max`).
    pub fn select_protocol(&self) -> Option<String> {
        let candidates = self.candidate_protocols();
        let mut votes: JavaHashMap<String, usize> = JavaHashMap::new();
        for (_, member) in self.members.iter() {
            if let Some(vote) = member.vote(&candidates) {
                let count = votes.get(&vote.to_owned()).copied().unwrap_or(0);
                votes.put(vote.to_owned(), count + 1);
            }
        }
        let mut best: Option<(&String, usize)> = None;
        for (name, &count) in votes.iter() {
            if best.is_none_or(|(_, c)| count > c) {
                best = Some((name, count));
            }
        }
        best.map(|(name, _)| name.clone())
    }

    /// `maybeElectNewJoinedLeader()`: false if nobody rejoined.
    pub fn maybe_elect_new_joined_leader(&mut self) -> bool {
        let Some(leader) = self.leader_id.clone() else {
            return false;
        };
        if self.member(&leader).is_some_and(|m| m.is_awaiting_join()) {
            return true;
        }
        let joined = self
            .members
            .iter()
            .find(|(_, m)| m.is_awaiting_join())
            .map(|(id, _)| id.clone());
        match joined {
            Some(id) => {
                self.leader_id = Some(id);
                true
            }
            None => false,
        }
    }

    /// The members' metadata for the selected protocol (`currentClassicGroupMembers`).
    pub fn current_member_metadata(&self) -> Vec<crate::engine::protocol::JoinGroupResponseMember> {
        let protocol = self.protocol_name.clone().unwrap_or_default();
        self.members
            .iter()
            .map(|(id, m)| crate::engine::protocol::JoinGroupResponseMember {
                member_id: id.clone(),
                group_instance_id: m.group_instance_id.clone(),
                metadata: m
                    .metadata(&protocol)
                    .map(<[u8]>::to_vec)
                    .unwrap_or_default(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::protocol::JoinGroupRequestProtocol;

    fn member(id: &str, protocols: &[&str]) -> ClassicGroupMember {
        ClassicGroupMember {
            member_id: id.to_owned(),
            group_instance_id: None,
            client_id: "c".to_owned(),
            client_host: "/h".to_owned(),
            rebalance_timeout_ms: 1000,
            session_timeout_ms: 1000,
            protocol_type: "consumer".to_owned(),
            supported_protocols: protocols
                .iter()
                .map(|p| JoinGroupRequestProtocol {
                    name: (*p).to_owned(),
                    metadata: vec![],
                })
                .collect(),
            assignment: vec![],
            awaiting_join: None,
            awaiting_sync: None,
            is_new: false,
            heartbeat_deadline_ms: None,
        }
    }

    #[test]
    fn protocol_selection_counts_first_preferences_among_common_protocols() {
        let mut group = ClassicGroup::new("g", 0);
        group.add(member("a", &["range", "cooperative-sticky"]));
        group.add(member("b", &["cooperative-sticky", "range"]));
        group.add(member("c", &["cooperative-sticky", "roundrobin"]));
        // roundrobin is not common; range is not supported by c.
        assert_eq!(
            group.select_protocol().as_deref(),
            Some("cooperative-sticky")
        );
        // An empty group takes any protocol; a running one only those all members support.
        assert!(group.supports_protocols("consumer", &["range".to_owned()]));
        group.state = ClassicGroupState::Stable;
        assert!(group.supports_protocols("consumer", &["cooperative-sticky".to_owned()]));
        assert!(!group.supports_protocols("consumer", &["range".to_owned()]));
        assert!(!group.supports_protocols("other", &["cooperative-sticky".to_owned()]));
    }

    #[test]
    fn a_tie_goes_to_the_first_protocol_in_javas_hashmap_order() {
        let mut group = ClassicGroup::new("g", 0);
        group.add(member("a", &["range", "cooperative-sticky"]));
        group.add(member("b", &["cooperative-sticky", "range"]));
        // "range" hashes to bucket 9 of 16 and "cooperative-sticky" to bucket 15, so Java
        // iterates range first and keeps it on the 1:1 tie.
        assert_eq!(group.select_protocol().as_deref(), Some("range"));
    }

    #[test]
    fn removing_the_leader_elects_the_first_remaining_member() {
        let mut group = ClassicGroup::new("g", 0);
        group.add(member("x", &["range"]));
        group.add(member("a", &["range"]));
        group.add(member("b", &["range"]));
        assert_eq!(group.leader_id.as_deref(), Some("x"));
        group.remove("x");
        // "a" (97) and "b" (98) sit in buckets 1 and 2.
        assert_eq!(group.leader_id.as_deref(), Some("a"));
    }
}
