//! Consumer groups: members, assignments, lag. Groups join the engine with the consumer issue;
//! until then the panel says so rather than inventing any.

use yew::prelude::*;

use crate::i18n::{Lang, Text};

#[derive(Properties, PartialEq)]
pub struct GroupsPanelProps {
    pub lang: Lang,
}

#[function_component(GroupsPanel)]
pub fn groups_panel(props: &GroupsPanelProps) -> Html {
    html! {
        <section class="panel groups-panel" aria-labelledby="groups-title">
            <h2 id="groups-title">{Text::ConsumerGroups.get(props.lang)}</h2>
            <p class="empty">{Text::NoGroups.get(props.lang)}</p>
        </section>
    }
}
