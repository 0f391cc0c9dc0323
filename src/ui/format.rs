//! Formatting for display, in plain Rust so it is tested natively: times, byte counts, and the
//! cluster view's brokers and replicas as the cluster panel lays them out (a broker's status
//! words, the `broker …` terminal command each of its buttons types, and each partition's
//! replicas placed under their broker's column).

use crate::engine::replication::health::BrokerHealth;
use crate::engine::replication::BrokerStatus;
use crate::engine::view::{BrokerView, PartitionView, ReplicaOffsets};
use crate::i18n::{Lang, Text};

/// Formats simulated epoch milliseconds as `YYYY-MM-DD HH:MM:SS.mmm` UTC (civil-from-days,
/// H. Hinnant's algorithm), so the clock needs no browser date API.
pub fn format_utc(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let ms_of_day = ms.rem_euclid(86_400_000);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}.{:03}",
        ms_of_day / 3_600_000,
        ms_of_day / 60_000 % 60,
        ms_of_day / 1000 % 60,
        ms_of_day % 1000
    )
}

/// Simulated time elapsed since the playground started, as `T+m:ss.SSS` (hours when there
/// are any: `T+1:02:03.004`), for the time controls.
pub fn format_elapsed(elapsed_ms: i64) -> String {
    let ms = elapsed_ms.max(0);
    let (h, m, s, milli) = (
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1_000 % 60,
        ms % 1_000,
    );
    if h > 0 {
        format!("T+{h}:{m:02}:{s:02}.{milli:03}")
    } else {
        format!("T+{m}:{s:02}.{milli:03}")
    }
}

/// Formats a byte count with binary units (`B`, `KiB`, `MiB`, `GiB`), one decimal above bytes.
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// What the slow button delays each of a broker's follower fetches by: longer than Kafka's
/// default `replica.lag.time.max.ms` (30 s, `ReplicationConfigs`), so the follower stops
/// catching up and the leader drops it from the ISR (`Partition.maybeShrinkIsr`).
pub const SLOW_FETCH_DELAY_MS: i64 = 45_000;

/// A broker's condition, one word and one colour each. A broker shows its run status and, on
/// top, whichever of isolated, fenced and slow hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrokerCondition {
    Running,
    Stopped,
    Crashed,
    Isolated,
    Fenced,
    Slow,
}

impl BrokerCondition {
    /// The CSS class suffix (`status-running`…).
    pub const fn class(self) -> &'static str {
        match self {
            BrokerCondition::Running => "status-running",
            BrokerCondition::Stopped => "status-stopped",
            BrokerCondition::Crashed => "status-crashed",
            BrokerCondition::Isolated => "status-isolated",
            BrokerCondition::Fenced => "status-fenced",
            BrokerCondition::Slow => "status-slow",
        }
    }

    /// The word shown beside the colour, so the colour is never the only signal.
    pub const fn text(self) -> Text {
        match self {
            BrokerCondition::Running => Text::StatusRunning,
            BrokerCondition::Stopped => Text::StatusStopped,
            BrokerCondition::Crashed => Text::StatusCrashed,
            BrokerCondition::Isolated => Text::StatusIsolated,
            BrokerCondition::Fenced => Text::StatusFenced,
            BrokerCondition::Slow => Text::StatusSlow,
        }
    }
}

/// The conditions of a broker, its run status first.
pub fn broker_conditions(b: &BrokerView) -> Vec<BrokerCondition> {
    let mut conditions = vec![match b.status {
        BrokerStatus::Running => BrokerCondition::Running,
        BrokerStatus::Stopped => BrokerCondition::Stopped,
        BrokerStatus::Crashed => BrokerCondition::Crashed,
    }];
    if b.isolated {
        conditions.push(BrokerCondition::Isolated);
    }
    if b.fenced {
        conditions.push(BrokerCondition::Fenced);
    }
    if b.fetch_delay_ms > 0 {
        conditions.push(BrokerCondition::Slow);
    }
    conditions
}

/// What a broker button asks for; each is one playground terminal command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrokerAction {
    /// Clean shutdown (controlled shutdown moves its leaderships away first).
    Stop,
    /// Killed: the controller notices only when its session expires.
    Crash,
    Start,
    Isolate,
    Heal,
    /// Delays its follower fetches by [`SLOW_FETCH_DELAY_MS`].
    Slow,
    /// Removes the delay.
    Fast,
}

impl BrokerAction {
    /// The `data-action` attribute and the command's verb.
    pub const fn name(self) -> &'static str {
        match self {
            BrokerAction::Stop => "stop",
            BrokerAction::Crash => "crash",
            BrokerAction::Start => "start",
            BrokerAction::Isolate => "isolate",
            BrokerAction::Heal => "heal",
            BrokerAction::Slow => "slow",
            BrokerAction::Fast => "fast",
        }
    }

    /// The playground terminal command the button types (`broker slow <id> 0` makes a slow
    /// broker healthy again).
    pub fn command(self, broker: i32) -> String {
        match self {
            BrokerAction::Slow => format!("broker slow {broker} {SLOW_FETCH_DELAY_MS}"),
            BrokerAction::Fast => format!("broker slow {broker} 0"),
            other => format!("broker {} {broker}", other.name()),
        }
    }

    /// The button's short word.
    pub const fn text(self) -> Text {
        match self {
            BrokerAction::Stop => Text::ActionStop,
            BrokerAction::Crash => Text::ActionCrash,
            BrokerAction::Start => Text::ActionStart,
            BrokerAction::Isolate => Text::ActionIsolate,
            BrokerAction::Heal => Text::ActionHeal,
            BrokerAction::Slow => Text::ActionSlow,
            BrokerAction::Fast => Text::ActionFast,
        }
    }

    /// The button's accessible name: what it does to which broker. It contains the button's
    /// visible word, so speech input users can say what they see (WCAG 2.5.3).
    pub fn label(self, broker: i32, lang: Lang) -> String {
        let slow_s = SLOW_FETCH_DELAY_MS / 1000;
        match (self, lang) {
            (BrokerAction::Stop, Lang::Ko) => {
                format!("broker {broker} 정지 (정상 종료, controlled shutdown)")
            }
            (BrokerAction::Stop, Lang::En) => format!("Stop broker {broker} (clean shutdown)"),
            (BrokerAction::Crash, Lang::Ko) => format!("broker {broker} crash (비정상 종료)"),
            (BrokerAction::Crash, Lang::En) => format!("Crash broker {broker}"),
            (BrokerAction::Start, Lang::Ko) => format!("broker {broker} 시작"),
            (BrokerAction::Start, Lang::En) => format!("Start broker {broker}"),
            (BrokerAction::Isolate, Lang::Ko) => format!("broker {broker} 네트워크 격리"),
            (BrokerAction::Isolate, Lang::En) => {
                format!("Isolate broker {broker} from the network")
            }
            (BrokerAction::Heal, Lang::Ko) => format!("broker {broker} 네트워크 격리 해제"),
            (BrokerAction::Heal, Lang::En) => format!("Heal broker {broker}'s network"),
            (BrokerAction::Slow, Lang::Ko) => {
                format!("broker {broker}의 follower fetch를 {slow_s}초씩 느리게")
            }
            (BrokerAction::Slow, Lang::En) => {
                format!("Slow broker {broker}'s follower fetches by {slow_s} s")
            }
            (BrokerAction::Fast, Lang::Ko) => format!("broker {broker}의 fetch를 정상 속도로"),
            (BrokerAction::Fast, Lang::En) => format!("Make broker {broker}'s fetches fast again"),
        }
    }
}

/// The buttons a broker offers in its state: stop and crash while it runs, start once it does
/// not; isolate or heal, slow or fast, whichever undoes or applies the fault.
pub fn broker_actions(b: &BrokerView) -> Vec<BrokerAction> {
    let running = b.status == BrokerStatus::Running;
    let mut actions = if running {
        vec![BrokerAction::Stop, BrokerAction::Crash]
    } else {
        vec![BrokerAction::Start]
    };
    if b.isolated {
        actions.push(BrokerAction::Heal);
    } else if running {
        actions.push(BrokerAction::Isolate);
    }
    if b.fetch_delay_ms > 0 {
        actions.push(BrokerAction::Fast);
    } else if running {
        actions.push(BrokerAction::Slow);
    }
    actions
}

/// One broker's column head: who it is, its state, its buttons and its share of the work.
#[derive(Debug, Clone, PartialEq)]
pub struct BrokerColumn {
    pub id: i32,
    pub rack: Option<String>,
    pub is_controller: bool,
    pub conditions: Vec<BrokerCondition>,
    pub fetch_delay_ms: i64,
    pub actions: Vec<BrokerAction>,
    pub leaders: usize,
    pub replicas: usize,
    pub bytes_in: u64,
    pub bytes_out: u64,
}

/// The brokers' columns, in the view's order, with their health figures.
pub fn broker_columns(brokers: &[BrokerView], health: &[BrokerHealth]) -> Vec<BrokerColumn> {
    brokers
        .iter()
        .map(|b| {
            let h = health.iter().find(|h| h.broker == b.id);
            BrokerColumn {
                id: b.id,
                rack: b.rack.clone(),
                is_controller: b.is_controller,
                conditions: broker_conditions(b),
                fetch_delay_ms: b.fetch_delay_ms,
                actions: broker_actions(b),
                leaders: h.map_or(0, |h| h.leaders),
                replicas: h.map_or(0, |h| h.replicas),
                bytes_in: h.map_or(0, |h| h.bytes_in),
                bytes_out: h.map_or(0, |h| h.bytes_out),
            }
        })
        .collect()
}

/// What one broker holds of one partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplicaRole {
    Leader,
    /// A follower in the ISR.
    InSync,
    /// A replica outside the ISR (a lagging follower, or any replica of an offline partition).
    OutOfSync,
    /// The broker holds no replica of the partition.
    None,
}

impl ReplicaRole {
    pub const fn class(self) -> &'static str {
        match self {
            ReplicaRole::Leader => "role-leader",
            ReplicaRole::InSync => "role-in-sync",
            ReplicaRole::OutOfSync => "role-out-of-sync",
            ReplicaRole::None => "role-none",
        }
    }

    pub const fn text(self) -> Text {
        match self {
            ReplicaRole::Leader => Text::Leader,
            ReplicaRole::InSync => Text::RoleInSync,
            ReplicaRole::OutOfSync => Text::RoleOutOfSync,
            ReplicaRole::None => Text::NoReplica,
        }
    }
}

/// One broker's cell of a partition's row.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicaCell {
    pub broker: i32,
    pub role: ReplicaRole,
    /// The replica's own offsets (absent where the broker holds none).
    pub offsets: Option<ReplicaOffsets>,
    /// How many offsets its log end is behind the leader's (0 for the leader; `None` without a
    /// leader or a replica).
    pub behind: Option<i64>,
}

/// A partition's health, as the grid flags it. Kafka's `UnderReplicatedPartitions` counts a
/// partition with a leader whose ISR is smaller than its replica list; `OfflinePartitionsCount`
/// one without a leader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartitionFlag {
    Healthy,
    UnderReplicated,
    Offline,
}

impl PartitionFlag {
    pub fn of(p: &PartitionView) -> PartitionFlag {
        match p.leader {
            None => PartitionFlag::Offline,
            Some(_) if p.isr.len() < p.replicas.len() => PartitionFlag::UnderReplicated,
            Some(_) => PartitionFlag::Healthy,
        }
    }

    pub const fn class(self) -> &'static str {
        match self {
            PartitionFlag::Healthy => "flag-healthy",
            PartitionFlag::UnderReplicated => "flag-under-replicated",
            PartitionFlag::Offline => "flag-offline",
        }
    }

    pub const fn text(self) -> Text {
        match self {
            PartitionFlag::Healthy => Text::FlagHealthy,
            PartitionFlag::UnderReplicated => Text::FlagUnderReplicated,
            PartitionFlag::Offline => Text::FlagOffline,
        }
    }
}

/// One partition as a row of the replica grid: a cell per broker column.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicaRow {
    pub partition: i32,
    pub leader: Option<i32>,
    pub leader_epoch: i32,
    pub flag: PartitionFlag,
    pub cells: Vec<ReplicaCell>,
}

/// Places `p`'s replicas under the columns of `brokers` (broker ids in column order).
pub fn replica_row(brokers: &[i32], p: &PartitionView) -> ReplicaRow {
    let leader_leo = p
        .leader
        .and_then(|l| p.replica_offsets.iter().find(|o| o.broker == l))
        .map(|o| o.leo);
    let cells = brokers
        .iter()
        .map(|&broker| {
            let offsets = p
                .replica_offsets
                .iter()
                .find(|o| o.broker == broker)
                .cloned();
            let role = if !p.replicas.contains(&broker) {
                ReplicaRole::None
            } else if p.leader == Some(broker) {
                ReplicaRole::Leader
            } else if p.leader.is_some() && p.isr.contains(&broker) {
                ReplicaRole::InSync
            } else {
                ReplicaRole::OutOfSync
            };
            let behind = match (&offsets, leader_leo, role) {
                (Some(o), Some(leo), r) if r != ReplicaRole::None => Some((leo - o.leo).max(0)),
                _ => None,
            };
            ReplicaCell {
                broker,
                role,
                offsets,
                behind,
            }
        })
        .collect();
    ReplicaRow {
        partition: p.partition,
        leader: p.leader,
        leader_epoch: p.leader_epoch,
        flag: PartitionFlag::of(p),
        cells,
    }
}

/// One topic's block of the replica grid.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicaTopic {
    pub name: String,
    pub is_internal: bool,
    pub rows: Vec<ReplicaRow>,
    /// Per broker column: (partitions it leads, replicas it holds) of this topic, the folded
    /// summary of an internal topic.
    pub per_broker: Vec<(usize, usize)>,
    pub under_replicated: usize,
    pub offline: usize,
}

/// The replica grid of every topic, under the columns of `brokers`.
pub fn replica_topics(
    brokers: &[i32],
    topics: &[crate::engine::view::TopicView],
) -> Vec<ReplicaTopic> {
    topics
        .iter()
        .map(|t| {
            let rows: Vec<ReplicaRow> = t
                .partitions
                .iter()
                .map(|p| replica_row(brokers, p))
                .collect();
            let per_broker = (0..brokers.len())
                .map(|i| {
                    let leads = rows
                        .iter()
                        .filter(|r| r.cells[i].role == ReplicaRole::Leader)
                        .count();
                    let holds = rows
                        .iter()
                        .filter(|r| r.cells[i].role != ReplicaRole::None)
                        .count();
                    (leads, holds)
                })
                .collect();
            let count = |flag| rows.iter().filter(|r| r.flag == flag).count();
            ReplicaTopic {
                name: t.name.clone(),
                is_internal: t.is_internal,
                per_broker,
                under_replicated: count(PartitionFlag::UnderReplicated),
                offline: count(PartitionFlag::Offline),
                rows,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elapsed_time_reads_as_minutes_then_hours() {
        assert_eq!(format_elapsed(0), "T+0:00.000");
        assert_eq!(format_elapsed(62_250), "T+1:02.250");
        assert_eq!(format_elapsed(3_723_004), "T+1:02:03.004");
        assert_eq!(format_elapsed(-5), "T+0:00.000");
    }

    #[test]
    fn bytes_use_binary_units() {
        assert_eq!(format_bytes(0), "0 B");
        assert_eq!(format_bytes(1023), "1023 B");
        assert_eq!(format_bytes(1536), "1.5 KiB");
        assert_eq!(format_bytes(10 * 1024 * 1024), "10.0 MiB");
        assert_eq!(format_bytes(3 << 30), "3.0 GiB");
    }

    #[test]
    fn utc_matches_known_instants() {
        assert_eq!(format_utc(0), "1970-01-01 00:00:00.000");
        assert_eq!(format_utc(1_700_000_000_123), "2023-11-14 22:13:20.123");
        assert_eq!(format_utc(951_782_400_000), "2000-02-29 00:00:00.000");
        assert_eq!(format_utc(-1), "1969-12-31 23:59:59.999");
    }

    fn broker(id: i32, status: BrokerStatus) -> BrokerView {
        BrokerView {
            id,
            rack: None,
            is_controller: id == 0,
            status,
            isolated: false,
            fenced: false,
            fetch_delay_ms: 0,
        }
    }

    fn offsets(broker: i32, hw: i64, leo: i64) -> ReplicaOffsets {
        ReplicaOffsets {
            broker,
            log_start_offset: 0,
            hw,
            leo,
        }
    }

    fn partition(leader: Option<i32>, replicas: &[i32], isr: &[i32]) -> PartitionView {
        PartitionView {
            partition: 0,
            leader,
            leader_epoch: 3,
            replicas: replicas.to_vec(),
            isr: isr.to_vec(),
            replica_offsets: vec![offsets(1, 7, 10), offsets(2, 7, 7), offsets(0, 5, 5)],
            log_start_offset: 0,
            hw: 7,
            lso: 7,
            leo: 10,
            size_bytes: 0,
            segments: Vec::new(),
        }
    }

    #[test]
    fn buttons_type_the_playground_broker_commands() {
        assert_eq!(BrokerAction::Stop.command(1), "broker stop 1");
        assert_eq!(BrokerAction::Crash.command(2), "broker crash 2");
        assert_eq!(BrokerAction::Start.command(0), "broker start 0");
        assert_eq!(BrokerAction::Isolate.command(1), "broker isolate 1");
        assert_eq!(BrokerAction::Heal.command(1), "broker heal 1");
        assert_eq!(BrokerAction::Slow.command(2), "broker slow 2 45000");
        assert_eq!(BrokerAction::Fast.command(2), "broker slow 2 0");
        assert_eq!(BrokerAction::Crash.label(1, Lang::En), "Crash broker 1");
        for action in [
            BrokerAction::Stop,
            BrokerAction::Crash,
            BrokerAction::Start,
            BrokerAction::Isolate,
            BrokerAction::Heal,
            BrokerAction::Slow,
            BrokerAction::Fast,
        ] {
            for lang in [Lang::Ko, Lang::En] {
                let label = action.label(1, lang).to_lowercase();
                let word = action.text().get(lang).to_lowercase();
                assert!(label.contains("broker 1"), "{label}");
                assert!(label.contains(&word), "{label} does not say {word}");
            }
        }
    }

    #[test]
    fn a_running_broker_offers_faults_and_a_down_one_offers_start() {
        let running = broker(1, BrokerStatus::Running);
        assert_eq!(
            broker_actions(&running),
            [
                BrokerAction::Stop,
                BrokerAction::Crash,
                BrokerAction::Isolate,
                BrokerAction::Slow
            ]
        );
        assert_eq!(broker_conditions(&running), [BrokerCondition::Running]);
        let faulty = BrokerView {
            isolated: true,
            fenced: true,
            fetch_delay_ms: 45_000,
            ..running.clone()
        };
        assert_eq!(
            broker_actions(&faulty),
            [
                BrokerAction::Stop,
                BrokerAction::Crash,
                BrokerAction::Heal,
                BrokerAction::Fast
            ]
        );
        assert_eq!(
            broker_conditions(&faulty),
            [
                BrokerCondition::Running,
                BrokerCondition::Isolated,
                BrokerCondition::Fenced,
                BrokerCondition::Slow
            ]
        );
        let crashed = BrokerView {
            fenced: true,
            ..broker(2, BrokerStatus::Crashed)
        };
        assert_eq!(broker_actions(&crashed), [BrokerAction::Start]);
        assert_eq!(
            broker_conditions(&crashed),
            [BrokerCondition::Crashed, BrokerCondition::Fenced]
        );
        assert_eq!(
            broker_actions(&broker(0, BrokerStatus::Stopped)),
            [BrokerAction::Start]
        );
    }

    #[test]
    fn broker_columns_carry_their_health_figures() {
        let brokers = [
            broker(0, BrokerStatus::Running),
            broker(1, BrokerStatus::Running),
        ];
        let health = [BrokerHealth {
            broker: 1,
            leaders: 2,
            replicas: 5,
            bytes_in: 300,
            bytes_out: 200,
            messages_in: 3,
        }];
        let columns = broker_columns(&brokers, &health);
        assert_eq!(columns.len(), 2);
        assert!(columns[0].is_controller);
        assert_eq!((columns[0].leaders, columns[0].replicas), (0, 0));
        assert_eq!(
            (
                columns[1].leaders,
                columns[1].replicas,
                columns[1].bytes_in,
                columns[1].bytes_out
            ),
            (2, 5, 300, 200)
        );
    }

    #[test]
    fn replicas_sit_under_their_brokers_with_roles_and_lag() {
        // Broker 1 leads, 2 follows in sync, 0 fell out of the ISR; broker 3 holds nothing.
        let p = partition(Some(1), &[1, 2, 0], &[1, 2]);
        let row = replica_row(&[0, 1, 2, 3], &p);
        assert_eq!(row.flag, PartitionFlag::UnderReplicated);
        assert_eq!(row.leader_epoch, 3);
        let roles: Vec<ReplicaRole> = row.cells.iter().map(|c| c.role).collect();
        assert_eq!(
            roles,
            [
                ReplicaRole::OutOfSync,
                ReplicaRole::Leader,
                ReplicaRole::InSync,
                ReplicaRole::None
            ]
        );
        let behind: Vec<Option<i64>> = row.cells.iter().map(|c| c.behind).collect();
        assert_eq!(behind, [Some(5), Some(0), Some(3), None]);
        assert_eq!(row.cells[0].offsets.as_ref().map(|o| o.hw), Some(5));
        assert_eq!(row.cells[3].offsets, None);
    }

    #[test]
    fn a_partition_without_a_leader_is_offline_and_nobody_is_in_sync() {
        let p = partition(None, &[1, 2], &[1]);
        let row = replica_row(&[0, 1, 2], &p);
        assert_eq!(row.flag, PartitionFlag::Offline);
        assert_eq!(row.cells[1].role, ReplicaRole::OutOfSync);
        assert_eq!(row.cells[1].behind, None);
        assert_eq!(row.cells[0].role, ReplicaRole::None);
        let healthy = partition(Some(1), &[1, 2], &[1, 2]);
        assert_eq!(PartitionFlag::of(&healthy), PartitionFlag::Healthy);
    }

    #[test]
    fn topics_sum_up_per_broker_for_the_folded_row() {
        let topic = crate::engine::view::TopicView {
            name: "__consumer_offsets".to_owned(),
            topic_id: String::new(),
            is_internal: true,
            replication_factor: 2,
            config_overrides: Vec::new(),
            partitions: vec![
                partition(Some(1), &[1, 2], &[1, 2]),
                partition(Some(2), &[2, 0], &[2]),
                partition(None, &[0, 1], &[0]),
            ],
        };
        let grid = replica_topics(&[0, 1, 2], &[topic]);
        assert_eq!(grid.len(), 1);
        assert_eq!(grid[0].per_broker, [(0, 2), (1, 2), (1, 2)]);
        assert_eq!((grid[0].under_replicated, grid[0].offline), (1, 1));
    }

    #[test]
    fn every_condition_has_its_own_word_and_class() {
        use BrokerCondition as C;
        let all = [
            C::Running,
            C::Stopped,
            C::Crashed,
            C::Isolated,
            C::Fenced,
            C::Slow,
        ];
        for lang in [Lang::Ko, Lang::En] {
            let words: std::collections::BTreeSet<&str> =
                all.iter().map(|c| c.text().get(lang)).collect();
            assert_eq!(words.len(), all.len(), "{lang:?} words repeat");
        }
        let classes: std::collections::BTreeSet<&str> = all.iter().map(|c| c.class()).collect();
        assert_eq!(classes.len(), all.len());
        assert_eq!(PartitionFlag::Offline.text().get(Lang::Ko), "offline");
        assert_eq!(ReplicaRole::Leader.text().get(Lang::Ko), "leader");
    }

    /// The cluster panel's parts for a playground now, without the clock.
    fn panel_parts(
        pg: &crate::engine::playground::Playground<crate::storage::memory::MemoryStorage>,
    ) -> (Vec<BrokerColumn>, Vec<ReplicaTopic>) {
        let view = pg.cluster().view();
        let ids: Vec<i32> = view.brokers.iter().map(|b| b.id).collect();
        (
            broker_columns(&view.brokers, &view.health.brokers),
            replica_topics(&ids, &view.topics),
        )
    }

    #[test]
    fn on_a_real_cluster_a_quiet_tick_changes_nothing_and_a_crashed_leader_moves() {
        use crate::engine::playground::{Playground, PlaygroundConfig};
        use crate::engine::profile::VersionProfile;
        use crate::engine::topic::registry::CreateTopicRequest;
        use crate::storage::memory::MemoryStorage;
        let start_ms = 1_700_000_000_000;
        let mut pg = Playground::new(
            PlaygroundConfig::new(7, VersionProfile::Kafka4x),
            MemoryStorage::new(),
            start_ms,
        );
        pg.cluster_mut()
            .create_topic(&CreateTopicRequest::new("failover", 1, 3), false, start_ms)
            .expect("three brokers take a replication factor of 3");
        pg.pass_time(start_ms + 1_000);
        let before = panel_parts(&pg);
        // The UI's clock ticks every 250 ms; with no traffic its panels must not re-render.
        pg.pass_time(start_ms + 1_250);
        assert_eq!(panel_parts(&pg), before);

        let topic = before.1.iter().find(|t| t.name == "failover").unwrap();
        let row = &topic.rows[0];
        assert_eq!(row.flag, PartitionFlag::Healthy);
        let leader = row.leader.expect("a new partition has a leader");
        let roles = |r: &ReplicaRow, role| r.cells.iter().filter(|c| c.role == role).count();
        assert_eq!(roles(row, ReplicaRole::Leader), 1);
        assert_eq!(roles(row, ReplicaRole::InSync), 2);

        pg.cluster_mut()
            .crash_broker(leader, start_ms + 1_250)
            .unwrap();
        // broker.session.timeout.ms (9 s) later the controller fences it and elects anew.
        pg.pass_time(start_ms + 12_000);
        let (columns, topics) = panel_parts(&pg);
        let moved = &topics.iter().find(|t| t.name == "failover").unwrap().rows[0];
        assert!(moved.leader.is_some_and(|l| l != leader), "{moved:?}");
        assert!(moved.leader_epoch > row.leader_epoch);
        assert_eq!(moved.flag, PartitionFlag::UnderReplicated);
        let crashed_cell = moved.cells.iter().find(|c| c.broker == leader).unwrap();
        assert_eq!(crashed_cell.role, ReplicaRole::OutOfSync);
        let column = columns.iter().find(|c| c.id == leader).unwrap();
        assert_eq!(column.conditions[0], BrokerCondition::Crashed);
        assert!(column.conditions.contains(&BrokerCondition::Fenced));
        assert_eq!(column.actions, [BrokerAction::Start]);
        assert_eq!(column.leaders, 0);

        // Started again, it runs, offers its faults again, catches up and rejoins the ISR.
        pg.cluster_mut()
            .start_broker(leader, start_ms + 12_000)
            .unwrap();
        pg.pass_time(start_ms + 20_000);
        let (columns, topics) = panel_parts(&pg);
        let back = &topics.iter().find(|t| t.name == "failover").unwrap().rows[0];
        let cell = back.cells.iter().find(|c| c.broker == leader).unwrap();
        assert_eq!(cell.role, ReplicaRole::InSync, "{back:?}");
        assert_eq!(cell.behind, Some(0));
        assert_eq!(back.flag, PartitionFlag::Healthy);
        let column = columns.iter().find(|c| c.id == leader).unwrap();
        assert_eq!(
            column.actions,
            [
                BrokerAction::Stop,
                BrokerAction::Crash,
                BrokerAction::Isolate,
                BrokerAction::Slow
            ]
        );
        assert_eq!(column.conditions, [BrokerCondition::Running]);
    }

    #[test]
    fn every_button_command_is_one_the_terminal_runs() {
        use crate::cli::Shell;
        use crate::engine::playground::{Playground, PlaygroundConfig};
        use crate::engine::profile::VersionProfile;
        use crate::storage::memory::MemoryStorage;
        let start_ms = 1_700_000_000_000;
        let mut pg = Playground::new(
            PlaygroundConfig::new(3, VersionProfile::Kafka4x),
            MemoryStorage::new(),
            start_ms,
        );
        let mut shell = Shell::new();
        // Each action in an order where the broker is in the state that offers it.
        for action in [
            BrokerAction::Slow,
            BrokerAction::Fast,
            BrokerAction::Isolate,
            BrokerAction::Heal,
            BrokerAction::Stop,
            BrokerAction::Start,
            BrokerAction::Crash,
            BrokerAction::Start,
        ] {
            let broker = pg.cluster().view().brokers[1].clone();
            assert!(broker_actions(&broker).contains(&action), "{action:?}");
            let now_ms = pg.now_ms() + 100;
            let out = shell.run_line(&mut pg, &action.command(1), now_ms);
            assert_eq!(out.exit_code, 0, "{action:?}: {out:?}");
        }
    }
}
