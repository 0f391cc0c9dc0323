//! `LineMessageReader`: how kafka-console-producer turns each line into a record (Kafka 4.0,
//! `org.apache.kafka.tools.LineMessageReader`).
//!
//! Reader properties (`--property`, `--reader-config`): `parse.key` (default false),
//! `key.separator` (`\t`), `parse.headers` (false), `headers.delimiter` (`\t`),
//! `headers.separator` (`,`, a Java regex in Kafka; kplay splits on the literal text, which is
//! the same for every separator without regex metacharacters), `headers.key.separator` (`:`),
//! `ignore.error` (false) and `null.marker` (unset). A line is
//! `[headers<delimiter>][key<separator>]value`; a field equal to `null.marker` is null.

use crate::engine::record::Header;

/// A reader's settings, checked as `configure` checks them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineReader {
    parse_key: bool,
    key_separator: String,
    parse_headers: bool,
    headers_delimiter: String,
    headers_separator: String,
    headers_key_separator: String,
    ignore_error: bool,
    null_marker: Option<String>,
    line_number: u64,
}

/// One parsed line: key and value as UTF-8 bytes (`None` is null), and its headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRecord {
    pub key: Option<Vec<u8>>,
    pub value: Option<Vec<u8>>,
    pub headers: Vec<Header>,
}

fn is_true(value: &str) -> bool {
    value.trim().eq_ignore_ascii_case("true")
}

impl LineReader {
    /// `LineMessageReader.configure`; `Err` is the `KafkaException` message.
    pub fn configure(props: &[(String, String)]) -> Result<LineReader, String> {
        let get = |name: &str| crate::cli::java_properties::get(props, name);
        let reader = LineReader {
            parse_key: get("parse.key").is_some_and(is_true),
            key_separator: get("key.separator").unwrap_or("\t").to_owned(),
            parse_headers: get("parse.headers").is_some_and(is_true),
            headers_delimiter: get("headers.delimiter").unwrap_or("\t").to_owned(),
            headers_separator: get("headers.separator").unwrap_or(",").to_owned(),
            headers_key_separator: get("headers.key.separator").unwrap_or(":").to_owned(),
            ignore_error: get("ignore.error").is_some_and(is_true),
            null_marker: get("null.marker").map(str::to_owned),
            line_number: 0,
        };
        let r = &reader;
        if r.headers_delimiter == r.headers_separator {
            return Err("headers.delimiter and headers.separator may not be equal".into());
        }
        if r.headers_delimiter == r.headers_key_separator {
            return Err("headers.delimiter and headers.key.separator may not be equal".into());
        }
        if r.headers_separator == r.headers_key_separator {
            return Err("headers.separator and headers.key.separator may not be equal".into());
        }
        if let Some(marker) = &r.null_marker {
            for (name, value) in [
                ("key.separator", &r.key_separator),
                ("headers.separator", &r.headers_separator),
                ("headers.delimiter", &r.headers_delimiter),
                ("headers.key.separator", &r.headers_key_separator),
            ] {
                if value == marker {
                    return Err(format!("null.marker and {name} may not be equal"));
                }
            }
        }
        Ok(reader)
    }

    /// The next line as a record; `Err` is the `KafkaException` message that ends the tool.
    pub fn read(&mut self, line: &str) -> Result<LineRecord, String> {
        self.line_number += 1;
        let headers = self.parse(
            self.parse_headers,
            line,
            0,
            &self.headers_delimiter,
            "headers delimiter",
        )?;
        let header_offset = headers
            .as_ref()
            .map_or(0, |h| h.len() + self.headers_delimiter.len());
        let key = self.parse(
            self.parse_key,
            line,
            header_offset,
            &self.key_separator,
            "key separator",
        )?;
        let key_offset = key
            .as_ref()
            .map_or(0, |k| k.len() + self.key_separator.len());
        let value = &line[header_offset + key_offset..];
        let not_null = |field: &str| -> Option<Vec<u8>> {
            (self.null_marker.as_deref() != Some(field)).then(|| field.as_bytes().to_vec())
        };
        let parsed_headers = match headers {
            Some(h) if self.null_marker.as_deref() != Some(h.as_str()) => self.split_headers(&h)?,
            _ => Vec::new(),
        };
        Ok(LineRecord {
            key: key.as_deref().and_then(not_null),
            value: not_null(value),
            headers: parsed_headers,
        })
    }

    fn parse(
        &self,
        enabled: bool,
        line: &str,
        start: usize,
        demarcation: &str,
        demarcation_name: &str,
    ) -> Result<Option<String>, String> {
        if !enabled {
            return Ok(None);
        }
        match line[start..].find(demarcation) {
            Some(index) => Ok(Some(line[start..start + index].to_owned())),
            None if self.ignore_error => Ok(None),
            None => Err(format!(
                "No {demarcation_name} found on line number {}: '{line}'",
                self.line_number
            )),
        }
    }

    fn split_headers(&self, headers: &str) -> Result<Vec<Header>, String> {
        headers
            .split(self.headers_separator.as_str())
            .map(|pair| match pair.find(self.headers_key_separator.as_str()) {
                None if self.ignore_error => Ok(Header {
                    key: pair.to_owned(),
                    value: None,
                }),
                None => Err(format!(
                    "No header key separator found in pair '{pair}' on line number {}",
                    self.line_number
                )),
                Some(i) => {
                    let key = &pair[..i];
                    if self.null_marker.as_deref() == Some(key) {
                        return Err(format!(
                            "Header keys should not be equal to the null marker '{key}' as they can't be null"
                        ));
                    }
                    let value = &pair[i + self.headers_key_separator.len()..];
                    Ok(Header {
                        key: key.to_owned(),
                        value: (self.null_marker.as_deref() != Some(value))
                            .then(|| value.as_bytes().to_vec()),
                    })
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn plain_lines_are_values_with_null_keys() {
        let mut r = LineReader::configure(&[]).unwrap();
        let rec = r.read("hello:world").unwrap();
        assert_eq!(rec.key, None);
        assert_eq!(rec.value.as_deref(), Some(&b"hello:world"[..]));
    }

    #[test]
    fn keys_split_at_the_first_separator() {
        let mut r = LineReader::configure(&props(&[("parse.key", "true"), ("key.separator", ":")]))
            .unwrap();
        let rec = r.read("user-1:a:b").unwrap();
        assert_eq!(rec.key.as_deref(), Some(&b"user-1"[..]));
        assert_eq!(rec.value.as_deref(), Some(&b"a:b"[..]));
        let korean = r.read("키:값").unwrap();
        assert_eq!(korean.key.as_deref(), Some("키".as_bytes()));
        assert_eq!(
            r.read("no separator").unwrap_err(),
            "No key separator found on line number 3: 'no separator'"
        );
    }

    #[test]
    fn headers_null_marker_and_ignore_error() {
        let mut r = LineReader::configure(&props(&[
            ("parse.key", "true"),
            ("parse.headers", "true"),
            ("null.marker", "NULL"),
        ]))
        .unwrap();
        let rec = r.read("h1:v1,h2:NULL\tNULL\tvalue").unwrap();
        assert_eq!(rec.key, None);
        assert_eq!(rec.value.as_deref(), Some(&b"value"[..]));
        assert_eq!(
            rec.headers,
            vec![
                Header {
                    key: "h1".into(),
                    value: Some(b"v1".to_vec())
                },
                Header {
                    key: "h2".into(),
                    value: None
                },
            ]
        );
        let mut lenient =
            LineReader::configure(&props(&[("parse.key", "true"), ("ignore.error", "true")]))
                .unwrap();
        let rec = lenient.read("whole line").unwrap();
        assert_eq!(
            (rec.key, rec.value.as_deref()),
            (None, Some(&b"whole line"[..]))
        );
    }

    #[test]
    fn conflicting_separators_are_refused() {
        assert_eq!(
            LineReader::configure(&props(&[("null.marker", "\t"), ("key.separator", "\t")]))
                .unwrap_err(),
            "null.marker and key.separator may not be equal"
        );
        assert!(LineReader::configure(&props(&[("headers.separator", ":")])).is_err());
    }
}
