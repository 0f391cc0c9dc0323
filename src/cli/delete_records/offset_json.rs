//! The offset JSON file of `kafka-delete-records`, read as
//! `DeleteRecordsCommand.parseOffsetJsonStringWithoutDedup` reads it with Kafka's `Json`,
//! `JsonValue` and `DecodeJson` helpers over Jackson:
//!
//! ```json
//! {"partitions": [{"topic": "foo", "partition": 1, "offset": 1}], "version": 1}
//! ```
//!
//! Each refusal is the exception Kafka throws, as its uncaught first line shows it: not JSON
//! (`AdminOperationException: The input string is not a valid JSON`), a wrong shape
//! (`JsonMappingException: Expected JSON object, received …`, `No such field exists: `topic``,
//! ``Expected `Integer` value, received "1"``), `Missing partitions field`, `Not supported
//! version field value 2`. Jackson's `readTree` reads the first JSON value and ignores what
//! follows it, and so does kplay; a value in a message is shown as `JsonNode.toString()` shows
//! it (kplay writes a decimal number as Rust does, e.g. `1.5`, `1e20` as `100000000000000000000.0`
//! where Java writes `1.0E20`).

use serde_json::Value;

/// `DeleteRecordsCommand.EARLIEST_VERSION`.
const EARLIEST_VERSION: i64 = 1;

/// One `{"topic", "partition", "offset"}` entry, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetEntry {
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
}

pub(crate) const ADMIN_OPERATION: &str = "org.apache.kafka.server.common.AdminOperationException";
pub(crate) const JSON_MAPPING: &str = "com.fasterxml.jackson.databind.JsonMappingException";

/// An exception: its class and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JavaException {
    pub class: &'static str,
    pub message: String,
}

impl std::fmt::Display for JavaException {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.class, self.message)
    }
}

pub(crate) fn admin(message: impl Into<String>) -> JavaException {
    JavaException {
        class: ADMIN_OPERATION,
        message: message.into(),
    }
}

pub(crate) fn mapping(message: String) -> JavaException {
    JavaException {
        class: JSON_MAPPING,
        message,
    }
}

/// `JsonNode.toString()`.
pub(crate) fn node(v: &Value) -> String {
    v.to_string()
}

/// `DecodeInteger`: an `IntNode` (an integer that fits an `int`).
pub(crate) fn to_int(v: &Value) -> Result<i32, JavaException> {
    v.as_i64()
        .filter(|_| !v.is_f64())
        .and_then(|n| i32::try_from(n).ok())
        .ok_or_else(|| mapping(format!("Expected `Integer` value, received {}", node(v))))
}

/// `DecodeLong`: an `IntNode` or `LongNode`.
pub(crate) fn to_long(v: &Value) -> Result<i64, JavaException> {
    v.as_i64()
        .filter(|_| !v.is_f64())
        .ok_or_else(|| mapping(format!("Expected `Long` value, received {}", node(v))))
}

/// `DecodeString`: a `TextNode`.
pub(crate) fn to_string(v: &Value) -> Result<String, JavaException> {
    v.as_str()
        .map(String::from)
        .ok_or_else(|| mapping(format!("Expected `String` value, received {}", node(v))))
}

pub(crate) fn as_object(v: &Value) -> Result<&serde_json::Map<String, Value>, JavaException> {
    v.as_object()
        .ok_or_else(|| mapping(format!("Expected JSON object, received {}", node(v))))
}

/// `JsonObject.apply(name)`.
pub(crate) fn field<'a>(
    obj: &'a serde_json::Map<String, Value>,
    name: &str,
) -> Result<&'a Value, JavaException> {
    obj.get(name)
        .ok_or_else(|| mapping(format!("No such field exists: `{name}`")))
}

/// `parseOffsetJsonStringWithoutDedup`: every entry, duplicates kept, in file order.
pub fn parse(json: &str) -> Result<Vec<OffsetEntry>, JavaException> {
    if json.trim().is_empty() {
        // `readTree` of no content gives a `MissingNode`, whose text is empty.
        return Err(mapping("Expected JSON object, received ".into()));
    }
    let js: Value = match serde_json::Deserializer::from_str(json)
        .into_iter::<Value>()
        .next()
    {
        Some(Ok(v)) => v,
        _ => return Err(admin("The input string is not a valid JSON")),
    };
    let obj = as_object(&js)?;
    let version = match obj.get("version") {
        Some(v) => i64::from(to_int(v)?),
        None => EARLIEST_VERSION,
    };
    if version != EARLIEST_VERSION {
        return Err(admin(format!(
            "Not supported version field value {version}"
        )));
    }
    let partitions = obj
        .get("partitions")
        .ok_or_else(|| admin("Missing partitions field"))?;
    let partitions = partitions.as_array().ok_or_else(|| {
        mapping(format!(
            "Expected JSON array, received {}",
            node(partitions)
        ))
    })?;
    partitions
        .iter()
        .map(|p| {
            let p = as_object(p)?;
            Ok(OffsetEntry {
                topic: to_string(field(p, "topic")?)?,
                partition: to_int(field(p, "partition")?)?,
                offset: to_long(field(p, "offset")?)?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(json: &str) -> String {
        parse(json).unwrap_err().to_string()
    }

    #[test]
    fn reads_kafkas_format() {
        let entries = parse(
            r#"{"partitions": [{"topic": "foo", "partition": 1, "offset": 1},
                {"topic": "foo", "partition": 0, "offset": -1}], "version": 1} trailing"#,
        )
        .unwrap();
        assert_eq!(
            entries,
            vec![
                OffsetEntry {
                    topic: "foo".into(),
                    partition: 1,
                    offset: 1
                },
                OffsetEntry {
                    topic: "foo".into(),
                    partition: 0,
                    offset: -1
                },
            ]
        );
        assert_eq!(parse(r#"{"partitions": []}"#).unwrap(), vec![]);
    }

    #[test]
    fn refusals_are_kafkas_exceptions() {
        assert_eq!(
            err("{nope"),
            "org.apache.kafka.server.common.AdminOperationException: The input string is not a valid JSON"
        );
        assert_eq!(
            err("[1]"),
            "com.fasterxml.jackson.databind.JsonMappingException: Expected JSON object, received [1]"
        );
        assert_eq!(
            err(r#"{"version": 2, "partitions": []}"#),
            "org.apache.kafka.server.common.AdminOperationException: Not supported version field value 2"
        );
        assert_eq!(
            err(r#"{"version": "1"}"#),
            "com.fasterxml.jackson.databind.JsonMappingException: Expected `Integer` value, received \"1\""
        );
        assert_eq!(
            err("{}"),
            "org.apache.kafka.server.common.AdminOperationException: Missing partitions field"
        );
        assert_eq!(
            err(r#"{"partitions": [{"partition": 0, "offset": 1}]}"#),
            "com.fasterxml.jackson.databind.JsonMappingException: No such field exists: `topic`"
        );
        assert_eq!(
            err(r#"{"partitions": [{"topic": "t", "partition": 1.5, "offset": 1}]}"#),
            "com.fasterxml.jackson.databind.JsonMappingException: Expected `Integer` value, received 1.5"
        );
        assert_eq!(
            err(r#"{"partitions": [{"topic": "t", "partition": 3000000000, "offset": 1}]}"#),
            "com.fasterxml.jackson.databind.JsonMappingException: Expected `Integer` value, received 3000000000"
        );
        assert_eq!(
            err(r#"{"partitions": {}}"#),
            "com.fasterxml.jackson.databind.JsonMappingException: Expected JSON array, received {}"
        );
        assert_eq!(
            err("  "),
            "com.fasterxml.jackson.databind.JsonMappingException: Expected JSON object, received "
        );
    }
}
