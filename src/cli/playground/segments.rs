//! `segments [topic[-partition]]`: the segment files of the partitions, as they lie in the
//! broker's log directory (`<topic>-<partition>/<base offset, 20 digits>.log`), with what each
//! holds. `kafka-dump-log.sh --files <path>` shows one of them batch by batch.

use super::time_format::iso_utc;
use super::Command;
use crate::cli::output::CommandOutput;
use crate::engine::cluster::Cluster;
use crate::engine::log::file_batches::file_batches;
use crate::engine::topic_partition::TopicPartition;
use crate::storage::SegmentStorage;

pub const COMMAND: Command = Command {
    name: "segments",
    args: "[topic[-partition]]",
    summary:
        "list the segment files (.log) with base offset, size, record count and largest timestamp",
};

/// The column titles.
const TITLES: [&str; 6] = [
    "FILE",
    "BASE-OFFSET",
    "NEXT-OFFSET",
    "RECORDS",
    "SIZE",
    "LARGEST-TIMESTAMP",
];

pub fn run<S: SegmentStorage>(cluster: &Cluster<S>, args: &[String]) -> CommandOutput {
    let partitions = match args {
        [] => all_partitions(cluster, None),
        [name] => match select(cluster, name) {
            Some(tps) => tps,
            None => {
                return CommandOutput::failure(format!(
                    "segments: no topic or partition named {name}"
                ))
            }
        },
        _ => return super::usage(&COMMAND, "takes at most one topic or topic-partition"),
    };
    let mut rows: Vec<[String; 6]> = Vec::new();
    for tp in &partitions {
        let Some(log) = cluster.log(tp) else {
            continue;
        };
        let active = log.active_segment().base_offset();
        for segment in log.segments() {
            let file = &segment.files().log;
            let records: i64 = cluster
                .storage()
                .len(file)
                .and_then(|len| cluster.storage().read(file, 0, len))
                .map(|bytes| {
                    file_batches(bytes, 0)
                        .map(|b| i64::from(b.records_count))
                        .sum()
                })
                .unwrap_or(0);
            let largest = if segment.is_empty() {
                "-".to_string()
            } else {
                let ts = segment.largest_timestamp();
                format!("{ts} ({})", iso_utc(ts))
            };
            let marker = if segment.base_offset() == active {
                " (active)"
            } else {
                ""
            };
            rows.push([
                format!("{file}{marker}"),
                segment.base_offset().to_string(),
                segment.next_offset().to_string(),
                records.to_string(),
                segment.size().to_string(),
                largest,
            ]);
        }
    }
    let mut out = CommandOutput::default();
    if rows.is_empty() {
        out.out("(no partitions, so no segments: create a topic first)");
        return out;
    }
    let mut widths = TITLES.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: [&str; 6]| {
        cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    out.out(line(TITLES));
    for row in &rows {
        out.out(line(row.each_ref().map(String::as_str)));
    }
    out
}

fn all_partitions<S: SegmentStorage>(
    cluster: &Cluster<S>,
    topic: Option<&str>,
) -> Vec<TopicPartition> {
    let mut tps = Vec::new();
    for listing in cluster.registry().list_topics() {
        if topic.is_some_and(|t| t != listing.name) {
            continue;
        }
        if let Ok(meta) = cluster.registry().describe_topic(&listing.name) {
            for p in 0..meta.partition_count() {
                tps.push(TopicPartition::new(&listing.name, p as i32));
            }
        }
    }
    tps
}

/// A topic by its name, else a partition as `topic-partition` (topic names may hold `-`).
fn select<S: SegmentStorage>(cluster: &Cluster<S>, name: &str) -> Option<Vec<TopicPartition>> {
    if cluster.registry().describe_topic(name).is_ok() {
        return Some(all_partitions(cluster, Some(name)));
    }
    let (topic, partition) = name.rsplit_once('-')?;
    let partition: i32 = partition.parse().ok()?;
    let tp = TopicPartition::new(topic, partition);
    cluster.log(&tp).map(|_| vec![tp])
}
