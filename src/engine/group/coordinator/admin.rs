//! The coordinator's side of the admin calls `kafka-consumer-groups.sh` makes: ListGroups
//! (`GroupMetadataManager.listGroups` / 3.x `GroupCoordinator.handleListGroups`) and
//! DeleteGroups (`GroupCoordinator.handleDeleteGroups`, 4.x
//! `GroupMetadataManager.deleteGroups`). Describing a group is
//! [`GroupCoordinator::describe_group`]; resetting offsets is an OffsetCommit with generation
//! -1, as `Admin.alterConsumerGroupOffsets` sends it. A deleted topic takes every group's
//! committed offsets of its partitions with it (`OffsetMetadataManager.onPartitionsDeleted`).

use super::event::GroupEvent;
use super::group_coordinator::GroupCoordinator;
use super::group_state::ClassicGroupState;
use super::offsets::CoordinatorRecord;
use crate::engine::error_code::ErrorCode;

/// One row of ListGroups (`ListGroupsResponse.ListedGroup`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GroupListing {
    pub group_id: String,
    pub state: ClassicGroupState,
    /// Empty for a group that only stores offsets (Kafka lists `""`).
    pub protocol_type: String,
}

impl GroupCoordinator {
    /// Every group, by group id.
    pub fn list_groups(&self) -> Vec<GroupListing> {
        self.groups
            .values()
            .map(|g| GroupListing {
                group_id: g.group_id.clone(),
                state: g.state,
                protocol_type: g.protocol_type.clone().unwrap_or_default(),
            })
            .collect()
    }

    /// DeleteGroups for one group: an Empty group goes Dead, a tombstone is written for each
    /// of its committed offsets and for the group itself, and it is forgotten. An unknown
    /// group is `GROUP_ID_NOT_FOUND`; a group with members is `NON_EMPTY_GROUP`.
    pub fn delete_group(&mut self, group_id: &str, now_ms: i64) -> Result<(), ErrorCode> {
        let Some(group) = self.groups.get(group_id) else {
            return Err(ErrorCode::GroupIdNotFound);
        };
        match group.state {
            ClassicGroupState::Dead => return Err(ErrorCode::GroupIdNotFound),
            ClassicGroupState::Stable
            | ClassicGroupState::PreparingRebalance
            | ClassicGroupState::CompletingRebalance => return Err(ErrorCode::NonEmptyGroup),
            ClassicGroupState::Empty => {}
        }
        let partitions: Vec<_> = group.offsets.keys().cloned().collect();
        self.transition(group_id, ClassicGroupState::Dead, now_ms);
        self.groups.remove(group_id);
        for tp in &partitions {
            self.record(CoordinatorRecord::OffsetTombstone {
                group_id: group_id.to_owned(),
                topic_partition: tp.clone(),
            });
        }
        self.record(CoordinatorRecord::GroupTombstone {
            group_id: group_id.to_owned(),
        });
        self.emit(
            now_ms,
            GroupEvent::GroupDeleted {
                group_id: group_id.to_owned(),
                offsets_deleted: partitions.len(),
            },
        );
        Ok(())
    }
}

impl GroupCoordinator {
    /// `onPartitionsDeleted` for every partition of `topic`: each group's committed offsets of
    /// them are removed and tombstoned.
    pub fn on_topic_deleted(&mut self, topic: &str, now_ms: i64) {
        let ids: Vec<String> = self.groups.keys().cloned().collect();
        for group_id in ids {
            let group = self.group_mut(&group_id);
            let partitions: Vec<_> = group
                .offsets
                .keys()
                .filter(|tp| tp.topic == topic)
                .cloned()
                .collect();
            if partitions.is_empty() {
                continue;
            }
            for tp in &partitions {
                group.offsets.remove(tp);
                group.offset_write_seq.remove(tp);
            }
            for tp in &partitions {
                self.record(CoordinatorRecord::OffsetTombstone {
                    group_id: group_id.clone(),
                    topic_partition: tp.clone(),
                });
            }
            self.emit(
                now_ms,
                GroupEvent::TopicOffsetsDeleted {
                    group_id,
                    partitions,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::group::coordinator::GroupCoordinatorConfig;
    use crate::engine::protocol::{OffsetCommitRequest, OffsetCommitRequestPartition};
    use crate::engine::topic_partition::TopicPartition;

    fn commit(c: &mut GroupCoordinator, group: &str, offset: i64) {
        let response = c.handle_offset_commit(
            OffsetCommitRequest {
                group_id: group.to_owned(),
                generation_id_or_member_epoch: -1,
                member_id: String::new(),
                group_instance_id: None,
                partitions: vec![OffsetCommitRequestPartition {
                    topic_partition: TopicPartition::new("t", 0),
                    committed_offset: offset,
                    committed_leader_epoch: -1,
                    committed_metadata: None,
                }],
            },
            0,
        );
        assert_eq!(response.partitions[0].1, ErrorCode::None);
    }

    #[test]
    fn an_offsets_only_group_is_listed_empty_and_can_be_deleted() {
        let mut c = GroupCoordinator::new(GroupCoordinatorConfig::default(), 1, 0);
        commit(&mut c, "g", 5);
        assert_eq!(
            c.list_groups(),
            vec![GroupListing {
                group_id: "g".to_owned(),
                state: ClassicGroupState::Empty,
                protocol_type: String::new(),
            }]
        );
        while c.poll_record().is_some() {}
        assert_eq!(c.delete_group("g", 1), Ok(()));
        assert!(c.list_groups().is_empty());
        assert_eq!(
            c.poll_record(),
            Some(CoordinatorRecord::OffsetTombstone {
                group_id: "g".to_owned(),
                topic_partition: TopicPartition::new("t", 0),
            })
        );
        assert_eq!(
            c.poll_record(),
            Some(CoordinatorRecord::GroupTombstone {
                group_id: "g".to_owned()
            })
        );
        assert_eq!(c.delete_group("g", 2), Err(ErrorCode::GroupIdNotFound));
    }

    #[test]
    fn a_deleted_topic_takes_its_committed_offsets() {
        let mut c = GroupCoordinator::new(GroupCoordinatorConfig::default(), 1, 0);
        commit(&mut c, "g", 5);
        while c.poll_record().is_some() {}
        c.on_topic_deleted("other", 1);
        assert_eq!(c.poll_record(), None);
        c.on_topic_deleted("t", 1);
        assert_eq!(
            c.poll_record(),
            Some(CoordinatorRecord::OffsetTombstone {
                group_id: "g".to_owned(),
                topic_partition: TopicPartition::new("t", 0),
            })
        );
        assert!(c.describe_group("g").unwrap().offsets.is_empty());
    }
}
