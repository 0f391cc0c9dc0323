//! How a segment file is cut into fixed-size chunks for IndexedDB, and which chunks a flush
//! rewrites: pure arithmetic, no browser API, so native tests cover it.
//!
//! Why chunks: Kafka's active segment grows to `segment.bytes` (1 GiB by default,
//! `TopicConfig.SEGMENT_BYTES_CONFIG`) and is only ever appended to (`LogSegment.append`), so
//! a write-behind flush that stored each file as one value copied and rewrote the whole file
//! every time: O(file size) per flush. Stored as chunks, a flush rewrites only the chunks at or
//! after the lowest byte changed since the last flush: O(bytes appended), plus at most one
//! partial chunk.
//!
//! Invariants:
//! - chunk `i` of a file of `len` bytes holds bytes `i * CHUNK_BYTES .. min((i + 1) *
//!   CHUNK_BYTES, len)`; only the last chunk may be shorter than [`CHUNK_BYTES`];
//! - an existing file always has at least one chunk (an empty file is one empty chunk), so
//!   an empty segment file survives a reload; a deleted file has none;
//! - a change is described by the lowest byte it touched and whether the file shrank, and
//!   two changes merge by taking the lower byte and either shrink: a merged change rewrites
//!   a superset of what each would, which keeps flushes retryable and mergeable.

use std::ops::Range;

/// The bytes of one stored chunk: 64 KiB.
///
/// Why this size: a flush after a small append rewrites, for every dirty file, the appended
/// bytes plus the rest of the partial chunk they landed in, so the chunk bounds the extra
/// copy per dirty file per flush. A flush under load has many dirty files (each partition
/// replica's active `.log`, `.index` and `.timeindex`: 36 for a 12-partition topic on one
/// broker), so the worst extra copy is 36 x 64 KiB = 2.25 MiB per flush here, 9 MiB at
/// 256 KiB. Smaller chunks would cut that further but multiply the records, and with them the
/// per-record cost of `put` and of reading a playground back: a 1 GiB segment
/// (`segment.bytes`' default) is 16,384 chunks here, its maximum (`Integer.MAX_VALUE` bytes)
/// 32,768. Larger chunks bring back the problem they solve: a rewrite that grows with the
/// file, not with what was appended.
pub const CHUNK_BYTES: u64 = 64 * 1024;

/// Widest chunk index written in a key: 10 digits cover files far past `segment.bytes`'s
/// maximum (`Integer.MAX_VALUE` bytes, 32,768 chunks).
const INDEX_DIGITS: usize = 10;

/// The changes made to one file since the last flush.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// The lowest byte offset written or cut since the last flush (append: the old length;
    /// `write_at`: its position; truncate: the new length; delete or a file to rewrite: 0).
    pub from_byte: u64,
    /// Whether the file shrank or went away: chunks past its end must be deleted.
    pub shrunk: bool,
}

impl Change {
    /// Bytes appended or written from `from_byte` on.
    pub fn write(from_byte: u64) -> Change {
        Change {
            from_byte,
            shrunk: false,
        }
    }

    /// The file was cut to `len` bytes (or deleted: `len` 0).
    pub fn cut(len: u64) -> Change {
        Change {
            from_byte: len,
            shrunk: true,
        }
    }

    /// Everything the file holds must be rewritten and anything past it deleted.
    pub fn all() -> Change {
        Change::cut(0)
    }

    /// The change covering both `self` and `other`.
    pub fn merge(self, other: Change) -> Change {
        Change {
            from_byte: self.from_byte.min(other.from_byte),
            shrunk: self.shrunk || other.shrunk,
        }
    }
}

/// What one flush does to one file's chunks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkPlan {
    /// The chunk indexes to write with the file's current bytes.
    pub puts: Range<u64>,
    /// Delete every stored chunk from this index on, if any.
    pub delete_from: Option<u64>,
}

/// How many chunks a file of `len` bytes is stored as (at least one: see the invariants).
pub fn chunk_count(len: u64) -> u64 {
    len.div_ceil(CHUNK_BYTES).max(1)
}

/// The byte range chunk `index` covers in a file of `len` bytes.
pub fn chunk_range(index: u64, len: u64) -> Range<u64> {
    let start = (index * CHUNK_BYTES).min(len);
    start..(start + CHUNK_BYTES).min(len)
}

/// The flush of a file changed by `change` that is now `len` bytes long (`None`: deleted).
pub fn plan(change: Change, len: Option<u64>) -> ChunkPlan {
    match len {
        None => ChunkPlan {
            puts: 0..0,
            delete_from: Some(0),
        },
        Some(len) => {
            let count = chunk_count(len);
            // A cut at a chunk boundary changes no byte that remains, but the chunk holding
            // the new end is rewritten anyway when it is partial (cut inside it).
            let first = (change.from_byte / CHUNK_BYTES).min(count);
            ChunkPlan {
                puts: first..count,
                delete_from: change.shrunk.then_some(count),
            }
        }
    }
}

/// The key of chunk `index` of the file stored under `file_key`: the file key, `#`, and the
/// index zero-padded, so a file's chunks sort together and in order (a Kafka topic name holds
/// only `[a-zA-Z0-9._-]`, `Topic.LEGAL_CHARS`, so no file key contains `#`).
pub fn chunk_key(file_key: &str, index: u64) -> String {
    format!("{file_key}#{index:0INDEX_DIGITS$}")
}

/// The first and last possible keys of `file_key`'s chunks from `from` on, for a key range.
pub fn chunk_key_bounds(file_key: &str, from: u64) -> (String, String) {
    (
        chunk_key(file_key, from),
        format!("{file_key}#{}", "9".repeat(INDEX_DIGITS)),
    )
}

/// Reads back a [`chunk_key`]: the file key and the chunk index.
pub fn parse_chunk_key(key: &str) -> Option<(&str, u64)> {
    let (file_key, index) = key.rsplit_once('#')?;
    if index.len() != INDEX_DIGITS {
        return None;
    }
    Some((file_key, index.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    const C: u64 = CHUNK_BYTES;

    #[test]
    fn an_append_rewrites_only_the_chunks_from_the_old_end() {
        // 3.5 chunks long, 100 bytes appended: only the last chunk.
        let len = 3 * C + C / 2;
        assert_eq!(
            plan(Change::write(len - 100), Some(len)),
            ChunkPlan {
                puts: 3..4,
                delete_from: None
            }
        );
        // An append that crosses a chunk boundary writes the partial chunk and the new one.
        assert_eq!(plan(Change::write(C - 10), Some(C + 10)).puts, 0..2);
        // Appending to an empty file writes from chunk 0.
        assert_eq!(plan(Change::write(0), Some(5)).puts, 0..1);
    }

    #[test]
    fn a_write_at_rewrites_from_its_chunk() {
        assert_eq!(plan(Change::write(C + 1), Some(4 * C)).puts, 1..4);
    }

    #[test]
    fn a_truncation_deletes_the_chunks_past_the_new_end() {
        // From 5 chunks to 1.5: chunk 1 is rewritten short, chunks 2.. go.
        assert_eq!(
            plan(Change::cut(C + C / 2), Some(C + C / 2)),
            ChunkPlan {
                puts: 1..2,
                delete_from: Some(2)
            }
        );
        // A cut at a chunk boundary rewrites nothing and deletes what follows.
        assert_eq!(
            plan(Change::cut(2 * C), Some(2 * C)),
            ChunkPlan {
                puts: 2..2,
                delete_from: Some(2)
            }
        );
        // Cut to empty: the file stays, as one empty chunk.
        assert_eq!(
            plan(Change::cut(0), Some(0)),
            ChunkPlan {
                puts: 0..1,
                delete_from: Some(1)
            }
        );
    }

    #[test]
    fn a_deleted_file_loses_every_chunk() {
        assert_eq!(
            plan(Change::write(7), None),
            ChunkPlan {
                puts: 0..0,
                delete_from: Some(0)
            }
        );
    }

    #[test]
    fn merged_changes_cover_both() {
        let merged = Change::write(3 * C).merge(Change::cut(2 * C + 5));
        assert_eq!(merged, Change::cut(2 * C + 5));
        assert_eq!(Change::write(10).merge(Change::write(C)), Change::write(10));
        // A failed flush's change merged back with later writes rewrites from the lower one.
        assert_eq!(
            plan(Change::write(C).merge(Change::write(3 * C)), Some(4 * C)).puts,
            1..4
        );
    }

    #[test]
    fn chunks_tile_the_file() {
        for len in [0, 1, C - 1, C, C + 1, 3 * C, 3 * C + 7] {
            let ranges: Vec<_> = (0..chunk_count(len)).map(|i| chunk_range(i, len)).collect();
            assert_eq!(ranges.first().unwrap().start, 0);
            assert_eq!(ranges.last().unwrap().end, len);
            assert!(ranges.windows(2).all(|w| w[0].end == w[1].start));
            assert!(ranges.iter().all(|r| r.end - r.start <= C));
            assert!(ranges.iter().rev().skip(1).all(|r| r.end - r.start == C));
        }
    }

    #[test]
    fn chunk_keys_sort_in_order_and_read_back() {
        let file = "orders-0/00000000000000000000.log";
        let keys: Vec<String> = [0, 1, 9, 10, 4095].map(|i| chunk_key(file, i)).to_vec();
        let mut sorted = keys.clone();
        crate::sort::sort(&mut sorted);
        assert_eq!(keys, sorted);
        assert_eq!(parse_chunk_key(&keys[3]), Some((file, 10)));
        assert_eq!(parse_chunk_key(file), None);
        assert_eq!(parse_chunk_key("t-0/x.log#12"), None);
        let (low, high) = chunk_key_bounds(file, 2);
        assert!(low <= keys[2] && keys[4] <= high && keys[1] < low);
        // Another file's chunks never fall inside a file's range.
        let other = chunk_key("orders-0/00000000000000000000.logx", 0);
        assert!(!(low <= other && other <= high));
    }
}
