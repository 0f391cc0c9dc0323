//! The assignors against `shared/fixtures/assignors.json`: every scenario, every assignor,
//! exactly what Kafka's Java `RangeAssignor`, `RoundRobinAssignor`, `StickyAssignor` and
//! `CooperativeStickyAssignor` returned (first round only for cooperative-sticky: partitions
//! that must move are withheld).

use std::collections::BTreeMap;

use kplay::engine::group::assignor::abstract_sticky::MemberData;
use kplay::engine::group::assignor::sticky::serialize_topic_partition_assignment;
use kplay::engine::group::assignor::{
    assignor_by_name, ClusterMetadata, GroupSubscription, Subscription,
};
use kplay::engine::topic_partition::TopicPartition;
use serde_json::Value;

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/fixtures/assignors.json"
);

fn fixtures() -> Value {
    let text = std::fs::read_to_string(FIXTURES).expect("shared/fixtures/assignors.json");
    serde_json::from_str(&text).expect("valid JSON")
}

fn tps(value: &Value) -> Vec<TopicPartition> {
    value
        .as_array()
        .expect("a partition list")
        .iter()
        .map(|pair| {
            TopicPartition::new(
                pair[0].as_str().expect("topic"),
                pair[1].as_i64().expect("partition") as i32,
            )
        })
        .collect()
}

/// The subscription a member of `scenario` sends to `assignor`, as the fixture's input
/// conventions say.
fn subscription(member: &Value, assignor: &str) -> Subscription {
    let topics = member["topics"]
        .as_array()
        .expect("topics")
        .iter()
        .map(|t| t.as_str().expect("topic").to_owned())
        .collect();
    let mut s = Subscription::new(topics);
    s.group_instance_id = member["group_instance_id"].as_str().map(str::to_owned);
    let owned = tps(&member["owned"]);
    let generation = member["generation"].as_i64().map(|g| g as i32);
    match assignor {
        // A fresh member has no previous assignment: no user data (`memberAssignment == null`).
        "sticky" if generation.is_some() || !owned.is_empty() => {
            s.user_data = Some(serialize_topic_partition_assignment(&MemberData {
                partitions: owned,
                generation,
            }));
        }
        "cooperative-sticky" => {
            s.owned_partitions = owned;
            s.generation_id = generation;
        }
        _ => {}
    }
    s
}

#[test]
fn every_fixture_scenario_matches_kafkas_assignors() {
    let f = fixtures();
    let scenarios = f["scenarios"].as_array().expect("scenarios");
    assert!(!scenarios.is_empty());
    let mut checked = 0;
    let mut failures = Vec::new();
    for scenario in scenarios {
        let id = scenario["id"].as_str().expect("id");
        let metadata = ClusterMetadata::new(
            scenario["topics"]
                .as_object()
                .expect("topics")
                .iter()
                .map(|(t, n)| (t.clone(), n.as_i64().expect("count") as i32)),
        );
        for (name, expected) in scenario["expected"].as_object().expect("expected") {
            let members = scenario["members"].as_array().expect("members");
            let group = GroupSubscription::new(members.iter().map(|m| {
                (
                    m["member_id"].as_str().expect("member_id").to_owned(),
                    subscription(m, name),
                )
            }));
            let mut assignor = assignor_by_name(name).expect("a built-in assignor");
            let result = assignor
                .assign(&metadata, &group)
                .unwrap_or_else(|e| panic!("{id} {name}: {e}"));
            let actual: BTreeMap<String, Vec<TopicPartition>> = result
                .assignments
                .into_iter()
                .map(|(member, a)| {
                    let mut p = a.partitions;
                    p.sort();
                    (member, p)
                })
                .collect();
            let expected: BTreeMap<String, Vec<TopicPartition>> = expected
                .as_object()
                .expect("member -> partitions")
                .iter()
                .map(|(member, p)| {
                    let mut p = tps(p);
                    p.sort();
                    (member.clone(), p)
                })
                .collect();
            if actual != expected {
                failures.push(format!(
                    "{id} {name}:\n  expected {expected:?}\n  actual   {actual:?}"
                ));
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(checked, scenarios.len() * 4);
}
