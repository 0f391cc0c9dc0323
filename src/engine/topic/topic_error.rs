//! Why a topic operation was refused, with Kafka's error code and message.
//!
//! The texts are those of the KRaft controller (`ReplicationControlManager`: `createTopics`,
//! `createTopic`, `validateNewTopicNames`, `validateManualPartitionAssignment`,
//! `createPartitions`, `validateTotalNumberOfPartitions`), of `QuorumController` (alter configs
//! on a missing topic), `ConfigAdminManager` (duplicate config keys) and `ControllerApis`
//! (`delete.topic.enable=false`); codes are from `Errors.java`.

use super::config_value::ConfigError;
use super::name::TopicNameError;
use super::placement::PlacementError;
use crate::engine::error_code::ErrorCode;

/// A topic refused or not found, with Kafka's error code and message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TopicError {
    /// `Topic.validate` refused the name.
    #[error(transparent)]
    InvalidName(#[from] TopicNameError),
    /// `validateNewTopicNames`: the name equals an existing topic's once `.` and `_` are unified.
    #[error("Topic '{topic}' collides with existing topic: {existing}")]
    Collision { topic: String, existing: String },
    /// `createTopics`: "Identify topics that already exist".
    #[error("Topic '{0}' already exists.")]
    AlreadyExists(String),
    /// A topic config refused (`INVALID_CONFIG`).
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// `INVALID_REQUEST` with Kafka's message (manual assignment mixed with counts, duplicate config keys).
    #[error("{0}")]
    InvalidRequest(String),
    /// `INVALID_REPLICA_ASSIGNMENT` with Kafka's message.
    #[error("{0}")]
    InvalidReplicaAssignment(String),
    /// `createTopic`: replication factor 0 or below -1.
    #[error("Replication factor must be larger than 0, or -1 to use the default value.")]
    NonPositiveReplicationFactor,
    /// `createTopic`: partition count 0 or below -1.
    #[error("Number of partitions was set to an invalid non-positive value.")]
    NonPositivePartitions,
    /// `createTopic`: the placer refused, wrapped as Kafka wraps it.
    #[error("Unable to replicate the partition {replication_factor} time(s): {source}")]
    CannotReplicate {
        replication_factor: i16,
        source: PlacementError,
    },
    /// `createPartitions`: the placer refused (Kafka does not wrap the message there).
    #[error(transparent)]
    Placement(PlacementError),
    /// `createPartitions`: the requested count equals the current one.
    #[error("Topic already has {0} partition(s).")]
    PartitionCountUnchanged(usize),
    /// `createPartitions`: the requested count is lower than the current one.
    #[error("The topic {topic} currently has {current} partition(s); {requested} would not be an increase.")]
    PartitionCountDecrease {
        topic: String,
        current: usize,
        requested: i32,
    },
    /// No such topic (`UNKNOWN_TOPIC_OR_PARTITION` with Kafka's default message).
    #[error("This server does not host this topic-partition.")]
    UnknownTopic(String),
    /// IncrementalAlterConfigs on a missing topic (`QuorumController`'s existence check).
    #[error("The topic '{0}' does not exist.")]
    ConfigsOfUnknownTopic(String),
    /// DeleteTopics while `delete.topic.enable=false` (`TOPIC_DELETION_DISABLED`, default message).
    #[error("Topic deletion is disabled.")]
    DeletionDisabled,
    /// `validateTotalNumberOfPartitions` (`PolicyViolationException`).
    #[error("Excessively large number of partitions per request.")]
    TooManyPartitionsPerRequest,
    /// A kplay limit (not a Kafka one), refused as a policy violation.
    #[error("kplay limit: {0} (a playground limit, not a Kafka one)")]
    KplayLimit(String),
}

impl TopicError {
    /// The Kafka error code sent for this refusal.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            TopicError::InvalidName(e) => e.error_code(),
            TopicError::Collision { .. } => ErrorCode::InvalidTopicException,
            TopicError::AlreadyExists(_) => ErrorCode::TopicAlreadyExists,
            TopicError::Config(e) => e.error_code(),
            TopicError::InvalidRequest(_) => ErrorCode::InvalidRequest,
            TopicError::InvalidReplicaAssignment(_) => ErrorCode::InvalidReplicaAssignment,
            TopicError::NonPositiveReplicationFactor
            | TopicError::CannotReplicate { .. }
            | TopicError::Placement(_) => ErrorCode::InvalidReplicationFactor,
            TopicError::NonPositivePartitions
            | TopicError::PartitionCountUnchanged(_)
            | TopicError::PartitionCountDecrease { .. } => ErrorCode::InvalidPartitions,
            TopicError::UnknownTopic(_) | TopicError::ConfigsOfUnknownTopic(_) => {
                ErrorCode::UnknownTopicOrPartition
            }
            TopicError::DeletionDisabled => ErrorCode::TopicDeletionDisabled,
            TopicError::TooManyPartitionsPerRequest | TopicError::KplayLimit(_) => {
                ErrorCode::PolicyViolation
            }
        }
    }
}
