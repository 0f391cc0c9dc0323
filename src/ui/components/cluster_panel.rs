//! The cluster panel: the replication health row, the brokers as columns with their buttons,
//! and under them each partition's replicas placed on their brokers.
//!
//! The panel itself only cuts the cluster view into the plain data of its three parts
//! (`ui::format`); each part is its own component with `PartialEq` props, so a clock tick that
//! changes nothing they show re-renders none of them.

use std::rc::Rc;
use yew::prelude::*;

use crate::engine::view::ClusterView;
use crate::i18n::{Lang, Text};
use crate::ui::components::broker_columns::BrokerColumns;
use crate::ui::components::health_summary::{HealthSummary, HealthSummaryProps};
use crate::ui::components::replica_grid::ReplicaGrid;
use crate::ui::format::{broker_columns, broker_conditions, replica_topics};

#[derive(Properties, PartialEq)]
pub struct ClusterPanelProps {
    pub lang: Lang,
    pub view: Rc<ClusterView>,
    /// A tool in the terminal reads its standard input, so the broker buttons wait.
    #[prop_or_default]
    pub busy: bool,
    /// Runs a terminal command line (what the broker buttons type).
    pub on_command: Callback<String>,
}

#[function_component(ClusterPanel)]
pub fn cluster_panel(props: &ClusterPanelProps) -> Html {
    let lang = props.lang;
    let view = &props.view;
    let columns = Rc::new(broker_columns(&view.brokers, &view.health.brokers));
    let ids: Vec<i32> = view.brokers.iter().map(|b| b.id).collect();
    let heads = Rc::new(
        view.brokers
            .iter()
            .map(|b| (b.id, broker_conditions(b)))
            .collect::<Vec<_>>(),
    );
    let topics = Rc::new(replica_topics(&ids, &view.topics));
    let health = HealthSummaryProps::of(lang, &view.health);
    html! {
        <section class="panel cluster-panel" aria-labelledby="cluster-title">
            <h2 id="cluster-title">{Text::Cluster.get(lang)}</h2>
            <HealthSummary ..health />
            <div class="cluster-scroll">
                <BrokerColumns {lang} {columns} busy={props.busy} on_command={props.on_command.clone()} />
                <h3 class="replica-grid-title">{Text::ReplicaPlacement.get(lang)}</h3>
                <ReplicaGrid {lang} brokers={heads} {topics} />
            </div>
        </section>
    }
}
