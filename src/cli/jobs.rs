//! Background clients of a terminal session: producers sending at a rate and consumers
//! polling with a processing time per record, all on the simulated clock (kplay's own
//! `producer` and `consumer` playground commands, not Kafka's tools).
//!
//! They act at their own moments while time passes — [`Jobs::pass_time`] interleaves them with
//! everything else the playground has due (`advance`, `sleep`, a script's console consumer, the
//! browser's clock) — so a group with several live members, lag that grows and shrinks, and a
//! member that processes too slowly for `max.poll.interval.ms` can all be built from the
//! terminal.

use crate::engine::playground::{ConsumerId, Playground, ProducerId};
use crate::engine::producer::record::ProducerRecord;
use crate::storage::SegmentStorage;

/// How many background jobs a session holds (producers and consumers together).
pub const MAX_JOBS: usize = 32;
/// The fastest a background producer sends (records per second). Above
/// [`RATE_PER_MS_STEP`] several records share a millisecond of the simulated clock.
pub const MAX_RATE_PER_S: u32 = 5_000;
/// Up to this rate a background producer sends one record every whole number of
/// milliseconds (`1000 / rate`); above it, the `n`-th record is due at `n * 1000 / rate` ms.
pub const RATE_PER_MS_STEP: u32 = 1_000;
/// How often a background consumer that got nothing polls again (`poll(Duration)` returning
/// empty, then the application's loop calling it again).
pub const IDLE_POLL_MS: i64 = 100;
/// At most this many timed steps per [`Jobs::pass_time`] call: a bound on one step's work.
pub const MAX_STEPS: usize = 2_000_000;

/// Which keys a background producer gives its records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Keys {
    /// Null keys: the partitioner's sticky choice.
    None,
    /// `prefix0`, `prefix1`, … `prefix{count-1}`, round and round.
    Cycle { prefix: String, count: u32 },
}

impl Keys {
    fn key(&self, n: u64) -> Option<Vec<u8>> {
        match self {
            Keys::None => None,
            Keys::Cycle { prefix, count } => {
                Some(format!("{prefix}{}", n % u64::from(*count)).into_bytes())
            }
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Keys::None => "null keys".to_owned(),
            Keys::Cycle { prefix, count } => format!("keys {prefix}0..{prefix}{}", count - 1),
        }
    }
}

/// A producer sending `rate_per_s` records a second of the simulated clock.
#[derive(Debug, Clone)]
pub struct BackgroundProducer {
    pub job: u32,
    pub producer: ProducerId,
    pub topic: String,
    pub rate_per_s: u32,
    pub keys: Keys,
    pub sent: u64,
    pub failed: u64,
    started_ms: i64,
    next_send_ms: i64,
}

impl BackgroundProducer {
    /// The gap between two records, when it is a whole number of milliseconds (a rate up to
    /// [`RATE_PER_MS_STEP`]).
    pub fn interval_ms(&self) -> Option<i64> {
        (self.rate_per_s <= RATE_PER_MS_STEP).then(|| 1000 / i64::from(self.rate_per_s))
    }

    /// When the `n`-th record (from 0) is due.
    fn due_ms(&self, n: u64) -> i64 {
        let n = n as i64;
        match self.interval_ms() {
            Some(interval_ms) => self.started_ms + n * interval_ms,
            None => self.started_ms + n * 1000 / i64::from(self.rate_per_s),
        }
    }
}

/// A consumer polling in a loop, spending `processing_ms` on every record it got.
#[derive(Debug, Clone)]
pub struct BackgroundConsumer {
    pub job: u32,
    pub consumer: ConsumerId,
    pub group: String,
    pub topics: Vec<String>,
    pub processing_ms: i64,
    pub consumed: u64,
    /// The last error `poll` threw, if any (the loop keeps polling, as an application that
    /// logs and continues would).
    pub last_error: Option<String>,
    /// Its process is frozen (`consumer freeze`): it neither polls nor heartbeats.
    pub frozen: bool,
    next_poll_ms: i64,
}

/// Which kind of background client a command names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    Producer,
    Consumer,
}

impl JobKind {
    pub const fn name(self) -> &'static str {
        match self {
            JobKind::Producer => "producer",
            JobKind::Consumer => "consumer",
        }
    }
}

/// A session's background producers and consumers.
#[derive(Debug, Clone, Default)]
pub struct Jobs {
    producers: Vec<BackgroundProducer>,
    consumers: Vec<BackgroundConsumer>,
    next_job: u32,
}

impl Jobs {
    pub fn producers(&self) -> &[BackgroundProducer] {
        &self.producers
    }

    pub fn consumers(&self) -> &[BackgroundConsumer] {
        &self.consumers
    }

    pub fn is_empty(&self) -> bool {
        self.producers.is_empty() && self.consumers.is_empty()
    }

    fn full(&self) -> Result<u32, String> {
        if self.producers.len() + self.consumers.len() >= MAX_JOBS {
            return Err(format!(
                "a session runs at most {MAX_JOBS} background clients; stop one first"
            ));
        }
        Ok(self.next_job + 1)
    }

    pub fn add_producer(
        &mut self,
        producer: ProducerId,
        topic: &str,
        rate_per_s: u32,
        keys: Keys,
        now_ms: i64,
    ) -> Result<&BackgroundProducer, String> {
        let job = self.full()?;
        self.next_job = job;
        self.producers.push(BackgroundProducer {
            job,
            producer,
            topic: topic.to_owned(),
            rate_per_s: rate_per_s.clamp(1, MAX_RATE_PER_S),
            keys,
            sent: 0,
            failed: 0,
            started_ms: now_ms,
            next_send_ms: now_ms,
        });
        Ok(self.producers.last().expect("just pushed"))
    }

    pub fn add_consumer(
        &mut self,
        consumer: ConsumerId,
        group: &str,
        topics: &[String],
        processing_ms: i64,
        now_ms: i64,
    ) -> Result<&BackgroundConsumer, String> {
        let job = self.full()?;
        self.next_job = job;
        self.consumers.push(BackgroundConsumer {
            job,
            consumer,
            group: group.to_owned(),
            topics: topics.to_vec(),
            processing_ms,
            consumed: 0,
            last_error: None,
            frozen: false,
            next_poll_ms: now_ms,
        });
        Ok(self.consumers.last().expect("just pushed"))
    }

    /// `stop <job>|all`: removes the named clients of `kind` and closes each (a producer's
    /// records still go out; a consumer commits and leaves its group); one line per client.
    pub fn stop<S: SegmentStorage>(
        &mut self,
        playground: &mut Playground<S>,
        kind: JobKind,
        which: &str,
        now_ms: i64,
    ) -> Result<Vec<String>, String> {
        let running: Vec<u32> = match kind {
            JobKind::Producer => self.producers.iter().map(|p| p.job).collect(),
            JobKind::Consumer => self.consumers.iter().map(|c| c.job).collect(),
        };
        let targets = match which {
            "all" => running,
            _ => match which.parse::<u32>() {
                Ok(job) if running.contains(&job) => vec![job],
                _ => {
                    let kind = kind.name();
                    return Err(format!(
                        "{kind}: no background {kind} {which} (`jobs` lists them)"
                    ));
                }
            },
        };
        let mut lines = Vec::new();
        for job in targets {
            let (records, closed) = match kind {
                JobKind::Producer => {
                    let i = self.producers.iter().position(|p| p.job == job);
                    let p = self.producers.remove(i.expect("a running job was named"));
                    (p.sent, playground.close_producer(p.producer, now_ms))
                }
                JobKind::Consumer => {
                    let i = self.consumers.iter().position(|c| c.job == job);
                    let c = self.consumers.remove(i.expect("a running job was named"));
                    (c.consumed, playground.close_consumer(c.consumer, now_ms))
                }
            };
            lines.push(format!(
                "background {} {job} stopped after {records} records{}",
                kind.name(),
                match closed {
                    Ok(()) => String::new(),
                    Err(e) => format!(" ({e})"),
                }
            ));
        }
        Ok(lines)
    }

    /// `consumer freeze|thaw <job>`: freezes or thaws a background consumer's process
    /// ([`Playground::freeze_consumer`]); the line to print.
    pub fn set_frozen<S: SegmentStorage>(
        &mut self,
        playground: &mut Playground<S>,
        which: &str,
        frozen: bool,
        now_ms: i64,
    ) -> Result<String, String> {
        let c = which
            .parse::<u32>()
            .ok()
            .and_then(|job| self.consumers.iter_mut().find(|c| c.job == job))
            .ok_or_else(|| {
                format!("consumer: no background consumer {which} (`jobs` lists them)")
            })?;
        let changed = if frozen {
            playground.freeze_consumer(c.consumer, now_ms)
        } else {
            playground.thaw_consumer(c.consumer, now_ms)
        };
        changed.map_err(|e| format!("consumer: {e}"))?;
        let was = std::mem::replace(&mut c.frozen, frozen);
        // Its loop goes on where it stood; a poll that fell due meanwhile comes now.
        c.next_poll_ms = c.next_poll_ms.max(playground.now_ms());
        Ok(match (was, frozen) {
            (false, true) => format!(
                "background consumer {} frozen: no polls and no heartbeats until `consumer thaw {}`",
                c.job, c.job
            ),
            (true, false) => format!("background consumer {} runs again", c.job),
            (_, true) => format!("background consumer {} is already frozen", c.job),
            (_, false) => format!("background consumer {} is not frozen", c.job),
        })
    }

    /// When a background client next acts (a frozen consumer does not).
    pub fn next_due_ms(&self) -> Option<i64> {
        self.producers
            .iter()
            .map(|p| p.next_send_ms)
            .chain(
                self.consumers
                    .iter()
                    .filter(|c| !c.frozen)
                    .map(|c| c.next_poll_ms),
            )
            .min()
    }

    /// Runs every background client due at the playground's time.
    pub fn run_due<S: SegmentStorage>(&mut self, playground: &mut Playground<S>) {
        let now = playground.now_ms();
        for p in &mut self.producers {
            while p.next_send_ms <= now {
                let n = p.sent + p.failed;
                let record = ProducerRecord {
                    topic: p.topic.clone(),
                    partition: None,
                    key: p.keys.key(n),
                    value: Some(format!("{}-{n}", p.topic).into_bytes()),
                    headers: Vec::new(),
                    timestamp_ms: None,
                };
                match playground.send(p.producer, record, now) {
                    Ok(_) => p.sent += 1,
                    Err(_) => p.failed += 1,
                }
                p.next_send_ms = p.due_ms(n + 1);
            }
            // Results are counted by the producer's events; the queue is drained so it stays
            // small.
            while playground.poll_delivery(p.producer).is_some() {}
        }
        for c in &mut self.consumers {
            if c.frozen || c.next_poll_ms > now {
                continue;
            }
            match playground.poll(c.consumer, now) {
                Ok(records) => {
                    c.consumed += records.len() as u64;
                    c.last_error = None;
                    let busy_ms = c.processing_ms * records.len() as i64;
                    c.next_poll_ms = now
                        + if records.is_empty() {
                            IDLE_POLL_MS
                        } else {
                            busy_ms.max(1)
                        };
                }
                Err(e) => {
                    c.last_error = Some(e.to_string());
                    c.next_poll_ms = now + IDLE_POLL_MS;
                }
            }
            while playground.poll_commit_result(c.consumer).is_some() {}
        }
    }

    /// Lets simulated time pass up to `to_ms`: at every moment something is due — a
    /// background client's turn, or the playground's own work — it runs, in time order.
    pub fn pass_time<S: SegmentStorage>(&mut self, playground: &mut Playground<S>, to_ms: i64) {
        for _ in 0..MAX_STEPS {
            let next = [playground.poll_timeout(), self.next_due_ms()]
                .into_iter()
                .flatten()
                .min();
            match next {
                Some(due) if due <= to_ms => {
                    let due = due.max(playground.now_ms());
                    playground.handle_timeout(due);
                    self.run_due(playground);
                }
                _ => break,
            }
        }
        playground.handle_timeout(to_ms);
        self.run_due(playground);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycling_keys() {
        let keys = Keys::Cycle {
            prefix: "user-".into(),
            count: 3,
        };
        assert_eq!(keys.key(4), Some(b"user-1".to_vec()));
        assert_eq!(keys.describe(), "keys user-0..user-2");
        assert_eq!(Keys::None.key(1), None);
    }

    /// Records due in the first second of a producer started at 0 at `rate_per_s`.
    fn due_in_first_second(rate_per_s: u32) -> (usize, Option<i64>) {
        let mut jobs = Jobs::default();
        let p = jobs
            .add_producer(0, "t", rate_per_s, Keys::None, 0)
            .expect("room for one");
        let due = (0..).take_while(|&n| p.due_ms(n) < 1000).count();
        (due, p.interval_ms())
    }

    #[test]
    fn rates_up_to_one_a_millisecond_keep_whole_millisecond_gaps() {
        assert_eq!(due_in_first_second(20), (20, Some(50)));
        assert_eq!(due_in_first_second(1_000), (1_000, Some(1)));
        // 1000 / 7 = 142 ms: the eighth record falls inside the first second.
        assert_eq!(due_in_first_second(7), (8, Some(142)));
    }

    #[test]
    fn faster_rates_share_milliseconds_and_keep_the_exact_rate() {
        assert_eq!(due_in_first_second(1_667), (1_667, None));
        assert_eq!(due_in_first_second(MAX_RATE_PER_S), (5_000, None));
    }
}
