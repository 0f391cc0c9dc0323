//! [`ClusterHealth`]: the figures Kafka exports through JMX that tell whether replication is
//! healthy (`ReplicaManager` `UnderReplicatedPartitions`, `OfflinePartitionsCount`,
//! `UnderMinIsrPartitionCount`, `IsrShrinksPerSec`, `IsrExpandsPerSec`,
//! `UncleanLeaderElectionsPerSec`, `BrokerTopicMetrics` `BytesInPerSec`/`BytesOutPerSec`),
//! as counts the UI charts over time.

use crate::engine::acks;
use crate::engine::cluster::Cluster;
use crate::storage::SegmentStorage;

/// One broker's share.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BrokerHealth {
    pub broker: i32,
    /// Partitions it leads.
    pub leaders: usize,
    /// Replicas it holds.
    pub replicas: usize,
    /// Records it appended as leader, since the start (`MessagesInPerSec` counts them).
    pub messages_in: u64,
    /// Bytes appended to its logs (produce and replication), since the start.
    pub bytes_in: u64,
    /// Bytes it served to consumers and followers, since the start.
    pub bytes_out: u64,
}

/// The cluster's replication health at one instant.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ClusterHealth {
    /// Partitions with a leader whose ISR is smaller than the replica list.
    pub under_replicated: usize,
    /// Partitions without a leader.
    pub offline: usize,
    /// Partitions whose ISR is below the effective `min.insync.replicas`.
    pub under_min_isr: usize,
    pub isr_shrinks: u64,
    pub isr_expands: u64,
    pub unclean_elections: u64,
    /// `acks=all` produce requests waiting for the ISR.
    pub delayed_produces: usize,
    pub brokers: Vec<BrokerHealth>,
}

impl<S: SegmentStorage> Cluster<S> {
    /// The replication health figures now.
    pub fn health(&self) -> ClusterHealth {
        let mut under_replicated = 0;
        let mut offline = 0;
        let mut under_min_isr = 0;
        for (tp, state) in &self.partitions {
            let replicas = self.partition_replicas(tp).len();
            match state.leader {
                None => offline += 1,
                Some(_) if state.isr.len() < replicas => under_replicated += 1,
                Some(_) => {}
            }
            let min_isr = acks::effective_min_isr(
                state.log.config().min_insync_replicas,
                replicas,
                self.config.min_isr_rule,
            );
            if (state.isr.len() as i32) < min_isr {
                under_min_isr += 1;
            }
        }
        let brokers = self
            .brokers
            .keys()
            .map(|&broker| BrokerHealth {
                broker,
                leaders: self
                    .partitions
                    .values()
                    .filter(|s| s.leader == Some(broker))
                    .count(),
                replicas: self
                    .partitions
                    .values()
                    .filter(|s| s.local == broker || s.followers.contains_key(&broker))
                    .count(),
                messages_in: self
                    .replication
                    .messages_in
                    .get(&broker)
                    .copied()
                    .unwrap_or(0),
                bytes_in: self.replication.bytes_in.get(&broker).copied().unwrap_or(0),
                bytes_out: self
                    .replication
                    .bytes_out
                    .get(&broker)
                    .copied()
                    .unwrap_or(0),
            })
            .collect();
        ClusterHealth {
            under_replicated,
            offline,
            under_min_isr,
            isr_shrinks: self.replication.isr_shrinks,
            isr_expands: self.replication.isr_expands,
            unclean_elections: self.replication.unclean_elections,
            delayed_produces: self.replication.delayed.len(),
            brokers,
        }
    }
}
