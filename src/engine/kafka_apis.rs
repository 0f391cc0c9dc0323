//! [`Cluster::handle_request`]: the broker's request dispatcher (Kafka's `KafkaApis.handle`).
//!
//! Clients reach brokers only through [`Request`]s carried by the simulated network; this is
//! where each API is answered, with Kafka's per-partition error codes instead of a failed call.

use crate::engine::acks;
use crate::engine::cluster::Cluster;
use crate::engine::error_code::ErrorCode;
use crate::engine::event::Event;
use crate::engine::producer_state::append_info::ValidationOrigin;
use crate::engine::protocol::{
    InitProducerIdRequest, InitProducerIdResponse, PartitionProduceResponse, ProduceRequest,
    ProduceResponse, Request, Response, NO_PRODUCER_EPOCH, NO_PRODUCER_ID,
};
use crate::engine::txn::TxnEvent;
use crate::storage::SegmentStorage;

impl<S: SegmentStorage> Cluster<S> {
    /// Answers one request at `now_ms`. `None` means Kafka sends no response: a produce
    /// request with `acks=0` (`KafkaApis.handleProduceRequest` closes the exchange silently).
    pub fn handle_request(&mut self, request: Request, now_ms: i64) -> Option<Response> {
        match request {
            Request::Produce(produce) => {
                self.handle_produce(produce, now_ms).map(Response::Produce)
            }
            Request::InitProducerId(init) => Some(Response::InitProducerId(
                self.handle_init_producer_id(init, now_ms),
            )),
            other => panic!(
                "{} reached the broker before its handler exists; clients must not send it yet",
                other.api_name()
            ),
        }
    }

    /// `KafkaApis.handleProduceRequest` then `ReplicaManager.appendRecords` for a single
    /// replica: each partition's batch is appended on its own, and one partition's error does
    /// not stop the others.
    fn handle_produce(&mut self, request: ProduceRequest, now_ms: i64) -> Option<ProduceResponse> {
        let acks_valid = acks::is_valid_required_acks(request.acks);
        let partitions = request
            .partitions
            .into_iter()
            .map(|(tp, batch)| {
                let response = if !acks_valid {
                    error_response(ErrorCode::InvalidRequiredAcks, None)
                } else {
                    match self.append_records_to_leader(
                        &tp,
                        &batch,
                        request.acks,
                        ValidationOrigin::Client,
                        now_ms,
                    ) {
                        Ok(info) => PartitionProduceResponse {
                            error: ErrorCode::None,
                            error_message: None,
                            base_offset: info.first_offset,
                            log_append_time_ms: info.log_append_time_ms,
                            log_start_offset: info.log_start_offset,
                        },
                        Err(e) => error_response(e.code, Some(e.message)),
                    }
                };
                (tp, response)
            })
            .collect();
        (request.acks != 0).then_some(ProduceResponse { partitions })
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
            Some(_) => InitProducerIdResponse {
                error: ErrorCode::CoordinatorNotAvailable,
                producer_id: NO_PRODUCER_ID,
                producer_epoch: NO_PRODUCER_EPOCH,
            },
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
