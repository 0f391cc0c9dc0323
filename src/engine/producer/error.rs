//! [`ProducerError`]: a failure as the Java producer reports it: the exception class, the
//! protocol error code when a broker sent one, and the message.
//!
//! Broker errors become exceptions through `Errors.exception()`; the class names below are
//! those of `org.apache.kafka.common.protocol.Errors`, where they differ from the code's name.
//! Client-side failures carry the producer's own exceptions and wording (`BufferPool`,
//! `KafkaProducer`, `Sender`, `TransactionManager`).

use std::fmt;

use crate::engine::error_code::ErrorCode;

/// A producer failure: what a callback's exception or a thrown exception would say.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProducerError {
    /// The Java exception's simple class name, e.g. `TimeoutException`.
    pub exception: String,
    /// The protocol error behind it, when a broker answered with one.
    pub code: Option<ErrorCode>,
    pub message: String,
}

/// `Errors` entries whose exception class is not the camel-cased code name.
const EXCEPTION_NAMES: &[(ErrorCode, &str)] = &[
    (ErrorCode::UnknownServerError, "UnknownServerException"),
    (ErrorCode::CorruptMessage, "CorruptRecordException"),
    (ErrorCode::RequestTimedOut, "TimeoutException"),
    (ErrorCode::MessageTooLarge, "RecordTooLargeException"),
    (ErrorCode::InvalidTopicException, "InvalidTopicException"),
    (
        ErrorCode::RecordListTooLarge,
        "RecordBatchTooLargeException",
    ),
    (
        ErrorCode::OutOfOrderSequenceNumber,
        "OutOfOrderSequenceException",
    ),
    (
        ErrorCode::DuplicateSequenceNumber,
        "DuplicateSequenceException",
    ),
    (
        ErrorCode::InvalidProducerIdMapping,
        "InvalidPidMappingException",
    ),
    (ErrorCode::KafkaStorageError, "KafkaStorageException"),
    (
        ErrorCode::TopicAuthorizationFailed,
        "TopicAuthorizationException",
    ),
    (
        ErrorCode::ClusterAuthorizationFailed,
        "ClusterAuthorizationException",
    ),
    (
        ErrorCode::TransactionalIdAuthorizationFailed,
        "TransactionalIdAuthorizationException",
    ),
    (
        ErrorCode::InvalidTransactionTimeout,
        "InvalidTxnTimeoutException",
    ),
];

/// The exception class `Errors.exception()` builds for `code`.
pub fn exception_name(code: ErrorCode) -> String {
    if let Some((_, name)) = EXCEPTION_NAMES.iter().find(|(c, _)| *c == code) {
        return (*name).to_owned();
    }
    let mut out = String::new();
    for word in code.name().split('_') {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first);
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    if !out.ends_with("Exception") {
        out.push_str("Exception");
    }
    out
}

impl ProducerError {
    /// A client-side exception.
    pub fn new(exception: &str, message: impl Into<String>) -> ProducerError {
        ProducerError {
            exception: exception.to_owned(),
            code: None,
            message: message.into(),
        }
    }

    /// The exception for a broker's error code, with the broker's message or Kafka's default.
    pub fn from_code(code: ErrorCode, message: Option<&str>) -> ProducerError {
        ProducerError {
            exception: exception_name(code),
            code: Some(code),
            message: message.unwrap_or(code.doc()).to_owned(),
        }
    }

    /// `ProducerFencedException`, as `TransactionManager` raises it for `PRODUCER_FENCED`
    /// and `INVALID_PRODUCER_EPOCH` from a transaction coordinator.
    pub fn producer_fenced() -> ProducerError {
        ProducerError::from_code(ErrorCode::ProducerFenced, None)
    }

    pub fn is(&self, code: ErrorCode) -> bool {
        self.code == Some(code)
    }
}

impl fmt::Display for ProducerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.exception, self.message)
    }
}

impl std::error::Error for ProducerError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exception_names_follow_errors_java() {
        assert_eq!(
            exception_name(ErrorCode::NotEnoughReplicas),
            "NotEnoughReplicasException"
        );
        assert_eq!(
            exception_name(ErrorCode::ProducerFenced),
            "ProducerFencedException"
        );
        assert_eq!(
            exception_name(ErrorCode::RequestTimedOut),
            "TimeoutException"
        );
        assert_eq!(
            exception_name(ErrorCode::NetworkException),
            "NetworkException"
        );
        assert_eq!(
            exception_name(ErrorCode::OutOfOrderSequenceNumber),
            "OutOfOrderSequenceException"
        );
    }
}
