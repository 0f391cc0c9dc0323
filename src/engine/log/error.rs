//! [`LogError`]: why the partition log refused an operation, with Kafka's error code.
//!
//! Each variant carries the message Kafka's broker would put in the exception it throws from
//! `UnifiedLog`, `LocalLog` or `LogValidator` (quoted in the variant's doc), so a learner sees
//! the same words a real broker logs, and [`LogError::error_code`] gives the `Errors` code
//! that goes on the wire.

use crate::engine::error_code::ErrorCode;
use crate::engine::record::error::RecordError;
use crate::storage::StorageError;

/// One record of a batch refused by validation (`ProduceResponse.RecordError`): the index of
/// the record inside its batch and Kafka's message for it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RecordRejection {
    pub batch_index: i32,
    pub message: String,
}

/// Why the partition log refused an operation.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LogError {
    /// `UnifiedLog.checkLogStartOffset`: a read below the log start offset.
    #[error("Received request for offset {offset} for partition {partition}, but we only have log segments starting from offset: {log_start_offset}.")]
    OffsetBelowLogStart {
        partition: String,
        offset: i64,
        log_start_offset: i64,
    },
    /// `LocalLog.read`: a read past the log end offset.
    #[error("Received request for offset {offset} for partition {partition}, but we only have log segments upto {log_end_offset}.")]
    OffsetBeyondLogEnd {
        partition: String,
        offset: i64,
        log_end_offset: i64,
    },
    /// `UnifiedLog.maybeIncrementLogStartOffset`: DeleteRecords past the high watermark.
    #[error("Cannot increment the log start offset to {offset} of partition {partition} since it is larger than the high watermark {high_watermark}")]
    LogStartBeyondHighWatermark {
        partition: String,
        offset: i64,
        high_watermark: i64,
    },
    /// `Partition.deleteRecordsOnLeader`: a negative DeleteRecords offset other than -1 (the high watermark).
    #[error("The offset {offset} for partition {partition} is not valid")]
    InvalidDeleteRecordsOffset { partition: String, offset: i64 },
    /// `Partition.deleteRecordsOnLeader`: DeleteRecords needs `cleanup.policy` to contain `delete`.
    #[error("Records of partition {partition} can not be deleted due to the configured policy")]
    DeleteRecordsPolicyViolation { partition: String },
    /// `UnifiedLog.analyzeAndValidateRecords`: a batch larger than `max.message.bytes`.
    #[error("The record batch size in the append to {partition} is {batch_bytes} bytes which exceeds the maximum configured value of {max_message_bytes}.")]
    RecordTooLarge {
        partition: String,
        batch_bytes: usize,
        max_message_bytes: i32,
    },
    /// `UnifiedLog.append`: a batch larger than a whole segment (`segment.bytes`).
    #[error("Message batch size is {batch_bytes} bytes in append to partition {partition}, which exceeds the maximum configured segment size of {segment_bytes}.")]
    RecordBatchTooLarge {
        partition: String,
        batch_bytes: usize,
        segment_bytes: i32,
    },
    /// `UnifiedLog.analyzeAndValidateRecords` / `DefaultRecordBatch.ensureValid`: the codec
    /// refused the bytes (CRC mismatch, bad magic or length, unreadable records...). The error
    /// code is the codec's: CORRUPT_MESSAGE for framing and CRC, INVALID_RECORD for records.
    #[error("{source} in topic partition {partition}.")]
    CorruptRecord {
        partition: String,
        #[source]
        source: RecordError,
    },
    /// A batch-level `InvalidRecordException` from `LogValidator` or `UnifiedLog` (wrong base
    /// offset, several batches, control batch from a client...): the message is Kafka's.
    #[error("{message}")]
    InvalidBatch { message: String },
    /// `LogValidator.processRecordErrors`: records refused one by one (null key on a compacted
    /// topic...); the whole batch is rejected.
    #[error("One or more records have been rejected due to {} record errors in total, and only showing the first three errors at most: {}", .errors.len(), first_three(.errors))]
    InvalidRecords { errors: Vec<RecordRejection> },
    /// `LogValidator.processRecordErrors`: a CreateTime timestamp outside
    /// `message.timestamp.before.max.ms` / `message.timestamp.after.max.ms`.
    #[error("One or more records have been rejected due to invalid timestamp: {}", first_three(.errors))]
    InvalidTimestamp { errors: Vec<RecordRejection> },
    /// `UnexpectedAppendOffsetException` (follower append): the leader sent offsets below our end.
    #[error("Unexpected offset in append to {partition}. First offset {first_offset} is less than the next offset {log_end_offset}.")]
    UnexpectedAppendOffset {
        partition: String,
        first_offset: i64,
        log_end_offset: i64,
    },
    /// `OffsetsOutOfOrderException` (follower append): batches whose offsets do not increase.
    #[error("Out of order offsets found in append to {partition}: batch ending at {last_offset} follows one ending at {previous_last_offset}")]
    OffsetsOutOfOrder {
        partition: String,
        previous_last_offset: i64,
        last_offset: i64,
    },
    /// `KafkaStorageException`: the storage backend failed (full quota, missing file).
    #[error("Error while accessing the log of {partition}: {source}")]
    Storage {
        partition: String,
        #[source]
        source: StorageError,
    },
}

fn first_three(errors: &[RecordRejection]) -> String {
    let shown: Vec<String> = errors
        .iter()
        .take(3)
        .map(|e| {
            format!(
                "RecordError(batchIndex={}, message='{}')",
                e.batch_index, e.message
            )
        })
        .collect();
    format!("[{}]", shown.join(", "))
}

impl LogError {
    /// The Kafka error code sent to clients for this refusal.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            LogError::OffsetBelowLogStart { .. }
            | LogError::OffsetBeyondLogEnd { .. }
            | LogError::LogStartBeyondHighWatermark { .. }
            | LogError::InvalidDeleteRecordsOffset { .. } => ErrorCode::OffsetOutOfRange,
            LogError::DeleteRecordsPolicyViolation { .. } => ErrorCode::PolicyViolation,
            LogError::RecordTooLarge { .. } => ErrorCode::MessageTooLarge,
            LogError::RecordBatchTooLarge { .. } => ErrorCode::RecordListTooLarge,
            LogError::CorruptRecord { source, .. } => source.error_code(),
            LogError::InvalidBatch { .. } | LogError::InvalidRecords { .. } => {
                ErrorCode::InvalidRecord
            }
            LogError::InvalidTimestamp { .. } => ErrorCode::InvalidTimestamp,
            // Both are plain `KafkaException`s in Kafka, which the request handler reports as
            // UNKNOWN_SERVER_ERROR; the replica fetcher reacts to them by truncating.
            LogError::UnexpectedAppendOffset { .. } | LogError::OffsetsOutOfOrder { .. } => {
                ErrorCode::UnknownServerError
            }
            LogError::Storage { .. } => ErrorCode::KafkaStorageError,
        }
    }

    /// The per-record errors of a validation refusal (for the produce response), if any.
    pub fn record_errors(&self) -> &[RecordRejection] {
        match self {
            LogError::InvalidRecords { errors } | LogError::InvalidTimestamp { errors } => errors,
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::{FileKind, SegmentFile};

    #[test]
    fn codes_match_kafka() {
        let p = || "t-0".to_owned();
        let cases = [
            (
                LogError::OffsetBelowLogStart {
                    partition: p(),
                    offset: 1,
                    log_start_offset: 5,
                },
                1,
            ),
            (
                LogError::RecordTooLarge {
                    partition: p(),
                    batch_bytes: 10,
                    max_message_bytes: 5,
                },
                10,
            ),
            (
                LogError::CorruptRecord {
                    partition: p(),
                    source: RecordError::CrcMismatch {
                        expected: 1,
                        computed: 2,
                    },
                },
                2,
            ),
            (LogError::InvalidRecords { errors: vec![] }, 87),
            (LogError::InvalidTimestamp { errors: vec![] }, 32),
            (
                LogError::Storage {
                    partition: p(),
                    source: StorageError::NotFound(SegmentFile::new("t", 0, 0, FileKind::Log)),
                },
                56,
            ),
            (
                LogError::DeleteRecordsPolicyViolation { partition: p() },
                44,
            ),
        ];
        for (err, code) in cases {
            assert_eq!(err.error_code().code(), code, "{err}");
        }
    }

    #[test]
    fn messages_are_kafkas() {
        let err = LogError::InvalidRecords {
            errors: vec![RecordRejection {
                batch_index: 0,
                message: "Compacted topic cannot accept message without key in topic partition t-0"
                    .into(),
            }],
        };
        assert_eq!(
            err.to_string(),
            "One or more records have been rejected due to 1 record errors in total, and only showing the first three \
             errors at most: [RecordError(batchIndex=0, message='Compacted topic cannot accept message without key in \
             topic partition t-0')]"
        );
        let err = LogError::OffsetBeyondLogEnd {
            partition: "t-0".into(),
            offset: 9,
            log_end_offset: 3,
        };
        assert_eq!(
            err.to_string(),
            "Received request for offset 9 for partition t-0, but we only have log segments upto 3."
        );
    }
}
