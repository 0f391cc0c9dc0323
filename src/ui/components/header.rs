//! The top bar: name, the version profile, simulated clock, language switch.

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
}

#[function_component(Header)]
pub fn header(props: &HeaderProps) -> Html {
    let lang = props.lang;
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
        </header>
    }
}
