//! Walking the concatenated batches of a segment body or a fetch response
//! (`ByteBufferLogInputStream` / `RecordBatchIterator`).
//!
//! Each batch is validated as it is reached (length, magic, CRC; nothing is decompressed).
//! The first problem ends the walk with an error, and [`BatchIter::valid_bytes`] then tells
//! where the valid prefix ends: the point `LogSegment.recover` truncates a segment to after
//! a crash left a torn or corrupt tail.
//!
//! Java's in-memory iterator silently stops at a partial trailing batch (normal at the end of a
//! size-limited FetchResponse); here that tail is reported as [`RecordError::TruncatedBatch`],
//! which callers reading a fetch response may treat as the end.

use super::error::RecordError;
use super::raw_batch::RawBatch;

/// Iterates the batches in `buf`, from its first byte.
pub fn batches(buf: &[u8]) -> BatchIter<'_> {
    BatchIter {
        buf,
        position: 0,
        failed: false,
    }
}

/// Iterator over validated batches; yields at most one error, then stops.
#[derive(Debug, Clone)]
pub struct BatchIter<'a> {
    buf: &'a [u8],
    position: usize,
    failed: bool,
}

impl<'a> BatchIter<'a> {
    /// Bytes covered by the batches yielded so far: after an error, the length of the valid
    /// prefix (`LogSegment.recover`'s `validBytes`).
    pub fn valid_bytes(&self) -> usize {
        self.position
    }

    /// Whether the walk stopped on an error.
    pub fn failed(&self) -> bool {
        self.failed
    }
}

impl<'a> Iterator for BatchIter<'a> {
    type Item = Result<RawBatch<'a>, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.position == self.buf.len() {
            return None;
        }
        match RawBatch::read_at(self.buf, self.position) {
            Ok(batch) => {
                self.position += batch.bytes().len();
                Some(Ok(batch))
            }
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

impl std::iter::FusedIterator for BatchIter<'_> {}
