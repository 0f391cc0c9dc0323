//! The consumer's `Fetcher`: Fetch requests to partition leaders for the fetchable
//! partitions, their answers buffered as [`CompletedFetch`]es, and `poll()`'s share of them
//! (`max.poll.records`), advancing positions.
//!
//! As in Kafka, a partition with buffered records is not fetched again, nor is a node with a
//! fetch in flight (`Fetcher.fetchablePartitions`, `nodesWithPendingFetchRequests`). Records
//! are decoded with [`crate::engine::completed_fetch`], which drops control batches and, for
//! `read_committed`, aborted transactions. A fetch that returned only skipped records
//! (markers, aborted batches) moves the position past them.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::engine::completed_fetch::consumer_records;
use crate::engine::error_code::ErrorCode;
use crate::engine::producer::metadata::{leader_for, MetadataSource};
use crate::engine::protocol::{FetchPartition, FetchRequest, FetchResponse, Request};
use crate::engine::topic_partition::TopicPartition;

use super::config::AutoOffsetReset;
use super::error::ConsumerError;
use super::event::ConsumerEvent;
use super::record::ConsumerRecord;
use super::{Consumer, InFlightKind};

/// One partition's fetched records not yet returned by `poll()` (Kafka's `CompletedFetch`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletedFetch {
    pub partition: TopicPartition,
    pub records: VecDeque<ConsumerRecord>,
    /// Where the position goes once every record was returned.
    pub next_fetch_offset: i64,
}

impl Consumer {
    /// `sendFetches`: one Fetch per leader for its fetchable partitions.
    pub(crate) fn send_fetches(&mut self, metadata: &dyn MetadataSource) {
        let buffered: BTreeSet<&TopicPartition> =
            self.fetch_buffer.iter().map(|f| &f.partition).collect();
        let mut by_node: BTreeMap<i32, Vec<(TopicPartition, i64)>> = BTreeMap::new();
        for (tp, s) in &self.subscriptions.assignment {
            if !s.is_fetchable() || buffered.contains(tp) {
                continue;
            }
            let Some(node) = metadata
                .partition_replicas(&tp.topic)
                .and_then(|r| leader_for(r, tp.partition))
            else {
                continue;
            };
            if self.fetch_nodes_in_flight.contains(&node) {
                continue;
            }
            let position = s.position.expect("fetchable partitions have a position");
            by_node
                .entry(node)
                .or_default()
                .push((tp.clone(), position));
        }
        if by_node.is_empty() {
            return;
        }
        self.fetch_requested = false;
        for (node, partitions) in by_node {
            let request = FetchRequest {
                max_wait_ms: self.config.fetch_max_wait_ms as i32,
                min_bytes: self.config.fetch_min_bytes,
                max_bytes: self.config.fetch_max_bytes,
                isolation_level: self.config.isolation_level,
                partitions: partitions
                    .iter()
                    .map(|(tp, offset)| FetchPartition {
                        tp: tp.clone(),
                        fetch_offset: *offset,
                        partition_max_bytes: self.config.max_partition_fetch_bytes,
                    })
                    .collect(),
            };
            self.fetch_nodes_in_flight.insert(node);
            let timeout = self.config.request_timeout_ms;
            self.send(
                node,
                Request::Fetch(request),
                InFlightKind::Fetch { partitions },
                timeout,
            );
        }
    }

    /// A Fetch answer: each partition still at the position it was fetched from is decoded
    /// and buffered.
    pub(crate) fn handle_fetch(
        &mut self,
        node: i32,
        requested: &[(TopicPartition, i64)],
        r: FetchResponse,
    ) {
        self.fetch_nodes_in_flight.remove(&node);
        let isolation = self.config.isolation_level;
        for (tp, p) in r.partitions {
            let Some(&(_, fetch_offset)) = requested.iter().find(|(t, _)| *t == tp) else {
                continue;
            };
            let Some(state) = self.subscriptions.state_mut(&tp) else {
                continue;
            };
            if state.position != Some(fetch_offset) || !state.is_fetchable() {
                continue;
            }
            match p.error {
                ErrorCode::None => {
                    state.high_watermark = Some(p.high_watermark);
                    state.last_stable_offset = Some(p.last_stable_offset);
                    let aborted = p.aborted_transactions.unwrap_or_default();
                    let (records, next_offset) = match consumer_records(
                        &p.records,
                        fetch_offset,
                        isolation,
                        &aborted,
                    ) {
                        Ok(r) => r,
                        Err(e) => {
                            self.pending_error = Some(ConsumerError::new(
                                    "KafkaException",
                                    format!("Received exception when fetching the next record from {tp}. If needed, please seek past the record to continue consumption. {e}"),
                                ));
                            continue;
                        }
                    };
                    self.emit(ConsumerEvent::Fetched {
                        partition: tp.clone(),
                        fetch_offset,
                        records: records.len(),
                        next_offset,
                        high_watermark: p.high_watermark,
                        last_stable_offset: p.last_stable_offset,
                    });
                    if records.is_empty() {
                        if next_offset > fetch_offset {
                            self.subscriptions.seek(&tp, next_offset);
                        }
                        continue;
                    }
                    let records = records
                        .into_iter()
                        .map(|r| ConsumerRecord::new(&tp, r))
                        .collect();
                    self.fetch_buffer.push_back(CompletedFetch {
                        partition: tp,
                        records,
                        next_fetch_offset: next_offset,
                    });
                }
                ErrorCode::OffsetOutOfRange => {
                    self.emit(ConsumerEvent::FetchFailed {
                        partition: tp.clone(),
                        error: p.error,
                    });
                    match self.config.auto_offset_reset {
                        AutoOffsetReset::None => {
                            self.pending_error = Some(ConsumerError {
                                exception: "OffsetOutOfRangeException".to_owned(),
                                code: Some(ErrorCode::OffsetOutOfRange),
                                message: format!("Offsets out of range with no configured reset policy for partitions: {{{tp}={fetch_offset}}}"),
                            });
                        }
                        strategy => self.subscriptions.request_reset(&tp, strategy),
                    }
                }
                error => self.emit(ConsumerEvent::FetchFailed {
                    partition: tp,
                    error,
                }),
            }
        }
    }

    /// `collectFetch`: up to `max.poll.records` buffered records, oldest fetch first,
    /// skipping paused partitions; each partition's position moves past what was returned.
    pub(crate) fn collect_fetch(&mut self) -> Vec<ConsumerRecord> {
        let max = self.config.max_poll_records;
        let mut out = Vec::new();
        let mut index = 0;
        while out.len() < max && index < self.fetch_buffer.len() {
            let tp = self.fetch_buffer[index].partition.clone();
            let Some(state) = self.subscriptions.state(&tp) else {
                self.fetch_buffer.remove(index);
                continue;
            };
            if state.paused {
                index += 1;
                continue;
            }
            let fetch = &mut self.fetch_buffer[index];
            let take = (max - out.len()).min(fetch.records.len());
            out.extend(fetch.records.drain(..take));
            let drained = fetch.records.is_empty();
            // `nextFetchOffset`: after the last record returned, or past everything the
            // fetch read (markers, aborted batches) once it is drained.
            let next = if drained {
                Some(fetch.next_fetch_offset)
            } else {
                out.last().map(|r| r.offset + 1)
            };
            if let Some(next) = next {
                self.subscriptions.seek(&tp, next);
            }
            if drained {
                self.fetch_buffer.remove(index);
            } else {
                index += 1;
            }
        }
        out
    }
}
