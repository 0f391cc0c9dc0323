//! A fresh assignment of 1000 partitions (10 topics of 100) to 100 members subscribed to every
//! topic, per built-in assignor (`ConsumerPartitionAssignor.assign` as the group leader runs
//! it). Issue 5 compares with Kafka's Java assignors on this layout: about 4.6 ms (Range),
//! 0.60 ms (RoundRobin), 0.72 ms (Sticky) and 0.61 ms (CooperativeSticky).

use criterion::{criterion_group, criterion_main, Criterion};
use kplay::engine::group::assignor::{
    assignor_by_name, ClusterMetadata, GroupSubscription, Subscription,
};
use std::hint::black_box;

const TOPICS: usize = 10;
const PARTITIONS_PER_TOPIC: i32 = 100;
const MEMBERS: usize = 100;

fn layout() -> (ClusterMetadata, GroupSubscription) {
    let topics: Vec<String> = (0..TOPICS).map(|t| format!("topic-{t}")).collect();
    let metadata = ClusterMetadata::new(topics.iter().map(|t| (t.clone(), PARTITIONS_PER_TOPIC)));
    let group = GroupSubscription::new(
        (0..MEMBERS).map(|m| (format!("consumer-{m}"), Subscription::new(topics.clone()))),
    );
    (metadata, group)
}

fn fresh_assignment(c: &mut Criterion) {
    let (metadata, group) = layout();
    let mut g = c.benchmark_group("assign 1000 partitions to 100 members");
    for name in ["range", "roundrobin", "sticky", "cooperative-sticky"] {
        g.bench_function(name, |b| {
            b.iter(|| {
                // A fresh assignor each time: no previous assignment to stick to.
                let mut assignor = assignor_by_name(name).expect("a built-in assignor");
                black_box(assignor.assign(&metadata, &group).expect("assigns"))
            })
        });
    }
    g.finish();
}

criterion_group!(benches, fresh_assignment);
criterion_main!(benches);
