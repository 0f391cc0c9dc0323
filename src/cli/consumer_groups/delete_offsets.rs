//! `ConsumerGroupService.deleteOffsets` (KIP-496): `--delete-offsets --group g --topic t
//! [--topic t:0,1 ...]` deletes the group's committed offsets of those partitions through
//! `Admin.deleteConsumerGroupOffsets` (OffsetDelete).
//!
//! As Kafka 4.0 does it:
//! * a `--topic` with a `:` names its partitions (`parseTopicsWithPartitions`; a malformed one
//!   is an `IllegalArgumentException`, the usage screen); a topic without one stands for all
//!   its partitions (`describeTopics`); a topic that does not exist becomes a row of its own
//!   with partition `-` and the describe error, and is not sent;
//! * the first line says how the request went: `Request succeeded for deleting offsets from
//!   group g.`, or `printError` with the group's error (`The group id does not exist.`, `The
//!   group is not empty.`, `The configured groupId is invalid.`), or `Encountered some
//!   partition-level error, see the follow-up details.` when a partition failed
//!   (`GROUP_SUBSCRIBED_TO_TOPIC` while the group consumes the topic);
//! * then the `TOPIC PARTITION STATUS` table (`%n%-<w>s %-10s %-15s` per row, the topic column
//!   at least 15 wide, a line end after the last): `Successful`, or `Error: ` and the
//!   `ExecutionException`'s message (`<exception class>: <message>`). A group error fails
//!   every partition with it. Rows are sorted by the string `topic + partition`
//!   (so `t10` comes before `t2`), ties in `HashMap` order.
//!
//! `--group` is read with `valueOf`: given twice, joptsimple's
//! `MultipleArgumentsForOptionException` reaches `run`'s `catch (Throwable)`.

use super::options::{self, ConsumerGroupCommandOptions};
use super::reset::parse_topic_with_partitions;
use super::service::hash_map_order;
use super::{exception_class, find_coordinator, pad, Failure, Printer, MISSING_COLUMN_VALUE};
use crate::cli::java_hash_map::{string_hash, topic_partition_hash};
use crate::engine::cluster::Cluster;
use crate::engine::error_code::ErrorCode;
use crate::engine::group::assignor::java_collections::java_cmp;
use crate::engine::topic_partition::TopicPartition;
use crate::storage::SegmentStorage;

/// A partition's outcome: `None` for success, else the `ExecutionException`'s message.
type PartitionResult = (TopicPartition, Option<String>);

/// `deleteOffsets()`: the request, then its report.
pub fn delete_offsets<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    opts: &ConsumerGroupCommandOptions,
    p: &mut Printer,
    now_ms: i64,
) -> Result<(), Failure> {
    let group_id = match opts.string(&options::GROUP) {
        Ok(Some(g)) => g.to_owned(),
        Ok(None) => unreachable!("checkArgs requires --group with --delete-offsets"),
        Err(Failure::Uncaught(e)) => {
            let (class, message) = e.split_once(": ").unwrap_or(("", &e));
            return Err(Failure::Command {
                class: class.to_string(),
                message: message.to_string(),
            });
        }
        Err(other) => return Err(other),
    };
    let (top_level, results) = request(cluster, &group_id, opts.topics(), now_ms)?;
    match top_level {
        ErrorCode::None => p.println(&format!(
            "Request succeeded for deleting offsets from group {group_id}."
        )),
        ErrorCode::InvalidGroupId
        | ErrorCode::GroupIdNotFound
        | ErrorCode::GroupAuthorizationFailed
        | ErrorCode::NonEmptyGroup => p.print_error(top_level.doc()),
        ErrorCode::GroupSubscribedToTopic
        | ErrorCode::TopicAuthorizationFailed
        | ErrorCode::UnknownTopicOrPartition => {
            p.print_error("Encountered some partition-level error, see the follow-up details.")
        }
        other => p.print_error(&format!("Encountered some unknown error: {}", other.name())),
    }
    print_table(p, results);
    Ok(())
}

/// `deleteOffsets(groupId, topics)`: the top-level error and every partition's outcome, in
/// the result `HashMap`'s order.
fn request<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    group_id: &str,
    topics: &[String],
    now_ms: i64,
) -> Result<(ErrorCode, Vec<PartitionResult>), Failure> {
    let mut with_partitions: Vec<&str> = Vec::new();
    let mut without_partitions: Vec<&str> = Vec::new();
    for topic in topics {
        let set = if topic.contains(':') {
            &mut with_partitions
        } else {
            &mut without_partitions
        };
        if !set.contains(&topic.as_str()) {
            set.push(topic);
        }
    }
    // Both are `HashSet<String>`s: a malformed argument is found in their order.
    let with_partitions = hash_map_order(with_partitions, |t| string_hash(t));
    let without_partitions = hash_map_order(without_partitions, |t| string_hash(t));
    let mut partitions: Vec<TopicPartition> = Vec::new();
    for arg in with_partitions {
        for tp in parse_topic_with_partitions(arg)? {
            if !partitions.contains(&tp) {
                partitions.push(tp);
            }
        }
    }
    let mut results: Vec<PartitionResult> = Vec::new();
    for topic in without_partitions {
        match cluster.registry().describe_topic(topic) {
            Ok(meta) => {
                for partition in 0..meta.partition_count() {
                    let tp = TopicPartition::new(topic, partition as i32);
                    if !partitions.contains(&tp) {
                        partitions.push(tp);
                    }
                }
            }
            Err(_) => results.push((
                TopicPartition::new(topic, -1),
                Some(execution_message(ErrorCode::UnknownTopicOrPartition)),
            )),
        }
    }
    find_coordinator(cluster, group_id, now_ms)?;
    let top_level = match cluster.delete_group_offsets(group_id, &partitions, now_ms) {
        Ok(answers) => {
            let mut first_error = ErrorCode::None;
            for tp in &partitions {
                let code = answers
                    .iter()
                    .find(|(t, _)| t == tp)
                    .map(|(_, code)| *code)
                    .expect("the coordinator answers every partition asked for");
                if first_error == ErrorCode::None {
                    first_error = code;
                }
                let outcome = (code != ErrorCode::None).then(|| execution_message(code));
                results.push((tp.clone(), outcome));
            }
            first_error
        }
        Err(e) => {
            let message = format!("{}: {}", exception_class(e.code), e.message);
            for tp in &partitions {
                results.push((tp.clone(), Some(message.clone())));
            }
            e.code
        }
    };
    let results = hash_map_order(results, |(tp, _)| {
        topic_partition_hash(&tp.topic, tp.partition)
    });
    Ok((top_level, results))
}

/// `ExecutionException(error.exception()).getMessage()`: the cause's `toString()`.
fn execution_message(code: ErrorCode) -> String {
    format!("{}: {}", exception_class(code), code.doc())
}

/// The `TOPIC PARTITION STATUS` table, sorted by `topic + partition` as strings.
fn print_table(p: &mut Printer, mut results: Vec<PartitionResult>) {
    let width = results
        .iter()
        .map(|(tp, _)| super::java_len(&tp.topic))
        .fold(15, usize::max);
    let row = |topic: &str, partition: &str, status: &str| {
        format!(
            "\n{} {} {}",
            pad(topic, width),
            pad(partition, 10),
            pad(status, 15)
        )
    };
    p.print(&row("TOPIC", "PARTITION", "STATUS"));
    crate::sort::sort_by(&mut results, |(a, _), (b, _)| {
        java_cmp(
            &format!("{}{}", a.topic, a.partition),
            &format!("{}{}", b.topic, b.partition),
        )
    });
    for (tp, outcome) in &results {
        let partition = if tp.partition >= 0 {
            tp.partition.to_string()
        } else {
            MISSING_COLUMN_VALUE.to_string()
        };
        let status = match outcome {
            None => "Successful".to_string(),
            Some(message) => format!("Error: {message}"),
        };
        p.print(&row(&tp.topic, &partition, &status));
    }
    p.println("");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_sorts_by_the_joined_string_and_pads_like_printf() {
        let mut p = Printer::default();
        print_table(
            &mut p,
            vec![
                (TopicPartition::new("t", 2), None),
                (TopicPartition::new("t", 10), None),
                (
                    TopicPartition::new("nope", -1),
                    Some(execution_message(ErrorCode::UnknownTopicOrPartition)),
                ),
            ],
        );
        assert_eq!(
            p.out,
            "\nTOPIC           PARTITION  STATUS         \
             \nnope            -          Error: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.\
             \nt               10         Successful     \
             \nt               2          Successful     \n"
        );
    }
}
