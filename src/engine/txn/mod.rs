//! The transaction coordinator (KIP-98): Kafka's `TransactionCoordinator`,
//! `TransactionMetadata`, `TransactionStateManager`, `TransactionLog` and the marker writing of
//! `TransactionMarkerChannelManager`, for one broker.
//!
//! Map: [`event`] (what the coordinator reports).
pub mod event;

pub use event::TxnEvent;
