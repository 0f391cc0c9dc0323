//! [`Event`]: everything the engine reports, across topics and partition logs.

use crate::engine::consumer::event::ConsumerEvent;
use crate::engine::group::coordinator::GroupEvent;
use crate::engine::log::LogEvent;
use crate::engine::net::NetEvent;
use crate::engine::producer::event::ProducerEvent;
use crate::engine::producer_state::ProducerStateEvent;
use crate::engine::replication::ReplicationEvent;
use crate::engine::topic::broker_config::BrokerConfigChange;
use crate::engine::topic::registry::TopicEvent;
use crate::engine::txn::TxnEvent;

/// One thing that changed in the cluster. The UI shows these in its event log; tests assert
/// on them. Each wraps the event of the layer that made the change.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Event {
    /// The controller's topic metadata changed (CreateTopics, DeleteTopics, CreatePartitions,
    /// IncrementalAlterConfigs).
    Topic(TopicEvent),
    /// A partition log changed (append, roll, retention, compaction, truncation, recovery).
    Log {
        topic: String,
        partition: i32,
        event: LogEvent,
    },
    /// Dynamic broker configs changed (IncrementalAlterConfigs on a `BROKER` resource, KIP-226):
    /// for one broker, or (`None`) as the cluster-wide default.
    BrokerConfigChanged {
        broker: Option<i32>,
        changes: Vec<BrokerConfigChange>,
    },
    /// A partition leader's producer state changed: duplicates, refused batches, epochs,
    /// transactions opening and closing, the last stable offset.
    Producer {
        topic: String,
        partition: i32,
        event: ProducerStateEvent,
    },
    /// InitProducerId and the transaction coordinator.
    Txn(TxnEvent),
    /// The classic group coordinator: joins, syncs, rebalances, expiries, commits.
    Group(GroupEvent),
    /// A producer client did something (`engine::producer`), `producer` being its index in
    /// the playground.
    ProducerClient { producer: u32, event: ProducerEvent },
    /// A consumer client did something (`engine::consumer`), `consumer` being its index in
    /// the playground.
    ConsumerClient { consumer: u32, event: ConsumerEvent },
    /// The simulated network carried, delayed or lost a message (`engine::net`).
    Net(NetEvent),
    /// Replication and the controller: brokers failing and returning, leaders, ISR
    /// changes, truncations (`engine::replication`).
    Replication(ReplicationEvent),
}
