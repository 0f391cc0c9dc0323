//! `DumpLogSegments.dumpLog` and `printBatchLevel`: a `.log` file batch by batch and, with
//! `--deep-iteration` or `--print-data-log`, record by record.
//!
//! Per batch (magic v2), one line:
//! `baseOffset: 0 lastOffset: 2 count: 3 baseSequence: -1 lastSequence: -1 producerId: -1
//! producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false
//! deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: 1700000000000 size: 91 magic: 2
//! compresscodec: none crc: 2823471130 isvalid: true` (`crc` is the stored CRC-32C, `isvalid`
//! whether it matches). Per record: `| offset: 0 CreateTime: 1700000000000 keySize: 1
//! valueSize: 5 sequence: -1 headerKeys: []`, then for a transaction marker
//! ` endTxnMarker: COMMIT coordinatorEpoch: 0`, and with `--print-data-log` ` key: k payload: v`
//! (decoded as UTF-8 by `StringDecoder`). Batches are walked as `FileLogInputStream` walks
//! them: the walk ends quietly at a partial batch, and `Found N invalid bytes at the end of
//! <name>` reports what is left. KRaft control records (snapshot header and footer, KRaft
//! version, voters), which Kafka prints as JSON, show as `controlType: NAME(id)`.

use std::borrow::Cow;

use super::{file_name, read_file, record, start_offset, DumpOptions, Failure, Problems};
use crate::cli::output::CommandOutput;
use crate::engine::cluster::Cluster;
use crate::engine::record::batch_header::{
    BatchHeader, HEADER_SIZE_UP_TO_MAGIC, LOG_OVERHEAD, MAGIC_V2, RECORD_BATCH_OVERHEAD,
};
use crate::engine::record::control::{ControlRecordType, EndTransactionMarker};
use crate::engine::record::record_iter::BatchRecords;
use crate::engine::record::{Compression, MAX_DECOMPRESSED_RECORDS_BYTES};
use crate::storage::{FileKind, SegmentStorage};

/// `LegacyRecord.RECORD_OVERHEAD_V0`: the smallest size field `FileLogInputStream` accepts.
const RECORD_OVERHEAD_V0: i32 = 14;

fn corrupt(message: impl std::fmt::Display) -> Failure {
    Failure::Uncaught(format!(
        "org.apache.kafka.common.errors.CorruptRecordException: {message}"
    ))
}

/// `dumpLog`.
pub fn dump_log<S: SegmentStorage>(
    cluster: &Cluster<S>,
    file: &str,
    opts: &DumpOptions,
    max_bytes: i32,
    problems: &mut Problems,
    out: &mut CommandOutput,
) -> Result<(), Failure> {
    let name = file_name(file);
    out.out(format!("Log starting offset: {}", start_offset(name)?));
    let bytes = read_file(cluster, file, FileKind::Log)?;
    // `FileRecords.slice(0, maxBytes)`.
    let data = &bytes[..bytes.len().min(max_bytes.max(0) as usize)];
    let end = data.len();
    let mut position = 0usize;
    let mut valid_bytes = 0usize;
    let mut last_offset = -1i64;
    loop {
        // `FileLogInputStream.nextBatch`.
        if position + HEADER_SIZE_UP_TO_MAGIC >= end {
            break;
        }
        let size = i32::from_be_bytes(
            data[position + 8..position + 12]
                .try_into()
                .expect("4 bytes"),
        );
        if size < RECORD_OVERHEAD_V0 {
            return Err(corrupt(format!(
                "Found record size {size} smaller than minimum record overhead ({RECORD_OVERHEAD_V0}) in file {file}."
            )));
        }
        let batch_size = LOG_OVERHEAD + size as usize;
        if position + batch_size > end {
            break;
        }
        let batch = &data[position..position + batch_size];
        let magic = batch[16] as i8;
        if magic != MAGIC_V2 {
            return Err(Failure::Kplay(format!(
                "the batch at position {position} has magic {magic}: kplay reads message format v2 only"
            )));
        }
        if batch.len() < RECORD_BATCH_OVERHEAD {
            return Err(corrupt(format!(
                "Record batch at position {position} is {} bytes, less than a v2 header ({RECORD_BATCH_OVERHEAD})",
                batch.len()
            )));
        }
        let attributes = i16::from_be_bytes([batch[21], batch[22]]);
        let codec_id = (attributes & 0x07) as u8;
        if Compression::from_id(codec_id).is_none() {
            return Err(Failure::Uncaught(format!(
                "java.lang.IllegalArgumentException: Unknown compression type id: {codec_id}"
            )));
        }
        let header = BatchHeader::parse(batch).map_err(corrupt)?;
        print_batch_level(&header, batch, valid_bytes, out);
        if opts.deep_iteration {
            dump_records(&header, batch, file, opts, &mut last_offset, problems, out)?;
        }
        valid_bytes += batch_size;
        position += batch_size;
    }
    let trailing = end - valid_bytes;
    if trailing > 0 && max_bytes == i32::MAX {
        out.out(format!(
            "Found {trailing} invalid bytes at the end of {name}"
        ));
    }
    Ok(())
}

/// `printBatchLevel` for a v2 batch.
fn print_batch_level(h: &BatchHeader, batch: &[u8], position: usize, out: &mut CommandOutput) {
    let delete_horizon = match h.delete_horizon_ms() {
        Some(ms) => format!("OptionalLong[{ms}]"),
        None => "OptionalLong.empty".to_string(),
    };
    let is_valid = crc32c::crc32c(&batch[21..]) == h.crc;
    out.out(format!(
        "baseOffset: {} lastOffset: {} count: {} baseSequence: {} lastSequence: {} producerId: {} producerEpoch: {} partitionLeaderEpoch: {} isTransactional: {} isControl: {} deleteHorizonMs: {delete_horizon} position: {position} {}: {} size: {} magic: {} compresscodec: {} crc: {} isvalid: {is_valid}",
        h.base_offset,
        h.last_offset(),
        h.records_count,
        h.base_sequence,
        h.last_sequence(),
        h.producer_id,
        h.producer_epoch,
        h.partition_leader_epoch,
        h.attributes.is_transactional,
        h.attributes.is_control,
        h.attributes.timestamp_type.name(),
        h.max_timestamp,
        batch.len(),
        h.magic,
        h.attributes.compression.name(),
        h.crc,
    ));
}

/// The record lines of one batch (`for (record <- batch.asScala)` in `dumpLog`).
fn dump_records(
    h: &BatchHeader,
    batch: &[u8],
    file: &str,
    opts: &DumpOptions,
    last_offset: &mut i64,
    problems: &mut Problems,
    out: &mut CommandOutput,
) -> Result<(), Failure> {
    let section = &batch[RECORD_BATCH_OVERHEAD..];
    let records = if h.records_count == 0 {
        BatchRecords::empty(h)
    } else {
        match h.attributes.compression {
            Compression::None => BatchRecords::new(h, Cow::Borrowed(section), false),
            codec => codec
                .decompress(section, MAX_DECOMPRESSED_RECORDS_BYTES)
                .and_then(|plain| BatchRecords::new(h, Cow::Owned(plain), true)),
        }
        .map_err(corrupt)?
    };
    let timestamp_type = h.attributes.timestamp_type.name();
    for r in records.iter() {
        let r = r.map_err(corrupt)?;
        if *last_offset == -1 {
            *last_offset = r.offset;
        } else if r.offset != *last_offset + 1 {
            record(
                &mut problems.non_consecutive,
                file,
                (*last_offset, r.offset),
                true,
            );
        }
        *last_offset = r.offset;

        let mut line = String::new();
        let mut prefix = "| ";
        if !opts.skip_record_metadata {
            let size = |b: Option<&[u8]>| b.map_or(-1, |b| b.len() as i64);
            line.push_str(&format!(
                "{prefix}offset: {} {timestamp_type}: {} keySize: {} valueSize: {}",
                r.offset,
                r.timestamp,
                size(r.key),
                size(r.value)
            ));
            prefix = " ";
            let keys: Vec<String> = r
                .headers()
                .map(|hd| String::from_utf8_lossy(hd.key).into_owned())
                .collect();
            line.push_str(&format!(
                " sequence: {} headerKeys: [{}]",
                r.sequence,
                keys.join(",")
            ));
            if h.attributes.is_control {
                let invalid_record = |e: crate::engine::record::RecordError| {
                    Failure::Uncaught(format!(
                        "org.apache.kafka.common.InvalidRecordException: {e}"
                    ))
                };
                let control_type = ControlRecordType::parse_key(r.key).map_err(invalid_record)?;
                match control_type {
                    ControlRecordType::Abort | ControlRecordType::Commit => {
                        let marker = EndTransactionMarker::deserialize(r.key, r.value)
                            .map_err(invalid_record)?;
                        line.push_str(&format!(
                            " endTxnMarker: {} coordinatorEpoch: {}",
                            marker.control_type.name(),
                            marker.coordinator_epoch
                        ));
                    }
                    other => {
                        let key = r.key.unwrap_or_default();
                        let id = i16::from_be_bytes([key[2], key[3]]);
                        line.push_str(&format!(" controlType: {}({id})", other.name()));
                    }
                }
            }
        }
        if opts.print_data_log && !h.attributes.is_control {
            if let Some(key) = r.key {
                line.push_str(&format!("{prefix}key: {}", String::from_utf8_lossy(key)));
            }
            if let Some(value) = r.value {
                line.push_str(&format!(" payload: {}", String::from_utf8_lossy(value)));
            }
        }
        out.out(line);
    }
    Ok(())
}
