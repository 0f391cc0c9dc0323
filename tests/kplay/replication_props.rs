//! Issue 6's property: under random, seeded fault schedules (crashes, clean stops, restarts,
//! network partitions, slow followers), with clean leader election and `acks=all`, no
//! acknowledged record is ever lost, and every replica's committed prefix agrees with the
//! leader's log. A failing schedule is shrunk and kept in `proptest-regressions/`.

use proptest::prelude::*;

use kplay::engine::log::FetchUpperBound;
use kplay::engine::record::batches;
use kplay::engine::topic::assignment::ReplicaAssignment;
use kplay::engine::topic::registry::CreateTopicRequest;
use kplay::engine::topic_partition::TopicPartition;

use super::producer_harness::{value_record, PlayHarness};
use super::replication::three_brokers;

/// One thing a learner does to a broker.
#[derive(Debug, Clone, Copy)]
enum Fault {
    Crash,
    Stop,
    Start,
    Isolate,
    Heal,
    Slow,
    Fast,
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![
        Just(Fault::Crash),
        Just(Fault::Stop),
        Just(Fault::Start),
        Just(Fault::Isolate),
        Just(Fault::Heal),
        Just(Fault::Slow),
        Just(Fault::Fast),
    ]
}

fn apply(h: &mut PlayHarness, fault: Fault, broker: i32) {
    let now = h.now_ms();
    let cluster = h.pg.cluster_mut();
    // Refusals (crashing a broker that is down, healing a connected one) change nothing.
    let _ = match fault {
        Fault::Crash => cluster.crash_broker(broker, now),
        Fault::Stop => cluster.stop_broker(broker, now),
        Fault::Start => cluster.start_broker(broker, now),
        Fault::Isolate => cluster.isolate_broker(broker, true, now),
        Fault::Heal => cluster.isolate_broker(broker, false, now),
        Fault::Slow => cluster.set_fetch_delay(broker, 45_000, now),
        Fault::Fast => cluster.set_fetch_delay(broker, 0, now),
    };
}

/// `(offset, value)` of every record of `broker`'s replica below `upto`.
fn records(h: &PlayHarness, tp: &TopicPartition, broker: i32, upto: i64) -> Vec<(i64, String)> {
    let cluster = h.pg.cluster();
    let log = cluster.replica_log(tp, broker).expect("a replica");
    let data = log
        .read(
            cluster.storage(),
            log.log_start_offset(),
            64 << 20,
            FetchUpperBound::Leo,
            true,
        )
        .expect("read");
    let mut out = Vec::new();
    for batch in batches(&data.records) {
        let batch = batch.expect("valid batch");
        if batch.header().attributes.is_control {
            continue;
        }
        for r in batch.records().expect("records").iter() {
            let r = r.expect("record");
            if r.offset < upto {
                let value = String::from_utf8(r.value.unwrap_or_default().to_vec()).unwrap();
                out.push((r.offset, value));
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn acks_all_with_clean_election_never_loses_an_acknowledged_record(
        seed in 0u64..1_000,
        schedule in prop::collection::vec((0i64..8_000, fault(), 0i32..3), 1..12),
    ) {
        let mut h = three_brokers(seed);
        let now = h.now_ms();
        let mut request = CreateTopicRequest::new("t", -1, -1);
        request.assignments = vec![ReplicaAssignment { partition_index: 0, broker_ids: vec![0, 1, 2] }];
        request.configs.push(("min.insync.replicas".into(), Some("2".into())));
        h.pg.cluster_mut().create_topic(&request, false, now).unwrap();
        let tp = TopicPartition::new("t", 0);
        let p = h.producer(&[
            ("acks", "all"),
            ("linger.ms", "0"),
            ("request.timeout.ms", "3000"),
            ("delivery.timeout.ms", "20000"),
        ]);
        let mut sent = Vec::new();
        for (wait_ms, fault, broker) in schedule {
            let value = format!("v{}", sent.len());
            let id = h.send(p, value_record("t", &value).to_partition(0));
            sent.push((id, value));
            h.sleep(wait_ms);
            apply(&mut h, fault, broker);
        }
        // Every broker back, connected and fast; time for the ISR to heal.
        for broker in 0..3 {
            apply(&mut h, Fault::Heal, broker);
            apply(&mut h, Fault::Fast, broker);
            apply(&mut h, Fault::Start, broker);
        }
        h.sleep(60_000);
        let cluster = h.pg.cluster();
        let leader = cluster.partition_leader(&tp).expect("a leader once all brokers run");
        let leader_hw = cluster.replica_log(&tp, leader).unwrap().hw();
        let leader_records = records(&h, &tp, leader, i64::MAX);
        // Each record's callback ran once.
        let mut ids: Vec<_> = h.delivered[p as usize].iter().map(|d| d.record_id).collect();
        let results = ids.len();
        ids.sort();
        ids.dedup();
        prop_assert_eq!(ids.len(), results, "a record completed twice");
        // Every acknowledged record is in the leader's log, at its offset, once.
        for d in &h.delivered[p as usize] {
            if d.is_ok() {
                let value = &sent.iter().find(|(id, _)| *id == d.record_id).expect("sent").1;
                prop_assert!(d.offset < leader_hw, "acknowledged offset {} above the HW {}", d.offset, leader_hw);
                let found = leader_records.iter().find(|(o, _)| *o == d.offset);
                prop_assert_eq!(
                    found.map(|(_, v)| v),
                    Some(value),
                    "acknowledged {} at offset {} lost: {:?}",
                    value,
                    d.offset,
                    leader_records
                );
            }
        }
        let mut values: Vec<&String> = leader_records.iter().map(|(_, v)| v).collect();
        let all = values.len();
        values.sort();
        values.dedup();
        prop_assert_eq!(values.len(), all, "idempotence: no record twice");
        // Every replica agrees with the leader below its own HW.
        for broker in 0..3 {
            let log = cluster.replica_log(&tp, broker).unwrap();
            let upto = log.hw().min(leader_hw);
            let mine = records(&h, &tp, broker, upto);
            let theirs: Vec<_> = leader_records.iter().filter(|(o, _)| *o < upto).cloned().collect();
            prop_assert_eq!(mine, theirs, "broker {} disagrees below offset {}", broker, upto);
        }
    }
}
