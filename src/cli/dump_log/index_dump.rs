//! `DumpLogSegments.dumpIndex` and `dumpTimeIndex`: a segment's `.index` (`offset: N position:
//! P` per entry) and `.timeindex` (`timestamp: T offset: N` per entry), each entry checked
//! against the segment's `.log` as Kafka checks it, the problems reported after all files.
//!
//! Entries are read from the files' bytes: an `.index` entry is a 4-byte offset relative to
//! the base offset and a 4-byte position, a `.timeindex` entry an 8-byte timestamp and a 4-byte
//! relative offset. A zero entry after the first ends the dump (Kafka's preallocated files end
//! in zeros). `--index-sanity-check` runs `AbstractIndex.sanityCheck`'s size check and reports
//! `<file> passed sanity check.`; `--verify-index-only` checks without printing entries.

use std::borrow::Cow;

use super::{file_name, read_file, record, start_offset, DumpOptions, Failure, Problems};
use crate::cli::output::CommandOutput;
use crate::engine::cluster::Cluster;
use crate::engine::log::file_batches::{file_batches, FileBatch};
use crate::engine::record::batch_header::{BatchHeader, RECORD_BATCH_OVERHEAD};
use crate::engine::record::record_iter::BatchRecords;
use crate::engine::record::{Compression, MAX_DECOMPRESSED_RECORDS_BYTES};
use crate::storage::{FileKind, SegmentStorage};

/// `OffsetIndex` entry size.
const INDEX_ENTRY_BYTES: usize = 8;
/// `TimeIndex` entry size.
const TIME_INDEX_ENTRY_BYTES: usize = 12;

/// The path of the segment's file with another suffix (`new File(parent, base + suffix)`).
fn sibling(file: &str, suffix: &str) -> String {
    let name = file_name(file);
    let base = name.split('.').next().unwrap_or("");
    let parent = &file[..file.len() - name.len()];
    format!("{parent}{base}{suffix}")
}

fn i32_at(b: &[u8], at: usize) -> i32 {
    i32::from_be_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

fn i64_at(b: &[u8], at: usize) -> i64 {
    i64::from_be_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

/// `AbstractIndex.sanityCheck`'s size test, as `CorruptIndexException`.
fn sanity_check(file: &str, len: usize, entry_bytes: usize) -> Result<(), Failure> {
    if len % entry_bytes != 0 {
        return Err(Failure::Uncaught(format!(
            "org.apache.kafka.common.errors.CorruptIndexException: Index file {file} is corrupt, found {len} bytes which is neither positive nor a multiple of {entry_bytes}"
        )));
    }
    Ok(())
}

/// The first batch at or after `position` within at most `max_bytes` (`slice.batches.iterator.next()`).
fn first_batch_at(log: &[u8], position: usize, max_bytes: usize) -> Option<FileBatch> {
    let end = log.len().min(position.saturating_add(max_bytes));
    if position >= end {
        return None;
    }
    file_batches(&log[position..end], position as u32).next()
}

/// `dumpIndex`.
pub fn dump_index<S: SegmentStorage>(
    cluster: &Cluster<S>,
    file: &str,
    opts: &DumpOptions,
    max_message_size: i32,
    problems: &mut Problems,
    out: &mut CommandOutput,
) -> Result<(), Failure> {
    let base_offset = start_offset(file_name(file))?;
    let log = read_file(cluster, &sibling(file, ".log"), FileKind::Log)?;
    let index = read_file(cluster, file, FileKind::Index)?;
    let entries = index.len() / INDEX_ENTRY_BYTES;
    if entries == 0 {
        out.out(format!("{file} is empty."));
        return Ok(());
    }
    if opts.index_sanity_only {
        sanity_check(file, index.len(), INDEX_ENTRY_BYTES)?;
        out.out(format!("{file} passed sanity check."));
        return Ok(());
    }
    for i in 0..entries {
        let at = i * INDEX_ENTRY_BYTES;
        let offset = base_offset + i64::from(i32_at(index, at));
        let position = i32_at(index, at + 4);
        if offset == base_offset && i > 0 {
            return Ok(());
        }
        let Some(batch) = first_batch_at(
            log,
            position.max(0) as usize,
            max_message_size.max(0) as usize,
        ) else {
            return Err(Failure::Uncaught("java.util.NoSuchElementException".into()));
        };
        if batch.last_offset != offset {
            record(
                &mut problems.index_mismatches,
                file,
                (offset, batch.last_offset),
                true,
            );
        }
        if !opts.verify_only {
            out.out(format!("offset: {offset} position: {position}"));
        }
    }
    Ok(())
}

/// The largest record timestamp of a batch (`for (record <- batch.asScala) maxTimestamp = …`).
fn max_record_timestamp(log: &[u8], batch: &FileBatch) -> Result<i64, Failure> {
    let corrupt = |e: crate::engine::record::RecordError| {
        Failure::Uncaught(format!(
            "org.apache.kafka.common.errors.CorruptRecordException: {e}"
        ))
    };
    let bytes = &log[batch.position as usize..(batch.position + batch.size) as usize];
    let header = BatchHeader::parse(bytes).map_err(corrupt)?;
    let section = &bytes[RECORD_BATCH_OVERHEAD..];
    let records = if header.records_count == 0 {
        BatchRecords::empty(&header)
    } else {
        match header.attributes.compression {
            Compression::None => BatchRecords::new(&header, Cow::Borrowed(section), false),
            codec => codec
                .decompress(section, MAX_DECOMPRESSED_RECORDS_BYTES)
                .and_then(|plain| BatchRecords::new(&header, Cow::Owned(plain), true)),
        }
        .map_err(corrupt)?
    };
    let mut max = -1i64;
    for r in records.iter() {
        max = max.max(r.map_err(corrupt)?.timestamp);
    }
    Ok(max)
}

/// `dumpTimeIndex`.
pub fn dump_time_index<S: SegmentStorage>(
    cluster: &Cluster<S>,
    file: &str,
    opts: &DumpOptions,
    problems: &mut Problems,
    out: &mut CommandOutput,
) -> Result<(), Failure> {
    let base_offset = start_offset(file_name(file))?;
    let log = read_file(cluster, &sibling(file, ".log"), FileKind::Log)?;
    let index = read_file(cluster, &sibling(file, ".index"), FileKind::Index)?;
    let time_index = read_file(cluster, file, FileKind::TimeIndex)?;
    if opts.index_sanity_only {
        sanity_check(file, time_index.len(), TIME_INDEX_ENTRY_BYTES)?;
        out.out(format!("{file} passed sanity check."));
        return Ok(());
    }
    // `OffsetIndex.lookup`: the position of the last entry at or below the offset.
    let lookup = |offset: i64| -> usize {
        let mut position = 0;
        for entry in index.chunks_exact(INDEX_ENTRY_BYTES) {
            if base_offset + i64::from(i32_at(entry, 0)) > offset {
                break;
            }
            position = i32_at(entry, 4).max(0) as usize;
        }
        position
    };
    let mut prev_timestamp = -1i64;
    for (i, entry) in time_index.chunks_exact(TIME_INDEX_ENTRY_BYTES).enumerate() {
        let timestamp = i64_at(entry, 0);
        let offset = base_offset + i64::from(i32_at(entry, 8));
        if offset == base_offset && i > 0 {
            return Ok(());
        }
        let position = lookup(offset);
        let found = if position < log.len() {
            file_batches(&log[position..], position as u32).find(|b| b.last_offset >= offset)
        } else {
            None
        };
        match found {
            None => record(
                &mut problems.shallow_offset_not_found,
                file,
                (offset, -1),
                false,
            ),
            Some(batch) if batch.last_offset != offset => record(
                &mut problems.shallow_offset_not_found,
                file,
                (offset, batch.last_offset),
                false,
            ),
            Some(batch) => {
                let max_timestamp = max_record_timestamp(log, &batch)?;
                if max_timestamp != timestamp {
                    record(
                        &mut problems.time_mismatches,
                        file,
                        (timestamp, max_timestamp),
                        false,
                    );
                }
                if prev_timestamp >= timestamp {
                    record(
                        &mut problems.time_out_of_order,
                        file,
                        (timestamp, prev_timestamp),
                        false,
                    );
                }
            }
        }
        if !opts.verify_only {
            out.out(format!("timestamp: {timestamp} offset: {offset}"));
        }
        prev_timestamp = timestamp;
    }
    Ok(())
}
