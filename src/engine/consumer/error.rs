//! [`ConsumerError`]: a failure as the Java consumer reports it: the exception's class, the
//! protocol error behind it, and Kafka's message (`KafkaConsumer`, `ConsumerCoordinator`,
//! `SubscriptionState`, `Fetcher`).

use std::collections::BTreeSet;
use std::fmt;

use crate::engine::error_code::ErrorCode;
use crate::engine::producer::error::exception_name;
use crate::engine::topic_partition::TopicPartition;

/// A consumer failure: what a thrown exception or a commit callback's exception would say.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ConsumerError {
    /// The Java exception's simple class name, e.g. `CommitFailedException`.
    pub exception: String,
    /// The protocol error behind it, when a broker answered with one.
    pub code: Option<ErrorCode>,
    pub message: String,
}

impl ConsumerError {
    pub fn new(exception: &str, message: impl Into<String>) -> ConsumerError {
        ConsumerError {
            exception: exception.to_owned(),
            code: None,
            message: message.into(),
        }
    }

    /// The exception for a broker's error code (`Errors.exception()`), with Kafka's default
    /// message.
    pub fn from_code(code: ErrorCode) -> ConsumerError {
        ConsumerError {
            exception: exception_name(code),
            code: Some(code),
            message: code.doc().to_owned(),
        }
    }

    /// `IllegalStateException`.
    pub fn illegal_state(message: impl Into<String>) -> ConsumerError {
        ConsumerError::new("IllegalStateException", message)
    }

    /// `KafkaConsumer.throwIfGroupIdNotDefined`.
    pub fn invalid_group_id() -> ConsumerError {
        ConsumerError::new(
            "InvalidGroupIdException",
            "To use the group management or offset commit APIs, you must provide a valid group.id in the consumer configuration.",
        )
    }

    /// `NoOffsetForPartitionException(Collection)`, thrown by
    /// `SubscriptionState.resetInitializingPositions` under `auto.offset.reset=none`.
    pub fn no_offset_for_partitions(partitions: &BTreeSet<TopicPartition>) -> ConsumerError {
        let list = partitions
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        ConsumerError::new(
            "NoOffsetForPartitionException",
            format!("Undefined offset with no reset policy for partitions: [{list}]"),
        )
    }

    /// `CommitFailedException()`: the member was kicked out while it processed records.
    pub fn commit_failed() -> ConsumerError {
        ConsumerError::new(
            "CommitFailedException",
            "Commit cannot be completed since the group has already rebalanced and assigned the partitions to another member. This means that the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time message processing. You can address this either by increasing max.poll.interval.ms or by reducing the maximum size of batches returned in poll() with max.poll.records.",
        )
    }

    /// `ConsumerCoordinator.sendOffsetCommitRequest` when the member has no stable generation.
    pub fn commit_failed_not_in_group() -> ConsumerError {
        ConsumerError::new(
            "CommitFailedException",
            "Offset commit cannot be completed since the consumer is not part of an active group for auto partition assignment; it is likely that the consumer was kicked out of the group.",
        )
    }

    /// `RebalanceInProgressException` from `sendOffsetCommitRequest` during a rebalance.
    pub fn commit_during_rebalance() -> ConsumerError {
        ConsumerError::new(
            "RebalanceInProgressException",
            "Offset commit cannot be completed since the consumer is undergoing a rebalance for auto partition assignment. You can try completing the rebalance by calling poll() and then retry the operation.",
        )
    }

    /// `RetriableCommitFailedException` given to an async commit's callback.
    pub fn retriable_commit_failed(code: ErrorCode) -> ConsumerError {
        ConsumerError {
            exception: "RetriableCommitFailedException".to_owned(),
            code: Some(code),
            message: "Offset commit failed with a retriable exception. You should retry committing the latest consumed offsets.".to_owned(),
        }
    }

    /// `KafkaConsumer.acquireAndEnsureOpen`.
    pub fn closed() -> ConsumerError {
        ConsumerError::illegal_state("This consumer has already been closed.")
    }

    pub fn is(&self, code: ErrorCode) -> bool {
        self.code == Some(code)
    }
}

impl fmt::Display for ConsumerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.exception, self.message)
    }
}

impl std::error::Error for ConsumerError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_offset_lists_partitions_as_a_java_set() {
        let set: BTreeSet<TopicPartition> =
            [TopicPartition::new("t", 1), TopicPartition::new("t", 0)].into();
        assert_eq!(
            ConsumerError::no_offset_for_partitions(&set).to_string(),
            "NoOffsetForPartitionException: Undefined offset with no reset policy for partitions: [t-0, t-1]"
        );
    }
}
