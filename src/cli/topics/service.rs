//! `TopicCommand.TopicService`: each action as the admin client would run it, against the
//! [`Cluster`] instead of a socket.
//!
//! Kafka's admin client returns some results in `HashMap` order (the topics of `--describe`,
//! the first failure of a multi-topic `--alter`/`--delete`); kplay uses name order there, so the
//! output is reproducible.

use super::describe::{self, ElrInfo, Reports};
use super::options::{self, TopicCommandOptions};
use super::Failure;
use crate::cli::output::CommandOutput;
use crate::engine::api_error::ApiError;
use crate::engine::cluster::Cluster;
use crate::engine::error_code::ErrorCode;
use crate::engine::java_regex::{JavaRegex, RegexError};
use crate::engine::topic::registry::{CreateTopicRequest, ReplicaAssignment};
use crate::engine::topic::topic_id::TopicId;
use crate::engine::topic::{name, TopicConfigOverrides};
use crate::storage::SegmentStorage;

/// An error the admin client's future failed with: `printException` shows its message.
fn api(e: ApiError) -> Failure {
    Failure::Exception(e.message)
}

/// `TopicCommand.CommandTopicPartition`: the arguments of `--create` and `--alter`, read in
/// Kafka's order (name, partitions, replication factor, assignment, configs).
struct CommandTopicPartition {
    name: String,
    partitions: Option<i32>,
    replication_factor: Option<i32>,
    replica_assignment: Option<Vec<Vec<i32>>>,
    configs: Vec<(String, String)>,
}

impl CommandTopicPartition {
    fn read<S: SegmentStorage>(
        opts: &TopicCommandOptions,
        cluster: &Cluster<S>,
    ) -> Result<Self, Failure> {
        let name = opts
            .topic()?
            .expect("checkRequiredArgs requires --topic for create and alter");
        let partitions = opts.partitions()?;
        let replication_factor = opts.replication_factor()?;
        let replica_assignment = opts.replica_assignment()?;
        let configs = options::parse_topic_configs(opts.configs())?;
        // `LogConfig.validate(props)`, on the client, before anything is sent or printed.
        let as_request: Vec<(String, Option<String>)> = configs
            .iter()
            .map(|(k, v)| (k.clone(), Some(v.clone())))
            .collect();
        TopicConfigOverrides::from_create_request(&as_request, cluster.broker_config())
            .map_err(|e| Failure::Exception(e.to_string()))?;
        Ok(CommandTopicPartition {
            name,
            partitions,
            replication_factor,
            replica_assignment,
            configs,
        })
    }
}

/// `TopicService.createTopic`.
pub fn create<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    opts: &TopicCommandOptions,
    out: &mut CommandOutput,
    now_ms: i64,
) -> Result<(), Failure> {
    let topic = CommandTopicPartition::read(opts, cluster)?;
    if name::has_collision_chars(&topic.name) {
        out.out(name::COLLISION_WARNING);
    }
    if topic
        .replication_factor
        .is_some_and(|rf| rf > i32::from(i16::MAX) || rf < 1)
    {
        return Err(Failure::IllegalArgument(format!(
            "The replication factor must be between 1 and {} inclusive",
            i16::MAX
        )));
    }
    if topic.partitions.is_some_and(|p| p < 1) {
        return Err(Failure::IllegalArgument(
            "The partitions must be greater than 0".into(),
        ));
    }
    // `KafkaAdminClient.createTopics` refuses a name it cannot put in a request.
    if topic.name.is_empty() {
        return Err(Failure::Exception(format!(
            "The given topic name '{}' cannot be represented in a request.",
            topic.name
        )));
    }
    let mut request = match &topic.replica_assignment {
        Some(assignment) => CreateTopicRequest {
            name: topic.name.clone(),
            num_partitions: -1,
            replication_factor: -1,
            assignments: assignment
                .iter()
                .enumerate()
                .map(|(i, brokers)| ReplicaAssignment {
                    partition_index: i as i32,
                    broker_ids: brokers.clone(),
                })
                .collect(),
            configs: Vec::new(),
        },
        None => CreateTopicRequest::new(
            &topic.name,
            topic.partitions.unwrap_or(-1),
            topic.replication_factor.map_or(-1, |rf| rf as i16),
        ),
    };
    request.configs = topic
        .configs
        .into_iter()
        .map(|(k, v)| (k, Some(v)))
        .collect();
    match cluster.create_topic(&request, false, now_ms) {
        Ok(_) => {
            out.out(format!("Created topic {}.", topic.name));
            Ok(())
        }
        Err(e) if e.code == ErrorCode::TopicAlreadyExists && opts.has(&options::IF_NOT_EXISTS) => {
            Ok(())
        }
        Err(e) => Err(api(e)),
    }
}

/// `TopicService.listTopics`: the names, one per line (an empty line when there are none,
/// as `println` of an empty join prints).
pub fn list<S: SegmentStorage>(
    cluster: &Cluster<S>,
    opts: &TopicCommandOptions,
    out: &mut CommandOutput,
) -> Result<(), Failure> {
    let topics = get_topics(
        cluster,
        opts.topic()?.as_deref(),
        opts.has(&options::EXCLUDE_INTERNAL),
    )?;
    if topics.is_empty() {
        out.out("");
    }
    for topic in topics {
        out.out(topic);
    }
    Ok(())
}

/// `TopicService.getTopics` with `TopicCommand.doGetTopics`: every topic in name order, kept
/// when it matches the `--topic` pattern and is not an excluded internal topic.
fn get_topics<S: SegmentStorage>(
    cluster: &Cluster<S>,
    include: Option<&str>,
    exclude_internal: bool,
) -> Result<Vec<String>, Failure> {
    let filter = include.map(include_list).transpose()?;
    Ok(cluster
        .registry()
        .list_topics()
        .into_iter()
        .filter(|t| !(exclude_internal && t.internal))
        .filter(|t| filter.as_ref().is_none_or(|f| f.is_full_match(&t.name)))
        .map(|t| t.name)
        .collect())
}

/// `TopicFilter`'s constructor: trimmed, `,` → `|`, spaces removed, surrounding quotes
/// removed, then compiled.
pub fn include_list(raw: &str) -> Result<JavaRegex, Failure> {
    let regex: String = raw
        .trim_matches(|c: char| c <= ' ')
        .replace(',', "|")
        .replace(' ', "")
        .trim_start_matches(['"', '\''])
        .trim_end_matches(['"', '\''])
        .to_string();
    JavaRegex::new(&regex).map_err(|e| match e {
        RegexError::Syntax { .. } => Failure::Exception(format!("{regex} is an invalid regex.")),
        other => Failure::Exception(format!("{other} (in the --topic pattern {regex})")),
    })
}

/// `ensureTopicExists`.
fn ensure_topic_exists(
    found: &[String],
    requested: Option<&str>,
    require: bool,
) -> Result<(), Failure> {
    match requested {
        Some(t) if !t.is_empty() && require && found.is_empty() => Err(Failure::IllegalArgument(
            format!("Topic '{t}' does not exist as expected"),
        )),
        _ => Ok(()),
    }
}

/// `TopicService.alterTopic`: grows each matching topic to `--partitions`.
pub fn alter<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    opts: &TopicCommandOptions,
    now_ms: i64,
) -> Result<(), Failure> {
    let topic = CommandTopicPartition::read(opts, cluster)?;
    let requested = opts.topic()?;
    let topics = get_topics(
        cluster,
        requested.as_deref(),
        opts.has(&options::EXCLUDE_INTERNAL),
    )?;
    ensure_topic_exists(
        &topics,
        requested.as_deref(),
        !opts.has(&options::IF_EXISTS),
    )?;
    let count = topic
        .partitions
        .expect("checkRequiredArgs requires --partitions for alter");
    let mut first_failure = None;
    for name in &topics {
        let current = cluster
            .registry()
            .describe_topic(name)
            .map_err(|e| api(e.into()))?
            .partition_count();
        // The assignment lists every partition; the existing ones are skipped.
        let new_assignment: Option<Vec<Vec<i32>>> = topic
            .replica_assignment
            .as_ref()
            .map(|a| a.iter().skip(current).cloned().collect());
        if let Err(e) =
            cluster.create_partitions(name, count, new_assignment.as_deref(), false, now_ms)
        {
            first_failure.get_or_insert(e);
        }
    }
    first_failure.map_or(Ok(()), |e| Err(api(e)))
}

/// `TopicService.deleteTopic`: deletes every matching topic; prints nothing.
pub fn delete<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    opts: &TopicCommandOptions,
    now_ms: i64,
) -> Result<(), Failure> {
    let requested = opts.topic()?;
    let topics = get_topics(
        cluster,
        requested.as_deref(),
        opts.has(&options::EXCLUDE_INTERNAL),
    )?;
    ensure_topic_exists(
        &topics,
        requested.as_deref(),
        !opts.has(&options::IF_EXISTS),
    )?;
    let mut first_failure = None;
    for name in &topics {
        if let Err(e) = cluster.delete_topic(name, now_ms) {
            first_failure.get_or_insert(e);
        }
    }
    first_failure.map_or(Ok(()), |e| Err(api(e)))
}

/// `TopicService.describeTopic`.
pub fn describe<S: SegmentStorage>(
    cluster: &Cluster<S>,
    opts: &TopicCommandOptions,
    out: &mut CommandOutput,
) -> Result<(), Failure> {
    let exclude_internal = opts.has(&options::EXCLUDE_INTERNAL);
    let if_exists = opts.has(&options::IF_EXISTS);
    // A topic id other than the zero UUID wins over --topic.
    let topic_id = match opts.topic_id()? {
        Some(raw) => {
            let id = TopicId::parse(&raw).ok_or_else(|| {
                Failure::IllegalArgument(format!(
                    "Input string `{raw}` is not a valid base64-encoded topic id (22 characters of URL-safe base64)"
                ))
            })?;
            (id != TopicId::ZERO).then_some((raw, id))
        }
        None => None,
    };
    let (names, elr) = match &topic_id {
        Some((raw, id)) => {
            let found: Vec<String> = cluster
                .registry()
                .list_topics()
                .into_iter()
                .filter(|t| t.topic_id == *id && !(exclude_internal && t.internal))
                .map(|t| t.name)
                .collect();
            if found.is_empty() && !if_exists {
                return Err(Failure::IllegalArgument(format!(
                    "TopicId '{raw}' does not exist as expected"
                )));
            }
            (found, ElrInfo::Absent)
        }
        None => {
            let requested = opts.topic()?;
            let found = get_topics(cluster, requested.as_deref(), exclude_internal)?;
            ensure_topic_exists(&found, requested.as_deref(), !if_exists)?;
            (found, ElrInfo::Lists)
        }
    };
    // Read (and checked) only when the topics are described, as Kafka does.
    opts.partition_size_limit_per_response()?;
    let reports = Reports {
        under_replicated: opts.has(&options::UNDER_REPLICATED_PARTITIONS),
        unavailable: opts.has(&options::UNAVAILABLE_PARTITIONS),
        under_min_isr: opts.has(&options::UNDER_MIN_ISR_PARTITIONS),
        at_min_isr: opts.has(&options::AT_MIN_ISR_PARTITIONS),
        topics_with_overrides: opts.has(&options::TOPICS_WITH_OVERRIDES),
    };
    if names.is_empty() {
        return Ok(());
    }
    let view = cluster.view();
    let live_brokers: Vec<i32> = view.brokers.iter().map(|b| b.id).collect();
    for name in &names {
        let meta = cluster
            .registry()
            .describe_topic(name)
            .map_err(|e| api(e.into()))?;
        let entries = cluster
            .registry()
            .describe_configs(name, cluster.broker_config())
            .map_err(|e| api(e.into()))?;
        let topic_view = view
            .topics
            .iter()
            .find(|t| t.name == *name)
            .expect("the view lists every topic of the registry");
        if reports.describe_configs()
            && (!reports.topics_with_overrides || entries.iter().any(|e| !e.is_default))
        {
            out.out(describe::topic_line(
                name,
                meta.topic_id,
                topic_view.partitions.len(),
                topic_view
                    .partitions
                    .first()
                    .map_or(0, |p| p.replicas.len()),
                &entries,
            ));
        }
        if reports.describe_partitions() {
            let min_isr = entries
                .iter()
                .find(|e| e.name == "min.insync.replicas")
                .and_then(|e| e.value.as_deref())
                .and_then(|v| v.parse::<usize>().ok())
                .expect("min.insync.replicas is an INT topic config with a default");
            for p in &topic_view.partitions {
                if reports.should_print_partition(p, min_isr, &live_brokers) {
                    out.out(describe::partition_line(name, p, elr));
                }
            }
        }
    }
    Ok(())
}
