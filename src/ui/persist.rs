//! Where the playground is saved: its journal in the playground's IndexedDB database,
//! written behind the reducer, and read back on load.
//!
//! The reducer appends to a [`Journal`] synchronously and never waits; [`flush`] writes what
//! is new in one transaction (`storage::journal_store`), on a timer and when the page is
//! hidden or left. What a reload would lose is what was journaled since the last flush.
//!
//! The page uses the catalogue's most recently used playground (creating one on the first
//! visit) and owns it through a Web Lock: a second tab of the same playground starts a fresh
//! playground and saves nothing, rather than interleave its flushes with the owner's.
//!
//! The playground switcher's catalogue calls are here too ([`list`], [`create`], [`rename`],
//! [`duplicate`], [`delete`], [`open_on_reload`]): opening another playground marks it as the
//! most recently used and reloads the page onto it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::i18n::{Lang, Text};
use crate::scenario::{Journal, JournalEntry, Scenario};
use crate::storage::catalogue::{Catalogue, CatalogueError, PlaygroundEntry};
use crate::storage::indexed_db::{IdbError, IdbFiles};
use crate::storage::journal_store::StoredJournal;
use crate::storage::owner_lock::{OwnerError, OwnerLock};

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
}

/// The playground's database, owned by this page.
pub struct Store {
    pub idb: IdbFiles,
    /// The catalogue's entry of this playground, as of the page load.
    pub entry: PlaygroundEntry,
    _lock: OwnerLock,
    /// The segment bytes last recorded in the catalogue as this playground's size.
    recorded_size: Cell<u64>,
    /// A flush is running; the next one waits for its turn.
    flushing: Cell<bool>,
    /// Reset or import is under way: nothing more is written.
    stopped: Cell<bool>,
}

/// What the page starts from.
pub struct Boot {
    /// Where to save; `None` when this page does not save (and why, in `error`).
    pub store: Option<Rc<Store>>,
    /// The stored scenario, if a previous visit saved one, or why it cannot be read (the
    /// page then saves nothing, and reset deletes it).
    pub stored: Option<Result<Scenario, String>>,
    pub error: Option<PersistError>,
}

/// Opens this origin's playground and reads its journal.
pub async fn boot(now_ms: i64) -> Boot {
    match open(now_ms).await {
        Ok((store, stored)) => Boot {
            store: Some(Rc::new(store)),
            stored,
            error: None,
        },
        Err(error) => Boot {
            store: None,
            stored: None,
            error: Some(error),
        },
    }
}

async fn open(now_ms: i64) -> Result<(Store, Option<Result<Scenario, String>>), PersistError> {
    let catalogue = Catalogue::open().await?;
    let entry = match catalogue.list().await?.into_iter().next() {
        Some(entry) => entry,
        None => catalogue.create(FIRST_PLAYGROUND_NAME, now_ms).await?,
    };
    let lock = OwnerLock::try_acquire(&catalogue.database_name(entry.id)).await?;
    let idb = catalogue.open_playground(entry.id, now_ms).await?;
    catalogue.close();
    // A journal that cannot be read is reported and left as it is: the page starts a fresh
    // playground that saves nothing over it (reset deletes it, the switcher opens another).
    let stored = match idb.load_journal().await {
        Ok(stored) => {
            stored.map(|stored| scenario_of(stored).map_err(|e| PersistError::from(e).to_string()))
        }
        Err(e) => Some(Err(e.to_string())),
    };
    Ok((
        Store {
            idb,
            recorded_size: Cell::new(entry.size_bytes),
            entry,
            _lock: lock,
            flushing: Cell::new(false),
            stopped: Cell::new(false),
        },
        stored,
    ))
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
    /// Writes what the journal has that the database has not. At most one flush runs at a
    /// time; a call while one runs does nothing (the timer comes back).
    /// `size_bytes` (the playground's segment bytes) goes into the catalogue when it changed.
    pub async fn flush(
        &self,
        journal: &RefCell<Journal>,
        size_bytes: u64,
    ) -> Result<(), PersistError> {
        if self.flushing.get() || self.stopped.get() {
            return Ok(());
        }
        if !journal.borrow().is_dirty() {
            return self.record_size(size_bytes).await;
        }
        let (header, first, entries, mark) = {
            let journal = journal.borrow();
            let pending = journal.unpersisted();
            // Taken under the same borrow as the mark, so the header counts these entries.
            let entries: Vec<String> = pending.entries.iter().map(entry_json).collect();
            (
                header(journal.scenario()),
                pending.first,
                entries,
                pending.mark,
            )
        };
        self.flushing.set(true);
        let written = self.idb.append_journal(&header, first, &entries).await;
        self.flushing.set(false);
        written?;
        journal.borrow_mut().mark_persisted(mark);
        self.record_size(size_bytes).await
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
        size_bytes: u64,
    ) -> Result<(), PersistError> {
        // A flush under way finishes on its own; the one here writes what came after it.
        while self.flushing.get() {
            sleep_ms(10).await;
        }
        let flushed = self.flush(journal, size_bytes).await;
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
        self.idb.replace_journal(&header(scenario), &entries).await
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

/// What saves the open playground, for the switcher: its store, its journal and its current
/// segment size, shared with the page's timer flush.
#[derive(Clone)]
pub struct Saver {
    pub store: Rc<Store>,
    pub journal: Rc<RefCell<Journal>>,
    /// The playground's segment bytes, updated by the page on every render.
    pub size_bytes: Rc<Cell<u64>>,
}

impl PartialEq for Saver {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.store, &other.store) && Rc::ptr_eq(&self.journal, &other.journal)
    }
}

impl Saver {
    /// Writes what the journal has that the database has not.
    pub async fn flush(&self) -> Result<(), PersistError> {
        self.store.flush(&self.journal, self.size_bytes.get()).await
    }

    /// Writes the rest and stops saving: the page is about to leave this playground.
    pub async fn finish(&self) -> Result<(), PersistError> {
        self.store
            .finish(&self.journal, self.size_bytes.get())
            .await
    }
}

/// The one line the header shows about saving, in `lang`.
pub fn describe_error(lang: Lang, error: &PersistError) -> String {
    format!("{}: {error}", Text::NotSaving.get(lang))
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
