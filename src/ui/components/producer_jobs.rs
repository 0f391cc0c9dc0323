//! Producers that send at a rate: a form that starts a background producer (topic, records
//! per second up to the terminal's limit, optional keys, `acks`) and the list of the running
//! ones with their stop buttons. Like every button here it types the playground's command
//! (`producer start …`, `producer stop …`) into the terminal, so the learner sees what ran and
//! the journal keeps it.

use std::rc::Rc;

use yew::prelude::*;

use crate::cli::jobs::MAX_RATE_PER_S;
use crate::engine::view::ClusterView;
use crate::i18n::{Lang, Text};
use crate::ui::components::form_value::{input_value, select_value};
use crate::ui::components::producers_panel::acks_select;
use crate::ui::jobs_view::{producer_start_command, ProducerJobRow};

#[derive(Properties, PartialEq)]
pub struct ProducerJobsProps {
    pub lang: Lang,
    pub rows: Rc<Vec<ProducerJobRow>>,
    pub view: Rc<ClusterView>,
    /// A tool in the terminal reads its standard input: a typed command would become its input.
    pub busy: bool,
    /// Runs a terminal command line.
    pub on_command: Callback<String>,
}

#[function_component(ProducerJobs)]
pub fn producer_jobs(props: &ProducerJobsProps) -> Html {
    let lang = props.lang;
    let (topic, rate, keys, acks) = (
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    );
    let on_submit = {
        let refs = (topic.clone(), rate.clone(), keys.clone(), acks.clone());
        let on_command = props.on_command.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (topic, rate, keys, acks) = &refs;
            let value = |r: &NodeRef| input_value(r).trim().to_owned();
            let topic = value(topic);
            // The inputs' min/max make the browser refuse anything else before submit.
            let Ok(rate) = value(rate).parse::<u32>() else {
                return;
            };
            let keys = value(keys).parse::<u32>().ok().filter(|&k| k > 0);
            let acks = Some(select_value(acks)).filter(|v| !v.is_empty());
            on_command.emit(producer_start_command(&topic, rate, keys, acks.as_deref()));
        })
    };
    let topics = props
        .view
        .topics
        .iter()
        .map(|t| html! { <option value={t.name.clone()} /> });
    let rows = props.rows.iter().map(|r| {
        let command = r.stop_command();
        let onclick = {
            let (cb, command) = (props.on_command.clone(), command.clone());
            Callback::from(move |_: MouseEvent| cb.emit(command.clone()))
        };
        html! {
            <tr data-job={r.job.to_string()}>
                <td class="num">{r.job}</td>
                <td><code>{&r.client_id}</code></td>
                <td><code>{&r.topic}</code></td>
                <td class="num">{r.rate_per_s}</td>
                <td>{&r.keys}</td>
                <td class="num"><span class="sent-count">{r.sent}</span>
                    if r.failed > 0 { <span class="failed-count">{format!(" ({} {})", r.failed, Text::FailedCount.get(lang))}</span> }
                </td>
                <td><button type="button" class="job-action stop" title={command}
                    disabled={props.busy} {onclick}>{Text::Stop.get(lang)}</button></td>
            </tr>
        }
    });
    html! {
        <section class="producer-jobs" aria-labelledby="producer-jobs-title">
            <h3 id="producer-jobs-title">{Text::RateProducers.get(lang)}</h3>
            <form class="rate-producer" onsubmit={on_submit} aria-label={Text::RateProducers.get(lang)}>
                <label>{Text::TopicName.get(lang)}
                    <input ref={topic} name="rate-topic" type="text" list="rate-topic-names" required=true autocomplete="off" />
                    <datalist id="rate-topic-names">{for topics}</datalist>
                </label>
                <label>{Text::RecordsPerSecond.get(lang)}
                    <input ref={rate} name="rate" type="number" min="1" max={MAX_RATE_PER_S.to_string()}
                        value="10" required=true />
                </label>
                <label title={Text::KeysHint.get(lang)}>{Text::KeyCount.get(lang)}
                    <input ref={keys} name="keys" type="number" min="0" placeholder="null" />
                </label>
                {acks_select(&acks, "rate-acks", lang)}
                <button type="submit" disabled={props.busy}>{Text::StartAtRate.get(lang)}</button>
            </form>
            if !props.rows.is_empty() {
                <div class="table-scroll">
                    <table>
                        <thead><tr>
                            <th scope="col" class="num">{Text::Job.get(lang)}</th>
                            <th scope="col">{Text::ClientId.get(lang)}</th>
                            <th scope="col">{Text::TopicName.get(lang)}</th>
                            <th scope="col" class="num">{Text::RateShort.get(lang)}</th>
                            <th scope="col">{"key"}</th>
                            <th scope="col" class="num">{Text::SentCount.get(lang)}</th>
                            <th scope="col"><span class="visually-hidden">{Text::Actions.get(lang)}</span></th>
                        </tr></thead>
                        <tbody>{for rows}</tbody>
                    </table>
                </div>
            }
        </section>
    }
}
