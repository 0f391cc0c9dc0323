//! [`MemoryStorage`]: segment files held in memory, with an optional byte quota.

use std::collections::BTreeMap;

use super::{SegmentFile, SegmentStorage, StorageError};

/// Files in a `BTreeMap`. Natively this is the only backend; in the browser the IndexedDB
/// backend wraps one and persists its changes.
#[derive(Debug, Default, Clone)]
pub struct MemoryStorage {
    files: BTreeMap<SegmentFile, Vec<u8>>,
    used_bytes: u64,
    /// Refuse writes past this many bytes in all (`None`: unlimited). Lets tests and the
    /// browser's quota handling exercise `QuotaExceeded` deterministically.
    quota_bytes: Option<u64>,
}

impl MemoryStorage {
    pub fn new() -> Self {
        Self::default()
    }

    /// A store that refuses to grow past `quota_bytes`.
    pub fn with_quota(quota_bytes: u64) -> Self {
        MemoryStorage {
            quota_bytes: Some(quota_bytes),
            ..Self::default()
        }
    }

    fn file(&self, file: &SegmentFile) -> Result<&Vec<u8>, StorageError> {
        self.files
            .get(file)
            .ok_or_else(|| StorageError::NotFound(file.clone()))
    }

    fn check_quota(&self, extra_bytes: u64) -> Result<(), StorageError> {
        match self.quota_bytes {
            Some(limit_bytes) if self.used_bytes + extra_bytes > limit_bytes => {
                Err(StorageError::QuotaExceeded {
                    needed_bytes: self.used_bytes + extra_bytes - limit_bytes,
                    limit_bytes,
                })
            }
            _ => Ok(()),
        }
    }
}

impl SegmentStorage for MemoryStorage {
    fn append(&mut self, file: &SegmentFile, data: &[u8]) -> Result<(), StorageError> {
        self.check_quota(data.len() as u64)?;
        self.files
            .entry(file.clone())
            .or_default()
            .extend_from_slice(data);
        self.used_bytes += data.len() as u64;
        Ok(())
    }

    fn write_at(&mut self, file: &SegmentFile, pos: u64, data: &[u8]) -> Result<(), StorageError> {
        let bytes = self
            .files
            .get_mut(file)
            .ok_or_else(|| StorageError::NotFound(file.clone()))?;
        let end = pos + data.len() as u64;
        if end > bytes.len() as u64 {
            return Err(StorageError::OutOfBounds {
                file: file.clone(),
                pos,
                end,
                len: bytes.len() as u64,
            });
        }
        bytes[pos as usize..end as usize].copy_from_slice(data);
        Ok(())
    }

    fn read(&self, file: &SegmentFile, pos: u64, len: u64) -> Result<&[u8], StorageError> {
        let bytes = self.file(file)?;
        let end = pos + len;
        if end > bytes.len() as u64 {
            return Err(StorageError::OutOfBounds {
                file: file.clone(),
                pos,
                end,
                len: bytes.len() as u64,
            });
        }
        Ok(&bytes[pos as usize..end as usize])
    }

    fn len(&self, file: &SegmentFile) -> Result<u64, StorageError> {
        Ok(self.file(file)?.len() as u64)
    }

    fn truncate(&mut self, file: &SegmentFile, len: u64) -> Result<(), StorageError> {
        let bytes = self
            .files
            .get_mut(file)
            .ok_or_else(|| StorageError::NotFound(file.clone()))?;
        if len < bytes.len() as u64 {
            self.used_bytes -= bytes.len() as u64 - len;
            bytes.truncate(len as usize);
        }
        Ok(())
    }

    fn delete(&mut self, file: &SegmentFile) -> Result<(), StorageError> {
        if let Some(bytes) = self.files.remove(file) {
            self.used_bytes -= bytes.len() as u64;
        }
        Ok(())
    }

    fn list(&self) -> Vec<SegmentFile> {
        self.files.keys().cloned().collect()
    }

    fn used_bytes(&self) -> u64 {
        self.used_bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::FileKind;

    fn log() -> SegmentFile {
        SegmentFile::new("t", 0, 0, FileKind::Log)
    }

    #[test]
    fn append_read_truncate_delete() {
        let mut s = MemoryStorage::new();
        s.append(&log(), b"hello ").unwrap();
        s.append(&log(), b"world").unwrap();
        assert_eq!(s.read(&log(), 6, 5).unwrap(), b"world");
        assert_eq!(s.used_bytes(), 11);
        s.truncate(&log(), 5).unwrap();
        assert_eq!(s.len(&log()).unwrap(), 5);
        assert!(matches!(
            s.read(&log(), 3, 5),
            Err(StorageError::OutOfBounds { .. })
        ));
        s.delete(&log()).unwrap();
        assert_eq!(s.used_bytes(), 0);
        assert!(matches!(s.len(&log()), Err(StorageError::NotFound(_))));
    }

    #[test]
    fn quota_refuses_whole_write_and_keeps_what_was_stored() {
        let mut s = MemoryStorage::with_quota(8);
        s.append(&log(), b"12345").unwrap();
        let err = s.append(&log(), b"6789").unwrap_err();
        assert_eq!(
            err,
            StorageError::QuotaExceeded {
                needed_bytes: 1,
                limit_bytes: 8
            }
        );
        assert_eq!(s.read(&log(), 0, 5).unwrap(), b"12345");
    }
}
