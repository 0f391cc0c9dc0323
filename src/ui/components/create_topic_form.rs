//! A form for CreateTopics: name, partition count, replication factor.

use yew::prelude::*;

use crate::i18n::{Lang, Text};
use crate::ui::components::form_value::input_value;

/// What the form asks the engine to create.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTopic {
    pub name: String,
    pub partitions: i32,
    pub replication_factor: i16,
}

#[derive(Properties, PartialEq)]
pub struct CreateTopicFormProps {
    pub lang: Lang,
    pub on_create: Callback<NewTopic>,
    /// The engine's answer to the last attempt, if it refused it.
    pub error: Option<String>,
}

#[function_component(CreateTopicForm)]
pub fn create_topic_form(props: &CreateTopicFormProps) -> Html {
    let lang = props.lang;
    let name = use_node_ref();
    let partitions = use_node_ref();
    let rf = use_node_ref();
    let onsubmit = {
        let (name, partitions, rf) = (name.clone(), partitions.clone(), rf.clone());
        let on_create = props.on_create.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_create.emit(NewTopic {
                name: input_value(&name).trim().to_string(),
                partitions: input_value(&partitions).parse().unwrap_or(1),
                replication_factor: input_value(&rf).parse().unwrap_or(1),
            });
        })
    };
    html! {
        <form class="create-topic" {onsubmit} aria-label={Text::CreateTopic.get(lang)}>
            <label>{Text::TopicName.get(lang)}
                <input ref={name} name="topic" type="text" required=true placeholder="hello.kafka" autocomplete="off" />
            </label>
            <label>{Text::Partitions.get(lang)}
                <input ref={partitions} name="partitions" type="number" min="1" max="1000" value="3" />
            </label>
            <label>{Text::ReplicationFactor.get(lang)}
                <input ref={rf} name="replication-factor" type="number" min="1" max="9" value="1" />
            </label>
            <button type="submit">{Text::CreateTopic.get(lang)}</button>
            if let Some(error) = &props.error { <p class="error" role="alert">{error}</p> }
        </form>
    }
}
