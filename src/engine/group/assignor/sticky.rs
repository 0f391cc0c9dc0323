//! `StickyAssignor` (`sticky`): balanced and sticky, under the eager protocol.
//!
//! Port of `org.apache.kafka.clients.consumer.StickyAssignor`. Eager members revoke
//! everything before rejoining, so a member carries its previous assignment and generation in
//! its subscription's user data (`StickyAssignorUserData` v1):
//!
//! ```text
//! previous_assignment => [topic => STRING, partitions => [INT32]]
//! generation          => INT32        (v1; absent in v0)
//! ```
//!
//! The assignment itself is [`super::abstract_sticky`].

use super::abstract_sticky::{assign_partitions, MemberData, StickyState, DEFAULT_GENERATION};
use super::java_collections::JavaHashMap;
use super::{
    partitions_per_topic, Assignment, AssignorError, ClusterMetadata, ConsumerPartitionAssignor,
    GroupAssignment, GroupSubscription, Subscription,
};
use crate::engine::group::schema_types::{Reader, SchemaError, Writer};
use crate::engine::topic_partition::TopicPartition;

/// `StickyAssignor.STICKY_ASSIGNOR_NAME`.
pub const STICKY_ASSIGNOR_NAME: &str = "sticky";

/// `StickyAssignor`: the member side remembers its last assignment and generation.
#[derive(Debug, Clone, Default)]
pub struct StickyAssignor {
    member_assignment: Option<Vec<TopicPartition>>,
    generation: Option<i32>,
    state: StickyState,
}

/// `serializeTopicPartitionAssignment(memberData)`: always v1; topics in the order of
/// `CollectionUtils.groupPartitionsByTopic`'s `HashMap`.
pub fn serialize_topic_partition_assignment(data: &MemberData) -> Vec<u8> {
    let mut by_topic: JavaHashMap<String, Vec<i32>> = JavaHashMap::new();
    for tp in &data.partitions {
        match by_topic.get_mut(&tp.topic) {
            Some(partitions) => partitions.push(tp.partition),
            None => {
                by_topic.put(tp.topic.clone(), vec![tp.partition]);
            }
        }
    }
    let mut w = Writer::default();
    w.write_array_len(by_topic.len());
    for (topic, partitions) in by_topic.iter() {
        w.write_string(topic);
        w.write_array_len(partitions.len());
        for p in partitions {
            w.write_i32(*p);
        }
    }
    // Kafka writes the generation whenever it is present; the member always has one here.
    w.write_i32(data.generation.unwrap_or(DEFAULT_GENERATION));
    w.bytes
}

fn read_previous_assignment(r: &mut Reader<'_>) -> Result<Vec<TopicPartition>, SchemaError> {
    let topics = r.read_array_len("previous_assignment")?;
    let mut partitions = Vec::new();
    for _ in 0..topics {
        let topic = r.read_string("topic")?;
        let count = r.read_array_len("partitions")?;
        for _ in 0..count {
            partitions.push(TopicPartition::new(&topic, r.read_i32()?));
        }
    }
    Ok(partitions)
}

/// `deserializeTopicPartitionAssignment(buffer)`: v1, else v0, else nothing owned with
/// generation -1 ("ignore the consumer's previous assignment if it cannot be parsed").
pub fn deserialize_topic_partition_assignment(bytes: &[u8]) -> MemberData {
    let mut v1 = Reader::new(bytes, "sticky assignor user data");
    if let Ok(partitions) = read_previous_assignment(&mut v1) {
        if let Ok(generation) = v1.read_i32() {
            return MemberData {
                partitions,
                generation: Some(generation),
            };
        }
    }
    let mut v0 = Reader::new(bytes, "sticky assignor user data");
    match read_previous_assignment(&mut v0) {
        Ok(partitions) => MemberData {
            partitions,
            generation: None,
        },
        Err(_) => MemberData {
            partitions: Vec::new(),
            generation: Some(DEFAULT_GENERATION),
        },
    }
}

/// `StickyAssignor.memberData(subscription)`: always from the user data, since an eager
/// member owns nothing while it rejoins.
pub fn sticky_member_data(subscription: &Subscription) -> MemberData {
    match subscription.user_data.as_deref() {
        None | Some([]) => MemberData::default(),
        Some(bytes) => deserialize_topic_partition_assignment(bytes),
    }
}

impl ConsumerPartitionAssignor for StickyAssignor {
    fn name(&self) -> &'static str {
        STICKY_ASSIGNOR_NAME
    }

    fn subscription_user_data(&self, _topics: &[String]) -> Option<Vec<u8>> {
        let partitions = self.member_assignment.clone()?;
        Some(serialize_topic_partition_assignment(&MemberData {
            partitions,
            generation: self.generation,
        }))
    }

    fn on_assignment(&mut self, assignment: &Assignment, generation_id: i32) {
        self.member_assignment = Some(assignment.partitions.clone());
        self.generation = Some(generation_id);
    }

    fn assign(
        &mut self,
        metadata: &ClusterMetadata,
        group: &GroupSubscription,
    ) -> Result<GroupAssignment, AssignorError> {
        let partitions_per_topic = partitions_per_topic(metadata, group);
        let outcome = assign_partitions(
            &mut self.state,
            &partitions_per_topic,
            group,
            sticky_member_data,
        )?;
        Ok(GroupAssignment::from_partitions(outcome.assignment))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_data_round_trips_and_falls_back_like_kafka() {
        let data = MemberData {
            partitions: vec![TopicPartition::new("t1", 1), TopicPartition::new("t0", 0)],
            generation: Some(4),
        };
        let bytes = serialize_topic_partition_assignment(&data);
        let decoded = deserialize_topic_partition_assignment(&bytes);
        assert_eq!(decoded.generation, Some(4));
        let mut partitions = decoded.partitions;
        crate::sort::sort(&mut partitions);
        assert_eq!(
            partitions,
            [TopicPartition::new("t0", 0), TopicPartition::new("t1", 1)]
        );
        // v0: no generation.
        let v0 = &bytes[..bytes.len() - 4];
        assert_eq!(deserialize_topic_partition_assignment(v0).generation, None);
        // Garbage: nothing owned, generation -1.
        assert_eq!(
            deserialize_topic_partition_assignment(&[0xff, 0xff, 0xff, 0xff, 1]),
            MemberData {
                partitions: vec![],
                generation: Some(DEFAULT_GENERATION)
            }
        );
    }

    #[test]
    fn the_member_side_reports_its_last_assignment() {
        let mut assignor = StickyAssignor::default();
        assert_eq!(assignor.subscription_user_data(&[]), None);
        assignor.on_assignment(
            &Assignment {
                partitions: vec![TopicPartition::new("t0", 2)],
                user_data: None,
            },
            3,
        );
        let bytes = assignor.subscription_user_data(&[]).unwrap();
        assert_eq!(
            deserialize_topic_partition_assignment(&bytes),
            MemberData {
                partitions: vec![TopicPartition::new("t0", 2)],
                generation: Some(3)
            }
        );
    }
}
