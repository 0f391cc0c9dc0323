//! [`NetEvent`]: what the simulated network did with each message.

use super::fault::Fault;
use super::Endpoint;

/// One thing the network did.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum NetEvent {
    /// A message left `from` and will arrive at `arrive_at_ms`.
    Sent {
        from: Endpoint,
        to: Endpoint,
        api: String,
        correlation_id: i32,
        arrive_at_ms: i64,
    },
    /// A message arrived.
    Delivered {
        from: Endpoint,
        to: Endpoint,
        api: String,
        correlation_id: i32,
    },
    /// A message was lost, by an injected fault or because the network's queue was full.
    Dropped {
        from: Endpoint,
        to: Endpoint,
        api: String,
        correlation_id: i32,
        reason: String,
    },
    /// A learner armed a fault or changed a latency.
    FaultInjected(Fault),
    LatencyChanged {
        client: Option<u32>,
        broker: Option<i32>,
        latency_ms: i64,
    },
}
