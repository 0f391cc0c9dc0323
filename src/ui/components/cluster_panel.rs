//! Brokers as columns, the controller marked, each hosting its partition replicas.

use std::rc::Rc;
use yew::prelude::*;

use crate::engine::view::ClusterView;
use crate::i18n::{Lang, Text};

#[derive(Properties, PartialEq)]
pub struct ClusterPanelProps {
    pub lang: Lang,
    pub view: Rc<ClusterView>,
}

#[function_component(ClusterPanel)]
pub fn cluster_panel(props: &ClusterPanelProps) -> Html {
    let lang = props.lang;
    let brokers = props.view.brokers.iter().map(|broker| {
        // Internal topics are summed up in one line per broker rather than listed partition by
        // partition (`__consumer_offsets` alone has 50).
        let internal = props.view.topics.iter().filter(|t| t.is_internal).filter_map(|t| {
            let hosted = t.partitions.iter().filter(|p| p.replicas.contains(&broker.id)).count();
            let led = t.partitions.iter().filter(|p| p.leader == Some(broker.id)).count();
            (hosted > 0).then(|| html! {
                <li class="replica internal" title={Text::InternalTopic.get(lang)}>
                    <span class="replica-name">{&t.name}</span>
                    <span class="internal-count">{format!("{hosted} {} · {} {led}",
                        Text::Partitions.get(lang), Text::Leader.get(lang))}</span>
                </li>
            })
        });
        let replicas = props.view.topics.iter().filter(|t| !t.is_internal).flat_map(|t| {
            t.partitions.iter().filter(|p| p.replicas.contains(&broker.id)).map(move |p| {
                let is_leader = p.leader == Some(broker.id);
                let in_isr = p.isr.contains(&broker.id);
                html! {
                    <li class={classes!("replica", is_leader.then_some("leader"), (!in_isr).then_some("out-of-sync"))}
                        title={format!("{}-{} · {} {} · epoch {}", t.name, p.partition,
                            Text::Leader.get(lang), p.leader.map_or("none".to_string(), |l| l.to_string()), p.leader_epoch)}>
                        <span class="replica-name">{format!("{}-{}", t.name, p.partition)}</span>
                        if is_leader { <span class="badge leader-badge">{Text::Leader.get(lang)}</span> }
                        if in_isr { <span class="badge isr-badge">{Text::Isr.get(lang)}</span> }
                    </li>
                }
            })
        });
        html! {
            <section class="broker" data-broker={broker.id.to_string()}>
                <h3>
                    {format!("{} {}", Text::Broker.get(lang), broker.id)}
                    if broker.is_controller { <span class="badge controller-badge">{Text::Controller.get(lang)}</span> }
                </h3>
                if let Some(rack) = &broker.rack { <p class="rack">{format!("{} {rack}", Text::Rack.get(lang))}</p> }
                <ul class="replicas">{for replicas}{for internal}</ul>
            </section>
        }
    });
    html! {
        <section class="panel cluster-panel" aria-labelledby="cluster-title">
            <h2 id="cluster-title">{Text::Cluster.get(lang)}</h2>
            <div class="brokers">{for brokers}</div>
        </section>
    }
}
