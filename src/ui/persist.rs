//! Where the playground is saved: its journal and its segment files in the playground's
//! IndexedDB database, written behind the reducer, and read back on load.
//!
//! The reducer appends to a [`Journal`] and the engine to its `IndexedDbStorage`
//! synchronously and never waits; [`Store::flush`] writes what is new of both (the journal's
//! new entries and header, every dirty segment file, and the [`SnapshotMark`] saying which
//! moment those files are) in ONE IndexedDB transaction, on a timer and when the page is
//! hidden or left. What a reload would lose is what was journaled since the last flush; the
//! header's durability line shows it (`i18n::recovery_text::Durability`). The journal is
//! authoritative: a reload replays it; the stored files are checked with Kafka's recovery and
//! compared with the replay (`scenario::stored_segments`), then replaced by the replay's.
//!
//! The page uses the catalogue's most recently used playground (creating one on the first
//! visit) and owns it through a Web Lock. A second tab of the same playground opens it
//! read-only (its stored journal replayed, nothing written) and may ask the owner to hand it
//! over (`storage::takeover`): the owner flushes everything, releases the lock and turns
//! read-only; the asking tab reloads as the owner.
//!
//! The playground switcher's catalogue calls are here too ([`list`], [`create`], [`rename`],
//! [`duplicate`], [`delete`], [`open_on_reload`]): opening another playground marks it as the
//! most recently used and reloads the page onto it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::i18n::recovery_text::Durability;
use crate::i18n::{Lang, Text};
use crate::scenario::stored_segments::SnapshotMark;
use crate::scenario::{Journal, JournalEntry, Scenario};
use crate::storage::catalogue::{Catalogue, CatalogueError, PlaygroundEntry};
use crate::storage::indexed_db::{IdbError, IdbFiles};
use crate::storage::journal_store::{JournalAppend, StoredJournal};
use crate::storage::owner_lock::{OwnerError, OwnerLock};
use crate::storage::schema::SEGMENTS_SNAPSHOT_KEY;
use crate::storage::SegmentFile;
use crate::ui::state::Segments;

/// How often the journal is flushed while the page is visible, in wall-clock milliseconds.
pub const FLUSH_INTERVAL_MS: u32 = 2_000;
/// The name of the playground created on the first visit.
const FIRST_PLAYGROUND_NAME: &str = "playground";

/// Why the page does not save, or could not load.
#[derive(Debug, thiserror::Error)]
pub enum PersistError {
    #[error(transparent)]
    Catalogue(#[from] CatalogueError),
    #[error(transparent)]
    Idb(#[from] IdbError),
    #[error(transparent)]
    Owner(#[from] OwnerError),
    #[error("the saved journal is unreadable: {0}")]
    Corrupt(#[from] serde_json::Error),
    #[error("this playground is open: open another one first")]
    InUse,
    /// The engine's wasm chunk, which replays a stored journal, could not be fetched.
    #[error("the broker engine could not be loaded ({0}); the saved playground is untouched: reload to open it")]
    EngineUnavailable(String),
}

/// The playground's database, owned by this page.
pub struct Store {
    pub idb: IdbFiles,
    /// The catalogue's entry of this playground, as of the page load.
    pub entry: PlaygroundEntry,
    /// Ownership; given up by a hand-over ([`Store::hand_over`]).
    lock: RefCell<Option<OwnerLock>>,
    /// Segment files and bytes on disk as of the last flush (at load: what was stored).
    disk: Cell<(usize, u64)>,
    /// The segment bytes last recorded in the catalogue as this playground's size.
    recorded_size: Cell<u64>,
    /// A flush is running; the next one waits for its turn.
    flushing: Cell<bool>,
    /// Reset or import is under way: nothing more is written.
    stopped: Cell<bool>,
    /// The last flush hit the browser's quota (the page refuses inputs until one succeeds).
    storage_full: Cell<bool>,
}

/// What the page starts from.
pub struct Boot {
    /// Where to save; `None` when this page does not save (and why, in `error`, unless it is
    /// `watching`).
    pub store: Option<Rc<Store>>,
    /// The stored scenario, if a previous visit saved one, or why it cannot be read (the
    /// page then saves nothing, and reset deletes it).
    pub stored: Option<Result<Scenario, String>>,
    /// The stored segment files, read in the same transaction as the journal.
    pub files: Vec<(SegmentFile, Vec<u8>)>,
    /// The moment the stored files were flushed at, if they say.
    pub snapshot: Option<SnapshotMark>,
    /// Another tab owns the playground: the name of its database, for asking it to hand
    /// over. This page shows the stored playground read-only.
    pub watching: Option<String>,
    pub error: Option<PersistError>,
}

/// What was read of a playground's database.
struct Loaded {
    stored: Option<Result<Scenario, String>>,
    files: Vec<(SegmentFile, Vec<u8>)>,
    snapshot: Option<SnapshotMark>,
}

/// Opens this origin's playground and reads its journal and segment files.
pub async fn boot(now_ms: i64) -> Boot {
    let failed = |error| Boot {
        store: None,
        stored: None,
        files: Vec::new(),
        snapshot: None,
        watching: None,
        error: Some(error),
    };
    match open(now_ms).await {
        Ok(Opened::Owner(store, loaded)) => Boot {
            store: Some(Rc::new(store)),
            stored: loaded.stored,
            files: loaded.files,
            snapshot: loaded.snapshot,
            watching: None,
            error: None,
        },
        Ok(Opened::Watching(db_name, loaded)) => Boot {
            store: None,
            stored: loaded.stored,
            files: loaded.files,
            snapshot: loaded.snapshot,
            watching: Some(db_name),
            error: None,
        },
        Err(error) => failed(error),
    }
}

enum Opened {
    Owner(Store, Loaded),
    /// Another tab holds the lock: read, never written.
    Watching(String, Loaded),
}

async fn open(now_ms: i64) -> Result<Opened, PersistError> {
    let catalogue = Catalogue::open().await?;
    let entry = match catalogue.list().await?.into_iter().next() {
        Some(entry) => entry,
        None => catalogue.create(FIRST_PLAYGROUND_NAME, now_ms).await?,
    };
    let db_name = catalogue.database_name(entry.id);
    let lock = match OwnerLock::try_acquire(&db_name).await {
        Ok(lock) => lock,
        Err(OwnerError::Held(_)) => {
            catalogue.close();
            let idb = IdbFiles::open(&db_name).await?;
            let loaded = load(&idb).await;
            idb.close();
            return Ok(Opened::Watching(db_name, loaded?));
        }
        Err(e) => {
            catalogue.close();
            return Err(e.into());
        }
    };
    let idb = catalogue.open_playground(entry.id, now_ms).await?;
    catalogue.close();
    let loaded = load(&idb).await?;
    let disk = (
        loaded.files.len(),
        loaded.files.iter().map(|(_, b)| b.len() as u64).sum(),
    );
    Ok(Opened::Owner(
        Store {
            idb,
            recorded_size: Cell::new(entry.size_bytes),
            entry,
            lock: RefCell::new(Some(lock)),
            disk: Cell::new(disk),
            flushing: Cell::new(false),
            stopped: Cell::new(false),
            storage_full: Cell::new(false),
        },
        loaded,
    ))
}

/// Reads the journal, the segment files and their snapshot mark, in one transaction. A
/// journal that cannot be read is reported and left as it is: the page starts a fresh
/// playground that saves nothing over it (reset deletes it, the switcher opens another).
async fn load(idb: &IdbFiles) -> Result<Loaded, PersistError> {
    let saved = match idb.load_saved(SEGMENTS_SNAPSHOT_KEY).await {
        Ok(saved) => saved,
        Err(e) => {
            return Ok(Loaded {
                stored: Some(Err(e.to_string())),
                files: Vec::new(),
                snapshot: None,
            })
        }
    };
    let stored = saved
        .journal
        .map(|stored| scenario_of(stored).map_err(|e| PersistError::from(e).to_string()));
    Ok(Loaded {
        stored,
        files: saved.files,
        snapshot: saved.meta.as_deref().and_then(SnapshotMark::from_json),
    })
}

/// The scenario's header: everything but the inputs, which are stored one per entry.
fn header(scenario: &Scenario) -> String {
    Scenario {
        format_version: scenario.format_version,
        seed: scenario.seed,
        profile: scenario.profile,
        start_ms: scenario.start_ms,
        clock_ms: scenario.clock_ms,
        inputs: Vec::new(),
        full: scenario.full,
    }
    .to_json()
}

fn entry_json(entry: &JournalEntry) -> String {
    serde_json::to_string(entry).expect("a struct of strings and integers always serializes")
}

fn scenario_of(stored: StoredJournal) -> Result<Scenario, serde_json::Error> {
    let mut scenario = Scenario::from_json(&stored.header)?;
    scenario.inputs = stored
        .entries
        .iter()
        .map(|e| serde_json::from_str(e))
        .collect::<Result<_, _>>()?;
    Ok(scenario)
}

impl Store {
    /// Writes what the journal and the segment files have that the database has not, in one
    /// transaction, with the [`SnapshotMark`] of the files. At most one flush runs at a time;
    /// a call while one runs does nothing (the timer comes back). On failure the files stay
    /// dirty and the journal unpersisted, for the next flush. The playground's segment bytes
    /// go into the catalogue as its size when they changed.
    pub async fn flush(
        &self,
        journal: &RefCell<Journal>,
        segments: &Segments,
    ) -> Result<(), PersistError> {
        if self.flushing.get() || self.stopped.get() {
            return Ok(());
        }
        let (files, size_bytes) = segments.all();
        if !journal.borrow().is_dirty() && segments.memory_only().0 == 0 {
            return self.record_size(size_bytes).await;
        }
        // Taken in one synchronous stretch: no reducer step can run between the journal's
        // pending part, the dirty files and the mark, so all three are the same moment.
        let (header, first, entries, mark) = {
            let journal = journal.borrow();
            let pending = journal.unpersisted();
            let entries: Vec<String> = pending.entries.iter().map(entry_json).collect();
            (
                header(journal.scenario()),
                pending.first,
                entries,
                pending.mark,
            )
        };
        let (dirty, snapshot) = segments.take_dirty(journal.borrow().len());
        self.flushing.set(true);
        let written = self
            .idb
            .flush_batch(
                &dirty,
                Some(JournalAppend {
                    header: &header,
                    first,
                    entries: &entries,
                }),
                &[(SEGMENTS_SNAPSHOT_KEY.to_owned(), snapshot.to_json())],
            )
            .await;
        self.flushing.set(false);
        if let Err(e) = written {
            segments.restore_dirty(&dirty);
            return Err(e.into());
        }
        journal.borrow_mut().mark_persisted(mark);
        self.disk.set((files, size_bytes));
        self.record_size(size_bytes).await
    }

    /// Whether the last flush hit the browser's quota.
    pub fn is_storage_full(&self) -> bool {
        self.storage_full.get()
    }

    pub fn set_storage_full(&self, full: bool) {
        self.storage_full.set(full);
    }

    /// What is in memory only and what is on disk, for the header.
    pub fn durability(&self, journal: &RefCell<Journal>, segments: &Segments) -> Durability {
        let (memory_files, memory_bytes) = segments.memory_only();
        let (disk_files, disk_bytes) = self.disk.get();
        Durability {
            memory_files,
            memory_bytes,
            journal_pending: journal.borrow().unpersisted().entries.len(),
            disk_files,
            disk_bytes,
        }
    }

    /// Hands the playground over to another tab: flushes everything, stops saving and
    /// releases the Web Lock. A failed flush keeps the playground here (and saving on).
    pub async fn hand_over(
        &self,
        journal: &RefCell<Journal>,
        segments: &Segments,
    ) -> Result<(), PersistError> {
        self.flush_last(journal, segments).await?;
        self.stopped.set(true);
        let lock = self.lock.borrow_mut().take();
        if let Some(lock) = lock {
            lock.release().await;
        }
        Ok(())
    }

    /// Flushes everything, after the flush under way if any (it finishes on its own; this
    /// one writes what came after it).
    async fn flush_last(
        &self,
        journal: &RefCell<Journal>,
        segments: &Segments,
    ) -> Result<(), PersistError> {
        while self.flushing.get() {
            sleep_ms(10).await;
        }
        self.flush(journal, segments).await
    }

    async fn record_size(&self, size_bytes: u64) -> Result<(), PersistError> {
        if self.recorded_size.get() == size_bytes {
            return Ok(());
        }
        let catalogue = Catalogue::open().await?;
        let recorded = catalogue.record_size(self.entry.id, size_bytes).await;
        catalogue.close();
        recorded?;
        self.recorded_size.set(size_bytes);
        Ok(())
    }

    /// Flushes whatever the journal has left and stops saving (the page is about to load
    /// another playground).
    pub async fn finish(
        &self,
        journal: &RefCell<Journal>,
        segments: &Segments,
    ) -> Result<(), PersistError> {
        let flushed = self.flush_last(journal, segments).await;
        self.stopped.set(true);
        flushed
    }

    /// Forgets the saved playground (reset): stops saving and clears the journal.
    pub async fn clear(&self) -> Result<(), IdbError> {
        self.stopped.set(true);
        self.idb.clear_journal().await
    }

    /// Replaces the saved playground with `scenario` (import): stops saving and writes it.
    pub async fn replace(&self, scenario: &Scenario) -> Result<(), IdbError> {
        self.stopped.set(true);
        let entries: Vec<String> = scenario.inputs.iter().map(entry_json).collect();
        self.idb
            .replace_playground(&header(scenario), &entries)
            .await
    }
}

/// Waits `ms` wall-clock milliseconds (`setTimeout`).
async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = gloo::utils::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// What saves the open playground, for the switcher: its store, its journal and its segment
/// files, shared with the page's timer flush.
#[derive(Clone)]
pub struct Saver {
    pub store: Rc<Store>,
    pub journal: Rc<RefCell<Journal>>,
    pub segments: Segments,
}

impl PartialEq for Saver {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.store, &other.store) && Rc::ptr_eq(&self.journal, &other.journal)
    }
}

impl Saver {
    /// Writes what the journal has that the database has not.
    pub async fn flush(&self) -> Result<(), PersistError> {
        self.store.flush(&self.journal, &self.segments).await
    }

    /// Writes the rest and stops saving: the page is about to leave this playground.
    pub async fn finish(&self) -> Result<(), PersistError> {
        self.store.finish(&self.journal, &self.segments).await
    }

    /// Flushes everything, stops saving and releases the lock (a take-over).
    pub async fn hand_over(&self) -> Result<(), PersistError> {
        self.store.hand_over(&self.journal, &self.segments).await
    }

    /// The header's durability line's figures.
    pub fn durability(&self) -> Durability {
        self.store.durability(&self.journal, &self.segments)
    }

    /// Whether the last failure was the browser's quota.
    pub fn is_quota(error: &PersistError) -> bool {
        matches!(error, PersistError::Idb(e) if e.is_quota_exceeded())
    }
}

/// The one line the header shows about saving, in `lang`.
pub fn describe_error(lang: Lang, error: &PersistError) -> String {
    match error {
        PersistError::EngineUnavailable(why) => format!(
            "{}: {} ({why})",
            Text::NotSaving.get(lang),
            Text::EngineUnavailable.get(lang)
        ),
        _ => format!("{}: {error}", Text::NotSaving.get(lang)),
    }
}

/// Every playground, most recently used first.
pub async fn list() -> Result<Vec<PlaygroundEntry>, PersistError> {
    let catalogue = Catalogue::open().await?;
    let result = catalogue.list().await;
    catalogue.close();
    Ok(result?)
}

/// Creates an empty playground named `name`.
pub async fn create(name: &str, now_ms: i64) -> Result<PlaygroundEntry, PersistError> {
    let catalogue = Catalogue::open().await?;
    let result = catalogue.create(name, now_ms).await;
    catalogue.close();
    Ok(result?)
}

/// Creates a playground named `name` holding `scenario` (a shared link's); being the most
/// recently used, it is the one the next page load opens.
pub async fn create_with(
    name: &str,
    scenario: &Scenario,
    now_ms: i64,
) -> Result<PlaygroundEntry, PersistError> {
    let catalogue = Catalogue::open().await?;
    let result = async {
        let entry = catalogue.create(name, now_ms).await?;
        let idb = catalogue.open_playground(entry.id, now_ms).await?;
        let entries: Vec<String> = scenario.inputs.iter().map(entry_json).collect();
        let written = idb.replace_journal(&header(scenario), &entries).await;
        idb.close();
        written?;
        Ok::<_, PersistError>(entry)
    }
    .await;
    catalogue.close();
    result
}

/// Renames playground `id`.
pub async fn rename(id: u64, name: &str) -> Result<PlaygroundEntry, PersistError> {
    let catalogue = Catalogue::open().await?;
    let result = catalogue.rename(id, name).await;
    catalogue.close();
    Ok(result?)
}

/// Copies playground `id` (what it has flushed: flush the open one first) as `name`.
pub async fn duplicate(id: u64, name: &str, now_ms: i64) -> Result<PlaygroundEntry, PersistError> {
    let catalogue = Catalogue::open().await?;
    let result = catalogue.duplicate(id, name, now_ms).await;
    catalogue.close();
    Ok(result?)
}

/// Makes playground `id` the one the next page load opens.
pub async fn open_on_reload(id: u64, now_ms: i64) -> Result<(), PersistError> {
    let catalogue = Catalogue::open().await?;
    let result = catalogue.touch(id, now_ms).await;
    catalogue.close();
    Ok(result?)
}

/// Deletes playground `id` and its data. The playground this page has open (`open`) cannot
/// be deleted; one open in another tab is refused too ([`OwnerError::Held`]): its open
/// connection would hold the delete until that tab closed.
pub async fn delete(id: u64, open: Option<u64>) -> Result<(), PersistError> {
    if open == Some(id) {
        return Err(PersistError::InUse);
    }
    let catalogue = Catalogue::open().await?;
    let lock = match OwnerLock::try_acquire(&catalogue.database_name(id)).await {
        Ok(lock) => lock,
        Err(e) => {
            catalogue.close();
            return Err(e.into());
        }
    };
    let deleted = catalogue.delete(id).await;
    lock.release().await;
    catalogue.close();
    Ok(deleted?)
}
