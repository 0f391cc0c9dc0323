//! Metrics panel: the figures Kafka exports through JMX charted over simulated time
//! (`ui::metrics`): messages in/s, bytes in/out per second, the replication health gauges, and
//! each consumer group's total lag. Small SVG line charts, each with its current value in
//! words, so the numbers are readable without the lines.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::{Lang, Text};
use crate::ui::metrics::{
    max_value, polyline, MetricsHistory, Point, METRICS_SAMPLES_MAX, TIMED_APIS,
};

#[derive(Properties, PartialEq)]
pub struct MetricsPanelProps {
    pub lang: Lang,
    pub history: Rc<MetricsHistory>,
}

const WIDTH: f64 = 240.0;
const HEIGHT: f64 = 56.0;

/// One line of a chart: its CSS class (colour), legend and points.
struct Series {
    class: String,
    label: String,
    points: Vec<Point>,
}

fn latest(points: &[Point]) -> f64 {
    points.last().map_or(0.0, |&(_, v)| v)
}

/// A rate or gauge as a short number (`1.2k`, `3.4M`).
fn short(v: f64) -> String {
    match v {
        v if v >= 1e6 => format!("{:.1}M", v / 1e6),
        v if v >= 1e3 => format!("{:.1}k", v / 1e3),
        v if v.fract() == 0.0 => format!("{v:.0}"),
        v => format!("{v:.1}"),
    }
}

fn chart(title: &str, series: &[Series], t0: i64, t1: i64) -> Html {
    let max = max_value(series.iter().map(|s| s.points.as_slice()));
    let lines = series.iter().map(|s| {
        html! {
            <polyline class={classes!("metric-line", s.class.clone())}
                points={polyline(&s.points, t0, t1, max, WIDTH, HEIGHT)} />
        }
    });
    let legend = series.iter().map(|s| {
        html! {
            <li class={classes!("metric-legend", s.class.clone())}>
                <span class="metric-swatch" aria-hidden="true"></span>
                {format!("{} {}", s.label, short(latest(&s.points)))}
            </li>
        }
    });
    html! {
        <figure class="metric-chart">
            <figcaption>{title}<span class="metric-max">{format!(" (max {})", short(max))}</span></figcaption>
            <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} width={WIDTH.to_string()} height={HEIGHT.to_string()}
                role="img" aria-label={title.to_owned()} preserveAspectRatio="none">
                <line class="metric-axis" x1="0" y1={HEIGHT.to_string()} x2={WIDTH.to_string()} y2={HEIGHT.to_string()} />
                {for lines}
            </svg>
            <ul class="metric-legends">{for legend}</ul>
        </figure>
    }
}

#[function_component(MetricsPanel)]
pub fn metrics_panel(props: &MetricsPanelProps) -> Html {
    let lang = props.lang;
    let h = &props.history;
    let header = html! {
        <>
            <h2>{Text::Metrics.get(lang)}</h2>
            <p class="hint">{Text::MetricsHint.get(lang)}{format!(" {}: {METRICS_SAMPLES_MAX}.", Text::SamplesKept.get(lang))}</p>
        </>
    };
    let (Some(first), Some(last)) = (
        h.gauge(|s| s.now_ms as f64).first().map(|&(t, _)| t),
        h.latest().map(|s| s.now_ms),
    ) else {
        return html! {
            <section class="panel metrics" aria-label={Text::Metrics.get(lang)}>
                {header}
                <p class="empty">{Text::NoSamplesYet.get(lang)}</p>
            </section>
        };
    };
    let messages = [Series {
        class: "s0".into(),
        label: "msg/s".into(),
        points: h.rate(|s| s.messages_in),
    }];
    let bytes = [
        Series {
            class: "s1".into(),
            label: Text::BytesIn.get(lang).into(),
            points: h.rate(|s| s.bytes_in),
        },
        Series {
            class: "s2".into(),
            label: Text::BytesOut.get(lang).into(),
            points: h.rate(|s| s.bytes_out),
        },
    ];
    let health = [
        Series {
            class: "s3".into(),
            label: Text::UnderReplicated.get(lang).into(),
            points: h.gauge(|s| s.under_replicated as f64),
        },
        Series {
            class: "s4".into(),
            label: Text::OfflinePartitions.get(lang).into(),
            points: h.gauge(|s| s.offline as f64),
        },
        Series {
            class: "s5".into(),
            label: Text::UnderMinIsr.get(lang).into(),
            points: h.gauge(|s| s.under_min_isr as f64),
        },
    ];
    let request_time: Vec<Series> = TIMED_APIS
        .iter()
        .enumerate()
        .map(|(i, api)| Series {
            class: format!("s{}", i + 6),
            label: format!("{api} ms"),
            points: h.mean_request_time(i),
        })
        .collect();
    let (groups, left_out) = h.lag_groups();
    let lag: Vec<Series> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| Series {
            class: format!("member-c{i}"),
            label: g.clone(),
            points: h.group_lag(g),
        })
        .collect();
    html! {
        <section class="panel metrics" aria-label={Text::Metrics.get(lang)}>
            {header}
            <div class="metric-charts">
                {chart(Text::MessagesInRate.get(lang), &messages, first, last)}
                {chart(Text::BytesRate.get(lang), &bytes, first, last)}
                {chart(Text::ReplicationHealth.get(lang), &health, first, last)}
                <div class="metric-with-hint" title={Text::RequestTimeHint.get(lang)}>
                    {chart(Text::RequestTimeChart.get(lang), &request_time, first, last)}
                </div>
                if !lag.is_empty() {
                    {chart(Text::ConsumerLagChart.get(lang), &lag, first, last)}
                }
            </div>
            if left_out > 0 {
                <p class="hint">{format!("{}: {left_out}", Text::GroupsLeftOut.get(lang))}</p>
            }
        </section>
    }
}
