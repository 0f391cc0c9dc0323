//! The browser's disk: segment files persisted in IndexedDB, write-behind.
//!
//! [`IndexedDbStorage`] is a [`MemoryStorage`] that remembers which files changed since the
//! last flush. The engine reads and writes it synchronously and never waits; the UI calls
//! [`IndexedDbStorage::take_dirty`] on its own schedule and hands the result to
//! [`IdbFiles::flush`], which writes every changed file in ONE IndexedDB transaction. What
//! lies between the two is what a reload would lose: the UI shows that line.

use std::collections::BTreeSet;

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use indexed_db_futures::typed_array::TypedArray;

use super::memory::MemoryStorage;
use super::{SegmentFile, SegmentStorage, StorageError};

/// The object store holding one entry per segment file, keyed by its Kafka path.
const FILES_STORE: &str = "files";
/// Schema version of the database; bump it with a migration in `open`'s upgrade handler.
const SCHEMA_VERSION: u32 = 1;

/// Why talking to IndexedDB failed.
#[derive(Debug, thiserror::Error)]
pub enum IdbError {
    #[error("could not open the playground's IndexedDB database: {0}")]
    Open(String),
    #[error("IndexedDB request failed: {0}")]
    Request(String),
}

impl From<indexed_db_futures::error::Error> for IdbError {
    fn from(e: indexed_db_futures::error::Error) -> Self {
        IdbError::Request(e.to_string())
    }
}

/// Files changed since the last flush: the bytes to write and the names to delete.
#[derive(Debug, Default)]
pub struct DirtyFiles {
    pub puts: Vec<(SegmentFile, Vec<u8>)>,
    pub deletes: Vec<SegmentFile>,
}

impl DirtyFiles {
    pub fn is_empty(&self) -> bool {
        self.puts.is_empty() && self.deletes.is_empty()
    }
}

/// Segment storage for the browser: memory for the engine, a dirty set for the flusher.
#[derive(Debug, Default)]
pub struct IndexedDbStorage {
    memory: MemoryStorage,
    dirty: BTreeSet<SegmentFile>,
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
            dirty: BTreeSet::new(),
        })
    }

    /// How many files have changes that are in memory only.
    pub fn dirty_count(&self) -> usize {
        self.dirty.len()
    }

    /// Takes the changed files for one flush transaction, clearing the dirty set.
    pub fn take_dirty(&mut self) -> DirtyFiles {
        let mut out = DirtyFiles::default();
        for file in std::mem::take(&mut self.dirty) {
            match self.memory.len(&file) {
                Ok(len) => {
                    // A file that exists can always be read whole: `len` came from it just now.
                    let bytes = self
                        .memory
                        .read(&file, 0, len)
                        .expect("whole file is readable");
                    out.puts.push((file, bytes.to_vec()));
                }
                Err(_) => out.deletes.push(file),
            }
        }
        out
    }
}

impl SegmentStorage for IndexedDbStorage {
    fn append(&mut self, file: &SegmentFile, data: &[u8]) -> Result<(), StorageError> {
        self.memory.append(file, data)?;
        self.dirty.insert(file.clone());
        Ok(())
    }

    fn write_at(&mut self, file: &SegmentFile, pos: u64, data: &[u8]) -> Result<(), StorageError> {
        self.memory.write_at(file, pos, data)?;
        self.dirty.insert(file.clone());
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
        self.dirty.insert(file.clone());
        Ok(())
    }

    fn delete(&mut self, file: &SegmentFile) -> Result<(), StorageError> {
        self.memory.delete(file)?;
        self.dirty.insert(file.clone());
        Ok(())
    }

    fn list(&self) -> Vec<SegmentFile> {
        self.memory.list()
    }

    fn used_bytes(&self) -> u64 {
        self.memory.used_bytes()
    }
}

/// An open IndexedDB database holding one playground's files.
pub struct IdbFiles {
    db: Database,
}

impl IdbFiles {
    /// Opens (creating if needed) the database named `name`.
    pub async fn open(name: &str) -> Result<IdbFiles, IdbError> {
        let db = Database::open(name)
            .with_version(SCHEMA_VERSION)
            .with_on_upgrade_needed(|event, db| {
                if event.old_version() < 1.0 {
                    db.create_object_store(FILES_STORE).build()?;
                }
                Ok(())
            })
            .await
            .map_err(|e| IdbError::Open(e.to_string()))?;
        Ok(IdbFiles { db })
    }

    /// Writes every dirty file in one readwrite transaction: all of it lands, or none.
    pub async fn flush(&self, dirty: &DirtyFiles) -> Result<(), IdbError> {
        if dirty.is_empty() {
            return Ok(());
        }
        let tx = self
            .db
            .transaction(FILES_STORE)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(FILES_STORE)?;
        for (file, bytes) in &dirty.puts {
            store
                .put(TypedArray::new(bytes.clone()))
                .with_key(file.to_string())
                .build()?;
        }
        for file in &dirty.deletes {
            store.delete(file.to_string()).build()?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Reads one file's bytes, if it was ever flushed.
    pub async fn get(&self, file: &SegmentFile) -> Result<Option<Vec<u8>>, IdbError> {
        let tx = self.db.transaction(FILES_STORE).build()?;
        let store = tx.object_store(FILES_STORE)?;
        let bytes: Option<TypedArray<u8>> = store.get(file.to_string()).await?;
        Ok(bytes.map(Vec::from))
    }

    /// Every flushed file, for starting an [`IndexedDbStorage`] after a reload. Entries whose
    /// key is not a segment path are skipped (none are written by this module).
    pub async fn load_all(&self) -> Result<Vec<(SegmentFile, Vec<u8>)>, IdbError> {
        let tx = self.db.transaction(FILES_STORE).build()?;
        let store = tx.object_store(FILES_STORE)?;
        // Both lists come back in key order, so they pair up one to one.
        let keys = store
            .get_all_keys::<String>()
            .await?
            .collect::<Result<Vec<_>, _>>()?;
        let values = store
            .get_all::<TypedArray<u8>>()
            .await?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(keys
            .into_iter()
            .zip(values)
            .filter_map(|(key, bytes)| Some((SegmentFile::parse(&key)?, Vec::from(bytes))))
            .collect())
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
