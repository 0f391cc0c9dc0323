//! The bounded log of everything the engine did, for the UI's event view and the test harness.

use std::collections::VecDeque;

/// One thing that happened, stamped with the simulated time and a sequence number that keeps
/// counting even after old events are dropped (so a view can tell what it missed).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Stamped<E> {
    pub seq: u64,
    pub time_ms: i64,
    pub event: E,
}

/// A ring of the most recent events: at most `capacity`, oldest dropped first.
#[derive(Debug, Clone)]
pub struct EventLog<E> {
    events: VecDeque<Stamped<E>>,
    capacity: usize,
    next_seq: u64,
}

impl<E> EventLog<E> {
    /// How many events a playground keeps by default; the UI shows this limit.
    pub const DEFAULT_CAPACITY: usize = 10_000;

    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "an event log must hold at least one event");
        EventLog {
            events: VecDeque::with_capacity(capacity.min(1024)),
            capacity,
            next_seq: 0,
        }
    }

    pub fn push(&mut self, time_ms: i64, event: E) {
        if self.events.len() == self.capacity {
            self.events.pop_front();
        }
        self.events.push_back(Stamped {
            seq: self.next_seq,
            time_ms,
            event,
        });
        self.next_seq += 1;
    }

    /// Events with `seq >= from_seq` still held, oldest first.
    pub fn since(&self, from_seq: u64) -> impl Iterator<Item = &Stamped<E>> {
        let first = self.events.front().map_or(self.next_seq, |e| e.seq);
        let skip = from_seq.saturating_sub(first) as usize;
        self.events.iter().skip(skip)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Stamped<E>> {
        self.events.iter()
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The sequence number the next event will get: the count of all events ever pushed.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// How many events were dropped to stay within the capacity.
    pub fn dropped(&self) -> u64 {
        self.next_seq - self.events.len() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_within_capacity() {
        let mut log = EventLog::new(3);
        for i in 0..5 {
            log.push(i * 10, i);
        }
        let kept: Vec<_> = log.iter().map(|e| (e.seq, e.event)).collect();
        assert_eq!(kept, vec![(2, 2), (3, 3), (4, 4)]);
        assert_eq!(log.dropped(), 2);
        assert_eq!(
            log.since(3).map(|e| e.event).collect::<Vec<_>>(),
            vec![3, 4]
        );
        assert_eq!(log.since(0).count(), 3);
        assert_eq!(log.since(9).count(), 0);
    }
}
