//! Iterating the records of one batch without copying them
//! (`DefaultRecordBatch.RecordIterator` / `StreamRecordIterator`).
//!
//! [`BatchRecords`] holds the records section: borrowed from the batch when uncompressed,
//! decompressed once into an owned buffer otherwise. Iterating it yields [`RecordRef`]s
//! pointing into that section, so an uncompressed batch is read with no allocation at all.
//!
//! Kafka's checks apply: a negative RecordsCount is refused, a section that ends before
//! RecordsCount records is a premature EOF, and bytes left after the last record are an error
//! reported *instead of* that record (`ensureNoneRemaining` runs before it is returned).

use std::borrow::Cow;

use super::batch_header::BatchHeader;
use super::error::RecordError;
use super::record_ref::{read_record, read_record_fast, RecordContext, RecordRef};

/// The records section of one batch, ready to iterate.
#[derive(Debug, Clone)]
pub struct BatchRecords<'a> {
    section: Cow<'a, [u8]>,
    context: RecordContext,
    count: u32,
    from_stream: bool,
}

impl<'a> BatchRecords<'a> {
    /// Prepares iteration over `section` (already decompressed) for a batch with `header`.
    ///
    /// `from_stream` is true when the section came out of a codec (Java's stream reader).
    pub(crate) fn new(
        header: &BatchHeader,
        section: Cow<'a, [u8]>,
        from_stream: bool,
    ) -> Result<BatchRecords<'a>, RecordError> {
        if header.records_count < 0 {
            return Err(RecordError::InvalidRecordCount(header.records_count));
        }
        Ok(BatchRecords {
            section,
            context: RecordContext::from(header),
            count: header.records_count as u32,
            from_stream,
        })
    }

    /// A batch with RecordsCount 0: Kafka returns no records without looking at the section.
    pub(crate) fn empty(header: &BatchHeader) -> BatchRecords<'a> {
        BatchRecords {
            section: Cow::Borrowed(&[]),
            context: RecordContext::from(header),
            count: 0,
            from_stream: false,
        }
    }

    /// RecordsCount as declared by the header.
    pub fn declared_count(&self) -> usize {
        self.count as usize
    }

    /// The (decompressed) records section.
    pub fn section(&self) -> &[u8] {
        &self.section
    }

    /// Iterates the records; stops after the first error.
    pub fn iter(&self) -> RecordIter<'_> {
        RecordIter {
            section: &self.section,
            pos: 0,
            remaining: self.count,
            context: self.context,
            from_stream: self.from_stream,
            failed: false,
        }
    }
}

impl<'s> IntoIterator for &'s BatchRecords<'_> {
    type Item = Result<RecordRef<'s>, RecordError>;
    type IntoIter = RecordIter<'s>;

    fn into_iter(self) -> RecordIter<'s> {
        self.iter()
    }
}

/// Yields each record of a batch, then `None`; after an error, `None`.
#[derive(Debug, Clone)]
pub struct RecordIter<'s> {
    section: &'s [u8],
    pos: usize,
    remaining: u32,
    context: RecordContext,
    from_stream: bool,
    failed: bool,
}

impl<'s> RecordIter<'s> {
    /// The record the fast path refused, re-read with Kafka's exact checks and messages.
    #[cold]
    #[inline(never)]
    fn next_exact(&mut self) -> Result<RecordRef<'s>, RecordError> {
        let result = read_record(self.section, &mut self.pos, &self.context, self.from_stream)
            .and_then(|record| {
                if self.remaining == 0 && self.pos != self.section.len() {
                    Err(RecordError::RecordsRemaining)
                } else {
                    Ok(record)
                }
            });
        self.failed = result.is_err();
        result
    }
}

impl<'s> Iterator for RecordIter<'s> {
    type Item = Result<RecordRef<'s>, RecordError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        // Built straight into the return value: a well-formed record costs no copies.
        if let Some((record, end)) =
            read_record_fast(self.section, self.pos, &self.context, self.from_stream)
        {
            if self.remaining != 0 || end == self.section.len() {
                self.pos = end;
                return Some(Ok(record));
            }
        }
        Some(self.next_exact())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.failed {
            (0, Some(0))
        } else {
            (0, Some(self.remaining as usize))
        }
    }
}
