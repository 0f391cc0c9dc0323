//! The records of `__consumer_offsets`, byte for byte (Kafka's `GroupCoordinatorRecordHelpers`
//! and the message schemas `OffsetCommitKey.json`, `OffsetCommitValue.json`,
//! `GroupMetadataKey.json`, `GroupMetadataValue.json`, written with
//! `MessageUtil.toVersionPrefixedBytes`: an int16 version, then the fields; strings are an
//! int16 length + UTF-8 (-1: null), bytes an int32 length, arrays an int32 count).
//!
//! - `OffsetCommitKey` v1: `group string | topic string | partition int32`.
//! - `OffsetCommitValue` v3 (what Kafka writes for a commit without an expire time, since
//!   2.1): `offset int64 | leaderEpoch int32 | metadata string | commitTimestamp int64`.
//! - `GroupMetadataKey` v2: `group string`.
//! - `GroupMetadataValue` v3 (`GROUP_METADATA_VALUE_VERSION`): `protocolType string |
//!   generation int32 | protocol nullable string | leader nullable string |
//!   currentStateTimestamp int64 | members [memberId string | groupInstanceId nullable string |
//!   clientId string | clientHost string | rebalanceTimeout int32 | sessionTimeout int32 |
//!   subscription bytes | assignment bytes]`.
//!
//! A deleted offset or group is its key with a null value (a tombstone), which compaction
//! eventually removes.

use super::offsets::{CoordinatorRecord, MemberMetadata, OffsetAndMetadata};
use crate::engine::topic_partition::TopicPartition;

/// The key version of an offset commit (`OffsetCommitKey`).
pub const OFFSET_COMMIT_KEY_VERSION: i16 = 1;
/// The key version of a group's metadata (`GroupMetadataKey`).
pub const GROUP_METADATA_KEY_VERSION: i16 = 2;
/// `offsetCommitValueVersion(false)`.
pub const OFFSET_COMMIT_VALUE_VERSION: i16 = 3;
/// `GROUP_METADATA_VALUE_VERSION`.
pub const GROUP_METADATA_VALUE_VERSION: i16 = 3;

/// Why bytes are not a `__consumer_offsets` record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OffsetsLogDecodeError {
    #[error("Unknown record key version {0}")]
    UnknownKeyVersion(i16),
    #[error("Unknown {0} value version {1}")]
    UnknownValueVersion(&'static str, i16),
    #[error("__consumer_offsets record ends after {0} bytes")]
    Truncated(usize),
    #[error("__consumer_offsets record has {0} bytes after its last field")]
    TrailingBytes(usize),
    #[error("__consumer_offsets string is not UTF-8")]
    NotUtf8,
    #[error("a non-nullable string is null")]
    UnexpectedNull,
}

/// The record as `(key, value)` bytes; `value` is `None` for a tombstone.
pub fn to_bytes(record: &CoordinatorRecord) -> (Vec<u8>, Option<Vec<u8>>) {
    match record {
        CoordinatorRecord::OffsetCommit {
            group_id,
            topic_partition,
            offset,
        } => (
            offset_commit_key(group_id, topic_partition),
            Some(offset_commit_value(offset)),
        ),
        CoordinatorRecord::OffsetTombstone {
            group_id,
            topic_partition,
        } => (offset_commit_key(group_id, topic_partition), None),
        CoordinatorRecord::GroupMetadata {
            group_id,
            generation_id,
            protocol_type,
            protocol_name,
            leader,
            members,
            current_state_timestamp_ms,
        } => {
            let mut out = Vec::with_capacity(64);
            out.extend_from_slice(&GROUP_METADATA_VALUE_VERSION.to_be_bytes());
            put_string(&mut out, protocol_type.as_deref().unwrap_or(""));
            out.extend_from_slice(&generation_id.to_be_bytes());
            put_nullable_string(&mut out, protocol_name.as_deref());
            put_nullable_string(&mut out, leader.as_deref());
            out.extend_from_slice(&current_state_timestamp_ms.to_be_bytes());
            put_len(&mut out, members.len());
            for m in members {
                put_string(&mut out, &m.member_id);
                put_nullable_string(&mut out, m.group_instance_id.as_deref());
                put_string(&mut out, &m.client_id);
                put_string(&mut out, &m.client_host);
                out.extend_from_slice(&m.rebalance_timeout_ms.to_be_bytes());
                out.extend_from_slice(&m.session_timeout_ms.to_be_bytes());
                put_bytes(&mut out, &m.subscription);
                put_bytes(&mut out, &m.assignment);
            }
            (group_metadata_key(group_id), Some(out))
        }
        CoordinatorRecord::GroupTombstone { group_id } => (group_metadata_key(group_id), None),
    }
}

fn offset_commit_key(group_id: &str, tp: &TopicPartition) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + group_id.len() + tp.topic.len());
    out.extend_from_slice(&OFFSET_COMMIT_KEY_VERSION.to_be_bytes());
    put_string(&mut out, group_id);
    put_string(&mut out, &tp.topic);
    out.extend_from_slice(&tp.partition.to_be_bytes());
    out
}

fn offset_commit_value(o: &OffsetAndMetadata) -> Vec<u8> {
    let mut out = Vec::with_capacity(24 + o.metadata.len());
    out.extend_from_slice(&OFFSET_COMMIT_VALUE_VERSION.to_be_bytes());
    out.extend_from_slice(&o.committed_offset.to_be_bytes());
    out.extend_from_slice(&o.committed_leader_epoch.to_be_bytes());
    put_string(&mut out, &o.metadata);
    out.extend_from_slice(&o.commit_timestamp_ms.to_be_bytes());
    out
}

fn group_metadata_key(group_id: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + group_id.len());
    out.extend_from_slice(&GROUP_METADATA_KEY_VERSION.to_be_bytes());
    put_string(&mut out, group_id);
    out
}

/// Reads a record back from its key and value (`CoordinatorRecordSerde.deserialize`).
pub fn from_bytes(
    key: &[u8],
    value: Option<&[u8]>,
) -> Result<CoordinatorRecord, OffsetsLogDecodeError> {
    let mut k = Reader { bytes: key, at: 0 };
    let version = k.i16()?;
    match version {
        0 | 1 => {
            let group_id = k.string()?;
            let topic = k.string()?;
            let partition = k.i32()?;
            k.finish()?;
            let topic_partition = TopicPartition::new(&topic, partition);
            let Some(value) = value else {
                return Ok(CoordinatorRecord::OffsetTombstone {
                    group_id,
                    topic_partition,
                });
            };
            let mut v = Reader {
                bytes: value,
                at: 0,
            };
            let value_version = v.i16()?;
            if value_version != OFFSET_COMMIT_VALUE_VERSION {
                return Err(OffsetsLogDecodeError::UnknownValueVersion(
                    "OffsetCommitValue",
                    value_version,
                ));
            }
            let offset = OffsetAndMetadata {
                committed_offset: v.i64()?,
                committed_leader_epoch: v.i32()?,
                metadata: v.string()?,
                commit_timestamp_ms: v.i64()?,
            };
            v.finish()?;
            Ok(CoordinatorRecord::OffsetCommit {
                group_id,
                topic_partition,
                offset,
            })
        }
        2 => {
            let group_id = k.string()?;
            k.finish()?;
            let Some(value) = value else {
                return Ok(CoordinatorRecord::GroupTombstone { group_id });
            };
            let mut v = Reader {
                bytes: value,
                at: 0,
            };
            let value_version = v.i16()?;
            if value_version != GROUP_METADATA_VALUE_VERSION {
                return Err(OffsetsLogDecodeError::UnknownValueVersion(
                    "GroupMetadataValue",
                    value_version,
                ));
            }
            let protocol_type = v.string()?;
            let generation_id = v.i32()?;
            let protocol_name = v.nullable_string()?;
            let leader = v.nullable_string()?;
            let current_state_timestamp_ms = v.i64()?;
            let count = v.i32()?;
            let mut members = Vec::new();
            for _ in 0..count.max(0) {
                members.push(MemberMetadata {
                    member_id: v.string()?,
                    group_instance_id: v.nullable_string()?,
                    client_id: v.string()?,
                    client_host: v.string()?,
                    rebalance_timeout_ms: v.i32()?,
                    session_timeout_ms: v.i32()?,
                    subscription: v.bytes()?,
                    assignment: v.bytes()?,
                });
            }
            v.finish()?;
            Ok(CoordinatorRecord::GroupMetadata {
                group_id,
                generation_id,
                protocol_type: (!protocol_type.is_empty()).then_some(protocol_type),
                protocol_name,
                leader,
                members,
                current_state_timestamp_ms,
            })
        }
        other => Err(OffsetsLogDecodeError::UnknownKeyVersion(other)),
    }
}

fn put_string(out: &mut Vec<u8>, s: &str) {
    // Group ids, topic names, member ids and metadata are bounded far below Kafka's 32767-byte
    // `string` limit before they get here (`offset.metadata.max.bytes`, topic name rules).
    let len = i16::try_from(s.len()).expect("a __consumer_offsets string fits an int16 length");
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(s.as_bytes());
}

fn put_nullable_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => put_string(out, s),
        None => out.extend_from_slice(&(-1i16).to_be_bytes()),
    }
}

fn put_len(out: &mut Vec<u8>, len: usize) {
    let len = i32::try_from(len).expect("a group's members and bytes fit an int32 length");
    out.extend_from_slice(&len.to_be_bytes());
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_len(out, b.len());
    out.extend_from_slice(b);
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], OffsetsLogDecodeError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(OffsetsLogDecodeError::Truncated(self.bytes.len()))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }
    fn i16(&mut self) -> Result<i16, OffsetsLogDecodeError> {
        Ok(i16::from_be_bytes(
            self.take(2)?.try_into().expect("2 bytes"),
        ))
    }
    fn i32(&mut self) -> Result<i32, OffsetsLogDecodeError> {
        Ok(i32::from_be_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
    fn i64(&mut self) -> Result<i64, OffsetsLogDecodeError> {
        Ok(i64::from_be_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }
    fn nullable_string(&mut self) -> Result<Option<String>, OffsetsLogDecodeError> {
        let len = self.i16()?;
        if len < 0 {
            return Ok(None);
        }
        let bytes = self.take(len as usize)?;
        String::from_utf8(bytes.to_vec())
            .map(Some)
            .map_err(|_| OffsetsLogDecodeError::NotUtf8)
    }
    fn string(&mut self) -> Result<String, OffsetsLogDecodeError> {
        self.nullable_string()?
            .ok_or(OffsetsLogDecodeError::UnexpectedNull)
    }
    fn bytes(&mut self) -> Result<Vec<u8>, OffsetsLogDecodeError> {
        let len = self.i32()?;
        Ok(self.take(len.max(0) as usize)?.to_vec())
    }
    fn finish(&self) -> Result<(), OffsetsLogDecodeError> {
        match self.bytes.len() - self.at {
            0 => Ok(()),
            n => Err(OffsetsLogDecodeError::TrailingBytes(n)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_commit_bytes_follow_the_schema() {
        let record = CoordinatorRecord::OffsetCommit {
            group_id: "g".to_owned(),
            topic_partition: TopicPartition::new("t", 2),
            offset: OffsetAndMetadata {
                committed_offset: 42,
                committed_leader_epoch: 0,
                metadata: String::new(),
                commit_timestamp_ms: 1_000,
            },
        };
        let (key, value) = to_bytes(&record);
        assert_eq!(key, vec![0, 1, 0, 1, b'g', 0, 1, b't', 0, 0, 0, 2]);
        let mut expected = vec![0, 3];
        expected.extend_from_slice(&42i64.to_be_bytes());
        expected.extend_from_slice(&0i32.to_be_bytes());
        expected.extend_from_slice(&[0, 0]);
        expected.extend_from_slice(&1_000i64.to_be_bytes());
        assert_eq!(value.as_deref(), Some(expected.as_slice()));
        assert_eq!(from_bytes(&key, value.as_deref()), Ok(record));
        assert_eq!(
            from_bytes(&key, None),
            Ok(CoordinatorRecord::OffsetTombstone {
                group_id: "g".to_owned(),
                topic_partition: TopicPartition::new("t", 2),
            })
        );
    }

    #[test]
    fn group_metadata_round_trips_with_nulls_and_members() {
        let record = CoordinatorRecord::GroupMetadata {
            group_id: "그룹".to_owned(),
            generation_id: 3,
            protocol_type: Some("consumer".to_owned()),
            protocol_name: Some("range".to_owned()),
            leader: None,
            members: vec![MemberMetadata {
                member_id: "c-1".to_owned(),
                group_instance_id: None,
                client_id: "c".to_owned(),
                client_host: "/127.0.0.1".to_owned(),
                rebalance_timeout_ms: 300_000,
                session_timeout_ms: 45_000,
                subscription: vec![1, 2],
                assignment: vec![],
            }],
            current_state_timestamp_ms: 7,
        };
        let (key, value) = to_bytes(&record);
        assert_eq!(&key[..2], &[0, 2]);
        let value = value.unwrap();
        assert_eq!(&value[..2], &[0, 3]);
        assert_eq!(from_bytes(&key, Some(&value)), Ok(record));
        assert_eq!(
            from_bytes(&key, None),
            Ok(CoordinatorRecord::GroupTombstone {
                group_id: "그룹".to_owned()
            })
        );
        assert_eq!(
            from_bytes(&key, Some(&value[..9])),
            Err(OffsetsLogDecodeError::Truncated(9))
        );
        assert_eq!(
            from_bytes(&[0, 9], None),
            Err(OffsetsLogDecodeError::UnknownKeyVersion(9))
        );
    }
}
