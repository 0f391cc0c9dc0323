//! [`Cluster::handle_request`]: the broker's request dispatcher (Kafka's `KafkaApis.handle`).
//!
//! Clients reach brokers only through [`Request`]s carried by the simulated network; this is
//! where each API is answered, with Kafka's per-partition error codes instead of a failed call.

use crate::engine::cluster::Cluster;
use crate::engine::error_code::ErrorCode;
use crate::engine::protocol::{
    PartitionProduceResponse, ProduceRequest, ProduceResponse, Request, Response,
};
use crate::storage::SegmentStorage;

impl<S: SegmentStorage> Cluster<S> {
    /// Answers one request at `now_ms`. `None` means Kafka sends no response: a produce
    /// request with `acks=0` (`KafkaApis.handleProduceRequest` closes the exchange silently).
    pub fn handle_request(&mut self, request: Request, now_ms: i64) -> Option<Response> {
        match request {
            Request::Produce(produce) => {
                self.handle_produce(produce, now_ms).map(Response::Produce)
            }
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
        // `ReplicaManager.isValidRequiredAcks`: only -1, 0 and 1 are acks.
        let acks_valid = matches!(request.acks, -1..=1);
        let partitions = request
            .partitions
            .into_iter()
            .map(|(tp, batch)| {
                let response = if !acks_valid {
                    error_response(ErrorCode::InvalidRequiredAcks, None)
                } else {
                    match self.produce(&tp, &batch, now_ms) {
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
