//! [`MetadataSource`]: what the producer knows of the cluster: each topic's partitions and
//! their leaders.
//!
//! Kafka's producer caches metadata and refreshes it every `metadata.max.age.ms` (5 min) or
//! when an error says it is stale, which is why a newly added partition is not used at once.
//! kplay's producer is `metadata.max.age.ms`-free: it reads the topic's partitions from the
//! cluster on each `send` and each drain, so adding partitions changes where keys go from the
//! next record on. Records already in batches keep the partition they were given.

/// The cluster as a producer sees it.
pub trait MetadataSource {
    /// The replicas of each partition of `topic`, leader first (index = partition id), or
    /// `None` when the topic does not exist.
    fn partition_replicas(&self, topic: &str) -> Option<&[Vec<i32>]>;

    /// The brokers a client can reach (for requests any broker may answer).
    fn broker_ids(&self) -> &[i32];

    /// Every topic's name (a consumer's pattern subscription matches them).
    fn topic_names(&self) -> Vec<String> {
        Vec::new()
    }
}

/// The leader of `partition`, if it has one.
pub fn leader_for(replicas: &[Vec<i32>], partition: i32) -> Option<i32> {
    usize::try_from(partition)
        .ok()
        .and_then(|p| replicas.get(p))
        .and_then(|r| r.first().copied())
}

/// `Cluster.availablePartitionsForTopic`: the partitions that have a leader, in order.
pub fn available_partitions(replicas: &[Vec<i32>], out: &mut Vec<i32>) {
    out.clear();
    out.extend(
        replicas
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.is_empty())
            .map(|(p, _)| p as i32),
    );
}

/// A fixed metadata snapshot, for tests and benchmarks without a cluster.
#[derive(Debug, Clone, Default)]
pub struct StaticMetadata {
    pub topics: std::collections::BTreeMap<String, Vec<Vec<i32>>>,
    pub brokers: Vec<i32>,
}

impl StaticMetadata {
    /// One broker (0) leading every partition of each `(topic, partitions)`.
    pub fn single_broker(topics: &[(&str, usize)]) -> StaticMetadata {
        StaticMetadata {
            topics: topics
                .iter()
                .map(|(t, n)| ((*t).to_owned(), vec![vec![0]; *n]))
                .collect(),
            brokers: vec![0],
        }
    }
}

impl MetadataSource for StaticMetadata {
    fn partition_replicas(&self, topic: &str) -> Option<&[Vec<i32>]> {
        self.topics.get(topic).map(Vec::as_slice)
    }

    fn broker_ids(&self) -> &[i32] {
        &self.brokers
    }

    fn topic_names(&self) -> Vec<String> {
        self.topics.keys().cloned().collect()
    }
}
