//! The requests and responses that cross kplay's simulated network, one Kafka API per file.
//!
//! Field names and meanings follow Kafka's message schemas
//! (`clients/src/main/resources/common/message/*Request.json`), minus what only matters on a
//! wire (versions, tagged fields, throttle times). Clients (`engine::producer`, `engine::consumer`)
//! build requests; brokers (`engine::cluster`) answer them; `engine::net` carries them, late or
//! not at all when the learner injects a fault.

pub mod add_offsets_to_txn;
pub mod add_partitions_to_txn;
pub mod end_txn;
pub mod fetch;
pub mod find_coordinator;
pub mod heartbeat;
pub mod init_producer_id;
pub mod join_group;
pub mod leave_group;
pub mod list_offsets;
pub mod offset_commit;
pub mod offset_fetch;
pub mod produce;
pub mod sync_group;
pub mod txn_offset_commit;

pub use add_offsets_to_txn::{AddOffsetsToTxnRequest, AddOffsetsToTxnResponse};
pub use add_partitions_to_txn::{AddPartitionsToTxnRequest, AddPartitionsToTxnResponse};
pub use end_txn::{EndTxnRequest, EndTxnResponse};
pub use fetch::{
    AbortedTransaction, FetchPartition, FetchPartitionResponse, FetchRequest, FetchResponse,
    IsolationLevel,
};
pub use find_coordinator::{CoordinatorType, FindCoordinatorRequest, FindCoordinatorResponse};
pub use heartbeat::{HeartbeatRequest, HeartbeatResponse};
pub use init_producer_id::{InitProducerIdRequest, InitProducerIdResponse};
pub use join_group::{
    JoinGroupRequest, JoinGroupRequestProtocol, JoinGroupResponse, JoinGroupResponseMember,
};
pub use leave_group::{
    LeaveGroupMemberResponse, LeaveGroupRequest, LeaveGroupResponse, MemberIdentity,
};
pub use list_offsets::{ListOffsetsPartitionResponse, ListOffsetsRequest, ListOffsetsResponse};
pub use offset_commit::{OffsetCommitRequest, OffsetCommitRequestPartition, OffsetCommitResponse};
pub use offset_fetch::{OffsetFetchRequest, OffsetFetchResponse, OffsetFetchResponsePartition};
pub use produce::{PartitionProduceResponse, ProduceRequest, ProduceResponse};
pub use sync_group::{SyncGroupRequest, SyncGroupRequestAssignment, SyncGroupResponse};
pub use txn_offset_commit::{TxnOffsetCommitRequest, TxnOffsetCommitResponse};

/// `RecordBatch.NO_PRODUCER_ID`: a producer without idempotence sends -1.
pub const NO_PRODUCER_ID: i64 = -1;
/// `RecordBatch.NO_PRODUCER_EPOCH`.
pub const NO_PRODUCER_EPOCH: i16 = -1;

/// A request a client sends to a broker.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Produce(ProduceRequest),
    InitProducerId(InitProducerIdRequest),
    FindCoordinator(FindCoordinatorRequest),
    AddPartitionsToTxn(AddPartitionsToTxnRequest),
    AddOffsetsToTxn(AddOffsetsToTxnRequest),
    EndTxn(EndTxnRequest),
    JoinGroup(JoinGroupRequest),
    SyncGroup(SyncGroupRequest),
    Heartbeat(HeartbeatRequest),
    LeaveGroup(LeaveGroupRequest),
    OffsetCommit(OffsetCommitRequest),
    OffsetFetch(OffsetFetchRequest),
    TxnOffsetCommit(TxnOffsetCommitRequest),
    Fetch(FetchRequest),
    ListOffsets(ListOffsetsRequest),
}

/// A broker's answer to a [`Request`] of the same kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    Produce(ProduceResponse),
    InitProducerId(InitProducerIdResponse),
    FindCoordinator(FindCoordinatorResponse),
    AddPartitionsToTxn(AddPartitionsToTxnResponse),
    AddOffsetsToTxn(AddOffsetsToTxnResponse),
    EndTxn(EndTxnResponse),
    JoinGroup(JoinGroupResponse),
    SyncGroup(SyncGroupResponse),
    Heartbeat(HeartbeatResponse),
    LeaveGroup(LeaveGroupResponse),
    OffsetCommit(OffsetCommitResponse),
    OffsetFetch(OffsetFetchResponse),
    TxnOffsetCommit(TxnOffsetCommitResponse),
    Fetch(FetchResponse),
    ListOffsets(ListOffsetsResponse),
}

impl Request {
    /// Kafka's name of the API (`ApiKeys.name`), as events and the UI show it.
    pub fn api_name(&self) -> &'static str {
        match self {
            Request::Produce(_) => "Produce",
            Request::InitProducerId(_) => "InitProducerId",
            Request::FindCoordinator(_) => "FindCoordinator",
            Request::AddPartitionsToTxn(_) => "AddPartitionsToTxn",
            Request::AddOffsetsToTxn(_) => "AddOffsetsToTxn",
            Request::EndTxn(_) => "EndTxn",
            Request::JoinGroup(_) => "JoinGroup",
            Request::SyncGroup(_) => "SyncGroup",
            Request::Heartbeat(_) => "Heartbeat",
            Request::LeaveGroup(_) => "LeaveGroup",
            Request::OffsetCommit(_) => "OffsetCommit",
            Request::OffsetFetch(_) => "OffsetFetch",
            Request::TxnOffsetCommit(_) => "TxnOffsetCommit",
            Request::Fetch(_) => "Fetch",
            Request::ListOffsets(_) => "ListOffsets",
        }
    }
}
