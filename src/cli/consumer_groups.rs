//! `kafka-consumer-groups.sh`: list, describe, reset the offsets of, and delete consumer
//! groups and some of their offsets (`--delete-offsets`, [`delete_offsets`]), as Kafka 4.0's
//! `org.apache.kafka.tools.consumer.group.ConsumerGroupCommand` does.
//!
//! Where the output goes and how the run ends follows the tool:
//! * `printError` writes `\nError: <message>` on **stdout** and the run goes on (a group that
//!   does not exist, a reset refused for an active group, a failed deletion); a failure that
//!   reaches `run`'s `catch (Throwable)` prints
//!   `Error: Executing consumer group command failed due to <message>` the same way and the
//!   JVM still exits with status 0. Kafka then prints the stack trace on stderr; kplay prints
//!   its first line (`<exception class>: <message>`);
//! * `Consumer group 'g' has no active members.` and `Warning: Consumer group 'g' is
//!   rebalancing.` go to stderr, after an empty line;
//! * `CommandLineUtils.printUsageAndExit` (no argument, `--help`, a missing
//!   `--bootstrap-server`, an option combination Kafka refuses, an `IllegalArgumentException`
//!   such as a malformed `--topic t:x` or an invalid `--state` list) prints the message and the
//!   help screen on stderr, status 1; `--version` prints the version on stdout;
//! * joptsimple's refusals while the options are built (an unknown option, `--members`
//!   without `--describe`) happen outside `main`'s `try`: the JVM's
//!   `Exception in thread "main" <class>: <message>` on stderr, status 1.
//!
//! Tables are `printf`'d with Kafka's widths: the group, topic, consumer-id and host columns
//! grow to their longest value (at least 15), the others are fixed, the last is unpadded, and
//! every table starts with an empty line. Rows come in the order Kafka's collections give
//! them: groups of `--describe` sorted by id (a `TreeMap`); a member's partitions, a reset
//! plan and the groups of `--reset-offsets` and `--delete` in Java `HashMap` order
//! ([`crate::cli::java_hash_map`]).
//!
//! kplay's deviations, each because kplay lacks what Kafka's behaviour depends on:
//! * kplay's brokers have no listeners: the coordinator of `--describe --state` is shown as
//!   `localhost:<9092 + broker id>  (<id>)`, the addresses a local multi-broker setup uses;
//! * groups are listed sorted by id; Kafka lists them in the order its coordinator shards
//!   answer, which is not sorted;
//! * kplay's coordinator is the classic one: every group has type `classic`, a member has no
//!   epoch or target assignment, and a group has no group epoch (KIP-848's `consumer`
//!   protocol groups, their `Assigning`/`Reconciling` states and the `UPGRADED` column of
//!   `--members --verbose` never appear);
//! * the warnings Kafka logs through log4j when `--to-offset`/`--shift-by` are clamped to the
//!   log's range are printed on stderr as `WARN <message>` without log4j's timestamp;
//! * `--timeout` is read and checked but nothing waits: the simulated cluster answers at once;
//! * a `--from-file` plan is read through the session's files; Kafka's Jackson stack traces
//!   for a malformed CSV are not imitated (see [`reset`]).
//!
//! Kafka 4.0 sources read for this: `ConsumerGroupCommand`, `ConsumerGroupCommandOptions`,
//! `GroupState`, `Utils.getDateTime`, and apache/kafka#17058 (the reset plan's line ends),
//! #18141 (KIP-1099: `LEADER-EPOCH`, the members' and state's verbose columns).

pub mod delete_offsets;
pub mod describe;
pub mod options;
pub mod reset;
pub mod service;

use crate::cli::output::CommandOutput;
use crate::cli::topics::version_line;
use crate::cli::vfs::Files;
use crate::engine::cluster::Cluster;
use crate::engine::error_code::ErrorCode;
use crate::engine::protocol::{CoordinatorType, FindCoordinatorRequest, Request, Response};
use crate::storage::SegmentStorage;
use options::{Checked, ConsumerGroupCommandOptions};

/// `ConsumerGroupCommand.MISSING_COLUMN_VALUE`.
pub const MISSING_COLUMN_VALUE: &str = "-";

/// How a run of the tool ended early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// `CommandLineUtils.printUsageAndExit` (also for an `IllegalArgumentException` caught by
    /// `run`): the message and the help screen on stderr, status 1.
    Usage(String),
    /// An exception that escapes `main`: `Exception in thread "main" <it>`, status 1.
    Uncaught(String),
    /// An exception caught by `run`'s `catch (Throwable e)`: `printError` with
    /// `e.getMessage()`, and `e.toString()` as the stack trace's first line; status 0.
    Command { class: String, message: String },
    /// Something kplay does not model, in kplay's words, status 1.
    Kplay(String),
}

impl Failure {
    /// A `RuntimeException` wrapping the `ExecutionException` of a failed admin call (its
    /// message is the cause's `toString()`).
    pub fn execution(code: ErrorCode, message: &str) -> Failure {
        Failure::Command {
            class: "java.lang.RuntimeException".into(),
            message: format!(
                "java.util.concurrent.ExecutionException: {}: {message}",
                exception_class(code)
            ),
        }
    }
}

/// The class Kafka's admin client throws for `code` (`Errors.exception`).
pub fn exception_class(code: ErrorCode) -> String {
    match code {
        ErrorCode::NonEmptyGroup => "org.apache.kafka.common.errors.GroupNotEmptyException".into(),
        other => crate::cli::configs::service::exception_class(other),
    }
}

/// What the tool prints, as the two streams' text (`printf` writes without line ends).
#[derive(Debug, Default)]
pub struct Printer {
    pub out: String,
    pub err: String,
}

impl Printer {
    pub fn print(&mut self, text: &str) {
        self.out.push_str(text);
    }

    pub fn println(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    pub fn eprintln(&mut self, text: &str) {
        self.err.push_str(text);
        self.err.push('\n');
    }

    /// `ConsumerGroupCommand.printError` without an exception: `\nError: <msg>` on stdout.
    pub fn print_error(&mut self, message: &str) {
        self.println(&format!("\nError: {message}"));
    }
}

/// A stream's text as lines: a final line end does not start another line.
fn lines(text: &str) -> Vec<String> {
    if text.is_empty() {
        return Vec::new();
    }
    let body = text.strip_suffix('\n').unwrap_or(text);
    body.split('\n').map(String::from).collect()
}

/// Java's `%-<width>s`: `s` padded with spaces to `width` characters (UTF-16 units).
pub fn pad(s: &str, width: usize) -> String {
    let len = java_len(s);
    if len >= width {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(width - len))
    }
}

/// `String.length()`.
pub fn java_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Runs `kafka-consumer-groups.sh` with `args` at simulated time `now_ms`.
pub fn run<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    args: &[String],
    files: Files<'_>,
    now_ms: i64,
) -> CommandOutput {
    let mut p = Printer::default();
    let mut pre = CommandOutput::default();
    let exit_code = match execute(cluster, args, files, now_ms, &mut p, &mut pre) {
        Ok(()) => 0,
        Err(Failure::Usage(message)) => {
            p.eprintln(&message);
            for line in options::help_screen() {
                p.eprintln(&line);
            }
            1
        }
        Err(Failure::Uncaught(exception)) => {
            p.eprintln(&format!("Exception in thread \"main\" {exception}"));
            1
        }
        Err(Failure::Command { class, message }) => {
            p.print_error(&format!(
                "Executing consumer group command failed due to {message}"
            ));
            p.eprintln(&format!("{class}: {message}"));
            0
        }
        Err(Failure::Kplay(message)) => {
            p.eprintln(&format!("kplay: {message}"));
            1
        }
    };
    let mut stderr = pre.stderr;
    stderr.extend(lines(&p.err));
    CommandOutput {
        stdout: lines(&p.out),
        stderr,
        exit_code,
    }
}

/// `ConsumerGroupCommand.main` then `run`.
fn execute<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    args: &[String],
    files: Files<'_>,
    now_ms: i64,
    p: &mut Printer,
    pre: &mut CommandOutput,
) -> Result<(), Failure> {
    let opts = match options::check(args, pre)? {
        Checked::Help => return Err(Failure::Usage(options::HELP_MESSAGE.into())),
        Checked::Version => {
            p.println(&version_line());
            return Ok(());
        }
        Checked::Run(opts) => opts,
    };
    let action = opts.action()?;
    // `new ConsumerGroupService(opts)`: the admin client reads `--command-config`.
    if let Some(file) = opts.string(&options::COMMAND_CONFIG)? {
        match files.read(file) {
            Ok(_) => p.eprintln(&format!(
                "kplay: --command-config {file} was read; the playground's admin client needs none of its settings"
            )),
            Err(_) => {
                return Err(Failure::Command {
                    class: "java.lang.RuntimeException".into(),
                    message: format!("java.nio.file.NoSuchFileException: {file}"),
                })
            }
        }
    }
    timeout_ms(&opts)?;
    match action.name {
        "list" => service::list_groups(cluster, &opts, p),
        "describe" => describe::describe_groups(cluster, &opts, p, now_ms),
        "delete" => service::delete_groups(cluster, &opts, p, now_ms),
        "reset-offsets" => reset::reset_offsets(cluster, &opts, files, p, now_ms),
        "delete-offsets" => delete_offsets::delete_offsets(cluster, &opts, p, now_ms),
        other => unreachable!("action() returns one of ACTIONS, not {other}"),
    }
}

/// `withTimeoutMs`: `valueOf(timeoutMsOpt).intValue()`, read by every admin call.
fn timeout_ms(opts: &ConsumerGroupCommandOptions) -> Result<i64, Failure> {
    match opts.long(&options::TIMEOUT) {
        Ok(v) => Ok(v.unwrap_or(options::TIMEOUT_DEFAULT_MS)),
        Err(Failure::Uncaught(e)) => {
            let (class, message) = e.split_once(": ").unwrap_or(("", &e));
            Err(Failure::Command {
                class: class.to_string(),
                message: message.to_string(),
            })
        }
        Err(other) => Err(other),
    }
}

/// `FindCoordinator` for `group_id`, as the admin client sends it before any group call
/// (the first one creates `__consumer_offsets`; the client retries). The coordinator's id.
pub fn find_coordinator<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    group_id: &str,
    now_ms: i64,
) -> Result<i32, Failure> {
    let mut last = ErrorCode::CoordinatorNotAvailable;
    for _ in 0..2 {
        let request = Request::FindCoordinator(FindCoordinatorRequest {
            key: group_id.to_owned(),
            key_type: CoordinatorType::Group,
        });
        match cluster.handle_request(request, now_ms) {
            Some(Response::FindCoordinator(r)) if r.error == ErrorCode::None => {
                return Ok(r.node_id)
            }
            Some(Response::FindCoordinator(r)) => last = r.error,
            other => unreachable!(
                "FindCoordinator is answered at once with its own response, not {other:?}"
            ),
        }
    }
    Err(Failure::execution(last, last.doc()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printf_text_becomes_lines() {
        assert_eq!(lines(""), Vec::<String>::new());
        assert_eq!(lines("\nError: x\n"), vec!["", "Error: x"]);
        assert_eq!(lines("a\nb"), vec!["a", "b"]);
        assert_eq!(lines("\n"), vec![""]);
    }

    #[test]
    fn padding_is_javas() {
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad("abcdef", 4), "abcdef");
        assert_eq!(
            exception_class(ErrorCode::NonEmptyGroup),
            "org.apache.kafka.common.errors.GroupNotEmptyException"
        );
        assert_eq!(
            exception_class(ErrorCode::GroupIdNotFound),
            "org.apache.kafka.common.errors.GroupIdNotFoundException"
        );
    }
}
