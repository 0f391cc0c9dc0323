//! Typed config values, parsed and validated exactly as Kafka's `ConfigDef` does.
//!
//! Mirrors `org.apache.kafka.common.config.ConfigDef` (clients module): `parseType` turns the
//! string a user typed into a typed value (`Not a number of type LONG`, `Expected value to be
//! either true or false`), and the validators (`Range.atLeast`, `Range.between`, `ValidString`,
//! `ValidList`, the gzip level validator of `CompressionType.GZIP`, `ThrottledReplicaListValidator`)
//! refuse out-of-range values with the same `ConfigException` text a real broker returns:
//! `Invalid value <v> for configuration <name>: <reason>`.

use crate::engine::error_code::ErrorCode;

/// Kafka's `ConfigDef.Type` (only the types topic and broker log settings use).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ConfigType {
    /// `BOOLEAN`.
    Boolean,
    /// `STRING`.
    String,
    /// `INT` (Java `int`, 32 bits).
    Int,
    /// `LONG` (Java `long`, 64 bits).
    Long,
    /// `DOUBLE`.
    Double,
    /// `LIST`: comma-separated strings.
    List,
}

impl ConfigType {
    /// Kafka's name of the type, as printed in `Not a number of type LONG`.
    pub const fn name(self) -> &'static str {
        match self {
            ConfigType::Boolean => "BOOLEAN",
            ConfigType::String => "STRING",
            ConfigType::Int => "INT",
            ConfigType::Long => "LONG",
            ConfigType::Double => "DOUBLE",
            ConfigType::List => "LIST",
        }
    }
}

/// A parsed config value.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ConfigValue {
    Boolean(bool),
    String(String),
    Int(i32),
    Long(i64),
    Double(f64),
    List(Vec<String>),
}

impl ConfigValue {
    /// `ConfigDef.convertToString`: how Kafka prints a value in `DescribeConfigs`
    /// (lists joined by `,`, doubles as Java's `Double.toString`).
    pub fn to_kafka_string(&self) -> String {
        match self {
            ConfigValue::Boolean(b) => b.to_string(),
            ConfigValue::String(s) => s.clone(),
            ConfigValue::Int(i) => i.to_string(),
            ConfigValue::Long(l) => l.to_string(),
            ConfigValue::Double(d) => java_double_to_string(*d),
            ConfigValue::List(items) => items.join(","),
        }
    }

    /// How Java's `toString` prints the value inside `Invalid value <v> for ...`
    /// (a `List` prints as `[a, b]`).
    fn java_display(&self) -> String {
        match self {
            ConfigValue::List(items) => format!("[{}]", items.join(", ")),
            other => other.to_kafka_string(),
        }
    }

    /// The value as an `i64` if it is an `Int` or a `Long`.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            ConfigValue::Int(i) => Some(i64::from(*i)),
            ConfigValue::Long(l) => Some(*l),
            _ => None,
        }
    }
}

/// A config refused by Kafka's validation; every variant is `INVALID_CONFIG` on the wire.
///
/// The texts are Kafka's: `ConfigException(name, value, message)` in `ConfigDef`,
/// `InvalidConfigurationException` in `LogConfig.validateNames` / `validateValues`,
/// `ConfigurationControlManager` for incremental alters and
/// `ControllerConfigurationValidator` for null values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// A value that does not parse or that a validator refuses (`ConfigException`).
    #[error("Invalid value {value} for configuration {name}: {reason}")]
    InvalidValue {
        name: String,
        value: String,
        reason: String,
    },
    /// A name that is not a topic config (`LogConfig.validateNames`).
    #[error("Unknown topic config name: {0}")]
    UnknownTopicConfig(String),
    /// A name that is not one of the broker settings kplay models. Kafka only warns
    /// ("was supplied but isn't a known config") at startup; kplay refuses so typos show.
    #[error("Unknown broker config name: {0} (kplay models the broker's log and topic-creation settings only)")]
    UnknownBrokerConfig(String),
    /// `LogConfig.validateValues`: the compaction lags contradict each other.
    #[error("conflict topic config setting min.compaction.lag.ms ({min_ms}) > max.compaction.lag.ms ({max_ms})")]
    CompactionLagConflict { min_ms: i64, max_ms: i64 },
    /// `ConfigurationControlManager`: APPEND/SUBTRACT on a non-list config.
    #[error("Can't {op} to key {key} because its type is not LIST.")]
    NotAList { op: &'static str, key: String },
    /// `ControllerConfigurationValidator`: a topic config sent with a null value.
    #[error("Null value not supported for topic configs: {}", .0.join(","))]
    NullValues(Vec<String>),
    /// `ConfigurationControlManager`: KRaft stores config values in records of at most `Short.MAX_VALUE` bytes.
    #[error("The configuration value cannot be added because it exceeds the maximum value size of 32767 bytes.")]
    ValueTooLarge,
    /// `LogConfig.validateRemoteStorageOnlyIfSystemEnabled`: kplay has no tiered storage.
    #[error("Tiered Storage functionality is disabled in the broker. Topic cannot be configured with remote log storage.")]
    RemoteStorageDisabled,
}

impl ConfigError {
    /// Kafka returns every config refusal as `INVALID_CONFIG`.
    pub const fn error_code(&self) -> ErrorCode {
        ErrorCode::InvalidConfig
    }

    fn invalid(name: &str, value: impl Into<String>, reason: impl Into<String>) -> ConfigError {
        ConfigError::InvalidValue {
            name: name.to_owned(),
            value: value.into(),
            reason: reason.into(),
        }
    }
}

/// The maximum length of a config value: KRaft's `ConfigRecord` value is a string of at most
/// `Short.MAX_VALUE` bytes (`ConfigurationControlManager.DISALLOWED_CONFIG_VALUE_SIZE_ERROR`).
pub const MAX_CONFIG_VALUE_BYTES: usize = i16::MAX as usize;

/// A `ConfigDef.Validator`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validator {
    /// `ConfigDef.Range`: `atLeast(min)` or `between(min, max)`. Kafka's bounds here are all
    /// integral, and are printed as Java prints an `Integer` (`Value must be at least 1`).
    Range { min: Option<i64>, max: Option<i64> },
    /// `ConfigDef.ValidString.in(...)` (case-sensitive).
    ValidString(&'static [&'static str]),
    /// `ConfigDef.ValidList.in(...)`: every element must be one of the strings.
    ValidList(&'static [&'static str]),
    /// `CompressionType.GZIP.levelValidator()`: 1..=9, or -1 (Deflater's default).
    GzipLevel,
    /// `ThrottledReplicaListValidator`: `*` or `partition:broker` pairs.
    ThrottledReplicaList,
}

impl Validator {
    /// `Range.atLeast(min)`.
    pub const fn at_least(min: i64) -> Validator {
        Validator::Range {
            min: Some(min),
            max: None,
        }
    }

    /// `Range.between(min, max)`.
    pub const fn between(min: i64, max: i64) -> Validator {
        Validator::Range {
            min: Some(min),
            max: Some(max),
        }
    }

    /// `Validator.ensureValid(name, value)`.
    pub fn ensure_valid(&self, name: &str, value: &ConfigValue) -> Result<(), ConfigError> {
        match *self {
            Validator::Range { min, max } => {
                let n = match value {
                    ConfigValue::Int(i) => f64::from(*i),
                    ConfigValue::Long(l) => *l as f64,
                    ConfigValue::Double(d) => *d,
                    other => panic!("Range validator on non-number {other:?} for {name}: the config table is wrong"),
                };
                // Kafka compares `n.doubleValue()` with the bound's `doubleValue()`; a NaN passes.
                if let Some(min) = min {
                    if n < min as f64 {
                        return Err(ConfigError::invalid(
                            name,
                            value.java_display(),
                            format!("Value must be at least {min}"),
                        ));
                    }
                }
                if let Some(max) = max {
                    if n > max as f64 {
                        return Err(ConfigError::invalid(
                            name,
                            value.java_display(),
                            format!("Value must be no more than {max}"),
                        ));
                    }
                }
                Ok(())
            }
            Validator::ValidString(valid) => {
                let ConfigValue::String(s) = value else {
                    panic!(
                        "ValidString validator on {value:?} for {name}: the config table is wrong"
                    )
                };
                check_one_of(name, s, valid)
            }
            Validator::ValidList(valid) => {
                let ConfigValue::List(items) = value else {
                    panic!("ValidList validator on {value:?} for {name}: the config table is wrong")
                };
                items
                    .iter()
                    .try_for_each(|item| check_one_of(name, item, valid))
            }
            Validator::GzipLevel => {
                let ConfigValue::Int(level) = *value else {
                    panic!(
                        "gzip level validator on {value:?} for {name}: the config table is wrong"
                    )
                };
                if level > 9 || (level < 1 && level != -1) {
                    return Err(ConfigError::invalid(
                        name,
                        level.to_string(),
                        "Value must be between 1 and 9 or equal to -1",
                    ));
                }
                Ok(())
            }
            Validator::ThrottledReplicaList => {
                let ConfigValue::List(items) = value else {
                    panic!("throttled replica validator on {value:?} for {name}: the config table is wrong")
                };
                let trimmed: Vec<&str> = items.iter().map(|s| java_trim(s)).collect();
                let all_pairs = trimmed
                    .iter()
                    .all(|s| s.is_empty() || is_partition_broker_pair(s));
                if all_pairs || trimmed.concat() == "*" {
                    Ok(())
                } else {
                    Err(ConfigError::invalid(
                        name,
                        value.java_display(),
                        format!("{name} must be the literal '*' or a list of replicas in the following format: [partitionId]:[brokerId],[partitionId]:[brokerId],..."),
                    ))
                }
            }
        }
    }
}

/// `[0-9]+:[0-9]+`.
fn is_partition_broker_pair(s: &str) -> bool {
    match s.split_once(':') {
        Some((p, b)) => {
            !p.is_empty()
                && !b.is_empty()
                && p.bytes().all(|c| c.is_ascii_digit())
                && b.bytes().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

fn check_one_of(name: &str, s: &str, valid: &[&str]) -> Result<(), ConfigError> {
    if valid.contains(&s) {
        Ok(())
    } else {
        Err(ConfigError::invalid(
            name,
            s,
            format!("String must be one of: {}", valid.join(", ")),
        ))
    }
}

/// Java's `String.trim()`: strips every char `<= ' '` from both ends (not Unicode whitespace).
pub fn java_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c <= ' ')
}

/// `ConfigDef.parseType(name, value, type)` for a string value, with Kafka's error texts.
///
/// The value in the error is the raw string as given (Kafka prints the original object).
pub fn parse_value(name: &str, raw: &str, ty: ConfigType) -> Result<ConfigValue, ConfigError> {
    let trimmed = java_trim(raw);
    let not_a_number =
        || ConfigError::invalid(name, raw, format!("Not a number of type {}", ty.name()));
    match ty {
        ConfigType::Boolean => {
            if trimmed.eq_ignore_ascii_case("true") {
                Ok(ConfigValue::Boolean(true))
            } else if trimmed.eq_ignore_ascii_case("false") {
                Ok(ConfigValue::Boolean(false))
            } else {
                Err(ConfigError::invalid(
                    name,
                    raw,
                    "Expected value to be either true or false",
                ))
            }
        }
        ConfigType::String => Ok(ConfigValue::String(trimmed.to_owned())),
        ConfigType::Int => java_parse_integer(trimmed)
            .and_then(|v| i32::try_from(v).ok())
            .map(ConfigValue::Int)
            .ok_or_else(not_a_number),
        ConfigType::Long => java_parse_integer(trimmed)
            .map(ConfigValue::Long)
            .ok_or_else(not_a_number),
        ConfigType::Double => java_parse_double(trimmed)
            .map(ConfigValue::Double)
            .ok_or_else(not_a_number),
        ConfigType::List => Ok(ConfigValue::List(split_list(trimmed))),
    }
}

/// `trimmed.split("\\s*,\\s*", -1)`, or the empty list for an empty string.
fn split_list(trimmed: &str) -> Vec<String> {
    if trimmed.is_empty() {
        return Vec::new();
    }
    trimmed
        .split(',')
        .map(|part| {
            part.trim_matches(|c: char| c.is_ascii_whitespace())
                .to_owned()
        })
        .collect()
}

/// `Long.parseLong`: optional `+`/`-`, then ASCII digits only, within `i64`.
fn java_parse_integer(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok()
}

/// `Double.parseDouble` for the forms users type: decimal or scientific notation with an
/// optional trailing `d`/`D`/`f`/`F`, and Java's spellings `NaN` and `[+-]Infinity`
/// (Rust's `inf`/`nan` spellings are refused, as Java refuses them). Java's hexadecimal
/// floating-point literals (`0x1p3`) are refused here although Java accepts them; nobody types
/// them into a topic config.
fn java_parse_double(s: &str) -> Option<f64> {
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    if unsigned == "Infinity" || unsigned == "NaN" {
        return s.replace("Infinity", "inf").parse().ok();
    }
    let body = s.strip_suffix(['d', 'D', 'f', 'F']).unwrap_or(s);
    let numeric = body.strip_prefix(['+', '-']).unwrap_or(body);
    if numeric.is_empty()
        || !numeric
            .bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return None;
    }
    body.parse().ok()
}

/// Java's `Double.toString(d)`: the shortest digits that round-trip (as Rust finds them),
/// laid out as Java does — plain decimal with at least one fractional digit for
/// `1e-3 <= |d| < 1e7`, otherwise `d.dddE±n`.
pub fn java_double_to_string(d: f64) -> String {
    if d.is_nan() {
        return "NaN".to_owned();
    }
    if d.is_infinite() {
        return if d > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if d == 0.0 {
        return if d.is_sign_negative() { "-0.0" } else { "0.0" }.to_owned();
    }
    let sci = format!("{:e}", d.abs());
    let (mantissa, exp) = sci
        .split_once('e')
        .expect("`{:e}` always prints an exponent");
    let exp: i32 = exp.parse().expect("`{:e}` prints a decimal exponent");
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let sign = if d < 0.0 { "-" } else { "" };
    let abs = d.abs();
    if (1e-3..1e7).contains(&abs) {
        let point = exp + 1; // digits before the decimal point
        let body = if point <= 0 {
            format!("0.{}{}", "0".repeat((-point) as usize), digits)
        } else if point as usize >= digits.len() {
            format!("{}{}.0", digits, "0".repeat(point as usize - digits.len()))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        };
        format!("{sign}{body}")
    } else {
        let frac = if digits.len() > 1 { &digits[1..] } else { "0" };
        format!("{sign}{}.{}E{}", &digits[..1], frac, exp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_parse_errors_use_kafkas_text() {
        let err = parse_value("retention.ms", "x", ConfigType::Long).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid value x for configuration retention.ms: Not a number of type LONG"
        );
        assert_eq!(err.error_code(), ErrorCode::InvalidConfig);
        assert_eq!(
            parse_value("retention.ms", " -1 ", ConfigType::Long).unwrap(),
            ConfigValue::Long(-1)
        );
        assert_eq!(
            parse_value("retention.ms", "+5", ConfigType::Long).unwrap(),
            ConfigValue::Long(5)
        );
        assert!(parse_value("retention.ms", "1.5", ConfigType::Long).is_err());
        assert!(parse_value("retention.ms", "9223372036854775808", ConfigType::Long).is_err());
    }

    #[test]
    fn int_overflow_is_not_a_number_of_type_int() {
        let err = parse_value("segment.bytes", "2147483648", ConfigType::Int).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid value 2147483648 for configuration segment.bytes: Not a number of type INT"
        );
    }

    #[test]
    fn boolean_parse_is_case_insensitive_and_strict() {
        assert_eq!(
            parse_value("preallocate", "TRUE", ConfigType::Boolean).unwrap(),
            ConfigValue::Boolean(true)
        );
        let err = parse_value("preallocate", "yes", ConfigType::Boolean).unwrap_err();
        assert_eq!(err.to_string(), "Invalid value yes for configuration preallocate: Expected value to be either true or false");
    }

    #[test]
    fn list_split_keeps_trailing_empty_element() {
        assert_eq!(
            parse_value("cleanup.policy", "delete , compact", ConfigType::List).unwrap(),
            ConfigValue::List(vec!["delete".into(), "compact".into()])
        );
        assert_eq!(
            parse_value("cleanup.policy", "", ConfigType::List).unwrap(),
            ConfigValue::List(vec![])
        );
        assert_eq!(
            parse_value("cleanup.policy", "delete,", ConfigType::List).unwrap(),
            ConfigValue::List(vec!["delete".into(), "".into()])
        );
    }

    #[test]
    fn range_messages_match_configdef() {
        let v = Validator::at_least(1);
        let err = v
            .ensure_valid("segment.ms", &ConfigValue::Long(0))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid value 0 for configuration segment.ms: Value must be at least 1"
        );
        let v = Validator::between(0, 1);
        let err = v
            .ensure_valid("min.cleanable.dirty.ratio", &ConfigValue::Double(1.5))
            .unwrap_err();
        assert_eq!(err.to_string(), "Invalid value 1.5 for configuration min.cleanable.dirty.ratio: Value must be no more than 1");
        assert!(v
            .ensure_valid("min.cleanable.dirty.ratio", &ConfigValue::Double(f64::NAN))
            .is_ok());
    }

    #[test]
    fn valid_string_and_list_messages() {
        let v = Validator::ValidString(&["CreateTime", "LogAppendTime"]);
        let err = v
            .ensure_valid(
                "message.timestamp.type",
                &ConfigValue::String("createtime".into()),
            )
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid value createtime for configuration message.timestamp.type: String must be one of: CreateTime, LogAppendTime"
        );
        let v = Validator::ValidList(&["compact", "delete"]);
        let err = v
            .ensure_valid(
                "cleanup.policy",
                &ConfigValue::List(vec!["delete".into(), "".into()]),
            )
            .unwrap_err();
        assert_eq!(err.to_string(), "Invalid value  for configuration cleanup.policy: String must be one of: compact, delete");
    }

    #[test]
    fn gzip_level_validator() {
        let v = Validator::GzipLevel;
        for ok in [-1, 1, 5, 9] {
            assert!(v
                .ensure_valid("compression.gzip.level", &ConfigValue::Int(ok))
                .is_ok());
        }
        let err = v
            .ensure_valid("compression.gzip.level", &ConfigValue::Int(0))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid value 0 for configuration compression.gzip.level: Value must be between 1 and 9 or equal to -1"
        );
    }

    #[test]
    fn throttled_replica_list_validator() {
        let v = Validator::ThrottledReplicaList;
        let list = |s: &str| parse_value("x", s, ConfigType::List).unwrap();
        assert!(v.ensure_valid("x", &list("*")).is_ok());
        assert!(v.ensure_valid("x", &list("0:1,1:2")).is_ok());
        assert!(v.ensure_valid("x", &list("")).is_ok());
        let err = v
            .ensure_valid("leader.replication.throttled.replicas", &list("0-1"))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid value [0-1] for configuration leader.replication.throttled.replicas: leader.replication.throttled.replicas must be the literal '*' or a list of replicas in the following format: [partitionId]:[brokerId],[partitionId]:[brokerId],..."
        );
    }

    #[test]
    fn double_parse_accepts_java_forms_only() {
        assert_eq!(java_parse_double("0.5"), Some(0.5));
        assert_eq!(java_parse_double("1e-1"), Some(0.1));
        assert_eq!(java_parse_double("2d"), Some(2.0));
        assert_eq!(java_parse_double("-Infinity"), Some(f64::NEG_INFINITY));
        assert!(java_parse_double("NaN").unwrap().is_nan());
        assert_eq!(java_parse_double("inf"), None);
        assert_eq!(java_parse_double("nan"), None);
        assert_eq!(java_parse_double("abc"), None);
        assert_eq!(java_parse_double(""), None);
    }

    #[test]
    fn doubles_print_like_java() {
        assert_eq!(java_double_to_string(0.5), "0.5");
        assert_eq!(java_double_to_string(1.0), "1.0");
        assert_eq!(java_double_to_string(0.0), "0.0");
        assert_eq!(java_double_to_string(100.0), "100.0");
        assert_eq!(java_double_to_string(0.001), "0.001");
        assert_eq!(java_double_to_string(0.0001), "1.0E-4");
        assert_eq!(java_double_to_string(12345678.0), "1.2345678E7");
        assert_eq!(java_double_to_string(-2.5), "-2.5");
        assert_eq!(
            java_double_to_string(1.7976931348623157e308),
            "1.7976931348623157E308"
        );
    }
}
