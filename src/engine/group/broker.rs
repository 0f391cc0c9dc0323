//! The classic group coordinator as a broker hosts it, as methods of [`Cluster`] (Kafka's
//! `KafkaApis.handleJoinGroupRequest` & co., `GroupCoordinator.validateGroupStatus`,
//! `GroupMetadataManager.storeGroup`/`storeOffsets`, and the admin side of
//! `kafka-consumer-groups.sh`, `ConsumerGroupCommand`).
//!
//! - `__consumer_offsets` is created on the first FindCoordinator for a group, as
//!   `KafkaApis.getCoordinator` does; that answer is `COORDINATOR_NOT_AVAILABLE` and the
//!   client retries. Its configs are `GroupCoordinator.groupMetadataTopicConfigs`:
//!   `cleanup.policy=compact`, `compression.type=producer`,
//!   `segment.bytes=offsets.topic.segment.bytes`; the batches the coordinator writes are
//!   compressed with `offsets.topic.compression.codec` (`OffsetConfig.offsetsTopicCompressionType`).
//!   kplay deviation, as for `__transaction_state`: `offsets.topic.replication.factor` is
//!   capped by the number of brokers instead of refusing to create the topic.
//! - A group lives on the leader of its partition (`group_partition_for`); a group request to
//!   another broker, or before the topic exists, is answered `NOT_COORDINATOR`. Empty group
//!   ids are `INVALID_GROUP_ID` except for OffsetCommit and OffsetFetch
//!   (`GroupCoordinator.isValidGroupId`).
//! - JoinGroup and SyncGroup may be parked: [`Cluster::handle_request_keyed`] answers
//!   [`Reply::Later`] and the answer comes out of [`Cluster::poll_delayed_response`] under the
//!   caller's [`RequestKey`].
//! - Every record the coordinator emits is appended to the group's partition with `acks=-1`,
//!   one batch per partition per call, as `CoordinatorRuntime` writes an operation's records.
//!   kplay deviation: a failed append (a storage fault) is reported as
//!   `GroupEvent::RecordsWriteFailed` but does not undo the coordinator's in-memory change
//!   (Kafka answers the request with the write's error and reverts), and groups are not
//!   reloaded from the log.
//! - The coordinator's events join the cluster's log as [`Event::Group`], in order.

use std::collections::VecDeque;

use crate::engine::api_error::ApiError;
use crate::engine::cluster::Cluster;
use crate::engine::error_code::ErrorCode;
use crate::engine::event::Event;
use crate::engine::group::coordinator::log_schema;
use crate::engine::group::coordinator::offsets::CoordinatorRecord;
use crate::engine::group::coordinator::{
    ClassicGroupState, GroupCoordinator, GroupCoordinatorConfig, GroupEvent, GroupListing,
    GroupResponse, GroupView, MemberView, RequestKey,
};
use crate::engine::group::group_config::GroupConfigs;
use crate::engine::java_hash::coordinator_partition;
use crate::engine::kafka_apis::Reply;
use crate::engine::log::partition_log::FetchUpperBound;
use crate::engine::log::OffsetSpec;
use crate::engine::producer_state::append_info::ValidationOrigin;
use crate::engine::protocol::{
    FindCoordinatorResponse, HeartbeatResponse, JoinGroupResponse, LeaveGroupResponse,
    OffsetCommitRequest, OffsetCommitRequestPartition, OffsetCommitResponse, OffsetFetchResponse,
    Request, Response, SyncGroupResponse, TxnOffsetCommitRequest, TxnOffsetCommitResponse,
};
use crate::engine::record::{BatchBuilder, Compression, TimestampType};
use crate::engine::topic::name::GROUP_METADATA_TOPIC_NAME;
use crate::engine::topic::registry::CreateTopicRequest;
use crate::engine::topic::BrokerConfig;
use crate::engine::topic_partition::TopicPartition;
use crate::storage::SegmentStorage;

/// How many parked answers wait for the host to take them; beyond this the oldest are
/// dropped (their clients time out and retry, as after a lost response).
pub const DELAYED_RESPONSES_MAX: usize = 10_000;
/// Keys [`Cluster::handle_request`] makes up for its callers, above any key a playground
/// builds from a client index and a correlation id.
pub const INTERNAL_KEY_BASE: RequestKey = 1 << 63;
/// Seeds the coordinator's member-id UUIDs apart from the cluster's other randomness.
const GROUP_SEED_SALT: u64 = 0x6772_6f75_705f_6964;

/// The broker's group coordinator and what it has not handed out yet.
#[derive(Debug)]
pub struct GroupHost {
    pub(crate) coordinator: GroupCoordinator,
    /// The controller's dynamic group configs (`ConfigResource.Type.GROUP`).
    pub(crate) configs: GroupConfigs,
    delayed: VecDeque<(RequestKey, Response)>,
    delayed_dropped: u64,
    event_seq: u64,
    next_internal_key: RequestKey,
}

impl GroupHost {
    pub(crate) fn new(broker: &BrokerConfig, seed: u64, now_ms: i64) -> Self {
        GroupHost {
            coordinator: GroupCoordinator::new(
                GroupCoordinatorConfig::from_broker(broker),
                seed ^ GROUP_SEED_SALT,
                now_ms,
            ),
            delayed: VecDeque::new(),
            delayed_dropped: 0,
            event_seq: 0,
            configs: GroupConfigs::default(),
            next_internal_key: INTERNAL_KEY_BASE,
        }
    }

    pub(crate) fn poll_timeout(&self) -> Option<i64> {
        self.coordinator.poll_timeout()
    }

    pub(crate) fn internal_key(&mut self) -> RequestKey {
        self.next_internal_key = self.next_internal_key.wrapping_add(1) | INTERNAL_KEY_BASE;
        self.next_internal_key
    }
}

/// One partition of a group as `kafka-consumer-groups.sh --describe` lists it
/// (`ConsumerGroupCommand.collectGroupOffsets`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PartitionLag {
    pub topic_partition: TopicPartition,
    /// `None` when the group has no committed offset for it (`-`).
    pub committed_offset: Option<i64>,
    /// The high watermark (`OffsetSpec.latest()` of a `read_uncommitted` admin); `None` when
    /// the partition does not exist.
    pub log_end_offset: Option<i64>,
    /// `log_end_offset - committed_offset`, when both are known.
    pub lag: Option<i64>,
    /// The member the partition is assigned to, if any.
    pub member_id: Option<String>,
    pub client_id: Option<String>,
    pub host: Option<String>,
}

/// A group as `kafka-consumer-groups.sh --describe` reads it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GroupDescription {
    pub group: GroupView,
    /// Assigned partitions first by member, then committed partitions nobody is assigned,
    /// each sorted by topic and partition.
    pub partitions: Vec<PartitionLag>,
}

/// Why `--reset-offsets` was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResetOffsetsError {
    /// `ConsumerGroupCommand.resetOffsets` resets only a group without members.
    #[error("Assignments can only be reset if the group '{group_id}' is inactive, but the current state is {state}.")]
    GroupActive { group_id: String, state: String },
    #[error("{0}")]
    Api(#[from] ApiError),
}

/// The group id a group request names.
fn group_id_of(request: &Request) -> Option<&str> {
    match request {
        Request::JoinGroup(r) => Some(&r.group_id),
        Request::SyncGroup(r) => Some(&r.group_id),
        Request::Heartbeat(r) => Some(&r.group_id),
        Request::LeaveGroup(r) => Some(&r.group_id),
        Request::OffsetCommit(r) => Some(&r.group_id),
        Request::OffsetFetch(r) => Some(&r.group_id),
        Request::TxnOffsetCommit(r) => Some(&r.group_id),
        _ => None,
    }
}

/// The answer of a group request refused as a whole with `error`.
pub(crate) fn group_error_response(request: Request, error: ErrorCode) -> Response {
    match request {
        Request::JoinGroup(r) => Response::JoinGroup(JoinGroupResponse::error(&r.member_id, error)),
        Request::SyncGroup(_) => Response::SyncGroup(SyncGroupResponse::error(error)),
        Request::Heartbeat(_) => Response::Heartbeat(HeartbeatResponse { error }),
        Request::LeaveGroup(_) => Response::LeaveGroup(LeaveGroupResponse {
            error,
            members: Vec::new(),
        }),
        Request::OffsetCommit(r) => Response::OffsetCommit(OffsetCommitResponse {
            partitions: r
                .partitions
                .into_iter()
                .map(|p| (p.topic_partition, error))
                .collect(),
        }),
        Request::OffsetFetch(_) => Response::OffsetFetch(OffsetFetchResponse {
            error,
            partitions: Vec::new(),
        }),
        Request::TxnOffsetCommit(r) => Response::TxnOffsetCommit(TxnOffsetCommitResponse {
            partitions: r
                .partitions
                .into_iter()
                .map(|p| (p.topic_partition, error))
                .collect(),
        }),
        other => panic!(
            "{} is not a group request: handle_group_request is called for group APIs only",
            other.api_name()
        ),
    }
}

impl<S: SegmentStorage> Cluster<S> {
    /// The group coordinator this cluster hosts, for readers (the UI's group view).
    pub fn group_coordinator(&self) -> &GroupCoordinator {
        &self.groups.coordinator
    }

    /// The next answer to a parked request, with the key it was sent under.
    pub fn poll_delayed_response(&mut self) -> Option<(RequestKey, Response)> {
        self.groups
            .delayed
            .pop_front()
            .or_else(|| self.replication.delayed.pop_released())
    }

    /// Parked answers dropped past [`DELAYED_RESPONSES_MAX`].
    pub fn delayed_responses_dropped(&self) -> u64 {
        self.groups.delayed_dropped
    }

    /// What an admin client's FindCoordinator does before a group call: creates
    /// `__consumer_offsets` if it does not exist yet.
    fn ensure_offsets_topic(&mut self, now_ms: i64) {
        if !self.offsets_topic_exists() {
            self.create_offsets_topic(now_ms);
        }
    }

    fn offsets_topic_exists(&self) -> bool {
        self.registry()
            .describe_topic(GROUP_METADATA_TOPIC_NAME)
            .is_ok()
    }

    /// Creates `__consumer_offsets` (see the module doc for its settings).
    fn create_offsets_topic(&mut self, now_ms: i64) {
        let config = self.broker_config();
        let brokers = self.broker_ids().len() as i32;
        let partitions = config.int("offsets.topic.num.partitions");
        let replication = config.int("offsets.topic.replication.factor").min(brokers);
        let segment_bytes = config.int("offsets.topic.segment.bytes");
        let mut request =
            CreateTopicRequest::new(GROUP_METADATA_TOPIC_NAME, partitions, replication as i16);
        request.configs = [
            ("cleanup.policy", "compact".to_owned()),
            ("compression.type", "producer".to_owned()),
            ("segment.bytes", segment_bytes.to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), Some(v)))
        .collect();
        // A failure (the kplay partition limit) leaves the topic missing: FindCoordinator keeps
        // answering COORDINATOR_NOT_AVAILABLE, as Kafka does while creation fails.
        let _ = self.create_topic(&request, false, now_ms);
    }

    /// FindCoordinator with key type GROUP (`KafkaApis.getCoordinator`).
    pub(crate) fn find_group_coordinator(
        &mut self,
        group_id: &str,
        now_ms: i64,
    ) -> FindCoordinatorResponse {
        let unavailable = FindCoordinatorResponse {
            error: ErrorCode::CoordinatorNotAvailable,
            node_id: -1,
        };
        if !self.offsets_topic_exists() {
            self.create_offsets_topic(now_ms);
            return unavailable;
        }
        let tp = self.group_topic_partition(group_id);
        // The coordinator moves with the leadership of the group's partition.
        match self.partition_leader(&tp) {
            Some(leader) => FindCoordinatorResponse {
                error: ErrorCode::None,
                node_id: leader,
            },
            None => unavailable,
        }
    }

    /// The group's `__consumer_offsets` partition.
    pub fn group_topic_partition(&self, group_id: &str) -> TopicPartition {
        TopicPartition::new(
            GROUP_METADATA_TOPIC_NAME,
            self.group_partition_for(group_id),
        )
    }

    /// `validateGroupStatus`: the group id is valid for the API and `broker` (when known)
    /// leads the group's partition.
    fn check_group_request(
        &self,
        broker: Option<i32>,
        request: &Request,
        group_id: &str,
    ) -> Result<(), ErrorCode> {
        let allows_empty = matches!(request, Request::OffsetCommit(_) | Request::OffsetFetch(_));
        if group_id.is_empty() && !allows_empty {
            return Err(ErrorCode::InvalidGroupId);
        }
        self.check_coordinator_for(broker, group_id)
    }

    fn check_coordinator_for(&self, broker: Option<i32>, group_id: &str) -> Result<(), ErrorCode> {
        let tp = self.group_topic_partition(group_id);
        if self.partition_leader_epoch(&tp).is_none() {
            return Err(ErrorCode::NotCoordinator);
        }
        match broker {
            Some(b) if self.partition_leader(&tp) != Some(b) => Err(ErrorCode::NotCoordinator),
            _ => Ok(()),
        }
    }

    /// JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch on `broker`
    /// (`None`: whichever broker coordinates the group).
    pub(crate) fn handle_group_request(
        &mut self,
        broker: Option<i32>,
        key: RequestKey,
        request: Request,
        now_ms: i64,
    ) -> Reply {
        let group_id = group_id_of(&request)
            .expect("handle_group_request is called for group APIs only")
            .to_owned();
        if let Err(e) = self.check_group_request(broker, &request, &group_id) {
            return Reply::Now(group_error_response(request, e));
        }
        if let Request::TxnOffsetCommit(r) = &request {
            if let Err(e) = self.verify_txn_offset_commit(r) {
                return Reply::Now(group_error_response(request, e));
            }
        }
        self.advance(now_ms);
        let now = self.now_ms();
        let c = &mut self.groups.coordinator;
        let answer = match request {
            Request::JoinGroup(r) => c.handle_join_group(key, r, now).map(Response::JoinGroup),
            Request::SyncGroup(r) => c.handle_sync_group(key, r, now).map(Response::SyncGroup),
            Request::Heartbeat(r) => Some(Response::Heartbeat(c.handle_heartbeat(r, now))),
            Request::LeaveGroup(r) => Some(Response::LeaveGroup(c.handle_leave_group(r, now))),
            Request::OffsetCommit(r) => {
                Some(Response::OffsetCommit(c.handle_offset_commit(r, now)))
            }
            Request::OffsetFetch(r) => Some(Response::OffsetFetch(c.handle_offset_fetch(&r))),
            Request::TxnOffsetCommit(r) => Some(Response::TxnOffsetCommit(
                c.handle_txn_offset_commit(r, now),
            )),
            other => unreachable!("{} has no group id", other.api_name()),
        };
        self.drain_group_coordinator();
        match answer {
            Some(response) => Reply::Now(response),
            None => Reply::Later,
        }
    }

    /// The coordinator's timers due at `now_ms`, then what they produced.
    pub(crate) fn run_group_coordinator(&mut self, now_ms: i64) {
        if self
            .groups
            .coordinator
            .poll_timeout()
            .is_some_and(|t| t <= now_ms)
        {
            self.groups.coordinator.handle_timeout(now_ms);
        }
        self.drain_group_coordinator();
    }

    /// Moves the coordinator's new events into the cluster's log, its parked answers to the
    /// delayed responses, and its records into `__consumer_offsets`.
    fn drain_group_coordinator(&mut self) {
        let c = &self.groups.coordinator;
        let events: Vec<(i64, Event)> = c
            .events_since(self.groups.event_seq)
            .map(|e| (e.time_ms, Event::Group(e.event.clone())))
            .collect();
        self.groups.event_seq = c.events().next_seq();
        for (time_ms, event) in events {
            self.push_event_at(time_ms, event);
        }
        while let Some(out) = self.groups.coordinator.poll_output() {
            let response = match out.response {
                GroupResponse::JoinGroup(r) => Response::JoinGroup(r),
                GroupResponse::SyncGroup(r) => Response::SyncGroup(r),
            };
            if self.groups.delayed.len() == DELAYED_RESPONSES_MAX {
                self.groups.delayed.pop_front();
                self.groups.delayed_dropped += 1;
            }
            self.groups.delayed.push_back((out.key, response));
        }
        let mut by_partition: Vec<(TopicPartition, Vec<CoordinatorRecord>)> = Vec::new();
        while let Some(record) = self.groups.coordinator.poll_record() {
            let group_id = match &record {
                CoordinatorRecord::OffsetCommit { group_id, .. }
                | CoordinatorRecord::OffsetTombstone { group_id, .. }
                | CoordinatorRecord::GroupMetadata { group_id, .. }
                | CoordinatorRecord::GroupTombstone { group_id } => group_id,
            };
            let tp = self.group_topic_partition(group_id);
            match by_partition.iter_mut().find(|(p, _)| *p == tp) {
                Some((_, records)) => records.push(record),
                None => by_partition.push((tp, vec![record])),
            }
        }
        for (tp, records) in by_partition {
            self.write_group_records(&tp, &records, None);
        }
        while let Some(batch) = self.groups.coordinator.poll_txn_records() {
            let Some(CoordinatorRecord::OffsetCommit { group_id, .. }) = batch.records.first()
            else {
                unreachable!("a TxnOffsetCommit writes offset commits only, at least one")
            };
            let tp = self.group_topic_partition(group_id);
            self.write_group_records(
                &tp,
                &batch.records,
                Some((batch.producer_id, batch.producer_epoch)),
            );
        }
    }

    /// The transaction checks of a TxnOffsetCommit before the coordinator sees it (KIP-890's
    /// verification, `GroupCoordinator.handleTxnCommitOffsets` in 3.6+): the group's partition
    /// must be in the producer's transaction (AddOffsetsToTxn) and its id and epoch current.
    /// Errors are those `storeOffsets` answers (`NOT_ENOUGH_REPLICAS` from an unreachable
    /// transaction coordinator becomes `COORDINATOR_NOT_AVAILABLE`).
    fn verify_txn_offset_commit(&mut self, r: &TxnOffsetCommitRequest) -> Result<(), ErrorCode> {
        let tp = self.group_topic_partition(&r.group_id);
        self.verify_transactional_produce(&r.transactional_id, r.producer_id, r.producer_epoch, &tp)
            .map_err(|(code, _)| match code {
                ErrorCode::NotEnoughReplicas => ErrorCode::CoordinatorNotAvailable,
                other => other,
            })
    }

    /// A transaction marker of `producer_id` was written to `__consumer_offsets` partition
    /// `partition`: the coordinator commits or discards that producer's pending offsets of
    /// the groups there (`GroupCoordinator.scheduleHandleTxnCompletion`).
    pub(crate) fn complete_group_txn(
        &mut self,
        partition: i32,
        producer_id: i64,
        committed: bool,
        now_ms: i64,
    ) {
        let partitions = self.broker_config().int("offsets.topic.num.partitions");
        self.groups.coordinator.complete_txn_offsets(
            producer_id,
            committed,
            |group_id| coordinator_partition(group_id, partitions) == partition,
            now_ms,
        );
        self.drain_group_coordinator();
    }

    /// One batch of `records` to `tp`, compressed with `offsets.topic.compression.codec`;
    /// transactional for `producer` (id, epoch), base sequence 0, as `storeOffsets` builds it.
    fn write_group_records(
        &mut self,
        tp: &TopicPartition,
        records: &[CoordinatorRecord],
        producer: Option<(i64, i16)>,
    ) {
        let now = self.now_ms();
        let codec = self.broker_config().int("offsets.topic.compression.codec");
        // `CompressionType.forId`; an unknown id writes uncompressed (Kafka refuses it at
        // start-up).
        let compression = u8::try_from(codec)
            .ok()
            .and_then(Compression::from_id)
            .unwrap_or(Compression::None);
        let mut builder = BatchBuilder::new(compression, TimestampType::CreateTime, 0, now);
        if let Some((producer_id, producer_epoch)) = producer {
            builder = builder.producer(producer_id, producer_epoch, 0, true);
        }
        for record in records {
            let (key, value) = log_schema::to_bytes(record);
            builder.append(now, Some(&key), value.as_deref(), &[]);
        }
        let batch = builder.build();
        if let Err(e) =
            self.append_records_to_leader(tp, &batch, -1, ValidationOrigin::Coordinator, now)
        {
            self.push_event(Event::Group(GroupEvent::RecordsWriteFailed {
                partition: tp.clone(),
                records: records.len(),
                error: e.code,
            }));
        }
    }

    /// The groups' committed offsets of a deleted topic go too (`onPartitionsDeleted`).
    pub(crate) fn on_topic_deleted_for_groups(&mut self, topic: &str) {
        let now = self.now_ms();
        self.groups.coordinator.on_topic_deleted(topic, now);
        self.drain_group_coordinator();
    }

    /// ListGroups across the cluster's coordinator, by group id.
    pub fn list_groups(&self) -> Vec<GroupListing> {
        self.groups.coordinator.list_groups()
    }

    /// DescribeGroups plus the committed offsets, log end offsets and lag
    /// `kafka-consumer-groups.sh --describe` prints; `None` for a group the coordinator does
    /// not have (Kafka describes it as `Dead`: "Consumer group 'g' does not exist.").
    pub fn describe_group(&self, group_id: &str) -> Option<GroupDescription> {
        let group = self.groups.coordinator.describe_group(group_id)?;
        let log_end = |tp: &TopicPartition| {
            self.list_offsets(tp, OffsetSpec::Latest, FetchUpperBound::Hw)
                .ok()
                .flatten()
                .map(|t| t.offset)
        };
        let committed = |tp: &TopicPartition| {
            group
                .offsets
                .iter()
                .find(|o| &o.topic_partition == tp)
                .map(|o| o.committed_offset)
        };
        let row = |tp: &TopicPartition, member: Option<&MemberView>| {
            let committed_offset = committed(tp);
            let log_end_offset = log_end(tp);
            PartitionLag {
                topic_partition: tp.clone(),
                committed_offset,
                log_end_offset,
                lag: committed_offset
                    .filter(|&o| o != -1)
                    .and_then(|o| log_end_offset.map(|e| e - o)),
                member_id: member.map(|m| m.member_id.clone()),
                client_id: member.map(|m| m.client_id.clone()),
                host: member.map(|m| m.client_host.clone()),
            }
        };
        let mut partitions = Vec::new();
        let mut assigned = Vec::new();
        for member in &group.members {
            let mut tps = member.assignment.clone();
            crate::sort::sort(&mut tps);
            for tp in tps {
                partitions.push(row(&tp, Some(member)));
                assigned.push(tp);
            }
        }
        for o in &group.offsets {
            if !assigned.contains(&o.topic_partition) {
                partitions.push(row(&o.topic_partition, None));
            }
        }
        Some(GroupDescription { group, partitions })
    }

    /// `kafka-consumer-groups.sh --reset-offsets --execute`: refused unless the group is
    /// Empty or does not exist (`ConsumerGroupCommand.resetOffsets`), then committed as
    /// `Admin.alterConsumerGroupOffsets` does: an OffsetCommit with generation -1 and no
    /// member (creating `__consumer_offsets` first if needed, as the admin client's
    /// FindCoordinator would). Returns each partition's commit result.
    pub fn reset_group_offsets(
        &mut self,
        group_id: &str,
        offsets: &[(TopicPartition, i64)],
        now_ms: i64,
    ) -> Result<Vec<(TopicPartition, ErrorCode)>, ResetOffsetsError> {
        let state = self
            .groups
            .coordinator
            .group_state(group_id)
            .unwrap_or(ClassicGroupState::Dead);
        if !matches!(state, ClassicGroupState::Empty | ClassicGroupState::Dead) {
            return Err(ResetOffsetsError::GroupActive {
                group_id: group_id.to_owned(),
                state: state.name().to_owned(),
            });
        }
        self.ensure_offsets_topic(now_ms);
        let request = Request::OffsetCommit(OffsetCommitRequest {
            group_id: group_id.to_owned(),
            generation_id_or_member_epoch: -1,
            member_id: String::new(),
            group_instance_id: None,
            partitions: offsets
                .iter()
                .map(|(tp, offset)| OffsetCommitRequestPartition {
                    topic_partition: tp.clone(),
                    committed_offset: *offset,
                    committed_leader_epoch: -1,
                    committed_metadata: None,
                })
                .collect(),
        });
        let key = self.groups.internal_key();
        match self.handle_group_request(None, key, request, now_ms) {
            Reply::Now(Response::OffsetCommit(r)) => Ok(r.partitions),
            other => unreachable!(
                "OffsetCommit is answered at once with its own response, not {other:?}"
            ),
        }
    }

    /// DeleteGroups for one group (`GroupCoordinator.handleDeleteGroups`): refused with
    /// `GROUP_ID_NOT_FOUND` for an unknown group and `NON_EMPTY_GROUP` while it has members;
    /// otherwise its offsets and metadata are tombstoned in `__consumer_offsets`.
    pub fn delete_group(&mut self, group_id: &str, now_ms: i64) -> Result<(), ApiError> {
        self.advance(now_ms);
        self.ensure_offsets_topic(now_ms);
        if let Err(code) = self.check_coordinator_for(None, group_id) {
            return Err(ApiError::new(code, code.doc()));
        }
        let now = self.now_ms();
        let result = self.groups.coordinator.delete_group(group_id, now);
        self.drain_group_coordinator();
        result.map_err(|code| ApiError::new(code, code.doc()))
    }

    /// OffsetDelete (KIP-496), as `Admin.deleteConsumerGroupOffsets` sends it for
    /// `kafka-consumer-groups.sh --delete-offsets`: each partition's error (`NONE`, or
    /// `GROUP_SUBSCRIBED_TO_TOPIC` while the group consumes its topic), or the group's error
    /// (`INVALID_GROUP_ID` for an empty id, `GROUP_ID_NOT_FOUND`, `NON_EMPTY_GROUP` for an
    /// active group of another protocol type). The deleted offsets are tombstoned in
    /// `__consumer_offsets` (see `coordinator::offset_delete`).
    pub fn delete_group_offsets(
        &mut self,
        group_id: &str,
        partitions: &[TopicPartition],
        now_ms: i64,
    ) -> Result<Vec<(TopicPartition, ErrorCode)>, ApiError> {
        self.advance(now_ms);
        self.ensure_offsets_topic(now_ms);
        if group_id.is_empty() {
            let code = ErrorCode::InvalidGroupId;
            return Err(ApiError::new(code, code.doc()));
        }
        if let Err(code) = self.check_coordinator_for(None, group_id) {
            return Err(ApiError::new(code, code.doc()));
        }
        let now = self.now_ms();
        let result = self
            .groups
            .coordinator
            .delete_offsets(group_id, partitions, now);
        self.drain_group_coordinator();
        result.map_err(|code| ApiError::new(code, code.doc()))
    }
}
