//! The root component: restoring the saved playground, then the layout of the playground, the
//! clock that drives the engine and the write-behind flush of its journal.

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::storage::{LocalStorage, Storage};
use gloo::timers::callback::{Interval, Timeout};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::engine::profile::VersionProfile;
use crate::engine::topic_partition::TopicPartition;
use crate::i18n::{Lang, Text};
use crate::scenario::archive::{self, ArchiveError};
use crate::scenario::journal::MAX_JOURNAL_ENTRIES;
use crate::scenario::replay::check;
use crate::scenario::Scenario;
use crate::ui::components::batch_inspector::BatchInspector;
use crate::ui::components::cluster_panel::ClusterPanel;
use crate::ui::components::create_topic_form::{CreateTopicForm, NewTopic};
use crate::ui::components::event_log_panel::EventLogPanel;
use crate::ui::components::groups_panel::GroupsPanel;
use crate::ui::components::header::Header;
use crate::ui::components::metrics_panel::MetricsPanel;
use crate::ui::components::partition_log::PartitionLog;
use crate::ui::components::playground_switcher::PlaygroundSwitcher;
use crate::ui::components::producers_panel::ProducersPanel;
use crate::ui::components::terminal::Terminal;
use crate::ui::components::topics_panel::TopicsPanel;
use crate::ui::format::format_utc;
use crate::ui::persist::{self, Boot, Saver, FLUSH_INTERVAL_MS};
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

/// How often the simulated clock follows the real one: about once a frame, so that the
/// engine's work under load comes in slices that leave the frame time to the browser (the
/// panels are rebuilt less often, every `state::VIEW_REFRESH_MS`).
const TICK_MS: u32 = 16;
/// The name of an exported scenario file.
const EXPORT_FILE_NAME: &str = "kplay-scenario.json";
/// The name of an exported archive.
const EXPORT_ARCHIVE_NAME: &str = "kplay-playground.tar";
/// How long an exported file's object URL lives (the download starts well before).
const EXPORT_URL_LIFETIME_MS: u32 = 60_000;

fn stored_lang() -> Lang {
    LocalStorage::get::<String>(LANG_KEY)
        .ok()
        .and_then(|t| Lang::from_tag(&t))
        .unwrap_or_default()
}

fn reload() {
    let _ = gloo::utils::window().location().reload();
}

/// Restores the saved playground ("restoring…" until IndexedDB answers), then shows it.
#[function_component(App)]
pub fn app() -> Html {
    let boot = use_state(|| None::<Rc<Boot>>);
    {
        let boot = boot.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let booted = persist::boot(js_sys::Date::now() as i64).await;
                boot.set(Some(Rc::new(booted)));
            });
        });
    }
    match &*boot {
        None => html! {
            <p class="restoring" role="status">{Text::Restoring.get(stored_lang())}</p>
        },
        Some(boot) => html! { <PlaygroundPage boot={boot.clone()} /> },
    }
}

#[derive(Properties)]
struct PageProps {
    boot: Rc<Boot>,
}

impl PartialEq for PageProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.boot, &other.boot)
    }
}

/// The one-line recovery report.
fn recovery_note(lang: Lang, state: &AppState) -> Option<String> {
    let r = state.recovery.as_ref()?;
    let mut note = format!(
        "{}: {} {} · {} {} UTC",
        Text::Restored.get(lang),
        Text::InputsReplayed.get(lang),
        r.inputs,
        Text::ClockRestored.get(lang),
        format_utc(r.clock_ms)
    );
    if let Some(index) = r.diverged_at {
        note.push_str(&format!(
            " · {} #{}",
            Text::ReplayDiverged.get(lang),
            index + 1
        ));
    }
    Some(note)
}

/// Writes the journal's new inputs behind the reducer, if this page saves.
fn flush(saver: &Option<Saver>, error: &UseStateHandle<Option<String>>) {
    let Some(saver) = saver.clone() else {
        return;
    };
    let error = error.clone();
    wasm_bindgen_futures::spawn_local(async move {
        // A `use_state_eq` handle: setting what is already shown re-renders nothing.
        error.set(saver.flush().await.err().map(|e| e.to_string()));
    });
}

/// Downloads `scenario` as a JSON file.
fn export(scenario: &Scenario) {
    let blob =
        gloo::file::Blob::new_with_options(scenario.to_json().as_str(), Some("application/json"));
    download(blob, EXPORT_FILE_NAME);
}

/// Downloads `scenario` with its leader replicas' Kafka files as a `.tar` (`scenario::archive`).
fn export_archive(scenario: &Scenario) -> Result<(), ArchiveError> {
    let tar = archive::export(scenario)?;
    let blob = gloo::file::Blob::new_with_options(tar.as_slice(), Some("application/x-tar"));
    download(blob, EXPORT_ARCHIVE_NAME);
    Ok(())
}

/// The scenario of an imported file: a `.tar` made by [`export_archive`] (recognised by its
/// ustar magic), whose segment files are checked against a replay and the learner asked to go
/// on when they differ; else a scenario's JSON. `Ok(None)`: the learner declined.
fn imported_scenario(lang: Lang, bytes: &[u8]) -> Result<Option<Scenario>, String> {
    if bytes.get(257..262) == Some(b"ustar".as_slice()) {
        let imported = archive::import(bytes).map_err(|e| e.to_string())?;
        let check = archive::verify(&imported).map_err(|e| e.to_string())?;
        if !check.is_consistent() {
            let list = |label: Text, paths: &[String]| {
                (!paths.is_empty()).then(|| format!("{}: {}", label.get(lang), paths.join(", ")))
            };
            let report: Vec<String> = [
                list(Text::ArchiveDiffering, &check.differing),
                list(Text::ArchiveMissing, &check.missing),
                list(Text::ArchiveExtra, &check.extra),
            ]
            .into_iter()
            .flatten()
            .collect();
            let message = format!(
                "{}\n{}\n\n{}",
                Text::ArchiveMismatch.get(lang),
                report.join("\n"),
                Text::ImportAnyway.get(lang)
            );
            if !gloo::dialogs::confirm(&message) {
                return Ok(None);
            }
        }
        return Ok(Some(imported.scenario));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
    let scenario = Scenario::from_json(text).map_err(|e| e.to_string())?;
    check(&scenario).map_err(|e| e.to_string())?;
    Ok(Some(scenario))
}

/// Starts downloading `blob` as `file_name`.
fn download(blob: gloo::file::Blob, file_name: &str) {
    let url = gloo::file::ObjectUrl::from(blob);
    let document = gloo::utils::document();
    let Ok(link) = document.create_element("a") else {
        return;
    };
    let _ = link.set_attribute("href", &url);
    let _ = link.set_attribute("download", file_name);
    if let Ok(link) = link.dyn_into::<web_sys::HtmlElement>() {
        link.click();
    }
    // Revoking the URL at once could cancel the download: let it live a while.
    Timeout::new(EXPORT_URL_LIFETIME_MS, move || drop(url)).forget();
}

#[function_component(PlaygroundPage)]
fn playground_page(props: &PageProps) -> Html {
    let boot = props.boot.clone();
    let restore_error = use_mut_ref(|| None::<String>);
    let state = use_reducer({
        let (boot, restore_error) = (boot.clone(), restore_error.clone());
        move || {
            let lang = stored_lang();
            let now_ms = js_sys::Date::now() as i64;
            // The seed makes the playground replayable; a new one's comes from the clock.
            let fresh = || {
                let scenario = Scenario::new(now_ms as u64, profile_from_address(), now_ms);
                AppState::from_scenario(lang, scenario, now_ms)
                    .expect("a new scenario has nothing that can fail to replay")
            };
            let restored = match boot.stored.clone() {
                None => return fresh(),
                Some(stored) => stored.and_then(|scenario| {
                    AppState::from_scenario(lang, scenario, now_ms).map_err(|e| e.to_string())
                }),
            };
            restored.unwrap_or_else(|e| {
                *restore_error.borrow_mut() = Some(e);
                fresh()
            })
        }
    });
    // A playground that could not be restored is not saved over: reset deletes it.
    // The playground's segment bytes, recorded in the catalogue as its size on a flush.
    let size_bytes: Rc<Cell<u64>> = use_memo((), |_| Cell::new(0));
    size_bytes.set(state.view.storage_used_bytes);
    let saver = use_memo((), {
        let (boot, journal, size_bytes) = (boot.clone(), state.journal(), size_bytes.clone());
        let restored = restore_error.borrow().is_none();
        move |_| {
            boot.store.clone().filter(|_| restored).map(|store| Saver {
                store,
                journal,
                size_bytes,
            })
        }
    });
    let save_error = use_state_eq(|| None::<String>);
    let import_error = use_state(|| None::<String>);

    // Write-behind: on a timer, and when the page is hidden or left (the last chance).
    {
        let (saver, save_error) = ((*saver).clone(), save_error.clone());
        use_effect_with((), move |_| {
            let flush = Rc::new(move || flush(&saver, &save_error));
            let interval = Interval::new(FLUSH_INTERVAL_MS, {
                let flush = flush.clone();
                move || flush()
            });
            let document = gloo::utils::document();
            let on_hidden = EventListener::new(&document, "visibilitychange", {
                let (flush, document) = (flush.clone(), document.clone());
                move |_| {
                    if document.hidden() {
                        flush();
                    }
                }
            });
            let on_pagehide =
                EventListener::new(&gloo::utils::window(), "pagehide", move |_| flush());
            move || drop((interval, on_hidden, on_pagehide))
        });
    }

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
    // The dispatcher never changes, so these callbacks are made once: a new `Callback` on
    // every render would compare unequal and re-render every panel it is given on every tick.
    let dispatcher = state.dispatcher();
    let on_lang = use_callback(dispatcher.clone(), |l, d| d.dispatch(Action::SetLang(l)));
    let on_create = use_callback(dispatcher.clone(), |t: NewTopic, d| {
        d.dispatch(Action::CreateTopic(t))
    });
    let on_command = use_callback(dispatcher.clone(), |line: String, d| {
        d.dispatch(Action::RunCommand(line))
    });
    let on_create_producer = use_callback(dispatcher.clone(), |p: NewProducer, d| {
        d.dispatch(Action::CreateProducer(p))
    });
    let on_send = use_callback(dispatcher.clone(), |r: NewRecord, d| {
        d.dispatch(Action::SendRecord(r))
    });
    let on_interrupt = use_callback(dispatcher.clone(), |(), d| d.dispatch(Action::Interrupt));
    let on_end_input = use_callback(dispatcher.clone(), |(), d| d.dispatch(Action::EndInput));
    let on_select = use_callback(dispatcher.clone(), |tp: TopicPartition, d| {
        d.dispatch(Action::SelectPartition(tp))
    });
    let on_scroll = use_callback(dispatcher.clone(), |from: Option<i64>, d| {
        d.dispatch(Action::ScrollWindow(from))
    });
    let on_inspect = use_callback(dispatcher.clone(), |offset: Option<i64>, d| {
        d.dispatch(Action::Inspect(offset))
    });
    let on_close_inspector = use_callback(dispatcher, |(), d| d.dispatch(Action::Inspect(None)));

    let on_reset = {
        let store = boot.store.clone();
        Callback::from(move |()| {
            if !gloo::dialogs::confirm(Text::ResetConfirm.get(lang)) {
                return;
            }
            match store.clone() {
                Some(store) => wasm_bindgen_futures::spawn_local(async move {
                    // A failed clear leaves the playground as saved: the reload shows it.
                    let _ = store.clear().await;
                    reload();
                }),
                None => reload(),
            }
        })
    };
    let on_export = {
        let journal = state.journal();
        Callback::from(move |()| export(journal.borrow().scenario()))
    };
    let on_export_archive = {
        let (journal, import_error) = (state.journal(), import_error.clone());
        Callback::from(move |()| {
            if let Err(e) = export_archive(journal.borrow().scenario()) {
                import_error.set(Some(e.to_string()));
            }
        })
    };
    let on_import = {
        let (store, import_error) = (boot.store.clone(), import_error.clone());
        Callback::from(move |bytes: Vec<u8>| {
            let failed = move |e: String| Some(format!("{}: {e}", Text::ImportFailed.get(lang)));
            let scenario = match imported_scenario(lang, &bytes) {
                Ok(Some(s)) => s,
                Ok(None) => return,
                Err(e) => return import_error.set(failed(e)),
            };
            let Some(store) = store.clone() else {
                return import_error.set(failed(Text::NotSaving.get(lang).to_owned()));
            };
            let import_error = import_error.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match store.replace(&scenario).await {
                    Ok(()) => reload(),
                    Err(e) => import_error.set(failed(e.to_string())),
                }
            });
        })
    };
    let notes: Vec<String> = [
        recovery_note(lang, &state),
        restore_error
            .borrow()
            .as_ref()
            .map(|e| format!("{}: {e}", Text::RestoreFailed.get(lang))),
        boot.error
            .as_ref()
            .map(|e| persist::describe_error(lang, e)),
        state
            .journal_full
            .then(|| format!("{} {MAX_JOURNAL_ENTRIES}", Text::JournalFull.get(lang))),
        save_error
            .as_ref()
            .map(|e| format!("{}: {e}", Text::SaveFailed.get(lang))),
        (*import_error).clone(),
    ]
    .into_iter()
    .flatten()
    .collect();

    let switcher = html! {
        <PlaygroundSwitcher {lang} current={boot.store.as_ref().map(|s| s.entry.clone())}
            saver={(*saver).clone()} />
    };
    html! {
        <>
            <Header {lang} now_ms={state.view.now_ms} profile={state.profile} {on_lang}
                {notes} {on_reset} {on_export} {on_export_archive} {on_import} {switcher} />
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
                <MetricsPanel {lang} history={state.metrics.clone()} />
                <Terminal {lang} lines={state.terminal.clone()} prompt={state.prompt} {on_command}
                    {on_interrupt} {on_end_input} />
                <EventLogPanel {lang} events={state.events.clone()} capacity={state.event_capacity}
                    dropped={state.events_dropped} />
            </main>
        </>
    }
}
