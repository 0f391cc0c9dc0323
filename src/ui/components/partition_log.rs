//! The partition strip: one cell per offset of a bounded window of the selected partition,
//! coloured by key, with the log start offset, high watermark, last stable offset and log end
//! offset marked, segment starts and offsets without a record shown for what they are.
//!
//! Only the window is rendered (`WINDOW_RECORDS_MAX` cells), so a partition of a million
//! records scrolls by moving the window's start with the slider, not by rendering a million
//! cells.

use std::rc::Rc;
use yew::prelude::*;

use crate::engine::records_view::{RecordCell, RecordsWindow, WINDOW_RECORDS_MAX};
use crate::i18n::{Lang, Text};

#[derive(Properties, PartialEq)]
pub struct PartitionLogProps {
    pub lang: Lang,
    pub window: Rc<Option<RecordsWindow>>,
    /// Whether the window follows the log end.
    pub following: bool,
    pub inspected: Option<i64>,
    /// A new window start (`None`: follow the end).
    pub on_scroll: Callback<Option<i64>>,
    pub on_inspect: Callback<Option<i64>>,
}

/// A stable hue per key, so equal keys share a colour across partitions and reloads
/// (FNV-1a over the key bytes; the colour is decoration, not Kafka's partitioning hash).
pub fn key_hue(key: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in key {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h % 360
}

fn cell_style(r: &RecordCell) -> String {
    match (&r.control, &r.key) {
        (Some(_), _) => String::new(),
        (None, Some(key)) => format!("--key-hue: {}", key_hue(key)),
        (None, None) => String::new(),
    }
}

fn cell_title(r: &RecordCell, w: &RecordsWindow, lang: Lang) -> String {
    let mut lines = vec![format!("offset {}", r.offset)];
    match &r.control {
        Some(c) => lines.push(format!("{} ({c:?})", Text::ControlRecord.get(lang))),
        None => {
            lines.push(format!(
                "key: {}",
                r.key_text.as_deref().unwrap_or(Text::NullKey.get(lang))
            ));
            lines.push(format!(
                "value: {}",
                r.value_text.as_deref().unwrap_or(Text::Tombstone.get(lang))
            ));
        }
    }
    if r.offset >= w.hw {
        lines.push(Text::AboveHw.get(lang).to_owned());
    } else if r.offset >= w.lso {
        lines.push(Text::AboveLso.get(lang).to_owned());
    }
    lines.join("\n")
}

#[function_component(PartitionLog)]
pub fn partition_log(props: &PartitionLogProps) -> Html {
    let lang = props.lang;
    let Some(w) = props.window.as_ref() else {
        return html! {
            <section class="panel partition-log-panel" aria-labelledby="partition-log-title">
                <h2 id="partition-log-title">{Text::PartitionLog.get(lang)}</h2>
                <p class="empty">{Text::PickPartition.get(lang)}</p>
            </section>
        };
    };

    let mut cells = Vec::with_capacity(w.records.len() * 2);
    let mut expected = w.from_offset;
    for r in &w.records {
        if r.offset > expected {
            let missing = r.offset - expected;
            cells.push(html! {
                <li class="cell gap" title={format!("{}: {expected}–{}", Text::GapCell.get(lang), r.offset - 1)}>
                    <span class="cell-offset">{format!("+{missing}")}</span>
                </li>
            });
        }
        expected = r.offset + 1;
        let offset = r.offset;
        let onclick = {
            let cb = props.on_inspect.clone();
            Callback::from(move |_| cb.emit(Some(offset)))
        };
        let class = classes!(
            "cell",
            r.control.is_some().then_some("control"),
            r.key.is_none().then_some("null-key"),
            r.value_text.is_none().then_some("tombstone"),
            r.is_transactional.then_some("transactional"),
            (r.offset >= w.hw).then_some("above-hw"),
            (r.offset < w.hw && r.offset >= w.lso).then_some("above-lso"),
            w.segment_base_offsets
                .contains(&r.offset)
                .then_some("segment-start"),
            (props.inspected == Some(r.offset)).then_some("inspected"),
        );
        let label = match &r.control {
            Some(c) => format!("{c:?}"),
            None => r.key_text.clone().unwrap_or_else(|| "∅".to_owned()),
        };
        cells.push(html! {
            <li {class} style={cell_style(r)} title={cell_title(r, w, lang)}>
                <button type="button" {onclick} data-offset={offset.to_string()}>
                    <span class="cell-offset">{offset}</span>
                    <span class="cell-key">{label}</span>
                </button>
            </li>
        });
    }

    let max_start = (w.leo - 1).max(w.log_start_offset);
    let on_range = {
        let cb = props.on_scroll.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = input.value().parse::<i64>() {
                cb.emit(Some(v));
            }
        })
    };
    let on_follow = {
        let cb = props.on_scroll.clone();
        Callback::from(move |_| cb.emit(None))
    };
    let marker = |class: &'static str, label: Text, value: i64| {
        html! { <span class={classes!("offset-marker", class)}>{format!("{} {value}", label.get(lang))}</span> }
    };

    html! {
        <section class="panel partition-log-panel" aria-labelledby="partition-log-title">
            <h2 id="partition-log-title">
                {Text::PartitionLog.get(lang)}{" "}<code class="tp">{w.tp.to_string()}</code>
            </h2>
            <div class="offset-markers">
                {marker("log-start", Text::LogStartOffset, w.log_start_offset)}
                {marker("lso", Text::LastStableOffset, w.lso)}
                {marker("hw", Text::HighWatermark, w.hw)}
                {marker("leo", Text::LogEndOffset, w.leo)}
            </div>
            if w.records.is_empty() && w.leo == w.log_start_offset {
                <p class="empty">{Text::NoRecords.get(lang)}</p>
            } else {
                <div class="window-controls">
                    <label>
                        {format!("{} {}–{} ", Text::Offsets.get(lang), w.from_offset, (w.to_offset - 1).max(w.from_offset))}
                        <input type="range" class="window-start" min={w.log_start_offset.to_string()}
                            max={max_start.to_string()} value={w.from_offset.to_string()} oninput={on_range} />
                    </label>
                    <button type="button" class="follow" disabled={props.following} onclick={on_follow}>
                        {Text::FollowEnd.get(lang)}
                    </button>
                    <span class="limit">{format!("{} {WINDOW_RECORDS_MAX}", Text::WindowLimit.get(lang))}</span>
                </div>
                <ol class="cells" aria-label={Text::PartitionLog.get(lang)}>{for cells}</ol>
                <ul class="legend">
                    <li><span class="swatch segment-start"></span>{Text::SegmentStart.get(lang)}</li>
                    <li><span class="swatch above-hw"></span>{Text::AboveHw.get(lang)}</li>
                    <li><span class="swatch control"></span>{Text::ControlRecord.get(lang)}</li>
                    <li><span class="swatch gap"></span>{Text::GapCell.get(lang)}</li>
                    <li><span class="swatch tombstone"></span>{Text::Tombstone.get(lang)}</li>
                </ul>
                <p class="hint">{Text::InspectHint.get(lang)}</p>
            }
        </section>
    }
}
