//! The browser's disk: segment files persisted in IndexedDB, write-behind.
//!
//! [`IndexedDbStorage`] is a [`MemoryStorage`] that remembers which files changed since the
//! last flush. The engine reads and writes it synchronously and never waits; the UI calls
//! [`IndexedDbStorage::take_dirty`] on its own schedule and hands the result to
//! [`IdbFiles::flush`] (or [`IdbFiles::flush_batch`], which adds the journal's new entries
//! and metadata to the same transaction), writing every changed file in ONE IndexedDB
//! transaction. What
//! lies between the two is what a reload would lose: the UI shows that line. This is Kafka's
//! split between an appended and a flushed record (`LogSegment.append` vs `LogSegment.flush`,
//! driven by `flush.messages`/`flush.ms`): memory is the page cache, IndexedDB the disk.
//!
//! Files are stored as fixed-size chunks ([`super::chunks`]): for each dirty file the storage
//! remembers the lowest byte changed since the last flush and whether the file shrank, and a
//! flush writes only the chunks from that byte to the file's end (and deletes the chunks past
//! a truncation, or all of a deleted file's). An append-only segment thus costs a flush the
//! bytes appended plus at most one partial chunk, not the whole segment.
//!
//! Invariants:
//! - memory is authoritative: a flush writes the CURRENT bytes of each chunk it covers, never
//!   a diff, so flushes may be retried or merged freely (a merged change covers both);
//! - a failed flush loses nothing: the caller hands its [`DirtyFiles`] back with
//!   [`IndexedDbStorage::restore_dirty`], which merges the failed flush's changes back, and
//!   the next flush writes them again (IndexedDB rolled the whole transaction back);
//! - a quota failure of the browser surfaces as [`StorageError::QuotaExceeded`]
//!   (through [`IdbError::Storage`]), like a full disk does for the engine's writes.
//!
//! The database layout and its migrations are in [`super::schema`].

use std::cell::RefCell;
use std::collections::BTreeMap;

use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use indexed_db_futures::typed_array::{TypedArray, TypedArraySlice};

use super::chunks::{self, chunk_key, chunk_key_bounds, chunk_range, parse_chunk_key, Change};
use super::journal_store::JournalAppend;
use super::memory::MemoryStorage;
use super::schema::{self, Apply, Migration, SchemaError, CHUNKS_STORE, JOURNAL_STORE, META_STORE};
use super::{SegmentFile, SegmentStorage, StorageError};

/// The DOMException name browsers give a write refused for lack of space
/// (IndexedDB 3.0, "QuotaExceededError").
const QUOTA_EXCEEDED_ERROR: &str = "QuotaExceededError";

/// Why talking to IndexedDB failed.
#[derive(Debug, thiserror::Error)]
pub enum IdbError {
    #[error("could not open the playground's IndexedDB database: {0}")]
    Open(String),
    #[error("IndexedDB request failed: {0}")]
    Request(String),
    /// The stored data cannot be used by this kplay.
    #[error(transparent)]
    Schema(#[from] SchemaError),
    /// The browser refused to store the data (quota): nothing of the failed flush was written.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A stored value is not what this kplay writes there.
    #[error("IndexedDB holds an unreadable {what}: {detail}")]
    Corrupt { what: String, detail: String },
}

impl From<indexed_db_futures::error::Error> for IdbError {
    fn from(e: indexed_db_futures::error::Error) -> Self {
        IdbError::Request(e.to_string())
    }
}

impl IdbError {
    /// Whether this is the browser's quota refusal.
    pub fn is_quota_exceeded(&self) -> bool {
        matches!(self, IdbError::Storage(StorageError::QuotaExceeded { .. }))
    }
}

/// Whether IndexedDB failed because the origin is out of quota.
pub fn is_quota_exceeded(e: &indexed_db_futures::error::Error) -> bool {
    use indexed_db_futures::error::{DomException, Error, JSError};
    match e {
        Error::DomException(DomException::Other(d)) => d.name() == QUOTA_EXCEEDED_ERROR,
        Error::Unknown(JSError::Error(e)) => e.name() == QUOTA_EXCEEDED_ERROR,
        _ => false,
    }
}

/// Turns a failed flush's error into an [`IdbError`]: a quota refusal becomes
/// [`StorageError::QuotaExceeded`] with the bytes the flush tried to write and the origin's
/// quota (`limit_bytes`, from `navigator.storage.estimate()`; 0 when the browser would not say).
pub fn flush_error(
    e: indexed_db_futures::error::Error,
    flush_bytes: u64,
    limit_bytes: u64,
) -> IdbError {
    if is_quota_exceeded(&e) {
        IdbError::Storage(StorageError::QuotaExceeded {
            needed_bytes: flush_bytes,
            limit_bytes,
        })
    } else {
        e.into()
    }
}

/// Opens (creating if needed) the database `name`, running every migration of `migrations`
/// from its stored version to the current one inside the `versionchange` transaction.
pub(crate) async fn open_database(
    name: &str,
    migrations: &'static [Migration<Apply>],
) -> Result<Database, IdbError> {
    Database::open(name)
        .with_version(schema::current_version(migrations))
        .with_on_upgrade_needed_fut(move |event, db| async move {
            // `upgradeneeded` fires only when the stored version is below the requested one
            // (a newer one fails the open with a VersionError instead), so nothing is pending
            // for a newer database here.
            let stored = event.old_version() as u32;
            let steps = schema::pending(migrations, stored)
                .expect("upgradeneeded only fires for an older stored version");
            for step in steps {
                (step.apply)(db.clone()).await?;
            }
            Ok(())
        })
        .await
        .map_err(|e| IdbError::Open(e.to_string()))
}

/// Every file of the chunks store `store` (of a transaction the caller holds), reassembled
/// from its chunks.
pub(super) async fn read_files(
    store: &ObjectStore<'_>,
) -> Result<Vec<(SegmentFile, Vec<u8>)>, IdbError> {
    // Both lists come back in key order, so they pair up one to one, and a file's chunks
    // come together and in order (see `chunks::chunk_key`).
    let keys = store
        .get_all_keys::<String>()
        .await?
        .collect::<Result<Vec<_>, _>>()?;
    let values = store
        .get_all::<TypedArray<u8>>()
        .await?
        .collect::<Result<Vec<_>, _>>()?;
    let mut files: Vec<(SegmentFile, Vec<u8>)> = Vec::new();
    let mut next_index = 0;
    for (key, bytes) in keys.into_iter().zip(values) {
        let Some((file_key, index)) = parse_chunk_key(&key) else {
            continue;
        };
        let Some(file) = SegmentFile::parse_key(file_key) else {
            continue;
        };
        match files.last_mut() {
            Some((last, content)) if *last == file => {
                if index != next_index {
                    return Err(IdbError::Corrupt {
                        what: format!("segment file {file}"),
                        detail: format!("chunk {index} follows chunk {}", next_index - 1),
                    });
                }
                content.extend_from_slice(&bytes);
            }
            _ => {
                if index != 0 {
                    return Err(IdbError::Corrupt {
                        what: format!("segment file {file}"),
                        detail: format!("its first stored chunk is {index}, not 0"),
                    });
                }
                files.push((file, Vec::from(bytes)));
            }
        }
        next_index = index + 1;
    }
    Ok(files)
}

/// One chunk a flush writes: chunk `index` of `file`, with its current bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkPut {
    pub file: SegmentFile,
    pub index: u64,
    pub bytes: Vec<u8>,
}

/// Files changed since the last flush: the chunks to write, the chunks to delete, and the
/// changes they come from (for [`IndexedDbStorage::restore_dirty`] after a failure).
#[derive(Debug, Default)]
pub struct DirtyFiles {
    pub puts: Vec<ChunkPut>,
    /// Delete every stored chunk of the file from this index on (past a truncation, or all of
    /// a deleted file's).
    pub deletes: Vec<(SegmentFile, u64)>,
    changes: Vec<(SegmentFile, Change)>,
}

impl DirtyFiles {
    /// A flush storing `files` whole, replacing whatever is stored under their names (a
    /// duplicated playground, a test writing damaged bytes).
    pub fn whole(files: Vec<(SegmentFile, Vec<u8>)>) -> DirtyFiles {
        let mut out = DirtyFiles::default();
        for (file, bytes) in files {
            out.add(&file, Change::all(), Some(&bytes));
        }
        out
    }

    /// Adds the flush of `file`, changed by `change`, whose current bytes are `bytes` (`None`:
    /// deleted).
    fn add(&mut self, file: &SegmentFile, change: Change, bytes: Option<&[u8]>) {
        let len = bytes.map(|b| b.len() as u64);
        let plan = chunks::plan(change, len);
        if let Some(bytes) = bytes {
            for index in plan.puts {
                let range = chunk_range(index, bytes.len() as u64);
                self.puts.push(ChunkPut {
                    file: file.clone(),
                    index,
                    bytes: bytes[range.start as usize..range.end as usize].to_vec(),
                });
            }
        }
        if let Some(from) = plan.delete_from {
            self.deletes.push((file.clone(), from));
        }
        self.changes.push((file.clone(), change));
    }

    pub fn is_empty(&self) -> bool {
        self.puts.is_empty() && self.deletes.is_empty()
    }

    /// The bytes this flush writes.
    pub fn bytes(&self) -> u64 {
        self.puts.iter().map(|put| put.bytes.len() as u64).sum()
    }

    /// How many files this flush touches.
    pub fn file_count(&self) -> usize {
        self.changes.len()
    }
}

/// Segment storage for the browser: memory for the engine, a dirty set for the flusher.
///
/// The dirty set sits in a `RefCell` so the flusher can take it through a shared borrow of
/// the engine (`Cluster::storage`), between two reducer steps, without the engine handing out
/// its storage mutably.
#[derive(Debug, Default)]
pub struct IndexedDbStorage {
    memory: MemoryStorage,
    /// Every file changed since the last flush, with the lowest byte changed and whether it
    /// shrank: what the next flush must write or delete.
    dirty: RefCell<BTreeMap<SegmentFile, Change>>,
}

impl IndexedDbStorage {
    /// Starts from the files a previous session flushed (see [`IdbFiles::load_all`]).
    pub fn from_files(files: Vec<(SegmentFile, Vec<u8>)>) -> Result<Self, StorageError> {
        let mut memory = MemoryStorage::new();
        for (file, bytes) in files {
            memory.append(&file, &bytes)?;
        }
        Ok(IndexedDbStorage {
            memory,
            dirty: RefCell::default(),
        })
    }

    fn mark(&self, file: &SegmentFile, change: Change) {
        self.dirty
            .borrow_mut()
            .entry(file.clone())
            .and_modify(|c| *c = c.merge(change))
            .or_insert(change);
    }

    /// How many files have changes that are in memory only.
    pub fn dirty_count(&self) -> usize {
        self.dirty.borrow().len()
    }

    /// The bytes the next flush would write: for every dirty file, its chunks from the one
    /// holding the lowest changed byte to its end.
    pub fn dirty_bytes(&self) -> u64 {
        self.dirty
            .borrow()
            .iter()
            .filter_map(|(file, change)| {
                let len = self.memory.len(file).ok()?;
                let first = chunks::plan(*change, Some(len)).puts.start;
                Some(len - chunk_range(first, len).start)
            })
            .sum()
    }

    /// Merges the changes of a flush that failed back into the dirty set, so the next
    /// [`IndexedDbStorage::take_dirty`] writes them (with their bytes as they are then).
    pub fn restore_dirty(&self, failed: &DirtyFiles) {
        for (file, change) in &failed.changes {
            self.mark(file, *change);
        }
    }

    /// Makes the next flush replace what is stored by what memory holds: every file in memory
    /// is rewritten whole, and every file of `stored` that memory does not hold is deleted.
    pub fn replace_stored(&self, stored: impl IntoIterator<Item = SegmentFile>) {
        for file in self.memory.list().into_iter().chain(stored) {
            self.mark(&file, Change::all());
        }
    }

    /// Takes the changed chunks for one flush transaction, clearing the dirty set.
    pub fn take_dirty(&self) -> DirtyFiles {
        let mut out = DirtyFiles::default();
        for (file, change) in std::mem::take(&mut *self.dirty.borrow_mut()) {
            let bytes = self.memory.len(&file).ok().map(|len| {
                // A file that exists can always be read whole: `len` came from it just now.
                self.memory
                    .read(&file, 0, len)
                    .expect("whole file is readable")
            });
            out.add(&file, change, bytes);
        }
        out
    }
}

impl SegmentStorage for IndexedDbStorage {
    fn append(&mut self, file: &SegmentFile, data: &[u8]) -> Result<(), StorageError> {
        let end = self.memory.len(file).unwrap_or(0);
        self.memory.append(file, data)?;
        self.mark(file, Change::write(end));
        Ok(())
    }

    fn write_at(&mut self, file: &SegmentFile, pos: u64, data: &[u8]) -> Result<(), StorageError> {
        self.memory.write_at(file, pos, data)?;
        self.mark(file, Change::write(pos));
        Ok(())
    }

    fn read(&self, file: &SegmentFile, pos: u64, len: u64) -> Result<&[u8], StorageError> {
        self.memory.read(file, pos, len)
    }

    fn len(&self, file: &SegmentFile) -> Result<u64, StorageError> {
        self.memory.len(file)
    }

    fn truncate(&mut self, file: &SegmentFile, len: u64) -> Result<(), StorageError> {
        self.memory.truncate(file, len)?;
        self.mark(file, Change::cut(len));
        Ok(())
    }

    fn delete(&mut self, file: &SegmentFile) -> Result<(), StorageError> {
        self.memory.delete(file)?;
        self.mark(file, Change::all());
        Ok(())
    }

    fn list(&self) -> Vec<SegmentFile> {
        self.memory.list()
    }

    fn used_bytes(&self) -> u64 {
        self.memory.used_bytes()
    }
}

/// An open IndexedDB database holding one playground's files and metadata. Cloning shares
/// the one connection.
#[derive(Debug, Clone)]
pub struct IdbFiles {
    pub(super) db: Database,
}

impl IdbFiles {
    /// Opens (creating if needed) the database named `name`, migrating an older layout to
    /// the current one ([`schema::PLAYGROUND_MIGRATIONS`]).
    pub async fn open(name: &str) -> Result<IdbFiles, IdbError> {
        let db = open_database(name, schema::PLAYGROUND_MIGRATIONS).await?;
        Ok(IdbFiles { db })
    }

    /// The schema version the open database is at.
    pub fn schema_version(&self) -> u32 {
        self.db.version() as u32
    }

    /// The database's name.
    pub fn name(&self) -> String {
        self.db.name()
    }

    /// Writes every dirty file in one readwrite transaction: all of it lands, or none. On
    /// error hand `dirty` back with [`IndexedDbStorage::restore_dirty`]; a quota refusal is
    /// [`IdbError::Storage`]`(`[`StorageError::QuotaExceeded`]`)`.
    pub async fn flush(&self, dirty: &DirtyFiles) -> Result<(), IdbError> {
        self.flush_batch(dirty, None, &[]).await
    }

    /// [`IdbFiles::flush`] with, in the SAME transaction, the journal's new entries and
    /// header (`journal`) and metadata entries (`meta`: JSON text by key): after a crash the
    /// stored files, journal and metadata are all from one flush, never a mix of two.
    pub async fn flush_batch(
        &self,
        dirty: &DirtyFiles,
        journal: Option<JournalAppend<'_>>,
        meta: &[(String, String)],
    ) -> Result<(), IdbError> {
        if dirty.is_empty() && journal.is_none() && meta.is_empty() {
            return Ok(());
        }
        let bytes = dirty.bytes()
            + journal.as_ref().map_or(0, JournalAppend::bytes)
            + meta.iter().map(|(_, json)| json.len() as u64).sum::<u64>();
        match self.write(dirty, journal, meta).await {
            Ok(()) => Ok(()),
            Err(e) if is_quota_exceeded(&e) => {
                let limit_bytes = match super::estimate::estimate().await {
                    Ok(estimate) => estimate.quota_bytes,
                    Err(_) => 0,
                };
                Err(flush_error(e, bytes, limit_bytes))
            }
            Err(e) => Err(e.into()),
        }
    }

    async fn write(
        &self,
        dirty: &DirtyFiles,
        journal: Option<JournalAppend<'_>>,
        meta: &[(String, String)],
    ) -> indexed_db_futures::Result<()> {
        // Only the stores written are in the transaction's scope, so a files-only flush does
        // not wait on a journal write of another connection.
        let mut scope = vec![CHUNKS_STORE];
        if journal.is_some() || !meta.is_empty() {
            scope.push(META_STORE);
        }
        if journal.is_some() {
            scope.push(JOURNAL_STORE);
        }
        let tx = self
            .db
            .transaction(scope.as_slice())
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(CHUNKS_STORE)?;
        // Deletes and puts of one flush never overlap (a file's deletes start past its last
        // chunk), so their order does not matter.
        for (file, from) in &dirty.deletes {
            let (low, high) = chunk_key_bounds(&file.key(), *from);
            store.delete::<String, _>(low..=high).build()?;
        }
        for put in &dirty.puts {
            store
                .put(TypedArraySlice::new(&put.bytes))
                .with_key(chunk_key(&put.file.key(), put.index))
                .build()?;
        }
        if let Some(journal) = &journal {
            journal.put(&tx)?;
        }
        if !meta.is_empty() {
            let store = tx.object_store(META_STORE)?;
            for (key, json) in meta {
                store.put(json.clone()).with_key(key.clone()).build()?;
            }
        }
        // A quota refusal aborts the transaction with the reason in `transaction.error`
        // (IndexedDB 3.0, "commit a transaction"), while `commit` only reports "aborted":
        // keep a handle to read the reason.
        let sys = tx.as_sys().clone();
        match tx.commit().await {
            Ok(()) => Ok(()),
            Err(aborted) => Err(sys.error().map_or(aborted, Into::into)),
        }
    }

    /// Stores one metadata entry (JSON text under `key`).
    pub async fn put_meta(&self, key: &str, json: &str) -> Result<(), IdbError> {
        let tx = self
            .db
            .transaction(META_STORE)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(META_STORE)?;
        store
            .put(json.to_owned())
            .with_key(key.to_owned())
            .build()?;
        tx.commit().await?;
        Ok(())
    }

    /// Reads one metadata entry, if it was ever stored.
    pub async fn get_meta(&self, key: &str) -> Result<Option<String>, IdbError> {
        let tx = self.db.transaction(META_STORE).build()?;
        let store = tx.object_store(META_STORE)?;
        Ok(store.get(key.to_owned()).await?)
    }

    /// Every metadata entry, sorted by key.
    pub async fn load_meta(&self) -> Result<Vec<(String, String)>, IdbError> {
        let tx = self.db.transaction(META_STORE).build()?;
        let store = tx.object_store(META_STORE)?;
        // Both lists come back in key order, so they pair up one to one.
        let keys = store
            .get_all_keys::<String>()
            .await?
            .collect::<Result<Vec<_>, _>>()?;
        let values = store
            .get_all::<String>()
            .await?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(keys.into_iter().zip(values).collect())
    }

    /// Reads one file's bytes, if it was ever flushed: its chunks, in key order.
    pub async fn get(&self, file: &SegmentFile) -> Result<Option<Vec<u8>>, IdbError> {
        let tx = self.db.transaction(CHUNKS_STORE).build()?;
        let store = tx.object_store(CHUNKS_STORE)?;
        let (low, high) = chunk_key_bounds(&file.key(), 0);
        let chunks = store
            .get_all::<TypedArray<u8>>()
            .with_query::<String, _>(low..=high)
            .await?
            .collect::<Result<Vec<_>, _>>()?;
        if chunks.is_empty() {
            return Ok(None);
        }
        Ok(Some(chunks.into_iter().flat_map(Vec::from).collect()))
    }

    /// Every flushed file, for starting an [`IndexedDbStorage`] after a reload. Entries whose
    /// key is not a segment path are skipped (none are written by this module).
    pub async fn load_all(&self) -> Result<Vec<(SegmentFile, Vec<u8>)>, IdbError> {
        let tx = self.db.transaction(CHUNKS_STORE).build()?;
        read_files(&tx.object_store(CHUNKS_STORE)?).await
    }

    /// Closes the connection. An open connection blocks deleting the database (and schema
    /// upgrades from another tab) until it is closed or garbage-collected, so close explicitly.
    pub fn close(self) {
        self.db.close();
    }

    /// Deletes the whole database (used to reset a playground, and by tests).
    pub async fn delete_database(self) -> Result<(), IdbError> {
        self.db
            .delete()
            .map_err(|e| IdbError::Request(e.to_string()))?
            .await?;
        Ok(())
    }
}
