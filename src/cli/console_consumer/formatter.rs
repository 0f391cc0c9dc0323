//! `DefaultMessageFormatter`: how kafka-console-consumer prints a record (Kafka 4.0,
//! `org.apache.kafka.tools.consumer.DefaultMessageFormatter`), without custom deserializers.
//!
//! Properties (`--property`, `--formatter-config`): `print.timestamp`, `print.key`,
//! `print.offset`, `print.partition`, `print.headers` (false), `print.value` (true),
//! `key.separator` (`\t`), `line.separator` (`\n`), `headers.separator` (`,`),
//! `null.literal` (`null`). Fields come in Kafka's order: timestamp, partition, offset, headers,
//! key, value, each followed by the key separator when another follows. Bytes are printed as
//! UTF-8 text (the `ByteArrayDeserializer` output written raw to the terminal).

/// A record as the formatter sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormattedRecord<'a> {
    /// `CreateTime`, `LogAppendTime`, or `None` for `NO_TIMESTAMP_TYPE`.
    pub timestamp_type: Option<&'static str>,
    pub timestamp_ms: i64,
    pub partition: i32,
    pub offset: i64,
    pub key: Option<&'a [u8]>,
    pub value: Option<&'a [u8]>,
    pub headers: &'a [(String, Option<Vec<u8>>)],
}

/// The formatter's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageFormatter {
    print_timestamp: bool,
    print_key: bool,
    print_value: bool,
    print_partition: bool,
    print_offset: bool,
    print_headers: bool,
    key_separator: String,
    line_separator: String,
    headers_separator: String,
    null_literal: String,
}

fn is_true(v: &str) -> bool {
    v.trim().eq_ignore_ascii_case("true")
}

impl MessageFormatter {
    /// `DefaultMessageFormatter.configure` over a `Properties` map (one value per key).
    pub fn configure(props: &[(String, String)]) -> MessageFormatter {
        let get = |name: &str| crate::cli::java_properties::get(props, name);
        MessageFormatter {
            print_timestamp: get("print.timestamp").is_some_and(is_true),
            print_key: get("print.key").is_some_and(is_true),
            print_value: get("print.value").is_none_or(is_true),
            print_partition: get("print.partition").is_some_and(is_true),
            print_offset: get("print.offset").is_some_and(is_true),
            print_headers: get("print.headers").is_some_and(is_true),
            key_separator: get("key.separator").unwrap_or("\t").to_owned(),
            line_separator: get("line.separator").unwrap_or("\n").to_owned(),
            headers_separator: get("headers.separator").unwrap_or(",").to_owned(),
            null_literal: get("null.literal").unwrap_or("null").to_owned(),
        }
    }

    fn bytes(&self, b: Option<&[u8]>) -> String {
        match b {
            Some(b) => String::from_utf8_lossy(b).into_owned(),
            None => self.null_literal.clone(),
        }
    }

    /// `writeTo`: the text written for one record, line separator included.
    pub fn format(&self, r: &FormattedRecord<'_>) -> String {
        let mut out = String::new();
        let sep = |out: &mut String, column: bool| {
            out.push_str(if column {
                &self.key_separator
            } else {
                &self.line_separator
            });
        };
        if self.print_timestamp {
            match r.timestamp_type {
                Some(t) => out.push_str(&format!("{t}:{}", r.timestamp_ms)),
                None => out.push_str("NO_TIMESTAMP"),
            }
            sep(
                &mut out,
                self.print_partition
                    || self.print_offset
                    || self.print_headers
                    || self.print_key
                    || self.print_value,
            );
        }
        if self.print_partition {
            out.push_str(&format!("Partition:{}", r.partition));
            sep(
                &mut out,
                self.print_offset || self.print_headers || self.print_key || self.print_value,
            );
        }
        if self.print_offset {
            out.push_str(&format!("Offset:{}", r.offset));
            sep(
                &mut out,
                self.print_headers || self.print_key || self.print_value,
            );
        }
        if self.print_headers {
            if r.headers.is_empty() {
                out.push_str("NO_HEADERS");
            } else {
                let parts: Vec<String> = r
                    .headers
                    .iter()
                    .map(|(k, v)| format!("{k}:{}", self.bytes(v.as_deref())))
                    .collect();
                out.push_str(&parts.join(&self.headers_separator));
            }
            sep(&mut out, self.print_key || self.print_value);
        }
        if self.print_key {
            out.push_str(&self.bytes(r.key));
            sep(&mut out, self.print_value);
        }
        if self.print_value {
            out.push_str(&self.bytes(r.value));
            out.push_str(&self.line_separator);
        }
        out
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

    fn record<'a>(headers: &'a [(String, Option<Vec<u8>>)]) -> FormattedRecord<'a> {
        FormattedRecord {
            timestamp_type: Some("CreateTime"),
            timestamp_ms: 1_700_000_000_000,
            partition: 2,
            offset: 7,
            key: Some(b"k"),
            value: None,
            headers,
        }
    }

    #[test]
    fn value_only_by_default() {
        let f = MessageFormatter::configure(&[]);
        assert_eq!(f.format(&record(&[])), "null\n");
    }

    #[test]
    fn every_field_in_kafkas_order() {
        let f = MessageFormatter::configure(&props(&[
            ("print.timestamp", "true"),
            ("print.partition", "true"),
            ("print.offset", "true"),
            ("print.headers", "true"),
            ("print.key", "true"),
            ("key.separator", " | "),
            ("null.literal", "<none>"),
        ]));
        let headers = vec![
            ("h".to_owned(), Some(b"1".to_vec())),
            ("n".to_owned(), None),
        ];
        assert_eq!(
            f.format(&record(&headers)),
            "CreateTime:1700000000000 | Partition:2 | Offset:7 | h:1,n:<none> | k | <none>\n"
        );
        let no_value =
            MessageFormatter::configure(&props(&[("print.key", "true"), ("print.value", "false")]));
        assert_eq!(no_value.format(&record(&[])), "k\n");
    }
}
