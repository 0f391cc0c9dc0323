//! Each partition's replicas placed under their brokers' columns: the leader highlighted, a
//! follower in the ISR and one out of it told apart by a word as well as a style, each
//! replica's log end offset and high watermark (so a lagging follower shows how far behind it
//! is), the leader epoch, and the under-replicated and offline partitions flagged. Kafka's
//! internal topics stay folded to one summary row until opened.

use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;

use crate::i18n::{Lang, Text};
use crate::ui::format::{
    BrokerCondition, PartitionFlag, ReplicaCell, ReplicaRole, ReplicaRow, ReplicaTopic,
};

#[derive(Properties, PartialEq)]
pub struct ReplicaGridProps {
    pub lang: Lang,
    /// The broker columns: id and conditions, in column order.
    pub brokers: Rc<Vec<(i32, Vec<BrokerCondition>)>>,
    pub topics: Rc<Vec<ReplicaTopic>>,
}

fn cell(c: &ReplicaCell, lang: Lang) -> Html {
    let role = c.role;
    if role == ReplicaRole::None {
        return html! {
            <td class={classes!("replica-cell", role.class())} data-broker={c.broker.to_string()} data-role="none">
                <span class="visually-hidden">{role.text().get(lang)}</span>
            </td>
        };
    }
    let behind = c.behind.filter(|&b| b > 0);
    html! {
        <td class={classes!("replica-cell", role.class(), behind.is_some().then_some("lagging"))}
            data-broker={c.broker.to_string()} data-role={role.class().trim_start_matches("role-").to_owned()}>
            <span class="role">{role.text().get(lang)}</span>
            if let Some(o) = &c.offsets {
                <span class="replica-offsets">
                    <abbr title={Text::LogEndOffset.get(lang)}>{"LEO"}</abbr>{format!(" {} · ", o.leo)}
                    <abbr title={Text::HighWatermark.get(lang)}>{"HW"}</abbr>{format!(" {}", o.hw)}
                </span>
            }
            if let Some(b) = behind {
                <span class="behind">{format!("−{b} {}", Text::Behind.get(lang))}</span>
            }
        </td>
    }
}

fn row(topic: &str, r: &ReplicaRow, lang: Lang) -> Html {
    let tp = format!("{topic}-{}", r.partition);
    html! {
        <tr key={tp.clone()} class={classes!("replica-row", r.flag.class())} data-tp={tp.clone()}
            data-leader={r.leader.map_or_else(|| "none".to_owned(), |l| l.to_string())}
            data-epoch={r.leader_epoch.to_string()}>
            <th scope="row">
                <code class="tp">{tp}</code>
                <span class="epoch">{format!("{} {}", Text::LeaderEpoch.get(lang), r.leader_epoch)}</span>
                if r.flag != PartitionFlag::Healthy {
                    <span class={classes!("flag", r.flag.class())}>{r.flag.text().get(lang)}</span>
                }
            </th>
            {for r.cells.iter().map(|c| cell(c, lang))}
        </tr>
    }
}

#[function_component(ReplicaGrid)]
pub fn replica_grid(props: &ReplicaGridProps) -> Html {
    let lang = props.lang;
    let opened = use_state(BTreeSet::<String>::new);
    if props.topics.is_empty() {
        return html! { <p class="empty">{Text::NoBrokerTopics.get(lang)}</p> };
    }
    let heads = props.brokers.iter().map(|(id, conditions)| {
        // `broker_conditions` always starts with the run status, so there is a first one.
        let words = conditions
            .iter()
            .map(|c| c.text().get(lang))
            .collect::<Vec<_>>()
            .join(" · ");
        html! {
            <th scope="col" class={classes!("broker-head", conditions[0].class())} data-broker={id.to_string()}>
                {format!("{} {id}", Text::Broker.get(lang))}
                <span class="head-status">{words}</span>
            </th>
        }
    });
    let bodies = props.topics.iter().map(|t| {
        let is_open = !t.is_internal || opened.contains(&t.name);
        let toggle = t.is_internal.then(|| {
            let opened = opened.clone();
            let name = t.name.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                let mut set = (*opened).clone();
                if !set.remove(&name) {
                    set.insert(name.clone());
                }
                opened.set(set);
            });
            let label = if is_open { Text::HidePartitions } else { Text::ShowPartitions };
            html! {
                <button type="button" class="fold" aria-expanded={is_open.to_string()}
                    aria-label={format!("{} {}", t.name, label.get(lang))} {onclick}>
                    {label.get(lang)}
                </button>
            }
        });
        let summary_cells = (t.is_internal && !is_open).then(|| {
            t.per_broker.iter().map(|&(leads, holds)| html! {
                <td class="replica-cell folded-summary">
                    {format!("{} {leads} · {} {holds}", Text::LeadersCount.get(lang), Text::ReplicasCount.get(lang))}
                </td>
            }).collect::<Html>()
        });
        let flags = [
            (PartitionFlag::UnderReplicated, t.under_replicated),
            (PartitionFlag::Offline, t.offline),
        ]
        .into_iter()
        .filter(|&(_, n)| n > 0)
        .map(|(flag, n)| html! { <span class={classes!("flag", flag.class())}>{format!("{n} {}", flag.text().get(lang))}</span> });
        html! {
            <tbody key={t.name.clone()} class={classes!("replica-topic", t.is_internal.then_some("internal"))} data-topic={t.name.clone()}>
                <tr class="topic-row">
                    <th scope="rowgroup" colspan={if summary_cells.is_some() { "1".to_owned() } else { (props.brokers.len() + 1).to_string() }}>
                        <code class="topic-name">{&t.name}</code>
                        if t.is_internal {
                            <span class="topic-meta">{format!(" · {} · {} {}", Text::InternalTopic.get(lang),
                                Text::Partitions.get(lang), t.rows.len())}</span>
                        }
                        {for flags}
                        {for toggle}
                    </th>
                    {for summary_cells}
                </tr>
                if is_open {
                    {for t.rows.iter().map(|r| row(&t.name, r, lang))}
                }
            </tbody>
        }
    });
    let legend = [
        ReplicaRole::Leader,
        ReplicaRole::InSync,
        ReplicaRole::OutOfSync,
    ]
    .into_iter()
    .map(|role| html! { <li><span class={classes!("swatch", role.class())}></span>{role.text().get(lang)}</li> });
    html! {
        <>
        <table class="replica-grid" style={format!("--brokers: {}", props.brokers.len())}>
            <caption class="visually-hidden">{Text::ReplicaPlacement.get(lang)}</caption>
            <thead><tr>
                <th scope="col" class="label-col">{Text::Partition.get(lang)}</th>
                {for heads}
            </tr></thead>
            {for bodies}
        </table>
        <ul class="legend replica-legend">
            {for legend}
            <li><abbr title={Text::LogEndOffset.get(lang)}>{"LEO"}</abbr>{format!(": {}", Text::LogEndOffset.get(lang))}</li>
            <li><abbr title={Text::HighWatermark.get(lang)}>{"HW"}</abbr>{format!(": {}", Text::HighWatermark.get(lang))}</li>
        </ul>
        </>
    }
}
