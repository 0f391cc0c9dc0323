//! [`PartitionState`]: one partition across the cluster (Kafka's `Partition` on its leader,
//! plus each follower's own log): the leader and its epoch, the ISR, and every replica's log.
//!
//! The leader's replica sits in the `log`/`producers`/`aborted_txns` fields, where the
//! request paths read it; every other replica is a [`Follower`] with a log of its own in its
//! broker's log directory. When leadership moves, the two swap places.

use std::collections::BTreeMap;

use super::epoch_cache::LeaderEpochCache;
use crate::engine::acks::{self, MinIsrRule};
use crate::engine::log::cleaned_txn::AbortedTxn;
use crate::engine::log::partition_log::PartitionLog;
use crate::engine::log::LogEvent;
use crate::engine::producer_state::ProducerStateManager;

/// `Replica.ReplicaState.UnknownOffset`: a follower's LEO before its first fetch to a new
/// leader.
pub const UNKNOWN_OFFSET: i64 = -1;

/// A replica that is not the leader: its own log and what the leader knows of it
/// (`Replica.ReplicaState`).
#[derive(Debug, Clone)]
pub(crate) struct Follower {
    pub(crate) log: PartitionLog,
    pub(crate) epochs: LeaderEpochCache,
    /// The fetch offset of its last fetch, as the leader saw it ([`UNKNOWN_OFFSET`] until it
    /// fetched from this leader).
    pub(crate) leo_on_leader: i64,
    /// `lastCaughtUpTimeMs`: the last time it had everything the leader had.
    pub(crate) last_caught_up_ms: i64,
    /// `lastFetchLeaderLogEndOffset` and `lastFetchTimeMs`.
    pub(crate) last_fetch_leader_leo: i64,
    pub(crate) last_fetch_ms: i64,
}

impl Follower {
    pub(crate) fn new(log: PartitionLog) -> Follower {
        Follower {
            log,
            epochs: LeaderEpochCache::default(),
            leo_on_leader: UNKNOWN_OFFSET,
            last_caught_up_ms: 0,
            last_fetch_leader_leo: UNKNOWN_OFFSET,
            last_fetch_ms: 0,
        }
    }

    /// `Replica.resetReplicaState` when a new leader takes over: the LEO is unknown, and a
    /// member of the ISR counts as caught up now (others as never).
    pub(crate) fn reset_for_new_leader(&mut self, now_ms: i64, in_isr: bool) {
        self.leo_on_leader = UNKNOWN_OFFSET;
        self.last_fetch_leader_leo = UNKNOWN_OFFSET;
        self.last_fetch_ms = 0;
        self.last_caught_up_ms = if in_isr { now_ms } else { 0 };
    }

    /// `ReplicaState.isCaughtUp`: it has the leader's LEO, or had it within
    /// `replica.lag.time.max.ms`.
    pub(crate) fn is_caught_up(&self, leader_leo: i64, now_ms: i64, lag_max_ms: i64) -> bool {
        self.leo_on_leader == leader_leo || now_ms - self.last_caught_up_ms <= lag_max_ms
    }

    /// `Replica.updateFetchStateOrThrow`: a fetch at `fetch_offset` when the leader's LEO
    /// was `leader_leo`.
    pub(crate) fn update_fetch_state(&mut self, fetch_offset: i64, leader_leo: i64, now_ms: i64) {
        if fetch_offset >= leader_leo {
            self.last_caught_up_ms = self.last_caught_up_ms.max(now_ms);
        } else if fetch_offset >= self.last_fetch_leader_leo {
            self.last_caught_up_ms = self.last_caught_up_ms.max(self.last_fetch_ms);
        }
        self.leo_on_leader = fetch_offset;
        self.last_fetch_leader_leo = leader_leo;
        self.last_fetch_ms = now_ms;
    }
}

/// One partition across the cluster.
#[derive(Debug, Clone)]
pub(crate) struct PartitionState {
    /// The leader, `None` while the partition is offline.
    pub(crate) leader: Option<i32>,
    /// Bumped by each leader change (KRaft's `PartitionRegistration.leaderEpoch`).
    pub(crate) leader_epoch: i32,
    /// Bumped by every change of leader, ISR or replicas (`partitionEpoch`).
    pub(crate) partition_epoch: i32,
    /// The in-sync replicas, in the order the controller wrote them.
    pub(crate) isr: Vec<i32>,
    /// The broker whose replica is in `log`: the leader, or the last leader while offline.
    pub(crate) local: i32,
    /// The LEO when the current leader took over (`leaderEpochStartOffsetOpt`): a follower
    /// joins the ISR only once it has everything of earlier epochs.
    pub(crate) leader_epoch_start_offset: i64,
    pub(crate) log: PartitionLog,
    pub(crate) epochs: LeaderEpochCache,
    pub(crate) producers: ProducerStateManager,
    /// The aborted transactions of the log (what Kafka's `.txnindex` files hold), oldest
    /// first; entries whose ABORT marker fell below the log start offset are dropped.
    pub(crate) aborted_txns: Vec<AbortedTxn>,
    /// Every other replica, by broker id.
    pub(crate) followers: BTreeMap<i32, Follower>,
}

/// What the leader needs to know to move its high watermark.
pub(crate) struct HwContext<'a> {
    pub(crate) now_ms: i64,
    pub(crate) replica_lag_time_max_ms: i64,
    pub(crate) min_isr_rule: MinIsrRule,
    pub(crate) replication_factor: usize,
    /// Whether a broker may join the ISR (`isReplicaIsrEligible`: not fenced, not shutting
    /// down).
    pub(crate) isr_eligible: &'a dyn Fn(i32) -> bool,
}

impl PartitionState {
    pub(crate) fn new(
        leader: Option<i32>,
        local: i32,
        isr: Vec<i32>,
        log: PartitionLog,
        followers: BTreeMap<i32, Follower>,
    ) -> PartitionState {
        let producers = ProducerStateManager::new(&log.name());
        PartitionState {
            leader,
            leader_epoch: 0,
            partition_epoch: 0,
            isr,
            local,
            leader_epoch_start_offset: log.leo(),
            log,
            epochs: LeaderEpochCache::default(),
            producers,
            aborted_txns: Vec::new(),
            followers,
        }
    }

    /// The log of `broker`'s replica, if it has one.
    pub(crate) fn replica_log(&self, broker: i32) -> Option<&PartitionLog> {
        if broker == self.local {
            Some(&self.log)
        } else {
            self.followers.get(&broker).map(|f| &f.log)
        }
    }

    /// `Partition.isUnderMinIsr` (Kafka 3.7+, KAFKA-15583): the ISR is smaller than the
    /// effective minimum, so the HW stays where it is. Older versions had no such check.
    pub(crate) fn is_under_min_isr(&self, rule: MinIsrRule, replication_factor: usize) -> bool {
        rule == MinIsrRule::CappedByReplicas
            && (self.isr.len() as i32)
                < acks::effective_min_isr(
                    self.log.config().min_insync_replicas,
                    replication_factor,
                    rule,
                )
    }

    /// `Partition.maybeIncrementLeaderHW`: the HW becomes the smallest LEO among the ISR and
    /// the followers that are caught up and may join it (so a follower about to join is
    /// waited for), never the leader's own LEO exceeded. Returns whether it moved.
    pub(crate) fn maybe_increment_leader_hw(
        &mut self,
        ctx: &HwContext<'_>,
        events: &mut Vec<LogEvent>,
    ) -> bool {
        if self.leader.is_none() || self.is_under_min_isr(ctx.min_isr_rule, ctx.replication_factor)
        {
            return false;
        }
        let leader_leo = self.log.leo();
        let mut new_hw = leader_leo;
        for (&id, f) in &self.followers {
            let waited_for = self.isr.contains(&id)
                || (f.is_caught_up(leader_leo, ctx.now_ms, ctx.replica_lag_time_max_ms)
                    && (ctx.isr_eligible)(id));
            if waited_for && f.leo_on_leader < new_hw {
                new_hw = f.leo_on_leader;
            }
        }
        let before = self.log.hw();
        self.log.update_hw(new_hw, events) > before
    }

    /// `Partition.isFollowerInSync` for an ISR expansion: the follower has reached the HW and
    /// everything of earlier leader epochs.
    pub(crate) fn is_follower_in_sync(&self, follower: i32) -> bool {
        self.followers.get(&follower).is_some_and(|f| {
            f.leo_on_leader >= self.log.hw() && f.leo_on_leader >= self.leader_epoch_start_offset
        })
    }

    /// The followers of the ISR that are no longer caught up (`Partition.getOutOfSyncReplicaIds`).
    pub(crate) fn out_of_sync_replicas(&self, now_ms: i64, lag_max_ms: i64) -> Vec<i32> {
        let leader_leo = self.log.leo();
        self.isr
            .iter()
            .copied()
            .filter(|id| Some(*id) != self.leader)
            .filter(|id| {
                self.followers
                    .get(id)
                    .is_some_and(|f| !f.is_caught_up(leader_leo, now_ms, lag_max_ms))
            })
            .collect()
    }
}
