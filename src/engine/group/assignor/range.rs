//! `RangeAssignor` (`range`): per topic, consecutive ranges of partitions to members in order.
//!
//! Port of `org.apache.kafka.clients.consumer.RangeAssignor` (3.5+ structure with
//! `TopicAssignmentState`, without the rack-aware pass, which needs replica racks, see the
//! module doc of [`super`]). For each topic the subscribed members are sorted
//! ([`MemberInfo`](super::member_info::MemberInfo): static members by instance id first), the
//! partitions laid out in numeric order, and each member takes `n / members` partitions, the
//! first `n % members` one more. Kafka's javadoc example: C0 and C1 on t0, t1 with three
//! partitions each get `C0: [t0p0, t0p1, t1p0, t1p1]`, `C1: [t0p2, t1p2]`.

use std::collections::BTreeMap;

use super::java_collections::JavaHashMap;
use super::member_info::{sort_members, MemberInfo};
use super::{
    partitions, partitions_per_topic, AssignorError, ClusterMetadata, ConsumerPartitionAssignor,
    GroupAssignment, GroupSubscription,
};
use crate::engine::topic_partition::TopicPartition;

/// `RangeAssignor.RANGE_ASSIGNOR_NAME`.
pub const RANGE_ASSIGNOR_NAME: &str = "range";

/// `RangeAssignor`: stateless, eager only.
#[derive(Debug, Clone, Copy, Default)]
pub struct RangeAssignor;

/// `RangeAssignor.TopicAssignmentState`: one topic's members and what is left to hand out.
struct TopicAssignmentState {
    /// Sorted subscribers, deduplicated (Kafka collects them into a `LinkedHashMap`).
    consumers: Vec<String>,
    unassigned_partitions: Vec<TopicPartition>,
    num_assigned_by_consumer: BTreeMap<String, usize>,
    num_partitions_per_consumer: usize,
    remaining_consumers_with_extra_partition: usize,
}

impl TopicAssignmentState {
    fn new(topic: &str, num_partitions: i32, members: Vec<MemberInfo>) -> Self {
        let mut members = members;
        sort_members(&mut members);
        let mut consumers: Vec<String> = Vec::with_capacity(members.len());
        for member in members {
            if !consumers.contains(&member.member_id) {
                consumers.push(member.member_id);
            }
        }
        let count = partitions(topic, num_partitions);
        let (per_consumer, extra) = if consumers.is_empty() {
            (0, 0)
        } else {
            (count.len() / consumers.len(), count.len() % consumers.len())
        };
        TopicAssignmentState {
            num_assigned_by_consumer: consumers.iter().map(|c| (c.clone(), 0)).collect(),
            consumers,
            unassigned_partitions: count,
            num_partitions_per_consumer: per_consumer,
            remaining_consumers_with_extra_partition: extra,
        }
    }

    /// `maxAssignable(consumer)`.
    fn max_assignable(&self, consumer: &str) -> usize {
        let assigned = self.num_assigned_by_consumer[consumer];
        let max = self.num_partitions_per_consumer
            + usize::from(self.remaining_consumers_with_extra_partition > 0);
        max.saturating_sub(assigned)
    }

    /// `onAssigned(consumer, partitions)`.
    fn on_assigned(&mut self, consumer: &str, newly_assigned: &[TopicPartition]) {
        let assigned = self
            .num_assigned_by_consumer
            .get_mut(consumer)
            .expect("only the topic's own consumers are assigned its partitions");
        *assigned += newly_assigned.len();
        if *assigned > self.num_partitions_per_consumer {
            self.remaining_consumers_with_extra_partition -= 1;
        }
        self.unassigned_partitions
            .retain(|tp| !newly_assigned.contains(tp));
    }
}

impl RangeAssignor {
    /// `assignPartitions(partitionsPerTopic, subscriptions)` without racks.
    pub fn assign_partitions(
        partitions_per_topic: &JavaHashMap<String, i32>,
        group: &GroupSubscription,
    ) -> BTreeMap<String, Vec<TopicPartition>> {
        // consumersPerTopic: a HashMap whose lists follow the subscriptions' order.
        let mut consumers_per_topic: BTreeMap<&str, Vec<MemberInfo>> = BTreeMap::new();
        for (member_id, subscription) in group.iter() {
            for topic in &subscription.topics {
                consumers_per_topic
                    .entry(topic.as_str())
                    .or_default()
                    .push(MemberInfo::new(
                        member_id,
                        subscription.group_instance_id.as_deref(),
                    ));
            }
        }
        let mut assignment: BTreeMap<String, Vec<TopicPartition>> = group
            .iter()
            .map(|(member_id, _)| (member_id.clone(), Vec::new()))
            .collect();
        for (topic, &num_partitions) in partitions_per_topic.iter() {
            let members = consumers_per_topic
                .get(topic.as_str())
                .cloned()
                .unwrap_or_default();
            let mut state = TopicAssignmentState::new(topic, num_partitions, members);
            // assignRanges(state, (c, tp) -> true, assignment)
            for consumer in state.consumers.clone() {
                if state.unassigned_partitions.is_empty() {
                    break;
                }
                let take = state.max_assignable(&consumer);
                let assignable: Vec<TopicPartition> = state
                    .unassigned_partitions
                    .iter()
                    .take(take)
                    .cloned()
                    .collect();
                if assignable.is_empty() {
                    continue;
                }
                assignment
                    .get_mut(&consumer)
                    .expect("every subscriber has an assignment entry")
                    .extend(assignable.iter().cloned());
                state.on_assigned(&consumer, &assignable);
            }
        }
        assignment
    }
}

impl ConsumerPartitionAssignor for RangeAssignor {
    fn name(&self) -> &'static str {
        RANGE_ASSIGNOR_NAME
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
    fn javadoc_example() {
        let metadata = ClusterMetadata::new([("t0".to_owned(), 3), ("t1".to_owned(), 3)]);
        let topics = vec!["t0".to_owned(), "t1".to_owned()];
        let group = GroupSubscription::new([
            ("C1".to_owned(), Subscription::new(topics.clone())),
            ("C0".to_owned(), Subscription::new(topics)),
        ]);
        let result = RangeAssignor.assign(&metadata, &group).unwrap();
        let mut c0 = result.assignments["C0"].partitions.clone();
        crate::sort::sort(&mut c0);
        assert_eq!(
            c0,
            [
                TopicPartition::new("t0", 0),
                TopicPartition::new("t0", 1),
                TopicPartition::new("t1", 0),
                TopicPartition::new("t1", 1)
            ]
        );
        let mut c1 = result.assignments["C1"].partitions.clone();
        crate::sort::sort(&mut c1);
        assert_eq!(
            c1,
            [TopicPartition::new("t0", 2), TopicPartition::new("t1", 2)]
        );
    }

    #[test]
    fn static_members_keep_their_ranges_across_member_id_changes() {
        let metadata = ClusterMetadata::new([("t0".to_owned(), 4)]);
        let member = |id: &str, instance: &str| {
            let mut s = Subscription::new(vec!["t0".to_owned()]);
            s.group_instance_id = Some(instance.to_owned());
            (id.to_owned(), s)
        };
        // I0 sorts first whatever its member id.
        let group = GroupSubscription::new([member("zzz", "I0"), member("aaa", "I1")]);
        let result = RangeAssignor.assign(&metadata, &group).unwrap();
        assert_eq!(
            result.assignments["zzz"].partitions,
            [TopicPartition::new("t0", 0), TopicPartition::new("t0", 1)]
        );
    }
}
