//! [`InFlightRequests`]: requests sent to each broker and not yet answered (Kafka's
//! `NetworkClient` with its `InFlightRequests`).
//!
//! A connection carries at most `max.in.flight.requests.per.connection` unanswered requests
//! (`canSendMore`). A request unanswered after `request.timeout.ms` closes its connection, and
//! every request in flight on it fails (`NetworkClient.handleTimedOutRequests`, then
//! `processDisconnection`). Reconnecting is instant in kplay (Kafka waits
//! `reconnect.backoff.ms`, 50 ms by default).

use std::collections::{BTreeMap, VecDeque};

use crate::engine::topic_partition::TopicPartition;

use super::record::BatchId;

/// What a request in flight was for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InFlightKind {
    /// A Produce request: one batch per partition.
    Produce {
        batches: Vec<(TopicPartition, BatchId)>,
    },
    /// A transactional request (FindCoordinator, InitProducerId, AddPartitionsToTxn...).
    Transactional { api: &'static str },
}

/// One request awaiting its response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InFlightRequest {
    pub correlation_id: i32,
    pub node: i32,
    pub sent_ms: i64,
    pub deadline_ms: i64,
    pub kind: InFlightKind,
}

/// Unanswered requests per broker, oldest first.
#[derive(Debug, Clone, Default)]
pub struct InFlightRequests {
    by_node: BTreeMap<i32, VecDeque<InFlightRequest>>,
    next_correlation_id: i32,
}

impl InFlightRequests {
    pub fn new() -> InFlightRequests {
        InFlightRequests::default()
    }

    /// The next correlation id (`NetworkClient.nextCorrelationId`).
    pub fn next_correlation_id(&mut self) -> i32 {
        let id = self.next_correlation_id;
        self.next_correlation_id = self.next_correlation_id.wrapping_add(1);
        id
    }

    /// `canSendMore`: fewer than `max_in_flight` requests await a response on `node`.
    pub fn can_send_more(&self, node: i32, max_in_flight: usize) -> bool {
        self.count(node) < max_in_flight
    }

    pub fn count(&self, node: i32) -> usize {
        self.by_node.get(&node).map_or(0, VecDeque::len)
    }

    pub fn total(&self) -> usize {
        self.by_node.values().map(VecDeque::len).sum()
    }

    pub fn add(&mut self, request: InFlightRequest) {
        self.by_node
            .entry(request.node)
            .or_default()
            .push_back(request);
    }

    /// Removes and returns the request a response answers, if it is still awaited.
    pub fn complete(&mut self, node: i32, correlation_id: i32) -> Option<InFlightRequest> {
        let queue = self.by_node.get_mut(&node)?;
        let index = queue
            .iter()
            .position(|r| r.correlation_id == correlation_id)?;
        queue.remove(index)
    }

    /// Nodes with a request past its deadline at `now_ms`.
    pub fn nodes_with_timed_out_requests(&self, now_ms: i64) -> Vec<i32> {
        self.by_node
            .iter()
            .filter(|(_, q)| q.iter().any(|r| r.deadline_ms <= now_ms))
            .map(|(&n, _)| n)
            .collect()
    }

    /// Every request of `node`, oldest first: its connection closed.
    pub fn clear_all(&mut self, node: i32) -> Vec<InFlightRequest> {
        self.by_node
            .remove(&node)
            .map(Vec::from)
            .unwrap_or_default()
    }

    /// The earliest request deadline.
    pub fn next_deadline_ms(&self) -> Option<i64> {
        self.by_node
            .values()
            .flat_map(|q| q.iter().map(|r| r.deadline_ms))
            .min()
    }

    /// Every request in flight, by node then age (for the UI).
    pub fn iter(&self) -> impl Iterator<Item = &InFlightRequest> {
        self.by_node.values().flat_map(|q| q.iter())
    }

    /// The least loaded node among `nodes` (`leastLoadedNode`): fewest requests in flight,
    /// the first such in order.
    pub fn least_loaded(&self, nodes: &[i32]) -> Option<i32> {
        nodes.iter().copied().min_by_key(|&n| (self.count(n), n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(node: i32, correlation_id: i32, deadline_ms: i64) -> InFlightRequest {
        InFlightRequest {
            correlation_id,
            node,
            sent_ms: 0,
            deadline_ms,
            kind: InFlightKind::Transactional {
                api: "FindCoordinator",
            },
        }
    }

    #[test]
    fn counts_completes_and_times_out_per_node() {
        let mut f = InFlightRequests::new();
        f.add(req(0, 1, 100));
        f.add(req(0, 2, 50));
        f.add(req(1, 3, 200));
        assert!(!f.can_send_more(0, 2));
        assert!(f.can_send_more(1, 2));
        assert_eq!(f.nodes_with_timed_out_requests(60), vec![0]);
        assert_eq!(f.complete(0, 2).map(|r| r.correlation_id), Some(2));
        assert_eq!(f.complete(0, 2), None);
        assert_eq!(f.clear_all(0).len(), 1);
        assert_eq!(f.next_deadline_ms(), Some(200));
        assert_eq!(f.least_loaded(&[0, 1]), Some(0));
    }
}
