//! Java's `Properties` text format, as tools read `--producer.config` and friends
//! (`Utils.loadProps` → `Properties.load`), `CommandLineUtils.parseKeyValueArgs` for
//! repeated `--producer-property k=v` flags, and the `Properties` operations the tools make on
//! the result (a list of pairs in first-appearance order, each key once).

use crate::cli::vfs::Files;

/// `Properties.put`: replaces the key's value, or adds the key at the end.
pub fn put(props: &mut Vec<(String, String)>, key: &str, value: &str) {
    match props.iter_mut().find(|(k, _)| k == key) {
        Some(entry) => entry.1 = value.to_owned(),
        None => props.push((key.to_owned(), value.to_owned())),
    }
}

/// `Properties.getProperty`.
pub fn get<'a>(props: &'a [(String, String)], key: &str) -> Option<&'a str> {
    props
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// `Utils.loadProps(path)`; `Err` is the exception a missing file gives
/// (`Files.newInputStream` → `NoSuchFileException`).
pub fn load(files: &Files<'_>, path: &str) -> Result<Vec<(String, String)>, String> {
    files
        .read_to_string(path)
        .map(|text| parse(&text))
        .map_err(|_| format!("java.nio.file.NoSuchFileException: {path}"))
}

/// `Properties.load`: one `key=value`, `key:value` or `key value` per logical line; `#` and
/// `!` start comments; a line ending in an odd number of backslashes continues on the next
/// (whose leading blanks are dropped); `\t`, `\n`, `\r`, `\f`, `\uXXXX` and `\<c>` escapes are
/// decoded. Later keys replace earlier ones, as `Hashtable.put` does; the order kept is the
/// first appearance.
pub fn parse(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut logical = String::new();
    let mut continuing = false;
    for raw in text.lines() {
        let line = if continuing {
            raw.trim_start_matches([' ', '\t', '\u{c}'])
        } else {
            let trimmed = raw.trim_start_matches([' ', '\t', '\u{c}']);
            if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('!') {
                continue;
            }
            trimmed
        };
        let trailing = line.chars().rev().take_while(|&c| c == '\\').count();
        if trailing % 2 == 1 {
            logical.push_str(&line[..line.len() - 1]);
            continuing = true;
            continue;
        }
        logical.push_str(line);
        continuing = false;
        let (key, value) = split_key_value(&logical);
        put(&mut out, &key, &value);
        logical.clear();
    }
    if continuing && !logical.is_empty() {
        let (key, value) = split_key_value(&logical);
        put(&mut out, &key, &value);
    }
    out
}

/// Splits a logical line at the first unescaped `=`, `:` or blank (blanks around the
/// separator are skipped), then unescapes both sides.
fn split_key_value(line: &str) -> (String, String) {
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut escaped = false;
    while i < chars.len() {
        let c = chars[i];
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '=' || c == ':' || c == ' ' || c == '\t' || c == '\u{c}' {
            break;
        }
        i += 1;
    }
    let key: String = chars[..i].iter().collect();
    let mut j = i;
    while j < chars.len() && matches!(chars[j], ' ' | '\t' | '\u{c}') {
        j += 1;
    }
    if j < chars.len() && matches!(chars[j], '=' | ':') {
        j += 1;
        while j < chars.len() && matches!(chars[j], ' ' | '\t' | '\u{c}') {
            j += 1;
        }
    }
    let value: String = chars[j..].iter().collect();
    (unescape(&key), unescape(&value))
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(decoded) if hex.len() == 4 => out.push(decoded),
                    _ => {
                        out.push('u');
                        out.push_str(&hex);
                    }
                }
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// `CommandLineUtils.parseKeyValueArgs(args)` (missing values accepted): each argument split
/// at its first `=`; `k` and `k=` both give an empty value.
pub fn parse_key_value_args(args: &[String]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for arg in args {
        let (key, value) = arg.split_once('=').unwrap_or((arg.as_str(), ""));
        put(&mut out, key, value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn separators_comments_and_continuations() {
        let text = "# producer\n! also a comment\nacks=all\nlinger.ms : 5\nclient.id console one\n\
                    key.separator=\\t\nlong=a\\\n    b\nacks=1\n";
        assert_eq!(
            parse(text),
            pairs(&[
                ("acks", "1"),
                ("linger.ms", "5"),
                ("client.id", "console one"),
                ("key.separator", "\t"),
                ("long", "ab"),
            ])
        );
    }

    #[test]
    fn escaped_separators_and_unicode() {
        assert_eq!(
            parse("a\\=b=c\nk=\\uD55C\\uAE00\n"),
            pairs(&[("a=b", "c"), ("k", "한글")])
        );
    }

    #[test]
    fn key_value_args_split_at_the_first_equals() {
        let args: Vec<String> = ["a=b=c", "flag", "e=", "a=d"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            parse_key_value_args(&args),
            pairs(&[("a", "d"), ("flag", ""), ("e", "")])
        );
    }
}
