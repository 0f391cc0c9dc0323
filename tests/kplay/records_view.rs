//! The partition strip's window and the batch inspector read a real log: bounded, in offset
//! order, starting inside a batch, and the inspected batch is the one holding the offset.

use kplay::engine::cluster::{Cluster, ClusterConfig};
use kplay::engine::record::{BatchBuilder, Compression, TimestampType};
use kplay::engine::records_view::{inspect_batch, records_window, WINDOW_RECORDS_MAX};
use kplay::engine::topic::registry::CreateTopicRequest;
use kplay::engine::topic_partition::TopicPartition;
use kplay::storage::memory::MemoryStorage;
fn cluster_with(records: usize, per_batch: usize) -> (Cluster<MemoryStorage>, TopicPartition) {
    let mut c = Cluster::new(ClusterConfig::with_seed(1), MemoryStorage::new(), 1_000);
    c.create_topic(&CreateTopicRequest::new("t", 1, 1), false, 1_000)
        .unwrap();
    let tp = TopicPartition::new("t", 0);
    let mut written = 0;
    while written < records {
        let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 0, -1);
        for _ in 0..per_batch.min(records - written) {
            let key = format!("k{}", written % 3);
            b.append(1_000, Some(key.as_bytes()), Some("값".as_bytes()), &[]);
            written += 1;
        }
        c.produce(&tp, &b.build(), 1_000).unwrap();
    }
    (c, tp)
}

#[test]
fn window_is_bounded_and_contiguous() {
    let (c, tp) = cluster_with(1_000, 30);
    let w = records_window(&c, &tp, 0).unwrap();
    assert_eq!(w.records.len(), WINDOW_RECORDS_MAX);
    assert_eq!(w.from_offset, 0);
    assert_eq!(w.to_offset, WINDOW_RECORDS_MAX as i64);
    for (i, r) in w.records.iter().enumerate() {
        assert_eq!(r.offset, i as i64);
    }
    assert_eq!(w.leo, 1_000);
    assert_eq!(w.records[1].key_text.as_deref(), Some("k1"));
    assert_eq!(w.records[1].value_text.as_deref(), Some("값"));
}

#[test]
fn window_starts_inside_a_batch_and_ends_at_the_log_end() {
    let (c, tp) = cluster_with(100, 30);
    let w = records_window(&c, &tp, 45).unwrap();
    assert_eq!(w.records.first().unwrap().offset, 45);
    assert_eq!(w.records.len(), 55);
    assert_eq!(w.to_offset, 100);
    // Past the end clamps to the end: an empty window.
    let w = records_window(&c, &tp, 500).unwrap();
    assert!(w.records.is_empty());
    assert_eq!((w.from_offset, w.to_offset), (100, 100));
}

#[test]
fn inspection_returns_the_batch_holding_the_offset() {
    let (c, tp) = cluster_with(100, 30);
    let i = inspect_batch(&c, &tp, 31).unwrap().unwrap();
    let base = i.fields.iter().find(|f| f.name == "BaseOffset").unwrap();
    assert_eq!(base.value, "30");
    assert!(inspect_batch(&c, &tp, 100).unwrap().is_none());
}
