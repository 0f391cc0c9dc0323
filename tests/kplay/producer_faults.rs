//! Delivery guarantees under the network's faults, without idempotence: at-most-once
//! (`acks=0` and a lost request), at-least-once (a lost response, a retry, a duplicate) and
//! reordering (several requests in flight, one lost and retried after a later one landed).

use kplay::engine::event::Event;
use kplay::engine::net::{Fault, NetEvent};
use kplay::engine::producer::event::ProducerEvent;
use kplay::engine::producer::UNKNOWN_OFFSET;
use kplay::engine::profile::VersionProfile;

use super::producer_harness::{value_record, PlayHarness};

#[test]
fn at_most_once_acks_0_and_a_lost_request_lose_the_record_silently() {
    let mut h = PlayHarness::new(VersionProfile::Kafka2_5, 1, 1);
    h.create_topic("t", 1);
    let p = h.producer(&[("acks", "0")]);
    h.pg.inject(Fault::DropNextRequest {
        client: p,
        broker: 0,
    });
    let lost = h.send(p, value_record("t", "lost"));
    h.sleep(1000);
    let d = h.result(p, lost).unwrap();
    // Kafka reports success: with acks=0 there is nobody to say otherwise.
    assert!(d.is_ok());
    assert_eq!(d.offset, UNKNOWN_OFFSET);
    assert!(h.values("t", 0).is_empty(), "the record is gone");
    assert!(h
        .events
        .iter()
        .any(|(_, e)| matches!(e, Event::Net(NetEvent::Dropped { .. }))));
    // Without the fault the same send arrives.
    h.send(p, value_record("t", "kept"));
    h.sleep(10);
    assert_eq!(h.values("t", 0), vec!["kept"]);
}

#[test]
fn at_least_once_a_lost_response_and_a_retry_append_the_record_twice() {
    let mut h = PlayHarness::new(VersionProfile::Kafka2_5, 1, 1);
    h.create_topic("t", 1);
    let p = h.producer(&[("acks", "1"), ("request.timeout.ms", "1000")]);
    h.pg.inject(Fault::DropNextResponse {
        client: p,
        broker: 0,
    });
    let start = h.now_ms();
    let id = h.send(p, value_record("t", "twice"));
    h.run_until(start + 999);
    assert_eq!(h.values("t", 0), vec!["twice"], "the broker appended it");
    assert!(
        h.result(p, id).is_none(),
        "but the producer never heard back"
    );
    h.run_until(start + 2000);
    let d = h.result(p, id).unwrap();
    assert!(d.is_ok());
    assert_eq!(d.offset, 1, "the retry's append is the one reported");
    assert_eq!(h.values("t", 0), vec!["twice", "twice"]);
    let retried = h.events.iter().any(|(_, e)| {
        matches!(
            e,
            Event::ProducerClient {
                event: ProducerEvent::BatchRetried { error, .. },
                ..
            } if error.name() == "REQUEST_TIMED_OUT"
        )
    });
    assert!(retried);
}

fn reordering_run(max_in_flight: &'static str) -> Vec<String> {
    let mut h = PlayHarness::new(VersionProfile::Kafka2_5, 1, 1);
    h.create_topic("t", 1);
    let p = h.producer(&[
        ("acks", "1"),
        ("max.in.flight.requests.per.connection", max_in_flight),
        ("request.timeout.ms", "1000"),
    ]);
    h.pg.inject(Fault::DropNextRequest {
        client: p,
        broker: 0,
    });
    let a = h.send(p, value_record("t", "A").to_partition(0));
    h.sleep(10);
    let b = h.send(p, value_record("t", "B").to_partition(0));
    h.sleep(5000);
    assert!(h.result(p, a).unwrap().is_ok() && h.result(p, b).unwrap().is_ok());
    h.values("t", 0)
}

#[test]
fn reordering_a_lost_request_retried_after_a_later_one_succeeded() {
    // Five requests may be in flight: B's request goes while A's is lost; A is retried after
    // its request times out and lands behind B.
    assert_eq!(reordering_run("5"), vec!["B", "A"]);
    // One request in flight: B waits for A's outcome, so the order holds.
    assert_eq!(reordering_run("1"), vec!["A", "B"]);
}

#[test]
fn a_slow_broker_delays_but_does_not_lose() {
    let mut h = PlayHarness::new(VersionProfile::Kafka4x, 1, 1);
    h.create_topic("t", 1);
    let p = h.producer(&[("enable.idempotence", "false"), ("linger.ms", "0")]);
    h.pg.inject(Fault::SlowBroker {
        broker: 0,
        processing_ms: 300,
    });
    let start = h.now_ms();
    let id = h.send(p, value_record("t", "slow"));
    h.run_until(start + 300);
    assert!(h.values("t", 0).is_empty());
    h.run_until(start + 302);
    assert_eq!(h.result(p, id).unwrap().offset, 0);
}
