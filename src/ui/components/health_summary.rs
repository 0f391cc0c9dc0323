//! The replication health in one compact row: Kafka's `UnderReplicatedPartitions`,
//! `OfflinePartitionsCount`, `UnderMinIsrPartitionCount`, the ISR shrink and expand counts, the
//! unclean elections and the `acks=all` produce requests waiting in purgatory
//! (`DelayedProduce`). A count that means trouble is marked with a word as well as a colour.

use yew::prelude::*;

use crate::engine::replication::ClusterHealth;
use crate::i18n::{Lang, Text};

/// The health counts without the per-broker shares (those change with every byte and are shown
/// in the broker columns), so the row re-renders only when a count moves.
#[derive(Properties, PartialEq)]
pub struct HealthSummaryProps {
    pub lang: Lang,
    pub under_replicated: usize,
    pub offline: usize,
    pub under_min_isr: usize,
    pub isr_shrinks: u64,
    pub isr_expands: u64,
    pub unclean_elections: u64,
    pub delayed_produces: usize,
}

impl HealthSummaryProps {
    pub fn of(lang: Lang, h: &ClusterHealth) -> HealthSummaryProps {
        HealthSummaryProps {
            lang,
            under_replicated: h.under_replicated,
            offline: h.offline,
            under_min_isr: h.under_min_isr,
            isr_shrinks: h.isr_shrinks,
            isr_expands: h.isr_expands,
            unclean_elections: h.unclean_elections,
            delayed_produces: h.delayed_produces,
        }
    }
}

#[function_component(HealthSummary)]
pub fn health_summary(props: &HealthSummaryProps) -> Html {
    let lang = props.lang;
    // (class, label, count, whether a non-zero count is trouble)
    let items: [(&str, Text, u64, bool); 7] = [
        (
            "under-replicated",
            Text::UnderReplicated,
            props.under_replicated as u64,
            true,
        ),
        (
            "offline",
            Text::OfflinePartitions,
            props.offline as u64,
            true,
        ),
        (
            "under-min-isr",
            Text::UnderMinIsr,
            props.under_min_isr as u64,
            true,
        ),
        ("isr-shrinks", Text::IsrShrinks, props.isr_shrinks, false),
        ("isr-expands", Text::IsrExpands, props.isr_expands, false),
        (
            "unclean-elections",
            Text::UncleanElections,
            props.unclean_elections,
            true,
        ),
        (
            "delayed-produces",
            Text::DelayedProduces,
            props.delayed_produces as u64,
            false,
        ),
    ];
    let items = items.into_iter().map(|(class, label, count, trouble)| {
        let alarm = trouble && count > 0;
        html! {
            <li class={classes!("health-item", class, alarm.then_some("alarm"))} data-count={count.to_string()}>
                <span class="health-count">{count}</span>
                <span class="health-label">{label.get(lang)}</span>
                if alarm { <span class="alarm-mark" aria-hidden="true">{"⚠"}</span> }
            </li>
        }
    });
    html! {
        <ul class="health-summary" aria-label={Text::ReplicationHealth.get(lang)}>{for items}</ul>
    }
}
