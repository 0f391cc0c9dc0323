//! The catalogue of named playgrounds: one IndexedDB database per playground, plus one
//! catalogue database listing them with name, size, creation and last use.
//!
//! Why: a user keeps several playgrounds (a KRaft demo, a transactions experiment) side by
//! side, the way one machine hosts several Kafka clusters each with its own `log.dirs`. A
//! database per playground makes delete a whole-database drop and keeps one playground's
//! flushes from contending with another's.
//!
//! Invariants:
//! - ids are never reused: they come from a counter in the catalogue, so a stale database of
//!   a deleted playground can never be mistaken for a new one;
//! - names are trimmed, non-empty, at most [`NAME_MAX_CHARS`] characters and unique
//!   (case-sensitively), so the list the user picks from is unambiguous;
//! - at most [`MAX_PLAYGROUNDS`] playgrounds exist;
//! - times are the caller's (`now_ms`); the storage layer has no clock;
//! - a playground's entry is written after its database exists (create, duplicate) and removed
//!   after its database is gone (delete), so the catalogue never lists a playground whose
//!   data was lost; an interrupted create or delete leaves at worst an unlisted database.
//!
//! Errors: [`CatalogueError`], with the IndexedDB failure inside when the browser failed.

use std::cmp::Reverse;

/// Longest playground name, in characters.
pub const NAME_MAX_CHARS: usize = 64;
/// Most playgrounds the catalogue holds.
pub const MAX_PLAYGROUNDS: usize = 64;
/// Name of the catalogue database in the page's origin.
pub const CATALOGUE_DB: &str = "kplay-catalogue";

/// One playground as the catalogue lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PlaygroundEntry {
    /// Stable id, part of the database name; never reused.
    pub id: u64,
    pub name: String,
    /// Bytes of segment files as of the last [`record_size`](Catalogue::record_size) call.
    pub size_bytes: u64,
    pub created_ms: i64,
    pub last_used_ms: i64,
}

/// Why a catalogue operation failed.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("a playground name cannot be empty")]
    EmptyName,
    #[error("a playground name is at most {max} characters, {name:?} has {len}")]
    NameTooLong {
        name: String,
        len: usize,
        max: usize,
    },
    #[error("a playground named {0:?} already exists")]
    NameTaken(String),
    #[error("no playground with id {0}")]
    NotFound(u64),
    #[error("there are already {0} playgrounds, the most kplay keeps; delete one first")]
    Full(usize),
    #[cfg(target_arch = "wasm32")]
    #[error(transparent)]
    Idb(#[from] super::indexed_db::IdbError),
}

/// Checks and trims a playground name against the names already taken (`taken`, excluding
/// the playground being renamed).
pub fn validate_name<'a>(
    name: &str,
    mut taken: impl Iterator<Item = &'a str>,
) -> Result<String, CatalogueError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CatalogueError::EmptyName);
    }
    let len = name.chars().count();
    if len > NAME_MAX_CHARS {
        return Err(CatalogueError::NameTooLong {
            name: name.to_owned(),
            len,
            max: NAME_MAX_CHARS,
        });
    }
    if taken.any(|t| t == name) {
        return Err(CatalogueError::NameTaken(name.to_owned()));
    }
    Ok(name.to_owned())
}

/// Most recently used first; ties (same millisecond) by id, newest first.
pub fn sort_by_last_use(entries: &mut [PlaygroundEntry]) {
    crate::sort::sort_by_key(entries, |e| (Reverse(e.last_used_ms), Reverse(e.id)));
}

#[cfg(target_arch = "wasm32")]
pub use browser::Catalogue;

#[cfg(target_arch = "wasm32")]
mod browser {
    use indexed_db_futures::database::Database;
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;

    use super::*;
    use crate::storage::indexed_db::{open_database, IdbError, IdbFiles};
    use crate::storage::schema::{CATALOGUE_MIGRATIONS, COUNTERS_STORE, PLAYGROUNDS_STORE};

    /// The counter holding the next playground id.
    const NEXT_ID: &str = "next_playground_id";

    /// An open catalogue database.
    #[derive(Debug)]
    pub struct Catalogue {
        db: Database,
    }

    /// Key of a playground's entry: zero-padded so keys sort as ids do.
    fn key(id: u64) -> String {
        format!("{id:020}")
    }

    fn corrupt(what: &str, e: impl std::fmt::Display) -> IdbError {
        IdbError::Corrupt {
            what: what.to_owned(),
            detail: e.to_string(),
        }
    }

    impl Catalogue {
        /// Opens (creating if needed) the origin's catalogue, [`CATALOGUE_DB`].
        pub async fn open() -> Result<Catalogue, CatalogueError> {
            Self::open_named(CATALOGUE_DB).await
        }

        /// Opens the catalogue database `name`; its playgrounds' databases are named after it
        /// (tests use their own catalogue so they never touch the user's).
        pub async fn open_named(name: &str) -> Result<Catalogue, CatalogueError> {
            Ok(Catalogue {
                db: open_database(name, CATALOGUE_MIGRATIONS).await?,
            })
        }

        /// The IndexedDB database holding playground `id`'s files.
        pub fn database_name(&self, id: u64) -> String {
            format!("{}-playground-{id}", self.db.name())
        }

        /// Every playground, most recently used first.
        pub async fn list(&self) -> Result<Vec<PlaygroundEntry>, CatalogueError> {
            let tx = self
                .db
                .transaction(PLAYGROUNDS_STORE)
                .build()
                .map_err(IdbError::from)?;
            let store = tx.object_store(PLAYGROUNDS_STORE).map_err(IdbError::from)?;
            let mut entries = Vec::new();
            for json in store.get_all::<String>().await.map_err(IdbError::from)? {
                let json = json.map_err(IdbError::from)?;
                entries
                    .push(serde_json::from_str(&json).map_err(|e| corrupt("playground entry", e))?);
            }
            sort_by_last_use(&mut entries);
            Ok(entries)
        }

        /// One playground's entry.
        pub async fn get(&self, id: u64) -> Result<PlaygroundEntry, CatalogueError> {
            let tx = self
                .db
                .transaction(PLAYGROUNDS_STORE)
                .build()
                .map_err(IdbError::from)?;
            let store = tx.object_store(PLAYGROUNDS_STORE).map_err(IdbError::from)?;
            let json: Option<String> = store.get(key(id)).await.map_err(IdbError::from)?;
            let json = json.ok_or(CatalogueError::NotFound(id))?;
            Ok(serde_json::from_str(&json).map_err(|e| corrupt("playground entry", e))?)
        }

        async fn put(&self, entry: &PlaygroundEntry) -> Result<(), CatalogueError> {
            let json = serde_json::to_string(entry)
                .expect("a struct of strings and integers always serializes");
            let tx = self
                .db
                .transaction(PLAYGROUNDS_STORE)
                .with_mode(TransactionMode::Readwrite)
                .build()
                .map_err(IdbError::from)?;
            let store = tx.object_store(PLAYGROUNDS_STORE).map_err(IdbError::from)?;
            store
                .put(json)
                .with_key(key(entry.id))
                .build()
                .map_err(IdbError::from)?;
            tx.commit().await.map_err(IdbError::from)?;
            Ok(())
        }

        /// Takes the next id from the counter, in its own transaction (an id lost to a failed
        /// create is simply skipped).
        async fn next_id(&self) -> Result<u64, CatalogueError> {
            let tx = self
                .db
                .transaction(COUNTERS_STORE)
                .with_mode(TransactionMode::Readwrite)
                .build()
                .map_err(IdbError::from)?;
            let store = tx.object_store(COUNTERS_STORE).map_err(IdbError::from)?;
            let stored: Option<f64> = store.get(NEXT_ID).await.map_err(IdbError::from)?;
            // Ids stay far below 2^53, so the f64 IndexedDB stores them as is exact.
            let id = stored.map_or(1, |v| v as u64);
            store
                .put((id + 1) as f64)
                .with_key(NEXT_ID)
                .build()
                .map_err(IdbError::from)?;
            tx.commit().await.map_err(IdbError::from)?;
            Ok(id)
        }

        /// Checks a new playground would fit and its name is free.
        async fn admit(&self, name: &str, except: Option<u64>) -> Result<String, CatalogueError> {
            let entries = self.list().await?;
            let name = validate_name(
                name,
                entries
                    .iter()
                    .filter(|e| Some(e.id) != except)
                    .map(|e| e.name.as_str()),
            )?;
            if except.is_none() && entries.len() >= MAX_PLAYGROUNDS {
                return Err(CatalogueError::Full(MAX_PLAYGROUNDS));
            }
            Ok(name)
        }

        /// Creates an empty playground named `name`.
        pub async fn create(
            &self,
            name: &str,
            now_ms: i64,
        ) -> Result<PlaygroundEntry, CatalogueError> {
            let name = self.admit(name, None).await?;
            let id = self.next_id().await?;
            IdbFiles::open(&self.database_name(id)).await?.close();
            let entry = PlaygroundEntry {
                id,
                name,
                size_bytes: 0,
                created_ms: now_ms,
                last_used_ms: now_ms,
            };
            self.put(&entry).await?;
            Ok(entry)
        }

        /// Opens playground `id`'s files and records the use at `now_ms`.
        pub async fn open_playground(
            &self,
            id: u64,
            now_ms: i64,
        ) -> Result<IdbFiles, CatalogueError> {
            let mut entry = self.get(id).await?;
            let files = IdbFiles::open(&self.database_name(id)).await?;
            entry.last_used_ms = now_ms;
            self.put(&entry).await?;
            Ok(files)
        }

        /// Marks playground `id` as used at `now_ms`, so the next page load opens it (the page
        /// opens the most recently used playground).
        pub async fn touch(&self, id: u64, now_ms: i64) -> Result<(), CatalogueError> {
            let mut entry = self.get(id).await?;
            entry.last_used_ms = now_ms;
            self.put(&entry).await
        }

        /// Records the playground's size after a flush (see `IndexedDbStorage::used_bytes`).
        pub async fn record_size(&self, id: u64, size_bytes: u64) -> Result<(), CatalogueError> {
            let mut entry = self.get(id).await?;
            entry.size_bytes = size_bytes;
            self.put(&entry).await
        }

        /// Renames playground `id`.
        pub async fn rename(&self, id: u64, name: &str) -> Result<PlaygroundEntry, CatalogueError> {
            let mut entry = self.get(id).await?;
            entry.name = self.admit(name, Some(id)).await?;
            self.put(&entry).await?;
            Ok(entry)
        }

        /// Copies playground `id`, every file, metadata entry and journal entry, into a new playground named
        /// `name`. The copy reads what is flushed: flush the source first.
        pub async fn duplicate(
            &self,
            id: u64,
            name: &str,
            now_ms: i64,
        ) -> Result<PlaygroundEntry, CatalogueError> {
            self.get(id).await?;
            let name = self.admit(name, None).await?;
            let source = IdbFiles::open(&self.database_name(id)).await?;
            let files = source.load_all().await;
            let meta = source.load_meta().await;
            let journal = source.load_journal().await;
            source.close();
            let (files, meta, journal) = (files?, meta?, journal?);

            let new_id = self.next_id().await?;
            let copy = IdbFiles::open(&self.database_name(new_id)).await?;
            let dirty = crate::storage::indexed_db::DirtyFiles::whole(files);
            let size_bytes = dirty.bytes();
            let written = copy.flush(&dirty).await;
            let mut meta_written = Ok(());
            for (key, json) in &meta {
                meta_written = copy.put_meta(key, json).await;
                if meta_written.is_err() {
                    break;
                }
            }
            // The journal header is a meta entry, copied above; its entries are stored apart.
            let journal_written = match (&meta_written, &journal) {
                (Ok(()), Some(journal)) => {
                    copy.replace_journal(&journal.header, &journal.entries)
                        .await
                }
                _ => Ok(()),
            };
            if let Err(e) = written.and(meta_written).and(journal_written) {
                // Not listed yet: drop the partial copy rather than leave it behind.
                let _ = copy.delete_database().await;
                return Err(e.into());
            }
            copy.close();
            let entry = PlaygroundEntry {
                id: new_id,
                name,
                size_bytes,
                created_ms: now_ms,
                last_used_ms: now_ms,
            };
            self.put(&entry).await?;
            Ok(entry)
        }

        /// Deletes playground `id` and all its data. Every connection to its database must be
        /// closed first (the browser blocks the delete until they are).
        pub async fn delete(&self, id: u64) -> Result<(), CatalogueError> {
            self.get(id).await?;
            Database::delete_by_name(&self.database_name(id))
                .map_err(|e| IdbError::Request(e.to_string()))?
                .await
                .map_err(IdbError::from)?;
            let tx = self
                .db
                .transaction(PLAYGROUNDS_STORE)
                .with_mode(TransactionMode::Readwrite)
                .build()
                .map_err(IdbError::from)?;
            let store = tx.object_store(PLAYGROUNDS_STORE).map_err(IdbError::from)?;
            store.delete(key(id)).build().map_err(IdbError::from)?;
            tx.commit().await.map_err(IdbError::from)?;
            Ok(())
        }

        /// Closes the catalogue's connection.
        pub fn close(self) {
            self.db.close();
        }

        /// Deletes the catalogue database itself (tests; the playgrounds must be deleted first).
        pub async fn delete_catalogue(self) -> Result<(), CatalogueError> {
            self.db
                .delete()
                .map_err(|e| IdbError::Request(e.to_string()))?
                .await
                .map_err(IdbError::from)?;
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: u64, last_used_ms: i64) -> PlaygroundEntry {
        PlaygroundEntry {
            id,
            name: format!("p{id}"),
            size_bytes: 0,
            created_ms: 0,
            last_used_ms,
        }
    }

    #[test]
    fn names_are_trimmed_bounded_and_unique() {
        assert_eq!(
            validate_name("  demo ", ["other"].into_iter()).unwrap(),
            "demo"
        );
        assert!(matches!(
            validate_name("   ", std::iter::empty()),
            Err(CatalogueError::EmptyName)
        ));
        assert!(matches!(
            validate_name("demo", ["demo"].into_iter()),
            Err(CatalogueError::NameTaken(n)) if n == "demo"
        ));
        let long = "가".repeat(NAME_MAX_CHARS + 1);
        assert!(matches!(
            validate_name(&long, std::iter::empty()),
            Err(CatalogueError::NameTooLong { len, .. }) if len == NAME_MAX_CHARS + 1
        ));
        assert!(validate_name(&"가".repeat(NAME_MAX_CHARS), std::iter::empty()).is_ok());
    }

    #[test]
    fn most_recently_used_first() {
        let mut entries = vec![entry(1, 10), entry(2, 30), entry(3, 20), entry(4, 30)];
        sort_by_last_use(&mut entries);
        let ids: Vec<u64> = entries.iter().map(|e| e.id).collect();
        assert_eq!(ids, vec![4, 2, 3, 1]);
    }
}
