//! Keyed partitioning against `fixtures/partitioner.json`, vectors computed by Kafka's own
//! Java client (`Utils.murmur2`, `toPositive(hash) % numPartitions`): the function, and the
//! partition a real producer in a playground gives each key.

use kplay::engine::producer::partitioner::{
    murmur2, partition_for_key, to_positive, PartitionChoice,
};
use kplay::engine::producer::record::ProducerRecord;
use kplay::engine::profile::VersionProfile;
use serde_json::Value;

use super::producer_harness::PlayHarness;

fn vectors() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/fixtures/partitioner.json"
    );
    let path = if std::path::Path::new(path).exists() {
        path.to_owned()
    } else {
        "/work/shared/fixtures/partitioner.json".to_owned()
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let json: Value = serde_json::from_str(&text).unwrap();
    json["vectors"].as_array().unwrap().clone()
}

fn key_of(v: &Value) -> Vec<u8> {
    let hex = v["key_hex"].as_str().unwrap();
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn murmur2_and_partition_match_every_java_vector() {
    let vectors = vectors();
    assert!(
        vectors.len() >= 50,
        "the fixture holds {} vectors",
        vectors.len()
    );
    let mut korean = 0;
    let mut empty = 0;
    for v in &vectors {
        let key = key_of(v);
        let hash = murmur2(&key);
        assert_eq!(
            i64::from(hash),
            v["murmur2"].as_i64().unwrap(),
            "murmur2 of {v}"
        );
        assert_eq!(
            i64::from(to_positive(hash)),
            v["to_positive"].as_i64().unwrap()
        );
        for (count, partition) in v["partition"].as_object().unwrap() {
            let n: i32 = count.parse().unwrap();
            assert_eq!(
                i64::from(partition_for_key(&key, n)),
                partition.as_i64().unwrap(),
                "key {} over {n} partitions",
                v["key_hex"]
            );
        }
        korean += usize::from(v["kind"] == "utf8-korean");
        empty += usize::from(key.is_empty());
    }
    assert!(
        korean > 0 && empty == 1,
        "Korean and empty keys are covered"
    );
}

#[test]
fn a_producer_sends_each_key_where_kafka_would_in_both_profiles() {
    for profile in VersionProfile::ALL {
        let mut h = PlayHarness::new(profile, 7, 0);
        h.create_topic("keys", 7);
        let p = h.producer(&[("enable.idempotence", "false"), ("acks", "1")]);
        let vectors = vectors();
        let mut ids = Vec::new();
        for v in &vectors {
            let record = ProducerRecord {
                key: Some(key_of(v)),
                ..ProducerRecord::new("keys", b"v")
            };
            ids.push(h.send(p, record));
        }
        h.sleep(100);
        for (v, id) in vectors.iter().zip(ids) {
            let d = h.result(p, id).expect("delivered");
            assert!(d.is_ok(), "{d:?}");
            assert_eq!(
                i64::from(d.partition),
                v["partition"]["7"].as_i64().unwrap()
            );
            match d.choice {
                Some(PartitionChoice::Keyed {
                    murmur2,
                    num_partitions: 7,
                    ..
                }) => assert_eq!(i64::from(murmur2), v["murmur2"].as_i64().unwrap()),
                other => panic!("a keyed record explains its hash, got {other:?}"),
            }
        }
    }
}
