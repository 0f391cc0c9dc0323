//! `ConfigCommand.ConfigCommandOptions`: kafka-configs' flags, their help, `checkArgs`, and the
//! parsing of `--add-config` / `--delete-config` (`parseConfigsToBeAdded`,
//! `parseConfigsToBeDeleted`).

use crate::cli::flags::{flag, FlagError, FlagSpec, Flags};
use crate::cli::joptsimple::{self, ArgHelp, HelpOption};
use crate::cli::topics::Failure;
use crate::engine::group::group_config::GROUP_CONFIGS;
use crate::engine::topic::config_def::{BROKER_CONFIGS, TOPIC_CONFIGS};
use crate::engine::topic::BrokerConfig;

pub const HELP: FlagSpec = flag!("help", false, "Print usage information.");
pub const VERSION: FlagSpec = flag!("version", false, "Display Kafka version.");
pub const BOOTSTRAP_SERVER: FlagSpec =
    flag!("bootstrap-server", true, "The Kafka servers to connect to.");
pub const BOOTSTRAP_CONTROLLER: FlagSpec = flag!(
    "bootstrap-controller",
    true,
    "The Kafka controllers to connect to."
);
pub const COMMAND_CONFIG: FlagSpec = flag!(
    "command-config",
    true,
    "Property file containing configs to be passed to Admin Client. This is used only with --bootstrap-server option for describing and altering broker configs."
);
pub const ALTER: FlagSpec = flag!("alter", false, "Alter the configuration for the entity.");
pub const DESCRIBE: FlagSpec = flag!("describe", false, "List configs for the given entity.");
pub const ALL: FlagSpec = flag!(
    "all",
    false,
    "List all configs for the given entity, including static configs if available."
);
pub const ENTITY_TYPE: FlagSpec = flag!(
    "entity-type",
    true,
    "Type of entity (topics/clients/users/brokers/broker-loggers/ips/client-metrics/groups)"
);
pub const ENTITY_NAME: FlagSpec = flag!(
    "entity-name",
    true,
    "Name of entity (topic name/client id/user principal name/broker id/ip/client metrics/group id)"
);
pub const ENTITY_DEFAULT: FlagSpec = flag!(
    "entity-default",
    false,
    "Default entity name for clients/users/brokers/ips (applies to corresponding entity type)"
);
/// Its help also lists the configs; see [`help_options`].
pub const ADD_CONFIG: FlagSpec = flag!(
    "add-config",
    true,
    "Key Value pairs of configs to add. Square brackets can be used to group values which contain commas: 'k1=v1,k2=[v1,v2,v2],k3=v3'."
);
pub const ADD_CONFIG_FILE: FlagSpec = flag!(
    "add-config-file",
    true,
    "Path to a properties file with configs to add. See add-config for a list of valid configurations."
);
pub const DELETE_CONFIG: FlagSpec = flag!("delete-config", true, "config keys to remove 'k1,k2'");
pub const TOPIC: FlagSpec = flag!("topic", true, "The topic's name.");
pub const CLIENT: FlagSpec = flag!("client", true, "The client's ID.");
pub const CLIENT_DEFAULTS: FlagSpec = flag!(
    "client-defaults",
    false,
    "The config defaults for all clients."
);
pub const USER: FlagSpec = flag!("user", true, "The user's principal name.");
pub const USER_DEFAULTS: FlagSpec =
    flag!("user-defaults", false, "The config defaults for all users.");
pub const BROKER: FlagSpec = flag!("broker", true, "The broker's ID.");
pub const BROKER_DEFAULTS: FlagSpec = flag!(
    "broker-defaults",
    false,
    "The config defaults for all brokers."
);
pub const BROKER_LOGGER: FlagSpec = flag!(
    "broker-logger",
    true,
    "The broker's ID for its logger config."
);
pub const IP_DEFAULTS: FlagSpec = flag!("ip-defaults", false, "The config defaults for all IPs.");
pub const IP: FlagSpec = flag!("ip", true, "The IP address.");
pub const GROUP: FlagSpec = flag!("group", true, "The group's ID.");
pub const CLIENT_METRICS: FlagSpec = flag!(
    "client-metrics",
    true,
    "The client metrics config resource name."
);

/// Every flag of `ConfigCommandOptions` (plus `CommandDefaultOptions`' help and version).
pub const SPECS: &[FlagSpec] = &[
    HELP,
    VERSION,
    BOOTSTRAP_SERVER,
    BOOTSTRAP_CONTROLLER,
    COMMAND_CONFIG,
    ALTER,
    DESCRIBE,
    ALL,
    ENTITY_TYPE,
    ENTITY_NAME,
    ENTITY_DEFAULT,
    ADD_CONFIG,
    ADD_CONFIG_FILE,
    DELETE_CONFIG,
    TOPIC,
    CLIENT,
    CLIENT_DEFAULTS,
    USER,
    USER_DEFAULTS,
    BROKER,
    BROKER_DEFAULTS,
    BROKER_LOGGER,
    IP_DEFAULTS,
    IP,
    GROUP,
    CLIENT_METRICS,
];

pub const TOPIC_TYPE: &str = "topics";
pub const CLIENT_TYPE: &str = "clients";
pub const USER_TYPE: &str = "users";
pub const BROKER_TYPE: &str = "brokers";
pub const IP_TYPE: &str = "ips";
pub const CLIENT_METRICS_TYPE: &str = "client-metrics";
pub const GROUP_TYPE: &str = "groups";
pub const BROKER_LOGGER_TYPE: &str = "broker-loggers";

/// `BROKER_SUPPORTED_CONFIG_TYPES`: broker-loggers, then `ConfigType.values()` in order.
const SUPPORTED_TYPES: [&str; 8] = [
    BROKER_LOGGER_TYPE,
    TOPIC_TYPE,
    CLIENT_TYPE,
    USER_TYPE,
    BROKER_TYPE,
    IP_TYPE,
    CLIENT_METRICS_TYPE,
    GROUP_TYPE,
];

/// `entityFlags()`: the specific entity flags and their types, in Kafka's order.
const ENTITY_FLAGS: [(FlagSpec, &str); 8] = [
    (TOPIC, TOPIC_TYPE),
    (CLIENT, CLIENT_TYPE),
    (USER, USER_TYPE),
    (BROKER, BROKER_TYPE),
    (BROKER_LOGGER, BROKER_LOGGER_TYPE),
    (IP, IP_TYPE),
    (CLIENT_METRICS, CLIENT_METRICS_TYPE),
    (GROUP, GROUP_TYPE),
];

/// `entityDefaultsFlags()`.
const ENTITY_DEFAULT_FLAGS: [(FlagSpec, &str); 4] = [
    (CLIENT_DEFAULTS, CLIENT_TYPE),
    (USER_DEFAULTS, USER_TYPE),
    (BROKER_DEFAULTS, BROKER_TYPE),
    (IP_DEFAULTS, IP_TYPE),
];

fn arg_help(name: &str) -> Option<ArgHelp> {
    let described_as = match name {
        "bootstrap-server" => "server to connect to",
        "bootstrap-controller" => "controller to connect to",
        "command-config" => "command config property file",
        _ => "",
    };
    SPECS
        .iter()
        .find(|s| s.name == name && s.takes_value)
        .map(|_| ArgHelp {
            type_name: "String",
            described_as,
        })
}

/// The options as `parser.printHelpOn` lists them. Kafka's `--add-config` help lists the valid
/// configs of every entity type; kplay lists those it can alter: the topic configs, the
/// dynamic broker configs and the group configs (sorted, as `formatConfigNames` does).
pub fn help_options() -> Vec<HelpOption> {
    let mut names: Vec<&str> = TOPIC_CONFIGS
        .iter()
        .filter(|d| !d.internal)
        .map(|d| d.name)
        .collect();
    crate::sort::sort(&mut names);
    let listed: String = names.iter().map(|n| format!("\n\t{n}")).collect();
    let mut broker_names: Vec<&str> = BROKER_CONFIGS
        .iter()
        .map(|d| d.name)
        .filter(|n| BrokerConfig::is_dynamic(n))
        .collect();
    crate::sort::sort(&mut broker_names);
    let broker_listed: String = broker_names.iter().map(|n| format!("\n\t{n}")).collect();
    let mut group_names: Vec<&str> = GROUP_CONFIGS.iter().map(|d| d.name).collect();
    crate::sort::sort(&mut group_names);
    let group_listed: String = group_names.iter().map(|n| format!("\n\t{n}")).collect();
    let add_config_help = format!(
        "{} The following is a list of valid configurations: For entity-type '{TOPIC_TYPE}': {listed}\nFor entity-type '{BROKER_TYPE}': {broker_listed}\nFor entity-type '{GROUP_TYPE}': {group_listed}\n(kplay: topic configs, these dynamic broker configs and the group configs are the ones it can alter.)",
        ADD_CONFIG.help
    );
    SPECS
        .iter()
        .map(|spec| HelpOption {
            name: spec.name,
            arg: arg_help(spec.name),
            description: if spec.name == ADD_CONFIG.name {
                add_config_help.clone()
            } else {
                spec.help.to_string()
            },
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Alter,
    Describe,
}

#[derive(Debug)]
pub enum Checked {
    Help,
    Version,
    Run(ConfigCommandOptions),
}

/// Options that passed `checkArgs`, with the entities resolved.
#[derive(Debug)]
pub struct ConfigCommandOptions {
    pub action: Action,
    /// `entityTypes()`.
    pub entity_types: Vec<String>,
    /// `entityNames()`: `""` stands for the default entity.
    pub entity_names: Vec<String>,
    flags: Flags,
}

fn jopt(e: FlagError) -> Failure {
    Failure::IllegalArgument(joptsimple::message(&e))
}

fn usage_invalid(used: &FlagSpec, invalid: &FlagSpec) -> Failure {
    Failure::Usage(format!(
        "Option \"{}\" can't be used with option \"{}\"",
        joptsimple::spec_string(used.name),
        joptsimple::spec_string(invalid.name)
    ))
}

/// `CommandLineUtils.maybePrintHelpOrVersion` then `ConfigCommandOptions.checkArgs`.
pub fn check(flags: Flags, arg_count: usize) -> Result<Checked, Failure> {
    if arg_count == 0 || flags.has(HELP.name) {
        return Ok(Checked::Help);
    }
    if flags.has(VERSION.name) {
        return Ok(Checked::Version);
    }
    let action = match (flags.has(ALTER.name), flags.has(DESCRIBE.name)) {
        (true, false) => Action::Alter,
        (false, true) => Action::Describe,
        _ => {
            return Err(Failure::Usage(
                "Command must include exactly one action: --describe, --alter".into(),
            ))
        }
    };
    if action == Action::Describe {
        if let Some(invalid) = [ADD_CONFIG, DELETE_CONFIG]
            .iter()
            .find(|s| flags.has(s.name))
        {
            return Err(usage_invalid(&DESCRIBE, invalid));
        }
    }
    let entity_types = entity_types(&flags);
    let mut seen = Vec::new();
    let mut duplicates: Vec<&str> = Vec::new();
    for t in &entity_types {
        if seen.contains(&t.as_str()) {
            if !duplicates.contains(&t.as_str()) {
                duplicates.push(t);
            }
        } else {
            seen.push(t);
        }
    }
    if !duplicates.is_empty() {
        return Err(Failure::IllegalArgument(format!(
            "Duplicate entity type(s) specified: {}",
            duplicates.join(",")
        )));
    }
    if !flags.has(BOOTSTRAP_SERVER.name) && !flags.has(BOOTSTRAP_CONTROLLER.name) {
        return Err(Failure::IllegalArgument(
            "Either --bootstrap-server or --bootstrap-controller must be specified.".into(),
        ));
    }
    if let Some(bad) = entity_types
        .iter()
        .find(|t| !SUPPORTED_TYPES.contains(&t.as_str()))
    {
        return Err(Failure::IllegalArgument(format!(
            "Invalid entity type {bad}, the entity type must be one of {} with a --bootstrap-server or --bootstrap-controller argument",
            SUPPORTED_TYPES.join(", ")
        )));
    }
    if entity_types.is_empty() {
        return Err(Failure::IllegalArgument(
            "At least one entity type must be specified".into(),
        ));
    }
    if entity_types.len() > 1 {
        let mut sorted = entity_types.clone();
        crate::sort::sort(&mut sorted);
        if sorted != [CLIENT_TYPE, USER_TYPE] {
            return Err(Failure::IllegalArgument(format!(
                "Only '{USER_TYPE}' and '{CLIENT_TYPE}' entity types may be specified together"
            )));
        }
    }
    let generic = [ENTITY_NAME, ENTITY_TYPE, ENTITY_DEFAULT]
        .iter()
        .any(|s| flags.has(s.name));
    let specific = ENTITY_FLAGS
        .iter()
        .chain(ENTITY_DEFAULT_FLAGS.iter())
        .any(|(s, _)| flags.has(s.name));
    if generic && specific {
        return Err(Failure::IllegalArgument(
            "--entity-{type,name,default} should not be used in conjunction with specific entity flags".into(),
        ));
    }
    let entity_names = entity_names(&flags).map_err(jopt)?;
    let has_entity_name = entity_names.iter().any(|n| !n.is_empty());
    let has_entity_default = entity_names.iter().any(String::is_empty);
    if flags.has(BOOTSTRAP_SERVER.name) && flags.has(BOOTSTRAP_CONTROLLER.name) {
        return Err(Failure::IllegalArgument(
            "Only one of --bootstrap-server or --bootstrap-controller can be specified".into(),
        ));
    }
    let has_type = |t: &str| entity_types.iter().any(|x| x == t);
    if has_entity_name && (has_type(BROKER_TYPE) || has_type(BROKER_LOGGER_TYPE)) {
        for spec in [ENTITY_NAME, BROKER, BROKER_LOGGER] {
            if let Some(id) = flags.values(spec.name).first() {
                if id.parse::<i32>().is_err() {
                    return Err(Failure::IllegalArgument(format!(
                        "The entity name for {} must be a valid integer broker id, but it is: {id}",
                        entity_types[0]
                    )));
                }
            }
        }
    }
    let user_client_broker_ip =
        has_type(USER_TYPE) || has_type(CLIENT_TYPE) || has_type(BROKER_TYPE) || has_type(IP_TYPE);
    match action {
        Action::Describe => {
            if !user_client_broker_ip && flags.has(ENTITY_DEFAULT.name) {
                return Err(Failure::IllegalArgument(format!(
                    "--entity-default must not be specified with --describe of {}",
                    entity_types.join(",")
                )));
            }
            if has_type(BROKER_LOGGER_TYPE) && !has_entity_name {
                return Err(Failure::IllegalArgument(format!(
                    "An entity name must be specified with --describe of {}",
                    entity_types.join(",")
                )));
            }
        }
        Action::Alter => {
            if user_client_broker_ip {
                if !has_entity_name && !has_entity_default {
                    return Err(Failure::IllegalArgument(
                        "An entity-name or default entity must be specified with --alter of users, clients, brokers or ips".into(),
                    ));
                }
            } else if !has_entity_name {
                return Err(Failure::IllegalArgument(format!(
                    "An entity name must be specified with --alter of {}",
                    entity_types.join(",")
                )));
            }
            let (add, add_file, delete) = (
                flags.has(ADD_CONFIG.name),
                flags.has(ADD_CONFIG_FILE.name),
                flags.has(DELETE_CONFIG.name),
            );
            if add && add_file {
                return Err(Failure::IllegalArgument(
                    "Only one of --add-config or --add-config-file must be specified".into(),
                ));
            }
            if !add && !add_file && !delete {
                return Err(Failure::IllegalArgument(
                    "At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter".into(),
                ));
            }
        }
    }
    Ok(Checked::Run(ConfigCommandOptions {
        action,
        entity_types,
        entity_names,
        flags,
    }))
}

/// `entityTypes()`: `--entity-type` values, then the types of the specific flags given.
fn entity_types(flags: &Flags) -> Vec<String> {
    let mut types: Vec<String> = flags.values(ENTITY_TYPE.name).to_vec();
    for (spec, t) in ENTITY_FLAGS.iter().chain(ENTITY_DEFAULT_FLAGS.iter()) {
        if flags.has(spec.name) {
            types.push((*t).to_string());
        }
    }
    types
}

/// `entityNames()`: `--entity-name` values and `""` for `--entity-default`, then the specific
/// flags' values, then `""` per defaults flag. (Kafka interleaves `--entity-name` and
/// `--entity-default` in command-line order; kplay puts the names first, which only matters for
/// the users+clients pairs it does not model.)
fn entity_names(flags: &Flags) -> Result<Vec<String>, FlagError> {
    let mut names: Vec<String> = flags.values(ENTITY_NAME.name).to_vec();
    if flags.has(ENTITY_DEFAULT.name) {
        names.push(String::new());
    }
    for (spec, _) in ENTITY_FLAGS {
        if let Some(v) = flags.value(&spec)? {
            names.push(v.to_string());
        }
    }
    for (spec, _) in ENTITY_DEFAULT_FLAGS {
        if flags.has(spec.name) {
            names.push(String::new());
        }
    }
    Ok(names)
}

impl ConfigCommandOptions {
    pub fn has(&self, spec: &FlagSpec) -> bool {
        self.flags.has(spec.name)
    }

    pub fn value(&self, spec: &FlagSpec) -> Result<Option<&str>, Failure> {
        self.flags.value(spec).map_err(jopt)
    }

    /// `parseConfigsToBeDeleted`: every `--delete-config`, split at commas (joptsimple's
    /// `withValuesSeparatedBy(',')`), trimmed.
    pub fn configs_to_be_deleted(&self) -> Vec<String> {
        self.flags
            .values(DELETE_CONFIG.name)
            .iter()
            .flat_map(|v| v.split(','))
            .filter(|v| !v.is_empty())
            .map(|v| v.trim().to_string())
            .collect()
    }
}

/// Whether the comma or `=` at byte `at` of `s` is outside brackets: Kafka's lookahead
/// `(?=[^\]]*(?:\[|$))` — after it, a `[` or the end comes before any `]`.
fn outside_brackets(s: &str, after: usize) -> bool {
    for c in s[after..].chars() {
        match c {
            '[' => return true,
            ']' => return false,
            _ => {}
        }
    }
    true
}

/// `parseConfigsToBeAdded` for `--add-config`: `k1=v1,k2=[a,b]` → `(k1, v1), (k2, a,b)`.
/// Commas and `=` inside brackets do not split; brackets are then removed from values; a later
/// key replaces an earlier one (`Properties.setProperty`).
pub fn parse_configs_to_be_added(value: &str) -> Result<Vec<(String, String)>, Failure> {
    let mut entries: Vec<&str> = Vec::new();
    let mut start = 0;
    for (at, c) in value.char_indices() {
        if c == ',' && outside_brackets(value, at + 1) {
            entries.push(&value[start..at]);
            start = at + 1;
        }
    }
    entries.push(&value[start..]);
    // `String.split` drops trailing empty strings.
    while entries.len() > 1 && entries.last() == Some(&"") {
        entries.pop();
    }
    if entries == [""] && value.contains(',') {
        entries.clear();
    }
    let mut props: Vec<(String, String)> = Vec::new();
    for entry in entries {
        let mut parts: Vec<&str> = Vec::new();
        let mut start = 0;
        for (at, c) in entry.char_indices() {
            if c == '=' && outside_brackets(entry, at + 1) {
                parts.push(&entry[start..at]);
                start = at + 1;
            }
        }
        parts.push(&entry[start..]);
        let [key, raw_value] = parts.as_slice() else {
            return Err(Failure::IllegalArgument(
                "Invalid entity config: all configs to be added must be in the format \"key=val\" or  \"key=[val1,val2]\" to group values which contain commas."
                    .into(),
            ));
        };
        let key = key.trim_matches(|c: char| c <= ' ').to_string();
        let value: String = raw_value
            .chars()
            .filter(|c| *c != '[' && *c != ']')
            .collect();
        let value = value.trim_matches(|c: char| c <= ' ').to_string();
        props.retain(|(k, _)| *k != key);
        props.push((key, value));
    }
    // `validatePropsKey`.
    if let Some((bad, _)) = props.iter().find(|(k, _)| {
        !k.chars()
            .all(|c| c == '$' || c == '.' || c == '_' || c == '-' || c.is_ascii_alphanumeric())
    }) {
        return Err(Failure::IllegalArgument(format!(
            "Invalid character found for config key: {bad}"
        )));
    }
    Ok(props)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect()
    }

    #[test]
    fn add_config_bracket_syntax() {
        assert_eq!(
            parse_configs_to_be_added("cleanup.policy=[compact,delete], retention.ms = 1000").ok(),
            Some(pairs(&[
                ("cleanup.policy", "compact,delete"),
                ("retention.ms", "1000")
            ]))
        );
        assert_eq!(
            parse_configs_to_be_added("a=1,a=2,").ok(),
            Some(pairs(&[("a", "2")]))
        );
        assert_eq!(
            parse_configs_to_be_added("k=").ok(),
            Some(pairs(&[("k", "")]))
        );
        assert_eq!(
            parse_configs_to_be_added("k=[x=y]").ok(),
            Some(pairs(&[("k", "x=y")]))
        );
        for bad in ["", "k", "k=v=w", "a=1,,b=2"] {
            assert!(
                matches!(
                    parse_configs_to_be_added(bad),
                    Err(Failure::IllegalArgument(_))
                ),
                "{bad:?} should be refused"
            );
        }
        assert_eq!(
            parse_configs_to_be_added("bad key=1").unwrap_err(),
            Failure::IllegalArgument("Invalid character found for config key: bad key".into())
        );
    }

    #[test]
    fn lookahead_matches_kafkas_pattern() {
        assert!(outside_brackets("a,b", 2));
        assert!(!outside_brackets("[a,b]", 3));
        assert!(outside_brackets("[a],[b,c]", 4));
    }
}
