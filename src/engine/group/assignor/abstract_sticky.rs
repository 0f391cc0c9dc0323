//! `AbstractStickyAssignor`: the sticky algorithm shared by `sticky` and `cooperative-sticky`.
//!
//! Port of `org.apache.kafka.clients.consumer.internals.AbstractStickyAssignor` (Kafka 3.5+
//! structure). Each member reports what it owned ([`MemberData`]: partitions and generation,
//! read by the concrete assignor from user data or the subscription's own fields).
//! [`assign_partitions`] resolves conflicting claims (the higher generation wins; two claims
//! in the same generation void the partition), then runs:
//!
//! - the *constrained* algorithm ([`super::constrained_assignment`]) when every member
//!   subscribes to the same topics: keep owned partitions up to the quota, round-robin the rest;
//! - the *general* algorithm ([`super::general_assignment`]) otherwise: keep valid ownership,
//!   assign the rest to the least loaded eligible member, then move partitions while that
//!   improves balance.

use std::collections::{BTreeMap, BTreeSet};

use super::constrained_assignment::ConstrainedAssignmentBuilder;
use super::general_assignment::GeneralAssignmentBuilder;
use super::java_collections::JavaHashMap;
use super::{AssignorError, GroupSubscription, Subscription};
use crate::engine::topic_partition::TopicPartition;

/// `AbstractStickyAssignor.DEFAULT_GENERATION`: a member that reports no generation.
pub const DEFAULT_GENERATION: i32 = -1;

/// `AbstractStickyAssignor.MemberData`: what a member owned, and in which generation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MemberData {
    pub partitions: Vec<TopicPartition>,
    pub generation: Option<i32>,
}

/// The assignor's state kept across `assign` calls: Kafka's `maxGeneration` field is never
/// reset, so a leader that assigns twice remembers the highest generation it saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StickyState {
    pub max_generation: i32,
}

impl Default for StickyState {
    fn default() -> Self {
        StickyState {
            max_generation: DEFAULT_GENERATION,
        }
    }
}

/// What one run of the sticky algorithm decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StickyOutcome {
    pub assignment: BTreeMap<String, Vec<TopicPartition>>,
    /// `partitionsTransferringOwnership`: partitions the constrained algorithm took from a
    /// previous owner, and their new member. `None` after the general algorithm, which leaves
    /// the cooperative assignor to compute them (`CooperativeStickyAssignor.assign`).
    pub partitions_transferring_ownership: Option<BTreeMap<TopicPartition, String>>,
}

/// The previous owners as `allSubscriptionsEqual` settles them.
pub struct OwnedPartitions {
    /// `consumerToOwnedPartitions`: each member's still-valid owned partitions, in a Java
    /// `HashMap` (its iteration order decides who keeps a partition over quota).
    pub consumer_to_owned_partitions: JavaHashMap<String, Vec<TopicPartition>>,
    /// Partitions two members claimed in the same generation.
    pub partitions_with_multiple_previous_owners: BTreeSet<TopicPartition>,
}

/// `AbstractStickyAssignor.assignPartitions` (without racks).
pub fn assign_partitions(
    state: &mut StickyState,
    partitions_per_topic: &JavaHashMap<String, i32>,
    group: &GroupSubscription,
    member_data: impl Fn(&Subscription) -> MemberData,
) -> Result<StickyOutcome, AssignorError> {
    let (all_equal, owned) =
        all_subscriptions_equal(state, partitions_per_topic, group, &member_data);
    if all_equal {
        // "Detected that all consumers were subscribed to same set of topics, invoking the
        // optimized assignment algorithm"
        let builder = ConstrainedAssignmentBuilder::new(
            partitions_per_topic,
            owned.consumer_to_owned_partitions,
            owned.partitions_with_multiple_previous_owners,
        );
        let (assignment, transferring) = builder.build()?;
        Ok(StickyOutcome {
            assignment,
            partitions_transferring_ownership: Some(transferring),
        })
    } else {
        // "Detected that not all consumers were subscribed to same set of topics, falling
        // back to the general case assignment algorithm"
        let builder = GeneralAssignmentBuilder::new(
            partitions_per_topic,
            owned.consumer_to_owned_partitions,
            group,
        );
        let assignment = builder.build(state.max_generation, &member_data);
        Ok(StickyOutcome {
            assignment,
            partitions_transferring_ownership: None,
        })
    }
}

/// `allSubscriptionsEqual`: whether every member subscribes to the same topic set, and each
/// member's previously owned, still-subscribed partitions with conflicting claims settled.
fn all_subscriptions_equal(
    state: &mut StickyState,
    partitions_per_topic: &JavaHashMap<String, i32>,
    group: &GroupSubscription,
    member_data: &impl Fn(&Subscription) -> MemberData,
) -> (bool, OwnedPartitions) {
    let mut is_all_subscriptions_equal = true;
    let mut subscribed_topics: BTreeSet<&str> = BTreeSet::new();
    let mut all_previous_partitions_to_owner: BTreeMap<TopicPartition, String> = BTreeMap::new();
    let mut consumer_to_owned_partitions: JavaHashMap<String, Vec<TopicPartition>> =
        JavaHashMap::new();
    let mut partitions_with_multiple_previous_owners = BTreeSet::new();

    for (consumer, subscription) in group.iter() {
        if subscribed_topics.is_empty() {
            subscribed_topics.extend(subscription.topics.iter().map(String::as_str));
        } else if is_all_subscriptions_equal
            && !(subscription.topics.len() == subscribed_topics.len()
                && subscription
                    .topics
                    .iter()
                    .all(|t| subscribed_topics.contains(t.as_str())))
        {
            is_all_subscriptions_equal = false;
        }

        let data = member_data(subscription);
        let member_generation = data.generation.unwrap_or(DEFAULT_GENERATION);
        state.max_generation = state.max_generation.max(member_generation);

        consumer_to_owned_partitions.put(consumer.clone(), Vec::new());
        for tp in data.partitions {
            if !partitions_per_topic.contains_key(&tp.topic) {
                continue;
            }
            match all_previous_partitions_to_owner.get(&tp).cloned() {
                None => {
                    // Not owned by another member in the same generation.
                    owned_list(&mut consumer_to_owned_partitions, consumer).push(tp.clone());
                    all_previous_partitions_to_owner.insert(tp, consumer.clone());
                }
                Some(other_consumer) => {
                    // Kafka reads the other member's generation from its subscription field,
                    // not from its member data.
                    let other_member_generation = group
                        .get(&other_consumer)
                        .and_then(|s| s.generation_id)
                        .unwrap_or(DEFAULT_GENERATION);
                    if member_generation == other_member_generation {
                        // "Found multiple consumers {} and {} claiming the same TopicPartition
                        // {} in the same generation {}, this will be invalidated and removed
                        // from their previous assignment."
                        partitions_with_multiple_previous_owners.insert(tp.clone());
                        remove_first(
                            owned_list(&mut consumer_to_owned_partitions, &other_consumer),
                            &tp,
                        );
                        all_previous_partitions_to_owner.insert(tp, consumer.clone());
                    } else if member_generation > other_member_generation {
                        // The member with the newer generation takes the partition.
                        owned_list(&mut consumer_to_owned_partitions, consumer).push(tp.clone());
                        remove_first(
                            owned_list(&mut consumer_to_owned_partitions, &other_consumer),
                            &tp,
                        );
                        all_previous_partitions_to_owner.insert(tp, consumer.clone());
                    }
                    // Otherwise the other member keeps it.
                }
            }
        }
    }
    (
        is_all_subscriptions_equal,
        OwnedPartitions {
            consumer_to_owned_partitions,
            partitions_with_multiple_previous_owners,
        },
    )
}

fn owned_list<'a>(
    map: &'a mut JavaHashMap<String, Vec<TopicPartition>>,
    consumer: &str,
) -> &'a mut Vec<TopicPartition> {
    map.get_mut(&consumer.to_owned())
        .expect("every member seen so far has an owned-partitions list")
}

/// `List.remove(Object)`: removes the first equal element.
pub fn remove_first(list: &mut Vec<TopicPartition>, tp: &TopicPartition) {
    if let Some(position) = list.iter().position(|p| p == tp) {
        list.remove(position);
    }
}
