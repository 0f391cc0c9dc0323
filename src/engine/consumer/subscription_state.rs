//! [`SubscriptionState`]: what a consumer reads, Kafka's `SubscriptionState`: the
//! subscription (topics, a pattern, or a manual assignment), the assigned partitions and, for
//! each, its fetch state (position, pause, a pending reset).
//!
//! A partition starts `Initializing` (its committed offset is looked up when the consumer has a
//! `group.id`), then `AwaitReset` (ListOffsets for `auto.offset.reset` or a seek to the
//! beginning or end), then `Fetching` from its position (`FetchStates` in Kafka).

use std::collections::{BTreeMap, BTreeSet};

use crate::engine::java_regex::JavaRegex;
use crate::engine::topic_partition::TopicPartition;

use super::config::AutoOffsetReset;

/// `SubscriptionState.SubscriptionType`.
#[derive(Debug, Clone)]
pub enum SubscriptionType {
    None,
    /// `subscribe(Collection)`.
    AutoTopics(BTreeSet<String>),
    /// `subscribe(Pattern)`: the pattern's text and the topics it matched last time.
    AutoPattern {
        pattern: String,
        regex: JavaRegex,
        topics: BTreeSet<String>,
    },
    /// `assign(Collection)`.
    UserAssigned,
}

/// `FetchStates`: where a partition's position comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FetchState {
    /// No position yet; the committed offset is to be looked up.
    Initializing,
    /// A ListOffsets is needed: `auto.offset.reset` or a seek to the beginning/end.
    AwaitReset(AutoOffsetReset),
    /// Has a position.
    Fetching,
}

/// `TopicPartitionState`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicPartitionState {
    pub state: FetchState,
    /// The next offset to return (`FetchPosition.offset`).
    pub position: Option<i64>,
    pub paused: bool,
    pub high_watermark: Option<i64>,
    pub last_stable_offset: Option<i64>,
}

impl TopicPartitionState {
    fn new() -> TopicPartitionState {
        TopicPartitionState {
            state: FetchState::Initializing,
            position: None,
            paused: false,
            high_watermark: None,
            last_stable_offset: None,
        }
    }

    /// `isFetchable`: assigned, not paused, with a position.
    pub fn is_fetchable(&self) -> bool {
        !self.paused && self.state == FetchState::Fetching && self.position.is_some()
    }
}

/// Kafka's `SubscriptionState`.
#[derive(Debug, Clone)]
pub struct SubscriptionState {
    pub(crate) subscription: SubscriptionType,
    /// Assigned partitions, in Kafka's `TopicPartition` order for determinism.
    pub(crate) assignment: BTreeMap<TopicPartition, TopicPartitionState>,
}

impl Default for SubscriptionState {
    fn default() -> Self {
        SubscriptionState::new()
    }
}

impl SubscriptionState {
    pub fn new() -> SubscriptionState {
        SubscriptionState {
            subscription: SubscriptionType::None,
            assignment: BTreeMap::new(),
        }
    }

    pub fn subscription_type(&self) -> &SubscriptionType {
        &self.subscription
    }

    /// `hasAutoAssignedPartitions`: subscribed by topics or pattern (group management).
    pub fn has_auto_assigned_partitions(&self) -> bool {
        matches!(
            self.subscription,
            SubscriptionType::AutoTopics(_) | SubscriptionType::AutoPattern { .. }
        )
    }

    /// The subscribed topics (`subscription()`), empty for a manual assignment.
    pub fn subscribed_topics(&self) -> BTreeSet<String> {
        match &self.subscription {
            SubscriptionType::AutoTopics(t) => t.clone(),
            SubscriptionType::AutoPattern { topics, .. } => topics.clone(),
            SubscriptionType::None | SubscriptionType::UserAssigned => BTreeSet::new(),
        }
    }

    /// `assignedPartitions()`.
    pub fn assigned_partitions(&self) -> Vec<TopicPartition> {
        self.assignment.keys().cloned().collect()
    }

    pub fn is_assigned(&self, tp: &TopicPartition) -> bool {
        self.assignment.contains_key(tp)
    }

    pub fn state(&self, tp: &TopicPartition) -> Option<&TopicPartitionState> {
        self.assignment.get(tp)
    }

    pub(crate) fn state_mut(&mut self, tp: &TopicPartition) -> Option<&mut TopicPartitionState> {
        self.assignment.get_mut(tp)
    }

    /// `assignFromSubscribed` / `assignFromUser`: the new assignment; partitions kept keep
    /// their state, new ones start `Initializing`.
    pub(crate) fn set_assignment(&mut self, partitions: &[TopicPartition]) {
        let mut next = BTreeMap::new();
        for tp in partitions {
            let state = self
                .assignment
                .remove(tp)
                .unwrap_or_else(TopicPartitionState::new);
            next.insert(tp.clone(), state);
        }
        self.assignment = next;
    }

    /// `subscribe(pattern)` re-evaluated against the cluster's topics
    /// (`ConsumerMetadata`/`updatePatternSubscription`): returns whether the topics changed.
    pub(crate) fn update_pattern_topics<'a>(
        &mut self,
        all_topics: impl Iterator<Item = &'a str>,
    ) -> bool {
        if let SubscriptionType::AutoPattern { regex, topics, .. } = &mut self.subscription {
            let matched: BTreeSet<String> = all_topics
                .filter(|t| !t.starts_with("__") && regex.is_full_match(t))
                .map(str::to_owned)
                .collect();
            if matched != *topics {
                *topics = matched;
                return true;
            }
        }
        false
    }

    /// `allConsumed()`: every assigned partition with a position, as offsets to commit.
    pub fn all_consumed(&self) -> Vec<(TopicPartition, i64)> {
        self.assignment
            .iter()
            .filter_map(|(tp, s)| {
                (s.state == FetchState::Fetching)
                    .then_some(s.position)
                    .flatten()
                    .map(|p| (tp.clone(), p))
            })
            .collect()
    }

    /// Partitions that wait for their committed offset.
    pub fn initializing(&self) -> Vec<TopicPartition> {
        self.assignment
            .iter()
            .filter(|(_, s)| s.state == FetchState::Initializing)
            .map(|(tp, _)| tp.clone())
            .collect()
    }

    /// Partitions that wait for a ListOffsets, with the strategy.
    pub fn awaiting_reset(&self) -> Vec<(TopicPartition, AutoOffsetReset)> {
        self.assignment
            .iter()
            .filter_map(|(tp, s)| match s.state {
                FetchState::AwaitReset(r) => Some((tp.clone(), r)),
                _ => None,
            })
            .collect()
    }

    /// `seekUnvalidated`: a new position, fetching from it.
    pub(crate) fn seek(&mut self, tp: &TopicPartition, offset: i64) {
        if let Some(s) = self.assignment.get_mut(tp) {
            s.position = Some(offset);
            s.state = FetchState::Fetching;
        }
    }

    /// `requestOffsetReset`.
    pub(crate) fn request_reset(&mut self, tp: &TopicPartition, strategy: AutoOffsetReset) {
        if let Some(s) = self.assignment.get_mut(tp) {
            s.state = FetchState::AwaitReset(strategy);
        }
    }

    /// Paused partitions (`paused()`).
    pub fn paused(&self) -> Vec<TopicPartition> {
        self.assignment
            .iter()
            .filter(|(_, s)| s.paused)
            .map(|(tp, _)| tp.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_partitions_keep_their_position() {
        let mut s = SubscriptionState::new();
        let (a, b) = (TopicPartition::new("t", 0), TopicPartition::new("t", 1));
        s.set_assignment(std::slice::from_ref(&a));
        s.seek(&a, 7);
        s.set_assignment(&[a.clone(), b.clone()]);
        assert_eq!(s.state(&a).unwrap().position, Some(7));
        assert_eq!(s.state(&b).unwrap().state, FetchState::Initializing);
        assert_eq!(s.all_consumed(), vec![(a, 7)]);
    }

    #[test]
    fn a_pattern_matches_whole_names_and_skips_internal_topics() {
        let mut s = SubscriptionState::new();
        s.subscription = SubscriptionType::AutoPattern {
            pattern: "orders.*".into(),
            regex: JavaRegex::new("orders.*").unwrap(),
            topics: BTreeSet::new(),
        };
        assert!(s.update_pattern_topics(
            ["orders", "orders-eu", "my-orders", "__consumer_offsets"].into_iter()
        ));
        assert_eq!(
            s.subscribed_topics().into_iter().collect::<Vec<_>>(),
            ["orders", "orders-eu"]
        );
        assert!(!s.update_pattern_topics(["orders", "orders-eu"].into_iter()));
    }
}
