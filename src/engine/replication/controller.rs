//! The KRaft controller's side of replication, and the failures a learner causes: brokers
//! stopping cleanly, crashing, restarting, being cut off or slowed; fencing when a lease
//! expires; leader elections (`ReplicationControlManager`, `PartitionChangeBuilder`); the
//! leaders' periodic ISR shrink (`ReplicaManager.maybeShrinkIsr`); and the preferred-leader
//! rebalance (`auto.leader.rebalance.enable`).

use super::broker_state::BrokerStatus;
use super::election::{elect_leader, isr_without, Election};
use super::event::{FenceReason, IsrShrinkReason, ReplicationEvent};
use super::partition::Follower;
use crate::engine::api_error::ApiError;
use crate::engine::cluster::Cluster;
use crate::engine::error_code::ErrorCode;
use crate::engine::event::Event;
use crate::engine::producer_state::ProducerStateManager;
use crate::engine::topic_partition::TopicPartition;
use crate::storage::SegmentStorage;

/// Why a broker command was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BrokerCommandError {
    #[error("There is no broker {0} in this cluster.")]
    UnknownBroker(i32),
    #[error("Broker {broker} is already {state}.")]
    AlreadyInState { broker: i32, state: &'static str },
}

impl<S: SegmentStorage> Cluster<S> {
    fn broker_state_mut(
        &mut self,
        broker: i32,
    ) -> Result<&mut super::BrokerState, BrokerCommandError> {
        self.brokers
            .get_mut(&broker)
            .ok_or(BrokerCommandError::UnknownBroker(broker))
    }

    fn set_status(&mut self, broker: i32, to: BrokerStatus) {
        let state = self
            .brokers
            .get_mut(&broker)
            .expect("checked by the caller");
        let from = state.status;
        state.status = to;
        self.push_event(Event::Replication(ReplicationEvent::BrokerStatusChanged {
            broker,
            from,
            to,
        }));
    }

    /// A clean shutdown (`kafka-server-stop.sh`): the broker asks the controller to move its
    /// leaderships and take it out of every ISR (controlled shutdown), then stops.
    pub fn stop_broker(&mut self, broker: i32, now_ms: i64) -> Result<(), BrokerCommandError> {
        self.advance(now_ms);
        let state = self.broker_state_mut(broker)?;
        if state.status != BrokerStatus::Running {
            return Err(BrokerCommandError::AlreadyInState {
                broker,
                state: "down",
            });
        }
        self.set_status(broker, BrokerStatus::Stopped);
        self.fence(broker, FenceReason::ControlledShutdown);
        self.broker_went_away(broker);
        Ok(())
    }

    /// A crash (`kill -9`): the broker stops answering at once; the controller moves its
    /// leaderships only when its lease expires, `broker.session.timeout.ms` later.
    pub fn crash_broker(&mut self, broker: i32, now_ms: i64) -> Result<(), BrokerCommandError> {
        self.advance(now_ms);
        let session = i64::from(self.config.broker.int("broker.session.timeout.ms"));
        let now = self.now_ms;
        let state = self.broker_state_mut(broker)?;
        if state.status != BrokerStatus::Running {
            return Err(BrokerCommandError::AlreadyInState {
                broker,
                state: "down",
            });
        }
        if !state.fenced {
            state.lease_expiry_ms.get_or_insert(now + session);
        }
        self.set_status(broker, BrokerStatus::Crashed);
        self.broker_went_away(broker);
        Ok(())
    }

    /// Starts a stopped or crashed broker: it registers with the controller, is unfenced,
    /// and its replicas fetch from their leaders, truncating where they diverged.
    pub fn start_broker(&mut self, broker: i32, now_ms: i64) -> Result<(), BrokerCommandError> {
        self.advance(now_ms);
        let state = self.broker_state_mut(broker)?;
        if state.status == BrokerStatus::Running {
            return Err(BrokerCommandError::AlreadyInState {
                broker,
                state: "running",
            });
        }
        let crashed_unfenced = state.status == BrokerStatus::Crashed && !state.fenced;
        state.lease_expiry_ms = None;
        if crashed_unfenced {
            // A new incarnation registers: the controller fences the old one first, moving
            // its leaderships as a lease expiry would.
            self.fence(broker, FenceReason::SessionExpired);
        }
        self.set_status(broker, BrokerStatus::Running);
        if !self.brokers[&broker].isolated {
            self.unfence(broker);
        }
        self.ensure_fetchers();
        self.refresh_client_metadata();
        Ok(())
    }

    /// Cuts `broker` off from every other node (`isolated`), or heals the partition. An
    /// isolated broker keeps running but cannot reach the controller, so it is fenced when
    /// its lease expires; its own ISR changes cannot reach the controller either.
    pub fn isolate_broker(
        &mut self,
        broker: i32,
        isolated: bool,
        now_ms: i64,
    ) -> Result<(), BrokerCommandError> {
        self.advance(now_ms);
        let session = i64::from(self.config.broker.int("broker.session.timeout.ms"));
        let now = self.now_ms;
        let state = self.broker_state_mut(broker)?;
        if state.isolated == isolated {
            return Err(BrokerCommandError::AlreadyInState {
                broker,
                state: if isolated { "isolated" } else { "connected" },
            });
        }
        state.isolated = isolated;
        let running = state.status == BrokerStatus::Running;
        if isolated {
            if !state.fenced {
                state.lease_expiry_ms.get_or_insert(now + session);
            }
        } else if running {
            state.lease_expiry_ms = None;
        }
        self.push_event(Event::Replication(ReplicationEvent::BrokerIsolation {
            broker,
            isolated,
        }));
        if isolated {
            self.broker_went_away(broker);
        } else if running {
            if self.brokers[&broker].fenced {
                self.unfence(broker);
            }
            self.ensure_fetchers();
        }
        self.refresh_client_metadata();
        Ok(())
    }

    /// Slows `broker`'s follower fetches by `delay_ms` each (0: healthy), so it falls behind
    /// and, past `replica.lag.time.max.ms`, out of the ISR.
    pub fn set_fetch_delay(
        &mut self,
        broker: i32,
        delay_ms: i64,
        now_ms: i64,
    ) -> Result<(), BrokerCommandError> {
        self.advance(now_ms);
        let state = self.broker_state_mut(broker)?;
        state.fetch_delay_ms = delay_ms.max(0);
        self.push_event(Event::Replication(ReplicationEvent::BrokerFetchDelay {
            broker,
            delay_ms: delay_ms.max(0),
        }));
        Ok(())
    }

    /// What stops when a broker stops answering: its fetchers, the fetches parked on it and
    /// the produce requests waiting on it.
    fn broker_went_away(&mut self, broker: i32) {
        self.replication.drop_fetchers_of(broker);
        self.replication.delayed.drop_parked_on(broker);
        self.refresh_client_metadata();
    }

    /// The controller fences `broker`: out of every ISR, and leaderships it held move to
    /// another in-sync replica (`ReplicationControlManager.handleBrokerFenced`, or
    /// `handleBrokerInControlledShutdown`). A partition with no other in-sync replica goes
    /// offline, unless its topic allows an unclean election (never on a controlled shutdown).
    fn fence(&mut self, broker: i32, reason: FenceReason) {
        let state = self
            .brokers
            .get_mut(&broker)
            .expect("checked by the caller");
        if state.fenced {
            return;
        }
        state.fenced = true;
        state.lease_expiry_ms = None;
        self.push_event(Event::Replication(ReplicationEvent::BrokerFenced {
            broker,
            reason,
        }));
        let affected: Vec<TopicPartition> = self
            .partitions
            .iter()
            .filter(|(_, s)| s.isr.contains(&broker) || s.leader == Some(broker))
            .map(|(tp, _)| tp.clone())
            .collect();
        for tp in affected {
            let state = &self.partitions[&tp];
            let new_isr = isr_without(&state.isr, broker);
            let unclean_allowed = reason == FenceReason::SessionExpired
                && state.log.config().unclean_leader_election_enable;
            let election = if unclean_allowed {
                Election::Unclean
            } else {
                Election::Online
            };
            self.change_partition(&tp, election, new_isr);
        }
        self.try_complete_delayed_produces();
    }

    /// A registered broker is unfenced (`handleBrokerUnfenced`): partitions without a leader
    /// whose ISR holds it elect it; topics allowing unclean elections take it as a last resort.
    fn unfence(&mut self, broker: i32) {
        let state = self
            .brokers
            .get_mut(&broker)
            .expect("checked by the caller");
        if !state.fenced {
            return;
        }
        state.fenced = false;
        self.push_event(Event::Replication(ReplicationEvent::BrokerUnfenced {
            broker,
        }));
        let leaderless: Vec<TopicPartition> = self
            .partitions
            .iter()
            .filter(|(_, s)| s.leader.is_none())
            .map(|(tp, _)| tp.clone())
            .collect();
        for tp in leaderless {
            let state = &self.partitions[&tp];
            let election = if state.log.config().unclean_leader_election_enable {
                Election::Unclean
            } else {
                Election::Online
            };
            let isr = state.isr.clone();
            self.change_partition(&tp, election, isr);
        }
    }

    /// Fences brokers whose lease expired by now.
    pub(crate) fn expire_leases(&mut self) {
        let now = self.now_ms;
        let expired: Vec<i32> = self
            .brokers
            .values()
            .filter(|b| b.lease_expiry_ms.is_some_and(|t| t <= now))
            .map(|b| b.id)
            .collect();
        for broker in expired {
            self.fence(broker, FenceReason::SessionExpired);
        }
    }

    /// When the next lease expires.
    pub(crate) fn next_lease_expiry_ms(&self) -> Option<i64> {
        self.brokers
            .values()
            .filter_map(|b| b.lease_expiry_ms)
            .min()
    }

    /// Applies a partition change the controller decided: the new ISR, and the leader
    /// `election` picks from it. Returns the new leader if it changed.
    pub(crate) fn change_partition(
        &mut self,
        tp: &TopicPartition,
        election: Election,
        new_isr: Vec<i32>,
    ) -> Option<Option<i32>> {
        let replicas = self.partition_replicas(tp);
        let brokers = &self.brokers;
        let acceptable = |id: i32| brokers.get(&id).is_some_and(|b| b.is_acceptable());
        let state = self.partitions.get(tp)?;
        let result = elect_leader(election, &replicas, &new_isr, state.leader, acceptable);
        let isr_changed = new_isr != state.isr;
        let leader_changed = result.leader != state.leader;
        if !isr_changed && !leader_changed {
            return None;
        }
        if isr_changed && !leader_changed {
            let removed: Vec<i32> = state
                .isr
                .iter()
                .copied()
                .filter(|r| !new_isr.contains(r))
                .collect();
            let state = self.partitions.get_mut(tp).expect("looked up above");
            state.isr = new_isr.clone();
            state.partition_epoch += 1;
            for broker in removed {
                self.replication.isr_shrinks += 1;
                self.push_event(Event::Replication(ReplicationEvent::IsrShrunk {
                    topic: tp.topic.clone(),
                    partition: tp.partition,
                    broker,
                    isr: new_isr.clone(),
                    reason: IsrShrinkReason::BrokerFenced,
                }));
            }
            self.maybe_increment_hw(tp);
            return None;
        }
        let isr = if result.unclean {
            vec![result.leader.expect("an unclean election elects someone")]
        } else {
            new_isr
        };
        self.apply_leader_change(tp, result.leader, isr, election, result.unclean);
        Some(result.leader)
    }

    /// A new leader (or none) takes over `tp` with a bumped leader epoch: the new leader's
    /// replica moves into the leader slot, its producer state is rebuilt from its log, the
    /// epoch starts at its LEO (`Partition.makeLeader`), and the followers' states reset.
    fn apply_leader_change(
        &mut self,
        tp: &TopicPartition,
        new_leader: Option<i32>,
        isr: Vec<i32>,
        election: Election,
        unclean: bool,
    ) {
        let now = self.now_ms;
        let replication_factor = self.partition_replicas(tp).len();
        let state = self
            .partitions
            .get_mut(tp)
            .expect("the caller looked it up");
        let from = state.leader;
        let committed_hw = state.log.hw();
        state.leader = new_leader;
        state.leader_epoch += 1;
        state.partition_epoch += 1;
        state.isr = isr;
        if let Some(leader) = new_leader {
            if leader != state.local {
                let incoming = state
                    .followers
                    .remove(&leader)
                    .expect("a partition's leader is one of its replicas");
                let old_local = state.local;
                let outgoing_log = std::mem::replace(&mut state.log, incoming.log);
                let outgoing_epochs = std::mem::replace(&mut state.epochs, incoming.epochs);
                let mut outgoing = Follower::new(outgoing_log);
                outgoing.epochs = outgoing_epochs;
                outgoing.log.set_hw_follows_leo(false);
                state.followers.insert(old_local, outgoing);
                state.local = leader;
                // The new leader's producer state and aborted transactions, from its log
                // (`ProducerStateManager` is rebuilt on a follower too in Kafka; here it is
                // rebuilt when the replica becomes leader, which yields the same state).
                let (producers, open_txns) =
                    ProducerStateManager::load_from_log(&state.log, &self.storage)
                        .unwrap_or_else(|_| (ProducerStateManager::new(&state.log.name()), vec![]));
                for (producer_id, first_offset) in open_txns {
                    state.log.begin_txn(producer_id, first_offset);
                }
                state.producers = producers;
                state.aborted_txns = state
                    .log
                    .aborted_transactions(&self.storage)
                    .unwrap_or_default();
            }
            state.log.set_hw_follows_leo(replication_factor <= 1);
            state.leader_epoch_start_offset = state.log.leo();
            let leo = state.log.leo();
            state.epochs.assign(state.leader_epoch, leo);
            let isr = state.isr.clone();
            for (id, f) in state.followers.iter_mut() {
                f.reset_for_new_leader(now, isr.contains(id));
            }
        }
        let leader_epoch = state.leader_epoch;
        let new_leader_leo = state.log.leo();
        self.push_event(Event::Replication(ReplicationEvent::LeaderChanged {
            topic: tp.topic.clone(),
            partition: tp.partition,
            from,
            to: new_leader,
            leader_epoch,
            election,
            unclean,
        }));
        if unclean {
            self.replication.unclean_elections += 1;
            if let Some(leader) = new_leader {
                if new_leader_leo < committed_hw {
                    self.push_event(Event::Replication(ReplicationEvent::UncleanDataLoss {
                        topic: tp.topic.clone(),
                        partition: tp.partition,
                        leader,
                        new_leader_leo,
                        high_watermark: committed_hw,
                    }));
                }
            }
        }
        if new_leader.is_some() {
            self.maybe_increment_hw(tp);
        }
        self.ensure_fetchers();
        self.refresh_client_metadata();
        self.try_complete_delayed_produces();
    }

    /// `ReplicaManager.maybeShrinkIsr`, every `replica.lag.time.max.ms / 2`: each serving
    /// leader drops the followers that are not caught up (through AlterPartition, which an
    /// isolated leader cannot send).
    pub(crate) fn shrink_isrs(&mut self) {
        let now = self.now_ms;
        let lag = self.config.broker.long("replica.lag.time.max.ms");
        let shrinks: Vec<(TopicPartition, Vec<i32>)> = self
            .partitions
            .iter()
            .filter(|(_, s)| s.leader.is_some_and(|l| self.is_serving(l)))
            .filter_map(|(tp, s)| {
                let out = s.out_of_sync_replicas(now, lag);
                (!out.is_empty()).then(|| (tp.clone(), out))
            })
            .collect();
        for (tp, out) in shrinks {
            let state = self.partitions.get_mut(&tp).expect("listed above");
            state.isr.retain(|r| !out.contains(r));
            state.partition_epoch += 1;
            let isr = state.isr.clone();
            for broker in out {
                self.replication.isr_shrinks += 1;
                self.push_event(Event::Replication(ReplicationEvent::IsrShrunk {
                    topic: tp.topic.clone(),
                    partition: tp.partition,
                    broker,
                    isr: isr.clone(),
                    reason: IsrShrinkReason::Lagging,
                }));
            }
            self.maybe_increment_hw(&tp);
        }
        self.try_complete_delayed_produces();
    }

    /// ElectLeaders (`kafka-leader-election.sh`) for `partitions` (every partition when
    /// `None`, as `--all-topic-partitions`). Each partition answers as
    /// `ReplicationControlManager.electLeader` does: `ELECTION_NOT_NEEDED` when the leader
    /// would not change, `PREFERRED_LEADER_NOT_AVAILABLE` / `ELIGIBLE_LEADERS_NOT_AVAILABLE`
    /// when no replica may take over, `UNKNOWN_TOPIC_OR_PARTITION` for a partition that
    /// does not exist.
    pub fn elect_leaders(
        &mut self,
        election: Election,
        partitions: Option<Vec<TopicPartition>>,
        now_ms: i64,
    ) -> Vec<(TopicPartition, Result<(), ApiError>)> {
        self.advance(now_ms);
        let all = partitions.is_none();
        let targets =
            partitions.unwrap_or_else(|| self.partitions.keys().cloned().collect::<Vec<_>>());
        let mut results = Vec::new();
        for tp in targets {
            let Some(state) = self.partitions.get(&tp) else {
                // `ReplicationControlManager.electLeaders`' messages.
                let message = if self.registry.describe_topic(&tp.topic).is_ok() {
                    format!("No such partition as {tp}")
                } else {
                    format!("No such topic as {}", tp.topic)
                };
                results.push((
                    tp,
                    Err(ApiError::new(ErrorCode::UnknownTopicOrPartition, message)),
                ));
                continue;
            };
            let replicas = self.partition_replicas(&tp);
            let preferred = replicas.first().copied();
            let not_needed = match election {
                Election::Preferred => state.leader.is_some() && state.leader == preferred,
                Election::Unclean | Election::Online => state.leader.is_some(),
            };
            if not_needed {
                // `--all-topic-partitions` lists only the partitions whose leader changed.
                if !all {
                    results.push((
                        tp,
                        Err(ApiError::new(
                            ErrorCode::ElectionNotNeeded,
                            "Leader election not needed for topic partition.",
                        )),
                    ));
                }
                continue;
            }
            let isr = state.isr.clone();
            match self.change_partition(&tp, election, isr) {
                Some(Some(_)) => results.push((tp, Ok(()))),
                _ => {
                    // The controller answers with the error's default message.
                    let code = match election {
                        Election::Preferred => ErrorCode::PreferredLeaderNotAvailable,
                        _ => ErrorCode::EligibleLeadersNotAvailable,
                    };
                    results.push((tp, Err(ApiError::new(code, code.doc()))));
                }
            }
        }
        results
    }

    /// `auto.leader.rebalance.enable`: the controller's periodic preferred-leader election
    /// (`ReplicationControlManager.maybeBalancePartitionLeaders`) for every partition whose
    /// preferred replica is in sync and may lead but does not.
    pub(crate) fn balance_leaders(&mut self) {
        let imbalanced: Vec<TopicPartition> = self
            .partitions
            .iter()
            .filter(|(tp, s)| {
                let replicas = self.partition_replicas(tp);
                let preferred = replicas.first().copied();
                s.leader.is_some()
                    && s.leader != preferred
                    && preferred.is_some_and(|p| {
                        s.isr.contains(&p)
                            && self.brokers.get(&p).is_some_and(|b| b.is_acceptable())
                    })
            })
            .map(|(tp, _)| tp.clone())
            .collect();
        for tp in imbalanced {
            let isr = self.partitions[&tp].isr.clone();
            self.change_partition(&tp, Election::Preferred, isr);
        }
    }
}
