//! The records of `__transaction_state`, byte for byte (Kafka's `TransactionLog`,
//! `TransactionLogKey.json`, `TransactionLogValue.json`).
//!
//! Key (`TransactionLogKey` v0, written by `MessageUtil.toVersionPrefixedBytes`):
//! `version int16 = 0 | TransactionalId string (int16 length + UTF-8)`.
//!
//! Value (`TransactionLogValue` v0, the version Kafka 3.x writes and Kafka 4.x writes while
//! `transaction.version` is 0): `version int16 = 0 | ProducerId int64 | ProducerEpoch int16 |
//! TransactionTimeoutMs int32 | TransactionStatus int8 | TransactionPartitions nullable array
//! (int32 count, -1 = null; each: Topic string, PartitionIds int32 count + int32s) |
//! TransactionLastUpdateTimestampMs int64 | TransactionStartTimestampMs int64`.
//! The partitions are null in state Empty and grouped by topic otherwise; kplay orders topics
//! and partitions by name and number (Kafka's `groupBy` on a hash set has no fixed order).
//! An expired transactional id is a tombstone: the key with a null value.

use std::collections::BTreeSet;

use super::metadata::TxnTransitMetadata;
use super::state::TransactionState;
use crate::engine::topic_partition::TopicPartition;

/// `TransactionLogKey.HIGHEST_SUPPORTED_VERSION`.
pub const KEY_VERSION: i16 = 0;
/// The value version kplay writes (transaction.version 0).
pub const VALUE_VERSION: i16 = 0;

/// A decoded `TransactionLogValue`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionLogValue {
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub txn_timeout_ms: i32,
    pub state: TransactionState,
    pub topic_partitions: BTreeSet<TopicPartition>,
    pub txn_last_update_timestamp_ms: i64,
    pub txn_start_timestamp_ms: i64,
}

/// Why bytes are not a transaction log record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TxnLogDecodeError {
    #[error("Unknown transaction log message key schema version {0}")]
    UnknownKeyVersion(i16),
    #[error("Unknown transaction log message value schema version {0}")]
    UnknownValueVersion(i16),
    #[error("Unknown transaction state id {0} from the transaction status message")]
    UnknownState(i8),
    #[error("transaction log record ends after {0} bytes")]
    Truncated(usize),
    #[error("transaction log record has {0} bytes after its last field")]
    TrailingBytes(usize),
    #[error("transaction log string is not UTF-8")]
    NotUtf8,
}

/// `TransactionLog.keyToBytes`.
pub fn key_to_bytes(transactional_id: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + transactional_id.len());
    out.extend_from_slice(&KEY_VERSION.to_be_bytes());
    put_string(&mut out, transactional_id);
    out
}

/// `TransactionLog.valueToBytes`.
///
/// # Panics
/// For an Empty transition with partitions ("Transaction is not expected to have any
/// partitions since its state is Empty"), as Kafka throws.
pub fn value_to_bytes(t: &TxnTransitMetadata) -> Vec<u8> {
    assert!(
        t.txn_state != TransactionState::Empty || t.topic_partitions.is_empty(),
        "Transaction is not expected to have any partitions since its state is Empty"
    );
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(&VALUE_VERSION.to_be_bytes());
    out.extend_from_slice(&t.producer_id.to_be_bytes());
    out.extend_from_slice(&t.producer_epoch.to_be_bytes());
    out.extend_from_slice(&t.txn_timeout_ms.to_be_bytes());
    out.push(t.txn_state.id() as u8);
    if t.txn_state == TransactionState::Empty {
        out.extend_from_slice(&(-1i32).to_be_bytes());
    } else {
        let mut topics: Vec<(&str, Vec<i32>)> = Vec::new();
        for tp in &t.topic_partitions {
            match topics.last_mut() {
                Some((topic, ids)) if *topic == tp.topic => ids.push(tp.partition),
                _ => topics.push((&tp.topic, vec![tp.partition])),
            }
        }
        out.extend_from_slice(&(topics.len() as i32).to_be_bytes());
        for (topic, ids) in topics {
            put_string(&mut out, topic);
            out.extend_from_slice(&(ids.len() as i32).to_be_bytes());
            for id in ids {
                out.extend_from_slice(&id.to_be_bytes());
            }
        }
    }
    out.extend_from_slice(&t.txn_last_update_timestamp_ms.to_be_bytes());
    out.extend_from_slice(&t.txn_start_timestamp_ms.to_be_bytes());
    out
}

/// `TransactionLog.readTxnRecordKey`.
pub fn read_key(bytes: &[u8]) -> Result<String, TxnLogDecodeError> {
    let mut r = Reader { bytes, at: 0 };
    let version = r.i16()?;
    if version != KEY_VERSION {
        return Err(TxnLogDecodeError::UnknownKeyVersion(version));
    }
    let id = r.string()?;
    r.finish()?;
    Ok(id)
}

/// `TransactionLog.readTxnRecordValue`: `None` for a tombstone.
pub fn read_value(bytes: Option<&[u8]>) -> Result<Option<TransactionLogValue>, TxnLogDecodeError> {
    let Some(bytes) = bytes else { return Ok(None) };
    let mut r = Reader { bytes, at: 0 };
    let version = r.i16()?;
    if version != VALUE_VERSION {
        return Err(TxnLogDecodeError::UnknownValueVersion(version));
    }
    let producer_id = r.i64()?;
    let producer_epoch = r.i16()?;
    let txn_timeout_ms = r.i32()?;
    let status = r.take(1)?[0] as i8;
    let state = TransactionState::from_id(status).ok_or(TxnLogDecodeError::UnknownState(status))?;
    let mut topic_partitions = BTreeSet::new();
    let topics = r.i32()?;
    for _ in 0..topics.max(0) {
        let topic = r.string()?;
        let count = r.i32()?;
        for _ in 0..count.max(0) {
            topic_partitions.insert(TopicPartition::new(&topic, r.i32()?));
        }
    }
    let txn_last_update_timestamp_ms = r.i64()?;
    let txn_start_timestamp_ms = r.i64()?;
    r.finish()?;
    Ok(Some(TransactionLogValue {
        producer_id,
        producer_epoch,
        txn_timeout_ms,
        state,
        topic_partitions,
        txn_last_update_timestamp_ms,
        txn_start_timestamp_ms,
    }))
}

fn put_string(out: &mut Vec<u8>, s: &str) {
    // Transactional ids and topic names are short: Kafka's `string` is at most 32767 bytes,
    // and both are checked against far smaller limits before they get here.
    let len = i16::try_from(s.len()).expect("a transaction log string fits an int16 length");
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(s.as_bytes());
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], TxnLogDecodeError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(TxnLogDecodeError::Truncated(self.bytes.len()))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }
    fn i16(&mut self) -> Result<i16, TxnLogDecodeError> {
        Ok(i16::from_be_bytes(
            self.take(2)?.try_into().expect("2 bytes"),
        ))
    }
    fn i32(&mut self) -> Result<i32, TxnLogDecodeError> {
        Ok(i32::from_be_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
    fn i64(&mut self) -> Result<i64, TxnLogDecodeError> {
        Ok(i64::from_be_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }
    fn string(&mut self) -> Result<String, TxnLogDecodeError> {
        let len = self.i16()?;
        let bytes = self.take(len.max(0) as usize)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| TxnLogDecodeError::NotUtf8)
    }
    fn finish(&self) -> Result<(), TxnLogDecodeError> {
        match self.bytes.len() - self.at {
            0 => Ok(()),
            n => Err(TxnLogDecodeError::TrailingBytes(n)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_and_value_bytes_follow_the_schema() {
        assert_eq!(key_to_bytes("tx"), vec![0, 0, 0, 2, b't', b'x']);
        assert_eq!(read_key(&key_to_bytes("주문-tx")).unwrap(), "주문-tx");
        let t = TxnTransitMetadata {
            producer_id: 5,
            last_producer_id: -1,
            producer_epoch: 2,
            last_producer_epoch: -1,
            txn_timeout_ms: 60_000,
            txn_state: TransactionState::Ongoing,
            topic_partitions: [("b", 0), ("a", 3), ("a", 1)]
                .iter()
                .map(|(t, p)| TopicPartition::new(t, *p))
                .collect(),
            txn_start_timestamp_ms: 100,
            txn_last_update_timestamp_ms: 200,
        };
        let bytes = value_to_bytes(&t);
        let mut expected = vec![0, 0];
        expected.extend_from_slice(&5i64.to_be_bytes());
        expected.extend_from_slice(&2i16.to_be_bytes());
        expected.extend_from_slice(&60_000i32.to_be_bytes());
        expected.push(1);
        expected.extend_from_slice(&2i32.to_be_bytes());
        expected.extend_from_slice(&[0, 1, b'a']);
        expected.extend_from_slice(&2i32.to_be_bytes());
        expected.extend_from_slice(&1i32.to_be_bytes());
        expected.extend_from_slice(&3i32.to_be_bytes());
        expected.extend_from_slice(&[0, 1, b'b']);
        expected.extend_from_slice(&1i32.to_be_bytes());
        expected.extend_from_slice(&0i32.to_be_bytes());
        expected.extend_from_slice(&200i64.to_be_bytes());
        expected.extend_from_slice(&100i64.to_be_bytes());
        assert_eq!(bytes, expected);
        let v = read_value(Some(&bytes)).unwrap().unwrap();
        assert_eq!(v.topic_partitions, t.topic_partitions);
        assert_eq!(
            (v.state, v.producer_epoch, v.txn_start_timestamp_ms),
            (TransactionState::Ongoing, 2, 100)
        );
        assert_eq!(read_value(None).unwrap(), None);
        assert_eq!(
            read_value(Some(&bytes[..10])),
            Err(TxnLogDecodeError::Truncated(10))
        );
    }

    #[test]
    fn empty_has_null_partitions() {
        let t = TxnTransitMetadata {
            producer_id: 5,
            last_producer_id: -1,
            producer_epoch: 0,
            last_producer_epoch: -1,
            txn_timeout_ms: 1000,
            txn_state: TransactionState::Empty,
            topic_partitions: BTreeSet::new(),
            txn_start_timestamp_ms: -1,
            txn_last_update_timestamp_ms: 7,
        };
        let bytes = value_to_bytes(&t);
        assert_eq!(&bytes[17..21], &(-1i32).to_be_bytes());
        assert!(read_value(Some(&bytes))
            .unwrap()
            .unwrap()
            .topic_partitions
            .is_empty());
    }
}
