//! [`Link`]: one client-broker connection of the simulated network: its one-way latency, the
//! faults armed on it, and the time its last message arrives (a connection delivers in order).

/// The state of one client-broker connection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Link {
    /// One-way latency; `None` uses the network's default.
    pub latency_ms: Option<i64>,
    /// Requests still to lose (each `DropNextRequest` arms one).
    pub drop_requests: u32,
    /// Responses still to lose.
    pub drop_responses: u32,
    /// Extra delay for the next message.
    pub delay_next_ms: i64,
    /// When the last request sent on the link arrives (later ones cannot overtake it).
    pub last_request_arrival_ms: i64,
    /// When the last response sent on the link arrives.
    pub last_response_arrival_ms: i64,
}
