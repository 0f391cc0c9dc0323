//! The terminal's background consumers under the groups: a form that starts one (group,
//! topics, processing time per record, assignor, a static `group.instance.id`), and each
//! running one with its client id, group,
//! records consumed and whether its process is frozen, and the buttons that freeze or thaw
//! it (no polls, no heartbeats: the coordinator removes it after `session.timeout.ms`, and
//! it rejoins when thawed) or stop it (`close()`: it commits and leaves). Like the broker
//! buttons, a button types the playground's `consumer …` command into the terminal.

use std::rc::Rc;
use yew::prelude::*;

use crate::cli::playground::consumer::MAX_PROCESSING_MS;
use crate::engine::consumer::config::ASSIGNOR_CLASSES;
use crate::engine::view::ClusterView;
use crate::i18n::{Lang, Text};
use crate::ui::components::form_value::{input_value, select_value};
use crate::ui::jobs_view::{consumer_start_command, ConsumerJobRow};

#[derive(Properties, PartialEq)]
pub struct ConsumerJobsProps {
    pub lang: Lang,
    pub rows: Rc<Vec<ConsumerJobRow>>,
    pub view: Rc<ClusterView>,
    /// A tool in the terminal reads its standard input: a typed command would become its input.
    pub busy: bool,
    /// Runs a terminal command line.
    pub on_command: Callback<String>,
}

#[function_component(ConsumerJobs)]
pub fn consumer_jobs(props: &ConsumerJobsProps) -> Html {
    let lang = props.lang;
    let (group, topics, processing, assignor, instance) = (
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    );
    let on_submit = {
        let refs = (
            group.clone(),
            topics.clone(),
            processing.clone(),
            assignor.clone(),
            instance.clone(),
        );
        let on_command = props.on_command.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (group, topics, processing, assignor, instance) = &refs;
            let value = |r: &NodeRef| input_value(r).trim().to_owned();
            let instance = value(instance);
            let assignor = Some(select_value(assignor)).filter(|v| !v.is_empty());
            on_command.emit(consumer_start_command(
                &value(group),
                &value(topics),
                value(processing).parse().unwrap_or(0),
                assignor.as_deref(),
                (!instance.is_empty()).then_some(instance.as_str()),
            ));
        })
    };
    let topic_names = props
        .view
        .topics
        .iter()
        .map(|t| html! { <option value={t.name.clone()} /> });
    let button = |command: String, class: &'static str, label: &'static str| {
        let cb = props.on_command.clone();
        let onclick = {
            let command = command.clone();
            Callback::from(move |_: MouseEvent| cb.emit(command.clone()))
        };
        html! {
            <button type="button" class={classes!("job-action", class)} title={command}
                disabled={props.busy} {onclick}>{label}</button>
        }
    };
    let rows = props.rows.iter().map(|r| {
        let toggle = if r.frozen {
            button(r.toggle_command(), "thaw", Text::Thaw.get(lang))
        } else {
            button(r.toggle_command(), "freeze", Text::Freeze.get(lang))
        };
        html! {
            <tr data-job={r.job.to_string()} data-frozen={r.frozen.to_string()}>
                <td class="num">{r.job}</td>
                <td><code>{&r.client_id}</code></td>
                <td><code>{&r.group}</code></td>
                <td class="num consumed">{r.consumed}</td>
                <td class="job-state">
                    if r.frozen {
                        <span class="badge frozen-badge">{Text::Frozen.get(lang)}</span>
                    } else {
                        {Text::Running.get(lang)}
                    }
                </td>
                <td class="job-actions">{toggle}{button(r.stop_command(), "stop", Text::StopConsumer.get(lang))}</td>
            </tr>
        }
    });
    html! {
        <section class="consumer-jobs" aria-labelledby="consumer-jobs-title">
            <h3 id="consumer-jobs-title">{Text::BackgroundConsumers.get(lang)}</h3>
            <form class="start-consumer" onsubmit={on_submit} aria-label={Text::StartConsumer.get(lang)}>
                <label>{"group.id"}
                    <input ref={group} name="consumer-group" type="text" required=true autocomplete="off" />
                </label>
                <label>{Text::TopicName.get(lang)}
                    <input ref={topics} name="consumer-topics" type="text" list="consumer-topic-names"
                        required=true autocomplete="off" placeholder="orders,refunds" />
                    <datalist id="consumer-topic-names">{for topic_names}</datalist>
                </label>
                <label title={Text::ProcessingHint.get(lang)}>{Text::ProcessingMs.get(lang)}
                    <input ref={processing} name="processing-ms" type="number" min="0"
                        max={MAX_PROCESSING_MS.to_string()} placeholder="0" />
                </label>
                <label>{"partition.assignment.strategy"}
                    <select ref={assignor} name="assignor">
                        <option value="" selected=true>{Text::ProfileDefault.get(lang)}</option>
                        { for ASSIGNOR_CLASSES.iter().map(|(class, name)| html! {
                            <option value={*class}>{*name}</option>
                        }) }
                    </select>
                </label>
                <label title={Text::StaticIdHint.get(lang)}>{"group.instance.id"}
                    <input ref={instance} name="instance-id" type="text" autocomplete="off"
                        placeholder={Text::Optional.get(lang)} />
                </label>
                <button type="submit" disabled={props.busy}>{Text::StartConsumer.get(lang)}</button>
            </form>
            if !props.rows.is_empty() {
            <p class="hint">{Text::FreezeHint.get(lang)}</p>
            <div class="table-scroll">
                <table>
                    <thead><tr>
                        <th scope="col" class="num">{Text::Job.get(lang)}</th>
                        <th scope="col">{Text::ClientId.get(lang)}</th>
                        <th scope="col">{Text::Group.get(lang)}</th>
                        <th scope="col" class="num">{Text::Consumed.get(lang)}</th>
                        <th scope="col">{Text::Status.get(lang)}</th>
                        <th scope="col"><span class="visually-hidden">{Text::Actions.get(lang)}</span></th>
                    </tr></thead>
                    <tbody>{for rows}</tbody>
                </table>
            </div>
            }
        </section>
    }
}
