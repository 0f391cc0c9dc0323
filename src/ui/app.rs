//! The root component: restoring the saved playground, then the layout of the playground, the
//! clock that drives the engine and the write-behind flush of its journal and segment files;
//! the read-only view of a playground another tab owns, and the take-over between tabs.

use std::rc::Rc;

use gloo::events::EventListener;
use gloo::storage::{LocalStorage, SessionStorage, Storage};
use gloo::timers::callback::{Interval, Timeout};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::engine::profile::VersionProfile;
use crate::i18n::recovery_text::{check_lines, durability_line};
use crate::i18n::{Lang, Text};
use crate::scenario::archive::{self, ArchiveError};
use crate::scenario::journal::MAX_JOURNAL_ENTRIES;
use crate::scenario::replay::check;
use crate::scenario::share::MAX_SHARE_CHARS;
use crate::scenario::stored_segments::StoredCheck;
use crate::scenario::Scenario;
use crate::storage::owner_lock::OwnerLock;
use crate::storage::takeover::{request_takeover, TakeoverError, TakeoverServer};
use crate::ui::components::batch_inspector::BatchInspector;
use crate::ui::components::cluster_panel::ClusterPanel;
use crate::ui::components::consumer_jobs::ConsumerJobs;
use crate::ui::components::create_topic_form::CreateTopicForm;
use crate::ui::components::event_log_panel::EventLogPanel;
use crate::ui::components::groups_panel::GroupsPanel;
use crate::ui::components::header::Header;
use crate::ui::components::metrics_panel::MetricsPanel;
use crate::ui::components::partition_log::PartitionLog;
use crate::ui::components::playground_switcher::PlaygroundSwitcher;
use crate::ui::components::producer_jobs::ProducerJobs;
use crate::ui::components::producers_panel::ProducersPanel;
use crate::ui::components::read_only_banner::ReadOnlyBanner;
use crate::ui::components::terminal::Terminal;
use crate::ui::components::time_controls::TimeControls;
use crate::ui::components::topics_panel::TopicsPanel;
use crate::ui::engine_chunk;
use crate::ui::format::format_utc;
use crate::ui::persist::{self, Boot, Saver, FLUSH_INTERVAL_MS};
use crate::ui::share_link;
use crate::ui::sim_clock::SimClock;
use crate::ui::state::{Action, AppState, ReadOnly};

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
/// How long a take-over request waits for the owning tab's answer.
const TAKEOVER_TIMEOUT_MS: u32 = 3_000;
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

/// How many times the page fetches the engine's chunk before giving up, a second apart.
const ENGINE_FETCH_ATTEMPTS: u32 = 3;
/// How long a new playground whose engine could not be fetched waits before the next round
/// of [`ENGINE_FETCH_ATTEMPTS`].
const ENGINE_RETRY_INTERVAL: std::time::Duration = std::time::Duration::from_secs(5);

/// Fetches the engine's chunk (`ui::engine_chunk`), trying [`ENGINE_FETCH_ATTEMPTS`] times;
/// at once when it is loaded or the build has no chunk.
async fn load_engine() -> Result<(), String> {
    let mut failure = String::new();
    for attempt in 0..ENGINE_FETCH_ATTEMPTS {
        if attempt > 0 {
            yew::platform::time::sleep(std::time::Duration::from_secs(1)).await;
        }
        match engine_chunk::preload().await {
            Ok(()) => return Ok(()),
            Err(e) => failure = e,
        }
    }
    Err(failure)
}

/// A stored playground is rebuilt by replaying its journal, synchronously, and its files are
/// checked with Kafka's recovery: both are the engine's behaviour, so its chunk must be loaded
/// first. If it cannot be fetched (offline, say), this page opens an empty playground that
/// saves nothing and says why, and leaves the stored one untouched for the next load.
async fn engine_for_restore(mut booted: Boot) -> Boot {
    if booted.stored.is_none() {
        return booted;
    }
    if let Err(failure) = load_engine().await {
        booted.store = None;
        booted.stored = None;
        booted.files.clear();
        booted.snapshot = None;
        booted.error = Some(persist::PersistError::EngineUnavailable(failure));
    }
    booted
}

fn reload() {
    let _ = gloo::utils::window().location().reload();
}

/// Restores the saved playground ("restoring…" until IndexedDB answers), then shows it.
#[function_component(App)]
pub fn app() -> Html {
    let boot = use_state(|| None::<(Rc<Boot>, Option<String>)>);
    {
        let boot = boot.clone();
        use_effect_with((), move |_| {
            // The engine's chunk loads while the stored playground is read; whoever needs it
            // joins this fetch and reports a failure (the loader logs it too).
            wasm_bindgen_futures::spawn_local(async {
                let _ = engine_chunk::preload().await;
            });
            wasm_bindgen_futures::spawn_local(async move {
                let now_ms = js_sys::Date::now() as i64;
                // A shared link becomes the most recent playground, which `boot` then opens.
                let link_error = share_link::open_from_address(stored_lang(), now_ms)
                    .await
                    .err()
                    .map(|e| format!("{}: {e}", Text::SharedLinkFailed.get(stored_lang())));
                let booted = persist::boot(now_ms).await;
                let booted = engine_for_restore(booted).await;
                boot.set(Some((Rc::new(booted), link_error)));
            });
        });
    }
    match &*boot {
        None => html! {
            <p class="restoring" role="status">{Text::Restoring.get(stored_lang())}</p>
        },
        Some((boot, link_error)) => html! {
            <PlaygroundPage boot={boot.clone()} link_error={link_error.clone()} />
        },
    }
}

#[derive(Properties)]
struct PageProps {
    boot: Rc<Boot>,
    /// Why the shared link in the address did not open.
    link_error: Option<String>,
}

impl PartialEq for PageProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.boot, &other.boot) && self.link_error == other.link_error
    }
}

/// Set across the reload that follows a rewind, so the rewound playground opens paused.
const PAUSED_AFTER_RELOAD_KEY: &str = "kplay.paused-after-reload";

/// The clock a page starts with: paused right after a rewind, else running at real time.
fn initial_clock() -> SimClock {
    let paused = SessionStorage::get::<bool>(PAUSED_AFTER_RELOAD_KEY).unwrap_or(false);
    SessionStorage::delete(PAUSED_AFTER_RELOAD_KEY);
    if paused {
        SimClock::paused()
    } else {
        SimClock::running()
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

/// Writes the journal's new inputs and the dirty segment files behind the reducer, if this
/// page saves. A quota refusal makes the playground read-only until a flush succeeds again.
fn flush(
    saver: &Option<Saver>,
    error: &UseStateHandle<Option<String>>,
    dispatcher: &UseReducerDispatcher<AppState>,
) {
    let Some(saver) = saver.clone() else {
        return;
    };
    let (error, dispatcher) = (error.clone(), dispatcher.clone());
    wasm_bindgen_futures::spawn_local(async move {
        let result = saver.flush().await;
        let full = result.as_ref().err().is_some_and(Saver::is_quota);
        // Lifts only the quota's read-only mode: a hand-over's stays.
        if full || saver.store.is_storage_full() {
            saver.store.set_storage_full(full);
            dispatcher.dispatch(Action::SetReadOnly(full.then_some(ReadOnly::StorageFull)));
        }
        // A `use_state_eq` handle: setting what is already shown re-renders nothing.
        error.set(result.err().map(|e| e.to_string()));
    });
}

/// Asks the owning tab of `db_name` to hand the playground over; reloads as its owner when
/// it did (or when no tab holds it any more), else says why not in `status`.
fn take_over(lang: Lang, db_name: String, status: UseStateHandle<Option<String>>) {
    status.set(Some(Text::TakingOver.get(lang).to_owned()));
    wasm_bindgen_futures::spawn_local(async move {
        match request_takeover(&db_name, TAKEOVER_TIMEOUT_MS).await {
            Ok(()) => reload(),
            Err(TakeoverError::NoAnswer { waited_ms }) => {
                // The owner may have closed meanwhile: a free lock means the playground is ours.
                if let Ok(lock) = OwnerLock::try_acquire(&db_name).await {
                    lock.release().await;
                    return reload();
                }
                status.set(Some(format!(
                    "{} {waited_ms}",
                    Text::TakeOverNoAnswer.get(lang)
                )));
            }
            Err(TakeoverError::Refused(reason)) => status.set(Some(format!(
                "{}: {reason}",
                Text::TakeOverRefused.get(lang)
            ))),
            Err(e) => status.set(Some(e.to_string())),
        }
    });
}

/// Downloads `scenario` as a JSON file.
fn export(scenario: &Scenario) {
    let blob =
        gloo::file::Blob::new_with_options(scenario.to_json().as_str(), Some("application/json"));
    download(blob, EXPORT_FILE_NAME);
}

/// Waits for the engine's chunk: an archive's export and check replay the scenario outside
/// the reducer.
async fn engine_ready(lang: Lang) -> Result<(), String> {
    load_engine()
        .await
        .map_err(|e| format!("{} ({e})", Text::EngineFetchFailed.get(lang)))
}

/// Downloads `scenario` with its leader replicas' Kafka files as a `.tar` (`scenario::archive`).
fn export_archive(scenario: &Scenario) -> Result<(), ArchiveError> {
    let tar = engine_chunk::export_archive(scenario)?;
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
        let check = engine_chunk::verify_archive(&imported).map_err(|e| e.to_string())?;
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

/// A callback that sends the reducer the action `action` makes of its argument. Made once
/// (the dispatcher never changes): a new `Callback` on every render would compare unequal and
/// re-render every panel it is given on every tick.
#[hook]
fn use_dispatch<T: 'static>(
    state: &UseReducerHandle<AppState>,
    action: fn(T) -> Action,
) -> Callback<T> {
    use_callback(state.dispatcher(), move |arg, d| d.dispatch(action(arg)))
}

#[function_component(PlaygroundPage)]
fn playground_page(props: &PageProps) -> Html {
    let boot = props.boot.clone();
    let restore_error = use_mut_ref(|| None::<String>);
    // What checking the stored segment files found (only for a restored playground).
    let stored_check = use_mut_ref(|| None::<StoredCheck>);
    let state = use_reducer({
        let (boot, restore_error, stored_check) =
            (boot.clone(), restore_error.clone(), stored_check.clone());
        move || {
            let lang = stored_lang();
            let now_ms = js_sys::Date::now() as i64;
            let clock = initial_clock();
            // The seed makes the playground replayable; a new one's comes from the clock.
            let fresh = || {
                let scenario = Scenario::new(now_ms as u64, profile_from_address(), now_ms);
                AppState::from_scenario(lang, scenario, clock)
                    .expect("a new scenario has nothing that can fail to replay")
            };
            let restored = match boot.stored.clone() {
                None => Ok(fresh()),
                Some(stored) => stored.and_then(|scenario| {
                    AppState::from_scenario(lang, scenario, clock).map_err(|e| e.to_string())
                }),
            };
            let mut state = match restored {
                Ok(state) => {
                    if boot.stored.is_some() {
                        *stored_check.borrow_mut() =
                            Some(state.check_stored(&boot.files, boot.snapshot));
                    }
                    // The journal is authoritative: the next flush writes the replay's files
                    // over the stored ones (only an owner flushes).
                    state.replace_stored(boot.files.iter().map(|(f, _)| f.clone()));
                    state
                }
                Err(e) => {
                    *restore_error.borrow_mut() = Some(e);
                    fresh()
                }
            };
            if boot.watching.is_some() {
                state.read_only = Some(ReadOnly::OtherTab);
            }
            state
        }
    });
    // A playground that could not be restored is not saved over: reset deletes it.
    let saver = use_memo((), {
        let (boot, journal, segments) = (boot.clone(), state.journal(), state.segments());
        let restored = restore_error.borrow().is_none();
        move |_| {
            boot.store.clone().filter(|_| restored).map(|store| Saver {
                store,
                journal,
                segments,
            })
        }
    });
    let save_error = use_state_eq(|| None::<String>);
    let takeover_status = use_state_eq(|| None::<String>);
    let import_error = use_state(|| None::<String>);

    // Write-behind: on a timer, and when the page is hidden or left (the last chance).
    {
        let (saver, save_error, dispatcher) =
            ((*saver).clone(), save_error.clone(), state.dispatcher());
        use_effect_with((), move |_| {
            let flush = Rc::new(move || flush(&saver, &save_error, &dispatcher));
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

    // The owner answers another tab's take-over request: it flushes everything, releases
    // its lock and turns read-only (a refused flush keeps the playground here).
    {
        let (saver, dispatcher) = ((*saver).clone(), state.dispatcher());
        use_effect_with((), move |_| {
            let server = saver.and_then(|saver| {
                let db_name = saver.store.idb.name();
                let handler: crate::storage::takeover::Handler = Rc::new(move || {
                    let (saver, dispatcher) = (saver.clone(), dispatcher.clone());
                    Box::pin(async move {
                        saver.hand_over().await.map_err(|e| e.to_string())?;
                        dispatcher.dispatch(Action::SetReadOnly(Some(ReadOnly::HandedOver)));
                        Ok(())
                    })
                });
                TakeoverServer::start(&db_name, handler).ok()
            });
            move || drop(server)
        });
    }

    // Each tick moves the simulated clock as the time controls say (`SimClock`).
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let interval = Interval::new(TICK_MS, move || {
                dispatcher.dispatch(Action::Tick {
                    wall_ms: js_sys::Date::now() as i64,
                })
            });
            move || drop(interval)
        });
    }

    // The clock starts and inputs are taken once the engine's chunk (fetched since the page
    // started) arrives; this joins that fetch. If it fails, the time bar and the terminal say
    // so, and the page tries again every `ENGINE_RETRY_INTERVAL` until it arrives.
    {
        let (dispatcher, loaded) = (state.dispatcher(), state.engine_loaded);
        use_effect_with((), move |_| {
            if !loaded {
                wasm_bindgen_futures::spawn_local(async move {
                    loop {
                        match load_engine().await {
                            Ok(()) => return dispatcher.dispatch(Action::EngineLoaded),
                            Err(e) => dispatcher.dispatch(Action::EngineFailed(e)),
                        }
                        yew::platform::time::sleep(ENGINE_RETRY_INTERVAL).await;
                    }
                });
            }
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
    let on_lang = use_dispatch(&state, Action::SetLang);
    let on_create = use_dispatch(&state, Action::CreateTopic);
    let on_command = use_dispatch(&state, Action::RunCommand);
    let on_create_producer = use_dispatch(&state, Action::CreateProducer);
    let on_send = use_dispatch(&state, Action::SendRecord);
    let on_interrupt = use_dispatch(&state, |()| Action::Interrupt);
    let on_end_input = use_dispatch(&state, |()| Action::EndInput);

    let on_select = use_dispatch(&state, Action::SelectPartition);
    let on_scroll = use_dispatch(&state, Action::ScrollWindow);
    let on_inspect = use_dispatch(&state, Action::Inspect);
    let on_close_inspector = use_dispatch(&state, |()| Action::Inspect(None));

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
            let (journal, import_error) = (journal.clone(), import_error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let exported = match engine_ready(lang).await {
                    Ok(()) => {
                        export_archive(journal.borrow().scenario()).map_err(|e| e.to_string())
                    }
                    Err(e) => Err(e),
                };
                if let Err(e) = exported {
                    import_error.set(Some(e));
                }
            });
        })
    };
    let on_import = {
        let (store, import_error) = (boot.store.clone(), import_error.clone());
        Callback::from(move |bytes: Vec<u8>| {
            let failed = move |e: String| Some(format!("{}: {e}", Text::ImportFailed.get(lang)));
            let (store, import_error) = (store.clone(), import_error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = engine_ready(lang).await {
                    return import_error.set(failed(e));
                }
                let scenario = match imported_scenario(lang, &bytes) {
                    Ok(Some(s)) => s,
                    Ok(None) => return,
                    Err(e) => return import_error.set(failed(e)),
                };
                let Some(store) = store else {
                    return import_error.set(failed(Text::NotSaving.get(lang).to_owned()));
                };
                match store.replace(&scenario).await {
                    Ok(()) => reload(),
                    Err(e) => import_error.set(failed(e.to_string())),
                }
            });
        })
    };
    let on_pause = use_dispatch(&state, Action::SetPaused);
    let on_speed = use_dispatch(&state, Action::SetSpeed);
    let on_step = use_dispatch(&state, |()| Action::Step);
    let on_rewind = {
        let (store, journal, import_error) =
            (boot.store.clone(), state.journal(), import_error.clone());
        Callback::from(move |to_ms: i64| {
            let failed = move |e: String| Some(format!("{}: {e}", Text::RewindFailed.get(lang)));
            let Some(store) = store.clone() else {
                return import_error.set(failed(Text::NotSaving.get(lang).to_owned()));
            };
            if !gloo::dialogs::confirm(Text::RewindConfirm.get(lang)) {
                return;
            }
            let scenario = journal.borrow().scenario().until(to_ms);
            let import_error = import_error.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match store.replace(&scenario).await {
                    Ok(()) => {
                        let _ = SessionStorage::set(PAUSED_AFTER_RELOAD_KEY, true);
                        reload();
                    }
                    Err(e) => import_error.set(failed(e.to_string())),
                }
            });
        })
    };
    let share = use_state_eq(|| None::<(String, bool)>);
    let on_share = {
        let (journal, share, import_error) = (state.journal(), share.clone(), import_error.clone());
        Callback::from(move |()| {
            let link = match share_link::link_for(journal.borrow().scenario()) {
                Ok(link) => link,
                Err(e) => {
                    share.set(None);
                    return import_error.set(Some(format!("{}: {e}", Text::ShareFailed.get(lang))));
                }
            };
            share.set(Some((link.clone(), false)));
            let share = share.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if share_link::copy(&link).await {
                    share.set(Some((link, true)));
                }
            });
        })
    };
    let check_notes: Vec<String> = stored_check
        .borrow()
        .as_ref()
        .map(|check| check_lines(lang, check))
        .unwrap_or_default();
    let notes: Vec<String> = [
        recovery_note(lang, &state),
        props.link_error.clone(),
        share
            .as_ref()
            .filter(|(_, copied)| *copied)
            .map(|(link, _)| {
                format!(
                    "{} ({} {} {MAX_SHARE_CHARS})",
                    Text::LinkCopied.get(lang),
                    link.len(),
                    Text::CharactersMax.get(lang)
                )
            }),
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
    .chain(check_notes)
    .collect();
    let durability = saver
        .as_ref()
        .as_ref()
        .filter(|_| state.read_only.is_none())
        .map(|saver| durability_line(lang, &saver.durability()));
    // Who may ask to take the playground over: a watching tab, or one that handed it over.
    let takeover_db = boot.watching.clone().or_else(|| {
        (state.read_only == Some(ReadOnly::HandedOver))
            .then(|| boot.store.as_ref().map(|s| s.idb.name()))
            .flatten()
    });
    let on_take_over = takeover_db.map(|db_name| {
        let status = takeover_status.clone();
        Callback::from(move |()| take_over(lang, db_name.clone(), status.clone()))
    });

    let switcher = html! {
        <PlaygroundSwitcher {lang} current={boot.store.as_ref().map(|s| s.entry.clone())}
            saver={(*saver).clone()} />
    };
    html! {
        <>
            <Header {lang} now_ms={state.now_ms} profile={state.profile} {on_lang}
                {notes} {durability} {on_reset} {on_export} {on_export_archive} {on_import} {switcher} />
            if let Some(read_only) = state.read_only {
                <ReadOnlyBanner {lang} {read_only} {on_take_over} status={(*takeover_status).clone()} />
            }
            <TimeControls {lang} clock={state.clock()} start_ms={state.start_ms()}
                read_only={state.read_only.is_some()} engine_loading={!state.engine_loaded}
                engine_error={state.engine_error.clone()}
                now_ms={state.now_ms} {on_pause} {on_speed} {on_step} {on_rewind} {on_share}
                share_link={share.as_ref().map(|(link, _)| link.clone())} />
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
                    on_create={on_create_producer} {on_send}>
                    <ProducerJobs {lang} rows={state.producer_jobs.clone()} view={state.view.clone()}
                        busy={state.prompt.is_some()} on_command={on_command.clone()} />
                </ProducersPanel>
                <GroupsPanel {lang} groups={state.groups.clone()}>
                    <ConsumerJobs {lang} rows={state.consumer_jobs.clone()} view={state.view.clone()} busy={state.prompt.is_some()}
                        on_command={on_command.clone()} />
                </GroupsPanel>
                <MetricsPanel {lang} history={state.metrics.clone()} />
                <Terminal {lang} lines={state.terminal.clone()} prompt={state.prompt} {on_command}
                    {on_interrupt} {on_end_input} engine_loading={!state.engine_loaded}
                    engine_error={state.engine_error.clone()} />
                <EventLogPanel {lang} events={state.events.clone()} capacity={state.event_capacity}
                    dropped={state.events_dropped} />
            </main>
        </>
    }
}
