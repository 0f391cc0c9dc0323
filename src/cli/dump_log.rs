//! `kafka-dump-log.sh --files <path>[,<path>…]`: a segment's `.log`, `.index` or `.timeindex`
//! file, printed as Kafka's `kafka.tools.DumpLogSegments` (Kafka 4.0) prints it.
//!
//! A path names a file of the broker's log directory the way Kafka lays it out:
//! `<any directory>/<topic>-<partition>/<base offset, 20 digits>.log` (or `.index`,
//! `.timeindex`), e.g. `/var/lib/kafka/data/orders-0/00000000000000000000.log`; the file is
//! read from the cluster's segment storage (`segments` lists them). Everything else follows
//! the tool:
//! * `Dumping <file>` per path (`java.io.File`'s text: repeated and trailing `/` dropped), then
//!   the file's dump (see [`log_dump`] and [`index_dump`]); an unknown suffix prints
//!   `Ignoring unknown file <file>` on stderr;
//! * after all files, the problems found, on stderr: index entries that do not match the log,
//!   time index mismatches, non-consecutive offsets;
//! * `main` catches nothing: a missing file (`java.nio.file.NoSuchFileException: <path>`), a
//!   joptsimple error or a malformed name ends the run with the JVM's
//!   `Exception in thread "main" <class>: <message>` on stderr, status 1 (Kafka then prints the
//!   stack trace; kplay prints the first line), after what was already printed;
//! * no argument, `--help` and a missing `--files` print their message and the help screen on
//!   stderr, status 1.
//!
//! The decoders of internal topics (`--offsets-decoder`, `--transaction-log-decoder`,
//! `--cluster-metadata-decoder`, `--remote-log-metadata-decoder`) and decoder classes other
//! than `StringDecoder` are refused with a kplay message. kplay has no working directory: a
//! file Kafka reports by its absolute path (in the problem summaries) is shown as given.

pub mod index_dump;
pub mod log_dump;
pub mod options;

use crate::cli::flags::FlagSpec;
use crate::cli::joptsimple;
use crate::cli::output::CommandOutput;
use crate::cli::topics::version_line;
use crate::engine::cluster::Cluster;
use crate::storage::{FileKind, SegmentFile, SegmentStorage};
use options::*;

/// `maybePrintHelpOrVersion`'s message.
pub const HELP_MESSAGE: &str = "This tool helps to parse a log file and dump its contents to the console, useful for debugging a seemingly corrupt log segment.";

/// How a run ends early.
pub enum Failure {
    /// `printUsageAndExit`.
    Usage(String),
    /// An uncaught exception, `class: message`.
    Uncaught(String),
    /// A kplay refusal (a feature kplay does not model).
    Kplay(String),
}

/// What the dump found wrong, printed on stderr after every file (`DumpLogSegments.main`).
#[derive(Default)]
pub struct Problems {
    /// Per index file: (index offset, log offset), newest first as Scala's `::=` builds it.
    pub index_mismatches: Vec<(String, Vec<(i64, i64)>)>,
    /// `TimeIndexDumpErrors`.
    pub time_mismatches: Vec<(String, Vec<(i64, i64)>)>,
    pub time_out_of_order: Vec<(String, Vec<(i64, i64)>)>,
    pub shallow_offset_not_found: Vec<(String, Vec<(i64, i64)>)>,
    /// Per log file: non-consecutive (offset, next offset) pairs, newest first.
    pub non_consecutive: Vec<(String, Vec<(i64, i64)>)>,
}

/// Adds `pair` to the list of `file` in `lists`.
pub fn record(
    lists: &mut Vec<(String, Vec<(i64, i64)>)>,
    file: &str,
    pair: (i64, i64),
    prepend: bool,
) {
    let at = match lists.iter().position(|(f, _)| f == file) {
        Some(at) => at,
        None => {
            lists.push((file.to_string(), Vec::new()));
            lists.len() - 1
        }
    };
    if prepend {
        lists[at].1.insert(0, pair);
    } else {
        lists[at].1.push(pair);
    }
}

/// The options the dumps need.
pub struct DumpOptions {
    pub print_data_log: bool,
    pub deep_iteration: bool,
    pub skip_record_metadata: bool,
    pub verify_only: bool,
    pub index_sanity_only: bool,
}

/// `java.io.File(path).toString()`: repeated separators collapsed, a trailing one dropped.
pub fn java_file(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c == '/' && out.ends_with('/') {
            continue;
        }
        out.push(c);
    }
    if out.len() > 1 && out.ends_with('/') {
        out.pop();
    }
    out
}

/// The last component of a `File`'s path (`getName`).
pub fn file_name(file: &str) -> &str {
    file.rsplit('/').next().unwrap_or(file)
}

/// The segment file a path names: its last two components, `topic-partition/<20 digits>.<kind>`.
/// A `kafka-logs-<broker>` component before them names the broker whose replica is meant
/// (every broker keeps its own copy under the same relative path); without one the file is
/// broker 0's, and [`read_file`] takes the partition leader's.
pub fn segment_file(file: &str) -> Option<SegmentFile> {
    let mut parts = file.rsplit('/');
    let name = parts.next()?;
    let dir = parts.next()?;
    let mut segment = SegmentFile::parse(&format!("{dir}/{name}"))?;
    if let Some(broker) = parts
        .next()
        .and_then(|logs| logs.strip_prefix(LOG_DIR_PREFIX))
        .and_then(|id| id.parse().ok())
    {
        segment.broker = broker;
    }
    Some(segment)
}

/// The log directory of broker `n` is `kafka-logs-<n>` (Kafka's `log.dirs` per broker).
pub const LOG_DIR_PREFIX: &str = "kafka-logs-";

/// Whether the path names its broker's log directory.
fn names_broker(file: &str) -> bool {
    file.split('/').any(|c| {
        c.strip_prefix(LOG_DIR_PREFIX)
            .is_some_and(|id| id.parse::<i32>().is_ok())
    })
}

/// The bytes of the file `file` names in the cluster's storage, or the exception
/// `FileChannel.open` throws for a missing one.
pub fn read_file<'c, S: SegmentStorage>(
    cluster: &'c Cluster<S>,
    file: &str,
    kind: FileKind,
) -> Result<&'c [u8], Failure> {
    let missing = || Failure::Uncaught(format!("java.nio.file.NoSuchFileException: {file}"));
    let mut segment = segment_file(file)
        .filter(|s| s.kind == kind)
        .ok_or_else(missing)?;
    if !names_broker(file) {
        let tp =
            crate::engine::topic_partition::TopicPartition::new(&segment.topic, segment.partition);
        segment.broker = cluster.log(&tp).map_or(0, |log| log.broker());
    }
    let storage = cluster.storage();
    let len = storage.len(&segment).map_err(|_| missing())?;
    storage.read(&segment, 0, len).map_err(|_| missing())
}

/// `Long.parseLong(name.split("\\.")(0))`, the base offset a file's name states.
pub fn start_offset(name: &str) -> Result<i64, Failure> {
    let prefix = name.split('.').next().unwrap_or("");
    prefix.parse().map_err(|_| {
        Failure::Uncaught(format!(
            "java.lang.NumberFormatException: For input string: \"{prefix}\""
        ))
    })
}

/// Runs `kafka-dump-log.sh` with `args`.
pub fn run<S: SegmentStorage>(cluster: &Cluster<S>, args: &[String]) -> CommandOutput {
    let mut out = CommandOutput::default();
    match execute(cluster, args, &mut out) {
        Ok(()) => {}
        Err(Failure::Usage(message)) => {
            out.err(message);
            out.stderr.extend(joptsimple::help_screen(&help_options()));
            out.exit_code = 1;
        }
        Err(Failure::Uncaught(exception)) => {
            out.err(format!("Exception in thread \"main\" {exception}"));
            out.exit_code = 1;
        }
        Err(Failure::Kplay(message)) => {
            out.err(format!("kplay: {message}"));
            out.exit_code = 1;
        }
    }
    out
}

fn jopt(e: crate::cli::flags::FlagError) -> Failure {
    Failure::Uncaught(format!(
        "{}: {}",
        joptsimple::exception_class(&e),
        joptsimple::message(&e)
    ))
}

/// `DumpLogSegmentsOptions.messageParser` for the decoder flags: `StringDecoder` only (the
/// deprecated `kafka.serializer.StringDecoder` is converted with Kafka's notice, on stdout).
fn check_decoder(name: Option<&str>, out: &mut CommandOutput) -> Result<(), Failure> {
    match name {
        None | Some(STRING_DECODER) => Ok(()),
        Some("kafka.serializer.StringDecoder") => {
            out.out("kafka.serializer.StringDecoder is deprecated. Please use org.apache.kafka.tools.api.StringDecoder instead");
            Ok(())
        }
        Some(other) => Err(Failure::Kplay(format!(
            "decoder class {other} cannot be loaded: the playground has no jars, only {STRING_DECODER}"
        ))),
    }
}

fn execute<S: SegmentStorage>(
    cluster: &Cluster<S>,
    args: &[String],
    out: &mut CommandOutput,
) -> Result<(), Failure> {
    let flags = joptsimple::parse(SPECS, args).map_err(jopt)?.flags;
    if args.is_empty() || flags.has(HELP.name) {
        return Err(Failure::Usage(HELP_MESSAGE.into()));
    }
    if flags.has(VERSION.name) {
        out.out(version_line());
        return Ok(());
    }
    let Some(files) = flags.value(&FILES).map_err(jopt)? else {
        return Err(Failure::Usage(format!(
            "Missing required argument \"{}\"",
            joptsimple::spec_string(FILES.name)
        )));
    };
    if let Some(decoder) = INTERNAL_DECODERS.iter().find(|d| flags.has(d.name)) {
        return Err(Failure::Kplay(format!(
            "--{} is not supported: the playground has no internal topics to decode",
            decoder.name
        )));
    }
    let value_decoder = flags.value(&VALUE_DECODER_CLASS).map_err(jopt)?;
    let key_decoder = flags.value(&KEY_DECODER_CLASS).map_err(jopt)?;
    let print_data_log =
        flags.has(PRINT_DATA_LOG.name) || value_decoder.is_some() || key_decoder.is_some();
    let opts = DumpOptions {
        print_data_log,
        deep_iteration: flags.has(DEEP_ITERATION.name) || print_data_log,
        skip_record_metadata: flags.has(SKIP_RECORD_METADATA.name),
        verify_only: flags.has(VERIFY_INDEX_ONLY.name),
        index_sanity_only: flags.has(INDEX_SANITY_CHECK.name),
    };
    let number = |spec: &FlagSpec, default: i32| -> Result<i32, Failure> {
        flags
            .number::<i32>(spec)
            .map_err(jopt)
            .map(|v| v.unwrap_or(default))
    };
    let mut problems = Problems::default();
    let mut paths: Vec<&str> = files.split(',').collect();
    while paths.len() > 1 && paths.last() == Some(&"") {
        paths.pop();
    }
    for path in paths {
        let file = java_file(path);
        out.out(format!("Dumping {file}"));
        let name = file_name(&file);
        let Some(dot) = name.rfind('.') else {
            let len = name.encode_utf16().count();
            return Err(Failure::Uncaught(format!(
                "java.lang.StringIndexOutOfBoundsException: begin -1, end {len}, length {len}"
            )));
        };
        match &name[dot..] {
            ".log" => {
                check_decoder(value_decoder, out)?;
                check_decoder(key_decoder, out)?;
                let max_bytes = number(&MAX_BYTES, MAX_BYTES_DEFAULT)?;
                log_dump::dump_log(cluster, &file, &opts, max_bytes, &mut problems, out)?;
            }
            ".index" => {
                let max_message_size = number(&MAX_MESSAGE_SIZE, MAX_MESSAGE_SIZE_DEFAULT)?;
                index_dump::dump_index(
                    cluster,
                    &file,
                    &opts,
                    max_message_size,
                    &mut problems,
                    out,
                )?;
            }
            ".timeindex" => index_dump::dump_time_index(cluster, &file, &opts, &mut problems, out)?,
            ".snapshot" | ".checkpoint" | ".txnindex" => {
                // kplay keeps no producer snapshots, KRaft snapshots or transaction indexes.
                return Err(Failure::Uncaught(format!(
                    "java.nio.file.NoSuchFileException: {file}"
                )));
            }
            _ => out.err(format!("Ignoring unknown file {file}")),
        }
    }
    print_problems(&problems, out);
    Ok(())
}

/// The end of `DumpLogSegments.main` (with `TimeIndexDumpErrors.printErrors`).
fn print_problems(p: &Problems, out: &mut CommandOutput) {
    for (file, list) in &p.index_mismatches {
        out.err(format!("Mismatches in :{file}"));
        for (index_offset, log_offset) in list {
            out.err(format!(
                "  Index offset: {index_offset}, log offset: {log_offset}"
            ));
        }
    }
    for (file, list) in &p.time_mismatches {
        out.err(format!("Found timestamp mismatch in :{file}"));
        for (index_ts, log_ts) in list {
            out.err(format!(
                "  Index timestamp: {index_ts}, log timestamp: {log_ts}"
            ));
        }
    }
    for (file, list) in &p.time_out_of_order {
        out.err(format!("Found out of order timestamp in :{file}"));
        for (index_ts, prev_ts) in list {
            out.err(format!(
                "  Index timestamp: {index_ts}, Previously indexed timestamp: {prev_ts}"
            ));
        }
    }
    for (_, list) in &p.shallow_offset_not_found {
        out.err("The following indexed offsets are not found in the log.");
        for (indexed, found) in list {
            out.err(format!(
                "Indexed offset: {indexed}, found log offset: {found}"
            ));
        }
    }
    for (file, list) in &p.non_consecutive {
        out.err(format!("Non-consecutive offsets in {file}"));
        for (first, second) in list {
            out.err(format!("  {first} is followed by {second}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_java_files() {
        assert_eq!(java_file("/var//kafka/t-0/"), "/var/kafka/t-0");
        assert_eq!(java_file("t-0/0.log"), "t-0/0.log");
        assert_eq!(
            file_name("/a/t-0/00000000000000000000.log"),
            "00000000000000000000.log"
        );
        assert_eq!(
            segment_file("/data/my-topic-3/00000000000000000042.index"),
            Some(SegmentFile::new("my-topic", 3, 42, FileKind::Index))
        );
        assert_eq!(segment_file("00000000000000000000.log"), None);
        assert!(start_offset("00000000000000000042.log").is_ok_and(|o| o == 42));
        assert!(
            matches!(start_offset(".log"), Err(Failure::Uncaught(m)) if m == "java.lang.NumberFormatException: For input string: \"\"")
        );
    }
}
