//! The classic group coordinator (broker side), sans-IO.
//!
//! Kafka's classic protocol as 4.x's `group-coordinator` module implements it
//! (`GroupMetadataManager`, `ClassicGroup`, `ClassicGroupMember`, `ClassicGroupState`,
//! `OffsetMetadataManager`), the same behaviour as 3.x's Scala `GroupCoordinator`. The front
//! door is [`GroupCoordinator`]; see its module doc for the calling convention.
//!
//! The broker hosts it in `engine::group::broker` (`impl Cluster`): placing a group on the
//! leader of `__consumer_offsets` partition `abs(hash(group.id)) % offsets.topic.num.partitions`
//! (answering `NOT_COORDINATOR` elsewhere) and appending the [`offsets::CoordinatorRecord`]s it
//! emits to that partition as [`log_schema`] bytes. Loading groups back from the log after a
//! restart is not done: a playground's cluster never restarts its coordinator.

pub mod admin;
pub mod classic_group;
pub mod config;
pub mod event;
pub mod group_coordinator;
pub mod group_state;
mod heartbeat;
mod join_group;
mod leave_group;
pub mod log_schema;
pub mod member;
mod offset_commit;
mod offset_delete;
mod offset_fetch;
pub mod offsets;
mod sync_group;
mod txn_offset_commit;
pub mod view;

pub use admin::GroupListing;
pub use config::GroupCoordinatorConfig;
pub use event::{GroupEvent, RemovalReason};
pub use group_coordinator::{GroupCoordinator, GroupOutput, GroupResponse, TxnRecords};
pub use group_state::ClassicGroupState;
pub use member::RequestKey;
pub use view::{CommittedOffsetView, GroupView, MemberView};
