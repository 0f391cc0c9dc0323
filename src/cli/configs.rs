//! `kafka-configs.sh`: describe and alter configs, as Kafka's
//! `org.apache.kafka.tools.ConfigCommand` does.
//!
//! kplay models two entity types: **topics** (`--describe` with or without `--all`, `--alter`
//! with `--add-config k=v,k2=[a,b]` and `--delete-config k1,k2`) and **brokers** (the same, on
//! the dynamic broker configs of KIP-226: `--entity-name <id>` for one broker,
//! `--entity-default` for the cluster-wide default; a setting Kafka cannot change at runtime
//! is refused with Kafka's `Cannot update these configs dynamically: Set(…)`).
//! The other entity types Kafka knows (users, clients, ips, client-metrics, groups,
//! broker-loggers) pass Kafka's argument checks and are then refused with a kplay message.
//!
//! Output and its streams follow `ConfigCommand.main`:
//! * `Dynamic configs for topic t are:` / `All configs for …` / `Default configs for brokers in
//!   the cluster are:`, then `  k=v sensitive=false synonyms={SOURCE:k=v, …}` per entry, and
//!   `Completed updating config for topic t.` on stdout;
//! * `IllegalArgumentException`, `InvalidConfigurationException` (`Invalid config(s): x`) and
//!   joptsimple's errors: the message on stderr, exit status 1;
//! * any other exception (a refused config value, an unknown topic): `Error while executing
//!   config command with args '<args>'` and the exception on stderr, exit status 1. Kafka then
//!   prints the Java stack trace; kplay prints only its first line, e.g.
//!   `java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.InvalidConfigurationException: …`;
//! * a missing action or an option used with the wrong action: the message and the help screen
//!   on stderr, exit status 1; `--help` (or no argument) prints the help screen with status 0.
//!
//! `--add-config-file` would read a properties file: kplay has no files, and says so.
//! `--command-config` is noted and ignored, as for `kafka-topics`.

pub mod options;
pub mod service;

use crate::cli::joptsimple;
use crate::cli::output::CommandOutput;
use crate::cli::topics::{version_line, Failure};
use crate::engine::cluster::Cluster;
use crate::storage::SegmentStorage;
use options::Checked;

const HELP_MESSAGE: &str = "This tool helps to manipulate and describe entity config for a topic, client, user, broker, ip, client-metrics or group";

/// Runs `kafka-configs.sh` with `args` (the words after the program name).
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
        Err(Failure::Exception(exception)) => {
            out.err(format!(
                "Error while executing config command with args '{}'",
                args.join(" ")
            ));
            out.err(exception);
            out.exit_code = 1;
        }
    }
    out
}

fn execute<S: SegmentStorage>(
    cluster: &mut Cluster<S>,
    args: &[String],
    now_ms: i64,
    out: &mut CommandOutput,
) -> Result<(), Failure> {
    let parsed = joptsimple::parse(options::SPECS, args)
        .map_err(|e| Failure::IllegalArgument(joptsimple::message(&e)))?;
    let opts = match options::check(parsed.flags, args.len())? {
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
    if let Some(file) = opts.value(&options::COMMAND_CONFIG)? {
        out.err(format!(
            "kplay: --command-config {file} is ignored: the playground's admin client needs no settings, and kplay has no files"
        ));
    }
    service::process(cluster, &opts, out, now_ms)
}
