//! Properties of the sticky assignors over random groups (Kafka's own
//! `AbstractStickyAssignorTest.verifyValidityAndBalance` checks, plus stickiness):
//!
//! - every partition of a subscribed topic goes to exactly one member, which subscribes to it
//!   (cooperative: once the follow-up rebalances have run);
//! - balance: two members whose counts differ by more than one share no topic;
//! - identical subscriptions: counts differ by at most one, and a member keeps
//!   `min(owned, floor(total / members))` of the partitions it owned;
//! - cooperative first round: nothing moves straight from one owner to another.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::abstract_sticky::MemberData;
use super::sticky::serialize_topic_partition_assignment;
use super::{
    ClusterMetadata, ConsumerPartitionAssignor, CooperativeStickyAssignor, GroupSubscription,
    StickyAssignor, Subscription,
};
use crate::engine::topic_partition::TopicPartition;

type Assign = BTreeMap<String, Vec<TopicPartition>>;

#[derive(Debug, Clone)]
struct Scenario {
    partitions: Vec<i32>,
    /// Each member's subscribed topic indexes, before and after the change.
    before: Vec<BTreeSet<usize>>,
    after: Vec<(usize, BTreeSet<usize>)>,
}

fn topic(i: usize) -> String {
    format!("t{i}")
}

fn scenario(identical: bool) -> impl Strategy<Value = Scenario> {
    (1usize..4, 1usize..7).prop_flat_map(move |(topics, members)| {
        let subs = if identical {
            Just((0..topics).collect::<BTreeSet<usize>>()).boxed()
        } else {
            proptest::collection::btree_set(0..topics, 1..=topics).boxed()
        };
        (
            proptest::collection::vec(1i32..9, topics),
            proptest::collection::vec(subs.clone(), members),
            // After the change: a subset of the old members (by index) plus up to two new.
            proptest::collection::vec(any::<bool>(), members),
            proptest::collection::vec(subs, 0..3),
        )
            .prop_map(|(partitions, before, keep, joined)| {
                let mut after: Vec<(usize, BTreeSet<usize>)> = before
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| keep[*i])
                    .map(|(i, s)| (i, s.clone()))
                    .collect();
                let n = before.len();
                after.extend(joined.into_iter().enumerate().map(|(j, s)| (n + j, s)));
                if after.is_empty() {
                    after.push((0, before[0].clone()));
                }
                Scenario {
                    partitions,
                    before,
                    after,
                }
            })
    })
}

fn metadata(s: &Scenario) -> ClusterMetadata {
    ClusterMetadata::new(s.partitions.iter().enumerate().map(|(i, &n)| (topic(i), n)))
}

fn topics_of(set: &BTreeSet<usize>) -> Vec<String> {
    set.iter().map(|&t| topic(t)).collect()
}

fn member(i: usize) -> String {
    format!("consumer-{i}")
}

fn run(
    assignor: &mut dyn ConsumerPartitionAssignor,
    metadata: &ClusterMetadata,
    members: Vec<(String, Subscription)>,
) -> Assign {
    let group = GroupSubscription::new(members);
    assignor
        .assign(metadata, &group)
        .expect("a valid group assigns")
        .assignments
        .into_iter()
        .map(|(m, a)| (m, a.partitions))
        .collect()
}

fn check_valid(s: &Scenario, subs: &BTreeMap<String, BTreeSet<usize>>, a: &Assign, complete: bool) {
    let mut seen = BTreeSet::new();
    for (m, partitions) in a {
        for tp in partitions {
            assert!(seen.insert(tp.clone()), "{tp} assigned twice: {a:?}");
            let t: usize = tp.topic[1..].parse().unwrap();
            assert!(subs[m].contains(&t), "{m} got {tp} without subscribing");
        }
    }
    if complete {
        let subscribed: BTreeSet<usize> = subs.values().flatten().copied().collect();
        for t in subscribed {
            for p in 0..s.partitions[t] {
                assert!(
                    seen.contains(&TopicPartition::new(&topic(t), p)),
                    "t{t}-{p} unassigned: {a:?}"
                );
            }
        }
    }
}

fn check_balanced(a: &Assign) {
    let members: Vec<(&String, &Vec<TopicPartition>)> = a.iter().collect();
    for (i, (m1, p1)) in members.iter().enumerate() {
        for (m2, p2) in &members[i + 1..] {
            if p1.len().abs_diff(p2.len()) <= 1 {
                continue;
            }
            let t1: BTreeSet<&str> = p1.iter().map(|tp| tp.topic.as_str()).collect();
            let t2: BTreeSet<&str> = p2.iter().map(|tp| tp.topic.as_str()).collect();
            assert!(
                t1.is_disjoint(&t2),
                "partitions could move between {m1} and {m2} for a better balance: {a:?}"
            );
        }
    }
}

fn subs_after(s: &Scenario) -> BTreeMap<String, BTreeSet<usize>> {
    s.after
        .iter()
        .map(|(i, t)| (member(*i), t.clone()))
        .collect()
}

/// The eager sticky assignor: previous assignment in user data.
fn sticky_rounds(s: &Scenario) -> (Assign, Assign) {
    let md = metadata(s);
    let first = run(
        &mut StickyAssignor::default(),
        &md,
        s.before
            .iter()
            .enumerate()
            .map(|(i, t)| (member(i), Subscription::new(topics_of(t))))
            .collect(),
    );
    let second = run(
        &mut StickyAssignor::default(),
        &md,
        s.after
            .iter()
            .map(|(i, t)| {
                let mut sub = Subscription::new(topics_of(t));
                if let Some(owned) = first.get(&member(*i)) {
                    sub.user_data = Some(serialize_topic_partition_assignment(&MemberData {
                        partitions: owned.clone(),
                        generation: Some(1),
                    }));
                }
                (member(*i), sub)
            })
            .collect(),
    );
    (first, second)
}

fn check_sticky_when_identical(s: &Scenario, first: &Assign, second: &Assign) {
    let total: usize = s.partitions.iter().map(|&n| n as usize).sum();
    let min_quota = total / second.len();
    let sizes: Vec<usize> = second.values().map(Vec::len).collect();
    assert!(
        sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1,
        "{second:?}"
    );
    for (m, now) in second {
        if let Some(before) = first.get(m) {
            let kept = before.iter().filter(|tp| now.contains(tp)).count();
            assert!(
                kept >= before.len().min(min_quota),
                "{m} kept {kept} of {before:?}, now {now:?}"
            );
        }
    }
}

proptest! {
    #[test]
    fn sticky_is_valid_balanced_and_sticky(s in scenario(false)) {
        let (first, second) = sticky_rounds(&s);
        let before: BTreeMap<String, BTreeSet<usize>> =
            s.before.iter().enumerate().map(|(i, t)| (member(i), t.clone())).collect();
        check_valid(&s, &before, &first, true);
        check_balanced(&first);
        check_valid(&s, &subs_after(&s), &second, true);
        check_balanced(&second);
    }

    #[test]
    fn sticky_with_identical_subscriptions_keeps_owned_partitions(s in scenario(true)) {
        let (first, second) = sticky_rounds(&s);
        check_valid(&s, &subs_after(&s), &second, true);
        check_sticky_when_identical(&s, &first, &second);
    }

    #[test]
    fn cooperative_sticky_revokes_before_it_moves(s in scenario(false)) {
        let md = metadata(&s);
        let mut assignor = CooperativeStickyAssignor::default();
        let first = run(
            &mut assignor,
            &md,
            s.before.iter().enumerate()
                .map(|(i, t)| (member(i), Subscription::new(topics_of(t))))
                .collect(),
        );
        // Fresh group: nobody owned anything, so nothing is withheld.
        let before: BTreeMap<String, BTreeSet<usize>> =
            s.before.iter().enumerate().map(|(i, t)| (member(i), t.clone())).collect();
        check_valid(&s, &before, &first, true);

        // Rebalance after the change, then follow-up rebalances with what each member owns.
        let subs = subs_after(&s);
        let mut owned: Assign = s.after.iter()
            .map(|(i, _)| (member(*i), first.get(&member(*i)).cloned().unwrap_or_default()))
            .collect();
        let mut generation = 1;
        let mut rounds = 0;
        loop {
            let round = run(
                &mut assignor,
                &md,
                s.after.iter().map(|(i, t)| {
                    let mut sub = Subscription::new(topics_of(t));
                    sub.owned_partitions = owned[&member(*i)].clone();
                    sub.generation_id = Some(generation);
                    (member(*i), sub)
                }).collect(),
            );
            // No partition goes to a new member while another member still owns it.
            for (m, partitions) in &round {
                for tp in partitions {
                    for (other, theirs) in &owned {
                        prop_assert!(other == m || !theirs.contains(tp),
                            "{tp} given to {m} while {other} owns it");
                    }
                }
            }
            check_valid(&s, &subs, &round, false);
            // Members keep only what they were assigned (revoking the rest).
            let changed = round != owned;
            owned = round;
            generation += 1;
            rounds += 1;
            if !changed {
                break;
            }
            prop_assert!(rounds <= 4, "no convergence after {rounds} rounds: {owned:?}");
        }
        check_valid(&s, &subs, &owned, true);
        check_balanced(&owned);
    }
}
