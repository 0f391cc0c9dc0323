//! Replication events as sentences, Korean and English side by side: one (ko, en) pair per
//! event, so each sentence's structure is written once per language.

use crate::engine::replication::{
    BrokerStatus, Election, FenceReason, IsrShrinkReason, ReplicationEvent,
};
use crate::i18n::Lang;

fn list(ids: &[i32]) -> String {
    let items: Vec<String> = ids.iter().map(i32::to_string).collect();
    format!("[{}]", items.join(","))
}

fn leader_name(leader: Option<i32>) -> String {
    leader.map_or_else(|| "none".to_owned(), |l| format!("broker {l}"))
}

fn status_words(status: BrokerStatus) -> (&'static str, &'static str) {
    match status {
        BrokerStatus::Running => ("실행 중", "running"),
        BrokerStatus::Stopped => ("정상 종료됨", "stopped"),
        BrokerStatus::Crashed => ("비정상 종료(crash)", "crashed"),
    }
}

/// The event as one sentence in `lang`.
pub fn replication_event(e: &ReplicationEvent, lang: Lang) -> String {
    let (ko, en) = match e {
        ReplicationEvent::BrokerStatusChanged { broker, from, to } => {
            let (from_ko, from_en) = status_words(*from);
            let (to_ko, to_en) = status_words(*to);
            (
                format!("broker {broker}: {from_ko} → {to_ko}"),
                format!("broker {broker}: {from_en} → {to_en}"),
            )
        }
        ReplicationEvent::BrokerIsolation {
            broker,
            isolated: true,
        } => (
            format!("broker {broker}가 network partition으로 다른 노드와 끊김"),
            format!("broker {broker} cut off from the other nodes by a network partition"),
        ),
        ReplicationEvent::BrokerIsolation {
            broker,
            isolated: false,
        } => (
            format!("broker {broker}의 network partition 복구"),
            format!("broker {broker} reconnected: the network partition healed"),
        ),
        ReplicationEvent::BrokerFetchDelay {
            broker,
            delay_ms: 0,
        } => (
            format!("broker {broker}의 follower fetch가 다시 정상 속도"),
            format!("broker {broker}'s follower fetches are back to normal speed"),
        ),
        ReplicationEvent::BrokerFetchDelay { broker, delay_ms } => (
            format!("broker {broker}의 follower fetch가 매번 {delay_ms} ms 늦어짐 (느린 follower)"),
            format!("broker {broker}'s follower fetches now take {delay_ms} ms longer each (a slow follower)"),
        ),
        ReplicationEvent::BrokerFenced {
            broker,
            reason: FenceReason::SessionExpired,
        } => (
            format!("controller가 broker {broker}를 fence: broker.session.timeout.ms 동안 heartbeat 없음 — 모든 ISR에서 제외, leader 이동"),
            format!("controller fenced broker {broker}: no heartbeat for broker.session.timeout.ms — removed from every ISR, its leaderships move"),
        ),
        ReplicationEvent::BrokerFenced {
            broker,
            reason: FenceReason::ControlledShutdown,
        } => (
            format!("broker {broker} controlled shutdown: 종료 전에 leader를 넘기고 ISR에서 빠짐"),
            format!("broker {broker} controlled shutdown: leaderships moved and ISRs left before stopping"),
        ),
        ReplicationEvent::BrokerUnfenced { broker } => (
            format!("broker {broker}가 controller에 등록되어 unfence됨: 다시 leader·ISR 후보"),
            format!("broker {broker} registered with the controller and was unfenced: it may lead and join ISRs again"),
        ),
        ReplicationEvent::LeaderChanged {
            topic,
            partition,
            from,
            to: None,
            leader_epoch,
            ..
        } => (
            format!("{topic}-{partition} offline: 살아 있는 ISR replica가 없어 leader 없음 (이전 {}, leader epoch {leader_epoch})", leader_name(*from)),
            format!("{topic}-{partition} offline: no live in-sync replica can lead (was {}, leader epoch {leader_epoch})", leader_name(*from)),
        ),
        ReplicationEvent::LeaderChanged {
            topic,
            partition,
            from,
            to: Some(to),
            leader_epoch,
            election,
            unclean,
        } => {
            let (how_ko, how_en) = match (election, unclean) {
                (_, true) => ("unclean 선출 (ISR 밖의 replica)", "unclean election (a replica outside the ISR)"),
                (Election::Preferred, _) => ("preferred leader 선출", "preferred leader election"),
                _ => ("ISR에서 선출", "elected from the ISR"),
            };
            (
                format!("{topic}-{partition} leader: {} → broker {to}, leader epoch {leader_epoch} ({how_ko})", leader_name(*from)),
                format!("{topic}-{partition} leader: {} → broker {to}, leader epoch {leader_epoch} ({how_en})", leader_name(*from)),
            )
        }
        ReplicationEvent::IsrShrunk {
            topic,
            partition,
            broker,
            isr,
            reason,
        } => {
            let (why_ko, why_en) = match reason {
                IsrShrinkReason::Lagging => (
                    "replica.lag.time.max.ms 안에 따라잡지 못함",
                    "did not catch up within replica.lag.time.max.ms",
                ),
                IsrShrinkReason::BrokerFenced => ("broker가 fence됨", "its broker was fenced"),
            };
            (
                format!("{topic}-{partition} ISR 축소: broker {broker} 제외 ({why_ko}), ISR {}", list(isr)),
                format!("{topic}-{partition} ISR shrank: broker {broker} removed ({why_en}), ISR {}", list(isr)),
            )
        }
        ReplicationEvent::IsrExpanded {
            topic,
            partition,
            broker,
            isr,
        } => (
            format!("{topic}-{partition} ISR 확장: broker {broker}가 HW까지 따라잡아 합류, ISR {}", list(isr)),
            format!("{topic}-{partition} ISR expanded: broker {broker} caught up to the HW and joined, ISR {}", list(isr)),
        ),
        ReplicationEvent::Truncated {
            topic,
            partition,
            broker,
            from_leo,
            to_offset,
            committed_lost,
        } => {
            let lost_ko = if *committed_lost > 0 {
                format!(", 그중 {committed_lost}개는 이 replica가 commit된 것으로 알던 offset")
            } else {
                String::new()
            };
            let lost_en = if *committed_lost > 0 {
                format!(", {committed_lost} of them below the HW this replica had been told")
            } else {
                String::new()
            };
            (
                format!("broker {broker}의 {topic}-{partition} replica truncate: leader와 갈라진 offset {to_offset}..{from_leo} 삭제 (leader epoch, KIP-101){lost_ko}"),
                format!("broker {broker} truncated {topic}-{partition}: offsets {to_offset}..{from_leo} diverged from the leader and are gone (leader epoch, KIP-101){lost_en}"),
            )
        }
        ReplicationEvent::UncleanDataLoss {
            topic,
            partition,
            leader,
            new_leader_leo,
            high_watermark,
        } => (
            format!("데이터 유실: {topic}-{partition}의 새 leader broker {leader}는 offset {new_leader_leo}까지만 있음 — 이미 commit(ack)된 offset {new_leader_leo}..{high_watermark} 유실"),
            format!("data loss: {topic}-{partition}'s new leader broker {leader} ends at offset {new_leader_leo} — acknowledged offsets {new_leader_leo}..{high_watermark} are lost"),
        ),
        ReplicationEvent::FollowerReset {
            topic,
            partition,
            broker,
            offset,
        } => (
            format!("broker {broker}의 {topic}-{partition} replica를 leader의 log start offset {offset}부터 다시 시작"),
            format!("broker {broker} restarted its {topic}-{partition} replica at the leader's log start offset {offset}"),
        ),
    };
    match lang {
        Lang::Ko => ko,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_name_the_partition_and_broker() {
        let e = ReplicationEvent::LeaderChanged {
            topic: "t".into(),
            partition: 1,
            from: Some(0),
            to: Some(2),
            leader_epoch: 3,
            election: Election::Online,
            unclean: false,
        };
        assert_eq!(
            replication_event(&e, Lang::En),
            "t-1 leader: broker 0 → broker 2, leader epoch 3 (elected from the ISR)"
        );
        assert!(replication_event(&e, Lang::Ko).contains("t-1 leader"));
    }
}
