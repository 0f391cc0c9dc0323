//! Everything the engine emitted, newest first, with the log's limit shown.

use std::rc::Rc;
use yew::prelude::*;

use crate::engine::event::Event;
use crate::engine::event_log::Stamped;
use crate::i18n::event_text::describe;
use crate::i18n::{Lang, Text};
use crate::ui::format::format_utc;

#[derive(Properties, PartialEq)]
pub struct EventLogPanelProps {
    pub lang: Lang,
    /// The most recent events, oldest first.
    pub events: Rc<Vec<Stamped<Event>>>,
    /// How many events the engine keeps at most.
    pub capacity: usize,
    /// How many older events the engine has already dropped.
    pub dropped: u64,
}

#[function_component(EventLogPanel)]
pub fn event_log_panel(props: &EventLogPanelProps) -> Html {
    let lang = props.lang;
    let items = props.events.iter().rev().map(|e| {
        let time = format_utc(e.time_ms);
        html! {
            <li data-seq={e.seq.to_string()}>
                <time title={time.clone()}>{time[11..].to_string()}</time>
                <span>{describe(&e.event, lang)}</span>
            </li>
        }
    });
    html! {
        <section class="panel event-log-panel" aria-labelledby="events-title">
            <h2 id="events-title">{Text::EventLog.get(lang)}</h2>
            if props.events.is_empty() { <p class="empty">{Text::NoEvents.get(lang)}</p> }
            <ol class="events">{for items}</ol>
            <p class="event-limit">
                {format!("{} {}", Text::EventLimit.get(lang), props.capacity)}
                if props.dropped > 0 { {format!(" · {} {}", Text::Dropped.get(lang), props.dropped)} }
            </p>
        </section>
    }
}
