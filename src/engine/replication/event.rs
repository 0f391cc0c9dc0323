//! [`ReplicationEvent`]: what replication, the controller and broker failures did, for the
//! event log, the UI and the CLI.

use super::broker_state::BrokerStatus;
use super::election::Election;

/// Why the controller fenced a broker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FenceReason {
    /// Its lease expired: no heartbeat for `broker.session.timeout.ms`.
    SessionExpired,
    /// It shut down cleanly.
    ControlledShutdown,
}

/// Why a follower left the ISR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum IsrShrinkReason {
    /// It did not catch up within `replica.lag.time.max.ms` (`Partition.maybeShrinkIsr`).
    Lagging,
    /// Its broker was fenced or shut down.
    BrokerFenced,
}

/// A replication or broker change.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ReplicationEvent {
    /// A broker stopped, crashed, or was restarted.
    BrokerStatusChanged {
        broker: i32,
        from: BrokerStatus,
        to: BrokerStatus,
    },
    /// A network partition cut a broker off, or healed.
    BrokerIsolation { broker: i32, isolated: bool },
    /// A broker's follower fetches were slowed (0: healthy again).
    BrokerFetchDelay { broker: i32, delay_ms: i64 },
    /// The controller fenced a broker.
    BrokerFenced { broker: i32, reason: FenceReason },
    /// A restarted or reconnected broker registered and was unfenced.
    BrokerUnfenced { broker: i32 },
    /// A partition's leader changed (or it went offline: `to` is `None`).
    LeaderChanged {
        topic: String,
        partition: i32,
        from: Option<i32>,
        to: Option<i32>,
        leader_epoch: i32,
        election: Election,
        unclean: bool,
    },
    /// A follower left the ISR.
    IsrShrunk {
        topic: String,
        partition: i32,
        broker: i32,
        isr: Vec<i32>,
        reason: IsrShrinkReason,
    },
    /// A follower caught up and joined the ISR.
    IsrExpanded {
        topic: String,
        partition: i32,
        broker: i32,
        isr: Vec<i32>,
    },
    /// A replica cut its log back to where it agrees with the leader (KIP-101, KIP-320):
    /// offsets `[to_offset, from_leo)` are gone from it. `committed_lost` counts those
    /// below the HW it had been told, i.e. records consumers may already have read.
    Truncated {
        topic: String,
        partition: i32,
        broker: i32,
        from_leo: i64,
        to_offset: i64,
        committed_lost: i64,
    },
    /// An unclean election made a replica leader that lacks acknowledged records: offsets
    /// `[new_leader_leo, high_watermark)` were committed and are lost.
    UncleanDataLoss {
        topic: String,
        partition: i32,
        leader: i32,
        new_leader_leo: i64,
        high_watermark: i64,
    },
    /// A follower's log was reset to the leader's log start offset, because what it
    /// asked for had been deleted on the leader.
    FollowerReset {
        topic: String,
        partition: i32,
        broker: i32,
        offset: i64,
    },
}
