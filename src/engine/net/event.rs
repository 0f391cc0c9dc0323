//! [`NetEvent`]: what the simulated network did with each message.

use super::fault::Fault;
use super::Endpoint;

/// Why a message was lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DropReason {
    /// `Fault::DropNextRequest`: the broker never saw it.
    InjectedRequestLoss,
    /// `Fault::DropNextResponse`: the broker did the work, the client never learns it.
    InjectedResponseLoss,
    /// More than `max` messages were in transit.
    QueueFull { max: usize },
    /// The broker is stopped, crashed or cut off: nobody answers.
    BrokerUnreachable { broker: i32 },
}

impl std::fmt::Display for DropReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DropReason::InjectedRequestLoss => write!(f, "injected fault: request lost"),
            DropReason::InjectedResponseLoss => write!(f, "injected fault: response lost"),
            DropReason::QueueFull { max } => {
                write!(f, "network queue full ({max} messages in transit)")
            }
            DropReason::BrokerUnreachable { broker } => {
                write!(f, "broker {broker} is down or unreachable")
            }
        }
    }
}

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
    /// A message was lost: an injected fault, a full network queue, or a broker that is down.
    Dropped {
        from: Endpoint,
        to: Endpoint,
        api: String,
        correlation_id: i32,
        reason: DropReason,
    },
    /// A learner armed a fault or changed a latency.
    FaultInjected(Fault),
    LatencyChanged {
        client: Option<u32>,
        broker: Option<i32>,
        latency_ms: i64,
    },
}
