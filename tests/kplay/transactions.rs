//! The transaction coordinator end to end through `Cluster::handle_request`: FindCoordinator
//! and `__transaction_state`, AddPartitionsToTxn, commit and abort markers, the LSO,
//! `read_committed` fetches, fencing, timeouts, and the records Kafka would write.

use kplay::engine::completed_fetch::consumer_records;
use kplay::engine::error_code::ErrorCode;
use kplay::engine::event::Event;
use kplay::engine::log::partition_log::FetchUpperBound;
use kplay::engine::protocol::{
    AddOffsetsToTxnRequest, AddPartitionsToTxnRequest, CoordinatorType, EndTxnRequest,
    FetchPartition, FetchPartitionResponse, FetchRequest, FindCoordinatorRequest,
    InitProducerIdRequest, IsolationLevel, Request, Response,
};
use kplay::engine::record::{batches, ControlRecordType, RecordBatch};
use kplay::engine::topic_partition::TopicPartition;
use kplay::engine::txn::log_schema::{read_key, read_value};
use kplay::engine::txn::{TransactionState, TxnEvent, TRANSACTION_STATE_TOPIC};
use proptest::prelude::*;

use crate::harness::Harness;
use crate::idempotence::{create, idempotent_batch, produce, produce_txn};

const TXN_ID: &str = "orders-tx";

fn send(h: &mut Harness, request: Request) -> Response {
    let now = h.now_ms();
    let response = h.cluster.handle_request(request, now).expect("a response");
    h.collect();
    response
}

fn find_coordinator(h: &mut Harness, key: &str) -> (ErrorCode, i32) {
    match send(
        h,
        Request::FindCoordinator(FindCoordinatorRequest {
            key: key.to_owned(),
            key_type: CoordinatorType::Transaction,
        }),
    ) {
        Response::FindCoordinator(r) => (r.error, r.node_id),
        other => panic!("{other:?}"),
    }
}

fn init(h: &mut Harness, id: &str, timeout_ms: i32) -> (ErrorCode, i64, i16) {
    match send(
        h,
        Request::InitProducerId(InitProducerIdRequest {
            transactional_id: Some(id.to_owned()),
            transaction_timeout_ms: timeout_ms,
            producer_id: -1,
            producer_epoch: -1,
        }),
    ) {
        Response::InitProducerId(r) => (r.error, r.producer_id, r.producer_epoch),
        other => panic!("{other:?}"),
    }
}

fn add(h: &mut Harness, id: &str, pid: i64, epoch: i16, tps: &[TopicPartition]) -> Vec<ErrorCode> {
    match send(
        h,
        Request::AddPartitionsToTxn(AddPartitionsToTxnRequest {
            transactional_id: id.to_owned(),
            producer_id: pid,
            producer_epoch: epoch,
            partitions: tps.to_vec(),
        }),
    ) {
        Response::AddPartitionsToTxn(r) => r.results.into_iter().map(|(_, e)| e).collect(),
        other => panic!("{other:?}"),
    }
}

fn end(h: &mut Harness, id: &str, pid: i64, epoch: i16, commit: bool) -> ErrorCode {
    match send(
        h,
        Request::EndTxn(EndTxnRequest {
            transactional_id: id.to_owned(),
            producer_id: pid,
            producer_epoch: epoch,
            committed: commit,
        }),
    ) {
        Response::EndTxn(r) => r.error,
        other => panic!("{other:?}"),
    }
}

fn fetch(
    h: &mut Harness,
    tp: &TopicPartition,
    offset: i64,
    isolation: IsolationLevel,
) -> FetchPartitionResponse {
    match send(
        h,
        Request::Fetch(FetchRequest {
            max_wait_ms: 500,
            min_bytes: 1,
            max_bytes: 50 * 1024 * 1024,
            isolation_level: isolation,
            partitions: vec![FetchPartition {
                tp: tp.clone(),
                fetch_offset: offset,
                partition_max_bytes: 1024 * 1024,
            }],
        }),
    ) {
        Response::Fetch(mut r) => r.partitions.remove(0).1,
        other => panic!("{other:?}"),
    }
}

/// The values a Java consumer would see from `offset` on.
fn consume(h: &mut Harness, tp: &TopicPartition, isolation: IsolationLevel) -> Vec<String> {
    let response = fetch(h, tp, 0, isolation);
    assert_eq!(response.error, ErrorCode::None);
    let aborted = response.aborted_transactions.clone().unwrap_or_default();
    consumer_records(&response.records, 0, isolation, &aborted)
        .unwrap()
        .0
        .into_iter()
        .map(|r| String::from_utf8(r.value.unwrap()).unwrap())
        .collect()
}

/// Lets the coordinator write the markers due now.
fn settle(h: &mut Harness) {
    let now = h.now_ms();
    h.run_until(now);
}

/// A cluster with topic `t` (`partitions` partitions), `__transaction_state`, and `TXN_ID`
/// initialised: returns (producer id, epoch).
fn setup(partitions: i32) -> (Harness, i64, i16) {
    let mut h = Harness::new(11);
    create(&mut h, "t", partitions, &[]);
    assert_eq!(
        find_coordinator(&mut h, TXN_ID).0,
        ErrorCode::CoordinatorNotAvailable
    );
    assert_eq!(find_coordinator(&mut h, TXN_ID), (ErrorCode::None, 0));
    let (error, pid, epoch) = init(&mut h, TXN_ID, 60_000);
    assert_eq!(error, ErrorCode::None);
    (h, pid, epoch)
}

fn tp(p: i32) -> TopicPartition {
    TopicPartition::new("t", p)
}

fn control_types(h: &Harness, tp: &TopicPartition) -> Vec<(i64, ControlRecordType)> {
    let data = h
        .cluster
        .fetch(tp, 0, usize::MAX, FetchUpperBound::Leo)
        .unwrap();
    batches(&data.records)
        .map(|b| RecordBatch::decode(b.unwrap().bytes()).unwrap())
        .filter(|b| b.header.attributes.is_control)
        .map(|b| {
            let key = b.records[0].key.clone();
            (
                b.header.base_offset,
                ControlRecordType::parse_key(key.as_deref()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn find_coordinator_creates_the_internal_topic_like_kafka() {
    let (h, pid, epoch) = setup(1);
    assert_eq!((pid, epoch), (0, 0));
    let listing = h.cluster.registry().list_topics();
    let internal = listing
        .iter()
        .find(|t| t.name == TRANSACTION_STATE_TOPIC)
        .unwrap();
    assert!(internal.internal);
    let meta = h
        .cluster
        .registry()
        .describe_topic(TRANSACTION_STATE_TOPIC)
        .unwrap();
    assert_eq!(meta.partition_count(), 50);
    assert_eq!(meta.replication_factor(), 1, "min(3, one live broker)");
    let configs: Vec<(&str, &str)> = meta.configs.iter().collect();
    for expected in [
        ("cleanup.policy", "compact"),
        ("compression.type", "uncompressed"),
        ("min.insync.replicas", "1"),
        ("segment.bytes", "104857600"),
        ("unclean.leader.election.enable", "false"),
    ] {
        assert!(configs.contains(&expected), "{expected:?} in {configs:?}");
    }
    // "orders-tx".hashCode() = -390713748 (String.hashCode's definition over UTF-16 units);
    // Utils.abs(-390713748) % 50 = 48.
    assert_eq!(h.cluster.transaction_partition_for(TXN_ID), 48);
}

#[test]
fn commit_and_abort_write_markers_to_every_partition_of_the_transaction() {
    let (mut h, pid, epoch) = setup(3);
    assert_eq!(
        add(&mut h, TXN_ID, pid, epoch, &[tp(0), tp(2)]),
        vec![ErrorCode::None; 2]
    );
    assert_eq!(
        produce_txn(
            &mut h,
            Some(TXN_ID),
            &tp(0),
            idempotent_batch(pid, epoch, 0, 2, true),
            -1
        )
        .error,
        ErrorCode::None
    );
    assert_eq!(
        produce_txn(
            &mut h,
            Some(TXN_ID),
            &tp(2),
            idempotent_batch(pid, epoch, 0, 1, true),
            -1
        )
        .error,
        ErrorCode::None
    );
    assert_eq!(end(&mut h, TXN_ID, pid, epoch, true), ErrorCode::None);
    assert_eq!(
        h.cluster.transaction(TXN_ID).unwrap().state,
        TransactionState::PrepareCommit
    );
    // Until the markers are written, the next transaction must wait.
    assert_eq!(
        add(&mut h, TXN_ID, pid, epoch, &[tp(1)]),
        vec![ErrorCode::ConcurrentTransactions]
    );
    settle(&mut h);
    assert_eq!(
        h.cluster.transaction(TXN_ID).unwrap().state,
        TransactionState::CompleteCommit
    );
    assert_eq!(
        control_types(&h, &tp(0)),
        vec![(2, ControlRecordType::Commit)]
    );
    assert_eq!(
        control_types(&h, &tp(2)),
        vec![(1, ControlRecordType::Commit)]
    );
    assert!(
        control_types(&h, &tp(1)).is_empty(),
        "partition 1 was not in the transaction"
    );

    // An abort in partitions 0 and 1.
    assert_eq!(
        add(&mut h, TXN_ID, pid, epoch, &[tp(0), tp(1)]),
        vec![ErrorCode::None; 2]
    );
    produce_txn(
        &mut h,
        Some(TXN_ID),
        &tp(0),
        idempotent_batch(pid, epoch, 2, 1, true),
        -1,
    );
    produce_txn(
        &mut h,
        Some(TXN_ID),
        &tp(1),
        idempotent_batch(pid, epoch, 0, 1, true),
        -1,
    );
    assert_eq!(end(&mut h, TXN_ID, pid, epoch, false), ErrorCode::None);
    settle(&mut h);
    assert_eq!(
        control_types(&h, &tp(0)),
        vec![
            (2, ControlRecordType::Commit),
            (4, ControlRecordType::Abort)
        ]
    );
    assert_eq!(
        control_types(&h, &tp(1)),
        vec![(1, ControlRecordType::Abort)]
    );
    let written: Vec<_> = h
        .events
        .iter()
        .filter_map(|(_, e)| match e {
            Event::Txn(TxnEvent::MarkerWritten {
                partition,
                committed,
                ..
            }) => Some((partition.partition, *committed)),
            _ => None,
        })
        .collect();
    assert_eq!(written, vec![(0, true), (2, true), (0, false), (1, false)]);
    // A retried EndTxn after completion is answered without effect.
    assert_eq!(end(&mut h, TXN_ID, pid, epoch, false), ErrorCode::None);
    assert_eq!(
        end(&mut h, TXN_ID, pid, epoch, true),
        ErrorCode::InvalidTxnState
    );
}

#[test]
fn the_lso_stays_at_the_first_open_transaction_and_read_committed_stops_there() {
    let (mut h, pid, epoch) = setup(1);
    let p = tp(0);
    produce(&mut h, &p, idempotent_batch(-1, -1, -1, 1, false), -1); // offset 0
    add(&mut h, TXN_ID, pid, epoch, std::slice::from_ref(&p));
    produce_txn(
        &mut h,
        Some(TXN_ID),
        &p,
        idempotent_batch(pid, epoch, 0, 2, true),
        -1,
    ); // 1..=2
    produce(&mut h, &p, idempotent_batch(-1, -1, -1, 1, false), -1); // 3
    let log = h.cluster.log(&p).unwrap();
    assert_eq!((log.lso(), log.hw()), (1, 4));
    let committed = fetch(&mut h, &p, 0, IsolationLevel::ReadCommitted);
    assert_eq!(
        (committed.last_stable_offset, committed.high_watermark),
        (1, 4)
    );
    assert_eq!(committed.aborted_transactions, Some(vec![]));
    assert_eq!(
        consume(&mut h, &p, IsolationLevel::ReadCommitted),
        vec!["p-1-e-1-s-1"]
    );
    let uncommitted = fetch(&mut h, &p, 0, IsolationLevel::ReadUncommitted);
    assert_eq!(uncommitted.aborted_transactions, None);
    assert_eq!(
        consume(&mut h, &p, IsolationLevel::ReadUncommitted).len(),
        4
    );
    // Aborting moves the LSO past the marker; the aborted records stay invisible.
    end(&mut h, TXN_ID, pid, epoch, false);
    assert_eq!(
        h.cluster.log(&p).unwrap().lso(),
        1,
        "markers not written yet"
    );
    settle(&mut h);
    assert_eq!(h.cluster.log(&p).unwrap().lso(), 5);
    let response = fetch(&mut h, &p, 0, IsolationLevel::ReadCommitted);
    assert_eq!(
        response
            .aborted_transactions
            .as_ref()
            .unwrap()
            .iter()
            .map(|t| (t.producer_id, t.first_offset))
            .collect::<Vec<_>>(),
        vec![(pid, 1)]
    );
    assert_eq!(
        consume(&mut h, &p, IsolationLevel::ReadCommitted),
        vec!["p-1-e-1-s-1", "p-1-e-1-s-1"]
    );
    assert!(h.events.iter().any(|(_, e)| matches!(
        e,
        Event::Producer {
            event: kplay::engine::producer_state::ProducerStateEvent::LastStableOffsetMoved {
                from: 1,
                to: 5
            },
            ..
        }
    )));
}

#[test]
fn a_second_init_with_the_same_transactional_id_fences_the_first() {
    let (mut h, pid, epoch) = setup(1);
    let p = tp(0);
    add(&mut h, TXN_ID, pid, epoch, std::slice::from_ref(&p));
    produce_txn(
        &mut h,
        Some(TXN_ID),
        &p,
        idempotent_batch(pid, epoch, 0, 1, true),
        -1,
    );
    // The new instance: its open transaction is aborted first, then it retries.
    assert_eq!(
        init(&mut h, TXN_ID, 60_000).0,
        ErrorCode::ConcurrentTransactions
    );
    settle(&mut h);
    assert_eq!(control_types(&h, &p), vec![(1, ControlRecordType::Abort)]);
    let (error, pid2, epoch2) = init(&mut h, TXN_ID, 60_000);
    assert_eq!(
        (error, pid2, epoch2),
        (ErrorCode::None, pid, 2),
        "fence to 1, then bump to 2"
    );
    // The zombie: produce gets INVALID_PRODUCER_EPOCH from the partition leader, and its
    // coordinator requests PRODUCER_FENCED.
    let zombie = produce_txn(
        &mut h,
        Some(TXN_ID),
        &p,
        idempotent_batch(pid, epoch, 1, 1, true),
        -1,
    );
    assert_eq!(
        zombie.error,
        ErrorCode::ProducerFenced,
        "verification with the coordinator fails first"
    );
    let plain = produce(&mut h, &p, idempotent_batch(pid, epoch, 1, 1, false), -1);
    assert_eq!(plain.error, ErrorCode::InvalidProducerEpoch);
    assert_eq!(
        end(&mut h, TXN_ID, pid, epoch, true),
        ErrorCode::ProducerFenced
    );
    assert_eq!(
        add(&mut h, TXN_ID, pid, epoch, std::slice::from_ref(&p)),
        vec![ErrorCode::ProducerFenced]
    );
    // The new instance works.
    assert_eq!(
        add(&mut h, TXN_ID, pid2, epoch2, std::slice::from_ref(&p)),
        vec![ErrorCode::None]
    );
    let ok = produce_txn(
        &mut h,
        Some(TXN_ID),
        &p,
        idempotent_batch(pid2, epoch2, 0, 1, true),
        -1,
    );
    assert_eq!(ok.error, ErrorCode::None);
    assert_eq!(end(&mut h, TXN_ID, pid2, epoch2, true), ErrorCode::None);
    settle(&mut h);
    assert!(h.events.iter().any(
        |(_, e)| matches!(e, Event::Txn(TxnEvent::RequestFenced { api, .. }) if api == "EndTxn")
    ));
}

#[test]
fn a_transaction_past_its_timeout_is_aborted_by_the_coordinator() {
    let mut h = Harness::new(12);
    create(&mut h, "t", 1, &[]);
    find_coordinator(&mut h, TXN_ID);
    let (_, pid, epoch) = init(&mut h, TXN_ID, 5_000);
    let p = tp(0);
    add(&mut h, TXN_ID, pid, epoch, std::slice::from_ref(&p));
    let started = h.now_ms();
    produce_txn(
        &mut h,
        Some(TXN_ID),
        &p,
        idempotent_batch(pid, epoch, 0, 1, true),
        -1,
    );
    // Checked every 10 s: not yet at 5 s, aborted at the first check after.
    h.run_until(started + 5_000);
    assert_eq!(
        h.cluster.transaction(TXN_ID).unwrap().state,
        TransactionState::Ongoing
    );
    h.run_until(started + 10_000);
    let txn = h.cluster.transaction(TXN_ID).unwrap();
    assert_eq!(
        (txn.state, txn.producer_epoch),
        (TransactionState::CompleteAbort, 1)
    );
    assert_eq!(control_types(&h, &p), vec![(1, ControlRecordType::Abort)]);
    assert!(h.events.iter().any(|(_, e)| matches!(
        e,
        Event::Txn(TxnEvent::TimedOut {
            txn_timeout_ms: 5_000,
            ..
        })
    )));
    assert_eq!(
        end(&mut h, TXN_ID, pid, epoch, true),
        ErrorCode::ProducerFenced
    );
    assert_eq!(
        consume(&mut h, &p, IsolationLevel::ReadCommitted),
        Vec::<String>::new()
    );
}

#[test]
fn transaction_state_holds_the_records_kafka_writes() {
    let (mut h, pid, epoch) = setup(1);
    add(&mut h, TXN_ID, pid, epoch, &[tp(0)]);
    produce_txn(
        &mut h,
        Some(TXN_ID),
        &tp(0),
        idempotent_batch(pid, epoch, 0, 1, true),
        -1,
    );
    end(&mut h, TXN_ID, pid, epoch, true);
    settle(&mut h);
    let partition = TopicPartition::new(
        TRANSACTION_STATE_TOPIC,
        h.cluster.transaction_partition_for(TXN_ID),
    );
    let data = h
        .cluster
        .fetch(&partition, 0, usize::MAX, FetchUpperBound::Hw)
        .unwrap();
    let decoded: Vec<(String, TransactionState, Vec<TopicPartition>, i16)> = batches(&data.records)
        .flat_map(|b| RecordBatch::decode(b.unwrap().bytes()).unwrap().records)
        .map(|r| {
            let v = read_value(r.value.as_deref()).unwrap().unwrap();
            (
                read_key(r.key.as_deref().unwrap()).unwrap(),
                v.state,
                v.topic_partitions.into_iter().collect(),
                v.producer_epoch,
            )
        })
        .collect();
    let id = TXN_ID.to_owned();
    assert_eq!(
        decoded,
        vec![
            (id.clone(), TransactionState::Empty, vec![], 0),
            (id.clone(), TransactionState::Ongoing, vec![tp(0)], 0),
            (id.clone(), TransactionState::PrepareCommit, vec![tp(0)], 0),
            (id, TransactionState::CompleteCommit, vec![], 0),
        ]
    );
}

#[test]
fn produce_to_a_partition_not_added_is_refused_and_unknown_partitions_add_nothing() {
    let (mut h, pid, epoch) = setup(2);
    add(&mut h, TXN_ID, pid, epoch, &[tp(0)]);
    let refused = produce_txn(
        &mut h,
        Some(TXN_ID),
        &tp(1),
        idempotent_batch(pid, epoch, 0, 1, true),
        -1,
    );
    assert_eq!(refused.error, ErrorCode::InvalidTxnState);
    assert_eq!(
        refused.error_message.as_deref(),
        Some("Partition was not added to the transaction")
    );
    assert_eq!(h.cluster.log(&tp(1)).unwrap().leo(), 0);
    let results = add(
        &mut h,
        TXN_ID,
        pid,
        epoch,
        &[tp(1), TopicPartition::new("nope", 0)],
    );
    assert_eq!(
        results,
        vec![
            ErrorCode::OperationNotAttempted,
            ErrorCode::UnknownTopicOrPartition
        ]
    );
    assert!(!h
        .cluster
        .transaction(TXN_ID)
        .unwrap()
        .topic_partitions
        .contains(&tp(1)));
    // Bad requests.
    assert_eq!(init(&mut h, "", 60_000).0, ErrorCode::InvalidRequest);
    assert_eq!(
        init(&mut h, "other", 900_001).0,
        ErrorCode::InvalidTransactionTimeout
    );
    assert_eq!(
        end(&mut h, "unknown", 0, 0, true),
        ErrorCode::InvalidProducerIdMapping
    );
    assert_eq!(
        end(&mut h, TXN_ID, pid + 1, epoch, true),
        ErrorCode::InvalidProducerIdMapping
    );
}

#[test]
fn add_offsets_adds_the_groups_offsets_partition() {
    let (mut h, pid, epoch) = setup(1);
    let response = send(
        &mut h,
        Request::AddOffsetsToTxn(AddOffsetsToTxnRequest {
            transactional_id: TXN_ID.to_owned(),
            producer_id: pid,
            producer_epoch: epoch,
            group_id: "g".to_owned(),
        }),
    );
    assert!(matches!(response, Response::AddOffsetsToTxn(r) if r.error == ErrorCode::None));
    // "g".hashCode() = 103; 103 % 50 = 3.
    let offsets_tp = TopicPartition::new("__consumer_offsets", 3);
    assert!(h
        .cluster
        .transaction(TXN_ID)
        .unwrap()
        .topic_partitions
        .contains(&offsets_tp));
    assert_eq!(end(&mut h, TXN_ID, pid, epoch, true), ErrorCode::None);
    settle(&mut h);
    assert_eq!(
        h.cluster.transaction(TXN_ID).unwrap().state,
        TransactionState::CompleteCommit
    );
    assert!(h.events.iter().any(|(_, e)| matches!(e, Event::Txn(TxnEvent::MarkerSkipped { partition, .. }) if *partition == offsets_tp)));
}

#[derive(Debug, Clone)]
enum Op {
    Plain(u8),
    Txn(u8),
    Commit,
    Abort,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1u8..4).prop_map(Op::Plain),
        (1u8..4).prop_map(Op::Txn),
        Just(Op::Commit),
        Just(Op::Abort),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Random interleavings of plain and transactional produces, commits and aborts, with two
    /// transactional producers: `read_committed` sees exactly the committed and plain records,
    /// in offset order, and never a record at or past the LSO.
    #[test]
    fn read_committed_sees_exactly_committed_and_plain_records(ops in proptest::collection::vec((0usize..2, op()), 1..40)) {
        let (mut h, _, _) = setup(1);
        let p = tp(0);
        let ids = ["tx-a", "tx-b"];
        let mut producers = Vec::new();
        for id in ids {
            find_coordinator(&mut h, id);
            let (e, pid, epoch) = init(&mut h, id, 60_000);
            prop_assert_eq!(e, ErrorCode::None);
            producers.push((pid, epoch, 0i32, false, Vec::<(i64, String)>::new()));
        }
        let mut expected: Vec<(i64, String)> = Vec::new(); // (offset, value) visible at the end
        let mut counter = 0;
        for (who, op) in ops {
            let id = ids[who];
            let (pid, epoch, seq, open, pending) = &mut producers[who];
            match op {
                Op::Plain(n) => {
                    let before = h.cluster.log(&p).unwrap().leo();
                    let r = produce(&mut h, &p, idempotent_batch(-1, -1, counter, n as usize, false), -1);
                    prop_assert_eq!(r.error, ErrorCode::None);
                    for i in 0..n as i64 {
                        expected.push((before + i, format!("p-1-e-1-s{}", counter as i64 + i)));
                    }
                    counter += i32::from(n);
                }
                Op::Txn(n) => {
                    if !*open {
                        prop_assert_eq!(add(&mut h, id, *pid, *epoch, std::slice::from_ref(&p)), vec![ErrorCode::None]);
                        *open = true;
                    }
                    let before = h.cluster.log(&p).unwrap().leo();
                    let r = produce_txn(&mut h, Some(id), &p, idempotent_batch(*pid, *epoch, *seq, n as usize, true), -1);
                    prop_assert_eq!(r.error, ErrorCode::None);
                    for i in 0..n as i64 {
                        pending.push((before + i, format!("p{}-e{}-s{}", pid, epoch, *seq as i64 + i)));
                    }
                    *seq += i32::from(n);
                }
                Op::Commit | Op::Abort => {
                    if *open {
                        let commit = matches!(op, Op::Commit);
                        prop_assert_eq!(end(&mut h, id, *pid, *epoch, commit), ErrorCode::None);
                        settle(&mut h);
                        if commit {
                            expected.append(pending);
                        }
                        pending.clear();
                        *open = false;
                    }
                }
            }
        }
        expected.sort();
        let lso = h.cluster.log(&p).unwrap().lso();
        let response = fetch(&mut h, &p, 0, IsolationLevel::ReadCommitted);
        let aborted = response.aborted_transactions.clone().unwrap();
        let (records, _) = consumer_records(&response.records, 0, IsolationLevel::ReadCommitted, &aborted).unwrap();
        let seen: Vec<(i64, String)> = records
            .iter()
            .map(|r| (r.offset, String::from_utf8(r.value.clone().unwrap()).unwrap()))
            .collect();
        prop_assert!(seen.iter().all(|(o, _)| *o < lso));
        let visible: Vec<(i64, String)> = expected.into_iter().filter(|(o, _)| *o < lso).collect();
        prop_assert_eq!(seen, visible);
    }
}
