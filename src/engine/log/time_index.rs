//! [`TimeIndex`]: a segment's sparse timestamp → offset index (the `.timeindex` file).
//!
//! Mirrors `org.apache.kafka.storage.internals.log.TimeIndex`: 12-byte entries, an 8-byte
//! timestamp then a 4-byte offset relative to the segment's base offset, big-endian. An entry
//! `(T, O)` means "the largest timestamp seen before offset O is T": any record with a
//! timestamp above T comes after O. Timestamps in the file only grow. `LogSegment.append`
//! adds an entry (the segment's max timestamp so far and the offset of the batch holding it)
//! whenever it adds an offset-index entry, and `onBecomeInactiveSegment` adds a last one when
//! the segment is rolled so retention sees the segment's largest timestamp.
//!
//! As for the offset index, the file holds exactly the entries (Kafka's trimmed form), and the
//! entries are mirrored in memory, bounded by `segment.index.bytes / 12`.

/// A timestamp and the offset it maps to (Kafka's `TimestampOffset`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimestampOffset {
    pub timestamp: i64,
    pub offset: i64,
}

/// `RecordBatch.NO_TIMESTAMP`.
pub const NO_TIMESTAMP: i64 = -1;

/// The sparse time index of one segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeIndex {
    base_offset: i64,
    /// (timestamp, relative offset), non-decreasing offsets and strictly increasing timestamps.
    entries: Vec<(i64, i32)>,
    max_entries: usize,
}

impl TimeIndex {
    /// Bytes per entry (`TimeIndex.ENTRY_SIZE`).
    pub const ENTRY_BYTES: usize = 12;

    /// An empty index holding at most `max_index_bytes / 12` entries.
    pub fn new(base_offset: i64, max_index_bytes: i32) -> Self {
        TimeIndex {
            base_offset,
            entries: Vec::new(),
            max_entries: max_index_bytes.max(0) as usize / Self::ENTRY_BYTES,
        }
    }

    pub fn entries(&self) -> usize {
        self.entries.len()
    }

    pub fn max_entries(&self) -> usize {
        self.max_entries
    }

    pub fn size_in_bytes(&self) -> usize {
        self.entries.len() * Self::ENTRY_BYTES
    }

    /// `TimeIndex.isFull`: one slot is kept back for the entry added when the segment rolls.
    pub fn is_full(&self) -> bool {
        self.entries.len() + 1 >= self.max_entries
    }

    /// The last entry, or `(NO_TIMESTAMP, base_offset)` when empty (`TimeIndex.lastEntry`).
    pub fn last_entry(&self) -> TimestampOffset {
        self.entries.last().map_or(
            TimestampOffset {
                timestamp: NO_TIMESTAMP,
                offset: self.base_offset,
            },
            |&(ts, rel)| TimestampOffset {
                timestamp: ts,
                offset: self.base_offset + i64::from(rel),
            },
        )
    }

    pub fn entry(&self, n: usize) -> TimestampOffset {
        let (timestamp, rel) = self.entries[n];
        TimestampOffset {
            timestamp,
            offset: self.base_offset + i64::from(rel),
        }
    }

    /// `TimeIndex.maybeAppend`: adds `(timestamp, offset)` only when the timestamp is above the
    /// last entry's; returns the 12 file bytes when an entry was added.
    ///
    /// # Panics
    /// When the index is full (unless `skip_full_check`, used when the segment rolls), or the
    /// entry would go backwards in offset or timestamp: the segment only passes its running
    /// maximum timestamp and the offset of the batch that holds it, both monotonic.
    pub fn maybe_append(
        &mut self,
        timestamp: i64,
        offset: i64,
        skip_full_check: bool,
    ) -> Option<[u8; 12]> {
        assert!(
            skip_full_check || !self.is_full(),
            "Attempt to append to a full time index (size = {}).",
            self.entries()
        );
        let last = self.last_entry();
        if !self.entries.is_empty() {
            assert!(
                offset >= last.offset,
                "Attempt to append an offset ({offset}) to slot {} no larger than the last offset appended ({})",
                self.entries(),
                last.offset
            );
            assert!(
                timestamp >= last.timestamp,
                "Attempt to append a timestamp ({timestamp}) to slot {} no larger than the last timestamp appended ({})",
                self.entries(),
                last.timestamp
            );
        }
        if timestamp <= last.timestamp {
            return None;
        }
        let rel = i32::try_from(offset - self.base_offset)
            .ok()
            .filter(|r| *r >= 0)
            .unwrap_or_else(|| {
                panic!(
                    "Integer overflow for offset: {offset} (base offset {})",
                    self.base_offset
                )
            });
        self.entries.push((timestamp, rel));
        Some(encode_entry(timestamp, rel))
    }

    /// `TimeIndex.lookup`: the entry with the largest timestamp <= `target_timestamp`, or
    /// `(NO_TIMESTAMP, base_offset)` when there is none.
    pub fn lookup(&self, target_timestamp: i64) -> TimestampOffset {
        let n = self
            .entries
            .partition_point(|&(ts, _)| ts <= target_timestamp);
        match n.checked_sub(1) {
            None => TimestampOffset {
                timestamp: NO_TIMESTAMP,
                offset: self.base_offset,
            },
            Some(slot) => self.entry(slot),
        }
    }

    /// `TimeIndex.truncateTo`: removes the entries with offsets >= `offset`; returns the number
    /// of entries left.
    pub fn truncate_to(&mut self, offset: i64) -> usize {
        let n = self
            .entries
            .partition_point(|&(_, rel)| self.base_offset + i64::from(rel) <= offset);
        let keep = match n.checked_sub(1) {
            None => 0,
            Some(slot) if self.entry(slot).offset == offset => slot,
            Some(slot) => slot + 1,
        };
        self.entries.truncate(keep);
        keep
    }

    pub fn reset(&mut self) {
        self.entries.clear();
    }

    /// Keeps only the first `entries` entries (`AbstractIndex.truncateToEntries`).
    pub fn truncate_to_entries(&mut self, entries: usize) {
        self.entries.truncate(entries);
    }

    /// The whole index file: every entry, 12 bytes each.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.entries
            .iter()
            .flat_map(|&(ts, rel)| encode_entry(ts, rel))
            .collect()
    }
}

fn encode_entry(timestamp: i64, rel: i32) -> [u8; 12] {
    let mut bytes = [0u8; 12];
    bytes[..8].copy_from_slice(&timestamp.to_be_bytes());
    bytes[8..].copy_from_slice(&rel.to_be_bytes());
    bytes
}

/// Parses a `.timeindex` file's bytes into (timestamp, relative offset) pairs.
pub fn decode_entries(bytes: &[u8]) -> Vec<(i64, i32)> {
    bytes
        .chunks_exact(TimeIndex::ENTRY_BYTES)
        .map(|e| {
            let mut ts = [0u8; 8];
            ts.copy_from_slice(&e[..8]);
            (
                i64::from_be_bytes(ts),
                i32::from_be_bytes([e[8], e[9], e[10], e[11]]),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> TimeIndex {
        let mut idx = TimeIndex::new(50, 12 * 10);
        assert!(idx.maybe_append(1000, 52, false).is_some());
        assert!(idx.maybe_append(1000, 55, false).is_none()); // same timestamp: ignored
        assert!(idx.maybe_append(2000, 60, false).is_some());
        assert!(idx.maybe_append(3000, 70, false).is_some());
        idx
    }

    #[test]
    fn lookup_finds_largest_timestamp_not_above_target() {
        let idx = index();
        assert_eq!(
            idx.lookup(999),
            TimestampOffset {
                timestamp: -1,
                offset: 50
            }
        );
        assert_eq!(
            idx.lookup(1000),
            TimestampOffset {
                timestamp: 1000,
                offset: 52
            }
        );
        assert_eq!(
            idx.lookup(2500),
            TimestampOffset {
                timestamp: 2000,
                offset: 60
            }
        );
        assert_eq!(
            idx.lookup(9999),
            TimestampOffset {
                timestamp: 3000,
                offset: 70
            }
        );
        assert_eq!(
            idx.last_entry(),
            TimestampOffset {
                timestamp: 3000,
                offset: 70
            }
        );
    }

    #[test]
    fn bytes_round_trip() {
        let idx = index();
        let bytes = idx.to_bytes();
        assert_eq!(bytes.len(), 36);
        assert_eq!(&bytes[..12], &[0, 0, 0, 0, 0, 0, 3, 232, 0, 0, 0, 2]);
        assert_eq!(
            decode_entries(&bytes),
            vec![(1000, 2), (2000, 10), (3000, 20)]
        );
    }

    #[test]
    fn full_keeps_a_slot_for_the_roll_entry() {
        let mut idx = TimeIndex::new(0, 36); // 3 entries, full at 2
        idx.maybe_append(1, 1, false);
        assert!(!idx.is_full());
        idx.maybe_append(2, 2, false);
        assert!(idx.is_full());
        assert!(idx.maybe_append(3, 3, true).is_some());
        assert_eq!(idx.entries(), 3);
    }

    #[test]
    fn truncate_by_offset() {
        let mut idx = index();
        assert_eq!(idx.truncate_to(65), 2);
        assert_eq!(idx.truncate_to(60), 1);
        assert_eq!(idx.truncate_to(10), 0);
        assert_eq!(
            idx.last_entry(),
            TimestampOffset {
                timestamp: -1,
                offset: 50
            }
        );
    }

    #[test]
    #[should_panic(expected = "no larger than the last timestamp")]
    fn timestamps_never_go_back() {
        index().maybe_append(10, 80, false);
    }
}
