//! [`GroupPanelView`]: plain data for the UI's consumer-groups panel, built from the broker's
//! group coordinator (`Cluster::list_groups` / `Cluster::describe_group`, the same data
//! `kafka-consumer-groups.sh --describe --members --offsets` prints) and the group's events in
//! the playground's event log, read as a rebalance timeline.
//!
//! Members get a colour from a small fixed palette by their place in the coordinator's member
//! list, so a member's partitions and its rows share one colour; members without partitions are
//! idle (more members than partitions, or between a join and the leader's SyncGroup).

use std::collections::{BTreeMap, VecDeque};

use crate::engine::cluster::Cluster;
use crate::engine::event::Event;
use crate::engine::event_log::EventLog;
use crate::engine::group::broker::PartitionLag;
use crate::engine::group::coordinator::{ClassicGroupState, GroupEvent};
use crate::engine::topic_partition::TopicPartition;
use crate::storage::SegmentStorage;

/// How many groups the panel shows at most (by group id); the rest are counted.
pub const GROUPS_SHOWN_MAX: usize = 20;
/// How many timeline entries one group keeps (the newest); older ones are counted.
pub const TIMELINE_ENTRIES_MAX: usize = 30;
/// How many member colours the panel has; members beyond it reuse them in order.
pub const MEMBER_COLOURS: usize = 8;
/// How many characters of a member id's generated part are shown.
const SHORT_ID_CHARS: usize = 8;

/// One member with its assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberPanelView {
    pub member_id: String,
    /// The client id and the first characters of the generated part of the member id
    /// (`clientId + "-" + UUID`, `ClassicGroupMember` ids).
    pub short_id: String,
    pub client_id: String,
    /// `group.instance.id` of a static member (KIP-345).
    pub group_instance_id: Option<String>,
    pub is_leader: bool,
    /// Index into the palette, below [`MEMBER_COLOURS`].
    pub colour: usize,
    /// Sorted by topic and partition; empty for an idle member.
    pub assignment: Vec<TopicPartition>,
}

/// What a timeline entry is about, for its label and colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineKind {
    /// A member joined, was handed a member id, or a static member was replaced.
    Join,
    /// A rebalance started, was delayed, or a new generation began.
    Rebalance,
    /// The leader's SyncGroup brought the assignment.
    Sync,
    /// The group was created, changed state or was removed.
    State,
    /// A member left or was removed.
    Removal,
    /// Offsets were committed, refused, expired or deleted.
    Commit,
}

/// One entry of a group's rebalance timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    /// The event log's sequence number of the (first) event.
    pub seq: u64,
    pub time_ms: i64,
    pub kind: TimelineKind,
    pub event: GroupEvent,
    /// For an `OffsetCommitted` entry: every partition the same member committed at the same
    /// instant (one OffsetCommit request), in order.
    pub committed: Vec<(TopicPartition, i64)>,
}

/// One group as the panel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupPanelView {
    pub group_id: String,
    pub state: ClassicGroupState,
    pub generation_id: i32,
    /// `consumer` for consumers; `None` for a group that only stores offsets.
    pub protocol_type: Option<String>,
    /// The assignor the group runs (`range`, `cooperative-sticky`...).
    pub protocol_name: Option<String>,
    pub members: Vec<MemberPanelView>,
    /// Assigned partitions by member, then committed partitions nobody owns.
    pub partitions: Vec<PartitionLag>,
    /// The newest entries, oldest first, at most [`TIMELINE_ENTRIES_MAX`].
    pub timeline: Vec<TimelineEntry>,
    /// Older entries of the group still in the event log but not kept.
    pub timeline_omitted: usize,
}

impl GroupPanelView {
    /// The colour of the member a partition is assigned to.
    pub fn colour_of(&self, member_id: &str) -> Option<usize> {
        self.members
            .iter()
            .find(|m| m.member_id == member_id)
            .map(|m| m.colour)
    }
}

/// Every group the panel shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupsView {
    /// By group id, at most [`GROUPS_SHOWN_MAX`].
    pub groups: Vec<GroupPanelView>,
    /// Groups not shown because of the limit.
    pub groups_omitted: usize,
}

/// The group an event belongs to (`None` for a storage fault of `__consumer_offsets`).
fn group_of(e: &GroupEvent) -> Option<&str> {
    match e {
        GroupEvent::Created { group_id }
        | GroupEvent::StateChanged { group_id, .. }
        | GroupEvent::RebalancePrepared { group_id, .. }
        | GroupEvent::InitialDelayExtended { group_id, .. }
        | GroupEvent::MemberIdRequired { group_id, .. }
        | GroupEvent::MemberJoined { group_id, .. }
        | GroupEvent::StaticMemberReplaced { group_id, .. }
        | GroupEvent::GenerationStarted { group_id, .. }
        | GroupEvent::AssignmentReceived { group_id, .. }
        | GroupEvent::MemberRemoved { group_id, .. }
        | GroupEvent::OffsetCommitted { group_id, .. }
        | GroupEvent::OffsetCommitRejected { group_id, .. }
        | GroupEvent::OffsetsExpired { group_id, .. }
        | GroupEvent::GroupRemoved { group_id }
        | GroupEvent::TxnOffsetsPending { group_id, .. }
        | GroupEvent::TxnOffsetsCompleted { group_id, .. }
        | GroupEvent::TopicOffsetsDeleted { group_id, .. }
        | GroupEvent::OffsetsDeleted { group_id, .. }
        | GroupEvent::GroupDeleted { group_id, .. }
        | GroupEvent::ConfigsAltered { group_id, .. } => Some(group_id),
        GroupEvent::RecordsWriteFailed { .. } => None,
    }
}

fn kind_of(e: &GroupEvent) -> TimelineKind {
    match e {
        GroupEvent::MemberIdRequired { .. }
        | GroupEvent::MemberJoined { .. }
        | GroupEvent::StaticMemberReplaced { .. } => TimelineKind::Join,
        GroupEvent::RebalancePrepared { .. }
        | GroupEvent::InitialDelayExtended { .. }
        | GroupEvent::GenerationStarted { .. } => TimelineKind::Rebalance,
        GroupEvent::AssignmentReceived { .. } => TimelineKind::Sync,
        GroupEvent::Created { .. }
        | GroupEvent::StateChanged { .. }
        | GroupEvent::GroupRemoved { .. }
        | GroupEvent::GroupDeleted { .. }
        | GroupEvent::ConfigsAltered { .. } => TimelineKind::State,
        GroupEvent::MemberRemoved { .. } => TimelineKind::Removal,
        GroupEvent::OffsetCommitted { .. }
        | GroupEvent::OffsetCommitRejected { .. }
        | GroupEvent::OffsetsExpired { .. }
        | GroupEvent::TxnOffsetsPending { .. }
        | GroupEvent::TxnOffsetsCompleted { .. }
        | GroupEvent::TopicOffsetsDeleted { .. }
        | GroupEvent::OffsetsDeleted { .. }
        | GroupEvent::RecordsWriteFailed { .. } => TimelineKind::Commit,
    }
}

/// The length of the UUID a coordinator appends to the client id to make a member id.
const UUID_CHARS: usize = 36;

/// `consumer-g-1-3f2a9c7e-…` with client id `consumer-g-1` becomes `consumer-g-1-3f2a9c7e…`.
/// With an unknown client id (`""`, a member that has left) a trailing UUID is cut the same
/// way; any other id keeps its first characters.
pub fn short_member_id(member_id: &str, client_id: &str) -> String {
    let uuid_split = member_id
        .len()
        .checked_sub(UUID_CHARS + 1)
        .filter(|&i| member_id.is_char_boundary(i) && member_id[i..].starts_with('-'));
    let (prefix, generated) = match member_id.strip_prefix(client_id) {
        Some(rest) if rest.starts_with('-') && !client_id.is_empty() => {
            (format!("{client_id}-"), &rest[1..])
        }
        _ => match uuid_split {
            Some(i) => (member_id[..=i].to_owned(), &member_id[i + 1..]),
            None => (String::new(), member_id),
        },
    };
    let mut chars = generated.chars();
    let shown: String = chars.by_ref().take(SHORT_ID_CHARS).collect();
    let ellipsis = if chars.next().is_some() { "…" } else { "" };
    format!("{prefix}{shown}{ellipsis}")
}

/// Appends `entry` to a bounded timeline, merging a commit into the previous entry when the
/// same member committed at the same instant (one OffsetCommit request).
fn push_entry(timeline: &mut VecDeque<TimelineEntry>, omitted: &mut usize, entry: TimelineEntry) {
    if let GroupEvent::OffsetCommitted { member_id, .. } = &entry.event {
        if let Some(last) = timeline.back_mut() {
            if let GroupEvent::OffsetCommitted {
                member_id: last_member,
                ..
            } = &last.event
            {
                if last_member == member_id && last.time_ms == entry.time_ms {
                    last.committed.extend(entry.committed);
                    return;
                }
            }
        }
    }
    if timeline.len() == TIMELINE_ENTRIES_MAX {
        timeline.pop_front();
        *omitted += 1;
    }
    timeline.push_back(entry);
}

/// Builds the panel's view of every group the coordinator has, with each group's timeline
/// from `events`.
pub fn groups_view<S: SegmentStorage>(
    cluster: &Cluster<S>,
    events: &EventLog<Event>,
) -> GroupsView {
    let listings = cluster.list_groups();
    let groups_omitted = listings.len().saturating_sub(GROUPS_SHOWN_MAX);
    let mut timelines: BTreeMap<&str, (VecDeque<TimelineEntry>, usize)> = listings
        .iter()
        .take(GROUPS_SHOWN_MAX)
        .map(|l| (l.group_id.as_str(), (VecDeque::new(), 0)))
        .collect();
    for stamped in events.iter() {
        let Event::Group(e) = &stamped.event else {
            continue;
        };
        let Some((timeline, omitted)) = group_of(e).and_then(|g| timelines.get_mut(g)) else {
            continue;
        };
        let committed = match e {
            GroupEvent::OffsetCommitted {
                topic_partition,
                offset,
                ..
            } => vec![(topic_partition.clone(), *offset)],
            _ => Vec::new(),
        };
        push_entry(
            timeline,
            omitted,
            TimelineEntry {
                seq: stamped.seq,
                time_ms: stamped.time_ms,
                kind: kind_of(e),
                event: e.clone(),
                committed,
            },
        );
    }
    let groups = listings
        .iter()
        .take(GROUPS_SHOWN_MAX)
        .filter_map(|l| {
            let description = cluster.describe_group(&l.group_id)?;
            let group = description.group;
            let members = group
                .members
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let mut assignment = m.assignment.clone();
                    crate::sort::sort(&mut assignment);
                    MemberPanelView {
                        member_id: m.member_id.clone(),
                        short_id: short_member_id(&m.member_id, &m.client_id),
                        client_id: m.client_id.clone(),
                        group_instance_id: m.group_instance_id.clone(),
                        is_leader: group.leader.as_deref() == Some(m.member_id.as_str()),
                        colour: i % MEMBER_COLOURS,
                        assignment,
                    }
                })
                .collect();
            let (timeline, timeline_omitted) =
                timelines.remove(l.group_id.as_str()).unwrap_or_default();
            Some(GroupPanelView {
                group_id: group.group_id,
                state: group.state,
                generation_id: group.generation_id,
                protocol_type: group.protocol_type,
                protocol_name: group.protocol_name,
                members,
                partitions: description.partitions,
                timeline: timeline.into(),
                timeline_omitted,
            })
        })
        .collect();
    GroupsView {
        groups,
        groups_omitted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_ids_are_shortened_after_the_client_id() {
        assert_eq!(
            short_member_id(
                "console-consumer-3f2a9c7e-1b2c-4d5e-8f90-123456789abc",
                "console-consumer"
            ),
            "console-consumer-3f2a9c7e…"
        );
        assert_eq!(
            short_member_id("console-consumer-3f2a9c7e-1b2c-4d5e-8f90-123456789abc", ""),
            "console-consumer-3f2a9c7e…"
        );
        assert_eq!(short_member_id("abc", "other"), "abc");
        assert_eq!(short_member_id("0123456789", ""), "01234567…");
    }
}
