//! Topics and their partitions, with the offsets a learner watches on each partition, each
//! partition's leader, leader epoch and health flag (under-replicated, offline).

use std::rc::Rc;
use yew::prelude::*;

use crate::engine::topic_partition::TopicPartition;
use crate::engine::view::{ClusterView, PartitionView, TopicView};
use crate::i18n::{Lang, Text};
use crate::ui::format::PartitionFlag;

#[derive(Properties, PartialEq)]
pub struct TopicsPanelProps {
    pub lang: Lang,
    pub view: Rc<ClusterView>,
    /// The partition whose records the strip shows.
    pub selected: Option<TopicPartition>,
    pub on_select: Callback<TopicPartition>,
    /// The topic-creation form, rendered under the list.
    pub children: Html,
}

fn ids(ids: &[i32]) -> String {
    ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",")
}

/// A partition's log as a bar from offset 0 to the log end offset: the deleted prefix, the
/// readable part up to the high watermark, and what is written but not yet committed.
fn offset_bar(p: &PartitionView, lang: Lang) -> Html {
    let leo = p.leo.max(1) as f64;
    let pct = |o: i64| format!("{:.2}%", o as f64 * 100.0 / leo);
    let marker = |class: &'static str, offset: i64, label: Text| {
        html! {
            <span class={classes!("marker", class)} style={format!("left: {}", pct(offset))}
                title={format!("{} {offset}", label.get(lang))}></span>
        }
    };
    html! {
        <div class="offset-bar" role="img"
            aria-label={format!("{} {} · {} {} · {} {}", Text::LogStartOffset.get(lang), p.log_start_offset,
                Text::HighWatermark.get(lang), p.hw, Text::LogEndOffset.get(lang), p.leo)}>
            <span class="deleted" style={format!("width: {}", pct(p.log_start_offset))}></span>
            <span class="committed" style={format!("left: {}; width: {}", pct(p.log_start_offset), pct(p.hw - p.log_start_offset))}></span>
            {marker("lso", p.lso, Text::LastStableOffset)}
            {marker("hw", p.hw, Text::HighWatermark)}
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct TopicTableProps {
    lang: Lang,
    topic: Rc<TopicView>,
    /// The selected partition, when it is one of this topic's.
    selected: Option<i32>,
    on_select: Callback<TopicPartition>,
}

/// One topic's table, its own component so that a tick which leaves the topic as it was does
/// not re-render it.
#[function_component(TopicTable)]
fn topic_table(props: &TopicTableProps) -> Html {
    let lang = props.lang;
    let t = &props.topic;
    let rows = t.partitions.iter().map(|p| {
        let tp = TopicPartition::new(&t.name, p.partition);
        let selected = props.selected == Some(p.partition);
        let onclick = {
            let cb = props.on_select.clone();
            Callback::from(move |_| cb.emit(tp.clone()))
        };
        let flag = PartitionFlag::of(p);
        html! {
        <tr data-partition={p.partition.to_string()} class={classes!("selectable", selected.then_some("selected"), flag.class())}
            {onclick} aria-selected={selected.to_string()}
            data-leader={p.leader.map_or("none".to_string(), |l| l.to_string())}>
            <td>{p.partition}</td>
            <td class="leader">
                {p.leader.map_or("none".to_string(), |l| l.to_string())}
                if flag != PartitionFlag::Healthy {
                    {" "}<span class={classes!("flag", flag.class())}>{flag.text().get(lang)}</span>
                }
            </td>
            <td class="num epoch">{p.leader_epoch}</td>
            <td>{ids(&p.replicas)}</td>
            <td>{ids(&p.isr)}</td>
            <td class="num log-start">{p.log_start_offset}</td>
            <td class="num hw">{p.hw}</td>
            <td class="num lso">{p.lso}</td>
            <td class="num leo">{p.leo}</td>
            <td class="num">{p.segments.len()}</td>
            <td class="num">{p.size_bytes}</td>
            <td class="bar-cell">{offset_bar(p, lang)}</td>
        </tr>
        }
    });
    let configs = t
        .config_overrides
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ");
    let article = html! {
        <article class="topic" data-topic={t.name.clone()}>
            <h3>
                <span class="topic-name">{&t.name}</span>
                <span class="topic-meta">{format!("{} {} · {} {}", Text::Partitions.get(lang), t.partitions.len(),
                    Text::ReplicationFactor.get(lang), t.replication_factor)}</span>
            </h3>
            if !configs.is_empty() { <p class="configs"><code>{configs}</code></p> }
            <table class="partitions">
                <thead><tr>
                    <th scope="col">{Text::Partition.get(lang)}</th>
                    <th scope="col">{Text::Leader.get(lang)}</th>
                    <th scope="col" class="num">{Text::LeaderEpoch.get(lang)}</th>
                    <th scope="col">{Text::Replicas.get(lang)}</th>
                    <th scope="col">{Text::Isr.get(lang)}</th>
                    <th scope="col" class="num">{Text::LogStartOffset.get(lang)}</th>
                    <th scope="col" class="num">{Text::HighWatermark.get(lang)}</th>
                    <th scope="col" class="num">{Text::LastStableOffset.get(lang)}</th>
                    <th scope="col" class="num">{Text::LogEndOffset.get(lang)}</th>
                    <th scope="col" class="num">{Text::Segments.get(lang)}</th>
                    <th scope="col" class="num">{Text::Size.get(lang)}</th>
                    <th scope="col"></th>
                </tr></thead>
                <tbody>{for rows}</tbody>
            </table>
        </article>
    };
    // Kafka's internal topics (`__consumer_offsets` has 50 partitions by default) would
    // bury the learner's own: they stay folded until opened.
    if t.is_internal {
        html! {
            <details class="internal-topic">
                <summary>
                    <code>{&t.name}</code>{" · "}{Text::InternalTopic.get(lang)}{" · "}
                    {format!("{} {}", Text::Partitions.get(lang), t.partitions.len())}
                </summary>
                {article}
            </details>
        }
    } else {
        article
    }
}

#[function_component(TopicsPanel)]
pub fn topics_panel(props: &TopicsPanelProps) -> Html {
    let lang = props.lang;
    let topics = props.view.topics.iter().map(|t| {
        let selected = props
            .selected
            .as_ref()
            .filter(|tp| tp.topic == t.name)
            .map(|tp| tp.partition);
        html! {
            <TopicTable key={t.name.clone()} {lang} topic={Rc::new(t.clone())} {selected}
                on_select={props.on_select.clone()} />
        }
    });
    html! {
        <section class="panel topics-panel" aria-labelledby="topics-title">
            <h2 id="topics-title">{Text::Topics.get(lang)}</h2>
            if props.view.topics.is_empty() {
                <p class="empty">{Text::NoTopics.get(lang)}</p>
            }
            <div class="topic-list">{for topics}</div>
            {props.children.clone()}
        </section>
    }
}
