//! The top bar: name, the playground switcher, the version profile, simulated clock, language
//! switch, the scenario's controls (reset, export as JSON or as a `.tar` holding Kafka's files,
//! import either), the durability line and the one-line notes about saving.

use gloo::file::callbacks::FileReader;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::engine::profile::VersionProfile;
use crate::i18n::{Lang, Text};
use crate::ui::format::format_utc;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub lang: Lang,
    pub now_ms: i64,
    pub profile: VersionProfile,
    pub on_lang: Callback<Lang>,
    /// What the page says about saving: the recovery report, a full journal, a failure.
    pub notes: Vec<String>,
    /// The durability line: what is in memory only and what is on disk (when this tab saves).
    #[prop_or_default]
    pub durability: Option<String>,
    /// "Reset playground": forget the saved playground and start a new one.
    pub on_reset: Callback<()>,
    /// Download the scenario as a JSON file.
    pub on_export: Callback<()>,
    /// Download the scenario with its Kafka files as a `.tar`.
    pub on_export_archive: Callback<()>,
    /// The bytes of a scenario file (`.json`) or archive (`.tar`), picked by the learner.
    pub on_import: Callback<Vec<u8>>,
    /// The playground switcher, shown first in the bar.
    #[prop_or_default]
    pub switcher: Html,
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let lang = props.lang;
    // A file being read; dropping the reader would cancel the read.
    let reading = use_mut_ref(|| None::<FileReader>);
    let on_file = {
        let on_import = props.on_import.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            // Picking the same file again fires `change` again.
            input.set_value("");
            let on_import = on_import.clone();
            let blob = gloo::file::Blob::from(file);
            let reader = gloo::file::callbacks::read_as_bytes(&blob, move |bytes| {
                on_import.emit(bytes.unwrap_or_default());
            });
            *reading.borrow_mut() = Some(reader);
        })
    };
    let on_reset = props.on_reset.reform(|_: MouseEvent| ());
    let on_export = props.on_export.reform(|_: MouseEvent| ());
    let on_export_archive = props.on_export_archive.reform(|_: MouseEvent| ());
    let button = |target: Lang, label: &'static str| {
        let on_lang = props.on_lang.clone();
        html! {
            <button
                class={classes!("lang-button", (lang == target).then_some("active"))}
                aria-pressed={(lang == target).to_string()}
                data-lang={target.tag()}
                onclick={Callback::from(move |_| on_lang.emit(target))}
            >{label}</button>
        }
    };
    html! {
        <header class="app-header">
            <div class="brand">
                <h1>{"kplay"}</h1>
                <span class="tagline">{Text::AppTagline.get(lang)}</span>
            </div>
            {props.switcher.clone()}
            <div class="profile" title={match props.profile {
                VersionProfile::Kafka2_5 => Text::ProfileHint2_5.get(lang),
                VersionProfile::Kafka4x => Text::ProfileHint4x.get(lang),
            }} data-profile={props.profile.name()}>
                <span class="label">{Text::Profile.get(lang)}</span>
                <span class="value">{"Kafka "}{props.profile.name()}</span>
            </div>
            <div class="clock" title={Text::SimClock.get(lang)}>
                <span class="label">{Text::SimClock.get(lang)}</span>
                <time class="value">{format_utc(props.now_ms)}{" UTC"}</time>
            </div>
            <div class="lang-switch" role="group" aria-label={Text::Language.get(lang)}>
                {button(Lang::Ko, "한국어")}
                {button(Lang::En, "English")}
            </div>
            <div class="scenario-controls" role="group" title={Text::ScenarioHint.get(lang)}>
                <button class="reset-button" onclick={on_reset}>{Text::ResetPlayground.get(lang)}</button>
                <button class="export-button" onclick={on_export}>{Text::ExportScenario.get(lang)}</button>
                <button class="export-archive-button" title={Text::ArchiveHint.get(lang)}
                    onclick={on_export_archive}>{Text::ExportArchive.get(lang)}</button>
                <label class="import-button" title={Text::ArchiveHint.get(lang)}>
                    {Text::ImportScenario.get(lang)}
                    <input type="file" accept="application/json,.json,application/x-tar,.tar"
                        class="visually-hidden" onchange={on_file} />
                </label>
            </div>
            if let Some(line) = &props.durability {
                <p class="durability" role="status">{line}</p>
            }
            if !props.notes.is_empty() {
                <ul class="save-notes" role="status">
                    { for props.notes.iter().map(|n| html! { <li>{n}</li> }) }
                </ul>
            }
        </header>
    }
}
