//! [`OffsetIndex`]: a segment's sparse offset → file position index (the `.index` file).
//!
//! Mirrors `org.apache.kafka.storage.internals.log.OffsetIndex`: 8-byte entries, a 4-byte
//! offset relative to the segment's base offset then a 4-byte position in the `.log` file,
//! both big-endian. `LogSegment.append` adds an entry for a batch's *last* offset at the
//! batch's start position once more than `index.interval.bytes` were written since the
//! previous entry, so a lookup lands on a batch boundary and the log is scanned from there.
//!
//! Kafka preallocates the file to `segment.index.bytes` and trims it when the segment is
//! rolled; here the file always holds exactly the entries, which is what Kafka's file looks
//! like after the trim (and what `DumpLogSegments` reads). The entries are also kept in memory
//! (Kafka memory-maps the file), bounded by `segment.index.bytes / 8`.

/// An offset and the position of the batch holding it (Kafka's `OffsetPosition`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OffsetPosition {
    pub offset: i64,
    pub position: u32,
}

/// The sparse offset index of one segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetIndex {
    base_offset: i64,
    /// (relative offset, position), strictly increasing in both.
    entries: Vec<(i32, u32)>,
    max_entries: usize,
}

impl OffsetIndex {
    /// Bytes per entry (`OffsetIndex.ENTRY_SIZE`).
    pub const ENTRY_BYTES: usize = 8;

    /// An empty index holding at most `max_index_bytes / 8` entries (`AbstractIndex` rounds
    /// `segment.index.bytes` down to a whole number of entries).
    pub fn new(base_offset: i64, max_index_bytes: i32) -> Self {
        OffsetIndex {
            base_offset,
            entries: Vec::new(),
            max_entries: max_index_bytes.max(0) as usize / Self::ENTRY_BYTES,
        }
    }

    pub fn base_offset(&self) -> i64 {
        self.base_offset
    }

    /// How many entries the index holds (`AbstractIndex.entries`).
    pub fn entries(&self) -> usize {
        self.entries.len()
    }

    /// The largest number of entries the index may hold (`AbstractIndex.maxEntries`).
    pub fn max_entries(&self) -> usize {
        self.max_entries
    }

    /// Size of the index file in bytes (`AbstractIndex.sizeInBytes` after trimming).
    pub fn size_in_bytes(&self) -> usize {
        self.entries.len() * Self::ENTRY_BYTES
    }

    /// `AbstractIndex.isFull`: no room for another entry; `LogSegment.shouldRoll` rolls then.
    pub fn is_full(&self) -> bool {
        self.entries.len() >= self.max_entries
    }

    /// `AbstractIndex.canAppendOffset`: whether `offset - base_offset` fits the 4-byte relative
    /// offset (0 ..= `Integer.MAX_VALUE`).
    pub fn can_append_offset(&self, offset: i64) -> bool {
        relative(self.base_offset, offset).is_some()
    }

    /// The last indexed offset, or the base offset when empty (`OffsetIndex.lastOffset`).
    pub fn last_offset(&self) -> i64 {
        self.entries.last().map_or(self.base_offset, |&(rel, _)| {
            self.base_offset + i64::from(rel)
        })
    }

    /// The `n`th entry (`OffsetIndex.entry`).
    pub fn entry(&self, n: usize) -> OffsetPosition {
        let (rel, position) = self.entries[n];
        OffsetPosition {
            offset: self.base_offset + i64::from(rel),
            position,
        }
    }

    /// Adds an entry and returns its 8 file bytes (`OffsetIndex.append`).
    ///
    /// # Panics
    /// When the index is full, the offset does not fit a relative offset, or the offset is not
    /// above the last one: `LogSegment` checks `is_full` / `can_append_offset` before every
    /// append (`shouldRoll`, `ensureOffsetInRange`) and offsets only grow, so these are bugs.
    pub fn append(&mut self, offset: i64, position: u32) -> [u8; 8] {
        assert!(
            !self.is_full(),
            "Attempt to append to a full index (size = {}).",
            self.entries()
        );
        assert!(
            self.entries.is_empty() || offset > self.last_offset(),
            "Attempt to append an offset {offset} to position {} no larger than the last offset appended ({})",
            self.entries(),
            self.last_offset()
        );
        let rel = relative(self.base_offset, offset).unwrap_or_else(|| {
            panic!(
                "Integer overflow for offset: {offset} (base offset {})",
                self.base_offset
            )
        });
        self.entries.push((rel, position));
        encode_entry(rel, position)
    }

    /// `OffsetIndex.lookup`: the entry with the largest offset <= `target_offset`, or
    /// `(base_offset, 0)` when there is none.
    pub fn lookup(&self, target_offset: i64) -> OffsetPosition {
        match self.largest_lower_bound_slot(target_offset) {
            None => OffsetPosition {
                offset: self.base_offset,
                position: 0,
            },
            Some(slot) => self.entry(slot),
        }
    }

    /// `OffsetIndex.truncateTo`: removes the entries with offsets >= `offset`; returns the
    /// number of entries left (the file is then truncated to `entries * 8` bytes).
    pub fn truncate_to(&mut self, offset: i64) -> usize {
        let keep = match self.largest_lower_bound_slot(offset) {
            None => 0,
            Some(slot) if self.entry(slot).offset == offset => slot,
            Some(slot) => slot + 1,
        };
        self.entries.truncate(keep);
        keep
    }

    /// Removes every entry (`AbstractIndex.reset`).
    pub fn reset(&mut self) {
        self.entries.clear();
    }

    /// Keeps only the first `entries` entries (`AbstractIndex.truncateToEntries`).
    pub fn truncate_to_entries(&mut self, entries: usize) {
        self.entries.truncate(entries);
    }

    /// The whole index file: every entry, 8 bytes each.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.entries
            .iter()
            .flat_map(|&(rel, pos)| encode_entry(rel, pos))
            .collect()
    }

    fn largest_lower_bound_slot(&self, target_offset: i64) -> Option<usize> {
        let n = self
            .entries
            .partition_point(|&(rel, _)| self.base_offset + i64::from(rel) <= target_offset);
        n.checked_sub(1)
    }
}

fn relative(base_offset: i64, offset: i64) -> Option<i32> {
    i32::try_from(offset.checked_sub(base_offset)?)
        .ok()
        .filter(|rel| *rel >= 0)
}

fn encode_entry(rel: i32, position: u32) -> [u8; 8] {
    let mut bytes = [0u8; 8];
    bytes[..4].copy_from_slice(&rel.to_be_bytes());
    // Positions fit an i32: a segment never exceeds `segment.bytes` (an i32).
    bytes[4..].copy_from_slice(&(position as i32).to_be_bytes());
    bytes
}

/// Parses an `.index` file's bytes into (relative offset, position) pairs (trailing partial
/// entries are ignored, as `AbstractIndex` sizes the index to whole entries).
pub fn decode_entries(bytes: &[u8]) -> Vec<(i32, i32)> {
    bytes
        .chunks_exact(OffsetIndex::ENTRY_BYTES)
        .map(|e| {
            (
                i32::from_be_bytes([e[0], e[1], e[2], e[3]]),
                i32::from_be_bytes([e[4], e[5], e[6], e[7]]),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> OffsetIndex {
        let mut idx = OffsetIndex::new(100, 8 * 10);
        idx.append(104, 300);
        idx.append(110, 900);
        idx.append(120, 1500);
        idx
    }

    #[test]
    fn lookup_finds_greatest_lower_bound() {
        let idx = index();
        assert_eq!(
            idx.lookup(99),
            OffsetPosition {
                offset: 100,
                position: 0
            }
        );
        assert_eq!(
            idx.lookup(103),
            OffsetPosition {
                offset: 100,
                position: 0
            }
        );
        assert_eq!(
            idx.lookup(104),
            OffsetPosition {
                offset: 104,
                position: 300
            }
        );
        assert_eq!(
            idx.lookup(109),
            OffsetPosition {
                offset: 104,
                position: 300
            }
        );
        assert_eq!(
            idx.lookup(500),
            OffsetPosition {
                offset: 120,
                position: 1500
            }
        );
        assert_eq!(
            OffsetIndex::new(7, 80).lookup(9),
            OffsetPosition {
                offset: 7,
                position: 0
            }
        );
    }

    #[test]
    fn entries_are_kafkas_bytes() {
        let idx = index();
        let bytes = idx.to_bytes();
        assert_eq!(bytes.len(), 24);
        assert_eq!(&bytes[..8], &[0, 0, 0, 4, 0, 0, 1, 44]);
        assert_eq!(
            decode_entries(&bytes),
            vec![(4, 300), (10, 900), (20, 1500)]
        );
    }

    #[test]
    fn truncate_follows_kafkas_three_cases() {
        let mut idx = index();
        assert_eq!(idx.truncate_to(115), 2); // no exact entry: keep those below
        assert_eq!(idx.last_offset(), 110);
        assert_eq!(idx.truncate_to(110), 1); // exact entry removed too
        assert_eq!(idx.truncate_to(50), 0); // nothing <= offset: empty
        assert_eq!(idx.last_offset(), 100);
    }

    #[test]
    fn full_and_relative_offset_limits() {
        let mut idx = OffsetIndex::new(0, 17); // rounds down to 2 entries
        assert_eq!(idx.max_entries(), 2);
        idx.append(1, 0);
        assert!(!idx.is_full());
        idx.append(2, 10);
        assert!(idx.is_full());
        assert!(idx.can_append_offset(i64::from(i32::MAX)));
        assert!(!idx.can_append_offset(i64::from(i32::MAX) + 1));
        assert!(!OffsetIndex::new(10, 80).can_append_offset(9));
    }

    #[test]
    #[should_panic(expected = "no larger than the last offset")]
    fn non_increasing_append_panics() {
        let mut idx = index();
        idx.append(120, 2000);
    }
}
