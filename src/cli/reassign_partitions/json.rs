//! The JSON of `kafka-reassign-partitions`: the topics-to-move file of `--generate`
//! (`parseTopicsData`), the reassignment file of `--execute`/`--verify`/`--cancel`
//! (`parsePartitionReassignmentData`, `parseExecuteAssignmentArgs`), and the reassignment
//! JSON the tool prints (`formatAsReassignmentJson`: Jackson's compact output of
//! `{"version":1,"partitions":[{"topic","partition","replicas","log_dirs"}]}` sorted by topic,
//! then partition).
//!
//! Refusals are the exceptions Kafka throws. One approximation: text that is not JSON makes
//! Kafka throw an `AdminOperationException` wrapping Jackson's `JsonParseException`, whose
//! message (Jackson's own wording, with a source location) kplay replaces with serde_json's.

use super::Thrown;
use crate::cli::delete_records::offset_json::{
    as_object, field, node, to_int, to_string, JavaException, ADMIN_OPERATION, JSON_MAPPING,
};
use crate::cli::java_hash_map::{
    default_capacity, iteration_order, string_hash, topic_partition_hash,
};
use crate::cli::leader_election::parse_full;
use crate::engine::topic_partition::TopicPartition;
use serde_json::Value;

const ADMIN_COMMAND_FAILED: &str = "org.apache.kafka.server.common.AdminCommandFailedException";

/// `ReassignPartitionsCommand.ANY_LOG_DIR`.
pub const ANY_LOG_DIR: &str = "any";

/// One partition of a reassignment file: its target replicas and their log directories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetPartition {
    pub tp: TopicPartition,
    pub replicas: Vec<i32>,
    /// `log_dirs`, `any` for each replica when absent.
    pub log_dirs: Vec<String>,
}

impl TargetPartition {
    /// Whether a replica is to move to a particular log directory (`replicaAssignment`).
    pub fn moves_log_dirs(&self) -> bool {
        self.log_dirs.iter().any(|d| d != ANY_LOG_DIR)
    }
}

fn thrown(e: JavaException) -> Thrown {
    Thrown::new(e.class, e.message)
}

fn admin_operation(message: impl Into<String>) -> Thrown {
    Thrown::new(ADMIN_OPERATION, message)
}

fn admin_command(message: impl Into<String>) -> Thrown {
    Thrown::new(ADMIN_COMMAND_FAILED, message)
}

fn as_array(v: &Value) -> Result<&Vec<Value>, Thrown> {
    v.as_array().ok_or_else(|| {
        Thrown::new(
            JSON_MAPPING,
            format!("Expected JSON array, received {}", node(v)),
        )
    })
}

/// The `version` field (`to(INT)`), `1` when absent.
fn version(obj: &serde_json::Map<String, Value>) -> Result<i32, Thrown> {
    match obj.get("version") {
        Some(v) => to_int(v).map_err(thrown),
        None => Ok(1),
    }
}

/// `parseTopicsData`: the topics of `{"topics": [{"topic": "foo"}], "version": 1}`, in file
/// order.
pub fn parse_topics_data(json: &str) -> Result<Vec<String>, Thrown> {
    let js =
        parse_full(json).ok_or_else(|| admin_operation("The input string is not a valid JSON"))?;
    let obj = as_object(&js).map_err(thrown)?;
    let version = version(obj)?;
    if version != 1 {
        return Err(admin_operation(format!(
            "Not supported version field value {version}"
        )));
    }
    let Some(topics) = obj.get("topics") else {
        return Ok(Vec::new());
    };
    as_array(topics)?
        .iter()
        .map(|t| {
            let t = as_object(t).map_err(thrown)?;
            to_string(field(t, "topic").map_err(thrown)?).map_err(thrown)
        })
        .collect()
}

/// `parsePartitionReassignmentData`: every partition of the file, duplicates kept, in file
/// order.
pub fn parse_reassignment_data(json: &str) -> Result<Vec<TargetPartition>, Thrown> {
    // `Json.tryParseFull`, its `JsonParseException` wrapped in an `AdminOperationException`
    // (whose message is the cause's `toString()`).
    let parse_error = |message: String| {
        admin_operation(format!(
            "com.fasterxml.jackson.core.JsonParseException: {message}"
        ))
    };
    if json.is_empty() {
        return Err(parse_error("The input string shouldn't be empty".into()));
    }
    let js = match serde_json::Deserializer::from_str(json)
        .into_iter::<Value>()
        .next()
    {
        Some(Ok(v)) => v,
        Some(Err(e)) => return Err(parse_error(e.to_string())),
        None => return Err(parse_error("No content to map due to end-of-input".into())),
    };
    let obj = as_object(&js).map_err(thrown)?;
    let version = version(obj)?;
    if version != 1 {
        return Err(admin_operation(format!(
            "Not supported version field value {version}"
        )));
    }
    let Some(partitions) = obj.get("partitions") else {
        return Ok(Vec::new());
    };
    let mut targets = Vec::new();
    for p in as_array(partitions)? {
        let p = as_object(p).map_err(thrown)?;
        let topic = to_string(field(p, "topic").map_err(thrown)?).map_err(thrown)?;
        let partition = to_int(field(p, "partition").map_err(thrown)?).map_err(thrown)?;
        let replicas = as_array(field(p, "replicas").map_err(thrown)?)?
            .iter()
            .map(|r| to_int(r).map_err(thrown))
            .collect::<Result<Vec<i32>, Thrown>>()?;
        let log_dirs = match p.get("log_dirs") {
            Some(dirs) => as_array(dirs)?
                .iter()
                .map(|d| to_string(d).map_err(thrown))
                .collect::<Result<Vec<String>, Thrown>>()?,
            None => vec![ANY_LOG_DIR.to_string(); replicas.len()],
        };
        let tp = TopicPartition::new(&topic, partition);
        if replicas.len() != log_dirs.len() {
            return Err(admin_command(format!(
                "Size of replicas list {} is different from size of log dirs list {} for partition {tp}",
                java_list(&replicas),
                java_list(&log_dirs)
            )));
        }
        targets.push(TargetPartition {
            tp,
            replicas,
            log_dirs,
        });
    }
    Ok(targets)
}

/// `parseExecuteAssignmentArgs`' checks on the parsed file.
pub fn check_execute_targets(targets: &[TargetPartition]) -> Result<(), Thrown> {
    if targets.is_empty() {
        return Err(admin_command("Partition reassignment list cannot be empty"));
    }
    if targets.iter().any(|t| t.replicas.is_empty()) {
        return Err(admin_command("Partition replica list cannot be empty"));
    }
    let tps: Vec<TopicPartition> = targets.iter().map(|t| t.tp.clone()).collect();
    let duplicate_tps = duplicates(&tps, |tp| topic_partition_hash(&tp.topic, tp.partition));
    if !duplicate_tps.is_empty() {
        return Err(admin_command(format!(
            "Partition reassignment contains duplicate topic partitions: {}",
            duplicate_tps
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",")
        )));
    }
    let entries: Vec<String> = targets
        .iter()
        .filter_map(|t| {
            let dups = duplicates(&t.replicas, |r| *r);
            (!dups.is_empty()).then(|| {
                format!(
                    "{} contains multiple entries for {}",
                    t.tp,
                    dups.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(",")
                )
            })
        })
        .collect();
    if !entries.is_empty() {
        return Err(admin_command(format!(
            "Partition replica lists may not contain duplicate entries: {}",
            entries.join(". ")
        )));
    }
    Ok(())
}

/// `ToolsUtils.duplicates`: the elements given more than once, as a `HashSet` iterates them
/// (`hash` is the element's `hashCode()`).
pub fn duplicates<T: Clone + PartialEq>(items: &[T], hash: impl Fn(&T) -> i32) -> Vec<T> {
    let mut seen: Vec<&T> = Vec::new();
    let mut dups: Vec<T> = Vec::new();
    for item in items {
        if seen.contains(&item) {
            if !dups.contains(item) {
                dups.push(item.clone());
            }
        } else {
            seen.push(item);
        }
    }
    in_hash_order(dups, hash)
}

/// `items` in the order a `new HashSet<>()` filled with them in this order iterates them.
pub fn in_hash_order<T: Clone>(items: Vec<T>, hash: impl Fn(&T) -> i32) -> Vec<T> {
    let hashes: Vec<i32> = items.iter().map(hash).collect();
    iteration_order(&hashes, default_capacity(items.len()))
        .into_iter()
        .map(|i| items[i].clone())
        .collect()
}

/// `String.hashCode()` for [`in_hash_order`] over topic names.
pub fn topic_hash(topic: &str) -> i32 {
    string_hash(topic)
}

/// `List.toString()`: `[1, 2, 3]`.
pub fn java_list<T: ToString>(items: &[T]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// `formatAsReassignmentJson` with no log directory moves: every `log_dirs` entry is `any`.
pub fn format_as_reassignment_json(assignment: &[(TopicPartition, Vec<i32>)]) -> String {
    let mut sorted: Vec<&(TopicPartition, Vec<i32>)> = assignment.iter().collect();
    crate::sort::sort_by(&mut sorted, |(a, _), (b, _)| {
        (&a.topic, a.partition).cmp(&(&b.topic, b.partition))
    });
    let partitions: Vec<String> = sorted
        .iter()
        .map(|(tp, replicas)| {
            format!(
                "{{\"topic\":{},\"partition\":{},\"replicas\":[{}],\"log_dirs\":[{}]}}",
                Value::String(tp.topic.clone()),
                tp.partition,
                replicas
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
                vec![format!("\"{ANY_LOG_DIR}\""); replicas.len()].join(",")
            )
        })
        .collect();
    format!(
        "{{\"version\":1,\"partitions\":[{}]}}",
        partitions.join(",")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err<T: std::fmt::Debug>(r: Result<T, Thrown>) -> String {
        let e = r.unwrap_err();
        format!("{}: {}", e.class, e.message)
    }

    #[test]
    fn formats_as_jackson_writes_it() {
        let json = format_as_reassignment_json(&[
            (TopicPartition::new("t", 1), vec![2, 0]),
            (TopicPartition::new("t", 0), vec![1, 2]),
        ]);
        assert_eq!(
            json,
            r#"{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2],"log_dirs":["any","any"]},{"topic":"t","partition":1,"replicas":[2,0],"log_dirs":["any","any"]}]}"#
        );
        assert_eq!(
            format_as_reassignment_json(&[]),
            r#"{"version":1,"partitions":[]}"#
        );
    }

    #[test]
    fn reads_both_files_and_refuses_as_kafka_does() {
        assert_eq!(
            parse_topics_data(r#"{"topics": [{"topic": "a"}, {"topic": "b"}], "version": 1}"#)
                .unwrap(),
            vec!["a", "b"]
        );
        assert_eq!(
            err(parse_topics_data("nope")),
            "org.apache.kafka.server.common.AdminOperationException: The input string is not a valid JSON"
        );
        assert_eq!(
            err(parse_topics_data(r#"{"version": 2}"#)),
            "org.apache.kafka.server.common.AdminOperationException: Not supported version field value 2"
        );
        let targets = parse_reassignment_data(
            r#"{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2]}]}"#,
        )
        .unwrap();
        assert_eq!(targets[0].log_dirs, vec!["any", "any"]);
        assert_eq!(
            err(parse_reassignment_data(
                r#"{"partitions":[{"topic":"t","partition":0,"replicas":[1,2],"log_dirs":["any"]}]}"#
            )),
            "org.apache.kafka.server.common.AdminCommandFailedException: Size of replicas list [1, 2] is different from size of log dirs list [any] for partition t-0"
        );
        assert_eq!(
            err(parse_reassignment_data("")),
            "org.apache.kafka.server.common.AdminOperationException: com.fasterxml.jackson.core.JsonParseException: The input string shouldn't be empty"
        );
    }

    #[test]
    fn execute_checks_duplicates() {
        let t = |p: i32, replicas: Vec<i32>| TargetPartition {
            tp: TopicPartition::new("t", p),
            log_dirs: vec![ANY_LOG_DIR.into(); replicas.len()],
            replicas,
        };
        assert_eq!(
            err(check_execute_targets(&[]).map(|()| 0)),
            "org.apache.kafka.server.common.AdminCommandFailedException: Partition reassignment list cannot be empty"
        );
        assert_eq!(
            err(check_execute_targets(&[t(0, vec![1]), t(0, vec![2])]).map(|()| 0)),
            "org.apache.kafka.server.common.AdminCommandFailedException: Partition reassignment contains duplicate topic partitions: t-0"
        );
        assert_eq!(
            err(check_execute_targets(&[t(0, vec![1, 1, 2, 2])]).map(|()| 0)),
            "org.apache.kafka.server.common.AdminCommandFailedException: Partition replica lists may not contain duplicate entries: t-0 contains multiple entries for 1,2"
        );
    }
}
