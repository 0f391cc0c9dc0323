//! The root component: the layout of the playground and the clock that drives the engine.

use gloo::storage::{LocalStorage, Storage};
use gloo::timers::callback::Interval;
use yew::prelude::*;

use crate::engine::profile::VersionProfile;
use crate::engine::topic_partition::TopicPartition;
use crate::i18n::Lang;
use crate::ui::components::batch_inspector::BatchInspector;
use crate::ui::components::cluster_panel::ClusterPanel;
use crate::ui::components::create_topic_form::{CreateTopicForm, NewTopic};
use crate::ui::components::event_log_panel::EventLogPanel;
use crate::ui::components::groups_panel::GroupsPanel;
use crate::ui::components::header::Header;
use crate::ui::components::partition_log::PartitionLog;
use crate::ui::components::producers_panel::ProducersPanel;
use crate::ui::components::terminal::Terminal;
use crate::ui::components::topics_panel::TopicsPanel;
use crate::ui::state::{Action, AppState, NewProducer, NewRecord};

/// Where the chosen language is remembered between visits.
const LANG_KEY: &str = "kplay.lang";
/// The version profile the address asks for (`?profile=2.5`), else 4.x.
fn profile_from_address() -> VersionProfile {
    let search = gloo::utils::window()
        .location()
        .search()
        .unwrap_or_default();
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == "profile")
        .and_then(|(_, v)| VersionProfile::parse(v))
        .unwrap_or(VersionProfile::Kafka4x)
}

/// How often the simulated clock follows the real one.
const TICK_MS: u32 = 250;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| {
        let lang = LocalStorage::get::<String>(LANG_KEY)
            .ok()
            .and_then(|t| Lang::from_tag(&t))
            .unwrap_or_default();
        let now_ms = js_sys::Date::now() as i64;
        // The seed makes the playground replayable; the first one comes from the clock.
        AppState::new(lang, now_ms as u64, profile_from_address(), now_ms)
    });

    // The simulated clock runs at real speed for now: each tick advances it to the wall time.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let interval = Interval::new(TICK_MS, move || {
                dispatcher.dispatch(Action::Tick {
                    now_ms: js_sys::Date::now() as i64,
                })
            });
            move || drop(interval)
        });
    }

    // Persisting the language is an effect, not the reducer's business.
    use_effect_with(state.lang, |lang| {
        let _ = LocalStorage::set(LANG_KEY, lang.tag());
        if let Some(root) = gloo::utils::document().document_element() {
            let _ = root.set_attribute("lang", lang.tag());
        }
    });

    let lang = state.lang;
    let on_lang = {
        let d = state.dispatcher();
        Callback::from(move |l| d.dispatch(Action::SetLang(l)))
    };
    let on_create = {
        let d = state.dispatcher();
        Callback::from(move |t: NewTopic| d.dispatch(Action::CreateTopic(t)))
    };
    let on_command = {
        let d = state.dispatcher();
        Callback::from(move |line: String| d.dispatch(Action::RunCommand(line)))
    };
    let on_create_producer = {
        let d = state.dispatcher();
        Callback::from(move |p: NewProducer| d.dispatch(Action::CreateProducer(p)))
    };
    let on_send = {
        let d = state.dispatcher();
        Callback::from(move |r: NewRecord| d.dispatch(Action::SendRecord(r)))
    };
    let on_interrupt = {
        let d = state.dispatcher();
        Callback::from(move |()| d.dispatch(Action::Interrupt))
    };
    let on_end_input = {
        let d = state.dispatcher();
        Callback::from(move |()| d.dispatch(Action::EndInput))
    };

    let on_select = {
        let d = state.dispatcher();
        Callback::from(move |tp: TopicPartition| d.dispatch(Action::SelectPartition(tp)))
    };
    let on_scroll = {
        let d = state.dispatcher();
        Callback::from(move |from: Option<i64>| d.dispatch(Action::ScrollWindow(from)))
    };
    let on_inspect = {
        let d = state.dispatcher();
        Callback::from(move |offset: Option<i64>| d.dispatch(Action::Inspect(offset)))
    };
    let on_close_inspector = {
        let d = state.dispatcher();
        Callback::from(move |()| d.dispatch(Action::Inspect(None)))
    };

    html! {
        <>
            <Header {lang} now_ms={state.view.now_ms} profile={state.profile} {on_lang} />
            <main class="layout">
                <ClusterPanel {lang} view={state.view.clone()} busy={state.prompt.is_some()} on_command={on_command.clone()} />
                <TopicsPanel {lang} view={state.view.clone()} selected={state.selected.clone()} {on_select}>
                    <CreateTopicForm {lang} {on_create} error={state.form_error.clone()} />
                </TopicsPanel>
                <PartitionLog {lang} window={state.window.clone()} following={state.window_from.is_none()}
                    inspected={state.inspect_offset} {on_scroll} {on_inspect} />
                <BatchInspector {lang} inspection={state.inspection.clone()} on_close={on_close_inspector} />
                <ProducersPanel {lang} producers={state.producers.clone()} sent={state.sent.clone()}
                    view={state.view.clone()} error={state.producer_error.clone()}
                    on_create={on_create_producer} {on_send} />
                <GroupsPanel {lang} groups={state.groups.clone()} />
                <Terminal {lang} lines={state.terminal.clone()} prompt={state.prompt} {on_command}
                    {on_interrupt} {on_end_input} />
                <EventLogPanel {lang} events={state.events.clone()} capacity={state.event_capacity}
                    dropped={state.events_dropped} />
            </main>
        </>
    }
}
