//! One sentence per engine event, in Korean and English, for the event log.

use crate::engine::consumer::event::{ConsumerEvent, PositionSource};
use crate::engine::event::Event;
use crate::engine::group::coordinator::{GroupEvent, RemovalReason};
use crate::engine::log::{DeletionReason, LogEvent, LogStartOffsetReason, RollReason};
use crate::engine::net::event::DropReason;
use crate::engine::net::{Endpoint, Fault, NetEvent};
use crate::engine::producer::event::{BlockedOn, ProducerEvent};
use crate::engine::producer_state::ProducerStateEvent;
use crate::engine::record::Compression;
use crate::engine::topic::registry::TopicEvent;
use crate::engine::topic_partition::TopicPartition;
use crate::engine::txn::TxnEvent;
use crate::i18n::Lang;

fn roll_reason(reason: RollReason, lang: Lang) -> &'static str {
    match (reason, lang) {
        (RollReason::SegmentBytes, Lang::Ko) => "segment.bytes 초과",
        (RollReason::SegmentBytes, Lang::En) => "segment.bytes reached",
        (RollReason::SegmentMs, Lang::Ko) => "segment.ms 경과",
        (RollReason::SegmentMs, Lang::En) => "segment.ms elapsed",
        (RollReason::OffsetIndexFull, Lang::Ko) => "offset index가 가득 참",
        (RollReason::OffsetIndexFull, Lang::En) => "offset index full",
        (RollReason::TimeIndexFull, Lang::Ko) => "time index가 가득 참",
        (RollReason::TimeIndexFull, Lang::En) => "time index full",
        (RollReason::RelativeOffsetOverflow, Lang::Ko) => "상대 offset 범위 초과",
        (RollReason::RelativeOffsetOverflow, Lang::En) => "relative offset overflow",
        (RollReason::Retention, Lang::Ko) => "retention이 모든 segment를 지우기 전",
        (RollReason::Retention, Lang::En) => "retention deletes every segment",
    }
}

fn deletion_reason(reason: DeletionReason, lang: Lang) -> &'static str {
    match (reason, lang) {
        (DeletionReason::RetentionMs, Lang::Ko) => "retention.ms 초과",
        (DeletionReason::RetentionMs, Lang::En) => "retention.ms breached",
        (DeletionReason::RetentionBytes, Lang::Ko) => "retention.bytes 초과",
        (DeletionReason::RetentionBytes, Lang::En) => "retention.bytes breached",
        (DeletionReason::LogStartOffset, Lang::Ko) => "log start offset 아래",
        (DeletionReason::LogStartOffset, Lang::En) => "below the log start offset",
        (DeletionReason::Truncation, Lang::Ko) => "truncation",
        (DeletionReason::Truncation, Lang::En) => "truncation",
        (DeletionReason::Recovery, Lang::Ko) => "복구 중 손상 발견",
        (DeletionReason::Recovery, Lang::En) => "damage found by recovery",
    }
}

fn topic_event(e: &TopicEvent, lang: Lang) -> String {
    match (e, lang) {
        (
            TopicEvent::Created {
                name, partitions, ..
            },
            Lang::Ko,
        ) => {
            format!("topic {name} 생성: partition {}개", partitions.len())
        }
        (
            TopicEvent::Created {
                name, partitions, ..
            },
            Lang::En,
        ) => {
            format!(
                "topic {name} created with {} partition(s)",
                partitions.len()
            )
        }
        (TopicEvent::Deleted { name, .. }, Lang::Ko) => format!("topic {name} 삭제"),
        (TopicEvent::Deleted { name, .. }, Lang::En) => format!("topic {name} deleted"),
        (
            TopicEvent::PartitionsAdded {
                name, partitions, ..
            },
            Lang::Ko,
        ) => {
            format!("topic {name}에 partition {}개 추가", partitions.len())
        }
        (
            TopicEvent::PartitionsAdded {
                name, partitions, ..
            },
            Lang::En,
        ) => {
            format!("{} partition(s) added to topic {name}", partitions.len())
        }
        (TopicEvent::ConfigChanged { name, changes, .. }, _) => {
            let list = changes
                .iter()
                .map(|c| match &c.new {
                    Some(v) => format!("{}={v}", c.name),
                    None => format!("-{}", c.name),
                })
                .collect::<Vec<_>>()
                .join(", ");
            match lang {
                Lang::Ko => format!("topic {name} 설정 변경: {list}"),
                Lang::En => format!("topic {name} configs changed: {list}"),
            }
        }
    }
}

fn log_event(topic: &str, partition: i32, e: &LogEvent, lang: Lang) -> String {
    let tp = format!("{topic}-{partition}");
    match (e, lang) {
        (
            LogEvent::Appended {
                base_offset,
                last_offset,
                records_count,
                bytes,
                ..
            },
            Lang::Ko,
        ) => {
            format!("{tp}: record {records_count}개 추가 (offset {base_offset}..={last_offset}, {bytes} B)")
        }
        (
            LogEvent::Appended {
                base_offset,
                last_offset,
                records_count,
                bytes,
                ..
            },
            Lang::En,
        ) => {
            format!("{tp}: appended {records_count} record(s) at offsets {base_offset}..={last_offset} ({bytes} B)")
        }
        (
            LogEvent::SegmentRolled {
                new_base_offset,
                reason,
                ..
            },
            Lang::Ko,
        ) => {
            format!(
                "{tp}: 새 segment {new_base_offset} 시작 ({})",
                roll_reason(*reason, lang)
            )
        }
        (
            LogEvent::SegmentRolled {
                new_base_offset,
                reason,
                ..
            },
            Lang::En,
        ) => {
            format!(
                "{tp}: rolled new segment {new_base_offset} ({})",
                roll_reason(*reason, lang)
            )
        }
        (
            LogEvent::SegmentDeleted {
                base_offset,
                size_bytes,
                reason,
            },
            Lang::Ko,
        ) => {
            format!(
                "{tp}: segment {base_offset} 삭제, {size_bytes} B ({})",
                deletion_reason(*reason, lang)
            )
        }
        (
            LogEvent::SegmentDeleted {
                base_offset,
                size_bytes,
                reason,
            },
            Lang::En,
        ) => {
            format!(
                "{tp}: deleted segment {base_offset}, {size_bytes} B ({})",
                deletion_reason(*reason, lang)
            )
        }
        (LogEvent::LogStartOffsetAdvanced { from, to, reason }, _) => {
            let why = match (reason, lang) {
                (LogStartOffsetReason::ClientRecordDeletion, Lang::Ko) => "DeleteRecords 요청",
                (LogStartOffsetReason::ClientRecordDeletion, Lang::En) => "DeleteRecords request",
                (LogStartOffsetReason::SegmentDeletion, Lang::Ko) => "segment 삭제",
                (LogStartOffsetReason::SegmentDeletion, Lang::En) => "segment deletion",
            };
            match lang {
                Lang::Ko => format!("{tp}: log start offset {from} → {to} ({why})"),
                Lang::En => format!("{tp}: log start offset {from} → {to} ({why})"),
            }
        }
        (LogEvent::HighWatermarkUpdated { from, to }, _) => {
            format!("{tp}: high watermark {from} → {to}")
        }
        (LogEvent::Cleaned(stats), Lang::Ko) => format!(
            "{tp}: compaction — record {} → {}개, {} B → {} B",
            stats.messages_read, stats.messages_written, stats.bytes_read, stats.bytes_written
        ),
        (LogEvent::Cleaned(stats), Lang::En) => format!(
            "{tp}: compacted {} → {} record(s), {} B → {} B",
            stats.messages_read, stats.messages_written, stats.bytes_read, stats.bytes_written
        ),
        (
            LogEvent::Truncated {
                from_log_end_offset,
                to_offset,
                ..
            },
            Lang::Ko,
        ) => {
            format!("{tp}: log를 {from_log_end_offset}에서 {to_offset}까지 잘라냄")
        }
        (
            LogEvent::Truncated {
                from_log_end_offset,
                to_offset,
                ..
            },
            Lang::En,
        ) => {
            format!("{tp}: truncated from {from_log_end_offset} to {to_offset}")
        }
        (
            LogEvent::Recovered {
                segment_base_offset,
                dropped_bytes,
                ..
            },
            Lang::Ko,
        ) => {
            format!("{tp}: segment {segment_base_offset} 복구, 손상된 {dropped_bytes} B 버림")
        }
        (
            LogEvent::Recovered {
                segment_base_offset,
                dropped_bytes,
                ..
            },
            Lang::En,
        ) => {
            format!(
                "{tp}: recovered segment {segment_base_offset}, dropped {dropped_bytes} damaged B"
            )
        }
        (
            LogEvent::SegmentSplit {
                base_offset,
                new_base_offsets,
            },
            Lang::Ko,
        ) => {
            format!(
                "{tp}: segment {base_offset}를 {}개로 분할",
                new_base_offsets.len()
            )
        }
        (
            LogEvent::SegmentSplit {
                base_offset,
                new_base_offsets,
            },
            Lang::En,
        ) => {
            format!(
                "{tp}: split segment {base_offset} into {}",
                new_base_offsets.len()
            )
        }
    }
}

fn producer_event(topic: &str, partition: i32, e: &ProducerStateEvent, lang: Lang) -> String {
    let tp = format!("{topic}-{partition}");
    match (e, lang) {
        (
            ProducerStateEvent::DuplicateBatch {
                producer_id,
                first_seq,
                last_seq,
                first_offset,
                ..
            },
            Lang::Ko,
        ) => format!(
            "{tp}: producer {producer_id}의 중복 batch (sequence {first_seq}..{last_seq}) - 다시 쓰지 않고 원래 offset {first_offset}으로 응답"
        ),
        (
            ProducerStateEvent::DuplicateBatch {
                producer_id,
                first_seq,
                last_seq,
                first_offset,
                ..
            },
            Lang::En,
        ) => format!(
            "{tp}: duplicate batch of producer {producer_id} (sequence {first_seq}..{last_seq}) acknowledged with its original offset {first_offset}, not written again"
        ),
        (
            ProducerStateEvent::BatchRefused {
                producer_id, error, ..
            },
            Lang::Ko,
        ) => format!("{tp}: producer {producer_id}의 batch 거부 ({error})"),
        (
            ProducerStateEvent::BatchRefused {
                producer_id, error, ..
            },
            Lang::En,
        ) => format!("{tp}: batch of producer {producer_id} refused ({error})"),
        (ProducerStateEvent::EpochBumped { producer_id, from, to }, Lang::Ko) => {
            format!("{tp}: producer {producer_id}의 epoch {from} → {to}")
        }
        (ProducerStateEvent::EpochBumped { producer_id, from, to }, Lang::En) => {
            format!("{tp}: producer {producer_id} epoch {from} → {to}")
        }
        (
            ProducerStateEvent::TxnStarted {
                producer_id,
                first_offset,
            },
            Lang::Ko,
        ) => format!("{tp}: producer {producer_id}의 transaction 시작 (offset {first_offset})"),
        (
            ProducerStateEvent::TxnStarted {
                producer_id,
                first_offset,
            },
            Lang::En,
        ) => format!("{tp}: producer {producer_id} opened a transaction at offset {first_offset}"),
        (ProducerStateEvent::TxnCompleted(done), Lang::Ko) => format!(
            "{tp}: producer {}의 transaction {} (offset {}..{})",
            done.producer_id,
            if done.is_aborted { "abort" } else { "commit" },
            done.first_offset,
            done.last_offset
        ),
        (ProducerStateEvent::TxnCompleted(done), Lang::En) => format!(
            "{tp}: transaction of producer {} {} (offsets {}..{})",
            done.producer_id,
            if done.is_aborted { "aborted" } else { "committed" },
            done.first_offset,
            done.last_offset
        ),
        (ProducerStateEvent::LastStableOffsetMoved { from, to }, _) => {
            format!("{tp}: LSO {from} → {to}")
        }
        (ProducerStateEvent::ProducerExpired { producer_id }, Lang::Ko) => {
            format!("{tp}: producer {producer_id} 상태 만료")
        }
        (ProducerStateEvent::ProducerExpired { producer_id }, Lang::En) => {
            format!("{tp}: state of producer {producer_id} expired")
        }
    }
}

fn txn_event(e: &TxnEvent, lang: Lang) -> String {
    match (e, lang) {
        (TxnEvent::ProducerIdBlockAllocated { first, last }, Lang::Ko) => {
            format!("producer id 블록 {first}..{last} 할당")
        }
        (TxnEvent::ProducerIdBlockAllocated { first, last }, Lang::En) => {
            format!("producer id block {first}..{last} allocated")
        }
        (
            TxnEvent::ProducerIdAllocated {
                transactional_id,
                producer_id,
                producer_epoch,
            },
            Lang::Ko,
        ) => match transactional_id {
            Some(id) => {
                format!("transactional.id {id}: producer id {producer_id}, epoch {producer_epoch}")
            }
            None => {
                format!("멱등 producer에 producer id {producer_id} 발급 (epoch {producer_epoch})")
            }
        },
        (
            TxnEvent::ProducerIdAllocated {
                transactional_id,
                producer_id,
                producer_epoch,
            },
            Lang::En,
        ) => match transactional_id {
            Some(id) => {
                format!("transactional.id {id}: producer id {producer_id}, epoch {producer_epoch}")
            }
            None => format!(
                "idempotent producer given producer id {producer_id} (epoch {producer_epoch})"
            ),
        },
        (
            TxnEvent::EpochBumped {
                transactional_id,
                from,
                to,
                ..
            },
            Lang::Ko,
        ) => format!("transactional.id {transactional_id}: epoch {from} → {to} (이전 producer fencing)"),
        (
            TxnEvent::EpochBumped {
                transactional_id,
                from,
                to,
                ..
            },
            Lang::En,
        ) => format!("transactional.id {transactional_id}: epoch {from} → {to}, older producers fenced"),
        (
            TxnEvent::RequestFenced {
                transactional_id,
                api,
                producer_epoch,
                current_epoch,
            },
            Lang::Ko,
        ) => format!(
            "transactional.id {transactional_id}: epoch {producer_epoch}의 {api} 거부 (현재 epoch {current_epoch}, PRODUCER_FENCED)"
        ),
        (
            TxnEvent::RequestFenced {
                transactional_id,
                api,
                producer_epoch,
                current_epoch,
            },
            Lang::En,
        ) => format!(
            "transactional.id {transactional_id}: {api} with epoch {producer_epoch} refused (current epoch {current_epoch}, PRODUCER_FENCED)"
        ),
        (
            TxnEvent::StateChanged {
                transactional_id,
                from,
                to,
                txn_log_partition,
                txn_log_offset,
                ..
            },
            Lang::Ko,
        ) => format!(
            "transactional.id {transactional_id}: {} → {} (__transaction_state-{txn_log_partition} offset {txn_log_offset}에 기록)",
            from.name(),
            to.name()
        ),
        (
            TxnEvent::StateChanged {
                transactional_id,
                from,
                to,
                txn_log_partition,
                txn_log_offset,
                ..
            },
            Lang::En,
        ) => format!(
            "transactional.id {transactional_id}: {} → {} (written to __transaction_state-{txn_log_partition} at offset {txn_log_offset})",
            from.name(),
            to.name()
        ),
        (
            TxnEvent::PartitionsAdded {
                transactional_id,
                partitions,
            },
            lang,
        ) => {
            let list = partitions
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            match lang {
                Lang::Ko => format!("transactional.id {transactional_id}: transaction에 {list} 추가"),
                Lang::En => format!("transactional.id {transactional_id}: {list} added to the transaction"),
            }
        }
        (
            TxnEvent::MarkerWritten {
                committed,
                partition,
                offset,
                ..
            },
            Lang::Ko,
        ) => format!(
            "{partition}: {} marker 기록 (offset {offset})",
            if *committed { "COMMIT" } else { "ABORT" }
        ),
        (
            TxnEvent::MarkerWritten {
                committed,
                partition,
                offset,
                ..
            },
            Lang::En,
        ) => format!(
            "{partition}: {} marker written at offset {offset}",
            if *committed { "COMMIT" } else { "ABORT" }
        ),
        (TxnEvent::MarkerSkipped { partition, .. }, Lang::Ko) => {
            format!("{partition}: partition이 없어 marker 생략")
        }
        (TxnEvent::MarkerSkipped { partition, .. }, Lang::En) => {
            format!("{partition}: no such partition, marker skipped")
        }
        (
            TxnEvent::TimedOut {
                transactional_id,
                txn_timeout_ms,
                ..
            },
            Lang::Ko,
        ) => format!(
            "transactional.id {transactional_id}: transaction.timeout.ms ({txn_timeout_ms} ms) 초과로 abort"
        ),
        (
            TxnEvent::TimedOut {
                transactional_id,
                txn_timeout_ms,
                ..
            },
            Lang::En,
        ) => format!(
            "transactional.id {transactional_id}: aborted after transaction.timeout.ms ({txn_timeout_ms} ms)"
        ),
        (TxnEvent::TransactionalIdExpired { transactional_id }, Lang::Ko) => {
            format!("transactional.id {transactional_id} 만료")
        }
        (TxnEvent::TransactionalIdExpired { transactional_id }, Lang::En) => {
            format!("transactional.id {transactional_id} expired")
        }
    }
}

fn removal_reason(reason: RemovalReason, lang: Lang) -> &'static str {
    match (reason, lang) {
        (RemovalReason::SessionTimeout, Lang::Ko) => "session.timeout.ms 동안 heartbeat 없음",
        (RemovalReason::SessionTimeout, Lang::En) => "no heartbeat within session.timeout.ms",
        (RemovalReason::RebalanceTimeout, Lang::Ko) => "rebalance timeout 안에 다시 join하지 않음",
        (RemovalReason::RebalanceTimeout, Lang::En) => {
            "did not rejoin within the rebalance timeout"
        }
        (RemovalReason::SyncTimeout, Lang::Ko) => "rebalance timeout 안에 SyncGroup을 보내지 않음",
        (RemovalReason::SyncTimeout, Lang::En) => "sent no SyncGroup within the rebalance timeout",
        (RemovalReason::NewMemberJoinTimeout, Lang::Ko) => "새 member의 JoinGroup 대기 시간 초과",
        (RemovalReason::NewMemberJoinTimeout, Lang::En) => "new member's join timed out",
        (RemovalReason::PendingMemberExpired, Lang::Ko) => "받은 member id로 join하지 않음",
        (RemovalReason::PendingMemberExpired, Lang::En) => "never joined with its member id",
        (RemovalReason::LeaveGroup, Lang::Ko) => "LeaveGroup",
        (RemovalReason::LeaveGroup, Lang::En) => "LeaveGroup",
    }
}

fn partition_list(partitions: &[crate::engine::topic_partition::TopicPartition]) -> String {
    partitions
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn group_event(e: &GroupEvent, lang: Lang) -> String {
    match (e, lang) {
        (GroupEvent::Created { group_id }, Lang::Ko) => format!("group {group_id} 생성"),
        (GroupEvent::Created { group_id }, Lang::En) => format!("group {group_id} created"),
        (
            GroupEvent::StateChanged {
                group_id,
                from,
                to,
                generation_id,
            },
            Lang::Ko,
        ) => format!(
            "group {group_id}: {} → {} (generation {generation_id})",
            from.name(),
            to.name()
        ),
        (
            GroupEvent::StateChanged {
                group_id,
                from,
                to,
                generation_id,
            },
            Lang::En,
        ) => format!(
            "group {group_id}: {} → {} (generation {generation_id})",
            from.name(),
            to.name()
        ),
        (GroupEvent::RebalancePrepared { group_id, reason }, Lang::Ko) => {
            format!("group {group_id}: rebalance 시작 ({reason})")
        }
        (GroupEvent::RebalancePrepared { group_id, reason }, Lang::En) => {
            format!("group {group_id}: rebalance started ({reason})")
        }
        (
            GroupEvent::InitialDelayExtended {
                group_id, delay_ms, ..
            },
            Lang::Ko,
        ) => format!(
            "group {group_id}: member가 계속 들어와 첫 rebalance를 {delay_ms} ms 더 기다림"
        ),
        (
            GroupEvent::InitialDelayExtended {
                group_id, delay_ms, ..
            },
            Lang::En,
        ) => format!(
            "group {group_id}: members keep joining, first rebalance waits {delay_ms} ms more"
        ),
        (GroupEvent::MemberIdRequired { group_id, member_id }, Lang::Ko) => format!(
            "group {group_id}: 첫 JoinGroup에 MEMBER_ID_REQUIRED, member id {member_id} 발급"
        ),
        (GroupEvent::MemberIdRequired { group_id, member_id }, Lang::En) => format!(
            "group {group_id}: first JoinGroup answered MEMBER_ID_REQUIRED with member id {member_id}"
        ),
        (
            GroupEvent::MemberJoined {
                group_id,
                member_id,
                group_instance_id,
                ..
            },
            Lang::Ko,
        ) => match group_instance_id {
            Some(i) => format!("group {group_id}: member {member_id} join (group.instance.id {i})"),
            None => format!("group {group_id}: member {member_id} join"),
        },
        (
            GroupEvent::MemberJoined {
                group_id,
                member_id,
                group_instance_id,
                ..
            },
            Lang::En,
        ) => match group_instance_id {
            Some(i) => {
                format!("group {group_id}: member {member_id} joined (group.instance.id {i})")
            }
            None => format!("group {group_id}: member {member_id} joined"),
        },
        (
            GroupEvent::StaticMemberReplaced {
                group_id,
                group_instance_id,
                old_member_id,
                new_member_id,
            },
            Lang::Ko,
        ) => format!(
            "group {group_id}: static member {group_instance_id}가 재시작해 {old_member_id} 자리를 {new_member_id}가 이어받음"
        ),
        (
            GroupEvent::StaticMemberReplaced {
                group_id,
                group_instance_id,
                old_member_id,
                new_member_id,
            },
            Lang::En,
        ) => format!(
            "group {group_id}: static member {group_instance_id} restarted, {new_member_id} takes the place of {old_member_id}"
        ),
        (
            GroupEvent::GenerationStarted {
                group_id,
                generation_id,
                protocol_name,
                leader,
                members,
            },
            lang,
        ) => {
            let protocol = protocol_name.as_deref().unwrap_or("-");
            let leader = leader.as_deref().unwrap_or("-");
            match lang {
                Lang::Ko => format!(
                    "group {group_id}: generation {generation_id} 시작 (assignor {protocol}, leader {leader}, member {}명)",
                    members.len()
                ),
                Lang::En => format!(
                    "group {group_id}: generation {generation_id} started (assignor {protocol}, leader {leader}, {} member(s))",
                    members.len()
                ),
            }
        }
        (
            GroupEvent::AssignmentReceived {
                group_id,
                generation_id,
                leader,
            },
            Lang::Ko,
        ) => format!(
            "group {group_id}: leader {leader}의 SyncGroup으로 generation {generation_id} 할당 도착"
        ),
        (
            GroupEvent::AssignmentReceived {
                group_id,
                generation_id,
                leader,
            },
            Lang::En,
        ) => format!(
            "group {group_id}: leader {leader}'s SyncGroup brought the assignment of generation {generation_id}"
        ),
        (
            GroupEvent::MemberRemoved {
                group_id,
                member_id,
                reason,
            },
            lang,
        ) => {
            let why = removal_reason(*reason, lang);
            match lang {
                Lang::Ko => format!("group {group_id}: member {member_id} 제거 ({why})"),
                Lang::En => format!("group {group_id}: member {member_id} removed ({why})"),
            }
        }
        (
            GroupEvent::OffsetCommitted {
                group_id,
                topic_partition,
                offset,
                ..
            },
            Lang::Ko,
        ) => format!("group {group_id}: {topic_partition} offset {offset} commit"),
        (
            GroupEvent::OffsetCommitted {
                group_id,
                topic_partition,
                offset,
                ..
            },
            Lang::En,
        ) => format!("group {group_id}: committed offset {offset} for {topic_partition}"),
        (
            GroupEvent::OffsetCommitRejected {
                group_id,
                member_id,
                error,
            },
            Lang::Ko,
        ) => format!(
            "group {group_id}: member {member_id}의 OffsetCommit 거부 ({})",
            error.name()
        ),
        (
            GroupEvent::OffsetCommitRejected {
                group_id,
                member_id,
                error,
            },
            Lang::En,
        ) => format!(
            "group {group_id}: OffsetCommit of member {member_id} refused ({})",
            error.name()
        ),
        (
            GroupEvent::OffsetsExpired {
                group_id,
                partitions,
            },
            Lang::Ko,
        ) => format!(
            "group {group_id}: offsets.retention.minutes가 지나 {} offset 만료",
            partition_list(partitions)
        ),
        (
            GroupEvent::OffsetsExpired {
                group_id,
                partitions,
            },
            Lang::En,
        ) => format!(
            "group {group_id}: offsets of {} expired after offsets.retention.minutes",
            partition_list(partitions)
        ),
        (GroupEvent::GroupRemoved { group_id }, Lang::Ko) => {
            format!("group {group_id}: member도 offset도 없어 제거")
        }
        (GroupEvent::GroupRemoved { group_id }, Lang::En) => {
            format!("group {group_id} removed: no members and no offsets left")
        }
        (
            GroupEvent::TopicOffsetsDeleted {
                group_id,
                partitions,
            },
            Lang::Ko,
        ) => format!(
            "group {group_id}: topic 삭제로 {} offset 삭제",
            partition_list(partitions)
        ),
        (
            GroupEvent::TopicOffsetsDeleted {
                group_id,
                partitions,
            },
            Lang::En,
        ) => format!(
            "group {group_id}: offsets of {} deleted with their topic",
            partition_list(partitions)
        ),
        (
            GroupEvent::RecordsWriteFailed {
                partition,
                records,
                error,
            },
            Lang::Ko,
        ) => format!(
            "{partition}: group coordinator의 record {records}개 기록 실패 ({})",
            error.name()
        ),
        (
            GroupEvent::RecordsWriteFailed {
                partition,
                records,
                error,
            },
            Lang::En,
        ) => format!(
            "{partition}: writing {records} group coordinator record(s) failed ({})",
            error.name()
        ),
        (
            GroupEvent::TxnOffsetsPending {
                group_id,
                producer_id,
                offsets,
            },
            lang,
        ) => {
            let list = offsets
                .iter()
                .map(|(tp, o)| format!("{tp}={o}"))
                .collect::<Vec<_>>()
                .join(", ");
            match lang {
                Lang::Ko => format!(
                    "group {group_id}: producer id {producer_id}의 transaction 안에서 offset {list} 기록, COMMIT marker를 기다림"
                ),
                Lang::En => format!(
                    "group {group_id}: offsets {list} written in producer id {producer_id}'s transaction, pending its COMMIT marker"
                ),
            }
        }
        (
            GroupEvent::TxnOffsetsCompleted {
                group_id,
                producer_id,
                committed,
                partitions,
            },
            lang,
        ) => {
            let list = partition_list(partitions);
            match (committed, lang) {
                (true, Lang::Ko) => format!(
                    "group {group_id}: producer id {producer_id}의 COMMIT marker로 {list} offset 확정"
                ),
                (true, Lang::En) => format!(
                    "group {group_id}: producer id {producer_id}'s COMMIT marker committed the offsets of {list}"
                ),
                (false, Lang::Ko) => format!(
                    "group {group_id}: producer id {producer_id}의 ABORT marker로 {list} offset 폐기"
                ),
                (false, Lang::En) => format!(
                    "group {group_id}: producer id {producer_id}'s ABORT marker discarded the offsets of {list}"
                ),
            }
        }
        (
            GroupEvent::OffsetsDeleted {
                group_id,
                partitions,
            },
            Lang::Ko,
        ) => format!(
            "group {group_id}: 관리자가 {} offset 삭제",
            partition_list(partitions)
        ),
        (
            GroupEvent::OffsetsDeleted {
                group_id,
                partitions,
            },
            Lang::En,
        ) => format!(
            "group {group_id}: an administrator deleted the offsets of {}",
            partition_list(partitions)
        ),
        (
            GroupEvent::GroupDeleted {
                group_id,
                offsets_deleted,
            },
            Lang::Ko,
        ) => format!("group {group_id} 삭제 (commit된 offset {offsets_deleted}개 함께 삭제)"),
        (
            GroupEvent::GroupDeleted {
                group_id,
                offsets_deleted,
            },
            Lang::En,
        ) => format!("group {group_id} deleted with its {offsets_deleted} committed offset(s)"),
        (
            GroupEvent::ConfigsAltered {
                group_id,
                set,
                deleted,
            },
            Lang::Ko,
        ) => format!(
            "group {group_id}의 동적 config 변경{}",
            group_config_changes(set, deleted, "설정", "삭제")
        ),
        (
            GroupEvent::ConfigsAltered {
                group_id,
                set,
                deleted,
            },
            Lang::En,
        ) => format!(
            "group {group_id}'s dynamic configs altered{}",
            group_config_changes(set, deleted, "set", "deleted")
        ),
    }
}

/// `: set a=1, b=2; deleted c` (only the parts that are there).
fn group_config_changes(
    set: &[(String, String)],
    deleted: &[String],
    set_word: &str,
    deleted_word: &str,
) -> String {
    let mut parts = Vec::new();
    if !set.is_empty() {
        let pairs: Vec<String> = set.iter().map(|(k, v)| format!("{k}={v}")).collect();
        parts.push(format!("{set_word} {}", pairs.join(", ")));
    }
    if !deleted.is_empty() {
        parts.push(format!("{deleted_word} {}", deleted.join(", ")));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(": {}", parts.join("; "))
    }
}

/// The event as one sentence in `lang`.
pub fn describe(event: &Event, lang: Lang) -> String {
    match event {
        Event::Topic(e) => topic_event(e, lang),
        Event::Log {
            topic,
            partition,
            event,
        } => log_event(topic, *partition, event, lang),
        Event::BrokerConfigChanged { broker, changes } => {
            let list = changes
                .iter()
                .map(|c| match &c.new {
                    Some(v) => format!("{}={v}", c.name),
                    None => format!("-{}", c.name),
                })
                .collect::<Vec<_>>()
                .join(", ");
            match (broker, lang) {
                (Some(id), Lang::Ko) => format!("broker {id} 동적 설정 변경: {list}"),
                (Some(id), Lang::En) => format!("broker {id} dynamic configs changed: {list}"),
                (None, Lang::Ko) => format!("cluster 기본 broker 동적 설정 변경: {list}"),
                (None, Lang::En) => format!("cluster-wide default broker configs changed: {list}"),
            }
        }
        Event::Producer {
            topic,
            partition,
            event,
        } => producer_event(topic, *partition, event, lang),
        Event::Txn(e) => txn_event(e, lang),
        Event::Group(e) => group_event(e, lang),
        Event::ProducerClient { producer, event } => producer_client_event(*producer, event, lang),
        Event::ConsumerClient { consumer, event } => consumer_client_event(*consumer, event, lang),
        Event::Net(e) => net_event(e, lang),
        Event::Replication(e) => crate::i18n::replication_text::replication_event(e, lang),
    }
}

/// `[t-0, t-1]`, as Java prints a collection of partitions.
fn bracketed_partitions(partitions: &[TopicPartition]) -> String {
    format!("[{}]", partition_list(partitions))
}

fn consumer_client_event(consumer: u32, e: &ConsumerEvent, lang: Lang) -> String {
    let who = format!("consumer-{}", consumer + 1);
    let ko = lang == Lang::Ko;
    let text = match e {
        ConsumerEvent::Subscribed {
            pattern: Some(p), ..
        } => {
            if ko {
                format!("pattern {p} 구독")
            } else {
                format!("subscribed to pattern {p}")
            }
        }
        ConsumerEvent::Subscribed {
            topics,
            pattern: None,
        } => {
            let list = topics.join(", ");
            if ko {
                format!("topic [{list}] 구독")
            } else {
                format!("subscribed to topics [{list}]")
            }
        }
        ConsumerEvent::Assigned { partitions } => {
            let list = bracketed_partitions(partitions);
            if ko {
                format!("partition {list} 직접 할당 (group 관리 없음)")
            } else {
                format!("assigned partitions {list} manually (no group management)")
            }
        }
        ConsumerEvent::Unsubscribed => {
            if ko {
                "구독 해제".to_owned()
            } else {
                "unsubscribed".to_owned()
            }
        }
        ConsumerEvent::Frozen => {
            if ko {
                "프로세스 정지 (GC pause 같은): poll도 heartbeat도 보내지 않음".to_owned()
            } else {
                "process frozen (like a GC pause): no polls, no heartbeats".to_owned()
            }
        }
        ConsumerEvent::Thawed { held_responses } => {
            if ko {
                format!("프로세스 재개: 멈춘 동안 도착한 응답 {held_responses}개를 이제 읽음")
            } else {
                format!("process resumed: reads the {held_responses} response(s) that arrived meanwhile")
            }
        }
        ConsumerEvent::RequestSent {
            correlation_id,
            node,
            api,
        } => {
            if ko {
                format!("{api} 요청 #{correlation_id} → broker {node}")
            } else {
                format!("{api} request #{correlation_id} sent to broker {node}")
            }
        }
        ConsumerEvent::ResponseReceived {
            correlation_id,
            node,
            api,
        } => {
            if ko {
                format!("broker {node}의 {api} 응답 #{correlation_id} 수신")
            } else {
                format!("{api} response #{correlation_id} received from broker {node}")
            }
        }
        ConsumerEvent::RequestTimedOut {
            correlation_id,
            node,
            api,
        } => {
            if ko {
                format!("broker {node}에 보낸 {api} 요청 #{correlation_id} 시간 초과 (request.timeout.ms)")
            } else {
                format!("{api} request #{correlation_id} to broker {node} timed out (request.timeout.ms)")
            }
        }
        ConsumerEvent::CoordinatorDiscovered { node } => {
            if ko {
                format!("group coordinator는 broker {node}")
            } else {
                format!("found the group coordinator: broker {node}")
            }
        }
        ConsumerEvent::CoordinatorUnknown { reason } => {
            if ko {
                format!("coordinator를 다시 찾아야 함 ({reason})")
            } else {
                format!("coordinator marked unknown ({reason})")
            }
        }
        ConsumerEvent::RejoinRequested { reason } => {
            if ko {
                format!("다음 poll()에서 group에 다시 참여 ({reason})")
            } else {
                format!("will rejoin the group at the next poll() ({reason})")
            }
        }
        ConsumerEvent::RebalanceStarted { reason } => {
            if ko {
                format!("rebalance 시작, JoinGroup 준비 ({reason})")
            } else {
                format!("rebalance started, preparing JoinGroup ({reason})")
            }
        }
        ConsumerEvent::MemberIdAssigned { member_id } => {
            if ko {
                format!("coordinator가 member id {member_id} 부여 (MEMBER_ID_REQUIRED), JoinGroup 재전송")
            } else {
                format!("coordinator gave member id {member_id} (MEMBER_ID_REQUIRED), sending JoinGroup again")
            }
        }
        ConsumerEvent::JoinedGroup {
            generation_id,
            member_id,
            leader,
            protocol,
            is_leader,
        } => match (ko, is_leader) {
            (true, true) => format!(
                "generation {generation_id}에 {member_id}로 참여, leader로서 {protocol} assignor 실행"
            ),
            (true, false) => format!(
                "generation {generation_id}에 {member_id}로 참여 (leader: {leader}, assignor {protocol})"
            ),
            (false, true) => format!(
                "joined generation {generation_id} as {member_id}, the leader: runs the {protocol} assignor"
            ),
            (false, false) => format!(
                "joined generation {generation_id} as {member_id} (leader {leader}, assignor {protocol})"
            ),
        },
        ConsumerEvent::AssignmentComputed {
            assignor,
            assignments,
        } => {
            let list: Vec<String> = assignments
                .iter()
                .map(|(m, p)| format!("{m} → {}", bracketed_partitions(p)))
                .collect();
            if ko {
                format!("{assignor} assignor 결과: {}", list.join("; "))
            } else {
                format!("{assignor} assignor computed: {}", list.join("; "))
            }
        }
        ConsumerEvent::SyncedGroup {
            generation_id,
            assignment,
        } => {
            let list = bracketed_partitions(assignment);
            if ko {
                format!("SyncGroup 완료, generation {generation_id}의 할당 {list}")
            } else {
                format!("SyncGroup done: generation {generation_id} assignment {list}")
            }
        }
        ConsumerEvent::PartitionsRevoked { partitions } => {
            let list = bracketed_partitions(partitions);
            if ko {
                format!("onPartitionsRevoked {list}: partition 반납")
            } else {
                format!("onPartitionsRevoked {list}: partitions given up")
            }
        }
        ConsumerEvent::PartitionsAssigned { partitions } => {
            let list = bracketed_partitions(partitions);
            if ko {
                format!("onPartitionsAssigned {list}: 새로 받은 partition")
            } else {
                format!("onPartitionsAssigned {list}: partitions newly assigned")
            }
        }
        ConsumerEvent::PartitionsLost { partitions } => {
            let list = bracketed_partitions(partitions);
            if ko {
                format!("onPartitionsLost {list} (generation을 잃어 commit 없이 포기)")
            } else {
                format!("onPartitionsLost {list} (generation lost, given up without committing)")
            }
        }
        ConsumerEvent::HeartbeatFailed { error } => {
            if ko {
                format!("heartbeat 실패: {}", error.name())
            } else {
                format!("heartbeat failed: {}", error.name())
            }
        }
        ConsumerEvent::GenerationReset { reason } => {
            if ko {
                format!("generation 초기화 ({reason})")
            } else {
                format!("generation reset ({reason})")
            }
        }
        ConsumerEvent::PollTimeoutExpired { since_last_poll_ms } => {
            if ko {
                format!("마지막 poll() 후 {since_last_poll_ms} ms: max.poll.interval.ms 초과")
            } else {
                format!("{since_last_poll_ms} ms since the last poll(): max.poll.interval.ms exceeded")
            }
        }
        ConsumerEvent::LeftGroup { reason, sent } => match (ko, sent) {
            (true, true) => format!("LeaveGroup 전송 ({reason})"),
            (true, false) => format!("group을 떠남, static member라 LeaveGroup 없음 ({reason})"),
            (false, true) => format!("sent LeaveGroup ({reason})"),
            (false, false) => format!("left the group without LeaveGroup, as a static member ({reason})"),
        },
        ConsumerEvent::PositionSet {
            partition,
            offset,
            source,
        } => {
            let (ko_src, en_src) = match source {
                PositionSource::Committed => ("commit된 offset", "the committed offset"),
                PositionSource::Earliest => ("earliest (log 시작)", "earliest (log start)"),
                PositionSource::Latest => ("latest (log 끝)", "latest (log end)"),
                PositionSource::Seek => ("seek", "seek"),
            };
            if ko {
                format!("{partition} 위치 {offset} ({ko_src})")
            } else {
                format!("{partition} position {offset} from {en_src}")
            }
        }
        ConsumerEvent::Fetched {
            partition,
            fetch_offset,
            records,
            next_offset,
            high_watermark,
            last_stable_offset,
        } => {
            if ko {
                format!("{partition} offset {fetch_offset}부터 record {records}개 fetch, 다음 {next_offset} (HW {high_watermark}, LSO {last_stable_offset})")
            } else {
                format!("fetched {records} record(s) of {partition} from offset {fetch_offset}, next {next_offset} (HW {high_watermark}, LSO {last_stable_offset})")
            }
        }
        ConsumerEvent::FetchFailed { partition, error } => {
            if ko {
                format!("{partition} fetch 실패: {}", error.name())
            } else {
                format!("fetch of {partition} failed: {}", error.name())
            }
        }
        ConsumerEvent::RecordsReturned { count } => {
            if ko {
                format!("poll()이 record {count}개 반환")
            } else {
                format!("poll() returned {count} record(s)")
            }
        }
        ConsumerEvent::CommitCompleted {
            commit_id,
            offsets,
            error,
        } => {
            let list: Vec<String> = offsets.iter().map(|(tp, o)| format!("{tp}={o}")).collect();
            let list = list.join(", ");
            match (ko, error) {
                (true, None) => format!("commit #{} 성공: {list}", commit_id.0),
                (true, Some(e)) => format!("commit #{} 실패: {e}", commit_id.0),
                (false, None) => format!("commit #{} succeeded: {list}", commit_id.0),
                (false, Some(e)) => format!("commit #{} failed: {e}", commit_id.0),
            }
        }
        ConsumerEvent::CommittedFetched { offsets } => {
            let list: Vec<String> = offsets.iter().map(|(tp, o)| format!("{tp}={o}")).collect();
            let list = list.join(", ");
            if ko {
                format!("commit된 offset 조회: {list}")
            } else {
                format!("committed offsets: {list}")
            }
        }
        ConsumerEvent::PausedChanged { partitions, paused } => {
            let list = bracketed_partitions(partitions);
            match (ko, paused) {
                (true, true) => format!("{list} 일시 정지"),
                (true, false) => format!("{list} 재개"),
                (false, true) => format!("paused {list}"),
                (false, false) => format!("resumed {list}"),
            }
        }
        ConsumerEvent::PollFailed { error } => {
            if ko {
                format!("poll() 예외: {error}")
            } else {
                format!("poll() threw {error}")
            }
        }
        ConsumerEvent::Closed => {
            if ko {
                "close() 완료".to_owned()
            } else {
                "closed".to_owned()
            }
        }
    };
    format!("{who}: {text}")
}

fn producer_client_event(producer: u32, e: &ProducerEvent, lang: Lang) -> String {
    let who = format!("producer-{}", producer + 1);
    match (e, lang) {
        (
            ProducerEvent::RecordAppended {
                record_id,
                batch_id,
                choice,
            },
            Lang::Ko,
        ) => format!(
            "{who}: record #{} → batch #{} (partition {}, {})",
            record_id.0,
            batch_id.0,
            choice.partition(),
            choice.explain()
        ),
        (
            ProducerEvent::RecordAppended {
                record_id,
                batch_id,
                choice,
            },
            Lang::En,
        ) => format!(
            "{who}: record #{} → batch #{} (partition {}: {})",
            record_id.0,
            batch_id.0,
            choice.partition(),
            choice.explain()
        ),
        (
            ProducerEvent::RecordDelivered {
                record_id,
                partition,
                offset,
                error: None,
            },
            Lang::Ko,
        ) => {
            format!(
                "{who}: record #{} 전달 완료, partition {partition} offset {offset}",
                record_id.0
            )
        }
        (
            ProducerEvent::RecordDelivered {
                record_id,
                partition,
                offset,
                error: None,
            },
            Lang::En,
        ) => {
            format!(
                "{who}: record #{} delivered to partition {partition} at offset {offset}",
                record_id.0
            )
        }
        (
            ProducerEvent::RecordDelivered {
                record_id,
                error: Some(err),
                ..
            },
            Lang::Ko,
        ) => {
            format!("{who}: record #{} 실패: {err}", record_id.0)
        }
        (
            ProducerEvent::RecordDelivered {
                record_id,
                error: Some(err),
                ..
            },
            Lang::En,
        ) => {
            format!("{who}: record #{} failed: {err}", record_id.0)
        }
        (
            ProducerEvent::RequestSent {
                api,
                node,
                correlation_id,
                ..
            },
            Lang::Ko,
        ) => {
            format!("{who}: {api} 요청 #{correlation_id} → broker {node}")
        }
        (
            ProducerEvent::RequestSent {
                api,
                node,
                correlation_id,
                ..
            },
            Lang::En,
        ) => {
            format!("{who}: {api} request #{correlation_id} sent to broker {node}")
        }
        (
            ProducerEvent::BatchRetried {
                batch_id,
                error,
                attempt,
                backoff_ms,
            },
            Lang::Ko,
        ) => format!(
            "{who}: batch #{} 재시도 {attempt}회째 ({}), {backoff_ms} ms 후",
            batch_id.0,
            error.name()
        ),
        (
            ProducerEvent::BatchRetried {
                batch_id,
                error,
                attempt,
                backoff_ms,
            },
            Lang::En,
        ) => format!(
            "{who}: batch #{} retry {attempt} after {} in {backoff_ms} ms",
            batch_id.0,
            error.name()
        ),
        (ProducerEvent::TransactionStateChanged { from, to, error }, _) => {
            let (from, to) = (from.name(), to.name());
            match (error, lang) {
                (None, Lang::Ko) => format!("{who}: transaction 상태 {from} → {to}"),
                (None, Lang::En) => format!("{who}: transaction state {from} → {to}"),
                (Some(e), Lang::Ko) => format!("{who}: transaction 상태 {from} → {to} ({e})"),
                (Some(e), Lang::En) => format!("{who}: transaction state {from} → {to} ({e})"),
            }
        }
        (ProducerEvent::Closed, Lang::Ko) => {
            format!("{who}: close() 호출, 남은 record를 보낸 뒤 종료")
        }
        (ProducerEvent::Closed, Lang::En) => {
            format!("{who}: closed; records already sent are still delivered")
        }
        (
            ProducerEvent::BatchCompleted {
                batch_id,
                records,
                base_offset,
                error: None,
            },
            Lang::Ko,
        ) => format!(
            "{who}: batch #{} 완료, record {records}개, base offset {}",
            batch_id.0,
            offset_or_unknown(*base_offset, lang)
        ),
        (
            ProducerEvent::BatchCompleted {
                batch_id,
                records,
                base_offset,
                error: None,
            },
            Lang::En,
        ) => format!(
            "{who}: batch #{} acknowledged, {records} record(s) from offset {}",
            batch_id.0,
            offset_or_unknown(*base_offset, lang)
        ),
        (
            ProducerEvent::BatchCompleted {
                batch_id,
                records,
                error: Some(err),
                ..
            },
            Lang::Ko,
        ) => format!(
            "{who}: batch #{} 실패, record {records}개: {err}",
            batch_id.0
        ),
        (
            ProducerEvent::BatchCompleted {
                batch_id,
                records,
                error: Some(err),
                ..
            },
            Lang::En,
        ) => format!(
            "{who}: batch #{} failed, {records} record(s): {err}",
            batch_id.0
        ),
        (
            ProducerEvent::SendBlocked {
                record_id,
                on,
                deadline_ms,
            },
            _,
        ) => {
            let id = record_id.0;
            match (on, lang) {
                (BlockedOn::Metadata, Lang::Ko) => format!(
                    "{who}: record #{id}의 send()가 topic metadata를 기다리며 대기 (max.block.ms, {deadline_ms} ms까지)"
                ),
                (BlockedOn::Metadata, Lang::En) => format!(
                    "{who}: send() of record #{id} blocks waiting for topic metadata (max.block.ms, until {deadline_ms} ms)"
                ),
                (BlockedOn::Memory, Lang::Ko) => format!(
                    "{who}: buffer.memory가 부족해 record #{id}의 send()가 대기 (max.block.ms, {deadline_ms} ms까지)"
                ),
                (BlockedOn::Memory, Lang::En) => format!(
                    "{who}: send() of record #{id} blocks waiting for buffer.memory (max.block.ms, until {deadline_ms} ms)"
                ),
            }
        }
        (
            ProducerEvent::BatchCreated {
                batch_id,
                topic,
                partition,
                write_limit,
                compression,
            },
            Lang::Ko,
        ) => format!(
            "{who}: {topic}-{partition}에 새 batch #{} 생성 (buffer.memory {write_limit} B 확보, compression.type {})",
            batch_id.0,
            compression.name()
        ),
        (
            ProducerEvent::BatchCreated {
                batch_id,
                topic,
                partition,
                write_limit,
                compression,
            },
            Lang::En,
        ) => format!(
            "{who}: new batch #{} opened for {topic}-{partition} ({write_limit} B of buffer.memory, compression.type {})",
            batch_id.0,
            compression.name()
        ),
        (ProducerEvent::StickyPartitionChanged { topic, from, to }, _) => {
            match (from, lang) {
                (Some(from), Lang::Ko) => {
                    format!("{who}: topic {topic}의 sticky partition {from} → {to}")
                }
                (Some(from), Lang::En) => {
                    format!("{who}: sticky partition of topic {topic} {from} → {to}")
                }
                (None, Lang::Ko) => {
                    format!("{who}: topic {topic}의 첫 sticky partition은 {to}")
                }
                (None, Lang::En) => {
                    format!("{who}: sticky partition of topic {topic} set to {to}")
                }
            }
        }
        (
            ProducerEvent::BatchDrained {
                batch_id,
                records,
                size_bytes,
                uncompressed_estimate_bytes,
                compression,
                base_sequence,
                attempt,
            },
            _,
        ) => {
            let id = batch_id.0;
            let ko = lang == Lang::Ko;
            let size = match (compression, ko) {
                (Compression::None, _) => format!("{size_bytes} B"),
                (c, true) => format!(
                    "{} 압축 후 {size_bytes} B, 압축 전 약 {uncompressed_estimate_bytes} B",
                    c.name()
                ),
                (c, false) => format!(
                    "{size_bytes} B {}-compressed, about {uncompressed_estimate_bytes} B before",
                    c.name()
                ),
            };
            // `RecordBatch.NO_SEQUENCE` (-1): not an idempotent producer.
            let sequence = match (*base_sequence >= 0, ko) {
                (true, true) => format!(", base sequence {base_sequence}"),
                (true, false) => format!(", base sequence {base_sequence}"),
                (false, _) => String::new(),
            };
            let retry = match (*attempt > 0, ko) {
                (true, true) => format!(", 재시도 {attempt}회째"),
                (true, false) => format!(", retry {attempt}"),
                (false, _) => String::new(),
            };
            if ko {
                format!("{who}: batch #{id}, accumulator에서 꺼내 요청에 담음: record {records}개, {size}{sequence}{retry}")
            } else {
                format!("{who}: batch #{id} drained into a request: {records} record(s), {size}{sequence}{retry}")
            }
        }
        (
            ProducerEvent::ResponseReceived {
                correlation_id,
                node,
                api,
            },
            Lang::Ko,
        ) => format!("{who}: broker {node}의 {api} 응답 #{correlation_id} 수신"),
        (
            ProducerEvent::ResponseReceived {
                correlation_id,
                node,
                api,
            },
            Lang::En,
        ) => format!("{who}: {api} response #{correlation_id} received from broker {node}"),
        (
            ProducerEvent::RequestTimedOut {
                correlation_id,
                node,
            },
            Lang::Ko,
        ) => format!(
            "{who}: broker {node}에 보낸 요청 #{correlation_id}, request.timeout.ms 안에 응답이 없어 연결을 끊음"
        ),
        (
            ProducerEvent::RequestTimedOut {
                correlation_id,
                node,
            },
            Lang::En,
        ) => format!(
            "{who}: request #{correlation_id} to broker {node} got no response within request.timeout.ms, connection closed"
        ),
        (
            ProducerEvent::ResponseIgnored {
                correlation_id,
                node,
            },
            Lang::Ko,
        ) => format!(
            "{who}: 더 이상 기다리지 않는 요청의 응답 #{correlation_id} (broker {node}) 무시"
        ),
        (
            ProducerEvent::ResponseIgnored {
                correlation_id,
                node,
            },
            Lang::En,
        ) => format!(
            "{who}: response #{correlation_id} from broker {node} ignored, nobody waits for it any more"
        ),
        (ProducerEvent::BatchExpired { batch_id, message }, Lang::Ko) => format!(
            "{who}: batch #{} delivery.timeout.ms 초과로 만료: {message}",
            batch_id.0
        ),
        (ProducerEvent::BatchExpired { batch_id, message }, Lang::En) => format!(
            "{who}: batch #{} expired at delivery.timeout.ms: {message}",
            batch_id.0
        ),
        (ProducerEvent::ProducerIdAssigned { producer_id, epoch }, Lang::Ko) => format!(
            "{who}: InitProducerId로 producer id {producer_id}, epoch {epoch} 받음"
        ),
        (ProducerEvent::ProducerIdAssigned { producer_id, epoch }, Lang::En) => format!(
            "{who}: got producer id {producer_id}, epoch {epoch} from InitProducerId"
        ),
        (ProducerEvent::EpochBumped { producer_id, epoch }, Lang::Ko) => format!(
            "{who}: producer id {producer_id}의 epoch를 스스로 올림 (새 epoch {epoch}), sequence는 0부터 다시 시작 (KIP-360)"
        ),
        (ProducerEvent::EpochBumped { producer_id, epoch }, Lang::En) => format!(
            "{who}: bumped the epoch of producer id {producer_id} to {epoch} itself, sequences restart at 0 (KIP-360)"
        ),
        (ProducerEvent::TransactionalOperationCompleted { operation, error }, _) => {
            match (error, lang) {
                (None, Lang::Ko) => format!("{who}: {operation}() 완료"),
                (None, Lang::En) => format!("{who}: {operation}() completed"),
                (Some(e), Lang::Ko) => format!("{who}: {operation}() 실패: {e}"),
                (Some(e), Lang::En) => format!("{who}: {operation}() failed: {e}"),
            }
        }
    }
}

/// An offset, or what `-1` means in a produce answer (`acks=0`: the broker did not say).
fn offset_or_unknown(offset: i64, lang: Lang) -> String {
    match (offset, lang) {
        (o, _) if o >= 0 => o.to_string(),
        (_, Lang::Ko) => "알 수 없음 (acks=0)".to_owned(),
        (_, Lang::En) => "unknown (acks=0)".to_owned(),
    }
}

/// An endpoint as the learner names it: `producer-1`, `consumer-2` (the playground's index
/// plus one, as in their `client.id`), `broker 0`.
fn endpoint(e: Endpoint) -> String {
    match e {
        Endpoint::Client(index) => format!("producer-{}", index + 1),
        Endpoint::Consumer(index) => format!("consumer-{}", index + 1),
        Endpoint::Broker(id) => format!("broker {id}"),
    }
}

/// `request` when a message goes to a broker, `response` when it comes from one.
fn message_kind(to: Endpoint, lang: Lang) -> &'static str {
    match (matches!(to, Endpoint::Broker(_)), lang) {
        (true, Lang::Ko) => "요청",
        (true, Lang::En) => "request",
        (false, Lang::Ko) => "응답",
        (false, Lang::En) => "response",
    }
}

/// The network's (English) drop reason in Korean; `engine::net` writes the two it has.
fn drop_reason_ko(reason: &DropReason) -> String {
    match reason {
        DropReason::InjectedRequestLoss => "주입한 장애: 요청 유실".to_owned(),
        DropReason::InjectedResponseLoss => "주입한 장애: 응답 유실".to_owned(),
        DropReason::QueueFull { max } => {
            format!("network queue가 가득 참, 전송 중 message {max}개")
        }
        DropReason::BrokerUnreachable { broker } => {
            format!("broker {broker}가 멈췄거나 연결이 끊김")
        }
    }
}

fn fault_text(fault: &Fault, lang: Lang) -> String {
    let producer = |client: u32| endpoint(Endpoint::Client(client));
    match (*fault, lang) {
        (Fault::DropNextRequest { client, broker }, Lang::Ko) => format!(
            "{} → broker {broker}의 다음 요청을 유실시킴 (broker는 받지 못함)",
            producer(client)
        ),
        (Fault::DropNextRequest { client, broker }, Lang::En) => format!(
            "the next request {} → broker {broker} will be lost (the broker never sees it)",
            producer(client)
        ),
        (Fault::DropNextResponse { client, broker }, Lang::Ko) => format!(
            "broker {broker} → {}의 다음 응답을 유실시킴 (broker는 처리했지만 client는 모름)",
            producer(client)
        ),
        (Fault::DropNextResponse { client, broker }, Lang::En) => format!(
            "the next response broker {broker} → {} will be lost (the broker did the work, the client never learns it)",
            producer(client)
        ),
        (
            Fault::DelayNext {
                client,
                broker,
                extra_ms,
            },
            Lang::Ko,
        ) => format!(
            "{} ↔ broker {broker} 연결의 다음 message를 {extra_ms} ms 늦춤",
            producer(client)
        ),
        (
            Fault::DelayNext {
                client,
                broker,
                extra_ms,
            },
            Lang::En,
        ) => format!(
            "the next message between {} and broker {broker} arrives {extra_ms} ms late",
            producer(client)
        ),
        (
            Fault::SlowBroker {
                broker,
                processing_ms: 0,
            },
            Lang::Ko,
        ) => format!("broker {broker}의 요청 처리 지연 해제"),
        (
            Fault::SlowBroker {
                broker,
                processing_ms: 0,
            },
            Lang::En,
        ) => format!("broker {broker} handles requests at once again"),
        (
            Fault::SlowBroker {
                broker,
                processing_ms,
            },
            Lang::Ko,
        ) => format!("broker {broker}의 요청 처리를 요청마다 {processing_ms} ms 늦춤"),
        (
            Fault::SlowBroker {
                broker,
                processing_ms,
            },
            Lang::En,
        ) => format!("broker {broker} handles each request {processing_ms} ms after it arrives"),
    }
}

fn net_event(e: &NetEvent, lang: Lang) -> String {
    match (e, lang) {
        (
            NetEvent::Sent {
                from,
                to,
                api,
                correlation_id,
                arrive_at_ms,
            },
            _,
        ) => {
            let (from, kind) = (endpoint(*from), message_kind(*to, lang));
            let to = endpoint(*to);
            match lang {
                Lang::Ko => format!(
                    "network: {from} → {to}: {api} {kind} #{correlation_id} 전송, {arrive_at_ms} ms에 도착 예정"
                ),
                Lang::En => format!(
                    "network: {from} → {to}: {api} {kind} #{correlation_id} sent, arrives at {arrive_at_ms} ms"
                ),
            }
        }
        (
            NetEvent::Delivered {
                from,
                to,
                api,
                correlation_id,
            },
            _,
        ) => {
            let (from, kind) = (endpoint(*from), message_kind(*to, lang));
            let to = endpoint(*to);
            match lang {
                Lang::Ko => format!("network: {from} → {to}: {api} {kind} #{correlation_id} 도착"),
                Lang::En => {
                    format!("network: {from} → {to}: {api} {kind} #{correlation_id} delivered")
                }
            }
        }
        (
            NetEvent::Dropped {
                from,
                to,
                api,
                correlation_id,
                reason,
            },
            _,
        ) => {
            let (from, kind) = (endpoint(*from), message_kind(*to, lang));
            let to = endpoint(*to);
            match lang {
                Lang::Ko => format!(
                    "network: {from} → {to}: {api} {kind} #{correlation_id} 유실 ({})",
                    drop_reason_ko(reason)
                ),
                Lang::En => {
                    format!(
                        "network: {from} → {to}: {api} {kind} #{correlation_id} lost ({reason})"
                    )
                }
            }
        }
        (NetEvent::FaultInjected(fault), Lang::Ko) => {
            format!("network: 장애 주입, {}", fault_text(fault, lang))
        }
        (NetEvent::FaultInjected(fault), Lang::En) => {
            format!("network: fault armed, {}", fault_text(fault, lang))
        }
        (
            NetEvent::LatencyChanged {
                client,
                broker,
                latency_ms,
            },
            _,
        ) => {
            let client = client.map(|c| endpoint(Endpoint::Client(c)));
            let broker = broker.map(|b| endpoint(Endpoint::Broker(b)));
            let link = match (client, broker, lang) {
                (Some(c), Some(b), Lang::Ko) => format!("{c} ↔ {b} 연결의"),
                (Some(c), Some(b), Lang::En) => format!("between {c} and {b}"),
                (Some(c), None, Lang::Ko) => format!("{c}의 모든 연결의"),
                (Some(c), None, Lang::En) => format!("on every link of {c}"),
                (None, Some(b), Lang::Ko) => format!("{b}의 모든 연결의"),
                (None, Some(b), Lang::En) => format!("on every link of {b}"),
                (None, None, Lang::Ko) => "기본".to_owned(),
                (None, None, Lang::En) => "by default".to_owned(),
            };
            match lang {
                Lang::Ko => format!("network: {link} 편도 latency를 {latency_ms} ms로 변경"),
                Lang::En => format!("network: one-way latency {link} set to {latency_ms} ms"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::cluster::{Cluster, ClusterConfig};
    use crate::engine::producer::record::BatchId;
    use crate::engine::topic::broker_config::BrokerConfigChange;
    use crate::engine::topic::registry::CreateTopicRequest;
    use crate::storage::memory::MemoryStorage;

    #[test]
    fn a_created_topic_reads_in_both_languages() {
        let mut cluster = Cluster::new(ClusterConfig::with_seed(1), MemoryStorage::new(), 0);
        cluster
            .create_topic(&CreateTopicRequest::new("orders", 3, 1), false, 0)
            .unwrap();
        let event = &cluster.events().iter().last().unwrap().event;
        assert_eq!(
            describe(event, Lang::Ko),
            "topic orders 생성: partition 3개"
        );
        assert_eq!(
            describe(event, Lang::En),
            "topic orders created with 3 partition(s)"
        );
    }

    #[test]
    fn group_events_read_in_both_languages() {
        let e = Event::Group(GroupEvent::MemberRemoved {
            group_id: "g".into(),
            member_id: "c-1".into(),
            reason: RemovalReason::SessionTimeout,
        });
        assert_eq!(
            describe(&e, Lang::En),
            "group g: member c-1 removed (no heartbeat within session.timeout.ms)"
        );
        assert_eq!(
            describe(&e, Lang::Ko),
            "group g: member c-1 제거 (session.timeout.ms 동안 heartbeat 없음)"
        );
    }

    #[test]
    fn consumer_events_read_in_both_languages() {
        use crate::engine::consumer::event::ConsumerEvent;
        let e = Event::ConsumerClient {
            consumer: 0,
            event: ConsumerEvent::PartitionsLost {
                partitions: vec![TopicPartition::new("t", 0), TopicPartition::new("t", 1)],
            },
        };
        assert_eq!(
            describe(&e, Lang::En),
            "consumer-1: onPartitionsLost [t-0, t-1] (generation lost, given up without committing)"
        );
        assert_eq!(
            describe(&e, Lang::Ko),
            "consumer-1: onPartitionsLost [t-0, t-1] (generation을 잃어 commit 없이 포기)"
        );
    }

    #[test]
    fn log_events_name_the_partition_and_offsets() {
        let e = Event::Log {
            topic: "t".into(),
            partition: 2,
            event: LogEvent::SegmentRolled {
                previous_base_offset: 0,
                new_base_offset: 120,
                reason: RollReason::SegmentBytes,
            },
        };
        assert_eq!(
            describe(&e, Lang::En),
            "t-2: rolled new segment 120 (segment.bytes reached)"
        );
        assert_eq!(
            describe(&e, Lang::Ko),
            "t-2: 새 segment 120 시작 (segment.bytes 초과)"
        );
    }

    #[test]
    fn broker_config_and_producer_state_events_read_in_both_languages() {
        let e = Event::BrokerConfigChanged {
            broker: Some(0),
            changes: vec![BrokerConfigChange {
                name: "log.retention.ms".into(),
                old: None,
                new: Some("1000".into()),
            }],
        };
        assert_eq!(
            describe(&e, Lang::En),
            "broker 0 dynamic configs changed: log.retention.ms=1000"
        );
        assert_eq!(
            describe(&e, Lang::Ko),
            "broker 0 동적 설정 변경: log.retention.ms=1000"
        );
        let e = Event::Producer {
            topic: "t".into(),
            partition: 0,
            event: ProducerStateEvent::EpochBumped {
                producer_id: 7,
                from: 0,
                to: 1,
            },
        };
        assert_eq!(describe(&e, Lang::En), "t-0: producer 7 epoch 0 → 1");
        assert_eq!(describe(&e, Lang::Ko), "t-0: producer 7의 epoch 0 → 1");
    }

    #[test]
    fn txn_events_read_in_both_languages() {
        let e = Event::Txn(TxnEvent::ProducerIdBlockAllocated {
            first: 0,
            last: 999,
        });
        assert_eq!(describe(&e, Lang::En), "producer id block 0..999 allocated");
        assert_eq!(describe(&e, Lang::Ko), "producer id 블록 0..999 할당");
    }

    #[test]
    fn producer_client_events_name_the_batch_its_size_and_sequence() {
        let e = Event::ProducerClient {
            producer: 0,
            event: ProducerEvent::BatchDrained {
                batch_id: BatchId(0),
                records: 2,
                size_bytes: 90,
                uncompressed_estimate_bytes: 140,
                compression: Compression::Gzip,
                base_sequence: 4,
                attempt: 1,
            },
        };
        assert_eq!(
            describe(&e, Lang::En),
            "producer-1: batch #0 drained into a request: 2 record(s), 90 B gzip-compressed, about 140 B before, base sequence 4, retry 1"
        );
        assert_eq!(
            describe(&e, Lang::Ko),
            "producer-1: batch #0, accumulator에서 꺼내 요청에 담음: record 2개, gzip 압축 후 90 B, 압축 전 약 140 B, base sequence 4, 재시도 1회째"
        );
        let e = Event::ProducerClient {
            producer: 1,
            event: ProducerEvent::ResponseReceived {
                correlation_id: 3,
                node: 0,
                api: "Produce".into(),
            },
        };
        assert_eq!(
            describe(&e, Lang::En),
            "producer-2: Produce response #3 received from broker 0"
        );
        assert_eq!(
            describe(&e, Lang::Ko),
            "producer-2: broker 0의 Produce 응답 #3 수신"
        );
    }

    #[test]
    fn network_events_name_both_ends_and_the_message() {
        let e = Event::Net(NetEvent::Delivered {
            from: Endpoint::Broker(0),
            to: Endpoint::Client(0),
            api: "Produce".into(),
            correlation_id: 1,
        });
        assert_eq!(
            describe(&e, Lang::En),
            "network: broker 0 → producer-1: Produce response #1 delivered"
        );
        assert_eq!(
            describe(&e, Lang::Ko),
            "network: broker 0 → producer-1: Produce 응답 #1 도착"
        );
        let e = Event::Net(NetEvent::Dropped {
            from: Endpoint::Consumer(1),
            to: Endpoint::Broker(0),
            api: "Fetch".into(),
            correlation_id: 9,
            reason: DropReason::InjectedRequestLoss,
        });
        assert_eq!(
            describe(&e, Lang::En),
            "network: consumer-2 → broker 0: Fetch request #9 lost (injected fault: request lost)"
        );
        assert_eq!(
            describe(&e, Lang::Ko),
            "network: consumer-2 → broker 0: Fetch 요청 #9 유실 (주입한 장애: 요청 유실)"
        );
        let e = Event::Net(NetEvent::FaultInjected(Fault::SlowBroker {
            broker: 0,
            processing_ms: 200,
        }));
        assert_eq!(
            describe(&e, Lang::En),
            "network: fault armed, broker 0 handles each request 200 ms after it arrives"
        );
        assert_eq!(
            describe(&e, Lang::Ko),
            "network: 장애 주입, broker 0의 요청 처리를 요청마다 200 ms 늦춤"
        );
        let e = Event::Net(NetEvent::LatencyChanged {
            client: Some(0),
            broker: Some(0),
            latency_ms: 20,
        });
        assert_eq!(
            describe(&e, Lang::En),
            "network: one-way latency between producer-1 and broker 0 set to 20 ms"
        );
        assert_eq!(
            describe(&e, Lang::Ko),
            "network: producer-1 ↔ broker 0 연결의 편도 latency를 20 ms로 변경"
        );
    }

    /// Whether `text` shows Rust's `Debug` output: a struct variant's `{ field:`, or a
    /// tuple variant of an id or endpoint.
    fn looks_like_debug(text: &str) -> bool {
        const TUPLES: [&str; 7] = [
            "BatchId(",
            "RecordId(",
            "CommitId(",
            "Broker(",
            "Client(",
            "Consumer(",
            "Some(",
        ];
        if TUPLES.iter().any(|t| text.contains(t)) {
            return true;
        }
        text.match_indices("{ ").any(|(i, _)| {
            let rest = &text[i + 2..];
            let field: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            !field.is_empty() && rest[field.len()..].starts_with(':')
        })
    }

    #[test]
    fn the_debug_detector_finds_debug_output() {
        assert!(looks_like_debug(
            "network: Delivered { from: Broker(0), to: Client(0) }"
        ));
        assert!(looks_like_debug("x { batch_id: 1 }"));
        assert!(!looks_like_debug("network: broker 0 → producer-1"));
    }

    #[test]
    fn a_playground_run_describes_every_event_without_debug_text() {
        use crate::engine::playground::{Input, Playground, PlaygroundConfig};
        use crate::engine::producer::record::ProducerRecord;
        use crate::engine::profile::VersionProfile;

        let mut pg = Playground::new(
            PlaygroundConfig::new(5, VersionProfile::Kafka4x),
            MemoryStorage::new(),
            0,
        );
        pg.cluster_mut()
            .create_topic(&CreateTopicRequest::new("t", 2, 1), false, 0)
            .unwrap();
        let p = pg
            .create_producer(
                &[
                    ("linger.ms", "5"),
                    ("compression.type", "gzip"),
                    ("enable.idempotence", "true"),
                ],
                0,
            )
            .unwrap();
        pg.handle(
            Input::SetLatency {
                link: Some((p, 0)),
                latency_ms: 3,
            },
            0,
        )
        .unwrap();
        pg.inject(Fault::DropNextResponse {
            client: p,
            broker: 0,
        });
        for (i, value) in ["a", "b", "c"].iter().enumerate() {
            let record = ProducerRecord::keyed("t", format!("k{i}").as_bytes(), value.as_bytes());
            pg.send(p, record, 0).unwrap();
        }
        pg.pass_time(60_000);
        let c = pg
            .create_consumer(
                &[("group.id", "g"), ("auto.offset.reset", "earliest")],
                pg.now_ms(),
            )
            .unwrap();
        pg.subscribe(c, &["t"], pg.now_ms()).unwrap();
        for _ in 0..40 {
            let now = pg.now_ms();
            pg.poll(c, now).unwrap();
            pg.pass_time(now + 100);
        }
        pg.close_producer(p, pg.now_ms()).unwrap();
        pg.collect_events();

        let events: Vec<&Event> = pg.events().iter().map(|s| &s.event).collect();
        for kind in ["producer", "consumer", "net", "group", "log"] {
            let seen = events.iter().any(|e| match e {
                Event::ProducerClient { .. } => kind == "producer",
                Event::ConsumerClient { .. } => kind == "consumer",
                Event::Net(_) => kind == "net",
                Event::Group(_) => kind == "group",
                Event::Log { .. } => kind == "log",
                _ => false,
            });
            assert!(seen, "the scenario makes {kind} events");
        }
        for e in &events {
            for lang in [Lang::Ko, Lang::En] {
                let text = describe(e, lang);
                assert!(!looks_like_debug(&text), "{text}");
                assert!(!text.contains('\n'), "{text}");
            }
        }
    }
}
