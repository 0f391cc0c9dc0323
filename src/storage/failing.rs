//! [`FailingStorage`]: a [`SegmentStorage`] wrapper that fails on command, for testing what
//! the layers above do when the disk says no (redb tests its recovery the same way, with
//! backends that fail after a countdown).
//!
//! Why: a real quota error needs a full disk, which no test can arrange; the engine's and the
//! UI's handling of `StorageError::QuotaExceeded` must still be proven. Works natively and in
//! the browser.
//!
//! Invariants: a refused write leaves the inner storage untouched (the trait's "all or
//! nothing" contract holds), and reads (`read`, `len`, `list`, `used_bytes`) never fail, so
//! everything stored before the failure stays readable.

use super::{SegmentFile, SegmentStorage, StorageError};

/// Wraps `S`; after [`FailingStorage::fail_after`] lets `n` more writes through, every write
/// (`append`, `write_at`, `truncate`, `delete`) returns the chosen error until
/// [`FailingStorage::heal`].
#[derive(Debug, Clone)]
pub struct FailingStorage<S> {
    inner: S,
    /// Writes still allowed before failing (`None`: never fail).
    writes_left: Option<u64>,
    failure: StorageError,
    /// Writes refused so far, for tests to check the failure was actually hit.
    refused_writes: u64,
}

impl<S: SegmentStorage> FailingStorage<S> {
    /// Wraps `inner`, failing nothing yet.
    pub fn new(inner: S) -> Self {
        FailingStorage {
            inner,
            writes_left: None,
            failure: StorageError::QuotaExceeded {
                needed_bytes: 0,
                limit_bytes: 0,
            },
            refused_writes: 0,
        }
    }

    /// Lets `writes` more writes through, then refuses every write with `failure`.
    pub fn fail_after(&mut self, writes: u64, failure: StorageError) {
        self.writes_left = Some(writes);
        self.failure = failure;
    }

    /// Stops failing.
    pub fn heal(&mut self) {
        self.writes_left = None;
    }

    /// How many writes were refused.
    pub fn refused_writes(&self) -> u64 {
        self.refused_writes
    }

    /// The wrapped storage.
    pub fn inner(&self) -> &S {
        &self.inner
    }

    /// The wrapped storage, mutably (to flush a write-behind backend, say). Writes made
    /// through it bypass the failure.
    pub fn inner_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// Unwraps the storage.
    pub fn into_inner(self) -> S {
        self.inner
    }

    /// Counts one write against the countdown, or refuses it.
    fn admit(&mut self) -> Result<(), StorageError> {
        match &mut self.writes_left {
            None => Ok(()),
            Some(0) => {
                self.refused_writes += 1;
                Err(self.failure.clone())
            }
            Some(left) => {
                *left -= 1;
                Ok(())
            }
        }
    }
}

impl<S: SegmentStorage> SegmentStorage for FailingStorage<S> {
    fn append(&mut self, file: &SegmentFile, data: &[u8]) -> Result<(), StorageError> {
        self.admit()?;
        self.inner.append(file, data)
    }

    fn write_at(&mut self, file: &SegmentFile, pos: u64, data: &[u8]) -> Result<(), StorageError> {
        self.admit()?;
        self.inner.write_at(file, pos, data)
    }

    fn read(&self, file: &SegmentFile, pos: u64, len: u64) -> Result<&[u8], StorageError> {
        self.inner.read(file, pos, len)
    }

    fn len(&self, file: &SegmentFile) -> Result<u64, StorageError> {
        self.inner.len(file)
    }

    fn truncate(&mut self, file: &SegmentFile, len: u64) -> Result<(), StorageError> {
        self.admit()?;
        self.inner.truncate(file, len)
    }

    fn delete(&mut self, file: &SegmentFile) -> Result<(), StorageError> {
        self.admit()?;
        self.inner.delete(file)
    }

    fn list(&self) -> Vec<SegmentFile> {
        self.inner.list()
    }

    fn used_bytes(&self) -> u64 {
        self.inner.used_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::memory::MemoryStorage;
    use crate::storage::FileKind;

    fn log() -> SegmentFile {
        SegmentFile::new("t", 0, 0, FileKind::Log)
    }

    #[test]
    fn fails_after_the_countdown_and_keeps_what_was_stored() {
        let mut s = FailingStorage::new(MemoryStorage::new());
        s.append(&log(), b"before ").unwrap();
        let quota = StorageError::QuotaExceeded {
            needed_bytes: 5,
            limit_bytes: 7,
        };
        s.fail_after(1, quota.clone());
        s.append(&log(), b"one").unwrap();
        assert_eq!(s.append(&log(), b"lost!"), Err(quota.clone()));
        assert_eq!(s.truncate(&log(), 0), Err(quota.clone()));
        assert_eq!(s.delete(&log()), Err(quota));
        assert_eq!(s.refused_writes(), 3);
        assert_eq!(s.read(&log(), 0, 10).unwrap(), b"before one");
        assert_eq!(s.used_bytes(), 10);
        s.heal();
        s.append(&log(), b"!").unwrap();
        assert_eq!(s.into_inner().read(&log(), 0, 11).unwrap(), b"before one!");
    }

    #[test]
    fn never_fails_until_told() {
        let mut s = FailingStorage::new(MemoryStorage::new());
        for _ in 0..100 {
            s.append(&log(), b"x").unwrap();
        }
        assert_eq!(s.refused_writes(), 0);
        assert_eq!(s.inner().used_bytes(), 100);
    }
}
