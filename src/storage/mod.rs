//! Segment storage: where the bytes of a partition's log files live.
//!
//! The engine writes Kafka's own files (`.log` segments of record batches, `.index` and
//! `.timeindex` sparse indexes) through [`SegmentStorage`], a small synchronous trait in the
//! spirit of redb's `StorageBackend`: a handful of byte-level operations on named files, no
//! knowledge of records. Synchronous on purpose: the engine is a deterministic state machine
//! and must never wait. A backend that sits on something asynchronous (IndexedDB) keeps the
//! bytes in memory and persists them write-behind, reporting what is durable separately.
//!
//! Backends:
//! - [`memory::MemoryStorage`]: plain in-memory files, used natively and by tests;
//! - [`failing::FailingStorage`]: wraps a backend and fails its writes on command (tests);
//! - `indexed_db::IndexedDbStorage` (wasm32 only): the browser's disk.
//!
//! Around them: [`chunks`] (how the browser backend cuts files into chunks so a flush writes
//! only what changed), [`schema`] (database layouts and migrations), [`catalogue`] (named
//! playgrounds), [`takeover_message`] (a second tab asking the owner to hand over), and in
//! the browser `estimate` (usage and quota), `owner_lock` (one tab owns a playground),
//! `takeover` (the take-over channel) and `journal_store` (the inputs a playground is
//! replayed from).

pub mod catalogue;
pub mod chunks;
pub mod failing;
pub mod file;
pub mod memory;
pub mod schema;
pub mod takeover_message;

#[cfg(target_arch = "wasm32")]
pub mod estimate;
#[cfg(target_arch = "wasm32")]
pub mod indexed_db;
#[cfg(target_arch = "wasm32")]
pub mod journal_store;
#[cfg(target_arch = "wasm32")]
pub mod owner_lock;
#[cfg(target_arch = "wasm32")]
pub mod takeover;

pub use file::{FileKind, SegmentFile};

/// Why a storage operation failed. None of these lose data that was already stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// The file does not exist (never created, or deleted).
    #[error("no such file: {0}")]
    NotFound(SegmentFile),
    /// A read asked for bytes past the end of the file.
    #[error("read of {file} at {pos}..{end} is past its end ({len} bytes)")]
    OutOfBounds {
        file: SegmentFile,
        pos: u64,
        end: u64,
        len: u64,
    },
    /// The backend is full: nothing of this write was stored, everything before it still is.
    #[error("storage quota exceeded: {needed_bytes} more bytes needed, {limit_bytes} bytes allowed in all")]
    QuotaExceeded { needed_bytes: u64, limit_bytes: u64 },
}

/// The files of every partition log, addressed by [`SegmentFile`].
///
/// Contract, for every backend:
/// - `append` either stores all of `data` at the end of the file (creating it if needed) or
///   nothing, and returns an error in the latter case;
/// - `read` returns exactly the bytes last written at that range;
/// - `truncate` shortens a file (used by log recovery and index trimming), never lengthens it;
/// - `delete` removes a file; deleting a missing file is not an error (retention may race a
///   failed flush);
/// - nothing here is durable until the backend says so: `MemoryStorage` never is,
///   `IndexedDbStorage` after its next flush completes.
pub trait SegmentStorage {
    /// Appends `data` to the end of `file`, creating it if it does not exist.
    fn append(&mut self, file: &SegmentFile, data: &[u8]) -> Result<(), StorageError>;

    /// Overwrites bytes inside `file` starting at `pos` (used to rewrite whole index files).
    /// The range must lie within the current length.
    fn write_at(&mut self, file: &SegmentFile, pos: u64, data: &[u8]) -> Result<(), StorageError>;

    /// Borrows `len` bytes of `file` starting at `pos`.
    fn read(&self, file: &SegmentFile, pos: u64, len: u64) -> Result<&[u8], StorageError>;

    /// The length of `file` in bytes.
    fn len(&self, file: &SegmentFile) -> Result<u64, StorageError>;

    /// Shortens `file` to `len` bytes.
    fn truncate(&mut self, file: &SegmentFile, len: u64) -> Result<(), StorageError>;

    /// Removes `file`.
    fn delete(&mut self, file: &SegmentFile) -> Result<(), StorageError>;

    /// Every stored file, sorted.
    fn list(&self) -> Vec<SegmentFile>;

    /// Total bytes stored, for showing usage against a quota.
    fn used_bytes(&self) -> u64;
}
