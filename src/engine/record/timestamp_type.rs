//! Which clock a batch's timestamps come from (`org.apache.kafka.common.record.TimestampType`).

/// `message.timestamp.type`: the producer's clock (`CreateTime`) or the broker's at append
/// (`LogAppendTime`). Stored in bit 3 of a v2 batch's attributes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
pub enum TimestampType {
    #[default]
    CreateTime,
    LogAppendTime,
}

impl TimestampType {
    /// Kafka's config value and display name (`TimestampType.name`).
    pub const fn name(self) -> &'static str {
        match self {
            TimestampType::CreateTime => "CreateTime",
            TimestampType::LogAppendTime => "LogAppendTime",
        }
    }
}
