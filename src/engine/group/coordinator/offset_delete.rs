//! OffsetDelete (KIP-496) on the coordinator: 4.x `OffsetMetadataManager.deleteOffsets` with
//! `ClassicGroup.validateOffsetDelete` and `ClassicGroup.isSubscribedToTopic` (3.x:
//! `GroupCoordinator.handleDeleteOffsets`), what `Admin.deleteConsumerGroupOffsets` and
//! `kafka-consumer-groups.sh --delete-offsets` send.
//!
//! - An unknown or Dead group is `GROUP_ID_NOT_FOUND` for the whole request.
//! - A group with members (Stable, PreparingRebalance, CompletingRebalance) that does not use
//!   the `consumer` protocol type is `NON_EMPTY_GROUP`.
//! - Otherwise each requested topic is looked at once: while the group is subscribed to it
//!   (`isSubscribedToTopic`: the topics of the members' subscriptions of the current
//!   generation; a consumer group whose subscriptions are not known counts as subscribed to
//!   everything) every requested partition of it answers `GROUP_SUBSCRIBED_TO_TOPIC`. Else
//!   every partition answers `NONE`, and a tombstone is written for each that has a committed
//!   offset or a pending transactional one; the tombstone removes both (`replay` of a null
//!   `OffsetCommitValue`).
//! - The group itself stays, even with no offsets left: 4.x leaves an Empty group without
//!   offsets to the periodic cleanup (`cleanupGroupMetadata`, every
//!   `offsets.retention.check.interval.ms`). 3.x's `handleDeleteOffsets` removed it at once.

use super::event::GroupEvent;
use super::group_coordinator::GroupCoordinator;
use super::group_state::ClassicGroupState;
use super::offsets::CoordinatorRecord;
use crate::engine::error_code::ErrorCode;
use crate::engine::group::consumer_protocol::PROTOCOL_TYPE;
use crate::engine::topic_partition::TopicPartition;

impl GroupCoordinator {
    /// OffsetDelete of `partitions` for `group_id`: each partition's error (in request order,
    /// duplicates answered once), or the group's error.
    pub fn delete_offsets(
        &mut self,
        group_id: &str,
        partitions: &[TopicPartition],
        now_ms: i64,
    ) -> Result<Vec<(TopicPartition, ErrorCode)>, ErrorCode> {
        let Some(group) = self.groups.get(group_id) else {
            return Err(ErrorCode::GroupIdNotFound);
        };
        let uses_consumer_protocol = group.protocol_type.as_deref() == Some(PROTOCOL_TYPE);
        match group.state {
            ClassicGroupState::Dead => return Err(ErrorCode::GroupIdNotFound),
            ClassicGroupState::Stable
            | ClassicGroupState::PreparingRebalance
            | ClassicGroupState::CompletingRebalance
                if !uses_consumer_protocol =>
            {
                return Err(ErrorCode::NonEmptyGroup)
            }
            _ => {}
        }
        let subscribed = |topic: &str| match &group.subscribed_topics {
            Some(topics) => topics.contains(topic),
            None => uses_consumer_protocol,
        };
        let mut answers: Vec<(TopicPartition, ErrorCode)> = Vec::with_capacity(partitions.len());
        let mut deleted = Vec::new();
        for tp in partitions {
            if answers.iter().any(|(t, _)| t == tp) {
                continue;
            }
            if subscribed(&tp.topic) {
                answers.push((tp.clone(), ErrorCode::GroupSubscribedToTopic));
                continue;
            }
            answers.push((tp.clone(), ErrorCode::None));
            let has_offset = group.offsets.contains_key(tp)
                || group
                    .pending_txn_offsets
                    .values()
                    .any(|p| p.contains_key(tp));
            if has_offset {
                deleted.push(tp.clone());
            }
        }
        if deleted.is_empty() {
            return Ok(answers);
        }
        let group = self.group_mut(group_id);
        for tp in &deleted {
            group.offsets.remove(tp);
            group.offset_write_seq.remove(tp);
            // The open transactions stay open; only their offsets of `tp` go.
            for pending in group.pending_txn_offsets.values_mut() {
                pending.remove(tp);
            }
        }
        for tp in &deleted {
            self.record(CoordinatorRecord::OffsetTombstone {
                group_id: group_id.to_owned(),
                topic_partition: tp.clone(),
            });
        }
        self.emit(
            now_ms,
            GroupEvent::OffsetsDeleted {
                group_id: group_id.to_owned(),
                partitions: deleted,
            },
        );
        Ok(answers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::group::assignor::Subscription;
    use crate::engine::group::consumer_protocol;
    use crate::engine::group::coordinator::{GroupCoordinatorConfig, GroupResponse};
    use crate::engine::protocol::{
        JoinGroupRequest, JoinGroupRequestProtocol, OffsetCommitRequest,
        OffsetCommitRequestPartition, SyncGroupRequest, SyncGroupRequestAssignment,
    };

    fn commit(c: &mut GroupCoordinator, group: &str, tp: TopicPartition, offset: i64) {
        let response = c.handle_offset_commit(
            OffsetCommitRequest {
                group_id: group.to_owned(),
                generation_id_or_member_epoch: -1,
                member_id: String::new(),
                group_instance_id: None,
                partitions: vec![OffsetCommitRequestPartition {
                    topic_partition: tp,
                    committed_offset: offset,
                    committed_leader_epoch: -1,
                    committed_metadata: None,
                }],
            },
            0,
        );
        assert_eq!(response.partitions[0].1, ErrorCode::None);
    }

    fn tp(topic: &str, partition: i32) -> TopicPartition {
        TopicPartition::new(topic, partition)
    }

    fn drain(c: &mut GroupCoordinator) -> Vec<CoordinatorRecord> {
        std::iter::from_fn(|| c.poll_record()).collect()
    }

    #[test]
    fn an_unknown_group_is_not_found() {
        let mut c = GroupCoordinator::new(GroupCoordinatorConfig::default(), 1, 0);
        assert_eq!(
            c.delete_offsets("g", &[tp("t", 0)], 0),
            Err(ErrorCode::GroupIdNotFound)
        );
    }

    #[test]
    fn an_empty_group_loses_the_offsets_asked_for_and_stays() {
        let mut c = GroupCoordinator::new(GroupCoordinatorConfig::default(), 1, 0);
        commit(&mut c, "g", tp("t", 0), 5);
        commit(&mut c, "g", tp("t", 1), 7);
        drain(&mut c);
        let answer = c.delete_offsets("g", &[tp("t", 0), tp("t", 9), tp("t", 0)], 10);
        assert_eq!(
            answer,
            Ok(vec![
                (tp("t", 0), ErrorCode::None),
                (tp("t", 9), ErrorCode::None)
            ])
        );
        assert_eq!(
            drain(&mut c),
            vec![CoordinatorRecord::OffsetTombstone {
                group_id: "g".into(),
                topic_partition: tp("t", 0),
            }]
        );
        let view = c.describe_group("g").unwrap();
        assert_eq!(view.state, ClassicGroupState::Empty);
        assert_eq!(view.offsets.len(), 1);
        assert_eq!(view.offsets[0].topic_partition, tp("t", 1));
        assert!(c.events().iter().any(|e| e.event
            == GroupEvent::OffsetsDeleted {
                group_id: "g".into(),
                partitions: vec![tp("t", 0)],
            }));
        // The last offset goes; the group waits for the periodic cleanup.
        assert!(c.delete_offsets("g", &[tp("t", 1)], 11).is_ok());
        assert_eq!(
            c.group_state("g"),
            Some(ClassicGroupState::Empty),
            "4.x leaves the group to cleanupGroupMetadata"
        );
    }

    /// A consumer group with one member subscribed to `t` (and not `u`), Stable.
    fn stable_group(c: &mut GroupCoordinator) {
        let metadata = consumer_protocol::serialize_subscription(
            &Subscription {
                topics: vec!["t".into()],
                ..Subscription::default()
            },
            0,
        );
        let join = |member_id: &str| JoinGroupRequest {
            group_id: "g".into(),
            session_timeout_ms: 45_000,
            rebalance_timeout_ms: 300_000,
            member_id: member_id.into(),
            group_instance_id: None,
            protocol_type: PROTOCOL_TYPE.into(),
            protocols: vec![JoinGroupRequestProtocol {
                name: "range".into(),
                metadata: metadata.clone(),
            }],
            reason: None,
            require_known_member_id: true,
            client_id: "c".into(),
            client_host: "/127.0.0.1".into(),
        };
        let first = c
            .handle_join_group(1, join(""), 0)
            .expect("answered at once");
        assert_eq!(first.error, ErrorCode::MemberIdRequired);
        assert!(c.handle_join_group(2, join(&first.member_id), 0).is_none());
        let at = c.poll_timeout().expect("the initial delay runs");
        c.handle_timeout(at);
        let joined = c.poll_output().expect("the join completed");
        let member_id = match joined.response {
            GroupResponse::JoinGroup(r) => r.member_id,
            other => panic!("expected the JoinGroup answer, got {other:?}"),
        };
        let sync = SyncGroupRequest {
            group_id: "g".into(),
            generation_id: 1,
            member_id: member_id.clone(),
            group_instance_id: None,
            protocol_type: Some(PROTOCOL_TYPE.into()),
            protocol_name: Some("range".into()),
            assignments: vec![SyncGroupRequestAssignment {
                member_id,
                assignment: Vec::new(),
            }],
        };
        assert!(c.handle_sync_group(3, sync, at).is_some());
        assert_eq!(c.group_state("g"), Some(ClassicGroupState::Stable));
    }

    #[test]
    fn a_stable_consumer_group_keeps_the_offsets_of_subscribed_topics() {
        let mut c = GroupCoordinator::new(GroupCoordinatorConfig::default(), 1, 0);
        commit(&mut c, "g", tp("t", 0), 5);
        commit(&mut c, "g", tp("u", 0), 5);
        stable_group(&mut c);
        drain(&mut c);
        let answer = c.delete_offsets("g", &[tp("t", 0), tp("u", 0)], 10_000);
        assert_eq!(
            answer,
            Ok(vec![
                (tp("t", 0), ErrorCode::GroupSubscribedToTopic),
                (tp("u", 0), ErrorCode::None),
            ])
        );
        assert_eq!(
            drain(&mut c),
            vec![CoordinatorRecord::OffsetTombstone {
                group_id: "g".into(),
                topic_partition: tp("u", 0),
            }]
        );
        let offsets = c.describe_group("g").unwrap().offsets;
        assert_eq!(offsets.len(), 1);
        assert_eq!(offsets[0].topic_partition, tp("t", 0));
    }

    #[test]
    fn a_consumer_group_left_empty_has_no_subscriptions() {
        let mut c = GroupCoordinator::new(GroupCoordinatorConfig::default(), 1, 0);
        commit(&mut c, "g", tp("t", 0), 5);
        stable_group(&mut c);
        // The member's session expires: the group rebalances with nobody and goes Empty.
        while c.group_state("g") != Some(ClassicGroupState::Empty) {
            let at = c
                .poll_timeout()
                .expect("a timer runs until the group is empty");
            c.handle_timeout(at);
        }
        assert_eq!(
            c.delete_offsets("g", &[tp("t", 0)], 1_000_000),
            Ok(vec![(tp("t", 0), ErrorCode::None)])
        );
    }

    #[test]
    fn a_pending_transactional_offset_is_deleted_and_its_commit_does_not_bring_it_back() {
        let mut c = GroupCoordinator::new(GroupCoordinatorConfig::default(), 1, 0);
        let request = crate::engine::protocol::TxnOffsetCommitRequest {
            transactional_id: "tx".into(),
            group_id: "g".into(),
            producer_id: 7,
            producer_epoch: 0,
            generation_id: -1,
            member_id: String::new(),
            group_instance_id: None,
            partitions: vec![OffsetCommitRequestPartition {
                topic_partition: tp("t", 0),
                committed_offset: 10,
                committed_leader_epoch: -1,
                committed_metadata: None,
            }],
        };
        assert_eq!(
            c.handle_txn_offset_commit(request, 0).partitions[0].1,
            ErrorCode::None
        );
        drain(&mut c);
        assert_eq!(
            c.delete_offsets("g", &[tp("t", 0)], 1),
            Ok(vec![(tp("t", 0), ErrorCode::None)])
        );
        assert_eq!(
            drain(&mut c),
            vec![CoordinatorRecord::OffsetTombstone {
                group_id: "g".into(),
                topic_partition: tp("t", 0),
            }]
        );
        assert!(!c.has_pending_txn_offset("g", &tp("t", 0)));
        c.complete_txn_offsets(7, true, |_| true, 2);
        assert!(c.describe_group("g").unwrap().offsets.is_empty());
    }

    #[test]
    fn a_rebalancing_group_of_another_protocol_is_not_empty() {
        let mut c = GroupCoordinator::new(GroupCoordinatorConfig::default(), 1, 0);
        let join = JoinGroupRequest {
            group_id: "g".into(),
            session_timeout_ms: 45_000,
            rebalance_timeout_ms: 300_000,
            member_id: String::new(),
            group_instance_id: None,
            protocol_type: "connect".into(),
            protocols: vec![JoinGroupRequestProtocol {
                name: "sessioned".into(),
                metadata: Vec::new(),
            }],
            reason: None,
            require_known_member_id: true,
            client_id: "c".into(),
            client_host: "/127.0.0.1".into(),
        };
        let first = c.handle_join_group(1, join.clone(), 0).unwrap();
        let again = JoinGroupRequest {
            member_id: first.member_id,
            ..join
        };
        assert!(c.handle_join_group(2, again, 0).is_none());
        assert_eq!(
            c.group_state("g"),
            Some(ClassicGroupState::PreparingRebalance)
        );
        assert_eq!(
            c.delete_offsets("g", &[tp("t", 0)], 0),
            Err(ErrorCode::NonEmptyGroup)
        );
    }
}
