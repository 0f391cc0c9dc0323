//! Control records: transaction markers (`ControlRecordType`, `EndTransactionMarker`).
//!
//! When a transaction ends, the coordinator has each partition leader append a control batch
//! (attributes: transactional + control) holding one record:
//! * key = version int16 (0) | type int16 (0 = ABORT, 1 = COMMIT) (`ControlRecordTypeSchema`);
//! * value = version int16 (0) | coordinatorEpoch int32 (`EndTxnMarker`).
//!
//! Consumers never see these records; they decide whether the producer's earlier records are
//! delivered under `read_committed` (`MemoryRecords.withEndTransactionMarker`).

use super::batch_header::NO_SEQUENCE;
use super::builder::BatchBuilder;
use super::compression::Compression;
use super::error::RecordError;
use super::timestamp_type::TimestampType;

/// `ControlRecordType`: what a control record means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ControlRecordType {
    /// The transaction was aborted: its records are skipped under `read_committed`.
    Abort,
    /// The transaction committed.
    Commit,
    /// KRaft: a new quorum leader.
    LeaderChange,
    /// KRaft snapshot header.
    SnapshotHeader,
    /// KRaft snapshot footer.
    SnapshotFooter,
    /// KRaft `kraft.version` record.
    KraftVersion,
    /// KRaft voters record.
    KraftVoters,
    /// A type this version does not know; clients ignore it.
    Unknown,
}

impl ControlRecordType {
    /// The type id stored in the key; -1 for `Unknown`.
    pub const fn type_id(self) -> i16 {
        match self {
            ControlRecordType::Abort => 0,
            ControlRecordType::Commit => 1,
            ControlRecordType::LeaderChange => 2,
            ControlRecordType::SnapshotHeader => 3,
            ControlRecordType::SnapshotFooter => 4,
            ControlRecordType::KraftVersion => 5,
            ControlRecordType::KraftVoters => 6,
            ControlRecordType::Unknown => -1,
        }
    }

    /// `ControlRecordType.fromTypeId`: unknown ids map to `Unknown`.
    pub const fn from_type_id(type_id: i16) -> ControlRecordType {
        match type_id {
            0 => ControlRecordType::Abort,
            1 => ControlRecordType::Commit,
            2 => ControlRecordType::LeaderChange,
            3 => ControlRecordType::SnapshotHeader,
            4 => ControlRecordType::SnapshotFooter,
            5 => ControlRecordType::KraftVersion,
            6 => ControlRecordType::KraftVoters,
            _ => ControlRecordType::Unknown,
        }
    }

    /// Kafka's name of the type (`ControlRecordType.name()`).
    pub const fn name(self) -> &'static str {
        match self {
            ControlRecordType::Abort => "ABORT",
            ControlRecordType::Commit => "COMMIT",
            ControlRecordType::LeaderChange => "LEADER_CHANGE",
            ControlRecordType::SnapshotHeader => "SNAPSHOT_HEADER",
            ControlRecordType::SnapshotFooter => "SNAPSHOT_FOOTER",
            ControlRecordType::KraftVersion => "KRAFT_VERSION",
            ControlRecordType::KraftVoters => "KRAFT_VOTERS",
            ControlRecordType::Unknown => "UNKNOWN",
        }
    }

    /// `ControlRecordType.recordKey`: version 0 and the type id.
    ///
    /// # Panics
    /// For `Unknown` ("Cannot serialize UNKNOWN control record type", as in Kafka).
    pub fn record_key(self) -> [u8; 4] {
        assert!(
            self != ControlRecordType::Unknown,
            "Cannot serialize UNKNOWN control record type"
        );
        let id = self.type_id().to_be_bytes();
        [0, 0, id[0], id[1]]
    }

    /// `ControlRecordType.parse`: reads a control record's key. Key versions above 0 are read
    /// as version 0 (the schema only grows); negative versions mean corruption.
    pub fn parse_key(key: Option<&[u8]>) -> Result<ControlRecordType, RecordError> {
        let key = key.ok_or_else(|| invalid("Control record has a null key".to_string()))?;
        if key.len() < 4 {
            return Err(invalid(format!(
                "Invalid value size found for control record key. Must have at least 4 bytes, but found only {}",
                key.len()
            )));
        }
        let version = i16::from_be_bytes([key[0], key[1]]);
        if version < 0 {
            return Err(invalid(format!(
                "Invalid version found for control record: {version}. May indicate data corruption"
            )));
        }
        Ok(ControlRecordType::from_type_id(i16::from_be_bytes([
            key[2], key[3],
        ])))
    }
}

fn invalid(reason: String) -> RecordError {
    RecordError::InvalidControlRecord { reason }
}

/// `EndTransactionMarker`: a COMMIT or ABORT marker and the coordinator epoch that wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EndTransactionMarker {
    /// `Commit` or `Abort`.
    pub control_type: ControlRecordType,
    /// Epoch of the transaction coordinator, fencing markers from a stale coordinator.
    pub coordinator_epoch: i32,
}

impl EndTransactionMarker {
    /// A marker.
    ///
    /// # Panics
    /// Unless `control_type` is `Commit` or `Abort`, as Kafka's constructor throws.
    pub fn new(control_type: ControlRecordType, coordinator_epoch: i32) -> EndTransactionMarker {
        assert!(
            matches!(
                control_type,
                ControlRecordType::Commit | ControlRecordType::Abort
            ),
            "Invalid control record type for end transaction marker {}",
            control_type.name()
        );
        EndTransactionMarker {
            control_type,
            coordinator_epoch,
        }
    }

    /// `serializeValue`: version 0 and the coordinator epoch.
    pub fn serialize_value(&self) -> [u8; 6] {
        let e = self.coordinator_epoch.to_be_bytes();
        [0, 0, e[0], e[1], e[2], e[3]]
    }

    /// `EndTransactionMarker.deserialize`: reads a marker from a control record's key and value.
    pub fn deserialize(
        key: Option<&[u8]>,
        value: Option<&[u8]>,
    ) -> Result<EndTransactionMarker, RecordError> {
        let control_type = ControlRecordType::parse_key(key)?;
        if !matches!(
            control_type,
            ControlRecordType::Commit | ControlRecordType::Abort
        ) {
            return Err(invalid(format!(
                "Invalid control record type for end transaction marker {}",
                control_type.name()
            )));
        }
        let value =
            value.ok_or_else(|| invalid("End transaction marker has a null value".to_string()))?;
        if value.len() < 6 {
            return Err(invalid(format!(
                "End transaction marker value needs 6 bytes, found {}",
                value.len()
            )));
        }
        let version = i16::from_be_bytes([value[0], value[1]]);
        if version < 0 {
            return Err(invalid(format!(
                "Invalid version found for end transaction marker: {version}. May indicate data corruption"
            )));
        }
        let coordinator_epoch = i32::from_be_bytes([value[2], value[3], value[4], value[5]]);
        Ok(EndTransactionMarker {
            control_type,
            coordinator_epoch,
        })
    }
}

/// The control batch a partition leader appends to end a transaction
/// (`MemoryRecords.withEndTransactionMarker`): uncompressed, CreateTime, transactional +
/// control, BaseSequence -1, one marker record at `base_offset` with `timestamp_ms`.
///
/// # Panics
/// Unless `kind` is `Commit` or `Abort`, or if `producer_id` is -1 / `producer_epoch` is -1
/// (Kafka: "End transaction marker requires a valid producerId").
pub fn control_batch(
    kind: ControlRecordType,
    producer_id: i64,
    producer_epoch: i16,
    coordinator_epoch: i32,
    base_offset: i64,
    timestamp_ms: i64,
    partition_leader_epoch: i32,
) -> Vec<u8> {
    let marker = EndTransactionMarker::new(kind, coordinator_epoch);
    assert!(
        producer_id >= 0,
        "End transaction marker requires a valid producerId"
    );
    let mut builder = BatchBuilder::new(
        Compression::None,
        TimestampType::CreateTime,
        base_offset,
        timestamp_ms,
    )
    .producer(producer_id, producer_epoch, NO_SEQUENCE, true)
    .partition_leader_epoch(partition_leader_epoch)
    .control();
    builder.append(
        timestamp_ms,
        Some(&kind.record_key()),
        Some(&marker.serialize_value()),
        &[],
    );
    builder.build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::record::batch::RecordBatch;

    #[test]
    fn commit_marker_round_trips() {
        let bytes = control_batch(ControlRecordType::Commit, 5000, 0, 12, 25, 1700000000310, 2);
        let batch = RecordBatch::decode(&bytes).unwrap();
        assert!(batch.header.attributes.is_control && batch.header.attributes.is_transactional);
        assert_eq!(batch.header.base_sequence, -1);
        let r = &batch.records[0];
        assert_eq!(r.key.as_deref(), Some(&[0, 0, 0, 1][..]));
        let marker =
            EndTransactionMarker::deserialize(r.key.as_deref(), r.value.as_deref()).unwrap();
        assert_eq!(
            marker,
            EndTransactionMarker::new(ControlRecordType::Commit, 12)
        );
    }

    #[test]
    fn keys_parse_like_kafka() {
        assert_eq!(
            ControlRecordType::parse_key(Some(&[0, 3, 0, 0])).unwrap(),
            ControlRecordType::Abort
        );
        assert_eq!(
            ControlRecordType::parse_key(Some(&[0, 0, 0, 9])).unwrap(),
            ControlRecordType::Unknown
        );
        assert!(ControlRecordType::parse_key(Some(&[0xff, 0xff, 0, 0])).is_err());
        assert!(ControlRecordType::parse_key(Some(&[0, 0])).is_err());
        assert!(EndTransactionMarker::deserialize(Some(&[0, 0, 0, 2]), Some(&[0; 6])).is_err());
    }
}
