//! Kafka's client-side partition assignors, run by the group leader after JoinGroup.
//!
//! Ports of `org.apache.kafka.clients.consumer.ConsumerPartitionAssignor` and its built-in
//! implementations (`RangeAssignor`, `RoundRobinAssignor`, `StickyAssignor`,
//! `CooperativeStickyAssignor`, with `AbstractPartitionAssignor` and `AbstractStickyAssignor`),
//! kept faithful down to their tie-breaking: where Kafka iterates a `HashMap`, so does this
//! port, through [`java_collections::JavaHashMap`]. The results equal the Java assignors' for
//! the same input (`tests/kplay/assignor_fixtures.rs` checks every scenario of
//! `shared/fixtures/assignors.json`, computed by Kafka's own classes).
//!
//! Rack-aware assignment (KIP-881, Kafka 3.5+) only starts when the cluster metadata carries
//! replica racks *and* members send `rack_id`s; kplay's [`ClusterMetadata`] has no replica
//! racks, which is exactly the case where Kafka's assignors skip their rack-aware paths, so
//! those paths are not ported.

pub mod abstract_sticky;
pub mod constrained_assignment;
pub mod cooperative_sticky;
pub mod general_assignment;
pub mod java_collections;
pub mod member_info;
pub mod partition_movements;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod proptests;
pub mod range;
pub mod round_robin;
pub mod sticky;

use std::collections::BTreeMap;

use crate::engine::topic_partition::TopicPartition;
use java_collections::JavaHashMap;

pub use cooperative_sticky::CooperativeStickyAssignor;
pub use range::RangeAssignor;
pub use round_robin::RoundRobinAssignor;
pub use sticky::StickyAssignor;

/// `ConsumerPartitionAssignor.RebalanceProtocol`: how a member gives up partitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum RebalanceProtocol {
    /// Id 0: every member revokes all its partitions before rejoining.
    Eager,
    /// Id 1 (KIP-429): members keep their partitions; those that move are revoked first and
    /// handed over in a follow-up rebalance.
    Cooperative,
}

impl RebalanceProtocol {
    /// `RebalanceProtocol.id()`.
    pub fn id(self) -> u8 {
        match self {
            RebalanceProtocol::Eager => 0,
            RebalanceProtocol::Cooperative => 1,
        }
    }
}

/// `ConsumerPartitionAssignor.Subscription`: what one member sent in its JoinGroup metadata
/// (decoded from `ConsumerProtocolSubscription` bytes), plus the `group.instance.id` the
/// leader copies from the JoinGroup response.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Subscription {
    pub topics: Vec<String>,
    /// The assignor's own bytes (`subscriptionUserData`), e.g. StickyAssignor's previous
    /// assignment and generation.
    pub user_data: Option<Vec<u8>>,
    /// Partitions the member owns while it rejoins (version 1+, cooperative members).
    pub owned_partitions: Vec<TopicPartition>,
    /// The member's last generation (version 2+); `None` for `-1` as Kafka's constructor does
    /// (`generationId < 0 ? Optional.empty()`).
    pub generation_id: Option<i32>,
    /// `client.rack` (version 3+); `None` when absent or empty.
    pub rack_id: Option<String>,
    /// `group.instance.id`, for static members.
    pub group_instance_id: Option<String>,
}

impl Subscription {
    /// A subscription to `topics` with nothing else, as a fresh member sends.
    pub fn new(topics: Vec<String>) -> Self {
        Subscription {
            topics,
            ..Subscription::default()
        }
    }
}

/// `ConsumerPartitionAssignor.Assignment`: one member's partitions and the assignor's bytes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Assignment {
    pub partitions: Vec<TopicPartition>,
    pub user_data: Option<Vec<u8>>,
}

/// The cluster metadata assignors read (Kafka's `Cluster.partitionCountForTopic`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClusterMetadata {
    partition_counts: BTreeMap<String, i32>,
}

impl ClusterMetadata {
    pub fn new(partition_counts: impl IntoIterator<Item = (String, i32)>) -> Self {
        ClusterMetadata {
            partition_counts: partition_counts.into_iter().collect(),
        }
    }

    /// `Cluster.partitionCountForTopic`: `None` for a topic the metadata does not have.
    pub fn partition_count_for_topic(&self, topic: &str) -> Option<i32> {
        self.partition_counts.get(topic).copied()
    }
}

/// `ConsumerPartitionAssignor.GroupSubscription`: every member's subscription, held in the
/// iteration order of the `HashMap` that `ConsumerCoordinator.onLeaderElected` fills from the
/// JoinGroup response's member list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupSubscription {
    members: Vec<(String, Subscription)>,
    index: BTreeMap<String, usize>,
}

impl GroupSubscription {
    /// Puts the members, in the order the JoinGroup response lists them, into a Java
    /// `HashMap` (a member id listed twice keeps its first position and its last value).
    pub fn new(members_in_join_order: impl IntoIterator<Item = (String, Subscription)>) -> Self {
        let mut map = JavaHashMap::new();
        for (member_id, subscription) in members_in_join_order {
            map.put(member_id, subscription);
        }
        let members: Vec<(String, Subscription)> = map
            .iter()
            .map(|(member_id, subscription)| (member_id.clone(), subscription.clone()))
            .collect();
        let index = members
            .iter()
            .enumerate()
            .map(|(i, (member_id, _))| (member_id.clone(), i))
            .collect();
        GroupSubscription { members, index }
    }

    /// Members in Java's `HashMap` iteration order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Subscription)> {
        self.members.iter().map(|(m, s)| (m, s))
    }

    pub fn get(&self, member_id: &str) -> Option<&Subscription> {
        self.index.get(member_id).map(|&i| &self.members[i].1)
    }

    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
}

/// `ConsumerPartitionAssignor.GroupAssignment`: an assignment for every subscribed member.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupAssignment {
    pub assignments: BTreeMap<String, Assignment>,
}

impl GroupAssignment {
    /// Wraps raw partition lists, as `AbstractPartitionAssignor.assign` does (no user data).
    pub fn from_partitions(raw: BTreeMap<String, Vec<TopicPartition>>) -> Self {
        GroupAssignment {
            assignments: raw
                .into_iter()
                .map(|(member_id, partitions)| {
                    (
                        member_id,
                        Assignment {
                            partitions,
                            user_data: None,
                        },
                    )
                })
                .collect(),
        }
    }
}

/// An assignor gave up: Kafka throws `IllegalStateException` from these spots, which fails the
/// leader's `poll()`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssignorError {
    #[error("{0}")]
    IllegalState(String),
}

/// `ConsumerPartitionAssignor`: what a consumer's `partition.assignment.strategy` names.
pub trait ConsumerPartitionAssignor {
    /// `name()`: the protocol name sent in JoinGroup (`range`, `roundrobin`, `sticky`,
    /// `cooperative-sticky`).
    fn name(&self) -> &'static str;

    /// `supportedProtocols()`, most preferred first; Kafka's default is `[EAGER]`.
    fn supported_protocols(&self) -> &'static [RebalanceProtocol] {
        &[RebalanceProtocol::Eager]
    }

    /// `subscriptionUserData(topics)`: bytes the member adds to its subscription.
    fn subscription_user_data(&self, _topics: &[String]) -> Option<Vec<u8>> {
        None
    }

    /// `onAssignment(assignment, metadata)`: the member got `assignment` in `generation_id`.
    fn on_assignment(&mut self, _assignment: &Assignment, _generation_id: i32) {}

    /// `assign(metadata, groupSubscription)`, run by the group leader.
    fn assign(
        &mut self,
        metadata: &ClusterMetadata,
        group: &GroupSubscription,
    ) -> Result<GroupAssignment, AssignorError>;
}

/// The built-in assignor with Kafka's protocol name `name`.
pub fn assignor_by_name(name: &str) -> Option<Box<dyn ConsumerPartitionAssignor>> {
    match name {
        range::RANGE_ASSIGNOR_NAME => Some(Box::new(RangeAssignor)),
        round_robin::ROUND_ROBIN_ASSIGNOR_NAME => Some(Box::new(RoundRobinAssignor)),
        sticky::STICKY_ASSIGNOR_NAME => Some(Box::new(StickyAssignor::default())),
        cooperative_sticky::COOPERATIVE_STICKY_ASSIGNOR_NAME => {
            Some(Box::new(CooperativeStickyAssignor::default()))
        }
        _ => None,
    }
}

/// `AbstractPartitionAssignor.assign`'s first step: the partition count of every subscribed
/// topic the metadata knows with at least one partition, in the order of the `HashMap` Kafka
/// builds (keys put in the iteration order of the `HashSet` of subscribed topics).
pub fn partitions_per_topic(
    metadata: &ClusterMetadata,
    group: &GroupSubscription,
) -> JavaHashMap<String, i32> {
    let mut all_subscribed_topics: JavaHashMap<String, ()> = JavaHashMap::new();
    for (_, subscription) in group.iter() {
        for topic in &subscription.topics {
            all_subscribed_topics.put(topic.clone(), ());
        }
    }
    let mut partitions_per_topic = JavaHashMap::new();
    for topic in all_subscribed_topics.keys() {
        match metadata.partition_count_for_topic(topic) {
            Some(count) if count > 0 => {
                partitions_per_topic.put(topic.clone(), count);
            }
            // "Skipping assignment for topic {} since no metadata is available"
            _ => {}
        }
    }
    partitions_per_topic
}

/// `AbstractPartitionAssignor.partitions(topic, n)`.
pub fn partitions(topic: &str, num_partitions: i32) -> Vec<TopicPartition> {
    (0..num_partitions)
        .map(|p| TopicPartition::new(topic, p))
        .collect()
}
