//! [`Fault`]: what a learner can do to the simulated network, to see what each delivery
//! guarantee survives (at-most-once with `acks=0`, duplicates after a lost response,
//! reordering with several requests in flight).

/// A fault on the link between one client and one broker, or on a broker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Fault {
    /// The next request the client sends to the broker is lost: the broker never sees it.
    DropNextRequest { client: u32, broker: i32 },
    /// The next response the broker sends to the client is lost: the broker did the work,
    /// the client never learns it.
    DropNextResponse { client: u32, broker: i32 },
    /// The next message on the link, either way, arrives `extra_ms` later (messages behind it
    /// on the same connection wait for it, as on a TCP connection).
    DelayNext {
        client: u32,
        broker: i32,
        extra_ms: i64,
    },
    /// The broker handles each request `processing_ms` after it arrives (0 makes it fast
    /// again).
    SlowBroker { broker: i32, processing_ms: i64 },
}
