//! The transactional producer against the transaction coordinator, over the network:
//! initTransactions, AddPartitionsToTxn before a partition's first batch, commit and abort
//! (EndTxn once the batches are flushed), what `read_committed` then sees, fencing by a newer
//! producer with the same `transactional.id`, and Kafka's errors for illegal calls; and
//! consume-transform-produce: `sendOffsetsToTransaction` (AddOffsetsToTxn, then TxnOffsetCommit
//! to the group coordinator) makes a group's offsets committed only with the transaction.

use kplay::engine::completed_fetch::consumer_records;
use kplay::engine::event::Event;
use kplay::engine::playground::{Input, ProducerId};
use kplay::engine::producer::event::ProducerEvent;
use kplay::engine::producer::transaction_manager::TransactionState;
use kplay::engine::profile::VersionProfile;
use kplay::engine::protocol::{FetchPartition, FetchRequest, IsolationLevel, Request, Response};
use kplay::engine::topic_partition::TopicPartition;

use super::producer_harness::{value_record, PlayHarness};

/// What a Java consumer with `isolation` would read from a partition.
fn consume(
    h: &mut PlayHarness,
    topic: &str,
    partition: i32,
    isolation: IsolationLevel,
) -> Vec<String> {
    let now = h.now_ms();
    let request = Request::Fetch(FetchRequest {
        max_wait_ms: 0,
        min_bytes: 1,
        max_bytes: 1 << 20,
        isolation_level: isolation,
        partitions: vec![FetchPartition {
            tp: TopicPartition::new(topic, partition),
            fetch_offset: 0,
            partition_max_bytes: 1 << 20,
        }],
    });
    let Some(Response::Fetch(mut r)) = h.pg.cluster_mut().handle_request(request, now) else {
        panic!("a fetch is answered")
    };
    let p = r.partitions.remove(0).1;
    let aborted = p.aborted_transactions.clone().unwrap_or_default();
    consumer_records(&p.records, 0, isolation, &aborted)
        .unwrap()
        .0
        .into_iter()
        .map(|r| String::from_utf8(r.value.unwrap()).unwrap())
        .collect()
}

fn state(h: &PlayHarness, p: ProducerId) -> TransactionState {
    h.pg.producer(p).unwrap().transaction_state().unwrap()
}

fn ready_producer(h: &mut PlayHarness, txn_id: &'static str) -> ProducerId {
    let p = h.producer(&[("transactional.id", txn_id)]);
    call(h, Input::InitTransactions { producer: p }).unwrap();
    // FindCoordinator (the first creates __transaction_state and is answered
    // COORDINATOR_NOT_AVAILABLE), then InitProducerId, each retry after retry.backoff.ms.
    h.sleep(1000);
    assert_eq!(
        state(h, p),
        TransactionState::Ready,
        "{:#?}",
        h.events.iter().rev().take(8).collect::<Vec<_>>()
    );
    p
}

/// One input now, then the step it triggers; the error as Java would print it.
fn call(h: &mut PlayHarness, input: Input) -> Result<(), String> {
    let now = h.now_ms();
    let r =
        h.pg.handle(input, now)
            .map(|_| ())
            .map_err(|e| e.to_string());
    h.collect();
    r
}

fn begin(p: ProducerId) -> Input {
    Input::BeginTransaction { producer: p }
}

fn commit(p: ProducerId) -> Input {
    Input::CommitTransaction { producer: p }
}

fn abort(p: ProducerId) -> Input {
    Input::AbortTransaction { producer: p }
}

#[test]
fn a_committed_transaction_is_read_committed_and_partitions_are_added_first() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 9, 1);
    h.create_topic("t", 2);
    let p = ready_producer(&mut h, "tx");
    call(&mut h, begin(p)).unwrap();
    for i in 0..3 {
        h.send(p, value_record("t", &format!("c{i}")).to_partition(i % 2));
    }
    h.sleep(20);
    assert!(
        consume(&mut h, "t", 0, IsolationLevel::ReadCommitted).is_empty(),
        "open transaction"
    );
    assert_eq!(
        consume(&mut h, "t", 0, IsolationLevel::ReadUncommitted),
        vec!["c0", "c2"]
    );
    call(&mut h, commit(p)).unwrap();
    h.sleep(200);
    assert_eq!(state(&h, p), TransactionState::Ready);
    assert_eq!(h.pg.producer(p).unwrap().pending_operation(), None);
    assert_eq!(
        consume(&mut h, "t", 0, IsolationLevel::ReadCommitted),
        vec!["c0", "c2"]
    );
    assert_eq!(
        consume(&mut h, "t", 1, IsolationLevel::ReadCommitted),
        vec!["c1"]
    );
    // AddPartitionsToTxn went out before the first Produce, and EndTxn last.
    let apis: Vec<String> = h
        .events
        .iter()
        .filter_map(|(_, e)| match e {
            Event::ProducerClient {
                event: ProducerEvent::RequestSent { api, .. },
                ..
            } => Some(api.clone()),
            _ => None,
        })
        .collect();
    let first_add = apis.iter().position(|a| a == "AddPartitionsToTxn").unwrap();
    let first_produce = apis.iter().position(|a| a == "Produce").unwrap();
    assert!(first_add < first_produce, "{apis:?}");
    assert_eq!(apis.last().map(String::as_str), Some("EndTxn"), "{apis:?}");
}

#[test]
fn aborted_records_are_invisible_to_read_committed() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 9, 1);
    h.create_topic("t", 1);
    let p = ready_producer(&mut h, "tx");
    call(&mut h, begin(p)).unwrap();
    let sent = h.send(p, value_record("t", "aborted"));
    h.sleep(20);
    call(&mut h, abort(p)).unwrap();
    h.sleep(200);
    assert_eq!(state(&h, p), TransactionState::Ready);
    assert!(
        h.result(p, sent).unwrap().is_ok(),
        "the record reached the log"
    );
    assert_eq!(
        consume(&mut h, "t", 0, IsolationLevel::ReadUncommitted),
        vec!["aborted"]
    );
    assert!(consume(&mut h, "t", 0, IsolationLevel::ReadCommitted).is_empty());
    // The next transaction commits normally.
    call(&mut h, begin(p)).unwrap();
    h.send(p, value_record("t", "kept"));
    call(&mut h, commit(p)).unwrap();
    h.sleep(200);
    assert_eq!(
        consume(&mut h, "t", 0, IsolationLevel::ReadCommitted),
        vec!["kept"]
    );
}

#[test]
fn aborting_fails_the_batches_not_yet_sent() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 9, 1);
    h.create_topic("t", 1);
    let p = ready_producer(&mut h, "tx");
    call(&mut h, begin(p)).unwrap();
    let now = h.now_ms();
    // Sent and aborted at once: the batch never left the accumulator.
    let id = h.pg.send(p, value_record("t", "never"), now).unwrap();
    call(&mut h, abort(p)).unwrap();
    h.sleep(200);
    let e = h.result(p, id).unwrap().error.clone().unwrap();
    assert_eq!(e.exception, "TransactionAbortedException");
    assert_eq!(e.message, "Failing batch since transaction was aborted");
    assert!(consume(&mut h, "t", 0, IsolationLevel::ReadUncommitted).is_empty());
}

#[test]
fn a_newer_producer_with_the_same_transactional_id_fences_the_older() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 9, 1);
    h.create_topic("t", 1);
    let old = ready_producer(&mut h, "tx");
    call(&mut h, begin(old)).unwrap();
    h.send(old, value_record("t", "zombie"));
    h.sleep(20);
    let new = ready_producer(&mut h, "tx");
    let (old_pid, old_epoch) = h.pg.producer(old).unwrap().producer_id_and_epoch();
    let (new_pid, new_epoch) = h.pg.producer(new).unwrap().producer_id_and_epoch();
    assert_eq!(old_pid, new_pid);
    assert!(new_epoch > old_epoch);
    call(&mut h, commit(old)).unwrap();
    h.sleep(200);
    assert_eq!(state(&h, old), TransactionState::FatalError);
    let e = call(&mut h, begin(old)).unwrap_err();
    assert!(e.starts_with("ProducerFencedException"), "{e}");
    let now = h.now_ms();
    let refused = h.pg.send(old, value_record("t", "x"), now).unwrap_err();
    assert!(
        refused.to_string().contains("Cannot perform send"),
        "{refused}"
    );
    // The zombie's records never become visible; the new producer works.
    assert!(consume(&mut h, "t", 0, IsolationLevel::ReadCommitted).is_empty());
    call(&mut h, begin(new)).unwrap();
    h.send(new, value_record("t", "fresh"));
    call(&mut h, commit(new)).unwrap();
    h.sleep(200);
    assert_eq!(
        consume(&mut h, "t", 0, IsolationLevel::ReadCommitted),
        vec!["fresh"]
    );
}

#[test]
fn illegal_calls_fail_with_kafkas_errors() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 9, 1);
    h.create_topic("t", 1);
    let p = h.producer(&[("transactional.id", "tx")]);
    let e = call(&mut h, begin(p)).unwrap_err();
    assert_eq!(
        e,
        "KafkaException: TransactionalId tx: Invalid transition attempted from state UNINITIALIZED to state IN_TRANSACTION"
    );
    let now = h.now_ms();
    let e = h.pg.send(p, value_record("t", "x"), now).unwrap_err();
    assert_eq!(
        e.to_string(),
        "IllegalStateException: Cannot perform a 'send' before completing a call to initTransactions when transactions are enabled."
    );
    call(&mut h, Input::InitTransactions { producer: p }).unwrap();
    h.sleep(1000);
    let now = h.now_ms();
    let e = h.pg.send(p, value_record("t", "x"), now).unwrap_err();
    assert_eq!(
        e.to_string(),
        "IllegalStateException: Cannot call send in state READY"
    );
    let plain = h.producer(&[]);
    let e = call(&mut h, commit(plain)).unwrap_err();
    assert!(e.contains("without enabling transactions"), "{e}");
}

#[test]
fn send_offsets_to_transaction_adds_the_groups_offsets() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 9, 1);
    h.create_topic("t", 1);
    let p = ready_producer(&mut h, "tx");
    call(&mut h, begin(p)).unwrap();
    call(
        &mut h,
        Input::SendOffsetsToTransaction {
            producer: p,
            offsets: vec![(TopicPartition::new("in", 0), 42)],
            group_id: "group-1".into(),
        },
    )
    .unwrap();
    // The first FindCoordinator GROUP creates `__consumer_offsets` and is answered
    // COORDINATOR_NOT_AVAILABLE; the call completes with TxnOffsetCommit.
    h.sleep(1000);
    assert_eq!(h.pg.producer(p).unwrap().pending_operation(), None);
    let apis = apis_sent(&h);
    for api in ["AddOffsetsToTxn", "FindCoordinator", "TxnOffsetCommit"] {
        assert!(apis.iter().any(|a| a == api), "{api} in {apis:?}");
    }
    call(&mut h, commit(p)).unwrap();
    h.sleep(200);
    assert_eq!(state(&h, p), TransactionState::Ready);
}

/// The group's committed offset of `tp`, as `kafka-consumer-groups --describe` shows it.
fn committed_offset(h: &PlayHarness, group: &str, tp: &TopicPartition) -> Option<i64> {
    h.pg.cluster()
        .describe_group(group)?
        .partitions
        .iter()
        .find(|p| &p.topic_partition == tp)
        .and_then(|p| p.committed_offset)
}

fn apis_sent(h: &PlayHarness) -> Vec<String> {
    h.events
        .iter()
        .filter_map(|(_, e)| match e {
            Event::ProducerClient {
                event: ProducerEvent::RequestSent { api, .. },
                ..
            } => Some(api.clone()),
            _ => None,
        })
        .collect()
}

/// One consume-transform-produce round: the input's records upper-cased to `out`, and the
/// consumed position sent to the transaction for `group`.
fn transform_round(h: &mut PlayHarness, p: ProducerId, group: &str, input: &[&str], position: i64) {
    call(h, begin(p)).unwrap();
    for value in input {
        h.send(p, value_record("out", &value.to_uppercase()));
    }
    call(
        h,
        Input::SendOffsetsToTransaction {
            producer: p,
            offsets: vec![(TopicPartition::new("in", 0), position)],
            group_id: group.into(),
        },
    )
    .unwrap();
    // AddOffsetsToTxn, FindCoordinator GROUP, TxnOffsetCommit; the first lookup of a group
    // coordinator may wait for `__consumer_offsets` to be created.
    h.sleep(1000);
    assert_eq!(
        h.pg.producer(p).unwrap().pending_operation(),
        None,
        "{:#?}",
        h.events.iter().rev().take(12).collect::<Vec<_>>()
    );
}

#[test]
fn consume_transform_produce_commits_the_groups_offsets_with_the_transaction() {
    const GROUP: &str = "ctp";
    let input = TopicPartition::new("in", 0);
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 9, 1);
    h.create_topic("in", 1);
    h.create_topic("out", 1);
    let plain = h.producer(&[]);
    for value in ["a", "b", "c", "d", "e"] {
        h.send(plain, value_record("in", value));
    }
    h.sleep(200);
    assert_eq!(h.values("in", 0), vec!["a", "b", "c", "d", "e"]);
    let p = ready_producer(&mut h, "ctp-tx");

    // Round one: consumed a, b, c; commits.
    transform_round(&mut h, p, GROUP, &["a", "b", "c"], 3);
    let apis = apis_sent(&h);
    let add = apis.iter().position(|a| a == "AddOffsetsToTxn").unwrap();
    let commit_offsets = apis.iter().position(|a| a == "TxnOffsetCommit").unwrap();
    assert!(add < commit_offsets, "{apis:?}");
    assert_eq!(
        h.pg.producer(p).unwrap().transaction_state(),
        Some(TransactionState::InTransaction)
    );
    assert_eq!(
        committed_offset(&h, GROUP, &input),
        None,
        "pending until the transaction commits"
    );
    assert!(consume(&mut h, "out", 0, IsolationLevel::ReadCommitted).is_empty());
    call(&mut h, commit(p)).unwrap();
    h.sleep(200);
    assert_eq!(state(&h, p), TransactionState::Ready);
    assert_eq!(committed_offset(&h, GROUP, &input), Some(3));
    assert_eq!(
        consume(&mut h, "out", 0, IsolationLevel::ReadCommitted),
        vec!["A", "B", "C"]
    );

    // Round two: consumed d, e; aborts. The group keeps the offset of round one.
    transform_round(&mut h, p, GROUP, &["d", "e"], 5);
    assert_eq!(committed_offset(&h, GROUP, &input), Some(3));
    call(&mut h, abort(p)).unwrap();
    h.sleep(200);
    assert_eq!(state(&h, p), TransactionState::Ready);
    assert_eq!(committed_offset(&h, GROUP, &input), Some(3));
    assert_eq!(
        consume(&mut h, "out", 0, IsolationLevel::ReadCommitted),
        vec!["A", "B", "C"]
    );
    assert_eq!(
        consume(&mut h, "out", 0, IsolationLevel::ReadUncommitted),
        vec!["A", "B", "C", "D", "E"]
    );

    // Round three, retrying d and e from the committed position, commits.
    transform_round(&mut h, p, GROUP, &["d", "e"], 5);
    call(&mut h, commit(p)).unwrap();
    h.sleep(200);
    assert_eq!(committed_offset(&h, GROUP, &input), Some(5));
    assert_eq!(
        consume(&mut h, "out", 0, IsolationLevel::ReadCommitted),
        vec!["A", "B", "C", "D", "E"]
    );
}

/// `close()` with a transaction open aborts it (`Sender.run` on a graceful close): nothing of
/// it is visible to `read_committed`, and the close waits for the abort to finish.
#[test]
fn closing_with_an_open_transaction_aborts_it() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 3, 1);
    h.create_topic("t", 1);
    let p = ready_producer(&mut h, "closer");
    call(&mut h, Input::BeginTransaction { producer: p }).unwrap();
    h.send(p, value_record("t", "never committed"));
    h.sleep(50);
    let now = h.now_ms();
    h.pg.close_producer(p, now).unwrap();
    h.collect();
    assert_eq!(state(&h, p), TransactionState::Ready, "the abort completed");
    assert!(consume(&mut h, "t", 0, IsolationLevel::ReadCommitted).is_empty());
    assert_eq!(
        consume(&mut h, "t", 0, IsolationLevel::ReadUncommitted),
        ["never committed"]
    );
}
