//! Positions for partitions that have none: the group's committed offsets (OffsetFetch to the
//! coordinator, `ConsumerCoordinator.refreshCommittedOffsetsIfNeeded`), else
//! `auto.offset.reset` or a seek to the beginning or end through ListOffsets to each
//! partition's leader (Kafka's `OffsetFetcher.resetPositionsIfNeeded`).
//!
//! A consumer without a `group.id` has no committed offsets: its partitions go straight to
//! the reset. Under `auto.offset.reset=none` no ListOffsets is sent; `poll()` throws
//! `NoOffsetForPartitionException` instead.

use std::collections::BTreeMap;

use crate::engine::error_code::ErrorCode;
use crate::engine::producer::metadata::{leader_for, MetadataSource};
use crate::engine::protocol::list_offsets::{EARLIEST_TIMESTAMP, LATEST_TIMESTAMP};
use crate::engine::protocol::{
    ListOffsetsRequest, ListOffsetsResponse, OffsetFetchRequest, OffsetFetchResponse, Request,
};
use crate::engine::topic_partition::TopicPartition;

use super::config::AutoOffsetReset;
use super::event::{ConsumerEvent, PositionSource};
use super::subscription_state::FetchState;
use super::{Consumer, InFlightKind};

impl Consumer {
    pub(crate) fn send_offset_fetch(
        &mut self,
        node: i32,
        partitions: Vec<TopicPartition>,
        for_positions: bool,
    ) {
        let Some(g) = self.group.as_ref() else {
            return;
        };
        let request = OffsetFetchRequest {
            group_id: g.group_id.clone(),
            partitions: Some(partitions.clone()),
            require_stable: self.config.isolation_level
                == crate::engine::protocol::IsolationLevel::ReadCommitted,
        };
        if for_positions {
            self.offset_fetch_in_flight = true;
        }
        let timeout = self.config.request_timeout_ms;
        self.send(
            node,
            Request::OffsetFetch(request),
            InFlightKind::OffsetFetch {
                partitions,
                for_positions,
            },
            timeout,
        );
    }

    /// `updateFetchPositions`: committed offsets first, then resets.
    pub(crate) fn update_positions(&mut self, metadata: &dyn MetadataSource) {
        if self.now_ms < self.positions_not_before_ms {
            return;
        }
        let initializing = self.subscriptions.initializing();
        if !initializing.is_empty() {
            match self.group.as_ref().map(|g| g.coordinator) {
                Some(Some(node)) => {
                    if !self.offset_fetch_in_flight {
                        self.send_offset_fetch(node, initializing, true);
                    }
                }
                // Waiting for the coordinator.
                Some(None) => {}
                None => {
                    let strategy = self.config.auto_offset_reset;
                    for tp in &initializing {
                        self.subscriptions.request_reset(tp, strategy);
                    }
                }
            }
        }
        let mut by_node: BTreeMap<i32, Vec<(TopicPartition, AutoOffsetReset)>> = BTreeMap::new();
        for (tp, strategy) in self.subscriptions.awaiting_reset() {
            if strategy == AutoOffsetReset::None || self.resets_in_flight.contains(&tp) {
                continue;
            }
            let Some(node) = metadata
                .partition_replicas(&tp.topic)
                .and_then(|r| leader_for(r, tp.partition))
            else {
                continue;
            };
            by_node.entry(node).or_default().push((tp, strategy));
        }
        for (node, partitions) in by_node {
            let request = ListOffsetsRequest {
                isolation_level: self.config.isolation_level,
                partitions: partitions
                    .iter()
                    .map(|(tp, s)| {
                        let ts = if *s == AutoOffsetReset::Earliest {
                            EARLIEST_TIMESTAMP
                        } else {
                            LATEST_TIMESTAMP
                        };
                        (tp.clone(), ts)
                    })
                    .collect(),
            };
            for (tp, _) in &partitions {
                self.resets_in_flight.insert(tp.clone());
            }
            let timeout = self.config.request_timeout_ms;
            self.send(
                node,
                Request::ListOffsets(request),
                InFlightKind::ListOffsets { partitions },
                timeout,
            );
        }
    }

    pub(crate) fn handle_offset_fetch(
        &mut self,
        partitions: &[TopicPartition],
        for_positions: bool,
        r: OffsetFetchResponse,
    ) {
        let backoff_until = self.now_ms + self.config.retry_backoff_ms;
        if for_positions {
            self.offset_fetch_in_flight = false;
        }
        match r.error {
            ErrorCode::None => {}
            ErrorCode::CoordinatorNotAvailable | ErrorCode::NotCoordinator => {
                self.mark_coordinator_unknown(r.error.name());
                self.positions_not_before_ms = backoff_until;
                if !for_positions {
                    self.committed_requests.push_back(partitions.to_vec());
                }
                return;
            }
            _ => {
                self.positions_not_before_ms = backoff_until;
                if !for_positions {
                    self.committed_requests.push_back(partitions.to_vec());
                }
                return;
            }
        }
        let mut fetched = Vec::new();
        for p in r.partitions {
            if p.error != ErrorCode::None {
                // `UNSTABLE_OFFSET_COMMIT` and the like: look again after the backoff.
                self.positions_not_before_ms = backoff_until;
                continue;
            }
            let tp = p.topic_partition;
            if p.committed_offset >= 0 {
                self.committed.insert(tp.clone(), p.committed_offset);
                fetched.push((tp.clone(), p.committed_offset));
            }
            if !for_positions {
                continue;
            }
            let initializing = self
                .subscriptions
                .state(&tp)
                .is_some_and(|s| s.state == FetchState::Initializing);
            if !initializing {
                continue;
            }
            if p.committed_offset >= 0 {
                self.subscriptions.seek(&tp, p.committed_offset);
                self.emit(ConsumerEvent::PositionSet {
                    partition: tp,
                    offset: p.committed_offset,
                    source: PositionSource::Committed,
                });
            } else {
                let strategy = self.config.auto_offset_reset;
                self.subscriptions.request_reset(&tp, strategy);
            }
        }
        if !for_positions {
            self.emit(ConsumerEvent::CommittedFetched { offsets: fetched });
        }
    }

    pub(crate) fn handle_list_offsets(
        &mut self,
        partitions: &[(TopicPartition, AutoOffsetReset)],
        r: ListOffsetsResponse,
    ) {
        for (tp, _) in partitions {
            self.resets_in_flight.remove(tp);
        }
        for (tp, p) in r.partitions {
            let Some(&(_, strategy)) = partitions.iter().find(|(t, _)| *t == tp) else {
                continue;
            };
            let still_waiting = self
                .subscriptions
                .state(&tp)
                .is_some_and(|s| s.state == FetchState::AwaitReset(strategy));
            if !still_waiting {
                continue;
            }
            if p.error != ErrorCode::None || p.offset < 0 {
                self.positions_not_before_ms = self.now_ms + self.config.retry_backoff_ms;
                continue;
            }
            self.subscriptions.seek(&tp, p.offset);
            self.emit(ConsumerEvent::PositionSet {
                partition: tp,
                offset: p.offset,
                source: if strategy == AutoOffsetReset::Earliest {
                    PositionSource::Earliest
                } else {
                    PositionSource::Latest
                },
            });
        }
    }
}
