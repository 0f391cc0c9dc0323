//! Topics created because a client asked for their metadata (Kafka's
//! `AutoTopicCreationManager`, reached from `KafkaApis.handleTopicMetadataRequest`).
//!
//! With `auto.create.topics.enable=true` (the broker default) a Metadata request that names an
//! unknown topic creates it with `num.partitions` partitions and `default.replication.factor`
//! replicas; the client sees `UNKNOWN_TOPIC_OR_PARTITION` once, refreshes its metadata and
//! finds the topic. kplay's clients read metadata from the cluster directly, so they call
//! [`Cluster::auto_create_topic`] where the Java client would have sent that Metadata request.
//! Internal topics are never created this way (Kafka creates them on FindCoordinator), and a
//! name Kafka would refuse is refused here too: the client then waits out `max.block.ms`.

use crate::engine::cluster::Cluster;
use crate::engine::topic::name;
use crate::engine::topic::registry::CreateTopicRequest;
use crate::storage::SegmentStorage;

impl<S: SegmentStorage> Cluster<S> {
    /// Creates `topic` with the broker defaults if it does not exist, the name is valid and
    /// `auto.create.topics.enable` is on. Returns whether the topic exists afterwards.
    pub fn auto_create_topic(&mut self, topic: &str, now_ms: i64) -> bool {
        if self.registry().describe_topic(topic).is_ok() {
            return true;
        }
        if !self.broker_config().auto_create_topics_enable() || name::is_internal(topic) {
            return false;
        }
        // `-1` takes `num.partitions` and `default.replication.factor`, as the manager's
        // `CreatableTopic` does.
        let request = CreateTopicRequest::new(topic, -1, -1);
        self.create_topic(&request, false, now_ms).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::cluster::{Cluster, ClusterConfig};
    use crate::engine::log::testing::TestStorage;

    fn cluster() -> Cluster<TestStorage> {
        Cluster::new(ClusterConfig::with_seed(1), TestStorage::new(), 0)
    }

    fn cluster_without_auto_create() -> Cluster<TestStorage> {
        let mut config = ClusterConfig::with_seed(1);
        config
            .broker
            .set("auto.create.topics.enable", "false")
            .unwrap();
        Cluster::new(config, TestStorage::new(), 0)
    }

    #[test]
    fn creates_with_broker_defaults() {
        let mut c = cluster();
        assert!(c.auto_create_topic("orders", 5));
        let meta = c.registry().describe_topic("orders").unwrap();
        assert_eq!(meta.replicas.len(), 1, "num.partitions defaults to 1");
        assert!(
            c.auto_create_topic("orders", 6),
            "an existing topic is kept"
        );
        assert_eq!(
            c.registry()
                .describe_topic("orders")
                .unwrap()
                .replicas
                .len(),
            1
        );
    }

    #[test]
    fn refuses_invalid_and_internal_names_and_respects_the_switch() {
        let mut c = cluster();
        assert!(!c.auto_create_topic("bad name", 0));
        assert!(!c.auto_create_topic("__consumer_offsets", 0));
        assert!(!cluster_without_auto_create().auto_create_topic("orders", 0));
    }
}
