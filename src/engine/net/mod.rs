//! The simulated network between clients and brokers: per-link latency, in-order delivery
//! per connection, and the faults of [`Fault`]. Sans-IO like the rest of the engine: messages
//! go in with [`Network::send`] and come out with [`Network::poll_delivery`] once their
//! arrival time has come; [`Network::next_delivery_ms`] says when that is.

pub mod event;
pub mod fault;
pub mod link;
pub mod request_metrics;

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use crate::engine::protocol::{Request, Response};

pub use event::{DropReason, NetEvent};
pub use fault::Fault;
pub use link::Link;

/// How many messages may be in transit at once; beyond it new messages are dropped (and
/// reported), like a full socket buffer.
pub const MAX_IN_TRANSIT: usize = 100_000;
/// How many network events wait to be collected before the oldest are dropped.
pub const MAX_PENDING_NET_EVENTS: usize = 10_000;
/// The one-way latency of a link nobody configured.
pub const DEFAULT_LATENCY_MS: i64 = 1;

/// One end of a message.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Endpoint {
    /// A producer by its index in the playground.
    Client(u32),
    /// A consumer by its index in the playground (numbered apart from producers).
    Consumer(u32),
    /// A broker by id.
    Broker(i32),
}

/// What a message carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    Request(Request),
    Response(Response),
}

impl Payload {
    fn api(&self) -> &'static str {
        match self {
            Payload::Request(r) => r.api_name(),
            Payload::Response(r) => match r {
                Response::Produce(_) => "Produce",
                Response::InitProducerId(_) => "InitProducerId",
                Response::FindCoordinator(_) => "FindCoordinator",
                Response::AddPartitionsToTxn(_) => "AddPartitionsToTxn",
                Response::AddOffsetsToTxn(_) => "AddOffsetsToTxn",
                Response::EndTxn(_) => "EndTxn",
                Response::Fetch(_) => "Fetch",
                Response::JoinGroup(_) => "JoinGroup",
                Response::SyncGroup(_) => "SyncGroup",
                Response::Heartbeat(_) => "Heartbeat",
                Response::LeaveGroup(_) => "LeaveGroup",
                Response::OffsetCommit(_) => "OffsetCommit",
                Response::OffsetFetch(_) => "OffsetFetch",
                Response::TxnOffsetCommit(_) => "TxnOffsetCommit",
                Response::ListOffsets(_) => "ListOffsets",
            },
        }
    }
}

/// A message in transit.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    pub from: Endpoint,
    pub to: Endpoint,
    pub correlation_id: i32,
    pub payload: Payload,
}

#[derive(Debug, Clone)]
struct InTransit {
    arrive_at_ms: i64,
    seq: u64,
    envelope: Envelope,
}

impl PartialEq for InTransit {
    fn eq(&self, other: &Self) -> bool {
        (self.arrive_at_ms, self.seq) == (other.arrive_at_ms, other.seq)
    }
}
impl Eq for InTransit {}
impl PartialOrd for InTransit {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for InTransit {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.arrive_at_ms, self.seq).cmp(&(other.arrive_at_ms, other.seq))
    }
}

/// The network of a playground.
#[derive(Debug, Clone)]
pub struct Network {
    default_latency_ms: i64,
    /// Keyed by the client end (`Client` or `Consumer`) and the broker.
    links: BTreeMap<(Endpoint, i32), Link>,
    broker_processing_ms: BTreeMap<i32, i64>,
    in_transit: BinaryHeap<Reverse<InTransit>>,
    next_seq: u64,
    events: Vec<NetEvent>,
    events_dropped: u64,
}

impl Default for Network {
    fn default() -> Self {
        Network::new(DEFAULT_LATENCY_MS)
    }
}

impl Network {
    pub fn new(default_latency_ms: i64) -> Network {
        Network {
            default_latency_ms: default_latency_ms.max(0),
            links: BTreeMap::new(),
            broker_processing_ms: BTreeMap::new(),
            in_transit: BinaryHeap::new(),
            next_seq: 0,
            events: Vec::new(),
            events_dropped: 0,
        }
    }

    fn push_event(&mut self, event: NetEvent) {
        if self.events.len() >= MAX_PENDING_NET_EVENTS {
            self.events.remove(0);
            self.events_dropped += 1;
        }
        self.events.push(event);
    }

    /// Events since the last call.
    pub fn drain_events(&mut self) -> std::vec::Drain<'_, NetEvent> {
        self.events.drain(..)
    }

    pub fn default_latency_ms(&self) -> i64 {
        self.default_latency_ms
    }

    /// Sets the one-way latency of every link without its own.
    pub fn set_default_latency(&mut self, latency_ms: i64) {
        self.default_latency_ms = latency_ms.max(0);
        self.push_event(NetEvent::LatencyChanged {
            client: None,
            broker: None,
            latency_ms: self.default_latency_ms,
        });
    }

    /// Sets the one-way latency between `client` and `broker`.
    pub fn set_link_latency(&mut self, client: u32, broker: i32, latency_ms: i64) {
        self.links
            .entry((Endpoint::Client(client), broker))
            .or_default()
            .latency_ms = Some(latency_ms.max(0));
        self.push_event(NetEvent::LatencyChanged {
            client: Some(client),
            broker: Some(broker),
            latency_ms: latency_ms.max(0),
        });
    }

    /// The link's state (for the UI).
    pub fn link(&self, client: u32, broker: i32) -> Option<&Link> {
        self.links.get(&(Endpoint::Client(client), broker))
    }

    pub fn broker_processing_ms(&self, broker: i32) -> i64 {
        self.broker_processing_ms.get(&broker).copied().unwrap_or(0)
    }

    /// Arms a fault.
    pub fn inject(&mut self, fault: Fault) {
        match fault {
            Fault::DropNextRequest { client, broker } => {
                self.links
                    .entry((Endpoint::Client(client), broker))
                    .or_default()
                    .drop_requests += 1;
            }
            Fault::DropNextResponse { client, broker } => {
                self.links
                    .entry((Endpoint::Client(client), broker))
                    .or_default()
                    .drop_responses += 1;
            }
            Fault::DelayNext {
                client,
                broker,
                extra_ms,
            } => {
                self.links
                    .entry((Endpoint::Client(client), broker))
                    .or_default()
                    .delay_next_ms += extra_ms.max(0);
            }
            Fault::SlowBroker {
                broker,
                processing_ms,
            } => {
                if processing_ms > 0 {
                    self.broker_processing_ms.insert(broker, processing_ms);
                } else {
                    self.broker_processing_ms.remove(&broker);
                }
            }
        }
        self.push_event(NetEvent::FaultInjected(fault));
    }

    /// Puts a message on the wire at `now_ms`, unless a fault loses it.
    pub fn send(&mut self, envelope: Envelope, now_ms: i64) {
        let (client, broker, is_request) = match (envelope.from, envelope.to) {
            (c @ (Endpoint::Client(_) | Endpoint::Consumer(_)), Endpoint::Broker(b)) => {
                (c, b, true)
            }
            (Endpoint::Broker(b), c @ (Endpoint::Client(_) | Endpoint::Consumer(_))) => {
                (c, b, false)
            }
            (from, to) => {
                panic!("messages go between a client and a broker, not {from:?} to {to:?}")
            }
        };
        let api = envelope.payload.api().to_owned();
        let default_latency = self.default_latency_ms;
        let processing = if is_request {
            self.broker_processing_ms(broker)
        } else {
            0
        };
        let link = self.links.entry((client, broker)).or_default();
        let armed = if is_request {
            &mut link.drop_requests
        } else {
            &mut link.drop_responses
        };
        if *armed > 0 {
            *armed -= 1;
            let reason = if is_request {
                DropReason::InjectedRequestLoss
            } else {
                DropReason::InjectedResponseLoss
            };
            self.push_event(NetEvent::Dropped {
                from: envelope.from,
                to: envelope.to,
                api,
                correlation_id: envelope.correlation_id,
                reason,
            });
            return;
        }
        let latency = link.latency_ms.unwrap_or(default_latency);
        let extra = std::mem::take(&mut link.delay_next_ms);
        let last = if is_request {
            &mut link.last_request_arrival_ms
        } else {
            &mut link.last_response_arrival_ms
        };
        let arrive_at_ms = (now_ms + latency + extra + processing).max(*last);
        *last = arrive_at_ms;
        if self.in_transit.len() >= MAX_IN_TRANSIT {
            self.push_event(NetEvent::Dropped {
                from: envelope.from,
                to: envelope.to,
                api,
                correlation_id: envelope.correlation_id,
                reason: DropReason::QueueFull {
                    max: MAX_IN_TRANSIT,
                },
            });
            return;
        }
        self.push_event(NetEvent::Sent {
            from: envelope.from,
            to: envelope.to,
            api,
            correlation_id: envelope.correlation_id,
            arrive_at_ms,
        });
        let seq = self.next_seq;
        self.next_seq += 1;
        self.in_transit.push(Reverse(InTransit {
            arrive_at_ms,
            seq,
            envelope,
        }));
    }

    /// Records that a request reached a broker that is down or cut off, so nobody answers it.
    pub fn record_unanswered(
        &mut self,
        from: Endpoint,
        broker: i32,
        request: &crate::engine::protocol::Request,
        correlation_id: i32,
    ) {
        self.push_event(NetEvent::Dropped {
            from,
            to: Endpoint::Broker(broker),
            api: request.api_name().to_owned(),
            correlation_id,
            reason: DropReason::BrokerUnreachable { broker },
        });
    }

    /// When the next message arrives.
    pub fn next_delivery_ms(&self) -> Option<i64> {
        self.in_transit.peek().map(|Reverse(m)| m.arrive_at_ms)
    }

    /// The next message arrived by `now_ms`, in arrival order.
    pub fn poll_delivery(&mut self, now_ms: i64) -> Option<Envelope> {
        if self.next_delivery_ms()? > now_ms {
            return None;
        }
        let Reverse(m) = self.in_transit.pop().expect("peeked above");
        self.push_event(NetEvent::Delivered {
            from: m.envelope.from,
            to: m.envelope.to,
            api: m.envelope.payload.api().to_owned(),
            correlation_id: m.envelope.correlation_id,
        });
        Some(m.envelope)
    }

    /// Messages in transit, by arrival time (for the UI).
    pub fn in_transit(&self) -> Vec<(i64, &Envelope)> {
        let mut all: Vec<&InTransit> = self.in_transit.iter().map(|Reverse(m)| m).collect();
        crate::sort::sort(&mut all);
        all.into_iter()
            .map(|m| (m.arrive_at_ms, &m.envelope))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::protocol::{CoordinatorType, FindCoordinatorRequest};

    fn request(correlation_id: i32) -> Envelope {
        Envelope {
            from: Endpoint::Client(0),
            to: Endpoint::Broker(0),
            correlation_id,
            payload: Payload::Request(Request::FindCoordinator(FindCoordinatorRequest {
                key: "t".into(),
                key_type: CoordinatorType::Transaction,
            })),
        }
    }

    #[test]
    fn delivers_after_latency_in_order_and_drops_on_command() {
        let mut net = Network::new(5);
        net.inject(Fault::DelayNext {
            client: 0,
            broker: 0,
            extra_ms: 10,
        });
        net.send(request(1), 100);
        net.send(request(2), 101);
        assert_eq!(net.next_delivery_ms(), Some(115));
        assert!(net.poll_delivery(114).is_none());
        assert_eq!(net.poll_delivery(115).map(|e| e.correlation_id), Some(1));
        // The second waited behind the first on the connection.
        assert_eq!(net.poll_delivery(115).map(|e| e.correlation_id), Some(2));
        net.inject(Fault::DropNextRequest {
            client: 0,
            broker: 0,
        });
        net.send(request(3), 200);
        net.send(request(4), 200);
        assert_eq!(net.poll_delivery(300).map(|e| e.correlation_id), Some(4));
        assert!(net.drain_events().any(|e| matches!(
            e,
            NetEvent::Dropped {
                correlation_id: 3,
                ..
            }
        )));
    }

    #[test]
    fn a_slow_broker_handles_requests_later() {
        let mut net = Network::new(1);
        net.inject(Fault::SlowBroker {
            broker: 0,
            processing_ms: 50,
        });
        net.send(request(1), 0);
        assert_eq!(net.next_delivery_ms(), Some(51));
    }
}
