//! The app state's storage side (a child module of `state`, so the engine is still reached
//! from `state` only): the UI's segment storage type, the handle the write-behind flusher
//! takes dirty files through, the load-time check of the stored files, and the read-only
//! modes in which the reducer refuses inputs.

use std::cell::RefCell;
use std::rc::Rc;

use crate::engine::playground::Playground;
use crate::i18n::Text;
use crate::scenario::stored_segments::{SnapshotMark, StoredCheck};
use crate::storage::indexed_db::{DirtyFiles, IndexedDbStorage};
use crate::storage::{SegmentFile, SegmentStorage};

use super::AppState;

/// The page's segment storage: memory for the engine, flushed write-behind to IndexedDB.
pub type UiStorage = IndexedDbStorage;

/// Why this tab does not change the playground: inputs are refused and the clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadOnly {
    /// Another tab owns the playground; this one shows what it saved.
    OtherTab,
    /// This tab handed the playground over to another tab.
    HandedOver,
    /// A flush hit the browser's quota: new inputs are refused until a flush succeeds again,
    /// so nothing piles up in memory that could not be saved.
    StorageFull,
}

impl ReadOnly {
    pub fn text(self) -> Text {
        match self {
            ReadOnly::OtherTab => Text::ReadOnlyOtherTab,
            ReadOnly::HandedOver => Text::ReadOnlyHandedOver,
            ReadOnly::StorageFull => Text::StorageFullStopped,
        }
    }
}

/// The flusher's handle on the playground's segment files (shared with the state).
#[derive(Clone)]
pub struct Segments(Rc<RefCell<Playground<UiStorage>>>);

impl PartialEq for Segments {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Segments {
    /// The files changed since the last flush and where the playground stands as they are
    /// taken (`inputs`: the journal's length, told by the caller).
    pub fn take_dirty(&self, inputs: usize) -> (DirtyFiles, SnapshotMark) {
        let playground = self.0.borrow();
        let mark = SnapshotMark {
            clock_ms: playground.now_ms(),
            inputs,
        };
        (playground.cluster().storage().take_dirty(), mark)
    }

    /// Hands a failed flush's files back for the next one.
    pub fn restore_dirty(&self, failed: &DirtyFiles) {
        self.0.borrow().cluster().storage().restore_dirty(failed);
    }

    /// Files (and their bytes) changed in memory since the last flush.
    pub fn memory_only(&self) -> (usize, u64) {
        let playground = self.0.borrow();
        let storage = playground.cluster().storage();
        (storage.dirty_count(), storage.dirty_bytes())
    }

    /// Every segment file and their bytes.
    pub fn all(&self) -> (usize, u64) {
        let playground = self.0.borrow();
        let storage = playground.cluster().storage();
        (storage.list().len(), storage.used_bytes())
    }
}

impl AppState {
    /// The flusher's handle on the segment files.
    pub fn segments(&self) -> Segments {
        Segments(self.playground.clone())
    }

    /// Checks the stored files with Kafka's recovery and compares them with this (just
    /// replayed) playground where sound (`scenario::stored_segments`).
    pub fn check_stored(
        &self,
        stored: &[(SegmentFile, Vec<u8>)],
        snapshot: Option<SnapshotMark>,
    ) -> StoredCheck {
        let inputs = self.journal.borrow().len();
        crate::ui::engine_chunk::check_stored(stored, snapshot, &self.playground.borrow(), inputs)
    }

    /// Makes the next flush replace the stored files by this playground's.
    pub fn replace_stored(&self, stored: impl IntoIterator<Item = SegmentFile>) {
        self.playground
            .borrow()
            .cluster()
            .storage()
            .replace_stored(stored);
    }
}
