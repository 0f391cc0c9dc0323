//! `AbstractStickyAssignor.ConstrainedAssignmentBuilder`: the sticky algorithm when every
//! member subscribes to the same topics.
//!
//! With `total` partitions and `n` members, each member ends with `minQuota = floor(total/n)`
//! or `maxQuota = ceil(total/n)` partitions, exactly `total % n` of them with `maxQuota`:
//!
//! 1. Owned partitions, sorted by (partition, topic), are kept: all of them below `minQuota`
//!    (the member stays *unfilled*); `maxQuota` of them while fewer than `total % n` members
//!    have been given `maxQuota` (members visited in the `HashMap` order of
//!    `consumerToOwnedPartitions`); else `minQuota`. The rest are revoked.
//! 2. The unassigned partitions (topics sorted, partitions in order) go round-robin to the
//!    unfilled members (sorted by member id) up to `minQuota`, then one more each to members
//!    at `minQuota` until `total % n` members have `maxQuota`.
//!
//! Partitions that were revoked from one member and given to another are recorded in
//! `partitionsTransferringOwnership`, which the cooperative assignor withholds.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::java_collections::{java_cmp, JavaHashMap};
use super::AssignorError;
use crate::engine::topic_partition::TopicPartition;

/// `ConstrainedAssignmentBuilder`.
pub struct ConstrainedAssignmentBuilder {
    /// Topics and their partition counts, topics in Java string order.
    sorted_topics: Vec<(String, i32)>,
    current_assignment: JavaHashMap<String, Vec<TopicPartition>>,
    partitions_with_multiple_previous_owners: BTreeSet<TopicPartition>,
    all_revoked_partitions: BTreeSet<TopicPartition>,
    unfilled_members_with_under_min_quota_partitions: Vec<String>,
    unfilled_members_with_exactly_min_quota_partitions: VecDeque<String>,
    min_quota: usize,
    max_quota: usize,
    expected_num_members_with_over_min_quota_partitions: usize,
    current_num_members_with_over_min_quota_partitions: usize,
    assignment: BTreeMap<String, Vec<TopicPartition>>,
    assigned_partitions: Vec<TopicPartition>,
    partitions_transferring_ownership: BTreeMap<TopicPartition, String>,
}

impl ConstrainedAssignmentBuilder {
    pub fn new(
        partitions_per_topic: &JavaHashMap<String, i32>,
        consumer_to_owned_partitions: JavaHashMap<String, Vec<TopicPartition>>,
        partitions_with_multiple_previous_owners: BTreeSet<TopicPartition>,
    ) -> Self {
        let mut sorted_topics: Vec<(String, i32)> = partitions_per_topic
            .iter()
            .map(|(t, &n)| (t.clone(), n))
            .collect();
        crate::sort::sort_by(&mut sorted_topics, |a, b| java_cmp(&a.0, &b.0));
        let total: usize = sorted_topics.iter().map(|(_, n)| *n as usize).sum();
        let number_of_consumers = consumer_to_owned_partitions.len().max(1);
        let min_quota = total / number_of_consumers;
        let max_quota = total.div_ceil(number_of_consumers);
        let assignment = consumer_to_owned_partitions
            .keys()
            .map(|c| (c.clone(), Vec::with_capacity(max_quota)))
            .collect();
        ConstrainedAssignmentBuilder {
            sorted_topics,
            current_assignment: consumer_to_owned_partitions,
            partitions_with_multiple_previous_owners,
            all_revoked_partitions: BTreeSet::new(),
            unfilled_members_with_under_min_quota_partitions: Vec::new(),
            unfilled_members_with_exactly_min_quota_partitions: VecDeque::new(),
            min_quota,
            max_quota,
            expected_num_members_with_over_min_quota_partitions: total % number_of_consumers,
            current_num_members_with_over_min_quota_partitions: 0,
            assignment,
            assigned_partitions: Vec::new(),
            partitions_transferring_ownership: BTreeMap::new(),
        }
    }

    /// `build()`: the assignment and `partitionsTransferringOwnership`.
    #[allow(clippy::type_complexity)]
    pub fn build(
        mut self,
    ) -> Result<
        (
            BTreeMap<String, Vec<TopicPartition>>,
            BTreeMap<TopicPartition, String>,
        ),
        AssignorError,
    > {
        self.assign_owned_partitions();
        let unassigned_partitions = self.get_unassigned_partitions();
        crate::sort::sort_by(
            &mut self.unfilled_members_with_under_min_quota_partitions,
            |a, b| java_cmp(a, b),
        );
        crate::sort::sort_by(
            self.unfilled_members_with_exactly_min_quota_partitions
                .make_contiguous(),
            |a, b| java_cmp(a, b),
        );
        self.assign_round_robin(&unassigned_partitions)?;
        self.verify_unfilled_members()?;
        Ok((self.assignment, self.partitions_transferring_ownership))
    }

    /// `assignOwnedPartitions()`: keep owned partitions up to the expected quota.
    fn assign_owned_partitions(&mut self) {
        let owners: Vec<(String, Vec<TopicPartition>)> = self
            .current_assignment
            .iter()
            .map(|(c, owned)| (c.clone(), owned.clone()))
            .collect();
        for (consumer, owned) in owners {
            let mut owned_partitions = owned;
            // sorted(comparing(partition).thenComparing(topic)), a stable sort.
            crate::sort::sort_by(&mut owned_partitions, |a, b| {
                a.partition
                    .cmp(&b.partition)
                    .then_with(|| java_cmp(&a.topic, &b.topic))
            });
            for doubly_claimed in &self.partitions_with_multiple_previous_owners {
                // "Found partition {} still claimed as owned by consumer {}, despite being
                // claimed by multiple consumers already in the same generation."
                super::abstract_sticky::remove_first(&mut owned_partitions, doubly_claimed);
            }
            let consumer_assignment = self
                .assignment
                .get_mut(&consumer)
                .expect("the assignment has an entry for every member");
            if owned_partitions.len() < self.min_quota {
                // Keep them all; the member is still unfilled.
                consumer_assignment.extend(owned_partitions.iter().cloned());
                self.assigned_partitions.extend(owned_partitions);
                self.unfilled_members_with_under_min_quota_partitions
                    .push(consumer);
            } else if owned_partitions.len() >= self.max_quota
                && self.current_num_members_with_over_min_quota_partitions
                    < self.expected_num_members_with_over_min_quota_partitions
            {
                // Keep maxQuota, revoke the rest.
                self.current_num_members_with_over_min_quota_partitions += 1;
                if self.current_num_members_with_over_min_quota_partitions
                    == self.expected_num_members_with_over_min_quota_partitions
                {
                    self.unfilled_members_with_exactly_min_quota_partitions
                        .clear();
                }
                let kept = &owned_partitions[..self.max_quota];
                consumer_assignment.extend(kept.iter().cloned());
                self.assigned_partitions.extend(kept.iter().cloned());
                self.all_revoked_partitions
                    .extend(owned_partitions[self.max_quota..].iter().cloned());
            } else {
                // Keep minQuota, revoke the rest; the member may still get one more.
                let kept = &owned_partitions[..self.min_quota];
                consumer_assignment.extend(kept.iter().cloned());
                self.assigned_partitions.extend(kept.iter().cloned());
                self.all_revoked_partitions
                    .extend(owned_partitions[self.min_quota..].iter().cloned());
                if self.current_num_members_with_over_min_quota_partitions
                    < self.expected_num_members_with_over_min_quota_partitions
                {
                    self.unfilled_members_with_exactly_min_quota_partitions
                        .push_back(consumer);
                }
            }
        }
    }

    /// `getUnassignedPartitions(sortedAssignedPartitions)`: every partition (topics sorted)
    /// minus the assigned ones, by Kafka's two-pointer walk.
    fn get_unassigned_partitions(&mut self) -> Vec<TopicPartition> {
        let mut all = Vec::new();
        if self.assigned_partitions.is_empty() {
            for (topic, n) in &self.sorted_topics {
                all.extend(super::partitions(topic, *n));
            }
            return all;
        }
        crate::sort::sort_by(&mut self.assigned_partitions, |a, b| {
            java_cmp(&a.topic, &b.topic).then_with(|| a.partition.cmp(&b.partition))
        });
        let mut should_add_directly = false;
        let mut assigned = self.assigned_partitions.iter();
        let mut next_assigned = assigned.next();
        for (topic, n) in &self.sorted_topics {
            for i in 0..*n {
                let is_next =
                    next_assigned.is_some_and(|tp| &tp.topic == topic && tp.partition == i);
                if should_add_directly || !is_next {
                    all.push(TopicPartition::new(topic, i));
                } else {
                    match assigned.next() {
                        Some(tp) => next_assigned = Some(tp),
                        None => should_add_directly = true,
                    }
                }
            }
        }
        all
    }

    /// `assignRoundRobin(unassignedPartitions)`: Kafka iterates the under-minQuota list with a
    /// `LinkedList` iterator, removing members that reach minQuota and restarting when it runs
    /// out; here a cursor into the list plays the iterator.
    fn assign_round_robin(&mut self, unassigned: &[TopicPartition]) -> Result<(), AssignorError> {
        let mut cursor = 0usize;
        for partition in unassigned {
            let under = &self.unfilled_members_with_under_min_quota_partitions;
            let (consumer, from_iterator) = if cursor < under.len() {
                cursor += 1;
                (under[cursor - 1].clone(), true)
            } else if under.is_empty()
                && self
                    .unfilled_members_with_exactly_min_quota_partitions
                    .is_empty()
            {
                // "No more unfilled consumers to be assigned. The remaining unassigned
                // partitions are: {}"
                return Err(AssignorError::IllegalState(
                    "No more unfilled consumers to be assigned.".to_owned(),
                ));
            } else if under.is_empty() {
                let consumer = self
                    .unfilled_members_with_exactly_min_quota_partitions
                    .pop_front()
                    .expect("checked non-empty just above");
                (consumer, false)
            } else {
                cursor = 1;
                (under[0].clone(), true)
            };

            let current_assigned_count = self.assign_new_partition(partition, &consumer);
            if current_assigned_count == self.min_quota {
                // unfilledConsumerIter.remove(): the member the iterator returned last.
                if from_iterator {
                    cursor -= 1;
                    self.unfilled_members_with_under_min_quota_partitions
                        .remove(cursor);
                }
                self.unfilled_members_with_exactly_min_quota_partitions
                    .push_back(consumer);
            } else if current_assigned_count == self.max_quota {
                self.current_num_members_with_over_min_quota_partitions += 1;
                // Kafka logs an error if partitions remain here ("Filled the last member up
                // to maxQuota but still had partitions remaining to assign") and goes on.
            }
        }
        Ok(())
    }

    /// `assignNewPartition(partition, consumer)`: returns the member's new partition count.
    fn assign_new_partition(&mut self, partition: &TopicPartition, consumer: &str) -> usize {
        let consumer_assignment = self
            .assignment
            .get_mut(consumer)
            .expect("unfilled members are members");
        consumer_assignment.push(partition.clone());
        // Newly assigned to this member: it transfers ownership if someone owned it before.
        if self.all_revoked_partitions.contains(partition)
            || self
                .partitions_with_multiple_previous_owners
                .contains(partition)
        {
            self.partitions_transferring_ownership
                .insert(partition.clone(), consumer.to_owned());
        }
        consumer_assignment.len()
    }

    /// `verifyUnfilledMembers()`.
    fn verify_unfilled_members(&self) -> Result<(), AssignorError> {
        let unfilled = &self.unfilled_members_with_under_min_quota_partitions;
        if unfilled.is_empty() {
            return Ok(());
        }
        if self.current_num_members_with_over_min_quota_partitions
            != self.expected_num_members_with_over_min_quota_partitions
        {
            return Err(AssignorError::IllegalState(
                "We haven't reached the expected number of members with more than the minQuota \
                 partitions, but no more partitions to be assigned"
                    .to_owned(),
            ));
        }
        for member in unfilled {
            if self.assignment[member].len() != self.min_quota {
                return Err(AssignorError::IllegalState(format!(
                    "Consumer: [{member}] doesn't reach minQuota partitions, and no more \
                     partitions to be assigned"
                )));
            }
        }
        Ok(())
    }
}
