//! Topics: names, per-topic configuration and the cluster's topic metadata.
//!
//! Mirrors Kafka's `org.apache.kafka.common.internals.Topic` (names), `LogConfig` /
//! `TopicConfig` / `ServerLogConfigs` / `ConfigDef` (per-topic configuration and the broker
//! settings it inherits) and the KRaft controller's `ReplicationControlManager`,
//! `ConfigurationControlManager` and `StripedReplicaPlacer` (topic metadata).
//!
//! * names: [`name`]; ids: [`topic_id`];
//! * configs: [`config_value`] (parsing, validators), [`config_def`] (the tables),
//!   [`broker_config`], [`overrides`], [`config`] ([`LogConfig`], [`effective`]), [`describe`];
//! * metadata: [`registry`] with [`assignment`], [`placement`] ([`java_random`]),
//!   [`topic_error`], [`topic_event`].

pub mod assignment;
pub mod broker_config;
pub mod config;
pub mod config_def;
pub mod config_value;
pub mod describe;
pub mod java_random;
pub mod name;
pub mod overrides;
pub mod placement;
pub mod registry;
pub mod topic_error;
pub mod topic_event;
pub mod topic_id;

pub use broker_config::BrokerConfig;
pub use config::{effective, CleanupPolicy, LogConfig, TopicCompression};
pub use config_value::ConfigError;
pub use describe::{ConfigEntry, ConfigSource, ConfigSynonym};
pub use name::TopicNameError;
pub use overrides::{AlterConfigOp, TopicConfigOverrides};
pub use placement::{StripedReplicaPlacer, UsableBroker};
pub use registry::{
    ConfigChange, CreateTopicRequest, NewPartition, RegistryLimits, ReplicaAssignment, TopicError,
    TopicEvent, TopicListing, TopicMetadata, TopicRegistry,
};
pub use topic_id::TopicId;
