//! `kafka-console-consumer.sh`: a real playground consumer whose records are printed as
//! Kafka 4.0's `org.apache.kafka.tools.consumer.ConsoleConsumer` prints them.
//!
//! * Configs: the profile's consumer defaults, then `--consumer.config`, then
//!   `--consumer-property`, then the tool's own (`ConsoleConsumerOptions.buildConsumerProps`):
//!   `auto.offset.reset` from `--from-beginning` (`earliest`, else `latest`) unless set, and
//!   refused when it contradicts `--from-beginning`; `client.id=console-consumer` unless set;
//!   `isolation.level` from `--isolation-level`; without a group, `group.id` is
//!   `console-consumer-<n>` with `n` below 100000 drawn from the playground's seed (Kafka draws
//!   it from `java.util.Random`) and `enable.auto.commit=false` unless set.
//! * `--topic` subscribes (with the group); `--topic --partition` assigns that partition and
//!   seeks to `--offset` (`earliest`, `latest` — the default — or a number); `--include`
//!   subscribes to a Java regex.
//! * Records are printed by `DefaultMessageFormatter` ([`formatter`]); at the end
//!   `Processed a total of N messages` goes to stderr, as in Kafka.
//! * When it ends: `--max-messages` records printed (the rest of a poll are given back:
//!   `resetUnconsumedOffsets` seeks to the first unprinted offset so auto-commit does not skip
//!   them), `--timeout-ms` of simulated time without a record (Kafka's `TimeoutException`,
//!   logged by `ConsoleConsumer`), Ctrl-C in the terminal. In a script (the native binary)
//!   a consumer with neither limit stops once it has caught up: every assigned partition read
//!   to its high watermark (its last stable offset under `read_committed`), or after
//!   [`SCRIPT_IDLE_LIMIT_MS`] without a record when it never gets an assignment. `close()`
//!   commits (with auto-commit) and leaves the group before the count is printed.

pub mod formatter;
pub mod options;

use std::collections::BTreeMap;

use crate::cli::get_offsets::validate_bootstrap_server;
use crate::cli::java_properties;
use crate::cli::jobs::Jobs;
use crate::cli::joptsimple;
use crate::cli::log4j;
use crate::cli::output::CommandOutput;
use crate::cli::topics::{version_line, Failure};
use crate::cli::vfs::Files;
use crate::engine::consumer::record::ConsumerRecord;
use crate::engine::playground::{ConsumerId, Playground, PlaygroundError};
use crate::engine::record::TimestampType;
use crate::engine::rng::Rng;
use crate::engine::topic_partition::TopicPartition;
use crate::storage::SegmentStorage;
use formatter::{FormattedRecord, MessageFormatter};
use options::*;

/// `maybePrintHelpOrVersion`'s message.
pub const HELP_MESSAGE: &str =
    "This tool helps to read data from Kafka topics and outputs it to standard output.";

/// In a script, how long a consumer without `--max-messages` or `--timeout-ms` waits for a
/// record when it never catches up (no assignment, for one): a script must end.
pub const SCRIPT_IDLE_LIMIT_MS: i64 = 30_000;

/// How long `close()` waits for its final commit (`DEFAULT_CLOSE_TIMEOUT_MS`).
const CLOSE_TIMEOUT_MS: i64 = 30_000;

const LOGGER: &str = "org.apache.kafka.tools.consumer.ConsoleConsumer";

/// Consumer configs the tool sets that the playground's consumer has no use for.
const NOT_PASSED_ON: &[&str] = &[
    "bootstrap.servers",
    "key.deserializer",
    "value.deserializer",
];

/// A running console consumer.
#[derive(Debug, Clone)]
pub struct ConsoleConsumer {
    consumer: ConsumerId,
    formatter: MessageFormatter,
    /// `--max-messages`.
    max_messages: Option<u64>,
    /// `--timeout-ms`.
    timeout_ms: Option<i64>,
    message_count: u64,
    /// When the last record came (or the tool started): the `--timeout-ms` clock.
    last_record_ms: i64,
    read_committed: bool,
}

/// Whether the tool goes on after a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Running,
    /// It ended (limit reached or timed out): finish it.
    Done,
}

fn jopt(e: crate::cli::flags::FlagError) -> Failure {
    Failure::Usage(joptsimple::message(&e))
}

fn exception(e: &PlaygroundError) -> String {
    match e {
        PlaygroundError::Consumer(c) => {
            format!(
                "org.apache.kafka.common.errors.{}: {}",
                c.exception, c.message
            )
        }
        PlaygroundError::Config(c) => {
            format!("org.apache.kafka.common.config.ConfigException: {c}")
        }
        other => format!("org.apache.kafka.common.KafkaException: {other}"),
    }
}

/// Where the tool reads from.
enum Source {
    Topic(String),
    Partition { tp: TopicPartition, offset: Offset },
    Include(String),
}

#[derive(Clone, Copy)]
enum Offset {
    Earliest,
    Latest,
    At(i64),
}

/// Starts the tool: `Ok` is a consumer to step; `Err` is the whole output when it ends at once.
pub fn start<S: SegmentStorage>(
    playground: &mut Playground<S>,
    args: &[String],
    files: Files<'_>,
    now_ms: i64,
) -> Result<ConsoleConsumer, CommandOutput> {
    let mut out = CommandOutput::default();
    match configure(playground, args, files, now_ms, &mut out) {
        Ok(Some(c)) => return Ok(c),
        Ok(None) => {}
        Err(Failure::Usage(message)) => {
            out.stderr.extend(message.split('\n').map(String::from));
            out.stderr.extend(joptsimple::help_screen(&help_options()));
            out.exit_code = 1;
        }
        Err(Failure::IllegalArgument(message) | Failure::Exception(message)) => {
            out.err(message);
            out.exit_code = 1;
        }
    }
    Err(out)
}

fn configure<S: SegmentStorage>(
    playground: &mut Playground<S>,
    args: &[String],
    files: Files<'_>,
    now_ms: i64,
    out: &mut CommandOutput,
) -> Result<Option<ConsoleConsumer>, Failure> {
    let flags = joptsimple::parse(SPECS, args).map_err(jopt)?.flags;
    if args.is_empty() || flags.has(HELP.name) {
        return Err(Failure::Usage(HELP_MESSAGE.into()));
    }
    if flags.has(VERSION.name) {
        out.out(version_line());
        return Ok(None);
    }
    // `checkRequiredArgs`.
    let topic = flags.value(&TOPIC).map_err(jopt)?;
    let include = flags.value(&INCLUDE).map_err(jopt)?;
    if topic.is_some() == include.is_some() {
        return Err(Failure::Usage(
            "Exactly one of the following arguments is required: [topic], [include]".into(),
        ));
    }
    let partition: Option<i32> = match flags.value(&PARTITION).map_err(jopt)? {
        Some(p) => Some(p.parse().map_err(|_| {
            Failure::Usage(format!("Cannot parse argument '{p}' of option partition"))
        })?),
        None => None,
    };
    let from_beginning = flags.has(FROM_BEGINNING.name);
    if partition.is_some() {
        if topic.is_none() {
            return Err(Failure::Usage(
                "The topic is required when partition is specified.".into(),
            ));
        }
        if from_beginning && flags.has(OFFSET.name) {
            return Err(Failure::Usage(
                "Options from-beginning and offset cannot be specified together.".into(),
            ));
        }
    } else if flags.has(OFFSET.name) {
        return Err(Failure::Usage(
            "The partition is required when offset is specified.".into(),
        ));
    }
    let Some(bootstrap) = flags.value(&BOOTSTRAP_SERVER).map_err(jopt)? else {
        return Err(Failure::Usage(format!(
            "Missing required argument \"{}\"",
            joptsimple::spec_string(BOOTSTRAP_SERVER.name)
        )));
    };

    // `checkConsumerGroup`.
    let from_file = match flags.value(&CONSUMER_CONFIG).map_err(jopt)? {
        Some(path) => java_properties::load(&files, path).map_err(Failure::Exception)?,
        None => Vec::new(),
    };
    let extra = java_properties::parse_key_value_args(flags.values(CONSUMER_PROPERTY.name));
    let mut group_ids: Vec<String> = Vec::new();
    for g in [
        flags.value(&GROUP).map_err(jopt)?.map(str::to_owned),
        java_properties::get(&from_file, "group.id").map(str::to_owned),
        java_properties::get(&extra, "group.id").map(str::to_owned),
    ]
    .into_iter()
    .flatten()
    {
        if !group_ids.contains(&g) {
            group_ids.push(g);
        }
    }
    if group_ids.len() > 1 {
        return Err(Failure::Usage(format!(
            "The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer.config') do not match. Detected group ids: {}",
            group_ids.iter().map(|g| format!("'{g}'")).collect::<Vec<_>>().join(", ")
        )));
    }
    if !group_ids.is_empty() && partition.is_some() {
        return Err(Failure::Usage(
            "Options group and partition cannot be specified together.".into(),
        ));
    }

    // `buildConsumerProps`.
    let mut props = from_file;
    for (k, v) in extra {
        java_properties::put(&mut props, &k, &v);
    }
    match java_properties::get(&props, "auto.offset.reset") {
        Some(reset) if from_beginning && reset != "earliest" => {
            return Err(Failure::Exception(format!(
                "Can't simultaneously specify --from-beginning and 'auto.offset.reset={reset}', please remove one option"
            )));
        }
        Some(_) => {}
        None => java_properties::put(
            &mut props,
            "auto.offset.reset",
            if from_beginning { "earliest" } else { "latest" },
        ),
    }
    validate_bootstrap_server(bootstrap)?;
    java_properties::put(&mut props, "bootstrap.servers", bootstrap);
    if java_properties::get(&props, "client.id").is_none() {
        java_properties::put(&mut props, "client.id", "console-consumer");
    }
    if flags.has(ISOLATION_LEVEL.name) || java_properties::get(&props, "isolation.level").is_none()
    {
        let level = flags
            .value(&ISOLATION_LEVEL)
            .map_err(jopt)?
            .unwrap_or("read_uncommitted");
        java_properties::put(&mut props, "isolation.level", level);
    }
    match group_ids.pop() {
        Some(g) => java_properties::put(&mut props, "group.id", &g),
        None => {
            let n = Rng::new(playground.seed() ^ now_ms as u64).next_u64() % 100_000;
            java_properties::put(&mut props, "group.id", &format!("console-consumer-{n}"));
            if java_properties::get(&props, "enable.auto.commit").is_none() {
                java_properties::put(&mut props, "enable.auto.commit", "false");
            }
        }
    }

    // `parseOffset`.
    let offset = match flags.value(&OFFSET).map_err(jopt)? {
        Some(v) => match v.to_ascii_lowercase().as_str() {
            "earliest" => Offset::Earliest,
            "latest" => Offset::Latest,
            _ => match v.parse::<i64>() {
                Ok(o) if o >= 0 => Offset::At(o),
                _ => {
                    return Err(Failure::Usage(format!(
                        "The provided offset value '{v}' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long."
                    )))
                }
            },
        },
        None if from_beginning => Offset::Earliest,
        None => Offset::Latest,
    };
    let max_messages: Option<u64> = match flags.value(&MAX_MESSAGES).map_err(jopt)? {
        Some(v) => match v.parse::<i64>() {
            Ok(n) if n >= 0 => Some(n as u64),
            // `maxMessages == -1` or below means no limit in `process`.
            Ok(_) => None,
            Err(_) => {
                return Err(Failure::Usage(format!(
                    "Cannot parse argument '{v}' of option max-messages"
                )))
            }
        },
        None => None,
    };
    let timeout_ms: Option<i64> = match flags.value(&TIMEOUT_MS).map_err(jopt)? {
        Some(v) => match v.parse::<i64>() {
            Ok(t) if t >= 0 => Some(t),
            Ok(_) => None,
            Err(_) => {
                return Err(Failure::Usage(format!(
                    "Cannot parse argument '{v}' of option timeout-ms"
                )))
            }
        },
        None => None,
    };

    // `buildFormatter`.
    let formatter_class = flags
        .value(&FORMATTER)
        .map_err(jopt)?
        .unwrap_or(DEFAULT_MESSAGE_FORMATTER);
    if formatter_class != DEFAULT_MESSAGE_FORMATTER {
        return Err(Failure::Usage(formatter_class.to_owned()));
    }
    let mut formatter_props = match flags.value(&FORMATTER_CONFIG).map_err(jopt)? {
        Some(path) => java_properties::load(&files, path).map_err(Failure::Exception)?,
        None => Vec::new(),
    };
    for (k, v) in java_properties::parse_key_value_args(flags.values(PROPERTY.name)) {
        java_properties::put(&mut formatter_props, &k, &v);
    }
    let formatter = MessageFormatter::configure(&formatter_props);

    // `new KafkaConsumer(consumerProps)`, then the `ConsumerWrapper`.
    let read_committed = java_properties::get(&props, "isolation.level") == Some("read_committed");
    let configs: Vec<(&str, &str)> = props
        .iter()
        .filter(|(k, _)| !NOT_PASSED_ON.contains(&k.as_str()))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let consumer = playground
        .create_consumer(&configs, now_ms)
        .map_err(|e| Failure::Exception(exception(&e)))?;
    let source = match (topic, partition, include) {
        (Some(t), Some(p), _) => Source::Partition {
            tp: TopicPartition::new(t, p),
            offset,
        },
        (Some(t), None, _) => Source::Topic(t.to_owned()),
        (None, _, Some(pattern)) => Source::Include(pattern.to_owned()),
        (None, _, None) => unreachable!("exactly one of --topic and --include was checked above"),
    };
    let started = match source {
        Source::Topic(t) => playground.subscribe(consumer, &[t.as_str()], now_ms),
        Source::Include(pattern) => playground.subscribe_pattern(consumer, &pattern, now_ms),
        Source::Partition { tp, offset } => playground
            .assign(consumer, std::slice::from_ref(&tp), now_ms)
            .and_then(|()| {
                playground.with_consumer(consumer, now_ms, |c, now| match offset {
                    Offset::Earliest => c.seek_to_beginning(std::slice::from_ref(&tp), now),
                    Offset::Latest => c.seek_to_end(std::slice::from_ref(&tp), now),
                    Offset::At(o) => c.seek(&tp, o, now),
                })
            }),
    };
    started.map_err(|e| Failure::Exception(exception(&e)))?;
    Ok(Some(ConsoleConsumer {
        consumer,
        formatter,
        max_messages,
        timeout_ms,
        message_count: 0,
        last_record_ms: playground.now_ms(),
        read_committed,
    }))
}

impl ConsoleConsumer {
    /// The playground consumer behind the tool.
    pub fn consumer(&self) -> ConsumerId {
        self.consumer
    }

    fn limit_reached(&self) -> bool {
        self.max_messages.is_some_and(|m| self.message_count >= m)
    }

    /// One `poll()` at the playground's time: prints what came, gives back what is beyond
    /// `--max-messages`, and checks `--timeout-ms`.
    pub fn step<S: SegmentStorage>(
        &mut self,
        playground: &mut Playground<S>,
        out: &mut CommandOutput,
    ) -> Progress {
        if self.limit_reached() {
            return Progress::Done;
        }
        let now = playground.now_ms();
        let records = match playground.poll(self.consumer, now) {
            Ok(r) => r,
            Err(e) => {
                self.log_error(now, &exception(&e), out);
                return Progress::Done;
            }
        };
        if !records.is_empty() {
            self.last_record_ms = now;
        }
        let mut unconsumed: BTreeMap<TopicPartition, i64> = BTreeMap::new();
        for record in records {
            if self.limit_reached() {
                unconsumed
                    .entry(record.topic_partition())
                    .or_insert(record.offset);
                continue;
            }
            self.print(playground, &record, out);
            self.message_count += 1;
        }
        // `resetUnconsumedOffsets`: what was fetched but not printed is read again later.
        for (tp, offset) in unconsumed {
            let _ = playground.with_consumer(self.consumer, now, |c, now| c.seek(&tp, offset, now));
        }
        if self.limit_reached() {
            return Progress::Done;
        }
        if let Some(timeout) = self.timeout_ms {
            if now - self.last_record_ms >= timeout {
                // `ConsumerWrapper.receive` throws a bare `TimeoutException`.
                self.log_error(now, "org.apache.kafka.common.errors.TimeoutException", out);
                return Progress::Done;
            }
        }
        Progress::Running
    }

    fn log_error(&self, now_ms: i64, exception: &str, out: &mut CommandOutput) {
        out.err(log4j::line(
            now_ms,
            "ERROR",
            "Error processing message, terminating consumer process: ",
            LOGGER,
        ));
        out.err(exception);
    }

    fn print<S: SegmentStorage>(
        &self,
        playground: &Playground<S>,
        record: &ConsumerRecord,
        out: &mut CommandOutput,
    ) {
        let timestamp_type =
            playground
                .cluster()
                .log(&record.topic_partition())
                .map(|log| match log.config().message_timestamp_type {
                    TimestampType::CreateTime => "CreateTime",
                    TimestampType::LogAppendTime => "LogAppendTime",
                });
        let text = self.formatter.format(&FormattedRecord {
            timestamp_type,
            timestamp_ms: record.timestamp_ms,
            partition: record.partition,
            offset: record.offset,
            key: record.key.as_deref(),
            value: record.value.as_deref(),
            headers: &record.headers,
        });
        let text = text.strip_suffix('\n').unwrap_or(&text);
        out.stdout.extend(text.split('\n').map(str::to_owned));
    }

    /// Whether every assigned partition has been read to its end (HW, or LSO under
    /// `read_committed`) and nothing fetched waits to be printed.
    fn caught_up<S: SegmentStorage>(&self, playground: &Playground<S>) -> bool {
        let Some(consumer) = playground.consumer(self.consumer) else {
            return true;
        };
        let assignment = consumer.assignment();
        !assignment.is_empty()
            && assignment.iter().all(|tp| {
                let Some(log) = playground.cluster().log(tp) else {
                    return true;
                };
                let end = if self.read_committed {
                    log.lso()
                } else {
                    log.hw()
                };
                matches!(consumer.position(tp), Ok(Some(p)) if p >= end)
            })
    }

    /// Runs the tool to its end on the simulated clock (a script's way): steps at every moment
    /// something falls due until a limit, a timeout, or (with neither) catching up.
    pub fn run_to_end<S: SegmentStorage>(
        &mut self,
        playground: &mut Playground<S>,
        jobs: &mut Jobs,
    ) -> CommandOutput {
        let mut out = CommandOutput::default();
        loop {
            if self.step(playground, &mut out) == Progress::Done {
                break;
            }
            let now = playground.now_ms();
            let unlimited = self.max_messages.is_none() && self.timeout_ms.is_none();
            if unlimited
                && (self.caught_up(playground) || now - self.last_record_ms >= SCRIPT_IDLE_LIMIT_MS)
            {
                break;
            }
            let deadline = self
                .timeout_ms
                .map(|t| self.last_record_ms + t)
                .unwrap_or(self.last_record_ms + SCRIPT_IDLE_LIMIT_MS);
            let next = [playground.poll_timeout(), jobs.next_due_ms()]
                .into_iter()
                .flatten()
                .min()
                .map_or(deadline, |due| due.min(deadline))
                .max(now);
            jobs.pass_time(playground, if next == now { now + 1 } else { next });
        }
        let finished = self.finish(playground);
        out.stdout.extend(finished.stdout);
        out.stderr.extend(finished.stderr);
        out
    }

    /// `cleanup()` then `reportRecordCount()`: closes the consumer (its last auto-commit and
    /// LeaveGroup go out and are waited for) and prints the count.
    pub fn finish<S: SegmentStorage>(&mut self, playground: &mut Playground<S>) -> CommandOutput {
        let mut out = CommandOutput::default();
        let now = playground.now_ms();
        let commits = playground
            .consumer(self.consumer)
            .is_some_and(|c| c.group().is_some() && c.config().enable_auto_commit);
        if let Err(e) = playground.close_consumer(self.consumer, now) {
            out.err(format!("kplay: {e}"));
        }
        if commits {
            let deadline = now + CLOSE_TIMEOUT_MS;
            while playground.poll_commit_result(self.consumer).is_none() {
                match playground.poll_timeout() {
                    Some(due) if due <= deadline => playground.handle_timeout(due),
                    _ => break,
                }
            }
        }
        out.err(format!(
            "Processed a total of {} messages",
            self.message_count
        ));
        out
    }
}
