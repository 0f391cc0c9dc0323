//! [`FileBatch`] and [`file_batches`]: a shallow walk over the batches of a `.log` file.
//!
//! Mirrors Kafka's `FileLogInputStream`/`FileChannelRecordBatch`: to find offsets and
//! positions the log reads only each batch's fixed header (base offset, length, last offset
//! delta, timestamps, producer id), never the records, and checks no CRC. Full validation
//! and decoding belong to the record codec (`crate::engine::record`), used where Kafka calls
//! `ensureValid` or iterates records (append, recovery, compaction, timestamp search).
//!
//! Header layout (`DefaultRecordBatch`): base offset i64 @0, length i32 @8 (bytes after that
//! field), partition leader epoch i32 @12, magic i8 @16, CRC u32 @17, attributes i16 @21, last
//! offset delta i32 @23, base timestamp i64 @27, max timestamp i64 @35, producer id i64 @43,
//! producer epoch i16 @51, base sequence i32 @53, records count i32 @57; 61 bytes in all.

/// Bytes of a v2 batch header (`DefaultRecordBatch.RECORD_BATCH_OVERHEAD`).
pub const BATCH_HEADER_BYTES: usize = 61;
/// Base offset plus length field (`Records.LOG_OVERHEAD`).
pub const LOG_OVERHEAD_BYTES: usize = 12;

/// The header fields of one batch in a `.log` file, and where it lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileBatch {
    /// Byte position of the batch in its segment's `.log` file.
    pub position: u32,
    /// Total size in bytes (`sizeInBytes`: length field + 12).
    pub size: u32,
    pub base_offset: i64,
    pub last_offset: i64,
    pub partition_leader_epoch: i32,
    pub magic: i8,
    pub attributes: i16,
    pub base_timestamp: i64,
    pub max_timestamp: i64,
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub base_sequence: i32,
    pub records_count: i32,
}

impl FileBatch {
    /// The offset after this batch (`RecordBatch.nextOffset`).
    pub fn next_offset(&self) -> i64 {
        self.last_offset + 1
    }

    /// Bit 4 of the attributes (`RecordBatch.isTransactional`).
    pub fn is_transactional(&self) -> bool {
        self.attributes & 0x10 != 0
    }

    /// Bit 5 of the attributes (`RecordBatch.isControlBatch`).
    pub fn is_control(&self) -> bool {
        self.attributes & 0x20 != 0
    }

    /// `RecordBatch.hasProducerId`.
    pub fn has_producer_id(&self) -> bool {
        self.producer_id >= 0
    }

    /// Parses the header of the batch starting at `bytes[0]`, which sits at `position` in its
    /// file. `None` when fewer than a whole header remains or the length field is too small to
    /// hold one (Kafka's `FileLogInputStream` stops there too; recovery then truncates).
    pub fn parse(bytes: &[u8], position: u32) -> Option<FileBatch> {
        if bytes.len() < BATCH_HEADER_BYTES {
            return None;
        }
        let length = i32_at(bytes, 8);
        let size = i64::from(length) + LOG_OVERHEAD_BYTES as i64;
        if size < BATCH_HEADER_BYTES as i64 || size > u32::MAX as i64 {
            return None;
        }
        let base_offset = i64_at(bytes, 0);
        Some(FileBatch {
            position,
            size: size as u32,
            base_offset,
            last_offset: base_offset.saturating_add(i64::from(i32_at(bytes, 23))),
            partition_leader_epoch: i32_at(bytes, 12),
            magic: bytes[16] as i8,
            attributes: i16::from_be_bytes([bytes[21], bytes[22]]),
            base_timestamp: i64_at(bytes, 27),
            max_timestamp: i64_at(bytes, 35),
            producer_id: i64_at(bytes, 43),
            producer_epoch: i16::from_be_bytes([bytes[51], bytes[52]]),
            base_sequence: i32_at(bytes, 53),
            records_count: i32_at(bytes, 57),
        })
    }
}

/// The complete batches in `bytes` (the file from byte `start_position` on), in order. Stops
/// at the first incomplete or malformed header, like `FileLogInputStream.nextBatch`.
pub fn file_batches(bytes: &[u8], start_position: u32) -> impl Iterator<Item = FileBatch> + '_ {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let batch = FileBatch::parse(&bytes[at..], start_position + at as u32)?;
        if batch.size as usize > bytes.len() - at {
            return None;
        }
        at += batch.size as usize;
        Some(batch)
    })
}

fn i32_at(bytes: &[u8], at: usize) -> i32 {
    i32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

fn i64_at(bytes: &[u8], at: usize) -> i64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&bytes[at..at + 8]);
    i64::from_be_bytes(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A header-only batch (no records) with the given offsets, as a stand-in for real ones.
    fn header(base_offset: i64, last_delta: i32, extra_bytes: usize) -> Vec<u8> {
        let mut b = vec![0u8; BATCH_HEADER_BYTES + extra_bytes];
        b[..8].copy_from_slice(&base_offset.to_be_bytes());
        b[8..12].copy_from_slice(&((BATCH_HEADER_BYTES + extra_bytes - 12) as i32).to_be_bytes());
        b[16] = 2;
        b[21..23].copy_from_slice(&0x30i16.to_be_bytes());
        b[23..27].copy_from_slice(&last_delta.to_be_bytes());
        b[35..43].copy_from_slice(&77i64.to_be_bytes());
        b[43..51].copy_from_slice(&(-1i64).to_be_bytes());
        b
    }

    #[test]
    fn walks_complete_batches_and_stops_at_a_torn_one() {
        let mut file = header(10, 2, 5);
        file.extend(header(13, 0, 0));
        let torn = header(14, 0, 10);
        file.extend(&torn[..30]);
        let batches: Vec<_> = file_batches(&file, 100).collect();
        assert_eq!(batches.len(), 2);
        assert_eq!((batches[0].position, batches[0].size), (100, 66));
        assert_eq!((batches[0].base_offset, batches[0].last_offset), (10, 12));
        assert_eq!((batches[1].position, batches[1].next_offset()), (166, 14));
        assert_eq!(batches[1].max_timestamp, 77);
        assert!(batches[0].is_control() && batches[0].is_transactional());
        assert!(!batches[0].has_producer_id());
    }

    #[test]
    fn a_length_too_small_for_a_header_is_not_a_batch() {
        let mut b = header(0, 0, 0);
        b[8..12].copy_from_slice(&10i32.to_be_bytes());
        assert_eq!(FileBatch::parse(&b, 0), None);
    }
}
