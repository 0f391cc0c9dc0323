//! `ConsumerGroupCommandOptions`: kafka-consumer-groups' flags, their help, and `checkArgs`.
//!
//! The checks run in Kafka's order, so the first complaint is Kafka's:
//! 1. joptsimple's own refusals while parsing, including `availableIf` (`--members`,
//!    `--verbose`, `--offsets` need `--describe`; `--state` needs `--describe` or `--list`;
//!    `--type` needs `--list`). `fromArgs` runs outside `main`'s `try`, so these end the JVM
//!    with an uncaught exception;
//! 2. `maybePrintHelpOrVersion`, `checkRequiredArgs(bootstrap-server)`;
//! 3. the per-action checks of `checkArgs`, then `checkInvalidArgs` for `--group` and
//!    `--topic`;
//! 4. in `main`, "exactly one action".
//!
//! Kafka builds several of the option sets it reports or walks as `HashSet`s of `OptionSpec`s,
//! whose `hashCode` is that of the option's name list; [`hash_set_order`] iterates them as
//! Java does, so `join(allGroupSelectionScopeOpts, ", ")` prints `[all-groups], [group]` in
//! Java's order and the first conflicting option found is Kafka's.
//!
//! `--state` and `--type` take an *optional* argument (`withOptionalArg`): the next word is
//! their value unless it looks like an option ([`joptsimple::normalise_optional_args`]).

use crate::cli::flags::{FlagError, FlagSpec, Flags};
use crate::cli::java_hash_map::{iteration_order, string_hash};
use crate::cli::joptsimple::{self, ArgHelp, HelpOption};
use crate::cli::output::CommandOutput;

use super::Failure;

macro_rules! flag {
    ($name:literal, $takes:expr, $help:expr) => {
        FlagSpec {
            name: $name,
            takes_value: $takes,
            help: $help,
        }
    };
}

pub const HELP: FlagSpec = flag!("help", false, "Print usage information.");
pub const VERSION: FlagSpec = flag!("version", false, "Display Kafka version.");
pub const BOOTSTRAP_SERVER: FlagSpec = flag!(
    "bootstrap-server",
    true,
    "REQUIRED: The server(s) to connect to."
);
pub const GROUP: FlagSpec = flag!("group", true, "The consumer group we wish to act on.");
pub const TOPIC: FlagSpec = flag!(
    "topic",
    true,
    "The topic whose consumer group information should be deleted or topic whose should be included in the reset offset process. In `reset-offsets` case, partitions can be specified using this format: `topic1:0,1,2`, where 0,1,2 are the partition to be included in the process. Reset-offsets also supports multiple topic inputs."
);
pub const ALL_TOPICS: FlagSpec = flag!(
    "all-topics",
    false,
    "Consider all topics assigned to a group in the `reset-offsets` process."
);
pub const LIST: FlagSpec = flag!("list", false, "List all consumer groups.");
pub const DESCRIBE: FlagSpec = flag!(
    "describe",
    false,
    "Describe consumer group and list offset lag (number of messages not yet processed) related to given group."
);
pub const ALL_GROUPS: FlagSpec = flag!("all-groups", false, "Apply to all consumer groups.");
pub const DELETE: FlagSpec = flag!(
    "delete",
    false,
    "Pass in groups to delete topic partition offsets and ownership information over the entire consumer group. For instance --group g1 --group g2"
);
pub const TIMEOUT: FlagSpec = flag!(
    "timeout",
    true,
    "The timeout that can be set for some use cases. For example, it can be used when describing the group to specify the maximum amount of time in milliseconds to wait before the group stabilizes (when the group is just created, or is going through some changes)."
);
pub const COMMAND_CONFIG: FlagSpec = flag!(
    "command-config",
    true,
    "Property file containing configs to be passed to Admin Client and Consumer."
);
pub const RESET_OFFSETS: FlagSpec = flag!(
    "reset-offsets",
    false,
    "Reset offsets of consumer group. Supports one consumer group at the time, and instances should be inactive\nHas 2 execution options: --dry-run (the default) to plan which offsets to reset, and --execute to update the offsets. Additionally, the --export option is used to export the results to a CSV format.\nYou must choose one of the following reset specifications: --to-datetime, --by-duration, --to-earliest, --to-latest, --shift-by, --from-file, --to-current, --to-offset.\nTo define the scope use --all-topics or --topic. One scope must be specified unless you use '--from-file'."
);
pub const DELETE_OFFSETS: FlagSpec = flag!(
    "delete-offsets",
    false,
    "Delete offsets of consumer group. Supports one consumer group at the time, and multiple topics."
);
pub const DRY_RUN: FlagSpec = flag!(
    "dry-run",
    false,
    "Only show results without executing changes on Consumer Groups. Supported operations: reset-offsets."
);
pub const EXECUTE: FlagSpec = flag!(
    "execute",
    false,
    "Execute operation. Supported operations: reset-offsets."
);
pub const EXPORT: FlagSpec = flag!(
    "export",
    false,
    "Export operation execution to a CSV file. Supported operations: reset-offsets."
);
pub const TO_OFFSET: FlagSpec = flag!("to-offset", true, "Reset offsets to a specific offset.");
pub const FROM_FILE: FlagSpec = flag!(
    "from-file",
    true,
    "Reset offsets to values defined in CSV file."
);
pub const TO_DATETIME: FlagSpec = flag!(
    "to-datetime",
    true,
    "Reset offsets to offset from datetime. Format: 'YYYY-MM-DDTHH:mm:SS.sss'"
);
pub const BY_DURATION: FlagSpec = flag!(
    "by-duration",
    true,
    "Reset offsets to offset by duration from current timestamp. Format: 'PnDTnHnMnS'"
);
pub const TO_EARLIEST: FlagSpec = flag!("to-earliest", false, "Reset offsets to earliest offset.");
pub const TO_LATEST: FlagSpec = flag!("to-latest", false, "Reset offsets to latest offset.");
pub const TO_CURRENT: FlagSpec = flag!("to-current", false, "Reset offsets to current offset.");
pub const SHIFT_BY: FlagSpec = flag!(
    "shift-by",
    true,
    "Reset offsets shifting current offset by 'n', where 'n' can be positive or negative."
);
pub const MEMBERS: FlagSpec = flag!(
    "members",
    false,
    "Describe members of the group. This option may be used with '--describe' and '--bootstrap-server' options only.\nExample: --bootstrap-server localhost:9092 --describe --group group1 --members"
);
pub const VERBOSE: FlagSpec = flag!(
    "verbose",
    false,
    "Provide additional information, if any, when describing the group. This option may be used with '--offsets'/'--members'/'--state' and '--bootstrap-server' options only.\nExample: --bootstrap-server localhost:9092 --describe --group group1 --members --verbose"
);
pub const OFFSETS: FlagSpec = flag!(
    "offsets",
    false,
    "Describe the group and list all topic partitions in the group along with their offset lag. This is the default sub-action of and may be used with '--describe' and '--bootstrap-server' options only.\nExample: --bootstrap-server localhost:9092 --describe --group group1 --offsets"
);
pub const STATE: FlagSpec = flag!(
    "state",
    true,
    "When specified with '--describe', includes the state of the group.\nExample: --bootstrap-server localhost:9092 --describe --group group1 --state\nWhen specified with '--list', it displays the state of all groups. It can also be used to list groups with specific states.\nExample: --bootstrap-server localhost:9092 --list --state stable,empty\nThis option may be used with '--describe', '--list' and '--bootstrap-server' options only."
);
pub const TYPE: FlagSpec = flag!(
    "type",
    true,
    "When specified with '--list', it displays the types of all the groups. It can also be used to list groups with specific types.\nExample: --bootstrap-server localhost:9092 --list --type classic,consumer\nThis option may be used with the '--list' option only."
);

pub const SPECS: &[FlagSpec] = &[
    HELP,
    VERSION,
    BOOTSTRAP_SERVER,
    GROUP,
    TOPIC,
    ALL_TOPICS,
    LIST,
    DESCRIBE,
    ALL_GROUPS,
    DELETE,
    TIMEOUT,
    COMMAND_CONFIG,
    RESET_OFFSETS,
    DELETE_OFFSETS,
    DRY_RUN,
    EXECUTE,
    EXPORT,
    TO_OFFSET,
    FROM_FILE,
    TO_DATETIME,
    BY_DURATION,
    TO_EARLIEST,
    TO_LATEST,
    TO_CURRENT,
    SHIFT_BY,
    MEMBERS,
    VERBOSE,
    OFFSETS,
    STATE,
    TYPE,
];

/// The options that take an optional argument (`withOptionalArg`).
const OPTIONAL_ARG: &[FlagSpec] = &[STATE, TYPE];

/// `--timeout`'s `defaultsTo(5000L)`.
pub const TIMEOUT_DEFAULT_MS: i64 = 5000;

/// The actions `main` counts, in its message's order.
pub const ACTIONS: [FlagSpec; 5] = [LIST, DESCRIBE, DELETE, RESET_OFFSETS, DELETE_OFFSETS];

/// `allResetOffsetScenarioOpts`.
pub const RESET_SCENARIOS: [FlagSpec; 8] = [
    TO_OFFSET,
    SHIFT_BY,
    TO_DATETIME,
    BY_DURATION,
    TO_EARLIEST,
    TO_LATEST,
    TO_CURRENT,
    FROM_FILE,
];

/// `This tool helps to …`: what no argument and `--help` print above the help screen.
pub const HELP_MESSAGE: &str = "This tool helps to list all consumer groups, describe a consumer group, delete consumer group info, or reset consumer group offsets.";

fn arg_help(name: &str) -> Option<ArgHelp> {
    let (type_name, described_as) = match name {
        "bootstrap-server" => ("String", "server to connect to"),
        "group" => ("String", "consumer group"),
        "topic" => ("String", "topic"),
        "timeout" => ("Long", "timeout (ms)"),
        "command-config" => ("String", "command config property file"),
        "to-offset" => ("Long", "offset"),
        "from-file" => ("String", "path to CSV file"),
        "to-datetime" => ("String", "datetime"),
        "by-duration" => ("String", "duration"),
        "shift-by" => ("Long", "number-of-offsets"),
        "state" | "type" => ("String", ""),
        _ => return None,
    };
    Some(ArgHelp {
        type_name,
        described_as,
    })
}

/// The options as `parser.printHelpOn` lists them.
pub fn help_options() -> Vec<HelpOption> {
    SPECS
        .iter()
        .map(|spec| HelpOption {
            name: spec.name,
            arg: arg_help(spec.name),
            description: if spec.name == TIMEOUT.name {
                format!("{} (default: {TIMEOUT_DEFAULT_MS})", spec.help)
            } else {
                spec.help.to_string()
            },
        })
        .collect()
}

/// The help screen, optional arguments in square brackets (`--state [String]`).
pub fn help_screen() -> Vec<String> {
    joptsimple::optional_args_in_brackets(joptsimple::help_screen(&help_options()), OPTIONAL_ARG)
}

/// The order Java iterates a small `HashSet<OptionSpec>` (16 buckets) of `specs`, given in
/// insertion order: `AbstractOptionSpec.hashCode()` is `options.hashCode()`, a one-name
/// list's `31 + name.hashCode()`.
pub fn hash_set_order(specs: &[FlagSpec]) -> Vec<FlagSpec> {
    let hashes: Vec<i32> = specs
        .iter()
        .map(|s| 31i32.wrapping_add(string_hash(s.name)))
        .collect();
    iteration_order(&hashes, 16)
        .into_iter()
        .map(|i| specs[i])
        .collect()
}

/// `Utils.join(collection, ", ")` of option specs: `[a], [b]`.
fn join_specs(specs: &[FlagSpec]) -> String {
    specs
        .iter()
        .map(|s| joptsimple::spec_string(s.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What `checkArgs` decided.
#[derive(Debug)]
pub enum Checked {
    Help,
    Version,
    Run(ConsumerGroupCommandOptions),
}

/// The checked options.
#[derive(Debug)]
pub struct ConsumerGroupCommandOptions {
    flags: Flags,
}

/// `availableIf`: the option, and the options one of which must be present.
const AVAILABLE_IF: [(FlagSpec, &[FlagSpec]); 5] = [
    (MEMBERS, &[DESCRIBE]),
    (VERBOSE, &[DESCRIBE]),
    (OFFSETS, &[DESCRIBE]),
    (STATE, &[DESCRIBE, LIST]),
    (TYPE, &[LIST]),
];

/// `OptionParser.ensureAllowedOptions`: the options present without what they need, in the
/// order of the parser's `availableIf` `HashMap` (keyed by the option's name list).
fn unavailable(flags: &Flags) -> Result<(), Failure> {
    let specs: Vec<FlagSpec> = AVAILABLE_IF.iter().map(|(s, _)| *s).collect();
    let forbidden: Vec<FlagSpec> = hash_set_order(&specs)
        .into_iter()
        .filter(|spec| {
            let needs = AVAILABLE_IF
                .iter()
                .find(|(s, _)| s.name == spec.name)
                .map_or(&[][..], |(_, n)| n);
            flags.has(spec.name) && !needs.iter().any(|n| flags.has(n.name))
        })
        .collect();
    if forbidden.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = forbidden.iter().map(|s| s.name).collect();
    Err(Failure::Uncaught(format!(
        "joptsimple.UnavailableOptionException: Option(s) [{}] are unavailable given other options on the command line",
        names.join(", ")
    )))
}

/// An `OptionException` thrown while parsing: uncaught, as `fromArgs` is outside `main`'s
/// `try`.
pub fn uncaught(e: &FlagError) -> Failure {
    Failure::Uncaught(format!(
        "{}: {}",
        joptsimple::exception_class(e),
        joptsimple::message(e)
    ))
}

/// `new ConsumerGroupCommandOptions(args)` then `checkArgs`. Kafka's warning about a reset
/// without `--execute` goes to `out`'s stderr.
pub fn check(words: &[String], out: &mut CommandOutput) -> Result<Checked, Failure> {
    let normalised = joptsimple::normalise_optional_args(SPECS, OPTIONAL_ARG, words);
    let parsed = joptsimple::parse(SPECS, &normalised).map_err(|e| uncaught(&e))?;
    let flags = parsed.flags;
    unavailable(&flags)?;
    if words.is_empty() || flags.has(HELP.name) {
        return Ok(Checked::Help);
    }
    if flags.has(VERSION.name) {
        return Ok(Checked::Version);
    }
    let opts = ConsumerGroupCommandOptions { flags };
    opts.check_args(out)?;
    Ok(Checked::Run(opts))
}

impl ConsumerGroupCommandOptions {
    pub fn has(&self, spec: &FlagSpec) -> bool {
        self.flags.has(spec.name)
    }

    fn takes_one_of_scope(&self, action: &FlagSpec) -> Result<(), Failure> {
        if !self.has(&GROUP) && !self.has(&ALL_GROUPS) {
            return Err(Failure::Usage(format!(
                "Option {} takes one of these options: {}",
                joptsimple::spec_string(action.name),
                join_specs(&hash_set_order(&[GROUP, ALL_GROUPS]))
            )));
        }
        Ok(())
    }

    /// `CommandLineUtils.checkInvalidArgs(parser, options, used, invalid)`: `invalid` walked
    /// in its `HashSet`'s order.
    fn check_invalid_args(&self, used: &FlagSpec, invalid: &[FlagSpec]) -> Result<(), Failure> {
        if !self.has(used) {
            return Ok(());
        }
        match hash_set_order(invalid).into_iter().find(|s| self.has(s)) {
            Some(arg) => Err(Failure::Usage(format!(
                "Option \"{}\" can't be used with option \"{}\"",
                joptsimple::spec_string(used.name),
                joptsimple::spec_string(arg.name)
            ))),
            None => Ok(()),
        }
    }

    fn check_args(&self, out: &mut CommandOutput) -> Result<(), Failure> {
        if !self.has(&BOOTSTRAP_SERVER) {
            return Err(Failure::Usage(format!(
                "Missing required argument \"{}\"",
                joptsimple::spec_string(BOOTSTRAP_SERVER.name)
            )));
        }
        if self.has(&DESCRIBE) {
            self.takes_one_of_scope(&DESCRIBE)?;
            let exclusive = [MEMBERS, OFFSETS, STATE];
            if exclusive.iter().filter(|s| self.has(s)).count() > 1 {
                return Err(Failure::Usage(format!(
                    "Option {} takes at most one of these options: {}",
                    joptsimple::spec_string(DESCRIBE.name),
                    join_specs(&exclusive)
                )));
            }
            if self.has(&STATE) && self.state()?.is_some() {
                return Err(Failure::Usage(format!(
                    "Option {} does not take a value for {}",
                    joptsimple::spec_string(DESCRIBE.name),
                    joptsimple::spec_string(STATE.name)
                )));
            }
        }
        if self.has(&DELETE) {
            self.takes_one_of_scope(&DELETE)?;
            if self.has(&TOPIC) {
                return Err(Failure::Usage(
                    "The consumer does not support topic-specific offset deletion from a consumer group.".into(),
                ));
            }
        }
        if self.has(&DELETE_OFFSETS) && (!self.has(&GROUP) || !self.has(&TOPIC)) {
            return Err(Failure::Usage(format!(
                "Option {} takes the following options: {}",
                joptsimple::spec_string(DELETE_OFFSETS.name),
                join_specs(&hash_set_order(&[GROUP, TOPIC]))
            )));
        }
        if self.has(&RESET_OFFSETS) {
            if self.has(&DRY_RUN) && self.has(&EXECUTE) {
                return Err(Failure::Usage(format!(
                    "Option {} only accepts one of {} and {}",
                    joptsimple::spec_string(RESET_OFFSETS.name),
                    joptsimple::spec_string(EXECUTE.name),
                    joptsimple::spec_string(DRY_RUN.name)
                )));
            }
            if !self.has(&DRY_RUN) && !self.has(&EXECUTE) {
                out.err("WARN: No action will be performed as the --execute option is missing.In a future major release, the default behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.");
            }
            self.takes_one_of_scope(&RESET_OFFSETS)?;
            // `checkArgs` checks the scenarios in this order, each against the other
            // scenarios' `HashSet`.
            for used in [
                TO_OFFSET,
                TO_DATETIME,
                BY_DURATION,
                TO_EARLIEST,
                TO_LATEST,
                TO_CURRENT,
                SHIFT_BY,
                FROM_FILE,
            ] {
                let others: Vec<FlagSpec> = RESET_SCENARIOS
                    .iter()
                    .filter(|s| s.name != used.name)
                    .copied()
                    .collect();
                self.check_invalid_args(&used, &others)?;
            }
        }
        self.check_invalid_args(&GROUP, &[ALL_GROUPS])?;
        self.check_invalid_args(&GROUP, &[LIST])?;
        self.check_invalid_args(&TOPIC, &[LIST, DESCRIBE])?;
        Ok(())
    }

    /// `main`'s "exactly one action".
    pub fn action(&self) -> Result<FlagSpec, Failure> {
        let given: Vec<FlagSpec> = ACTIONS.iter().filter(|a| self.has(a)).copied().collect();
        match given.as_slice() {
            [one] => Ok(*one),
            _ => Err(Failure::Usage(format!(
                "Command must include exactly one action: {}",
                ACTIONS
                    .iter()
                    .map(|a| format!("--{}", a.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    fn value(&self, spec: &FlagSpec) -> Result<Option<&str>, Failure> {
        self.flags.value(spec).map_err(|e| uncaught(&e))
    }

    /// An optional argument's value: `None` when given without one.
    fn optional(&self, spec: &FlagSpec) -> Result<Option<&str>, Failure> {
        joptsimple::optional_value(&self.flags, spec).map_err(|e| uncaught(&e))
    }

    /// `--state`'s value, if one was given.
    pub fn state(&self) -> Result<Option<&str>, Failure> {
        self.optional(&STATE)
    }

    /// `--type`'s value, if one was given.
    pub fn group_type(&self) -> Result<Option<&str>, Failure> {
        self.optional(&TYPE)
    }

    /// `valuesOf(groupOpt)`, in order.
    pub fn groups(&self) -> &[String] {
        self.flags.values(GROUP.name)
    }

    /// `valuesOf(topicOpt)`, in order.
    pub fn topics(&self) -> &[String] {
        self.flags.values(TOPIC.name)
    }

    /// A `Long` option's value (`ofType(Long.class)`), with joptsimple's conversion error.
    pub fn long(&self, spec: &FlagSpec) -> Result<Option<i64>, Failure> {
        self.flags.number(spec).map_err(|e| uncaught(&e))
    }

    pub fn string(&self, spec: &FlagSpec) -> Result<Option<&str>, Failure> {
        self.value(spec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_sets_iterate_as_java() {
        // 31 + name.hashCode(), spread and masked to 16 buckets: [all-groups] lands in bucket
        // 8 and [group] in 14, [topic] in 8; [offsets] and [state] share bucket 10 and keep
        // their insertion order.
        let names = |specs: &[FlagSpec]| -> Vec<&str> {
            hash_set_order(specs).iter().map(|s| s.name).collect()
        };
        assert_eq!(names(&[GROUP, ALL_GROUPS]), ["all-groups", "group"]);
        assert_eq!(names(&[GROUP, TOPIC]), ["topic", "group"]);
        assert_eq!(
            names(&[MEMBERS, VERBOSE, OFFSETS, STATE, TYPE]),
            ["members", "offsets", "state", "verbose", "type"]
        );
    }

    #[test]
    fn help_shows_optional_arguments_in_brackets() {
        let screen = help_screen().join("\n");
        assert!(screen.contains("--state [String]"));
        assert!(screen.contains("--type [String]"));
        assert!(screen.contains("--timeout <Long: timeout (ms)>"));
    }
}
