//! The transaction coordinator (KIP-98): Kafka's `TransactionCoordinator`,
//! `TransactionMetadata`, `TransactionStateManager`, `TransactionLog` and the marker writing of
//! `TransactionMarkerChannelManager`, for one broker, transaction protocol v1 (markers carry
//! the transaction's epoch; KIP-890's epoch bump per transaction is not modelled).
//!
//! Map: [`state`] (the states and their transitions), [`metadata`] (one transactional id),
//! [`log_schema`] (the `__transaction_state` record bytes), [`state_manager`] (the cache and
//! schedules), [`coordinator`] (the request handlers on `Cluster`), [`event`].

pub mod coordinator;
pub mod event;
pub mod log_schema;
pub mod metadata;
pub mod state;
pub mod state_manager;

pub use event::TxnEvent;
pub use metadata::TransactionMetadata;
pub use state::TransactionState;
pub use state_manager::{TransactionStateManager, TRANSACTION_STATE_TOPIC};
