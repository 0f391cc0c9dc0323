//! The banner of a tab that does not change its playground (another tab owns it, this one
//! handed it over, or storage is full): why, and the "Take over" button where it applies.

use yew::prelude::*;

use crate::i18n::{Lang, Text};
use crate::ui::state::ReadOnly;

#[derive(Properties, PartialEq)]
pub struct ReadOnlyBannerProps {
    pub lang: Lang,
    pub read_only: ReadOnly,
    /// Asks the owning tab to hand the playground over; `None` when nobody else owns it.
    #[prop_or_default]
    pub on_take_over: Option<Callback<()>>,
    /// How the last take-over request went.
    #[prop_or_default]
    pub status: Option<String>,
}

#[function_component(ReadOnlyBanner)]
pub fn read_only_banner(props: &ReadOnlyBannerProps) -> Html {
    let lang = props.lang;
    html! {
        <section class="read-only-banner" role="alert" data-read-only={format!("{:?}", props.read_only)}>
            <p>{props.read_only.text().get(lang)}</p>
            if let Some(on_take_over) = &props.on_take_over {
                <button class="take-over-button" title={Text::TakeOverHint.get(lang)}
                    onclick={on_take_over.reform(|_: MouseEvent| ())}>
                    {Text::TakeOver.get(lang)}
                </button>
            }
            if let Some(status) = &props.status {
                <p class="take-over-status" role="status">{status}</p>
            }
        </section>
    }
}
