//! `kafka-console-producer.sh`: each line typed becomes a record, as Kafka 4.0's
//! `org.apache.kafka.tools.ConsoleProducer` with its `LineMessageReader` sends them.
//!
//! * The producer is a real client of the playground ([`Playground::create_producer`]): the
//!   profile's defaults, then `--producer.config`, then `--producer-property`, then the tool's
//!   own settings exactly as `producerProps()` merges them: `compression.type` from
//!   `--compression-codec` (always: `none` without the flag, `gzip` when it is given without a
//!   value, joptsimple's `withOptionalArg`), `client.id=console-producer` unless
//!   given, and `linger.ms` 1000, `acks` -1 (Kafka 2.5's tool: 1), `request.timeout.ms` 1500,
//!   `retries` 3, `retry.backoff.ms` 100, `batch.size` 16384, `buffer.memory` 32 MiB and
//!   `max.block.ms` 60000 when the flag is given or the config is not
//!   (`CommandLineUtils.maybeMergeOptions`). `bootstrap.servers`, the serializers,
//!   `send.buffer.bytes` and `metadata.max.age.ms` have nothing to act on in the playground
//!   and are not passed on.
//! * After the command, every line is a record until `exit` or an empty line (kplay's way to
//!   end standard input; Kafka sends an empty line as an empty record and stops at end of
//!   input), or Ctrl-D / Ctrl-C in the terminal. Lines are sent at the moment they are read;
//!   the session's end closes the producer (`close()` flushes and waits for every result),
//!   which lets simulated time pass until the last answer.
//! * Success prints nothing, as in Kafka. A failed record prints `ErrorLoggingCallback`'s
//!   ERROR line and the exception; a line the reader cannot parse, a bad config or a refused
//!   `send` ends the tool with the exception on stderr and status 1 (Kafka also prints the
//!   stack trace; kplay prints its first line).
//! * `--sync` waits for each record's result before reading the next line (`send().get()`);
//!   a failure then ends the tool with `java.util.concurrent.ExecutionException`.

pub mod line_reader;
pub mod options;

use crate::cli::get_offsets::validate_bootstrap_server;
use crate::cli::java_properties;
use crate::cli::joptsimple;
use crate::cli::log4j;
use crate::cli::output::CommandOutput;
use crate::cli::topics::{version_line, Failure};
use crate::cli::vfs::Files;
use crate::engine::playground::{Playground, PlaygroundError, ProducerId};
use crate::engine::producer::delivery::DeliveryResult;
use crate::engine::producer::error::ProducerError;
use crate::engine::producer::record::{ProducerRecord, RecordId};
use crate::storage::SegmentStorage;
use line_reader::LineReader;
use options::*;

/// `maybePrintHelpOrVersion`'s message.
pub const HELP_MESSAGE: &str =
    "This tool helps to read data from standard input and publish it to Kafka.";

/// The logger `ErrorLoggingCallback` writes to.
const CALLBACK_LOGGER: &str = "org.apache.kafka.clients.producer.internals.ErrorLoggingCallback";

/// Producer configs the tool sets that the playground's producer has no use for.
const NOT_PASSED_ON: &[&str] = &[
    "bootstrap.servers",
    "key.serializer",
    "value.serializer",
    "send.buffer.bytes",
    "metadata.max.age.ms",
];

/// A running console producer: the lines after the command are its standard input.
#[derive(Debug, Clone)]
pub struct ConsoleProducer {
    producer: ProducerId,
    topic: String,
    reader: LineReader,
    sync: bool,
}

/// The fully qualified class of a producer exception, as `Throwable.toString` names it.
pub fn exception_class(simple: &str) -> String {
    match simple {
        "IllegalStateException" | "IllegalArgumentException" => format!("java.lang.{simple}"),
        "KafkaException" => "org.apache.kafka.common.KafkaException".to_owned(),
        "ConfigException" => "org.apache.kafka.common.config.ConfigException".to_owned(),
        "BufferExhaustedException" => {
            "org.apache.kafka.clients.producer.BufferExhaustedException".to_owned()
        }
        other => format!("org.apache.kafka.common.errors.{other}"),
    }
}

fn producer_exception(e: &ProducerError) -> String {
    format!("{}: {}", exception_class(&e.exception), e.message)
}

fn playground_exception(e: &PlaygroundError) -> String {
    match e {
        PlaygroundError::Producer(p) => producer_exception(p),
        PlaygroundError::Config(c) => format!("{}: {c}", exception_class("ConfigException")),
        other => format!("{}: {other}", exception_class("KafkaException")),
    }
}

fn size_text(size: i32) -> String {
    if size < 0 {
        "null".to_owned()
    } else {
        format!("{size} bytes")
    }
}

/// `ErrorLoggingCallback.onCompletion` for a failed record (`logAsString` false: sizes only).
fn report_failure(result: &DeliveryResult, now_ms: i64, out: &mut CommandOutput) {
    let Some(error) = &result.error else {
        return;
    };
    out.err(log4j::line(
        now_ms,
        "ERROR",
        &format!(
            "Error when sending message to topic {} with key: {}, value: {} with error:",
            result.topic,
            size_text(result.serialized_key_size),
            size_text(result.serialized_value_size)
        ),
        CALLBACK_LOGGER,
    ));
    out.err(producer_exception(error));
}

/// Starts the tool: `Ok` is a producer waiting for lines; `Err` is the tool's whole output
/// when it ends at once (`--help`, `--version`, a usage error, a bad config).
pub fn start<S: SegmentStorage>(
    playground: &mut Playground<S>,
    args: &[String],
    files: Files<'_>,
    now_ms: i64,
) -> Result<ConsoleProducer, CommandOutput> {
    let profile = playground.profile();
    let mut out = CommandOutput::default();
    match configure(playground, args, files, now_ms, &mut out) {
        Ok(Some(session)) => return Ok(session),
        Ok(None) => {}
        Err(Failure::Usage(message)) => {
            out.stderr.extend(message.split('\n').map(String::from));
            out.stderr.extend(joptsimple::optional_args_in_brackets(
                joptsimple::help_screen(&help_options(profile)),
                OPTIONAL_ARG,
            ));
            out.exit_code = 1;
        }
        Err(Failure::IllegalArgument(message) | Failure::Exception(message)) => {
            out.err(message);
            out.exit_code = 1;
        }
    }
    Err(out)
}

fn jopt(e: crate::cli::flags::FlagError) -> Failure {
    Failure::Usage(joptsimple::message(&e))
}

/// `ConsoleProducerConfig` then `new KafkaProducer(producerProps())`.
fn configure<S: SegmentStorage>(
    playground: &mut Playground<S>,
    args: &[String],
    files: Files<'_>,
    now_ms: i64,
    out: &mut CommandOutput,
) -> Result<Option<ConsoleProducer>, Failure> {
    let words = joptsimple::normalise_optional_args(SPECS, OPTIONAL_ARG, args);
    let flags = joptsimple::parse(SPECS, &words).map_err(jopt)?.flags;
    if !flags.has(BOOTSTRAP_SERVER.name) && !flags.has(BROKER_LIST.name) {
        // joptsimple's `requiredUnless("broker-list")`, checked while parsing.
        return Err(Failure::Usage(format!(
            "Missing required option(s) [{}]",
            BOOTSTRAP_SERVER.name
        )));
    }
    if args.is_empty() || flags.has(HELP.name) {
        return Err(Failure::Usage(HELP_MESSAGE.into()));
    }
    if flags.has(VERSION.name) {
        out.out(version_line());
        return Ok(None);
    }
    let Some(topic) = flags.value(&TOPIC).map_err(jopt)? else {
        return Err(Failure::Usage(format!(
            "Missing required argument \"{}\"",
            joptsimple::spec_string(TOPIC.name)
        )));
    };
    let bootstrap = match flags.value(&BOOTSTRAP_SERVER).map_err(jopt)? {
        Some(b) => b,
        None => flags.value(&BROKER_LIST).map_err(jopt)?.unwrap_or_default(),
    };
    validate_bootstrap_server(bootstrap)?;

    let reader_class = flags
        .value(&LINE_READER)
        .map_err(jopt)?
        .unwrap_or(LINE_MESSAGE_READER);
    if reader_class != LINE_MESSAGE_READER {
        return Err(Failure::Exception(format!(
            "java.lang.ClassNotFoundException: {reader_class}"
        )));
    }
    let mut reader_props = match flags.value(&READER_CONFIG).map_err(jopt)? {
        Some(path) => java_properties::load(&files, path).map_err(Failure::Exception)?,
        None => Vec::new(),
    };
    java_properties::put(&mut reader_props, "topic", topic);
    for (k, v) in java_properties::parse_key_value_args(flags.values(PROPERTY.name)) {
        java_properties::put(&mut reader_props, &k, &v);
    }
    let reader = LineReader::configure(&reader_props)
        .map_err(|m| Failure::Exception(format!("org.apache.kafka.common.KafkaException: {m}")))?;

    // `producerProps()`.
    let mut props = match flags.value(&PRODUCER_CONFIG).map_err(jopt)? {
        Some(path) => java_properties::load(&files, path).map_err(Failure::Exception)?,
        None => Vec::new(),
    };
    for (k, v) in java_properties::parse_key_value_args(flags.values(PRODUCER_PROPERTY.name)) {
        java_properties::put(&mut props, &k, &v);
    }
    java_properties::put(&mut props, "bootstrap.servers", bootstrap);
    // `compressionCodec()`: given without a value (or an empty one), gzip.
    let codec = if flags.has(COMPRESSION_CODEC.name) {
        match joptsimple::optional_value(&flags, &COMPRESSION_CODEC).map_err(jopt)? {
            Some(v) if !v.is_empty() => v.to_owned(),
            _ => "gzip".to_owned(),
        }
    } else {
        "none".to_owned()
    };
    java_properties::put(&mut props, "compression.type", &codec);
    if !props.iter().any(|(k, _)| k == "client.id") {
        java_properties::put(&mut props, "client.id", "console-producer");
    }
    for (spec, key, default) in merged_producer_options(playground.profile()) {
        if flags.has(spec.name) || !props.iter().any(|(k, _)| k == key) {
            let value = flags.value(&spec).map_err(jopt)?.unwrap_or(default);
            java_properties::put(&mut props, key, value);
        }
    }
    let configs: Vec<(&str, &str)> = props
        .iter()
        .filter(|(k, _)| !NOT_PASSED_ON.contains(&k.as_str()))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let producer = playground
        .create_producer(&configs, now_ms)
        .map_err(|e| Failure::Exception(playground_exception(&e)))?;
    Ok(Some(ConsoleProducer {
        producer,
        topic: topic.to_owned(),
        reader,
        sync: flags.has(SYNC.name),
    }))
}

impl ConsoleProducer {
    /// The playground producer behind the tool.
    pub fn producer(&self) -> ProducerId {
        self.producer
    }

    pub fn topic(&self) -> &str {
        &self.topic
    }

    /// One line of standard input. `Err` ends the tool (the producer is closed) with this
    /// output.
    pub fn line<S: SegmentStorage>(
        &mut self,
        playground: &mut Playground<S>,
        line: &str,
        now_ms: i64,
    ) -> Result<CommandOutput, CommandOutput> {
        let record = match self.reader.read(line) {
            Ok(r) => r,
            Err(message) => {
                return Err(self.fail(
                    playground,
                    now_ms,
                    format!("org.apache.kafka.common.KafkaException: {message}"),
                ))
            }
        };
        let record = ProducerRecord {
            topic: self.topic.clone(),
            partition: None,
            key: record.key,
            value: record.value,
            headers: record.headers,
            timestamp_ms: None,
        };
        let id = match playground.send(self.producer, record, now_ms) {
            Ok(id) => id,
            Err(e) => return Err(self.fail(playground, now_ms, playground_exception(&e))),
        };
        if self.sync {
            return self.wait_for(playground, id);
        }
        Ok(self.poll(playground))
    }

    /// `send(record).get()`: lets time pass until this record has its result.
    fn wait_for<S: SegmentStorage>(
        &mut self,
        playground: &mut Playground<S>,
        id: RecordId,
    ) -> Result<CommandOutput, CommandOutput> {
        if let Err(e) = playground.flush_producer(self.producer) {
            return Err(CommandOutput::failure(playground_exception(&e)));
        }
        loop {
            while let Some(result) = playground.poll_delivery(self.producer) {
                if result.record_id != id {
                    continue;
                }
                return match result.error {
                    None => Ok(CommandOutput::default()),
                    Some(e) => {
                        let now = playground.now_ms();
                        Err(self.fail(
                            playground,
                            now,
                            format!(
                                "java.util.concurrent.ExecutionException: {}",
                                producer_exception(&e)
                            ),
                        ))
                    }
                };
            }
            match playground.poll_timeout() {
                Some(due_ms) => playground.handle_timeout(due_ms),
                None => return Ok(CommandOutput::default()),
            }
        }
    }

    /// Results that arrived since the last call: `ErrorLoggingCallback` lines for failures.
    pub fn poll<S: SegmentStorage>(&mut self, playground: &mut Playground<S>) -> CommandOutput {
        let mut out = CommandOutput::default();
        let now = playground.now_ms();
        while let Some(result) = playground.poll_delivery(self.producer) {
            report_failure(&result, now, &mut out);
        }
        out
    }

    /// End of input: `close()` waits for every record's result.
    pub fn finish<S: SegmentStorage>(
        &mut self,
        playground: &mut Playground<S>,
        now_ms: i64,
    ) -> CommandOutput {
        let mut out = self.poll(playground);
        let closed = playground.close_producer(self.producer, now_ms);
        let rest = self.poll(playground);
        out.stderr.extend(rest.stderr);
        if let Err(e) = closed {
            out.err(format!("kplay: {e}"));
            out.exit_code = 1;
        }
        out
    }

    fn fail<S: SegmentStorage>(
        &mut self,
        playground: &mut Playground<S>,
        now_ms: i64,
        exception: String,
    ) -> CommandOutput {
        // The exception reaches `start`'s catch-all, which prints it; the shutdown hook then
        // closes the producer, so what was sent is still delivered.
        let mut out = CommandOutput::default();
        out.err(exception);
        let finished = self.finish(playground, now_ms);
        out.stderr.extend(finished.stderr);
        out.exit_code = 1;
        out
    }
}
