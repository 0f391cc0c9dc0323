//! The idempotent producer's broker side through `Cluster::handle_request`: InitProducerId,
//! duplicates acknowledged once with the first offsets, gaps and old epochs refused, sequence
//! wrap-around, and the `acks=all` decision.

use kplay::engine::acks::MinIsrRule;
use kplay::engine::cluster::ClusterConfig;
use kplay::engine::error_code::ErrorCode;
use kplay::engine::event::Event;
use kplay::engine::log::partition_log::FetchUpperBound;
use kplay::engine::log::partition_log::PartitionLog;
use kplay::engine::producer_state::append_info::ValidationOrigin;
use kplay::engine::producer_state::manager::Analysis;
use kplay::engine::producer_state::{ProducerStateEvent, ProducerStateManager};
use kplay::engine::protocol::{
    InitProducerIdRequest, PartitionProduceResponse, ProduceRequest, Request, Response,
};
use kplay::engine::record::{batches, BatchBuilder, Compression, TimestampType};
use kplay::engine::record::{control_batch, ControlRecordType};
use kplay::engine::topic::config::LogConfig;
use kplay::engine::topic::registry::CreateTopicRequest;
use kplay::engine::topic_partition::TopicPartition;
use kplay::engine::txn::TxnEvent;
use kplay::storage::memory::MemoryStorage;

use crate::harness::{Harness, START_MS};

/// `n` records from an idempotent producer: producer id, epoch, base sequence.
pub fn idempotent_batch(pid: i64, epoch: i16, seq: i32, n: usize, txn: bool) -> Vec<u8> {
    let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, 0, START_MS)
        .producer(pid, epoch, seq, txn);
    for i in 0..n {
        let value = format!("p{pid}-e{epoch}-s{}", i64::from(seq) + i as i64);
        b.append(START_MS, None, Some(value.as_bytes()), &[]);
    }
    b.build()
}

pub fn create(h: &mut Harness, name: &str, partitions: i32, configs: &[(&str, &str)]) {
    let mut request = CreateTopicRequest::new(name, partitions, 1);
    request.configs = configs
        .iter()
        .map(|(k, v)| (k.to_string(), Some(v.to_string())))
        .collect();
    let now = h.now_ms();
    h.cluster.create_topic(&request, false, now).unwrap();
    h.collect();
}

pub fn init_idempotent(h: &mut Harness) -> (i64, i16) {
    let now = h.now_ms();
    let response = h.cluster.handle_request(
        Request::InitProducerId(InitProducerIdRequest {
            transactional_id: None,
            transaction_timeout_ms: 60_000,
            producer_id: -1,
            producer_epoch: -1,
        }),
        now,
    );
    h.collect();
    match response {
        Some(Response::InitProducerId(r)) => {
            assert_eq!(r.error, ErrorCode::None);
            (r.producer_id, r.producer_epoch)
        }
        other => panic!("expected an InitProducerId response, got {other:?}"),
    }
}

pub fn produce(
    h: &mut Harness,
    tp: &TopicPartition,
    batch: Vec<u8>,
    acks: i16,
) -> PartitionProduceResponse {
    produce_txn(h, None, tp, batch, acks)
}

pub fn produce_txn(
    h: &mut Harness,
    transactional_id: Option<&str>,
    tp: &TopicPartition,
    batch: Vec<u8>,
    acks: i16,
) -> PartitionProduceResponse {
    let now = h.now_ms();
    let response = h.cluster.handle_request(
        Request::Produce(ProduceRequest {
            transactional_id: transactional_id.map(str::to_owned),
            acks,
            timeout_ms: 30_000,
            partitions: vec![(tp.clone(), batch)],
        }),
        now,
    );
    h.collect();
    match response {
        Some(Response::Produce(mut r)) => r.partitions.remove(0).1,
        other => panic!("expected a produce response, got {other:?}"),
    }
}

fn record_count(h: &Harness, tp: &TopicPartition) -> usize {
    let data = h
        .cluster
        .fetch(tp, 0, usize::MAX, FetchUpperBound::Hw)
        .unwrap();
    batches(&data.records)
        .map(|b| b.unwrap().header().records_count as usize)
        .sum()
}

#[test]
fn init_producer_id_gives_consecutive_ids_with_epoch_zero() {
    let mut h = Harness::new(1);
    assert_eq!(init_idempotent(&mut h), (0, 0));
    assert_eq!(init_idempotent(&mut h), (1, 0));
    let allocated: Vec<_> = h
        .events
        .iter()
        .filter_map(|(_, e)| match e {
            Event::Txn(TxnEvent::ProducerIdAllocated { producer_id, .. }) => Some(*producer_id),
            _ => None,
        })
        .collect();
    assert_eq!(allocated, vec![0, 1]);
    assert!(h.events.iter().any(|(_, e)| matches!(
        e,
        Event::Txn(TxnEvent::ProducerIdBlockAllocated {
            first: 0,
            last: 999
        })
    )));
}

#[test]
fn a_retried_batch_is_acknowledged_once_with_the_first_offsets() {
    let mut h = Harness::new(2);
    create(&mut h, "orders", 1, &[]);
    let tp = TopicPartition::new("orders", 0);
    // Something else first, so the idempotent batch does not start at offset 0.
    produce(&mut h, &tp, idempotent_batch(-1, -1, -1, 2, false), -1);
    let (pid, epoch) = init_idempotent(&mut h);
    let first = produce(&mut h, &tp, idempotent_batch(pid, epoch, 0, 3, false), -1);
    assert_eq!((first.error, first.base_offset), (ErrorCode::None, 2));
    let second = produce(&mut h, &tp, idempotent_batch(pid, epoch, 3, 1, false), -1);
    assert_eq!(second.base_offset, 5);
    // The response to the first batch was lost; the producer retries it.
    let retry = produce(&mut h, &tp, idempotent_batch(pid, epoch, 0, 3, false), -1);
    assert_eq!(retry.error, ErrorCode::None);
    assert_eq!(retry.base_offset, 2, "the original offset, not a new one");
    assert_eq!(
        retry.log_append_time_ms, START_MS,
        "the retained batch's timestamp"
    );
    assert_eq!(record_count(&h, &tp), 6, "appended once");
    assert!(h.events.iter().any(|(_, e)| matches!(
        e,
        Event::Producer {
            event: ProducerStateEvent::DuplicateBatch {
                first_seq: 0,
                last_seq: 2,
                first_offset: 2,
                last_offset: 4,
                ..
            },
            ..
        }
    )));
}

#[test]
fn without_idempotence_a_retry_is_appended_twice() {
    let mut h = Harness::new(3);
    create(&mut h, "orders", 1, &[]);
    let tp = TopicPartition::new("orders", 0);
    let a = produce(&mut h, &tp, idempotent_batch(-1, -1, -1, 3, false), 1);
    let b = produce(&mut h, &tp, idempotent_batch(-1, -1, -1, 3, false), 1);
    assert_eq!((a.base_offset, b.base_offset), (0, 3));
    assert_eq!(record_count(&h, &tp), 6);
}

#[test]
fn only_the_last_five_batches_are_recognised() {
    let mut h = Harness::new(4);
    create(&mut h, "orders", 1, &[]);
    let tp = TopicPartition::new("orders", 0);
    let (pid, epoch) = init_idempotent(&mut h);
    for seq in 0..6 {
        let r = produce(&mut h, &tp, idempotent_batch(pid, epoch, seq, 1, false), -1);
        assert_eq!(r.base_offset, i64::from(seq));
    }
    // Batches 1..=5 are retained: a retry of 1 is a duplicate, a retry of 0 is out of order.
    assert_eq!(
        produce(&mut h, &tp, idempotent_batch(pid, epoch, 1, 1, false), -1).base_offset,
        1
    );
    let old = produce(&mut h, &tp, idempotent_batch(pid, epoch, 0, 1, false), -1);
    assert_eq!(old.error, ErrorCode::OutOfOrderSequenceNumber);
    assert_eq!(record_count(&h, &tp), 6);
}

#[test]
fn a_sequence_gap_is_out_of_order_and_writes_nothing() {
    let mut h = Harness::new(5);
    create(&mut h, "orders", 1, &[]);
    let tp = TopicPartition::new("orders", 0);
    let (pid, epoch) = init_idempotent(&mut h);
    produce(&mut h, &tp, idempotent_batch(pid, epoch, 0, 2, false), -1);
    let gap = produce(&mut h, &tp, idempotent_batch(pid, epoch, 5, 1, false), -1);
    assert_eq!(gap.error, ErrorCode::OutOfOrderSequenceNumber);
    assert_eq!(gap.base_offset, -1);
    assert_eq!(
        gap.error_message.as_deref(),
        Some("Out of order sequence number for producer 0 at offset 2 in partition orders-0: 5 (incoming seq. number), 1 (current end sequence number)")
    );
    assert_eq!(record_count(&h, &tp), 2);
    assert!(h.events.iter().any(|(_, e)| matches!(
        e,
        Event::Producer {
            event: ProducerStateEvent::BatchRefused { error, .. },
            ..
        } if error == "OUT_OF_ORDER_SEQUENCE_NUMBER"
    )));
    // The expected batch still goes in.
    let next = produce(&mut h, &tp, idempotent_batch(pid, epoch, 2, 1, false), -1);
    assert_eq!((next.error, next.base_offset), (ErrorCode::None, 2));
}

#[test]
fn an_older_epoch_is_invalid_producer_epoch_and_a_new_epoch_restarts_at_zero() {
    let mut h = Harness::new(6);
    create(&mut h, "orders", 1, &[]);
    let tp = TopicPartition::new("orders", 0);
    produce(&mut h, &tp, idempotent_batch(7, 3, 0, 1, false), -1);
    let old = produce(&mut h, &tp, idempotent_batch(7, 2, 1, 1, false), -1);
    assert_eq!(old.error, ErrorCode::InvalidProducerEpoch);
    let not_zero = produce(&mut h, &tp, idempotent_batch(7, 4, 1, 1, false), -1);
    assert_eq!(not_zero.error, ErrorCode::OutOfOrderSequenceNumber);
    let bumped = produce(&mut h, &tp, idempotent_batch(7, 4, 0, 1, false), -1);
    assert_eq!((bumped.error, bumped.base_offset), (ErrorCode::None, 1));
    assert!(h.events.iter().any(|(_, e)| matches!(
        e,
        Event::Producer {
            event: ProducerStateEvent::EpochBumped {
                producer_id: 7,
                from: 3,
                to: 4
            },
            ..
        }
    )));
}

#[test]
fn sequences_wrap_from_max_value_to_zero() {
    let mut h = Harness::new(7);
    create(&mut h, "orders", 1, &[]);
    let tp = TopicPartition::new("orders", 0);
    // Sequences i32::MAX-1, i32::MAX, 0: the batch's last sequence wraps.
    let wrapping = produce(
        &mut h,
        &tp,
        idempotent_batch(3, 0, i32::MAX - 1, 3, false),
        -1,
    );
    assert_eq!(wrapping.error, ErrorCode::None);
    let next = produce(&mut h, &tp, idempotent_batch(3, 0, 1, 2, false), -1);
    assert_eq!((next.error, next.base_offset), (ErrorCode::None, 3));
    let retry = produce(
        &mut h,
        &tp,
        idempotent_batch(3, 0, i32::MAX - 1, 3, false),
        -1,
    );
    assert_eq!(retry.base_offset, 0, "a wrapped batch is still recognised");
    let gap = produce(&mut h, &tp, idempotent_batch(3, 0, 0, 1, false), -1);
    assert_eq!(gap.error, ErrorCode::OutOfOrderSequenceNumber);
}

#[test]
fn acks_all_against_min_insync_replicas_follows_the_kafka_version() {
    // Kafka before 3.7: one replica cannot satisfy min.insync.replicas=2.
    let mut config = ClusterConfig::with_seed(8);
    config.min_isr_rule = MinIsrRule::Configured;
    let mut h = Harness::with_config(config);
    create(&mut h, "strict", 1, &[("min.insync.replicas", "2")]);
    let tp = TopicPartition::new("strict", 0);
    let refused = produce(&mut h, &tp, idempotent_batch(-1, -1, -1, 1, false), -1);
    assert_eq!(refused.error, ErrorCode::NotEnoughReplicas);
    assert_eq!(
        refused.error_message.as_deref(),
        Some("The size of the current ISR Set(0) is insufficient to satisfy the min.isr requirement of 2 for partition strict-0")
    );
    assert_eq!(record_count(&h, &tp), 0, "nothing is written");
    let acks1 = produce(&mut h, &tp, idempotent_batch(-1, -1, -1, 1, false), 1);
    assert_eq!(
        acks1.error,
        ErrorCode::None,
        "acks=1 does not wait for the ISR"
    );

    // Kafka 3.7+ (the default): the minimum is capped by the replication factor.
    let mut h = Harness::new(8);
    create(&mut h, "strict", 1, &[("min.insync.replicas", "2")]);
    let ok = produce(&mut h, &tp, idempotent_batch(-1, -1, -1, 1, false), -1);
    assert_eq!(ok.error, ErrorCode::None);
}

#[test]
fn acks_zero_gets_no_response_and_bad_acks_are_refused() {
    let mut h = Harness::new(9);
    create(&mut h, "orders", 1, &[]);
    let tp = TopicPartition::new("orders", 0);
    let now = h.now_ms();
    let none = h.cluster.handle_request(
        Request::Produce(ProduceRequest {
            transactional_id: None,
            acks: 0,
            timeout_ms: 30_000,
            partitions: vec![(tp.clone(), idempotent_batch(-1, -1, -1, 1, false))],
        }),
        now,
    );
    assert_eq!(none, None);
    assert_eq!(record_count(&h, &tp), 1);
    let bad = produce(&mut h, &tp, idempotent_batch(-1, -1, -1, 1, false), 2);
    assert_eq!(bad.error, ErrorCode::InvalidRequiredAcks);
}

/// Kafka rebuilds a partition's producer state from its batches when no snapshot is usable
/// (`loadProducersFromRecords`); the rebuilt state equals the live one.
#[test]
fn producer_state_is_rebuilt_from_the_log() {
    let mut storage = MemoryStorage::new();
    let mut log = PartitionLog::new(&mut storage, "t", 0, LogConfig::default(), START_MS).unwrap();
    let mut live = ProducerStateManager::new("t-0");
    let write = |log: &mut PartitionLog,
                 storage: &mut MemoryStorage,
                 live: &mut ProducerStateManager,
                 bytes: Vec<u8>,
                 coordinator: bool| {
        let offset = log.leo();
        let a = live
            .analyze(&bytes, offset, ValidationOrigin::Client)
            .unwrap();
        let info = if coordinator {
            log.append_as_coordinator(storage, &bytes, 0, START_MS, &mut Vec::new())
                .unwrap()
        } else {
            log.append_as_leader(storage, &bytes, 0, START_MS, &mut Vec::new())
                .unwrap()
        };
        if let Analysis::Append(v) = a {
            live.update(*v, info.max_timestamp_ms);
        }
    };
    write(
        &mut log,
        &mut storage,
        &mut live,
        idempotent_batch(1, 0, 0, 2, false),
        false,
    );
    write(
        &mut log,
        &mut storage,
        &mut live,
        idempotent_batch(2, 3, 0, 1, true),
        false,
    );
    write(
        &mut log,
        &mut storage,
        &mut live,
        control_batch(ControlRecordType::Abort, 2, 3, 7, 0, START_MS, 0),
        true,
    );
    write(
        &mut log,
        &mut storage,
        &mut live,
        idempotent_batch(2, 3, 1, 2, true),
        false,
    );
    let (rebuilt, open) = ProducerStateManager::load_from_log(&log, &storage).unwrap();
    assert_eq!(
        open,
        vec![(2, 4)],
        "producer 2's second transaction is still open"
    );
    for pid in [1, 2] {
        assert_eq!(
            rebuilt.last_entry(pid),
            live.last_entry(pid),
            "producer {pid}"
        );
    }
    assert_eq!(rebuilt.last_entry(2).unwrap().coordinator_epoch(), 7);
    // A retry of producer 1's batch is still recognised after the rebuild.
    assert!(matches!(
        rebuilt
            .analyze(
                &idempotent_batch(1, 0, 0, 2, false),
                6,
                ValidationOrigin::Client
            )
            .unwrap(),
        Analysis::Duplicate { .. }
    ));
}
