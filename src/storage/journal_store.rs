//! The playground's journal in IndexedDB: a header and one JSON text per input, appended
//! write-behind in batches (see `crate::scenario` for what the texts mean; storage keeps
//! them as text).
//!
//! Invariants:
//! - one batch (its entries and the header that counts them) is one readwrite transaction
//!   over the journal and meta stores: after a crash the stored header never names entries
//!   that are not stored, nor the reverse;
//! - entries are keyed by their index, zero-padded, so a batch retried after a failure
//!   overwrites what it may have written before instead of duplicating it;
//! - clearing (reset) and replacing the playground (import) are single transactions too, and
//!   take the segment files and the segment snapshot's metadata ([`SEGMENTS_SNAPSHOT_KEY`])
//!   with them: those were a snapshot of the journal being forgotten.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{TransactionMode, TransactionRef};

use super::indexed_db::{IdbError, IdbFiles};
use super::schema::{
    CHUNKS_STORE, JOURNAL_HEADER_KEY, JOURNAL_STORE, META_STORE, SEGMENTS_SNAPSHOT_KEY,
};
use super::SegmentFile;

/// Key of the journal entry at `index`.
fn key(index: usize) -> String {
    format!("{index:020}")
}

/// A journal as stored: its header and its entries in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredJournal {
    pub header: String,
    pub entries: Vec<String>,
}

/// What a journal write clears before writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clear {
    Nothing,
    Journal,
    JournalAndFiles,
}

/// One batch of new journal entries (indexes `first..`) and the header that counts them, for
/// [`IdbFiles::flush_batch`] to write with the segment files in one transaction.
#[derive(Debug, Clone, Copy)]
pub struct JournalAppend<'a> {
    pub header: &'a str,
    pub first: usize,
    pub entries: &'a [String],
}

impl JournalAppend<'_> {
    /// The bytes of text this batch writes.
    pub fn bytes(&self) -> u64 {
        (self.header.len() + self.entries.iter().map(String::len).sum::<usize>()) as u64
    }

    /// Puts the entries and the header into `tx`, which must have the journal and meta stores
    /// in its scope.
    pub(super) fn put(&self, tx: &TransactionRef<'_>) -> indexed_db_futures::Result<()> {
        let journal = tx.object_store(JOURNAL_STORE)?;
        for (i, entry) in self.entries.iter().enumerate() {
            journal
                .put(entry.clone())
                .with_key(key(self.first + i))
                .build()?;
        }
        tx.object_store(META_STORE)?
            .put(self.header.to_owned())
            .with_key(JOURNAL_HEADER_KEY.to_owned())
            .build()?;
        Ok(())
    }
}

/// A playground as stored: journal, segment files and one metadata entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub journal: Option<StoredJournal>,
    pub files: Vec<(SegmentFile, Vec<u8>)>,
    pub meta: Option<String>,
}

impl IdbFiles {
    /// Stores `entries` at indexes `first..` and the header, in one transaction.
    pub async fn append_journal(
        &self,
        header: &str,
        first: usize,
        entries: &[String],
    ) -> Result<(), IdbError> {
        self.write_journal(header, first, entries, Clear::Nothing)
            .await
    }

    /// Replaces the whole journal in one transaction, keeping the segment files (a duplicate
    /// copies both).
    pub async fn replace_journal(&self, header: &str, entries: &[String]) -> Result<(), IdbError> {
        self.write_journal(header, 0, entries, Clear::Journal).await
    }

    /// Replaces the whole playground by a journal (an imported scenario) in one transaction:
    /// the segment files and their snapshot mark go, as they were a snapshot of the journal
    /// replaced; the next load replays the new journal and flushes its files.
    pub async fn replace_playground(
        &self,
        header: &str,
        entries: &[String],
    ) -> Result<(), IdbError> {
        self.write_journal(header, 0, entries, Clear::JournalAndFiles)
            .await
    }

    async fn write_journal(
        &self,
        header: &str,
        first: usize,
        entries: &[String],
        clear: Clear,
    ) -> Result<(), IdbError> {
        let tx = self
            .db
            .transaction([JOURNAL_STORE, META_STORE, CHUNKS_STORE])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        if clear != Clear::Nothing {
            tx.object_store(JOURNAL_STORE)?.clear()?;
        }
        if clear == Clear::JournalAndFiles {
            tx.object_store(CHUNKS_STORE)?.clear()?;
            tx.object_store(META_STORE)?
                .delete(SEGMENTS_SNAPSHOT_KEY.to_owned())
                .build()?;
        }
        JournalAppend {
            header,
            first,
            entries,
        }
        .put(&tx)?;
        tx.commit().await?;
        Ok(())
    }

    /// The stored journal, if one was ever stored.
    pub async fn load_journal(&self) -> Result<Option<StoredJournal>, IdbError> {
        let tx = self.db.transaction([JOURNAL_STORE, META_STORE]).build()?;
        let header: Option<String> = tx
            .object_store(META_STORE)?
            .get(JOURNAL_HEADER_KEY.to_owned())
            .await?;
        let Some(header) = header else {
            return Ok(None);
        };
        // `getAll` returns values in key order, which is the order of the inputs.
        let entries = tx
            .object_store(JOURNAL_STORE)?
            .get_all::<String>()
            .await?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(StoredJournal { header, entries }))
    }

    /// The journal, every segment file and the metadata entry `meta_key`, read in ONE
    /// transaction: consistent with each other even while another tab flushes.
    pub async fn load_saved(&self, meta_key: &str) -> Result<Saved, IdbError> {
        let tx = self
            .db
            .transaction([JOURNAL_STORE, META_STORE, CHUNKS_STORE])
            .build()?;
        let meta_store = tx.object_store(META_STORE)?;
        let header: Option<String> = meta_store.get(JOURNAL_HEADER_KEY.to_owned()).await?;
        let meta: Option<String> = meta_store.get(meta_key.to_owned()).await?;
        let journal = match header {
            None => None,
            Some(header) => {
                let entries = tx
                    .object_store(JOURNAL_STORE)?
                    .get_all::<String>()
                    .await?
                    .collect::<Result<Vec<_>, _>>()?;
                Some(StoredJournal { header, entries })
            }
        };
        let files = super::indexed_db::read_files(&tx.object_store(CHUNKS_STORE)?).await?;
        Ok(Saved {
            journal,
            files,
            meta,
        })
    }

    /// Forgets the journal and the segment files (reset): the next load finds none.
    pub async fn clear_journal(&self) -> Result<(), IdbError> {
        let tx = self
            .db
            .transaction([JOURNAL_STORE, META_STORE, CHUNKS_STORE])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        tx.object_store(JOURNAL_STORE)?.clear()?;
        tx.object_store(CHUNKS_STORE)?.clear()?;
        let meta = tx.object_store(META_STORE)?;
        meta.delete(JOURNAL_HEADER_KEY.to_owned()).build()?;
        meta.delete(SEGMENTS_SNAPSHOT_KEY.to_owned()).build()?;
        tx.commit().await?;
        Ok(())
    }
}
