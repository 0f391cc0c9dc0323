//! Producers: create one with its configs, send a record by hand, and see each producer's
//! effective configs, producer id, accumulator and in-flight requests, and each record's
//! result with the reason for its partition.

use std::collections::VecDeque;
use std::rc::Rc;

use yew::prelude::*;

use crate::engine::producer::view::ProducerView;
use crate::engine::view::ClusterView;
use crate::i18n::{partition_choice, Lang, Text};
use crate::ui::components::form_value::{input_value, select_value};
use crate::ui::state::{NewProducer, NewRecord, SentRecord, MAX_SENT_SHOWN};

#[derive(Properties, PartialEq)]
pub struct ProducersPanelProps {
    pub lang: Lang,
    pub producers: Rc<Vec<ProducerView>>,
    pub sent: Rc<VecDeque<SentRecord>>,
    pub view: Rc<ClusterView>,
    pub error: Option<String>,
    pub on_create: Callback<NewProducer>,
    pub on_send: Callback<NewRecord>,
    /// Shown under the hand-sent records (the producers sending at a rate).
    #[prop_or_default]
    pub children: Html,
}

fn producer_card(p: &ProducerView, lang: Lang) -> Html {
    let pid = if p.producer_id >= 0 {
        format!("{} / {}", p.producer_id, p.producer_epoch)
    } else {
        "-".to_owned()
    };
    let queued = p.queued.iter().map(|q| {
        html! {
            <li><code>{q.tp.to_string()}</code>{format!(": {} batch · {} record · {} B", q.batches, q.records, q.bytes)}</li>
        }
    });
    html! {
        <article class={classes!("producer", p.closed.then_some("closed"))} data-producer={p.index.to_string()}>
            <h3>
                <span class="client-id">{&p.client_id}</span>
                if p.closed { <span class="badge">{Text::Closed.get(lang)}</span> }
            </h3>
            <dl class="producer-configs">
                <dt>{"acks"}</dt><dd>{p.acks}</dd>
                <dt>{"enable.idempotence"}</dt><dd>{p.enable_idempotence.to_string()}</dd>
                <dt>{"partitioner"}</dt><dd>{p.partitioner.map_or("built-in (KIP-794)", |c| c.rsplit('.').next().unwrap_or(c))}</dd>
                <dt>{"linger.ms"}</dt><dd>{p.linger_ms}</dd>
                <dt>{"batch.size"}</dt><dd>{p.batch_size}</dd>
                <dt>{"compression.type"}</dt><dd>{p.compression}</dd>
                if let Some(t) = &p.transactional_id { <dt>{"transactional.id"}</dt><dd>{t}</dd> }
                <dt>{Text::ProducerIdEpoch.get(lang)}</dt><dd>{pid}</dd>
                if let Some(s) = p.transaction_state { <dt>{Text::TxnState.get(lang)}</dt><dd>{s}</dd> }
                <dt>{Text::InFlight.get(lang)}</dt><dd>{format!("{} / max {}", p.in_flight_requests, p.max_in_flight)}</dd>
                <dt>{Text::Undelivered.get(lang)}</dt><dd>{p.undelivered_records}</dd>
                <dt>{"buffer.memory"}</dt><dd>{format!("{} / {} B", p.buffer_used_bytes, p.buffer_memory)}</dd>
            </dl>
            if p.queued.is_empty() {
                <p class="muted">{Text::AccumulatorEmpty.get(lang)}</p>
            } else {
                <ul class="queued" aria-label={Text::Accumulator.get(lang)}>{for queued}</ul>
            }
        </article>
    }
}

fn sent_row(s: &SentRecord, producers: &[ProducerView], lang: Lang) -> Html {
    let who = producers
        .get(s.producer as usize)
        .map_or_else(|| s.producer.to_string(), |p| p.client_id.clone());
    let (result, class) = match &s.result {
        None => (Text::Pending.get(lang).to_owned(), "pending"),
        Some(r) => match &r.error {
            Some(e) => (e.to_string(), "failed"),
            None if r.offset >= 0 => (format!("{}-{} @ {}", r.topic, r.partition, r.offset), "ok"),
            None => (format!("{}-{} @ ?", r.topic, r.partition), "ok"),
        },
    };
    let why = s
        .result
        .as_ref()
        .and_then(|r| r.choice.as_ref())
        .map(|c| partition_choice::explain(c, lang))
        .unwrap_or_default();
    html! {
        <tr class={class}>
            <td>{who}</td>
            <td><code>{s.key.clone().unwrap_or_else(|| "null".to_owned())}</code></td>
            <td>{&s.value}</td>
            <td class="result">{result}</td>
            <td class="why">{why}</td>
        </tr>
    }
}

/// The `acks` choice of a producer form: the profile's default, `all`, `1` or `0`.
pub fn acks_select(node_ref: &NodeRef, name: &'static str, lang: Lang) -> Html {
    html! {
        <label>{"acks"}
            <select ref={node_ref.clone()} {name}>
                <option value="" selected=true>{Text::ProfileDefault.get(lang)}</option>
                <option value="all">{"all"}</option>
                <option value="1">{"1"}</option>
                <option value="0">{"0"}</option>
            </select>
        </label>
    }
}

#[function_component(ProducersPanel)]
pub fn producers_panel(props: &ProducersPanelProps) -> Html {
    let lang = props.lang;
    let (acks, idempotence, partitioner, linger, batch_size) = (
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    );
    let on_create_submit = {
        let refs = (
            acks.clone(),
            idempotence.clone(),
            partitioner.clone(),
            linger.clone(),
            batch_size.clone(),
        );
        let on_create = props.on_create.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (acks, idempotence, partitioner, linger, batch_size) = &refs;
            let mut configs = Vec::new();
            for (name, value) in [
                ("acks", select_value(acks)),
                ("enable.idempotence", select_value(idempotence)),
                ("partitioner.class", select_value(partitioner)),
                ("linger.ms", input_value(linger)),
                ("batch.size", input_value(batch_size)),
            ] {
                if !value.trim().is_empty() {
                    configs.push((name.to_owned(), value.trim().to_owned()));
                }
            }
            on_create.emit(NewProducer { configs });
        })
    };
    let (producer, topic, key, value, partition) = (
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    );
    let on_send_submit = {
        let refs = (
            producer.clone(),
            topic.clone(),
            key.clone(),
            value.clone(),
            partition.clone(),
        );
        let on_send = props.on_send.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (producer, topic, key, value, partition) = &refs;
            let Ok(producer) = select_value(producer).parse() else {
                return;
            };
            let key = input_value(key);
            on_send.emit(NewRecord {
                producer,
                topic: input_value(topic).trim().to_owned(),
                key: (!key.is_empty()).then_some(key),
                value: input_value(value),
                partition: input_value(partition).trim().parse().ok(),
            });
        })
    };
    let open: Vec<&ProducerView> = props.producers.iter().filter(|p| !p.closed).collect();
    let topics = props
        .view
        .topics
        .iter()
        .map(|t| html! { <option value={t.name.clone()} /> });
    html! {
        <section class="panel producers-panel" aria-labelledby="producers-title">
            <h2 id="producers-title">{Text::Producers.get(lang)}</h2>
            <form class="create-producer" onsubmit={on_create_submit} aria-label={Text::CreateProducer.get(lang)}>
                {acks_select(&acks, "acks", lang)}
                <label>{"enable.idempotence"}
                    <select ref={idempotence} name="idempotence">
                        <option value="" selected=true>{Text::ProfileDefault.get(lang)}</option>
                        <option value="true">{"true"}</option>
                        <option value="false">{"false"}</option>
                    </select>
                </label>
                <label>{"partitioner.class"}
                    <select ref={partitioner} name="partitioner">
                        <option value="" selected=true>{Text::ProfileDefault.get(lang)}</option>
                        <option value="org.apache.kafka.clients.producer.RoundRobinPartitioner">{"RoundRobinPartitioner"}</option>
                        <option value="org.apache.kafka.clients.producer.UniformStickyPartitioner">{"UniformStickyPartitioner"}</option>
                        <option value="org.apache.kafka.clients.producer.internals.DefaultPartitioner">{"DefaultPartitioner (2.4–3.2)"}</option>
                    </select>
                </label>
                <label>{"linger.ms"}<input ref={linger} name="linger" type="number" min="0" placeholder={Text::ProfileDefault.get(lang)} /></label>
                <label>{"batch.size"}<input ref={batch_size} name="batch-size" type="number" min="0" placeholder={Text::ProfileDefault.get(lang)} /></label>
                <button type="submit">{Text::CreateProducer.get(lang)}</button>
            </form>
            if let Some(error) = &props.error { <p class="error" role="alert">{error}</p> }
            if props.producers.is_empty() {
                <p class="empty">{Text::NoProducers.get(lang)}</p>
            } else {
                <div class="producers">{for props.producers.iter().map(|p| producer_card(p, lang))}</div>
            }
            if !open.is_empty() {
                <form class="send-record" onsubmit={on_send_submit} aria-label={Text::SendRecord.get(lang)}>
                    <label>{Text::Producer.get(lang)}
                        <select ref={producer} name="producer">
                            {for open.iter().map(|p| html! { <option value={p.index.to_string()}>{&p.client_id}</option> })}
                        </select>
                    </label>
                    <label>{Text::TopicName.get(lang)}
                        <input ref={topic} name="topic" type="text" list="topic-names" required=true autocomplete="off" />
                        <datalist id="topic-names">{for topics}</datalist>
                    </label>
                    <label>{"key"}<input ref={key} name="key" type="text" placeholder="null" autocomplete="off" /></label>
                    <label>{"value"}<input ref={value} name="value" type="text" autocomplete="off" /></label>
                    <label>{"partition"}<input ref={partition} name="partition" type="number" min="0" placeholder={Text::Partitioner.get(lang)} /></label>
                    <button type="submit">{Text::SendRecord.get(lang)}</button>
                </form>
            }
            if !props.sent.is_empty() {
                <table class="sent">
                    <caption>{format!("{} ({} {MAX_SENT_SHOWN})", Text::SentRecords.get(lang), Text::LastN.get(lang))}</caption>
                    <thead><tr>
                        <th>{Text::Producer.get(lang)}</th><th>{"key"}</th><th>{"value"}</th>
                        <th>{Text::Result.get(lang)}</th><th>{Text::WhyPartition.get(lang)}</th>
                    </tr></thead>
                    <tbody>{for props.sent.iter().rev().map(|s| sent_row(s, &props.producers, lang))}</tbody>
                </table>
            }
            {props.children.clone()}
        </section>
    }
}
