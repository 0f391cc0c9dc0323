//! `CooperativeStickyAssignor` (`cooperative-sticky`): the sticky algorithm under the
//! cooperative protocol (KIP-429).
//!
//! Port of `org.apache.kafka.clients.consumer.CooperativeStickyAssignor`. Members keep their
//! partitions while rejoining and report them in the subscription's `OwnedPartitions` and
//! `GenerationId` (`ConsumerProtocolSubscription` v2+; older members encode the generation in
//! user data, `CooperativeStickyAssignorUserData` v0: one `INT32`). The assignment is the
//! sticky one *minus every partition that changes owner*: the current owner is told to revoke
//! it (it is missing from its assignment), and the follow-up rebalance the owner then triggers
//! hands it to its new member. So a partition is never owned by two members at once.

use std::collections::{BTreeMap, BTreeSet};

use super::abstract_sticky::{assign_partitions, MemberData, StickyState, DEFAULT_GENERATION};
use super::{
    partitions_per_topic, Assignment, AssignorError, ClusterMetadata, ConsumerPartitionAssignor,
    GroupAssignment, GroupSubscription, RebalanceProtocol, Subscription,
};
use crate::engine::group::schema_types::{Reader, Writer};
use crate::engine::topic_partition::TopicPartition;

/// `CooperativeStickyAssignor.COOPERATIVE_STICKY_ASSIGNOR_NAME`.
pub const COOPERATIVE_STICKY_ASSIGNOR_NAME: &str = "cooperative-sticky";

/// `CooperativeStickyAssignor`: the member side remembers its generation.
#[derive(Debug, Clone)]
pub struct CooperativeStickyAssignor {
    generation: i32,
    state: StickyState,
}

impl Default for CooperativeStickyAssignor {
    fn default() -> Self {
        CooperativeStickyAssignor {
            generation: DEFAULT_GENERATION,
            state: StickyState::default(),
        }
    }
}

/// `CooperativeStickyAssignor.memberData(subscription)`.
pub fn cooperative_member_data(subscription: &Subscription) -> MemberData {
    // ConsumerProtocolSubscription v2+: take the fields directly.
    if subscription.generation_id.is_some() {
        return MemberData {
            partitions: subscription.owned_partitions.clone(),
            generation: subscription.generation_id,
        };
    }
    let generation = subscription.user_data.as_deref().map(|bytes| {
        Reader::new(bytes, "cooperative sticky assignor user data")
            .read_i32()
            .unwrap_or(DEFAULT_GENERATION)
    });
    MemberData {
        partitions: subscription.owned_partitions.clone(),
        generation,
    }
}

/// `computePartitionsTransferringOwnership(subscriptions, assignments)`: partitions newly
/// assigned to one member that another member owned and no longer gets.
fn compute_partitions_transferring_ownership(
    group: &GroupSubscription,
    assignments: &BTreeMap<String, Vec<TopicPartition>>,
) -> BTreeMap<TopicPartition, String> {
    let mut all_added: BTreeMap<TopicPartition, String> = BTreeMap::new();
    let mut all_revoked: BTreeSet<TopicPartition> = BTreeSet::new();
    for (consumer, assigned) in assignments {
        let owned: &[TopicPartition] = group
            .get(consumer)
            .map_or(&[], |s| s.owned_partitions.as_slice());
        for tp in assigned {
            if !owned.contains(tp) {
                all_added.insert(tp.clone(), consumer.clone());
            }
        }
        for tp in owned {
            if !assigned.contains(tp) {
                all_revoked.insert(tp.clone());
            }
        }
    }
    all_added.retain(|tp, _| all_revoked.contains(tp));
    all_added
}

impl ConsumerPartitionAssignor for CooperativeStickyAssignor {
    fn name(&self) -> &'static str {
        COOPERATIVE_STICKY_ASSIGNOR_NAME
    }

    fn supported_protocols(&self) -> &'static [RebalanceProtocol] {
        &[RebalanceProtocol::Cooperative, RebalanceProtocol::Eager]
    }

    fn subscription_user_data(&self, _topics: &[String]) -> Option<Vec<u8>> {
        let mut w = Writer::default();
        w.write_i32(self.generation);
        Some(w.bytes)
    }

    fn on_assignment(&mut self, _assignment: &Assignment, generation_id: i32) {
        self.generation = generation_id;
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
            cooperative_member_data,
        )?;
        let mut assignments = outcome.assignment;
        let transferring = match outcome.partitions_transferring_ownership {
            Some(transferring) => transferring,
            None => compute_partitions_transferring_ownership(group, &assignments),
        };
        // adjustAssignment: withhold partitions that must first be revoked.
        for (tp, consumer) in &transferring {
            if let Some(list) = assignments.get_mut(consumer) {
                super::abstract_sticky::remove_first(list, tp);
            }
        }
        Ok(GroupAssignment::from_partitions(assignments))
    }
}
