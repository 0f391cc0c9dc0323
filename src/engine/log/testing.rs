//! Helpers shared by the log's unit tests: a storage backend, batches as a producer sends
//! them, and reading back what a fetch returned.
//!
//! The engine depends on the storage trait only (see `tests/kplay/tidy.rs`), so its tests bring
//! their own backend: [`TestStorage`], files in a map, with an optional byte quota to make
//! writes fail on purpose.

use std::collections::BTreeMap;

use super::partition_log::PartitionLog;
use crate::engine::record::{batches, BatchBuilder, Compression, TimestampType};
use crate::engine::topic::config::LogConfig;
use crate::storage::{SegmentFile, SegmentStorage, StorageError};

/// Files in a `BTreeMap`, refusing writes past `quota_bytes` in all.
#[derive(Debug, Default, Clone)]
pub struct TestStorage {
    files: BTreeMap<SegmentFile, Vec<u8>>,
    quota_bytes: Option<u64>,
}

impl TestStorage {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_quota(quota_bytes: u64) -> Self {
        TestStorage {
            quota_bytes: Some(quota_bytes),
            ..Self::default()
        }
    }

    fn out_of_bounds(file: &SegmentFile, pos: u64, end: u64, len: usize) -> StorageError {
        StorageError::OutOfBounds {
            file: file.clone(),
            pos,
            end,
            len: len as u64,
        }
    }
}

impl SegmentStorage for TestStorage {
    fn append(&mut self, file: &SegmentFile, data: &[u8]) -> Result<(), StorageError> {
        if let Some(limit_bytes) = self.quota_bytes {
            let used = self.used_bytes();
            if used + data.len() as u64 > limit_bytes {
                return Err(StorageError::QuotaExceeded {
                    needed_bytes: used + data.len() as u64 - limit_bytes,
                    limit_bytes,
                });
            }
        }
        self.files
            .entry(file.clone())
            .or_default()
            .extend_from_slice(data);
        Ok(())
    }

    fn write_at(&mut self, file: &SegmentFile, pos: u64, data: &[u8]) -> Result<(), StorageError> {
        let bytes = self
            .files
            .get_mut(file)
            .ok_or_else(|| StorageError::NotFound(file.clone()))?;
        let end = pos + data.len() as u64;
        if end > bytes.len() as u64 {
            return Err(Self::out_of_bounds(file, pos, end, bytes.len()));
        }
        bytes[pos as usize..end as usize].copy_from_slice(data);
        Ok(())
    }

    fn read(&self, file: &SegmentFile, pos: u64, len: u64) -> Result<&[u8], StorageError> {
        let bytes = self
            .files
            .get(file)
            .ok_or_else(|| StorageError::NotFound(file.clone()))?;
        let end = pos + len;
        if end > bytes.len() as u64 {
            return Err(Self::out_of_bounds(file, pos, end, bytes.len()));
        }
        Ok(&bytes[pos as usize..end as usize])
    }

    fn len(&self, file: &SegmentFile) -> Result<u64, StorageError> {
        Ok(self
            .files
            .get(file)
            .ok_or_else(|| StorageError::NotFound(file.clone()))?
            .len() as u64)
    }

    fn truncate(&mut self, file: &SegmentFile, len: u64) -> Result<(), StorageError> {
        let bytes = self
            .files
            .get_mut(file)
            .ok_or_else(|| StorageError::NotFound(file.clone()))?;
        bytes.truncate(len as usize);
        Ok(())
    }

    fn delete(&mut self, file: &SegmentFile) -> Result<(), StorageError> {
        self.files.remove(file);
        Ok(())
    }

    fn list(&self) -> Vec<SegmentFile> {
        self.files.keys().cloned().collect()
    }

    fn used_bytes(&self) -> u64 {
        self.files.values().map(|b| b.len() as u64).sum()
    }
}

/// A simulated "now" far from zero, like a real epoch clock.
pub const T0: i64 = 1_700_000_000_000;

/// A record to write: key and value (`None`: null).
pub type KeyValue<'a> = (Option<&'a [u8]>, Option<&'a [u8]>);

/// One uncompressed CreateTime batch (base offset 0, as a producer sends it) holding
/// `records` as (key, value) with timestamp `ts`.
pub fn batch(ts: i64, records: &[KeyValue<'_>]) -> Vec<u8> {
    batch_with(Compression::None, ts, records)
}

/// [`batch`] with a codec.
pub fn batch_with(compression: Compression, ts: i64, records: &[KeyValue<'_>]) -> Vec<u8> {
    let mut b = BatchBuilder::new(compression, TimestampType::CreateTime, 0, ts);
    for (key, value) in records {
        b.append(ts, *key, *value, &[]);
    }
    b.build()
}

/// A batch of `count` records with `value_bytes`-byte values and keys `k0`, `k1`, ...
pub fn values(ts: i64, count: usize, value_bytes: usize) -> Vec<u8> {
    let value = vec![b'v'; value_bytes];
    let keys: Vec<Vec<u8>> = (0..count).map(|i| format!("k{i}").into_bytes()).collect();
    let records: Vec<_> = keys
        .iter()
        .map(|k| (Some(k.as_slice()), Some(value.as_slice())))
        .collect();
    batch(ts, &records)
}

/// A one-record batch `key` = `value` (`None` value: a tombstone).
pub fn kv(ts: i64, key: &str, value: Option<&str>) -> Vec<u8> {
    batch(ts, &[(Some(key.as_bytes()), value.map(str::as_bytes))])
}

/// A fresh log with `config` in a fresh storage.
pub fn new_log(config: LogConfig) -> (TestStorage, PartitionLog) {
    let mut storage = TestStorage::new();
    let log = PartitionLog::new(&mut storage, "t", 0, config, T0).unwrap();
    (storage, log)
}

/// A decoded record: offset, timestamp, key, value.
pub type Rec = (i64, i64, Option<Vec<u8>>, Option<Vec<u8>>);

/// Every record in `bytes` (concatenated batches), in order.
pub fn records_of(bytes: &[u8]) -> Vec<Rec> {
    let mut out = Vec::new();
    for raw in batches(bytes) {
        let raw = raw.unwrap();
        for r in &raw.records().unwrap() {
            let r = r.unwrap();
            out.push((
                r.offset,
                r.timestamp,
                r.key.map(<[u8]>::to_vec),
                r.value.map(<[u8]>::to_vec),
            ));
        }
    }
    out
}

/// The offsets of every record in `bytes`.
pub fn offsets_of(bytes: &[u8]) -> Vec<i64> {
    records_of(bytes).into_iter().map(|r| r.0).collect()
}
