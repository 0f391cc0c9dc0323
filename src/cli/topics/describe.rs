//! The lines `kafka-topics --describe` prints (`TopicCommand.TopicDescription` and
//! `TopicCommand.PartitionDescription`), and the report filters that choose them
//! (`TopicCommand.DescribeOptions`).
//!
//! Fields are separated by TABs. `Configs` lists the entries that are not defaults
//! (`!ConfigEntry.isDefault()`) as `k=v` joined by `,`. `Elr`/`LastKnownElr` (KIP-966) print the
//! lists of `TopicPartitionInfo.elr()`/`lastKnownElr()`, or `N/A` when those are null: the admin
//! client describes topics *by name* with DescribeTopicPartitions, which a Kafka 4 broker
//! answers with lists (empty while ELR is off), so `Elr: ` prints empty; *by id* it still uses
//! the Metadata API, which carries no ELR, so `--topic-id` prints `Elr: N/A`.

use crate::engine::topic::topic_id::TopicId;
use crate::engine::topic::ConfigEntry;
use crate::engine::view::PartitionView;

/// `TopicDescription.printDescription`.
pub fn topic_line(
    topic: &str,
    topic_id: TopicId,
    partition_count: usize,
    replication_factor: usize,
    entries: &[ConfigEntry],
) -> String {
    let configs: Vec<String> = entries
        .iter()
        .filter(|e| !e.is_default)
        .map(|e| format!("{}={}", e.name, e.value.as_deref().unwrap_or("null")))
        .collect();
    let mut line = format!("Topic: {topic}");
    if topic_id != TopicId::ZERO {
        line.push_str(&format!("\tTopicId: {topic_id}"));
    }
    line.push_str(&format!(
        "\tPartitionCount: {partition_count}\tReplicationFactor: {replication_factor}\tConfigs: {}",
        configs.join(",")
    ));
    line
}

/// Whether the partition info carries ELR lists (DescribeTopicPartitions) or not (Metadata).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElrInfo {
    /// Described by name: the broker's (empty) ELR lists.
    Lists,
    /// Described by topic id: `N/A`.
    Absent,
}

fn ids(ids: &[i32]) -> String {
    ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
}

/// `PartitionDescription.printDescription` (no reassignment is ever in progress in kplay, so
/// `Adding Replicas`/`Removing Replicas` never show).
pub fn partition_line(topic: &str, p: &PartitionView, elr: ElrInfo) -> String {
    let leader = p
        .leader
        .map_or_else(|| "none".to_string(), |l| l.to_string());
    let mut line = format!(
        "\tTopic: {topic}\tPartition: {}\tLeader: {leader}\tReplicas: {}\tIsr: {}",
        p.partition,
        ids(&p.replicas),
        ids(&p.isr)
    );
    match elr {
        ElrInfo::Lists => line.push_str("\tElr: \tLastKnownElr: "),
        ElrInfo::Absent => line.push_str("\tElr: N/A\tLastKnownElr: N/A"),
    }
    line
}

/// The report flags of `--describe`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reports {
    pub under_replicated: bool,
    pub unavailable: bool,
    pub under_min_isr: bool,
    pub at_min_isr: bool,
    pub topics_with_overrides: bool,
}

impl Reports {
    /// `DescribeOptions.describeConfigs`: the topic line shows unless a partition report is asked.
    pub fn describe_configs(&self) -> bool {
        !(self.under_replicated || self.unavailable || self.under_min_isr || self.at_min_isr)
    }

    /// `DescribeOptions.describePartitions`.
    pub fn describe_partitions(&self) -> bool {
        !self.topics_with_overrides
    }

    /// `DescribeOptions.shouldPrintTopicPartition`.
    pub fn should_print_partition(
        &self,
        p: &PartitionView,
        min_isr: usize,
        live_brokers: &[i32],
    ) -> bool {
        let has_leader = p.leader.is_some();
        // `getReplicationFactor` without a reassignment: the replica count.
        let under_replicated = p.replicas.len() > p.isr.len();
        let unavailable = p.leader.is_none_or(|l| !live_brokers.contains(&l));
        let under_min_isr = !has_leader || p.isr.len() < min_isr;
        let at_min_isr = p.isr.len() == min_isr;
        self.describe_configs()
            || (self.under_replicated && under_replicated)
            || (self.unavailable && unavailable)
            || (self.under_min_isr && under_min_isr)
            || (self.at_min_isr && at_min_isr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partition(leader: Option<i32>, replicas: &[i32], isr: &[i32]) -> PartitionView {
        PartitionView {
            partition: 2,
            leader,
            leader_epoch: 0,
            replicas: replicas.to_vec(),
            isr: isr.to_vec(),
            replica_offsets: Vec::new(),
            log_start_offset: 0,
            hw: 0,
            lso: 0,
            leo: 0,
            size_bytes: 0,
            segments: Vec::new(),
        }
    }

    #[test]
    fn partition_lines() {
        let p = partition(Some(1), &[1, 0], &[0, 1]);
        assert_eq!(
            partition_line("t", &p, ElrInfo::Lists),
            "\tTopic: t\tPartition: 2\tLeader: 1\tReplicas: 1,0\tIsr: 0,1\tElr: \tLastKnownElr: "
        );
        let p = partition(None, &[1], &[]);
        assert_eq!(
            partition_line("t", &p, ElrInfo::Absent),
            "\tTopic: t\tPartition: 2\tLeader: none\tReplicas: 1\tIsr: \tElr: N/A\tLastKnownElr: N/A"
        );
    }

    #[test]
    fn report_filters() {
        let healthy = partition(Some(0), &[0, 1], &[0, 1]);
        let shrunk = partition(Some(0), &[0, 1], &[0]);
        let leaderless = partition(None, &[0, 1], &[]);
        let live = [0, 1];
        let all = Reports::default();
        assert!(all.should_print_partition(&healthy, 2, &live));
        let urp = Reports {
            under_replicated: true,
            ..Reports::default()
        };
        assert!(!urp.describe_configs());
        assert!(!urp.should_print_partition(&healthy, 1, &live));
        assert!(urp.should_print_partition(&shrunk, 1, &live));
        let unavailable = Reports {
            unavailable: true,
            ..Reports::default()
        };
        assert!(unavailable.should_print_partition(&leaderless, 1, &live));
        assert!(unavailable.should_print_partition(&healthy, 1, &[1]));
        assert!(!unavailable.should_print_partition(&healthy, 1, &live));
        let under = Reports {
            under_min_isr: true,
            ..Reports::default()
        };
        assert!(under.should_print_partition(&shrunk, 2, &live));
        assert!(!under.should_print_partition(&shrunk, 1, &live));
        let at = Reports {
            at_min_isr: true,
            ..Reports::default()
        };
        assert!(at.should_print_partition(&shrunk, 1, &live));
        assert!(!at.should_print_partition(&healthy, 1, &live));
    }
}
