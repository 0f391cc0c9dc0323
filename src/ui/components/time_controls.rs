//! The time bar: pause and resume the simulated clock, step to the next moment something is
//! due, choose a speed, rewind to any earlier moment, and share the whole scenario as a link.
//!
//! Rewinding works because the engine is deterministic: the playground is its seed plus its
//! journal of inputs, so the page replays the journal up to the chosen moment
//! (`Scenario::until`) and the playground is exactly what it was then.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{Lang, Text};
use crate::ui::format::format_elapsed;
use crate::ui::sim_clock::{speed_label, SimClock, SPEEDS_PER_MILLE};

/// The rewind slider's resolution, in simulated milliseconds.
const REWIND_STEP_MS: i64 = 100;

#[derive(Properties, PartialEq)]
pub struct TimeControlsProps {
    pub lang: Lang,
    pub clock: SimClock,
    /// When the playground was created and where its clock is now (simulated ms).
    pub start_ms: i64,
    pub now_ms: i64,
    pub on_pause: Callback<bool>,
    pub on_speed: Callback<u32>,
    pub on_step: Callback<()>,
    /// Rebuild the playground as it was at this simulated instant.
    pub on_rewind: Callback<i64>,
    pub on_share: Callback<()>,
    /// A read-only tab (another tab owns the playground): the clock is not this tab's to
    /// pause, step, speed up or rewind, so those controls are disabled and say why; sharing
    /// still works, it only reads the journal.
    #[prop_or_default]
    pub read_only: bool,
    /// The engine's chunk has not arrived (`ui::engine_chunk`): the clock stands still, so
    /// step and rewind are disabled and a badge says why.
    #[prop_or_default]
    pub engine_loading: bool,
    /// Why the engine's chunk could not be fetched, while it is not loaded.
    #[prop_or_default]
    pub engine_error: Option<String>,
    /// The link made by the last share, to show for copying.
    #[prop_or_default]
    pub share_link: Option<String>,
}

#[function_component(TimeControls)]
pub fn time_controls(props: &TimeControlsProps) -> Html {
    let lang = props.lang;
    let paused = props.clock.is_paused();
    // The moment the slider points at; `None` follows the clock.
    let chosen = use_state_eq(|| None::<i64>);
    let chosen_ms = chosen
        .map(|t| t.clamp(props.start_ms, props.now_ms))
        .unwrap_or(props.now_ms);
    let on_pause = {
        let on_pause = props.on_pause.clone();
        Callback::from(move |_: MouseEvent| on_pause.emit(!paused))
    };
    let on_step = props.on_step.reform(|_: MouseEvent| ());
    let on_speed = props.on_speed.reform(|e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        select
            .value()
            .parse()
            .expect("the options' values are the offered speeds")
    });
    let on_slide = {
        let (chosen, start_ms) = (chosen.clone(), props.start_ms);
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(offset) = input.value().parse::<i64>() {
                chosen.set(Some(start_ms + offset));
            }
        })
    };
    let on_rewind = {
        let (on_rewind, chosen) = (props.on_rewind.clone(), chosen.clone());
        Callback::from(move |_: MouseEvent| {
            on_rewind.emit(chosen_ms);
            chosen.set(None);
        })
    };
    let on_share = props.on_share.reform(|_: MouseEvent| ());
    let span_ms = (props.now_ms - props.start_ms).max(0);
    let speed = props.clock.speed_per_mille();
    let read_only = props.read_only;
    // The badge, its title, and whether the chunk's fetches failed, while it is not loaded.
    let engine_badge = props.engine_loading.then_some(match props.engine_error {
        Some(_) => (Text::EngineFailedBadge, Text::EngineFetchFailed, true),
        None => (Text::EngineLoadingBadge, Text::EngineLoadingStatus, false),
    });
    let hint = if read_only {
        Text::TimeReadOnlyHint
    } else {
        Text::TimeHint
    };
    html! {
        <section class={classes!("time-controls", paused.then_some("paused"), read_only.then_some("read-only"))}
            aria-label={Text::TimeControls.get(lang)} title={hint.get(lang)}>
            <button class="pause-button" aria-pressed={paused.to_string()} disabled={read_only}
                onclick={on_pause}>
                { if paused { Text::Resume.get(lang) } else { Text::Pause.get(lang) } }
            </button>
            <button class="step-button" disabled={!paused || read_only || props.engine_loading} title={Text::StepHint.get(lang)}
                onclick={on_step}>{Text::StepNext.get(lang)}</button>
            <label class="speed">
                <span class="label">{Text::Speed.get(lang)}</span>
                <select class="speed-select" disabled={read_only} onchange={on_speed}>
                    { for SPEEDS_PER_MILLE.iter().map(|&s| html! {
                        <option value={s.to_string()} selected={s == speed}>{speed_label(s)}</option>
                    }) }
                </select>
            </label>
            <span class="elapsed" aria-live="off">
                <span class="label">{Text::Elapsed.get(lang)}</span>
                <time class="value">{format_elapsed(props.now_ms - props.start_ms)}</time>
                if paused {
                    <span class="paused-badge">{Text::Paused.get(lang)}</span>
                }
                if let Some((badge, title, failed)) = engine_badge {
                    <span class={classes!("engine-loading-badge", failed.then_some("failed"))}
                        role="status" title={title.get(lang)}>{badge.get(lang)}</span>
                }
            </span>
            <label class="rewind">
                <input type="range" class="rewind-slider" min="0" max={span_ms.to_string()}
                    step={REWIND_STEP_MS.to_string()}
                    value={(chosen_ms - props.start_ms).to_string()}
                    aria-label={Text::RewindTo.get(lang)} disabled={read_only} oninput={on_slide} />
                <time class="rewind-target">{format_elapsed(chosen_ms - props.start_ms)}</time>
            </label>
            <button class="rewind-button" title={Text::RewindHint.get(lang)}
                disabled={read_only || props.engine_loading || chosen_ms >= props.now_ms} onclick={on_rewind}>
                {Text::RewindTo.get(lang)}
            </button>
            <button class="share-button" title={Text::ShareHint.get(lang)} onclick={on_share}>
                {Text::ShareLink.get(lang)}
            </button>
            if let Some(link) = &props.share_link {
                <input class="share-link" readonly=true value={link.clone()}
                    aria-label={Text::LinkReady.get(lang)} />
            }
        </section>
    }
}
