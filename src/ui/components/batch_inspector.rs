//! The batch inspector: the bytes of the record batch holding the clicked offset, as hex with
//! every field of `DefaultRecordBatch` and `DefaultRecord` labelled, and the fields as a table.

use std::rc::Rc;
use yew::prelude::*;

use crate::engine::record::layout::{Field, FieldScope};
use crate::engine::records_view::BatchInspection;
use crate::i18n::{Lang, Text};

#[derive(Properties, PartialEq)]
pub struct BatchInspectorProps {
    pub lang: Lang,
    pub inspection: Rc<Option<BatchInspection>>,
    pub on_close: Callback<()>,
}

fn scope_label(scope: FieldScope) -> String {
    match scope {
        FieldScope::Batch => "batch".to_owned(),
        FieldScope::Record(i) => format!("record {i}"),
        FieldScope::Header(r, h) => format!("record {r} header {h}"),
    }
}

/// The class that colours a field: header fields by name, record fields by kind.
fn field_class(f: &Field) -> String {
    let kind = match f.scope {
        FieldScope::Batch => "batch",
        FieldScope::Record(_) => "record",
        FieldScope::Header(..) => "header",
    };
    format!("f-{kind} f-{}", f.name.to_ascii_lowercase())
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[function_component(BatchInspector)]
pub fn batch_inspector(props: &BatchInspectorProps) -> Html {
    let lang = props.lang;
    let Some(i) = props.inspection.as_ref() else {
        return html! {};
    };
    // The record the learner clicked: its index in the batch, when the batch is uncompressed.
    let base = i
        .fields
        .iter()
        .find(|f| f.name == "BaseOffset")
        .and_then(|f| f.value.parse::<i64>().ok())
        .unwrap_or(i.offset);
    let clicked = |f: &Field| match f.scope {
        FieldScope::Record(r) | FieldScope::Header(r, _) => i.fields.iter().any(|g| {
            g.scope == FieldScope::Record(r)
                && g.name == "OffsetDelta"
                && g.value.parse::<i64>().ok() == Some(i.offset - base)
        }),
        FieldScope::Batch => false,
    };
    let spans = i.fields.iter().map(|f| {
        html! {
            <span class={classes!("hex-field", field_class(f), clicked(f).then_some("clicked"))}
                title={format!("{} · {}: {}", scope_label(f.scope), f.name, f.value)}>
                {hex(&i.bytes[f.bytes.clone()])}
            </span>
        }
    });
    let rows = i.fields.iter().map(|f| {
        html! {
            <tr class={classes!(field_class(f), clicked(f).then_some("clicked"))}>
                <td>{scope_label(f.scope)}</td>
                <td><code>{f.name}</code></td>
                <td class="num">{format!("{}–{}", f.bytes.start, f.bytes.end)}</td>
                <td class="value">{&f.value}</td>
            </tr>
        }
    });
    let on_close = {
        let cb = props.on_close.clone();
        Callback::from(move |_| cb.emit(()))
    };
    html! {
        <section class="panel inspector-panel" aria-labelledby="inspector-title">
            <h2 id="inspector-title">
                {Text::BatchInspector.get(lang)}{" "}
                <code class="tp">{format!("{} @ {}", i.tp, i.offset)}</code>
                <button type="button" class="close" onclick={on_close}>{Text::Close.get(lang)}</button>
            </h2>
            <p class="muted">{format!("{} {}", i.bytes.len(), Text::Bytes.get(lang))}</p>
            <pre class="hex">{for spans}</pre>
            <table class="fields">
                <thead><tr>
                    <th scope="col"></th>
                    <th scope="col">{Text::Field.get(lang)}</th>
                    <th scope="col" class="num">{Text::Bytes.get(lang)}</th>
                    <th scope="col">{Text::Value.get(lang)}</th>
                </tr></thead>
                <tbody>{for rows}</tbody>
            </table>
        </section>
    }
}
