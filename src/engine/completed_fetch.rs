//! What a Java consumer hands to the application from one fetched partition: Kafka's
//! `CompletedFetch` (`clients/.../consumer/internals/CompletedFetch.java`), record by record.
//!
//! Records before the fetch offset are skipped (a fetch returns whole batches). Control
//! batches (transaction markers) are never returned. Under `READ_COMMITTED`, a
//! transactional batch is dropped when its producer has an aborted transaction that started
//! at or before the batch (`abortedProducerIds`, fed from the response's aborted transactions
//! in first-offset order as batches are read), and the producer leaves that set at its ABORT
//! marker. Under `READ_UNCOMMITTED` everything but markers is returned.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};

use crate::engine::protocol::{AbortedTransaction, IsolationLevel};
use crate::engine::record::{batches, ControlRecordType, Header, RecordError};

/// One record as the consumer returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsumerRecord {
    pub offset: i64,
    pub timestamp_ms: i64,
    pub key: Option<Vec<u8>>,
    pub value: Option<Vec<u8>>,
    pub headers: Vec<Header>,
    /// The batch's producer id (-1 without idempotence), for tests and the UI.
    pub producer_id: i64,
    pub is_transactional: bool,
}

/// The records of `records` (whole batches from a fetch at `fetch_offset`) the consumer
/// returns, in offset order, and the next fetch offset (after the last batch read).
pub fn consumer_records(
    records: &[u8],
    fetch_offset: i64,
    isolation: IsolationLevel,
    aborted_transactions: &[AbortedTransaction],
) -> Result<(Vec<ConsumerRecord>, i64), RecordError> {
    let mut aborted: BinaryHeap<Reverse<(i64, i64)>> = aborted_transactions
        .iter()
        .map(|t| Reverse((t.first_offset, t.producer_id)))
        .collect();
    let mut aborted_producer_ids: BTreeSet<i64> = BTreeSet::new();
    let mut out = Vec::new();
    let mut next_fetch_offset = fetch_offset;
    for batch in batches(records) {
        let batch = batch?;
        let header = *batch.header();
        next_fetch_offset = next_fetch_offset.max(header.next_offset());
        if isolation == IsolationLevel::ReadCommitted && header.has_producer_id() {
            // `consumeAbortedTransactionsUpTo(batch.lastOffset())`.
            while aborted
                .peek()
                .is_some_and(|Reverse((first, _))| *first <= header.last_offset())
            {
                let Reverse((_, producer_id)) = aborted.pop().expect("peeked");
                aborted_producer_ids.insert(producer_id);
            }
            if header.attributes.is_control {
                // `containsAbortMarker`: the producer's aborted transaction ends here.
                let marker_records = batch.records()?;
                let first = marker_records.iter().next().transpose()?;
                let is_abort = first
                    .map(|r| ControlRecordType::parse_key(r.key))
                    .transpose()?
                    == Some(ControlRecordType::Abort);
                if is_abort {
                    aborted_producer_ids.remove(&header.producer_id);
                }
            } else if header.attributes.is_transactional
                && aborted_producer_ids.contains(&header.producer_id)
            {
                continue;
            }
        }
        if header.attributes.is_control {
            continue;
        }
        for record in batch.records()?.iter() {
            let record = record?;
            if record.offset < fetch_offset {
                continue;
            }
            out.push(ConsumerRecord {
                offset: record.offset,
                timestamp_ms: record.timestamp,
                key: record.key.map(<[u8]>::to_vec),
                value: record.value.map(<[u8]>::to_vec),
                headers: record.headers().map(|h| h.to_owned_header()).collect(),
                producer_id: header.producer_id,
                is_transactional: header.attributes.is_transactional,
            });
        }
    }
    Ok((out, next_fetch_offset))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::record::{control_batch, BatchBuilder, Compression, TimestampType};

    fn data(base: i64, pid: i64, txn: bool, values: &[&str]) -> Vec<u8> {
        let mut b = BatchBuilder::new(Compression::None, TimestampType::CreateTime, base, 0)
            .producer(pid, 0, 0, txn);
        for v in values {
            b.append(5, None, Some(v.as_bytes()), &[]);
        }
        b.build()
    }

    #[test]
    fn aborted_batches_and_markers_are_dropped_under_read_committed() {
        let mut log = Vec::new();
        log.extend(data(0, 1, true, &["a1", "a2"])); // aborted
        log.extend(data(2, 2, true, &["c1"])); // committed
        log.extend(data(3, -1, false, &["plain"]));
        log.extend(control_batch(ControlRecordType::Abort, 1, 0, 0, 4, 5, 0));
        log.extend(control_batch(ControlRecordType::Commit, 2, 0, 0, 5, 5, 0));
        log.extend(data(6, 1, true, &["a3"])); // a new transaction of producer 1
        let aborted = [AbortedTransaction {
            producer_id: 1,
            first_offset: 0,
        }];
        let values = |iso, aborted: &[AbortedTransaction], from| {
            let (records, next) = consumer_records(&log, from, iso, aborted).unwrap();
            assert_eq!(next, 7);
            records
                .into_iter()
                .map(|r| String::from_utf8(r.value.unwrap()).unwrap())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            values(IsolationLevel::ReadCommitted, &aborted, 0),
            vec!["c1", "plain", "a3"]
        );
        assert_eq!(
            values(IsolationLevel::ReadUncommitted, &[], 0),
            vec!["a1", "a2", "c1", "plain", "a3"]
        );
        assert_eq!(
            values(IsolationLevel::ReadUncommitted, &[], 1),
            vec!["a2", "c1", "plain", "a3"]
        );
    }
}
