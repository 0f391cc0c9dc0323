//! `AbstractStickyAssignor.GeneralAssignmentBuilder`: the sticky algorithm when members
//! subscribe to different topics.
//!
//! 1. Keep every owned partition whose member still subscribes to its topic.
//! 2. Give each unassigned partition (topics with the fewest potential members first) to the
//!    least loaded member that can take it (`sortedCurrentSubscriptions`, a `TreeSet` by
//!    (partition count, member id)).
//! 3. Move partitions from a member that has at least two more than another eligible member,
//!    preferring to give a partition back to its owner of an older generation
//!    (`prevAssignment`), and undoing earlier moves of the same topic between the same pair
//!    ([`PartitionMovements`]); keep the result only if its balance score (sum of pairwise
//!    count differences) improved.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use super::abstract_sticky::{remove_first, MemberData, DEFAULT_GENERATION};
use super::java_collections::{java_cmp, JavaHashMap};
use super::partition_movements::PartitionMovements;
use super::{GroupSubscription, Subscription};
use crate::engine::topic_partition::TopicPartition;

/// A member id ordered as Java's `String.compareTo` orders it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct JavaString(String);

impl Ord for JavaString {
    fn cmp(&self, other: &Self) -> Ordering {
        java_cmp(&self.0, &other.0)
    }
}

impl PartialOrd for JavaString {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// `ConsumerGenerationPair`: a partition's owner in an older generation.
#[derive(Debug, Clone)]
struct ConsumerGenerationPair {
    consumer: String,
    generation: i32,
}

/// `GeneralAssignmentBuilder`.
pub struct GeneralAssignmentBuilder<'a> {
    group: &'a GroupSubscription,
    partitions_per_topic: BTreeMap<String, i32>,
    total_partitions_count: usize,
    /// `currentAssignment`: Kafka's is the `consumerToOwnedPartitions` `HashMap`; nothing
    /// this builder computes depends on its iteration order, so a sorted map holds it.
    current_assignment: BTreeMap<String, Vec<TopicPartition>>,
    topic2_all_potential_consumers: BTreeMap<String, Vec<String>>,
    consumer2_all_potential_topics: BTreeMap<String, Vec<String>>,
    current_partition_consumer: BTreeMap<TopicPartition, String>,
    sorted_all_partitions: Vec<TopicPartition>,
    /// `sortedCurrentSubscriptions`: members by (partition count, member id).
    sorted_current_subscriptions: BTreeSet<(usize, JavaString)>,
    revocation_required: bool,
    partition_movements: PartitionMovements,
}

impl<'a> GeneralAssignmentBuilder<'a> {
    pub fn new(
        partitions_per_topic: &JavaHashMap<String, i32>,
        consumer_to_owned_partitions: JavaHashMap<String, Vec<TopicPartition>>,
        group: &'a GroupSubscription,
    ) -> Self {
        let partitions_per_topic: BTreeMap<String, i32> = partitions_per_topic
            .iter()
            .map(|(t, &n)| (t.clone(), n))
            .collect();
        let total_partitions_count = partitions_per_topic.values().map(|&n| n as usize).sum();
        let mut current_assignment: BTreeMap<String, Vec<TopicPartition>> =
            consumer_to_owned_partitions
                .iter()
                .map(|(c, owned)| (c.clone(), owned.clone()))
                .collect();
        let mut topic2_all_potential_consumers: BTreeMap<String, Vec<String>> =
            partitions_per_topic
                .keys()
                .map(|t| (t.clone(), Vec::new()))
                .collect();
        let mut consumer2_all_potential_topics = BTreeMap::new();
        for (consumer_id, subscription) in group.iter() {
            let mut subscribed_topics = Vec::with_capacity(subscription.topics.len());
            for topic in &subscription.topics {
                if let Some(consumers) = topic2_all_potential_consumers.get_mut(topic) {
                    subscribed_topics.push(topic.clone());
                    consumers.push(consumer_id.clone());
                }
            }
            consumer2_all_potential_topics.insert(consumer_id.clone(), subscribed_topics);
            current_assignment.entry(consumer_id.clone()).or_default();
        }
        let mut current_partition_consumer = BTreeMap::new();
        for (consumer, partitions) in &current_assignment {
            for tp in partitions {
                current_partition_consumer.insert(tp.clone(), consumer.clone());
            }
        }
        // TopicComparator: fewest potential consumers first, then topic name.
        let mut sorted_all_topics: Vec<&String> = topic2_all_potential_consumers.keys().collect();
        crate::sort::sort_by(&mut sorted_all_topics, |a, b| {
            topic2_all_potential_consumers[*a]
                .len()
                .cmp(&topic2_all_potential_consumers[*b].len())
                .then_with(|| java_cmp(a, b))
        });
        let sorted_all_partitions = sorted_all_topics
            .iter()
            .flat_map(|t| super::partitions(t, partitions_per_topic[*t]))
            .collect();
        GeneralAssignmentBuilder {
            group,
            partitions_per_topic,
            total_partitions_count,
            current_assignment,
            topic2_all_potential_consumers,
            consumer2_all_potential_topics,
            current_partition_consumer,
            sorted_all_partitions,
            sorted_current_subscriptions: BTreeSet::new(),
            revocation_required: false,
            partition_movements: PartitionMovements::default(),
        }
    }

    fn size_of(&self, consumer: &str) -> usize {
        self.current_assignment.get(consumer).map_or(0, Vec::len)
    }

    fn sorted_remove(&mut self, consumer: &str) {
        let key = (self.size_of(consumer), JavaString(consumer.to_owned()));
        self.sorted_current_subscriptions.remove(&key);
    }

    fn sorted_add(&mut self, consumer: &str) {
        let key = (self.size_of(consumer), JavaString(consumer.to_owned()));
        self.sorted_current_subscriptions.insert(key);
    }

    /// `build()`.
    pub fn build(
        mut self,
        max_generation: i32,
        member_data: &impl Fn(&Subscription) -> MemberData,
    ) -> BTreeMap<String, Vec<TopicPartition>> {
        let prev_assignment = self.prepopulate_current_assignments(max_generation, member_data);
        let assigned_partitions = self.assign_owned_partitions();
        let unassigned_partitions = self.get_unassigned_partitions(assigned_partitions);
        let consumers: Vec<String> = self.current_assignment.keys().cloned().collect();
        for consumer in consumers {
            self.sorted_add(&consumer);
        }
        self.balance(&prev_assignment, unassigned_partitions);
        self.current_assignment
    }

    /// `prepopulateCurrentAssignments`: owners from older generations, highest generation
    /// first found wins (members in the subscriptions' `HashMap` order).
    fn prepopulate_current_assignments(
        &self,
        max_generation: i32,
        member_data: &impl Fn(&Subscription) -> MemberData,
    ) -> BTreeMap<TopicPartition, ConsumerGenerationPair> {
        let mut prev: BTreeMap<TopicPartition, ConsumerGenerationPair> = BTreeMap::new();
        let mut update = |partitions: &[TopicPartition], consumer: &str, generation: i32| {
            for partition in partitions {
                let replace = prev
                    .get(partition)
                    .is_none_or(|existing| generation > existing.generation);
                if replace {
                    prev.insert(
                        partition.clone(),
                        ConsumerGenerationPair {
                            consumer: consumer.to_owned(),
                            generation,
                        },
                    );
                }
            }
        };
        for (consumer, subscription) in self.group.iter() {
            let data = member_data(subscription);
            match data.generation {
                Some(generation) if generation < max_generation => {
                    update(&data.partitions, consumer, generation);
                }
                None if max_generation > DEFAULT_GENERATION => {
                    update(&data.partitions, consumer, DEFAULT_GENERATION);
                }
                _ => {}
            }
        }
        prev
    }

    /// `assignOwnedPartitions()`: drop ownership of partitions whose topic is gone or no
    /// longer subscribed; returns the partitions kept.
    fn assign_owned_partitions(&mut self) -> Vec<TopicPartition> {
        let mut assigned = Vec::new();
        let consumers: Vec<String> = self.current_assignment.keys().cloned().collect();
        for consumer in consumers {
            let Some(subscription) = self.group.get(&consumer) else {
                // A member that left: forget its partitions.
                if let Some(partitions) = self.current_assignment.remove(&consumer) {
                    for tp in partitions {
                        self.current_partition_consumer.remove(&tp);
                    }
                }
                continue;
            };
            let partitions = self
                .current_assignment
                .get_mut(&consumer)
                .expect("iterating the map's own keys");
            let mut kept = Vec::with_capacity(partitions.len());
            for partition in partitions.drain(..) {
                if !self
                    .topic2_all_potential_consumers
                    .contains_key(&partition.topic)
                {
                    // The topic no longer exists.
                    self.current_partition_consumer.remove(&partition);
                } else if !subscription.topics.contains(&partition.topic) {
                    // The member unsubscribed from the topic.
                    self.revocation_required = true;
                } else {
                    assigned.push(partition.clone());
                    kept.push(partition);
                }
            }
            *partitions = kept;
        }
        assigned
    }

    /// `getUnassignedPartitions(sortedAssignedPartitions)`.
    fn get_unassigned_partitions(
        &self,
        mut sorted_assigned: Vec<TopicPartition>,
    ) -> Vec<TopicPartition> {
        if sorted_assigned.is_empty() {
            return self.sorted_all_partitions.clone();
        }
        // Utils.PartitionComparator: potential consumer count, topic, partition.
        crate::sort::sort_by(&mut sorted_assigned, |a, b| {
            self.topic2_all_potential_consumers[&a.topic]
                .len()
                .cmp(&self.topic2_all_potential_consumers[&b.topic].len())
                .then_with(|| java_cmp(&a.topic, &b.topic))
                .then_with(|| a.partition.cmp(&b.partition))
        });
        let mut unassigned = Vec::new();
        let mut should_add_directly = false;
        let mut iter = sorted_assigned.iter();
        let mut next_assigned = iter.next();
        for tp in &self.sorted_all_partitions {
            if should_add_directly || next_assigned != Some(tp) {
                unassigned.push(tp.clone());
            } else {
                match iter.next() {
                    Some(next) => next_assigned = Some(next),
                    None => should_add_directly = true,
                }
            }
        }
        unassigned
    }

    /// `getMaxAssignmentSize(allSubscribedTopics)`.
    fn max_assignment_size(&self, topics: &[String]) -> usize {
        if topics.len() == self.partitions_per_topic.len() {
            self.total_partitions_count
        } else {
            topics
                .iter()
                .map(|t| self.partitions_per_topic[t] as usize)
                .sum()
        }
    }

    /// `isBalanced()`.
    fn is_balanced(&self) -> bool {
        let (Some((min, _)), Some((max, _))) = (
            self.sorted_current_subscriptions.first(),
            self.sorted_current_subscriptions.last(),
        ) else {
            return true;
        };
        if *min + 1 >= *max {
            return true;
        }
        let all_partitions: BTreeMap<&TopicPartition, &String> = self
            .current_assignment
            .iter()
            .flat_map(|(c, ps)| ps.iter().map(move |p| (p, c)))
            .collect();
        for (_, consumer) in &self.sorted_current_subscriptions {
            let consumer_partitions = &self.current_assignment[&consumer.0];
            let count = consumer_partitions.len();
            let topics = &self.consumer2_all_potential_topics[&consumer.0];
            if count == self.max_assignment_size(topics) {
                continue;
            }
            for topic in topics {
                for i in 0..self.partitions_per_topic[topic] {
                    let tp = TopicPartition::new(topic, i);
                    if consumer_partitions.contains(&tp) {
                        continue;
                    }
                    let Some(other) = all_partitions.get(&tp) else {
                        continue;
                    };
                    if count + 1 < self.current_assignment[*other].len() {
                        // "{} can be moved from consumer {} to consumer {} for a more
                        // balanced assignment."
                        return false;
                    }
                }
            }
        }
        true
    }

    /// `getBalanceScore(assignment)`: the sum of count differences over all member pairs.
    fn balance_score(assignment: &BTreeMap<String, Vec<TopicPartition>>) -> usize {
        let sizes: Vec<usize> = assignment.values().map(Vec::len).collect();
        let mut score = 0;
        for (i, a) in sizes.iter().enumerate() {
            for b in &sizes[i + 1..] {
                score += a.abs_diff(*b);
            }
        }
        score
    }

    /// `maybeAssign(unassignedPartitions, null, false)`: each partition to the least loaded
    /// member subscribed to its topic.
    fn maybe_assign(&mut self, unassigned: &[TopicPartition]) {
        for partition in unassigned {
            if self.topic2_all_potential_consumers[&partition.topic].is_empty() {
                continue;
            }
            let chosen = self
                .sorted_current_subscriptions
                .iter()
                .map(|(_, c)| c.0.clone())
                .find(|c| self.consumer2_all_potential_topics[c].contains(&partition.topic));
            if let Some(consumer) = chosen {
                self.sorted_remove(&consumer);
                self.current_assignment
                    .get_mut(&consumer)
                    .expect("sorted members have assignments")
                    .push(partition.clone());
                self.current_partition_consumer
                    .insert(partition.clone(), consumer.clone());
                self.sorted_add(&consumer);
            }
        }
    }

    fn can_topic_participate_in_reassignment(&self, topic: &str) -> bool {
        self.topic2_all_potential_consumers[topic].len() >= 2
    }

    fn can_consumer_participate_in_reassignment(&self, consumer: &str) -> bool {
        let current = &self.current_assignment[consumer];
        let max = self.max_assignment_size(&self.consumer2_all_potential_topics[consumer]);
        if current.len() < max {
            return true;
        }
        current
            .iter()
            .any(|p| self.can_topic_participate_in_reassignment(&p.topic))
    }

    /// `balance(prevAssignment, unassignedPartitions)`.
    fn balance(
        &mut self,
        prev_assignment: &BTreeMap<TopicPartition, ConsumerGenerationPair>,
        mut unassigned: Vec<TopicPartition>,
    ) {
        let initializing = self
            .sorted_current_subscriptions
            .last()
            .is_none_or(|(size, _)| *size == 0);
        self.maybe_assign(&unassigned);

        // Narrow down to partitions that can move: topics with two or more potential members.
        let fixed_topics: BTreeSet<String> = self
            .topic2_all_potential_consumers
            .keys()
            .filter(|t| !self.can_topic_participate_in_reassignment(t))
            .cloned()
            .collect();
        self.sorted_all_partitions
            .retain(|p| !fixed_topics.contains(&p.topic));
        unassigned.retain(|p| !fixed_topics.contains(&p.topic));

        // And to members that can take part.
        let mut fixed_assignments: Vec<(String, Vec<TopicPartition>)> = Vec::new();
        let consumers: Vec<String> = self
            .consumer2_all_potential_topics
            .keys()
            .cloned()
            .collect();
        for consumer in consumers {
            if !self.can_consumer_participate_in_reassignment(&consumer) {
                self.sorted_remove(&consumer);
                let partitions = self
                    .current_assignment
                    .remove(&consumer)
                    .expect("every subscribed member has an assignment");
                fixed_assignments.push((consumer, partitions));
            }
        }

        let pre_balance_assignment = self.current_assignment.clone();
        let pre_balance_partition_consumers = self.current_partition_consumer.clone();

        if !self.revocation_required {
            self.perform_reassignments(&unassigned, prev_assignment);
        }
        let sorted_all = self.sorted_all_partitions.clone();
        let reassignment_performed = self.perform_reassignments(&sorted_all, prev_assignment);

        if !initializing
            && reassignment_performed
            && Self::balance_score(&self.current_assignment)
                >= Self::balance_score(&pre_balance_assignment)
        {
            // Not more balanced: revert. Like Kafka, `sortedCurrentSubscriptions` is not
            // rebuilt; nothing reads it after this point.
            self.current_assignment = pre_balance_assignment;
            self.current_partition_consumer = pre_balance_partition_consumers;
        }

        for (consumer, partitions) in fixed_assignments {
            self.current_assignment.insert(consumer.clone(), partitions);
            self.sorted_add(&consumer);
        }
    }

    /// `performReassignments(reassignablePartitions, prevAssignment)`.
    fn perform_reassignments(
        &mut self,
        reassignable: &[TopicPartition],
        prev_assignment: &BTreeMap<TopicPartition, ConsumerGenerationPair>,
    ) -> bool {
        let mut reassignment_performed = false;
        loop {
            let mut modified = false;
            for partition in reassignable {
                if self.is_balanced() {
                    break;
                }
                // Kafka logs an error if the partition has no current member; it cannot be
                // moved then.
                let Some(consumer) = self.current_partition_consumer.get(partition).cloned() else {
                    continue;
                };
                if let Some(prev) = prev_assignment.get(partition) {
                    if self.current_assignment.contains_key(&prev.consumer)
                        && self.size_of(&consumer) > self.size_of(&prev.consumer) + 1
                    {
                        self.reassign_partition_to(partition, &prev.consumer);
                        reassignment_performed = true;
                        modified = true;
                        continue;
                    }
                }
                // Is there a member this partition is better off with?
                let size = self.size_of(&consumer);
                let better_exists = self.topic2_all_potential_consumers[&partition.topic]
                    .iter()
                    .any(|other| {
                        self.current_assignment
                            .get(other)
                            .is_some_and(|ps| size > ps.len() + 1)
                    });
                if better_exists {
                    self.reassign_partition(partition);
                    reassignment_performed = true;
                    modified = true;
                }
            }
            if !modified {
                break;
            }
        }
        reassignment_performed
    }

    /// `reassignPartition(partition)`: to the least loaded member subscribed to its topic.
    fn reassign_partition(&mut self, partition: &TopicPartition) {
        let new_consumer = self
            .sorted_current_subscriptions
            .iter()
            .map(|(_, c)| c.0.clone())
            .find(|c| self.consumer2_all_potential_topics[c].contains(&partition.topic))
            .expect("a partition of a topic with two potential members has a member to go to");
        self.reassign_partition_to(partition, &new_consumer);
    }

    /// `reassignPartition(partition, newConsumer)`.
    fn reassign_partition_to(&mut self, partition: &TopicPartition, new_consumer: &str) {
        let consumer = self.current_partition_consumer[partition].clone();
        let to_move = self
            .partition_movements
            .get_the_actual_partition_to_be_moved(partition, &consumer, new_consumer);
        self.process_partition_movement(&to_move, new_consumer);
    }

    /// `processPartitionMovement(partition, newConsumer)`.
    fn process_partition_movement(&mut self, partition: &TopicPartition, new_consumer: &str) {
        let old_consumer = self.current_partition_consumer[partition].clone();
        self.sorted_remove(&old_consumer);
        self.sorted_remove(new_consumer);
        self.partition_movements
            .move_partition(partition, &old_consumer, new_consumer);
        if let Some(old) = self.current_assignment.get_mut(&old_consumer) {
            remove_first(old, partition);
        }
        self.current_assignment
            .get_mut(new_consumer)
            .expect("the new member takes part in the reassignment")
            .push(partition.clone());
        self.current_partition_consumer
            .insert(partition.clone(), new_consumer.to_owned());
        self.sorted_add(new_consumer);
        self.sorted_add(&old_consumer);
    }
}
