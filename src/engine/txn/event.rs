//! [`TxnEvent`]: what the transaction coordinator and the producer id manager report.

/// One change made by InitProducerId or the transaction coordinator.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TxnEvent {
    /// The broker took a new block of producer ids from the controller (`AllocateProducerIds`).
    ProducerIdBlockAllocated { first: i64, last: i64 },
    /// InitProducerId answered: a new producer id (or a new epoch of a transactional id's
    /// producer id). `transactional_id` is `None` for an idempotent producer.
    ProducerIdAllocated {
        transactional_id: Option<String>,
        producer_id: i64,
        producer_epoch: i16,
    },
}
