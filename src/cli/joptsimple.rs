//! joptsimple as Kafka's tools use it: how a command line is read, the exceptions' messages,
//! and the help screen `parser.printHelpOn` prints.
//!
//! Kafka's tools build their parser in `CommandDefaultOptions` (`new OptionParser(false)`, with
//! `--help` and `--version` added), so these quirks are the same for every tool:
//! * a word that is not an option and not an option's argument is a *non-option argument*;
//!   joptsimple keeps it and no Kafka tool looks at it, so it is silently ignored
//!   (`kafka-topics.sh --create my-topic` complains about the missing `--topic`, not about
//!   `my-topic`); `--` ends the options;
//! * a long option may be written with one dash (`-topic t`), and an unknown single-dash word
//!   is read as a cluster of short options, refused by its first letter
//!   (`OptionParser.handleShortOptionToken`);
//! * an option that takes an argument takes the next word whatever it looks like
//!   (`--partitions -1`), also after an empty inline value (`--topic= t`,
//!   `ArgumentAcceptingOptionSpec.handleOption`); an inline value given to an option without
//!   argument is ignored;
//! * an option with an *optional* argument (`withOptionalArg`: `--state` of
//!   kafka-consumer-groups, `--compression-codec` of kafka-console-producer) takes an inline
//!   `=value`, or else the next word unless that word looks like an option
//!   (`OptionalArgumentOptionSpec.detectOptionArgument`); [`normalise_optional_args`] spells
//!   that out before [`parse`] sees the words, giving an option written without its argument
//!   the marker [`NO_VALUE`] ([`optional_value`] reads it back as `None`), and
//!   [`optional_args_in_brackets`] shows such an argument as `[String]` on the help screen;
//! * messages are those of `joptsimple/ExceptionMessages.properties`.
//!
//! The help screen is `BuiltinHelpFormatter(80, 2)`: options sorted by name in two columns,
//! the left at most 39 characters wide, text wrapped as `joptsimple.internal.Columns` does with
//! Java's line `BreakIterator` (approximated: a line may break after whitespace, and after a
//! hyphen that follows a non-space character and precedes a letter).
//!
//! This module serves every tool (`kafka-topics`, `kafka-configs`); it lives under `topics/`
//! because that is the tool it was written for.

use crate::cli::flags::{FlagError, FlagSpec, Flags};

/// A command line as joptsimple's `OptionParser.parse` reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub flags: Flags,
    /// The non-option arguments, which Kafka's tools ignore.
    pub non_options: Vec<String>,
}

/// Reads `words` (the tool name removed) against `specs` with joptsimple's rules, then hands
/// the normalised option words to stage one ([`Flags::parse`]).
pub fn parse(specs: &[FlagSpec], words: &[String]) -> Result<Parsed, FlagError> {
    let mut option_words = Vec::new();
    let mut non_options = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if word == "--" {
            non_options.extend(words[i..].iter().cloned());
            break;
        }
        let body = if let Some(body) = word.strip_prefix("--") {
            body
        } else if word.len() > 1 && word.starts_with('-') {
            let body = &word[1..];
            let name = body.split_once('=').map_or(body, |(n, _)| n);
            if !specs.iter().any(|s| s.name == name) {
                // A short-option cluster; no Kafka tool declares a one-letter option.
                let first = body.chars().next().expect("a word longer than one char");
                return Err(FlagError::Unrecognized(first.to_string()));
            }
            body
        } else {
            non_options.push(word.clone());
            continue;
        };
        let (name, inline) = match body.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (body, None),
        };
        let spec = specs
            .iter()
            .find(|s| s.name == name)
            .ok_or_else(|| FlagError::Unrecognized(name.to_string()))?;
        if spec.takes_value {
            let value = match inline {
                Some(v) if !v.is_empty() => v.to_string(),
                _ => {
                    let next = words.get(i).ok_or(FlagError::MissingValue(spec.name))?;
                    i += 1;
                    next.clone()
                }
            };
            option_words.push(format!("--{}={value}", spec.name));
        } else {
            option_words.push(format!("--{}", spec.name));
        }
    }
    let flags = Flags::parse(specs, &option_words)?;
    Ok(Parsed { flags, non_options })
}

/// The value [`normalise_optional_args`] gives an optional-argument option written without
/// one (a word no shell line can hold).
pub const NO_VALUE: &str = "\u{0}";

/// Rewrites each option of `optional` (those of `specs` declared `withOptionalArg`) as
/// `--name=value` when it has an argument, else as `--name=<NO_VALUE>`: an inline value
/// (`--state=stable`) stays as it is; a bare one (`--state`, or `--state=` with nothing after
/// the `=`) takes the next word unless that word looks like an option, as joptsimple's
/// `ArgumentAcceptingOptionSpec.handleOption` and
/// `OptionalArgumentOptionSpec.detectOptionArgument` decide. The word after an option with a
/// required argument is that argument whatever it looks like, and is left alone.
pub fn normalise_optional_args(
    specs: &[FlagSpec],
    optional: &[FlagSpec],
    words: &[String],
) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if word == "--" {
            out.extend(words[i - 1..].iter().cloned());
            break;
        }
        out.push(word.clone());
        let Some(bare) = word.strip_prefix("--").or_else(|| word.strip_prefix('-')) else {
            continue;
        };
        let (name, inline) = match bare.split_once('=') {
            Some((n, v)) => (n, v),
            None => (bare, ""),
        };
        if !inline.is_empty() {
            continue;
        }
        if let Some(spec) = optional.iter().find(|s| s.name == name) {
            out.pop();
            let next_is_value = words.get(i).is_some_and(|next| !looks_like_an_option(next));
            if next_is_value {
                out.push(format!("--{}={}", spec.name, words[i]));
                i += 1;
            } else {
                out.push(format!("--{}={NO_VALUE}", spec.name));
            }
        } else if specs.iter().any(|s| s.name == name && s.takes_value) {
            if let Some(next) = words.get(i) {
                out.push(next.clone());
                i += 1;
            }
        }
    }
    out
}

/// `OptionParser.looksLikeAnOption`: a short (`-x`) or long (`--x`) option token.
fn looks_like_an_option(word: &str) -> bool {
    word.starts_with('-') && word != "-" && word != "--"
}

/// An optional-argument option's value: `None` when it was written without one (or not at
/// all), as `OptionSet.valueOf` answers `null`.
pub fn optional_value<'a>(flags: &'a Flags, spec: &FlagSpec) -> Result<Option<&'a str>, FlagError> {
    Ok(flags.value(spec)?.filter(|v| *v != NO_VALUE))
}

/// The help screen's lines with the argument of each option of `optional` in square
/// brackets (`--state [String]`, `--compression-codec [String: compression-codec]`), as
/// `BuiltinHelpFormatter.appendOptionHelp` shows an optional argument. The brackets are as
/// wide as `<>`, so joptsimple's layout is the same; a display wrapped in the option column
/// closes its bracket on a following line.
pub fn optional_args_in_brackets(lines: Vec<String>, optional: &[FlagSpec]) -> Vec<String> {
    let mut closing = false;
    lines
        .into_iter()
        .map(|line| {
            if closing {
                if let Some(at) = line.find('>') {
                    closing = false;
                    let mut line = line;
                    line.replace_range(at..=at, "]");
                    return line;
                }
                return line;
            }
            for spec in optional {
                let opening = format!("--{} <", spec.name);
                if let Some(rest) = line.strip_prefix(&opening) {
                    // The display ends at the first `>` unless it was wrapped.
                    let first_word_end = rest.find("  ").unwrap_or(rest.len());
                    let (display, tail) = rest.split_at(first_word_end);
                    return match display.find('>') {
                        Some(at) => {
                            let mut display = display.to_string();
                            display.replace_range(at..=at, "]");
                            format!("--{} [{display}{tail}", spec.name)
                        }
                        None => {
                            closing = true;
                            format!("--{} [{rest}", spec.name)
                        }
                    };
                }
            }
            line
        })
        .collect()
}

/// The message joptsimple's exception carries for `e` (`ExceptionMessages.properties`).
pub fn message(e: &FlagError) -> String {
    match e {
        FlagError::Repeated(name) => {
            format!("Found multiple arguments for option {name}, but you asked for only one")
        }
        FlagError::InvalidValue { name, value, .. } => {
            format!("Cannot parse argument '{value}' of option {name}")
        }
        other => other.to_string(),
    }
}

/// The class of the `OptionException` joptsimple throws for `e`, as an uncaught exception's
/// first line names it (`Exception in thread "main" joptsimple.UnrecognizedOptionException: …`).
pub fn exception_class(e: &FlagError) -> &'static str {
    match e {
        FlagError::Unrecognized(_) | FlagError::Positional(_) => {
            "joptsimple.UnrecognizedOptionException"
        }
        FlagError::MissingValue(_) => "joptsimple.OptionMissingRequiredArgumentException",
        FlagError::UnexpectedValue(_) => "joptsimple.UnconfiguredOptionException",
        FlagError::InvalidValue { .. } => "joptsimple.OptionArgumentConversionException",
        FlagError::Repeated(_) => "joptsimple.MultipleArgumentsForOptionException",
    }
}

/// How `OptionSpec.toString()` shows an option in Kafka's messages: `[topic]`.
pub fn spec_string(name: &str) -> String {
    format!("[{name}]")
}

/// The argument of an option, as the help screen shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArgHelp {
    /// `ofType(...)`'s simple class name: `String`, `Integer`, `Long`.
    pub type_name: &'static str,
    /// `describedAs(...)`, empty when the tool gives none.
    pub described_as: &'static str,
}

/// One option on the help screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpOption {
    pub name: &'static str,
    pub arg: Option<ArgHelp>,
    pub description: String,
}

impl HelpOption {
    /// `BuiltinHelpFormatter.createOptionDisplay`: `--name <Type: described>`.
    fn display(&self) -> String {
        let mut s = format!("--{}", self.name);
        if let Some(arg) = self.arg {
            s.push_str(" <");
            s.push_str(arg.type_name);
            if !arg.described_as.is_empty() {
                s.push_str(": ");
                s.push_str(arg.described_as);
            }
            s.push('>');
        }
        s
    }
}

/// `BuiltinHelpFormatter(80, 2)`'s overall width and column gap.
const OVERALL_WIDTH: usize = 80;
const COLUMN_SEPARATOR_WIDTH: usize = 2;
/// `Columns.INDENT_WIDTH`: continuation lines start with two spaces.
const INDENT_WIDTH: usize = 2;

/// The help screen, one string per line (trailing spaces included, as joptsimple pads every
/// column).
pub fn help_screen(options: &[HelpOption]) -> Vec<String> {
    let mut sorted: Vec<&HelpOption> = options.iter().collect();
    crate::sort::sort_by(&mut sorted, |a, b| a.name.cmp(b.name));
    let mut rows = Rows::default();
    rows.add("Option".into(), "Description".into());
    rows.add("------".into(), "-----------".into());
    for option in sorted {
        rows.add(option.display(), option.description.clone());
    }
    rows.fit_to_width();
    rows.render()
}

/// `joptsimple.internal.Rows`.
#[derive(Default)]
struct Rows {
    rows: Vec<(String, String)>,
    widest_option: usize,
    widest_description: usize,
}

impl Rows {
    fn add(&mut self, option: String, description: String) {
        self.widest_option = self.widest_option.max(java_len(&option));
        self.widest_description = self.widest_description.max(java_len(&description));
        self.rows.push((option, description));
    }

    fn option_width(&self) -> usize {
        ((OVERALL_WIDTH - COLUMN_SEPARATOR_WIDTH) / 2).min(self.widest_option)
    }

    fn description_width(&self) -> usize {
        (OVERALL_WIDTH - self.option_width() - COLUMN_SEPARATOR_WIDTH).min(self.widest_description)
    }

    /// `Rows.fitToWidth` with `Columns.fit`: wraps both columns, then measures again.
    fn fit_to_width(&mut self) {
        let (option_width, description_width) = (self.option_width(), self.description_width());
        let rows = std::mem::take(&mut self.rows);
        *self = Rows::default();
        for (option, description) in rows {
            let options = pieces_of(&option, option_width);
            let descriptions = pieces_of(&description, description_width);
            for i in 0..options.len().max(descriptions.len()) {
                let o = options.get(i).cloned().unwrap_or_default();
                let d = descriptions.get(i).cloned().unwrap_or_default();
                self.add(o, d);
            }
        }
    }

    fn render(&self) -> Vec<String> {
        let (option_width, description_width) = (self.option_width(), self.description_width());
        self.rows
            .iter()
            .map(|(o, d)| {
                let mut line = pad(o, option_width);
                line.push_str(&" ".repeat(COLUMN_SEPARATOR_WIDTH));
                line.push_str(&pad(d, description_width));
                line
            })
            .collect()
    }
}

/// Java's `String.length()` for the text the tools print (UTF-16 units).
fn java_len(s: &str) -> usize {
    s.encode_utf16().count()
}

fn pad(s: &str, width: usize) -> String {
    let mut out = s.to_string();
    out.push_str(&" ".repeat(width.saturating_sub(java_len(s))));
    out
}

/// `Columns.piecesOf`: the text trimmed, split at its line breaks, each line wrapped.
fn pieces_of(raw: &str, width: usize) -> Vec<String> {
    let trimmed = raw.trim_matches(|c: char| c <= ' ');
    let mut lines: Vec<&str> = trimmed.split('\n').collect();
    // `String.split` drops trailing empty strings (but keeps a lone "").
    while lines.len() > 1 && lines.last() == Some(&"") {
        lines.pop();
    }
    lines
        .into_iter()
        .flat_map(|line| pieces_of_embedded_line(line, width))
        .collect()
}

/// `Columns.piecesOfEmbeddedLine` / `processNextWord`.
fn pieces_of_embedded_line(line: &str, width: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut next_piece = String::new();
    for word in break_words(line) {
        if java_len(&next_piece) + java_len(word) > width {
            pieces.push(trim_java_whitespace_end(&next_piece).to_string());
            next_piece = " ".repeat(INDENT_WIDTH);
        }
        next_piece.push_str(word);
    }
    if !next_piece.is_empty() {
        pieces.push(next_piece);
    }
    pieces
}

/// `replaceAll("\\s+$", "")`: Java's `\s` is `[ \t\n\x0B\f\r]`.
fn trim_java_whitespace_end(s: &str) -> &str {
    s.trim_end_matches([' ', '\t', '\n', '\u{0B}', '\u{0C}', '\r'])
}

/// The words between line-break opportunities (see the module doc for the rule).
fn break_words(line: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut words = Vec::new();
    let mut start = 0;
    for (k, &(at, c)) in chars.iter().enumerate() {
        let Some(&(_, next)) = chars.get(k + 1) else {
            break;
        };
        let after_space = c.is_whitespace() && !next.is_whitespace();
        let after_hyphen =
            c == '-' && k > 0 && !chars[k - 1].1.is_whitespace() && next.is_ascii_alphabetic();
        if after_space || after_hyphen {
            let end = at + c.len_utf8();
            words.push(&line[start..end]);
            start = end;
        }
    }
    if start < line.len() {
        words.push(&line[start..]);
    }
    words
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
    const PARTITIONS: FlagSpec = FlagSpec {
        name: "partitions",
        takes_value: true,
        help: "",
    };
    const SPECS: &[FlagSpec] = &[TOPIC, LIST, PARTITIONS];

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    const STATE: FlagSpec = FlagSpec {
        name: "state",
        takes_value: true,
        help: "",
    };

    #[test]
    fn optional_arguments_take_the_next_word_unless_it_is_an_option() {
        let specs = [STATE, LIST, TOPIC];
        let normalise = |line: &str| normalise_optional_args(&specs, &[STATE], &words(line));
        assert_eq!(
            normalise("--list --state stable --x"),
            words("--list --state=stable --x")
        );
        assert_eq!(
            normalise("--describe --state --group g"),
            vec![
                "--describe".to_string(),
                format!("--state={NO_VALUE}"),
                "--group".into(),
                "g".into()
            ]
        );
        assert_eq!(normalise("--state"), vec![format!("--state={NO_VALUE}")]);
        assert_eq!(normalise("--state=x y"), words("--state=x y"));
        assert_eq!(normalise("-state= y"), words("--state=y"));
        assert_eq!(normalise("--state -"), words("--state=-"));
        // The argument of a required-argument option is never an option.
        assert_eq!(normalise("--topic --state"), words("--topic --state"));
        assert_eq!(normalise("--topic= --state"), words("--topic= --state"));
        let flags = parse(&specs, &normalise("--state --list")).unwrap().flags;
        assert!(flags.has("state"));
        assert_eq!(optional_value(&flags, &STATE), Ok(None));
        let flags = parse(&specs, &normalise("--state s")).unwrap().flags;
        assert_eq!(optional_value(&flags, &STATE), Ok(Some("s")));
    }

    #[test]
    fn optional_arguments_show_in_brackets_even_when_wrapped() {
        let lines = vec![
            "--state <String>      a > b".to_string(),
            "--codec <String:      The codec".to_string(),
            "  codec>              more > text".to_string(),
            "--topic <String>      t".to_string(),
        ];
        let codec = FlagSpec {
            name: "codec",
            takes_value: true,
            help: "",
        };
        assert_eq!(
            optional_args_in_brackets(lines, &[STATE, codec]),
            [
                "--state [String]      a > b",
                "--codec [String:      The codec",
                "  codec]              more > text",
                "--topic <String>      t",
            ]
        );
    }

    #[test]
    fn non_options_are_kept_aside() {
        let p = parse(SPECS, &words("--list stray --topic t -- --list")).unwrap();
        assert!(p.flags.has("list"));
        assert_eq!(p.flags.value(&TOPIC).unwrap(), Some("t"));
        assert_eq!(p.non_options, ["stray", "--list"]);
        assert_eq!(parse(SPECS, &words("- --list")).unwrap().non_options, ["-"]);
    }

    #[test]
    fn single_dash_long_options_and_clusters() {
        let p = parse(SPECS, &words("-topic t -list")).unwrap();
        assert_eq!(p.flags.value(&TOPIC).unwrap(), Some("t"));
        assert!(p.flags.has("list"));
        let e = parse(SPECS, &words("-xyz")).unwrap_err();
        assert_eq!(message(&e), "x is not a recognized option");
    }

    #[test]
    fn arguments_are_taken_whatever_they_look_like() {
        let p = parse(SPECS, &words("--partitions -1 --topic= t --list=yes")).unwrap();
        assert_eq!(p.flags.value(&PARTITIONS).unwrap(), Some("-1"));
        assert_eq!(p.flags.value(&TOPIC).unwrap(), Some("t"));
        assert!(p.flags.has("list"));
        let e = parse(SPECS, &words("--list --topic")).unwrap_err();
        assert_eq!(message(&e), "Option topic requires an argument");
        let e = parse(SPECS, &words("--lst")).unwrap_err();
        assert_eq!(message(&e), "lst is not a recognized option");
    }

    #[test]
    fn conversion_and_multiplicity_messages() {
        let p = parse(SPECS, &words("--partitions x --topic a --topic b")).unwrap();
        let e = p.flags.number::<i32>(&PARTITIONS).unwrap_err();
        assert_eq!(
            message(&e),
            "Cannot parse argument 'x' of option partitions"
        );
        let e = p.flags.value(&TOPIC).unwrap_err();
        assert_eq!(
            message(&e),
            "Found multiple arguments for option topic, but you asked for only one"
        );
    }

    #[test]
    fn help_wraps_like_joptsimple() {
        let options = [
            HelpOption {
                name: "bootstrap-server",
                arg: Some(ArgHelp {
                    type_name: "String",
                    described_as: "server to connect to",
                }),
                description: "REQUIRED: The Kafka server to connect to.".into(),
            },
            HelpOption {
                name: "alter",
                arg: None,
                description: "Alter the number of partitions and replica assignment. (To alter topic configurations, the kafka-configs tool can be used.)".into(),
            },
        ];
        let lines = help_screen(&options);
        // Both columns are measured again after wrapping: 37 wide here, not 39.
        let expected = [
            "Option                                 Description                          ",
            "------                                 -----------                          ",
            "--alter                                Alter the number of partitions and   ",
            "                                         replica assignment. (To alter topic",
            "                                         configurations, the kafka-configs  ",
            "                                         tool can be used.)                 ",
            "--bootstrap-server <String: server to  REQUIRED: The Kafka server to connect",
            "  connect to>                            to.                                ",
        ];
        assert_eq!(lines, expected);
    }

    #[test]
    fn words_break_after_spaces_and_inner_hyphens() {
        assert_eq!(
            break_words("a --bootstrap-server x"),
            ["a ", "--", "bootstrap-", "server ", "x"]
        );
        assert_eq!(break_words("0-based -x"), ["0-", "based ", "-x"]);
        assert!(break_words("").is_empty());
        assert_eq!(pieces_of("  \n", 10), Vec::<String>::new());
        assert_eq!(pieces_of("a\n\tb\n", 10), ["a", "\tb"]);
    }

    proptest! {
        /// Wrapping keeps every character but whitespace, in order, and pads every line to the
        /// same width.
        #[test]
        fn wrapping_loses_nothing(words in proptest::collection::vec("[a-z]{1,12}(-[a-z]{1,6})?", 1..40)) {
            let description = words.join(" ");
            let lines = help_screen(&[HelpOption { name: "x", arg: None, description: description.clone() }]);
            let width = java_len(&lines[0]);
            prop_assert!(lines.iter().all(|l| java_len(l) == width));
            let kept: String = lines[2..].iter().flat_map(|l| l.chars()).filter(|c| !c.is_whitespace()).collect();
            let expected: String = format!("--x{description}").chars().filter(|c| !c.is_whitespace()).collect();
            prop_assert_eq!(kept, expected);
        }
    }
}
