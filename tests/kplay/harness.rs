//! A simulated-clock harness for the engine, in the manner of quinn-proto's and str0m's test
//! utilities: it owns the time, jumps to the engine's next timeout, bounds the number of steps
//! and records every event with the time it happened.

use kplay::engine::cluster::{Cluster, ClusterConfig};
use kplay::engine::event::Event;
use kplay::storage::memory::MemoryStorage;

/// Where simulated time starts in tests: 2026-01-01T00:00:00Z.
pub const START_MS: i64 = 1_767_225_600_000;

/// How many timeouts a single `run_until` may step through before the harness gives up:
/// a cluster that keeps asking to be woken without time passing is a bug, not a long test.
pub const MAX_STEPS: usize = 100_000;

pub struct Harness {
    pub cluster: Cluster<MemoryStorage>,
    /// Every event seen so far, as `(time_ms, event)`.
    pub events: Vec<(i64, Event)>,
    next_seq: u64,
}

impl Harness {
    pub fn new(seed: u64) -> Self {
        Self::with_config(ClusterConfig::with_seed(seed))
    }

    pub fn with_config(config: ClusterConfig) -> Self {
        Harness {
            cluster: Cluster::new(config, MemoryStorage::new(), START_MS),
            events: Vec::new(),
            next_seq: 0,
        }
    }

    pub fn now_ms(&self) -> i64 {
        self.cluster.now_ms()
    }

    /// Copies the events the cluster emitted since the last call.
    pub fn collect(&mut self) {
        for e in self.cluster.events().since(self.next_seq) {
            self.events.push((e.time_ms, e.event.clone()));
        }
        self.next_seq = self.cluster.events().next_seq();
    }

    /// Runs every timeout due up to and including `until_ms`, then sets the clock to it.
    pub fn run_until(&mut self, until_ms: i64) {
        for _ in 0..MAX_STEPS {
            match self.cluster.poll_timeout() {
                Some(t) if t <= until_ms => {
                    self.cluster.handle_timeout(t.max(self.now_ms()));
                    self.collect();
                    if self.cluster.poll_timeout().is_some_and(|next| next <= t) {
                        panic!("the engine asked to be woken at {t} again without progress");
                    }
                }
                _ => {
                    self.cluster.handle_timeout(until_ms);
                    self.collect();
                    return;
                }
            }
        }
        panic!("more than {MAX_STEPS} timeouts before {until_ms}");
    }

    /// Advances the clock by `ms`, running what falls due on the way.
    pub fn sleep(&mut self, ms: i64) {
        let until = self.now_ms() + ms;
        self.run_until(until);
    }
}
