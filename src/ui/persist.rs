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

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::i18n::{Lang, Text};
use crate::scenario::{Journal, JournalEntry, Scenario};
use crate::storage::catalogue::{Catalogue, CatalogueError};
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
}

/// The playground's database, owned by this page.
pub struct Store {
    pub idb: IdbFiles,
    _lock: OwnerLock,
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
    let stored = idb
        .load_journal()
        .await?
        .map(|stored| scenario_of(stored).map_err(|e| PersistError::from(e).to_string()));
    Ok((
        Store {
            idb,
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
    pub async fn flush(&self, journal: &RefCell<Journal>) -> Result<(), IdbError> {
        if self.flushing.get() || self.stopped.get() || !journal.borrow().is_dirty() {
            return Ok(());
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
        Ok(())
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

/// The one line the header shows about saving, in `lang`.
pub fn describe_error(lang: Lang, error: &PersistError) -> String {
    format!("{}: {error}", Text::NotSaving.get(lang))
}
