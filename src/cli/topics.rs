//! `kafka-topics.sh`: create, list, describe, alter and delete topics, as Kafka's
//! `org.apache.kafka.tools.TopicCommand` does.
//!
//! Output follows `TopicCommand` line for line, including where it goes:
//! * `--create` prints `Created topic <name>.` (after the `.`/`_` collision WARNING when the
//!   name has either character); `--alter` and `--delete` print nothing on success; `--list`
//!   prints the names sorted (an empty line when there is none);
//! * a failed request is printed by `TopicCommand.printException` as
//!   `Error while executing topic command : <message>` on **stdout** (Kafka also logs the
//!   stack trace through log4j to stderr; kplay does not imitate that log line), exit status 1;
//!   joptsimple's parse errors take that path too;
//! * an `IllegalArgumentException` (`Topic 'x' does not exist as expected`, `--bootstrap-server
//!   must be specified`…) prints its message on stderr, exit status 1;
//! * `CommandLineUtils.printUsageAndExit` (a missing action, `Missing required argument`, an
//!   option used with the wrong action) prints the message and the help screen on stderr,
//!   exit status 1; `--help` prints the help screen on stderr with status 0, `--version` the
//!   version on stdout.
//!
//! `--bootstrap-server` accepts any address, so commands pasted from a tutorial work; there is
//! one cluster. `--command-config` names a property file of admin-client settings (security,
//! timeouts): kplay has no files and needs none of those settings, so it says so on stderr and
//! goes on.

pub mod describe;
pub mod options;
pub mod service;

use crate::cli::joptsimple;
use crate::cli::output::CommandOutput;
use crate::engine::cluster::Cluster;
use crate::storage::SegmentStorage;
use options::{Action, Checked};

/// The Apache Kafka release whose tools kplay imitates (`AppInfoParser.getVersion()`).
pub const EMULATED_KAFKA_VERSION: &str = "4.0.0";

/// What `--version` prints: Kafka's version, and that this is kplay, not Kafka.
pub fn version_line() -> String {
    format!(
        "{EMULATED_KAFKA_VERSION} (kplay {}: a simulation of Apache Kafka {EMULATED_KAFKA_VERSION}'s tools, not Kafka itself)",
        env!("CARGO_PKG_VERSION")
    )
}

/// How a Kafka tool ends a run that did not succeed, by the exception that ended it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// `CommandLineUtils.printUsageAndExit`: the message and the help screen on stderr.
    Usage(String),
    /// `IllegalArgumentException`: the message on stderr.
    IllegalArgument(String),
    /// Any other exception, as the tool prints it (`printException` for kafka-topics).
    Exception(String),
}

/// `This tool helps to …`: the message `--help` prints above the help screen.
const HELP_MESSAGE: &str = "This tool helps to create, delete, describe, or change a topic.";

/// Runs `kafka-topics.sh` with `args` (the words after the program name).
pub fn run<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    args: &[String],
    now_ms: i64,
) -> CommandOutput {
    let mut out = CommandOutput::default();
    match execute(cluster, args, now_ms, &mut out) {
        Ok(()) => {}
        Err(Failure::Usage(message)) => {
            out.err(message);
            out.stderr
                .extend(joptsimple::help_screen(&options::help_options()));
            out.exit_code = 1;
        }
        Err(Failure::IllegalArgument(message)) => {
            out.err(message);
            out.exit_code = 1;
        }
        Err(Failure::Exception(message)) => {
            out.out(format!("Error while executing topic command : {message}"));
            out.exit_code = 1;
        }
    }
    out
}

/// `TopicCommand.execute`.
fn execute<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    args: &[String],
    now_ms: i64,
    out: &mut CommandOutput,
) -> Result<(), Failure> {
    let parsed = joptsimple::parse(options::SPECS, args)
        .map_err(|e| Failure::Exception(joptsimple::message(&e)))?;
    let opts = match options::check(parsed.flags, args.len(), out)? {
        Checked::Help => {
            out.err(HELP_MESSAGE);
            out.stderr
                .extend(joptsimple::help_screen(&options::help_options()));
            return Ok(());
        }
        Checked::Version => {
            out.out(version_line());
            return Ok(());
        }
        Checked::Run(opts) => opts,
    };
    if let Some(file) = opts.command_config()? {
        out.err(format!(
            "kplay: --command-config {file} is ignored: the playground's admin client needs no settings, and kplay has no files"
        ));
    }
    match opts.action {
        Action::Create => service::create(cluster, &opts, out, now_ms),
        Action::List => service::list(cluster, &opts, out),
        Action::Describe => service::describe(cluster, &opts, out),
        Action::Alter => service::alter(cluster, &opts, now_ms),
        Action::Delete => service::delete(cluster, &opts, now_ms),
    }
}
