//! The partition log: Kafka's `UnifiedLog`/`LocalLog`, `LogSegment`, `OffsetIndex`,
//! `TimeIndex` and `LogCleaner` for one partition, writing Kafka's own files through
//! [`SegmentStorage`](crate::storage::SegmentStorage).
//!
//! A partition's log is a sequence of segments, each three files named by its base offset:
//! `.log` (record batches back to back, exactly as Kafka stores them), `.index` (8-byte
//! entries: relative offset, position) and `.timeindex` (12-byte entries: timestamp, relative
//! offset), all big-endian — so exported files can be read by Kafka's `DumpLogSegments`.
//!
//! Map of the module:
//! - [`partition_log`]: [`PartitionLog`] itself: appends, rolling, reads, HW/LSO;
//! - [`segment`], [`offset_index`], [`time_index`], [`file_batches`]: one segment and its files;
//! - [`validator`]: what an append must satisfy (`LogValidator`);
//! - [`retention`], [`cleaner_manager`], [`cleaner`], [`cleaned_txn`]: deleting and compacting;
//! - [`list_offsets`]: offsets by time; [`replication`]: follower appends and truncation;
//! - [`recovery`]: reloading from storage; [`offsets`], [`event`], [`error`]: the log's values.
//!
//! Invariants (checked by `assert!` where they are established):
//! - `log_start_offset <= lso <= hw <= leo` ([`LogOffsets`]);
//! - segments are sorted by base offset, never empty, and the last one is the active one;
//! - every offset in a segment fits a 4-byte offset relative to its base offset.
//!
//! Growth is bounded by the storage quota (segments and their bytes), `segment.index.bytes`
//! (index entries kept in memory per segment), and the data in the log (one producer entry
//! per producer id with data above the log start offset; one open-transaction entry per producer).

pub mod cleaned_txn;
pub mod cleaner;
pub mod cleaner_manager;
pub mod error;
pub mod event;
pub mod file_batches;
pub mod list_offsets;
pub mod offset_index;
pub mod offsets;
pub mod partition_log;
pub mod recovery;
pub mod replication;
pub mod retention;
pub mod segment;
#[cfg(test)]
pub(crate) mod testing;
pub mod time_index;
pub mod validator;

pub use cleaner::CleanerOptions;
pub use cleaner_manager::LogToClean;
pub use error::{LogError, RecordRejection};
pub use event::{CleanerStats, DeletionReason, LogEvent, LogStartOffsetReason, RollReason};
pub use list_offsets::{OffsetSpec, TimestampAndOffset};
pub use offsets::LogOffsets;
pub use partition_log::{AppendInfo, FetchData, FetchUpperBound, LogCheckpoints, PartitionLog};
pub use recovery::RecoveryReport;
pub use validator::AppendOrigin;
