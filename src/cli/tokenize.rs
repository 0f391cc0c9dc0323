//! Splitting a command line into words the way a POSIX shell does, so commands pasted from
//! a book or a terminal (`--config 'cleanup.policy=compact'`, `"한글 키"`) mean the same here.

/// Why a line could not be split.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenizeError {
    #[error("unterminated {quote} quote")]
    UnterminatedQuote { quote: &'static str },
    #[error("the line ends with a lone backslash")]
    TrailingBackslash,
}

/// Splits `line` into words: whitespace separates, `'…'` is literal, `"…"` allows `\"`, `\\`,
/// `\$` and `` \` `` escapes, and a backslash outside quotes escapes the next character.
pub fn tokenize(line: &str) -> Result<Vec<String>, TokenizeError> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err(TokenizeError::UnterminatedQuote { quote: "single" }),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(e @ ('"' | '\\' | '$' | '`')) => word.push(e),
                            Some(other) => {
                                word.push('\\');
                                word.push(other);
                            }
                            None => {
                                return Err(TokenizeError::UnterminatedQuote { quote: "double" })
                            }
                        },
                        Some(c) => word.push(c),
                        None => return Err(TokenizeError::UnterminatedQuote { quote: "double" }),
                    }
                }
            }
            '\\' => match chars.next() {
                Some(e) => {
                    in_word = true;
                    word.push(e);
                }
                None => return Err(TokenizeError::TrailingBackslash),
            },
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        tokenize(line).unwrap()
    }

    #[test]
    fn splits_like_a_shell() {
        assert_eq!(
            words("kafka-topics.sh  --create --topic hello.kafka\t--partitions 3"),
            [
                "kafka-topics.sh",
                "--create",
                "--topic",
                "hello.kafka",
                "--partitions",
                "3"
            ]
        );
        assert_eq!(
            words(r#"--config 'a b' "c \"d\"" e\ f ''"#),
            ["--config", "a b", r#"c "d""#, "e f", ""]
        );
        assert_eq!(words("\"안녕 카프카\""), ["안녕 카프카"]);
        assert!(words("   ").is_empty());
    }

    #[test]
    fn refuses_unbalanced_quotes() {
        assert_eq!(
            tokenize("'abc"),
            Err(TokenizeError::UnterminatedQuote { quote: "single" })
        );
        assert_eq!(
            tokenize("\"abc"),
            Err(TokenizeError::UnterminatedQuote { quote: "double" })
        );
        assert_eq!(tokenize("abc \\"), Err(TokenizeError::TrailingBackslash));
    }
}
