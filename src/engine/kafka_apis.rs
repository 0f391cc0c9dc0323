//! [`Cluster::handle_request`]: the broker's request dispatcher (Kafka's `KafkaApis.handle`).
//!
//! Clients reach brokers only through [`Request`]s carried by the simulated network; this is
//! where each API is answered, with Kafka's per-partition error codes instead of a failed call.

use crate::engine::acks;
use crate::engine::cluster::Cluster;
use crate::engine::error_code::ErrorCode;
use crate::engine::event::Event;
use crate::engine::group::coordinator::RequestKey;
use crate::engine::log::file_batches::file_batches;
use crate::engine::log::list_offsets::{OffsetSpec, TimestampAndOffset};
use crate::engine::log::partition_log::FetchUpperBound;
use crate::engine::producer_state::append_info::ValidationOrigin;
use crate::engine::protocol::{
    AbortedTransaction, FetchPartitionResponse, FetchRequest, FetchResponse, InitProducerIdRequest,
    InitProducerIdResponse, IsolationLevel, ListOffsetsPartitionResponse, ListOffsetsRequest,
    ListOffsetsResponse, PartitionProduceResponse, ProduceRequest, ProduceResponse, Request,
    Response, NO_PRODUCER_EPOCH, NO_PRODUCER_ID,
};
use crate::engine::record::batch_header::RECORD_BATCH_OVERHEAD;
use crate::engine::record::BatchHeader;
use crate::engine::replication::delayed_produce::{DelayedPartition, DelayedProduce};
use crate::engine::txn::TxnEvent;
use crate::storage::SegmentStorage;

/// What a broker does with a request.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// Answered at once.
    Now(Response),
    /// Parked (JoinGroup, SyncGroup): the answer comes from
    /// [`Cluster::poll_delayed_response`] under the request's key.
    Later,
    /// Kafka sends nothing back (produce with `acks=0`).
    NoResponse,
}

impl<S: SegmentStorage> Cluster<S> {
    /// Answers one request at `now_ms`, as if sent to whichever broker leads what it needs.
    /// `None` means no answer now: a produce request with `acks=0`
    /// (`KafkaApis.handleProduceRequest` closes the exchange silently), an `acks=all` produce
    /// parked until the ISR has its batches (`replication::delayed_produce`), or a JoinGroup or
    /// SyncGroup the coordinator parked, whose answer comes from
    /// [`Cluster::poll_delayed_response`] under a key of its own (at or above
    /// [`INTERNAL_KEY_BASE`](crate::engine::group::broker::INTERNAL_KEY_BASE)). Hosts that
    /// route parked answers back use [`Cluster::handle_request_keyed`].
    pub fn handle_request(&mut self, request: Request, now_ms: i64) -> Option<Response> {
        let key = self.groups.internal_key();
        match self.dispatch(None, key, request, now_ms) {
            Reply::Now(response) => Some(response),
            Reply::Later | Reply::NoResponse => None,
        }
    }

    /// Answers one request that reached broker `broker` (`KafkaApis.handle`). A group request
    /// for a group another broker coordinates is answered `NOT_COORDINATOR`. A parked
    /// JoinGroup or SyncGroup answers [`Reply::Later`]; its response comes from
    /// [`Cluster::poll_delayed_response`] under `key`, which the caller chooses (unique
    /// among its requests in flight, below `INTERNAL_KEY_BASE`).
    pub fn handle_request_keyed(
        &mut self,
        broker: i32,
        key: RequestKey,
        request: Request,
        now_ms: i64,
    ) -> Reply {
        self.dispatch(Some(broker), key, request, now_ms)
    }

    fn dispatch(
        &mut self,
        broker: Option<i32>,
        key: RequestKey,
        request: Request,
        now_ms: i64,
    ) -> Reply {
        let now = |response| Reply::Now(response);
        match request {
            Request::Produce(produce) => self.handle_produce(broker, key, produce, now_ms),
            Request::InitProducerId(init) => now(Response::InitProducerId(
                self.handle_init_producer_id(init, now_ms),
            )),
            Request::FindCoordinator(find) => now(Response::FindCoordinator(
                self.handle_find_coordinator(find, now_ms),
            )),
            Request::AddPartitionsToTxn(add) => now(Response::AddPartitionsToTxn(
                self.handle_add_partitions_to_txn(add, now_ms),
            )),
            Request::AddOffsetsToTxn(add) => now(Response::AddOffsetsToTxn(
                self.handle_add_offsets_to_txn(add, now_ms),
            )),
            Request::EndTxn(end) => now(Response::EndTxn(self.handle_end_txn(end, now_ms))),
            Request::Fetch(fetch) => now(Response::Fetch(self.handle_fetch(broker, fetch))),
            Request::ListOffsets(list) => now(Response::ListOffsets(
                self.handle_list_offsets(broker, list),
            )),
            group_request @ (Request::JoinGroup(_)
            | Request::SyncGroup(_)
            | Request::Heartbeat(_)
            | Request::LeaveGroup(_)
            | Request::OffsetCommit(_)
            | Request::OffsetFetch(_)
            | Request::TxnOffsetCommit(_)) => {
                self.handle_group_request(broker, key, group_request, now_ms)
            }
        }
    }

    /// `KafkaApis.handleProduceRequest` then `ReplicaManager.appendRecords`: each partition's
    /// batch is appended on its own, and one partition's error does not stop the others. A
    /// broker that does not lead a partition answers it `NOT_LEADER_OR_FOLLOWER`. With
    /// `acks=-1` the answer waits in the purgatory until the ISR has every batch
    /// ([`Reply::Later`], see `replication::delayed_produce`).
    fn handle_produce(
        &mut self,
        broker: Option<i32>,
        key: RequestKey,
        request: ProduceRequest,
        now_ms: i64,
    ) -> Reply {
        let acks_valid = acks::is_valid_required_acks(request.acks);
        let mut waits = Vec::new();
        let partitions: Vec<_> = request
            .partitions
            .into_iter()
            .map(|(tp, batch)| {
                let verified = match &request.transactional_id {
                    Some(id) if acks_valid => self.verify_if_txn_starts(id, &tp, &batch),
                    _ => Ok(()),
                };
                let leader = self.partition_leader(&tp);
                let response = if !acks_valid {
                    error_response(ErrorCode::InvalidRequiredAcks, None)
                } else if broker.is_some() && self.partition_exists(&tp) && leader != broker {
                    error_response(ErrorCode::NotLeaderOrFollower, None)
                } else if let Err((code, message)) = verified {
                    error_response(code, message)
                } else {
                    match self.append_records_to_leader(
                        &tp,
                        &batch,
                        request.acks,
                        ValidationOrigin::Client,
                        now_ms,
                    ) {
                        Ok(info) => {
                            // A duplicate waits too: `appendRecords` puts it in the
                            // purgatory with its original last offset, so a retried batch is
                            // acknowledged only once the ISR has it.
                            if request.acks == -1 {
                                waits.push((tp.clone(), info.last_offset + 1));
                            }
                            PartitionProduceResponse {
                                error: ErrorCode::None,
                                error_message: None,
                                base_offset: info.first_offset,
                                log_append_time_ms: info.log_append_time_ms,
                                log_start_offset: info.log_start_offset,
                            }
                        }
                        Err(e) => error_response(e.code, Some(e.message)),
                    }
                };
                (tp, response)
            })
            .collect();
        if request.acks == 0 {
            return Reply::NoResponse;
        }
        let leader = broker.or_else(|| waits.first().and_then(|(tp, _)| self.partition_leader(tp)));
        let mut delayed = DelayedProduce {
            key,
            leader: leader.unwrap_or(-1),
            deadline_ms: self.now_ms() + i64::from(request.timeout_ms.max(0)),
            partitions: partitions
                .into_iter()
                .map(|(tp, response)| {
                    let required_offset = waits
                        .iter()
                        .find(|(t, _)| *t == tp)
                        .map(|(_, offset)| *offset);
                    DelayedPartition {
                        tp,
                        response,
                        required_offset,
                    }
                })
                .collect(),
        };
        // `DelayedProduce.tryComplete` runs once before the request is parked.
        for p in &mut delayed.partitions {
            if let Some(required) = p.required_offset {
                if let Some(error) = self.check_enough_replicas(&p.tp, delayed.leader, required) {
                    p.required_offset = None;
                    if error != ErrorCode::None {
                        p.response.error = error;
                        p.response.error_message = None;
                    }
                }
            }
        }
        if delayed
            .partitions
            .iter()
            .all(|p| p.required_offset.is_none())
        {
            return Reply::Now(Response::Produce(ProduceResponse {
                partitions: delayed
                    .partitions
                    .into_iter()
                    .map(|p| (p.tp, p.response))
                    .collect(),
            }));
        }
        self.replication.delayed.park(delayed);
        Reply::Later
    }

    /// Whether the partition exists (a produce to an unknown one is answered by the log path
    /// with `UNKNOWN_TOPIC_OR_PARTITION`).
    fn partition_exists(&self, tp: &crate::engine::topic_partition::TopicPartition) -> bool {
        self.partition_leader_epoch(tp).is_some()
    }

    /// `NOT_LEADER_OR_FOLLOWER` for a request that reached a broker not leading `tp`.
    fn not_leader_here(
        &self,
        broker: Option<i32>,
        tp: &crate::engine::topic_partition::TopicPartition,
    ) -> bool {
        broker.is_some() && self.partition_exists(tp) && self.partition_leader(tp) != broker
    }

    /// Transaction verification before a transactional batch opens a transaction in a
    /// partition (`ReplicaManager.appendRecords` with `transaction.partition.verification.enable`,
    /// the default since Kafka 3.6); later batches of the same transaction need none.
    fn verify_if_txn_starts(
        &mut self,
        transactional_id: &str,
        tp: &crate::engine::topic_partition::TopicPartition,
        batch: &[u8],
    ) -> Result<(), (ErrorCode, Option<String>)> {
        if batch.len() < RECORD_BATCH_OVERHEAD {
            return Ok(());
        }
        let Ok(header) = BatchHeader::parse(batch) else {
            return Ok(());
        };
        if !header.attributes.is_transactional
            || !header.has_producer_id()
            || self.partition_leader_epoch(tp).is_none()
            || self.has_ongoing_txn(tp, header.producer_id)
        {
            return Ok(());
        }
        self.verify_transactional_produce(
            transactional_id,
            header.producer_id,
            header.producer_epoch,
            tp,
        )
    }

    /// `KafkaApis.handleFetchRequest` for a consumer: each partition read up to the HW
    /// (`read_uncommitted`) or the LSO (`read_committed`), within `partition_max_bytes` and
    /// what remains of `max_bytes`; the first partition with data may exceed them by one batch
    /// (`minOneMessage`). `read_committed` partitions carry the aborted transactions
    /// overlapping the returned batches (`LocalLog.addAbortedTransactions`).
    fn handle_fetch(&mut self, broker: Option<i32>, request: FetchRequest) -> FetchResponse {
        let bound = match request.isolation_level {
            IsolationLevel::ReadUncommitted => FetchUpperBound::Hw,
            IsolationLevel::ReadCommitted => FetchUpperBound::Lso,
        };
        let mut remaining = request.max_bytes.max(0) as usize;
        let mut min_one_message = true;
        let partitions = request
            .partitions
            .into_iter()
            .map(|p| {
                let limit = (p.partition_max_bytes.max(0) as usize).min(remaining);
                let read = if self.not_leader_here(broker, &p.tp) {
                    Err(crate::engine::api_error::ApiError::new(
                        ErrorCode::NotLeaderOrFollower,
                        "This server is not the leader for that topic-partition.",
                    ))
                } else {
                    self.read_for_fetch(&p.tp, p.fetch_offset, limit, bound, min_one_message)
                };
                let response = match read {
                    Ok(data) => {
                        if !data.records.is_empty() {
                            min_one_message = false;
                            remaining = remaining.saturating_sub(data.records.len());
                        }
                        let aborted_transactions =
                            (request.isolation_level == IsolationLevel::ReadCommitted).then(|| {
                                let upper = file_batches(&data.records, 0)
                                    .last()
                                    .map_or(p.fetch_offset, |b| b.next_offset());
                                if data.records.is_empty() {
                                    return Vec::new();
                                }
                                self.aborted_transactions(&p.tp, p.fetch_offset, upper)
                                    .into_iter()
                                    .map(|t| AbortedTransaction {
                                        producer_id: t.producer_id,
                                        first_offset: t.first_offset,
                                    })
                                    .collect()
                            });
                        FetchPartitionResponse {
                            error: ErrorCode::None,
                            high_watermark: data.offsets.hw(),
                            last_stable_offset: data.offsets.lso(),
                            log_start_offset: data.offsets.log_start_offset(),
                            aborted_transactions,
                            records: data.records,
                        }
                    }
                    Err(e) => FetchPartitionResponse {
                        error: e.code,
                        high_watermark: -1,
                        last_stable_offset: -1,
                        log_start_offset: -1,
                        aborted_transactions: None,
                        records: Vec::new(),
                    },
                };
                (p.tp, response)
            })
            .collect::<Vec<_>>();
        if let Some(leader) = broker {
            let bytes = partitions.iter().map(|(_, r)| r.records.len()).sum();
            self.replication.add_bytes_out(leader, bytes);
        }
        FetchResponse { partitions }
    }

    /// `KafkaApis.handleListOffsetRequest` for a consumer (replica id -1): each partition's
    /// offset for its timestamp or sentinel, the latest offset bounded by the isolation level
    /// (high watermark or last stable offset, `Partition.fetchOffsetForTimestamp`). A
    /// timestamp no record reaches answers offset -1 and timestamp -1.
    fn handle_list_offsets(
        &self,
        broker: Option<i32>,
        request: ListOffsetsRequest,
    ) -> ListOffsetsResponse {
        let bound = match request.isolation_level {
            IsolationLevel::ReadUncommitted => FetchUpperBound::Hw,
            IsolationLevel::ReadCommitted => FetchUpperBound::Lso,
        };
        let partitions = request
            .partitions
            .into_iter()
            .map(|(tp, timestamp)| {
                let listed = if self.not_leader_here(broker, &tp) {
                    Err(crate::engine::api_error::ApiError::new(
                        ErrorCode::NotLeaderOrFollower,
                        "This server is not the leader for that topic-partition.",
                    ))
                } else {
                    self.list_offsets(&tp, OffsetSpec::from_wire(timestamp), bound)
                };
                let response = match listed {
                    Ok(found) => {
                        let found = found.unwrap_or(TimestampAndOffset {
                            timestamp: -1,
                            offset: -1,
                            leader_epoch: None,
                        });
                        ListOffsetsPartitionResponse {
                            error: ErrorCode::None,
                            timestamp: found.timestamp,
                            offset: found.offset,
                            leader_epoch: found.leader_epoch.unwrap_or(-1),
                        }
                    }
                    Err(e) => ListOffsetsPartitionResponse {
                        error: e.code,
                        timestamp: -1,
                        offset: -1,
                        leader_epoch: -1,
                    },
                };
                (tp, response)
            })
            .collect();
        ListOffsetsResponse { partitions }
    }

    /// `KafkaApis.handleInitProducerIdRequest` → `TransactionCoordinator.handleInitProducerId`.
    /// Without a transactional id the request is "always blindly accepted": a new producer id
    /// with epoch 0 (any id/epoch the client sends is ignored).
    fn handle_init_producer_id(
        &mut self,
        request: InitProducerIdRequest,
        now_ms: i64,
    ) -> InitProducerIdResponse {
        match request.transactional_id {
            None => {
                let producer_id = self.generate_producer_id(now_ms);
                self.push_event(Event::Txn(TxnEvent::ProducerIdAllocated {
                    transactional_id: None,
                    producer_id,
                    producer_epoch: 0,
                }));
                InitProducerIdResponse {
                    error: ErrorCode::None,
                    producer_id,
                    producer_epoch: 0,
                }
            }
            Some(id) => {
                // KIP-360: a producer re-initialising sends its current id and epoch.
                let expected = (request.producer_id != NO_PRODUCER_ID
                    || request.producer_epoch != NO_PRODUCER_EPOCH)
                    .then_some((request.producer_id, request.producer_epoch));
                self.init_transactional_producer_id(
                    &id,
                    request.transaction_timeout_ms,
                    expected,
                    now_ms,
                )
            }
        }
    }
}

fn error_response(error: ErrorCode, message: Option<String>) -> PartitionProduceResponse {
    PartitionProduceResponse {
        error,
        error_message: message,
        base_offset: -1,
        log_append_time_ms: -1,
        log_start_offset: -1,
    }
}
