//! The terminal's background consumers under the groups: each with its client id, group,
//! records consumed and whether its process is frozen, and the buttons that freeze or thaw
//! it (no polls, no heartbeats: the coordinator removes it after `session.timeout.ms`, and
//! it rejoins when thawed) or stop it (`close()`: it commits and leaves). Like the broker
//! buttons, a button types the playground's `consumer …` command into the terminal.

use std::rc::Rc;
use yew::prelude::*;

use crate::i18n::{Lang, Text};
use crate::ui::jobs_view::ConsumerJobRow;

#[derive(Properties, PartialEq)]
pub struct ConsumerJobsProps {
    pub lang: Lang,
    pub rows: Rc<Vec<ConsumerJobRow>>,
    /// A tool in the terminal reads its standard input: a typed command would become its input.
    pub busy: bool,
    /// Runs a terminal command line.
    pub on_command: Callback<String>,
}

#[function_component(ConsumerJobs)]
pub fn consumer_jobs(props: &ConsumerJobsProps) -> Html {
    let lang = props.lang;
    if props.rows.is_empty() {
        return html! {};
    }
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
        </section>
    }
}
