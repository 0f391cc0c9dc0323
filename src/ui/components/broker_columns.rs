//! The brokers as columns: each broker's state in a word and a colour, the controller marked,
//! its share of leaders, replicas and bytes, and the buttons that stop, crash, start, isolate,
//! heal, slow or speed it up. A button never calls the engine: it types the playground's
//! `broker …` command into the terminal, so the learner sees (and the journal keeps) what ran.

use std::rc::Rc;
use yew::prelude::*;

use crate::i18n::{Lang, Text};
use crate::ui::format::{format_bytes, BrokerColumn};

#[derive(Properties, PartialEq)]
pub struct BrokerColumnsProps {
    pub lang: Lang,
    pub columns: Rc<Vec<BrokerColumn>>,
    /// A tool in the terminal reads its standard input: a typed command would become its input.
    pub busy: bool,
    /// Runs a terminal command line.
    pub on_command: Callback<String>,
}

#[function_component(BrokerColumns)]
pub fn broker_columns(props: &BrokerColumnsProps) -> Html {
    let lang = props.lang;
    // The last command a button typed, repeated here because the terminal may be off screen.
    let typed = use_state(|| None::<String>);
    let cards = props.columns.iter().map(|b| {
        let id = b.id;
        let title_id = format!("broker-{id}-title");
        // `broker_conditions` always starts with the run status, so there is a first one.
        let status = b.conditions[0];
        let conditions = b.conditions.iter().map(|c| {
            html! { <li class={classes!("condition", c.class())}>{c.text().get(lang)}</li> }
        });
        let buttons = b.actions.iter().map(|&action| {
            let command = action.command(id);
            let onclick = {
                let cb = props.on_command.clone();
                let command = command.clone();
                let typed = typed.clone();
                Callback::from(move |_: MouseEvent| {
                    typed.set(Some(command.clone()));
                    cb.emit(command.clone())
                })
            };
            html! {
                <button type="button" class={classes!("broker-action", format!("action-{}", action.name()))}
                    data-action={action.name()} aria-label={action.label(id, lang)} title={command}
                    disabled={props.busy} {onclick}>
                    {action.text().get(lang)}
                </button>
            }
        });
        html! {
            <section class={classes!("broker-card", status.class())} data-broker={id.to_string()}
                data-status={status.text().get(Lang::En)} aria-labelledby={title_id.clone()}>
                <h3 id={title_id}>
                    {format!("{} {id}", Text::Broker.get(lang))}
                    if b.is_controller { <span class="badge controller-badge">{Text::Controller.get(lang)}</span> }
                </h3>
                if let Some(rack) = &b.rack { <p class="rack">{format!("{} {rack}", Text::Rack.get(lang))}</p> }
                <ul class="conditions" aria-label={Text::Status.get(lang)}>{for conditions}</ul>
                if b.fetch_delay_ms > 0 {
                    <p class="fetch-delay">{format!("{} {} ms", Text::FetchDelay.get(lang), b.fetch_delay_ms)}</p>
                }
                <dl class="broker-figures">
                    <dt>{Text::LeadersCount.get(lang)}</dt><dd class="leaders">{b.leaders}</dd>
                    <dt>{Text::ReplicasCount.get(lang)}</dt><dd class="replica-count">{b.replicas}</dd>
                    <dt>{Text::BrokerBytesIn.get(lang)}</dt><dd class="bytes-in">{format_bytes(b.bytes_in)}</dd>
                    <dt>{Text::BrokerBytesOut.get(lang)}</dt><dd class="bytes-out">{format_bytes(b.bytes_out)}</dd>
                </dl>
                <div class="broker-actions" role="group" aria-label={format!("{} {id}", Text::Broker.get(lang))}>
                    {for buttons}
                </div>
            </section>
        }
    });
    html! {
        <div class="broker-columns" style={format!("--brokers: {}", props.columns.len())}>
            <div class="broker-columns-hint">
                <p class="hint">{Text::BrokerButtonsHint.get(lang)}</p>
                if props.busy { <p class="hint busy" role="status">{Text::TerminalBusy.get(lang)}</p> }
                <p class="typed" role="status" aria-live="polite">
                    if let Some(command) = &*typed {
                        {Text::TypedCommand.get(lang)}{" "}<code>{command}</code>
                    }
                </p>
            </div>
            {for cards}
        </div>
    }
}
