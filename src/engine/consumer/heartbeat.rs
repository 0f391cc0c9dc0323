//! [`Heartbeat`]: the timers of Kafka's `Heartbeat` class, run by the heartbeat thread on the
//! simulated clock: when to send the next heartbeat (`heartbeat.interval.ms`), when the
//! session is lost without an answer (`session.timeout.ms`), and when the application has not
//! called `poll()` for `max.poll.interval.ms`.

/// `org.apache.kafka.clients.consumer.internals.Heartbeat`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heartbeat {
    pub heartbeat_interval_ms: i64,
    pub session_timeout_ms: i64,
    pub max_poll_interval_ms: i64,
    pub retry_backoff_ms: i64,
    /// `heartbeatTimer`'s deadline.
    pub next_heartbeat_ms: i64,
    /// `sessionTimer`'s deadline.
    pub session_deadline_ms: i64,
    /// `pollTimer`'s deadline.
    pub poll_deadline_ms: i64,
    pub last_poll_ms: i64,
    pub heartbeat_in_flight: Option<i32>,
}

impl Heartbeat {
    pub fn new(
        heartbeat_interval_ms: i64,
        session_timeout_ms: i64,
        max_poll_interval_ms: i64,
        retry_backoff_ms: i64,
        now_ms: i64,
    ) -> Heartbeat {
        Heartbeat {
            heartbeat_interval_ms,
            session_timeout_ms,
            max_poll_interval_ms,
            retry_backoff_ms,
            next_heartbeat_ms: now_ms + heartbeat_interval_ms,
            session_deadline_ms: now_ms + session_timeout_ms,
            poll_deadline_ms: now_ms + max_poll_interval_ms,
            last_poll_ms: now_ms,
            heartbeat_in_flight: None,
        }
    }

    /// `poll(now)`: the application called `poll()`.
    pub fn poll(&mut self, now_ms: i64) {
        self.last_poll_ms = now_ms;
        self.poll_deadline_ms = now_ms + self.max_poll_interval_ms;
    }

    /// `sentHeartbeat`.
    pub fn sent_heartbeat(&mut self, now_ms: i64, correlation_id: i32) {
        self.heartbeat_in_flight = Some(correlation_id);
        self.next_heartbeat_ms = now_ms + self.heartbeat_interval_ms;
    }

    /// `receiveHeartbeat`: the session is alive.
    pub fn receive_heartbeat(&mut self, now_ms: i64) {
        self.heartbeat_in_flight = None;
        self.session_deadline_ms = now_ms + self.session_timeout_ms;
    }

    /// `failHeartbeat`: try again after the backoff.
    pub fn fail_heartbeat(&mut self, now_ms: i64) {
        self.heartbeat_in_flight = None;
        self.next_heartbeat_ms = now_ms + self.retry_backoff_ms;
    }

    /// `resetSessionTimeout` and the heartbeat timer (a new generation, a found coordinator).
    pub fn reset_timeouts(&mut self, now_ms: i64) {
        self.session_deadline_ms = now_ms + self.session_timeout_ms;
        self.next_heartbeat_ms = now_ms + self.heartbeat_interval_ms;
        self.heartbeat_in_flight = None;
    }

    pub fn session_timeout_expired(&self, now_ms: i64) -> bool {
        now_ms >= self.session_deadline_ms
    }

    pub fn poll_timeout_expired(&self, now_ms: i64) -> bool {
        now_ms >= self.poll_deadline_ms
    }

    pub fn should_heartbeat(&self, now_ms: i64) -> bool {
        self.heartbeat_in_flight.is_none() && now_ms >= self.next_heartbeat_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timers_follow_sends_answers_and_polls() {
        let mut h = Heartbeat::new(3_000, 10_000, 300_000, 100, 0);
        assert!(!h.should_heartbeat(2_999));
        assert!(h.should_heartbeat(3_000));
        h.sent_heartbeat(3_000, 7);
        assert!(!h.should_heartbeat(6_500));
        h.receive_heartbeat(3_002);
        assert!(h.should_heartbeat(6_000));
        assert!(!h.session_timeout_expired(13_001));
        assert!(h.session_timeout_expired(13_002));
        h.fail_heartbeat(6_000);
        assert!(h.should_heartbeat(6_100));
        h.poll(1_000);
        assert!(!h.poll_timeout_expired(300_999));
        assert!(h.poll_timeout_expired(301_000));
    }
}
