//! Stage one of every command: checking the words against the tool's flags.
//!
//! Kafka's tools parse with joptsimple (`CommandDefaultOptions`, built with
//! `new OptionParser(false)`: no abbreviations), so a long flag is `--name value` or
//! `--name=value`, must be spelled out in full, and may repeat where the tool allows it
//! (`--config`, `--add-config`…). This module knows nothing of any tool; each tool declares
//! its [`FlagSpec`]s and turns the [`Flags`] into its own typed arguments.

use std::collections::BTreeMap;

/// A [`FlagSpec`] constant: `flag!("topic", true, "The topic to …")`.
macro_rules! flag {
    ($name:literal, $takes:expr, $help:expr) => {
        $crate::cli::flags::FlagSpec {
            name: $name,
            takes_value: $takes,
            help: $help,
        }
    };
}
pub(crate) use flag;

/// One flag a tool accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagSpec {
    /// Without the leading `--`.
    pub name: &'static str,
    /// Whether the flag takes a value (`--topic t`) or stands alone (`--list`).
    pub takes_value: bool,
    /// Kafka's help text for the flag.
    pub help: &'static str,
}

/// Why the words did not fit the flags, in joptsimple's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlagError {
    #[error("{0} is not a recognized option")]
    Unrecognized(String),
    #[error("Option {0} requires an argument")]
    MissingValue(&'static str),
    #[error("Option {0} does not take an argument")]
    UnexpectedValue(&'static str),
    #[error("Found non-option argument '{0}'; options start with --")]
    Positional(String),
    #[error("Option {name} has an invalid value '{value}': {reason}")]
    InvalidValue {
        name: &'static str,
        value: String,
        reason: String,
    },
    #[error("Option {0} is given more than once")]
    Repeated(&'static str),
}

/// The flags given, each with its values in order (empty for a flag that takes none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flags {
    given: BTreeMap<&'static str, Vec<String>>,
}

impl Flags {
    /// Matches `words` (the tool name already removed) against `specs`.
    pub fn parse(specs: &[FlagSpec], words: &[String]) -> Result<Flags, FlagError> {
        let mut flags = Flags::default();
        let mut i = 0;
        while i < words.len() {
            let word = &words[i];
            let Some(body) = word.strip_prefix("--") else {
                return Err(FlagError::Positional(word.clone()));
            };
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let spec = specs
                .iter()
                .find(|s| s.name == name)
                .ok_or_else(|| FlagError::Unrecognized(name.to_string()))?;
            let values = flags.given.entry(spec.name).or_default();
            if spec.takes_value {
                let value = match inline {
                    Some(v) => v,
                    None => {
                        i += 1;
                        words
                            .get(i)
                            .cloned()
                            .ok_or(FlagError::MissingValue(spec.name))?
                    }
                };
                values.push(value);
            } else if inline.is_some() {
                return Err(FlagError::UnexpectedValue(spec.name));
            }
            i += 1;
        }
        Ok(flags)
    }

    pub fn has(&self, name: &str) -> bool {
        self.given.contains_key(name)
    }

    /// All values of a repeatable flag, in the order given.
    pub fn values(&self, name: &str) -> &[String] {
        self.given.get(name).map_or(&[], Vec::as_slice)
    }

    /// The value of a flag that may be given once.
    pub fn value(&self, spec: &FlagSpec) -> Result<Option<&str>, FlagError> {
        match self.values(spec.name) {
            [] => Ok(None),
            [v] => Ok(Some(v)),
            _ => Err(FlagError::Repeated(spec.name)),
        }
    }

    /// The value parsed as a number, with joptsimple's complaint when it is not one.
    pub fn number<T: std::str::FromStr>(&self, spec: &FlagSpec) -> Result<Option<T>, FlagError> {
        self.value(spec)?
            .map(|v| {
                v.parse().map_err(|_| FlagError::InvalidValue {
                    name: spec.name,
                    value: v.to_string(),
                    reason: "not a number".to_string(),
                })
            })
            .transpose()
    }

    /// The names given, for checks such as "exactly one action".
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.given.keys().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOPIC: FlagSpec = FlagSpec {
        name: "topic",
        takes_value: true,
        help: "",
    };
    const LIST: FlagSpec = FlagSpec {
        name: "list",
        takes_value: false,
        help: "",
    };
    const CONFIG: FlagSpec = FlagSpec {
        name: "config",
        takes_value: true,
        help: "",
    };
    const SPECS: &[FlagSpec] = &[TOPIC, LIST, CONFIG];

    fn parse(line: &str) -> Result<Flags, FlagError> {
        let words: Vec<String> = line.split_whitespace().map(String::from).collect();
        Flags::parse(SPECS, &words)
    }

    #[test]
    fn values_inline_and_repeated() {
        let f = parse("--topic=a --config x=1 --config y=2 --list").unwrap();
        assert_eq!(f.value(&TOPIC).unwrap(), Some("a"));
        assert_eq!(f.values("config"), ["x=1", "y=2"]);
        assert!(f.has("list"));
    }

    #[test]
    fn refusals_name_the_flag() {
        assert_eq!(
            parse("--topc a"),
            Err(FlagError::Unrecognized("topc".into()))
        );
        assert_eq!(parse("--topic"), Err(FlagError::MissingValue("topic")));
        assert_eq!(parse("--list=yes"), Err(FlagError::UnexpectedValue("list")));
        assert_eq!(parse("orders"), Err(FlagError::Positional("orders".into())));
        assert_eq!(
            parse("--topic a --topic b").unwrap().value(&TOPIC),
            Err(FlagError::Repeated("topic"))
        );
        // Abbreviations are refused, as Kafka's parsers are built without them.
        assert_eq!(parse("--top a"), Err(FlagError::Unrecognized("top".into())));
    }
}
