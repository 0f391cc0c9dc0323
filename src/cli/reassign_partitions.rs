//! `kafka-reassign-partitions.sh`: propose, start, verify, cancel and list partition
//! reassignments (KIP-455), as Kafka 4.0's
//! `org.apache.kafka.tools.reassign.ReassignPartitionsCommand` does.
//!
//! What each action prints, on stdout, as the tool prints it:
//! * `--generate`: `Current partition replica assignment`, its JSON, an empty line, then
//!   `Proposed partition reassignment configuration` and the proposal's JSON, computed by
//!   `AdminUtils.assignReplicasToBrokers` ([`assign`]) over the live brokers of
//!   `--broker-list`; nothing changes;
//! * `--execute`: `Current partition replica assignment`, an empty line, the JSON, an empty
//!   line, `Save this to use as the --reassignment-json-file option during rollback`, then
//!   `Successfully started partition reassignment(s) for t-0,t-1`; the engine's
//!   AlterPartitionReassignments starts copying the new replicas;
//! * `--verify`: `Status of partition reassignment:` with a line per partition (`… is
//!   completed.`, `… is still in progress.`, `There is no active reassignment of partition …`),
//!   an empty line (no log directory moves), and once no reassignment is left in the cluster
//!   the two `Clearing … throttles` lines (unless `--preserve-throttles`);
//! * `--cancel`: `Successfully cancelled partition reassignment(s) for: t-0` or `None of the
//!   specified partition reassignments are active.`, then `None of the specified partition
//!   moves are active.` printed without a line end (Kafka's `print`), so the throttle line
//!   continues it;
//! * `--list`: `Current partition reassignments:` and `t-0: replicas: 1,2,0. adding: 2.
//!   removing: 0.` per partition, or `No partition reassignments found.`.
//!
//! How a run ends: `validateAndParseArgs` runs outside `main`'s `try`, so joptsimple's
//! refusals are the JVM's `Exception in thread "main" <class>: <message>` on stderr, and its
//! usage complaints (`Command must include exactly one action`, `Missing required argument`,
//! `Option "[x]" can't be used with action "[y]"`) the message and the help screen on
//! stderr; inside the `try` a `TerseException` prints its message on stdout and any other
//! exception `Error: <message>` and its stack trace on stdout (kplay prints the trace's first
//! line, `e.toString()`); every failure exits with status 1.
//!
//! kplay's deviations, each because kplay lacks what Kafka's behaviour depends on:
//! * replication throttles are not modelled: `--throttle` and
//!   `--replica-alter-log-dirs-throttle` print Kafka's lines but set no configs (kplay says
//!   so on stderr), and the `Clearing … throttles` of `--verify`/`--cancel` have nothing to
//!   clear;
//! * each broker has one log directory: a `log_dirs` entry other than `any` is refused with
//!   kplay's explanation;
//! * the random start index and shift of `--generate` come from a `java.util.Random` seeded
//!   from the playground (the moment and the topics' ids, which the playground's seed made),
//!   not an unseeded one, so a proposal replays identically.
//!
//! Kafka 4.0 sources read for this: `ReassignPartitionsCommand`,
//! `ReassignPartitionsCommandOptions`, `AdminUtils`, `ToolsUtils.duplicates`.

pub mod assign;
pub mod json;
pub mod options;

use crate::cli::flags::{FlagError, Flags};
use crate::cli::java_hash_map::string_hash;
use crate::cli::joptsimple;
use crate::cli::output::CommandOutput;
use crate::cli::topics::version_line;
use crate::cli::vfs::{FileError, Files};
use crate::engine::cluster::Cluster;
use crate::engine::error_code::ErrorCode;
use crate::engine::topic::java_random::JavaRandom;
use crate::engine::topic_partition::TopicPartition;
use crate::storage::SegmentStorage;
use json::{in_hash_order, topic_hash, TargetPartition};
use options::*;

/// `ReassignPartitionsCommand.HELP_TEXT`.
pub const HELP_MESSAGE: &str = "This tool helps to move topic partitions between replicas.";

const CANNOT_EXECUTE_BECAUSE_OF_EXISTING_MESSAGE: &str = "Cannot execute because there is an existing partition assignment.  Use --additional to override this and create a new partition assignment in addition to the existing one. The --additional flag can also be used to change the throttle by resubmitting the current reassignment.";

const YOU_MUST_RUN_VERIFY_PERIODICALLY_MESSAGE: &str = "Warning: You must run --verify periodically, until the reassignment completes, to ensure the throttle is removed.";

const ADMIN_COMMAND_FAILED: &str = "org.apache.kafka.server.common.AdminCommandFailedException";
const EXECUTION_EXCEPTION: &str = "java.util.concurrent.ExecutionException";

/// A Java exception: its class and message (`Throwable.toString()` is `class: message`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thrown {
    pub class: String,
    pub message: String,
}

impl Thrown {
    pub fn new(class: impl Into<String>, message: impl Into<String>) -> Thrown {
        Thrown {
            class: class.into(),
            message: message.into(),
        }
    }

    /// `new ExecutionException(cause)`: its message is the cause's `toString()`.
    fn execution(cause_class: &str, cause_message: &str) -> Thrown {
        Thrown::new(
            EXECUTION_EXCEPTION,
            format!("{cause_class}: {cause_message}"),
        )
    }
}

impl From<FlagError> for Thrown {
    fn from(e: FlagError) -> Thrown {
        Thrown::new(joptsimple::exception_class(&e), joptsimple::message(&e))
    }
}

impl From<FileError> for Thrown {
    /// `Utils.readFileAsString` / `Utils.loadProps`: a `NoSuchFileException` whose message is
    /// the path, or an `IOException`.
    fn from(e: FileError) -> Thrown {
        let text = e.to_string();
        match text.split_once(": ") {
            Some((class, message)) => Thrown::new(class, message),
            None => Thrown::new("java.io.IOException", text),
        }
    }
}

/// How a run ended when it did not succeed.
enum Failure {
    /// `printUsageAndExit`: the message and the help screen on stderr.
    Usage(String),
    /// An exception outside `main`'s `try`.
    Uncaught(Thrown),
    /// A `TerseException`: its message on stdout.
    Terse(String),
    /// Any other exception inside the `try`.
    Thrown(Thrown),
    /// What kplay does not model, in kplay's words on stderr.
    Kplay(String),
}

impl From<Thrown> for Failure {
    fn from(t: Thrown) -> Failure {
        Failure::Thrown(t)
    }
}

impl From<FlagError> for Failure {
    fn from(e: FlagError) -> Failure {
        Failure::Thrown(e.into())
    }
}

/// Runs `kafka-reassign-partitions.sh` with `args`.
pub fn run<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    args: &[String],
    files: Files<'_>,
    now_ms: i64,
) -> CommandOutput {
    let mut out = CommandOutput::default();
    let result = match validate_and_parse_args(args, &mut out) {
        Ok(Some((flags, action))) => {
            handle_action(cluster, &flags, action, files, now_ms, &mut out)
        }
        Ok(None) => Ok(()),
        Err(f) => Err(f),
    };
    match result {
        Ok(()) => {}
        Err(Failure::Usage(message)) => {
            out.err(message);
            out.stderr.extend(joptsimple::help_screen(&help_options()));
            out.exit_code = 1;
        }
        Err(Failure::Uncaught(t)) => {
            out.err(format!(
                "Exception in thread \"main\" {}: {}",
                t.class, t.message
            ));
            out.exit_code = 1;
        }
        Err(Failure::Terse(message)) => {
            out.stdout.extend(message.lines().map(String::from));
            out.exit_code = 1;
        }
        Err(Failure::Thrown(t)) => {
            out.out(format!("Error: {}", t.message));
            out.out(format!("{}: {}", t.class, t.message));
            out.exit_code = 1;
        }
        Err(Failure::Kplay(message)) => {
            out.err(message);
            out.exit_code = 1;
        }
    }
    out
}

/// `validateAndParseArgs`: the flags and the action, `None` after `--version`.
fn validate_and_parse_args(
    args: &[String],
    out: &mut CommandOutput,
) -> Result<Option<(Flags, &'static str)>, Failure> {
    let flags = joptsimple::parse(SPECS, args)
        .map_err(|e| Failure::Uncaught(e.into()))?
        .flags;
    if args.is_empty() || flags.has(HELP.name) {
        return Err(Failure::Usage(HELP_MESSAGE.into()));
    }
    if flags.has(VERSION.name) {
        out.out(version_line());
        return Ok(None);
    }
    let action = check(&flags, &detection_order(args)).map_err(Failure::Usage)?;
    Ok(Some((flags, action.name)))
}

fn handle_action<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    flags: &Flags,
    action: &str,
    files: Files<'_>,
    now_ms: i64,
    out: &mut CommandOutput,
) -> Result<(), Failure> {
    let read = |spec: &crate::cli::flags::FlagSpec| -> Result<String, Failure> {
        let path = flags
            .value(spec)?
            .expect("validateAndParseArgs checked the action's required file");
        Ok(files.read_to_string(path).map_err(Thrown::from)?)
    };
    // `main` loads the command config before anything else.
    if let Some(config) = flags.value(&COMMAND_CONFIG)? {
        files.read_to_string(config).map_err(Thrown::from)?;
        out.err(format!(
            "kplay: --command-config {config} was read; the playground's admin client needs none of its settings"
        ));
    }
    let preserve_throttles = flags.has(PRESERVE_THROTTLES.name);
    match action {
        "verify" => verify(
            cluster,
            &read(&REASSIGNMENT_JSON_FILE)?,
            preserve_throttles,
            out,
        ),
        "generate" => {
            let json = read(&TOPICS_TO_MOVE_JSON_FILE)?;
            let brokers = flags.value(&BROKER_LIST)?.expect("required by --generate");
            generate(cluster, &json, brokers, out)
        }
        "execute" => {
            let json = read(&REASSIGNMENT_JSON_FILE)?;
            let throttle = flags.number::<i64>(&THROTTLE)?.unwrap_or(-1);
            let log_dir_throttle = flags
                .number::<i64>(&REPLICA_ALTER_LOG_DIRS_THROTTLE)?
                .unwrap_or(-1);
            flags.number::<i64>(&TIMEOUT)?;
            let additional = flags.has(ADDITIONAL.name);
            execute(
                cluster,
                additional,
                &json,
                throttle,
                log_dir_throttle,
                now_ms,
                out,
            )
        }
        "cancel" => {
            let json = read(&REASSIGNMENT_JSON_FILE)?;
            flags.number::<i64>(&TIMEOUT)?;
            cancel(cluster, &json, preserve_throttles, now_ms, out)
        }
        _ => {
            list(cluster, out);
            Ok(())
        }
    }
}

/// The brokers `describeCluster` answers: registered and not fenced, by id.
fn live_brokers<S: SegmentStorage>(cluster: &Cluster<S>) -> Vec<i32> {
    let mut ids: Vec<i32> = cluster
        .broker_states()
        .filter(|b| !b.fenced)
        .map(|b| b.id)
        .collect();
    crate::sort::sort(&mut ids);
    ids
}

/// A topic's replicas by partition as `describeTopics` answers, or the `ExecutionException`
/// `describeTopics` (the tool's helper) throws for an unknown topic.
fn topic_replicas<S: SegmentStorage>(
    cluster: &Cluster<S>,
    topic: &str,
) -> Result<Vec<Vec<i32>>, Thrown> {
    cluster
        .registry()
        .describe_topic(topic)
        .map(|m| m.replicas.clone())
        .map_err(|_| {
            Thrown::execution(
                &crate::cli::configs::service::exception_class(ErrorCode::UnknownTopicOrPartition),
                &format!("Topic {topic} not found."),
            )
        })
}

/// Refuses log directory moves, which kplay does not model.
fn refuse_log_dir_moves(targets: &[TargetPartition]) -> Result<(), Failure> {
    match targets.iter().find(|t| t.moves_log_dirs()) {
        Some(t) => Err(Failure::Kplay(format!(
            "kplay: each broker has one log directory, so replicas cannot move between directories; {} asks for log_dirs {}: use \"any\"",
            t.tp,
            json::java_list(&t.log_dirs)
        ))),
        None => Ok(()),
    }
}

/// `generateAssignment`.
fn generate<S: SegmentStorage>(
    cluster: &Cluster<S>,
    json: &str,
    broker_list: &str,
    out: &mut CommandOutput,
) -> Result<(), Failure> {
    // `parseGenerateAssignmentArgs`: `String.split(",")` drops trailing empty strings.
    let mut words: Vec<&str> = broker_list.split(',').collect();
    while words.len() > 1 && words.last() == Some(&"") {
        words.pop();
    }
    let brokers = words
        .iter()
        .map(|w| {
            w.parse::<i32>().map_err(|_| {
                Thrown::new(
                    "java.lang.NumberFormatException",
                    format!("For input string: \"{w}\""),
                )
            })
        })
        .collect::<Result<Vec<i32>, Thrown>>()?;
    let dup_brokers = json::duplicates(&brokers, |b| *b);
    if !dup_brokers.is_empty() {
        return Err(Thrown::new(
            ADMIN_COMMAND_FAILED,
            format!(
                "Broker list contains duplicate entries: {}",
                json::java_list(&dup_brokers)
            ),
        )
        .into());
    }
    let topics = json::parse_topics_data(json)?;
    let dup_topics = json::duplicates(&topics, |t| topic_hash(t));
    if !dup_topics.is_empty() {
        return Err(Thrown::new(
            ADMIN_COMMAND_FAILED,
            format!(
                "List of topics to reassign contains duplicate entries: {}",
                json::java_list(&dup_topics)
            ),
        )
        .into());
    }
    // `getReplicaAssignmentForTopics`: the topics as a `HashSet`, described in hash order.
    let mut current: Vec<(TopicPartition, Vec<i32>)> = Vec::new();
    for topic in in_hash_order(topics.clone(), |t| topic_hash(t)) {
        for (p, replicas) in topic_replicas(cluster, &topic)?.into_iter().enumerate() {
            current.push((TopicPartition::new(&topic, p as i32), replicas));
        }
    }
    // `getBrokerMetadata`: the live brokers of the list, in `describeCluster`'s order.
    let metadata: Vec<i32> = live_brokers(cluster)
        .into_iter()
        .filter(|b| brokers.contains(b))
        .collect();
    let mut random = JavaRandom::new(generate_seed(cluster, &topics));
    // `calculateAssignment`: topics in `HashMap` order; the replication factor is that of
    // the topic's first partition in the current assignment's `HashMap` order.
    let mut proposed: Vec<(TopicPartition, Vec<i32>)> = Vec::new();
    let current_order = in_hash_order((0..current.len()).collect::<Vec<usize>>(), |&i| {
        crate::cli::java_hash_map::topic_partition_hash(&current[i].0.topic, current[i].0.partition)
    });
    let mut grouped: Vec<(String, Vec<usize>)> = Vec::new();
    for i in current_order {
        let topic = &current[i].0.topic;
        match grouped.iter_mut().find(|(t, _)| t == topic) {
            Some((_, entries)) => entries.push(i),
            None => grouped.push((topic.clone(), vec![i])),
        }
    }
    let grouped = in_hash_order(grouped, |(t, _)| string_hash(t));
    for (topic, entries) in grouped {
        let replication_factor = current[entries[0]].1.len() as i32;
        let assignment = assign::assign_replicas_to_brokers(
            &metadata,
            entries.len() as i32,
            replication_factor,
            &mut random,
        )
        .map_err(|e| Thrown::new(e.class, e.message))?;
        for (p, replicas) in assignment.into_iter().enumerate() {
            proposed.push((TopicPartition::new(&topic, p as i32), replicas));
        }
    }
    out.out("Current partition replica assignment");
    out.out(json::format_as_reassignment_json(&current));
    out.out("");
    out.out("Proposed partition reassignment configuration");
    out.out(json::format_as_reassignment_json(&proposed));
    Ok(())
}

/// The seed of `--generate`'s `Random`: the moment and the ids of the topics to move (drawn
/// from the playground's seed), so the proposal is reproducible in a replay.
fn generate_seed<S: SegmentStorage>(cluster: &Cluster<S>, topics: &[String]) -> i64 {
    topics
        .iter()
        .filter_map(|t| cluster.registry().describe_topic(t).ok())
        .fold(cluster.now_ms(), |seed, m| {
            seed.wrapping_mul(31)
                .wrapping_add(i64::from(string_hash(&m.topic_id.to_string())))
        })
}

/// `executeAssignment`.
fn execute<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    additional: bool,
    json: &str,
    throttle: i64,
    log_dir_throttle: i64,
    now_ms: i64,
    out: &mut CommandOutput,
) -> Result<(), Failure> {
    let targets = json::parse_reassignment_data(json)?;
    json::check_execute_targets(&targets)?;
    refuse_log_dir_moves(&targets)?;
    if !additional && !cluster.list_partition_reassignments().is_empty() {
        return Err(Failure::Terse(
            CANNOT_EXECUTE_BECAUSE_OF_EXISTING_MESSAGE.into(),
        ));
    }
    // `verifyBrokerIds`: the target brokers as a `HashSet`, the first one not live refused.
    let mut brokers: Vec<i32> = Vec::new();
    for t in &targets {
        for r in &t.replicas {
            if !brokers.contains(r) {
                brokers.push(*r);
            }
        }
    }
    let live = live_brokers(cluster);
    if let Some(unknown) = in_hash_order(brokers, |b| *b)
        .into_iter()
        .find(|b| !live.contains(b))
    {
        return Err(
            Thrown::new(ADMIN_COMMAND_FAILED, format!("Unknown broker id {unknown}")).into(),
        );
    }
    // `getReplicaAssignmentForPartitions`.
    let tps: Vec<TopicPartition> = targets.iter().map(|t| t.tp.clone()).collect();
    let topics = in_hash_order(
        dedup(tps.iter().map(|tp| tp.topic.clone()).collect()),
        |t| topic_hash(t),
    );
    let mut current: Vec<(TopicPartition, Vec<i32>)> = Vec::new();
    for topic in &topics {
        for (p, replicas) in topic_replicas(cluster, topic)?.into_iter().enumerate() {
            let tp = TopicPartition::new(topic, p as i32);
            if tps.contains(&tp) {
                current.push((tp, replicas));
            }
        }
    }
    if current.len() != tps.len() {
        let missing: Vec<TopicPartition> = tps
            .iter()
            .filter(|tp| !current.iter().any(|(c, _)| c == *tp))
            .cloned()
            .collect();
        let missing = in_hash_order(missing, |tp| {
            crate::cli::java_hash_map::topic_partition_hash(&tp.topic, tp.partition)
        });
        return Err(Thrown::execution(
            &crate::cli::configs::service::exception_class(ErrorCode::UnknownTopicOrPartition),
            &format!(
                "Unable to find partition: {}",
                missing
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .into());
    }
    // `currentPartitionReplicaAssignmentToString`.
    out.out("Current partition replica assignment");
    out.out("");
    out.out(json::format_as_reassignment_json(&current));
    out.out("");
    out.out("Save this to use as the --reassignment-json-file option during rollback");
    if throttle >= 0 || log_dir_throttle >= 0 {
        out.out(YOU_MUST_RUN_VERIFY_PERIODICALLY_MESSAGE);
        if throttle >= 0 {
            out.out(format!(
                "The inter-broker throttle limit was set to {throttle} B/s"
            ));
        }
        if log_dir_throttle >= 0 {
            out.out(format!(
                "The replica-alter-dir throttle limit was set to {log_dir_throttle} B/s"
            ));
        }
        out.err("kplay: replication throttles are not modelled: no throttle config was set, and the new replicas copy at full speed");
    }
    let requests: Vec<(TopicPartition, Option<Vec<i32>>)> = targets
        .iter()
        .map(|t| (t.tp.clone(), Some(t.replicas.clone())))
        .collect();
    let results = cluster.alter_partition_reassignments(&requests, now_ms);
    let mut errors: Vec<(TopicPartition, String)> = results
        .into_iter()
        .filter_map(|(tp, r)| r.err().map(|e| (tp, e.message)))
        .collect();
    if !errors.is_empty() {
        crate::sort::sort_by(&mut errors, |(a, _), (b, _)| {
            (&a.topic, a.partition).cmp(&(&b.topic, b.partition))
        });
        let lines: Vec<String> = errors.iter().map(|(tp, m)| format!("{tp}: {m}")).collect();
        return Err(Failure::Terse(format!(
            "Error reassigning partition(s):\n{}",
            lines.join("\n")
        )));
    }
    out.out(format!(
        "Successfully started partition reassignment{} for {}",
        if tps.len() == 1 { "" } else { "s" },
        sorted_names(&tps).join(",")
    ));
    Ok(())
}

/// `verifyAssignment`.
fn verify<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    json: &str,
    preserve_throttles: bool,
    out: &mut CommandOutput,
) -> Result<(), Failure> {
    let targets = json::parse_reassignment_data(json)?;
    refuse_log_dir_moves(&targets)?;
    let ongoing = cluster.list_partition_reassignments();
    // `findPartitionReassignmentStates`: (current replicas, target, done) per partition.
    let mut states: Vec<(TopicPartition, Vec<i32>, Vec<i32>, bool)> = Vec::new();
    for t in &targets {
        if let Some(r) = ongoing.iter().find(|r| r.tp == t.tp) {
            states.push((t.tp.clone(), r.replicas.clone(), t.replicas.clone(), false));
            continue;
        }
        let current = match cluster.registry().describe_topic(&t.tp.topic) {
            Err(_) => Vec::new(),
            Ok(m) => {
                let count = m.replicas.len();
                let p = t.tp.partition;
                if p >= 0 && (p as usize) < count {
                    m.replicas[p as usize].clone()
                } else if p >= 0 && p as usize == count {
                    // `partitions().size() < partition` lets this one through to
                    // `partitions().get(partition)`.
                    return Err(Thrown::new(
                        "java.lang.IndexOutOfBoundsException",
                        format!("Index {p} out of bounds for length {count}"),
                    )
                    .into());
                } else {
                    Vec::new()
                }
            }
        };
        states.push((t.tp.clone(), current, t.replicas.clone(), true));
    }
    crate::sort::sort_by(&mut states, |a, b| {
        (&a.0.topic, a.0.partition).cmp(&(&b.0.topic, b.0.partition))
    });
    states.dedup_by(|a, b| a.0 == b.0);
    out.out("Status of partition reassignment:");
    for (tp, current, target, done) in &states {
        if !done {
            out.out(format!(
                "Reassignment of partition {tp} is still in progress."
            ));
        } else if current == target {
            out.out(format!("Reassignment of partition {tp} is completed."));
        } else {
            out.out(format!(
                "There is no active reassignment of partition {tp}, but replica set is {} rather than {}.",
                join(current),
                join(target)
            ));
        }
    }
    // `replicaMoveStatesToString` of no moves.
    out.out("");
    if ongoing.is_empty() && !preserve_throttles {
        clear_all_throttles(cluster, &targets, out);
    }
    Ok(())
}

/// `clearAllThrottles`: what it prints (kplay has no throttle configs to delete).
fn clear_all_throttles<S: SegmentStorage>(
    cluster: &Cluster<S>,
    targets: &[TargetPartition],
    out: &mut CommandOutput,
) {
    let mut brokers = live_brokers(cluster);
    for t in targets {
        for r in &t.replicas {
            if !brokers.contains(r) {
                brokers.push(*r);
            }
        }
    }
    let brokers = in_hash_order(brokers, |b| *b);
    let topics = in_hash_order(
        dedup(targets.iter().map(|t| t.tp.topic.clone()).collect()),
        |t| topic_hash(t),
    );
    out.out(format!(
        "Clearing broker-level throttles on broker{} {}",
        if brokers.len() == 1 { "" } else { "s" },
        join(&brokers)
    ));
    out.out(format!(
        "Clearing topic-level throttles on topic{} {}",
        if topics.len() == 1 { "" } else { "s" },
        topics.join(",")
    ));
}

/// `cancelAssignment`.
fn cancel<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    json: &str,
    preserve_throttles: bool,
    now_ms: i64,
    out: &mut CommandOutput,
) -> Result<(), Failure> {
    let targets = json::parse_reassignment_data(json)?;
    refuse_log_dir_moves(&targets)?;
    // Kafka 4.0's Java port keeps a partition when `addingReplicas().isEmpty() ||
    // !removingReplicas().isEmpty()` (the Scala tool tested `!adding.isEmpty`): a
    // reassignment that only adds replicas is not cancelled. kplay does the same.
    let cancelling: Vec<TopicPartition> = cluster
        .list_partition_reassignments()
        .into_iter()
        .filter(|r| targets.iter().any(|t| t.tp == r.tp))
        .filter(|r| r.adding.is_empty() || !r.removing.is_empty())
        .map(|r| r.tp)
        .collect();
    if cancelling.is_empty() {
        out.out("None of the specified partition reassignments are active.");
    } else {
        let requests: Vec<(TopicPartition, Option<Vec<i32>>)> =
            cancelling.iter().map(|tp| (tp.clone(), None)).collect();
        let mut errors: Vec<(TopicPartition, String)> = cluster
            .alter_partition_reassignments(&requests, now_ms)
            .into_iter()
            .filter_map(|(tp, r)| r.err().map(|e| (tp, e.message)))
            .collect();
        if !errors.is_empty() {
            crate::sort::sort_by(&mut errors, |(a, _), (b, _)| {
                (&a.topic, a.partition).cmp(&(&b.topic, b.partition))
            });
            let lines: Vec<String> = errors.iter().map(|(tp, m)| format!("{tp}: {m}")).collect();
            return Err(Failure::Terse(format!(
                "Error cancelling partition reassignment{} for:\n{}",
                if errors.len() == 1 { "" } else { "s" },
                lines.join("\n")
            )));
        }
        out.out(format!(
            "Successfully cancelled partition reassignment{} for: {}",
            if cancelling.len() == 1 { "" } else { "s" },
            sorted_names(&cancelling).join(",")
        ));
    }
    // `System.out.print`: no line end, so what follows continues the line.
    let no_moves = "None of the specified partition moves are active.";
    if preserve_throttles {
        out.out(no_moves);
    } else {
        let mut throttles = CommandOutput::default();
        clear_all_throttles(cluster, &targets, &mut throttles);
        let mut lines = throttles.stdout.into_iter();
        out.out(format!("{no_moves}{}", lines.next().unwrap_or_default()));
        out.stdout.extend(lines);
    }
    Ok(())
}

/// `listReassignments`.
fn list<S: SegmentStorage>(cluster: &Cluster<S>, out: &mut CommandOutput) {
    let mut ongoing = cluster.list_partition_reassignments();
    if ongoing.is_empty() {
        out.out("No partition reassignments found.");
        return;
    }
    crate::sort::sort_by(&mut ongoing, |a, b| {
        (&a.tp.topic, a.tp.partition).cmp(&(&b.tp.topic, b.tp.partition))
    });
    out.out("Current partition reassignments:");
    for r in ongoing {
        let adding = if r.adding.is_empty() {
            String::new()
        } else {
            format!(" adding: {}.", join(&r.adding))
        };
        let removing = if r.removing.is_empty() {
            String::new()
        } else {
            format!(" removing: {}.", join(&r.removing))
        };
        out.out(format!(
            "{}: replicas: {}.{adding}{removing}",
            r.tp,
            join(&r.replicas)
        ));
    }
}

/// Partitions sorted by topic, then partition (`compareTopicPartitions`), as text.
fn sorted_names(tps: &[TopicPartition]) -> Vec<String> {
    let mut sorted: Vec<&TopicPartition> = tps.iter().collect();
    crate::sort::sort_by(&mut sorted, |a, b| {
        (&a.topic, a.partition).cmp(&(&b.topic, b.partition))
    });
    sorted.iter().map(ToString::to_string).collect()
}

fn join(ids: &[i32]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn dedup(mut items: Vec<String>) -> Vec<String> {
    let mut seen = Vec::new();
    items.retain(|i| {
        if seen.contains(i) {
            false
        } else {
            seen.push(i.clone());
            true
        }
    });
    items
}
