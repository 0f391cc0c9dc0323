//! [`ApiError`]: what a request to the engine answers when it is refused.

use std::fmt;

use crate::engine::error_code::ErrorCode;
use crate::engine::log::LogError;
use crate::engine::topic::registry::TopicError;

/// A refusal as a Kafka client would receive it: the protocol error code and the broker's
/// message. The message is the layer's own (`TopicError`, `LogError`), which follows Kafka's
/// wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

impl From<TopicError> for ApiError {
    fn from(e: TopicError) -> Self {
        ApiError::new(e.error_code(), e.to_string())
    }
}

impl From<LogError> for ApiError {
    fn from(e: LogError) -> Self {
        ApiError::new(e.error_code(), e.to_string())
    }
}
