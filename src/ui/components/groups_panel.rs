//! Consumer groups: each group's state and generation, protocol and assignor, its members with
//! their partitions as chips in the member's colour (idle members said so), the committed
//! offset, log end offset and lag of each partition, and the group's rebalance timeline on the
//! simulated clock. Plain data from `engine::group::groups_view`; no engine calls here.

use std::rc::Rc;

use yew::prelude::*;

use crate::engine::event::Event;
use crate::engine::group::broker::PartitionLag;
use crate::engine::group::coordinator::{ClassicGroupState, GroupEvent};
use crate::engine::group::groups_view::{
    short_member_id, GroupPanelView, GroupsView, MemberPanelView, TimelineEntry, TimelineKind,
    GROUPS_SHOWN_MAX, TIMELINE_ENTRIES_MAX,
};
use crate::i18n::event_text::describe;
use crate::i18n::{Lang, Text};
use crate::ui::format::format_utc;

#[derive(Properties, PartialEq)]
pub struct GroupsPanelProps {
    pub lang: Lang,
    pub groups: Rc<GroupsView>,
    /// Shown under the groups (the background consumers and their buttons).
    #[prop_or_default]
    pub children: Html,
}

fn state_hint(state: ClassicGroupState) -> Text {
    match state {
        ClassicGroupState::Empty => Text::StateEmptyHint,
        ClassicGroupState::PreparingRebalance => Text::StatePreparingHint,
        ClassicGroupState::CompletingRebalance => Text::StateCompletingHint,
        ClassicGroupState::Stable => Text::StateStableHint,
        ClassicGroupState::Dead => Text::StateDeadHint,
    }
}

fn kind_label(kind: TimelineKind) -> (Text, &'static str) {
    match kind {
        TimelineKind::Join => (Text::KindJoin, "join"),
        TimelineKind::Rebalance => (Text::KindRebalance, "rebalance"),
        TimelineKind::Sync => (Text::KindSync, "sync"),
        TimelineKind::State => (Text::KindState, "state"),
        TimelineKind::Removal => (Text::KindRemoval, "removal"),
        TimelineKind::Commit => (Text::KindCommit, "commit"),
    }
}

fn colour_class(colour: Option<usize>) -> String {
    colour.map_or_else(|| "member-none".to_owned(), |c| format!("member-c{c}"))
}

fn member_card(m: &MemberPanelView, lang: Lang) -> Html {
    let chips = m.assignment.iter().map(|tp| {
        html! { <li class={classes!("chip", colour_class(Some(m.colour)))}>{tp.to_string()}</li> }
    });
    html! {
        <li class={classes!("member", colour_class(Some(m.colour)), m.assignment.is_empty().then_some("idle"))}
            data-member={m.member_id.clone()}>
            <div class="member-head">
                <span class={classes!("swatch-dot", colour_class(Some(m.colour)))} aria-hidden="true"></span>
                <code class="member-id" title={m.member_id.clone()}>{&m.short_id}</code>
                if m.is_leader { <span class="badge leader-badge">{Text::MemberLeader.get(lang)}</span> }
            </div>
            <dl class="member-meta">
                <dt>{Text::ClientId.get(lang)}</dt><dd><code>{&m.client_id}</code></dd>
                if let Some(instance) = &m.group_instance_id {
                    <dt>{Text::StaticInstance.get(lang)}</dt><dd><code class="instance-id">{instance}</code></dd>
                }
            </dl>
            if m.assignment.is_empty() {
                <p class="idle-note">{Text::IdleMember.get(lang)}</p>
            } else {
                <ul class="chips" aria-label={Text::AssignedPartitions.get(lang)}>{for chips}</ul>
            }
        </li>
    }
}

fn lag_row(g: &GroupPanelView, p: &PartitionLag, lang: Lang) -> Html {
    let colour = p.member_id.as_deref().and_then(|m| g.colour_of(m));
    let owner = match (&p.member_id, &p.client_id) {
        (Some(id), Some(client)) => html! {
            <span class={classes!("owner", colour_class(colour))} title={id.clone()}>
                <span class={classes!("swatch-dot", colour_class(colour))} aria-hidden="true"></span>
                {short_member_id(id, client)}
            </span>
        },
        _ => html! { <span class="muted">{Text::Unassigned.get(lang)}</span> },
    };
    let show = |o: Option<i64>| {
        o.filter(|&o| o >= 0)
            .map_or("-".to_owned(), |o| o.to_string())
    };
    // The bar is the share of the log the group has committed; the lag is the rest.
    let consumed_pct = match (p.committed_offset, p.log_end_offset) {
        (Some(c), Some(e)) if e > 0 && c >= 0 => (c.min(e) as f64 / e as f64) * 100.0,
        (_, Some(0)) => 100.0,
        _ => 0.0,
    };
    html! {
        <tr data-tp={p.topic_partition.to_string()}>
            <td><code>{p.topic_partition.to_string()}</code></td>
            <td>{owner}</td>
            <td class="num committed">{show(p.committed_offset)}</td>
            <td class="num leo">{show(p.log_end_offset)}</td>
            <td class="num lag">{show(p.lag)}</td>
            <td class="bar-cell">
                <div class="lag-bar" aria-hidden="true">
                    <div class={classes!("consumed", colour_class(colour))} style={format!("width: {consumed_pct:.1}%")}></div>
                </div>
            </td>
        </tr>
    }
}

fn timeline_text(g: &GroupPanelView, e: &TimelineEntry, lang: Lang) -> String {
    match &e.event {
        GroupEvent::OffsetCommitted { member_id, .. } => {
            let client = g
                .members
                .iter()
                .find(|m| &m.member_id == member_id)
                .map_or("", |m| m.client_id.as_str());
            let offsets: Vec<String> = e
                .committed
                .iter()
                .map(|(tp, offset)| format!("{tp} @ {offset}"))
                .collect();
            format!(
                "{} {}: {}",
                Text::CommittedBy.get(lang),
                short_member_id(member_id, client),
                offsets.join(", ")
            )
        }
        other => describe(&Event::Group(other.clone()), lang),
    }
}

fn timeline(g: &GroupPanelView, lang: Lang) -> Html {
    let items = g.timeline.iter().map(|e| {
        let time = format_utc(e.time_ms);
        let (label, class) = kind_label(e.kind);
        html! {
            <li class={classes!("tl-entry", class)} data-seq={e.seq.to_string()}>
                <time title={time.clone()}>{time[11..].to_string()}</time>
                <span class={classes!("tl-kind", class)}>{label.get(lang)}</span>
                <span class="tl-text">{timeline_text(g, e, lang)}</span>
            </li>
        }
    });
    html! {
        <details class="timeline" open=true>
            <summary>
                {format!("{} ({} {TIMELINE_ENTRIES_MAX})", Text::RebalanceTimeline.get(lang), Text::LastN.get(lang))}
                if g.timeline_omitted > 0 {
                    {format!(" · {} {}", Text::TimelineOlder.get(lang), g.timeline_omitted)}
                }
            </summary>
            <ol class="tl">{for items}</ol>
        </details>
    }
}

fn group_card(g: &GroupPanelView, lang: Lang) -> Html {
    let state = g.state.name();
    html! {
        <article class="group" data-group={g.group_id.clone()} data-state={state}
            aria-labelledby={format!("group-{}", g.group_id)}>
            <h3 id={format!("group-{}", g.group_id)}>
                <code class="group-id">{&g.group_id}</code>
                <span class={classes!("badge", "group-state", format!("state-{}", state.to_ascii_lowercase()))}>{state}</span>
            </h3>
            <p class="state-hint">{state_hint(g.state).get(lang)}</p>
            <dl class="group-meta">
                <dt>{Text::Generation.get(lang)}</dt><dd class="generation">{g.generation_id}</dd>
                <dt>{Text::ProtocolType.get(lang)}</dt><dd>{g.protocol_type.clone().unwrap_or_else(|| "-".to_owned())}</dd>
                <dt>{Text::Assignor.get(lang)}</dt><dd class="assignor">{g.protocol_name.clone().unwrap_or_else(|| "-".to_owned())}</dd>
            </dl>
            <h4>{format!("{} ({})", Text::Members.get(lang), g.members.len())}</h4>
            if g.members.is_empty() {
                <p class="muted">{Text::NoMembers.get(lang)}</p>
            } else {
                <ul class="members">{for g.members.iter().map(|m| member_card(m, lang))}</ul>
            }
            if g.partitions.is_empty() {
                <p class="muted">{Text::NoCommittedOffsets.get(lang)}</p>
            } else {
                <div class="table-scroll">
                    <table class="lags">
                        <thead><tr>
                            <th scope="col">{Text::Partition.get(lang)}</th>
                            <th scope="col">{Text::Owner.get(lang)}</th>
                            <th scope="col" class="num">{Text::CommittedOffset.get(lang)}</th>
                            <th scope="col" class="num">{Text::LogEndOffset.get(lang)}</th>
                            <th scope="col" class="num">{Text::Lag.get(lang)}</th>
                            <th scope="col"><span class="visually-hidden">{Text::Lag.get(lang)}</span></th>
                        </tr></thead>
                        <tbody>{for g.partitions.iter().map(|p| lag_row(g, p, lang))}</tbody>
                    </table>
                </div>
            }
            {timeline(g, lang)}
        </article>
    }
}

#[function_component(GroupsPanel)]
pub fn groups_panel(props: &GroupsPanelProps) -> Html {
    let lang = props.lang;
    let view = &props.groups;
    html! {
        <section class="panel groups-panel" aria-labelledby="groups-title">
            <h2 id="groups-title">{Text::ConsumerGroups.get(lang)}</h2>
            if view.groups.is_empty() {
                <p class="empty">{Text::NoGroups.get(lang)}</p>
            } else {
                <div class="groups">{for view.groups.iter().map(|g| group_card(g, lang))}</div>
            }
            <p class="hint">
                {format!("{} {GROUPS_SHOWN_MAX}", Text::GroupsLimit.get(lang))}
                if view.groups_omitted > 0 {
                    {format!(" · {} {}", Text::GroupsOmitted.get(lang), view.groups_omitted)}
                }
            </p>
            {props.children.clone()}
        </section>
    }
}
