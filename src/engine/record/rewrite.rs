//! In-place edits the broker makes to a batch it appends (`MutableRecordBatch`).
//!
//! BaseOffset and PartitionLeaderEpoch lie before the CRC-covered range, so assigning them
//! leaves the CRC alone (`DefaultRecordBatch.setLastOffset`, `setPartitionLeaderEpoch`);
//! stamping LogAppendTime changes Attributes and MaxTimestamp and so recomputes the CRC
//! (`DefaultRecordBatch.setMaxTimestamp`).

use super::batch_header::{
    read_i16, read_i32, read_i64, ATTRIBUTES_OFFSET, BASE_OFFSET_OFFSET, CRC_OFFSET,
    LAST_OFFSET_DELTA_OFFSET, LENGTH_OFFSET, LOG_OVERHEAD, MAX_TIMESTAMP_OFFSET,
    PARTITION_LEADER_EPOCH_OFFSET, RECORD_BATCH_OVERHEAD,
};

/// Bits 0-2 (codec), 4 (transactional), 5 (control), 6 (delete horizon): what
/// `computeAttributes` carries over; bit 3 is the timestamp type being set.
const KEPT_ATTRIBUTE_BITS: i16 = 0x77;
const LOG_APPEND_TIME_BIT: i16 = 0x08;

fn check_batch(batch: &[u8]) {
    assert!(
        batch.len() >= RECORD_BATCH_OVERHEAD
            && read_i32(batch, LENGTH_OFFSET) as i64 + LOG_OVERHEAD as i64 == batch.len() as i64,
        "expected exactly one record batch, got {} bytes",
        batch.len()
    );
}

/// Sets BaseOffset; the CRC stays valid because BaseOffset is outside it.
///
/// # Panics
/// If `batch` is shorter than a batch header.
pub fn set_base_offset(batch: &mut [u8], base_offset: i64) {
    assert!(batch.len() >= RECORD_BATCH_OVERHEAD, "not a record batch");
    batch[BASE_OFFSET_OFFSET..LENGTH_OFFSET].copy_from_slice(&base_offset.to_be_bytes());
}

/// `DefaultRecordBatch.setLastOffset`: BaseOffset = `last_offset - LastOffsetDelta`.
///
/// # Panics
/// If `batch` is shorter than a batch header.
pub fn set_last_offset(batch: &mut [u8], last_offset: i64) {
    assert!(batch.len() >= RECORD_BATCH_OVERHEAD, "not a record batch");
    let delta = read_i32(batch, LAST_OFFSET_DELTA_OFFSET);
    set_base_offset(batch, last_offset.wrapping_sub(i64::from(delta)));
}

/// Sets PartitionLeaderEpoch, which lies outside the CRC.
///
/// # Panics
/// If `batch` is shorter than a batch header.
pub fn set_partition_leader_epoch(batch: &mut [u8], epoch: i32) {
    assert!(batch.len() >= RECORD_BATCH_OVERHEAD, "not a record batch");
    batch[PARTITION_LEADER_EPOCH_OFFSET..PARTITION_LEADER_EPOCH_OFFSET + 4]
        .copy_from_slice(&epoch.to_be_bytes());
}

/// `DefaultRecordBatch.setMaxTimestamp(LOG_APPEND_TIME, now_ms)`: marks the batch LogAppendTime
/// with MaxTimestamp = `now_ms` and recomputes the CRC. A batch already stamped with this time
/// is left untouched, as in Java.
///
/// # Panics
/// If `batch` is not exactly one batch (its Length field must match the slice): the CRC covers
/// the slice to its end, so a wrong slice would silently corrupt the batch.
pub fn set_log_append_time(batch: &mut [u8], now_ms: i64) {
    check_batch(batch);
    let attributes = read_i16(batch, ATTRIBUTES_OFFSET);
    if attributes & LOG_APPEND_TIME_BIT != 0 && read_i64(batch, MAX_TIMESTAMP_OFFSET) == now_ms {
        return;
    }
    let attributes = (attributes & KEPT_ATTRIBUTE_BITS) | LOG_APPEND_TIME_BIT;
    batch[ATTRIBUTES_OFFSET..ATTRIBUTES_OFFSET + 2].copy_from_slice(&attributes.to_be_bytes());
    batch[MAX_TIMESTAMP_OFFSET..MAX_TIMESTAMP_OFFSET + 8].copy_from_slice(&now_ms.to_be_bytes());
    update_crc(batch);
}

/// Recomputes and stores the CRC-32C of Attributes..end (`Crc32C.compute`).
///
/// # Panics
/// If `batch` is not exactly one batch.
pub fn update_crc(batch: &mut [u8]) {
    check_batch(batch);
    let crc = crc32c::crc32c(&batch[ATTRIBUTES_OFFSET..]);
    batch[CRC_OFFSET..CRC_OFFSET + 4].copy_from_slice(&crc.to_be_bytes());
}
