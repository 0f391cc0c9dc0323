//! The playground switcher: a header button opening a panel that lists the playgrounds saved in
//! this browser (name, segment size, last use; the catalogue of `storage::catalogue`), creates,
//! opens, renames, duplicates and deletes them, and shows the origin's storage usage against
//! its quota (`navigator.storage.estimate()`) with a button asking for persistent storage.
//!
//! Opening (or creating) a playground saves the open one, marks the other as the most recently
//! used and reloads the page, which opens it and replays its journal. The open playground cannot
//! be deleted (Reset empties it instead); one open in another tab cannot either.
//!
//! Keyboard: the panel is a non-modal dialog of native buttons and inputs; opening it moves the
//! focus into it, Escape closes it and gives the focus back to the header button.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{Lang, Text};
use crate::storage::catalogue::PlaygroundEntry;
use crate::storage::estimate::{self, StorageEstimate};
use crate::ui::format::{format_bytes, format_utc};
use crate::ui::persist::{self, PersistError, Saver};

#[derive(Properties, PartialEq)]
pub struct SwitcherProps {
    pub lang: Lang,
    /// The playground this page has open, as of the page load, if it has one.
    pub current: Option<PlaygroundEntry>,
    /// Saves the open playground before it is left or copied; `None` when this page does not
    /// save it (then nothing is written before leaving).
    pub saver: Option<Saver>,
}

/// What the panel knows of the catalogue and of the browser's storage.
#[derive(Clone, Default, PartialEq)]
struct Listing {
    entries: Vec<PlaygroundEntry>,
    estimate: Option<StorageEstimate>,
    persisted: Option<bool>,
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

fn reload() {
    let _ = gloo::utils::window().location().reload();
}

/// Reads the catalogue and the storage estimate into `listing`, or the failure into `error`.
fn refresh(listing: UseStateHandle<Listing>, error: UseStateHandle<Option<String>>, lang: Lang) {
    wasm_bindgen_futures::spawn_local(async move {
        match persist::list().await {
            Ok(entries) => listing.set(Listing {
                entries,
                // Both are advisory: a browser that will not say leaves them out.
                estimate: estimate::estimate().await.ok(),
                persisted: estimate::persisted().await.ok(),
            }),
            Err(e) => error.set(Some(failure(lang, &e))),
        }
    });
}

fn failure(lang: Lang, e: &PersistError) -> String {
    match e {
        PersistError::InUse => Text::CannotDeleteOpen.get(lang).to_owned(),
        e => format!("{}: {e}", Text::CatalogueFailed.get(lang)),
    }
}

#[function_component(PlaygroundSwitcher)]
pub fn playground_switcher(props: &SwitcherProps) -> Html {
    let lang = props.lang;
    let open = use_state(|| false);
    let listing = use_state(Listing::default);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let toggle_ref = use_node_ref();
    let name_ref = use_node_ref();

    // Opening reads the catalogue afresh and moves the focus into the panel.
    {
        let (listing, error, name_ref) = (listing.clone(), error.clone(), name_ref.clone());
        use_effect_with(*open, move |&open| {
            if open {
                refresh(listing, error, lang);
                if let Some(input) = name_ref.cast::<HtmlInputElement>() {
                    let _ = input.focus();
                }
            }
        });
    }

    let current_id = props.current.as_ref().map(|e| e.id);
    // A rename in this panel shows at once; the page's own entry is as of its load.
    let current_name = props.current.as_ref().map(|c| {
        listing
            .entries
            .iter()
            .find(|e| e.id == c.id)
            .map_or(c.name.clone(), |e| e.name.clone())
    });

    let close = {
        let (open, toggle_ref) = (open.clone(), toggle_ref.clone());
        move || {
            open.set(false);
            if let Some(button) = toggle_ref.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        }
    };
    let on_toggle = {
        let (open, error) = (open.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            error.set(None);
            open.set(!*open);
        })
    };
    let on_keydown = {
        let close = close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                close();
            }
        })
    };
    let on_close = Callback::from(move |_: MouseEvent| close());

    // Runs one catalogue operation: busy meanwhile, its failure shown, the list re-read after.
    let run = {
        let (listing, error, busy) = (listing.clone(), error.clone(), busy.clone());
        Rc::new(
            move |op: std::pin::Pin<
                Box<dyn std::future::Future<Output = Result<bool, PersistError>>>,
            >| {
                if *busy {
                    return;
                }
                busy.set(true);
                error.set(None);
                let (listing, error, busy) = (listing.clone(), error.clone(), busy.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    match op.await {
                        // The operation reloads the page onto another playground.
                        Ok(true) => reload(),
                        Ok(false) => {
                            busy.set(false);
                            refresh(listing, error, lang);
                        }
                        Err(e) => {
                            busy.set(false);
                            error.set(Some(failure(lang, &e)));
                            refresh(listing, error, lang);
                        }
                    }
                });
            },
        )
    };

    let open_playground = {
        let (run, saver) = (run.clone(), props.saver.clone());
        move |id: u64| {
            let saver = saver.clone();
            run(Box::pin(async move {
                if let Some(saver) = saver {
                    saver.finish().await?;
                }
                persist::open_on_reload(id, now_ms()).await?;
                Ok(true)
            }))
        }
    };
    let on_create = {
        let (run, saver, name_ref) = (run.clone(), props.saver.clone(), name_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(input) = name_ref.cast::<HtmlInputElement>() else {
                return;
            };
            let (name, saver) = (input.value(), saver.clone());
            run(Box::pin(async move {
                if let Some(saver) = &saver {
                    saver.flush().await?;
                }
                let entry = persist::create(&name, now_ms()).await?;
                if let Some(saver) = saver {
                    saver.finish().await?;
                }
                persist::open_on_reload(entry.id, now_ms()).await?;
                Ok(true)
            }))
        })
    };
    let on_persist = {
        let (listing, error) = (listing.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            let (listing, error) = (listing.clone(), error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match estimate::persist().await {
                    Ok(granted) => {
                        if !granted {
                            error.set(Some(Text::PersistDenied.get(lang).to_owned()));
                        }
                        listing.set(Listing {
                            persisted: Some(granted),
                            ..(*listing).clone()
                        });
                    }
                    Err(e) => error.set(Some(e.to_string())),
                }
            });
        })
    };

    let row = |entry: &PlaygroundEntry| {
        let id = entry.id;
        let is_open = Some(id) == current_id;
        let on_open = {
            let open_playground = open_playground.clone();
            Callback::from(move |_: MouseEvent| open_playground(id))
        };
        let on_rename = {
            let (run, name) = (run.clone(), entry.name.clone());
            Callback::from(move |_: MouseEvent| {
                let Some(new) = gloo::dialogs::prompt(Text::NewName.get(lang), Some(&name)) else {
                    return;
                };
                run(Box::pin(async move {
                    persist::rename(id, &new).await?;
                    Ok(false)
                }))
            })
        };
        let on_duplicate = {
            let (run, saver, name) = (run.clone(), props.saver.clone(), entry.name.clone());
            Callback::from(move |_: MouseEvent| {
                let default = format!("{name} ({})", Text::CopyOf.get(lang));
                let Some(new) = gloo::dialogs::prompt(Text::NewName.get(lang), Some(&default))
                else {
                    return;
                };
                // The copy is of what is saved: the open playground saves first.
                let saver = saver.clone().filter(|_| is_open);
                run(Box::pin(async move {
                    if let Some(saver) = saver {
                        saver.flush().await?;
                    }
                    persist::duplicate(id, &new, now_ms()).await?;
                    Ok(false)
                }))
            })
        };
        let on_delete = {
            let run = run.clone();
            Callback::from(move |_: MouseEvent| {
                if !gloo::dialogs::confirm(Text::DeleteConfirm.get(lang)) {
                    return;
                }
                run(Box::pin(async move {
                    persist::delete(id, current_id).await?;
                    Ok(false)
                }))
            })
        };
        html! {
            <tr class={classes!("playground-row", is_open.then_some("current"))} data-playground={id.to_string()}>
                <th scope="row">
                    {&entry.name}
                    if is_open { <span class="open-now">{Text::OpenNow.get(lang)}</span> }
                </th>
                <td class="num">{format_bytes(entry.size_bytes)}</td>
                <td><time>{format_utc(entry.last_used_ms)}{" UTC"}</time></td>
                <td class="playground-actions">
                    <button class="open-playground" disabled={is_open || *busy} onclick={on_open}>
                        {Text::OpenPlayground.get(lang)}
                    </button>
                    <button class="rename-playground" disabled={*busy} onclick={on_rename}>
                        {Text::RenamePlayground.get(lang)}
                    </button>
                    <button class="duplicate-playground" disabled={*busy} onclick={on_duplicate}>
                        {Text::DuplicatePlayground.get(lang)}
                    </button>
                    <button class="delete-playground" disabled={is_open || *busy}
                        title={is_open.then(|| Text::CannotDeleteOpen.get(lang))} onclick={on_delete}>
                        {Text::DeletePlayground.get(lang)}
                    </button>
                </td>
            </tr>
        }
    };

    let usage = match listing.estimate {
        Some(e) => format!(
            "{}: {} / {}",
            Text::StorageEstimate.get(lang),
            format_bytes(e.usage_bytes),
            format_bytes(e.quota_bytes)
        ),
        None => Text::StorageUnknown.get(lang).to_owned(),
    };
    let meter = listing.estimate.filter(|e| e.quota_bytes > 0).map(|e| {
        html! {
            <meter class="storage-meter" min="0" max={e.quota_bytes.to_string()}
                value={e.usage_bytes.to_string()} aria-label={Text::StorageEstimate.get(lang)} />
        }
    });

    html! {
        <div class="playground-switcher" onkeydown={on_keydown}>
            <button ref={toggle_ref} class="switcher-toggle" onclick={on_toggle}
                aria-expanded={open.to_string()} aria-controls="playground-panel"
                title={Text::PlaygroundsHint.get(lang)}>
                {Text::Playgrounds.get(lang)}
                if let Some(name) = current_name { {": "}<span class="current-name">{name}</span> }
            </button>
            if *open {
                <div id="playground-panel" class="playground-panel" role="dialog"
                    aria-labelledby="playground-panel-title">
                    <div class="panel-title">
                        <h2 id="playground-panel-title">{Text::Playgrounds.get(lang)}</h2>
                        <button class="close-panel" onclick={on_close}>{Text::Close.get(lang)}</button>
                    </div>
                    <form class="create-playground" onsubmit={on_create}>
                        <label>
                            {Text::NewPlayground.get(lang)}
                            <input ref={name_ref} type="text" required=true
                                maxlength={crate::storage::catalogue::NAME_MAX_CHARS.to_string()} />
                        </label>
                        <button type="submit" disabled={*busy}>{Text::CreatePlayground.get(lang)}</button>
                    </form>
                    <table class="playground-list">
                        <thead><tr>
                            <th scope="col">{Text::PlaygroundName.get(lang)}</th>
                            <th scope="col">{Text::SegmentSize.get(lang)}</th>
                            <th scope="col">{Text::LastUsed.get(lang)}</th>
                            <th scope="col"><span class="visually-hidden">{Text::Playgrounds.get(lang)}</span></th>
                        </tr></thead>
                        <tbody>{ for listing.entries.iter().map(row) }</tbody>
                    </table>
                    <div class="storage-usage">
                        <span>{usage}</span>
                        {for meter}
                        <span class="persisted">{match listing.persisted {
                            Some(true) => Text::PersistentOn.get(lang),
                            _ => Text::PersistentOff.get(lang),
                        }}</span>
                        if listing.persisted != Some(true) {
                            <button class="ask-persistent" onclick={on_persist}>{Text::AskPersistent.get(lang)}</button>
                        }
                    </div>
                    if *busy { <p class="working" role="status">{Text::Working.get(lang)}</p> }
                    if let Some(e) = &*error { <p class="switcher-error" role="alert">{e}</p> }
                </div>
            }
        </div>
    }
}
