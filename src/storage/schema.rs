//! Schema versions of kplay's IndexedDB databases and the ordered migrations between them.
//!
//! Why: a playground outlives the kplay that wrote it. A newer kplay must open an older
//! playground (the way a Kafka broker reads log directories written by an older release, and
//! `__consumer_offsets` records carry a version per record, `GroupCoordinatorRecordSerde`),
//! so every change to the layout of a database is a numbered migration, never an edit of an
//! old one.
//!
//! The version is the IndexedDB database version itself: it is stored inside the database by
//! the browser, and opening with a higher version runs `upgradeneeded` in one `versionchange`
//! transaction, so a migration either completes with the version bump or not at all.
//!
//! Invariants:
//! - a migration list is ordered and dense: entry `i` migrates to version `i + 1`, so the
//!   current version is the list's length and version 0 means "does not exist yet";
//! - migrations are append-only: a released step is never changed, a new layout is a new step;
//! - a database stored at a version newer than the code's is refused ([`SchemaError::TooNew`]),
//!   never downgraded: an older kplay cannot know what the newer layout means.

/// One step of a database's layout: what it changes and how (`A`: the function applying it,
/// an IndexedDB upgrade step in the browser, `()` in native tests of the planning).
#[derive(Debug, Clone, Copy)]
pub struct Migration<A> {
    /// The version the database is at after this step.
    pub to_version: u32,
    /// What the step changes, for logs and the UI.
    pub description: &'static str,
    pub apply: A,
}

/// Why a database cannot be brought to the current schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    /// A newer kplay wrote this database.
    #[error("this playground was saved by a newer kplay (schema version {stored}, this kplay knows up to {current}); open it with a newer kplay")]
    TooNew { stored: u32, current: u32 },
}

/// The version a database reaches after every step of `migrations`.
pub fn current_version<A>(migrations: &[Migration<A>]) -> u32 {
    migrations.len() as u32
}

/// The steps to run, in order, for a database stored at `stored` (0: just created).
pub fn pending<A>(
    migrations: &[Migration<A>],
    stored: u32,
) -> Result<&[Migration<A>], SchemaError> {
    for (index, step) in migrations.iter().enumerate() {
        // A static list written in this crate; `tests::lists_are_dense` checks every list.
        assert_eq!(
            step.to_version as usize,
            index + 1,
            "migration list out of order at step {index} ({})",
            step.description
        );
    }
    let current = current_version(migrations);
    if stored > current {
        return Err(SchemaError::TooNew { stored, current });
    }
    Ok(&migrations[stored as usize..])
}

#[cfg(target_arch = "wasm32")]
pub use browser::*;

#[cfg(target_arch = "wasm32")]
mod browser {
    use std::future::Future;
    use std::pin::Pin;

    use indexed_db_futures::database::Database;
    use indexed_db_futures::internals::SystemRepr;
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::typed_array::{TypedArray, TypedArraySlice};

    use super::Migration;
    use crate::storage::chunks::{chunk_count, chunk_key, chunk_range};

    /// What an upgrade step returns: it may read and rewrite stored data, so it is a future
    /// awaited inside the `versionchange` transaction (which stays active while its requests
    /// are pending).
    pub type Step = Pin<Box<dyn Future<Output = indexed_db_futures::Result<()>>>>;

    /// An IndexedDB upgrade step, run inside the `versionchange` transaction.
    pub type Apply = fn(Database) -> Step;

    /// The object store of schema versions 1 to 3: one entry per segment file, keyed by its
    /// Kafka path (`topic-partition/00000000000000000000.log`), valued by the whole file.
    /// Version 4 split it into [`CHUNKS_STORE`] and deleted it.
    pub const FILES_STORE: &str = "files";
    /// The object store of the segment files since schema version 4: one entry per chunk of
    /// [`crate::storage::chunks::CHUNK_BYTES`], keyed by
    /// [`crate::storage::chunks::chunk_key`] (the file's key, `#`, the chunk index
    /// zero-padded), valued by the chunk's bytes. A flush rewrites only the chunks that
    /// changed.
    pub const CHUNKS_STORE: &str = "chunks";
    /// The object store holding the playground's metadata (cluster state, clock, profile),
    /// keyed by name, valued by JSON text.
    pub const META_STORE: &str = "meta";
    /// The store of the playground's journal: one JSON text per input, keyed by its index
    /// zero-padded (`00000000000000000042`) so keys sort as the inputs were applied. The
    /// journal's header (seed, profile, clock) is the [`META_STORE`] entry
    /// [`JOURNAL_HEADER_KEY`].
    pub const JOURNAL_STORE: &str = "journal";
    /// The [`META_STORE`] key of the journal's header.
    pub const JOURNAL_HEADER_KEY: &str = "journal-header";
    /// The [`META_STORE`] key of the segment snapshot: where the simulated clock and the
    /// journal stood when the stored segment files were flushed (JSON written by the UI).
    pub const SEGMENTS_SNAPSHOT_KEY: &str = "segments-snapshot";
    /// The catalogue's store of playgrounds, keyed by id, valued by JSON text.
    pub const PLAYGROUNDS_STORE: &str = "playgrounds";
    /// The catalogue's counters (the next playground id), keyed by name.
    pub const COUNTERS_STORE: &str = "counters";

    fn create_files(db: Database) -> Step {
        Box::pin(async move {
            db.create_object_store(FILES_STORE).build()?;
            Ok(())
        })
    }

    fn create_meta(db: Database) -> Step {
        Box::pin(async move {
            db.create_object_store(META_STORE).build()?;
            Ok(())
        })
    }

    fn create_journal(db: Database) -> Step {
        Box::pin(async move {
            db.create_object_store(JOURNAL_STORE).build()?;
            Ok(())
        })
    }

    /// Version 4: every whole-file value of [`FILES_STORE`] becomes its chunks in
    /// [`CHUNKS_STORE`], in the upgrade transaction (all files move, or the version stays 3).
    /// Files are moved one at a time, so the upgrade holds at most one file in memory.
    fn split_files_into_chunks(db: Database) -> Step {
        Box::pin(async move {
            let chunks = db.create_object_store(CHUNKS_STORE).build()?;
            let moved = async {
                let files = chunks.transaction().object_store(FILES_STORE)?;
                let keys = files
                    .get_all_keys::<String>()
                    .await?
                    .collect::<Result<Vec<_>, _>>()?;
                for key in keys {
                    let bytes: Option<TypedArray<u8>> = files.get(key.clone()).await?;
                    let Some(bytes) = bytes else { continue };
                    let len = bytes.len() as u64;
                    for index in 0..chunk_count(len) {
                        let range = chunk_range(index, len);
                        chunks
                            .put(TypedArraySlice::new(
                                &bytes[range.start as usize..range.end as usize],
                            ))
                            .with_key(chunk_key(&key, index))
                            .build()?;
                    }
                }
                db.delete_object_store(FILES_STORE)
            }
            .await;
            if moved.is_err() {
                // An error raised here, after an await, is not thrown from the event handler,
                // so IndexedDB would not abort by itself: abort, or the version would be
                // bumped over a half-moved store.
                let _ = chunks.transaction().as_sys().abort();
            }
            moved
        })
    }

    fn create_catalogue(db: Database) -> Step {
        Box::pin(async move {
            db.create_object_store(PLAYGROUNDS_STORE).build()?;
            db.create_object_store(COUNTERS_STORE).build()?;
            Ok(())
        })
    }

    /// The layout of one playground's database.
    pub const PLAYGROUND_MIGRATIONS: &[Migration<Apply>] = &[
        Migration {
            to_version: 1,
            description: "segment files store",
            apply: create_files,
        },
        Migration {
            to_version: 2,
            description: "metadata store for the cluster's state",
            apply: create_meta,
        },
        Migration {
            to_version: 3,
            description: "journal store: the inputs a playground is replayed from",
            apply: create_journal,
        },
        Migration {
            to_version: 4,
            description:
                "segment files stored as 64 KiB chunks: a flush rewrites only what changed",
            apply: split_files_into_chunks,
        },
    ];

    /// The layout of the catalogue database listing the playgrounds.
    pub const CATALOGUE_MIGRATIONS: &[Migration<Apply>] = &[Migration {
        to_version: 1,
        description: "playgrounds and counters stores",
        apply: create_catalogue,
    }];
}

#[cfg(test)]
mod tests {
    use super::*;

    const STEPS: &[Migration<()>] = &[
        Migration {
            to_version: 1,
            description: "one",
            apply: (),
        },
        Migration {
            to_version: 2,
            description: "two",
            apply: (),
        },
        Migration {
            to_version: 3,
            description: "three",
            apply: (),
        },
    ];

    #[test]
    fn pending_runs_from_the_stored_version_to_the_current_one() {
        assert_eq!(current_version(STEPS), 3);
        let versions = |stored| -> Vec<u32> {
            pending(STEPS, stored)
                .unwrap()
                .iter()
                .map(|m| m.to_version)
                .collect()
        };
        assert_eq!(versions(0), vec![1, 2, 3]);
        assert_eq!(versions(1), vec![2, 3]);
        assert_eq!(versions(3), Vec::<u32>::new());
    }

    #[test]
    fn a_newer_database_is_refused() {
        assert_eq!(
            pending(STEPS, 4).unwrap_err(),
            SchemaError::TooNew {
                stored: 4,
                current: 3
            }
        );
    }

    #[test]
    #[should_panic(expected = "migration list out of order")]
    fn a_gap_in_the_list_is_a_bug() {
        let broken = [
            Migration {
                to_version: 1,
                description: "one",
                apply: (),
            },
            Migration {
                to_version: 3,
                description: "three",
                apply: (),
            },
        ];
        let _ = pending(&broken, 0);
    }
}
