//! `RoundRobinAssignor` (`roundrobin`): all partitions, one at a time, around the members.
//!
//! Port of `org.apache.kafka.clients.consumer.RoundRobinAssignor`: the partitions of every
//! subscribed topic, topics in name order (`TreeSet`) and partitions in numeric order, go to
//! the sorted members ([`MemberInfo`](super::member_info::MemberInfo) order) in a circle,
//! skipping a member not subscribed to the partition's topic (`CircularIterator`).

use std::collections::{BTreeMap, BTreeSet};

use super::java_collections::{java_cmp, JavaHashMap};
use super::member_info::{sort_members, MemberInfo};
use super::{
    partitions, partitions_per_topic, AssignorError, ClusterMetadata, ConsumerPartitionAssignor,
    GroupAssignment, GroupSubscription,
};
use crate::engine::topic_partition::TopicPartition;

/// `RoundRobinAssignor`'s `name()`.
pub const ROUND_ROBIN_ASSIGNOR_NAME: &str = "roundrobin";

/// `RoundRobinAssignor`: stateless, eager only.
#[derive(Debug, Clone, Copy, Default)]
pub struct RoundRobinAssignor;

impl RoundRobinAssignor {
    /// `assign(partitionsPerTopic, subscriptions)`.
    pub fn assign_partitions(
        partitions_per_topic: &JavaHashMap<String, i32>,
        group: &GroupSubscription,
    ) -> BTreeMap<String, Vec<TopicPartition>> {
        let mut assignment: BTreeMap<String, Vec<TopicPartition>> = BTreeMap::new();
        let mut members: Vec<MemberInfo> = Vec::with_capacity(group.len());
        for (member_id, subscription) in group.iter() {
            assignment.insert(member_id.clone(), Vec::new());
            members.push(MemberInfo::new(
                member_id,
                subscription.group_instance_id.as_deref(),
            ));
        }
        sort_members(&mut members);

        // allPartitionsSorted: a TreeSet of every subscribed topic (Java string order).
        let topics: BTreeSet<&str> = group
            .iter()
            .flat_map(|(_, s)| s.topics.iter().map(String::as_str))
            .collect();
        let mut topics: Vec<&str> = topics.into_iter().collect();
        crate::sort::sort_by(&mut topics, |a, b| java_cmp(a, b));

        let mut cursor = 0usize;
        for topic in topics {
            let Some(&num_partitions) = partitions_per_topic.get(&topic.to_owned()) else {
                continue;
            };
            for partition in partitions(topic, num_partitions) {
                // The topic came from some member's subscription, so the circle finds one.
                while !group
                    .get(&members[cursor].member_id)
                    .is_some_and(|s| s.topics.iter().any(|t| t == topic))
                {
                    cursor = (cursor + 1) % members.len();
                }
                assignment
                    .get_mut(&members[cursor].member_id)
                    .expect("every member has an assignment entry")
                    .push(partition);
                cursor = (cursor + 1) % members.len();
            }
        }
        assignment
    }
}

impl ConsumerPartitionAssignor for RoundRobinAssignor {
    fn name(&self) -> &'static str {
        ROUND_ROBIN_ASSIGNOR_NAME
    }

    fn assign(
        &mut self,
        metadata: &ClusterMetadata,
        group: &GroupSubscription,
    ) -> Result<GroupAssignment, AssignorError> {
        let partitions_per_topic = partitions_per_topic(metadata, group);
        Ok(GroupAssignment::from_partitions(Self::assign_partitions(
            &partitions_per_topic,
            group,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::group::assignor::Subscription;

    #[test]
    fn javadoc_example_one() {
        // C0, C1 on t0, t1 with 3 partitions: C0 [t0p0, t0p2, t1p1], C1 [t0p1, t1p0, t1p2].
        let metadata = ClusterMetadata::new([("t0".to_owned(), 3), ("t1".to_owned(), 3)]);
        let topics = vec!["t0".to_owned(), "t1".to_owned()];
        let group = GroupSubscription::new([
            ("C0".to_owned(), Subscription::new(topics.clone())),
            ("C1".to_owned(), Subscription::new(topics)),
        ]);
        let result = RoundRobinAssignor.assign(&metadata, &group).unwrap();
        assert_eq!(
            result.assignments["C0"].partitions,
            [
                TopicPartition::new("t0", 0),
                TopicPartition::new("t0", 2),
                TopicPartition::new("t1", 1)
            ]
        );
        assert_eq!(
            result.assignments["C1"].partitions,
            [
                TopicPartition::new("t0", 1),
                TopicPartition::new("t1", 0),
                TopicPartition::new("t1", 2)
            ]
        );
    }
}
