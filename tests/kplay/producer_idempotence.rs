//! The idempotent producer (Kafka 4.x defaults) against the broker's producer state:
//! InitProducerId, per-partition sequences on batches, a retry keeping its sequence, the
//! duplicate of a lost response appended once (twice without idempotence), and order kept
//! with five requests in flight.

use kplay::engine::event::Event;
use kplay::engine::net::Fault;
use kplay::engine::producer::event::ProducerEvent;
use kplay::engine::producer::transaction_manager::TransactionState;
use kplay::engine::profile::VersionProfile;

use super::producer_harness::{value_record, PlayHarness};

#[test]
fn batches_carry_the_producer_id_and_per_partition_sequences() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 4, 1);
    h.create_topic("t", 2);
    let p = h.producer(&[("linger.ms", "0")]);
    for i in 0..3 {
        h.send(p, value_record("t", &format!("a{i}")).to_partition(0));
        h.send(p, value_record("t", &format!("b{i}")).to_partition(1));
        h.sleep(10);
    }
    let producer = h.pg.producer(p).unwrap();
    assert_eq!(producer.transaction_state(), Some(TransactionState::Ready));
    let (pid, epoch) = producer.producer_id_and_epoch();
    assert!(
        pid >= 0 && epoch == 0,
        "InitProducerId answered: {pid}/{epoch}"
    );
    for partition in [0, 1] {
        let log = h.log("t", partition);
        assert_eq!(log.len(), 3);
        for (i, r) in log.iter().enumerate() {
            assert_eq!((r.producer_id, r.sequence), (pid, i as i32));
        }
    }
    let init_first = h.events.iter().find_map(|(_, e)| match e {
        Event::ProducerClient {
            event: ProducerEvent::RequestSent { api, .. },
            ..
        } => Some(api.clone()),
        _ => None,
    });
    assert_eq!(init_first.as_deref(), Some("InitProducerId"));
}

/// Sends one record whose first response is lost, and returns the log and the offset the
/// producer reported.
fn lost_response(configs: &[(&str, &str)]) -> (Vec<String>, i64, Vec<i32>) {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 4, 1);
    h.create_topic("t", 1);
    let mut all = vec![("linger.ms", "0"), ("request.timeout.ms", "1000")];
    all.extend_from_slice(configs);
    let p = h.producer(&all);
    h.sleep(10); // InitProducerId, if idempotent
    h.pg.inject(Fault::DropNextResponse {
        client: p,
        broker: 0,
    });
    let id = h.send(p, value_record("t", "once?"));
    h.sleep(3000);
    let d = h.result(p, id).unwrap().clone();
    assert!(d.is_ok(), "{d:?}");
    let sequences = h.log("t", 0).iter().map(|r| r.sequence).collect();
    (h.values("t", 0), d.offset, sequences)
}

#[test]
fn a_retried_duplicate_is_appended_once_with_idempotence_and_twice_without() {
    let (log, offset, sequences) = lost_response(&[]);
    assert_eq!(
        log,
        vec!["once?"],
        "the broker recognised the retry's sequence"
    );
    assert_eq!(offset, 0, "and answered with the original offset");
    assert_eq!(sequences, vec![0]);

    let (log, offset, sequences) = lost_response(&[("enable.idempotence", "false")]);
    assert_eq!(log, vec!["once?", "once?"]);
    assert_eq!(offset, 1);
    assert_eq!(sequences, vec![-1, -1]);
}

#[test]
fn idempotence_keeps_order_with_five_requests_in_flight() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 4, 1);
    h.create_topic("t", 1);
    let p = h.producer(&[("linger.ms", "0"), ("request.timeout.ms", "1000")]);
    h.send(p, value_record("t", "first").to_partition(0));
    h.sleep(10);
    h.pg.inject(Fault::DropNextRequest {
        client: p,
        broker: 0,
    });
    let a = h.send(p, value_record("t", "A").to_partition(0));
    h.sleep(10);
    let b = h.send(p, value_record("t", "B").to_partition(0));
    h.sleep(5000);
    assert!(h.result(p, a).unwrap().is_ok());
    assert!(h.result(p, b).unwrap().is_ok());
    // B reached the broker first and was refused for its gap; both were retried in
    // sequence order.
    assert_eq!(h.values("t", 0), vec!["first", "A", "B"]);
    let refused = h.events.iter().any(|(_, e)| {
        matches!(
            e,
            Event::ProducerClient {
                event: ProducerEvent::BatchRetried { error, .. },
                ..
            } if error.name() == "OUT_OF_ORDER_SEQUENCE_NUMBER"
        )
    });
    assert!(refused);
}

#[test]
fn a_lost_init_producer_id_is_retried_and_holds_back_produce_data() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 4, 1);
    h.create_topic("t", 1);
    // The producer's first request is InitProducerId; lose its response.
    h.pg.inject(Fault::DropNextResponse {
        client: 0,
        broker: 0,
    });
    let p = h.producer(&[("linger.ms", "0"), ("request.timeout.ms", "1000")]);
    let start = h.now_ms();
    let id = h.send(p, value_record("t", "waits"));
    h.run_until(start + 999);
    assert!(
        h.values("t", 0).is_empty(),
        "no produce data before a producer id"
    );
    h.run_until(start + 1500);
    let d = h.result(p, id).unwrap();
    assert_eq!((d.offset, d.error.clone()), (0, None));
    let (pid, _) = h.pg.producer(p).unwrap().producer_id_and_epoch();
    assert_eq!(h.log("t", 0)[0].producer_id, pid);
    assert!(pid > 0, "the second InitProducerId got a new id: {pid}");
}
