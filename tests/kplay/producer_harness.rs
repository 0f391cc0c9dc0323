//! A simulated-clock harness for a [`Playground`]: it owns the time, steps to the next
//! timeout a bounded number of times, and reads back delivery results and partition logs.

use kplay::engine::event::Event;
use kplay::engine::log::FetchUpperBound;
use kplay::engine::playground::{Playground, PlaygroundConfig, ProducerId};
use kplay::engine::producer::delivery::DeliveryResult;
use kplay::engine::producer::record::{ProducerRecord, RecordId};
use kplay::engine::profile::VersionProfile;
use kplay::engine::record::batches;
use kplay::engine::topic::registry::CreateTopicRequest;
use kplay::engine::topic_partition::TopicPartition;
use kplay::storage::memory::MemoryStorage;

use super::harness::START_MS;

/// How many timeouts one `run_until` may step through.
pub const MAX_STEPS: usize = 100_000;

pub struct PlayHarness {
    pub pg: Playground<MemoryStorage>,
    /// Every delivery result seen so far, per producer.
    pub delivered: Vec<Vec<DeliveryResult>>,
    next_event_seq: u64,
    pub events: Vec<(i64, Event)>,
}

/// A record as read back from a partition log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogRecord {
    pub offset: i64,
    pub key: Option<Vec<u8>>,
    pub value: Option<Vec<u8>>,
    pub producer_id: i64,
    pub sequence: i32,
}

impl PlayHarness {
    pub fn new(profile: VersionProfile, seed: u64, latency_ms: i64) -> PlayHarness {
        PlayHarness::with_broker_configs(profile, seed, latency_ms, &[])
    }

    /// A harness whose brokers start with these static configs (`server.properties`).
    pub fn with_broker_configs(
        profile: VersionProfile,
        seed: u64,
        latency_ms: i64,
        broker_configs: &[(&str, &str)],
    ) -> PlayHarness {
        // One broker: these scenarios are about the client, and their faults name the link
        // to broker 0, which leads every partition. `tests/kplay/replication.rs` has three.
        let mut config = PlaygroundConfig::with_brokers(seed, profile, 1);
        config.latency_ms = latency_ms;
        for (name, value) in broker_configs {
            config
                .cluster
                .broker
                .set(name, value)
                .expect("a valid broker config");
        }
        PlayHarness {
            pg: Playground::new(config, MemoryStorage::new(), START_MS),
            delivered: Vec::new(),
            next_event_seq: 0,
            events: Vec::new(),
        }
    }

    pub fn now_ms(&self) -> i64 {
        self.pg.now_ms()
    }

    pub fn create_topic(&mut self, name: &str, partitions: i32) {
        let now = self.now_ms();
        self.pg
            .cluster_mut()
            .create_topic(&CreateTopicRequest::new(name, partitions, 1), false, now)
            .expect("create topic");
        self.pg.collect_events();
    }

    pub fn producer(&mut self, configs: &[(&str, &str)]) -> ProducerId {
        let now = self.now_ms();
        let id = self
            .pg
            .create_producer(configs, now)
            .expect("producer config");
        while self.delivered.len() <= id as usize {
            self.delivered.push(Vec::new());
        }
        id
    }

    pub fn send(&mut self, producer: ProducerId, record: ProducerRecord) -> RecordId {
        let now = self.now_ms();
        let id = self.pg.send(producer, record, now).expect("send accepted");
        self.collect();
        id
    }

    pub fn collect(&mut self) {
        self.pg.collect_events();
        for (index, sink) in self.delivered.iter_mut().enumerate() {
            while let Some(d) = self.pg.poll_delivery(index as ProducerId) {
                sink.push(d);
            }
        }
        for e in self.pg.events().since(self.next_event_seq) {
            self.events.push((e.time_ms, e.event.clone()));
        }
        self.next_event_seq = self.pg.events().next_seq();
    }

    /// Runs every timeout due up to `until_ms`, then sets the clock there.
    pub fn run_until(&mut self, until_ms: i64) {
        for _ in 0..MAX_STEPS {
            match self.pg.poll_timeout() {
                Some(t) if t <= until_ms => {
                    let t = t.max(self.now_ms());
                    self.pg.handle_timeout(t);
                    self.collect();
                }
                _ => {
                    self.pg.handle_timeout(until_ms);
                    self.collect();
                    return;
                }
            }
        }
        let tail: Vec<_> = self.events.iter().rev().take(12).collect();
        panic!(
            "more than {MAX_STEPS} timeouts before {until_ms}: the playground makes no progress; next timeout {:?} at {}; last events {tail:#?}",
            self.pg.poll_timeout(),
            self.now_ms()
        );
    }

    pub fn sleep(&mut self, ms: i64) {
        let until = self.now_ms() + ms;
        self.run_until(until);
    }

    /// The delivery result of `record` from `producer`, if it came.
    pub fn result(&self, producer: ProducerId, record: RecordId) -> Option<&DeliveryResult> {
        self.delivered[producer as usize]
            .iter()
            .find(|d| d.record_id == record)
    }

    /// Every record in a partition's log, in offset order (control batches skipped).
    pub fn log(&self, topic: &str, partition: i32) -> Vec<LogRecord> {
        let data = self
            .pg
            .cluster()
            .fetch(
                &TopicPartition::new(topic, partition),
                0,
                64 * 1024 * 1024,
                FetchUpperBound::Leo,
            )
            .expect("fetch");
        let mut out = Vec::new();
        for batch in batches(&data.records) {
            let batch = batch.expect("valid batch");
            let header = *batch.header();
            if header.attributes.is_control {
                continue;
            }
            for r in batch.records().expect("records").iter() {
                let r = r.expect("record");
                out.push(LogRecord {
                    offset: r.offset,
                    key: r.key.map(<[u8]>::to_vec),
                    value: r.value.map(<[u8]>::to_vec),
                    producer_id: header.producer_id,
                    sequence: r.sequence,
                });
            }
        }
        out
    }

    /// The values of a partition's log as strings.
    pub fn values(&self, topic: &str, partition: i32) -> Vec<String> {
        self.log(topic, partition)
            .into_iter()
            .map(|r| String::from_utf8(r.value.unwrap_or_default()).unwrap())
            .collect()
    }
}

pub fn value_record(topic: &str, value: &str) -> ProducerRecord {
    ProducerRecord::new(topic, value.as_bytes())
}
