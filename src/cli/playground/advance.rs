//! `advance <duration>`: lets simulated time pass, running the broker's periodic work at each
//! moment it falls due (the retention check every `log.retention.check.interval.ms`, the log
//! cleaner every `log.cleaner.backoff.ms`), then prints what the engine did meanwhile, from
//! its event log.

use super::duration::{format_duration_ms, parse_duration_ms};
use super::time_format::iso_utc;
use super::{pass_time, Command};
use crate::cli::jobs::Jobs;
use crate::cli::output::CommandOutput;
use crate::engine::event::Event;
use crate::engine::log::{DeletionReason, LogEvent, LogStartOffsetReason, RollReason};
use crate::engine::playground::Playground;
use crate::engine::topic::registry::TopicEvent;
use crate::storage::SegmentStorage;

pub const COMMAND: Command = Command {
    name: "advance",
    args: "<duration>",
    summary: "let simulated time pass (500ms, 30s, 5m, 2h, 7d), running retention and the log cleaner, and print what they did",
};

/// At most this many events are printed; the rest are counted.
pub const EVENTS_SHOWN_MAX: usize = 100;

pub fn run<S: SegmentStorage>(
    playground: &mut Playground<S>,
    jobs: &mut Jobs,
    args: &[String],
    now_ms: i64,
) -> CommandOutput {
    let [duration] = args else {
        return super::usage(
            &COMMAND,
            "needs one duration such as 500ms, 30s, 5m, 2h or 7d",
        );
    };
    let ms = match parse_duration_ms(duration) {
        Ok(ms) => ms,
        Err(e) => return CommandOutput::failure(format!("advance: {e}")),
    };
    playground.collect_events();
    let first_seq = playground.events().next_seq();
    let from_ms = now_ms.max(playground.now_ms());
    let to_ms = pass_time(playground, jobs, now_ms, ms);
    let events = playground.events();
    let mut out = CommandOutput::default();
    let happened: Vec<_> = events.since(first_seq).collect();
    for stamped in happened.iter().take(EVENTS_SHOWN_MAX) {
        out.out(format!(
            "[{}] {}",
            iso_utc(stamped.time_ms),
            describe(&stamped.event)
        ));
    }
    if happened.len() > EVENTS_SHOWN_MAX {
        out.out(format!(
            "... and {} more events",
            happened.len() - EVENTS_SHOWN_MAX
        ));
    }
    let dropped = (events.next_seq() - first_seq) as usize - happened.len();
    if dropped > 0 {
        out.out(format!(
            "... {dropped} earlier events of this step were dropped from the event log (it keeps {})",
            events.capacity()
        ));
    }
    out.out(format!(
        "clock advanced {}: {} -> {} ({})",
        format_duration_ms(to_ms - from_ms),
        iso_utc(from_ms),
        iso_utc(to_ms),
        match happened.len() {
            0 => "no broker work changed anything".to_string(),
            1 => "1 event".to_string(),
            n => format!("{n} events"),
        }
    ));
    out
}

fn roll_reason(reason: RollReason) -> &'static str {
    match reason {
        RollReason::SegmentBytes => "segment.bytes reached",
        RollReason::SegmentMs => "segment.ms elapsed",
        RollReason::OffsetIndexFull => "offset index full",
        RollReason::TimeIndexFull => "time index full",
        RollReason::RelativeOffsetOverflow => "relative offset overflow",
        RollReason::Retention => "retention is deleting every segment",
    }
}

fn deletion_reason(reason: DeletionReason) -> &'static str {
    match reason {
        DeletionReason::RetentionMs => "retention.ms breached",
        DeletionReason::RetentionBytes => "retention.bytes breached",
        DeletionReason::LogStartOffset => "below the log start offset",
        DeletionReason::Truncation => "truncation",
        DeletionReason::Recovery => "damage found by recovery",
    }
}

/// One sentence per event.
pub fn describe(event: &Event) -> String {
    match event {
        // Producer state, transactions, groups and clients read as the event panel words them.
        Event::Producer { .. }
        | Event::Txn(_)
        | Event::Group(_)
        | Event::ProducerClient { .. }
        | Event::ConsumerClient { .. }
        | Event::Net(_)
        | Event::Replication(_) => crate::i18n::event_text::describe(event, crate::i18n::Lang::En),
        Event::Topic(TopicEvent::Created {
            name, partitions, ..
        }) => {
            format!(
                "topic {name} created with {} partition(s)",
                partitions.len()
            )
        }
        Event::Topic(TopicEvent::Deleted { name, .. }) => format!("topic {name} deleted"),
        Event::Topic(TopicEvent::PartitionsAdded {
            name, partitions, ..
        }) => {
            format!("{} partition(s) added to topic {name}", partitions.len())
        }
        Event::Topic(TopicEvent::ConfigChanged { name, changes, .. }) => {
            let list: Vec<String> = changes
                .iter()
                .map(|c| match &c.new {
                    Some(v) => format!("{}={v}", c.name),
                    None => format!("-{}", c.name),
                })
                .collect();
            format!("topic {name} configs changed: {}", list.join(", "))
        }
        Event::BrokerConfigChanged { broker, changes } => {
            let list: Vec<String> = changes
                .iter()
                .map(|c| match &c.new {
                    Some(v) => format!("{}={v}", c.name),
                    None => format!("-{}", c.name),
                })
                .collect();
            let whom = broker.map_or("cluster-wide default broker".to_string(), |b| {
                format!("broker {b}")
            });
            format!("{whom} configs changed: {}", list.join(", "))
        }
        Event::Log {
            topic,
            partition,
            event,
        } => {
            let tp = format!("{topic}-{partition}");
            match event {
                LogEvent::Appended { base_offset, last_offset, .. } => {
                    format!("{tp}: appended offsets {base_offset}..={last_offset}")
                }
                LogEvent::SegmentRolled { new_base_offset, reason, .. } => {
                    format!("{tp}: rolled new segment {new_base_offset:020}.log ({})", roll_reason(*reason))
                }
                LogEvent::SegmentDeleted { base_offset, size_bytes, reason } => format!(
                    "{tp}: deleted segment {base_offset:020}.log, {size_bytes} bytes ({})",
                    deletion_reason(*reason)
                ),
                LogEvent::LogStartOffsetAdvanced { from, to, reason } => format!(
                    "{tp}: log start offset {from} -> {to} ({})",
                    match reason {
                        LogStartOffsetReason::ClientRecordDeletion => "records deleted",
                        LogStartOffsetReason::SegmentDeletion => "segment deleted",
                    }
                ),
                LogEvent::HighWatermarkUpdated { from, to } => {
                    format!("{tp}: high watermark {from} -> {to}")
                }
                LogEvent::Cleaned(stats) => format!(
                    "{tp}: log cleaner compacted offsets {}..{}: {} of {} records kept, {} -> {} bytes",
                    stats.first_dirty_offset,
                    stats.next_dirty_offset,
                    stats.messages_written,
                    stats.messages_read,
                    stats.bytes_read,
                    stats.bytes_written
                ),
                LogEvent::Truncated { from_log_end_offset, to_offset, .. } => {
                    format!("{tp}: truncated from {from_log_end_offset} to {to_offset}")
                }
                LogEvent::Recovered { segment_base_offset, valid_bytes, dropped_bytes } => format!(
                    "{tp}: recovered segment {segment_base_offset:020}.log: {valid_bytes} valid bytes, {dropped_bytes} dropped"
                ),
                LogEvent::SegmentSplit { base_offset, new_base_offsets } => format!(
                    "{tp}: split segment {base_offset:020}.log into {}",
                    new_base_offsets.len()
                ),
            }
        }
    }
}
