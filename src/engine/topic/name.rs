//! Topic names: what Kafka accepts, which names are internal, and the `.`/`_` collision.
//!
//! Mirrors `org.apache.kafka.common.internals.Topic` (clients module): a name is refused when
//! empty, `.` or `..`, longer than 249 characters, or containing anything but ASCII letters,
//! digits, `.`, `_` and `-` (checked in that order, with Kafka's messages). Because metric names
//! turn `.` into `_`, `my.topic` and `my_topic` would collide: `kafka-topics` prints a warning
//! for any name with `.` or `_` (`TopicCommand`), and the controller refuses to create a topic
//! whose unified name matches an existing topic (`ReplicationControlManager.validateNewTopicNames`).

use crate::engine::error_code::ErrorCode;

/// `Topic.GROUP_METADATA_TOPIC_NAME`: where consumer groups commit offsets.
pub const GROUP_METADATA_TOPIC_NAME: &str = "__consumer_offsets";
/// `Topic.TRANSACTION_STATE_TOPIC_NAME`: the transaction coordinator's log.
pub const TRANSACTION_STATE_TOPIC_NAME: &str = "__transaction_state";
/// `Topic.CLUSTER_METADATA_TOPIC_NAME`: KRaft's metadata log (not an internal topic in Kafka's sense).
pub const CLUSTER_METADATA_TOPIC_NAME: &str = "__cluster_metadata";
/// `Topic.LEGAL_CHARS`.
pub const LEGAL_CHARS: &str = "[a-zA-Z0-9._-]";
/// `Topic.MAX_NAME_LENGTH` (Java `String.length()`, i.e. UTF-16 units).
pub const MAX_NAME_LENGTH: usize = 249;
/// What `kafka-topics --create` prints for a name containing `.` or `_` (`TopicCommand.createTopic`).
pub const COLLISION_WARNING: &str = "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.";

/// A topic name Kafka refuses (`InvalidTopicException`, `INVALID_TOPIC_EXCEPTION`), with
/// `Topic.validate`'s message: `Topic name is invalid: <reason>`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TopicNameError {
    #[error("Topic name is invalid: the empty string is not allowed")]
    Empty,
    #[error("Topic name is invalid: '.' is not allowed")]
    Dot,
    #[error("Topic name is invalid: '..' is not allowed")]
    DotDot,
    #[error(
        "Topic name is invalid: the length of '{0}' is longer than the max allowed length 249"
    )]
    TooLong(String),
    #[error("Topic name is invalid: '{0}' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'")]
    IllegalChars(String),
}

impl TopicNameError {
    /// Kafka answers an invalid name with `INVALID_TOPIC_EXCEPTION` (17).
    pub const fn error_code(&self) -> ErrorCode {
        ErrorCode::InvalidTopicException
    }
}

/// `Topic.validate(name)`.
pub fn validate(name: &str) -> Result<(), TopicNameError> {
    if name.is_empty() {
        return Err(TopicNameError::Empty);
    }
    if name == "." {
        return Err(TopicNameError::Dot);
    }
    if name == ".." {
        return Err(TopicNameError::DotDot);
    }
    if name.encode_utf16().count() > MAX_NAME_LENGTH {
        return Err(TopicNameError::TooLong(name.to_owned()));
    }
    if !name.chars().all(is_legal_char) {
        return Err(TopicNameError::IllegalChars(name.to_owned()));
    }
    Ok(())
}

/// `Topic.isValid(name)`.
pub fn is_valid(name: &str) -> bool {
    validate(name).is_ok()
}

/// `Topic.containsValidPattern`'s per-char test.
pub fn is_legal_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
}

/// `Topic.isInternal`: `__consumer_offsets` and `__transaction_state`.
pub fn is_internal(name: &str) -> bool {
    name == GROUP_METADATA_TOPIC_NAME || name == TRANSACTION_STATE_TOPIC_NAME
}

/// `Topic.hasCollisionChars`: the name contains `.` or `_`.
pub fn has_collision_chars(name: &str) -> bool {
    name.contains(['.', '_'])
}

/// `Topic.unifyCollisionChars`: `.` replaced by `_` (used only to detect collisions).
pub fn unify_collision_chars(name: &str) -> String {
    name.replace('.', "_")
}

/// `Topic.hasCollision`: the two names are equal once `.` and `_` are unified.
pub fn has_collision(a: &str, b: &str) -> bool {
    unify_collision_chars(a) == unify_collision_chars(b)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn messages_match_topic_java() {
        assert_eq!(
            validate("").unwrap_err().to_string(),
            "Topic name is invalid: the empty string is not allowed"
        );
        assert_eq!(
            validate(".").unwrap_err().to_string(),
            "Topic name is invalid: '.' is not allowed"
        );
        assert_eq!(
            validate("..").unwrap_err().to_string(),
            "Topic name is invalid: '..' is not allowed"
        );
        assert_eq!(
            validate("my topic").unwrap_err().to_string(),
            "Topic name is invalid: 'my topic' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"
        );
        let long = "a".repeat(250);
        assert_eq!(
            validate(&long).unwrap_err().to_string(),
            format!("Topic name is invalid: the length of '{long}' is longer than the max allowed length 249")
        );
        assert_eq!(validate("x"), Ok(()));
        assert_eq!(
            TopicNameError::Empty.error_code(),
            ErrorCode::InvalidTopicException
        );
    }

    #[test]
    fn boundaries() {
        assert!(is_valid(&"a".repeat(249)));
        assert!(!is_valid(&"a".repeat(250)));
        assert!(is_valid("..."));
        assert!(is_valid("-"));
        assert!(is_valid("__consumer_offsets"));
        // Length is counted in UTF-16 units, before the char check, as Java does.
        assert!(matches!(
            validate(&"é".repeat(250)),
            Err(TopicNameError::TooLong(_))
        ));
        assert!(matches!(
            validate(&"é".repeat(10)),
            Err(TopicNameError::IllegalChars(_))
        ));
    }

    #[test]
    fn internal_topics() {
        assert!(is_internal("__consumer_offsets"));
        assert!(is_internal("__transaction_state"));
        assert!(!is_internal("__cluster_metadata"));
        assert!(!is_internal("__other"));
    }

    #[test]
    fn collisions() {
        assert!(has_collision_chars("a.b"));
        assert!(has_collision_chars("a_b"));
        assert!(!has_collision_chars("a-b"));
        assert_eq!(unify_collision_chars("a.b_c"), "a_b_c");
        assert!(has_collision("a.b", "a_b"));
        assert!(has_collision("topic.1_2", "topic_1.2"));
        assert!(!has_collision("a.b", "a-b"));
    }

    proptest! {
        #[test]
        fn legal_names_up_to_249_are_valid(name in "[a-zA-Z0-9._-]{1,249}") {
            prop_assume!(name != "." && name != "..");
            prop_assert!(is_valid(&name));
        }

        #[test]
        fn any_illegal_char_is_refused(prefix in "[a-z]{0,10}", bad in "[^a-zA-Z0-9._-]", suffix in "[a-z]{0,10}") {
            let name = format!("{prefix}{bad}{suffix}");
            prop_assert!(!is_valid(&name));
        }

        #[test]
        fn validity_is_exactly_the_char_and_length_rule(name in "\\PC{0,260}") {
            let expected = !name.is_empty() && name != "." && name != ".."
                && name.encode_utf16().count() <= 249
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-');
            prop_assert_eq!(is_valid(&name), expected);
        }
    }
}
