//! `ConsumerGroupService.describeGroups`: the offsets view (the default, and `--offsets`),
//! `--members` and `--state`, each with `--verbose`, for `--group`s or `--all-groups`.
//!
//! The group is read as the admin client's `describeConsumerGroups` sees it: a group the
//! coordinator does not know is `Dead` with no members (`DescribeConsumerGroupsHandler`
//! reports `GROUP_ID_NOT_FOUND` so); outside `Stable` a classic group is described without
//! its members' assignments and with an empty protocol (`ClassicGroup.describe` answers
//! `describeNoMetadata` for its members then).

use super::options::{self, ConsumerGroupCommandOptions};
use super::service::{consumer_group_ids, hash_map_order};
use super::{find_coordinator, java_len, pad, Failure, Printer, MISSING_COLUMN_VALUE};
use crate::cli::java_hash_map::topic_partition_hash;
use crate::engine::cluster::Cluster;
use crate::engine::group::coordinator::{ClassicGroupState, CommittedOffsetView};
use crate::engine::log::partition_log::FetchUpperBound;
use crate::engine::log::OffsetSpec;
use crate::engine::topic_partition::TopicPartition;
use crate::storage::SegmentStorage;

/// One member as `MemberDescription` carries it.
#[derive(Debug, Clone)]
pub struct Member {
    pub consumer_id: String,
    pub group_instance_id: Option<String>,
    pub client_id: String,
    pub host: String,
    /// `assignment().topicPartitions()`, in its `HashSet`'s order.
    pub assignment: Vec<TopicPartition>,
}

/// A group as `ConsumerGroupDescription` carries it.
#[derive(Debug, Clone)]
pub struct Described {
    pub group_id: String,
    pub state: ClassicGroupState,
    /// `partitionAssignor()`: empty outside `Stable`.
    pub partition_assignor: String,
    pub coordinator: i32,
    pub members: Vec<Member>,
    /// `listConsumerGroupOffsets`: committed offsets, by partition.
    pub offsets: Vec<CommittedOffsetView>,
}

/// `describeConsumerGroups` and `listConsumerGroupOffsets` for one group.
pub fn describe_group<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    group_id: &str,
    now_ms: i64,
) -> Result<Described, Failure> {
    let coordinator = find_coordinator(cluster, group_id, now_ms)?;
    let Some(description) = cluster.describe_group(group_id) else {
        return Ok(Described {
            group_id: group_id.to_owned(),
            state: ClassicGroupState::Dead,
            partition_assignor: String::new(),
            coordinator,
            members: Vec::new(),
            offsets: Vec::new(),
        });
    };
    let group = description.group;
    let stable = group.state == ClassicGroupState::Stable;
    let members = group
        .members
        .iter()
        .map(|m| Member {
            consumer_id: m.member_id.clone(),
            group_instance_id: m.group_instance_id.clone(),
            client_id: m.client_id.clone(),
            host: m.client_host.clone(),
            assignment: if stable {
                // `new HashSet<>(topicPartitions)` in `MemberAssignment`.
                hash_map_order(m.assignment.clone(), |tp| {
                    topic_partition_hash(&tp.topic, tp.partition)
                })
            } else {
                Vec::new()
            },
        })
        .collect();
    Ok(Described {
        group_id: group.group_id.clone(),
        state: group.state,
        partition_assignor: if stable {
            group.protocol_name.clone().unwrap_or_default()
        } else {
            String::new()
        },
        coordinator,
        members,
        offsets: group.offsets.clone(),
    })
}

/// The log end offset (`OffsetSpec.latest()`, the high watermark for the admin client's
/// `read_uncommitted`); `None` when the log has no answer (`Unknown`).
pub fn log_end_offset<S: SegmentStorage>(
    cluster: &Cluster<S>,
    tp: &TopicPartition,
) -> Result<Option<i64>, Failure> {
    log_offset(cluster, tp, OffsetSpec::Latest)
}

/// `getLogOffsets` for one partition: a failed `listOffsets` ends the command.
pub fn log_offset<S: SegmentStorage>(
    cluster: &Cluster<S>,
    tp: &TopicPartition,
    spec: OffsetSpec,
) -> Result<Option<i64>, Failure> {
    match cluster.list_offsets(tp, spec, FetchUpperBound::Hw) {
        Ok(found) => Ok(found.map(|t| t.offset)),
        Err(e) => Err(Failure::execution(e.code, e.code.doc())),
    }
}

/// One row of the offsets view (`PartitionAssignmentState`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionRow {
    pub group: String,
    pub topic: Option<String>,
    pub partition: Option<i32>,
    pub leader_epoch: Option<i32>,
    pub offset: Option<i64>,
    pub log_end_offset: Option<i64>,
    pub lag: Option<i64>,
    pub consumer_id: String,
    pub host: String,
    pub client_id: String,
}

/// `getLag`.
fn lag(offset: Option<i64>, log_end_offset: Option<i64>) -> Option<i64> {
    offset
        .filter(|&o| o != -1)
        .and_then(|o| log_end_offset.map(|end| end - o))
}

/// `collectConsumerAssignment` → `describePartitions`: the partitions sorted by partition,
/// then in the order of `getLogEndOffsets`' `HashMap`.
fn describe_partitions<S: SegmentStorage>(
    cluster: &Cluster<S>,
    group: &Described,
    partitions: Vec<TopicPartition>,
    (consumer_id, host, client_id): (&str, &str, &str),
) -> Result<Vec<PartitionRow>, Failure> {
    let mut sorted = partitions;
    crate::sort::sort_by_key(&mut sorted, |tp| tp.partition);
    let ordered = hash_map_order(sorted, |tp| topic_partition_hash(&tp.topic, tp.partition));
    let mut rows = Vec::new();
    for tp in ordered {
        let committed = group.offsets.iter().find(|o| o.topic_partition == tp);
        let offset = committed.map(|o| o.committed_offset);
        let log_end_offset = log_end_offset(cluster, &tp)?;
        rows.push(PartitionRow {
            group: group.group_id.clone(),
            topic: Some(tp.topic.clone()),
            partition: Some(tp.partition),
            leader_epoch: committed
                .map(|o| o.committed_leader_epoch)
                .filter(|&e| e >= 0),
            offset,
            log_end_offset,
            lag: lag(offset, log_end_offset),
            consumer_id: consumer_id.to_owned(),
            host: host.to_owned(),
            client_id: client_id.to_owned(),
        });
    }
    Ok(rows)
}

/// `collectGroupsOffsets` for one group: members by assignment size (largest first), their
/// partitions, then the committed partitions no member holds.
pub fn collect_group_offsets<S: SegmentStorage>(
    cluster: &Cluster<S>,
    group: &Described,
) -> Result<Vec<PartitionRow>, Failure> {
    let mut members: Vec<&Member> = group
        .members
        .iter()
        .filter(|m| !m.assignment.is_empty())
        .collect();
    crate::sort::sort_by_key(&mut members, |m| std::cmp::Reverse(m.assignment.len()));
    let mut rows = Vec::new();
    let mut assigned: Vec<&TopicPartition> = Vec::new();
    for m in members {
        assigned.extend(m.assignment.iter());
        rows.extend(describe_partitions(
            cluster,
            group,
            m.assignment.clone(),
            (&m.consumer_id, &m.host, &m.client_id),
        )?);
    }
    // The admin client's `HashMap` of committed offsets, then `unassignedPartitions`.
    let committed: Vec<TopicPartition> = hash_map_order(
        group
            .offsets
            .iter()
            .map(|o| o.topic_partition.clone())
            .collect(),
        |tp| topic_partition_hash(&tp.topic, tp.partition),
    );
    let unassigned: Vec<TopicPartition> = hash_map_order(
        committed
            .into_iter()
            .filter(|tp| !assigned.contains(&tp))
            .collect(),
        |tp| topic_partition_hash(&tp.topic, tp.partition),
    );
    if !unassigned.is_empty() {
        rows.extend(describe_partitions(
            cluster,
            group,
            unassigned,
            (
                MISSING_COLUMN_VALUE,
                MISSING_COLUMN_VALUE,
                MISSING_COLUMN_VALUE,
            ),
        )?);
    }
    Ok(rows)
}

/// `shouldPrintMemberState`: the group's state as a message, and whether its rows follow.
fn should_print_member_state(
    p: &mut Printer,
    group: &str,
    state: ClassicGroupState,
    rows: usize,
) -> bool {
    match state {
        ClassicGroupState::Dead => {
            p.print_error(&format!("Consumer group '{group}' does not exist."));
        }
        ClassicGroupState::Empty => {
            p.eprintln(&format!(
                "\nConsumer group '{group}' has no active members."
            ));
        }
        ClassicGroupState::PreparingRebalance | ClassicGroupState::CompletingRebalance => {
            p.eprintln(&format!(
                "\nWarning: Consumer group '{group}' is rebalancing."
            ));
        }
        ClassicGroupState::Stable => {}
    }
    state != ClassicGroupState::Dead && rows > 0
}

fn or_missing<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| MISSING_COLUMN_VALUE.to_string(), |v| v.to_string())
}

/// `printOffsets` for one group (`printOffsetFormat`'s widths).
fn print_offsets(p: &mut Printer, group: &Described, rows: &[PartitionRow], verbose: bool) {
    if !should_print_member_state(p, &group.group_id, group.state, rows.len()) {
        return;
    }
    let width = |f: &dyn Fn(&PartitionRow) -> usize| rows.iter().map(f).fold(15, usize::max);
    let group_w = width(&|r| java_len(&r.group));
    let topic_w = width(&|r| java_len(r.topic.as_deref().unwrap_or(MISSING_COLUMN_VALUE)));
    let consumer_w = width(&|r| java_len(&r.consumer_id));
    let host_w = width(&|r| java_len(&r.host));
    let line = |cols: [&str; 10]| {
        let mut s = format!(
            "\n{} {} {} ",
            pad(cols[0], group_w),
            pad(cols[1], topic_w),
            pad(cols[2], 10)
        );
        if verbose {
            s.push_str(&pad(cols[3], 15));
            s.push(' ');
        }
        s.push_str(&format!(
            "{} {} {} {} {} {}",
            pad(cols[4], 15),
            pad(cols[5], 15),
            pad(cols[6], 15),
            pad(cols[7], consumer_w),
            pad(cols[8], host_w),
            cols[9]
        ));
        s
    };
    p.print(&line([
        "GROUP",
        "TOPIC",
        "PARTITION",
        "LEADER-EPOCH",
        "CURRENT-OFFSET",
        "LOG-END-OFFSET",
        "LAG",
        "CONSUMER-ID",
        "HOST",
        "CLIENT-ID",
    ]));
    for r in rows {
        p.print(&line([
            &r.group,
            r.topic.as_deref().unwrap_or(MISSING_COLUMN_VALUE),
            &or_missing(r.partition),
            &or_missing(r.leader_epoch),
            &or_missing(r.offset),
            &or_missing(r.log_end_offset),
            &or_missing(r.lag),
            &r.consumer_id,
            &r.host,
            &r.client_id,
        ]));
    }
    p.println("");
}

/// `getAssignmentString`: `topic:0,1,2` per topic, partitions in order, topics sorted as
/// strings and joined with `;`.
fn assignment_string(assignment: &[TopicPartition]) -> String {
    let mut topics: Vec<&str> = assignment.iter().map(|tp| tp.topic.as_str()).collect();
    topics.dedup();
    crate::sort::sort(&mut topics);
    topics.dedup();
    let mut entries: Vec<String> = topics
        .iter()
        .map(|topic| {
            let mut partitions: Vec<i32> = assignment
                .iter()
                .filter(|tp| tp.topic == *topic)
                .map(|tp| tp.partition)
                .collect();
            crate::sort::sort(&mut partitions);
            let list: Vec<String> = partitions.iter().map(i32::to_string).collect();
            format!("{topic}:{}", list.join(","))
        })
        .collect();
    crate::sort::sort(&mut entries);
    entries.join(";")
}

/// `printMembers` for one group. Kafka prints the header even for a group it reports as
/// missing.
fn print_members(p: &mut Printer, group: &Described, verbose: bool) {
    let members = &group.members;
    let (mut group_w, mut consumer_w, mut instance_w, mut host_w, mut client_w) =
        (15, 15, 17, 15, 15);
    let (mut current_w, target_w) = (20, 20);
    let mut include_instance_id = false;
    if should_print_member_state(p, &group.group_id, group.state, members.len()) {
        for m in members {
            let instance = m.group_instance_id.as_deref().unwrap_or("");
            group_w = group_w.max(java_len(&group.group_id));
            consumer_w = consumer_w.max(java_len(&m.consumer_id));
            instance_w = instance_w.max(java_len(instance));
            host_w = host_w.max(java_len(&m.host));
            client_w = client_w.max(java_len(&m.client_id));
            include_instance_id |= !instance.is_empty();
            let current = if m.assignment.is_empty() {
                MISSING_COLUMN_VALUE.to_string()
            } else {
                assignment_string(&m.assignment)
            };
            current_w = current_w.max(java_len(&current));
        }
    }
    let head = |cols: [&str; 6]| {
        let mut s = format!("{} {} ", pad(cols[0], group_w), pad(cols[1], consumer_w));
        if include_instance_id {
            s.push_str(&pad(cols[2], instance_w));
            s.push(' ');
        }
        s.push_str(&format!(
            "{} {} {} ",
            pad(cols[3], host_w),
            pad(cols[4], client_w),
            pad(cols[5], 15)
        ));
        s
    };
    let tail = |cols: [&str; 4]| {
        format!(
            "{} {} {} {}",
            pad(cols[0], 15),
            pad(cols[1], current_w),
            pad(cols[2], 15),
            pad(cols[3], target_w)
        )
    };
    p.print(&format!(
        "\n{}",
        head([
            "GROUP",
            "CONSUMER-ID",
            "GROUP-INSTANCE-ID",
            "HOST",
            "CLIENT-ID",
            "#PARTITIONS"
        ])
    ));
    if verbose {
        p.print(&tail([
            "CURRENT-EPOCH",
            "CURRENT-ASSIGNMENT",
            "TARGET-EPOCH",
            "TARGET-ASSIGNMENT",
        ]));
    }
    p.println("");
    for m in members {
        p.print(&head([
            &group.group_id,
            &m.consumer_id,
            m.group_instance_id.as_deref().unwrap_or(""),
            &m.host,
            &m.client_id,
            &m.assignment.len().to_string(),
        ]));
        if verbose {
            let current = if m.assignment.is_empty() {
                MISSING_COLUMN_VALUE.to_string()
            } else {
                assignment_string(&m.assignment)
            };
            // A classic member has no epoch and no target assignment (KIP-848 fields).
            p.print(&tail([
                MISSING_COLUMN_VALUE,
                &current,
                MISSING_COLUMN_VALUE,
                MISSING_COLUMN_VALUE,
            ]));
        }
        p.println("");
    }
}

/// The coordinator as `printStates` shows it: `host:port  (id)`; see the module doc of
/// [`super`] for kplay's addresses.
pub fn coordinator_string(id: i32) -> String {
    format!("localhost:{}  ({id})", 9092 + i64::from(id))
}

/// `printStates` for one group.
fn print_state(p: &mut Printer, group: &Described, verbose: bool) {
    if !should_print_member_state(p, &group.group_id, group.state, 1) {
        return;
    }
    let coordinator = coordinator_string(group.coordinator);
    let coordinator_w = java_len(&coordinator).max(25);
    let group_w = java_len(&group.group_id).max(15);
    let strategy = if group.partition_assignor.is_empty() {
        MISSING_COLUMN_VALUE
    } else {
        &group.partition_assignor
    };
    let members = group.members.len().to_string();
    if verbose {
        let line = |c: [&str; 7]| {
            format!(
                "\n{} {} {} {} {} {} {}",
                pad(c[0], group_w),
                pad(c[1], coordinator_w),
                pad(c[2], 20),
                pad(c[3], 20),
                pad(c[4], 15),
                pad(c[5], 25),
                c[6]
            )
        };
        p.print(&line([
            "GROUP",
            "COORDINATOR (ID)",
            "ASSIGNMENT-STRATEGY",
            "STATE",
            "GROUP-EPOCH",
            "TARGET-ASSIGNMENT-EPOCH",
            "#MEMBERS",
        ]));
        p.print(&line([
            &group.group_id,
            &coordinator,
            strategy,
            group.state.name(),
            MISSING_COLUMN_VALUE,
            MISSING_COLUMN_VALUE,
            &members,
        ]));
    } else {
        let line = |c: [&str; 5]| {
            format!(
                "\n{} {} {} {} {}",
                pad(c[0], group_w),
                pad(c[1], coordinator_w),
                pad(c[2], 20),
                pad(c[3], 20),
                c[4]
            )
        };
        p.print(&line([
            "GROUP",
            "COORDINATOR (ID)",
            "ASSIGNMENT-STRATEGY",
            "STATE",
            "#MEMBERS",
        ]));
        p.print(&line([
            &group.group_id,
            &coordinator,
            strategy,
            group.state.name(),
            &members,
        ]));
    }
    p.println("");
}

/// `describeGroups`: every group (sorted by id, a `TreeMap`) in the view the flags ask for.
pub fn describe_groups<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    opts: &ConsumerGroupCommandOptions,
    p: &mut Printer,
    now_ms: i64,
) -> Result<(), Failure> {
    let mut ids = if opts.has(&options::ALL_GROUPS) {
        consumer_group_ids(cluster)
    } else {
        opts.groups().to_vec()
    };
    crate::sort::sort(&mut ids);
    ids.dedup();
    let verbose = opts.has(&options::VERBOSE);
    let members = opts.has(&options::MEMBERS);
    let state = opts.has(&options::STATE);
    let offsets = opts.has(&options::OFFSETS) || (!members && !state);
    let mut groups = Vec::new();
    for id in &ids {
        groups.push(describe_group(cluster, id, now_ms)?);
    }
    if offsets {
        let mut all_rows = Vec::new();
        for g in &groups {
            all_rows.push(collect_group_offsets(cluster, g)?);
        }
        for (g, rows) in groups.iter().zip(&all_rows) {
            print_offsets(p, g, rows, verbose);
        }
    } else if members {
        for g in &groups {
            print_members(p, g, verbose);
        }
    } else {
        for g in &groups {
            print_state(p, g, verbose);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignment_strings_group_by_topic() {
        let a = vec![
            TopicPartition::new("b", 2),
            TopicPartition::new("a", 1),
            TopicPartition::new("b", 0),
        ];
        assert_eq!(assignment_string(&a), "a:1;b:0,2");
        assert_eq!(lag(Some(3), Some(10)), Some(7));
        assert_eq!(lag(Some(-1), Some(10)), None);
        assert_eq!(lag(None, Some(10)), None);
        assert_eq!(coordinator_string(0), "localhost:9092  (0)");
    }
}
