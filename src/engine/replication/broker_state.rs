//! [`BrokerState`]: whether a broker runs, and what the KRaft controller believes of it.
//!
//! A broker holds a lease with the controller, renewed by its heartbeats; the controller
//! fences a broker whose lease ran out (`broker.session.timeout.ms`, `BrokerHeartbeatManager`)
//! and moves leadership away from it. A clean shutdown asks the controller first
//! (`BrokerLifecycleManager` controlled shutdown), so leadership moves before the broker
//! stops. kplay's controller quorum is separate from the brokers and never fails.

/// What the broker process is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BrokerStatus {
    /// Serving requests and replicating.
    Running,
    /// Stopped cleanly (controlled shutdown): leadership moved first, logs closed cleanly.
    Stopped,
    /// Killed: nothing answers; the controller notices only when the lease expires.
    Crashed,
}

/// One broker as the cluster keeps it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BrokerState {
    pub id: i32,
    pub status: BrokerStatus,
    /// Cut off from every other node by a network partition while still running.
    pub isolated: bool,
    /// The controller fenced it: it may not lead and is out of every ISR.
    pub fenced: bool,
    /// When the controller will fence it (its last heartbeat plus
    /// `broker.session.timeout.ms`), while it is down or isolated but not fenced yet.
    pub lease_expiry_ms: Option<i64>,
    /// Extra time each of its follower fetches takes (a slow disk or network), 0 when
    /// healthy.
    pub fetch_delay_ms: i64,
}

impl BrokerState {
    pub fn new(id: i32) -> BrokerState {
        BrokerState {
            id,
            status: BrokerStatus::Running,
            isolated: false,
            fenced: false,
            lease_expiry_ms: None,
            fetch_delay_ms: 0,
        }
    }

    /// Whether it answers requests and fetches: running and reachable.
    pub fn is_serving(&self) -> bool {
        self.status == BrokerStatus::Running && !self.isolated
    }

    /// `isAcceptableLeader` / `isReplicaIsrEligible`: the controller still counts it as a live
    /// broker. A crashed broker stays acceptable until its lease expires, as in Kafka.
    pub fn is_acceptable(&self) -> bool {
        !self.fenced && self.status != BrokerStatus::Stopped
    }
}
